//! `repetition`: the same word twice in a row (`the the`), or a phrase looping (`the views the
//! views the views`), the hallucination of a translation engine.

use super::registry::{BuildContext, Built, KeyError, Spec};
use super::{Check, Finding, Hits, Sink, TextEdit};
use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::text::words::{WordKey, Words};
use serde::Deserialize;
use std::ops::Range;

/// Words whose loop candidates are worked out together: their keys stay in the first-level
/// cache for every phrase length.
const BLOCK: usize = 2048;

#[derive(Debug)]
pub struct Repetition {
    /// Lower-case words that may legitimately repeat (`had had`, `that that`).
    pub exceptions: Vec<String>,
    /// The longest phrase, in words, whose repetition is looked for.
    pub words: usize,
    /// How many times in a row a word or phrase must occur.
    pub times: usize,
}

/// The keys of a rule that extends `repetition`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepetitionSpec {
    /// Words that may legitimately repeat (compared in lower case).
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// The longest repeated phrase looked for, in words (1 to 8; default 1).
    #[serde(default)]
    pub words: Option<usize>,
    /// How many times in a row it must occur (2 to 8; default 2).
    #[serde(default)]
    pub times: Option<usize>,
}

impl Spec for RepetitionSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        let within = |key: &'static str, value: Option<usize>, default: usize, low: usize| {
            let value = value.unwrap_or(default);
            if (low..=8).contains(&value) {
                Ok(value)
            } else {
                let message = format!("`{key}` must be {low} to 8, not {value}");
                Err(KeyError::at_key(key, message))
            }
        };
        let check = Repetition {
            exceptions: self.exceptions.iter().map(|e| e.to_lowercase()).collect(),
            words: within("words", self.words, 1, 1)?,
            times: within("times", self.times, 2, 2)?,
        };
        Ok(Built::new(check, None))
    }
}

impl Check for Repetition {
    fn runs_without_hits(&self) -> bool {
        true
    }

    fn reads_words(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, _hits: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        let words = doc.words();
        let keys = words.keys();
        let joined_at = |j: usize| {
            let gap = &text[words.span(j - 1).end..words.span(j).start];
            // Across a line break, a word in capitals starts a new block: a heading, then its
            // paragraph (`3. Try yoga⏎Yoga is …`, `Opera⏎Opera released …`).
            let upper = |w: usize| words.text(w).chars().next().is_some_and(char::is_uppercase);
            joined(gap) && !(gap.contains('\n') && upper(j))
        };
        // Words before this index belong to a loop already reported.
        let mut free_from = 0;
        let mut visit = |i: usize| {
            for n in 1..=self.words {
                let need = n * self.times;
                if i + 1 < free_from + need {
                    break;
                }
                let first = i + 1 - need;
                // The keys first, this word's alone before the others (it almost always
                // fails); gaps and words only when they all agree.
                if keys[i] != keys[i - n] || !(first + n..i).all(|j| keys[j] == keys[j - n]) {
                    continue;
                }
                // A loop lies inside a run of words separated by white space only; a longer
                // phrase's window holds this one's, so it cannot be joined either.
                if !(first + 1..=i).all(joined_at) {
                    break;
                }
                if self.loops(&words, first..i + 1, n) {
                    out.push(finding(text, &words, first..i + 1, n));
                    free_from = i + 1;
                    break;
                }
            }
        };
        let mut candidates = [0u8; BLOCK];
        for lo in (0..words.len()).step_by(BLOCK) {
            let block = lo..words.len().min(lo + BLOCK);
            let candidates = &mut candidates[..block.len()];
            self.candidates(keys, block, candidates);
            // Eight words at a time, read as one 64-bit word (a fold over the bytes was
            // compiled a byte at a time): nearly all have no candidate.
            for (at, eight) in (lo..).step_by(8).zip(candidates.chunks(8)) {
                let none = match <[u8; 8]>::try_from(eight) {
                    Ok(bytes) => u64::from_ne_bytes(bytes) == 0,
                    Err(_) => eight.iter().all(|&c| c == 0),
                };
                if none {
                    continue;
                }
                for (i, _) in (at..).zip(eight).filter(|&(_, &c)| c != 0) {
                    visit(i);
                }
            }
        }
    }
}

