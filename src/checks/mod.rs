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
mod mojibake;
pub mod registry;
mod repetition;
mod substitution;

pub use acronym::Acronym;
pub use balance::Balance;
pub use boilerplate::Boilerplate;
pub use capitalization::Capitalization;
pub use density::Density;
pub use existence::Existence;
pub use foreign::{Foreign, ForeignLexicon};
pub use mojibake::Mojibake;
pub use repetition::Repetition;
pub use substitution::Substitution;

use crate::diagnostic::Applicability;
use crate::document::Document;
use std::ops::Range;

/// A literal a check wants the shared automaton to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub text: String,
    /// ASCII case-insensitive match.
    pub ignorecase: bool,
    /// Require a word boundary at each end that is a word character.
    pub word_bounded: bool,
}

/// Everything a check asks the engine to find for it.
#[derive(Debug, Default)]
pub struct Patterns {
    pub literals: Vec<Literal>,
    /// Regex sources; a capture group named `span` narrows the reported range to that group,
    /// one named `fix` marks what a removal fix deletes.
    pub regexes: Vec<String>,
}

/// A match of pattern number `pattern` (an index into the check's own literals or regexes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub pattern: usize,
    pub range: Range<usize>,
    /// For regexes with a group named `fix`: the range a removal fix deletes.
    pub fix: Option<Range<usize>>,
    /// The whole regex match (equal to `range` unless a `span` group narrowed it).
    pub whole: Range<usize>,
}

impl Hit {
    /// A literal hit: the reported range is the whole match.
    pub fn literal(pattern: usize, range: Range<usize>) -> Self {
        Hit {
            pattern,
            whole: range.clone(),
            range,
            fix: None,
        }
    }
}

/// The matches of one check's patterns in one document, each list in text order.
#[derive(Debug, Clone, Copy)]
pub struct Hits<'h> {
    pub literals: &'h [Hit],
    pub regexes: &'h [Hit],
}

impl Hits<'_> {
    pub fn is_empty(&self) -> bool {
        self.literals.is_empty() && self.regexes.is_empty()
    }
}

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

    /// Whether the check reads the document's words ([`Document::word_spans`]): a large
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

    /// Examines one document and pushes what it finds.
    fn check(&self, doc: &Document, hits: Hits, out: &mut Vec<Finding>);
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
