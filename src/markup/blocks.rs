//! Fixes that must leave the rest of a Markdown document rendering as it did.
//!
//! In Markdown a line means what its neighbours let it mean. Deleting the text of a setext
//! heading turns its underline into a thematic break, or at the top of a file into the opening
//! of front matter that hides what follows; deleting the first line of a paragraph can turn the
//! next into an indented code block or a list; deleting a paragraph between two lists merges
//! them; emptying a line splits its paragraph. Rather than list such cases, every fix that could
//! change the blocks is tried: the document is parsed as it would be after the fix and compared,
//! event by event, with the original's events less those the fix removes. A fix that changes
//! anything else loses its fix: it is not what a safe (or even an unsafe) fix of one finding
//! may do.
//!
//! A fix that deletes all of a setext heading's text is first widened to the whole heading: the
//! underline, and the blank line after it where two blank lines would meet.
//!
//! Fixes are tried all at once first, which costs a parse of the document and one of the fixed
//! document (events are compared as they are read, never held) and is the common case; only if
//! that fails are they tried one by one, each with those accepted before it, since `--fix`
//! applies them together.

use super::markdown;
use crate::diagnostic::{Diagnostic, Edit};
use crate::offsets::OffsetMap;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

/// Bytes parsed, per document, to try fixes one by one. Each try parses the whole document, so
/// a large file with many failing fixes would otherwise take quadratic time; the fixes not
/// tried by then get none (`--fix` finds them again once the others are applied).
const ONE_BY_ONE_BUDGET: usize = 16 << 20;

/// One edit in coordinates of the decoded text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TextEdit {
    range: Range<usize>,
    replacement: String,
}

/// A fix that could change the blocks of the document.
struct Candidate {
    /// Index of its diagnostic.
    index: usize,
    /// The edits to try, best first; each sorted by position.
    variants: Vec<Vec<TextEdit>>,
    /// Whether the variants are other than the fix the diagnostic carries (a setext heading's
    /// widened deletions, or a paragraph's deletion followed by the plainer one the rule made),
    /// so that the one chosen replaces its edits.
    widened: bool,
}

