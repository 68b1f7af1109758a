#!/usr/bin/env python3
"""Writes JSONL shards of small articles with planted artifacts, for the Spark example's test.

Each document is {"id", "url", "text"}: one to three paragraphs of the repository's own prose
(tests/corpus/clean, licence texts), and in about one document in three an artifact that
copydesk's built-in rules report (a scraped widget line, an e-mail placeholder, mojibake, a
doubled word).
The same arguments always give the same files.

Usage: python3 examples/spark/make_shards.py OUT_DIR [--docs 3000] [--shards 6]
"""
import argparse
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = [
    "\n\nLeave a Comment",
    " Write to [email protected] for details.",
    " The report donâ€™t say when it will open.",
    " The the council approved the plan.",
    " For the full schedule click Here.",
]


def paragraphs():
    out = []
    for path in sorted((ROOT / "tests/corpus/clean").glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = " ".join(block.split())
            if 80 <= len(block) <= 1200:
                out.append(block)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--shards", type=int, default=6)
    args = ap.parse_args()
    rng = random.Random(20261207)
    pool = paragraphs()
    args.out.mkdir(parents=True, exist_ok=True)
    files = [open(args.out / f"shard-{i:03}.jsonl", "w", encoding="utf-8") for i in range(args.shards)]
    for n in range(args.docs):
        text = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
        if rng.random() < 1 / 3:
            text += rng.choice(ARTIFACTS)
        doc = {"id": f"doc-{n:05}", "url": f"https://example.org/{n}", "text": text}
        files[n % args.shards].write(json.dumps(doc, ensure_ascii=False) + "\n")
    for f in files:
        f.close()


if __name__ == "__main__":
    main()
