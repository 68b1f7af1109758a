//! `balance`: quotation marks and brackets that do not pair up.
//!
//! The check walks the delimiters of each paragraph with a stack. It knows what makes naive
//! counting wrong in real prose: apostrophes (`don’t`, `children’s`, `’90s`), `a)`-style
//! enumerators, inch marks, and the English convention for quotations that run over several
//! paragraphs (each paragraph reopens with `“`, only the last one closes).

use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, Sink, TextEdit};
use crate::diagnostic::Applicability;
use crate::document::Document;
use serde::Deserialize;
use std::ops::Range;

/// The delimiters the check follows.
const DELIMITERS: &[&str] = &[
    "“", "”", "\"", "„", "``", "''", "‘", "’", "«", "»", "(", ")", "[", "]",
];

#[derive(Debug, Default)]
pub struct Balance;

/// The keys of a rule that extends `balance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceSpec {
    #[serde(default)]
    pub fix: Option<Fix>,
}

impl Spec for BalanceSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        Ok(Built::new(Balance, self.fix))
    }
}

/// The family a mark belongs to; only marks of one family pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Guillemet,
    Paren,
    Bracket,
}

/// What surrounds a mark, which decides its role.
#[derive(Debug, Clone, Copy)]
struct Context {
    space_before: bool,
    space_after: bool,
    /// Preceded by white space, an opening bracket or a dash: where a quotation can open.
    opening: bool,
    first_in_paragraph: bool,
    digit_before: bool,
    digit_after: bool,
    inside_word: bool,
    word_after: bool,
}

#[derive(Debug, Clone)]
struct Open {
    family: Family,
    range: Range<usize>,
    /// The closing glyph expected, for messages.
    closer: &'static str,
}

impl Check for Balance {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: DELIMITERS
                .iter()
                .map(|d| Literal {
                    text: d.to_string(),
                    ignorecase: false,
                    word_bounded: false,
                })
                .collect(),
            regexes: Vec::new(),
        }
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        let paragraphs = quotation_paragraphs(text, doc.paragraphs(), hits.literals);
        let paragraphs = &paragraphs[..];
        let mut hits = hits.literals.iter().peekable();
        for (i, para) in paragraphs.iter().enumerate() {
            let mut walker = Walker {
                text,
                para: para.clone(),
                stack: Vec::new(),
                out,
                last: None,
                nested: Vec::new(),
            };
            while let Some(hit) = hits.next_if(|h| h.range.start < para.end) {
                if hit.range.start >= para.start {
                    walker.mark(hit.range.clone());
                }
            }
            let continues = paragraphs
                .get(i + 1)
                .is_some_and(|next| opens_with_double_quote(&text[next.clone()]));
            walker.finish(continues);
        }
    }
}

struct Walker<'t, 'o> {
    text: &'t str,
    para: Range<usize>,
    stack: Vec<Open>,
    out: &'o mut dyn Sink,
    /// The last finding reported, still open to the labels and edits its caller adds: handed to
    /// `out` when the next one is reported or the paragraph ends, since a sink may drop a
    /// finding as soon as it has it.
    last: Option<Finding>,
    /// Quotations nested in an open one, by the outer opener's range: reported when it closes.
    nested: Vec<(Range<usize>, Finding)>,
}

impl Walker<'_, '_> {
    fn before(&self, at: usize) -> Option<char> {
        self.text[self.para.start..at].chars().next_back()
    }
    fn after(&self, at: usize) -> Option<char> {
        self.text[at..self.para.end].chars().next()
    }
    /// Only white space follows until the end of the paragraph.
    fn ends_paragraph(&self, at: usize) -> bool {
        self.text[at..self.para.end].trim().is_empty()
    }
    fn top_is(&self, family: Family) -> bool {
        self.stack.last().is_some_and(|o| o.family == family)
    }

    fn report(&mut self, span: Range<usize>, message: String) -> &mut Finding {
        self.hand_on();
        self.last.insert(Finding::new(span, vec![message]))
    }

    /// Hands the last finding reported to the sink.
    fn hand_on(&mut self) {
        if let Some(done) = self.last.take() {
            self.out.push(done);
        }
    }

    fn push(&mut self, family: Family, range: Range<usize>, closer: &'static str) {
        self.stack.push(Open {
            family,
            range,
            closer,
        });
    }

