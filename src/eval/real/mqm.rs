//! `mqm-zh-en`: Google's expert MQM ratings of Chinese→English machine translation (WMT21 TED
//! talks; WMT23 general news and web), one row per marked error or per `No-error` verdict.
//!
//! Scored as issue #19's table says: an item is one system's translation of one segment, and it
//! is flagged when copydesk reports a warning or an error anywhere in it (suggestions do not
//! count). Good items are the error-free segments: every rater of the segment said `No-error`
//! (TED has one rater per segment, so 4,297 segments; WMT23 has three, and 292 segments all
//! three found clean).
//!
//! Each file gives two rows. The first is the measurement: each segment linted alone.
//! The second lints each system's translation of a document whole, its segments in order one
//! per line, and scores each segment by the findings that touch its line: raters judged a
//! segment in its document, and a quotation the segmenter split (its opening mark in one
//! segment, its closing mark in the next) is unbalanced in each half alone but not in the article
//! a user would lint. Segments that are neither good nor bad (faulted in ways copydesk does not claim) stay in
//! the document and are not scored.
//!
//! Bad items (the issue is silent; this is the choice, after PROVENANCE.md's list of the
//! categories a linter can see): segments where at least one rater marked an error of a kind
//! copydesk claims to catch — untranslated text (TED `Accuracy/Untranslated text`, WMT23
//! `Accuracy/Source language fragment`: `Translation.UntranslatedWord`), a non-translation
//! (WMT23 `Non-translation!`, degenerate output: `Translation.PhraseLoop`, `RepeatedWord`),
//! character encoding (`Fluency/Character encoding`: the Encoding pack), and punctuation errors
//! whose marked span holds a quotation mark (the Quotes pack). Other punctuation (a comma too
//! many), spelling, grammar, style and meaning errors are not claimed and not counted; a bad
//! segment is flagged by any warning or error, as the good ones are.

