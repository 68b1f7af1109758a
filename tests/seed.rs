//! The seed article: a real scraped, machine-translated news story with its artifacts annotated in
//! `tests/fixtures/seed-article.truth.yaml`. Every change must keep catching them.

use crate::util::{builtin, copydesk};
use copydesk::{Diagnostic, SourceFile};
use serde::Deserialize;

const SEED: &str = "tests/fixtures/seed-article.txt";

#[derive(Deserialize)]
struct Truth {
    artifacts: Vec<Artifact>,
    clean: Vec<CleanLine>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Artifact {
    id: String,
    line: usize,
    text: String,
    kind: String,
    why: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct CleanLine {
    line: usize,
    why: String,
}

fn truth() -> Truth {
    serde_yaml::from_str(
        &std::fs::read_to_string("tests/fixtures/seed-article.truth.yaml").unwrap(),
    )
    .unwrap()
}

fn lint_seed() -> (SourceFile, Vec<Diagnostic>) {
    let source = SourceFile::new(SEED, std::fs::read(SEED).unwrap()).unwrap();
    let diagnostics = builtin().lint(&source);
    (source, diagnostics)
}

/// Byte range of an artifact: its exact text on its line.
fn artifact_range(source: &SourceFile, a: &Artifact) -> std::ops::Range<usize> {
    let text = source.text();
    let line_start = text
        .split_inclusive('\n')
        .take(a.line - 1)
        .map(str::len)
        .sum::<usize>();
    let line = text[line_start..].lines().next().unwrap();
    let at = line
        .find(&a.text)
        .unwrap_or_else(|| panic!("{} not on line {}", a.id, a.line));
    line_start + at..line_start + at + a.text.len()
}

/// Whether a finding overlaps the artifact: a diagnostic's own, or one folded into it.
fn found(source: &SourceFile, diagnostics: &[Diagnostic], a: &Artifact) -> bool {
    let r = artifact_range(source, a);
    diagnostics
        .iter()
        .flat_map(Diagnostic::findings)
        .any(|f| f.span.start < r.end && r.start < f.span.end)
}

#[test]
fn required_artifacts_are_found() {
    let (source, diagnostics) = lint_seed();
    let truth = truth();
    let required = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A9", "A10"];
    let missed: Vec<&str> = truth
        .artifacts
        .iter()
        .filter(|a| required.contains(&a.id.as_str()) && !found(&source, &diagnostics, a))
        .map(|a| a.id.as_str())
        .collect();
    assert!(missed.is_empty(), "missed {missed:?}");
}

#[test]
fn multi_paragraph_quotations_are_not_flagged() {
    let (source, diagnostics) = lint_seed();
    for clean in truth().clean {
        let on_line: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                d.rule.starts_with("Quotes.") && source.position(d.span.start).0 == clean.line
            })
            .collect();
        assert!(on_line.is_empty(), "line {}: {on_line:?}", clean.line);
    }
}

#[test]
fn at_most_fifteen_diagnostics() {
    let (_, diagnostics) = lint_seed();
    assert!(diagnostics.len() <= 15, "{} diagnostics", diagnostics.len());
}

#[test]
fn every_diagnostic_pinned() {
    // Rule, line, column and the exact source text of every diagnostic, each followed by the
    // findings of other rules folded into it (`+ ` lines).
    let (source, diagnostics) = lint_seed();
    let at = |rule: &str, span: &std::ops::Range<usize>| {
        let (line, col) = source.position(span.start);
        format!("{rule}:{line}:{col} {:?}", &source.text()[span.clone()])
    };
    let got: Vec<String> = diagnostics
        .iter()
        .flat_map(|d| {
            d.findings().enumerate().map(|(i, f)| {
                let shown = at(f.rule, f.span);
                if i == 0 { shown } else { format!("+ {shown}") }
            })
        })
        .collect();
    let expected = [
        "Translation.QuotedSentenceContinues:7:266 \".” to\"",
        "Quotes.Balance:7:295 \"”\"",
        "Translation.StackedConditional:13:66 \"if\"",
        "Typography.SpaceBeforePunctuation:19:252 \" .\"",
        concat!(
            "Junk.BoilerplateBlock:24:1 \"You don’t have to suffer in silence when your sanity is struggling. Here are a few groups you can contact if you need help:\\n\\n",
            "Samaritans: Telephone 116 123, 24 hours a day, or confidential by email to [email\\u{a0}protected]\\n\\n",
            "Childline: 0800 1111. Calls are free and will not appear on your bill\\n\\n",
            "PAPYRUS: A voluntary organization that supports suicidal teenagers and young adults. Telephone 0800 068 4141\\n\\n",
            "Depression Alliance: A charity for people with depression. Not a hotline, but provides useful resources and links to other information website\\n\\n",
            "Students Against Depression: A website for students who are depressed, in a bad mood, or who commit suicide. click Here visit\\n\\n",
            "Bullying in the UK: A website for bullying children and adults. click Here\\n\\n",
            "Campaign against miserable life (RUHIG): For young men who feel unhappy. Has a website Here and a hotline: 0800 58 58 58\"",
        ),
        // The placeholder and the link texts are part of the helpline list (the same pack), the
        // mid-sentence capitals part of the link texts.
        "+ Junk.EmailPlaceholder:26:76 \"[email\\u{a0}protected]\"",
        "+ Junk.LinkText:34:110 \"click Here visit\"",
        "+ Translation.MidSentenceCapital:34:116 \"Here\"",
        "+ Junk.LinkText:36:65 \"click Here\"",
        "+ Translation.MidSentenceCapital:36:71 \"Here\"",
        // Inside the list too, but another pack's diagnosis: apart from it, one finding each.
        "Translation.AcronymMismatch:38:34 \"RUHIG\"",
        "+ Translation.UntranslatedWord:38:34 \"RUHIG\"",
        "Translation.MidSentenceCapital:38:88 \"Here\"",
        "Quotes.Balance:46:319 \"“\"",
        "Junk.CommentWidget:55:1 \"Leave a Comment\"",
    ];
    assert_eq!(got, expected);
}

#[test]
fn rendered_output_snapshot() {
    let out = copydesk()
        .args(["check", "--color", "never", SEED])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("seed_rich", String::from_utf8(out).unwrap());
}

#[test]
fn json_snapshot() {
    let out = copydesk()
        .args(["check", "--format", "json", SEED])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("seed_json", String::from_utf8(out).unwrap());
}
