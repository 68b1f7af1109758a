//! Reading rule files: YAML parsing, validation with positions, construction of checks.

use super::spec::Common;
use super::{Origin, Rule};
use crate::checks::registry::{self, Built, JsonKeys, KeyError, LoadError};
use crate::error::FileError;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

/// A built-in rule file: its path under `rules/`, its text, and its top-level keys with the JSON
/// of their values when they convert (see `build.rs`).
type BuiltinRule = (
    &'static str,
    &'static str,
    Option<&'static JsonKeys<'static>>,
);

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Rule files larger than this are refused before parsing.
const MAX_RULE_FILE: usize = 1 << 20;

/// Parses the built-in packs embedded in the binary.
pub fn builtin_rules() -> Result<Vec<Rule>, Vec<FileError>> {
    collect(BUILTIN_RULES.iter().map(|(rel, yaml, json)| {
        let (pack, name) = split_rel(rel);
        let path = format!("{}{rel}", super::BUILTIN_PREFIX);
        json.and_then(|json| from_json(&path, pack, name, yaml, json))
            .unwrap_or_else(|| parse_rule(&path, pack, name, yaml))
    }))
}

/// Loads every `<Pack>/<Rule>.yaml` below `dir`.
pub fn load_rule_dir(dir: &Path) -> Result<Vec<Rule>, Vec<FileError>> {
    let io_error = |path: &Path, e: std::io::Error| {
        vec![FileError::new(
            &path.display().to_string(),
            "".into(),
            None,
            e.to_string(),
        )]
    };
    let mut files = Vec::new();
    let packs = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for pack in packs {
        let pack = pack.map_err(|e| io_error(dir, e))?.path();
        if !pack.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&pack).map_err(|e| io_error(&pack, e))? {
            let path = entry.map_err(|e| io_error(&pack, e))?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    collect(files.iter().map(|path| {
        let shown = path.display().to_string();
        let pack = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|s| s.to_str());
        let name = path.file_stem().and_then(|s| s.to_str());
        let (Some(pack), Some(name)) = (pack, name) else {
            return Err(FileError::new(
                &shown,
                "".into(),
                None,
                "rule path is not UTF-8".into(),
            ));
        };
        let meta = std::fs::metadata(path).map_err(|e| io_error(path, e).remove(0))?;
        if meta.len() > MAX_RULE_FILE as u64 {
            let message = format!("rule file is larger than {MAX_RULE_FILE} bytes");
            return Err(FileError::new(&shown, "".into(), None, message));
        }
        let bytes = std::fs::read(path).map_err(|e| io_error(path, e).remove(0))?;
        let text = super::decode_text_file(bytes).map_err(|(text, span, message)| {
            FileError::new(&shown, Arc::from(text), Some(span), message)
        })?;
        parse_rule(&shown, pack, name, &text)
    }))
}

fn split_rel(rel: &str) -> (&str, &str) {
    let (pack, file) = rel.split_once('/').unwrap_or(("", rel));
    let name = file.rsplit_once('.').map_or(file, |(n, _)| n);
    (pack, name)
}

fn collect(
    rules: impl Iterator<Item = Result<Rule, FileError>>,
) -> Result<Vec<Rule>, Vec<FileError>> {
    let (ok, errors): (Vec<_>, Vec<_>) = rules.partition(Result::is_ok);
    if errors.is_empty() {
        Ok(ok.into_iter().map(Result::unwrap).collect())
    } else {
        Err(errors.into_iter().map(|e| e.unwrap_err()).collect())
    }
}

