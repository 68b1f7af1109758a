//! Applying fixes: edits on the bytes of the file, repeated until nothing more applies. Writing
//! the result back is the command line's job (`cli::replace`).
//!
//! Edits are byte ranges of the source as stored, so every byte outside them (line endings, a
//! byte-order mark, a missing final newline, invalid UTF-8 elsewhere) is kept exactly. Fixes
//! that overlap an already accepted one are skipped in this pass (the one that starts first wins,
//! then the rule id decides) and reconsidered after re-linting, as ruff does.

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Omitted};
use crate::linter::{Linted, Linter};
use crate::markup::Markup;
use crate::source::SourceFile;
use std::time::{Duration, Instant};

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
    /// The findings of the fixed text past the cap on findings per rule, counted.
    pub omitted: Vec<Omitted>,
    /// What linting the text before any fix found, when a fix applied: what the file still
    /// holds when the fixed text cannot be written.
    pub unfixed: Option<Linted>,
    /// The fixed source, decoded; `None` if it stopped being text (it cannot: edits are text).
    pub source: Option<SourceFile>,
}

/// Whether `fix` may be applied at the requested level.
fn allowed(fix: &Fix, level: Applicability) -> bool {
    fix.applicability >= level
}

/// The fixes of `diagnostics` that `level` allows and whose edits lie in `bytes`, in the order
/// they are tried: by their first edit, then by rule.
fn candidates<'d>(
    bytes: &[u8],
    diagnostics: &'d [Diagnostic],
    level: Applicability,
) -> Vec<(&'d Diagnostic, &'d Fix)> {
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
    fixes
}

