//! The machine-readable formats (`--format sarif|github|rdjsonl|jsonl`) and `--output`, checked
//! field by field on a small article whose diagnostics are known.
//!
//! The article is plain text (`.txt`), so that these positions do not depend on the Markdown and
//! HTML front ends. Its non-ASCII letters sit before the findings on their lines, so that columns
//! counted in code points (SARIF, GitHub) and in UTF-8 bytes (rdjsonl) differ.

use crate::util::copydesk_in;
use serde_json::{Value, json};
use std::path::Path;

/// Line 3: `Écrivez à ` is 10 characters, 12 bytes. Line 7: `The café’s report came from NSPCC`
/// is 33 characters, 36 bytes.
const ARTICLE: &str = "Café news\n\
    \n\
    Écrivez à [email protected] now.\n\
    \n\
    The café is open  every day.\n\
    \n\
    The café’s report came from NSPCC .\n\
    \n\
    Leave a Comment\n";

/// A tempdir holding `article.txt`.
fn article_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    dir
}

/// Runs `check --format FORMAT article.txt` and returns stdout; the article has errors, so the
/// exit code is 1.
fn check_article(format: &str) -> String {
    let dir = article_dir();
    let out = copydesk_in(dir.path())
        .args(["check", "--format", format, "article.txt"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

const EMAIL_MESSAGE: &str = "Scraped e-mail placeholder '[email protected]': the address was \
    hidden by Cloudflare; restore it from the original or delete it.";
const EMAIL_LINK: &str =
    "https://developers.cloudflare.com/waf/tools/scrape-shield/email-address-obfuscation/";
const COMMENT_MESSAGE: &str =
    "Comment-form text 'Leave a Comment' was scraped with the article: delete the line.";

#[test]
fn jsonl_is_the_json_records_one_per_line() {
    let lines = json_lines(&check_article("jsonl"));
    let array: Value = serde_json::from_str(&check_article("json")).unwrap();
    assert_eq!(Value::Array(lines.clone()), array);
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0],
        json!({
            "path": "article.txt",
            "rule": "Junk.EmailPlaceholder",
            "severity": "error",
            "message": EMAIL_MESSAGE,
            "start_byte": 24,
            "end_byte": 41,
            "line": 3,
            "column": 11,
            "end_line": 3,
            "end_column": 28,
            "labels": [],
            "help": null,
            "fix": null,
        })
    );
    let rules: Vec<&str> = lines.iter().map(|l| l["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "Junk.EmailPlaceholder",
            "Typography.DoubleSpace",
            "Typography.SpaceBeforePunctuation",
            "Junk.CommentWidget"
        ]
    );
}

#[test]
fn sarif_log() {
    let log: Value = serde_json::from_str(&check_article("sarif")).unwrap();
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "copydesk");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let rules = driver["rules"].as_array().unwrap();
    let email = rules
        .iter()
        .find(|r| r["id"] == "Junk.EmailPlaceholder")
        .unwrap();
    assert_eq!(email["name"], "EmailPlaceholder");
    assert_eq!(
        email["shortDescription"]["text"],
        "Cloudflare's e-mail protection replaces every `x@y` token of a page with \
         `[email protected]` (often with a no-break space) or, in HTML, \
         `[email&#160;protected]`."
    );
    assert_eq!(
        email["fullDescription"]["text"],
        "Cloudflare's e-mail protection replaces every `x@y` token of a page with \
         `[email protected]` (often with a no-break space) or, in HTML, \
         `[email&#160;protected]`. Scraped text keeps the placeholder instead of the address."
    );
    assert_eq!(email["helpUri"], EMAIL_LINK);
    assert_eq!(email["defaultConfiguration"]["level"], "error");
    let space = rules
        .iter()
        .find(|r| r["id"] == "Typography.DoubleSpace")
        .unwrap();
    assert_eq!(space["defaultConfiguration"]["level"], "note");
    assert!(space.get("helpUri").is_none());
    // copydesk's own diagnostics close the list, so that every result has its rule.
    let core = &rules[rules.len() - 3..];
    assert_eq!(core[0]["id"], "Core.InvalidUtf8");
    assert_eq!(core[0]["defaultConfiguration"]["level"], "error");
    assert_eq!(core[1]["id"], "Core.Encoding");
    assert_eq!(core[1]["defaultConfiguration"]["level"], "warning");
    assert_eq!(core[2]["id"], "Core.UnusedSuppression");
    assert_eq!(core[2]["defaultConfiguration"]["level"], "warning");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "note", "warning", "error"]);

    let region = |r: &Value| r["locations"][0]["physicalLocation"]["region"].clone();
    assert_eq!(results[0]["ruleId"], "Junk.EmailPlaceholder");
    assert_eq!(results[0]["message"]["text"], EMAIL_MESSAGE);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "article.txt"
    );
    assert_eq!(
        region(&results[0]),
        json!({"startLine": 3, "startColumn": 11, "endLine": 3, "endColumn": 28})
    );
    assert!(results[0].get("fixes").is_none());

    assert_eq!(results[1]["ruleId"], "Typography.DoubleSpace");
    assert_eq!(
        region(&results[1]),
        json!({"startLine": 5, "startColumn": 18, "endLine": 5, "endColumn": 19})
    );
    assert_eq!(
        results[1]["fixes"],
        json!([{
            "artifactChanges": [{
                "artifactLocation": {"uri": "article.txt"},
                "replacements": [{
                    "deletedRegion": {"byteOffset": 66, "byteLength": 1},
                    "insertedContent": {"text": ""},
                }],
            }],
        }])
    );

    assert_eq!(results[2]["ruleId"], "Typography.SpaceBeforePunctuation");
    assert_eq!(
        region(&results[2]),
        json!({"startLine": 7, "startColumn": 34, "endLine": 7, "endColumn": 36})
    );

    assert_eq!(results[3]["ruleId"], "Junk.CommentWidget");
    assert_eq!(results[3]["message"]["text"], COMMENT_MESSAGE);
    assert_eq!(
        region(&results[3]),
        json!({"startLine": 9, "startColumn": 1, "endLine": 9, "endColumn": 16})
    );
    // The fix deletes the whole line, its line break included, and the blank line before it,
    // the line being the last paragraph.
    assert_eq!(
        results[3]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"],
        json!({"byteOffset": 118, "byteLength": 17})
    );
}