/// Keeps, widens or removes the fixes of `diagnostics` (of the Markdown document decoded as
/// `text` from `bytes`, `map` mapping offsets of the one to the other; edits index the bytes) so
/// that applying them leaves the rest of the document rendering as before. `plainer` holds, by
/// index, the edits a fix had before it was widened to take a blank line along
/// (`linter::paragraphs`): tried when the wider ones change the rest.
pub(crate) fn guard_markdown_fixes(
    text: &str,
    bytes: &[u8],
    map: &OffsetMap,
    diagnostics: &mut [Diagnostic],
    plainer: &[Option<Vec<Edit>>],
) {
    let mut candidates = Vec::new();
    for (index, d) in diagnostics.iter_mut().enumerate() {
        let Some(fix) = &d.fix else {
            continue;
        };
        match to_text(map, &fix.edits, text) {
            Some(edits) => {
                if edits
                    .iter()
                    .any(|e| may_change_blocks(text.as_bytes(), e.range.clone(), &e.replacement))
                {
                    let mut variants = vec![edits];
                    let fallback = plainer
                        .get(index)
                        .and_then(Option::as_ref)
                        .filter(|p| **p != fix.edits)
                        .and_then(|p| to_text(map, p, text));
                    variants.extend(fallback);
                    candidates.push(Candidate {
                        index,
                        widened: variants.len() > 1,
                        variants,
                    });
                }
            }
            // Edits are made exact when a diagnostic is built, so this should not happen; one
            // whose text cannot be seen cannot be checked, if it needs to be.
            None => {
                if fix
                    .edits
                    .iter()
                    .any(|e| may_change_blocks(bytes, e.start..e.end, &e.replacement))
                {
                    d.fix = None;
                }
            }
        }
    }
    if candidates.is_empty() {
        return;
    }
    // Finding the headings takes a parse of the document; most fixes have none under them.
    let under = |c: &Candidate| {
        let [e] = c.variants[0].as_slice() else {
            return false;
        };
        e.replacement.is_empty() && underline_follows(text, e.range.end)
    };
    let headings = if candidates.iter().any(under) {
        setext_headings(text)
    } else {
        Vec::new()
    };
    for c in candidates.iter_mut().filter(|c| !c.widened) {
        if let Some(whole) = whole_heading(text, &headings, &c.variants[0]) {
            c.variants = whole;
            c.widened = true;
        }
    }
    // In the order `--fix` prefers them: by position, then rule id.
    candidates.sort_by(|a, b| {
        let key = |c: &Candidate| {
            (
                c.variants[0][0].range.start,
                diagnostics[c.index].rule.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    let chosen = choose(text, &candidates);
    for (c, variant) in candidates.iter().zip(chosen) {
        let d = &mut diagnostics[c.index];
        match variant {
            // The fix as the rule made it stays as it is, edit for edit.
            Some(_) if !c.widened => {}
            Some(v) => match (to_source(map, &c.variants[v], text), d.fix.as_mut()) {
                (Some(edits), Some(fix)) => fix.edits = edits,
                _ => d.fix = None,
            },
            None => d.fix = None,
        }
    }
}

/// For each candidate, which of its variants to keep (`None`: none passes).
fn choose(text: &str, candidates: &[Candidate]) -> Vec<Option<usize>> {
    // Two rules may find the same line and fix it the same way; the fixer applies one of the
    // two, so each such fix is tried once and the others take its verdict.
    let mut first: HashMap<&[Vec<TextEdit>], usize> = HashMap::new();
    let same_as: Vec<Option<usize>> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| match first.entry(&c.variants) {
            Entry::Occupied(j) => Some(*j.get()),
            Entry::Vacant(slot) => {
                slot.insert(i);
                None
            }
        })
        .collect();
    let mut all: Vec<TextEdit> = candidates
        .iter()
        .zip(&same_as)
        .filter(|(_, same)| same.is_none())
        .flat_map(|(c, _)| c.variants[0].iter().cloned())
        .collect();
    all.sort_by_key(|e| (e.range.start, e.range.end));
    if !clash_within(&all) && renders_the_same(text, &all) {
        return vec![Some(0); candidates.len()];
    }
    let mut spent = 0;
    let mut accepted: Vec<TextEdit> = Vec::new();
    let mut chosen: Vec<Option<usize>> = Vec::with_capacity(candidates.len());
    for (c, same) in candidates.iter().zip(&same_as) {
        if let Some(j) = *same {
            chosen.push(chosen[j]);
            continue;
        }
        let mut pick = None;
        for (v, variant) in c.variants.iter().enumerate() {
            // Each try parses the document and the fixed document.
            if spent + 2 * text.len() > ONE_BY_ONE_BUDGET {
                break;
            }
            spent += 2 * text.len();
            // A fix that clashes with one accepted before is not applied in the same pass (the
            // fixer skips it), so it is tried alone.
            let alone = clash(&accepted, variant);
            let mut edits = if alone { Vec::new() } else { accepted.clone() };
            edits.extend(variant.iter().cloned());
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            if renders_the_same(text, &edits) {
                if !alone {
                    accepted = edits;
                }
                pick = Some(v);
                break;
            }
        }
        chosen.push(pick);
    }
    chosen
}

/// Whether two edits of a sorted list overlap or start at the same place, as the fixer judges
/// a clash.
fn clash_within(edits: &[TextEdit]) -> bool {
    edits
        .windows(2)
        .any(|w| w[1].range.start < w[0].range.end || w[1].range.start == w[0].range.start)
}

/// Whether an edit of `a` clashes with one of `b`.
fn clash(a: &[TextEdit], b: &[TextEdit]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            (x.range.start < y.range.end && y.range.start < x.range.end)
                || x.range.start == y.range.start
        })
    })
}

