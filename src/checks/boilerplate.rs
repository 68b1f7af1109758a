//! `boilerplate`: blocks of lines that are page furniture scraped with the article (helpline and
//! contact lists, link menus, bylines, dates, counters, photo credits, paywall, cookie and
//! newsletter notices), not its prose.
//!
//! The heuristics are those of the public web-corpus cleaners, turned from "drop the line" into
//! "score the line" and then applied to runs of lines:
//!
//! - C4 (T5): a line with fewer than 5 words, or that does not end in terminal punctuation (or
//!   ends in an ellipsis), is not prose. Here these are weak signals only: headings, tables of
//!   contents, ingredient lists and poems share them, so they never make a block on their own.
//! - RefinedWeb: counter lines (`3 likes`, `1.2K views`, `71 comments`), lines mostly in upper
//!   case.
//! - jusText: stop-word density (prose is at 0.30 and above; a line of names or links is far
//!   below) and link words (`click here`, `website`, URLs) in place of link density, which plain
//!   text no longer has.
//! - FineWeb / Gopher line ratios, applied to a block instead of a document: at least three
//!   quarters of its lines must not read as prose (FineWeb drops a document at 67% short lines),
//!   and at least a third must carry evidence.
//! - Contact patterns: phone numbers (by digit-group shape, excluding dates, ZIP+4 codes, years,
//!   thousands, versions and ISBNs) and contact words.
//! - Whole-line shapes seen in labelled pages: bylines, timestamps, photo credits, menus,
//!   paywall, cookie and newsletter notices.
//!
//! Each unit (a line, or lines joined where hard-wrapped prose runs on mid-sentence) gets weak
//! "structure" points and strong "evidence" points. A block is a maximal run of non-prose units
//! (blank lines between them allowed, and one short prose unit if the run stays three quarters
//! non-prose), trimmed to its first and last evidenced unit, with at least [`MIN_LINES`] non-prose
//! units and [`MIN_EVIDENCE_LINES`] evidenced ones. The line just before it is taken in when it
//! introduces a list (ends in `:`) or is a short heading (`Useful contacts`). A recommendation
//! heading (`Most read`, `Related posts`) turns the headline-like lines under it into links.
//!
//! A single line is reported on its own only when it cannot be prose: a counter line, a photo
//! credit, or a paywall notice; two such certain lines together (a credit and a timestamp) are
//! one finding. Lone bylines and dates are left alone (a dateline or a signature is legitimate),
//! as are widget lines that the existence rules of the `Junk` pack already report.

use super::{Check, Finding, Hits, Literal, Patterns};
use crate::document::Document;
use std::ops::Range;
use std::sync::OnceLock;

/// C4 drops lines with fewer words than this.
const SHORT_WORDS: usize = 5;
/// A block needs at least this many units that do not read as prose.
const MIN_LINES: usize = 3;
/// A block needs at least this many units with positive evidence of furniture, so that runs of
/// merely short lines (headings, contents, verse, ingredients) never make a block.
const MIN_EVIDENCE_LINES: usize = 2;
/// Evidence points a block needs in all.
const MIN_EVIDENCE: u32 = 4;
/// Stop-word density under which a unit of [`LOW_STOP_MIN_WORDS`] or more words reads as a list
/// of names rather than prose (jusText counts 0.30 and up as prose).
const LOW_STOP_DENSITY: f32 = 0.15;
const LOW_STOP_MIN_WORDS: usize = 6;
/// Notices this long are prose that talks about paywalls or cookies, not the notice itself.
const NOTICE_MAX_WORDS: usize = 25;
/// A paywall line reported on its own must be shorter still.
const LONE_NOTICE_MAX_WORDS: usize = 20;
/// Whole-line shapes (bylines, dates, counters) are only looked for in units this short.
const META_MAX_WORDS: usize = 16;
/// A lead-in line (`Here are a few groups you can contact:`) longer than this is a paragraph.
const LEAD_IN_MAX_WORDS: usize = 60;
/// A line under a recommendation heading longer than this is not a headline.
const LISTED_MAX_WORDS: usize = 15;
/// A prose unit longer than this ends a block instead of being bridged.
const GAP_MAX_WORDS: usize = 12;

/// What a phrase found by the engine is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// A contact word: `Telephone`, `hotline`, `email`.
    Contact,
    /// A word that only makes sense next to a link: `website`, `www.`.
    Link,
    /// Link text proper: `click here`, `follow us on`.
    StrongLink,
    /// A newsletter, cookie or comment-form notice.
    Notice,
    /// A paywall notice; confident enough to report on its own line.
    Paywall,
}

/// Phrases matched in the engine's shared pass (ASCII case-insensitive, word-bounded).
const PHRASES: &[(&str, Cue)] = &[
    ("telephone", Cue::Contact),
    ("tel", Cue::Contact),
    ("phone", Cue::Contact),
    ("hotline", Cue::Contact),
    ("helpline", Cue::Contact),
    ("helplines", Cue::Contact),
    ("freephone", Cue::Contact),
    ("textphone", Cue::Contact),
    ("fax", Cue::Contact),
    ("email", Cue::Contact),
    ("e-mail", Cue::Contact),
    ("whatsapp", Cue::Contact),
    ("sms", Cue::Contact),
    ("call", Cue::Contact),
    ("calls", Cue::Contact),
    ("contact", Cue::Contact),
    ("24 hours a day", Cue::Contact),
    ("24/7", Cue::Contact),
    ("opening hours", Cue::Contact),
    ("helpdesk", Cue::Contact),
    ("website", Cue::Link),
    ("websites", Cue::Link),
    ("web site", Cue::Link),
    ("www.", Cue::Link),
    ("http://", Cue::Link),
    ("https://", Cue::Link),
    ("more information", Cue::Link),
    ("more info", Cue::Link),
    ("find out more", Cue::Link),
    ("learn more", Cue::Link),
    ("read more", Cue::Link),
    ("see more", Cue::Link),
    ("click here", Cue::StrongLink),
    ("tap here", Cue::StrongLink),
    ("click to", Cue::StrongLink),
    ("follow us", Cue::StrongLink),
    ("like us on", Cue::StrongLink),
    ("sign up for our newsletter", Cue::Notice),
    ("sign up to our newsletter", Cue::Notice),
    ("subscribe to our newsletter", Cue::Notice),
    ("get our newsletter", Cue::Notice),
    ("newsletter sign-up", Cue::Notice),
    ("newsletter signup", Cue::Notice),
    ("daily newsletter", Cue::Notice),
    ("weekly newsletter", Cue::Notice),
    ("to your inbox", Cue::Notice),
    ("enter your email", Cue::Notice),
    ("enter your e-mail", Cue::Notice),
    ("your email address", Cue::Notice),
    ("unsubscribe at any time", Cue::Notice),
    ("unsubscribe anytime", Cue::Notice),
    ("you can unsubscribe", Cue::Notice),
    ("by signing up", Cue::Notice),
    ("by subscribing", Cue::Notice),
    ("thanks for signing up", Cue::Notice),
    ("thanks for subscribing", Cue::Notice),
    ("thank you for subscribing", Cue::Notice),
    ("uses cookies", Cue::Notice),
    ("use cookies", Cue::Notice),
    ("accept cookies", Cue::Notice),
    ("accept all cookies", Cue::Notice),
    ("cookie policy", Cue::Notice),
    ("cookie settings", Cue::Notice),
    ("cookie preferences", Cue::Notice),
    ("manage cookies", Cue::Notice),
    ("we value your privacy", Cue::Notice),
    ("free articles left", Cue::Paywall),
    ("free article left", Cue::Paywall),
    ("free articles remaining", Cue::Paywall),
    ("free article remaining", Cue::Paywall),
    ("articles left this month", Cue::Paywall),
    ("subscribe to continue", Cue::Paywall),
    ("subscribe to keep reading", Cue::Paywall),
    ("subscribe to read the full", Cue::Paywall),
    ("subscribe to unlock", Cue::Paywall),
    ("sign in to continue reading", Cue::Paywall),
    ("log in to continue reading", Cue::Paywall),
    ("login to continue reading", Cue::Paywall),
    ("register to continue reading", Cue::Paywall),
    ("already a subscriber", Cue::Paywall),
    ("already subscribed", Cue::Paywall),
    ("for subscribers only", Cue::Paywall),
    ("exclusive to subscribers", Cue::Paywall),
    ("is for subscribers", Cue::Paywall),
    ("is reserved for subscribers", Cue::Paywall),
    ("subscriber-only", Cue::Paywall),
    ("reached your limit", Cue::Paywall),
    ("reached your free article limit", Cue::Paywall),
    ("reached your article limit", Cue::Paywall),
    ("reached the limit of free articles", Cue::Paywall),
    ("unlock this article", Cue::Paywall),
    ("get unlimited access", Cue::Paywall),
    ("subscribe for unlimited access", Cue::Paywall),
    ("subscribe for full access", Cue::Paywall),
    ("unlimited digital access", Cue::Paywall),
    ("start your free trial", Cue::Paywall),
    ("cancel anytime", Cue::Paywall),
    ("cancel at any time", Cue::Paywall),
];

