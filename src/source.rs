//! A file as read from disk: its bytes, the decoded text the linter reads, and positions.

use crate::offsets::{OffsetMap, Piece};
use std::ops::Range;
use std::sync::OnceLock;

/// How many leading bytes are inspected to decide whether a file is binary.
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// The largest UTF-16 file that is decoded. Every character of a UTF-16 file is its own piece
/// of the offset map (UTF-16 and UTF-8 lengths differ, and spans must stay exact), about 16
/// bytes of map per byte of file; UTF-16 articles are small, so larger files are refused rather
/// than allowed to take gigabytes.
pub const MAX_UTF16_LEN: usize = 16 << 20;

/// Why a file is not linted as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// A NUL byte near the start: an image, archive or other binary.
    Binary,
    /// UTF-16 text larger than [`MAX_UTF16_LEN`].
    Utf16TooLarge,
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Binary => f.write_str("binary file (NUL byte found), skipped"),
            NotText::Utf16TooLarge => write!(
                f,
                "UTF-16 file larger than {} MiB, skipped: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)",
                MAX_UTF16_LEN >> 20
            ),
        }
    }
}

/// The encoding a source file was decoded from: told by its byte-order mark, or, for a file
/// that is not UTF-8, guessed from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (the default: no mark means UTF-8).
    Utf8,
    /// UTF-16, little endian (byte-order mark `FF FE`).
    Utf16Le,
    /// UTF-16, big endian (byte-order mark `FE FF`).
    Utf16Be,
    /// A legacy encoding (Windows-1252, ISO-8859-2, KOI8-R, Shift_JIS, ...), guessed by
    /// [`chardetng`] for a file whose bytes are not UTF-8 (see [`legacy_encoding`]).
    Legacy(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// Tells the encoding from the byte-order mark at the start of a file (UTF-8 without one).
    pub fn sniff(bytes: &[u8]) -> Encoding {
        match bytes {
            [0xFF, 0xFE, ..] => Encoding::Utf16Le,
            [0xFE, 0xFF, ..] => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }

    /// The usual name, as in messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Legacy(encoding) => encoding.name(),
        }
    }
}

/// The largest file whose legacy encoding is guessed and decoded: like a UTF-16 file's, its
/// map has a piece per character outside ASCII. A larger file is read as damaged UTF-8.
pub const MAX_LEGACY_LEN: usize = MAX_UTF16_LEN;

/// The legacy encoding of `bytes`, which are not valid UTF-8, if they read as one: their
/// invalid sequences outnumber the well-formed characters outside ASCII (a UTF-8 file damaged
/// here and there keeps being read as UTF-8, its damage reported where it is), and chardetng,
/// the detector Firefox uses for unlabelled pages, guesses an encoding that is not UTF-8.
pub fn legacy_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() > MAX_LEGACY_LEN {
        return None;
    }
    // Runs of invalid bytes, as [`SourceFile::new`] reports them, against characters of two
    // bytes or more.
    let (mut invalid, mut wide, mut in_run) = (0usize, 0usize, false);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        let bad = !chunk.invalid().is_empty();
        invalid += usize::from(bad && !(in_run && chunk.valid().is_empty()));
        in_run = bad;
    }
    if invalid == 0 || wide >= invalid {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    (guess != encoding_rs::UTF_8).then_some(guess)
}

/// Whether the start of a file is enough to know that it will not be linted: a NUL byte in a
/// file that is not UTF-16. Readers use it to stop reading a binary (or `/dev/zero`) early.
pub fn is_binary_prefix(prefix: &[u8]) -> bool {
    Encoding::sniff(prefix) == Encoding::Utf8
        && prefix[..prefix.len().min(BINARY_SNIFF_LEN)].contains(&0)
}

/// A source file: original bytes plus the decoded text and the map between them.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    /// The bytes, unless they are the text's own (valid UTF-8 without a BOM, most files):
    /// holding them twice would double the memory a large file takes.
    bytes: Option<Vec<u8>>,
    encoding: Encoding,
    text: String,
    map: OffsetMap,
    /// Byte ranges of the source that are not valid UTF-8 (or UTF-16).
    invalid: Vec<Range<usize>>,
    /// Byte offset of the start of every line, found when a position is first asked for (a
    /// file without findings never needs them); a UTF-16 file's come from its decoding.
    line_starts: OnceLock<Vec<usize>>,
    /// Characters of `text` before every [`CHAR_INDEX_STEP`]-th byte, built on first use, so
    /// that a column costs O(step) even on a single 100 MB line.
    char_index: OnceLock<Vec<usize>>,
}

