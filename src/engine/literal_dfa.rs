//! The literal automaton as a dense Aho-Corasick DFA, built straight from the literals.
//!
//! `aho-corasick`'s own DFA goes through two NFAs and takes longer to build for the packs'
//! literals than a hook linting one article can repay, so the engine used to walk the crate's
//! contiguous NFA (several times slower a byte) for the first megabytes of a run. Here the trie
//! is built from the sorted patterns and laid out as the DFA's table in one breadth-first pass,
//! a state's row being a copy of its failure state's row with its own children written over
//! it, quicker than the crate builds its NFA, so every document is walked at one table load a
//! byte from the first (docs/performance.md has the figures).

use super::lanes::Walk;

/// Largest number of (state, pattern) output entries, bounding lists such as `a`, `aa`, `aaa`,
/// … where every state reports every shorter pattern.
const MAX_OUTPUTS: usize = 4 << 20;
/// Set in a transition whose target reports matches, so a walk tests the value it just loaded
/// instead of looking the state up.
const MATCH: u16 = 1 << 15;
/// States are numbered in the other 15 bits (the table is then at most 16 MiB); larger literal
/// sets go to `aho-corasick`.
const MAX_STATES: usize = MATCH as usize;

/// A dense DFA for overlapping (standard) Aho-Corasick search, optionally ASCII case-blind.
///
/// A state is its row number in `trans`, with [`MATCH`] set if it reports matches; 0 is the
/// start state.
#[derive(Debug)]
pub struct LiteralDfa {
    /// Byte → column; bytes that occur in no literal share column 0.
    classes: [u8; 256],
    stride: u32,
    trans: Vec<u16>,
    /// State `i`'s patterns are `outputs[outputs_of[i].0..outputs_of[i].1]`.
    outputs_of: Vec<(u32, u32)>,
    outputs: Vec<u32>,
    pattern_lens: Vec<u32>,
    max_pattern_len: usize,
}

