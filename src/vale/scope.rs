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
