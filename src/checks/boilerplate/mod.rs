//! `boilerplate`: blocks of lines that are page furniture scraped with the article (helpline and
//! contact lists, link menus, bylines, dates, counters, photo credits, paywall, cookie and
//! newsletter notices), not its prose.
//!
//! The heuristics are those of the public web-corpus cleaners, turned from "drop the line" into
//! "score the line" and then applied to runs of lines:
//!
//! - C4 (T5): a line with fewer than 5 words, or that does not end in terminal punctuation (or
//!   ends in an ellipsis), is not prose. Here these are weak signals only: headings, tables of
//!   contents, ingredient lists and poems share them, so they never make a block on their own.
//! - RefinedWeb: counter lines (`3 likes`, `1.2K views`, `71 comments`), lines mostly in upper
//!   case.
//! - jusText: stop-word density (prose is at 0.30 and above; a line of names or links is far
//!   below) and link words (`click here`, `website`, URLs) in place of link density, which plain
//!   text no longer has.
//! - FineWeb / Gopher line ratios, applied to a block instead of a document: at least three
//!   quarters of its lines must not read as prose (FineWeb drops a document at 67% short lines),
//!   and at least a third must carry evidence.
//! - Contact patterns: phone numbers (by digit-group shape, excluding dates, ZIP+4 codes, years,
//!   thousands, versions and ISBNs) and contact words.
//! - Whole-line shapes seen in labelled pages: bylines, timestamps, photo credits, menus,
//!   paywall, cookie and newsletter notices.
//!
//! Each unit (a line, or lines joined where hard-wrapped prose runs on mid-sentence) gets weak
//! "structure" points and strong "evidence" points. A block is a maximal run of non-prose units
//! (blank lines between them allowed, and one short prose unit if the run stays three quarters
//! non-prose), trimmed to its first and last evidenced unit, with at least [`MIN_LINES`] non-prose
//! units and [`MIN_EVIDENCE_LINES`] evidenced ones. The line just before it is taken in when it
//! introduces a list (ends in `:`) or is a short heading (`Useful contacts`). A recommendation
//! heading (`Most read`, `Related posts`) turns the headline-like lines under it into links.
//!
//! A single line is reported on its own only when it cannot be prose: a counter line, a photo
//! credit, or a paywall notice; two such certain lines together (a credit and a timestamp) are
//! one finding. Lone bylines and dates are left alone (a dateline or a signature is legitimate),
//! as are widget lines that the existence rules of the `Junk` pack already report.

mod line;
mod lists;
pub mod score;

use super::registry::{BuildContext, Built, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, Sink};
use crate::document::Document;
use line::{features, last_word};
use lists::{Cue, PHRASES, RUN_ON_WORDS, in_list, stop_words};
use score::{FEATURES, Model, Vector};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// C4 drops lines with fewer words than this.
const SHORT_WORDS: usize = 5;
/// A block needs at least this many units that do not read as prose.
const MIN_LINES: usize = 3;
/// A block needs at least this many units with positive evidence of furniture, so that runs of
/// merely short lines (headings, contents, verse, ingredients) never make a block.
const MIN_EVIDENCE_LINES: usize = 2;
/// Evidence points a block needs in all.
const MIN_EVIDENCE: u32 = 4;
/// Stop-word density under which a unit of [`LOW_STOP_MIN_WORDS`] or more words reads as a list
/// of names rather than prose (jusText counts 0.30 and up as prose).
const LOW_STOP_DENSITY: f32 = 0.15;
const LOW_STOP_MIN_WORDS: usize = 6;
/// Notices this long are prose that talks about paywalls or cookies, not the notice itself.
const NOTICE_MAX_WORDS: usize = 25;
/// A paywall line reported on its own must be shorter still.
const LONE_NOTICE_MAX_WORDS: usize = 20;
/// Whole-line shapes (bylines, dates, counters) are only looked for in units this short.
const META_MAX_WORDS: usize = 16;
/// A lead-in line (`Here are a few groups you can contact:`) longer than this is a paragraph.
const LEAD_IN_MAX_WORDS: usize = 60;
/// A line under a recommendation heading longer than this is not a headline.
const LISTED_MAX_WORDS: usize = 15;
/// A prose unit longer than this ends a block instead of being bridged.
const GAP_MAX_WORDS: usize = 12;

