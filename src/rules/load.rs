//! Reading rule files: YAML parsing, validation with positions, construction of checks.

use super::spec::{Kind, RuleSpec};
use super::{Origin, Rule, find_key};
use crate::checks::existence::Exceptions;
use crate::checks::{
    Acronym, Balance, Capitalization, Check, Existence, Foreign, Repetition, Substitution,
};
use crate::diagnostic::Applicability;
use crate::error::FileError;
use std::path::Path;
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Rule files larger than this are refused before parsing.
const MAX_RULE_FILE: usize = 1 << 20;

/// Parses the built-in packs embedded in the binary.
pub fn builtin_rules() -> Result<Vec<Rule>, Vec<FileError>> {
    collect(BUILTIN_RULES.iter().map(|(rel, yaml, json)| {
        let (pack, name) = split_rel(rel);
        let path = format!("{}{rel}", super::BUILTIN_PREFIX);
        match json.and_then(|json| serde_json::from_str::<RuleSpec>(json).ok()) {
            Some(spec) => build_rule(&path, pack, name, yaml, spec),
            None => parse_rule(&path, pack, name, yaml),
        }
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
        let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e).remove(0))?;
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
    let spec: RuleSpec = serde_yaml::from_str(text).map_err(|e| {
        let span = super::yaml_error_span(text, &e);
        error(
            span,
            format!("invalid rule: {}", strip_location(&e.to_string())),
        )
    })?;
    build_rule(path, pack, name, text, spec)
}

/// Validates a parsed rule file and builds its check; `text` is the YAML it came from, which
/// errors point into.
fn build_rule(
    path: &str,
    pack: &str,
    name: &str,
    text: &str,
    spec: RuleSpec,
) -> Result<Rule, FileError> {
    let origin = Origin {
        path: path.to_string(),
        text: Arc::from(text),
    };
    let error = |span: Option<std::ops::Range<usize>>, message: String| {
        FileError::new(path, origin.text.clone(), span, message)
    };
    check_id(pack, name).map_err(|message| error(None, message))?;
    for key in spec.set_keys() {
        if !spec.extends.accepts(key) {
            return Err(error(
                find_key(text, key),
                format!(
                    "`{key}` has no meaning for a rule that extends `{}`",
                    spec.extends.as_str()
                ),
            ));
        }
    }
    let require = |missing: bool, key: &str| {
        if missing {
            Err(error(
                find_key(text, "extends"),
                format!(
                    "a rule that extends `{}` needs `{key}`",
                    spec.extends.as_str()
                ),
            ))
        } else {
            Ok(())
        }
    };
    if spec
        .tokens
        .iter()
        .chain(spec.swap.keys())
        .any(String::is_empty)
    {
        let key = if spec.tokens.is_empty() {
            "swap"
        } else {
            "tokens"
        };
        return Err(error(
            find_key(text, key),
            format!("`{key}` holds an empty string"),
        ));
    }
    // The built-in rules' regexes are checked by a test instead of on every start.
    let builtin = origin.is_builtin();
    for raw in spec.raw.iter().filter(|_| !builtin) {
        if let Err(e) = regex_syntax::Parser::new().parse(raw) {
            return Err(origin.error_at(raw, "raw", format!("regex does not compile: {e}")));
        }
    }
    let default_fix = match spec.extends {
        Kind::Existence if spec.action.is_some() => Applicability::Safe,
        _ => Applicability::Unsafe,
    };
    let check: Box<dyn Check> = match spec.extends {
        Kind::Existence => {
            require(
                spec.tokens.is_empty() && spec.raw.is_empty(),
                "tokens` or `raw",
            )?;
            let exceptions = if spec.exceptions.is_empty() {
                None
            } else {
                for e in spec.exceptions.iter().filter(|_| !builtin) {
                    if let Err(err) = regex_syntax::Parser::new().parse(e) {
                        let message = format!("exception regex does not compile: {err}");
                        return Err(origin.error_at(e, "exceptions", message));
                    }
                }
                let set = Exceptions::new(spec.exceptions.clone(), spec.ignorecase, !builtin)
                    .map_err(|e| {
                        // The set does not say which pattern failed; the first that fails alone
                        // (over the size limit) is the one to point at.
                        let culprit = spec.exceptions.iter().find(|p| {
                            regex::RegexBuilder::new(p)
                                .case_insensitive(spec.ignorecase)
                                .build()
                                .is_err()
                        });
                        let message = format!("exception regex does not compile: {e}");
                        origin.error_at(culprit.map_or("", String::as_str), "exceptions", message)
                    })?;
                Some(set)
            };
            Box::new(Existence {
                tokens: spec.tokens.clone(),
                raw: spec.raw.clone(),
                ignorecase: spec.ignorecase,
                nonword: spec.nonword,
                scope: spec.scope,
                action: spec.action,
                exceptions,
            })
        }
        Kind::Substitution => {
            require(spec.swap.is_empty(), "swap")?;
            Box::new(Substitution {
                swap: spec.swap.clone().into_iter().collect(),
                ignorecase: spec.ignorecase,
                nonword: spec.nonword,
            })
        }
        Kind::Balance => Box::new(Balance),
        Kind::Repetition => Box::new(Repetition {
            exceptions: spec.exceptions.iter().map(|e| e.to_lowercase()).collect(),
            words: spec.words.unwrap_or(1).clamp(1, 8),
            times: spec.times.unwrap_or(2).clamp(2, 8),
        }),
        Kind::Density => {
            require(spec.of.is_empty(), "of")?;
            Box::new(crate::checks::Density {
                of: spec.of.clone(),
                min: spec.min.unwrap_or(2).max(1),
            })
        }
        Kind::Capitalization => {
            require(spec.tokens.is_empty(), "tokens")?;
            Box::new(Capitalization {
                tokens: spec.tokens.clone(),
                exceptions: spec.exceptions.clone(),
            })
        }
        Kind::Foreign => Box::new(Foreign::new(&spec.exceptions)),
        Kind::Acronym => Box::new(Acronym {
            exceptions: spec.exceptions.clone(),
        }),
        Kind::Boilerplate => Box::new(crate::checks::Boilerplate),
        Kind::Mojibake => Box::new(crate::checks::Mojibake),
    };
    Ok(Rule {
        id: Arc::from(format!("{pack}.{name}")),
        kind: spec.extends,
        severity: spec.level,
        message: spec.message,
        description: spec.description,
        link: spec.link,
        help: spec.help,
        examples: spec.examples,
        applicability: spec.fix.map_or(default_fix, Applicability::from),
        check,
        origin,
    })
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
            "the pack name `{pack}` is reserved for copydesk's own diagnostics (`{}`, `{}`): \
             give the folder another name",
            crate::linter::INVALID_UTF8,
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
    fn builtin_rules_read_from_json_as_from_their_yaml() {
        for (rel, yaml, json) in BUILTIN_RULES {
            let json = json.unwrap_or_else(|| panic!("{rel} did not convert to JSON"));
            let from_json: RuleSpec = serde_json::from_str(json).unwrap();
            let from_yaml: RuleSpec = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(format!("{from_json:?}"), format!("{from_yaml:?}"), "{rel}");
        }
    }
}
