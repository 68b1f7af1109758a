//! A rule's search pattern, with the literals each of its matches starts with.
//!
//! The pattern runs in the `regex` crate's engine when that can read it, and in `fancy-regex`
//! only when it needs look-around or backreferences (as in 6 of the 148 published rules):
//! through `fancy-regex`, even a pattern it hands to the `regex` crate cost twice as much per
//! match (56 ns against 26 ns a word over 4 MB of prose), which is most of the cost of the
//! rules that count words (`occurrence`) or compare them (`repetition`).
//!
//! Run on its own, each pattern of the seven published styles reads the whole document: 148
//! passes of the lazy DFA, most of them without a prefilter, since case-insensitive token lists
//! are too large for the `regex` crate's. [`super::super::gate`] instead finds the prefix
//! literals of every rule in one Aho-Corasick pass, and a gated [`Scan`] runs its pattern
//! anchored at those places only. Its matches are the same: every match starts at one of
//! them, and anchored at the leftmost of them the pattern finds what an unanchored search
//! from there would.

use super::{AHEAD, prefetch};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, MatchKind, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::borrow::Cow;
use std::ops::Range;

/// The most prefix literals a pattern is gated by (case variants folded); one with more runs
/// over the whole text.
const MAX_PREFIXES: usize = 2048;

/// A pattern and, when the `regex` crate can parse it, the literals (ASCII letters in lower
/// case) every match starts with; else, when they are rare in prose, the bytes every match
/// starts with (`fancy-regex` works them out, look-around included).
#[derive(Debug)]
pub struct Scan {
    engine: Engine,
    prefixes: Option<Vec<Vec<u8>>>,
    start_bytes: Option<[bool; 256]>,
    /// Without either: the literals every match ends with, and the pattern read backwards.
    suffixes: Option<(Vec<Vec<u8>>, Backward)>,
    /// Whether every match starts at a word boundary (`\b` in front, as Vale puts it around
    /// tokens): a literal that starts with a word character right after another is no place.
    word_start: bool,
    /// The prefix literals that are a whole match when a word boundary follows them (Vale's
    /// tokens, `\b(?:be|been)\b`), sorted: such a literal followed by a word character,
    /// itself ending in one, is no match. (A literal cut to its first bytes is not one.)
    whole_words: Vec<Vec<u8>>,
    /// Whether the matches are runs of word characters (`\b(\w+)\b`, `\w+`), which never
    /// touch.
    word_runs: bool,
}

/// The engine a pattern runs in.
#[derive(Debug)]
enum Engine {
    Plain(meta::Regex),
    Fancy(fancy_regex::Regex),
    /// The runs of word characters (`\b(\w+)\b`, `\w+`) or of others than white space
    /// (`[^\s]+`, `\S+`): the tokens of `Microsoft.SentenceLength`, `write-good.Illusions`
    /// and `Vale.Repetition`, read without the regex (see [`runs`]).
    /// `bounded`: with `\b` around, a search from inside a run starts at the next one.
    Runs {
        word: bool,
        bounded: bool,
    },
}

impl Engine {
    /// `pattern` in the `regex` crate's engine if it reads it, else in `fancy-regex`'s; with
    /// the `regex` crate's literal prefilter when `prefilter`. `syntax` is the pattern as
    /// already parsed, when it is.
    ///
    /// A pattern without a prefilter runs anchored at the gate's places, where the lazy DFA
    /// does as well as a full one: none is built (a fortieth of loading the published styles).
    fn new(pattern: &str, prefilter: bool, syntax: Option<&Syntax>) -> Result<Engine, String> {
        let plain = if super::reference_mode() {
            None
        } else {
            let mut builder = meta::Regex::builder();
            builder.configure(meta::Config::new().auto_prefilter(prefilter).dfa(prefilter));
            match syntax.and_then(Syntax::engine_hir) {
                Some(hir) => builder.build_from_hir(&hir).ok(),
                None => builder.build(pattern).ok(),
            }
        };
        Ok(match plain {
            Some(re) => Engine::Plain(re),
            None => Engine::Fancy(super::compile_with(pattern, prefilter)?),
        })
    }
}

/// Where a scan's prefix literals occur in a text: sorted offsets, `offset` bytes before the
/// block the scan runs on (the offsets are the document's, the block one of its slices). With
/// `ends`, where its suffix literals end instead: the offsets of their last bytes.
#[derive(Debug, Clone, Copy)]
pub struct Starts<'a> {
    pub offset: usize,
    pub at: &'a [usize],
    pub ends: bool,
}

/// A pattern read backwards (a lazy DFA of its reverse, all matches), to find from the end of
/// a suffix literal where the matches that end there start; with the caches of the threads
/// that use it.
#[derive(Debug)]
struct Backward {
    dfa: DFA,
    caches: std::sync::Mutex<Vec<Cache>>,
}