impl LiteralDfa {
    /// Builds the DFA of `patterns`, or `None` when it would exceed the size limits (or a
    /// pattern is empty: it would match everywhere, and no rule has one, or all 256 byte
    /// values occur in the patterns).
    pub fn new(patterns: &[Vec<u8>], ascii_case_insensitive: bool) -> Option<LiteralDfa> {
        let fold = |b: u8| {
            if ascii_case_insensitive {
                b.to_ascii_lowercase()
            } else {
                b
            }
        };
        let mut used = [false; 256];
        for p in patterns {
            if p.is_empty() {
                return None;
            }
            for &b in p {
                used[usize::from(fold(b))] = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut stride = 1usize;
        for b in 0..=255u8 {
            if used[usize::from(b)] {
                classes[usize::from(b)] = u8::try_from(stride).ok()?;
                stride += 1;
            }
        }
        if ascii_case_insensitive {
            for b in b'A'..=b'Z' {
                classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
            }
        }
        // The trie, from the patterns in the order of their class strings: each one shares
        // the path of the one before as far as their common prefix. Building it apart from the
        // table means the table's pages are only ever written (a read of a fresh page maps the
        // zero page, and the write after it faults a second time).
        let keys: Vec<Vec<u8>> = patterns
            .iter()
            .map(|p| p.iter().map(|&b| classes[usize::from(b)]).collect())
            .collect();
        let mut sorted: Vec<usize> = (0..patterns.len()).collect();
        sorted.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
        let mut states = 1usize;
        let mut own: Vec<(u16, u32)> = Vec::with_capacity(patterns.len());
        // (parent, class, child), grouped by parent below.
        let mut edges: Vec<(u16, u8, u16)> = Vec::new();
        // The states along the previous pattern's path; `path[0]` is the root.
        let mut path: Vec<u16> = vec![0];
        let mut previous: &[u8] = &[];
        for &pid in &sorted {
            let key = &keys[pid][..];
            let common = key.iter().zip(previous).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &c in &key[common..] {
                if states == MAX_STATES {
                    return None;
                }
                edges.push((path[path.len() - 1], c, states as u16));
                path.push(states as u16);
                states += 1;
            }
            own.push((path[key.len()], pid as u32));
            previous = key;
        }
        // In the order of the class strings, a pattern ends on a state numbered after those of
        // the patterns before it, or on the same one (only a prefix could end earlier, and a
        // prefix sorts first): `own` is in state order already.
        debug_assert!(own.is_sorted());
        let mut first_edge = vec![0u32; states + 1];
        for &(parent, _, _) in &edges {
            first_edge[usize::from(parent) + 1] += 1;
        }
        for s in 0..states {
            first_edge[s + 1] += first_edge[s];
        }
        // Grouped by parent with a counting sort: the counts are there already.
        let mut slot = first_edge.clone();
        let mut grouped = vec![(0u16, 0u8, 0u16); edges.len()];
        for &edge in &edges {
            let at = &mut slot[usize::from(edge.0)];
            grouped[*at as usize] = edge;
            *at += 1;
        }
        let edges = grouped;
        let mut own_range = vec![(0u32, 0u32); states];
        let mut i = 0;
        while i < own.len() {
            let s = own[i].0;
            let from = i;
            while i < own.len() && own[i].0 == s {
                i += 1;
            }
            own_range[usize::from(s)] = (from as u32, i as u32);
        }

        // Breadth first, so that a state's failure state (shallower) has its row and outputs
        // complete: a state's row is its failure state's row with its own children written
        // over it, and its outputs are its own patterns, then its failure state's.
        // Padded to a power of two for `next`'s mask; the padding is never written, so its
        // pages are never touched.
        let mut trans = vec![0u16; (states * stride).next_power_of_two()];
        let mut fail = vec![0u16; states];
        let mut is_match = vec![false; states];
        let mut span = vec![(0u32, 0u32); states];
        let mut outputs: Vec<u32> = Vec::new();
        let mut order = Vec::with_capacity(states);
        order.push(0u16);
        let mut next = 0;
        while next < order.len() {
            let s = usize::from(order[next]);
            next += 1;
            let f = usize::from(fail[s]);
            let row = s * stride..(s + 1) * stride;
            if s != 0 {
                trans.copy_within(f * stride..(f + 1) * stride, row.start);
                let from = outputs.len();
                let (x, y) = own_range[s];
                outputs.extend(own[x as usize..y as usize].iter().map(|&(_, pid)| pid));
                let (x, y) = span[f];
                outputs.extend_from_within(x as usize..y as usize);
                if outputs.len() > MAX_OUTPUTS {
                    return None;
                }
                span[s] = (from as u32, outputs.len() as u32);
            }
            for &(_, c, t) in &edges[first_edge[s] as usize..first_edge[s + 1] as usize] {
                let (c, t) = (usize::from(c), usize::from(t));
                let ft = if s == 0 {
                    0
                } else {
                    trans[f * stride + c] & !MATCH
                };
                fail[t] = ft;
                let (x, y) = own_range[t];
                is_match[t] = x < y || is_match[usize::from(ft)];
                trans[row.start + c] = t as u16 | if is_match[t] { MATCH } else { 0 };
                order.push(t as u16);
            }
        }
        Some(LiteralDfa {
            classes,
            stride: stride as u32,
            trans,
            outputs_of: span,
            outputs,
            pattern_lens: patterns.iter().map(|p| p.len() as u32).collect(),
            max_pattern_len: patterns.iter().map(Vec::len).max().unwrap_or(0),
        })
    }
}

impl Walk for LiteralDfa {
    type State = u16;
    fn start(&self) -> u16 {
        0
    }

    #[inline(always)]
    fn next(&self, state: u16, byte: u8) -> u16 {
        let at = usize::from(state & !MATCH) * self.stride as usize
            + usize::from(self.classes[usize::from(byte)]);
        // The table's length is a power of two, so the mask changes no index in it and
        // stands for the bounds check.
        self.trans[at & (self.trans.len() - 1)]
    }

    #[inline(always)]
    fn is_match(&self, state: u16) -> bool {
        state & MATCH != 0
    }

    fn for_each_pattern(&self, state: u16, mut f: impl FnMut(usize)) {
        let (x, y) = self.outputs_of[usize::from(state & !MATCH)];
        for &pid in &self.outputs[x as usize..y as usize] {
            f(pid as usize);
        }
    }

    fn pattern_len(&self, pattern: usize) -> usize {
        self.pattern_lens[pattern] as usize
    }

    fn max_pattern_len(&self) -> usize {
        self.max_pattern_len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(patterns: &[&str], hay: &str, fold: bool) -> Vec<(usize, usize, usize)> {
        let patterns: Vec<Vec<u8>> = patterns.iter().map(|p| p.as_bytes().to_vec()).collect();
        let dfa = LiteralDfa::new(&patterns, fold).unwrap();
        let mut out = Vec::new();
        crate::engine::lanes::for_each_overlapping(&dfa, hay.as_bytes(), |p, s, e| {
            out.push((p, s, e))
        });
        out.sort_unstable();
        out
    }

    #[test]
    fn overlapping_matches_with_and_without_case() {
        let pats = ["he", "she", "his", "hers", "e"];
        assert_eq!(
            matches(&pats, "ushers", false),
            vec![(0, 2, 4), (1, 1, 4), (3, 2, 6), (4, 3, 4)]
        );
        assert_eq!(matches(&pats, "uSHErs", false), vec![]);
        assert_eq!(
            matches(&pats, "uSHErs", true),
            vec![(0, 2, 4), (1, 1, 4), (3, 2, 6), (4, 3, 4)]
        );
    }

    #[test]
    fn case_blind_search_folds_only_ascii() {
        assert_eq!(matches(&["é"], "É é", true), vec![(0, 3, 5)]);
        assert_eq!(
            matches(&["Click Here"], "click here", true),
            vec![(0, 0, 10)]
        );
    }

    #[test]
    fn refuses_empty_patterns_and_oversized_automata() {
        assert!(LiteralDfa::new(&[Vec::new()], false).is_none());
        let huge: Vec<Vec<u8>> = (0..20_000u32)
            .map(|i| format!("{i:x}-{}", i * 7919).into_bytes())
            .collect();
        assert!(LiteralDfa::new(&huge, true).is_none());
        let every_byte: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
        assert!(LiteralDfa::new(&every_byte, false).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn same_matches_as_the_crate(
            hay in proptest::collection::vec(proptest::sample::select(b"abAB \xc3\xa9".to_vec()), 0..3_000),
            patterns in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(b"abAB \xc3\xa9".to_vec()), 1..6),
                1..10,
            ),
            fold: bool,
        ) {
            let dfa = LiteralDfa::new(&patterns, fold).unwrap();
            let mut ours = Vec::new();
            crate::engine::lanes::for_each_overlapping(&dfa, &hay, |p, s, e| ours.push((p, s, e)));
            ours.sort_unstable();
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(fold)
                .build(&patterns)
                .unwrap();
            let mut expected: Vec<_> = ac
                .find_overlapping_iter(&hay)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            expected.sort_unstable();
            proptest::prop_assert_eq!(ours, expected);
        }
    }
}
