//! Markdown: the prose of a CommonMark document (with GitHub's extensions and front matter).
//!
//! `pulldown-cmark` gives every event the source range it came from. A text event whose text is
//! the source slice itself becomes exact pieces; one that differs (a backslash escape, a table
//! cell's escaped pipe) becomes an atomic piece over its range. Entity references (`&amp;`) stay
//! as written, since in Markdown prose they are what scrapers leave behind. Emphasis markers, link
//! destinations and the like belong to no event text, so they are simply absent from the prose.
//! Raw HTML goes through the HTML tokenizer, which also finds the suppression comments.

use super::html::Scanner;
use super::{Builder, Prose, is_ascii_space};
use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Extracts the prose of a Markdown document.
pub(super) fn extract(input: &str) -> Prose {
    extract_with(input, false)
}

/// Extracts the prose of a Markdown document; with `mask_code`, each code span is a run of `*`
/// as long as its text (as Vale reads code), instead of one placeholder word.
pub(super) fn extract_with(input: &str, mask_code: bool) -> Prose {
    let mut b = Builder::new(input);
    // Inline HTML of the current block (`<code>` ... `</code>` hides the text events between).
    let mut inline_html = Scanner::default();
    let mut code_block = false;
    // For each open link, whether it is an autolink (`<https://...>`), whose text is a URL, and
    // for a live link (one with a destination), where its text starts in the prose.
    let mut links: Vec<(bool, Option<usize>)> = Vec::new();
    let mut metadata: Option<MetadataBlockKind> = None;
    // The line ranges of the open HTML block.
    let mut html_block: Option<Vec<Range<usize>>> = None;
    for (event, range) in Parser::new_ext(input, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) => {
                    b.block_break();
                    code_block = true;
                }
                Tag::HtmlBlock => {
                    b.block_break();
                    html_block = Some(Vec::new());
                }
                Tag::MetadataBlock(kind) => metadata = Some(kind),
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => {
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    if auto && inline_html.prose() && !in_autolink(&links) {
                        b.push_placeholder(range);
                    }
                    let live = !auto && !dest_url.trim().is_empty();
                    links.push((auto, live.then(|| b.start_link())));
                }
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell => {
                    b.block_break();
                    inline_html = Scanner::default();
                }
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Image { .. } => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock => {
                    code_block = false;
                    b.block_break();
                }
                TagEnd::HtmlBlock => {
                    if let Some(lines) = html_block.take() {
                        scan_html_block(&mut b, &lines);
                    }
                    b.block_break();
                }
                TagEnd::MetadataBlock(_) => metadata = None,
                TagEnd::Link => {
                    if let Some((_, Some(start))) = links.pop() {
                        b.end_link(start);
                    }
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell => {
                    b.block_break();
                    inline_html = Scanner::default();
                }
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Image => {}
            },
            Event::Text(text) => {
                if let Some(kind) = metadata {
                    front_matter(&mut b, kind, range);
                } else if !code_block
                    && html_block.is_none()
                    && !in_autolink(&links)
                    && inline_html.prose()
                {
                    let source = input.get(range.clone());
                    // Entity references stay as written: in Markdown prose `&#8217;` is what a
                    // scraper leaves, not what an author types, so the junk rules must see it.
                    let entity = source.is_some_and(|s| s.starts_with('&') && s.ends_with(';'));
                    if source == Some(&*text) || entity {
                        b.push_text(range);
                    } else {
                        b.push_atomic(range, &text);
                    }
                }
            }
            Event::Code(code) if mask_code => {
                if inline_html.prose() && !in_autolink(&links) {
                    b.push_atomic(range, &"*".repeat(code.chars().count().max(1)));
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                if inline_html.prose() && !in_autolink(&links) {
                    b.push_placeholder(range);
                }
            }
            Event::Html(_) => {
                if let Some(lines) = html_block.as_mut() {
                    lines.push(range);
                }
            }
            Event::InlineHtml(_) => inline_html.scan(&mut b, range),
            Event::SoftBreak | Event::HardBreak => b.soft_break(),
            Event::Rule => b.block_break(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    b.finish()
}

/// Whether one of the open `links` is an autolink, whose text is its URL rather than prose.
fn in_autolink(links: &[(bool, Option<usize>)]) -> bool {
    links.iter().any(|&(auto, _)| auto)
}

/// The extensions copydesk reads Markdown with, wherever it parses it.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Runs the HTML tokenizer over the lines of an HTML block. Lines that follow each other in the
/// source are scanned as one run, so that a tag or comment may span them; inside a block quote
/// or list the container markers between lines are skipped.
fn scan_html_block(b: &mut Builder, lines: &[Range<usize>]) {
    let mut scanner = Scanner::default();
    let mut run: Option<Range<usize>> = None;
    for line in lines {
        run = match run {
            Some(r) if r.end == line.start => Some(r.start..line.end),
            Some(r) => {
                scanner.scan(b, r);
                Some(line.clone())
            }
            None => Some(line.clone()),
        };
    }
    if let Some(r) = run {
        scanner.scan(b, r);
    }
}

/// The keys of front matter whose values are prose.
const PROSE_KEYS: &[&str] = &["title", "description"];

/// Lays out the prose values of front matter (`title`, `description`) as paragraphs.
fn front_matter(b: &mut Builder, kind: MetadataBlockKind, range: Range<usize>) {
    let lines = lines(b.input, range.clone());
    match kind {
        MetadataBlockKind::YamlStyle => yaml(b, &lines, range.end),
        MetadataBlockKind::PlusesStyle => toml(b, &lines, range.end),
    }
}

/// The lines of `range`, without their terminators.
fn lines(input: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = input.as_bytes();
    let mut out = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        if bytes[i] == b'\n' {
            let end = if i > start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(start..end);
            start = i + 1;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// If `line` starts (at column 0 for YAML) with a prose key followed by `sep`, the offset in the
/// line where the value starts.
fn prose_key(line: &str, sep: u8, indented: bool) -> Option<usize> {
    let bytes = line.as_bytes();
    let start = if indented {
        bytes
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count()
    } else {
        0
    };
    let key_len = PROSE_KEYS.iter().find_map(|k| {
        bytes
            .get(start..start + k.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(k.as_bytes()))
            .then_some(k.len())
    })?;
    let mut i = start + key_len;
    while bytes.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
        i += 1;
    }
    if bytes.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    // `title:x` is not a key in YAML (a key needs `: `); TOML needs no space.
    if sep == b':' && bytes.get(i).is_some_and(|&c| c != b' ' && c != b'\t') {
        return None;
    }
    while bytes.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
        i += 1;
    }
    Some(i)
}

fn yaml(b: &mut Builder, lines: &[Range<usize>], end: usize) {
    let input = b.input;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].clone();
        i += 1;
        let Some(at) = prose_key(&input[line.clone()], b':', false) else {
            continue;
        };
        let value = line.start + at;
        b.block_break();
        match input.as_bytes().get(value).filter(|_| value < line.end) {
            Some(&q @ (b'"' | b'\'')) => {
                let quoting = if q == b'"' {
                    Quoting::Double
                } else {
                    Quoting::YamlSingle
                };
                let after = quoted(b, value + 1, end, &[q], quoting);
                while i < lines.len() && lines[i].start < after {
                    i += 1;
                }
            }
            first => {
                // A plain scalar on the key's line (up to a ` #` comment), then any indented
                // continuation lines; `|` and `>` block scalars have only the latter.
                if !matches!(first, None | Some(&(b'|' | b'>' | b'#'))) {
                    let s = &input[value..line.end];
                    let cut = s.find(" #").or_else(|| s.find("\t#")).unwrap_or(s.len());
                    b.push_text(value..value + cut);
                }
                let first_more = i;
                while i < lines.len() && {
                    let l = &input.as_bytes()[lines[i].clone()];
                    l.iter().all(|&c| is_ascii_space(c)) || matches!(l[0], b' ' | b'\t')
                } {
                    i += 1;
                }
                if i > first_more {
                    b.soft_break();
                    b.push_text(lines[first_more].start..lines[i - 1].end);
                }
            }
        }
        b.block_break();
    }
}

