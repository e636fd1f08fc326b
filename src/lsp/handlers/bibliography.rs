//! Bibliography files in the editor: opening, editing and closing one,
//! watched ones changing on disk, and navigation from an entry to the
//! citations of its key and back.
//!
//! When a bibliography changes, every open document is analysed again, so
//! that `unknown-citekey` follows the edit; resolving a document's keys is
//! a hash lookup per key, cheap next to the analysis that surrounds it.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustc_hash::FxHashSet;

use crate::analysis::bibliography::{Bibliography, Format};
use crate::analysis::ide;

use super::blocking;
use crate::lsp::from_proto;
use crate::lsp::index;
use crate::lsp::lsp;
use crate::lsp::publish;
use crate::lsp::state::{Shared, Snapshot};
use crate::lsp::to_proto::Converter;

/// How long typing in a bibliography pauses before it is read again: a
/// library of thousands of entries takes tens of milliseconds to read, more
/// than the gap between two keystrokes.
const REPARSE_DELAY: Duration = Duration::from_millis(120);

/// A bibliography changed: read it again, publish its diagnostics and
/// analyse the open documents again.
async fn changed(shared: &Arc<Shared>, path: &Path) {
    if let Some(bibliography) = publish::current(shared, path) {
        shared.bibliographies.mark_published(&bibliography);
        publish::bibliography(shared, path, &bibliography).await;
    }
    for document in shared.open_documents() {
        document.touch();
    }
    publish::refresh_pulled(shared);
}

/// `didOpen` of a bibliography file: registered now, so that the edits
/// that follow find it, and read on a blocking thread.
pub fn did_open(shared: &Arc<Shared>, uri: lsp::Uri, version: i32, text: String) {
    let Some((path, generation)) = shared.bibliographies.open(uri, version, &text) else {
        return;
    };
    let shared = shared.clone();
    tokio::spawn(async move {
        let store_shared = shared.clone();
        let read = blocking("read bibliography", move || {
            // An edit that came meanwhile reads its own text.
            if !store_shared.bibliographies.is_latest(generation) {
                return None;
            }
            store_shared
                .host
                .store()
                .set_open(&path, &text)
                .map(|_| path)
        })
        .await;
        if let Ok(Some(path)) = read
            && shared.bibliographies.is_latest(generation)
        {
            changed(&shared, &path).await;
        }
    });
}

/// `didChange` of a bibliography file: the edits now, in the order they
/// arrive; the reading a little later, once typing pauses.
pub fn did_change(shared: &Arc<Shared>, params: lsp::DidChangeTextDocumentParams) {
    let uri = params.text_document.text_document_identifier.uri.clone();
    let Some((path, generation)) = shared.bibliographies.change(params, shared.encoding()) else {
        return;
    };
    let shared = shared.clone();
    tokio::spawn(async move {
        tokio::time::sleep(REPARSE_DELAY).await;
        // A newer edit will read its own text.
        let Some(text) = shared.bibliographies.text_if_latest(&uri, generation) else {
            return;
        };
        let store_shared = shared.clone();
        let read_path = path.clone();
        let read = blocking("read bibliography", move || {
            store_shared.bibliographies.is_latest(generation)
                && store_shared
                    .host
                    .store()
                    .set_open(&read_path, &text)
                    .is_some()
        })
        .await;
        if read.unwrap_or(false) && shared.bibliographies.is_current(&uri, generation) {
            changed(&shared, &path).await;
        }
    });
}

/// `didClose` of a bibliography file: the file on disk counts again.
pub async fn did_close(shared: &Arc<Shared>, uri: &lsp::Uri) {
    let Some(path) = shared.bibliographies.close(uri) else {
        return;
    };
    shared.host.store().close(&path);
    shared.host.store().invalidate(&path);
    changed(shared, &path).await;
}

/// A watched bibliography file was created, changed or deleted.
pub async fn file_changed(shared: &Arc<Shared>, uri: &lsp::Uri) {
    let Some(path) = from_proto::path(uri) else {
        return;
    };
    let format = Format::of_path(&path);
    let known = shared.host.store().knows(&path);
    if format != Some(Format::Bib) && !known {
        // Some other JSON or YAML file, unless it turns out to be a CSL list.
        let is_csl = std::fs::read_to_string(&path)
            .is_ok_and(|text| format.is_some_and(|f| Bibliography::sniff(f, &text)));
        if !is_csl {
            return;
        }
    }
    shared.host.store().invalidate(&path);
    if shared.bibliographies.is_open(uri) {
        // The editor's text wins; the file on disk will matter on close.
        return;
    }
    if publish::current(shared, &path).is_none() {
        // Deleted: nothing left to report on it.
        publish::clear(shared, uri).await;
    }
    changed(shared, &path).await;
    // Files that are not open were resolved against the old text: index
    // them again, as a change of `ibid.toml` does.
    let roots = shared.workspace.roots();
    let shared = shared.clone();
    tokio::spawn(async move { index::index(&shared, roots).await });
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
    let bibliography = publish::current(shared, &path)?;
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
