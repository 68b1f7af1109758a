//! Corpus mode: `copydesk check --input-format jsonl`, for data pipelines.
//!
//! Reads one JSON document per line (a file or standard input) and writes one JSONL record per
//! document, in input order:
//!
//! ```json
//! {"id":"doc-7","line":7,"diagnostics":[…],"summary":{"errors":1,"warnings":0,"suggestions":0}}
//! ```
//!
//! `diagnostics` holds the objects of `--format json` without `path`; their byte offsets, lines
//! and columns are into the document's text (the UTF-8 bytes of the decoded JSON string). The
//! shape is documented in README ("Corpus mode") and is a stable interface.
//!
//! Memory stays bounded: lines are read into batches whose buffers are reused, at most
//! [`pipeline::WINDOW_PER_THREAD`] batches per thread are alive at once, and each batch's records
//! are written as soon as every earlier batch is written. A batch is handed over early when the
//! input has nothing more buffered, so a process that writes one line and waits for its record
//! gets it.

use super::outcome::{Outcome, Shown};
use super::sink::{self, ReportSink};
use crate::cli::args::CheckArgs;
use crate::cli::inputs::{self, ReadError};
use crate::cli::pipeline;
use crate::cli::progress::{Progress, Unit};
use crate::config::Settings;
use crate::error::Error;
use crate::linter::Linter;
use crate::markup::Markup;
use crate::output::{Format, JsonDiagnostics, Summary};
use crate::source::SourceFile;
use crate::workspace::Workspace;
use codespan_reporting::term::termcolor::NoColor;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::ops::{ControlFlow, Range};
use std::sync::Mutex;
use std::sync::mpsc;

/// A batch is handed to a worker once it holds this many bytes of lines…
const BATCH_BYTES: usize = 256 << 10;
/// …or this many lines.
const BATCH_LINES: usize = 512;
/// The read buffer of the input.
const READ_BUFFER: usize = 256 << 10;

/// The path of every document's [`SourceFile`]: documents have none, and none is shown (their
/// markup is `--markup`'s, not a file extension's).
const DOCUMENT_PATH: &str = "-";

/// The field that holds a document's text when `--text-field` does not name one.
const DEFAULT_TEXT_FIELD: &str = "text";