/// The `boilerplate` check kind: finds blocks of page furniture among article prose.
#[derive(Debug, Default)]
pub struct Boilerplate {
    /// The line-level chrome score, if the rule has weights.
    model: Option<Model>,
}

/// The keys of a rule that extends `boilerplate`: the line-level score's model (see
/// [`score`]), all optional; without `weights` only the hand-written signals find blocks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateSpec {
    /// Feature name → weight.
    #[serde(default)]
    weights: BTreeMap<String, f32>,
    #[serde(default)]
    bias: f32,
    /// Probability each unit of a reported run needs.
    #[serde(default = "default_threshold")]
    threshold: f32,
    /// Probability a unit reported alone needs.
    #[serde(default = "default_threshold")]
    lone_threshold: f32,
}

fn default_threshold() -> f32 {
    0.5
}

impl Spec for BoilerplateSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        for (key, value) in [
            ("threshold", self.threshold),
            ("lone_threshold", self.lone_threshold),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(KeyError::at_key(
                    key,
                    format!("{key} must be between 0 and 1"),
                ));
            }
        }
        let model = if self.weights.is_empty() {
            None
        } else {
            let mut weights = [0.0; score::N];
            for (name, w) in &self.weights {
                let Some(i) = FEATURES.iter().position(|(n, _)| n == name) else {
                    let known: Vec<&str> = FEATURES.iter().map(|(n, _)| *n).collect();
                    return Err(KeyError::at_value(
                        "weights",
                        name,
                        format!("unknown feature `{name}` (known: {})", known.join(", ")),
                    ));
                };
                weights[i] = *w;
            }
            Some(Model {
                bias: self.bias,
                weights,
                threshold: self.threshold,
                lone_threshold: self.lone_threshold,
            })
        };
        Ok(Built::new(Boilerplate { model }, None))
    }
}

/// Each unit of `doc` (a line, or hard-wrapped lines run together) with its chrome-score
/// features (`None`: plainly prose, not scored): what `copydesk stats --lines` prints and
/// `scripts/fit-chrome.py` fits on.
pub fn unit_vectors(doc: &Document, hits: Hits) -> Vec<(Range<usize>, Option<Vector>)> {
    let units = analyse(doc, hits);
    let vectors = score::vectors(doc, &units);
    units.into_iter().map(|u| u.range).zip(vectors).collect()
}

impl Check for Boilerplate {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: PHRASES
                .iter()
                .map(|&(text, _)| Literal {
                    text: text.to_string(),
                    ignorecase: true,
                    word_bounded: true,
                })
                .collect(),
            regexes: Vec::new(),
        }
    }

    fn runs_without_hits(&self) -> bool {
        // Phone numbers, counters and the shape of lines need no phrase to be found.
        true
    }

    fn reads_words(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        let units = analyse(doc, hits);
        // The score weighs a unit against the page around it; a text of one unit has none (a
        // transcript's `(Applause)` linted alone), and is left to the hand-written signals.
        let scores = self
            .model
            .as_ref()
            .filter(|_| units.len() > 1)
            .map(|model| (model, score::probabilities(doc, &units, model)));
        let mut covered = vec![false; units.len()];
        // What the page's markup calls furniture is one finding per element, whatever its lines
        // look like; the signals judge the rest.
        for region in region_units(&units, doc.regions()) {
            covered[region.clone()].fill(true);
            out.push(region_finding(&units, region));
        }
        let mut covered_until = 0;
        for block in blocks(&units) {
            if covered[block.clone()].iter().any(|&c| c) {
                continue;
            }
            let finding = block_finding(&units, block.clone());
            // Lone lines before this block that were not part of an earlier one.
            lone_findings(&units, covered_until..block.start, &mut covered, out);
            covered[block.clone()].fill(true);
            let certain = units[block.clone()].iter().all(|u| u.f.non_prose());
            out.push(whole(doc, finding, certain));
            covered_until = block.end;
        }
        lone_findings(&units, covered_until..units.len(), &mut covered, out);
        if let Some((model, p)) = &scores {
            scored_findings(&units, model, p, &covered, out, doc);
        }
    }
}

