//! Bibliographies in the server: which files each open document's
//! citations resolve against, bibliography files open in the editor (their
//! unsaved text wins over the file) or changed on disk, the diagnostics of
//! those files, and references from an entry to its citations across the
//! workspace.
//!
//! When a bibliography changes, every open document is analysed again, so
//! that `unknown-citekey` follows the edit; resolving a document's keys is
//! a hash lookup per key, cheap next to the analysis that surrounds it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ropey::Rope;
use rustc_hash::FxHashSet;

use crate::analysis::bibliography::{Bibliographies, Bibliography};
use crate::analysis::diagnostics::check_bibliography;
use crate::analysis::ide;
use crate::analysis::text::rope_of;
use crate::analysis::{Analysis, Document};
use crate::workspace::bibfiles::{self, Store};
use crate::workspace::config::Config;
use crate::workspace::severity;

use super::from_proto;
use super::lsp;
use super::state::{Shared, Snapshot};
use super::to_proto::Converter;

/// How long typing in a bibliography pauses before it is read again: a
/// library of thousands of entries takes tens of milliseconds to read, more
/// than the gap between two keystrokes.
const REPARSE_DELAY: Duration = Duration::from_millis(120);

/// A bibliography file open in the editor.
#[derive(Debug)]
struct OpenFile {
    path: PathBuf,
    rope: Rope,
    version: i32,
    /// Counts edits, so that a slow reading of an old text is dropped.
    generation: u64,
}

/// The server's bibliographies: files read, texts open in the editor, and
/// what was last published for each.
#[derive(Debug, Default)]
pub struct BibliographyState {
    pub store: Store,
    open: Mutex<HashMap<lsp::Uri, OpenFile>>,
    /// The bibliography whose diagnostics were last published, by path.
    published: Mutex<HashMap<PathBuf, usize>>,
    generation: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a URI names a bibliography file (by its extension).
pub fn is_bibliography(uri: &lsp::Uri) -> bool {
    from_proto::path(uri).is_some_and(|p| bibfiles::is_bibliography_path(&p))
}

/// Whether an opened document is a bibliography: a `.bib` file, or a
/// `.json` or `.yaml` file that holds a CSL list (not `package.json`).
pub fn is_bibliography_text(uri: &lsp::Uri, text: &str) -> bool {
    from_proto::path(uri)
        .and_then(|p| crate::analysis::bibliography::Format::of_path(&p))
        .is_some_and(|format| Bibliography::sniff(format, text))
}

/// Whether a bibliography file is open in the editor.
pub fn is_open(shared: &Shared, uri: &lsp::Uri) -> bool {
    lock(&shared.bibliographies.open).contains_key(uri)
}

impl BibliographyState {
    /// The bibliographies of the document at `uri` with `text`.
    pub fn for_document(
        &self,
        uri: &lsp::Uri,
        text: &str,
        cites: bool,
        roots: &[PathBuf],
        config: &Config,
    ) -> Bibliographies {
        let path = from_proto::path(uri);
        let root = path
            .as_ref()
            .and_then(|p| {
                roots
                    .iter()
                    .filter(|r| p.starts_with(r))
                    .max_by_key(|r| r.as_os_str().len())
            })
            .cloned();
        // `bibliography` in ibid.toml is relative to that file; from the
        // editor's settings, to the workspace folder.
        let base = root
            .as_ref()
            .and_then(|r| crate::workspace::config::find(r))
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .or_else(|| root.clone())
            .or_else(|| {
                path.as_ref()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
            })
            .unwrap_or_else(|| PathBuf::from("."));
        let configured = config.bibliography_paths(&base);
        // A document under no workspace folder searches its own folder.
        let search = root.clone().or_else(|| {
            path.as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
        });
        self.store
            .for_document(path.as_deref(), text, cites, &configured, search.as_deref())
    }

