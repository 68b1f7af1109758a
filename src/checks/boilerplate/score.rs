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

use super::line::ByteCounts;
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
    ("run", "one of a long run of short lines"),
];

/// Whether `body` holds a menu or table separator (the `separator` feature).
pub(super) fn has_separator(body: &str) -> bool {
    Shape::of(body).separator
}

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

/// Features read from the words of the unit (their case, stop words, repetition in the page),
/// each between 0 and 1; the others come from the unit's signals, its characters and its
/// neighbours, which cost less.
const WORD_FEATURES: [usize; 4] = [6, 7, 19, 29];
/// Features read from the characters of the unit (digits, prices, separators, links), also
/// between 0 and 1: read only for units the other features leave a chance.
const CHARACTER_FEATURES: [usize; 4] = [8, 9, 10, URL];
/// The character feature that says the unit holds a link or an address.
const URL: usize = 11;
/// The feature that says the unit is one of a long run of short lines.
const RUN: usize = 30;
/// The character feature that says the unit holds a price.
const PRICE: usize = 9;

/// The feature vectors of `units` (of `doc`); `None` for units that are plainly prose.
pub(super) fn vectors(doc: &Document, units: &[Unit]) -> Vec<Option<Vector>> {
    vectors_of(doc, units, |_| true)
}

/// The vectors of the units `wanted` says (the others `None`): the reasons of the findings.
pub(super) fn vectors_of(
    doc: &Document,
    units: &[Unit],
    wanted: impl Fn(usize) -> bool,
) -> Vec<Option<Vector>> {
    let mut out = vec![None; units.len()];
    visit(doc, units, None, wanted, |i, x| out[i] = Some(*x));
    out
}

/// The model's probability for each of `units` (0 for a unit not scored): what the check
/// needs, without keeping a vector per unit. A unit that cannot reach the model's lower
/// threshold whatever its remaining features are (each is at most 1) gets 0 as soon as that is
/// known: most units of an article are told apart without their words, and looking those up
/// would cost as much as the rest.
pub(super) fn probabilities(doc: &Document, units: &[Unit], model: &Model) -> Vec<f32> {
    let mut p = vec![0.0; units.len()];
    visit(
        doc,
        units,
        Some(model),
        |_| true,
        |i, x| p[i] = model.probability(x),
    );
    p
}

