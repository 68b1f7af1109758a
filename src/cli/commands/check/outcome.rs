//! How a `check` run ended, in file mode and corpus mode alike: the closing summary line and
//! the exit code.

use crate::cli::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::output::Format;
use std::io::Write;

/// What a run found, which decides its exit code.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The closing summary line (`3 files checked: …`), without its newline.
    pub summary: String,
    /// A finding at or above the failing level.
    pub failing: bool,
    /// With `--diff`, whether some input would change, which alone decides between 0 and 1:
    /// a `--diff` user asks what `--fix` would do, as with `ruff check --diff`, and findings no
    /// fix can remove are not a change. `None` without `--diff`.
    pub would_change: Option<bool>,
    /// copydesk could not do all of its job (an unreadable input, a malformed corpus line, a
    /// refused replacement): exit code 2, whatever was found.
    pub errors: bool,
}

/// Where the report went, which decides whether the summary line goes to standard error.
pub struct Shown {
    /// The report went to a file (`-o`).
    pub to_file: bool,
    /// The report's format.
    pub format: Format,
    /// The report went to standard output, and it is a terminal.
    pub stdout_is_terminal: bool,
    /// Standard error is a terminal.
    pub stderr_is_terminal: bool,
}

impl Outcome {
    /// Writes the summary line to `stderr` when whoever watches the terminal would not see the
    /// counts otherwise, and returns the exit code.
    pub fn finish(&self, shown: &Shown, stderr: &mut dyn Write) -> i32 {
        let summary_to_stderr = if shown.to_file {
            // The report went to a file: whoever watches the terminal still wants the counts.
            shown.stderr_is_terminal
        } else {
            // The rich report and the JSON array end with (or have no room for) the counts.
            shown.format != Format::Rich && shown.format != Format::Json && shown.stdout_is_terminal
        };
        if summary_to_stderr {
            let _ = writeln!(stderr, "{}", self.summary);
        }
        self.exit_code()
    }

    /// 2 when copydesk could not do its job; else 1 for failing findings or, with `--diff`, for
    /// a change; else 0.
    pub fn exit_code(&self) -> i32 {
        let found = self.would_change.unwrap_or(self.failing);
        if self.errors {
            EXIT_ERROR
        } else if found {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }
}
