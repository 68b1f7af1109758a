//! `--fix`, `--unsafe-fixes` and `--diff`: byte-exact results, preserved bytes, idempotence.

use crate::util::copydesk_in;
use std::path::Path;

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
    let out = copydesk_in(dir.path())
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
    let out = copydesk_in(dir.path())
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
    copydesk_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "Written at NSPCC.\n"
    );
}

#[test]
fn crlf_bom_and_invalid_bytes_elsewhere_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let original = b"\xEF\xBB\xBFIt was written at NSPCC .\r\nCaf\xE9 bytes stay.\r\nLeave a Comment\r\nEnd\r\n";
    std::fs::write(dir.path().join("a.txt"), original).unwrap();
    copydesk_in(dir.path())
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
    copydesk_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "It was the the end.\n"
    );
    copydesk_in(dir.path())
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
    let out = copydesk_in(dir.path())
        .args(["check", "--diff", "seed.txt"])
        .assert()
        .code(1);
    let diff = out.get_output().stdout.clone();
    assert!(diff.starts_with(b"--- seed.txt\n+++ seed.txt\n"));
    assert_eq!(
        std::fs::read(dir.path().join("seed.txt")).unwrap(),
        std::fs::read("tests/fixtures/seed-article.txt").unwrap()
    );
    patch(dir.path(), &diff);
    assert_eq!(
        std::fs::read(dir.path().join("seed.txt")).unwrap(),
        std::fs::read("tests/fixtures/seed-article.fixed.txt").unwrap()
    );
    // Nothing left to change: an empty diff and exit code 0 on a clean file.
    std::fs::write(dir.path().join("clean.txt"), "A clean sentence.\n").unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--diff", "clean.txt"])
        .assert()
        .code(0);
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--fix", "--format", "concise", "-"])
        .write_stdin("Written at NSPCC .\nLeave a Comment\n")
        .assert()
        .code(0);
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        "Written at NSPCC.\n"
    );
}

/// Hundreds of thousands of fixes in one file (issue #21): each is applied once, none is lost.
/// 2,000 lines, or 300,000 in a long run; without the per-rule cap, which would leave all but
/// ten passes of a thousand for another run.
#[test]
fn every_one_of_many_fixes_applies() {
    let lines = if crate::util::long() { 300_000 } else { 2_000 };
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk_in(dir.path())
        .args([
            "check",
            "--fix",
            "--format",
            "concise",
            "--max-findings-per-rule",
            "0",
            "-",
        ])
        .write_stdin("Hello\u{c2} world.\n".repeat(lines))
        .assert()
        .code(0);
    assert_eq!(stderr_of(&out), format!("{lines} fixes applied\n"));
    assert!(stdout_of(&out) == "Hello world.\n".repeat(lines).as_bytes());
}

/// A diff of tens of thousands of changed lines (issue #21) among unchanged ones is a diff that
/// `patch` applies, however much of it the search for the shortest one matched in its time.
/// 2,000 changed lines, or 100,000 in a long run (without the per-rule cap).
#[test]
fn a_diff_of_many_changed_lines_applies_with_patch() {
    let lines = if crate::util::long() { 100_000 } else { 2_000 };
    let dir = tempfile::tempdir().unwrap();
    let (mut text, mut fixed) = (String::new(), String::new());
    for i in 0..lines {
        text.push_str(&format!("Hello\u{c2} world.\nLine {i}.\n"));
        fixed.push_str(&format!("Hello world.\nLine {i}.\n"));
    }
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--diff", "--max-findings-per-rule", "0", "a.txt"])
        .assert()
        .code(1);
    assert_eq!(stderr_of(&out), format!("{lines} fixes would be applied\n"));
    let diff = stdout_of(&out);
    assert!(diff.starts_with(b"--- a.txt\n+++ a.txt\n@@ -1,"));
    patch(dir.path(), &diff);
    assert!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap() == fixed);
}

// Safety of --fix: nothing the user gave is lost, nothing is claimed that did not happen.

const JUNK: &str = "Hello.\n\nLeave a Comment\n";
const JUNK_FIXED: &str = "Hello.\n";
const JUNK_FINDING: &str = "a.txt:3:1: error: Comment-form text 'Leave a Comment' was scraped \
    with the article: delete the line. [Junk.CommentWidget]\n";

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

fn stdout_of(out: &assert_cmd::assert::Assert) -> Vec<u8> {
    out.get_output().stdout.clone()
}

