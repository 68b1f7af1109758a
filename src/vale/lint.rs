//! Linting one file the way Vale does: the file is cut into blocks (the whole text, its
//! paragraphs, their sentences, and the raw file), each rule runs on the blocks of its scopes,
//! and each match becomes an alert at its line and column in the file.

use super::check::{AHEAD, State, Subs, prefetch};
use super::config::{Config, FileSettings};
use super::gate::Gate;
use super::rule::Rule;
use super::scope;
use super::{Alert, Check, Level, format_message_into};
use crate::document::Document;
use crate::markup::{self, Markup};
use crate::offsets::OffsetMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

/// How Vale reads a file, by its (normalised) extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: paragraphs and sentences of plain text.
    Text,
    Markdown,
    Html,
    /// Any other file: its lines, as one block.
    Lines,
    /// Markup and code that Vale reads through other programs (AsciiDoc, reStructuredText,
    /// Org, XML, DITA) or by their comments (source code): not linted.
    Unsupported,
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
            "adoc" | "asciidoc" | "asc" | "rst" | "rest" | "org" | "xml" | "dita" | "py" | "c"
            | "cc" | "cpp" | "h" | "hpp" | "cs" | "css" | "go" | "java" | "js" | "jsx" | "ts"
            | "tsx" | "rb" | "rs" | "php" | "lua" | "hs" | "clj" | "r" | "pl" | "swift"
            | "scala" | "sass" | "less" | "jl" | "ps1" | "proto" | "yml" | "yaml" | "mdx" => {
                Format::Unsupported
            }
            _ => Format::Lines,
        }
    }
}

/// The sentences of `text[range]`: runs ending after `.`, `!` or `?` and white space.
fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    // From one stop to the next (a vectorised search).
    while let Some(at) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..range.end]) {
        i += at;
        if bytes.get(i + 1).is_some_and(|c| c.is_ascii_whitespace()) && i + 1 < range.end {
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

/// The paragraphs of `text` (the document's runs of non-blank lines) without the white space
/// that ends them.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    Document::new(text)
        .paragraphs()
        .iter()
        .map(|p| p.start..p.start + text[p.clone()].trim_end().len())
        .collect()
}

/// A block of the document: its scope's name and where it is.
type Named = (Rc<str>, Range<usize>);

/// Blocks of one text: the blocks, the index of each one's name, the text with the map of its
/// offsets to the file's, and whether it is the document's prose.
type Part<'a> = (&'a [Named], Vec<usize>, &'a str, &'a OffsetMap, bool);

/// The largest region (a block's lines) in which an alert is put where Vale's search for its
/// text lands. The search reads the region again, with the rule's earlier alerts masked, for
/// every alert: over a 1 MB file of one block, 30,000 alerts took 13 s. Larger blocks keep each
/// alert where it was found, which is where Vale's search lands unless the same text occurs
/// earlier in the block.
const SEARCH_REGION_MAX: usize = 16 << 10;

/// Rules ready to lint with: the rules, the gate of their literals, and for each rule the
/// first with the same matches (its own index when none comes before it).
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    gate: Gate,
    first_alike: Vec<usize>,
}

impl RuleSet {
    /// The rule set of `rules`.
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            gate: Gate::new(&rules),
            first_alike: first_alike(&rules),
            rules,
        }
    }

    /// The rule set of `rules` with every pattern searched for over the text, each rule on
    /// its own: what the gate and the sharing of matches must give the same alerts as.
    pub fn searching(rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            gate: Gate::searching(&rules),
            first_alike: (0..rules.len()).collect(),
            rules,
        }
    }
}

/// For each of `rules`, the index of the first with the same [`Rule::matches_key`].
fn first_alike(rules: &[Rule]) -> Vec<usize> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| match &rule.matches_key {
            Some(key) => *first.entry(key.as_str()).or_insert(i),
            None => i,
        })
        .collect()
}

