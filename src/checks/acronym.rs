//! `acronym`: a parenthesised acronym that does not fit the name before it
//! (`Campaign against miserable life (RUHIG)`): the name was translated, its acronym was not.

use super::registry::{BuildContext, Built, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, Sink};
use crate::document::Document;
use serde::Deserialize;
use std::ops::Range;

/// Acronyms are 2 to this many capital letters.
const MAX_LETTERS: usize = 8;
/// The name is looked for among this many words before the parenthesis.
const MAX_WORDS: usize = 10;
/// Bytes scanned back from the parenthesis, so that a long line costs the same as a short one.
const MAX_LOOKBACK: usize = 400;
/// Letters of a word that an acronym may draw on: long compounds give their first letters.
const MAX_WORD_LETTERS: usize = 40;
/// Words after the last one the acronym draws on (`Centers for Disease Control and Prevention
/// (CDC)`).
const MAX_TRAILING: usize = 2;
/// A name written in capitals has at least this many words (`Laszlo Boszormenyi (GCS)`,
/// `Optimal Computing (NZ)` are a person and a company with their own abbreviations).
const MIN_NAME_WORDS: usize = 3;
/// A clause this short that starts a line is taken as a name even in lower case: machine
/// translation lower-cases the words it translates (`Campaign against miserable life (RUHIG):
/// for young men`, an entry of a list).
const MAX_HEAD_WORDS: usize = 6;

/// Small words inside names (`Society for the Prevention of Cruelty`, `Institut für Sicherheit`).
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "against", "in", "on", "to", "at", "by", "with", "without", "de",
    "des", "du", "la", "le", "di", "del", "della", "der", "die", "das", "für", "und", "van", "von",
    "y", "e", "do", "da", "dos",
];

/// The `acronym` check kind.
#[derive(Debug)]
pub struct Acronym {
    /// Acronyms never flagged: time zones, wire services, file formats, which follow words they
    /// do not abbreviate (`at 9 am Monday (GMT)`).
    pub exceptions: Vec<String>,
}

/// The keys of a rule that extends `acronym`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcronymSpec {
    /// Acronyms never flagged.
    #[serde(default)]
    pub exceptions: Vec<String>,
}

impl Spec for AcronymSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        Ok(Built::new(
            Acronym {
                exceptions: self.exceptions,
            },
            None,
        ))
    }
}

impl Check for Acronym {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: vec![Literal {
                text: "(".into(),
                ignorecase: false,
                word_bounded: false,
            }],
            regexes: Vec::new(),
        }
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        for hit in hits.literals {
            let Some(letters) = acronym_at(text, hit.range.end) else {
                continue;
            };
            let acronym = &text[letters.clone()];
            if self.exceptions.iter().any(|e| e == acronym) {
                continue;
            }
            let words = words_before(doc, hit.range.start);
            let Some(name) = name(doc, &words) else {
                continue;
            };
            if aligns(acronym, text, name) {
                continue;
            }
            let name = name[0].start..name[name.len() - 1].end;
            let shown = text[name.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut f = Finding::new(letters.clone(), vec![acronym.to_string(), shown]);
            f.labels.push((
                name,
                format!("the initials of this name do not spell {acronym}"),
            ));
            out.push(f);
        }
    }
}

