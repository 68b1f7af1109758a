//! The prose of one document, segmented once and shared by every check.

use super::words::{WordTable, Words};
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
    words: std::sync::OnceLock<WordTable>,
    /// Ranges that the markup marks as page furniture (see [`Document::regions`]).
    regions: &'a [Range<usize>],
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = line_starts(text.as_bytes());
        Document {
            text,
            paragraphs: paragraphs(text, &line_starts),
            line_starts,
            words: std::sync::OnceLock::new(),
            regions: &[],
        }
    }

    /// The document with `regions` (in order and apart) marked as page furniture.
    pub fn with_regions(self, regions: &'a [Range<usize>]) -> Self {
        Document { regions, ..self }
    }

    /// Ranges of the text that the markup marks as page furniture: the text of an HTML page's
    /// `nav`, `aside` and `footer` elements read as prose. Empty for plain text and Markdown.
    pub fn regions(&self) -> &'a [Range<usize>] {
        self.regions
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

    /// The words (maximal runs of letters and digits, with apostrophes inside words) and their
    /// keys, segmented once per document on first use and shared by every check.
    pub fn words(&self) -> Words<'_> {
        Words::new(
            self.text,
            self.words.get_or_init(|| WordTable::segment(self.text)),
        )
    }

    /// Whether the words have been segmented (tests check which checks read them).
    #[cfg(test)]
    pub(crate) fn words_segmented(&self) -> bool {
        self.words.get().is_some()
    }
}

pub use crate::offsets::line_starts;

/// Offset of the first byte of `bytes` outside ASCII. Most prose is ASCII for kilobytes at a
/// time: 32 bytes are read as four 64-bit words, ORed and tested against the high bits at
/// once, where a byte-by-byte search takes a compare and a branch for each (and a fold over
/// the bytes was compiled a byte at a time).
pub fn find_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(32);
    for (b, block) in (&mut blocks).enumerate() {
        let word =
            |k: usize| u64::from_le_bytes(block[8 * k..8 * k + 8].try_into().unwrap_or_default());
        if (word(0) | word(1) | word(2) | word(3)) & super::swar::HIGH != 0 {
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
    fn sentence_starts() {
        let d = Document::new("One two. “Three four\nfive");
        assert!(d.starts_sentence(0));
        assert!(!d.starts_sentence(4));
        assert!(d.starts_sentence(12));
        assert!(!d.starts_sentence(d.text().find("five").unwrap()));
    }
}
