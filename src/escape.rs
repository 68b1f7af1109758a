//! Control characters made visible before article text or a file name reaches a terminal or a
//! CI log.
//!
//! Articles and file names come from strangers. Written raw, an ESC starts a terminal command
//! (set the window title, clear the screen, write the clipboard with OSC 52), a carriage return
//! or a bidirectional control makes the screen show other text than the file holds ("Trojan
//! Source"), and a line break in a name starts a line of its own, which editors read as a finding
//! and GitHub Actions as a workflow command. These functions replace such characters by a visible
//! form; everything else, tabs included, passes unchanged and without a copy.
//!
//! The replaced characters are every C0 control except the tab, DEL, the C1 controls
//! (U+0080–U+009F), the bidirectional formatting characters (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069) and the Unicode line and paragraph separators (U+2028,
//! U+2029), which some viewers break lines at. Joiners (U+200C, U+200D) stay: scripts and emoji
//! need them, and they reorder nothing.
//!
//! The forms are for reading, not for decoding: a backslash that was in the text is not escaped.
//! Machine formats (JSON, SARIF) do not use them; their encoders escape control characters.

use std::borrow::Cow;
use std::ops::Range;

/// How a character is shown, if it cannot be written as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A C0 control (the line feed and carriage return included) or DEL.
    Ascii,
    /// A C1 control.
    C1,
    /// A bidirectional control or a line or paragraph separator.
    Format,
}

fn kind(c: char) -> Option<Kind> {
    match c {
        '\t' => None,
        '\0'..='\x1f' | '\x7f' => Some(Kind::Ascii),
        '\u{80}'..='\u{9f}' => Some(Kind::C1),
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(Kind::Format)
        }
        _ => None,
    }
}

/// Whether a replaced character starts with the bytes `a`, `b`, `c` (0 past the end): the test
/// of [`kind`] on UTF-8, written without branches so that a block of text is tested with a few
/// vector instructions. Only the third byte tells a bidirectional control (U+202E: E2 80 AE)
/// from the quotation marks and dashes of ordinary prose (U+201D: E2 80 9D).
#[inline]
fn starts_replaced(a: u8, b: u8, c: u8, keep_lines: bool) -> bool {
    let line_end = keep_lines & ((a == b'\n') | ((a == b'\r') & (b == b'\n')));
    let c0 = (a < 0x20) & (a != b'\t') & !line_end;
    // C1 controls are C2 80–C2 9F; U+061C is D8 9C.
    let two = ((a == 0xc2) & (b < 0xa0)) | ((a == 0xd8) & (b == 0x9c));
    // U+200E, U+200F, U+2028–U+202E, U+2066–U+2069.
    let three = (a == 0xe2)
        & (((b == 0x80) & ((c == 0x8e) | (c == 0x8f) | (0xa8..=0xae).contains(&c)))
            | ((b == 0x81) & (0xa6..=0xa9).contains(&c)));
    c0 | (a == 0x7f) | two | three
}

/// Bytes tested at a time.
const BLOCK: usize = 32;

