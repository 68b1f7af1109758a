//! `quotation`: how double quotations are written, once their marks are paired.
//!
//! `balance` says whether the marks pair up; this kind takes the pairs it can be sure of and
//! looks at their spelling. `finds: inner-space` reports a straight `"` with a space on the inside
//! of the quotation (`" Big Bang. "`); `finds: stop-placement` reports a full stop placed
//! outside a closing mark (`“a sham”.`) in a document that otherwise puts it inside (`“a
//! sham.”`), or the reverse.
//!
//! Straight marks do not say whether they open or close. They are paired in order through each
//! paragraph, the way `balance` reads them (a mark after a word closes, one before a word
//! opens, a digit before an unpaired one makes it an inch mark), and a mark with white space on
//! both sides, which `balance` leaves alone, is taken as the opener or closer the order says.
//! A paragraph in which any straight mark fits neither role, or that ends with one open, or
//! that mixes straight and curly double marks, is left alone: its pairing is a guess.

use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Sink, TextEdit};
use crate::document::Document;
use serde::Deserialize;
use std::ops::Range;

/// A double quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `"`
    Straight,
    /// `“`
    Open,
    /// `”`
    Close,
    /// `„`
    Low,
}

/// The double quotation marks in `range` of `text`, in order.
///
/// Found with `memchr` rather than declared as literals to the engine: the engine keeps a hit
/// of 64 bytes per match for each rule, which for two more rules on a text made of quotation
/// marks (hostile, or a table of inch marks) came to 1.2 GB more for 20 MB, where this scan
/// holds nothing.
fn marks_in(text: &str, range: Range<usize>) -> impl Iterator<Item = (Mark, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'"', 0xE2, &bytes[range.clone()]).filter_map(move |i| {
        let at = range.start + i;
        let mark = match bytes.get(at..at + 3) {
            _ if bytes[at] == b'"' => return Some((Mark::Straight, at..at + 1)),
            Some([_, 0x80, 0x9C]) => Mark::Open,
            Some([_, 0x80, 0x9D]) => Mark::Close,
            Some([_, 0x80, 0x9E]) => Mark::Low,
            _ => return None,
        };
        Some((mark, at..at + 3))
    })
}

/// What a `quotation` rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Finds {
    /// A straight quotation mark with a space on the inside of the quotation.
    InnerSpace,
    /// A full stop outside the closing mark where the document puts it inside, or the reverse.
    StopPlacement,
}

/// The keys of a rule that extends `quotation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotationSpec {
    pub finds: Finds,
    /// For `stop-placement`: how many quotations must show the document's own style before a
    /// quotation in the other style is reported.
    #[serde(default)]
    pub min_majority: Option<usize>,
    #[serde(default)]
    pub fix: Option<Fix>,
}

impl Spec for QuotationSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        if self.min_majority.is_some() && self.finds != Finds::StopPlacement {
            let message = "`min_majority` is for `finds: stop-placement`".to_string();
            return Err(KeyError::at_key("min_majority", message));
        }
        if self.min_majority == Some(0) {
            let message = "`min_majority` must be at least 1".to_string();
            return Err(KeyError::at_key("min_majority", message));
        }
        let check = Quotation {
            finds: self.finds,
            min_majority: self.min_majority.unwrap_or(2),
        };
        Ok(Built::new(check, self.fix))
    }
}

#[derive(Debug)]
pub struct Quotation {
    finds: Finds,
    min_majority: usize,
}

impl Check for Quotation {
    /// The marks are found with `memchr` (`marks_in`), not by the engine.
    fn runs_without_hits(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, _: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        match self.finds {
            Finds::InnerSpace => {
                for_each_pair(doc, &mut |p| inner_space(text, &p, out));
            }
            Finds::StopPlacement => {
                let mut styles = Styles::default();
                for_each_pair(doc, &mut |p| {
                    if let Some(e) = ending(text, &p) {
                        styles.add(e);
                    }
                });
                styles.report(text, self.min_majority, out);
            }
        }
    }
}

