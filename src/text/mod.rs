//! The prose the checks read: one [`document::Document`] per text, segmented into lines,
//! paragraphs and [`words`], each word keyed by a [`words::WordKey`].
//!
//! Everything here depends only on the text; the engine and the checks build on it.

pub mod document;
pub mod language;
mod swar;
pub mod word_hash;
pub mod words;
