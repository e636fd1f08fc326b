//! `ibid export FILE --to csl-json|bibtex`: the works a document's notes
//! cite, as bibliography data a reference manager imports.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::CliError;
use crate::analysis::{Analysis, Cache, Document, decode, export};

/// What `ibid export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// CSL-JSON, as Zotero, Mendeley and Pandoc read it.
    CslJson,
    /// BibTeX.
    Bibtex,
}

pub(super) fn run(path: &Path, to: ExportFormat, out: &mut dyn Write) -> Result<(), CliError> {
    let bytes = std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_owned(),
        source,
    })?;
    let decoded = decode(&bytes);
    let document = Document::new(decoded.text);
    let analysis = Analysis::new(
        document.text(),
        document.tree(),
        &mut Cache::new(),
        &decoded.invalid,
    );
    let records = export::records(document.text(), &analysis);
    let written = match to {
        ExportFormat::CslJson => export::to_csl_json(&records),
        ExportFormat::Bibtex => export::to_bibtex(&records),
    };
    out.write_all(written.as_bytes()).map_err(CliError::Output)
}
