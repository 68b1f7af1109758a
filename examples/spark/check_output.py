#!/usr/bin/env python3
"""Checks the Spark job's output against a direct corpus-mode run on the same lines: every input
document appears exactly once, with the same findings and summary. Exits 1 on any difference.

Usage: python3 examples/spark/check_output.py --shards DIR --output DIR --format jsonl|parquet
       --copydesk BIN [--id-field id]
"""
import argparse
import json
import pathlib
import subprocess
import sys


def direct(copydesk, shards, id_field):
    lines = b"".join(p.read_bytes() for p in sorted(pathlib.Path(shards).glob("*.jsonl")))
    run = subprocess.run(
        [copydesk, "check", "--input-format", "jsonl", "--id-field", id_field, "--fail-on",
         "never", "--no-progress", "-"], input=lines, capture_output=True, check=True)
    records = [json.loads(line) for line in run.stdout.splitlines()]
    ids = [json.loads(line)[id_field] for line in lines.splitlines() if line.strip()]
    return ids, {json.dumps(r["id"]): r for r in records}


def from_spark(output, fmt):
    if fmt == "jsonl":
        for part in sorted(pathlib.Path(output).glob("part-*")):
            for line in part.read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                yield json.dumps(r["id"]), r["diagnostics"], r["summary"]
        return
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.master("local[1]").appName("check").getOrCreate()
    for row in spark.read.parquet(str(output)).collect():
        summary = {"errors": row.errors, "warnings": row.warnings, "suggestions": row.suggestions}
        yield row.id, json.loads(row.diagnostics), summary
    spark.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shards", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--copydesk", required=True)
    ap.add_argument("--id-field", default="id")
    args = ap.parse_args()
    ids, expected = direct(args.copydesk, args.shards, args.id_field)
    seen = {}
    problems = []
    for key, diagnostics, summary in from_spark(args.output, args.format):
        seen[key] = seen.get(key, 0) + 1
        want = expected.get(key)
        if want is None:
            problems.append(f"{key}: not an input document")
        elif (diagnostics, summary) != (want["diagnostics"], want["summary"]):
            problems.append(f"{key}: findings differ from the direct run")
    problems += [f"{k}: {n} records" for k, n in seen.items() if n != 1]
    problems += [f"{k}: no record" for k in map(json.dumps, ids) if k not in seen]
    findings = sum(len(r["diagnostics"]) for r in expected.values())
    print(f"{args.format}: {len(ids)} input documents, {len(seen)} in the output, "
          f"{findings} findings in the direct run, {len(problems)} differences")
    for p in problems[:20]:
        print("  " + p)
    sys.exit(1 if problems or len(ids) != len(expected) else 0)


if __name__ == "__main__":
    main()
