//! The language a document is written in: detected, or set by the configuration.
//!
//! Rules that assume English (`languages: [en]` in their YAML) are switched off for a document
//! in another language: a Portuguese page is not "untranslated", and French puts a space before
//! `;` on purpose. Detection is `whatlang`'s (trigram profiles of 70 languages). Chosen over
//! `lingua` on the OSCAR documents of six languages (901 documents, 4 MB, see
//! docs/quality.md): both name the language of 98% of them (whatlang 884, lingua 886), but
//! lingua takes 11x the time, and a probe binary with its nine models is 47 MB.
//!
//! Two things are hand-written in front of the crate, both for speed. whatlang reads every
//! character it is given and costs about 0.13 ms per call even on 1.5 KB, a fifth of the time
//! copydesk takes for a whole 25 KB article; so it reads a sample (three windows of
//! `WINDOW` bytes from the start, middle and end), and it is not asked at all when the first
//! `FAST_PATH_BYTES` bytes are plainly English: at least `ENGLISH_SHARE` of their words are
//! English function words that no other language uses (after 60 words, three in ten decide at
//! once). Measured on the OSCAR documents, that test takes half of the English ones and none of the 813 German, Spanish, Finnish, French or
//! Swedish ones (their highest share is 0.18).

use super::swar;
use std::fmt;

/// A language, by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(&'static str);

/// Bytes of the start of a text that the English fast path reads.
const FAST_PATH_BYTES: usize = 2048;
/// Words the fast path needs before it decides.
const FAST_PATH_MIN_WORDS: usize = 20;
/// Share of the fast path's words that must be [`ENGLISH_ONLY`] words.
const ENGLISH_SHARE: f32 = 0.2;
/// After this many words, a share of English-only words of 0.3 decides at once.
const EARLY_WORDS: usize = 60;
/// Bytes of each of the three windows whatlang reads.
const WINDOW: usize = 512;

/// Frequent English function words that are not words of the other languages whatlang knows
/// in Latin script (`in`, `die`, `a`, `de` are left out).
const ENGLISH_ONLY: &[&str] = &[
    "the", "and", "of", "to", "is", "that", "with", "for", "was", "are", "this", "be", "have",
    "it", "on", "by", "not", "you", "at", "from",
];

