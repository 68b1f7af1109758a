//! Rules: YAML files grouped in packs, loaded into checks.
//!
//! `rules/<Pack>/<Rule>.yaml` defines the rule `<Pack>.<Rule>`. The built-in packs are embedded
//! at compile time; user packs with the same layout are added with `--rules DIR`.

mod load;
pub mod spec;

pub use load::{builtin_rules, load_rule_dir, parse_rule};

use crate::checks::Check;
use crate::checks::registry::Kind;
use crate::diagnostic::{Applicability, Severity};
use crate::error::FileError;
use crate::text::language::Language;
use spec::{Examples, Region};
use std::sync::Arc;

/// Where a rule came from, kept so that later errors (a regex over the size limit) can point at
/// the rule file.
#[derive(Debug, Clone)]
pub struct Origin {
    /// `builtin:Pack/Rule.yaml` or a file system path.
    pub path: String,
    pub text: Arc<str>,
}

/// How the path of a built-in rule file starts.
pub(crate) const BUILTIN_PREFIX: &str = "builtin:";

/// The pack of copydesk's own diagnostics, [`INVALID_UTF8`], [`ENCODING`] and
/// [`crate::suppress::UNUSED_SUPPRESSION`], which have no rule file. No rule file may join it:
/// its rule would share an id with one of them (listed twice by `copydesk rules`, two SARIF rules
/// with one id), and selecting `Core` would mean both.
pub const RESERVED_PACK: &str = "Core";

/// Rule id of the diagnostic for bytes that are not valid UTF-8.
pub const INVALID_UTF8: &str = "Core.InvalidUtf8";

/// Rule id of the diagnostic for a file read in a legacy encoding (Windows-1252, ...).
pub const ENCODING: &str = "Core.Encoding";

/// A diagnostic of copydesk's own, which has no rule file: what `copydesk rules`, `explain` and
/// SARIF's rule list say of it, from this one place.
#[derive(Debug, Clone, Copy)]
pub struct CoreRule {
    pub id: &'static str,
    pub severity: crate::diagnostic::Severity,
    pub description: &'static str,
}

/// The `Core` pack, in the order the rule lists show it.
pub const CORE_RULES: [CoreRule; 3] = [
    CoreRule {
        id: INVALID_UTF8,
        severity: crate::diagnostic::Severity::Error,
        description: "Bytes that are not valid UTF-8: the file was damaged in transit, or has \
            text in another encoding pasted in. Each run of them is read as one U+FFFD and \
            reported once, here, instead of by the rules; past a hundred runs, the rest are one \
            finding.",
    },
    CoreRule {
        id: ENCODING,
        severity: crate::diagnostic::Severity::Warning,
        description: "The file is not UTF-8 but a legacy encoding (Windows-1252, ISO-8859-2, \
            KOI8-R, Shift_JIS, ...), which chardetng guessed from its bytes. It is linted as \
            decoded from that encoding, with every span on the file's own bytes, and reported \
            once. Fixes that write only ASCII are applied in the file's encoding; others are \
            left to a person. Save the file as UTF-8 to end it.",
    },
    CoreRule {
        id: crate::suppress::UNUSED_SUPPRESSION,
        severity: crate::diagnostic::Severity::Warning,
        description: "A suppression comment that suppresses nothing: the finding it was written \
            for is gone, or it names a rule that finds nothing there. Delete it, so that it \
            cannot hide a later finding.",
    },
];

impl Origin {
    /// The origin of a rule read from `text` at `path`.
    pub fn new(path: &str, text: &str) -> Self {
        Origin {
            path: path.to_string(),
            text: Arc::from(text),
        }
    }

    /// An error in this file, at `span` if known.
    pub fn error(&self, span: Option<std::ops::Range<usize>>, message: String) -> FileError {
        FileError::new(&self.path, self.text.clone(), span, message)
    }