/// English function words (a subset of jusText's stop list), sorted for binary search.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "may",
    "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now", "of", "off",
    "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "shall", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your",
];

/// Words a sentence does not end on: a line ending in one runs on into the next.
const RUN_ON_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "his", "in", "into",
    "is", "its", "nor", "of", "or", "our", "than", "that", "the", "their", "to", "was", "were",
    "which", "with", "your",
];

/// Whole lines that are site chrome: navigation, account, sharing and advertising labels.
const CHROME: &[&str] = &[
    "about us",
    "advertise",
    "advertise with us",
    "advertisement",
    "back to top",
    "careers",
    "contact us",
    "cookie policy",
    "cookie settings",
    "email",
    "facebook",
    "follow us",
    "home",
    "home page",
    "homepage",
    "instagram",
    "linkedin",
    "log in",
    "log out",
    "login",
    "logout",
    "main menu",
    "menu",
    "my account",
    "newsletter",
    "newsletters",
    "paid content",
    "pinterest",
    "print",
    "privacy notice",
    "privacy policy",
    "register",
    "rss",
    "rss feed",
    "search",
    "share",
    "sign in",
    "sign out",
    "sign up",
    "site map",
    "sitemap",
    "skip to content",
    "skip to main content",
    "sponsored",
    "sponsored content",
    "subscribe",
    "terms of service",
    "terms of use",
    "tiktok",
    "tweet",
    "twitter",
    "whatsapp",
    "youtube",
];

/// Headings of recommendation boxes, whose lines below are links to other pages.
const RELATED_HEADINGS: &[&str] = &[
    "editor's picks",
    "latest news",
    "latest posts",
    "more from this author",
    "more on this story",
    "more stories",
    "most popular",
    "most read",
    "most viewed",
    "popular posts",
    "read next",
    "recent posts",
    "recommended",
    "recommended for you",
    "recommended stories",
    "related",
    "related articles",
    "related content",
    "related posts",
    "related stories",
    "trending",
    "trending now",
    "you may also like",
    "you might also like",
];

/// How tag and category lines start.
const TAG_PREFIXES: &[&str] = &[
    "Tags:",
    "Tagged:",
    "Tagged with:",
    "Topics:",
    "Categories:",
    "Category:",
    "Filed under:",
    "Filed under ",
    "Posted in ",
    "Posted under ",
    "This entry was posted in ",
];

/// Nouns of RefinedWeb's counter lines (`71 comments`), sorted.
const COUNTER_NOUNS: &[&str] = &[
    "answers",
    "claps",
    "comment",
    "comments",
    "download",
    "downloads",
    "favorites",
    "favourites",
    "follower",
    "followers",
    "forks",
    "like",
    "likes",
    "listens",
    "loves",
    "plays",
    "posts",
    "reactions",
    "replies",
    "reply",
    "reposts",
    "retweets",
    "reviews",
    "share",
    "shares",
    "stars",
    "subscribers",
    "upvotes",
    "view",
    "views",
    "votes",
];

/// Words a timestamp line is made of besides numbers, sorted.
const DATE_WORDS: &[&str] = &[
    "a",
    "ago",
    "am",
    "an",
    "apr",
    "april",
    "at",
    "aug",
    "august",
    "bst",
    "cest",
    "cet",
    "date",
    "day",
    "days",
    "dec",
    "december",
    "edited",
    "edt",
    "est",
    "et",
    "feb",
    "february",
    "first",
    "fri",
    "friday",
    "gmt",
    "hour",
    "hours",
    "hr",
    "hrs",
    "ist",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "just",
    "last",
    "mar",
    "march",
    "may",
    "min",
    "mins",
    "minute",
    "minutes",
    "modified",
    "mon",
    "monday",
    "month",
    "months",
    "nov",
    "november",
    "now",
    "oct",
    "october",
    "of",
    "on",
    "pdt",
    "pm",
    "posted",
    "pst",
    "pt",
    "published",
    "sat",
    "saturday",
    "sec",
    "second",
    "seconds",
    "sep",
    "sept",
    "september",
    "sun",
    "sunday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "today",
    "tue",
    "tues",
    "tuesday",
    "updated",
    "utc",
    "wed",
    "wednesday",
    "week",
    "weeks",
    "year",
    "years",
    "yesterday",
];

/// Time zones and day halves among [`DATE_WORDS`], sorted.
const ZONES: &[&str] = &[
    "am", "bst", "cest", "cet", "edt", "est", "et", "gmt", "ist", "pdt", "pm", "pst", "pt", "utc",
];

/// Month and weekday names among [`DATE_WORDS`]: a byline does not start with one.
const CALENDAR_NAMES: &[&str] = &[
    "apr",
    "april",
    "aug",
    "august",
    "dec",
    "december",
    "feb",
    "february",
    "fri",
    "friday",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "mar",
    "march",
    "may",
    "mon",
    "monday",
    "nov",
    "november",
    "oct",
    "october",
    "sat",
    "saturday",
    "sep",
    "sept",
    "september",
    "sun",
    "sunday",
    "thu",
    "thursday",
    "tue",
    "tuesday",
    "wed",
    "wednesday",
];

/// The sorted lists above, packed for [`in_list`].
const RUN_ON_KEYS: [u128; RUN_ON_WORDS.len()] = packed(RUN_ON_WORDS);
const COUNTER_KEYS: [u128; COUNTER_NOUNS.len()] = packed(COUNTER_NOUNS);
const DATE_KEYS: [u128; DATE_WORDS.len()] = packed(DATE_WORDS);
const ZONE_KEYS: [u128; ZONES.len()] = packed(ZONES);
const CALENDAR_KEYS: [u128; CALENDAR_NAMES.len()] = packed(CALENDAR_NAMES);

/// Lower-case words that may stand between the capitalised names of a byline.
const BYLINE_CONNECTORS: &[&str] = &[
    "&", "and", "at", "da", "de", "del", "der", "di", "du", "for", "in", "la", "le", "of", "the",
    "van", "von",
];

/// How a photo-credit line starts (lower case, longest first where one is a prefix of another).
const CREDIT_PREFIXES: &[&str] = &[
    "photo credit",
    "photo courtesy",
    "photographs",
    "photograph",
    "photos",
    "photo",
    "image credit",
    "image courtesy",
    "image source",
    "images",
    "image",
    "picture credit",
    "pictures",
    "picture",
    "pic",
    "illustration",
    "credits",
    "credit",
    "main image",
    "top image",
    "featured image",
    "lead image",
    "header image",
];

/// Credit labels after a caption on the same line (`... on Saturday. Photograph: Name/Agency`).
const CREDIT_MARKERS: &[&str] = &[
    "Photograph: ",
    "Photo: ",
    "Image: ",
    "Picture: ",
    "Photo credit: ",
    "Image credit: ",
    "Credit: ",
];

