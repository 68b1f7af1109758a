//! `substitution`: a term that should be replaced by another; the replacement is the fix.
//!
//! `swap:` pairs are literals of the engine's automaton; a `list:` of thousands of phrases is
//! matched by word keys instead ([`super::phrase_list`]).

use super::phrase_list::PhraseList;
use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, Sink, TextEdit, leftmost_longest};
use crate::document::Document;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys of a rule that extends `substitution`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionSpec {
    /// `observed: expected` pairs; an observed term given twice is an error.
    #[serde(default, deserialize_with = "super::registry::unique_keys")]
    pub swap: BTreeMap<String, String>,
    #[serde(default)]
    pub ignorecase: bool,
    /// Observed terms match inside words too.
    #[serde(default)]
    pub nonword: bool,
    #[serde(default)]
    pub fix: Option<Fix>,
    /// A built-in phrase list (`tortured-phrases`), matched word by word, case ignored.
    #[serde(default)]
    pub list: Option<String>,
}

impl Spec for SubstitutionSpec {
    fn build(self, context: &BuildContext) -> Result<Built, KeyError> {
        if self.swap.keys().any(String::is_empty) {
            let message = "`swap` holds an empty string".to_string();
            return Err(KeyError::at_key("swap", message));
        }
        let list = match &self.list {
            None => None,
            Some(name) => Some(PhraseList::start_loading(name).ok_or_else(|| {
                let known: Vec<&str> = PhraseList::builtin_names().collect();
                KeyError::at_value(
                    "list",
                    name,
                    format!("no built-in list `{name}` (there is: {})", known.join(", ")),
                )
            })?),
        };
        if self.swap.is_empty() && list.is_none() {
            return Err(context.missing("swap"));
        }
        let check = Substitution {
            swap: self.swap.into_iter().collect(),
            ignorecase: self.ignorecase,
            nonword: self.nonword,
            list,
        };
        Ok(Built::new(check, self.fix))
    }
}

#[derive(Debug)]
pub struct Substitution {
    /// `(observed, expected)` pairs.
    pub swap: Vec<(String, String)>,
    pub ignorecase: bool,
    pub nonword: bool,
    /// The built-in list of `list:`, if any (loaded on another thread meanwhile).
    pub list: Option<&'static str>,
}

impl Check for Substitution {
    fn runs_without_hits(&self) -> bool {
        // The list's phrases are not literals of the automaton.
        self.list.is_some()
    }

    fn reads_words(&self) -> bool {
        self.list.is_some()
    }

    fn patterns(&self) -> Patterns {
        Patterns {
            literals: self
                .swap
                .iter()
                .map(|(observed, _)| Literal {
                    text: observed.clone(),
                    ignorecase: self.ignorecase,
                    word_bounded: !self.nonword,
                })
                .collect(),
            regexes: Vec::new(),
        }
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        let swapped = leftmost_longest(hits.literals);
        for hit in &swapped {
            out.push(finding(doc, hit.range.clone(), &self.swap[hit.pattern].1));
        }
        if let Some(list) = self.list.and_then(PhraseList::builtin) {
            // A phrase of the list that a `swap` pair already reported is not reported twice.
            let taken = |r: &std::ops::Range<usize>| {
                swapped
                    .iter()
                    .any(|h| h.range.start < r.end && r.start < h.range.end)
            };
            for m in list.find(doc).into_iter().filter(|m| !taken(&m.range)) {
                out.push(finding(doc, m.range, m.expected));
            }
        }
    }
}

/// The finding for `range`, to be replaced by `expected`; an expected term with an editor's
/// note in brackets (`supervised [machine] learning`) is shown but not offered as a fix.
fn finding(doc: &Document, range: std::ops::Range<usize>, expected: &str) -> Finding {
    let observed = &doc.text()[range.clone()];
    let expected = match_case(observed, expected);
    let mut finding = Finding::new(range.clone(), vec![expected.clone(), observed.to_string()]);
    if !expected.contains('[') {
        finding.edits.push(TextEdit {
            range,
            replacement: expected,
        });
    }
    finding
}

/// Carries a capital first letter of the observed text over to the replacement.
fn match_case(observed: &str, expected: &str) -> String {
    let upper_first = observed.chars().next().is_some_and(char::is_uppercase);
    let mut chars = expected.chars();
    match chars.next() {
        Some(c) if upper_first && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => expected.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn case_carries_over() {
        assert_eq!(super::match_case("Utilize", "use"), "Use");
        assert_eq!(super::match_case("utilize", "use"), "use");
    }
}
