//! HTML: the text content of a page, minus code, scripts, styles and the document head.
//!
//! This is a small tokenizer written for the purpose rather than an HTML crate, because what the
//! linter needs is the byte offset of every character reference inside a text run (so that a
//! match on decoded text points at `&#160;` in the file), and the crates that expose offsets at
//! all give one span per decoded text token (`html5gum` 0.9, whose spans are also new and little
//! tested) or none (`tl`, `lol_html` rewrites rather than reports). The tokenizer follows the
//! WHATWG states that decide what is text: tags with quoted attribute values, comments (`-->`,
//! `--!>`, `<!-->`), bogus comments (`<!...>`, `<?...>`, `</ x>`), raw text elements (`script`,
//! `style`, ...) and RCDATA (`title`, `textarea`), and character references with the standard
//! named table (from `htmlize`) and the windows-1252 fixups for numeric ones. It does not build a
//! tree: which text is prose is decided by counting the open elements whose content is not
//! prose, which is robust to the invalid nesting of scraped pages.
//!
//! Every step moves forward by at least one byte and every search is bounded by the scanned
//! range, so the scan is linear; offsets are only ever taken at ASCII bytes, so slicing never
//! falls inside a character.

use super::scope::{HtmlScope, Selector};
use super::{Builder, Prose, is_ascii_space, parse_directive};
use std::ops::Range;

/// Elements that start and end a block: their text is laid out as its own paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content the tokenizer reads as raw text up to their end tag. `title` and
/// `textarea` are RCDATA (entities are decoded); only `title` is prose.
const RAW: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "textarea",
    "title",
    "plaintext",
];

/// Elements that may appear in the head; any other start tag implicitly ends it.
const HEAD_CONTENT: &[&str] = &[
    "title", "meta", "link", "base", "basefont", "bgsound", "style", "script", "noscript",
    "template",
];

/// Elements whose content is not prose and that nest like ordinary elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hidden {
    Pre,
    Code,
    Template,
    /// `svg` and `math`: their text is labels and formulas.
    Foreign,
}

impl Hidden {
    fn of(name: &str) -> Option<Hidden> {
        match name {
            "pre" | "listing" => Some(Hidden::Pre),
            "code" => Some(Hidden::Code),
            "template" => Some(Hidden::Template),
            "svg" | "math" => Some(Hidden::Foreign),
            _ => None,
        }
    }
}

/// Extracts the prose of an HTML document: the content root's, when one of `scope`'s selectors
/// finds one, less the elements it skips; otherwise the whole page's.
pub(super) fn extract(input: &str, scope: &HtmlScope) -> Prose {
    let mut b = Builder::new(input);
    let mut scanner = Scanner {
        regions: true,
        ..Scanner::default()
    };
    if let Some(root) = content_root(input.as_bytes(), &scope.root) {
        scanner.root = Some(root);
        scanner.skip = scope.skip.clone();
    }
    scanner.scan(&mut b, 0..input.len());
    // An element left open runs to the end of the page.
    if let Some((_, _, start)) = scanner.region.take() {
        b.end_region(start);
    }
    b.finish()
}

/// The bytes of the content root: the first element that the first matching selector of
/// `selectors` matches, from its start tag through its end tag (or the end of the input, for
/// an element never closed). Tags inside comments and raw text (`script`, ...) are not elements.
fn content_root(bytes: &[u8], selectors: &[Selector]) -> Option<Range<usize>> {
    if selectors.is_empty() {
        return None;
    }
    let mut first: Vec<Option<(usize, Tag)>> = vec![None; selectors.len()];
    let mut attributes = Vec::new();
    for_each_tag(bytes, 0, &mut attributes, |at, tag, closing, attributes| {
        if !closing {
            let name = &bytes[tag.name.clone()];
            let pairs = attributes
                .iter()
                .map(|(n, v): &(Range<usize>, Range<usize>)| {
                    (&bytes[n.clone()], &bytes[v.clone()])
                });
            for (slot, selector) in first.iter_mut().zip(selectors) {
                if slot.is_none() && selector.matches(name, pairs.clone()) {
                    *slot = Some((at, tag.clone()));
                }
            }
        }
        // The first selector's match ends the search: no later one can win over it.
        first[0].is_none()
    });
    let (start, tag) = first.into_iter().flatten().next()?;
    if tag.self_closing {
        return Some(start..tag.end);
    }
    let name = &bytes[tag.name.clone()];
    let mut depth = 1usize;
    let mut end = bytes.len();
    for_each_tag(bytes, tag.end, &mut attributes, |_, t, closing, _| {
        if bytes[t.name.clone()].eq_ignore_ascii_case(name) {
            if closing {
                depth -= 1;
            } else if !t.self_closing {
                depth += 1;
            }
            if depth == 0 {
                end = t.end;
                return false;
            }
        }
        true
    });
    Some(start..end)
}

