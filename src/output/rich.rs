//! Rich terminal output through codespan-reporting.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};
use std::io;

/// Writes one file's diagnostics; the caller writes the summary line at the end of the run.
pub fn write_report(report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    let Some(source) = &report.source else {
        return Ok(());
    };
    let config = term::Config::default();
    let file = SimpleFile::new(report.path.as_str(), source.text());
    for d in &report.diagnostics {
        let cs = convert(d, source);
        term::emit_to_write_style(out, &config, &file, &cs).map_err(into_io)?;
    }
    Ok(())
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
