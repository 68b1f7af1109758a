#!/usr/bin/env bash
# Tests examples/spark (issue #24) end to end: installs pyspark into a throwaway venv (and Java
# 17 from Debian when no Java 17 or later is there), writes 3,000 documents with planted
# artifacts in six JSONL shards, runs the job on local[2] writing JSONL and then Parquet, and
# checks each output against a direct `copydesk check --input-format jsonl` run on the same
# lines: every document exactly once, the same findings.
#
#   bash .ci/spark-test.sh        # COPYDESK_BIN=path to test another binary
#
# Uses target/debug/copydesk (built if missing): the test is about what reaches Spark and back,
# not speed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "== installing openjdk-17-jre-headless"
        apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    else
        echo "FAIL: Spark needs Java 17 or later (Debian: openjdk-17-jre-headless)" >&2
        exit 1
    fi
fi
java -version 2>&1 | head -1

echo "== installing pyspark into a venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pyspark
python="$work/venv/bin/python"
"$python" -c 'import pyspark; print("pyspark", pyspark.__version__)'

binary=${COPYDESK_BIN:-$root/target/debug/copydesk}
if [ ! -x "$binary" ]; then
    (cd "$root" && cargo build --quiet)
fi

"$python" "$root/examples/spark/make_shards.py" "$work/shards" --docs 3000 --shards 6
for format in jsonl parquet; do
    echo "== the job on local[2], $format"
    "$python" "$root/examples/spark/lint_corpus.py" --master 'local[2]' --copydesk "$binary" \
        --input "$work/shards" --output "$work/out-$format" --format "$format" 2>"$work/spark.log" ||
        { cat "$work/spark.log" >&2; exit 1; }
    "$python" "$root/examples/spark/check_output.py" --shards "$work/shards" \
        --output "$work/out-$format" --format "$format" --copydesk "$binary" 2>>"$work/spark.log" ||
        { tail -50 "$work/spark.log" >&2; exit 1; }
done
