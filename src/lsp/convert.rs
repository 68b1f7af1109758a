//! Between copydesk's byte offsets and LSP positions: lines, and columns counted in the
//! encoding the client negotiated (UTF-16 code units by default, UTF-8 bytes when it offers
//! them). A position past the end of its line is clamped to the line's end, as the
//! specification asks.

use lsp_types::Position;
use std::ops::Range;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The start of every line of a text, for converting offsets both ways. A line ends after
/// `\n`; a `\r` before it belongs to the line (a column can point at it, never past it).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    encoding: Encoding,
}

impl LineIndex {
    pub fn new(text: &str, encoding: Encoding) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, encoding }
    }

    /// The LSP position of byte offset `at` of `text`.
    pub fn position(&self, text: &str, at: usize) -> Position {
        let at = floor_char(text, at.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let start = self.starts[line];
        let character = match self.encoding {
            Encoding::Utf8 => at - start,
            Encoding::Utf16 => text[start..at].encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of `position` in `text`, clamped to its line (without the line break).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let line = &text[start..end.max(start)];
        let wanted = position.character as usize;
        let within = match self.encoding {
            Encoding::Utf8 => floor_char(line, wanted.min(line.len())),
            Encoding::Utf16 => {
                let mut units = 0;
                line.char_indices()
                    .find(|&(_, c)| {
                        units += c.len_utf16();
                        units > wanted
                    })
                    .map_or(line.len(), |(i, _)| i)
            }
        };
        start + within
    }

    /// The LSP range of a byte range of `text`.
    pub fn range(&self, text: &str, range: Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, range.start),
            self.position(text, range.end),
        )
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a😀é\r\nxé";
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        let at_e = "a😀".len();
        assert_eq!(utf16.position(text, at_e), Position::new(0, 3));
        assert_eq!(utf8.position(text, at_e), Position::new(0, 5));
        assert_eq!(utf16.offset(text, Position::new(0, 3)), at_e);
        assert_eq!(utf8.offset(text, Position::new(0, 5)), at_e);
        // Inside the emoji's surrogate pair: the character's start.
        assert_eq!(utf16.offset(text, Position::new(0, 2)), 1);
        // Past the end of a line: its end, before `\n` (the `\r` is part of the line).
        let second = text.find('x').unwrap();
        assert_eq!(utf16.offset(text, Position::new(0, 99)), second - 1);
        assert_eq!(utf16.position(text, second + 1), Position::new(1, 1));
        assert_eq!(utf16.offset(text, Position::new(7, 0)), text.len());
    }
}
