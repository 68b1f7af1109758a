//! Corpus mode (`check --input-format jsonl`): exact records, malformed lines, exit codes, order
//! under parallelism; and the streaming `check` of files: formats that wrap the whole run, and no
//! progress bar where nobody watches.

use crate::util::{copydesk, run};
use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn corpus() -> Command {
    let mut cmd = copydesk();
    cmd.args(["check", "--input-format", "jsonl"]);
    cmd
}

const EMAIL_MESSAGE: &str = "Scraped e-mail placeholder '[email protected]': the address was \
    hidden by Cloudflare; restore it from the original or delete it.";

/// The record of an e-mail placeholder at `start_byte` (column `column`) on line 1.
fn email(start_byte: usize, column: usize) -> String {
    format!(
        r#"{{"column":{column},"end_byte":{},"end_column":{},"end_line":1,"fix":null,"help":null,"labels":[],"line":1,"message":"{EMAIL_MESSAGE}","rule":"Junk.EmailPlaceholder","severity":"error","start_byte":{start_byte}}}"#,
        start_byte + 17,
        column + 17
    )
}

const CLEAN_SUMMARY: &str = r#"{"errors":0,"warnings":0,"suggestions":0}"#;
const ONE_ERROR: &str = r#"{"errors":1,"warnings":0,"suggestions":0}"#;

#[test]
fn records_are_exact() {
    // Line 2 is blank (not a document); line 4 has no id field; line 3's text is escaped JSON
    // whose offsets count the UTF-8 bytes of the decoded text.
    let input = concat!(
        r#"{"id":"a-1","text":"Write to [email protected] today.\n"}"#,
        "\n\n",
        r#"{"meta":{"x":[1,2]},"id":7,"text":"Caf\u00e9 “news”: write to [email protected] now."}"#,
        "\n",
        r#"{"text":"They said that the the charity was right."}"#,
        "\r\n",
        r#"{"text":"A clean sentence.","id":{"shard":3,"n":1}}"#,
    );
    let (out, err) = run(corpus().args(["--id-field", "id"]).write_stdin(input), 1);
    let repeated = r#"{"column":16,"end_byte":22,"end_column":23,"end_line":1,"fix":{"applicability":"unsafe","edits":[{"end_byte":22,"replacement":"","start_byte":18}]},"help":null,"labels":[],"line":1,"message":"'the' is repeated: delete one.","rule":"Translation.RepeatedWord","severity":"warning","start_byte":15}"#;
    let expected = [
        format!(
            r#"{{"id":"a-1","line":1,"diagnostics":[{}],"summary":{ONE_ERROR}}}"#,
            email(9, 10)
        ),
        // "Café “news”: write to " is 27 bytes, 22 characters.
        format!(
            r#"{{"id":7,"line":3,"diagnostics":[{}],"summary":{ONE_ERROR}}}"#,
            email(27, 23)
        ),
        format!(
            r#"{{"id":null,"line":4,"diagnostics":[{repeated}],"summary":{{"errors":0,"warnings":1,"suggestions":0}}}}"#
        ),
        format!(
            r#"{{"id":{{"shard":3,"n":1}},"line":5,"diagnostics":[],"summary":{CLEAN_SUMMARY}}}"#
        ),
    ];
    assert_eq!(out, expected.join("\n") + "\n");
    assert_eq!(err, "");
}

