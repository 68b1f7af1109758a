//! Vale's scopes: the name of each block a file is cut into (`text.heading.h2`, `text.list`,
//! `paragraph`, `sentence`, `raw`, ...) and whether a rule's `scope:` selects it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown containers that give their text a scope of its own, with the source range of
/// each (innermost last among those that nest).
pub fn markdown_containers(source: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut in_head = false;
    for (event, range) in
        Parser::new_ext(source, crate::markup::markdown_options()).into_offset_iter()
    {
        let scope = match event {
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
            _ => continue,
        };
        out.push((range, scope));
    }
    out
}

/// The code blocks of a Markdown document (`pre` elements once rendered), which Vale counts.
pub fn markdown_code_blocks(source: &str) -> usize {
    Parser::new_ext(source, crate::markup::markdown_options())
        .filter(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
        .count()
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

/// The source ranges of Markdown inline markup whose text Vale leaves out when `ignored`
/// (its `IgnoredScopes`) names it: `strong`, `em`, `b`, `i` (code is left out already).
pub fn markdown_ignored_inline(source: &str, ignored: &[String]) -> Vec<Range<usize>> {
    let wants = |names: &[&str]| names.iter().any(|n| ignored.iter().any(|i| i == n));
    let (strong, em) = (wants(&["strong", "b"]), wants(&["em", "i"]));
    if !strong && !em {
        return Vec::new();
    }
    Parser::new_ext(source, crate::markup::markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Strong) if strong => Some(range),
            Event::Start(Tag::Emphasis) if em => Some(range),
            _ => None,
        })
        .collect()
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

/// The scope of a block of Markdown that starts at source offset `at`: that of the innermost
/// container holding it, if any.
pub fn container_at(containers: &[(Range<usize>, String)], at: usize) -> Option<&str> {
    containers
        .iter()
        .filter(|(r, _)| r.start <= at && at < r.end)
        .min_by_key(|(r, _)| r.end - r.start)
        .map(|(_, s)| s.as_str())
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
        let md = "# Title\n\n- item\n\n> quote\n\n| a |\n|---|\n| b |\n";
        let c = markdown_containers(md);
        assert_eq!(container_at(&c, 2), Some("text.heading.h1"));
        assert_eq!(container_at(&c, 11), Some("text.list"));
        assert_eq!(container_at(&c, 19), Some("text.blockquote"));
        assert_eq!(container_at(&c, 28), Some("text.table.header"));
        assert_eq!(container_at(&c, 40), Some("text.table.cell"));
    }
}
