//! `sequence`: a run of words matching a list of tokens, each a `pattern` on the word, a
//! part-of-speech `tag`, or both, with `skip` (up to that many words may come before it) and
//! `negate`. Words are tagged with Penn Treebank tags by the `english-pos-tagger` crate (a
//! lexicon and context rules), where Vale uses its own perceptron tagger; the two agree on most
//! words but not all.
//!
//! The search is Vale's: the first token with a pattern (not negated) is the anchor; for each
//! match of its pattern in the sentence, the first word it matches (not used by an earlier
//! match) is checked against the tokens on its left, from the nearest, and on its right. An
//! optional token (one of the `skip` tokens) that matches ends the check on its side. As in Vale,
//! patterns are not word-bounded and tags are searched in the word's tag, so `NN` also matches
//! `NNS` and `NNP`.

use super::{Found, Keys, State, ValeCheck, compile};
use english_pos_tagger::Tagger;
use serde_yaml::Value;
use std::ops::Range;
use std::sync::OnceLock;

/// One of the rule's tokens, as Vale expands them: a token with `skip: n` becomes `n` optional
/// tokens (the first marked `start`) followed by the token itself (marked `end`).
#[derive(Debug, Clone)]
struct Token {
    pattern: Option<fancy_regex::Regex>,
    tag: Option<fancy_regex::Regex>,
    skip: usize,
    negate: bool,
    optional: bool,
    start: bool,
    end: bool,
}

/// A word of a sentence: its byte range and its part-of-speech tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub tag: String,
}

/// A `sequence` rule: its tokens, expanded as Vale expands them, and its anchor.
#[derive(Debug)]
pub struct Sequence {
    tokens: Vec<Token>,
    /// The index in `tokens` of the anchor: the first token with a pattern, not negated.
    anchor: Option<usize>,
    /// The anchor's pattern as Vale searches the sentence for it.
    anchor_pattern: Option<fancy_regex::Regex>,
}

impl Sequence {
    /// Reads `tokens` (each with `pattern`, `tag`, `skip`, `negate`) and `ignorecase`.
    pub fn new(keys: &Keys) -> Result<Sequence, String> {
        let flags = if keys.bool("ignorecase") { "(?i)" } else { "" };
        let Some(Value::Sequence(items)) = keys.get("tokens") else {
            return Err("a `sequence` rule needs a list of `tokens`".into());
        };
        let mut tokens = Vec::new();
        let mut anchor = None;
        let mut anchor_pattern = None;
        for item in items {
            let map = item
                .as_mapping()
                .ok_or_else(|| "each of `tokens` must be a mapping".to_string())?;
            let k = Keys(map);
            let text = k.string("pattern").filter(|p| !p.is_empty());
            let tag = k.string("tag").filter(|t| !t.is_empty());
            let pattern = match &text {
                Some(p) => Some(compile(&format!("{flags}(?m)(?:{p})"))?),
                None => None,
            };
            let mut token = Token {
                pattern,
                tag: match &tag {
                    Some(t) => Some(compile(t)?),
                    None => None,
                },
                skip: k.number("skip").unwrap_or(0.0).max(0.0) as usize,
                negate: k.bool("negate"),
                optional: true,
                start: false,
                end: false,
            };
            for i in (1..=token.skip).rev() {
                token.start = i == token.skip;
                tokens.push(token.clone());
            }
            if text.is_some() || tag.is_some() {
                token.optional = false;
                token.end = true;
                if anchor.is_none() && !token.negate && token.pattern.is_some() {
                    anchor = Some(tokens.len());
                    anchor_pattern = token.pattern.clone();
                }
                tokens.push(token);
            }
        }
        Ok(Sequence {
            tokens,
            anchor,
            anchor_pattern,
        })
    }