/// Lints the file `source` (read as `format`, its own extension `ext`) with `rules`, those that
/// `cfg` runs on a file with `settings`; alerts below `min_level` are left out. As in Vale, the
/// names of the document's blocks end with the extension (`text.md`, `text.heading.h1.md`), so
/// that a rule of `scope: text.html` runs on HTML files only.
pub fn lint(
    source: &str,
    format: Format,
    ext: &str,
    rules: &RuleSet,
    cfg: &Config,
    settings: &FileSettings,
    min_level: Level,
) -> Vec<Alert> {
    let active: Vec<(usize, &Rule, Level)> = rules
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| cfg.runs(&r.name, settings))
        .map(|(i, r)| {
            let level = cfg.rule_levels.get(&*r.name).copied().unwrap_or(r.level);
            (i, r, level)
        })
        .filter(|(_, _, level)| *level >= min_level)
        .collect();
    if active.is_empty() || format == Format::Unsupported {
        return Vec::new();
    }
    // A lone carriage return ends a line, as Vale reads it (classic Mac files); replaced by a
    // line feed of the same length, every offset stays where it was.
    let sanitized;
    let source = if source.contains('\r') {
        sanitized = lone_returns_as_feeds(source);
        sanitized.as_str()
    } else {
        source
    };
    let (prose, map) = match format {
        Format::Markdown | Format::Html => {
            let markup = if format == Format::Markdown {
                Markup::Markdown
            } else {
                Markup::Html
            };
            let p = markup::extract_masking_code(markup, source);
            (Cow::Owned(p.text), p.map)
        }
        Format::Text | Format::Lines | Format::Unsupported => {
            (Cow::Borrowed(source), OffsetMap::Identity)
        }
    };
    // Markdown is read once for its containers, code blocks and ignored inline markup.
    let markdown =
        (format == Format::Markdown).then(|| scope::markdown_parts(source, &cfg.ignored_scopes));
    let html_containers = if format == Format::Html {
        scope::html_containers(source)
    } else {
        Vec::new()
    };
    // The blocks and their scopes, in prose offsets (the raw block comes last, in source
    // offsets). A block of a container (heading, list item, table cell, block quote) is one
    // block of its own scope; any other is a paragraph, read as Vale reads prose: the text, the
    // paragraph and its sentences.
    let mut blocks: Vec<Named> = Vec::new();
    // Their names end with the extension; the names of prose blocks are made once.
    let suffixed = |name: &str| -> Rc<str> {
        match ext {
            "" => name.into(),
            _ => format!("{name}.{ext}").into(),
        }
    };
    let (text_name, paragraph_name, sentence_name) = (
        suffixed("text"),
        suffixed("paragraph"),
        suffixed("sentence"),
    );
    // What Vale's `summary` scope reads (paragraphs, list items, block quotes), and the counts
    // of scopes its `metric` formulas name; markup only.
    let mut summary: Vec<Range<usize>> = Vec::new();
    let mut scope_counts: Vec<(String, f64)> = Vec::new();
    let prose_blocks = |blocks: &mut Vec<Named>, p: Range<usize>, whole: bool| {
        if whole {
            blocks.push((text_name.clone(), p.clone()));
        }
        blocks.push((paragraph_name.clone(), p.clone()));
        for s in sentences(&prose, p) {
            blocks.push((sentence_name.clone(), s));
        }
    };
    match format {
        Format::Lines | Format::Unsupported => blocks.push((text_name.clone(), 0..prose.len())),
        Format::Text => {
            blocks.push((text_name.clone(), 0..prose.len()));
            for p in paragraphs(&prose) {
                prose_blocks(&mut blocks, p, false);
            }
        }
        Format::Markdown | Format::Html => {
            let containers = match &markdown {
                Some(parts) => &parts.containers,
                None => &html_containers,
            };
            let mut open = scope::Containers::new(containers);
            for p in paragraphs(&prose) {
                let at = map.to_source(p.start..p.start).start;
                match open.at(at) {
                    Some(name) => {
                        if matches!(name, "text.list" | "text.blockquote") {
                            summary.push(p.clone());
                        }
                        blocks.push((suffixed(name), p));
                    }
                    None => {
                        summary.push(p.clone());
                        prose_blocks(&mut blocks, p, true);
                    }
                }
            }
            for (_, name) in containers {
                let key = name.trim_start_matches("text.").replace('.', "_");
                match scope_counts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1.0,
                    None => scope_counts.push((key, 1.0)),
                }
            }
            let pre = match &markdown {
                Some(parts) => parts.code_blocks,
                None => source.matches("<pre").count(),
            };
            scope_counts.push(("pre".into(), pre as f64));
        }
    }
    // Blocks Vale reads outside the document's text, in source offsets: the front matter's
    // values (`text.frontmatter.title.md`), read first, and the images' alternative text
    // (`text.attr.alt`), unless `IgnoredScopes` or `SkippedScopes` name them.
    let mut front: Vec<Named> = Vec::new();
    let mut alts: Vec<Named> = Vec::new();
    if let Some(parts) = &markdown {
        for (key, range) in scope::front_matter(source) {
            let name = format!("text.frontmatter.{key}.{ext}");
            if !scope::matches(&cfg.ignored_scopes, &name) {
                front.push((name.into(), range));
            }
        }
        alts.extend(
            parts
                .alts
                .iter()
                .map(|r| ("text.attr.alt".into(), r.clone())),
        );
    } else if format == Format::Html {
        alts.extend(
            scope::html_alts(source)
                .into_iter()
                .map(|r| ("text.attr.alt".into(), r)),
        );
    }
    if cfg.skipped_scopes.iter().any(|s| s == "alt") {
        alts.clear();
    }
    let ignored = ignore_ranges(source, format, cfg, settings, markdown.as_ref());
    // What Vale's search for an alert's text passes over: link destinations and the attribute
    // values it masks as it reads their tags.
    let passed_over: Vec<Range<usize>> = match format {
        Format::Markdown | Format::Html => {
            let mut out = scope::html_attribute_values(source);
            if let Some(parts) = &markdown {
                out.extend(parts.destinations.iter().cloned());
            }
            out.sort_unstable_by_key(|r| r.start);
            out
        }
        _ => Vec::new(),
    };
    let comments = match format {
        Format::Markdown | Format::Html => controls(source),
        Format::Text | Format::Lines | Format::Unsupported => Vec::new(),
    };
    let mut positions = Lines::new(source);
    // Raw-scope rules run after the rest, when only `vale off` (as the file leaves it) holds.
    // (`vale styles = ...` and the rules' switches do not hold there.)
    let off_at_end = comments
        .iter()
        .rev()
        .find_map(|(_, body)| match body.as_str() {
            "vale off" => Some(true),
            "vale on" => Some(false),
            _ => None,
        })
        .unwrap_or(false);
    // Where Vale puts the matches `founds` in `text[block]`, into `out`: what a rule's alerts
    // are made of, whatever its name, level and message.
    let mut place = placing(
        |locate: Locate,
         founds: Vec<super::check::Found>,
         text: &str,
         block: Range<usize>,
         map: &OffsetMap,
         out: &mut Vec<Placed>| {
            if founds.is_empty() {
                return;
            }
            let raw = locate == Locate::Raw;
            // Where Vale searches for an alert's text: from where the block starts in its line to
            // the line's end, a container's last line when it has several, a paragraph's lines;
            // the occurrences earlier alerts of the rule in the block took are masked.
            let src = map.to_source(block.clone());
            let region = {
                let body = source.get(src.clone()).unwrap_or_default().trim_end();
                let last = src.start + body.len().saturating_sub(1);
                let one_line = !body.contains('\n');
                match locate {
                    Locate::Container if !one_line => Some(line_bounds(source, last)),
                    Locate::Container | Locate::Prose if one_line => {
                        Some(src.start..line_bounds(source, src.start).end)
                    }
                    Locate::Prose => Some(src.clone()),
                    _ => None,
                }
            };
            let mut taken: Vec<Range<usize>> = Vec::new();
            let mut founds = founds.into_iter();
            while let Some(found) = founds.next() {
                if let Some(next) = founds.as_slice().get(AHEAD) {
                    prefetch(text.as_bytes().get(block.start + next.range.start));
                }
                let range = block.start + found.range.start..block.start + found.range.end;
                let mut in_source = map.to_source(range.clone());
                if !raw && is_ignored(&ignored, &in_source) {
                    continue;
                }
                let switch_at = in_source.start;
                let matched = source.get(in_source.clone()).unwrap_or_default();
                let as_written = text.get(range.clone()) == Some(matched);
                if let Some(region) = &region
                    && region.len() <= SEARCH_REGION_MAX
                    && as_written
                    && !matched.trim().is_empty()
                    && !matched.contains('\n')
                {
                    // Masked: what earlier alerts took, and what Vale passes over in the region.
                    let from = passed_over.partition_point(|r| r.start < region.start);
                    let passed = passed_over[from..]
                        .iter()
                        .take_while(|r| r.start < region.end)
                        .filter(|r| r.end <= region.end);
                    // In a small file, Vale masks the words of the file's start (as its earlier
                    // alerts left it), as many bytes as the match is into its block: in the
                    // file's first block, the words before the match.
                    let small = src.start == 0 && source.len() < 1000;
                    let masks = || taken.iter().chain(passed.clone());
                    if !small && lands_where_found(source, region, &in_source, matched, masks()) {
                        // The search would land on the match itself, and take it.
                        taken.push(in_source.clone());
                    } else {
                        let mut masks: Vec<Range<usize>> = masks().cloned().collect();
                        if small && source[src.start..].matches(matched).nth(1).is_some() {
                            let prefix = masked(source, &(0..in_source.start), &taken);
                            for word in prefix.split_whitespace() {
                                masks.extend(first_free(source, region, word, &masks));
                            }
                        }
                        if let Some(at) = vale_search(source, region, matched, &masks) {
                            in_source = at;
                        }
                        taken.extend(first_free(source, region, matched, &taken));
                    }
                }
                let (line, mut col) = positions.position(source, in_source.start);
                let mut width = matched.chars().count().max(1);
                // A match across inline markup (`use _use_`, a link's brackets) or an entity is not
                // in the line as written, and Vale then puts the alert at the line's start.
                if !raw && !matched.contains('\n') && !as_written {
                    col = 1;
                    width = line_length(source, in_source.start).max(1);
                }
                // What the in-document controls are read for (none without them).
                let switch = match raw {
                    true => None,
                    false if comments.is_empty() => None,
                    false => Some((switch_at, found_text(&found, text, &block).to_string())),
                };
                out.push(Placed {
                    found,
                    line,
                    span: (col, col + width - 1),
                    range: in_source,
                    matched,
                    raw,
                    switch,
                });
            }
        },
    );
    let mut alerts = Vec::new();
    // The alerts share one copy of each distinct text and message.
    let mut texts = Texts::default();
    // The alerts of `rule` at the places `placed`, counted in `tally`.
    let mut emit =
        |tally: &mut Tally, rule: &Rule, check: &Arc<Check>, level: Level, placed: &[Placed]| {
            for (i, p) in placed.iter().enumerate() {
                if let Some(next) = placed.get(i + AHEAD) {
                    prefetch(next.matched.as_bytes().first());
                }
                let off = match &p.switch {
                    _ if p.raw => off_at_end,
                    None => false,
                    Some((at, text)) => switched_off(&comments, *at, &rule.name, text),
                };
                if off
                    || !tally.insert((p.line, p.span.0))
                    || rule.limit > 0 && tally.count >= rule.limit
                {
                    continue;
                }
                tally.count += 1;
                let (message, first) = tally.message(rule, &p.found.subs, &mut texts);
                // Most often the matched text is the message's first value, shared with it.
                let matched = match first {
                    Some(first) if *first == *p.matched => first,
                    _ => texts.get(p.matched),
                };
                let place = (p.line, p.span);
                let range = p.range.clone();
                alerts.push(alert(
                    rule,
                    (check, level),
                    &p.found,
                    place,
                    range,
                    matched,
                    message,
                ));
            }
        };
    // The summary's alerts (at the document's start), added once the blocks are done.
    let mut summary_alerts: Vec<Alert> = Vec::new();
    // Where the rules' literals occur in the prose: the gated patterns run there only.
    let on: Vec<usize> = active.iter().map(|&(index, ..)| index).collect();
    let hits = rules.gate.hits_for(&prose, &on);
    let mut starts = Vec::new();
    // The blocks' distinct scope names, and each block's among them: a rule's scopes are
    // matched against each name once, not once a block.
    let mut names: Vec<&str> = Vec::new();
    fn name_of<'a>(names: &mut Vec<&'a str>, list: &'a [Named]) -> Vec<usize> {
        // Most blocks share a few names: known first by where their text is.
        let mut seen: Vec<(*const u8, usize)> = Vec::new();
        list.iter()
            .map(|(name, _)| {
                if let Some(&(_, i)) = seen.iter().find(|(at, _)| *at == name.as_ptr()) {
                    return i;
                }
                let i = match names.iter().position(|n| *n == &**name) {
                    Some(i) => i,
                    None => {
                        names.push(name);
                        names.len() - 1
                    }
                };
                seen.push((name.as_ptr(), i));
                i
            })
            .collect()
    }
    // The front matter's values, the document's blocks, then the alternative texts (the first
    // and the last in source offsets and read as containers), each block with its name's index.
    let identity = OffsetMap::Identity;
    let parts: [Part; 3] = [
        (
            &front,
            name_of(&mut names, &front),
            source,
            &identity,
            false,
        ),
        (&blocks, name_of(&mut names, &blocks), &prose, &map, true),
        (&alts, name_of(&mut names, &alts), source, &identity, false),
    ];
    let containers: Vec<bool> = names.iter().map(|name| is_container(name)).collect();
    // The places of the rules that others alike still need, by the first alike's index; and
    // how many active rules each such group has left to run.
    let mut kept: HashMap<usize, Vec<Placed>> = HashMap::new();
    let mut left: HashMap<usize, usize> = HashMap::new();
    for &(index, _, _) in &active {
        *left.entry(rules.first_alike[index]).or_default() += 1;
    }
    let mut placed = Vec::new();
    // For each set of block names that rules run on, the blocks of each part with such a name:
    // most rules run on one block of the document, or on its sentences.
    let mut runs_on: Vec<(Vec<bool>, [Vec<usize>; 3])> = Vec::new();
    for &(index, rule, level) in &active {
        let mut state = State::default();
        let mut tally = Tally::default();
        let check = Arc::new(Check {
            name: rule.name.clone(),
            link: rule.link.clone(),
        });
        let group = rules.first_alike[index];
        let others = left.get_mut(&group).map_or(0, |n| {
            *n -= 1;
            *n
        });
        let keep = others > 0;
        if let Some(same) = kept.get(&group) {
            emit(&mut tally, rule, &check, level, same);
            if others == 0 {
                kept.remove(&group);
            }
        } else {
            let mut all = Vec::new();
            // A rule found only where its scans' literals are skips the blocks without one.
            let mut cursor = if rule.check.finds_only_at_scans() {
                hits.cursor(&rules.gate, index)
            } else {
                None
            };
            let runs: Vec<bool> = names
                .iter()
                .map(|name| scope::matches(&rule.scopes, name))
                .collect();
            let at = match runs_on.iter().position(|(r, _)| *r == runs) {
                Some(at) => at,
                None => {
                    let of = |(_, kinds, ..): &Part| -> Vec<usize> {
                        (0..kinds.len()).filter(|&i| runs[kinds[i]]).collect()
                    };
                    let blocks = parts.each_ref().map(of);
                    runs_on.push((runs, blocks));
                    runs_on.len() - 1
                }
            };
            for (&(list, ref kinds, text, offsets, in_prose), run) in
                parts.iter().zip(&runs_on[at].1)
            {
                for &i in run {
                    let (block, kind) = (&list[i].1, kinds[i]);
                    let locate = if in_prose && !containers[kind] {
                        Locate::Prose
                    } else {
                        Locate::Container
                    };
                    let slice = &text[block.clone()];
                    let founds = if in_prose {
                        if let Some(cursor) = &mut cursor
                            && !cursor.any_in(block)
                        {
                            continue;
                        }
                        hits.starts_into(&rules.gate, index, block, &mut starts);
                        rule.check.run_gated(slice, &mut state, &starts)
                    } else {
                        rule.check.run(slice, &mut state)
                    };
                    placed.clear();
                    place(locate, founds, text, block.clone(), offsets, &mut placed);
                    emit(&mut tally, rule, &check, level, &placed);
                    if keep {
                        all.append(&mut placed);
                    }
                }
            }
            if scope::matches(&rule.scopes, "raw") {
                let founds = rule.check.run(source, &mut state);
                placed.clear();
                let whole = 0..source.len();
                place(
                    Locate::Raw,
                    founds,
                    source,
                    whole,
                    &OffsetMap::Identity,
                    &mut placed,
                );
                emit(&mut tally, rule, &check, level, &placed);
                if keep {
                    all.append(&mut placed);
                }
            }
            if keep {
                kept.insert(group, all);
            }
        }
        // The summary's alert comes after the rule's others, where one of them is not.
        let mut summary_alert = None;
        if !summary.is_empty() && scope::matches(&rule.scopes, "summary") {
            let text: Vec<&str> = summary.iter().map(|r| &prose[r.clone()]).collect();
            let text = text.join("\n\n");
            let mut state = State {
                metrics: scope_counts.clone(),
                ..State::default()
            };
            summary_alert = rule.check.run(&text, &mut state).first().map(|found| {
                let message = Texts::default().message(rule, &found.subs);
                alert(
                    rule,
                    (&check, level),
                    found,
                    (1, (1, 1)),
                    0..0,
                    "".into(),
                    message,
                )
            });
        }
        summary_alerts.extend(summary_alert.filter(|_| tally.insert((1, 1))));
    }
    alerts.append(&mut summary_alerts);
    alerts.sort_by_key(|a| (a.line, a.span.0));
    alerts
}