#[test]
fn sarif_uris_are_relative_and_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub dir")).unwrap();
    std::fs::write(dir.path().join("sub dir/odd #1,é.txt"), "Leave a Comment\n").unwrap();
    let out = copydesk_in(dir.path())
        .args(["check", "--format", "sarif", "./sub dir/odd #1,é.txt"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let log: Value = serde_json::from_slice(&out).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sub%20dir/odd%20%231%2C%C3%A9.txt"
    );
}

#[test]
fn github_workflow_commands() {
    let expected = format!(
        "::error file=article.txt,line=3,endLine=3,col=11,endColumn=28,\
         title=Junk.EmailPlaceholder::{EMAIL_MESSAGE}\n\
         ::notice file=article.txt,line=5,endLine=5,col=18,endColumn=19,\
         title=Typography.DoubleSpace::Two or more spaces between words: use one.\n\
         ::warning file=article.txt,line=7,endLine=7,col=34,endColumn=36,\
         title=Typography.SpaceBeforePunctuation::Space before the punctuation mark: remove the \
         space.\n\
         ::error file=article.txt,line=9,endLine=9,col=1,endColumn=16,\
         title=Junk.CommentWidget::{COMMENT_MESSAGE}\n"
    );
    assert_eq!(check_article("github"), expected);
}

/// A user rule pack whose message needs every escape, and a rule whose match spans two lines.
fn weird_rules(dir: &Path) {
    let pack = dir.join("rules/Test");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("Weird.yaml"),
        "extends: existence\n\
         message: \"100% sure: a, b\\r\\nsecond line\"\n\
         level: warning\n\
         description: A message that needs escaping in workflow commands.\n\
         tokens:\n  - weirdword\n",
    )
    .unwrap();
    std::fs::write(
        pack.join("Span.yaml"),
        "extends: existence\n\
         message: \"Spans two lines.\"\n\
         level: suggestion\n\
         description: A match across a line break.\n\
         raw:\n  - 'alpha\\nbeta'\n",
    )
    .unwrap();
}

