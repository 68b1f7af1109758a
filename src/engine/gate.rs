//! Gates: where each regex has to run, worked out from its syntax.
//!
//! A regex runs only where a trigger literal occurred: anchored at it when every match starts
//! with one, over the lines around it when every match contains one and spans a bounded number
//! of line feeds. Working this out parses the regex and extracts literals from it (~0.4 M
//! instructions a regex, 2 ms for the packs at every start), so the gates of the built-in
//! regexes are kept in `builtin_gates.rs`, which a test keeps equal to what [`analyse`] gives.

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A regex with more trigger literals than this is matched without a prefilter.
const MAX_TRIGGERS: usize = 96;

/// Where a regex needs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Every match starts with a trigger literal: anchored at each one.
    Prefix,
    /// Every match contains a trigger literal and at most `newlines` line feeds: over the lines
    /// around each one.
    Inner { newlines: usize },
    /// Over the whole text.
    WholeText,
}

/// How `source` is gated, with its trigger literals (folded to lower case): by the literals
/// every match starts with, else by the literals every match contains if its matches span a
/// bounded number of lines, else not at all.
pub fn gate_of(source: &str) -> (Gate, Vec<Vec<u8>>) {
    match super::builtin_gates::BUILTIN_GATES.binary_search_by(|(s, _, _)| (*s).cmp(source)) {
        Ok(i) => {
            let (_, gate, triggers) = super::builtin_gates::BUILTIN_GATES[i];
            (gate, triggers.iter().map(|t| t.to_vec()).collect())
        }
        Err(_) => analyse(source),
    }
}

fn analyse(source: &str) -> (Gate, Vec<Vec<u8>>) {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(source)
    else {
        return (Gate::WholeText, Vec::new());
    };
    let selective = |l: &Vec<u8>| match l.as_slice() {
        [] => false,
        [b] => !(b.is_ascii_alphanumeric() || b.is_ascii_whitespace()),
        _ => true,
    };
    if let Some(prefixes) = literal_set(&extract(ExtractKind::Prefix, &hir))
        && prefixes.iter().all(selective)
    {
        return (Gate::Prefix, prefixes);
    }
    // A whole line is searched per occurrence, so an inner literal must be rarer than a prefix:
    // no single byte of everyday prose punctuation.
    let rare = |l: &Vec<u8>| match l.as_slice() {
        [b] => selective(l) && !b".,;:!?'\"()-".contains(b),
        _ => selective(l),
    };
    match (inner_literals(&hir), max_newlines(&hir)) {
        (Some(inner), Some(newlines)) if inner.iter().all(rare) => {
            (Gate::Inner { newlines }, inner)
        }
        _ => (Gate::WholeText, Vec::new()),
    }
}

fn extract(kind: ExtractKind, hir: &Hir) -> Seq {
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_class(MAX_TRIGGERS)
        .limit_total(4 * MAX_TRIGGERS);
    extractor.extract(hir)
}

/// The literals of `seq`, folded to lower case, if there are a few and none is empty.
fn literal_set(seq: &Seq) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    (!out.is_empty() && out.len() <= MAX_TRIGGERS && out.iter().all(|l| !l.is_empty()))
        .then_some(out)
}

/// The best set of literals one of which every match of `hir` contains: the prefixes of one
/// part of its top-level concatenation, or the suffixes of one part followed by the prefixes of
/// the next (`[ \t]+` then `[.,]` gives ` .`, ` ,`, `\t.`, `\t,`). Best means the longest
/// shortest literal, then the fewest literals.
fn inner_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut parts = Vec::new();
    flatten(hir, &mut parts);
    let mut candidates: Vec<Vec<Vec<u8>>> = parts
        .iter()
        .filter_map(|part| literal_set(&extract(ExtractKind::Prefix, part)))
        .collect();
    for pair in parts.windows(2) {
        let suffixes = extract(ExtractKind::Suffix, pair[0]);
        let mut prefixes = extract(ExtractKind::Prefix, pair[1]);
        let (Some(s), Some(p)) = (suffixes.literals(), prefixes.literals()) else {
            continue;
        };
        if s.len() * p.len() > MAX_TRIGGERS {
            continue;
        }
        // A suffix ends a match of the first part wherever it came from, so it is crossed as
        // if it were exact.
        let mut crossed = Seq::new(s.iter().map(|l| l.as_bytes()));
        crossed.cross_forward(&mut prefixes);
        candidates.extend(literal_set(&crossed));
    }
    candidates.into_iter().max_by_key(|set| {
        let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(set.len()))
    })
}

