//! `copydesk eval`: the rules measured on an annotated corpus (see tests/corpus/README.md).

use crate::cli::{EXIT_OK, RuleOptions, current_linter};
use crate::error::Error;
use std::path::Path;

/// `copydesk eval DIR`: precision and recall of the rules on an annotated corpus.
pub fn run(options: &RuleOptions, dir: &Path) -> Result<i32, Error> {
    let resolved = current_linter(options)?;
    let report = crate::eval::evaluate(&resolved.linter, dir)?;
    print!("{}", report.render());
    Ok(EXIT_OK)
}
