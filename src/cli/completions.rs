//! `ibid completions SHELL`: completion scripts and the man page, generated
//! from the clap definitions so that they never fall behind the options.

use std::io::Write;

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

use super::{Cli, CliError};

/// A shell, or the man page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Target {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
    /// The man page, in roff: `ibid completions man > ibid.1`.
    Man,
}

pub(super) fn run(target: Target, out: &mut dyn Write) -> Result<(), CliError> {
    let mut command = Cli::command();
    let shell = match target {
        Target::Bash => Shell::Bash,
        Target::Zsh => Shell::Zsh,
        Target::Fish => Shell::Fish,
        Target::Elvish => Shell::Elvish,
        Target::Powershell => Shell::PowerShell,
        Target::Man => {
            return clap_mangen::Man::new(command)
                .render(out)
                .map_err(CliError::Output);
        }
    };
    clap_complete::generate(shell, &mut command, "ibid", out);
    Ok(())
}
