//! `copydesk stats`: per-file statistics as JSON lines.

use super::check::lint_input;
use crate::cli::args::StatsArgs;
use crate::cli::inputs::{DEFAULT_MAX_FILESIZE, Input, collect};
use crate::cli::{EXIT_ERROR, EXIT_OK, stdout_failure, workspace};
use crate::config::Selection;
use crate::error::Error;
use crate::escape;
use crate::output::display_path;
use std::io::Write;

/// `copydesk stats`: one JSON line per input with its statistics.
pub fn run(args: &StatsArgs) -> Result<i32, Error> {
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
            escape::for_terminal(display_path(&e.path)),
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
            DEFAULT_MAX_FILESIZE,
            None,
        );
        let Some(source) = &report.source else {
            eprintln!(
                "{}: {}",
                escape::for_terminal(display_path(&report.path)),
                escape::for_terminal(report.skipped.as_deref().unwrap_or("skipped"))
            );
            failed |= report.failed;
            continue;
        };
        let stats = crate::stats::stats(source.text(), &report.diagnostics, &report.omitted);
        let mut record = serde_json::json!({"path": display_path(&report.path), "stats": stats});
        if args.lines {
            record["lines"] = lines(&resolved.linter, source.text());
        }
        if let Err(e) = writeln!(out, "{record}") {
            // A reader that went away stops the run; any other failure is an error.
            match stdout_failure(e) {
                Some(error) => return Err(error),
                None => break,
            }
        }
    }
    if let Some(error) = out.flush().err().and_then(stdout_failure) {
        return Err(error);
    }
    Ok(if failed { EXIT_ERROR } else { EXIT_OK })
}

/// The units of `text` with their page-chrome features by name, as JSON (an empty list when no
/// rule of the `boilerplate` kind runs).
fn lines(linter: &crate::linter::Linter, text: &str) -> serde_json::Value {
    let units = linter.chrome_features(text).unwrap_or_default();
    let names: Vec<&str> = crate::checks::CHROME_FEATURES
        .iter()
        .map(|(name, _)| *name)
        .collect();
    units
        .into_iter()
        .map(|(range, x)| {
            let features = x.map(|x| {
                names
                    .iter()
                    .zip(x)
                    .map(|(n, v)| ((*n).to_string(), serde_json::json!(v)))
                    .collect::<serde_json::Map<_, _>>()
            });
            serde_json::json!({"start": range.start, "end": range.end, "features": features})
        })
        .collect()
}
