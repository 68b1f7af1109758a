//! `path:line:col: severity: message [Rule.Id]`, the one-line format editors parse.

use super::FileReport;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

pub fn write(reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    for report in reports {
        let Some(source) = &report.source else {
            continue;
        };
        for d in &report.diagnostics {
            let (line, col) = source.position(d.span.start);
            writeln!(
                out,
                "{}:{line}:{col}: {}: {} [{}]",
                report.path, d.severity, d.message, d.rule
            )?;
        }
    }
    Ok(())
}