impl Backward {
    fn new(pattern: &str) -> Option<Backward> {
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(true),
            )
            .thompson(thompson::Config::new().reverse(true))
            .build(pattern)
            .ok()?;
        Some(Backward {
            dfa,
            caches: Default::default(),
        })
    }

    /// The stretches of `text` that hold every match of the pattern, given the ends of the
    /// suffix literals in it (`ends`, ascending): from each end back to where the earliest
    /// match ending there starts, those that touch joined. `None` when reading backwards
    /// would cost more than twice the text, or cannot be done (the lazy DFA gives up on a
    /// Unicode word boundary next to non-ASCII text): the text is then searched.
    ///
    /// A search of each stretch (its look-around seeing past it) finds what a search of the
    /// text does: every match lies in one, since it ends at a literal's end and starts no
    /// earlier than the earliest match ending there, and within a stretch the leftmost and
    /// preferred match is the text's.
    fn windows(&self, text: &str, ends: impl Iterator<Item = usize>) -> Option<Vec<Range<usize>>> {
        let mut cache = match self.caches.lock().ok()?.pop() {
            Some(cache) => cache,
            None => self.dfa.create_cache(),
        };
        let out = self.stretches(&mut cache, text, ends);
        if let Ok(mut caches) = self.caches.lock() {
            caches.push(cache);
        }
        out.ok()
    }

    /// [`Backward::windows`], with `cache`; `Err` where it is `None`.
    fn stretches(
        &self,
        cache: &mut Cache,
        text: &str,
        ends: impl Iterator<Item = usize>,
    ) -> Result<Vec<Range<usize>>, ()> {
        let mut budget = 2 * text.len() + 4096;
        let mut out: Vec<Range<usize>> = Vec::new();
        for end in ends {
            // The same end again (literals that end alike), or past the text.
            if out.last().is_some_and(|w| end <= w.end) || end > text.len() {
                continue;
            }
            let Some(mut start) = self.earliest_start(cache, text, end, &mut budget)? else {
                continue;
            };
            while let Some(last) = out.last().filter(|w| w.end >= start) {
                start = start.min(last.start);
                out.pop();
            }
            out.push(start..end);
        }
        Ok(out)
    }

    /// Where the earliest match of the pattern that ends at `end` of `text` starts, reading
    /// backwards from there until no match can start further back; `Err` when the lazy DFA
    /// quits or `budget` (bytes read) runs out.
    fn earliest_start(
        &self,
        cache: &mut Cache,
        text: &str,
        end: usize,
        budget: &mut usize,
    ) -> Result<Option<usize>, ()> {
        let input = Input::new(text).range(..end).anchored(Anchored::Yes);
        let mut state = self.dfa.start_state_reverse(cache, &input).map_err(drop)?;
        let bytes = text.as_bytes();
        let mut start = None;
        let mut at = end;
        while at > 0 {
            *budget = budget.checked_sub(1).ok_or(())?;
            at -= 1;
            state = self.dfa.next_state(cache, state, bytes[at]).map_err(drop)?;
            if state.is_tagged() {
                // A match state is entered a byte late: the match starts after this byte.
                if state.is_match() {
                    start = Some(at + 1);
                } else if state.is_dead() {
                    return Ok(start);
                } else if state.is_quit() {
                    return Err(());
                }
            }
        }
        state = self.dfa.next_eoi_state(cache, state).map_err(drop)?;
        if state.is_match() {
            start = Some(0);
        }
        Ok(start)
    }
}