/// Whether an edit could change which blocks the document is made of: it removes or adds a line
/// break, or edits the first or last characters of a line's content (`\u{200B}# x` is a
/// paragraph, `# x` a heading; `---\u{200B}` under a paragraph is text, `---` an underline). An
/// edit inside a line changes only that line's inline text.
fn may_change_blocks(text: &[u8], range: Range<usize>, replacement: &str) -> bool {
    let line_break = |b: &u8| matches!(b, b'\n' | b'\r');
    if text[range.clone()].iter().any(line_break) || replacement.bytes().any(|b| line_break(&b)) {
        return true;
    }
    let line_start = text[..range.start]
        .iter()
        .rposition(line_break)
        .map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .iter()
        .position(line_break)
        .map_or(text.len(), |i| range.end + i);
    let blank = |s: &[u8]| s.iter().all(|&b| b == b' ' || b == b'\t');
    blank(&text[line_start..range.start]) || blank(&text[range.end..line_end])
}

/// The content lines and the whole of every setext heading: from the start of its first line
/// to the start of its underline, and to the end of the underline with its line break.
fn setext_headings(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    Parser::new_ext(text, markdown::options())
        .into_offset_iter()
        .filter(|(e, r)| {
            matches!(e, Event::Start(Tag::Heading { .. })) && !text[r.start..].starts_with('#')
        })
        .map(|(_, r)| {
            let body_end = text[..r.end]
                .strip_suffix('\n')
                .map_or(r.end, |s| s.strip_suffix('\r').map_or(s.len(), str::len));
            let underline = line_start(text, body_end);
            let first = line_start(text, r.start);
            (first..underline, first..r.end)
        })
        .collect()
}

/// Whether the line after a deletion that ends at `at` (the line starting there, if one does)
/// could be a setext heading's underline: up to three spaces, then only `=` or only `-`.
fn underline_follows(text: &str, at: usize) -> bool {
    let start = if at == 0 || text.as_bytes()[at - 1] == b'\n' {
        at
    } else {
        line_end(text, at)
    };
    let line = &text[start..line_end(text, start)];
    let line = line.trim_end_matches(['\n', '\r', ' ', '\t']);
    let mark = line.trim_start_matches(' ');
    line.len() - mark.len() <= 3
        && !mark.is_empty()
        && (mark.bytes().all(|b| b == b'=') || mark.bytes().all(|b| b == b'-'))
}

