//! Where the foreign-word filter (a blocked Bloom filter in front of the foreign-word table)
//! records a word. build.rs lays the filter out with it and the `foreign` check probes it, so
//! both must use this one definition.

/// An odd multiplier (the golden ratio's fraction, as the word hash uses) that spreads a key
/// over 64 bits.
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

/// log2 of the number of 64-bit blocks of the foreign-word filter: 2^14 blocks are 128 KiB,
/// which stays in the L2 cache where the table itself (about 1 MB) does not.
pub const FILTER_BLOCKS_LOG2: u32 = 14;

/// Where the foreign-word filter records a word hashing to `key`: a block, and four bits in
/// it (one block read per look-up; with four bits, about 1 in 800 words not listed gets
/// through). They come from the key spread over 64 bits by an odd multiplier, whose high bits
/// depend on every bit of the key.
pub fn filter_position(key: u32) -> (usize, u64) {
    let hash = u64::from(key).wrapping_mul(SPREAD);
    let block = (hash >> (64 - FILTER_BLOCKS_LOG2)) as usize;
    let bits = (0..4).fold(0, |bits, k| bits | 1 << ((hash >> (26 + 6 * k)) & 63));
    (block, bits)
}
