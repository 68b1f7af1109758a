//! One finding per span: the folding of diagnostics of different rules on the same bytes that
//! the module doc of [`crate::linter`] describes, here as an algorithm.
//!
//! **Nesting.** Several findings can nest (a block holding an HTML tag holding a quote). The
//! spans form a forest: sorted by start, then by end from the longest, a sweep with a stack gives
//! each finding the innermost span that contains it (a span that overlaps the next one only in
//! part is popped, so the stack always holds nested spans). Each finding then meets its children
//! from the innermost out: it folds into the best child that wins over it (never into two: its
//! children are not nested in one another), or else takes in every child it wins over, with
//! whatever was folded into them. Sorting is O(n log n), the sweep and the resolution O(n); fixes
//! are merged smaller into larger, so each edit moves O(log n) times.

use crate::checks::registry::Specificity;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

/// Folds the diagnostics of `out` that report the same bytes of `text`, as the linter's module
/// doc describes.
/// `specificity` gives the specificity of a rule's kind by rule id; diagnostics of rules it does
/// not know (copydesk's own, `Core.*`) are left as they are.
pub(super) fn fold(
    out: &mut Vec<Diagnostic>,
    text: &str,
    specificity: impl Fn(&str) -> Option<Specificity>,
) {
    if out.len() < 2 {
        return;
    }
    let mut nodes: Vec<Node> = out
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.span.is_empty())
        .filter_map(|(index, d)| {
            let specificity = specificity(&d.rule)?;
            Some(Node {
                index,
                specificity,
                lines: specificity == Specificity::Block
                    && text.get(d.span.clone()).is_some_and(|s| s.contains('\n')),
            })
        })
        .collect();
    if nodes.len() < 2 {
        return;
    }
    let better = |a: &Node, b: &Node| rank(&out[a.index], a, &out[b.index], b);
    nodes.sort_by(|a, b| {
        let (da, db) = (&out[a.index], &out[b.index]);
        da.span
            .start
            .cmp(&db.span.start)
            .then(db.span.end.cmp(&da.span.end))
            .then_with(|| better(a, b))
    });
    let n = nodes.len();

    // The innermost span containing each one, by a sweep over spans that nest.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stack: Vec<usize> = Vec::new();
    for k in 0..n {
        let span = &out[nodes[k].index].span;
        while let Some(&top) = stack.last()
            && out[nodes[top].index].span.end < span.end
        {
            stack.pop();
        }
        if let Some(&parent) = stack.last()
            && foldable(
                &out[nodes[parent].index],
                &nodes[parent],
                &out[nodes[k].index],
            )
        {
            children[parent].push(k);
        }
        stack.push(k);
    }

    // From the innermost out: `host[k]` is the node `k` was folded into, `winner[k]` the node
    // that shows what `k` found (itself when it stands), `fixes[w]` the fix of what `w` shows.
    // Each node's edits are numbered in node order, but their map is built only when the node
    // meets another in a merge: most findings fold with nothing, and would each cost a map and
    // a copy of their edits. `seq[k]` is where node `k`'s numbering starts.
    let mut seq = Vec::with_capacity(n);
    let mut edits = 0;
    for node in &nodes {
        seq.push(edits);
        edits += out[node.index].fix.as_ref().map_or(0, |f| f.edits.len());
    }
    let mut fixes: Vec<Option<Edits>> = (0..n).map(|_| None).collect();
    let mut built = vec![false; n];
    let mut build = |fixes: &mut [Option<Edits>], k: usize| {
        if !built[k] {
            built[k] = true;
            fixes[k] = Some(Edits::of(out[nodes[k].index].fix.as_ref(), &mut seq[k]));
        }
    };
    let mut host: Vec<Option<usize>> = vec![None; n];
    let mut winner: Vec<usize> = (0..n).collect();
    for p in (0..n).rev() {
        let (dp, np) = (&out[nodes[p].index], &nodes[p]);
        // A block keeps what it strictly contains, unless it is one line holding one finding:
        // then it is a verdict on that line that the finding says more precisely.
        let keeps = np.lines || (np.specificity == Specificity::Block && children[p].len() > 1);
        let wins_over_p = |c: usize| {
            let dc = &out[nodes[c].index];
            // Otherwise the better rank wins.
            !(keeps && dp.span != dc.span) && better(&nodes[c], np) == Ordering::Less
        };
        let best = children[p]
            .iter()
            .copied()
            .filter(|&c| wins_over_p(c))
            .min_by(|&a, &b| better(&nodes[a], &nodes[b]));
        if let Some(c) = best {
            let w = winner[c];
            build(&mut fixes, w);
            build(&mut fixes, p);
            if let Some(merged) = merge(&mut fixes, w, p) {
                fixes[w] = Some(merged);
                host[p] = Some(w);
                winner[p] = w;
                continue;
            }
        }
        for &c in &children[p] {
            if wins_over_p(c) {
                continue;
            }
            let w = winner[c];
            build(&mut fixes, p);
            build(&mut fixes, w);
            if let Some(merged) = merge(&mut fixes, p, w) {
                fixes[p] = Some(merged);
                host[w] = Some(p);
            }
        }
    }

    // Each folded finding goes to the node at the end of its chain of hosts (each step moves to
    // a node that stands or was folded later); chains are walked once, by path compression.
    let mut root: Vec<Option<usize>> = vec![None; n];
    for k in 0..n {
        let mut r = k;
        while root[r].is_none()
            && let Some(h) = host[r]
        {
            r = h;
        }
        let r = root[r].unwrap_or(r);
        let mut x = k;
        while root[x].is_none() {
            root[x] = Some(r);
            match host[x] {
                Some(h) => x = h,
                None => break,
            }
        }
    }
    let root: Vec<usize> = root.into_iter().map(|r| r.unwrap_or_default()).collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for k in 0..n {
        if root[k] != k {
            members[root[k]].push(k);
        }
    }
    for (r, group) in members.iter().enumerate() {
        if !group.is_empty() {
            build(&mut fixes, r);
        }
    }
    let mut folded = vec![false; out.len()];
    for (r, mut group) in members.into_iter().enumerate() {
        if group.is_empty() {
            continue;
        }
        group.sort_by(|&a, &b| {
            out[nodes[a].index]
                .sort_key()
                .cmp(&out[nodes[b].index].sort_key())
        });
        let mut labels = Vec::new();
        let mut severity = out[nodes[r].index].severity;
        for k in group {
            let d = &mut out[nodes[k].index];
            folded[nodes[k].index] = true;
            severity = severity.max(d.severity);
            labels.push(Label::folded_from(d));
            labels.extend(std::mem::take(&mut d.labels).into_iter().map(|l| Label {
                message: format!("{}: {}", d.rule, l.message),
                ..l
            }));
        }
        let fix = fixes[r].take().and_then(Edits::into_fix);
        let d = &mut out[nodes[r].index];
        if severity > d.severity {
            d.raised_from = Some(d.severity);
            d.severity = severity;
        }
        d.labels.extend(labels);
        d.fix = fix;
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !folded[i - 1]
    });
}

