//! Opening, changing, saving and closing documents.

use std::sync::Arc;

use super::bibliography;
use crate::lsp::from_proto;
use crate::lsp::index;
use crate::lsp::lsp;
use crate::lsp::state::Shared;

pub async fn did_open(shared: &Arc<Shared>, params: lsp::DidOpenTextDocumentParams) {
    let doc = params.text_document;
    tracing::debug!(uri = %doc.uri, version = doc.version, "open");
    if refuse_if_too_large(shared, &doc.uri, doc.text.len()).await {
        return;
    }
    if crate::lsp::bibliography::is_bibliography_text(&doc.uri, &doc.text) {
        bibliography::did_open(shared, doc.uri, doc.version, doc.text);
        return;
    }
    let dialect = from_proto::dialect(&doc.uri, &doc.language_id);
    crate::lsp::worker::start(shared, doc.uri, doc.version, doc.text, dialect);
}

/// A document over `max-file-size` is not kept or analysed: the limit
/// bounds the server's memory, and the user learns why nothing happens.
async fn refuse_if_too_large(shared: &Arc<Shared>, uri: &lsp::Uri, len: usize) -> bool {
    let max = shared.workspace.config_for(uri).max_file_size;
    if len as u64 <= max {
        return false;
    }
    let message = format!(
        "ibid: {} is {} bytes, over the maximum of {max} bytes (`max-file-size` in ibid.toml); it is not analysed",
        uri.as_str(),
        len
    );
    tracing::error!("{message}");
    shared.close(uri);
    crate::lsp::memory::release();
    shared
        .client
        .show_message(lsp::MessageType::Error, message)
        .await;
    true
}

/// Applies the edits now, in the order they arrive (the handler does not
/// wait before it changes the document); the analysis follows on the
/// document's worker.
pub async fn did_change(shared: &Arc<Shared>, params: lsp::DidChangeTextDocumentParams) {
    let uri = &params.text_document.text_document_identifier.uri;
    if shared.bibliographies.is_open(uri) {
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
        // client's next full sync (or reopening) mends it. The user must
        // know, or every answer after this may point at the wrong place.
        tracing::error!(%uri, version, "cannot apply a change: {error}");
        shared
            .client
            .show_message(
                lsp::MessageType::Warning,
                format!(
                    "ibid: could not apply an edit to {} ({error}); close and reopen the document",
                    uri.as_str()
                ),
            )
            .await;
    }
    let len = document.text_len();
    refuse_if_too_large(shared, uri, len).await;
}

pub async fn did_close(shared: &Arc<Shared>, params: lsp::DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if shared.bibliographies.is_open(&uri) {
        bibliography::did_close(shared, &uri).await;
        return;
    }
    shared.close(&uri);
    // The file on disk takes the open document's place in the index.
    index::reindex(shared, &uri).await;
}

pub async fn did_save(shared: &Arc<Shared>, params: lsp::DidSaveTextDocumentParams) {
    let is_config = from_proto::path(&params.text_document.uri).is_some_and(|p| {
        p.file_name()
            .is_some_and(|n| n == crate::workspace::config::FILE_NAME)
    });
    if is_config {
        super::workspace::configuration_changed(shared).await;
    }
}
