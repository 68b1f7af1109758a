//! Markdown and HTML sources: only prose is linted, spans point at the exact source bytes, and
//! suppression comments work.

use crate::util::builtin as linter;
use copydesk::SourceFile;
use copydesk::suppress::UNUSED_SUPPRESSION;
use std::ops::Range;

/// Rule id and byte span of every finding, by position: those folded into another rule's
/// diagnostic too, since what is pinned here is where each rule points in the file.
fn lint(path: &str, text: &str) -> Vec<(String, Range<usize>)> {
    let source = SourceFile::new(path, text.as_bytes().to_vec()).expect("text file");
    let mut found: Vec<(String, Range<usize>)> = linter()
        .lint(&source)
        .iter()
        .flat_map(|d| d.findings())
        .map(|f| (f.rule.to_string(), f.span.clone()))
        .collect();
    found.sort_by_key(|(rule, span)| (span.start, span.end, rule.clone()));
    found
}

/// Byte range of the `n`th (0-based) occurrence of `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> Range<usize> {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("occurrence {n} of {needle:?}"))
        .0;
    start..start + needle.len()
}

fn first(text: &str, needle: &str) -> Range<usize> {
    nth(text, needle, 0)
}

fn d(rule: &str, span: Range<usize>) -> (String, Range<usize>) {
    (rule.to_string(), span)
}

#[test]
fn markdown_junk_in_prose_is_flagged_at_its_bytes() {
    let md = "# Results\n\n\
              Write to *[email protected]* for help.\n\n\
              A website for bullying children and adults. click Here\n\n\
              said Andy Burrows, director at NSPCC .\n\n\
              Leave a Comment\n";
    assert_eq!(
        lint("post.md", md),
        [
            d("Junk.EmailPlaceholder", 21..38),
            d("Junk.LinkText", 95..105),
            d("Translation.MidSentenceCapital", 101..105),
            d("Typography.SpaceBeforePunctuation", 143..145),
            d("Junk.CommentWidget", 147..162),
        ]
    );
    assert_eq!(&md[21..38], "[email protected]");
    assert_eq!(&md[95..105], "click Here");
    assert_eq!(&md[143..145], " .");
    assert_eq!(&md[147..162], "Leave a Comment");
}

#[test]
fn markdown_fixes_apply_to_the_source() {
    let md = "Intro *text* here.\n\nsaid the director at **NSPCC** .\n";
    let source = SourceFile::new("post.md", md.as_bytes().to_vec()).unwrap();
    let diagnostics = linter().lint(&source);
    assert_eq!(diagnostics.len(), 1);
    let fix = diagnostics[0]
        .fix
        .as_ref()
        .expect("an exact edit keeps its fix");
    assert_eq!(fix.edits.len(), 1);
    let e = &fix.edits[0];
    assert_eq!((e.start, e.end, e.replacement.as_str()), (50, 51, ""));
    assert_eq!(&md[48..52], "** .");

    // Both maps compose: a BOM shifts the edit by three bytes, an entity drops it.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(md.as_bytes());
    let diagnostics = linter().lint(&SourceFile::new("post.md", bom).unwrap());
    let e = &diagnostics[0].fix.as_ref().unwrap().edits[0];
    assert_eq!((e.start, e.end), (53, 54));
    let html = "<p>NSPCC&#32;.</p>";
    let diagnostics =
        linter().lint(&SourceFile::new("page.html", html.as_bytes().to_vec()).unwrap());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].span, 8..14);
    assert!(diagnostics[0].fix.is_none());
}

