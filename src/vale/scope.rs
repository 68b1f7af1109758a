//! Vale's scopes: the name of each block a file is cut into (`text.heading.h2`, `text.list`,
//! `paragraph`, `sentence`, `raw`, ...) and whether a rule's `scope:` selects it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// What Vale's scopes need of a Markdown document, read in one pass.
#[derive(Debug, Default)]
pub struct MarkdownParts {
    /// The containers that give their text a scope of its own, with the source range of each,
    /// in order of their starts.
    pub containers: Vec<(Range<usize>, String)>,
    /// The code blocks (`pre` elements once rendered), which Vale counts.
    pub code_blocks: usize,
    /// The inline markup whose text Vale leaves out when `IgnoredScopes` names it (`strong`,
    /// `em`, `b`, `i`; code is left out already).
    pub ignored_inline: Vec<Range<usize>>,
    /// The source ranges of images' alternative text, which Vale lints as `text.attr.alt`.
    pub alts: Vec<Range<usize>>,
    /// Display math (`$$` to `$$`), which Vale renders as a skipped `pre` block.
    pub math: Vec<Range<usize>>,
    /// The destinations of links and images, which Vale's search for an alert's text passes
    /// over (it masks them as it reads their tags).
    pub destinations: Vec<Range<usize>>,
    /// Link text that is its own destination, and bare URLs (which Vale's GitHub-flavoured
    /// Markdown makes such links): Vale masks them.
    pub urls: Vec<Range<usize>>,
}

/// Reads `source` for [`MarkdownParts`]; `ignored` is the `IgnoredScopes` list.
pub fn markdown_parts(source: &str, ignored: &[String]) -> MarkdownParts {
    let wants = |names: &[&str]| names.iter().any(|n| ignored.iter().any(|i| i == n));
    let (strong, em) = (wants(&["strong", "b"]), wants(&["em", "i"]));
    let mut out = MarkdownParts::default();
    let mut in_head = false;
    // The open image, and where its alternative text starts and ends.
    let mut image: Option<Option<Range<usize>>> = None;
    // The destinations of the open links.
    let mut links: Vec<String> = Vec::new();
    let bare = fancy_regex::Regex::new(
        r"(?i)\b(?:(?:https?|ftp)://|www\.)[-a-z0-9@:%._+~#=]+[-a-z0-9@:%_+~#?&/=.]*",
    )
    .ok();
    for (event, range) in
        Parser::new_ext(source, crate::markup::markdown_options()).into_offset_iter()
    {
        if let Some(alt) = image.as_mut() {
            match &event {
                Event::End(TagEnd::Image) => {
                    out.alts.extend(alt.take());
                    image = None;
                }
                Event::Text(_) | Event::Code(_) => {
                    *alt = Some(match alt.take() {
                        Some(a) => a.start..range.end,
                        None => range.clone(),
                    });
                }
                _ => {}
            }
            continue;
        }
        let scope = match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.destinations
                    .extend(destination(source, &range, &dest_url));
                links.push(dest_url.to_string());
                continue;
            }
            Event::End(TagEnd::Link) => {
                links.pop();
                continue;
            }
            Event::Text(text) => {
                match links.last() {
                    Some(dest) => {
                        if *dest == *text {
                            out.urls.push(range);
                        }
                    }
                    None => {
                        let found = bare.as_ref().map(|re| re.find_iter(&source[range.clone()]));
                        for m in found.into_iter().flatten().flatten() {
                            // Closing punctuation is not part of the URL.
                            let url = m.as_str().trim_end_matches(['.', ',', ':', ';', '?', '!']);
                            let start = range.start + m.start();
                            out.urls.push(start..start + url.len());
                        }
                    }
                }
                continue;
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.destinations
                    .extend(destination(source, &range, &dest_url));
                image = Some(None);
                continue;
            }
            // The elements of an HTML block: a table's caption and cells, a list's items.
            Event::Start(Tag::HtmlBlock) => {
                for (r, scope) in html_containers(&source[range.clone()]) {
                    out.containers
                        .push((range.start + r.start..range.start + r.end, scope));
                }
                continue;
            }
            Event::Start(Tag::Heading { level, .. }) => format!("text.heading.{level}"),
            Event::Start(Tag::Item) => "text.list".to_string(),
            Event::Start(Tag::BlockQuote(_)) => "text.blockquote".to_string(),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                continue;
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                continue;
            }
            Event::Start(Tag::TableCell) if in_head => "text.table.header".to_string(),
            Event::Start(Tag::TableCell) => "text.table.cell".to_string(),
            Event::Start(Tag::CodeBlock(_)) => {
                out.code_blocks += 1;
                continue;
            }
            Event::Start(Tag::Paragraph) if source[range.clone()].starts_with("$$") => {
                let from = range.start + 2;
                if let Some(close) = source[from..].find("$$") {
                    out.math.push(range.start..from + close + 2);
                    out.code_blocks += 1;
                }
                continue;
            }
            Event::Start(Tag::Strong) if strong => {
                out.ignored_inline.push(range);
                continue;
            }
            Event::Start(Tag::Emphasis) if em => {
                out.ignored_inline.push(range);
                continue;
            }
            _ => continue,
        };
        out.containers.push((range, scope));
    }
    out.containers.sort_by_key(|(r, _)| r.start);
    out
}

