//! `mojibake`: UTF-8 text that was decoded with a legacy single-byte encoding (`cafÃ©`,
//! `donâ€™t`, `вЂ™`, `Espa√±a`).
//!
//! Every non-ASCII character of UTF-8 is a lead byte followed by continuation bytes; read as a
//! single-byte encoding, each byte becomes a character of its own. The check looks, at every
//! non-ASCII character, for a (lead, first continuation) pair of some supported encoding (only
//! such places can start mojibake, and clean text almost never contains one). From each hit it
//! re-encodes the characters with that encoding and accepts the run
//! only if the bytes are valid UTF-8 and the decoded text is more plausible than the original
//! (the test ftfy calls "badness", reduced here to a few rules that legitimate text does not
//! break). That re-encoding is also the repair, so every finding carries its fix.

use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Sink, TextEdit};
use crate::diagnostic::Applicability;
use crate::document::{Document, find_non_ascii};
use encoding_rs::Encoding;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Reports text decoded with the wrong encoding, with the repaired text as its fix.
#[derive(Debug, Default)]
pub struct Mojibake;

/// The keys of a rule that extends `mojibake`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MojibakeSpec {
    #[serde(default)]
    pub fix: Option<Fix>,
}

impl Spec for MojibakeSpec {
    fn build(self, _: &BuildContext) -> Result<Built, KeyError> {
        Ok(Built::new(Mojibake, self.fix))
    }
}

/// A single-byte encoding, as the map between its upper half (0x80–0xFF) and characters.
#[derive(Debug)]
struct Codec {
    name: &'static str,
    /// Character to byte, sorted by character, for re-encoding.
    bytes: Vec<(char, u8)>,
    /// A DOS code page, whose upper half is mostly box drawing: its mojibake is trusted only
    /// where a box-drawing character touches the text (see [`is_trigger`]).
    box_drawing: bool,
}

/// Code page 437's upper half (0x80-0xFF), the DOS console's, in byte order. encoding_rs
/// implements the WHATWG encodings only, which leave out the DOS code pages.
const CP437: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐\
                     └┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";

impl Codec {
    /// A DOS code page from its upper half, 128 characters in byte order.
    fn dos(name: &'static str, upper_half: &str) -> Self {
        let mut bytes: Vec<(char, u8)> = upper_half.chars().zip(0x80..=0xFFu8).collect();
        debug_assert_eq!(bytes.len(), 128);
        bytes.sort_unstable();
        Codec {
            name,
            bytes,
            box_drawing: true,
        }
    }

    fn new(name: &'static str, encoding: &'static Encoding, c1_controls: bool) -> Self {
        // The character of each byte of the upper half, where the encoding defines one.
        let mut bytes: Vec<(char, u8)> = (0x80..=0xFFu8)
            .filter_map(|b| {
                let byte = [b];
                let (decoded, _) = encoding.decode_without_bom_handling(&byte);
                let c = decoded.chars().next().filter(|&c| c != '\u{FFFD}')?;
                Some((c, b))
            })
            .collect();
        if c1_controls {
            // Latin-1 reads 0x80–0x9F as C1 controls where Windows-1252 has punctuation; both
            // readings of the same bytes occur, sometimes mixed, so one table serves both.
            bytes.extend((0x80u8..=0x9F).map(|b| (char::from(b), b)));
        }
        bytes.sort_unstable();
        bytes.dedup_by_key(|&mut (c, _)| c);
        Codec {
            name,
            bytes,
            box_drawing: false,
        }
    }

    fn byte(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return None;
        }
        self.bytes
            .binary_search_by_key(&c, |&(c, _)| c)
            .ok()
            .map(|i| self.bytes[i].1)
    }
}

/// The encodings UTF-8 is mistaken for, most common first: on a tie between two readings of the
/// same text, the earlier one is preferred.
fn codecs() -> &'static [Codec] {
    static CODECS: OnceLock<Vec<Codec>> = OnceLock::new();
    CODECS.get_or_init(|| {
        vec![
            Codec::new("Windows-1252 or Latin-1", encoding_rs::WINDOWS_1252, true),
            Codec::new("Windows-1251", encoding_rs::WINDOWS_1251, false),
            Codec::new("MacRoman", encoding_rs::MACINTOSH, false),
            Codec::new("Windows-1250", encoding_rs::WINDOWS_1250, false),
            Codec::new("Windows-1257", encoding_rs::WINDOWS_1257, false),
            Codec::new("Windows-1253", encoding_rs::WINDOWS_1253, false),
            Codec::dos("code page 437", CP437),
        ]
    })
}

/// The number of bytes a UTF-8 sequence starting with `lead` has, for the leads that start a
/// multi-byte character.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// The second bytes valid after `lead` (UTF-8 excludes overlong forms, surrogates and code
/// points above U+10FFFF right at the second byte).
fn second_bytes(lead: u8) -> std::ops::RangeInclusive<u8> {
    match lead {
        0xE0 => 0xA0..=0xBF,
        0xED => 0x80..=0x9F,
        0xF0 => 0x90..=0xBF,
        0xF4 => 0x80..=0x8F,
        _ => 0x80..=0xBF,
    }
}

/// Whether a character can come out of a repair that is accepted: a plausible one, a combining
/// mark (judged in context), or a codec's character, which a doubly encoded text repairs to
/// first.
fn repairable(c: char) -> bool {
    plausible(c)
        || (0x300..=0x36F).contains(&u32::from(c))
        || codecs().iter().any(|codec| codec.byte(c).is_some())
}