/// whatlang's languages (ISO 639-3) with their ISO 639-1 codes and English names.
const LANGUAGES: &[(whatlang::Lang, &str, &str)] = {
    use whatlang::Lang::*;
    &[
        (Afr, "af", "Afrikaans"),
        (Aka, "ak", "Akan"),
        (Amh, "am", "Amharic"),
        (Ara, "ar", "Arabic"),
        (Aze, "az", "Azerbaijani"),
        (Bel, "be", "Belarusian"),
        (Ben, "bn", "Bengali"),
        (Bul, "bg", "Bulgarian"),
        (Cat, "ca", "Catalan"),
        (Ces, "cs", "Czech"),
        (Cmn, "zh", "Chinese"),
        (Cym, "cy", "Welsh"),
        (Dan, "da", "Danish"),
        (Deu, "de", "German"),
        (Ell, "el", "Greek"),
        (Eng, "en", "English"),
        (Epo, "eo", "Esperanto"),
        (Est, "et", "Estonian"),
        (Fin, "fi", "Finnish"),
        (Fra, "fr", "French"),
        (Guj, "gu", "Gujarati"),
        (Heb, "he", "Hebrew"),
        (Hin, "hi", "Hindi"),
        (Hrv, "hr", "Croatian"),
        (Hun, "hu", "Hungarian"),
        (Hye, "hy", "Armenian"),
        (Ind, "id", "Indonesian"),
        (Ita, "it", "Italian"),
        (Jav, "jv", "Javanese"),
        (Jpn, "ja", "Japanese"),
        (Kan, "kn", "Kannada"),
        (Kat, "ka", "Georgian"),
        (Khm, "km", "Khmer"),
        (Kor, "ko", "Korean"),
        (Lat, "la", "Latin"),
        (Lav, "lv", "Latvian"),
        (Lit, "lt", "Lithuanian"),
        (Mal, "ml", "Malayalam"),
        (Mar, "mr", "Marathi"),
        (Mkd, "mk", "Macedonian"),
        (Mya, "my", "Burmese"),
        (Nep, "ne", "Nepali"),
        (Nld, "nl", "Dutch"),
        (Nob, "nb", "Norwegian Bokmål"),
        (Ori, "or", "Odia"),
        (Pan, "pa", "Punjabi"),
        (Pes, "fa", "Persian"),
        (Pol, "pl", "Polish"),
        (Por, "pt", "Portuguese"),
        (Ron, "ro", "Romanian"),
        (Rus, "ru", "Russian"),
        (Sin, "si", "Sinhala"),
        (Slk, "sk", "Slovak"),
        (Slv, "sl", "Slovenian"),
        (Sna, "sn", "Shona"),
        (Spa, "es", "Spanish"),
        (Srp, "sr", "Serbian"),
        (Swe, "sv", "Swedish"),
        (Tam, "ta", "Tamil"),
        (Tel, "te", "Telugu"),
        (Tgl, "tl", "Tagalog"),
        (Tha, "th", "Thai"),
        (Tuk, "tk", "Turkmen"),
        (Tur, "tr", "Turkish"),
        (Ukr, "uk", "Ukrainian"),
        (Urd, "ur", "Urdu"),
        (Uzb, "uz", "Uzbek"),
        (Vie, "vi", "Vietnamese"),
        (Yid, "yi", "Yiddish"),
        (Zul, "zu", "Zulu"),
    ]
};

impl Language {
    /// English, the language copydesk assumes where it cannot tell.
    pub const ENGLISH: Language = Language("en");

    /// The language with ISO 639-1 code `code` (`en`, `pt`), if copydesk knows it.
    pub fn from_code(code: &str) -> Option<Language> {
        LANGUAGES
            .iter()
            .find(|(_, c, _)| c.eq_ignore_ascii_case(code))
            .map(|&(_, c, _)| Language(c))
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The English name (`Portuguese`).
    pub fn name(self) -> &'static str {
        LANGUAGES
            .iter()
            .find(|(_, c, _)| *c == self.0)
            .map_or(self.0, |(_, _, name)| name)
    }

    /// Every code copydesk knows, for error messages.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|(_, c, _)| *c)
    }

    /// The language `text` is written in, when it can be told with confidence; `None` for
    /// texts too short or too mixed to say.
    pub fn detect(text: &str) -> Option<Language> {
        if plainly_english(text) {
            return Some(Language::ENGLISH);
        }
        let info = whatlang::detect(&sample(text))?;
        if !info.is_reliable() {
            return None;
        }
        LANGUAGES
            .iter()
            .find(|(lang, _, _)| *lang == info.lang())
            .map(|&(_, c, _)| Language(c))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Whether the start of `text` is plainly English (see the module doc).
///
/// Its words are the runs of ASCII letters of the first [`FAST_PATH_BYTES`] bytes. A loop over
/// the bytes branched at every word's two ends, each as hard to predict as the next, and that
/// made the test cost more than whatlang on the few texts that need it: here the letters of the
/// head are bits of a mask, read eight bytes at a time, and each word is found in it and looked
/// up without a branch on its bytes.
fn plainly_english(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(FAST_PATH_BYTES)];
    let mut mask = [0u64; FAST_PATH_BYTES / 64 + 1];
    let mut chunks = head.chunks_exact(8);
    for (i, chunk) in (&mut chunks).enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        mask[i / 8] |= u64::from(swar::ascii_letters(word)) << (i % 8 * 8);
    }
    let at = head.len() - chunks.remainder().len();
    for (i, &b) in chunks.remainder().iter().enumerate() {
        mask[(at + i) / 64] |= u64::from(b.is_ascii_alphabetic()) << ((at + i) % 64);
    }
    let table = english_table();
    let (mut words, mut english) = (0usize, 0usize);
    let mut i = 0;
    while i < head.len() {
        // The next letter, then the end of its run.
        let Some(start) = next_bit(&mask, i, true) else {
            break;
        };
        let end = next_bit(&mask, start, false)
            .unwrap_or(head.len())
            .min(head.len());
        i = end;
        words += 1;
        english += usize::from(table.holds(&head[start..end]));
        // Prose that is this plainly English is decided early (none of the 813 OSCAR
        // documents in other languages gets here).
        if words >= EARLY_WORDS && words % 8 == 0 && english * 10 >= words * 3 {
            return true;
        }
    }
    words >= FAST_PATH_MIN_WORDS && english as f32 >= ENGLISH_SHARE * words as f32
}

