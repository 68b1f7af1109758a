#!/usr/bin/env python3
"""Fits the page-chrome score of Junk.BoilerplateBlock and writes its weights into the rule.

The features are copydesk's own: `copydesk stats --lines` prints each unit (a line, or
hard-wrapped lines run together) with its feature vector, so the model fitted here reads
exactly what the shipped rule computes. Labels come from real, annotated data read where it
lies (nothing of it is written into the repository, only the fitted weights):

- fit:   oscar-line-quality/en/train.json (a line labelled 0 is noise) and the AEB pages'
         trafilatura output (a line not in the page's hand-made article body is chrome, read
         as `copydesk eval` reads it; the first line, the page title, is left out).
         html-text's whole pages are left out of the fit: nine lines in ten there are chrome,
         and they drowned OSCAR's balance;
- check: oscar-line-quality/en/dev.json without the 3 documents that repeat train's, scored
         the same way. `copydesk eval --real` then measures the shipped rule on every set,
         trafilatura-eval included.

The model is a logistic regression with an L2 penalty (Newton's method, plain Python: no
package to install). The threshold for a run of units is the lowest at which the OSCAR
units found reach TARGET_PRECISION and at most MAX_BODY_ALARMS of the AEB body lines score above
it; a unit alone needs LONE_TARGET_PRECISION and half the alarms.

Usage: cargo build --release && python3 scripts/fit-chrome.py [--real ../shared/real]
       [--bin target/release/copydesk] [--dry-run]
"""
import argparse
import gzip
import json
import math
import pathlib
import re
import subprocess
import tempfile

RULE = pathlib.Path(__file__).resolve().parent.parent / "rules/Junk/BoilerplateBlock.yaml"
BEGIN = "# chrome-score:begin (written by scripts/fit-chrome.py)"
END = "# chrome-score:end"
L2 = 1.0
TARGET_PRECISION = 0.85
LONE_TARGET_PRECISION = 0.9
MAX_BODY_ALARMS = 0.01
CONTEXT_WORDS = 5


def oscar(real, split):
    """(text, [(line range, is noise)]) per document."""
    docs = json.loads((real / "oscar-line-quality/en" / f"{split}.json").read_text())
    out = []
    for d in docs:
        text, spans, at = "", [], 0
        for i, line in enumerate(d["text"]):
            if i:
                text += "\n"
            start = len(text.encode())
            text += line
            spans.append(((start, len(text.encode())), d["labels"][i] == "0"))
        out.append((text, spans))
    return out


