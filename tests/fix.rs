//! `--fix`, `--unsafe-fixes` and `--diff`: byte-exact results, preserved bytes, idempotence.

use assert_cmd::Command;
use std::path::Path;

fn copydesk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("copydesk").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/seed-article.txt",
        dir.path().join("seed.txt"),
    )
    .unwrap();
    dir
}

#[test]
fn fix_removes_exactly_the_safe_fixable_artifacts_of_the_seed() {
    let dir = seed_copy();
    let out = copydesk(dir.path())
        .args(["check", "--fix", "--format", "concise", "seed.txt"])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err, "2 fixes applied\n");
    let fixed = std::fs::read(dir.path().join("seed.txt")).unwrap();
    assert_eq!(
        fixed,
        std::fs::read("tests/fixtures/seed-article.fixed.txt").unwrap()
    );
    // A second run finds nothing left to fix and changes nothing.
    let out = copydesk(dir.path())
        .args(["check", "--fix", "--format", "concise", "seed.txt"])
        .assert()
        .code(1);
    assert_eq!(
        String::from_utf8(out.get_output().stderr.clone()).unwrap(),
        "0 fixes applied\n"
    );
    assert_eq!(std::fs::read(dir.path().join("seed.txt")).unwrap(), fixed);
}

#[test]
fn remaining_findings_decide_the_exit_code_after_fixing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Written at NSPCC .\n\nLeave a Comment\n",
    )
    .unwrap();
    copydesk(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "Written at NSPCC.\n\n"
    );
}

#[test]
fn crlf_bom_and_invalid_bytes_elsewhere_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let original = b"\xEF\xBB\xBFIt was written at NSPCC .\r\nCaf\xE9 bytes stay.\r\nLeave a Comment\r\nEnd\r\n";
    std::fs::write(dir.path().join("a.txt"), original).unwrap();
    copydesk(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read(dir.path().join("a.txt")).unwrap(),
        b"\xEF\xBB\xBFIt was written at NSPCC.\r\nCaf\xE9 bytes stay.\r\nEnd\r\n".to_vec()
    );
}

#[test]
fn unsafe_fixes_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "It was the the end.\n").unwrap();
    copydesk(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "It was the the end.\n"
    );
    copydesk(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "It was the end.\n"
    );
}

#[test]
fn diff_applies_cleanly_with_patch_and_writes_nothing() {
    let dir = seed_copy();
    let out = copydesk(dir.path())
        .args(["check", "--diff", "seed.txt"])
        .assert()
        .code(1);
    let diff = out.get_output().stdout.clone();
    assert!(diff.starts_with(b"--- seed.txt\n+++ seed.txt\n"));
    assert_eq!(
        std::fs::read(dir.path().join("seed.txt")).unwrap(),
        std::fs::read("tests/fixtures/seed-article.txt").unwrap()
    );
    std::fs::write(dir.path().join("fix.diff"), &diff).unwrap();
    let status = std::process::Command::new("patch")
        .args(["-p0", "--quiet", "-i", "fix.diff"])
        .current_dir(dir.path())
        .status()
        .expect("patch is installed");
    assert!(status.success());
    assert_eq!(
        std::fs::read(dir.path().join("seed.txt")).unwrap(),
        std::fs::read("tests/fixtures/seed-article.fixed.txt").unwrap()
    );
    // Nothing left to change: an empty diff and exit code 0 on a clean file.
    std::fs::write(dir.path().join("clean.txt"), "A clean sentence.\n").unwrap();
    let out = copydesk(dir.path())
        .args(["check", "--diff", "clean.txt"])
        .assert()
        .code(0);
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk(dir.path())
        .args(["check", "--fix", "--format", "concise", "-"])
        .write_stdin("Written at NSPCC .\nLeave a Comment\n")
        .assert()
        .code(0);
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        "Written at NSPCC.\n"
    );
}
