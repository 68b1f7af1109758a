//! Files that are not UTF-8. A legacy encoding (Windows-1252 here, as older articles are saved)
//! is guessed, reported once as `Core.Encoding`, and the decoded text linted with every span on
//! the file's own bytes; `--fix` writes such a file back in its encoding. Damaged UTF-8 is
//! reported run by run, in bounded number. Nothing is quadratic in the number of bad bytes.

use crate::util::{copydesk, long, write};
use encoding_rs::WINDOWS_1252;
use std::time::Duration;

/// An article with characters outside ASCII (all of them in Windows-1252) and findings with
/// ASCII fixes around them.
const ARTICLE: &str = "The café owners in Zürich said that the the new rules for the terraces \
                       “were late” and that they would wait for the council.\n\n\
                       Leave a Comment\n\n\
                       The señor’s naïve résumé , however, was what the council wanted to see \
                       before the summer.\n";

/// `s` in Windows-1252.
fn cp1252(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = WINDOWS_1252.encode(s);
    assert!(!unmappable, "{s:?} is not all Windows-1252");
    bytes.into_owned()
}

/// The findings of `check --format json` on `path`, with its exit code.
fn json(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let out = copydesk()
        .timeout(Duration::from_secs(60))
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (
        out.status.code().unwrap(),
        found.as_array().unwrap().clone(),
    )
}

/// (rule, message, line, column, end line, end column) of a finding.
fn place(d: &serde_json::Value) -> (String, String, u64, u64, u64, u64) {
    (
        d["rule"].as_str().unwrap().to_string(),
        d["message"].as_str().unwrap().to_string(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["end_line"].as_u64().unwrap(),
        d["end_column"].as_u64().unwrap(),
    )
}

#[test]
fn a_windows_1252_article_is_linted_like_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = write(dir.path(), "utf8.txt", ARTICLE);
    let legacy = write(dir.path(), "legacy.txt", cp1252(ARTICLE));
    let (code, twin) = json(&[&utf8]);
    let (legacy_code, found) = json(&[&legacy]);
    assert_eq!((code, legacy_code), (1, 1));
    let (encoding, rest): (Vec<_>, Vec<_>) =
        found.iter().partition(|d| d["rule"] == "Core.Encoding");
    // One encoding finding, at the first character outside ASCII (`é`, the file's byte 7).
    assert_eq!(encoding.len(), 1);
    assert_eq!(
        place(encoding[0]),
        (
            "Core.Encoding".into(),
            "this file is windows-1252, not UTF-8: it was read as windows-1252".into(),
            1,
            8,
            1,
            9
        )
    );
    assert_eq!(
        (
            encoding[0]["start_byte"].as_u64(),
            encoding[0]["end_byte"].as_u64()
        ),
        (Some(7), Some(8))
    );
    // The same findings at the same lines and columns...
    let rules: Vec<&str> = twin.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "Translation.RepeatedWord",
            "Junk.CommentWidget",
            "Typography.SpaceBeforePunctuation"
        ]
    );
    assert_eq!(
        rest.iter().map(|d| place(d)).collect::<Vec<_>>(),
        twin.iter().map(place).collect::<Vec<_>>()
    );
    // ... on the file's own bytes: a UTF-8 offset becomes the length of the text before it in
    // Windows-1252.
    let legacy_offset = |utf8: u64| cp1252(&ARTICLE[..utf8 as usize]).len() as u64;
    for (d, t) in rest.iter().zip(&twin) {
        for key in ["start_byte", "end_byte"] {
            assert_eq!(
                d[key].as_u64().unwrap(),
                legacy_offset(t[key].as_u64().unwrap()),
                "{key} of {t}"
            );
        }
    }
}

#[test]
fn fix_writes_a_windows_1252_file_back_in_its_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = write(dir.path(), "utf8.txt", ARTICLE);
    let legacy = write(dir.path(), "legacy.txt", cp1252(ARTICLE));
    for path in [&utf8, &legacy] {
        copydesk()
            .args([
                "check",
                "--fix",
                "--unsafe-fixes",
                "--fail-on",
                "never",
                path,
            ])
            .assert()
            .code(0);
    }
    let fixed = std::fs::read_to_string(&utf8).unwrap();
    assert_eq!(
        fixed,
        "The café owners in Zürich said that the new rules for the terraces “were late” and \
         that they would wait for the council.\n\n\
         The señor’s naïve résumé, however, was what the council wanted to see before the \
         summer.\n"
    );
    // Byte for byte the Windows-1252 of the fixed twin: nothing was written as UTF-8.
    assert_eq!(std::fs::read(&legacy).unwrap(), cp1252(&fixed));
}