/// Vale's front-matter blocks: each top-level string value of the YAML (`---`) or TOML
/// (`+++`) front matter that opens `source`, with its key and the source range where the
/// value stands (a value of several lines, from its first line to its last).
pub fn front_matter(source: &str) -> Vec<(String, Range<usize>)> {
    let fence = if source.starts_with("---\n") || source.starts_with("---\r\n") {
        "---"
    } else if source.starts_with("+++\n") || source.starts_with("+++\r\n") {
        "+++"
    } else {
        return Vec::new();
    };
    // The body's lines, with their offsets, up to the closing fence.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut closed = false;
    while at < source.len() {
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        let line = source[at..end].trim_end_matches('\r');
        if line.trim_end() == fence || (fence == "---" && line.trim_end() == "...") {
            closed = true;
            break;
        }
        lines.push((at, line));
        at = end + 1;
    }
    if !closed {
        return Vec::new();
    }
    let body: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
    let body = body.join("\n");
    let values: Vec<(String, String)> = if fence == "---" {
        match serde_yaml::from_str::<serde_yaml::Value>(&body) {
            Ok(serde_yaml::Value::Mapping(map)) => map
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    } else {
        body.lines()
            .filter_map(|l| {
                let (k, v) = l.split_once('=')?;
                let v = v.trim();
                let v = v.strip_prefix('"')?.strip_suffix('"')?;
                Some((k.trim().to_string(), v.to_string()))
            })
            .collect()
    };
    let mut out = Vec::new();
    for (key, value) in values {
        let mut parts = value.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(first) = parts.next() else {
            continue;
        };
        let Some(i) = lines.iter().position(|(_, l)| l.contains(first)) else {
            continue;
        };
        let start = lines[i].0 + lines[i].1.find(first).unwrap_or(0);
        let mut end = start + first.len();
        let mut next = i + 1;
        for part in parts {
            match lines[next.min(lines.len())..]
                .iter()
                .position(|(_, l)| l.contains(part))
            {
                Some(j) => {
                    let (o, l) = lines[next + j];
                    end = o + l.find(part).unwrap_or(0) + part.len();
                    next += j + 1;
                }
                None => break,
            }
        }
        out.push((key, start..end));
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// Where the destination `dest` of the link or image at `range` stands in `source`: its last
/// occurrence there (it follows the text).
fn destination(source: &str, range: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let at = source.get(range.clone())?.rfind(dest)?;
    Some(range.start + at..range.start + at + dest.len())
}

/// The values of the attributes Vale masks as it reads a tag (`href`, `id`, `src` and `alt`
/// of `a`, `img`, `p`, `script` and headings), with their source ranges: its search for an
/// alert's text passes over them.
pub fn html_attribute_values(source: &str) -> Vec<Range<usize>> {
    let (Ok(tag), Ok(attr)) = (
        fancy_regex::Regex::new(r"(?i)<(?:a|img|p|script|h[1-6])\b[^>]*>"),
        fancy_regex::Regex::new(r#"(?i)\b(?:href|id|src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')"#),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in tag.find_iter(source).flatten() {
        for c in attr.captures_iter(t.as_str()).flatten() {
            if let Some(v) = c.get(1).or_else(|| c.get(2)) {
                out.push(t.start() + v.start()..t.start() + v.end());
            }
        }
    }
    out
}

/// The source ranges of the alternative text of the `<img>` elements of an HTML `source`.
pub fn html_alts(source: &str) -> Vec<Range<usize>> {
    let Ok(img) = fancy_regex::Regex::new(r#"(?i)<img\b[^>]*?\balt\s*=\s*("([^"]*)"|'([^']*)')"#)
    else {
        return Vec::new();
    };
    img.captures_iter(source)
        .flatten()
        .filter_map(|c| c.get(2).or_else(|| c.get(3)).map(|m| m.range()))
        .filter(|r| !r.is_empty())
        .collect()
}

/// The HTML elements that give their text a scope of its own (headings, list items, table
/// cells, captions, block quotes), with their source ranges.
pub fn html_containers(source: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let Ok(open) =
        fancy_regex::Regex::new(r"(?i)<(h[1-6]|li|th|td|caption|figcaption|blockquote)\b[^>]*>")
    else {
        return out;
    };
    for caps in open.captures_iter(source).flatten() {
        let (Some(whole), Some(tag)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let tag = tag.as_str().to_ascii_lowercase();
        let scope = match tag.as_str() {
            "li" => "text.list".to_string(),
            "th" => "text.table.header".to_string(),
            "td" => "text.table.cell".to_string(),
            "caption" => "text.table.caption".to_string(),
            "figcaption" => "text.figure.caption".to_string(),
            "blockquote" => "text.blockquote".to_string(),
            h => format!("text.heading.{h}"),
        };
        out.push((whole.start()..element_end(source, whole.end(), &tag), scope));
    }
    out
}

/// The source ranges of HTML elements (in an HTML file or Markdown's inline HTML) that Vale
/// skips: those named in `tags`, and those with a class in `classes`.
pub fn html_skipped(source: &str, tags: &[String], classes: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Ok(open) = fancy_regex::Regex::new(r#"<([A-Za-z][A-Za-z0-9]*)\b([^>]*)>"#) else {
        return out;
    };
    for caps in open.captures_iter(source).flatten() {
        let (Some(whole), Some(tag), Some(attrs)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let tag = tag.as_str().to_ascii_lowercase();
        let class_hit = !classes.is_empty()
            && attrs.as_str().contains("class")
            && attr_value(attrs.as_str(), "class")
                .is_some_and(|v| v.split_whitespace().any(|c| classes.iter().any(|x| x == c)));
        if !(class_hit || tags.contains(&tag)) {
            continue;
        }
        out.push(whole.start()..element_end(source, whole.end(), &tag));
    }
    out
}

/// Where the element `tag` opened just before `from` ends: after its closing tag, counting
/// the same elements nested in it; the end of the source when it is never closed.
fn element_end(source: &str, from: usize, tag: &str) -> usize {
    let lower = source[from..].to_ascii_lowercase();
    let (open, close) = (format!("<{tag}"), format!("</{tag}"));
    let mut depth = 1;
    let mut at = 0;
    while depth > 0 {
        let next_open = lower[at..].find(&open).map(|i| at + i);
        let next_close = lower[at..].find(&close).map(|i| at + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                let after = lower.as_bytes().get(o + open.len());
                if after.is_some_and(|b| b.is_ascii_alphanumeric()) {
                    at = o + open.len();
                    continue;
                }
                depth += 1;
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth -= 1;
                at = c + close.len();
            }
            (_, None) => return source.len(),
        }
    }
    let rest = &lower[at..];
    from + at + rest.find('>').map_or(0, |i| i + 1)
}

/// The value of attribute `name` in a tag's attribute text.
fn attr_value<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let at = attrs.find(name)?;
    let rest = attrs[at + name.len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let inner = &rest[1..];
        inner.find(quote).map(|e| &inner[..e])
    } else {
        rest.split_whitespace().next()
    }
}

/// The scope of each block from the innermost container holding its start, asked for at
/// offsets that do not decrease: the containers (in order of their starts) are swept once, and
/// only those open at the offset are looked at, so that a document of many list items and
/// paragraphs is not read again for each block.
pub struct Containers<'a> {
    containers: &'a [(Range<usize>, String)],
    next: usize,
    open: Vec<usize>,
    /// The offset asked for last.
    last: usize,
}

impl<'a> Containers<'a> {
    pub fn new(containers: &'a [(Range<usize>, String)]) -> Self {
        Containers {
            containers,
            next: 0,
            open: Vec::new(),
            last: 0,
        }
    }

    /// The scope of the innermost container holding source offset `at`, if any.
    pub fn at(&mut self, at: usize) -> Option<&'a str> {
        let all = self.containers;
        if at < self.last {
            // An offset before an earlier one: sweep again from the start.
            (self.next, self.open) = (0, Vec::new());
        }
        self.last = at;
        while self.next < all.len() && all[self.next].0.start <= at {
            self.open.push(self.next);
            self.next += 1;
        }
        self.open.retain(|&i| at < all[i].0.end);
        self.open
            .iter()
            .map(|&i| &all[i])
            .min_by_key(|(r, _)| r.end - r.start)
            .map(|(_, s)| s.as_str())
    }
}

/// Whether a rule whose `scope:` lists `scopes` runs on a block named `block`, as Vale decides:
/// each scope is `&`-joined parts, all of which must hold; a part holds when all its dotted
/// names are among the block's, and a negated part (`~heading`) when they are not (a negated
/// part never selects the raw file or the summary).
pub fn matches(scopes: &[String], block: &str) -> bool {
    let names: Vec<&str> = block.split('.').collect();
    scopes.iter().any(|scope| {
        scope.split('&').all(|part| {
            let part = part.trim();
            let (negated, part) = match part.strip_prefix('~') {
                Some(rest) => (true, rest),
                None => (false, part),
            };
            let contains = part.split('.').all(|p| names.contains(&p.trim()));
            if negated {
                !contains && !names.contains(&"raw") && !names.contains(&"summary")
            } else {
                contains
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_select_blocks_as_vale_does() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(matches(&s(&["text"]), "text.heading.h1"));
        assert!(matches(&s(&["heading"]), "text.heading.h2"));
        assert!(matches(&s(&["heading.h2"]), "text.heading.h2"));
        assert!(!matches(&s(&["heading.h1"]), "text.heading.h2"));
        assert!(!matches(&s(&["text"]), "paragraph"));
        assert!(matches(&s(&["~heading"]), "text.list"));
        assert!(!matches(&s(&["~heading"]), "text.heading.h3"));
        assert!(!matches(&s(&["~heading"]), "raw"));
        assert!(matches(&s(&["list&~heading"]), "text.list"));
        let md = "# Title\n\n- item\n\n> quote\n\n| a |\n|---|\n| b |\n\n```\nx\n```\n**b** _i_\n";
        let parts = markdown_parts(md, &["strong".to_string()]);
        let mut c = Containers::new(&parts.containers);
        assert_eq!(c.at(2), Some("text.heading.h1"));
        assert_eq!(c.at(11), Some("text.list"));
        assert_eq!(c.at(19), Some("text.blockquote"));
        assert_eq!(c.at(28), Some("text.table.header"));
        assert_eq!(c.at(40), Some("text.table.cell"));
        assert_eq!(c.at(46), None);
        assert_eq!(c.at(11), Some("text.list"));
        assert_eq!(parts.code_blocks, 1);
        assert_eq!(parts.ignored_inline, vec![Range { start: 55, end: 60 }]);
    }

    #[test]
    fn front_matter_alt_text_and_html_blocks() {
        let md = "---\ntitle: \"My document\"\ntags: [a]\nnote: |\n  One\n  two\n---\n\n\
                  ![some alt](x.png)\n\n<table>\n<caption>Cap</caption>\n</table>\n";
        let front: Vec<(String, &str)> = front_matter(md)
            .into_iter()
            .map(|(k, r)| (k, &md[r]))
            .collect();
        assert_eq!(
            front,
            [
                ("title".to_string(), "My document"),
                ("note".to_string(), "One\n  two")
            ]
        );
        let parts = markdown_parts(md, &[]);
        let alts: Vec<&str> = parts.alts.iter().map(|r| &md[r.clone()]).collect();
        assert_eq!(alts, ["some alt"]);
        let caption = md.find("Cap<").unwrap();
        assert_eq!(
            Containers::new(&parts.containers).at(caption),
            Some("text.table.caption")
        );
        let math = "Text.\n\n$$\nx = y\n$$\n\nMore $z$.\n";
        let spans: Vec<&str> = markdown_parts(math, &[])
            .math
            .into_iter()
            .map(|r| &math[r])
            .collect();
        assert_eq!(spans, ["$$\nx = y\n$$"]);
        let links = "See https://a.com/term, [x](https://b.com) and \
                     [https://c.com](https://c.com).\n";
        let urls: Vec<&str> = markdown_parts(links, &[])
            .urls
            .into_iter()
            .map(|r| &links[r])
            .collect();
        assert_eq!(urls, ["https://a.com/term", "https://c.com"]);
        let toml = "+++\ntitle = \"A title\"\n+++\nText\n";
        assert_eq!(&toml[front_matter(toml)[0].1.clone()], "A title");
        let html = r#"<p><img src="x" alt="An image"> <img alt='two'></p>"#;
        let alts: Vec<&str> = html_alts(html).into_iter().map(|r| &html[r]).collect();
        assert_eq!(alts, ["An image", "two"]);
    }
}
