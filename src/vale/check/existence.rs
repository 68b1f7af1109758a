//! `existence`: any match of the tokens (or `raw`) is an alert.

use super::{
    Found, Keys, Scan, Starts, State, ValeCheck, exceptions, is_match, phrases, vale_pattern,
    within_phrase,
};

#[derive(Debug)]
pub struct Existence {
    pattern: Scan,
    exceptions: Option<fancy_regex::Regex>,
    /// The accepted phrases (a `nonword` rule only has its own exceptions).
    phrases: Option<fancy_regex::Regex>,
}

impl Existence {
    pub fn new(keys: &Keys, accepted: &[String]) -> Result<Existence, String> {
        let tokens: Vec<String> = keys
            .strings("tokens")
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .collect();
        let raw = keys.strings("raw").concat();
        let word = !keys.bool("nonword") && !tokens.is_empty();
        let pattern = vale_pattern(
            &tokens.join("|"),
            &raw,
            word,
            keys.bool("ignorecase"),
            keys.bool("append"),
        );
        // The vocabulary is a list of words: a `nonword` rule's matches (`"plugh",`) are not
        // words, and only its own exceptions hold (Vale 3, #1058).
        let except = if keys.bool("nonword") {
            keys.strings("exceptions")
        } else {
            keys.exceptions(accepted)
        };
        Ok(Existence {
            phrases: phrases(&except),
            pattern: Scan::new(&pattern)?,
            exceptions: exceptions(except)?,
        })
    }
}

impl ValeCheck for Existence {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found> {
        self.run_gated(text, state, &[])
    }

    fn scans(&self) -> Vec<&Scan> {
        vec![&self.pattern]
    }

    fn finds_only_at_scans(&self) -> bool {
        true
    }

    fn run_gated(&self, text: &str, _: &mut State, starts: &[Option<Starts>]) -> Vec<Found> {
        let mut out = Vec::new();
        let mut spans = None;
        // Each match is read as it is found, while its bytes are in the processor's cache.
        let starts = starts.first().copied().flatten();
        self.pattern.each(text, starts, |m| {
            if m.is_empty() {
                return;
            }
            let found = &text[m.clone()];
            if is_match(&self.exceptions, found.trim())
                || within_phrase(&self.phrases, text, &m, &mut spans)
            {
                return;
            }
            out.push(Found {
                range: m,
                subs: smallvec::smallvec![found.into()],
                ..Found::default()
            });
        });
        out
    }
}
