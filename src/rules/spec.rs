//! The YAML schema of a rule file.
//!
//! One flat struct with `deny_unknown_fields`, so that serde reports a misspelt key with its line
//! and column; which keys each check kind accepts is validated after parsing.

use crate::diagnostic::{Applicability, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The check kind a rule extends (Vale's `extends:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Existence,
    Substitution,
    Balance,
    Repetition,
    Capitalization,
    Density,
    Foreign,
    Acronym,
    Boilerplate,
    Mojibake,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Existence => "existence",
            Kind::Substitution => "substitution",
            Kind::Balance => "balance",
            Kind::Repetition => "repetition",
            Kind::Capitalization => "capitalization",
            Kind::Density => "density",
            Kind::Foreign => "foreign",
            Kind::Acronym => "acronym",
            Kind::Boilerplate => "boilerplate",
            Kind::Mojibake => "mojibake",
        }
    }

    /// Kind-specific keys this kind accepts (the common keys are always accepted).
    pub fn accepts(self, key: &str) -> bool {
        let keys: &[&str] = match self {
            Kind::Existence => &[
                "tokens",
                "raw",
                "ignorecase",
                "nonword",
                "scope",
                "action",
                "fix",
                "exceptions",
            ],
            Kind::Substitution => &["swap", "ignorecase", "nonword", "fix"],
            Kind::Balance => &["fix"],
            Kind::Repetition => &["exceptions", "words", "times"],
            Kind::Capitalization => &["tokens", "exceptions", "fix"],
            Kind::Density => &["of", "min"],
            Kind::Foreign => &["exceptions"],
            Kind::Acronym => &["exceptions"],
            Kind::Boilerplate => &[],
            Kind::Mojibake => &["fix"],
        };
        keys.contains(&key)
    }
}

/// Where an existence match may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Anywhere in the prose.
    #[default]
    Text,
    /// Only as a line of its own (bullets and trailing punctuation aside): widget text.
    Line,
    /// Only at the start of a line (bullets aside): a widget label followed by its links
    /// (`Share this article: Facebook | Twitter`).
    Linestart,
}

/// What the fix of an existence rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Delete the match (or its `fix` group); with `scope: line` or `linestart`, delete the
    /// whole line.
    Remove,
}

/// Texts a rule must fire on and texts it must stay silent on; run by `copydesk rules --test`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub fire: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// A rule file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub extends: Kind,
    pub message: String,
    pub level: Severity,
    pub description: String,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub examples: Examples,

    #[serde(default)]
    pub tokens: Vec<String>,
    #[serde(default)]
    pub raw: Vec<String>,
    #[serde(default)]
    pub ignorecase: bool,
    #[serde(default)]
    pub nonword: bool,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub action: Option<Action>,
    #[serde(default)]
    pub fix: Option<FixSpec>,
    #[serde(default)]
    pub swap: BTreeMap<String, String>,
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// `density`: the rule ids or packs whose findings are counted per paragraph.
    #[serde(default)]
    pub of: Vec<String>,
    /// `density`: findings per paragraph that make it dense (default 2).
    #[serde(default)]
    pub min: Option<usize>,
    /// `repetition`: the longest repeated phrase looked for, in words (1 to 8; default 1).
    #[serde(default)]
    pub words: Option<usize>,
    /// `repetition`: how many times in a row it must occur (2 to 8; default 2).
    #[serde(default)]
    pub times: Option<usize>,
}

/// Applicability of the fixes a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSpec {
    Safe,
    Unsafe,
}

impl From<FixSpec> for Applicability {
    fn from(f: FixSpec) -> Self {
        match f {
            FixSpec::Safe => Applicability::Safe,
            FixSpec::Unsafe => Applicability::Unsafe,
        }
    }
}

impl RuleSpec {
    /// The kind-specific keys that are set, for validation against [`Kind::accepts`].
    pub fn set_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut add = |set: bool, key: &'static str| {
            if set {
                keys.push(key)
            }
        };
        add(!self.tokens.is_empty(), "tokens");
        add(!self.raw.is_empty(), "raw");
        add(self.ignorecase, "ignorecase");
        add(self.nonword, "nonword");
        add(self.scope != Scope::Text, "scope");
        add(self.action.is_some(), "action");
        add(self.fix.is_some(), "fix");
        add(!self.swap.is_empty(), "swap");
        add(!self.exceptions.is_empty(), "exceptions");
        add(self.words.is_some(), "words");
        add(!self.of.is_empty(), "of");
        add(self.min.is_some(), "min");
        add(self.times.is_some(), "times");
        keys
    }
}
