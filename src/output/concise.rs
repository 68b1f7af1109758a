//! `path:line:col: severity: message [Rule.Id]`, the one-line format editors parse; the rules of
//! findings folded into a diagnostic follow its message: `message (also Other.Rule) [Rule.Id]`.
//! Findings left out past the cap on findings per rule are one line per rule after the file's
//! diagnostics, `path: note: N more findings in this file not shown (…) [Rule.Id]`: without a
//! line and column, it is not taken for a finding by what parses `path:line:col:`.

use super::{Emitter, FileReport, display_path};
use crate::escape::for_terminal;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

/// One line per diagnostic. A line break in the path or the message would start a line that
/// reads as a finding of its own, and an ESC would reach the terminal: both are escaped.
pub struct Concise;

impl Emitter for Concise {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        write_report(report, out)
    }
}

fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    let path = for_terminal(display_path(&report.path));
    for d in &report.diagnostics {
        let (line, col) = source.position(d.span.start);
        // The rules of the findings folded into it, before its own id, which stays last.
        let mut also = String::new();
        for f in d.labels.iter().filter_map(|l| l.folded.as_ref()) {
            also.push_str(if also.is_empty() { " (also " } else { ", " });
            also.push_str(&f.rule);
        }
        if !also.is_empty() {
            also.push(')');
        }
        writeln!(
            out,
            "{path}:{line}:{col}: {}: {}{} [{}]",
            d.severity,
            for_terminal(&d.message),
            for_terminal(&also),
            for_terminal(&d.rule)
        )?;
    }
    for o in &report.omitted {
        writeln!(
            out,
            "{path}: note: {} [{}]",
            o.message(),
            for_terminal(&o.rule)
        )?;
    }
    Ok(())
}
