//! reviewdog's rdjsonl: one `Diagnostic` of its rdjson schema per line, for
//! `reviewdog -f=rdjsonl`. Columns count UTF-8 bytes (ruff counts code points, which puts
//! comments in the wrong place on non-ASCII lines).

use super::{Emitter, FileReport, RuleInfo, display_path, information_uri};
use crate::diagnostic::Severity;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;
use std::collections::HashMap;
use std::io;
use std::ops::Range;

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    source: Source,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: RdRange,
}

#[derive(Serialize)]
struct RdRange {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: RdRange,
    text: &'a str,
}

/// One rdjson diagnostic per line, each linked to its rule's documentation.
pub struct Rdjsonl<'r> {
    /// Rule id → the rule's `link`, if it has one.
    links: HashMap<&'r str, Option<&'r str>>,
}

impl<'r> Rdjsonl<'r> {
    /// The emitter of a run whose rules are `rules`.
    pub fn new(rules: &'r [RuleInfo]) -> Self {
        let links = rules.iter().map(|r| (&*r.id, r.link.as_deref())).collect();
        Rdjsonl { links }
    }
}

impl Emitter for Rdjsonl<'_> {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        write_report(report, &self.links, out)
    }
}

/// Writes one file's diagnostics; `links` maps rule ids to their documentation.
fn write_report(
    report: &FileReport,
    links: &HashMap<&str, Option<&str>>,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let link = |id: &str| links.get(id).copied().flatten();
    let Some(source) = &report.source else {
        return Ok(());
    };
    let path = display_path(&report.path);
    for d in &report.diagnostics {
        let message = super::message_with_folded(d);
        let record = RdDiagnostic {
            message: &message,
            location: Location {
                path,
                range: range(source, &d.span),
            },
            severity: match d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Suggestion => "INFO",
            },
            source: Source {
                name: "copydesk",
                url: information_uri(),
            },
            code: Code {
                value: &d.rule,
                url: link(&d.rule),
            },
            suggestions: d
                .fix
                .iter()
                .flat_map(|f| &f.edits)
                .map(|e| Suggestion {
                    range: range(source, &(e.start..e.end)),
                    text: &e.replacement,
                })
                .collect(),
        };
        // `io::Error::from` keeps the kind of a write error (a broken pipe is not a failure).
        serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

fn range(source: &SourceFile, span: &Range<usize>) -> RdRange {
    let (line, column) = source.byte_position(span.start);
    let start = Position { line, column };
    let (line, column) = source.byte_position(span.end);
    RdRange {
        start,
        end: Position { line, column },
    }
}
