//! FNV-1a, the hash of the foreign-word table: build.rs lays the table out with it and the
//! foreign check probes it with it, so both must use this one definition.

/// FNV-1a over `bytes`: for short keys like words it beats SipHash, whose setup dominates.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// log2 of the number of 64-bit blocks of the foreign-word filter: 2^14 blocks are 128 KiB,
/// which stays in the L2 cache where the table itself (about 1 MB) does not.
pub const FILTER_BLOCKS_LOG2: u32 = 14;

/// Where the foreign-word filter records a word hashing to `hash`: a block, and four bits in
/// it (one block read per look-up; with four bits, about 1 in 800 words not listed gets
/// through). They come from bits of the hash that the table's slot index (its low bits) does
/// not use, so a word the filter lets through is no likelier to collide in the table.
pub fn filter_position(hash: u64) -> (usize, u64) {
    let block = (hash >> (64 - FILTER_BLOCKS_LOG2)) as usize;
    let bits = (0..4).fold(0, |bits, k| bits | 1 << ((hash >> (26 + 6 * k)) & 63));
    (block, bits)
}
