//! `conditional`: a match of `second` (an acronym) that no earlier match of `first` (its
//! definition) in the file accounts for.

use super::{Found, Keys, State, ValeCheck, compile, exceptions, is_match};

#[derive(Debug)]
pub struct Conditional {
    first: fancy_regex::Regex,
    second: fancy_regex::Regex,
    exceptions: Option<fancy_regex::Regex>,
}

impl Conditional {
    pub fn new(keys: &Keys, accepted: &[String]) -> Result<Conditional, String> {
        let mut except = keys.strings("exceptions");
        if keys.bool_or("vocab", true) {
            except.extend(accepted.iter().cloned());
        }
        Ok(Conditional {
            first: compile(&keys.string("first").unwrap_or_default())?,
            second: compile(&keys.string("second").unwrap_or_default())?,
            exceptions: exceptions(except)?,
        })
    }
}

impl ValeCheck for Conditional {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found> {
        for caps in self.first.captures_iter(text).flatten() {
            for g in caps.iter().skip(1).flatten() {
                if !g.as_str().is_empty() {
                    state.sequences.push(g.as_str().to_string());
                }
            }
        }
        let mut out = Vec::new();
        for m in self.second.find_iter(text).flatten() {
            let s = m.as_str();
            if !state.sequences.iter().any(|d| d == s) && !is_match(&self.exceptions, s) {
                out.push(Found {
                    range: m.range(),
                    subs: vec![s.to_string()],
                });
            }
        }
        out
    }
}
