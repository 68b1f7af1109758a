//! The signals of one unit (a line, or lines run together): its [`Features`], and the whole-line
//! shapes behind them (phone numbers, counters, timestamps, bylines, credits, tags, menus).

use super::lists::{
    AGENCIES, AGENCY_INITIALS, BYLINE_CONNECTORS, CALENDAR_NAMES, CHROME, COUNTER_NOUNS,
    CREDIT_INITIALS, CREDIT_MARKERS, CREDIT_PREFIXES, Cue, DATE_WORDS, RELATED_HEADINGS,
    TAG_INITIALS, TAG_PREFIXES, ZONES, in_list, is_one_of,
};
use super::{
    Features, LOW_STOP_DENSITY, LOW_STOP_MIN_WORDS, META_MAX_WORDS, NOTICE_MAX_WORDS, SHORT_WORDS,
};

/// `words(s).next_back()`, read byte by byte from the end while the bytes are ASCII (the
/// general iterator decodes and classifies every character on its way).
pub(super) fn last_word(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] < 0x80 && !b[end - 1].is_ascii_alphanumeric() {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'\'') {
        start -= 1;
    }
    // A letter, digit or typographic apostrophe outside ASCII may be part of the word.
    if (end > 0 && b[end - 1] >= 0x80) || (start > 0 && b[start - 1] >= 0x80) {
        return words(s).next_back();
    }
    (end > 0).then(|| s[start..end].trim_start_matches('\''))
}

/// Words: runs of letters and digits, with apostrophes inside them.
fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
}

/// Leading list markers and indentation, which say nothing about the line.
fn strip_bullet(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '*' | '•' | '·' | '–' | '—' | '>' | '#' | '▪' | '►')
    })
}

/// The signals of `unit`, which has `words` words; `stop(limit)` counts its stop words, and may
/// stop counting once there are `limit` or more.
pub(super) fn features(
    unit: &str,
    words: usize,
    stop: impl FnOnce(f32) -> usize,
    cues: &[Cue],
) -> Features {
    let body = strip_bullet(unit);
    let mut f = Features {
        words,
        ..Features::default()
    };
    let counts = ByteCounts::of(body.as_bytes());
    let (mut letters, mut upper) = (counts.letters, counts.upper);
    if counts.high > 0 {
        // The byte counts hold for the ASCII letters; add those outside ASCII, going from one
        // non-ASCII byte to the next instead of decoding every character.
        let mut rest = body;
        while let Some(at) = crate::document::find_non_ascii(rest.as_bytes()) {
            let c = rest[at..].chars().next().unwrap_or_default();
            letters += usize::from(c.is_alphabetic());
            upper += usize::from(c.is_alphabetic() && c.is_uppercase());
            rest = &rest[at + c.len_utf8()..];
        }
    }
    f.short = f.words < SHORT_WORDS;
    f.upper = letters >= 4 && upper * 2 > letters;
    (f.no_end, f.lead_in) = ending(body);
    f.label = has_label(body);

    for &cue in cues {
        match cue {
            Cue::Contact => f.contact = true,
            Cue::Link => f.link = f.link.max(1),
            Cue::StrongLink => f.link = 2,
            Cue::Notice => f.notice = f.words <= NOTICE_MAX_WORDS,
            Cue::Paywall => f.paywall = f.words <= NOTICE_MAX_WORDS,
        }
    }
    // A phone number has five digits at least; most prose has none.
    f.phone = counts.digits >= 5 && has_phone(body, f.contact);
    if f.words <= META_MAX_WORDS {
        let meta = metadata(body);
        f.counter = meta.counter;
        f.byline = meta.byline;
        f.timestamp = meta.timestamp;
        f.tags = is_tag_line(body);
        let mut buf = [0u8; 40];
        let label = label_of(body, &mut buf);
        f.related = label.is_some_and(|l| RELATED_HEADINGS.binary_search(&l).is_ok());
        let chrome = label.is_some_and(|l| CHROME.binary_search(&l).is_ok());
        f.menu = !meta.any() && !f.tags && (chrome || is_separated_menu(body));
    }
    f.credit = f.words <= 40 && is_credit(body, f.words);
    // Counting the stop words costs a look-up a word, and their density is one weak signal:
    // it changes whether a unit reads as prose only where `low_stop_decides`, and is left
    // false elsewhere. `Features::listed`, set later, adds evidence only to units with no end
    // (a weak signal already), which then read as furniture with or without the density.
    f.low_stop = f.words >= LOW_STOP_MIN_WORDS && low_stop_decides(&f) && {
        let limit = LOW_STOP_DENSITY * f.words as f32;
        (stop(limit) as f32) < limit
    };
    f
}

