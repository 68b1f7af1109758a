//! Rich terminal output through codespan-reporting.

use super::{Emitter, FileReport, Summary, display_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape::{Excerpt, for_excerpt, for_terminal};
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

/// codespan-reporting's view of each finding with its source excerpt, and the run's summary line
/// at the end.
pub struct Rich;

impl Emitter for Rich {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        write_report(report, out)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn WriteColor) -> io::Result<()> {
        writeln!(out, "{summary}")
    }
}

/// Writes one file's diagnostics.
///
/// Control characters in the path, the messages and the excerpts are shown, not sent to the
/// terminal (see [`crate::escape`]).
fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    if report.diagnostics.is_empty() {
        return Ok(());
    }
    let config = term::Config::default();
    let path = for_terminal(display_path(&report.path));
    let lines = Lines::new(&path, source);
    for d in &report.diagnostics {
        let cs = convert(d, source, &lines.shown);
        let spans = cs.labels.iter().map(|l| l.range.clone());
        let window = Window::around(&lines, spans);
        term::emit_to_write_style(out, &config, &window, &cs).map_err(into_io)?;
    }
    Ok(())
}

/// The decoded text of a file, as excerpts show it, and where its lines start.
///
/// codespan renders [`Self::shown`], so label spans and line starts are offsets into it; only
/// the columns of the header come from the file itself.
struct Lines<'a> {
    path: &'a str,
    source: &'a SourceFile,
    shown: Excerpt<'a>,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(path: &'a str, source: &'a SourceFile) -> Self {
        let shown = for_excerpt(source.text());
        let starts = codespan_reporting::files::line_starts(shown.text()).collect();
        Lines {
            path,
            source,
            shown,
            starts,
        }
    }

    fn line(&self, index: usize) -> Range<usize> {
        let text = self.shown.text();
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
        let text = lines.shown.text();
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
        Ok(self.lines.shown.text())
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
        let at = self.lines.shown.to_original(byte_index);
        let byte = source.map().to_source(at..at).start;
        Ok(source.position(byte).1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let line = self.lines.line(line_index);
        if line.len() <= LONG_LINE {
            return Ok(line);
        }
        let text = self.lines.shown.text();
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

/// codespan renders the decoded text as shown, so spans go from source bytes back to text
/// offsets and on into `shown`.
fn convert(d: &Diagnostic, source: &SourceFile, shown: &Excerpt<'_>) -> CsDiagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Suggestion => CsSeverity::Help,
    };
    let map = source.map();
    let span = |span: &Range<usize>| shown.to_shown(map.to_text(span.clone()));
    let mut labels = vec![CsLabel::primary((), span(&d.span))];
    labels.extend(
        d.labels
            .iter()
            .map(|l| CsLabel::secondary((), span(&l.span)).with_message(for_terminal(&l.message))),
    );
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", for_terminal(help)));
    }
    if let Some(fix) = &d.fix {
        let edits: Vec<String> = fix
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
        // Debug formatting escapes the controls of the edits already; the note still goes
        // through `for_terminal` like every other line, so that nothing rests on what Debug
        // happens to escape.
        notes.push(
            for_terminal(&format!(
                "fix ({}): {}",
                applicability(fix),
                edits.join(", ")
            ))
            .into_owned(),
        );
    }
    CsDiagnostic::new(severity)
        .with_message(for_terminal(&d.message))
        .with_code(for_terminal(&d.rule))
        .with_labels(labels)
        .with_notes(notes)
}

fn applicability(fix: &crate::diagnostic::Fix) -> &'static str {
    match fix.applicability {
        crate::diagnostic::Applicability::Safe => "safe",
        crate::diagnostic::Applicability::Unsafe => "unsafe",
    }
}
