//! JSON output: a stable, documented shape (see README, "JSON output").

use super::{Emitter, FileReport, Summary, display_path};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;
use std::io;

/// One diagnostic as `--format json` writes it. The fields are in alphabetical order: the order
/// the stable format has had since it was built as a `serde_json::Value` (whose objects sort their
/// keys), kept byte for byte now that each diagnostic is serialised straight to the writer.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    column: usize,
    end_byte: usize,
    end_column: usize,
    end_line: usize,
    fix: Option<JsonFix<'a>>,
    help: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    line: usize,
    message: &'a str,
    /// `None` in corpus records, whose documents have no path.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    rule: &'a str,
    severity: &'a str,
    start_byte: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    column: usize,
    end_byte: usize,
    line: usize,
    message: &'a str,
    /// For the finding of another rule folded into this diagnostic: that rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    /// ... and its level.
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'a str>,
    start_byte: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    end_byte: usize,
    replacement: &'a str,
    start_byte: usize,
}

/// One pretty-printed JSON array of every diagnostic of the run, written one diagnostic at a
/// time: a file's report is never held as JSON.
#[derive(Default)]
pub struct Json {
    /// Items of the array written so far.
    written: usize,
    /// The text of the item being written, reused from one to the next.
    buffer: Vec<u8>,
}

impl Emitter for Json {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        for record in json_records(report) {
            write_array_item(out, &record, self.written, "  ", &mut self.buffer)?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn WriteColor) -> io::Result<()> {
        end_array(out, self.written, "")?;
        writeln!(out)
    }
}

/// The JSON record of each diagnostic of `report`, in order, made as it is asked for.
pub fn json_records(report: &FileReport) -> impl Iterator<Item = JsonDiagnostic<'_>> {
    report.source.iter().flat_map(|source| {
        report
            .diagnostics
            .iter()
            .map(|d| record(Some(display_path(&report.path)), source, d))
    })
}

/// The JSON records of `diagnostics` of `source`, without `path` (corpus mode), serialised as
/// an array one record at a time.
pub struct JsonDiagnostics<'a> {
    pub source: &'a SourceFile,
    pub diagnostics: &'a [Diagnostic],
}

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| record(None, self.source, d)),
        )
    }
}

/// The JSON record of `d`, a diagnostic of `source`; without `path` it has no `path` field.
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
/// by `indent`, exactly as `serde_json::to_writer_pretty` would inside the whole array; `buffer`
/// holds the item's text on the way (one item's, never the array's).
pub fn write_array_item(
    out: &mut dyn WriteColor,
    item: &impl Serialize,
    written: usize,
    indent: &str,
    buffer: &mut Vec<u8>,
) -> io::Result<()> {
    buffer.clear();
    serde_json::to_writer_pretty(&mut *buffer, item).map_err(io::Error::from)?;
    let opening = if written == 0 { "[" } else { "," };
    write!(out, "{opening}\n{indent}")?;
    // A JSON string never holds a raw newline, so every newline is the pretty printer's: each is
    // followed by the indentation of the item within the array.
    let mut rest = &buffer[..];
    while let Some(at) = memchr::memchr(b'\n', rest) {
        out.write_all(&rest[..=at])?;
        out.write_all(indent.as_bytes())?;
        rest = &rest[at + 1..];
    }
    out.write_all(rest)
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::linter::Linter;

    /// The seed article's diagnostics (labels, folded findings, fixes, help) as a report.
    pub(crate) fn seed_report() -> FileReport {
        let text = include_str!("../../tests/fixtures/seed-article.txt");
        let source = SourceFile::from_text("seed.txt", text);
        let diagnostics = Linter::builtin().unwrap().lint(&source);
        assert!(diagnostics.iter().any(|d| d.fix.is_some()));
        assert!(diagnostics.iter().any(|d| !d.labels.is_empty()));
        FileReport {
            path: "seed.txt".into(),
            source: Some(source),
            diagnostics,
            omitted: Vec::new(),
            skipped: None,
            failed: false,
        }
    }

    #[test]
    fn records_are_written_as_their_json_values_were() {
        // A `serde_json::Value` sorts object keys: the output was that, and must stay so.
        let report = seed_report();
        let mut streamed = Vec::new();
        let mut out = codespan_reporting::term::termcolor::NoColor::new(&mut streamed);
        let mut buffer = Vec::new();
        for (i, record) in json_records(&report).enumerate() {
            write_array_item(&mut out, &record, i, "  ", &mut buffer).unwrap();
        }
        end_array(&mut out, report.diagnostics.len(), "").unwrap();
        let values: Vec<serde_json::Value> = json_records(&report)
            .map(|r| serde_json::to_value(r).unwrap())
            .collect();
        let whole = serde_json::to_string_pretty(&values).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), whole);
    }
}
