//! A document's words as the checks see them: where each one is, its text, and a [`WordKey`]
//! to compare it by, with comparisons that confirm a key match on the text.

use super::swar::{HIGH, ONES, at_least};
use super::word_hash;
use std::ops::Range;

/// A word's key: a 32-bit hash of the word in lower case ([`word_hash::word`]), so that words
/// compare as integers. Equal words, in any case, have equal keys; unequal words almost always
/// have different ones, but may share one. Comparing keys finds candidates only: [`Words`]
/// confirms them on the text ([`Words::same_word`], [`Words::is`], [`WordSet`]).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordKey(u32);

impl WordKey {
    /// The key of `word`, in any case: the word hash of its lower case, taken from the bytes
    /// as they are for an ASCII word.
    pub fn of(word: &str) -> WordKey {
        if word.is_ascii() {
            WordKey(word_hash::ascii_lower_word(word.as_bytes()))
        } else {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            WordKey(word_hash::word(lower.as_bytes()))
        }
    }

    /// The hash itself, for a table laid out by the [`word_hash::word`] of lower-case words
    /// (the foreign-word lexicon, which build.rs writes): such a table compares its entries
    /// with the text.
    pub fn bits(self) -> u32 {
        self.0
    }
}

/// Whether `a` and `b` are the same word, in any case.
fn same_text(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The words of a document ([`crate::document::Document::words`]), indexed from 0 in text
/// order.
#[derive(Debug, Clone, Copy)]
pub struct Words<'d> {
    text: &'d str,
    table: &'d WordTable,
}

impl<'d> Words<'d> {
    pub(super) fn new(text: &'d str, table: &'d WordTable) -> Self {
        Words { text, table }
    }

    pub fn len(&self) -> usize {
        self.table.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.spans.is_empty()
    }

    /// Where word `i` is in the text.
    #[inline]
    pub fn span(&self, i: usize) -> Range<usize> {
        let (start, end) = self.table.spans[i];
        start as usize..end as usize
    }

    /// The text of word `i`.
    #[inline]
    pub fn text(&self, i: usize) -> &'d str {
        &self.text[self.span(i)]
    }

    /// The key of word `i`.
    #[inline]
    pub fn key(&self, i: usize) -> WordKey {
        self.table.keys[i]
    }

    /// The key of every word, indexed like the words: for loops that look for candidates over
    /// many words at once and confirm the few they find with [`Self::same_word`].
    pub fn keys(&self) -> &'d [WordKey] {
        &self.table.keys
    }

    /// Where every word is, in order.
    pub fn ranges(&self) -> impl ExactSizeIterator<Item = Range<usize>> + 'd {
        self.table
            .spans
            .iter()
            .map(|&(start, end)| start as usize..end as usize)
    }

    /// Whether word `i` is ASCII without an apostrophe, so that its key is the word hash of its
    /// lower-cased bytes and it can be nothing but itself (no elided article): the
    /// segmentation knows it already.
    pub fn is_plain(&self, i: usize) -> bool {
        self.table
            .plain
            .get(i / 64)
            .is_some_and(|bits| bits >> (i % 64) & 1 == 1)
    }

    /// Whether words `i` and `j` are the same word, in any case.
    pub fn same_word(&self, i: usize, j: usize) -> bool {
        self.key(i) == self.key(j) && same_text(self.text(i), self.text(j))
    }

    /// Whether word `i` is `word`, in any case; `key` is [`WordKey::of`] `word`, worked out
    /// once by the caller.
    pub fn is(&self, i: usize, key: WordKey, word: &str) -> bool {
        self.key(i) == key && same_text(self.text(i), word)
    }

    /// The first word from word `from` on whose span is `found`, or [`Self::len`]: a search
    /// step by step, for a caller that walks the text in order.
    pub fn first_from(&self, from: usize, found: impl Fn(Range<usize>) -> bool) -> usize {
        let spans = &self.table.spans;
        from + spans[from..]
            .iter()
            .position(|&(start, end)| found(start as usize..end as usize))
            .unwrap_or(spans.len() - from)
    }

    /// The number of words that start before `offset`, by binary search.
    pub fn starting_before(&self, offset: usize) -> usize {
        self.table
            .spans
            .partition_point(|&(start, _)| (start as usize) < offset)
    }
}

