//! Which part of an HTML page is the article: the content root (`html: {root: [...]}`) and the
//! elements skipped inside it (`html: {skip: [...]}`).
//!
//! A page's navigation, cookie banner, share bar and footer are not the article; linting them as
//! prose fails a normal page. The root is found by the first selector, in the order given, that
//! matches an element (its first element, outside comments and raw text); the page is linted
//! whole when none does. The selectors are CSS compound selectors (`article`, `main#content`,
//! `div.post-body`, `[itemprop=articleBody]`), written here rather than taken from a selector
//! crate: those match against a DOM (`scraper`, `selectors`), which the HTML front end does not
//! build, since it needs the byte offset of every character (see `super::html`). Compound
//! selectors are what content roots are written with; combinators (`main > div`) are refused
//! with a message.

use serde::Deserialize;

/// Where the article is in an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlScope {
    /// Tried in order; the first that matches an element gives the content root.
    pub root: Vec<Selector>,
    /// Elements inside the root whose text is not the article's (lower-case tag names).
    pub skip: Vec<String>,
}

impl Default for HtmlScope {
    fn default() -> Self {
        HtmlScope {
            root: ["article", "main", "[itemprop=articleBody]"]
                .into_iter()
                .map(|s| Selector::parse(s).expect("valid built-in selector"))
                .collect(),
            skip: ["nav", "aside", "footer", "form"]
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }
}

/// The `html:` key of a config file; a list left out keeps its default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlScopeKeys {
    #[serde(default)]
    pub root: Option<Vec<String>>,
    #[serde(default)]
    pub skip: Option<Vec<String>>,
}

impl HtmlScope {
    /// The default scope, parsed once and shared: [`crate::config::Settings::all`] is made for
    /// every document the library API lints.
    pub fn shared_default() -> std::sync::Arc<HtmlScope> {
        static DEFAULT: std::sync::OnceLock<std::sync::Arc<HtmlScope>> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(Default::default).clone()
    }

    /// No root and nothing skipped: the page linted whole.
    pub fn whole_page() -> Self {
        HtmlScope {
            root: Vec::new(),
            skip: Vec::new(),
        }
    }

