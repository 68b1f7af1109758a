//! `Encoding.Mojibake`: generated mojibake of multilingual sentences must be found and repaired,
//! legitimate text in many scripts must stay silent.

use crate::util::shipped_rule;
use copydesk::Linter;
use copydesk::diagnostic::Applicability;
use encoding_rs::Encoding;

fn linter() -> Linter {
    shipped_rule("Encoding", "Mojibake")
}

/// Clean sentences: every one is a negative case as is, and a positive one once mangled.
const SENTENCES: &[&str] = &[
    // English typography.
    "She said, “It’s finished” — and left…",
    "The ticket costs €25 – or £22 – at the door.",
    "It’s the company’s “best” year • revenue up 12%.",
    "Temperatures reached 35 °C; the café’s terrace was full.",
    "© 2023 Example Ltd. All rights reserved™.",
    "He paid ¥3,000 for a “vintage” naïve print.",
    // French.
    "L’été dernier, nous sommes allés à la plage près de Nîmes.",
    "Le garçon a mangé une crème brûlée à Noël.",
    "Où est la bibliothèque ? « Là-bas », répondit-il.",
    "Ça coûte très cher, déjà 50 € pour un dîner.",
    // German.
    "Die Straße führt über die Brücke nach Köln.",
    "Größere Äpfel schmecken süßer, sagte der Bäcker.",
    "„Österreich ist schön“, schrieb Jürgen im März.",
    // Spanish.
    "El niño comió una manzana en el jardín de su abuelo.",
    "¿Dónde está la estación? ¡Qué sorpresa, señor Muñoz!",
    "La canción ganó el año pasado en España.",
    // Portuguese.
    "A informação está disponível em São Paulo e João Pessoa.",
    "Não há razões para preocupação, disse a irmã do médico.",
    "O avô comprou pães e maçãs na padaria.",
    // Italian.
    "Perché la città è così bella? Più di quanto pensassi.",
    // Catalan.
    "L’àvia va anar a la plaça amb el seu nét.",
    // Polish.
    "Zażółć gęślą jaźń, powiedział Łukasz w Łodzi.",
    "Świętokrzyskie góry są piękne jesienią.",
    // Czech and Slovak.
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Ďakujem, že ste prišli včas do Košíc.",
    // Hungarian and Romanian.
    "Árvíztűrő tükörfúrógép a győri múzeumban.",
    "Știința și tehnologia în România de astăzi.",
    // Turkish.
    "İstanbul’da güzel bir gün geçirdik, çok eğlenceliydi.",
    "Şehirdeki ağaçlar ılık rüzgârda sallanıyordu.",
    // Nordic.
    "Blåbærsyltetøy og rømme på Ålesund.",
    "Þórður fór í sund í Reykjavík í gær.",
    "Smörgåsbord är populärt i Göteborg.",
    // Baltic.
    "Lietuvos sostinė yra Vilnius, čia gražūs ežerai.",
    "Rīgā ir daudz skaistu ēku un parku.",
    // Vietnamese.
    "Việt Nam có nhiều cảnh đẹp và món ăn ngon.",
    "Tiếng Việt được viết bằng chữ Quốc ngữ.",
    // Cyrillic.
    "Москва — столица России.",
    "Привет, как дела? Всё хорошо!",
    "Київ є столицею України, її історія давня.",
    "София е столицата на България.",
    "Београд је главни град Србије.",
    // Greek.
    "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
    "Καλημέρα, τι κάνεις σήμερα;",
    // CJK and emoji.
    "东京和北京都是大城市。",
    "日本語のテキストです。",
    "서울은 한국의 수도입니다.",
    "Great news 🎉 we won 👍🏽 again!",
    "The family emoji 👨‍👩‍👧 is a ZWJ sequence.",
];