/// Whether some character whose UTF-8 starts with `lead, second` is [`repairable`]; four-byte
/// characters are not enumerated.
fn useful_prefix(lead: u8, second: u8) -> bool {
    let payload = u32::from(second & 0x3F);
    let chars = match sequence_len(lead) {
        Some(2) => {
            (u32::from(lead & 0x1F) << 6 | payload)..=(u32::from(lead & 0x1F) << 6 | payload)
        }
        Some(3) => {
            let base = u32::from(lead & 0x0F) << 12 | payload << 6;
            base..=base + 0x3F
        }
        _ => return true,
    };
    chars.filter_map(char::from_u32).any(repairable)
}

/// Whether `first, second` can start an accepted repair: in some codec they are the bytes of a
/// UTF-8 lead and its first continuation, and some [`repairable`] character starts with those
/// bytes. Each mojibake character starts with such a pair, and clean text almost never contains
/// one. `Ã ` is `à` whose no-break space became a space (`voilÃ `): see `lossy_at`.
fn is_trigger(first: char, second: char) -> bool {
    if first.is_ascii() {
        return false;
    }
    if (first, second) == ('Ã', ' ') {
        return true;
    }
    // A strict decoder's U+FFFD for the last byte of a two-byte character (`SlovenÄ�ina`).
    if second == '\u{FFFD}' && codecs()[0].byte(first).and_then(sequence_len) == Some(2) {
        return true;
    }
    codecs().iter().any(|codec| {
        let (Some(lead), Some(next)) = (codec.byte(first), codec.byte(second)) else {
            return false;
        };
        if codec.box_drawing && !box_drawing(first) && !box_drawing(second) {
            return false;
        }
        // The high half of a surrogate pair encoded alone, as CESU-8 and Java do (see
        // [`cluster_at`]).
        let cesu = lead == 0xED && (0xA0..=0xAF).contains(&next);
        cesu || sequence_len(lead).is_some()
            && second_bytes(lead).contains(&next)
            && useful(lead, next)
    })
}

/// Box drawing and block elements, which no prose puts next to a letter.
fn box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// [`useful_prefix`], computed once per (lead, second byte) on first use: a table of 51 × 64
/// entries, 0 = not known yet, 1 = no, 2 = yes, so that no start-up work is spent on pairs
/// that never occur.
fn useful(lead: u8, second: u8) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    static TABLE: [AtomicU8; 51 * 64] = [const { AtomicU8::new(0) }; 51 * 64];
    let slot = &TABLE[usize::from(lead - 0xC2) * 64 + usize::from(second & 0x3F)];
    match slot.load(Ordering::Relaxed) {
        0 => {
            let yes = useful_prefix(lead, second);
            slot.store(1 + u8::from(yes), Ordering::Relaxed);
            yes
        }
        known => known == 2,
    }
}

/// One UTF-8 character found spelled out in a codec's characters.
#[derive(Debug, Clone)]
struct Cluster {
    range: Range<usize>,
    /// The character the bytes decode to.
    repaired: char,
    /// For a cluster that lost its last byte, the evidence it carries; its repair is a guess.
    lossy: Option<Evidence>,
}

/// Reads the characters at `at` in `text` as the bytes of one UTF-8 character in `codec`.
fn cluster_at(codec: &Codec, text: &str, at: usize) -> Option<Cluster> {
    let mut chars = text.get(at..)?.char_indices();
    let (_, lead) = chars.next()?;
    let first = codec.byte(lead)?;
    let len = sequence_len(first)?;
    let mut bytes = [first, 0, 0, 0];
    let mut end = at + lead.len_utf8();
    for slot in bytes.iter_mut().take(len).skip(1) {
        let (i, c) = chars.next()?;
        let b = codec.byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        end = at + i + c.len_utf8();
    }
    let repaired = match std::str::from_utf8(&bytes[..len]) {
        Ok(s) => s.chars().next()?,
        // CESU-8 (an emoji as two encoded surrogates, `í ½í¸\u{8d}` for 😍): the low half follows.
        Err(_) if bytes[0] == 0xED && (0xA0..=0xAF).contains(&bytes[1]) => {
            let low = cluster_surrogate(codec, text, end)?;
            let high = 0xD800 | (u32::from(bytes[1] & 0x0F) << 6) | u32::from(bytes[2] & 0x3F);
            end = low.0;
            char::decode_utf16([high as u16, low.1]).next()?.ok()?
        }
        Err(_) => return None,
    };
    Some(Cluster {
        range: at..end,
        repaired,
        lossy: None,
    })
}

/// The low surrogate of a CESU-8 pair spelled out at `at` in `codec`: where it ends, and its
/// value.
fn cluster_surrogate(codec: &Codec, text: &str, at: usize) -> Option<(usize, u16)> {
    let mut chars = text.get(at..)?.char_indices();
    let mut bytes = [0u8; 3];
    let mut end = at;
    for slot in &mut bytes {
        let (i, c) = chars.next()?;
        *slot = codec.byte(c)?;
        end = at + i + c.len_utf8();
    }
    let [0xED, b @ 0xB0..=0xBF, c @ 0x80..=0xBF] = bytes else {
        return None;
    };
    Some((
        end,
        0xDC00 | (u16::from(b & 0x0F) << 6) | u16::from(c & 0x3F),
    ))
}

/// The bytes Windows-1252 leaves undefined, which strict decoders drop or replace with U+FFFD,
/// most likely first after each lead byte (Russian `с` is D1 81, `Н` is D0 9D).
fn lost_bytes(lead: u8) -> [u8; 5] {
    match lead {
        0xD0 => [0x9D, 0x90, 0x81, 0x8D, 0x8F],
        0xD1 => [0x81, 0x8F, 0x8D, 0x90, 0x9D],
        0xC3 => [0x8D, 0x81, 0x9D, 0x90, 0x8F],
        0xE2 => [0x9D, 0x8D, 0x90, 0x81, 0x8F],
        _ => [0x81, 0x8D, 0x8F, 0x90, 0x9D],
    }
}

