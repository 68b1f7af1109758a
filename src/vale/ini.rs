//! `.vale.ini`: the INI dialect Vale reads.
//!
//! Keys before the first section belong to the unnamed core section; `[glob]` starts a
//! section; `;` and `#` start a comment line, and also an inline comment when a space comes
//! before them; a key may repeat (Vale's "shadows"), and each value is kept in order. Values
//! may be quoted with `'` or `"`. Written for Vale's files rather than taken from an INI crate
//! because of those shadows and inline comments, which the INI crates read differently.

/// One `key = value` line: its key, value and 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// A section: its name (empty for the core section) and entries, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub entries: Vec<Entry>,
}

impl Section {
    /// Every value of `key`, in order (a repeated key gives several).
    pub fn values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.key == key)
            .map(|e| e.value.as_str())
    }

    /// The last value of `key`.
    pub fn last(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| e.value.as_str())
    }

    /// The values of `key` split at commas, trimmed, empty ones and repeats dropped.
    pub fn list(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for value in self.values(key) {
            for item in value.split(',') {
                let item = item.trim();
                if !item.is_empty() && !out.iter().any(|o| o == item) {
                    out.push(item.to_string());
                }
            }
        }
        out
    }
}

/// A parsed file: the core section first, then the others in file order (a section named
/// twice is one section, where it first appeared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ini {
    pub sections: Vec<Section>,
}

impl Ini {
    /// Parses `text`; a line that is neither a section, an entry, a comment nor blank is the
    /// error, with its line number.
    pub fn parse(text: &str) -> Result<Ini, (usize, String)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut sections = vec![Section::default()];
        let mut current = 0;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with(';') || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(name) = rest.strip_suffix(']') else {
                    return Err((i + 1, format!("unclosed section header `{line}`")));
                };
                let name = name.trim();
                current = match sections.iter().position(|s| s.name == name) {
                    Some(k) => k,
                    None => {
                        sections.push(Section {
                            name: name.to_string(),
                            entries: Vec::new(),
                        });
                        sections.len() - 1
                    }
                };
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err((
                    i + 1,
                    format!("expected `key = value` or `[section]`, not `{line}`"),
                ));
            };
            sections[current].entries.push(Entry {
                key: key.trim().to_string(),
                value: unquote(strip_inline_comment(value.trim())).to_string(),
                line: i + 1,
            });
        }
        Ok(Ini { sections })
    }

    /// The section named `name`, if any (`""`: the core section).
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// `value` without a comment that a space and `;` or `#` start.
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'\'' | b'"') if i == 0 => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b';' | b'#') if i > 0 && bytes[i - 1].is_ascii_whitespace() => {
                return value[..i].trim_end();
            }
            _ => {}
        }
    }
    value
}

/// `value` without one pair of surrounding quotes.
fn unquote(value: &str) -> &str {
    for q in ['\'', '"'] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_shadows_and_comments() {
        let ini = Ini::parse(
            "StylesPath = styles ; where\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = A, B\n\
             BasedOnStyles = B, C\n# note\n[formats]\nmdx = md\n[*.md]\nA.Rule = NO\n\
             TokenIgnores = '(\\$+[^\\n$]+\\$+)'\n",
        )
        .unwrap();
        let core = ini.section("").unwrap();
        assert_eq!(core.last("StylesPath"), Some("styles"));
        let md = ini.section("*.md").unwrap();
        assert_eq!(md.list("BasedOnStyles"), ["A", "B", "C"]);
        assert_eq!(md.last("A.Rule"), Some("NO"));
        assert_eq!(md.last("TokenIgnores"), Some("(\\$+[^\\n$]+\\$+)"));
        assert_eq!(ini.sections.len(), 3);
        assert_eq!(Ini::parse("[x\n").unwrap_err().0, 1);
    }
}
