//! `oscar-line-quality`: web documents from OSCAR after its boilerplate removal, each line
//! labelled by hand `"1"` (clean main text) or `"0"` (noise: menus, prices, copyright lines, UI
//! strings, text in another language, lists of words). See the folder's PROVENANCE.md.
//!
//! Scoring, as issue #19 says: an item is a line; a noise line (label `0`) is a bad item, a clean
//! line (label `1`) a good one; a line is flagged when any diagnostic's span touches it (any
//! severity, every built-in rule at its own level, as `copydesk eval` lints).
//!
//! A file is a JSON list of documents `{"text": [line, ...], "labels": [...]}`, and the rules
//! read paragraphs and neighbouring lines (boilerplate blocks, repeated lines, sentence starts),
//! so each document is linted whole, never line by line. How its lines are laid out matters:
//! the data has no blank lines, so lines joined with `\n` (PROVENANCE.md's suggestion, and the
//! layout of the figures, which this reproduces exactly) make the whole document one
//! paragraph, in which a menu line runs on into the next line as if it were a wrapped sentence.
//! Yet each OSCAR line is one text block of the page (a paragraph, heading or list item), which
//! copydesk's HTML front end would lay out as a paragraph of its own. So English is given twice:
//! in the layout (the row the floors apply to) and with a blank line between
//! lines (`a paragraph per line`), to show what the layout changes. The other languages take the
//! issue's layout ("as for en"); a paragraph per line moves them both ways (de and fr gain recall
//! but double or raise false alarms, sv and fi lose a little recall), so it is no better there.
//!
//! English dev repeats three documents of train word for word (a quarter of the lines of
//! train+dev), so English has a third row that counts each document once.
//!
//! Splits: English is train+dev (the English test split is kept outside the folder); the other
//! languages use train+dev as far as the snapshot has them (French and Swedish have no train
//! file there) and leave test aside, like English. Each document is linted with its language
//! set (the folder says it), as a config's `language:` would: rules made for English are off
//! for the others; `scoring` says so.

use super::{SetResult, bad_data, gunzip, par_map, read_bytes};
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::linter::Linter;
use crate::markup::Markup;
use crate::source::SourceFile;
use crate::text::language::Language;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The languages of the folder, English first.
pub const LANGUAGES: &[&str] = &["en", "de", "es", "fi", "fr", "sv"];

/// The splits scored, in order (test is left aside, as the English one is kept elsewhere).
pub const SPLITS: &[&str] = &["train", "dev"];

/// How a document's lines are joined before linting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Joined with `\n`: one paragraph per document (PROVENANCE.md's suggestion).
    Lines,
    /// Joined with a blank line: each line its own paragraph, as the page's blocks were.
    Blocks,
}

impl Layout {
    fn separator(self) -> &'static str {
        match self {
            Layout::Lines => "\n",
            Layout::Blocks => "\n\n",
        }
    }
}

/// One annotated document.
#[derive(Debug, Clone, Deserialize)]
pub struct Doc {
    /// Its lines, in order.
    pub text: Vec<String>,
    /// `"1"` (clean) or `"0"` (noise) for each line.
    pub labels: Vec<String>,
}

/// The reader of `eval::real`'s table: English in the layout, then English with a
/// paragraph per line, then the other languages in the layout.
pub fn read(linter: &Linter, dir: &Path) -> Result<Vec<SetResult>, Error> {
    let mut out = Vec::new();
    for &lang in LANGUAGES {
        let (splits, docs) = load(dir, lang, SPLITS)?;
        if docs.is_empty() {
            continue;
        }
        let layouts: &[Layout] = if lang == "en" {
            &[Layout::Lines, Layout::Blocks]
        } else {
            &[Layout::Lines]
        };
        for &layout in layouts {
            out.push(score(linter, lang, &splits.join("+"), &docs, layout));
        }
        if lang == "en" {
            out.push(score_once(linter, lang, &splits.join("+"), &docs));
        }
    }
    Ok(out)
}

/// The row with each document counted once: three of English dev's 17 documents are
/// documents of train again (1,233 of its 4,857 lines), and the row that joins the splits
/// counts them twice.
fn score_once(linter: &Linter, lang: &str, splits: &str, docs: &[Doc]) -> SetResult {
    let mut seen = std::collections::HashSet::new();
    let once: Vec<Doc> = docs
        .iter()
        .filter(|d| seen.insert(&d.text))
        .cloned()
        .collect();
    let dropped = docs.len() - once.len();
    let mut result = score(linter, lang, splits, &once, Layout::Lines);
    result.name.push_str(", each document once");
    result.scoring.push_str(&format!(
        "; the {dropped} documents of a later split that repeat an earlier one left out"
    ));
    result
}

