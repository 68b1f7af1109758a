//! How a phrase list indexes its phrases by their word keys. build.rs lays out the built-in
//! lists' index with these functions and the `substitution` kind's list looks phrases up with
//! them, so both must use this one definition.

/// The hash of no words.
pub const START: u64 = 0xcbf2_9ce4_8422_2325;

/// The running hash of a phrase's word keys (each key the bits of a `WordKey`).
pub fn step(h: u64, key: u32) -> u64 {
    (h ^ u64::from(key)).wrapping_mul(0x0100_0000_01b3)
}

/// log2 of the bits of the pair filter (32 KB, so that a pair no phrase starts with passes it
/// about once in forty).
pub const PAIR_LOG2: u32 = 18;

/// Where the pair filter records a phrase starting with words of keys `a`, `b`.
pub fn pair_index(a: u32, b: u32) -> (usize, u64) {
    let h =
        (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - PAIR_LOG2);
    ((h >> 6) as usize, 1 << (h & 63))
}

/// The bit a phrase's third word sets in the mask kept with its first pair: most pairs that
/// start a phrase (`to the`, `in the`) are followed by no third word of one, and the mask says
/// so before any longer hash is looked up. Word keys are hashes: their top bits will do.
pub fn third_bit(key: u32) -> u64 {
    1 << (key >> 26)
}

/// Whether a phrase is plain: lower-case ASCII letters and digits in words separated by single
/// spaces. Its words' keys are then the word hash of each word, which build.rs can work out;
/// any other phrase is segmented at run time as a document would be. (Only build.rs calls it.)
#[allow(dead_code)]
pub fn is_plain(phrase: &str) -> bool {
    !phrase.is_empty()
        && !phrase.starts_with(' ')
        && !phrase.ends_with(' ')
        && !phrase.contains("  ")
        && phrase
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
}

/// The phrase lines of a list's text, each with its byte offset: lines not empty and not
/// starting with `#`. A line's number is its position here, in the index build.rs lays out as
/// in the list read at run time.
pub fn phrase_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}
