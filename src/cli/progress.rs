//! A progress bar for long runs, on standard error, only where a person watches it.
//!
//! It is shown when standard error is a terminal, `CI` is not set, `TERM` is not `dumb` and
//! `--no-progress` is not given, and only once the run has lasted [`SHOW_AFTER`]: a hook that
//! lints one article never draws it. It is advanced by the consumer of the results, once per file
//! or document, never by the threads that lint; indicatif limits redraws to a few per second.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How long a run lasts before its progress bar appears.
pub const SHOW_AFTER: Duration = Duration::from_millis(500);

/// Redraws per second.
const REFRESH_HZ: u8 = 8;

/// The progress of a run; does nothing when progress is not wanted.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    show_after: Duration,
    shown: bool,
}

/// What the run counts.
pub enum Unit {
    /// Files, out of a known total.
    Files(u64),
    /// Bytes of input, out of a total when the input is a regular file.
    Bytes(Option<u64>),
}

impl Progress {
    /// A progress bar that appears after [`SHOW_AFTER`] if `enabled` and standard error is a
    /// terminal outside CI.
    pub fn new(unit: Unit, enabled: bool) -> Self {
        let wanted = enabled
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let bar = wanted.then(|| {
            let (bar, template) = match unit {
                Unit::Files(total) => (
                    ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()),
                    "{bar:30} {human_pos}/{human_len} files  {per_sec}  {elapsed} elapsed, ETA {eta}",
                ),
                Unit::Bytes(Some(total)) => (
                    ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()),
                    "{bar:30} {bytes}/{total_bytes}  {binary_bytes_per_sec}  {elapsed} elapsed, ETA {eta}  {msg}",
                ),
                Unit::Bytes(None) => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
                    "{spinner} {bytes}  {binary_bytes_per_sec}  {elapsed} elapsed  {msg}",
                ),
            };
            let style = ProgressStyle::with_template(template)
                .expect("valid progress template")
                .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        // For tests: `COPYDESK_PROGRESS_DELAY_MS=0` shows the bar at once (still only on a
        // terminal outside CI).
        let delay = std::env::var("COPYDESK_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(SHOW_AFTER, Duration::from_millis);
        Progress {
            bar,
            started: Instant::now(),
            show_after: delay,
            shown: false,
        }
    }

    /// Counts `n` more files or bytes; shows the bar once the run has lasted long enough.
    pub fn advance(&mut self, n: u64) {
        let Some(bar) = &self.bar else { return };
        bar.inc(n);
        if !self.shown && self.started.elapsed() >= self.show_after {
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(REFRESH_HZ));
        }
    }

    /// A short note shown next to the counts (corpus mode: documents done).
    pub fn set_message(&self, message: impl FnOnce() -> String) {
        if self.shown
            && let Some(bar) = &self.bar
        {
            bar.set_message(message());
        }
    }

    /// Runs `write`, which writes to the terminal, with the bar cleared while it runs.
    pub fn suspend<R>(&self, write: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(write),
            _ => write(),
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