#[test]
fn stdin_fix_writes_back_every_byte_it_does_not_fix() {
    let dir = tempfile::tempdir().unwrap();
    let clean = b"A clean sentence.\n".to_vec();
    let binary = [&b"ab\0cd"[..], &[0xE9; 100_000][..]].concat();
    let large = "Words of a sentence. ".repeat(10_000).into_bytes();
    for (input, args) in [
        (&clean, &["check", "--fix", "-"][..]),
        (&binary, &["check", "--fix", "-"]),
        (&large, &["check", "--fix", "--max-filesize", "1K", "-"]),
    ] {
        let out = copydesk_in(dir.path())
            .args(args)
            .write_stdin(input.clone())
            .assert()
            .code(0);
        assert!(
            stdout_of(&out) == *input,
            "{} bytes not written back",
            input.len()
        );
    }
}

#[test]
fn an_output_file_that_is_an_input_is_refused_before_it_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("o.txt"), JUNK).unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "-o", "o.txt", "./o.txt"])
        .assert()
        .code(2);
    assert_eq!(
        stderr_of(&out),
        "error: -o o.txt is the input ./o.txt: writing the report would destroy it; choose \
         another file\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("o.txt")).unwrap(),
        JUNK
    );

    // Corpus mode, and standard input redirected from the output file.
    let shard = "{\"text\":\"Leave a Comment\"}\n";
    std::fs::write(dir.path().join("s.jsonl"), shard).unwrap();
    copydesk_in(dir.path())
        .args([
            "check",
            "--input-format",
            "jsonl",
            "-o",
            "s.jsonl",
            "s.jsonl",
        ])
        .assert()
        .code(2);
    let stdin = std::fs::File::open(dir.path().join("s.jsonl")).unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
        .args(["check", "--input-format", "jsonl", "-o", "s.jsonl"])
        .current_dir(dir.path())
        .stdin(stdin)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.jsonl")).unwrap(),
        shard
    );
}

#[test]
fn a_report_inside_a_walked_folder_is_not_linted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tree")).unwrap();
    std::fs::write(dir.path().join("tree/a.txt"), JUNK).unwrap();
    for _ in 0..2 {
        let out = copydesk_in(dir.path())
            .args(["check", "--format", "concise", "-o", "tree/r.txt", "tree"])
            .assert()
            .code(1);
        assert_eq!(stderr_of(&out), "");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("tree/r.txt")).unwrap(),
            JUNK_FINDING.replace("a.txt", "tree/a.txt")
        );
    }
}

#[test]
fn one_file_named_three_ways_is_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    let absolute = path.to_str().unwrap();
    let out = copydesk_in(dir.path())
        .args([
            "check", "--fix", "--format", "concise", "a.txt", "./a.txt", absolute,
        ])
        .assert()
        .code(0);
    assert_eq!(stderr_of(&out), "1 fix applied\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK_FIXED);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_fixed_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("f.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = copydesk_in(dir.path())
        .args(["check", "--fix", "f.txt"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(0);
    assert_eq!(
        stderr_of(&out),
        "note: f.txt: not a regular file; --fix changes regular files only, skipped\n\
         0 fixes applied\n"
    );
    let meta = std::fs::symlink_metadata(dir.path().join("f.txt")).unwrap();
    assert!(meta.file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_file_with_hard_links_is_not_split_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), JUNK).unwrap();
    std::fs::hard_link(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--fix", "--format", "concise", "a.txt"])
        .assert()
        .code(2);
    // The finding is still in the file, so it is still reported; no fix is counted.
    assert_eq!(stdout_of(&out), JUNK_FINDING.as_bytes());
    assert_eq!(
        stderr_of(&out),
        "error: a.txt: the file has 2 hard links and replacing it would leave the other names \
         with the old text; not overwritten (--diff shows the fixes)\n0 fixes applied\n"
    );
    for name in ["a.txt", "b.txt"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            JUNK
        );
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced_even_by_root() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--fix", "--format", "concise", "a.txt"])
        .assert()
        .code(2);
    assert_eq!(
        stderr_of(&out),
        "error: a.txt: the file is read-only; not overwritten\n0 fixes applied\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK);
}

#[cfg(target_os = "linux")]
#[test]
fn extended_attributes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    if let Err(e) = xattr::set(&path, "user.copydesk-test", b"kept") {
        eprintln!("skipped: this file system takes no user extended attributes ({e})");
        return;
    }
    copydesk_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK_FIXED);
    assert_eq!(
        xattr::get(&path, "user.copydesk-test").unwrap().as_deref(),
        Some(&b"kept"[..])
    );
}

/// Runs `copydesk check --fix` on a large file and sends SIGINT as soon as its temporary file
/// appears; returns whether the signal landed while it existed.
#[cfg(unix)]
fn interrupt_while_writing(dir: &Path) -> bool {
    let bin = assert_cmd::cargo::cargo_bin("copydesk");
    let mut child = std::process::Command::new(bin)
        .args(["check", "--fix", "--format", "concise", "big.txt"])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temporary = || {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".copydesk-fix-")
            })
    };
    let mut caught = false;
    while child.try_wait().unwrap().is_none() {
        if temporary() {
            let pid = child.id().to_string();
            std::process::Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap();
            caught = true;
            break;
        }
    }
    child.wait().unwrap();
    assert!(!temporary(), "a temporary file was left behind");
    caught
}

