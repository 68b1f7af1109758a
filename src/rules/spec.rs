//! The YAML schema of a rule file: the keys every rule has.
//!
//! The keys of each check kind are the kind's own (a struct next to its check, in `src/checks/`);
//! the registry (`crate::checks::registry`) reads them from the same text, skipping these.

use crate::checks::registry::{self, Kind};
use crate::diagnostic::Severity;
use crate::text::language::Language;
use serde::Deserialize;

/// Texts a rule must fire on and texts it must stay silent on; run by `copydesk rules --test`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub fire: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// The keys every rule file has, whatever its kind. Other keys are skipped here and read by the
/// kind (which refuses those it does not know).
#[derive(Debug, Clone, Deserialize)]
pub struct Common {
    /// The check kind (Vale's `extends:`).
    #[serde(deserialize_with = "registry::deserialize_kind")]
    pub extends: &'static Kind,
    pub message: String,
    pub level: Severity,
    pub description: String,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub examples: Examples,
    /// The languages the rule applies to, by ISO 639-1 code; empty: every language. Checked
    /// against the known codes by [`Common::languages`], which can point at the bad one.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Parts of a document where the rule's findings are not reported.
    #[serde(default)]
    pub skip: Vec<Region>,
}

/// A part of a document that a rule may leave alone (`skip: [links]`): what the markup front end
/// (`crate::markup`) marks in the prose, so that a rule says in its file where it does not apply
/// and the code names no rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// The text of a live link: `[text](url)` or `[text][ref]` in Markdown, `<a href="…">text</a>`
    /// in HTML or in Markdown's inline HTML. Plain text has none. A finding that touches such
    /// text is dropped: "click here" next to its link is not the residue of a lost one.
    Links,
}

impl Common {
    /// The rule's languages; the first code copydesk does not know is the error (a typo would
    /// silently turn the rule off everywhere).
    pub fn languages(&self) -> Result<Vec<Language>, (String, String)> {
        self.languages
            .iter()
            .map(|code| {
                Language::from_code(code).ok_or_else(|| {
                    let known: Vec<&str> = Language::codes().collect();
                    let message = format!(
                        "unknown language `{code}` (an ISO 639-1 code: {})",
                        known.join(", ")
                    );
                    (code.clone(), message)
                })
            })
            .collect()
    }

    /// The names of the common keys, which a kind's keys are read without.
    pub fn keys() -> &'static [&'static str] {
        registry::keys_of::<Common>()
    }
}
