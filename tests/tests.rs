//! The integration tests: one binary, so that a fresh `cargo test` compiles and links it once
//! (ripgrep's layout). Each former test file is a module here; `util` holds what they share and
//! `invariants` what the property tests and the fuzz targets assert.
//!
//! Long runs (full property case counts, the full-size hostile inputs) are off by default and on
//! with `COPYDESK_LONG_TESTS=1`, which `.ci/run` sets.

mod invariants;
mod util;

mod boilerplate;
mod caps;
mod checks;
mod clean_prose;
mod cli;
mod config;
mod corpus_mode;
mod dedup;
mod encodings;
mod eval;
mod fix;
mod foreign;
mod formats;
mod hostile;
mod language;
mod markup;
mod mojibake;
mod properties;
mod real_oscar;
mod real_pages;
mod real_small_sets;
mod rule_examples;
mod rule_fixtures;
mod seed;
mod stats;
mod vale;
