//! Linting one file the way Vale does: the file is cut into blocks (the whole text, its
//! paragraphs, their sentences, and the raw file), each rule runs on the blocks of its scopes,
//! and each match becomes an alert at its line and column in the file.

use super::check::State;
use super::config::{Config, FileSettings};
use super::rule::Rule;
use super::{Alert, Level, format_message};
use crate::markup::{self, Markup};
use crate::offsets::OffsetMap;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// How Vale reads a file, by its (normalised) extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: paragraphs and sentences of plain text.
    Text,
    Markdown,
    Html,
    /// Any other file: its lines, as one block.
    Lines,
}

impl Format {
    /// The format of `path` after `[formats]` mapped its extension (`normed`).
    pub fn of(normed: &str) -> Format {
        let ext = normed
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "mdown" | "markdown" | "markdn" => Format::Markdown,
            "html" | "htm" | "shtml" | "xhtml" => Format::Html,
            "txt" => Format::Text,
            _ => Format::Lines,
        }
    }
}

/// The kind of a block, which the scopes of a rule select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Paragraph,
    Sentence,
    Raw,
}

/// Whether a rule with `scopes` runs on a block of `kind`.
fn in_scope(scopes: &[String], kind: Kind) -> bool {
    scopes.iter().any(|scope| {
        let scope = scope.trim();
        match kind {
            Kind::Raw => scope == "raw",
            Kind::Sentence => scope == "sentence",
            Kind::Paragraph => scope == "paragraph",
            // Negated scopes (`~heading`) and the block scopes not told apart yet read the
            // text blocks.
            Kind::Text => scope == "text" || scope == "summary" || scope.starts_with('~'),
        }
    })
}

/// The sentences of `text[range]`: runs ending after `.`, `!` or `?` and white space.
fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
            && i + 1 < range.end
        {
            out.push(start..i + 1);
            i += 1;
            while i < range.end && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            start = i;
            continue;
        }
        i += 1;
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// The paragraphs of `text`: runs of lines between blank lines, without their line breaks.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (true, Some(s)) => {
                out.push(s..trim_end(text, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push(s..trim_end(text, at));
    }
    out
}

/// `end` moved back over white space.
fn trim_end(text: &str, end: usize) -> usize {
    end - (text[..end].len() - text[..end].trim_end().len())
}

/// Lints the file `source` (read as `format`) with `rules`, those that `cfg` runs on a file with
/// `settings`; alerts below `min_level` are left out.
pub fn lint(
    source: &str,
    format: Format,
    rules: &[Rule],
    cfg: &Config,
    settings: &FileSettings,
    min_level: Level,
) -> Vec<Alert> {
    let active: Vec<(&Rule, Level)> = rules
        .iter()
        .filter(|r| cfg.runs(&r.name, settings))
        .map(|r| (r, cfg.rule_levels.get(&r.name).copied().unwrap_or(r.level)))
        .filter(|(_, level)| *level >= min_level)
        .collect();
    if active.is_empty() {
        return Vec::new();
    }
    let (prose, map) = match format {
        Format::Markdown | Format::Html => {
            let markup = if format == Format::Markdown {
                Markup::Markdown
            } else {
                Markup::Html
            };
            let p = markup::extract(markup, source);
            (p.text, p.map)
        }
        Format::Text | Format::Lines => (source.to_string(), OffsetMap::Identity),
    };
    // The blocks, in prose offsets (the raw block in source offsets).
    let mut blocks: Vec<(Kind, Range<usize>)> = Vec::new();
    let paras = paragraphs(&prose);
    match format {
        Format::Text | Format::Lines => blocks.push((Kind::Text, 0..prose.len())),
        Format::Markdown | Format::Html => {
            blocks.extend(paras.iter().map(|p| (Kind::Text, p.clone())));
        }
    }
    if format != Format::Lines {
        for p in &paras {
            blocks.push((Kind::Paragraph, p.clone()));
            blocks.extend(
                sentences(&prose, p.clone())
                    .into_iter()
                    .map(|s| (Kind::Sentence, s)),
            );
        }
    }
    let positions = Positions::new(source);
    let mut alerts = Vec::new();
    let mut seen: HashSet<(usize, usize, String)> = HashSet::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut run = |rule: &Rule,
                   level: Level,
                   state: &mut State,
                   text: &str,
                   block: Range<usize>,
                   map: &OffsetMap| {
        for found in rule.check.run(&text[block.clone()], state) {
            let range = block.start + found.range.start..block.start + found.range.end;
            let in_source = map.to_source(range);
            let (line, col) = positions.at(in_source.start);
            let matched = source
                .get(in_source.clone())
                .unwrap_or_default()
                .to_string();
            if !seen.insert((line, col, rule.name.clone())) {
                continue;
            }
            let count = counts.entry(rule.name.clone()).or_default();
            if rule.limit > 0 && *count >= rule.limit {
                continue;
            }
            *count += 1;
            let width = matched.chars().count().max(1);
            alerts.push(Alert {
                check: rule.name.clone(),
                level,
                message: format_message(&rule.message, &found.subs),
                link: rule.link.clone(),
                line,
                span: (col, col + width - 1),
                matched,
            });
        }
    };
    for &(rule, level) in &active {
        let mut state = State::default();
        for (kind, block) in &blocks {
            if in_scope(&rule.scopes, *kind) {
                run(rule, level, &mut state, &prose, block.clone(), &map);
            }
        }
        if in_scope(&rule.scopes, Kind::Raw) {
            let whole = 0..source.len();
            run(rule, level, &mut state, source, whole, &OffsetMap::Identity);
        }
    }
    alerts.sort_by_key(|a| (a.line, a.span.0));
    alerts
}

/// Line and column (in characters, both 1-based) of byte offsets of a text.
struct Positions<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        Positions {
            text,
            starts: crate::offsets::line_starts(text.as_bytes()),
        }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_plain_text() {
        let text = "One. Two words!\nThree\n\n  Four.\n";
        assert_eq!(paragraphs(text), [0..21, 23..30]);
        assert_eq!(sentences(text, 0..21), [0..4, 5..15, 16..21]);
    }
}