/// A Windows-1252 cluster whose last byte was lost: dropped or replaced with U+FFFD by a strict
/// decoder (`Ñ�` for `с`, `â€` for `”`), or a no-break space turned into a space (`voilÃ ` for
/// `voilà`). `previous` is the repair of the cluster right before it, if any. Accepted only
/// with a replacement character, next to other clusters, or when the characters that remain
/// are strong mojibake; the lost byte is then guessed.
fn lossy_at(codec: &Codec, text: &str, at: usize, previous: Option<char>) -> Option<Cluster> {
    let rest = text.get(at..)?;
    let mut chars = rest.char_indices();
    let (_, lead) = chars.next()?;
    let first = codec.byte(lead)?;
    let len = sequence_len(first)?;
    let mut bytes = vec![first];
    let mut present = vec![lead];
    let mut end = at + lead.len_utf8();
    for (i, c) in chars.by_ref() {
        match codec.byte(c) {
            Some(b @ 0x80..=0xBF) if bytes.len() < len - 1 => {
                bytes.push(b);
                present.push(c);
                end = at + i + c.len_utf8();
            }
            _ => break,
        }
    }
    // Only two-byte characters and the punctuation block (`â€`) are guessed: the lost byte of
    // other three- and four-byte characters may be any of theirs.
    if bytes.len() != len - 1 || (len > 2 && bytes[..] != [0xE2, 0x80]) {
        return None;
    }
    let next = text[end..].chars().next();
    let before = previous.or_else(|| text[..at].chars().next_back());
    let (candidates, evidence): (Vec<u8>, Evidence) = if next == Some('\u{FFFD}') {
        end += '\u{FFFD}'.len_utf8();
        (lost_bytes(first).to_vec(), Evidence::Strong)
    } else if lead == 'Ã'
        && len == 2
        && next == Some(' ')
        && (before.is_some_and(char::is_lowercase)
            || (!before.is_some_and(char::is_alphanumeric) && text[end + 1..].starts_with(' ')))
    {
        // `à` whose no-break space became a space: after a lower-case letter (`voilÃ `) or
        // before the space that followed it (`Ã  la`).
        end += 1;
        (vec![0xA0], Evidence::Strong)
    } else {
        let evidence = if present.len() > 1 {
            self::evidence(&present)
        } else {
            Evidence::Letters
        };
        let next_cluster = cluster_at(codec, text, end).is_some();
        if previous.is_none() && !next_cluster && evidence != Evidence::Strong {
            return None;
        }
        (lost_bytes(first).to_vec(), evidence)
    };
    let after = text[end..].chars().next();
    let emoji = |c: Option<char>| {
        c.is_some_and(|c| matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF))
    };
    let joins_emoji = emoji(previous) && after == Some('ð');
    let fits = |c: char| {
        let same = |n: Option<char>| match (n.and_then(script), script(c)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        plausible(c) && same(before) && (cluster_at(codec, text, end).is_some() || same(after))
    };
    let mut decoded = candidates.iter().filter_map(|&last| {
        let mut full = bytes.clone();
        full.push(last);
        std::str::from_utf8(&full).ok()?.chars().next()
    });
    let repaired = if joins_emoji && first == 0xE2 {
        '\u{200D}'
    } else {
        decoded.find(|&c| fits(c))?
    };
    Some(Cluster {
        range: at..end,
        repaired,
        lossy: Some(evidence),
    })
}

/// How a character behaves next to letters, for judging the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Letter,
    /// Marks that legitimately follow a word: closing quotes, ellipsis, dashes, no-break space.
    Closer,
    /// Marks that legitimately precede a word.
    Opener,
    Symbol,
    /// Controls, soft hyphen, replacement character: never typed next to a letter.
    Control,
}

fn role(c: char) -> Role {
    match c {
        '’' | '”' | '»' | '›' | '…' | '–' | '—' | '\u{A0}' | '™' => Role::Closer,
        '‘' | '“' | '«' | '‹' | '„' | '‚' | '¡' | '¿' => Role::Opener,
        '\u{AD}' | '\u{FFFD}' => Role::Control,
        'µ' | 'ª' | 'º' | 'ƒ' => Role::Symbol,
        c if c.is_control() => Role::Control,
        c if c.is_alphabetic() => Role::Letter,
        _ => Role::Symbol,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    /// Han, kana and Hangul, which mix freely.
    Cjk,
    Other,
}

/// The script of a letter; `None` for anything else.
fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() || matches!(c, 'µ' | 'ª' | 'º') {
        return None;
    }
    Some(match u32::from(c) {
        0x41..=0x5A
        | 0x61..=0x7A
        | 0xC0..=0x24F
        | 0x250..=0x2AF
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xFB00..=0xFB06 => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x1100..=0x11FF
        | 0x3040..=0x30FF
        | 0x3100..=0x318F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFFDC
        | 0x20000..=0x3FFFF => Script::Cjk,
        _ => Script::Other,
    })
}

/// Whether `c` is something a writer plausibly meant: the repair of mojibake that decodes to an
/// IPA letter, a Hebrew point, NKo or a C1 control was no mojibake at all.
fn plausible(c: char) -> bool {
    matches!(u32::from(c),
        0xA0..=0x17F
        // Schwa, Vietnamese horned letters, Romanian comma-below letters.
        | 0x18F | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x218..=0x21B | 0x259
        | 0x384..=0x3CE
        | 0x400..=0x45F | 0x490..=0x4FF
        | 0x531..=0x556 | 0x561..=0x587
        | 0x5D0..=0x5EA
        | 0x60C | 0x61B | 0x61F | 0x621..=0x652 | 0x670..=0x6D3
        | 0x900..=0xDFF | 0xE01..=0xE5B | 0x10A0..=0x10FF
        | 0x1E00..=0x1FFF
        | 0x2000..=0x2064 | 0x2070..=0x20C0 | 0x2100..=0x23FF | 0x2460..=0x27BF | 0x2900..=0x2BFF
        | 0x3000..=0x30FF | 0x3131..=0x318E | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF | 0xFB00..=0xFB06 | 0xFE00..=0xFE0F | 0xFEFF | 0xFF01..=0xFFEE | 0xFFFD
        | 0x1F000..=0x1FAFF | 0x20000..=0x2FFFF | 0xE0020..=0xE007F
    )
}