/// A byte-order mark before the first document is dropped (issue #21), not the document; lines
/// of spaces and tabs are skipped like blank ones. A mark further on is a malformed line: there
/// it is a character, which JSON does not allow between documents.
#[test]
fn a_byte_order_mark_and_white_space_lines_are_not_documents() {
    let input = "\u{feff}{\"text\":\"Write to [email protected] today.\"}\n   \t\n\
                 {\"text\":\"Two.\"}\n \r\n\u{feff}{\"text\":\"Three.\"}\n";
    let expected = format!(
        "{{\"id\":1,\"line\":1,\"diagnostics\":[{}],\"summary\":{ONE_ERROR}}}\n\
         {{\"id\":3,\"line\":3,\"diagnostics\":[],\"summary\":{CLEAN_SUMMARY}}}\n",
        email(9, 10)
    );
    let malformed = "error: -:5: not JSON: expected value (column 1); line skipped\n";
    let (out, err) = run(corpus().write_stdin(input), 2);
    assert_eq!((out.as_str(), err.as_str()), (expected.as_str(), malformed));
    // The same from a file.
    let dir = tempfile::tempdir().unwrap();
    let path = crate::util::write(dir.path(), "docs.jsonl", input);
    let (out, err) = run(corpus().arg(&path), 2);
    assert_eq!(out, expected);
    assert_eq!(err, malformed.replace("-:5", &format!("{path}:5")));
    // A mark and nothing else on the first line: no document there.
    let (out, err) = run(corpus().write_stdin("\u{feff}\n{\"text\":\"Two.\"}\n"), 0);
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            format!("{{\"id\":2,\"line\":2,\"diagnostics\":[],\"summary\":{CLEAN_SUMMARY}}}\n")
                .as_str(),
            ""
        )
    );
}

#[test]
fn without_an_id_field_the_id_is_the_line_number() {
    let input = "{\"text\":\"One.\"}\n\n{\"text\":\"Two.\",\"id\":\"x\"}\n";
    let (out, _) = run(corpus().write_stdin(input), 0);
    assert_eq!(
        out,
        format!(
            "{{\"id\":1,\"line\":1,\"diagnostics\":[],\"summary\":{CLEAN_SUMMARY}}}\n\
             {{\"id\":3,\"line\":3,\"diagnostics\":[],\"summary\":{CLEAN_SUMMARY}}}\n"
        )
    );
}

#[test]
fn malformed_lines_are_reported_skipped_and_fail_the_run() {
    let input = concat!(
        "{\"text\":\"Fine.\"}\n",
        "not json\n",
        "{\"body\":\"no text field\"}\n",
        "{\"text\":42}\n",
        "[\"an\",\"array\"]\n",
        "{\"text\":\"trailing\"} x\n",
        "{\"text\":\"Also fine.\"}\n",
    );
    let (out, err) = run(corpus().write_stdin(input), 2);
    let ids: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [1, 7]);
    assert_eq!(
        err,
        "error: -:2: not JSON: expected ident (column 2); line skipped\n\
         error: -:3: no \"text\" field; line skipped\n\
         error: -:4: \"text\" is a number, not a string; line skipped\n\
         error: -:5: invalid type: sequence, expected a JSON object; line skipped\n\
         error: -:6: not JSON: trailing characters (column 21); line skipped\n"
    );
}

#[test]
fn lines_longer_than_max_filesize_are_skipped_with_a_note() {
    let long = format!("{{\"text\":\"{}\"}}\n", "word ".repeat(100));
    let input = format!("{{\"text\":\"One.\"}}\n{long}{{\"text\":\"Three.\"}}\n");
    let (out, err) = run(
        corpus().args(["--max-filesize", "100"]).write_stdin(input),
        0,
    );
    let lines = line_numbers(&out);
    assert_eq!(lines, [1, 3]);
    assert_eq!(
        err,
        "note: -:2: more than --max-filesize 100 bytes, skipped\n"
    );
}

#[test]
fn exit_codes_follow_the_failing_level() {
    let clean = "{\"text\":\"A clean sentence.\"}\n";
    let warning = "{\"text\":\"They said that the the charity was right.\"}\n";
    let error = "{\"text\":\"Write to [email protected] today.\"}\n";
    run(corpus().write_stdin(clean), 0);
    run(corpus().write_stdin(warning), 0);
    run(
        corpus().args(["--fail-on", "warning"]).write_stdin(warning),
        1,
    );
    run(corpus().write_stdin(error), 1);
    run(corpus().args(["--fail-on", "never"]).write_stdin(error), 0);
    // An empty stream is a clean run.
    assert_eq!(run(corpus().write_stdin(""), 0).0, "");
}

