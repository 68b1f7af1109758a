//! Renderers: the same reports as rich terminal text, one-line text, JSON or the formats CI
//! services read (SARIF, GitHub workflow commands, reviewdog's rdjsonl).

mod concise;
mod description;
mod github;
mod html;
mod json;
mod jsonl;
mod rdjsonl;
mod rich;
mod sarif;

pub use description::short_description;
pub use json::{JsonDiagnostic, JsonDiagnostics, json_records};

use crate::diagnostic::{Diagnostic, Omitted, Severity};
use crate::linter::Linter;
use crate::rules::CORE_RULES;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use std::io;
use std::sync::Arc;

/// The message of `d` followed, a line each, by the messages of the findings of other rules folded
/// into it (`also <rule>: …`), for the formats that show one message per diagnostic and no
/// labels.
fn message_with_folded(d: &Diagnostic) -> std::borrow::Cow<'_, str> {
    let mut folded = d.labels.iter().filter(|l| l.folded.is_some()).peekable();
    if folded.peek().is_none() {
        return d.message.as_str().into();
    }
    let mut message = d.message.clone();
    for l in folded {
        message.push('\n');
        message.push_str(&l.message);
    }
    message.into()
}

/// The result of linting one input.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given or found (`-` or `--stdin-filename` for standard input).
    pub path: String,
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// The findings past the cap on findings per rule, counted rule by rule, not reported.
    pub omitted: Vec<Omitted>,
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
    /// One self-contained HTML page: each file's text with its findings highlighted.
    Html,
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

impl RuleInfo {
    /// Every rule of `linter`, in its order, then its Vale project's, then copydesk's own
    /// (`Core`).
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
        if let Some(vale) = linter.vale() {
            infos.extend(vale.rules.rules.iter().map(|r| RuleInfo {
                id: r.name.clone(),
                description: r.message.clone(),
                link: r.link.as_deref().map(str::to_string),
                severity: r.level.severity(),
            }));
        }
        infos.extend(CORE_RULES.iter().map(|r| RuleInfo {
            id: Arc::from(r.id),
            description: r.description.to_string(),
            link: None,
            severity: r.severity,
        }));
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
            s.add(r);
        }
        s
    }

    /// Counts one more report: a file if it was linted, its diagnostics, and the findings it
    /// left out past the cap.
    pub fn add(&mut self, report: &FileReport) {
        self.files += usize::from(report.source.is_some());
        self.count(&report.diagnostics, &report.omitted);
    }

    /// Counts diagnostics, and findings left out past the cap, by severity.
    pub fn count(&mut self, diagnostics: &[Diagnostic], omitted: &[Omitted]) {
        let levels = diagnostics.iter().map(|d| (d.severity, 1));
        for (severity, n) in levels.chain(omitted.iter().map(|o| (o.severity, o.count))) {
            match severity {
                Severity::Error => self.errors += n,
                Severity::Warning => self.warnings += n,
                Severity::Suggestion => self.suggestions += n,
            }
        }
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
    let mut writer = ReportWriter::new(format, rules);
    writer.begin(out)?;
    for report in reports {
        writer.report(report, out)?;
    }
    writer.finish(out).map(drop)
}

/// One output format: what it writes before the first report, for each file's report, and
/// after the last. Formats that wrap the whole run (the `json` array, the SARIF log, the rich
/// summary line) write their opening in `begin` and their closing in `finish`, so that reports
/// can be written one file at a time; [`ReportWriter`] drives an emitter through a run.
pub trait Emitter {
    /// Writes what comes before the first report.
    fn begin(&mut self, _out: &mut dyn WriteColor) -> io::Result<()> {
        Ok(())
    }

    /// Writes one file's diagnostics (nothing for a skipped file).
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()>;

    /// Writes what comes after the last report; `summary` counts the whole run.
    fn finish(&mut self, _summary: &Summary, _out: &mut dyn WriteColor) -> io::Result<()> {
        Ok(())
    }
}

impl Format {
    /// Whether the report itself says which findings were left out past the cap on findings
    /// per rule: a line in `rich` and `concise`, a notice in `github`, a tool notification in
    /// `sarif`. The others (`json`, `jsonl`, `rdjsonl`), whose every record is a finding, leave
    /// it to a note on standard error.
    pub fn shows_omitted(self) -> bool {
        matches!(
            self,
            Format::Rich | Format::Concise | Format::Github | Format::Sarif | Format::Html
        )
    }

