//! The word hash: the segmentation keys every word with it, and build.rs lays out the
//! foreign-word table with it, so both must use this one definition.
//!
//! It reads a word eight bytes at a time (most words are one chunk), where a byte-at-a-time
//! hash such as FNV-1a spent a multiply on every byte of the text.

use super::swar::ascii_lower;

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

/// 32 bits: a document's keys take half the memory, and a key match is confirmed on the text
/// (see [`crate::text::words::WordKey`]). The folded multiply of the last chunk has
/// spread it already: the halves are only folded.
#[inline]
fn finish(h: u64) -> u32 {
    (h ^ h >> 32) as u32
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
