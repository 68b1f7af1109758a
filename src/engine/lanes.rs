//! Overlapping Aho-Corasick search in interleaved lanes.
//!
//! A DFA walk is one dependent table load per byte, so a single walk runs at the memory
//! latency, not the throughput, of the machine, however small the table.
//! Cutting the text into a few lanes and stepping their walks in lockstep lets the loads
//! overlap: each lane starts in the start state at its first byte, which finds every match
//! that starts there or later, and runs on past its end far enough to finish the matches
//! that start inside it. Every match is reported once, by the lane it starts in.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};

/// Walks stepped together; four keep the loads of this machine's cores busy (the step loop is
/// written out for four).
const LANES: usize = 4;
/// Steps of all lanes between two look-ups of the matches they found: the step loop only
/// appends the match states it enters, so its four states and the table stay in registers.
const BLOCK: usize = 256;
const _: () = assert!(BLOCK <= 256, "a block's steps are numbered in a byte");
/// Below this many bytes a lane's set-up is not repaid, and a text shorter than four of them
/// is walked in one lane. Larger values left many articles of 5-50 KB to a single walk.
const MIN_LANE_BYTES: usize = 1 << 10;

/// An automaton for unanchored overlapping search, one byte at a time.
pub trait Walk {
    type State: Copy;
    fn start(&self) -> Self::State;
    fn next(&self, state: Self::State, byte: u8) -> Self::State;
    /// Whether `state` reports matches; checked after every byte, so it must be cheap.
    fn is_match(&self, state: Self::State) -> bool;
    /// Calls `f(pattern)` for each pattern that ends in match state `state`.
    fn for_each_pattern(&self, state: Self::State, f: impl FnMut(usize));
    fn pattern_len(&self, pattern: usize) -> usize;
    fn max_pattern_len(&self) -> usize;
}

/// An `aho-corasick` automaton (the engine's fallback for literal sets too large for
/// [`super::literal_dfa::LiteralDfa`]).
pub struct AhoCorasickAutomaton<'a, A>(pub &'a A);

impl<A: Automaton> Walk for AhoCorasickAutomaton<'_, A> {
    type State = StateID;

    fn start(&self) -> StateID {
        // Unanchored search is what every automaton the engine builds is built for.
        self.0
            .start_state(Anchored::No)
            .expect("unanchored start state")
    }

    #[inline(always)]
    fn next(&self, state: StateID, byte: u8) -> StateID {
        self.0.next_state(Anchored::No, state, byte)
    }

    #[inline(always)]
    fn is_match(&self, state: StateID) -> bool {
        self.0.is_special(state) && self.0.is_match(state)
    }

    fn for_each_pattern(&self, state: StateID, mut f: impl FnMut(usize)) {
        for i in 0..self.0.match_len(state) {
            f(self.0.match_pattern(state, i).as_usize());
        }
    }

    fn pattern_len(&self, pattern: usize) -> usize {
        self.0
            .pattern_len(aho_corasick::PatternID::new_unchecked(pattern))
    }

    fn max_pattern_len(&self) -> usize {
        self.0.max_pattern_len()
    }
}

