//! The `topolint` binary: parse arguments, run the library, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    topolint::cli::run(topolint::cli::Cli::parse())
}
