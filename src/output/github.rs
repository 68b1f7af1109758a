//! GitHub Actions workflow commands: `::error file=F,line=L,...,title=T::message`, one per
//! diagnostic, which the runner turns into annotations on the pull request.
//!
//! Unlike ruff, textlint and typos, property values are escaped too: a `,` or `:` in a path or
//! title would otherwise end the property and the annotation would be lost or misplaced.

use super::{FileReport, repo_relative};
use crate::diagnostic::Severity;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

pub fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    let file = escape_property(repo_relative(&report.path));
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
            escape_data(&d.message)
        )?;
    }
    Ok(())
}

/// Escapes a command's message: `%` first, so that the escapes themselves survive.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` are separators as well.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("100%: a,b\r\nc%0A"), "100%25: a,b%0D%0Ac%250A");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
