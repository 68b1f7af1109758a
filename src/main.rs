//! The `copydesk` binary: parse arguments, hand over to the library.

use clap::Parser;

/// mimalloc: rule loading and regex compilation make thousands of small allocations, about a
/// fifth of the start-up instructions with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = copydesk::cli::Cli::parse();
    std::process::exit(copydesk::cli::run(cli));
}
