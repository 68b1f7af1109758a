//! Reading and linting one input of file mode, fixed in memory when `--fix` or `--diff` asks.

use crate::cli::inputs::{self, Input};
use crate::cli::replace;
use crate::config::Settings;
use crate::diagnostic::Applicability;
use crate::linter::{Linted, Linter};
use crate::markup::Markup;
use crate::output::FileReport;
use crate::source::SourceFile;

/// What fixing one input did.
#[derive(Debug)]
pub struct Change {
    /// What was read.
    original: Original,
    /// The fixed bytes, when a fix applied.
    pub fixed: Option<Vec<u8>>,
    /// Fixes applied, over all passes.
    pub applied: usize,
    /// The file's stamps when it was read (files only), checked again before it is replaced.
    pub(super) snapshot: Option<replace::Snapshot>,
    /// The original text's diagnostics, when a fix applied: with the original source, the
    /// report when the fixed text is not written.
    pub(super) unfixed: Option<Linted>,
    /// Standard input was not read to its end (binary, too large): `--fix -` passes the rest
    /// through after the bytes read.
    pub rest_unread: bool,
}

/// What was read: the decoded source, or, for standard input that is not text, its bytes.
#[derive(Debug)]
enum Original {
    Source(SourceFile),
    Bytes(Vec<u8>),
}

impl Change {
    /// Standard input passed through as it was read.
    fn unchanged(original: Vec<u8>, rest_unread: bool) -> Self {
        Change {
            original: Original::Bytes(original),
            fixed: None,
            applied: 0,
            snapshot: None,
            unfixed: None,
            rest_unread,
        }
    }

    /// The bytes read.
    pub fn original(&self) -> &[u8] {
        match &self.original {
            Original::Source(source) => source.bytes(),
            Original::Bytes(bytes) => bytes,
        }
    }

    /// The source and what linting it found before any fix, when a fix applied.
    pub(super) fn into_unfixed(self) -> Option<(SourceFile, Linted)> {
        match (self.original, self.unfixed) {
            (Original::Source(source), Some(diagnostics)) => Some((source, diagnostics)),
            _ => None,
        }
    }
}

/// Reads (at most `max_filesize` bytes) and lints one input, fixing it in memory when `fix`
/// asks for it; never panics on its content.
///
/// When fixing, a file is read only if it is a regular file (with the stamps that guard its
/// replacement), and standard input always yields a [`Change`], so that `--fix -` writes back
/// every byte it was given even when it lints nothing.
pub fn lint_input(
    linter: &Linter,
    settings: &Settings,
    input: &Input,
    stdin_name: &str,
    max_filesize: u64,
    fix: Option<Applicability>,
) -> (FileReport, Option<Change>) {
    let path = match input {
        Input::Stdin => stdin_name.to_string(),
        // A name that is not UTF-8 is shown lossily; the file is still read by its real name.
        Input::File(p) => p.display().to_string(),
    };
    let skipped = |note: String, failed: bool| FileReport {
        path: path.clone(),
        source: None,
        diagnostics: Vec::new(),
        omitted: Vec::new(),
        skipped: Some(note),
        failed,
    };
    let (bytes, snapshot) = match (input, fix) {
        (Input::File(p), Some(_)) => match replace::read_for_fix(p, max_filesize) {
            Ok(read) => (read.bytes, Some(read.snapshot)),
            Err(e) => return (skipped(e.to_string(), !e.is_note()), None),
        },
        (Input::Stdin, Some(_)) => {
            let mut bytes = Vec::new();
            match inputs::read_stdin(max_filesize, &mut bytes) {
                Ok(()) => (bytes, None),
                Err(e) => {
                    let failed = matches!(e, inputs::ReadError::Io(_));
                    let change = Change::unchanged(bytes, !failed);
                    return (skipped(e.to_string(), failed), Some(change));
                }
            }
        }
        (_, None) => match inputs::read(input, max_filesize) {
            Ok(bytes) => (bytes, None),
            Err(e) => {
                let failed = matches!(e, inputs::ReadError::Io(_));
                return (skipped(e.to_string(), failed), None);
            }
        },
    };
    // `--fix -` writes back what it cannot lint, so it must keep the bytes that
    // `SourceFile::new` would consume; every other input is only tested there.
    if *input == Input::Stdin
        && fix.is_some()
        && let Some(not_text) = crate::source::not_text(&bytes)
    {
        let change = Change::unchanged(bytes, true);
        return (skipped(not_text.to_string(), false), Some(change));
    }
    let source = match SourceFile::new(path.clone(), bytes) {
        Ok(source) => source,
        Err(not_text) => return (skipped(not_text.to_string(), false), None),
    };
    let Some(level) = fix else {
        // Standard input is read as `--markup` says, else as its name says, like a file.
        let markup = settings
            .markup
            .unwrap_or_else(|| Markup::from_path(source.path()));
        let linted = linter.lint_capped(&source, markup, settings);
        let report = FileReport {
            path,
            source: Some(source),
            diagnostics: linted.diagnostics,
            omitted: linted.omitted,
            skipped: None,
            failed: false,
        };
        return (report, None);
    };
    let fixed = crate::fix::fix_source(linter, settings, &source, level);
    let changed = fixed.bytes != source.bytes();
    let change = Change {
        original: Original::Source(source),
        fixed: changed.then_some(fixed.bytes),
        applied: fixed.applied,
        snapshot,
        unfixed: fixed.unfixed,
        rest_unread: false,
    };
    let report = FileReport {
        path,
        source: fixed.source,
        diagnostics: fixed.remaining,
        omitted: fixed.omitted,
        skipped: None,
        failed: false,
    };
    (report, Some(change))
}
