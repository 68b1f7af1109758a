//! The word and phrase lists of the `boilerplate` check, and the structures that look words up
//! in them (sorted lists for binary search, first-byte tables, the stop-word set).

use crate::text::words::WordSet;
use std::sync::LazyLock;

/// What a phrase found by the engine is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
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
pub(super) const PHRASES: &[(&str, Cue)] = &[
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
pub(super) const RUN_ON_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "his", "in", "into",
    "is", "its", "nor", "of", "or", "our", "than", "that", "the", "their", "to", "was", "were",
    "which", "with", "your",
];

/// Whole lines that are site chrome: navigation, account, sharing and advertising labels.
pub(super) const CHROME: &[&str] = &[
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
pub(super) const RELATED_HEADINGS: &[&str] = &[
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
pub(super) const TAG_PREFIXES: &[&str] = &[
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
pub(super) const COUNTER_NOUNS: &[&str] = &[
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

/// Words a timestamp line is made of besides numbers, month and weekday names
/// ([`CALENDAR_NAMES`]) and time zones ([`ZONES`]), sorted.
pub(super) const DATE_WORDS: &[&str] = &[
    "a",
    "ago",
    "an",
    "at",
    "date",
    "day",
    "days",
    "edited",
    "first",
    "hour",
    "hours",
    "hr",
    "hrs",
    "just",
    "last",
    "min",
    "mins",
    "minute",
    "minutes",
    "modified",
    "month",
    "months",
    "now",
    "of",
    "on",
    "posted",
    "published",
    "sec",
    "second",
    "seconds",
    "thur",
    "thurs",
    "today",
    "tues",
    "updated",
    "week",
    "weeks",
    "year",
    "years",
    "yesterday",
];

/// Time zones and day halves, sorted.
pub(super) const ZONES: &[&str] = &[
    "am", "bst", "cest", "cet", "edt", "est", "et", "gmt", "ist", "pdt", "pm", "pst", "pt", "utc",
];

/// Month and weekday names, sorted: a byline does not start with one.
pub(super) const CALENDAR_NAMES: &[&str] = &[
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

/// Lower-case words that may stand between the capitalised names of a byline.
pub(super) const BYLINE_CONNECTORS: &[&str] = &[
    "&", "and", "at", "da", "de", "del", "der", "di", "du", "for", "in", "la", "le", "of", "the",
    "van", "von",
];

/// How a photo-credit line starts (lower case, longest first where one is a prefix of another).
pub(super) const CREDIT_PREFIXES: &[&str] = &[
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
pub(super) const CREDIT_MARKERS: &[&str] = &[
    "Photograph: ",
    "Photo: ",
    "Image: ",
    "Picture: ",
    "Photo credit: ",
    "Image credit: ",
    "Credit: ",
];

/// Picture agencies, as they are spelt in credits.
pub(super) const AGENCIES: &[&str] = &[
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
pub(super) const CREDIT_INITIALS: [bool; 256] = initials(CREDIT_PREFIXES);
pub(super) const AGENCY_INITIALS: [bool; 256] = initials(AGENCIES);
pub(super) const TAG_INITIALS: [bool; 256] = initials(TAG_PREFIXES);

const fn initials(list: &[&str]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < list.len() {
        table[list[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
}

/// The [`STOPWORDS`], looked up for the words of the document by their keys.
pub(super) fn stop_words() -> &'static WordSet {
    static WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STOPWORDS.iter().copied()));
    &WORDS
}

/// Whether `w` is on `list`, a sorted list of lower-case words, in any ASCII case.
pub(super) fn in_list(list: &[&str], w: &str) -> bool {
    let lower = w.bytes().map(|b| b.to_ascii_lowercase());
    list.binary_search_by(|x| x.bytes().cmp(lower.clone()))
        .is_ok()
}

/// Whether `w` is one of a handful of words, ignoring ASCII case.
pub(super) fn is_one_of(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| w.eq_ignore_ascii_case(x))
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
    fn lists_are_searched_in_any_case() {
        assert!(in_list(CALENDAR_NAMES, "September"));
        assert!(in_list(DATE_WORDS, "Yesterday"));
        assert!(!in_list(DATE_WORDS, "Sept\0"));
        assert!(!in_list(ZONES, "gmtx"));
        assert!(!in_list(ZONES, "GMTé"));
    }

    #[test]
    fn stop_words_are_the_listed_words_only() {
        let set = stop_words();
        let holds = |w: &str| {
            let doc = crate::document::Document::new(w);
            let words = doc.words();
            words.len() == 1 && set.contains(&words, 0)
        };
        for w in STOPWORDS {
            assert!(holds(w), "{w}");
        }
        assert!(holds("The"));
        for w in ["cat", "abouts", "théâtre", "zebra"] {
            assert!(!holds(w), "{w}");
        }
    }
}
