//! Arbitrary bytes linted as `.html` with the built-in rules: no panic, spans in bounds and on
//! character boundaries, positions that agree with the bytes, deterministic output.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk_fuzz::lint("fuzz.html", data));
