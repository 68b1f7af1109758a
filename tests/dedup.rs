//! One finding per span (issue #19): findings of different rules on the same bytes are one
//! diagnostic, the most specific, with the others as labels; and link text next to its live link
//! is not reported as the residue of a lost one.

use crate::util::{builtin, copydesk_in, run, write};
use copydesk::{Diagnostic, SourceFile};

/// Each diagnostic of `text` linted as `path`: rule, level, span and the text under it, then
/// each label (the rule it folds, if any, its span, its text and its message), then the edits
/// of the fix.
fn shape(path: &str, text: &str) -> Vec<String> {
    let source = SourceFile::from_text(path, text);
    let under = |r: &std::ops::Range<usize>| &text[r.clone()];
    let mut out = Vec::new();
    for d in builtin().lint(&source) {
        out.push(format!(
            "{} {} {:?} {:?}",
            d.rule,
            d.severity,
            d.span,
            under(&d.span)
        ));
        for l in &d.labels {
            let rule = l.folded.as_ref().map_or("-", |f| &*f.rule);
            out.push(format!(
                "  label {rule} {:?} {:?}: {}",
                l.span,
                under(&l.span),
                l.message
            ));
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                out.push(format!(
                    "  fix {:?} {}..{} {:?}",
                    fix.applicability, e.start, e.end, e.replacement
                ));
            }
        }
    }
    out
}

#[test]
fn a_share_widget_that_is_also_a_widget_label_is_one_finding() {
    // Both are phrase lists (existence); the label's match is the wider, the whole line, and
    // the two identical line deletions (of the paragraph and the blank line after it) are one.
    let text = "The mayor spoke on Tuesday.\n\nShare this article:\n\nThe end of the story.\n";
    assert_eq!(
        shape("a.txt", text),
        [
            "Junk.WidgetLabel error 29..48 \"Share this article:\"",
            "  label Junk.ShareWidget 29..47 \"Share this article\": also Junk.ShareWidget: \
             Sharing-widget text 'Share this article' was scraped with the article: delete the \
             line.",
            "  fix Safe 29..50 \"\"",
        ]
    );
}

#[test]
fn a_capital_inside_link_text_is_one_finding_with_its_fix() {
    // Link text is a fixed phrase, the capital a heuristic: the phrase is shown, and the
    // capital's fix, which nothing covers, goes with it.
    let text = "A website for bullying children and adults, click Here for details.\n";
    assert_eq!(
        shape("a.txt", text),
        [
            "Junk.LinkText warning 44..54 \"click Here\"",
            "  label Translation.MidSentenceCapital 50..54 \"Here\": also \
             Translation.MidSentenceCapital: 'Here' is capitalised in mid-sentence: write \
             'here', or restore the link this text came from.",
            "  fix Unsafe 50..54 \"here\"",
        ]
    );
}

#[test]
fn an_acronym_that_is_also_an_untranslated_word_is_one_finding() {
    // Two heuristics on the same span, neither with a fix, both warnings: the rule id decides.
    let text = "Campaign against miserable life (RUHIG): for young men who feel unhappy.\n";
    assert_eq!(
        shape("a.txt", text),
        [
            "Translation.AcronymMismatch warning 33..38 \"RUHIG\"",
            "  label - 0..31 \"Campaign against miserable life\": the initials of this name do \
             not spell RUHIG",
            "  label Translation.UntranslatedWord 33..38 \"RUHIG\": also \
             Translation.UntranslatedWord: 'RUHIG' is not English: it looks like untranslated \
             German.",
        ]
    );
}