/// Applies the non-overlapping fixes of `diagnostics` at `level` or safer to `bytes`.
/// Returns the new bytes and the number of fixes applied.
pub fn apply(bytes: &[u8], diagnostics: &[Diagnostic], level: Applicability) -> (Vec<u8>, usize) {
    let fixes = candidates(bytes, diagnostics, level);
    let mut taken = Taken::new(fixes.iter().flat_map(|(_, f)| &f.edits));
    let mut accepted: Vec<(usize, usize, &str)> = Vec::new();
    let mut count = 0;
    for (_, fix) in fixes {
        if fix.edits.iter().any(|e| taken.clashes(e.start, e.end)) {
            continue;
        }
        for e in &fix.edits {
            taken.add(e.start, e.end);
            accepted.push((e.start, e.end, e.replacement.as_str()));
        }
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

/// The edits accepted so far in one pass of [`apply`], for the question whether another edit
/// clashes with one of them: their ranges overlap, they start at the same byte, or it inserts
/// where one ends. One fix's edits are not checked against each other, so accepted ranges may
/// overlap, and a fix file can hold hundreds of thousands of them: instead of every accepted edit
/// being compared, the replacements are kept by start with the furthest end at or before each
/// start (a Fenwick tree of maxima over the starts, known in advance), and the insertions in a
/// sorted set.
struct Taken {
    /// The distinct starts of the candidate edits that replace something, ascending.
    starts: Vec<usize>,
    /// The tree over `starts`: one more than the furthest end of an accepted replacement, 0 for
    /// none.
    ends: Vec<usize>,
    /// The positions of the accepted insertions.
    insertions: std::collections::BTreeSet<usize>,
}

impl Taken {
    /// Room for the edits among `candidates`.
    fn new<'a>(candidates: impl Iterator<Item = &'a crate::diagnostic::Edit>) -> Self {
        let mut starts: Vec<usize> = candidates
            .filter(|e| e.start < e.end)
            .map(|e| e.start)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        Taken {
            ends: vec![0; starts.len()],
            starts,
            insertions: std::collections::BTreeSet::new(),
        }
    }

    /// Records an accepted edit.
    fn add(&mut self, start: usize, end: usize) {
        if start == end {
            self.insertions.insert(start);
            return;
        }
        let i = self.starts.partition_point(|&s| s < start);
        debug_assert_eq!(self.starts.get(i), Some(&start), "a candidate's start");
        // Node n (from 1) holds the starts n - lowest bit of n + 1 ..= n.
        let mut n = i + 1;
        while n <= self.ends.len() {
            self.ends[n - 1] = self.ends[n - 1].max(end + 1);
            n += n & n.wrapping_neg();
        }
    }

    /// One more than the furthest end of an accepted replacement starting at or before `at`, or
    /// 0.
    fn furthest_end(&self, at: usize) -> usize {
        let mut n = self.starts.partition_point(|&s| s <= at);
        let mut furthest = 0;
        while n > 0 {
            furthest = furthest.max(self.ends[n - 1]);
            n &= n - 1;
        }
        furthest
    }

    /// Whether an edit of `start..end` clashes with an accepted one.
    fn clashes(&self, start: usize, end: usize) -> bool {
        if start == end {
            // A replacement of s..t holds it if s <= start <= t; an insertion if at the same
            // byte.
            self.furthest_end(start) > start || self.insertions.contains(&start)
        } else {
            // A replacement s..t overlaps it if s < end and start < t; an insertion at q
            // clashes if start <= q < end (a shared start, or inside).
            self.furthest_end(end - 1) > start + 1
                || self.insertions.range(start..end).next().is_some()
        }
    }
}

/// Lints and fixes `source` until no fix at `level` applies (at most [`MAX_PASSES`] passes).
///
/// Only the fixes of the diagnostics reported are applied: with a cap on findings per rule
/// (`settings.max_findings_per_rule`), each pass fixes a rule's first findings up to the cap and
/// the next pass, on the fixed text, the next ones, so a rule with more findings than the cap
/// times [`MAX_PASSES`] keeps some for another run. Linting every finding of hostile text for
/// its fixes would take the memory the cap is there to save.
pub fn fix_source(
    linter: &Linter,
    settings: &Settings,
    source: &SourceFile,
    level: Applicability,
) -> Fixed {
    let lint = |source: &SourceFile| {
        let markup = settings
            .markup
            .unwrap_or_else(|| Markup::from_path(source.path()));
        linter.lint_capped(source, markup, settings)
    };
    let mut bytes = source.bytes().to_vec();
    let mut current = source.clone();
    let mut linted = lint(&current);
    let mut unfixed = None;
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let (next, count) = apply(&bytes, &linted.diagnostics, level);
        if count == 0 {
            break;
        }
        applied += count;
        bytes = next;
        if unfixed.is_none() {
            unfixed = Some(std::mem::take(&mut linted));
        }
        // Read in the encoding the file was found in: a fix must not change how it is read.
        match SourceFile::with_encoding(source.path(), bytes.clone(), source.encoding()) {
            Ok(s) => current = s,
            Err(_) => {
                return Fixed {
                    bytes,
                    applied,
                    remaining: Vec::new(),
                    omitted: Vec::new(),
                    unfixed,
                    source: None,
                };
            }
        }
        linted = lint(&current);
    }
    Fixed {
        bytes,
        applied,
        remaining: linted.diagnostics,
        omitted: linted.omitted,
        unfixed,
        source: Some(current),
    }
}

/// How long `--diff` looks for the shortest diff of one file: Myers' search grows with the
/// product of the lengths when most lines change. Past it, what is left unmatched is shown as
/// removed and added whole, still a diff that `patch` applies, only a longer one.
const DIFF_TIMEOUT: Duration = Duration::from_secs(1);

/// A unified diff from `old` to `new` for `path`, that `patch -p0` applies.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> String {
    unified_diff_by(path, old, new, Instant::now() + DIFF_TIMEOUT)
}

