//! Inline suppressions: `<!-- copydesk-disable ... -->` comments applied to diagnostics.
//!
//! A directive names rule ids or pack names (`Junk` covers every `Junk.*` rule); with none it
//! covers every rule. A diagnostic is suppressed when the start of its span lies in a region a
//! directive covers for its rule:
//!
//! * `copydesk-disable`: from the end of the comment to the start of the next `copydesk-enable`
//!   that names the rule (or names none), else to the end of the file;
//! * `copydesk-disable-next-line`: the next line after the comment's own that has anything but
//!   white space on it;
//! * `copydesk-disable-file`: the whole file.
//!
//! A suppression that suppresses nothing is itself reported ([`UNUSED_SUPPRESSION`]), per rule
//! it names, so that stale comments do not pile up and hide future findings.

use crate::diagnostic::{Diagnostic, Severity};
use crate::markup::{Directive, DirectiveKind};
use crate::source::SourceFile;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Rule id of the warning for a suppression comment that suppresses nothing. Callers that let
/// users turn rules off filter it like any other rule id.
pub const UNUSED_SUPPRESSION: &str = "Core.UnusedSuppression";

/// Diagnostics after suppression.
#[derive(Debug, Default)]
pub struct Suppressed {
    /// Diagnostics no directive covers, in their original order.
    pub kept: Vec<Diagnostic>,
    /// One [`UNUSED_SUPPRESSION`] warning for each directive some of whose rules (or which, for
    /// all rules) suppressed nothing, located at the comment.
    pub unused: Vec<Diagnostic>,
}

/// Whether the selector `selector` (a rule id or a pack name) covers rule `rule`.
pub fn covers(selector: &str, rule: &str) -> bool {
    rule.strip_prefix(selector)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A directive with its positions in source bytes and what it has suppressed so far.
struct Entry<'a> {
    directive: &'a Directive,
    /// The comment, in source bytes.
    span: Range<usize>,
    /// For `disable-next-line`: the covered line, in source bytes, with its terminator.
    line: Option<Range<usize>>,
    used_all: bool,
    /// Per rule of the directive: whether it suppressed something.
    used: Vec<bool>,
}

impl Entry<'_> {
    fn matches(&self, rule: &str) -> bool {
        self.directive.rules.is_empty() || self.directive.rules.iter().any(|s| covers(s, rule))
    }

    fn mark(&mut self, rule: &str) {
        if self.directive.rules.is_empty() {
            self.used_all = true;
        }
        for (used, s) in self.used.iter_mut().zip(&self.directive.rules) {
            *used |= covers(s, rule);
        }
    }
}

/// Applies `directives` (spans in the coordinates of `source.text()`) to `diagnostics` (spans in
/// source bytes).
///
/// Each rule's diagnostics are swept once against the directives in order, so the work is
/// linear in the number of diagnostics and directives for each rule that reported something.
pub fn apply(
    directives: &[Directive],
    diagnostics: Vec<Diagnostic>,
    source: &SourceFile,
) -> Suppressed {
    if directives.is_empty() {
        return Suppressed {
            kept: diagnostics,
            unused: Vec::new(),
        };
    }
    let mut suppressions = Suppressions::new(directives, source);
    let kept = suppressions.apply(diagnostics);
    Suppressed {
        kept,
        unused: suppressions.unused(),
    }
}

