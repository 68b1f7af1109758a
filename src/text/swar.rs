//! SWAR ("SIMD within a register") helpers: eight ASCII bytes tested or changed at once in a
//! `u64`, for the word segmentation and the word hash.

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

/// The ASCII letters of `chunk`, one bit a byte: bit `k` for byte `k` (little-endian order).
#[inline]
pub fn ascii_letters(chunk: u64) -> u8 {
    // Bytes outside ASCII are no letters; in the others, a letter in either case is one from
    // `a` to `z` once bit 5 is set.
    let lower = (chunk & !HIGH) | (ONES * 0x20);
    let letters = at_least(lower, b'a') & !at_least(lower, b'z' + 1) & !chunk;
    // Bit 7 of byte k moved to bit k of the top byte: the products of the shifted bits fall
    // on distinct bits, so nothing carries.
    ((letters >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}
