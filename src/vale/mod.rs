//! Vale compatibility: `copydesk vale` reads a Vale project (`.vale.ini`, its styles and
//! vocabularies) and lints with Vale's rule semantics, printing Vale's output formats.
//!
//! The pieces follow Vale's own: [`ini`] and [`config`] read the configuration and say which
//! rules run on which file, [`rule`] loads a style's YAML rules into one of the kinds of
//! [`check`] (one file per kind, as in Vale), [`lint`] cuts a file into the blocks Vale's scopes
//! name and runs the rules on them, and [`output`] prints the alerts. Markdown and HTML are read
//! by copydesk's own front ends (`crate::markup`), which map each match to its exact source
//! position; from there [`lint`] reproduces Vale's search for the matched text, so that an
//! alert stands where Vale reports it.

pub mod check;
pub mod config;
pub mod gate;
pub mod ini;
pub mod lint;
pub mod output;
pub mod project;
pub mod rule;
pub mod scope;

use std::sync::Arc;

/// An alert level, in Vale's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Suggestion,
    Warning,
    Error,
}

impl Level {
    /// The level as copydesk's diagnostics have it (the same three).
    pub fn severity(self) -> crate::diagnostic::Severity {
        match self {
            Level::Suggestion => crate::diagnostic::Severity::Suggestion,
            Level::Warning => crate::diagnostic::Severity::Warning,
            Level::Error => crate::diagnostic::Severity::Error,
        }
    }

    /// `suggestion`, `warning` or `error`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "suggestion" => Some(Level::Suggestion),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    /// The level as Vale names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// The rule an alert is of, as its alerts name it: shared by them.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// `Style.Rule`.
    pub name: Arc<str>,
    pub link: Option<Arc<str>>,
}

/// One alert, as Vale reports it.
///
/// A large file has hundreds of thousands, each made, sorted and written once: their size is
/// most of the memory a run touches, hence the rule shared and the positions in `u32`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub check: Arc<Check>,
    pub level: Level,
    /// Shared by the file's alerts with the same message.
    pub message: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based first and last column, in characters.
    pub span: (u32, u32),
    /// Where it is in the file, in bytes (where Vale's search for its text landed); empty at
    /// the start for an alert of the whole document (`summary`).
    pub range: std::ops::Range<usize>,
    /// The matched text, shared by the file's alerts with the same text.
    pub matched: Arc<str>,
    /// What the rule's `action` puts in its place, when it gives one text.
    pub replacement: Option<Box<str>>,
}

/// Vale's message formatting, as Go's `Sprintf` reads it: each `%s` (or `%d`) takes the next
/// value, and `%[n]s` the n-th (the next `%s` then takes the one after it); `%%` is a percent
/// sign. Vale passes an empty value after the subs, so the first `%s` too many is left empty.
pub fn format_message<S: AsRef<str>>(message: &str, subs: &[S]) -> String {
    // Room for the values too, so that the message is made in one allocation.
    let values: usize = subs.iter().map(|s| s.as_ref().len()).sum();
    let mut out = String::with_capacity(message.len() + values);
    format_message_into(&mut out, message, subs);
    out
}

/// [`format_message`], onto the end of `out`.
pub fn format_message_into<S: AsRef<str>>(out: &mut String, message: &str, subs: &[S]) {
    let mut rest = message;
    let mut next = 0;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('%') {
            out.push('%');
            rest = tail;
            continue;
        }
        let (index, tail) = match after.strip_prefix('[').and_then(|a| a.split_once(']')) {
            Some((n, tail)) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                (n.parse::<usize>().unwrap_or(1) - 1, tail)
            }
            _ => (next, after),
        };
        // `%d` takes a number (an `occurrence` rule's count), given here as text.
        match tail.strip_prefix('s').or_else(|| tail.strip_prefix('d')) {
            Some(tail) => {
                // Vale passes one empty value after the subs.
                match subs.get(index) {
                    Some(s) => out.push_str(s.as_ref()),
                    None if index == subs.len() => {}
                    None => out.push_str("%!s(MISSING)"),
                }
                next = index + 1;
                rest = tail;
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::format_message;

    #[test]
    fn messages_are_formatted_as_go_does() {
        let subs: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(format_message("%s then %s", &subs), "a then b");
        assert_eq!(
            format_message("'%[3]s' after %[1]s %s", &subs),
            "'c' after a b"
        );
        assert_eq!(format_message("100%% of %s", &subs), "100% of a");
        assert_eq!(format_message("Too short (%d).", &subs), "Too short (a).");
        assert_eq!(format_message("%s %s %s %s.", &subs), "a b c .");
        assert_eq!(format_message("%[5]s", &subs), "%!s(MISSING)");
    }
}
