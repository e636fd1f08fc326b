//! `ibid export FILE --to csl-json|bibtex`: the works a document's notes
//! cite, as bibliography data a reference manager imports.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::CliError;
use crate::analysis::{Analysis, Dialect, decode, export};

/// What `ibid export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// CSL-JSON, as Zotero, Mendeley and Pandoc read it.
    CslJson,
    /// BibTeX.
    Bibtex,
}

pub(super) fn run(path: &Path, to: ExportFormat, out: &mut dyn Write) -> Result<(), CliError> {
    let (document, analysis) =
        Analysis::of_decoded(decode(&super::error::read(path)?), Dialect::for_path(path));
    let records = export::records(document.text(), &analysis);
    let written = match to {
        ExportFormat::CslJson => export::to_csl_json(&records),
        ExportFormat::Bibtex => export::to_bibtex(&records),
    };
    out.write_all(written.as_bytes()).map_err(CliError::Output)
}