/// Further clean text that must stay silent: the traps of each codec.
const NEGATIVES: &[&str] = &[
    "SÃO PAULO, JOÃO PESSOA e MARANHÃO são nomes corretos.",
    "A IRMÃ “MAÇÃ” e o “AMANHÃ” chegaram — disse a ALEMÃ…",
    "CAFÉ”, CAFÉ’ and NESTLÉ® are brand spellings.",
    "Ðorri and Þórður met Ðuro; Ðð is the letter eth.",
    "The letter Â stands alone here, as does Ã in a list: Â, Ã, Ä, Å.",
    "Nguyễn Văn Â và Trần Thị Ã đã đến.",
    "Рівне, Ріка, Він, Їх, Ці, Сіль — українські слова.",
    "«ТВ» и «ТЕАТР» — ЕЁ ВЕРЁВКА, Сёмга.",
    "ΑΘΉΝΑ, ΜΈΣΑ, ΣΌΦΙΑ και «Αθήνα».",
    "Box drawing: ┌──┐ │ok│ └──┘ ═══ ╔╗╚╝ ▒▓█",
    "Currency: €5, £3, ¥100, ₹20, ₽300, ₩500, $1, ¢50, ₿0.1.",
    "Math: √2 ≈ 1.414, √π, σ = √∑x², √∞, ±5, 3 × 4 ÷ 2, x² + y³, ½ + ¼ = ¾, ∞, ≤ ≥ ≠, µm, 90°.",
    "Quotes and dashes: ‘single’, “double”, «guillemets», ‹angle›, „low“ — en–dash … ellipsis.",
    "Emoji: 😀 🇫🇷 👩🏽‍💻 ❤️ ✔️ 🤷‍♂️ 🏳️‍🌈",
    "Marks: © 2024 Acme™, Brand®, Section §4, ¶2, • bullet, † dagger, ‡, ‰.",
    "Spanish dialogue: —¿Qué haces? —Él no sabe. —Ésta es mía.",
    "French: «Été» et «À bientôt», l’été, qu’à, jusqu’à, d’Émile.",
    "Swiss: «Öffnen» «Über» «Ärger», ‚Äpfel‘ und „Ämter“.",
    "Maths: 2×3, 4×€, 5×£, a×b; 3÷4; 7±1; ¬p ∧ q.",
    "Icelandic: Ægir, Ásta, Örn, Þóra, Ðá.",
    "German caps: STRASSE, GRÖSSE, ÄRGER, ÜBER, ÖL.",
    "Czech caps: PĚŠÍ ZÓNA, ŘEŠENÍ, ŽLUŤOUČKÝ KŮŇ.",
    "Polish caps: ŁÓDŹ, SZKÓŁ, RÓŻA, GĘŚ, ŻÓŁW.",
    "Turkish caps: İSTANBUL, ŞİŞLİ, ÇAĞ, ĞÜÖ.",
    "Vietnamese: Hà Nội, Huế, Đà Nẵng, Phở bò, Ông Bà.",
    "Hawaiian: Hawaiʻi, Oʻahu; Ukrainian apostrophe: м’ясо, п’ять.",
    "Greek letters in science: α-helix, β-sheet, Δx, Ω, µ, π ≈ 3.14.",
    "Mixed: naïve café résumé façade jalapeño Zoë Brontë coöperate.",
    "Ligatures from PDFs: ﬁrst ﬂoor, conﬁé, ﬂâner.",
    "Decomposed: cafe\u{301} and nai\u{308}ve.",
    "Roman numerals Ⅻ, arrows → ← ↑ ↓ ⇒, stars ★☆, checks ✓✗.",
    "Thai: ภาษาไทย; Hindi: हिन्दी; Arabic: العربية; Hebrew: עברית.",
    "Spaced\u{a0}text with no\u{2011}break hyphen and thin\u{2009}spaces.",
];

/// Decodes bytes with a wrong encoding; `None` where that encoding cannot read them.
type Decoder = Box<dyn Fn(&[u8]) -> Option<String>>;

/// (name, decoder) of each wrong reading.
fn readings() -> Vec<(&'static str, Decoder)> {
    let whatwg = |enc: &'static Encoding| -> Decoder {
        Box::new(move |bytes: &[u8]| {
            let (text, errors) = enc.decode_without_bom_handling(bytes);
            (!errors).then(|| text.into_owned())
        })
    };
    vec![
        ("cp1252", whatwg(encoding_rs::WINDOWS_1252)),
        (
            "latin-1",
            Box::new(|bytes: &[u8]| Some(bytes.iter().map(|&b| char::from(b)).collect())),
        ),
        ("mac_roman", whatwg(encoding_rs::MACINTOSH)),
        ("cp1251", whatwg(encoding_rs::WINDOWS_1251)),
        ("cp1250", whatwg(encoding_rs::WINDOWS_1250)),
        ("cp1257", whatwg(encoding_rs::WINDOWS_1257)),
        ("cp1253", whatwg(encoding_rs::WINDOWS_1253)),
    ]
}

fn embed(s: &str) -> String {
    format!("Yesterday the editor pasted this: {s} Then the page was published.")
}

