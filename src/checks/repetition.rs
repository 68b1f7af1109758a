//! `repetition`: the same word twice in a row (`the the`).

use super::{Check, Finding, Hits, TextEdit};
use crate::diagnostic::Applicability;
use crate::document::Document;

#[derive(Debug)]
pub struct Repetition {
    /// Lower-case words that may legitimately repeat (`had had`, `that that`).
    pub exceptions: Vec<String>,
}

impl Check for Repetition {
    fn runs_without_hits(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, _hits: Hits, out: &mut Vec<Finding>) {
        let text = doc.text();
        let mut prev: Option<std::ops::Range<usize>> = None;
        for word in doc.words() {
            if let Some(p) = prev.replace(word.clone()) {
                let (a, b) = (&text[p.clone()], &text[word.clone()]);
                let gap = &text[p.end..word.start];
                if a.len() == b.len()
                    && a.chars().any(char::is_alphabetic)
                    && !a.chars().any(|c| c.is_ascii_digit())
                    && single_space(gap)
                    && a.to_lowercase() == b.to_lowercase()
                    && !self.exceptions.iter().any(|e| e.eq_ignore_ascii_case(a))
                {
                    let mut f = Finding::new(p.start..word.end, vec![b.to_string()]);
                    f.edits.push(TextEdit {
                        range: p.end..word.end,
                        replacement: String::new(),
                    });
                    f.applicability = Some(Applicability::Unsafe);
                    out.push(f);
                    // `the the the` is one finding, not two.
                    prev = None;
                }
            }
        }
    }
}

/// White space between two words, at most one line break, no punctuation.
fn single_space(gap: &str) -> bool {
    !gap.is_empty()
        && gap.chars().all(char::is_whitespace)
        && gap.bytes().filter(|&b| b == b'\n').count() <= 1
}