#[test]
fn github_escapes_messages_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    weird_rules(dir.path());
    std::fs::write(
        dir.path().join("we,ird:name%.txt"),
        "a weirdword here\nalpha\nbeta\n",
    )
    .unwrap();
    let out = copydesk_in(dir.path())
        .args([
            "check",
            "--rules",
            "rules",
            "--format",
            "github",
            "./we,ird:name%.txt",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "::warning file=we%2Cird%3Aname%25.txt,line=1,endLine=1,col=3,endColumn=12,\
         title=Test.Weird::100%25 sure: a, b%0D%0Asecond line\n\
         ::notice file=we%2Cird%3Aname%25.txt,line=2,endLine=3,\
         title=Test.Span::Spans two lines.\n"
    );
}

#[test]
fn rdjsonl_counts_bytes() {
    let lines = json_lines(&check_article("rdjsonl"));
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0],
        json!({
            "message": EMAIL_MESSAGE,
            "location": {
                "path": "article.txt",
                "range": {"start": {"line": 3, "column": 13}, "end": {"line": 3, "column": 30}},
            },
            "severity": "ERROR",
            "source": {"name": "copydesk"},
            "code": {"value": "Junk.EmailPlaceholder", "url": EMAIL_LINK},
        })
    );
    assert_eq!(lines[1]["severity"], "INFO");
    assert_eq!(lines[1]["code"], json!({"value": "Typography.DoubleSpace"}));
    assert_eq!(
        lines[1]["location"]["range"],
        json!({"start": {"line": 5, "column": 19}, "end": {"line": 5, "column": 20}})
    );
    assert_eq!(
        lines[1]["suggestions"],
        json!([{
            "range": {"start": {"line": 5, "column": 19}, "end": {"line": 5, "column": 20}},
            "text": "",
        }])
    );
    assert_eq!(lines[2]["severity"], "WARNING");
    assert_eq!(
        lines[2]["location"]["range"],
        json!({"start": {"line": 7, "column": 37}, "end": {"line": 7, "column": 39}})
    );
    assert_eq!(
        lines[2]["suggestions"][0]["range"],
        json!({"start": {"line": 7, "column": 37}, "end": {"line": 7, "column": 38}})
    );
    assert_eq!(lines[3]["severity"], "ERROR");
    assert_eq!(lines[3]["message"], COMMENT_MESSAGE);
    // Deleting the line takes its line break, and the blank line before it (the line is the
    // last paragraph): the suggestion runs from the blank line to the start of the next line.
    assert_eq!(
        lines[3]["suggestions"],
        json!([{
            "range": {"start": {"line": 8, "column": 1}, "end": {"line": 10, "column": 1}},
            "text": "",
        }])
    );
    for line in &lines {
        assert_eq!(line["source"]["name"], "copydesk");
    }
}

#[test]
fn output_file_gets_the_report_and_exit_code_stays() {
    let dir = article_dir();
    let report = dir.path().join("report.sarif");
    // Longer than the report: the file must be truncated, not overwritten in place.
    std::fs::write(&report, "x".repeat(1 << 20)).unwrap();
    copydesk_in(dir.path())
        .args([
            "check",
            "--format",
            "sarif",
            "-o",
            "report.sarif",
            "article.txt",
        ])
        .assert()
        .code(1)
        .stdout("");
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 4);

    copydesk_in(dir.path())
        .args([
            "check",
            "--format",
            "jsonl",
            "--output",
            "report.jsonl",
            "article.txt",
        ])
        .assert()
        .code(1)
        .stdout("");
    let text = std::fs::read_to_string(dir.path().join("report.jsonl")).unwrap();
    assert_eq!(json_lines(&text).len(), 4);

    // No colour codes in a file, even when asked for.
    copydesk_in(dir.path())
        .args([
            "check",
            "--color",
            "always",
            "-o",
            "report.txt",
            "article.txt",
        ])
        .assert()
        .code(1);
    let text = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(text.contains("Junk.EmailPlaceholder"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn output_file_with_a_clean_article_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clean.txt"), "A clean sentence.\n").unwrap();
    copydesk_in(dir.path())
        .args([
            "check",
            "--format",
            "rdjsonl",
            "-o",
            "out.jsonl",
            "clean.txt",
        ])
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap(),
        ""
    );
}