impl Scan {
    /// Compiles `pattern` as Vale reads it (see [`super::compile`]) and works out its prefix
    /// literals.
    pub fn new(pattern: &str) -> Result<Scan, String> {
        let syntax = Syntax::of(pattern);
        let prefix_seq = syntax.as_ref().map(prefix_seq);
        let mut prefixes = syntax.as_ref().zip(prefix_seq.as_ref()).and_then(prefixes);
        let start_bytes = if prefixes.is_none() {
            start_bytes(pattern)
        } else {
            None
        };
        let word_start = syntax
            .as_ref()
            .is_some_and(|s| starts_at_word_boundary(&s.hir));
        // Prefixes of one character (`"` of `"[^"]+"[.,?]`) leave the pattern to run from
        // each, often far: suffixes of two or more (`".`) gate it better.
        let chars = |l: &[u8]| std::str::from_utf8(l).map_or(0, |l| l.chars().count());
        let weak = prefixes
            .as_deref()
            .is_some_and(|lits| lits.iter().all(|l| chars(l) == 1));
        let suffixes = if (prefixes.is_none() && start_bytes.is_none()) || weak {
            syntax
                .as_ref()
                .filter(|s| !s.relaxed)
                .and_then(suffixes)
                .filter(|lits| !weak || lits.iter().all(|l| chars(l) > 1))
                .and_then(|lits| Some((lits, Backward::new(pattern)?)))
        } else {
            None
        };
        if suffixes.is_some() {
            prefixes = None;
        }
        let prefilter = prefixes.is_none() && start_bytes.is_none();
        let whole_words = match (&prefixes, &syntax) {
            (Some(_), Some(s)) if !s.relaxed && ends_at_word_boundary(&s.hir) => {
                prefix_seq.as_ref().map(whole_words).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        Ok(Scan {
            engine: Engine::new(pattern, prefilter, syntax.as_ref())?,
            prefixes,
            start_bytes,
            suffixes,
            word_start,
            whole_words,
            word_runs: false,
        })
    }

    /// Compiles `pattern` to be searched for over a whole text, never gated.
    pub fn searched(pattern: &str) -> Result<Scan, String> {
        let bare = pattern
            .replace("(?i)", "")
            .replace("(?:", "")
            .replace(['(', ')'], "");
        let runs = match bare.as_str() {
            r"\b\w+\b" => Some((true, true)),
            r"\w+" => Some((true, false)),
            r"[^\s]+" | r"\S+" => Some((false, false)),
            _ => None,
        };
        let engine = match runs {
            Some((word, bounded)) if !super::reference_mode() => Engine::Runs { word, bounded },
            _ => Engine::new(pattern, true, None)?,
        };
        Ok(Scan {
            engine,
            prefixes: None,
            start_bytes: None,
            suffixes: None,
            word_start: false,
            whole_words: Vec::new(),
            word_runs: runs.is_some_and(|(word, _)| word),
        })
    }

    /// Whether the matches are runs of word characters or of others than white space, which
    /// neither start nor end with white space.
    pub fn runs(&self) -> bool {
        matches!(self.engine, Engine::Runs { .. })
    }

    /// The most matches a text of `len` bytes can hold: every match but an empty one at the end
    /// takes a byte, and runs of word characters a byte between them too.
    pub fn most_matches(&self, len: usize) -> usize {
        if self.word_runs {
            len.div_ceil(2)
        } else {
            len + 1
        }
    }

    /// The literals every match starts with, ASCII letters in lower case; `None` when they
    /// are unknown (look-around, which the `regex` crate does not parse, or too many).
    pub fn prefixes(&self) -> Option<&[Vec<u8>]> {
        self.prefixes.as_deref()
    }

    /// The literals every match ends with (ASCII letters in lower case), for a pattern
    /// without [`Scan::prefixes`] (or with prefixes of one character) nor
    /// [`Scan::start_bytes`]: its places are where they end.
    pub fn suffixes(&self) -> Option<&[Vec<u8>]> {
        self.suffixes.as_ref().map(|(lits, _)| &lits[..])
    }

    /// Whether every match starts at a word boundary.
    pub fn word_start(&self) -> bool {
        self.word_start
    }

    /// Whether `literal`, one of [`Scan::prefixes`], is a whole match when a word boundary
    /// follows it.
    pub fn whole_word(&self, literal: &[u8]) -> bool {
        self.whole_words
            .binary_search_by(|w| w.as_slice().cmp(literal))
            .is_ok()
    }

    /// The bytes every match starts with, when the pattern has no [`Scan::prefixes`] and
    /// none of them is a letter, `_` or white space (those are met every few bytes of prose).
    pub fn start_bytes(&self) -> Option<&[bool; 256]> {
        self.start_bytes.as_ref()
    }

    /// The first match in `text` that starts at `pos` or later, with the first of its
    /// groups that took part (its range and number; the match and 0 without one): at the
    /// places of `starts` when given, else searched for.
    pub fn first_group_from(
        &self,
        text: &str,
        pos: usize,
        starts: Option<Starts>,
    ) -> Option<(Range<usize>, usize)> {
        match &self.engine {
            Engine::Plain(re) => {
                let mut caps = re.create_captures();
                first(text, pos, starts, |at, anchored| {
                    let input = plain_input(text, at, anchored);
                    re.search_captures(&input, &mut caps);
                    let whole = caps.get_match()?.range();
                    Some(
                        (1..caps.group_len())
                            .find_map(|g| Some((caps.get_group(g)?.range(), g)))
                            .unwrap_or((whole, 0)),
                    )
                })
            }
            Engine::Fancy(re) => first(text, pos, starts, |at, anchored| {
                let input = fancy_regex::RegexInput::new(text)
                    .from_pos(at)
                    .anchored(anchored);
                let caps = re.captures_input(input).ok().flatten()?;
                let whole = caps.get(0)?.range();
                Some(
                    (1..caps.len())
                        .find_map(|g| Some((caps.get(g)?.range(), g)))
                        .unwrap_or((whole, 0)),
                )
            }),
            Engine::Runs { .. } => self.find_from(text, pos, starts).map(|m| (m, 0)),
        }
    }

    /// The first match in `text` that starts at `pos` or later (see
    /// [`Scan::first_group_from`]).
    pub fn find_from(
        &self,
        text: &str,
        pos: usize,
        starts: Option<Starts>,
    ) -> Option<Range<usize>> {
        match &self.engine {
            Engine::Plain(re) => first(text, pos, starts, |at, anchored| {
                re.search(&plain_input(text, at, anchored))
                    .map(|m| m.range())
            }),
            Engine::Fancy(re) => first(text, pos, starts, |at, anchored| {
                let input = fancy_regex::RegexInput::new(text)
                    .from_pos(at)
                    .anchored(anchored);
                re.find_input(input).ok().flatten().map(|m| m.range())
            }),
            Engine::Runs { word, bounded } => {
                // From inside a run, a bounded pattern's match starts at the next one.
                let inside = |c: char| inside_run(c, *word);
                let mut from = pos;
                if *bounded && text[..pos].chars().next_back().is_some_and(inside) {
                    from += text[pos..]
                        .find(|c: char| !inside(c))
                        .unwrap_or(text.len() - pos);
                }
                let mut found = None;
                runs(&text[from..], *word, |m| {
                    found.get_or_insert(from + m.start..from + m.end);
                });
                found
            }
        }
    }

    /// For a pattern of runs of word characters (`\b(\w+)\b`, `\w+`) and an ASCII `text`, how
    /// many matches it holds and the first: counted without a call for each, in a loop the
    /// compiler makes a vector loop of (`Microsoft.SentenceLength` counts the words of every
    /// sentence). `None` for another pattern or text.
    pub fn count_word_runs(&self, text: &str) -> Option<(usize, Option<Range<usize>>)> {
        if !matches!(self.engine, Engine::Runs { word: true, .. }) || !text.is_ascii() {
            return None;
        }
        // Tested without branches, so that 32 bytes are read at once.
        let word = |b: u8| u8::from(ascii_word(b));
        let bytes = text.as_bytes();
        let first = bytes.iter().position(|&b| word(b) == 1).map(|start| {
            let len = bytes[start..].iter().position(|&b| word(b) == 0);
            start..len.map_or(bytes.len(), |len| start + len)
        });
        // The words' first characters, counted in bytes 255 pairs at a time.
        let mut starts = bytes.first().map_or(0, |&b| usize::from(word(b)));
        for (before, after) in bytes
            .chunks(255)
            .zip(bytes.get(1..).unwrap_or_default().chunks(255))
        {
            let n = before
                .iter()
                .zip(after)
                .fold(0u8, |n, (&p, &b)| n + (word(b) & (word(p) ^ 1)));
            starts += usize::from(n);
        }
        Some((starts, first))
    }

    /// The matches of [`Scan::each`], collected.
    #[cfg(test)]
    fn find_all(&self, text: &str, starts: Option<Starts>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        self.each(text, starts, |m| out.push(m));
        out
    }

    /// `f` on every match in `text`, in order, each searched for from where the last one ended
    /// (one character further after an empty match, and an empty match right where the last
    /// one ended left out), as `find_iter` gives them.
    pub fn each(&self, text: &str, starts: Option<Starts>, mut f: impl FnMut(Range<usize>)) {
        match (&self.engine, starts) {
            (Engine::Plain(re), None) => {
                // The iterator keeps one cache for the whole text, where each search of
                // `find_from` takes one from the regex's pool: half the time a match.
                re.find_iter(text).for_each(|m| f(m.range()));
                return;
            }
            (Engine::Plain(re), Some(starts)) if starts.ends => {
                let ends = starts.at.iter().map(|&at| at + 1 - starts.offset);
                match self
                    .suffixes
                    .as_ref()
                    .and_then(|(_, b)| b.windows(text, ends))
                {
                    Some(windows) => {
                        for w in windows {
                            let input = Input::new(text).range(w);
                            re.find_iter(input).for_each(|m| f(m.range()));
                        }
                    }
                    None => re.find_iter(text).for_each(|m| f(m.range())),
                }
                return;
            }
            (Engine::Runs { word, .. }, _) => return runs(text, *word, f),
            _ => {}
        }
        let mut pos = 0;
        let mut last_end = None;
        while pos <= text.len() {
            let Some(m) = self.find_from(text, pos, starts) else {
                break;
            };
            if m.is_empty() {
                pos = m.end + text[m.end..].chars().next().map_or(1, char::len_utf8);
                if last_end == Some(m.end) {
                    continue;
                }
            } else {
                pos = m.end;
            }
            last_end = Some(m.end);
            f(m);
        }
    }
}

/// `f` on each run of word characters in `text` (`word`), or of characters other than white
/// space. A regex search costs a few hundred nanoseconds a call before it reads a byte, and
/// then a forward and a backward pass a match: `Microsoft.SentenceLength`, called on each of
/// 140,000 sentences of 4 MB of prose, took 64 ms, and `write-good.Illusions` 42 ms over the
/// same text, where these loops take a few. `\w` is the `regex` crate's
/// (`regex_syntax::is_word_character`), `\s` Unicode's White_Space (`char::is_whitespace`).
fn runs(text: &str, word: bool, mut f: impl FnMut(Range<usize>)) {
    if text.is_ascii() {
        return ascii_runs(text.as_bytes(), word, f);
    }
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is read a byte at a time; anything else as the character it starts.
        let (inside, len) = match bytes[i] {
            b if b.is_ascii() => (ascii_inside_run(b, word), 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                (inside_run(c, word), c.len_utf8())
            }
        };
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(s..i);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        f(s..text.len());
    }
}

/// Whether `b` is an ASCII word character (`\w` of ASCII text), without branches.
fn ascii_word(b: u8) -> bool {
    ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'_')
}

