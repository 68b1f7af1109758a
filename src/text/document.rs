//! The prose of one document, segmented once and shared by every check.

use super::swar::{HIGH, ONES, at_least};
use super::word_hash;
use std::ops::Range;

/// The text the checks read, with its paragraph structure.
///
/// Paragraphs are runs of non-blank lines; markup front ends lay out each block as its own
/// paragraph, so the same segmentation serves plain text, Markdown and HTML.
#[derive(Debug)]
pub struct Document<'a> {
    text: &'a str,
    /// Offsets of the line starts: found once, for the paragraphs, the checks that read
    /// lines and the lines of findings.
    line_starts: Vec<usize>,
    paragraphs: Vec<Range<usize>>,
    /// Word spans and their keys, segmented together on first use.
    words: std::sync::OnceLock<Words>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = line_starts(text.as_bytes());
        Document {
            text,
            paragraphs: paragraphs(text, &line_starts),
            line_starts,
            words: std::sync::OnceLock::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Paragraph ranges, in order, without their trailing newline.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// The line starts (see [`line_starts`]), for whoever needs them after the checks.
    pub fn into_line_starts(self) -> Vec<usize> {
        self.line_starts
    }

    /// Every line, with its line feed (the last one, without, may be empty).
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        lines(&self.line_starts, self.text.len())
    }

    /// Range of the line holding `offset`, without its line terminator.
    pub fn line_at(&self, offset: usize) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let line_starts = &self.line_starts;
        let line = line_starts.partition_point(|&s| s <= offset);
        let start = line_starts[line - 1];
        let mut end = line_starts.get(line).map_or(bytes.len(), |&next| next - 1);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The character before `offset`, if any.
    pub fn char_before(&self, offset: usize) -> Option<char> {
        self.text[..offset].chars().next_back()
    }

    /// The character at `offset`, if any.
    pub fn char_at(&self, offset: usize) -> Option<char> {
        self.text[offset..].chars().next()
    }

    /// Whether the word starting at `offset` begins a sentence: nothing but opening punctuation
    /// stands between it and the start of its paragraph, a blank line, or a sentence end.
    pub fn starts_sentence(&self, offset: usize) -> bool {
        let mut saw_newline = false;
        for c in self.text[..offset].chars().rev() {
            match c {
                '\n' => {
                    if saw_newline {
                        return true;
                    }
                    saw_newline = true;
                }
                c if c.is_whitespace() => {}
                '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '„' | '*' | '_' | '-' | '–' | '—'
                | '•' => {}
                '.' | '!' | '?' | ':' | '…' | '”' | '’' | ')' => return true,
                _ => return false,
            }
        }
        true
    }

    /// The words (maximal runs of letters and digits, with apostrophes inside words), segmented
    /// once per document on first use and shared by every check.
    pub fn words(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.word_spans()
            .iter()
            .map(|&(s, e)| s as usize..e as usize)
    }

    /// A case-insensitive 32-bit hash of every word (indexed like [`Self::word_spans`]), so
    /// that checks compare words as integers. Equal keys are confirmed on the text wherever a
    /// false match would be reported (repetition, foreign words); a stop-word count tolerates
    /// the odd one.
    pub fn word_keys(&self) -> &[u32] {
        &self.segmented().keys
    }

    /// The words as `(start, end)` byte offsets.
    pub fn word_spans(&self) -> &[(u32, u32)] {
        &self.segmented().spans
    }

    /// Whether word `i` (indexed like [`Self::word_spans`]) is ASCII without an apostrophe, so
    /// that its key is the word hash ([`word_hash::word`]) of its lower-cased bytes and it can be
    /// nothing but itself (no elided article): the segmentation knows it already.
    pub fn word_is_plain(&self, i: usize) -> bool {
        self.segmented()
            .plain
            .get(i / 64)
            .is_some_and(|bits| bits >> (i % 64) & 1 == 1)
    }

    /// Whether the words have been segmented (tests check which checks read them).
    #[cfg(test)]
    pub(crate) fn words_segmented(&self) -> bool {
        self.words.get().is_some()
    }

    fn segmented(&self) -> &Words {
        self.words.get_or_init(|| segment_words(self.text))
    }
}

