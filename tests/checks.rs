//! Every check kind through the public API, with exact spans, messages and fixes.

use crate::util::shipped_rule;
use copydesk::diagnostic::{Applicability, Edit};
use copydesk::rules::parse_rule;
use copydesk::{Diagnostic, Linter};

fn linter(yaml: &str) -> Linter {
    Linter::new(vec![parse_rule("test.yaml", "Test", "Rule", yaml).unwrap()]).unwrap()
}

/// (matched text, message) of each diagnostic.
fn found(linter: &Linter, text: &str) -> Vec<(String, String)> {
    linter
        .lint_str(text)
        .into_iter()
        .map(|d| (text[d.span.clone()].to_string(), d.message))
        .collect()
}

/// (start, end) byte offsets of each diagnostic.
fn spans(diagnostics: &[Diagnostic]) -> Vec<(usize, usize)> {
    diagnostics
        .iter()
        .map(|d| (d.span.start, d.span.end))
        .collect()
}

const HEAD: &str = "message: \"Found '%s'.\"\nlevel: warning\ndescription: test\n";

#[test]
fn existence_tokens_respect_word_boundaries_and_case() {
    let l = linter(&format!(
        "extends: existence\n{HEAD}tokens: [click here, here]\nignorecase: true\n"
    ));
    // Leftmost-longest: `click Here` is one finding, not two.
    assert_eq!(
        found(&l, "Please click Here, or there. Here!"),
        [
            ("click Here".to_string(), "Found 'click Here'.".to_string()),
            ("Here".to_string(), "Found 'Here'.".to_string())
        ]
    );
    let exact = linter(&format!("extends: existence\n{HEAD}tokens: [NSPCC]\n"));
    assert_eq!(spans(&exact.lint_str("NSPCC nspcc NSPCCs")), [(0, 5)]);
    let nonword = linter(&format!(
        "extends: existence\n{HEAD}tokens: [ing]\nnonword: true\n"
    ));
    assert_eq!(spans(&nonword.lint_str("sing")), [(1, 4)]);
}

#[test]
fn existence_regexes_with_and_without_prefilter() {
    // `&` is a selective prefix literal: the regex runs only where it occurs.
    let gated = linter(&format!("extends: existence\n{HEAD}raw: ['&[a-z]+;']\n"));
    assert_eq!(
        spans(&gated.lint_str("a &amp; b &lt; c & d")),
        [(2, 7), (10, 14)]
    );
    // No prefix literal: matched through the shared RegexSet pass.
    let ungated = linter(&format!(
        "extends: existence\n{HEAD}raw: ['[a-z]+ing\\b']\n"
    ));
    assert_eq!(
        found(&ungated, "Sing, singing, bring.")
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["singing", "bring"]
    );
    // A `span` group narrows the report, a `fix` group what the removal deletes.
    let grouped = linter(&format!(
        "extends: existence\n{HEAD}action: remove\nraw: ['\\w(?P<span>(?P<fix> +)[.,])']\n"
    ));
    let d = grouped.lint_str("word , next");
    assert_eq!(spans(&d), [(4, 6)]);
    let fix = d[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(
        fix.edits,
        [Edit {
            start: 4,
            end: 5,
            replacement: String::new()
        }]
    );
}

#[test]
fn existence_line_scope_and_line_removal() {
    let l = linter(&format!(
        "extends: existence\n{HEAD}tokens: [Read more]\nscope: line\naction: remove\n"
    ));
    let text = "Teaser.\n» Read more\nRead more about it.\n";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(11, 20)]);
    assert_eq!(
        d[0].fix.as_ref().unwrap().edits,
        [Edit {
            start: 8,
            end: 21,
            replacement: String::new()
        }]
    );
}