/// [`inside_run`] of an ASCII byte, without branches.
fn ascii_inside_run(b: u8, word: bool) -> bool {
    if word {
        ascii_word(b)
    } else {
        // White space: `\t` to `\r`, and the space.
        !(b == b' ' || b.wrapping_sub(b'\t') < 5)
    }
}

/// [`runs`] of ASCII text, read 64 bytes at a time: a mask of the bytes inside a run, whose
/// bits are read where the runs start and end. A loop of a byte at a time missed a branch at
/// each run's start and end (`write-good.Illusions` compares every word with the last).
fn ascii_runs(bytes: &[u8], word: bool, mut f: impl FnMut(Range<usize>)) {
    // The run that goes on from an earlier chunk, by its start.
    let mut open = None;
    for (c, chunk) in bytes.chunks(64).enumerate() {
        let mut mask = 0u64;
        for (i, &b) in chunk.iter().enumerate() {
            mask |= u64::from(ascii_inside_run(b, word)) << i;
        }
        let base = c * 64;
        // Past a short last chunk the bits are 0: outside.
        let mut at = 0;
        while at < chunk.len() {
            match open {
                Some(start) => {
                    let outside = !mask >> at;
                    if outside == 0 {
                        break;
                    }
                    at += outside.trailing_zeros() as usize;
                    f(start..base + at);
                    open = None;
                }
                None => {
                    let rest = mask >> at;
                    if rest == 0 {
                        break;
                    }
                    at += rest.trailing_zeros() as usize;
                    open = Some(base + at);
                }
            }
        }
    }
    if let Some(start) = open {
        f(start..bytes.len());
    }
}