#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_no_temporary_file_and_the_original_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that writing the fixed copy takes a while; the fix is at the very end.
    let body = "A plain sentence of the article.\n".repeat(200_000);
    let original = format!("{body}\nLeave a Comment\n");
    // The last paragraph goes with the blank line before it.
    let fixed = body.clone();
    let mut caught = false;
    for _ in 0..5 {
        std::fs::write(dir.path().join("big.txt"), &original).unwrap();
        caught = interrupt_while_writing(dir.path());
        let now = std::fs::read_to_string(dir.path().join("big.txt")).unwrap();
        assert!(now == original || now == fixed, "the file was damaged");
        if caught {
            break;
        }
    }
    assert!(caught, "the signal never landed while the file was written");
}

/// A folder anyone may write, as a shared upload or temporary folder is.
#[cfg(unix)]
fn world_writable_dir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

/// Runs `copydesk ARGS` in `dir` as the unprivileged user and group 65534 through `setpriv`;
/// `None` (the test is skipped, with a message) when the tests do not run as root or `setpriv`
/// is missing.
#[cfg(unix)]
fn as_nobody(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let bin = assert_cmd::cargo::cargo_bin("copydesk");
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .output();
    match output {
        Ok(output) if root => Some(output),
        _ => {
            eprintln!("skipped: needs root and setpriv to run copydesk as another user");
            None
        }
    }
}

#[cfg(unix)]
fn owner(path: &Path) -> (u32, u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (meta.uid(), meta.gid(), meta.mode() & 0o7777)
}

#[cfg(unix)]
fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_user_cannot_fix_a_file_that_is_not_theirs_to_write() {
    let dir = world_writable_dir();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    chmod(&path, 0o644);
    let Some(out) = as_nobody(
        dir.path(),
        &["check", "--fix", "--format", "concise", "a.txt"],
    ) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: a.txt: the file cannot be written (Permission denied (os error 13)); not \
         overwritten\n0 fixes applied\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK);
    assert_eq!(owner(&path), (0, 0, 0o644));
}

#[cfg(unix)]
#[test]
fn a_users_read_only_file_stays_read_only() {
    let dir = world_writable_dir();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    chown(&path, 65534, 65534);
    chmod(&path, 0o444);
    let Some(out) = as_nobody(dir.path(), &["check", "--fix", "a.txt"]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK);
    assert_eq!(owner(&path), (65534, 65534, 0o444));
}

#[cfg(unix)]
#[test]
fn a_fix_that_cannot_keep_the_group_is_refused() {
    let dir = world_writable_dir();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    // The user owns the file, the group is one the user is not in.
    chown(&path, 65534, 0);
    chmod(&path, 0o664);
    let Some(out) = as_nobody(dir.path(), &["check", "--fix", "a.txt"]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: a.txt: the fixed file cannot keep the owner 65534:0 (Operation not permitted (os \
         error 1)); not overwritten\n0 fixes applied\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK);
    assert_eq!(owner(&path), (65534, 0, 0o664));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn root_fixing_a_users_set_user_id_file_keeps_its_owner() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if !root {
        eprintln!("skipped: needs root to give a file to another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, JUNK).unwrap();
    chown(&path, 65534, 65534);
    chmod(&path, 0o4755);
    copydesk_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JUNK_FIXED);
    // Never a set-user-ID file owned by root.
    assert_eq!(owner(&path), (65534, 65534, 0o4755));
}

// Markdown: deleting a junk line must not change how the rest of the document renders.

/// Writes `input` to `a.md`, runs `check --fix` (with `extra` arguments) on it and returns the
/// exit code and the file's bytes afterwards.
fn fix_markdown(input: &[u8], extra: &[&str]) -> (i32, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, input).unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--fix", "--format", "concise"])
        .args(extra)
        .arg("a.md")
        .output()
        .unwrap();
    (out.status.code().unwrap(), std::fs::read(&path).unwrap())
}

