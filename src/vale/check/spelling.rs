//! `spelling`: words no Hunspell dictionary of the rule knows, read with `spellbook`.
//!
//! The dictionaries are the rule's `aff` and `dic` files, or its `dictionaries` looked for in
//! its `dicpath`, in `<StylesPath>/config/dictionaries` and in the system's Hunspell folders.
//! A rule that names none (or has `append`) also reads Vale's default `en_US`, which Vale
//! embeds and copydesk does not: the system's stands in for it (Debian's `hunspell-en-us`),
//! else one in `<StylesPath>/config/dictionaries`. `Vale.Spelling` also reads every dictionary
//! in `<StylesPath>/config/dictionaries`. Words are split at white space and stripped of
//! punctuation; as in Vale, words with anything but ASCII letters, `_` and `'`, all-capital
//! words and words capitalised inside (`JavaScript`) are skipped unless the rule is `custom`;
//! accepted multi-word phrases are not checked where they stand.

use super::{Found, Keys, State, ValeCheck, compile, phrases};
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
    /// The accepted multi-word phrases, whose words are not checked where the phrase stands.
    phrases: Option<fancy_regex::Regex>,
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
            // Vale's embedded `en_US`, when the rule names no dictionary or appends to it: the
            // system's stands in for it, else one in `config/dictionaries`.
            if names.is_empty() || keys.bool("append") {
                let mut defaults: Vec<PathBuf> =
                    SYSTEM_DICTIONARIES.iter().map(PathBuf::from).collect();
                defaults.extend(styles.map(|s| s.join("config").join("dictionaries")));
                dictionaries.push(find_and_load("en_US", &defaults)?);
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
                // The default `en_US` stands for Vale's embedded one; one in this folder is
                // read as well.
                extra.sort();
                names.extend(extra);
            }
            for dict in names {
                dictionaries.push(find_and_load(&dict, &folders)?);
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
            // Every `.txt` file under `config/ignore`, in its subfolders too.
            if let Some(dir) = styles.map(|s| s.join("config").join("ignore")) {
                text_files(&dir, &mut ignore_files);
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
            phrases: phrases(accepted),
            dictionaries,
            filters,
            exceptions,
            ignored,
        })
    }

    fn known(&self, word: &str) -> bool {
        // Curly apostrophes are read as straight ones, as Vale's dictionary converts both.
        let straight;
        let word = if word.contains(['\u{2018}', '\u{2019}']) {
            straight = word.replace(['\u{2018}', '\u{2019}'], "'");
            straight.as_str()
        } else {
            word
        };
        let plain = word.trim_matches('\'');
        // Vale looks a word up whole, where Hunspell also accepts a hyphenated word whose
        // parts it knows (`human-friendly`); dictionaries have no hyphenated entries, so a
        // hyphenated word (which only a `custom` rule checks) is not in them.
        !word.contains('-')
            && self
                .dictionaries
                .iter()
                .any(|d| d.0.check(word) || d.0.check(plain))
            || self.ignored.contains(&word.to_lowercase())
            || self
                .exceptions
                .as_ref()
                .is_some_and(|e| e.is_match(word).unwrap_or(false))
    }
}

/// The `.txt` files under `dir`, its subfolders included, in name order.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            text_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

/// Reads the dictionary `name` (`name.aff` and `name.dic`) from the first of `folders` that
/// has it.
fn find_and_load(name: &str, folders: &[PathBuf]) -> Result<DebugDict, String> {
    let found = folders.iter().find_map(|f| {
        let (aff, dic) = (f.join(format!("{name}.aff")), f.join(format!("{name}.dic")));
        (aff.is_file() && dic.is_file()).then_some((aff, dic))
    });
    match found {
        Some((aff, dic)) => load(&aff, &dic),
        None => Err(format!(
            "no Hunspell dictionary `{name}` (.aff and .dic) in {}; Debian's hunspell-en-us \
             package installs en_US",
            folders
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
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
        // Accepted phrases become spaces of the same length, so offsets stay where they were.
        let masked;
        let text = match &self.phrases {
            Some(re) => {
                let mut m = text.to_string();
                for found in re.find_iter(text).flatten() {
                    m.replace_range(found.range(), &" ".repeat(found.range().len()));
                }
                masked = m;
                &*masked
            }
            None => text,
        };
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
                subs: smallvec::smallvec![word.into()],
                ..Found::default()
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_files_in_subfolders_too() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tech")).unwrap();
        for f in ["b.txt", "tech/a.txt", "notes.md"] {
            std::fs::write(dir.path().join(f), "word\n").unwrap();
        }
        let mut found = Vec::new();
        text_files(dir.path(), &mut found);
        let names: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(names, [PathBuf::from("b.txt"), PathBuf::from("tech/a.txt")]);
    }
}