#[test]
fn substitution_carries_a_fix_and_keeps_capitals() {
    let l = linter(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: suggestion\ndescription: t\nignorecase: true\nswap:\n  utilize: use\n  online security bill: Online Safety Bill\n",
    );
    let d = l.lint_str("Utilize the online security bill.");
    assert_eq!(spans(&d), [(0, 7), (12, 32)]);
    assert_eq!(d[0].message, "Use 'Use' instead of 'Utilize'.");
    assert_eq!(
        d[1].message,
        "Use 'Online Safety Bill' instead of 'online security bill'."
    );
    let fix = d[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(
        fix.edits,
        [Edit {
            start: 0,
            end: 7,
            replacement: "Use".into()
        }]
    );
}

#[test]
fn repetition_is_case_insensitive_with_exceptions() {
    let l = linter(&format!("extends: repetition\n{HEAD}exceptions: [had]\n"));
    let text = "The the end. He had had it. 58 58. the\nthe line. the. The";
    assert_eq!(
        found(&l, text)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["The the", "the\nthe"]
    );
    let d = l.lint_str("a the the b");
    assert_eq!(
        d[0].fix.as_ref().unwrap().edits,
        [Edit {
            start: 5,
            end: 9,
            replacement: String::new()
        }]
    );
}

#[test]
fn capitalization_flags_mid_sentence_capitals_only() {
    let l = linter(&format!("extends: capitalization\n{HEAD}tokens: [here]\n"));
    let text = "Here it is. A website Here and there. The song Here Comes. He said: Here. “Here”";
    assert_eq!(spans(&l.lint_str(text)), [(22, 26)]);
}

#[test]
fn balance_says_what_is_wrong() {
    let l = linter("extends: balance\nmessage: \"%s\"\nlevel: warning\ndescription: t\n");
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "a ” b",
            &[("”", "closing ”, after a space, closes no quotation")],
        ),
        (
            "“a b",
            &[("“", "“ is never closed: no ” follows in this paragraph")],
        ),
        (
            "“a b. “\n\nNext.",
            &[(
                "“",
                "opening “ at the end of a paragraph: a closing ” belongs here",
            )],
        ),
        ("“a b ”", &[("”", "space before the closing ”")]),
        (
            "( “a )",
            &[("“", "“ is never closed: ) closes an outer mark first")],
        ),
        ("x ) y", &[(")", "closing ) closes nothing")]),
        ("“One.\n\n“Two.\n\n“Three.”", &[]),
        (
            "“One.\n\nNarration.",
            &[("“", "“ is never closed: no ” follows in this paragraph")],
        ),
        ("don’t, children’s, ’90s, parents’ view, ‘80s", &[]),
        ("a) one; b) two; iv) three; 2) four :)", &[]),
        ("„Ja“ and »nein« and « oui »", &[]),
        ("``TeX'' and ``mixed\"", &[]),
    ];
    for (text, expected) in cases {
        let got = found(&l, text);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, expected, "on {text:?}");
    }
}

#[test]
fn balance_labels_point_at_the_partner() {
    let l = linter("extends: balance\nmessage: \"%s\"\nlevel: warning\ndescription: t\n");
    let d = l.lint_str("( “a )");
    assert_eq!(d[0].labels.len(), 1);
    assert_eq!(d[0].labels[0].span, 7..8);
    assert_eq!(d[0].labels[0].message, "the outer mark closes here with )");
}

#[test]
fn messages_fill_placeholders_in_order() {
    let l = linter(
        "extends: existence\nmessage: \"'%s' and %s stays\"\nlevel: error\ndescription: t\ntokens: [x]\n",
    );
    assert_eq!(
        found(&l, "x"),
        [("x".to_string(), "'x' and  stays".to_string())]
    );
}

#[test]
fn density_counts_other_rules_findings_per_paragraph() {
    let word = parse_rule(
        "w.yaml",
        "House",
        "Word",
        "extends: existence\nmessage: m\nlevel: warning\ndescription: d\ntokens: [spin, twist]\n",
    )
    .unwrap();
    let dense = "extends: density\nmessage: \"%s in one paragraph\"\nlevel: warning\ndescription: d\nof: [House.Word]\nmin: 2\n";
    let l = Linter::new(vec![
        word,
        parse_rule("d.yaml", "House", "Dense", dense).unwrap(),
    ])
    .unwrap();
    // The same words found twice (`Spin … spin`) count once.
    let text = "spin and twist again.\n\nOne spin only.\n\nSpin and spin.";
    let d: Vec<Diagnostic> = l
        .lint_str(text)
        .into_iter()
        .filter(|d| &*d.rule == "House.Dense")
        .collect();
    assert_eq!(spans(&d), [(0, 21)]);
    assert_eq!(d[0].message, "2 in one paragraph");
    let orphan = dense.replace("House.Word", "House.Nope");
    let err = Linter::new(vec![
        parse_rule("d.yaml", "House", "Dense", &orphan).unwrap(),
    ])
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("no rule or pack named `House.Nope`"),
        "{err}"
    );
}

