//! The command-line front end: argument handling, file discovery, exit codes.
//!
//! Each subcommand is one module of `commands/`; this module parses nothing itself, it hands a
//! parsed command line to its subcommand and reports the error that comes back.
//!
//! Exit codes: 0 nothing at or above the failing level; 1 findings at or above it; 2 copydesk
//! could not do its job (bad arguments, bad rule file, unreadable path).

mod args;
mod commands;
mod inputs;
mod pipeline;
mod progress;
mod replace;

pub use args::{CheckArgs, Cli, ColorChoice, Command, InitArgs, InputFormat, RuleOptions};
pub use commands::check::{Change, lint_input};
pub use commands::rules::test_examples;
pub use inputs::{DEFAULT_EXTENSIONS, Input, collect};

use crate::config::Selection;
use crate::error::Error;
use crate::workspace::{Resolved, Workspace};
use codespan_reporting::term::termcolor::{self, StandardStream, WriteColor};
use std::io::IsTerminal;
use std::sync::Arc;

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
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) if args.patterns => commands::rules::patterns(&args.rule_options),
        Command::Rules(args) if args.vale => commands::vale::list_rules(),
        Command::Rules(args) => commands::rules::run(&args.rule_options, args.test),
        Command::Explain(args) => commands::explain::run(&args.rule_options, &args.rule),
        Command::Init(args) => commands::init::run(&args.dir),
        Command::Eval(args) => commands::eval::run(&args),
        Command::Stats(args) => commands::stats::run(&args),
        Command::Vale(args) => commands::vale::run(&args),
        Command::Lsp(args) => crate::lsp::run(
            args.rule_options.rules.clone(),
            args.rule_options.config.clone(),
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            report_error(&e, &mut stderr);
            EXIT_ERROR
        }
    }
}

/// How errors name standard output.
pub(crate) const STDOUT: &str = "<stdout>";

/// `error`, met writing to standard output, as the error that ends the command (exit code 2,
/// standard output named [`STDOUT`]); `None` for a broken pipe: the reader went away (`| head`),
/// which is not an error, as for `check`'s report.
pub(crate) fn stdout_failure(error: std::io::Error) -> Option<Error> {
    (error.kind() != std::io::ErrorKind::BrokenPipe).then(|| Error::Io {
        path: STDOUT.into(),
        error,
    })
}

/// Runs `write` on standard output and flushes it. A full disk or a closed descriptor ends the
/// command with an error: a listing cut short must not look like a whole one.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    // Standard output is line-buffered: unbuffered, each line of a long report (Vale's line
    // output has one an alert) was a write of its own.
    let mut out = std::io::BufWriter::with_capacity(64 << 10, std::io::stdout().lock());
    match write(&mut out).and_then(|()| std::io::Write::flush(&mut out)) {
        Ok(()) => Ok(()),
        Err(error) => stdout_failure(error).map_or(Ok(()), Err),
    }
}

/// The exit code after clap stopped parsing: help or the version is printed on standard output
/// (exit code 0, or 2 when it cannot be written, with the error on standard error), a usage
/// error on standard error (exit code 2).
pub fn parse_error(e: &clap::Error) -> i32 {
    if e.use_stderr() {
        // Standard error is where errors go: when it fails there is nowhere to say so.
        let _ = e.print();
        return e.exit_code();
    }
    let printed = e
        .print()
        .and_then(|()| std::io::Write::flush(&mut std::io::stdout()));
    match printed.err().and_then(stdout_failure) {
        None => EXIT_OK,
        Some(error) => {
            let choice = color_choice(ColorChoice::Auto, std::io::stderr().is_terminal());
            report_error(&error, &mut StandardStream::stderr(choice));
            EXIT_ERROR
        }
    }
}

/// Writes the error that ended a command: file errors with their excerpts, others on one line.
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

/// Colours for a stream: `--color`, except that `auto` means none off a terminal or with
/// `NO_COLOR` set.
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

/// The rules that apply in the current folder (for `rules`, `explain` and `eval`).
fn current_linter(options: &RuleOptions) -> Result<Arc<Resolved>, Error> {
    workspace(options, Selection::default()).resolve(None)
}
