//! What the server holds: the open documents, each with its latest text and
//! latest analysis, and everything the handlers share ([`Shared`]). Edits
//! change the latest text under a mutex and wake the document's worker
//! (`worker.rs`), which analyses whatever is latest when it is free.
//!
//! Requests wait for the analysis of the text they were sent against, then
//! read an immutable [`Snapshot`], so a hover never mixes a new text with an
//! old analysis.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tokio::sync::{Notify, watch};
use tower_lsp_server::Client;

use crate::analysis::text::Encoding;
use crate::analysis::{Analysis, Document};
use crate::workspace::config::Config;
use crate::workspace::host::Host;
use crate::workspace::severity;

use super::bibliography::BibliographyState;
use super::capabilities::ClientFlags;
use super::from_proto;
use super::lsp;
use super::to_proto::Converter;
use super::workspace::Workspace;

/// One analysed version of a document, as requests read it.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: lsp::Uri,
    pub version: i32,
    /// The server's own count of changes (edits and configuration changes).
    pub rev: u64,
    pub document: Arc<Document>,
    /// `Err` when the analysis failed (panicked); the message says why.
    pub analysis: Result<Arc<Analysis>, String>,
    pub config: Arc<Config>,
    pub encoding: Encoding,
}

impl Snapshot {
    pub fn converter(&self) -> Converter<'_> {
        Converter {
            rope: self.document.rope(),
            encoding: self.encoding,
            uri: &self.uri,
        }
    }

    /// The diagnostics as configured, in protocol form.
    pub fn lsp_diagnostics(&self) -> Vec<lsp::Diagnostic> {
        match &self.analysis {
            Ok(analysis) => self.converter().diagnostics(&severity::configure(
                &self.config,
                super::from_proto::path(&self.uri).as_deref(),
                analysis.diagnostics.clone(),
            )),
            Err(_) => Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Latest {
    document: Arc<Document>,
    version: i32,
    rev: u64,
    closed: bool,
}

/// An open document: the latest text, and the latest analysis.
#[derive(Debug)]
pub struct OpenDocument {
    uri: lsp::Uri,
    latest: Mutex<Latest>,
    wake: Notify,
    analysed: watch::Sender<Option<Arc<Snapshot>>>,
    /// The keys the last analysis cited. Kept apart from the snapshot,
    /// which is let go while the next analysis is made: the workers of
    /// other documents read them at any moment, and a document that seemed
    /// to cite nothing would make its entries look unused.
    cited: Mutex<Arc<[Arc<str>]>>,
}

/// Why an edit could not be applied.
#[derive(Debug)]
pub enum ChangeError {
    /// A range named a position that is not in the text.
    BadRange(lsp::Range),
    Edit(crate::analysis::document::EditError),
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::BadRange(r) => write!(
                f,
                "range {}:{}-{}:{} is not in the document",
                r.start.line, r.start.character, r.end.line, r.end.character
            ),
            ChangeError::Edit(e) => e.fmt(f),
        }
    }
}

impl OpenDocument {
    fn lock(&self) -> MutexGuard<'_, Latest> {
        // A panic while the lock was held cannot leave `Latest` half-changed
        // (every change is a single assignment or `Document::edit`, which
        // checks before it changes), so a poisoned lock is still usable.
        self.latest.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn uri(&self) -> &lsp::Uri {
        &self.uri
    }

    /// The server's count of changes to this document.
    pub fn rev(&self) -> u64 {
        self.lock().rev
    }

    /// The latest text, its version and its count of changes; `None` once
    /// the document is closed.
    pub(super) fn latest(&self) -> Option<(Arc<Document>, i32, u64)> {
        let latest = self.lock();
        (!latest.closed).then(|| (latest.document.clone(), latest.version, latest.rev))
    }

    /// Waits for the next change (an edit, a touch, the close).
    pub(super) async fn changed(&self) {
        self.wake.notified().await;
    }

