//! Loading Vale rules: a style is a folder of YAML files, one rule each (`Style/Rule.yml`), and
//! the built-in `Vale` style is made from the vocabularies.

use super::Level;
use super::check::{
    Capitalization, Conditional, Consistency, Existence, Keys, Metric, Occurrence, Readability,
    Repetition, Sequence, Spelling, Substitution, ValeCheck,
};
use std::path::Path;
use std::sync::Arc;

/// A loaded rule.
#[derive(Debug)]
pub struct Rule {
    /// `Style.Rule` (shared with the rule's alerts).
    pub name: Arc<str>,
    /// The kind (`extends:`).
    pub kind: String,
    pub level: Level,
    pub message: String,
    pub link: Option<Arc<str>>,
    /// At most this many alerts a file (0: no limit).
    pub limit: usize,
    /// The scopes the rule runs in (`text` when it names none).
    pub scopes: Vec<String>,
    /// Vale's `action`: how an alert's text is fixed.
    pub action: Option<Action>,
    pub check: Box<dyn ValeCheck>,
    /// What decides the check's matches, for the kinds whose matches depend on their keys
    /// only: the rule's keys but its wording, level, link, limit and (but a substitution's)
    /// action, and the accepted terms.
    /// Rules with the same key find the same matches in a file (the published styles copy one
    /// another's: `Passive` three times, `Acronyms`, `Spacing`, `We` twice).
    pub matches_key: Option<String>,
}

/// Vale's `action`: its `name` (`replace`, `remove`, `edit`, `suggest`, `convert`) and
/// `params`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    pub params: Vec<String>,
}