    /// Whether the rule is one of the built-in packs, whose regexes are checked by the tests
    /// rather than when they are loaded.
    pub fn is_builtin(&self) -> bool {
        self.path.starts_with(BUILTIN_PREFIX)
    }

    /// An error located at the first occurrence of `needle` in the file, else at `key:`.
    pub fn error_at(&self, needle: &str, key: &str, message: String) -> FileError {
        let span = find_value(&self.text, needle).or_else(|| find_key(&self.text, key));
        self.error(span, message)
    }
}

/// A loaded rule.
#[derive(Debug)]
pub struct Rule {
    pub id: Arc<str>,
    /// The check kind (`extends:`).
    pub kind: &'static Kind,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    pub link: Option<String>,
    pub help: Option<String>,
    pub examples: Examples,
    /// The languages the rule applies to; empty: every language.
    pub languages: Vec<Language>,
    /// Parts of a document where the rule's findings are not reported (`skip:`).
    pub skip: Vec<Region>,
    /// Applicability of the fixes this rule's findings carry.
    pub applicability: Applicability,
    pub check: Box<dyn Check>,
    pub origin: Origin,
}

impl Rule {
    /// The pack name: the part of the id before the dot.
    pub fn pack(&self) -> &str {
        self.id.split_once('.').map_or(&self.id, |(p, _)| p)
    }

    /// Whether the rule applies to a document in `language` (`None`: not known, taken as
    /// English, the language copydesk was made for).
    pub fn applies_to(&self, language: Option<Language>) -> bool {
        self.languages.is_empty()
            || self
                .languages
                .contains(&language.unwrap_or(Language::ENGLISH))
    }

    /// Fills the `%s` placeholders of the message with `args`, in order.
    pub fn format_message(&self, args: &[String]) -> String {
        fill(&self.message, args)
    }
}

/// `message` with its `%s` placeholders replaced by `args`, in order (by nothing once they run
/// out); any other `%` is kept.
fn fill(message: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    let mut args = args.iter();
    let mut rest = message;
    // A `%` is looked for with memchr: `str::find("%s")` sets up a two-way search for every
    // message, which runs for every diagnostic.
    while let Some(i) = memchr::memchr(b'%', rest.as_bytes()) {
        if rest.as_bytes().get(i + 1) == Some(&b's') {
            out.push_str(&rest[..i]);
            out.push_str(args.next().map_or("", String::as_str));
            rest = &rest[i + 2..];
        } else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Byte range of a top-level `key:` in YAML text.
pub(crate) fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset..offset + key.len());
        }
        offset += line.len();
    }
    None
}

/// Where the YAML `text` writes the value `needle`: outside comments, and where it is a whole
/// scalar (`- needle`, `[a, needle]`, `key: "needle"`) if it is one anywhere, else its first
/// place outside comments. A value named in a comment above the key (`# levels for
/// Junk.Foo`) is not where the value is.
pub(crate) fn find_value(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let comments = yaml_comments(text);
    let in_comment = |at: usize| {
        let i = comments.partition_point(|r| r.end <= at);
        comments.get(i).is_some_and(|r| r.start <= at)
    };
    let whole = |at: usize| {
        let before = text[..at].trim_end_matches([' ', '\t', '"', '\'']);
        let after = text[at + needle.len()..].trim_start_matches([' ', '\t', '"', '\'']);
        let opens = before.is_empty() || before.ends_with(['\n', ':', '-', '[', ',', '{', '?']);
        let closes = after.is_empty() || after.starts_with([',', ']', '}', '\n', '\r', '#', ':']);
        opens && closes
    };
    let places: Vec<usize> = text
        .match_indices(needle)
        .map(|(i, _)| i)
        .filter(|&i| !in_comment(i))
        .collect();
    let at = places
        .iter()
        .copied()
        .find(|&i| whole(i))
        .or_else(|| places.first().copied())?;
    Some(at..at + needle.len())
}

