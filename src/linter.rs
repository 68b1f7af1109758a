//! The library's front door: a compiled rule set that turns a source file into diagnostics.
//!
//! # One finding per span
//!
//! Diagnostics of different rules on the same bytes are folded into one, the most specific, with
//! the others as labels on it.
//!
//! Two rules often see one artifact: `Share this article:` is sharing-widget text and a widget
//! label, `click Here` is link text and a mid-sentence capital, `(RUHIG)` is an acronym that
//! does not fit its name and an untranslated word, and a cookie banner is both its phrases and a
//! block of page furniture. Reported twice, the same bytes read as noise.
//!
//! **Which findings fold.** Two findings are about the same bytes when the span of one contains
//! the span of the other (equal spans included) and their rules differ. Findings that merely
//! touch (an untranslated word and the space before the comma after it) or overlap in part (a
//! doubled word straddling the end of a repeated phrase) say different things about different
//! bytes and stay apart: with only part of each in common there is no telling which one the
//! reader should act on. A finding of a *block* kind (see below) strictly containing another is
//! the same bytes only when both rules are of one pack: a cookie notice inside a block of page
//! furniture is the same diagnosis at a finer grain, while a doubled word inside that block is a
//! different one that happens to fall there. Zero-width findings (an insertion point) hold no
//! bytes and never fold.
//!
//! **Which one is shown.** The kind of check decides ([`Specificity`], a column of the
//! registry's table of kinds), and a rule id only breaks the last tie:
//!
//! 1. A block finding (boilerplate, density) strictly containing findings of its own pack is
//!    shown: it is the finding, the others are its evidence. Not when it is one line holding
//!    one such finding (a cookie notice scored as page chrome): that finding says the same more
//!    precisely, and the block ranks as in 2.
//! 2. Otherwise the more specific kind wins: a fixed phrase, a listed substitution or a decoding
//!    error (the bytes themselves are the evidence) over a heuristic on words in context
//!    (capitalisation, foreign words, acronyms, repeats, quote balance), over a block.
//! 3. Between kinds equally specific, the wider span wins: a finding that contains another
//!    accounts for it (an HTML tag for the entity in its attribute, a three-fold loop for the
//!    doubled word inside it, mojibake for the control character it decoded to, a whole widget
//!    label for its shorter variant), and its fix, when it has one, covers the other's.
//! 4. Then the finding with a fix, then the more severe, then the rule id, so that the outcome
//!    never depends on the order the rules ran in.
//!
//! **What the winner carries.** Each folded finding becomes a [`Label`] on the winner at its
//! own span, with the message `also <rule>: <its message>` (so every output format shows it, and
//! [`Diagnostic::findings`] still lists it with its rule and level), followed by its own labels.
//! The winner's level is raised to the most severe finding it carries, so that folding never
//! changes what fails a run. A folded finding's fix is dropped only where an edit of the
//! winner's covers it (deleting a widget line covers lower-casing a word on it); its other edits
//! join the winner's fix when they do not clash with them and are as safe. A finding whose fix
//! cannot join that way is not folded: it stays a diagnostic of its own.
//!
//! **Why last.** Folding is the last step of [`Linter::lint_as`] before sorting. Suppression
//! comments apply to the rules' own findings first: a comment that disables the winning rule must
//! leave the other rule's finding visible (it would otherwise vanish with the label it was folded
//! into), and a comment written for the folded rule must count as used, which it would not if it
//! only ever met the winner. Fixes are checked first too (invalid UTF-8 nearby, UTF-16, Markdown
//! structure), so that only fixes that survive are joined.

mod fold;
mod paragraphs;

use crate::checks::registry::Specificity;
use crate::checks::{Finding, Sink, TextEdit};
use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Omitted, Severity};
use crate::document::Document;
use crate::engine::{Engine, PARALLEL_MIN_BYTES, RegexError, RulePatterns, parallel};
use crate::error::{Error, FileError};
use crate::markup::{self, Markup};
use crate::offsets::OffsetMap;
use crate::rules::spec::Region;
use crate::rules::{Rule, builtin_rules};
use crate::source::{Encoding, SourceFile};
use crate::suppress;
use crate::text::language::Language;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

pub use crate::rules::INVALID_UTF8;

/// How many runs of invalid bytes a file reports one by one (see [`Linter::lint_as`]).
pub const MAX_INVALID_RUNS: usize = 100;

/// A unit of text (its byte range) with its page-chrome features, in the order of
/// [`crate::checks::CHROME_FEATURES`]; `None` when the unit is plainly prose and not scored.
pub type ChromeUnit = (Range<usize>, Option<Vec<f32>>);

/// What linting one source found: its diagnostics, and the findings past the cap on findings per
/// rule ([`Settings::max_findings_per_rule`]), counted rule by rule instead of reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linted {
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// In the order of the rules.
    pub omitted: Vec<Omitted>,
}

/// The findings of one rule in one document, in the coordinates of the text linted.
struct RuleFindings {
    /// Its index among the linter's rules.
    rule: usize,
    severity: Severity,
    findings: Vec<Finding>,
    /// Findings past the cap already counted while the check ran ([`Early`]), not kept.
    dropped: usize,
}

/// The cap applied while the checks run, where no suppression comment has to be applied first
/// (suppressions are swept over a rule's findings in order, after it ran): a rule's findings
/// past the cap are then counted as they are found and dropped, so that text with a finding every
/// couple of bytes costs the memory of the first `cap` of each rule, not of all of them.
#[derive(Debug, Clone, Copy)]
struct Early<'a> {
    cap: usize,
    /// The source's runs of invalid bytes: a finding inside one is dropped uncounted, as later.
    invalid: &'a [Range<usize>],
    /// From the linted text to the decoded source text.
    prose: &'a OffsetMap,
    /// From the decoded source text to source bytes.
    source: &'a OffsetMap,
}

/// What a markup front end found in the prose it hands to [`Linter::lint_mapped`], in prose
/// offsets, each list in order and apart.
#[derive(Debug, Clone, Copy, Default)]
struct Marks<'a> {
    /// The text of live links, which rules with `skip: [links]` do not report.
    links: &'a [Range<usize>],
    /// Page furniture by the markup ([`crate::markup::Prose::regions`]).
    regions: &'a [Range<usize>],
}