/// A set of known words (stop words), looked up by the words of a document: a word whose key
/// is in the set is one of its words only if the text says so.
///
/// The keys are hashes already, so their low bits index an open-addressing table kept at most a
/// quarter full: a look-up is a load, a compare and, for a listed key, a comparison of the text,
/// where a general hash map hashes the key again and scans a control group. Boilerplate asks it
/// for most words of every short line.
#[derive(Debug)]
pub struct WordSet {
    /// `(key, 1 + index into words)`, 0 for an empty slot; a key listed with several words
    /// (the same word in two cases, or two words sharing a key) has a slot for each.
    slots: Box<[(WordKey, u32)]>,
    words: Vec<Listed>,
}

/// A word of a [`WordSet`], whether it is ASCII, and, for a word of one to eight lower-case
/// ASCII letters, its bytes as a little-endian number (zero-padded).
#[derive(Debug)]
struct Listed(Box<str>, bool, Option<u64>);

impl Listed {
    fn new(word: &str) -> Listed {
        let packed = (1..=8).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase());
        let packed = packed.then(|| {
            let mut bytes = [0u8; 8];
            bytes[..word.len()].copy_from_slice(word.as_bytes());
            u64::from_le_bytes(bytes)
        });
        Listed(word.into(), word.is_ascii(), packed)
    }
}

