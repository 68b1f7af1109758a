//! Mapping between the text the checks read and the bytes of the source file.
//!
//! Checks never see the raw file: they see a text that was decoded (invalid UTF-8 replaced, a BOM
//! dropped) and, for markup, reduced to its prose. Every diagnostic must still point at the exact
//! source bytes, so each transformation records an [`OffsetMap`] instead of re-finding matches by
//! string search afterwards.

use std::ops::Range;

/// One run of the derived text and the source range it came from.
///
/// A run is either *exact* (the same bytes, so offsets inside it map one to one) or *atomic*
/// (a replacement such as `&amp;` → `&`, where only the run's ends can be mapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub text_start: usize,
    pub text_len: usize,
    pub src_start: usize,
    pub src_len: usize,
}

impl Piece {
    fn exact(&self) -> bool {
        self.text_len == self.src_len
    }
    fn text_end(&self) -> usize {
        self.text_start + self.text_len
    }
}

/// A monotone map from offsets in a derived text to offsets in its source.
///
/// `Identity` costs nothing, which is the common case of a valid UTF-8 plain-text file.
#[derive(Debug, Clone, Default)]
pub enum OffsetMap {
    #[default]
    Identity,
    Pieces(Vec<Piece>),
}

impl OffsetMap {
    /// Builds a map from pieces given in increasing order of both coordinates.
    pub fn from_pieces(pieces: Vec<Piece>) -> Self {
        let identity = pieces
            .iter()
            .all(|p| p.exact() && p.text_start == p.src_start);
        if identity {
            OffsetMap::Identity
        } else {
            OffsetMap::Pieces(pieces)
        }
    }

    /// Maps a range of the derived text to the source range that produced it.
    ///
    /// A range that cuts into an atomic piece widens to the whole piece; text that was added
    /// (separators between blocks) maps to the nearest source position.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        self.map(range, Direction::ToSource)
    }

    /// Maps a range of the source back to the derived text (for rendering and fixes).
    pub fn to_text(&self, range: Range<usize>) -> Range<usize> {
        self.map(range, Direction::ToText)
    }

    fn map(&self, range: Range<usize>, dir: Direction) -> Range<usize> {
        match self {
            OffsetMap::Identity => range,
            OffsetMap::Pieces(pieces) => {
                let start = map_start(pieces, range.start, dir);
                let end = if range.end == range.start {
                    start
                } else {
                    map_end(pieces, range.end, dir).max(start)
                };
                start..end
            }
        }
    }

    /// True when the text range maps one to one onto source bytes, so an edit of it can be
    /// carried over to the source unchanged.
    pub fn is_exact(&self, range: Range<usize>) -> bool {
        match self {
            OffsetMap::Identity => true,
            OffsetMap::Pieces(pieces) => {
                let i = piece_index(pieces, range.start);
                let Some(p) = pieces.get(i) else {
                    return false;
                };
                p.exact() && p.text_start <= range.start && range.end <= p.text_end()
            }
        }
    }

    /// True when deleting the range of `text` (the derived text) can be carried over to the
    /// source by deleting the source range it maps to: the range lies in exact pieces that follow
    /// each other in both texts, except that it may cover whole line breaks of a CRLF input (the
    /// markup front ends map one `\n` of text onto `\r\n`), so that deleting whole lines of
    /// prose is exact in CRLF files too.
    pub fn deletes_exactly(&self, text: &str, range: Range<usize>) -> bool {
        let OffsetMap::Pieces(pieces) = self else {
            return true;
        };
        if range.is_empty() {
            return self.is_exact(range);
        }
        let mut i = piece_index(pieces, range.start);
        let mut at = range.start;
        let mut src_end = None;
        while at < range.end {
            let Some(p) = pieces.get(i) else {
                return false;
            };
            // Text that was added (a separator) has no source to delete, and source between two
            // pieces (markup) would stay behind.
            if p.text_start > at || src_end.is_some_and(|end| end != p.src_start) {
                return false;
            }
            if !p.exact() {
                let line_break = p.text_len == 1
                    && p.src_len == 2
                    && text.as_bytes().get(p.text_start) == Some(&b'\n');
                if !line_break || range.start > p.text_start || range.end < p.text_end() {
                    return false;
                }
            }
            at = p.text_end();
            src_end = Some(p.src_start + p.src_len);
            i += 1;
        }
        true
    }
}

/// Which way a range is mapped; pieces are monotone in both coordinates, so one binary search
/// serves either way.
#[derive(Debug, Clone, Copy)]
enum Direction {
    ToSource,
    ToText,
}

impl Direction {
    /// (start, len) of a piece on the side mapped from, then on the side mapped to.
    fn sides(self, p: &Piece) -> ((usize, usize), (usize, usize)) {
        let text = (p.text_start, p.text_len);
        let src = (p.src_start, p.src_len);
        match self {
            Direction::ToSource => (text, src),
            Direction::ToText => (src, text),
        }
    }
}