pub use crate::offsets::line_starts;

/// Offset of the first byte of `bytes` outside ASCII. Most prose is ASCII for kilobytes at a
/// time: 32 bytes are tested with one OR that the compiler vectorises, where a byte-by-byte
/// search takes a compare and a branch for each.
pub fn find_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(32);
    for (b, block) in (&mut blocks).enumerate() {
        if block.iter().fold(0, |any, &byte| any | byte) >= 0x80 {
            return block
                .iter()
                .position(|&byte| byte >= 0x80)
                .map(|i| b * 32 + i);
        }
    }
    let tail = blocks.remainder();
    let at = bytes.len() - tail.len();
    tail.iter().position(|&byte| byte >= 0x80).map(|i| at + i)
}

/// Whether `c` is part of a word for boundary purposes.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The key [`Document::word_keys`] gives `word`: the word hash ([`word_hash::word`]) of its lower
/// case, so that an ASCII word's key is that of its lower-cased bytes.
pub fn word_key(word: &str) -> u32 {
    if word.is_ascii() {
        word_hash::ascii_lower_word(word.as_bytes())
    } else {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        word_hash::word(lower.as_bytes())
    }
}

/// The words of a document and their keys, indexed alike.
#[derive(Debug, Default)]
struct Words {
    spans: Vec<(u32, u32)>,
    keys: Vec<u32>,
    /// One bit per word: ASCII and no apostrophe ([`Document::word_is_plain`]).
    plain: Vec<u64>,
}