/// The parts of `hir`'s top-level concatenation, looking through capture groups.
fn flatten<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Concat(parts) => parts.iter().for_each(|p| flatten(p, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(hir),
    }
}

/// The most line feeds one match of `hir` can hold; `None` when unbounded.
fn max_newlines(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => Some(l.0.iter().filter(|&&b| b == b'\n').count()),
        HirKind::Class(Class::Unicode(c)) => Some(usize::from(
            c.ranges()
                .iter()
                .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        )),
        HirKind::Class(Class::Bytes(c)) => Some(usize::from(
            c.ranges()
                .iter()
                .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        )),
        HirKind::Repetition(r) => match max_newlines(&r.sub)? {
            0 => Some(0),
            n => n.checked_mul(r.max? as usize),
        },
        HirKind::Capture(c) => max_newlines(&c.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .try_fold(0usize, |sum, p| sum.checked_add(max_newlines(p)?)),
        HirKind::Alternation(parts) => parts
            .iter()
            .try_fold(0usize, |most, p| Some(most.max(max_newlines(p)?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(set: &[Vec<u8>]) -> Vec<String> {
        set.iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }

    #[test]
    fn gates_by_prefix_then_inner_literals() {
        let (gate, t) = analyse(r"\bclick here\b");
        assert_eq!(
            (gate, strings(&t)),
            (Gate::Prefix, vec!["click here".into()])
        );
        // Suffixes of one part crossed with the prefixes of the next.
        let (gate, t) = analyse(r"\p{L}(?P<span>[ \t]+)[.,]");
        assert_eq!(gate, Gate::Inner { newlines: 0 });
        assert_eq!(strings(&t), ["\t,", "\t.", " ,", " ."]);
        // `\s` may be a line feed: the lines either side are searched too.
        let (gate, t) = analyse(r"\p{L}(?P<span>\.\.)(?:\s|$)");
        assert_eq!(
            (gate, strings(&t)),
            (Gate::Inner { newlines: 1 }, vec!["..".into()])
        );
        // No literal, or one too common to gate on, or matches of unbounded line count.
        for ungated in [
            r"\p{Lu}{3,}",
            r"\p{L}\.\p{L}",
            r"\p{L}“\s+\p{L}",
            r"a[^b]*\.\.",
        ] {
            assert_eq!(analyse(ungated).0, Gate::WholeText, "{ungated}");
        }
    }

    /// `builtin_gates.rs` as [`analyse`] gives it for the built-in regexes.
    fn generated() -> String {
        let linter = crate::Linter::builtin().unwrap();
        let mut sources: Vec<&str> = linter.engine().regex_sources().collect();
        sources.sort_unstable();
        sources.dedup();
        let mut out = String::from(
            "//! Generated by `COPYDESK_UPDATE_GATES=1 cargo test builtin_gates`: the gates of the\n\
             //! built-in regexes (see `gate.rs`), sorted by source. Do not edit.\n\n\
             use super::gate::Gate;\n\n\
             #[rustfmt::skip]\n\
             pub static BUILTIN_GATES: &[(&str, Gate, &[&[u8]])] = &[\n",
        );
        for source in sources {
            let (gate, triggers) = analyse(source);
            let triggers: Vec<String> = triggers
                .iter()
                .map(|t| format!("b\"{}\"", t.escape_ascii()))
                .collect();
            out.push_str(&format!(
                "    ({source:?}, Gate::{gate:?}, &[{}]),\n",
                triggers.join(", ")
            ));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn builtin_gates_are_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/engine/builtin_gates.rs");
        let expected = generated();
        if std::env::var_os("COPYDESK_UPDATE_GATES").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap();
        assert!(
            actual == expected,
            "src/engine/builtin_gates.rs is out of date: run `COPYDESK_UPDATE_GATES=1 cargo test \
             builtin_gates` and commit the result"
        );
    }
}
