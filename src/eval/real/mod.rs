//! `copydesk eval --real DIR`: the rules measured on public, annotated, real data (web text with
//! junk lines labelled, real pages with their true bodies, professionally judged machine
//! translation, tortured phrases, mojibake from the wild), read from `DIR` at run time.
//!
//! Nothing of that data is part of the repository: each set's reader opens its own folder under
//! `DIR` (its layout is described by the folder's PROVENANCE.md) and returns counts. A set whose
//! folder is missing is reported as skipped, not as a failure.
//!
//! Every set is scored the same way: items known to be bad (a noise line, a boilerplate
//! snippet, a mojibake string) and items known to be good (a clean line, a body line, an
//! error-free segment), and how many of each copydesk flags. Recall is the share of bad items
//! flagged, the false-alarm rate the share of good items flagged; per rule, the same two counts
//! say which rule finds what and which rule raises the false alarms.
//!
//! Scores go by findings, not diagnostics ([`Diagnostic::findings`]): a finding folded into
//! another rule's diagnostic (one finding per span, `crate::linter`) still counts, with its own
//! rule, level and span, so that the figures measure what is found rather than how it is shown.

pub mod aeb;
pub mod ftfy;
pub mod mqm;
pub mod oscar;
pub mod tortured;
pub mod trafilatura;

use crate::diagnostic::{Diagnostic, Found};
use crate::error::Error;
use crate::linter::Linter;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read as _;
use std::ops::Range;
use std::path::Path;

/// The result of one data set (or one slice of it, such as one language).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetResult {
    /// The set and slice, as the table shows it (`oscar en train+dev`).
    pub name: String,
    /// How an item is scored, in a few words.
    pub scoring: String,
    /// Bad items flagged, and bad items in all.
    pub bad: Tally,
    /// Good items flagged, and good items in all.
    pub good: Tally,
    /// Per rule: bad and good items it flagged.
    pub per_rule: BTreeMap<String, RuleTally>,
}

/// Items flagged out of a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub flagged: usize,
    pub total: usize,
}

impl Tally {
    /// The share flagged (0 when there is nothing).
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.flagged as f64 / self.total as f64
        }
    }

    /// Counts one item.
    pub fn add(&mut self, flagged: bool) {
        self.total += 1;
        self.flagged += usize::from(flagged);
    }
}

/// What one rule flagged in a set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleTally {
    pub on_bad: usize,
    pub on_good: usize,
}

impl SetResult {
    /// Counts one item, bad or good: flagged when `rules` (the rules whose findings touch it)
    /// is not empty, and once for each of those rules.
    pub fn count(&mut self, bad: bool, rules: &BTreeSet<String>) {
        let tally = if bad { &mut self.bad } else { &mut self.good };
        tally.add(!rules.is_empty());
        for rule in rules {
            let t = self.per_rule.entry(rule.clone()).or_default();
            if bad {
                t.on_bad += 1;
            } else {
                t.on_good += 1;
            }
        }
    }

    /// Counts one item like [`SetResult::count`], and prints it to standard error when the
    /// `COPYDESK_EVAL_SHOW` variable asks for it: `missed` (bad items not flagged), `alarms`
    /// (good items flagged), `flagged` or `items` (all, each marked `bad` or `good`), optionally
    /// after a set name prefix and a colon (`aeb trafilatura:alarms`). For looking at the data
    /// while developing a rule.
    pub fn count_text(&mut self, bad: bool, rules: &BTreeSet<String>, text: &str) {
        self.count(bad, rules);
        let Ok(show) = std::env::var("COPYDESK_EVAL_SHOW") else {
            return;
        };
        let (set, what) = show.rsplit_once(':').unwrap_or(("", &show));
        let wanted = match what {
            "missed" => bad && rules.is_empty(),
            "alarms" => !bad && !rules.is_empty(),
            "flagged" => !rules.is_empty(),
            "items" => true,
            _ => false,
        };
        if wanted && self.name.starts_with(set) {
            let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
            let line: String = text.chars().take(300).collect();
            let kind = match what {
                "items" if bad => "bad ",
                "items" => "good ",
                _ => "",
            };
            eprintln!(
                "{} {kind}[{}] {}",
                self.name,
                rules.join(","),
                line.replace('\n', "⏎")
            );
        }
    }