/// Whether `f.low_stop` can change `f.non_prose()`: it adds one weak signal, which turns a
/// unit into furniture only when it has no weak signal and some evidence, or one weak signal
/// and no evidence.
fn low_stop_decides(f: &Features) -> bool {
    debug_assert!(!f.low_stop);
    let without = f.non_prose();
    let mut with = *f;
    with.low_stop = true;
    without != with.non_prose()
}

/// Counts of ASCII letters, capitals and digits, and of bytes outside ASCII, in one branch-free
/// pass that the compiler vectorises. No byte of a multi-byte character falls in an ASCII range,
/// so the ASCII counts are right in any UTF-8.
#[derive(Debug, Clone, Copy)]
pub(super) struct ByteCounts {
    pub(super) letters: usize,
    pub(super) upper: usize,
    pub(super) digits: usize,
    pub(super) high: usize,
    /// Characters that are not white space (the continuation bytes of a multi-byte character
    /// count once, with its first byte).
    pub(super) visible: usize,
}

impl ByteCounts {
    pub(super) fn of(bytes: &[u8]) -> ByteCounts {
        let mut counts = ByteCounts {
            letters: 0,
            upper: 0,
            digits: 0,
            high: 0,
            visible: 0,
        };
        // Byte-wide counters, widened once per chunk, fill whole vector registers: summed in
        // `usize` directly, the loop took four bytes a step instead of sixteen.
        for chunk in bytes.chunks(255) {
            let (mut l, mut u, mut d, mut h, mut v) = (0u8, 0u8, 0u8, 0u8, 0u8);
            for &b in chunk {
                l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
                u += u8::from(b.wrapping_sub(b'A') < 26);
                d += u8::from(b.wrapping_sub(b'0') < 10);
                h += u8::from(b >= 0x80);
                v += u8::from(!b.is_ascii_whitespace() && (b & 0xC0) != 0x80);
            }
            counts.letters += usize::from(l);
            counts.upper += usize::from(u);
            counts.digits += usize::from(d);
            counts.high += usize::from(h);
            counts.visible += usize::from(v);
        }
        counts
    }
}

/// (no terminal punctuation, ends in a colon). Closing quotes and brackets are looked through,
/// so typeset prose ending in `.”` is not flagged (C4's test counts only the ASCII `"`); an
/// ellipsis counts as no end, as in C4.
fn ending(body: &str) -> (bool, bool) {
    let core = body.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '”' | '“' | '’' | '‘' | '\'' | '»' | ')' | ']' | '*'
            )
    });
    if core.ends_with("...") || core.ends_with('…') {
        return (true, false);
    }
    match core.chars().next_back() {
        Some('.' | '!' | '?' | ';') => (false, false),
        Some(':') => (false, true),
        _ => (true, false),
    }
}

/// `Samaritans: Telephone 116 123`: a short capitalised name, a colon, then more text, the shape
/// of a directory entry.
fn has_label(body: &str) -> bool {
    if !body.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // The name ends in the first 60 characters (240 bytes at most); a colon is rare, so look
    // for one before counting characters.
    let b = body.as_bytes();
    let Some(colon) = memchr::memchr(b':', &b[..b.len().min(240)]) else {
        return false;
    };
    if body[..colon].chars().nth(59).is_some() {
        return false;
    }
    let name = &body[..colon];
    let rest = &body[colon + 1..];
    let n = words(name).count();
    (1..=6).contains(&n)
        && !name.contains(|c: char| c.is_ascii_digit() || c == '/')
        && rest.starts_with(char::is_whitespace)
        && rest.contains(char::is_alphanumeric)
}

