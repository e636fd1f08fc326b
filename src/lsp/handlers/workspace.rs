//! Initialisation, configuration, workspace folders and watched files.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::lsp::capabilities::{self, ClientFlags};
use crate::lsp::from_proto;
use crate::lsp::index::{self, index};
use crate::lsp::lsp;
use crate::lsp::publish;
use crate::lsp::state::Shared;

pub fn initialize(
    shared: &Arc<Shared>,
    params: lsp::InitializeParams,
) -> Result<lsp::InitializeResult> {
    // The client opens its first document right after this answer.
    tokio::task::spawn_blocking(crate::analysis::prepare);
    let encoding = capabilities::position_encoding(&params.capabilities);
    shared.negotiated(encoding, ClientFlags::of(&params.capabilities));
    shared.workspace.add_roots(roots(&params));
    shared
        .workspace
        .set_editor_settings(params.initialization_options);
    // Errors are shown once the client is ready for messages (`initialized`).
    let _ = shared.workspace.reload();
    tracing::info!(?encoding, roots = ?shared.workspace.roots(), "initialized");
    Ok(lsp::InitializeResult {
        capabilities: capabilities::server_capabilities(encoding),
        server_info: Some(lsp::ServerInfo {
            name: "ibid".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    })
}

/// The workspace folders, or the deprecated root URI of older clients.
#[allow(deprecated)]
fn roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    match &params.workspace_folders_initialize_params.workspace_folders {
        Some(lsp::WorkspaceFolders::WorkspaceFolderList(folders)) if !folders.is_empty() => folders
            .iter()
            .filter_map(|f| from_proto::path(&f.uri))
            .collect(),
        _ => params
            .root_uri
            .as_ref()
            .and_then(from_proto::path)
            .into_iter()
            .collect(),
    }
}

pub async fn initialized(shared: &Arc<Shared>) {
    show_config_errors(shared, shared.workspace.reload()).await;
    if shared.flags().watches_files {
        register_watchers(shared).await;
    }
    let roots = shared.workspace.roots();
    let shared = shared.clone();
    tokio::spawn(async move { index(&shared, roots).await });
}

async fn show_config_errors(shared: &Shared, errors: Vec<String>) {
    for error in errors {
        tracing::warn!("configuration: {error}");
        shared
            .client
            .show_message(lsp::MessageType::Warning, format!("ibid: {error}"))
            .await;
    }
}

/// Asks the client to report changes to notes files and configuration
/// files under every root.
async fn register_watchers(shared: &Shared) {
    let mut extensions: Vec<String> = shared
        .workspace
        .roots()
        .iter()
        .flat_map(|r| shared.workspace.config_of_root(r).extensions.clone())
        .collect();
    extensions.extend(shared.workspace.default_config().extensions.clone());
    extensions.sort();
    extensions.dedup();
    let watchers = vec![
        lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::Pattern(format!("**/*.{{{}}}", extensions.join(","))),
            kind: None,
        },
        lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::Pattern(format!(
                "**/{}",
                crate::workspace::config::FILE_NAME
            )),
            kind: None,
        },
        // Bibliographies: `unknown-citekey` in the documents follows them.
        lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::Pattern("**/*.{bib,json,yaml,yml}".to_string()),
            kind: None,
        },
    ];
    let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration = lsp::Registration {
        id: "ibid/watched-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(error) = shared.client.register_capability(vec![registration]).await {
        tracing::warn!("the client refused the file watchers: {error}");
    }
}

/// The configuration files or the editor's settings changed: read them
/// again, analyse the open documents again and index again.
pub async fn configuration_changed(shared: &Arc<Shared>) {
    show_config_errors(shared, shared.workspace.reload()).await;
    for document in shared.open_documents() {
        document.touch();
    }
    // Inlay hints (on or off), lenses and severities may have changed in
    // what the client already shows.
    let flags = shared.flags();
    let client = shared.client.clone();
    tokio::spawn(async move {
        if flags.refreshes_inlay_hints {
            let _ = client.inlay_hint_refresh().await;
        }
        if flags.refreshes_code_lenses {
            let _ = client.code_lens_refresh().await;
        }
    });
    publish::refresh_pulled(shared);
    let roots = shared.workspace.roots();
    let shared = shared.clone();
    tokio::spawn(async move { index(&shared, roots).await });
}

pub async fn did_change_configuration(
    shared: &Arc<Shared>,
    params: lsp::DidChangeConfigurationParams,
) {
    shared.workspace.set_editor_settings(Some(params.settings));
    configuration_changed(shared).await;
}

pub async fn did_change_watched_files(
    shared: &Arc<Shared>,
    params: lsp::DidChangeWatchedFilesParams,
) {
    let mut config_changed = false;
    for change in params.changes {
        let is_config = from_proto::path(&change.uri).is_some_and(|p| {
            p.file_name()
                .is_some_and(|n| n == crate::workspace::config::FILE_NAME)
        });
        if is_config {
            config_changed = true;
            continue;
        }
        if crate::lsp::bibliography::is_bibliography(&change.uri) {
            super::bibliography::file_changed(shared, &change.uri).await;
            continue;
        }
        match change.kind {
            lsp::FileChangeType::Deleted => shared.workspace.remove(&change.uri),
            _ => index::reindex(shared, &change.uri).await,
        }
    }
    if config_changed {
        configuration_changed(shared).await;
    }
}

pub async fn did_change_workspace_folders(
    shared: &Arc<Shared>,
    params: lsp::DidChangeWorkspaceFoldersParams,
) {
    for removed in &params.event.removed {
        if let Some(path) = from_proto::path(&removed.uri) {
            shared.workspace.remove_root(&path);
        }
    }
    let added: Vec<PathBuf> = params
        .event
        .added
        .iter()
        .filter_map(|f| from_proto::path(&f.uri))
        .collect();
    shared.workspace.add_roots(added.clone());
    show_config_errors(shared, shared.workspace.reload()).await;
    let shared = shared.clone();
    tokio::spawn(async move { index(&shared, added).await });
}