impl Action {
    /// The text this action puts in place of `matched`, when it gives one: `remove`; `replace`
    /// with one option (its params, else a substitution's replacement, `options`); `edit`
    /// (`regex`, `trim_right`, `trim_left`, `trim`, `truncate`, `split`), as Vale's fixes do.
    pub fn replacement(&self, matched: &str, options: &[String]) -> Option<String> {
        let param = |i: usize| self.params.get(i).map(String::as_str);
        match self.name.as_str() {
            "remove" => Some(String::new()),
            "replace" => {
                let options = if self.params.is_empty() {
                    options
                } else {
                    &self.params[..]
                };
                match options {
                    [one] => Some(one.clone()),
                    _ => None,
                }
            }
            "edit" => match param(0)? {
                "regex" => {
                    let re = regex::Regex::new(param(1)?).ok()?;
                    Some(re.replace_all(matched, param(2).unwrap_or("")).into_owned())
                }
                "trim_right" => {
                    let cut = param(1)?;
                    Some(matched.trim_end_matches(|c| cut.contains(c)).to_string())
                }
                "trim_left" => {
                    let cut = param(1)?;
                    Some(matched.trim_start_matches(|c| cut.contains(c)).to_string())
                }
                "trim" => {
                    let cut = param(1)?;
                    Some(matched.trim_matches(|c| cut.contains(c)).to_string())
                }
                "truncate" => Some(matched.split(param(1)?).next()?.to_string()),
                "split" => {
                    let index: usize = param(2)?.parse().ok()?;
                    Some(matched.split(param(1)?).nth(index)?.to_string())
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// The kinds Vale knows; the others are refused by name.
pub const KINDS: [&str; 12] = [
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "capitalization",
    "metric",
    "readability",
    "spelling",
    "sequence",
    "script",
];

/// What rules are loaded with: the vocabularies' accepted terms (exceptions of the rules that
/// take them) and the StylesPath (where dictionaries and ignore files are).
#[derive(Debug, Default)]
pub struct Context {
    pub accepted: Vec<String>,
    pub styles: Option<std::path::PathBuf>,
}

/// Reads the rule `name` from the YAML `text`.
pub fn parse(name: &str, text: &str, context: &Context) -> Result<Rule, String> {
    let accepted = &context.accepted[..];
    let value = loose_yaml(text)?;
    let map = value
        .as_mapping()
        .ok_or_else(|| "a rule file must be a YAML mapping".to_string())?;
    let keys = Keys(map);
    let extends = keys
        .get("extends")
        .and_then(super::check::scalar)
        .ok_or_else(|| "Missing the required 'extends' key.".to_string())?;
    let message = keys
        .get("message")
        .and_then(super::check::scalar)
        .ok_or_else(|| "Missing the required 'message' key.".to_string())?;
    let level = match keys.get("level").and_then(super::check::scalar) {
        None => Level::Warning,
        Some(l) => Level::parse(&l)
            .ok_or_else(|| "'level' must be one of [suggestion warning error]".to_string())?,
    };
    let mut scopes = keys.strings("scope");
    if matches!(extends.as_str(), "metric" | "readability") {
        // Vale runs them on the document's summary, whatever their `scope` says.
        scopes = vec!["summary".into()];
    } else if extends == "sequence" {
        // Vale runs them on sentences, whatever their `scope` says.
        scopes = vec!["sentence".into()];
    } else if scopes.is_empty() {
        scopes.push("text".into());
    }
    let action_map = keys.get("action").and_then(|a| a.as_mapping());
    let params = action_map
        .and_then(|a| a.get("params"))
        .and_then(|p| p.as_sequence());
    let action = action_map
        .and_then(|a| a.get("name"))
        .and_then(super::check::scalar)
        .map(|name| Action {
            name,
            params: params
                .map(|p| p.iter().filter_map(super::check::scalar).collect())
                .unwrap_or_default(),
        });
    // A `replace` action without params lists its options quoted, and Vale words the message
    // for it.
    let replace_options = extends == "substitution"
        && action.as_ref().is_some_and(|a| a.name == "replace")
        && params.is_none_or(|p| p.is_empty());
    let message = if replace_options {
        super::check::convert_message(&message)
    } else {
        message
    };
    let check: Box<dyn ValeCheck> = match extends.as_str() {
        "existence" => Box::new(Existence::new(&keys, accepted)?),
        "substitution" => Box::new(Substitution::new(&keys, accepted, replace_options)?),
        "occurrence" => Box::new(Occurrence::new(&keys)?),
        "repetition" => Box::new(Repetition::new(&keys, accepted)?),
        "conditional" => Box::new(Conditional::new(&keys, accepted)?),
        "consistency" => Box::new(Consistency::new(&keys, name)?),
        "capitalization" => Box::new(Capitalization::new(&keys, accepted)?),
        "metric" => Box::new(Metric::new(&keys)?),
        "readability" => Box::new(Readability::new(&keys)?),
        "spelling" => Box::new(Spelling::new(
            &keys,
            name,
            accepted,
            context.styles.as_deref(),
        )?),
        "script" => {
            return Err(
                "`script` rules run code; copydesk reads rules as data only and refuses them"
                    .into(),
            );
        }
        "sequence" => Box::new(Sequence::new(&keys)?),
        other => {
            return Err(format!(
                "'extends' key must be one of {:?}, not `{other}`",
                KINDS
            ));
        }
    };
    let matches_key = matches!(
        extends.as_str(),
        "existence" | "substitution" | "occurrence" | "repetition" | "conditional"
    )
    .then(|| {
        // In the order of their names: the files write them in any order.
        let mut keys: Vec<(String, &serde_yaml::Value)> = map
            .iter()
            .filter_map(|(k, v)| Some((super::check::scalar(k)?, v)))
            .filter(|(k, _)| {
                // A substitution's `action` words its message, and its options: kept.
                let fix = k == "action" && extends != "substitution";
                !fix && !matches!(
                    k.as_str(),
                    "message" | "level" | "link" | "description" | "limit"
                )
            })
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let keys = serde_yaml::to_string(&keys).unwrap_or_default();
        format!("{keys}\n{}", accepted.join("\n"))
    });
    Ok(Rule {
        matches_key,
        name: Arc::from(name),
        kind: extends,
        level,
        message,
        link: keys
            .get("link")
            .and_then(super::check::scalar)
            .map(Arc::from),
        limit: keys
            .get("limit")
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
            .try_into()
            .unwrap_or(usize::MAX),
        scopes,
        action,
        check,
    })
}

/// Reads YAML as Vale's YAML library does: a key given twice keeps its last value, and `\'`
/// in a double-quoted string is a quote, where `serde_yaml` refuses both.
pub fn loose_yaml(text: &str) -> Result<serde_yaml::Value, String> {
    let text = unescape_quotes(text);
    let loose: Loose = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    Ok(loose.0)
}

/// `text` with `\'` inside double-quoted strings replaced by `'`.
fn unescape_quotes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\'") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (mut quoted, mut escaped) = (false, false);
        for c in line.chars() {
            if quoted && escaped {
                escaped = false;
                if c == '\'' {
                    out.pop();
                }
                out.push(c);
                continue;
            }
            match c {
                '"' => quoted = !quoted,
                '\\' if quoted => escaped = true,
                _ => {}
            }
            out.push(c);
        }
    }
    out.into()
}

/// A YAML value read with duplicate keys allowed (the last one wins).
struct Loose(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose(v.into()))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose, E> {
                Ok(Loose(v.into()))
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose(serde_yaml::Value::Null))
            }
            fn visit_none<E>(self) -> Result<Loose, E> {
                Ok(Loose(serde_yaml::Value::Null))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Loose, A::Error> {
                let mut items = Vec::new();
                while let Some(Loose(v)) = a.next_element()? {
                    items.push(v);
                }
                Ok(Loose(serde_yaml::Value::Sequence(items)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Loose, A::Error> {
                let mut map = serde_yaml::Mapping::new();
                while let Some((Loose(k), Loose(v))) = a.next_entry()? {
                    map.insert(k, v);
                }
                Ok(Loose(serde_yaml::Value::Mapping(map)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A rule that could not be loaded: its file and why.
#[derive(Debug, Clone)]
pub struct Refused {
    pub path: String,
    pub message: String,
}

/// Loads every rule of the style folder `dir` (named `style`), in file-name order.
pub fn load_style(
    style: &str,
    dir: &Path,
    context: &Context,
    refused: &mut Vec<Refused>,
) -> Vec<Rule> {
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect(),
        Err(_) => return Vec::new(),
    };
    files.sort();
    let mut rules = Vec::new();
    for path in files {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let name = format!("{style}.{stem}");
        let result = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| parse(&name, &text, context));
        match result {
            Ok(rule) => rules.push(rule),
            Err(message) => refused.push(Refused {
                path: path.display().to_string(),
                message,
            }),
        }
    }
    rules
}

/// Escapes a vocabulary term for use inside a pattern when it has no regex syntax of its own.
fn term_pattern(term: &str) -> String {
    term.to_string()
}

/// The built-in `Vale` style: `Vale.Spelling` (the default dictionary), `Vale.Repetition`,
/// and from the vocabularies `Vale.Terms` (an accepted term written in another case) and
/// `Vale.Avoid` (a rejected term). `Vale.Spelling` only `with_spelling`: loading its
/// dictionary is the slowest part of loading the seven published styles, and a project that
/// does not name the style does not run it.
pub fn builtin(
    context: &Context,
    rejected: &[String],
    refused: &mut Vec<Refused>,
    with_spelling: bool,
) -> Vec<Rule> {
    let accepted = &context.accepted[..];
    let mut rules = Vec::new();
    let spelling = "extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: error\n";
    match with_spelling.then(|| parse("Vale.Spelling", spelling, context)) {
        Some(Ok(rule)) => rules.push(rule),
        Some(Err(message)) => refused.push(Refused {
            path: "builtin:Vale/Spelling".into(),
            message,
        }),
        None => {}
    }
    let repetition = "extends: repetition\nmessage: \"'%s' is repeated!\"\nlevel: error\n\
                      alpha: true\nignorecase: true\ntokens:\n  - '[^\\s.!?]+'\n";
    if let Ok(rule) = parse("Vale.Repetition", repetition, context) {
        rules.push(rule);
    }
    if !accepted.is_empty() {
        // Keyed by the term in lower case, as Vale keys its map: of two terms that differ in
        // case only, the later one (of the later vocabulary) is the one asked for.
        let mut terms: Vec<&String> = Vec::new();
        for t in accepted.iter().filter(|t| !t.trim().is_empty()) {
            terms.retain(|k| k.to_lowercase() != t.to_lowercase());
            terms.push(t);
        }
        let swap: String = terms
            .iter()
            .map(|t| {
                format!(
                    "  {}: {}\n",
                    serde_yaml::to_string(&term_pattern(&t.to_lowercase()))
                        .unwrap_or_default()
                        .trim(),
                    serde_yaml::to_string(t).unwrap_or_default().trim()
                )
            })
            .collect();
        let yaml = format!(
            "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\n\
             ignorecase: true\nvocab: false\nswap:\n{swap}"
        );
        if let Ok(rule) = parse("Vale.Terms", &yaml, &Context::default()) {
            rules.push(rule);
        }
    }
    if !rejected.is_empty() {
        let tokens: String = rejected
            .iter()
            .map(|t| {
                format!(
                    "  - {}\n",
                    serde_yaml::to_string(t).unwrap_or_default().trim()
                )
            })
            .collect();
        let yaml = format!(
            "extends: existence\nmessage: \"Avoid using '%s'.\"\nlevel: error\n\
             ignorecase: false\nvocab: false\ntokens:\n{tokens}"
        );
        if let Ok(rule) = parse("Vale.Avoid", &yaml, &Context::default()) {
            rules.push(rule);
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_give_the_text_vales_fixes_put_in_place() {
        let action = |name: &str, params: &[&str]| Action {
            name: name.into(),
            params: params.iter().map(|p| p.to_string()).collect(),
        };
        let fix = |a: Action, m: &str, o: &[&str]| {
            let options: Vec<String> = o.iter().map(|p| p.to_string()).collect();
            a.replacement(m, &options)
        };
        assert_eq!(fix(action("remove", &[]), "very", &[]), Some(String::new()));
        let replace = action("replace", &[]);
        assert_eq!(
            fix(replace.clone(), "e-mail", &["email"]),
            Some("email".into())
        );
        assert_eq!(fix(replace, "utilize", &["use", "apply"]), None);
        assert_eq!(
            fix(action("replace", &["a"]), "b", &["c"]),
            Some("a".into())
        );
        let regex = action("edit", &["regex", r"([A-Z]\w+)([A-Z]\w+)", "$1-$2"]);
        assert_eq!(fix(regex, "CamelCase", &[]), Some("Camel-Case".into()));
        let trim = |cut: &str| action("edit", &["trim_right", cut]);
        assert_eq!(fix(trim("!"), "wow!! ", &[]), Some("wow!! ".into()));
        assert_eq!(fix(trim("! "), "wow!! ", &[]), Some("wow".into()));
        let left = action("edit", &["trim_left", " "]);
        assert_eq!(fix(left, "  A", &[]), Some("A".into()));
        let truncate = action("edit", &["truncate", " "]);
        assert_eq!(fix(truncate, "the the", &[]), Some("the".into()));
        let split = action("edit", &["split", "-", "1"]);
        assert_eq!(fix(split, "a-b", &[]), Some("b".into()));
        assert_eq!(fix(action("suggest", &["spellings"]), "teh", &[]), None);
    }
}
