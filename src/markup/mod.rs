//! Markup front ends: reduce a Markdown or HTML document to the prose the checks read.
//!
//! The checks only understand blank-line separated paragraphs of text. A front end lays out each
//! block of the markup (paragraph, heading, list item, table cell, ...) as its own paragraph of a
//! derived text and records, piece by piece, where every run of that text came from, so that a
//! diagnostic found in the prose points at the exact bytes of the file and a fix can be applied
//! to the file whenever the text it edits was copied verbatim.
//!
//! Suppression comments (`<!-- copydesk-disable ... -->`) are collected on the way, since only
//! the front end knows what is a comment and what is prose that merely looks like one.

mod blocks;
mod html;
mod markdown;
pub mod scope;

pub use scope::HtmlScope;

pub(crate) use blocks::guard_markdown_fixes;

use crate::offsets::{OffsetMap, Piece};
use std::ops::Range;

/// The markup language of a file, which decides what of it is prose: chosen by a file's
/// extension ([`Markup::from_path`]) or, for standard input and corpus documents, by `--markup`
/// (whose value names and help the `value` attributes give).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Markup {
    /// Everything is prose.
    #[value(name = "text", alias = "txt", help = "Plain text")]
    Plain,
    /// CommonMark with the GitHub extensions and front matter.
    #[value(name = "md", help = "Markdown")]
    Markdown,
    /// An HTML page or fragment.
    #[value(name = "html", help = "HTML")]
    Html,
}

impl Markup {
    /// Chooses the markup by file extension, ignoring case: `.md` and `.markdown` are Markdown,
    /// `.html` and `.htm` are HTML, anything else (including no extension) is plain text.
    pub fn from_path(path: &str) -> Markup {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let Some((_, ext)) = name.rsplit_once('.') else {
            return Markup::Plain;
        };
        if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") {
            Markup::Markdown
        } else if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            Markup::Html
        } else {
            Markup::Plain
        }
    }
}

/// The prose of a document: `text` is what the checks read, `map` maps its offsets to offsets of
/// the input text.
#[derive(Debug, Clone)]
pub struct Prose {
    /// The prose, one paragraph per block of the markup, blocks separated by a blank line.
    pub text: String,
    /// Maps offsets of `text` to offsets of the input.
    pub map: OffsetMap,
    /// Suppression comments, in input order.
    pub directives: Vec<Directive>,
    /// The text of each live link (`[text](url)`, `<a href="…">text</a>`) in prose offsets, in
    /// order and apart: what a rule with `skip: [links]` does not report.
    pub links: Vec<Range<usize>>,
    /// The text of each outermost `nav`, `aside` and `footer` element of an HTML page (or
    /// element with the ARIA role of one: `navigation`, `complementary`, `contentinfo`) that is
    /// read as prose (a page linted whole, or a content root that does not skip them), in prose
    /// offsets, in order and apart: page furniture by the page's own markup.
    pub regions: Vec<Range<usize>>,
}

/// What a suppression comment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `copydesk-disable`: from the end of the comment to the next matching `enable`.
    Disable,
    /// `copydesk-enable`: ends the matching `disable` regions.
    Enable,
    /// `copydesk-disable-next-line`: the next line with content after the comment's line.
    DisableNextLine,
    /// `copydesk-disable-file`: the whole file.
    DisableFile,
}

impl DirectiveKind {
    /// The keyword as written in the comment.
    pub fn keyword(self) -> &'static str {
        match self {
            DirectiveKind::Disable => "copydesk-disable",
            DirectiveKind::Enable => "copydesk-enable",
            DirectiveKind::DisableNextLine => "copydesk-disable-next-line",
            DirectiveKind::DisableFile => "copydesk-disable-file",
        }
    }
}

/// A suppression comment such as `<!-- copydesk-disable Junk.LinkText, Quotes -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment, in input-text coordinates.
    pub span: Range<usize>,
    /// What the comment asks for.
    pub kind: DirectiveKind,
    /// Rule ids or pack names; empty means every rule.
    pub rules: Vec<String>,
}

/// The `pulldown-cmark` options the Markdown front end parses with, for other readers of the
/// same files (Vale's block scopes) to see the same blocks.
pub(crate) fn markdown_options() -> pulldown_cmark::Options {
    markdown::options()
}

/// Reduces `input` to its prose, an HTML page whole. Plain text is its own prose.
pub fn extract(markup: Markup, input: &str) -> Prose {
    extract_scoped(markup, input, &HtmlScope::whole_page())
}