/// The offset where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset after the line break of the line holding `at` (the end of the text on the last
/// line).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The offset where the line break of the line holding `at` starts.
fn break_start(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn blank_line(text: &str, line: Range<usize>) -> bool {
    text[line]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// If `edits` is one deletion of all the text of a setext heading, the deletions of the whole
/// heading to try, best first: without the heading, the document renders as it did; its
/// underline alone would become a thematic break, a paragraph or the start of front matter.
fn whole_heading(
    text: &str,
    headings: &[(Range<usize>, Range<usize>)],
    edits: &[TextEdit],
) -> Option<Vec<Vec<TextEdit>>> {
    let [edit] = edits else {
        return None;
    };
    if !edit.replacement.is_empty() || edit.range.is_empty() {
        return None;
    }
    let e = &edit.range;
    let i = headings.partition_point(|(content, _)| content.end < e.end);
    let (content, whole) = headings.get(i)?;
    // The heading's last line of prose is the last of the document when nothing follows it, and
    // its deletion then takes the line break before it instead of its own.
    let before = text[..content.start]
        .strip_suffix('\n')
        .map_or(content.start, |s| s.strip_suffix('\r').unwrap_or(s).len());
    let blank = |r: Range<usize>| {
        text[r]
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    };
    if e.start < before
        || e.end > content.end
        || !blank(content.start.min(e.start)..content.start.max(e.start))
        || !blank(e.end..content.end)
    {
        return None;
    }
    let (a, b) = (whole.start, whole.end);
    let prev_blank = a > 0 && blank_line(text, line_start(text, a - 1)..a);
    // The deletion that leaves the document tidiest first, then a plainer one in case that
    // changes how the rest renders (a blank line gone can put front matter at the top).
    let mut deletions: Vec<Range<usize>> = Vec::with_capacity(2);
    if b < text.len() {
        let next = b..line_end(text, b);
        if blank_line(text, next.clone()) && (a == 0 || prev_blank) {
            // Blank lines on both sides would meet: one goes with the heading.
            deletions.push(a..next.end);
        }
        deletions.push(a..b);
    } else if text.ends_with('\n') || a == 0 {
        if prev_blank {
            // The file would end in a blank line it did not have.
            deletions.push(line_start(text, a - 1)..b);
        }
        deletions.push(a..b);
    } else {
        // Without a final line break: the line before keeps its text and loses its break.
        let prev = line_start(text, a - 1);
        if prev_blank && prev > 0 {
            deletions.push(break_start(text, line_start(text, prev - 1))..b);
        }
        deletions.push(break_start(text, prev)..b);
    }
    let delete = |range| {
        vec![TextEdit {
            range,
            replacement: String::new(),
        }]
    };
    Some(deletions.into_iter().map(delete).collect())
}

/// What decides how a document renders: its events, with line breaks inside paragraphs left out
/// (a whole-line deletion can leave a break at the end of a paragraph, where it renders as
/// nothing) and runs of text of one kind joined (how the parser splits text into events does not
/// matter).
#[derive(Debug, PartialEq)]
enum Shape<'a> {
    Text(TextKind, String),
    Event(Event<'a>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextKind {
    Text,
    Code,
    Math,
    DisplayMath,
    Html,
    InlineHtml,
}

/// The kind and text of a text-like event.
fn text_of<'e>(event: &'e Event) -> Option<(TextKind, &'e str)> {
    Some(match event {
        Event::Text(s) => (TextKind::Text, s),
        Event::Code(s) => (TextKind::Code, s),
        Event::InlineMath(s) => (TextKind::Math, s),
        Event::DisplayMath(s) => (TextKind::DisplayMath, s),
        Event::Html(s) => (TextKind::Html, s),
        Event::InlineHtml(s) => (TextKind::InlineHtml, s),
        _ => return None,
    })
}

/// The edits' effect on the events cannot be told: they cut into text that is not written as
/// it reads (an escape, an entity), or add text where there is none.
#[derive(Debug, PartialEq)]
struct Unknowable;

/// The shapes of a parse of `text` (with offsets), as they should be after `edits` (sorted,
/// without clashes): less the events inside what the edits replace, with the text of events
/// they cut into edited. With no edits, simply the shapes of `text`. Made as they are read, so
/// that a large document is never held as a list of events.
struct Shapes<'t, 'a, I> {
    events: I,
    text: &'t str,
    edits: &'t [TextEdit],
    /// Whether each edit's replacement is placed: where the edit starts, into the first text
    /// event found there (an insertion at the end of a text event goes into it).
    placed: Vec<bool>,
    /// The run of text being joined.
    run: Option<(TextKind, String)>,
    ready: VecDeque<Result<Shape<'a>, Unknowable>>,
    done: bool,
}

impl<'t, 'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Shapes<'t, 'a, I> {
    fn new(events: I, text: &'t str, edits: &'t [TextEdit]) -> Self {
        Shapes {
            events,
            text,
            edits,
            placed: vec![false; edits.len()],
            run: None,
            ready: VecDeque::new(),
            done: false,
        }
    }

    fn push_text(&mut self, kind: TextKind, s: &str) {
        if s.is_empty() {
            return;
        }
        match &mut self.run {
            Some((k, t)) if *k == kind => t.push_str(s),
            run => {
                if let Some((k, t)) = run.replace((kind, s.to_string())) {
                    self.ready.push_back(Ok(Shape::Text(k, t)));
                }
            }
        }
    }

    fn push_event(&mut self, event: Event<'a>) {
        if let Some((k, t)) = self.run.take() {
            self.ready.push_back(Ok(Shape::Text(k, t)));
        }
        self.ready.push_back(Ok(Shape::Event(event)));
    }

    /// Takes in one event of the original.
    fn feed(&mut self, event: Event<'a>, r: Range<usize>) -> Result<(), Unknowable> {
        if matches!(event, Event::SoftBreak | Event::HardBreak) {
            return Ok(());
        }
        let edits = self.edits;
        // A block's range ends after its line break, which a deletion of its last line may leave
        // (it takes the break before the line instead): the block is gone all the same.
        let text = self.text;
        let content_end = r.start.max(
            r.end - (text[r.clone()].len() - text[r.clone()].trim_end_matches(['\n', '\r']).len()),
        );
        let inside = |e: &TextEdit| {
            !e.range.is_empty()
                && e.range.start <= r.start
                && content_end <= e.range.end
                && (!r.is_empty() || r.start < e.range.end)
        };
        let first = edits.partition_point(|e| e.range.end < r.start);
        let Some((kind, s)) = text_of(&event) else {
            if !edits[first..]
                .iter()
                .take_while(|e| e.range.start <= r.start)
                .any(inside)
            {
                self.push_event(event);
            }
            return Ok(());
        };
        let near: Vec<usize> = (first..edits.len())
            .take_while(|&i| edits[i].range.start <= r.end)
            .filter(|&i| {
                let e = &edits[i].range;
                (e.start < r.end && r.start < e.end)
                    || (e.is_empty() && r.start <= e.start && e.start <= r.end)
            })
            .collect();
        if near.is_empty() {
            self.push_text(kind, s);
            return Ok(());
        }
        let verbatim = text.get(r.clone()) == Some(s);
        if !verbatim && !near.iter().all(|&i| inside(&edits[i])) {
            return Err(Unknowable);
        }
        let mut at = r.start;
        for i in near {
            let e = &edits[i];
            if verbatim && e.range.start > at {
                self.push_text(kind, &text[at..e.range.start]);
            }
            if e.range.start >= r.start && !self.placed[i] {
                self.push_text(kind, &e.replacement);
                self.placed[i] = true;
            }
            at = at.max(e.range.end.min(r.end));
        }
        if verbatim && at < r.end {
            self.push_text(kind, &text[at..r.end]);
        }
        Ok(())
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Shapes<'_, 'a, I> {
    type Item = Result<Shape<'a>, Unknowable>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(shape) = self.ready.pop_front() {
                return Some(shape);
            }
            if self.done {
                return None;
            }
            match self.events.next() {
                Some((event, r)) => {
                    if let Err(e) = self.feed(event, r) {
                        self.ready.push_back(Err(e));
                        self.done = true;
                    }
                }
                None => {
                    if let Some((k, t)) = self.run.take() {
                        self.ready.push_back(Ok(Shape::Text(k, t)));
                    }
                    let lost = self.edits.iter().zip(&self.placed);
                    if lost
                        .into_iter()
                        .any(|(e, placed)| !placed && !e.replacement.is_empty())
                    {
                        self.ready.push_back(Err(Unknowable));
                    }
                    self.done = true;
                }
            }
        }
    }
}

