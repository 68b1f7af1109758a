//! `--format html`: one self-contained page to look at (issue #24): a summary with a bar chart
//! of findings by rule, then each file's text with every diagnostic highlighted at its span, its
//! message, help, folded findings and fix (before and after) on click, filters by rule, severity
//! and file, and keys to go from one finding to the next.
//!
//! The page needs no network: its style and script are inline (`html/report.css`,
//! `html/report.js`). Each file's report is written as it comes, as a JSON block
//! (`<script type="application/json">`) that the script reads and renders when the file is
//! opened, so a run of a thousand files loads at once and holds one file's text in the DOM. The
//! article text is data, never markup: the JSON escapes `<`, `>` and `&` (so `</script>` in an
//! article cannot end the block), and the script puts the text in the page as text nodes.
//! Spans are given in UTF-16 code units, JavaScript's string offsets, beside the byte offsets of
//! the JSON output.

use super::{Emitter, FileReport, Summary, display_path};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

const CSS: &str = include_str!("html/report.css");
const JS: &str = include_str!("html/report.js");

/// The page, written file by file; the counts by rule for the summary are kept until the end.
#[derive(Default)]
pub struct Html {
    /// Findings by rule and severity, for the summary and its chart.
    by_rule: BTreeMap<(String, &'static str), usize>,
    files: usize,
}

/// One file as the page's script reads it.
#[derive(Serialize)]
struct FileData<'a> {
    path: &'a str,
    text: &'a str,
    diagnostics: Vec<DiagnosticData<'a>>,
    omitted: Vec<OmittedData<'a>>,
}

#[derive(Serialize)]
struct DiagnosticData<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
    start_byte: usize,
    end_byte: usize,
    /// The span in UTF-16 code units of the text.
    start: usize,
    end: usize,
    /// Secondary labels and the findings of other rules folded into this one.
    notes: Vec<&'a str>,
    fix: Option<FixData>,
}

#[derive(Serialize)]
struct FixData {
    applicability: Applicability,
    /// The text the edits touch, from the first edit's start to the last one's end, as it is and
    /// as the fix leaves it.
    before: String,
    after: String,
}

#[derive(Serialize)]
struct OmittedData<'a> {
    rule: &'a str,
    severity: &'a str,
    count: usize,
}

impl Emitter for Html {
    fn begin(&mut self, out: &mut dyn WriteColor) -> io::Result<()> {
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>copydesk report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
             <noscript>This report needs JavaScript to show the files.</noscript>\n"
        )
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        let Some(source) = &report.source else {
            return Ok(());
        };
        self.files += 1;
        // Counted as the summary line counts (diagnostics); the rules include those folded in,
        // so that filtering by a rule keeps every file where it found something, and the chart
        // counts every finding.
        let mut by_severity = [0usize; 3];
        let mut rules: Vec<&str> = Vec::new();
        for d in &report.diagnostics {
            by_severity[d.severity as usize] += 1;
            for f in d.findings() {
                rules.push(f.rule);
                *self
                    .by_rule
                    .entry((f.rule.to_string(), f.severity.as_str()))
                    .or_default() += 1;
            }
        }
        for o in &report.omitted {
            *self
                .by_rule
                .entry((o.rule.to_string(), o.severity.as_str()))
                .or_default() += o.count;
        }
        let data = file_data(display_path(&report.path), source, report);
        rules.sort_unstable();
        rules.dedup();
        write!(
            out,
            "<script type=\"application/json\" class=\"cd-file\" data-path=\"{}\" \
             data-errors=\"{}\" data-warnings=\"{}\" data-suggestions=\"{}\" data-rules=\"{}\">",
            attribute(data.path),
            by_severity[Severity::Error as usize],
            by_severity[Severity::Warning as usize],
            by_severity[Severity::Suggestion as usize],
            attribute(&rules.join(" ")),
        )?;
        write_script_json(out, &data)?;
        writeln!(out, "</script>")
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn WriteColor) -> io::Result<()> {
        #[derive(Serialize)]
        struct SummaryData<'a> {
            files: usize,
            errors: usize,
            warnings: usize,
            suggestions: usize,
            rules: Vec<(&'a str, &'a str, usize)>,
        }
        let data = SummaryData {
            files: self.files,
            errors: summary.errors,
            warnings: summary.warnings,
            suggestions: summary.suggestions,
            rules: self
                .by_rule
                .iter()
                .map(|((rule, severity), n)| (rule.as_str(), *severity, *n))
                .collect(),
        };
        write!(out, "<script type=\"application/json\" id=\"cd-summary\">")?;
        write_script_json(out, &data)?;
        writeln!(out, "</script>\n<script>\n{JS}</script>\n</body>\n</html>")
    }
}