/// Whether `s` holds a phone number: 7 to 15 digits in groups joined by single spaces, hyphens,
/// dots or brackets, that starts with `+`, `(` or `0` or has three groups (or, next to a contact
/// word, six or more digits in two groups or more); dates, ZIP+4 codes, years, thousands,
/// versions and ISBNs are not numbers to call.
fn has_phone(s: &str, contact: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let opens = c.is_ascii_digit()
            || ((c == b'+' || c == b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        // After a letter, a currency sign, `#` (an issue), `/` (a path) or `.` (a decimal) a
        // number is something else. (Asked only where a number opens: most bytes open none.)
        let bounded = || {
            i == 0
                || !(b[i - 1].is_ascii_alphanumeric()
                    || b[i - 1] >= 0x80
                    || b"#$/.:=_%&@-".contains(&b[i - 1]))
        };
        if !(opens && bounded()) {
            i += 1;
            continue;
        }
        let (number, end) = scan_number(b, i);
        if number.is_phone(contact) && !b.get(end).is_some_and(u8::is_ascii_alphabetic) {
            return true;
        }
        i = end.max(i + 1);
    }
    false
}

/// The digit groups of a candidate number.
#[derive(Default)]
struct Number {
    digits: usize,
    /// Lengths of the first groups (the rest are counted, not kept).
    lens: [usize; 6],
    groups: usize,
    /// Length of the last group.
    last: usize,
    /// The first three digits, for the ISBN prefixes 978 and 979.
    prefix: u32,
    leading: bool,
    dash: bool,
    dot: bool,
    space: bool,
}

/// Scans digits and separators from `start`; returns the groups and where the number ends.
fn scan_number(b: &[u8], start: usize) -> (Number, usize) {
    let mut n = Number {
        leading: matches!(b[start], b'+' | b'(' | b'0'),
        ..Number::default()
    };
    let mut j = start;
    let mut end = start;
    let mut seps = 0;
    let mut in_group = false;
    // Separators count only once a digit follows them: `2021-03-12 at` is not spaced.
    let (mut dash, mut dot, mut space) = (false, false, false);
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            n.dash |= dash;
            n.dot |= dot;
            n.space |= space;
            (dash, dot, space) = (false, false, false);
            if !in_group {
                if n.groups < n.lens.len() {
                    n.lens[n.groups] = 0;
                }
                n.groups += 1;
                n.last = 0;
                in_group = true;
            }
            if let Some(len) = n.lens.get_mut(n.groups - 1) {
                *len += 1;
            }
            n.last += 1;
            if n.digits < 3 {
                n.prefix = n.prefix * 10 + u32::from(c - b'0');
            }
            n.digits += 1;
            seps = 0;
            end = j + 1;
        } else if matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'+') && seps < 2 && n.digits < 16
        {
            if c == b'+' && j != start {
                break;
            }
            in_group = false;
            seps += 1;
            dash |= c == b'-';
            dot |= c == b'.';
            space |= c == b' ';
        } else {
            break;
        }
        j += 1;
    }
    (n, end)
}

impl Number {
    fn is_phone(&self, contact: bool) -> bool {
        if !(5..=15).contains(&self.digits) {
            return false;
        }
        let lens = &self.lens[..self.groups.min(self.lens.len())];
        let date = self.groups == 3
            && !self.space
            && matches!(lens, [4, 1 | 2, 1 | 2] | [1 | 2, 1 | 2, 4 | 2]);
        let zip4 = self.groups == 2 && self.dash && lens == [5, 4];
        let years = lens.iter().all(|&l| l == 4) && !self.leading;
        let thousands = self.groups >= 2
            && lens[0] <= 3
            && lens[1..].iter().all(|&l| l == 3)
            && !self.dash
            && !self.leading;
        let decimal = self.groups == 2 && self.dot && !self.space && !self.dash;
        // Phone numbers group with dots, or with spaces and hyphens, not both: `0.2.19
        // (2024-05-03)` is a version and a date. Dotted groups have two digits or more.
        let mixed = self.dot && (self.space || self.dash);
        let version = self.dot && lens.iter().any(|&l| l < 2);
        let isbn = (self.digits == 13 && matches!(self.prefix, 978 | 979))
            || (self.dash && self.groups >= 3 && self.last == 1);
        if date || zip4 || years || decimal || mixed || version || isbn {
            return false;
        }
        let shaped = self.digits >= 7 && (self.leading || self.groups >= 3) && !thousands;
        // Next to a contact word, a short spaced number will do: `Telephone 116 123`.
        shaped || (contact && self.digits >= 6 && self.groups >= 2)
    }
}