/// One quotation whose marks are paired for sure.
#[derive(Debug, Clone)]
struct Pair {
    open: Range<usize>,
    close: Range<usize>,
    /// Both marks straight.
    straight: bool,
}

/// How many of a paragraph's marks are kept from the document's scan for its pairing; a
/// paragraph with more is scanned again (and checked before its pairs are handed on), so what
/// is held stays this small however many marks a text has.
const HELD_MARKS: usize = 32;

/// Hands `f` each quotation of the document whose pairing is certain, in text order. None is
/// held: a hostile text can pair millions.
fn for_each_pair(doc: &Document, f: &mut dyn FnMut(Pair)) {
    let text = doc.text();
    // One scan of the whole text finds the paragraphs with marks; only those are read again.
    let mut marks = marks_in(text, 0..text.len()).peekable();
    let mut held: [(Mark, Range<usize>); HELD_MARKS] =
        std::array::from_fn(|_| (Mark::Straight, 0..0));
    for para in doc.paragraphs() {
        while marks.next_if(|(_, r)| r.start < para.start).is_some() {}
        if marks.peek().is_none_or(|(_, r)| r.start >= para.end) {
            continue;
        }
        let (mut straight, mut curly, mut n) = (false, false, 0);
        while let Some((mark, range)) = marks.next_if(|(_, r)| r.start < para.end) {
            match mark {
                Mark::Straight => straight = true,
                _ => curly = true,
            }
            if let Some(slot) = held.get_mut(n) {
                *slot = (mark, range);
            }
            n += 1;
        }
        if n <= HELD_MARKS {
            let held = &held[..n];
            match (straight, curly) {
                (true, false) => {
                    // The pairs wait until every mark's role is clear: one doubtful mark voids
                    // the paragraph's pairs.
                    let mut pairs = [const { None }; HELD_MARKS / 2];
                    let mut k = 0;
                    let clear =
                        straight_pairs(text, para.clone(), held.iter().cloned(), &mut |p| {
                            pairs[k] = Some(p);
                            k += 1;
                        });
                    if clear {
                        pairs.into_iter().map_while(|p| p).for_each(&mut *f);
                    }
                }
                (false, true) => curly_pairs(held.iter().cloned(), f),
                _ => {}
            }
            continue;
        }
        let again = || marks_in(text, para.clone());
        match (straight, curly) {
            // Checked first, then handed on: one doubtful mark voids the paragraph's pairs.
            (true, false) if straight_pairs(text, para.clone(), again(), &mut |_| {}) => {
                straight_pairs(text, para.clone(), again(), f);
            }
            (false, true) => curly_pairs(again(), f),
            // Mixed marks are `balance`'s to untangle.
            _ => {}
        }
    }
}

/// Curly quotations: `“` … `”` with no other double mark between (nested or German quotes
/// make the paragraph's pairs uncertain only where they stand).
fn curly_pairs(marks: impl Iterator<Item = (Mark, Range<usize>)>, f: &mut dyn FnMut(Pair)) {
    let mut last: Option<(Mark, Range<usize>)> = None;
    for (mark, range) in marks {
        if let Some((Mark::Open, open)) = last.take()
            && mark == Mark::Close
        {
            f(Pair {
                open,
                close: range.clone(),
                straight: false,
            });
        }
        last = Some((mark, range));
    }
}

/// Where a quotation can open: after white space, an opening bracket or a dash.
fn opening_context(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c))
}

/// Hands `f` the straight quotations of one paragraph in order, as long as each mark's role is
/// clear; false if one is in doubt or a quotation is left open (`f` has then had some pairs).
fn straight_pairs(
    text: &str,
    para: Range<usize>,
    marks: impl Iterator<Item = (Mark, Range<usize>)>,
    f: &mut dyn FnMut(Pair),
) -> bool {
    let mut open: Option<Range<usize>> = None;
    for (_, r) in marks {
        let before = char_before(text, para.start, r.start);
        let after = char_after(text, r.end, para.end);
        match open.take() {
            None => {
                if before.is_some_and(|c| c.is_ascii_digit()) {
                    // An inch mark: 12"
                    continue;
                }
                if !opening_context(before) {
                    return false;
                }
                // Before a word, or (spaced on both sides) the opener the order makes it.
                open = Some(r);
            }
            Some(opener) => {
                if after.is_some_and(char::is_alphanumeric) {
                    // Before a word while one is open (`a"b`, `"A "B"`): inside a word or a
                    // second opener, not a pairing to be sure of.
                    return false;
                }
                f(Pair {
                    open: opener,
                    close: r,
                    straight: true,
                });
            }
        }
    }
    open.is_none()
}