#[test]
fn markdown_non_prose_is_not_flagged() {
    let md = "---\n\
              title: Contact [email protected] or click here\n\
              author: click here\n\
              tags: [Leave a Comment, \"[email protected]\"]\n\
              ---\n\n\
              Inline `click here` and `[email protected]` and `&amp;amp;` code, a \
              [link](https://x.org/?q=click%20here&amp;amp;x \"click here\") and \
              <https://x.org/?a=1&amp;amp;b=2>.\n\n\
              ```text\nclick here\n[email protected]\nLeave a Comment\n```\n\n\
              \x20   click here\n\
              \x20   Leave a Comment\n\n\
              <!-- click here [email protected] -->\n\n\
              <div title=\"click here\" data-mail=\"[email protected]\">\n</div>\n\n\
              Some <span class=\"click here\">inline html</span> text.\n";
    let title_mail = nth(md, "[email protected]", 0);
    let title_click = nth(md, "click here", 0);
    assert_eq!(
        lint("post.md", md),
        [
            d("Junk.EmailPlaceholder", title_mail.clone()),
            d("Junk.LinkText", title_click.clone()),
        ]
    );
    assert_eq!((title_mail.start, title_click.start), (19, 40));
}

#[test]
fn markdown_quotation_over_two_paragraphs_is_balanced() {
    let md = "He said:\n\n\
              > “We are building strict measures into our plans.\n>\n\
              > “They will work,” he said.\n\n\
              “One more paragraph.\n\n“And the last one.”\n";
    assert_eq!(lint("post.md", md), []);
    // The same text with the quotation left open is reported.
    let open =
        "> “We are building strict measures into our plans.\n>\n> They will work, he said.\n";
    assert_eq!(
        lint("post.md", open),
        [d("Quotes.Balance", first(open, "“"))]
    );
}

#[test]
fn markdown_heading_is_not_part_of_the_next_sentence() {
    assert_eq!(lint("post.md", "# Results\n\nHere we go\n"), []);
    assert_eq!(lint("post.md", "# Results\nHere we go\n"), []);
    assert_eq!(lint("post.md", "Results\n=======\nHere we go\n"), []);
    // Run together, the capital would be mid-sentence.
    let joined = "the results Here we go\n";
    assert_eq!(
        lint("post.txt", joined),
        [d("Translation.MidSentenceCapital", first(joined, "Here"))]
    );
}

#[test]
fn html_text_is_flagged_at_its_bytes() {
    let html = "<!DOCTYPE html>\n\
                <html><head><title>Contact [email&#160;protected]</title>\n\
                <style>p::after { content: \"click here\"; }</style>\n\
                <script>var s = \"[email protected] click here\";</script>\n\
                </head>\n<body>\n<section>\n<h1>Results</h1>\n\
                <p>Write to <a href=\"/cdn-cgi/l/email-protection\">[email&#160;protected]</a> for help.</p>\n\
                <p>Smith &amp;amp; Jones said the children&#8217;s charity works. click Here</p>\n\
                <p title=\"click here\" data-x=\"[email protected]\">Attributes are not prose.</p>\n\
                <!-- click here [email protected] -->\n\
                <pre>click here\n  [email protected]</pre>\n\
                <p>Run <code>click here</code> now, at NSPCC&nbsp;. Or <b>NSPCC</b> .</p>\n\
                <p>Leave a Comment</p>\n\
                </section>\n</body></html>\n";
    assert_eq!(
        lint("page.html", html),
        [
            d("Junk.EmailPlaceholder", 43..65),
            d("Junk.EmailPlaceholder", 274..296),
            d("Junk.HtmlEntity", 324..333),
            d("Junk.LinkText", 381..391),
            d("Translation.MidSentenceCapital", 387..391),
            d("Typography.SpaceBeforePunctuation", 622..624),
            d("Junk.CommentWidget", 632..647),
        ]
    );
    assert_eq!(&html[43..65], "[email&#160;protected]");
    assert_eq!(&html[274..296], "[email&#160;protected]");
    assert_eq!(&html[324..333], "&amp;amp;");
    assert_eq!(&html[381..391], "click Here");
    assert_eq!(&html[622..624], " .");
    assert_eq!(&html[632..647], "Leave a Comment");
}

