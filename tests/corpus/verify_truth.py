#!/usr/bin/env python3
"""Check the corpus: every file is UTF-8, every article has a truth file, every
artifact's `text` occurs on its stated line, ids are unique, kinds are known,
and every `clean` line exists and carries no annotated artifact.

Usage: python3 tests/corpus/verify_truth.py   (needs PyYAML)
"""
import collections
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ARTICLES = os.path.join(HERE, "articles")
KINDS = ["junk", "quotes", "typography", "translation", "foreign", "boilerplate", "spun", "mojibake"]


def main():
    errors = []
    per_kind = collections.Counter()
    rows = []
    for name in sorted(os.listdir(ARTICLES)):
        path = os.path.join(ARTICLES, name)
        if name.endswith(".truth.yaml"):
            stem = name[: -len(".truth.yaml")]
            if not any(os.path.exists(os.path.join(ARTICLES, stem + e)) for e in (".txt", ".md")):
                errors.append(f"{name}: no article for this truth file")
            continue
        try:
            text = open(path, "rb").read().decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append(f"{name}: not UTF-8 ({e})")
            continue
        truth_path = os.path.join(ARTICLES, name.rsplit(".", 1)[0] + ".truth.yaml")
        try:
            truth = yaml.safe_load(open(truth_path, "rb").read().decode("utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            errors.append(f"{name}: truth file unreadable ({e})")
            continue
        lines = text.split("\n")
        ids, art_lines, kinds = set(), set(), collections.Counter()
        for a in truth.get("artifacts") or []:
            where = f"{name} {a.get('id')}"
            if set(a) != {"id", "line", "text", "kind", "why"}:
                errors.append(f"{where}: keys {sorted(a)}")
            if a.get("id") in ids:
                errors.append(f"{where}: duplicate id")
            ids.add(a.get("id"))
            if a.get("kind") not in KINDS:
                errors.append(f"{where}: unknown kind {a.get('kind')!r}")
            ln = a.get("line")
            if not isinstance(ln, int) or not 1 <= ln <= len(lines) or a.get("text", "") not in lines[ln - 1]:
                errors.append(f"{where}: text {a.get('text')!r} not on line {ln}")
            art_lines.add(ln)
            kinds[a.get("kind")] += 1
        for c in truth.get("clean") or []:
            ln = c.get("line")
            if not isinstance(ln, int) or not 1 <= ln <= len(lines) or not lines[ln - 1].strip():
                errors.append(f"{name}: clean line {ln} missing or blank")
        per_kind.update(kinds)
        rows.append((name, len(text.encode("utf-8")), kinds))
    print(f"{'file':36s} {'bytes':>6s} " + " ".join(f"{k[:5]:>5s}" for k in KINDS))
    for name, size, kinds in rows:
        print(f"{name:36s} {size:6d} " + " ".join(f"{kinds[k] or '':>5}" for k in KINDS))
    print(f"{'total':36s} {sum(r[1] for r in rows):6d} " + " ".join(f"{per_kind[k]:>5}" for k in KINDS))
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
