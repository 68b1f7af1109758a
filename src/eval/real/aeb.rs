//! `aeb-article-extraction`: 181 real article pages with a hand-made article body each, and what
//! extractors made of them. Two rows, as issue #19 asks: trafilatura's output (the junk that
//! survives a good extractor) and html-text's (the whole visible text of the page).
//!
//! Each page's extractor output is linted as plain text and cut into its lines (empty lines
//! skipped). The first line is the page's title, which the ground truth leaves out without it
//! being junk, so it is not scored. A line is in the body when its text, with white space
//! collapsed and lower-cased, is a substring of the ground-truth body treated the same way
//! (case too, because extractors and the hand-made body differ in the capitals of a few
//! headings); this is PROVENANCE.md's "exact substring match after whitespace/case
//! normalisation". A line of fewer than 5 words needs more: such a substring is found by chance
//! (`News`, `About`, `-` are in nearly every body), so the line counts as in the body only when
//! it is a whole paragraph of it, or when it runs on in the body into the next line or from the
//! previous one (a heading and its paragraph, a table split into cells). A list marker that
//! opens a line (`- `, `• `, `* `) is left out first: trafilatura writes each list item so, and
//! the hand-made body has the item's text without it.
//! Lines not in the body are the bad items, body lines the good ones; a line is flagged when
//! any diagnostic's span touches it.

use super::SetResult;
use super::trafilatura::collapse;
use super::{bad_data, gunzip, par_map, touching};
use crate::config::Settings;
use crate::error::Error;
use crate::linter::Linter;
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A page's article body, in the ground truth and in an extractor's output.
#[derive(Debug, Deserialize)]
struct Body {
    #[serde(rename = "articleBody", default)]
    article_body: Option<String>,
}

/// An extractor's output file.
#[derive(Debug, Deserialize)]
struct Output {
    output: BTreeMap<String, Body>,
}

/// The extractors scored, with the table's name for each.
const EXTRACTORS: &[(&str, &str)] = &[
    ("trafilatura", "aeb trafilatura output"),
    ("html-text", "aeb html-text (whole page)"),
];

/// Lines with fewer words than this are in the body only with their context (see the module
/// documentation).
const CONTEXT_WORDS: usize = 5;

/// A ground-truth body, white space collapsed and lower-cased, whole and paragraph by paragraph.
struct Truth {
    body: String,
    paragraphs: BTreeSet<String>,
}

impl Truth {
    fn new(body: &str) -> Truth {
        let paragraphs = body
            .split('\n')
            .map(|p| collapse(p).to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        Truth {
            body: collapse(body).to_lowercase(),
            paragraphs,
        }
    }

    /// Whether `lines[i]` (each collapsed and lower-cased) is in the body.
    fn holds(&self, lines: &[String], i: usize) -> bool {
        let line = &lines[i];
        if !self.body.contains(line.as_str()) {
            return false;
        }
        if line.split(' ').count() >= CONTEXT_WORDS || self.paragraphs.contains(line) {
            return true;
        }
        let runs_on = |a: &str, b: &str| self.body.contains(&format!("{a} {b}"));
        (i > 0 && runs_on(&lines[i - 1], line))
            || lines.get(i + 1).is_some_and(|n| runs_on(line, n))
    }
}

/// `line` without the list marker that opens it, if any (see the module documentation).
fn without_marker(line: &str) -> &str {
    let trimmed = line.trim_start();
    match trimmed.strip_prefix(['-', '•', '*']) {
        Some(rest) if rest.starts_with(char::is_whitespace) => rest,
        _ => line,
    }
}

/// Scores the set in `dir` (see the module documentation).
pub fn read(linter: &Linter, dir: &Path) -> Result<Vec<SetResult>, Error> {
    let truth_path = dir.join("ground-truth.json.gz");
    let truth: BTreeMap<String, Body> =
        serde_json::from_slice(&gunzip(&truth_path)?).map_err(|e| bad_data(&truth_path, e))?;
    let truth: Vec<(String, Truth)> = truth
        .into_iter()
        .map(|(id, b)| (id, Truth::new(&b.article_body.unwrap_or_default())))
        .collect();
    let settings = Settings::all(linter.rules());
    let mut results = Vec::new();
    for (extractor, name) in EXTRACTORS {
        let path = dir
            .join("extractor-outputs")
            .join(format!("{extractor}.json.gz"));
        let output: Output =
            serde_json::from_slice(&gunzip(&path)?).map_err(|e| bad_data(&path, e))?;
        let pages: Vec<(&str, &Truth)> = truth
            .iter()
            .map(|(id, body)| {
                let text = output
                    .output
                    .get(id)
                    .and_then(|b| b.article_body.as_deref())
                    .unwrap_or("");
                (text, body)
            })
            .collect();
        let scored = par_map(&pages, |(text, body)| {
            score_page(linter, &settings, text, body)
        });
        let mut result = SetResult {
            name: format!("{name}, {} pages", pages.len()),
            scoring: "lines not in the article body (title line excluded) / body lines".into(),
            ..SetResult::default()
        };
        for (bad, rules, text) in scored.into_iter().flatten() {
            result.count_text(bad, &rules, &text);
        }
        results.push(result);
    }
    Ok(results)
}

/// The page's scored lines: (not in the body, rules touching the line, the line).
fn score_page(
    linter: &Linter,
    settings: &Settings,
    text: &str,
    body: &Truth,
) -> Vec<(bool, BTreeSet<String>, String)> {
    let diagnostics = linter.lint_with(&SourceFile::from_text("page.txt", text), settings);
    let mut at = 0;
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let range = at..at + line.len();
        at += line.len() + 1;
        if !line.trim().is_empty() {
            lines.push(range);
        }
    }
    let normal: Vec<String> = lines
        .iter()
        .map(|r| collapse(without_marker(&text[r.clone()])).to_lowercase())
        .collect();
    lines
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(i, range)| {
            let in_body = body.holds(&normal, i);
            let rules = touching(&diagnostics, &range);
            (!in_body, rules, text[range].to_string())
        })
        .collect()
}