/// Combining accents common in decomposed (NFD) text; a repair to any other combining mark is
/// implausible.
fn common_combining(c: char) -> bool {
    matches!(u32::from(c), 0x300..=0x30C | 0x31B | 0x323..=0x328)
}

/// Whether combining mark `mark` is a plausible accent on `base` in decomposed text: Latin takes
/// the common accents, Cyrillic a breve or diaeresis (`й`, `ё`), Greek an acute or diaeresis.
/// The strokes and underlines that strike through or underline any character (`$̶6̶3̶`, an old
/// price struck out) go on anything but a space.
fn accent_fits(base: Option<char>, mark: char) -> bool {
    if matches!(u32::from(mark), 0x332 | 0x333 | 0x335..=0x338) {
        return base.is_some_and(|b| !b.is_whitespace());
    }
    match base.and_then(script) {
        Some(Script::Latin) => common_combining(mark),
        Some(Script::Cyrillic) => matches!(mark, '\u{306}' | '\u{308}'),
        Some(Script::Greek) => matches!(mark, '\u{301}' | '\u{308}'),
        _ => false,
    }
}

/// A symbol that does not belong inside a word (`©`, `±`, `²`): punctuation, which does (`’`,
/// `–`, `·`), is not one.
fn word_breaking_symbol(c: char) -> bool {
    !c.is_alphabetic()
        && !c.is_ascii_digit()
        && !c.is_whitespace()
        && !c.is_ascii()
        && !common_combining(c)
        // CJK input methods type full-width punctuation between any words (`Ningbo，China`).
        && !matches!(u32::from(c), 0x2000..=0x206F | 0x300..=0x36F | 0x3000..=0x303F | 0xFF01..=0xFF65)
        && !matches!(c, '«' | '»' | '¡' | '¿' | '·')
}

/// How strongly the original characters of one cluster look like mojibake on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// No legitimate text has these characters side by side (`Ã©`, `â€™`, `Ð°`).
    Strong,
    /// A word-final letter and closing punctuation (`IRMÃ”`, Portuguese capitals before a
    /// closing quote): mojibake only inside a word or after a lower-case letter.
    Closer,
    /// Two letters of one script (`Рі` in Ukrainian `Рівне`): mojibake only with other evidence.
    Letters,
    /// Punctuation before a letter (`«é`, `—à` in MacRoman): mojibake only with other evidence.
    PunctLetter,
    /// A root before a math symbol, or a times sign before any symbol (`√π`, `5×£`): mojibake
    /// only against a letter (`Per√∫`).
    Math,
}

/// Judges the characters of one cluster, `chars[0]` being the lead: strong if any two
/// neighbours are odd, else as weak as its first pair. Three letters that spell one character
/// (`áşż` for `ế`) are never a real word, while a letter before closing marks can be (`é”…`).
fn evidence(chars: &[char]) -> Evidence {
    let mut kind = None;
    for (i, pair) in chars.windows(2).enumerate() {
        match pair_evidence(pair[0], pair[1]) {
            Evidence::Strong => return Evidence::Strong,
            // A quote glued between two words (`á»Ż` for `ữ`); a no-break space is not glue.
            Evidence::PunctLetter if i > 0 && pair[0] != '\u{A0}' => return Evidence::Strong,
            e => {
                kind.get_or_insert(e);
            }
        }
    }
    match kind {
        Some(Evidence::Letters) if chars.len() > 2 => Evidence::Strong,
        Some(kind) => kind,
        None => Evidence::Strong,
    }
}

/// Judges two neighbouring characters of a cluster.
fn pair_evidence(a: char, b: char) -> Evidence {
    match (role(a), role(b)) {
        (_, Role::Control) | (Role::Control, _) => Evidence::Strong,
        (Role::Letter, Role::Letter) => {
            let latin1_accented = ('\u{C0}'..='\u{FF}').contains(&a);
            if script(a) != script(b)
                || (a.is_lowercase() && b.is_uppercase())
                // No language puts these after a Latin-1 accented letter; Windows-1252 mojibake
                // of `Ü`, `ß`, `Ú`, `Ş` does.
                || (latin1_accented && "ŠšŒœŽžŸ".contains(b))
                // The leads of Latin-1 letters in Windows-1252/1250/1257 (`Ã`, `Ă`, `Ć`) and
                // of Latin Extended-A (`Ä`, `Å`, `Ĺ`) before another accented letter: `NĂŁo`,
                // `ĹĽe`; no orthography has these pairs.
                || (!b.is_ascii()
                    && "ÂÃÄÅĂĹĆ".contains(a)
                    && script(b) == Some(Script::Latin)
                    // Norwegian and Danish do put `Å` before `Ø` or `Æ` (`BLÅØYD`).
                    && !(a == 'Å' && "ØÆ".contains(b)))
            {
                Evidence::Strong
            } else {
                Evidence::Letters
            }
        }
        // `Ã ` (à), `Â ` (no-break space), `Â»`: these leads do not end words, except
        // Portuguese `Ã`, and not before these marks.
        (Role::Letter, Role::Closer)
            if (b == '\u{A0}' && "ÂÃ".contains(a))
                || (b == '»' && "ÂĀ".contains(a))
                || (b == '™' && a == 'Ã') =>
        {
            Evidence::Strong
        }
        (Role::Letter | Role::Closer, Role::Closer) => Evidence::Closer,
        (Role::Opener | Role::Closer, Role::Letter) => Evidence::PunctLetter,
        (Role::Symbol, _) if a == '√' && "π∞Ω∑∏∫µ".contains(b) => Evidence::Math,
        // `5×£`, `2×“`: a product before a price or a quote; Hebrew mojibake (`×©`) comes in
        // runs.
        (Role::Symbol, _) if a == '×' => Evidence::Math,
        _ => Evidence::Strong,
    }
}

