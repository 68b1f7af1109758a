//! The command-line front end: argument handling, file discovery, exit codes.
//!
//! Exit codes: 0 nothing at or above the failing level; 1 findings at or above it; 2 copydesk
//! could not do its job (bad arguments, bad rule file, unreadable path).

mod args;
mod inputs;

pub use args::{CheckArgs, Cli, ColorChoice, Command, FailOn, InitArgs, RuleOptions};
pub use inputs::{DEFAULT_EXTENSIONS, Input, collect};

use crate::config::{CONFIG_NAMES, STARTER, Selection, Settings};
use crate::diagnostic::Applicability;
use crate::error::Error;
use crate::linter::Linter;
use crate::output::{self, FileReport, Format, RuleInfo, Summary};
use crate::source::SourceFile;
use crate::workspace::{Resolved, Workspace};
use codespan_reporting::term::termcolor::{self, StandardStream, WriteColor};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

/// Exit code: no findings at the failing level.
pub const EXIT_OK: i32 = 0;
/// Exit code: findings at or above the failing level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: copydesk could not do its job.
pub const EXIT_ERROR: i32 = 2;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let color = match &cli.command {
        Command::Check(a) => a.color,
        _ => ColorChoice::Auto,
    };
    let mut stderr = StandardStream::stderr(color_choice(color, std::io::stderr().is_terminal()));
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(&args.rule_options, args.test),
        Command::Explain(args) => explain(&args.rule_options, &args.rule),
        Command::Init(args) => init(&args.dir),
        Command::Eval(args) => eval(&args.rule_options, &args.dir),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            report_error(&e, &mut stderr);
            EXIT_ERROR
        }
    }
}

fn report_error(e: &Error, out: &mut dyn WriteColor) {
    match e {
        Error::Files(errors) => {
            for fe in errors {
                let _ = fe.render(out);
            }
        }
        other => {
            let _ = writeln!(out, "error: {other}");
        }
    }
}

fn color_choice(choice: ColorChoice, is_terminal: bool) -> termcolor::ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => termcolor::ColorChoice::Always,
        ColorChoice::Never => termcolor::ColorChoice::Never,
        ColorChoice::Auto if is_terminal && !no_color => termcolor::ColorChoice::Auto,
        ColorChoice::Auto => termcolor::ColorChoice::Never,
    }
}

/// The workspace of a command: its rule directories, `--config` and command-line selection.
fn workspace(options: &RuleOptions, cli: Selection) -> Workspace {
    Workspace::new(options.rules.clone(), cli, options.config.clone())
}

/// The rules that apply in the current folder (for `rules` and `explain`).
fn current_linter(options: &RuleOptions) -> Result<std::sync::Arc<Resolved>, Error> {
    workspace(options, Selection::default()).resolve(None)
}

