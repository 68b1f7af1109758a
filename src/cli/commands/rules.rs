//! `copydesk rules`: the loaded rules, their examples tested (`--test`), or their patterns as an
//! `rg -f` file (`--patterns`).

use crate::cli::{EXIT_FINDINGS, EXIT_OK, RuleOptions, current_linter, to_stdout};
use crate::config::{Selection, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::linter::Linter;
use crate::output::short_description;
use crate::rules::{CORE_RULES, CoreRule};
use crate::suppress::UNUSED_SUPPRESSION;

/// `copydesk rules`: one line per rule (id, level, kind, short description); with `test`, runs
/// every rule's examples instead.
///
/// The level is the one that applies in the current folder: the configuration found from there
/// (or `--config`) may change it or turn the rule `off`, and a list that showed the rule files'
/// own levels would contradict what `check` does.
pub fn run(options: &RuleOptions, test: bool) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let linter = &resolved.linter;
    if !test {
        let settings = resolved.settings(None, &Selection::default());
        let mut rows: Vec<(String, String, &str, String)> = linter
            .rules()
            .iter()
            .zip(&settings.levels)
            .map(|(r, level)| {
                (
                    r.id.to_string(),
                    level_name(*level),
                    r.kind.as_str(),
                    short_description(&r.description),
                )
            })
            .collect();
        rows.extend(CORE_RULES.iter().map(|r| {
            (
                r.id.to_string(),
                level_name(core_level(r, &settings)),
                "built in",
                short_description(r.description),
            )
        }));
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        to_stdout(|out| {
            for (id, level, kind, summary) in rows {
                writeln!(out, "{id:<width$}  {level:<10}  {kind:<14}  {summary}")?;
            }
            Ok(())
        })?;
        return Ok(EXIT_OK);
    }
    let failures = test_examples(linter);
    let examples: usize = linter
        .rules()
        .iter()
        .map(|r| r.examples.fire.len() + r.examples.pass.len())
        .sum();
    to_stdout(|out| {
        for f in &failures {
            writeln!(out, "{f}")?;
        }
        writeln!(
            out,
            "{} rules, {examples} examples: {} failed",
            linter.rules().len(),
            failures.len()
        )
    })?;
    Ok(if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

/// A level as `rules` and `explain` show it: the severity, or `off`.
pub(crate) fn level_name(level: Option<Severity>) -> String {
    level.map_or_else(|| "off".to_string(), |s| s.to_string())
}

/// The level of one of copydesk's own rules under `settings`: only `Core.UnusedSuppression` can
/// be turned off; the others report what could not be read and are always on.
pub(crate) fn core_level(rule: &CoreRule, settings: &Settings) -> Option<Severity> {
    let off = rule.id == UNUSED_SUPPRESSION && !settings.unused_suppressions;
    (!off).then_some(rule.severity)
}

/// Prints the patterns of every loaded rule for `rg -f`: literals escaped (`(?i)` when they
/// ignore case), regexes as written, one per line, each once. Word boundaries, exceptions and the
/// checks' own logic are not part of it: this is the matching work of one pass, not the linter.
pub fn patterns(options: &RuleOptions) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let mut seen = std::collections::HashSet::new();
    let named_group = regex::Regex::new(r"\(\?P?<[A-Za-z_][A-Za-z0-9_]*>").expect("valid regex");
    let mut lines = String::new();
    for rule in resolved.linter.rules() {
        let patterns = rule.check.patterns();
        let literals = patterns.literals.iter().map(|l| {
            let escaped = regex_syntax::escape(&l.text);
            if l.ignorecase {
                format!("(?i){escaped}")
            } else {
                escaped
            }
        });
        // rg joins the patterns into one regex, where a group name may occur once; the groups
        // only narrow reports, so they become plain groups.
        let regexes = patterns
            .regexes
            .iter()
            .map(|r| named_group.replace_all(r, "(?:").into_owned());
        for pattern in literals.chain(regexes) {
            // A pattern file holds one pattern per line.
            if !pattern.contains('\n') && seen.insert(pattern.clone()) {
                lines.push_str(&pattern);
                lines.push('\n');
            }
        }
    }
    to_stdout(|out| out.write_all(lines.as_bytes()))?;
    Ok(EXIT_OK)
}

/// Runs every rule's examples; returns one line per example that misbehaves.
pub fn test_examples(linter: &Linter) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in linter.rules() {
        // A finding folded into another rule's diagnostic is still this rule firing.
        let fires = |text: &str| {
            linter
                .lint_str(text)
                .iter()
                .flat_map(Diagnostic::findings)
                .any(|f| f.rule == &*rule.id)
        };
        if rule.examples.fire.is_empty() {
            failures.push(format!("{}: no `fire` examples", rule.id));
        }
        for text in &rule.examples.fire {
            if !fires(text) {
                failures.push(format!("{}: does not fire on {text:?}", rule.id));
            }
        }
        for text in &rule.examples.pass {
            if fires(text) {
                failures.push(format!("{}: fires on {text:?}", rule.id));
            }
        }
    }
    failures
}