    /// The keys the last analysis of this document cited.
    pub fn cited(&self) -> Arc<[Arc<str>]> {
        self.cited.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(super) fn set_cited(&self, keys: Arc<[Arc<str>]>) {
        *self.cited.lock().unwrap_or_else(|e| e.into_inner()) = keys;
    }

    /// Makes `snapshot` the one requests read; `None` clears it (the
    /// document closed).
    pub(super) fn analysed(&self, snapshot: Option<Arc<Snapshot>>) {
        self.analysed.send_replace(snapshot);
    }

    /// Lets go of the last analysis when the text or configuration it was
    /// made for changes. Requests from then on wait for the next one anyway,
    /// and letting go here means that, unless a request is still reading
    /// it, an edit changes the text where it lies instead of copying it, and
    /// two texts and two analyses are never alive together (in a megabyte
    /// with thousands of notes, a tenth of the server's memory).
    fn retire_analysis(&self) {
        self.analysed(None);
    }

    /// Applies the changes of one `didChange`, in order. Each range is read
    /// against the text as the previous change left it. A change that
    /// cannot be applied stops the rest; the document keeps what was applied.
    pub fn change(
        &self,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<(), ChangeError> {
        self.retire_analysis();
        let mut latest = self.lock();
        latest.version = version;
        latest.rev += 1;
        let result = changes.into_iter().try_for_each(|change| match change {
            lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(p) => {
                let range = from_proto::range(latest.document.rope(), encoding, p.range)
                    .ok_or(ChangeError::BadRange(p.range))?;
                // A request or the worker may still hold the document: then
                // the edit makes a new one rather than a copy to edit.
                match Arc::get_mut(&mut latest.document) {
                    Some(document) => document.edit(range, &p.text),
                    None => latest
                        .document
                        .edited(range, &p.text)
                        .map(|edited| latest.document = Arc::new(edited)),
                }
                .map_err(ChangeError::Edit)
            }
            lsp::TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(w) => {
                let dialect = latest.document.dialect();
                latest.document = Arc::new(Document::new_as(w.text, dialect));
                Ok(())
            }
        });
        drop(latest);
        self.wake.notify_one();
        result
    }

    /// The length of the latest text in bytes.
    pub fn text_len(&self) -> usize {
        self.lock().document.text().len()
    }

    /// Asks for a new analysis of the same text (the configuration changed).
    pub fn touch(&self) {
        self.retire_analysis();
        self.lock().rev += 1;
        self.wake.notify_one();
    }

    fn close(&self) {
        let mut latest = self.lock();
        latest.closed = true;
        // The text goes now, not when the last request lets go of this.
        latest.document = Arc::new(Document::new(String::new()));
        drop(latest);
        self.wake.notify_one();
    }

    /// The analysis of the latest text, once the worker has made it.
    pub async fn snapshot(&self) -> Option<Arc<Snapshot>> {
        let target = self.rev();
        let mut rx = self.analysed.subscribe();
        let snapshot = rx
            .wait_for(|s| s.as_ref().is_some_and(|s| s.rev >= target))
            .await
            .ok()?;
        snapshot.clone()
    }
}

/// A book's notes file read from disk and analysed, with the stamp it had
/// when read.
pub struct NotesFile {
    pub file: std::path::PathBuf,
    stamp: (std::time::SystemTime, u64),
    pub document: crate::analysis::Document,
    pub analysis: crate::analysis::Analysis,
}

impl std::fmt::Debug for NotesFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotesFile")
            .field("file", &self.file)
            .field("stamp", &self.stamp)
            .finish_non_exhaustive()
    }
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub client: Client,
    encoding: OnceLock<Encoding>,
    flags: OnceLock<ClientFlags>,
    documents: Mutex<HashMap<lsp::Uri, Arc<OpenDocument>>>,
    pub workspace: Workspace,
    pub bibliographies: BibliographyState,
    /// The one-document pipeline, and the bibliography files it has read.
    pub host: Host,
    pub(super) notifications: super::transport::Notifications,
    /// The book's notes file the last hover or definition read.
    book_notes: Mutex<Option<Arc<NotesFile>>>,
}

