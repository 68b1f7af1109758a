//! A file as read from disk: its bytes, the decoded text the linter reads, and positions.

use crate::offsets::{OffsetMap, Piece};
use std::ops::Range;
use std::sync::OnceLock;

/// How many leading bytes are inspected to decide whether a file is binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Why a file is not linted as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// A NUL byte near the start: an image, archive or other binary.
    Binary,
    /// UTF-16 text (recognised by its byte-order mark); copydesk reads UTF-8 only.
    Utf16,
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Binary => f.write_str("binary file (NUL byte found), skipped"),
            NotText::Utf16 => {
                f.write_str("UTF-16 file, skipped: copydesk reads UTF-8 (convert with iconv)")
            }
        }
    }
}

/// A source file: original bytes plus the decoded text and the map between them.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    bytes: Vec<u8>,
    text: String,
    map: OffsetMap,
    /// Byte ranges of the source that are not valid UTF-8.
    invalid: Vec<Range<usize>>,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// Characters of `text` before every [`CHAR_INDEX_STEP`]-th byte, built on first use, so
    /// that a column costs O(step) even on a single 100 MB line.
    char_index: OnceLock<Vec<usize>>,
}

/// Distance between the checkpoints of the character index.
const CHAR_INDEX_STEP: usize = 4096;