/// Which whole-line metadata shapes a unit has.
#[derive(Debug, Default, Clone, Copy)]
struct Meta {
    counter: bool,
    byline: bool,
    timestamp: bool,
}

impl Meta {
    fn any(&self) -> bool {
        self.counter || self.byline || self.timestamp
    }
}

/// Classifies the segments of a metadata strip (`By Jane Doe | 12 March 2021 | 71 comments`):
/// every segment must be a byline, a timestamp, a counter or a name (a publication), and one at
/// least must be more than a name.
fn metadata(body: &str) -> Meta {
    let mut meta = Meta::default();
    // Most short lines have no separator at all: they are their own only segment, which needs
    // no splitting, and no name test either (a name alone is no metadata).
    if !has_separator(body.as_bytes()) {
        let seg = body.trim();
        if !seg.is_empty() {
            mark_segment(seg, &mut meta);
        }
        return meta;
    }
    for seg in body
        .split(['|', '•', '·'])
        .flat_map(|s| s.split(" – "))
        .flat_map(|s| s.split(" — "))
        .flat_map(|s| s.split(" - "))
    {
        let seg = seg.trim();
        if !seg.is_empty() && !mark_segment(seg, &mut meta) && !is_name(seg) {
            return Meta::default();
        }
    }
    meta
}

/// Records in `meta` which metadata shape `seg` has; false when it has none.
fn mark_segment(seg: &str, meta: &mut Meta) -> bool {
    if is_counter(seg) {
        meta.counter = true;
    } else if is_timestamp(seg) {
        meta.timestamp = true;
    } else if is_byline(seg) {
        meta.byline = true;
    } else {
        return false;
    }
    true
}

/// Whether `b` may hold a separator of [`metadata`]: `|`, ` - `, or the start of `•`, `·`, `–`
/// or `—`.
fn has_separator(b: &[u8]) -> bool {
    memchr::memchr3_iter(b'|', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'|' => true,
        0xC2 => b.get(i + 1) == Some(&0xB7),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA2 | 0x93 | 0x94)),
    }) || memchr::memchr_iter(b'-', b)
        .any(|i| i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' '))
}

/// `BBC News`: a few capitalised words.
fn is_name(seg: &str) -> bool {
    let n = seg.split_whitespace().count();
    (1..=4).contains(&n)
        && seg
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Tokens of a short segment with edge punctuation removed.
fn tokens(seg: &str) -> impl Iterator<Item = &str> {
    seg.split_whitespace()
        .map(|t| t.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']')))
        .filter(|t| !t.is_empty())
}

/// The first `N` items of `items`, kept in `buf` (no allocation per line).
fn first_tokens<'a, 'b, const N: usize>(
    items: impl Iterator<Item = &'a str>,
    buf: &'b mut [&'a str; N],
) -> &'b [&'a str] {
    let mut n = 0;
    for (slot, t) in buf.iter_mut().zip(items) {
        *slot = t;
        n += 1;
    }
    &buf[..n]
}