/// Calls `f(start, tag, closing, attributes)` for each tag from `from` on, as the tokenizer
/// reads them (comments, bogus comments and raw text skipped), until `f` returns `false`.
fn for_each_tag(
    bytes: &[u8],
    from: usize,
    attributes: &mut Vec<(Range<usize>, Range<usize>)>,
    mut f: impl FnMut(usize, &Tag, bool, &[(Range<usize>, Range<usize>)]) -> bool,
) {
    let end = bytes.len();
    let mut pos = from;
    while let Some(i) = memchr::memchr(b'<', &bytes[pos.min(end)..]) {
        let at = pos + i;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            let content = at + 4;
            pos = match empty_comment(&bytes[content..]) {
                Some(len) => content + len,
                None => comment_end(&bytes[content..]).map_or(end, |(k, len)| content + k + len),
            };
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            pos = bogus_comment_end(bytes, at + 2, end);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            pos = at + 1;
            continue;
        }
        attributes.clear();
        let Some(tag) = scan_tag_with(bytes, name_start, end, |n, v| {
            attributes.push((n, v));
        }) else {
            return;
        };
        if !f(at, &tag, closing, attributes) {
            return;
        }
        pos = tag.end;
        if !closing
            && let Some(raw) = known_name(&bytes[tag.name.clone()]).filter(|n| RAW.contains(n))
        {
            pos = raw_end(bytes, raw, pos, end).unwrap_or(end);
        }
    }
}

/// Tokenizer state that survives from one scanned range to the next, so that Markdown can feed
/// it its raw HTML piece by piece.
#[derive(Debug, Default)]
pub(super) struct Scanner {
    /// How many elements of each [`Hidden`] kind are open.
    hidden: [u32; 4],
    in_head: bool,
    /// The raw text element whose end tag has not been seen yet.
    raw: Option<&'static str>,
    /// A comment left open at the end of a range: where it started, and its text so far.
    comment: Option<(usize, String)>,
    /// Where the outermost `<code>` opened, when it opened in prose.
    code_start: Option<usize>,
    /// Where the text of the open `<a href>` starts in the prose.
    link_start: Option<usize>,
    /// The content root's bytes, when the page has one: text outside it is not prose.
    root: Option<Range<usize>>,
    /// The elements skipped inside the root ([`HtmlScope::skip`]).
    skip: Vec<String>,
    /// How many skipped elements are open.
    skipped: u32,
    /// Whether to record [`Prose::regions`](super::Prose::regions): for a page, not for the
    /// HTML inside Markdown, which is not a site.
    regions: bool,
    /// The outermost open furniture element ([`REGIONS`]) whose text is prose: its name, how
    /// many elements of that name are open, and where its text starts in the prose.
    region: Option<(&'static str, u32, usize)>,
}

/// The elements whose text is page furniture by the page's own markup.
const REGIONS: &[&str] = &["nav", "aside", "footer"];

/// The ARIA landmark roles that say the same of any element: those of `nav`, `aside` and a
/// page's `footer`.
const LANDMARKS: &[&[u8]] = &[b"navigation", b"complementary", b"contentinfo"];

impl Scanner {
    /// Whether text read now would be prose (Markdown asks before adding its own text events).
    pub(super) fn prose(&self) -> bool {
        !self.is_hidden() && self.raw.is_none() && self.comment.is_none()
    }

    fn is_hidden(&self) -> bool {
        self.hidden.iter().any(|&n| n > 0) || self.skipped > 0
    }

    /// Whether `at` lies outside the content root (never, for a page linted whole).
    fn outside(&self, at: usize) -> bool {
        self.root.as_ref().is_some_and(|r| !r.contains(&at))
    }

