//! `foreign`: a German, French, Spanish, Italian, Dutch or Portuguese word left untranslated in
//! English text (`the vaccine was sicher and effective`).
//!
//! The word lists (`data/foreign/<lang>.txt`, derived from wordfreq) are merged into one hash
//! table at build time (build.rs) and embedded in the binary as it is, so that no run pays for
//! building it.

use super::registry::{BuildContext, Built, KeyError, Spec};
use super::{Check, Finding, Hits, Sink};
use crate::document::Document;
use crate::text::language::Language;
use crate::text::words::{WordKey, Words};
use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Language names in bit order of [`ForeignLexicon::languages`] (build.rs reads the lists in the
/// same order).
const LANGUAGES: [&str; 6] = [
    "German",
    "French",
    "Spanish",
    "Italian",
    "Dutch",
    "Portuguese",
];

/// The table build.rs lays out from the lists; its format is described there.
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/foreign_table.bin"));
/// A filter of the table's words that build.rs lays out with it; its format is described there.
static FILTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/foreign_filter.bin"));

const GERMAN: u8 = 1;
const FRENCH: u8 = 1 << 1;
const ITALIAN: u8 = 1 << 3;
/// Table bit (set by build.rs) for a word among the 2,000 most frequent of one of its lists:
/// common enough to be flagged in capitals or capitalised at a sentence start, where rarer ones
/// are more often names (`Mendonça said`).
const COMMON: u8 = 1 << 7;
const LANGUAGE_BITS: u8 = (1 << LANGUAGES.len()) - 1;

/// Shorter words are never flagged: three-letter words collide with names, abbreviations and
/// English too often (`tem`, `pra`, `sul`). They still count as evidence of a foreign paragraph.
const MIN_FLAGGED_CHARS: u8 = 4;
/// Words of this length or more count towards the language mix of a paragraph or quotation.
const MIN_COUNTED_CHARS: u8 = 3;
/// A quotation of at most this many words is a title or a phrase, cited as it is.
const MAX_PHRASE_WORDS: usize = 8;

/// A capitalised word after one of these is more likely a place than a German noun
/// (`in München`, `from Köln`).
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "from", "to", "at", "near", "of", "via", "into", "outside", "around", "across",
    "between", "and", "or", "by", "towards", "toward",
];

/// Function words of the six languages that English does not use: next to a listed word they
/// mark a foreign phrase.
const FOREIGN_CONNECTORS: &[&str] = &[
    "für", "und", "der", "das", "dem", "des", "von", "vom", "zum", "zur", "im", "du", "les", "et",
    "aux", "au", "di", "del", "della", "dei", "degli", "delle", "ed", "il", "lo", "gli", "y", "el",
    "los", "las", "da", "em", "na", "nas", "het", "een", "voor", "de", "la", "le", "e", "à",
];

/// Words that announce a noun: `The Stadtrat approved` is a German noun after a sentence start.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "its",
    "every", "each", "no", "my", "your",
];

/// Elided articles and prepositions (`l’école`, `dell’anno`): the rest of the word is looked up.
const ELISIONS: &[(&str, u8)] = &[
    ("l", FRENCH | ITALIAN),
    ("d", FRENCH),
    ("qu", FRENCH),
    ("j", FRENCH),
    ("n", FRENCH),
    ("s", FRENCH),
    ("c", FRENCH),
    ("dell", ITALIAN),
    ("all", ITALIAN),
    ("nell", ITALIAN),
    ("dall", ITALIAN),
    ("sull", ITALIAN),
    ("un", ITALIAN),
];

/// The shipped foreign-word lists merged into one table: lower-case word → bit set of languages.
pub struct ForeignLexicon {
    /// Number of distinct words.
    len: usize,
    /// Open-addressing slots, a power of two of them (u32 LE each).
    slots: &'static [u8],
    /// The entries the slots point into.
    entries: &'static [u8],
}