/// The next character of `s` at or after byte `from` that [`kind`] replaces (`keep_lines`: not a
/// line feed, nor a carriage return directly before one), with its offset.
fn next_replaced(s: &str, from: usize, keep_lines: bool) -> Option<(usize, char, Kind)> {
    let bytes = s.as_bytes();
    let at_byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut at = from;
    // `fold` with `|`, not `any`: no early exit, so that the test vectorizes.
    let any_in = |window: &[u8; BLOCK + 2]| {
        (0..BLOCK).fold(false, |hit, j| {
            hit | starts_replaced(window[j], window[j + 1], window[j + 2], keep_lines)
        })
    };
    // Whole blocks (and the two bytes after each, which the test of its last bytes reads).
    loop {
        match bytes.get(at..at + BLOCK + 2) {
            Some(window) => {
                if any_in(window.try_into().expect("a block and two bytes")) {
                    break;
                }
                at += BLOCK;
            }
            None => {
                // The rest, shorter than a block and two bytes, padded with spaces (never
                // replaced, and never after a lead byte in UTF-8): messages and names are
                // mostly this short, and a byte-by-byte test of them would cost most.
                let rest = &bytes[at.min(bytes.len())..];
                let mut padded = [b' '; 2 * BLOCK + 2];
                padded[..rest.len()].copy_from_slice(rest);
                let (first, second) = (&padded[..BLOCK + 2], &padded[BLOCK..]);
                let hit = any_in(first.try_into().expect("a block and two bytes"))
                    | any_in(second.try_into().expect("a block and two bytes"));
                if !hit {
                    return None;
                }
                break;
            }
        }
    }
    while at < bytes.len() {
        // The test never holds at a continuation byte, so `at` is a character boundary here.
        if starts_replaced(bytes[at], at_byte(at + 1), at_byte(at + 2), keep_lines)
            && let Some(c) = s[at..].chars().next()
            && let Some(kind) = kind(c)
        {
            return Some((at, c, kind));
        }
        at += 1;
    }
    None
}

/// Whether [`for_terminal`] writes `c` otherwise than as it is.
pub fn is_escaped(c: char) -> bool {
    kind(c).is_some()
}

/// Appends the visible form [`for_terminal`] gives `c`: `\n` and `\r`, `\x1b` for the other C0
/// controls, DEL and the C1 controls, `<U+202E>` for the formatting characters; `c` itself if it
/// needs none.
pub fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    // Writing to a `String` cannot fail.
    match (kind(c), c) {
        (None, c) => out.push(c),
        (Some(_), '\n') => out.push_str("\\n"),
        (Some(_), '\r') => out.push_str("\\r"),
        (Some(Kind::Format), c) => {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
        (Some(Kind::Ascii | Kind::C1), c) => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
    }
}

/// `s` as it can be written to a terminal or a CI log on one line: file names, messages, help
/// and notes. Line feeds, carriage returns, ESC and the other controls are shown as `\n`, `\r`,
/// `\x1b`, the bidirectional controls as `<U+202E>`; see the [module](self) for the full set.
/// Borrowed when nothing needs escaping.
///
/// ```
/// use copydesk::escape::for_terminal;
/// assert_eq!(for_terminal("b\n::warning::x\x1b]0;t\x07"), r"b\n::warning::x\x1b]0;t\x07");
/// assert_eq!(for_terminal("\u{202e}txt.exe"), "<U+202E>txt.exe");
/// assert!(matches!(for_terminal("tab\tand ‘quotes’"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// [`for_terminal`] for text of several lines, such as an error message that quotes a pattern
/// on a line of its own or a rule's description: line feeds, and carriage returns directly
/// before them, are kept. Not for names, which must stay on one line.
///
/// ```
/// use copydesk::escape::for_terminal_lines;
/// let message = "regex parse error:\n    \x1b(\r\n";
/// assert_eq!(for_terminal_lines(message), "regex parse error:\n    \\x1b(\r\n");
/// ```
pub fn for_terminal_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let Some(mut next) = next_replaced(s, 0, keep_lines) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut copied = 0;
    loop {
        let (at, c, _) = next;
        out.push_str(&s[copied..at]);
        push_escaped(&mut out, c);
        copied = at + c.len_utf8();
        match next_replaced(s, copied, keep_lines) {
            Some(found) => next = found,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// [`for_terminal`] for what copydesk writes to a GitHub Actions log outside its workflow
/// commands (notes and errors on stderr in `--format github`): the runner also runs the legacy
/// command syntax `##[command]` found anywhere in a line, `##[stop-commands]` among them, which
/// would silence the annotations that follow. Its `[` is written `\x5b`.
///
/// ```
/// use copydesk::escape::for_github_log;
/// assert_eq!(for_github_log("a##[stop-commands]b\n"), r"a##\x5bstop-commands]b\n");
/// assert_eq!(for_github_log("# [x] #1"), "# [x] #1");
/// ```
pub fn for_github_log(s: &str) -> Cow<'_, str> {
    let escaped = for_terminal(s);
    if !escaped.contains("##[") {
        return escaped;
    }
    Cow::Owned(escaped.replace("##[", "##\\x5b"))
}

/// A text as an excerpt shows it: [`for_excerpt`].
#[derive(Debug, Clone)]
pub struct Excerpt<'a> {
    original: &'a str,
    text: Cow<'a, str>,
    /// Where every replaced character starts in the original and in [`Self::text`], in order.
    /// The lengths are found again from the character: a file of nothing but controls costs two
    /// offsets per character, not four.
    replaced: Vec<Replaced>,
}