/// Parses and validates one rule file; `path` is only used in messages.
pub fn parse_rule(path: &str, pack: &str, name: &str, text: &str) -> Result<Rule, FileError> {
    // Windows editors save UTF-8 with a byte-order mark, which would become part of the first
    // key; positions are then counted from after it, as an editor shows them.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = |span: Option<std::ops::Range<usize>>, message: String| {
        FileError::new(path, Arc::from(text), span, message)
    };
    // The id comes from the path, so a bad one is reported before the YAML: fixing the YAML of a
    // file that must be renamed anyway would be wasted work.
    check_id(pack, name).map_err(|message| error(None, message))?;
    if let Some(at) = super::yaml_too_deep(text) {
        let message = format!(
            "invalid rule: nested deeper than {} levels",
            super::MAX_YAML_DEPTH
        );
        return Err(error(Some(at..at + 1), message));
    }
    let yaml_error = |e: serde_yaml::Error| {
        // A key that is refused is underlined whole.
        let span =
            super::yaml_error_span(text, &e).map(|span| key_at(text, span.start).unwrap_or(span));
        error(
            span,
            format!("invalid rule: {}", strip_location(&e.to_string())),
        )
    };
    // The common keys first, then the kind's own keys from the same text.
    let common: Common = serde_yaml::from_str(text).map_err(yaml_error)?;
    let origin = Origin::new(path, text);
    let loaded = common
        .extends
        .load_yaml(text, Common::keys(), origin.is_builtin());
    let built = match loaded {
        Ok(built) => built,
        Err(LoadError::Keys(e)) => return Err(yaml_error(e)),
        Err(LoadError::Value(e)) => return Err(value_error(&origin, e)),
    };
    rule(pack, name, common, built, origin)
}

/// A built-in rule read from the JSON the build script made of its YAML; `None` if the JSON
/// does not deserialize (the YAML is then read, and its error has a position).
fn from_json(
    path: &str,
    pack: &str,
    name: &str,
    yaml: &str,
    keys: &JsonKeys,
) -> Option<Result<Rule, FileError>> {
    let origin = Origin::new(path, yaml);
    if let Err(message) = check_id(pack, name) {
        return Some(Err(origin.error(None, message)));
    }
    match read_json(keys, origin.is_builtin())? {
        Ok((common, built)) => Some(rule(pack, name, common, built, origin)),
        Err(e) => Some(Err(value_error(&origin, e))),
    }
}

/// Reads a rule from its keys as JSON: the common keys here, the kind's keys by the kind, each
/// value parsed once. `None` if the JSON does not deserialize.
fn read_json(keys: &JsonKeys, builtin: bool) -> Option<Result<(Common, Built), KeyError>> {
    let common = Common::deserialize(registry::json_keys(keys)).ok()?;
    match common.extends.load_json(keys, Common::keys(), builtin) {
        Ok(built) => Some(Ok((common, built))),
        Err(LoadError::Keys(_)) => None,
        Err(LoadError::Value(e)) => Some(Err(e)),
    }
}

/// A value a kind refused, located at the item or else at the key.
fn value_error(origin: &Origin, e: KeyError) -> FileError {
    origin.error_at(e.value.as_deref().unwrap_or(""), e.key, e.message)
}

/// The rule `<pack>.<name>`, of its common keys and its kind's check.
fn rule(
    pack: &str,
    name: &str,
    common: Common,
    built: Built,
    origin: Origin,
) -> Result<Rule, FileError> {
    let languages = common
        .languages()
        .map_err(|(code, message)| origin.error_at(&code, "languages", message))?;
    Ok(Rule {
        id: Arc::from(format!("{pack}.{name}")),
        kind: common.extends,
        severity: common.level,
        message: common.message,
        description: common.description,
        link: common.link,
        help: common.help,
        examples: common.examples,
        languages,
        skip: common.skip,
        applicability: built.applicability,
        check: built.check,
        origin,
    })
}

/// The plain mapping key (`name:`) that starts at `at`, alone on its line but for indentation.
fn key_at(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..at].bytes().all(|b| b == b' ') {
        return None;
    }
    let rest = &text.as_bytes()[at..];
    let len = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let after = rest.get(len + 1).copied();
    (len > 0 && rest[len] == b':' && after.is_none_or(|b| b.is_ascii_whitespace()))
        .then_some(at..at + len)
}