fn check(args: CheckArgs) -> Result<i32, Error> {
    let cli_selection = Selection {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        ignore: args.ignore.clone(),
        levels: Default::default(),
    };
    let mut workspace = workspace(&args.rule_options, cli_selection);
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(Error::Usage(
                "no paths given (use `-` to read standard input)".into(),
            ));
        }
        paths.push("-".into());
    }
    let (inputs, walk_errors) = collect(&paths, &args.globs)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(e.to_string()))?;
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "-".to_string());
    // Configurations are resolved (and their errors reported) before anything is linted.
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let path = match &input {
            Input::File(p) => Some(p.as_path()),
            Input::Stdin => args.stdin_filename.as_deref().map(std::path::Path::new),
        };
        let resolved = workspace.resolve(path)?;
        if path.is_some_and(|p| resolved.config.excludes(p)) {
            continue;
        }
        let settings = resolved.settings(path, workspace.cli_selection());
        jobs.push((input, resolved, settings));
    }
    let fixing = (args.fix || args.diff).then_some(if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    });
    let results: Vec<(FileReport, Option<Change>)> = pool.install(|| {
        jobs.par_iter()
            .map(|(input, resolved, settings)| {
                lint_input(&resolved.linter, settings, input, &stdin_name, fixing)
            })
            .collect()
    });
    let (mut reports, changes): (Vec<FileReport>, Vec<Option<Change>>) =
        results.into_iter().unzip();
    // With --fix on standard input the fixed text goes to stdout, so the report goes to stderr.
    let stdin_fixed = args.fix && !args.diff && jobs.iter().any(|(i, _, _)| *i == Input::Stdin);
    let mut applied = 0;
    for ((report, change), (input, _, _)) in reports.iter_mut().zip(&changes).zip(&jobs) {
        let Some(change) = change else { continue };
        applied += change.applied;
        if change.fixed == change.original {
            continue;
        }
        let outcome = match input {
            _ if args.diff => {
                print!(
                    "{}",
                    crate::fix::unified_diff(&report.path, &change.original, &change.fixed)
                );
                Ok(())
            }
            Input::Stdin => std::io::stdout()
                .write_all(&change.fixed)
                .map_err(crate::fix::WriteError::Io),
            Input::File(path) => {
                crate::fix::write_if_unchanged(path, &change.original, &change.fixed)
            }
        };
        if let Err(e) = outcome {
            report.skipped = Some(e.to_string());
            report.failed = true;
        }
    }
    let fail_on = |settings: &Settings| args.fail_on.map_or(settings.fail_on, FailOn::level);
    let failing = reports.iter().zip(&jobs).any(|(report, (_, _, settings))| {
        Summary::of(std::slice::from_ref(report)).fails(fail_on(settings))
    });
    let rule_infos = match jobs.first() {
        Some((_, resolved, _)) => RuleInfo::all(&resolved.linter),
        None => RuleInfo::all(&workspace.resolve(None)?.linter),
    };

    let stdout_is_terminal = std::io::stdout().is_terminal() && !stdin_fixed;
    let mut stdout = if stdin_fixed {
        StandardStream::stderr(color_choice(args.color, std::io::stderr().is_terminal()))
    } else {
        StandardStream::stdout(color_choice(args.color, stdout_is_terminal))
    };
    let mut stderr =
        StandardStream::stderr(color_choice(args.color, std::io::stderr().is_terminal()));
    for e in &walk_errors {
        let _ = writeln!(stderr, "error: {}: {}", e.path, e.message);
    }
    for r in &reports {
        if let Some(note) = &r.skipped {
            let kind = if r.failed { "error" } else { "note" };
            let _ = writeln!(stderr, "{kind}: {}: {note}", r.path);
        }
    }
    if fixing.is_some() {
        let verb = if args.diff {
            "would be applied"
        } else {
            "applied"
        };
        let _ = writeln!(
            stderr,
            "{applied} fix{} {verb}",
            if applied == 1 { "" } else { "es" }
        );
    }
    match &args.output {
        Some(file) => write_report_file(file, args.format, &reports, &rule_infos)?,
        None if args.diff => {}
        None => {
            if let Err(e) = output::write(args.format, &reports, &rule_infos, &mut stdout)
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(Error::Io {
                    path: "<stdout>".into(),
                    error: e,
                });
            }
        }
    }
    let summary = Summary::of(&reports);
    let summary_to_stderr = match args.output {
        // The report went to a file: whoever watches the terminal still wants the counts.
        Some(_) => std::io::stderr().is_terminal(),
        None => args.format != Format::Rich && args.format != Format::Json && stdout_is_terminal,
    };
    if summary_to_stderr {
        let _ = writeln!(stderr, "{summary}");
    }
    if !walk_errors.is_empty() || reports.iter().any(|r| r.failed) {
        return Ok(EXIT_ERROR);
    }
    let would_change = args.diff && changes.iter().flatten().any(|c| c.fixed != c.original);
    Ok(if failing || would_change {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// What fixing one input did.
#[derive(Debug)]
pub struct Change {
    pub original: Vec<u8>,
    pub fixed: Vec<u8>,
    pub applied: usize,
}

/// Writes the report to `path` (`--output`), without colours.
fn write_report_file(
    path: &std::path::Path,
    format: Format,
    reports: &[FileReport],
    rules: &[RuleInfo],
) -> Result<(), Error> {
    let io_error = |error| Error::Io {
        path: path.display().to_string(),
        error,
    };
    let file = std::fs::File::create(path).map_err(io_error)?;
    let mut out = termcolor::NoColor::new(std::io::BufWriter::new(file));
    output::write(format, reports, rules, &mut out).map_err(io_error)?;
    out.into_inner().flush().map_err(io_error)
}

/// Reads and lints one input (fixing it in memory when `fix` asks for it); never panics on its
/// content.
pub fn lint_input(
    linter: &Linter,
    settings: &Settings,
    input: &Input,
    stdin_name: &str,
    fix: Option<Applicability>,
) -> (FileReport, Option<Change>) {
    let (path, bytes) = match input {
        Input::Stdin => (stdin_name.to_string(), inputs::read_stdin()),
        Input::File(p) => (p.display().to_string(), std::fs::read(p)),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            let report = FileReport {
                path,
                source: None,
                diagnostics: Vec::new(),
                skipped: Some(e.to_string()),
                failed: true,
            };
            return (report, None);
        }
    };
    let source = match SourceFile::new(path.clone(), bytes) {
        Ok(source) => source,
        Err(not_text) => {
            let report = FileReport {
                path,
                source: None,
                diagnostics: Vec::new(),
                skipped: Some(not_text.to_string()),
                failed: false,
            };
            return (report, None);
        }
    };
    let Some(level) = fix else {
        let diagnostics = linter.lint_with(&source, settings);
        let report = FileReport {
            path,
            source: Some(source),
            diagnostics,
            skipped: None,
            failed: false,
        };
        return (report, None);
    };
    let fixed = crate::fix::fix_source(linter, settings, &source, level);
    let change = Change {
        original: source.bytes().to_vec(),
        fixed: fixed.bytes,
        applied: fixed.applied,
    };
    let report = FileReport {
        path,
        source: fixed.source,
        diagnostics: fixed.remaining,
        skipped: None,
        failed: false,
    };
    (report, Some(change))
}

fn rules(options: &RuleOptions, test: bool) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let linter = &resolved.linter;
    let mut out = std::io::stdout().lock();
    if !test {
        let mut rows: Vec<(String, String, &str, String)> = linter
            .rules()
            .iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    r.severity.to_string(),
                    r.kind.as_str(),
                    first_sentence(&r.description),
                )
            })
            .collect();
        rows.push((
            crate::linter::INVALID_UTF8.into(),
            "error".into(),
            "built in",
            "Bytes that are not valid UTF-8.".into(),
        ));
        rows.push((
            crate::suppress::UNUSED_SUPPRESSION.into(),
            "warning".into(),
            "built in",
            "A suppression comment that suppresses nothing.".into(),
        ));
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        for (id, level, kind, summary) in rows {
            let _ = writeln!(out, "{id:<width$}  {level:<10}  {kind:<14}  {summary}");
        }
        return Ok(EXIT_OK);
    }
    let failures = test_examples(linter);
    for f in &failures {
        let _ = writeln!(out, "{f}");
    }
    let examples: usize = linter
        .rules()
        .iter()
        .map(|r| r.examples.fire.len() + r.examples.pass.len())
        .sum();
    let _ = writeln!(
        out,
        "{} rules, {examples} examples: {} failed",
        linter.rules().len(),
        failures.len()
    );
    Ok(if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

/// Runs every rule's examples; returns one line per example that misbehaves.
pub fn test_examples(linter: &Linter) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in linter.rules() {
        let fires = |text: &str| linter.lint_str(text).iter().any(|d| d.rule == rule.id);
        if rule.examples.fire.is_empty() {
            failures.push(format!("{}: no `fire` examples", rule.id));
        }
        for text in &rule.examples.fire {
            if !fires(text) {
                failures.push(format!("{}: does not fire on {text:?}", rule.id));
            }
        }
        for text in &rule.examples.pass {
            if fires(text) {
                failures.push(format!("{}: fires on {text:?}", rule.id));
            }
        }
    }
    failures
}

