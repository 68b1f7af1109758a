//! `density`: a paragraph where other rules' findings are dense (`Spun.DenseParagraph`: two or
//! more tortured phrases in one paragraph means the whole paragraph went through a spinner).
//!
//! A density rule finds nothing by itself: the linter counts, per paragraph, the findings of the
//! rules it names (`of`) once every other rule has run, and reports the paragraph when there are
//! at least `min` of them.

use super::{Check, Finding, Hits};
use crate::document::Document;

#[derive(Debug)]
pub struct Density {
    /// Rule ids or pack names whose findings are counted.
    pub of: Vec<String>,
    /// Findings per paragraph that make it dense.
    pub min: usize,
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
    fn check(&self, _doc: &Document, _hits: Hits, _out: &mut Vec<Finding>) {}

    fn density(&self) -> Option<&Density> {
        Some(self)
    }
}
