//! Check kinds: the code behind each `extends:` value.
//!
//! A check never scans for its own literals: it declares them in [`Patterns`], the engine matches
//! the literals and regex prefilters of every rule in one pass, and the check receives its
//! [`Hits`]. Checks report [`Finding`]s in the coordinates of the document text; the engine turns
//! them into diagnostics in source coordinates.
//!
//! Each kind's file also holds the rule keys it accepts and builds its check from them;
//! [`registry`] maps the `extends:` names to the kinds.

mod acronym;
mod balance;
mod boilerplate;
mod capitalization;
mod density;
pub mod existence;
mod foreign;
mod foreign_filter;
mod mojibake;
mod phrase_hash;
mod phrase_list;
mod quotation;
pub mod registry;
mod repetition;
mod substitution;

pub use acronym::Acronym;
pub use balance::Balance;
pub use boilerplate::score::FEATURES as CHROME_FEATURES;
pub use boilerplate::{Boilerplate, unit_vectors as chrome_vectors};
pub use capitalization::Capitalization;
pub use density::Density;
pub use existence::Existence;
pub use foreign::{Foreign, ForeignLexicon};
pub use mojibake::Mojibake;
pub use quotation::Quotation;
pub use repetition::Repetition;
pub use substitution::Substitution;

use crate::diagnostic::Applicability;
use crate::document::Document;
pub use crate::engine::patterns::{Hit, Hits, Literal, Patterns};
use std::ops::Range;

/// A text edit in document coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// What a check found, before the engine adds rule id, level and source positions.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    pub span: Range<usize>,
    /// Values for the `%s` placeholders of the rule's message, in order.
    pub args: Vec<String>,
    pub labels: Vec<(Range<usize>, String)>,
    pub edits: Vec<TextEdit>,
    /// Applicability of `edits`; `None` means the rule's own setting.
    pub applicability: Option<Applicability>,
}

impl Finding {
    pub fn new(span: Range<usize>, args: Vec<String>) -> Self {
        Finding {
            span,
            args,
            ..Finding::default()
        }
    }
}

/// Where a check puts what it finds, in any order.
///
/// The linter's sink keeps only what the report needs: with a cap on findings per rule, the first
/// ones by position, counting the others as they come, so that text with a finding every couple
/// of bytes costs the memory of its findings only up to the cap. A `Vec` keeps them all.
pub trait Sink {
    /// Takes one finding, complete: a sink may drop it at once.
    fn push(&mut self, finding: Finding);
}

impl Sink for Vec<Finding> {
    fn push(&mut self, finding: Finding) {
        Vec::push(self, finding);
    }
}

/// One check kind, configured by a rule file.
pub trait Check: Send + Sync + std::fmt::Debug {
    /// The literals and regexes the engine should match for this check.
    fn patterns(&self) -> Patterns {
        Patterns::default()
    }

    /// Whether the check must run on documents where none of its patterns matched.
    fn runs_without_hits(&self) -> bool {
        false
    }

    /// Whether the check reads the document's words ([`Document::words`]): a large
    /// document's words are then segmented on a spare thread while the automaton scans. A
    /// check that reads them without saying so still gets them, segmented when first asked for.
    fn reads_words(&self) -> bool {
        false
    }

    /// For a `density` rule: what it counts. Such a rule runs after every other rule, on their
    /// findings, instead of through [`Check::check`].
    fn density(&self) -> Option<&Density> {
        None
    }

    /// Examines one document and pushes what it finds, each finding complete when pushed.
    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink);
}

/// Keeps the leftmost-longest non-overlapping hits, the way a reader sees phrases.
pub(crate) fn leftmost_longest<'h>(hits: impl IntoIterator<Item = &'h Hit>) -> Vec<&'h Hit> {
    let mut all: Vec<&Hit> = hits.into_iter().collect();
    all.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    let mut out: Vec<&Hit> = Vec::with_capacity(all.len());
    let mut end = 0;
    for h in all {
        if out.is_empty() || h.range.start >= end {
            end = h.range.end;
            out.push(h);
        }
    }
    out
}