#[derive(Debug, Clone, Copy)]
struct Replaced {
    original: usize,
    shown: usize,
}

/// The length in bytes of what [`for_excerpt`] shows for a character of `kind`: a control
/// picture (U+2400–U+2421) or `<U+XXXX>`.
fn shown_len(kind: Kind) -> usize {
    match kind {
        Kind::Ascii => 3,
        Kind::C1 | Kind::Format => 8,
    }
}

/// `text` as source excerpts show it: C0 controls become the Unicode control pictures (`␛` for
/// ESC, `␍` for a carriage return, `␀` for NUL; `␡` for DEL), C1 and formatting characters
/// `<U+0085>`, `<U+202E>`. Tabs, line feeds and a carriage return directly before a line feed are
/// kept, so lines stay lines and CRLF files show as they did.
///
/// The replacements are longer than what they replace: spans go through
/// [`Excerpt::to_shown`] and back through [`Excerpt::to_original`]. A text with nothing to
/// replace, nearly every text, is borrowed and its offsets map to themselves.
///
/// ```
/// use copydesk::escape::for_excerpt;
/// let excerpt = for_excerpt("x \x1b[2J \u{202e}y\r\n");
/// assert_eq!(excerpt.text(), "x ␛[2J <U+202E>y\r\n");
/// assert_eq!(excerpt.to_shown(7..10), 9..17);
/// assert_eq!(excerpt.to_original(17), 10);
/// ```
pub fn for_excerpt(text: &str) -> Excerpt<'_> {
    use std::fmt::Write;
    let Some(mut next) = next_replaced(text, 0, true) else {
        return Excerpt {
            original: text,
            text: Cow::Borrowed(text),
            replaced: Vec::new(),
        };
    };
    let mut shown = String::with_capacity(text.len() + 16);
    let mut replaced = Vec::new();
    let mut copied = 0;
    loop {
        let (at, c, kind) = next;
        shown.push_str(&text[copied..at]);
        let start = shown.len();
        match kind {
            Kind::Ascii if c == '\x7f' => shown.push('\u{2421}'),
            Kind::Ascii => shown.push(char::from_u32(0x2400 + u32::from(c)).expect("a picture")),
            Kind::C1 | Kind::Format => {
                let _ = write!(shown, "<U+{:04X}>", u32::from(c));
            }
        }
        debug_assert_eq!(shown.len() - start, shown_len(kind));
        replaced.push(Replaced {
            original: at,
            shown: start,
        });
        copied = at + c.len_utf8();
        match next_replaced(text, copied, true) {
            Some(found) => next = found,
            None => break,
        }
    }
    shown.push_str(&text[copied..]);
    Excerpt {
        original: text,
        text: Cow::Owned(shown),
        replaced,
    }
}