/// The directives of one file, applied a rule at a time, remembering which of them suppressed
/// something.
///
/// The linter asks [`Suppressions::covered`] about each rule's findings before it turns them
/// into diagnostics, so that findings past the per-rule cap (`--max-findings-per-rule`) can be
/// counted without being built and a suppressed one is never counted; [`Suppressions::apply`]
/// then takes copydesk's own diagnostics, and [`Suppressions::unused`] reports what suppressed
/// nothing in either.
pub struct Suppressions<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> Suppressions<'a> {
    /// The `directives` of `source` (spans in the coordinates of `source.text()`).
    pub fn new(directives: &'a [Directive], source: &SourceFile) -> Self {
        // Lines are looked for in the decoded text, where a line feed is one byte whatever the
        // encoding (in UTF-16 it is two, and 0x0A bytes occur inside other characters).
        let text = source.text().as_bytes();
        let entries = directives
            .iter()
            .map(|d| {
                let span = source.map().to_source(d.span.clone());
                let line = (d.kind == DirectiveKind::DisableNextLine)
                    .then(|| next_content_line(text, d.span.end))
                    .flatten()
                    .map(|line| source.map().to_source(line));
                Entry {
                    directive: d,
                    span,
                    line,
                    used_all: false,
                    used: vec![false; d.rules.len()],
                }
            })
            .collect();
        Suppressions { entries }
    }

    /// For each of `starts` (source bytes, ascending), where findings of `rule` start, whether
    /// a directive covers it; the directives that do are marked used.
    pub fn covered(&mut self, rule: &str, starts: &[usize]) -> Vec<bool> {
        sweep(&mut self.entries, rule, starts)
    }

    /// The `diagnostics` no directive covers, in their original order.
    pub fn apply(&mut self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut by_rule: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in diagnostics.iter().enumerate() {
            by_rule.entry(&d.rule).or_default().push(i);
        }
        let mut suppressed = vec![false; diagnostics.len()];
        for (rule, mut indices) in by_rule {
            indices.sort_by_key(|&i| diagnostics[i].span.start);
            let starts: Vec<usize> = indices.iter().map(|&i| diagnostics[i].span.start).collect();
            for (k, covered) in self.covered(rule, &starts).into_iter().enumerate() {
                suppressed[indices[k]] = covered;
            }
        }
        diagnostics
            .into_iter()
            .zip(suppressed)
            .filter_map(|(d, s)| (!s).then_some(d))
            .collect()
    }

    /// One [`UNUSED_SUPPRESSION`] warning for each directive some of whose rules (or which, for
    /// all rules) suppressed nothing so far, located at the comment.
    pub fn unused(&self) -> Vec<Diagnostic> {
        let id: Arc<str> = Arc::from(UNUSED_SUPPRESSION);
        self.entries
            .iter()
            .filter(|e| e.directive.kind != DirectiveKind::Enable)
            .filter_map(|e| {
                let what = if e.directive.rules.is_empty() {
                    if e.used_all {
                        return None;
                    }
                    "all rules".to_string()
                } else {
                    let names: Vec<&str> = e
                        .directive
                        .rules
                        .iter()
                        .zip(&e.used)
                        .filter(|&(_, &used)| !used)
                        .map(|(r, _)| r.as_str())
                        .collect();
                    if names.is_empty() {
                        return None;
                    }
                    names.join(", ")
                };
                Some(Diagnostic {
                    rule: id.clone(),
                    severity: Severity::Warning,
                    message: format!("this suppression of {what} suppresses nothing"),
                    span: e.span.clone(),
                    labels: Vec::new(),
                    help: Some(format!(
                        "delete the `{}` comment, or the rule ids in it that no longer match",
                        e.directive.kind.keyword()
                    )),
                    fix: None,
                    raised_from: None,
                })
            })
            .collect()
    }
}

