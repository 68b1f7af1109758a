//! `existence`: report every occurrence of a token or regex.

use super::registry::{BuildContext, Built, Fix, KeyError, Spec};
use super::{Check, Finding, Hits, Literal, Patterns, Sink, TextEdit, leftmost_longest};
use crate::diagnostic::Applicability;
use crate::document::{Document, is_word_char};
use crate::engine::REGEX_SIZE_LIMIT;
use crate::engine::forward::ForwardRegex;
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use serde::Deserialize;

/// The keys of a rule that extends `existence`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistenceSpec {
    /// Literals, word-bounded unless `nonword`.
    #[serde(default)]
    pub tokens: Vec<String>,
    /// Regexes; a group named `span` narrows the report, one named `fix` marks what
    /// `action: remove` deletes.
    #[serde(default)]
    pub raw: Vec<String>,
    #[serde(default)]
    pub ignorecase: bool,
    /// Tokens match inside words too.
    #[serde(default)]
    pub nonword: bool,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub action: Option<Action>,
    /// Applicability of the fixes: `safe` by default with an `action`.
    #[serde(default)]
    pub fix: Option<Fix>,
    /// Regexes that veto a match they match whole.
    #[serde(default)]
    pub exceptions: Vec<String>,
}

impl Spec for ExistenceSpec {
    fn build(mut self, context: &BuildContext) -> Result<Built, KeyError> {
        if self.tokens.iter().any(String::is_empty) {
            let message = "`tokens` holds an empty string".to_string();
            return Err(KeyError::at_key("tokens", message));
        }
        // The built-in rules' regexes are checked by a test instead of on every start.
        let builtin = context.builtin;
        for raw in self.raw.iter().filter(|_| !builtin) {
            match regex_syntax::Parser::new().parse(raw) {
                Err(e) => {
                    let message = format!("regex does not compile: {e}");
                    return Err(KeyError::at_value("raw", raw, message));
                }
                // A match of no text is a finding of nothing, wherever the regex matches.
                Ok(hir) if hir.properties().minimum_len() == Some(0) => {
                    let message = format!(
                        "regex `{raw}` can match the empty string: every finding needs text"
                    );
                    return Err(KeyError::at_value("raw", raw, message));
                }
                Ok(_) => {}
            }
        }
        if self.tokens.is_empty() && self.raw.is_empty() {
            return Err(context.missing("tokens` or `raw"));
        }
        let exceptions = if self.exceptions.is_empty() {
            None
        } else {
            for e in self.exceptions.iter().filter(|_| !builtin) {
                if let Err(err) = regex_syntax::Parser::new().parse(e) {
                    let message = format!("exception regex does not compile: {err}");
                    return Err(KeyError::at_value("exceptions", e, message));
                }
            }
            // A built-in rule's set is compiled on first use and cannot fail here: its
            // patterns are moved, not copied for the error message.
            let sources = if builtin {
                std::mem::take(&mut self.exceptions)
            } else {
                self.exceptions.clone()
            };
            let set = Exceptions::new(sources, self.ignorecase, !builtin).map_err(|e| {
                // The set does not say which pattern failed; the first that fails alone
                // (over the size limit) is the one to point at.
                let culprit = self.exceptions.iter().find(|p| {
                    regex::RegexBuilder::new(p)
                        .case_insensitive(self.ignorecase)
                        .build()
                        .is_err()
                });
                let message = format!("exception regex does not compile: {e}");
                KeyError::at_value("exceptions", culprit.map_or("", String::as_str), message)
            })?;
            Some(set)
        };
        let default_fix = match self.action {
            Some(_) => Applicability::Safe,
            None => Applicability::Unsafe,
        };
        let check = Existence {
            tokens: self.tokens,
            raw: self.raw,
            ignorecase: self.ignorecase,
            nonword: self.nonword,
            scope: self.scope,
            action: self.action,
            exceptions,
        };
        Ok(Built::with_default(check, self.fix, default_fix))
    }
}

/// Where an existence match may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Anywhere in the prose.
    #[default]
    Text,
    /// Only as a line of its own (bullets and trailing punctuation aside): widget text.
    Line,
    /// Only at the start of a line (bullets aside): a widget label followed by its links
    /// (`Share this article: Facebook | Twitter`).
    Linestart,
}

/// What the fix of an existence rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Delete the match (or its `fix` group); with `scope: line` or `linestart`, delete the
    /// whole line.
    Remove,
}

