//! Vale's check kinds, one file each as in Vale's own `check` folder: each reads its keys from
//! the rule's YAML and finds its matches in one block of text.

mod capitalization;
mod conditional;
mod consistency;
mod existence;
mod metric;
mod occurrence;
mod repetition;
mod scan;
mod sequence;
mod spelling;
mod stats;
mod substitution;

pub use capitalization::Capitalization;
pub use conditional::Conditional;
pub use consistency::Consistency;
pub use existence::Existence;
pub use metric::{Metric, Readability};
pub use occurrence::Occurrence;
pub use repetition::Repetition;
pub use scan::{Scan, Starts};
pub use sequence::Sequence;
pub use spelling::Spelling;
pub use substitution::{Substitution, convert_message};

use compact_str::CompactString;
use serde_yaml::Value;
use smallvec::SmallVec;
use std::ops::Range;

/// The values of a message's `%s`: most findings have one or two short ones, which are kept
/// inline (a finding is made for each of hundreds of thousands of matches in a large file).
pub type Subs = SmallVec<[CompactString; 2]>;

/// A match in a block: its byte range and the values of the message's `%s`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub subs: Subs,
    /// What a `replace` action may put in its place (a substitution's replacement, its `a|b`
    /// options apart).
    pub options: Vec<String>,
}

/// What a rule remembers from one block of a file to the next (Vale keeps it per file): the
/// definitions `conditional` has seen, the variants `consistency` has seen.
#[derive(Debug, Default)]
pub struct State {
    pub sequences: Vec<String>,
    /// The file's counts of scopes (`heading_h2`, `list`, `pre`, ...), for `metric`.
    pub metrics: Vec<(String, f64)>,
}

/// What every kind does: find its matches in `text`, one block of a document, the blocks of a
/// file in order.
pub trait ValeCheck: Send + Sync + std::fmt::Debug {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found>;

    /// The patterns whose prefix literals [`crate::vale::gate::Gate`] looks for, in the order
    /// [`ValeCheck::run_gated`] takes their places.
    fn scans(&self) -> Vec<&Scan> {
        Vec::new()
    }

    /// Whether every match starts where one of the scans' literals does, so that a block
    /// without any has none.
    fn finds_only_at_scans(&self) -> bool {
        false
    }

    /// [`ValeCheck::run`], given where each scan's literals occur in `text` (`None`: unknown).
    fn run_gated(&self, text: &str, state: &mut State, starts: &[Option<Starts>]) -> Vec<Found> {
        let _ = starts;
        self.run(text, state)
    }
}

/// A rule file's keys, with the helpers the kinds read them with.
pub struct Keys<'a>(pub &'a serde_yaml::Mapping);