fn explain(options: &RuleOptions, id: &str) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let linter = &resolved.linter;
    let Some(rule) = linter.rule(id) else {
        return Err(Error::Usage(format!(
            "no rule `{id}` (see `copydesk rules`)"
        )));
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} ({}, extends {})\n",
        rule.id,
        rule.severity,
        rule.kind.as_str()
    );
    let _ = writeln!(out, "{}", rule.description.trim_end());
    if let Some(link) = &rule.link {
        let _ = writeln!(out, "\nMore: {link}");
    }
    let _ = writeln!(out, "\nMessage: {}", rule.message);
    let show = |out: &mut dyn Write, title: &str, texts: &[String]| {
        if !texts.is_empty() {
            let _ = writeln!(out, "\n{title}:");
            for t in texts {
                let _ = writeln!(out, "  {t:?}");
            }
        }
    };
    show(&mut out, "Fires on", &rule.examples.fire);
    show(&mut out, "Stays silent on", &rule.examples.pass);
    Ok(EXIT_OK)
}

/// Writes the starter configuration; an existing file is never overwritten.
fn init(dir: &std::path::Path) -> Result<i32, Error> {
    if let Some(existing) = CONFIG_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
    {
        return Err(Error::Usage(format!(
            "{} already exists; not overwritten",
            existing.display()
        )));
    }
    let path = dir.join(CONFIG_NAMES[0]);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|error| Error::Io {
            path: path.display().to_string(),
            error,
        })?;
    file.write_all(STARTER.as_bytes())
        .map_err(|error| Error::Io {
            path: path.display().to_string(),
            error,
        })?;
    println!("wrote {}", path.display());
    Ok(EXIT_OK)
}

fn eval(options: &RuleOptions, dir: &std::path::Path) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let report = crate::eval::evaluate(&resolved.linter, dir)?;
    print!("{}", report.render());
    Ok(EXIT_OK)
}

/// The first sentence of a description, on one line.
fn first_sentence(description: &str) -> String {
    let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_string(),
        None => flat,
    }
}
