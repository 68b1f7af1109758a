//! `copydesk vale`: Vale's command line over Vale's configuration and styles (`crate::vale`).

use crate::cli::args::ValeArgs;
use crate::cli::{EXIT_ERROR, EXIT_FINDINGS};
use crate::error::Error;
use crate::vale::config::{self, Config};
use crate::vale::lint::{self, Format};
use crate::vale::output::{self, Style};
use crate::vale::rule::{self, Refused, Rule};
use crate::vale::{Alert, Level};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folders Vale never walks into.
const SKIPPED_DIRS: [&str; 4] = ["node_modules", ".git", "__pycache__", ".vale"];

/// Runs `copydesk vale`.
pub fn run(args: &ValeArgs) -> Result<i32, Error> {
    let style = Style::parse(&args.output).ok_or_else(|| {
        Error::Usage(format!(
            "--output must be `line`, `JSON` or `CLI`, not `{}`",
            args.output
        ))
    })?;
    let cwd = std::env::current_dir().map_err(|error| Error::Io {
        path: ".".into(),
        error,
    })?;
    let path = match &args.config {
        Some(p) if !p.is_file() => {
            return Err(Error::Usage(format!(
                "E100 [--config] path '{}' does not exist",
                p.display()
            )));
        }
        Some(p) => Some(p.clone()),
        None => config::find(&cwd),
    };
    let mut cfg = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|error| Error::Io {
                path: p.display().to_string(),
                error,
            })?;
            Config::parse(&text, p).map_err(|m| Error::Usage(format!("{}: {m}", p.display())))?
        }
        None => Config::default(),
    };
    if let Some(level) = &args.min_alert_level {
        cfg.min_level = Level::parse(level).ok_or_else(|| {
            Error::Usage("--minAlertLevel must be 'suggestion', 'warning', or 'error'.".into())
        })?;
    }
    let mut refused = Vec::new();
    let rules = load_rules(&cfg, &mut refused);
    for r in &refused {
        eprintln!("E201 Invalid rule {}: {}", r.path, r.message);
    }

    let mut files: Vec<(String, Vec<Alert>)> = Vec::new();
    let non_global = cfg.global_styles.is_empty() && cfg.global_checks.is_empty();
    let lint_text = |normed: &str, text: &str| -> Vec<Alert> {
        let settings = cfg.for_file(normed);
        let format = if args.ignore_syntax {
            Format::Lines
        } else {
            Format::of(&cfg.normed_path(normed))
        };
        lint::lint(text, format, &rules, &cfg, &settings, cfg.min_level)
    };
    let ext = if args.ext.starts_with('.') {
        args.ext.clone()
    } else {
        format!(".{}", args.ext)
    };
    if args.paths.is_empty() {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| Error::Io {
                path: "<stdin>".into(),
                error,
            })?;
        let name = format!("stdin{ext}");
        files.push((name.clone(), lint_text(&name, &text)));
    }
    let glob = globset::GlobBuilder::new(&args.glob)
        .literal_separator(false)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| Error::Usage(format!("--glob: {e}")))?;
    for arg in &args.paths {
        let p = Path::new(arg);
        if p.is_dir() {
            for file in walk(p) {
                // As Go's `filepath.Join` cleans it: `./a.md` is `a.md`.
                let shown = file
                    .strip_prefix(".")
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                let normed = cfg.normed_path(&shown);
                if !glob.is_match(&shown) && !glob.is_match(&normed) {
                    continue;
                }
                if non_global && !cfg_matches_any(&cfg, &shown) {
                    continue;
                }
                let Ok(bytes) = std::fs::read(&file) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes);
                files.push((shown.clone(), lint_text(&shown, &text)));
            }
        } else if p.is_file() {
            let bytes = std::fs::read(p).map_err(|error| Error::Io {
                path: arg.clone(),
                error,
            })?;
            let text = String::from_utf8_lossy(&bytes);
            let as_path = if ext != ".txt" {
                format!("{arg}{ext}")
            } else {
                arg.clone()
            };
            files.push((arg.clone(), lint_text(&as_path, &text)));
        } else {
            // Not a file: Vale lints the argument itself, as text of `--ext`.
            let name = format!("stdin{ext}");
            files.push((name.clone(), lint_text(&name, arg)));
        }
    }
    for (name, _) in &mut files {
        let mut shown = name.clone();
        if args.relative
            && let Ok(rel) = Path::new(&shown).strip_prefix(&cwd)
        {
            shown = rel.display().to_string();
        }
        if args.normalize {
            shown = shown.replace('\\', "/");
        }
        *name = shown;
    }
    if args.sort {
        files.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let errors = files
        .iter()
        .flat_map(|(_, a)| a)
        .any(|a| a.level == Level::Error);
    crate::cli::to_stdout(|out| output::write(out, style, &files))?;
    Ok(if !refused.is_empty() {
        EXIT_ERROR
    } else if errors && !args.no_exit {
        EXIT_FINDINGS
    } else {
        0
    })
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

/// Whether any glob section of `cfg` matches `path`.
fn cfg_matches_any(cfg: &Config, path: &str) -> bool {
    let s = cfg.for_file(path);
    !s.styles.is_empty() || !s.checks.is_empty()
}

/// The files under `dir`, in name order, skipping the folders Vale skips.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name) {
                out.extend(walk(&path));
            }
        } else {
            out.push(path);
        }
    }
    out
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

/// Every rule of the styles the configuration names, and the built-in `Vale` style.
fn load_rules(cfg: &Config, refused: &mut Vec<Refused>) -> Vec<Rule> {
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
    let mut builtin_refused = Vec::new();
    let mut rules = rule::builtin(&context, &rejected, &mut builtin_refused);
    // Vale.Spelling is refused only where a rule runs it: a project without it does not need
    // a dictionary.
    if cfg_uses(cfg, "Vale") {
        refused.extend(builtin_refused);
    }
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
