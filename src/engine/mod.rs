//! The matching engine: every rule's patterns compiled into one pass over a document.
//!
//! All literals of all rules, and the literals every match of a regex must contain, live in ONE
//! Aho-Corasick automaton. A document is scanned by it once; each hit is verified (case, word
//! boundaries) and routed to its rule. A regex whose matches start with one of a few literals
//! runs only anchored where one occurred (and, when its matches also end with one of a few
//! longer literals, only where one of those follows within the longest match); a regex whose
//! matches contain one (`..` in `\p{L}\.\.`, ` .` in `\w[ \t]+[.,]`) and span a bounded
//! number of lines runs only over the lines around each occurrence. The few regexes with neither are searched over the whole text, each on its
//! own, so that a regex that needs a slow engine does not drag the others down with it.

mod builtin_gates;
pub(crate) mod forward;
mod gate;
pub(crate) use gate::folded_literals;
pub(crate) mod lanes;
mod literal_dfa;
pub(crate) mod parallel;
pub mod patterns;

use aho_corasick::MatchKind;
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous::NFA;
use forward::ForwardRegex;
use gate::{Border, Gate, gate_of};
use literal_dfa::LiteralDfa;
use patterns::{Hit, Hits, Literal, Patterns, within_bounds};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternID};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Regex compiled size limits: generous for real rules, bounded against hostile ones.
pub(crate) const REGEX_SIZE_LIMIT: usize = 10 << 20;
/// Above this many literals the automaton stays an NFA, which keeps memory in check.
const MAX_DFA_PATTERNS: usize = 5_000;
/// Failure-link steps (see [`crate_dfa_build_steps`]) above which the literal automaton is not
/// built as `aho-corasick`'s DFA: its build then takes longer than loading the rules may.
const MAX_DFA_BUILD_STEPS: u64 = 1 << 26;
/// Documents shorter than this are scanned (and linted) on one thread: helpers would cost more
/// than they save.
pub(crate) const PARALLEL_MIN_BYTES: usize = 128 << 10;

/// The literal automaton. Every byte of every document goes through it, and the overlapping
/// search cannot skip ahead, so it is a DFA (one table load a byte) walked in interleaved lanes
/// ([`lanes`]): [`LiteralDfa`], quick to build for the packs' literals; for literal
/// sets beyond its 32k states, `aho-corasick`'s DFA (slower to build); beyond
/// [`MAX_DFA_PATTERNS`], its contiguous NFA, which keeps memory in check.
#[derive(Debug)]
enum Automaton {
    LiteralDfa(LiteralDfa),
    Dfa(DFA),
    Nfa(NFA),
}

impl Automaton {
    fn new(literals: &[Vec<u8>], ignorecase: bool) -> Self {
        if let Some(dfa) = LiteralDfa::new(literals, ignorecase) {
            return Automaton::LiteralDfa(dfa);
        }
        // The crate's DFA builder finds each missing transition by following failure links
        // from the state, without keeping what it found for the states before: a long literal
        // that repeats itself (`xxxx…`, `abab…`) has failure chains as long as it is deep, and
        // the build grows with the square of its length. Past a budget of such steps, the
        // contiguous NFA, whose build follows each chain once, finds the same matches.
        if literals.len() <= MAX_DFA_PATTERNS
            && crate_dfa_build_steps(literals, ignorecase) <= MAX_DFA_BUILD_STEPS
        {
            let dfa = DFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ignorecase)
                .build(literals);
            if let Ok(dfa) = dfa {
                return Automaton::Dfa(dfa);
            }
        }
        Automaton::Nfa(
            NFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ignorecase)
                .build(literals)
                .expect("literal automaton within limits"),
        )
    }

    /// Calls `found(pattern, start, end)` for every overlapping match in `text`.
    fn for_each_match(&self, text: &str, found: impl FnMut(usize, usize, usize)) {
        match self {
            Automaton::LiteralDfa(dfa) => lanes::for_each_overlapping(dfa, text.as_bytes(), found),
            Automaton::Dfa(dfa) => lanes::for_each_overlapping(
                &lanes::AhoCorasickAutomaton(dfa),
                text.as_bytes(),
                found,
            ),
            Automaton::Nfa(nfa) => lanes::for_each_overlapping(
                &lanes::AhoCorasickAutomaton(nfa),
                text.as_bytes(),
                found,
            ),
        }
    }
}

