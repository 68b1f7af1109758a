//! Floors for the real-page sets of `copydesk eval --real` (issue #19): trafilatura's
//! evaluation pages and the Article Extraction Benchmark, read from `../shared/real` at run
//! time (nothing of them is in the repository). Skipped when that folder is absent.
//!
//! The floors are the figures measured when the readers were written, rounded down (recall)
//! or up (false alarms) to two decimals, so they cannot quietly fall back; the item counts are
//! exact because the data is fixed.

use crate::util::{builtin, real_set};
use copydesk::eval::real::{SetResult, aeb, trafilatura};

/// Asserts the item counts and the two floors of one row.
fn check(r: &SetResult, bad_total: usize, good_total: usize, recall: f64, false_alarms: f64) {
    eprintln!(
        "{}: {}/{} bad, {}/{} good flagged",
        r.name, r.bad.flagged, r.bad.total, r.good.flagged, r.good.total
    );
    assert_eq!(
        (r.bad.total, r.good.total),
        (bad_total, good_total),
        "{}",
        r.name
    );
    assert!(
        r.bad.rate() >= recall,
        "{}: recall {}",
        r.name,
        r.bad.rate()
    );
    assert!(
        r.good.rate() <= false_alarms,
        "{}: false alarms {}",
        r.name,
        r.good.rate()
    );
}

#[test]
fn real_trafilatura_eval_floors() {
    let Some(dir) = real_set("trafilatura-eval") else {
        return;
    };
    let linter = builtin();
    let rows = trafilatura::read(linter, &dir).unwrap();
    assert_eq!(rows.len(), 1);
    // At the start of issue #19: 117/448 (0.261), 31/475 (6.5%). Now 141/448 (0.315), 24/475
    // (5.05%); the target is 0.7 / 2%. The 24th is a real fault of its page, two
    // sentences run together without a space (Typography.MissingSpaceAfterStop). Ten of the
    // lines are footers: copyright lines that open with the sign and a year
    // (Junk.CopyrightFooter), and platform credits (Junk.PlatformCredit).
    check(&rows[0], 448, 475, 0.31, 0.051);
}

#[test]
fn real_aeb_floors() {
    let Some(dir) = real_set("aeb-article-extraction") else {
        return;
    };
    let linter = builtin();
    let rows = aeb::read(linter, &dir).unwrap();
    assert_eq!(rows.len(), 2);
    // At the start of issue #19: trafilatura 35/789 (0.044), 165/3658 (4.51%). Now 418/789
    // (0.530), 99/3658 (2.71%); the target is 0.5 / 1.5%. 16 of those lines are quotes
    // the pages open curly and close straight (or the reverse), which issue #20 asks to flag.
    check(&rows[0], 789, 3658, 0.52, 0.028);
    // At the start: html-text 5018/25383 (0.198), 469/5687 (8.25%). Now 5833/25383 (0.230),
    // 438/5687 (7.70%): issue #20's rules added two body lines, each a fault the hand-made body
    // keeps from its page, a straight quotation closed after a space (Quotes.StraightSpacing)
    // and a sentence cut in two by a paragraph break (Translation.ParagraphBreakInSentence).
    check(&rows[1], 25383, 5687, 0.22, 0.0771);
}
