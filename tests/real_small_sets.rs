//! The small public sets of `../shared/real` (MQM error-free translations, ftfy's mojibake
//! cases, the PPS tortured phrases) must not fall below the figures reached: recall at least
//! today's rounded down, false alarms at most today's rounded up. The item counts are exact, the
//! data being fixed. Skipped, with a message, where `../shared/real` is not there (it is read
//! at run time, never copied into the repository). Each set is small enough to run whole in a
//! debug build.

use crate::util::{builtin, real_set};
use copydesk::Linter;
use copydesk::error::Error;
use copydesk::eval::real::{SetResult, ftfy, mqm, tortured};
use std::path::Path;

/// The results of `read` on `set`, by row name.
fn run(
    set: &str,
    read: fn(&Linter, &Path) -> Result<Vec<SetResult>, Error>,
) -> Option<Vec<SetResult>> {
    let dir = real_set(set)?;
    Some(read(builtin(), &dir).unwrap())
}

/// Asserts a row's counts: exact totals, `bad.flagged / bad.total >= recall` and
/// `good.flagged / good.total <= alarms`.
fn check(rows: &[SetResult], name: &str, totals: (usize, usize), recall: f64, alarms: f64) {
    let row = rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name}"));
    let shown = format!("{name}: {row:?}");
    assert_eq!((row.bad.total, row.good.total), totals, "{shown}");
    assert!(row.bad.rate() >= recall, "recall fell: {shown}");
    assert!(row.good.rate() <= alarms, "false alarms rose: {shown}");
}

#[test]
fn real_mqm_error_free_segments_stay_quiet() {
    let Some(rows) = run("mqm-zh-en", mqm::read) else {
        return;
    };
    // Measured: TED 7/20 and 12/4,297 (0.28%); WMT23 112/707 and 8/292 (2.74%). The seventh TED
    // segment runs two sentences together without a space, a real fault the raters let pass
    // (Typography.MissingSpaceAfterStop). Quotes.StraightSpacing raised TED from 3/20 and 7/4,297
    // (0.16%): it finds four marked quote-punctuation errors, and five segments the raters let
    // pass with a straight quotation spaced on the inside (as in `it " Big Bang. "`), each a
    // real fault of the machine's output.
    check(&rows, "mqm TED error-free", (20, 4297), 0.35, 0.0028);
    check(&rows, "mqm WMT23 error-free", (707, 292), 0.15, 0.028);
    // Each system's document linted whole: TED the same; WMT23 64/707 and 4/292 (1.37%), the
    // four a stray or mixed closing quote and a garbled quotation start.
    check(
        &rows,
        "mqm TED error-free, in its document",
        (20, 4297),
        0.35,
        0.0028,
    );
    check(
        &rows,
        "mqm WMT23 error-free, in its document",
        (707, 292),
        0.08,
        0.014,
    );
}

#[test]
fn real_ftfy_mojibake_is_found() {
    let Some(rows) = run("ftfy-mojibake", ftfy::read) else {
        return;
    };
    // At the start of issue #20: 59/66 and 1/4; 17/20; 15/16 and 4/14; 0/1 and 4/30; 5/9
    // and 1/1. Now 66/66 and 1/4; 20/20; 16/16 and 0/14; 1/1 and 1/30; 8/9 and 1/1. The
    // issue's targets: in the wild 64/66, language names 19/20, and at most 2 false alarms on
    // the unchanged cases of the first four files together (now 1 + 0 + 1: a mojibake that
    // ftfy cannot undo, and one it leaves because the text also holds a correct dash).
    check(&rows, "ftfy in-the-wild", (66, 4), 1.0, 0.25);
    check(&rows, "ftfy language names", (20, 0), 1.0, 0.0);
    check(&rows, "ftfy synthetic", (16, 14), 1.0, 0.0);
    check(&rows, "ftfy negative", (1, 30), 1.0, 1.0 / 30.0);
    check(&rows, "ftfy known failures", (9, 1), 0.88, 1.0);
}

#[test]
fn real_tortured_phrases_are_found() {
    let Some(rows) = run("tortured-phrases", tortured::read) else {
        return;
    };
    // At the start of issue #20: 72/7,942 tortured phrases (0.009), 1/7,942 expected
    // phrases. With the PPS list: 7,397/7,942 (0.931), still 1/7,942 expected (the issue's
    // targets: recall 0.9, at most 5 expected phrases).
    check(
        &rows,
        "tortured phrases (PPS)",
        (7942, 7942),
        0.93,
        1.0 / 7942.0,
    );
}