/// Reduces `input` to its prose as [`extract`] does, but with Markdown's code spans as Vale
/// reads them: each a run of `*` as long as its text, where [`extract`] puts one placeholder
/// word. Rules that count characters or words then count what Vale counts.
pub fn extract_masking_code(markup: Markup, input: &str) -> Prose {
    match markup {
        Markup::Markdown => markdown::extract_with(input, true),
        other => extract(other, input),
    }
}

/// Reduces `input` to its prose; an HTML page's is its content root's, as `scope` finds it.
pub fn extract_scoped(markup: Markup, input: &str, scope: &HtmlScope) -> Prose {
    match markup {
        Markup::Plain => Prose {
            text: input.to_string(),
            map: OffsetMap::Identity,
            directives: Vec::new(),
            links: Vec::new(),
            regions: Vec::new(),
        },
        Markup::Markdown => markdown::extract(input),
        Markup::Html => html::extract(input, scope),
    }
}

/// Parses the content of an HTML comment (between `<!--` and `-->`) as a directive.
fn parse_directive(content: &str, span: Range<usize>) -> Option<Directive> {
    let content = content.trim();
    let rest = content.strip_prefix("copydesk-")?;
    let word_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let kind = match &rest[..word_end] {
        "disable" => DirectiveKind::Disable,
        "enable" => DirectiveKind::Enable,
        "disable-next-line" => DirectiveKind::DisableNextLine,
        "disable-file" => DirectiveKind::DisableFile,
        _ => return None,
    };
    let rules = rest[word_end..]
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive { span, kind, rules })
}

/// Stands in the prose for something that is not prose but sits where a word would (inline
/// code, an autolink), so that the sentence around it keeps its shape: without it, `Run` `x`
/// `now` would read `Run  now` and trip the double-space and spacing rules. An ASCII digit was
/// chosen because every check treats it as an ordinary word that never repeats, never takes a
/// capital and is never junk.
const PLACEHOLDER: &str = "0";

/// The break owed before the next run of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Paragraph,
}

/// Accumulates the derived text and its pieces.
///
/// Breaks and white space are owed rather than written, so that the text never starts or ends a
/// paragraph with blanks and never holds more than one blank line in a row whatever the markup
/// does (empty elements, runs of `<br>`).
struct Builder<'a> {
    input: &'a str,
    text: String,
    pieces: Vec<Piece>,
    directives: Vec<Directive>,
    links: Vec<Range<usize>>,
    regions: Vec<Range<usize>>,
    pending: Break,
    /// Horizontal white space of the input owed before the next run on the same line.
    space: Option<Range<usize>>,
    /// End of the last piece in the input; pieces must be monotone.
    src_end: usize,
}

impl<'a> Builder<'a> {
    fn new(input: &'a str) -> Self {
        Builder {
            input,
            text: String::with_capacity(input.len()),
            pieces: Vec::new(),
            directives: Vec::new(),
            links: Vec::new(),
            regions: Vec::new(),
            pending: Break::None,
            space: None,
            src_end: 0,
        }
    }

    fn finish(self) -> Prose {
        Prose {
            text: self.text,
            map: OffsetMap::from_pieces(self.pieces),
            directives: self.directives,
            links: self.links,
            regions: self.regions,
        }
    }

    /// Where the text of an element that opens now will start: pass it to
    /// [`Builder::end_link`] or [`Builder::end_region`] when the element closes.
    fn start_link(&self) -> usize {
        self.text.len()
    }

    /// The prose added since [`Builder::start_link`] returned `start`, without the break or
    /// space written before its first word; `None` when there is none.
    fn added_since(&self, start: usize) -> Option<Range<usize>> {
        let added = self.text.get(start..)?;
        let lead = added.len() - added.trim_start_matches(is_ascii_space_char).len();
        let range = start + lead..self.text.len();
        (!range.is_empty()).then_some(range)
    }

    /// Records the prose added since `start` ([`Builder::added_since`]) as the text of a live
    /// link.
    fn end_link(&mut self, start: usize) {
        let Some(mut range) = self.added_since(start) else {
            return;
        };
        // Links should not nest; one that holds the ranges before it (an `<a>` inside a Markdown
        // link) takes them in, so that the ranges stay in order and apart.
        while let Some(last) = self.links.last()
            && last.end > range.start
        {
            range.start = range.start.min(last.start);
            self.links.pop();
        }
        self.links.push(range);
    }

    /// Records the prose added since `start` ([`Builder::added_since`]) as the text of a
    /// furniture element (see [`Prose::regions`]); the elements recorded are outermost, so the
    /// ranges come in order and apart.
    fn end_region(&mut self, start: usize) {
        if let Some(range) = self.added_since(start) {
            self.regions.push(range);
        }
    }

