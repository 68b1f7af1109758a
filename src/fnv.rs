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
