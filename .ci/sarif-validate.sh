#!/usr/bin/env bash
# Validates copydesk's SARIF output with Microsoft's SARIF validator (npm @microsoft/sarif-multitool,
# `validate`, works offline). Fails if the validator reports a result of level `error`; its
# warnings are printed and tolerated.
#
#   bash .ci/sarif-validate.sh            # lint tests/fixtures/seed-article.txt and validate that
#   bash .ci/sarif-validate.sh FILE.sarif # validate FILE instead (e.g. to check the failure path)
#
# The validator is installed once into target/ci-tools/ (git-ignored); set SARIF_MULTITOOL_VERSION
# to change the pinned version. Needs node/npm, python3 and cargo.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/target/ci-tools"
version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

multitool_path() {
    # The npm package's `bin.js` runs the platform binary through a shell, which splits
    # `--level "Error;Warning"` at the `;`: call the binary directly.
    node -e "console.log(require(require.resolve('@microsoft/sarif-multitool', {paths: [process.argv[1]]})))" "$tools"
}
installed_version() {
    node -p "require(require.resolve('@microsoft/sarif-multitool/package.json', {paths: [process.argv[1]]})).version" "$tools"
}

if ! bin=$(multitool_path 2>/dev/null) || [ ! -e "$bin" ] ||
    [ "$(installed_version 2>/dev/null)" != "$version" ]; then
    echo "Installing @microsoft/sarif-multitool@$version into $tools"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
        "@microsoft/sarif-multitool@$version" >&2
    bin=$(multitool_path)
fi
# The package's postinstall script only sets this bit, and npm may be configured not to run it.
chmod u+x "$bin"

if [ $# -ge 1 ]; then
    sarif=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    sarif="$work/copydesk.sarif"
    cd "$root"
    cargo build --quiet --bin copydesk
    exe="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/copydesk"
    # The seed article has no finding with a secondary label and no invalid UTF-8; this one has
    # both, and its absolute path with a space and `#` becomes a percent-encoded file: URI.
    extra="$work/odd dir/extra #1.txt"
    mkdir -p "$work/odd dir"
    printf 'He said \xe2\x80\x9chello (there\xe2\x80\x9d and left.\n\nCaf\xe9 au lait.\n\nLeave a Comment\n' >"$extra"
    # Exit code 1 only means that the articles have findings, which is what SARIF should carry.
    status=0
    "$exe" check --format sarif -o "$sarif" tests/fixtures/seed-article.txt "$extra" || status=$?
    if [ "$status" -gt 1 ]; then
        echo "FAIL: copydesk exited with $status" >&2
        exit 1
    fi
    # Make sure that the log exercises what the validator should see.
    python3 - "$sarif" <<'EOF'
import json
import sys

results = json.load(open(sys.argv[1]))["runs"][0]["results"]
counts = {
    "results": len(results),
    "with fixes": sum("fixes" in r for r in results),
    "with related locations": sum("relatedLocations" in r for r in results),
    "Core.InvalidUtf8": sum(r["ruleId"] == "Core.InvalidUtf8" for r in results),
}
print("copydesk wrote " + ", ".join("%d %s" % (n, what) for what, n in counts.items()))
missing = [what for what, n in counts.items() if n == 0]
if missing:
    sys.exit("FAIL: the log has no " + ", no ".join(missing) + ": the validation would not cover them")
EOF
fi

log="$work/validation.sarif"
status=0
"$bin" validate "$sarif" --output "$log" --log ForceOverwrite --level "Error;Warning" \
    >"$work/console.txt" 2>&1 || status=$?
if [ ! -s "$log" ]; then
    cat "$work/console.txt" >&2
    echo "FAIL: the validator wrote no log (exit code $status)" >&2
    exit 1
fi

# The validator's log is SARIF too: messages are rule templates plus arguments.
python3 - "$log" "$status" <<'EOF'
import json
import sys

log = json.load(open(sys.argv[1], encoding="utf-8-sig"))
validator_status = int(sys.argv[2])
errors = []
warnings = []
for run in log.get("runs", []):
    rules = {r["id"]: r for r in run.get("tool", {}).get("driver", {}).get("rules", [])}
    for result in run.get("results", []):
        message = result.get("message", {})
        text = message.get("text")
        if text is None:
            rule = rules.get(result.get("ruleId"), {})
            template = rule.get("messageStrings", {}).get(message.get("id"), {}).get("text", "")
            text = template
            for i, arg in enumerate(message.get("arguments", [])):
                text = text.replace("{%d}" % i, arg)
        region = {}
        for loc in result.get("locations", []):
            region = loc.get("physicalLocation", {}).get("region", {})
        where = "line %s, column %s" % (region.get("startLine", "?"), region.get("startColumn", "?"))
        line = "%s %s (%s): %s" % (result.get("level", "warning"), result.get("ruleId"), where, text)
        (errors if result.get("level", "warning") == "error" else warnings).append(line)
    # A file the validator could not read or parse is reported as a notification, not a result.
    for inv in run.get("invocations", []):
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for n in inv.get(key, []):
                line = "%s %s: %s" % (n.get("level", "warning"), key, n.get("message", {}).get("text"))
                (errors if n.get("level", "warning") == "error" else warnings).append(line)
        if inv.get("executionSuccessful") is False:
            errors.append("the validator's run was not successful")

if validator_status != 0 and not errors:
    errors.append("validator exit code %d" % validator_status)
for w in warnings:
    print("  " + w)
for e in errors:
    print("  " + e, file=sys.stderr)
if errors:
    print("FAIL: %d validation error(s)" % len(errors), file=sys.stderr)
    sys.exit(1)
print("OK: SARIF valid (%d warning(s))" % len(warnings))
EOF