/// The sink of one rule's check in [`Linter::lint_mapped`]: drops findings on live links the rule
/// skips, notes what a density rule counts (every finding, whatever the cap), and keeps either
/// every finding or, with [`Early`], the first `cap` by position in a max-heap (a finding before
/// the last one kept takes its place), counting the others.
struct Collect<'a> {
    text: &'a str,
    /// The live links the rule skips (none if it does not).
    links: &'a [Range<usize>],
    /// Where each finding starts and its words in lower case, for density rules.
    counted: Option<Vec<(usize, String)>>,
    early: Option<Early<'a>>,
    /// Without [`Early`]: every finding, in the order reported.
    all: Vec<Finding>,
    /// With [`Early`]: the first `cap` findings by position so far, the last at the top.
    first: std::collections::BinaryHeap<ByPosition>,
    /// Findings past the cap, counted.
    dropped: usize,
    /// Findings kept so far: the order of equal spans.
    seen: usize,
}

/// A finding ordered by its span, then by when it was reported.
struct ByPosition {
    key: (usize, usize, usize),
    finding: Finding,
}

impl PartialEq for ByPosition {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for ByPosition {}

impl PartialOrd for ByPosition {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByPosition {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

impl<'a> Collect<'a> {
    fn new(
        text: &'a str,
        links: &'a [Range<usize>],
        counts: bool,
        early: Option<Early<'a>>,
    ) -> Self {
        Collect {
            text,
            links,
            counted: counts.then(Vec::new),
            early,
            all: Vec::new(),
            first: std::collections::BinaryHeap::new(),
            dropped: 0,
            seen: 0,
        }
    }