fn toml(b: &mut Builder, lines: &[Range<usize>], end: usize) {
    let input = b.input;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].clone();
        i += 1;
        let s = &input[line.clone()];
        if s.trim_start().starts_with('[') {
            // Keys of tables (`[params]`) are not the page's own.
            return;
        }
        let Some(at) = prose_key(s, b'=', true) else {
            continue;
        };
        let value = line.start + at;
        let rest = &input.as_bytes()[value..line.end];
        let (open, quoting, multiline) = if rest.starts_with(b"\"\"\"") {
            ("\"\"\"", Quoting::Double, true)
        } else if rest.starts_with(b"'''") {
            ("'''", Quoting::Literal, true)
        } else if rest.starts_with(b"\"") {
            ("\"", Quoting::Double, false)
        } else if rest.starts_with(b"'") {
            ("'", Quoting::Literal, false)
        } else {
            continue;
        };
        b.block_break();
        let limit = if multiline { end } else { line.end };
        let after = quoted(b, value + open.len(), limit, open.as_bytes(), quoting);
        b.block_break();
        while i < lines.len() && lines[i].start < after {
            i += 1;
        }
    }
}

/// How a quoted scalar escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// YAML `"..."` and TOML `"..."`/`"""..."""`: backslash escapes.
    Double,
    /// YAML `'...'`: `''` is a quote.
    YamlSingle,
    /// TOML `'...'`/`'''...'''`: no escapes.
    Literal,
}

