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
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io;
use std::ops::Range;

/// The schema SARIF producers conventionally point at (GitHub's documentation, sarif-sdk).
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The SARIF log of a run, its results written one at a time between the log's head and tail.
///
/// Findings left out past the cap on findings per rule are tool execution notifications of the
/// run's one invocation (`runs[0].invocations[0].toolExecutionNotifications`, level `note`, with
/// the rule and the file), written after the results: the log has an `invocations` property only
/// when something was left out.
pub struct Sarif<'r> {
    frame: Frame,
    /// Rule id → its `ruleIndex` (its place in `tool.driver.rules`).
    index: HashMap<&'r str, usize>,
    /// Results written so far.
    written: usize,
    /// The text of the result being written, reused from one to the next.
    buffer: Vec<u8>,
    /// One notification per rule and file with findings left out.
    omitted: Vec<Notification>,
}

impl<'r> Sarif<'r> {
    /// The emitter of a run whose rules are `rules`: every one is listed in the log.
    pub fn new(rules: &'r [RuleInfo]) -> Self {
        Sarif {
            frame: Frame::new(rules),
            index: rules.iter().enumerate().map(|(i, r)| (&*r.id, i)).collect(),
            written: 0,
            buffer: Vec::new(),
            omitted: Vec::new(),
        }
    }
}

impl Emitter for Sarif<'_> {
    fn begin(&mut self, out: &mut dyn WriteColor) -> io::Result<()> {
        out.write_all(self.frame.head.as_bytes())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        let Some(source) = &report.source else {
            return Ok(());
        };
        let uri = artifact_uri(&report.path);
        for d in &report.diagnostics {
            let result = result(d, source, &uri, &self.index);
            write_array_item(
                out,
                &result,
                self.written,
                &self.frame.indent,
                &mut self.buffer,
            )?;
            self.written += 1;
        }
        self.omitted
            .extend(report.omitted.iter().map(|o| Notification {
                associated_rule: RuleReference {
                    id: o.rule.to_string(),
                    index: self.index.get(&*o.rule).copied(),
                },
                level: "note",
                locations: [NotificationLocation {
                    physical_location: ArtifactOnly {
                        artifact_location: ArtifactLocation { uri: uri.clone() },
                    },
                }],
                message: Message { text: o.message() },
            }));
        Ok(())
    }

    fn finish(&mut self, _: &Summary, out: &mut dyn WriteColor) -> io::Result<()> {
        self.frame.write_tail(out, self.written, &self.omitted)
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

    /// Closes the `results` array of `written` results, adds the run's invocation when findings
    /// were left out, and closes the log.
    fn write_tail(
        &self,
        out: &mut dyn WriteColor,
        written: usize,
        omitted: &[Notification],
    ) -> io::Result<()> {
        super::json::end_array(out, written, &self.close_indent)?;
        if !omitted.is_empty() {
            let invocations = [Invocation {
                execution_successful: true,
                tool_execution_notifications: omitted,
            }];
            let text = serde_json::to_string_pretty(&invocations).map_err(io::Error::from)?;
            // Indented as a property of the run, like `results`.
            let text = text.replace('\n', &format!("\n{}", self.close_indent));
            write!(out, ",\n{}\"invocations\": {text}", self.close_indent)?;
        }
        out.write_all(self.tail.as_bytes())
    }
}

/// The run's one invocation, written only when findings were left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: &'a [Notification],
}

/// A rule's findings in one file left out past the cap.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    associated_rule: RuleReference,
    level: &'static str,
    locations: [NotificationLocation; 1],
    message: Message<String>,
}

#[derive(Serialize)]
struct RuleReference {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: ArtifactOnly,
}

/// A physical location that is a whole file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOnly {
    artifact_location: ArtifactLocation<String>,
}

/// One result. The fields of this and the structs below are in alphabetical order, the order the
/// log had when results were built as `serde_json::Value`s (whose objects sort their keys), kept
/// byte for byte now that each result is serialised straight to the writer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
struct Message<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Message<&'a str>,
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<&'a str>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<T> {
    uri: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<&'a str>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: DeletedRegion,
    inserted_content: Message<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeletedRegion {
    byte_length: usize,
    byte_offset: usize,
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

fn result<'a>(
    d: &'a Diagnostic,
    source: &SourceFile,
    uri: &'a str,
    index: &HashMap<&str, usize>,
) -> SarifResult<'a> {
    SarifResult {
        fixes: d.fix.as_ref().map(|fix| {
            [SarifFix {
                artifact_changes: [ArtifactChange {
                    artifact_location: ArtifactLocation { uri },
                    replacements: fix
                        .edits
                        .iter()
                        .map(|e| Replacement {
                            deleted_region: DeletedRegion {
                                byte_length: e.end - e.start,
                                byte_offset: e.start,
                            },
                            inserted_content: Message {
                                text: &e.replacement,
                            },
                        })
                        .collect(),
                }],
            }]
        }),
        level: level(d.severity),
        locations: [Location {
            physical_location: physical_location(source, uri, &d.span),
        }],
        message: Message { text: &d.message },
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| RelatedLocation {
                id: i,
                message: Message { text: &l.message },
                physical_location: physical_location(source, uri, &l.span),
            })
            .collect(),
        rule_id: &d.rule,
        rule_index: index.get(&*d.rule).copied(),
    }
}

fn physical_location<'a>(
    source: &SourceFile,
    uri: &'a str,
    span: &Range<usize>,
) -> PhysicalLocation<'a> {
    let (start_line, start_column) = source.position(span.start);
    let (end_line, end_column) = source.position(span.end);
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri },
        region: Region {
            end_column,
            end_line,
            start_column,
            start_line,
        },
    }
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
    fn results_are_written_as_their_json_values_were() {
        // A `serde_json::Value` sorts object keys: the log was built of them, and must not change.
        let report = crate::output::json::tests::seed_report();
        let linter = crate::linter::Linter::builtin().unwrap();
        let rules = RuleInfo::all(&linter);
        let index: HashMap<&str, usize> =
            rules.iter().enumerate().map(|(i, r)| (&*r.id, i)).collect();
        let source = report.source.as_ref().unwrap();
        for d in &report.diagnostics {
            let result = result(d, source, "seed.txt", &index);
            let value = serde_json::to_value(&result).unwrap();
            assert_eq!(
                serde_json::to_string_pretty(&result).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }

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
