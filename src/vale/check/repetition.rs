//! `repetition`: the same token twice in a row (`the the`).

use super::{Found, Keys, Scan, State, ValeCheck, exceptions, is_match, phrases, within_phrase};

/// Whether `span` holds the end of a sentence: `.`, `!` or `?` before white space.
fn ends_sentence(span: &str) -> bool {
    span.as_bytes()
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace())
}

#[derive(Debug)]
pub struct Repetition {
    pattern: Scan,
    max: usize,
    ignorecase: bool,
    alpha: bool,
    exceptions: Option<fancy_regex::Regex>,
    /// The accepted phrases.
    phrases: Option<fancy_regex::Regex>,
}

impl Repetition {
    pub fn new(keys: &Keys, accepted: &[String]) -> Result<Repetition, String> {
        let ignorecase = keys.bool("ignorecase");
        let flags = if ignorecase { "(?i)" } else { "" };
        let except = keys.exceptions(accepted);
        Ok(Repetition {
            pattern: Scan::searched(&format!("{flags}({})", keys.strings("tokens").join("|")))?,
            max: keys.number("max").unwrap_or(0.0).max(0.0) as usize,
            ignorecase,
            alpha: keys.bool("alpha"),
            phrases: phrases(&except),
            exceptions: exceptions(except)?,
        })
    }
}

impl ValeCheck for Repetition {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let mut out = Vec::new();
        let mut spans = None;
        let (mut prev, mut prev_start, mut count) = ("", 0, 0);
        // A run has no white space to trim.
        let runs = self.pattern.runs();
        self.pattern.each(text, None, |m| {
            let curr = match runs {
                true => &text[m.clone()],
                false => text[m.clone()].trim(),
            };
            let same = if !self.ignorecase {
                curr == prev
            } else if curr.is_ascii() && prev.is_ascii() {
                curr.eq_ignore_ascii_case(prev)
            } else {
                curr.to_lowercase() == prev.to_lowercase()
            };
            let hit =
                same && !curr.is_empty() && (!self.alpha || curr.chars().all(char::is_alphabetic));
            if hit {
                count += 1;
            }
            if hit && count > self.max {
                let span = &text[prev_start..m.end];
                // Across a sentence's end (`about that. That is`) it is no repetition.
                if !span.contains('\n')
                    && !ends_sentence(span)
                    && !is_match(&self.exceptions, span)
                    && !within_phrase(&self.phrases, text, &(prev_start..m.end), &mut spans)
                {
                    out.push(Found {
                        range: prev_start..m.end,
                        subs: smallvec::smallvec![curr.into()],
                        ..Found::default()
                    });
                    count = 0;
                }
            }
            prev_start = m.start;
            prev = curr;
        });
        out
    }
}