/// `place`, its places borrowing the file's text (a closure's own signature cannot name the
/// lifetime).
fn placing<'s, F>(place: F) -> F
where
    F: FnMut(
        Locate,
        Vec<super::check::Found>,
        &str,
        Range<usize>,
        &OffsetMap,
        &mut Vec<Placed<'s>>,
    ),
{
    place
}

/// A match of a rule, placed where Vale reports it: the line, the first and last columns,
/// and the bytes of the file.
#[derive(Debug)]
struct Placed<'s> {
    found: super::check::Found,
    line: usize,
    span: (usize, usize),
    range: Range<usize>,
    matched: &'s str,
    /// Found in the raw file, where only `vale off` holds.
    raw: bool,
    /// Where the in-document controls are read up to, and the text they may name; `None`
    /// without controls.
    switch: Option<(usize, String)>,
}

/// Where a file's lines start, with the line last asked for: a rule's alerts come mostly in
/// order, and the next one is most often on the same line or one of the next few.
#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    last: usize,
}

impl Lines {
    fn new(text: &str) -> Lines {
        Lines {
            starts: crate::offsets::line_starts(text.as_bytes()),
            last: 0,
        }
    }

    /// The 1-based line and column (in characters) of byte `at` of `text`.
    fn position(&mut self, text: &str, at: usize) -> (usize, usize) {
        let at = at.min(text.len());
        // Searched for from the last line found, forward in steps that double, then halving
        // the last step: a search of all the lines read a few far apart, each a cache miss.
        let starts = &self.starts;
        let line = if starts[self.last] <= at {
            let (mut low, mut step) = (self.last, 1);
            while low + step < starts.len() && starts[low + step] <= at {
                low += step;
                step *= 2;
            }
            let high = (low + step).min(starts.len());
            low + starts[low..high].partition_point(|&s| s <= at) - 1
        } else {
            starts.partition_point(|&s| s <= at) - 1
        };
        self.last = line;
        let before = &text.as_bytes()[self.starts[line]..at];
        let column = before.iter().filter(|&&b| (b as i8) >= -0x40).count();
        (line + 1, column + 1)
    }
}