/// The runs of units the score finds that the hand-written signals did not: each unit of a run
/// at `model.threshold` or above, a unit alone at `model.lone_threshold`.
fn scored_findings(
    units: &[Unit],
    model: &Model,
    p: &[f32],
    covered: &[bool],
    out: &mut dyn Sink,
    doc: &Document,
) {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if covered[i] || p[i] < model.threshold {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && !covered[i] && p[i] >= model.threshold {
            i += 1;
        }
        let run = start..i;
        // A lone unit right above a sentence is its heading, unless it is a row of links or
        // a table (`My Account | Sign Out`).
        let row = score::has_separator(&doc.text()[units[start].range.clone()]);
        if run.len() == 1
            && (p[start] < model.lone_threshold || (heads_prose(units, start) && !row))
        {
            continue;
        }
        // The reasons of the run's most certain unit speak for it.
        let top = run
            .clone()
            .max_by(|&a, &b| p[a].total_cmp(&p[b]))
            .unwrap_or(start);
        runs.push((run, top));
    }
    if runs.is_empty() {
        return;
    }
    // The vectors of the runs' top units only, worked out again for their reasons.
    let mut top = vec![false; units.len()];
    for (_, t) in &runs {
        top[*t] = true;
    }
    let vectors = score::vectors_of(doc, units, |k| top[k]);
    for (run, t) in runs {
        let reasons = vectors[t]
            .as_ref()
            .map(|x| model.reasons(x).join(", "))
            .unwrap_or_default();
        let (head, span) = head_and_span(units, &run);
        let finding = Finding::new(
            span,
            vec![
                head,
                "page chrome".to_string(),
                format!("{reasons} (chrome score {:.2})", p[t]),
            ],
        );
        // A model's judgement is never certain enough to delete text unasked.
        out.push(whole(doc, finding, false));
    }
}

/// Whether unit `i` is followed by a sentence of prose, as a heading is: a lone short line
/// there is the heading of what follows, whatever its words (`Contact`, `Methods`).
fn heads_prose(units: &[Unit], i: usize) -> bool {
    units
        .get(i + 1)
        .is_some_and(|next| !next.f.no_end && next.f.words >= score::SENTENCE_WORDS)
}

/// `finding` with a fix deleting its lines when they are plainly whole: one or more whole
/// paragraphs, with a blank line (or the document's edge) before and after, and not the whole
/// document. The fix is safe when every unit is `certain` (furniture by the hand-written
/// signals), else unsafe (applied on request).
fn whole(doc: &Document, mut finding: Finding, certain: bool) -> Finding {
    let text = doc.text();
    let blank = |line: Range<usize>| text[line].trim().is_empty();
    // The start of the line after the one holding `offset` (the text's end for the last).
    let next_line = |offset: usize| {
        let line = doc.line_at(offset);
        text[line.end..]
            .find('\n')
            .map_or(text.len(), |i| line.end + i + 1)
    };
    let start = doc.line_at(finding.span.start).start;
    let end = next_line(finding.span.end.saturating_sub(1).max(finding.span.start));
    let blank_before = start == 0 || blank(doc.line_at(start - 1));
    let blank_after = end >= text.len() || blank(doc.line_at(end));
    if !blank_before || !blank_after || (start == 0 && end >= text.len()) {
        return finding;
    }
    // One blank line goes with the block, so that one stays between the paragraphs around it:
    // the one after, or at the end of the text the one before.
    let range = if end < text.len() {
        start..next_line(end)
    } else {
        doc.line_at(start - 1).start..text.len()
    };
    finding.edits = vec![crate::checks::TextEdit {
        range,
        replacement: String::new(),
    }];
    finding.applicability = Some(if certain {
        crate::diagnostic::Applicability::Safe
    } else {
        crate::diagnostic::Applicability::Unsafe
    });
    finding
}

/// A line, or several where hard-wrapped prose runs on mid-sentence, with its signals.
#[derive(Debug, Clone)]
struct Unit {
    /// From the first non-blank character to the last one.
    range: Range<usize>,
    f: Features,
}

