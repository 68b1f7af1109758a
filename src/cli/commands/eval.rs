//! `copydesk eval`: the rules measured on an annotated corpus (see tests/corpus/README.md), or
//! with `--real DIR` on public annotated data (see `eval::real`).

use crate::cli::args::EvalArgs;
use crate::cli::{EXIT_OK, current_linter, to_stdout};
use crate::error::Error;
use std::path::Path;

/// Where `eval` finds its corpus when given none: copydesk's own, in its source folder.
const SOURCE_CORPUS: &str = "tests/corpus";

/// `copydesk eval [DIR] [--real DIR]`: precision and recall of the rules.
pub fn run(args: &EvalArgs) -> Result<i32, Error> {
    let resolved = current_linter(&args.rule_options)?;
    let text = match (&args.real, &args.dir) {
        (Some(real), _) => crate::eval::real::evaluate(&resolved.linter, real)?.render(),
        (None, Some(dir)) => crate::eval::evaluate(&resolved.linter, dir)?.render(),
        (None, None) => {
            // Only copydesk's source folder has a corpus where the user stands: elsewhere a
            // missing `tests/corpus/articles` would read as a broken installation.
            let corpus = Path::new(SOURCE_CORPUS);
            if !corpus.join("articles").is_dir() {
                return Err(Error::Usage(format!(
                    "no corpus given, and no {SOURCE_CORPUS} here: `copydesk eval DIR` \
                     measures the rules on an annotated corpus (DIR/articles and DIR/clean, as \
                     in {SOURCE_CORPUS} of copydesk's sources), `copydesk eval --real DIR` on \
                     public annotated data"
                )));
            }
            crate::eval::evaluate(&resolved.linter, corpus)?.render()
        }
    };
    to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}
