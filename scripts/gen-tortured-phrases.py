#!/usr/bin/env python3
"""Regenerates data/tortured-phrases.tsv from the Problematic Paper Screener's list.

Source: the PPS tortured-phrase fingerprints by Guillaume Cabanac, Cyril Labbé and Alexander
Magazinov (https://dbrech.irit.fr/pls/apex/f?p=9999:5), licensed CC BY 4.0, as published in
torturedcheck's `tortured-phrases.json` (7,942 pairs) and, for the AND-forms and paper counts,
the PPS export in hahuyhoang411/tortured-phrase `data/tortured.csv`. Both are read from
../shared/real/tortured-phrases (see its PROVENANCE.md); the derived list is CC BY 4.0 too.

Each line of the output is `tortured<TAB>expected<TAB>partners`:
- `partners` (`|`-separated, often empty): PPS's own fingerprint for the phrase is an AND-form
  (`"surface region" AND "surface area"`): the phrase alone is ordinary English often enough
  that PPS counts a paper only when the other phrases are in it too. Spun.TorturedPhrase does
  the same: such a phrase is reported only in a document that also holds every partner.
- A tortured phrase whose words occur in a row inside some expected phrase of the list is left
  out (`neural organization` would otherwise fire on text that is right): the rule must never
  fire on the established terms themselves.
- Phrases are lower case and keep their inner punctuation (`data technology (it)`).
- ORDINARY lists entries that are established English terms in their own right, each found
  firing on real text (`copydesk eval --real`): left out, with the reason.

Usage: python3 scripts/gen-tortured-phrases.py [--real ../shared/real]
"""
import argparse
import csv
import json
import pathlib
import re

OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "tortured-phrases.tsv"
ORDINARY = {
    # "search engine → machine learning": PPS pairs them, but a search engine is a search
    # engine (it fired on OSCAR's English web text, where no paraphrasing tool had been).
    "search engine",
}
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(phrase):
    return tuple(w.lower() for w in WORD.findall(phrase))


def contains(outer, inner):
    n = len(inner)
    return any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", default="../shared/real", type=pathlib.Path)
    args = ap.parse_args()
    base = args.real / "tortured-phrases"
    pairs = json.loads((base / "pps_tortured_phrases.torturedcheck.json").read_text())["phrases"]
    partners = {}
    with open(base / "pps_tortured_phrases_with_paper_counts.csv", newline="") as f:
        for row in csv.DictReader(f):
            quoted = [q.strip().lower() for q in re.findall(r'"([^"]+)"', row["tortured_phrase"])]
            if " AND " not in row["tortured_phrase"] or not quoted:
                continue
            # The AND-form's other terms, quoted or not (`"x" AND business intelligence`).
            terms = [t.strip().strip('"').lower() for t in row["tortured_phrase"].split(" AND ")]
            partners[quoted[0]] = [t for t in terms[1:] if t]
    expected = {words(p["correct"]) for p in pairs}
    out, left_out, gated = [], 0, 0
    seen = set()
    for p in pairs:
        tortured = " ".join(p["tortured"].lower().split())
        correct = " ".join(p["correct"].split())
        key = words(tortured)
        if not key or key in seen or "\t" in tortured + correct:
            continue
        if tortured in ORDINARY:
            left_out += 1
            continue
        if any(contains(e, key) for e in expected if len(e) >= len(key)):
            left_out += 1
            continue
        seen.add(key)
        gate = partners.get(tortured, [])
        gated += bool(gate)
        out.append(f"{tortured}\t{correct}\t{'|'.join(gate)}")
    out.sort()
    header = (
        "# Tortured phrases, derived by scripts/gen-tortured-phrases.py from the Problematic\n"
        "# Paper Screener's list (Cabanac, Labbé, Magazinov; CC BY 4.0). tortured<TAB>expected"
        "<TAB>partners\n"
    )
    OUT.write_text(header + "\n".join(out) + "\n")
    print(f"{len(out)} phrases ({gated} gated by AND-forms), {left_out} left out "
          f"(inside an expected phrase, or ordinary English), of {len(pairs)}; wrote {OUT}")


if __name__ == "__main__":
    main()
