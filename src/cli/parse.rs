//! `ibid parse FILE [--tree]`: show what the grammar makes of a file.

use std::io::Write;
use std::path::Path;

use super::CliError;
use crate::analysis::syntax;

/// Parses `path` and writes the summary line, or the S-expression of the
/// tree with `tree`.
///
/// The file is read as bytes and decoded lossily: a stray invalid byte in a
/// pasted document becomes U+FFFD rather than a refusal to look at it.
/// Syntax errors are part of the report (`errors: N`), not a failure.
pub(super) fn run(path: &Path, tree: bool, out: &mut impl Write) -> Result<(), CliError> {
    let bytes = super::error::read(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let parsed = syntax::parse_as(&text, syntax::Dialect::for_path(path));
    if tree {
        writeln!(out, "{}", parsed.root().to_sexp())
    } else {
        writeln!(out, "{}", syntax::Summary::of(&parsed, &text))
    }
    .map_err(CliError::Output)
}
