//! `occurrence`: a block with more than `max` (or fewer than `min`) matches of `token`.

use super::{Found, Keys, Scan, State, ValeCheck};

#[derive(Debug)]
pub struct Occurrence {
    pattern: Scan,
    max: usize,
    min: usize,
}

impl Occurrence {
    pub fn new(keys: &Keys) -> Result<Occurrence, String> {
        let token = keys.string("token").unwrap_or_default();
        let flags = if keys.bool("ignorecase") { "(?i)" } else { "" };
        let count = |key| keys.number(key).unwrap_or(0.0).max(0.0) as usize;
        Ok(Occurrence {
            pattern: Scan::searched(&format!("{flags}(?:{token})"))?,
            max: count("max"),
            min: count("min"),
        })
    }
}

impl ValeCheck for Occurrence {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        // A block too short to hold more than `max` matches (most sentences, for
        // `Microsoft.SentenceLength`) is not searched.
        if self.min == 0 && self.max > 0 && self.pattern.most_matches(text.len()) <= self.max {
            return Vec::new();
        }
        // Vale reports at the first match that is not blank nor masked code (`***`), the
        // block's start without one. (A run of word characters is neither: runs of words are
        // counted, and the first taken, without a look at each.)
        let code = |s: &str| s.chars().all(|c| c == '*' || c == '@');
        let (n, first) = self.pattern.count_word_runs(text).unwrap_or_else(|| {
            let (mut n, mut first) = (0, None);
            self.pattern.each(text, None, |m| {
                n += 1;
                if first.is_none() && !text[m.clone()].trim().is_empty() && !code(&text[m.clone()])
                {
                    first = Some(m);
                }
            });
            (n, first)
        });
        if !((self.max > 0 && n > self.max) || (self.min > 0 && n < self.min)) {
            return Vec::new();
        }
        let range = match first {
            Some(m) => m,
            None if n == 0 => 0..0,
            None => return Vec::new(),
        };
        vec![Found {
            range,
            subs: smallvec::smallvec![n.to_string().into()],
            ..Found::default()
        }]
    }
}
