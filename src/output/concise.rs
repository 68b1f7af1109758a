//! `path:line:col: severity: message [Rule.Id]`, the one-line format editors parse.

use super::FileReport;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

pub fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    for d in &report.diagnostics {
        let (line, col) = source.position(d.span.start);
        writeln!(
            out,
            "{}:{line}:{col}: {}: {} [{}]",
            report.path, d.severity, d.message, d.rule
        )?;
    }
    Ok(())
}
