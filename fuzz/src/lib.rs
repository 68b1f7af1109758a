//! Shared by the fuzz targets: the built-in linter, compiled once per process, and the
//! invariants, which are the same file the property tests use.

use copydesk::Linter;
use std::sync::OnceLock;

#[path = "../../tests/invariants/mod.rs"]
pub mod invariants;

/// The built-in rules, compiled on first use: compiling per input would dominate the run.
pub fn builtin() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| Linter::builtin().expect("built-in rules compile"))
}

/// Lints `data` as the file `path` and panics, with the input, on a broken invariant.
pub fn lint(path: &str, data: &[u8]) {
    if let Err(e) = invariants::check_lint(builtin(), path, data) {
        panic!("{path}: {e}\ninput: {:?}", String::from_utf8_lossy(data));
    }
}