/// A maximal chain of adjacent clusters of one codec, with its repair.
#[derive(Debug, Clone)]
struct Run {
    codec: usize,
    range: Range<usize>,
    repaired: String,
    strong: bool,
    /// Applicability override: a guessed repair is never safe.
    guessed: bool,
}

impl Check for Mojibake {
    fn runs_without_hits(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, _hits: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        let starts = trigger_positions(text);
        let mut candidates = Vec::new();
        for (index, codec) in codecs().iter().enumerate().filter(|_| !starts.is_empty()) {
            collect_runs(text, &starts, index, codec, &mut candidates);
        }
        let mut runs = choose(doc, candidates);
        add_c1_controls(text, &mut runs);
        if !runs.is_empty() {
            report(text, &runs, out);
        }
    }
}

/// The codec index of a run that is a C1 control standing for a Windows-1252 character.
const C1_CONTROL: usize = usize::MAX;

/// Adds a run for each C1 control outside `runs` that Windows-1252 defines: Windows-1252 text
/// read as Latin-1 (`\u{84}Handwerk\u{93}` for `„Handwerk“`), as ftfy reads them. No text means
/// a C1 control; the five bytes Windows-1252 leaves undefined stay `Junk.ControlCharacter`'s.
fn add_c1_controls(text: &str, runs: &mut Vec<(Run, bool)>) {
    let bytes = text.as_bytes();
    let mut added = Vec::new();
    for at in memchr::memchr_iter(0xC2, bytes) {
        let Some(&second @ 0x80..=0x9F) = bytes.get(at + 1) else {
            continue;
        };
        let byte = [second];
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        let Some(meant) = decoded.chars().next().filter(|&c| u32::from(c) > 0x9F) else {
            continue;
        };
        let inside = runs
            .partition_point(|(r, _)| r.range.start <= at)
            .checked_sub(1)
            .is_some_and(|i| runs[i].0.range.end > at);
        if !inside {
            added.push((
                Run {
                    codec: C1_CONTROL,
                    range: at..at + 2,
                    repaired: meant.to_string(),
                    strong: true,
                    guessed: false,
                },
                false,
            ));
        }
    }
    if !added.is_empty() {
        runs.extend(added);
        runs.sort_by_key(|(r, _)| r.range.start);
    }
}

/// Where a trigger pair starts. The pairs are not handed to the shared automaton: there are
/// about ten thousand of them, which would turn its DFA into a slower NFA for every rule (and
/// cost start-up time to list), while every pair starts with a non-ASCII character, so skipping
/// ASCII bytes and testing each non-ASCII character on the spot finds them in a fraction of the
/// scan's time.
fn trigger_positions(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(skip) = find_non_ascii(&bytes[i..]) {
        i += skip;
        let mut chars = text[i..].chars();
        let Some(c) = chars.next() else {
            break;
        };
        if chars.next().is_some_and(|n| is_trigger(c, n)) {
            out.push(i);
        }
        i += c.len_utf8();
    }
    out
}