#[test]
fn substitution_list_finds_tortured_phrases_word_by_word_with_their_gates() {
    let l = linter(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\ndescription: t\nlist: tortured-phrases\n",
    );
    // Case and line breaks inside the phrase do not matter; the capital carries over.
    let text = "Counterfeit\nconsciousness helps, said the paper.";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(0, 25)]);
    assert_eq!(
        d[0].message,
        "Use 'Artificial intelligence' instead of 'Counterfeit\nconsciousness'."
    );
    assert_eq!(
        d[0].fix.as_ref().unwrap().edits,
        [Edit {
            start: 0,
            end: 25,
            replacement: "Artificial intelligence".into()
        }]
    );
    // PPS's AND-form: `surface region` counts only where `surface area` is said too.
    assert!(
        l.lint_str("The surface region of the leaf was measured.")
            .is_empty()
    );
    assert_eq!(
        found(
            &l,
            "The surface region of the leaf and its surface area were measured."
        ),
        [(
            "surface region".to_string(),
            "Use 'surface area' instead of 'surface region'.".to_string()
        )]
    );
    // An unknown list is an error at the value.
    let err = parse_rule(
        "test.yaml",
        "Test",
        "Rule",
        "extends: substitution\nmessage: m\nlevel: warning\ndescription: t\nlist: nope\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("no built-in list `nope`"), "{err}");
}

#[test]
fn balance_gives_a_straight_mark_its_curly_partners_glyph() {
    let l = crate::util::shipped_rule("Quotes", "Balance");
    let text = "She said: “I am sad to see it\" and left the room.";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(31, 32)]);
    assert_eq!(
        d[0].message,
        "straight \" closes a quotation opened with the curly “: write ”."
    );
    assert_eq!(d[0].labels.len(), 1);
    assert_eq!(
        (d[0].labels[0].span.clone(), d[0].labels[0].message.as_str()),
        (10..13, "the quotation opens here with “")
    );
    let fix = d[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(
        fix.edits,
        [Edit {
            start: 31,
            end: 32,
            replacement: "”".into()
        }]
    );
}

#[test]
fn a_flattened_no_break_space_leaves_its_a_circumflex() {
    let l = crate::util::shipped_rule("Encoding", "FlattenedNoBreakSpace");
    let text = "HelloÂ world. A CÂMARA votou.";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(5, 7)]);
    assert_eq!(
        d[0].message,
        "'Â' before a space: a no-break space decoded as Windows-1252 and then flattened by the \
         scraper. Delete the 'Â'."
    );
    let fix = d[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(
        fix.edits,
        [Edit {
            start: 5,
            end: 7,
            replacement: String::new()
        }]
    );
}

#[test]
fn a_lexicon_density_reports_the_paragraph_once_with_each_phrase_labelled() {
    let l = shipped_rule("Spun", "SpinnerParagraph");
    let spun = "We saw an upward thrust in rates of interest, and in the event you borrowed \
                final 12 months, the upward thrust hurts.";
    let text = format!("{spun}\n\nThe rise in interest rates hurts borrowers.\n");
    let d = l.lint_str(&text);
    assert_eq!(spans(&d), [(0, spun.len())]);
    assert_eq!(
        d[0].message,
        "4 words a thesaurus put in place of the usual ones: the paragraph was probably run \
         through an article spinner ('upward thrust' for 'rise', 'rates of interest' for \
         'interest rates', 'in the event you' for 'if you', 'final 12 months' for 'last year'). \
         Rewrite it from the source."
    );
    // Every occurrence is labelled, the repeated phrase too; the phrase counts once.
    let labels: Vec<(&str, &str)> = d[0]
        .labels
        .iter()
        .map(|l| (&text[l.span.clone()], l.message.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("upward thrust", "usually 'rise'"),
            ("rates of interest", "usually 'interest rates'"),
            ("in the event you", "usually 'if you'"),
            ("final 12 months", "usually 'last year'"),
            ("upward thrust", "usually 'rise'"),
        ]
    );
    // Without a phrase of weight 2 or more, ordinary words are not enough, however many.
    let ordinary = "The way to defeat bad ideas is by exposure; to preserve the possibility of \
                    disagreement is the most vital of our present issues.";
    assert!(l.lint_str(ordinary).is_empty());
}