/// [`unified_diff`], matching lines until `deadline`.
fn unified_diff_by(path: &str, old: &[u8], new: &[u8], deadline: Instant) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    // A line break in the name would start a diff line of its own.
    let shown = crate::escape::for_terminal(path);
    similar::TextDiff::configure()
        .deadline(deadline)
        .diff_lines(old.as_ref(), new.as_ref())
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

    /// The accepted set as it was first written: every edit compared with every accepted one.
    fn apply_by_scan(
        bytes: &[u8],
        diagnostics: &[Diagnostic],
        level: Applicability,
    ) -> (Vec<u8>, usize) {
        let fixes = candidates(bytes, diagnostics, level);
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
        let mut out = Vec::new();
        let mut at = 0;
        for (start, end, replacement) in accepted {
            out.extend_from_slice(&bytes[at..start]);
            out.extend_from_slice(replacement.as_bytes());
            at = end;
        }
        out.extend_from_slice(&bytes[at..]);
        (out, count)
    }

    /// Fixes of one to three edits each, in order and apart within a fix (as the rules make
    /// them), but crowding one another across fixes: insertions at the ends and starts of
    /// replacements, shared starts, nested and chained ranges, edits past the end of the text.
    fn crowded(seed: u64, fixes: usize, len: usize) -> Vec<Diagnostic> {
        let mut state = seed | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let rules = ["A.Rule", "B.Rule", "C.Rule"];
        let replacements = ["", "X", "YZ"];
        (0..fixes)
            .map(|_| {
                let mut at = next(len + 2);
                let mut edits = Vec::new();
                for _ in 0..1 + next(3) {
                    let end = at + [0, 0, 1, 1, 2, 4][next(6)];
                    edits.push((at, end, replacements[next(3)]));
                    at = end + next(3);
                }
                let level = [Applicability::Safe, Applicability::Unsafe][next(2)];
                diag(rules[next(3)], &edits, level)
            })
            .collect()
    }

    #[test]
    fn many_crowded_fixes_apply_as_by_a_scan_of_every_accepted_edit() {
        let text: Vec<u8> = (0..64u8).map(|i| b'a' + i % 26).collect();
        for seed in 0..200 {
            let ds = crowded(seed, 1 + seed as usize % 60, text.len());
            for level in [Applicability::Safe, Applicability::Unsafe] {
                assert_eq!(
                    apply(&text, &ds, level),
                    apply_by_scan(&text, &ds, level),
                    "seed {seed}"
                );
            }
        }
        // Thousands of fixes over a longer text.
        let text = text.repeat(200);
        let ds = crowded(7, 20_000, text.len());
        let (fixed, count) = apply(&text, &ds, Applicability::Unsafe);
        assert!(count > 1_000, "{count}");
        assert_eq!(
            (fixed, count),
            apply_by_scan(&text, &ds, Applicability::Unsafe)
        );
    }

    #[test]
    fn insertions_clash_at_the_ends_and_starts_of_other_edits() {
        let text = b"abcdef";
        let ds = [
            // First (it starts at 0): a replacement and an insertion at byte 5.
            diag("H.Rule", &[(0, 1, "V"), (5, 5, "<")], Applicability::Safe),
            diag("A.Rule", &[(1, 3, "X")], Applicability::Safe),
            // At the end of an accepted replacement: skipped.
            diag("B.Rule", &[(3, 3, "+")], Applicability::Safe),
            // A replacement starting there: applied.
            diag("C.Rule", &[(3, 4, "Y")], Applicability::Safe),
            // Over the accepted insertion: skipped; ending at it: applied.
            diag("G.Rule", &[(4, 6, "Z")], Applicability::Safe),
            diag("I.Rule", &[(4, 5, "W")], Applicability::Safe),
            // A replacement and an insertion at the insertion's byte: skipped.
            diag("E.Rule", &[(5, 6, "U")], Applicability::Safe),
            diag("F.Rule", &[(5, 5, ">")], Applicability::Safe),
        ];
        assert_eq!(
            apply(text, &ds, Applicability::Safe),
            (b"VXYW<f".to_vec(), 4)
        );
        assert_eq!(
            apply(text, &ds, Applicability::Safe),
            apply_by_scan(text, &ds, Applicability::Safe)
        );
    }

    #[test]
    fn a_diff_out_of_time_replaces_what_is_left_whole() {
        let old = b"a\nX\nb\nY\nc\n";
        let new = b"a\nx\nb\ny\nc\n";
        assert_eq!(
            unified_diff_by("t.txt", old, new, Instant::now() + Duration::from_secs(60)),
            "--- t.txt\n+++ t.txt\n@@ -1,5 +1,5 @@\n a\n-X\n+x\n b\n-Y\n+y\n c\n"
        );
        // The common start and end are still found; the lines between are not matched.
        assert_eq!(
            unified_diff_by("t.txt", old, new, Instant::now()),
            "--- t.txt\n+++ t.txt\n@@ -1,5 +1,5 @@\n a\n-X\n-b\n-Y\n+x\n+b\n+y\n c\n"
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