impl WordSet {
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let words: Vec<(WordKey, Listed)> = words
            .into_iter()
            .map(|w| (WordKey::of(w), Listed::new(w)))
            .collect();
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![(WordKey(0), 0u32); size].into_boxed_slice();
        let mut listed = Vec::with_capacity(words.len());
        for (key, word) in words {
            let mut at = key.0 as usize & (size - 1);
            while slots[at].1 != 0 {
                at = (at + 1) & (size - 1);
            }
            listed.push(word);
            slots[at] = (key, listed.len() as u32);
        }
        WordSet {
            slots,
            words: listed,
        }
    }

    /// Whether word `i` of `words` is in the set, in any case.
    #[inline]
    pub fn contains(&self, words: &Words, i: usize) -> bool {
        let key = words.key(i);
        let mask = self.slots.len() - 1;
        let mut at = key.0 as usize & mask;
        loop {
            let (k, n) = self.slots[at];
            if n == 0 {
                return false;
            }
            if k == key && self.confirms(words, i, n as usize - 1) {
                return true;
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether word `i` of `words` is listed word `n`, whose key it has.
    fn confirms(&self, words: &Words, i: usize, n: usize) -> bool {
        let Listed(w, ascii, packed) = &self.words[n];
        if let Some(packed) = *packed
            && words.is_plain(i)
        {
            // A plain word is ASCII letters and digits: setting bit 5 of each byte lower-cases
            // a letter and leaves a digit a digit, so eight bytes compare at once.
            let (start, end) = words.table.spans[i];
            let (start, len) = (start as usize, (end - start) as usize);
            if len != w.len() {
                return false;
            }
            if let Some(chunk) = words.text.as_bytes().get(start..start + 8) {
                let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                let keep = u64::MAX >> (64 - 8 * len);
                return (x | 0x2020_2020_2020_2020) & keep == packed;
            }
        }
        let word = words.text(i);
        // Both ASCII, as nearly every match is: the cheaper comparison says the same.
        if *ascii && words.is_plain(i) {
            word.eq_ignore_ascii_case(w)
        } else {
            same_text(word, w)
        }
    }
}

/// The words of a document and their keys, indexed alike.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
    /// `(start, end)` byte offsets: half the memory of a `Range<usize>`.
    spans: Vec<(u32, u32)>,
    keys: Vec<WordKey>,
    /// One bit per word: ASCII and no apostrophe ([`Words::is_plain`]).
    plain: Vec<u64>,
}

impl WordTable {
    pub(super) fn segment(text: &str) -> WordTable {
        segment_words(text)
    }

    fn push(&mut self, span: (usize, usize), key: WordKey, plain: bool) {
        let n = self.spans.len();
        if n.is_multiple_of(64) {
            self.plain.push(0);
        }
        self.plain[n / 64] |= u64::from(plain) << (n % 64);
        self.spans.push((span.0 as u32, span.1 as u32));
        self.keys.push(key);
    }
}

/// Bit 7 of each of eight bytes, gathered into the low eight bits (byte 0 to bit 0): each
/// bit meets one power of the multiplier at bits 56-63, and no two partial products overlap.
#[inline]
fn gather(high_bits: u64) -> u64 {
    ((high_bits & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Classifies 64 bytes at once, eight per step: bit `i` of the first mask is set when byte `i`
/// may be part of a word (an ASCII letter or digit, an apostrophe, or any byte of a non-ASCII
/// character), of the second when it needs a closer look (an apostrophe or a non-ASCII byte).
fn classify(block: &[u8; 64]) -> (u64, u64) {
    let (mut word, mut special) = (0, 0);
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let high = x & HIGH;
        let y = x & !HIGH;
        let lower = y | (ONES * 0x20);
        let alpha = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
        let digit = at_least(y, b'0') & !at_least(y, b'9' + 1);
        let apostrophe = !at_least(y ^ (ONES * u64::from(b'\'')), 1) & HIGH & !high;
        let ascii_word = (alpha | digit) & !high;
        word |= gather(ascii_word | apostrophe | high) << (8 * k);
        special |= gather(apostrophe | high) << (8 * k);
    }
    (word, special)
}

/// Splits `text` into words and keys each. The bytes are classified 64 at a time, and a run
/// of ASCII letters and digits (nearly every word) is a word whose key is hashed from its
/// bytes as loaded: no byte is looked at one by one. Runs holding an apostrophe or non-ASCII
/// bytes go through [`split_run`].
fn segment_words(text: &str) -> WordTable {
    // Offsets are stored as u32; longer documents are segmented up to 4 GiB.
    let bytes = &text.as_bytes()[..text.len().min(u32::MAX as usize)];
    let mut out = WordTable {
        spans: Vec::with_capacity(bytes.len() / 6),
        keys: Vec::with_capacity(bytes.len() / 6),
        plain: Vec::with_capacity(bytes.len() / 6 / 64 + 1),
    };
    let mut run_start = None;
    // Whether the byte before the block is a word byte.
    let mut carry = 0;
    // For a run that began in an earlier block, whose special bits are partly gone.
    let holds_special = |run: Range<usize>| bytes[run].iter().any(|&b| b >= 0x80 || b == b'\'');
    let emit = |out: &mut WordTable, start: usize, end: usize, special: bool| {
        if special {
            split_run(text, start..end, out);
        } else {
            out.push((start, end), ascii_word_key(bytes, start, end), true);
        }
    };
    for (b, chunk) in bytes.chunks(64).enumerate() {
        let base = b * 64;
        let (word, special) = match chunk.try_into() {
            Ok(block) => classify(block),
            Err(_) => {
                let mut block = [0u8; 64];
                block[..chunk.len()].copy_from_slice(chunk);
                classify(&block)
            }
        };
        let before = (word << 1) | carry;
        carry = word >> 63;
        let (mut starts, mut ends) = (word & !before, !word & before);
        // A run left open by an earlier block ends at this block's first end.
        if let Some(start) = run_start {
            if ends == 0 {
                continue;
            }
            let end = base + ends.trailing_zeros() as usize;
            ends &= ends - 1;
            run_start = None;
            emit(&mut out, start, end, holds_special(start..end));
        }
        // Adding the special bits to the word bits carries each one to the end of its run:
        // the end bits of the runs that hold one.
        let special_ends = word.wrapping_add(special) & ends;
        // The other runs start here, each ending at the next end or in a later block.
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                run_start = Some(start);
                break;
            }
            let end = ends.trailing_zeros();
            ends &= ends - 1;
            emit(
                &mut out,
                start,
                base + end as usize,
                special_ends >> end & 1 == 1,
            );
        }
    }
    if let Some(start) = run_start {
        emit(
            &mut out,
            start,
            bytes.len(),
            holds_special(start..bytes.len()),
        );
    }
    out
}

/// The key of the ASCII word `bytes[start..end]`, loaded as one chunk when it fits in one.
#[inline]
fn ascii_word_key(bytes: &[u8], start: usize, end: usize) -> WordKey {
    let len = end - start;
    match bytes.get(start..start + 8) {
        Some(chunk) if len <= 8 => {
            let chunk = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let keep = u64::MAX >> (64 - 8 * len);
            WordKey(word_hash::ascii_lower_chunk(chunk & keep, len))
        }
        _ => WordKey(word_hash::ascii_lower_word(&bytes[start..end])),
    }
}

/// The words of `run`, a maximal run of bytes that may belong to words and holds an
/// apostrophe or a non-ASCII character: the characters that are no letters or digits (curly
/// quotes, dashes) separate words, and an apostrophe between two letters joins them.
fn split_run(text: &str, run: Range<usize>, out: &mut WordTable) {
    let char_at = |i: usize| text[i..].chars().next();
    let mut i = run.start;
    while i < run.end {
        let Some(c) = char_at(i) else { break };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (mut ascii, mut apostrophe) = (true, false);
        while i < run.end {
            let Some(c) = char_at(i) else { break };
            let len = c.len_utf8();
            if c.is_alphanumeric() {
                ascii &= c.is_ascii();
            } else if (c == '\'' || c == '’')
                && i + len < run.end
                && char_at(i + len).is_some_and(char::is_alphabetic)
            {
                ascii &= c == '\'';
                apostrophe = true;
            } else {
                break;
            }
            i += len;
        }
        let word = &text[start..i];
        out.push((start, i), WordKey::of(word), ascii && !apostrophe);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use proptest::prelude::*;

    /// The reference segmentation: [`split_run`] over the whole text, one character at a time.
    fn by_characters(text: &str) -> WordTable {
        let mut words = WordTable::default();
        split_run(text, 0..text.len(), &mut words);
        words
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(32, 256)))]
        /// The 64-byte classification and its fast path find the words, keys and plain bits that
        /// reading character by character finds, across block boundaries and at the text's end.
        #[test]
        fn segmentation_agrees_with_reading_by_characters(
            parts in proptest::collection::vec(prop_oneof![
                Just("a"), Just("Zq"), Just("9"), Just("'"), Just("’"), Just("é"), Just("“"),
                Just(" "), Just("\n"), Just(","), Just("ß"), Just("\u{212A}"), Just("_"),
                Just("abcdefghijklmnopqrstuvwxyz"), Just("ABCDEFGH"), Just("\u{80}"), Just("@"),
                Just("[`{"), Just("/"),
            ], 0..200),
        ) {
            let text = parts.concat();
            let (fast, slow) = (segment_words(&text), by_characters(&text));
            prop_assert_eq!(&fast.spans, &slow.spans);
            prop_assert_eq!(&fast.keys, &slow.keys);
            prop_assert_eq!(&fast.plain, &slow.plain);
        }
    }

    #[test]
    fn classification_of_every_byte() {
        for b in 0..=255u8 {
            let mut block = [b' '; 64];
            block[37] = b;
            let (word, special) = classify(&block);
            let is_word = b.is_ascii_alphanumeric() || b == b'\'' || b >= 0x80;
            let is_special = b == b'\'' || b >= 0x80;
            assert_eq!(word, u64::from(is_word) << 37, "{b:#x}");
            assert_eq!(special, u64::from(is_special) << 37, "{b:#x}");
        }
    }

    #[test]
    fn plain_words_are_ascii_without_apostrophes() {
        let text = "plain Words l'eau café aujourd’hui x's a'b 'quoted' abcdefghijklmnopq ab";
        let d = Document::new(text);
        let words = d.words();
        for i in 0..words.len() {
            let word = words.text(i);
            let expected = word.is_ascii() && !word.contains('\'');
            assert_eq!(words.is_plain(i), expected, "{word}");
            if expected {
                assert_eq!(
                    words.key(i),
                    WordKey(word_hash::word(word.to_ascii_lowercase().as_bytes()))
                );
            }
        }
        // Past the 64 words of one bit block.
        let long = "word ".repeat(130) + "é";
        let d = Document::new(&long);
        let words = d.words();
        assert!(words.is_plain(129) && !words.is_plain(130) && !words.is_plain(131));
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let d = Document::new("don’t stop, children’s 90s");
        let w: Vec<&str> = d.words().ranges().map(|r| &d.text()[r]).collect();
        assert_eq!(w, ["don’t", "stop", "children’s", "90s"]);
    }

    #[test]
    fn same_words_in_any_case() {
        let d = Document::new("The the THE thé Straße STRASSE strasse K \u{212A}");
        let w = d.words();
        assert!(w.same_word(0, 1) && w.same_word(0, 2) && !w.same_word(0, 3));
        assert!(!w.same_word(4, 5) && w.same_word(5, 6));
        // The Kelvin sign is a capital k.
        assert!(w.same_word(7, 8));
        assert!(w.is(3, WordKey::of("THÉ"), "THÉ") && !w.is(3, WordKey::of("the"), "the"));
        let set = WordSet::new(["the", "strasse"]);
        let found: Vec<bool> = (0..w.len()).map(|i| set.contains(&w, i)).collect();
        assert_eq!(
            found,
            [true, true, true, false, false, true, true, false, false]
        );
    }
}
