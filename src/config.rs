//! `copydesk.yaml`: which rules run, at which level, on which files.
//!
//! A config file is found by walking up from each linted file (`copydesk.yaml`, then
//! `.copydesk.yaml`), or given with `--config`. Paths in it are relative to the file itself.

use crate::diagnostic::Severity;
use crate::error::FileError;
use crate::markup::Markup;
use crate::markup::scope::{HtmlScope, HtmlScopeKeys};
use crate::rules::{Rule, find_key, find_value};
use crate::suppress::UNUSED_SUPPRESSION;
use crate::text::language::Language;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File names searched for, in order, in each directory.
pub const CONFIG_NAMES: &[&str] = &["copydesk.yaml", ".copydesk.yaml"];

/// The starter file `copydesk init` writes.
pub const STARTER: &str = r#"# copydesk configuration (the Configuration section of copydesk's README tells more).
# Every key is optional. Rule selectors are rule ids (`Junk.LinkText`) or pack names (`Junk`);
# `copydesk rules` lists them with the level this file gives them, `copydesk explain RULE` tells
# what one finds.

# Directories of your own rule packs (DIR/<Pack>/<Rule>.yaml), relative to this file.
rules: []

# Which rules run: everything unless `select` narrows it; `ignore` removes.
# select: [Junk, Quotes, Typography, Translation]
ignore: []

# Change a rule's or a pack's level (error, warning, suggestion) or turn it off.
levels:
  # Typography.DoubleSpace: off
  # Junk.LinkText: error

# The language of the articles (an ISO 639-1 code such as en, de, pt), or auto to detect it
# per file. Rules made for English are off for files in another language.
# language: auto

# The lowest level that makes `copydesk check` exit with 1 (error, warning, suggestion, never).
fail-on: error

# How many findings of one rule a file reports (0: all); the others are counted, with a note.
# max-findings-per-rule: 1000

# Files never linted (globs relative to this file).
exclude: []

# HTML pages: the article is the first element the first matching selector finds (CSS compound
# selectors; [] lints pages whole), less the elements skipped inside it.
# html:
#   root: [article, main, "[itemprop=articleBody]"]
#   skip: [nav, aside, footer, form]

# Settings for some files only; later entries win.
overrides: []
  # - files: ["drafts/**"]
  #   ignore: [Typography]
  #   levels: {Junk.LinkText: suggestion}
  # - files: ["fr/**"]
  #   language: fr
"#;

/// A level in a config file: a severity or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Suggestion,
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Suggestion => Some(Severity::Suggestion),
            Level::Off => None,
        }
    }
}

/// The lowest level that makes a run fail: the config's `fail-on` and the command line's
/// `--fail-on` (`never`: no finding does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    Error,
    Warning,
    Suggestion,
    Never,
}

impl FailLevel {
    /// The lowest severity that fails the run; `None` for `never`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailLevel::Error => Some(Severity::Error),
            FailLevel::Warning => Some(Severity::Warning),
            FailLevel::Suggestion => Some(Severity::Suggestion),
            FailLevel::Never => None,
        }
    }
}

/// The language of the files a config (or `--language`) covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageChoice {
    /// Detected per file (`auto`).
    Detect,
    /// Set: no detection.
    Is(Language),
}

impl std::str::FromStr for LanguageChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s == "auto" {
            return Ok(LanguageChoice::Detect);
        }
        Language::from_code(s)
            .map(LanguageChoice::Is)
            .ok_or_else(|| {
                format!(
                    "unknown language `{s}`: `auto` or an ISO 639-1 code ({})",
                    Language::codes().collect::<Vec<_>>().join(", ")
                )
            })
    }
}