impl std::fmt::Debug for ForeignLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForeignLexicon")
            .field("words", &self.len)
            .finish()
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl ForeignLexicon {
    /// The table embedded at build time: nothing is built or parsed at run time.
    pub fn get() -> &'static ForeignLexicon {
        static LEXICON: OnceLock<ForeignLexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let slots_len = u32_at(TABLE, 4) as usize;
            let (slots, entries) = TABLE[8..].split_at(slots_len * 4);
            ForeignLexicon {
                len: u32_at(TABLE, 0) as usize,
                slots,
                entries,
            }
        })
    }

    /// Bytes of the embedded table.
    pub fn table_bytes() -> usize {
        TABLE.len()
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The languages whose list holds `lower` (already lower-cased), as a bit set in the order
    /// of [`ForeignLexicon::language_names`]; 0 when none does.
    pub fn languages(&self, lower: &str) -> u8 {
        self.entry(lower) & LANGUAGE_BITS
    }

    /// Whether `lower` is among the most frequent words of one of the lists.
    pub fn is_common(&self, lower: &str) -> bool {
        self.entry(lower) & COMMON != 0
    }

    fn entry(&self, lower: &str) -> u8 {
        let key = lower.as_bytes();
        self.probe(crate::text::word_hash::word(key), |word| word == key)
    }

    /// [`Self::entry`] for an ASCII word in any case, given its key (which for ASCII is the
    /// hash of the lower-cased bytes): no lower-cased copy is made.
    fn entry_ascii(&self, key: WordKey, word: &[u8]) -> u8 {
        self.probe(key.bits(), |listed| listed.eq_ignore_ascii_case(word))
    }

    /// Whether a word hashing to `hash` (its [`crate::text::word_hash::word`]) may be listed;
    /// `false` is certain, and answered from a filter small enough to stay in cache, where a
    /// probe of the table is likely a cache miss.
    fn may_hold(hash: u32) -> bool {
        let (block, bits) = super::foreign_filter::filter_position(hash);
        let at = block * 8;
        // A block beyond the filter (there is none) lets every word through.
        let block = FILTER
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(u64::MAX, u64::from_le_bytes);
        block & bits == bits
    }

    fn probe(&self, hash: u32, is_word: impl Fn(&[u8]) -> bool) -> u8 {
        if !Self::may_hold(hash) {
            return 0;
        }
        let mask = self.slots.len() / 4 - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = u32_at(self.slots, i * 4) as usize;
            if slot == 0 {
                return 0;
            }
            let entry = &self.entries[slot - 1..];
            let len = usize::from(entry[1]);
            if entry.get(2..2 + len).is_some_and(&is_word) {
                return entry[0];
            }
            i = (i + 1) & mask;
        }
    }

    /// English names of the languages in `mask`: `German`, `German or Dutch`,
    /// `Spanish, Italian or Portuguese`.
    pub fn language_names(mask: u8) -> String {
        let names: Vec<&str> = LANGUAGES
            .iter()
            .enumerate()
            .filter(|&(bit, _)| mask & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }
}

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Lower,
    Capitalised,
    AllCaps,
    /// camelCase, `McDonald`, digits: not a plain word.
    Other,
}

/// One word of a paragraph.
#[derive(Debug, Clone)]
struct Token {
    start: u32,
    end: u32,
    shape: Shape,
    /// Characters, saturating at 255 (only small counts are compared).
    chars: u8,
    /// Languages whose list holds the word (0: none, or not a plain word).
    mask: u8,
    /// Among the most frequent words of a list.
    common: bool,
}

impl Token {
    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether the word counts towards the language mix of its paragraph.
    fn counted(&self) -> bool {
        self.shape != Shape::Other && self.chars >= MIN_COUNTED_CHARS
    }
}

/// Word counts of a stretch of text.
#[derive(Debug, Default, Clone)]
struct Mix {
    words: usize,
    /// Words on any of the lists: a word common in two languages may be on one list only, so
    /// an Italian passage is recognised by its Italian and its Portuguese-listed words alike.
    foreign: usize,
}

impl Mix {
    fn add(&mut self, t: &Token) {
        if t.counted() {
            self.words += 1;
            self.foreign += usize::from(t.mask != 0);
        }
    }

    /// Whether the stretch is written in another language: more than a third of its words are
    /// listed, and more than one (a single foreign word in a short line is what the check is
    /// for).
    fn is_foreign(&self) -> bool {
        self.foreign >= 2 && 3 * self.foreign > self.words
    }
}

/// A quotation inside a paragraph, and the mix of its words.
#[derive(Debug)]
struct Quote {
    inner: Range<usize>,
    mix: Mix,
}

/// The `foreign` check kind.
#[derive(Debug)]
pub struct Foreign {
    /// Lower-case words that are never flagged (English loanwords).
    words: HashSet<String>,
    /// Words with a capital, never flagged as written (`TODO`, which `todo` is not).
    exact: HashSet<String>,
    /// Lower-case multi-word exceptions (`per se`, `tête-à-tête`), as words.
    phrases: Vec<Vec<String>>,
}

