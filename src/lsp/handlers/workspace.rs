//! Initialisation, configuration, workspace folders and watched files.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::lsp::capabilities::{self, ClientFlags};
use crate::lsp::from_proto;
use crate::lsp::lsp;
use crate::lsp::state::Shared;
use crate::lsp::workspace;

/// The token of the indexing progress.
const INDEX_TOKEN: &str = "ibid/index";

/// Files indexed between two progress reports.
const REPORT_EVERY: usize = 16;

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

/// Indexes every notes file under `roots` in the background, reporting
/// progress when the client shows it.
pub(crate) async fn index(shared: &Arc<Shared>, roots: Vec<PathBuf>) {
    let mut files = Vec::new();
    for root in roots {
        let config = shared.workspace.config_of_root(&root);
        let found = super::blocking("workspace scan", move || workspace::scan(&root, &config))
            .await
            .unwrap_or_default();
        files.extend(found);
    }
    let total = files.len();
    tracing::info!(total, "indexing the workspace");
    let progress = if shared.flags().work_done_progress {
        let token = lsp::ProgressToken::String(INDEX_TOKEN.to_string());
        match shared.client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                shared
                    .client
                    .progress(token, "Indexing notes")
                    .with_message(format!("0/{total} files"))
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(error) => {
                tracing::debug!("no progress token: {error}");
                None
            }
        }
    } else {
        None
    };
    let encoding = shared.encoding();
    let mut indexed = 0;
    for (i, chunk) in files.chunks(REPORT_EVERY).enumerate() {
        let chunk = chunk.to_vec();
        let configs: Vec<_> = chunk
            .iter()
            .map(|p| {
                lsp::Uri::from_file_path(p)
                    .map(|u| shared.workspace.config_for(&u))
                    .unwrap_or_default()
            })
            .collect();
        let (for_index, roots) = (shared.clone(), shared.workspace.roots());
        let results = super::blocking("workspace index", move || {
            chunk
                .iter()
                .zip(configs)
                .filter_map(|(path, config)| {
                    workspace::index_file(
                        path,
                        &config,
                        encoding,
                        &for_index.bibliographies,
                        &roots,
                    )
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        for (uri, entry) in results {
            shared.workspace.insert(uri, entry);
            indexed += 1;
        }
        if let Some(progress) = &progress {
            let done = ((i + 1) * REPORT_EVERY).min(total);
            let percentage = u32::try_from(done * 100 / total.max(1)).unwrap_or(100);
            progress
                .report_with_message(format!("{done}/{total} files"), percentage)
                .await;
        }
    }
    tracing::info!(indexed, "workspace indexed");
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{indexed} files indexed"))
            .await;
    }
}

/// Reads one file into the index again, unless it is open (the editor's
/// text wins) or not a notes file under a root.
pub async fn reindex(shared: &Arc<Shared>, uri: &lsp::Uri) {
    let Some(path) = from_proto::path(uri) else {
        return;
    };
    let config = shared.workspace.config_for(uri);
    let under_root = shared.workspace.roots().iter().any(|r| path.starts_with(r));
    if shared.is_open(uri) || !under_root || !config.has_checked_extension(&path) {
        return;
    }
    // A link that leads out of every root is not read (see `scan`).
    let real = path.canonicalize().ok();
    let inside = real.is_some_and(|real| {
        shared
            .workspace
            .roots()
            .iter()
            .any(|r| r.canonicalize().is_ok_and(|r| real.starts_with(r)))
    });
    if !inside {
        shared.workspace.remove(uri);
        return;
    }
    let encoding = shared.encoding();
    let (for_index, roots) = (shared.clone(), shared.workspace.roots());
    let entry = super::blocking("index file", move || {
        workspace::index_file(&path, &config, encoding, &for_index.bibliographies, &roots)
    })
    .await
    .ok()
    .flatten();
    match entry {
        Some((uri, entry)) => shared.workspace.insert(uri, entry),
        None => shared.workspace.remove(uri),
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
        if flags.refreshes_diagnostics && flags.pulls_diagnostics {
            let _ = client.workspace_diagnostic_refresh().await;
        }
    });
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
            crate::lsp::bibliography::file_changed(shared, &change.uri).await;
            continue;
        }
        match change.kind {
            lsp::FileChangeType::Deleted => shared.workspace.remove(&change.uri),
            _ => reindex(shared, &change.uri).await,
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
