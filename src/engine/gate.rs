//! Gates: where each regex has to run, worked out from its syntax.
//!
//! A regex runs only where a trigger literal occurred: anchored at it when every match starts
//! with one, over the lines around it when every match contains one and spans a bounded number
//! of line feeds. An inner trigger also says which bytes may stand just before and just after
//! it in a match (`. ` of a lower-case sentence start must be followed by a lower-case letter),
//! so that most occurrences are dropped without opening a window. A prefix trigger says the
//! same with its [`Border`] (`the a` of `\b(?:the a|the an)\b` follows no letter, and the
//! only letter it may precede is the `n` of `the an`), worked out by running the regex's lazy
//! DFA over it. A prefix trigger
//! may also come with confirmation literals, one of which ends every match (`cookies` after
//! `we use`): the regex runs at a trigger only if one of them occurs close enough after it.
//! Working this out parses the regex, extracts literals from it and builds a DFA, far more than
//! start-up can afford for every built-in regex (slowest where inner literals sit among large
//! Unicode classes), so the gates of the built-in regexes are kept in `builtin_gates.rs`,
//! which a test keeps equal to what [`analyse`] gives.

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest run of [`Gate::Inner`]'s `run` bytes looked past after a trigger.
const MAX_RUN: usize = 64;
/// A regex with more trigger literals than this is matched without a prefilter.
const MAX_TRIGGERS: usize = 96;
/// Inner triggers widened by the byte before them ([`widen`]) may number this many.
const MAX_WIDENED: usize = 128;

/// Where a regex needs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Every match starts with a trigger literal: anchored at each one. A match spans at most
    /// `longest` bytes (`None`: no bound), so a confirmation literal that is part of it starts
    /// at most that far after the trigger. When `exclusive`, no trigger starts inside a match
    /// before its confirmation (see [`exclusive_confirms`]), so the confirmation comes before
    /// the next trigger.
    Prefix {
        longest: Option<usize>,
        exclusive: bool,
    },
    /// Every match contains a trigger literal and at most `newlines` line feeds: over the lines
    /// around each one. In every match, one occurrence of a trigger has a byte of `before`
    /// just before it and a byte of `after` just after it, or after a run of bytes of `run`
    /// (more rounds of `[ \t]+` after the ` ` of a trigger `. `). When `widened`, each
    /// trigger starts with that byte of `before` (see [`widen`]).
    Inner {
        newlines: usize,
        before: ByteSet,
        after: ByteSet,
        run: ByteSet,
        widened: bool,
    },
    /// Over the whole text.
    WholeText,
}

impl Gate {
    /// Whether the trigger occurrence `start..end` of `text` may be part of a match: false
    /// only when the bytes (or the characters) around it rule that out.
    pub fn admits(&self, text: &[u8], start: usize, end: usize) -> bool {
        match self {
            Gate::Inner {
                before,
                after,
                run,
                widened,
                ..
            } => {
                // A widened trigger holds the byte before the literal: the literal starts after it.
                let start = start + usize::from(*widened);
                let around =
                    |set: &ByteSet, at: Option<&u8>, char: &dyn Fn() -> Option<char>| match at {
                        Some(&b) => {
                            set.contains(b)
                                && (b < 0x80
                                    || !set.alnum
                                    || char().is_none_or(char::is_alphanumeric))
                        }
                        None => set.is_any(),
                    };
                around(
                    before,
                    start.checked_sub(1).and_then(|i| text.get(i)),
                    &|| char_before(text, start),
                ) && {
                    // A run longer than this is let through, so that a long run of blanks
                    // with a trigger at each of its bytes takes linear time.
                    let limit = text.len().min(end + MAX_RUN);
                    let next = (end..limit)
                        .find(|&i| !run.contains(text[i]))
                        .unwrap_or(limit);
                    next == end + MAX_RUN || around(after, text.get(next), &|| char_at(text, next))
                }
            }
            _ => true,
        }
    }
}

/// The character that ends at `at`, if a whole one does.
fn char_before(text: &[u8], at: usize) -> Option<char> {
    let from = (at.saturating_sub(4)..at)
        .rev()
        .find(|&i| text[i] & 0xC0 != 0x80)?;
    std::str::from_utf8(&text[from..at]).ok()?.chars().next()
}

/// The character that starts at `at`, if a whole one does.
fn char_at(text: &[u8], at: usize) -> Option<char> {
    let len = match text.get(at)? {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    };
    std::str::from_utf8(text.get(at..at + len)?)
        .ok()?
        .chars()
        .next()
}

/// A set of bytes, one bit each, and what is known of the characters outside ASCII that these
/// bytes start or end.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ByteSet {
    bytes: [u64; 4],
    /// Such a character is alphanumeric (`char::is_alphanumeric`): `\p{L}` but not `”`.
    alnum: bool,
}

