//! Opening, changing, saving and closing documents.

use std::sync::Arc;

use crate::lsp::bibliography;
use crate::lsp::from_proto;
use crate::lsp::lsp;
use crate::lsp::state::Shared;

pub fn did_open(shared: &Arc<Shared>, params: lsp::DidOpenTextDocumentParams) {
    let doc = params.text_document;
    tracing::debug!(uri = %doc.uri, version = doc.version, "open");
    if bibliography::is_bibliography_text(&doc.uri, &doc.text) {
        bibliography::did_open(shared, doc.uri, doc.version, doc.text);
        return;
    }
    shared.open(doc.uri, doc.version, doc.text);
}

/// Applies the edits now, in the order they arrive (the handler does not
/// wait before it changes the document); the analysis follows on the
/// document's worker.
pub fn did_change(shared: &Arc<Shared>, params: lsp::DidChangeTextDocumentParams) {
    let uri = &params.text_document.text_document_identifier.uri;
    if bibliography::is_open(shared, uri) {
        bibliography::did_change(shared, params);
        return;
    }
    let Some(document) = shared.document(uri) else {
        tracing::warn!(%uri, "change to a document that is not open");
        return;
    };
    let version = params.text_document.version;
    if let Err(error) = document.change(version, params.content_changes, shared.encoding()) {
        // The client and the server now disagree about the text; the
        // client's next full sync (or reopening) mends it.
        tracing::error!(%uri, version, "cannot apply a change: {error}");
    }
}

pub async fn did_close(shared: &Arc<Shared>, params: lsp::DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if bibliography::is_open(shared, &uri) {
        bibliography::did_close(shared, &uri).await;
        return;
    }
    shared.close(&uri);
    // The file on disk takes the open document's place in the index.
    super::workspace::reindex(shared, &uri).await;
}

pub async fn did_save(shared: &Arc<Shared>, params: lsp::DidSaveTextDocumentParams) {
    let is_config = from_proto::path(&params.text_document.uri)
        .is_some_and(|p| p.file_name().is_some_and(|n| n == crate::config::FILE_NAME));
    if is_config {
        super::workspace::configuration_changed(shared).await;
    }
}
