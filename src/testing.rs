//! Test-only helpers: the switch between the quick default test run and the long one.
//!
//! The unit tests reach this module as `crate::testing`; the integration tests include the same
//! file through `#[path]` (from `tests/util.rs`), so both read the switch the same way.

/// The environment variable that turns on the long runs: full property-test case counts and
/// full-size hostile inputs. `.ci/run` sets it; a plain `cargo test` leaves it off so that it
/// stays quick on a busy machine.
pub const LONG_TESTS: &str = "COPYDESK_LONG_TESTS";

/// Whether the long runs are on: [`LONG_TESTS`] is set to anything but empty or `0`.
pub fn long() -> bool {
    std::env::var_os(LONG_TESTS).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The number of cases a property test runs: `long` when the long runs are on, else `default`.
pub fn cases(default: u32, long: u32) -> u32 {
    if self::long() { long } else { default }
}