/// Calls `found(pattern, start, end)` for every overlapping match of `aut` in `haystack`, lane
/// after lane, in order of end offset within each: the order of one walk but for matches that
/// cross a lane border, so callers that sort what they keep sort runs that are nearly sorted.
pub fn for_each_overlapping<W: Walk>(
    aut: &W,
    haystack: &[u8],
    mut found: impl FnMut(usize, usize, usize),
) {
    let start = aut.start();
    let len = haystack.len();
    let max_pattern = aut.max_pattern_len();
    // Matches of the later lanes wait as (pattern, end) pairs of u32.
    if len < LANES * MIN_LANE_BYTES || u32::try_from(len).is_err() {
        walk(aut, haystack, start, 0..len, len, max_pattern, &mut found);
        return;
    }
    let lane_len = len / LANES;
    let starts: [usize; LANES] = std::array::from_fn(|k| k * lane_len);
    let mut states = [start; LANES];
    // The first lane reports as it goes; the others keep their matches until it is done.
    let mut pending: [Vec<(u32, u32)>; LANES] = Default::default();
    // The states of every step of a block: the walk itself only steps and stores (without a
    // branch), and the match states among them are looked up after the block, so the loop keeps
    // its states in registers.
    let mut seen = [[start; LANES]; BLOCK];
    let mut rows = [0u8; BLOCK];
    // Whole blocks only: with their length fixed the step loop reads the lanes without a
    // bounds check; the rest of each lane is walked after, with its tail.
    let blocked = lane_len - lane_len % BLOCK;
    let mut step = 0;
    while step < blocked {
        let [h0, h1, h2, h3]: [&[u8; BLOCK]; LANES] = std::array::from_fn(|k| {
            let at = starts[k] + step;
            haystack[at..at + BLOCK].try_into().expect("a whole block")
        });
        let [mut s0, mut s1, mut s2, mut s3] = states;
        for i in 0..BLOCK {
            s0 = aut.next(s0, h0[i]);
            s1 = aut.next(s1, h1[i]);
            s2 = aut.next(s2, h2[i]);
            s3 = aut.next(s3, h3[i]);
            seen[i] = [s0, s1, s2, s3];
        }
        states = [s0, s1, s2, s3];
        // The steps where a lane entered a match state, gathered without a branch: most steps
        // enter none, and a branch on each would be mispredicted at every one that does.
        let mut count = 0;
        for (i, row) in seen.iter().enumerate() {
            rows[count % BLOCK] = i as u8;
            count += usize::from(row.iter().fold(false, |any, &s| any | aut.is_match(s)));
        }
        for &i in &rows[..count] {
            let i = usize::from(i);
            // The lanes in match states as bits: a test of each would be a branch as hard to
            // predict as the one the gathering avoids.
            let mut lanes = seen[i]
                .iter()
                .enumerate()
                .fold(0u32, |m, (k, &s)| m | u32::from(aut.is_match(s)) << k);
            while lanes != 0 {
                let k = lanes.trailing_zeros() as usize;
                lanes &= lanes - 1;
                let sid = seen[i][k];
                let at = starts[k] + step + i;
                aut.for_each_pattern(sid, |pid| {
                    if k == 0 {
                        found(pid, at + 1 - aut.pattern_len(pid), at + 1);
                    } else {
                        // Both fit: the text is shorter than 4 GiB, so are pattern ids.
                        pending[k].push((pid as u32, (at + 1) as u32));
                    }
                });
            }
        }
        step += BLOCK;
    }
    for k in 0..LANES {
        for &(pid, end) in &pending[k] {
            let (pid, end) = (pid as usize, end as usize);
            found(pid, end - aut.pattern_len(pid), end);
        }
        let end = if k + 1 == LANES { len } else { starts[k + 1] };
        // The rest of the lane, then the matches that start in it and end past it.
        let from = starts[k] + blocked;
        walk(
            aut,
            haystack,
            states[k],
            from..len,
            end,
            max_pattern,
            &mut found,
        );
    }
}
/// Walks `haystack[range]` from `state`, reporting the matches that start before `end`;
/// stops once no such match can still end.
fn walk<W: Walk>(
    aut: &W,
    haystack: &[u8],
    mut state: W::State,
    range: std::ops::Range<usize>,
    end: usize,
    max_pattern: usize,
    found: &mut impl FnMut(usize, usize, usize),
) {
    let stop = range
        .end
        .min(end.saturating_add(max_pattern.saturating_sub(1)));
    for (at, &byte) in haystack.iter().enumerate().take(stop).skip(range.start) {
        state = aut.next(state, byte);
        if aut.is_match(state) {
            aut.for_each_pattern(state, |pid| {
                let start = at + 1 - aut.pattern_len(pid);
                if start < end {
                    found(pid, start, at + 1);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::literal_dfa::LiteralDfa;
    use aho_corasick::{AhoCorasick, MatchKind, dfa::DFA, nfa::contiguous::NFA};
    use proptest::prelude::*;

    fn lanes<W: Walk>(aut: &W, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for_each_overlapping(aut, hay, |p, s, e| out.push((p, s, e)));
        out.sort_unstable();
        out
    }

    fn reference(patterns: &[&str], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap();
        let mut out: Vec<_> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        out.sort_unstable();
        out
    }

    fn check(patterns: &[&str], hay: &[u8]) {
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap();
        let nfa = NFA::builder()
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap();
        let ours = LiteralDfa::new(
            &patterns
                .iter()
                .map(|p| p.as_bytes().to_vec())
                .collect::<Vec<_>>(),
            true,
        )
        .unwrap();
        let expected = reference(patterns, hay);
        assert_eq!(lanes(&AhoCorasickAutomaton(&dfa), hay), expected);
        assert_eq!(lanes(&AhoCorasickAutomaton(&nfa), hay), expected);
        assert_eq!(lanes(&ours, hay), expected);
    }

    #[test]
    fn matches_across_lane_borders_are_reported_once() {
        // Long enough for four lanes; every border falls inside a repeated phrase.
        let unit = "click here to read more, click Here. ";
        let hay = unit.repeat(2 * LANES * MIN_LANE_BYTES / unit.len() + 3);
        check(
            &["click here", "here", "re", "e", "more, click"],
            hay.as_bytes(),
        );
    }

    #[test]
    fn short_texts_and_no_patterns_matching() {
        check(&["abc"], b"");
        check(&["abc"], b"xxabcabc");
        check(&["zzz"], "a".repeat(40_000).as_bytes());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(8, 64)))]
        #[test]
        fn same_matches_as_the_crate(
            hay in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(b'A'), Just(b' ')], 0..40_000),
            patterns in proptest::collection::vec("[abAB ]{1,6}", 1..8),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            check(&patterns, &hay);
        }
    }
}