/// `71 comments`, `1.2K views`, `Comments (71)`, `5 min read`: RefinedWeb's counter lines.
fn is_counter(seg: &str) -> bool {
    let count = |t: &str| {
        let t = t.trim_end_matches('+');
        let t = t.trim_end_matches(['k', 'K', 'm', 'M', 'b', 'B']);
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    let noun = |t: &str| in_list(COUNTER_NOUNS, t);
    // Each counter has a count, which starts with a digit, and starts with a count or a noun:
    // most lines fail one test or the other.
    if !seg.bytes().any(|b| b.is_ascii_digit())
        || !tokens(seg).next().is_some_and(|t| count(t) || noun(t))
    {
        return false;
    }
    let mut buf = [""; 9];
    let toks = first_tokens(tokens(seg), &mut buf);
    if toks.is_empty() || toks.len() > 8 {
        return false;
    }
    // `5 min read`: a reading-time badge.
    let reading = |i: usize| {
        i + 3 <= toks.len()
            && count(toks[i])
            && is_one_of(&["min", "mins", "minute"], toks[i + 1])
            && toks[i + 2].eq_ignore_ascii_case("read")
    };
    let mut i = 0;
    let mut pairs = 0;
    while i < toks.len() {
        if reading(i) {
            i += 3;
        } else if i + 1 < toks.len()
            && ((count(toks[i]) && noun(toks[i + 1])) || (noun(toks[i]) && count(toks[i + 1])))
        {
            i += 2;
        } else {
            return false;
        }
        pairs += 1;
    }
    pairs > 0
}

/// `12 March 2021, 10:42`, `Updated 3 hours ago`, `Published: Mon 12 Mar 2021 10.42 GMT`.
fn is_timestamp(seg: &str) -> bool {
    let mut month = false;
    let mut number = false;
    let mut clock = false;
    let mut dotted_clock = false;
    let mut zone = false;
    let mut date = false;
    let mut ago = false;
    let mut relative = false;
    for (n, t) in tokens(seg).enumerate() {
        if n >= 12 {
            return false;
        }
        let t = t.trim_matches('.');
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let rest = &t[digits..];
            if rest.is_empty() || is_one_of(&["nd", "rd", "st", "th"], rest) {
                number = true;
            } else if let Some(colon) = clock_kind(t) {
                clock |= colon;
                dotted_clock |= !colon;
            } else if is_numeric_date(t) {
                date = true;
            } else {
                return false;
            }
            continue;
        }
        if t.eq_ignore_ascii_case("a.m") || t.eq_ignore_ascii_case("p.m") {
            zone = true;
            continue;
        }
        let (is_month, is_zone) = (in_list(CALENDAR_NAMES, t), in_list(ZONES, t));
        if !(is_month || is_zone || in_list(DATE_WORDS, t)) {
            return false;
        }
        month |= is_month;
        zone |= is_zone;
        ago |= t.eq_ignore_ascii_case("ago");
        relative |= is_one_of(&["today", "yesterday"], t);
        number |= is_one_of(&["a", "an"], t);
    }
    // `10.42` alone is as likely a version or a score as a time.
    clock
        || date
        || (dotted_clock && (month || zone))
        || (month && number)
        || (ago && number)
        || relative
}

/// `Some(true)` for `10:42`, `10:42am`, `10:42:07`; `Some(false)` for `10.42`; `None` if `t` is
/// not a time of day.
fn clock_kind(t: &str) -> Option<bool> {
    let t = t
        .strip_suffix("am")
        .or_else(|| t.strip_suffix("pm"))
        .unwrap_or(t);
    let colon = t.contains(':');
    if colon && t.contains('.') {
        return None;
    }
    let mut parts = t.split([':', '.']);
    let hour: u32 = parts.next()?.parse().ok()?;
    let mut fields = 0;
    for p in parts {
        fields += 1;
        let value: u32 = p.parse().ok()?;
        if p.len() != 2 || value > 59 || fields > 2 {
            return None;
        }
    }
    (hour <= 23 && fields >= 1 && (colon || fields == 1)).then_some(colon)
}