    /// Resolves an analysed document's citation keys (on a blocking thread).
    pub fn attach(
        &self,
        uri: &lsp::Uri,
        text: &str,
        roots: &[PathBuf],
        config: &Config,
        analysis: &mut Analysis,
    ) {
        let cites = !analysis.cites.is_empty();
        let bibliographies = self.for_document(uri, text, cites, roots, config);
        analysis.resolve_citations(Arc::new(bibliographies), text);
    }
}

/// A bibliography as the server sees it now: the editor's text, else the
/// file.
fn current(shared: &Shared, path: &Path) -> Option<Arc<Bibliography>> {
    shared.bibliographies.store.load(path).ok()
}

/// The keys cited anywhere in the workspace: open documents (as last
/// analysed: this runs on document workers, which must not wait for each
/// other) and indexed files.
fn cited_keys(shared: &Shared) -> FxHashSet<Arc<str>> {
    let mut keys = FxHashSet::default();
    for document in shared.open_documents() {
        if let Some(snapshot) = document.latest_snapshot()
            && let Ok(analysis) = &snapshot.analysis
        {
            keys.extend(analysis.cites.iter().map(|c| c.key.clone()));
        }
    }
    keys.extend(shared.workspace.cited_keys());
    keys
}

/// The diagnostics of a bibliography file, configured for where it lies.
async fn diagnostics(
    shared: &Shared,
    bibliography: &Bibliography,
    uri: &lsp::Uri,
) -> Vec<lsp::Diagnostic> {
    let config = shared.workspace.config_for(uri);
    let wants_unused = config.severity("unused-entry").is_some();
    let cited = if wants_unused {
        Some(cited_keys(shared))
    } else {
        None
    };
    let is_cited = |key: &str| cited.as_ref().is_some_and(|c| c.contains(key));
    let found = check_bibliography(
        bibliography,
        cited
            .is_some()
            .then_some(&is_cited as &dyn Fn(&str) -> bool),
    );
    let converter = Converter {
        rope: &bibliography.rope,
        encoding: shared.encoding(),
        uri,
    };
    converter.diagnostics(&severity::configure(
        &config,
        Some(&bibliography.path),
        found,
    ))
}

/// Publishes the diagnostics of the bibliography at `path`.
async fn publish(shared: &Shared, path: &Path, bibliography: &Bibliography) {
    if shared.flags().pulls_diagnostics {
        return;
    }
    let Ok(uri) = lsp::Uri::from_file_path(path) else {
        return;
    };
    let version = lock(&shared.bibliographies.open)
        .get(&uri)
        .map(|f| f.version);
    let items = diagnostics(shared, bibliography, &uri).await;
    shared.client.publish_diagnostics(uri, items, version).await;
}

/// The diagnostics of a bibliography, for a client that pulls them.
pub async fn diagnostics_of(shared: &Shared, uri: &lsp::Uri) -> Option<Vec<lsp::Diagnostic>> {
    let path = from_proto::path(uri).filter(|p| bibfiles::is_bibliography_path(p))?;
    let bibliography = current(shared, &path)?;
    Some(diagnostics(shared, &bibliography, uri).await)
}

/// After a document is analysed: publishes the diagnostics of the
/// bibliographies it uses that have not been published as they are now.
pub async fn after_analysis(shared: &Shared, snapshot: &Snapshot) {
    let Ok(analysis) = &snapshot.analysis else {
        return;
    };
    for file in &analysis.bibliographies.files {
        let identity = Arc::as_ptr(file) as usize;
        let fresh = lock(&shared.bibliographies.published).insert(file.path.clone(), identity)
            != Some(identity);
        if fresh {
            publish(shared, &file.path, file).await;
        }
    }
}

/// A bibliography changed: read it again, publish its diagnostics and
/// analyse the open documents again.
async fn changed(shared: &Arc<Shared>, path: &Path) {
    if let Some(bibliography) = current(shared, path) {
        lock(&shared.bibliographies.published).insert(
            bibliography.path.clone(),
            Arc::as_ptr(&bibliography) as usize,
        );
        publish(shared, path, &bibliography).await;
    }
    for document in shared.open_documents() {
        document.touch();
    }
}

/// Whether no edit of an open bibliography came after `generation`.
fn is_latest(shared: &Shared, generation: u64) -> bool {
    lock(&shared.bibliographies.open)
        .values()
        .any(|f| f.generation == generation)
}

/// `didOpen` of a bibliography file: registered now, so that the edits
/// that follow find it, and read on a blocking thread.
pub fn did_open(shared: &Arc<Shared>, uri: lsp::Uri, version: i32, text: String) {
    let Some(path) = from_proto::path(&uri) else {
        return;
    };
    let generation = shared
        .bibliographies
        .generation
        .fetch_add(1, Ordering::Relaxed)
        + 1;
    lock(&shared.bibliographies.open).insert(
        uri,
        OpenFile {
            path: path.clone(),
            rope: rope_of(&text),
            version,
            generation,
        },
    );
    let shared = shared.clone();
    tokio::spawn(async move {
        let store_shared = shared.clone();
        let read = super::handlers::blocking("read bibliography", move || {
            // An edit that came meanwhile reads its own text.
            if !is_latest(&store_shared, generation) {
                return None;
            }
            store_shared
                .bibliographies
                .store
                .set_open(&path, &text)
                .map(|_| path)
        })
        .await;
        if let Ok(Some(path)) = read
            && is_latest(&shared, generation)
        {
            changed(&shared, &path).await;
        }
    });
}

/// `didChange` of a bibliography file: the edits now, in the order they
/// arrive; the reading a little later, once typing pauses.
pub fn did_change(shared: &Arc<Shared>, params: lsp::DidChangeTextDocumentParams) {
    let uri = params.text_document.text_document_identifier.uri;
    let encoding = shared.encoding();
    let generation = shared
        .bibliographies
        .generation
        .fetch_add(1, Ordering::Relaxed)
        + 1;
    let path = {
        let mut open = lock(&shared.bibliographies.open);
        let Some(file) = open.get_mut(&uri) else {
            tracing::warn!(%uri, "change to a bibliography that is not open");
            return;
        };
        file.version = params.text_document.version;
        file.generation = generation;
        for change in params.content_changes {
            match change {
                lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(p) => {
                    let Some(range) = from_proto::range(&file.rope, encoding, p.range) else {
                        tracing::error!(%uri, "cannot apply a change to a bibliography: bad range");
                        break;
                    };
                    let (Ok(start), Ok(end)) = (
                        file.rope.try_byte_to_char(range.start),
                        file.rope.try_byte_to_char(range.end),
                    ) else {
                        break;
                    };
                    file.rope.remove(start..end);
                    file.rope.insert(start, &p.text);
                }
                lsp::TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(w) => {
                    file.rope = rope_of(&w.text);
                }
            }
        }
        file.path.clone()
    };
    let shared = shared.clone();
    tokio::spawn(async move {
        tokio::time::sleep(REPARSE_DELAY).await;
        let text = {
            let open = lock(&shared.bibliographies.open);
            match open.get(&uri) {
                Some(file) if file.generation == generation => file.rope.to_string(),
                // A newer edit will read its own text.
                _ => return,
            }
        };
        let store_shared = shared.clone();
        let read_path = path.clone();
        let read = super::handlers::blocking("read bibliography", move || {
            is_latest(&store_shared, generation)
                && store_shared
                    .bibliographies
                    .store
                    .set_open(&read_path, &text)
                    .is_some()
        })
        .await;
        let still_latest = lock(&shared.bibliographies.open)
            .get(&uri)
            .is_some_and(|f| f.generation == generation);
        if read.unwrap_or(false) && still_latest {
            changed(&shared, &path).await;
        }
    });
}

/// `didClose` of a bibliography file: the file on disk counts again.
pub async fn did_close(shared: &Arc<Shared>, uri: &lsp::Uri) {
    let Some(file) = lock(&shared.bibliographies.open).remove(uri) else {
        return;
    };
    shared.bibliographies.store.close(&file.path);
    shared.bibliographies.store.invalidate(&file.path);
    changed(shared, &file.path).await;
}

/// A watched bibliography file was created, changed or deleted.
pub async fn file_changed(shared: &Arc<Shared>, uri: &lsp::Uri) {
    let Some(path) = from_proto::path(uri) else {
        return;
    };
    let format = crate::analysis::bibliography::Format::of_path(&path);
    let known = shared.bibliographies.store.knows(&path);
    if format != Some(crate::analysis::bibliography::Format::Bib) && !known {
        // Some other JSON or YAML file, unless it turns out to be a CSL list.
        let is_csl = std::fs::read_to_string(&path)
            .is_ok_and(|text| format.is_some_and(|f| Bibliography::sniff(f, &text)));
        if !is_csl {
            return;
        }
    }
    shared.bibliographies.store.invalidate(&path);
    if lock(&shared.bibliographies.open).contains_key(uri) {
        // The editor's text wins; the file on disk will matter on close.
        return;
    }
    if current(shared, &path).is_none() && !shared.flags().pulls_diagnostics {
        // Deleted: nothing left to report on it.
        shared
            .client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
    }
    changed(shared, &path).await;
    // Files that are not open were resolved against the old text: index
    // them again, as a change of `ibid.toml` does.
    let roots = shared.workspace.roots();
    let shared = shared.clone();
    tokio::spawn(async move { super::handlers::workspace::index(&shared, roots).await });
}

/// References from an entry of a bibliography (at `position`): every
/// citation of its key in the open documents and the indexed files, and the
/// entry's key when `include_declaration`.
pub async fn references(
    shared: &Arc<Shared>,
    uri: &lsp::Uri,
    position: lsp::Position,
    include_declaration: bool,
) -> Option<Vec<lsp::Location>> {
    let path = from_proto::path(uri)?;
    let bibliography = current(shared, &path)?;
    let encoding = shared.encoding();
    let offset = from_proto::offset(&bibliography.rope, encoding, position)?;
    let entry = bibliography.entry_at(offset)?;
    let key = entry.key.clone();
    let mut found = Vec::new();
    if include_declaration {
        let converter = Converter {
            rope: &bibliography.rope,
            encoding,
            uri,
        };
        found.extend(converter.location(&entry.key_range));
    }
    let mut open_uris = FxHashSet::default();
    for document in shared.open_documents() {
        let Some(snapshot) = document.snapshot().await else {
            continue;
        };
        open_uris.insert(snapshot.uri.clone());
        let Ok(analysis) = &snapshot.analysis else {
            continue;
        };
        let converter = snapshot.converter();
        let ide = ide::Snapshot::new(&snapshot.document, analysis);
        found.extend(
            ide::cites_of(ide, &key)
                .iter()
                .filter_map(|t| converter.target(t)),
        );
    }
    found.extend(
        shared
            .workspace
            .cite_locations(&key)
            .into_iter()
            .filter(|l| !open_uris.contains(&l.uri)),
    );
    Some(found)
}

/// Definition from a citation key to its entry, in the bibliography file.
pub fn definition(s: &Snapshot, ide: ide::Snapshot<'_>, offset: usize) -> Option<lsp::Location> {
    let target = ide::bibliography_definition(ide, offset)?;
    let uri = lsp::Uri::from_file_path(&target.bibliography.path).ok()?;
    let converter = Converter {
        rope: &target.bibliography.rope,
        encoding: s.encoding,
        uri: &uri,
    };
    converter.location(&target.focus)
}

/// Analyses `document` resolving its citations: what the worker runs.
pub fn analyse(
    shared: &Shared,
    uri: &lsp::Uri,
    document: &Document,
    cache: &mut crate::analysis::Cache,
    config: &Config,
) -> Analysis {
    let mut analysis = Analysis::new(document.text(), document.tree(), cache, &[]);
    let roots = shared.workspace.roots();
    shared
        .bibliographies
        .attach(uri, document.text(), &roots, config, &mut analysis);
    analysis
}