impl Excerpt<'_> {
    /// The text to show.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text is shown as it is (and borrowed).
    pub fn is_unchanged(&self) -> bool {
        self.replaced.is_empty()
    }

    /// Where offset `at` of the original text is in [`Self::text`]; an offset inside a replaced
    /// character goes to the start of its replacement.
    pub fn to_shown_offset(&self, at: usize) -> usize {
        let before = self.replaced.partition_point(|r| r.original < at);
        let Some(r) = before.checked_sub(1).map(|i| self.replaced[i]) else {
            return at;
        };
        let (original_len, shown_len) = self.lengths(r);
        if at < r.original + original_len {
            r.shown
        } else {
            r.shown + shown_len + (at - r.original - original_len)
        }
    }

    /// A range of the original text in [`Self::text`]: a replaced character in it is covered by
    /// its whole replacement.
    pub fn to_shown(&self, range: Range<usize>) -> Range<usize> {
        self.to_shown_offset(range.start)..self.to_shown_offset(range.end)
    }

    /// Where offset `at` of [`Self::text`] is in the original text; an offset inside a
    /// replacement goes to the start of the character it replaces.
    pub fn to_original(&self, at: usize) -> usize {
        let before = self.replaced.partition_point(|r| r.shown < at);
        let Some(r) = before.checked_sub(1).map(|i| self.replaced[i]) else {
            return at;
        };
        let (original_len, shown_len) = self.lengths(r);
        if at < r.shown + shown_len {
            r.original
        } else {
            r.original + original_len + (at - r.shown - shown_len)
        }
    }

    /// The lengths of a replaced character and of its replacement.
    fn lengths(&self, r: Replaced) -> (usize, usize) {
        let c = self.original[r.original..].chars().next();
        let kind = c.and_then(kind).expect("a replaced character starts here");
        (c.map_or(0, char::len_utf8), shown_len(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `c` is `original` itself, not a copy.
    fn borrowed(c: &str, original: &str) -> bool {
        std::ptr::eq(c, original)
    }

    #[test]
    fn plain_text_and_tabs_are_borrowed() {
        for s in [
            "",
            "plain",
            "tab\there",
            "Café’s “quotes” — dashes… ©«»\u{a0}",
            "emoji 👩\u{200d}💻 and ZWNJ \u{200c}",
            "\u{2027}\u{202f}\u{2065}\u{206a}\u{61b}\u{61d}\u{a0}\u{c0}",
        ] {
            let escaped = for_terminal(s);
            assert!(borrowed(&escaped, s), "{s:?}");
            assert_eq!(escaped, s);
            assert!(borrowed(&for_github_log(s), s), "{s:?}");
            let excerpt = for_excerpt(s);
            assert!(
                excerpt.is_unchanged() && borrowed(excerpt.text(), s),
                "{s:?}"
            );
            assert_eq!(excerpt.to_shown(0..s.len()), 0..s.len());
            assert_eq!(excerpt.to_original(s.len()), s.len());
        }
    }

    /// The byte test of the scan finds exactly the characters [`kind`] replaces, wherever they
    /// fall in the blocks it tests and in the tail it tests byte by byte.
    #[test]
    fn scan_agrees_with_kind() {
        let chars = (0..0x800)
            .chain(0x2000..0x2100)
            .chain([0xfeff, 0x1f600])
            .filter_map(char::from_u32);
        for c in chars {
            for offset in [0, 1, 2, 29, 31, 32, 33, 35, 64, 70] {
                for tail in [0, 1, 2, 40] {
                    let s = format!("{}{c}{}", "a".repeat(offset), "é".repeat(tail));
                    let found = next_replaced(&s, 0, false).map(|(at, found, _)| (at, found));
                    let expected = kind(c).map(|_| (offset, c));
                    assert_eq!(found, expected, "{c:?} at {offset}, {tail} after");
                    let kept = c == '\n';
                    let found = next_replaced(&s, 0, true).map(|(at, _, _)| at);
                    assert_eq!(found, expected.filter(|_| !kept).map(|e| e.0), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn terminal_escapes() {
        assert_eq!(
            for_terminal("x \x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZWNobw==\x07"),
            r"x \x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZWNobw==\x07"
        );
        assert_eq!(
            for_terminal("b\n::warning file=SECURITY.md,line=1::Injected\r\n.txt"),
            r"b\n::warning file=SECURITY.md,line=1::Injected\r\n.txt"
        );
        assert_eq!(for_terminal("\0\x01\x0b\x0c\x7f"), r"\x00\x01\x0b\x0c\x7f");
        assert_eq!(for_terminal("a\u{85}b\u{9b}2J"), r"a\x85b\x9b2J");
        assert_eq!(
            for_terminal("\u{61c}\u{200e}\u{200f}\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}"),
            "<U+061C><U+200E><U+200F><U+202A><U+202B><U+202C><U+202D><U+202E>"
        );
        assert_eq!(
            for_terminal("\u{2066}\u{2067}\u{2068}\u{2069}\u{2028}\u{2029}"),
            "<U+2066><U+2067><U+2068><U+2069><U+2028><U+2029>"
        );
        assert_eq!(for_terminal("é\t\u{202e}é"), "é\t<U+202E>é");
        assert!(is_escaped('\x1b') && is_escaped('\u{2029}') && !is_escaped('\t'));
        assert!(!is_escaped('\u{200d}') && !is_escaped('’'));
    }

    #[test]
    fn terminal_lines_keep_line_ends() {
        let message = "regex parse error:\n    \x1b]0;T\x07(\n          ^\r\nerror: unclosed group";
        assert_eq!(
            for_terminal_lines(message),
            "regex parse error:\n    \\x1b]0;T\\x07(\n          ^\r\nerror: unclosed group"
        );
        assert_eq!(for_terminal_lines("a\rb\u{2028}c\r"), r"a\rb<U+2028>c\r");
        let two = "two\nlines\r\n";
        assert!(borrowed(&for_terminal_lines(two), two));
    }

    #[test]
    fn github_log_breaks_legacy_commands() {
        assert_eq!(
            for_github_log("a##[stop-commands]t\n::error::x"),
            r"a##\x5bstop-commands]t\n::error::x"
        );
        assert_eq!(for_github_log("###[x]"), r"###\x5bx]");
        assert_eq!(for_github_log("#[x] ## [y]"), "#[x] ## [y]");
    }

    #[test]
    fn excerpts_show_control_pictures() {
        let text = "x \x1b]0;PWNED\x07\x1b[2J\n\0\x7f\x1f\u{85}\u{202e}\u{2066}\t.\n";
        let excerpt = for_excerpt(text);
        assert_eq!(
            excerpt.text(),
            "x ␛]0;PWNED␇␛[2J\n␀␡␟<U+0085><U+202E><U+2066>\t.\n"
        );
        // Every replaced character maps to its whole replacement and back.
        for (i, c) in text.char_indices() {
            let shown = excerpt.to_shown(i..i + c.len_utf8());
            let expected = match c {
                '\x1b' => "␛".to_string(),
                '\x07' => "␇".to_string(),
                '\0' => "␀".to_string(),
                '\x7f' => "␡".to_string(),
                '\x1f' => "␟".to_string(),
                '\u{85}' => "<U+0085>".to_string(),
                '\u{202e}' => "<U+202E>".to_string(),
                '\u{2066}' => "<U+2066>".to_string(),
                c => c.to_string(),
            };
            assert_eq!(&excerpt.text()[shown.clone()], expected, "{c:?}");
            assert_eq!(excerpt.to_original(shown.start), i);
            assert_eq!(excerpt.to_original(shown.end), i + c.len_utf8());
        }
        // Inside a replacement: its character's start.
        let rlo = text.find('\u{202e}').unwrap();
        let shown = excerpt.to_shown_offset(rlo);
        assert_eq!(excerpt.to_original(shown + 3), rlo);
        assert_eq!(excerpt.to_shown_offset(rlo + 1), shown);
        assert_eq!(excerpt.to_original(excerpt.text().len()), text.len());
    }

    #[test]
    fn excerpts_keep_line_ends() {
        let crlf = "First line.\r\nSecond line.\r\n";
        let excerpt = for_excerpt(crlf);
        assert!(excerpt.is_unchanged());
        assert_eq!(excerpt.text(), crlf);
        assert!(borrowed(excerpt.text(), crlf));
        // A carriage return that does not end a line would move the cursor back over the line.
        let excerpt = for_excerpt("shown\rhidden\r\r\nend\r");
        assert_eq!(excerpt.text(), "shown␍hidden␍\r\nend␍");
    }
}