/// Picture agencies, as they are spelt in credits.
const AGENCIES: &[&str] = &[
    "AFP",
    "AP Photo",
    "Alamy",
    "Associated Press",
    "EPA",
    "Getty Images",
    "Getty",
    "PA Media",
    "PA Wire",
    "Pexels",
    "Reuters",
    "Shutterstock",
    "Unsplash",
    "iStock",
];

/// The first bytes of [`CREDIT_PREFIXES`], [`AGENCIES`] and [`TAG_PREFIXES`], to rule out most lines and
/// positions with one look-up.
const CREDIT_INITIALS: [bool; 256] = initials(CREDIT_PREFIXES);
const AGENCY_INITIALS: [bool; 256] = initials(AGENCIES);
const TAG_INITIALS: [bool; 256] = initials(TAG_PREFIXES);

const fn initials(list: &[&str]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < list.len() {
        table[list[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
}

/// The `boilerplate` check kind: finds blocks of page furniture among article prose.
#[derive(Debug, Default)]
pub struct Boilerplate;

impl Check for Boilerplate {
    fn patterns(&self) -> Patterns {
        Patterns {
            literals: PHRASES
                .iter()
                .map(|&(text, _)| Literal {
                    text: text.to_string(),
                    ignorecase: true,
                    word_bounded: true,
                })
                .collect(),
            regexes: Vec::new(),
        }
    }

    fn runs_without_hits(&self) -> bool {
        // Phone numbers, counters and the shape of lines need no phrase to be found.
        true
    }

    fn check(&self, doc: &Document, hits: Hits, out: &mut Vec<Finding>) {
        let units = analyse(doc, hits);
        let mut covered_until = 0;
        for block in blocks(&units) {
            let finding = block_finding(&units, block.clone());
            // Lone lines before this block that were not part of an earlier one.
            lone_findings(&units, covered_until..block.start, out);
            out.push(finding);
            covered_until = block.end;
        }
        lone_findings(&units, covered_until..units.len(), out);
    }
}

/// A line, or several where hard-wrapped prose runs on mid-sentence, with its signals.
#[derive(Debug, Clone)]
struct Unit {
    /// From the first non-blank character to the last one.
    range: Range<usize>,
    f: Features,
}

/// The signals of one unit.
#[derive(Debug, Clone, Copy, Default)]
struct Features {
    words: usize,
    // Weak, structural signals (C4, RefinedWeb, jusText).
    no_end: bool,
    short: bool,
    label: bool,
    low_stop: bool,
    upper: bool,
    /// Ends in `:`: introduces what follows.
    lead_in: bool,
    // Evidence.
    phone: bool,
    contact: bool,
    link: u8,
    menu: bool,
    counter: bool,
    byline: bool,
    timestamp: bool,
    credit: bool,
    tags: bool,
    notice: bool,
    paywall: bool,
    /// The heading of a recommendation box: `Most read`, `Related posts`.
    related: bool,
    /// A line of the list under such a heading: a headline that was a link.
    listed: bool,
}

impl Features {
    fn evidence(&self) -> u32 {
        if self.counter
            || self.byline
            || self.timestamp
            || self.credit
            || self.tags
            || self.notice
            || self.paywall
            || self.related
        {
            return 3;
        }
        let mut e = 2 * u32::from(self.phone) + u32::from(self.contact) + u32::from(self.link);
        if self.menu || self.listed {
            e = e.max(2);
        }
        e.min(3)
    }

    fn weak(&self) -> u32 {
        [
            self.no_end,
            self.short,
            self.label,
            self.low_stop,
            self.upper,
        ]
        .into_iter()
        .map(u32::from)
        .sum()
    }

    /// Does not read as article prose: strong evidence, or a structural signal backed by one
    /// more signal of any kind. A full sentence with a contact word stays prose.
    fn non_prose(&self) -> bool {
        let (e, w) = (self.evidence(), self.weak());
        e >= 3 || (w >= 1 && e + w >= 2)
    }

    fn evidenced(&self) -> bool {
        self.evidence() >= 2
    }

    /// Reported even as a single line: nothing but a counter, a credit or a paywall notice.
    fn confident_alone(&self) -> bool {
        self.counter || self.credit || (self.paywall && self.words <= LONE_NOTICE_MAX_WORDS)
    }
}

/// Splits the text into units and computes their features, routing the engine's phrase hits to
/// the unit they fall in.
fn analyse(doc: &Document, hits: Hits) -> Vec<Unit> {
    let text = doc.text();
    let (spans, keys) = (doc.word_spans(), doc.word_keys());
    let stop_keys = StopKeys::get();
    let mut next_word = 0;
    let literals = hits.literals;
    let mut next = 0;
    let mut cues: Vec<Cue> = Vec::new();
    let mut units = unit_ranges(text)
        .into_iter()
        .map(|range| {
            cues.clear();
            while next < literals.len() && literals[next].range.start < range.start {
                next += 1;
            }
            while next < literals.len() && literals[next].range.start < range.end {
                let hit = &literals[next];
                if hit.range.end <= range.end
                    && let Some(&(_, cue)) = PHRASES.get(hit.pattern)
                {
                    cues.push(cue);
                }
                next += 1;
            }
            // The document's shared words and their keys: counting stop words is then an
            // integer probe per word, with no copying or re-segmenting of the line.
            // Finding the unit's words first, then counting over their keys, keeps the
            // per-word work free of bounds checks and loop-carried conditions.
            let first = first_from(spans, next_word, |s| s.0 as usize >= range.start);
            next_word = first_from(spans, first, |s| s.1 as usize > range.end);
            let words = next_word - first;
            let stop = keys[first..next_word]
                .iter()
                .filter(|&&key| stop_keys.contains(key))
                .count();
            let f = features(&text[range.clone()], words, stop, &cues);
            Unit { range, f }
        })
        .collect::<Vec<Unit>>();
    mark_listed(&mut units);
    units
}

/// The index of the first of `spans[from..]` for which `found` holds, or the end.
fn first_from(spans: &[(u32, u32)], from: usize, found: impl Fn(&(u32, u32)) -> bool) -> usize {
    from + spans[from..]
        .iter()
        .position(found)
        .unwrap_or(spans.len() - from)
}

/// The lines under a recommendation heading are the headlines of its links, as long as they
/// read like headlines (short, no end punctuation), in the way jusText lets neighbours
/// reclassify a paragraph.
fn mark_listed(units: &mut [Unit]) {
    let mut under_heading = false;
    for u in units {
        let f = &mut u.f;
        if f.related {
            under_heading = true;
        } else if under_heading && f.no_end && f.words <= LISTED_MAX_WORDS && !f.lead_in {
            f.listed = true;
        } else {
            under_heading = false;
        }
    }
}

/// Ranges of the units: non-blank lines, trimmed, joined where a line runs on into the next one
/// of the same paragraph.
fn unit_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut same_paragraph = false;
    let mut start = 0;
    let bytes = text.as_bytes();
    // Line ends, the last line without a newline included (an empty one is blank, and changes
    // nothing).
    let ends = memchr::memchr_iter(b'\n', bytes)
        .map(|i| i + 1)
        .chain(std::iter::once(bytes.len()));
    for end in ends {
        let line = start..end;
        start = end;
        let trimmed = crate::document::trimmed(&text[line.clone()]);
        if trimmed.is_empty() {
            same_paragraph = false;
            continue;
        }
        let range = line.start + trimmed.start..line.start + trimmed.end;
        let body = &text[range.clone()];
        match out.last_mut() {
            Some(last) if same_paragraph && runs_on(&text[last.clone()], body) => {
                last.end = range.end;
            }
            _ => out.push(range),
        }
        same_paragraph = true;
    }
    out
}

/// Whether a line break between `prev` and `next` falls mid-sentence (hard-wrapped prose).
fn runs_on(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return false;
    };
    if matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | '…' | '"' | '”' | '’' | ')' | ']'
    ) {
        return false;
    }
    if next.chars().next().is_some_and(char::is_lowercase) || matches!(last, ',' | '-' | '&') {
        return true;
    }
    last_word(prev).is_some_and(|w| in_list(&RUN_ON_KEYS, w))
}