/// The comments of a YAML text (from `#` to the end of its line), in order: a `#` starts one
/// at the start of a line or after white space, outside quoted scalars.
fn yaml_comments(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            // A quoted scalar does not run past its line in a rule or config file; ending
            // it there keeps a stray quote from hiding every comment after it.
            Some(_) if c == b'\n' => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => {
                let starts_scalar = i == 0 || b" \t[{,:-\n".contains(&b[i - 1]);
                if starts_scalar {
                    quote = Some(c);
                }
            }
            None if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) => {
                let end = text[i..].find('\n').map_or(b.len(), |n| i + n);
                out.push(i..end);
                i = end;
                continue;
            }
            None => {}
        }
        i += 1;
    }
    out
}

/// Deepest nesting of YAML flow collections (`[`, `{`) accepted. serde_yaml refuses anything
/// deeper than 128 levels anyway, but only after libyaml has parsed it, which takes time
/// quadratic in the depth: 100,000 `[` would take minutes.
pub(crate) const MAX_YAML_DEPTH: usize = 128;

/// The byte offset of the first flow collection of `yaml` nested deeper than
/// [`MAX_YAML_DEPTH`], found by a linear scan that knows quoted scalars and comments. Brackets
/// inside a plain scalar (`raw: a[b]`) do not open collections and are not counted; a bracket at
/// the start of a continuation line may be, which can only make a file refused that serde_yaml
/// would refuse as well.
pub(crate) fn yaml_too_deep(yaml: &str) -> Option<usize> {
    let b = yaml.as_bytes();
    let mut depth = 0usize;
    // Whether a node may start here: after indentation, `- `, `? `, `: `, `[`, `{` or `,`.
    let mut node_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let spaced = |j: usize| b.get(j).is_none_or(|c| c.is_ascii_whitespace());
        match c {
            b'\n' => node_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' if node_start => {
                i += 1;
                while i < b.len() {
                    match b[i] {
                        b'\\' if c == b'"' => i += 1,
                        b'\'' if c == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 1,
                        q if q == c => break,
                        _ => {}
                    }
                    i += 1;
                }
                node_start = false;
            }
            b'[' | b'{' if node_start || depth > 0 => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(i);
                }
                node_start = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                node_start = false;
            }
            b',' if depth > 0 => node_start = true,
            b'-' | b'?' | b':' if spaced(i + 1) => node_start = true,
            b':' if depth > 0 => node_start = true,
            // An anchor or a tag comes before its node.
            b'&' | b'!' if node_start => {
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                continue;
            }
            _ => node_start = false,
        }
        i += 1;
    }
    None
}

/// Where a serde_yaml error points: its own location or, for an alias that expands too much
/// (a "billion laughs" file, which serde_yaml refuses without saying where), the first alias.
pub(crate) fn yaml_error_span(yaml: &str, e: &serde_yaml::Error) -> Option<std::ops::Range<usize>> {
    if let Some(l) = e.location() {
        // A key given twice (`swap:`) is reported by serde at its mapping: the second one is
        // the mistake.
        let message = e.to_string();
        let duplicate = message
            .split_once("duplicate key `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(key, _)| key);
        if let Some(key) = duplicate
            && let Some(at) = yaml[l.index()..]
                .match_indices(key)
                .map(|(i, _)| l.index() + i)
                .filter(|&i| {
                    let line_start = yaml[..i].rfind('\n').map_or(0, |n| n + 1);
                    yaml[line_start..i].trim().is_empty()
                        && yaml[i + key.len()..]
                            .trim_start_matches(' ')
                            .starts_with(':')
                })
                .nth(1)
        {
            return Some(at..at + key.len());
        }
        return Some(l.index()..l.index() + 1);
    }
    if e.to_string().contains("more than one document") {
        return second_document(yaml);
    }
    let at = first_alias(yaml)?;
    Some(at..at + 1)
}

/// The `---` that starts a second YAML document (one before any content starts the first).
fn second_document(yaml: &str) -> Option<std::ops::Range<usize>> {
    let mut content = false;
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let marker =
            line.starts_with("---") && line[3..].chars().next().is_none_or(char::is_whitespace);
        if marker && content {
            return Some(at..at + 3);
        }
        let body = line.trim();
        content |= !marker && !body.is_empty() && !body.starts_with('#');
        at += line.len();
    }
    None
}

