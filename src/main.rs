//! The `ibid` binary: parse the arguments, start logging and hand over to
//! [`ibid::cli`].

use std::process::ExitCode;

use clap::Parser as _;

// The system allocator for the server, mimalloc for every other command
// (`src/allocator.rs` says why).
#[global_allocator]
static ALLOCATOR: ibid::allocator::Allocator = ibid::allocator::Allocator;

fn main() -> ExitCode {
    let cli = ibid::cli::Cli::parse();
    if cli.is_server() {
        return ibid::cli::run(cli);
    }
    // Before anything is parsed: tree-sitter's allocator must not change
    // while a tree lives.
    ibid::allocator::use_mimalloc();
    // Logs go to stderr, never stdout (which carries the report); set
    // `IBID_LOG=debug` to see them.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("IBID_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .without_time()
        .try_init()
        .ok();
    ibid::cli::run(cli)
}
