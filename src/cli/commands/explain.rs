//! `copydesk explain`: everything about one rule.

use crate::cli::commands::rules::{core_level, level_name};
use crate::cli::{EXIT_OK, RuleOptions, current_linter, to_stdout};
use crate::config::Selection;
use crate::diagnostic::Severity;
use crate::error::Error;
use crate::escape;
use crate::rules::CORE_RULES;
use std::io::Write;

/// `copydesk explain RULE`: a rule's description, link, message and examples.
pub fn run(options: &RuleOptions, id: &str) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let linter = &resolved.linter;
    // The level that applies in the current folder, as `copydesk rules` shows it.
    let settings = resolved.settings(None, &Selection::default());
    if let Some(core) = CORE_RULES.iter().find(|r| r.id == id) {
        let level = level_in_words(core_level(core, &settings), core.severity);
        to_stdout(|out| {
            writeln!(out, "{} ({level}, built in)\n", core.id)?;
            writeln!(out, "{}", core.description)
        })?;
        return Ok(EXIT_OK);
    }
    let Some(rule) = linter.rule(id) else {
        let ids = linter
            .rules()
            .iter()
            .map(|r| &*r.id)
            .chain(CORE_RULES.iter().map(|r| r.id));
        let hint = match did_you_mean(id, ids) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => " (see `copydesk rules`)".to_string(),
        };
        return Err(Error::Usage(format!(
            "no rule `{}`{hint}",
            escape::for_terminal(id)
        )));
    };
    let index = linter
        .rules()
        .iter()
        .position(|r| r.id == rule.id)
        .expect("a rule of the linter");
    let level = level_in_words(settings.levels[index], rule.severity);
    to_stdout(|out| {
        writeln!(
            out,
            "{} ({level}, extends {})\n",
            rule.id,
            rule.kind.as_str()
        )?;
        let description = escape::for_terminal_lines(rule.description.trim_end());
        writeln!(out, "{description}")?;
        if let Some(link) = &rule.link {
            writeln!(out, "\nMore: {}", escape::for_terminal(link))?;
        }
        writeln!(out, "\nMessage: {}", escape::for_terminal(&rule.message))?;
        examples(out, "Fires on", &rule.examples.fire)?;
        examples(out, "Stays silent on", &rule.examples.pass)
    })?;
    Ok(EXIT_OK)
}

/// The level that applies, and the rule's own when the configuration changed it
/// (`off, warning by default`).
fn level_in_words(level: Option<Severity>, own: Severity) -> String {
    if level == Some(own) {
        own.to_string()
    } else {
        format!("{}, {own} by default", level_name(level))
    }
}

/// A rule's examples of one kind under `title`; nothing when it has none.
fn examples(out: &mut dyn Write, title: &str, texts: &[String]) -> std::io::Result<()> {
    if !texts.is_empty() {
        writeln!(out, "\n{title}:")?;
        for t in texts {
            writeln!(out, "  {t:?}")?;
        }
    }
    Ok(())
}

/// The rule id a mistyped `id` most likely meant: the same id in another case
/// (`junk.commentwidget`), or the one rule whose name is `id` without its pack
/// (`CommentWidget`). Nothing when that is ambiguous.
fn did_you_mean<'a>(id: &str, ids: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if let Some(same) = ids.clone().find(|known| known.eq_ignore_ascii_case(id)) {
        return Some(same);
    }
    let name = id.rsplit('.').next().unwrap_or(id);
    let mut by_name = ids.filter(|known| {
        known
            .rsplit_once('.')
            .is_some_and(|(_, n)| n.eq_ignore_ascii_case(name))
    });
    match (by_name.next(), by_name.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn a_mistyped_id_finds_the_rule_it_meant() {
        let ids = ["Junk.CommentWidget", "Junk.LinkText", "House.LinkText"];
        let near = |id| did_you_mean(id, ids.iter().copied());
        assert_eq!(near("junk.commentwidget"), Some("Junk.CommentWidget"));
        assert_eq!(near("CommentWidget"), Some("Junk.CommentWidget"));
        assert_eq!(near("Spam.commentwidget"), Some("Junk.CommentWidget"));
        // Two packs have a LinkText: no guess.
        assert_eq!(near("LinkText"), None);
        assert_eq!(near("Nothing"), None);
    }
}