/// One rule's alerts in a file so far: where they are (line and column), how many, and their
/// messages by the values of their `%s`.
#[derive(Debug, Default)]
struct Tally {
    /// The places in order: a rule's alerts come mostly in order, and one past the last is
    /// known to be new without a look-up.
    in_order: Vec<(usize, usize)>,
    /// The places that came out of order (each before the last in order then).
    others: rustc_hash::FxHashSet<(usize, usize)>,
    count: usize,
    /// Looked up by the values: cheaper than putting the message together and looking it up.
    /// With each, the shared copy of its first value.
    messages: rustc_hash::FxHashMap<Subs, (Arc<str>, Option<Arc<str>>)>,
}

impl Tally {
    /// Whether `place` is new; it is seen from now on.
    fn insert(&mut self, place: (usize, usize)) -> bool {
        match self.in_order.last() {
            Some(&last) if place <= last => {
                self.in_order.binary_search(&place).is_err() && self.others.insert(place)
            }
            _ => {
                self.in_order.push(place);
                true
            }
        }
    }

    /// The message of `rule` with the values `subs`, and the first value, shared through
    /// `texts`.
    fn message(
        &mut self,
        rule: &Rule,
        subs: &Subs,
        texts: &mut Texts,
    ) -> (Arc<str>, Option<Arc<str>>) {
        if let Some(known) = self.messages.get(subs) {
            return known.clone();
        }
        let known = (
            texts.message(rule, subs),
            subs.first().map(|s| texts.get(s)),
        );
        self.messages.insert(subs.clone(), known.clone());
        known
    }
}

