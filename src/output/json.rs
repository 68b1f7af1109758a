//! JSON output: a stable, documented shape (see README, "JSON output").

use super::{Emitter, FileReport, Summary, display_path};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;
use std::io;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    /// `None` in corpus records, whose documents have no path.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    start_byte: usize,
    end_byte: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    start_byte: usize,
    end_byte: usize,
    line: usize,
    column: usize,
    /// For the finding of another rule folded into this diagnostic: that rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    /// ... and its level.
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start_byte: usize,
    end_byte: usize,
    replacement: &'a str,
}

/// One pretty-printed JSON array of every diagnostic of the run, written one file at a time.
#[derive(Default)]
pub struct Json {
    /// Items of the array written so far.
    written: usize,
}

impl Emitter for Json {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        for record in json_records(report) {
            write_array_item(out, &record, self.written, "  ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn WriteColor) -> io::Result<()> {
        end_array(out, self.written, "")?;
        writeln!(out)
    }
}

/// The JSON value of every diagnostic of `report`, in order.
pub fn json_records(report: &FileReport) -> Vec<serde_json::Value> {
    let Some(source) = &report.source else {
        return Vec::new();
    };
    diagnostic_values(
        Some(display_path(&report.path)),
        source,
        &report.diagnostics,
    )
}

/// The JSON value of each of `diagnostics` of `source`; without `path`, the records have no
/// `path` field (corpus mode).
pub fn diagnostic_values(
    path: Option<&str>,
    source: &SourceFile,
    diagnostics: &[Diagnostic],
) -> Vec<serde_json::Value> {
    diagnostics
        .iter()
        .map(|d| serde_json::to_value(record(path, source, d)).expect("serialisable"))
        .collect()
}

fn record<'a>(path: Option<&'a str>, source: &SourceFile, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (line, column) = source.position(d.span.start);
    let (end_line, end_column) = source.position(d.span.end);
    JsonDiagnostic {
        path,
        rule: &d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        start_byte: d.span.start,
        end_byte: d.span.end,
        line,
        column,
        end_line,
        end_column,
        labels: d
            .labels
            .iter()
            .map(|l| {
                let (line, column) = source.position(l.span.start);
                JsonLabel {
                    message: &l.message,
                    start_byte: l.span.start,
                    end_byte: l.span.end,
                    line,
                    column,
                    rule: l.folded.as_ref().map(|f| &*f.rule),
                    severity: l.folded.as_ref().map(|f| f.severity.as_str()),
                }
            })
            .collect(),
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    start_byte: e.start,
                    end_byte: e.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// Writes item number `written` (0-based) of a pretty-printed JSON array whose items are indented
/// by `indent`, exactly as `serde_json::to_writer_pretty` would inside the whole array.
pub fn write_array_item(
    out: &mut dyn WriteColor,
    item: &serde_json::Value,
    written: usize,
    indent: &str,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(item).map_err(io::Error::from)?;
    let opening = if written == 0 { "[" } else { "," };
    // A JSON string never holds a raw newline, so every newline is the pretty printer's.
    let text = text.replace('\n', &format!("\n{indent}"));
    write!(out, "{opening}\n{indent}{text}")
}

/// Closes an array of `written` items opened by [`write_array_item`]; `indent` is the
/// indentation of the array itself.
pub fn end_array(out: &mut dyn WriteColor, written: usize, indent: &str) -> io::Result<()> {
    if written == 0 {
        write!(out, "[]")
    } else {
        write!(out, "\n{indent}]")
    }
}