/// Calls `f_visit` with the index and the vector of each unit `wanted` that is scored (see
/// [`vectors`]) and, with `prune`, that can reach the model's lower threshold (see
/// [`probabilities`]).
fn visit(
    doc: &Document,
    units: &[Unit],
    prune: Option<&Model>,
    wanted: impl Fn(usize) -> bool,
    mut f_visit: impl FnMut(usize, &Vector),
) {
    let text = doc.text();
    let words = doc.words();
    let stop = stop_words();
    // How often each scored unit's text is in the document: counted when a unit first gets
    // this far, which in most documents none does.
    let mut seen: Option<FxHashMap<&str, u32>> = None;
    let count_seen = || {
        let scored_units: Vec<&Unit> = units
            .iter()
            .filter(|u| scored(&text[u.range.clone()], &u.f))
            .collect();
        // Sized once: grown a step at a time, the map was rehashed as often as it was filled.
        let mut seen: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(scored_units.len(), Default::default());
        for u in scored_units {
            *seen.entry(&text[u.range.clone()]).or_default() += 1;
        }
        seen
    };
    let non_prose: Vec<bool> = units.iter().map(|u| u.f.non_prose()).collect();
    let runs = short_runs(units);
    // The score a unit needs less the most its word features can add, and that less the most
    // its character features can add.
    let floor = prune.map(|m| {
        let p = m.threshold.min(m.lone_threshold).clamp(1e-6, 1.0 - 1e-6);
        let most =
            |features: &[usize]| -> f32 { features.iter().map(|&i| m.weights[i].max(0.0)).sum() };
        let after_characters = (p / (1.0 - p)).ln() - most(&WORD_FEATURES);
        (
            m,
            after_characters - most(&CHARACTER_FEATURES),
            after_characters,
        )
    });
    // Far more than the rounding of a sum of the model's terms (each feature is at most 1).
    let slack = prune.map_or(0.0, |m| {
        1e-3 * (1.0 + m.bias.abs() + m.weights.iter().map(|w| w.abs()).sum::<f32>())
    });
    let partial = |model: &Model, x: &Vector| {
        model.bias + model.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>()
    };
    let n = units.len();
    let mut next_word = 0;
    for (i, u) in units.iter().enumerate() {
        let body = &text[u.range.clone()];
        if !wanted(i) || !scored(body, &u.f) {
            continue;
        }
        {
            let f = &u.f;
            let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f32 / b as f32 };
            let b = |v: bool| f32::from(u8::from(v));
            let near = i.saturating_sub(3)..(i + 4).min(n);
            let near_len = near.len() - 1;
            let near_chrome = near.filter(|&j| j != i && non_prose[j]).count();
            let mut x = [0.0; N];
            x[0] = few_words(f.words);
            x[1] = b(f.short);
            x[2] = b(f.no_end);
            x[3] = b(f.lead_in);
            x[4] = b(f.upper);
            x[5] = b(f.label);
            x[13] = f.evidence() as f32 / 3.0;
            x[14] = b(f.phone || f.contact);
            x[15] = b(f.link > 0);
            x[16] = b(f.menu || f.listed || f.related);
            x[17] = b(f.counter || f.byline || f.timestamp || f.credit || f.tags);
            x[18] = b(f.notice || f.paywall);
            x[20] = b(i > 0 && non_prose[i - 1]);
            x[21] = b(i + 1 < n && non_prose[i + 1]);
            x[22] = share(near_chrome, near_len);
            x[23] = if i > 0 {
                few_words(units[i - 1].f.words)
            } else {
                0.0
            };
            x[24] = if i + 1 < n {
                few_words(units[i + 1].f.words)
            } else {
                0.0
            };
            x[25] = b(i < 2 || i + 2 >= n);
            x[26] = b(f.words == 0);
            x[27] = b(f.words == 1);
            x[28] = b(body.chars().next().is_some_and(char::is_lowercase));
            x[12] = b(is_bullet(body));
            x[RUN] = runs[i];
            if let Some((model, floor, _)) = floor
                && partial(model, &x) < floor
            {
                continue;
            }
            // Without a separator mark the character features can add a price and a link at
            // most (digits only take away), and that bound turns nearly every unit away
            // before its characters are counted. Unlike the exact cuts, the bound is summed
            // apart from the vector, so it keeps `slack` clear of the rounding.
            if let Some((model, _, floor)) = floor
                && !may_separate(body)
                && partial(model, &x)
                    + model.weights[PRICE].max(0.0)
                    + model.weights[URL].max(0.0)
                    + slack
                    < floor
            {
                continue;
            }
            let shape = Shape::of(body);
            x[8] = share(shape.digits, shape.visible);
            x[9] = b(shape.price);
            x[10] = b(shape.separator);
            // A link is looked for last, and only if the unit can still reach the threshold
            // with one: three searches of the unit's text for what few units hold.
            if let Some((model, _, floor)) = floor
                && partial(model, &x) + model.weights[URL].max(0.0) < floor
            {
                continue;
            }
            x[URL] = b(has_link(body));
            if let Some((model, _, floor)) = floor
                && partial(model, &x) < floor
            {
                continue;
            }
            let first = words.first_from(next_word, |s| s.start >= u.range.start);
            next_word = words.first_from(first, |s| s.end > u.range.end);
            let count = next_word - first;
            let stops = (first..next_word)
                .filter(|&w| stop.contains(&words, w))
                .count();
            let capitalised = (first..next_word)
                .filter(|&w| starts_upper(words.text(w)))
                .count();
            x[6] = share(capitalised, count);
            x[7] = 1.0 - share(stops, count);
            let seen = seen.get_or_insert_with(count_seen);
            x[19] = b(seen.get(body).is_some_and(|&c| c > 1));
            x[29] = b(f.no_end && (4..=14).contains(&f.words) && x[6] >= 0.5);
            f_visit(i, &x);
        }
    }
}

/// Units of this many words or more get nothing of the `words` feature (nor their neighbours of
/// `prev_words` and `next_words`).
const FEW_WORDS: usize = 32;

/// How few words `words` is, between 1 (none) and 0 (at least [`FEW_WORDS`]), falling with its
/// logarithm. Bounded, so that a weight fitted on lines of a few dozen words cannot make a
/// paragraph of millions of words (a line of nine million quotation marks) read as chrome: an
/// unbounded `-ln(words)` with the negative weight a fit may give it did.
fn few_words(words: usize) -> f32 {
    let ln = |w: usize| (1.0 + w as f32).ln();
    1.0 - (ln(words) / ln(FEW_WORDS)).min(1.0)
}

/// Runs of short lines without end punctuation up to this long get nothing of the `run`
/// feature: an article's lists and its headings with their few lines are this short.
const RUN_FROM: usize = 8;
/// Runs this long get the whole of it: a menu or a link list is dozens of such lines in a row.
const RUN_FULL: usize = 24;

/// For each unit, the `run` feature: 0 outside a run of short units without end punctuation
/// and in a run of at most [`RUN_FROM`] of them, then rising with the run's length to 1 at
/// [`RUN_FULL`]. (A step at one length, or the logarithm of the length, did as well or worse
/// on OSCAR dev and the AEB pages: docs/quality.md.)
fn short_runs(units: &[Unit]) -> Vec<f32> {
    let short = |u: &Unit| u.f.short && u.f.no_end;
    let mut out = vec![0.0; units.len()];
    let mut start = 0;
    while start < units.len() {
        if !short(&units[start]) {
            start += 1;
            continue;
        }
        let end = start + units[start..].iter().take_while(|u| short(u)).count();
        let value = (end - start).saturating_sub(RUN_FROM) as f32 / (RUN_FULL - RUN_FROM) as f32;
        out[start..end].fill(value.min(1.0));
        start = end;
    }
    out
}