#[test]
fn output_file_that_cannot_be_created_is_an_error() {
    let dir = article_dir();
    copydesk_in(dir.path())
        .args(["check", "-o", "missing/dir/report.txt", "article.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing/dir/report.txt"));
}

// Control characters in articles and file names: shown, never sent to the terminal or the log.

/// The terminal-injection report's article: OSC 0 sets the window title, CSI 2J clears the
/// screen, OSC 52 writes the clipboard.
const ESC_ARTICLE: &str = "x \x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZWNobw==\x07\n";

/// A user rule whose message quotes its match, which holds ESC and BEL.
fn title_rule(dir: &Path) {
    let pack = dir.join("rules/Test");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("Title.yaml"),
        "extends: existence\n\
         message: \"Terminal command '%s'\"\n\
         level: warning\n\
         description: An OSC sequence that sets the window title.\n\
         raw:\n  - '\\x1b\\]0;[A-Z]+\\x07'\n",
    )
    .unwrap();
}

/// Runs copydesk in `dir` and returns its stdout and stderr, checking the exit code.
fn run(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    crate::util::run(copydesk_in(dir).args(args), code)
}

/// Lints [`ESC_ARTICLE`] with the title rule and `Junk.ControlCharacter`, colour off, plus
/// `args`; the run must exit 1.
fn lint_esc_article(args: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    title_rule(dir.path());
    std::fs::write(dir.path().join("esc.txt"), ESC_ARTICLE).unwrap();
    let mut all = vec!["check", "--color", "never", "--rules", "rules"];
    all.extend(["--select", "Test,Junk.ControlCharacter"]);
    all.extend(args);
    all.push("esc.txt");
    run(dir.path(), &all, 1)
}

#[test]
fn terminal_controls_in_articles_are_shown_in_rich_output() {
    let (out, err) = lint_esc_article(&[]);
    assert!(!out.contains(['\x1b', '\x07']), "{out}");
    assert_eq!(err, "");
    // The header's column is the file's (`x ` then the ESC: column 3); the excerpt shows the
    // control pictures and the carets stand under the whole match, ␛ and ␇ included. The control
    // characters inside the match are folded into it (one finding per span): their labels stand
    // under ␛ and under ␇, the BEL that ends the title at column 12 of the file, and the fix
    // deletes them, escaped.
    let title = "error[Test.Title]: Terminal command '\\x1b]0;PWNED\\x07'\n  \
                 ┌─ esc.txt:1:3\n  \
                 │\n\
                 1 │ x ␛]0;PWNED␇␛[2J␛]52;c;ZWNobw==␇\n  \
                 │   ^^^^^^^^^^\n  \
                 │   │        │\n  \
                 │   │        also Junk.ControlCharacter: Control character in the text: delete it.\n  \
                 │   also Junk.ControlCharacter: Control character in the text: delete it.\n  \
                 │\n  \
                 = fix (safe): delete \"\\u{1b}\", delete \"\\u{7}\"\n\n";
    assert!(out.contains(title), "{out}");
    // The ESC after the title stands alone, at column 13.
    let esc = "  ┌─ esc.txt:1:13\n  \
               │\n\
               1 │ x ␛]0;PWNED␇␛[2J␛]52;c;ZWNobw==␇\n  \
               │             ^\n";
    assert!(out.contains(esc), "{out}");
    assert!(out.ends_with("1 file checked: 4 errors, 0 warnings, 0 suggestions\n"));
}