/// The shapes `text` should have after `edits`.
fn expected<'a>(
    text: &'a str,
    edits: &'a [TextEdit],
) -> Shapes<'a, 'a, impl Iterator<Item = (Event<'a>, Range<usize>)>> {
    let events = Parser::new_ext(text, markdown::options()).into_offset_iter();
    Shapes::new(events, text, edits)
}

/// Whether the document with `edits` applied renders as the original less what they remove.
fn renders_the_same(text: &str, edits: &[TextEdit]) -> bool {
    let mut fixed = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        fixed.push_str(&text[at..e.range.start]);
        fixed.push_str(&e.replacement);
        at = e.range.end;
    }
    fixed.push_str(&text[at..]);
    let mut want = expected(text, edits);
    let mut got = expected(&fixed, &[]);
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(Ok(a)), Some(Ok(b))) if same(&a, &b) => {}
            _ => return false,
        }
    }
}

fn same<'x>(a: &Shape<'x>, b: &Shape<'x>) -> bool {
    a == b
}

/// The edits of a fix in text coordinates, if every one maps exactly.
fn to_text(map: &OffsetMap, edits: &[Edit], text: &str) -> Option<Vec<TextEdit>> {
    let mut out: Vec<TextEdit> = edits
        .iter()
        .map(|e| {
            let range = map.to_text(e.start..e.end);
            let exact = range.is_empty() || map.is_exact(range.clone());
            let back = map.to_source(range.clone()) == (e.start..e.end);
            (exact && back && text.get(range.clone()).is_some()).then(|| TextEdit {
                range,
                replacement: e.replacement.clone(),
            })
        })
        .collect::<Option<_>>()?;
    out.sort_by_key(|e| (e.range.start, e.range.end));
    Some(out)
}

