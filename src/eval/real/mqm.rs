//! `mqm-zh-en`: Google's expert MQM ratings of Chinese→English machine translation (WMT21 TED
//! talks; WMT23 general news and web), one row per marked error or per `No-error` verdict.
//!
//! Scored as issue #19's table says: an item is one system's translation of one segment, and it
//! is flagged when copydesk reports a warning or an error anywhere in it (suggestions do not
//! count). Good items are the error-free segments: every rater of the segment said `No-error`
//! (TED has one rater per segment, so 4,297 segments; WMT23 has three, and 292 segments all
//! three found clean).
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

use super::{SetResult, bad_data, gunzip, par_map, rules_where};
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::linter::Linter;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The two files, each a row of the table: (file, row name, segment key columns).
const FILES: &[(&str, &str, &[&str])] = &[
    (
        "mqm_ted_zhen.tsv.gz",
        "mqm TED error-free",
        &["system", "doc", "seg_id"],
    ),
    (
        "mqm_generalMT2023_zhen.sxs.errors.tsv.gz",
        "mqm WMT23 error-free",
        &["system", "globalSegId"],
    ),
];

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
        .collect()
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

fn read_file(linter: &Linter, path: &Path, name: &str, key: &[&str]) -> Result<SetResult, Error> {
    let text = String::from_utf8(gunzip(path)?).map_err(|e| bad_data(path, e))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |c: &str| {
        header.iter().position(|h| *h == c).ok_or_else(|| {
            Error::Usage(format!("{}: no column `{c}` in the header", path.display()))
        })
    };
    let key: Vec<usize> = key.iter().map(|c| column(c)).collect::<Result<_, _>>()?;
    let (target, category) = (column("target")?, column("category")?);
    // Ordered by key so that the run is deterministic whatever the hash seed.
    let mut segments: BTreeMap<Vec<&str>, Segment> = BTreeMap::new();
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
        let segment = segments
            .entry(key.iter().map(|&k| fields[k]).collect())
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
    let items: Vec<(&str, bool)> = segments
        .values()
        .filter(|s| !s.faulted || s.claimed)
        .map(|s| (s.target.as_str(), s.claimed))
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
    Ok(result)
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