/// `12/03/2021`, `2021-03-12`, `12.03.21`, with a plausible day and month; a year of two digits
/// only with `/` or `-`, since `1.10.12` is a version.
fn is_numeric_date(t: &str) -> bool {
    let dots = t.contains('.');
    let mut parts = t.split(['/', '-', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let num = |p: &str| {
        (1..=4)
            .contains(&p.len())
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) else {
        return false;
    };
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    if a.len() == 4 {
        return c.len() <= 2 && day_month(z, y);
    }
    let year = c.len() == 4 || (c.len() == 2 && !dots);
    year && a.len() <= 2 && b.len() <= 2 && (day_month(x, y) || day_month(y, x))
}

/// `By Jane Doe`, `By Jane Doe and John Smith`, `Written by admin`, `BY AFP`.
fn is_byline(seg: &str) -> bool {
    // The opening words decide first: most lines are not bylines, and need no token list.
    let mut opening = seg.split_whitespace();
    let Some(first) = opening.next() else {
        return false;
    };
    let (skip, loose) = if first == "By" || first == "BY" {
        (1, false)
    } else if opening.next().is_some_and(|t| t.eq_ignore_ascii_case("by"))
        && matches!(
            first,
            "Written" | "Posted" | "Reporting" | "Words" | "Story" | "Text" | "Report" | "Edited"
        )
    {
        (2, true)
    } else if matches!(first, "Author:" | "Authors:" | "Byline:") {
        (1, true)
    } else {
        return false;
    };
    let mut buf = [""; 12];
    let rest = &first_tokens(seg.split_whitespace(), &mut buf)[skip..];
    if rest.is_empty() || rest.len() > 8 {
        return false;
    }
    if rest
        .iter()
        .any(|t| t.contains(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    if loose {
        return true;
    }
    let capital = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    let first_name = trim_name(rest[0]);
    if !capital(first_name) || in_list(CALENDAR_NAMES, first_name) {
        return false;
    }
    let mut names = 0;
    for &t in rest {
        let t = trim_name(t);
        if capital(t) {
            names += 1;
        } else if !BYLINE_CONNECTORS.contains(&t) {
            return false;
        }
    }
    // One word is a byline only as an agency acronym (`By AFP`): `By Car` heads directions.
    names >= 2 || (first_name.len() >= 2 && first_name.chars().all(|c| c.is_ascii_uppercase()))
}

fn trim_name(t: &str) -> &str {
    t.trim_end_matches([',', ';'])
}

/// The whole unit as a label in lower case with single spaces (`  Contact Us »` is
/// `contact us`), if it is short ASCII.
fn label_of<'b>(body: &str, buf: &'b mut [u8; 40]) -> Option<&'b str> {
    let core = body.trim_matches(|c: char| !c.is_alphanumeric());
    if core.len() > buf.len() || !core.is_ascii() {
        return None;
    }
    let mut n = 0;
    for w in core.split_whitespace() {
        if n > 0 {
            *buf.get_mut(n)? = b' ';
            n += 1;
        }
        buf.get_mut(n..n + w.len())?.copy_from_slice(w.as_bytes());
        n += w.len();
    }
    buf[..n].make_ascii_lowercase();
    std::str::from_utf8(&buf[..n]).ok()
}

/// `Tags: cloud, fintech`, `Posted in Business, Technology`: a blog's tag and category line.
fn is_tag_line(body: &str) -> bool {
    // Most lines start with a letter no prefix starts with.
    if !body
        .as_bytes()
        .first()
        .is_some_and(|&b| TAG_INITIALS[usize::from(b)])
    {
        return false;
    }
    TAG_PREFIXES.iter().any(|p| {
        body.strip_prefix(p)
            .is_some_and(|rest| rest.contains(char::is_alphanumeric))
    })
}

/// `Home | News | Sport`, `Home › World › Europe`: three or more short items between menu
/// separators.
///
/// A plain-text table is not a menu: its rows start or end with `|`, its columns are aligned
/// with runs of spaces, and its cells hold numbers and lower-case words; menu items are
/// capitalised labels.
fn is_separated_menu(body: &str) -> bool {
    const SEPARATORS: [char; 5] = ['|', '•', '·', '›', '»'];
    // Without a separator (all but `|` are outside ASCII) there is one item only.
    if !body.bytes().any(|b| b == b'|' || b >= 0x80) {
        return false;
    }
    if body.starts_with(SEPARATORS) || body.ends_with(SEPARATORS) || body.contains("  ") {
        return false;
    }
    let mut items = 0;
    for item in body.split(SEPARATORS) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let label = item.chars().next().is_some_and(char::is_uppercase)
            && words(item).count() <= 4
            && !item.ends_with(['.', '!', '?']);
        if !label {
            return false;
        }
        items += 1;
    }
    items >= 3
}

/// `Photo: Reuters/John Smith`, `Image credit: NASA`, `(Getty Images)`, or a caption ending in
/// `Photograph: Name/Agency`.
fn is_credit(body: &str, words: usize) -> bool {
    let core = body.trim_start_matches(['(', '[']);
    // Most lines start with a letter no prefix starts with.
    let prefixes = match core.as_bytes().first() {
        Some(&b) if CREDIT_INITIALS[usize::from(b.to_ascii_lowercase())] => CREDIT_PREFIXES,
        _ => &[],
    };
    for prefix in prefixes {
        let Some(rest) = core
            .get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| &core[prefix.len()..])
        else {
            continue;
        };
        let marked = rest.trim_start().strip_prefix([':', '|', '©']).or_else(|| {
            rest.strip_prefix(" by ")
                .or_else(|| rest.strip_prefix(" courtesy of "))
        });
        if marked.is_some_and(credits_someone) {
            return true;
        }
        // The longest matching prefix decides; a caption may still end in a credit.
        break;
    }
    // Every marker ends in `: `: looking back from each `: ` tells whether one is there, and
    // most lines have none, so need no search per marker.
    let b = core.as_bytes();
    let marked = memchr::memchr_iter(b':', b).any(|i| {
        b.get(i + 1) == Some(&b' ') && CREDIT_MARKERS.iter().any(|m| core[..i + 2].ends_with(m))
    });
    let markers = if marked { CREDIT_MARKERS } else { &[] };
    for marker in markers {
        if let Some(at) = core.find(marker)
            && at > 0
        {
            let before = core[..at].trim_end();
            if before.ends_with(['.', '!', '?', '|', '(', ')', '”'])
                && credits_someone(&core[at + marker.len()..])
            {
                return true;
            }
        }
    }
    if words > 8 {
        return false;
    }
    // The shape of an agency credit is cheaper to test than the search for an agency, and
    // decides alone when it is missing.
    let trimmed = body.trim();
    let wrapped = trimmed.starts_with('(') && trimmed.ends_with(')');
    let credited = trimmed.contains('/') || trimmed.contains(" via ") || trimmed.contains('©');
    (wrapped || credited || AGENCIES.contains(&trimmed)) && names_agency(body)
}

