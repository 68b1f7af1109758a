//! Where each rule's patterns may match: one Aho-Corasick pass over a document for the prefix
//! literals of every gated [`Scan`](super::check::Scan) of every rule, instead of one
//! pass of each pattern.

use super::check::Starts;
use super::rule::Rule;
use crate::engine::lanes::{AhoCorasickAutomaton, Walk, for_each_overlapping};
use aho_corasick::MatchKind;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous::NFA;
use std::ops::Range;

/// The prefix literals of a rule set's scans, in one automaton.
#[derive(Debug)]
pub struct Gate {
    /// The literals (ASCII letters in lower case), to be found in a text with its ASCII
    /// letters in lower case: every occurrence of every literal.
    automaton: Option<NFA>,
    /// The same as a DFA, made for the first large text: faster to walk than the NFA, but
    /// 22 ms to build, a fifth of the start-up.
    dfa: std::sync::OnceLock<Option<DFA>>,
    /// The literals, for the DFA.
    literals: Vec<Vec<u8>>,
    /// For each literal, the scans it starts (their indexes in rule order), each with whether
    /// the literal is a whole match there when a word boundary follows (see
    /// [`Scan::whole_word`](super::check::Scan::whole_word)).
    owners: Vec<Vec<(u32, bool)>>,
    /// Whether all the scans of each literal start at a word boundary: the literal inside
    /// a word is no place for any of them (most of the literals' occurrences in prose).
    only_at_word_starts: Vec<bool>,
    /// For each rule, the index of its first scan.
    first: Vec<usize>,
    /// Whether each scan is gated (by literals or start bytes).
    gated: Vec<bool>,
    /// Whether each scan's matches start at a word boundary.
    word_start: Vec<bool>,
    /// Whether each scan is gated by the literals its matches end with: its places are where
    /// they end (their last bytes).
    ends: Vec<bool>,
    /// The distinct start-byte sets of the scans without literals (at most 64), each with
    /// its scans.
    byte_sets: Vec<ByteSet>,
}

/// A set of bytes some scans' matches start with (at a word boundary, `word_start`), and
/// those scans.
type ByteSet = ([bool; 256], bool, Vec<u32>);

/// The length of text from which the literals are searched for by a DFA.
const DFA_FROM: usize = 1 << 20;

/// The automaton `build` makes of `literals` (none without any), every occurrence of each. The
/// literals' ASCII letters are in lower case, as the text's are read ([`LOWER`]): a
/// case-insensitive automaton took half as long again to build.
fn automaton<A>(literals: &[Vec<u8>], build: impl FnOnce(&[Vec<u8>]) -> Option<A>) -> Option<A> {
    if literals.is_empty() {
        return None;
    }
    build(literals)
}

/// The NFA of `literals` (see [`automaton`]).
fn nfa(literals: &[Vec<u8>]) -> Option<NFA> {
    let mut builder = aho_corasick::nfa::contiguous::Builder::new();
    builder.match_kind(MatchKind::Standard).prefilter(false);
    automaton(literals, |l| builder.build(l).ok())
}

/// The DFA of `literals` (see [`automaton`]).
fn dfa(literals: &[Vec<u8>]) -> Option<DFA> {
    let mut builder = aho_corasick::dfa::Builder::new();
    builder
        .match_kind(MatchKind::Standard)
        .start_kind(aho_corasick::StartKind::Unanchored)
        .prefilter(false);
    automaton(literals, |l| builder.build(l).ok())
}

/// Each byte with its ASCII letters in lower case.
const LOWER: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    table
};

/// An automaton of the gate walked over a text with its ASCII letters read in lower case, as
/// the literals are kept; walked in lanes by the engine's [`for_each_overlapping`].
struct Lowered<'a, A>(AhoCorasickAutomaton<'a, A>);

