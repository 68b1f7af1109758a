//! Renderers: the same reports as rich terminal text, one-line text or JSON.

mod concise;
mod json;
mod rich;

pub use json::json_records;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

/// The result of linting one input.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given or found (`-` or `--stdin-filename` for standard input).
    pub path: String,
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the input was not linted (binary, unreadable), if it was not.
    pub skipped: Option<String>,
    /// The input could not be read at all: an error of copydesk's, not a finding.
    pub failed: bool,
}

/// Output formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// codespan-reporting's rich view with source excerpts.
    Rich,
    /// `path:line:col: severity: message [Rule.Id]`, one per line.
    Concise,
    /// One JSON array of diagnostics.
    Json,
}

/// Counts for the closing summary line and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub suggestions: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary::default();
        for r in reports {
            s.files += usize::from(r.source.is_some());
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Suggestion => s.suggestions += 1,
                }
            }
        }
        s
    }

    /// Whether a finding at or above `level` exists (`None`: never fail).
    pub fn fails(&self, level: Option<Severity>) -> bool {
        match level {
            None => false,
            Some(Severity::Error) => self.errors > 0,
            Some(Severity::Warning) => self.errors + self.warnings > 0,
            Some(Severity::Suggestion) => self.errors + self.warnings + self.suggestions > 0,
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{} checked: {}, {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.suggestions, "suggestion")
        )
    }
}

/// Writes all reports in `format`. Skip notes go to `out` only in the rich format; callers send
/// them to stderr otherwise.
pub fn write(format: Format, reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    match format {
        Format::Rich => rich::write(reports, out),
        Format::Concise => concise::write(reports, out),
        Format::Json => json::write(reports, out),
    }
}