/// The signals of one unit.
#[derive(Debug, Clone, Copy, Default)]
struct Features {
    words: usize,
    // Weak, structural signals (C4, RefinedWeb, jusText).
    no_end: bool,
    short: bool,
    label: bool,
    low_stop: bool,
    upper: bool,
    /// Ends in `:`: introduces what follows.
    lead_in: bool,
    // Evidence.
    phone: bool,
    contact: bool,
    link: u8,
    menu: bool,
    counter: bool,
    byline: bool,
    timestamp: bool,
    credit: bool,
    tags: bool,
    notice: bool,
    paywall: bool,
    /// The heading of a recommendation box: `Most read`, `Related posts`.
    related: bool,
    /// A line of the list under such a heading: a headline that was a link.
    listed: bool,
}

impl Features {
    fn evidence(&self) -> u32 {
        if self.counter
            || self.byline
            || self.timestamp
            || self.credit
            || self.tags
            || self.notice
            || self.paywall
            || self.related
        {
            return 3;
        }
        let mut e = 2 * u32::from(self.phone) + u32::from(self.contact) + u32::from(self.link);
        if self.menu || self.listed {
            e = e.max(2);
        }
        e.min(3)
    }

    fn weak(&self) -> u32 {
        [
            self.no_end,
            self.short,
            self.label,
            self.low_stop,
            self.upper,
        ]
        .into_iter()
        .map(u32::from)
        .sum()
    }

    /// Does not read as article prose: strong evidence, or a structural signal backed by one
    /// more signal of any kind. A full sentence with a contact word stays prose.
    fn non_prose(&self) -> bool {
        let (e, w) = (self.evidence(), self.weak());
        e >= 3 || (w >= 1 && e + w >= 2)
    }

    fn evidenced(&self) -> bool {
        self.evidence() >= 2
    }

    /// Reported even as a single line: nothing but a counter, a credit or a paywall notice.
    fn confident_alone(&self) -> bool {
        self.counter || self.credit || (self.paywall && self.words <= LONE_NOTICE_MAX_WORDS)
    }
}

/// Splits the text into units and computes their features, routing the engine's phrase hits to
/// the unit they fall in.
fn analyse(doc: &Document, hits: Hits) -> Vec<Unit> {
    let text = doc.text();
    let words = doc.words();
    let stop_words = stop_words();
    let mut next_word = 0;
    let literals = hits.literals;
    let mut next = 0;
    let mut cues: Vec<Cue> = Vec::new();
    let mut units = unit_ranges(text, doc.lines())
        .into_iter()
        .map(|range| {
            cues.clear();
            while next < literals.len() && literals[next].range.start < range.start {
                next += 1;
            }
            while next < literals.len() && literals[next].range.start < range.end {
                let hit = &literals[next];
                if hit.range.end <= range.end
                    && let Some(&(_, cue)) = PHRASES.get(hit.pattern)
                {
                    cues.push(cue);
                }
                next += 1;
            }
            // The document's shared words: counting stop words is then a look-up by key per
            // word, with no copying or re-segmenting of the line.
            let first = words.first_from(next_word, |s| s.start >= range.start);
            next_word = words.first_from(first, |s| s.end > range.end);
            // Prose reaches the limit within a few words (about half its words are stop
            // words), and the count stops there: the rest cannot change the answer.
            let stop = |limit: f32| {
                let mut n = 0;
                for i in first..next_word {
                    n += usize::from(stop_words.contains(&words, i));
                    if n as f32 >= limit {
                        break;
                    }
                }
                n
            };
            let f = features(&text[range.clone()], next_word - first, stop, &cues);
            Unit { range, f }
        })
        .collect::<Vec<Unit>>();
    mark_listed(&mut units);
    units
}

/// The lines under a recommendation heading are the headlines of its links, as long as they
/// read like headlines (short, no end punctuation), in the way jusText lets neighbours
/// reclassify a paragraph.
fn mark_listed(units: &mut [Unit]) {
    let mut under_heading = false;
    for u in units {
        let f = &mut u.f;
        if f.related {
            under_heading = true;
        } else if under_heading && f.no_end && f.words <= LISTED_MAX_WORDS && !f.lead_in {
            f.listed = true;
        } else {
            under_heading = false;
        }
    }
}