impl Keys<'_> {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    pub fn bool(&self, key: &str) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true",
            _ => false,
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key).and_then(scalar)
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        match self.get(key) {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        }
    }

    /// The rule's `exceptions`, with the vocabularies' `accepted` terms unless `vocab: false`.
    pub fn exceptions(&self, accepted: &[String]) -> Vec<String> {
        let mut out = self.strings("exceptions");
        if self.bool_or("vocab", true) {
            out.extend(accepted.iter().cloned());
        }
        out
    }

    pub fn bool_or(&self, key: &str, default: bool) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            _ => default,
        }
    }

    /// A string or a list of strings, as a list (numbers and booleans as written).
    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
            Some(v) => scalar(v).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// A map of strings (`swap:`), in file order.
    pub fn pairs(&self, key: &str) -> Vec<(String, String)> {
        match self.get(key) {
            Some(Value::Mapping(m)) => m
                .iter()
                .filter_map(|(k, v)| Some((scalar(k)?, scalar(v)?)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A scalar as text.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Compiles a Vale pattern: `fancy-regex` reads the look-around and backreferences of Vale's
/// regexp2, and hands everything else to the `regex` crate. Its `seek` option finds where a
/// pattern with look-around may match with a regular pattern that matches more, before the
/// backtracking VM runs there: without it, the VM tries every position of the text (the look-
/// around terms of `Microsoft.Contractions` took a fifth of a run with the seven published
/// styles). The option is marked experimental; the test of the gate compares the alerts on
/// Vale's fixtures with and without it.
pub fn compile(pattern: &str) -> Result<fancy_regex::Regex, String> {
    compile_with(pattern, true)
}

/// [`compile`], without the literal prefilter of the `regex` crate when `prefilter` is false:
/// a pattern that runs anchored where the gate found its literals does not need one, and
/// building it took a fifth of loading the seven published styles.
pub fn compile_with(pattern: &str, prefilter: bool) -> Result<fancy_regex::Regex, String> {
    fancy_regex::RegexOptionsBuilder::new()
        .backtrack_limit(1_000_000)
        .seek(!reference_mode())
        .build_delegate_prefilter(prefilter)
        .build(pattern.to_string())
        .map_err(|e| format!("the pattern does not compile: {e}"))
}

thread_local! {
    /// Whether the patterns compiled in this thread are the reference's (see [`reference`]).
    static REFERENCE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether [`reference`] is running in this thread.
fn reference_mode() -> bool {
    REFERENCE.get()
}

/// `f`'s result, with the patterns it compiles in this thread all `fancy-regex`'s, built
/// without `seek`: the reference the test of the gate and of the engines compares with.
pub fn reference<R>(f: impl FnOnce() -> R) -> R {
    REFERENCE.set(true);
    let out = f();
    REFERENCE.set(false);
    out
}

/// Vale's pattern for `tokens`: `\b(?:…)\b` for words, `(?:…)` with `nonword`, the `raw`
/// parts before it (or after it with `append`), `(?i)` in front with `ignorecase`.
pub fn vale_pattern(tokens: &str, raw: &str, word: bool, ignorecase: bool, append: bool) -> String {
    let template = if word {
        format!(r"(?m)\b(?:{tokens})\b")
    } else {
        format!("(?m)(?:{tokens})")
    };
    let mut regex = if append {
        format!("{template}{raw}")
    } else {
        format!("{raw}{template}")
    };
    if ignorecase {
        regex = format!("(?i){regex}");
    }
    regex
}

/// Vale's exception pattern: the exceptions (with the vocabulary's accepted words), longest
/// first, each case-sensitive unless it asks otherwise, as whole words.
pub fn exceptions(mut terms: Vec<String>) -> Result<Option<fancy_regex::Regex>, String> {
    if terms.is_empty() {
        return Ok(None);
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let alternatives: Vec<String> = terms
        .iter()
        .map(|t| {
            if t.starts_with("(?i)") {
                t.clone()
            } else {
                format!("(?-i:{t})")
            }
        })
        .collect();
    compile_with(&format!(r"(?m)\b(?:{})\b", alternatives.join("|")), false).map(Some)
}

/// Vale's accepted phrases: the multi-word terms among `terms` (those with white space or
/// `\s`), as one whole-word pattern of any case. A match that lies inside one of them is not
/// reported even though the rule matched only one of its words (`place` in an accepted
/// `flooberg place`), while the words on their own still are.
pub fn phrases(terms: &[String]) -> Option<fancy_regex::Regex> {
    let multi: Vec<&str> = terms
        .iter()
        .filter(|t| t.contains([' ', '\t']) || t.contains("\\s"))
        .map(String::as_str)
        .collect();
    if multi.is_empty() {
        return None;
    }
    compile(&format!(r"(?i)\b(?:{})\b", multi.join("|"))).ok()
}

/// Whether `range` of `text` lies inside a match of `phrases` (from [`phrases`]). The matches
/// are searched for once a text, into `spans` (`None` at first): searched again for each
/// match of the rule, a text of one block, as a plain-text file is, took time in the square
/// of its length.
pub fn within_phrase(
    phrases: &Option<fancy_regex::Regex>,
    text: &str,
    range: &std::ops::Range<usize>,
    spans: &mut Option<Vec<std::ops::Range<usize>>>,
) -> bool {
    let Some(re) = phrases else {
        return false;
    };
    let spans =
        spans.get_or_insert_with(|| re.find_iter(text).flatten().map(|m| m.range()).collect());
    // The matches do not overlap: only the last to start at or before `range` may hold it.
    let at = spans.partition_point(|m| m.start <= range.start);
    at > 0 && range.end <= spans[at - 1].end
}

/// `s` with its first letter in upper case.
pub fn cap_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How many places ahead of the one read the text is fetched (see [`prefetch`]).
pub(crate) const AHEAD: usize = 8;

/// Asks the processor to bring `byte` into its cache, if there is one. Each rule reads a large
/// document at places far apart, and the first read of each place missed the cache: the
/// processor waited there more than it searched. Asked for a few places ahead, the bytes are
/// there when they are read. (The standard library offers the hint as an intrinsic only,
/// behind `unsafe`.)
#[inline(always)]
pub(crate) fn prefetch(byte: Option<&u8>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(byte) = byte {
        // SAFETY: a prefetch is a hint to the processor: it reads no memory the program can
        // see and cannot fault, whatever the address.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                std::ptr::from_ref(byte).cast(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = byte;
}

/// Whether `re` matches somewhere in `s`.
pub fn is_match(re: &Option<fancy_regex::Regex>, s: &str) -> bool {
    re.as_ref()
        .is_some_and(|re| re.is_match(s).unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule of `yaml` (built with `new`) run over `text`, block by block in order: the
    /// ranges and `%s` values found.
    fn run<C: ValeCheck>(
        check: C,
        blocks: &[&str],
    ) -> Vec<(usize, std::ops::Range<usize>, Vec<String>)> {
        let mut state = State::default();
        let mut out = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            for f in check.run(b, &mut state) {
                out.push((i, f.range, f.subs.iter().map(|s| s.to_string()).collect()));
            }
        }
        out
    }

    fn keys(yaml: &str) -> serde_yaml::Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn existence_words_nonword_and_exceptions() {
        let k =
            keys("tokens: [utilize, 'leverag(e|ing)']\nignorecase: true\nexceptions: [Utilize]\n");
        let found = run(
            Existence::new(&Keys(&k), &[]).unwrap(),
            &["We utilize; Utilize; leveraging x-utilizes"],
        );
        assert_eq!(
            found,
            [(0, 3..10, s(&["utilize"])), (0, 21..31, s(&["leveraging"]))]
        );
        let k = keys("raw: ['\\s{2,}']\nnonword: true\n");
        let found = run(Existence::new(&Keys(&k), &[]).unwrap(), &["a  b"]);
        assert_eq!(found, [(0, 1..3, s(&["  "]))]);
    }

    #[test]
    fn vocabulary_words_do_not_except_nonword_matches() {
        let k = keys("nonword: true\ntokens:\n  - '\"[^\"]+\"[.,]'\n");
        let found = run(
            Existence::new(&Keys(&k), &s(&["plugh"])).unwrap(),
            &["in quotes: \"plugh\", too"],
        );
        assert_eq!(found, [(0, 11..19, s(&["\"plugh\","]))]);
    }

    #[test]
    fn a_replace_actions_options_are_text() {
        let k = keys("nonword: true\naction:\n  name: replace\nswap:\n  ',{2,}': ',|...'\n");
        let found = run(
            Substitution::new(&Keys(&k), &[], true).unwrap(),
            &["Two,, and three,,, and ..."],
        );
        let at: Vec<_> = found.iter().map(|f| f.1.clone()).collect();
        assert_eq!(at, [3..5, 15..18]);
    }

    #[test]
    fn occurrence_counts_per_block() {
        let k = keys("token: '[^,;]+[,;]'\nmax: 2\n");
        let found = run(Occurrence::new(&Keys(&k)).unwrap(), &["a, b, c, d", "a, b"]);
        assert_eq!(found, [(0, 0..2, s(&["3"]))]);
        let k = keys("token: 'Note'\nmin: 1\n");
        assert_eq!(
            run(Occurrence::new(&Keys(&k)).unwrap(), &["nothing"]),
            [(0, 0..0, s(&["0"]))]
        );
    }

    #[test]
    fn repetition_of_the_same_word() {
        let k = keys("tokens: ['[^\\s]+']\nalpha: true\nignorecase: true\n");
        let found = run(
            Repetition::new(&Keys(&k), &[]).unwrap(),
            &["it is is The the 1 1 end\nend"],
        );
        assert_eq!(found, [(0, 3..8, s(&["is"])), (0, 9..16, s(&["the"]))]);
    }

    #[test]
    fn consistency_reports_the_second_spelling() {
        let k = keys("either:\n  advisor: adviser\n");
        let found = run(
            Consistency::new(&Keys(&k), "Demo.Spelling").unwrap(),
            &["An advisor.", "An adviser."],
        );
        assert_eq!(found, [(1, 3..10, s(&["adviser"]))]);
    }

    #[test]
    fn conditional_needs_the_definition_first() {
        let k = keys(
            "first: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\nexceptions: [ABC]\n",
        );
        let found = run(
            Conditional::new(&Keys(&k), &[]).unwrap(),
            &[
                "Use WHO and ABC.",
                "The World Health Organization (WHO) says.",
                "WHO again.",
            ],
        );
        assert_eq!(found, [(0, 4..7, s(&["WHO"]))]);
    }

    #[test]
    fn capitalization_title_sentence_and_pattern() {
        let title = keys("match: $title\n");
        let cap = Capitalization::new(&Keys(&title), &[]).unwrap();
        assert!(
            run(cap, &["The Art of War", "the art of war"])
                .iter()
                .map(|f| f.0)
                .eq([1])
        );
        let sentence = keys("match: $sentence\nexceptions: [GitHub]\n");
        let cap = Capitalization::new(&Keys(&sentence), &[]).unwrap();
        let found = run(cap, &["Using GitHub actions", "Using Some Actions Here"]);
        assert_eq!(
            found,
            [(
                1,
                0..23,
                s(&["Using Some Actions Here", "Using some actions here"])
            )]
        );
        let upper = keys("match: $upper\n");
        assert!(
            run(
                Capitalization::new(&Keys(&upper), &[]).unwrap(),
                &["NOTE", "Note"]
            )
            .iter()
            .map(|f| f.0)
            .eq([1])
        );
    }

    #[test]
    fn spelling_with_a_dictionary_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("tiny.aff"),
            "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("tiny.dic"), "3\ncat/S\ndog\nthe\n").unwrap();
        let yaml = format!(
            "dicpath: '{}'\ndictionaries: [tiny]\n",
            dir.path().display()
        );
        let k = keys(&yaml);
        let check = spelling::Spelling::new(&Keys(&k), "Demo.Spelling", &s(&["kitten"]), None);
        let found = run(
            check.unwrap(),
            &["The cats, the dog, a kitten and a dgo. NASA x2"],
        );
        // `kitten` is accepted, `cats` is `cat/S`, all-capital words and words with digits are
        // skipped by the default filters; the tiny dictionary lacks `a` and `and`.
        assert_eq!(
            found,
            [
                (0, 19..20, s(&["a"])),
                (0, 28..31, s(&["and"])),
                (0, 32..33, s(&["a"])),
                (0, 34..37, s(&["dgo"]))
            ]
        );
    }
}
