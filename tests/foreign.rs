//! `Translation.UntranslatedWord` (`foreign`) and `Translation.AcronymMismatch` (`acronym`), as
//! shipped: exact spans and messages, what they must leave alone, and the cost of the word table.

use crate::util::shipped_rule;
use copydesk::Linter;
use copydesk::checks::ForeignLexicon;

fn untranslated() -> Linter {
    shipped_rule("Translation", "UntranslatedWord")
}

fn acronym() -> Linter {
    shipped_rule("Translation", "AcronymMismatch")
}

/// (start, end, flagged text, message) of each diagnostic.
fn found(linter: &Linter, text: &str) -> Vec<(usize, usize, String, String)> {
    linter
        .lint_str(text)
        .into_iter()
        .map(|d| {
            let s = text[d.span.clone()].to_string();
            (d.span.start, d.span.end, s, d.message)
        })
        .collect()
}

fn flagged(linter: &Linter, text: &str) -> Vec<String> {
    found(linter, text).into_iter().map(|f| f.2).collect()
}

#[test]
fn untranslated_words_with_exact_spans() {
    let l = untranslated();
    assert_eq!(
        found(&l, "the vaccine was sicher and effective"),
        [(
            16,
            22,
            "sicher".to_string(),
            "'sicher' is not English: it looks like untranslated German.".to_string()
        )]
    );
    let text = "the Bürgermeister said";
    assert_eq!(
        found(&l, text),
        [(
            4,
            4 + "Bürgermeister".len(),
            "Bürgermeister".to_string(),
            "'Bürgermeister' is not English: it looks like untranslated German.".to_string()
        )]
    );
    assert_eq!(
        found(&l, "met on mercredi"),
        [(
            7,
            15,
            "mercredi".to_string(),
            "'mercredi' is not English: it looks like untranslated French.".to_string()
        )]
    );
    // A word on several lists names every language.
    assert_eq!(
        found(&l, "Entry to the museum is gratuito on Sundays.")[0].3,
        "'gratuito' is not English: it looks like untranslated Spanish, Italian or Portuguese."
    );
    // Capitals: a common word in capitals, a capitalised sentence start, an elided article.
    let seed = "Campaign against miserable life (RUHIG): For young men who feel unhappy.";
    assert_eq!(
        found(&l, seed),
        [(
            33,
            38,
            "RUHIG".to_string(),
            "'RUHIG' is not English: it looks like untranslated German.".to_string()
        )]
    );
    assert_eq!(flagged(&l, "Sicher, the plan has flaws."), ["Sicher"]);
    assert_eq!(
        flagged(&l, "The Stadtrat approved the budget."),
        ["Stadtrat"]
    );
    assert_eq!(
        flagged(&l, "The talks resumed jeudi, near l’hôpital."),
        ["jeudi", "l’hôpital"]
    );
}