/// Ranges of the units: non-blank `lines`, trimmed, joined where a line runs on into the next
/// one of the same paragraph. (An empty last line is blank, and changes nothing.)
fn unit_ranges(text: &str, lines: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut same_paragraph = false;
    for line in lines {
        let trimmed = crate::document::trimmed(&text[line.clone()]);
        if trimmed.is_empty() {
            same_paragraph = false;
            continue;
        }
        let range = line.start + trimmed.start..line.start + trimmed.end;
        let body = &text[range.clone()];
        match out.last_mut() {
            Some(last) if same_paragraph && runs_on(&text[last.clone()], body) => {
                last.end = range.end;
            }
            _ => out.push(range),
        }
        same_paragraph = true;
    }
    out
}

/// Whether a line break between `prev` and `next` falls mid-sentence (hard-wrapped prose).
fn runs_on(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return false;
    };
    if matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | '…' | '"' | '”' | '’' | ')' | ']'
    ) {
        return false;
    }
    if next.chars().next().is_some_and(char::is_lowercase) || matches!(last, ',' | '-' | '&') {
        return true;
    }
    last_word(prev).is_some_and(|w| in_list(RUN_ON_WORDS, w))
}

/// Finds the blocks: index ranges into `units`.
fn blocks(units: &[Unit]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = units.len();
    let mut i = 0;
    while i < n {
        if !units[i].f.non_prose() {
            i += 1;
            continue;
        }
        let run_start = i;
        let mut run_end = i + 1;
        let mut non_prose = 1;
        loop {
            if run_end < n && units[run_end].f.non_prose() {
                run_end += 1;
                non_prose += 1;
            } else if run_end + 1 < n
                && units[run_end].f.words <= GAP_MAX_WORDS
                && units[run_end + 1].f.non_prose()
                && (non_prose + 1) * 4 >= (run_end + 2 - run_start) * 3
            {
                run_end += 2;
                non_prose += 1;
            } else {
                break;
            }
        }
        if let Some(block) = accept(units, run_start..run_end, out.last()) {
            out.push(block);
        }
        i = run_end;
    }
    out
}

/// Trims a run to its evidenced core, checks the thresholds, and takes in one heading or lead-in
/// line before it.
fn accept(
    units: &[Unit],
    run: Range<usize>,
    previous: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    let evidenced = |i: &usize| units[*i].f.evidenced();
    let first = run.clone().find(evidenced)?;
    let last = run.clone().rev().find(evidenced)?;
    let core = first..last + 1;
    let non_prose = core.clone().filter(|&i| units[i].f.non_prose()).count();
    let evidence_lines = core.clone().filter(evidenced).count();
    let evidence: u32 = core.clone().map(|i| units[i].f.evidence()).sum();
    let block = non_prose >= MIN_LINES
        && evidence_lines >= MIN_EVIDENCE_LINES
        && evidence >= MIN_EVIDENCE
        && evidence_lines * 3 >= non_prose;
    // Two lines are enough when one could be reported alone and the other is as certain
    // (`Photo: ...` then `Updated: 14 June 2024, 16:05`): one finding, not one and a miss.
    let pair = core.len() >= 2
        && core.clone().all(|i| units[i].f.evidence() >= 3)
        && core.clone().any(|i| units[i].f.confident_alone());
    if !(block || pair) {
        return None;
    }
    let mut start = core.start;
    let floor = previous.map_or(0, |p| p.end);
    if start > floor {
        let before = &units[start - 1].f;
        // A box heading (`Useful contacts`) is short; a longer line without an end mark just
        // before the block is more likely the article's title.
        let heading = start > run.start && before.non_prose() && before.short;
        let lead_in = before.lead_in && before.words <= LEAD_IN_MAX_WORDS;
        if heading || lead_in {
            start -= 1;
        }
    }
    Some(start..core.end)
}