impl ByteSet {
    /// Every byte: nothing is known.
    pub const ANY: ByteSet = ByteSet::of([u64::MAX; 4], false);
    pub const EMPTY: ByteSet = ByteSet::of([0; 4], true);

    pub const fn of(bytes: [u64; 4], alnum: bool) -> ByteSet {
        ByteSet { bytes, alnum }
    }

    pub fn contains(&self, b: u8) -> bool {
        self.bytes[usize::from(b >> 6)] >> (b & 63) & 1 == 1
    }

    fn is_any(&self) -> bool {
        *self == ByteSet::ANY
    }

    fn add_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.bytes[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    /// Adds the characters of `ranges`, by the bytes that start or end them.
    fn add_chars(&mut self, ranges: impl Iterator<Item = (char, char)>, edge: Edge) {
        for (start, end) in ranges {
            let (lo, hi) = (u32::from(start), u32::from(end));
            if lo < 0x80 {
                self.add_range(lo as u8, hi.min(0x7f) as u8);
            }
            if hi >= 0x80 {
                // UTF-8 lead bytes grow with the code point; every other byte of a multi-byte
                // character is a continuation byte.
                let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                let start = start.max('\u{80}');
                match edge {
                    Edge::First => self.add_range(lead(start), lead(end)),
                    Edge::Last => self.add_range(0x80, 0xbf),
                }
                self.alnum &= (start..=end).all(char::is_alphanumeric);
            }
        }
    }

    fn is_disjoint(&self, other: &ByteSet) -> bool {
        self.bytes.iter().zip(other.bytes).all(|(a, b)| a & b == 0)
    }

    fn union(mut self, other: ByteSet) -> ByteSet {
        for (a, b) in self.bytes.iter_mut().zip(other.bytes) {
            *a |= b;
        }
        self.alnum &= other.alnum;
        self
    }
}

/// Printed as Rust, for `builtin_gates.rs`.
impl std::fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_any() {
            return f.write_str("ByteSet::ANY");
        }
        if *self == ByteSet::EMPTY {
            return f.write_str("ByteSet::EMPTY");
        }
        let [a, b, c, d] = self.bytes;
        write!(
            f,
            "ByteSet::of([{a:#x}, {b:#x}, {c:#x}, {d:#x}], {})",
            self.alnum
        )
    }
}

/// A row of `builtin_gates.rs`: a regex's source, gate, triggers, confirmation literals and
/// the borders of the triggers.
pub type GateRow = (
    &'static str,
    Gate,
    &'static [&'static [u8]],
    &'static [&'static [u8]],
    &'static [Border],
);

/// How a regex is gated, and by which literals (folded to lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gating {
    pub gate: Gate,
    pub triggers: Vec<Vec<u8>>,
    /// For a [`Gate::Prefix`] regex, literals one of which ends every match, or when the gate
    /// is `exclusive` starts a later part of it; empty when there are none worth looking for
    /// (short, or the triggers themselves).
    pub confirms: Vec<Vec<u8>>,
    /// For a [`Gate::Prefix`] regex, indexed like `triggers`: the bytes that may stand around
    /// the trigger when a match starts there. Empty for the other gates.
    pub borders: Vec<Border>,
}

impl Gating {
    fn whole_text() -> Gating {
        Gating {
            gate: Gate::WholeText,
            triggers: Vec::new(),
            confirms: Vec::new(),
            borders: Vec::new(),
        }
    }

    /// The bytes that may stand around trigger `i` ([`Border::ANY`] if nothing is known).
    pub fn border(&self, i: usize) -> Border {
        self.borders.get(i).copied().unwrap_or(Border::ANY)
    }
}

/// The bytes that may stand just before and just after a prefix trigger where a match starts
/// with it: `the a` of `\b(?:…|the a|the an)\b` follows a byte that is not part of a word
/// (not the `h` of `than the a`), and is followed by `n` or a byte that is not part of a word.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Border {
    pub before: ByteSet,
    pub after: ByteSet,
}

impl Border {
    /// Any byte on either side: nothing is known.
    pub const ANY: Border = Border::of(ByteSet::ANY, ByteSet::ANY);

    pub const fn of(before: ByteSet, after: ByteSet) -> Border {
        Border { before, after }
    }

    /// Whether the trigger occurrence `start..end` of `text` may start a match. At either end
    /// of the text it may.
    pub fn admits(&self, text: &[u8], start: usize, end: usize) -> bool {
        (start == 0 || self.before.contains(text[start - 1]))
            && text.get(end).is_none_or(|&b| self.after.contains(b))
    }
}

/// Printed as Rust, for `builtin_gates.rs`.
impl std::fmt::Debug for Border {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == Border::ANY {
            return f.write_str("Border::ANY");
        }
        write!(f, "Border::of({:?}, {:?})", self.before, self.after)
    }
}