impl<A: Automaton> Walk for Lowered<'_, A> {
    type State = StateID;

    fn start(&self) -> StateID {
        self.0.start()
    }

    #[inline(always)]
    fn next(&self, state: StateID, byte: u8) -> StateID {
        self.0.next(state, LOWER[usize::from(byte)])
    }

    #[inline(always)]
    fn is_match(&self, state: StateID) -> bool {
        self.0.is_match(state)
    }

    fn for_each_pattern(&self, state: StateID, f: impl FnMut(usize)) {
        self.0.for_each_pattern(state, f)
    }

    fn pattern_len(&self, pattern: usize) -> usize {
        self.0.pattern_len(pattern)
    }

    fn max_pattern_len(&self) -> usize {
        self.0.max_pattern_len()
    }
}

/// `f` on every occurrence in `bytes` of every literal of `automaton`, in any case of its ASCII
/// letters: the literal's index, and where it starts and ends.
fn each_literal<A: Automaton>(automaton: &A, bytes: &[u8], f: impl FnMut(usize, usize, usize)) {
    for_each_overlapping(&Lowered(AhoCorasickAutomaton(automaton)), bytes, f);
}

/// Whether `b` is an ASCII word character: two together have no word boundary between them.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The places a document's scans may match at.
#[derive(Debug)]
pub struct Hits {
    /// For each scan, where its literals start, sorted; `None` when it is not gated, or its
    /// literals occur so often that searching costs less.
    per_scan: Vec<Option<Vec<usize>>>,
}

impl Gate {
    /// The gate of `rules`.
    pub fn new(rules: &[Rule]) -> Gate {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<(u32, bool)>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut first = Vec::with_capacity(rules.len());
        let mut scans = 0usize;
        let mut byte_sets: Vec<ByteSet> = Vec::new();
        let mut word_start = Vec::new();
        let mut ends = Vec::new();
        for rule in rules {
            first.push(scans);
            for scan in rule.check.scans() {
                word_start.push(scan.word_start());
                // A scan has prefixes or suffixes, never both.
                ends.push(scan.suffixes().is_some());
                if let Some(set) = scan.start_bytes() {
                    let word_start = scan.word_start();
                    match byte_sets
                        .iter()
                        .position(|(s, w, _)| s == set && *w == word_start)
                    {
                        Some(i) => byte_sets[i].2.push(scans as u32),
                        None if byte_sets.len() < 64 => {
                            byte_sets.push((*set, word_start, vec![scans as u32]))
                        }
                        None => {}
                    }
                }
                for literal in scan.prefixes().or(scan.suffixes()).into_iter().flatten() {
                    // In lower case, as the text is read (the scans give them so already).
                    let key = literal.to_ascii_lowercase();
                    let i = *index.entry(key.clone()).or_insert_with(|| {
                        literals.push(key);
                        owners.push(Vec::new());
                        literals.len() - 1
                    });
                    owners[i].push((scans as u32, scan.whole_word(literal)));
                }
                scans += 1;
            }
        }
        let automaton = nfa(&literals);
        let mut gated = vec![false; scans];
        let literal_owners = owners.iter().flatten().map(|&(scan, _)| scan);
        for scan in literal_owners.chain(byte_sets.iter().flat_map(|(_, _, o)| o.iter().copied())) {
            gated[scan as usize] = true;
        }
        let only_at_word_starts = owners
            .iter()
            .map(|of| {
                of.iter()
                    .all(|&(scan, _)| word_start[scan as usize] && !ends[scan as usize])
            })
            .collect();
        Gate {
            automaton,
            dfa: Default::default(),
            only_at_word_starts,
            literals,
            owners,
            first,
            gated,
            word_start,
            ends,
            byte_sets,
        }
    }

    /// The gate of `rules` that finds no literal: every pattern is searched for over the text.
    pub fn searching(rules: &[Rule]) -> Gate {
        let gate = Gate::new(rules);
        Gate {
            automaton: None,
            literals: Vec::new(),
            byte_sets: Vec::new(),
            gated: vec![false; gate.scans()],
            ..gate
        }
    }

    /// How many scans the rules have.
    fn scans(&self) -> usize {
        self.word_start.len()
    }

