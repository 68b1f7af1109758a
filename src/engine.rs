//! The matching engine: every rule's patterns compiled into one pass over a document.
//!
//! All literals of all rules, and the prefix literals of every regex that has them, live in ONE
//! Aho-Corasick automaton. A document is scanned by it once; each hit is verified (case, word
//! boundaries) and routed to its rule. A regex with a prefix literal runs only anchored at the
//! places where that literal occurred; the few regexes without one are searched over the whole
//! text, each on its own, so that each gets the regex engine's own literal optimisations (an
//! inner literal such as `..` or `“` is found with memchr, then the match is confirmed around it)
//! and a regex that needs a slow engine does not drag the others down with it.

use crate::checks::{Hit, Hits, Literal};
use crate::document::is_word_char;
use crate::error::FileError;
use crate::rules::Rule;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, PatternID};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Regex compiled size limits: generous for real rules, bounded against hostile ones.
const REGEX_SIZE_LIMIT: usize = 10 << 20;
/// Above this many literals the automaton stays an NFA, which keeps memory in check.
const MAX_DFA_PATTERNS: usize = 5_000;
/// Text scanned before the DFA is built: its build costs about as much as scanning this much
/// text with the NFA.
const DFA_AFTER_BYTES: usize = 2 << 20;
/// A regex with more prefix literals than this is matched without a prefilter.
const MAX_TRIGGERS: usize = 64;

/// The literal automaton, in two builds: a contiguous NFA, quick to build, for the first
/// megabytes (a pre-commit hook linting one article never pays for more), then a DFA, a single
/// table lookup per byte, built once the run has scanned enough text to repay it. Every byte of
/// every document goes through this automaton, and the overlapping search cannot skip ahead.
#[derive(Debug)]
struct Automaton {
    nfa: AhoCorasick,
    dfa: OnceLock<Option<AhoCorasick>>,
    literals: Vec<Vec<u8>>,
    ignorecase: bool,
    scanned: AtomicUsize,
}

impl Automaton {
    fn new(literals: &[Vec<u8>], ignorecase: bool) -> Self {
        Automaton {
            nfa: Self::builder(ignorecase)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(literals)
                .expect("literal automaton within limits"),
            dfa: OnceLock::new(),
            literals: literals.to_vec(),
            ignorecase,
            scanned: AtomicUsize::new(0),
        }
    }

    fn builder(ignorecase: bool) -> AhoCorasickBuilder {
        let mut b = AhoCorasickBuilder::new();
        b.match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ignorecase);
        b
    }

    /// The automaton to scan `text` with; both find exactly the same matches.
    fn for_text(&self, text: &str) -> &AhoCorasick {
        let before = self.scanned.fetch_add(text.len(), Ordering::Relaxed);
        if before + text.len() < DFA_AFTER_BYTES || self.literals.len() > MAX_DFA_PATTERNS {
            return self.dfa.get().and_then(Option::as_ref).unwrap_or(&self.nfa);
        }
        self.dfa
            .get_or_init(|| {
                Self::builder(self.ignorecase)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&self.literals)
                    .ok()
            })
            .as_ref()
            .unwrap_or(&self.nfa)
    }
}

/// What one automaton pattern means to one rule.
#[derive(Debug, Clone)]
enum Route {
    /// Literal number `index` of rule `rule`; `bounded` asks for a word boundary at (start, end).
    Literal {
        rule: usize,
        index: usize,
        ignorecase: bool,
        bounded: (bool, bool),
    },
    /// A prefix literal of regex number `regex` (an index into `Engine::regexes`).
    Trigger { regex: usize },
}

#[derive(Debug)]
struct CompiledRegex {
    rule: usize,
    /// Index of the regex within its rule.
    index: usize,
    source: String,
    /// Compiled on first use: a regex whose trigger never occurs (or, for an ungated one, that
    /// the shared set never matches) costs nothing. User rules compile eagerly, so that their
    /// errors are reported when the rules are loaded; the built-in ones are tested to compile.
    compiled: OnceLock<Searcher>,
}

/// A compiled regex with the capture groups the engine reads.
#[derive(Debug)]
struct Searcher {
    regex: Regex,
    /// Capture group that narrows the reported range.
    span_group: Option<usize>,
    /// Capture group that marks what a removal fix deletes.
    fix_group: Option<usize>,
}

impl CompiledRegex {
    fn searcher(&self) -> &Searcher {
        self.compiled.get_or_init(|| {
            compile(&self.source).expect("built-in regexes compile (tested by the rule examples)")
        })
    }
}