    /// The findings kept (by position when capped, else as reported), how many past the cap
    /// were dropped, and what a density rule counts.
    fn finish(self) -> (Vec<Finding>, usize, Vec<(usize, String)>) {
        let findings = if self.early.is_some() {
            let sorted = self.first.into_sorted_vec();
            sorted.into_iter().map(|f| f.finding).collect()
        } else {
            self.all
        };
        (findings, self.dropped, self.counted.unwrap_or_default())
    }
}

impl Sink for Collect<'_> {
    fn push(&mut self, f: Finding) {
        if !self.links.is_empty() && touches_any(self.links, &f.span) {
            return;
        }
        if let Some(counted) = &mut self.counted {
            counted.push((f.span.start, self.text[f.span.clone()].to_lowercase()));
        }
        let Some(early) = self.early else {
            self.all.push(f);
            return;
        };
        // As `Linter::diagnostics` would, before the cap: the decoder reports these bytes.
        if !early.invalid.is_empty() {
            let span = early
                .source
                .to_source(early.prose.to_source(f.span.clone()));
            if inside_invalid(early.invalid, &span) {
                return;
            }
        }
        let entry = ByPosition {
            key: (f.span.start, f.span.end, self.seen),
            finding: f,
        };
        self.seen += 1;
        if self.first.len() < early.cap {
            self.first.push(entry);
            return;
        }
        self.dropped += 1;
        if let Some(mut last) = self.first.peek_mut()
            && entry.key < last.key
        {
            // The one it replaces is dropped instead; the heap reorders when `last` goes.
            *last = entry;
        }
    }
}

/// Which findings become diagnostics: those outside invalid UTF-8 and suppressions, up to the cap.
struct Kept<'a, 's> {
    /// The source's runs of invalid bytes (sorted).
    invalid: &'a [Range<usize>],
    suppressions: Option<&'a mut suppress::Suppressions<'s>>,
    /// The most findings of one rule that are reported; `None`: all.
    cap: Option<usize>,
}

/// A rule set compiled once, then used for any number of documents (from any thread).
#[derive(Debug)]
pub struct Linter {
    rules: Vec<Rule>,
    /// Each rule's index in `rules`, by id.
    by_id: FxHashMap<Arc<str>, usize>,
    engine: Engine,
    invalid_utf8_id: Arc<str>,
    /// For each rule, the density rules that count its findings (indexes into `rules`).
    counted_by: Vec<Vec<usize>>,
    /// A Vale project whose styles run beside the rules (`vale:` in the config, or a
    /// `.vale.ini` where no config is).
    vale: Option<Arc<crate::vale::project::Project>>,
}

impl Linter {
    /// Compiles `rules`. Two rules with the same id are an error naming both files: one id
    /// must mean one rule wherever it is used (`--select`, `levels`, suppressions, SARIF), and
    /// a user rule does not replace a built-in one, which would change what a built-in id means
    /// depending on the folders given.
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
        let mut seen: HashMap<&str, &Rule> = HashMap::new();
        let mut errors = Vec::new();
        for rule in &rules {
            if let Some(&first) = seen.get(&*rule.id) {
                let hint = if first.origin.is_builtin() {
                    " (a built-in rule cannot be replaced: give your pack another name, and \
                     `ignore` the built-in rule to run only yours)"
                } else {
                    ""
                };
                errors.push(FileError::new(
                    &rule.origin.path,
                    rule.origin.text.clone(),
                    None,
                    format!(
                        "rule id `{}` is already defined by {}{hint}",
                        rule.id, first.origin.path
                    ),
                ));
            } else {
                seen.insert(&rule.id, rule);
            }
        }
        for rule in &rules {
            for name in rule.check.density().map_or(&[][..], |d| &d.of) {
                if !rules.iter().any(|r| &*r.id == name || r.pack() == name) {
                    errors.push(rule.origin.error_at(
                        name,
                        "of",
                        format!("no rule or pack named `{name}`"),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Files(errors));
        }
        let patterns: Vec<RulePatterns> = rules
            .iter()
            .map(|rule| RulePatterns {
                patterns: rule.check.patterns(),
                compile_now: !rule.origin.is_builtin(),
            })
            .collect();
        let engine = Engine::new(&patterns).map_err(|errors| {
            // Reported in the rule file, at the regex as written (without the `(?i:…)` an
            // `ignorecase` rule wraps it in).
            let at_regex = |e: RegexError| {
                let raw = e.source.trim_start_matches("(?i:").trim_end_matches(')');
                rules[e.rule].origin.error_at(raw, "raw", e.message)
            };
            Error::Files(errors.into_iter().map(at_regex).collect())
        })?;
        let by_id = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let counted_by = rules
            .iter()
            .map(|r| {
                rules
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.check.density().is_some_and(|d| d.counts(&r.id)))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        Ok(Linter {
            rules,
            by_id,
            engine,
            invalid_utf8_id: Arc::from(INVALID_UTF8),
            counted_by,
            vale: None,
        })
    }

    /// This linter with the styles of the Vale project `vale` running beside its rules.
    pub fn with_vale(mut self, vale: Arc<crate::vale::project::Project>) -> Self {
        self.vale = Some(vale);
        self
    }

    /// The Vale project whose styles run beside the rules, if any.
    pub fn vale(&self) -> Option<&crate::vale::project::Project> {
        self.vale.as_deref()
    }

    /// The Vale project's alerts on `source` as diagnostics, at the bytes Vale's search for
    /// their text landed on, each with the fix its rule's `action` gives: a judgement call
    /// (a style's advice), applied with `--unsafe-fixes`.
    fn vale_diagnostics(&self, source: &SourceFile) -> Vec<Diagnostic> {
        let Some(vale) = &self.vale else {
            return Vec::new();
        };
        vale.alerts(source.path(), source.text())
            .into_iter()
            .map(|a| {
                let span = source.map().to_source(a.range);
                let fix = a.replacement.map(|replacement| Fix {
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        start: span.start,
                        end: span.end,
                        replacement: replacement.into(),
                    }],
                });
                Diagnostic {
                    rule: a.check.name.clone(),
                    severity: a.level.severity(),
                    message: a.message.to_string(),
                    span,
                    labels: Vec::new(),
                    help: a.check.link.as_ref().map(|l| format!("see {l}")),
                    fix,
                    raised_from: None,
                }
            })
            .collect()
    }

    /// A linter with the built-in packs only.
    pub fn builtin() -> Result<Self, Error> {
        Linter::new(builtin_rules().map_err(Error::Files)?)
    }

    /// The compiled patterns.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Finds a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// Lints a whole source file with every rule at its own level; diagnostics come sorted by
    /// position.
    ///
    /// The markup is chosen by the file's extension ([`Markup::from_path`]): Markdown and HTML
    /// are reduced to their prose, and their suppression comments applied.
    pub fn lint(&self, source: &SourceFile) -> Vec<Diagnostic> {
        self.lint_with(source, &Settings::all(&self.rules))
    }

    /// Lints a source file with the levels of `settings` (a rule whose level is `None` is off);
    /// the markup is `settings.markup`, else chosen by the file's extension
    /// ([`Markup::from_path`]). Findings past `settings.max_findings_per_rule` are left out:
    /// [`Linter::lint_capped`] also counts them.
    pub fn lint_with(&self, source: &SourceFile, settings: &Settings) -> Vec<Diagnostic> {
        let markup = settings
            .markup
            .unwrap_or_else(|| Markup::from_path(source.path()));
        self.lint_as(source, markup, settings)
    }

    /// Lints a source file as `markup`, whatever its path says (corpus documents have no file
    /// name to tell it), with the levels of `settings`; findings past
    /// `settings.max_findings_per_rule` are left out ([`Linter::lint_capped`] counts them).
    pub fn lint_as(
        &self,
        source: &SourceFile,
        markup: Markup,
        settings: &Settings,
    ) -> Vec<Diagnostic> {
        self.lint_capped(source, markup, settings).diagnostics
    }

    /// Lints a source file as `markup` with the levels of `settings`, and counts, rule by rule,
    /// the findings past `settings.max_findings_per_rule` that are not reported.
    ///
    /// The steps after the rules run, in order: findings inside invalid UTF-8 give way to one
    /// `Core.InvalidUtf8` each, suppression comments apply, each rule's first findings (by
    /// position) up to the cap become diagnostics and the others are only counted, a fix that
    /// deletes a paragraph takes a blank line with it, fixes that would damage the file are
    /// withheld, and findings of different rules on the same bytes are folded into one (see the
    /// module doc, "One finding per span").
    ///
    /// The cap comes after suppressions so that a suppressed finding is neither shown nor
    /// counted, and before diagnostics are built so that a file with millions of findings costs
    /// the memory of its findings, not of their messages, labels and help: the findings of a rule
    /// are counted, not reported, once it has reported its share. A finding of another rule that
    /// would have folded into one left out is reported on its own.
    pub fn lint_capped(&self, source: &SourceFile, markup: Markup, settings: &Settings) -> Linted {
        // Markdown and HTML are linted on their prose, whose offsets map to the source text.
        let (prose, directives) = match markup {
            Markup::Plain => (None, Vec::new()),
            _ => {
                let mut prose = markup::extract_scoped(markup, source.text(), &settings.html);
                let directives = std::mem::take(&mut prose.directives);
                (Some(prose), directives)
            }
        };
        let identity = OffsetMap::Identity;
        let (text, prose_map, marks) = match &prose {
            Some(p) => {
                let marks = Marks {
                    links: &p.links,
                    regions: &p.regions,
                };
                (&*p.text, &p.map, marks)
            }
            None => (source.text(), &identity, Marks::default()),
        };
        let early = settings
            .max_findings_per_rule
            .filter(|_| directives.is_empty())
            .map(|cap| Early {
                cap,
                invalid: source.invalid_utf8(),
                prose: prose_map,
                source: source.map(),
            });
        let (found, line_starts) = self.lint_mapped(text, marks, early, settings);
        if prose.is_none() {
            // The report needs them for its positions; they were found once already.
            source.adopt_line_starts(line_starts);
        }
        let mut suppressions =
            (!directives.is_empty()).then(|| suppress::Suppressions::new(&directives, source));
        let mut kept = Kept {
            invalid: source.invalid_utf8(),
            suppressions: suppressions.as_mut(),
            cap: settings.max_findings_per_rule,
        };
        let (mut out, omitted) = self.diagnostics(found, text, prose_map, source.map(), &mut kept);
        // Bytes that are not text are reported once, by the decoder, not by rules.
        let mut own = self.invalid_runs(source);
        own.extend(self.vale_diagnostics(source));
        if let Encoding::Legacy(encoding) = source.encoding() {
            own.push(self.legacy_encoding(source, encoding));
        }
        if let Some(suppressions) = &mut suppressions {
            out.extend(suppressions.apply(own));
            if settings.unused_suppressions {
                out.extend(suppressions.unused());
            }
        } else {
            out.extend(own);
        }
        // A fix that deletes a paragraph takes a blank line with it (see `paragraphs`), where
        // line breaks are the bytes they are in ASCII; Markdown keeps the deletions as the rules
        // made them to fall back on.
        let plainer = match source.encoding() {
            Encoding::Utf8 => paragraphs::widen(source.bytes(), &mut out),
            Encoding::Legacy(encoding) if encoding.is_ascii_compatible() => {
                paragraphs::widen(source.bytes(), &mut out)
            }
            _ => Vec::new(),
        };
        match source.encoding() {
            Encoding::Utf8 => {}
            Encoding::Legacy(encoding) if encoding.is_ascii_compatible() => {
                // An edit's ASCII is the same bytes in the file's encoding (its ranges are
                // exact, on characters that are their own bytes); any other text would be
                // spliced in as UTF-8, so those fixes are left to a person.
                for d in &mut out {
                    if d.fix
                        .as_ref()
                        .is_some_and(|f| f.edits.iter().any(|e| !e.replacement.is_ascii()))
                    {
                        d.fix = None;
                    }
                }
            }
            _ => {
                // Edits are UTF-8 text: spliced into UTF-16 bytes they would corrupt the file.
                for d in &mut out {
                    d.fix = None;
                }
            }
        }
        let invalid = source.invalid_utf8();
        if !invalid.is_empty() {
            // An edit next to invalid UTF-8 can join the bytes either side of it into a new
            // character (`C2` + deleted `C2 9C` + `9C` gives another `C2 9C`), so fixing would
            // never end and would change text outside the edit; such fixes are left to a person.
            withhold(&mut out, &plainer, |edits| {
                edits
                    .iter()
                    .any(|e| touches_invalid(invalid, e.start..e.end))
            });
        }
        if markup == Markup::Markdown {
            // In Markdown a line break is syntax: deleting one that does not end a whole source
            // line joins the next line to a block marker (`# `, `> `, `- `, `description: `)
            // and turns a paragraph into a heading or ends the front matter.
            let bytes = source.bytes();
            withhold(&mut out, &plainer, |edits| {
                edits
                    .iter()
                    .any(|e| !keeps_line_structure(bytes, e.start..e.end))
            });
            // Whole lines can still change how the rest renders: a setext heading's underline
            // left alone, paragraphs or lists joined, a line turned into code.
            markup::guard_markdown_fixes(source.text(), bytes, source.map(), &mut out, &plainer);
        }
        fold::fold(&mut out, source.text(), |id| self.specificity(id));
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Linted {
            diagnostics: out,
            omitted,
        }
    }

    /// The units of `text` (lines, or hard-wrapped lines run together) with the page-chrome
    /// features the first `boilerplate` rule weighs (`None` for a unit it does not score, being
    /// plainly prose); `None` when no rule is of that kind. `copydesk stats --lines` prints
    /// them, and `scripts/fit-chrome.py` fits the weights on them.
    pub fn chrome_features(&self, text: &str) -> Option<Vec<ChromeUnit>> {
        let i = self
            .rules
            .iter()
            .position(|r| r.kind.as_str() == "boilerplate")?;
        let active: Vec<bool> = (0..self.rules.len()).map(|j| j == i).collect();
        let hits = self.engine.scan(text, &active, 1);
        let doc = Document::new(text);
        let units = crate::checks::chrome_vectors(&doc, hits[i].as_hits());
        Some(
            units
                .into_iter()
                .map(|(range, x)| (range, x.map(|x| x.to_vec())))
                .collect(),
        )
    }

    /// The specificity of the kind of the rule `id`; `None` for copydesk's own diagnostics.
    fn specificity(&self, id: &str) -> Option<Specificity> {
        self.rule(id).map(|r| r.kind.specificity())
    }

    /// One `Core.InvalidUtf8` per run of invalid bytes of `source`, up to
    /// [`MAX_INVALID_RUNS`]; the runs after those are one finding, so that a file of scattered
    /// bad bytes is reported in bounded space.
    fn invalid_runs(&self, source: &SourceFile) -> Vec<Diagnostic> {
        let invalid = source.invalid_utf8();
        let diagnostic = |span: Range<usize>, message: String| Diagnostic {
            rule: self.invalid_utf8_id.clone(),
            severity: Severity::Error,
            message,
            span,
            labels: Vec::new(),
            help: Some("save the file as UTF-8; these bytes were read as U+FFFD".into()),
            fix: None,
            raised_from: None,
        };
        let name = source.encoding().name();
        let shown = invalid.len().min(MAX_INVALID_RUNS);
        let mut out: Vec<Diagnostic> = invalid[..shown]
            .iter()
            .map(|r| {
                let bytes = r.len();
                let plural = if bytes == 1 { "" } else { "s" };
                diagnostic(r.clone(), format!("invalid {name} ({bytes} byte{plural})"))
            })
            .collect();
        if let (Some(first), Some(last)) = (invalid.get(shown), invalid.last()) {
            let more = invalid.len() - shown;
            out.push(diagnostic(
                first.start..last.end,
                format!(
                    "{more} more runs of invalid {name} from here to byte {}",
                    last.end
                ),
            ));
        }
        out
    }

    /// The one `Core.Encoding` of a file read in the legacy `encoding`, at its first character
    /// outside ASCII.
    fn legacy_encoding(
        &self,
        source: &SourceFile,
        encoding: &'static encoding_rs::Encoding,
    ) -> Diagnostic {
        let at = source.bytes().iter().position(|&b| b >= 0x80).unwrap_or(0);
        let map = source.map();
        // The whole character the byte belongs to: in Shift_JIS or GBK it has two bytes.
        let t = map.to_text(at..at).start;
        let len = source.text()[t..].chars().next().map_or(0, char::len_utf8);
        let span = map.to_source(t..t + len);
        let name = encoding.name();
        Diagnostic {
            rule: Arc::from(crate::rules::ENCODING),
            severity: Severity::Warning,
            message: format!("this file is {name}, not UTF-8: it was read as {name}"),
            span,
            labels: Vec::new(),
            help: Some(format!(
                "save it as UTF-8 (iconv -f {name} -t UTF-8); until then fixes that write only \
                 ASCII are applied in {name}, the others are left to you"
            )),
            fix: None,
            raised_from: None,
        }
    }

    /// Lints a string as plain text (editors, tests, stdin).
    pub fn lint_str(&self, text: &str) -> Vec<Diagnostic> {
        self.lint(&SourceFile::from_text("<text>", text))
    }

    /// Lints `text` as plain text with every rule; `map` translates its offsets to source bytes.
    pub fn lint_text(&self, text: &str, map: &OffsetMap) -> Vec<Diagnostic> {
        let settings = Settings::all(&self.rules);
        let (found, _) = self.lint_mapped(text, Marks::default(), None, &settings);
        let mut keep_all = Kept {
            invalid: &[],
            suppressions: None,
            cap: None,
        };
        self.diagnostics(found, text, &OffsetMap::Identity, map, &mut keep_all)
            .0
    }

    /// The findings in `text` of each rule that runs, with the rule levels of `settings`
    /// (indexed like the rules), on up to `settings.threads` threads. Rules made for other languages than the document's
    /// (`settings.language`, else detected) are off. `marks` say what the markup found in
    /// `text`. Also returns where the lines of `text` start.
    ///
    /// With `early`, each rule keeps only its first findings up to the cap as its check reports
    /// them, and counts the others.
    fn lint_mapped(
        &self,
        text: &str,
        marks: Marks,
        early: Option<Early>,
        settings: &Settings,
    ) -> (Vec<RuleFindings>, Vec<usize>) {
        let threads = settings.threads;
        let levels = &settings.levels;
        let links = marks.links;
        let doc = Document::new(text).with_regions(marks.regions);
        let bound = |(level, rule): (&Option<Severity>, &Rule)| {
            level.is_some() && !rule.languages.is_empty()
        };
        let language = match settings.language {
            Some(language) => Some(language),
            None if levels.iter().zip(&self.rules).any(bound) => Language::detect(text),
            None => None,
        };
        let levels: Vec<Option<Severity>> = levels
            .iter()
            .zip(&self.rules)
            .map(|(level, rule)| level.filter(|_| rule.applies_to(language)))
            .collect();
        let levels = &levels[..];
        let active: Vec<bool> = levels.iter().map(Option::is_some).collect();
        // Regexes compile on all the threads whatever the size; the rest is split only where
        // there is enough text to repay the helpers.
        let split = if text.len() < PARALLEL_MIN_BYTES {
            1
        } else {
            threads
        };
        let reads_words = || {
            levels
                .iter()
                .zip(&self.rules)
                .any(|(level, rule)| level.is_some() && rule.check.reads_words())
        };
        let hits = if split > 1 && reads_words() {
            // Words are segmented while the automaton scans.
            std::thread::scope(|scope| {
                scope.spawn(|| doc.words().len());
                self.engine.scan(text, &active, threads)
            })
        } else {
            self.engine.scan(text, &active, threads)
        };
        let run: Vec<(usize, Severity)> = levels
            .iter()
            .enumerate()
            .filter_map(|(i, level)| {
                let rule = &self.rules[i];
                let idle = hits[i].as_hits().is_empty() && !rule.check.runs_without_hits();
                let severity = (*level)?;
                (rule.check.density().is_none() && !idle).then_some((i, severity))
            })
            .collect();
        // What a density rule counts of a rule's findings: where each starts in `text`, and
        // the words it found, lower case.
        let counted_by_density: Vec<bool> = self
            .counted_by
            .iter()
            .map(|by| by.iter().any(|&d| levels[d].is_some()))
            .collect();
        // On several threads the rules are handed out one at a time; their findings come back in
        // rule order.
        let per_rule = parallel::map(&run, split, |&(i, severity)| {
            let rule = &self.rules[i];
            let skipped = if rule.skip.contains(&Region::Links) {
                links
            } else {
                &[]
            };
            let mut sink = Collect::new(text, skipped, counted_by_density[i], early);
            rule.check.check(&doc, hits[i].as_hits(), &mut sink);
            let (findings, dropped, counted) = sink.finish();
            let found = RuleFindings {
                rule: i,
                severity,
                findings,
                dropped,
            };
            (found, (i, counted))
        });
        let (mut out, counted): (Vec<_>, Vec<_>) = per_rule.into_iter().unzip();
        for (i, (rule, level)) in self.rules.iter().zip(levels).enumerate() {
            let (Some(severity), Some(density)) = (*level, rule.check.density()) else {
                continue;
            };
            // The counted findings sorted by start: each paragraph's are found by two binary
            // searches, so the rule stays linear-logarithmic on documents with many paragraphs.
            let mut counted: Vec<(usize, &str)> = counted
                .iter()
                .filter(|(i, _)| density.counts(&self.rules[*i].id))
                .flat_map(|(_, found)| found.iter().map(|(at, words)| (*at, words.as_str())))
                .collect();
            if counted.len() < density.min {
                continue;
            }
            counted.sort_unstable();
            let mut dense = Vec::new();
            for para in doc.paragraphs() {
                let inside = &counted[counted.partition_point(|&(s, _)| s < para.start)
                    ..counted.partition_point(|&(s, _)| s < para.end)];
                if inside.len() < density.min {
                    continue;
                }
                // One phrase said twice is one choice of word, not two signs of a spinner: the
                // same words found twice count once.
                let count = inside
                    .iter()
                    .map(|&(_, words)| words)
                    .collect::<HashSet<_>>()
                    .len();
                if count >= density.min {
                    dense.push(Finding::new(para.clone(), vec![count.to_string()]));
                }
            }
            out.push(RuleFindings {
                rule: i,
                severity,
                findings: dense,
                dropped: 0,
            });
        }
        (out, doc.into_line_starts())
    }

    /// The diagnostics of the findings `found` in `text`, whose offsets `prose` maps to the
    /// decoded source text and `source` maps from there to source bytes, that `kept` keeps; and
    /// per rule, how many findings past the cap were counted instead.
    fn diagnostics(
        &self,
        found: Vec<RuleFindings>,
        text: &str,
        prose: &OffsetMap,
        source: &OffsetMap,
        kept: &mut Kept,
    ) -> (Vec<Diagnostic>, Vec<Omitted>) {
        let to_source = |r: Range<usize>| source.to_source(prose.to_source(r));
        let mut out = Vec::new();
        let mut omitted = Vec::new();
        for RuleFindings {
            rule,
            severity,
            mut findings,
            dropped,
        } in found
        {
            let rule = &self.rules[rule];
            if !kept.invalid.is_empty() {
                findings.retain(|f| !inside_invalid(kept.invalid, &to_source(f.span.clone())));
            }
            if let Some(suppressions) = kept.suppressions.as_deref_mut()
                && !findings.is_empty()
            {
                by_position(&mut findings);
                let starts: Vec<usize> = findings
                    .iter()
                    .map(|f| to_source(f.span.clone()).start)
                    .collect();
                let mut covered = suppressions.covered(&rule.id, &starts).into_iter();
                findings.retain(|_| !covered.next().unwrap_or(false));
            }
            if let Some(cap) = kept.cap {
                let excess = findings.len().saturating_sub(cap);
                if excess > 0 {
                    by_position(&mut findings);
                    findings.truncate(cap);
                }
                if excess + dropped > 0 {
                    omitted.push(Omitted {
                        rule: rule.id.clone(),
                        severity,
                        count: excess + dropped,
                        shown: cap,
                    });
                }
            }
            out.extend(
                findings
                    .into_iter()
                    .map(|f| self.diagnostic(rule, severity, f, text, prose, source)),
            );
        }
        (out, omitted)
    }

    /// The diagnostic of finding `f` in `text`, whose offsets `prose` maps to the decoded
    /// source text and `source` maps from there to source bytes.
    fn diagnostic(
        &self,
        rule: &Rule,
        severity: Severity,
        f: Finding,
        text: &str,
        prose: &OffsetMap,
        source: &OffsetMap,
    ) -> Diagnostic {
        let to_source = |r: Range<usize>| source.to_source(prose.to_source(r));
        // An edit carries over only if the text it replaces is verbatim in both steps; a
        // deletion may also take whole line breaks of a CRLF file with it.
        let exact = |e: &TextEdit| {
            let r = &e.range;
            let prose_exact = prose.is_exact(r.clone())
                || (e.replacement.is_empty() && prose.deletes_exactly(text, r.clone()));
            prose_exact && source.is_exact(prose.to_source(r.clone()))
        };
        let fix = (!f.edits.is_empty() && f.edits.iter().all(exact)).then(|| Fix {
            applicability: f.applicability.unwrap_or(rule.applicability),
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let r = to_source(e.range.clone());
                    Edit {
                        start: r.start,
                        end: r.end,
                        replacement: e.replacement.clone(),
                    }
                })
                .collect(),
        });
        Diagnostic {
            rule: rule.id.clone(),
            severity,
            message: rule.format_message(&f.args),
            span: to_source(f.span),
            labels: f
                .labels
                .into_iter()
                .map(|(span, message)| Label {
                    span: to_source(span),
                    message,
                    folded: None,
                })
                .collect(),
            help: rule.help.clone(),
            fix,
            raised_from: None,
        }
    }
}

/// Sorts `findings` by position (start, then end), keeping the order of equal ones. Checks
/// mostly report in order already, and then this costs a pass; otherwise it sorts indices and
/// moves the findings into place by swapping, so that no second copy of the findings is made (a
/// stable sort would take a buffer of half of them: hundreds of megabytes on hostile text).
fn by_position(findings: &mut [Finding]) {
    let key = |f: &Finding| (f.span.start, f.span.end);
    if findings.is_sorted_by_key(key) {
        return;
    }
    // `order[k]`: the finding that goes to place `k`.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_unstable_by_key(|&i| (key(&findings[i]), i));
    for start in 0..order.len() {
        // Each cycle of the permutation is walked once, the finding first at `start` carried
        // along it; a place is marked done by pointing at itself.
        let mut k = start;
        loop {
            let next = order[k];
            order[k] = k;
            if next == start || next == k {
                break;
            }
            findings.swap(k, next);
            k = next;
        }
    }
}

/// Withholds the fixes of `out` whose edits `damages` the file; a fix widened to take a blank
/// line along (see `paragraphs`) falls back on the edits the rule made, `plainer[i]` for
/// `out[i]`, when those do not.
fn withhold(
    out: &mut [Diagnostic],
    plainer: &[Option<Vec<Edit>>],
    damages: impl Fn(&[Edit]) -> bool,
) {
    for (i, d) in out.iter_mut().enumerate() {
        let Some(fix) = d.fix.as_mut() else {
            continue;
        };
        if !damages(&fix.edits) {
            continue;
        }
        match plainer.get(i).and_then(Option::as_ref) {
            Some(edits) if !damages(edits) => fix.edits = edits.clone(),
            _ => d.fix = None,
        }
    }
}

/// Whether `span` shares a byte with one of `ranges` (in order, apart); an empty span, whether
/// it stands inside one.
fn touches_any(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges
        .get(i)
        .is_some_and(|r| r.start < span.end.max(span.start + 1))
}

/// Whether `span` lies within one of the `invalid` byte ranges (sorted, disjoint). Only the last
/// range starting at or before `span` can hold it: one before that ends where the next starts at
/// the latest, so it holds `span` only when that next one does too (an empty `span` there). A
/// search, not a scan: a file can have as many invalid sequences as findings.
fn inside_invalid(invalid: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = invalid.partition_point(|r| r.start <= span.start);
    i > 0 && span.end <= invalid[i - 1].end
}

/// Whether `range` touches one of the `invalid` byte ranges (sorted): overlaps it, or ends
/// where it starts or starts where it ends.
fn touches_invalid(invalid: &[Range<usize>], range: Range<usize>) -> bool {
    let i = invalid.partition_point(|r| r.end < range.start);
    invalid.get(i).is_some_and(|r| r.start <= range.end)
}

/// Whether deleting `range` of `bytes` leaves every other line as it was: the range holds no
/// line feed, or it is made of whole lines, either with their terminators (`line\n`) or with the
/// terminator before them (`\nline` or `\r\nline`, for the last line of a file).
fn keeps_line_structure(bytes: &[u8], range: Range<usize>) -> bool {
    let Some(deleted) = bytes.get(range.clone()) else {
        return false;
    };
    if !deleted.contains(&b'\n') {
        return true;
    }
    let line_start = |at: usize| at == 0 || bytes[at - 1] == b'\n';
    let line_end = |at: usize| matches!(bytes.get(at), None | Some(b'\n' | b'\r'));
    let break_at = |at: usize| bytes[at] == b'\n' || bytes[at..].starts_with(b"\r\n");
    (line_start(range.start) && (range.end == bytes.len() || bytes[range.end - 1] == b'\n'))
        || (break_at(range.start) && line_end(range.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_invalid_agrees_with_a_scan_of_every_range() {
        // Sorted, disjoint ranges, two of them adjacent, one of one byte.
        let invalid = [2..4, 4..5, 7..10, 12..13];
        for start in 0..15 {
            for end in start..15 {
                let span = start..end;
                let scan = invalid
                    .iter()
                    .any(|r| r.start <= span.start && span.end <= r.end);
                assert_eq!(inside_invalid(&invalid, &span), scan, "{span:?}");
            }
        }
        assert!(!inside_invalid(&[], &(0..0)));
    }

    #[test]
    fn a_rule_alone_finds_what_it_finds_among_all() {
        // Rules that are off are skipped by the engine too; that must change nothing for the
        // others (density rules count the findings of rules that are on, so they are left out).
        let linter = Linter::builtin().unwrap();
        let source = SourceFile::from_text(
            "seed.txt",
            include_str!("../tests/fixtures/seed-article.txt"),
        );
        let all = linter.lint(&source);
        for (i, rule) in linter.rules.iter().enumerate() {
            if rule.check.density().is_some() {
                continue;
            }
            let mut settings = Settings::all(&linter.rules);
            for (j, level) in settings.levels.iter_mut().enumerate() {
                if j != i {
                    *level = None;
                }
            }
            // What it finds, whether shown or folded into another rule's diagnostic.
            let found = |ds: &[Diagnostic]| -> Vec<(usize, usize, String)> {
                let mut found: Vec<_> = ds
                    .iter()
                    .flat_map(Diagnostic::findings)
                    .filter(|f| f.rule == &*rule.id)
                    .map(|f| (f.span.start, f.span.end, f.message.to_string()))
                    .collect();
                found.sort();
                found
            };
            let alone = linter.lint_with(&source, &settings);
            assert!(alone.iter().all(|d| d.rule == rule.id), "{}", rule.id);
            assert_eq!(found(&alone), found(&all), "{}", rule.id);
        }
    }

    #[test]
    fn the_kind_decides_which_finding_is_shown_not_the_rule_id() {
        // A phrase rule and a capitalisation rule on the same word, with ids that would sort
        // the other way round: the phrase is the more specific kind and is shown, at the level
        // of the capital it carries.
        let rule = |pack: &str, name: &str, yaml: &str| {
            crate::rules::parse_rule(&format!("{name}.yaml"), pack, name, yaml).unwrap()
        };
        let phrase = rule(
            "Z",
            "Phrase",
            "extends: existence\nmessage: \"phrase '%s'\"\nlevel: suggestion\n\
             description: d\ntokens: [click Here]\n",
        );
        let capital = rule(
            "A",
            "Capital",
            "extends: capitalization\nmessage: \"capital '%s'\"\nlevel: warning\n\
             description: d\ntokens: [here]\n",
        );
        let linter = Linter::new(vec![capital, phrase]).unwrap();
        let d = linter.lint_str("Then click Here now.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((&*d[0].rule, d[0].span.clone()), ("Z.Phrase", 5..15));
        assert_eq!(
            (d[0].severity, d[0].raised_from),
            (Severity::Warning, Some(Severity::Suggestion))
        );
        let found: Vec<(&str, Severity, Range<usize>, &str)> = d[0]
            .findings()
            .map(|f| (f.rule, f.severity, f.span.clone(), f.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Z.Phrase",
                    Severity::Suggestion,
                    5..15,
                    "phrase 'click Here'"
                ),
                ("A.Capital", Severity::Warning, 11..15, "capital 'Here'"),
            ]
        );
    }

    #[test]
    fn checks_that_read_words_say_so() {
        // Only those get the words segmented on a spare thread; the others must not need them.
        let linter = Linter::builtin().unwrap();
        let text = include_str!("../tests/fixtures/seed-article.txt");
        let hits = linter.engine.scan(text, &vec![true; linter.rules.len()], 1);
        for (rule, hits) in linter.rules.iter().zip(&hits) {
            let doc = Document::new(text);
            rule.check.check(&doc, hits.as_hits(), &mut Vec::new());
            if !rule.check.reads_words() {
                assert!(!doc.words_segmented(), "{} reads words", rule.id);
            }
        }
    }

    #[test]
    fn a_document_linted_on_several_threads_gets_the_same_diagnostics() {
        let seed = include_str!("../tests/fixtures/seed-article.txt");
        let text = seed.repeat(PARALLEL_MIN_BYTES / seed.len() + 2);
        let linter = Linter::builtin().unwrap();
        let source = SourceFile::from_text("big.txt", &text);
        let mut settings = Settings::all(&linter.rules);
        let one = linter.lint_with(&source, &settings);
        assert!(one.len() > 100, "{}", one.len());
        for threads in [2, 3, 8] {
            settings.threads = threads;
            assert_eq!(
                linter.lint_with(&source, &settings),
                one,
                "{threads} threads"
            );
        }
    }

    #[test]
    fn findings_are_put_in_order_as_a_stable_sort_would() {
        // Spans from a small generator with many ties; the message tells equal spans apart.
        let mut state = 0x2545_f491_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        for len in [0, 1, 2, 5, 40, 300] {
            let mut findings: Vec<Finding> = (0..len)
                .map(|i| {
                    let start = next(8);
                    Finding::new(start..start + next(3), vec![i.to_string()])
                })
                .collect();
            let mut expected = findings.clone();
            expected.sort_by_key(|f| (f.span.start, f.span.end));
            by_position(&mut findings);
            let shown = |fs: &[Finding]| -> Vec<(Range<usize>, String)> {
                fs.iter()
                    .map(|f| (f.span.clone(), f.args[0].clone()))
                    .collect()
            };
            assert_eq!(shown(&findings), shown(&expected), "{len}");
        }
    }

    #[test]
    fn a_capped_rule_counts_what_it_does_not_report() {
        let linter = Linter::builtin().unwrap();
        let text = "Write to [email protected] today.\n".repeat(4);
        let source = SourceFile::from_text("a.txt", &text);
        let mut settings = Settings::all(&linter.rules);
        settings.max_findings_per_rule = Some(3);
        let linted = linter.lint_capped(&source, Markup::Plain, &settings);
        let starts: Vec<usize> = linted.diagnostics.iter().map(|d| d.span.start).collect();
        assert_eq!(starts, [9, 43, 77]);
        assert_eq!(
            linted.omitted,
            [Omitted {
                rule: Arc::from("Junk.EmailPlaceholder"),
                severity: Severity::Error,
                count: 1,
                shown: 3,
            }]
        );
        // Without a cap, all of them and nothing left out.
        settings.max_findings_per_rule = None;
        let all = linter.lint_capped(&source, Markup::Plain, &settings);
        assert_eq!((all.diagnostics.len(), all.omitted.len()), (4, 0));
        assert_eq!(all.diagnostics[..3], linted.diagnostics[..]);
    }

    #[test]
    fn capping_while_the_checks_run_keeps_what_capping_after_them_keeps() {
        // Mixed findings of many rules, out of order in some checks, with ties, invalid bytes.
        let seed = include_str!("../tests/fixtures/seed-article.txt");
        let mut bytes = seed.repeat(3).into_bytes();
        bytes.extend_from_slice(
            "“a “b ”c \"d `` e \u{fffd}. the the. "
                .repeat(40)
                .as_bytes(),
        );
        bytes.extend_from_slice(b"Write \xff to [email protected] today\xfe \xef\xbf\xbd.\n");
        let source = SourceFile::new("mixed.txt", bytes).unwrap();
        assert!(!source.invalid_utf8().is_empty());
        let linter = Linter::builtin().unwrap();
        let settings = Settings::all(&linter.rules);
        let text = source.text();
        for cap in [1, 2, 7, 50] {
            let early = Early {
                cap,
                invalid: source.invalid_utf8(),
                prose: &OffsetMap::Identity,
                source: source.map(),
            };
            let build = |early: Option<Early>| {
                let (found, _) = linter.lint_mapped(text, Marks::default(), early, &settings);
                let mut kept = Kept {
                    invalid: source.invalid_utf8(),
                    suppressions: None,
                    cap: Some(cap),
                };
                linter.diagnostics(found, text, &OffsetMap::Identity, source.map(), &mut kept)
            };
            let (during, omitted_during) = build(Some(early));
            let (after, omitted_after) = build(None);
            assert!(!omitted_after.is_empty(), "{cap}");
            assert_eq!(omitted_during, omitted_after, "{cap}");
            assert_eq!(during, after, "{cap}");
        }
    }

    #[test]
    fn edits_next_to_invalid_utf8_touch_it() {
        let invalid = [3..4, 10..12];
        for (range, touches) in [
            (0..2, false),
            (0..3, true),
            (4..6, true),
            (5..9, false),
            (9..10, true),
            (12..12, true),
            (13..20, false),
        ] {
            assert_eq!(
                touches_invalid(&invalid, range.clone()),
                touches,
                "{range:?}"
            );
        }
    }

    #[test]
    fn a_widened_deletion_next_to_invalid_utf8_falls_back_on_the_line_alone() {
        // Taking the blank line after the widget would bring the deletion up to the bad byte.
        // (The well-formed letters keep the file UTF-8 rather than a legacy encoding.)
        let text = "Café, naïve résumé.\n\nLeave a Comment\n\nBody.\n".as_bytes();
        let at = text.len() - "Body.\n".len();
        let source =
            SourceFile::new("a.txt", [&text[..at], b"\xC2", &text[at..]].concat()).unwrap();
        assert_eq!(source.invalid_utf8(), std::slice::from_ref(&(at..at + 1)));
        let diagnostics = Linter::builtin().unwrap().lint(&source);
        let widget = diagnostics
            .iter()
            .find(|d| &*d.rule == "Junk.CommentWidget")
            .unwrap();
        let edits: Vec<(usize, usize)> = widget
            .fix
            .as_ref()
            .unwrap()
            .edits
            .iter()
            .map(|e| (e.start, e.end))
            .collect();
        let line = at - "Leave a Comment\n\n".len();
        assert_eq!(edits, [(line, line + "Leave a Comment\n".len())]);
    }

    #[test]
    fn line_structure_is_kept_by_whole_line_deletions_only() {
        let md = b"# Leave a Comment\nNext.\n\nLeave a Comment\nLast";
        let whole = md.len() - "Leave a Comment\nLast".len();
        assert!(keeps_line_structure(md, 2..7));
        assert!(keeps_line_structure(md, whole..whole + 16));
        assert!(keeps_line_structure(md, md.len() - 5..md.len()));
        assert!(keeps_line_structure(md, whole - 1..whole + 15));
        // The heading's text with its line feed: `Next.` would become the heading.
        assert!(!keeps_line_structure(md, 2..18));
        assert!(!keeps_line_structure(md, whole..whole + 17));
    }

    #[test]
    fn markdown_removals_never_join_a_line_to_a_block_marker() {
        let linter = Linter::builtin().unwrap();
        for text in [
            "Intro.\n\n# Leave a Comment\nNext paragraph.\n",
            "Intro.\n\n> Leave a Comment\n> More quoted text.\n",
            "Intro.\n\n- Leave a Comment\n- Second item.\n",
            "---\ndescription: Leave a Comment\ntags: [a]\n---\nBody.\n",
            "> It was the the\n> end.\n",
        ] {
            let source = SourceFile::from_text("a.md", text);
            let diagnostics = linter.lint(&source);
            let (fixed, _) = crate::fix::apply(
                text.as_bytes(),
                &diagnostics,
                crate::diagnostic::Applicability::Unsafe,
            );
            let fixed = String::from_utf8(fixed).unwrap();
            assert_eq!(
                fixed.lines().count(),
                text.lines().count(),
                "{text:?} became {fixed:?}"
            );
        }
        // A whole line of its own is still removed, with one of the blank lines around it.
        let text = "Intro.\n\nLeave a Comment\n\nBody.\n";
        let diagnostics = linter.lint(&SourceFile::from_text("a.md", text));
        let (fixed, n) = crate::fix::apply(
            text.as_bytes(),
            &diagnostics,
            crate::diagnostic::Applicability::Safe,
        );
        assert_eq!(
            (String::from_utf8(fixed).unwrap().as_str(), n),
            ("Intro.\n\nBody.\n", 1)
        );
    }
}