/// How an alert's position is found, as Vale finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locate {
    /// The raw file: where the match is.
    Raw,
    /// A container's block (heading, list item, table cell, block quote, a front-matter
    /// value, alternative text): Vale searches the block's line, its last line when it has
    /// several, and keeps the match's place when the text is not there.
    Container,
    /// A paragraph or one of its sentences: Vale searches the paragraph's line or lines.
    Prose,
}

/// Whether the block named `name` is a container's (its text its own block) rather than prose
/// (the text, a paragraph or a sentence).
fn is_container(name: &str) -> bool {
    let mut parts = name.split('.');
    match (parts.next(), parts.next()) {
        (Some("paragraph" | "sentence"), _) => false,
        (Some("text"), None) => false,
        (Some("text"), Some(second)) => {
            // `text.md` is the whole text; `text.heading.h1.md` a container.
            parts.next().is_some()
                || matches!(
                    second,
                    "heading" | "list" | "table" | "blockquote" | "figure" | "frontmatter" | "attr"
                )
        }
        _ => true,
    }
}

/// The byte range of the line holding `offset` of `text`, without its line feed.
fn line_bounds(text: &str, offset: usize) -> Range<usize> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

/// `source[region]` with the `taken` ranges masked (`#`), as Vale masks the text its earlier
/// alerts matched.
fn masked<'s>(source: &'s str, region: &Range<usize>, taken: &[Range<usize>]) -> Cow<'s, str> {
    let inside = |t: &&Range<usize>| t.start >= region.start && t.end <= region.end;
    let mut hay = Cow::Borrowed(&source[region.clone()]);
    for t in taken.iter().filter(inside) {
        let (a, b) = (t.start - region.start, t.end - region.start);
        hay.to_mut().replace_range(a..b, &"#".repeat(b - a));
    }
    hay
}

