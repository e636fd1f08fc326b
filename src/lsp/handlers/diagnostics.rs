//! Pulled diagnostics: `textDocument/diagnostic` and `workspace/diagnostic`.

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::lsp::lsp;
use crate::lsp::publish;
use crate::lsp::state::Shared;

/// The diagnostics of an open document (of its latest text), or of an
/// indexed file; none for a document the server does not know.
pub async fn document(
    shared: &Arc<Shared>,
    params: lsp::DocumentDiagnosticParams,
) -> Result<lsp::DocumentDiagnosticReport> {
    let uri = params.text_document.uri;
    let items = match shared.snapshot(&uri).await {
        Some(snapshot) => {
            super::blocking("textDocument/diagnostic", move || {
                snapshot.lsp_diagnostics()
            })
            .await?
        }
        None => match shared.workspace.diagnostics_of(&uri) {
            Some(items) => items,
            None => publish::diagnostics_of(shared, &uri)
                .await
                .unwrap_or_default(),
        },
    };
    Ok(publish::document_report(
        items,
        params.previous_result_id.as_deref(),
    ))
}

/// The diagnostics of every open document and every indexed file.
pub async fn workspace(
    shared: &Arc<Shared>,
    params: lsp::WorkspaceDiagnosticParams,
) -> Result<lsp::WorkspaceDiagnosticReport> {
    let previous: HashMap<lsp::Uri, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (p.uri, p.value))
        .collect();
    let report = |uri: lsp::Uri, version, diagnostics| {
        let known = previous.get(&uri).map(String::as_str);
        publish::workspace_report(uri, version, diagnostics, known)
    };
    let mut items = Vec::new();
    for document in shared.open_documents() {
        let Some(snapshot) = document.snapshot().await else {
            continue;
        };
        let uri = snapshot.uri.clone();
        let version = snapshot.version;
        let diagnostics =
            super::blocking("workspace/diagnostic", move || snapshot.lsp_diagnostics()).await?;
        items.push(report(uri, Some(version), diagnostics));
    }
    for (uri, diagnostics) in shared.workspace.diagnostics() {
        if !shared.is_open(&uri) {
            items.push(report(uri, None, diagnostics));
        }
    }
    items.sort_by(|a, b| uri_of(a).as_str().cmp(uri_of(b).as_str()));
    Ok(lsp::WorkspaceDiagnosticReport { items })
}

fn uri_of(report: &lsp::WorkspaceDocumentDiagnosticReport) -> &lsp::Uri {
    match report {
        lsp::WorkspaceDocumentDiagnosticReport::WorkspaceFullDocumentDiagnosticReport(r) => &r.uri,
        lsp::WorkspaceDocumentDiagnosticReport::WorkspaceUnchangedDocumentDiagnosticReport(r) => {
            &r.uri
        }
    }
}