    /// Whether an element named `name` is skipped: inside the root, and listed.
    fn skips(&self, name: &[u8], at: usize) -> bool {
        self.root.is_some()
            && !self.outside(at)
            && self
                .skip
                .iter()
                .any(|s| s.as_bytes().eq_ignore_ascii_case(name))
    }

    fn counter(&mut self, kind: Hidden) -> &mut u32 {
        &mut self.hidden[kind as usize]
    }

    /// Tokenizes `range` of the builder's input, adding its prose and directives.
    pub(super) fn scan(&mut self, b: &mut Builder, range: Range<usize>) {
        let bytes = b.input.as_bytes();
        let end = range.end.min(bytes.len());
        let mut pos = range.start.min(end);
        if self.comment.is_some() {
            pos = self.comment_rest(b, pos, end);
        }
        if self.raw.is_some() {
            pos = self.raw_text(b, pos, end);
        }
        while pos < end {
            let next = bytes[pos..end]
                .iter()
                .position(|&c| c == b'<' || c == b'&')
                .map_or(end, |i| pos + i);
            if next > pos {
                self.data(b, pos..next);
            }
            if next == end {
                break;
            }
            pos = if bytes[next] == b'&' {
                self.reference(b, next, end, false)
            } else {
                self.markup(b, next, end)
            };
        }
    }

    /// Text between tags.
    fn data(&mut self, b: &mut Builder, range: Range<usize>) {
        let bytes = &b.input.as_bytes()[range.clone()];
        if self.in_head && !bytes.iter().all(|&c| is_ascii_space(c)) {
            // Text cannot be in the head: a browser closes it and shows the text.
            self.in_head = false;
        }
        if !self.is_hidden() && !self.in_head && !self.outside(range.start) {
            b.push_text(range);
        }
    }

    /// A character reference (or a plain `&`) at `at`; returns where scanning goes on.
    fn reference(&mut self, b: &mut Builder, at: usize, end: usize, rcdata: bool) -> usize {
        let bytes = &b.input.as_bytes()[at..end];
        if !rcdata {
            // Like any text, a reference outside `<title>` ends the head.
            self.in_head = false;
        }
        let prose = !self.is_hidden() && !self.outside(at);
        match decode_reference(bytes) {
            Some((len, decoded)) => {
                if prose {
                    let mut buf = [0; 4];
                    let s = match decoded {
                        Decoded::Char(c) => &*c.encode_utf8(&mut buf),
                        Decoded::Str(s) => s,
                    };
                    b.push_atomic(at..at + len, s);
                }
                at + len
            }
            None => {
                if prose {
                    b.push_text(at..at + 1);
                }
                at + 1
            }
        }
    }

    /// Whatever starts with `<` at `at`; returns where scanning goes on.
    fn markup(&mut self, b: &mut Builder, at: usize, end: usize) -> usize {
        let bytes = b.input.as_bytes();
        let rest = &bytes[at..end];
        if rest.starts_with(b"<!--") {
            return self.comment(b, at, end);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return bogus_comment_end(bytes, at + 2, end);
        }
        if rest.starts_with(b"</") {
            return match rest.get(2) {
                Some(c) if c.is_ascii_alphabetic() => match scan_tag(bytes, at + 2, end) {
                    Some(tag) => {
                        let name = &bytes[tag.name];
                        if self.skipped > 0 && self.skips(name, at) {
                            self.skipped -= 1;
                        }
                        self.end_tag(b, name, at..tag.end);
                        tag.end
                    }
                    None => end,
                },
                Some(b'>') => at + 3,
                Some(_) => bogus_comment_end(bytes, at + 2, end),
                None => {
                    self.data(b, at..end);
                    end
                }
            };
        }
        match rest.get(1) {
            Some(c) if c.is_ascii_alphabetic() => match scan_tag(bytes, at + 1, end) {
                Some(tag) => {
                    let name = known_name(&bytes[tag.name.clone()]);
                    if name == Some("a") {
                        self.link(b, tag.href);
                    }
                    if !tag.self_closing && self.skips(&bytes[tag.name.clone()], at) {
                        self.skipped += 1;
                    }
                    if !tag.self_closing {
                        self.open_region(b, name, tag.landmark, at);
                    }
                    self.start_tag(b, name, tag.self_closing, at);
                    if self.raw.is_some() {
                        self.raw_text(b, tag.end, end)
                    } else {
                        tag.end
                    }
                }
                // A tag cut off by the end of the input is dropped with the rest, as browsers do.
                None => end,
            },
            _ => {
                // A `<` that starts no tag is text (`if x < 3`).
                self.data(b, at..at + 1);
                at + 1
            }
        }
    }

