//! `copydesk stats`: one JSON line per document with rule counts and quality ratios.

use crate::util::{copydesk, copydesk_in, stdout, write};

#[test]
fn stats_of_the_seed_article() {
    let out = copydesk()
        .args(["stats", "tests/fixtures/seed-article.txt"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["path"], "tests/fixtures/seed-article.txt");
    let s = &v["stats"];
    assert_eq!(s["bytes"], 4766);
    assert_eq!(s["lines"], 28);
    assert_eq!(s["errors"], 2);
    assert_eq!(s["rules"]["Junk.EmailPlaceholder"], 1);
    assert_eq!(s["rules"]["Translation.MidSentenceCapital"], 3);
    assert_eq!(s["ratios"]["gopher_stop_words"], 8);
    assert_eq!(s["ratios"]["duplicate_lines"], 0.0);
    // 17 of the 28 lines end in terminal punctuation: the helpline block does not.
    assert_eq!(s["ratios"]["terminal_punctuation_lines"], 17.0 / 28.0);
}

#[test]
fn lines_prints_each_units_chrome_features() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "Home | News\nThe council met on Tuesday and voted to close the old library for good.\n";
    write(dir.path(), "a.txt", text);
    let out = stdout(
        copydesk_in(dir.path()).args(["stats", "--lines", "a.txt"]),
        0,
    );
    let record: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let lines = record["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0]["start"].as_u64(), lines[0]["end"].as_u64()),
        (Some(0), Some(11))
    );
    let features = lines[0]["features"].as_object().unwrap();
    assert_eq!(features.len(), copydesk::checks::CHROME_FEATURES.len());
    assert_eq!(features["separator"], 1.0);
    assert_eq!(features["short"], 1.0);
    // A sentence is not scored.
    assert!(lines[1]["features"].is_null());
}