#[test]
fn html_entities_with_multibyte_text() {
    let html = "<p>Ça va — écrivez à [email&nbsp;protected] “merci”</p>";
    let span = first(html, "[email&nbsp;protected]");
    assert_eq!(lint("page.htm", html), [d("Junk.EmailPlaceholder", span)]);
    // Upper-case extensions are HTML too; a `.txt` file is plain text, where the entity is junk.
    assert_eq!(
        lint("PAGE.HTML", html),
        [d(
            "Junk.EmailPlaceholder",
            first(html, "[email&nbsp;protected]")
        )]
    );
    assert!(
        lint("page.txt", html)
            .iter()
            .any(|(rule, _)| rule == "Junk.HtmlTag")
    );
}

#[test]
fn suppress_disable_enable_with_rule_ids() {
    let md = "You can click here first to read the whole report on the council.\n\n\
              <!-- copydesk-disable Junk.LinkText -->\n\n\
              Readers may click here inside the story and write to [email protected] too.\n\n\
              <!-- copydesk-enable Junk.LinkText -->\n\n\
              Those who click here after the vote will find the minutes of the meeting.\n";
    assert_eq!(
        lint("post.md", md),
        [
            d("Junk.LinkText", nth(md, "click here", 0)),
            d("Junk.EmailPlaceholder", first(md, "[email protected]")),
            d("Junk.LinkText", nth(md, "click here", 2)),
        ]
    );
}

#[test]
fn suppress_disable_enable_all_rules() {
    let md = "<!-- copydesk-disable -->\n\
              click here and [email protected].\n\
              <!-- copydesk-enable -->\n\n\
              click here again.\n";
    assert_eq!(
        lint("post.md", md),
        [d("Junk.LinkText", nth(md, "click here", 1))]
    );
    // Without an `enable` the region runs to the end of the file.
    let md = "Text.\n\n<!-- copydesk-disable -->\n\nclick here.\n\nclick here.\n";
    assert_eq!(lint("post.md", md), []);
}

#[test]
fn suppress_by_pack_name() {
    let md = "<!-- copydesk-disable Junk -->\n\n\
              click here, [email protected] and NSPCC .\n";
    assert_eq!(
        lint("post.md", md),
        [d("Typography.SpaceBeforePunctuation", first(md, " ."))]
    );
}

#[test]
fn suppress_next_line() {
    let md = "Intro.\n\n<!-- copydesk-disable-next-line Junk.LinkText -->\n\n\
              click here is covered.\n\
              click here is not.\n";
    assert_eq!(
        lint("post.md", md),
        [d("Junk.LinkText", nth(md, "click here", 1))]
    );
    // In HTML, on the same line as text.
    let html =
        "<p>x</p><!-- copydesk-disable-next-line -->\n\n<p>click here</p>\n<p>click here</p>\n";
    assert_eq!(
        lint("page.html", html),
        [d("Junk.LinkText", nth(html, "click here", 1))]
    );
}

#[test]
fn suppress_whole_file() {
    let md = "click here and [email protected].\n\n\
              <!-- copydesk-disable-file Junk.EmailPlaceholder, Junk.LinkText -->\n";
    assert_eq!(lint("post.md", md), []);
    let html = "<p>click here</p><!-- copydesk-disable-file -->";
    assert_eq!(lint("page.html", html), []);
}

#[test]
fn unused_suppressions_are_reported_at_the_comment() {
    let md = "Clean text.\n\n\
              <!-- copydesk-disable Quotes.Balance -->\n\n\
              More clean text, and click here.\n\n\
              <!-- copydesk-disable-next-line -->\n\
              Clean.\n\n\
              <!-- copydesk-disable-file Junk.LinkText, Junk.ReadMore -->\n";
    let source = SourceFile::new("post.md", md.as_bytes().to_vec()).unwrap();
    let found: Vec<(String, Range<usize>, String)> = linter()
        .lint(&source)
        .into_iter()
        .map(|d| (d.rule.to_string(), d.span, d.message))
        .collect();
    assert_eq!(
        found,
        [
            (
                UNUSED_SUPPRESSION.to_string(),
                first(md, "<!-- copydesk-disable Quotes.Balance -->"),
                "this suppression of Quotes.Balance suppresses nothing".to_string()
            ),
            (
                UNUSED_SUPPRESSION.to_string(),
                first(md, "<!-- copydesk-disable-next-line -->"),
                "this suppression of all rules suppresses nothing".to_string()
            ),
            (
                UNUSED_SUPPRESSION.to_string(),
                first(
                    md,
                    "<!-- copydesk-disable-file Junk.LinkText, Junk.ReadMore -->"
                ),
                "this suppression of Junk.ReadMore suppresses nothing".to_string()
            ),
        ]
    );
}

