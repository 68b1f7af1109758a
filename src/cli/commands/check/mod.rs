//! `copydesk check`: lint files, directories or standard input (file mode), or the documents of
//! a JSONL corpus ([`corpus`] mode).
//!
//! File mode, in order: the inputs are collected and their configurations resolved
//! ([`plan`]); the report's sink and emitter opened; the inputs linted (and fixed) on worker
//! threads and reported in input order ([`Tally::take`]); then the closing lines and the
//! [`Outcome`].

mod corpus;
mod fixes;
mod input;
mod outcome;
mod sink;

pub use input::{Change, lint_input};

use crate::cli::args::{CheckArgs, InputFormat};
use crate::cli::inputs::{self, Input, WalkError, collect};
use crate::cli::progress::{Progress, Unit};
use crate::cli::{color_choice, pipeline, replace, workspace};
use crate::config::{FailLevel, Selection, Settings};
use crate::diagnostic::{Applicability, Severity};
use crate::error::Error;
use crate::escape;
use crate::markup::HtmlScope;
use crate::output::{FileReport, Format, ReportWriter, RuleInfo, Summary, display_path};
use crate::workspace::{Resolved, Workspace};
use codespan_reporting::term::termcolor::StandardStream;
use fixes::write_change;
use outcome::{Outcome, Shown};
use sink::ReportSink;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs `check` and returns its exit code.
pub fn run(args: CheckArgs) -> Result<i32, Error> {
    let cli_selection = Selection {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        ignore: args.ignore.clone(),
        levels: Default::default(),
        language: args.language,
    };
    html_options(&args, &HtmlScope::default())?;
    if args.unsafe_fixes && !args.fix && !args.diff {
        return Err(Error::Usage(
            "--unsafe-fixes only applies with --fix or --diff".into(),
        ));
    }
    if args.diff && args.fail_on.is_some() {
        return Err(Error::Usage(
            "--fail-on does not apply with --diff, whose exit code says whether something \
             would change"
                .into(),
        ));
    }
    // The process exits when this returns: the compiled rules are left for it to reclaim at
    // once instead of being freed an allocation at a time.
    let mut workspace = std::mem::ManuallyDrop::new(workspace(&args.rule_options, cli_selection));
    match args.input_format {
        InputFormat::Jsonl => corpus::run(&args, &mut workspace),
        InputFormat::Files => check_files(&args, &mut workspace),
    }
}

/// The settings of one input with `--max-findings-per-rule`, `--html-root` and `--html-skip`,
/// when given, over the configuration's (checked by [`html_options`] before any input is read).
fn apply_cap(args: &CheckArgs, settings: &mut Settings) {
    if let Some(n) = args.max_findings_per_rule {
        settings.max_findings_per_rule = crate::config::cap(n);
    }
    if (!args.html_root.is_empty() || !args.html_skip.is_empty())
        && let Ok(scope) = html_options(args, &settings.html)
    {
        settings.html = Arc::new(scope);
    }
}