/// The first bit of `mask` at or after bit `from` that is `set` (or clear).
fn next_bit(mask: &[u64], from: usize, set: bool) -> Option<usize> {
    let flip = if set { 0 } else { u64::MAX };
    let mut k = from / 64;
    let mut bits = (mask.get(k)? ^ flip) & (u64::MAX << (from % 64));
    loop {
        if bits != 0 {
            return Some(k * 64 + bits.trailing_zeros() as usize);
        }
        k += 1;
        bits = mask.get(k)? ^ flip;
    }
}

/// [`ENGLISH_ONLY`], packed as numbers (a word's lower-case bytes, little-endian) in a table of
/// 64 slots that a multiply and a shift index without collisions.
struct EnglishTable {
    multiplier: u32,
    slots: [u32; 64],
}

impl EnglishTable {
    fn slot(&self, packed: u32) -> usize {
        (packed.wrapping_mul(self.multiplier) >> 26) as usize
    }

    /// Whether `word` (ASCII letters) is one of the table's.
    #[inline]
    fn holds(&self, word: &[u8]) -> bool {
        // Every English-only word has four letters or fewer; a longer word's packing is 0,
        // which no slot holds (empty slots hold `u32::MAX`).
        let packed = if word.len() <= 4 { pack(word) } else { 0 };
        self.slots[self.slot(packed)] == packed
    }
}

/// A word of up to four ASCII letters, lower-cased, as a number.
fn pack(word: &[u8]) -> u32 {
    word.iter()
        .rev()
        .fold(0, |n, b| n << 8 | u32::from(b.to_ascii_lowercase()))
}

/// The table of [`ENGLISH_ONLY`]: the first odd multiplier that spreads its words over
/// distinct slots (found in a few tries; the list is fixed, so the search always ends).
fn english_table() -> &'static EnglishTable {
    static TABLE: std::sync::LazyLock<EnglishTable> = std::sync::LazyLock::new(|| {
        debug_assert!(ENGLISH_ONLY.iter().all(|w| (1..=4).contains(&w.len())));
        let packed: Vec<u32> = ENGLISH_ONLY.iter().map(|w| pack(w.as_bytes())).collect();
        let mut multiplier = 0x9E37_79B1u32;
        loop {
            let mut table = EnglishTable {
                multiplier,
                slots: [u32::MAX; 64],
            };
            let mut clash = false;
            for &p in &packed {
                let slot = table.slot(p);
                clash |= table.slots[slot] != u32::MAX;
                table.slots[slot] = p;
            }
            if !clash {
                return table;
            }
            multiplier = multiplier.wrapping_add(0x6A09_E668);
        }
    });
    &TABLE
}

