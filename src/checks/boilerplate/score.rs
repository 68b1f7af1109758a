//! The line-level page-chrome score: what no phrase list names (`View Cart`, `Subtotal: $`,
//! `UP NEXT`, `0:00:00`, a headline repeated as the next line) told from article prose by the
//! shape of a unit and of its neighbours.
//!
//! Each unit gets a vector of [`FEATURES`]: its own shape (length, end punctuation, capitals,
//! title case, digits, prices, separators, jusText's stop-word density), the evidence the
//! hand-written signals of this kind found, its repetition in the document, its position and
//! the shape of its neighbours. A logistic model turns the vector into the probability that
//! the unit is page chrome. The weights are data, in the rule file (`weights:`), fitted by
//! `scripts/fit-chrome.py` on labelled real text (OSCAR's line labels, the AEB pages' true
//! bodies; see docs/quality.md) from the vectors `copydesk stats --lines` prints, so that the
//! fitted model and the shipped one read the same features.

use super::{Features, Unit, stop_words};
use crate::document::Document;
use rustc_hash::FxHashMap;

/// The features, in vector order, with what each says when it pushes a unit towards chrome.
/// The names are the keys of a rule's `weights:`.
pub const FEATURES: &[(&str, &str)] = &[
    ("words", "few words"),
    ("short", "fewer than 5 words"),
    ("no_end", "no end punctuation"),
    ("lead_in", "ends in a colon"),
    ("upper", "mostly capitals"),
    ("label", "a `Label: text` line"),
    ("title_case", "most words capitalised"),
    ("non_stop_share", "few function words"),
    ("digits", "many digits"),
    ("price", "a price"),
    ("separator", "menu separators"),
    ("url", "a link or address"),
    ("bullet", "a list marker"),
    ("evidence", "page-furniture words"),
    ("contact", "contact details"),
    ("link", "link words"),
    ("menu", "a menu item"),
    ("meta", "a byline, date, counter or credit"),
    ("notice", "a notice"),
    ("repeated", "repeated in the page"),
    ("prev_chrome", "after another such line"),
    ("next_chrome", "before another such line"),
    ("near_chrome", "among such lines"),
    ("prev_words", "after a short line"),
    ("next_words", "before a short line"),
    ("edge", "at the start or end of the page"),
    ("no_words", "table or menu residue"),
    ("one_word", "a single word"),
    ("lower_start", "starts in lower case"),
    ("headline", "a headline without its article"),
];

/// Number of features.
pub const N: usize = FEATURES.len();

/// A unit's feature vector.
pub type Vector = [f32; N];

/// A fitted logistic model: `p = 1 / (1 + exp(-(bias + weights · x)))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub bias: f32,
    pub weights: Vector,
    /// A run of units needs this probability on each of them to be reported.
    pub threshold: f32,
    /// A unit alone (its neighbours below `threshold`) needs this one.
    pub lone_threshold: f32,
}

impl Model {
    /// The probability that a unit with `x` is page chrome.
    pub fn probability(&self, x: &Vector) -> f32 {
        let z = self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The descriptions of the (up to three) features that pushed `x` furthest towards chrome.
    pub fn reasons(&self, x: &Vector) -> Vec<&'static str> {
        let mut pushes: Vec<(f32, usize)> = self
            .weights
            .iter()
            .zip(x)
            .enumerate()
            .map(|(i, (w, v))| (w * v, i))
            .filter(|&(push, _)| push > 0.0)
            .collect();
        pushes.sort_by(|a, b| b.0.total_cmp(&a.0));
        pushes.iter().take(3).map(|&(_, i)| FEATURES[i].1).collect()
    }
}

/// Units this long that end in terminal punctuation are sentences: they get no vector, so
/// that a list of full sentences, which a page's furniture never is, stays prose.
pub const SENTENCE_WORDS: usize = 8;

/// Separators of tables and menus: a unit without words is scored only when it holds one.
const RESIDUE: &[char] = &['|', '•', '·', '»', '›', '►', '▪', '¦'];

/// Whether unit `body` (with features `f`) is scored at all: not when it is plainly prose;
/// without words, only when it is table or menu residue (`| |`, `»`), not a rule, an underline,
/// a box border or a lone quotation mark; bylines and dates are not.
pub(super) fn scored(body: &str, f: &Features) -> bool {
    if f.words == 0 {
        return body.contains(RESIDUE);
    }
    // Bylines and datelines are the hand-written signals' to judge: alone, they are left to
    // the article (a dateline or a signature is legitimate); among furniture, they join a block.
    !(f.byline || f.timestamp) && (f.words < SENTENCE_WORDS || f.no_end)
}