/// How `source` is gated: by the literals every match starts with, else by the literals every
/// match contains if its matches span a bounded number of lines, else not at all.
pub fn gate_of(source: &str) -> Gating {
    let table = super::builtin_gates::BUILTIN_GATES;
    match table.binary_search_by(|(s, ..)| (*s).cmp(source)) {
        Ok(i) => {
            let (_, gate, triggers, confirms, borders) = table[i];
            let owned = |set: &[&[u8]]| set.iter().map(|l| l.to_vec()).collect();
            Gating {
                gate,
                triggers: owned(triggers),
                confirms: owned(confirms),
                borders: borders.to_vec(),
            }
        }
        Err(_) => analyse(source),
    }
}

fn analyse(source: &str) -> Gating {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(source)
    else {
        return Gating::whole_text();
    };
    let selective = |l: &Vec<u8>| match l.as_slice() {
        [] => false,
        [b] => !(b.is_ascii_alphanumeric() || b.is_ascii_whitespace()),
        _ => true,
    };
    let prefix_seq = extract(ExtractKind::Prefix, &hir);
    if let Some(prefixes) = literal_set(&prefix_seq)
        && prefixes.iter().all(selective)
    {
        // Short endings (` if`) are too common to be worth confirming.
        let suffixes = literal_set(&extract(ExtractKind::Suffix, &hir))
            .filter(|suffixes| *suffixes != prefixes && suffixes.iter().all(|l| l.len() >= 4));
        let (confirms, exclusive) = match suffixes {
            Some(suffixes) => (suffixes, false),
            None => exclusive_confirms(&hir, &prefixes).map_or((Vec::new(), false), |c| (c, true)),
        };
        let borders = prefix_borders(source, &prefix_seq, &prefixes);
        return Gating {
            gate: Gate::Prefix {
                longest: hir.properties().maximum_len(),
                exclusive,
            },
            triggers: prefixes,
            confirms,
            borders,
        };
    }
    // A whole line is searched per occurrence, so an inner literal must be rarer than a prefix:
    // no single byte of everyday prose punctuation.
    let rare = |l: &Vec<u8>| match l.as_slice() {
        [b] => selective(l) && !b".,;:!?'\"()-".contains(b),
        _ => selective(l),
    };
    match (inner_literals(&hir), max_newlines(&hir)) {
        (Some(inner), Some(newlines)) if inner.literals.iter().all(rare) => {
            let widened = widen(&inner.literals, &inner.before);
            Gating {
                gate: Gate::Inner {
                    newlines,
                    before: inner.before,
                    after: inner.after,
                    run: inner.run,
                    widened: widened.is_some(),
                },
                triggers: widened.unwrap_or(inner.literals),
                confirms: Vec::new(),
                borders: Vec::new(),
            }
        }
        _ => Gating::whole_text(),
    }
}

/// Confirmation literals for a regex whose matches start with one character, one of the
/// `triggers`: the literals one of which starts some later part of every match, where the
/// parts between cannot hold the first character of a trigger. A trigger then starts no match
/// unless such a literal starts after it and no later than the next trigger. The quoted-sentence
/// regex (`[“"](?:[^“”"\n]+\s){2,}[^“”"\s]*\p{Ll}{2}(?P<span>\.[”"] +\p{Ll}+)`) is anchored at
/// every quotation mark and, from a closing one, read on to the next, across lines; with `." `
/// and `.” ` as confirmations it runs only where a quotation ends in a full stop and a space.
/// `None` when there is no such part, or its literals are too short to be rarer than the
/// triggers.
fn exclusive_confirms(hir: &Hir, triggers: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    let mut parts = Vec::new();
    flatten(hir, &mut parts);
    // The first part is the trigger, one character: no other trigger starts inside it.
    let single = |b: &[u8]| {
        let mut chars = std::str::from_utf8(b).ok()?.chars();
        chars.next().filter(|_| chars.next().is_none())
    };
    let one_char = |h: &Hir| match h.kind() {
        HirKind::Class(_) => true,
        HirKind::Literal(l) => single(&l.0).is_some(),
        _ => false,
    };
    // Triggers are matched ignoring ASCII case.
    let chars: Option<Vec<char>> = triggers.iter().map(|t| single(t)).collect();
    let (Some(chars), true) = (chars, parts.first().is_some_and(|&p| one_char(p))) else {
        return None;
    };
    let chars: Vec<char> = chars
        .into_iter()
        .flat_map(|c| [c, c.to_ascii_uppercase()])
        .collect();
    let mut best: Option<Vec<Vec<u8>>> = None;
    for k in 1..parts.len() {
        let rest = Hir::concat(parts[k..].iter().map(|&p| p.clone()).collect());
        if let Some(literals) = literal_set(&extract(ExtractKind::Prefix, &rest))
            && literals.iter().all(|l| l.len() >= 3)
            && literals != triggers
            && best
                .as_ref()
                .is_none_or(|b| shortest(&literals) > shortest(b))
        {
            best = Some(literals);
        }
        // Past a part that may hold a trigger, no later part will do.
        if may_hold(parts[k], &chars) {
            break;
        }
    }
    best
}

