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

    /// Iterates over words (maximal runs of letters, digits, apostrophes inside words).
    pub fn words(&self) -> Words<'a> {
        Words {
            text: self.text,
            pos: 0,
        }
    }
}

/// Whether `c` is part of a word for boundary purposes.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Iterator over the words of a text as byte ranges.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;
    fn next(&mut self) -> Option<Range<usize>> {
        let rest = &self.text[self.pos..];
        let skip = rest.find(char::is_alphanumeric)?;
        let start = self.pos + skip;
        let mut end = start;
        let mut chars = self.text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                end = start + i + c.len_utf8();
            } else if (c == '\'' || c == '’')
                && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic())
            {
                continue;
            } else {
                break;
            }
        }
        self.pos = end;
        Some(start..end)
    }
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