    /// The words of the sequence whose anchor is `words[at]`, or `None` when the tokens on
    /// either side do not match.
    fn matches(
        &self,
        anchor: usize,
        at: usize,
        text: &str,
        words: &[Word],
    ) -> Option<Range<usize>> {
        let mut first = at;
        // The left side, from the nearest token.
        for i in 1..=anchor {
            let j = at.checked_sub(i)?;
            let mut token = self.tokens[anchor - i].clone();
            // Read from the right, the optional run is the other way round: the end token is
            // optional and the start token required.
            if token.skip > 0 {
                token.optional = (token.optional || token.end) && !token.start;
            }
            first = j;
            let hit = token_matches(&token, text, &words[j]);
            if !hit && !token.optional {
                return None;
            }
            if hit && token.optional {
                break;
            }
        }
        // The right side, the anchor included.
        let mut last = at;
        for i in 0..self.tokens.len() - anchor {
            let word = words.get(at + i)?;
            let token = &self.tokens[anchor + i];
            last = at + i;
            let hit = token_matches(token, text, word);
            if !hit && !token.optional {
                return None;
            }
            if hit && token.optional {
                break;
            }
        }
        Some(words[first].range.start..words[last].range.end)
    }
}

/// Whether `word` (of `text`) satisfies `token`, as Vale decides.
fn token_matches(token: &Token, text: &str, word: &Word) -> bool {
    let searched = |re: &fancy_regex::Regex, s: &str| re.is_match(s).unwrap_or(false);
    let failed_tag = token
        .tag
        .as_ref()
        .is_some_and(|re| searched(re, &word.tag) == token.negate)
        || (token.tag.is_none() && token.negate);
    let failed_word = token
        .pattern
        .as_ref()
        .is_some_and(|re| searched(re, &text[word.range.clone()]) == token.negate);
    match (&token.pattern, &token.tag) {
        (None, _) => !failed_tag,
        (Some(_), None) => !failed_word,
        (Some(_), Some(_)) => !(failed_tag || failed_word),
    }
}

impl ValeCheck for Sequence {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let (Some(anchor), Some(pattern)) = (self.anchor, &self.anchor_pattern) else {
            return Vec::new();
        };
        let words = tag(text);
        let mut used: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for _ in pattern.find_iter(text).flatten() {
            // The first word the anchor matches that no earlier match took.
            let Some(at) = (0..words.len()).find(|&j| {
                !used.contains(&j) && token_matches(&self.tokens[anchor], text, &words[j])
            }) else {
                break;
            };
            used.push(at);
            if let Some(range) = self.matches(anchor, at, text, &words) {
                let subs = words
                    .iter()
                    .filter(|w| w.range.start >= range.start && w.range.end <= range.end)
                    .map(|w| text[w.range.clone()].into())
                    .collect();
                out.push(Found {
                    range,
                    subs,
                    ..Found::default()
                });
            }
        }
        out
    }
}

/// The tagger, built once (it reads its lexicon).
fn tagger() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(Tagger::new)
}