/// What follows `Photo:` names someone: a few words, capitalised (`Tom Jamieson/The Guardian`)
/// or with a `/` or an agency in them (`dpa/Patrick Seeger`); `Credit: what you need to know`
/// is a heading.
fn credits_someone(rest: &str) -> bool {
    let rest = rest.trim();
    (1..=12).contains(&words(rest).count())
        && (rest.starts_with(|c: char| c.is_uppercase() || c == '©')
            || rest.contains('/')
            || names_agency(rest))
}

/// Whether one of the [`AGENCIES`] occurs in `hay` between non-alphanumeric characters (`EPA`,
/// not `NEPAL`), in one pass instead of a substring search per agency.
fn names_agency(hay: &str) -> bool {
    let b = hay.as_bytes();
    (0..b.len()).any(|at| {
        AGENCY_INITIALS[usize::from(b[at])]
            && AGENCIES.iter().any(|a| {
                a.as_bytes()[0] == b[at]
                    && b[at..].starts_with(a.as_bytes())
                    && word_at(hay, at, a.len())
            })
    })
}

/// Whether the `len` bytes at `at` in `hay` are a word: non-alphanumeric characters (or the
/// ends of `hay`) on both sides.
fn word_at(hay: &str, at: usize, len: usize) -> bool {
    !hay[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && !hay[at + len..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_counted_wherever_their_density_decides() {
        // Every mix of weak signals and evidence, with and without the `listed` evidence that
        // is added after the features: skipping the count never changes what reads as prose.
        for bits in 0..1u32 << 8 {
            let bit = |i: u32| bits >> i & 1 == 1;
            let f = Features {
                words: 10,
                no_end: bit(0),
                short: bit(1),
                label: bit(2),
                upper: bit(3),
                phone: bit(4),
                contact: bit(5),
                link: u8::from(bit(6)),
                counter: bit(7),
                ..Features::default()
            };
            let mut lazy = f;
            lazy.low_stop = low_stop_decides(&f);
            let mut eager = f;
            eager.low_stop = true;
            for listed in [false, f.no_end] {
                let (mut lazy, mut eager) = (lazy, eager);
                (lazy.listed, eager.listed) = (listed, listed);
                assert_eq!(lazy.non_prose(), eager.non_prose(), "{bits:08b} {listed}");
            }
        }
    }

    #[test]
    fn last_word_is_that_of_words() {
        for s in [
            "",
            "...",
            "the end",
            "the end.",
            "rock 'n' roll'",
            "of the dogs' ",
            "'tis",
            "l'été",
            "the café",
            "it’s",
            "x ’",
            "a_b",
            "3 items)",
        ] {
            assert_eq!(last_word(s), words(s).next_back(), "{s:?}");
        }
    }

    #[test]
    fn phone_numbers_and_look_alikes() {
        for phone in [
            "Childline: 0800 1111",
            "+44 20 7946 0958",
            "(555) 123-4567",
            "800-273-8255",
            "0800 58 58 58",
        ] {
            assert!(has_phone(phone, false), "{phone}");
        }
        assert!(has_phone("Telephone 116 123", true));
        assert!(!has_phone(
            "remove unnecessary call to SSL (Sam Roberts) #25711",
            true
        ));
        assert!(!has_phone("see /pull/2571123 and call", true));
        for not in [
            "51 Franklin St, Fifth Floor, Boston, MA 02110-1301 USA",
            "on 2021-03-12 at noon",
            "12.03.2021",
            "in 1989 1991",
            "1 000 000 euros",
            "9,477 cases",
            "Version 2.1",
            "116 123",
            "# Release 0.2.19 (2024-05-03)",
            "ISBN 978-0-14-044913-6",
            "ISBN 0-14-044913-6",
        ] {
            assert!(!has_phone(not, false), "{not}");
        }
    }

    #[test]
    fn metadata_shapes() {
        assert!(is_counter("71 comments"));
        assert!(is_counter("1.2K views"));
        assert!(is_counter("Comments (71)"));
        assert!(!is_counter("2 cups flour"));
        assert!(is_timestamp("12 March 2021, 10:42"));
        assert!(is_timestamp("Updated 3 hours ago"));
        assert!(!is_timestamp("Version 3, 29 June 2007"));
        assert!(is_timestamp("Mon 12 Mar 2021 10.42 GMT"));
        assert!(is_timestamp("2021-03-12"));
        assert!(is_timestamp("12/03/21"));
        for version in ["20.20.2", "1.10.12", "3.11", "v2.0", "18.19.10"] {
            assert!(!is_timestamp(version), "{version}");
        }
        assert!(!is_separated_menu("63434 | netplan           | netplan"));
        assert!(!is_separated_menu("| Name | Value | Unit |"));
        assert!(!is_separated_menu("uid | name | description"));
        assert!(is_separated_menu("Home | News | Sport"));
        assert!(is_separated_menu("Home › World › Europe"));
        assert!(is_byline("By Jane Doe"));
        assert!(is_byline("BY AFP"));
        assert!(!is_byline("By Car"));
        assert!(!is_byline("By January, the river had flooded"));
        let m = metadata("By Jane Doe | BBC News | 12 March 2021");
        assert!(m.byline && m.timestamp);
        assert!(!metadata("Home | News | Sport").any());
    }

    #[test]
    fn credits() {
        assert!(is_credit("Photo: Reuters/John Smith", 4));
        assert!(is_credit("(Getty Images)", 2));
        assert!(is_credit("Image credit: NASA", 3));
        assert!(is_credit(
            "Protesters in London on Saturday. Photograph: Tom Jamieson/The Guardian",
            10
        ));
        assert!(!is_credit("Photography is an art.", 4));
        assert!(is_credit(
            "Photo of the day. Photograph: Tom Jamieson/The Guardian",
            8
        ));
        assert!(!is_credit("Credit: what you need to know", 6));
        assert!(!is_credit("(NEPAL)", 1));
        assert!(is_credit("Photo: dpa/Patrick Seeger", 4));
        assert!(is_credit("Photo by Jane Doe on Unsplash", 6));
        assert!(!is_credit("Reuters reported the figures on Monday.", 6));
    }
}
