#!/usr/bin/env python3
"""Builds the benchmark inputs of bench/compare.sh, deterministically (fixed seed).

Sources: the repository's clean prose (tests/corpus/clean/*.txt, licence texts) and annotated
articles (tests/corpus/articles/*.txt), split into paragraphs. Outputs, under OUT:

  clean-100mb.txt      clean prose only (paragraphs of tests/corpus/clean), --big-mb MB
  articles/NNNN.txt    --files articles of 5-50 KB: paragraphs of both sources, plus one injected
                       artifact per --rate bytes on average (ARTIFACTS below)
  peers.txt            --peers-kb KB of articles with artifacts, for the peer linters
  small.txt            one small article (about 4 KB), for startup latency
  corpus.jsonl         --jsonl-mb MB of JSON documents {"id", "url", "text"}, text as articles/
  manifest.json        sizes, counts and the number of injected artifacts of each output

The same arguments always give byte-identical files.
"""

import argparse
import json
import os
import random
from pathlib import Path

SEED = 20260501

# Scraping and machine-translation artifacts that copydesk's built-in packs report, each a
# sentence or line inserted between or inside paragraphs.
ARTIFACTS = [
    "\nLeave a Comment\n",
    " Write to [email protected] for details. ",
    " The report donâ€™t say when it will open. ",
    " Prices start at 10&nbsp;euros. ",
    " For the full schedule click Here. ",
    " The the council approved the plan. ",
    " “We are keeping the watch up for safety.” to turn back the children ”. ",
    "\nShare this article\n",
    " The  mayor spoke twice. ",
    " It was , in fact, a surprise . ",
    " The profound learning model won. ",
    " <strong>Read more</strong> ",
]


def paragraphs(paths):
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in text.replace("\r\n", "\n").split("\n\n"):
            para = para.strip("\n")
            if para.strip():
                out.append(para)
    return out


class Source:
    def __init__(self, root, seed):
        self.rng = random.Random(seed)
        clean_files = sorted((root / "tests/corpus/clean").glob("*.txt"))
        article_files = sorted((root / "tests/corpus/articles").glob("*.txt"))
        self.clean = paragraphs(clean_files)
        self.mixed = self.clean + paragraphs(article_files)

    def text(self, size, pool, rate):
        """About `size` bytes of paragraphs from `pool`; with `rate`, one artifact per `rate`
        bytes on average. Returns (text, artifacts injected)."""
        parts, length, injected = [], 0, 0
        while length < size:
            para = self.rng.choice(pool)
            if rate:
                # Poisson-like: the expected count per paragraph is len/rate.
                expected = len(para.encode()) / rate
                count = int(expected) + (1 if self.rng.random() < expected - int(expected) else 0)
                for _ in range(count):
                    at = para.find(" ", self.rng.randrange(max(1, len(para))))
                    artifact = self.rng.choice(ARTIFACTS)
                    para = para + artifact if at < 0 else para[:at] + artifact + para[at + 1 :]
                    injected += 1
            parts.append(para)
            length += len(para.encode()) + 2
        return "\n\n".join(parts) + "\n", injected


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--big-mb", type=int, default=100)
    ap.add_argument("--jsonl-mb", type=int, default=100)
    ap.add_argument("--peers-kb", type=int, default=1536)
    ap.add_argument("--rate", type=int, default=2048, help="one artifact per RATE bytes")
    args = ap.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"seed": SEED, "artifact_rate_bytes": args.rate}

    src = Source(args.root, SEED)
    big = out / "clean-100mb.txt"
    with open(big, "w", encoding="utf-8", newline="\n") as f:
        written = 0
        while written < args.big_mb << 20:
            text, _ = src.text(1 << 20, src.clean, 0)
            f.write(text)
            written += len(text.encode())
    manifest["clean-100mb.txt"] = {"bytes": big.stat().st_size, "artifacts": 0}

    src = Source(args.root, SEED + 1)
    total, injected = 0, 0
    for i in range(args.files):
        text, n = src.text(src.rng.randint(5 << 10, 50 << 10), src.mixed, args.rate)
        write(out / "articles" / f"{i:04}.txt", text)
        total += len(text.encode())
        injected += n
    manifest["articles"] = {"files": args.files, "bytes": total, "artifacts": injected}

    src = Source(args.root, SEED + 2)
    text, n = src.text(args.peers_kb << 10, src.mixed, args.rate)
    write(out / "peers.txt", text)
    manifest["peers.txt"] = {"bytes": len(text.encode()), "artifacts": n}

    src = Source(args.root, SEED + 3)
    text, n = src.text(4 << 10, src.mixed, args.rate)
    write(out / "small.txt", text)
    manifest["small.txt"] = {"bytes": len(text.encode()), "artifacts": n}

    src = Source(args.root, SEED + 4)
    path = out / "corpus.jsonl"
    docs, injected = 0, 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while f.tell() < args.jsonl_mb << 20:
            text, n = src.text(src.rng.randint(5 << 10, 50 << 10), src.mixed, args.rate)
            docs += 1
            injected += n
            record = {"id": f"doc-{docs:07}", "url": f"https://example.org/{docs}", "text": text}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    manifest["corpus.jsonl"] = {"bytes": path.stat().st_size, "documents": docs, "artifacts": injected}

    write(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