/// Why `bytes` cannot be read as a [`SourceFile`], if they cannot.
pub fn not_text(bytes: &[u8]) -> Option<NotText> {
    match Encoding::sniff(bytes) {
        Encoding::Utf8 if is_binary_prefix(bytes) => Some(NotText::Binary),
        Encoding::Utf16Le | Encoding::Utf16Be if bytes.len() > MAX_UTF16_LEN => {
            Some(NotText::Utf16TooLarge)
        }
        _ => None,
    }
}

/// Distance between the checkpoints of the character index.
const CHAR_INDEX_STEP: usize = 256;

/// The longest stretch of a line whose characters are counted on the spot: the index is built
/// over the whole text, which an article whose long lines are a few kilobytes never needs.
const COUNT_ON_THE_SPOT: usize = 4096;

impl SourceFile {
    /// Decodes `bytes`: a UTF-8 BOM is dropped, each run of invalid UTF-8 becomes one U+FFFD
    /// and is remembered so that it can be reported at its byte offset. A file that starts with
    /// a UTF-16 byte-order mark is decoded as UTF-16 (unpaired surrogates and an odd last byte
    /// become U+FFFD, reported the same way); its diagnostics point at its UTF-16 bytes, but it
    /// gets no fixes, whose edits are UTF-8. A file in a legacy encoding ([`legacy_encoding`])
    /// is decoded from it, each character mapped to its bytes.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, NotText> {
        if let Some(not_text) = not_text(&bytes) {
            return Err(not_text);
        }
        let path = path.into();
        let encoding = Encoding::sniff(&bytes);
        if encoding != Encoding::Utf8 {
            return Self::decoded(path, bytes, encoding);
        }
        // Most files are valid UTF-8 without a byte-order mark: validated once, kept as is.
        let (bytes, valid) = match String::from_utf8(bytes) {
            Ok(text) if !text.starts_with('\u{FEFF}') => return Ok(Self::from_string(path, text)),
            Ok(text) => (text.into_bytes(), true),
            Err(e) => (e.into_bytes(), false),
        };
        let encoding = match valid {
            true => Encoding::Utf8,
            false => legacy_encoding(&bytes).map_or(Encoding::Utf8, Encoding::Legacy),
        };
        Self::decoded(path, bytes, encoding)
    }

    /// Decodes `bytes` as `encoding` says: a fixed file is read again in the encoding its
    /// original was found in, whatever a new guess would say.
    pub fn with_encoding(
        path: impl Into<String>,
        bytes: Vec<u8>,
        encoding: Encoding,
    ) -> Result<Self, NotText> {
        if let Some(not_text) = not_text(&bytes) {
            return Err(not_text);
        }
        Self::decoded(path.into(), bytes, encoding)
    }

    fn decoded(path: String, bytes: Vec<u8>, encoding: Encoding) -> Result<Self, NotText> {
        let (bytes, text, map, invalid, line_starts) = match encoding {
            Encoding::Utf8 => {
                let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
                    3
                } else {
                    0
                };
                let bytes = match (bom, String::from_utf8(bytes)) {
                    (0, Ok(text)) => return Ok(Self::from_string(path, text)),
                    (_, Ok(text)) => text.into_bytes(),
                    (_, Err(e)) => e.into_bytes(),
                };
                let (text, map, invalid) = decode(&bytes, bom);
                (bytes, text, map, invalid, OnceLock::new())
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let (text, map, invalid, line_starts) =
                    decode_utf16(&bytes, encoding == Encoding::Utf16Be);
                (bytes, text, map, invalid, OnceLock::from(line_starts))
            }
            Encoding::Legacy(legacy) => {
                let (text, map, invalid) = decode_legacy(&bytes, legacy);
                (bytes, text, map, invalid, OnceLock::new())
            }
        };
        Ok(SourceFile {
            path,
            bytes: Some(bytes),
            encoding,
            text,
            map,
            invalid,
            line_starts,
            char_index: OnceLock::new(),
        })
    }

    /// Convenience constructor for text that is already a string (tests, editors, stdin).
    pub fn from_text(path: impl Into<String>, text: &str) -> Self {
        Self::from_string(path.into(), text.to_string())
    }

    /// A file whose bytes are `text`'s: valid UTF-8 without a BOM.
    fn from_string(path: String, text: String) -> Self {
        SourceFile {
            path,
            bytes: None,
            encoding: Encoding::Utf8,
            text,
            map: OffsetMap::Identity,
            invalid: Vec::new(),
            line_starts: OnceLock::new(),
            char_index: OnceLock::new(),
        }
    }

    /// The path as given, used in messages and to choose the markup.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The bytes as stored, which diagnostic spans and fix edits index.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or(self.text.as_bytes())
    }
    /// The encoding the bytes were decoded from.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }
    /// The decoded text the linter reads.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// Map from offsets in [`Self::text`] to source bytes.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }
    /// Source byte ranges that are not valid UTF-8 (in a UTF-16 file: not valid UTF-16).
    pub fn invalid_utf8(&self) -> &[Range<usize>] {
        &self.invalid
    }

    /// 1-based line and column of a source byte offset; columns count characters, an invalid
    /// UTF-8 sequence counting as one.
    pub fn position(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.bytes().len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= byte);
        let start = line_starts[line - 1];
        // Counted on the decoded text, where each invalid sequence is one U+FFFD.
        let from = self.map.to_text(start..start).start;
        let to = self.map.to_text(byte..byte).start;
        // A column in a line of ordinary length is counted on the spot; the index is for the
        // columns of very long lines.
        let column = match self.text.as_bytes().get(from..to) {
            Some(span) if span.len() <= COUNT_ON_THE_SPOT => count_chars(span),
            _ => self
                .chars_before(to)
                .saturating_sub(self.chars_before(from)),
        };
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
    /// decode. A UTF-16 or legacy file has no UTF-8 bytes, so there the column counts those of
    /// its decoded text.
    pub fn byte_position(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.bytes().len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= byte);
        let start = line_starts[line - 1];
        let column = match self.encoding {
            Encoding::Utf8 => byte - start,
            Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Legacy(_) => {
                self.map.to_text(byte..byte).start - self.map.to_text(start..start).start
            }
        };
        (line, column + 1)
    }

    /// Number of lines (a final line without newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// Takes `line_starts` ([`crate::offsets::line_starts`] of [`Self::text`]) as the file's
    /// own when its bytes are its text's (not when a BOM or invalid bytes were decoded away),
    /// so that they are not looked for again.
    pub fn adopt_line_starts(&self, line_starts: Vec<usize>) {
        if self.bytes.is_none() {
            let _ = self.line_starts.set(line_starts);
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| crate::offsets::line_starts(self.bytes()))
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
    let mut invalid: Vec<Range<usize>> = Vec::new();
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
            // Invalid sequences with nothing valid between them are one run: one U+FFFD, one
            // finding, however many bytes (a megabyte of random bytes is one finding a stretch).
            match (valid.is_empty(), pieces.last_mut(), invalid.last_mut()) {
                (true, Some(piece), Some(run)) if run.end == src => {
                    piece.src_len += bad.len();
                    run.end += bad.len();
                }
                _ => {
                    pieces.push(Piece {
                        text_start: text.len(),
                        text_len: '\u{FFFD}'.len_utf8(),
                        src_start: src,
                        src_len: bad.len(),
                    });
                    text.push('\u{FFFD}');
                    invalid.push(src..src + bad.len());
                }
            }
            src += bad.len();
        }
    }
    (text, OffsetMap::from_pieces(pieces), invalid)
}

