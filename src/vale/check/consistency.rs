//! `consistency`: both spellings of an `either` pair in one file; the later one is reported.

use super::{Found, Keys, State, ValeCheck, compile, vale_pattern};

#[derive(Debug)]
pub struct Consistency {
    /// Each pair's pattern, whose two groups are its two spellings, with their names.
    steps: Vec<(fancy_regex::Regex, [String; 2])>,
}

impl Consistency {
    pub fn new(keys: &Keys, name: &str) -> Result<Consistency, String> {
        let key = name.split('.').nth(1).unwrap_or(name);
        let mut steps = Vec::new();
        for (i, (a, b)) in keys.pairs("either").into_iter().enumerate() {
            let subs = [format!("{key}{}", 2 * i + 2), format!("{key}{}", 2 * i + 3)];
            let pattern = vale_pattern(
                &format!("({a})|({b})"),
                "",
                !keys.bool("nonword"),
                keys.bool("ignorecase"),
                true,
            );
            steps.push((compile(&pattern)?, subs));
        }
        Ok(Consistency { steps })
    }
}

impl ValeCheck for Consistency {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found> {
        let mut out = Vec::new();
        for (pattern, subs) in &self.steps {
            let mut last = None;
            for caps in pattern.captures_iter(text).flatten() {
                for (g, sub) in subs.iter().enumerate() {
                    if let Some(m) = caps.get(g + 1) {
                        last = Some(m.range());
                        state.sequences.push(sub.clone());
                    }
                }
            }
            if let Some(range) = last
                && subs.iter().all(|s| state.sequences.contains(s))
            {
                let matched = text[range.clone()].into();
                out.push(Found {
                    range,
                    subs: smallvec::smallvec![matched],
                    ..Found::default()
                });
            }
        }
        out
    }
}
