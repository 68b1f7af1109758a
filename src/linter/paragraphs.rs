//! Deleting a whole paragraph takes one blank line with it.
//!
//! A rule that deletes a widget line deletes the line and its line break; when that line is a
//! paragraph of its own, the blank lines before and after it meet, and `--fix` leaves two where
//! the article had one (`Intro.\n\nLeave a Comment\n\nBody.\n` became `Intro.\n\n\nBody.\n`).
//! So a deletion of whole lines that make up a paragraph (a blank line or the file's edge before
//! and after) is widened by one blank line: the one after it, or at the end of the file the one
//! before it. One blank line then separates the paragraphs around it, as it did.
//!
//! This works on the file's bytes, after the rules' edits were mapped there, so it is the same
//! for plain text, Markdown and HTML, and for every rule whose fix deletes lines. Lines end at
//! LF; a CR before it belongs to the line, so a CRLF file's blank line is `\r\n` and is taken
//! whole. The widened edit contains the one the rule made, so folding (which asks whether one
//! edit covers another) judges it as before.

use crate::diagnostic::{Diagnostic, Edit};
use std::ops::Range;

/// Widens every deletion of a whole paragraph among the fixes of `diagnostics` (edits into
/// `bytes`, an ASCII-compatible encoding) by one blank line. Returns, for each diagnostic, its
/// edits as they were when some were widened, to fall back on should the wider deletion touch
/// invalid UTF-8 or, in Markdown, change how the rest renders (`markup::guard_markdown_fixes`).
pub(super) fn widen(bytes: &[u8], diagnostics: &mut [Diagnostic]) -> Vec<Option<Vec<Edit>>> {
    let mut plainer = vec![None; diagnostics.len()];
    let wider = |e: &Edit| {
        e.replacement
            .is_empty()
            .then(|| paragraph_deletion(bytes, e.start..e.end))
            .flatten()
    };
    for (d, plainer) in diagnostics.iter_mut().zip(&mut plainer) {
        let Some(fix) = d.fix.as_mut() else {
            continue;
        };
        // Most fixes edit inside a line: they are left as they are, uncopied.
        if !fix.edits.iter().any(|e| wider(e).is_some()) {
            continue;
        }
        let mut edits = fix.edits.clone();
        for e in &mut edits {
            if let Some(range) = wider(e) {
                (e.start, e.end) = (range.start, range.end);
            }
        }
        // The edits of one fix must stay apart: two paragraphs deleted by one fix, each taking
        // the blank line between them, would overlap.
        let mut ranges: Vec<Range<usize>> = edits.iter().map(|e| e.start..e.end).collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        if ranges.windows(2).any(|w| w[1].start < w[0].end) {
            continue;
        }
        *plainer = Some(std::mem::replace(&mut fix.edits, edits));
    }
    plainer
}

/// The deletion of `range` of `bytes` widened by one blank line, when it deletes whole lines
/// that are a paragraph of their own (and not the whole file): the range from the start of its
/// first line to the end of the blank line after it, or, at the end of the file, from the blank
/// line before it (from the line break before that when the file does not end with one, so that
/// the file still ends as it did). `None` when it deletes anything else.
///
/// Whole lines are deleted either with their line break (`line\n`) or, for lines that end the
/// file or whose break a rule left in place, with the break before them (`\nline`).
fn paragraph_deletion(bytes: &[u8], range: Range<usize>) -> Option<Range<usize>> {
    let deleted = bytes.get(range.clone())?;
    if !deleted.contains(&b'\n') {
        return None;
    }
    let len = bytes.len();
    let line_start = |at: usize| at == 0 || bytes[at - 1] == b'\n';
    let break_len = |at: usize| match bytes.get(at..) {
        Some([b'\n', ..]) => Some(1),
        Some([b'\r', b'\n', ..]) => Some(2),
        _ => None,
    };
    // The lines deleted, `first..end` (`end` after the last one's break or at the end of the
    // file), and whether the range takes the break before them instead of the last one's.
    let ends_with_break = deleted.last() == Some(&b'\n');
    let (first, end, break_before) = match break_len(range.start) {
        Some(before) if !ends_with_break => {
            let after = match range.end {
                end if end == len => 0,
                end => break_len(end)?,
            };
            (range.start + before, range.end + after, true)
        }
        _ if line_start(range.start) && (ends_with_break || range.end == len) => {
            (range.start, range.end, false)
        }
        _ => return None,
    };
    let last_end = if bytes[end - 1] == b'\n' {
        end - 1
    } else {
        end
    };
    if first >= last_end
        || blank_line_from(bytes, first).is_some()
        || blank_line_to(bytes, last_end).is_some()
    {
        return None;
    }
    // The blank lines around them: where the one before starts, where the one after ends.
    let before = if first == 0 {
        None
    } else {
        Some(blank_line_to(bytes, first - 1)?)
    };
    let after = if end == len {
        None
    } else {
        Some(blank_line_from(bytes, end)?)
    };
    match (before, after) {
        // The whole file.
        (None, None) => None,
        // The blank line after goes, with its break; or, when the rule deleted the break before
        // the lines, that break (the blank line before's) with the lines' own: the same text is
        // left.
        (_, Some(_)) if break_before => Some(range.start..end),
        (_, Some(after)) => Some(first..(after + 1).min(len)),
        // At the end of the file the blank line before goes, from its start when the file ends
        // with a line break, else from the break before it, so that the file ends as it did.
        (Some(blank), None) if bytes[len - 1] == b'\n' || blank == 0 => Some(blank..len),
        (Some(blank), None) => {
            let cut = if blank >= 2 && bytes[blank - 2] == b'\r' {
                blank - 2
            } else {
                blank - 1
            };
            Some(cut..len)
        }
    }
}

