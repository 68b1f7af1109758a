#!/usr/bin/env python3
"""Lints a folder of JSONL shards with copydesk's corpus mode on Spark.

Each partition of the shards' lines is fed to one copydesk process
(`copydesk check --input-format jsonl`), which answers with one JSONL record per document, in
input order, carrying the document's id. The records are written as JSONL (one part file per
partition) or Parquet next to nothing else: the id links each record to its document. The job
then prints the number of findings of each rule.

    spark-submit --master yarn --files /path/to/copydesk \\
        examples/spark/lint_corpus.py --copydesk copydesk --input 's3://bucket/shards/*.jsonl' \\
        --output s3://bucket/findings --format parquet

The binary reaches the executors through `--files` (or `--copydesk PATH`, which the job ships
with `SparkContext.addFile`): each executor finds its copy with `SparkFiles.get`. It must be
built for the executors' platform (a static musl build runs on any Linux: `cargo build
--release --target x86_64-unknown-linux-musl`).

Documents need an id field (`--id-field`, default `id`): a record's `line` is the line within
its partition, which says nothing once Spark has split the input.
"""
import argparse
import json
import os
import subprocess
import threading
from operator import add

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def lint_partition(binary_name, id_field, text_field, markup):
    """The function each partition runs: one copydesk process, fed from a thread so that a
    partition of any size streams through the pipe without filling it."""

    def run(lines):
        binary = SparkFiles.get(binary_name)
        if not os.access(binary, os.X_OK):
            os.chmod(binary, 0o755)
        command = [
            binary, "check", "--input-format", "jsonl", "--id-field", id_field,
            "--text-field", text_field, "--fail-on", "never", "--no-progress",
        ]
        if markup:
            command += ["--markup", markup]
        proc = subprocess.Popen(command + ["-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        stderr = []

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            finally:
                proc.stdin.close()

        def drain():
            stderr.append(proc.stderr.read().decode("utf-8", "replace"))

        writer = threading.Thread(target=feed)
        reader = threading.Thread(target=drain)
        writer.start()
        reader.start()
        for record in proc.stdout:
            yield record.decode("utf-8").rstrip("\n")
        writer.join()
        reader.join()
        code = proc.wait()
        # 0 and 1 are results; 2 is a malformed line (its document got no record) or a failure.
        if code not in (0, 1):
            raise RuntimeError(f"copydesk exited with {code}: {''.join(stderr).strip()}")

    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL shards: a folder, a file or a glob")
    ap.add_argument("--output", required=True, help="where the records go (a new folder)")
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--copydesk", default="copydesk",
                    help="the binary: a path to ship, or the name of one given to --files")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--markup", choices=["md", "html", "text"])
    ap.add_argument("--master", help="e.g. local[2]; default: as spark-submit says")
    ap.add_argument("--partitions", type=int, help="repartition the lines first")
    args = ap.parse_args()

    builder = SparkSession.builder.appName("copydesk corpus lint")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    binary_name = os.path.basename(args.copydesk)
    if os.path.isfile(args.copydesk):
        sc.addFile(os.path.abspath(args.copydesk))

    lines = sc.textFile(args.input).filter(lambda line: line.strip())
    if args.partitions:
        lines = lines.repartition(args.partitions)
    records = lines.mapPartitions(
        lint_partition(binary_name, args.id_field, args.text_field, args.markup))
    records.cache()
    if args.format == "jsonl":
        records.saveAsTextFile(args.output)
    else:
        # The diagnostics stay a JSON string column: their shape is copydesk's JSON output, and
        # a reader that wants columns can `from_json` them.
        rows = records.map(json.loads).map(lambda r: (
            json.dumps(r["id"]), r["line"], json.dumps(r["diagnostics"], ensure_ascii=False),
            r["summary"]["errors"], r["summary"]["warnings"], r["summary"]["suggestions"]))
        spark.createDataFrame(rows, ["id", "line", "diagnostics", "errors", "warnings",
                                     "suggestions"]).write.parquet(args.output)
    # Findings left out past copydesk's cap per rule and document count too.
    counts = dict(records.map(json.loads)
                  .flatMap(lambda r: [(d["rule"], 1) for d in r["diagnostics"]]
                           + [(o["rule"], o["count"]) for o in r.get("omitted", [])])
                  .reduceByKey(add)
                  .collect())
    documents = records.count()
    print(f"{documents} documents, {sum(counts.values())} findings")
    for rule, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{count:8}  {rule}")
    spark.stop()


if __name__ == "__main__":
    main()