/// The words of the name an acronym should abbreviate, if the words before it look like one: a
/// run of at least [`MIN_NAME_WORDS`] capitalised words (and the small words between them) up
/// to the parenthesis, or a short clause in lower case that starts a line with a capital.
/// `Reuters (AP)`, `download the report (PDF)` and `contact Jane Doe (JD)` are no definitions.
fn name<'w>(doc: &Document, words: &'w [Range<usize>]) -> Option<&'w [Range<usize>]> {
    let text = doc.text();
    let capital = |w: &Range<usize>| {
        text[w.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let connector =
        |w: &Range<usize>| CONNECTORS.contains(&text[w.clone()].to_lowercase().as_str());
    let mut start = words.len();
    while start > 0
        && (capital(&words[start - 1]) || (connector(&words[start - 1]) && start < words.len()))
    {
        start -= 1;
    }
    let mut run = &words[start..];
    while let Some((first, rest)) = run.split_first()
        && (!capital(first) || matches!(&text[first.clone()], "The" | "A" | "An"))
    {
        run = rest;
    }
    if run.len() >= MIN_NAME_WORDS {
        return Some(run);
    }
    // One or two capitalised words: a person or a company, with an abbreviation of its own.
    if !run.is_empty() {
        return None;
    }
    let head = words.first()?;
    let line = doc.line_at(head.start);
    let line_start = head.start - line.start <= MAX_LOOKBACK
        && !text[line.start..head.start].contains(char::is_alphanumeric);
    ((2..=MAX_HEAD_WORDS).contains(&words.len()) && capital(head) && line_start).then_some(words)
}

/// The capital letters of `(ACRONYM)` whose `(` ends at `start`.
fn acronym_at(text: &str, start: usize) -> Option<Range<usize>> {
    let mut end = start;
    for (count, c) in text[start..].chars().enumerate() {
        if c == ')' {
            return (2..=MAX_LETTERS).contains(&count).then_some(start..end);
        }
        if count == MAX_LETTERS || !(c.is_uppercase() && c.is_alphabetic()) {
            return None;
        }
        end += c.len_utf8();
    }
    None
}

/// The last words of the clause that ends at `open`, on the same line: the text after the last
/// sentence or clause mark (`. ! ? ; : ( ) [ ] — –`), at most [`MAX_WORDS`] words.
fn words_before(doc: &Document, open: usize) -> Vec<Range<usize>> {
    let text = doc.text();
    // The paragraph, not the line: names wrap (`the GNU Lesser⏎General Public License (LGPL)`).
    let paragraphs = doc.paragraphs();
    let para_start = paragraphs
        .get(paragraphs.partition_point(|p| p.end < open))
        .map_or(0, |p| p.start.min(open));
    let mut from = open.saturating_sub(MAX_LOOKBACK).max(para_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let segment = &text[from..open];
    let mark = segment
        .rfind(['.', '!', '?', ';', ':', '(', ')', '[', ']', '—', '–'])
        .map(|i| i + segment[i..].chars().next().map_or(1, char::len_utf8));
    // A list item of its own line starts a clause too.
    let item = segment.match_indices('\n').rev().find_map(|(i, _)| {
        let rest = segment[i + 1..].trim_start_matches([' ', '\t']);
        rest.starts_with(['-', '*', '•', '+']).then_some(i + 1)
    });
    let clause = from + mark.max(item).unwrap_or(0);
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text[clause..open].char_indices() {
        let at = clause + i;
        // Hyphens and slashes separate words here: `Co-operation`, `Self-Contained`.
        let inner_apostrophe = (c == '\'' || c == '’') && start.is_some();
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            words.push(s..at);
        }
    }
    if let Some(s) = start {
        words.push(s..open);
    }
    if words.len() > MAX_WORDS {
        words.drain(..words.len() - MAX_WORDS);
    }
    words
}

/// Whether the acronym's letters can be read off the words in order: each letter is the initial
/// of a later word, or a later letter of the word the previous one came from
/// (`Transmission Control Protocol`, `Hypertext Markup Language (HTML)`); the first letter may
/// also come from inside a word (`Extensible Markup Language (XML)`); words may be skipped
/// (`of`, `and`, `Organization for Standardization (ISO)`), but at most [`MAX_TRAILING`] after
/// the last word used.
fn aligns(acronym: &str, text: &str, words: &[Range<usize>]) -> bool {
    let letters: Vec<Vec<char>> = words
        .iter()
        .map(|w| {
            text[w.clone()]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .take(MAX_WORD_LETTERS)
                .collect()
        })
        .collect();
    let wanted: Vec<char> = acronym.chars().flat_map(char::to_lowercase).collect();
    let Some((&first, rest)) = wanted.split_first() else {
        return false;
    };
    // reach[w][p]: the letters so far can end at letter p of word w.
    let mut reach: Vec<Vec<bool>> = letters
        .iter()
        .map(|w| w.iter().map(|&c| c == first).collect())
        .collect();
    for &c in rest {
        let mut next: Vec<Vec<bool>> = letters.iter().map(|w| vec![false; w.len()]).collect();
        let mut any_before = false;
        for (w, word) in letters.iter().enumerate() {
            // The initial of this word follows a letter reached in an earlier word.
            if any_before && word.first() == Some(&c) {
                next[w][0] = true;
            }
            let mut seen = false;
            for (p, &l) in word.iter().enumerate() {
                if seen && l == c {
                    next[w][p] = true;
                }
                seen |= reach[w][p];
            }
            any_before |= seen;
        }
        reach = next;
    }
    reach
        .iter()
        .enumerate()
        .any(|(w, r)| r.iter().any(|&b| b) && words.len() - 1 - w <= MAX_TRAILING)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(acronym: &str, name: &str) -> bool {
        let doc = Document::new(name);
        let words: Vec<Range<usize>> = doc.words().ranges().collect();
        aligns(acronym, name, &words)
    }

    #[test]
    fn letters_from_initials_and_inside_words() {
        assert!(fits("TCP", "Transmission Control Protocol"));
        assert!(fits("HTML", "Hypertext Markup Language"));
        assert!(fits("XML", "Extensible Markup Language"));
        assert!(fits("BKA", "Bundeskriminalamt"));
        assert!(fits(
            "ISO",
            "International Organization for Standardization"
        ));
        assert!(fits("CDC", "Centers for Disease Control and Prevention"));
        assert!(!fits("RUHIG", "Campaign against miserable life"));
        assert!(!fits("FNAUT", "Federation of Public Transport Users"));
        // Too many words after the last one used.
        assert!(!fits("AB", "Alpha Beta gamma delta epsilon"));
    }

    #[test]
    fn acronym_shapes() {
        assert_eq!(acronym_at("(WHO)", 1), Some(1..4));
        assert_eq!(acronym_at("(ÄÖÜ)", 1), Some(1..7));
        assert_eq!(acronym_at("(A)", 1), None);
        assert_eq!(acronym_at("(ABCDEFGHI)", 1), None);
        assert_eq!(acronym_at("(G4S)", 1), None);
        assert_eq!(acronym_at("(Calm)", 1), None);
        assert_eq!(acronym_at("(WHO", 1), None);
    }
}