    fn start_tag(
        &mut self,
        b: &mut Builder,
        name: Option<&'static str>,
        self_closing: bool,
        at: usize,
    ) {
        let Some(name) = name else {
            self.in_head = false;
            return;
        };
        if self.in_head && !HEAD_CONTENT.contains(&name) {
            self.in_head = false;
        }
        match name {
            "head" => self.in_head = true,
            "body" => self.in_head = false,
            _ => {}
        }
        if BLOCKS.contains(&name) {
            b.block_break();
        }
        if RAW.contains(&name) {
            // HTML ignores the `/` of `<script/>`: the raw text runs to the end tag regardless.
            self.raw = Some(name);
        } else if let Some(kind) = Hidden::of(name)
            && !self_closing
        {
            if kind == Hidden::Code && !self.is_hidden() {
                self.code_start = Some(at);
            }
            *self.counter(kind) += 1;
        }
    }

    /// A start tag named `name` at `at` (with a furniture `landmark` role or not): opens a
    /// furniture region if it is the outermost such element in prose, or counts one more open
    /// element of the region's name.
    fn open_region(&mut self, b: &Builder, name: Option<&'static str>, landmark: bool, at: usize) {
        let Some(name) = name.filter(|_| self.regions) else {
            return;
        };
        let in_prose = !self.is_hidden() && !self.outside(at);
        match &mut self.region {
            Some((open, depth, _)) if *open == name => *depth += 1,
            Some(_) => {}
            None if in_prose && (landmark || REGIONS.contains(&name)) => {
                self.region = Some((name, 1, b.start_link()));
            }
            None => {}
        }
    }

    /// An `<a>` start tag: it ends the open link, if any (links do not nest; browsers close one
    /// when the next opens), and opens one if it has an `href`.
    fn link(&mut self, b: &mut Builder, href: bool) {
        if let Some(start) = self.link_start.take() {
            b.end_link(start);
        }
        if href {
            self.link_start = Some(b.start_link());
        }
    }

    fn end_tag(&mut self, b: &mut Builder, raw_name: &[u8], span: Range<usize>) {
        let Some(name) = known_name(raw_name) else {
            return;
        };
        if name == "a"
            && let Some(start) = self.link_start.take()
        {
            b.end_link(start);
        }
        if name == "head" {
            self.in_head = false;
        }
        if let Some((open, depth, start)) = &mut self.region
            && *open == name
        {
            *depth -= 1;
            if *depth == 0 {
                let start = *start;
                self.region = None;
                b.end_region(start);
            }
        }
        if BLOCKS.contains(&name) {
            b.block_break();
        }
        if let Some(kind) = Hidden::of(name) {
            let n = self.counter(kind);
            *n = n.saturating_sub(1);
            if kind == Hidden::Code && *n == 0 {
                // Only the outermost `<code>` that opened in prose stands for a word.
                let start = self.code_start.take();
                if let Some(start) = start
                    && !self.is_hidden()
                    && !self.outside(start)
                {
                    b.push_placeholder(start..span.end);
                }
            }
        }
    }

    /// The content of the open raw text element from `pos`, up to (not including) its end tag.
    fn raw_text(&mut self, b: &mut Builder, pos: usize, end: usize) -> usize {
        let Some(name) = self.raw else {
            return pos;
        };
        let close = raw_end(b.input.as_bytes(), name, pos, end);
        let content_end = close.unwrap_or(end);
        if name == "title" {
            self.rcdata(b, pos, content_end);
        }
        if close.is_some() {
            self.raw = None;
        }
        content_end
    }