/// `words(s).next_back()`, read byte by byte from the end while the bytes are ASCII (the
/// general iterator decodes and classifies every character on its way).
fn last_word(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] < 0x80 && !b[end - 1].is_ascii_alphanumeric() {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'\'') {
        start -= 1;
    }
    // A letter, digit or typographic apostrophe outside ASCII may be part of the word.
    if (end > 0 && b[end - 1] >= 0x80) || (start > 0 && b[start - 1] >= 0x80) {
        return words(s).next_back();
    }
    (end > 0).then(|| s[start..end].trim_start_matches('\''))
}

/// Words: runs of letters and digits, with apostrophes inside them.
fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
}

/// The word keys ([`crate::document::word_key`]) of the [`STOPWORDS`], in a collision-free
/// hash table: membership is one multiplication and one comparison, with no branch to
/// mispredict, for every word of the document (a binary search over the sorted keys took eight
/// unpredictable branches).
struct StopKeys {
    /// A power of two of slots; 0 marks an empty one.
    slots: Vec<u64>,
    multiplier: u64,
}

impl StopKeys {
    fn get() -> &'static StopKeys {
        static KEYS: OnceLock<StopKeys> = OnceLock::new();
        KEYS.get_or_init(|| {
            let keys: Vec<u64> = STOPWORDS
                .iter()
                .map(|w| crate::document::word_key(w, w.as_bytes()))
                .collect();
            assert!(!keys.contains(&0), "0 marks an empty slot");
            // Odd multipliers from a fixed sequence, in ever larger tables, until one sends
            // every key to a slot of its own: the same table on every run. Sixteen slots a key
            // take a few dozen tries (eight took over a thousand, a millisecond of start-up).
            let mut len = (keys.len() * 16).next_power_of_two();
            let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
            loop {
                for _ in 0..1000 {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    let mut table = StopKeys {
                        slots: vec![0; len],
                        multiplier: seed | 1,
                    };
                    let placed = keys.iter().all(|&key| {
                        let i = table.slot(key);
                        let free = table.slots[i] == 0;
                        table.slots[i] = key;
                        free
                    });
                    if placed {
                        return table;
                    }
                }
                len *= 2;
            }
        })
    }

    /// The high bits of a multiplicative hash, since the keys' low bits are FNV's weakest.
    fn slot(&self, key: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (key.wrapping_mul(self.multiplier) >> (64 - bits)) as usize
    }

    fn contains(&self, key: u64) -> bool {
        (self.slots[self.slot(key)] == key) & (key != 0)
    }
}

fn in_list(keys: &[u128], w: &str) -> bool {
    word_code(w).is_some_and(|code| keys.binary_search(&code).is_ok())
}

/// Whether `w` is one of a handful of words, ignoring ASCII case.
fn is_one_of(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| w.eq_ignore_ascii_case(x))
}

/// A word of at most 16 ASCII bytes in lower case as a big-endian integer padded with zeros:
/// sorted lists of words sort the same way packed, and a binary search over them compares
/// integers instead of calling `memcmp` at each step.
const fn pack(word: &[u8]) -> u128 {
    assert!(word.len() <= 16, "a listed word is at most 16 bytes");
    let mut code = 0u128;
    let mut i = 0;
    while i < 16 {
        code <<= 8;
        if i < word.len() {
            code |= word[i].to_ascii_lowercase() as u128;
        }
        i += 1;
    }
    code
}

/// [`pack`] of every word of a sorted list.
const fn packed<const N: usize>(list: &[&str]) -> [u128; N] {
    let mut out = [0u128; N];
    let mut i = 0;
    while i < N {
        out[i] = pack(list[i].as_bytes());
        i += 1;
    }
    out
}

/// The [`pack`] code of `w`, if it could be a listed word: ASCII, 16 bytes at most, and without
/// a NUL (which would read as padding).
fn word_code(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    if b.len() > 16 || !w.is_ascii() || b.contains(&0) {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf.make_ascii_lowercase();
    Some(u128::from_be_bytes(buf))
}

/// Leading list markers and indentation, which say nothing about the line.
fn strip_bullet(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '*' | '•' | '·' | '–' | '—' | '>' | '#' | '▪' | '►')
    })
}

/// The signals of `unit`, which has `words` words, `stop` of them stop words.
fn features(unit: &str, words: usize, stop: usize, cues: &[Cue]) -> Features {
    let body = strip_bullet(unit);
    let mut f = Features {
        words,
        ..Features::default()
    };
    let counts = ByteCounts::of(body.as_bytes());
    let (mut letters, mut upper) = (counts.letters, counts.upper);
    if counts.high > 0 {
        // The byte counts hold for the ASCII letters; add those outside ASCII, going from one
        // non-ASCII byte to the next instead of decoding every character.
        let mut rest = body;
        while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
            let c = rest[at..].chars().next().unwrap_or_default();
            letters += usize::from(c.is_alphabetic());
            upper += usize::from(c.is_alphabetic() && c.is_uppercase());
            rest = &rest[at + c.len_utf8()..];
        }
    }
    f.short = f.words < SHORT_WORDS;
    f.upper = letters >= 4 && upper * 2 > letters;
    f.low_stop = f.words >= LOW_STOP_MIN_WORDS && (stop as f32) < LOW_STOP_DENSITY * f.words as f32;
    (f.no_end, f.lead_in) = ending(body);
    f.label = has_label(body);

    for &cue in cues {
        match cue {
            Cue::Contact => f.contact = true,
            Cue::Link => f.link = f.link.max(1),
            Cue::StrongLink => f.link = 2,
            Cue::Notice => f.notice = f.words <= NOTICE_MAX_WORDS,
            Cue::Paywall => f.paywall = f.words <= NOTICE_MAX_WORDS,
        }
    }
    // A phone number has five digits at least; most prose has none.
    f.phone = counts.digits >= 5 && has_phone(body, f.contact);
    if f.words <= META_MAX_WORDS {
        let meta = metadata(body);
        f.counter = meta.counter;
        f.byline = meta.byline;
        f.timestamp = meta.timestamp;
        f.tags = is_tag_line(body);
        let mut buf = [0u8; 40];
        let label = label_of(body, &mut buf);
        f.related = label.is_some_and(|l| RELATED_HEADINGS.binary_search(&l).is_ok());
        let chrome = label.is_some_and(|l| CHROME.binary_search(&l).is_ok());
        f.menu = !meta.any() && !f.tags && (chrome || is_separated_menu(body));
    }
    f.credit = f.words <= 40 && is_credit(body, f.words);
    f
}

/// Counts of ASCII letters, capitals and digits, and of bytes outside ASCII, in one branch-free
/// pass that the compiler vectorises. No byte of a multi-byte character falls in an ASCII range,
/// so the ASCII counts are right in any UTF-8.
#[derive(Debug, Clone, Copy)]
struct ByteCounts {
    letters: usize,
    upper: usize,
    digits: usize,
    high: usize,
}

impl ByteCounts {
    fn of(bytes: &[u8]) -> ByteCounts {
        let (mut letters, mut upper, mut digits, mut high) = (0usize, 0usize, 0usize, 0usize);
        // Byte-wide counters, widened once per chunk, fill whole vector registers: summed in
        // `usize` directly, the loop took four bytes a step instead of sixteen.
        for chunk in bytes.chunks(255) {
            let (mut l, mut u, mut d, mut h) = (0u8, 0u8, 0u8, 0u8);
            for &b in chunk {
                l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
                u += u8::from(b.wrapping_sub(b'A') < 26);
                d += u8::from(b.wrapping_sub(b'0') < 10);
                h += u8::from(b >= 0x80);
            }
            letters += usize::from(l);
            upper += usize::from(u);
            digits += usize::from(d);
            high += usize::from(h);
        }
        ByteCounts {
            letters,
            upper,
            digits,
            high,
        }
    }
}

