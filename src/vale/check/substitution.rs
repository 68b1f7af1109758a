//! `substitution`: a term of `swap` found where its replacement should be.

use std::ops::Range;

use super::{
    Found, Keys, Scan, Starts, State, ValeCheck, cap_first, compile, exceptions, is_match, phrases,
    vale_pattern, within_phrase,
};

#[derive(Debug)]
pub struct Substitution {
    /// The terms' pattern, in up to two parts: the terms the `regex` crate can match, and those
    /// with look-around or backreferences, which only `fancy-regex`'s backtracking VM runs. In
    /// one pattern, a single look-ahead among 150 swaps (`Microsoft.Wordiness`) put them all in
    /// the VM, which then took two thirds of a run with the seven published styles.
    parts: Vec<Part>,
    /// Each term (its regex, anchored for `$1` in its replacement, and the replacement),
    /// longest first: the order of the alternatives of the one pattern Vale compiles.
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

/// Part of a rule's pattern: its alternatives are some of the terms, a group each.
#[derive(Debug)]
struct Part {
    pattern: Scan,
    /// The index in `terms` of each group's term.
    terms: Vec<usize>,
}

impl Substitution {
    pub fn new(keys: &Keys, accepted: &[String], replace: bool) -> Result<Substitution, String> {
        let mut terms = keys.pairs("swap");
        // Longest first, for greedy alternation (Vale sorts the same way).
        terms.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        let ignorecase = keys.bool("ignorecase");
        let word = !keys.bool("nonword");
        // The terms the `regex` crate reads (parsed, not compiled: compiling each of the
        // published styles' 1,418 terms on its own was a tenth of their loading).
        let plain = |term: &str| {
            regex_syntax::ParserBuilder::new()
                .build()
                .parse(&non_capturing(term))
                .is_ok()
        };
        let (plain, fancy): (Vec<usize>, Vec<usize>) =
            (0..terms.len()).partition(|&i| plain(&terms[i].0));
        let mut parts = Vec::new();
        for ids in [plain, fancy] {
            if ids.is_empty() {
                continue;
            }
            let groups: Vec<String> = ids
                .iter()
                .map(|&i| format!("({})", non_capturing(&terms[i].0)))
                .collect();
            let pattern = vale_pattern(&groups.join("|"), "", word, ignorecase, true);
            parts.push(Part {
                pattern: Scan::new(&pattern)?,
                terms: ids,
            });
        }
        let except = keys.exceptions(accepted);
        Ok(Substitution {
            parts,
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

/// A match of a term: where it is, and the term's index.
type TermMatch = (Range<usize>, usize);

impl Substitution {
    /// The matches of the terms in `text`, as the one pattern of all of them finds them: each
    /// part's next match from where the last one ended, the leftmost of them, and at the same
    /// start the one of the term that comes first (each part gives its first term that matches
    /// there, as the whole pattern would). `f` on each match with its term, in order, as it
    /// is found (while its bytes are in the processor's cache).
    fn each_match(&self, text: &str, starts: &[Option<Starts>], mut f: impl FnMut(TermMatch)) {
        // Each part's leftmost match from some earlier position: still its leftmost from `pos`
        // while it starts at `pos` or later. `Some(None)`: the part has no more.
        let mut next: Vec<Option<Option<TermMatch>>> = self.parts.iter().map(|_| None).collect();
        let mut pos = 0;
        while pos <= text.len() {
            for (k, (part, next)) in self.parts.iter().zip(&mut next).enumerate() {
                if next
                    .as_ref()
                    .is_none_or(|n| n.as_ref().is_some_and(|(m, _)| m.start < pos))
                {
                    let starts = starts.get(k).copied().flatten();
                    *next = Some(
                        part.pattern
                            .first_group_from(text, pos, starts)
                            .filter(|&(_, g)| g > 0)
                            .map(|(m, g)| (m, part.terms[g - 1])),
                    );
                }
            }
            let Some((m, term)) = next
                .iter()
                .flatten()
                .flatten()
                .min_by_key(|(m, term)| (m.start, *term))
                .cloned()
            else {
                break;
            };
            pos = if m.end > m.start {
                m.end
            } else {
                m.end + text[m.end..].chars().next().map_or(1, char::len_utf8)
            };
            f((m, term));
        }
    }
}

impl ValeCheck for Substitution {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found> {
        self.run_gated(text, state, &[])
    }

    fn scans(&self) -> Vec<&Scan> {
        self.parts.iter().map(|p| &p.pattern).collect()
    }

    fn finds_only_at_scans(&self) -> bool {
        true
    }

    fn run_gated(&self, text: &str, _: &mut State, starts: &[Option<Starts>]) -> Vec<Found> {
        let mut out = Vec::new();
        let mut spans = None;
        self.each_match(text, starts, |(m, i)| {
            // As Vale has it: untrimmed (`vs ` for a term that ends in white space).
            let observed = &text[m.clone()];
            let mut expected = self.expected(i, observed);
            let done = if self.replace_action {
                options(&expected).iter().any(|option| option == observed)
            } else {
                same(&expected, observed)
            };
            if done
                || is_match(&self.exceptions, observed)
                || within_phrase(&self.phrases, text, &m, &mut spans)
            {
                return;
            }
            let options = options(&expected);
            if self.replace_alternatives {
                expected = to_sentence(&options, "or");
            }
            out.push(Found {
                range: m,
                subs: smallvec::smallvec![expected.into(), observed.into()],
                options,
            });
        });
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
        let subs: Vec<Vec<String>> = found
            .iter()
            .map(|f| f.subs.iter().map(|s| s.to_string()).collect())
            .collect();
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
    fn terms_with_look_around_match_as_in_one_pattern() {
        // `all of (?!these)` needs the backtracking VM, the others do not: two parts, merged
        // leftmost-first, the earlier term (longest first) winning at the same start.
        let r = rule(
            "swap:\n  'all of (?!these)': all\n  'all of these': these\n  'a bc(?= d)': x\n  'a bc': y\n  foo: bar\n",
        );
        assert_eq!(r.parts.len(), 2);
        let text = "all of these, all of them, foo, a bc d and a bc e.";
        let found: Vec<(&str, String)> = r
            .run(text, &mut State::default())
            .into_iter()
            .map(|f| (&text[f.range], f.subs[0].to_string()))
            .collect();
        assert_eq!(
            found,
            [
                ("all of these", "these".to_string()),
                ("all of ", "all".to_string()),
                ("foo", "bar".to_string()),
                ("a bc", "x".to_string()),
                ("a bc", "y".to_string()),
            ]
        );
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
