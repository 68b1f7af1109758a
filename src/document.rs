//! The prose of one document, segmented once and shared by every check.

use std::ops::Range;

/// The text the checks read, with its paragraph structure.
///
/// Paragraphs are runs of non-blank lines; markup front ends lay out each block as its own
/// paragraph, so the same segmentation serves plain text, Markdown and HTML.
#[derive(Debug)]
pub struct Document<'a> {
    text: &'a str,
    paragraphs: Vec<Range<usize>>,
    /// Offsets of the line starts, found on first use (few findings need them).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Word spans and their keys, segmented together on first use.
    words: std::sync::OnceLock<Words>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Self {
        Document {
            text,
            paragraphs: paragraphs(text),
            line_starts: std::sync::OnceLock::new(),
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

    /// Range of the line holding `offset`, without its line terminator.
    pub fn line_at(&self, offset: usize) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let line_starts = self.line_starts.get_or_init(|| line_starts(bytes));
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

    /// A case-insensitive hash of every word (indexed like [`Self::word_spans`]), so that checks
    /// compare words as integers and confirm equal hashes on the text.
    pub fn word_keys(&self) -> &[u64] {
        &self.segmented().keys
    }

    /// The words as `(start, end)` byte offsets.
    pub fn word_spans(&self) -> &[(u32, u32)] {
        &self.segmented().spans
    }

    /// Whether word `i` (indexed like [`Self::word_spans`]) is ASCII without an apostrophe, so
    /// that its key is `fnv1a` of its lower-cased bytes and it can be nothing but itself (no
    /// elided article): the segmentation knows it already.
    pub fn word_is_plain(&self, i: usize) -> bool {
        self.segmented()
            .plain
            .get(i / 64)
            .is_some_and(|bits| bits >> (i % 64) & 1 == 1)
    }

    fn segmented(&self) -> &Words {
        self.words.get_or_init(|| segment_words(self.text))
    }
}

/// Byte offset of the start of every line of `bytes` (after each `\n`, and 0).
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .collect()
}

/// Whether `c` is part of a word for boundary purposes.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The key [`Document::word_keys`] gives `word`: FNV-1a over the lower-cased word; ASCII words
/// are folded byte by byte, so an ASCII lower-case word's key is `fnv1a` of its bytes.
pub fn word_key(word: &str, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    if word.is_ascii() {
        for &b in bytes {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME);
        }
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            h = (h ^ u64::from(c)).wrapping_mul(PRIME);
        }
    }
    h
}

/// The words of a document and their keys, indexed alike.
#[derive(Debug, Default)]
struct Words {
    spans: Vec<(u32, u32)>,
    keys: Vec<u64>,
    /// One bit per word: ASCII and no apostrophe ([`Document::word_is_plain`]).
    plain: Vec<u64>,
}

/// For each byte, its lower case if it is an ASCII letter or digit, else 0: one load both
/// classifies a byte and gives what the key folds in.
static ASCII_WORD_LOWER: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_WORD_LOWER[usize::from(b)] != 0
}

/// Splits `text` into words and hashes each in the same pass: every byte is read once, and an
/// ASCII word's key is folded while its end is being looked for.
fn segment_words(text: &str) -> Words {
    const PRIME: u64 = 0x100_0000_01b3;
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = text.as_bytes();
    let mut out = Words {
        spans: Vec::with_capacity(text.len() / 6),
        keys: Vec::with_capacity(text.len() / 6),
        plain: Vec::with_capacity(text.len() / 6 / 64 + 1),
    };
    // Offsets are stored as u32; longer documents are segmented up to 4 GiB.
    let limit = text.len().min(u32::MAX as usize);
    let char_at = |i: usize| text[i..].chars().next();
    let mut i = 0;
    while i < limit {
        // Separators: ASCII ones are skipped without decoding.
        match bytes[i..limit]
            .iter()
            .position(|&b| b >= 0x80 || is_ascii_word_byte(b))
        {
            Some(skip) => i += skip,
            None => break,
        }
        if bytes[i] >= 0x80 {
            let c = char_at(i).unwrap_or('\u{FFFD}');
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        let mut key = OFFSET;
        let mut ascii = true;
        let mut apostrophe = false;
        loop {
            for &b in &bytes[i..limit] {
                let lower = ASCII_WORD_LOWER[usize::from(b)];
                if lower == 0 {
                    break;
                }
                key = (key ^ u64::from(lower)).wrapping_mul(PRIME);
                i += 1;
            }
            // Most words end at an ASCII byte that is no apostrophe: no decoding then.
            if i >= limit || (bytes[i] < 0x80 && bytes[i] != b'\'') {
                break;
            }
            let Some(c) = char_at(i) else {
                break;
            };
            let len = c.len_utf8();
            if c.is_alphanumeric() {
                ascii = false;
            } else if (c == '\'' || c == '’') && char_at(i + len).is_some_and(char::is_alphabetic)
            {
                // An apostrophe inside a word (`don’t`) belongs to it.
                ascii &= c == '\'';
                apostrophe = true;
                key = (key ^ u64::from(b'\'')).wrapping_mul(PRIME);
            } else {
                break;
            }
            i += len;
        }
        if !ascii {
            key = word_key(&text[start..i], &bytes[start..i]);
        }
        let n = out.spans.len();
        if n.is_multiple_of(64) {
            out.plain.push(0);
        }
        if ascii && !apostrophe {
            out.plain[n / 64] |= 1 << (n % 64);
        }
        out.spans.push((start as u32, i as u32));
        out.keys.push(key);
    }
    out
}

fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        let next = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i + 1);
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
        pos = next;
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
                    crate::fnv::fnv1a(word.to_ascii_lowercase().as_bytes())
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