/// (no terminal punctuation, ends in a colon). Closing quotes and brackets are looked through,
/// so typeset prose ending in `.”` is not flagged (C4's test counts only the ASCII `"`); an
/// ellipsis counts as no end, as in C4.
fn ending(body: &str) -> (bool, bool) {
    let core = body.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '”' | '“' | '’' | '‘' | '\'' | '»' | ')' | ']' | '*'
            )
    });
    if core.ends_with("...") || core.ends_with('…') {
        return (true, false);
    }
    match core.chars().next_back() {
        Some('.' | '!' | '?' | ';') => (false, false),
        Some(':') => (false, true),
        _ => (true, false),
    }
}

/// `Samaritans: Telephone 116 123`: a short capitalised name, a colon, then more text, the shape
/// of a directory entry.
fn has_label(body: &str) -> bool {
    if !body.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // The name ends in the first 60 characters (240 bytes at most); a colon is rare, so look
    // for one before counting characters.
    let b = body.as_bytes();
    let Some(colon) = memchr::memchr(b':', &b[..b.len().min(240)]) else {
        return false;
    };
    if body[..colon].chars().nth(59).is_some() {
        return false;
    }
    let name = &body[..colon];
    let rest = &body[colon + 1..];
    let n = words(name).count();
    (1..=6).contains(&n)
        && !name.contains(|c: char| c.is_ascii_digit() || c == '/')
        && rest.starts_with(char::is_whitespace)
        && rest.contains(char::is_alphanumeric)
}

/// Whether `s` holds a phone number: 7 to 15 digits in groups joined by single spaces, hyphens,
/// dots or brackets, that starts with `+`, `(` or `0` or has three groups (or, next to a contact
/// word, six or more digits in two groups or more); dates, ZIP+4 codes, years, thousands,
/// versions and ISBNs are not numbers to call.
fn has_phone(s: &str, contact: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let opens = c.is_ascii_digit()
            || ((c == b'+' || c == b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        // After a letter, a currency sign, `#` (an issue), `/` (a path) or `.` (a decimal) a
        // number is something else.
        let bounded = i == 0
            || !(b[i - 1].is_ascii_alphanumeric()
                || b[i - 1] >= 0x80
                || b"#$/.:=_%&@-".contains(&b[i - 1]));
        if !(opens && bounded) {
            i += 1;
            continue;
        }
        let (number, end) = scan_number(b, i);
        if number.is_phone(contact) && !b.get(end).is_some_and(u8::is_ascii_alphabetic) {
            return true;
        }
        i = end.max(i + 1);
    }
    false
}

/// The digit groups of a candidate number.
#[derive(Default)]
struct Number {
    digits: usize,
    /// Lengths of the first groups (the rest are counted, not kept).
    lens: [usize; 6],
    groups: usize,
    /// Length of the last group.
    last: usize,
    /// The first three digits, for the ISBN prefixes 978 and 979.
    prefix: u32,
    leading: bool,
    dash: bool,
    dot: bool,
    space: bool,
}

/// Scans digits and separators from `start`; returns the groups and where the number ends.
fn scan_number(b: &[u8], start: usize) -> (Number, usize) {
    let mut n = Number {
        leading: matches!(b[start], b'+' | b'(' | b'0'),
        ..Number::default()
    };
    let mut j = start;
    let mut end = start;
    let mut seps = 0;
    let mut in_group = false;
    // Separators count only once a digit follows them: `2021-03-12 at` is not spaced.
    let (mut dash, mut dot, mut space) = (false, false, false);
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_digit() {
            n.dash |= dash;
            n.dot |= dot;
            n.space |= space;
            (dash, dot, space) = (false, false, false);
            if !in_group {
                if n.groups < n.lens.len() {
                    n.lens[n.groups] = 0;
                }
                n.groups += 1;
                n.last = 0;
                in_group = true;
            }
            if let Some(len) = n.lens.get_mut(n.groups - 1) {
                *len += 1;
            }
            n.last += 1;
            if n.digits < 3 {
                n.prefix = n.prefix * 10 + u32::from(c - b'0');
            }
            n.digits += 1;
            seps = 0;
            end = j + 1;
        } else if matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'+') && seps < 2 && n.digits < 16
        {
            if c == b'+' && j != start {
                break;
            }
            in_group = false;
            seps += 1;
            dash |= c == b'-';
            dot |= c == b'.';
            space |= c == b' ';
        } else {
            break;
        }
        j += 1;
    }
    (n, end)
}

impl Number {
    fn is_phone(&self, contact: bool) -> bool {
        if !(5..=15).contains(&self.digits) {
            return false;
        }
        let lens = &self.lens[..self.groups.min(self.lens.len())];
        let date = self.groups == 3
            && !self.space
            && matches!(lens, [4, 1 | 2, 1 | 2] | [1 | 2, 1 | 2, 4 | 2]);
        let zip4 = self.groups == 2 && self.dash && lens == [5, 4];
        let years = lens.iter().all(|&l| l == 4) && !self.leading;
        let thousands = self.groups >= 2
            && lens[0] <= 3
            && lens[1..].iter().all(|&l| l == 3)
            && !self.dash
            && !self.leading;
        let decimal = self.groups == 2 && self.dot && !self.space && !self.dash;
        // Phone numbers group with dots, or with spaces and hyphens, not both: `0.2.19
        // (2024-05-03)` is a version and a date. Dotted groups have two digits or more.
        let mixed = self.dot && (self.space || self.dash);
        let version = self.dot && lens.iter().any(|&l| l < 2);
        let isbn = (self.digits == 13 && matches!(self.prefix, 978 | 979))
            || (self.dash && self.groups >= 3 && self.last == 1);
        if date || zip4 || years || decimal || mixed || version || isbn {
            return false;
        }
        let shaped = self.digits >= 7 && (self.leading || self.groups >= 3) && !thousands;
        // Next to a contact word, a short spaced number will do: `Telephone 116 123`.
        shaped || (contact && self.digits >= 6 && self.groups >= 2)
    }
}

/// Which whole-line metadata shapes a unit has.
#[derive(Debug, Default, Clone, Copy)]
struct Meta {
    counter: bool,
    byline: bool,
    timestamp: bool,
}

impl Meta {
    fn any(&self) -> bool {
        self.counter || self.byline || self.timestamp
    }
}

/// Classifies the segments of a metadata strip (`By Jane Doe | 12 March 2021 | 71 comments`):
/// every segment must be a byline, a timestamp, a counter or a name (a publication), and one at
/// least must be more than a name.
fn metadata(body: &str) -> Meta {
    let mut meta = Meta::default();
    // Most short lines have no separator at all: they are their own only segment, which needs
    // no splitting, and no name test either (a name alone is no metadata).
    if !has_separator(body.as_bytes()) {
        let seg = body.trim();
        if !seg.is_empty() {
            mark_segment(seg, &mut meta);
        }
        return meta;
    }
    for seg in body
        .split(['|', '•', '·'])
        .flat_map(|s| s.split(" – "))
        .flat_map(|s| s.split(" — "))
        .flat_map(|s| s.split(" - "))
    {
        let seg = seg.trim();
        if !seg.is_empty() && !mark_segment(seg, &mut meta) && !is_name(seg) {
            return Meta::default();
        }
    }
    meta
}

/// Records in `meta` which metadata shape `seg` has; false when it has none.
fn mark_segment(seg: &str, meta: &mut Meta) -> bool {
    if is_counter(seg) {
        meta.counter = true;
    } else if is_timestamp(seg) {
        meta.timestamp = true;
    } else if is_byline(seg) {
        meta.byline = true;
    } else {
        return false;
    }
    true
}

/// Whether `b` may hold a separator of [`metadata`]: `|`, ` - `, or the start of `•`, `·`, `–`
/// or `—`.
fn has_separator(b: &[u8]) -> bool {
    memchr::memchr3_iter(b'|', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'|' => true,
        0xC2 => b.get(i + 1) == Some(&0xB7),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA2 | 0x93 | 0x94)),
    }) || memchr::memchr_iter(b'-', b)
        .any(|i| i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' '))
}