/// A diagnostic that may fold: its index in the output and its kind's specificity.
struct Node {
    index: usize,
    specificity: Specificity,
    /// A block whose span holds a line break (only blocks ask).
    lines: bool,
}

/// Whether `inner`, whose span `outer`'s contains, may fold with `outer` at all.
fn foldable(outer: &Diagnostic, node: &Node, inner: &Diagnostic) -> bool {
    outer.rule != inner.rule
        && (outer.span == inner.span
            || node.specificity != Specificity::Block
            || pack(&outer.rule) == pack(&inner.rule))
}

/// The pack of a rule id: the part before the dot.
fn pack(id: &str) -> &str {
    id.split_once('.').map_or(id, |(pack, _)| pack)
}

/// Which of two diagnostics is shown when they fold (`Less`: the first), block containment
/// aside: the more specific kind, the wider span, a fix, the higher level, the lower rule id,
/// and last the position (for a total order among findings of one rule).
fn rank(a: &Diagnostic, na: &Node, b: &Diagnostic, nb: &Node) -> Ordering {
    nb.specificity
        .cmp(&na.specificity)
        .then(b.span.len().cmp(&a.span.len()))
        .then(b.fix.is_some().cmp(&a.fix.is_some()))
        .then(b.severity.cmp(&a.severity))
        .then_with(|| a.rule.cmp(&b.rule))
        .then(a.span.start.cmp(&b.span.start))
}