/// Blank: white space only (a CRLF line's CR included).
fn blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// If the line starting at `at` is blank, where it ends (at its line feed, or the end of the
/// file). Reads only as far as the first character that is not white space.
fn blank_line_from(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = &bytes[at..];
    match rest.iter().position(|&b| !blank(b)) {
        None => Some(bytes.len()),
        Some(i) if rest[i] == b'\n' => Some(at + i),
        Some(_) => None,
    }
}

/// If the line ending at `at` (its line feed, or the end of the file) is blank, where it
/// starts. Reads only as far back as the first character that is not white space.
fn blank_line_to(bytes: &[u8], at: usize) -> Option<usize> {
    let head = &bytes[..at];
    match head.iter().rposition(|&b| !blank(b)) {
        None => Some(0),
        Some(i) if head[i] == b'\n' => Some(i + 1),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with the deletion of `range`, widened when it deletes a paragraph.
    fn deleted(text: &str, range: Range<usize>) -> String {
        let r = paragraph_deletion(text.as_bytes(), range.clone()).unwrap_or(range.clone());
        assert!(
            r.start <= range.start && range.end <= r.end,
            "{range:?} became {r:?}"
        );
        format!("{}{}", &text[..r.start], &text[r.end..])
    }

    /// The range of the first `needle` in `text`.
    fn at(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).unwrap();
        start..start + needle.len()
    }

    #[test]
    fn a_paragraph_takes_the_blank_line_after_it() {
        let text = "Intro.\n\nLeave a Comment\n\nBody.\n";
        assert_eq!(
            deleted(text, at(text, "Leave a Comment\n")),
            "Intro.\n\nBody.\n"
        );
        // The break before the line instead of its own: the same text is left.
        assert_eq!(
            deleted(text, at(text, "\nLeave a Comment")),
            "Intro.\n\nBody.\n"
        );
        let crlf = "Intro.\r\n\r\nLeave a Comment\r\n\r\nBody.\r\n";
        assert_eq!(
            deleted(crlf, at(crlf, "Leave a Comment\r\n")),
            "Intro.\r\n\r\nBody.\r\n"
        );
        assert_eq!(
            deleted(crlf, at(crlf, "\r\nLeave a Comment")),
            "Intro.\r\n\r\nBody.\r\n"
        );
        // Several lines, and blank lines holding spaces.
        let text = "Intro.\n \nShare this:\nLike this:\n\t\nBody.\n";
        assert_eq!(
            deleted(text, at(text, "Share this:\nLike this:\n")),
            "Intro.\n \nBody.\n"
        );
    }

    #[test]
    fn at_the_edges_of_the_file() {
        let text = "Leave a Comment\n\nBody.\n";
        assert_eq!(deleted(text, at(text, "Leave a Comment\n")), "Body.\n");
        // At the end the blank line before goes, and the file ends as it did.
        let text = "Intro.\n\nLeave a Comment\n";
        assert_eq!(deleted(text, at(text, "Leave a Comment\n")), "Intro.\n");
        assert_eq!(deleted(text, at(text, "\nLeave a Comment")), "Intro.\n");
        let text = "Intro.\n\nLeave a Comment";
        assert_eq!(deleted(text, at(text, "\nLeave a Comment")), "Intro.");
        let text = "Intro.\r\n\r\nLeave a Comment";
        assert_eq!(deleted(text, at(text, "\r\nLeave a Comment")), "Intro.");
        let text = "\nLeave a Comment";
        assert_eq!(deleted(text, at(text, "\nLeave a Comment")), "");
        // The break before the last line is the blank line's.
        let text = "Intro.\n\nLeave a Comment";
        assert_eq!(deleted(text, 7..text.len()), "Intro.");
        // The whole file is the whole file.
        let text = "Leave a Comment\n";
        assert_eq!(paragraph_deletion(text.as_bytes(), 0..text.len()), None);
    }

    #[test]
    fn lines_that_are_not_a_paragraph_go_alone() {
        for (text, line) in [
            ("Intro.\nLeave a Comment\n\nBody.\n", "Leave a Comment\n"),
            ("Intro.\n\nLeave a Comment\nBody.\n", "Leave a Comment\n"),
            ("Intro.\nLeave a Comment\n", "\nLeave a Comment"),
            // Not whole lines, or not lines at all.
            ("Intro.\n\nLeave a Comment\n\nBody.\n", "Leave a"),
            (
                "Intro.\n\n> Leave a Comment\n\nBody.\n",
                "Leave a Comment\n",
            ),
            // A blank line is not a paragraph: the deletion already took one.
            (
                "Intro.\n\nLeave a Comment\n\nBody.\n",
                "Leave a Comment\n\n",
            ),
            ("Intro.\n\nLeave a Comment\n", "\nLeave a Comment\n"),
        ] {
            assert_eq!(
                paragraph_deletion(text.as_bytes(), at(text, line)),
                None,
                "{text:?} less {line:?}"
            );
        }
    }
}