#[test]
fn terminal_controls_in_articles_are_escaped_in_concise_output() {
    let (out, _) = lint_esc_article(&["--format", "concise"]);
    let control = "error: Control character in the text: delete it. [Junk.ControlCharacter]";
    assert_eq!(
        out,
        format!(
            "esc.txt:1:3: error: Terminal command '\\x1b]0;PWNED\\x07' \
             (also Junk.ControlCharacter, Junk.ControlCharacter) [Test.Title]\n\
             esc.txt:1:13: {control}\n\
             esc.txt:1:17: {control}\n\
             esc.txt:1:32: {control}\n"
        )
    );
}

#[test]
fn bidi_controls_in_articles_are_shown_in_rich_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bidi.txt"),
        "Mail \u{202e}to [email protected] now.\n",
    )
    .unwrap();
    let (out, _) = run(
        dir.path(),
        &[
            "check",
            "--color",
            "never",
            "--select",
            "Junk.EmailPlaceholder",
            "bidi.txt",
        ],
        1,
    );
    assert!(!out.contains('\u{202e}'), "{out}");
    // Column 10 of the file (the RLO is one character); the carets stand under the
    // placeholder, after the eight characters of `<U+202E>`.
    let excerpt = "  ┌─ bidi.txt:1:10\n  \
                   │\n\
                   1 │ Mail <U+202E>to [email protected] now.\n  \
                   │                 ^^^^^^^^^^^^^^^^^\n";
    assert!(out.contains(excerpt), "{out}");
}

#[test]
fn crlf_articles_show_as_before() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("crlf.txt"), "Intro.\r\nLeave a Comment\r\n").unwrap();
    let (out, _) = run(dir.path(), &["check", "--color", "never", "crlf.txt"], 1);
    let excerpt = "  ┌─ crlf.txt:2:1\n  \
                   │\n\
                   2 │ Leave a Comment\n  \
                   │ ^^^^^^^^^^^^^^^\n";
    assert!(out.contains(excerpt), "{out}");
    assert!(!out.contains(['\r', '␍']), "{out:?}");
}

/// A file name that would put a workflow command of its own on a line, and the forged line.
const FORGED_NAME: &str = "b\n::warning file=SECURITY.md,line=1::Injected\n.txt";
const FORGED_LINE: &str = "::warning file=SECURITY.md";
/// [`FORGED_NAME`] as copydesk prints it, and as the `file` property of an annotation.
const FORGED_SHOWN: &str = "b\\n::warning file=SECURITY.md,line=1::Injected\\n.txt";
const FORGED_PROPERTY: &str = "b%0A%3A%3Awarning file=SECURITY.md%2Cline=1%3A%3AInjected%0A.txt";

/// Checks what the GitHub runner would read in `text` (stdout or stderr): the lines it runs as
/// commands (those that start with `::` once leading white space is trimmed) are copydesk's
/// annotations of the forged file, and no line starts with what the name forged.
fn no_forged_commands(text: &str) {
    let annotation = format!("file={FORGED_PROPERTY},line=");
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("::") {
            let real = ["::error ", "::warning ", "::notice "].iter().any(|c| {
                line.strip_prefix(c)
                    .is_some_and(|p| p.starts_with(&annotation))
            });
            assert!(
                real,
                "a workflow command that copydesk did not write: {line:?}"
            );
        }
        assert!(!line.starts_with(FORGED_LINE), "{line:?}");
        assert!(!line.starts_with(".txt"), "{line:?}");
    }
}

#[test]
fn file_names_with_line_breaks_cannot_forge_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FORGED_NAME), "Leave a Comment\n").unwrap();
    let message = "Comment-form text 'Leave a Comment' was scraped with the article: delete the \
                   line.";

    let (out, err) = run(dir.path(), &["check", "--format", "github", "."], 1);
    assert_eq!(
        out,
        format!(
            "::error file={FORGED_PROPERTY},line=1,endLine=1,col=1,endColumn=16,\
             title=Junk.CommentWidget::{message}\n"
        )
    );
    no_forged_commands(&out);
    assert_eq!(err, "");

    let (out, err) = run(dir.path(), &["check", "--format", "concise", "."], 1);
    assert_eq!(
        out,
        format!("{FORGED_SHOWN}:1:1: error: {message} [Junk.CommentWidget]\n")
    );
    no_forged_commands(&out);
    assert_eq!(err, "");

    let (out, err) = run(dir.path(), &["check", "--color", "never", "."], 1);
    assert!(out.contains(&format!("  ┌─ {FORGED_SHOWN}:1:1\n")), "{out}");
    no_forged_commands(&out);
    assert_eq!(err, "");
}