    /// RCDATA prose: text with character references, no tags.
    fn rcdata(&mut self, b: &mut Builder, mut pos: usize, end: usize) {
        let bytes = b.input.as_bytes();
        while pos < end {
            let next = bytes[pos..end]
                .iter()
                .position(|&c| c == b'&')
                .map_or(end, |i| pos + i);
            if next > pos && !self.is_hidden() && !self.outside(pos) {
                b.push_text(pos..next);
            }
            if next == end {
                break;
            }
            pos = self.reference(b, next, end, true);
        }
    }

    /// A comment starting at `at` (`<!--`); records a directive if it is one.
    fn comment(&mut self, b: &mut Builder, at: usize, end: usize) -> usize {
        let bytes = b.input.as_bytes();
        let content = at + 4;
        if let Some(len) = empty_comment(&bytes[content..end]) {
            return content + len;
        }
        self.comment = Some((at, String::new()));
        self.comment_rest(b, content, end)
    }

    /// Continues the open comment from `pos`.
    fn comment_rest(&mut self, b: &mut Builder, pos: usize, end: usize) -> usize {
        let Some((start, mut text)) = self.comment.take() else {
            return pos;
        };
        let bytes = b.input.as_bytes();
        let Some((i, len)) = comment_end(&bytes[pos..end]) else {
            text.push_str(b.input.get(pos..end).unwrap_or(""));
            self.comment = Some((start, text));
            return end;
        };
        text.push_str(b.input.get(pos..pos + i).unwrap_or(""));
        let span = start..pos + i + len;
        if let Some(d) = parse_directive(&text, span) {
            b.directives.push(d);
        }
        pos + i + len
    }
}

/// Where the end tag of the raw text element `name` whose content starts at `pos` begins, if
/// before `end`.
fn raw_end(bytes: &[u8], name: &str, pos: usize, end: usize) -> Option<usize> {
    let mut i = pos;
    loop {
        let at = i + find(&bytes[i..end], b"</")?;
        let name_end = at + 2 + name.len();
        if name_end < end
            && bytes[at + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
            && (is_ascii_space(bytes[name_end]) || matches!(bytes[name_end], b'/' | b'>'))
        {
            return Some(at);
        }
        i = at + 2;
    }
}

/// A tag as scanned: the byte range of its name, the end of the tag, a final `/>`, and an
/// `href` attribute with a value (which makes an `a` element a live link).
#[derive(Debug, Clone)]
struct Tag {
    name: Range<usize>,
    end: usize,
    self_closing: bool,
    href: bool,
    /// A `role` that makes the element a furniture landmark ([`LANDMARKS`]).
    landmark: bool,
}

/// Scans a tag whose name starts at `name_start`, through its attributes (quoted values may hold
/// `>`), to its `>`. `None` when the input ends inside the tag.
fn scan_tag(bytes: &[u8], name_start: usize, end: usize) -> Option<Tag> {
    scan_tag_with(bytes, name_start, end, |_, _| {})
}

/// [`scan_tag`], calling `attribute(name, value)` with the byte ranges of each attribute (the
/// value's without its quotes; empty for an attribute without one).
fn scan_tag_with(
    bytes: &[u8],
    name_start: usize,
    end: usize,
    mut attribute: impl FnMut(Range<usize>, Range<usize>),
) -> Option<Tag> {
    let not_name = |c: u8| is_ascii_space(c) || c == b'/' || c == b'>';
    let mut i = name_start;
    while i < end && !not_name(bytes[i]) {
        i += 1;
    }
    let name = name_start..i;
    let mut self_closing = false;
    let mut href = false;
    let mut landmark = false;
    loop {
        while i < end && is_ascii_space(bytes[i]) {
            i += 1;
        }
        if i >= end {
            return None;
        }
        match bytes[i] {
            b'>' => {
                return Some(Tag {
                    name,
                    end: i + 1,
                    self_closing,
                    href,
                    landmark,
                });
            }
            b'/' => {
                i += 1;
                self_closing = i < end && bytes[i] == b'>';
                continue;
            }
            _ => self_closing = false,
        }
        // An attribute name; its first character may be `=`.
        let attribute_start = i;
        i += 1;
        while i < end && !not_name(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let attribute_name = attribute_start..i;
        let is_href = bytes[attribute_name.clone()].eq_ignore_ascii_case(b"href");
        let is_role = bytes[attribute_name.clone()].eq_ignore_ascii_case(b"role");
        while i < end && is_ascii_space(bytes[i]) {
            i += 1;
        }
        if i < end && bytes[i] == b'=' {
            i += 1;
            while i < end && is_ascii_space(bytes[i]) {
                i += 1;
            }
            let value_start = i;
            let value = if i < end && matches!(bytes[i], b'"' | b'\'') {
                let quote = bytes[i];
                i += 1;
                while i < end && bytes[i] != quote {
                    i += 1;
                }
                if i >= end {
                    return None;
                }
                i += 1;
                value_start + 1..i - 1
            } else {
                while i < end && !is_ascii_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                value_start..i
            };
            href |= is_href && !bytes[value.clone()].iter().all(|&c| is_ascii_space(c));
            landmark |= is_role
                && LANDMARKS
                    .iter()
                    .any(|l| bytes[value.clone()].trim_ascii().eq_ignore_ascii_case(l));
            attribute(attribute_name, value);
        } else {
            attribute(attribute_name, i..i);
        }
    }
}

/// `<!-->` and `<!--->` are complete (empty) comments: after `<!--`, the length of what closes
/// one at once, if `after_open` starts with it.
fn empty_comment(after_open: &[u8]) -> Option<usize> {
    if after_open.starts_with(b">") {
        Some(1)
    } else if after_open.starts_with(b"->") {
        Some(2)
    } else {
        None
    }
}

/// Where the comment text in `hay` ends: the first `-->` or `--!>`, found in one forward pass.
/// Returns the offset of the terminator and its length.
fn comment_end(hay: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while let Some(k) = find(&hay[i..], b"--") {
        let at = i + k;
        let after = &hay[at + 2..];
        if after.starts_with(b">") {
            return Some((at, 3));
        }
        if after.starts_with(b"!>") {
            return Some((at, 4));
        }
        i = at + 1;
    }
    None
}

/// End of a bogus comment (`<!DOCTYPE ...>`, `<?xml ...?>`, `</ x>`): the next `>`.
fn bogus_comment_end(bytes: &[u8], from: usize, end: usize) -> usize {
    let from = from.min(end);
    bytes[from..end]
        .iter()
        .position(|&c| c == b'>')
        .map_or(end, |i| from + i + 1)
}

/// The element names the tokenizer cares about, as a static lower-case string.
fn known_name(raw: &[u8]) -> Option<&'static str> {
    const OTHERS: &[&str] = &[
        "a",
        "code",
        "svg",
        "math",
        "listing",
        "template",
        "xmp",
        "noembed",
        "noframes",
        "plaintext",
        "meta",
        "link",
        "base",
        "basefont",
        "bgsound",
    ];
    BLOCKS
        .iter()
        .chain(RAW)
        .chain(OTHERS)
        .copied()
        .find(|n| n.as_bytes().eq_ignore_ascii_case(raw))
}

/// Position of `needle` in `hay`; `needle` is a few bytes, so the naive search is linear.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// What a character reference stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoded {
    Char(char),
    Str(&'static str),
}

/// Decodes the character reference at the start of `s` (which starts with `&`) the way HTML
/// does in text: numeric references with or without `;`, named references by longest match,
/// legacy names (`&copy`, `&amp`) also without `;`. Returns its length in bytes and expansion.
fn decode_reference(s: &[u8]) -> Option<(usize, Decoded)> {
    if s.get(1) == Some(&b'#') {
        let hex = matches!(s.get(2), Some(b'x' | b'X'));
        let radix = if hex { 16 } else { 10 };
        let digits = if hex { 3 } else { 2 };
        let mut i = digits;
        let mut value: u32 = 0;
        while let Some(d) = s.get(i).and_then(|&c| (c as char).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d);
            i += 1;
        }
        if i == digits {
            return None;
        }
        if s.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((i, Decoded::Char(numeric_char(value))));
    }
    let mut i = 1;
    while i < htmlize::ENTITY_MAX_LENGTH && s.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    if i == 1 {
        return None;
    }
    let expansion = |key: &[u8]| {
        htmlize::ENTITIES
            .get(key)
            .and_then(|v| std::str::from_utf8(v).ok())
    };
    if s.get(i) == Some(&b';')
        && let Some(v) = expansion(&s[..=i])
    {
        return Some((i + 1, Decoded::Str(v)));
    }
    (2..=i.min(htmlize::BARE_ENTITY_MAX_LENGTH))
        .rev()
        .find_map(|j| expansion(&s[..j]).map(|v| (j, Decoded::Str(v))))
}

/// The character a numeric reference stands for, with HTML's fixups: C1 controls are read as
/// windows-1252 (`&#146;` is ’), and what is not a character becomes U+FFFD.
fn numeric_char(value: u32) -> char {
    const WINDOWS_1252: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0x80..=0x9F => u32::from(WINDOWS_1252[(value - 0x80) as usize]),
        0 => 0xFFFD,
        v => v,
    };
    char::from_u32(value).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{DirectiveKind, Markup, extract};

