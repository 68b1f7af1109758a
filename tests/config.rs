//! `copydesk.yaml`: discovery, validation with positions, levels, overrides, `--select/--ignore`.

use crate::util::{copydesk_in, write};
use std::path::Path;

/// Runs `check --format concise` in `dir`; returns (exit code, stdout lines, stderr).
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = copydesk_in(dir)
        .args(["check", "--format", "concise", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    (
        out.status.code().unwrap(),
        stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

const JUNK: &str = "Write to [email protected] today.\n";
const REPEAT: &str = "It was the the end.\n";

#[test]
fn unknown_key_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "copydesk.yaml",
        "ignore: []\nfail_on: warning\n",
    );
    write(dir.path(), "a.txt", JUNK);
    let (code, out, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("unknown field `fail_on`"), "{err}");
    assert!(err.contains("copydesk.yaml:2:1"), "{err}");
}

#[test]
fn bad_level_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "copydesk.yaml",
        "levels:\n  Junk.LinkText: loud\n",
    );
    write(dir.path(), "a.txt", JUNK);
    let (code, _, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown variant `loud`"), "{err}");
    assert!(err.contains("copydesk.yaml:2:18"), "{err}");
}

#[test]
fn unknown_rule_names_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.yaml", "ignore:\n  - Junk.LinkTxt\n");
    write(dir.path(), "a.txt", JUNK);
    let (code, _, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no rule or pack named `Junk.LinkTxt`"),
        "{err}"
    );
    assert!(err.contains("copydesk.yaml:2:5"), "{err}");
    let (code, _, err) = check(
        dir.path(),
        &["--config", "/dev/null", "--ignore", "Nope", "a.txt"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no rule or pack named `Nope` (see `copydesk rules`)\n"
    );
}

#[test]
fn missing_rule_directory_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.yaml", "rules: [styles]\n");
    write(dir.path(), "a.txt", JUNK);
    let (code, _, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("rule directory `styles` does not exist"),
        "{err}"
    );
    assert!(err.contains("copydesk.yaml:1:9"), "{err}");
}

#[test]
fn levels_and_fail_on_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", format!("{JUNK}{REPEAT}"));
    write(
        dir.path(),
        "copydesk.yaml",
        "levels:\n  Junk: warning\n  Translation.RepeatedWord: off\n",
    );
    let (code, out, _) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 0);
    assert_eq!(out.len(), 1);
    assert!(out[0].starts_with("a.txt:1:10: warning:"), "{out:?}");
    write(dir.path(), "copydesk.yaml", "fail-on: warning\n");
    let (code, out, _) = check(dir.path(), &["a.txt"]);
    assert_eq!((code, out.len()), (1, 2));
    // The command line wins over the config.
    let (code, _, _) = check(dir.path(), &["--fail-on", "never", "a.txt"]);
    assert_eq!(code, 0);
}

#[test]
fn select_and_ignore_take_rule_ids_and_pack_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", format!("{JUNK}{REPEAT}"));
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--config", "/dev/null"];
        all.extend_from_slice(args);
        all.push("a.txt");
        check(dir.path(), &all)
            .1
            .iter()
            .map(|l| {
                l.rsplit('[')
                    .next()
                    .unwrap()
                    .trim_end_matches(']')
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        rules(&[]),
        ["Junk.EmailPlaceholder", "Translation.RepeatedWord"]
    );
    assert_eq!(rules(&["--select", "Junk"]), ["Junk.EmailPlaceholder"]);
    assert_eq!(rules(&["--ignore", "Junk"]), ["Translation.RepeatedWord"]);
    assert_eq!(
        rules(&[
            "--select",
            "Junk,Translation.RepeatedWord",
            "--ignore",
            "Junk.EmailPlaceholder"
        ]),
        ["Translation.RepeatedWord"]
    );
    // The config's selection, then the command line's.
    write(dir.path(), "copydesk.yaml", "select: [Translation]\n");
    let out = check(dir.path(), &["a.txt"]).1;
    assert_eq!(out.len(), 1);
    assert!(out[0].ends_with("[Translation.RepeatedWord]"));
    let out = check(
        dir.path(),
        &["--ignore", "Translation.RepeatedWord", "a.txt"],
    )
    .1;
    assert!(out.is_empty());
}

