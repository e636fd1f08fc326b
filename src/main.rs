//! The `ibid` binary: parse the arguments and hand over to [`ibid::cli`].

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    ibid::cli::run(ibid::cli::Cli::parse())
}
