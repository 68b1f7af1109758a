//! The `copydesk` binary: parse arguments, hand over to the library.

use clap::Parser;

fn main() {
    // Not `Cli::parse`: it ignores a failure to write the help or the version.
    let cli = match copydesk::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => std::process::exit(copydesk::cli::parse_error(&e)),
    };
    std::process::exit(copydesk::cli::run(cli));
}
