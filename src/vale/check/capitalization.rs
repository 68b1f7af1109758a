//! `capitalization`: a block (a heading, usually) whose case is not `match`: `$title` (AP or
//! Chicago style), `$sentence`, `$lower`, `$upper`, or a regex. Title and sentence case are
//! judged word by word against the converted text, and pass when `threshold` of the words
//! (0.8 by default) agree, as in Vale.

use super::{Found, Keys, State, ValeCheck, cap_first, compile, exceptions, is_match};

#[derive(Debug)]
enum Match {
    Title { chicago: bool },
    Sentence { indicators: Vec<String> },
    Lower,
    Upper,
    Pattern(fancy_regex::Regex),
}

#[derive(Debug)]
pub struct Capitalization {
    matches: Match,
    exceptions: Option<fancy_regex::Regex>,
    /// Exceptions as words, kept as written by the converters.
    vocab: Vec<String>,
    threshold: f64,
    words: fancy_regex::Regex,
    /// A prefix left out of the comparison (`a. ` of `a. An item`).
    prefix: Option<fancy_regex::Regex>,
}

/// Words that stay in lower case inside a title (AP; Chicago adds the longer prepositions).
const SMALL_AP: [&str; 26] = [
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
    "per", "so", "the", "to", "up", "v", "v.", "via", "vs", "vs.", "yet",
];
const SMALL_CHICAGO: [&str; 12] = [
    "about", "above", "across", "after", "against", "along", "among", "around", "before", "from",
    "into", "with",
];

impl Capitalization {
    pub fn new(keys: &Keys, accepted: &[String]) -> Result<Capitalization, String> {
        let except = keys.exceptions(accepted);
        let exceptions_re = exceptions(except.clone())?;
        let matches = match keys.string("match").unwrap_or_default().as_str() {
            "$title" => Match::Title {
                chicago: keys.string("style").as_deref() == Some("Chicago"),
            },
            "$sentence" => Match::Sentence {
                indicators: keys.strings("indicators"),
            },
            "$lower" => Match::Lower,
            "$upper" => Match::Upper,
            other => Match::Pattern(compile(other)?),
        };
        let word = r"[\p{N}\p{L}*]+[^\s]*";
        let words = match &exceptions_re {
            Some(re) => format!("{}|{word}", re.as_str()),
            None => word.to_string(),
        };
        let threshold = keys.number("threshold").filter(|t| *t > 0.0).unwrap_or(0.8);
        let prefix = match keys.string("prefix") {
            Some(p) if !p.is_empty() => Some(compile(&p)?),
            _ => None,
        };
        Ok(Capitalization {
            prefix,
            matches,
            exceptions: exceptions_re,
            vocab: except,
            threshold,
            words: compile(&words)?,
        })
    }

    fn tokens<'t>(&self, s: &'t str) -> Vec<&'t str> {
        self.words
            .find_iter(s)
            .flatten()
            .map(|m| m.as_str())
            .collect()
    }

    fn in_vocab(&self, word: &str) -> bool {
        self.vocab.iter().any(|v| v == word)
    }

    /// `s` in title case.
    fn title_case(&self, s: &str, chicago: bool) -> String {
        let words: Vec<&str> = s.split(' ').collect();
        let last = words.len().saturating_sub(1);
        let mut after_colon = false;
        let converted: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let lower = w.to_lowercase();
                let small = SMALL_AP.contains(&lower.as_str())
                    || (chicago && SMALL_CHICAGO.contains(&lower.as_str()));
                let out = if self.in_vocab(w) || w.chars().skip(1).any(char::is_uppercase) {
                    (*w).to_string()
                } else if small && i != 0 && i != last && !after_colon {
                    lower
                } else {
                    cap_first(w)
                };
                after_colon = w.ends_with(':');
                out
            })
            .collect();
        converted.join(" ")
    }

    /// The indexes of the words of `words` that belong to an exception of several words.
    fn protected(&self, words: &[&str]) -> Vec<bool> {
        let mut out = vec![false; words.len()];
        for phrase in self.vocab.iter().filter(|v| v.contains(' ')) {
            let parts: Vec<&str> = phrase.split(' ').collect();
            for start in 0..words.len().saturating_sub(parts.len() - 1) {
                if words[start..start + parts.len()] == parts[..] {
                    out[start..start + parts.len()]
                        .iter_mut()
                        .for_each(|p| *p = true);
                }
            }
        }
        out
    }

    /// `s` in sentence case.
    fn sentence_case(&self, s: &str, indicators: &[String]) -> String {
        let mut capital = true;
        let words: Vec<&str> = s.split(' ').collect();
        let protected = self.protected(&words);
        words
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let numbered = i == 0 && is_list_number(w);
                let out = if self.in_vocab(w) || protected[i] || numbered {
                    (*w).to_string()
                } else if capital {
                    cap_first(&w.to_lowercase())
                } else if w.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && w.chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase)
                {
                    (*w).to_string()
                } else {
                    w.to_lowercase()
                };
                if !w.is_empty() {
                    capital = numbered || indicators.iter().any(|i| w.ends_with(i.as_str()));
                }
                out
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The expected text and whether `s` passes.
    fn judge(&self, s: &str) -> (String, bool) {
        match &self.matches {
            Match::Lower => {
                let e = s.to_lowercase();
                let ok = s == e || is_match(&self.exceptions, s);
                (e, ok)
            }
            Match::Upper => {
                let e = s.to_uppercase();
                let ok = s == e || is_match(&self.exceptions, s);
                (e, ok)
            }
            Match::Pattern(re) => (
                re.as_str().to_string(),
                re.is_match(s).unwrap_or(false) || is_match(&self.exceptions, s),
            ),
            Match::Title { chicago } => {
                let expected = self.title_case(s, *chicago);
                let want = self.tokens(&expected);
                let (mut count, mut words) = (0.0, 0.0);
                for (i, w) in self.tokens(s).into_iter().enumerate() {
                    if i >= want.len()
                        || w == want[i]
                        || is_match(&self.exceptions, w)
                        || w == w.to_uppercase()
                    {
                        count += 1.0;
                    }
                    words += 1.0;
                }
                let ok = words == 0.0 || count / words >= self.threshold;
                (expected, ok)
            }
            Match::Sentence { indicators } => {
                let expected = self.sentence_case(s, indicators);
                let want = self.tokens(&expected);
                let (mut count, mut words) = (0.0, 0.0);
                for (i, w) in self.tokens(s).into_iter().enumerate() {
                    if i >= want.len() || w == want[i] || is_match(&self.exceptions, w) {
                        count += 1.0;
                    } else if i == 0 && w != cap_first(&w.to_lowercase()) {
                        return (expected, false);
                    }
                    words += 1.0;
                }
                let ok = words == 0.0 || count / words >= self.threshold;
                (expected, ok)
            }
        }
    }
}

/// A list number such as `1.` or `12.`.
fn is_list_number(w: &str) -> bool {
    w.strip_suffix('.')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl ValeCheck for Capitalization {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let rest = match &self.prefix {
            Some(p) => match p.find(text) {
                Ok(Some(m)) if m.start() == 0 => &text[m.end()..],
                _ => text,
            },
            None => text,
        };
        let (expected, ok) = self.judge(rest);
        if ok {
            return Vec::new();
        }
        vec![Found {
            range: 0..text.len(),
            subs: smallvec::smallvec![text.into(), expected.into()],
            ..Found::default()
        }]
    }
}
