//! `copydesk vale`: Vale's command line over Vale's configuration and styles (`crate::vale`).

use crate::cli::args::ValeArgs;
use crate::cli::{EXIT_ERROR, EXIT_FINDINGS};
use crate::error::Error;
use crate::vale::config::{self, Config, FileSettings};
use crate::vale::output::{self, Style};
use crate::vale::project::Project;
use crate::vale::{Alert, Level};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folders Vale never walks into.
const SKIPPED_DIRS: [&str; 4] = ["node_modules", ".git", "__pycache__", ".vale"];

/// The configuration of the Vale project found from the current folder (or the defaults).
fn project_config(explicit: Option<&Path>) -> Result<(PathBuf, Config), Error> {
    let cwd = std::env::current_dir().map_err(|error| Error::Io {
        path: ".".into(),
        error,
    })?;
    let path = match explicit {
        Some(p) if !p.is_file() => {
            return Err(Error::Usage(format!(
                "E100 [--config] path '{}' does not exist",
                p.display()
            )));
        }
        Some(p) => Some(p.to_path_buf()),
        None => config::find(&cwd),
    };
    let cfg = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|error| Error::Io {
                path: p.display().to_string(),
                error,
            })?;
            Config::parse(&text, p).map_err(|m| Error::Usage(format!("{}: {m}", p.display())))?
        }
        None => Config::default(),
    };
    Ok((cwd, cfg))
}

/// `copydesk rules --vale`: every rule of the Vale project with its level and kind, then the
/// refused ones with the reason (exit 2 when there are any).
pub fn list_rules() -> Result<i32, Error> {
    let (_, cfg) = project_config(None)?;
    let mut refused = Vec::new();
    let rules = crate::vale::project::load(&cfg, &mut refused);
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    crate::cli::to_stdout(|out| {
        for r in &rules {
            let level = cfg.rule_levels.get(&*r.name).copied().unwrap_or(r.level);
            writeln!(
                out,
                "{:<width$}  {:<10}  {:<14}  {}",
                r.name,
                level.as_str(),
                r.kind,
                r.message
            )?;
        }
        for r in &refused {
            writeln!(out, "{}  refused  {}", r.path, r.message)?;
        }
        Ok(())
    })?;
    Ok(if refused.is_empty() { 0 } else { EXIT_ERROR })
}

/// Runs `copydesk vale`.
pub fn run(args: &ValeArgs) -> Result<i32, Error> {
    let style = Style::parse(&args.output).ok_or_else(|| {
        Error::Usage(format!(
            "--output must be `line`, `JSON` or `CLI`, not `{}`",
            args.output
        ))
    })?;
    let (cwd, mut cfg) = project_config(args.config.as_deref())?;
    if let Some(level) = &args.min_alert_level {
        cfg.min_level = Level::parse(level).ok_or_else(|| {
            Error::Usage("--minAlertLevel must be 'suggestion', 'warning', or 'error'.".into())
        })?;
    }
    let project = Project::new(cfg);
    let cfg = &project.config;
    for r in &project.refused {
        eprintln!("E201 Invalid rule {}: {}", r.path, r.message);
    }

    let mut files: Vec<(String, Vec<Alert>)> = Vec::new();
    let non_global = cfg.global_styles.is_empty() && cfg.global_checks.is_empty();
    let lint_with = |normed: &str, settings: &FileSettings, text: &str| -> Vec<Alert> {
        project.lint(normed, text, settings, args.ignore_syntax)
    };
    let lint_text = |normed: &str, text: &str| lint_with(normed, &cfg.for_file(normed), text);
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
    let glob = config::glob(&args.glob).map_err(|e| Error::Usage(format!("--glob: {e}")))?;
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
                let settings = cfg.for_file(&shown);
                // Without global styles, Vale walks only into the files a section names.
                if non_global && settings.styles.is_empty() && settings.checks.is_empty() {
                    continue;
                }
                let Ok(bytes) = std::fs::read(&file) else {
                    continue;
                };
                let text = text_of(&bytes);
                files.push((shown.clone(), lint_with(&shown, &settings, &text)));
            }
        } else if p.is_file() {
            let bytes = std::fs::read(p).map_err(|error| Error::Io {
                path: arg.clone(),
                error,
            })?;
            let text = text_of(&bytes);
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
    // The command ends the process: the rules' compiled patterns and the alerts are many small
    // allocations, which took a few percent of a run to free one by one.
    let refused = !project.refused.is_empty();
    std::mem::forget(project);
    std::mem::forget(files);
    Ok(if refused {
        EXIT_ERROR
    } else if errors && !args.no_exit {
        EXIT_FINDINGS
    } else {
        0
    })
}

/// A file's text, its invalid UTF-8 replaced. Validated first by `str::from_utf8`, which
/// reads ASCII a word at a time: `from_utf8_lossy` alone took 5 ms over 20 MB, a thirtieth of
/// linting them with one rule.
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
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
