//! Document statistics for corpus cleaning (`copydesk stats`): finding counts by rule and the
//! line-level quality ratios that public corpus filters use (C4, Gopher, FineWeb, RefinedWeb), so
//! that a pipeline can decide which documents to drop.

use crate::diagnostic::{Diagnostic, Omitted};
use crate::document::Document;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Gopher's "at least two of these" English stop words.
const GOPHER_STOP_WORDS: &[&str] = &["the", "be", "to", "of", "and", "that", "have", "with"];

/// Statistics of one document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub bytes: usize,
    /// Lines with any non-space character.
    pub lines: usize,
    pub words: usize,
    /// Findings at each level, and per rule id: those folded into another rule's diagnostic
    /// (one finding per span) count too, so that the figures do not depend on how findings are
    /// shown.
    pub errors: usize,
    pub warnings: usize,
    pub suggestions: usize,
    pub rules: BTreeMap<String, usize>,
    pub ratios: Ratios,
}

/// Line and word ratios, each between 0 and 1 unless noted.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ratios {
    /// Lines ending in terminal punctuation (`. ! ?` or a closing quote after one): FineWeb drops
    /// a document below 0.12; C4 drops each line without.
    pub terminal_punctuation_lines: f64,
    /// Lines of at most 30 characters: FineWeb drops a document above 0.67.
    pub short_lines: f64,
    /// Lines with fewer than 5 words: C4 drops them.
    pub few_word_lines: f64,
    /// Lines ending in an ellipsis: Gopher drops a document above 0.3.
    pub ellipsis_lines: f64,
    /// Lines starting with a bullet: Gopher drops a document above 0.9.
    pub bullet_lines: f64,
    /// Lines more than half upper case: RefinedWeb drops such lines.
    pub upper_case_lines: f64,
    /// Lines that occur more than once: Gopher drops a document above 0.3.
    pub duplicate_lines: f64,
    /// Words with at least one letter: Gopher wants at least 0.8.
    pub alphabetic_words: f64,
    /// Mean word length in characters (not a ratio): Gopher wants 3 to 10.
    pub mean_word_length: f64,
    /// Newlines per word (not bounded by 1): FineWeb drops a document above 0.3.
    pub newlines_per_word: f64,
    /// How many of Gopher's eight stop words occur (it wants at least 2).
    pub gopher_stop_words: usize,
}

/// Computes the statistics of `text`, its `diagnostics` and the findings `omitted` past the cap
/// on findings per rule, which count like the others.
pub fn stats(text: &str, diagnostics: &[Diagnostic], omitted: &[Omitted]) -> Stats {
    let doc = Document::new(text);
    let mut rules = BTreeMap::new();
    let (mut errors, mut warnings, mut suggestions) = (0, 0, 0);
    let found = diagnostics
        .iter()
        .flat_map(Diagnostic::findings)
        .map(|f| (f.rule, f.severity, 1))
        .chain(omitted.iter().map(|o| (&*o.rule, o.severity, o.count)));
    for (rule, severity, n) in found {
        *rules.entry(rule.to_string()).or_insert(0) += n;
        match severity {
            crate::Severity::Error => errors += n,
            crate::Severity::Warning => warnings += n,
            crate::Severity::Suggestion => suggestions += n,
        }
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let count = |pred: &dyn Fn(&str) -> bool| lines.iter().filter(|l| pred(l)).count();
    let terminal = count(&|l| {
        let core = l.trim_end_matches(['"', '”', '’', '\'', ')', '»']);
        core.ends_with(['.', '!', '?']) && !core.ends_with("...")
    });
    let short = count(&|l| l.chars().count() <= 30);
    let few_words = count(&|l| l.split_whitespace().count() < 5);
    let ellipsis = count(&|l| l.ends_with("...") || l.ends_with('…'));
    let bullets = count(&|l| l.starts_with(['•', '-', '*', '·', '‣', '▪', '–']));
    let upper = count(&|l| {
        let letters = l.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 4 && l.chars().filter(|c| c.is_uppercase()).count() * 2 > letters
    });
    let mut seen = HashSet::new();
    let duplicates = lines.iter().filter(|l| !seen.insert(**l)).count();
    let words: Vec<&str> = doc.words().ranges().map(|r| &text[r]).collect();
    let alphabetic = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let word_chars: usize = words.iter().map(|w| w.chars().count()).sum();
    let lower: HashSet<String> = words
        .iter()
        .filter(|w| w.len() <= 4)
        .map(|w| w.to_lowercase())
        .collect();
    let gopher = GOPHER_STOP_WORDS
        .iter()
        .filter(|w| lower.contains(**w))
        .count();
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Stats {
        bytes: text.len(),
        lines: lines.len(),
        words: words.len(),
        errors,
        warnings,
        suggestions,
        rules,
        ratios: Ratios {
            terminal_punctuation_lines: ratio(terminal, lines.len()),
            short_lines: ratio(short, lines.len()),
            few_word_lines: ratio(few_words, lines.len()),
            ellipsis_lines: ratio(ellipsis, lines.len()),
            bullet_lines: ratio(bullets, lines.len()),
            upper_case_lines: ratio(upper, lines.len()),
            duplicate_lines: ratio(duplicates, lines.len()),
            alphabetic_words: ratio(alphabetic, words.len()),
            mean_word_length: ratio(word_chars, words.len()),
            newlines_per_word: ratio(text.matches('\n').count(), words.len()),
            gopher_stop_words: gopher,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_of_a_small_document() {
        let text = "The cat sat on the mat.\nHome\nHome\nREAD MORE...\n";
        let s = stats(text, &[], &[]);
        assert_eq!((s.lines, s.words), (4, 10));
        assert_eq!(s.ratios.terminal_punctuation_lines, 0.25);
        assert_eq!(s.ratios.short_lines, 1.0);
        assert_eq!(s.ratios.duplicate_lines, 0.25);
        assert_eq!(s.ratios.ellipsis_lines, 0.25);
        assert_eq!(s.ratios.upper_case_lines, 0.25);
        assert_eq!(s.ratios.alphabetic_words, 1.0);
        assert_eq!(s.ratios.gopher_stop_words, 1);
        assert_eq!(s.ratios.newlines_per_word, 0.4);
    }
}
