//! What can go wrong in a command, worded for the person who ran it.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A command's failure.
#[derive(Debug)]
pub enum CliError {
    /// A file could not be read.
    Read {
        /// The file, as given on the command line.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Writing the output failed.
    Output(io::Error),
    /// The command was asked for something it cannot do (an unknown rule
    /// code, a bad configuration file).
    Usage(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            CliError::Output(source) => write!(f, "cannot write output: {source}"),
            CliError::Usage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Read { source, .. } | CliError::Output(source) => Some(source),
            CliError::Usage(_) => None,
        }
    }
}

/// Reads the file a command was given, naming it if it cannot.
pub(super) fn read(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_owned(),
        source,
    })
}