    /// Ends the current block: the next prose starts a new paragraph.
    fn block_break(&mut self) {
        self.pending = Break::Paragraph;
    }

    /// Ends the current line inside a block.
    fn soft_break(&mut self) {
        self.pending = self.pending.max(Break::Line);
    }

    /// Adds the input range as prose. Runs of white space that hold a line break become one soft
    /// break, other white space is kept (exact) only between two runs of the same line.
    fn push_text(&mut self, range: Range<usize>) {
        let Some(s) = self.input.get(range.clone()) else {
            return;
        };
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            if is_ascii_space(bytes[i]) {
                let mut newline = false;
                while i < bytes.len() && is_ascii_space(bytes[i]) {
                    newline |= matches!(bytes[i], b'\n' | b'\r');
                    i += 1;
                }
                if newline {
                    self.soft_break();
                } else if self.pending == Break::None && !self.text.is_empty() {
                    let r = range.start + start..range.start + i;
                    self.space = Some(match self.space.take() {
                        Some(prev) if prev.end == r.start => prev.start..r.end,
                        _ => r,
                    });
                }
            } else {
                while i < bytes.len() && !is_ascii_space(bytes[i]) {
                    i += 1;
                }
                self.push_exact(range.start + start..range.start + i);
            }
        }
    }

    /// Adds `replacement` as the prose for the input range (a decoded entity, an escape, a
    /// placeholder): only the ends of the range can be mapped.
    fn push_atomic(&mut self, range: Range<usize>, replacement: &str) {
        if self.input.get(range.clone()) == Some(replacement) {
            self.push_exact(range);
            return;
        }
        if replacement.is_empty() || range.start < self.src_end || range.end > self.input.len() {
            return;
        }
        if replacement.bytes().all(is_ascii_space) {
            // A decoded `&#10;` or `&#32;` is white space like any other, not a word.
            if replacement.contains(['\n', '\r']) {
                self.soft_break();
                return;
            }
        }
        self.separate(range.start);
        self.pieces.push(Piece {
            text_start: self.text.len(),
            text_len: replacement.len(),
            src_start: range.start,
            src_len: range.len(),
        });
        self.text.push_str(replacement);
        self.src_end = range.end;
    }

    /// Adds a placeholder for a non-prose span that stands where a word would.
    fn push_placeholder(&mut self, range: Range<usize>) {
        self.push_atomic(range, PLACEHOLDER);
    }

    fn push_exact(&mut self, range: Range<usize>) {
        if range.is_empty() || range.start < self.src_end {
            return;
        }
        let Some(s) = self.input.get(range.clone()) else {
            return;
        };
        self.separate(range.start);
        self.push_piece(range.start, s);
    }

    /// Writes what is owed before a new run that starts at `next` in the input: a break, or the
    /// white space between two runs.
    fn separate(&mut self, next: usize) {
        let pending = std::mem::replace(&mut self.pending, Break::None);
        let space = self.space.take();
        if self.text.is_empty() {
            return;
        }
        match pending {
            Break::None => {
                if let Some(space) = space
                    && space.start >= self.src_end
                    && space.end <= next
                    && let Some(s) = self.input.get(space.clone())
                {
                    self.push_piece(space.start, s);
                }
            }
            Break::Line | Break::Paragraph => {
                // The first newline maps onto the input's own when there is one right after the
                // last run, so that removing a whole line of prose stays an exact edit.
                let mapped = self.map_line_break(next);
                if !mapped {
                    self.text.push('\n');
                }
                // So does the blank line between two blocks when the input has an empty line
                // right there: removing the last block of a document takes the line break
                // before it, which is that blank line.
                if pending == Break::Paragraph && !(mapped && self.map_line_break(next)) {
                    self.text.push('\n');
                }
            }
        }
    }

    /// Adds a newline to the text mapped onto the input's line break, if one starts where the
    /// last run ended (and before `next`); returns whether it did.
    fn map_line_break(&mut self, next: usize) -> bool {
        let after = &self.input.as_bytes()[self.src_end.min(next)..next];
        if after.starts_with(b"\n") {
            let at = self.src_end;
            self.push_piece(at, "\n");
        } else if after.starts_with(b"\r\n") {
            // A CRLF file's line break: one byte of prose for two of input, which a deletion of
            // the whole line removes together (`OffsetMap::deletes_exactly`).
            self.pieces.push(Piece {
                text_start: self.text.len(),
                text_len: 1,
                src_start: self.src_end,
                src_len: 2,
            });
            self.text.push('\n');
            self.src_end += 2;
        } else {
            return false;
        }
        true
    }

    /// Appends an exact run, merged with the previous piece when both are contiguous.
    fn push_piece(&mut self, src_start: usize, s: &str) {
        let text_start = self.text.len();
        self.text.push_str(s);
        self.src_end = src_start + s.len();
        if let Some(last) = self.pieces.last_mut()
            && last.text_len == last.src_len
            && last.text_start + last.text_len == text_start
            && last.src_start + last.src_len == src_start
        {
            last.text_len += s.len();
            last.src_len += s.len();
            return;
        }
        self.pieces.push(Piece {
            text_start,
            text_len: s.len(),
            src_start,
            src_len: s.len(),
        });
    }
}