impl Words {
    fn push(&mut self, span: (usize, usize), key: u32, plain: bool) {
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
fn segment_words(text: &str) -> Words {
    // Offsets are stored as u32; longer documents are segmented up to 4 GiB.
    let bytes = &text.as_bytes()[..text.len().min(u32::MAX as usize)];
    let mut out = Words {
        spans: Vec::with_capacity(bytes.len() / 6),
        keys: Vec::with_capacity(bytes.len() / 6),
        plain: Vec::with_capacity(bytes.len() / 6 / 64 + 1),
    };
    let mut run_start = None;
    // Whether the byte before the block is a word byte.
    let mut carry = 0;
    // For a run that began in an earlier block, whose special bits are partly gone.
    let holds_special = |run: Range<usize>| bytes[run].iter().any(|&b| b >= 0x80 || b == b'\'');
    let emit = |out: &mut Words, start: usize, end: usize, special: bool| {
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
fn ascii_word_key(bytes: &[u8], start: usize, end: usize) -> u32 {
    let len = end - start;
    match bytes.get(start..start + 8) {
        Some(chunk) if len <= 8 => {
            let chunk = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let keep = u64::MAX >> (64 - 8 * len);
            word_hash::ascii_lower_chunk(chunk & keep, len)
        }
        _ => word_hash::ascii_lower_word(&bytes[start..end]),
    }
}

/// The words of `run`, a maximal run of bytes that may belong to words and holds an
/// apostrophe or a non-ASCII character: the characters that are no letters or digits (curly
/// quotes, dashes) separate words, and an apostrophe between two letters joins them.
fn split_run(text: &str, run: Range<usize>, out: &mut Words) {
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
        out.push((start, i), word_key(word), ascii && !apostrophe);
    }
}

/// The lines that start at `line_starts` in a text of `len` bytes.
fn lines(line_starts: &[usize], len: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let ends = line_starts[1..].iter().copied().chain([len]);
    line_starts
        .iter()
        .copied()
        .zip(ends)
        .map(|(start, end)| start..end)
}

/// The runs of non-blank lines of `text`, whose lines start at `line_starts`.
fn paragraphs(text: &str, line_starts: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for Range {
        start: pos,
        end: next,
    } in lines(line_starts, text.len())
    {
        if pos == next {
            // The empty line after a final `\n`.
            continue;
        }
        let line = &text[pos..next];
        let content = line.trim_end_matches(['\n', '\r']);
        if trimmed(content).is_empty() {
            if let Some(s) = start.take() {
                out.push(s..last_end);
            }
        } else {
            start.get_or_insert(pos);
            last_end = pos + content.len();
        }
    }
    if let Some(s) = start {
        out.push(s..last_end);
    }
    out
}

/// Where `line` is once trimmed of white space at both ends, as `str::trim` would: ASCII white
/// space is stepped over byte by byte, and only an edge that is not ASCII (or is the vertical
/// tab, white space that `u8::is_ascii_whitespace` leaves out) goes through `str::trim`.
pub fn trimmed(line: &str) -> Range<usize> {
    let b = line.as_bytes();
    let unusual = |c: u8| c >= 0x80 || c == 0x0B;
    let mut end = b.len();
    while end > 0 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end > 0 && unusual(b[end - 1]) {
        end = line[..end].trim_end().len();
    }
    let mut start = 0;
    while start < end && b[start].is_ascii_whitespace() {
        start += 1;
    }
    if start < end && unusual(b[start]) {
        start = end - line[start..end].trim_start().len();
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference segmentation: [`split_run`] over the whole text, one character at a time.
    fn by_characters(text: &str) -> Words {
        let mut words = Words::default();
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
    fn first_non_ascii_byte() {
        assert_eq!(find_non_ascii(b""), None);
        for len in [1, 31, 32, 33, 64, 100] {
            let mut bytes = vec![b'a'; len];
            assert_eq!(find_non_ascii(&bytes), None);
            for at in 0..len {
                bytes[at] = 0xC3;
                assert_eq!(find_non_ascii(&bytes), Some(at), "{len} {at}");
                bytes[len - 1] = 0x80;
                assert_eq!(find_non_ascii(&bytes), Some(at), "{len} {at}");
                bytes.fill(b'a');
            }
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
    fn paragraphs_split_on_blank_lines() {
        let d = Document::new("a b\nc\n\n  \r\nd\r\n");
        assert_eq!(d.paragraphs(), &[0..5, 11..12]);
    }

    #[test]
    fn lines_of_unicode_or_control_white_space_are_blank() {
        let d = Document::new("a\n\u{a0}\u{3000}\nb\n\x0b\x0c\nc\n\u{a0}x");
        assert_eq!(d.paragraphs(), &[0..1, 8..9, 13..18]);
    }

    #[test]
    fn trimmed_is_str_trim() {
        for line in [
            "",
            " \t\r\n",
            "  a b  \n",
            "\u{0B}a\u{0B}",
            "\u{A0}x\u{2003}\n",
            "\u{85}",
            "x \u{0B} \u{3000}",
            "é ",
            "\u{1F}x\u{1F}",
        ] {
            assert_eq!(&line[trimmed(line)], line.trim(), "{line:?}");
        }
    }

    #[test]
    fn plain_words_are_ascii_without_apostrophes() {
        let text = "plain Words l'eau café aujourd’hui x's a'b 'quoted' abcdefghijklmnopq ab";
        let d = Document::new(text);
        for (i, word) in d.words().enumerate() {
            let word = &text[word];
            let expected = word.is_ascii() && !word.contains('\'');
            assert_eq!(d.word_is_plain(i), expected, "{word}");
            if expected {
                assert_eq!(
                    d.word_keys()[i],
                    word_hash::word(word.to_ascii_lowercase().as_bytes())
                );
            }
        }
        // Past the 64 words of one bit block.
        let long = "word ".repeat(130) + "é";
        let d = Document::new(&long);
        assert!(d.word_is_plain(129) && !d.word_is_plain(130) && !d.word_is_plain(131));
    }

    #[test]
    fn sentence_starts() {
        let d = Document::new("One two. “Three four\nfive");
        assert!(d.starts_sentence(0));
        assert!(!d.starts_sentence(4));
        assert!(d.starts_sentence(12));
        assert!(!d.starts_sentence(d.text().find("five").unwrap()));
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let d = Document::new("don’t stop, children’s 90s");
        let w: Vec<&str> = d.words().map(|r| &d.text()[r]).collect();
        assert_eq!(w, ["don’t", "stop", "children’s", "90s"]);
    }
}
