//! Regexes compiled to their forward automata only, for the searches that need no more: a match
//! anchored at a known start (the regexes whose every match starts with one of their prefix
//! literals, run at their triggers), and whether a text matches at all (exception regexes).
//!
//! The meta regex also builds the reverse NFA that finds where an unanchored match starts,
//! about half of its compilation, and a hook linting one article compiles several of them. The searches are the meta regex's
//! own for such inputs: the lazy DFA finds where the match ends (or that there is one), and the
//! groups, where the engine reads any, come from the bounded backtracker (or the PikeVM, for a
//! match too long for it) run over that match alone. Where the lazy DFA cannot answer (a
//! Unicode `\b` next to a byte outside ASCII, a cache cleared too often), the backtracker or the
//! PikeVM searches instead, as in the meta regex.

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use std::ops::Range;

/// The forward automata of one regex (or of several, as one set).
#[derive(Debug)]
pub(crate) struct ForwardRegex {
    nfa: NFA,
    /// `None` when the lazy DFA cannot be built (a cache too small for the NFA).
    dfa: Option<DFA>,
    pikevm: PikeVM,
    backtrack: BoundedBacktracker,
    /// The caches of the searches, kept from one document to the next as the meta regex keeps
    /// its own: the lazy DFA's states, once built, serve every later document (rebuilt for each
    /// of 2,000 articles, they took a quarter of the run).
    caches: Pool<ForwardCache>,
}

/// The mutable state of searches with one [`ForwardRegex`], each part made on first use.
#[derive(Debug, Default)]
struct ForwardCache {
    dfa: Option<DfaCache>,
    pikevm: Option<pikevm::Cache>,
    backtrack: Option<backtrack::Cache>,
}