/// The keys of a rule that extends `foreign`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignSpec {
    /// Words and phrases never flagged (see [`Foreign::new`]).
    #[serde(default)]
    pub exceptions: Vec<String>,
}

impl Spec for ForeignSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        Ok(Built::new(Foreign::new(&self.exceptions), None))
    }
}

impl Foreign {
    /// A check that never flags `exceptions`: single words (in any case, or exactly as
    /// written when they hold a capital), or phrases whose words are exempt only where the
    /// whole phrase stands.
    pub fn new(exceptions: &[String]) -> Self {
        let mut words = HashSet::new();
        let mut exact = HashSet::new();
        let mut phrases = Vec::new();
        for e in exceptions {
            let doc = Document::new(e);
            let parts: Vec<&str> = doc.words().ranges().map(|r| &e[r]).collect();
            match parts[..] {
                [] => {}
                [word] if word.chars().any(char::is_uppercase) => {
                    exact.insert(word.to_string());
                }
                [word] => {
                    words.insert(word.to_lowercase());
                }
                _ => phrases.push(parts.iter().map(|p| p.to_lowercase()).collect()),
            }
        }
        Foreign {
            words,
            exact,
            phrases,
        }
    }

    /// Whether token `i` is, or is part of, an exception.
    fn excepted(&self, text: &str, tokens: &[Token], i: usize, lower: &str) -> bool {
        if self.words.contains(lower) {
            return true;
        }
        self.phrases.iter().any(|phrase| {
            phrase.iter().enumerate().any(|(k, part)| {
                part == lower
                    && i >= k
                    && tokens.get(i - k..i - k + phrase.len()).is_some_and(|run| {
                        run.iter()
                            .zip(phrase)
                            .all(|(t, p)| text[t.range()].to_lowercase() == *p)
                    })
            })
        })
    }
}

impl Check for Foreign {
    fn runs_without_hits(&self) -> bool {
        true
    }

    fn reads_words(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, _hits: Hits, out: &mut dyn Sink) {
        let lexicon = ForeignLexicon::get();
        let text = doc.text();
        let paragraphs = doc.paragraphs();
        let words = doc.words();
        // A word belongs to the first paragraph that ends after its start; one past the last
        // paragraph belongs to none.
        let end = paragraphs.last().map_or(0, |p| p.end);
        let listed = listed_words(lexicon, &words, words.starting_before(end));
        // A listed word that the document also capitalises in mid-sentence is a name there
        // (`Affirmer makes the Waiver … held by Affirmer`), at a sentence start too.
        let names: HashSet<String> = listed
            .iter()
            .filter(|(_, t)| t.shape == Shape::Capitalised && !doc.starts_sentence(t.range().start))
            .map(|(_, t)| text[t.range()].to_lowercase())
            .collect();
        // Only paragraphs with a listed word are checked (few are): their words are made
        // tokens there, since the checks of a word look at its neighbours and its paragraph.
        let mut lower = String::new();
        let mut rest = &listed[..];
        while let Some(&(i, _)) = rest.first() {
            let at = words.span(i).start;
            let p = paragraphs.partition_point(|r| r.end <= at);
            let first = p
                .checked_sub(1)
                .map_or(0, |before| words.starting_before(paragraphs[before].end));
            let last = words.starting_before(paragraphs[p].end);
            rest = &rest[rest.partition_point(|&(j, _)| j < last)..];
            let tokens: Vec<Token> = (first..last)
                .map(|j| token(lexicon, &words, j, &mut lower))
                .collect();
            self.check_paragraph(doc, paragraphs[p].clone(), &tokens, &names, out);
        }
    }
}

/// Whether `para` is reliably in a language other than English. Short paragraphs are not
/// judged: a sentence with one German word could read as German.
fn in_another_language(para: &str) -> bool {
    para.len() >= MIN_DETECTED_BYTES
        && Language::detect(para).is_some_and(|l| l != Language::ENGLISH)
}

/// Paragraphs shorter than this are not given to the language detector.
const MIN_DETECTED_BYTES: usize = 80;
/// Nor those with fewer listed words: one untranslated word in English prose, the common case,
/// is no reason to ask it (it costs more than the rest of this check on such a paragraph).
const MIN_DETECTED_LISTED: usize = 3;