    /// The indexes of rule `rule`'s scans.
    fn scans_of(&self, rule: usize) -> Range<usize> {
        let to = self.first.get(rule + 1).copied().unwrap_or(self.scans());
        self.first[rule]..to
    }

    /// [`Gate::hits`] when one of the rules `active` (their indexes) has a gated scan; else no
    /// places, without a pass over the text (a section may turn on two of a style's rules).
    pub fn hits_for(&self, text: &str, active: &[usize]) -> Hits {
        if active
            .iter()
            .any(|&rule| self.gated[self.scans_of(rule)].contains(&true))
        {
            self.hits(text)
        } else {
            self.searched()
        }
    }

    /// No places: every scan is searched for.
    fn searched(&self) -> Hits {
        Hits {
            per_scan: vec![None; self.scans()],
        }
    }

    /// Where the literals occur in `text`. A scan whose literals occur more than once every
    /// 32 bytes runs over the text instead: anchoring it that often costs more.
    pub fn hits(&self, text: &str) -> Hits {
        // A case-insensitive pattern's `k` and `s` also match the Kelvin sign and the long s,
        // which the gate's ASCII case folding does not find: such a text is searched. (Looked
        // for as bytes: `str::contains` of two characters decodes every character, 8.8 ms
        // against 1.2 over the bench's 20 MB.)
        let has = |c: &str| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_some();
        if self.automaton.is_none() && self.byte_sets.is_empty()
            || has("\u{212A}")
            || has("\u{17F}")
        {
            return self.searched();
        }
        // A scan whose list is dropped (`None`) is searched for.
        let mut per_scan: Vec<Option<Vec<usize>>> = vec![Some(Vec::new()); self.scans()];
        let cap = text.len() / 32 + 64;
        // All the places together stay within a quarter of the text's length (16 bytes of
        // memory for 8 of text, whatever the text): past it, the scan with the most places
        // is searched instead, again and again.
        let budget = text.len() / 4 + 4096;
        for (set, at) in self.byte_set_hits(text, cap).into_iter().enumerate() {
            for &scan in &self.byte_sets[set].2 {
                per_scan[scan as usize] = at.clone();
            }
        }
        let mut total: usize = per_scan.iter().flatten().map(Vec::len).sum();
        let bytes = text.as_bytes();
        let found = |literal: usize, start: usize, end: usize| {
            // Inside a word, where no `\b` is: `is` in `this`.
            let inside = start > 0 && word_byte(bytes[start - 1]) && word_byte(bytes[start]);
            if inside && self.only_at_word_starts[literal] {
                return;
            }
            // Or a word going on after it: `is` in `island`.
            let cut = end < bytes.len() && word_byte(bytes[end - 1]) && word_byte(bytes[end]);
            for &(scan, whole) in &self.owners[literal] {
                let scan = scan as usize;
                if inside && self.word_start[scan] && !self.ends[scan] || cut && whole {
                    continue;
                }
                if let Some(at) = &mut per_scan[scan] {
                    if at.len() >= cap {
                        total -= at.len();
                        per_scan[scan] = None;
                    } else {
                        at.push(if self.ends[scan] { end - 1 } else { start });
                        total += 1;
                    }
                }
                while total > budget {
                    let Some((most, _)) = per_scan
                        .iter()
                        .enumerate()
                        .filter_map(|(i, at)| Some((i, at.as_ref()?.len())))
                        .max_by_key(|&(_, len)| len)
                    else {
                        break;
                    };
                    total -= per_scan[most].take().map_or(0, |at| at.len());
                }
            }
        };
        if text.len() >= DFA_FROM {
            if let Some(dfa) = self.dfa.get_or_init(|| dfa(&self.literals)) {
                each_literal(dfa, bytes, found);
            }
        } else if let Some(nfa) = &self.automaton {
            each_literal(nfa, bytes, found);
        }
        // Scans without literals run over the text; the others' places, in order.
        for (scan, at) in per_scan.iter_mut().enumerate() {
            match at {
                Some(v) if self.gated[scan] => {
                    v.sort_unstable();
                    v.dedup();
                }
                _ => *at = None,
            }
        }
        Hits { per_scan }
    }
}

