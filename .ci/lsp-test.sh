#!/usr/bin/env bash
# End-to-end tests of `copydesk lsp` through a real LSP client (issue #23): installs pytest-lsp
# into a throwaway venv and runs tests/lsp against the debug binary (built if missing). The
# latency of a 20 KB article (median of 50 edits) is printed from the test's log.
#
#   bash .ci/lsp-test.sh        # COPYDESK_BIN=path to test another binary
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== installing pytest-lsp into a venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pytest-lsp

binary=${COPYDESK_BIN:-$root/target/debug/copydesk}
if [ ! -x "$binary" ]; then
    (cd "$root" && cargo build --quiet)
fi
cd "$root"
COPYDESK_BIN="$binary" "$work/venv/bin/python" -m pytest -q -s -p no:cacheprovider \
    -W ignore::DeprecationWarning tests/lsp
