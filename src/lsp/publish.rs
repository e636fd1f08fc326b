//! Publishing: the diagnostics the server pushes to a client that does not
//! pull them, for open documents and for bibliography files, each graded by
//! the configuration that governs it.

use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::xxh3_64;

use crate::analysis::bibliography::Bibliography;
use crate::analysis::diagnostics::check_bibliography;
use crate::workspace::bibfiles;
use crate::workspace::severity::{Overrides, Severities};

use super::from_proto;
use super::lsp;
use super::published::Published;
use super::state::{Shared, Snapshot};
use super::to_proto::Converter;

/// Sends `textDocument/publishDiagnostics`, encoded here rather than by
/// the protocol library's client (see [`super::transport::Notifications`]).
async fn send(
    shared: &Shared,
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
        Ok(body) => drop(shared.notifications.send(body).await),
        Err(error) => tracing::error!("cannot encode diagnostics: {error}"),
    }
}

/// Publishes the diagnostics of an analysed document, carrying over from
/// `kept` (what the document's last publish kept) the findings the edit
/// did not move.
pub async fn document(shared: &Shared, snapshot: &Snapshot, kept: &mut Option<Published>) {
    if shared.flags().pulls_diagnostics {
        return;
    }
    match Published::publish(kept.take(), snapshot) {
        Ok((body, next)) => {
            tracing::debug!(uri = %snapshot.uri, version = snapshot.version, carried = next.carried(), "publishing diagnostics");
            // Refused only once the server is stopping: nothing to tell.
            drop(shared.notifications.send(body).await);
            *kept = Some(next);
        }
        Err(error) => tracing::error!("cannot encode diagnostics: {error}"),
    }
}

/// Clears what was published for `uri` (closed, or deleted).
pub async fn clear(shared: &Shared, uri: &lsp::Uri) {
    if shared.flags().pulls_diagnostics {
        return;
    }
    send(shared, uri.clone(), Vec::new(), None).await;
}

/// Asks a client that pulls diagnostics, and lets the server ask, to pull
/// them all again: after a change it did not make in the documents it
/// shows (a bibliography, the configuration), its reports are stale.
pub fn refresh_pulled(shared: &Shared) {
    let flags = shared.flags();
    if !(flags.pulls_diagnostics && flags.refreshes_diagnostics) {
        return;
    }
    let client = shared.client.clone();
    // The answer is only an acknowledgement: nothing waits for it.
    tokio::spawn(async move {
        if let Err(error) = client.workspace_diagnostic_refresh().await {
            tracing::debug!("the client refused to refresh diagnostics: {error}");
        }
    });
}

/// A bibliography as the server sees it now: the editor's text, else the
/// file.
pub fn current(shared: &Shared, path: &Path) -> Option<Arc<Bibliography>> {
    shared.host.store().load(path).ok()
}

/// The keys cited anywhere in the workspace: open documents (as last
/// analysed: this runs on document workers, which must not wait for each
/// other) and indexed files.
fn cited_keys(shared: &Shared) -> FxHashSet<Arc<str>> {
    let mut keys = FxHashSet::default();
    for document in shared.open_documents() {
        keys.extend(document.cited().iter().cloned());
    }
    keys.extend(shared.workspace.cited_keys());
    keys
}

/// The diagnostics of a bibliography file, configured for where it lies.
async fn bibliography_diagnostics(
    shared: &Shared,
    bibliography: &Bibliography,
    uri: &lsp::Uri,
) -> Vec<lsp::Diagnostic> {
    let config = shared.workspace.config_for(uri);
    let overrides = Overrides::default();
    let severities = Severities::new(&config, &overrides, Some(&bibliography.path));
    // Every document's keys are gathered only when someone will see the
    // answer.
    let wants_unused = severities.of("unused-entry").is_some();
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
    converter.diagnostics(&severities.apply(found))
}

/// Publishes the diagnostics of the bibliography at `path`.
pub async fn bibliography(shared: &Shared, path: &Path, bibliography: &Bibliography) {
    if shared.flags().pulls_diagnostics {
        return;
    }
    let Ok(uri) = lsp::Uri::from_file_path(path) else {
        return;
    };
    let version = shared.bibliographies.version(&uri);
    let items = bibliography_diagnostics(shared, bibliography, &uri).await;
    send(shared, uri, items, version).await;
}

/// The diagnostics of a bibliography, for a client that pulls them.
pub async fn diagnostics_of(shared: &Shared, uri: &lsp::Uri) -> Option<Vec<lsp::Diagnostic>> {
    let path = from_proto::path(uri).filter(|p| bibfiles::is_bibliography_path(p))?;
    let bibliography = current(shared, &path)?;
    Some(bibliography_diagnostics(shared, &bibliography, uri).await)
}

/// After a document is analysed: publishes the diagnostics of the
/// bibliographies it uses that have not been published as they are now.
pub async fn bibliographies_of(shared: &Shared, snapshot: &Snapshot) {
    let Ok(analysis) = &snapshot.analysis else {
        return;
    };
    for file in &analysis.bibliographies.files {
        if shared.bibliographies.mark_published(file) {
            bibliography(shared, &file.path, file).await;
        }
    }
}

/// The `resultId` of a pulled report: a hash of the diagnostics it holds,
/// so that a pull that would bring the client what it already shows is
/// answered `unchanged`, however the server came to the same diagnostics
/// (an edit undone, a bibliography read again).
fn result_id(items: &[lsp::Diagnostic]) -> String {
    let bytes = serde_json::to_vec(items).unwrap_or_default();
    format!("{:016x}", xxh3_64(&bytes))
}

/// The report of a pulled document: `unchanged` when `previous` is the
/// `resultId` of these diagnostics, else all of them with their id.
pub fn document_report(
    items: Vec<lsp::Diagnostic>,
    previous: Option<&str>,
) -> lsp::DocumentDiagnosticReport {
    let result_id = result_id(&items);
    if previous == Some(result_id.as_str()) {
        return lsp::DocumentDiagnosticReport::RelatedUnchangedDocumentDiagnosticReport(
            lsp::RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        );
    }
    lsp::DocumentDiagnosticReport::RelatedFullDocumentDiagnosticReport(
        lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        },
    )
}

/// One document's part of a pulled workspace report, as
/// [`document_report`] decides it.
pub fn workspace_report(
    uri: lsp::Uri,
    version: Option<i32>,
    items: Vec<lsp::Diagnostic>,
    previous: Option<&str>,
) -> lsp::WorkspaceDocumentDiagnosticReport {
    let result_id = result_id(&items);
    if previous == Some(result_id.as_str()) {
        return lsp::WorkspaceDocumentDiagnosticReport::WorkspaceUnchangedDocumentDiagnosticReport(
            lsp::WorkspaceUnchangedDocumentDiagnosticReport {
                uri,
                version,
                unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        );
    }
    lsp::WorkspaceDocumentDiagnosticReport::WorkspaceFullDocumentDiagnosticReport(
        lsp::WorkspaceFullDocumentDiagnosticReport {
            uri,
            version,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        },
    )
}
