//! SARIF 2.1.0 (OASIS), the format GitHub code scanning and other viewers import.
//!
//! One run; `tool.driver.rules` lists every rule of the run, not only those that fired, so that
//! viewers can show a rule's documentation and `ruleIndex` stays valid across files. Regions use
//! 1-based lines and columns counted in Unicode code points (`columnKind`), end column exclusive:
//! exactly [`SourceFile::position`]. Fixes address source bytes, which need no decoding.

use super::description::{short_description, unwrap_paragraphs};
use super::json::write_array_item;
use super::{Emitter, FileReport, RuleInfo, Summary, display_path, information_uri};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io;
use std::ops::Range;

/// The schema SARIF producers conventionally point at (GitHub's documentation, sarif-sdk).
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The SARIF log of a run, its results written one file at a time between the log's head and
/// tail.
pub struct Sarif<'r> {
    frame: Frame,
    /// Rule id → its `ruleIndex` (its place in `tool.driver.rules`).
    index: HashMap<&'r str, usize>,
    /// Results written so far.
    written: usize,
}

impl<'r> Sarif<'r> {
    /// The emitter of a run whose rules are `rules`: every one is listed in the log.
    pub fn new(rules: &'r [RuleInfo]) -> Self {
        Sarif {
            frame: Frame::new(rules),
            index: rules.iter().enumerate().map(|(i, r)| (&*r.id, i)).collect(),
            written: 0,
        }
    }
}

impl Emitter for Sarif<'_> {
    fn begin(&mut self, out: &mut dyn WriteColor) -> io::Result<()> {
        out.write_all(self.frame.head.as_bytes())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        for result in results(report, &self.index) {
            write_array_item(out, &result, self.written, &self.frame.indent)?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn WriteColor) -> io::Result<()> {
        self.frame.write_tail(out, self.written)
    }
}

/// The SARIF log of a run without its results: the text before and after the `results` array,
/// so that results can be written one file at a time in between.
struct Frame {
    /// Everything up to the `[` of `results`.
    head: String,
    /// The indentation of one result.
    indent: String,
    /// The indentation of the `results` array's closing `]`.
    close_indent: String,
    /// Everything after that `]`, with the final newline.
    tail: String,
}

impl Frame {
    fn new(rules: &[RuleInfo]) -> Self {
        const SENTINEL: &str = "\u{0}results\u{0}";
        let mut driver = json!({
            "name": "copydesk",
            "version": VERSION,
            "semanticVersion": VERSION,
            "rules": rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
        });
        if let Some(uri) = information_uri() {
            driver["informationUri"] = uri.into();
        }
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": driver },
                "columnKind": "unicodeCodePoints",
                "results": [SENTINEL],
            }],
        });
        let text = serde_json::to_string_pretty(&log).expect("serialisable");
        let marker = serde_json::to_string(SENTINEL).expect("serialisable");
        let at = text.find(&marker).expect("sentinel is rendered");
        let open = text[..at].rfind('[').expect("results is an array");
        let after = &text[at + marker.len()..];
        let close = after.find(']').expect("results is closed");
        Frame {
            head: text[..open].to_string(),
            indent: text[open + 1..at].trim_start_matches('\n').to_string(),
            close_indent: after[..close].trim_start_matches('\n').to_string(),
            tail: format!("{}\n", &after[close + 1..]),
        }
    }

    /// Closes the `results` array of `written` results and the log.
    fn write_tail(&self, out: &mut dyn WriteColor, written: usize) -> io::Result<()> {
        super::json::end_array(out, written, &self.close_indent)?;
        out.write_all(self.tail.as_bytes())
    }
}

/// The SARIF results of one report; `index` maps rule ids to their `ruleIndex`.
fn results(report: &FileReport, index: &HashMap<&str, usize>) -> Vec<Value> {
    let Some(source) = &report.source else {
        return Vec::new();
    };
    let uri = artifact_uri(&report.path);
    report
        .diagnostics
        .iter()
        .map(|d| result(d, source, &uri, index))
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let mut v = json!({
        "id": &*rule.id,
        "defaultConfiguration": { "level": level(rule.severity) },
    });
    // A friendly name distinct from the id, as SARIF viewers expect: `Junk.HtmlTag` → `HtmlTag`.
    if let Some((_, name)) = rule.id.split_once('.') {
        v["name"] = name.into();
    }
    let full = unwrap_paragraphs(&rule.description);
    if !full.is_empty() {
        v["shortDescription"] = json!({ "text": short_description(&rule.description) });
        v["fullDescription"] = json!({ "text": full });
    }
    // helpUri must be absolute; a relative link of a user pack would make the log invalid.
    if let Some(link) = rule.link.as_deref().filter(|l| is_absolute_uri(l)) {
        v["helpUri"] = link.into();
    }
    v
}

fn result(d: &Diagnostic, source: &SourceFile, uri: &str, index: &HashMap<&str, usize>) -> Value {
    let mut v = json!({
        "ruleId": &*d.rule,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [{ "physicalLocation": physical_location(source, uri, &d.span) }],
    });
    if let Some(&i) = index.get(&*d.rule) {
        v["ruleIndex"] = i.into();
    }
    if !d.labels.is_empty() {
        v["relatedLocations"] = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": { "text": l.message },
                    "physicalLocation": physical_location(source, uri, &l.span),
                })
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": { "byteOffset": e.start, "byteLength": e.end - e.start },
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        v["fixes"] = json!([{
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": replacements,
            }],
        }]);
    }
    v
}

fn physical_location(source: &SourceFile, uri: &str, span: &Range<usize>) -> Value {
    let (start_line, start_column) = source.position(span.start);
    let (end_line, end_column) = source.position(span.end);
    json!({
        "artifactLocation": { "uri": uri },
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        },
    })
}

/// The URI of a reported path: relative paths stay relative (code scanning resolves them against
/// the repository root), absolute ones become `file:` URIs; everything but unreserved characters
/// and `/` is percent-encoded, so a space, `#`, `%` or a `:` in the first segment cannot be
/// misread.
fn artifact_uri(path: &str) -> String {
    let path = display_path(path);
    let slashed = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let bytes = slashed.as_bytes();
    let (mut uri, rest) = if slashed.starts_with('/') {
        ("file://".to_string(), &slashed[..])
    } else if cfg!(windows)
        && bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
    {
        (format!("file:///{}", &slashed[..2]), &slashed[2..])
    } else {
        (String::new(), &slashed[..])
    };
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// Whether `s` starts with a URI scheme (RFC 3986: a letter, then letters, digits, `+-.`).
fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(artifact_uri("./docs/a b.md"), "docs/a%20b.md");
        assert_eq!(artifact_uri("x/é,:#%.md"), "x/%C3%A9%2C%3A%23%25.md");
        assert_eq!(artifact_uri("/tmp/a.md"), "file:///tmp/a.md");
        assert_eq!(artifact_uri("-"), "-");
        assert!(is_absolute_uri("https://example.org/x"));
        assert!(!is_absolute_uri("docs/rules.md"));
        assert!(!is_absolute_uri("1http://x"));
    }
}