/// The length of the shortest of `literals`: the longer, the rarer the set.
fn shortest(literals: &[Vec<u8>]) -> usize {
    literals.iter().map(Vec::len).min().unwrap_or(0)
}

/// Whether a match of `hir` may hold one of `chars`: false only when no class of it holds
/// one, and no literal or class of bytes holds the first byte of one (bytes need not make
/// whole characters).
fn may_hold(hir: &Hir, chars: &[char]) -> bool {
    let first = |c: &char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => chars.iter().any(|c| l.0.contains(&first(c))),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|r| {
            chars
                .iter()
                .any(|c| (r.start()..=r.end()).contains(&first(c)))
        }),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .any(|r| chars.iter().any(|c| (r.start()..=r.end()).contains(c))),
        HirKind::Repetition(r) => r.max != Some(0) && may_hold(&r.sub, chars),
        HirKind::Capture(c) => may_hold(&c.sub, chars),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().any(|p| may_hold(p, chars))
        }
    }
}

/// The inner `literals` with each byte of `before` put in front, when they are runs of one
/// blank that `before` does not hold (`  ` for `[\p{L}\p{N},;] {2,}`). Blanks come in runs
/// (indentation, two spaces after a full stop), such a literal occurs at every byte of a run
/// but the last, and every occurrence but the first has a blank before it: the gate rejected
/// them, but only after the automaton had reported each one. In the licence texts of the
/// benchmark that was 862 K of the 1.36 M matches of 30 MB, for 6 K double spaces after a
/// word. With the byte before in the trigger only the occurrences after a byte that may start
/// a match are reported. The gate still reads that byte (for the character it ends), and a
/// trigger never spans a line feed, so the line windows stay the same. Runs of other bytes
/// (`..`, `''`) are rare, and widening them would only grow the automaton.
fn widen(literals: &[Vec<u8>], before: &ByteSet) -> Option<Vec<Vec<u8>>> {
    let repeated = |l: &Vec<u8>| {
        l.len() >= 2
            && matches!(l[0], b' ' | b'\t')
            && l.iter().all(|&b| b == l[0])
            && !before.contains(l[0])
    };
    if before.is_any() || !literals.iter().all(repeated) || before.contains(b'\n') {
        return None;
    }
    // Triggers are matched ignoring ASCII case, and kept in lower case.
    let mut leads: Vec<u8> = (0..=255u8)
        .filter(|&b| before.contains(b))
        .map(|b| b.to_ascii_lowercase())
        .collect();
    leads.sort_unstable();
    leads.dedup();
    if leads.is_empty() || leads.len() * literals.len() > MAX_WIDENED {
        return None;
    }
    let mut out: Vec<Vec<u8>> = leads
        .iter()
        .flat_map(|&lead| literals.iter().map(move |l| [&[lead], &l[..]].concat()))
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// For each of `triggers` (the literals of `seq` folded to lower case, sorted), the bytes that
/// may stand around it where a match of `source` starts with it. Every match starts with a
/// literal of `seq`; the regex's DFA, started anchored after the byte before the match, does
/// not die on that literal nor on the byte after it (on the way to the match's end, or into
/// the delayed match state after it). So for each kind of byte a start state depends on, the
/// DFA is run over each literal: where it lives, bytes of that kind may come before the
/// trigger, and the bytes it does not die on may come after. The DFA is lazy, so only the
/// states these few bytes reach are built; where it cannot answer (a character outside ASCII
/// next to a Unicode `\b`, a full cache), any byte may stand there.
fn prefix_borders(source: &str, seq: &Seq, triggers: &[Vec<u8>]) -> Vec<Border> {
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::nfa::thompson;
    use regex_automata::util::start;
    let any = vec![Border::ANY; triggers.len()];
    let (Some(literals), Ok(dfa)) = (
        seq.literals(),
        DFA::builder()
            // As the engine compiles it (`super::compile`).
            .syntax(super::syntax())
            // A regex too large to compile is reported by `super::compile`, not built here.
            .thompson(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(super::REGEX_SIZE_LIMIT)),
            )
            .configure(
                DFA::config()
                    .unicode_word_boundary(true)
                    .cache_capacity(BORDER_CACHE),
            )
            .build(source),
    ) else {
        return any;
    };
    let mut cache = dfa.create_cache();
    let set = |ranges: &[(u8, u8)]| {
        let mut set = ByteSet::EMPTY;
        for &(lo, hi) in ranges {
            set.add_range(lo, hi);
        }
        set
    };
    // One byte of each kind a start state depends on, with the bytes of its kind: a line
    // feed, a carriage return, a word byte, any other. A character outside ASCII is a word
    // character or not, so both of the last two kinds take its bytes. (The start of the text
    // is always admitted, see `Border::admits`.)
    let kinds = [
        (b'\n', set(&[(b'\n', b'\n')])),
        (b'\r', set(&[(b'\r', b'\r')])),
        (
            b'a',
            set(&[
                (b'0', b'9'),
                (b'A', b'Z'),
                (b'_', b'_'),
                (b'a', b'z'),
                (0x80, 0xff),
            ]),
        ),
        (
            b' ',
            set(&[
                (0, b'\t'),
                (0x0b, 0x0c),
                (0x0e, b'/'),
                (b':', b'@'),
                (b'[', b'^'),
                (b'`', b'`'),
                (b'{', 0xff),
            ]),
        ),
    ];
    let none = Border::of(ByteSet::EMPTY, ByteSet::EMPTY);
    let mut borders = vec![none; triggers.len()];
    for literal in literals {
        let folded = literal.as_bytes().to_ascii_lowercase();
        let Ok(i) = triggers.binary_search(&folded) else {
            return any;
        };
        for (byte, kind) in kinds {
            let config = start::Config::new()
                .anchored(regex_automata::Anchored::Yes)
                .look_behind(Some(byte));
            let border = &mut borders[i];
            match after_literal(&dfa, &mut cache, &config, literal.as_bytes()) {
                Ok(Some(after)) => {
                    border.before = border.before.union(kind);
                    border.after = border.after.union(after);
                }
                Ok(None) => {}
                Err(()) => *border = Border::ANY,
            }
        }
    }
    // The state ids of a cache that was cleared are stale: nothing can be relied on.
    if cache.clear_count() > 0 {
        return any;
    }
    // `alnum` is for the characters an inner gate decodes; a border tests bytes only.
    for border in &mut borders {
        border.before.alnum = false;
        border.after.alnum = false;
    }
    borders
}