impl SourceFile {
    /// Decodes `bytes`: a UTF-8 BOM is dropped, each invalid UTF-8 sequence becomes U+FFFD and is
    /// remembered so that it can be reported at its byte offset.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, NotText> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(NotText::Utf16);
        }
        let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
        if sniff.contains(&0) {
            return Err(NotText::Binary);
        }
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let (text, map, invalid) = decode(&bytes, bom);
        let line_starts = std::iter::once(0)
            .chain(memchr_iter(b'\n', &bytes).map(|i| i + 1))
            .collect();
        Ok(SourceFile {
            path: path.into(),
            bytes,
            text,
            map,
            invalid,
            line_starts,
            char_index: OnceLock::new(),
        })
    }

    /// Convenience constructor for text that is already a string (tests, editors, stdin).
    pub fn from_text(path: impl Into<String>, text: &str) -> Self {
        let bytes = text.as_bytes().to_vec();
        let line_starts = std::iter::once(0)
            .chain(memchr_iter(b'\n', &bytes).map(|i| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            bytes,
            text: text.to_string(),
            map: OffsetMap::Identity,
            invalid: Vec::new(),
            line_starts,
            char_index: OnceLock::new(),
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    /// The decoded text the linter reads.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Map from offsets in [`Self::text`] to source bytes.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }
    /// Source byte ranges that are not valid UTF-8.
    pub fn invalid_utf8(&self) -> &[Range<usize>] {
        &self.invalid
    }

    /// 1-based line and column of a source byte offset; columns count characters, an invalid
    /// UTF-8 sequence counting as one.
    pub fn position(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.bytes.len());
        let line = self.line_starts.partition_point(|&s| s <= byte);
        let start = self.line_starts[line - 1];
        // Counted on the decoded text, where each invalid sequence is one U+FFFD.
        let from = self.map.to_text(start..start).start;
        let to = self.map.to_text(byte..byte).start;
        let column = self
            .chars_before(to)
            .saturating_sub(self.chars_before(from));
        (line, column + 1)
    }

    /// Number of characters in `text[..at]`.
    fn chars_before(&self, at: usize) -> usize {
        let text = self.text.as_bytes();
        let at = at.min(text.len());
        if text.len() <= CHAR_INDEX_STEP {
            return count_chars(&text[..at]);
        }
        let index = self.char_index.get_or_init(|| {
            let mut total = 0;
            let mut index = vec![0];
            for chunk in text.chunks(CHAR_INDEX_STEP) {
                total += count_chars(chunk);
                index.push(total);
            }
            index
        });
        let k = at / CHAR_INDEX_STEP;
        index[k] + count_chars(&text[k * CHAR_INDEX_STEP..at])
    }

    /// 1-based line and column of a source byte offset, the column counting UTF-8 bytes from the
    /// start of the line: reviewdog's rdjson convention, which does not depend on how the bytes
    /// decode.
    pub fn byte_position(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.bytes.len());
        let line = self.line_starts.partition_point(|&s| s <= byte);
        (line, byte - self.line_starts[line - 1] + 1)
    }

    /// Number of lines (a final line without newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Characters in UTF-8 bytes: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

fn decode(bytes: &[u8], bom: usize) -> (String, OffsetMap, Vec<Range<usize>>) {
    let body = &bytes[bom..];
    if let Ok(text) = std::str::from_utf8(body) {
        let map = if bom == 0 {
            OffsetMap::Identity
        } else {
            OffsetMap::from_pieces(vec![Piece {
                text_start: 0,
                text_len: text.len(),
                src_start: bom,
                src_len: text.len(),
            }])
        };
        return (text.to_string(), map, Vec::new());
    }
    let mut text = String::with_capacity(body.len() + 16);
    let mut pieces = Vec::new();
    let mut invalid = Vec::new();
    let mut src = bom;
    for chunk in body.utf8_chunks() {
        let valid = chunk.valid();
        if !valid.is_empty() {
            pieces.push(Piece {
                text_start: text.len(),
                text_len: valid.len(),
                src_start: src,
                src_len: valid.len(),
            });
            text.push_str(valid);
            src += valid.len();
        }
        let bad = chunk.invalid();
        if !bad.is_empty() {
            pieces.push(Piece {
                text_start: text.len(),
                text_len: '\u{FFFD}'.len_utf8(),
                src_start: src,
                src_len: bad.len(),
            });
            text.push('\u{FFFD}');
            invalid.push(src..src + bad.len());
            src += bad.len();
        }
    }
    (text, OffsetMap::from_pieces(pieces), invalid)
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |&(_, &b)| b == needle)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let f = SourceFile::from_text("t", "ab\n“é” x\n");
        assert_eq!(f.position(0), (1, 1));
        assert_eq!(f.position(3), (2, 1));
        // after “é” (3 + 2 + 3 bytes) and a space
        assert_eq!(f.position(3 + 8 + 1), (2, 5));
    }

    #[test]
    fn byte_positions_count_bytes() {
        let f = SourceFile::from_text("t", "ab\n“é” x\n");
        assert_eq!(f.byte_position(0), (1, 1));
        assert_eq!(f.byte_position(2), (1, 3));
        assert_eq!(f.byte_position(3), (2, 1));
        assert_eq!(f.byte_position(3 + 8 + 1), (2, 10));
        // the end of the file is one past the last line break
        assert_eq!(f.byte_position(100), (3, 1));
        // a truncated three-byte sequence: two bytes, one column in `position`
        let bad = SourceFile::new("t", b"a\xE2\x80b".to_vec()).unwrap();
        assert_eq!(bad.byte_position(3), (1, 4));
        assert_eq!(bad.position(3), (1, 3));
    }

    #[test]
    fn invalid_utf8_is_mapped_and_kept() {
        let f = SourceFile::new("t", b"ab\xFFcd".to_vec()).unwrap();
        assert_eq!(f.text(), "ab\u{FFFD}cd");
        assert_eq!(f.invalid_utf8().len(), 1);
        assert_eq!(f.invalid_utf8()[0], 2..3);
        assert_eq!(f.map().to_source(5..7), 3..5);
        assert_eq!(f.position(3), (1, 4));
    }

    #[test]
    fn bom_and_binary() {
        let f = SourceFile::new("t", b"\xEF\xBB\xBFhi".to_vec()).unwrap();
        assert_eq!(f.text(), "hi");
        assert_eq!(f.map().to_source(0..2), 3..5);
        assert_eq!(
            SourceFile::new("t", b"a\0b".to_vec()).unwrap_err(),
            NotText::Binary
        );
        assert_eq!(
            SourceFile::new("t", b"\xFF\xFEa\0".to_vec()).unwrap_err(),
            NotText::Utf16
        );
    }
}
