//! Overlapping Aho-Corasick search in interleaved lanes.
//!
//! A DFA walk is one dependent table load per byte, so a single walk runs at the memory
//! latency, not the throughput, of the machine (about 3.7 ns a byte for a 4-state table here).
//! Cutting the text into a few lanes and stepping their walks in lockstep lets the loads
//! overlap: each lane starts in the start state at its first byte, which finds every match
//! that starts there or later, and runs on past its end far enough to finish the matches
//! that start inside it. Every match is reported once, by the lane it starts in.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};

/// Walks stepped together; four keep the loads of this machine's cores busy.
const LANES: usize = 4;
/// Below this many bytes a text is walked in one lane: the lanes' set-up is not repaid.
const MIN_LANE_BYTES: usize = 4 << 10;

/// Calls `found(pattern, start, end)` for every overlapping match of `aut` in `haystack`, lane
/// after lane, in order of end offset within each: the order of one walk but for matches that
/// cross a lane border, so callers that sort what they keep sort runs that are nearly sorted.
pub fn for_each_overlapping<A: Automaton>(
    aut: &A,
    haystack: &[u8],
    mut found: impl FnMut(usize, usize, usize),
) {
    let Ok(start) = aut.start_state(Anchored::No) else {
        return;
    };
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
    for step in 0..lane_len {
        for k in 0..LANES {
            let at = starts[k] + step;
            let sid = aut.next_state(Anchored::No, states[k], haystack[at]);
            states[k] = sid;
            if aut.is_special(sid) && aut.is_match(sid) {
                for i in 0..aut.match_len(sid) {
                    let pid = aut.match_pattern(sid, i);
                    if k == 0 {
                        found(pid.as_usize(), at + 1 - aut.pattern_len(pid), at + 1);
                    } else {
                        // Both fit: the text is shorter than 4 GiB, so are pattern ids.
                        pending[k].push((pid.as_u32(), (at + 1) as u32));
                    }
                }
            }
        }
    }
    for k in 0..LANES {
        for &(pid, end) in &pending[k] {
            let pid = aho_corasick::PatternID::new_unchecked(pid as usize);
            let end = end as usize;
            found(pid.as_usize(), end - aut.pattern_len(pid), end);
        }
        let end = if k + 1 == LANES { len } else { starts[k + 1] };
        // The rest of the lane, then the matches that start in it and end past it.
        let from = starts[k] + lane_len;
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

/// Walks `haystack[range]` from state `sid`, reporting the matches that start before `end`;
/// stops once no such match can still end.
fn walk<A: Automaton>(
    aut: &A,
    haystack: &[u8],
    mut sid: StateID,
    range: std::ops::Range<usize>,
    end: usize,
    max_pattern: usize,
    found: &mut impl FnMut(usize, usize, usize),
) {
    let stop = range
        .end
        .min(end.saturating_add(max_pattern.saturating_sub(1)));
    for (at, &byte) in haystack.iter().enumerate().take(stop).skip(range.start) {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_special(sid) && aut.is_match(sid) {
            for i in 0..aut.match_len(sid) {
                let pid = aut.match_pattern(sid, i);
                let start = at + 1 - aut.pattern_len(pid);
                if start < end {
                    found(pid.as_usize(), start, at + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind, dfa::DFA, nfa::contiguous::NFA};
    use proptest::prelude::*;

    fn lanes<A: Automaton>(aut: &A, hay: &[u8]) -> Vec<(usize, usize, usize)> {
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
        let expected = reference(patterns, hay);
        assert_eq!(lanes(&dfa, hay), expected);
        assert_eq!(lanes(&nfa, hay), expected);
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
        #![proptest_config(ProptestConfig::with_cases(64))]
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