impl Gate {
    /// Where each start-byte set's bytes occur in `text` (but inside a word, for the sets of
    /// matches that start at a word boundary: the digits of `2013` after the first); `None`
    /// for a set met more than `cap` times.
    fn byte_set_hits(&self, text: &str, cap: usize) -> Vec<Option<Vec<usize>>> {
        let mut masks = [0u64; 256];
        let mut word_starts = 0u64;
        for (i, (set, word_start, _)) in self.byte_sets.iter().enumerate() {
            for (b, &member) in set.iter().enumerate() {
                if member {
                    masks[b] |= 1 << i;
                }
            }
            if *word_start {
                word_starts |= 1 << i;
            }
        }
        let mut out: Vec<Option<Vec<usize>>> = vec![Some(Vec::new()); self.byte_sets.len()];
        let bytes = text.as_bytes();
        for (at, &b) in bytes.iter().enumerate() {
            let mut mask = masks[usize::from(b)];
            if mask != 0 && at > 0 && word_byte(b) && word_byte(bytes[at - 1]) {
                mask &= !word_starts;
            }
            while mask != 0 {
                let set = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let Some(list) = &mut out[set] else { continue };
                if list.len() < cap {
                    list.push(at);
                } else {
                    out[set] = None;
                    for m in &mut masks {
                        *m &= !(1 << set);
                    }
                }
            }
        }
        out
    }
}

/// Whether blocks, taken mostly in order, hold a place of a rule's scans: a cursor over the
/// places of all of them, so that a rule of sentences does not search each sentence's places.
#[derive(Debug)]
pub struct Cursor {
    at: Vec<usize>,
    next: usize,
    last_start: usize,
}

impl Cursor {
    /// Whether `block` holds one of the places.
    pub fn any_in(&mut self, block: &Range<usize>) -> bool {
        if block.start < self.last_start {
            self.next = self.at.partition_point(|&s| s < block.start);
        } else {
            while self.next < self.at.len() && self.at[self.next] < block.start {
                self.next += 1;
            }
        }
        self.last_start = block.start;
        self.next < self.at.len() && self.at[self.next] < block.end
    }
}

impl Hits {
    /// A cursor over the places of rule `rule`'s scans, if every one of them is gated.
    pub fn cursor(&self, gate: &Gate, rule: usize) -> Option<Cursor> {
        let scans = gate.scans_of(rule);
        if scans.is_empty() {
            return None;
        }
        let mut at = Vec::new();
        for scan in &self.per_scan[scans] {
            at.extend_from_slice(scan.as_ref()?);
        }
        at.sort_unstable();
        Some(Cursor {
            at,
            next: 0,
            last_start: 0,
        })
    }

