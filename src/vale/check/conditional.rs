//! `conditional`: a match of `first` (an acronym) that no match of `second` (its definition)
//! so far in the file accounts for: the groups `second` captures are the defined terms.

use super::{
    Found, Keys, Scan, State, ValeCheck, compile, exceptions, is_match, phrases, within_phrase,
};

/// What a `second` without groups records when it is present.
const PRESENT: &str = "\u{0}present";

#[derive(Debug)]
pub struct Conditional {
    first: Scan,
    second: fancy_regex::Regex,
    exceptions: Option<fancy_regex::Regex>,
    /// The accepted phrases.
    phrases: Option<fancy_regex::Regex>,
}

impl Conditional {
    pub fn new(keys: &Keys, accepted: &[String]) -> Result<Conditional, String> {
        let except = keys.exceptions(accepted);
        Ok(Conditional {
            first: Scan::searched(&keys.string("first").unwrap_or_default())?,
            second: compile(&keys.string("second").unwrap_or_default())?,
            phrases: phrases(&except),
            exceptions: exceptions(except)?,
        })
    }
}

impl ValeCheck for Conditional {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found> {
        // A `second` without groups only has to be present.
        let presence = self.second.captures_len() == 1;
        if presence && self.second.is_match(text).unwrap_or(false) {
            state.sequences.push(PRESENT.to_string());
        }
        for caps in self.second.captures_iter(text).flatten() {
            for g in caps.iter().skip(1).flatten() {
                if !g.as_str().is_empty() {
                    state.sequences.push(g.as_str().to_string());
                }
            }
        }
        let mut out = Vec::new();
        let mut spans = None;
        self.first.each(text, None, |m| {
            let s = &text[m.clone()];
            let defined = state
                .sequences
                .iter()
                .any(|d| d == s || (presence && d == PRESENT));
            if !defined
                && !is_match(&self.exceptions, s)
                && !within_phrase(&self.phrases, text, &m, &mut spans)
            {
                out.push(Found {
                    range: m,
                    subs: smallvec::smallvec![s.into()],
                    ..Found::default()
                });
            }
        });
        out
    }
}
