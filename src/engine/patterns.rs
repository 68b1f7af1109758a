//! The contract between the checks and the engine: what a check asks the engine to find
//! ([`Patterns`]) and what the engine hands back ([`Hits`]).

use crate::document::is_word_char;
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

impl Literal {
    /// The ends at which a match needs a word boundary: those that are word characters, when
    /// the literal is `word_bounded`.
    pub fn bounds(&self) -> (bool, bool) {
        let first = self.text.chars().next().is_some_and(is_word_char);
        let last = self.text.chars().next_back().is_some_and(is_word_char);
        (self.word_bounded && first, self.word_bounded && last)
    }
}

/// Whether the match `range` of `text` has the word boundaries `bounds` (see
/// [`Literal::bounds`]) asks for: no word character just outside an end that needs one.
pub fn within_bounds(text: &str, range: Range<usize>, bounds: (bool, bool)) -> bool {
    !(bounds.0
        && text[..range.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
        || bounds.1 && text[range.end..].chars().next().is_some_and(is_word_char))
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
    /// Whether neither a literal nor a regex matched.
    pub fn is_empty(&self) -> bool {
        self.literals.is_empty() && self.regexes.is_empty()
    }
}