/// Whether `body` starts with a list marker; a line between `*` borders is the inside of a
/// text box, not a list item.
fn is_bullet(body: &str) -> bool {
    let boxed = body.len() > 1 && body.starts_with('*') && body.ends_with('*');
    body.starts_with(['•', '·', '-', '*', '▪', '►', '»', '>']) && !boxed
}

/// Whether `word` starts with a capital letter (ASCII read as bytes, the rest decoded).
fn starts_upper(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Character-level shape of a unit.
#[derive(Debug, Default)]
struct Shape {
    visible: usize,
    digits: usize,
    price: bool,
    separator: bool,
}

/// Whether `body` may hold a separator ([`Shape::separator`]): an ASCII mark, or any character
/// outside ASCII.
fn may_separate(body: &str) -> bool {
    memchr::memchr3(b'|', b'/', b'>', body.as_bytes()).is_some() || !body.is_ascii()
}

/// Whether `body` holds a link or a web address.
fn has_link(body: &str) -> bool {
    LINK_MARKS.iter().any(|f| f.find(body.as_bytes()).is_some())
}

impl Shape {
    /// Counts with the signals' own pass ([`ByteCounts`]); the marks are then looked for with
    /// `memchr`, which skips the many units that have none.
    fn of(body: &str) -> Shape {
        let bytes = body.as_bytes();
        let ByteCounts {
            visible,
            digits,
            high,
            ..
        } = ByteCounts::of(bytes);
        let after_space = |i: usize| i == 0 || bytes[i - 1].is_ascii_whitespace();
        let mut separator = memchr::memchr3_iter(b'|', b'/', b'>', bytes).any(&after_space);
        let mut price =
            digits > 0 && memchr::memchr_iter(b'$', bytes).any(|i| digit_after(bytes, i + 1));
        if high > 0 {
            separator = separator
                || ["•", "·", "»", "›"]
                    .iter()
                    .any(|m| body.match_indices(m).any(|(i, _)| after_space(i)));
            price = price
                || (digits > 0
                    && ["€", "£", "¥"].iter().any(|m| {
                        body.match_indices(m)
                            .any(|(i, m)| digit_after(bytes, i + m.len()))
                    }));
        }
        Shape {
            visible,
            digits,
            price,
            separator,
        }
    }
}

/// What marks a link or an address, as searchers built once.
static LINK_MARKS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    std::sync::LazyLock::new(|| {
        [b"http".as_slice(), b"www.", b".com"].map(memchr::memmem::Finder::new)
    });

/// Whether a digit follows at `at`, after white space.
fn digit_after(bytes: &[u8], at: usize) -> bool {
    bytes[at.min(bytes.len())..]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(u8::is_ascii_digit)
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
        assert!(s.price && !s.separator);
        assert!(has_link("from $15.16 at www.example.org") && !has_link("View Cart"));
        assert_eq!((s.digits, s.visible), (4, 27));
        for body in [
            "Home | News",
            "a / b",
            "Home » News",
            "> quoted",
            "Home News",
            "12/03",
        ] {
            assert!(may_separate(body) || !Shape::of(body).separator, "{body}");
        }
        assert!(!may_separate("View Cart") && may_separate("Home · News"));
        assert!(is_bullet("• Home"));
        assert!(!is_bullet("*  6. Disclaimer of Warranty   *"));
    }

    #[test]
    fn runs_of_short_lines_count_past_an_article_list() {
        let unit = |short: bool| Unit {
            range: 0..0,
            f: Features {
                short,
                no_end: true,
                ..Features::default()
            },
        };
        // A lone heading, a list of 8 items, a sentence, then a menu of 16 and one of 30.
        let mut units = vec![unit(true), unit(false)];
        units.extend((0..RUN_FROM).map(|_| unit(true)));
        units.push(unit(false));
        units.extend((0..16).map(|_| unit(true)));
        units.push(unit(false));
        units.extend((0..30).map(|_| unit(true)));
        let runs = short_runs(&units);
        assert_eq!(runs[0], 0.0);
        assert!(runs[2..2 + RUN_FROM].iter().all(|&r| r == 0.0));
        let menu = 3 + RUN_FROM;
        assert!(runs[menu..menu + 16].iter().all(|&r| r == 0.5), "{runs:?}");
        assert_eq!(runs[menu + 16], 0.0);
        assert!(runs[menu + 17..].iter().all(|&r| r == 1.0));
        // A short line with end punctuation breaks a run.
        let mut stop = unit(true);
        stop.f.no_end = false;
        let mut units: Vec<Unit> = (0..2 * RUN_FROM).map(|_| unit(true)).collect();
        units[RUN_FROM] = stop;
        assert!(short_runs(&units).iter().all(|&r| r == 0.0));
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