/// The first `len` words that are on a list, with their index and token, in order. Nearly
/// every word of English prose is on none, and for a word in ASCII letters the filter tells
/// so from its key alone (it is the hash of the lower-cased word): no token is made for it,
/// and the table is not probed.
fn listed_words(lexicon: &ForeignLexicon, words: &Words, len: usize) -> Vec<(usize, Token)> {
    let mut lower = String::new();
    let mut listed = Vec::new();
    for (i, &key) in words.keys()[..len].iter().enumerate() {
        // Other words (accents, apostrophes, elisions) are looked up by their own hash.
        if !ForeignLexicon::may_hold(key.bits()) && words.is_plain(i) {
            continue;
        }
        let t = token(lexicon, words, i, &mut lower);
        if t.mask != 0 {
            listed.push((i, t));
        }
    }
    listed
}

impl Foreign {
    fn check_paragraph(
        &self,
        doc: &Document,
        para: Range<usize>,
        tokens: &[Token],
        names: &HashSet<String>,
        out: &mut dyn Sink,
    ) {
        let text = doc.text();
        let mut mix = Mix::default();
        tokens.iter().for_each(|t| mix.add(t));
        // A passage in another language is quoted, not left over; so is a paragraph the
        // language detector reads as another language (Papiamento, Swedish: languages without
        // a list here). Asked only here, for the few paragraphs that hold a listed word.
        if mix.is_foreign()
            || (mix.foreign >= MIN_DETECTED_LISTED && in_another_language(&text[para.clone()]))
        {
            return;
        }
        let (mut quotes, closers) = quotations(text, para.clone());
        let mut q = 0;
        for quote in &mut quotes {
            while tokens
                .get(q)
                .is_some_and(|t| t.range().start < quote.inner.start)
            {
                q += 1;
            }
            while let Some(t) = tokens.get(q).filter(|t| t.range().end <= quote.inner.end) {
                quote.mix.add(t);
                q += 1;
            }
        }
        let mut q = 0;
        for (i, t) in tokens.iter().enumerate() {
            while quotes
                .get(q)
                .is_some_and(|r| r.inner.end <= t.range().start)
            {
                q += 1;
            }
            if t.mask == 0 || t.chars < MIN_FLAGGED_CHARS {
                continue;
            }
            if let Some(quote) = quotes.get(q).filter(|r| r.inner.start <= t.range().start)
                && (quote.mix.words <= MAX_PHRASE_WORDS || quote.mix.is_foreign())
            {
                continue;
            }
            let before = text[para.start..t.range().start].trim_end();
            if closers.binary_search(&(para.start + before.len())).is_ok() {
                continue;
            }
            if code_like(text, para.clone(), t.range()) {
                continue;
            }
            let word = &text[t.range()];
            let lower = word.to_lowercase();
            let Some(mask) = case_allows(doc, tokens, i, names.contains(&lower)) else {
                continue;
            };
            if mask == 0 || self.exact.contains(word) || self.excepted(text, tokens, i, &lower) {
                continue;
            }
            out.push(Finding::new(
                t.range(),
                vec![word.to_string(), ForeignLexicon::language_names(mask)],
            ));
        }
    }
}