/// Decides for each start (sorted) of a diagnostic of `rule` whether a directive covers it, and
/// marks the directives that do as used.
fn sweep(entries: &mut [Entry], rule: &str, starts: &[usize]) -> Vec<bool> {
    let relevant: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].matches(rule))
        .collect();
    let file: Vec<usize> = relevant
        .iter()
        .copied()
        .filter(|&i| entries[i].directive.kind == DirectiveKind::DisableFile)
        .collect();
    // `disable` opens at the end of its comment, `enable` closes at its start; comments do not
    // overlap, so these positions come in directive order.
    let events: Vec<usize> = relevant
        .iter()
        .copied()
        .filter(|&i| {
            matches!(
                entries[i].directive.kind,
                DirectiveKind::Disable | DirectiveKind::Enable
            )
        })
        .collect();
    // Target lines of `disable-next-line` are in order too, each equal to or after the last.
    let lines: Vec<usize> = relevant
        .iter()
        .copied()
        .filter(|&i| entries[i].line.is_some())
        .collect();

    let mut out = Vec::with_capacity(starts.len());
    let mut next_event = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut active_marked = 0;
    let mut next_line = 0;
    // Directives of the line group that are already marked for this rule.
    let mut line_marked: Option<Range<usize>> = None;
    let mut file_marked = false;
    for &p in starts {
        while let Some(&i) = events.get(next_event) {
            let e = &entries[i];
            let at = match e.directive.kind {
                DirectiveKind::Disable => e.span.end,
                _ => e.span.start,
            };
            if at > p {
                break;
            }
            if e.directive.kind == DirectiveKind::Disable {
                active.push(i);
            } else {
                active.clear();
                active_marked = 0;
            }
            next_event += 1;
        }
        let mut covered = false;
        if !active.is_empty() {
            covered = true;
            for &i in &active[active_marked..] {
                entries[i].mark(rule);
            }
            active_marked = active.len();
        }
        while lines
            .get(next_line)
            .is_some_and(|&i| entries[i].line.as_ref().is_some_and(|l| l.end <= p))
        {
            next_line += 1;
        }
        let mut m = next_line;
        while let Some(&i) = lines.get(m) {
            let Some(line) = entries[i].line.clone() else {
                break;
            };
            if line.start > p {
                break;
            }
            covered = true;
            if line_marked.as_ref() == Some(&line) {
                // The whole group of directives for this line is marked already.
                break;
            }
            entries[i].mark(rule);
            m += 1;
            if lines
                .get(m)
                .is_none_or(|&j| entries[j].line.as_ref() != Some(&line))
            {
                line_marked = Some(line);
            }
        }
        if !file.is_empty() {
            covered = true;
            if !file_marked {
                for &i in &file {
                    entries[i].mark(rule);
                }
                file_marked = true;
            }
        }
        out.push(covered);
    }
    out
}

