//! A Vale project's rules: the styles its configuration names, found under its StylesPath, with
//! its vocabularies, and the built-in `Vale` style.

use super::Alert;
use super::config::{Config, FileSettings};
use super::lint::{self, Format, RuleSet};
use super::rule::{self, Refused, Rule};
use std::path::{Path, PathBuf};

/// A Vale project: its configuration, its rules, and those it could not load.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    pub rules: RuleSet,
    /// The rules that could not be loaded (the others run).
    pub refused: Vec<Refused>,
}

impl Project {
    /// The project of `config`: the rules it names, loaded.
    pub fn new(config: Config) -> Project {
        let mut refused = Vec::new();
        let rules = RuleSet::new(load(&config, &mut refused));
        Project {
            config,
            rules,
            refused,
        }
    }

    /// Reads the configuration at `path` and loads the rules it names.
    pub fn load(path: &Path) -> Result<Project, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        Ok(Project::new(Config::parse(&text, path)?))
    }

    /// The alerts of the file `path` (as given: Vale's sections match it) whose text is `text`,
    /// with the settings its sections give it.
    pub fn alerts(&self, path: &str, text: &str) -> Vec<Alert> {
        self.lint(path, text, &self.config.for_file(path), false)
    }

    /// The alerts of the file `path` with `settings`: read as lines alone when `lines` (Vale's
    /// `--ignore-syntax`), else as its extension says. Its scopes end with that extension
    /// (`text.md`, `paragraph.html`), as Vale's do.
    pub fn lint(&self, path: &str, text: &str, settings: &FileSettings, lines: bool) -> Vec<Alert> {
        let format = if lines {
            Format::Lines
        } else {
            Format::of(&self.config.normed_path(path))
        };
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        lint::lint(
            text,
            format,
            ext,
            &self.rules,
            &self.config,
            settings,
            self.config.min_level,
        )
    }
}

/// Whether the configuration names style `style` anywhere.
fn cfg_uses(cfg: &Config, style: &str) -> bool {
    let named = |r: &str| r == style || r.starts_with(&format!("{style}."));
    cfg.global_styles.iter().any(|s| s == style)
        || cfg.global_checks.iter().any(|(r, _)| named(r))
        || cfg.sections.iter().any(|s| {
            s.styles.iter().flatten().any(|x| x == style) || s.checks.iter().any(|(r, _)| named(r))
        })
}

/// The vocabulary folder `name` under one of the styles paths.
fn vocab_dir(cfg: &Config, name: &str) -> Option<PathBuf> {
    cfg.styles_paths.iter().rev().find_map(|root| {
        [
            root.join("config").join("vocabularies").join(name),
            root.join("Vocab").join(name),
        ]
        .into_iter()
        .find(|d| d.is_dir())
    })
}

/// The terms of a vocabulary file: one a line, `#` comments and blank lines skipped.
fn terms(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Every rule of the styles the configuration names, and the built-in `Vale` style; the rules
/// that cannot be loaded go to `refused`.
pub fn load(cfg: &Config, refused: &mut Vec<Refused>) -> Vec<Rule> {
    let (mut accepted, mut rejected) = (Vec::new(), Vec::new());
    for name in &cfg.vocab {
        if let Some(dir) = vocab_dir(cfg, name) {
            accepted.extend(terms(&dir.join("accept.txt")));
            rejected.extend(terms(&dir.join("reject.txt")));
        }
    }
    let mut styles: Vec<String> = cfg.global_styles.clone();
    for s in &cfg.sections {
        styles.extend(s.styles.iter().flatten().cloned());
        styles.extend(
            s.checks
                .iter()
                .map(|(r, _)| r.split('.').next().unwrap_or(r).to_string()),
        );
    }
    styles.extend(
        cfg.global_checks
            .iter()
            .map(|(r, _)| r.split('.').next().unwrap_or(r).to_string()),
    );
    let context = rule::Context {
        accepted,
        styles: cfg.styles_paths.last().cloned(),
    };
    let mut seen = Vec::new();
    // Vale.Spelling is loaded and refused only where a rule runs it: a project without it does
    // not need a dictionary.
    let mut rules = rule::builtin(&context, &rejected, refused, cfg_uses(cfg, "Vale"));
    for style in styles {
        if style == "Vale" || seen.contains(&style) {
            continue;
        }
        seen.push(style.clone());
        if let Some(dir) = cfg
            .styles_paths
            .iter()
            .rev()
            .map(|root| root.join(&style))
            .find(|d| d.is_dir())
        {
            rules.extend(rule::load_style(&style, &dir, &context, refused));
        }
    }
    rules
}
