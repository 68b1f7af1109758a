//! Rules: YAML files grouped in packs, loaded into checks.
//!
//! `rules/<Pack>/<Rule>.yaml` defines the rule `<Pack>.<Rule>`. The built-in packs are embedded
//! at compile time; user packs with the same layout are added with `--rules DIR`.

mod load;
pub mod spec;

pub use load::{builtin_rules, load_rule_dir, parse_rule};

use crate::checks::Check;
use crate::diagnostic::{Applicability, Severity};
use crate::error::FileError;
use spec::{Examples, Kind};
use std::sync::Arc;

/// Where a rule came from, kept so that later errors (a regex over the size limit) can point at
/// the rule file.
#[derive(Debug, Clone)]
pub struct Origin {
    /// `builtin:Pack/Rule.yaml` or a file system path.
    pub path: String,
    pub text: Arc<str>,
}

impl Origin {
    /// An error located at the first occurrence of `needle` in the file, else at `key:`.
    pub fn error_at(&self, needle: &str, key: &str, message: String) -> FileError {
        let span = find_value(&self.text, needle).or_else(|| find_key(&self.text, key));
        FileError::new(&self.path, self.text.clone(), span, message)
    }
}

/// A loaded rule.
#[derive(Debug)]
pub struct Rule {
    pub id: Arc<str>,
    pub kind: Kind,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    pub link: Option<String>,
    pub help: Option<String>,
    pub examples: Examples,
    /// Applicability of the fixes this rule's findings carry.
    pub applicability: Applicability,
    pub check: Box<dyn Check>,
    pub origin: Origin,
}

impl Rule {
    /// The pack name: the part of the id before the dot.
    pub fn pack(&self) -> &str {
        self.id.split_once('.').map_or(&self.id, |(p, _)| p)
    }

    /// Fills the `%s` placeholders of the message with `args`, in order.
    pub fn format_message(&self, args: &[String]) -> String {
        let mut out = String::with_capacity(self.message.len() + 16);
        let mut args = args.iter();
        let mut rest = self.message.as_str();
        while let Some(i) = rest.find("%s") {
            out.push_str(&rest[..i]);
            out.push_str(args.next().map_or("", String::as_str));
            rest = &rest[i + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// Byte range of a top-level `key:` in YAML text.
pub(crate) fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset..offset + key.len());
        }
        offset += line.len();
    }
    None
}

fn find_value(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    text.find(needle).map(|i| i..i + needle.len())
}