#[test]
fn comments_in_code_are_not_directives() {
    let md = "```html\n<!-- copydesk-disable-file -->\n```\n\nclick here.\n";
    assert_eq!(
        lint("post.md", md),
        [d("Junk.LinkText", first(md, "click here"))]
    );
    // In a plain-text file a comment is just text.
    let txt = "<!-- copydesk-disable-file -->\nclick here.\n";
    assert!(
        lint("notes.txt", txt)
            .iter()
            .any(|(rule, _)| rule == "Junk.LinkText")
    );
}

#[test]
fn invalid_utf8_and_bom_compose_with_markup() {
    // A BOM shifts every offset by three bytes; an invalid byte is reported on its own.
    let mut bytes = b"\xEF\xBB\xBF# T\xFFtle\n\nWrite to *[email protected]*.\n".to_vec();
    let source = SourceFile::new("post.md", bytes.clone()).unwrap();
    let found: Vec<(String, Range<usize>)> = linter()
        .lint(&source)
        .into_iter()
        .map(|d| (d.rule.to_string(), d.span))
        .collect();
    assert_eq!(
        found,
        [
            d("Core.InvalidUtf8", 6..7),
            d("Junk.EmailPlaceholder", 22..39)
        ]
    );
    assert_eq!(&bytes[22..39], b"[email protected]");
    bytes.truncate(3);
    assert!(
        linter()
            .lint(&SourceFile::new("post.md", bytes).unwrap())
            .is_empty()
    );
}

#[test]
fn broken_markup_lints_without_panicking() {
    let cases = [
        "<p class=\"never closed",
        "<script>var x = 1;",
        "<!-- copydesk-disable",
        "<title>[email&#160;protected]",
        "a < b & c > d &amp",
        "</p></div><p><code>x",
        "é<ü>ß&#x110000;&#0;&#128;",
    ];
    for c in cases {
        lint("page.html", c);
        lint("post.md", c);
    }
    let title = "<title>[email&#160;protected]";
    assert_eq!(
        lint("page.html", title),
        [d("Junk.EmailPlaceholder", 7..title.len())]
    );
}

#[test]
fn random_markup_lints_without_panicking() {
    const FRAGMENTS: &[&str] = &[
        "<",
        ">",
        "&",
        "amp;",
        "&#160;",
        "&amp;amp;",
        "é",
        "“",
        "”",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "<!--",
        "-->",
        "<!-- copydesk-disable -->",
        "<!-- copydesk-enable Junk -->",
        "<!-- copydesk-disable-next-line Junk.LinkText -->",
        "<!-- copydesk-disable-file Quotes -->",
        "<p>",
        "</p>",
        "<code>",
        "</code>",
        "<script>",
        "</script>",
        "`",
        "```\n",
        "*",
        "[",
        "](",
        ")",
        "> ",
        "- ",
        "# ",
        "---\n",
        "title: ",
        "click here",
        "[email protected]",
        "NSPCC .",
        "Leave a Comment",
        "\u{FFFD}",
        "word",
        ".",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..400 {
        let len = (next() % 30) as usize;
        let text: String = (0..len)
            .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
            .collect();
        for path in ["f.md", "f.html"] {
            for (rule, span) in lint(path, &text) {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{rule} {span:?} in {path}: {text:?}"
                );
            }
        }
    }
}

