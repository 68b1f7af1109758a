//! `trafilatura-eval`: 185 real English pages from trafilatura's evaluation corpus, each with a
//! few snippets that belong to the main text (`with`) and a few that are boilerplate (`without`).
//!
//! Scored as issue #19 says, on "the text of every block element": each page is linted as HTML,
//! the way a user runs copydesk on a saved page, and its text is cut into one line per block
//! element by copydesk's own HTML front end ([`crate::markup::extract`]), which lays out each
//! block (`p`, `div`, `li`, `h1`-`h6`, `td`, `br`, ...) as a paragraph of its prose. Reusing it
//! rather than a second block splitter means the lines are exactly the blocks the checks read,
//! and the prose map carries each block back to its bytes in the page, where the diagnostics
//! point. A block whose source lines run on (a `<p>` broken over several lines of HTML) is one
//! line; code and `pre` are not prose there, so a snippet inside them is on no line.
//!
//! A line holding a `without` snippet is a bad item, a line holding a `with` snippet a good
//! item; a line is flagged when any diagnostic's span touches its bytes. A snippet is matched
//! in a line with white space collapsed on both sides (pages break lines and indent inside
//! blocks) and case kept. Each snippet places one line, the first that holds it (as
//! PROVENANCE.md scores per snippet): a short `without` snippet such as "Reply" is on every
//! comment of a page and would otherwise weigh thirty times; a line holding several snippets of
//! one kind counts once, and a snippet found on no line (inside `pre` or `code`, or lost to
//! the page's encoding) is not counted. This gives 448 bad and 475 good lines where the issue's
//! independent script, with a block splitter of its own, found 454 and 532; the recall and
//! false-alarm rates agree (0.26, 6.5% against 6.4%).
//!
//! A second row, a report, scores the same lines as `copydesk check` reads a saved page by
//! default: its content root (`article`, `main`, `[itemprop=articleBody]`) less the elements it
//! skips. A line the root leaves out counts as flagged, since the linter leaves it out of the
//! article; one inside, as flagged when a diagnostic touches it.

use super::{SetResult, bad_data, gunzip, par_map, read_bytes, touching};
use crate::config::Settings;
use crate::error::Error;
use crate::linter::Linter;
use crate::markup::{self, HtmlScope, Markup};
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// One page's annotation in `evaldata-en.json` (other fields are ignored).
#[derive(Debug, Deserialize)]
struct Entry {
    file: String,
    #[serde(default)]
    with: Option<Vec<String>>,
    #[serde(default)]
    without: Option<Vec<String>>,
}

/// Scores the set in `dir` (see the module documentation).
pub fn read(linter: &Linter, dir: &Path) -> Result<Vec<SetResult>, Error> {
    let index = dir.join("evaldata-en.json");
    let entries: BTreeMap<String, Entry> =
        serde_json::from_slice(&read_bytes(&index)?).map_err(|e| bad_data(&index, e))?;
    let mut pages = Vec::new();
    for entry in entries.into_values() {
        let path = dir.join("html").join(format!("{}.gz", entry.file));
        pages.push((entry, gunzip(&path)?));
    }
    // The whole page, as the snippets are scored on it: a content root would leave the chrome
    // around the article unlinted, and its lines unscored.
    let whole = Settings {
        html: std::sync::Arc::new(HtmlScope::whole_page()),
        ..Settings::all(linter.rules())
    };
    // And as `copydesk check` reads a saved page by default, for the second row.
    let rooted = Settings {
        html: std::sync::Arc::new(HtmlScope::default()),
        ..Settings::all(linter.rules())
    };
    let count = pages.len();
    let scored = par_map(&pages, |(entry, bytes)| {
        score_page(linter, &whole, &rooted, entry, bytes)
    });
    let mut whole_row = SetResult {
        name: format!("trafilatura-eval (en, {count} pages)"),
        scoring: "lines (block elements) with a `without` snippet / with a `with` snippet".into(),
        ..SetResult::default()
    };
    let mut rooted_row = SetResult {
        name: format!("trafilatura-eval (en, {count} pages), default content root"),
        scoring: format!(
            "as above, each page linted as `copydesk check` reads it (its content root, less the \
             elements it skips); a line left out of the root counts as flagged, by `{OUTSIDE}`"
        ),
        ..SetResult::default()
    };
    for page in scored {
        for item in page {
            whole_row.count_text(item.bad, &item.rules, &item.text);
            rooted_row.count_text(item.bad, &item.rooted, &item.text);
        }
    }
    Ok(vec![whole_row, rooted_row])
}