#[test]
fn a_junk_setext_heading_goes_with_its_dashed_underline() {
    // The underline alone would be a thematic break.
    let (code, fixed) = fix_markdown(b"Leave a Comment\n---------------\n\nReal text.\n", &[]);
    assert_eq!((code, fixed.as_slice()), (0, &b"Real text.\n"[..]));
    let (code, fixed) = fix_markdown(b"Intro.\n\nLeave a Comment\n---\n\nReal text.\n", &[]);
    assert_eq!(
        (code, fixed.as_slice()),
        (0, &b"Intro.\n\nReal text.\n"[..])
    );
}

#[test]
fn a_junk_setext_heading_goes_with_its_equals_underline() {
    // The underline alone would be a paragraph of `=`.
    let (code, fixed) = fix_markdown(b"Leave a Comment\n===============\n\nReal text.\n", &[]);
    assert_eq!((code, fixed.as_slice()), (0, &b"Real text.\n"[..]));
}

#[test]
fn a_junk_setext_heading_at_the_top_does_not_open_front_matter() {
    // The underline alone would open front matter up to the next `---` and hide `title: x`,
    // which stays a heading.
    let (code, fixed) = fix_markdown(b"Leave a Comment\n---\ntitle: x\n---\n", &[]);
    assert_eq!((code, fixed.as_slice()), (0, &b"title: x\n---\n"[..]));
}

