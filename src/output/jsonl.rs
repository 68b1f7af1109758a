//! JSON Lines: the `json` records, one compact object per line, so that large runs can be
//! streamed and filtered line by line (`jq -c`, `grep`).

use super::{Emitter, FileReport, json_records};
use codespan_reporting::term::termcolor::WriteColor;
use std::io;

/// The `json` records of each file, one per line.
pub struct Jsonl;

impl Emitter for Jsonl {
    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        for record in json_records(report) {
            // `io::Error::from` keeps the kind of a write error (a broken pipe is not a failure).
            serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Ok(())
    }
}