/// Index of the piece containing text offset `offset`, or of the first piece after it.
fn piece_index(pieces: &[Piece], offset: usize) -> usize {
    pieces.partition_point(|p| p.text_end() <= offset)
}

fn map_start(pieces: &[Piece], offset: usize, dir: Direction) -> usize {
    let i = pieces.partition_point(|p| {
        let ((s, l), _) = dir.sides(p);
        s + l <= offset
    });
    match pieces.get(i).map(|p| dir.sides(p)) {
        Some(((from, from_len), (to, to_len))) if offset >= from => {
            if from_len == to_len {
                to + (offset - from)
            } else {
                to
            }
        }
        // In a gap (added text) or past the end: the start of the next piece.
        Some((_, (to, _))) => to,
        None => pieces.last().map_or(offset, |p| {
            let (_, (to, to_len)) = dir.sides(p);
            to + to_len
        }),
    }
}

fn map_end(pieces: &[Piece], offset: usize, dir: Direction) -> usize {
    // The piece holding the last byte before `offset`.
    let i = pieces.partition_point(|p| dir.sides(p).0.0 < offset);
    if i == 0 {
        return pieces.first().map_or(offset, |p| dir.sides(p).1.0);
    }
    let ((from, from_len), (to, to_len)) = dir.sides(&pieces[i - 1]);
    if offset >= from + from_len || from_len != to_len {
        to + to_len
    } else {
        to + (offset - from)
    }
}

/// Byte offset of the start of every line of `bytes` (after each `\n`, and 0).
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> OffsetMap {
        // text: "a&b" from source "a&amp;b", then an added "\n\n", then "cd" from source at 20.
        OffsetMap::from_pieces(vec![
            Piece {
                text_start: 0,
                text_len: 1,
                src_start: 0,
                src_len: 1,
            },
            Piece {
                text_start: 1,
                text_len: 1,
                src_start: 1,
                src_len: 5,
            },
            Piece {
                text_start: 2,
                text_len: 1,
                src_start: 6,
                src_len: 1,
            },
            Piece {
                text_start: 5,
                text_len: 2,
                src_start: 20,
                src_len: 2,
            },
        ])
    }

    #[test]
    fn atomic_pieces_widen() {
        let m = map();
        assert_eq!(m.to_source(1..2), 1..6);
        assert_eq!(m.to_source(0..3), 0..7);
        assert_eq!(m.to_source(2..3), 6..7);
        assert!(!m.is_exact(1..2));
        assert!(m.is_exact(2..3));
    }

    #[test]
    fn added_text_maps_to_neighbours() {
        let m = map();
        assert_eq!(m.to_source(3..5), 20..20);
        assert_eq!(m.to_source(5..7), 20..22);
        assert_eq!(m.to_source(2..6), 6..21);
    }

    #[test]
    fn inverse() {
        let m = map();
        assert_eq!(m.to_text(1..6), 1..2);
        assert_eq!(m.to_text(20..22), 5..7);
        assert_eq!(OffsetMap::Identity.to_text(3..4), 3..4);
    }

    #[test]
    fn deletions_may_take_whole_crlf_line_breaks_only() {
        let piece = |text_start, text_len, src_start, src_len| Piece {
            text_start,
            text_len,
            src_start,
            src_len,
        };
        // Text "ab\n\ncd&e" from "ab\r\n\r\ncd&amp;e": the first break is the input's CRLF,
        // the second one added between paragraphs.
        let text = "ab\n\ncd&e";
        let m = OffsetMap::from_pieces(vec![
            piece(0, 2, 0, 2),
            piece(2, 1, 2, 2),
            piece(4, 2, 6, 2),
            piece(6, 1, 8, 5),
            piece(7, 1, 13, 1),
        ]);
        assert!(m.deletes_exactly(text, 0..3));
        assert!(m.deletes_exactly(text, 1..3));
        assert!(m.deletes_exactly(text, 2..3));
        assert_eq!(m.to_source(0..3), 0..4);
        assert!(m.deletes_exactly(text, 4..6));
        // Across the added break, or any of an entity: not exact.
        assert!(!m.deletes_exactly(text, 2..5));
        assert!(!m.deletes_exactly(text, 5..7));
        assert!(!m.deletes_exactly(text, 6..7));
        // Source between two pieces (markup) would stay behind.
        let gap = OffsetMap::from_pieces(vec![piece(0, 2, 0, 2), piece(2, 2, 4, 2)]);
        assert!(gap.deletes_exactly("abcd", 0..2));
        assert!(!gap.deletes_exactly("abcd", 1..3));
        assert!(OffsetMap::Identity.deletes_exactly("abcd", 1..3));
    }
}