/// The edits of a fix while findings fold, by position (the third part of the key keeps edits
/// at one place apart, in the order they were made). Edits of different findings never clash;
/// those of one fix do not overlap.
#[derive(Debug, Default)]
struct Edits {
    applicability: Option<Applicability>,
    edits: BTreeMap<(usize, usize, usize), Edit>,
}

impl Edits {
    fn of(fix: Option<&Fix>, seq: &mut usize) -> Edits {
        let Some(fix) = fix else {
            return Edits::default();
        };
        let edits = fix
            .edits
            .iter()
            .map(|e| {
                *seq += 1;
                ((e.start, e.end, *seq), e.clone())
            })
            .collect();
        Edits {
            applicability: Some(fix.applicability),
            edits,
        }
    }

    fn into_fix(self) -> Option<Fix> {
        if self.edits.is_empty() {
            return None;
        }
        Some(Fix {
            applicability: self.applicability?,
            edits: self.edits.into_values().collect(),
        })
    }

    fn len(&self) -> usize {
        self.edits.len()
    }

    /// The keys of the edits that `e` clashes with or covers, or that cover it.
    fn meeting(&self, e: &Edit) -> impl Iterator<Item = (&(usize, usize, usize), &Edit)> {
        self.edits
            .range(..=(e.end, usize::MAX, usize::MAX))
            .rev()
            .take_while(move |(_, x)| x.end >= e.start)
            .filter(move |(_, x)| clash(x, e) || covers(x, e) || covers(e, x))
    }
}

/// The fix of `winner`'s findings with `loser`'s joined to it, or `None` (and both left as they
/// were) when an edit of the loser's clashes with one of the winner's without being covered by
/// it, or when edits that remain differ in safety. The smaller set of edits is walked against
/// the larger, whose map becomes the result.
fn merge(fixes: &mut [Option<Edits>], winner: usize, loser: usize) -> Option<Edits> {
    let (w, l) = (fixes[winner].as_ref()?, fixes[loser].as_ref()?);
    if l.edits.is_empty() {
        return fixes[winner].take();
    }
    let mut dropped = Vec::new();
    let mut added = Vec::new();
    if w.len() <= l.len() {
        for e in w.edits.values() {
            for (key, x) in l.meeting(e) {
                if !covers(e, x) {
                    return None;
                }
                dropped.push(*key);
            }
        }
        dropped.sort_unstable();
        dropped.dedup();
    } else {
        for (key, x) in &l.edits {
            let mut covered = false;
            for (_, e) in w.meeting(x) {
                if !covers(e, x) {
                    return None;
                }
                covered = true;
            }
            if !covered {
                added.push(*key);
            }
        }
    }
    let kept = if w.len() <= l.len() {
        l.len() - dropped.len()
    } else {
        added.len()
    };
    let applicability = match (w.applicability, l.applicability) {
        (a, _) if kept == 0 => a,
        (None, b) => b,
        (Some(a), Some(b)) if a == b => Some(a),
        _ => return None,
    };
    let (w, mut l) = (fixes[winner].take()?, fixes[loser].take()?);
    let edits = if w.len() <= l.len() {
        for key in dropped {
            l.edits.remove(&key);
        }
        l.edits.extend(w.edits);
        l.edits
    } else {
        let mut edits = w.edits;
        for key in added {
            if let Some(e) = l.edits.remove(&key) {
                edits.insert(key, e);
            }
        }
        edits
    };
    Some(Edits {
        applicability,
        edits,
    })
}

