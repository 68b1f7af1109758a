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

/// Lines longer than this many characters are shown as a window around the diagnostic's spans
/// on them, cut where marked with `…`, as compilers show long lines: a caret at column 266 of a
/// paragraph-long line needs its neighbourhood, not the paragraph.
const MAX_COLUMNS: usize = 120;
/// Characters kept on either side of the spans of a long line at least, however wide the spans.
const MIN_CONTEXT: usize = 20;
/// What marks where a long line was cut.
const CUT: &str = "…";
/// A cut that would hide no more than this many characters is not made.
const FEW: usize = 8;

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
        let mut cs = convert(d, source, &lines.shown);
        let spans: Vec<Range<usize>> = cs.labels.iter().map(|l| l.range.clone()).collect();
        let window = Window::around(&lines, &spans, &config);
        for label in &mut cs.labels {
            label.range = window.to_window(label.range.start)..window.to_window(label.range.end);
        }
        term::emit_to_write_style(out, &config, &window, &cs).map_err(into_io)?;
    }
    // Findings left out past the cap: a note per rule, after the file's diagnostics. It has no
    // span to show, so the file is named in a note line of its own.
    for o in &report.omitted {
        let cs = CsDiagnostic::note()
            .with_message(o.message())
            .with_code(for_terminal(&o.rule))
            .with_notes(vec![format!("in {path}")]);
        let window = Window::around(&lines, &[], &config);
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

/// The file as codespan sees it while it renders one diagnostic: the lines from the first span
/// to the last, each long one cut to a window around the spans on it.
///
/// codespan prints each line a diagnostic touches in full and counts columns from the start of
/// the line, so clipping is done on a text of its own: the lines it renders, cut and marked with
/// [`CUT`], with the spans moved into it ([`Window::to_window`]). On a scraped page that is one
/// line of megabytes, printing the whole line for every diagnostic would be output quadratic in
/// the line's length; on an ordinary article a caret at column 266 would sit under a paragraph.
/// The carets stay under their characters (codespan measures them within the window), and the
/// columns in the header come from the source's character index, those of the full line.
struct Window<'a> {
    lines: &'a Lines<'a>,
    /// The window's text: one line (with its line feed) per line from the first span's to the
    /// last span's.
    text: String,
    /// The index (in the file) of the first of those lines.
    first: usize,
    /// For each of those lines, what of it the window shows.
    shown: Vec<Shown>,
}

/// What a window shows of one line of the file.
struct Shown {
    /// Where the line starts in the window's text.
    at: usize,
    /// The part of the line shown, in the file's shown text.
    kept: Range<usize>,
    /// The bytes of the [`CUT`] before it: 0 when the line is shown from its start.
    lead: usize,
}

impl<'a> Window<'a> {
    /// The window for the labels at `spans` (offsets into the shown text). Lines codespan does
    /// not render (the middle of a long multi-line label, beyond `config`'s context lines) are
    /// left empty.
    fn around(lines: &'a Lines<'a>, spans: &[Range<usize>], config: &term::Config) -> Self {
        let text = lines.shown.text();
        let ends: Vec<usize> = spans
            .iter()
            .flat_map(|r| [r.start, r.end])
            .map(|at| at.min(text.len()))
            .collect();
        let line_of = |at: usize| lines.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let mut end_lines: Vec<usize> = ends.iter().map(|&at| line_of(at)).collect();
        end_lines.sort_unstable();
        end_lines.dedup();
        let (first, last) = match (end_lines.first(), end_lines.last()) {
            (Some(&first), Some(&last)) => (first, last),
            _ => (0, 0),
        };
        // codespan renders a line of a multi-line label this close to its start or end, and a
        // single line between two rendered ones.
        let near = config.start_context_lines.max(config.end_context_lines) + 1;
        let mut window = Window {
            lines,
            text: String::new(),
            first,
            shown: Vec::with_capacity(last - first + 1),
        };
        for index in first..=last {
            let line = lines.line(index);
            let content = line.start..line_content_end(text, line.clone());
            let nearest = end_lines.partition_point(|&l| l < index);
            let rendered = [nearest.checked_sub(1), Some(nearest)]
                .into_iter()
                .flatten()
                .filter_map(|i| end_lines.get(i))
                .any(|&l| l.abs_diff(index) <= near);
            let on_line: Vec<usize> = ends
                .iter()
                .copied()
                .filter(|&at| content.start <= at && at <= content.end)
                .collect();
            let kept = if rendered {
                keep(text, content.clone(), &on_line)
            } else {
                content.start..content.start
            };
            let lead = if kept.start > content.start {
                CUT.len()
            } else {
                0
            };
            let at = window.text.len();
            if lead > 0 {
                window.text.push_str(CUT);
            }
            window.text.push_str(&text[kept.clone()]);
            if rendered && kept.end < content.end {
                window.text.push_str(CUT);
            }
            window.text.push('\n');
            window.shown.push(Shown { at, kept, lead });
        }
        window
    }