    /// The emitter of this format for a run whose rules are `rules` (see [`RuleInfo::all`]).
    pub fn emitter<'r>(self, rules: &'r [RuleInfo]) -> Box<dyn Emitter + 'r> {
        match self {
            Format::Rich => Box::new(rich::Rich),
            Format::Concise => Box::new(concise::Concise),
            Format::Json => Box::new(json::Json::default()),
            Format::Jsonl => Box::new(jsonl::Jsonl),
            Format::Sarif => Box::new(sarif::Sarif::new(rules)),
            Format::Github => Box::new(github::Github),
            Format::Rdjsonl => Box::new(rdjsonl::Rdjsonl::new(rules)),
            Format::Html => Box::new(html::Html::default()),
        }
    }
}

/// Writes a run's reports one file at a time, so that a run never holds more than the files in
/// flight: [`begin`](Self::begin), then [`report`](Self::report) for each file in order, then
/// [`finish`](Self::finish). The output is byte for byte that of [`write()`] on all the reports.
pub struct ReportWriter<'r> {
    emitter: Box<dyn Emitter + 'r>,
    summary: Summary,
}

impl<'r> ReportWriter<'r> {
    /// A writer in `format` for a run whose rules are `rules` (see [`RuleInfo::all`]).
    pub fn new(format: Format, rules: &'r [RuleInfo]) -> Self {
        ReportWriter {
            emitter: format.emitter(rules),
            summary: Summary::default(),
        }
    }

    /// Writes what comes before the first report.
    pub fn begin(&mut self, out: &mut dyn WriteColor) -> io::Result<()> {
        self.emitter.begin(out)
    }

    /// Writes one file's diagnostics (nothing for a skipped file) and counts them.
    pub fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        self.summary.add(report);
        self.emitter.report(report, out)
    }

    /// Writes what comes after the last report; returns the counts of the run.
    pub fn finish(mut self, out: &mut dyn WriteColor) -> io::Result<Summary> {
        self.emitter.finish(&self.summary, out)?;
        Ok(self.summary)
    }

    /// The counts of the reports written so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }
}

/// Where users learn about copydesk: the package's homepage or repository, if Cargo.toml names
/// one (SARIF's `informationUri` must be an absolute URI, so there is no relative fallback).
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// How every format and message shows `path`: as given or found, without leading `./`.
/// Walking `.` finds `./docs/a.md`, while CI services match paths relative to the repository root
/// and do not all resolve `./`; one spelling everywhere lets a user match a line of one format
/// with a line of another. `./-` keeps its `./`: `-` alone names standard input.
pub fn display_path(path: &str) -> &str {
    let mut rest = path;
    while let Some(shorter) = rest
        .strip_prefix("./")
        .or_else(|| rest.strip_prefix(".\\").filter(|_| cfg!(windows)))
    {
        rest = shorter.trim_start_matches('/');
    }
    if rest.is_empty() || rest == "-" {
        path
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_path_strips_leading_dot_segments() {
        assert_eq!(display_path("./docs/a.md"), "docs/a.md");
        assert_eq!(display_path(".//./a.md"), "a.md");
        assert_eq!(display_path("../a.md"), "../a.md");
        assert_eq!(display_path(".hidden/a.md"), ".hidden/a.md");
        assert_eq!(display_path("/abs/a.md"), "/abs/a.md");
        assert_eq!(display_path("docs/./a.md"), "docs/./a.md");
        assert_eq!(display_path("./-"), "./-");
        assert_eq!(display_path("-"), "-");
    }

    #[test]
    fn rule_infos_end_with_the_core_rules() {
        let linter = Linter::builtin().unwrap();
        let infos = RuleInfo::all(&linter);
        assert_eq!(infos.len(), linter.rules().len() + 3);
        let ids: Vec<&str> = infos[infos.len() - 3..].iter().map(|i| &*i.id).collect();
        assert_eq!(
            ids,
            [
                crate::rules::INVALID_UTF8,
                crate::rules::ENCODING,
                crate::suppress::UNUSED_SUPPRESSION
            ]
        );
    }
}
