//! Applying fixes: edits on the bytes of the file, repeated until nothing more applies. Writing
//! the result back is the command line's job (`cli::replace`).
//!
//! Edits are byte ranges of the source as stored, so every byte outside them (line endings, a
//! byte-order mark, a missing final newline, invalid UTF-8 elsewhere) is kept exactly. Fixes
//! that overlap an already accepted one are skipped in this pass (the one that starts first wins,
//! then the rule id decides) and reconsidered after re-linting, as ruff does.

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::linter::Linter;
use crate::source::SourceFile;

/// Passes of lint-then-fix before giving up on a file whose fixes keep producing new fixes.
pub const MAX_PASSES: usize = 10;

/// The result of fixing one source.
#[derive(Debug)]
pub struct Fixed {
    /// The fixed bytes (equal to the input when nothing applied).
    pub bytes: Vec<u8>,
    /// Fixes applied, over all passes.
    pub applied: usize,
    /// The diagnostics of the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// The diagnostics of the text before any fix, when a fix applied: what the file still
    /// holds when the fixed text cannot be written.
    pub unfixed: Option<Vec<Diagnostic>>,
    /// The fixed source, decoded; `None` if it stopped being text (it cannot: edits are text).
    pub source: Option<SourceFile>,
}

/// Whether `fix` may be applied at the requested level.
fn allowed(fix: &Fix, level: Applicability) -> bool {
    fix.applicability >= level
}

/// Applies the non-overlapping fixes of `diagnostics` at `level` or safer to `bytes`.
/// Returns the new bytes and the number of fixes applied.
pub fn apply(bytes: &[u8], diagnostics: &[Diagnostic], level: Applicability) -> (Vec<u8>, usize) {
    let mut fixes: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
        .filter(|(_, f)| allowed(f, level) && !f.edits.is_empty())
        .filter(|(_, f)| {
            f.edits
                .iter()
                .all(|e| e.start <= e.end && e.end <= bytes.len())
        })
        .collect();
    fixes.sort_by(|(a, fa), (b, fb)| {
        let start = |f: &Fix| f.edits.iter().map(|e| e.start).min().unwrap_or(0);
        (start(fa), &*a.rule).cmp(&(start(fb), &*b.rule))
    });
    let mut accepted: Vec<(usize, usize, &str)> = Vec::new();
    let mut count = 0;
    for (_, fix) in fixes {
        let clashes = fix.edits.iter().any(|e| {
            accepted.iter().any(|&(s, t, _)| {
                (e.start < t && s < e.end) || e.start == s || (e.start == e.end && e.start == t)
            })
        });
        if clashes {
            continue;
        }
        accepted.extend(
            fix.edits
                .iter()
                .map(|e| (e.start, e.end, e.replacement.as_str())),
        );
        count += 1;
    }
    accepted.sort_by_key(|&(s, e, _)| (s, e));
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (start, end, replacement) in accepted {
        out.extend_from_slice(&bytes[at..start]);
        out.extend_from_slice(replacement.as_bytes());
        at = end;
    }
    out.extend_from_slice(&bytes[at..]);
    (out, count)
}

/// Lints and fixes `source` until no fix at `level` applies (at most [`MAX_PASSES`] passes).
pub fn fix_source(
    linter: &Linter,
    settings: &Settings,
    source: &SourceFile,
    level: Applicability,
) -> Fixed {
    let mut bytes = source.bytes().to_vec();
    let mut current = source.clone();
    let mut diagnostics = linter.lint_with(&current, settings);
    let mut unfixed = None;
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let (next, count) = apply(&bytes, &diagnostics, level);
        if count == 0 {
            break;
        }
        applied += count;
        bytes = next;
        if unfixed.is_none() {
            unfixed = Some(std::mem::take(&mut diagnostics));
        }
        // Read in the encoding the file was found in: a fix must not change how it is read.
        match SourceFile::with_encoding(source.path(), bytes.clone(), source.encoding()) {
            Ok(s) => current = s,
            Err(_) => {
                return Fixed {
                    bytes,
                    applied,
                    remaining: Vec::new(),
                    unfixed,
                    source: None,
                };
            }
        }
        diagnostics = linter.lint_with(&current, settings);
    }
    Fixed {
        bytes,
        applied,
        remaining: diagnostics,
        unfixed,
        source: Some(current),
    }
}

/// A unified diff from `old` to `new` for `path`, that `patch -p0` applies.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    // A line break in the name would start a diff line of its own.
    let shown = crate::escape::for_terminal(path);
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&shown, &shown)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::sync::Arc;

    fn diag(
        rule: &str,
        edits: &[(usize, usize, &str)],
        applicability: Applicability,
    ) -> Diagnostic {
        Diagnostic {
            rule: Arc::from(rule),
            severity: Severity::Warning,
            message: String::new(),
            span: edits[0].0..edits[0].1,
            labels: Vec::new(),
            help: None,
            fix: Some(Fix::of(applicability, edits)),
            raised_from: None,
        }
    }

    #[test]
    fn overlapping_fixes_are_resolved_by_position_then_rule() {
        let text = b"abcdef";
        let ds = [
            diag("B.Rule", &[(1, 3, "X")], Applicability::Safe),
            diag("A.Rule", &[(1, 2, "Y")], Applicability::Safe),
            diag("C.Rule", &[(4, 5, "")], Applicability::Safe),
            diag("D.Rule", &[(5, 6, "Z")], Applicability::Unsafe),
        ];
        assert_eq!(
            apply(text, &ds, Applicability::Safe),
            (b"aYcdf".to_vec(), 2)
        );
        assert_eq!(
            apply(text, &ds, Applicability::Unsafe),
            (b"aYcdZ".to_vec(), 3)
        );
    }

    #[test]
    fn bytes_outside_edits_are_kept() {
        let text = b"\xEF\xBB\xBFa  b\r\n\xFF";
        let ds = [diag("A.Rule", &[(4, 5, "")], Applicability::Safe)];
        assert_eq!(
            apply(text, &ds, Applicability::Safe).0,
            b"\xEF\xBB\xBFa b\r\n\xFF".to_vec()
        );
    }
}