/// Whether the way token `i` is written lets it be flagged, and for which languages; `name`
/// says the document capitalises the word in mid-sentence elsewhere.
fn case_allows<'t>(doc: &Document, tokens: &'t [Token], i: usize, name: bool) -> Option<u8> {
    let text = doc.text();
    let t = &tokens[i];
    // Neighbours in the same clause: no sentence or bracket mark between (a line break may be
    // a wrap).
    let adjacent = |other: Option<&'t Token>| -> Option<&'t Token> {
        other.filter(|o| {
            let gap = if o.range().start < t.range().start {
                &text[o.range().end..t.range().start]
            } else {
                &text[t.range().end..o.range().start]
            };
            !gap.contains(['.', '!', '?', ':', ';', '(', ')', '[', ']'])
        })
    };
    let prev = adjacent(i.checked_sub(1).and_then(|p| tokens.get(p)));
    let next = adjacent(tokens.get(i + 1));
    let capital = |o: Option<&Token>| {
        o.is_some_and(|o| matches!(o.shape, Shape::Capitalised | Shape::AllCaps))
    };
    // A listed word, or a function word of one of the languages, next to it: a foreign name,
    // title or phrase (`Bundesamt für Sicherheit`, `pastel de nata`), not a word left over.
    // Any language counts: a word common in two of them may be on one list only.
    let foreign_neighbour = |o: Option<&Token>| {
        o.is_some_and(|o| {
            o.mask != 0 || FOREIGN_CONNECTORS.contains(&text[o.range()].to_lowercase().as_str())
        })
    };
    if foreign_neighbour(prev) || foreign_neighbour(next) {
        return None;
    }
    match t.shape {
        // A sentence that starts in lower case starts with a name or an identifier (`undici
        // is licensed as follows`).
        Shape::Lower => (!doc.starts_sentence(t.range().start)).then_some(t.mask),
        Shape::Other => None,
        // Acronyms are skipped, but not a whole common word in capitals (`(RUHIG)`), unless
        // it stands in a line of capitals (a heading, a disclaimer).
        Shape::AllCaps => (t.common && !capital(prev) && !capital(next)).then_some(t.mask),
        Shape::Capitalised if doc.starts_sentence(t.range().start) => {
            // `Deutsche Bank said`: a name, not a word. A German noun keeps its capital in
            // mid-sentence, so only for German is a capitalised use elsewhere no evidence.
            let mask = if name { t.mask & GERMAN } else { t.mask };
            (t.common && !capital(next)).then_some(mask)
        }
        Shape::Capitalised => {
            // In mid-sentence a capital marks a name, except that German writes every noun
            // with one (`the Bürgermeister said`): flag German words only, and only outside
            // runs of capitalised words and after no preposition that introduces a place.
            let prev_word = prev.map(|p| text[p.range()].to_lowercase());
            let after_place_word = prev_word
                .as_deref()
                .is_some_and(|w| PLACE_PREPOSITIONS.contains(&w));
            let after_lower = prev.is_some_and(|p| {
                p.shape == Shape::Lower
                    || (p.shape == Shape::Capitalised
                        && prev_word
                            .as_deref()
                            .is_some_and(|w| DETERMINERS.contains(&w))
                        && doc.starts_sentence(p.range().start))
            });
            (t.mask & GERMAN != 0 && after_lower && !after_place_word && !capital(next))
                .then_some(GERMAN)
        }
    }
}

/// The shape and list entry of word `i`; `lower` is a reusable buffer.
fn token(lexicon: &ForeignLexicon, words: &Words, i: usize, lower: &mut String) -> Token {
    let word = words.text(i);
    let span = words.span(i);
    let mut chars = 0;
    let (mut upper, mut lowers, mut other) = (0, 0, false);
    let mut first_upper = false;
    let mut later_upper = false;
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
            if chars == 0 {
                first_upper = true;
            } else {
                later_upper = true;
            }
        } else if c.is_lowercase() {
            lowers += 1;
        } else if c != '\'' && c != '’' && !c.is_alphabetic() {
            other = true;
        }
        chars += 1;
    }
    let shape = if other {
        Shape::Other
    } else if lowers == 0 && upper >= 2 {
        Shape::AllCaps
    } else if upper == 0 {
        Shape::Lower
    } else if first_upper && !later_upper {
        Shape::Capitalised
    } else {
        Shape::Other
    };
    let mut entry = 0;
    // The lists hold words of three letters or more.
    let ascii = word.is_ascii();
    if shape != Shape::Other && chars >= 3 && ascii && !word.contains('\'') {
        entry = lexicon.entry_ascii(words.key(i), word.as_bytes());
    } else if shape != Shape::Other && chars >= 3 {
        lower.clear();
        if ascii {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        entry = lexicon.entry(lower);
        if entry == 0
            && let Some(at) = lower.find(['\'', '’'])
        {
            let (head, rest) = lower.split_at(at);
            let rest = rest.trim_start_matches(['\'', '’']);
            if let Some(&(_, langs)) = ELISIONS.iter().find(|(e, _)| *e == head) {
                entry = lexicon.entry(rest) & (langs | COMMON);
                if entry & LANGUAGE_BITS == 0 {
                    entry = 0;
                }
            }
        }
    }
    Token {
        start: span.start as u32,
        end: span.end as u32,
        shape,
        chars: u8::try_from(chars).unwrap_or(u8::MAX),
        mask: entry & LANGUAGE_BITS,
        common: entry & COMMON != 0,
    }
}