fn compile(source: &str) -> Result<Searcher, Box<regex_automata::meta::BuildError>> {
    let regex = Regex::builder()
        .syntax(
            regex_automata::util::syntax::Config::new()
                .multi_line(true)
                .crlf(true),
        )
        .configure(
            Regex::config()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .dfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build(source)
        .map_err(Box::new)?;
    let group = |name| regex.group_info().to_index(PatternID::ZERO, name);
    let (span_group, fix_group) = (group("span"), group("fix"));
    Ok(Searcher {
        regex,
        span_group,
        fix_group,
    })
}

/// The compiled patterns of a rule set.
#[derive(Debug)]
pub struct Engine {
    automaton: Option<Automaton>,
    /// The exact bytes of each automaton pattern, for case-sensitive verification.
    literals: Vec<Vec<u8>>,
    /// Routes of each automaton pattern.
    routes: Vec<Vec<Route>>,
    regexes: Vec<CompiledRegex>,
    /// Indices into `regexes` of those without a prefilter.
    ungated: Vec<usize>,
    rule_count: usize,
}

/// Per-rule hits of one document.
#[derive(Debug, Default, Clone)]
pub struct RuleHits {
    pub literals: Vec<Hit>,
    pub regexes: Vec<Hit>,
}

impl RuleHits {
    pub fn as_hits(&self) -> Hits<'_> {
        Hits {
            literals: &self.literals,
            regexes: &self.regexes,
        }
    }
}