/// The HTML scope `--html-root` and `--html-skip` make of `base`; an empty value of either
/// (`--html-root ''`) empties its list.
fn html_options(args: &CheckArgs, base: &HtmlScope) -> Result<HtmlScope, Error> {
    let list = |values: &[String]| {
        (!values.is_empty()).then(|| {
            values
                .iter()
                .filter(|v| !v.is_empty())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    base.clone()
        .with(
            list(&args.html_root).as_deref(),
            list(&args.html_skip).as_deref(),
        )
        .map_err(|(_, message)| Error::Usage(message))
}

/// Refuses the options of file mode that would do nothing with these `paths`: an option that
/// is silently ignored lets a user believe it did its job (`--markup md` given with a file, which
/// is read as its extension says).
fn refuse_idle_options(args: &CheckArgs, paths: &[PathBuf]) -> Result<(), Error> {
    let corpus_only = [
        ("--text-field", args.text_field.is_some()),
        ("--id-field", args.id_field.is_some()),
    ];
    if let Some((option, _)) = corpus_only.iter().find(|(_, given)| *given) {
        return Err(Error::Usage(format!(
            "{option} only applies with --input-format jsonl"
        )));
    }
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(());
    }
    if args.markup.is_some() {
        return Err(Error::Usage(
            "--markup only applies to standard input (`-`); files are read as their extension \
             says (.md and .markdown: Markdown, .html and .htm: HTML, others: text)"
                .into(),
        ));
    }
    if args.stdin_filename.is_some() {
        return Err(Error::Usage(
            "--stdin-filename names standard input (`-`), which is not among the inputs".into(),
        ));
    }
    Ok(())
}

/// The lowest severity that fails the run: `--fail-on`, else the configuration's `fail-on`.
fn fail_level(args: &CheckArgs, settings: &Settings) -> Option<Severity> {
    args.fail_on.map_or(settings.fail_on, FailLevel::severity)
}

/// One input and the configuration that applies to it.
type Job = (Input, Arc<Resolved>);

/// File mode.
fn check_files(args: &CheckArgs, workspace: &mut Workspace) -> Result<i32, Error> {
    let format = args.format.unwrap_or(Format::Rich);
    let (jobs, walk_errors) = plan(args, workspace)?;
    if args.fix && !args.diff {
        replace::clean_up_on_signals();
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
        let (path, message) = (
            shown(display_path(&e.path), format),
            shown(&e.message, format),
        );
        let _ = writeln!(stderr, "error: {path}: {message}");
    }
    // A Vale rule that could not be loaded is reported, and fails the run, while the others run.
    let mut projects: Vec<&crate::vale::project::Project> = Vec::new();
    let mut refused = false;
    for (_, resolved) in &jobs {
        let Some(vale) = resolved.linter.vale() else {
            continue;
        };
        if projects.iter().any(|p| std::ptr::eq(*p, vale)) {
            continue;
        }
        projects.push(vale);
        for r in &vale.refused {
            let (path, message) = (shown(&r.path, format), shown(&r.message, format));
            let _ = writeln!(stderr, "error: {path}: {message}");
            refused = true;
        }
    }
    let mut sink = ReportSink::open(args, stdin_fixed, stdout_is_terminal, stderr_is_terminal)?;
    let mut writer = ReportWriter::new(format, &rule_infos);
    sink.write(|out| writer.begin(out));

    let mut tally = Tally {
        format,
        fixing,
        diff: args.diff,
        progress: Progress::new(Unit::Files(jobs.len() as u64), !args.no_progress),
        stderr: &mut stderr,
        sink: &mut sink,
        writer: &mut writer,
        summary: Summary::default(),
        applied: 0,
        failing: false,
        failed: false,
        would_change: false,
        stdout_error: None,
    };
    let threads = pipeline::thread_count(args.threads);
    let cli = workspace.cli_selection();
    // Threads the workers leave idle (fewer files than threads) help lint each file.
    let per_document = (threads / jobs.len().max(1)).max(1);
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("-");
    let lint = |(input, resolved): Job| {
        let path = input_path(&input, args.stdin_filename.as_deref());
        let mut settings = resolved.settings(path, cli);
        settings.threads = per_document;
        apply_cap(args, &mut settings);
        if input == Input::Stdin {
            // `--markup` wins; else the extension of `--stdin-filename`, the name it is linted
            // under, decides, as for a file.
            settings.markup = args.markup;
        }
        let (report, change) = lint_input(
            &resolved.linter,
            &settings,
            &input,
            stdin_name,
            args.max_filesize,
            fixing,
        );
        let fail_level = fail_level(args, &settings);
        Linted {
            input,
            report,
            change,
            fail_level,
        }
    };
    let workers = threads.min(jobs.len()).max(1);
    let window = threads * pipeline::WINDOW_PER_THREAD;
    pipeline::ordered_map(workers, window, jobs.into_iter(), lint, |linted| {
        tally.take(linted)
    });
    tally.progress.finish();
    let Tally {
        summary,
        applied,
        failing,
        failed,
        would_change,
        stdout_error,
        ..
    } = tally;
    sink.write(|out| writer.finish(out).map(drop));
    sink.close()?;
    if let Some(error) = stdout_error {
        return Err(Error::Io {
            path: crate::cli::STDOUT.into(),
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
    let outcome = Outcome {
        summary: summary.to_string(),
        failing,
        would_change: args.diff.then_some(would_change),
        errors: !walk_errors.is_empty() || failed || refused,
    };
    let shown = Shown {
        to_file: args.output.is_some(),
        format,
        stdout_is_terminal,
        stderr_is_terminal,
    };
    Ok(outcome.finish(&shown, &mut stderr))
}

/// The inputs of file mode with their configurations (resolved, and their errors reported,
/// before anything is linted; each file's settings are worked out by the thread that lints it),
/// without those the configuration excludes; and the paths that could not be walked.
fn plan(args: &CheckArgs, workspace: &mut Workspace) -> Result<(Vec<Job>, Vec<WalkError>), Error> {
    let paths = paths_or_stdin(args)?;
    refuse_idle_options(args, &paths)?;
    let (mut inputs, walk_errors) = collect(&paths, &args.globs)?;
    if let Some(output) = &args.output {
        inputs::keep_output_apart(output, &paths, &mut inputs)?;
    }
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let path = input_path(&input, args.stdin_filename.as_deref());
        let resolved = workspace.resolve(path)?;
        if path.is_some_and(|p| resolved.config.excludes(p)) {
            continue;
        }
        jobs.push((input, resolved));
    }
    Ok((jobs, walk_errors))
}

/// The paths given, or `-` when none are and standard input is piped.
fn paths_or_stdin(args: &CheckArgs) -> Result<Vec<PathBuf>, Error> {
    if !args.paths.is_empty() {
        return Ok(args.paths.clone());
    }
    if std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "no paths given (use `-` to read standard input)".into(),
        ));
    }
    Ok(vec!["-".into()])
}

/// The path that decides an input's configuration (`None`: standard input without a name).
fn input_path<'a>(input: &'a Input, stdin_filename: Option<&'a str>) -> Option<&'a Path> {
    match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => stdin_filename.map(Path::new),
    }
}