    /// Closes the innermost open mark of `family`, reporting marks left open inside it.
    fn close(&mut self, family: Family, range: Range<usize>) -> bool {
        let Some(pos) = self.stack.iter().rposition(|o| o.family == family) else {
            return false;
        };
        let glyph = self.text[range.clone()].to_string();
        for inner in self.stack.split_off(pos + 1) {
            let opener = self.text[inner.range.clone()].to_string();
            let f = self.report(
                inner.range.clone(),
                format!("{opener} is never closed: {glyph} closes an outer mark first"),
            );
            f.labels.push((
                range.clone(),
                format!("the outer mark closes here with {glyph}"),
            ));
        }
        self.stack.pop();
        true
    }

    fn mark(&mut self, range: Range<usize>) {
        let prev = self.before(range.start);
        let next = self.after(range.end);
        let at = Context {
            space_before: prev.is_none_or(char::is_whitespace),
            space_after: next.is_none_or(char::is_whitespace),
            opening: prev.is_none_or(|c| c.is_whitespace() || "([{—–-/“‘«„".contains(c)),
            first_in_paragraph: prev.is_none(),
            digit_before: prev.is_some_and(|c| c.is_ascii_digit()),
            digit_after: next.is_some_and(|c| c.is_ascii_digit()),
            inside_word: prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric),
            word_after: next.is_some_and(char::is_alphanumeric),
        };
        match &self.text[range.clone()] {
            "“" => self.curly_open(range, at),
            "”" => self.curly_close(range, at),
            "\"" => self.straight_double(range, at),
            "„" => self.push(Family::Double, range, "“"),
            // TeX-style ``quotes'' (and ``quotes" typed half one way, half the other).
            "``" => self.push(Family::Double, range, "''"),
            "''" if !at.space_before => self.close_or_report(Family::Double, range, "''"),
            // ‘90s: an apostrophe typed with the wrong glyph, not a quotation.
            "‘" if !at.digit_after => self.push(Family::Single, range, "’"),
            // An apostrophe unless a single quotation is open and this can close it.
            "’" if !at.inside_word && self.top_is(Family::Single) => {
                self.close(Family::Single, range);
            }
            "«" if self.top_is(Family::Guillemet) && !at.opening => {
                self.close(Family::Guillemet, range);
            }
            "«" => self.push(Family::Guillemet, range, "»"),
            "»" if !self.top_is(Family::Guillemet) && at.opening && !at.space_after => {
                // »Zitat« : the German order.
                self.push(Family::Guillemet, range, "«");
            }
            "»" => self.close_or_report(Family::Guillemet, range, "»"),
            "(" => self.push(Family::Paren, range, ")"),
            "[" => self.push(Family::Bracket, range, "]"),
            ")" if !self.has_open(Family::Paren) && self.enumerator_or_smiley(range.start) => {}
            ")" => self.close_or_report(Family::Paren, range, ")"),
            "]" => self.close_or_report(Family::Bracket, range, "]"),
            _ => {}
        }
    }

    /// The innermost open mark of `family`, which a closing mark of it would close.
    fn innermost(&self, family: Family) -> Option<Open> {
        self.stack
            .iter()
            .rev()
            .find(|o| o.family == family)
            .cloned()
    }

    /// After a double quotation `opener`..`closer` closed: reports a straight mark paired with
    /// a curly one (the straight one gets the glyph its partner says, a safe fix), and a double
    /// quotation inside another (single marks belong there; an unsafe fix, since the marks may
    /// also be two quotations run together).
    fn check_pair(&mut self, opener: &Open, closer: Range<usize>) {
        // Quotations nested in this one are reported now that it has closed: inside an opener
        // that never closes, every later pair would look nested.
        let (nested, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.nested)
            .into_iter()
            .partition(|(outer, _)| *outer == opener.range);
        self.nested = rest;
        self.hand_on();
        for (_, f) in nested {
            self.out.push(f);
        }
        let open_glyph = &self.text[opener.range.clone()];
        let close_glyph = &self.text[closer.clone()];
        let (target, partner, message, label, replacement) = match (open_glyph, close_glyph) {
            ("“", "\"") => (
                closer.clone(),
                opener.range.clone(),
                "straight \" closes a quotation opened with the curly “: write ”",
                "the quotation opens here with “",
                "”",
            ),
            ("\"", "”") => (
                opener.range.clone(),
                closer.clone(),
                "straight \" opens a quotation closed with the curly ”: write “",
                "the quotation closes here with ”",
                "“",
            ),
            _ => {
                let outer = self
                    .stack
                    .iter()
                    .rev()
                    .find(|o| o.family == Family::Double && &self.text[o.range.clone()] != "„")
                    .map(|o| o.range.clone());
                let curly = open_glyph == "“" && close_glyph == "”";
                if let Some(outer) = outer.filter(|_| curly) {
                    let mut f = Finding::new(
                        opener.range.clone(),
                        vec!["double quotation marks inside a double quotation: use single ones (‘…’)"
                            .into()],
                    );
                    f.labels
                        .push((outer.clone(), "inside the quotation that opens here".into()));
                    f.labels.push((closer.clone(), "and closes here".into()));
                    f.edits.push(TextEdit {
                        range: opener.range.clone(),
                        replacement: "‘".into(),
                    });
                    f.edits.push(TextEdit {
                        range: closer,
                        replacement: "’".into(),
                    });
                    f.applicability = Some(Applicability::Unsafe);
                    self.nested.push((outer, f));
                }
                return;
            }
        };
        let f = self.report(target.clone(), message.into());
        f.labels.push((partner, label.into()));
        f.edits.push(TextEdit {
            range: target,
            replacement: replacement.into(),
        });
        f.applicability = Some(Applicability::Safe);
    }

    fn has_open(&self, family: Family) -> bool {
        self.stack.iter().any(|o| o.family == family)
    }

    fn close_or_report(&mut self, family: Family, range: Range<usize>, glyph: &str) {
        if !self.close(family, range.clone()) {
            self.report(range, format!("closing {glyph} closes nothing"));
        }
    }

    /// A closing double quote follows later in the paragraph.
    fn closes_later(&self, from: usize) -> bool {
        self.text[from..self.para.end].contains(['”', '"'])
    }

    /// Where the white space after `at` ends.
    fn space_end(&self, at: usize) -> usize {
        let rest = &self.text[at..self.para.end];
        at + rest.len() - rest.trim_start().len()
    }

    /// Where the white space before `range` begins, so a fix can take the space along.
    fn space_start(&self, range: &Range<usize>) -> usize {
        self.text[..range.start].trim_end().len()
    }

    fn curly_open(&mut self, range: Range<usize>, at: Context) {
        let top_is_low_quote = self.top_is(Family::Double)
            && self
                .stack
                .last()
                .is_some_and(|o| &self.text[o.range.clone()] == "„");
        if top_is_low_quote {
            // German quotes open with „ and close with “.
            self.close(Family::Double, range);
        } else if self.ends_paragraph(range.end) && !at.first_in_paragraph {
            let start = if at.space_before {
                self.space_start(&range)
            } else {
                range.start
            };
            let closes = self.close(Family::Double, range.clone());
            let what = if closes {
                ""
            } else {
                ", and no quotation is open"
            };
            let message =
                format!("opening “ at the end of a paragraph: a closing ” belongs here{what}");
            let f = self.report(range.clone(), message);
            if closes {
                f.edits.push(TextEdit {
                    range: start..range.end,
                    replacement: "”".into(),
                });
            }
        } else if !at.opening && at.space_after && self.top_is(Family::Double) {
            self.close(Family::Double, range.clone());
            let f = self.report(
                range.clone(),
                "opening “ used as a closing mark: write ”".into(),
            );
            f.edits.push(TextEdit {
                range,
                replacement: "”".into(),
            });
        } else {
            self.push(Family::Double, range, "”");
        }
    }

    fn curly_close(&mut self, range: Range<usize>, at: Context) {
        let spaced = at.space_before && !at.first_in_paragraph;
        let opener = self.innermost(Family::Double);
        if self.close(Family::Double, range.clone()) {
            if let Some(opener) = &opener {
                self.check_pair(opener, range.clone());
            }
            if spaced {
                let glyph = self.text[range.clone()].to_string();
                let start = self.space_start(&range);
                let f = self.report(range.clone(), format!("space before the closing {glyph}"));
                f.edits.push(TextEdit {
                    range: start..range.start,
                    replacement: String::new(),
                });
            }
        } else if at.opening && (at.word_after || self.closes_later(range.end)) {
            // `”Word` or `said. ” Word … ”`: the glyph of a closing mark where one opens.
            let end = if at.word_after {
                range.end
            } else {
                self.space_end(range.end)
            };
            self.push(Family::Double, range.clone(), "”");
            let f = self.report(
                range.clone(),
                "closing ” used as an opening mark: write “".into(),
            );
            f.edits.push(TextEdit {
                range: range.start..end,
                replacement: "“".into(),
            });
        } else {
            let after_space = if spaced { ", after a space," } else { "" };
            let start = self.space_start(&range);
            let f = self.report(
                range.clone(),
                format!("closing ”{after_space} closes no quotation"),
            );
            if spaced {
                f.edits.push(TextEdit {
                    range: start..range.end,
                    replacement: String::new(),
                });
            }
        }
    }

    /// A straight " opens or closes depending on what surrounds it.
    fn straight_double(&mut self, range: Range<usize>, at: Context) {
        let top = self.stack.last().filter(|o| o.family == Family::Double);
        let top_is_straight = top.is_some_and(|o| &self.text[o.range.clone()] == "\"");
        let opens = at.opening && !at.space_after;
        if top.is_none() && at.digit_before {
            // An inch mark: 12"
        } else if top.is_some() && (top_is_straight || !opens) {
            let opener = self.innermost(Family::Double);
            self.close(Family::Double, range.clone());
            if let Some(opener) = &opener {
                self.check_pair(opener, range);
            }
        } else if opens {
            self.push(Family::Double, range, "\"");
        } else if !at.space_before {
            self.report(range, "closing \" closes no quotation".into());
        }
    }

    /// `a)`, `iv)`, `2)` as list markers, and `:)` smileys, close nothing on purpose.
    fn enumerator_or_smiley(&self, at: usize) -> bool {
        let before = &self.text[self.para.start..at];
        if before.ends_with(':') || before.ends_with(';') {
            return true;
        }
        let token_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let token = &before[token_start..];
        let preceded_ok = before[..token_start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(');
        let short = (1..=3).contains(&token.chars().count())
            && (token.chars().all(|c| c.is_ascii_digit())
                || token.chars().count() == 1 && token.chars().all(|c| c.is_alphabetic())
                || token.chars().all(|c| "ivxlcIVXLC".contains(c)));
        preceded_ok && short
    }

    fn finish(mut self, continues: bool) {
        let stack = std::mem::take(&mut self.stack);
        let last_double = stack.iter().rposition(|o| o.family == Family::Double);
        for (i, open) in stack.into_iter().enumerate() {
            // The multi-paragraph convention: the quotation goes on in the next paragraph.
            if continues && Some(i) == last_double {
                continue;
            }
            let glyph = self.text[open.range.clone()].to_string();
            let message = format!(
                "{glyph} is never closed: no {} follows in this paragraph",
                open.closer
            );
            self.report(open.range, message);
        }
        self.hand_on();
    }
}

/// The paragraphs as quotations see them: the document's paragraphs, also cut where a line
/// ends a sentence and the next line opens a quotation. Scraped and extracted text puts one
/// paragraph per line with no blank line between, and a quotation running over several such
/// lines follows the multi-paragraph convention line by line (each reopens with `“`).
fn quotation_paragraphs(
    text: &str,
    paragraphs: &[Range<usize>],
    marks: &[super::Hit],
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Where a line opens with a quotation mark after a line that ends a sentence: found from
    // the marks the engine matched, so text without quotation marks costs nothing here.
    let mut cuts = marks.iter().filter_map(|m| {
        let line_start = bytes[..m.range.start]
            .iter()
            .rposition(|&b| !matches!(b, b' ' | b'\t'))
            .filter(|&i| bytes[i] == b'\n')?;
        if !opens_with_double_quote(&text[m.range.start..]) {
            return None;
        }
        let before = text[..line_start].trim_end_matches(['\r', ' ', '\t']);
        let ends_sentence = before
            .trim_end_matches(['”', '"', '’', '\'', ')'])
            .ends_with(['.', '!', '?', '…', ':']);
        ends_sentence.then_some(line_start)
    });
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut next_cut = cuts.next();
    for para in paragraphs {
        let mut start = para.start;
        while let Some(at) = next_cut.filter(|&at| at < para.end) {
            if at > para.start {
                out.push(start..at);
                start = at + 1;
            }
            next_cut = cuts.next();
        }
        out.push(start..para.end);
    }
    out
}

/// The paragraph starts (after white space) with an opening double quote.
fn opens_with_double_quote(para: &str) -> bool {
    let s = para.trim_start();
    s.starts_with('“') || s.starts_with('„') || s.starts_with('«') || s.starts_with('"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Hit;

    fn run(text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text);
        let mut hits = Vec::new();
        for (i, _) in text.char_indices() {
            for (p, d) in DELIMITERS.iter().enumerate() {
                if text[i..].starts_with(d) {
                    hits.push(Hit::literal(p, i..i + d.len()));
                }
            }
        }
        let mut out = Vec::new();
        Balance.check(
            &doc,
            Hits {
                literals: &hits,
                regexes: &[],
            },
            &mut out,
        );
        out.into_iter()
            .map(|f| (text[f.span].to_string(), f.args[0].clone()))
            .collect()
    }

    #[test]
    fn straight_and_curly_marks_of_one_quotation() {
        assert_eq!(
            run("She said: “I am sad to see it\" and left."),
            [(
                "\"".to_string(),
                "straight \" closes a quotation opened with the curly “: write ”".to_string()
            )]
        );
        assert_eq!(
            run("\"Precious still hold on” was the line."),
            [(
                "\"".to_string(),
                "straight \" opens a quotation closed with the curly ”: write “".to_string()
            )]
        );
        // Straight throughout, or curly throughout, is consistent.
        assert!(run("\"One,\" he said. “Two,” she said.").is_empty());
    }

    #[test]
    fn a_double_quotation_inside_another_once_the_outer_closes() {
        assert_eq!(
            run("“He told me “no” and walked away,” she said."),
            [(
                "“".to_string(),
                "double quotation marks inside a double quotation: use single ones (‘…’)"
                    .to_string()
            )]
        );
        // Inside an opener that never closes, the later pairs are not called nested.
        let broken = "A song called “Glasgow (“No Place Like Home”). “It grabbed me,” he said.";
        assert!(
            run(broken)
                .iter()
                .all(|(_, m)| !m.starts_with("double quotation marks inside")),
            "{:?}",
            run(broken)
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(
            run("The children’s charity said it won’t stop in the ’90s or the parents’ view.")
                .is_empty()
        );
    }

    #[test]
    fn multi_paragraph_quotation() {
        let text = "He said, “One.\n\n“Two.\n\n“Three.”\n";
        assert!(run(text).is_empty());
        assert_eq!(run("He said, “One.\n\nThen nothing.\n").len(), 1);
        // One paragraph per line, as extractors write it.
        assert!(run("He said: “One.\n“Two.”\nThen he left.\n").is_empty());
        assert_eq!(run("He said: “One.\nThen nothing.\n").len(), 1);
        // A hard-wrapped quotation is not cut.
        assert!(run("He said “one\nand two.”\n").is_empty());
    }

    #[test]
    fn stray_closing_after_space() {
        assert_eq!(
            run("of “keeping safe.” to turn back the children ”."),
            [(
                "”".to_string(),
                "closing ”, after a space, closes no quotation".to_string()
            )]
        );
    }

    #[test]
    fn opening_glyph_at_paragraph_end() {
        let r = run("“We are building it into our plans. “\n\nNext.");
        assert_eq!(r.len(), 1);
        assert!(
            r[0].1.starts_with("opening “ at the end of a paragraph"),
            "{r:?}"
        );
    }

    #[test]
    fn enumerators_and_nesting() {
        assert!(run("You must: a) keep notices; b) state changes; 2) and iv) too.").is_empty());
        assert!(run("(see “the book” [p. 3])").is_empty());
        assert_eq!(run("a (bracket that is open").len(), 1);
        assert_eq!(run("closed) here").len(), 1);
        assert!(run("He said \"yes\" and \"no\", 12\" wide.").is_empty());
    }
}