/// Finds the runs of `codec` that start at the hit positions and keeps the plausible ones.
fn collect_runs(text: &str, starts: &[usize], index: usize, codec: &Codec, out: &mut Vec<Run>) {
    let mut next_free = 0;
    for &start in starts {
        if start < next_free {
            continue;
        }
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut start = start;
        // The hits are pairs of known characters; a lossy cluster before them (`Ñ�Ðº`, `ÑÑ‚`)
        // starts with no hit of its own.
        if index == 0
            && let Some(c) = lossy_before(codec, text, start, next_free)
        {
            start = c.range.start;
            clusters.push(c);
        }
        let mut at = clusters.last().map_or(start, |c| c.range.end);
        loop {
            let next = cluster_at(codec, text, at).or_else(|| {
                // Only Windows-1252 has undefined bytes that decoders lose.
                (index == 0)
                    .then(|| lossy_at(codec, text, at, clusters.last().map(|c| c.repaired)))
                    .flatten()
            });
            match next {
                Some(c) => {
                    at = c.range.end;
                    clusters.push(c);
                }
                None => break,
            }
        }
        if clusters.is_empty() {
            continue;
        }
        let guessed = clusters.iter().any(|c| c.lossy.is_some());
        let range = start..at;
        // A rejected run is not retried from its middle, where the context would be lost.
        next_free = range.end;
        let mut evidence: Vec<Evidence> = clusters
            .iter()
            .map(|c| {
                c.lossy.unwrap_or_else(|| {
                    let chars: Vec<char> = text[c.range.clone()].chars().collect();
                    self::evidence(&chars)
                })
            })
            .collect();
        let mut repaired: String = clusters.iter().map(|c| c.repaired).collect();
        // Text encoded twice (`ÃƒÂ©`) repairs to mojibake again: repeat while the whole repair
        // is itself strong mojibake.
        let mut levels = 1;
        while levels < 4 {
            let Some(again) = redecode_whole(&repaired) else {
                break;
            };
            repaired = again;
            levels += 1;
        }
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        // A neighbour that belongs to a broken cluster of this codec (`ã®` of `の` with its
        // middle byte lost) is mojibake left over, not a word the repair has to fit.
        let lead = |c: Option<char>| c.and_then(|c| codec.byte(c)).is_some_and(|b| b >= 0xC2);
        let cont = |c: Option<char>| {
            c.and_then(|c| codec.byte(c))
                .is_some_and(|b| (0x80..=0xBF).contains(&b))
        };
        let mut back = text[..range.start].chars().rev();
        let (b1, b2) = (back.next(), back.next());
        let mut ahead = text[range.end..].chars();
        let (a1, a2) = (ahead.next(), ahead.next());
        let before = if cont(b1) && lead(b2) { None } else { before };
        let after = if lead(a1) && cont(a2) { None } else { after };
        if !plausible_in_context(before, &repaired, after) {
            continue;
        }
        if codec.box_drawing && !spells_words(text, range.clone(), &repaired, clusters.len()) {
            continue;
        }
        // A lower-case letter inside a word in capitals (`MÄ£ÄM`, `SÖÄ£`) is worse than the
        // mojibake it would repair.
        let upper = |c: Option<char>| {
            c.is_some_and(char::is_uppercase) && c.and_then(script) == before.and_then(script)
        };
        if repaired.chars().next().is_some_and(char::is_lowercase)
            && upper(before)
            && (upper(a1) || upper(b2))
        {
            continue;
        }
        // Two symbols with no letter among them and no word near them are a drawing or an
        // emoticon (`¬´`, `∆°`), whatever a codec makes of them. A symbol read as MacRoman
        // stands between words (`nous allés √† la plage`, `¬© 2023`), and Hebrew read as
        // Windows-1252 is symbols too, but a word of them.
        let prose = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let previous = text[..range.start]
            .chars()
            .rev()
            .find(|c| !c.is_whitespace());
        let following = text[range.end..].chars().find(|c| !c.is_whitespace());
        if clusters.len() == 1
            && !text[range.clone()].chars().any(char::is_alphabetic)
            && !prose(previous)
            && !prose(following)
        {
            continue;
        }
        let strong = levels > 1
            || evidence.contains(&Evidence::Strong)
            || (clusters.len() > 1 && weak_chain_is_mojibake(text, &clusters, &evidence))
            || promoted(
                evidence.pop().unwrap_or(Evidence::Strong),
                &text[range.clone()],
                repaired.chars().next(),
                before,
                after,
                a2,
            );
        out.push(Run {
            codec: index,
            range,
            repaired,
            strong,
            guessed,
        });
    }
}

