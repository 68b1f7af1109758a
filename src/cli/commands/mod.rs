//! One module per subcommand of `copydesk`, each with a `run` that returns the exit code.

pub mod check;
pub mod eval;
pub mod explain;
pub mod init;
pub mod rules;
pub mod stats;
pub mod vale;