#[test]
fn a_junk_setext_heading_in_a_crlf_file_keeps_its_line_endings() {
    for (input, output) in [
        (
            &b"Intro.\r\n\r\nLeave a Comment\r\n---------------\r\n\r\nReal text.\r\n"[..],
            &b"Intro.\r\n\r\nReal text.\r\n"[..],
        ),
        (
            b"Leave a Comment\r\n===\r\n\r\nReal text.\r\n",
            b"Real text.\r\n",
        ),
        (
            b"Leave a Comment\r\n---\r\ntitle: x\r\n---\r\n",
            b"title: x\r\n---\r\n",
        ),
    ] {
        let (code, fixed) = fix_markdown(input, &[]);
        assert_eq!(
            (code, String::from_utf8_lossy(&fixed)),
            (0, String::from_utf8_lossy(output)),
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn a_junk_heading_of_two_lines_is_deleted_in_two_passes() {
    // Deleted together, both lines would leave the underline behind: one goes, then the other
    // with the underline.
    let (code, fixed) = fix_markdown(
        b"Intro.\n\nLeave a Comment\nShare this\n---\n\nBody.\n",
        &[],
    );
    assert_eq!((code, fixed.as_slice()), (0, &b"Intro.\n\nBody.\n"[..]));
}

#[test]
fn a_junk_line_whose_deletion_changes_the_rest_is_left_even_with_unsafe_fixes() {
    for input in [
        // Two lists would become one.
        &b"- a\n\nLeave a Comment\n\n- b\n"[..],
        // The next line would become an indented code block.
        b"Leave a Comment\n    not code\n\nBody.\n",
    ] {
        let (code, fixed) = fix_markdown(input, &["--unsafe-fixes"]);
        assert_eq!((code, fixed.as_slice()), (1, input));
    }
}

/// Applies the unified diff `diff` in `dir` with the real `patch -p0`.
fn patch(dir: &std::path::Path, diff: &[u8]) {
    std::fs::write(dir.join("fix.diff"), diff).unwrap();
    let status = std::process::Command::new("patch")
        .args(["-p0", "--quiet", "-i", "fix.diff"])
        .current_dir(dir)
        .status()
        .expect("patch is installed");
    assert!(status.success());
}

/// Writes `input` to `name` in a fresh folder, runs `check --fix` on it and returns the file's
/// text afterwards.
fn fixed_as(name: &str, input: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), input).unwrap();
    copydesk_in(dir.path())
        .args(["check", "--fix", "--fail-on", "never", name])
        .assert()
        .code(0);
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn a_widget_line_that_ends_a_markdown_file_after_a_heading_is_fixed() {
    // The line's deletion takes the line break before it: the blank line between the blocks,
    // which the prose of a document with a heading did not map onto the file's own.
    let input = "# H\n\nText.\n\nLeave a Comment\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), input).unwrap();
    let out = crate::util::stdout(
        copydesk_in(dir.path()).args(["check", "--format", "json", "a.md"]),
        1,
    );
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        found[0]["fix"],
        serde_json::json!({
            "applicability": "safe",
            "edits": [{"start_byte": 11, "end_byte": 28, "replacement": ""}],
        })
    );
    for (name, input, output) in [
        ("a.md", input, "# H\n\nText.\n"),
        ("a.md", "Text.\n\nLeave a Comment\n", "Text.\n"),
        (
            "a.md",
            "# H\r\n\r\nText.\r\n\r\nLeave a Comment\r\n",
            "# H\r\n\r\nText.\r\n",
        ),
        ("a.md", "# H\n\nText.\n\nLeave a Comment", "# H\n\nText."),
        ("a.txt", input, "# H\n\nText.\n"),
    ] {
        assert_eq!(fixed_as(name, input), output, "{name}: {input:?}");
    }
}

#[test]
fn deleting_a_paragraph_leaves_one_blank_line_between_its_neighbours() {
    for name in ["a.txt", "a.md", "a.html"] {
        for (input, output) in [
            ("Intro.\n\nLeave a Comment\n\nBody.\n", "Intro.\n\nBody.\n"),
            (
                "Intro.\r\n\r\nLeave a Comment\r\n\r\nBody.\r\n",
                "Intro.\r\n\r\nBody.\r\n",
            ),
            // At the start of the file, the blank line after it goes.
            ("Leave a Comment\n\nBody.\n", "Body.\n"),
            // Two paragraphs of junk, each with its blank line.
            (
                "Intro.\n\nLeave a Comment\n\nShare this:\n\nBody.\n",
                "Intro.\n\nBody.\n",
            ),
            // A line inside a paragraph goes alone.
            ("Intro.\nLeave a Comment\n\nBody.\n", "Intro.\n\nBody.\n"),
        ] {
            assert_eq!(fixed_as(name, input), output, "{name}: {input:?}");
        }
    }
    // At the end, the blank line before it goes, and the file ends as it did (HTML's text runs
    // the lines of the last paragraph together with the one before: no fix there).
    for name in ["a.txt", "a.md"] {
        for (input, output) in [
            ("Intro.\n\nLeave a Comment\n", "Intro.\n"),
            ("Intro.\n\nLeave a Comment", "Intro."),
            ("Intro.\r\n\r\nLeave a Comment", "Intro."),
        ] {
            assert_eq!(fixed_as(name, input), output, "{name}: {input:?}");
        }
    }
}

#[test]
fn diff_exits_with_1_only_when_something_would_change() {
    let dir = tempfile::tempdir().unwrap();
    // An error no fix removes: nothing would change, so exit code 0 and no diff.
    std::fs::write(
        dir.path().join("a.txt"),
        "Write to [email protected] today.\n",
    )
    .unwrap();
    let (out, err) = crate::util::run(
        copydesk_in(dir.path()).args(["check", "--diff", "a.txt"]),
        0,
    );
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("", "0 fixes would be applied\n")
    );
    // The same error and a widget line: the diff, and exit code 1.
    std::fs::write(
        dir.path().join("b.txt"),
        "Write to [email protected] today.\n\nLeave a Comment\n",
    )
    .unwrap();
    let (out, err) = crate::util::run(
        copydesk_in(dir.path()).args(["check", "--diff", "b.txt"]),
        1,
    );
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            "--- b.txt\n+++ b.txt\n@@ -1,3 +1 @@\n Write to [email protected] today.\n-\n-Leave a Comment\n",
            "1 fix would be applied\n"
        )
    );
    // A failing level means nothing to --diff: refused rather than ignored.
    let (out, err) = crate::util::run(
        copydesk_in(dir.path()).args(["check", "--diff", "--fail-on", "never", "b.txt"]),
        2,
    );
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            "",
            "error: --fail-on does not apply with --diff, whose exit code says whether \
             something would change\n"
        )
    );
}