/// Runs corpus mode: lints every document of the JSONL input and writes its record.
pub fn run(args: &CheckArgs, workspace: &mut Workspace) -> Result<i32, Error> {
    let usage = |what: &str| {
        Err(Error::Usage(format!(
            "{what} cannot be used with --input-format jsonl"
        )))
    };
    if args.fix || args.diff {
        return usage("--fix and --diff");
    }
    if args.stdin_filename.is_some() {
        return usage("--stdin-filename");
    }
    if !args.globs.is_empty() {
        return usage("--glob");
    }
    if let Some(format) = args.format.filter(|f| *f != Format::Jsonl) {
        let name = clap::ValueEnum::to_possible_value(&format)
            .map_or_else(String::new, |v| v.get_name().to_string());
        return Err(Error::Usage(format!(
            "--input-format jsonl writes one JSONL record per document; --format {name} is not available"
        )));
    }
    let stdin = match args.paths.as_slice() {
        [] if std::io::stdin().is_terminal() => {
            return Err(Error::Usage(
                "no input given (a JSONL file, or `-` to read standard input)".into(),
            ));
        }
        [] => true,
        [path] => path.as_os_str() == "-",
        _ => {
            return Err(Error::Usage(
                "--input-format jsonl reads one input (a file or `-`)".into(),
            ));
        }
    };
    let (input, name, total): (Box<dyn Read + Send>, String, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), "-".into(), None)
    } else {
        let path = &args.paths[0];
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|error| Error::Io {
            path: name.clone(),
            error,
        })?;
        let total = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        (Box::new(file), name, total)
    };
    let shown_name = crate::escape::for_terminal(&name).into_owned();
    let mut reader = BufReader::with_capacity(READ_BUFFER, input);
    // UTF-16 JSONL (as some Windows tools write it) would be one malformed line after another:
    // named once instead.
    let head = reader.fill_buf().map_err(|error| Error::Io {
        path: name.clone(),
        error,
    })?;
    if let Some(order) = match head {
        [0xFF, 0xFE, ..] => Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => Some("UTF-16BE"),
        _ => None,
    } {
        return Err(Error::Usage(format!(
            "{shown_name} is {order} (its byte-order mark says so); --input-format jsonl reads \
             UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)"
        )));
    }
    let resolved = workspace.resolve(None)?;
    let mut settings = resolved.settings(None, workspace.cli_selection());
    super::apply_cap(args, &mut settings);
    let fail_level = super::fail_level(args, &settings);
    let job = Job {
        linter: &resolved.linter,
        settings: &settings,
        text_field: args.text_field.as_deref().unwrap_or(DEFAULT_TEXT_FIELD),
        id_field: args.id_field.as_deref(),
        markup: args.markup.unwrap_or(Markup::Plain),
    };

    let (out, out_name): (Box<dyn Write>, String) = match &args.output {
        Some(path) => {
            let named = if stdin {
                vec![std::path::PathBuf::from("-")]
            } else {
                args.paths.clone()
            };
            inputs::keep_output_apart(path, &named, &mut Vec::new())?;
            (Box::new(sink::create(path)?), path.display().to_string())
        }
        None => (
            Box::new(std::io::stdout().lock()),
            crate::cli::STDOUT.into(),
        ),
    };
    // Every batch's records are flushed: a process that writes a line and waits for its record
    // gets it.
    let out = NoColor::new(std::io::BufWriter::with_capacity(64 << 10, out));
    let mut sink = ReportSink::new(Box::new(out), out_name, true, false);
    let mut stderr = std::io::stderr();
    let stderr_is_terminal = stderr.is_terminal();
    let stdout_is_terminal = args.output.is_none() && std::io::stdout().is_terminal();

    let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
    let read_error = Mutex::new(None);
    let batches = Batches {
        reader,
        line: 0,
        free: free_rx,
        error: &read_error,
        done: false,
        limit: args.max_filesize,
    };
    let threads = pipeline::thread_count(args.threads);
    let mut progress = Progress::new(Unit::Bytes(total), !args.no_progress);
    let mut summary = Summary::default();
    let (mut documents, mut malformed) = (0u64, 0u64);
    let free_tx = Mutex::new(free_tx);
    let work = |batch: Batch| {
        let done = job.run(&batch);
        // The batch's buffer goes back to the reader.
        let _ = free_tx.lock().map(|tx| tx.send(batch.bytes));
        done
    };
    pipeline::ordered_map(
        threads,
        threads * pipeline::WINDOW_PER_THREAD,
        batches,
        work,
        |done: Done| {
            documents += done.documents;
            malformed += done.malformed.len() as u64;
            summary.errors += done.summary.errors;
            summary.warnings += done.summary.warnings;
            summary.suggestions += done.summary.suggestions;
            for line in &done.oversized {
                let why = ReadError::TooLarge {
                    size: None,
                    limit: args.max_filesize,
                };
                progress
                    .suspend(|| writeln!(stderr, "note: {shown_name}:{line}: {why}"))
                    .ok();
            }
            for (line, note) in &done.notes {
                progress
                    .suspend(|| writeln!(stderr, "note: {shown_name}:{line}: {note}"))
                    .ok();
            }
            for (line, message) in &done.malformed {
                progress
                    .suspend(|| {
                        let message = crate::escape::for_terminal(message);
                        writeln!(
                            stderr,
                            "error: {shown_name}:{line}: {message}; line skipped"
                        )
                    })
                    .ok();
            }
            sink.write(|out| out.write_all(&done.records));
            if sink.stopped() {
                return ControlFlow::Break(());
            }
            progress.advance(done.bytes);
            progress.set_message(|| format!("{documents} documents"));
            ControlFlow::Continue(())
        },
    );
    progress.finish();
    sink.close()?;
    let read_error = read_error.into_inner().ok().flatten();
    if let Some(e) = &read_error {
        let e = crate::escape::for_terminal(&e.to_string()).into_owned();
        let _ = writeln!(stderr, "error: {shown_name}: {e}");
    }
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let outcome = Outcome {
        summary: format!(
            "{} checked: {}, {}, {}{}",
            plural(documents, "document"),
            plural(summary.errors as u64, "error"),
            plural(summary.warnings as u64, "warning"),
            plural(summary.suggestions as u64, "suggestion"),
            if malformed > 0 {
                format!(", {} skipped", plural(malformed, "malformed line"))
            } else {
                String::new()
            }
        ),
        failing: summary.fails(fail_level),
        would_change: None,
        errors: malformed > 0 || read_error.is_some(),
    };
    let shown = Shown {
        to_file: args.output.is_some(),
        format: Format::Jsonl,
        stdout_is_terminal,
        stderr_is_terminal,
    };
    Ok(outcome.finish(&shown, &mut stderr))
}

