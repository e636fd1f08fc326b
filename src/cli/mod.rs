//! The command line: argument definitions and the commands behind them.
//!
//! Commands read files and write to the terminal; everything they compute
//! comes from [`crate::analysis`]. Exit statuses are the same for every
//! command: 0 when all is well, 1 when `check` found something at or above
//! `--fail-on`, 2 when the command could not do its work (bad arguments, a
//! bad configuration, a file that could not be read).

// The one part of the library that may print (the crate denies it elsewhere).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bibliographies;
mod check;
mod completions;
mod debug;
mod discover;
mod emit;
mod error;
mod export;
mod fix;
mod notes;
mod parse;
mod rules;
mod settings;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Check files for dangling markers, notes and citations.
    Check(CheckArgs),
    /// Show a document's notes, citations and what they resolve to.
    Notes(NotesArgs),
    /// Write the works a document's notes cite as CSL-JSON or BibTeX.
    Export(ExportArgs),
    /// List every rule with its default severity.
    Rules(RulesArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// Print a shell completion script, or the man page (`man`).
    Completions(CompletionsArgs),
    /// Parse a file and print a summary of what the grammar found.
    Parse(ParseArgs),
    /// Tools for developing ibid itself.
    #[command(hide = true, subcommand)]
    Debug(DebugCommand),
    /// Run the language server over standard input and output.
    Lsp(LspArgs),
}

#[derive(Debug, Args)]
struct LspArgs {
    /// Accepted for editors that pass it; standard input and output are
    /// the only transport.
    #[arg(long)]
    stdio: bool,
}

/// Output formats of `ibid check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Source snippets with the offending text underlined.
    Human,
    /// `path:line:column: severity[code] message`, one line each.
    Concise,
    /// One JSON object (see docs/json-output.md).
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code scanning services.
    Sarif,
}

/// The lowest severity that makes `ibid check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    /// Report, but always exit 0 unless something could not be checked.
    Never,
}

/// When to colour the human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files and folders to check (folders recursively); `-` reads one
    /// document from standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// How to print what was found.
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print how many findings each rule made instead of the findings
    /// (a table; a JSON array with `--format json`).
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,
    /// Exit with 1 when a finding at or above this severity is left.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Use this configuration file instead of looking for `ibid.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check only these rules (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub select: Vec<String>,
    /// Do not check these rules (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub ignore: Vec<String>,
    /// Apply the safe fixes and write the files.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// With `--fix` or `--diff`, also apply fixes that remove text.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Check files named on the command line even when `exclude` in
    /// ibid.toml matches them (by default they are skipped, so that a
    /// pre-commit hook, which names every changed file, leaves drafts alone).
    #[arg(long)]
    pub no_force_exclude: bool,
    /// The name to report for a document read from standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Print only the findings: no progress bar, no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
struct NotesArgs {
    /// The document.
    file: PathBuf,
    /// `human` for a table, `json` for data.
    #[arg(long, value_enum, default_value_t = notes::NotesFormat::Human)]
    format: notes::NotesFormat,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// The document.
    file: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    to: export::ExportFormat,
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// `human` for a table, `json` for data.
    #[arg(long, value_enum, default_value_t = notes::NotesFormat::Human)]
    format: notes::NotesFormat,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// A rule code, such as `empty-url`.
    code: String,
}

#[derive(Debug, Args)]
struct CompletionsArgs {
    /// The shell, or `man` for the man page in roff.
    shell: completions::Target,
}

#[derive(Debug, Args)]
struct ParseArgs {
    /// The file to parse (`.txt`, `.md`, `.notes`, ...).
    file: PathBuf,
    /// Print the syntax tree as an S-expression instead of the summary.
    #[arg(long)]
    tree: bool,
}

#[derive(Debug, Subcommand)]
enum DebugCommand {
    /// Write a corpus of generated documents into a folder (benchmarks).
    GenCorpus {
        /// The folder to create or fill.
        dir: PathBuf,
        /// How many files.
        #[arg(long, default_value_t = 1000)]
        files: usize,
        /// The size of each file in bytes (about).
        #[arg(long, default_value_t = 100_000)]
        size: usize,
        /// The kind of document.
        #[arg(long, default_value = "notes", value_parser = clap::builder::PossibleValuesParser::new(
            crate::analysis::testgen::shapes::Shape::ALL.map(|s| s.name())
        ))]
        shape: String,
    },
}

/// The exit status when nothing at or above `--fail-on` was found.
const EXIT_CLEAN: u8 = 0;
/// The exit status when `check` found something at or above `--fail-on`.
const EXIT_FINDINGS: u8 = 1;
/// The exit status for a command that could not do its work (unreadable
/// file, bad arguments, bad configuration): 2, as clap and most linters use.
const EXIT_ERROR: u8 = 2;

/// Runs the command `cli` names and returns the process exit status.
impl Cli {
    /// Whether the command is the language server, which sets up its own
    /// logging (more verbose by default: an editor's log is where a user
    /// looks when something goes wrong).
    pub fn is_server(&self) -> bool {
        matches!(self.command, Command::Lsp(_))
    }
}

pub fn run(cli: Cli) -> ExitCode {
    // Before standard output is locked: it is the server's transport.
    if let Command::Lsp(_) = cli.command {
        return crate::lsp::stdio::run();
    }
    let mut stdout = io::stdout().lock();
    let result = match cli.command {
        Command::Check(args) => check::run(&args, &mut stdout),
        Command::Notes(args) => notes::run(&args.file, args.format, &mut stdout).map(|()| 0),
        Command::Export(args) => export::run(&args.file, args.to, &mut stdout).map(|()| 0),
        Command::Rules(args) => rules::list(args.format, &mut stdout).map(|()| 0),
        Command::Explain(args) => rules::explain(&args.code, &mut stdout).map(|()| 0),
        Command::Completions(args) => {
            completions::run(args.shell, &mut stdout).map(|()| EXIT_CLEAN)
        }
        Command::Parse(args) => parse::run(&args.file, args.tree, &mut stdout).map(|()| 0),
        Command::Debug(DebugCommand::GenCorpus {
            dir,
            files,
            size,
            shape,
        }) => debug::gen_corpus(&dir, files, size, &shape, &mut stdout).map(|()| 0),
        // Handled above, before standard output is locked.
        Command::Lsp(_) => Ok(EXIT_CLEAN),
    };
    match result.and_then(|code| {
        stdout.flush().map_err(CliError::Output)?;
        Ok(code)
    }) {
        Ok(code) => ExitCode::from(code),
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
