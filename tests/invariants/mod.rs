//! The invariants every lint result must satisfy, whatever the input: shared by the property
//! tests (`tests/properties.rs`) and the fuzz targets (`fuzz/`), which include this file by
//! path, so that both check exactly the same thing.
//!
//! Everything is recomputed from the raw bytes independently of `SourceFile`, so that a bug in
//! the decoder or the position index cannot hide itself. [`utf16`] builds UTF-16 inputs for the
//! tests that feed them.

#![allow(dead_code)]

use copydesk::config::Settings;
use copydesk::diagnostic::Applicability;
use copydesk::fix;
use copydesk::{Diagnostic, Linter, SourceFile};
use std::ops::Range;

/// Where a span may start or end in the raw bytes.
pub struct Boundaries {
    /// `ok[i]`: offset `i` is not strictly inside a character (`ok.len() == bytes.len() + 1`).
    ok: Vec<bool>,
    /// Whether the file is valid UTF-8 (after an optional BOM) and not UTF-16.
    pub valid_utf8: bool,
    /// Whether the file starts with a UTF-16 byte-order mark.
    pub utf16: bool,
    /// The legacy encoding the file is read in, if it is not UTF-8 and guessed to be one.
    pub legacy: Option<&'static encoding_rs::Encoding>,
    /// Offsets (into the raw bytes) of every line feed.
    newlines: Vec<usize>,
}

impl Boundaries {
    /// Works out the character boundaries of `bytes` as the decoder should see them: UTF-16
    /// when it starts with a UTF-16 byte-order mark, else UTF-8 where every invalid sequence is
    /// one indivisible unit.
    pub fn of(bytes: &[u8]) -> Self {
        let legacy = match bytes {
            [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => None,
            _ if std::str::from_utf8(bytes).is_ok() => None,
            _ => copydesk::source::legacy_encoding(bytes),
        };
        Self::read_as(bytes, legacy)
    }

    /// The boundaries of `bytes` read as [`Boundaries::of`] says, or in the `legacy` encoding:
    /// there each character ends where encoding_rs's decoder, fed a byte at a time, gives it
    /// out (a fixed file is read in the encoding of its original).
    pub fn read_as(bytes: &[u8], legacy: Option<&'static encoding_rs::Encoding>) -> Self {
        if let Some(encoding) = legacy {
            let mut ok = vec![false; bytes.len() + 1];
            ok[0] = true;
            let mut newlines = Vec::new();
            let mut decoder = encoding.new_decoder_without_bom_handling();
            let mut buffer = [0u8; 64];
            for at in 0..bytes.len() {
                let last = at + 1 == bytes.len();
                let (_, _, written, _) =
                    decoder.decode_to_utf8(&bytes[at..at + 1], &mut buffer, last);
                if written > 0 {
                    ok[at + 1] = true;
                    if buffer[..written].ends_with(b"\n") {
                        newlines.push(at);
                    }
                }
            }
            ok[bytes.len()] = true;
            return Boundaries {
                ok,
                valid_utf8: false,
                utf16: false,
                legacy,
                newlines,
            };
        }
        let mut ok = vec![false; bytes.len() + 1];
        let mut newlines = Vec::new();
        ok[0] = true;
        ok[bytes.len()] = true;
        let utf16 = match bytes {
            [0xFF, 0xFE, ..] => Some(false),
            [0xFE, 0xFF, ..] => Some(true),
            _ => None,
        };
        if let Some(big_endian) = utf16 {
            ok[2] = true;
            let units = bytes[2..].chunks_exact(2).map(|u| {
                if big_endian {
                    u16::from_be_bytes([u[0], u[1]])
                } else {
                    u16::from_le_bytes([u[0], u[1]])
                }
            });
            let mut at = 2;
            for c in char::decode_utf16(units) {
                let c = c.ok();
                let len = c.map_or(1, char::len_utf16) * 2;
                if c == Some('\n') {
                    newlines.push(at);
                }
                at += len;
                ok[at] = true;
            }
            return Boundaries {
                ok,
                valid_utf8: false,
                utf16: true,
                legacy: None,
                newlines,
            };
        }
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            for (i, c) in chunk.valid().char_indices() {
                ok[at + i] = true;
                if c == '\n' {
                    newlines.push(at + i);
                }
            }
            at += chunk.valid().len();
            ok[at] = true;
            at += chunk.invalid().len();
            ok[at] = true;
        }
        Boundaries {
            ok,
            valid_utf8: std::str::from_utf8(bytes).is_ok(),
            utf16: false,
            legacy: None,
            newlines,
        }
    }