/// Applies the edits of every diagnostic that has a fix, from the end.
fn apply_fixes(text: &str, diagnostics: &[copydesk::Diagnostic]) -> String {
    let mut edits: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter())
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.start..e.end, &e.replacement);
    }
    out
}

#[test]
fn generated_mojibake_is_found_and_repaired() {
    let linter = linter();
    let mut total = 0;
    let mut found = 0;
    let mut misses = Vec::new();
    let mut wrong_fixes = Vec::new();
    let mut per_reading = Vec::new();
    let mut repaired = 0;
    let mut unrepaired = Vec::new();
    for (name, decode) in readings() {
        let (mut n, mut f) = (0, 0);
        for &sentence in SENTENCES {
            let Some(mangled) = decode(sentence.as_bytes()) else {
                continue;
            };
            if mangled == sentence {
                continue;
            }
            let text = embed(&mangled);
            n += 1;
            let diagnostics = linter.lint_str(&text);
            if diagnostics.is_empty() {
                misses.push(format!("{name}: {sentence:?} as {mangled:?}"));
                continue;
            }
            f += 1;
            let all_safe = diagnostics.iter().all(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            });
            let fixed = apply_fixes(&text, &diagnostics);
            if fixed == embed(sentence) {
                repaired += 1;
            } else {
                unrepaired.push(format!("{name}: {sentence:?} became {fixed:?}"));
            }
            if all_safe && fixed != embed(sentence) {
                wrong_fixes.push(format!(
                    "{name}: {sentence:?} became {:?}",
                    apply_fixes(&text, &diagnostics)
                ));
            }
        }
        per_reading.push(format!("{name}: {f}/{n}"));
        total += n;
        found += f;
    }
    let rate = found as f64 / total as f64;
    println!(
        "detected {found}/{total} = {:.1}% ({})",
        rate * 100.0,
        per_reading.join(", ")
    );
    println!("fixes restore the original exactly in {repaired}/{found}");
    for m in &misses {
        println!("miss: {m}");
    }
    for m in &unrepaired {
        println!("not fully repaired: {m}");
    }
    assert!(wrong_fixes.is_empty(), "{}", wrong_fixes.join("\n"));
    assert!(rate >= 0.95, "detection rate {:.1}%", rate * 100.0);
}

#[test]
fn clean_text_stays_silent() {
    let linter = linter();
    let fired: Vec<String> = SENTENCES
        .iter()
        .chain(NEGATIVES)
        .flat_map(|&s| {
            let text = embed(s);
            linter
                .lint_str(&text)
                .into_iter()
                .map(move |d| format!("{:?} in {s:?}", &text[d.span.clone()]))
        })
        .collect();
    assert!(fired.is_empty(), "{}", fired.join("\n"));
}

/// (matched text, repaired text, applicability) of each diagnostic.
fn report(text: &str) -> Vec<(String, String, Option<Applicability>)> {
    linter()
        .lint_str(text)
        .into_iter()
        .map(|d| {
            let fixed = apply_fixes(text, std::slice::from_ref(&d));
            let span = d.span.clone();
            let tail = text.len() - span.end;
            (
                text[span.clone()].to_string(),
                fixed[span.start..fixed.len() - tail].to_string(),
                d.fix.map(|f| f.applicability),
            )
        })
        .collect()
}

fn safe(a: &str, b: &str) -> (String, String, Option<Applicability>) {
    (a.to_string(), b.to_string(), Some(Applicability::Safe))
}

