//! `tortured-phrases`: the Problematic Paper Screener's tortured → expected phrase pairs, the
//! fingerprints paraphrasing tools leave in papers (`profound learning` for deep learning).
//!
//! Scored as issue #20 measures it: each phrase is put in one neutral sentence ("In this paper
//! we study … and report the results of our experiments."), alone, and counts as flagged when a
//! `Spun.*` finding, at any level, touches the phrase's bytes (a finding elsewhere in the
//! sentence says nothing about the phrase). The bad items are the 7,942 tortured phrases of
//! `pps_tortured_phrases.torturedcheck.json` (the list with the pairs and that count); the good
//! items are their expected phrases in the same sentence, one per pair as listed, repeats
//! included. The CSV's AND-forms and paper counts are not used: they gate a search of whole
//! papers, and here every phrase stands alone.

use super::SetResult;
use super::{par_map, rules_where};
use crate::error::Error;
use crate::linter::Linter;
use serde::Deserialize;
use std::path::Path;

/// The list with the pairs.
const FILE: &str = "pps_tortured_phrases.torturedcheck.json";

/// The neutral sentence, around the phrase.
const BEFORE: &str = "In this paper we study ";
const AFTER: &str = " and report the results of our experiments.";

#[derive(Deserialize)]
struct List {
    phrases: Vec<Pair>,
}

#[derive(Deserialize)]
struct Pair {
    tortured: String,
    correct: String,
}

/// Scores the tortured and the expected side of every pair.
pub fn read(linter: &Linter, dir: &Path) -> Result<Vec<SetResult>, Error> {
    let path = dir.join(FILE);
    let text = std::fs::read_to_string(&path).map_err(|error| Error::Io {
        path: path.display().to_string(),
        error,
    })?;
    let list: List = serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    let items: Vec<(&str, bool)> = list
        .phrases
        .iter()
        .flat_map(|p| [(p.tortured.as_str(), true), (p.correct.as_str(), false)])
        .collect();
    let found = par_map(&items, |(phrase, _)| {
        let sentence = format!("{BEFORE}{phrase}{AFTER}");
        let span = BEFORE.len()..BEFORE.len() + phrase.len();
        rules_where(&linter.lint_str(&sentence), |f| {
            f.rule.starts_with("Spun.") && f.span.start < span.end && span.start < f.span.end
        })
    });
    let mut result = SetResult {
        name: "tortured phrases (PPS)".into(),
        scoring: "phrase in a neutral sentence touched by a Spun.* finding; \
                  bad = tortured, good = expected"
            .into(),
        ..SetResult::default()
    };
    for ((_, bad), rules) in items.iter().zip(&found) {
        result.count(*bad, rules);
    }
    Ok(vec![result])
}