/// Whether the word sits in a token that is code, a path, an address or markup: its
/// white-space-delimited token holds one of `_/\@#=<>{}[]|~$%^&*+` or a dot between letters.
fn code_like(text: &str, para: Range<usize>, word: Range<usize>) -> bool {
    // Looking no further than this keeps a paragraph without spaces linear; a longer token is
    // no running text anyway.
    const REACH: usize = 256;
    let mut from = word.start.saturating_sub(REACH).max(para.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (word.end + REACH).min(para.end);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let start = match text[from..word.start].rfind(char::is_whitespace) {
        Some(i) => from + i + text[from + i..].chars().next().map_or(1, char::len_utf8),
        None if from > para.start => return true,
        None => from,
    };
    let end = match text[word.end..to].find(char::is_whitespace) {
        Some(i) => word.end + i,
        None if to < para.end => return true,
        None => to,
    };
    let token = &text[start..end];
    if token.contains([
        '_', '/', '\\', '@', '#', '=', '<', '>', '{', '}', '[', ']', '|', '~', '$', '%', '^', '&',
        '*', '+', '`',
    ]) {
        return true;
    }
    let chars: Vec<char> = token.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric())
}

/// The quotations of a paragraph (the text between the marks; an unclosed one runs to the end
/// of the paragraph) and the offsets just after every closing mark, sorted.
fn quotations(text: &str, para: Range<usize>) -> (Vec<Quote>, Vec<usize>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Open {
        /// `“`, `«`, `‹`: closed by `”`, `»`, `›`.
        Curly,
        /// `„`: closed by `“` or `”`.
        Low,
        Ascii,
        /// `‘`: closed by `’` not followed by a letter.
        Single,
        AsciiSingle,
    }
    let mut quotes = Vec::new();
    let mut closers = Vec::new();
    let mut open: Option<(Open, usize)> = None;
    let p = &text[para.clone()];
    let mut chars = p.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let at = para.start + i;
        let after = at + c.len_utf8();
        let letter_next = next.is_some_and(char::is_alphabetic);
        let closing = match (open, c) {
            (Some((Open::Curly, _)), '”' | '»' | '›') => true,
            (Some((Open::Low, _)), '“' | '”') => true,
            (Some((Open::Ascii, _)), '"') => true,
            (Some((Open::Single, _)), '’') => !letter_next,
            (Some((Open::AsciiSingle, _)), '\'') => !letter_next,
            _ => false,
        };
        if closing {
            if let Some((_, start)) = open.take() {
                quotes.push(Quote {
                    inner: start..at,
                    mix: Mix::default(),
                });
            }
            closers.push(after);
        } else if open.is_none() {
            let kind = match c {
                '“' | '«' | '‹' => Some(Open::Curly),
                '„' => Some(Open::Low),
                '"' => Some(Open::Ascii),
                '‘' => Some(Open::Single),
                '\'' if !prev.is_some_and(char::is_alphanumeric) && letter_next => {
                    Some(Open::AsciiSingle)
                }
                // A closing mark with nothing open: still a quotation's end to the reader.
                '”' | '»' => {
                    closers.push(after);
                    None
                }
                _ => None,
            };
            if let Some(kind) = kind {
                open = Some((kind, after));
            }
        }
        prev = Some(c);
    }
    if let Some((_, start)) = open {
        quotes.push(Quote {
            inner: start..para.end,
            mix: Mix::default(),
        });
    }
    (quotes, closers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_words() -> Vec<String> {
        let mut words = Vec::new();
        for lang in ["de", "fr", "es", "it", "nl", "pt"] {
            let list = std::fs::read_to_string(format!("data/foreign/{lang}.txt")).unwrap();
            words.extend(list.lines().filter(|w| !w.is_empty()).map(str::to_string));
        }
        words
    }

    #[test]
    fn filter_lets_every_listed_word_through_and_few_others() {
        // A word the filter stopped would never be flagged: it must hold every list word, by
        // its [`crate::text::word_hash::word`] and by its document key in any case (the key of
        // an ASCII word).
        let words = list_words();
        for word in &words {
            assert!(
                ForeignLexicon::may_hold(crate::text::word_hash::word(word.as_bytes())),
                "{word}"
            );
            if word.is_ascii() {
                let upper = word.to_ascii_uppercase();
                let key = WordKey::of(&upper);
                assert!(ForeignLexicon::may_hold(key.bits()), "{upper}");
            }
        }
        // And it must stop nearly every other word, or it saves nothing.
        let through = (0..100_000)
            .filter(|n| {
                ForeignLexicon::may_hold(crate::text::word_hash::word(format!("zq{n}").as_bytes()))
            })
            .count();
        assert!(through < 200, "{through} of 100,000 let through");
    }
}
