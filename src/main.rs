//! The `topolint` binary: parse arguments, run the library, exit with its code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

#[cfg(all(not(target_env = "msvc"), not(target_os = "windows")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}
