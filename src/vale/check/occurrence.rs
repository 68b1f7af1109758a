//! `occurrence`: a block with more than `max` (or fewer than `min`) matches of `token`.

use super::{Found, Keys, State, ValeCheck, compile};

#[derive(Debug)]
pub struct Occurrence {
    pattern: fancy_regex::Regex,
    max: usize,
    min: usize,
}

impl Occurrence {
    pub fn new(keys: &Keys) -> Result<Occurrence, String> {
        let token = keys.string("token").unwrap_or_default();
        let flags = if keys.bool("ignorecase") { "(?i)" } else { "" };
        let count = |key| keys.number(key).unwrap_or(0.0).max(0.0) as usize;
        Ok(Occurrence {
            pattern: compile(&format!("{flags}(?:{token})"))?,
            max: count("max"),
            min: count("min"),
        })
    }
}

impl ValeCheck for Occurrence {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let found: Vec<_> = self.pattern.find_iter(text).flatten().collect();
        let n = found.len();
        if !((self.max > 0 && n > self.max) || (self.min > 0 && n < self.min)) {
            return Vec::new();
        }
        // Vale reports at the first match that is not blank nor masked code (`***`), the
        // block's start without one.
        let range = if n == 0 {
            0..0
        } else {
            let code = |s: &str| s.chars().all(|c| c == '*' || c == '@');
            match found
                .iter()
                .find(|m| !m.as_str().trim().is_empty() && !code(m.as_str()))
            {
                Some(m) => m.range(),
                None => return Vec::new(),
            }
        };
        vec![Found {
            range,
            subs: vec![n.to_string()],
        }]
    }
}
