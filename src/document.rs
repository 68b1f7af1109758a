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
    line_starts: Vec<usize>,
    words: std::cell::OnceCell<Vec<(u32, u32)>>,
    word_keys: std::cell::OnceCell<Vec<u64>>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Document {
            text,
            paragraphs: paragraphs(text),
            line_starts,
            words: std::cell::OnceCell::new(),
            word_keys: std::cell::OnceCell::new(),
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
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let mut end = self
            .line_starts
            .get(line)
            .map_or(bytes.len(), |&next| next - 1);
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
        self.word_keys.get_or_init(|| {
            let text = self.text.as_bytes();
            self.word_spans()
                .iter()
                .map(|&(s, e)| {
                    word_key(
                        &self.text[s as usize..e as usize],
                        &text[s as usize..e as usize],
                    )
                })
                .collect()
        })
    }

    /// The words as `(start, end)` byte offsets.
    pub fn word_spans(&self) -> &[(u32, u32)] {
        self.words.get_or_init(|| segment_words(self.text))
    }
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

/// Splits `text` into words in one pass; ASCII takes a byte-level fast path.
fn segment_words(text: &str) -> Vec<(u32, u32)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    // Offsets are stored as u32; longer documents are segmented up to 4 GiB.
    let limit = text.len().min(u32::MAX as usize);
    let mut i = 0;
    let mut start: Option<usize> = None;
    while i < limit {
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            (c, c.len_utf8())
        };
        let alnum = if b < 0x80 {
            b.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alnum {
            start.get_or_insert(i);
        } else if let Some(s) = start {
            let apostrophe = c == '\'' || c == '’';
            let letter_follows = text[i + len..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
            if !(apostrophe && letter_follows) {
                out.push((s as u32, i as u32));
                start = None;
            }
        }
        i += len;
    }
    if let Some(s) = start {
        out.push((s as u32, limit as u32));
    }
    out
}

fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..last_end);
            }
        } else {
            start.get_or_insert(pos);
            last_end = pos + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..last_end);
    }
    out
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
