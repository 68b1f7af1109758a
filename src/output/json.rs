//! JSON output: a stable, documented shape (see README, "JSON output").

use super::FileReport;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;
use std::io;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
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

/// The JSON value of every diagnostic of `report`, in order.
pub fn json_records(report: &FileReport) -> Vec<serde_json::Value> {
    let Some(source) = &report.source else {
        return Vec::new();
    };
    report
        .diagnostics
        .iter()
        .map(|d| serde_json::to_value(record(&report.path, source, d)).expect("serialisable"))
        .collect()
}

fn record<'a>(path: &'a str, source: &SourceFile, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
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

pub fn write(reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    let all: Vec<serde_json::Value> = reports.iter().flat_map(json_records).collect();
    serde_json::to_writer_pretty(&mut *out, &all).map_err(io::Error::from)?;
    writeln!(out)
}