    /// Whether `range` lies inside the file with both ends between characters.
    pub fn check(&self, range: &Range<usize>) -> Result<(), String> {
        if range.start > range.end || range.end >= self.ok.len() {
            return Err(format!(
                "{range:?} is outside the file ({} bytes)",
                self.ok.len() - 1
            ));
        }
        if !self.ok[range.start] || !self.ok[range.end] {
            return Err(format!("{range:?} cuts into a character"));
        }
        Ok(())
    }

    /// The 1-based line of a byte offset: one more than the line feeds before it.
    pub fn line(&self, byte: usize) -> usize {
        self.newlines.partition_point(|&n| n < byte) + 1
    }
}

/// Checks one lint result against `source`: spans, labels and edits in bounds and on
/// character boundaries, positions that agree with the bytes.
pub fn check_diagnostics(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    b: &Boundaries,
) -> Result<(), String> {
    let text = source.text();
    // Characters before every offset of the text, and the start of the line of every offset, so
    // that checking a column costs O(1) however long the line.
    let mut chars_before = vec![0; text.len() + 1];
    let mut line_start = vec![0; text.len() + 1];
    let (mut chars, mut start) = (0, 0);
    for (i, byte) in text.bytes().enumerate() {
        chars_before[i] = chars;
        line_start[i] = start;
        // Every byte but a continuation byte starts a character.
        chars += usize::from(!(0x80..0xC0).contains(&byte));
        if byte == b'\n' {
            start = i + 1;
        }
    }
    chars_before[text.len()] = chars;
    line_start[text.len()] = start;
    for d in diagnostics {
        let what = |e: String| format!("{} at {:?}: {e}", d.rule, d.span);
        b.check(&d.span).map_err(what)?;
        for l in &d.labels {
            b.check(&l.span)
                .map_err(|e| what(format!("label {:?}: {e}", l.message)))?;
        }
        if let Some(fix) = &d.fix {
            if fix.edits.is_empty() {
                return Err(what("a fix without edits".into()));
            }
            for e in &fix.edits {
                b.check(&(e.start..e.end))
                    .map_err(|err| what(format!("edit: {err}")))?;
            }
            if b.utf16 {
                return Err(what("a fix on a UTF-16 file (edits are UTF-8)".into()));
            }
            if b.legacy.is_some() && fix.edits.iter().any(|e| !e.replacement.is_ascii()) {
                return Err(what(
                    "a fix writes other than ASCII in a legacy file".into(),
                ));
            }
        }
        for at in [d.span.start, d.span.end] {
            let (line, column) = source.position(at);
            if line != b.line(at) {
                return Err(what(format!(
                    "line {line} at byte {at}, but {} line feeds come before it",
                    b.line(at) - 1
                )));
            }
            if column == 0 {
                return Err(what("column 0".into()));
            }
            // The column counts the characters of the decoded text since the line start.
            let t = source.map().to_text(at..at).start;
            if !text.is_char_boundary(t) {
                return Err(what(format!("maps to text offset {t}, inside a character")));
            }
            let expected = chars_before[t] - chars_before[line_start[t]] + 1;
            if column != expected {
                return Err(what(format!(
                    "column {column} at byte {at}, expected {expected}"
                )));
            }
        }
        let (start, end) = (source.position(d.span.start), source.position(d.span.end));
        if end < start {
            return Err(what(format!(
                "ends at {end:?} before it starts at {start:?}"
            )));
        }
    }
    Ok(())
}