/// Whether two edits cannot both apply, as the fixer judges it (`crate::fix::apply`): they
/// overlap, start at the same place, or one inserts where the other ends.
fn clash(a: &Edit, b: &Edit) -> bool {
    (a.start < b.end && b.start < a.end)
        || a.start == b.start
        || (a.start == a.end && a.start == b.end)
        || (b.start == b.end && b.start == a.end)
}

/// Whether applying `outer` makes `inner` moot: the same range, or a range inside it (an
/// insertion strictly inside, not at either end, where it would still add text).
fn covers(outer: &Edit, inner: &Edit) -> bool {
    let range = |e: &Edit| -> Range<usize> { e.start..e.end };
    range(outer) == range(inner)
        || (outer.start <= inner.start
            && inner.end <= outer.end
            && (inner.start < inner.end || (outer.start < inner.start && inner.start < outer.end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::sync::Arc;

    fn spec(id: &str) -> Option<Specificity> {
        Some(match id {
            "P.Phrase" | "P.Other" | "Q.Phrase" => Specificity::Phrase,
            "P.Heuristic" | "Q.Heuristic" => Specificity::Heuristic,
            "P.Block" => Specificity::Block,
            _ => return None,
        })
    }

    fn d(rule: &str, span: Range<usize>) -> Diagnostic {
        Diagnostic {
            rule: Arc::from(rule),
            severity: Severity::Warning,
            message: format!("{rule} says"),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
            raised_from: None,
        }
    }

    fn with_fix(mut d: Diagnostic, edits: &[(usize, usize, &str)], a: Applicability) -> Diagnostic {
        d.fix = Some(Fix::of(a, edits));
        d
    }

    /// Folds `ds` found in a text of short lines, so that every block spans several.
    fn folded(ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
        folded_in(ds, &"line\n".repeat(50))
    }

    fn folded_in(mut ds: Vec<Diagnostic>, text: &str) -> Vec<Diagnostic> {
        fold(&mut ds, text, spec);
        ds
    }

    /// Rule, span and the rules folded into each diagnostic.
    fn shape(ds: &[Diagnostic]) -> Vec<(String, Range<usize>, Vec<String>)> {
        ds.iter()
            .map(|d| {
                let inner = d
                    .labels
                    .iter()
                    .filter_map(|l| {
                        l.folded
                            .as_ref()
                            .map(|f| format!("{}@{:?}", f.rule, l.span))
                    })
                    .collect();
                (d.rule.to_string(), d.span.clone(), inner)
            })
            .collect()
    }

    fn s(rule: &str, span: Range<usize>, inner: &[&str]) -> (String, Range<usize>, Vec<String>) {
        (
            rule.into(),
            span,
            inner.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn the_more_specific_kind_wins_whatever_the_order_or_the_width() {
        for ds in [
            vec![d("P.Heuristic", 0..10), d("Q.Phrase", 4..10)],
            vec![d("Q.Phrase", 4..10), d("P.Heuristic", 0..10)],
        ] {
            assert_eq!(
                shape(&folded(ds)),
                [s("Q.Phrase", 4..10, &["P.Heuristic@0..10"])]
            );
        }
        // Equal spans: the same.
        assert_eq!(
            shape(&folded(vec![d("P.Heuristic", 3..8), d("Q.Phrase", 3..8)])),
            [s("Q.Phrase", 3..8, &["P.Heuristic@3..8"])]
        );
    }

    #[test]
    fn between_equals_the_wider_then_the_fix_then_the_level_then_the_id_wins() {
        assert_eq!(
            shape(&folded(vec![d("P.Phrase", 0..4), d("Q.Phrase", 0..5)])),
            [s("Q.Phrase", 0..5, &["P.Phrase@0..4"])]
        );
        let fixed = with_fix(d("Q.Phrase", 0..5), &[(0, 5, "")], Applicability::Safe);
        assert_eq!(
            shape(&folded(vec![d("P.Phrase", 0..5), fixed])),
            [s("Q.Phrase", 0..5, &["P.Phrase@0..5"])]
        );
        let mut severe = d("Q.Phrase", 0..5);
        severe.severity = Severity::Error;
        assert_eq!(
            shape(&folded(vec![d("P.Phrase", 0..5), severe])),
            [s("Q.Phrase", 0..5, &["P.Phrase@0..5"])]
        );
        assert_eq!(
            shape(&folded(vec![d("Q.Phrase", 0..5), d("P.Phrase", 0..5)])),
            [s("P.Phrase", 0..5, &["Q.Phrase@0..5"])]
        );
    }

    #[test]
    fn touching_partial_same_rule_empty_and_unknown_findings_stay_apart() {
        for ds in [
            vec![d("P.Phrase", 0..4), d("Q.Phrase", 4..8)],
            vec![d("P.Phrase", 0..6), d("Q.Phrase", 4..8)],
            vec![d("P.Phrase", 0..8), d("P.Phrase", 2..4)],
            vec![d("P.Phrase", 0..8), d("Q.Phrase", 3..3)],
            vec![d("P.Phrase", 0..8), d("Core.Own", 2..4)],
        ] {
            let before = shape(&ds);
            assert_eq!(shape(&folded(ds)), before);
        }
    }

    #[test]
    fn a_block_takes_in_its_own_pack_only() {
        let ds = vec![
            d("P.Block", 0..100),
            d("P.Phrase", 10..20),
            d("P.Other", 30..40),
            d("Q.Phrase", 50..60),
            d("P.Phrase", 90..110),
        ];
        assert_eq!(
            shape(&folded(ds)),
            [
                s("P.Block", 0..100, &["P.Phrase@10..20", "P.Other@30..40"]),
                s("Q.Phrase", 50..60, &[]),
                s("P.Phrase", 90..110, &[]),
            ]
        );
        // The same span: the more specific finding is shown.
        assert_eq!(
            shape(&folded(vec![d("P.Block", 0..10), d("Q.Phrase", 0..10)])),
            [s("Q.Phrase", 0..10, &["P.Block@0..10"])]
        );
    }

    #[test]
    fn a_block_of_one_line_yields_to_the_one_finding_it_holds() {
        let one_line = "Accept all cookies to read on | Manage\nNext line";
        let ds = || {
            vec![
                d("P.Block", 0..38),
                d("P.Phrase", 0..18),
                d("Q.Phrase", 21..29),
            ]
        };
        assert_eq!(
            shape(&folded_in(ds(), one_line)),
            [
                s("P.Phrase", 0..18, &["P.Block@0..38"]),
                s("Q.Phrase", 21..29, &[]),
            ]
        );
        // Holding two, it says what neither says alone (a paragraph dense with them).
        let mut two = ds();
        two.push(d("P.Other", 32..38));
        assert_eq!(
            shape(&folded_in(two, one_line)),
            [
                s("P.Block", 0..38, &["P.Phrase@0..18", "P.Other@32..38"]),
                s("Q.Phrase", 21..29, &[]),
            ]
        );
        // The same spans over two lines: the block keeps what it holds.
        let two_lines = one_line.replacen(' ', "\n", 1);
        assert_eq!(
            shape(&folded_in(ds(), &two_lines)),
            [
                s("P.Block", 0..38, &["P.Phrase@0..18"]),
                s("Q.Phrase", 21..29, &[]),
            ]
        );
    }

    #[test]
    fn nested_findings_fold_into_one_without_joining_neighbours() {
        // A heuristic over two phrases folds into the better one (the wider); the other stays.
        assert_eq!(
            shape(&folded(vec![
                d("P.Heuristic", 0..20),
                d("P.Phrase", 2..5),
                d("Q.Phrase", 10..14),
            ])),
            [
                s("P.Phrase", 2..5, &[]),
                s("Q.Phrase", 10..14, &["P.Heuristic@0..20"]),
            ]
        );
        // A block holding a phrase holding a heuristic of another pack: one diagnostic.
        assert_eq!(
            shape(&folded(vec![
                d("P.Block", 0..50),
                d("P.Phrase", 5..30),
                d("Q.Heuristic", 10..12),
            ])),
            [s(
                "P.Block",
                0..50,
                &["P.Phrase@5..30", "Q.Heuristic@10..12"]
            )]
        );
    }

    #[test]
    fn the_shown_diagnostic_carries_the_worst_level_and_the_labels() {
        let mut cookie = d("P.Phrase", 2..6);
        cookie.severity = Severity::Error;
        cookie.labels.push(Label {
            span: 0..1,
            message: "opened here".into(),
            folded: None,
        });
        let out = folded(vec![d("P.Block", 0..10), cookie]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].severity, Severity::Error);
        let labels: Vec<(&str, Range<usize>)> = out[0]
            .labels
            .iter()
            .map(|l| (l.message.as_str(), l.span.clone()))
            .collect();
        assert_eq!(
            labels,
            [
                ("also P.Phrase: P.Phrase says", 2..6),
                ("P.Phrase: opened here", 0..1)
            ]
        );
        let found: Vec<(&str, Severity)> =
            out[0].findings().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(
            found,
            [
                ("P.Block", Severity::Warning),
                ("P.Phrase", Severity::Error)
            ]
        );
    }

    #[test]
    fn fixes_join_unless_they_clash_or_differ_in_safety() {
        let safe = Applicability::Safe;
        // Covered: the line deletion makes the word edit moot.
        let out = folded(vec![
            with_fix(d("P.Phrase", 0..10), &[(0, 11, "")], safe),
            with_fix(
                d("Q.Heuristic", 4..8),
                &[(4, 8, "x")],
                Applicability::Unsafe,
            ),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].fix.as_ref().unwrap().edits.len(), 1);
        // A winner without a fix takes the other's.
        let out = folded(vec![
            d("P.Phrase", 0..10),
            with_fix(
                d("Q.Heuristic", 6..10),
                &[(6, 7, "h")],
                Applicability::Unsafe,
            ),
        ]);
        assert_eq!(out.len(), 1);
        let fix = out[0].fix.as_ref().unwrap();
        assert_eq!(
            (fix.applicability, fix.edits.len()),
            (Applicability::Unsafe, 1)
        );
        // A block joins the deletions of the lines it holds.
        let out = folded(vec![
            d("P.Block", 0..30),
            with_fix(d("P.Phrase", 0..9), &[(0, 10, "")], safe),
            with_fix(d("P.Other", 20..29), &[(20, 30, "")], safe),
        ]);
        assert_eq!(out.len(), 1);
        let edits: Vec<(usize, usize)> = out[0]
            .fix
            .as_ref()
            .unwrap()
            .edits
            .iter()
            .map(|e| (e.start, e.end))
            .collect();
        assert_eq!(edits, [(0, 10), (20, 30)]);
        // Edits that clash, or that differ in safety: the loser stays on its own.
        for loser in [
            with_fix(d("P.Other", 2..6), &[(2, 9, "y")], safe),
            with_fix(d("P.Other", 2..6), &[(5, 6, "y")], Applicability::Unsafe),
        ] {
            let out = folded(vec![
                with_fix(d("P.Phrase", 0..8), &[(0, 3, "x")], safe),
                loser,
            ]);
            assert_eq!(out.len(), 2, "{out:?}");
        }
    }

    #[test]
    fn edit_relations() {
        let e = |start, end| Edit {
            start,
            end,
            replacement: String::new(),
        };
        assert!(covers(&e(0, 10), &e(2, 4)));
        assert!(covers(&e(0, 10), &e(0, 10)));
        assert!(covers(&e(0, 10), &e(5, 5)));
        assert!(!covers(&e(0, 10), &e(10, 10)));
        assert!(!covers(&e(0, 10), &e(0, 0)));
        assert!(!covers(&e(2, 4), &e(0, 10)));
        assert!(clash(&e(0, 4), &e(3, 6)));
        assert!(clash(&e(0, 4), &e(4, 4)));
        assert!(clash(&e(4, 4), &e(4, 6)));
        assert!(!clash(&e(0, 4), &e(4, 6)));
    }
}
