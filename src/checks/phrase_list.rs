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

use super::phrase_hash::{self, START, collapse, pair_index};
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

/// A phrase list with its index.
#[derive(Debug)]
pub struct PhraseList {
    text: &'static str,
    /// Where each phrase line starts in `text`: a line is split into its columns only when a
    /// document's words hash like its phrase.
    starts: Vec<u32>,
    /// The phrase from its first word to its last, lower case, white space collapsed, of the
    /// phrases not written that way already.
    cores: FxHashMap<u32, &'static str>,
    /// (hash of a phrase's word keys, line), sorted.
    by_hash: Vec<(u64, u32)>,
    /// The hash of a phrase's first two words' keys → the lengths in words of the phrases that
    /// start with them, as bits, and the [`phrase_hash::third_bit`]s of their third words: a
    /// pair the filter lets through by chance costs one look-up, and a true one a look-up per
    /// length a phrase of the list has, when its third word may be one of theirs.
    pairs: FxHashMap<u64, Starts>,
    /// The first-pair filter (see [`phrase_hash::pair_index`]): fixed size, so that the scan's
    /// masked indexes need no bounds checks.
    pair_bits: Box<[u64; PAIR_WORDS]>,
    /// A filter of the whole phrases' hashes, set from `by_hash`: a common pair that starts
    /// some phrase ("in the") is followed by none of them nearly every time, and this answers
    /// that without a search of `by_hash`.
    hash_bits: Box<[u64; HASH_WORDS]>,
}

/// The `u64`s of the pair filter.
const PAIR_WORDS: usize = 1 << (phrase_hash::PAIR_LOG2 - 6);
/// log2 of the bits of the whole-phrase filter: 512 K bits (64 KB) for the 8 K phrases of the
/// largest list, so that a phrase not in it passes about once in sixty; with 64 K bits, one in
/// eight went on to a binary search of `by_hash`, which misses the cache at nearly every step.
const HASH_LOG2: u32 = 19;
const HASH_WORDS: usize = 1 << (HASH_LOG2 - 6);

/// Where the whole-phrase filter records hash `h` (its top bits, the best mixed).
fn hash_index(h: u64) -> (usize, u64) {
    let i = h >> (64 - HASH_LOG2);
    ((i >> 6) as usize % HASH_WORDS, 1 << (i & 63))
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
    /// the index [`phrase_hash::index`] laid out of them.
    fn read(text: &'static str, built: &'static [u8]) -> PhraseList {
        let mut list = PhraseList {
            text,
            starts: Vec::new(),
            cores: FxHashMap::default(),
            by_hash: Vec::new(),
            pairs: FxHashMap::default(),
            pair_bits: Box::new([0; PAIR_WORDS]),
            hash_bits: Box::new([0; HASH_WORDS]),
        };
        let mut at = 0;
        let mut take = |n: usize| {
            let bytes = built.get(at..at + n).unwrap_or_default();
            at += n;
            bytes
        };
        let u64_of = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        let u32_of = |b: &[u8]| u32::from_le_bytes(b.try_into().unwrap_or_default());
        for word in list.pair_bits.iter_mut() {
            *word = u64_of(take(8));
        }
        let count = u32_of(take(4)) as usize;
        list.by_hash = (0..count)
            .map(|_| (u64_of(take(8)), u32_of(take(4))))
            .collect();
        let count = u32_of(take(4)) as usize;
        list.pairs.reserve(count);
        for _ in 0..count {
            let h = u64_of(take(8));
            let lengths = u16::from_le_bytes(take(2).try_into().unwrap_or_default());
            let third = u64_of(take(8));
            list.pairs.insert(h, Starts { lengths, third });
        }
        let count = u32_of(take(4)) as usize;
        list.starts = (0..count).map(|_| u32_of(take(4))).collect();
        let count = u32_of(take(4)) as usize;
        for _ in 0..count {
            let n = u32_of(take(4));
            let len = u32_of(take(4)) as usize;
            // The index is this crate's own output: a core that is not UTF-8 cannot occur,
            // and would only leave its phrase unmatched.
            if let Ok(core) = std::str::from_utf8(take(len)) {
                list.cores.insert(n, core);
            }
        }
        for &(h, _) in &list.by_hash {
            let (word, bit) = hash_index(h);
            list.hash_bits[word] |= bit;
        }
        list
    }

    /// Line `n`'s columns.
    fn entry(&self, n: u32) -> Entry {
        let start = self.starts[n as usize] as usize;
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
        match self.cores.get(&n) {
            Some(core) => core,
            None => self.entry(n).phrase,
        }
    }

    /// The lines whose words hash to `h`.
    fn with_hash(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let (word, bit) = hash_index(h);
        let from = if self.hash_bits[word] & bit == 0 {
            self.by_hash.len()
        } else {
            self.by_hash.partition_point(|&(x, _)| x < h)
        };
        self.by_hash[from..]
            .iter()
            .take_while(move |&&(x, _)| x == h)
            .map(|&(_, n)| n)
    }

    /// Whether a phrase may start with the words of keys `a`, `b`, by the pair filter: false
    /// for nearly every pair of words of a document.
    #[inline(always)]
    fn may_start(&self, a: u32, b: u32) -> bool {
        let (word, bit) = pair_index(a, b);
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
        let starts = self.pairs.get(&h)?;
        let third = keys
            .get(i + 2)
            .map_or(0, |k| phrase_hash::third_bit(k.bits()));
        if starts.third & third != 0 {
            Some(starts.lengths)
        } else {
            Some(starts.lengths & 1 << 2).filter(|&l| l != 0)
        }
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
        assert!(l.starts.len() > 7_000);
        assert!(PhraseList::builtin("nope").is_none());
    }
}