/// Depends on `src/cli/commands/check/mod.rs` escaping the path of skip notes: [`for_github_log`] with
/// `--format github`, [`for_terminal`] otherwise.
///
/// [`for_github_log`]: copydesk::escape::for_github_log
/// [`for_terminal`]: copydesk::escape::for_terminal
#[test]
fn file_names_in_skip_notes_cannot_forge_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FORGED_NAME), "Leave a Comment\n").unwrap();
    let binary = b"\x89PNG\r\n\x1a\n\0\0\0IHDR";
    std::fs::write(dir.path().join(FORGED_NAME.replacen('b', "c", 1)), binary).unwrap();
    // The runner also runs the legacy `##[command]` syntax anywhere in a line.
    std::fs::write(dir.path().join("d##[stop-commands]pause.txt"), binary).unwrap();
    let skipped = "binary file (NUL byte found), skipped";
    let forged_note = format!("note: c{}: {skipped}\n", &FORGED_SHOWN[1..]);

    let (out, err) = run(dir.path(), &["check", "--format", "github", "."], 1);
    no_forged_commands(&out);
    no_forged_commands(&err);
    assert!(!err.contains("##["), "{err}");
    assert_eq!(
        err,
        format!("{forged_note}note: d##\\x5bstop-commands]pause.txt: {skipped}\n")
    );

    for format in ["concise", "rich"] {
        let (out, err) = run(
            dir.path(),
            &["check", "--color", "never", "--format", format, "."],
            1,
        );
        no_forged_commands(&out);
        no_forged_commands(&err);
        assert_eq!(
            err,
            format!("{forged_note}note: d##[stop-commands]pause.txt: {skipped}\n"),
            "{format}"
        );
    }
}

