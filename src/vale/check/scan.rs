//! A rule's search pattern, with the literals each of its matches starts with.
//!
//! Run on its own, each pattern of the seven published styles reads the whole document: 148
//! passes of the lazy DFA, most of them without a prefilter, since case-insensitive token lists
//! are too large for the `regex` crate's. [`super::super::gate`] instead finds the prefix
//! literals of every rule in one Aho-Corasick pass, and a gated [`Scan`] runs its pattern
//! anchored at those places only. Its matches are the same: every match starts at one of
//! them, and anchored at the leftmost of them the pattern finds what an unanchored search
//! from there would.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The most prefix literals a pattern is gated by (case variants folded); one with more runs
/// over the whole text.
const MAX_PREFIXES: usize = 2048;

/// A pattern and, when the `regex` crate can parse it, the literals (ASCII letters in lower
/// case) every match starts with; else, when they are rare in prose, the bytes every match
/// starts with (`fancy-regex` works them out, look-around included).
#[derive(Debug)]
pub struct Scan {
    pub regex: fancy_regex::Regex,
    prefixes: Option<Vec<Vec<u8>>>,
    start_bytes: Option<[bool; 256]>,
}

/// Where a scan's prefix literals occur in a text: sorted offsets, `offset` bytes before the
/// block the scan runs on (the offsets are the document's, the block one of its slices).
#[derive(Debug, Clone, Copy)]
pub struct Starts<'a> {
    pub offset: usize,
    pub at: &'a [usize],
}

impl Scan {
    /// Compiles `pattern` as Vale reads it (see [`super::compile`]) and works out its prefix
    /// literals.
    pub fn new(pattern: &str) -> Result<Scan, String> {
        let prefixes = prefixes(pattern);
        let start_bytes = if prefixes.is_none() {
            start_bytes(pattern)
        } else {
            None
        };
        Ok(Scan {
            regex: super::compile_with(pattern, prefixes.is_none() && start_bytes.is_none())?,
            prefixes,
            start_bytes,
        })
    }

    /// The literals every match starts with, ASCII letters in lower case; `None` when they
    /// are unknown (look-around, which the `regex` crate does not parse, or too many).
    pub fn prefixes(&self) -> Option<&[Vec<u8>]> {
        self.prefixes.as_deref()
    }

    /// The bytes every match starts with, when the pattern has no [`Scan::prefixes`] and
    /// none of them is a letter, a digit's neighbour in words (`_`) or white space.
    pub fn start_bytes(&self) -> Option<&[bool; 256]> {
        self.start_bytes.as_ref()
    }

    /// The first match in `text` that starts at `pos` or later, with its groups: at the
    /// places of `starts` when given, else searched for.
    pub fn captures_from<'t>(
        &self,
        text: &'t str,
        pos: usize,
        starts: Option<Starts>,
    ) -> Option<fancy_regex::Captures<'t, str>> {
        first(text, pos, starts, |input| {
            self.regex.captures_input(input).ok().flatten()
        })
    }

    /// The first match in `text` that starts at `pos` or later (see [`Scan::captures_from`]).
    pub fn find_from<'t>(
        &self,
        text: &'t str,
        pos: usize,
        starts: Option<Starts>,
    ) -> Option<fancy_regex::Match<'t>> {
        first(text, pos, starts, |input| {
            self.regex.find_input(input).ok().flatten()
        })
    }

    /// Every match in `text`, each searched for from where the last one ended (one character
    /// further after an empty match), as `find_iter` gives them.
    pub fn find_all<'t>(
        &self,
        text: &'t str,
        starts: Option<Starts>,
    ) -> Vec<fancy_regex::Match<'t>> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= text.len() {
            let Some(m) = self.find_from(text, pos, starts) else {
                break;
            };
            pos = if m.end() > m.start() {
                m.end()
            } else {
                m.end() + text[m.end()..].chars().next().map_or(1, char::len_utf8)
            };
            out.push(m);
        }
        out
    }
}

