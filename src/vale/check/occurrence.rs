//! `occurrence`: a block with more than `max` (or fewer than `min`) matches of `token`.

use super::{Found, Keys, State, ValeCheck, compile};

#[derive(Debug)]
pub struct Occurrence {
    pattern: fancy_regex::Regex,
    max: usize,
    min: usize,
    /// Whether the token's matches are runs of word characters (`\b(\w+)\b`, `\w+`), which
    /// never touch: a block of `n` bytes holds at most `(n + 1) / 2` of them.
    words: bool,
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
            words: matches!(token.replace(['(', ')'], "").as_str(), r"\b\w+\b" | r"\w+"),
        })
    }
}

impl ValeCheck for Occurrence {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        // A block too short to hold more than `max` matches (most sentences, for
        // `Microsoft.SentenceLength`) is not searched. Every match but an empty one at the end
        // takes a byte.
        let most = if self.words {
            text.len().div_ceil(2)
        } else {
            text.len() + 1
        };
        if self.min == 0 && self.max > 0 && most <= self.max {
            return Vec::new();
        }
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
