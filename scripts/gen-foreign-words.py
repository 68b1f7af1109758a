#!/usr/bin/env python3
"""Regenerates data/foreign/<lang>.txt: words common in a language and rare in English.

Source: wordfreq 3.1.1 (PyPI; code Apache-2.0, data CC BY-SA 4.0, by Robyn Speer et al.).
A word is kept when its Zipf frequency is at least MIN_ZIPF in the language and below
MAX_ENGLISH_ZIPF in English, it has 3 or more letters and no digits. Files list words by
descending frequency, one per line.

Usage: python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1 &&
       /tmp/wf/bin/python scripts/gen-foreign-words.py
"""
import pathlib
import re

import wordfreq

LANGS = ["de", "fr", "es", "it", "nl", "pt"]
MIN_ZIPF = 3.8
MAX_ENGLISH_ZIPF = 1.5
WORD = re.compile(r"^[^\W\d_]{3,}$")

out = pathlib.Path(__file__).resolve().parent.parent / "data" / "foreign"
out.mkdir(parents=True, exist_ok=True)
for lang in LANGS:
    kept = [
        w
        for w in wordfreq.top_n_list(lang, 30000, wordlist="large")
        if WORD.match(w)
        and wordfreq.zipf_frequency(w, lang) >= MIN_ZIPF
        and wordfreq.zipf_frequency(w, "en") < MAX_ENGLISH_ZIPF
    ]
    (out / f"{lang}.txt").write_text("".join(w + "\n" for w in kept), encoding="utf-8")
    print(lang, len(kept))