/// Where Vale's search for `needle` lands in `source[region]`: its first occurrence bounded
/// as Vale bounds it (the region's start or end, a word boundary or `_` on each side), passing
/// over those next to a backtick or a hyphen, else its first occurrence at all; `None` when it
/// is not there. Occurrences in `taken` are masked.
fn vale_search(
    source: &str,
    region: &Range<usize>,
    needle: &str,
    taken: &[Range<usize>],
) -> Option<Range<usize>> {
    let hay = masked(source, region, taken);
    let bytes = hay.as_bytes();
    let found = bounded_occurrences(&hay, needle);
    let mut at = match found.first() {
        None => hay.find(needle)?,
        Some(first) => {
            let near = |i: usize| matches!(bytes.get(i), Some(b'`' | b'-'));
            found
                .iter()
                .find(|m| {
                    let after_tick = m.start > 1 && near(m.start - 1);
                    !(after_tick || near(m.end + 1))
                })
                .unwrap_or(first)
                .start
        }
    };
    if hay[at..].starts_with('_') && !needle.starts_with('_') {
        at += 1;
    }
    let start = region.start + at;
    Some(start..start + needle.len())
}

/// Whether [`vale_search`] for the text at `at` lands on `at` itself, and [`first_free`] takes
/// it, without copying the region: the text occurs nowhere earlier in the region, no mask
/// comes within two bytes of it (the bytes the bounds and the backtick test read), and it is
/// bounded and next to no backtick or hyphen there. `false` leaves the answer to the search.
fn lands_where_found<'m>(
    source: &str,
    region: &Range<usize>,
    at: &Range<usize>,
    needle: &str,
    masks: impl IntoIterator<Item = &'m Range<usize>>,
) -> bool {
    if at.start < region.start || at.end > region.end || needle.contains('#') {
        return false;
    }
    let near = at.start.saturating_sub(2)..at.end + 2;
    if masks
        .into_iter()
        .any(|m| m.start < near.end && near.start < m.end)
    {
        return false;
    }
    // An occurrence starting before `at`, overlapping it or not.
    let before = &source.as_bytes()[region.start..at.end - 1];
    if memchr::memmem::find(before, needle.as_bytes()).is_some() {
        return false;
    }
    // Bounded as `(?:^|\b|_)needle(?:_|\b|$)` reads it (see [`bounded_occurrences`]), which
    // takes a `_` on either side into its match.
    let hay = &source[region.clone()];
    let (p, e) = (at.start - region.start, at.end - region.start);
    let word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
    let (before, first) = (hay[..p].chars().next_back(), hay[p..].chars().next());
    let (last, after) = (hay[..e].chars().next_back(), hay[e..].chars().next());
    let start = if before == Some('_') {
        p - 1
    } else if p == 0 || word(before) != word(first) {
        p
    } else {
        return false;
    };
    let end = if after == Some('_') {
        e + 1
    } else if e == hay.len() || word(last) != word(after) {
        e
    } else {
        return false;
    };
    let tick = |i: usize| matches!(hay.as_bytes().get(i), Some(b'`' | b'-'));
    !(tick(end + 1) || start > 1 && tick(start - 1))
}

/// The occurrences of `needle` in `hay` bounded as Vale bounds them (start or end, a word
/// boundary or `_` on each side). The patterns are kept from one search to the next, since
/// the same texts are searched for again and again.
fn bounded_occurrences(hay: &str, needle: &str) -> Vec<Range<usize>> {
    thread_local! {
        static PATTERNS: std::cell::RefCell<HashMap<String, Option<regex::Regex>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    PATTERNS.with(|cell| {
        let mut patterns = cell.borrow_mut();
        // Looked up first, so that a known text is not copied into a key again.
        if !patterns.contains_key(needle) {
            if patterns.len() > 4096 {
                patterns.clear();
            }
            let pattern = format!(r"(?:^|\b|_){}(?:_|\b|$)", regex::escape(needle));
            patterns.insert(needle.to_string(), regex::Regex::new(&pattern).ok());
        }
        match patterns.get(needle) {
            Some(Some(re)) => re.find_iter(hay).map(|m| m.range()).collect(),
            _ => Vec::new(),
        }
    })
}

/// The first occurrence of `needle` in `source[region]` outside `taken`: what Vale masks
/// after an alert on `needle`.
fn first_free(
    source: &str,
    region: &Range<usize>,
    needle: &str,
    taken: &[Range<usize>],
) -> Option<Range<usize>> {
    let at = masked(source, region, taken).find(needle)?;
    Some(region.start + at..region.start + at + needle.len())
}

/// One shared copy of each distinct text of a file's alerts (their matches and messages): a
/// style's alerts repeat a few texts many times over.
#[derive(Debug, Default)]
struct Texts {
    shared: rustc_hash::FxHashSet<Arc<str>>,
    /// Where a message is put together before it is looked up.
    message: String,
}

impl Texts {
    /// The shared copy of `text`.
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.shared.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = text.into();
        self.shared.insert(shared.clone());
        shared
    }

    /// The shared copy of `rule`'s message with the values `subs`, as one line (Vale makes
    /// its line feeds spaces).
    fn message<S: AsRef<str>>(&mut self, rule: &Rule, subs: &[S]) -> Arc<str> {
        let mut message = std::mem::take(&mut self.message);
        message.clear();
        format_message_into(&mut message, &rule.message, subs);
        if message.contains('\n') {
            message = message.replace('\n', " ");
        }
        let shared = self.get(&message);
        self.message = message;
        shared
    }
}

