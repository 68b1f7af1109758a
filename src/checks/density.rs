//! `density`: a paragraph where other rules' findings are dense (`Spun.DenseParagraph`: two or
//! more tortured phrases in one paragraph means the whole paragraph went through a spinner).
//!
//! A density rule finds nothing by itself: the linter counts, per paragraph, the findings of the
//! rules it names (`of`) once every other rule has run, and reports the paragraph when there are
//! at least `min` of them.

use super::registry::{BuildContext, Built, KeyError, Spec};
use super::{Check, Hits, Sink};
use crate::document::Document;
use serde::Deserialize;

#[derive(Debug)]
pub struct Density {
    /// Rule ids or pack names whose findings are counted.
    pub of: Vec<String>,
    /// Findings per paragraph that make it dense.
    pub min: usize,
}

/// The keys of a rule that extends `density`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DensitySpec {
    /// The rule ids or packs whose findings are counted per paragraph.
    #[serde(default)]
    pub of: Vec<String>,
    /// Findings per paragraph that make it dense (default 2).
    #[serde(default)]
    pub min: Option<usize>,
}

impl Spec for DensitySpec {
    fn build(self, context: &BuildContext) -> Result<Built, KeyError> {
        if self.of.is_empty() {
            return Err(context.missing("of"));
        }
        let check = Density {
            of: self.of,
            min: self.min.unwrap_or(2).max(1),
        };
        Ok(Built::new(check, None))
    }
}

impl Density {
    /// Whether a finding of rule `id` counts.
    pub fn counts(&self, id: &str) -> bool {
        self.of
            .iter()
            .any(|s| s == id || id.split_once('.').is_some_and(|(pack, _)| pack == s))
    }
}

impl Check for Density {
    fn check(&self, _doc: &Document, _hits: Hits, _out: &mut dyn Sink) {}

    fn density(&self) -> Option<&Density> {
        Some(self)
    }
}
