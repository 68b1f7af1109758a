//! GitHub Actions workflow commands: `::error file=F,line=L,...,title=T::message`, one per
//! diagnostic, which the runner turns into annotations on the pull request.
//!
//! Unlike ruff, textlint and typos, property values are escaped too: a `,` or `:` in a path or
//! title would otherwise end the property and the annotation would be lost or misplaced. Line
//! breaks are escaped the way the runner decodes them; a raw one in a file name would end the
//! command and start a line of the attacker's (`::stop-commands::` silences every annotation
//! after it). The other control characters, which the runner does not decode, get the visible
//! forms of [`crate::escape`], so that no ESC reaches the log.

use super::{Emitter, FileReport, display_path};
use crate::diagnostic::Severity;
use crate::escape::push_escaped;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

/// One workflow command per diagnostic.
pub struct Github;

impl Emitter for Github {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        write_report(report, out)
    }
}

fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    let file = escape_property(display_path(&report.path));
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Suggestion => "notice",
        };
        let (line, col) = source.position(d.span.start);
        let (end_line, end_col) = source.position(d.span.end);
        write!(
            out,
            "::{command} file={file},line={line},endLine={end_line}"
        )?;
        // GitHub ignores columns on annotations that span several lines.
        if line == end_line {
            write!(out, ",col={col},endColumn={end_col}")?;
        }
        writeln!(
            out,
            ",title={}::{}",
            escape_property(&d.rule),
            escape_data(&super::message_with_folded(d))
        )?;
    }
    // Findings left out past the cap: a notice on the file as a whole.
    for o in &report.omitted {
        writeln!(
            out,
            "::notice file={file},title={}::{}",
            escape_property(&o.rule),
            escape_data(&o.message())
        )?;
    }
    Ok(())
}

/// Escapes a command's message: `%` too, so that text that looks like an escape survives.
fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// Escapes a property value, where `:` and `,` are separators as well.
fn escape_property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => push_escaped(&mut out, c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("100%: a,b\r\nc%0A"), "100%25: a,b%0D%0Ac%250A");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(
            escape_property("b\n::warning file=SECURITY.md,line=1::Injected\x1b[2J.txt"),
            "b%0A%3A%3Awarning file=SECURITY.md%2Cline=1%3A%3AInjected\\x1b[2J.txt"
        );
        assert_eq!(
            escape_data("x\x1b]0;t\x07 \u{202e}y\u{85}"),
            "x\\x1b]0;t\\x07 <U+202E>y\\x85"
        );
    }
}