    /// Precision over the items flagged (bad flagged / all flagged), where bad and good items
    /// come from the same population (line-labelled sets); `None` when nothing was flagged.
    pub fn precision(&self) -> Option<f64> {
        let all = self.bad.flagged + self.good.flagged;
        (all > 0).then(|| self.bad.flagged as f64 / all as f64)
    }
}

/// `f` over `items` on the machine's cores, results in the order of `items`, so that the
/// figures do not depend on the thread count: the sets hold thousands of texts, each linted
/// alone.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| scope.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a scoring thread panicked"))
            .collect()
    })
}

/// The rules of the findings of `diagnostics` (folded ones included) that `keep` accepts, once
/// each.
pub(crate) fn rules_where(
    diagnostics: &[Diagnostic],
    keep: impl Fn(&Found) -> bool,
) -> BTreeSet<String> {
    diagnostics
        .iter()
        .flat_map(Diagnostic::findings)
        .filter(|f| keep(f))
        .map(|f| f.rule.to_string())
        .collect()
}

/// The rules whose findings overlap `range` (an empty span: stands in it or at its ends).
pub(crate) fn touching(diagnostics: &[Diagnostic], range: &Range<usize>) -> BTreeSet<String> {
    rules_where(diagnostics, |f| {
        if f.span.is_empty() {
            range.start <= f.span.start && f.span.start <= range.end
        } else {
            f.span.start < range.end && range.start < f.span.end
        }
    })
}

/// The bytes of the file at `path`.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        error,
    })
}

/// The bytes of the gzip file at `path`, unpacked.
pub(crate) fn gunzip(path: &Path) -> Result<Vec<u8>, Error> {
    let packed = read_bytes(path)?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_end(&mut out)
        .map_err(|error| Error::Io {
            path: path.display().to_string(),
            error,
        })?;
    Ok(out)
}

/// A data file that does not hold what its PROVENANCE.md describes.
pub(crate) fn bad_data(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        error: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
    }
}

/// The results of every set found under `dir`, and the sets that were skipped with the reason.
#[derive(Debug, Default)]
pub struct RealReport {
    pub sets: Vec<SetResult>,
    pub skipped: Vec<(String, String)>,
}

/// A set's reader: its folder name under `DIR` and the function that scores it.
type Reader = (
    &'static str,
    fn(&Linter, &Path) -> Result<Vec<SetResult>, Error>,
);

/// The sets, in the order of the table.
const READERS: &[Reader] = &[
    ("oscar-line-quality", oscar::read),
    ("trafilatura-eval", trafilatura::read),
    ("aeb-article-extraction", aeb::read),
    ("mqm-zh-en", mqm::read),
    ("ftfy-mojibake", ftfy::read),
    ("tortured-phrases", tortured::read),
];

/// Scores every set found under `dir`.
pub fn evaluate(linter: &Linter, dir: &Path) -> Result<RealReport, Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder of annotated data (see ../shared/real/README.md)",
            dir.display()
        )));
    }
    let mut report = RealReport::default();
    for (folder, read) in READERS {
        let path = dir.join(folder);
        if !path.is_dir() {
            report
                .skipped
                .push((folder.to_string(), "folder not found".into()));
            continue;
        }
        report.sets.extend(read(linter, &path)?);
    }
    Ok(report)
}

impl RealReport {
    /// The table of every set, then each set's rules.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| set | scored as | bad flagged (recall) | good flagged (false alarms) | precision |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for s in &self.sets {
            let precision = s
                .precision()
                .map_or_else(|| "-".to_string(), |p| format!("{p:.3}"));
            let _ = writeln!(
                out,
                "| {} | {} | {}/{} ({:.3}) | {}/{} ({:.2}%) | {precision} |",
                s.name,
                s.scoring,
                s.bad.flagged,
                s.bad.total,
                s.bad.rate(),
                s.good.flagged,
                s.good.total,
                100.0 * s.good.rate(),
            );
        }
        for (set, why) in &self.skipped {
            let _ = writeln!(out, "| {set} | skipped: {why} | | | |");
        }
        for s in &self.sets {
            if s.per_rule.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{}: per rule (bad items / good items flagged)\n",
                s.name
            );
            let _ = writeln!(out, "| rule | on bad | on good |");
            let _ = writeln!(out, "|---|---|---|");
            for (rule, t) in &s.per_rule {
                let _ = writeln!(out, "| {rule} | {} | {} |", t.on_bad, t.on_good);
            }
        }
        out
    }
}
