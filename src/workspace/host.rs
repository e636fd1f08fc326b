//! The one-document pipeline: bytes are decoded, the text becomes a
//! document, the document is analysed, its citation keys are resolved
//! against its bibliographies. `ibid check`, the editor's open documents
//! and the workspace index all go through here, so a file shows the same
//! findings wherever it is looked at; each front end then grades them with
//! [`super::severity`] and presents them its own way.
//!
//! The host keeps the bibliography files read (a [`Store`]) for as long as
//! it lives: one run of `ibid check`, or the whole life of the server.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::bibliography::Bibliographies;
use crate::analysis::{self, Analysis, Cache, Decoded, Dialect, Document};

use super::bibfiles::Store;
use super::config::Config;

/// Where a document lives, as far as the pipeline reads around it.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The document's file; `None` for text with no file (standard input
    /// without a name, an editor's untitled buffer).
    pub path: Option<&'a Path>,
    /// The configuration that governs it; its `bibliography` is relative to
    /// [`Config::base`].
    pub config: &'a Config,
    /// Where every bibliography is searched for when neither the document
    /// nor the configuration names one: the folder of `ibid.toml` for the
    /// command line, the workspace folder for an editor. `None` searches the
    /// document's own folder.
    pub search_root: Option<&'a Path>,
}

impl Place<'_> {
    fn own_folder(&self) -> Option<PathBuf> {
        self.path.and_then(Path::parent).map(Path::to_path_buf)
    }
}

/// A document read from bytes, analysed and resolved.
#[derive(Debug)]
pub struct Checked {
    pub document: Document,
    /// Its diagnostics at the rules' default severities: grade them with
    /// [`super::severity::Severities`].
    pub analysis: Analysis,
    pub bibliographies: Arc<Bibliographies>,
    /// The offset of the first byte that was not UTF-8, if any (the text
    /// holds U+FFFD there).
    pub first_invalid: Option<usize>,
}

/// Runs the pipeline, and keeps the bibliography files it read.
#[derive(Debug, Default)]
pub struct Host {
    store: Store,
}

impl Host {
    pub fn new() -> Host {
        Host::default()
    }

    /// The bibliography files read so far, and the editor's unsaved texts
    /// of some of them.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The whole pipeline over a file's bytes, with nothing to reuse.
    pub fn check(&self, bytes: &[u8], place: &Place<'_>) -> Checked {
        self.check_decoded(analysis::decode(bytes), place)
    }

    /// The pipeline from decoded text on (the command line decodes first,
    /// to fix the text before it is analysed).
    pub fn check_decoded(&self, decoded: Decoded, place: &Place<'_>) -> Checked {
        let first_invalid = decoded.invalid.first().map(|b| b.original_offset);
        let dialect = place.path.map_or(Dialect::Markdown, Dialect::for_path);
        let (document, mut analysis) = Analysis::of_decoded(decoded, dialect);
        let bibliographies = self.resolve(place, document.text(), &mut analysis);
        Checked {
            document,
            analysis,
            bibliographies,
            first_invalid,
        }
    }

    /// Analyses a document the caller keeps, reusing what `cache` holds of
    /// its previous version (an editor's keystroke), and resolves it.
    ///
    /// An editor wants the bibliographies as soon as the document speaks
    /// Pandoc (a `[@` being typed, a `bibliography:` in front matter), so
    /// that the first key can be completed; a check only where keys are
    /// cited.
    pub fn analyse(&self, document: &Document, cache: &mut Cache, place: &Place<'_>) -> Analysis {
        let mut analysis = Analysis::new(document.text(), document.tree(), cache, &[]);
        let wants = analysis::cites::wants_keys(document.text(), &analysis.cites);
        self.resolve_for(place, document.text(), &mut analysis, wants);
        analysis
    }

    /// Resolves an analysed document's citation keys against its
    /// bibliographies: the front matter's, else the configuration's, else
    /// every bibliography under the search root.
    pub fn resolve(
        &self,
        place: &Place<'_>,
        text: &str,
        analysis: &mut Analysis,
    ) -> Arc<Bibliographies> {
        let cites = !analysis.cites.is_empty();
        self.resolve_for(place, text, analysis, cites)
    }

    /// [`Host::resolve`], searching for bibliographies when `wants_keys`.
    fn resolve_for(
        &self,
        place: &Place<'_>,
        text: &str,
        analysis: &mut Analysis,
        wants_keys: bool,
    ) -> Arc<Bibliographies> {
        let base = place
            .config
            .base
            .clone()
            .or_else(|| place.own_folder())
            .unwrap_or_else(|| PathBuf::from("."));
        let configured = place.config.bibliography_paths(&base);
        let search = place
            .search_root
            .map(Path::to_path_buf)
            .or_else(|| place.own_folder());
        let bibliographies = Arc::new(self.store.for_document(
            place.path,
            text,
            wants_keys,
            &configured,
            search.as_deref(),
        ));
        analysis.resolve_citations(bibliographies.clone(), text);
        bibliographies
    }
}
