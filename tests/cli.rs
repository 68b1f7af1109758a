//! The command line: exit codes, inputs, formats and bad input, as a user meets them.

use crate::util::{copydesk, stderr, stdout, write};

const CLEAN: &str = "The charity published its annual report on Monday.\n";
const WARNING: &str = "They said that the the charity was right.\n";
const ERROR: &str = "Write to [email protected] today.\n";

#[test]
fn exit_codes_follow_the_failing_level() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean.txt", CLEAN.as_bytes());
    let warning = write(dir.path(), "warning.txt", WARNING.as_bytes());
    let error = write(dir.path(), "error.txt", ERROR.as_bytes());
    copydesk().args(["check", &clean]).assert().code(0);
    copydesk().args(["check", &warning]).assert().code(0);
    copydesk()
        .args(["check", "--fail-on", "warning", &warning])
        .assert()
        .code(1);
    copydesk()
        .args(["check", "--fail-on", "suggestion", &warning])
        .assert()
        .code(1);
    copydesk().args(["check", &error]).assert().code(1);
    copydesk()
        .args(["check", "--fail-on", "never", &error])
        .assert()
        .code(0);
    copydesk()
        .args(["check", "--bogus-flag", &clean])
        .assert()
        .code(2);
}

#[test]
fn concise_format_is_one_exact_line_per_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", format!("{CLEAN}{WARNING}").as_bytes());
    let out = stdout(copydesk().args(["check", "--format", "concise", &path]), 0);
    assert_eq!(
        out,
        format!(
            "{path}:2:16: warning: 'the' is repeated: delete one. [Translation.RepeatedWord]\n"
        )
    );
}

#[test]
fn json_format_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", "“Café” [email protected]\n".as_bytes());
    let out = stdout(copydesk().args(["check", "--format", "json", &path]), 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v.as_array().unwrap()[0];
    assert_eq!(d["path"], path.as_str());
    assert_eq!(d["rule"], "Junk.EmailPlaceholder");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["start_byte"], 12); // “ and ” are 3 bytes, é 2: columns count characters
    assert_eq!(d["end_byte"], 29);
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 8);
    assert_eq!(d["end_line"], 1);
    assert_eq!(d["end_column"], 25);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("Scraped e-mail placeholder")
    );
}

#[test]
fn stdin_with_a_filename() {
    let out = stdout(
        copydesk()
            .args([
                "check",
                "--format",
                "concise",
                "--stdin-filename",
                "post.txt",
                "-",
            ])
            .write_stdin(ERROR),
        1,
    );
    assert!(
        out.starts_with("post.txt:1:10: error: Scraped e-mail placeholder"),
        "{out}"
    );
    // No path and piped input also reads standard input.
    let out = stdout(
        copydesk()
            .args(["check", "--format", "concise"])
            .write_stdin(ERROR),
        1,
    );
    assert!(out.starts_with("-:1:10: error:"), "{out}");
}

#[test]
fn rich_output_ends_with_a_summary_and_colours_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", ERROR.as_bytes());
    let plain = stdout(copydesk().args(["check", &path]), 1);
    assert!(!plain.contains('\u{1b}'));
    assert!(
        plain.ends_with("1 file checked: 1 error, 0 warnings, 0 suggestions\n"),
        "{plain}"
    );
    let coloured = stdout(copydesk().args(["check", "--color", "always", &path]), 1);
    assert!(coloured.contains('\u{1b}'));
    let never = stdout(copydesk().args(["check", "--color", "never", &path]), 1);
    assert_eq!(never, plain);
}

#[test]
fn directories_are_walked_by_extension_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".gitignore", b"ignored.txt\n");
    write(d, "b/post.md", ERROR.as_bytes());
    write(d, "a.txt", ERROR.as_bytes());
    write(d, "page.html", CLEAN.as_bytes());
    write(d, "code.rs", ERROR.as_bytes());
    write(d, "ignored.txt", ERROR.as_bytes());
    write(d, "notes.rst", ERROR.as_bytes());
    let root = d.display().to_string();
    let out = stdout(copydesk().args(["check", "--format", "concise", &root]), 1);
    let files: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        files,
        [format!("{root}/a.txt"), format!("{root}/b/post.md")]
    );
    let out = stdout(
        copydesk().args(["check", "--format", "concise", "--glob", "*.rst", &root]),
        1,
    );
    assert_eq!(out.lines().count(), 3);
    assert!(out.contains("notes.rst:1:10"));
}

