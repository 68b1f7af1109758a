//! The word hash: the segmentation keys every word with it, and build.rs lays out the
//! foreign-word table with it, so both must use this one definition.
//!
//! It reads a word eight bytes at a time (most words are one chunk), where a byte-at-a-time
//! hash such as FNV-1a spent a multiply on every byte of the text.

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of `bytes`: their little-endian 8-byte chunks, the last one padded with zeros,
/// folded into a state seeded with the length.
pub fn word(bytes: &[u8]) -> u32 {
    fold_chunks(bytes, |chunk| chunk)
}

/// [`word`] of the ASCII lower case of `bytes`, which must be ASCII; no copy is made.
pub fn ascii_lower_word(bytes: &[u8]) -> u32 {
    fold_chunks(bytes, ascii_lower)
}

#[inline]
fn fold_chunks(bytes: &[u8], map: impl Fn(u64) -> u64) -> u32 {
    let mut h = start(bytes.len());
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        h = mix(
            h,
            map(u64::from_le_bytes(chunk.try_into().unwrap_or_default())),
        );
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last eight bytes, shifted down past those already folded: no copy.
        let last = match bytes.len().checked_sub(8) {
            Some(at) => {
                let tail = u64::from_le_bytes(bytes[at..].try_into().unwrap_or_default());
                tail >> (8 * (8 - rest.len()))
            }
            None => padded(rest),
        };
        h = mix(h, map(last));
    }
    finish(h)
}

/// [`ascii_lower_word`] of a word of 1 to 8 bytes given as one chunk (zero-padded).
#[inline]
pub fn ascii_lower_chunk(chunk: u64, len: usize) -> u32 {
    finish(mix(start(len), ascii_lower(chunk)))
}

/// The bytes of `rest` (at most 8) as a little-endian chunk padded with zeros.
fn padded(rest: &[u8]) -> u64 {
    rest.iter()
        .rev()
        .fold(0, |chunk, &b| chunk << 8 | u64::from(b))
}

/// One in every byte of a chunk.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// Bit 7 of every byte of a chunk.
pub const HIGH: u64 = ONES * 0x80;

/// For eight bytes below 0x80, bit 7 of each byte set when the byte is at least `lo`: adding
/// `0x80 - lo` reaches bit 7 exactly then, and never carries into the next byte.
#[inline]
pub fn at_least(seven_bit: u64, lo: u8) -> u64 {
    seven_bit.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH
}

/// Every byte of `chunk` (each below 0x80) in ASCII lower case: the bytes from `A` to `Z` get
/// bit 5 set.
#[inline]
pub fn ascii_lower(chunk: u64) -> u64 {
    let upper = at_least(chunk, b'A') & !at_least(chunk, b'Z' + 1);
    chunk | upper >> 2
}

#[inline]
fn start(len: usize) -> u64 {
    SEED ^ len as u64
}

/// One 64 × 64 → 128-bit multiply folded to 64 bits: every output bit depends on every input
/// bit, so the table's low bits and the filter's high bits are both well spread.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ (p >> 64) as u64
}

#[inline]
fn mix(h: u64, chunk: u64) -> u64 {
    folded_multiply(h ^ chunk, MIX)
}

/// 32 bits: a document's keys take half the memory, and every use of a key either confirms it
/// on the text or tolerates a rare false match (see [`crate::document::Document::word_keys`]).
/// The folded multiply of the last chunk has spread it already: the halves are only folded.
#[inline]
fn finish(h: u64) -> u32 {
    (h ^ h >> 32) as u32
}

/// log2 of the number of 64-bit blocks of the foreign-word filter: 2^14 blocks are 128 KiB,
/// which stays in the L2 cache where the table itself (about 1 MB) does not.
pub const FILTER_BLOCKS_LOG2: u32 = 14;

/// Where the foreign-word filter records a word hashing to `key`: a block, and four bits in
/// it (one block read per look-up; with four bits, about 1 in 800 words not listed gets
/// through). They come from the key spread over 64 bits by an odd multiplier, whose high bits
/// depend on every bit of the key.
pub fn filter_position(key: u32) -> (usize, u64) {
    let hash = u64::from(key).wrapping_mul(MIX);
    let block = (hash >> (64 - FILTER_BLOCKS_LOG2)) as usize;
    let bits = (0..4).fold(0, |bits, k| bits | 1 << ((hash >> (26 + 6 * k)) & 63));
    (block, bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_hashes_agree_with_the_hash_of_the_lower_case() {
        for w in [
            "",
            "a",
            "Z",
            "The",
            "ABCDEFGH",
            "aBcDeFgHi",
            "0-9 @[`{",
            "Wörd",
        ] {
            if w.is_ascii() {
                let lower = w.to_ascii_lowercase();
                assert_eq!(
                    ascii_lower_word(w.as_bytes()),
                    word(lower.as_bytes()),
                    "{w}"
                );
                if (1..=8).contains(&w.len()) {
                    let chunk = padded(w.as_bytes());
                    assert_eq!(ascii_lower_chunk(chunk, w.len()), word(lower.as_bytes()));
                }
            }
        }
        // Every ASCII byte: only the capitals change.
        for b in 0..0x80u8 {
            let lowered = ascii_lower(u64::from(b) << 24) >> 24;
            assert_eq!(lowered, u64::from(b.to_ascii_lowercase()), "{b}");
        }
        // Length is part of the hash, so zero padding is not ambiguous.
        assert_ne!(word(b"ab"), word(b"ab\0"));
    }
}
