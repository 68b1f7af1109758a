//! `capitalization`: a common lower-case word capitalised in mid-sentence (`click Here`).

use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, Sink, TextEdit};
use crate::document::Document;
use serde::Deserialize;

#[derive(Debug)]
pub struct Capitalization {
    /// Common words that are lower case in running text.
    pub tokens: Vec<String>,
    /// Phrases in which a capital is right (titles, names), compared case-insensitively with the
    /// text that starts at the word.
    pub exceptions: Vec<String>,
}

/// The keys of a rule that extends `capitalization`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapitalizationSpec {
    /// Common words that are lower case in running text.
    #[serde(default)]
    pub tokens: Vec<String>,
    /// Phrases in which a capital is right.
    #[serde(default)]
    pub exceptions: Vec<String>,
    #[serde(default)]
    pub fix: Option<Fix>,
}

impl Spec for CapitalizationSpec {
    fn build(self, context: &BuildContext) -> Result<Built, KeyError> {
        if self.tokens.iter().any(String::is_empty) {
            let message = "`tokens` holds an empty string".to_string();
            return Err(KeyError::at_key("tokens", message));
        }
        if self.tokens.is_empty() {
            return Err(context.missing("tokens"));
        }
        let check = Capitalization {
            tokens: self.tokens,
            exceptions: self.exceptions,
        };
        Ok(Built::new(check, self.fix))
    }
}

impl Check for Capitalization {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: self
                .tokens
                .iter()
                .map(|t| Literal {
                    text: t.clone(),
                    ignorecase: true,
                    word_bounded: true,
                })
                .collect(),
            regexes: Vec::new(),
        }
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        for hit in hits.literals {
            let word = &text[hit.range.clone()];
            let mut chars = word.chars();
            let capitalised = chars.next().is_some_and(char::is_uppercase)
                && chars.clone().next().is_some()
                && chars.all(char::is_lowercase);
            if !capitalised
                || doc.starts_sentence(hit.range.start)
                || !after_lowercase_word(text, hit.range.start)
                || before_capitalised_word(text, hit.range.end)
                || self.exceptions.iter().any(|e| {
                    text[hit.range.start..]
                        .get(..e.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(e))
                })
            {
                continue;
            }
            let lower = word.to_lowercase();
            let mut f = Finding::new(hit.range.clone(), vec![word.to_string(), lower.clone()]);
            f.edits.push(TextEdit {
                range: hit.range.clone(),
                replacement: lower,
            });
            out.push(f);
        }
    }
}

/// The word follows, on the same line and after spaces only, a word ending in a lower-case
/// letter: it is inside running text, not after punctuation or in a title.
fn after_lowercase_word(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t', '\u{a0}']);
    before.len() < start && before.chars().next_back().is_some_and(char::is_lowercase)
}

/// The next word starts with a capital: the word is probably part of a name (`Here Comes`).
fn before_capitalised_word(text: &str, end: usize) -> bool {
    let after = text[end..].trim_start_matches([' ', '\t', '\u{a0}']);
    after.len() < text.len() - end && after.chars().next().is_some_and(char::is_uppercase)
}