/// `check .` finds `./post.md`; every format, the notes and the diff spell it `post.md`, as the
/// CI formats must, and so does a path given as `./post.md`.
#[test]
fn paths_are_spelled_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.md"), "Intro.\n\nLeave a Comment\n").unwrap();
    std::fs::write(dir.path().join("bin.txt"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    for target in [".", "./post.md"] {
        let check = |format: &str| run(dir.path(), &["check", "--format", format, target], 1).0;
        let path_of = |v: &Value, pointer: &str| v.pointer(pointer).unwrap().clone();
        assert!(
            check("rich").contains("\n  ┌─ post.md:3:1\n"),
            "{}",
            check("rich")
        );
        assert!(check("concise").starts_with("post.md:3:1: error: "));
        let json: Value = serde_json::from_str(&check("json")).unwrap();
        assert_eq!(path_of(&json, "/0/path"), "post.md");
        assert_eq!(path_of(&json_lines(&check("jsonl"))[0], "/path"), "post.md");
        assert!(check("github").starts_with("::error file=post.md,line=3,"));
        let sarif: Value = serde_json::from_str(&check("sarif")).unwrap();
        assert_eq!(
            path_of(
                &sarif,
                "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri"
            ),
            "post.md"
        );
        assert_eq!(
            path_of(&json_lines(&check("rdjsonl"))[0], "/location/path"),
            "post.md"
        );
        let (out, _) = run(dir.path(), &["check", "--diff", target], 1);
        assert!(out.starts_with("--- post.md\n+++ post.md\n"), "{out}");
    }
    let (_, err) = run(dir.path(), &["check", "--format", "concise", "."], 1);
    assert_eq!(
        err,
        "note: bin.txt: binary file (NUL byte found), skipped\n"
    );
    let (_, err) = run(dir.path(), &["check", "./missing.md"], 2);
    assert_eq!(
        err,
        "error: missing.md: No such file or directory (os error 2)\n"
    );
}

/// A line longer than 120 characters is shown as a window around the finding, its cuts marked
/// with `…`, the caret under its characters (counted in characters, not bytes: the line is
/// full of `é`) and the header's column that of the full line; a line of 120 is shown whole,
/// and so is one whose cut would hide a few characters only.
#[test]
fn rich_output_shows_a_window_of_a_long_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}Write to [email protected] now, and the rest of the line goes on for a while \
         after it, well past the edge of the window.\n\
         {} [email protected]\n\
         {} [email protected]\n",
        "Ça a été écrit à Zürich, café après café, ".repeat(4),
        "x".repeat(102),
        "x".repeat(119),
    );
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    let (out, _) = run(
        dir.path(),
        &[
            "check",
            "--color",
            "never",
            "--select",
            "Junk.EmailPlaceholder",
            "long.txt",
        ],
        1,
    );
    let head = |at: &str| {
        format!("error[Junk.EmailPlaceholder]: {EMAIL_MESSAGE}\n  ┌─ long.txt:{at}\n  │\n")
    };
    let x = |n: usize| "x".repeat(n);
    let expected = format!(
        "{}1 │ …Ça a été écrit à Zürich, café après café, Write to [email protected] now, and \
         the rest of the line goes on for a while a…\n  │ {}^^^^^^^^^^^^^^^^^\n\n\
         {}2 │ {} [email protected]\n  │ {}^^^^^^^^^^^^^^^^^\n\n\
         {}3 │ …{} [email protected]\n  │ {}^^^^^^^^^^^^^^^^^\n\n\
         1 file checked: 3 errors, 0 warnings, 0 suggestions\n",
        head("1:178"),
        " ".repeat(52),
        head("2:104"),
        x(102),
        " ".repeat(103),
        head("3:121"),
        x(102),
        " ".repeat(104),
    );
    assert_eq!(out, expected);
}

/// `--format html` (issue #24): one page with its style and script inline, a JSON block per
/// file. The article's text is data: `</script>`, `<!--` and `&` in it are escaped inside the
/// block, a path with quotes is escaped in its attribute, and each diagnostic carries its span
/// in UTF-16 units (after an emoji, two per character) beside its bytes. `.ci/html-report-test.py`
/// checks the page in Chromium.
#[test]
fn html_report_is_one_page_whose_data_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let text = "😀 Done </script><script>alert(1)</script> <!-- x --> &amp; [email protected].\n";
    crate::util::write(dir.path(), "a\"b.txt", text);
    let mut cmd = copydesk_in(dir.path());
    cmd.args(["check", "--format", "html", "a\"b.txt"]);
    let page = crate::util::stdout(&mut cmd, 1);
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    assert!(page.ends_with("</body>\n</html>\n"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no network"
    );
    // Two blocks of data (the file and the summary) and the page's own script.
    assert_eq!(page.matches("<script").count(), 3);
    assert_eq!(page.matches("</script>").count(), 3);
    assert!(!page.contains("alert(1)</script>"));
    let block_start = page.find("class=\"cd-file\"").unwrap();
    let tag = &page[block_start..block_start + page[block_start..].find('>').unwrap()];
    assert!(tag.contains("data-path=\"a&quot;b.txt\""), "{tag}");
    let json_start = block_start + tag.len() + 1;
    let json_end = json_start + page[json_start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&page[json_start..json_end]).unwrap();
    assert_eq!(data["text"], text);
    assert!(page[json_start..json_end].contains("\\u003c/script\\u003e"));
    let placeholder = data["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "Junk.EmailPlaceholder")
        .unwrap();
    let start = text.find("[email").unwrap();
    assert_eq!(placeholder["start_byte"], start);
    // The emoji is 4 bytes and 2 UTF-16 units; everything else before the span is ASCII.
    assert_eq!(placeholder["start"], start - 2);
    assert_eq!(placeholder["end"], start - 2 + "[email protected]".len());
}