/// Whether a run of code page 437 is mojibake of words rather than a drawing (`─┐` is `Ŀ`,
/// `├┤` is `ô`): it spells a letter itself (`─îe┼ítina`, `╨┐╤Ç╨░` for `пра`), or sits in a word
/// of more letters than box drawing (`Pra┼╛sk├⌐ho`), or is three characters or more that repair
/// to a word of one script (`╨┤╨╛╨╝` for `дом`).
fn spells_words(text: &str, range: Range<usize>, repaired: &str, clusters: usize) -> bool {
    if text[range.clone()].chars().any(char::is_alphabetic) {
        return true;
    }
    let start = text[..range.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let word = &text[start..end];
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let drawing = word.chars().filter(|&c| box_drawing(c)).count();
    if letters > drawing {
        return true;
    }
    let mut scripts = repaired.chars().map(script);
    let first = scripts.next().flatten();
    let distinct = repaired
        .chars()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    clusters >= 3 && first.is_some() && scripts.all(|s| s == first) && distinct >= 2
}

/// Whether adjacent weak clusters together are mojibake: a lower-case letter followed by a
/// capital where one cluster meets the next (`РѕРЅ` for `он`), or more than one cluster that
/// is not two letters. Capitals of one script in a row are real words (`УІР”` in Kazakh).
fn weak_chain_is_mojibake(text: &str, clusters: &[Cluster], evidence: &[Evidence]) -> bool {
    let anomaly = clusters.windows(2).any(|w| {
        let last = text[w[0].range.clone()].chars().next_back();
        let lead = text[w[1].range.clone()].chars().next();
        last.is_some_and(char::is_lowercase) && lead.is_some_and(char::is_uppercase)
    });
    let unusual = evidence
        .iter()
        .filter(|&&e| e != Evidence::Letters && e != Evidence::Closer)
        .count();
    let not_letters = evidence.iter().filter(|&&e| e != Evidence::Letters).count();
    anomaly || unusual > 0 || not_letters > 1
}

/// A lossy cluster that ends right at `start` and begins at or after `free`.
fn lossy_before(codec: &Codec, text: &str, start: usize, free: usize) -> Option<Cluster> {
    let mut back = text.get(..start)?.char_indices().rev();
    for _ in 0..3 {
        let (i, _) = back.next()?;
        if i < free {
            return None;
        }
        if let Some(c) = lossy_at(codec, text, i, None)
            && c.range.end == start
        {
            return Some(c);
        }
    }
    None
}

/// Whether a single weak cluster is mojibake after all, judged by its neighbours.
fn promoted(
    evidence: Evidence,
    original: &str,
    repaired: Option<char>,
    before: Option<char>,
    after: Option<char>,
    after_next: Option<char>,
) -> bool {
    let lead = original.chars().next();
    let last = original.chars().next_back();
    let lowercase_before_capital =
        before.is_some_and(char::is_lowercase) && lead.is_some_and(char::is_uppercase);
    // An ASCII letter right against a letter of another script: `fГјr`, `Гјber`. Other
    // mixtures are real (Ossetian writes Latin `Æ` among Cyrillic letters).
    let foreign = |a: Option<char>, b: Option<char>| {
        let ascii = a.is_some_and(|c| c.is_ascii_alphabetic())
            || b.is_some_and(|c| c.is_ascii_alphabetic());
        match (a.and_then(script), b.and_then(script)) {
            (Some(x), Some(y)) => ascii && x != y,
            _ => false,
        }
    };
    let mixed = foreign(before, lead) || foreign(last, after);
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    match evidence {
        Evidence::Strong => true,
        Evidence::Closer => {
            // Inside a word (`Ã–sterreich`, `sÃ»r`); a no-break space is followed by words, and
            // capitals glued to a quote are a sloppy quotation (`IRMÃ”S`).
            let closer_only = original.chars().skip(1).all(|c| !c.is_alphabetic());
            // `’s` after a letter is a possessive or a plural (`a lot of Ã’s`).
            let possessive = "’'".contains(last.unwrap_or(' '))
                && after == Some('s')
                && !after_next.is_some_and(char::is_alphanumeric);
            let inside_word = last != Some('\u{A0}')
                && closer_only
                && after.is_some_and(char::is_lowercase)
                && !possessive;
            // Between capitals with a word still to come (`HÃ”TEL`); `IRMÃ”S` is a quotation
            // closed before a plural `S`.
            let inside_capitals = last != Some('\u{A0}')
                && closer_only
                && before.is_some_and(char::is_uppercase)
                && after.is_some_and(char::is_uppercase)
                && after_next.is_some_and(char::is_uppercase);
            lowercase_before_capital || mixed || inside_word || inside_capitals
        }
        Evidence::Letters => lowercase_before_capital || mixed,
        // Quotes and guillemets do not stand between two letters of a word (`Ș` read as
        // `»ò` in `tiin»õa`); apostrophes and dashes do (`l’été`, `Paris–Roubaix`).
        Evidence::PunctLetter => letter(before) && lead.is_some_and(|c| "«»“”‹›„‚¡¿".contains(c)),
        // Math puts an operand or an operator next to a root, not a letter: `Per√∫`, `√∫ltimo`.
        Evidence::Math => letter(repaired) && (letter(before) || letter(after)),
    }
}

/// Reads all of `s` as mojibake in one codec, if it is strong mojibake throughout.
fn redecode_whole(s: &str) -> Option<String> {
    codecs().iter().find_map(|codec| {
        let mut at = 0;
        let mut out = String::new();
        let mut strong = false;
        let mut count = 0;
        while at < s.len() {
            let c = cluster_at(codec, s, at)?;
            let chars: Vec<char> = s[c.range.clone()].chars().collect();
            strong |= evidence(&chars) == Evidence::Strong;
            count += 1;
            at = c.range.end;
            out.push(c.repaired);
        }
        (count > 0 && (strong || count > 1)).then_some(out)
    })
}

/// Whether the repaired characters make sense between the original neighbours.
fn plausible_in_context(before: Option<char>, repaired: &str, after: Option<char>) -> bool {
    let chars: Vec<char> = before
        .into_iter()
        .chain(repaired.chars())
        .chain(after)
        .collect();
    let first = usize::from(before.is_some());
    let last = chars.len() - usize::from(after.is_some());
    // A lone lower-case Greek letter is a symbol in Latin text (`IL2Rγc`, `β-blocker`), not a
    // letter of another script glued to the word.
    let greek_symbol = last - first == 1 && ('α'..='ω').contains(&chars[first]);
    for i in first..last {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let ok = if (0x300..=0x36F).contains(&u32::from(c)) {
            accent_fits(prev, c)
        } else {
            plausible(c)
        };
        if !ok {
            return false;
        }
        if word_breaking_symbol(c)
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic)
        {
            return false;
        }
        // A letter of one script glued to a letter of another is worse than the mojibake.
        if let (Some(a), Some(b)) = (script(c), next.and_then(script))
            && a != b
            && !greek_symbol
        {
            return false;
        }
        if i == first
            && let (Some(a), Some(b)) = (prev.and_then(script), script(c))
            && a != b
            && !greek_symbol
        {
            return false;
        }
    }
    true
}

/// Keeps the strong runs, the weak ones in a paragraph where the same codec produced a strong
/// one, and one reading where codecs disagree. The flag says whether the choice was ambiguous.
fn choose(doc: &Document, candidates: Vec<Run>) -> Vec<(Run, bool)> {
    let paragraph = |pos: usize| doc.paragraphs().partition_point(|p| p.end < pos);
    // How much of each paragraph each codec reads as strong mojibake: a paragraph is usually
    // mangled by one codec throughout, which settles the readings that are weak or contested.
    let mut support: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for r in candidates.iter().filter(|r| r.strong) {
        *support
            .entry((paragraph(r.range.start), r.codec))
            .or_default() += r.range.len();
    }
    let support_of = |r: &Run| {
        support
            .get(&(paragraph(r.range.start), r.codec))
            .copied()
            .unwrap_or(0)
    };
    let mut kept: Vec<Run> = candidates
        .into_iter()
        .filter(|r| r.strong || support_of(r) > 0)
        .collect();
    kept.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end), r.codec));
    // The reading that explains more of the text wins: a codec that shares some characters
    // with the right one reads only fragments of its runs.
    let rank = |r: &Run| {
        (
            r.range.len(),
            support_of(r),
            r.strong,
            std::cmp::Reverse(r.codec),
        )
    };
    let mut out: Vec<(Run, bool)> = Vec::with_capacity(kept.len());
    for run in kept {
        if let Some((last, ambiguous)) = out.last_mut()
            && run.range.start < last.range.end
        {
            // Two readings of the same characters that both make sense: report the better
            // supported one, but do not apply it unattended.
            let nested = (run.range.start >= last.range.start && run.range.end <= last.range.end)
                || (last.range.start >= run.range.start && last.range.end <= run.range.end);
            let differs = if nested {
                run.range == last.range && run.repaired != last.repaired
            } else {
                true
            };
            if rank(&run) > rank(last) {
                *last = run;
            }
            *ambiguous |= differs;
            continue;
        }
        out.push((run, false));
    }
    out
}