#[test]
fn per_glob_overrides_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "copydesk.yaml",
        "exclude: [\"vendor/**\"]\noverrides:\n  - files: [\"drafts/**\"]\n    ignore: [Junk]\n    levels: {Translation.RepeatedWord: error}\n",
    );
    for name in ["post.txt", "drafts/idea.txt", "vendor/copied.txt"] {
        write(dir.path(), name, format!("{JUNK}{REPEAT}"));
    }
    let (code, out, _) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        out.iter()
            .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
            .collect::<Vec<_>>(),
        [
            "drafts/idea.txt:2:8: error",
            "post.txt:1:10: error",
            "post.txt:2:8: warning"
        ]
    );
    // Excludes apply to files named on the command line too (as pre-commit passes them).
    let (code, out, _) = check(dir.path(), &["vendor/copied.txt"]);
    assert_eq!((code, out.len()), (0, 0));
}

#[test]
fn the_nearest_config_applies_and_rule_dirs_are_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "copydesk.yaml", "ignore: [Translation]\n");
    write(d, "team/.copydesk.yaml", "rules: [../styles]\n");
    write(
        d,
        "styles/House/Synergy.yaml",
        "extends: existence\nmessage: Avoid '%s'.\nlevel: error\ndescription: d\ntokens: [synergy]\n",
    );
    write(d, "top.txt", format!("Pure synergy.\n{REPEAT}"));
    write(d, "team/sub/post.txt", format!("Pure synergy.\n{REPEAT}"));
    let (_, out, _) = check(d, &["."]);
    assert_eq!(
        out,
        [
            "team/sub/post.txt:1:6: error: Avoid 'synergy'. [House.Synergy]",
            "team/sub/post.txt:2:8: warning: 'the' is repeated: delete one. [Translation.RepeatedWord]",
        ]
    );
    // --config replaces discovery for every file.
    let (_, out, _) = check(d, &["--config", "copydesk.yaml", "."]);
    assert!(out.is_empty(), "{out:?}");
}

#[test]
fn init_writes_a_valid_starter_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk_in(dir.path())
        .arg("init")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), "wrote ./copydesk.yaml\n");
    let written = std::fs::read_to_string(dir.path().join("copydesk.yaml")).unwrap();
    assert_eq!(written, copydesk::config::STARTER);
    write(dir.path(), "a.txt", JUNK);
    let (code, out, err) = check(dir.path(), &["a.txt"]);
    assert_eq!((code, out.len()), (1, 1), "{err}");
    let err = copydesk_in(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert_eq!(
        String::from_utf8(err).unwrap(),
        "error: ./copydesk.yaml already exists; not overwritten\n"
    );
}

/// A valid user rule: any pack and name may hold it.
const RULE: &str =
    "extends: existence\nmessage: Avoid '%s'.\nlevel: warning\ndescription: d\ntokens: [synergy]\n";

#[test]
fn a_user_pack_named_core_is_refused_naming_the_file() {
    // `Core` holds copydesk's own diagnostics, which have no rule file: a user `Core` pack
    // would list `Core.InvalidUtf8` twice and give SARIF two rules with one id.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "styles/Core/InvalidUtf8.yaml", RULE);
    write(dir.path(), "a.txt", JUNK);
    let expected = "error: the pack name `Core` is reserved for copydesk's own diagnostics \
                    (`Core.InvalidUtf8`, `Core.Encoding`, `Core.UnusedSuppression`): give the \
                    folder another name\n = in styles/Core/InvalidUtf8.yaml\n\n";
    let (code, out, err) = check(dir.path(), &["--rules", "styles", "a.txt"]);
    assert_eq!((code, out.len()), (2, 0));
    assert_eq!(err, expected);
    let out = copydesk_in(dir.path())
        .args(["rules", "--rules", "styles"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(String::from_utf8(out.stderr).unwrap(), expected);
}

#[test]
fn the_same_rule_id_in_two_rule_directories_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one/House/Synergy.yaml", RULE);
    write(dir.path(), "two/House/Synergy.yaml", RULE);
    write(dir.path(), "a.txt", "Pure synergy.\n");
    let (code, out, err) = check(dir.path(), &["--rules", "one", "--rules", "two", "a.txt"]);
    assert_eq!((code, out.len()), (2, 0));
    assert_eq!(
        err,
        "error: rule id `House.Synergy` is already defined by one/House/Synergy.yaml\n \
         = in two/House/Synergy.yaml\n\n"
    );
}

#[test]
fn a_user_rule_with_a_built_in_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "styles/Junk/LinkText.yaml", RULE);
    write(dir.path(), "a.txt", JUNK);
    let (code, out, err) = check(dir.path(), &["--rules", "styles", "a.txt"]);
    assert_eq!((code, out.len()), (2, 0));
    assert_eq!(
        err,
        "error: rule id `Junk.LinkText` is already defined by builtin:Junk/LinkText.yaml \
         (a built-in rule cannot be replaced: give your pack another name, and `ignore` the \
         built-in rule to run only yours)\n = in styles/Junk/LinkText.yaml\n\n"
    );
}

