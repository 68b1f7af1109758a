//! How a phrase list indexes its phrases by their word keys. build.rs lays out the built-in
//! lists' index with [`index`] and the `substitution` kind's list looks phrases up with these
//! functions, so both must use this one definition. It names no other module of the crate
//! (build.rs includes it alone), so the segmentation is handed to [`index`].

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

/// The phrase lines of a list's text, each with its byte offset: lines not empty and not
/// starting with `#`. A line's number is its position here, in the index as in the list read at
/// run time.
#[allow(dead_code)] // build.rs and the tests call it.
pub fn phrase_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// `s` lower case, with every run of white space one space: a phrase's core, by which a
/// document's words are confirmed against the list.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Nearly every phrase is ASCII, lower-cased a byte at a time.
        if part.is_ascii() {
            out.push_str(part);
            let from = out.len() - part.len();
            out[from..].make_ascii_lowercase();
        } else {
            out.extend(part.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// The words of a text as a document's segmentation finds them: where each one is, and the
/// bits of its `WordKey`.
#[allow(dead_code)]
pub type Segmented = Vec<(std::ops::Range<usize>, u32)>;

/// log2 of the bits of the whole-phrase filter: 512 K bits (64 KB) for the 8 K phrases of the
/// largest list, so that a phrase not in it passes about once in sixty; with 64 K bits, one in
/// eight went on to a binary search of the phrases' hashes, which misses the cache at nearly
/// every step.
pub const HASH_LOG2: u32 = 19;

/// Where the whole-phrase filter records hash `h` (its top bits, the best mixed): the `u64`
/// and the bit in it.
pub fn hash_index(h: u64) -> (usize, u64) {
    let i = h >> (64 - HASH_LOG2);
    ((i >> 6) as usize, 1 << (i & 63))
}

/// Bytes of a first-pair record: the pair's hash, the lengths in words of the phrases that
/// start with it as bits (never 0: 0 marks an empty slot), and their third words' bits.
pub const PAIR_RECORD: usize = 8 + 2 + 8;

/// The slot of the first-pair table of `2^log2` slots where a lookup of pair hash `h` starts.
pub fn pair_slot(h: u64, log2: u32) -> usize {
    (h >> (63 - log2) >> 1) as usize
}

/// Lays out the index of a phrase list's `text` (`phrase<TAB>expected<TAB>partners` lines, `#`
/// comment lines), its phrases' words found by `segment` (the document segmentation: build.rs
/// and the tests pass the same one). A process reads it in place, without building anything:
/// little-endian, in order,
///
/// - the pair filter (`2^PAIR_LOG2 / 8` bytes, see [`pair_index`]);
/// - the whole-phrase filter (`2^HASH_LOG2 / 8` bytes, see [`hash_index`]);
/// - the count, then the (hash of the phrase's word keys, line) records, sorted;
/// - the log2 of the first-pair table's slots, then the slots, [`PAIR_RECORD`] bytes each, an
///   open-addressing table probed from [`pair_slot`] on;
/// - the count, then the byte offset of every phrase line in the text;
/// - the count, then, for each phrase whose core (see [`collapse`]) is not the phrase as
///   written, its line, where its core starts in the cores' text and its length, by line; then
///   the length of the cores' text and the text.
///
/// A line is the number of a line among the list's phrase lines. Phrases of fewer than two
/// words or more than 15 are left out: the pair filter needs two, and the lengths are bits of a
/// `u16`.
#[allow(dead_code)] // build.rs and the tests call it.
pub fn index(text: &str, segment: impl Fn(&str) -> Segmented) -> Vec<u8> {
    let lines: Vec<(usize, &str)> = phrase_lines(text).collect();
    let phrases: Vec<&str> = lines
        .iter()
        .map(|(_, line)| line.split('\t').next().unwrap_or(""))
        .collect();
    // All phrases segmented as one document, a phrase a line.
    let joined: String = phrases.iter().flat_map(|p| [*p, "\n"]).collect();
    let words = segment(&joined);
    let mut pair_filter = vec![0u64; 1 << (PAIR_LOG2 - 6)];
    let mut hash_filter = vec![0u64; 1 << (HASH_LOG2 - 6)];
    let mut by_hash: Vec<(u64, u32)> = Vec::new();
    let mut pairs: std::collections::BTreeMap<u64, (u16, u64)> = Default::default();
    let mut cores: Vec<(u32, String)> = Vec::new();
    let (mut w, mut at) = (0, 0);
    for (n, phrase) in phrases.iter().enumerate() {
        let end = at + phrase.len();
        let first = w;
        while w < words.len() && words[w].0.start < end {
            w += 1;
        }
        at = end + 1;
        if !(2..16).contains(&(w - first)) {
            continue;
        }
        let keys: Vec<u32> = words[first..w].iter().map(|&(_, key)| key).collect();
        let core = collapse(&joined[words[first].0.start..words[w - 1].0.end]);
        if core != *phrase {
            cores.push((n as u32, core));
        }
        let h = keys.iter().fold(START, |h, &k| step(h, k));
        by_hash.push((h, n as u32));
        let (word, bit) = hash_index(h);
        hash_filter[word] |= bit;
        let starts = pairs
            .entry(step(step(START, keys[0]), keys[1]))
            .or_default();
        starts.0 |= 1 << keys.len();
        if let Some(&third) = keys.get(2) {
            starts.1 |= third_bit(third);
        }
        let (word, bit) = pair_index(keys[0], keys[1]);
        pair_filter[word] |= bit;
    }
    by_hash.sort_unstable();
    // At most half full, so that a probe for a pair no phrase starts with ends soon.
    let log2 = (2 * pairs.len())
        .next_power_of_two()
        .max(2)
        .trailing_zeros();
    let mut slots = vec![(0u64, 0u16, 0u64); 1 << log2];
    for (&h, &(lengths, third)) in &pairs {
        let mut at = pair_slot(h, log2);
        while slots[at].1 != 0 {
            at = (at + 1) & (slots.len() - 1);
        }
        slots[at] = (h, lengths, third);
    }
    let mut out = Vec::new();
    let count = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
    for word in pair_filter.iter().chain(&hash_filter) {
        out.extend_from_slice(&word.to_le_bytes());
    }
    count(&mut out, by_hash.len());
    for (h, n) in &by_hash {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
    }
    count(&mut out, log2 as usize);
    for (h, lengths, third) in &slots {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&lengths.to_le_bytes());
        out.extend_from_slice(&third.to_le_bytes());
    }
    count(&mut out, lines.len());
    for (at, _) in &lines {
        out.extend_from_slice(&(*at as u32).to_le_bytes());
    }
    count(&mut out, cores.len());
    let mut blob = String::new();
    for (n, core) in &cores {
        out.extend_from_slice(&n.to_le_bytes());
        count(&mut out, blob.len());
        count(&mut out, core.len());
        blob.push_str(core);
    }
    count(&mut out, blob.len());
    out.extend_from_slice(blob.as_bytes());
    out
}