def collapse(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def in_body(body, paragraphs, lines, i):
    """Whether lines[i] (collapsed, lower-cased) is in the body, as `copydesk eval` reads it: a
    line of fewer than CONTEXT_WORDS words only as a whole paragraph of the body or running on
    in it into a neighbouring line (`News`, `About`, `-` are in nearly every body by chance)."""
    line = lines[i]
    if line not in body:
        return False
    if len(line.split(" ")) >= CONTEXT_WORDS or line in paragraphs:
        return True
    return (i > 0 and f"{lines[i - 1]} {line}" in body) or (
        i + 1 < len(lines) and f"{line} {lines[i + 1]}" in body)


def aeb(real, extractor):
    base = real / "aeb-article-extraction"
    truth = json.loads(gzip.open(base / "ground-truth.json.gz").read())
    output = json.loads(gzip.open(base / "extractor-outputs" / f"{extractor}.json.gz").read())["output"]
    out = []
    for page, body in sorted(truth.items()):
        raw = body.get("articleBody") or ""
        body = collapse(raw)
        paragraphs = {collapse(p) for p in raw.split("\n")} - {""}
        text = (output.get(page) or {}).get("articleBody") or ""
        kept, at = [], 0
        for line in text.split("\n"):
            start = len(text[:at].encode())
            at += len(line) + 1
            if line.strip():
                # trafilatura writes a list item as `- item`; the body has the item alone.
                item = re.sub(r"^\s*[-•*](?=\s)", "", line)
                kept.append((start, start + len(line.encode()), collapse(item)))
        lines = [c for _, _, c in kept]
        spans = [((s, e), not in_body(body, paragraphs, lines, i))
                 for i, (s, e, _) in enumerate(kept) if i > 0]
        out.append((text, spans))
    return out


def units(binary, docs):
    """(feature vector or None, is chrome) for each unit that covers a labelled line."""
    names = None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (text, _) in enumerate(docs):
            p = pathlib.Path(tmp) / f"{i:05}.txt"
            p.write_text(text)
            paths.append(str(p))
        out = subprocess.run(
            [binary, "stats", "--lines", *paths], capture_output=True, text=True, check=True
        ).stdout
    by_path = {}
    for record in map(json.loads, out.splitlines()):
        by_path[record["path"]] = record["lines"]
    for p, (_, spans) in zip(paths, docs):
        for unit in by_path.get(p, []):
            covered = [bad for (s, e), bad in spans if s < unit["end"] and e > unit["start"]]
            if not covered:
                continue
            bad = sum(covered) * 2 >= len(covered)
            f = unit["features"]
            if f is not None and names is None:
                names = sorted(f)
            rows.append((None if f is None else [f[n] for n in names], bad))
    return names, rows


def fit(rows, dim):
    """Logistic regression, L2-penalised, by Newton's method: (bias, weights)."""
    xs = [[1.0] + x for x, _ in rows if x is not None]
    ys = [1.0 if bad else 0.0 for x, bad in rows if x is not None]
    w = [0.0] * (dim + 1)
    for _ in range(25):
        grad = [0.0] * (dim + 1)
        hess = [[0.0] * (dim + 1) for _ in range(dim + 1)]
        for x, y in zip(xs, ys):
            z = sum(a * b for a, b in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g, h = p - y, p * (1.0 - p)
            for i, xi in enumerate(x):
                if xi == 0.0:
                    continue
                grad[i] += g * xi
                hi = hess[i]
                hx = h * xi
                for j in range(i + 1):
                    hi[j] += hx * x[j]
        for i in range(dim + 1):
            for j in range(i):
                hess[j][i] = hess[i][j]
            if i:
                grad[i] += L2 * w[i]
                hess[i][i] += L2
            hess[i][i] += 1e-9
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-5:
            break
    return w[0], w[1:]


def solve(a, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            if f:
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def probability(bias, weights, x):
    if x is None:
        return 0.0
    z = bias + sum(a * b for a, b in zip(weights, x))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def lowest_threshold(oscar_scored, aeb_scored, precision, max_alarms):
    """The lowest threshold at which OSCAR's noise units are found at `precision` and at most
    `max_alarms` of the AEB body lines score above it."""
    t = 1.0
    body = [p for p, b in aeb_scored if not b]
    for cand in sorted({round(p, 3) for p, _ in oscar_scored + aeb_scored}, reverse=True):
        tp = sum(1 for p, b in oscar_scored if b and p >= cand)
        fp = sum(1 for p, b in oscar_scored if not b and p >= cand)
        alarms = sum(1 for p in body if p >= cand) / max(len(body), 1)
        if tp + fp and tp / (tp + fp) >= precision and alarms <= max_alarms:
            t = cand
    return t


def report(name, scored, t):
    bad = sum(b for _, b in scored)
    good = len(scored) - bad
    tp = sum(1 for p, b in scored if b and p >= t)
    fp = sum(1 for p, b in scored if not b and p >= t)
    prec = tp / (tp + fp) if tp + fp else float("nan")
    print(f"{name}: units at {t:.3f}: chrome {tp}/{bad} ({tp / max(bad, 1):.3f}), "
          f"prose {fp}/{good} ({100 * fp / max(good, 1):.2f}%), precision {prec:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", default="../shared/real", type=pathlib.Path)
    ap.add_argument("--bin", default="target/release/copydesk")
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the rule")
    args = ap.parse_args()
    train = oscar(args.real, "train")
    names, oscar_rows = units(args.bin, train)
    _, aeb_rows = units(args.bin, aeb(args.real, "trafilatura"))
    bias, weights = fit(oscar_rows + aeb_rows, len(names))
    score = lambda rows: [(probability(bias, weights, x), bad) for x, bad in rows]
    oscar_scored, aeb_scored = score(oscar_rows), score(aeb_rows)
    t = lowest_threshold(oscar_scored, aeb_scored, TARGET_PRECISION, MAX_BODY_ALARMS)
    lone = lowest_threshold(oscar_scored, aeb_scored, LONE_TARGET_PRECISION, MAX_BODY_ALARMS / 2)
    report("fit: oscar en train", oscar_scored, t)
    report("fit: aeb trafilatura", aeb_scored, t)
    # Three of dev's 17 documents repeat documents of train word for word: the check leaves
    # them out, or it would score what the fit has seen.
    train_texts = {text for text, _ in train}
    dev = [d for d in oscar(args.real, "dev") if d[0] not in train_texts]
    _, dev_rows = units(args.bin, dev)
    report("check: oscar en dev (14 documents not in train)", score(dev_rows), t)
    lines = [BEGIN, f"bias: {bias:.4f}", f"threshold: {t:.3f}", f"lone_threshold: {lone:.3f}",
             "weights:"]
    lines += [f"  {n}: {w:.4f}" for n, w in zip(names, weights)]
    lines.append(END)
    block = "\n".join(lines) + "\n"
    print(block)
    if args.dry_run:
        return
    text = RULE.read_text()
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) + 1:]
    else:
        text = text.replace("\nexamples:", "\n" + block + "examples:", 1)
    RULE.write_text(text)
    print(f"wrote {RULE}")


if __name__ == "__main__":
    main()