#[test]
fn output_is_ordered_by_path_then_position() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["c.txt", "a.txt", "b.txt"] {
        write(dir.path(), name, format!("{ERROR}{WARNING}").as_bytes());
    }
    let root = dir.path().display().to_string();
    let out = stdout(
        copydesk().args(["check", "-j", "3", "--format", "concise", &root]),
        1,
    );
    let got: Vec<String> = out
        .lines()
        .map(|l| l.splitn(3, ':').take(2).collect::<Vec<_>>().join(":"))
        .collect();
    let expected: Vec<String> = ["a", "b", "c"]
        .iter()
        .flat_map(|n| [format!("{root}/{n}.txt:1"), format!("{root}/{n}.txt:2")])
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn invalid_utf8_is_reported_at_its_offset_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bad.txt",
        // One bad byte among well-formed characters: damaged UTF-8, not a legacy encoding.
        b"Caf\xE9 menu \xE2\x80\x9Cd\xC3\xA9j\xC3\xA0\xE2\x80\x9D.\nWrite to [email protected] today.\n",
    );
    let out = stdout(copydesk().args(["check", "--format", "json", &path]), 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<(&str, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["start_byte"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [("Core.InvalidUtf8", 3), ("Junk.EmailPlaceholder", 33)]
    );
    assert_eq!(v[0]["end_byte"], 4);
    assert_eq!(v[0]["message"], "invalid UTF-8 (1 byte)");
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0IHDR");
    let err = stderr(copydesk().args(["check", &path]), 0);
    assert_eq!(
        err,
        format!("note: {path}: binary file (NUL byte found), skipped\n")
    );
}

#[test]
fn an_unreadable_path_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", ERROR.as_bytes());
    let missing = dir.path().join("missing.txt").display().to_string();
    let output = copydesk()
        .args(["check", "--format", "concise", &missing, &good])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let out = String::from_utf8(output.stdout).unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(out.starts_with(&format!("{good}:1:10: error:")), "{out}");
    assert!(
        err.starts_with(&format!("error: {missing}: No such file or directory")),
        "{err}"
    );
}

#[test]
fn rules_and_explain() {
    let out = stdout(copydesk().args(["rules"]), 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("Junk.EmailPlaceholder") && l.contains("error")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("Quotes.Balance") && l.contains("warning"))
    );
    let out = stdout(copydesk().args(["explain", "Quotes.Balance"]), 0);
    assert!(
        out.starts_with("Quotes.Balance (warning, extends balance)"),
        "{out}"
    );
    assert!(out.contains("multi-paragraph") || out.contains("several"));
    assert!(out.contains("Fires on:"));
    let err = stderr(copydesk().args(["explain", "No.Such"]), 2);
    assert_eq!(err, "error: no rule `No.Such` (see `copydesk rules`)\n");
    let out = stdout(copydesk().args(["rules", "--test"]), 0);
    assert!(out.trim_end().ends_with("0 failed"), "{out}");
}

/// A user pack with one bad rule file; returns (rules dir, rule path).
fn bad_rule(content: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "House/Bad.yaml", content.as_bytes());
    let root = dir.path().display().to_string();
    (dir, root, path)
}

fn rule_error(content: &str) -> String {
    let (_dir, root, _) = bad_rule(content);
    let dir2 = tempfile::tempdir().unwrap();
    let article = write(dir2.path(), "a.txt", CLEAN.as_bytes());
    let output = copydesk()
        .args(["check", "--color", "never", "--rules", &root, &article])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        output.stdout.is_empty(),
        "nothing is linted half-configured"
    );
    String::from_utf8(output.stderr).unwrap()
}

const GOOD_HEAD: &str =
    "extends: existence\nmessage: Avoid '%s'.\nlevel: warning\ndescription: A test rule.\n";

#[test]
fn invalid_yaml_is_located() {
    let err = rule_error("extends: existence\nmessage: m\n\tlevel: warning\n");
    assert!(err.contains("House/Bad.yaml:3:"), "{err}");
    assert!(err.contains("invalid rule"), "{err}");
}

#[test]
fn unknown_key_is_located() {
    let err = rule_error(&format!("{GOOD_HEAD}tokens: [x]\ntokenz: [y]\n"));
    assert!(err.contains("unknown field `tokenz`"), "{err}");
    assert!(err.contains("House/Bad.yaml:6:1"), "{err}");
}

