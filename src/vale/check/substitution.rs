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
                let observed = m.as_str().trim();
                let mut expected = self.expected(i, observed);
                let done = if self.replace_action {
                    expected.split('|').any(|option| option == observed)
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
                    let options: Vec<&str> = expected.split('|').collect();
                    expected = to_sentence(&options, "or");
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

/// `a`, `a or b`, `a, b or c`.
pub fn to_sentence(items: &[&str], conj: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} {conj} {last}", rest.join(", ")),
    }
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
}
