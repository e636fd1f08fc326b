//! The bibliography files open in the editor: their texts as edited (the
//! unsaved text wins over the file), and which version of each bibliography
//! was last published. The handlers in `handlers/bibliography.rs` drive
//! them; this room only keeps them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;

use crate::analysis::bibliography::{Bibliography, Format};
use crate::analysis::text::{Encoding, rope_of};
use crate::workspace::bibfiles;

use super::from_proto;
use super::lsp;

/// A bibliography file open in the editor.
#[derive(Debug)]
struct OpenFile {
    path: PathBuf,
    rope: Rope,
    version: i32,
    /// Counts edits, so that a slow reading of an old text is dropped.
    generation: u64,
}

/// The open bibliography files, and what was last published for each
/// bibliography.
#[derive(Debug, Default)]
pub struct BibliographyState {
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
        .and_then(|p| Format::of_path(&p))
        .is_some_and(|format| Bibliography::sniff(format, text))
}

impl BibliographyState {
    fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Whether a bibliography file is open in the editor.
    pub fn is_open(&self, uri: &lsp::Uri) -> bool {
        lock(&self.open).contains_key(uri)
    }

    /// The editor's version of an open bibliography file.
    pub fn version(&self, uri: &lsp::Uri) -> Option<i32> {
        lock(&self.open).get(uri).map(|f| f.version)
    }

    /// Registers an opened bibliography file; returns its path and the
    /// generation of this text.
    pub fn open(&self, uri: lsp::Uri, version: i32, text: &str) -> Option<(PathBuf, u64)> {
        let path = from_proto::path(&uri)?;
        let generation = self.next_generation();
        lock(&self.open).insert(
            uri,
            OpenFile {
                path: path.clone(),
                rope: rope_of(text),
                version,
                generation,
            },
        );
        Some((path, generation))
    }

    /// Applies the edits of one `didChange`, in order; returns the file's
    /// path and the generation of the new text. `None` if it is not open.
    pub fn change(
        &self,
        params: lsp::DidChangeTextDocumentParams,
        encoding: Encoding,
    ) -> Option<(PathBuf, u64)> {
        let uri = params.text_document.text_document_identifier.uri;
        let generation = self.next_generation();
        let mut open = lock(&self.open);
        let Some(file) = open.get_mut(&uri) else {
            tracing::warn!(%uri, "change to a bibliography that is not open");
            return None;
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
        Some((file.path.clone(), generation))
    }

    /// The text of `uri` if no edit came after `generation`.
    pub fn text_if_latest(&self, uri: &lsp::Uri, generation: u64) -> Option<String> {
        lock(&self.open)
            .get(uri)
            .filter(|f| f.generation == generation)
            .map(|f| f.rope.to_string())
    }

    /// Whether the text of `uri` is still the one of `generation`.
    pub fn is_current(&self, uri: &lsp::Uri, generation: u64) -> bool {
        lock(&self.open)
            .get(uri)
            .is_some_and(|f| f.generation == generation)
    }

    /// Whether no edit of an open bibliography came after `generation`.
    pub fn is_latest(&self, generation: u64) -> bool {
        lock(&self.open)
            .values()
            .any(|f| f.generation == generation)
    }

    /// Forgets a closed bibliography file; returns its path.
    pub fn close(&self, uri: &lsp::Uri) -> Option<PathBuf> {
        lock(&self.open).remove(uri).map(|f| f.path)
    }

    /// Records that `file` is published as it is now; `false` if it was
    /// already.
    pub fn mark_published(&self, file: &Arc<Bibliography>) -> bool {
        let identity = Arc::as_ptr(file) as usize;
        lock(&self.published).insert(file.path.clone(), identity) != Some(identity)
    }
}