    /// The scope that `root` and `skip` (a config's `html:` keys, or the command line's) make of
    /// `self`: a list given replaces the one in `self`; an empty root list lints pages whole. The
    /// error is the selector or element at fault and what is wrong with it.
    pub fn with(
        mut self,
        root: Option<&[String]>,
        skip: Option<&[String]>,
    ) -> Result<Self, (String, String)> {
        if let Some(root) = root {
            self.root = root
                .iter()
                .map(|s| {
                    Selector::parse(s).map_err(|e| (s.clone(), format!("html root `{s}`: {e}")))
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(skip) = skip {
            self.skip = skip
                .iter()
                .map(|name| {
                    if !name.is_empty()
                        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                    {
                        Ok(name.to_ascii_lowercase())
                    } else {
                        let message = format!("html skip `{name}`: an element name such as `nav`");
                        Err((name.clone(), message))
                    }
                })
                .collect::<Result<_, _>>()?;
        }
        Ok(self)
    }
}

/// A CSS compound selector: an element name or `*`, then any number of `#id`, `.class`,
/// `[attr]`, `[attr=value]` (value bare or quoted), all of which must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// Lower-case element name; `None` for any element.
    element: Option<String>,
    conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    Id(String),
    Class(String),
    /// An attribute (lower-case name) that is present, or equal to the value.
    Attribute(String, Option<String>),
}

impl Selector {
    /// Parses a compound selector; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let s = text.trim();
        if s.is_empty() {
            return Err("an empty selector".into());
        }
        let ident_end = |s: &str| {
            s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(s.len())
        };
        let (element, mut rest) = match s.strip_prefix('*') {
            Some(rest) => (None, rest),
            None => {
                let end = ident_end(s);
                let element = (end > 0).then(|| s[..end].to_ascii_lowercase());
                (element, &s[end..])
            }
        };
        let mut conditions = Vec::new();
        while let Some(c) = rest.chars().next() {
            match c {
                '#' | '.' => {
                    let end = ident_end(&rest[1..]) + 1;
                    if end == 1 {
                        return Err(format!("a name must follow `{c}`"));
                    }
                    let name = rest[1..end].to_string();
                    conditions.push(if c == '#' {
                        Condition::Id(name)
                    } else {
                        Condition::Class(name)
                    });
                    rest = &rest[end..];
                }
                '[' => {
                    let close = rest.find(']').ok_or("`[` is never closed")?;
                    let inside = &rest[1..close];
                    let (name, value) = match inside.split_once('=') {
                        Some((name, value)) => {
                            let value = value.trim();
                            let unquoted = value
                                .strip_prefix('"')
                                .and_then(|v| v.strip_suffix('"'))
                                .or_else(|| value.strip_prefix('\'')?.strip_suffix('\''))
                                .unwrap_or(value);
                            (name.trim(), Some(unquoted.to_string()))
                        }
                        None => (inside.trim(), None),
                    };
                    if name.is_empty() || ident_end(name) != name.len() {
                        return Err(format!(
                            "`[{inside}]` is not `[attribute]` or `[attribute=value]`"
                        ));
                    }
                    conditions.push(Condition::Attribute(name.to_ascii_lowercase(), value));
                    rest = &rest[close + 1..];
                }
                c if c.is_whitespace() || ">+~,".contains(c) => {
                    return Err(
                        "only one element is matched: combinators and lists are not supported \
                         (give each selector its own item)"
                            .into(),
                    );
                }
                c => return Err(format!("unexpected `{c}`")),
            }
        }
        if element.is_none() && conditions.is_empty() && !s.starts_with('*') {
            return Err("not a selector".into());
        }
        Ok(Selector {
            element,
            conditions,
        })
    }

    /// Whether an element named `name` with `attributes` (name, value; names in any case)
    /// matches.
    pub fn matches<'a>(
        &self,
        name: &[u8],
        attributes: impl Iterator<Item = (&'a [u8], &'a [u8])> + Clone,
    ) -> bool {
        if let Some(element) = &self.element
            && !element.as_bytes().eq_ignore_ascii_case(name)
        {
            return false;
        }
        self.conditions.iter().all(|condition| {
            let value = |wanted: &str| {
                attributes
                    .clone()
                    .find(|(n, _)| n.eq_ignore_ascii_case(wanted.as_bytes()))
                    .map(|(_, v)| v)
            };
            match condition {
                Condition::Id(id) => value("id").is_some_and(|v| v == id.as_bytes()),
                Condition::Class(class) => value("class").is_some_and(|v| {
                    v.split(|c| c.is_ascii_whitespace())
                        .any(|word| word == class.as_bytes())
                }),
                Condition::Attribute(name, None) => value(name).is_some(),
                Condition::Attribute(name, Some(wanted)) => {
                    value(name).is_some_and(|v| v == wanted.as_bytes())
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs<'a>(
        list: &'a [(&'a str, &'a str)],
    ) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + Clone {
        list.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes()))
    }

    #[test]
    fn compound_selectors_match_their_elements() {
        let s = |t: &str| Selector::parse(t).unwrap();
        assert!(s("article").matches(b"ARTICLE", attrs(&[])));
        assert!(!s("article").matches(b"main", attrs(&[])));
        let body = [("itemprop", "articleBody"), ("class", "post  entry")];
        assert!(s("[itemprop=articleBody]").matches(b"div", attrs(&body)));
        assert!(s("div[itemprop=\"articleBody\"].entry").matches(b"div", attrs(&body)));
        assert!(!s("[itemprop=articlebody]").matches(b"div", attrs(&body)));
        assert!(s("*.post").matches(b"section", attrs(&body)));
        assert!(!s(".pos").matches(b"section", attrs(&body)));
        assert!(s("main#content").matches(b"main", attrs(&[("ID", "content")])));
        assert!(s("[data-article]").matches(b"div", attrs(&[("data-article", "")])));
    }

    #[test]
    fn other_selectors_are_refused_with_a_reason() {
        let e = |t: &str| Selector::parse(t).unwrap_err();
        assert!(e("main > div").contains("combinators"));
        assert!(e("article, main").contains("combinators"));
        assert_eq!(e(""), "an empty selector");
        assert_eq!(e("div["), "`[` is never closed");
        assert_eq!(e("div.#x"), "a name must follow `.`");
        assert_eq!(e("div:first-child"), "unexpected `:`");
    }
}