#[test]
fn a_density_rule_takes_one_of_its_two_forms() {
    let rule = |keys: &str| {
        parse_rule(
            "d.yaml",
            "House",
            "Dense",
            &format!("extends: density\nmessage: m\nlevel: warning\ndescription: d\n{keys}"),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    assert!(rule("list: spinner-substitutions\nmin: 3\nscore: 2\n").is_ok());
    let err = rule("list: spinner-substitutions\nof: [Spun]\n").unwrap_err();
    assert!(
        err.contains("`of` and `list` are two kinds of density: give one"),
        "{err}"
    );
    let err = rule("list: spinners\n").unwrap_err();
    assert!(
        err.contains("no built-in lexicon `spinners` (known: spinner-substitutions)"),
        "{err}"
    );
    let err = rule("of: [Spun]\nscore: 2\n").unwrap_err();
    assert!(
        err.contains("`score` weighs the phrases of a `list`"),
        "{err}"
    );
    let err = rule("list: spinner-substitutions\nweight: -1\n").unwrap_err();
    assert!(
        err.contains("`weight` must be a number of 0 or more, not -1"),
        "{err}"
    );
}

#[test]
fn a_straight_quotation_with_a_space_inside_loses_the_space() {
    let l = shipped_rule("Quotes", "StraightSpacing");
    let text = "He called it \" Big Bang. \" and left.";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(14, 15), (24, 25)]);
    let expected = [
        (
            "Space after the opening straight quotation mark: remove it.",
            (25..26, "the quotation closes here"),
        ),
        (
            "Space before the closing straight quotation mark: remove it.",
            (13..14, "the quotation opens here"),
        ),
    ];
    for (d, (message, (label, said))) in d.iter().zip(expected) {
        assert_eq!(d.message, message);
        assert_eq!(d.labels.len(), 1);
        assert_eq!(
            (d.labels[0].span.clone(), d.labels[0].message.as_str()),
            (label, said)
        );
        let fix = d.fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            fix.edits,
            [Edit {
                start: d.span.start,
                end: d.span.end,
                replacement: String::new()
            }]
        );
    }
    // Inch marks, a string in code, a lone mark: the pairing is not certain.
    for text in [
        "A frame of 12 \" x 8 \" fits the board.",
        "Set x = \" a \" in the script.",
        "He said \" yes and went home.",
    ] {
        assert!(l.lint_str(text).is_empty(), "{text}");
    }
}

#[test]
fn a_full_stop_outside_the_quotation_where_the_document_puts_it_inside() {
    let l = shipped_rule("Quotes", "StopPlacement");
    let text = "She called it “a sham.” He called it “a farce.” They called it “a mistake”. \
                Then they left.";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(83, 87)]);
    assert_eq!(
        d[0].message,
        "The full stop is outside the closing quotation mark, where this document puts it inside \
         (2 quotations): write '.”'."
    );
    assert_eq!(
        (d[0].labels[0].span.clone(), d[0].labels[0].message.as_str()),
        (71..74, "the quotation opens here")
    );
    let fix = d[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(
        fix.edits,
        [Edit {
            start: 83,
            end: 87,
            replacement: ".”".into()
        }]
    );
    // One quotation of each style shows no style; whole quoted sentences take the stop inside
    // in British style too.
    for text in [
        "She called it “a sham.” They called it “a mistake”. Then they left.",
        "He said, “We will go.” She said, “We will stay.” It was “a mistake”.",
    ] {
        assert!(l.lint_str(text).is_empty(), "{text}");
    }
}

#[test]
fn a_paragraph_that_goes_on_with_the_sentence_before_it() {
    let l = shipped_rule("Translation", "ParagraphBreakInSentence");
    let text = "The report was released by\n\nthe ministry on Monday.";
    let d = l.lint_str(text);
    assert_eq!(spans(&d), [(28, 31)]);
    assert_eq!(
        d[0].message,
        "The paragraph starts in lower case ('the') after one that ends without punctuation: a \
         sentence cut in two by a block break. Join the paragraphs."
    );
    assert!(d[0].fix.is_none());
    for text in [
        "Keep up to date\n\nthe ministry sends news every week.",
        "Here is an example of what we mean:\n\nquickly scan the recent additions.",
        "The report was released by\n\nsign up for newsletters",
    ] {
        assert!(l.lint_str(text).is_empty(), "{text}");
    }
}
