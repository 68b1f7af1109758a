//! The cap on findings per rule (`--max-findings-per-rule`, the config's `max-findings-per-rule`):
//! what each format says about the findings left out, that they still count (summary, exit code,
//! corpus records, `stats`), that suppressed findings and those inside invalid UTF-8 neither take
//! a place under the cap nor count past it, what `--fix` does with it, and how bad values are
//! refused.

use crate::util::{copydesk_in, run, write};
use serde_json::{Value, json};
use std::path::Path;

const EMAIL_LINE: &str = "Write to [email protected] today.\n";
const EMAIL_MESSAGE: &str = "Scraped e-mail placeholder '[email protected]': the address was \
    hidden by Cloudflare; restore it from the original or delete it.";

/// A folder holding `a.txt`: five lines with an e-mail placeholder each (an error of
/// `Junk.EmailPlaceholder`, at column 10 of every line).
fn five_emails() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", EMAIL_LINE.repeat(5));
    dir
}

/// `check ARGS` in `dir`, without colours.
fn check(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    run(
        copydesk_in(dir)
            .args(["check", "--color", "never"])
            .args(args),
        code,
    )
}

/// The concise line of the e-mail placeholder on line `line` of `a.txt`.
fn email_line(line: usize) -> String {
    format!("a.txt:{line}:10: error: {EMAIL_MESSAGE} [Junk.EmailPlaceholder]\n")
}

#[test]
fn concise_shows_the_first_findings_then_one_note_per_rule() {
    let dir = five_emails();
    let (out, err) = check(
        dir.path(),
        &[
            "--format",
            "concise",
            "--max-findings-per-rule",
            "2",
            "a.txt",
        ],
        1,
    );
    let note = "a.txt: note: 3 more findings in this file not shown \
                (--max-findings-per-rule 2) [Junk.EmailPlaceholder]\n";
    assert_eq!(out, email_line(1) + &email_line(2) + note);
    assert_eq!(err, "");
}

#[test]
fn rich_shows_a_note_and_counts_every_finding_in_the_summary() {
    let dir = five_emails();
    let (out, _) = check(dir.path(), &["--max-findings-per-rule", "1", "a.txt"], 1);
    let tail = "note[Junk.EmailPlaceholder]: 4 more findings in this file not shown \
                (--max-findings-per-rule 1)\n = in a.txt\n\n\
                1 file checked: 5 errors, 0 warnings, 0 suggestions\n";
    assert!(out.ends_with(tail), "{out}");
    assert_eq!(
        out.matches("error[Junk.EmailPlaceholder]").count(),
        1,
        "{out}"
    );
}

#[test]
fn the_exit_code_counts_the_findings_left_out() {
    // A warning rule: whether the run fails depends on `--fail-on`, the same with the cap as
    // without it, and the summary counts all five either way.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", "It was the the end.\n".repeat(5));
    for (fail_on, code) in [("warning", 1), ("error", 0)] {
        for cap in ["1", "0"] {
            let (out, _) = check(
                dir.path(),
                &[
                    "--fail-on",
                    fail_on,
                    "--max-findings-per-rule",
                    cap,
                    "w.txt",
                ],
                code,
            );
            assert!(
                out.ends_with("1 file checked: 0 errors, 5 warnings, 0 suggestions\n"),
                "{fail_on} {cap}: {out}"
            );
        }
    }
}

#[test]
fn json_stays_an_array_of_findings_and_the_note_goes_to_stderr() {
    let dir = five_emails();
    for format in ["json", "jsonl", "rdjsonl"] {
        let (out, err) = check(
            dir.path(),
            &["--format", format, "--max-findings-per-rule", "1", "a.txt"],
            1,
        );
        let records: Vec<Value> = if format == "json" {
            serde_json::from_str::<Vec<Value>>(&out).unwrap()
        } else {
            out.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        assert_eq!(records.len(), 1, "{format}: {out}");
        assert_eq!(
            err,
            "note: a.txt: Junk.EmailPlaceholder: 4 more findings in this file not shown \
             (--max-findings-per-rule 1)\n",
            "{format}"
        );
    }
    let (out, _) = check(
        dir.path(),
        &["--format", "json", "--max-findings-per-rule", "1", "a.txt"],
        1,
    );
    let record = &serde_json::from_str::<Value>(&out).unwrap()[0];
    assert_eq!(
        (&record["rule"], &record["line"], &record["column"]),
        (&json!("Junk.EmailPlaceholder"), &json!(1), &json!(10))
    );
}

#[test]
fn sarif_reports_the_findings_left_out_as_tool_notifications() {
    let dir = five_emails();
    let (out, err) = check(
        dir.path(),
        &["--format", "sarif", "--max-findings-per-rule", "1", "a.txt"],
        1,
    );
    assert_eq!(err, "");
    let log: Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 1);
    let index = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["id"] == "Junk.EmailPlaceholder")
        .unwrap();
    assert_eq!(
        run["invocations"],
        json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": [{
                "associatedRule": {"id": "Junk.EmailPlaceholder", "index": index},
                "level": "note",
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.txt"}}}],
                "message": {
                    "text": "4 more findings in this file not shown (--max-findings-per-rule 1)"
                },
            }],
        }])
    );
    // Without findings left out the log has no invocation: it is what it always was.
    let (out, _) = check(dir.path(), &["--format", "sarif", "a.txt"], 1);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert!(log["runs"][0].get("invocations").is_none(), "{out}");
}

