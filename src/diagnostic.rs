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