#[test]
fn unknown_extends_is_located() {
    let err = rule_error("extends: occurrence\nmessage: m\nlevel: warning\ndescription: d\n");
    assert!(err.contains("unknown variant `occurrence`"), "{err}");
    assert!(err.contains("House/Bad.yaml:1:10"), "{err}");
}

#[test]
fn bad_level_is_located() {
    let err =
        rule_error("extends: existence\nmessage: m\nlevel: fatal\ndescription: d\ntokens: [x]\n");
    assert!(err.contains("unknown variant `fatal`"), "{err}");
    assert!(err.contains("House/Bad.yaml:3:8"), "{err}");
}

#[test]
fn bad_regex_is_located_at_the_pattern() {
    let err = rule_error(&format!("{GOOD_HEAD}raw:\n  - 'fine'\n  - 'broken(['\n"));
    assert!(err.contains("regex does not compile"), "{err}");
    assert!(err.contains("House/Bad.yaml:7:6"), "{err}");
}

#[test]
fn key_of_another_kind_is_located() {
    let err = rule_error(&format!("{GOOD_HEAD}tokens: [x]\nswap:\n  a: b\n"));
    assert!(
        err.contains("`swap` has no meaning for a rule that extends `existence`"),
        "{err}"
    );
    assert!(err.contains("House/Bad.yaml:6:1"), "{err}");
}

#[test]
fn rule_id_collision_names_both_files() {
    let (_dir, root, _) = bad_rule(&format!("{GOOD_HEAD}tokens: [x]\n"));
    // The same pack and rule name again, in a second directory.
    let (_dir2, root2, _) = bad_rule(&format!("{GOOD_HEAD}tokens: [y]\n"));
    let err = stderr(
        copydesk().args(["rules", "--rules", &root, "--rules", &root2]),
        2,
    );
    assert!(
        err.contains("rule id `House.Bad` is already defined by"),
        "{err}"
    );
}

#[test]
fn user_rules_are_added() {
    let (_dir, root, _) = bad_rule(&format!(
        "{GOOD_HEAD}tokens: [synergy]\nexamples:\n  fire: [synergy]\n  pass: [energy]\n"
    ));
    let out = stdout(
        copydesk()
            .args(["check", "--format", "concise", "--rules", &root, "-"])
            .write_stdin("Pure synergy.\n"),
        0,
    );
    assert_eq!(out, "-:1:6: warning: Avoid 'synergy'. [House.Bad]\n");
}

#[test]
fn explain_knows_the_core_rules_and_suggests_what_a_typo_meant() {
    assert_eq!(
        stdout(copydesk().args(["explain", "Core.InvalidUtf8"]), 0),
        "Core.InvalidUtf8 (error, built in)\n\nBytes that are not valid UTF-8: the file was \
         damaged in transit, or has text in another encoding pasted in. Each run of them is read \
         as one U+FFFD and reported once, here, instead of by the rules; past a hundred runs, the \
         rest are one finding.\n"
    );
    assert_eq!(
        stdout(copydesk().args(["explain", "Core.Encoding"]), 0),
        "Core.Encoding (warning, built in)\n\nThe file is not UTF-8 but a legacy encoding \
         (Windows-1252, ISO-8859-2, KOI8-R, Shift_JIS, ...), which chardetng guessed from its \
         bytes. It is linted as decoded from that encoding, with every span on the file's own \
         bytes, and reported once. Fixes that write only ASCII are applied in the file's \
         encoding; others are left to a person. Save the file as UTF-8 to end it.\n"
    );
    assert_eq!(
        stdout(copydesk().args(["explain", "Core.UnusedSuppression"]), 0),
        "Core.UnusedSuppression (warning, built in)\n\nA suppression comment that suppresses \
         nothing: the finding it was written for is gone, or it names a rule that finds nothing \
         there. Delete it, so that it cannot hide a later finding.\n"
    );
    for (typo, meant) in [
        ("junk.commentwidget", "Junk.CommentWidget"),
        ("CommentWidget", "Junk.CommentWidget"),
    ] {
        assert_eq!(
            stderr(copydesk().args(["explain", typo]), 2),
            format!("error: no rule `{typo}`; did you mean `{meant}`?\n")
        );
    }
    assert_eq!(
        stderr(copydesk().args(["explain", "Nope"]), 2),
        "error: no rule `Nope` (see `copydesk rules`)\n"
    );
}