#[test]
fn exact_spans_and_repairs() {
    assert_eq!(report("The cafÃ© is open."), [safe("cafÃ©", "café")]);
    assert_eq!(report("I donâ€™t know."), [safe("donâ€™t", "don’t")]);
    assert_eq!(
        report("He said â€œquotedâ€\u{9d} loudly."),
        [safe("â€œquotedâ€\u{9d}", "“quoted”")]
    );
    assert_eq!(report("Ã¼ber alles"), [safe("Ã¼ber", "über")]);
    assert_eq!(report("a вЂ™ b"), [safe("вЂ™", "’")]);
    assert_eq!(
        report("EspaÃ±a y Espa√±a"),
        [safe("EspaÃ±a", "España"), safe("Espa√±a", "España")]
    );
    assert_eq!(
        report("Capital: ÐœÐ¾Ñ\u{81}ÐºÐ²Ð°."),
        [safe("ÐœÐ¾Ñ\u{81}ÐºÐ²Ð°", "Москва")]
    );
    assert_eq!(
        report("Phrase ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€ ends."),
        [safe("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€", "Привет мир")]
    );
    assert_eq!(report("Twice: cafÃƒÂ©!"), [safe("cafÃƒÂ©", "café")]);
    assert_eq!(report("Emoji ðŸ˜€ here"), [safe("ðŸ˜€", "😀")]);
    assert_eq!(
        report("Niccol√≤ went to Per√∫ and K√∂ln."),
        [
            safe("Niccol√≤", "Niccolò"),
            safe("Per√∫", "Perú"),
            safe("K√∂ln", "Köln")
        ]
    );
    assert_eq!(
        report("Il va Ã\u{a0}Paris."),
        [safe("Ã\u{a0}Paris", "àParis")]
    );
    assert_eq!(report("Il va Ã\u{a0} Paris."), [safe("Ã\u{a0}", "à")]);
    // Byte offsets of the diagnostic and its edit.
    let d = &linter().lint_str("I donâ€™t know.")[0];
    assert_eq!(d.span, 2..14);
    let edit = &d.fix.as_ref().unwrap().edits[0];
    assert_eq!(
        (edit.start, edit.end, edit.replacement.as_str()),
        (5, 13, "’")
    );
    assert_eq!(
        d.message,
        "Mojibake 'donâ€™t': the text was decoded with the wrong encoding; it should read 'don’t'."
    );
}

fn unsafe_fix(a: &str, b: &str) -> (String, String, Option<Applicability>) {
    (a.to_string(), b.to_string(), Some(Applicability::Unsafe))
}

/// Forms that ftfy's cases from the wild carry (issue #20, part 3), in sentences of our own: a
/// DOS console's code page 437, an emoji written as two encoded surrogates (CESU-8), Windows-1252
/// read as Latin-1 (C1 controls), a ligature from a PDF, full-width punctuation, a Greek letter
/// used as a symbol, a struck-out price, and capitals around a closing quote.
#[test]
fn forms_found_in_the_wild() {
    assert_eq!(
        report("The menu said ─îesk├í and Pra┼╛sk├⌐ho."),
        [safe("─îesk├í", "Česká"), safe("Pra┼╛sk├⌐ho", "Pražského")]
    );
    assert_eq!(report("Read ╨┤╨╛╨╝ here."), [safe("╨┤╨╛╨╝", "дом")]);
    assert_eq!(
        report("Loved it í\u{a0}½í¸\u{8d} thanks"),
        [safe("í\u{a0}½í¸\u{8d}", "😍")]
    );
    assert_eq!(
        report("He wrote \u{84}Guten Tag\u{93} and left\u{85}"),
        [
            safe("\u{84}Guten Tag\u{93}", "„Guten Tag“"),
            safe("left\u{85}", "left…")
        ]
    );
    assert_eq!(
        report("A signiп¬Ѓcant share."),
        [safe("signiп¬Ѓcant", "signiﬁcant")]
    );
    assert_eq!(
        report("Offices in Xiamenï¼ŒFujian."),
        [safe("Xiamenï¼ŒFujian", "Xiamen，Fujian")]
    );
    assert_eq!(report("The IL2RÎ³c chain."), [safe("IL2RÎ³c", "IL2Rγc")]);
    assert_eq!(
        report("Now $Ì¶9Ì¶9Ì¶ only"),
        [safe("Ì¶9Ì¶9Ì¶", "\u{336}9\u{336}9\u{336}")]
    );
    assert_eq!(report("GRAND HÃ”TEL"), [safe("HÃ”TEL", "HÔTEL")]);
    // The lead of a two-byte character before the U+FFFD a strict decoder left for the rest: a
    // guess, and the message says so.
    assert_eq!(
        report("Sloven\u{C4}\u{FFFD}ina."),
        [unsafe_fix("Sloven\u{C4}\u{FFFD}ina", "Slovenāina")]
    );
    assert_eq!(
        linter().lint_str("Sloven\u{C4}\u{FFFD}ina.")[0].message,
        "Mojibake 'Sloven\u{C4}\u{FFFD}ina': the text was decoded with the wrong encoding; it \
         should read 'Slovenāina', but part of a character was lost, so that is a guess."
    );
}