/// `s` as the value of a double-quoted HTML attribute.
fn attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Serialises `value` as JSON that is safe inside a `<script>` element: `<`, `>` and `&` are
/// written as `\u` escapes (so no `</script>` or `<!--` can appear), and so are the line and
/// paragraph separators, which older JavaScript read as line ends.
fn write_script_json(out: &mut dyn WriteColor, value: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_string(value).map_err(io::Error::from)?;
    let mut start = 0;
    for (i, c) in json.char_indices() {
        let escape = match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.write_all(&json.as_bytes()[start..i])?;
        out.write_all(escape.as_bytes())?;
        start = i + c.len_utf8();
    }
    out.write_all(&json.as_bytes()[start..])
}

/// The page's data for one file: its text, and each diagnostic with its span in UTF-16 units.
fn file_data<'a>(path: &'a str, source: &'a SourceFile, report: &'a FileReport) -> FileData<'a> {
    let text = source.text();
    let map = source.map();
    // Text offsets of every span start and end, turned into UTF-16 offsets in one pass.
    let spans: Vec<std::ops::Range<usize>> = report
        .diagnostics
        .iter()
        .map(|d| map.to_text(d.span.clone()))
        .collect();
    let mut points: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    points.sort_unstable();
    points.dedup();
    let mut utf16 = Vec::with_capacity(points.len());
    let (mut at, mut units) = (0, 0);
    for &p in &points {
        let p = p.min(text.len());
        units += text[at..p].encode_utf16().count();
        at = p;
        utf16.push(units);
    }
    let units_at = |p: usize| utf16[points.partition_point(|&q| q < p)];
    let diagnostics = report
        .diagnostics
        .iter()
        .zip(&spans)
        .map(|(d, span)| {
            let (line, column) = source.position(d.span.start);
            DiagnosticData {
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                line,
                column,
                start_byte: d.span.start,
                end_byte: d.span.end,
                start: units_at(span.start),
                end: units_at(span.end),
                notes: d.labels.iter().map(|l| l.message.as_str()).collect(),
                fix: fix_data(source, d),
            }
        })
        .collect();
    FileData {
        path,
        text,
        diagnostics,
        omitted: report
            .omitted
            .iter()
            .map(|o| OmittedData {
                rule: &o.rule,
                severity: o.severity.as_str(),
                count: o.count,
            })
            .collect(),
    }
}

/// The text a diagnostic's fix changes, before and after.
fn fix_data(source: &SourceFile, d: &Diagnostic) -> Option<FixData> {
    let fix = d.fix.as_ref()?;
    let text = source.text();
    let map = source.map();
    let first = fix.edits.first()?;
    let last = fix.edits.last()?;
    let region = map.to_text(first.start..last.end);
    let region = region.start.min(text.len())..region.end.min(text.len());
    let mut after = String::new();
    let mut at = region.start;
    for e in &fix.edits {
        let range = map.to_text(e.start..e.end);
        after.push_str(text.get(at..range.start).unwrap_or(""));
        after.push_str(&e.replacement);
        at = range.end;
    }
    after.push_str(text.get(at..region.end).unwrap_or(""));
    Some(FixData {
        applicability: fix.applicability,
        before: text.get(region).unwrap_or("").to_string(),
        after,
    })
}