/// `BBC News`: a few capitalised words.
fn is_name(seg: &str) -> bool {
    let n = seg.split_whitespace().count();
    (1..=4).contains(&n)
        && seg
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Tokens of a short segment with edge punctuation removed.
fn tokens(seg: &str) -> impl Iterator<Item = &str> {
    seg.split_whitespace()
        .map(|t| t.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']')))
        .filter(|t| !t.is_empty())
}

/// The first `N` items of `items`, kept in `buf` (no allocation per line).
fn first_tokens<'a, 'b, const N: usize>(
    items: impl Iterator<Item = &'a str>,
    buf: &'b mut [&'a str; N],
) -> &'b [&'a str] {
    let mut n = 0;
    for (slot, t) in buf.iter_mut().zip(items) {
        *slot = t;
        n += 1;
    }
    &buf[..n]
}

/// `71 comments`, `1.2K views`, `Comments (71)`, `5 min read`: RefinedWeb's counter lines.
fn is_counter(seg: &str) -> bool {
    let count = |t: &str| {
        let t = t.trim_end_matches('+');
        let t = t.trim_end_matches(['k', 'K', 'm', 'M', 'b', 'B']);
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    let noun = |t: &str| in_list(&COUNTER_KEYS, t);
    // Each counter has a count, which starts with a digit, and starts with a count or a noun:
    // most lines fail one test or the other.
    if !seg.bytes().any(|b| b.is_ascii_digit())
        || !tokens(seg).next().is_some_and(|t| count(t) || noun(t))
    {
        return false;
    }
    let mut buf = [""; 9];
    let toks = first_tokens(tokens(seg), &mut buf);
    if toks.is_empty() || toks.len() > 8 {
        return false;
    }
    // `5 min read`: a reading-time badge.
    let reading = |i: usize| {
        i + 3 <= toks.len()
            && count(toks[i])
            && is_one_of(&["min", "mins", "minute"], toks[i + 1])
            && toks[i + 2].eq_ignore_ascii_case("read")
    };
    let mut i = 0;
    let mut pairs = 0;
    while i < toks.len() {
        if reading(i) {
            i += 3;
        } else if i + 1 < toks.len()
            && ((count(toks[i]) && noun(toks[i + 1])) || (noun(toks[i]) && count(toks[i + 1])))
        {
            i += 2;
        } else {
            return false;
        }
        pairs += 1;
    }
    pairs > 0
}

/// `12 March 2021, 10:42`, `Updated 3 hours ago`, `Published: Mon 12 Mar 2021 10.42 GMT`.
fn is_timestamp(seg: &str) -> bool {
    let mut month = false;
    let mut number = false;
    let mut clock = false;
    let mut dotted_clock = false;
    let mut zone = false;
    let mut date = false;
    let mut ago = false;
    let mut relative = false;
    for (n, t) in tokens(seg).enumerate() {
        if n >= 12 {
            return false;
        }
        let t = t.trim_matches('.');
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let rest = &t[digits..];
            if rest.is_empty() || is_one_of(&["nd", "rd", "st", "th"], rest) {
                number = true;
            } else if let Some(colon) = clock_kind(t) {
                clock |= colon;
                dotted_clock |= !colon;
            } else if is_numeric_date(t) {
                date = true;
            } else {
                return false;
            }
            continue;
        }
        if t.eq_ignore_ascii_case("a.m") || t.eq_ignore_ascii_case("p.m") {
            zone = true;
            continue;
        }
        if !in_list(&DATE_KEYS, t) {
            return false;
        }
        month |= in_list(&CALENDAR_KEYS, t);
        zone |= in_list(&ZONE_KEYS, t);
        ago |= t.eq_ignore_ascii_case("ago");
        relative |= is_one_of(&["today", "yesterday"], t);
        number |= is_one_of(&["a", "an"], t);
    }
    // `10.42` alone is as likely a version or a score as a time.
    clock
        || date
        || (dotted_clock && (month || zone))
        || (month && number)
        || (ago && number)
        || relative
}

/// `Some(true)` for `10:42`, `10:42am`, `10:42:07`; `Some(false)` for `10.42`; `None` if `t` is
/// not a time of day.
fn clock_kind(t: &str) -> Option<bool> {
    let t = t
        .strip_suffix("am")
        .or_else(|| t.strip_suffix("pm"))
        .unwrap_or(t);
    let colon = t.contains(':');
    if colon && t.contains('.') {
        return None;
    }
    let mut parts = t.split([':', '.']);
    let hour: u32 = parts.next()?.parse().ok()?;
    let mut fields = 0;
    for p in parts {
        fields += 1;
        let value: u32 = p.parse().ok()?;
        if p.len() != 2 || value > 59 || fields > 2 {
            return None;
        }
    }
    (hour <= 23 && fields >= 1 && (colon || fields == 1)).then_some(colon)
}

