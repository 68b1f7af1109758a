//! Vale compatibility: `copydesk vale` reads a Vale project (`.vale.ini`, its styles and
//! vocabularies) and lints with Vale's rule semantics, printing Vale's output formats.
//!
//! The pieces follow Vale's own: [`ini`] and [`config`] read the configuration and say which
//! rules run on which file, [`rule`] loads a style's YAML rules into one of the kinds of
//! [`check`] (one file per kind, as in Vale), [`lint`] cuts a file into the blocks Vale's scopes
//! name and runs the rules on them, and [`output`] prints the alerts. Markdown and HTML are read
//! by copydesk's own front ends (`crate::markup`), so alerts point at exact source positions
//! instead of Vale's search for the matched text.

pub mod check;
pub mod config;
pub mod ini;
pub mod lint;
pub mod output;
pub mod project;
pub mod rule;
pub mod scope;

/// An alert level, in Vale's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Suggestion,
    Warning,
    Error,
}

impl Level {
    /// `suggestion`, `warning` or `error`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "suggestion" => Some(Level::Suggestion),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One alert, as Vale reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// `Style.Rule`.
    pub check: String,
    pub level: Level,
    pub message: String,
    pub link: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// 1-based first and last column, in characters.
    pub span: (usize, usize),
    /// The matched text.
    pub matched: String,
}

/// Vale's message formatting: each `%s` takes the next value, in order.
pub fn format_message(message: &str, subs: &[String]) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut next = subs.iter();
    while let Some(at) = rest.find("%s") {
        out.push_str(&rest[..at]);
        match next.next() {
            Some(s) => out.push_str(s),
            None => out.push_str("%s"),
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}