/// The UTF-8 byte-order mark, dropped from the start of the input.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Lines of the input, in one buffer: `lines` are (line number, range in `bytes`).
struct Batch {
    bytes: Vec<u8>,
    lines: Vec<(u64, Range<usize>)>,
    /// Lines longer than `--max-filesize`, skipped unread.
    oversized: Vec<u64>,
}

/// Reads the input into batches, reusing the buffers of batches that are done.
struct Batches<'a> {
    reader: BufReader<Box<dyn Read + Send>>,
    /// The number of the last line read (1-based).
    line: u64,
    free: mpsc::Receiver<Vec<u8>>,
    error: &'a Mutex<Option<std::io::Error>>,
    done: bool,
    /// `--max-filesize`: the longest line read.
    limit: u64,
}

impl Iterator for Batches<'_> {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        if self.done {
            return None;
        }
        let mut bytes = self.free.try_recv().unwrap_or_default();
        bytes.clear();
        let mut lines = Vec::new();
        let mut oversized = Vec::new();
        loop {
            let start = bytes.len();
            // Room for the longest line allowed and its line ending, CR LF or LF: the limit
            // counts the document, not how its line ends.
            let read = (&mut self.reader)
                .take(self.limit.saturating_add(2))
                .read_until(b'\n', &mut bytes);
            let ended = bytes.last() == Some(&b'\n');
            let content = |bytes: &[u8]| {
                let line = &bytes[start..];
                let line = line.strip_suffix(b"\n").unwrap_or(line);
                line.strip_suffix(b"\r").unwrap_or(line).len() as u64
            };
            match read {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(_) if content(&bytes) > self.limit => {
                    // Too long to hold: dropped, and the rest of the line skipped unread.
                    self.line += 1;
                    bytes.truncate(start);
                    oversized.push(self.line);
                    if !ended && let Err(e) = skip_line(&mut self.reader) {
                        *self.error.lock().expect("read error lock") = Some(e);
                        self.done = true;
                        break;
                    }
                }
                Ok(_) => {
                    self.line += 1;
                    let mut end = bytes.len();
                    while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
                        end -= 1;
                    }
                    // A byte-order mark (as Windows tools save UTF-8) is not JSON: left on,
                    // it would make the first document a malformed line.
                    let first = if self.line == 1 && bytes[start..end].starts_with(BOM) {
                        start + BOM.len()
                    } else {
                        start
                    };
                    // Blank lines, spaces and tabs alone among them, separate nothing in JSONL;
                    // they are not documents.
                    if bytes[first..end].iter().all(u8::is_ascii_whitespace) {
                        bytes.truncate(start);
                    } else {
                        lines.push((self.line, first..end));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    *self.error.lock().expect("read error lock") = Some(e);
                    self.done = true;
                    break;
                }
            }
            // Hand the batch over when it is full, or when reading on might wait for input.
            if bytes.len() >= BATCH_BYTES
                || lines.len() >= BATCH_LINES
                || ((!lines.is_empty() || !oversized.is_empty()) && self.reader.buffer().is_empty())
            {
                break;
            }
        }
        if lines.is_empty() && oversized.is_empty() {
            return None;
        }
        Some(Batch {
            bytes,
            lines,
            oversized,
        })
    }
}

