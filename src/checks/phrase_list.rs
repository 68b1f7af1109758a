//! A list of thousands of phrases to replace (`list:` of a `substitution` rule), matched by the
//! document's word keys rather than by the engine's automaton.
//!
//! The Problematic Paper Screener's 7,898 tortured phrases would more than double the states of
//! the literal automaton every document walks, past what its dense table holds; here a phrase
//! costs nothing until the document holds its first two words. Each phrase is indexed by a hash
//! of its words' keys (the same [`WordKey`]s the document's segmentation gives): a filter on
//! the first two words turns nearly every word away, a map of first pairs gives the
//! lengths to try, and a hash match is confirmed on the text. A filter on the first word alone,
//! tried first, made the scan slower: common words ("the", "of", "in") start phrases, so its
//! branch went both ways at random.
//!
//! The index is laid out by build.rs ([`phrase_hash::index`], with the document segmentation),
//! so a process only reads it in: segmenting and keying the 7,900 phrases at every start cost
//! more than linting a short article.

use super::phrase_hash::{self, START, collapse};
use crate::document::Document;
use crate::text::words::WordKey;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// The built-in lists, by the name a rule's `list:` gives: the list, and its index as build.rs
/// lays it out (its layout is described there).
const BUILTIN: &[(&str, &str, &[u8])] = &[(
    "tortured-phrases",
    include_str!("../../data/tortured-phrases.tsv"),
    include_bytes!(concat!(env!("OUT_DIR"), "/tortured-phrases.index.bin")),
)];

/// One phrase of a list; its texts borrow the list's text.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The phrase as the list writes it.
    phrase: &'static str,
    expected: &'static str,
    /// Phrases the document must also hold for this one to count (PPS's AND-forms),
    /// `|`-separated; empty for none.
    partners: &'static str,
}

/// A phrase list with its index, read in place.
#[derive(Debug)]
pub struct PhraseList {
    text: &'static str,
    /// The first-pair filter (see [`phrase_hash::pair_index`]), copied out of the index: fixed
    /// size, so that the scan's masked indexes need no bounds checks.
    pair_bits: Box<[u64; PAIR_WORDS]>,
    /// A filter of the whole phrases' hashes ([`phrase_hash::hash_index`]): a common pair that
    /// starts some phrase ("in the") is followed by none of them nearly every time, and this
    /// answers that without a search of `by_hash`.
    hash_bits: &'static [u8],
    /// (hash of a phrase's word keys, line) records of 12 bytes, sorted.
    by_hash: &'static [u8],
    /// The first-pair table ([`phrase_hash::PAIR_RECORD`] bytes a slot) and the log2 of its
    /// slots: the hash of a phrase's first two words' keys → the lengths in words of the
    /// phrases that start with them, as bits, and the [`phrase_hash::third_bit`]s of their
    /// third words. A pair the filter lets through by chance costs one look-up, and a true one
    /// a look-up per length a phrase of the list has, when its third word may be one of theirs.
    pairs: &'static [u8],
    pairs_log2: u32,
    /// Where each phrase line starts in `text`, a `u32` each: a line is split into its columns
    /// only when a document's words hash like its phrase.
    starts: &'static [u8],
    /// (line, start, length) records of 12 bytes, by line, of the phrases not written as their
    /// core (from the first word to the last, lower case, white space collapsed), and the text
    /// of those cores.
    cores: &'static [u8],
    core_text: &'static str,
}

/// The `u64`s of the pair filter.
const PAIR_WORDS: usize = 1 << (phrase_hash::PAIR_LOG2 - 6);
/// The bytes of the whole-phrase filter.
const HASH_BYTES: usize = 1 << (phrase_hash::HASH_LOG2 - 3);

/// The little-endian number of `N` bytes at `at` in `bytes`; 0 past the end (a short index
/// finds nothing, and breaks nothing).
fn le<const N: usize>(bytes: &[u8], at: usize) -> u64 {
    let mut buf = [0u8; 8];
    if let Some(b) = bytes.get(at..at + N) {
        buf[..N].copy_from_slice(b);
    }
    u64::from_le_bytes(buf)
}