/// Up to three windows of [`WINDOW`] bytes from the start, middle and end of `text`, cut at
/// character boundaries; the whole text when it is short.
fn sample(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= 3 * WINDOW {
        return text.into();
    }
    let mut out = String::with_capacity(3 * WINDOW + 2);
    for k in 0..3 {
        let mut start = (text.len() - WINDOW) * k / 2;
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (start + WINDOW).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&text[start..end]);
        out.push('\n');
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_prose_takes_the_fast_path() {
        let text = "The council met on Tuesday and voted to close the library, which had been \
                    open for forty years. It was not an easy decision, the mayor said.";
        assert!(plainly_english(text));
        assert_eq!(Language::detect(text), Some(Language::ENGLISH));
    }

    #[test]
    fn other_languages_are_told_apart() {
        let cases = [
            (
                "pt",
                "O conselho reuniu-se na terça-feira e votou pelo encerramento da biblioteca, \
                 que estava aberta há quarenta anos. Não foi uma decisão fácil, disse o prefeito.",
            ),
            (
                "de",
                "Der Stadtrat hat am Dienstag beschlossen, die Bibliothek zu schließen, die seit \
                 vierzig Jahren geöffnet war. Es sei keine leichte Entscheidung gewesen.",
            ),
            (
                "ko",
                "시의회는 화요일에 회의를 열고 40년 동안 문을 열었던 도서관을 폐쇄하기로 \
                 결정했습니다. 시장은 쉬운 결정이 아니었다고 말했습니다.",
            ),
        ];
        for (code, text) in cases {
            assert!(!plainly_english(text), "{code}");
            assert_eq!(Language::detect(text).map(Language::code), Some(code));
        }
    }

    /// The byte-at-a-time test the mask replaced, kept as the reference.
    fn plainly_english_by_bytes(text: &str) -> bool {
        let head = &text.as_bytes()[..text.len().min(FAST_PATH_BYTES)];
        let (mut words, mut english) = (0usize, 0usize);
        let mut i = 0;
        while i < head.len() {
            if !head[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < head.len() && head[i].is_ascii_alphabetic() {
                i += 1;
            }
            words += 1;
            let word = head[start..i].to_ascii_lowercase();
            if ENGLISH_ONLY.iter().any(|w| w.as_bytes() == word) {
                english += 1;
            }
            if words >= EARLY_WORDS && words % 8 == 0 && english * 10 >= words * 3 {
                return true;
            }
        }
        words >= FAST_PATH_MIN_WORDS && english as f32 >= ENGLISH_SHARE * words as f32
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(32, 512)))]
        #[test]
        fn the_mask_decides_as_the_byte_loop_did(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "The", "THE", "of", "and", "from", "fromage", "this", "thisis", "a",
                    "die", "der", "é", "für", "x", "tHaT", "2024", "don't", "it's", "with",
                ]),
                0..700,
            ),
            seps in proptest::collection::vec(proptest::sample::select(vec![" ", ", ", ". ", "\n", "-", "’", ""]), 700),
        ) {
            let text: String = words.iter().zip(&seps).flat_map(|(w, s)| [*w, *s]).collect();
            proptest::prop_assert_eq!(plainly_english(&text), plainly_english_by_bytes(&text));
        }
    }

    #[test]
    fn ascii_letters_are_found_eight_bytes_at_a_time() {
        let chunk = u64::from_le_bytes(*b"aZ@[`{\xc3z");
        // `a`, `Z` and `z` (bytes 0, 1, 7); not `@`, `[`, `` ` ``, `{` nor 0xC3.
        assert_eq!(swar::ascii_letters(chunk), 0b1000_0011);
    }

    #[test]
    fn short_texts_are_not_guessed() {
        assert_eq!(Language::detect("Home"), None);
        assert_eq!(Language::detect(""), None);
    }

    #[test]
    fn codes_round_trip_and_samples_cut_at_characters() {
        assert_eq!(
            Language::from_code("PT").map(Language::name),
            Some("Portuguese")
        );
        assert_eq!(Language::from_code("xx"), None);
        let text = "é".repeat(2000);
        let s = sample(&text);
        assert!(s.len() <= 3 * WINDOW + 3 && s.chars().all(|c| c == 'é' || c == '\n'));
    }
}