    /// Where offset `at` of the shown text is in the window's text (a span's end on a line it
    /// keeps; anything else to the nearest kept character).
    fn to_window(&self, at: usize) -> usize {
        let index = self
            .lines
            .starts
            .partition_point(|&s| s <= at)
            .saturating_sub(1);
        let Some(line) = index
            .checked_sub(self.first)
            .and_then(|i| self.shown.get(i))
        else {
            return self.text.len();
        };
        let at = at.clamp(line.kept.start, line.kept.end);
        line.at + line.lead + (at - line.kept.start)
    }

    /// The line of the window holding `byte` of its text, as an index into `shown`.
    fn window_line(&self, byte: usize) -> usize {
        self.shown
            .partition_point(|l| l.at <= byte)
            .saturating_sub(1)
    }
}

/// Where the text of `line` (a range of `text`, with its line break) ends: before its line feed,
/// and before a carriage return ending it.
fn line_content_end(text: &str, line: Range<usize>) -> usize {
    let body = &text[line.clone()];
    let body = body.strip_suffix('\n').unwrap_or(body);
    let body = body.strip_suffix('\r').unwrap_or(body);
    line.start + body.len()
}

/// What of the line `content` (a range of `text`) a window shows, given the ends of the spans on
/// it: all of it when it is at most [`MAX_COLUMNS`] characters; else [`MAX_COLUMNS`] characters
/// around the spans, spread evenly on either side of them where the line has room, and at least
/// [`MIN_CONTEXT`] on either side however wide they are (a line no span is on: its beginning).
/// Counting stops at what the window needs, so a line of megabytes costs no more than a short
/// one.
fn keep(text: &str, content: Range<usize>, ends: &[usize]) -> Range<usize> {
    let line = &text[content.clone()];
    if line.len() <= MAX_COLUMNS || line.chars().nth(MAX_COLUMNS).is_none() {
        return content;
    }
    let (Some(&lo), Some(&hi)) = (ends.iter().min(), ends.iter().max()) else {
        return content.start..content.start + chars_forward(line, 0, MAX_COLUMNS);
    };
    let (lo, hi) = (lo - content.start, hi - content.start);
    let width = line[lo..hi].chars().take(MAX_COLUMNS).count();
    let spare = MAX_COLUMNS.saturating_sub(width).max(2 * MIN_CONTEXT);
    let (mut before, mut after) = (spare / 2, spare - spare / 2);
    // Room the line lacks on one side goes to the other.
    let room_before = line[..lo].chars().rev().take(spare).count();
    let room_after = line[hi..].chars().take(spare).count();
    if room_before < before {
        after += before - room_before;
        before = room_before;
    }
    if room_after < after {
        before = (before + after - room_after).min(room_before);
        after = room_after;
    }
    let mut start = chars_back(line, lo, before);
    let mut end = chars_forward(line, hi, after);
    // A cut that would hide only a few characters hides nothing: the line's edge is worth more
    // than a mark.
    if line[..start].chars().nth(FEW).is_none() {
        start = 0;
    }
    if line[end..].chars().nth(FEW).is_none() {
        end = line.len();
    }
    content.start + start..content.start + end
}

/// The offset `n` characters after `at` in `s` (or its end).
fn chars_forward(s: &str, at: usize, n: usize) -> usize {
    s[at..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| at + i)
}

/// The offset `n` characters before `at` in `s` (or its start).
fn chars_back(s: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    s[..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

impl<'a> Files<'a> for Window<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.lines.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.first + self.window_line(byte_index))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let line = &self.shown[self.window_line(byte_index)];
        let into = byte_index.saturating_sub(line.at + line.lead);
        let shown = (line.kept.start + into).min(line.kept.end);
        let source = self.lines.source;
        let at = self.lines.shown.to_original(shown);
        let byte = source.map().to_source(at..at).start;
        Ok(source.position(byte).1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let i = line_index
            .checked_sub(self.first)
            .filter(|&i| i < self.shown.len())
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.first + self.shown.len().saturating_sub(1),
            })?;
        let end = self.shown.get(i + 1).map_or(self.text.len(), |l| l.at);
        Ok(self.shown[i].at..end)
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