/// The documents of `lang` in the `splits` found under `dir` (`NAME.json` or `NAME.json.gz`),
/// with the names of the splits that were there.
pub fn load(dir: &Path, lang: &str, splits: &[&str]) -> Result<(Vec<String>, Vec<Doc>), Error> {
    let mut found = Vec::new();
    let mut docs = Vec::new();
    for split in splits {
        let plain = dir.join(lang).join(format!("{split}.json"));
        let gz = dir.join(lang).join(format!("{split}.json.gz"));
        let (path, bytes) = if plain.is_file() {
            (&plain, read_bytes(&plain)?)
        } else if gz.is_file() {
            (&gz, gunzip(&gz)?)
        } else {
            continue;
        };
        let text = String::from_utf8(bytes).map_err(|e| bad_data(path, e))?;
        let mut these: Vec<Doc> = serde_json::from_str(&text)
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        if let Some(bad) = these.iter().position(|d| d.text.len() != d.labels.len()) {
            return Err(Error::Usage(format!(
                "{}: document {bad} has {} lines and {} labels",
                path.display(),
                these[bad].text.len(),
                these[bad].labels.len()
            )));
        }
        found.push(split.to_string());
        docs.append(&mut these);
    }
    Ok((found, docs))
}

/// Scores `docs` (of language `lang`, from `splits`) laid out as `layout`: one item per line.
pub fn score(linter: &Linter, lang: &str, splits: &str, docs: &[Doc], layout: Layout) -> SetResult {
    let language = format!("; language set to {lang}");
    let (suffix, layout_note) = match layout {
        Layout::Lines => ("", "lines joined by \\n"),
        Layout::Blocks => (", a paragraph per line", "lines joined by a blank line"),
    };
    let mut result = SetResult {
        name: format!("oscar {lang} {splits}{suffix}"),
        scoring: format!(
            "line flagged when any diagnostic touches it; bad = label 0 (noise); \
             each document linted whole, {layout_note}{language}"
        ),
        ..SetResult::default()
    };
    let mut settings = crate::config::Settings::all(linter.rules());
    settings.language = Language::from_code(lang);
    for (doc, lines) in docs.iter().zip(par_map(docs, |doc| {
        score_doc(linter, &settings, doc, layout)
    })) {
        for ((bad, rules), text) in lines.into_iter().zip(&doc.text) {
            result.count_text(bad, &rules, text);
        }
    }
    result
}

/// Lints one document whole; for each of its lines, whether it is noise and the rules that
/// touch it.
fn score_doc(
    linter: &Linter,
    settings: &Settings,
    doc: &Doc,
    layout: Layout,
) -> Vec<(bool, BTreeSet<String>)> {
    let sep = layout.separator();
    let mut text = String::with_capacity(doc.text.iter().map(|l| l.len() + sep.len()).sum());
    // Where each data line starts and ends in the joined text (without the separator).
    let mut spans = Vec::with_capacity(doc.text.len());
    for (i, line) in doc.text.iter().enumerate() {
        if i > 0 {
            text.push_str(sep);
        }
        spans.push(text.len()..text.len() + line.len());
        text.push_str(line);
    }
    let source = SourceFile::from_text("oscar.txt", &text);
    let diagnostics = linter.lint_as(&source, Markup::Plain, settings);
    // The rules that touch each line. A span touches a line when it overlaps the line or its
    // line break (a finding on the break belongs to the line it ends); an empty span (an
    // insertion point) touches the line it stands on.
    let mut rules: Vec<BTreeSet<String>> = vec![BTreeSet::new(); spans.len()];
    for f in diagnostics.iter().flat_map(Diagnostic::findings) {
        let (start, end) = (f.span.start, f.span.end.max(f.span.start + 1));
        let first = spans.partition_point(|s| s.end < start);
        for (i, s) in spans.iter().enumerate().skip(first) {
            if s.start >= end {
                break;
            }
            rules[i].insert(f.rule.to_string());
        }
    }
    doc.labels
        .iter()
        .map(|label| label == "0")
        .zip(rules)
        .collect()
}