impl Repetition {
    /// For each word of `block`, the phrase lengths `n` (bit `n - 1`) for which a loop may end
    /// there: the word has the key of the word `n` before it, and so has each of the
    /// `self.times - 2` words `n`, `2n`, … before it. In prose `the` recurs within four words
    /// all the time, but three times four words apart rarely. Worked out one phrase length and
    /// one comparison at a time over the block, in loops without branches that the compiler
    /// vectorises; the checks then visit only the few words left. A block at a time, so that
    /// the keys are read from memory once for all phrase lengths, not once per length
    /// (docs/performance.md).
    fn candidates(&self, keys: &[WordKey], block: Range<usize>, out: &mut [u8]) {
        out.fill(0);
        let mut chain = [0u8; BLOCK];
        for n in 1..=self.words.clamp(1, 8) {
            // A loop of `times` phrases of `n` words ends `(times - 1) * n` words in at least.
            let reach = (self.times - 1) * n;
            let start = block.start.max(reach);
            if start >= block.end {
                continue;
            }
            let skip = start - block.start;
            let chain = &mut chain[skip..block.len()];
            chain.fill(1);
            for t in 1..self.times {
                let later = &keys[start - (t - 1) * n..block.end - (t - 1) * n];
                let earlier = &keys[start - t * n..block.end - t * n];
                for ((c, a), b) in chain.iter_mut().zip(later).zip(earlier) {
                    *c &= u8::from(a == b);
                }
            }
            for (o, c) in out[skip..].iter_mut().zip(chain.iter()) {
                *o |= c << (n - 1);
            }
        }
    }

    /// The words of `run` are one phrase of `n` words repeated `self.times` times, and not an
    /// exception.
    fn loops(&self, words: &Words, run: Range<usize>, n: usize) -> bool {
        let first = run.start;
        // The repeat test first: it fails on the first comparison almost everywhere.
        if !(first + n..run.end).all(|i| words.same_word(i, i - n)) {
            return false;
        }
        let phrase = first..first + n;
        let has_digit = |i: usize| words.text(i).bytes().any(|b| b.is_ascii_digit());
        let has_letter = phrase
            .clone()
            .any(|i| words.text(i).chars().any(char::is_alphabetic));
        // Numbers repeat legitimately (`0800 58 58 58`), so do the exception words.
        has_letter
            && !phrase.clone().any(has_digit)
            && !(n == 1
                && self
                    .exceptions
                    .iter()
                    .any(|e| words.is(first, WordKey::of(e), e)))
    }
}

fn finding(text: &str, words: &Words, run: Range<usize>, n: usize) -> Finding {
    let start = words.span(run.start).start;
    let phrase_end = words.span(run.start + n - 1).end;
    let phrase = text[start..phrase_end].to_string();
    let end = words.span(run.end - 1).end;
    let mut f = Finding::new(start..end, vec![phrase]);
    f.edits.push(TextEdit {
        range: phrase_end..end,
        replacement: String::new(),
    });
    f.applicability = Some(Applicability::Unsafe);
    f
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

    #[test]
    fn loops_across_a_block_border_are_found() {
        // Filler words, then a loop whose words fall either side of the first block's end.
        for before in [BLOCK - 3, BLOCK - 2, BLOCK - 1, BLOCK, 2 * BLOCK - 2] {
            let filler: Vec<String> = (0..before).map(|i| format!("w{i}")).collect();
            let text = format!("{} the views the views the views end", filler.join(" "));
            let doc = Document::new(&text);
            let check = Repetition {
                exceptions: Vec::new(),
                words: 4,
                times: 3,
            };
            let mut out = Vec::new();
            check.check(
                &doc,
                Hits {
                    literals: &[],
                    regexes: &[],
                },
                &mut out,
            );
            let start = text.find("the views").unwrap();
            let end = text.rfind(" end").unwrap();
            assert_eq!(out.len(), 1, "{before}");
            assert_eq!(out[0].span, start..end, "{before}");
            assert_eq!(out[0].args, ["the views"], "{before}");
        }
    }

    proptest! {
        /// Every word where `n` words repeat `times` times in a row by their keys is a
        /// candidate for `n`, and no other word is.
        #[test]
        fn candidates_are_the_ends_of_key_loops(
            raw in proptest::collection::vec(0usize..3, 0..200),
            words in 1usize..=8,
            times in 2usize..=4,
            block in 1usize..=40,
        ) {
            let check = Repetition { exceptions: Vec::new(), words, times };
            let keys: Vec<WordKey> = raw.iter().map(|&k| WordKey::of(["a", "b", "c"][k])).collect();
            // Blocks of any length find what one block over all the keys finds.
            let mut candidates = vec![0u8; keys.len()];
            let mut lo = 0;
            while lo < keys.len() {
                let hi = keys.len().min(lo + block);
                check.candidates(&keys, lo..hi, &mut candidates[lo..hi]);
                lo = hi;
            }
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