/// `12/03/2021`, `2021-03-12`, `12.03.21`, with a plausible day and month; a year of two digits
/// only with `/` or `-`, since `1.10.12` is a version.
fn is_numeric_date(t: &str) -> bool {
    let dots = t.contains('.');
    let mut parts = t.split(['/', '-', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let num = |p: &str| {
        (1..=4)
            .contains(&p.len())
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) else {
        return false;
    };
    let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    if a.len() == 4 {
        return c.len() <= 2 && day_month(z, y);
    }
    let year = c.len() == 4 || (c.len() == 2 && !dots);
    year && a.len() <= 2 && b.len() <= 2 && (day_month(x, y) || day_month(y, x))
}

/// `By Jane Doe`, `By Jane Doe and John Smith`, `Written by admin`, `BY AFP`.
fn is_byline(seg: &str) -> bool {
    // The opening words decide first: most lines are not bylines, and need no token list.
    let mut opening = seg.split_whitespace();
    let Some(first) = opening.next() else {
        return false;
    };
    let (skip, loose) = if first == "By" || first == "BY" {
        (1, false)
    } else if opening.next().is_some_and(|t| t.eq_ignore_ascii_case("by"))
        && matches!(
            first,
            "Written" | "Posted" | "Reporting" | "Words" | "Story" | "Text" | "Report" | "Edited"
        )
    {
        (2, true)
    } else if matches!(first, "Author:" | "Authors:" | "Byline:") {
        (1, true)
    } else {
        return false;
    };
    let mut buf = [""; 12];
    let rest = &first_tokens(seg.split_whitespace(), &mut buf)[skip..];
    if rest.is_empty() || rest.len() > 8 {
        return false;
    }
    if rest
        .iter()
        .any(|t| t.contains(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    if loose {
        return true;
    }
    let capital = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    let first_name = trim_name(rest[0]);
    if !capital(first_name) || in_list(&CALENDAR_KEYS, first_name) {
        return false;
    }
    let mut names = 0;
    for &t in rest {
        let t = trim_name(t);
        if capital(t) {
            names += 1;
        } else if !BYLINE_CONNECTORS.contains(&t) {
            return false;
        }
    }
    // One word is a byline only as an agency acronym (`By AFP`): `By Car` heads directions.
    names >= 2 || (first_name.len() >= 2 && first_name.chars().all(|c| c.is_ascii_uppercase()))
}

fn trim_name(t: &str) -> &str {
    t.trim_end_matches([',', ';'])
}

/// The whole unit as a label in lower case with single spaces (`  Contact Us »` is
/// `contact us`), if it is short ASCII.
fn label_of<'b>(body: &str, buf: &'b mut [u8; 40]) -> Option<&'b str> {
    let core = body.trim_matches(|c: char| !c.is_alphanumeric());
    if core.len() > buf.len() || !core.is_ascii() {
        return None;
    }
    let mut n = 0;
    for w in core.split_whitespace() {
        if n > 0 {
            *buf.get_mut(n)? = b' ';
            n += 1;
        }
        buf.get_mut(n..n + w.len())?.copy_from_slice(w.as_bytes());
        n += w.len();
    }
    buf[..n].make_ascii_lowercase();
    std::str::from_utf8(&buf[..n]).ok()
}

/// `Tags: cloud, fintech`, `Posted in Business, Technology`: a blog's tag and category line.
fn is_tag_line(body: &str) -> bool {
    // Most lines start with a letter no prefix starts with.
    if !body
        .as_bytes()
        .first()
        .is_some_and(|&b| TAG_INITIALS[usize::from(b)])
    {
        return false;
    }
    TAG_PREFIXES.iter().any(|p| {
        body.strip_prefix(p)
            .is_some_and(|rest| rest.contains(char::is_alphanumeric))
    })
}

/// `Home | News | Sport`, `Home › World › Europe`: three or more short items between menu
/// separators.
///
/// A plain-text table is not a menu: its rows start or end with `|`, its columns are aligned
/// with runs of spaces, and its cells hold numbers and lower-case words; menu items are
/// capitalised labels.
fn is_separated_menu(body: &str) -> bool {
    const SEPARATORS: [char; 5] = ['|', '•', '·', '›', '»'];
    // Without a separator (all but `|` are outside ASCII) there is one item only.
    if !body.bytes().any(|b| b == b'|' || b >= 0x80) {
        return false;
    }
    if body.starts_with(SEPARATORS) || body.ends_with(SEPARATORS) || body.contains("  ") {
        return false;
    }
    let mut items = 0;
    for item in body.split(SEPARATORS) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let label = item.chars().next().is_some_and(char::is_uppercase)
            && words(item).count() <= 4
            && !item.ends_with(['.', '!', '?']);
        if !label {
            return false;
        }
        items += 1;
    }
    items >= 3
}

/// `Photo: Reuters/John Smith`, `Image credit: NASA`, `(Getty Images)`, or a caption ending in
/// `Photograph: Name/Agency`.
fn is_credit(body: &str, words: usize) -> bool {
    let core = body.trim_start_matches(['(', '[']);
    // Most lines start with a letter no prefix starts with.
    let prefixes = match core.as_bytes().first() {
        Some(&b) if CREDIT_INITIALS[usize::from(b.to_ascii_lowercase())] => CREDIT_PREFIXES,
        _ => &[],
    };
    for prefix in prefixes {
        let Some(rest) = core
            .get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| &core[prefix.len()..])
        else {
            continue;
        };
        let marked = rest.trim_start().strip_prefix([':', '|', '©']).or_else(|| {
            rest.strip_prefix(" by ")
                .or_else(|| rest.strip_prefix(" courtesy of "))
        });
        if marked.is_some_and(credits_someone) {
            return true;
        }
        // The longest matching prefix decides; a caption may still end in a credit.
        break;
    }
    // Every marker ends in `: `: looking back from each `: ` tells whether one is there, and
    // most lines have none, so need no search per marker.
    let b = core.as_bytes();
    let marked = memchr::memchr_iter(b':', b).any(|i| {
        b.get(i + 1) == Some(&b' ') && CREDIT_MARKERS.iter().any(|m| core[..i + 2].ends_with(m))
    });
    let markers = if marked { CREDIT_MARKERS } else { &[] };
    for marker in markers {
        if let Some(at) = core.find(marker)
            && at > 0
        {
            let before = core[..at].trim_end();
            if before.ends_with(['.', '!', '?', '|', '(', ')', '”'])
                && credits_someone(&core[at + marker.len()..])
            {
                return true;
            }
        }
    }
    if words > 8 {
        return false;
    }
    // The shape of an agency credit is cheaper to test than the search for an agency, and
    // decides alone when it is missing.
    let trimmed = body.trim();
    let wrapped = trimmed.starts_with('(') && trimmed.ends_with(')');
    let credited = trimmed.contains('/') || trimmed.contains(" via ") || trimmed.contains('©');
    (wrapped || credited || AGENCIES.contains(&trimmed)) && names_agency(body)
}

/// What follows `Photo:` names someone: a few words, capitalised (`Tom Jamieson/The Guardian`)
/// or with a `/` or an agency in them (`dpa/Patrick Seeger`); `Credit: what you need to know`
/// is a heading.
fn credits_someone(rest: &str) -> bool {
    let rest = rest.trim();
    (1..=12).contains(&words(rest).count())
        && (rest.starts_with(|c: char| c.is_uppercase() || c == '©')
            || rest.contains('/')
            || names_agency(rest))
}

/// Whether one of the [`AGENCIES`] occurs in `hay` between non-alphanumeric characters (`EPA`,
/// not `NEPAL`), in one pass instead of a substring search per agency.
fn names_agency(hay: &str) -> bool {
    let b = hay.as_bytes();
    (0..b.len()).any(|at| {
        AGENCY_INITIALS[usize::from(b[at])]
            && AGENCIES.iter().any(|a| {
                a.as_bytes()[0] == b[at]
                    && b[at..].starts_with(a.as_bytes())
                    && word_at(hay, at, a.len())
            })
    })
}