#[test]
fn github_annotates_the_file_with_a_notice() {
    let dir = five_emails();
    let (out, _) = check(
        dir.path(),
        &[
            "--format",
            "github",
            "--max-findings-per-rule",
            "1",
            "a.txt",
        ],
        1,
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "::error file=a.txt,line=1,endLine=1,col=10,endColumn=27,\
                 title=Junk.EmailPlaceholder::{EMAIL_MESSAGE}"
            )
            .as_str(),
            "::notice file=a.txt,title=Junk.EmailPlaceholder::4 more findings in this file \
             not shown (--max-findings-per-rule 1)",
        ]
    );
}

#[test]
fn corpus_records_say_what_was_left_out_and_count_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = EMAIL_LINE.repeat(3);
    let input = json!({"text": text}).to_string() + "\n";
    let (out, err) = run(
        copydesk_in(dir.path())
            .args([
                "check",
                "--input-format",
                "jsonl",
                "--max-findings-per-rule",
                "1",
            ])
            .write_stdin(input),
        1,
    );
    assert_eq!(err, "");
    let diagnostic = format!(
        r#"{{"column":10,"end_byte":26,"end_column":27,"end_line":1,"fix":null,"help":null,"labels":[],"line":1,"message":"{EMAIL_MESSAGE}","rule":"Junk.EmailPlaceholder","severity":"error","start_byte":9}}"#
    );
    assert_eq!(
        out,
        format!(
            r#"{{"id":1,"line":1,"diagnostics":[{diagnostic}],"omitted":[{{"rule":"Junk.EmailPlaceholder","severity":"error","count":2}}],"summary":{{"errors":3,"warnings":0,"suggestions":0}}}}"#
        ) + "\n"
    );
}

#[test]
fn stats_count_every_finding_whatever_the_cap() {
    let dir = five_emails();
    write(dir.path(), "copydesk.yaml", "max-findings-per-rule: 1\n");
    let (out, _) = run(copydesk_in(dir.path()).args(["stats", "a.txt"]), 0);
    let record: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(record["stats"]["errors"], json!(5));
    assert_eq!(
        record["stats"]["rules"],
        json!({"Junk.EmailPlaceholder": 5})
    );
}

#[test]
fn the_config_key_sets_the_cap_and_the_flag_overrides_it() {
    let dir = five_emails();
    write(dir.path(), "copydesk.yaml", "max-findings-per-rule: 1\n");
    let concise = ["--format", "concise"];
    let (out, _) = check(dir.path(), &[&concise[..], &["a.txt"]].concat(), 1);
    assert_eq!(
        out,
        email_line(1)
            + "a.txt: note: 4 more findings in this file not shown \
               (--max-findings-per-rule 1) [Junk.EmailPlaceholder]\n"
    );
    // 0: no cap.
    let flag = ["--max-findings-per-rule", "0", "a.txt"];
    let (out, _) = check(dir.path(), &[&concise[..], &flag].concat(), 1);
    assert_eq!(out, (1..=5).map(email_line).collect::<String>());
}

#[test]
fn the_default_cap_is_a_thousand() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", EMAIL_LINE.repeat(1001));
    let (out, _) = check(dir.path(), &["--format", "concise", "a.txt"], 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1001);
    assert_eq!(lines[999], email_line(1000).trim_end());
    assert_eq!(
        lines[1000],
        "a.txt: note: 1 more finding in this file not shown (--max-findings-per-rule 1000) \
         [Junk.EmailPlaceholder]"
    );
}