/// The character of `text[start..at]` before `at`; an ASCII one is read without decoding.
fn char_before(text: &str, start: usize, at: usize) -> Option<char> {
    match text.as_bytes()[start..at].last() {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text[start..at].chars().next_back(),
    }
}

/// The character of `text[at..end]` at `at`; an ASCII one is read without decoding.
fn char_after(text: &str, at: usize, end: usize) -> Option<char> {
    match text.as_bytes()[at..end].first() {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text[at..end].chars().next(),
    }
}

/// The spaces (and tabs) right after `at`, up to the end of the line.
fn spaces_after(text: &str, at: usize) -> Range<usize> {
    let n = text[at..]
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    at..at + n
}

/// The spaces (and tabs) right before `at`, back to the start of the line.
fn spaces_before(text: &str, at: usize) -> Range<usize> {
    let n = text[..at]
        .bytes()
        .rev()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    at - n..at
}

/// `finds: inner-space`, for one quotation.
fn inner_space(text: &str, p: &Pair, out: &mut dyn Sink) {
    if !p.straight {
        return;
    }
    let lead = spaces_after(text, p.open.end);
    let trail = spaces_before(text, p.close.start);
    // Both empty, or one run of spaces between the marks: `" "`, a quoted space (code).
    if (lead.is_empty() && trail.is_empty()) || lead.end >= trail.start {
        return;
    }
    if !plausible_quotation(text, p, &text[lead.end..trail.start]) {
        return;
    }
    let sides = [
        (lead, "after the opening", p.close.clone(), "closes"),
        (trail, "before the closing", p.open.clone(), "opens"),
    ];
    for (space, side, partner, verb) in sides {
        if space.is_empty() {
            continue;
        }
        let mut f = Finding::new(space.clone(), vec![side.to_string()]);
        f.labels
            .push((partner, format!("the quotation {verb} here")));
        f.edits.push(TextEdit {
            range: space,
            replacement: String::new(),
        });
        out.push(f);
    }
}

/// Whether the text between two spaced straight marks reads as a quotation rather than table
/// cells with ditto marks, inch marks or a string in code.
fn plausible_quotation(text: &str, p: &Pair, inside: &str) -> bool {
    let on_one_line = !text[p.open.start..p.close.end].contains('\n');
    // Ditto marks and table cells are set apart by runs of spaces or tabs.
    let cells = inside.contains('\t') || inside.contains("  ");
    let spaces_round = |r: Range<usize>| r.len() <= 1;
    let lead = spaces_after(text, p.open.end);
    let trail = spaces_before(text, p.close.start);
    // `12 " x 8 "`: a spaced inch mark after a number.
    let number_before = |at: usize| {
        text[..spaces_before(text, at).start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit())
    };
    // `x = " a "`, `(" a ")`, `f(" a ")`: a string in code.
    let code_before = text[..spaces_before(text, p.open.start).start]
        .chars()
        .next_back()
        .is_some_and(|c| "=+([{".contains(c));
    on_one_line
        && !cells
        && spaces_round(lead)
        && spaces_round(trail)
        && inside.chars().any(char::is_alphabetic)
        && !number_before(p.open.start)
        && !number_before(p.close.start)
        && !code_before
}

/// Where a quotation ends a sentence with a full stop, and on which side of the mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// `“a sham.”`
    Inside,
    /// `“a sham”.`
    Outside,
}

/// A quotation that ends a sentence with a full stop.
struct Ending {
    pair: Pair,
    stop: Stop,
    /// The quotation is a fragment of the sentence (it starts in lower case after a word), where
    /// the stop's place is a matter of style; a whole quoted sentence takes it inside in both.
    fragment: bool,
    /// The stop and the closing mark.
    span: Range<usize>,
}