/// Room for the lazy DFA's states when [`prefix_borders`] runs it (a few thousand at most).
const BORDER_CACHE: usize = 8 << 20;

/// The bytes on which `dfa`, from the start state of `config`, does not die after `literal`,
/// or `None` if it dies within it; `Err` when it cannot tell.
fn after_literal(
    dfa: &regex_automata::hybrid::dfa::DFA,
    cache: &mut regex_automata::hybrid::dfa::Cache,
    config: &regex_automata::util::start::Config,
    literal: &[u8],
) -> Result<Option<ByteSet>, ()> {
    let mut sid = dfa.start_state(cache, config).map_err(|_| ())?;
    for &b in literal {
        sid = dfa.next_state(cache, sid, b).map_err(|_| ())?;
        if sid.is_quit() {
            return Err(());
        }
        if sid.is_dead() {
            return Ok(None);
        }
    }
    let mut after = ByteSet::EMPTY;
    for b in 0..=255u8 {
        if !dfa.next_state(cache, sid, b).map_err(|_| ())?.is_dead() {
            after.add_range(b, b);
        }
    }
    Ok(Some(after))
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
    folded_literals(seq, MAX_TRIGGERS)
}

/// The literals of `seq` with their ASCII letters in lower case, each once, if `seq` is finite,
/// has at most `max` of them and none is empty: literals a case-insensitive search finds.
pub(crate) fn folded_literals(seq: &Seq, max: usize) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    (!out.is_empty() && out.len() <= max && out.iter().all(|l| !l.is_empty())).then_some(out)
}

/// Literals one of which every match contains, with the bytes that may stand around it.
struct Inner {
    literals: Vec<Vec<u8>>,
    before: ByteSet,
    after: ByteSet,
    run: ByteSet,
}

/// The best set of literals one of which every match of `hir` contains: the prefixes of one
/// part of its top-level concatenation, or the suffixes of one part followed by the prefixes of
/// the next (`[ \t]+` then `[.,]` gives ` .`, ` ,`, `\t.`, `\t,`). Best means the longest
/// shortest literal, then the fewest literals.
fn inner_literals(hir: &Hir) -> Option<Inner> {
    let mut parts = Vec::new();
    flatten(hir, &mut parts);
    let mut candidates: Vec<Inner> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let prefixes = extract(ExtractKind::Prefix, part);
        if let Some(literals) = literal_set(&prefixes) {
            let (after, run) = after_prefix(&parts, k, &prefixes);
            candidates.push(Inner {
                literals,
                before: before_part(&parts, k),
                after,
                run,
            });
        }
    }
    for (k, pair) in parts.windows(2).enumerate() {
        let suffixes = extract(ExtractKind::Suffix, pair[0]);
        let prefixes = extract(ExtractKind::Prefix, pair[1]);
        let (Some(s), Some(p)) = (suffixes.literals(), prefixes.literals()) else {
            continue;
        };
        if s.len() * p.len() > MAX_TRIGGERS {
            continue;
        }
        // A suffix ends a match of the first part wherever it came from, so it is crossed as
        // if it were exact.
        let mut crossed = Seq::new(s.iter().map(|l| l.as_bytes()));
        crossed.cross_forward(&mut prefixes.clone());
        if let Some(literals) = literal_set(&crossed) {
            // The literal starts where the first part does only when a suffix is all of it.
            let before = if suffixes.is_exact() {
                before_part(&parts, k)
            } else {
                ByteSet::ANY
            };
            let (after, run) = after_prefix(&parts, k + 1, &prefixes);
            candidates.push(Inner {
                literals,
                before,
                after,
                run,
            });
        }
    }
    candidates.into_iter().max_by_key(|set| {
        (
            shortest(&set.literals),
            std::cmp::Reverse(set.literals.len()),
        )
    })
}