/// What those forms must not take for mojibake: box drawing, a trademark after capitals, Nordic
/// capitals, symbols drawn with no word near them, a lower-case letter inside capitals, and a
/// possessive after a capital.
#[test]
fn lookalikes_of_wild_forms_stay_silent() {
    for clean in [
        "The tree: ├── src and └── tests, in a box ┌──┐ │ok│ └──┘.",
        "Block ▐█▌ and ─┐ corners ═╗ stay.",
        "The brand ZORRÅ™ and ACMĂ™ ship today.",
        "Capitals: BLÅØ FJÆR.",
        "Faces ;-(  `¬´  ) and (  ∆°  ).",
        "LOUD TÄ£ÄM WORDS KÖÄ£ here.",
        "Too many Ã’s in that word.",
    ] {
        let r: Vec<_> = report(clean).into_iter().map(|(s, ..)| s).collect();
        assert!(r.is_empty(), "{clean}: {r:?}");
    }
}

#[test]
fn a_dropped_byte_is_a_guess() {
    let r = report("He said â€œhelloâ€� and left.");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].1, "“hello”");
    assert_eq!(r[0].2, Some(Applicability::Unsafe));
}

/// Strict decoders drop the bytes Windows-1252 leaves undefined, or replace them with U+FFFD;
/// HTML tools turn the no-break space of `à` into a space.
#[test]
fn lost_bytes_are_guessed() {
    let russian = "Он сказал: Москва — столица.";
    let bytes = russian.as_bytes();
    let replaced: String = bytes
        .iter()
        .map(|&b| match b {
            0x81 | 0x8D | 0x8F | 0x90 | 0x9D => '\u{FFFD}',
            _ => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .next()
                .unwrap(),
        })
        .collect();
    let dropped: String = replaced.chars().filter(|&c| c != '\u{FFFD}').collect();
    for mangled in [replaced, dropped] {
        let text = embed(&mangled);
        let diagnostics = linter().lint_str(&text);
        assert_eq!(
            apply_fixes(&text, &diagnostics),
            embed(russian),
            "{mangled}"
        );
        assert!(
            diagnostics
                .iter()
                .all(|d| d.fix.as_ref().unwrap().applicability == Applicability::Unsafe)
        );
    }
    let r = report("Il est allÃ© Ã  la plage, voilÃ .");
    let fixed: Vec<&str> = r.iter().map(|(_, f, _)| f.as_str()).collect();
    assert_eq!(fixed, ["allé à", "voilà"]);
    assert_eq!(
        report("Family ðŸ‘¨â€ðŸ‘©â€ðŸ‘§ lost its joiners")[0].1,
        "👨\u{200D}👩\u{200D}👧"
    );
    assert!(report("IRMÃ E AMANHÃ  DE MANHÃ").is_empty());
}

#[test]
fn hostile_input_does_not_panic() {
    let linter = linter();
    let pieces = [
        "Ã", "â€", "Ð", "√", "\u{81}", "\u{FFFD}", "é", "a", " ", "\n", "😀", "вЂ",
    ];
    let mut text = String::new();
    for i in 0..2000usize {
        text.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
    }
    let _ = linter.lint_str(&text);
    let _ = linter.lint_str("â€");
    let _ = linter.lint_str("Ã");
    let _ = linter.lint_str("\u{FEFF}ï»¿");
}

/// Each non-ASCII word mangled on its own inside clean English: the hard case, with no other
/// mojibake in the paragraph to lean on.
#[test]
fn single_mangled_words_are_found() {
    let linter = linter();
    let mut words: Vec<&str> = SENTENCES
        .iter()
        .flat_map(|s| s.split_whitespace())
        .filter(|w| !w.is_ascii())
        .collect();
    words.sort_unstable();
    words.dedup();
    let (mut total, mut found, mut wrong) = (0, 0, Vec::new());
    let mut misses = Vec::new();
    for (name, decode) in readings() {
        for &word in &words {
            let Some(mangled) = decode(word.as_bytes()) else {
                continue;
            };
            total += 1;
            let text = embed(&mangled);
            let diagnostics = linter.lint_str(&text);
            if diagnostics.is_empty() {
                misses.push(format!("{name}: {word} as {mangled:?}"));
                continue;
            }
            found += 1;
            let fixed = apply_fixes(&text, &diagnostics);
            let safe = diagnostics.iter().all(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            });
            if safe && fixed != embed(word) {
                wrong.push(format!("{name}: {word} became {fixed:?}"));
            }
        }
    }
    println!(
        "single words: detected {found}/{total} = {:.1}%",
        100.0 * found as f64 / total as f64
    );
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(found as f64 >= 0.9 * total as f64);
}
