//! What the linter reports: diagnostics with byte spans, labels and fixes.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// How serious a finding is. Ordered: `Suggestion < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Suggestion,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A secondary span with its own short message (e.g. where an unmatched quote opened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
    /// Set when the label is the finding of another rule on the same bytes, folded into this
    /// diagnostic (see `crate::linter`): its message is then `also <rule>: <its message>`.
    pub folded: Option<Folded>,
}

impl Label {
    /// The label of the finding `d`, folded into another rule's diagnostic: at its span, with
    /// the message `also <rule>: <its message>`.
    pub fn folded_from(d: &Diagnostic) -> Label {
        Label {
            span: d.span.clone(),
            message: format!("{ALSO}{}: {}", d.rule, d.message),
            folded: Some(Folded {
                rule: d.rule.clone(),
                severity: d.severity,
            }),
        }
    }
}

/// How the message of a folded finding's label starts, before the rule id.
const ALSO: &str = "also ";

/// The rule and level of a finding folded into another rule's diagnostic as a [`Label`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub rule: Arc<str>,
    pub severity: Severity,
}

/// One finding a diagnostic reports: its own, or one folded into it ([`Diagnostic::findings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub span: &'a Range<usize>,
    /// The finding's own message (for a folded one, without `also <rule>: `).
    pub message: &'a str,
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// A judgement call: shown, applied only on request.
    Unsafe,
    /// Meaning cannot change: applied by `--fix`.
    Safe,
}

/// One replacement of a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A set of edits that together repair one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

#[cfg(test)]
impl Fix {
    /// A fix of `(start, end, replacement)` edits, for tests.
    pub(crate) fn of(applicability: Applicability, edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            applicability,
            edits: edits
                .iter()
                .map(|&(start, end, r)| Edit {
                    start,
                    end,
                    replacement: r.into(),
                })
                .collect(),
        }
    }
}

/// One finding of one rule, located by byte offsets of the source file (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Arc<str>,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The level of the diagnostic's own finding, when folding raised `severity` above it to
    /// that of a finding folded into it (see [`Diagnostic::findings`]).
    pub raised_from: Option<Severity>,
}

impl Diagnostic {
    /// Order used everywhere output is produced: by position, then rule id.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule)
    }

    /// Every finding this diagnostic reports: its own, then those of other rules folded into it
    /// as labels, each with its own rule, level and span. What was found is the same whether or
    /// not findings were folded, so scores and counts go by these.
    pub fn findings(&self) -> impl Iterator<Item = Found<'_>> {
        let own = Found {
            rule: &self.rule,
            severity: self.raised_from.unwrap_or(self.severity),
            span: &self.span,
            message: &self.message,
        };
        std::iter::once(own).chain(self.labels.iter().filter_map(|l| {
            l.folded.as_ref().map(|f| Found {
                rule: &f.rule,
                severity: f.severity,
                span: &l.span,
                message: l
                    .message
                    .get(ALSO.len() + f.rule.len() + 2..)
                    .unwrap_or(&l.message),
            })
        }))
    }
}

/// Findings of one rule in one file that were counted but not reported, being past the cap on
/// findings per rule (`--max-findings-per-rule`): hostile text can hold a finding every couple
/// of bytes, and a report of each would take far more memory and time than the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    pub rule: Arc<str>,
    /// The rule's level in that file: every one of them counts at it (none was folded).
    pub severity: Severity,
    /// How many were left out.
    pub count: usize,
    /// How many of the rule's findings were reported: the cap.
    pub shown: usize,
}

impl Omitted {
    /// `8,999,000 more findings in this file not shown (--max-findings-per-rule 1000)`: the
    /// note every format gives, with the rule id beside it.
    pub fn message(&self) -> String {
        let findings = if self.count == 1 {
            "finding"
        } else {
            "findings"
        };
        format!(
            "{} more {findings} in this file not shown (--max-findings-per-rule {})",
            thousands(self.count),
            self.shown
        )
    }
}

/// `n` with commas between groups of three digits: counts in the millions are read at a glance.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        let shown: Vec<String> = [0, 7, 999, 1_000, 12_345, 8_999_000, 1_234_567_890]
            .into_iter()
            .map(thousands)
            .collect();
        assert_eq!(
            shown,
            [
                "0",
                "7",
                "999",
                "1,000",
                "12,345",
                "8,999,000",
                "1,234,567,890"
            ]
        );
    }

    #[test]
    fn an_omission_names_the_option_that_caps_it() {
        let omitted = |count| Omitted {
            rule: Arc::from("Quotes.Balance"),
            severity: Severity::Warning,
            count,
            shown: 1000,
        };
        assert_eq!(
            omitted(8_999_000).message(),
            "8,999,000 more findings in this file not shown (--max-findings-per-rule 1000)"
        );
        assert_eq!(
            omitted(1).message(),
            "1 more finding in this file not shown (--max-findings-per-rule 1000)"
        );
    }
}