/// Whether the `len` bytes at `at` in `hay` are a word: non-alphanumeric characters (or the
/// ends of `hay`) on both sides.
fn word_at(hay: &str, at: usize, len: usize) -> bool {
    !hay[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && !hay[at + len..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Finds the blocks: index ranges into `units`.
fn blocks(units: &[Unit]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = units.len();
    let mut i = 0;
    while i < n {
        if !units[i].f.non_prose() {
            i += 1;
            continue;
        }
        let run_start = i;
        let mut run_end = i + 1;
        let mut non_prose = 1;
        loop {
            if run_end < n && units[run_end].f.non_prose() {
                run_end += 1;
                non_prose += 1;
            } else if run_end + 1 < n
                && units[run_end].f.words <= GAP_MAX_WORDS
                && units[run_end + 1].f.non_prose()
                && (non_prose + 1) * 4 >= (run_end + 2 - run_start) * 3
            {
                run_end += 2;
                non_prose += 1;
            } else {
                break;
            }
        }
        if let Some(block) = accept(units, run_start..run_end, out.last()) {
            out.push(block);
        }
        i = run_end;
    }
    out
}

/// Trims a run to its evidenced core, checks the thresholds, and takes in one heading or lead-in
/// line before it.
fn accept(
    units: &[Unit],
    run: Range<usize>,
    previous: Option<&Range<usize>>,
) -> Option<Range<usize>> {
    let evidenced = |i: &usize| units[*i].f.evidenced();
    let first = run.clone().find(evidenced)?;
    let last = run.clone().rev().find(evidenced)?;
    let core = first..last + 1;
    let non_prose = core.clone().filter(|&i| units[i].f.non_prose()).count();
    let evidence_lines = core.clone().filter(evidenced).count();
    let evidence: u32 = core.clone().map(|i| units[i].f.evidence()).sum();
    let block = non_prose >= MIN_LINES
        && evidence_lines >= MIN_EVIDENCE_LINES
        && evidence >= MIN_EVIDENCE
        && evidence_lines * 3 >= non_prose;
    // Two lines are enough when one could be reported alone and the other is as certain
    // (`Photo: ...` then `Updated: 14 June 2024, 16:05`): one finding, not one and a miss.
    let pair = core.len() >= 2
        && core.clone().all(|i| units[i].f.evidence() >= 3)
        && core.clone().any(|i| units[i].f.confident_alone());
    if !(block || pair) {
        return None;
    }
    let mut start = core.start;
    let floor = previous.map_or(0, |p| p.end);
    if start > floor {
        let before = &units[start - 1].f;
        // A box heading (`Useful contacts`) is short; a longer line without an end mark just
        // before the block is more likely the article's title.
        let heading = start > run.start && before.non_prose() && before.short;
        let lead_in = before.lead_in && before.words <= LEAD_IN_MAX_WORDS;
        if heading || lead_in {
            start -= 1;
        }
    }
    Some(start..core.end)
}

/// `n` lines with a property, with the verb agreeing: `1 lacks`, `7 lack`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One diagnostic for a block, with the counts behind it.
fn block_finding(units: &[Unit], block: Range<usize>) -> Finding {
    let us = &units[block.clone()];
    let total = us.len();
    let count = |p: fn(&Features) -> bool| us.iter().filter(|u| p(&u.f)).count();
    let mut evidence = [
        (
            count(|f| f.phone || f.contact),
            "has phone numbers or contact words",
            "have phone numbers or contact words",
            "a scraped helpline or contact list",
        ),
        (
            count(|f| f.link > 0 || f.menu || f.listed || f.related),
            "is link text or a menu item",
            "are link text or menu items",
            "a scraped link list or menu",
        ),
        (
            count(|f| f.counter || f.byline || f.timestamp || f.credit || f.tags),
            "is a byline, date, counter, tag or photo credit",
            "are bylines, dates, counters, tags or photo credits",
            "scraped page metadata",
        ),
        (
            count(|f| f.notice || f.paywall),
            "is a paywall, cookie or newsletter notice",
            "are paywall, cookie or newsletter notices",
            "a scraped paywall or sign-up notice",
        ),
    ]
    .to_vec();
    evidence.retain(|e| e.0 > 0);
    evidence.sort_by_key(|e| std::cmp::Reverse(e.0));
    let what = match evidence.as_slice() {
        [only] => only.3,
        [a, b, ..] if a.0 > b.0 => a.3,
        _ => "a scraped sidebar",
    };
    let mut reasons: Vec<String> = evidence
        .iter()
        .take(2)
        .map(|&(n, one, many, _)| counted(n, one, many))
        .collect();
    let no_end = count(|f| f.no_end);
    let short = count(|f| f.short);
    if no_end * 2 >= total {
        reasons.push(counted(
            no_end,
            "lacks end punctuation",
            "lack end punctuation",
        ));
    } else if short * 2 >= total {
        let words = format!("fewer than {SHORT_WORDS} words");
        reasons.push(counted(
            short,
            &format!("has {words}"),
            &format!("have {words}"),
        ));
    }
    if let Some(first) = reasons.first_mut() {
        // `6 of 8 lines have`, `1 of 3 lines has`: the verb agrees with the count.
        *first = first.replacen(' ', &format!(" of {total} lines "), 1);
    }
    let span = us[0].range.start..us[total - 1].range.end;
    Finding::new(
        span,
        vec![
            format!("These {total} lines look"),
            what.to_string(),
            reasons.join(", "),
        ],
    )
}

/// Single units that cannot be prose, among `range`.
fn lone_findings(units: &[Unit], range: Range<usize>, out: &mut Vec<Finding>) {
    for u in &units[range] {
        let f = &u.f;
        if !f.confident_alone() {
            continue;
        }
        let (what, why) = if f.counter {
            (
                "a like, share or comment counter",
                "a number of likes, shares, comments or views is page furniture",
            )
        } else if f.credit {
            (
                "a photo credit",
                "it credits a picture that is no longer there",
            )
        } else {
            (
                "a paywall notice",
                "it asks the reader to subscribe or sign in",
            )
        };
        out.push(Finding::new(
            u.range.clone(),
            vec![
                "This line looks".to_string(),
                what.to_string(),
                why.to_string(),
            ],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [
            STOPWORDS,
            RUN_ON_WORDS,
            CHROME,
            RELATED_HEADINGS,
            COUNTER_NOUNS,
            DATE_WORDS,
            ZONES,
            CALENDAR_NAMES,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn last_word_is_that_of_words() {
        for s in [
            "",
            "...",
            "the end",
            "the end.",
            "rock 'n' roll'",
            "of the dogs' ",
            "'tis",
            "l'été",
            "the café",
            "it’s",
            "x ’",
            "a_b",
            "3 items)",
        ] {
            assert_eq!(last_word(s), words(s).next_back(), "{s:?}");
        }
    }

    #[test]
    fn packed_lists_keep_their_order() {
        for keys in [
            &RUN_ON_KEYS[..],
            &COUNTER_KEYS,
            &DATE_KEYS,
            &ZONE_KEYS,
            &CALENDAR_KEYS,
        ] {
            assert!(keys.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(in_list(&DATE_KEYS, "September"));
        assert!(!in_list(&DATE_KEYS, "Sept\0"));
        assert!(!in_list(&ZONE_KEYS, "gmtx"));
    }

    #[test]
    fn stop_keys_hold_the_stop_words_only() {
        let keys = StopKeys::get();
        let key = |w: &str| crate::document::word_key(w, w.as_bytes());
        for w in STOPWORDS {
            assert!(keys.contains(key(w)), "{w}");
        }
        assert!(keys.contains(key("The")));
        for w in ["cat", "abouts", "", "théâtre", "zebra"] {
            assert!(!keys.contains(key(w)), "{w}");
        }
        assert!(!keys.contains(0));
    }

    #[test]
    fn phone_numbers_and_look_alikes() {
        for phone in [
            "Childline: 0800 1111",
            "+44 20 7946 0958",
            "(555) 123-4567",
            "800-273-8255",
            "0800 58 58 58",
        ] {
            assert!(has_phone(phone, false), "{phone}");
        }
        assert!(has_phone("Telephone 116 123", true));
        assert!(!has_phone(
            "remove unnecessary call to SSL (Sam Roberts) #25711",
            true
        ));
        assert!(!has_phone("see /pull/2571123 and call", true));
        for not in [
            "51 Franklin St, Fifth Floor, Boston, MA 02110-1301 USA",
            "on 2021-03-12 at noon",
            "12.03.2021",
            "in 1989 1991",
            "1 000 000 euros",
            "9,477 cases",
            "Version 2.1",
            "116 123",
            "# Release 0.2.19 (2024-05-03)",
            "ISBN 978-0-14-044913-6",
            "ISBN 0-14-044913-6",
        ] {
            assert!(!has_phone(not, false), "{not}");
        }
    }

    #[test]
    fn metadata_shapes() {
        assert!(is_counter("71 comments"));
        assert!(is_counter("1.2K views"));
        assert!(is_counter("Comments (71)"));
        assert!(!is_counter("2 cups flour"));
        assert!(is_timestamp("12 March 2021, 10:42"));
        assert!(is_timestamp("Updated 3 hours ago"));
        assert!(!is_timestamp("Version 3, 29 June 2007"));
        assert!(is_timestamp("Mon 12 Mar 2021 10.42 GMT"));
        assert!(is_timestamp("2021-03-12"));
        assert!(is_timestamp("12/03/21"));
        for version in ["20.20.2", "1.10.12", "3.11", "v2.0", "18.19.10"] {
            assert!(!is_timestamp(version), "{version}");
        }
        assert!(!is_separated_menu("63434 | netplan           | netplan"));
        assert!(!is_separated_menu("| Name | Value | Unit |"));
        assert!(!is_separated_menu("uid | name | description"));
        assert!(is_separated_menu("Home | News | Sport"));
        assert!(is_separated_menu("Home › World › Europe"));
        assert!(is_byline("By Jane Doe"));
        assert!(is_byline("BY AFP"));
        assert!(!is_byline("By Car"));
        assert!(!is_byline("By January, the river had flooded"));
        let m = metadata("By Jane Doe | BBC News | 12 March 2021");
        assert!(m.byline && m.timestamp);
        assert!(!metadata("Home | News | Sport").any());
    }

    #[test]
    fn credits() {
        assert!(is_credit("Photo: Reuters/John Smith", 4));
        assert!(is_credit("(Getty Images)", 2));
        assert!(is_credit("Image credit: NASA", 3));
        assert!(is_credit(
            "Protesters in London on Saturday. Photograph: Tom Jamieson/The Guardian",
            10
        ));
        assert!(!is_credit("Photography is an art.", 4));
        assert!(is_credit(
            "Photo of the day. Photograph: Tom Jamieson/The Guardian",
            8
        ));
        assert!(!is_credit("Credit: what you need to know", 6));
        assert!(!is_credit("(NEPAL)", 1));
        assert!(is_credit("Photo: dpa/Patrick Seeger", 4));
        assert!(is_credit("Photo by Jane Doe on Unsplash", 6));
        assert!(!is_credit("Reuters reported the figures on Monday.", 6));
    }
}