impl<'de> Deserialize<'de> for LanguageChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Rule choices that can appear at the top level and in an override.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default)]
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub levels: BTreeMap<String, Level>,
    /// The files' language; `None`: as the enclosing setting says (detected by default).
    #[serde(default)]
    pub language: Option<LanguageChoice>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Override {
    files: Vec<String>,
    #[serde(flatten)]
    selection: Selection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    levels: BTreeMap<String, Level>,
    #[serde(default)]
    language: Option<LanguageChoice>,
    #[serde(default)]
    fail_on: Option<FailLevel>,
    #[serde(default)]
    max_findings_per_rule: Option<usize>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    overrides: Vec<Override>,
    /// Where the article is in an HTML page.
    #[serde(default)]
    html: HtmlScopeKeys,
    /// A Vale configuration (`.vale.ini`) whose styles run beside the rules.
    #[serde(default)]
    vale: Option<PathBuf>,
}

/// A loaded configuration; `Config::default()` is the configuration without a file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    text: Arc<str>,
    /// Rule directories, resolved against the config file's directory.
    pub rule_dirs: Vec<PathBuf>,
    pub selection: Selection,
    pub fail_on: Option<FailLevel>,
    /// `max-findings-per-rule` (0: no cap); `None`: not set, [`DEFAULT_MAX_FINDINGS_PER_RULE`].
    pub max_findings_per_rule: Option<usize>,
    exclude: Option<GlobSet>,
    overrides: Vec<(GlobSet, Selection)>,
    /// The content root of HTML pages and what is skipped inside it.
    pub html: Arc<HtmlScope>,
    /// The Vale configuration (`vale:`, resolved against the config file's directory) whose
    /// styles run beside the rules.
    pub vale: Option<PathBuf>,
}

