#!/usr/bin/env bash
# Tests the pre-commit hook of .pre-commit-hooks.yaml end to end: installs pre-commit into a
# throwaway venv, lets it build copydesk from this checkout (`language: rust` runs
# `cargo install --bins --root <env> --path .`) and runs the hook on a bad and a clean article.
#
#   bash .ci/pre-commit-test.sh
#
# `pre-commit try-repo <checkout>` only sees committed files plus changes to tracked ones (its
# shadow repo is built with `git add -u`): a new file such as .pre-commit-hooks.yaml itself would
# be missing. So the hook repository is a snapshot of the working tree (tracked and untracked,
# not ignored) committed to a temporary git repo; this checkout's git state is never touched.
#
# Release builds are slow on small machines: cargo's artifacts are kept in
# target/ci-tools/pre-commit-target across runs (set PRE_COMMIT_TEST_FRESH=1 to build from
# scratch). Needs python3 (venv, pip with access to PyPI), git and cargo.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== installing pre-commit into a venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
"$pre_commit" --version

echo "== snapshot of $root"
snapshot="$work/copydesk"
mkdir "$snapshot"
(
    cd "$root"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do
            # A tracked file deleted in the working tree is not part of the snapshot.
            if [ -e "$f" ]; then printf '%s\0' "$f"; fi
        done |
        tar --null -T - -cf - |
        tar -xf - -C "$snapshot"
)
git_quiet() {
    git -c user.name=copydesk-ci -c user.email=ci@localhost -c commit.gpgsign=false \
        -c init.defaultBranch=main "$@"
}
(cd "$snapshot" && git_quiet init -q && git_quiet add -A && git_quiet commit -q -m snapshot)
[ -f "$snapshot/.pre-commit-hooks.yaml" ] || fail "no .pre-commit-hooks.yaml in $root"

echo "== project with a bad and a clean article"
project="$work/project"
mkdir "$project"
cat >"$project/bad.md" <<'EOF'
# Bad article

Write to [email protected] for details.

Leave a Comment
EOF
cat >"$project/clean.md" <<'EOF'
# Clean article

This article was checked by an editor before it was published.
EOF
(cd "$project" && git_quiet init -q && git_quiet add bad.md clean.md)

export PRE_COMMIT_HOME="$work/pre-commit-home"
if [ -z "${PRE_COMMIT_TEST_FRESH:-}" ] && [ -z "${CARGO_TARGET_DIR:-}" ]; then
    export CARGO_TARGET_DIR="$root/target/ci-tools/pre-commit-target"
fi

echo "== try-repo on bad.md (builds copydesk with cargo install: takes a while)"
status=0
(cd "$project" && "$pre_commit" try-repo "$snapshot" copydesk --files bad.md) \
    >"$work/bad.txt" 2>&1 || status=$?
cat "$work/bad.txt"
[ "$status" -ne 0 ] || fail "the hook passed on bad.md"
for expected in "Junk.EmailPlaceholder" "Junk.CommentWidget" "- exit code: 1"; do
    grep -qF -- "$expected" "$work/bad.txt" || fail "no '$expected' in the output for bad.md"
done

echo "== try-repo on clean.md"
status=0
(cd "$project" && "$pre_commit" try-repo "$snapshot" copydesk --files clean.md) \
    >"$work/clean.txt" 2>&1 || status=$?
cat "$work/clean.txt"
[ "$status" -eq 0 ] || fail "the hook failed on clean.md (exit code $status)"
grep -qE '^copydesk\.+Passed' "$work/clean.txt" || fail "no 'copydesk....Passed' line for clean.md"

echo "OK: the pre-commit hook fails on bad.md and passes on clean.md"