#[test]
fn a_rule_directory_named_twice_is_loaded_once() {
    // On the command line and in the config, or twice on the command line: the same files, so
    // one definition of each rule, not a clash.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.yaml", "rules: [styles]\n");
    write(dir.path(), "styles/House/Synergy.yaml", RULE);
    write(dir.path(), "a.txt", "Pure synergy.\n");
    let expected = ["a.txt:1:6: warning: Avoid 'synergy'. [House.Synergy]"];
    for args in [
        &["--rules", "styles", "a.txt"][..],
        &["--rules", "styles", "--rules", "./styles/", "a.txt"],
    ] {
        let (code, out, err) = check(dir.path(), args);
        assert_eq!(
            (code, out),
            (0, expected.map(String::from).to_vec()),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn rule_and_config_files_saved_with_a_byte_order_mark_are_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "styles/House/Synergy.yaml",
        "\u{feff}extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\n\
         description: Buzzword.\ntokens: [synergy]\nexamples:\n  fire: [\"Synergy wins.\"]\n",
    );
    write(
        dir.path(),
        "copydesk.yaml",
        "\u{feff}rules: [styles]\nlevels: {Translation.RepeatedWord: off}\n",
    );
    write(
        dir.path(),
        "a.txt",
        "We love synergy.\nIt was the the end.\n",
    );
    let (code, out, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(err, "");
    assert_eq!(code, 1);
    assert_eq!(out, ["a.txt:1:9: error: Avoid 'synergy'. [House.Synergy]"]);

    // Positions in a file with a mark are counted as an editor shows them.
    write(
        dir.path(),
        "copydesk.yaml",
        "\u{feff}ignore: []\nfail_on: warning\n",
    );
    let (code, _, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("copydesk.yaml:2:1"), "{err}");
}

#[test]
fn errors_in_a_rule_file_with_a_byte_order_mark_are_where_an_editor_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "We love synergy.\n");
    let head = "message: \"Avoid '%s'.\"\ndescription: Buzzword.\ntokens: [synergy]\n";
    // On the first line, right after the mark: column 1, the key underlined whole.
    write(
        dir.path(),
        "styles/House/Synergy.yaml",
        format!("\u{feff}extnds: existence\nlevel: error\n{head}"),
    );
    let (code, out, err) = check(dir.path(), &["--rules", "styles", "a.txt"]);
    assert_eq!((code, out.len()), (2, 0));
    assert!(
        err.starts_with(
            "error: invalid rule: missing field `extends`\n  \
             ┌─ styles/House/Synergy.yaml:1:1\n  │\n1 │ extnds: existence\n  │ ^^^^^^\n"
        ),
        "{err}"
    );
    // On a later line.
    write(
        dir.path(),
        "styles/House/Synergy.yaml",
        format!("\u{feff}extends: existence\nlevel: eror\n{head}"),
    );
    let (code, _, err) = check(dir.path(), &["--rules", "styles", "a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("┌─ styles/House/Synergy.yaml:2:8\n"), "{err}");
}

/// The error `check --rules styles a.txt` gives for the rule file `styles/House/R.yaml`.
fn rule_error(content: impl AsRef<[u8]>) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "We love synergy.\n");
    write(dir.path(), "styles/House/R.yaml", content);
    let (code, out, err) = check(dir.path(), &["--rules", "styles", "a.txt"]);
    assert_eq!((code, out.len()), (2, 0), "{err}");
    err
}

const HEAD: &str = "message: m\nlevel: warning\ndescription: d\n";