#[test]
fn bad_values_are_refused_naming_the_option() {
    let dir = five_emails();
    let (_, err) = check(dir.path(), &["--max-findings-per-rule", "lots", "a.txt"], 2);
    assert!(
        err.starts_with(
            "error: invalid value 'lots' for '--max-findings-per-rule <N>': \
             invalid digit found in string\n"
        ),
        "{err}"
    );
    let (_, err) = check(dir.path(), &["--max-findings-per-rule=-1", "a.txt"], 2);
    assert!(
        err.starts_with(
            "error: invalid value '-1' for '--max-findings-per-rule <N>': \
             invalid digit found in string\n"
        ),
        "{err}"
    );
    for (value, why) in [
        ("lots", "invalid type: string \"lots\", expected usize"),
        ("-1", "invalid type: integer `-1`, expected usize"),
    ] {
        write(
            dir.path(),
            "copydesk.yaml",
            format!("fail-on: error\nmax-findings-per-rule: {value}\n"),
        );
        let (out, err) = check(dir.path(), &["--format", "concise", "a.txt"], 2);
        assert_eq!(out, "");
        assert!(
            err.contains(&format!(
                "error: invalid config: max-findings-per-rule: {why}\n"
            )),
            "{err}"
        );
        assert!(err.contains("copydesk.yaml:2:24"), "{err}");
    }
    // A cap is set for a whole configuration, not per override.
    write(
        dir.path(),
        "copydesk.yaml",
        "overrides:\n  - files: [\"*.txt\"]\n    max-findings-per-rule: 3\n",
    );
    let (_, err) = check(dir.path(), &["a.txt"], 2);
    assert!(
        err.contains("unknown field `max-findings-per-rule`"),
        "{err}"
    );
}

#[test]
fn suppressed_findings_take_no_place_under_the_cap_and_are_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "<!-- copydesk-disable Junk.EmailPlaceholder -->\n{}<!-- copydesk-enable -->\n\n\
         Write to [email protected] here.\n\nWrite to [email protected] there.\n\n\
         Write to [email protected] again.\n",
        EMAIL_LINE.repeat(3)
    );
    write(dir.path(), "m.md", text);
    let (out, _) = check(
        dir.path(),
        &[
            "--format",
            "concise",
            "--max-findings-per-rule",
            "2",
            "m.md",
        ],
        1,
    );
    let email = |line| format!("m.md:{line}:10: error: {EMAIL_MESSAGE} [Junk.EmailPlaceholder]\n");
    assert_eq!(
        out,
        email(7)
            + &email(9)
            + "m.md: note: 1 more finding in this file not shown (--max-findings-per-rule 2) \
               [Junk.EmailPlaceholder]\n"
    );
    // The comment suppressed something, though nothing it suppressed is shown.
    assert!(!out.contains("Core.UnusedSuppression"));
}

#[test]
fn findings_inside_invalid_utf8_take_no_place_under_the_cap() {
    // Each line's invalid byte decodes to a U+FFFD that is not reported (the decoder reports the
    // byte); the real U+FFFD after it is. Three of those, one shown: two left out, not five.
    let dir = tempfile::tempdir().unwrap();
    let line: &[u8] = b"a\xff Write to [email protected] today \xef\xbf\xbd.\n";
    write(dir.path(), "inv.txt", line.repeat(3));
    let (out, _) = check(
        dir.path(),
        &[
            "--format",
            "concise",
            "--max-findings-per-rule",
            "1",
            "inv.txt",
        ],
        1,
    );
    let invalid = |n| format!("inv.txt:{n}:2: error: invalid UTF-8 (1 byte) [Core.InvalidUtf8]\n");
    let note = |rule| {
        format!(
            "inv.txt: note: 2 more findings in this file not shown (--max-findings-per-rule 1) \
             [{rule}]\n"
        )
    };
    let expected = [
        invalid(1),
        format!("inv.txt:1:13: error: {EMAIL_MESSAGE} [Junk.EmailPlaceholder]\n"),
        "inv.txt:1:37: error: Replacement character U+FFFD: a character was lost when the text \
         was decoded; restore it from the original. [Junk.ReplacementCharacter]\n"
            .to_string(),
        invalid(2),
        invalid(3),
        note("Junk.EmailPlaceholder"),
        note("Junk.ReplacementCharacter"),
    ];
    assert_eq!(out, expected.concat());
}

#[test]
fn fix_applies_the_fixes_of_the_findings_shown_pass_by_pass() {
    // 25 double spaces, a cap of 2: each of the 10 passes fixes the first 2 left, and the 5 that
    // remain are reported (2 shown, 3 counted).
    let dir = tempfile::tempdir().unwrap();
    let text: String = (1..=25).map(|i| format!("Line {i}  here.\n")).collect();
    let path = write(dir.path(), "s.txt", &text);
    let (out, err) = check(
        dir.path(),
        &[
            "--format",
            "concise",
            "--fix",
            "--max-findings-per-rule",
            "2",
            "s.txt",
        ],
        0,
    );
    let space = |line| {
        format!(
            "s.txt:{line}:9: suggestion: Two or more spaces between words: use one. \
             [Typography.DoubleSpace]\n"
        )
    };
    assert_eq!(
        out,
        space(21)
            + &space(22)
            + "s.txt: note: 3 more findings in this file not shown (--max-findings-per-rule 2) \
               [Typography.DoubleSpace]\n"
    );
    assert_eq!(err, "20 fixes applied\n");
    let fixed: String = (1..=25)
        .map(|i| {
            let gap = if i > 20 { "  " } else { " " };
            format!("Line {i}{gap}here.\n")
        })
        .collect();
    assert_eq!(std::fs::read_to_string(path).unwrap(), fixed);
}
