//! `density`: a paragraph where evidence is dense, of two forms.
//!
//! - `of:` counts other rules' findings (`Spun.DenseParagraph`: two or more tortured phrases in
//!   one paragraph mean the whole paragraph went through a spinner). Such a rule finds nothing
//!   by itself: the linter counts, per paragraph, the findings of the rules it names once every
//!   other rule has run, and reports the paragraph when there are at least `min` of them.
//! - `list:` weighs the phrases of a built-in lexicon (`Spun.SpinnerParagraph`: words a
//!   thesaurus put in place of the usual ones, `upward thrust` for rise, `knowledge` for data).
//!   One such phrase is weak evidence, several are ordinary English; a paragraph with at least
//!   `min` different ones, weighing at least `weight` in all and `score` per hundred words, the
//!   heaviest at least `strongest`, is reported once, each phrase a label with its usual
//!   wording. Only the phrases that weigh `strongest` or more are literals of the engine's one
//!   automaton: a paragraph without one of them is never reported, and the few that hold one
//!   are searched for all the phrases. The light ones are ordinary words (`the place`, `may
//!   just`, `knowledge`); as literals they put states on the automaton's busiest paths, which
//!   every document's walk then reads from memory instead of the cache.

use super::registry::{BuildContext, Built, KeyError, Spec};
use super::{Check, Finding, Hit, Hits, Literal, Patterns, Sink};
use crate::document::Document;
use crate::engine::patterns::within_bounds;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input};
use serde::Deserialize;
use std::sync::OnceLock;

/// The built-in lexicons a `list:` names: `phrase<TAB>usual wording<TAB>weight` lines, `#`
/// comments.
const LEXICONS: &[(&str, &str)] = &[(
    "spinner-substitutions",
    include_str!("../../data/spinner-substitutions.tsv"),
)];

/// The fewest words a paragraph is taken to have when its density is worked out: in a short
/// paragraph, three phrases would otherwise weigh as much as a dense page.
const MIN_WORDS: usize = 40;

#[derive(Debug)]
pub struct Density {
    /// Rule ids or pack names whose findings are counted.
    pub of: Vec<String>,
    /// Findings per paragraph that make it dense.
    pub min: usize,
}

/// The keys of a rule that extends `density`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DensitySpec {
    /// The rule ids or packs whose findings are counted per paragraph.
    #[serde(default)]
    pub of: Vec<String>,
    /// Findings (with `list`: different phrases) per paragraph that make it dense (default 2).
    #[serde(default)]
    pub min: Option<usize>,
    /// A built-in lexicon whose phrases are weighed per paragraph, instead of `of`.
    #[serde(default)]
    pub list: Option<String>,
    /// With `list`: the summed weights per hundred words that make a paragraph dense.
    #[serde(default)]
    pub score: Option<f32>,
    /// With `list`: the summed weights a paragraph must reach whatever its length, so that a
    /// few ordinary words in a short paragraph are not enough.
    #[serde(default)]
    pub weight: Option<f32>,
    /// With `list`: what the heaviest phrase of the paragraph must weigh, so that ordinary
    /// words alone, however many, are not enough.
    #[serde(default)]
    pub strongest: Option<f32>,
}

impl Spec for DensitySpec {
    fn build(self, context: &BuildContext) -> Result<Built, KeyError> {
        if let Some(name) = &self.list {
            if !self.of.is_empty() {
                let message = "`of` and `list` are two kinds of density: give one".to_string();
                return Err(KeyError::at_key("list", message));
            }
            let Some(&(_, text)) = LEXICONS.iter().find(|(n, _)| n == name) else {
                let known: Vec<&str> = LEXICONS.iter().map(|(n, _)| *n).collect();
                let message = format!("no built-in lexicon `{name}` (known: {})", known.join(", "));
                return Err(KeyError::at_value("list", name, message));
            };
            let number = |key: &'static str, value: Option<f32>, default: f32| {
                let value = value.unwrap_or(default);
                if value.is_finite() && value >= 0.0 {
                    Ok(value)
                } else {
                    let message = format!("`{key}` must be a number of 0 or more, not {value}");
                    Err(KeyError::at_key(key, message))
                }
            };
            let phrases = lexicon(text);
            let strongest = number("strongest", self.strongest, 0.0)?;
            let check = LexiconDensity {
                strong: (0..phrases.len())
                    .filter(|&i| phrases[i].weight >= strongest)
                    .collect(),
                phrases,
                all: OnceLock::new(),
                min: self.min.unwrap_or(2).max(1),
                score: number("score", self.score, 3.0)?,
                weight: number("weight", self.weight, 0.0)?,
                strongest,
            };
            return Ok(Built::new(check, None));
        }
        let weights = [
            ("score", self.score),
            ("weight", self.weight),
            ("strongest", self.strongest),
        ];
        for (key, value) in weights {
            if value.is_some() {
                let message = format!("`{key}` weighs the phrases of a `list`");
                return Err(KeyError::at_key(key, message));
            }
        }
        if self.of.is_empty() {
            return Err(context.missing("of` or `list"));
        }
        let check = Density {
            of: self.of,
            min: self.min.unwrap_or(2).max(1),
        };
        Ok(Built::new(check, None))
    }
}