    fn prose(input: &str) -> String {
        extract(Markup::Html, input).text
    }

    /// The source text a range of the prose maps to.
    fn source_of<'a>(input: &'a str, needle: &str) -> &'a str {
        let p = extract(Markup::Html, input);
        let at = p.text.find(needle).expect("needle in prose");
        &input[p.map.to_source(at..at + needle.len())]
    }

    #[test]
    fn blocks_are_paragraphs_and_inline_runs_on() {
        let html = "<html><head><title>The Title</title><meta charset=utf-8></head>\n<body>\
                    <h1>Results</h1><p>Here <em>we</em>\n   go<br>on</p><ul><li>one<li>two</ul>\
                    </body></html>";
        assert_eq!(
            prose(html),
            "The Title\n\nResults\n\nHere we\ngo\n\non\n\none\n\ntwo"
        );
    }

    #[test]
    fn white_space_in_a_paragraph() {
        let html = "<p>\n  one\n\n   two  three\r\n</p>\n\n<p>four</p>";
        let p = extract(Markup::Html, html);
        assert_eq!(p.text, "one\ntwo  three\n\nfour");
        let at = p.text.find("two  three").unwrap();
        assert_eq!(&html[p.map.to_source(at..at + 10)], "two  three");
        assert!(p.map.is_exact(at..at + 10));
    }

    #[test]
    fn skipped_content() {
        let html = "<p>a<script>var x = '<p>click here</p>';</script>b</p>\
                    <style>p { content: 'x' }</style><pre>pre\n\ntext</pre>\
                    <noscript>enable js</noscript><template><p>t</p></template>\
                    <!-- comment --><p title=\"click here\" data-x='a>b'>c</p>\
                    <svg><text>s</text></svg><textarea>ta</textarea>";
        assert_eq!(prose(html), "ab\n\nc");
    }

    #[test]
    fn inline_code_is_a_placeholder() {
        let html = "<p>Run <code>x <b>y</b></code> now, <pre><code>z</code></pre></p>";
        let p = extract(Markup::Html, html);
        assert_eq!(p.text, "Run 0 now,");
        assert_eq!(&html[p.map.to_source(4..5)], "<code>x <b>y</b></code>");
    }

    #[test]
    fn entities_map_to_their_bytes() {
        let html =
            "<p>[email&#160;protected] Smith &amp;amp; Jones &copy 2024 &notit; x&#146;s</p>";
        let p = extract(Markup::Html, html);
        assert_eq!(
            p.text,
            "[email\u{a0}protected] Smith &amp; Jones © 2024 ¬it; x’s"
        );
        assert_eq!(
            source_of(html, "[email\u{a0}protected]"),
            "[email&#160;protected]"
        );
        assert_eq!(source_of(html, "&amp;"), "&amp;amp;");
        assert_eq!(source_of(html, "amp;"), "amp;");
        assert_eq!(source_of(html, "©"), "&copy");
        assert_eq!(source_of(html, "’"), "&#146;");
        let at = p.text.find("amp;").unwrap();
        assert!(p.map.is_exact(at..at + 4));
        assert!(!p.map.is_exact(at - 1..at + 4));
    }

    #[test]
    fn references() {
        let d = |s: &str| decode_reference(s.as_bytes());
        assert_eq!(d("&amp;x"), Some((5, Decoded::Str("&"))));
        assert_eq!(d("&amp x"), Some((4, Decoded::Str("&"))));
        assert_eq!(d("&nbsp;"), Some((6, Decoded::Str("\u{a0}"))));
        assert_eq!(d("&#8217;"), Some((7, Decoded::Char('’'))));
        assert_eq!(d("&#x2019"), Some((7, Decoded::Char('’'))));
        assert_eq!(d("&#0;"), Some((4, Decoded::Char('\u{FFFD}'))));
        assert_eq!(d("&#xD800;"), Some((8, Decoded::Char('\u{FFFD}'))));
        assert_eq!(
            d("&#99999999999999999999;"),
            Some((23, Decoded::Char('\u{FFFD}')))
        );
        assert_eq!(d("&#;"), None);
        assert_eq!(d("&bogus;"), None);
        assert_eq!(d("& "), None);
        assert_eq!(d("&"), None);
    }

    #[test]
    fn directives_in_comments() {
        let html = "<p>a</p><!-- copydesk-disable Junk.LinkText --><p>b</p><!--copydesk-enable-->\
                    <!-- not a directive --><!-- copydesk-disable-file";
        let p = extract(Markup::Html, html);
        assert_eq!(p.directives.len(), 2);
        assert_eq!(p.directives[0].kind, DirectiveKind::Disable);
        assert_eq!(p.directives[0].rules, ["Junk.LinkText"]);
        assert_eq!(
            &html[p.directives[0].span.clone()],
            "<!-- copydesk-disable Junk.LinkText -->"
        );
        assert_eq!(
            &html[p.directives[1].span.clone()],
            "<!--copydesk-enable-->"
        );
        // An unterminated comment runs to the end of the file and is not a directive.
        assert_eq!(p.text, "a\n\nb");
    }

    #[test]
    fn head_without_end_tag_and_stray_text() {
        assert_eq!(prose("<head><meta x=1><p>body text"), "body text");
        assert_eq!(prose("<head>stray</head>"), "stray");
        assert_eq!(prose("<head> <link rel=x> </head><body>b"), "b");
    }

    #[test]
    fn broken_markup_never_panics() {
        let cases = [
            "",
            "<",
            "&",
            "</",
            "<!",
            "<!-",
            "<!--",
            "<!-->x",
            "<!--->y",
            "a < b & c > d",
            "<p",
            "<p class=\"x",
            "<p class='x'",
            "</p",
            "</>",
            "</ x>z",
            "<?php echo 1 ?>q",
            "<script>never closed",
            "<title>t &amp",
            "<title>x</titl",
            "<code>open",
            "</code></pre>",
            "<p>é<b>ü</b>&#x1F600;&#x110000;</p>",
            "<é>ü</é>",
            "&#x;&#X1;&#1234567890123;",
            "<a href=x>y</a><ScRiPt>z</sCrIpT >w",
            "<!DOCTYPE html><html>ok",
            "<plaintext><p>x",
            "<textarea/>t",
            "<br/><br /><hr/>",
        ];
        for c in cases {
            let p = extract(Markup::Html, c);
            let _ = p.map.to_source(0..p.text.len());
        }
        assert_eq!(prose("a < b & c > d"), "a < b & c > d");
        assert_eq!(prose("<!-->x"), "x");
        assert_eq!(prose("<!--->y"), "y");
        assert_eq!(prose("</ x>z"), "z");
        assert_eq!(prose("<a href=x>y</a><ScRiPt>z</sCrIpT >w"), "yw");
        assert_eq!(prose("<p>é<b>ü</b>&#x1F600;</p>"), "éü😀");
        assert_eq!(prose("<p class=\"x"), "");
    }

    #[test]
    fn linear_on_pathological_input() {
        let many_lt = "<".repeat(200_000);
        assert_eq!(prose(&many_lt).len(), 200_000);
        let many_comments = "<!--".repeat(50_000);
        assert_eq!(prose(&many_comments), "");
        let scripts = "<script></scrip".repeat(20_000);
        assert_eq!(prose(&scripts), "");
        let comments = "<!--a--!>b<!--c-->".repeat(20_000);
        assert_eq!(prose(&comments), "b".repeat(20_000));
        let dashes = format!("<!--{}", "-".repeat(100_000));
        assert_eq!(prose(&dashes), "");
        let tags = "<a b='>".repeat(20_000);
        assert_eq!(prose(&tags), "");
        let amps = "&amp".repeat(50_000);
        assert_eq!(prose(&amps), "&".repeat(50_000));
    }
}