/// Adds the prose of a quoted string whose content starts at `start`; returns the offset after
/// the closing quote (or `end`).
fn quoted(b: &mut Builder, start: usize, end: usize, close: &[u8], quoting: Quoting) -> usize {
    let bytes = b.input.as_bytes();
    let end = end.min(bytes.len());
    let mut run = start;
    let mut i = start;
    // Every stop is at an ASCII byte, so `run..i` is always on character boundaries.
    while i < end {
        let rest = &bytes[i..end];
        if quoting == Quoting::YamlSingle && rest.starts_with(b"''") {
            b.push_text(run..i);
            b.push_atomic(i..i + 2, "'");
            i += 2;
            run = i;
        } else if rest.starts_with(close) {
            b.push_text(run..i);
            return i + close.len();
        } else if rest[0] == b'\\' && quoting == Quoting::Double {
            b.push_text(run..i);
            let (len, decoded) = unescape(rest);
            match decoded {
                Some('\n') => b.soft_break(),
                Some(c) => {
                    let mut buf = [0; 4];
                    b.push_atomic(i..i + len, c.encode_utf8(&mut buf));
                }
                None => {}
            }
            i += len;
            run = i;
        } else {
            i += 1;
        }
    }
    b.push_text(run..end);
    end
}

/// Decodes the backslash escape at the start of `s`: its length, and the character it stands
/// for (`None` for an escaped line break, which joins lines).
fn unescape(s: &[u8]) -> (usize, Option<char>) {
    let hex = |n: usize| -> (usize, Option<char>) {
        let digits = s.get(2..2 + n).and_then(|d| std::str::from_utf8(d).ok());
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(v) => (2 + n, Some(char::from_u32(v).unwrap_or('\u{FFFD}'))),
            None => (1, Some('\\')),
        }
    };
    match s.get(1) {
        Some(b'n' | b'r') => (2, Some('\n')),
        Some(b't') => (2, Some('\t')),
        Some(b'"') => (2, Some('"')),
        Some(b'\\') => (2, Some('\\')),
        Some(b'/') => (2, Some('/')),
        Some(b' ') => (2, Some(' ')),
        Some(b'_') => (2, Some('\u{a0}')),
        Some(b'x') => hex(2),
        Some(b'u') => hex(4),
        Some(b'U') => hex(8),
        Some(b'\n') => (2, None),
        Some(b'\r') if s.get(2) == Some(&b'\n') => (3, None),
        _ => (1, Some('\\')),
    }
}

#[cfg(test)]
mod tests {
    use crate::markup::{DirectiveKind, Markup, extract};

    fn prose(input: &str) -> String {
        extract(Markup::Markdown, input).text
    }