/// `json` with each `\u` escape of a surrogate that is not half of a pair replaced by
/// `\ufffd`; `None` when it has none (nearly every line, found without a copy).
fn lone_surrogates_replaced(json: &[u8]) -> Option<Vec<u8>> {
    let escape_at = |i: usize| -> Option<u16> {
        let hex = json.get(i + 2..i + 6)?;
        (json.get(i..i + 2)? == b"\\u")
            .then(|| u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok())
            .flatten()
    };
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'\\', &json[i..]).map(|n| i + n) {
        let Some(unit) = escape_at(at) else {
            // Another escape (`\\`, `\"`, `\n`): its second byte is not a backslash to look at.
            if let Some(out) = &mut out {
                out.extend_from_slice(&json[i..(at + 2).min(json.len())]);
            }
            i = (at + 2).min(json.len());
            continue;
        };
        let paired = high(unit) && escape_at(at + 6).is_some_and(low);
        let end = at + if paired { 12 } else { 6 };
        if (high(unit) || low(unit)) && !paired {
            let out = out.get_or_insert_with(|| json[..i].to_vec());
            out.extend_from_slice(&json[i..at]);
            out.extend_from_slice(b"\\ufffd");
        } else if let Some(out) = &mut out {
            out.extend_from_slice(&json[i..end]);
        }
        i = end;
    }
    let mut out = out?;
    out.extend_from_slice(&json[i..]);
    Some(out)
}

/// Consumes input up to and including the next newline.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// What linting one batch produced.
struct Done {
    /// The JSONL records of its documents, in order.
    records: Vec<u8>,
    /// Lines that are not documents: (line number, why).
    malformed: Vec<(u64, String)>,
    /// Lines longer than `--max-filesize`.
    oversized: Vec<u64>,
    /// Lines read with a repair, and what it was: (line number, note).
    notes: Vec<(u64, String)>,
    summary: Summary,
    documents: u64,
    /// Bytes of input, for progress.
    bytes: u64,
}

/// What every document of the run is linted with.
struct Job<'a> {
    linter: &'a Linter,
    settings: &'a Settings,
    text_field: &'a str,
    id_field: Option<&'a str>,
    /// `--markup`: how every document is marked up.
    markup: Markup,
}