#[test]
fn names_are_not_untranslated_words() {
    let l = untranslated();
    for text in [
        // Capitalised in mid-sentence, not German.
        "The report by Ana Mendonça was published on Friday.",
        // A rare listed word capitalised at a sentence start is more likely a name.
        "Mendonça said the plan was ready.",
        // German, but a place after a preposition, or inside a run of capitals.
        "The mayor of München said it would reopen.",
        "She works for Deutsche Bank in Frankfurt.",
        "Deutsche Bank said it would appeal.",
        // The document capitalises it in mid-sentence elsewhere: a defined name.
        "Affirmer makes the Waiver. The rights held by Affirmer are waived.",
        // Acronyms and lines of capitals.
        "The ONU and the OTAN met.",
        "NO WARRANTY. THE PROGRAM IS PROVIDED AS IS, SICHER ODER NICHT.",
        // A lower-case sentence start is an identifier.
        "undici is licensed under the MIT licence.",
    ] {
        assert_eq!(flagged(&l, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn quotations_loanwords_and_code_are_left_alone() {
    let l = untranslated();
    for text in [
        // Quoted titles and phrases, and the word right after a quotation.
        "She read “Die Verwandlung” on the train.",
        "They watched \"Das Leben der Anderen\" last night.",
        "The sign said „Bitte nicht stören“ in red letters.",
        "His favourite song is ‘Sempre libera’, he said.",
        "The paper called it “ruhig” ruhig, which was odd.",
        // Loanwords, set phrases, music marks.
        "They sent the children to kindergarten.",
        "It felt like déjà vu, a sort of fin de siècle mood.",
        "The deal was void per se, and the über-rich paid nothing.",
        "The horn call that launches the Allegro molto had a rough edge.",
        "TODO: write the docs.",
        // Foreign names and phrases: a listed word next to another one.
        "Copyright 2018 Bundesamt für Sicherheit in der Informationstechnik.",
        "We ate pastel de nata in the old town.",
        // Code, paths and addresses.
        "Set `sicher_mode = true` in config.sicher before you start.",
        "Call sicherBleiben() or read https://example.org/sicher/ first.",
        "Write to info@sicher.de for details.",
        // Emphasis marks a deliberate foreign word.
        "The Germans call it *Fernweh* or _sicher_.",
    ] {
        assert_eq!(flagged(&l, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn foreign_paragraphs_and_long_foreign_quotations_are_quoted_not_left_over() {
    let l = untranslated();
    let text = "The statement was read out in French.\n\n\
        Le gouvernement a annoncé mercredi que les mesures sanitaires seront prolongées \
        jusqu'à la fin du mois, a précisé le ministre.\n\n\
        The opposition objected.\n";
    assert_eq!(flagged(&l, text), Vec::<String>::new());
    let quoted = "The minister said: « Le gouvernement a annoncé mercredi que les mesures \
        sanitaires seront prolongées jusqu'à la fin du mois ». The opposition objected.";
    assert_eq!(flagged(&l, quoted), Vec::<String>::new());
    // A long quotation in English is still checked.
    let english = "The minister said: “We decided on Tuesday that the measures will stay in \
        place because they are sicher and they work.” The opposition objected.";
    assert_eq!(flagged(&l, english), ["sicher"]);
}

#[test]
fn acronym_that_does_not_fit_its_name() {
    let l = acronym();
    let seed = "Campaign against miserable life (RUHIG): For young men who feel unhappy.";
    assert_eq!(
        found(&l, seed),
        [(
            33,
            38,
            "RUHIG".to_string(),
            "'RUHIG' does not fit 'Campaign against miserable life': the name looks translated \
             while its acronym was not."
                .to_string()
        )]
    );
    let text = "The Federation of Public Transport Users (FNAUT) criticised the plan.";
    assert_eq!(
        found(&l, text),
        [(
            42,
            47,
            "FNAUT".to_string(),
            "'FNAUT' does not fit 'Federation of Public Transport Users': the name looks \
             translated while its acronym was not."
                .to_string()
        )]
    );
    let d = &l.lint_str(text)[0];
    assert_eq!(
        &text[d.labels[0].span.clone()],
        "Federation of Public Transport Users"
    );
    // A name that wraps onto the next line.
    assert_eq!(
        flagged(
            &l,
            "issued by the Federal Office for\nInformation Security (BSI) today"
        ),
        ["BSI"]
    );
}

#[test]
fn acronyms_that_fit_their_names_are_silent() {
    let l = acronym();
    for text in [
        "Transmission Control Protocol (TCP) carries the data.",
        "The National Aeronautics and Space Administration (NASA) launched it.",
        "The Royal Society for the Prevention of Cruelty to Animals (RSPCA) came.",
        "International Business Machines (IBM) reported earnings.",
        "The World Health Organization (WHO) said so.",
        "The National Society for the Prevention of Cruelty to Children (NSPCC) helps.",
        "The Centers for Disease Control and Prevention (CDC) agreed.",
        "Extensible Markup Language (XML) is text.",
        "Hypertext Markup Language (HTML) is text.",
        "The International Organization for Standardization (ISO) published it.",
        "the GNU Lesser\nGeneral Public License (LGPL) version 2.1",
        "Bundesamt für Sicherheit in der Informationstechnik (BSI) warned.",
        "Self-Contained Underwater Breathing Apparatus (SCUBA) gear.",
        // Not definitions: no name before them, a person, a listed exception, not an acronym.
        "Download the annual report (PDF) here.",
        "Reuters (AP) reported it.",
        "The current maintainer is Laszlo Boszormenyi (GCS) in Hungary.",
        "It opens in London on Monday (GMT).",
        "Group Four Securicor (G4S) won.",
        "The Campaign Against Living Miserably (Calm) answered.",
        "Press (A) or (B).",
        "a sentence (WITHOUT A NAME BEFORE)",
    ] {
        assert_eq!(flagged(&l, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn no_panic_on_odd_input() {
    let linters = [untranslated(), acronym()];
    let pieces = [
        "(",
        ")",
        "(RUHIG)",
        "“",
        "”",
        "„",
        "«",
        "»",
        "‘",
        "’",
        "'",
        "\"",
        "Sicher",
        "sicher",
        "RUHIG",
        "l’",
        "d'",
        "ü",
        "é",
        "\u{308}",
        " ",
        "\n",
        "\n\n",
        ".",
        "-",
        "_",
        "Ä",
        "ß",
        "İ",
        "ﬁ",
        "日本",
        "(AB)",
        "Bürgermeister",
        "der",
        "de",
        "Of",
        "\r\n",
        "\u{a0}",
        "x.y",
    ];
    // A fixed linear congruential sequence: the same odd documents on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut doc = String::new();
        for _ in 0..40 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            doc.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        for l in &linters {
            for d in l.lint_str(&doc) {
                assert!(doc.is_char_boundary(d.span.start) && doc.is_char_boundary(d.span.end));
            }
        }
    }
    // Pathological sizes stay linear: one long line full of parentheses and foreign words. The
    // language is set: repeated 5,000 times, the sentence reads as German to the detector.
    let long = "Campaign against miserable life (RUHIG) was sicher.\n".repeat(5_000);
    let english = |linter: &Linter| {
        let mut settings = copydesk::config::Settings::all(linter.rules());
        settings.language = copydesk::text::language::Language::from_code("en");
        let source = copydesk::source::SourceFile::from_text("long.txt", &long);
        linter.lint_with(&source, &settings).len()
    };
    assert_eq!(english(&linters[1]), 5_000);
    assert_eq!(english(&linters[0]), 10_000);
    let unspaced = "sicher-".repeat(50_000);
    assert!(linters[0].lint_str(&unspaced).is_empty());
}

#[test]
fn word_table_holds_exactly_the_lists() {
    // build.rs lays the lists out as a hash table; every word of every list must be found with
    // its languages and its "common" bit (among the first 2,000 of a list), and nothing else.
    let table = ForeignLexicon::get();
    let bytes = ForeignLexicon::table_bytes();
    assert!((200_000..2_000_000).contains(&bytes), "{bytes} bytes");
    let mut expected: std::collections::HashMap<String, (u8, bool)> = Default::default();
    for (bit, lang) in ["de", "fr", "es", "it", "nl", "pt"].iter().enumerate() {
        let list = std::fs::read_to_string(format!("data/foreign/{lang}.txt")).unwrap();
        for (rank, word) in list.lines().filter(|w| !w.is_empty()).enumerate() {
            let e = expected.entry(word.to_string()).or_default();
            e.0 |= 1 << bit;
            e.1 |= rank < 2000;
        }
    }
    assert_eq!(table.len(), expected.len());
    assert!((25_000..60_000).contains(&table.len()), "{}", table.len());
    for (word, &(languages, common)) in &expected {
        assert_eq!(table.languages(word), languages, "{word}");
        assert_eq!(table.is_common(word), common, "{word}");
    }
    for absent in ["the", "", "sicherx", "xsicher", "xyzzy", &"a".repeat(300)] {
        assert_eq!(table.languages(absent), 0, "{absent}");
    }
    assert_eq!(table.languages("sicher"), 1);
    assert_eq!(
        ForeignLexicon::language_names(table.languages("sicher")),
        "German"
    );
    assert!(table.is_common("sicher"));
}