/// `n` lines with a property, with the verb agreeing: `1 lacks`, `7 lack`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One diagnostic for a block, with the counts behind it.
fn block_finding(units: &[Unit], block: Range<usize>) -> Finding {
    let us = &units[block.clone()];
    let total = us.len();
    let count = |p: fn(&Features) -> bool| us.iter().filter(|u| p(&u.f)).count();
    let mut evidence = [
        (
            count(|f| f.phone || f.contact),
            "has phone numbers or contact words",
            "have phone numbers or contact words",
            "a scraped helpline or contact list",
        ),
        (
            count(|f| f.link > 0 || f.menu || f.listed || f.related),
            "is link text or a menu item",
            "are link text or menu items",
            "a scraped link list or menu",
        ),
        (
            count(|f| f.counter || f.byline || f.timestamp || f.credit || f.tags),
            "is a byline, date, counter, tag or photo credit",
            "are bylines, dates, counters, tags or photo credits",
            "scraped page metadata",
        ),
        (
            count(|f| f.notice || f.paywall),
            "is a paywall, cookie or newsletter notice",
            "are paywall, cookie or newsletter notices",
            "a scraped paywall or sign-up notice",
        ),
    ]
    .to_vec();
    evidence.retain(|e| e.0 > 0);
    evidence.sort_by_key(|e| std::cmp::Reverse(e.0));
    let what = match evidence.as_slice() {
        [only] => only.3,
        [a, b, ..] if a.0 > b.0 => a.3,
        _ => "a scraped sidebar",
    };
    let mut reasons: Vec<String> = evidence
        .iter()
        .take(2)
        .map(|&(n, one, many, _)| counted(n, one, many))
        .collect();
    let no_end = count(|f| f.no_end);
    let short = count(|f| f.short);
    if no_end * 2 >= total {
        reasons.push(counted(
            no_end,
            "lacks end punctuation",
            "lack end punctuation",
        ));
    } else if short * 2 >= total {
        let words = format!("fewer than {SHORT_WORDS} words");
        reasons.push(counted(
            short,
            &format!("has {words}"),
            &format!("have {words}"),
        ));
    }
    if let Some(first) = reasons.first_mut() {
        // `6 of 8 lines have`, `1 of 3 lines has`: the verb agrees with the count.
        *first = first.replacen(' ', &format!(" of {total} lines "), 1);
    }
    let span = us[0].range.start..us[total - 1].range.end;
    Finding::new(
        span,
        vec![
            format!("These {total} lines look"),
            what.to_string(),
            reasons.join(", "),
        ],
    )
}

/// The units of each of `regions` (prose ranges in order and apart, [`Document::regions`]):
/// those that lie in it, as index ranges into `units`; regions without a unit are left out.
fn region_units(units: &[Unit], regions: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    for region in regions {
        while i < units.len() && units[i].range.start < region.start {
            i += 1;
        }
        let start = i;
        while i < units.len() && units[i].range.end <= region.end {
            i += 1;
        }
        if i > start {
            out.push(start..i);
        }
    }
    out
}

/// The opening words of a finding on the units `run` ("This line looks", "These 3 lines
/// look"), and its span.
fn head_and_span(units: &[Unit], run: &Range<usize>) -> (String, Range<usize>) {
    let head = match run.len() {
        1 => "This line looks".to_string(),
        lines => format!("These {lines} lines look"),
    };
    (
        head,
        units[run.start].range.start..units[run.end - 1].range.end,
    )
}

/// One diagnostic for the units of a furniture element of the page.
fn region_finding(units: &[Unit], region: Range<usize>) -> Finding {
    let (head, span) = head_and_span(units, &region);
    Finding::new(
        span,
        vec![
            head,
            "the page's navigation, sidebar or footer".to_string(),
            "the page's markup puts them in a `nav`, `aside` or `footer` element".to_string(),
        ],
    )
}

/// Single units that cannot be prose, among `range` and not `covered` yet; they are marked
/// `covered`.
fn lone_findings(units: &[Unit], range: Range<usize>, covered: &mut [bool], out: &mut dyn Sink) {
    for (i, u) in units.iter().enumerate().take(range.end).skip(range.start) {
        let f = &u.f;
        if covered[i] || !f.confident_alone() {
            continue;
        }
        covered[i] = true;
        let (what, why) = if f.counter {
            (
                "a like, share or comment counter",
                "a number of likes, shares, comments or views is page furniture",
            )
        } else if f.credit {
            (
                "a photo credit",
                "it credits a picture that is no longer there",
            )
        } else {
            (
                "a paywall notice",
                "it asks the reader to subscribe or sign in",
            )
        };
        out.push(Finding::new(
            u.range.clone(),
            vec![
                "This line looks".to_string(),
                what.to_string(),
                why.to_string(),
            ],
        ));
    }
}
