//! A Vale project's configuration: `.vale.ini` found as Vale finds it, and what it gives each
//! file (its styles, the rules switched on or off, their levels).

use super::Level;
use super::ini::{Ini, Section};
use globset::{GlobBuilder, GlobMatcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The names Vale looks for, in its order, in the current folder and then in each parent.
pub const CONFIG_NAMES: [&str; 5] = [".vale", "_vale", "vale.ini", ".vale.ini", "_vale.ini"];

/// Sections that are not file globs.
const SPECIAL: [&str; 4] = ["*", "DEFAULT", "formats", "asciidoctor"];

/// A glob section: what it says about the files it matches.
#[derive(Debug)]
pub struct GlobSection {
    pub name: String,
    matcher: Glob,
    /// `BasedOnStyles`, when the section gives it.
    pub styles: Option<Vec<String>>,
    /// `Style.Rule = YES|NO|level` (and `Style = NO`), in order: `true` switches the rule on.
    pub checks: Vec<(String, bool)>,
    pub block_ignores: Vec<String>,
    pub token_ignores: Vec<String>,
}

/// The configuration of a run.
#[derive(Debug)]
pub struct Config {
    /// The `.vale.ini` read, if one was.
    pub path: Option<PathBuf>,
    /// Where styles are looked for, the last one first.
    pub styles_paths: Vec<PathBuf>,
    pub min_level: Level,
    /// `BasedOnStyles` of `[*]`.
    pub global_styles: Vec<String>,
    /// Rules switched on or off in `[*]`.
    pub global_checks: Vec<(String, bool)>,
    /// The glob sections, in file order.
    pub sections: Vec<GlobSection>,
    /// Levels given to rules (`Style.Rule = error`) in any section: Vale keeps one level per
    /// rule whatever the section.
    pub rule_levels: HashMap<String, Level>,
    /// `[formats]`: an extension read as another (`mdx = md`).
    pub formats: HashMap<String, String>,
    /// Vocabularies (`Vocab = Name`): `<StylesPath>/config/vocabularies/Name/accept.txt`.
    pub vocab: Vec<String>,
    /// Inline scopes left out of the prose (default: `code`, `tt`).
    pub ignored_scopes: Vec<String>,
    /// Block scopes left out (default: `script`, `style`, `pre`, `figure`).
    pub skipped_scopes: Vec<String>,
    pub block_ignores_global: Vec<String>,
    pub token_ignores_global: Vec<String>,
    /// HTML classes whose elements are left out (`IgnoredClasses`).
    pub ignored_classes: Vec<String>,
}

/// What the configuration gives one file.
#[derive(Debug, Default, Clone)]
pub struct FileSettings {
    pub styles: Vec<String>,
    /// Rules switched on (`true`) or off for this file's sections.
    pub checks: HashMap<String, bool>,
    pub block_ignores: Vec<String>,
    pub token_ignores: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            styles_paths: Vec::new(),
            min_level: Level::Suggestion,
            global_styles: Vec::new(),
            global_checks: Vec::new(),
            sections: Vec::new(),
            rule_levels: HashMap::new(),
            formats: HashMap::new(),
            vocab: Vec::new(),
            ignored_scopes: vec!["code".into(), "tt".into()],
            skipped_scopes: vec![
                "script".into(),
                "style".into(),
                "pre".into(),
                "figure".into(),
            ],
            block_ignores_global: Vec::new(),
            token_ignores_global: Vec::new(),
            ignored_classes: Vec::new(),
        }
    }
}

/// Finds the configuration Vale would use from `cwd`: `VALE_CONFIG_PATH`, else the first of
/// [`CONFIG_NAMES`] in `cwd` or a parent.
pub fn find(cwd: &Path) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VALE_CONFIG_PATH") {
        return Some(PathBuf::from(path));
    }
    for dir in cwd.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// A rule level or switch as a `.vale.ini` value gives it: `None` for `NO` or anything Vale
/// does not know (Vale switches the rule off then too), else whether it names a level.
fn switch(value: &str) -> Option<Option<Level>> {
    match value {
        "YES" => Some(None),
        other => Level::parse(other).map(Some),
    }
}

