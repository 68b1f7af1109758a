//! `copydesk eval`: the rules measured on an annotated corpus (see tests/corpus/README.md), or
//! with `--real DIR` on public annotated data (see `eval::real`).

use crate::cli::args::EvalArgs;
use crate::cli::{EXIT_OK, current_linter, to_stdout};
use crate::error::Error;

/// `copydesk eval [DIR] [--real DIR]`: precision and recall of the rules.
pub fn run(args: &EvalArgs) -> Result<i32, Error> {
    let resolved = current_linter(&args.rule_options)?;
    let text = match &args.real {
        Some(real) => crate::eval::real::evaluate(&resolved.linter, real)?.render(),
        None => crate::eval::evaluate(&resolved.linter, &args.dir)?.render(),
    };
    to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}