impl Job<'_> {
    fn run(&self, batch: &Batch) -> Done {
        let mut done = Done {
            records: Vec::new(),
            malformed: Vec::new(),
            oversized: batch.oversized.clone(),
            notes: Vec::new(),
            summary: Summary::default(),
            documents: 0,
            bytes: batch.bytes.len() as u64,
        };
        for (line, range) in &batch.lines {
            let json = &batch.bytes[range.clone()];
            // A lone surrogate escape (`"\ud800"`, valid JSON grammar, written by Python's
            // `json.dumps`) names no character: read as U+FFFD, with a note, rather than losing
            // the document.
            let repaired = lone_surrogates_replaced(json);
            if repaired.is_some() {
                let note = "a lone surrogate escape (\\ud800-\\udfff) read as U+FFFD";
                done.notes.push((*line, note.to_string()));
            }
            let json = repaired.as_deref().unwrap_or(json);
            match self.document(json, *line, &mut done.records) {
                Ok(counts) => {
                    done.records.push(b'\n');
                    done.summary.errors += counts.errors;
                    done.summary.warnings += counts.warnings;
                    done.summary.suggestions += counts.suggestions;
                    done.documents += 1;
                }
                Err(message) => done.malformed.push((*line, message)),
            }
        }
        done
    }

    /// Lints the document on one line and appends its record to `records` (without the line
    /// feed), serialised a diagnostic at a time; returns its counts, or why the line is malformed.
    fn document(&self, json: &[u8], line: u64, records: &mut Vec<u8>) -> Result<Counts, String> {
        let mut de = serde_json::Deserializer::from_slice(json);
        let doc = DocSeed {
            text_field: self.text_field,
            id_field: self.id_field,
        }
        .deserialize(&mut de)
        .and_then(|doc| de.end().map(|()| doc))
        .map_err(|e| {
            // Positions are within the line: "at line 1 column 9" would mislead.
            let full = e.to_string();
            let message = full.rsplit_once(" at line ").map_or(&*full, |(m, _)| m);
            match e.classify() {
                serde_json::error::Category::Data => message.to_string(),
                _ => format!("not JSON: {message} (column {})", e.column()),
            }
        })?;
        let field = self.text_field;
        let text = match doc.text {
            Text::Missing => return Err(format!("no \"{field}\" field")),
            Text::NotString(kind) => {
                return Err(format!("\"{field}\" is {kind}, not a string"));
            }
            Text::String(text) => text,
        };
        let source = if text.as_bytes().contains(&0) {
            // A NUL makes a file binary; in a JSON string it is only a character.
            SourceFile::from_text(DOCUMENT_PATH, &text)
        } else {
            SourceFile::new(DOCUMENT_PATH, text.into_bytes())
                .map_err(|not_text| format!("\"{field}\" is not text: {not_text}"))?
        };
        let linted = self.linter.lint_capped(&source, self.markup, self.settings);
        let mut counts = Summary::default();
        counts.count(&linted.diagnostics, &linted.omitted);
        let counts = Counts {
            errors: counts.errors,
            warnings: counts.warnings,
            suggestions: counts.suggestions,
        };
        let record = Record {
            id: match (&self.id_field, &doc.id) {
                (None, _) => Id::Line(line),
                (Some(_), Some(raw)) => Id::Raw(raw),
                (Some(_), None) => Id::Null,
            },
            line,
            diagnostics: JsonDiagnostics {
                source: &source,
                diagnostics: &linted.diagnostics,
            },
            omitted: linted
                .omitted
                .iter()
                .map(|o| OmittedRecord {
                    rule: &o.rule,
                    severity: o.severity.as_str(),
                    count: o.count,
                })
                .collect(),
            summary: &counts,
        };
        serde_json::to_writer(records, &record).expect("serialisable to memory");
        Ok(counts)
    }
}

/// One output record (the stable shape documented in README).
#[derive(Serialize)]
struct Record<'a> {
    id: Id<'a>,
    line: u64,
    diagnostics: JsonDiagnostics<'a>,
    /// Only when findings were left out past the cap on findings per rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    omitted: Vec<OmittedRecord<'a>>,
    summary: &'a Counts,
}

/// A rule's findings in a document left out past the cap: they count in `summary`.
#[derive(Serialize)]
struct OmittedRecord<'a> {
    rule: &'a str,
    severity: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    suggestions: usize,
}

/// A record's `id`: the id field as written in the input, or the line number.
enum Id<'a> {
    Raw(&'a RawValue),
    Line(u64),
    Null,
}

impl Serialize for Id<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Id::Raw(raw) => raw.serialize(s),
            Id::Line(line) => s.serialize_u64(*line),
            Id::Null => s.serialize_unit(),
        }
    }
}

/// The fields of a document that corpus mode reads; every other field is skipped unparsed.
struct Doc {
    text: Text,
    id: Option<Box<RawValue>>,
}

enum Text {
    Missing,
    NotString(&'static str),
    String(String),
}

struct DocSeed<'f> {
    text_field: &'f str,
    id_field: Option<&'f str>,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_> {
    type Value = Doc;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_> {
    type Value = Doc;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let mut doc = Doc {
            text: Text::Missing,
            id: None,
        };
        while let Some(key) = map.next_key_seed(KeySeed(&self))? {
            match key {
                Key::Text => doc.text = map.next_value_seed(TextSeed)?,
                Key::Id => doc.id = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(doc)
    }
}

enum Key {
    Text,
    Id,
    Other,
}

struct KeySeed<'s, 'f>(&'s DocSeed<'f>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.0.text_field {
            Key::Text
        } else if self.0.id_field == Some(key) {
            Key::Id
        } else {
            Key::Other
        })
    }
}

struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Text;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::String(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
        Ok(Text::NotString("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text, E> {
        Ok(Text::NotString("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text, E> {
        Ok(Text::NotString("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text, E> {
        Ok(Text::NotString("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text::NotString("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text::NotString("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text::NotString("an object"))
    }
}
