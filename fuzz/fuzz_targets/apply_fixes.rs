//! Arbitrary bytes linted and fixed: the first byte chooses the markup (plain, Markdown, HTML),
//! the rest is the file. Fixes keep every byte outside their edits and converge: fixing the
//! output again applies nothing.

#![no_main]

use copydesk_fuzz::{builtin, invariants};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let path = ["fuzz.txt", "fuzz.md", "fuzz.html"][usize::from(kind % 3)];
    if let Err(e) = invariants::check_fixes(builtin(), path, bytes) {
        panic!("{path}: {e}\ninput: {:?}", String::from_utf8_lossy(bytes));
    }
});