use super::{SetResult, bad_data, gunzip, par_map, rules_where, touching};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::linter::Linter;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The two files: (file, row name, the columns naming the system, the document and the
/// segment's number in it).
const FILES: &[(&str, &str, [&str; 3])] = &[
    (
        "mqm_ted_zhen.tsv.gz",
        "mqm TED error-free",
        ["system", "doc", "seg_id"],
    ),
    (
        "mqm_generalMT2023_zhen.sxs.errors.tsv.gz",
        "mqm WMT23 error-free",
        ["system", "doc", "docSegId"],
    ),
];

/// How the second row of each file is named and scored.
const IN_DOCUMENT: (&str, &str) = (
    ", in its document",
    "segment with a warning or error touching it, each system's document linted whole \
     (a segment per line); bad as above",
);

/// Error categories that name what copydesk claims to catch (punctuation only with a quote in
/// the marked span, see [`claimed`]).
const CLAIMED: &[&str] = &[
    "Accuracy/Untranslated text",
    "Accuracy/Source language fragment",
    "Non-translation!",
    "Fluency/Character encoding",
];

/// Straight, curly and guillemet quotation marks: a punctuation error marked on one is a quote
/// fault, which the Quotes pack is for.
const QUOTES: &[char] = &[
    '"', '\'', '“', '”', '‘', '’', '„', '«', '»', '「', '」', '『', '』',
];

/// Scores both files.
pub fn read(linter: &Linter, dir: &Path) -> Result<Vec<SetResult>, Error> {
    FILES
        .iter()
        .map(|(file, name, key)| read_file(linter, &dir.join(file), name, key))
        .collect::<Result<Vec<_>, _>>()
        .map(|rows| rows.into_iter().flatten().collect())
}

/// One segment as the ratings describe it.
#[derive(Default)]
struct Segment {
    target: String,
    /// Some rater marked an error (of any category).
    faulted: bool,
    /// Some rater marked an error of a category copydesk claims.
    claimed: bool,
}

/// A segment's place: system, document, number in the document.
type Key<'a> = (&'a str, &'a str, u32);

/// The file's two rows (see the module documentation).
fn read_file(
    linter: &Linter,
    path: &Path,
    name: &str,
    key: &[&str; 3],
) -> Result<Vec<SetResult>, Error> {
    let text = String::from_utf8(gunzip(path)?).map_err(|e| bad_data(path, e))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |c: &str| {
        header.iter().position(|h| *h == c).ok_or_else(|| {
            Error::Usage(format!("{}: no column `{c}` in the header", path.display()))
        })
    };
    let [system, doc, number] = [column(key[0])?, column(key[1])?, column(key[2])?];
    let (target, category) = (column("target")?, column("category")?);
    // Ordered by place, so that a document's segments come in order and the run is
    // deterministic whatever the hash seed.
    let mut segments: BTreeMap<Key, Segment> = BTreeMap::new();
    for (n, line) in lines.enumerate() {
        // No quoting in these files: a field is whatever lies between two tabs.
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < header.len() {
            return Err(Error::Usage(format!(
                "{}: line {} has {} fields, the header {}",
                path.display(),
                n + 2,
                fields.len(),
                header.len()
            )));
        }
        let n_in_doc: u32 = fields[number]
            .parse()
            .map_err(|e| bad_data(path, format!("line {}: segment number: {e}", n + 2)))?;
        let segment = segments
            .entry((fields[system], fields[doc], n_in_doc))
            .or_default();
        let marked = fields[target];
        if segment.target.is_empty() {
            // Each row repeats the segment with only its own span marked.
            segment.target = marked.replace("<v>", "").replace("</v>", "");
        }
        let category = fields[category];
        if category != "No-error" {
            segment.faulted = true;
            segment.claimed |= claimed(category, marked);
        }
    }
    Ok(vec![
        alone(linter, &segments, name),
        in_document(linter, &segments, name),
    ])
}

/// Whether a segment is scored, and as bad.
fn scored(segment: &Segment) -> Option<bool> {
    (!segment.faulted || segment.claimed).then_some(segment.claimed)
}

/// The row: each segment linted alone.
fn alone(linter: &Linter, segments: &BTreeMap<Key, Segment>, name: &str) -> SetResult {
    let items: Vec<(&str, bool)> = segments
        .values()
        .filter_map(|s| scored(s).map(|bad| (s.target.as_str(), bad)))
        .collect();
    let mut result = SetResult {
        name: name.into(),
        scoring: "segment with a warning or error; bad = a marked untranslated, \
                  non-translation, encoding or quote-punctuation error"
            .into(),
        ..SetResult::default()
    };
    // The same output often comes from several systems (and the human references): each
    // distinct text is linted once.
    let distinct: Vec<&str> = items
        .iter()
        .map(|(t, _)| *t)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let found = par_map(&distinct, |t| {
        rules_where(&linter.lint_str(t), |f| f.severity >= Severity::Warning)
    });
    let found: HashMap<&str, &BTreeSet<String>> = distinct.into_iter().zip(&found).collect();
    for (text, bad) in items {
        result.count_text(bad, found[text], text);
    }
    result
}

/// The second row: each system's document linted whole, a segment per line.
fn in_document(linter: &Linter, segments: &BTreeMap<Key, Segment>, name: &str) -> SetResult {
    let mut documents: BTreeMap<(&str, &str), Vec<&Segment>> = BTreeMap::new();
    for ((system, doc, _), segment) in segments {
        documents.entry((system, doc)).or_default().push(segment);
    }
    let documents: Vec<Vec<&Segment>> = documents.into_values().collect();
    let scored_documents = par_map(&documents, |segments| {
        let text: String = segments
            .iter()
            .map(|s| s.target.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let diagnostics: Vec<Diagnostic> = linter
            .lint_str(&text)
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        let mut start = 0;
        let mut out = Vec::new();
        for s in segments {
            let range = start..start + s.target.len();
            start = range.end + 1;
            if let Some(bad) = scored(s) {
                out.push((bad, touching(&diagnostics, &range)));
            }
        }
        out
    });
    let mut result = SetResult {
        name: format!("{name}{}", IN_DOCUMENT.0),
        scoring: IN_DOCUMENT.1.into(),
        ..SetResult::default()
    };
    for (segments, found) in documents.iter().zip(scored_documents) {
        let texts = segments.iter().filter(|s| scored(s).is_some());
        for (s, (bad, rules)) in texts.zip(found) {
            result.count_text(bad, &rules, &s.target);
        }
    }
    result
}

/// Whether an error of `category`, marked in `target`, is one copydesk claims to catch.
fn claimed(category: &str, target: &str) -> bool {
    if CLAIMED.contains(&category) {
        return true;
    }
    category == "Fluency/Punctuation"
        && target
            .split_once("<v>")
            .and_then(|(_, rest)| rest.split_once("</v>"))
            .is_some_and(|(span, _)| span.contains(QUOTES))
}
