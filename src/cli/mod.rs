//! The command-line front end: argument handling, file discovery, exit codes.
//!
//! Exit codes: 0 nothing at or above the failing level; 1 findings at or above it; 2 copydesk
//! could not do its job (bad arguments, bad rule file, unreadable path).

mod args;
mod corpus;
mod inputs;
mod pipeline;
mod progress;
mod replace;

pub use args::{
    CheckArgs, Cli, ColorChoice, Command, FailOn, InitArgs, InputFormat, Markup, RuleOptions,
};
pub use inputs::{DEFAULT_EXTENSIONS, Input, collect};

use crate::config::{CONFIG_NAMES, STARTER, Selection, Settings};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::error::Error;
use crate::escape;
use crate::linter::Linter;
use crate::output::{FileReport, Format, ReportWriter, RuleInfo, Summary};
use crate::source::SourceFile;
use crate::workspace::{Resolved, Workspace};
use codespan_reporting::term::termcolor::{self, StandardStream, WriteColor};
use progress::{Progress, Unit};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::Path;

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
        Command::Rules(args) if args.patterns => patterns(&args.rule_options),
        Command::Rules(args) => rules(&args.rule_options, args.test),
        Command::Explain(args) => explain(&args.rule_options, &args.rule),
        Command::Init(args) => init(&args.dir),
        Command::Eval(args) => eval(&args.rule_options, &args.dir),
        Command::Stats(args) => stats(&args),
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
    // The process exits when this returns: the compiled rules are left for it to reclaim at
    // once instead of being freed an allocation at a time (~1 M instructions, a thirtieth of
    // linting one small article).
    let mut workspace = std::mem::ManuallyDrop::new(workspace(&args.rule_options, cli_selection));
    if args.input_format == InputFormat::Jsonl {
        return corpus::check(&args, &mut workspace);
    }
    let format = args.format.unwrap_or(Format::Rich);
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(Error::Usage(
                "no paths given (use `-` to read standard input)".into(),
            ));
        }
        paths.push("-".into());
    }
    let (mut inputs, walk_errors) = collect(&paths, &args.globs)?;
    if let Some(output) = &args.output {
        inputs::keep_output_apart(output, &paths, &mut inputs)?;
    }
    if args.fix && !args.diff {
        replace::clean_up_on_signals();
    }
    let threads = pipeline::thread_count(args.threads);
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "-".to_string());
    // Configurations are resolved (and their errors reported) before anything is linted; the
    // settings of each file are worked out by the thread that lints it.
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let path = input_path(&input, args.stdin_filename.as_deref());
        let resolved = workspace.resolve(path)?;
        if path.is_some_and(|p| resolved.config.excludes(p)) {
            continue;
        }
        jobs.push((input, resolved));
    }
    let fixing = (args.fix || args.diff).then_some(if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    });
    // With --fix on standard input the fixed text goes to stdout, so the report goes to stderr.
    let stdin_fixed = args.fix && !args.diff && jobs.iter().any(|(i, _)| *i == Input::Stdin);
    let rule_infos = match jobs.first() {
        Some((_, resolved)) => RuleInfo::all(&resolved.linter),
        None => RuleInfo::all(&workspace.resolve(None)?.linter),
    };

    let stderr_is_terminal = std::io::stderr().is_terminal();
    let stdout_is_terminal = std::io::stdout().is_terminal() && !stdin_fixed;
    let mut stderr = StandardStream::stderr(color_choice(args.color, stderr_is_terminal));
    for e in &walk_errors {
        let (path, message) = (shown(&e.path, format), shown(&e.message, format));
        let _ = writeln!(stderr, "error: {path}: {message}");
    }
    let mut sink = ReportSink::open(&args, stdin_fixed, stdout_is_terminal, stderr_is_terminal)?;
    let mut writer = ReportWriter::new(format, &rule_infos);
    sink.write(|out| writer.begin(out));

    let mut progress = Progress::new(Unit::Files(jobs.len() as u64), !args.no_progress);
    let mut summary = Summary::default();
    let (mut applied, mut failing, mut failed, mut would_change) = (0, false, false, false);
    let mut stdout_error = None;
    let cli = workspace.cli_selection();
    // Threads the workers leave idle (fewer files than threads) help lint each file.
    let per_document = (threads / jobs.len().max(1)).max(1);
    let lint = |(input, resolved): (Input, std::sync::Arc<Resolved>)| {
        let path = input_path(&input, args.stdin_filename.as_deref());
        let mut settings = resolved.settings(path, cli);
        settings.threads = per_document;
        let (report, change) = lint_input(
            &resolved.linter,
            &settings,
            &input,
            &stdin_name,
            args.max_filesize,
            fixing,
        );
        let fail_level = args.fail_on.map_or(settings.fail_on, FailOn::level);
        (input, report, change, fail_level)
    };
    let workers = threads.min(jobs.len()).max(1);
    let window = threads * pipeline::WINDOW_PER_THREAD;
    pipeline::ordered_map(workers, window, jobs.into_iter(), lint, |result| {
        let (input, mut report, change, fail_level) = result;
        if let Some(change) = change {
            match write_change(&input, &mut report, change, args.diff) {
                Ok(written) => {
                    applied += written.applied;
                    would_change |= written.changed;
                }
                // Nobody reads the fixed text any more: like a closed report, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                // Standard output failed, not the input: reported as such, and nothing more is
                // written.
                Err(e) => stdout_error = Some(e),
            }
        }
        let mut counts = Summary::default();
        counts.add(&report);
        summary.add(&report);
        failing |= counts.fails(fail_level);
        failed |= report.failed;
        if let Some(note) = &report.skipped {
            let kind = if report.failed { "error" } else { "note" };
            progress
                .suspend(|| {
                    let (path, note) = (shown(&report.path, format), shown(note, format));
                    writeln!(stderr, "{kind}: {path}: {note}")
                })
                .ok();
        }
        if report.diagnostics.is_empty() || !sink.to_terminal {
            sink.write(|out| writer.report(&report, out));
        } else {
            progress.suspend(|| sink.write(|out| writer.report(&report, out)));
        }
        progress.advance(1);
        // Nobody reads the report any more (`| head`): stop, unless files are being fixed.
        if sink.error.is_some() || stdout_error.is_some() || (sink.closed && fixing.is_none()) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    progress.finish();
    sink.write(|out| writer.finish(out).map(drop));
    sink.close()?;
    if let Some(error) = stdout_error {
        return Err(Error::Io {
            path: "<stdout>".into(),
            error,
        });
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
    let summary_to_stderr = match args.output {
        // The report went to a file: whoever watches the terminal still wants the counts.
        Some(_) => stderr_is_terminal,
        None => format != Format::Rich && format != Format::Json && stdout_is_terminal,
    };
    if summary_to_stderr {
        let _ = writeln!(stderr, "{summary}");
    }
    if !walk_errors.is_empty() || failed {
        return Ok(EXIT_ERROR);
    }
    Ok(if failing || (args.diff && would_change) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The path that decides an input's configuration (`None`: standard input without a name).
fn input_path<'a>(input: &'a Input, stdin_filename: Option<&'a str>) -> Option<&'a Path> {
    match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => stdin_filename.map(Path::new),
    }
}

/// What writing one input's fixes did.
struct Written {
    /// Fixes written (or, with `--diff`, that would be).
    applied: usize,
    /// The text changed (or would).
    changed: bool,
}

/// Writes what fixing one input produced: its diff (`--diff`), its text to standard output
/// (standard input, always, changed or not), or the file replaced. A refused or failed
/// replacement leaves the file as it was, turns the report back into the unfixed text's, and
/// counts no fix. The error returned is standard output's.
fn write_change(
    input: &Input,
    report: &mut FileReport,
    change: Change,
    diff: bool,
) -> std::io::Result<Written> {
    let changed = change.fixed.is_some();
    let none = Written {
        applied: 0,
        changed,
    };
    if diff {
        if let Some(fixed) = &change.fixed {
            let diff = crate::fix::unified_diff(&report.path, &change.original, fixed);
            write_stdout(diff.as_bytes())?;
        }
        return Ok(Written {
            applied: change.applied,
            changed,
        });
    }
    match input {
        Input::Stdin => {
            let mut out = std::io::stdout().lock();
            out.write_all(change.fixed.as_deref().unwrap_or(&change.original))?;
            if change.rest_unread {
                std::io::copy(&mut std::io::stdin().lock(), &mut out)?;
            }
            out.flush()?;
            Ok(Written {
                applied: change.applied,
                changed,
            })
        }
        Input::File(path) => {
            let (Some(fixed), Some(snapshot)) = (&change.fixed, &change.snapshot) else {
                return Ok(none);
            };
            match replace::replace(path, snapshot, fixed) {
                Ok(()) => Ok(Written {
                    applied: change.applied,
                    changed,
                }),
                Err(refused) => {
                    if let Some((source, diagnostics)) = change.unfixed {
                        report.source = source;
                        report.diagnostics = diagnostics;
                    }
                    report.skipped = Some(refused.to_string());
                    report.failed = true;
                    Ok(none)
                }
            }
        }
    }
}

/// `text` (a path, a note) made safe for standard error: visible control characters, and in
/// GitHub's format no workflow command either, since the runner reads standard error too.
fn shown(text: &str, format: Format) -> std::borrow::Cow<'_, str> {
    if format == Format::Github {
        escape::for_github_log(text)
    } else {
        escape::for_terminal(text)
    }
}

/// Writes to standard output directly (diffs, fixed standard input).
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Where the report goes (`-o FILE`, standard output, or standard error when standard output
/// carries fixed text), and what went wrong writing it.
struct ReportSink {
    out: Box<dyn WriteColor>,
    /// The name for errors: the `-o` path or `<stdout>`.
    name: String,
    /// The report is shown on a terminal: flushed after every file, and the progress bar is
    /// cleared while it is written.
    to_terminal: bool,
    /// The reader went away (a broken pipe): nothing more is written, and that is not an error.
    closed: bool,
    /// The first other write error.
    error: Option<std::io::Error>,
}

impl ReportSink {
    fn open(
        args: &CheckArgs,
        stdin_fixed: bool,
        stdout_is_terminal: bool,
        stderr_is_terminal: bool,
    ) -> Result<Self, Error> {
        let (out, name, to_terminal): (Box<dyn WriteColor>, String, bool) = match &args.output {
            Some(path) => {
                let file = std::fs::File::create(path).map_err(|error| Error::Io {
                    path: path.display().to_string(),
                    error,
                })?;
                let out = termcolor::NoColor::new(std::io::BufWriter::new(file));
                (Box::new(out), path.display().to_string(), false)
            }
            // --diff prints diffs, not the report.
            None if args.diff => (
                Box::new(termcolor::NoColor::new(std::io::sink())),
                String::new(),
                false,
            ),
            None if stdin_fixed => {
                let choice = color_choice(args.color, stderr_is_terminal);
                let out = termcolor::BufferedStandardStream::stderr(choice);
                (Box::new(out), "<stderr>".into(), stderr_is_terminal)
            }
            None => {
                let choice = color_choice(args.color, stdout_is_terminal);
                let out = termcolor::BufferedStandardStream::stdout(choice);
                (Box::new(out), "<stdout>".into(), stdout_is_terminal)
            }
        };
        Ok(ReportSink {
            out,
            name,
            to_terminal,
            closed: false,
            error: None,
        })
    }

    /// Runs one write unless the report is closed or broken, and remembers how it failed.
    fn write(&mut self, f: impl FnOnce(&mut dyn WriteColor) -> std::io::Result<()>) {
        if self.closed || self.error.is_some() {
            return;
        }
        let mut result = f(&mut *self.out);
        if self.to_terminal {
            result = result.and_then(|()| self.out.flush());
        }
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
            Err(e) => self.error = Some(e),
        }
    }

    /// Flushes the report; a write error other than a broken pipe is copydesk's error.
    fn close(mut self) -> Result<(), Error> {
        self.write(|out| out.flush());
        match self.error {
            Some(error) => Err(Error::Io {
                path: self.name,
                error,
            }),
            None => Ok(()),
        }
    }
}

/// What fixing one input did.
#[derive(Debug)]
pub struct Change {
    /// The bytes read.
    pub original: Vec<u8>,
    /// The fixed bytes, when a fix applied.
    pub fixed: Option<Vec<u8>>,
    /// Fixes applied, over all passes.
    pub applied: usize,
    /// The file's stamps when it was read (files only), checked again before it is replaced.
    snapshot: Option<replace::Snapshot>,
    /// The original text's source and diagnostics, when a fix applied: the report when the fixed
    /// text is not written.
    unfixed: Option<(Option<SourceFile>, Vec<Diagnostic>)>,
    /// Standard input was not read to its end (binary, too large): `--fix -` passes the rest
    /// through after `original`.
    pub rest_unread: bool,
}

impl Change {
    /// Standard input passed through as it was read.
    fn unchanged(original: Vec<u8>, rest_unread: bool) -> Self {
        Change {
            original,
            fixed: None,
            applied: 0,
            snapshot: None,
            unfixed: None,
            rest_unread,
        }
    }
}

/// Reads (at most `max_filesize` bytes) and lints one input, fixing it in memory when `fix`
/// asks for it; never panics on its content.
///
/// When fixing, a file is read only if it is a regular file (with the stamps that guard its
/// replacement), and standard input always yields a [`Change`], so that `--fix -` writes back
/// every byte it was given even when it lints nothing.
pub fn lint_input(
    linter: &Linter,
    settings: &Settings,
    input: &Input,
    stdin_name: &str,
    max_filesize: u64,
    fix: Option<Applicability>,
) -> (FileReport, Option<Change>) {
    let path = match input {
        Input::Stdin => stdin_name.to_string(),
        // A name that is not UTF-8 is shown lossily; the file is still read by its real name.
        Input::File(p) => p.display().to_string(),
    };
    let skipped = |note: String, failed: bool| FileReport {
        path: path.clone(),
        source: None,
        diagnostics: Vec::new(),
        skipped: Some(note),
        failed,
    };
    let (bytes, snapshot) = match (input, fix) {
        (Input::File(p), Some(_)) => match replace::read_for_fix(p, max_filesize) {
            Ok(read) => (read.bytes, Some(read.snapshot)),
            Err(e) => return (skipped(e.to_string(), !e.is_note()), None),
        },
        (Input::Stdin, Some(_)) => {
            let mut bytes = Vec::new();
            match inputs::read_stdin(max_filesize, &mut bytes) {
                Ok(()) => (bytes, None),
                Err(e) => {
                    let failed = matches!(e, inputs::ReadError::Io(_));
                    let change = Change::unchanged(bytes, !failed);
                    return (skipped(e.to_string(), failed), Some(change));
                }
            }
        }
        (_, None) => match inputs::read(input, max_filesize) {
            Ok(bytes) => (bytes, None),
            Err(e) => {
                let failed = matches!(e, inputs::ReadError::Io(_));
                return (skipped(e.to_string(), failed), None);
            }
        },
    };
    if let Some(not_text) = crate::source::not_text(&bytes) {
        let pass_through = *input == Input::Stdin && fix.is_some();
        let change = pass_through.then(|| Change::unchanged(bytes, true));
        return (skipped(not_text.to_string(), false), change);
    }
    let source = match SourceFile::new(path.clone(), bytes) {
        Ok(source) => source,
        Err(not_text) => return (skipped(not_text.to_string(), false), None),
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
    let changed = fixed.bytes != source.bytes();
    let unfixed = fixed
        .unfixed
        .map(|diagnostics| (Some(source.clone()), diagnostics));
    let change = Change {
        original: source.bytes().to_vec(),
        fixed: changed.then_some(fixed.bytes),
        applied: fixed.applied,
        snapshot,
        unfixed,
        rest_unread: false,
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

/// Prints the patterns of every loaded rule for `rg -f`: literals escaped (`(?i)` when they
/// ignore case), regexes as written, one per line, each once. Word boundaries, exceptions and the
/// checks' own logic are not part of it: this is the matching work of one pass, not the linter.
fn patterns(options: &RuleOptions) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let mut seen = std::collections::HashSet::new();
    let named_group = regex::Regex::new(r"\(\?P?<[A-Za-z_][A-Za-z0-9_]*>").expect("valid regex");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for rule in resolved.linter.rules() {
        let patterns = rule.check.patterns();
        let literals = patterns.literals.iter().map(|l| {
            let escaped = regex_syntax::escape(&l.text);
            if l.ignorecase {
                format!("(?i){escaped}")
            } else {
                escaped
            }
        });
        // rg joins the patterns into one regex, where a group name may occur once; the groups
        // only narrow reports, so they become plain groups.
        let regexes = patterns
            .regexes
            .iter()
            .map(|r| named_group.replace_all(r, "(?:").into_owned());
        for pattern in literals.chain(regexes) {
            // A pattern file holds one pattern per line.
            if !pattern.contains('\n') && seen.insert(pattern.clone()) {
                let _ = writeln!(out, "{pattern}");
            }
        }
    }
    let _ = out.flush();
    Ok(EXIT_OK)
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
    let description = escape::for_terminal_lines(rule.description.trim_end());
    let _ = writeln!(out, "{description}");
    if let Some(link) = &rule.link {
        let _ = writeln!(out, "\nMore: {}", escape::for_terminal(link));
    }
    let _ = writeln!(out, "\nMessage: {}", escape::for_terminal(&rule.message));
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
    println!(
        "wrote {}",
        escape::for_terminal(&path.display().to_string())
    );
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

/// `copydesk stats`: one JSON line per input with its statistics.
fn stats(args: &args::StatsArgs) -> Result<i32, Error> {
    let paths = if args.paths.is_empty() {
        vec!["-".into()]
    } else {
        args.paths.clone()
    };
    let (inputs, walk_errors) = collect(&paths, &args.globs)?;
    let mut workspace = workspace(&args.rule_options, Selection::default());
    let mut out = std::io::stdout().lock();
    let mut failed = !walk_errors.is_empty();
    for e in &walk_errors {
        eprintln!(
            "error: {}: {}",
            escape::for_terminal(&e.path),
            escape::for_terminal(&e.message)
        );
    }
    for input in &inputs {
        let path = match input {
            Input::File(p) => Some(p.as_path()),
            Input::Stdin => None,
        };
        let resolved = workspace.resolve(path)?;
        let settings = resolved.settings(path, workspace.cli_selection());
        let (report, _) = lint_input(
            &resolved.linter,
            &settings,
            input,
            "-",
            inputs::DEFAULT_MAX_FILESIZE,
            None,
        );
        let Some(source) = &report.source else {
            eprintln!(
                "{}: {}",
                escape::for_terminal(&report.path),
                escape::for_terminal(report.skipped.as_deref().unwrap_or("skipped"))
            );
            failed |= report.failed;
            continue;
        };
        let stats = crate::stats::stats(source.text(), &report.diagnostics);
        let record = serde_json::json!({"path": report.path, "stats": stats});
        if writeln!(out, "{record}").is_err() {
            break;
        }
    }
    Ok(if failed { EXIT_ERROR } else { EXIT_OK })
}