#[test]
fn cookie_notices_inside_a_boilerplate_block_are_its_labels() {
    // The block (Junk) holds two cookie notices and a sign-up prompt (Junk): it is the
    // finding, they are its evidence, and it takes their level.
    let text = "The council met on Tuesday.\n\nThis site uses cookies.\nAccept all cookies\n\
                Subscribe to continue reading\n\nThe meeting ended at noon.\n";
    assert_eq!(
        shape("a.txt", text),
        [
            "Junk.BoilerplateBlock error 29..101 \"This site uses cookies.\\nAccept all \
             cookies\\nSubscribe to continue reading\"",
            "  label Junk.CookieNotice 29..51 \"This site uses cookies\": also \
             Junk.CookieNotice: Cookie notice 'This site uses cookies' was scraped with the \
             article: delete it.",
            "  label Junk.CookieNotice 53..71 \"Accept all cookies\": also Junk.CookieNotice: \
             Cookie notice 'Accept all cookies' was scraped with the article: delete it.",
            "  label Junk.NewsletterPrompt 72..101 \"Subscribe to continue reading\": also \
             Junk.NewsletterPrompt: Sign-up prompt 'Subscribe to continue reading' was scraped \
             with the article: delete the line.",
            // The block is a whole paragraph of furniture: its deletion (with the blank line
            // after it) is safe, and covers the notices' own line deletions.
            "  fix Safe 29..103 \"\"",
        ]
    );
    // The folded errors still fail a run that fails on errors.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", text);
    let (out, _) = run(
        copydesk_in(dir.path()).args([
            "check",
            "--format",
            "concise",
            "--fail-on",
            "error",
            "a.txt",
        ]),
        1,
    );
    assert_eq!(
        out,
        "a.txt:3:1: error: These 3 lines look like a scraped paywall or sign-up notice, not \
         article text: 3 of 3 lines are paywall, cookie or newsletter notices, 2 lack end \
         punctuation. (also Junk.CookieNotice, Junk.CookieNotice, Junk.NewsletterPrompt) \
         [Junk.BoilerplateBlock]\n"
    );
}

#[test]
fn findings_that_only_touch_or_belong_to_another_pack_stay_apart() {
    // A foreign word and the space before the comma after it touch; a doubled word inside a
    // block of page furniture is another diagnosis. Each stays a diagnostic of its own.
    let rules = |text: &str| -> Vec<String> {
        builtin()
            .lint_str(text)
            .iter()
            .map(|d| format!("{} {:?}", d.rule, d.span))
            .collect()
    };
    assert_eq!(
        rules("The vaccine was sicher , the minister said.\n"),
        [
            "Translation.UntranslatedWord 16..22",
            "Typography.SpaceBeforePunctuation 22..24"
        ]
    );
    assert_eq!(
        rules(
            "Here are a few groups you can contact if you need help:\n\n\
             Samaritans: Telephone 116 123, 24 hours a day\n\n\
             Childline: 0800 1111. Calls are are free\n\n\
             PAPYRUS: A charity for young people. Telephone 0800 068 4141\n"
        ),
        [
            "Junk.BoilerplateBlock 0..206",
            "Translation.RepeatedWord 132..139"
        ]
    );
}

#[test]
fn every_format_shows_the_folded_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "A website for bullying children and adults, click Here for details.\n",
    );
    let also = "also Translation.MidSentenceCapital: 'Here' is capitalised in mid-sentence";
    for (format, shown) in [
        ("rich", also),
        ("json", also),
        ("jsonl", also),
        ("sarif", also),
        ("github", also),
        ("rdjsonl", also),
        (
            "concise",
            "(also Translation.MidSentenceCapital) [Junk.LinkText]",
        ),
    ] {
        let (out, _) = run(
            copydesk_in(dir.path())
                .args(["check", "--color", "never", "--format", format, "a.txt"]),
            0,
        );
        assert!(out.contains(shown), "{format}: {out}");
    }
}

#[test]
fn a_suppressed_rule_does_not_hide_the_other_and_its_comment_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let line = "A website for bullying children and adults, click Here for details.\n";
    // The shown rule suppressed: the capital, which was folded into it, is reported.
    write(
        dir.path(),
        "shown.md",
        format!("<!-- copydesk-disable-next-line Junk.LinkText -->\n{line}"),
    );
    // The folded rule suppressed: its comment is used, and the link text stands alone.
    write(
        dir.path(),
        "folded.md",
        format!("<!-- copydesk-disable-next-line Translation.MidSentenceCapital -->\n{line}"),
    );
    let (out, _) = run(
        copydesk_in(dir.path()).args(["check", "--format", "concise", "shown.md", "folded.md"]),
        0,
    );
    assert_eq!(
        out,
        "folded.md:2:45: warning: Link text 'click Here' was left as words when the link was \
         scraped: rewrite the sentence or restore the link. [Junk.LinkText]\n\
         shown.md:2:51: warning: 'Here' is capitalised in mid-sentence: write 'here', or \
         restore the link this text came from. [Translation.MidSentenceCapital]\n"
    );
}

