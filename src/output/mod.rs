//! Renderers: the same reports as rich terminal text, one-line text, JSON or the formats CI
//! services read (SARIF, GitHub workflow commands, reviewdog's rdjsonl).

mod concise;
mod github;
mod json;
mod jsonl;
mod rdjsonl;
mod rich;
mod sarif;

pub use json::json_records;

use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::{INVALID_UTF8, Linter};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;
use std::sync::Arc;

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
    /// The `json` records, one object per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// reviewdog's rdjsonl (`reviewdog -f=rdjsonl`).
    Rdjsonl,
}

/// What renderers know about a rule besides its findings: SARIF lists every rule with its
/// documentation, rdjsonl links each finding to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// `Pack.Rule`.
    pub id: Arc<str>,
    /// The rule file's `description`, as written (hard-wrapped).
    pub description: String,
    /// The rule file's `link`, if any.
    pub link: Option<String>,
    /// The level the rule reports at.
    pub severity: Severity,
}

/// Description of the diagnostic the decoder raises, which has no rule file.
const INVALID_UTF8_DESCRIPTION: &str = "Bytes that are not valid UTF-8: the file was saved in \
    another encoding or damaged in transit. They are read as U+FFFD and reported once, here, \
    instead of by the rules.";

impl RuleInfo {
    /// Every rule of `linter`, in its order, then the built-in `Core.InvalidUtf8`.
    pub fn all(linter: &Linter) -> Vec<RuleInfo> {
        let mut infos: Vec<RuleInfo> = linter
            .rules()
            .iter()
            .map(|r| RuleInfo {
                id: r.id.clone(),
                description: r.description.clone(),
                link: r.link.clone(),
                severity: r.severity,
            })
            .collect();
        infos.push(RuleInfo {
            id: Arc::from(INVALID_UTF8),
            description: INVALID_UTF8_DESCRIPTION.to_string(),
            link: None,
            severity: Severity::Error,
        });
        infos
    }
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

/// Writes all reports in `format`; `rules` describes the rules of the run (see
/// [`RuleInfo::all`]). Skip notes are not written: callers send them to stderr.
pub fn write(
    format: Format,
    reports: &[FileReport],
    rules: &[RuleInfo],
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    match format {
        Format::Rich => rich::write(reports, out),
        Format::Concise => concise::write(reports, out),
        Format::Json => json::write(reports, out),
        Format::Jsonl => jsonl::write(reports, out),
        Format::Sarif => sarif::write(reports, rules, out),
        Format::Github => github::write(reports, out),
        Format::Rdjsonl => rdjsonl::write(reports, rules, out),
    }
}

/// Where users learn about copydesk: the package's homepage or repository, if Cargo.toml names
/// one (SARIF's `informationUri` must be an absolute URI, so there is no relative fallback).
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// `path` without leading `./`: `copydesk check .` reports `./docs/a.md`, while CI services
/// match paths relative to the repository root and do not all resolve `./`.
fn repo_relative(path: &str) -> &str {
    let mut path = path;
    while let Some(rest) = path
        .strip_prefix("./")
        .or_else(|| path.strip_prefix(".\\").filter(|_| cfg!(windows)))
    {
        path = rest.trim_start_matches('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_relative_strips_dot_segments() {
        assert_eq!(repo_relative("./docs/a.md"), "docs/a.md");
        assert_eq!(repo_relative(".//./a.md"), "a.md");
        assert_eq!(repo_relative("../a.md"), "../a.md");
        assert_eq!(repo_relative(".hidden/a.md"), ".hidden/a.md");
        assert_eq!(repo_relative("/abs/a.md"), "/abs/a.md");
    }

    #[test]
    fn rule_infos_end_with_invalid_utf8() {
        let linter = Linter::builtin().unwrap();
        let infos = RuleInfo::all(&linter);
        assert_eq!(infos.len(), linter.rules().len() + 1);
        assert_eq!(&*infos.last().unwrap().id, INVALID_UTF8);
    }
}
