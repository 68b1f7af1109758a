//! Measuring precision and recall on an annotated corpus (`copydesk eval`).
//!
//! A corpus folder holds `articles/NAME.{txt,md,html}` with `NAME.truth.yaml` (artifacts: line,
//! exact text, kind) and `clean/*.txt`, professionally edited prose that must stay nearly silent.
//! An artifact is found when a diagnostic overlaps its text; a diagnostic that spans several
//! lines (a boilerplate block) only counts for artifacts on its first line and for boilerplate
//! artifacts inside it (a block is annotated once, where the annotator saw it begin), so that one
//! block cannot claim every other artifact inside it. A diagnostic that overlaps no artifact is a false alarm.
//!
//! "Diagnostic" here means each finding ([`Diagnostic::findings`]): one folded into another
//! rule's diagnostic (one finding per span, `crate::linter`) is scored with its own rule, level
//! and span, as if it stood alone, so that folding changes none of the figures.

use crate::diagnostic::{Diagnostic, Found, Severity};
use crate::error::Error;
use crate::escape::for_terminal;
use crate::linter::Linter;
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct Truth {
    artifacts: Vec<Artifact>,
}

/// One annotated artifact.
#[derive(Debug, Clone, Deserialize)]
pub struct Artifact {
    pub id: String,
    pub line: usize,
    pub text: String,
    pub kind: String,
    #[serde(default)]
    pub why: String,
}

/// Counts for one artifact kind (or all).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub artifacts: usize,
    pub found: usize,
    /// Diagnostics of this kind's rules that overlap no artifact.
    pub false_alarms: usize,
    /// Diagnostics of this kind's rules that overlap an artifact.
    pub true_alarms: usize,
}

impl Counts {
    pub fn missed(&self) -> usize {
        self.artifacts - self.found
    }
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.artifacts)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.true_alarms, self.true_alarms + self.false_alarms)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The result of an evaluation run.
#[derive(Debug, Default)]
pub struct Report {
    pub by_kind: BTreeMap<String, Counts>,
    pub overall: Counts,
    /// Artifacts no diagnostic found: (file, artifact).
    pub missed: Vec<(String, Artifact)>,
    /// Diagnostics that overlap no artifact: (file, line, rule, covered text).
    pub false_alarms: Vec<(String, usize, String, String)>,
    pub clean_bytes: usize,
    /// Warning-or-worse diagnostics on the clean prose: (file, line, rule).
    pub clean_alarms: Vec<(String, usize, String)>,
}

impl Report {
    /// Warnings and errors per 100 KB of clean prose.
    pub fn clean_rate(&self) -> f64 {
        self.clean_alarms.len() as f64 * 100_000.0 / self.clean_bytes.max(1) as f64
    }

    /// The report as a table, then the misses and false alarms.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<12} {:>9} {:>6} {:>7} {:>12} {:>10} {:>7}",
            "kind", "artifacts", "found", "missed", "false alarms", "precision", "recall"
        );
        let rows = self
            .by_kind
            .iter()
            .map(|(k, c)| (k.as_str(), c))
            .chain([("overall", &self.overall)]);
        for (kind, c) in rows {
            let kind = for_terminal(kind);
            let _ = writeln!(
                s,
                "{kind:<12} {:>9} {:>6} {:>7} {:>12} {:>10.3} {:>7.3}",
                c.artifacts,
                c.found,
                c.missed(),
                c.false_alarms,
                c.precision(),
                c.recall()
            );
        }
        let _ = writeln!(
            s,
            "\nclean prose: {} bytes, {} warnings or errors, {:.2} per 100 KB",
            self.clean_bytes,
            self.clean_alarms.len(),
            self.clean_rate()
        );
        // Paths, ids and kinds are escaped like every name copydesk prints (the texts are
        // Debug-quoted, which escapes their control characters).
        for (file, a) in &self.missed {
            let _ = writeln!(
                s,
                "missed: {}:{} {} [{}] {:?}",
                for_terminal(file),
                a.line,
                for_terminal(&a.id),
                for_terminal(&a.kind),
                a.text
            );
        }
        for (file, line, rule, text) in &self.false_alarms {
            let (file, rule) = (for_terminal(file), for_terminal(rule));
            let _ = writeln!(s, "false alarm: {file}:{line} [{rule}] {text:?}");
        }
        for (file, line, rule) in &self.clean_alarms {
            let (file, rule) = (for_terminal(file), for_terminal(rule));
            let _ = writeln!(s, "clean prose: {file}:{line} [{rule}]");
        }
        s
    }
}

/// The artifact kind a rule's findings belong to, for per-kind precision.
pub fn kind_of_rule(rule: &str) -> String {
    match rule {
        "Junk.BoilerplateBlock" => "boilerplate".into(),
        "Translation.UntranslatedWord" | "Translation.AcronymMismatch" => "foreign".into(),
        _ => match rule.split_once('.').map_or(rule, |(pack, _)| pack) {
            "Encoding" => "mojibake".into(),
            pack => pack.to_lowercase(),
        },
    }
}