/// `finds: stop-placement`: what the document's sentence-ending quotations show, gathered one
/// at a time; only counts and the first strays of each style are kept.
#[derive(Default)]
struct Styles {
    /// Fragments with the stop inside and outside: only fragments tell the style, since a
    /// British writer also closes a whole quoted sentence `.”`.
    inside: usize,
    outside: usize,
    /// What would be strays in American style (any stop outside) and in British style (a
    /// fragment's stop inside): the first two of each, enough to tell one from several.
    american: Vec<Ending>,
    british: Vec<Ending>,
}

impl Styles {
    fn add(&mut self, e: Ending) {
        if e.fragment {
            match e.stop {
                Stop::Inside => self.inside += 1,
                Stop::Outside => self.outside += 1,
            }
        }
        let strays = match e.stop {
            Stop::Outside => &mut self.american,
            Stop::Inside if e.fragment => &mut self.british,
            Stop::Inside => return,
        };
        if strays.len() < 2 {
            strays.push(e);
        }
    }

    fn report(self, text: &str, min_majority: usize, out: &mut dyn Sink) {
        // One stray among a clear majority is a slip; several are a second habit.
        let (e, majority) = if self.inside >= min_majority && self.american.len() == 1 {
            (&self.american[0], self.inside)
        } else if self.outside >= min_majority && self.british.len() == 1 {
            (&self.british[0], self.outside)
        } else {
            return;
        };
        let glyph = &text[e.pair.close.clone()];
        let (here, there, replacement) = match e.stop {
            Stop::Outside => ("outside", "inside", format!(".{glyph}")),
            Stop::Inside => ("inside", "outside", format!("{glyph}.")),
        };
        let args = vec![
            here.to_string(),
            there.to_string(),
            majority.to_string(),
            replacement.clone(),
        ];
        let mut f = Finding::new(e.span.clone(), args);
        f.labels
            .push((e.pair.open.clone(), "the quotation opens here".into()));
        f.edits.push(TextEdit {
            range: e.span.clone(),
            replacement,
        });
        out.push(f);
    }
}

/// Abbreviations whose own full stop may stand before a closing mark.
const ABBREVIATIONS: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "jr", "sr", "st", "no", "vs", "al", "dr", "mr", "mrs", "ms",
];

