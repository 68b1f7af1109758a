#!/usr/bin/env bash
# Tests `--format html` in headless Chromium (issue #24): installs Debian's chromium when it is
# missing (as root) and Playwright's Python package into a throwaway venv, then runs
# .ci/html-report-test.py on the seed article and a hostile one. The screenshot goes to
# target/html-report.png (README shows docs/html-report.png, made the same way).
#
#   bash .ci/html-report-test.sh        # COPYDESK_BIN=path to test another binary
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "== installing chromium"
        apt-get install -y -qq chromium >/dev/null
    else
        echo "FAIL: the test needs Debian's chromium (apt-get install chromium)" >&2
        exit 1
    fi
fi
chromium --version

echo "== installing playwright into a venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check playwright

binary=${COPYDESK_BIN:-$root/target/debug/copydesk}
if [ ! -x "$binary" ]; then
    (cd "$root" && cargo build --quiet)
fi
mkdir -p "$root/target"
"$work/venv/bin/python" "$root/.ci/html-report-test.py" --copydesk "$binary" \
    --chromium "$(command -v chromium)" --screenshot "$root/target/html-report.png"