/// Evaluates `linter` on the corpus in `dir`.
pub fn evaluate(linter: &Linter, dir: &Path) -> Result<Report, Error> {
    // A folder that is not a corpus is the user's mistake, not a file copydesk failed to read.
    if let Some(missing) = ["articles", "clean"]
        .into_iter()
        .find(|sub| !dir.join(sub).is_dir())
    {
        return Err(Error::Usage(format!(
            "{} is not an annotated corpus: it has no {missing}/ folder (a corpus holds \
             articles/NAME.txt, .md or .html, each with NAME.truth.yaml, and clean/*.txt)",
            for_terminal(&dir.display().to_string())
        )));
    }
    let mut report = Report::default();
    for article in articles(&dir.join("articles"))? {
        evaluate_article(linter, &article, &mut report)?;
    }
    for path in files(&dir.join("clean"), &["txt"])? {
        let source = read(&path)?;
        report.clean_bytes += source.bytes().len();
        for d in linter.lint(&source) {
            for f in d.findings().filter(|f| f.severity >= Severity::Warning) {
                report.clean_alarms.push((
                    source.path().to_string(),
                    source.position(f.span.start).0,
                    f.rule.to_string(),
                ));
            }
        }
    }
    Ok(report)
}

fn evaluate_article(linter: &Linter, path: &Path, report: &mut Report) -> Result<(), Error> {
    let truth_path = path.with_extension("truth.yaml");
    let io = |p: &Path, error| Error::Io {
        path: p.display().to_string(),
        error,
    };
    let truth: Truth = serde_yaml::from_str(
        &std::fs::read_to_string(&truth_path).map_err(|e| io(&truth_path, e))?,
    )
    .map_err(|e| Error::Usage(format!("{}: {e}", truth_path.display())))?;
    let source = read(path)?;
    let diagnostics = linter.lint(&source);
    let findings: Vec<Found> = diagnostics.iter().flat_map(Diagnostic::findings).collect();
    let name = source.path().to_string();
    let mut ranges = Vec::with_capacity(truth.artifacts.len());
    for a in &truth.artifacts {
        let range = artifact_range(&source, a).ok_or_else(|| {
            Error::Usage(format!(
                "{}: {} not found on line {}",
                truth_path.display(),
                a.id,
                a.line
            ))
        })?;
        ranges.push(range);
    }
    let claims = |d: &Found, i: usize| {
        let r = &ranges[i];
        let first_line = source.position(d.span.start).0;
        let multi_line = source.position(d.span.end).0 > first_line;
        d.span.start < r.end
            && r.start < d.span.end.max(d.span.start + 1)
            && (!multi_line
                || first_line == truth.artifacts[i].line
                || truth.artifacts[i].kind == "boilerplate")
    };
    for (i, a) in truth.artifacts.iter().enumerate() {
        let counts = report.by_kind.entry(a.kind.clone()).or_default();
        counts.artifacts += 1;
        report.overall.artifacts += 1;
        if findings.iter().any(|d| claims(d, i)) {
            counts.found += 1;
            report.overall.found += 1;
        } else {
            report.missed.push((name.clone(), a.clone()));
        }
    }
    for d in &findings {
        let kind = kind_of_rule(d.rule);
        let counts = report.by_kind.entry(kind).or_default();
        if (0..ranges.len()).any(|i| claims(d, i)) {
            counts.true_alarms += 1;
            report.overall.true_alarms += 1;
        } else {
            counts.false_alarms += 1;
            report.overall.false_alarms += 1;
            let text = String::from_utf8_lossy(&source.bytes()[d.span.clone()]);
            let text: String = text.chars().take(60).collect();
            report.false_alarms.push((
                name.clone(),
                source.position(d.span.start).0,
                d.rule.to_string(),
                text,
            ));
        }
    }
    Ok(())
}

/// Byte range of an artifact's text on its line.
fn artifact_range(source: &SourceFile, a: &Artifact) -> Option<Range<usize>> {
    let text = source.text();
    let start: usize = text
        .split_inclusive('\n')
        .take(a.line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line = text.get(start..)?.split('\n').next()?;
    let at = line.find(&a.text)?;
    Some(
        source
            .map()
            .to_source(start + at..start + at + a.text.len()),
    )
}

fn read(path: &Path) -> Result<SourceFile, Error> {
    let bytes = std::fs::read(path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        error,
    })?;
    SourceFile::new(path.display().to_string(), bytes)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

fn articles(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    files(dir, &["txt", "md", "markdown", "html", "htm"])
}

fn files(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|error| Error::Io {
        path: dir.display().to_string(),
        error,
    })?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    out.sort();
    Ok(out)
}
