//! The command line: argument definitions and the commands behind them.
//!
//! Commands read files and write to the terminal; everything they compute
//! comes from [`crate::analysis`].

mod error;
mod parse;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use error::CliError;

/// A language server and linter for annotated research notes.
#[derive(Debug, Parser)]
#[command(name = "ibid", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a file and print a summary of what the grammar found.
    Parse(ParseArgs),
}

#[derive(Debug, Args)]
struct ParseArgs {
    /// The file to parse (`.txt`, `.md`, `.notes`, ...).
    file: PathBuf,
    /// Print the syntax tree as an S-expression instead of the summary.
    #[arg(long)]
    tree: bool,
}

/// The exit status for a command that could not do its work (unreadable
/// file, bad arguments): 2, as clap and most linters use for usage errors.
const EXIT_ERROR: u8 = 2;

/// Runs the command `cli` names and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let result = match cli.command {
        Command::Parse(args) => parse::run(&args.file, args.tree, &mut stdout),
    };
    match result.and_then(|()| stdout.flush().map_err(CliError::Output)) {
        Ok(()) => ExitCode::SUCCESS,
        // Output piped into `head` that stopped reading: not a failure.
        Err(CliError::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            // Nothing more can be done if stderr itself is gone.
            let _ = writeln!(io::stderr(), "error: {error}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
