//! Document language: detected, set by the config (globally and per glob) or `--language`, and
//! the rules that declare `languages:` switched off for documents in another language.

use crate::util::{copydesk_in, run, stderr, stdout, write};

/// English prose with an untranslated German word: `Translation.UntranslatedWord` fires.
const ENGLISH: &str = "The health minister said the vaccine was sicher and effective, and that \
                       the second dose would be offered to every adult in the spring.\n";

/// A Portuguese paragraph with a quotation opened and never closed, which `Quotes.Balance`
/// (an English rule) would report in an English document.
const PORTUGUESE: &str = "O conselho reuniu-se na terça-feira e votou pelo encerramento da \
                          biblioteca, que estava aberta há quarenta anos. “Não foi uma decisão \
                          fácil, disse o prefeito aos jornalistas que esperavam na praça.\n";

fn concise(dir: &std::path::Path, args: &[&str]) -> String {
    let mut cmd = copydesk_in(dir);
    cmd.args(["check", "--format", "concise", "--fail-on", "never"])
        .args(args);
    stdout(&mut cmd, 0)
}

#[test]
fn english_rules_run_on_english_and_not_on_portuguese() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "en.txt", ENGLISH);
    write(dir.path(), "pt.txt", PORTUGUESE);
    assert_eq!(
        concise(dir.path(), &["en.txt"]),
        "en.txt:1:42: warning: 'sicher' is not English: it looks like untranslated German. \
         [Translation.UntranslatedWord]\n"
    );
    // Detected as Portuguese: the English rules are off, nothing else fires.
    assert_eq!(concise(dir.path(), &["pt.txt"]), "");
    // Set to English, the same page gets the English rules.
    let forced = concise(dir.path(), &["--language", "en", "pt.txt"]);
    assert!(forced.contains("[Quotes.Balance]"), "{forced}");
}

#[test]
fn the_config_sets_the_language_globally_and_per_glob() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "news/a.txt", ENGLISH);
    write(dir.path(), "de/a.txt", ENGLISH);
    write(
        dir.path(),
        "copydesk.yaml",
        "language: en\noverrides:\n  - files: [\"de/**\"]\n    language: de\n",
    );
    let out = concise(dir.path(), &["news/a.txt", "de/a.txt"]);
    assert_eq!(
        out,
        "news/a.txt:1:42: warning: 'sicher' is not English: it looks like untranslated German. \
         [Translation.UntranslatedWord]\n"
    );
    // The command line wins over the config.
    let out = concise(dir.path(), &["--language", "de", "news/a.txt"]);
    assert_eq!(out, "");
}

#[test]
fn an_unknown_language_is_an_error_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ENGLISH);
    let err = stderr(
        copydesk_in(dir.path()).args(["check", "--language", "english", "a.txt"]),
        2,
    );
    assert!(
        err.contains("unknown language `english`: `auto` or an ISO 639-1 code"),
        "{err}"
    );
    write(dir.path(), "copydesk.yaml", "language: xx\n");
    let (_, err) = run(copydesk_in(dir.path()).args(["check", "a.txt"]), 2);
    assert!(err.contains("copydesk.yaml:1:11"), "{err}");
    assert!(err.contains("unknown language `xx`"), "{err}");
    std::fs::remove_file(dir.path().join("copydesk.yaml")).unwrap();
    write(
        dir.path(),
        "styles/House/Rule.yaml",
        "extends: existence\nmessage: \"'%s'\"\nlevel: warning\ndescription: d\n\
         languages: [en, zz]\ntokens: [synergy]\n",
    );
    let (_, err) = run(
        copydesk_in(dir.path()).args(["check", "--rules", "styles", "a.txt"]),
        2,
    );
    assert!(err.contains("Rule.yaml:5:"), "{err}");
    assert!(err.contains("unknown language `zz`"), "{err}");
}

#[test]
fn a_rule_with_languages_runs_only_on_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "styles/House/Synergy.yaml",
        "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ndescription: d\n\
         languages: [fr]\ntokens: [synergie]\n",
    );
    let text = "La synergie entre les équipes a permis de terminer le projet avant la fin de \
                l'année, a déclaré la directrice devant le conseil municipal.\n";
    write(dir.path(), "fr.txt", text);
    write(
        dir.path(),
        "en.txt",
        "The synergie of the teams was praised by everyone at the meeting on Tuesday, the director said.\n",
    );
    let out = concise(
        dir.path(),
        &["--rules", "styles", "--select", "House", "fr.txt", "en.txt"],
    );
    assert_eq!(
        out,
        "fr.txt:1:4: warning: Avoid 'synergie'. [House.Synergy]\n"
    );
}