/// The words of the sentence `text` with their tags.
pub fn tag(text: &str) -> Vec<Word> {
    let ranges = words(text);
    // A capitalised first word is tagged as the word it is (`Data`, `Meet`), not as a name,
    // unless it is one: the lower-case form of a name is unknown and still tagged `NNP`.
    let first = ranges
        .iter()
        .position(|r| text[r.clone()].chars().any(char::is_alphabetic));
    let values: Vec<String> = ranges
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let w = &text[r.clone()];
            // The `'s` of `let's` is `us`, not a possessive: a verb follows it.
            let after_let = i > 0 && text[ranges[i - 1].clone()].eq_ignore_ascii_case("let");
            if after_let && matches!(w, "'s" | "\u{2019}s") {
                return "us".to_string();
            }
            let mut chars = w.chars();
            let title =
                chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
            if Some(i) == first && title {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    let tagged = tagger().tag_raw_tokens(&values);
    ranges
        .into_iter()
        .zip(tagged)
        .map(|(range, t)| Word {
            range,
            tag: t.pos.unwrap_or_default(),
        })
        .collect()
}

/// Punctuation split off the start of a word.
const OPENING: &[char] = &[
    '"', '\'', '(', '[', '{', '\u{201C}', '\u{2018}', '\u{AB}', '`',
];
/// Punctuation split off the end of a word.
const CLOSING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '\u{201D}', '\u{2019}', '\u{BB}', '`',
    '\u{2026}',
];
/// Endings split off as words of their own, as treebank tokenizers do.
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// The byte ranges of the words of `text`: runs between white space, with opening and closing
/// punctuation and clitics (`'s`, `n't`) split off, and hyphenated words kept whole.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for chunk in text.split(char::is_whitespace) {
        let start = at;
        at += chunk.len()
            + text[at + chunk.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if chunk.is_empty() {
            continue;
        }
        let mut lo = start;
        let mut hi = start + chunk.len();
        let mut before = Vec::new();
        while let Some(c) = text[lo..hi].chars().next() {
            if !OPENING.contains(&c) || lo + c.len_utf8() >= hi {
                break;
            }
            before.push(lo..lo + c.len_utf8());
            lo += c.len_utf8();
        }
        let mut after = Vec::new();
        while let Some(c) = text[lo..hi].chars().next_back() {
            if !CLOSING.contains(&c) || hi - c.len_utf8() <= lo {
                break;
            }
            // The period of an abbreviation (`e.g.`, `U.S.`) stays with it.
            if c == '.' && text[lo..hi - 1].contains('.') {
                break;
            }
            after.push(hi - c.len_utf8()..hi);
            hi -= c.len_utf8();
        }
        out.extend(before);
        let core = text[lo..hi].replace('\u{2019}', "'").to_lowercase();
        match CLITICS
            .iter()
            .find(|c| core.len() > c.len() && core.ends_with(*c))
        {
            // The curly apostrophe is three bytes where `'` is one.
            Some(c) => {
                let tail = text[lo..hi]
                    .char_indices()
                    .rev()
                    .nth(c.chars().count() - 1)
                    .map_or(hi, |(i, _)| lo + i);
                out.push(lo..tail);
                out.push(tail..hi);
            }
            None => out.push(lo..hi),
        }
        out.extend(after.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(yaml: &str) -> serde_yaml::Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn found(yaml: &str, text: &str) -> Vec<(String, Vec<String>)> {
        let k = keys(yaml);
        let check = Sequence::new(&Keys(&k)).unwrap();
        check
            .run(text, &mut State::default())
            .into_iter()
            .map(|f| {
                (
                    text[f.range].to_string(),
                    f.subs.iter().map(|s| s.to_string()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn words_split_punctuation_and_clitics() {
        let text = "The endpoint's (new) meet-ups don't work, e.g. here.";
        let got: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "The", "endpoint", "'s", "(", "new", ")", "meet-ups", "do", "n't", "work", ",",
                "e.g.", "here", "."
            ]
        );
    }

    #[test]
    fn lets_is_let_us() {
        let text = "Let's meet up. The meet up is fun.";
        let tags: Vec<(&str, String)> = tag(text)
            .into_iter()
            .map(|w| (&text[w.range], w.tag))
            .collect();
        assert_eq!(tags[2], ("meet", "VBP".to_string()), "{tags:?}");
        assert_eq!(tags[6], ("meet", "NN".to_string()), "{tags:?}");
    }

    #[test]
    fn sequences_of_tags_and_patterns() {
        let yaml = "tokens:\n  - tag: MD\n  - pattern: be\n  - tag: JJ\n  - tag: VB|VBN\n";
        assert_eq!(
            found(yaml, "It would be great write a story."),
            [(
                "would be great write".to_string(),
                vec!["would".into(), "be".into(), "great".into(), "write".into()]
            )]
        );
        assert!(found(yaml, "It would be great to write a story.").is_empty());
        let apostrophe = "tokens:\n  - tag: NN\n  - pattern: \"'s\"\n  - pattern: are\n";
        assert_eq!(
            found(apostrophe, "The endpoint's are here.")[0].0,
            "endpoint's are"
        );
        // A skipped run: up to three words between the superlative and the idiom.
        let skip = "tokens:\n  - tag: JJS\n    skip: 3\n  - pattern: of\n  - pattern: all\n  - pattern: times\n";
        assert_eq!(
            found(skip, "The best player of all times was here.")[0].0,
            "best player of all times"
        );
        assert!(found(skip, "The player of all time was here.").is_empty());
    }
}
