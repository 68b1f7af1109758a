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
//!    shown: it is the finding, the others are its evidence.
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
use crate::checks::{Finding, TextEdit};
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
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
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

pub use crate::rules::INVALID_UTF8;

/// How many runs of invalid bytes a file reports one by one (see [`Linter::lint_as`]).
pub const MAX_INVALID_RUNS: usize = 100;

/// A unit of text (its byte range) with its page-chrome features, in the order of
/// [`crate::checks::CHROME_FEATURES`]; `None` when the unit is plainly prose and not scored.
pub type ChromeUnit = (Range<usize>, Option<Vec<f32>>);

/// A rule set compiled once, then used for any number of documents (from any thread).
#[derive(Debug)]
pub struct Linter {
    rules: Vec<Rule>,
    /// Each rule's index in `rules`, by id.
    by_id: HashMap<Arc<str>, usize>,
    engine: Engine,
    invalid_utf8_id: Arc<str>,
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
        Ok(Linter {
            rules,
            by_id,
            engine,
            invalid_utf8_id: Arc::from(INVALID_UTF8),
        })
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
    /// ([`Markup::from_path`]).
    pub fn lint_with(&self, source: &SourceFile, settings: &Settings) -> Vec<Diagnostic> {
        let markup = settings
            .markup
            .unwrap_or_else(|| Markup::from_path(source.path()));
        self.lint_as(source, markup, settings)
    }

    /// Lints a source file as `markup`, whatever its path says (corpus documents have no file
    /// name to tell it), with the levels of `settings`.
    ///
    /// The steps after the rules run, in order: findings inside invalid UTF-8 give way to one
    /// `Core.InvalidUtf8` each, suppression comments apply, a fix that deletes a paragraph takes
    /// a blank line with it, fixes that would damage the file are withheld, and findings of
    /// different rules on the same bytes are folded into one (see the module doc, "One finding
    /// per span").
    pub fn lint_as(
        &self,
        source: &SourceFile,
        markup: Markup,
        settings: &Settings,
    ) -> Vec<Diagnostic> {
        let (mut out, directives) = if markup == Markup::Plain {
            let (out, line_starts) = self.lint_mapped(
                source.text(),
                &OffsetMap::Identity,
                source.map(),
                &[],
                settings,
            );
            // The report needs them for its positions; they were found once already.
            source.adopt_line_starts(line_starts);
            (out, Vec::new())
        } else {
            let prose = markup::extract(markup, source.text());
            let (out, _) = self.lint_mapped(
                &prose.text,
                &prose.map,
                source.map(),
                &prose.links,
                settings,
            );
            (out, prose.directives)
        };
        let invalid = source.invalid_utf8();
        if !invalid.is_empty() {
            // Bytes that are not text are reported once, by the decoder, not by rules.
            out.retain(|d| !inside_invalid(invalid, &d.span));
            out.extend(self.invalid_runs(source));
        }
        if let Encoding::Legacy(encoding) = source.encoding() {
            out.push(self.legacy_encoding(source, encoding));
        }
        if !directives.is_empty() {
            let suppressed = suppress::apply(&directives, out, source);
            out = suppressed.kept;
            if settings.unused_suppressions {
                out.extend(suppressed.unused);
            }
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
        fold::fold(&mut out, |id| self.specificity(id));
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out
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
        let span = map.to_source(map.to_text(at..at + 1));
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
        self.lint_mapped(text, &OffsetMap::Identity, map, &[], &settings)
            .0
    }

    /// Lints `text`, whose offsets `prose` maps to the decoded source text and `source` maps
    /// from there to source bytes, with the rule levels of `settings` (indexed like the rules),
    /// on up to `settings.threads` threads. Rules made for other languages than the document's
    /// (`settings.language`, else detected) are off. `links` are the ranges of `text` that are
    /// the text of live links (in order, apart), which rules with `skip: [links]` do not report.
    fn lint_mapped(
        &self,
        text: &str,
        prose: &OffsetMap,
        source: &OffsetMap,
        links: &[Range<usize>],
        settings: &Settings,
    ) -> (Vec<Diagnostic>, Vec<usize>) {
        let threads = settings.threads;
        let levels = &settings.levels;
        let doc = Document::new(text);
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
            .rules
            .iter()
            .map(|r| {
                self.rules
                    .iter()
                    .zip(levels)
                    .filter(|(_, level)| level.is_some())
                    .filter_map(|(d, _)| d.check.density())
                    .any(|d| d.counts(&r.id))
            })
            .collect();
        // On several threads the rules are handed out one at a time; their diagnostics come
        // back in rule order.
        let per_rule = parallel::map(&run, split, |&(i, severity)| {
            let rule = &self.rules[i];
            let mut findings = Vec::new();
            rule.check.check(&doc, hits[i].as_hits(), &mut findings);
            if !links.is_empty() && rule.skip.contains(&Region::Links) {
                findings.retain(|f| !touches_any(links, &f.span));
            }
            let counted: Vec<(usize, String)> = if counted_by_density[i] {
                findings
                    .iter()
                    .map(|f| (f.span.start, text[f.span.clone()].to_lowercase()))
                    .collect()
            } else {
                Vec::new()
            };
            let diagnostics = findings
                .into_iter()
                .map(|f| self.diagnostic(rule, severity, f, text, prose, source))
                .collect::<Vec<_>>();
            (diagnostics, (i, counted))
        });
        let (per_rule, counted): (Vec<_>, Vec<_>) = per_rule.into_iter().unzip();
        let mut out: Vec<Diagnostic> = per_rule.into_iter().flatten().collect();
        let mut dense = Vec::new();
        for (rule, level) in self.rules.iter().zip(levels) {
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
                    let f = Finding::new(para.clone(), vec![count.to_string()]);
                    dense.push(self.diagnostic(rule, severity, f, text, prose, source));
                }
            }
        }
        out.extend(dense);
        (out, doc.into_line_starts())
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