/// HTML's ASCII white space (plus vertical tab, which text editors treat the same way).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C')
}

/// [`is_ascii_space`] for a `char`.
fn is_ascii_space_char(c: char) -> bool {
    c.is_ascii() && is_ascii_space(c as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_path() {
        assert_eq!(Markup::from_path("a/b/Post.MD"), Markup::Markdown);
        assert_eq!(Markup::from_path("x.markdown"), Markup::Markdown);
        assert_eq!(Markup::from_path("x.Html"), Markup::Html);
        assert_eq!(Markup::from_path("x.htm"), Markup::Html);
        assert_eq!(Markup::from_path("x.txt"), Markup::Plain);
        assert_eq!(Markup::from_path("dir.md/readme"), Markup::Plain);
        assert_eq!(Markup::from_path("<text>"), Markup::Plain);
        assert_eq!(Markup::from_path("md"), Markup::Plain);
    }

    #[test]
    fn plain_is_identity() {
        let p = extract(Markup::Plain, "a <!-- copydesk-disable --> b");
        assert_eq!(p.text, "a <!-- copydesk-disable --> b");
        assert!(matches!(p.map, OffsetMap::Identity));
        assert!(p.directives.is_empty());
    }

    #[test]
    fn live_links_are_marked_in_the_prose() {
        let texts = |markup, input: &str| -> Vec<String> {
            let p = extract(markup, input);
            p.links
                .iter()
                .map(|r| p.text[r.clone()].to_string())
                .collect()
        };
        let md = "See [the *full* report](https://x.org) and [this][r], not [that]() or \
                  <https://y.org>; also <a href=\"/z\">a tag</a>.\n\n[r]: https://x.org\n";
        assert_eq!(
            texts(Markup::Markdown, md),
            ["the full report", "this", "a tag"]
        );
        let html = "<p>See <a href='https://x.org'>the\n  report</a>, <a name=x>no link</a>, \
                    <a href=\"\">empty</a>, <a href=/a>one<a href=/b>two</a></p>";
        assert_eq!(texts(Markup::Html, html), ["the\nreport", "one", "two"]);
        assert!(texts(Markup::Plain, "[a](https://x.org)").is_empty());
    }

    #[test]
    fn furniture_elements_are_marked_in_the_prose() {
        let texts = |markup, input: &str, scope: &HtmlScope| -> Vec<String> {
            let p = extract_scoped(markup, input, scope);
            p.regions
                .iter()
                .map(|r| p.text[r.clone()].to_string())
                .collect()
        };
        let whole = HtmlScope::whole_page();
        // The outermost element only; one nested in it of its name or another does not end it.
        let html = "<nav><a href=/>Home</a> <nav>Inner</nav> News</nav><p>Text.</p>\
                    <aside><footer>Share</footer> Related</aside><!-- <nav> -->\
                    <script>'<nav>'</script><footer>Contact";
        assert_eq!(
            texts(Markup::Html, html, &whole),
            ["Home\n\nInner\n\nNews", "Share\n\nRelated", "Contact"]
        );
        // With a content root, what is outside it is not prose, and what it skips is not either.
        let rooted = "<nav>Menu</nav><article><p>Text.</p><footer>Byline</footer></article>";
        assert!(texts(Markup::Html, rooted, &HtmlScope::default()).is_empty());
        let no_skip = HtmlScope {
            skip: Vec::new(),
            ..HtmlScope::default()
        };
        assert_eq!(texts(Markup::Html, rooted, &no_skip), ["Byline"]);
        // A landmark role does what the element does; nested elements of its name do not end it.
        let roles = "<div role=\"navigation\"><div>Home</div> News</div><p>Text.</p>\
                     <section role=' Complementary '>Related</section><div role=main>Body</div>";
        assert_eq!(
            texts(Markup::Html, roles, &whole),
            ["Home\n\nNews", "Related"]
        );
        // Markdown is not a site page.
        assert!(texts(Markup::Markdown, "<nav>Menu</nav>\n\nText.\n", &whole).is_empty());
    }

    #[test]
    fn directives_parse() {
        let d = parse_directive(" copydesk-disable Junk.LinkText, Quotes ", 0..1).unwrap();
        assert_eq!(d.kind, DirectiveKind::Disable);
        assert_eq!(d.rules, ["Junk.LinkText", "Quotes"]);
        let d = parse_directive("copydesk-enable", 0..1).unwrap();
        assert_eq!(d.kind, DirectiveKind::Enable);
        assert!(d.rules.is_empty());
        let d = parse_directive("copydesk-disable-next-line A,B", 0..1).unwrap();
        assert_eq!((d.kind, d.rules.len()), (DirectiveKind::DisableNextLine, 2));
        let d = parse_directive("\ncopydesk-disable-file\n", 0..1).unwrap();
        assert_eq!(d.kind, DirectiveKind::DisableFile);
        assert!(parse_directive("copydesk-disabled", 0..1).is_none());
        assert!(parse_directive("a copydesk-disable", 0..1).is_none());
        assert!(parse_directive("copydesk-enable-é", 0..1).is_none());
        assert!(parse_directive("", 0..1).is_none());
    }

    /// Checks what every map must satisfy: pieces in order in both coordinates, exact pieces
    /// equal to their input bytes, every piece on character boundaries of both texts.
    fn check_invariants(input: &str, p: &Prose) {
        if let OffsetMap::Pieces(pieces) = &p.map {
            let mut text_end = 0;
            let mut src_end = 0;
            for piece in pieces {
                assert!(piece.text_start >= text_end && piece.src_start >= src_end);
                text_end = piece.text_start + piece.text_len;
                src_end = piece.src_start + piece.src_len;
                let text = p
                    .text
                    .get(piece.text_start..text_end)
                    .expect("text boundary");
                let src = input.get(piece.src_start..src_end).expect("input boundary");
                if piece.text_len == piece.src_len {
                    assert_eq!(text, src);
                }
            }
            assert!(text_end <= p.text.len() && src_end <= input.len());
        }
        for d in &p.directives {
            assert!(input[d.span.clone()].starts_with("<!--"));
        }
        assert!(!p.text.contains("\n\n\n"));
        assert!(!p.text.starts_with('\n') && !p.text.ends_with('\n'));
    }

    #[test]
    fn random_markup_keeps_the_map_consistent() {
        const FRAGMENTS: &[&str] = &[
            "<",
            ">",
            "&",
            "amp;",
            "&#160;",
            "&nbsp",
            "&#x1F600;",
            "&#",
            "é",
            "“",
            "”",
            "\n",
            "\n\n",
            "\r\n",
            " ",
            "  ",
            "\t",
            "<!--",
            "-->",
            "--!>",
            "<p>",
            "</p>",
            "<br>",
            "<code>",
            "</code>",
            "<pre>",
            "</pre>",
            "<script>",
            "</script>",
            "<title>",
            "</title>",
            "<head>",
            "<a href=\"x\">",
            "</a>",
            "'",
            "\"",
            "`",
            "```\n",
            "*",
            "_",
            "[",
            "](",
            ")",
            "\\",
            "> ",
            "- ",
            "# ",
            "    ",
            "---\n",
            "+++\n",
            "title: ",
            "title = ",
            "description: |\n",
            "| a | b |\n|---|---|\n",
            "[^1]",
            "[^1]: ",
            "copydesk-disable ",
            "Junk",
            "word",
            "click here",
            "<http://x.y>",
            "=",
            "/",
            "!",
            "?",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let input: String = (0..len)
                .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
                .collect();
            for markup in [Markup::Markdown, Markup::Html] {
                let p = extract(markup, &input);
                check_invariants(&input, &p);
                let end = p.text.len();
                let r = p.map.to_source(0..end);
                assert!(r.end <= input.len(), "{markup:?} {input:?}");
            }
        }
    }

    #[test]
    fn builder_owes_breaks_and_spaces() {
        let input = "  a  b \n\n c&amp;d\n";
        let mut b = Builder::new(input);
        b.push_text(0..8);
        b.block_break();
        b.block_break();
        b.push_text(8..11);
        b.push_atomic(11..16, "&");
        b.push_text(16..18);
        b.soft_break();
        let p = b.finish();
        assert_eq!(p.text, "a  b\n\nc&d");
        assert_eq!(p.map.to_source(0..4), 2..6);
        assert_eq!(p.map.to_source(6..9), 10..17);
        assert!(p.map.is_exact(0..4));
        assert!(!p.map.is_exact(7..8));
    }
}