    /// For each scan of rule `rule` (its index in the gate's rules), where its literals occur
    /// in the block `block` of the text.
    pub fn starts(
        &self,
        gate: &Gate,
        rule: usize,
        block: &Range<usize>,
    ) -> Vec<Option<Starts<'_>>> {
        let mut out = Vec::new();
        self.starts_into(gate, rule, block, &mut out);
        out
    }

    /// [`Hits::starts`], into `out` (cleared first).
    pub fn starts_into<'a>(
        &'a self,
        gate: &Gate,
        rule: usize,
        block: &Range<usize>,
        out: &mut Vec<Option<Starts<'a>>>,
    ) {
        out.clear();
        let scans = gate.scans_of(rule);
        let ends = &gate.ends[scans.clone()];
        out.extend(self.per_scan[scans].iter().zip(ends).map(|(at, &ends)| {
            at.as_ref().map(|at| {
                let lo = at.partition_point(|&s| s < block.start);
                let hi = at.partition_point(|&s| s < block.end);
                Starts {
                    offset: block.start,
                    at: &at[lo..hi],
                    ends,
                }
            })
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vale::rule::{Context, parse};

    fn rule(yaml: &str) -> Rule {
        parse("Test.Rule", yaml, &Context::default()).unwrap()
    }

    #[test]
    fn the_lanes_find_every_occurrence_in_any_case_across_their_bounds() {
        let literals: Vec<Vec<u8>> = ["is", "this", "his", "s t", "t\u{e9}", "isth", "x"]
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect();
        let reference = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&literals)
            .unwrap();
        let (nfa, dfa) = (nfa(&literals).unwrap(), dfa(&literals).unwrap());
        // Every occurrence the walk reports, sorted.
        fn walked<A: Automaton>(automaton: &A, text: &str) -> Vec<[usize; 3]> {
            let mut got = Vec::new();
            each_literal(automaton, text.as_bytes(), |l, s, e| got.push([l, s, e]));
            got.sort_unstable();
            got
        }
        let base = "This is his; tHIS ist t\u{e9}, x. ";
        // Texts of every short length, then lengths past where the text is walked in lanes
        // (4 KB), so that occurrences straddle the lanes' bounds.
        let all = base.repeat(200);
        for len in (0..300).chain((300..=all.len()).step_by(11)) {
            let Some(text) = all.get(..len) else {
                continue;
            };
            let mut want: Vec<[usize; 3]> = reference
                .find_overlapping_iter(text)
                .map(|m| [m.pattern().as_usize(), m.start(), m.end()])
                .collect();
            want.sort_unstable();
            assert_eq!(walked(&nfa, text), want, "{text:?}");
            assert_eq!(walked(&dfa, text), want, "{text:?}");
        }
    }

    /// The places of the first scan of rule `rule` in a text of `len` bytes; `None` when
    /// it is searched.
    fn places(gate: &Gate, hits: &Hits, rule: usize, len: usize) -> Option<Vec<usize>> {
        hits.starts(gate, rule, &(0..len))[0].map(|s| s.at.to_vec())
    }

    #[test]
    fn digits_inside_a_word_are_no_place_for_a_pattern_at_a_word_start() {
        let rules = vec![
            rule("extends: existence\nmessage: x\ntokens: ['\\d{1,2}am']\n"),
            rule("extends: existence\nmessage: x\nnonword: true\ntokens: ['\\d{1,2}am']\n"),
        ];
        let gate = Gate::new(&rules);
        let text = "at 10am and a10am 2013";
        let hits = gate.hits(text);
        let at = |rule: usize| places(&gate, &hits, rule, text.len()).unwrap();
        assert_eq!(at(0), vec![3, 18]);
        assert_eq!(at(1), vec![3, 4, 13, 14, 18, 19, 20, 21]);
    }

    #[test]
    fn no_pass_over_the_text_without_a_gated_rule_on() {
        let rules = vec![
            rule("extends: existence\nmessage: x\ntokens: [be]\n"),
            rule("extends: occurrence\nmessage: x\nmax: 3\ntoken: '\\b(\\w+)\\b'\n"),
        ];
        let gate = Gate::new(&rules);
        let text = "to be or not to be";
        let at = |hits: &Hits| places(&gate, hits, 0, text.len());
        assert_eq!(at(&gate.hits_for(text, &[0, 1])), Some(vec![3, 16]));
        assert_eq!(at(&gate.hits_for(text, &[1])), None);
    }

    #[test]
    fn a_literal_a_word_goes_on_after_is_no_place_for_whole_words() {
        let rules = vec![
            // Vale's tokens: whole words of the literals, `been` as well as `be`.
            rule("extends: existence\nmessage: x\ntokens: [be, been, absentmindedly]\n"),
            // The same literals, not whole words.
            rule("extends: existence\nmessage: x\ntokens: ['be\\w*']\n"),
        ];
        let gate = Gate::new(&rules);
        let text = "be been beer being absentmindedly maybe be_ be-";
        let hits = gate.hits(text);
        let at = |rule: usize| places(&gate, &hits, rule, text.len()).unwrap();
        // `beer` and `being` go on after `be`, `be_` too; `been` is a literal of its own,
        // `-` ends the word.
        assert_eq!(at(0), vec![0, 3, 19, 44]);
        assert_eq!(at(1), vec![0, 3, 8, 13, 40, 44]);
    }

    #[test]
    fn a_pattern_without_prefixes_is_gated_where_its_suffixes_end() {
        let rules = vec![rule(
            "extends: existence\nmessage: x\nnonword: true\ntokens: ['[a-z]+[!?]{2,}']\n",
        )];
        let gate = Gate::new(&rules);
        let text = "Wow!!! So?! ok!";
        let hits = gate.hits(text);
        let starts = hits.starts(&gate, 0, &(0..text.len()));
        let s = starts[0].unwrap();
        // The last bytes of `!!` (twice in `!!!`) and `?!`.
        assert!(s.ends);
        assert_eq!(s.at, &[4, 5, 10]);
    }

    #[test]
    fn hits_are_where_literals_start_in_any_case_and_kelvin_signs_turn_the_gate_off() {
        let rules = vec![
            rule("extends: existence\nmessage: x\nignorecase: true\ntokens: [utilize, leverage]\n"),
            rule("extends: existence\nmessage: x\nnonword: true\ntokens: ['(?<=\\s)-\\d']\n"),
            rule("extends: substitution\nmessage: x\nswap:\n  Kit: kit\n"),
            rule("extends: existence\nmessage: x\nnonword: true\ntokens: ['(?:^|\\s)I(?=\\s)']\n"),
        ];
        let gate = Gate::new(&rules);
        let text = "We Leverage and UTILIZE; a kit -5.";
        let hits = gate.hits(text);
        let whole = 0..text.len();
        let at = |rule: usize| -> Vec<Option<Vec<usize>>> {
            hits.starts(&gate, rule, &whole)
                .iter()
                .map(|s| s.map(|s| s.at.to_vec()))
                .collect()
        };
        assert_eq!(at(0), vec![Some(vec![3, 16])]);
        // Look-around: gated by the bytes its matches start with.
        assert_eq!(at(1), vec![Some(vec![31])]);
        // Matches that may start with white space: searched for.
        assert_eq!(at(3), vec![None]);
        // Case-sensitive `Kit`: its literal found in any case, the pattern then says no.
        assert_eq!(at(2), vec![Some(vec![27])]);
        let block = hits.starts(&gate, 0, &(10..text.len()));
        assert_eq!(
            block[0].map(|s| (s.offset, s.at.to_vec())),
            Some((10, vec![16]))
        );
        // However many places a text has, they take at most a quarter of its length: past
        // that, the scans with the most are searched. Twelve rules of one literal, met once
        // every 40 bytes (under each scan's own cap of one every 32): 120,000 places of 400,000
        // bytes are over the budget of 104,096, and two scans are searched.
        let same: Vec<Rule> = (0..12)
            .map(|_| rule("extends: existence\nmessage: x\ntokens: [kit]\n"))
            .collect();
        let dense = format!("kit{}", " ".repeat(37)).repeat(10_000);
        let gate12 = Gate::new(&same);
        let hits12 = gate12.hits(&dense);
        let lists: Vec<_> = hits12
            .per_scan
            .iter()
            .map(|h| h.as_ref().map(Vec::len))
            .collect();
        assert_eq!(lists.iter().filter(|l| l.is_none()).count(), 2, "{lists:?}");
        assert!(lists.iter().flatten().all(|&n| n == 10_000), "{lists:?}");
        let kept: usize = lists.iter().flatten().sum();
        assert!(kept <= dense.len() / 4 + 4096, "{kept}");
        // A large text is searched by the DFA: the same places, in each copy.
        let copy = format!("{text}{}", " ".repeat(60));
        let large = copy.repeat(DFA_FROM / copy.len() + 1);
        let places = places(&gate, &gate.hits(&large), 0, large.len()).unwrap();
        let expected: Vec<usize> = (0..large.len() / copy.len())
            .flat_map(|k| [3, 16].map(|at| k * copy.len() + at))
            .collect();
        assert_eq!(places, expected);
        let kelvin = gate.hits("a \u{212A}it");
        assert!(kelvin.starts(&gate, 2, &(0..6)).iter().all(Option::is_none));
    }
}