/// Groups the runs into findings, one per word or phrase, each run an edit.
fn report(text: &str, runs: &[(Run, bool)], out: &mut dyn Sink) {
    let mut i = 0;
    while i < runs.len() {
        let start = word_start(text, runs[i].0.range.start);
        let mut end = word_end(text, runs[i].0.range.end);
        let mut j = i + 1;
        // Each scan for a word boundary starts past the previous one, so that a huge word full
        // of runs is still read once.
        while j < runs.len() {
            let run = &runs[j].0;
            if run.range.start > end {
                let next = word_start(text, run.range.start);
                if next > end && !joins(&text[end..next]) {
                    break;
                }
            }
            if run.range.end > end {
                end = word_end(text, run.range.end);
            }
            j += 1;
        }
        let group = &runs[i..j];
        let mut fixed = String::new();
        let mut at = start;
        for (run, _) in group {
            fixed.push_str(&text[at..run.range.start]);
            fixed.push_str(&run.repaired);
            at = run.range.end;
        }
        fixed.push_str(&text[at..end]);
        let lost = if group.iter().any(|(run, _)| run.guessed) {
            ", but part of a character was lost, so that is a guess"
        } else {
            ""
        };
        let mut finding = Finding::new(
            start..end,
            vec![
                shorten(&text[start..end]),
                shorten(&fixed),
                lost.to_string(),
            ],
        );
        let mut names: Vec<&str> = group
            .iter()
            .map(|(r, _)| codecs().get(r.codec).map_or("", |c| c.name))
            .filter(|name| !name.is_empty())
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut reading = Vec::new();
        if !names.is_empty() {
            reading.push(format!("UTF-8 read as {}", names.join(", ")));
        }
        if group.iter().any(|(r, _)| r.codec == C1_CONTROL) {
            reading.push("Windows-1252 read as Latin-1".to_string());
        }
        finding.labels.push((start..end, reading.join("; ")));
        finding.edits = group
            .iter()
            .map(|(run, _)| TextEdit {
                range: run.range.clone(),
                replacement: run.repaired.clone(),
            })
            .collect();
        if group
            .iter()
            .any(|(run, ambiguous)| *ambiguous || run.guessed)
        {
            finding.applicability = Some(Applicability::Unsafe);
        }
        out.push(finding);
        i = j;
    }
}

/// Text for a message: a whole mojibake paragraph is cut to its start.
fn shorten(s: &str) -> String {
    const MAX_CHARS: usize = 80;
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Whether the gap between the words of two runs keeps them in one finding: a single space or
/// mark, as between the words of a mojibake phrase (`ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€`).
fn joins(gap: &str) -> bool {
    gap.chars().count() <= 2 && !gap.chars().any(char::is_alphanumeric) && !gap.contains('\n')
}

fn in_word(c: char) -> bool {
    c.is_alphanumeric() || (0x300..=0x36F).contains(&u32::from(c))
}

fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or(at, |(i, _)| i)
}

fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !in_word(c))
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codecs_read_known_bytes() {
        let c = &codecs()[0];
        assert_eq!(c.byte('Ã'), Some(0xC3));
        assert_eq!(c.byte('€'), Some(0x80));
        assert_eq!(c.byte('\u{80}'), Some(0x80));
        assert_eq!(c.byte('a'), None);
        let mac = &codecs()[2];
        assert_eq!(mac.byte('√'), Some(0xC3));
        // Windows-1253 leaves 0xAA undefined.
        assert!(codecs()[5].bytes.iter().all(|&(_, b)| b != 0xAA));
    }

    #[test]
    fn clusters_decode_and_respect_utf8_validity() {
        let c = &codecs()[0];
        let cl = cluster_at(c, "xâ€™y", 1).unwrap();
        assert_eq!((cl.range, cl.repaired), (1..9, '’'));
        // E0 80 would be an overlong form.
        assert!(cluster_at(c, "à€€", 0).is_none());
        assert!(cluster_at(c, "Ã", 0).is_none());
        assert!(cluster_at(c, "", 0).is_none());
    }

    #[test]
    fn evidence_of_clusters() {
        let e = |s: &str| evidence(&s.chars().collect::<Vec<_>>());
        assert_eq!(e("Ã©"), Evidence::Strong);
        assert_eq!(e("â€™"), Evidence::Strong);
        assert_eq!(e("Ã”"), Evidence::Closer);
        assert_eq!(e("Рі"), Evidence::Letters);
        assert_eq!(e("«é"), Evidence::PunctLetter);
        assert_eq!(e("√π"), Evidence::Math);
        assert_eq!(e("√±"), Evidence::Strong);
        assert_eq!(e("ÃŸ"), Evidence::Strong);
    }

    #[test]
    fn double_encoding_is_undone() {
        assert_eq!(redecode_whole("Ã©").as_deref(), Some("é"));
        assert_eq!(redecode_whole("â€™").as_deref(), Some("’"));
        assert_eq!(redecode_whole("é"), None);
        assert_eq!(redecode_whole("Рі"), None);
    }

    #[test]
    fn triggers_are_lead_and_continuation_pairs() {
        for needle in ["Ã ", "Ã©", "â€", "вЂ", "√±", "Ð¾", "ðŸ"] {
            let mut c = needle.chars();
            assert!(is_trigger(c.next().unwrap(), c.next().unwrap()), "{needle}");
        }
        // Accented text, curly quotes, and a lead followed by something no codec continues.
        for clean in ["é ", "éa", "’s", "“T", "Ãa", "Ð ", "ßé"] {
            let mut c = clean.chars();
            assert!(!is_trigger(c.next().unwrap(), c.next().unwrap()), "{clean}");
        }
    }
}