/// Decodes `bytes` from the legacy `encoding`, each character mapped to the bytes it came from
/// (runs of ASCII in one piece), so that spans point at the file's own bytes. A byte the
/// encoding does not define (and a multi-byte sequence it cannot read) becomes U+FFFD and is
/// reported as invalid. Single-byte encodings are read through a table of their 256 bytes;
/// the others byte by byte through encoding_rs's decoder, which says where each character ends.
fn decode_legacy(
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
) -> (String, OffsetMap, Vec<Range<usize>>) {
    let mut out = Pieces::default();
    let mut invalid: Vec<Range<usize>> = Vec::new();
    let mut push = |out: &mut Pieces, decoded: &str, src: Range<usize>, bad: bool| {
        if bad {
            match invalid.last_mut() {
                Some(run) if run.end == src.start => run.end = src.end,
                _ => invalid.push(src.clone()),
            }
        }
        out.push(decoded, src);
    };
    if encoding.is_single_byte() {
        let table: Vec<(String, bool)> = (0..=255u8)
            .map(|b| {
                let byte = [b];
                let (decoded, bad) = encoding.decode_without_bom_handling(&byte);
                (decoded.into_owned(), bad)
            })
            .collect();
        for (at, &b) in bytes.iter().enumerate() {
            let (decoded, bad) = &table[usize::from(b)];
            push(&mut out, decoded, at..at + 1, *bad);
        }
    } else {
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut buffer = [0u8; 64];
        let mut start = 0;
        for at in 0..bytes.len() {
            let last = at + 1 == bytes.len();
            let (_, _, written, bad) =
                decoder.decode_to_utf8(&bytes[at..at + 1], &mut buffer, last);
            if written > 0 {
                let decoded = std::str::from_utf8(&buffer[..written]).unwrap_or("\u{FFFD}");
                push(&mut out, decoded, start..at + 1, bad);
                start = at + 1;
            }
        }
    }
    (out.text, OffsetMap::from_pieces(out.pieces), invalid)
}