impl ForwardRegex {
    /// Builds the automata of `sources`, one pattern each, with the `syntax` and NFA size limit
    /// given, or `None` where they cannot be built (a meta regex's error then says why).
    pub(crate) fn new(
        sources: &[impl AsRef<str>],
        syntax: syntax::Config,
        size_limit: usize,
    ) -> Option<Self> {
        let nfa = thompson::Compiler::new()
            .syntax(syntax)
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .shrink(false),
            )
            .build_many(sources)
            .ok()?;
        // As the meta regex configures its lazy DFA: a Unicode `\b` is read as an ASCII one
        // until a byte outside ASCII makes the DFA quit, and a DFA that keeps clearing its
        // cache gives up, so that the slower engines answer instead.
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .unicode_word_boundary(true)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let pikevm = PikeVM::new_from_nfa(nfa.clone()).ok()?;
        let backtrack = BoundedBacktracker::new_from_nfa(nfa.clone()).ok()?;
        Some(ForwardRegex {
            nfa,
            dfa,
            pikevm,
            backtrack,
            caches: Pool::new(ForwardCache::default),
        })
    }

    /// Whether one of the patterns matches somewhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).earliest(true);
        let cache = &mut *self.caches.get();
        if let Some(dfa) = &self.dfa {
            let dfa_cache = cache.dfa.get_or_insert_with(|| dfa.create_cache());
            if let Ok(found) = dfa.try_search_fwd(dfa_cache, &input) {
                return found.is_some();
            }
        }
        let pike_cache = cache
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.is_match(pike_cache, input)
    }

    /// The capture groups of the regex, for looking its named groups up.
    pub(super) fn group_info(&self) -> &regex_automata::util::captures::GroupInfo {
        self.nfa.group_info()
    }

    /// Captures to search into (the whole match is group 0).
    pub(super) fn create_captures(&self) -> Captures {
        Captures::all(self.nfa.group_info().clone())
    }

    /// The match that starts where the anchored `input` starts, if any: its range only, or
    /// with its groups in `caps` when they are asked for (group 0 is the whole match).
    pub(super) fn find(&self, input: &Input, caps: Option<&mut Captures>) -> Option<Range<usize>> {
        debug_assert_eq!(input.get_anchored(), Anchored::Yes);
        let cache = &mut *self.caches.get();
        let end = match &self.dfa {
            Some(dfa) => {
                let dfa_cache = cache.dfa.get_or_insert_with(|| dfa.create_cache());
                match dfa.try_search_fwd(dfa_cache, input) {
                    Ok(None) => return None,
                    Ok(Some(half)) => Some(half.offset()),
                    Err(_) => None,
                }
            }
            None => None,
        };
        match (end, caps) {
            (Some(end), None) => Some(input.start()..end),
            // The groups of the match found: the slower engine runs over it alone.
            (Some(end), Some(caps)) => {
                self.slow(cache, &input.clone().span(input.start()..end), caps)
            }
            // The lazy DFA could not answer: the slower engine searches.
            (None, Some(caps)) => self.slow(cache, input, caps),
            (None, None) => {
                let mut caps = Captures::matches(self.nfa.group_info().clone());
                self.slow(cache, input, &mut caps)
            }
        }
    }

    /// Searches `input` with the bounded backtracker, or with the PikeVM where the input is
    /// too long for the backtracker's memory, into `caps`.
    fn slow(
        &self,
        cache: &mut ForwardCache,
        input: &Input,
        caps: &mut Captures,
    ) -> Option<Range<usize>> {
        if input.get_span().len() <= self.backtrack.max_haystack_len() {
            let bt_cache = cache
                .backtrack
                .get_or_insert_with(|| self.backtrack.create_cache());
            // Fails only for an input longer than the limit just checked.
            if self.backtrack.try_search(bt_cache, input, caps).is_ok() {
                return caps.get_match().map(|m| m.range());
            }
        }
        let pike_cache = cache
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search(pike_cache, input, caps);
        caps.get_match().map(|m| m.range())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::syntax as engine_syntax;
    use regex_automata::meta::Regex;

    /// The match and its groups at `at`, as the meta regex finds them.
    fn meta(source: &str, text: &str, at: usize) -> Option<Vec<Option<Range<usize>>>> {
        let regex = Regex::builder()
            .syntax(engine_syntax())
            .build(source)
            .unwrap();
        let mut caps = regex.create_captures();
        let input = Input::new(text)
            .span(at..text.len())
            .anchored(Anchored::Yes);
        regex.search_captures(&input, &mut caps);
        caps.is_match().then(|| {
            (0..caps.group_len())
                .map(|g| caps.get_group(g).map(|s| s.range()))
                .collect()
        })
    }

    fn anchored(regex: &ForwardRegex, text: &str, at: usize) -> Option<Vec<Option<Range<usize>>>> {
        let input = Input::new(text)
            .span(at..text.len())
            .anchored(Anchored::Yes);
        let whole = regex.find(&input, None);
        let mut caps = regex.create_captures();
        let found = regex.find(&input, Some(&mut caps));
        assert_eq!(whole, found);
        found.map(|_| {
            (0..caps.group_len())
                .map(|g| caps.get_group(g).map(|s| s.range()))
                .collect()
        })
    }

    #[test]
    fn a_unicode_word_boundary_next_to_a_letter_outside_ascii_is_answered() {
        // The lazy DFA quits at `é`; the backtracker decides.
        let source = r"\bcaf(?P<span>é|e)\b";
        let regex = ForwardRegex::new(&[source], engine_syntax(), 1 << 20).unwrap();
        let dfa = regex.dfa.as_ref().unwrap();
        let input = Input::new("café").anchored(Anchored::Yes);
        assert!(dfa.try_search_fwd(&mut dfa.create_cache(), &input).is_err());
        for text in ["café au lait", "cafés", "cafe", "cafeé", "un café."] {
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    anchored(&regex, text, at),
                    meta(source, text, at),
                    "{text:?} at {at}"
                );
            }
        }
        assert_eq!(
            anchored(&regex, "un café.", 3),
            Some(vec![Some(3..8), Some(6..8)])
        );
    }

    #[test]
    fn groups_of_a_match_too_long_for_the_backtracker_come_from_the_pikevm() {
        let source = r"x(?P<span>\w+)[^\n]*y";
        let regex = ForwardRegex::new(&[source], engine_syntax(), 1 << 20).unwrap();
        let text = format!("x{}{}y!", "a".repeat(10), " b".repeat(20_000));
        assert!(text.len() > regex.backtrack.max_haystack_len());
        assert_eq!(anchored(&regex, &text, 0), meta(source, &text, 0));
        assert_eq!(
            anchored(&regex, &text, 0),
            Some(vec![Some(0..text.len() - 1), Some(1..11)])
        );
        assert_eq!(anchored(&regex, &text, 1), None);
    }

    #[test]
    fn a_set_matches_where_the_meta_regex_of_the_set_matches() {
        // The second pattern's Unicode `\b` makes the lazy DFA quit on `é`; the PikeVM answers.
        let sources = [
            r"^\p{L}\.",
            r"\b(?:as|even)\s+if\s*$",
            r"\.\s+(?:click|tap)\W?$",
        ];
        let syntax = syntax::Config::new().case_insensitive(true);
        let set = ForwardRegex::new(&sources, syntax, 1 << 20).unwrap();
        let meta = Regex::builder()
            .syntax(syntax)
            .build_many(&sources)
            .unwrap();
        let texts = [
            "e. coli",
            "É. Zola",
            "ab. c",
            "even if",
            "café as if",
            "café as iff",
            "as if é",
            "means. Click",
            "means. click é",
            "",
            "if",
        ];
        for text in texts {
            assert_eq!(set.is_match(text), meta.is_match(text), "{text:?}");
        }
        let matching: Vec<_> = texts.into_iter().filter(|t| set.is_match(t)).collect();
        assert_eq!(
            matching,
            [
                "e. coli",
                "É. Zola",
                "even if",
                "café as if",
                "means. Click"
            ]
        );
    }
}