/// The bytes a match may have just before `parts[k]`: the last bytes of the parts before it,
/// or any byte when they may all be empty (the byte is then outside the match).
fn before_part(parts: &[&Hir], k: usize) -> ByteSet {
    known(sequence_edge(&parts[..k], Edge::Last))
}

/// A match's edge bytes next to a sequence of parts, or any byte when the sequence may be empty
/// (the byte is then outside it).
fn known((bytes, empty): (ByteSet, bool)) -> ByteSet {
    if empty { ByteSet::ANY } else { bytes }
}

/// The bytes a match may have just after one of the literals of `prefixes`, the prefixes of
/// `parts[k]`, and the bytes of a run that may come between: the first bytes of what follows
/// the part when the literals are all of it, of another round too when the part repeats
/// something the literals are one round of; else any byte. A repeated single byte (`[ \t]+`)
/// that cannot start what follows is a run to look past instead.
fn after_prefix(parts: &[&Hir], k: usize, prefixes: &Seq) -> (ByteSet, ByteSet) {
    let rest = || known(sequence_edge(&parts[k + 1..], Edge::First));
    if prefixes.is_exact() {
        return (rest(), ByteSet::EMPTY);
    }
    let HirKind::Repetition(rep) = unwrap_captures(parts[k]).kind() else {
        return (ByteSet::ANY, ByteSet::EMPTY);
    };
    let round = rep.sub.properties().minimum_len();
    let one_round = round.is_some()
        && round == rep.sub.properties().maximum_len()
        && prefixes
            .literals()
            .is_some_and(|ls| ls.iter().all(|l| Some(l.len()) == round));
    if !one_round || rep.min == 0 {
        return (ByteSet::ANY, ByteSet::EMPTY);
    }
    let (rounds, rest) = (edge_bytes(&rep.sub, Edge::First).0, rest());
    if rep.min == 1 && rep.max != Some(1) && round == Some(1) && rounds.is_disjoint(&rest) {
        return (rest, rounds);
    }
    let mut set = ByteSet::EMPTY;
    if rep.max != Some(1) {
        set = rounds;
    }
    if rep.min == 1 {
        set = set.union(rest);
    }
    (set, ByteSet::EMPTY)
}

/// [`edge_bytes`] of `parts` in sequence: those of each part from the edge inwards, until one
/// cannot be empty.
fn sequence_edge(parts: &[&Hir], edge: Edge) -> (ByteSet, bool) {
    let mut set = ByteSet::EMPTY;
    let mut step = |part: &&Hir| {
        let (bytes, empty) = edge_bytes(part, edge);
        set = set.union(bytes);
        !empty
    };
    let ended = match edge {
        Edge::First => parts.iter().any(&mut step),
        Edge::Last => parts.iter().rev().any(&mut step),
    };
    (set, !ended)
}