/// What the phrases starting with one pair of words have in common.
#[derive(Debug, Default, Clone, Copy)]
struct Starts {
    /// Their lengths in words, as bits.
    lengths: u16,
    /// Their third words' [`phrase_hash::third_bit`]s.
    third: u64,
}

/// A phrase found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'l> {
    pub range: Range<usize>,
    pub expected: &'l str,
}

impl PhraseList {
    /// The built-in list `name`, read once per process; `None` if there is none of that name.
    pub fn builtin(name: &str) -> Option<&'static PhraseList> {
        static LISTS: [std::sync::OnceLock<PhraseList>; BUILTIN.len()] =
            [const { std::sync::OnceLock::new() }; BUILTIN.len()];
        let i = BUILTIN.iter().position(|(n, ..)| *n == name)?;
        Some(LISTS[i].get_or_init(|| PhraseList::read(BUILTIN[i].1, BUILTIN[i].2)))
    }

    /// Starts reading the built-in list `name` on another thread, so that a process that lints
    /// one article does not wait for it before its first document; returns its name, or `None`
    /// if there is no such list. [`PhraseList::builtin`] then waits for the reading to end.
    pub fn start_loading(name: &str) -> Option<&'static str> {
        let &(name, ..) = BUILTIN.iter().find(|(n, ..)| *n == name)?;
        // Where no thread can be started, the list is read at its first use instead.
        let _ = std::thread::Builder::new().spawn(move || PhraseList::builtin(name));
        Some(name)
    }

    /// The names of the built-in lists, for error messages.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(n, ..)| *n)
    }

    /// Reads `phrase<TAB>expected<TAB>partner|partner` lines (`#` starts a comment line) with
    /// the index [`phrase_hash::index`] laid out of them: only its pair filter is copied, the
    /// rest is read where it lies.
    fn read(text: &'static str, built: &'static [u8]) -> PhraseList {
        let mut at = 0;
        let mut take = |n: usize| {
            let bytes = built.get(at..at + n).unwrap_or_default();
            at += n;
            bytes
        };
        let mut pair_bits = Box::new([0; PAIR_WORDS]);
        for (word, bytes) in pair_bits
            .iter_mut()
            .zip(take(PAIR_WORDS * 8).chunks_exact(8))
        {
            *word = le::<8>(bytes, 0);
        }
        let hash_bits = take(HASH_BYTES);
        let count = |bytes: &[u8]| le::<4>(bytes, 0) as usize;
        let n = count(take(4));
        let by_hash = take(12 * n);
        let pairs_log2 = count(take(4)).min(31) as u32;
        let pairs = take(phrase_hash::PAIR_RECORD << pairs_log2);
        let n = count(take(4));
        let starts = take(4 * n);
        let n = count(take(4));
        let cores = take(12 * n);
        let n = count(take(4));
        // The index is this crate's own output: cores that are not UTF-8 cannot occur, and
        // would only leave their phrases unmatched.
        let core_text = std::str::from_utf8(take(n)).unwrap_or_default();
        PhraseList {
            text,
            pair_bits,
            hash_bits,
            by_hash,
            pairs,
            pairs_log2,
            starts,
            cores,
            core_text,
        }
    }

    /// Line `n`'s columns.
    fn entry(&self, n: u32) -> Entry {
        let start = (le::<4>(self.starts, 4 * n as usize) as usize).min(self.text.len());
        let line = self.text[start..].split('\n').next().unwrap_or("");
        let mut cols = line.splitn(3, '\t');
        Entry {
            phrase: cols.next().unwrap_or(""),
            expected: cols.next().unwrap_or(""),
            partners: cols.next().unwrap_or(""),
        }
    }

    /// The phrase of line `n` from its first word to its last, lower case, white space
    /// collapsed.
    fn core(&self, n: u32) -> &'static str {
        let records = self.cores.len() / 12;
        let line = |i: usize| le::<4>(self.cores, 12 * i) as u32;
        let i = partition_point(records, |i| line(i) < n);
        if i < records && line(i) == n {
            let start = le::<4>(self.cores, 12 * i + 4) as usize;
            let len = le::<4>(self.cores, 12 * i + 8) as usize;
            return self.core_text.get(start..start + len).unwrap_or_default();
        }
        self.entry(n).phrase
    }

    /// The lines whose words hash to `h`.
    fn with_hash(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let records = self.by_hash.len() / 12;
        let hash = move |i: usize| le::<8>(self.by_hash, 12 * i);
        let (word, bit) = phrase_hash::hash_index(h);
        let from = if le::<8>(self.hash_bits, 8 * word) & bit == 0 {
            records
        } else {
            partition_point(records, |i| hash(i) < h)
        };
        (from..records)
            .take_while(move |&i| hash(i) == h)
            .map(move |i| le::<4>(self.by_hash, 12 * i + 8) as u32)
    }

    /// Whether a phrase may start with the words of keys `a`, `b`, by the pair filter: false
    /// for nearly every pair of words of a document.
    #[inline(always)]
    fn may_start(&self, a: u32, b: u32) -> bool {
        let (word, bit) = phrase_hash::pair_index(a, b);
        self.pair_bits[word % PAIR_WORDS] & bit != 0
    }

    /// The first word from word `from` on that the pair filter lets through ([`Self::may_start`]
    /// with the word after it), if any before the last word.
    #[inline]
    fn next_start(&self, keys: &[WordKey], from: usize) -> Option<usize> {
        let last = keys.len().checked_sub(1)?;
        let mut i = from;
        while i < last {
            if self.may_start(keys[i].bits(), keys[i + 1].bits()) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// The lengths, as bits, of the phrases that may start at word `i` of `keys`, whose
    /// first two words hash to `h`.
    fn lengths(&self, h: u64, keys: &[WordKey], i: usize) -> Option<u16> {
        let starts = self.starts_with(h)?;
        let third = keys
            .get(i + 2)
            .map_or(0, |k| phrase_hash::third_bit(k.bits()));
        if starts.third & third != 0 {
            Some(starts.lengths)
        } else {
            Some(starts.lengths & 1 << 2).filter(|&l| l != 0)
        }
    }

    /// What the phrases whose first two words hash to `h` have in common, if there are any.
    fn starts_with(&self, h: u64) -> Option<Starts> {
        let mask = (1usize << self.pairs_log2) - 1;
        let mut slot = phrase_hash::pair_slot(h, self.pairs_log2) & mask;
        // At most half the slots are full: every probe meets an empty one.
        for _ in 0..=mask {
            let at = phrase_hash::PAIR_RECORD * slot;
            let lengths = le::<2>(self.pairs, at + 8) as u16;
            if lengths == 0 {
                return None;
            }
            if le::<8>(self.pairs, at) == h {
                let third = le::<8>(self.pairs, at + 10);
                return Some(Starts { lengths, third });
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// The phrases of the list in `doc`, leftmost-longest, in order.
    pub fn find<'l>(&'l self, doc: &Document) -> Vec<Match<'l>> {
        let text = doc.text();
        let words = doc.words();
        let keys = words.keys();
        // Whether the document holds each partner phrase, found once per document.
        let mut holds: FxHashMap<&str, bool> = FxHashMap::default();
        let mut out = Vec::new();
        let mut i = 0;
        while i + 1 < keys.len() {
            // Most words start no phrase: the pair filter skips them in a tight loop.
            let Some(start) = self.next_start(keys, i) else {
                break;
            };
            i = start;
            let (a, b) = (keys[i].bits(), keys[i + 1].bits());
            let mut h = phrase_hash::step(phrase_hash::step(START, a), b);
            let Some(lengths) = self.lengths(h, keys, i) else {
                i += 1;
                continue;
            };
            let mut found = None;
            for n in 2..=15.min(keys.len() - i) {
                if n > 2 {
                    h = phrase_hash::step(h, keys[i + n - 1].bits());
                }
                if lengths >> n == 0 {
                    break;
                }
                if lengths & (1 << n) == 0 {
                    continue;
                }
                let mut candidates = self.with_hash(h).peekable();
                if candidates.peek().is_none() {
                    continue;
                }
                let range = words.span(i).start..words.span(i + n - 1).end;
                let core = collapse(&text[range.clone()]);
                for n_line in candidates {
                    if self.core(n_line) != core {
                        continue;
                    }
                    let entry = self.entry(n_line);
                    let mut partners_held = || {
                        entry
                            .partners
                            .split('|')
                            .filter(|p| !p.is_empty())
                            .all(|p| {
                                *holds
                                    .entry(p)
                                    .or_insert_with(|| holds_phrase(text, keys, p))
                            })
                    };
                    if partners_held() {
                        found = Some((n, range.clone(), entry.expected));
                    }
                }
            }
            match found {
                Some((n, range, expected)) => {
                    out.push(Match { range, expected });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The first of `0..len` for which `before` is false (`before` true up to some point, false
/// from there on), by binary search.
fn partition_point(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Whether the document (`text`, with word keys `keys`) holds the phrase `partner`. A partner
/// of plain words is looked for among the keys, a compare a word (searching the text for it
/// would stop at every `t` of a document to look for `true positive`); any other in the text,
/// ignoring ASCII case.
fn holds_phrase(text: &str, keys: &[WordKey], partner: &str) -> bool {
    let plain = partner
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ');
    if plain {
        let want: Vec<WordKey> = partner.split_whitespace().map(WordKey::of).collect();
        let Some(&first) = want.first() else {
            return true;
        };
        // The first key turns nearly every word away before the rest are compared.
        return keys
            .windows(want.len())
            .any(|w| w[0] == first && w == want.as_slice());
    }
    let (h, n) = (text.as_bytes(), partner.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h)
        .any(|at| h.len() - at >= n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` read with the index build.rs would lay out of it.
    fn read(text: &'static str) -> PhraseList {
        let index = phrase_hash::index(text, |joined| {
            let doc = Document::new(joined);
            let words = doc.words();
            (0..words.len())
                .map(|i| (words.span(i), words.key(i).bits()))
                .collect()
        });
        PhraseList::read(text, Vec::leak(index))
    }

    fn list() -> PhraseList {
        read(
            "# comment\nprofound learning\tdeep learning\t\n\
             profound learning organization\tdeep learning network\t\n\
             surface region\tsurface area\tsurface area\n\
             data technology (it)\tinformation technology (IT)\t\n",
        )
    }

    fn found(text: &str) -> Vec<(&str, String)> {
        let l: &'static PhraseList = Box::leak(Box::new(list()));
        let doc = Document::new(text);
        l.find(&doc)
            .into_iter()
            .map(|m| (&text[m.range], m.expected.to_string()))
            .collect()
    }

    #[test]
    fn longest_phrase_wins_and_case_and_spacing_do_not_matter() {
        assert_eq!(
            found("We use Profound\n learning organization here."),
            [(
                "Profound\n learning organization",
                "deep learning network".to_string()
            )]
        );
        assert_eq!(
            found("profound learning."),
            [("profound learning", "deep learning".to_string())]
        );
        assert!(found("profound, learning").is_empty());
    }

    #[test]
    fn an_and_form_needs_its_partner_in_the_document() {
        assert!(found("The surface region grew.").is_empty());
        assert_eq!(
            found("The surface region grew, and so did the surface area.").len(),
            1
        );
    }

    #[test]
    fn inner_punctuation_is_part_of_the_phrase() {
        assert_eq!(
            found("Spending on data technology (IT) rose."),
            [(
                "data technology (IT",
                "information technology (IT)".to_string()
            )]
        );
        assert!(found("Spending on data technology rose.").is_empty());
    }

    #[test]
    fn the_built_in_list_loads() {
        let l = PhraseList::builtin("tortured-phrases").unwrap();
        assert!(std::ptr::eq(
            l,
            PhraseList::builtin("tortured-phrases").unwrap()
        ));
        assert!(l.starts.len() / 4 > 7_000);
        assert!(PhraseList::builtin("nope").is_none());
    }
}