/// A decoded text and its map, built a character at a time: characters that are their own
/// bytes (ASCII read as ASCII) join one exact piece.
#[derive(Default)]
struct Pieces {
    text: String,
    pieces: Vec<Piece>,
}

impl Pieces {
    fn push(&mut self, decoded: &str, src: Range<usize>) {
        let exact = decoded.len() == src.len();
        if exact
            && let Some(last) = self.pieces.last_mut()
            && last.text_len == last.src_len
            && last.src_start + last.src_len == src.start
            && last.text_start + last.text_len == self.text.len()
        {
            last.text_len += decoded.len();
            last.src_len += src.len();
        } else {
            self.pieces.push(Piece {
                text_start: self.text.len(),
                text_len: decoded.len(),
                src_start: src.start,
                src_len: src.len(),
            });
        }
        self.text.push_str(decoded);
    }
}

/// Decodes UTF-16 after its 2-byte BOM, one piece per character so that every span maps back
/// to exactly the code units it came from. Returns the text, its map, the invalid ranges and the
/// source offsets of the line starts.
fn decode_utf16(
    bytes: &[u8],
    big_endian: bool,
) -> (String, OffsetMap, Vec<Range<usize>>, Vec<usize>) {
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|u| {
        let pair = [u[0], u[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len());
    let mut pieces = Vec::with_capacity(body.len() / 2 + 1);
    let mut invalid = Vec::new();
    let mut line_starts = vec![0];
    let mut src = 2;
    let mut push = |c: char, src_len: usize, src: &mut usize, text: &mut String| {
        pieces.push(Piece {
            text_start: text.len(),
            text_len: c.len_utf8(),
            src_start: *src,
            src_len,
        });
        text.push(c);
        *src += src_len;
    };
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => {
                push(c, c.len_utf16() * 2, &mut src, &mut text);
                if c == '\n' {
                    line_starts.push(src);
                }
            }
            Err(_) => {
                invalid.push(src..src + 2);
                push('\u{FFFD}', 2, &mut src, &mut text);
            }
        }
    }
    if src < bytes.len() {
        // An odd number of bytes: the last one is half a code unit.
        invalid.push(src..bytes.len());
        push('\u{FFFD}', bytes.len() - src, &mut src, &mut text);
    }
    (text, OffsetMap::from_pieces(pieces), invalid, line_starts)
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
        let bad = SourceFile::with_encoding("t", b"a\xE2\x80b".to_vec(), Encoding::Utf8).unwrap();
        assert_eq!(bad.byte_position(3), (1, 4));
        assert_eq!(bad.position(3), (1, 3));
    }

    #[test]
    fn invalid_utf8_is_mapped_and_kept() {
        let f = SourceFile::with_encoding("t", b"ab\xFFcd".to_vec(), Encoding::Utf8).unwrap();
        assert_eq!(f.text(), "ab\u{FFFD}cd");
        assert_eq!(f.invalid_utf8().len(), 1);
        assert_eq!(f.invalid_utf8()[0], 2..3);
        assert_eq!(f.map().to_source(5..7), 3..5);
        assert_eq!(f.position(3), (1, 4));
    }

    #[test]
    fn runs_of_invalid_utf8_are_one_replacement_each() {
        // Among well-formed characters (`é`), so read as damaged UTF-8.
        let f = SourceFile::new(
            "t",
            b"\xC3\xA9\xC3\xA9 \xFF\xFE\x80 x \xED\xA0\x80".to_vec(),
        )
        .unwrap();
        assert_eq!(f.encoding(), Encoding::Utf8);
        assert_eq!(f.text(), "éé \u{FFFD} x \u{FFFD}");
        assert_eq!(f.invalid_utf8(), [5..8, 11..14]);
    }

    #[test]
    fn a_legacy_encoding_is_guessed_and_mapped_character_by_character() {
        let bytes = b"Caf\xE9 \x93na\xEFve\x94 r\xE9sum\xE9 and more words.".to_vec();
        let f = SourceFile::new("t", bytes).unwrap();
        assert_eq!(f.encoding(), Encoding::Legacy(encoding_rs::WINDOWS_1252));
        assert_eq!(f.encoding().name(), "windows-1252");
        assert_eq!(f.text(), "Café “naïve” résumé and more words.");
        assert!(f.invalid_utf8().is_empty());
        // `“` is three bytes of text and one of the file; ASCII runs map one to one.
        let quote = f.text().find('“').unwrap();
        assert_eq!(f.map().to_source(quote..quote + 3), 5..6);
        let and = f.text().find("and").unwrap();
        assert_eq!(f.map().to_source(and..and + 3), 20..23);
        assert!(f.map().is_exact(and..and + 3));
        assert_eq!(f.position(20), (1, 21));
        assert_eq!(f.byte_position(20), (1, 29));
    }

    #[test]
    fn a_multi_byte_legacy_encoding_maps_each_character_to_its_bytes() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("日本語の記事です。Tokyo の天気は晴れ。");
        let decoded = decode_legacy(&bytes, encoding_rs::SHIFT_JIS);
        assert_eq!(decoded.0, "日本語の記事です。Tokyo の天気は晴れ。");
        assert!(decoded.2.is_empty());
        let tokyo = decoded.0.find("Tokyo").unwrap();
        // Nine characters of two bytes before it.
        assert_eq!(decoded.1.to_source(tokyo..tokyo + 5), 18..23);
        let ten = decoded.0.find('天').unwrap();
        assert_eq!(decoded.1.to_source(ten..ten + 3), 26..28);
    }

    #[test]
    fn utf8_with_few_bad_bytes_or_none_is_never_guessed_legacy() {
        assert_eq!(legacy_encoding(b"plain ASCII"), None);
        assert_eq!(legacy_encoding("déjà “vu”".as_bytes()), None);
        assert_eq!(legacy_encoding(b"d\xC3\xA9j\xC3\xA0 \xFF vu"), None);
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
        assert!(is_binary_prefix(b"a\0b"));
        assert!(!is_binary_prefix(b"\xFF\xFEa\0"));
    }

    /// `text` in UTF-16 with a byte-order mark.
    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            bytes.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf16_is_decoded_with_exact_spans() {
        for big_endian in [false, true] {
            let f = SourceFile::new("t", utf16("a“é”\n😀x\n", big_endian)).unwrap();
            assert_eq!(f.text(), "a“é”\n😀x\n");
            let expected = if big_endian {
                Encoding::Utf16Be
            } else {
                Encoding::Utf16Le
            };
            assert_eq!(f.encoding(), expected);
            // “ is text 1..4, source 4..6; é text 4..6, source 6..8; 😀 text 10..14, source 12..16
            assert_eq!(f.map().to_source(1..4), 4..6);
            assert_eq!(f.map().to_source(1..9), 4..10);
            assert_eq!(f.map().to_source(10..14), 12..16);
            assert_eq!(f.map().to_source(14..15), 16..18);
            assert_eq!(f.position(4), (1, 2));
            assert_eq!(f.position(12), (2, 1));
            assert_eq!(f.position(16), (2, 2));
            assert_eq!(f.byte_position(16), (2, 5));
            assert_eq!(f.line_count(), 3);
            assert!(f.invalid_utf8().is_empty());
        }
    }

    #[test]
    fn broken_utf16_is_reported() {
        // An unpaired high surrogate, then an odd last byte.
        let f = SourceFile::new("t", b"\xFF\xFEa\x00\x00\xD8b\x00\x0A".to_vec()).unwrap();
        assert_eq!(f.text(), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(f.invalid_utf8(), [4..6, 8..9]);
        assert_eq!(f.map().to_source(1..4), 4..6);
        // A BOM alone is an empty file.
        let f = SourceFile::new("t", b"\xFE\xFF".to_vec()).unwrap();
        assert_eq!(f.text(), "");
    }
}