fn unwrap_captures(hir: &Hir) -> &Hir {
    match hir.kind() {
        HirKind::Capture(c) => unwrap_captures(&c.sub),
        _ => hir,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Edge {
    First,
    Last,
}

/// The bytes a non-empty match of `hir` may start (or end) with, and whether it may match the
/// empty string. A superset is safe: it only lets more occurrences through.
fn edge_bytes(hir: &Hir, edge: Edge) -> (ByteSet, bool) {
    let mut set = ByteSet::EMPTY;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (set, true),
        HirKind::Literal(l) => {
            let b = if edge == Edge::First {
                l.0.first()
            } else {
                l.0.last()
            };
            match b {
                Some(&b) => {
                    set.add_range(b, b);
                    // The character at the edge, where the literal is whole characters.
                    let text = std::str::from_utf8(&l.0).ok();
                    let c = text.and_then(|t| match edge {
                        Edge::First => t.chars().next(),
                        Edge::Last => t.chars().next_back(),
                    });
                    set.alnum = c.is_some_and(|c| c.is_ascii() || c.is_alphanumeric());
                    (set, false)
                }
                None => (set, true),
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                set.add_range(r.start(), r.end());
            }
            // Bytes outside ASCII need not be whole characters.
            set.alnum = c.is_ascii();
            (set, false)
        }
        HirKind::Class(Class::Unicode(c)) => {
            set.add_chars(c.ranges().iter().map(|r| (r.start(), r.end())), edge);
            (set, false)
        }
        HirKind::Repetition(r) => {
            let (bytes, empty) = edge_bytes(&r.sub, edge);
            (bytes, empty || r.min == 0)
        }
        HirKind::Capture(c) => edge_bytes(&c.sub, edge),
        HirKind::Concat(parts) => {
            let parts: Vec<&Hir> = parts.iter().collect();
            sequence_edge(&parts, edge)
        }
        HirKind::Alternation(alternatives) => {
            let mut any_empty = false;
            for alternative in alternatives {
                let (bytes, empty) = edge_bytes(alternative, edge);
                set = set.union(bytes);
                any_empty |= empty;
            }
            (set, any_empty)
        }
    }
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
        let g = analyse(r"\bclick here\b");
        assert_eq!(
            g.gate,
            Gate::Prefix {
                longest: Some(10),
                exclusive: false
            }
        );
        assert_eq!(strings(&g.triggers), ["click here"]);
        // The ending is the trigger itself: nothing to confirm.
        assert!(g.confirms.is_empty());
        // Suffixes of one part crossed with the prefixes of the next.
        let Gating {
            gate, triggers: t, ..
        } = analyse(r"\p{L}(?P<span>[ \t]+)[.,]");
        let any = ByteSet::ANY;
        assert_eq!(
            gate,
            Gate::Inner {
                newlines: 0,
                before: any,
                after: any,
                run: ByteSet::EMPTY,
                widened: false,
            }
        );
        assert_eq!(strings(&t), ["\t,", "\t.", " ,", " ."]);
        // `\s` may be a line feed: the lines either side are searched too.
        let Gating {
            gate, triggers: t, ..
        } = analyse(r"\p{L}(?P<span>\.\.)(?:\s|$)");
        assert_eq!(strings(&t), [".."]);
        let Gate::Inner {
            newlines: 1,
            before,
            after,
            ..
        } = gate
        else {
            panic!("{gate:?}");
        };
        // A letter, or the last byte of one; `$` may follow, so anything may.
        assert!(before.contains(b'x') && before.contains(0xa9) && !before.contains(b' '));
        assert_eq!(after, ByteSet::ANY);
        // No literal, or one too common to gate on, or matches of unbounded line count.
        for ungated in [
            r"\p{Lu}{3,}",
            r"\p{L}\.\p{L}",
            r"\p{L}“\s+\p{L}",
            r"a[^b]*\.\.",
        ] {
            assert_eq!(analyse(ungated), Gating::whole_text(), "{ungated}");
        }
    }

    #[test]
    fn prefix_gates_are_confirmed_by_the_endings_of_matches() {
        // Case-insensitive: the variants with `ſ` and the Kelvin sign are literals too.
        let g = analyse(r"(?i:\b(?:this site|we) uses? cookies\b)");
        assert!(
            g.triggers.contains(&b"we ".to_vec()),
            "{:?}",
            strings(&g.triggers)
        );
        assert!(
            g.confirms.contains(&b" cookies".to_vec()),
            "{:?}",
            strings(&g.confirms)
        );
        assert!(g.confirms.iter().all(|c| c.starts_with(b" coo")));
        assert_eq!(
            g.gate,
            Gate::Prefix {
                longest: Some(29),
                exclusive: false
            }
        );
        // An optional ending gives both endings; an unbounded middle, no bound.
        let g = analyse(r"copyright[^\n]*reserved\.?");
        assert_eq!(strings(&g.confirms), ["reserved", "reserved."]);
        assert_eq!(
            g.gate,
            Gate::Prefix {
                longest: None,
                exclusive: false
            }
        );
        // Endings too short or too many to be worth a look.
        assert!(analyse(r"\bif\s+\w+\s+if\b").confirms.is_empty());
        assert!(
            analyse(r"\bif\s+\w+\s+if\b").gate
                == Gate::Prefix {
                    longest: None,
                    exclusive: false
                }
        );
        assert!(analyse(r"open\p{L}").confirms.is_empty());
        // No trigger inside a match before `." ` or `.” `: those confirm, before the next one.
        let quoted = r#"[“"](?:[^“”"\n]+\s){2,}[^“”"\s]*\p{Ll}{2}(?P<span>\.[”"] +\p{Ll}+)"#;
        let g = analyse(quoted);
        assert_eq!(
            g.gate,
            Gate::Prefix {
                longest: None,
                exclusive: true
            }
        );
        assert_eq!(strings(&g.confirms), [".\" ", ".” "]);
        // A middle that may hold a quotation mark, or a trigger longer than one character.
        for source in [
            r#""[^\n]*\. [a-z]"#,
            r#""ab[^"]*\. [a-z]"#,
            r"[“”](?:[^\n]+\s)+\. [a-z]",
        ] {
            let g = analyse(source);
            assert!(g.confirms.is_empty(), "{source} {:?}", strings(&g.confirms));
        }
    }

    #[test]
    fn inner_triggers_are_dropped_where_the_bytes_around_them_rule_out_a_match() {
        let admits = |source: &str, text: &str, trigger: &str| {
            let Gating { gate, triggers, .. } = analyse(source);
            assert!(
                triggers.contains(&trigger.as_bytes().to_vec()),
                "{triggers:?}"
            );
            let at = text.find(trigger).unwrap();
            gate.admits(text.as_bytes(), at, at + trigger.len())
        };
        // A full stop after a lower-case letter, blanks, then a lower-case letter.
        let sentence = r"\p{L}*\p{Ll}\.[ \t]+(?P<span>\p{Ll}+)(?:[^\p{L}\p{N}\p{M}_]|$)";
        assert!(admits(sentence, "end. the", ". "));
        assert!(admits(sentence, "end.  the", ". "));
        assert!(admits(sentence, "café. été", ". "));
        // Outside ASCII the character is read: a closing quote is no lower-case letter.
        assert!(!admits(sentence, "back”. saying", ". "));
        assert!(!admits(sentence, "end. “the", ". "));
        // Past more blanks: the first byte after them.
        assert!(admits(sentence, "end. \t  the", ". "));
        assert!(!admits(sentence, "end.   The", ". "));
        assert!(!admits(sentence, "end.   ", ". "));
        // A run too long to look past is let through.
        assert!(admits(
            sentence,
            &format!("end.{}The", " ".repeat(80)),
            ". "
        ));
        assert!(!admits(sentence, "end. The", ". "));
        assert!(!admits(sentence, "END. the", ". "));
        assert!(!admits(sentence, ". the", ". "));
        // Two spaces between a word and a word: the byte before is part of the trigger, so a
        // run of blanks is reported once, where it follows a byte that may end a word.
        let double = r"[\p{L}\p{N},;](?: (?P<span> +))[\p{L}\p{N}]";
        let Gating { gate, triggers, .. } = analyse(double);
        assert!(
            matches!(gate, Gate::Inner { widened: true, .. }),
            "{gate:?}"
        );
        assert!(!triggers.contains(&b"  ".to_vec()));
        for t in ["a  ", "z  ", "0  ", ",  ", ";  "] {
            assert!(triggers.contains(&t.as_bytes().to_vec()), "{t}");
        }
        assert!(triggers.contains(&b"\xa9  ".to_vec()));
        let reported = |text: &str| {
            let lower = text.to_ascii_lowercase();
            let (lower, bytes) = (lower.as_bytes(), text.as_bytes());
            (0..bytes.len())
                .filter(|&i| {
                    triggers
                        .iter()
                        .any(|t| lower[i..].starts_with(t) && gate.admits(bytes, i, i + t.len()))
                })
                .collect::<Vec<usize>>()
        };
        assert_eq!(reported("the  charity"), [2]);
        assert_eq!(reported("The  Charity"), [2]);
        assert_eq!(reported("first,   second"), [5]);
        assert_eq!(reported("été  ça"), [4]);
        assert!(reported("“word”  next").is_empty());
        assert!(reported("word  “next").is_empty());
        assert!(reported("end.  The").is_empty());
        assert!(reported("\n    indented").is_empty());
        assert!(reported("a  ,").is_empty());
        assert!(reported("a  ").is_empty());
        assert_eq!(
            analyse(r"\p{L}(?P<span>\.\.)(?:\s|$)").triggers,
            [b"..".to_vec()]
        );
        // A literal that is one round of a repetition: another round or what follows it.
        let gate = analyse(r"\p{L}(?:ab)+\p{N}").gate;
        assert!(gate.admits(b"xaba", 1, 3) && gate.admits(b"xab1", 1, 3));
        assert!(!gate.admits(b"xab!", 1, 3));
        // Rounds of different lengths: nothing is known of what follows.
        let Gating {
            gate, triggers: t, ..
        } = analyse(r"\p{L}(?:abc|de)+\p{N}");
        assert_eq!(strings(&t), ["abc", "de"]);
        assert!(gate.admits(b"xde!", 1, 3));
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
             use super::gate::{Border, ByteSet, Gate, GateRow};\n\n\
             #[rustfmt::skip]\n\
             pub static BUILTIN_GATES: &[GateRow] = &[\n",
        );
        let list = |set: &[Vec<u8>]| {
            let items: Vec<String> = set
                .iter()
                .map(|l| format!("b\"{}\"", l.escape_ascii()))
                .collect();
            format!("&[{}]", items.join(", "))
        };
        for source in sources {
            let Gating {
                gate,
                triggers,
                confirms,
                borders,
            } = analyse(source);
            let borders: Vec<String> = borders.iter().map(|b| format!("{b:?}")).collect();
            out.push_str(&format!(
                "    ({source:?}, Gate::{gate:?}, {}, {}, &[{}]),\n",
                list(&triggers),
                list(&confirms),
                borders.join(", ")
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