/// The alert of `rule` (named by `check`, at `level`) at `line` and `span` (first and last
/// column), bytes `range` of the file, of the text `matched`, with `message`.
fn alert(
    rule: &Rule,
    (check, level): (&Arc<Check>, Level),
    found: &super::check::Found,
    (line, span): (usize, (usize, usize)),
    range: Range<usize>,
    matched: Arc<str>,
    message: Arc<str>,
) -> Alert {
    // A fix needs the text it replaces: not for an alert of the whole document.
    let replacement = rule
        .action
        .as_ref()
        .filter(|_| !range.is_empty())
        .and_then(|a| a.replacement(&matched, &found.options))
        .map(String::into_boxed_str);
    // Past 4 GiB (which no line or column of a file read whole reaches), the last that fits.
    let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Alert {
        check: check.clone(),
        level,
        message,
        line: fit(line),
        span: (fit(span.0), fit(span.1)),
        range,
        matched,
        replacement,
    }
}

/// The source ranges whose alerts Vale does not report: the matches of `TokenIgnores` and
/// `BlockIgnores`, the elements of `SkippedScopes` and `IgnoredClasses`, and the inline markup
/// of `IgnoredScopes`.
fn ignore_ranges(
    source: &str,
    format: Format,
    cfg: &Config,
    settings: &FileSettings,
    markdown: Option<&scope::MarkdownParts>,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for pattern in settings.token_ignores.iter().chain(&settings.block_ignores) {
        if let Ok(re) = super::check::compile(pattern) {
            out.extend(re.find_iter(source).flatten().map(|m| m.range()));
        }
    }
    if matches!(format, Format::Markdown | Format::Html) {
        // The skipped block elements and the ignored inline ones (code is left out already).
        let tags: Vec<String> = cfg
            .skipped_scopes
            .iter()
            .chain(
                cfg.ignored_scopes
                    .iter()
                    .filter(|s| !matches!(s.as_str(), "code" | "tt")),
            )
            .cloned()
            .collect();
        out.extend(scope::html_skipped(source, &tags, &cfg.ignored_classes));
    }
    if let Some(parts) = markdown {
        out.extend(parts.ignored_inline.iter().cloned());
        out.extend(parts.math.iter().cloned());
        out.extend(parts.urls.iter().cloned());
        for (range, name) in &parts.containers {
            let last = name.rsplit('.').next().unwrap_or(name);
            if cfg.skipped_scopes.iter().any(|s| s == last || s == name) {
                out.push(range.clone());
            }
        }
    }
    // In order of their starts, each reaching as far as any before it, for a binary search.
    out.sort_unstable_by_key(|r| (r.start, r.end));
    let mut reach = 0;
    for r in &mut out {
        reach = reach.max(r.end);
        r.end = reach;
    }
    out
}

/// Whether `range` (a match; an empty one counts as its first byte) touches one of `ignored`
/// (from [`ignore_ranges`]).
fn is_ignored(ignored: &[Range<usize>], range: &Range<usize>) -> bool {
    let end = range.end.max(range.start + 1);
    // The last range starting before the match ends reaches furthest of all those.
    let before = ignored.partition_point(|r| r.start < end);
    before > 0 && range.start < ignored[before - 1].end
}

/// The length in characters of the line holding byte `offset` of `text`.
fn line_length(text: &str, offset: usize) -> usize {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].chars().count()
}

/// `text` with each carriage return that no line feed follows replaced by a line feed.
fn lone_returns_as_feeds(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// The text a match covers.
fn found_text<'t>(found: &super::check::Found, text: &'t str, block: &Range<usize>) -> &'t str {
    text.get(block.start + found.range.start..block.start + found.range.end)
        .unwrap_or_default()
        .trim()
}

/// Vale's in-document controls (`<!-- vale off -->`, `<!-- vale on -->`,
/// `<!-- vale Style.Rule = NO -->`), each with the offset where its comment starts.
fn controls(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = source[at..].find("<!--") {
        let start = at + open;
        let Some(close) = source[start + 4..].find("-->") else {
            break;
        };
        let body = source[start + 4..start + 4 + close].trim();
        if body.starts_with("vale ") {
            out.push((start, body.to_string()));
        }
        at = start + 4 + close + 3;
    }
    out
}

