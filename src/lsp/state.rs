//! The open documents. Each one is a small actor: edits change the latest
//! text under a mutex and wake the document's worker; the worker analyses
//! whatever is latest when it is free, so edits that arrive during an
//! analysis are coalesced into one pass over the final text, and publishes
//! the result only if no newer edit has arrived meanwhile. One worker per
//! document publishes in order, so diagnostics for version N never follow
//! those for N+1. There is no debounce: an analysis after an edit costs about
//! a millisecond on a megabyte (the [`Cache`] keeps what the edit did not
//! touch), less than a delay would.
//!
//! Requests wait for the analysis of the text they were sent against, then
//! read an immutable [`Snapshot`], so a hover never mixes a new text with an
//! old analysis.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tokio::sync::{Notify, watch};
use tower_lsp_server::Client;

use crate::analysis::text::Encoding;
use crate::analysis::{Analysis, Cache, Document};
use crate::workspace::config::Config;
use crate::workspace::severity;

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

    fn rev(&self) -> u64 {
        self.lock().rev
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
        let mut latest = self.lock();
        latest.version = version;
        latest.rev += 1;
        let result = changes.into_iter().try_for_each(|change| match change {
            lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(p) => {
                let range = from_proto::range(latest.document.rope(), encoding, p.range)
                    .ok_or(ChangeError::BadRange(p.range))?;
                // The analysed version usually still holds the document:
                // then the edit makes a new one rather than a copy to edit.
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
                latest.document = Arc::new(Document::new(w.text));
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

    /// The latest analysis made, without waiting for one of the latest text
    /// (for a worker, which must not wait on another).
    pub fn latest_snapshot(&self) -> Option<Arc<Snapshot>> {
        self.analysed.borrow().clone()
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

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub client: Client,
    encoding: OnceLock<Encoding>,
    flags: OnceLock<ClientFlags>,
    documents: Mutex<HashMap<lsp::Uri, Arc<OpenDocument>>>,
    pub workspace: Workspace,
    pub bibliographies: super::bibliography::BibliographyState,
    notifications: super::transport::Notifications,
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
            bibliographies: Default::default(),
        }
    }

    /// Publishes the diagnostics of a document, encoded here rather than
    /// by the protocol library's client (see [`super::transport::Notifications`]).
    pub async fn publish_diagnostics(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        match super::transport::notification("textDocument/publishDiagnostics", &params) {
            // Refused only once the server is stopping: nothing to tell.
            Ok(body) => drop(self.notifications.send(body).await),
            Err(error) => tracing::error!("cannot encode diagnostics: {error}"),
        }
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

    /// Opens a document and starts its worker. Opening a document that is
    /// already open replaces it.
    pub fn open(self: &Arc<Self>, uri: lsp::Uri, version: i32, text: String) {
        let (analysed, _) = watch::channel(None);
        let document = Arc::new(OpenDocument {
            uri: uri.clone(),
            latest: Mutex::new(Latest {
                document: Arc::new(Document::new(text)),
                version,
                rev: 1,
                closed: false,
            }),
            wake: Notify::new(),
            analysed,
        });
        if let Some(old) = self.documents().insert(uri, document.clone()) {
            old.close();
        }
        tokio::spawn(worker(self.clone(), document));
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

/// Analyses the latest text of `document` whenever it changes, until it is
/// closed.
async fn worker(shared: Arc<Shared>, document: Arc<OpenDocument>) {
    let mut cache = Cache::new();
    let mut done = 0;
    loop {
        let (text, version, rev) = {
            let latest = document.lock();
            if latest.closed {
                break;
            }
            (latest.document.clone(), latest.version, latest.rev)
        };
        if rev == done {
            document.wake.notified().await;
            continue;
        }
        let config = shared.workspace.config_for(&document.uri);
        let analysed_text = text.clone();
        let mut taken = std::mem::take(&mut cache);
        let (for_analysis, uri, with_config) =
            (shared.clone(), document.uri.clone(), config.clone());
        let result = tokio::task::spawn_blocking(move || {
            let analysis = super::bibliography::analyse(
                &for_analysis,
                &uri,
                &analysed_text,
                &mut taken,
                &with_config,
            );
            (analysis, taken)
        })
        .await;
        let analysis = match result {
            Ok((analysis, used)) => {
                cache = used;
                Ok(Arc::new(analysis))
            }
            Err(error) => {
                let message = super::handlers::panic_message(error);
                tracing::error!(uri = %document.uri, "analysis failed: {message}");
                Err(message)
            }
        };
        done = rev;
        let snapshot = Arc::new(Snapshot {
            uri: document.uri.clone(),
            version,
            rev,
            document: text,
            analysis,
            config,
            encoding: shared.encoding(),
        });
        // The previous analysis is freed beside the publishing, not before
        // it (the editor is waiting for these diagnostics) nor after it (the
        // editor's next keystroke would find three texts alive, not two).
        if let Some(previous) = document.analysed.send_replace(Some(snapshot.clone())) {
            tokio::task::spawn_blocking(move || drop(previous));
        }
        super::bibliography::after_analysis(&shared, &snapshot).await;
        // A newer text is waiting: its diagnostics will replace these
        // within a millisecond, so these are not worth sending.
        if document.rev() != rev || shared.flags().pulls_diagnostics {
            continue;
        }
        let diagnostics = snapshot.lsp_diagnostics();
        tracing::debug!(uri = %document.uri, version, count = diagnostics.len(), "publishing diagnostics");
        shared
            .publish_diagnostics(document.uri.clone(), diagnostics, Some(version))
            .await;
    }
    // What the document held is freed now (requests may still hold a
    // snapshot for a moment; the next release takes that too).
    drop(cache);
    document.analysed.send_replace(None);
    super::memory::release();
    // Clear what was published, unless the document was opened again.
    if !shared.is_open(&document.uri) && !shared.flags().pulls_diagnostics {
        shared
            .publish_diagnostics(document.uri.clone(), Vec::new(), None)
            .await;
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