impl Density {
    /// Whether a finding of rule `id` counts.
    pub fn counts(&self, id: &str) -> bool {
        self.of
            .iter()
            .any(|s| s == id || id.split_once('.').is_some_and(|(pack, _)| pack == s))
    }
}

impl Check for Density {
    fn check(&self, _doc: &Document, _hits: Hits, _out: &mut dyn Sink) {}

    fn density(&self) -> Option<&Density> {
        Some(self)
    }
}

/// One phrase of a lexicon.
#[derive(Debug)]
struct Phrase {
    text: &'static str,
    usual: &'static str,
    weight: f32,
}

impl Phrase {
    /// The phrase as a literal: any case, whole words.
    fn literal(&self) -> Literal {
        Literal {
            text: self.text.to_string(),
            ignorecase: true,
            word_bounded: true,
        }
    }
}

/// The phrases of a lexicon's text; a line without a weight weighs 1. The built-in lexicons are
/// checked by a test, so a bad line cannot reach a user.
fn lexicon(text: &'static str) -> Vec<Phrase> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t');
            let text = cols.next().unwrap_or_default();
            let usual = cols.next().unwrap_or_default();
            let weight = cols.next().and_then(|w| w.parse().ok()).unwrap_or(1.0);
            Phrase {
                text,
                usual,
                weight,
            }
        })
        .collect()
}

/// A `density` rule over a lexicon (see the module documentation).
#[derive(Debug)]
pub struct LexiconDensity {
    phrases: Vec<Phrase>,
    /// The phrases that weigh `strongest` or more, the engine's literals (its hits' patterns
    /// index this).
    strong: Vec<usize>,
    /// All the phrases, for the paragraphs that hold a strong one; built at the first.
    all: OnceLock<(AhoCorasick, Vec<(bool, bool)>)>,
    /// Different phrases a paragraph must hold.
    min: usize,
    /// Summed weights per hundred words a paragraph must reach.
    score: f32,
    /// Summed weights a paragraph must reach.
    weight: f32,
    /// What the paragraph's heaviest phrase must weigh.
    strongest: f32,
}

impl LexiconDensity {
    /// The automaton of all the phrases, and each one's word bounds.
    fn all(&self) -> &(AhoCorasick, Vec<(bool, bool)>) {
        self.all.get_or_init(|| {
            let literals: Vec<Literal> = self.phrases.iter().map(Phrase::literal).collect();
            // The contiguous NFA builds in a tenth of the time of the DFA the builder would pick
            // for a few hundred phrases, and searches the odd paragraph about as fast.
            let automaton = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .ascii_case_insensitive(true)
                .build(literals.iter().map(|l| &l.text))
                .expect("a lexicon of a few hundred phrases builds");
            (automaton, literals.iter().map(Literal::bounds).collect())
        })
    }

    /// The phrases of `text[range]`, leftmost-longest (as hits whose pattern is the phrase's
    /// index).
    fn phrases_in(&self, text: &str, range: std::ops::Range<usize>) -> Vec<Hit> {
        let (automaton, bounds) = self.all();
        let input = Input::new(text).span(range);
        let hits: Vec<Hit> = automaton
            .find_overlapping_iter(input)
            .filter(|m| within_bounds(text, m.range(), bounds[m.pattern().as_usize()]))
            .map(|m| Hit::literal(m.pattern().as_usize(), m.range()))
            .collect();
        super::leftmost_longest(&hits)
            .into_iter()
            .cloned()
            .collect()
    }
}

impl Check for LexiconDensity {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: self
                .strong
                .iter()
                .map(|&i| self.phrases[i].literal())
                .collect(),
            regexes: Vec::new(),
        }
    }

    fn reads_words(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        if hits.literals.is_empty() {
            return;
        }
        let text = doc.text();
        let words = doc.words();
        let mut strong = hits.literals.iter().map(|h| h.range.start).peekable();
        for para in doc.paragraphs() {
            // The hits are in order: those before this paragraph lay in none.
            while strong.next_if(|&at| at < para.start).is_some() {}
            if strong.next_if(|&at| at < para.end).is_none() {
                continue;
            }
            let inside = self.phrases_in(text, para.clone());
            if inside.len() < self.min {
                continue;
            }
            // Each phrase weighs once however often the paragraph says it.
            let mut seen = Vec::new();
            let (mut weight, mut strongest) = (0.0, 0.0f32);
            for h in &inside {
                if !seen.contains(&h.pattern) {
                    seen.push(h.pattern);
                    weight += self.phrases[h.pattern].weight;
                    strongest = strongest.max(self.phrases[h.pattern].weight);
                }
            }
            if strongest < self.strongest {
                continue;
            }
            let count = words.starting_before(para.end) - words.starting_before(para.start);
            let per_hundred = weight * 100.0 / count.max(MIN_WORDS) as f32;
            if seen.len() < self.min || weight < self.weight || per_hundred < self.score {
                continue;
            }
            let usual: Vec<String> = seen
                .iter()
                .map(|&i| format!("'{}' for '{}'", self.phrases[i].text, self.phrases[i].usual))
                .collect();
            let mut f = Finding::new(para.clone(), vec![seen.len().to_string(), usual.join(", ")]);
            f.labels = inside
                .iter()
                .map(|h| {
                    let usual = self.phrases[h.pattern].usual;
                    (h.range.clone(), format!("usually '{usual}'"))
                })
                .collect();
            out.push(f);
        }
    }
}