#[test]
fn a_file_an_output_file_and_a_custom_text_field() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    std::fs::write(
        &input,
        "{\"body\":\"Write to [email protected] today.\",\"text\":5}\n",
    )
    .unwrap();
    let report = dir.path().join("out.jsonl");
    let (out, _) = run(
        corpus().args([
            "--text-field",
            "body",
            "-o",
            report.to_str().unwrap(),
            input.to_str().unwrap(),
        ]),
        1,
    );
    assert_eq!(out, "");
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        format!(
            "{{\"id\":1,\"line\":1,\"diagnostics\":[{}],\"summary\":{ONE_ERROR}}}\n",
            email(9, 10)
        )
    );
    // A missing file is copydesk's error.
    let (_, err) = run(corpus().arg(dir.path().join("missing.jsonl")), 2);
    assert!(err.contains("missing.jsonl"), "{err}");
}

#[test]
fn markup_html_points_into_the_markup() {
    let input = "{\"text\":\"<p>Write to [email protected] today.</p>\"}\n";
    let (out, _) = run(corpus().args(["--markup", "html"]).write_stdin(input), 1);
    let record: Value = serde_json::from_str(out.trim_end()).unwrap();
    let d = &record["diagnostics"][0];
    assert_eq!(d["rule"], "Junk.EmailPlaceholder");
    assert_eq!(
        (d["start_byte"].as_u64(), d["end_byte"].as_u64()),
        (Some(12), Some(29))
    );
    // As plain text, the tags are junk of their own.
    let (out, _) = run(corpus().write_stdin(input), 1);
    assert!(out.contains("Junk.HtmlTag"), "{out}");
}

#[test]
fn a_nul_in_the_text_is_a_character_not_a_binary_file() {
    let input = "{\"text\":\"Write to [email protected] today.\\u0000\"}\n";
    let (out, _) = run(corpus().write_stdin(input), 1);
    assert!(out.contains("Junk.EmailPlaceholder"), "{out}");
}

#[test]
fn records_keep_input_order_under_parallelism() {
    let mut input = String::new();
    for i in 0..1000 {
        // Documents of very different sizes, so that later ones often finish first.
        let repeat = if i % 7 == 0 { 100 } else { 1 };
        let text = "Write to [email protected] today. ".repeat(repeat);
        input.push_str(&format!("{{\"id\":\"d{i}\",\"text\":\"{text}\"}}\n"));
    }
    let (out, _) = run(
        corpus()
            .args(["--id-field", "id", "-j", "2"])
            .write_stdin(input),
        1,
    );
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1000);
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["id"], format!("d{i}"));
        let expected = if i % 7 == 0 { 100 } else { 1 };
        assert_eq!(r["summary"]["errors"], expected, "record {i}");
    }
}

#[test]
fn options_that_do_not_apply_are_refused() {
    for args in [
        &["--format", "sarif"][..],
        &["--fix"],
        &["--diff"],
        &["--stdin-filename", "a.md"],
        &["--glob", "*.rst"],
        &["--unsafe-fixes"],
        &["a.jsonl", "b.jsonl"],
    ] {
        let (_, err) = run(corpus().args(args).write_stdin(""), 2);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    // `--format jsonl` names the records.
    run(corpus().args(["--format", "jsonl"]).write_stdin(""), 0);
}

/// A folder of `n` articles, every third one with an error.
fn tree(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let text = if i % 3 == 0 {
            "Write to [email protected] today.\n"
        } else {
            "A clean sentence.\n"
        };
        let sub = dir.path().join(format!("d{}", i % 5));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("a{i:03}.txt")), text).unwrap();
    }
    dir
}

