//! Where a `check` report goes, in file mode and corpus mode alike, and how writing it failed: a
//! reader that went away (`| head`) is not an error, any other write error is copydesk's.

use crate::cli::args::CheckArgs;
use crate::cli::color_choice;
use crate::error::Error;
use codespan_reporting::term::termcolor::{self, WriteColor};

/// Where the report goes (`-o FILE`, standard output, or standard error when standard output
/// carries fixed text), and what went wrong writing it.
pub struct ReportSink {
    out: Box<dyn WriteColor>,
    /// The name for errors: the `-o` path or `<stdout>`.
    name: String,
    /// Flushed after every write: the report is read as it comes (a terminal, or a process that
    /// waits for each corpus record).
    flush_each: bool,
    /// The report is shown on a terminal: the progress bar is cleared while it is written.
    pub to_terminal: bool,
    /// The reader went away (a broken pipe): nothing more is written, and that is not an error.
    pub closed: bool,
    /// The first other write error.
    error: Option<std::io::Error>,
}

impl ReportSink {
    /// A sink writing to `out`, named `name` in errors.
    pub fn new(
        out: Box<dyn WriteColor>,
        name: String,
        flush_each: bool,
        to_terminal: bool,
    ) -> Self {
        ReportSink {
            out,
            name,
            flush_each,
            to_terminal,
            closed: false,
            error: None,
        }
    }

    /// The sink of file mode's report; `stdin_fixed`: standard output carries the fixed text of
    /// standard input, so the report goes to standard error.
    pub fn open(
        args: &CheckArgs,
        stdin_fixed: bool,
        stdout_is_terminal: bool,
        stderr_is_terminal: bool,
    ) -> Result<Self, Error> {
        let (out, name, to_terminal): (Box<dyn WriteColor>, String, bool) = match &args.output {
            Some(path) => {
                let file = create(path)?;
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
                (Box::new(out), crate::cli::STDOUT.into(), stdout_is_terminal)
            }
        };
        Ok(ReportSink::new(out, name, to_terminal, to_terminal))
    }

    /// Runs one write unless the report is closed or broken, and remembers how it failed.
    pub fn write(&mut self, f: impl FnOnce(&mut dyn WriteColor) -> std::io::Result<()>) {
        if self.stopped() {
            return;
        }
        let mut result = f(&mut *self.out);
        if self.flush_each {
            result = result.and_then(|()| self.out.flush());
        }
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
            Err(e) => self.error = Some(e),
        }
    }

    /// Nothing more is written: the reader went away or a write failed.
    pub fn stopped(&self) -> bool {
        self.closed || self.error.is_some()
    }

    /// A write failed for a reason other than a broken pipe.
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Flushes the report; a write error other than a broken pipe is copydesk's error.
    pub fn close(mut self) -> Result<(), Error> {
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

/// Creates (or truncates) the `-o` file.
pub fn create(path: &std::path::Path) -> Result<std::fs::File, Error> {
    std::fs::File::create(path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        error,
    })
}