/// A news page: navigation, a cookie banner, the article with a share bar and a comment form
/// inside it, a footer. Junk everywhere outside the article's prose.
const PAGE: &str = "<!DOCTYPE html>\n\
    <html><head><title>Bridge vote | Example News</title></head>\n<body>\n\
    <nav><a href=\"/\">Home</a> Leave a Comment</nav>\n\
    <div class=\"banner\">We use cookies to improve your experience.</div>\n\
    <main>\n<article class=\"story\" itemprop=\"articleBody\">\n\
    <h1>The council voted</h1>\n\
    <p>The council voted on Monday to close the the old bridge.</p>\n\
    <aside>Share this article: Facebook Twitter</aside>\n\
    <p>Residents said they were “surprised.</p>\n\
    <form><p>Leave a Comment</p></form>\n\
    </article>\n<p>Leave a Comment</p>\n</main>\n\
    <footer>© 2024 Example News. All rights reserved.</footer>\n</body></html>\n";

/// Issue #24: an HTML page is linted where its article is, the first element that `article`,
/// `main` or `[itemprop=articleBody]` matches (in that order), less its `nav`, `aside`,
/// `footer` and `form`; the findings keep their bytes in the page.
#[test]
fn an_html_page_is_linted_in_its_content_root() {
    assert_eq!(
        lint("page.html", PAGE),
        [
            d("Translation.RepeatedWord", first(PAGE, "the the")),
            d("Quotes.Balance", first(PAGE, "“")),
        ]
    );
    // Without a root (a page with no such element) the page is linted whole, as before.
    let plain = PAGE
        .replace("<main>", "<div>")
        .replace("</main>", "</div>")
        .replace(
            "<article class=\"story\" itemprop=\"articleBody\">",
            "<div>",
        )
        .replace("</article>", "</div>");
    let rules: Vec<String> = lint("page.html", &plain)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    for rule in [
        "Junk.CommentWidget",
        "Junk.CookieNotice",
        "Junk.WidgetLabel",
        "Junk.CopyrightFooter",
    ] {
        assert!(rules.iter().any(|r| r == rule), "{rule}: {rules:?}");
    }
}

/// The root is an element, not a string: tags in comments, scripts and attribute values are
/// not one; an element of the same name nested in the root does not end it; a root never
/// closed runs to the end of the page.
#[test]
fn the_content_root_is_found_as_the_tokenizer_reads_tags() {
    let page = "<!-- <article> --><script>var s = \"<article>\";</script>\n\
                <p data-x=\"<article>\">Leave a Comment</p>\n\
                <div><article><div><p>Inner text.</p></div>\n\
                <p>We use cookies to improve your experience.</p></article>\n\
                <p>Leave a Comment</p></div>\n";
    // The notice's line also scores as page chrome: a block of one line, folded into the
    // notice it holds.
    let notice = first(page, "We use cookies");
    let line = first(page, "We use cookies to improve your experience.");
    assert_eq!(
        lint("page.html", page),
        [
            d("Junk.CookieNotice", notice),
            d("Junk.BoilerplateBlock", line)
        ]
    );
    let unclosed = "<p>Leave a Comment</p><article><p>The the end.</p>\n";
    assert_eq!(
        lint("page.html", unclosed),
        [d("Translation.RepeatedWord", first(unclosed, "The the"))]
    );
}

/// `html:` in copydesk.yaml sets the roots and the skipped elements; `--html-root` and
/// `--html-skip` replace them for one run, and `--html-root ''` lints pages whole.
#[test]
fn the_content_root_is_configured_and_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<div class=\"post-body extra\"><p>Leave a Comment</p>\
                <figure>click Here</figure><p>Fine text.</p></div>\
                <p>We use cookies to improve your experience.</p>\n";
    crate::util::write(dir.path(), "page.html", page);
    crate::util::write(
        dir.path(),
        "copydesk.yaml",
        "html:\n  root: [\"div.post-body\"]\n  skip: [figure]\n",
    );
    let concise = |extra: &[&str]| {
        let mut cmd = crate::util::copydesk_in(dir.path());
        cmd.args(["check", "--format", "concise", "--color", "never"])
            .args(extra)
            .arg("page.html");
        crate::util::stdout(&mut cmd, 1)
    };
    assert_eq!(
        concise(&[]),
        "page.html:1:33: error: Comment-form text 'Leave a Comment' was scraped with the article: \
         delete the line. [Junk.CommentWidget]\n"
    );
    let whole = concise(&["--html-root", ""]);
    assert!(whole.contains("[Junk.CookieNotice]"), "{whole}");
    assert!(whole.contains("[Junk.LinkText]"), "{whole}");
    let other = concise(&["--html-root", "[class=none]", "--html-root", "p"]);
    assert_eq!(other.lines().count(), 1, "{other}");
    assert!(other.starts_with("page.html:1:33:"), "{other}");
}

