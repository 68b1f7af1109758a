//! `copydesk stats`: one JSON line per document with rule counts and quality ratios.

use crate::util::copydesk;

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
