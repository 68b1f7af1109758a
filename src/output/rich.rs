//! Rich terminal output through codespan-reporting.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};
use std::io;
use std::ops::Range;

/// Lines longer than this (in bytes) are shown only around the spans of the diagnostic.
const LONG_LINE: usize = 400;
/// Bytes of context shown on either side of the spans in a long line.
const CONTEXT: usize = 120;

/// Writes one file's diagnostics; the caller writes the summary line at the end of the run.
pub fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    let config = term::Config::default();
    let lines = Lines::new(report.path.as_str(), source);
    for d in &report.diagnostics {
        let cs = convert(d, source);
        let spans = cs.labels.iter().map(|l| l.range.clone());
        let window = Window::around(&lines, spans);
        term::emit_to_write_style(out, &config, &window, &cs).map_err(into_io)?;
    }
    Ok(())
}

/// The decoded text of a file and where its lines start.
struct Lines<'a> {
    path: &'a str,
    source: &'a SourceFile,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(path: &'a str, source: &'a SourceFile) -> Self {
        let starts = codespan_reporting::files::line_starts(source.text()).collect();
        Lines {
            path,
            source,
            starts,
        }
    }

    fn line(&self, index: usize) -> Range<usize> {
        let text = self.source.text();
        let start = self.starts.get(index).copied().unwrap_or(text.len());
        let end = self.starts.get(index + 1).copied().unwrap_or(text.len());
        start..end
    }
}

/// The file as codespan sees it while it renders one diagnostic, with long lines clipped to the
/// text around that diagnostic's spans.
///
/// codespan prints each line a diagnostic touches in full and counts columns from the start of
/// the line. On a scraped page that is one line of megabytes, every diagnostic would print and
/// scan the whole line: output quadratic in the line's length (gigabytes for a 1 MB line).
/// Columns come from the source's character index instead, so they stay those of the full line.
struct Window<'a> {
    lines: &'a Lines<'a>,
    /// Text range that clipped lines keep: the spans and some context.
    keep: Range<usize>,
}

impl<'a> Window<'a> {
    fn around(lines: &'a Lines<'a>, spans: impl Iterator<Item = Range<usize>>) -> Self {
        let text = lines.source.text();
        let (lo, hi) = spans.fold((usize::MAX, 0), |(lo, hi), r| {
            (lo.min(r.start), hi.max(r.end))
        });
        let lo = floor_char(text, lo.min(text.len()).saturating_sub(CONTEXT));
        let hi = ceil_char(text, hi.saturating_add(CONTEXT).min(text.len()));
        Window {
            lines,
            keep: lo..hi.max(lo),
        }
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for Window<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.lines.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.lines.source.text())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .lines
            .starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let source = self.lines.source;
        let byte = source.map().to_source(byte_index..byte_index).start;
        Ok(source.position(byte).1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let line = self.lines.line(line_index);
        if line.len() <= LONG_LINE {
            return Ok(line);
        }
        let text = self.lines.source.text();
        let start = line.start.max(self.keep.start);
        let end = line.end.min(self.keep.end);
        Ok(if start < end {
            start..end
        } else {
            // A line of context that holds none of the spans: its beginning.
            line.start..floor_char(text, line.start + LONG_LINE)
        })
    }
}

/// Keeps I/O errors (a closed pipe) recognisable to the caller.
fn into_io(e: codespan_reporting::files::Error) -> io::Error {
    match e {
        codespan_reporting::files::Error::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// codespan renders the decoded text, so spans go from source bytes back to text offsets.
fn convert(d: &Diagnostic, source: &SourceFile) -> CsDiagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Suggestion => CsSeverity::Help,
    };
    let map = source.map();
    let mut labels = vec![CsLabel::primary((), map.to_text(d.span.clone()))];
    labels.extend(
        d.labels
            .iter()
            .map(|l| CsLabel::secondary((), map.to_text(l.span.clone())).with_message(&l.message)),
    );
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(fix) = &d.fix {
        let shown: Vec<String> = fix
            .edits
            .iter()
            .map(|e| {
                let old = String::from_utf8_lossy(&source.bytes()[e.start..e.end]);
                if e.replacement.is_empty() {
                    format!("delete {old:?}")
                } else {
                    format!("replace {old:?} with {:?}", e.replacement)
                }
            })
            .collect();
        notes.push(format!(
            "fix ({}): {}",
            applicability(fix),
            shown.join(", ")
        ));
    }
    CsDiagnostic::new(severity)
        .with_message(&d.message)
        .with_code(d.rule.to_string())
        .with_labels(labels)
        .with_notes(notes)
}

fn applicability(fix: &crate::diagnostic::Fix) -> &'static str {
    match fix.applicability {
        crate::diagnostic::Applicability::Safe => "safe",
        crate::diagnostic::Applicability::Unsafe => "unsafe",
    }
}
