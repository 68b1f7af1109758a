//! `copydesk explain`: everything about one rule.

use crate::cli::{EXIT_OK, RuleOptions, current_linter};
use crate::error::Error;
use crate::escape;
use std::io::Write;

/// `copydesk explain RULE`: a rule's description, link, message and examples.
pub fn run(options: &RuleOptions, id: &str) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let linter = &resolved.linter;
    let Some(rule) = linter.rule(id) else {
        return Err(Error::Usage(format!(
            "no rule `{id}` (see `copydesk rules`)"
        )));
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} ({}, extends {})\n",
        rule.id,
        rule.severity,
        rule.kind.as_str()
    );
    let description = escape::for_terminal_lines(rule.description.trim_end());
    let _ = writeln!(out, "{description}");
    if let Some(link) = &rule.link {
        let _ = writeln!(out, "\nMore: {}", escape::for_terminal(link));
    }
    let _ = writeln!(out, "\nMessage: {}", escape::for_terminal(&rule.message));
    let show = |out: &mut dyn Write, title: &str, texts: &[String]| {
        if !texts.is_empty() {
            let _ = writeln!(out, "\n{title}:");
            for t in texts {
                let _ = writeln!(out, "  {t:?}");
            }
        }
    };
    show(&mut out, "Fires on", &rule.examples.fire);
    show(&mut out, "Stays silent on", &rule.examples.pass);
    Ok(EXIT_OK)
}
