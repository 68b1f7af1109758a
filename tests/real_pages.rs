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
    assert_eq!(rows.len(), 2);
    // At the start of issue #19: 117/448 (0.261), 31/475 (6.5%). Now 163/448 (0.364), 24/475
    // (5.05%); the target is 0.7 / 2%. The 24th is a real fault of its page, two
    // sentences run together without a space (Typography.MissingSpaceAfterStop). Ten of the
    // lines are footers: copyright lines that open with the sign and a year
    // (Junk.CopyrightFooter), and platform credits (Junk.PlatformCredit). The chrome score
    // refitted with its `run` feature (a long run of short lines) found 22 more (163/448),
    // sign-up prompts and form notices (Junk.NewsletterPrompt, NewsletterWidget and
    // CommentWidget) 15 more: 178/448 (0.397), recommendation headings by shape
    // (Junk.RelatedContent) 9 more: 187/448 (0.417). The refit on the AEB pages read without
    // their list markers: 191/448 (0.426), 23/475 (4.84%). The text of the pages' `nav`,
    // `aside` and `footer` elements as one finding each: 247/448 (0.551), no good line more;
    // with the ARIA roles of those elements 251, and WordPress's comment form in German,
    // French and Spanish (Junk.CommentWidget) 254 (0.567).
    check(&rows[0], 448, 475, 0.56, 0.049);
    // The same pages as `copydesk check` reads them (the default content root, less the
    // elements it skips), a line left out of the root counting as flagged: 314/448 (0.701),
    // 46/475 (9.68%): 24 main-text lines are outside the root the selectors find.
    check(&rows[1], 448, 475, 0.70, 0.097);
}

#[test]
fn real_aeb_floors() {
    let Some(dir) = real_set("aeb-article-extraction") else {
        return;
    };
    let linter = builtin();
    let rows = aeb::read(linter, &dir).unwrap();
    assert_eq!(rows.len(), 2);
    // A line of fewer than 5 words is in the body only with its context, and a list item is
    // read without its marker (the reader's module documentation): trafilatura writes `- item`
    // where the hand-made body has the item. Read that way, the model fitted when items counted
    // as chrome found 250/552 (0.453) with 287/3895 (7.37%) body lines flagged, most of them
    // list items; refitted on the same reading, 204/552 (0.370), 118/3895 (3.03%). The issue's
    // target is 0.5 / 1.5%. Of the body lines flagged, 35 end in an opening parenthesis where
    // the extractor dropped a citation, and 16 are quotes the pages open curly and close
    // straight (or the reverse), which issue #20 asks to flag. Lone list markers
    // (Junk.OrphanBullet), 29 of them between teaser cards: 233/552 (0.422), no body line. The
    // cards' headlines and summaries (Junk.TeaserCard) 30 more, headlines labelled `[VIDEO]` or
    // `[Bloomberg]` (Junk.TaggedHeadline) 10, form messages (Junk.FormMessage) 4: 277/552
    // (0.502), no body line. The word features bounded and refitted: 284/552 (0.514),
    // 119/3895 (3.06%).
    check(&rows[0], 552, 3895, 0.51, 0.031);
    // html-text, read the same way: 6113/26679 (0.229), 158/4391 (3.60%) before the `run`
    // feature, then 16066/26679 (0.602), 167/4391 (3.80%); with the sign-up prompts 16135,
    // with the recommendation headings 16216 (0.608); refitted 16115 (0.604), 162 (3.69%);
    // with the lone markers, teaser cards, tagged headlines and form messages 16145; refitted
    // 16248 (0.609). (As
    // substrings alone, before: 5833/25383 and 438/5687, most of the good lines then menu
    // items such as `News` or `Home`.)
    check(&rows[1], 26679, 4391, 0.60, 0.037);
}