#[test]
fn a_fix_that_would_write_other_than_ascii_is_left_in_a_legacy_file() {
    // `Quotes.Balance` closes a curly quotation with `”` for the straight `"`: in a
    // Windows-1252 file that edit would be spliced in as UTF-8.
    let text = "She said “it was late\" and left.\n";
    let dir = tempfile::tempdir().unwrap();
    let utf8 = write(dir.path(), "utf8.txt", text);
    let legacy = write(dir.path(), "legacy.txt", cp1252(text));
    let fix_of = |found: &[serde_json::Value]| {
        found
            .iter()
            .find(|d| d["rule"] == "Quotes.Balance")
            .map(|d| d["fix"].clone())
            .unwrap()
    };
    let (_, twin) = json(&[&utf8]);
    let (_, found) = json(&[&legacy]);
    assert_eq!(fix_of(&twin)["edits"][0]["replacement"], "”");
    assert_eq!(fix_of(&found), serde_json::Value::Null);
}

#[test]
fn damaged_utf8_reports_a_hundred_runs_then_one_for_the_rest() {
    // Well-formed UTF-8 (`é` twice a line) with a stray byte on each of 150 lines: damaged
    // UTF-8, not a legacy encoding.
    let line = b"Caf\xC3\xA9 \xFF ok \xC3\xA9t\xC3\xA9.\n";
    let bytes = line.repeat(150);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "damaged.txt", &bytes);
    let (code, found) = json(&[&path]);
    assert_eq!(code, 1);
    let invalid: Vec<_> = found
        .iter()
        .filter(|d| d["rule"] == "Core.InvalidUtf8")
        .collect();
    assert_eq!(invalid.len(), 101);
    assert!(found.iter().all(|d| d["rule"] != "Core.Encoding"));
    assert_eq!(invalid[0]["message"], "invalid UTF-8 (1 byte)");
    assert_eq!(
        (
            invalid[0]["start_byte"].as_u64(),
            invalid[0]["end_byte"].as_u64()
        ),
        (Some(6), Some(7))
    );
    let last = invalid[100];
    let at = |n: usize| (n * line.len() + 6) as u64;
    assert_eq!(
        last["message"],
        format!(
            "50 more runs of invalid UTF-8 from here to byte {}",
            at(149) + 1
        )
    );
    assert_eq!(
        (last["start_byte"].as_u64(), last["end_byte"].as_u64()),
        (Some(at(100)), Some(at(149) + 1))
    );
}

#[test]
fn a_large_windows_1252_file_is_read_in_linear_time() {
    // Issue #21: 20,000 repetitions took 6 s, 2.2 MB did not finish in 90 s; every é and “ was
    // its own `Core.InvalidUtf8`. The full size runs in the long battery.
    let n = if long() { 100_000 } else { 20_000 };
    let text = "Café résumé naïve “x” ".repeat(n);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big.txt", cp1252(&text));
    let (_, found) = json(&[&path]);
    let encoding: Vec<_> = found
        .iter()
        .filter(|d| d["rule"] == "Core.Encoding")
        .collect();
    assert_eq!(encoding.len(), 1);
    assert!(found.iter().all(|d| d["rule"] != "Core.InvalidUtf8"));
}

#[test]
fn the_encoding_finding_covers_a_whole_character_of_a_multi_byte_encoding() {
    // Found by the lint_plain fuzz target: two high bytes read as one character of a two-byte
    // encoding, and the finding's span cut it in half.
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "cjk.txt",
        b".tedkkd\xac\xaclatest posts".as_slice(),
    );
    let (_, found) = json(&[&path]);
    let encoding: Vec<_> = found
        .iter()
        .filter(|d| d["rule"] == "Core.Encoding")
        .collect();
    assert_eq!(encoding.len(), 1);
    assert_eq!(
        (
            encoding[0]["start_byte"].as_u64(),
            encoding[0]["end_byte"].as_u64()
        ),
        (Some(7), Some(9))
    );
}