/// One input linted by a worker.
struct Linted {
    input: Input,
    report: FileReport,
    /// What fixing it did, when fixing.
    change: Option<Change>,
    /// The failing level of its configuration (or `--fail-on`).
    fail_level: Option<Severity>,
}

/// What file mode has done so far, taking the linted inputs in order.
struct Tally<'a, 'r> {
    format: Format,
    fixing: Option<Applicability>,
    diff: bool,
    progress: Progress,
    stderr: &'a mut StandardStream,
    sink: &'a mut ReportSink,
    writer: &'a mut ReportWriter<'r>,
    summary: Summary,
    /// Fixes written (or, with `--diff`, that would be).
    applied: usize,
    /// A finding at or above its file's failing level.
    failing: bool,
    /// An input could not be read or replaced.
    failed: bool,
    /// Some input's text changed (or would).
    would_change: bool,
    /// Writing to standard output (diffs, fixed standard input) failed.
    stdout_error: Option<std::io::Error>,
}

impl Tally<'_, '_> {
    /// Writes one input's fixes and report, counts it, and says whether to go on.
    fn take(&mut self, linted: Linted) -> ControlFlow<()> {
        let Linted {
            input,
            mut report,
            change,
            fail_level,
        } = linted;
        if let Some(change) = change {
            match write_change(&input, &mut report, change, self.diff) {
                Ok(written) => {
                    self.applied += written.applied;
                    self.would_change |= written.changed;
                }
                // Nobody reads the fixed text any more: like a closed report, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                // Standard output failed, not the input: reported as such, and nothing more is
                // written.
                Err(e) => self.stdout_error = Some(e),
            }
        }
        let mut counts = Summary::default();
        counts.add(&report);
        self.summary.add(&report);
        self.failing |= counts.fails(fail_level);
        self.failed |= report.failed;
        if let Some(note) = &report.skipped {
            let kind = if report.failed { "error" } else { "note" };
            let (path, note) = (
                shown(display_path(&report.path), self.format),
                shown(note, self.format),
            );
            let stderr = &mut *self.stderr;
            self.progress
                .suspend(|| writeln!(stderr, "{kind}: {path}: {note}"))
                .ok();
        }
        if !self.format.shows_omitted() && !report.omitted.is_empty() {
            // Every record of these formats is a finding: a note would not fit among them.
            let path = shown(&report.path, self.format);
            let stderr = &mut *self.stderr;
            for o in &report.omitted {
                let rule = shown(&o.rule, self.format);
                self.progress
                    .suspend(|| writeln!(stderr, "note: {path}: {rule}: {}", o.message()))
                    .ok();
            }
        }
        let (sink, writer) = (&mut *self.sink, &mut *self.writer);
        if report.diagnostics.is_empty() || !sink.to_terminal {
            sink.write(|out| writer.report(&report, out));
        } else {
            self.progress
                .suspend(|| sink.write(|out| writer.report(&report, out)));
        }
        self.progress.advance(1);
        // Nobody reads the report any more (`| head`): stop, unless files are being fixed.
        if self.sink.failed()
            || self.stdout_error.is_some()
            || (self.sink.closed && self.fixing.is_none())
        {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
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
