//! `boilerplate` through the public API, with the built-in `Junk.BoilerplateBlock` rule: exact
//! spans (the first line's start to the last line's end), messages, and the prose it must leave
//! alone.

use crate::util::shipped_rule;
use copydesk::{Diagnostic, Linter, SourceFile};

fn linter() -> Linter {
    shipped_rule("Junk", "BoilerplateBlock")
}

fn lint(text: &str) -> Vec<Diagnostic> {
    linter().lint_str(text)
}

/// The range from the start of `first` to the end of `last`, both found in `text`.
fn between(text: &str, first: &str, last: &str) -> std::ops::Range<usize> {
    let start = text.find(first).expect("first line in text");
    let end = text.rfind(last).expect("last line in text") + last.len();
    start..end
}

fn assert_silent(text: &str) {
    let found = lint(text);
    assert!(found.is_empty(), "{text:?}\n{found:#?}");
}

const BEFORE: &str = "The council approved the budget on Tuesday after a long debate about \
                      the cost of the new library.\n\n";
const AFTER: &str = "\n\nThe library is expected to open in the spring of next year, the council \
                     said in a statement.\n";

#[test]
fn helpline_list_with_its_lead_in() {
    let block = "If this story has raised issues for you, these services can help:\n\n\
                 Samaritans: Telephone 116 123, 24 hours a day\n\n\
                 Childline: 0800 1111. Calls are free\n\n\
                 PAPYRUS: A charity for young people. Telephone 0800 068 4141\n\n\
                 Mind: visit the website or email the helpline";
    let text = format!("{BEFORE}{block}{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].span,
        between(&text, "If this story", "email the helpline")
    );
    assert_eq!(
        found[0].message,
        "These 5 lines look like a scraped helpline or contact list, not article text: 4 of 5 \
         lines have phone numbers or contact words, 1 is link text or a menu item, 4 lack end \
         punctuation."
    );
}

#[test]
fn helpline_list_without_blank_lines() {
    let block = "Samaritans: 116 123 (24 hours a day)\n\
                 Childline: 0800 1111\n\
                 Shelter helpline: 0808 800 4444";
    let text = format!("{BEFORE}{block}{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Samaritans", "800 4444"));
}

#[test]
fn link_menu() {
    let block = "Home\nNews\nSport\nWeather\nContact us\nSign in";
    let text = format!("{BEFORE}{block}{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Home", "Sign in"));
    assert!(
        found[0]
            .message
            .starts_with("These 6 lines look like a scraped link list or menu"),
        "{}",
        found[0].message
    );
}

#[test]
fn separated_menu_and_share_bar() {
    let block = "Home | News | Sport | Business\n\nShare\n\nTweet\n\nEmail";
    let text = format!("{BEFORE}{block}{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Home |", "Email"));
}

#[test]
fn recommendation_heading_and_its_headlines() {
    let block = "Most read\n\nBarcelona confirm injury to midfielder\n\n\
                 Transfer window: the five signings that could change La Liga\n\n\
                 Real Madrid’s youth academy in numbers";
    let text = format!("{BEFORE}{block}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Most read", "in numbers"));
}

#[test]
fn counter_byline_and_timestamp_cluster() {
    let block = "By Jane Doe\n12 March 2021, 10:42\nUpdated 3 hours ago\n\n3 likes · 71 comments\n\
                 1.2K views";
    let text = format!("{BEFORE}{block}{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "By Jane Doe", "1.2K views"));
    assert_eq!(
        found[0].message,
        "These 5 lines look like scraped page metadata, not article text: 5 of 5 lines are \
         bylines, dates, counters, tags or photo credits, 5 lack end punctuation."
    );
}

#[test]
fn page_header_below_the_title() {
    // The title has no end mark either, but it is the article's, not the page's.
    let text = "Freiburg doubles heat pump grants as demand outstrips budget\n\n\
                By Katrin Vogel | 14 February 2024, 09:15\n\n\
                Photo: dpa/Patrick Seeger\n\n\
                3 min read\n\n\
                The city of Freiburg will double the grant available to homeowners.\n";
    let found = lint(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(text, "By Katrin", "3 min read"));
}

#[test]
fn tag_and_category_lines() {
    let block = "Tags: cloud, fintech, funding, Series B\n\nPosted in Business, Technology\n\n\
                 Filed under: Startups";
    let text = format!("{BEFORE}{block}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Tags:", "Startups"));
}