fn check_tree(dir: &Path, format: &str, jobs: &str) -> String {
    let out = copydesk()
        .current_dir(dir)
        .args(["check", "--format", format, "-j", jobs, "."])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn streamed_formats_match_whole_documents_and_paths_stay_in_order() {
    let dir = tree(60);
    for format in ["json", "sarif"] {
        let out = check_tree(dir.path(), format, "2");
        // Written file by file, the document is exactly what one pretty-printed value gives.
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(out, serde_json::to_string_pretty(&value).unwrap() + "\n");
        assert_eq!(check_tree(dir.path(), format, "1"), out, "{format}");
    }
    let concise = check_tree(dir.path(), "concise", "2");
    let paths: Vec<&str> = concise
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths.len(), 20);
    assert_eq!(paths, sorted);
    // A run without findings still writes whole documents.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("a.txt"), "A clean sentence.\n").unwrap();
    for (format, expected) in [
        ("json", "[]\n"),
        (
            "rich",
            "1 file checked: 0 errors, 0 warnings, 0 suggestions\n",
        ),
    ] {
        let out = copydesk()
            .current_dir(clean.path())
            .args(["check", "--format", format, "a.txt"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
    let out = copydesk()
        .current_dir(clean.path())
        .args(["check", "--format", "sarif", "a.txt"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let log: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        String::from_utf8(out.clone()).unwrap(),
        serde_json::to_string_pretty(&log).unwrap() + "\n"
    );
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    // The bar would show at once on a terminal (the test hook removes the delay); here stderr
    // is a pipe, so nothing but the findings' absence of notes may appear.
    let dir = tree(200);
    let out = copydesk()
        .current_dir(dir.path())
        .env("COPYDESK_PROGRESS_DELAY_MS", "0")
        .args(["check", "--format", "concise", "."])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let input = "{\"text\":\"A clean sentence.\"}\n".repeat(2000);
    let (_, err) = run(
        corpus()
            .env("COPYDESK_PROGRESS_DELAY_MS", "0")
            .write_stdin(input),
        0,
    );
    assert_eq!(err, "");
}

/// `script` runs the command on a pseudo-terminal: there the bar does appear (so the test above
/// tests something), unless `CI` is set.
#[test]
fn progress_shows_on_a_terminal_but_not_in_ci() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("`script` (util-linux) is not installed: skipped");
        return;
    }
    let dir = tree(300);
    let bin = assert_cmd::cargo::cargo_bin("copydesk");
    let command = format!(
        "{} check --format concise -o /dev/null . 2>&1 >/dev/null",
        bin.display()
    );
    let on_terminal = |ci: bool| {
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .env("COPYDESK_PROGRESS_DELAY_MS", "0")
            .env("TERM", "xterm")
            .env_remove("CI");
        if ci {
            cmd.env("CI", "true");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    let shown = on_terminal(false);
    assert!(shown.contains("/300 files"), "{shown:?}");
    let ci = on_terminal(true);
    assert!(!ci.contains("/300 files"), "{ci:?}");
    assert!(ci.contains("300 files checked"), "{ci:?}");
}

#[test]
fn max_filesize_counts_a_document_not_its_line_ending() {
    // 16 bytes of JSON each: with CR LF or LF, both are within a limit of 16; 17 is not.
    let input = "{\"text\": \"abcd\"}\r\n{\"text\": \"abcde\"}\r\n{\"text\": \"wxyz\"}\n";
    let (out, err) = run(
        corpus().args(["--max-filesize", "16"]).write_stdin(input),
        0,
    );
    let lines = line_numbers(&out);
    assert_eq!(lines, [1, 3]);
    assert_eq!(
        err,
        "note: -:2: more than --max-filesize 16 bytes, skipped\n"
    );
}

#[test]
fn a_lone_surrogate_escape_is_read_as_a_replacement_character_with_a_note() {
    // As Python's json.dumps writes it; an escaped backslash before `ud800` is no escape, and a
    // pair is one character.
    let input = "{\"text\": \"a \\ud800 b\"}\n{\"text\": \"\\\\ud800 \\ud83d\\ude00 ok\"}\n";
    let (out, err) = run(corpus().write_stdin(input), 1);
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    let rules = |r: &Value| -> Vec<(String, u64)> {
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["start_byte"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // U+FFFD is three bytes of UTF-8 at byte 2 of the decoded text.
    assert_eq!(
        rules(&records[0]),
        [("Junk.ReplacementCharacter".to_string(), 2)]
    );
    assert_eq!(rules(&records[1]), []);
    assert_eq!(
        err,
        "note: -:1: a lone surrogate escape (\\ud800-\\udfff) read as U+FFFD\n"
    );
}

#[test]
fn utf16_input_is_named_once_not_reported_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "{\"text\": \"hi\"}\n{\"text\": \"yo\"}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let path = dir.path().join("u16.jsonl");
    std::fs::write(&path, bytes).unwrap();
    let (out, err) = run(corpus().arg(&path), 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "error: {} is UTF-16LE (its byte-order mark says so); --input-format jsonl reads \
             UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)\n",
            path.display()
        )
    );
}

/// The `line` of each record of corpus mode's output `out`.
fn line_numbers(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["line"].clone())
        .collect()
}
