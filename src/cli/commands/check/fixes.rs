//! Writing what fixing an input produced: a diff, the fixed text on standard output, or the
//! file replaced.

use super::input::Change;
use crate::cli::inputs::Input;
use crate::cli::replace;
use crate::output::{FileReport, display_path};
use std::io::Write;

/// What writing one input's fixes did.
pub struct Written {
    /// Fixes written (or, with `--diff`, that would be).
    pub applied: usize,
    /// The text changed (or would).
    pub changed: bool,
}

/// Writes what fixing one input produced: its diff (`--diff`), its text to standard output
/// (standard input, always, changed or not), or the file replaced. A refused or failed
/// replacement leaves the file as it was, turns the report back into the unfixed text's, and
/// counts no fix. The error returned is standard output's.
pub fn write_change(
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
            let diff =
                crate::fix::unified_diff(display_path(&report.path), change.original(), fixed);
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
            out.write_all(change.fixed.as_deref().unwrap_or(change.original()))?;
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
                    if let Some((source, linted)) = change.into_unfixed() {
                        report.source = Some(source);
                        report.diagnostics = linted.diagnostics;
                        report.omitted = linted.omitted;
                    }
                    report.skipped = Some(refused.to_string());
                    report.failed = true;
                    Ok(none)
                }
            }
        }
    }
}

/// Writes to standard output directly (diffs, fixed standard input).
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