#[test]
fn photo_credit_line_alone() {
    let text = format!("{BEFORE}Photo: Reuters/John Smith{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].span,
        between(&text, "Photo:", "Reuters/John Smith")
    );
    assert_eq!(
        found[0].message,
        "This line looks like a photo credit, not article text: it credits a picture that is no \
         longer there."
    );
    for credit in [
        "Image credit: NASA/JPL-Caltech",
        "(Getty Images)",
        "AFP via Getty Images",
        "Protesters outside parliament on Saturday. Photograph: Tom Jamieson/The Guardian",
    ] {
        let text = format!("{BEFORE}{credit}{AFTER}");
        let found = lint(&text);
        assert_eq!(found.len(), 1, "{credit}: {found:#?}");
        assert_eq!(found[0].span, between(&text, credit, credit), "{credit}");
    }
}

#[test]
fn photo_credit_and_timestamp_pair() {
    let block = "Photo: Daniel Ortiz for Commute Weekly\n\nUpdated: 14 June 2024, 16:05";
    let text = format!("{BEFORE}{block}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Photo:", "16:05"));
}

#[test]
fn counter_line_alone() {
    let text = format!("{BEFORE}71 comments{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "71 comments", "71 comments"));
}

#[test]
fn paywall_notice() {
    let block = "You have 4 free articles left this month.\n\n\
                 Subscribe to continue reading\n\n\
                 Already a subscriber? Sign in";
    let text = format!("{BEFORE}{block}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "You have 4", "Sign in"));
    assert!(
        found[0]
            .message
            .contains("3 of 3 lines are paywall, cookie or newsletter notices"),
        "{}",
        found[0].message
    );
    // One line is enough for a paywall notice.
    let text = format!("{BEFORE}Subscribe to continue reading{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "This line looks like a paywall notice, not article text: it asks the reader to \
         subscribe or sign in."
    );
}

#[test]
fn newsletter_and_cookie_notices_make_a_block() {
    let block = "Sign up for our newsletter\n\nEnter your email\n\n\
                 You can unsubscribe at any time\n\nThis site uses cookies";
    let text = format!("{BEFORE}{block}{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(&text, "Sign up", "uses cookies"));
}

#[test]
fn crlf_line_ends() {
    let text = "The council met on Tuesday.\r\n\r\nHome\r\nNews\r\nContact us\r\nSign in\r\n\r\n\
                The meeting ended at noon.\r\n";
    let found = lint(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span, between(text, "Home", "Sign in"));
}

#[test]
fn markdown_link_list() {
    let text = "# Ignoring files\n\nAdd the pattern to the file and commit it.\n\n\
                Related posts\n\n\
                - [Git hooks for .NET projects](/blog/git-hooks)\n\
                - [Speeding up pip installs in CI](/blog/pip-ci)\n\
                - [Monorepos: a field guide](/blog/monorepo)\n";
    let found = linter().lint(&SourceFile::from_text("post.md", text));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].span,
        between(text, "Related posts", "a field guide")
    );
}

#[test]
fn the_seed_sidebar() {
    let path = "tests/fixtures/seed-article.txt";
    let source = SourceFile::new(path, std::fs::read(path).unwrap()).unwrap();
    let found = linter().lint(&source);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(source.position(found[0].span.start), (24, 1));
    let text = source.text();
    assert_eq!(
        found[0].span,
        between(text, "You don’t have to suffer", "hotline: 0800 58 58 58")
    );
    assert_eq!(
        found[0].message,
        "These 8 lines look like a scraped helpline or contact list, not article text: 6 of 8 \
         lines have phone numbers or contact words, 4 are link text or menu items, 7 lack end \
         punctuation."
    );
}

#[test]
fn headings_followed_by_prose() {
    assert_silent(
        "Introduction\n\nThe study began in 2019 and ran for three years in four cities.\n\n\
         Methods\n\nWe interviewed 200 people and called each of them again a year later.\n\n\
         Results\n\nMost said the new website had made it easier to contact the council.\n\n\
         Contact\n\nQuestions about the study can be sent to the research office.\n",
    );
}

#[test]
fn bullet_list_of_full_sentences() {
    assert_silent(
        "Before you go:\n\n\
         - Call your doctor if the symptoms last more than a week.\n\
         - Visit the council website to check the opening hours.\n\
         - Email the school office if your child will be absent.\n\
         - Phone the helpline on 0800 123 4567 if you need advice.\n",
    );
}

#[test]
fn table_of_contents() {
    assert_silent(
        "Contents\n\n1. Introduction\n2. Background\n3. Methods\n4. Results\n5. Discussion\n\
         6. References\n7. Contact\n8. About the authors\n",
    );
    assert_silent(
        "TERMS AND CONDITIONS\n\n0. Definitions.\n1. Source Code.\n2. Basic Permissions.\n\
         3. Protecting Users' Legal Rights From Anti-Circumvention Law.\n",
    );
}

#[test]
fn recipe_ingredients() {
    assert_silent(
        "Ingredients\n\n2 cups flour\n1 tsp salt\n3 eggs\n200 g butter\n1 cup milk\n\
         2 tbsp sugar\n\nMix the flour and salt, then beat in the eggs one at a time.\n",
    );
}

#[test]
fn poem() {
    assert_silent(
        "Whose woods these are I think I know\nHis house is in the village though\n\
         He will not see me stopping here\nTo watch his woods fill up with snow\n\n\
         My little horse must think it queer\nTo stop without a farmhouse near\n\
         Between the woods and frozen lake\nThe darkest evening of the year\n",
    );
}

#[test]
fn licence_header_and_address() {
    assert_silent(
        "                    GNU GENERAL PUBLIC LICENSE\n\
                            Version 2, June 1991\n\n \
         Copyright (C) 1989, 1991 Free Software Foundation, Inc.,\n \
         51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA\n \
         Everyone is permitted to copy and distribute verbatim copies\n \
         of this license document, but changing it is not allowed.\n\n\
         a) You must cause the modified files to carry prominent notices\n\
         stating that you changed the files and the date of any change.\n",
    );
}

#[test]
fn letter_heading_and_article_header() {
    // An address and a date, or a byline and a date over an article: legitimate on their own.
    assert_silent(
        "Jane Doe\n12 Oak Street\nLondon\n12 March 2021\n\nDear Sir,\n\n\
         I am writing about the closure of the library.\n",
    );
    assert_silent("By Jane Doe\n12 March 2021\n\nThe council approved the budget on Tuesday.\n");
}

#[test]
fn directions_headings() {
    assert_silent(
        "Getting there\n\nBy Car\n\nTake the A40 and follow the signs for the museum.\n\n\
         By Train\n\nThe station is a ten-minute walk from the entrance.\n\n\
         By Bus\n\nLines 12 and 14 stop outside.\n",
    );
}

#[test]
fn prose_that_mentions_furniture() {
    assert_silent(
        "Anyone affected can call the helpline on 0800 123 4567, the council said.\n\n\
         The paper said readers have four free articles left each month before they must \
         subscribe to continue reading, a model many local titles have copied.\n\n\
         The post had 71 comments and 1.2K views within an hour.\n",
    );
}

#[test]
fn no_panic_on_odd_input() {
    let long_digits = "0".repeat(100_000);
    let long_line = "word ".repeat(200_000);
    let inputs = [
        "",
        "\n",
        "\r\n\r\n",
        ":",
        "+(",
        "((((((((((((((((((((",
        "+44 (0) 20 7946 0958 +44 (0) 20 7946 0958",
        "By",
        "Photo:",
        "Tags:",
        "1.2K",
        "Comments (",
        "Updated 10:",
        "12.03.",
        "é:ü 0800 1111 ö",
        "日本語のテキスト 0800 1111\n電話: 03-1234-5678\nホーム\n",
        "\u{feff}Home\u{a0}\nNews\u{2028}\nSign in\r",
        long_digits.as_str(),
        long_line.as_str(),
    ];
    for input in inputs {
        let _ = lint(input);
    }
}

#[test]
fn linear_on_a_large_document() {
    // A megabyte of short lines: must come back at once, with one block per menu.
    let menu = "Home\nNews\nContact us\nSign in\n\nThe council met on Tuesday to discuss the \
                budget, and the mayor said the library would open in the spring.\n\n";
    let text = menu.repeat(1 << 20 >> 6);
    let found = lint(&text);
    assert_eq!(found.len(), text.matches("Home").count());
}

// The page-chrome score: runs of units that no hand-written signal names, reported once with
// the features that pushed them furthest, and a fix only where the run is whole paragraphs.

#[test]
fn the_chrome_score_reports_a_run_with_its_reasons() {
    let text = "Cheap Hotels in Koh Phangan\nHotel | 7.1 km\nfrom 15.16 GBP\n| |\n\
                Haad Yao Bayview Resort is the 3-star resort on the hill above the beach, with \
                a view of the sea.\n";
    let found = lint(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.span, between(text, "Hotel | 7.1 km", "| |"));
    assert_eq!(
        d.message,
        "These 2 lines look like page chrome, not article text: table or menu residue, menu \
         separators, at the start or end of the page (chrome score 1.00)."
    );
    // Lines inside a paragraph: deleting them is not offered.
    assert!(d.fix.is_none());
}

#[test]
fn a_row_of_links_above_prose_is_chrome_and_a_whole_block_gets_an_unsafe_fix() {
    let text = format!("{BEFORE}My Account | Sign Out{AFTER}");
    let found = lint(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.span, between(&text, "My Account", "Sign Out"));
    assert!(
        d.message.starts_with("This line looks like page chrome"),
        "{}",
        d.message
    );
    let fix = d.fix.as_ref().expect("a whole paragraph has a fix");
    assert_eq!(
        fix.applicability,
        copydesk::diagnostic::Applicability::Unsafe
    );
    // The line and the blank line after it go; one blank line stays between the paragraphs.
    let start = text.find("My Account").unwrap();
    assert_eq!(
        (fix.edits[0].start, fix.edits[0].end),
        (start, start + "My Account | Sign Out\n\n".len())
    );
}

#[test]
fn a_rule_without_weights_has_no_score() {
    let yaml = "extends: boilerplate\nmessage: \"%s like %s, not article text: %s.\"\n\
                level: warning\ndescription: d\n";
    let rule = copydesk::rules::parse_rule("Block.yaml", "House", "Block", yaml).unwrap();
    let linter = Linter::new(vec![rule]).unwrap();
    let text = "Cheap Hotels in Koh Phangan\nHotel | 7.1 km\nfrom 15.16 GBP\n| |\n";
    assert!(linter.lint_str(text).is_empty());
    let bad = format!("{yaml}weights: {{wrods: 1.0}}\n");
    let err = copydesk::rules::parse_rule("Block.yaml", "House", "Block", &bad).unwrap_err();
    assert!(err.to_string().contains("unknown feature `wrods`"), "{err}");
}