/// A Markdown post whose only finding is inside a code block: found as plain text, not as
/// Markdown.
const FENCED: &str = "Intro text here.\n\n~~~\nWrite to [email protected] today.\n~~~\n";
const FENCED_AS_TEXT: &str = "4:10: error: Scraped e-mail placeholder '[email protected]': the \
     address was hidden by Cloudflare; restore it from the original or delete it. \
     [Junk.EmailPlaceholder]\n";

#[test]
fn standard_input_is_read_as_markup_says_or_as_its_name_says() {
    let check = |args: &[&str], code| {
        let mut cmd = copydesk();
        cmd.args(["check", "--format", "concise"])
            .args(args)
            .write_stdin(FENCED);
        stdout(&mut cmd, code)
    };
    // Without a hint standard input is plain text.
    assert_eq!(check(&["-"], 1), format!("-:{FENCED_AS_TEXT}"));
    assert_eq!(check(&[], 1), format!("-:{FENCED_AS_TEXT}"));
    for args in [
        &["--markup", "md", "-"][..],
        &["--markup", "md"],
        &["--stdin-filename", "post.md", "-"],
        &["--stdin-filename", "docs/post.MARKDOWN"],
        // `--markup` wins over the name's extension.
        &["--stdin-filename", "post.txt", "--markup", "md", "-"],
    ] {
        assert_eq!(check(args, 0), "", "{args:?}");
    }
    assert_eq!(
        check(&["--stdin-filename", "post.md", "--markup", "text", "-"], 1),
        format!("post.md:{FENCED_AS_TEXT}")
    );
    // `txt` is the old name of `text`.
    assert_eq!(
        check(&["--markup", "txt", "-"], 1),
        format!("-:{FENCED_AS_TEXT}")
    );
    // HTML: `pre` is not prose, tags are markup.
    let html = "<p>Intro.</p>\n<pre>Write to [email protected] today.</pre>\n";
    for args in [&["--markup", "html"][..], &["--stdin-filename", "page.htm"]] {
        let mut cmd = copydesk();
        cmd.args(["check", "--format", "concise"])
            .args(args)
            .write_stdin(html);
        assert_eq!(stdout(&mut cmd, 0), "", "{args:?}");
    }
}

#[test]
fn fixing_standard_input_honours_its_markup() {
    // As text, the fence's widget line is deleted; as Markdown it is code and stays.
    let input = "Intro.\n\n~~~\nLeave a Comment\n~~~\n";
    let fixed = |args: &[&str]| {
        let mut cmd = copydesk();
        cmd.args(["check", "--fix", "--fail-on", "never"])
            .args(args)
            .arg("-")
            .write_stdin(input);
        stdout(&mut cmd, 0)
    };
    assert_eq!(fixed(&[]), "Intro.\n\n~~~\n~~~\n");
    assert_eq!(fixed(&["--markup", "md"]), input);
    assert_eq!(fixed(&["--stdin-filename", "a.md"]), input);
}

#[test]
fn options_that_would_do_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "post.md", FENCED);
    for (args, message) in [
        (
            &["--markup", "md"][..],
            "error: --markup only applies to standard input (`-`); files are read as their \
             extension says (.md and .markdown: Markdown, .html and .htm: HTML, others: text)\n",
        ),
        (
            &["--stdin-filename", "post.md"],
            "error: --stdin-filename names standard input (`-`), which is not among the \
             inputs\n",
        ),
        (
            &["--unsafe-fixes"],
            "error: --unsafe-fixes only applies with --fix or --diff\n",
        ),
        (
            &["--text-field", "body"],
            "error: --text-field only applies with --input-format jsonl\n",
        ),
        (
            &["--id-field", "id"],
            "error: --id-field only applies with --input-format jsonl\n",
        ),
    ] {
        let mut cmd = copydesk();
        cmd.arg("check").args(args).arg(&path);
        let (out, err) = crate::util::run(&mut cmd, 2);
        assert_eq!((out.as_str(), err.as_str()), ("", message), "{args:?}");
    }
    // With standard input among the inputs, `--markup` and `--stdin-filename` apply to it.
    let mut cmd = copydesk();
    cmd.args(["check", "--format", "concise", "--markup", "md"])
        .args(["--stdin-filename", "in.md", "-", &path])
        .write_stdin(FENCED);
    assert_eq!(stdout(&mut cmd, 0), "");
}