/// Whether the controls before `offset` switch off rule `name`'s alert on `matched`: `vale
/// off` until `vale on`; `vale Style = NO` (or `off`), `vale Style.Rule = NO` and
/// `vale Style.Rule["a match", "another"] = NO` until the same target is set to `YES` (or
/// `on`), the latest switch that applies deciding; `vale styles = A, B` leaves only those
/// styles on. The raw file is linted last, when Vale has
/// reset the rules' switches: only `vale off` (as the file leaves it) holds there.
fn switched_off(controls: &[(usize, String)], offset: usize, name: &str, matched: &str) -> bool {
    let style = name.split('.').next().unwrap_or(name);
    let mut off = false;
    // `vale style = A` / `vale styles = A, B`: only those styles.
    let mut only: Option<Vec<String>> = None;
    // (target rule or style, matches it is limited to, disabled)
    let mut switches: Vec<(String, Vec<String>, bool)> = Vec::new();
    for (at, body) in controls {
        if *at >= offset {
            break;
        }
        let rest = body.strip_prefix("vale ").unwrap_or(body).trim();
        match rest {
            "off" => off = true,
            "on" => off = false,
            _ => {
                let Some((target, value)) = rest.split_once('=') else {
                    continue;
                };
                if matches!(target.trim(), "style" | "styles") {
                    only = Some(value.split(',').map(|v| v.trim().to_string()).collect());
                    continue;
                }
                let disabled = match value.trim() {
                    "NO" | "off" => true,
                    "YES" | "on" => false,
                    _ => continue,
                };
                let target = target.trim();
                let (rule, matches) = match target.split_once('[') {
                    Some((rule, list)) => (
                        rule,
                        list.trim_end_matches(']')
                            .split(',')
                            .map(|m| m.trim().trim_matches('"').to_string())
                            .collect(),
                    ),
                    None => (target, Vec::new()),
                };
                if matches.is_empty() {
                    switches.retain(|(r, m, _)| !(r == rule && m.is_empty()));
                    switches.push((rule.to_string(), Vec::new(), disabled));
                } else {
                    for m in matches {
                        switches.retain(|(r, ms, _)| !(r == rule && ms.len() == 1 && ms[0] == m));
                        switches.push((rule.to_string(), vec![m], disabled));
                    }
                }
            }
        }
    }
    if off || only.is_some_and(|styles| !styles.iter().any(|s| s == style)) {
        return true;
    }
    // The latest switch that applies decides.
    switches
        .iter()
        .rev()
        .find(|(target, ms, _)| {
            (target == name && (ms.is_empty() || ms.iter().any(|m| m == matched)))
                || (target == style && ms.is_empty())
        })
        .is_some_and(|(_, _, disabled)| *disabled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_lands_where_vales_search_does() {
        // Every occurrence of a few needles in texts of words, underscores, backticks and
        // hyphens, with and without an earlier occurrence masked: where the shortcut says the
        // search lands on the occurrence, the search does, and takes it.
        let texts = [
            "and sand and_x `and` and-y and",
            "x_and and and. Band, and",
            "-and- and `x` and",
            "é and ånd and",
        ];
        let mut checked = 0;
        for text in texts {
            let region = 0..text.len();
            for needle in ["and", "and ", "x"] {
                let found: Vec<Range<usize>> = text
                    .match_indices(needle)
                    .map(|(i, n)| i..i + n.len())
                    .collect();
                for (k, at) in found.iter().enumerate() {
                    for masks in [Vec::new(), found[..k].to_vec()] {
                        if lands_where_found(text, &region, at, needle, &masks) {
                            checked += 1;
                            assert_eq!(
                                vale_search(text, &region, needle, &masks).as_ref(),
                                Some(at),
                                "{text:?} {needle:?} {at:?} {masks:?}"
                            );
                            assert_eq!(
                                first_free(text, &region, needle, &masks).as_ref(),
                                Some(at)
                            );
                        }
                    }
                }
            }
        }
        assert!(checked >= 8, "{checked}");
    }

    #[test]
    fn vales_search_for_an_alerts_text() {
        let s = "x and y and";
        let all = 0..s.len();
        assert_eq!(vale_search(s, &all, "and", &[]), Some(2..5));
        let taken = vec![Range { start: 2, end: 5 }];
        assert_eq!(vale_search(s, &all, "and", &taken), Some(8..11));
        // A word-bounded occurrence first, passing over one next to a backtick.
        assert_eq!(vale_search("handy and", &(0..9), "and", &[]), Some(6..9));
        assert_eq!(
            vale_search("a `and` and", &(0..11), "and", &[]),
            Some(8..11)
        );
        // Not word-bounded anywhere: the first occurrence at all.
        assert_eq!(
            vale_search(r#"Say "hi" now"#, &(0..12), "\"", &[]),
            Some(4..5)
        );
        assert_eq!(vale_search("abc", &(0..3), "x", &[]), None);
        assert_eq!(first_free(s, &all, "and", &taken), Some(8..11));
        assert!(is_container("text.heading.h1.md") && is_container("text.list"));
        assert!(!is_container("text.md") && !is_container("sentence.md"));
        assert!(!is_container("paragraph") && !is_container("text"));
    }

    #[test]
    fn lines_are_found_forward_backward_and_far() {
        let text: String = (0..100).map(|i| format!("line é{i}\n")).collect();
        let mut lines = Lines::new(&text);
        let at = |line: usize, column: usize| {
            let start = text
                .match_indices('\n')
                .nth(line.wrapping_sub(2))
                .map_or(0, |(i, _)| i + 1);
            start + text[start..].char_indices().nth(column - 1).unwrap().0
        };
        for (line, column) in [
            (1, 1),
            (1, 7),
            (2, 1),
            (3, 2),
            (70, 8),
            (71, 1),
            (5, 3),
            (100, 1),
            (1, 2),
            (99, 9),
        ] {
            assert_eq!(lines.position(&text, at(line, column)), (line, column));
        }
        assert_eq!(lines.position(&text, text.len()), (101, 1));
    }

    #[test]
    fn a_tally_knows_places_seen_in_and_out_of_order() {
        let mut tally = Tally::default();
        let fresh: Vec<bool> = [
            (1, 5),
            (2, 1),
            (1, 5),
            (1, 3),
            (1, 3),
            (3, 2),
            (1, 3),
            (2, 1),
        ]
        .into_iter()
        .map(|place| tally.insert(place))
        .collect();
        assert_eq!(fresh, [true, true, false, true, false, true, false, false]);
    }

    #[test]
    fn blocks_of_plain_text() {
        let text = "One. Two words!\nThree\n\n  Four.\n";
        assert_eq!(paragraphs(text), [0..21, 23..30]);
        assert_eq!(sentences(text, 0..21), [0..4, 5..15, 16..21]);
        // A stop inside a word, at the block's end, or the text's; runs of white space.
        let text = "x Say e.g.this?  Yes!\tNo.";
        assert_eq!(sentences(text, 2..text.len()), [2..15, 17..21, 22..25]);
        assert_eq!(sentences(text, 2..15), std::slice::from_ref(&(2..15)));
        assert_eq!(sentences(text, 2..16), std::slice::from_ref(&(2..15)));
    }
}