/// The first line after the one holding `from` that has anything but white space on it, with
/// its line terminator.
fn next_content_line(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    let from = from.min(bytes.len());
    let newline = from + bytes[from..].iter().position(|&b| b == b'\n')?;
    let content = newline
        + 1
        + bytes[newline + 1..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())?;
    let start = newline
        + 1
        + bytes[newline..content]
            .iter()
            .rposition(|&b| b == b'\n')
            .unwrap_or(0);
    let end = bytes[content..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| content + i + 1);
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(rule: &str, span: Range<usize>) -> Diagnostic {
        Diagnostic {
            rule: Arc::from(rule),
            severity: Severity::Warning,
            message: String::new(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
            raised_from: None,
        }
    }

    fn directive(text: &str, needle: &str, kind: DirectiveKind, rules: &[&str]) -> Directive {
        let at = text.find(needle).unwrap();
        Directive {
            span: at..at + needle.len(),
            kind,
            rules: rules.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn kept_rules(s: &Suppressed) -> Vec<(String, usize)> {
        s.kept
            .iter()
            .map(|d| (d.rule.to_string(), d.span.start))
            .collect()
    }

    #[test]
    fn selectors() {
        assert!(covers("Junk", "Junk.LinkText"));
        assert!(covers("Junk.LinkText", "Junk.LinkText"));
        assert!(!covers("Jun", "Junk.LinkText"));
        assert!(!covers("Junk.Link", "Junk.LinkText"));
        assert!(!covers("Quotes", "Junk.LinkText"));
    }

    #[test]
    fn disable_enable_per_rule() {
        //          0         1         2         3         4         5         6
        let text = "a <!--D--> b c <!--E--> d e <!--D2--> f\n";
        let source = SourceFile::from_text("t.md", text);
        let dirs = vec![
            directive(
                text,
                "<!--D-->",
                DirectiveKind::Disable,
                &["Junk", "Quotes.Balance"],
            ),
            directive(text, "<!--E-->", DirectiveKind::Enable, &["Junk.LinkText"]),
            directive(text, "<!--D2-->", DirectiveKind::Disable, &[]),
        ];
        let at = |s: &str| text.find(s).unwrap();
        let diags = vec![
            diag("Junk.LinkText", at("a")..at("a") + 1),
            diag("Junk.LinkText", at("b")..at("b") + 1),
            diag("Junk.Email", at("c")..at("c") + 1),
            diag("Junk.LinkText", at("d")..at("d") + 1),
            diag("Junk.Email", at("e")..at("e") + 1),
            diag("Typography.X", at("f")..at("f") + 1),
        ];
        let s = apply(&dirs, diags, &source);
        assert_eq!(
            kept_rules(&s),
            [
                ("Junk.LinkText".to_string(), at("a")),
                ("Junk.LinkText".to_string(), at("d"))
            ]
        );
        // Quotes.Balance in the first directive suppressed nothing.
        assert_eq!(s.unused.len(), 1);
        assert_eq!(&*s.unused[0].rule, UNUSED_SUPPRESSION);
        assert_eq!(s.unused[0].span, at("<!--D-->")..at("<!--D-->") + 8);
        assert_eq!(
            s.unused[0].message,
            "this suppression of Quotes.Balance suppresses nothing"
        );
    }

    #[test]
    fn next_line_skips_blank_lines() {
        let text = "x <!--N--> y\n\n  \r\nz z\nw\n";
        let source = SourceFile::from_text("t.md", text);
        let dirs = vec![directive(
            text,
            "<!--N-->",
            DirectiveKind::DisableNextLine,
            &[],
        )];
        let z = text.find('z').unwrap();
        let diags = vec![
            diag("A.B", 0..1),
            diag("A.B", z..z + 1),
            diag("A.C", z + 2..z + 3),
            diag("A.B", text.find('w').unwrap()..text.len()),
        ];
        let s = apply(&dirs, diags, &source);
        assert_eq!(
            kept_rules(&s),
            [("A.B".to_string(), 0), ("A.B".to_string(), z + 4)]
        );
        assert!(s.unused.is_empty());
        assert_eq!(next_content_line(b"a\n\n b\nc", 0), Some(3..6));
        assert_eq!(next_content_line(b"a\n \n", 0), None);
        assert_eq!(next_content_line(b"a", 0), None);
        assert_eq!(next_content_line(b"a\nb", 5), None);
    }

    #[test]
    fn file_and_unused() {
        let text = "<!--F--> <!--G--> <!--H--> t\n";
        let source = SourceFile::from_text("t.md", text);
        let dirs = vec![
            directive(text, "<!--F-->", DirectiveKind::DisableFile, &["Junk"]),
            directive(text, "<!--G-->", DirectiveKind::DisableFile, &["Quotes"]),
            directive(text, "<!--H-->", DirectiveKind::Disable, &["Typography"]),
        ];
        let diags = vec![diag("Junk.A", 0..1), diag("Junk.A", 27..28)];
        let s = apply(&dirs, diags, &source);
        assert!(s.kept.is_empty());
        let unused: Vec<(&str, Range<usize>)> = s
            .unused
            .iter()
            .map(|d| (d.message.as_str(), d.span.clone()))
            .collect();
        assert_eq!(
            unused,
            [
                ("this suppression of Quotes suppresses nothing", 9..17),
                ("this suppression of Typography suppresses nothing", 18..26)
            ]
        );
    }

    #[test]
    fn many_diagnostics_on_a_suppressed_line() {
        let mut text = String::from("<!--N-->\n");
        let start = text.len();
        text.push_str(&"x ".repeat(10_000));
        text.push('\n');
        let source = SourceFile::from_text("t.md", &text);
        let mut dirs = Vec::new();
        for _ in 0..3 {
            dirs.push(Directive {
                span: 0..8,
                kind: DirectiveKind::DisableNextLine,
                rules: Vec::new(),
            });
        }
        let diags: Vec<Diagnostic> = (0..10_000)
            .map(|i| diag("A.B", start + 2 * i..start + 2 * i + 1))
            .collect();
        let s = apply(&dirs, diags, &source);
        assert!(s.kept.is_empty());
        assert!(s.unused.is_empty());
    }
}