/// What `search` gives for the first place from `pos` on where it finds something: each of
/// `starts` from `pos` on, anchored, when given; else `text` from `pos`, unanchored.
fn first<'t, T>(
    text: &'t str,
    pos: usize,
    starts: Option<Starts>,
    search: impl Fn(fancy_regex::RegexInput<'t, str>) -> Option<T>,
) -> Option<T> {
    let input = fancy_regex::RegexInput::new(text);
    let Some(starts) = starts else {
        return search(input.from_pos(pos));
    };
    let from = starts.at.partition_point(|&s| s < starts.offset + pos);
    starts.at[from..]
        .iter()
        .find_map(|&s| search(input.clone().from_pos(s - starts.offset).anchored(true)))
}

/// The literals every match of `pattern` starts with, ASCII letters in lower case, or `None`.
/// A pattern Vale made case-insensitive (`(?i)` in front) is read without it: its literals'
/// case variants, which the extractor would spell out one by one, are what the gate's
/// case-insensitive search finds anyway. Its literals must then be ASCII, since only ASCII
/// letters are folded there.
fn prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let (folded, bare) = match pattern.strip_prefix("(?i)") {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(bare)
        .ok()?;
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(12)
        .limit_total(4 * MAX_PREFIXES)
        .extract(&hir);
    let literals = seq.literals()?;
    if folded && literals.iter().any(|l| !l.as_bytes().is_ascii()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    (!out.is_empty() && out.len() <= MAX_PREFIXES && out.iter().all(|l| !l.is_empty()))
        .then_some(out)
}

/// The bytes every match of `pattern` starts with, if they leave out letters, `_` and white
/// space (any other set is met every few bytes of prose).
fn start_bytes(pattern: &str) -> Option<[bool; 256]> {
    let set = fancy_regex::RegexOptionsBuilder::new()
        .start_bytes(pattern)
        .ok()
        .flatten()?;
    let mut out = [false; 256];
    for b in set.iter() {
        if b.is_ascii_alphabetic() || b == b'_' || b.is_ascii_whitespace() {
            return None;
        }
        out[usize::from(b)] = true;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_fold_case_and_refuse_what_may_start_anywhere() {
        let p = |s: &str| {
            Scan::new(s).unwrap().prefixes.map(|v| {
                v.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            p(r"(?i)(?m)\b(?:Utilize|in order to)\b"),
            Some(vec!["in order to".to_string(), "utilize".to_string()])
        );
        assert_eq!(p(r"(?m)\b(?:[A-Z]\w+)\b"), None);
        assert_eq!(p(r"(?m)(?:a?b?)"), None);
        assert_eq!(p(r"(?<=\s)-\d"), None);
        let bytes = |s: &str| {
            Scan::new(s).unwrap().start_bytes.map(|set| {
                (0..=255u8)
                    .filter(|&b| set[usize::from(b)])
                    .filter(|b| b.is_ascii())
                    .map(char::from)
                    .collect::<String>()
            })
        };
        assert_eq!(bytes(r"(?<=\s)-\d+(?:\.\d+)?\b"), Some("-".to_string()));
        assert_eq!(
            bytes(r"(?m)(?:\d{1,2}(?:am|pm))"),
            Some("0123456789".to_string())
        );
        assert_eq!(bytes(r"(?:^|\s)I(?=\s)"), None);
        assert_eq!(bytes(r"[a-z]+[!?]{2,}"), None);
    }

    #[test]
    fn gated_matches_are_the_unanchored_search_s() {
        let text = "Utilize it, utilize them; in order to utilizeX utilize.";
        let scan = Scan::new(r"(?i)(?m)\b(?:utilize|in order to)\b").unwrap();
        let lits = scan.prefixes().unwrap().to_vec();
        let lower = text.to_ascii_lowercase();
        let mut at: Vec<usize> = lits
            .iter()
            .flat_map(|l| {
                let l = std::str::from_utf8(l).unwrap();
                lower.match_indices(l).map(|(i, _)| i).collect::<Vec<_>>()
            })
            .collect();
        at.sort();
        let gated: Vec<_> = scan
            .find_all(text, Some(Starts { offset: 0, at: &at }))
            .iter()
            .map(|m| m.range())
            .collect();
        let plain: Vec<_> = scan
            .find_all(text, None)
            .iter()
            .map(|m| m.range())
            .collect();
        assert_eq!(gated, plain);
        assert_eq!(plain, vec![0..7, 12..19, 26..37, 47..54]);
    }
}
