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
