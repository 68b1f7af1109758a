#!/usr/bin/env python3
"""Regenerates data/foreign/<lang>.txt: words common in a language and rare in English.

Source: wordfreq 3.1.1 (PyPI; code Apache-2.0, data CC BY-SA 4.0, by Robyn Speer et al.).
A word is kept when its Zipf frequency is at least MIN_ZIPF in the language, it has 3 or more
letters and no digits, and English barely uses it: either its English Zipf frequency is below
RARE_ENGLISH_ZIPF, or it is below MAX_ENGLISH_ZIPF and at least MIN_GAP lower than in the
language (English web text quotes the most common foreign words, `sicher`, `mercredi`, `pero`,
often enough to reach Zipf 1.5-3, a thousand times less than their own language uses them;
English words such as `argent`, `verso` or `dado` have a smaller gap and stay out). Files list
words by descending frequency, one per line.

Usage: python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1 &&
       /tmp/wf/bin/python scripts/gen-foreign-words.py
"""
import pathlib
import re

import wordfreq

LANGS = ["de", "fr", "es", "it", "nl", "pt"]
MIN_ZIPF = 3.8
RARE_ENGLISH_ZIPF = 1.5
MAX_ENGLISH_ZIPF = 3.0
MIN_GAP = 3.0
WORD = re.compile(r"^[^\W\d_]{3,}$")


def foreign(word, lang):
    zipf = wordfreq.zipf_frequency(word, lang)
    english = wordfreq.zipf_frequency(word, "en")
    return zipf >= MIN_ZIPF and (
        english < RARE_ENGLISH_ZIPF
        or (english < MAX_ENGLISH_ZIPF and zipf - english >= MIN_GAP)
    )


out = pathlib.Path(__file__).resolve().parent.parent / "data" / "foreign"
out.mkdir(parents=True, exist_ok=True)
for lang in LANGS:
    kept = [
        w
        for w in wordfreq.top_n_list(lang, 40000, wordlist="large")
        if WORD.match(w) and foreign(w, lang)
    ]
    (out / f"{lang}.txt").write_text("".join(w + "\n" for w in kept), encoding="utf-8")
    print(lang, len(kept))