/// Lints `bytes` as the file `path` and checks every invariant but the fixes: in-bounds spans
/// on boundaries, consistent positions, deterministic output.
pub fn check_lint(linter: &Linter, path: &str, bytes: &[u8]) -> Result<(), String> {
    let Ok(source) = SourceFile::new(path, bytes.to_vec()) else {
        return Ok(());
    };
    let b = Boundaries::of(bytes);
    let first = linter.lint(&source);
    check_diagnostics(&source, &first, &b)?;
    let second = linter.lint(&source);
    if first != second {
        return Err("linting twice gave different diagnostics".into());
    }
    if !first.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()) {
        return Err("diagnostics are not sorted by position".into());
    }
    Ok(())
}

/// Applies every safe fix of `bytes` (linted as `path`) and checks that the result keeps every
/// byte outside the edits, stays valid UTF-8 when it was, and that fixing converges: a second
/// `fix_source` on the output applies nothing.
pub fn check_fixes(linter: &Linter, path: &str, bytes: &[u8]) -> Result<(), String> {
    let Ok(source) = SourceFile::new(path, bytes.to_vec()) else {
        return Ok(());
    };
    let b = Boundaries::of(bytes);
    let settings = Settings::all(linter.rules());
    let diagnostics = linter.lint_with(&source, &settings);
    check_diagnostics(&source, &diagnostics, &b)?;

    // Each fix alone changes exactly its own edits, which must not overlap one another.
    for d in &diagnostics {
        let Some(f) = &d.fix else { continue };
        let mut edits: Vec<_> = f.edits.iter().collect();
        edits.sort_by_key(|e| (e.start, e.end));
        if edits.windows(2).any(|w| w[0].end > w[1].start) {
            return Err(format!(
                "{}: the edits of one fix overlap: {edits:?}",
                d.rule
            ));
        }
        let mut expected = Vec::new();
        let mut at = 0;
        for e in &edits {
            expected.extend_from_slice(&bytes[at..e.start]);
            expected.extend_from_slice(e.replacement.as_bytes());
            at = e.end;
        }
        expected.extend_from_slice(&bytes[at..]);
        let (alone, n) = fix::apply(bytes, std::slice::from_ref(d), f.applicability);
        if (alone, n) != (expected, 1) {
            return Err(format!(
                "{}: applying its fix alone changed other bytes",
                d.rule
            ));
        }
    }

    // One pass: only the bytes between the first and the last edit may change.
    let edits: Vec<Range<usize>> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability >= Applicability::Safe)
        .flat_map(|f| f.edits.iter().map(|e| e.start..e.end))
        .collect();
    let (once, count) = fix::apply(bytes, &diagnostics, Applicability::Safe);
    if count == 0 && once != bytes {
        return Err("no fix applied, yet the bytes changed".into());
    }
    if count > 0 {
        let first = edits.iter().map(|e| e.start).min().unwrap_or(0);
        let last = edits.iter().map(|e| e.end).max().unwrap_or(0);
        let tail = bytes.len() - last;
        if once.get(..first) != bytes.get(..first)
            || once.len() < tail
            || once[once.len() - tail..] != bytes[last..]
        {
            return Err(format!(
                "fixing changed bytes outside the edits ({first}..{last} of {})",
                bytes.len()
            ));
        }
    }
    if b.valid_utf8 && std::str::from_utf8(&once).is_err() {
        return Err("fixing valid UTF-8 produced invalid UTF-8".into());
    }

    let fixed = fix::fix_source(linter, &settings, &source, Applicability::Safe);
    let Some(fixed_source) = &fixed.source else {
        return Err("the fixed file no longer decodes as text".into());
    };
    let again = fix::fix_source(linter, &settings, fixed_source, Applicability::Safe);
    if again.applied != 0 {
        return Err(format!(
            "fixing does not converge: {} fixes applied, then {} more on the output {:?}",
            fixed.applied,
            again.applied,
            String::from_utf8_lossy(&fixed.bytes)
        ));
    }
    let fb = Boundaries::read_as(&fixed.bytes, b.legacy);
    check_diagnostics(fixed_source, &fixed.remaining, &fb)
}

/// `text` in UTF-16 with a byte-order mark.
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}