/// The text of a rule or config file's `bytes`: UTF-8 (a byte-order mark dropped, as Windows
/// editors write one) or UTF-16 with its byte-order mark. Otherwise the error names where the
/// first byte that is not UTF-8 is, with the text as far as it reads (for the report).
pub(crate) fn decode_text_file(
    bytes: Vec<u8>,
) -> Result<String, (String, std::ops::Range<usize>, String)> {
    let utf16 = |big: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|u| {
                let pair = [u[0], *u.get(1).unwrap_or(&0)];
                if big {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| {
            let text = String::from_utf16_lossy(&units);
            let at = text.find('\u{FFFD}').unwrap_or(0);
            let message = "not valid UTF-16: an unpaired surrogate".to_string();
            (text, at..at + 3, message)
        })
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => return utf16(false),
        [0xFE, 0xFF, ..] => return utf16(true),
        _ => {}
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let message = format!(
                "not UTF-8: byte {at} (0x{:02X}) starts no character; save the file as UTF-8",
                e.as_bytes()[at]
            );
            Err((text, at..at + 3, message))
        }
    }
}

/// The byte offset of the first alias (`*name` where a node starts).
fn first_alias(yaml: &str) -> Option<usize> {
    let b = yaml.as_bytes();
    (0..b.len()).find(|&i| {
        b[i] == b'*'
            && b.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace())
            && b[..i]
                .iter()
                .rev()
                .find(|&&c| c != b' ' && c != b'\t')
                .is_none_or(|c| b"\n:-[{,?".contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_yaml_is_found_in_linear_time() {
        let deep = format!("tokens: {}", "[".repeat(100_000));
        assert_eq!(yaml_too_deep(&deep), Some(8 + MAX_YAML_DEPTH));
        let deep = format!("a:\n  {}", "{b: ".repeat(1000));
        assert_eq!(yaml_too_deep(&deep), Some(5 + 4 * MAX_YAML_DEPTH));
        let fine = "raw: ['[[[[a]', \"[[\\\"[\", 'it''s [[[[']\nmessage: a[[[[[b\n# [[[[[\n";
        assert_eq!(yaml_too_deep(&fine.repeat(200)), None);
        let nested = format!(
            "{}{}",
            "[".repeat(MAX_YAML_DEPTH),
            "]".repeat(MAX_YAML_DEPTH)
        );
        assert_eq!(yaml_too_deep(&nested.repeat(3)), None);
        // Inside a plain scalar a bracket is text.
        assert_eq!(yaml_too_deep(&format!("raw: a{}", "[".repeat(1000))), None);
        assert_eq!(
            yaml_too_deep(&format!("k: &a !t {}", "[".repeat(200))),
            Some(9 + 128)
        );
    }

    #[test]
    fn placeholders_are_filled_in_order() {
        let args = ["the".to_string(), "3".to_string()];
        assert_eq!(
            fill("Doubled `%s` (%s times)", &args),
            "Doubled `the` (3 times)"
        );
        assert_eq!(fill("100% sure: %s%s%s", &args), "100% sure: the3");
        assert_eq!(fill("%%s and 5%", &args), "%the and 5%");
        assert_eq!(fill("no placeholder", &args), "no placeholder");
        assert_eq!(fill("ends in %", &[]), "ends in %");
    }

    #[test]
    fn an_alias_bomb_is_located_at_its_first_alias() {
        let yaml = "a: &a [x, '*no']\nb: &b [*a, *a]\nc: [*b]\n";
        assert_eq!(first_alias(yaml), Some(yaml.find("*a").unwrap()));
        assert_eq!(first_alias("a: b*c\nd: '*e'\n"), None);
    }
}