/// The feature vectors of `units` (of `doc`); `None` for units that are plainly prose.
pub(super) fn vectors(doc: &Document, units: &[Unit]) -> Vec<Option<Vector>> {
    let text = doc.text();
    let words = doc.words();
    let stop = stop_words();
    let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
    for u in units
        .iter()
        .filter(|u| scored(&text[u.range.clone()], &u.f))
    {
        *seen.entry(&text[u.range.clone()]).or_default() += 1;
    }
    let non_prose: Vec<bool> = units.iter().map(|u| u.f.non_prose()).collect();
    let n = units.len();
    let mut next_word = 0;
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            if !scored(&text[u.range.clone()], &u.f) {
                return None;
            }
            let f = &u.f;
            let body = &text[u.range.clone()];
            let first = words.first_from(next_word, |s| s.start >= u.range.start);
            next_word = words.first_from(first, |s| s.end > u.range.end);
            let count = next_word - first;
            let stops = (first..next_word)
                .filter(|&w| stop.contains(&words, w))
                .count();
            let capitalised = (first..next_word)
                .filter(|&w| words.text(w).chars().next().is_some_and(char::is_uppercase))
                .count();
            let shape = Shape::of(body);
            let near = (i.saturating_sub(3)..(i + 4).min(n))
                .filter(|&j| j != i)
                .collect::<Vec<_>>();
            let ln = |w: usize| (1.0 + w as f32).ln();
            let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f32 / b as f32 };
            let b = |v: bool| f32::from(u8::from(v));
            let mut x = [0.0; N];
            x[0] = -ln(f.words);
            x[1] = b(f.short);
            x[2] = b(f.no_end);
            x[3] = b(f.lead_in);
            x[4] = b(f.upper);
            x[5] = b(f.label);
            x[6] = share(capitalised, count);
            x[7] = 1.0 - share(stops, count);
            x[8] = share(shape.digits, shape.visible);
            x[9] = b(shape.price);
            x[10] = b(shape.separator);
            x[11] = b(shape.url);
            x[12] = b(shape.bullet);
            x[13] = f.evidence() as f32 / 3.0;
            x[14] = b(f.phone || f.contact);
            x[15] = b(f.link > 0);
            x[16] = b(f.menu || f.listed || f.related);
            x[17] = b(f.counter || f.byline || f.timestamp || f.credit || f.tags);
            x[18] = b(f.notice || f.paywall);
            x[19] = b(seen.get(body).is_some_and(|&c| c > 1));
            x[20] = b(i > 0 && non_prose[i - 1]);
            x[21] = b(i + 1 < n && non_prose[i + 1]);
            x[22] = share(near.iter().filter(|&&j| non_prose[j]).count(), near.len());
            x[23] = -(if i > 0 { ln(units[i - 1].f.words) } else { 0.0 });
            x[24] = -(if i + 1 < n {
                ln(units[i + 1].f.words)
            } else {
                0.0
            });
            x[25] = b(i < 2 || i + 2 >= n);
            x[26] = b(f.words == 0);
            x[27] = b(f.words == 1);
            x[28] = b(body.chars().next().is_some_and(char::is_lowercase));
            x[29] = b(f.no_end && (4..=14).contains(&f.words) && x[6] >= 0.5);
            Some(x)
        })
        .collect()
}

/// Character-level shape of a unit.
#[derive(Debug, Default)]
struct Shape {
    visible: usize,
    digits: usize,
    price: bool,
    separator: bool,
    url: bool,
    bullet: bool,
}

impl Shape {
    fn of(body: &str) -> Shape {
        let boxed = body.len() > 1 && body.starts_with('*') && body.ends_with('*');
        let mut s = Shape {
            // A line between `*` borders is the inside of a text box, not a list item.
            bullet: body.starts_with(['•', '·', '-', '*', '▪', '►', '»', '>']) && !boxed,
            url: body.contains("http") || body.contains("www.") || body.contains(".com"),
            ..Shape::default()
        };
        let mut prev = ' ';
        let mut prev_space = true;
        for c in body.chars() {
            if !c.is_whitespace() {
                s.visible += 1;
            }
            if c.is_ascii_digit() {
                s.digits += 1;
                if matches!(prev, '$' | '€' | '£' | '¥') {
                    s.price = true;
                }
            }
            if matches!(c, '|' | '•' | '·' | '»' | '›' | '/' | '>') && prev_space {
                s.separator = true;
            }
            prev_space = c.is_whitespace();
            if !prev_space {
                prev = c;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_sees_prices_separators_and_links() {
        let s = Shape::of("Subtotal: $ 12.99 | View Cart");
        assert!(s.price, "a space between the sign and the digits");
        assert!(s.separator);
        let s = Shape::of("from $15.16 at www.example.org");
        assert!(s.price && s.url && !s.separator);
        assert_eq!((s.digits, s.visible), (4, 27));
        assert!(Shape::of("• Home").bullet);
        assert!(!Shape::of("*  6. Disclaimer of Warranty   *").bullet);
    }

    #[test]
    fn the_model_explains_its_strongest_pushes() {
        let mut weights = [0.0; N];
        weights[1] = 2.0;
        weights[2] = 1.0;
        weights[4] = -1.0;
        let model = Model {
            bias: -1.0,
            weights,
            threshold: 0.5,
            lone_threshold: 0.9,
        };
        let mut x = [0.0; N];
        x[1] = 1.0;
        x[2] = 1.0;
        x[4] = 1.0;
        assert!((model.probability(&x) - 1.0 / (1.0 + (-1.0f32).exp())).abs() < 1e-6);
        assert_eq!(
            model.reasons(&x),
            vec!["fewer than 5 words", "no end punctuation"]
        );
    }
}