/// The rules and texts of the diagnostics of `text` linted as `path`, folded findings
/// included.
fn found(path: &str, text: &str) -> Vec<(String, String)> {
    let source = SourceFile::from_text(path, text);
    builtin()
        .lint(&source)
        .iter()
        .flat_map(Diagnostic::findings)
        .map(|f| (f.rule.to_string(), text[f.span.clone()].to_string()))
        .collect()
}

fn link_text(path: &str, text: &str) -> Vec<String> {
    found(path, text)
        .into_iter()
        .filter(|(rule, _)| rule == "Junk.LinkText")
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn link_text_next_to_its_live_link_is_not_residue() {
    let md = "For details, [click here](https://example.org/report) today.\n\n\
              For details, click [here](https://example.org/report) today.\n\n\
              See [click here][ref] for the rest.\n\n\
              And <a href=\"https://example.org\">click here</a> inline.\n\n\
              [ref]: https://example.org/rest\n";
    assert_eq!(link_text("a.md", md), Vec::<String>::new());
    let html = "<p>For details, <a href=\"https://example.org/report\">click here</a> today.</p>\n\
                <p>Or <A HREF=/report>Click here to learn more</A>.</p>\n";
    assert_eq!(link_text("a.html", html), Vec::<String>::new());
}

#[test]
fn link_text_without_a_live_link_still_fires() {
    // Plain text has no links; a Markdown link without a destination and an HTML anchor
    // without `href` are no live links either.
    let plain = "For details, click here today.\n";
    assert_eq!(link_text("a.txt", plain), ["click here"]);
    let source = SourceFile::from_text("a.txt", plain);
    let d = builtin().lint(&source);
    assert_eq!(
        (d.len(), &*d[0].rule, d[0].span.clone()),
        (1, "Junk.LinkText", 13..23)
    );
    assert_eq!(
        link_text(
            "a.md",
            "For details, click here today.\n\nFor details, [click here]() today.\n"
        ),
        ["click here", "click here"]
    );
    assert_eq!(
        link_text(
            "a.html",
            "<p>For details, click here today.</p><p>Or <a name=\"x\">click here</a>.</p>"
        ),
        ["click here", "click here"]
    );
    // The live link covers only its own text: the same words after it are residue.
    assert_eq!(
        link_text(
            "a.md",
            "[Read the report](https://example.org), or click here for more.\n"
        ),
        ["click here for more"]
    );
}

#[test]
fn skip_is_a_rule_key_any_rule_may_use() {
    let dir = tempfile::tempdir().unwrap();
    let rule = "extends: existence\nmessage: \"'%s'\"\nlevel: warning\ndescription: d\n\
                tokens: [annual report]\n";
    write(
        dir.path(),
        "rules/House/Report.yaml",
        format!("{rule}skip: [links]\n"),
    );
    write(
        dir.path(),
        "a.md",
        "The [annual report](https://example.org) and the annual report.\n",
    );
    let (out, _) = run(
        copydesk_in(dir.path()).args([
            "check", "--format", "concise", "--rules", "rules", "--select", "House", "a.md",
        ]),
        0,
    );
    assert_eq!(out, "a.md:1:50: warning: 'annual report' [House.Report]\n");
    // A region copydesk does not know is refused where it is written.
    write(
        dir.path(),
        "rules/House/Report.yaml",
        format!("{rule}skip: [link]\n"),
    );
    let (_, err) = run(
        copydesk_in(dir.path()).args(["check", "--rules", "rules", "a.md"]),
        2,
    );
    assert!(
        err.contains("unknown variant `link`, expected `links`"),
        "{err}"
    );
}
