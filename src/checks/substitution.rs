//! `substitution`: a term that should be replaced by another; the replacement is the fix.

use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, TextEdit, leftmost_longest};
use crate::document::Document;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys of a rule that extends `substitution`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionSpec {
    /// `observed: expected` pairs.
    #[serde(default)]
    pub swap: BTreeMap<String, String>,
    #[serde(default)]
    pub ignorecase: bool,
    /// Observed terms match inside words too.
    #[serde(default)]
    pub nonword: bool,
    #[serde(default)]
    pub fix: Option<Fix>,
}

impl Spec for SubstitutionSpec {
    fn build(self, context: &BuildContext) -> Result<Built, KeyError> {
        if self.swap.keys().any(String::is_empty) {
            let message = "`swap` holds an empty string".to_string();
            return Err(KeyError::at_key("swap", message));
        }
        if self.swap.is_empty() {
            return Err(context.missing("swap"));
        }
        let check = Substitution {
            swap: self.swap.into_iter().collect(),
            ignorecase: self.ignorecase,
            nonword: self.nonword,
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
}

impl Check for Substitution {
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

    fn check(&self, doc: &Document, hits: Hits, out: &mut Vec<Finding>) {
        for hit in leftmost_longest(hits.literals) {
            let observed = &doc.text()[hit.range.clone()];
            let expected = match_case(observed, &self.swap[hit.pattern].1);
            let mut finding = Finding::new(
                hit.range.clone(),
                vec![expected.clone(), observed.to_string()],
            );
            finding.edits.push(TextEdit {
                range: hit.range.clone(),
                replacement: expected,
            });
            out.push(finding);
        }
    }
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