/// The edits in source coordinates, if every one maps exactly.
fn to_source(map: &OffsetMap, edits: &[TextEdit], text: &str) -> Option<Vec<Edit>> {
    edits
        .iter()
        .map(|e| {
            let exact = e.range.is_empty() || map.is_exact(e.range.clone());
            let r = map.to_source(e.range.clone());
            (exact && text.get(e.range.clone()).is_some()).then(|| Edit {
                start: r.start,
                end: r.end,
                replacement: e.replacement.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::Linter;
    use crate::source::SourceFile;
    use std::sync::OnceLock;

    fn linter() -> &'static Linter {
        static LINTER: OnceLock<Linter> = OnceLock::new();
        LINTER.get_or_init(|| Linter::builtin().unwrap())
    }

    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        linter().lint(&SourceFile::from_text("a.md", text))
    }

    /// `text` as a Markdown file after one pass of all its fixes, those that clash with one
    /// before them left out as the fixer leaves them out.
    fn fixed_once(text: &str) -> String {
        let diagnostics = diagnostics(text);
        let mut fixes: Vec<&[Edit]> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.edits.as_slice()))
            .collect();
        fixes.sort_by_key(|edits| edits.iter().map(|e| e.start).min());
        let mut accepted: Vec<&Edit> = Vec::new();
        for edits in fixes {
            let clashes = edits.iter().any(|e| {
                accepted
                    .iter()
                    .any(|a| (e.start < a.end && a.start < e.end) || e.start == a.start)
            });
            if !clashes {
                accepted.extend(edits);
            }
        }
        accepted.sort_by_key(|e| e.start);
        let mut out = String::new();
        let mut at = 0;
        for e in accepted {
            out.push_str(&text[at..e.start]);
            out.push_str(&e.replacement);
            at = e.end;
        }
        out + &text[at..]
    }

    #[test]
    fn a_setext_heading_of_junk_goes_with_its_underline() {
        for (text, fixed) in [
            (
                "Leave a Comment\n---------------\n\nReal text.\n",
                "Real text.\n",
            ),
            (
                "Leave a Comment\n===============\n\nReal text.\n",
                "Real text.\n",
            ),
            // The underline alone would open front matter, which hides `title: x`.
            ("Leave a Comment\n---\ntitle: x\n---\n", "title: x\n---\n"),
            (
                "Intro.\n\nLeave a Comment\n---\n\nBody.\n",
                "Intro.\n\nBody.\n",
            ),
            (
                "Intro.\n\nLeave a Comment\n===\n- item\n",
                "Intro.\n\n- item\n",
            ),
            ("# Title\nLeave a Comment\n---\nBody.\n", "# Title\nBody.\n"),
            // At the end, the file ends as it did: with or without a final line break.
            ("Intro.\n\nLeave a Comment\n---\n", "Intro.\n"),
            ("Intro.\n\nLeave a Comment\n---", "Intro."),
            ("Leave a Comment\n---", ""),
            (
                "Leave a Comment\r\n---\r\n\r\nReal text.\r\n",
                "Real text.\r\n",
            ),
            (
                "Intro.\r\n\r\nLeave a Comment\r\n===\r\n\r\nBody.\r\n",
                "Intro.\r\n\r\nBody.\r\n",
            ),
        ] {
            assert_eq!(fixed_once(text), fixed, "{text:?}");
            let d = diagnostics(text);
            assert_eq!(
                d[0].fix.as_ref().unwrap().applicability,
                crate::diagnostic::Applicability::Safe
            );
        }
    }

    #[test]
    fn a_line_of_a_longer_heading_goes_alone() {
        // The heading keeps its other lines and stays a heading.
        let text = "Leave a Comment\nReal heading\n---\n\nBody.\n";
        assert_eq!(fixed_once(text), "Real heading\n---\n\nBody.\n");
        // Two junk lines are its whole text: deleted together they would leave the underline,
        // so one goes in this pass and the other, then the whole heading, in the next.
        let text = "Intro.\n\nLeave a Comment\nShare this\n---\n\nBody.\n";
        let once = fixed_once(text);
        assert_eq!(once, "Intro.\n\nShare this\n---\n\nBody.\n");
        assert_eq!(fixed_once(&once), "Intro.\n\nBody.\n");
    }

    #[test]
    fn the_same_fix_from_two_rules_is_tried_once_and_kept_by_both() {
        // `Share this:` is both a sharing widget and a widget label; the fixer applies one of
        // the two identical deletions.
        let text = "Intro.\n\nShare this:\n\n- a\n";
        let candidates: Vec<Candidate> = (0..2)
            .map(|index| Candidate {
                index,
                variants: vec![vec![TextEdit {
                    range: 8..20,
                    replacement: String::new(),
                }]],
                widened: false,
            })
            .collect();
        assert_eq!(choose(text, &candidates), [Some(0), Some(0)]);
        // Both keep the deletion, and then fold into one diagnostic (`crate::linter`), whose
        // fix is the one deletion.
        let d = diagnostics(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].fix.as_ref().map(|f| f.edits.len()), Some(1));
        assert_eq!(d[0].findings().count(), 2);
        assert_eq!(fixed_once(text), "Intro.\n\n- a\n");
    }

    #[test]
    fn a_deletion_that_would_change_the_rest_has_no_fix() {
        for text in [
            // The two lists would become one.
            "- a\n\nLeave a Comment\n\n- b\n",
            // The next line would become an indented code block.
            "Leave a Comment\n    code?\n\nBody.\n",
            // Deleting the zero-width space makes the line a heading.
            "Intro\n\n\u{200B}# Heading\n",
            // ... or the line under a paragraph its underline.
            "Intro\n---\u{200B}\n",
        ] {
            assert_eq!(fixed_once(text), text, "{text:?}");
            assert!(
                diagnostics(text).iter().all(|d| d.fix.is_none()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn deletions_that_keep_the_rest_are_kept_as_they_were() {
        for (text, fixed) in [
            // A paragraph goes with one blank line next to it (`linter::paragraphs`).
            ("Intro.\n\nLeave a Comment\n\nBody.\n", "Intro.\n\nBody.\n"),
            (
                "Intro.\r\n\r\nLeave a Comment\r\n\r\nBody.\r\n",
                "Intro.\r\n\r\nBody.\r\n",
            ),
            (
                "> Quote.\nLeave a Comment\n\nBody.\n",
                "> Quote.\n\nBody.\n",
            ),
            // The last paragraph goes with the blank line before it, and the file ends as it
            // did, in CRLF files too (the blank line between the blocks of the prose is the
            // file's own).
            ("Intro.\n\nLeave a Comment\n", "Intro.\n"),
            ("# H\n\nText.\n\nLeave a Comment\n", "# H\n\nText.\n"),
            ("Intro.\r\n\r\nLeave a Comment", "Intro."),
            ("Intro.\r\n\r\nLeave a Comment\r\n---", "Intro."),
            ("A \u{200B}word.\n", "A word.\n"),
        ] {
            assert_eq!(fixed_once(text), fixed, "{text:?}");
        }
    }

    #[test]
    fn a_widened_deletion_that_changes_the_rest_falls_back_on_the_plainer_one() {
        let text = "Intro.\n\nLeave a Comment\n\nBody.\n";
        let mut d = diagnostics(text);
        let edit = |start: usize, end: usize| Edit {
            start,
            end,
            replacement: String::new(),
        };
        // A deletion that would join the paragraphs around the line, and the line alone.
        let (joining, line) = (edit(6, 25), edit(8, 24));
        d[0].fix.as_mut().unwrap().edits = vec![joining.clone()];
        let plainer = vec![Some(vec![line.clone()])];
        let map = OffsetMap::Identity;
        guard_markdown_fixes(text, text.as_bytes(), &map, &mut d[..1], &plainer);
        assert_eq!(d[0].fix.as_ref().unwrap().edits, [line]);
        // With nothing to fall back on, the fix goes.
        d[0].fix.as_mut().unwrap().edits = vec![joining];
        guard_markdown_fixes(text, text.as_bytes(), &map, &mut d[..1], &[]);
        assert_eq!(d[0].fix, None);
    }

    #[test]
    fn underlines_are_recognised_after_a_line_or_its_text() {
        let text = "Leave a Comment\n  ---\nText\n    ===\n";
        assert!(!underline_follows(text, 0));
        assert!(underline_follows(text, 15));
        assert!(underline_follows(text, 16));
        assert!(!underline_follows(text, 22));
        assert!(!underline_follows(text, 27));
        assert!(!underline_follows("Leave a Comment\n-=-\n", 16));
        assert!(!underline_follows("Leave a Comment", 15));
    }

    #[test]
    fn only_edits_at_the_edges_of_lines_may_change_blocks() {
        let text = b"# A\nSome text here\n";
        assert!(may_change_blocks(text, 3..4, ""));
        assert!(may_change_blocks(text, 4..8, ""));
        assert!(may_change_blocks(text, 13..18, ""));
        assert!(may_change_blocks(text, 9..9, "\n"));
        assert!(!may_change_blocks(text, 8..13, ""));
        assert!(!may_change_blocks(text, 9..9, "x"));
    }

    #[test]
    fn an_edit_of_text_not_written_as_it_reads_cannot_be_verified() {
        // `&amp;` reads `&`: what cutting into it leaves cannot be told from the events; all of
        // it can go.
        let text = "a &amp; b\n";
        let edit = |range: Range<usize>, replacement: &str| {
            vec![TextEdit {
                range,
                replacement: replacement.to_string(),
            }]
        };
        let knowable = |text: &str, edits: &[TextEdit]| expected(text, edits).all(|s| s.is_ok());
        assert!(!knowable(text, &edit(4..6, "")));
        assert!(!renders_the_same(text, &edit(4..6, "")));
        assert!(renders_the_same(text, &edit(2..7, "")));
        assert!(renders_the_same(text, &edit(0..2, "")));
        // A replacement must land in text: at the end of some it does, before `#` it does not.
        assert!(renders_the_same(text, &edit(9..9, "x")));
        assert!(!knowable("# A\n", &edit(0..0, "x")));
        // The shapes join runs of text and leave line breaks out.
        let shapes: Vec<_> = expected("a *b*\nc &amp; d\n", &[])
            .map(Result::unwrap)
            .collect();
        assert_eq!(shapes.len(), 7, "{shapes:?}");
        assert_eq!(shapes[5], Shape::Text(TextKind::Text, "c & d".into()));
    }
}