#[test]
fn rules_and_explain_show_the_levels_the_configuration_sets() {
    let plain = tempfile::tempdir().unwrap();
    let default = stdout(crate::util::copydesk_in(plain.path()).arg("rules"), 0);
    let dir = tempfile::tempdir().unwrap();
    let config = "levels: {Junk.LinkText: error, Quotes.AsciiQuotes: off, Typography: suggestion}\n\
                  ignore: [Typography.DoubleSpace, Core.UnusedSuppression]\n";
    write(dir.path(), "copydesk.yaml", config);
    // Every line as without the configuration, but for the levels it changes.
    let changed = [
        ("Junk.LinkText", "warning", "error"),
        ("Quotes.AsciiQuotes", "suggestion", "off"),
        ("Typography.DoublePunctuation", "warning", "suggestion"),
        ("Typography.SpaceBeforePunctuation", "warning", "suggestion"),
        ("Typography.CommaSpacing", "warning", "suggestion"),
        ("Typography.MissingSpaceAfterStop", "warning", "suggestion"),
        ("Typography.StopBeforeComma", "warning", "suggestion"),
        ("Typography.YearsRunTogether", "warning", "suggestion"),
        ("Typography.DoubleSpace", "suggestion", "off"),
        ("Core.UnusedSuppression", "warning", "off"),
    ];
    let expected: String = default
        .lines()
        .map(|line| {
            let id = line.split(' ').next().unwrap();
            let line = match changed.iter().find(|(rule, _, _)| *rule == id) {
                Some((_, from, to)) => {
                    line.replacen(&format!("  {from:<10}  "), &format!("  {to:<10}  "), 1)
                }
                None => line.to_string(),
            };
            line + "\n"
        })
        .collect();
    assert_ne!(expected, default);
    assert_eq!(
        stdout(crate::util::copydesk_in(dir.path()).arg("rules"), 0),
        expected
    );
    // `--config` names the file instead.
    let named = dir.path().join("copydesk.yaml").display().to_string();
    assert_eq!(
        stdout(
            crate::util::copydesk_in(plain.path()).args(["rules", "--config", &named]),
            0
        ),
        expected
    );
    let head = |id: &str| {
        let out = stdout(
            crate::util::copydesk_in(dir.path()).args(["explain", id]),
            0,
        );
        out.lines().next().unwrap().to_string()
    };
    assert_eq!(
        head("Junk.LinkText"),
        "Junk.LinkText (error, warning by default, extends existence)"
    );
    assert_eq!(
        head("Quotes.AsciiQuotes"),
        "Quotes.AsciiQuotes (off, suggestion by default, extends existence)"
    );
    assert_eq!(
        head("Core.UnusedSuppression"),
        "Core.UnusedSuppression (off, warning by default, built in)"
    );
    assert_eq!(
        head("Junk.CommentWidget"),
        "Junk.CommentWidget (error, extends existence)"
    );
}

/// What a user installing copydesk reads: the package's licence and description, the licence
/// texts, an install command that uses the lock file, a starter configuration without dead
/// links, and a README that says what CI runs.
#[test]
fn the_package_says_what_it_is_and_under_which_licence() {
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT OR Apache-2.0");
    assert_eq!(
        env!("CARGO_PKG_DESCRIPTION"),
        "A fast linter for articles that went through machine translation and scraping"
    );
    // No repository is known: none is named rather than a placeholder.
    assert_eq!(env!("CARGO_PKG_REPOSITORY"), "");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    assert!(read("LICENSE-MIT").starts_with("MIT License\n\nCopyright (c) the copydesk authors\n"));
    assert!(
        read("LICENSE-APACHE")
            .contains("Apache License\n                           Version 2.0, January 2004\n")
    );
    assert!(!copydesk::config::STARTER.contains("://"));
    let readme = read("README.md");
    assert!(readme.contains("\ncargo install --locked --path .  "));
    // Every command README says CI runs is in `.ci/run`.
    let ci = read(".ci/run");
    for command in [
        "cargo fmt --check",
        "cargo clippy --all-targets -- -D warnings",
        "COPYDESK_LONG_TESTS=1 cargo test",
    ] {
        assert!(readme.contains(&format!("`{command}`")), "{command}");
        assert!(ci.contains(&format!("\n{command}\n")), "{command}");
    }
}