/// The quotation's sentence-ending full stop, if it has one.
fn ending(text: &str, p: &Pair) -> Option<Ending> {
    let before = &text[..p.close.start];
    let after = &text[p.close.end..];
    let (stop, span, content_end, rest) = if let Some(rest) = after.strip_prefix('.') {
        (
            Stop::Outside,
            p.close.start..p.close.end + 1,
            p.close.start,
            rest,
        )
    } else if before.ends_with('.') {
        (
            Stop::Inside,
            p.close.start - 1..p.close.end,
            p.close.start - 1,
            after,
        )
    } else {
        return None;
    };
    // The last word must be a plain word: not `...`, `?”.`, `U.S.`, `etc.`, a number.
    let content = &text[p.open.end..content_end];
    let last: String = content
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let before_last = content[..content.len() - last.len()].chars().next_back();
    if last.chars().count() < 2
        || !last.chars().all(char::is_alphabetic)
        || before_last == Some('.')
        || ABBREVIATIONS.contains(&last.to_lowercase().as_str())
    {
        return None;
    }
    // The sentence ends: the paragraph ends, or white space and a capital or an opening mark
    // follow.
    let mut next = rest.chars();
    match next.next() {
        None => {}
        Some('\n' | '\r') => {}
        Some(c) if c.is_whitespace() => {
            let word = rest.trim_start_matches([' ', '\t']).chars().next();
            if !word.is_none_or(|c| c.is_uppercase() || "\n\r“\"(‘".contains(c)) {
                return None;
            }
        }
        Some(_) => return None,
    }
    let first = content.trim_start().chars().next()?;
    let opener_after_word = text[..p.open.start]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    Some(Ending {
        pair: p.clone(),
        stop,
        fragment: first.is_lowercase() && opener_after_word,
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(finds: Finds, text: &str) -> Vec<(String, Vec<String>, String)> {
        let doc = Document::new(text);
        let check = Quotation {
            finds,
            min_majority: 2,
        };
        let mut out = Vec::new();
        check.check(
            &doc,
            Hits {
                literals: &[],
                regexes: &[],
            },
            &mut out,
        );
        out.into_iter()
            .map(|f| {
                let mut fixed = text.to_string();
                for e in f.edits.iter().rev() {
                    fixed.replace_range(e.range.clone(), &e.replacement);
                }
                (text[f.span].to_string(), f.args, fixed)
            })
            .collect()
    }

    fn spaces(text: &str) -> Vec<String> {
        run(Finds::InnerSpace, text)
            .into_iter()
            .map(|(_, args, _)| args[0].clone())
            .collect()
    }

    #[test]
    fn spaced_straight_marks_inside_a_quotation() {
        let r = run(Finds::InnerSpace, "He called it \" Big Bang. \" and left.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1, ["after the opening"]);
        assert_eq!(r[0].2, "He called it \"Big Bang. \" and left.");
        assert_eq!(r[1].1, ["before the closing"]);
        assert_eq!(r[1].2, "He called it \" Big Bang.\" and left.");
        // One side only, and in order: `"Hello "` then `" world"`.
        assert_eq!(
            spaces("\"Hello \" he said, \" world\" she said."),
            ["before the closing", "after the opening"]
        );
    }

    #[test]
    fn what_is_not_a_spaced_quotation() {
        for text in [
            "He called it \"Big Bang\" and left.",
            // Inch marks, spaced or not.
            "A board 12\" x 8\" and a frame 12 \" x 8 \" wide.",
            // Ditto marks in a table.
            "Apples   \"   3 kg\nPears    \"   5 kg",
            "Apples\t\"\tred\nPears\t\"\tgreen",
            // Code.
            "Use x = \" a \" or split(\" \") or print(\" hi \").",
            // A lone mark, or an odd number: the pairing is a guess.
            "Height: 6' 2\" and he said \" no",
            "He said \" yes \" and \"no",
            // Mixed with curly marks: `balance`'s.
            "He said “ yes \" and left.",
            // Across lines.
            "He said \" yes\nand no \" today.",
        ] {
            assert!(spaces(text).is_empty(), "{text:?}: {:?}", spaces(text));
        }
    }

    fn stops(text: &str) -> Vec<(String, Vec<String>, String)> {
        run(Finds::StopPlacement, text)
    }

    #[test]
    fn a_stop_outside_where_the_document_puts_it_inside() {
        let text = "She called it “a sham.” He called it “a farce.”\n\n\
                    They called it “a mistake”. Then they left.";
        let r = stops(text);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, "”.");
        assert_eq!(r[0].1, ["outside", "inside", "2", ".”"]);
        assert!(r[0].2.contains("“a mistake.” Then"));
        // The reverse, with straight marks.
        let text = "She called it \"a sham\". He called it \"a farce\".\n\n\
                    They called it \"a mistake.\" Then they left.";
        let r = stops(text);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ".\"");
        assert!(r[0].2.contains("\"a mistake\". Then"));
    }

    #[test]
    fn what_is_not_a_stray_stop() {
        for text in [
            // One quotation of each style: no majority.
            "She called it “a sham.” They called it “a mistake”.",
            // Whole quoted sentences take the stop inside in British style too.
            "He said, “We will go.” She said, “We will stay.” It was “a mistake”.",
            // Two strays are a second habit.
            "It was “a sham.” It was “a farce.” It was “a joke.” It was “a lie”. It was “a con”.",
            // Not the end of a sentence, or an abbreviation's stop.
            "It was “a sham.” It was “a farce.” It was “a mistake”. and more",
            "It was “a sham.” It was “a farce.” They moved to “the U.S.” Then",
        ] {
            assert!(stops(text).is_empty(), "{text:?}: {:?}", stops(text));
        }
    }
}