/// Whether `<pack>.<name>` may be the id of a rule file; if not, why.
fn check_id(pack: &str, name: &str) -> Result<(), String> {
    if !valid_name(pack) || !valid_name(name) {
        return Err(format!(
            "rule id `{pack}.{name}` is not valid: use letters, digits, `_` and `-`"
        ));
    }
    if pack == super::RESERVED_PACK {
        return Err(format!(
            "the pack name `{pack}` is reserved for copydesk's own diagnostics (`{}`, `{}`, \
             `{}`): give the folder another name",
            super::INVALID_UTF8,
            super::ENCODING,
            crate::suppress::UNUSED_SUPPRESSION
        ));
    }
    Ok(())
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// serde_yaml appends " at line L column C"; the position is shown by the renderer instead.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_pass_the_checks_they_skip_at_start_up() {
        // Loaded as a user's file, a rule's regexes and exception patterns are parsed and
        // compiled up front, as `builtin_rules` no longer does.
        for (rel, yaml, _) in BUILTIN_RULES {
            let (pack, name) = split_rel(rel);
            let rule = parse_rule(&format!("rules/{rel}"), pack, name, yaml);
            assert!(rule.is_ok(), "{rel}: {:?}", rule.err());
        }
    }

    #[test]
    fn a_kind_reads_its_own_keys_and_refuses_the_others() {
        let head = "extends: density\nmessage: m\nlevel: warning\ndescription: d\n";
        let error = |yaml: &str| {
            let error = parse_rule("x.yaml", "House", "Bad", yaml).unwrap_err();
            (error.to_string(), error.span)
        };
        // The keys a rule of this kind may have, not those of every kind.
        assert_eq!(
            error(&format!("{head}of: [Spun]\nmesage: m\n")),
            (
                "x.yaml:6:1: invalid rule: unknown field `mesage`, expected one of `extends`, \
                 `message`, `level`, `description`, `link`, `help`, `examples`, `languages`, `skip`, `of`, `min`, \
                 `list`, `score`, `weight`, `strongest`"
                    .to_string(),
                Some(69..75)
            )
        );
        // Another kind's key is refused even with its default value, wherever it stands.
        assert_eq!(
            error(&format!("ignorecase: false\n{head}of: [Spun]\n")).0,
            "x.yaml:1:1: invalid rule: `ignorecase` has no meaning for a rule that extends \
             `density`"
        );
        assert_eq!(
            error(&format!("{head}min: 3\n")).0,
            "x.yaml:1:1: a rule that extends `density` needs `of` or `list`"
        );
        let rule = parse_rule("x.yaml", "House", "Ok", &format!("of: [A]\nmin: 3\n{head}"));
        let density = rule.unwrap().check.density().map(|d| (d.of.clone(), d.min));
        assert_eq!(density, Some((vec!["A".to_string()], 3)));
    }

    #[test]
    fn a_refused_key_is_underlined_whole() {
        let text = "a: 1\ntokenz: [y]\n  k-1:\nb: c:d\n";
        assert_eq!(key_at(text, 5), Some(5..11));
        assert_eq!(key_at(text, 19), Some(19..22));
        // A value, not a key.
        assert_eq!(key_at(text, 3), None);
        assert_eq!(key_at(text, 27), None);
    }

    #[test]
    fn builtin_rules_read_from_json_as_from_their_yaml() {
        for (rel, yaml, json) in BUILTIN_RULES {
            let json = json.unwrap_or_else(|| panic!("{rel} did not convert to JSON"));
            let (from_json, _) = read_json(json, true).unwrap().unwrap();
            let from_yaml: Common = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(format!("{from_json:?}"), format!("{from_yaml:?}"), "{rel}");
            let (from_yaml, from_json) = (from_yaml.extends.read_both)(yaml, json, Common::keys());
            assert!(from_yaml.starts_with("Ok("), "{rel}: {from_yaml}");
            assert_eq!(from_json, from_yaml, "{rel}");
        }
    }
}