/// A selector copydesk cannot match is an error that says why: in the config at its place, on
/// the command line as a usage error; nothing is linted.
#[test]
fn a_bad_content_root_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::write(dir.path(), "page.html", "<p>Text.</p>\n");
    crate::util::write(
        dir.path(),
        "copydesk.yaml",
        "html:\n  root: [\"main > div\"]\n",
    );
    let err = crate::util::stderr(
        crate::util::copydesk_in(dir.path()).args(["check", "page.html"]),
        2,
    );
    assert!(
        err.contains(
            "html root `main > div`: only one element is matched: combinators and lists \
                      are not supported"
        ),
        "{err}"
    );
    assert!(err.contains("copydesk.yaml:2:"), "{err}");
    std::fs::remove_file(dir.path().join("copydesk.yaml")).unwrap();
    let err = crate::util::stderr(
        crate::util::copydesk_in(dir.path()).args(["check", "--html-skip", "<nav>", "page.html"]),
        2,
    );
    assert_eq!(
        err,
        "error: html skip `<nav>`: an element name such as `nav`\n"
    );
}

/// A page linted whole (no content root): the text of each `nav`, `aside` and `footer` is one
/// page-furniture finding, which holds the finer findings of its pack; the article stays silent.
#[test]
fn furniture_elements_of_a_page_linted_whole_are_one_finding_each() {
    let page = "<html><body><nav><a href=\"/\">Home</a>\n<a href=\"/news\">News</a>\n\
                <ul><li>Sport</li><li>Weather</li></ul></nav>\n\
                <p>The council met on Tuesday to discuss the budget, and the mayor said the \
                library would open in the spring.</p>\n\
                <footer><p>We use cookies to improve your experience.</p>\n\
                <p>About the paper</p></footer></body></html>\n";
    let source = SourceFile::new("page.html", page.as_bytes().to_vec()).unwrap();
    let found = linter().lint(&source);
    let shown: Vec<(&str, Range<usize>, &str)> = found
        .iter()
        .map(|d| (&*d.rule, d.span.clone(), d.message.as_str()))
        .collect();
    let message = "These 4 lines look like the page's navigation, sidebar or footer, not article \
                   text: the page's markup puts them in a `nav`, `aside` or `footer` element.";
    let footer = "These 2 lines look like the page's navigation, sidebar or footer, not article \
                  text: the page's markup puts them in a `nav`, `aside` or `footer` element.";
    assert_eq!(
        shown,
        [
            (
                "Junk.BoilerplateBlock",
                first(page, "Home").start..first(page, "Weather").end,
                message
            ),
            (
                "Junk.BoilerplateBlock",
                first(page, "We use").start..first(page, "About the paper").end,
                footer
            ),
        ]
    );
    // The cookie notice is the footer's evidence, folded into it.
    assert_eq!(
        lint("page.html", page)[1..],
        [
            d("Junk.CookieNotice", first(page, "We use cookies")),
            d("Junk.BoilerplateBlock", shown[1].1.clone())
        ]
    );
    // With the default content root and skipped elements, a page with an `<article>` is
    // linted inside it only.
    let rooted = page
        .replace("<p>The council", "<article><p>The council")
        .replace("spring.</p>", "spring.</p></article>");
    assert!(lint("page.html", &rooted).is_empty());
}
