//! Applying fixes: edits on the bytes of the file, repeated until nothing more applies, and a
//! write that cannot corrupt the file.
//!
//! Edits are byte ranges of the source as stored, so every byte outside them (line endings, a
//! byte-order mark, a missing final newline, invalid UTF-8 elsewhere) is kept exactly. Fixes
//! that overlap an already accepted one are skipped in this pass (the one that starts first wins,
//! then the rule id decides) and reconsidered after re-linting, as ruff does.

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::linter::Linter;
use crate::source::SourceFile;
use std::io::Write;
use std::path::Path;

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
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let (next, count) = apply(&bytes, &diagnostics, level);
        if count == 0 {
            break;
        }
        applied += count;
        bytes = next;
        match SourceFile::new(source.path(), bytes.clone()) {
            Ok(s) => current = s,
            Err(_) => {
                return Fixed {
                    bytes,
                    applied,
                    remaining: Vec::new(),
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
        source: Some(current),
    }
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk after it was read: writing would lose that change.
    Changed,
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => {
                f.write_str("the file changed since it was read; not overwritten")
            }
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces the file at `path`, which held `original` when it was read, with `new`: written to a
/// temporary file in the same folder, synced, given the original's permissions, then renamed
/// over the original, so a reader sees either the old or the new file, never a partial one.
/// A symbolic link is followed: its target is replaced, the link stays.
pub fn write_if_unchanged(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    if std::fs::read(&target)? != original {
        return Err(WriteError::Changed);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-fix-")
        .tempfile_in(dir)?;
    tmp.write_all(new)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(permissions)?;
    // The last moment to notice a concurrent change before the rename.
    if std::fs::read(&target)? != original {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        // Make the rename itself durable; not all file systems support syncing a folder.
        let _ = d.sync_all();
    }
    Ok(())
}

/// A unified diff from `old` to `new` for `path`, that `patch -p0` applies.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Severity};
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
            fix: Some(Fix {
                applicability,
                edits: edits
                    .iter()
                    .map(|&(start, end, r)| Edit {
                        start,
                        end,
                        replacement: r.into(),
                    })
                    .collect(),
            }),
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

    #[test]
    fn a_changed_file_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"edited by someone else").unwrap();
        let err = write_if_unchanged(&path, b"what we read", b"fixed").unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(std::fs::read(&path).unwrap(), b"edited by someone else");
    }

    #[cfg(unix)]
    #[test]
    fn writes_keep_permissions_and_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_if_unchanged(&link, b"old", b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file is left behind");
    }
}
