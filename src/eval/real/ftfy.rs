//! `ftfy-mojibake`: ftfy's test cases, mojibake found in the wild (and a few constructed ones)
//! with the text that was meant, and text that only looks like mojibake.
//!
//! Scored as issue #20 counts it: a case is bad when the text as found differs from the text
//! meant, good when it is the same (PROVENANCE.md's rule: compare `original` with
//! `fixed-encoding` where given, otherwise with `fixed` after straightening the curly quotes in
//! `original`, since `fixed` also un-curls them). A case is flagged when a rule of the Encoding
//! pack fires on it, at any level: the figure is mojibake found, and other rules (a control
//! character, a replacement character) say something else. One row per file; `negative.json`
//! is the false-alarm check (30 cases unchanged, 1 that ftfy does change, a C1 ellipsis), and
//! `known-failures.json` is counted apart, as PROVENANCE.md suggests.

use super::SetResult;
use super::{par_map, rules_where};
use crate::error::Error;
use crate::linter::Linter;
use serde::Deserialize;
use std::path::Path;

/// The files, in the order of the table, with their row names.
const FILES: &[(&str, &str)] = &[
    ("in-the-wild.json", "ftfy in-the-wild"),
    ("language-names.json", "ftfy language names"),
    ("synthetic.json", "ftfy synthetic"),
    ("negative.json", "ftfy negative"),
    ("known-failures.json", "ftfy known failures"),
];

/// One test case (the fields that say what the text should be).
#[derive(Deserialize)]
struct Case {
    original: String,
    fixed: String,
    #[serde(rename = "fixed-encoding")]
    fixed_encoding: Option<String>,
}

impl Case {
    /// Whether the text as found differs from the text meant.
    fn is_mojibake(&self) -> bool {
        match &self.fixed_encoding {
            Some(meant) => self.original != *meant,
            None => straight_quotes(&self.original) != self.fixed,
        }
    }
}

/// `text` with curly quotes made straight, as ftfy's `fix_text` leaves them.
fn straight_quotes(text: &str) -> String {
    text.replace(['“', '”'], "\"").replace(['‘', '’'], "'")
}

/// Scores every file.
pub fn read(linter: &Linter, dir: &Path) -> Result<Vec<SetResult>, Error> {
    FILES
        .iter()
        .map(|(file, name)| {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).map_err(|error| Error::Io {
                path: path.display().to_string(),
                error,
            })?;
            let cases: Vec<Case> = serde_json::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let found = par_map(&cases, |c| {
                rules_where(&linter.lint_str(&c.original), |f| {
                    f.rule.starts_with("Encoding.")
                })
            });
            let mut result = SetResult {
                name: (*name).into(),
                scoring: "case with an Encoding.* finding; bad = text differs from ftfy's fix"
                    .into(),
                ..SetResult::default()
            };
            for (case, rules) in cases.iter().zip(&found) {
                result.count_text(case.is_mojibake(), rules, &case.original);
            }
            Ok(result)
        })
        .collect()
}