#[test]
fn rule_values_out_of_range_are_errors_at_their_key() {
    assert_eq!(
        rule_error(format!("extends: repetition\n{HEAD}times: 0\n")),
        "error: `times` must be 2 to 8, not 0\n  ┌─ styles/House/R.yaml:5:1\n  │\n5 │ times: 0\n  \
         │ ^^^^^\n\n"
    );
    assert!(
        rule_error(format!("extends: repetition\n{HEAD}words: 4000000000\n")).starts_with(
            "error: `words` must be 1 to 8, not 4000000000\n  ┌─ styles/House/R.yaml:5:1\n"
        )
    );
    // A float is no count.
    assert!(
        rule_error(format!("extends: repetition\n{HEAD}words: 4e9\n")).starts_with(
            "error: invalid rule: words: invalid type: floating point `4000000000.0`, expected \
             usize\n  ┌─ styles/House/R.yaml:5:8\n"
        )
    );
}

#[test]
fn a_swap_key_given_twice_is_an_error() {
    let err = rule_error(format!(
        "extends: substitution\n{HEAD}swap:\n  a: b\n  c: d\n  a: e\n"
    ));
    assert!(
        err.starts_with(
            "error: invalid rule: swap: duplicate key `a`\n  ┌─ styles/House/R.yaml:8:3\n  │\n8 │   \
             a: e\n"
        ),
        "{err}"
    );
}

#[test]
fn a_regex_that_matches_nothing_is_refused_at_the_regex() {
    assert_eq!(
        rule_error(format!("extends: existence\n{HEAD}raw: ['x', 'a*']\n")),
        "error: regex `a*` can match the empty string: every finding needs text\n  \
         ┌─ styles/House/R.yaml:5:13\n  │\n5 │ raw: ['x', 'a*']\n  │             ^^\n\n"
    );
    assert!(
        rule_error(format!("extends: existence\n{HEAD}raw: ['']\n"))
            .starts_with("error: regex `` can match the empty string: every finding needs text\n")
    );
}

#[test]
fn rule_files_not_utf8_or_of_two_documents_are_errors_with_a_position() {
    assert_eq!(
        rule_error(b"extends: existence\nmessage: m\xe9\n".as_slice()),
        "error: not UTF-8: byte 29 (0xE9) starts no character; save the file as UTF-8\n  \
         ┌─ styles/House/R.yaml:2:11\n  │\n2 │ message: m\u{FFFD}\n  │           ^\n\n"
    );
    let err = rule_error(format!(
        "extends: existence\n{HEAD}tokens: [a]\n---\nextends: existence\n"
    ));
    assert!(
        err.starts_with(
            "error: invalid rule: deserializing from YAML containing more than one document is \
             not supported\n  ┌─ styles/House/R.yaml:6:1\n"
        ),
        "{err}"
    );
}

#[test]
fn a_rule_file_in_utf16_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "We love synergy.\n");
    let rule = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ndescription: d\n\
                tokens: [synergy]\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(rule.encode_utf16().flat_map(u16::to_le_bytes));
    write(dir.path(), "styles/House/R.yaml", bytes);
    let (code, out, _) = check(dir.path(), &["--rules", "styles", "a.txt"]);
    assert_eq!(
        (code, out),
        (
            0,
            vec!["a.txt:1:9: warning: Avoid 'synergy'. [House.R]".to_string()]
        )
    );
}

#[test]
fn a_rule_name_in_a_comment_is_not_where_the_error_is() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", JUNK);
    write(
        dir.path(),
        "copydesk.yaml",
        "# Junk.Nope used to be here\nlevels:\n  Junk.Nope: off\n",
    );
    let (code, _, err) = check(dir.path(), &["a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("copydesk.yaml:3:3\n"), "{err}");
    write(
        dir.path(),
        "copydesk.yaml",
        "select: [Junk, \"Quotes.Nope\"] # not Quotes.Nope\n",
    );
    let (_, _, err) = check(dir.path(), &["a.txt"]);
    assert!(err.contains("copydesk.yaml:1:17\n"), "{err}");
    // A config that is not UTF-8 is an error at its first bad byte.
    write(dir.path(), "copydesk.yaml", b"levels:\n  Junk: \xe9\n");
    let (_, _, err) = check(dir.path(), &["a.txt"]);
    assert!(
        err.starts_with(
            "error: config file is not UTF-8: byte 16 (0xE9) starts no character; save the file \
             as UTF-8\n"
        ) && err.contains("copydesk.yaml:2:9\n"),
        "{err}"
    );
}