impl Engine {
    /// Compiles the patterns of `rules`; a regex that does not compile is reported in its rule
    /// file.
    pub fn new(rules: &[Rule]) -> Result<Self, Vec<FileError>> {
        let mut literal_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut routes: Vec<Vec<Route>> = Vec::new();
        let mut any_ignorecase = false;
        let mut add = |bytes: Vec<u8>, route: Route| {
            let id = *literal_ids.entry(bytes.clone()).or_insert_with(|| {
                literals.push(bytes);
                routes.push(Vec::new());
                literals.len() - 1
            });
            routes[id].push(route);
        };
        let mut regexes = Vec::new();
        let mut ungated = Vec::new();
        let mut errors = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            let patterns = rule.check.patterns();
            for (index, lit) in patterns.literals.iter().enumerate() {
                any_ignorecase |= lit.ignorecase;
                add(lit.text.as_bytes().to_vec(), literal_route(r, index, lit));
            }
            for (index, source) in patterns.regexes.iter().enumerate() {
                let compiled = OnceLock::new();
                if !rule.origin.path.starts_with("builtin:") {
                    match compile(source) {
                        Ok(searcher) => {
                            let _ = compiled.set(searcher);
                        }
                        Err(e) => {
                            // "error building NFA" alone does not tell a user what to change.
                            let message = match e.size_limit() {
                                Some(limit) => format!(
                                    "regex is too large: it compiles to more than {} MiB",
                                    limit >> 20
                                ),
                                None => format!("regex does not compile: {e}"),
                            };
                            errors.push(rule.origin.error_at(
                                source.trim_start_matches("(?i:").trim_end_matches(')'),
                                "raw",
                                message,
                            ));
                            continue;
                        }
                    }
                }
                let id = regexes.len();
                regexes.push(CompiledRegex {
                    rule: r,
                    index,
                    source: source.clone(),
                    compiled,
                });
                match triggers(source) {
                    Some(triggers) => {
                        any_ignorecase = true;
                        for t in triggers {
                            add(t, Route::Trigger { regex: id });
                        }
                    }
                    None => ungated.push(id),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let automaton = (!literals.is_empty()).then(|| Automaton::new(&literals, any_ignorecase));
        Ok(Engine {
            automaton,
            literals,
            routes,
            regexes,
            ungated,
            rule_count: rules.len(),
        })
    }

    /// Compiles every regex now instead of on first use (tests use it to prove that all the
    /// built-in regexes compile).
    pub fn compile_all(&self) {
        for r in &self.regexes {
            r.searcher();
        }
    }

    /// Scans `text` once and returns the hits of every rule, indexed like the rules.
    pub fn scan(&self, text: &str) -> Vec<RuleHits> {
        let mut hits = vec![RuleHits::default(); self.rule_count];
        let mut trigger_positions: Vec<Vec<usize>> = vec![Vec::new(); self.regexes.len()];
        if let Some(automaton) = &self.automaton {
            for m in automaton.for_text(text).find_overlapping_iter(text) {
                for route in &self.routes[m.pattern().as_usize()] {
                    match *route {
                        Route::Literal {
                            rule,
                            index,
                            ignorecase,
                            bounded,
                        } => {
                            let range = m.range();
                            let exact = &self.literals[m.pattern().as_usize()];
                            if (ignorecase || text.as_bytes()[range.clone()] == exact[..])
                                && bounded_ok(text, range.clone(), bounded)
                            {
                                hits[rule].literals.push(Hit::literal(index, range));
                            }
                        }
                        Route::Trigger { regex } => trigger_positions[regex].push(m.start()),
                    }
                }
            }
        }
        for (id, positions) in trigger_positions.iter_mut().enumerate() {
            if positions.is_empty() {
                continue;
            }
            positions.sort_unstable();
            positions.dedup();
            let compiled = &self.regexes[id];
            let mut next_free = 0;
            for &pos in positions.iter() {
                if pos < next_free {
                    continue;
                }
                let input = Input::new(text)
                    .span(pos..text.len())
                    .anchored(Anchored::Yes);
                if let Some(found) = search(compiled, input) {
                    next_free = found.whole.end.max(pos + 1);
                    hits[compiled.rule].regexes.push(found.hit(compiled.index));
                }
            }
        }
        for &id in &self.ungated {
            let compiled = &self.regexes[id];
            let mut at = 0;
            while at <= text.len() {
                let input = Input::new(text).span(at..text.len());
                let Some(found) = search(compiled, input) else {
                    break;
                };
                at = if found.whole.is_empty() {
                    next_char(text, found.whole.end)
                } else {
                    found.whole.end
                };
                hits[compiled.rule].regexes.push(found.hit(compiled.index));
            }
        }
        for h in &mut hits {
            h.literals.sort_by_key(|h| (h.range.start, h.range.end));
            h.regexes.sort_by_key(|h| (h.range.start, h.range.end));
        }
        hits
    }
}

fn literal_route(rule: usize, index: usize, lit: &Literal) -> Route {
    let first = lit.text.chars().next().is_some_and(is_word_char);
    let last = lit.text.chars().next_back().is_some_and(is_word_char);
    Route::Literal {
        rule,
        index,
        ignorecase: lit.ignorecase,
        bounded: (lit.word_bounded && first, lit.word_bounded && last),
    }
}

/// Checks the word boundaries a literal asks for.
fn bounded_ok(text: &str, range: Range<usize>, bounded: (bool, bool)) -> bool {
    if bounded.0
        && text[..range.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
    {
        return false;
    }
    if bounded.1 && text[range.end..].chars().next().is_some_and(is_word_char) {
        return false;
    }
    true
}

/// One regex match: the whole match, the reported span and the range a fix removes.
struct Found {
    whole: Range<usize>,
    span: Range<usize>,
    fix: Option<Range<usize>>,
}

impl Found {
    fn hit(self, pattern: usize) -> Hit {
        Hit {
            pattern,
            range: self.span,
            fix: self.fix,
            whole: self.whole,
        }
    }
}

/// Runs one search, reading the `span` and `fix` groups when the regex has them.
fn search(compiled: &CompiledRegex, input: Input) -> Option<Found> {
    let compiled = compiled.searcher();
    if compiled.span_group.is_none() && compiled.fix_group.is_none() {
        let whole = compiled.regex.search(&input)?.range();
        return Some(Found {
            span: whole.clone(),
            whole,
            fix: None,
        });
    }
    let mut caps = compiled.regex.create_captures();
    compiled.regex.search_captures(&input, &mut caps);
    let whole = caps.get_match()?.range();
    let group = |g: Option<usize>| g.and_then(|g| caps.get_group(g)).map(|s| s.range());
    Some(Found {
        span: group(compiled.span_group).unwrap_or(whole.clone()),
        fix: group(compiled.fix_group),
        whole,
    })
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(at + 1, |c| at + c.len_utf8())
}

/// The literals every match of `source` starts with, folded to lower case, if there is a small
/// set of selective ones; `None` when the regex must be run over the whole text.
fn triggers(source: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(source)
        .ok()?;
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_total(4 * MAX_TRIGGERS);
    let seq = extractor.extract(&hir);
    let literals = seq.literals()?;
    let mut out: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    let selective = |l: &Vec<u8>| match l.as_slice() {
        [] => false,
        [b] => !(b.is_ascii_alphanumeric() || b.is_ascii_whitespace()),
        _ => true,
    };
    (!out.is_empty() && out.len() <= MAX_TRIGGERS && out.iter().all(selective)).then_some(out)
}