impl Shared {
    pub fn new(client: Client, notifications: super::transport::Notifications) -> Shared {
        Shared {
            client,
            notifications,
            encoding: OnceLock::new(),
            flags: OnceLock::new(),
            documents: Mutex::new(HashMap::new()),
            workspace: Workspace::default(),
            bibliographies: BibliographyState::default(),
            host: Host::new(),
            book_notes: Mutex::new(None),
        }
    }

    /// The notes file at `file`, from the last one read while it is
    /// unchanged on disk: hovering one marker after another in a chapter
    /// asks for the same file each time, and reading and parsing it again
    /// would cost each hover milliseconds.
    pub fn notes_file(&self, file: std::path::PathBuf) -> Option<Arc<NotesFile>> {
        let meta = std::fs::metadata(&file).ok()?;
        let stamp = (meta.modified().ok()?, meta.len());
        let mut last = self.book_notes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(read) = last.as_ref()
            && read.file == file
            && read.stamp == stamp
        {
            return Some(read.clone());
        }
        let text = std::fs::read_to_string(&file).ok()?;
        let document =
            crate::analysis::Document::new_as(text, crate::analysis::Dialect::for_path(&file));
        let analysis = crate::analysis::Analysis::of(&document);
        let read = Arc::new(NotesFile {
            file,
            stamp,
            document,
            analysis,
        });
        *last = Some(read.clone());
        Some(read)
    }

    /// Fixes the position encoding and what the client can do (once, at
    /// `initialize`).
    pub fn negotiated(&self, encoding: Encoding, flags: ClientFlags) {
        let _ = self.encoding.set(encoding);
        let _ = self.flags.set(flags);
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    pub fn flags(&self) -> ClientFlags {
        self.flags.get().copied().unwrap_or_default()
    }

    fn documents(&self) -> MutexGuard<'_, HashMap<lsp::Uri, Arc<OpenDocument>>> {
        self.documents.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn document(&self, uri: &lsp::Uri) -> Option<Arc<OpenDocument>> {
        self.documents().get(uri).cloned()
    }

    pub fn open_documents(&self) -> Vec<Arc<OpenDocument>> {
        self.documents().values().cloned().collect()
    }

    pub fn is_open(&self, uri: &lsp::Uri) -> bool {
        self.documents().contains_key(uri)
    }

    /// Opens a document (its worker is started by `worker::start`).
    /// Opening a document that is already open replaces it.
    pub(super) fn open(
        &self,
        uri: lsp::Uri,
        version: i32,
        document: Document,
    ) -> Arc<OpenDocument> {
        let (analysed, _) = watch::channel(None);
        let document = Arc::new(OpenDocument {
            uri: uri.clone(),
            latest: Mutex::new(Latest {
                document: Arc::new(document),
                version,
                rev: 1,
                closed: false,
            }),
            wake: Notify::new(),
            analysed,
            cited: Mutex::new(Arc::new([])),
        });
        if let Some(old) = self.documents().insert(uri, document.clone()) {
            old.close();
        }
        document
    }

    pub fn close(&self, uri: &lsp::Uri) {
        if let Some(document) = self.documents().remove(uri) {
            document.close();
        }
    }

    /// The snapshot of an open document, waiting for its analysis.
    pub async fn snapshot(&self, uri: &lsp::Uri) -> Option<Arc<Snapshot>> {
        let document = self.document(uri)?;
        document.snapshot().await
    }
}

impl Snapshot {
    /// The byte offset of a protocol position in this snapshot's text.
    pub fn offset(&self, position: lsp::Position) -> Option<usize> {
        from_proto::offset(self.document.rope(), self.encoding, position)
    }

    pub fn range(&self, range: lsp::Range) -> Option<std::ops::Range<usize>> {
        from_proto::range(self.document.rope(), self.encoding, range)
    }
}
