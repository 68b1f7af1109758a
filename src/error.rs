//! Errors that stop copydesk from doing its job (exit code 2), located in the file at fault.

use crate::escape::{Excerpt, for_excerpt, for_terminal, for_terminal_lines};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term;
use codespan_reporting::term::termcolor::WriteColor;
use std::borrow::Cow;
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

    /// Renders the error with the offending YAML lines, like a compiler error. Control
    /// characters in the path, the message and the lines are shown, not sent to the terminal
    /// (see [`crate::escape`]): configuration files are found in the folders being checked,
    /// which are not always the user's own, and a regex error quotes the pattern.
    pub fn render(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let path = for_terminal(&self.path);
        let shown = for_excerpt(&self.text);
        let file = Shown {
            file: SimpleFile::new(path.clone(), shown.text()),
            excerpt: &shown,
            original: &self.text,
        };
        // Messages keep their lines: a regex error points at the pattern from the next line.
        let mut d = CsDiagnostic::error().with_message(for_terminal_lines(&self.message));
        if let Some(span) = &self.span {
            d = d.with_labels(vec![CsLabel::primary((), shown.to_shown(span.clone()))]);
        } else {
            d = d.with_notes(vec![format!("in {path}")]);
        }
        term::emit_to_write_style(out, &term::Config::default(), &file, &d)
            .map_err(std::io::Error::other)
    }
}

/// A rule or configuration file as its error shows it: codespan renders the escaped text, while
/// the column of the header counts the characters of the file itself.
struct Shown<'a> {
    file: SimpleFile<Cow<'a, str>, &'a str>,
    excerpt: &'a Excerpt<'a>,
    original: &'a str,
}

impl<'a> Files<'a> for Shown<'a> {
    type FileId = ();
    type Name = Cow<'a, str>;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<Cow<'a, str>, FilesError> {
        Ok(self.file.name().clone())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.file.source())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        self.file.line_index((), byte_index)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        self.file.line_range((), line_index)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let line = self.file.line_range((), line_index)?;
        let start = self.excerpt.to_original(line.start);
        let end = self.excerpt.to_original(byte_index.min(line.end));
        let before = self.original.get(start..end).unwrap_or("");
        Ok(before.chars().count() + 1)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line_col() {
            Some((l, c)) => write!(
                f,
                "{}:{l}:{c}: {}",
                for_terminal(&self.path),
                for_terminal_lines(&self.message)
            ),
            None => write!(
                f,
                "{}: {}",
                for_terminal(&self.path),
                for_terminal_lines(&self.message)
            ),
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

/// Paths and messages are escaped (see [`crate::escape`]): the text is written to a terminal or a
/// CI log. Only a rule or configuration file's message keeps its line breaks.
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
            Error::Io { path, error } => write!(
                f,
                "{}: {}",
                for_terminal(path),
                for_terminal(&error.to_string())
            ),
            Error::Usage(message) => f.write_str(&for_terminal(message)),
        }
    }
}

impl std::error::Error for Error {}

impl From<FileError> for Error {
    fn from(e: FileError) -> Self {
        Error::Files(vec![e])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::term::termcolor::NoColor;

    fn rendered(e: &FileError) -> String {
        let mut out = NoColor::new(Vec::new());
        e.render(&mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn errors_show_control_characters_at_the_file_s_columns() {
        let text: Arc<str> = Arc::from("extends: existence\nlevel: \u{202e}warn\x1b[2J\n");
        let start = text.find("warn").unwrap();
        let e = FileError::new(
            "rules/\x1b]0;T\x07.yaml",
            text,
            Some(start..start + 4),
            "unknown level `\u{202e}warn\x1b[2J`\nexpected one of `warning`, `error`".into(),
        );
        assert_eq!(
            rendered(&e),
            "error: unknown level `<U+202E>warn\\x1b[2J`\n\
             expected one of `warning`, `error`\n  \
             ┌─ rules/\\x1b]0;T\\x07.yaml:2:9\n  \
             │\n\
             2 │ level: <U+202E>warn␛[2J\n  \
             │                ^^^^\n\n"
        );
        assert_eq!(
            e.to_string(),
            "rules/\\x1b]0;T\\x07.yaml:2:9: unknown level `<U+202E>warn\\x1b[2J`\n\
             expected one of `warning`, `error`"
        );
        let e = FileError::new("a\nb.yaml", "".into(), None, "empty".into());
        assert_eq!(rendered(&e), "error: empty\n = in a\\nb.yaml\n\n");
        assert_eq!(Error::from(e).to_string(), "a\\nb.yaml: empty");
        let usage = Error::Usage("no rule named `\x1b[2J`".into());
        assert_eq!(usage.to_string(), "no rule named `\\x1b[2J`");
    }
}