    /// The source text of the first occurrence of `needle` in the prose.
    fn source_of<'a>(input: &'a str, needle: &str) -> &'a str {
        let p = extract(Markup::Markdown, input);
        let at = p.text.find(needle).expect("needle in prose");
        &input[p.map.to_source(at..at + needle.len())]
    }

    #[test]
    fn blocks_become_paragraphs() {
        let md = "# Results\nHere we go\non two lines.\n\n> “One.\n>\n> “Two.”\n\n- a\n- b\n\n\
                  | x | y |\n|---|---|\n| c | d |\n";
        assert_eq!(
            prose(md),
            "Results\n\nHere we go\non two lines.\n\n“One.\n\n“Two.”\n\na\n\nb\n\nx\n\ny\n\nc\n\nd"
        );
    }

    #[test]
    fn code_masked_as_vale_reads_it() {
        let md = "Run `make all`, then `é` here.\n";
        let p = crate::markup::extract_masking_code(Markup::Markdown, md);
        assert_eq!(p.text, "Run ********, then * here.");
        let at = p.text.find("********").unwrap();
        assert_eq!(&md[p.map.to_source(at..at + 8)], "`make all`");
        assert_eq!(prose(md), "Run 0, then 0 here.");
    }

    #[test]
    fn not_prose() {
        let md = "Text `click here` and [link text](http://click.here/ \"title\") and \
                  <http://auto.link> and <span title=\"x\">inline</span> and <!-- c -->.\n\n\
                  ```\nfenced\n```\n\n    indented\n\n<div class=\"x\">\n<p>block html</p>\n</div>\n\n\
                  <script>\nvar x;\n</script>\n\n![alt text](img.png) [^1]\n\n[^1]: Note.\n";
        assert_eq!(
            prose(md),
            "Text 0 and link text and 0 and inline and .\n\nblock html\n\nalt text\n\nNote."
        );
    }

    #[test]
    fn exact_pieces_and_raw_entities() {
        let md = "Hello *click Here* &amp; more \\* x\n";
        let p = extract(Markup::Markdown, md);
        assert_eq!(p.text, "Hello click Here &amp; more * x");
        assert_eq!(source_of(md, "click Here"), "click Here");
        assert_eq!(source_of(md, "Hello click"), "Hello *click");
        assert_eq!(source_of(md, "&amp;"), "&amp;");
        assert_eq!(source_of(md, "* x"), "* x");
        let at = p.text.find("click Here").unwrap();
        assert!(p.map.is_exact(at..at + 10));
        assert!(!p.map.is_exact(0..at + 5));
    }

    #[test]
    fn soft_breaks_map_to_the_newline() {
        let md = "Leave a Comment\n\nNext line\nand more\n";
        let p = extract(Markup::Markdown, md);
        assert_eq!(p.text, "Leave a Comment\n\nNext line\nand more");
        assert!(p.map.is_exact(0..16));
        assert_eq!(p.map.to_source(0..16), 0..16);
        let at = p.text.find("Next line\n").unwrap();
        assert!(p.map.is_exact(at..at + 10));
    }

    #[test]
    fn yaml_front_matter() {
        let md = "---\ntitle: \"Write to [email protected] \\u00e9\"\nauthor: click here\n\
                  description: >\n  Leave a Comment\n  and more # not a comment\nsummary: x\n\
                  Title: plain value # comment\n---\nBody\n";
        assert_eq!(
            prose(md),
            "Write to [email protected] é\n\nLeave a Comment\nand more # not a comment\n\n\
             plain value\n\nBody"
        );
        assert_eq!(source_of(md, "[email protected]"), "[email protected]");
        assert_eq!(source_of(md, "é"), "\\u00e9");
        let md = "---\ntitle: 'It''s here'\ndescription:\n  two\n  lines\n\ntags: [a]\n---\n";
        assert_eq!(prose(md), "It's here\n\ntwo\nlines");
    }

    #[test]
    fn toml_front_matter() {
        let md = "+++\ntitle = \"A \\\"quoted\\\" title\"\ndraft = true\ndescription = '''\nMulti\nline'''\n\
                  [params]\ntitle = \"not the page's\"\n+++\nBody\n";
        assert_eq!(prose(md), "A \"quoted\" title\n\nMulti\nline\n\nBody");
    }

    #[test]
    fn directives() {
        let md = "<!-- copydesk-disable Junk -->\n\nText <!-- copydesk-enable --> more\n\n\
                  > <!-- copydesk-disable-next-line\n> Quotes.Balance -->\n\n```\n<!-- copydesk-disable-file -->\n```\n";
        let p = extract(Markup::Markdown, md);
        let kinds: Vec<_> = p.directives.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DirectiveKind::Disable,
                DirectiveKind::Enable,
                DirectiveKind::DisableNextLine
            ]
        );
        assert_eq!(
            &md[p.directives[0].span.clone()],
            "<!-- copydesk-disable Junk -->"
        );
        assert_eq!(
            &md[p.directives[1].span.clone()],
            "<!-- copydesk-enable -->"
        );
        assert_eq!(p.directives[2].rules, ["Quotes.Balance"]);
        assert_eq!(p.text, "Text more");
    }

    #[test]
    fn inline_code_html_hides_text() {
        assert_eq!(prose("Run <code>click here</code> now\n"), "Run 0 now");
        assert_eq!(prose("Run <code>never closed\n\nNext\n"), "Run\n\nNext");
    }

    #[test]
    fn broken_markdown_never_panics() {
        let cases = [
            "",
            "---\n",
            "---\ntitle:",
            "---\ntitle: \"open\n---\n",
            "+++\ntitle = '''x\n+++\n",
            "---\ntitle: \"\\u12\"\n---\n",
            "---\ntitle: \"\\\n---\n",
            "---\ntitle: é\\\n---\n",
            "<!--",
            "a <!-- b\n\nc -->",
            "> <div>\n> <!-- x\n> -->\n",
            "*a **b",
            "[a](",
            "`a",
            "- [ ] task\n- [x] done",
            "é&amp;ü\\*ß",
            "\r\n\r\n# h\r\nt\r\n",
            "<",
            "&#xFFFFFF;",
            "Term\n: definition",
        ];
        for c in cases {
            let p = extract(Markup::Markdown, c);
            let _ = p.map.to_source(0..p.text.len());
        }
        assert_eq!(prose("---\ntitle: é\\\n---\n"), "é\\");
        assert_eq!(prose("\r\n\r\n# h\r\nt\r\n"), "h\n\nt");
    }
}
