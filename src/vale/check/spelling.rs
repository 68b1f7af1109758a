//! `spelling`: words no Hunspell dictionary of the rule knows, read with `spellbook`.
//!
//! The dictionaries are the rule's `aff` and `dic` files, or its `dictionaries` (default
//! `en_US`) looked for in its `dicpath`, in `<StylesPath>/config/dictionaries` and in the
//! system's Hunspell folders (Debian's `hunspell-en-us` installs `en_US` there: Vale embeds
//! its own copy, copydesk does not). Words are split at white space and stripped of
//! punctuation; as in Vale, words with anything but ASCII letters, `_` and `'`, all-capital
//! words and words capitalised inside (`JavaScript`) are skipped unless the rule is `custom`.

use super::{Found, Keys, State, ValeCheck, compile};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Spelling {
    dictionaries: Vec<DebugDict>,
    filters: Vec<fancy_regex::Regex>,
    /// Accepted terms (the vocabularies), any case.
    exceptions: Option<fancy_regex::Regex>,
    /// Words from ignore files.
    ignored: HashSet<String>,
}

/// A dictionary (`spellbook` has no `Debug`).
struct DebugDict(spellbook::Dictionary);

impl std::fmt::Debug for DebugDict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dictionary")
    }
}

/// Folders of system dictionaries.
const SYSTEM_DICTIONARIES: [&str; 2] = ["/usr/share/hunspell", "/usr/share/myspell"];

/// The default filters: words capitalised inside, all-capital words, and anything with a
/// character other than an ASCII letter, `_` or `'`.
const DEFAULT_FILTERS: [&str; 3] = [r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']"];

impl Spelling {
    /// Builds the rule `name` from `keys`; `styles` is the StylesPath.
    pub fn new(
        keys: &Keys,
        name: &str,
        accepted: &[String],
        styles: Option<&Path>,
    ) -> Result<Spelling, String> {
        let mut dictionaries = Vec::new();
        let asset = |p: &str| -> Option<PathBuf> {
            let direct = PathBuf::from(p);
            if direct.is_file() {
                return Some(direct);
            }
            styles.map(|s| s.join(p)).filter(|p| p.is_file())
        };
        if let (Some(aff), Some(dic)) = (keys.string("aff"), keys.string("dic"))
            && let (Some(aff), Some(dic)) = (asset(&aff), asset(&dic))
        {
            dictionaries.push(load(&aff, &dic)?);
        } else {
            let mut folders: Vec<PathBuf> = Vec::new();
            if let Some(dicpath) = keys.string("dicpath") {
                let candidates = [
                    Some(PathBuf::from(&dicpath)),
                    styles.map(|s| s.join(&dicpath)),
                ];
                match candidates.into_iter().flatten().find(|p| p.is_dir()) {
                    Some(p) => folders.push(p),
                    None => return Err("unable to resolve dicpath".into()),
                }
            }
            if let Some(s) = styles {
                folders.push(s.join("config").join("dictionaries"));
            }
            folders.extend(SYSTEM_DICTIONARIES.iter().map(PathBuf::from));
            let mut names = keys.strings("dictionaries");
            if names.is_empty() || keys.bool("append") {
                names.insert(0, "en_US".into());
            }
            // Vale's own rule also reads every dictionary in `config/dictionaries`.
            if name == "Vale.Spelling"
                && let Some(dir) = styles.map(|s| s.join("config").join("dictionaries"))
                && let Ok(entries) = std::fs::read_dir(&dir)
            {
                let mut extra: Vec<String> = entries
                    .flatten()
                    .filter_map(|e| {
                        let p = e.path();
                        let stem = p.file_stem()?.to_str()?.to_string();
                        (p.extension()? == "dic" && dir.join(format!("{stem}.aff")).is_file())
                            .then_some(stem)
                    })
                    .filter(|s| !names.contains(s))
                    .collect();
                extra.sort();
                names.extend(extra);
            }
            for dict in names {
                let found = folders.iter().find_map(|f| {
                    let (aff, dic) = (f.join(format!("{dict}.aff")), f.join(format!("{dict}.dic")));
                    (aff.is_file() && dic.is_file()).then_some((aff, dic))
                });
                match found {
                    Some((aff, dic)) => dictionaries.push(load(&aff, &dic)?),
                    None => {
                        return Err(format!(
                            "no Hunspell dictionary `{dict}` (.aff and .dic) in {}; Debian's \
                             hunspell-en-us package installs en_US",
                            folders
                                .iter()
                                .map(|f| f.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
            }
        }
        let mut filters = Vec::new();
        for f in keys.strings("filters") {
            filters.push(compile(&f)?);
        }
        if !keys.bool("custom") {
            for f in DEFAULT_FILTERS {
                filters.push(compile(f)?);
            }
        }
        let mut ignored = HashSet::new();
        let mut ignore_files: Vec<PathBuf> = Vec::new();
        if name == "Vale.Spelling" {
            if let Some(dir) = styles.map(|s| s.join("config").join("ignore"))
                && let Ok(entries) = std::fs::read_dir(dir)
            {
                ignore_files.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            for ignore in keys.strings("ignore") {
                let mut candidates = vec![PathBuf::from(&ignore)];
                if let Some(s) = styles {
                    candidates.push(s.join(&ignore));
                    candidates.push(s.join("config").join("ignore").join(&ignore));
                }
                ignore_files.extend(candidates.into_iter().filter(|p| p.is_file()));
            }
        }
        for file in ignore_files {
            for word in std::fs::read_to_string(&file).unwrap_or_default().lines() {
                let word = word.trim();
                if !word.is_empty() && !word.starts_with('#') {
                    ignored.insert(word.to_lowercase());
                }
            }
        }
        let exceptions = if accepted.is_empty() {
            None
        } else {
            // Unanchored, as Vale matches them: an accepted term inside a word accepts it.
            Some(compile(&format!("(?i){}", accepted.join("|")))?)
        };
        Ok(Spelling {
            dictionaries,
            filters,
            exceptions,
            ignored,
        })
    }

    fn known(&self, word: &str) -> bool {
        let plain = word.trim_matches('\'');
        self.dictionaries
            .iter()
            .any(|d| d.0.check(word) || d.0.check(plain))
            || self.ignored.contains(&word.to_lowercase())
            || self
                .exceptions
                .as_ref()
                .is_some_and(|e| e.is_match(word).unwrap_or(false))
    }
}

/// Reads a dictionary.
fn load(aff: &Path, dic: &Path) -> Result<DebugDict, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    spellbook::Dictionary::new(&read(aff)?, &read(dic)?)
        .map(DebugDict)
        .map_err(|e| format!("{}: {e}", dic.display()))
}

impl ValeCheck for Spelling {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let mut out = Vec::new();
        let mut at = 0;
        for token in text.split_inclusive(char::is_whitespace) {
            let start = at;
            at += token.len();
            let word = token.trim_end_matches(char::is_whitespace);
            let lead = word.len()
                - word
                    .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '_')
                    .len();
            let word = word[lead..].trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_');
            if word.is_empty()
                || self
                    .filters
                    .iter()
                    .any(|f| f.is_match(word).unwrap_or(false))
                || self.known(word)
            {
                continue;
            }
            let begin = start + lead;
            out.push(Found {
                range: begin..begin + word.len(),
                subs: vec![word.to_string()],
            });
        }
        out
    }
}
