//! copydesk: a fast linter for articles that went through machine translation and scraping.
//!
//! The pipeline, one module each: [`cli`] parses arguments → [`rules`] loads YAML rule packs →
//! [`engine`] compiles every pattern of every rule into one pass → [`checks`] turn hits into
//! findings → [`linter`] maps them to [`diagnostic`]s with source byte spans → [`output`] renders
//! them.
//!
//! ```
//! let linter = copydesk::Linter::builtin().unwrap();
//! let diagnostics = linter.lint_str("Write to [email protected] now.\n");
//! assert_eq!(&*diagnostics[0].rule, "Junk.EmailPlaceholder");
//! ```

pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod escape;
pub mod eval;
pub mod fix;
pub mod linter;
pub mod lsp;
pub mod markup;
pub mod offsets;
pub mod output;
pub mod rules;
pub mod source;
pub mod stats;
pub mod suppress;
#[cfg(test)]
mod testing;
pub mod text;
pub mod vale;
pub mod workspace;

pub use diagnostic::{Diagnostic, Severity};
pub use linter::Linter;
pub use source::SourceFile;
/// The document module at its old path, for code written against it.
pub use text::document;