#[derive(Debug)]
pub struct Existence {
    pub tokens: Vec<String>,
    pub raw: Vec<String>,
    pub ignorecase: bool,
    pub nonword: bool,
    pub scope: Scope,
    pub action: Option<Action>,
    /// A match is dropped when one of these matches the whole regex match (or token).
    pub exceptions: Option<Exceptions>,
}

/// Exception regexes, compiled on first use (a rule whose patterns never match pays nothing).
///
/// They are matched against one match's text at a time, a few dozen bytes, for a yes or a no,
/// so their forward automata are enough (`engine::forward`): a `regex::RegexSet` also builds the
/// reverse NFA and, for small sets, full DFAs, which a short article would spend most of its
/// time compiling.
#[derive(Debug)]
pub struct Exceptions {
    sources: Vec<String>,
    ignorecase: bool,
    set: std::sync::OnceLock<ForwardRegex>,
}

impl Exceptions {
    /// Checks that the regexes compile together now, so a bad one is reported at load time.
    pub fn new(sources: Vec<String>, ignorecase: bool, eager: bool) -> Result<Self, String> {
        let exceptions = Exceptions {
            sources,
            ignorecase,
            set: std::sync::OnceLock::new(),
        };
        if eager {
            let _ = exceptions.set.set(exceptions.build()?);
        }
        Ok(exceptions)
    }

    fn build(&self) -> Result<ForwardRegex, String> {
        let syntax = syntax::Config::new().case_insensitive(self.ignorecase);
        ForwardRegex::new(&self.sources, syntax, REGEX_SIZE_LIMIT).ok_or_else(|| {
            // The forward automata do not say what failed; the meta regex does.
            match Regex::builder().syntax(syntax).build_many(&self.sources) {
                Err(e) => match e.size_limit() {
                    Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                    None => e.to_string(),
                },
                Ok(_) => "the regexes cannot be compiled together".to_string(),
            }
        })
    }

    fn is_match(&self, text: &str) -> bool {
        self.set
            .get_or_init(|| {
                self.build()
                    .expect("built-in exception regexes compile (tested)")
            })
            .is_match(text)
    }
}

impl Check for Existence {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: self
                .tokens
                .iter()
                .map(|t| Literal {
                    text: t.clone(),
                    ignorecase: self.ignorecase,
                    word_bounded: !self.nonword,
                })
                .collect(),
            regexes: self
                .raw
                .iter()
                .map(|r| {
                    if self.ignorecase {
                        format!("(?i:{r})")
                    } else {
                        r.clone()
                    }
                })
                .collect(),
        }
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut dyn Sink) {
        let text = doc.text();
        for hit in leftmost_longest(hits.literals.iter().chain(hits.regexes)) {
            let span = hit.range.clone();
            if span.is_empty() {
                continue;
            }
            let line = doc.line_at(span.start);
            let placed = match self.scope {
                Scope::Text => true,
                Scope::Line => fills_line(text, line.clone(), span.clone()),
                Scope::Linestart => span.end <= line.end && filler(&text[line.start..span.start]),
            };
            if !placed
                || self
                    .exceptions
                    .as_ref()
                    .is_some_and(|e| e.is_match(&text[hit.whole.clone()]))
            {
                continue;
            }
            let mut finding = Finding::new(span.clone(), vec![text[span.clone()].to_string()]);
            if self.action == Some(Action::Remove) {
                let range = match self.scope {
                    Scope::Line | Scope::Linestart => whole_line(text, line),
                    Scope::Text => hit.fix.clone().unwrap_or(span),
                };
                finding.edits.push(TextEdit {
                    range,
                    replacement: String::new(),
                });
            }
            out.push(finding);
        }
    }
}

/// White space, bullets and punctuation: what may surround a widget label on its line.
fn filler(s: &str) -> bool {
    s.chars().all(|c| !is_word_char(c))
}

/// True when nothing but filler surrounds `span` on its line.
fn fills_line(text: &str, line: std::ops::Range<usize>, span: std::ops::Range<usize>) -> bool {
    span.end <= line.end
        && filler(&text[line.start..span.start])
        && filler(&text[span.end..line.end])
}

/// The line including its terminator (or the preceding one, for a last line without one), so that
/// removing it leaves no blank hole.
fn whole_line(text: &str, line: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let mut end = line.end;
    if bytes.get(end) == Some(&b'\r') {
        end += 1;
    }
    if bytes.get(end) == Some(&b'\n') {
        return line.start..end + 1;
    }
    // Last line: take the newline before it instead.
    let mut start = line.start;
    if start > 0 && bytes[start - 1] == b'\n' {
        start -= 1;
        if start > 0 && bytes[start - 1] == b'\r' {
            start -= 1;
        }
    }
    start..end
}
