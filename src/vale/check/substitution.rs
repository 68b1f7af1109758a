//! `substitution`: a term of `swap` found where its replacement should be.

use super::{
    Found, Keys, State, ValeCheck, cap_first, compile, exceptions, is_match, phrases, vale_pattern,
    within_phrase,
};

#[derive(Debug)]
pub struct Substitution {
    pattern: fancy_regex::Regex,
    /// Each term's regex (anchored, for `$1` in its replacement) and replacement, in the order
    /// of the pattern's groups.
    terms: Vec<(String, String)>,
    exceptions: Option<fancy_regex::Regex>,
    /// The accepted phrases.
    phrases: Option<fancy_regex::Regex>,
    capitalize: bool,
    ignorecase: bool,
    /// `action: replace` without params: the replacement's `a|b` alternatives become "a or b".
    replace_alternatives: bool,
    /// `action: replace`: the replacement is literal text (`a|b` alternatives), compared with
    /// what was found as text, not read as a pattern (`...` is no pattern for `,,,`).
    replace_action: bool,
}

impl Substitution {
    pub fn new(keys: &Keys, accepted: &[String], replace: bool) -> Result<Substitution, String> {
        let mut terms = keys.pairs("swap");
        // Longest first, for greedy alternation (Vale sorts the same way).
        terms.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let groups: Vec<String> = terms
            .iter()
            .map(|(t, _)| format!("({})", non_capturing(t)))
            .collect();
        let ignorecase = keys.bool("ignorecase");
        let pattern = vale_pattern(
            &groups.join("|"),
            "",
            !keys.bool("nonword"),
            ignorecase,
            true,
        );
        let except = keys.exceptions(accepted);
        Ok(Substitution {
            pattern: compile(&pattern)?,
            terms,
            phrases: phrases(&except),
            exceptions: exceptions(except)?,
            capitalize: keys.bool("capitalize"),
            ignorecase,
            replace_alternatives: replace,
            replace_action: keys
                .get("action")
                .and_then(|a| a.as_mapping())
                .and_then(|a| a.get("name"))
                .and_then(super::scalar)
                .is_some_and(|n| n == "replace"),
        })
    }

    /// The replacement for a match of term `i`, with `$n` filled from the term's groups.
    fn expected(&self, i: usize, observed: &str) -> String {
        let (term, repl) = &self.terms[i];
        let mut expected = repl.clone();
        if expected.contains('$') {
            let flags = if self.ignorecase { "(?i)" } else { "" };
            if let Ok(re) = compile(&format!("{flags}^(?:{term})$"))
                && let Ok(Some(caps)) = re.captures(observed)
            {
                let mut out = String::new();
                caps.expand(&expected, &mut out);
                expected = out;
            }
        }
        if self.capitalize && observed == cap_first(observed) {
            expected = cap_first(&expected);
        }
        expected
    }
}

/// A term's capturing groups made non-capturing, so that the pattern's groups are the terms.
fn non_capturing(term: &str) -> String {
    let bytes = term.as_bytes();
    let mut out = String::with_capacity(term.len() + 8);
    let mut escaped = false;
    for (i, c) in term.char_indices() {
        if c == '(' && !escaped && bytes.get(i + 1) != Some(&b'?') {
            out.push_str("(?:");
        } else {
            out.push(c);
        }
        escaped = c == '\\' && !escaped;
    }
    out
}

/// Whether `observed` already is what `expected` asks for: the same text for a phrase (letters,
/// digits, spaces and hyphens only), else a match of `expected` read as a whole-string pattern.
fn same(expected: &str, observed: &str) -> bool {
    if expected
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
    {
        return expected == observed;
    }
    match compile(&format!("^(?:{expected})$")) {
        Ok(re) => re.is_match(observed).unwrap_or(false),
        Err(_) => expected == observed,
    }
}

impl ValeCheck for Substitution {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let mut out = Vec::new();
        for caps in self.pattern.captures_iter(text).flatten() {
            for i in 0..self.terms.len() {
                let Some(m) = caps.get(i + 1) else {
                    continue;
                };
                // As Vale has it: untrimmed (`vs ` for a term that ends in white space).
                let observed = m.as_str();
                let mut expected = self.expected(i, observed);
                let done = if self.replace_action {
                    options(&expected).iter().any(|option| option == observed)
                } else {
                    same(&expected, observed)
                };
                if done
                    || is_match(&self.exceptions, observed)
                    || within_phrase(&self.phrases, text, &m.range())
                {
                    continue;
                }
                if self.replace_alternatives {
                    expected = to_sentence(&options(&expected), "or");
                }
                out.push(Found {
                    range: m.range(),
                    subs: vec![expected, observed.to_string()],
                });
            }
        }
        out
    }
}

/// The options quoted and listed as Vale lists them: `'a'`, `'a' or 'b'`, `'a', 'b', or 'c'`.
pub fn to_sentence(items: &[String], conj: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
    match &quoted[..] {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conj} {b}"),
        [rest @ .., last] => format!("{}, {conj} {last}", rest.join(", ")),
    }
}

/// The options of a `replace` action's replacement: its `|`-separated parts (an escaped `\|`
/// is a pipe), the empty ones left out.
pub fn options(replacement: &str) -> Vec<String> {
    replacement
        .replace(r"\|", "\u{0}")
        .split('|')
        .filter(|o| !o.is_empty())
        .map(|o| o.replace('\u{0}', "|"))
        .collect()
}

/// A `replace` rule's message, as Vale words it: the replacement comes quoted (`'a' or 'b'`),
/// so a message that quotes both of its values loses the quotes of the first.
pub fn convert_message(message: &str) -> String {
    let mut out = message.to_string();
    for spec in ["'%s'", "\"%s\""] {
        if out.matches(spec).count() == 2 {
            out = out.replacen(spec, "%s", 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(yaml: &str) -> Substitution {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        Substitution::new(&Keys(v.as_mapping().unwrap()), &[], false).unwrap()
    }

    #[test]
    fn swaps_and_groups() {
        let r =
            rule("swap:\n  'e-mail': email\n  '(?:alot|a lot of)': many\n  'abc(\\d)': 'abc-$1'\n");
        let found = r.run(
            "Send an e-mail, alot, abc9 and email.",
            &mut State::default(),
        );
        let subs: Vec<Vec<String>> = found.iter().map(|f| f.subs.clone()).collect();
        assert_eq!(
            subs,
            [
                vec!["email".to_string(), "e-mail".to_string()],
                vec!["many".to_string(), "alot".to_string()],
                vec!["abc-9".to_string(), "abc9".to_string()],
            ]
        );
        assert_eq!(found[0].range, 8..14);
        assert_eq!(non_capturing(r"a(b)\(c(?:d)"), r"a(?:b)\(c(?:d)");
    }

    #[test]
    fn replace_options_are_listed_and_quoted_as_vale_does() {
        assert_eq!(options(r"a|b\|c||d"), ["a", "b|c", "d"]);
        let opts = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(to_sentence(&opts(&[]), "or"), "");
        assert_eq!(to_sentence(&opts(&["a"]), "or"), "'a'");
        assert_eq!(to_sentence(&opts(&["a", "b"]), "or"), "'a' or 'b'");
        assert_eq!(
            to_sentence(&opts(&["a", "b", "c"]), "or"),
            "'a', 'b', or 'c'"
        );
        assert_eq!(
            convert_message("Use '%s' instead of '%s'."),
            "Use %s instead of '%s'."
        );
        assert_eq!(convert_message("Use %s, not '%s'."), "Use %s, not '%s'.");
    }
}