/// Whether `c` is part of a run: a word character (`word`), or no white space.
fn inside_run(c: char, word: bool) -> bool {
    match u8::try_from(c) {
        Ok(b) if b.is_ascii() => ascii_inside_run(b, word),
        _ if word => regex_syntax::is_word_character(c),
        _ => !c.is_whitespace(),
    }
}

/// What `search` gives for the first place from `pos` on where it finds something: each of
/// `starts` from `pos` on, anchored, when given; else from `pos`, unanchored. `search` takes
/// the place and whether it is anchored.
fn first<T>(
    text: &str,
    pos: usize,
    starts: Option<Starts>,
    mut search: impl FnMut(usize, bool) -> Option<T>,
) -> Option<T> {
    // Where suffix literals end, a match may start anywhere before: searched for.
    let Some(starts) = starts.filter(|s| !s.ends) else {
        return search(pos, false);
    };
    let from = starts.at.partition_point(|&s| s < starts.offset + pos);
    let at = &starts.at[from..];
    at.iter().enumerate().find_map(|(i, &s)| {
        // The byte before the place too, which `\b` reads.
        if let Some(&next) = at.get(i + AHEAD) {
            prefetch(text.as_bytes().get(next.saturating_sub(starts.offset + 1)));
        }
        search(s - starts.offset, true)
    })
}

/// The `regex` crate's search of `text` from `at` (look-around assertions still see what
/// comes before), anchored there or not.
fn plain_input(text: &str, at: usize, anchored: bool) -> Input<'_> {
    let input = Input::new(text).range(at..);
    if anchored {
        input.anchored(Anchored::Yes)
    } else {
        input
    }
}

/// A pattern as the `regex` crate's parser reads it, for its literals.
/// A pattern Vale made case-insensitive (`(?i)` in front) is read without it: its literals'
/// case variants, which the extractor would spell out one by one, are what the gate's
/// case-insensitive search finds anyway. Its literals must then fold as ASCII
/// ([`folds_as_ascii`]), since only ASCII letters are folded there.
struct Syntax {
    /// Whether `(?i)` was in front.
    folded: bool,
    hir: Hir,
    /// Whether look-around was left out to read it (see [`without_look_around`]).
    relaxed: bool,
    /// The pattern as parsed (without `(?i)`), to translate it again with it.
    ast: Option<(String, regex_syntax::ast::Ast)>,
}

impl Syntax {
    fn of(pattern: &str) -> Option<Syntax> {
        let (folded, bare) = match pattern.strip_prefix("(?i)") {
            Some(rest) => (true, rest),
            None => (false, pattern),
        };
        let parse = |p: &str| {
            let ast = regex_syntax::ast::parse::Parser::new().parse(p).ok()?;
            let hir = regex_syntax::hir::translate::Translator::new()
                .translate(p, &ast)
                .ok()?;
            Some((hir, ast))
        };
        let (hir, ast, relaxed) = match parse(bare) {
            Some((hir, ast)) => (hir, Some((bare.to_string(), ast)), false),
            None => (parse(&without_look_around(bare)?)?.0, None, true),
        };
        Some(Syntax {
            folded,
            hir,
            relaxed,
            ast: ast.filter(|_| folded),
        })
    }

    /// The whole pattern, `(?i)` included, as the `regex` crate reads it (what its builder
    /// would parse again); `None` for one read without its look-around.
    fn engine_hir(&self) -> Option<Cow<'_, Hir>> {
        match &self.ast {
            _ if self.relaxed => None,
            None => Some(Cow::Borrowed(&self.hir)),
            Some((bare, ast)) => regex_syntax::hir::translate::TranslatorBuilder::new()
                .case_insensitive(true)
                .build()
                .translate(bare, ast)
                .ok()
                .map(Cow::Owned),
        }
    }
}

/// The prefix literals of `syntax`, as [`prefixes`] and [`whole_words`] read them.
fn prefix_seq(syntax: &Syntax) -> Seq {
    Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(12)
        .limit_total(4 * MAX_PREFIXES)
        .extract(&syntax.hir)
}