/// The most failure-link steps `aho-corasick`'s DFA builder can take for `literals`: for every
/// state of their trie and every byte class, a walk at most as long as the state is deep. The
/// depths are summed from the sorted literals, each adding the states past its common prefix
/// with the one before.
fn crate_dfa_build_steps(literals: &[Vec<u8>], ignorecase: bool) -> u64 {
    let fold = |b: u8| {
        if ignorecase {
            b.to_ascii_lowercase()
        } else {
            b
        }
    };
    let mut keys: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.iter().map(|&b| fold(b)).collect())
        .collect();
    keys.sort_unstable();
    let mut used = [false; 256];
    let mut depths = 0u64;
    let mut previous: &[u8] = &[];
    for key in &keys {
        for &b in key {
            used[usize::from(b)] = true;
        }
        let common = key.iter().zip(previous).take_while(|(a, b)| a == b).count() as u64;
        let len = key.len() as u64;
        depths = depths.saturating_add((len * (len + 1) - common * (common + 1)) / 2);
        previous = key;
    }
    // Bytes in no literal share one more class.
    let classes = used.iter().filter(|&&u| u).count() as u64 + 1;
    depths.saturating_mul(classes)
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
    /// A trigger literal of regex number `regex` (an index into `Engine::regexes`), which
    /// counts only where `Engine::borders[border]` admits it (0: everywhere).
    Trigger { regex: usize, border: usize },
    /// A confirmation literal of regex number `regex`.
    Confirm { regex: usize },
}

/// One regex of one rule as the engine holds it: its source, the gate that decides where it
/// runs, and its automata once compiled.
#[derive(Debug)]
struct GatedRegex {
    rule: usize,
    /// Index of the regex within its rule.
    index: usize,
    source: String,
    gate: Gate,
    /// Whether a trigger counts only with a confirmation literal after it (see [`Gating`]).
    confirmed: bool,
    /// Compiled on first use: a regex whose trigger never occurs (or, for an ungated one, that
    /// the shared set never matches) costs nothing. User rules compile eagerly, so that their
    /// errors are reported when the rules are loaded; the built-in ones are tested to compile.
    compiled: OnceLock<CompiledRegex>,
}

/// The automata of a regex, with the capture groups the engine reads.
#[derive(Debug)]
struct CompiledRegex {
    matcher: Matcher,
    /// Capture group that narrows the reported range.
    span_group: Option<usize>,
    /// Capture group that marks what a removal fix deletes.
    fix_group: Option<usize>,
}

/// The automata a regex is compiled to: for searches anchored at a trigger, or for any search.
#[derive(Debug)]
enum Matcher {
    Anchored(Box<ForwardRegex>),
    Meta(Regex),
}

impl GatedRegex {
    fn compiled(&self) -> &CompiledRegex {
        self.compiled.get_or_init(|| {
            compile(&self.source, self.gate)
                .expect("built-in regexes compile (tested by the rule examples)")
        })
    }
}

/// The syntax of the engine's regexes: `^` and `$` at line ends, a line ending in `\r\n` too.
/// Everything that builds automata of a rule's regex (compilation, the prefix borders) uses it.
fn syntax() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .multi_line(true)
        .crlf(true)
}