/// What the second row counts a line left out of the content root as flagged by.
const OUTSIDE: &str = "(outside the content root)";

/// One scored line: bad (holds boilerplate) or good (holds main text), and the rules whose
/// diagnostics touch it, with the page linted whole and as `copydesk check` reads it.
struct Item {
    bad: bool,
    rules: BTreeSet<String>,
    rooted: BTreeSet<String>,
    text: String,
}

fn score_page(
    linter: &Linter,
    whole: &Settings,
    rooted: &Settings,
    entry: &Entry,
    bytes: &[u8],
) -> Vec<Item> {
    // The `.html` name makes the linter read the page as HTML. A page that is not text (a NUL
    // byte) would be skipped by the CLI too, so it scores nothing here.
    let Ok(source) = SourceFile::new(format!("{}.html", entry.file), bytes.to_vec()) else {
        return Vec::new();
    };
    let diagnostics = linter.lint_with(&source, whole);
    let rooted_diagnostics = linter.lint_with(&source, rooted);
    let prose = markup::extract(Markup::Html, source.text());
    // The bytes of the page that its content root keeps as prose, block by block, in order.
    let root = markup::extract_scoped(Markup::Html, source.text(), &rooted.html);
    let kept: Vec<Range<usize>> = blocks(&root.text)
        .map(|b| source.map().to_source(root.map.to_source(b)))
        .collect();
    let in_root = |bytes: &Range<usize>| {
        let i = kept.partition_point(|k| k.end <= bytes.start);
        kept.get(i).is_some_and(|k| k.start < bytes.end)
    };
    let with = normalised(entry.with.as_deref().unwrap_or_default());
    let without = normalised(entry.without.as_deref().unwrap_or_default());
    // Which snippets have been placed on a line already: (bad kind, index in its list).
    let mut placed: BTreeSet<(bool, usize)> = BTreeSet::new();
    let mut items = Vec::new();
    for block in blocks(&prose.text) {
        let line = collapse(&prose.text[block.clone()]);
        let mut first_for = |bad: bool, snippets: &[String]| {
            let mut any = false;
            for (i, s) in snippets.iter().enumerate() {
                if line.contains(s.as_str()) && placed.insert((bad, i)) {
                    any = true;
                }
            }
            any
        };
        let (is_bad, is_good) = (first_for(true, &without), first_for(false, &with));
        if !is_bad && !is_good {
            continue;
        }
        let bytes = source.map().to_source(prose.map.to_source(block));
        let rules = touching(&diagnostics, &bytes);
        let rooted = if in_root(&bytes) {
            touching(&rooted_diagnostics, &bytes)
        } else {
            BTreeSet::from([OUTSIDE.to_string()])
        };
        // A line holding both kinds (rare) is one bad and one good item.
        for (holds_kind, bad) in [(is_bad, true), (is_good, false)] {
            if holds_kind {
                items.push(Item {
                    bad,
                    rules: rules.clone(),
                    rooted: rooted.clone(),
                    text: line.clone(),
                });
            }
        }
    }
    items
}

/// The blocks of the front end's prose: paragraphs separated by a blank line.
fn blocks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    text.split("\n\n").filter_map(move |p| {
        let range = at..at + p.len();
        at += p.len() + 2;
        (!p.trim().is_empty()).then_some(range)
    })
}

fn normalised(snippets: &[String]) -> Vec<String> {
    snippets
        .iter()
        .map(|s| collapse(s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// White space collapsed to single spaces, ends trimmed.
pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
