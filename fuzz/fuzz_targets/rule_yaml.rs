//! Arbitrary text as a rule file: parsing and compiling never panic, an error points inside the
//! file, and a rule that loads lints a sample article within the usual invariants.

#![no_main]

use copydesk::Linter;
use copydesk::rules::parse_rule;
use copydesk_fuzz::invariants;

/// Text for the fuzzed rule to run on: prose, quotes, junk and a few scripts.
const SAMPLE: &str = "The charity said “keeping watch” was the the key. Leave a Comment\n\
    Write to [email protected] &amp; click here . Donâ€™t Ünïcödé 東京 🙂\r\n\n‘Quote’ (open [";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rule = match parse_rule("fuzz/Fuzz/Rule.yaml", "Fuzz", "Rule", text) {
        Ok(rule) => rule,
        Err(e) => {
            if let Some(span) = &e.span {
                assert!(span.start <= span.end && span.end <= text.len());
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            let _ = e.to_string();
            return;
        }
    };
    let Ok(linter) = Linter::new(vec![rule]) else {
        return;
    };
    for path in ["s.txt", "s.md", "s.html"] {
        if let Err(e) = invariants::check_lint(&linter, path, SAMPLE.as_bytes()) {
            panic!("{path}: {e}\nrule: {text:?}");
        }
    }
});