impl Config {
    /// Reads and validates a config file. Unknown keys and bad values are errors with their
    /// position; rule directories that do not exist are reported.
    pub fn load(path: &Path) -> Result<Config, FileError> {
        let shown = path.display().to_string();
        let text: Arc<str> = read_config(path)
            .map_err(|(text, span, message)| FileError::new(&shown, text.into(), span, message))?
            .into();
        if let Some(at) = crate::rules::yaml_too_deep(&text) {
            let message = format!(
                "invalid config: nested deeper than {} levels",
                crate::rules::MAX_YAML_DEPTH
            );
            return Err(FileError::new(&shown, text, Some(at..at + 1), message));
        }
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                // serde places an error of a value it parsed itself at the start of its
                // mapping; a bad language is found where it is written instead.
                let span = bad_language(&text, &e.to_string())
                    .or_else(|| crate::rules::yaml_error_span(&text, &e));
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                FileError::new(
                    &shown,
                    text.clone(),
                    span,
                    format!("invalid config: {message}"),
                )
            })?
        };
        let base = path.parent().unwrap_or(Path::new("."));
        let error = |needle: &str, key: &str, message: String| {
            let span = find_value(&text, needle).or_else(|| find_key(&text, key));
            FileError::new(&shown, text.clone(), span, message)
        };
        // The path `path` the key `key` names, from the file's folder; where `exists` says it
        // is not there, an error that calls it `what`.
        let resolve = |path: &Path, key: &str, what: &str, exists: fn(&Path) -> bool| {
            let resolved = base.join(path);
            if exists(&resolved) {
                return Ok(resolved);
            }
            let shown_path = path.display().to_string();
            Err(error(
                &shown_path,
                key,
                format!(
                    "{what} `{shown_path}` does not exist (looked for {})",
                    resolved.display()
                ),
            ))
        };
        let rule_dirs = file
            .rules
            .iter()
            .map(|dir| resolve(dir, "rules", "rule directory", Path::is_dir))
            .collect::<Result<Vec<_>, _>>()?;
        let globs = |patterns: &[String], key: &str| -> Result<Option<GlobSet>, FileError> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for p in patterns {
                let glob = Glob::new(p).map_err(|e| error(p, key, format!("bad glob: {e}")))?;
                builder.add(glob);
            }
            builder
                .build()
                .map(Some)
                .map_err(|e| error("", key, e.to_string()))
        };
        let html = HtmlScope::default()
            .with(file.html.root.as_deref(), file.html.skip.as_deref())
            .map_err(|(value, message)| error(&value, "html", message))?;
        let exclude = globs(&file.exclude, "exclude")?;
        let vale = file
            .vale
            .as_deref()
            .map(|ini| resolve(ini, "vale", "Vale configuration", Path::is_file))
            .transpose()?;
        let mut overrides = Vec::new();
        for o in &file.overrides {
            let set = globs(&o.files, "overrides")?.unwrap_or_default();
            overrides.push((set, o.selection.clone()));
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            text,
            rule_dirs,
            selection: Selection {
                select: file.select,
                ignore: file.ignore,
                levels: file.levels,
                language: file.language,
            },
            fail_on: file.fail_on,
            max_findings_per_rule: file.max_findings_per_rule,
            exclude,
            overrides,
            html: Arc::new(html),
            vale,
        })
    }

    /// The nearest config file in `dir` or its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .flat_map(|d| CONFIG_NAMES.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    fn base(&self) -> &Path {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""))
    }

    /// `path` relative to the config file's directory, for glob matching.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let base = self.base();
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        match absolute(path).strip_prefix(absolute(base)) {
            Ok(rel) => rel.to_path_buf().into(),
            Err(_) => path.into(),
        }
    }

    /// Whether `path` is excluded from linting.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| {
            let rel = self.relative(path);
            set.is_match(&*rel)
                || rel
                    .ancestors()
                    .any(|a| !a.as_os_str().is_empty() && set.is_match(a))
        })
    }

    /// Checks that every selector names a known rule or pack, so that a typo does not silently
    /// disable nothing.
    pub fn validate(&self, rules: &[Rule]) -> Result<(), FileError> {
        let known =
            |s: &str| rules.iter().any(|r| &*r.id == s || r.pack() == s) || s.starts_with("Core.");
        let selections =
            std::iter::once(&self.selection).chain(self.overrides.iter().map(|(_, s)| s));
        for sel in selections {
            let names = sel
                .select
                .iter()
                .flatten()
                .chain(&sel.ignore)
                .chain(sel.levels.keys());
            for name in names {
                if !known(name) {
                    let shown = self
                        .path
                        .as_deref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    let span = find_value(&self.text, name);
                    return Err(FileError::new(
                        &shown,
                        self.text.clone(),
                        span,
                        format!("no rule or pack named `{name}`"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The effective level of every rule (`None`: off) for the file at `path`, with the command
    /// line's selection applied last.
    pub fn settings(&self, rules: &[Rule], path: Option<&Path>, cli: &Selection) -> Settings {
        let mut levels: Vec<Option<Severity>> = rules.iter().map(|r| Some(r.severity)).collect();
        let mut on = vec![true; rules.len()];
        let mut language = LanguageChoice::Detect;
        let mut apply = |sel: &Selection| {
            if let Some(choice) = sel.language {
                language = choice;
            }
            // Most runs select nothing: no need to look at every rule for every file.
            if sel.select.is_none() && sel.levels.is_empty() && sel.ignore.is_empty() {
                return;
            }
            for (i, rule) in rules.iter().enumerate() {
                if let Some(select) = &sel.select {
                    on[i] = select.iter().any(|s| matches(rule, s));
                }
                // A level given for the rule id wins over one given for its pack.
                if let Some(level) = sel.levels.get(&*rule.id).or(sel.levels.get(rule.pack())) {
                    levels[i] = level.severity();
                }
                if sel.ignore.iter().any(|s| matches(rule, s)) {
                    on[i] = false;
                }
            }
        };
        apply(&self.selection);
        if let Some(path) = path
            && !self.overrides.is_empty()
        {
            let rel = self.relative(path);
            for (set, sel) in &self.overrides {
                if set.is_match(&*rel) {
                    apply(sel);
                }
            }
        }
        apply(cli);
        Settings {
            levels: levels
                .into_iter()
                .zip(on)
                .map(|(level, on)| level.filter(|_| on))
                .collect(),
            fail_on: self
                .fail_on
                .map_or(Some(Severity::Error), FailLevel::severity),
            unused_suppressions: !self.turns_off_unused_suppressions()
                && !cli
                    .ignore
                    .iter()
                    .any(|s| s == UNUSED_SUPPRESSION || s == "Core"),
            threads: 1,
            max_findings_per_rule: cap(self
                .max_findings_per_rule
                .unwrap_or(DEFAULT_MAX_FINDINGS_PER_RULE)),
            language: match language {
                LanguageChoice::Detect => None,
                LanguageChoice::Is(l) => Some(l),
            },
            markup: None,
            html: self.html.clone(),
        }
    }

    fn turns_off_unused_suppressions(&self) -> bool {
        self.selection
            .ignore
            .iter()
            .any(|s| s == UNUSED_SUPPRESSION || s == "Core")
            || self.selection.levels.get(UNUSED_SUPPRESSION) == Some(&Level::Off)
    }
}

fn matches(rule: &Rule, selector: &str) -> bool {
    &*rule.id == selector || rule.pack() == selector
}

/// The span of the value of a `language:` key that the error `message` refuses, if it is one.
fn bad_language(text: &str, message: &str) -> Option<std::ops::Range<usize>> {
    let code = message
        .split_once("unknown language `")?
        .1
        .split_once('`')?
        .0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some((key, value)) = line.split_once(':')
            && key.trim() == "language"
            && value.trim() == code
        {
            let start = at + key.len() + 1 + (value.len() - value.trim_start().len());
            return Some(start..start + code.len());
        }
        at += line.len();
    }
    None
}

/// Config files larger than this are refused: a config is a few dozen lines, and
/// `--config /dev/zero` must end.
const MAX_CONFIG_FILE: u64 = 1 << 20;

/// Reads a config file (UTF-8 or UTF-16, see [`crate::rules::decode_text_file`]), refusing more
/// than [`MAX_CONFIG_FILE`] bytes; an error carries the text as far as it reads and where.
type ReadError = (String, Option<std::ops::Range<usize>>, String);

fn read_config(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let plain = |message: String| (String::new(), None, message);
    let file = std::fs::File::open(path).map_err(|e| plain(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| plain(e.to_string()))?;
    if bytes.len() as u64 > MAX_CONFIG_FILE {
        return Err(plain(format!(
            "config file is larger than {} MiB",
            MAX_CONFIG_FILE >> 20
        )));
    }
    crate::rules::decode_text_file(bytes)
        .map_err(|(text, span, message)| (text, Some(span), format!("config file is {message}")))
}

/// How many findings of one rule a file reports when neither `--max-findings-per-rule` nor the
/// config's `max-findings-per-rule` says: more than a person reads, far fewer than hostile text
/// holds (a finding every couple of bytes).
pub const DEFAULT_MAX_FINDINGS_PER_RULE: usize = 1000;

/// The cap on findings per rule that `--max-findings-per-rule N` or `max-findings-per-rule: N`
/// set: `None` (no cap) for 0.
pub fn cap(n: usize) -> Option<usize> {
    (n > 0).then_some(n)
}

/// What applies to one file: each rule's level (`None`: off) and the failing level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub levels: Vec<Option<Severity>>,
    pub fail_on: Option<Severity>,
    /// Report suppression comments that suppress nothing.
    pub unused_suppressions: bool,
    /// Threads one document may use (the run's threads when it has fewer files than threads).
    pub threads: usize,
    /// The most findings of one rule a document reports, its first by position; the others are
    /// counted ([`crate::linter::Linted::omitted`]). `None`: every finding is reported.
    pub max_findings_per_rule: Option<usize>,
    /// The document's language; `None`: detected from its text.
    pub language: Option<Language>,
    /// How the document is marked up; `None`: as its file name's extension says
    /// ([`Markup::from_path`]). Standard input has no extension of its own: `--markup` sets it.
    pub markup: Option<Markup>,
    /// Where the article is in an HTML page.
    pub html: Arc<HtmlScope>,
}

impl Settings {
    /// Every rule at its own level.
    pub fn all(rules: &[Rule]) -> Settings {
        Settings {
            levels: rules.iter().map(|r| Some(r.severity)).collect(),
            fail_on: Some(Severity::Error),
            unused_suppressions: true,
            threads: 1,
            max_findings_per_rule: None,
            language: None,
            markup: None,
            html: HtmlScope::shared_default(),
        }
    }
}