/// The prefix literals `seq` (of a pattern) that are a whole match (look-around takes none of
/// the text), ASCII letters in lower case, sorted; none that is also the start of a longer
/// one.
fn whole_words(seq: &Seq) -> Vec<Vec<u8>> {
    let Some(literals) = seq.literals() else {
        return Vec::new();
    };
    let lower = |l: &regex_syntax::hir::literal::Literal| l.as_bytes().to_ascii_lowercase();
    let cut: Vec<Vec<u8>> = literals
        .iter()
        .filter(|l| !l.is_exact())
        .map(lower)
        .collect();
    let mut out: Vec<Vec<u8>> = literals
        .iter()
        .filter(|l| l.is_exact())
        .map(lower)
        .filter(|l| !cut.contains(l))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The literals every match of `syntax` starts with (`seq`, its [`prefix_seq`]), ASCII
/// letters in lower case; or `None`.
fn prefixes((syntax, seq): (&Syntax, &Seq)) -> Option<Vec<Vec<u8>>> {
    if syntax.folded && !seq.literals()?.iter().all(|l| folds_as_ascii(l.as_bytes())) {
        return None;
    }
    crate::engine::folded_literals(seq, MAX_PREFIXES)
}

/// Whether a search that folds ASCII letters only finds `literal` in every case: its other
/// characters have none (`—`, a no-break space), and it is whole UTF-8.
fn folds_as_ascii(literal: &[u8]) -> bool {
    std::str::from_utf8(literal).is_ok_and(|l| {
        l.chars().all(|c| {
            c.is_ascii()
                || c.to_lowercase().eq(std::iter::once(c))
                    && c.to_uppercase().eq(std::iter::once(c))
        })
    })
}

/// The most suffix literals a pattern is gated by, once cut to their last few characters.
const MAX_SUFFIXES: usize = 256;

/// The literals every match ends with, ASCII letters in lower case (as for [`prefixes`]),
/// each cut to its last few characters: as many (up to six) as keep them to
/// [`MAX_SUFFIXES`]. `None` when there are more, or when one is met every few bytes of prose:
/// white space, or one or two letters or digits (the `me` of `\bme\b`, the last letters of
/// `\b[A-Z]{2,}\b`, are in most words).
fn suffixes(syntax: &Syntax) -> Option<Vec<Vec<u8>>> {
    // White space (`\s`, 25 characters) is a class a literal may end with.
    let seq = Extractor::new()
        .kind(ExtractKind::Suffix)
        .limit_class(32)
        .limit_literal_len(12)
        .limit_total(4 * MAX_PREFIXES)
        .extract(&syntax.hir);
    let literals: Vec<&str> = seq
        .literals()?
        .iter()
        .map(|l| {
            // The length limit may have cut a character in two at the front.
            let bytes = l.as_bytes();
            let from = bytes
                .iter()
                .take_while(|b| (0x80..0xC0).contains(*b))
                .count();
            std::str::from_utf8(&bytes[from..]).ok()
        })
        .collect::<Option<_>>()?;
    let common = |l: &[u8]| {
        l.len() <= 2
            && l.iter()
                .all(|b| b.is_ascii_alphanumeric() || b.is_ascii_whitespace())
    };
    (1..=6).rev().find_map(|chars| {
        let tails = literals.iter().map(|l| {
            let from = l.char_indices().rev().nth(chars - 1).map_or(0, |(i, _)| i);
            &l.as_bytes()[from..]
        });
        let out = crate::engine::folded_literals(&Seq::new(tails), MAX_SUFFIXES)?;
        let usable = !out.iter().any(|l| common(l))
            && (!syntax.folded || out.iter().all(|l| folds_as_ascii(l)));
        usable.then_some(out)
    })
}

/// `pattern` with its look-around left out (`that is(?![.,])` is `that is`), as the `regex`
/// crate reads it; `None` with backreferences or other syntax only `fancy-regex` has. Every
/// match of `pattern` is one of the pattern left, at the same place: look-around takes no
/// text. So the literals every match of the one left starts with, every match of `pattern`
/// starts with too (6 of the published rules look around, `Microsoft.Contractions` among
/// them).
fn without_look_around(pattern: &str) -> Option<String> {
    use fancy_regex::Expr;
    fn relax(e: &Expr) -> Option<Expr> {
        Some(match e {
            Expr::LookAround(..) => Expr::Empty,
            Expr::Empty
            | Expr::Any { .. }
            | Expr::Assertion(_)
            | Expr::Literal { .. }
            | Expr::Delegate { .. } => e.clone(),
            Expr::Concat(items) => Expr::Concat(items.iter().map(relax).collect::<Option<_>>()?),
            Expr::Alt(items) => Expr::Alt(items.iter().map(relax).collect::<Option<_>>()?),
            Expr::Group(inner) => Expr::Group(std::sync::Arc::new(relax(inner)?)),
            Expr::Repeat {
                child,
                lo,
                hi,
                greedy,
            } => Expr::Repeat {
                child: Box::new(relax(child)?),
                lo: *lo,
                hi: *hi,
                greedy: *greedy,
            },
            _ => return None,
        })
    }
    let tree = Expr::parse_tree(pattern).ok()?;
    let mut out = String::new();
    relax(&tree.expr)?.to_str(&mut out, 0);
    Some(out)
}

/// Whether every match of `hir` starts at a word boundary: its first item, within groups and
/// in every alternative, is `\b`.
fn starts_at_word_boundary(hir: &Hir) -> bool {
    at_word_boundary(hir, <[Hir]>::first)
}

/// Whether every match of `hir` ends at a word boundary (`\b` last).
fn ends_at_word_boundary(hir: &Hir) -> bool {
    at_word_boundary(hir, <[Hir]>::last)
}

/// Whether `\b` is the item of `hir` that `end` takes of each concatenation, within groups
/// and in every alternative.
fn at_word_boundary(hir: &Hir, end: fn(&[Hir]) -> Option<&Hir>) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(look, Look::WordUnicode | Look::WordAscii),
        HirKind::Capture(c) => at_word_boundary(&c.sub, end),
        HirKind::Concat(items) => end(items).is_some_and(|h| at_word_boundary(h, end)),
        HirKind::Alternation(items) => items.iter().all(|h| at_word_boundary(h, end)),
        _ => false,
    }
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
    fn ascii_runs_are_the_runs_of_their_characters() {
        // Texts of every length to three chunks and a half, runs across the chunks' bounds.
        let alphabet = b"ab_9 \t\n.,-x\x0b\x0c\r";
        let mut seed = 7u32;
        for len in 0..224 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    char::from(alphabet[(seed >> 16) as usize % alphabet.len()])
                })
                .collect();
            for word in [true, false] {
                let mut got = Vec::new();
                ascii_runs(text.as_bytes(), word, |r| got.push(r));
                let mut want = Vec::new();
                let mut start = None;
                for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                    let inside = i < text.len() && inside_run(c, word);
                    match (inside, start) {
                        (true, None) => start = Some(i),
                        (false, Some(s)) => {
                            want.push(s..i);
                            start = None;
                        }
                        _ => {}
                    }
                }
                assert_eq!(got, want, "{text:?} {word}");
            }
        }
        let long = "x".repeat(200);
        let mut got = Vec::new();
        ascii_runs(long.as_bytes(), true, |r| got.push(r));
        assert_eq!(got, vec![Range { start: 0, end: 200 }]);
    }

    #[test]
    fn word_runs_are_counted_as_they_are_found() {
        let scan = Scan::searched(r"\b(\w+)\b").unwrap();
        let long = "word_1 two, (three)four ".repeat(40);
        for text in [
            "",
            " ",
            "a",
            "a b",
            " ab  cd_9 ",
            "x.y",
            long.as_str(),
            &long[1..],
        ] {
            let mut found = Vec::new();
            scan.each(text, None, |m| found.push(m));
            let (n, first) = scan.count_word_runs(text).unwrap();
            assert_eq!(
                (n, first),
                (found.len(), found.first().cloned()),
                "{text:?}"
            );
        }
        // Words of other scripts are found one by one.
        assert_eq!(scan.count_word_runs("caf\u{e9} au lait"), None);
        assert_eq!(
            Scan::searched(r"[^\s]+").unwrap().count_word_runs("a b"),
            None
        );
    }

    #[test]
    fn the_engine_reads_the_pattern_parsed_once_as_its_parser_would() {
        let parsed = |p: &str| regex_syntax::ParserBuilder::new().build().parse(p).unwrap();
        for pattern in [
            r"(?i)\b(?:be|been|I'm)\b",
            r"(?i)(?m)\b(?:stra(?-i:SSE)|ſtraße)\b",
            r"\b[A-Z]{3,5}s?\b",
            r"(?:[^,]+,){1,}\s\w+\s(?:and|or)",
        ] {
            let syntax = Syntax::of(pattern).unwrap();
            assert_eq!(*syntax.engine_hir().unwrap(), parsed(pattern), "{pattern}");
        }
        // Read without its look-around: the engine parses the pattern itself.
        assert!(
            Syntax::of(r"(?i)\bfoo(?=bar)")
                .unwrap()
                .engine_hir()
                .is_none()
        );
    }

    #[test]
    fn whole_words_are_literals_that_end_at_a_word_boundary() {
        let whole = |p: &str, literal: &str| Scan::new(p).unwrap().whole_word(literal.as_bytes());
        assert!(whole(r"(?i)(?m)\b(?:be|been|I'm)\b", "be"));
        assert!(whole(r"(?i)(?m)\b(?:be|been|I'm)\b", "i'm"));
        assert!(whole(r"(?:\bfoo|\bbar)\b", "bar"));
        assert!(whole(r"\b(?:absentmindedly|hard)\b", "hard"));
        // Cut to its first twelve bytes.
        assert!(!whole(r"\b(?:absentmindedly|hard)\b", "absentminded"));
        // More than a literal, or no boundary after it.
        assert!(!whole(r"\b(?:be|been)s?", "be"));
        assert!(!whole(r"\bhard[ -]*core\b", "hard"));
        assert!(!whole(r"\b(?:be|been)\b\s*\w+ed\b", "be"));
        assert!(!whole(r"\b(?:be|been)", "be"));
        assert!(!whole(r"\b(?:be|been)(?=\b)", "be"));
    }

    #[test]
    fn prefixes_fold_case_and_refuse_what_may_start_anywhere() {
        assert!(Scan::new(r"(?i)(?m)\b(?:a|b)\b").unwrap().word_start);
        assert!(!Scan::new(r"(?m)(?:a|b)\b").unwrap().word_start);
        assert!(Scan::new(r"(?:(\bab(?=c))|(\bd))").unwrap().word_start);
        assert!(!Scan::new(r"(?:(\bab)|(d))").unwrap().word_start);
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
        assert_eq!(p(r"(?<=\s)-\d"), Some(vec!["-".to_string()]));
        assert_eq!(
            p(r"(?i)(?m)\b(?:(that is(?![.,]))|(they're(?=\.)))"),
            Some(vec!["that is".to_string(), "they're".to_string()])
        );
        assert_eq!(p(r"(\w+) \1"), None);
        let bytes = |s: &str| {
            Scan::new(s).unwrap().start_bytes.map(|set| {
                (0..=255u8)
                    .filter(|&b| set[usize::from(b)])
                    .filter(|b| b.is_ascii())
                    .map(char::from)
                    .collect::<String>()
            })
        };
        // Gated by its literal `-` instead.
        assert_eq!(bytes(r"(?<=\s)-\d+(?:\.\d+)?\b"), None);
        assert_eq!(
            bytes(r"(?m)(?:\d{1,2}(?:am|pm))"),
            Some("0123456789".to_string())
        );
        assert_eq!(bytes(r"(?:^|\s)I(?=\s)"), None);
        assert_eq!(bytes(r"[a-z]+[!?]{2,}"), None);
    }

    #[test]
    fn runs_are_the_matches_of_the_patterns_they_stand_for() {
        let texts = [
            "",
            "a",
            " Don't stop-now, café_2 ﬁ ٣٤ ok.",
            "x\u{200D}y \u{A0}z\u{2003}w  ",
            "v\x0Bt\x1Cu\x0C\r\x1F_",
            "日本語 テキスト\n\tend",
        ];
        for pattern in [r"(?:\b(\w+)\b)", r"\w+", r"(?i)([^\s]+)", r"\S+"] {
            let re = regex::Regex::new(pattern).unwrap();
            let scan = Scan::searched(pattern).unwrap();
            assert!(matches!(scan.engine, Engine::Runs { .. }), "{pattern}");
            // Five bytes hold three words at most; else the bound is a match a byte and an
            // empty one at the end.
            let most = if pattern.contains('w') { 3 } else { 6 };
            assert_eq!(scan.most_matches(5), most, "{pattern}");
            for text in texts {
                let expected: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(scan.find_all(text, None), expected, "{pattern} {text:?}");
                for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let next = re.find_at(text, from).map(|m| m.range());
                    assert_eq!(
                        scan.find_from(text, from, None),
                        next,
                        "{pattern} {text:?} {from}"
                    );
                }
            }
        }
    }

    /// Where `scan`'s suffix literals end in `text` (their last bytes), as the gate finds them.
    fn suffix_places(scan: &Scan, text: &str) -> Vec<usize> {
        let lower = text.to_ascii_lowercase();
        let mut at: Vec<usize> = scan
            .suffixes()
            .unwrap()
            .iter()
            .flat_map(|l| {
                // Every occurrence, those that overlap too (`??` twice in `???`).
                let lower = lower.as_bytes();
                (0..lower.len())
                    .filter(|&i| lower[i..].starts_with(l))
                    .map(|i| i + l.len() - 1)
                    .collect::<Vec<_>>()
            })
            .collect();
        at.sort();
        at.dedup();
        at
    }

    #[test]
    fn matches_between_suffix_literals_are_the_search_s() {
        let cases = [
            (r"(?m)(?:\s[—–]\s|\s[—–]|[—–]\s)", "a — b –c d–\ne —— f –"),
            (r"(?m)(?:[a-z]+[!?]{2,})", "wow!! no?! Yes??? a!b!!"),
            (
                r"(?m)(?:(?:[^,]+,){1,}\s\w+\s(?:and|or))",
                "a, b and c, d, e or f and g or",
            ),
            // A match ending at a later literal starts before an earlier one's: joined.
            (r"(?m)(?:\w[^y]*(?:z;|q;)|q;)", "x q; z; . q; x y z; q;"),
            (
                r"(?i)(?m)\b(?:colour|(?:\w+)nised?)\b",
                "Colour recognised; organise, ünise Colours",
            ),
            // Read backwards to the text's start at every literal: past the budget, searched.
            (r"(?m)(?:[^,]+x;)", &"ax; ".repeat(3000)),
        ];
        for (pattern, text) in cases {
            let scan = Scan::new(pattern).unwrap();
            assert!(
                scan.prefixes().is_none() && scan.suffixes().is_some(),
                "{pattern}"
            );
            let at = suffix_places(&scan, text);
            let gated = scan.find_all(
                text,
                Some(Starts {
                    offset: 0,
                    at: &at,
                    ends: true,
                }),
            );
            let re = regex::Regex::new(pattern).unwrap();
            let plain: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(gated, plain, "{pattern} {text:?}");
            assert!(!plain.is_empty(), "{pattern}");
        }
        // A one-character prefix gives way to suffixes of two.
        let quotes = Scan::new(r#"(?m)"[^"]+"[.,?]"#).unwrap();
        assert_eq!(quotes.prefixes(), None);
        let suffixes = [b"\",".to_vec(), b"\".".to_vec(), b"\"?".to_vec()];
        assert_eq!(quotes.suffixes(), Some(&suffixes[..]));
        assert!(Scan::new(r"(?m);").unwrap().prefixes().is_some());
        // Literals met in most words are no gate: `me` of `\bme\b`, white space.
        assert_eq!(Scan::new(r"(?i)\b(?:me|you)\b").unwrap().suffixes(), None);
        assert_eq!(Scan::new(r"[a-z]+\s").unwrap().suffixes(), None);
        // Cut to their last characters, as few as keep them under the bound.
        let periods = Scan::new(r"(?m)\b(?:[A-Z]\.){3,}").unwrap();
        assert_eq!(periods.suffixes().map(<[_]>::len), Some(26));
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
        let gated = scan.find_all(
            text,
            Some(Starts {
                offset: 0,
                at: &at,
                ends: false,
            }),
        );
        let plain = scan.find_all(text, None);
        assert_eq!(gated, plain);
        assert_eq!(plain, vec![0..7, 12..19, 26..37, 47..54]);
    }
}