/// Compiles `source` for the way `gate` runs it. Most regexes run anchored at a trigger or over
/// a few lines, and many compile for one short document, so building is kept cheap: a regex
/// that runs anchored gets its forward automata only ([`ForwardRegex`]); the others no
/// prefilter where the automaton already found the literal it would look for, and no one-pass
/// DFA (the bounded backtracker reads the groups of short matches about as fast).
fn compile(
    source: &str,
    gate: Gate,
) -> Result<CompiledRegex, Box<regex_automata::meta::BuildError>> {
    let syntax = syntax();
    let anchored = matches!(gate, Gate::Prefix { .. })
        .then(|| ForwardRegex::new(&[source], syntax, REGEX_SIZE_LIMIT))
        .flatten();
    let matcher = match anchored {
        Some(anchored) => Matcher::Anchored(Box::new(anchored)),
        // Where the anchored automata cannot be built, the meta regex says why.
        None => Matcher::Meta(
            Regex::builder()
                .syntax(syntax)
                .configure(
                    Regex::config()
                        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                        .dfa_size_limit(Some(REGEX_SIZE_LIMIT))
                        .auto_prefilter(!matches!(gate, Gate::Prefix { .. }))
                        .onepass(false),
                )
                .build(source)
                .map_err(Box::new)?,
        ),
    };
    let groups = match &matcher {
        Matcher::Anchored(r) => r.group_info(),
        Matcher::Meta(r) => r.group_info(),
    };
    let group = |name| groups.to_index(PatternID::ZERO, name);
    let (span_group, fix_group) = (group("span"), group("fix"));
    Ok(CompiledRegex {
        matcher,
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
    regexes: Vec<GatedRegex>,
    /// Indices into `regexes` of those without a prefilter.
    ungated: Vec<usize>,
    /// The borders of the prefix triggers that have one ([`Route::Trigger`]).
    borders: Vec<Border>,
    rule_count: usize,
}

/// What the engine needs of one rule.
#[derive(Debug, Default)]
pub struct RulePatterns {
    /// What the rule's check asks the engine to find.
    pub patterns: Patterns,
    /// Whether the rule's regexes compile now, so that their errors are reported when the
    /// rules are loaded (user rules), instead of on first use (built-in rules, which the tests
    /// compile).
    pub compile_now: bool,
}

/// A regex that does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    /// Index of its rule in the rules given to [`Engine::new`].
    pub rule: usize,
    /// The regex, as the check gave it.
    pub source: String,
    /// What is wrong, in words a rule's author can act on.
    pub message: String,
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
    /// Compiles the patterns of `rules`; the regexes that do not compile (of the rules that
    /// compile theirs now) are the error.
    pub fn new(rules: &[RulePatterns]) -> Result<Self, Vec<RegexError>> {
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
        // Index 0 stands for no test.
        let mut borders = vec![Border::ANY];
        let mut errors = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            let patterns = &rule.patterns;
            for (index, lit) in patterns.literals.iter().enumerate() {
                any_ignorecase |= lit.ignorecase;
                add(lit.text.as_bytes().to_vec(), literal_route(r, index, lit));
            }
            for (index, source) in patterns.regexes.iter().enumerate() {
                let gating = gate_of(source);
                let gate = gating.gate;
                let compiled = OnceLock::new();
                if rule.compile_now {
                    match compile(source, gate) {
                        Ok(regex) => {
                            let _ = compiled.set(regex);
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
                            errors.push(RegexError {
                                rule: r,
                                source: source.clone(),
                                message,
                            });
                            continue;
                        }
                    }
                }
                let id = regexes.len();
                regexes.push(GatedRegex {
                    rule: r,
                    index,
                    source: source.clone(),
                    gate,
                    confirmed: !gating.confirms.is_empty(),
                    compiled,
                });
                if gate == Gate::WholeText {
                    ungated.push(id);
                }
                for (i, t) in gating.triggers.iter().enumerate() {
                    any_ignorecase = true;
                    let border = match gating.border(i) {
                        Border::ANY => 0,
                        border => {
                            borders.push(border);
                            borders.len() - 1
                        }
                    };
                    add(t.clone(), Route::Trigger { regex: id, border });
                }
                for c in gating.confirms {
                    // Folded to lower case like the triggers, so matched ignoring case too.
                    any_ignorecase = true;
                    add(c, Route::Confirm { regex: id });
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
            borders,
            rule_count: rules.len(),
        })
    }

    /// The source of every regex, in engine order (tests compare the generated gates with it).
    pub fn regex_sources(&self) -> impl Iterator<Item = &str> {
        self.regexes.iter().map(|r| r.source.as_str())
    }

    /// Compiles every regex now instead of on first use (tests use it to prove that all the
    /// built-in regexes compile).
    pub fn compile_all(&self) {
        for r in &self.regexes {
            r.compiled();
        }
    }

    /// Scans `text` once and returns the hits of every rule that is `active` (indexed like the
    /// rules; the others get none), indexed like the rules; regexes compiled on first use are
    /// compiled on up to `threads` threads, and in a large text searched on them too.
    pub fn scan(&self, text: &str, active: &[bool], threads: usize) -> Vec<RuleHits> {
        let mut hits = vec![RuleHits::default(); self.rule_count];
        let mut trigger_positions: Vec<Vec<usize>> = vec![Vec::new(); self.regexes.len()];
        let mut confirm_positions: Vec<Vec<usize>> = vec![Vec::new(); self.regexes.len()];
        let regex_active: Vec<bool> = self.regexes.iter().map(|r| active[r.rule]).collect();
        if let Some(automaton) = &self.automaton {
            automaton.for_each_match(text, |pattern, start, end| {
                for route in &self.routes[pattern] {
                    match *route {
                        Route::Literal {
                            rule,
                            index,
                            ignorecase,
                            bounded,
                        } => {
                            if !active[rule] {
                                continue;
                            }
                            let exact = &self.literals[pattern];
                            if (ignorecase || text.as_bytes()[start..end] == exact[..])
                                && within_bounds(text, start..end, bounded)
                            {
                                hits[rule].literals.push(Hit::literal(index, start..end));
                            }
                        }
                        Route::Trigger { regex, border }
                            if regex_active[regex]
                                && (border == 0
                                    || self.borders[border].admits(
                                        text.as_bytes(),
                                        start,
                                        end,
                                    ))
                                && self.regexes[regex].gate.admits(text.as_bytes(), start, end) =>
                        {
                            trigger_positions[regex].push(start)
                        }
                        Route::Confirm { regex } if regex_active[regex] => {
                            confirm_positions[regex].push(start)
                        }
                        Route::Trigger { .. } | Route::Confirm { .. } => {}
                    }
                }
            });
        }
        for (id, positions) in trigger_positions.iter_mut().enumerate() {
            positions.sort_unstable();
            positions.dedup();
            if let (Gate::Prefix { longest, exclusive }, true) =
                (self.regexes[id].gate, self.regexes[id].confirmed)
            {
                confirm(positions, &mut confirm_positions[id], longest, exclusive);
            }
        }
        // The regexes to run: the gated ones with triggers, then the ungated ones. Their hits
        // are appended in this order whatever the number of threads.
        let searches: Vec<usize> = (0..self.regexes.len())
            .filter(|&id| !trigger_positions[id].is_empty())
            .chain(self.ungated.iter().copied().filter(|&id| regex_active[id]))
            .collect();
        self.compile_needed(searches.iter().copied(), threads);
        let split = if text.len() < PARALLEL_MIN_BYTES {
            1
        } else {
            threads
        };
        let found = parallel::map(&searches, split, |&id| {
            let regex = &self.regexes[id];
            let positions = &trigger_positions[id];
            let mut found = Vec::new();
            match regex.gate {
                Gate::Inner { newlines, .. } => {
                    let mut caps = None;
                    for window in line_windows(text, positions, newlines) {
                        find_all_with(regex, text, window, &mut found, &mut caps);
                    }
                }
                Gate::Prefix { .. } => anchored_matches(regex, text, positions, &mut found),
                Gate::WholeText => find_all(regex, text, 0..text.len(), &mut found),
            }
            found
        });
        for (id, found) in searches.into_iter().zip(found) {
            hits[self.regexes[id].rule].regexes.extend(found);
        }
        for h in &mut hits {
            h.literals.sort_by_key(|h| (h.range.start, h.range.end));
            h.regexes.sort_by_key(|h| (h.range.start, h.range.end));
        }
        hits
    }

    /// Compiles the regexes of `ids` not compiled yet, on up to `threads` threads. Unicode
    /// classes make large automata, slow to build, and a short article needs half a dozen, so
    /// a hook linting one file waits for the slowest instead of for all.
    fn compile_needed(&self, ids: impl Iterator<Item = usize>, threads: usize) {
        let pending: Vec<&GatedRegex> = ids
            .map(|id| &self.regexes[id])
            .filter(|r| r.compiled.get().is_none())
            .collect();
        parallel::map(&pending, threads, |r| {
            r.compiled();
        });
    }
}

/// The matches of `regex` anchored at the sorted `positions`, except those inside an
/// earlier match.
fn anchored_matches(regex: &GatedRegex, text: &str, positions: &[usize], out: &mut Vec<Hit>) {
    let mut next_free = 0;
    let mut caps = None;
    for &pos in positions {
        if pos < next_free {
            continue;
        }
        let input = Input::new(text)
            .span(pos..text.len())
            .anchored(Anchored::Yes);
        if let Some(found) = search(regex, input, &mut caps) {
            next_free = found.whole.end.max(pos + 1);
            out.push(found.hit(regex.index));
        }
    }
}

/// Keeps the trigger `positions` (sorted) of a prefix-gated regex that a confirmation literal
/// starting at one of `confirms` may end a match of: at or after the trigger, at most `longest`
/// bytes on, and when `exclusive` no later than the next trigger. The others cannot start a
/// match, so the regex need not run (or compile) there.
fn confirm(
    positions: &mut Vec<usize>,
    confirms: &mut [usize],
    longest: Option<usize>,
    exclusive: bool,
) {
    confirms.sort_unstable();
    let mut kept = Vec::new();
    for (i, &t) in positions.iter().enumerate() {
        let next = confirms.partition_point(|&c| c < t);
        let Some(&c) = confirms.get(next) else {
            break;
        };
        let near = longest.is_none_or(|n| c - t <= n);
        if near && !(exclusive && positions.get(i + 1).is_some_and(|&u| u < c)) {
            kept.push(t);
        }
    }
    *positions = kept;
}

fn literal_route(rule: usize, index: usize, lit: &Literal) -> Route {
    Route::Literal {
        rule,
        index,
        ignorecase: lit.ignorecase,
        bounded: lit.bounds(),
    }
}

/// One regex match: the whole match, the reported span and the range a fix removes.
struct Found {
    whole: Range<usize>,
    span: Range<usize>,
    fix: Option<Range<usize>>,
}

impl Found {
    /// A match without groups: the span is the whole match.
    fn whole(whole: Range<usize>) -> Self {
        Found {
            span: whole.clone(),
            whole,
            fix: None,
        }
    }

    fn hit(self, pattern: usize) -> Hit {
        Hit {
            pattern,
            range: self.span,
            fix: self.fix,
            whole: self.whole,
        }
    }
}

/// Runs one search, reading the `span` and `fix` groups when the regex has them into `caps`
/// (made on first use, then reused: a regex searched at thousands of triggers allocates once).
/// A regex compiled for anchored search gets anchored inputs only.
fn search(regex: &GatedRegex, input: Input, caps: &mut Option<Captures>) -> Option<Found> {
    let compiled = regex.compiled();
    let groups = compiled.span_group.is_some() || compiled.fix_group.is_some();
    let caps = match &compiled.matcher {
        Matcher::Anchored(regex) => {
            if !groups {
                let whole = regex.find(&input, None)?;
                return Some(Found::whole(whole));
            }
            let caps = caps.get_or_insert_with(|| regex.create_captures());
            regex.find(&input, Some(caps))?;
            caps
        }
        Matcher::Meta(regex) => {
            if !groups {
                return Some(Found::whole(regex.search(&input)?.range()));
            }
            let caps = caps.get_or_insert_with(|| regex.create_captures());
            regex.search_captures(&input, caps);
            caps
        }
    };
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

/// Every match of `regex` inside `range` of `text`, leftmost first, not overlapping. The
/// text outside the range is still seen by look-around (`^`, `\b`).
fn find_all(regex: &GatedRegex, text: &str, range: Range<usize>, out: &mut Vec<Hit>) {
    find_all_with(regex, text, range, out, &mut None);
}

/// [`find_all`] with the captures of earlier searches of the same regex.
fn find_all_with(
    regex: &GatedRegex,
    text: &str,
    range: Range<usize>,
    out: &mut Vec<Hit>,
    caps: &mut Option<Captures>,
) {
    let mut at = range.start;
    while at <= range.end {
        let input = Input::new(text).span(at..range.end);
        let Some(found) = search(regex, input, caps) else {
            break;
        };
        at = if found.whole.is_empty() {
            next_char(text, found.whole.end)
        } else {
            found.whole.end
        };
        out.push(found.hit(regex.index));
    }
}

/// The runs of whole lines that hold every match containing one of `positions` (sorted) when
/// a match spans at most `newlines` line feeds: from `newlines` lines before a position's line
/// to `newlines` lines after it, line feeds included; overlapping runs are merged, so each
/// match lies in exactly one run and searching each run finds what searching the whole text
/// would.
fn line_windows(text: &str, positions: &[usize], newlines: usize) -> Vec<Range<usize>> {
    // Bytes, not `str`: a trigger crossed from a suffix may start inside a character.
    let bytes = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    // End of the line of the last position handled: later positions on it add nothing.
    let mut line_end = 0;
    for &p in positions {
        if p < line_end {
            continue;
        }
        let (mut start, mut lines_back) = (p.min(bytes.len()), 0);
        let start = loop {
            match memchr::memrchr(b'\n', &bytes[..start]) {
                Some(nl) if lines_back < newlines => (start, lines_back) = (nl, lines_back + 1),
                Some(nl) => break nl + 1,
                None => break 0,
            }
        };
        let mut end = p.min(bytes.len());
        for i in 0..=newlines {
            match memchr::memchr(b'\n', &bytes[end..]) {
                Some(nl) => {
                    end += nl + 1;
                    if i == 0 {
                        line_end = end;
                    }
                }
                None => {
                    end = text.len();
                    line_end = end;
                    break;
                }
            }
        }
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gate::Gating;

    #[test]
    fn literal_sets_too_large_for_our_dfa_go_to_the_crate() {
        let words = |n: u32| -> Vec<Vec<u8>> {
            (0..n)
                .map(|i| format!("w{}x{i}", i * 7919).into_bytes())
                .collect()
        };
        let text = "w0x0 w7919x1 and w39587081x4999 but not w39595000x5000.";
        for (n, kind) in [(10, "ours"), (5_000, "dfa"), (6_000, "nfa")] {
            let automaton = Automaton::new(&words(n), true);
            let built = match automaton {
                Automaton::LiteralDfa(_) => "ours",
                Automaton::Dfa(_) => "dfa",
                Automaton::Nfa(_) => "nfa",
            };
            assert_eq!(built, kind);
            let mut found = Vec::new();
            automaton.for_each_match(text, |p, s, e| found.push((p, s, e)));
            found.sort_unstable();
            let expected: Vec<_> = [(0, 0, 4), (1, 5, 12), (4999, 17, 31), (5000, 40, 54)]
                .into_iter()
                .filter(|&(p, _, _)| p < n as usize)
                .collect();
            assert_eq!(found, expected, "{kind}");
        }
    }

    #[test]
    fn long_repetitive_literals_go_to_the_contiguous_nfa() {
        // Short literals enough to pass our DFA's state limit, and one long literal that
        // repeats itself: its failure chains are as long as it is deep.
        let filler = |n: u32| -> Vec<Vec<u8>> {
            (0..n)
                .map(|i| format!("w{}x{i}", i * 7919).into_bytes())
                .collect()
        };
        let text_of = |token: &[u8]| {
            let mut text = b"w0x0 and ".to_vec();
            text.extend_from_slice(token);
            text.extend_from_slice(b"y ");
            text.extend_from_slice(&token[1..]);
            String::from_utf8(text).unwrap()
        };
        for (token, kind) in [
            (b"x".repeat(28_000), "nfa"),
            (b"ab".repeat(20_000), "nfa"),
            (b"xy".repeat(300), "dfa"),
        ] {
            let mut literals = filler(4_500);
            literals.push(token.clone());
            let automaton = Automaton::new(&literals, true);
            let built = match automaton {
                Automaton::LiteralDfa(_) => "ours",
                Automaton::Dfa(_) => "dfa",
                Automaton::Nfa(_) => "nfa",
            };
            assert_eq!(built, kind, "{}", token.len());
            // Once, not again one byte short.
            let mut found = Vec::new();
            automaton.for_each_match(&text_of(&token), |p, s, e| found.push((p, s, e)));
            found.sort_unstable();
            assert_eq!(found, [(0, 0, 4), (4_500, 9, 9 + token.len())]);
        }
    }

    #[test]
    fn dfa_build_steps_count_each_state_s_depth_once() {
        // `ab` and `abc` share two states: depths 1 and 2, then 3; `b` adds one at depth 1.
        // Three byte classes (a, b, c) and one for the rest.
        let literals = [b"abc".to_vec(), b"ab".to_vec(), b"B".to_vec()];
        assert_eq!(crate_dfa_build_steps(&literals, true), (1 + 2 + 3 + 1) * 4);
        // Without folding, `B` is a class and a state of its own too.
        assert_eq!(crate_dfa_build_steps(&literals, false), (1 + 2 + 3 + 1) * 5);
        let long = [b"x".repeat(28_000)];
        assert!(crate_dfa_build_steps(&long, false) > MAX_DFA_BUILD_STEPS);
    }

    #[test]
    fn line_windows_cover_the_lines_around_each_position_once() {
        let text = "l0\nl1 x\nl2\nl3 x x\nl4\nl5\nl6 x";
        let at = |line: usize| {
            text.split('\n')
                .take(line)
                .map(|l| l.len() + 1)
                .sum::<usize>()
        };
        let xs: Vec<usize> = text.match_indices('x').map(|(i, _)| i).collect();
        assert_eq!(
            line_windows(text, &xs, 0),
            [at(1)..at(2), at(3)..at(4), at(6)..text.len()]
        );
        // Windows that touch are merged too.
        assert_eq!(line_windows(text, &xs, 1), vec![0..text.len()]);
        assert_eq!(line_windows(text, &xs[..3], 1), vec![0..at(5)]);
        assert_eq!(line_windows(text, &xs, 9), vec![0..text.len()]);
        assert_eq!(line_windows("\nx", &[0], 0), vec![0..1]);
        // Positions inside a character (a suffix may start there) and past the end.
        assert_eq!(line_windows("a\né\nb", &[3], 0), vec![2..5]);
        assert_eq!(line_windows("ab", &[7], 0), vec![0..2]);
        assert!(line_windows(text, &[], 1).is_empty());
    }

    #[test]
    fn gated_search_finds_what_a_whole_text_search_finds() {
        let source = r"[\p{L}\p{N})\]”’](?P<span>[ \t]+[.,;:!?])(?:[\s”’\]]|$)";
        let regex = bare(source, gate_of(source).gate);
        let text = "One .\nTwo , and three ; x\n\n“quoted” .\nfour\t!\n. five ?";
        let mut whole = Vec::new();
        find_all(&regex, text, 0..text.len(), &mut whole);
        let Gating { gate, triggers, .. } = gate_of(source);
        let Gate::Inner { newlines, .. } = gate else {
            panic!("{gate:?}")
        };
        let mut positions: Vec<usize> = triggers
            .iter()
            .flat_map(|t| {
                let t = std::str::from_utf8(t).unwrap();
                text.match_indices(t)
                    .map(|(i, _)| i)
                    .filter(|&i| gate.admits(text.as_bytes(), i, i + t.len()))
            })
            .collect();
        positions.sort_unstable();
        let mut gated = Vec::new();
        for window in line_windows(text, &positions, newlines) {
            find_all(&regex, text, window, &mut gated);
        }
        let spans = |h: &[Hit]| h.iter().map(|h| h.range.clone()).collect::<Vec<_>>();
        assert_eq!(spans(&gated), spans(&whole));
        assert_eq!(whole.len(), 6);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(16, 256)))]

        /// For every built-in regex gated by inner literals, searching the windows around the
        /// literals finds exactly what searching the whole text finds.
        #[test]
        fn inner_gating_is_exact(parts in proptest::collection::vec(0usize..24, 0..60)) {
            const PIECES: [&str; 24] = [
                "a", "Word", " ", "  ", "\t", "\n", "\r\n", ".", "..", ",", ";", "!", "?",
                "“", "”", "’", "\"", "''", ",,", "\u{200D}", "é", "the", "(", "\n\n",
            ];
            let text: String = parts.iter().map(|&i| PIECES[i]).collect();
            for rule in crate::rules::builtin_rules().unwrap() {
                for source in rule.check.patterns().regexes {
                    let Gating { gate, triggers, .. } = gate_of(&source);
                    let Gate::Inner { newlines, .. } = gate else { continue };
                    let regex = bare(&source, gate);
                    let mut whole = Vec::new();
                    find_all(&regex, &text, 0..text.len(), &mut whole);
                    let lower = text.to_ascii_lowercase();
                    let lower = lower.as_bytes();
                    let bytes = text.as_bytes();
                    let mut positions: Vec<usize> = triggers
                        .iter()
                        .flat_map(|t| {
                            (0..lower.len()).filter(move |&i| {
                                lower[i..].starts_with(t) && gate.admits(bytes, i, i + t.len())
                            })
                        })
                        .collect();
                    positions.sort_unstable();
                    let mut gated = Vec::new();
                    for window in line_windows(&text, &positions, newlines) {
                        find_all(&regex, &text, window, &mut gated);
                    }
                    let spans = |h: &[Hit]| h.iter().map(|h| h.whole.clone()).collect::<Vec<_>>();
                    proptest::prop_assert_eq!(spans(&gated), spans(&whole), "{} {}", rule.id, source);
                }
            }
        }

        /// For every built-in prefix-gated regex with confirmation literals, the triggers that
        /// a confirmation keeps find exactly what all the triggers find, on texts made of its
        /// rule's examples and its own literals.
        #[test]
        fn prefix_confirmation_is_exact(parts in proptest::collection::vec(0usize..64, 0..40)) {
            for (source, gating, examples) in confirmed_builtin_regexes() {
                let Gate::Prefix { longest, exclusive } = gating.gate else { unreachable!() };
                let mut pieces: Vec<&str> = vec![" ", "\n", "a", "use", " x ", "."];
                pieces.extend(examples.iter().map(String::as_str));
                pieces.extend(
                    gating.triggers.iter().chain(&gating.confirms)
                        .filter_map(|l| std::str::from_utf8(l).ok()),
                );
                let text: String = parts.iter().map(|&i| pieces[i % pieces.len()]).collect();
                let lower = text.to_ascii_lowercase();
                let starts = |set: &[Vec<u8>]| -> Vec<usize> {
                    let mut at: Vec<usize> = (0..lower.len())
                        .filter(|&i| set.iter().any(|l| lower.as_bytes()[i..].starts_with(l)))
                        .collect();
                    at.sort_unstable();
                    at
                };
                let all = starts(&gating.triggers);
                let mut kept = all.clone();
                confirm(&mut kept, &mut starts(&gating.confirms), longest, exclusive);
                let spans = |at: &[usize]| anchored_spans(&source, gating.gate, &text, at);
                proptest::prop_assert_eq!(spans(&kept), spans(&all), "{}", source);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(8, 64)))]

        /// For every built-in prefix-gated regex, the triggers whose borders admit the bytes
        /// around them find exactly what all the triggers find, on texts made of its rule's
        /// examples, its own triggers and bytes that end words or not.
        #[test]
        fn prefix_borders_are_exact(parts in proptest::collection::vec(0usize..96, 0..40)) {
            let bordered = builtin_regexes(|g| {
                matches!(g.gate, Gate::Prefix { .. })
                    && (0..g.triggers.len()).any(|i| g.border(i) != Border::ANY)
            });
            for (source, gating, examples) in bordered {
                let mut pieces: Vec<&str> =
                    vec![" ", "\n", "\r", "a", "n", "-", "_", "1", ".", "(", "'", "é", "“", "”", "x "];
                pieces.extend(examples.iter().map(String::as_str));
                pieces.extend(gating.triggers.iter().filter_map(|l| std::str::from_utf8(l).ok()));
                let text: String = parts.iter().map(|&i| pieces[i % pieces.len()]).collect();
                let (bytes, lower) = (text.as_bytes(), text.to_ascii_lowercase());
                let occurs = |i: usize, t: &[u8]| lower.as_bytes()[i..].starts_with(t);
                let all: Vec<usize> = (0..text.len())
                    .filter(|&i| gating.triggers.iter().any(|t| occurs(i, t)))
                    .collect();
                let kept: Vec<usize> = (0..text.len())
                    .filter(|&i| gating.triggers.iter().enumerate().any(|(k, t)| {
                        occurs(i, t) && gating.border(k).admits(bytes, i, i + t.len())
                    }))
                    .collect();
                let spans = |at: &[usize]| anchored_spans(&source, gating.gate, &text, at);
                proptest::prop_assert_eq!(spans(&kept), spans(&all), "{}", source);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(6, 48)))]

        /// Every built-in prefix-gated regex, compiled for anchored search, finds at every
        /// position what its meta regex finds there, groups included: on texts made of its
        /// rule's examples, its triggers, and characters outside ASCII (where the lazy DFA of a
        /// Unicode `\b` quits and the slower engines answer).
        #[test]
        fn anchored_search_finds_what_the_meta_regex_finds(
            parts in proptest::collection::vec(0usize..96, 0..30),
        ) {
            for (source, gating, examples) in builtin_regexes(|g| matches!(g.gate, Gate::Prefix { .. })) {
                let mut pieces: Vec<&str> = vec![" ", "\n", "a", ".", "é", "“", "”", "ß "];
                pieces.extend(examples.iter().map(String::as_str));
                pieces.extend(gating.triggers.iter().filter_map(|l| std::str::from_utf8(l).ok()));
                let text: String = parts.iter().map(|&i| pieces[i % pieces.len()]).collect();
                let regex = |gate| bare(&source, gate);
                let (anchored, meta) = (regex(gating.gate), regex(Gate::WholeText));
                proptest::prop_assert!(matches!(anchored.compiled().matcher, Matcher::Anchored(_)));
                proptest::prop_assert!(matches!(meta.compiled().matcher, Matcher::Meta(_)));
                let (mut a, mut m) = (None, None);
                for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let input = Input::new(&text).span(at..text.len()).anchored(Anchored::Yes);
                    let found = |r, caps| {
                        search(r, input.clone(), caps).map(|f| (f.whole, f.span, f.fix))
                    };
                    proptest::prop_assert_eq!(
                        found(&anchored, &mut a),
                        found(&meta, &mut m),
                        "{} at {} of {:?}",
                        source,
                        at,
                        text
                    );
                }
            }
        }
    }

    #[test]
    fn a_prefix_trigger_is_dropped_by_the_bytes_around_it() {
        let gating = gate_of(r"\b(?:the a|the an)\b");
        let border = |t: &str| {
            let i = gating.triggers.iter().position(|x| x == t.as_bytes());
            gating.border(i.unwrap())
        };
        let (a, an) = (border("the a"), border("the an"));
        // `the a` goes on as `the an`, or ends before a byte that is not part of a word.
        assert!(a.after.contains(b'n') && a.after.contains(b' '));
        assert!(!a.after.contains(b'u') && !a.after.contains(b'_'));
        assert!(!an.after.contains(b'n') && an.after.contains(b','));
        // It starts a word.
        assert!(!a.before.contains(b'h') && a.before.contains(b'(') && a.before.contains(b'\n'));
        // A character outside ASCII may be a letter or not: its bytes are let through.
        assert!(an.after.contains(0xC3) && an.before.contains(0xA9));
        let text = b"than the an, the author, the an";
        assert!(!an.admits(text, 2, 12) && !a.admits(text, 13, 18));
        assert!(an.admits(text, 25, 31) && a.admits(text, 25, 30));
    }

    /// A regex of rule 0, compiled on first use, as the engine holds it.
    fn bare(source: &str, gate: Gate) -> GatedRegex {
        GatedRegex {
            rule: 0,
            index: 0,
            source: source.to_string(),
            gate,
            confirmed: false,
            compiled: OnceLock::new(),
        }
    }

    /// The whole matches of `source` anchored at `positions` of `text`, as the engine finds
    /// them for a prefix gate.
    fn anchored_spans(
        source: &str,
        gate: Gate,
        text: &str,
        positions: &[usize],
    ) -> Vec<Range<usize>> {
        let regex = bare(source, gate);
        let mut found = Vec::new();
        anchored_matches(&regex, text, positions, &mut found);
        found.into_iter().map(|h| h.whole).collect()
    }

    /// The built-in regexes that have confirmation literals, with their gating and their
    /// rule's examples.
    fn confirmed_builtin_regexes() -> Vec<(String, Gating, Vec<String>)> {
        builtin_regexes(|g| !g.confirms.is_empty())
    }

    /// The built-in regexes whose gating passes `keep`, with their gating and their rule's
    /// examples.
    fn builtin_regexes(keep: impl Fn(&Gating) -> bool) -> Vec<(String, Gating, Vec<String>)> {
        let mut out = Vec::new();
        for rule in crate::rules::builtin_rules().unwrap() {
            for source in rule.check.patterns().regexes {
                let gating = gate_of(&source);
                if keep(&gating) {
                    let examples = [&rule.examples.fire, &rule.examples.pass];
                    out.push((
                        source,
                        gating,
                        examples.into_iter().flatten().cloned().collect(),
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn confirmation_keeps_only_triggers_with_an_ending_in_reach() {
        let mut positions = vec![0, 10, 20, 30];
        confirm(&mut positions, &mut [25, 12], Some(5), false);
        assert_eq!(positions, [10, 20]);
        let mut positions = vec![0, 10, 20, 30];
        confirm(&mut positions, &mut [25, 12], None, false);
        assert_eq!(positions, [0, 10, 20]);
        // Exclusive: the confirmation must come before the next trigger (or start with it).
        let mut positions = vec![0, 10, 20, 30];
        confirm(&mut positions, &mut [25, 12, 20], None, true);
        assert_eq!(positions, [10, 20]);
        // The cookie notice and the copyright line are confirmed, not run at every `we`.
        let sources: Vec<String> = confirmed_builtin_regexes()
            .into_iter()
            .map(|(s, ..)| s)
            .collect();
        assert!(sources.iter().any(|s| s.contains("cookies")), "{sources:?}");
        assert!(
            sources.iter().any(|s| s.contains("all rights reserved")),
            "{sources:?}"
        );
        // The quoted-sentence regex runs only where a quotation ends in `." ` or `.” `.
        assert!(
            sources.iter().any(|s| s.contains(r#"\.[”"] +"#)),
            "{sources:?}"
        );
    }
}
