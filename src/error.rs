//! Errors that stop copydesk from doing its job (exit code 2), located in the file at fault.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::WriteColor;
use std::ops::Range;
use std::sync::Arc;

/// A problem in a rule or configuration file, with the byte range it concerns.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub text: Arc<str>,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl FileError {
    pub fn new(path: &str, text: Arc<str>, span: Option<Range<usize>>, message: String) -> Self {
        let span = span.map(|s| clamp(&text, s));
        FileError {
            path: path.to_string(),
            text,
            span,
            message,
        }
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let start = self.span.as_ref()?.start;
        let before = &self.text[..start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, col))
    }

    /// Renders the error with the offending YAML lines, like a compiler error.
    pub fn render(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let file = SimpleFile::new(self.path.as_str(), &*self.text);
        let mut d = CsDiagnostic::error().with_message(&self.message);
        if let Some(span) = &self.span {
            d = d.with_labels(vec![CsLabel::primary((), span.clone())]);
        } else {
            d = d.with_notes(vec![format!("in {}", self.path)]);
        }
        term::emit_to_write_style(out, &term::Config::default(), &file, &d)
            .map_err(std::io::Error::other)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line_col() {
            Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

fn clamp(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Everything that makes a run fail with exit code 2.
#[derive(Debug)]
pub enum Error {
    /// One or more rule or config files are invalid; all of them are reported.
    Files(Vec<FileError>),
    /// A path could not be read.
    Io { path: String, error: std::io::Error },
    /// Arguments that do not make sense together.
    Usage(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Files(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Error::Io { path, error } => write!(f, "{path}: {error}"),
            Error::Usage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<FileError> for Error {
    fn from(e: FileError) -> Self {
        Error::Files(vec![e])
    }
}
