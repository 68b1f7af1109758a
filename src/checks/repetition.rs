//! `repetition`: the same word twice in a row (`the the`), or a phrase looping (`the views the
//! views the views`), the hallucination of a translation engine.

use super::{Check, Finding, Hits, TextEdit};
use crate::diagnostic::Applicability;
use crate::document::Document;

#[derive(Debug)]
pub struct Repetition {
    /// Lower-case words that may legitimately repeat (`had had`, `that that`).
    pub exceptions: Vec<String>,
    /// The longest phrase, in words, whose repetition is looked for.
    pub words: usize,
    /// How many times in a row a word or phrase must occur.
    pub times: usize,
}

impl Check for Repetition {
    fn runs_without_hits(&self) -> bool {
        true
    }

    fn reads_words(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, _hits: Hits, out: &mut Vec<Finding>) {
        let text = doc.text();
        let words = doc.word_spans();
        let keys = doc.word_keys();
        let joined_at = |j: usize| joined(&text[words[j - 1].1 as usize..words[j].0 as usize]);
        // Words before this index belong to a loop already reported.
        let mut free_from = 0;
        let candidates = self.candidates(keys);
        for i in (0..words.len()).filter(|&i| candidates[i] != 0) {
            for n in 1..=self.words {
                let need = n * self.times;
                if i + 1 < free_from + need {
                    break;
                }
                let first = i + 1 - need;
                // Integer comparison of the word hashes first, this word's alone before the
                // others (it almost always fails); gaps and text only when they all agree.
                if keys[i] != keys[i - n] || !(first + n..i).all(|j| keys[j] == keys[j - n]) {
                    continue;
                }
                // A loop lies inside a run of words separated by white space only; a longer
                // phrase's window holds this one's, so it cannot be joined either.
                if !(first + 1..=i).all(joined_at) {
                    break;
                }
                let run = &words[first..=i];
                if self.loops(text, run, n) {
                    out.push(finding(text, run, n));
                    free_from = i + 1;
                    break;
                }
            }
        }
    }
}

impl Repetition {
    /// For each word, the phrase lengths `n` (bit `n - 1`) for which a loop may end there: the
    /// word has the key of the word `n` before it, and so has each of the `self.times - 2`
    /// words `n`, `2n`, … before it. In prose `the` recurs within four words all the time, but
    /// three times four words apart rarely. Worked out one phrase length at a time over all
    /// the keys, in loops without branches that the compiler vectorises; the checks then
    /// visit only the few words left.
    fn candidates(&self, keys: &[u32]) -> Vec<u8> {
        let longest = self.words.clamp(1, 8);
        let mut agree = vec![0u8; keys.len()];
        for n in 1..=longest.min(keys.len()) {
            let bit = 1u8 << (n - 1);
            for ((a, key), before) in agree[n..].iter_mut().zip(&keys[n..]).zip(keys) {
                *a |= u8::from(key == before) * bit;
            }
        }
        if self.times <= 2 {
            return agree;
        }
        let mut candidates = agree.clone();
        for t in 1..self.times - 1 {
            for n in 1..=longest {
                let (bit, back) = (1u8 << (n - 1), t * n);
                for c in candidates.iter_mut().take(back) {
                    *c &= !bit;
                }
                if back < keys.len() {
                    for (c, a) in candidates[back..].iter_mut().zip(&agree) {
                        *c &= a | !bit;
                    }
                }
            }
        }
        candidates
    }

    /// `run` is one phrase of `n` words repeated `self.times` times, and not an exception.
    fn loops(&self, text: &str, run: &[(u32, u32)], n: usize) -> bool {
        let word = |i: usize| &text[run[i].0 as usize..run[i].1 as usize];
        // The repeat test first: it fails on the first comparison almost everywhere.
        if !(n..run.len()).all(|i| same_word(word(i), word(i - n))) {
            return false;
        }
        let has_digit = |i: usize| word(i).bytes().any(|b| b.is_ascii_digit());
        let has_letter = (0..n).any(|i| word(i).chars().any(char::is_alphabetic));
        // Numbers repeat legitimately (`0800 58 58 58`), so do the exception words.
        has_letter
            && !(0..n).any(has_digit)
            && !(n == 1 && self.exceptions.iter().any(|e| same_word(e, word(0))))
    }
}

fn finding(text: &str, run: &[(u32, u32)], n: usize) -> Finding {
    let start = run[0].0 as usize;
    let phrase_end = run[n - 1].1 as usize;
    let phrase = text[start..phrase_end].to_string();
    let end = run[run.len() - 1].1 as usize;
    let mut f = Finding::new(start..end, vec![phrase]);
    f.edits.push(TextEdit {
        range: phrase_end..end,
        replacement: String::new(),
    });
    f.applicability = Some(Applicability::Unsafe);
    f
}

fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// White space between two words, at most one line break, no punctuation.
fn joined(gap: &str) -> bool {
    // Nearly every gap in prose is one space.
    if gap == " " {
        return true;
    }
    !gap.is_empty()
        && gap.chars().all(char::is_whitespace)
        && gap.bytes().filter(|&b| b == b'\n').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every word where `n` words repeat `times` times in a row by their keys is a
        /// candidate for `n`, and no other word is.
        #[test]
        fn candidates_are_the_ends_of_key_loops(
            keys in proptest::collection::vec(0u32..3, 0..200),
            words in 1usize..=8,
            times in 2usize..=4,
        ) {
            let check = Repetition { exceptions: Vec::new(), words, times };
            let candidates = check.candidates(&keys);
            for i in 0..keys.len() {
                for n in 1..=words {
                    let chain = (1..times).all(|t| {
                        i >= t * n && keys[i - (t - 1) * n] == keys[i - t * n]
                    });
                    let ends_loop = i + 1 >= n * times
                        && (i + 1 - n * (times - 1)..=i).all(|j| keys[j] == keys[j - n]);
                    prop_assert_eq!(candidates[i] >> (n - 1) & 1 == 1, chain);
                    prop_assert!(!ends_loop || chain);
                }
            }
        }
    }
}