/// A Vale glob: a leading `!` negates it; a pattern with `**` is read as Vale's `doublestar`
/// reads it (`*` stays within a folder), any other as `gobwas` reads it (`*` also crosses `/`);
/// `{a,b}` alternatives in both.
#[derive(Debug, Clone)]
pub struct Glob {
    matcher: GlobMatcher,
    negated: bool,
}

impl Glob {
    /// Whether `path` (with `/` separators) matches, or does not match when negated.
    pub fn is_match(&self, path: &str) -> bool {
        self.matcher.is_match(path) != self.negated
    }
}

/// Compiles the Vale glob `pattern` (see [`Glob`]).
pub fn glob(pattern: &str) -> Result<Glob, String> {
    let (negated, body) = match pattern.strip_prefix('!') {
        Some(rest) => (true, rest.trim_start_matches('!')),
        None => (false, pattern),
    };
    GlobBuilder::new(body)
        .literal_separator(body.contains("**"))
        .build()
        .map(|g| Glob {
            matcher: g.compile_matcher(),
            negated,
        })
        .map_err(|e| format!("The glob pattern '{pattern}' could not be compiled: {e}"))
}

impl Config {
    /// Reads the configuration in `text` (from the file `path`).
    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let ini = Ini::parse(text).map_err(|(line, m)| format!("line {line}: {m}"))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        if let Some(core) = ini.section("") {
            if let Some(styles) = core.last("StylesPath") {
                cfg.styles_paths.push(dir.join(styles));
            }
            if let Some(level) = core.last("MinAlertLevel") {
                cfg.min_level = Level::parse(level).ok_or_else(|| {
                    "MinAlertLevel must be 'suggestion', 'warning', or 'error'.".to_string()
                })?;
            }
            cfg.vocab = core.list("Vocab");
            if core.last("IgnoredScopes").is_some() {
                cfg.ignored_scopes = core.list("IgnoredScopes");
            }
            if core.last("SkippedScopes").is_some() {
                cfg.skipped_scopes = core.list("SkippedScopes");
            }
            cfg.ignored_classes = core.list("IgnoredClasses");
        }
        if let Some(formats) = ini.section("formats") {
            for e in &formats.entries {
                cfg.formats.insert(e.key.clone(), e.value.clone());
            }
        }
        if let Some(global) = ini.section("*") {
            cfg.global_styles = global.list("BasedOnStyles");
            cfg.block_ignores_global = global.list("BlockIgnores");
            cfg.block_ignores_global
                .extend(global.list("IgnorePatterns"));
            cfg.token_ignores_global = global.list("TokenIgnores");
            cfg.global_checks = cfg.checks_of(global);
        }
        for section in &ini.sections {
            if section.name.is_empty() || SPECIAL.contains(&section.name.as_str()) {
                continue;
            }
            let styles = section
                .last("BasedOnStyles")
                .is_some()
                .then(|| section.list("BasedOnStyles"));
            let checks = cfg.checks_of(section);
            cfg.sections.push(GlobSection {
                name: section.name.clone(),
                matcher: glob(&section.name)?,
                styles,
                checks,
                block_ignores: [section.list("BlockIgnores"), section.list("IgnorePatterns")]
                    .concat(),
                token_ignores: section.list("TokenIgnores"),
            });
        }
        Ok(cfg)
    }

    /// The rule switches of `section`, recording the levels they give.
    fn checks_of(&mut self, section: &Section) -> Vec<(String, bool)> {
        const OPTIONS: [&str; 8] = [
            "BasedOnStyles",
            "BlockIgnores",
            "TokenIgnores",
            "IgnorePatterns",
            "Transform",
            "Lang",
            "CommentDelimiters",
            "Vocab",
        ];
        let mut out = Vec::new();
        for e in &section.entries {
            if OPTIONS.contains(&e.key.as_str()) {
                continue;
            }
            let on = match switch(&e.value) {
                Some(level) => {
                    if let Some(level) = level {
                        self.rule_levels.insert(e.key.clone(), level);
                    }
                    true
                }
                None => false,
            };
            out.push((e.key.clone(), on));
        }
        out
    }

    /// What the configuration gives the file at `path` (and at its path with the extension
    /// `[formats]` maps it to).
    pub fn for_file(&self, path: &str) -> FileSettings {
        let mut paths = vec![path.to_string()];
        let normed = self.normed_path(path);
        if normed != path {
            paths.push(normed);
        }
        let mut out = FileSettings {
            styles: self.global_styles.clone(),
            block_ignores: self.block_ignores_global.clone(),
            token_ignores: self.token_ignores_global.clone(),
            ..FileSettings::default()
        };
        for p in &paths {
            for s in &self.sections {
                if !s.matcher.is_match(p) {
                    continue;
                }
                if let Some(styles) = &s.styles {
                    out.styles = styles.clone();
                }
                for (rule, on) in &s.checks {
                    out.checks.insert(rule.clone(), *on);
                }
                if !s.block_ignores.is_empty() {
                    out.block_ignores = s.block_ignores.clone();
                }
                if !s.token_ignores.is_empty() {
                    out.token_ignores = s.token_ignores.clone();
                }
            }
        }
        out
    }

    /// `path` with its extension replaced as `[formats]` says.
    pub fn normed_path(&self, path: &str) -> String {
        match path.rsplit_once('.') {
            Some((stem, ext)) if !ext.contains('/') => match self.formats.get(ext) {
                Some(to) => format!("{stem}.{to}"),
                None => path.to_string(),
            },
            _ => path.to_string(),
        }
    }

    /// Whether rule `name` (of style `name`'s first part) runs on a file with `settings`, as
    /// Vale decides: a switch of the file's sections first, then of `[*]`, then the file's
    /// styles.
    pub fn runs(&self, name: &str, settings: &FileSettings) -> bool {
        let style = name.split('.').next().unwrap_or(name);
        if let Some(&on) = settings.checks.get(name) {
            return on;
        }
        if let Some((_, on)) = self.global_checks.iter().rev().find(|(r, _)| r == name) {
            return *on;
        }
        if settings.checks.get(style) == Some(&false)
            || self.global_checks.iter().any(|(r, on)| r == style && !on)
        {
            return false;
        }
        settings.styles.iter().any(|s| s == style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_styles_come_from_the_last_matching_section() {
        let cfg = Config::parse(
            "StylesPath = styles\nMinAlertLevel = warning\n[*]\nBasedOnStyles = Vale\n\
             [*.md]\nBasedOnStyles = A\nA.Off = NO\nVale.Spelling = error\n[formats]\nmdx = md\n",
            Path::new("/p/.vale.ini"),
        )
        .unwrap();
        assert_eq!(cfg.styles_paths, [PathBuf::from("/p/styles")]);
        assert_eq!(cfg.min_level, Level::Warning);
        let md = cfg.for_file("docs/a.mdx");
        assert_eq!(md.styles, ["A"]);
        assert!(cfg.runs("A.On", &md));
        assert!(!cfg.runs("A.Off", &md));
        assert!(cfg.runs("Vale.Spelling", &md));
        assert!(!cfg.runs("Vale.Terms", &md));
        assert_eq!(cfg.rule_levels["Vale.Spelling"], Level::Error);
        let txt = cfg.for_file("a.txt");
        assert_eq!(txt.styles, ["Vale"]);
    }

    #[test]
    fn globs_read_as_vale_reads_them() {
        let g = |p: &str, path: &str| glob(p).unwrap().is_match(path);
        assert!(g("*.md", "docs/a.md"));
        assert!(g("*.{md,txt}", "a.txt"));
        assert!(!g("!content/b/*", "content/b/b.md"));
        assert!(g("!content/b/*", "content/a.md"));
        assert!(g("**/*.md", "docs/a.md"));
        assert!(g("**/*.md", "a.md"));
        assert!(!g("docs/**/*.md", "docs/a/b.txt"));
        assert!(!g("!**/*.{md,py}", "docs/a.md"));
        assert!(g("!**/*.{md,py}", "docs/a.txt"));
    }
}
