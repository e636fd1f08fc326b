//! The workspace index: every notes file under the workspace folders that
//! is not open, found as `ibid check` finds files and read through the same
//! pipeline, kept as what workspace symbols, pulled workspace diagnostics
//! and references from a bibliography entry need. It runs in the
//! background, with progress when the client shows it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::ide::{self, Snapshot as IdeSnapshot};
use crate::analysis::text::Encoding;
use crate::workspace::config::{self, Config};
use crate::workspace::host::{Host, Place};

use super::from_proto;
use super::lsp;
use super::state::Shared;
use super::tasks::blocking;
use super::to_proto::Converter;
use super::workspace::Indexed;

/// The token of the indexing progress.
const INDEX_TOKEN: &str = "ibid/index";

/// Files indexed between two progress reports.
const REPORT_EVERY: usize = 16;

/// The notes files under `root`, as `ibid check` would find them:
/// `.gitignore` and hidden files honoured, checked extensions, `include`
/// and `exclude` (relative to the root, where its `ibid.toml` lives), at
/// most `max_file_size` bytes.
///
/// Symbolic links are followed only while they stay inside the root: a link
/// out of the workspace could reach anything on the machine, and the index
/// reads what it finds. Loops are detected by the walker.
pub fn scan(root: &Path, config: &Config) -> Vec<PathBuf> {
    let Ok(real_root) = root.canonicalize() else {
        return Vec::new();
    };
    // Matched against whole paths: relative globs are anchored at the root,
    // and those of an extended file come absolute (`config::load_table`).
    let globs = |patterns: &[String]| {
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in patterns {
            let pattern = config::anchor_glob(pattern, root);
            // A bad glob was reported when the configuration was read.
            if let Ok(glob) = globset::Glob::new(&pattern) {
                builder.add(glob);
            }
        }
        builder.build().ok()
    };
    let include = (!config.include.is_empty())
        .then(|| globs(&config.include))
        .flatten();
    let exclude = globs(&config.exclude);
    let excluded = {
        let exclude = exclude.clone();
        move |path: &Path| exclude.as_ref().is_some_and(|set| set.is_match(path))
    };
    let inside = {
        let real_root = real_root.clone();
        move |entry: &ignore::DirEntry| {
            !entry.path_is_symlink()
                || entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&real_root))
        }
    };
    let walker = crate::workspace::config::notes_walker(root)
        .filter_entry(move |entry| {
            entry.depth() == 0
                || (inside(entry)
                    && !excluded(entry.path())
                    && !entry
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n == "node_modules" || n == "target"))
        })
        .build();
    walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| config.has_checked_extension(e.path()))
        .filter(|e| include.as_ref().is_none_or(|set| set.is_match(e.path())))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= config.max_file_size))
        .map(|e| e.into_path())
        .collect()
}

/// Reads one file through the host's pipeline for the index; `None` when
/// it cannot be read or is too large.
fn index_file(
    host: &Host,
    path: &Path,
    config: &Config,
    search_root: Option<&Path>,
    encoding: Encoding,
) -> Option<(lsp::Uri, Indexed)> {
    // Links were vetted by the scan (they stay inside the root).
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > config.max_file_size {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let uri = lsp::Uri::from_file_path(path).ok()?;
    let place = Place {
        path: Some(path),
        config,
        search_root,
    };
    let checked = host.check(&bytes, &place);
    let (document, analysis) = (&checked.document, &checked.analysis);
    let converter = Converter {
        rope: document.rope(),
        encoding,
        uri: &uri,
    };
    let diagnostics = analysis
        .diagnostics
        .iter()
        .filter_map(|d| Some((d.code, converter.diagnostic(d)?)))
        .collect();
    let symbols = ide::work_symbols(IdeSnapshot::new(document, analysis))
        .iter()
        .filter_map(|s| converter.workspace_symbol(s))
        .collect();
    let cites = analysis
        .cites
        .iter()
        .filter_map(|c| Some((c.key.clone(), converter.location(&c.key_range)?)))
        .collect();
    Some((
        uri,
        Indexed {
            diagnostics,
            symbols,
            cites,
        },
    ))
}

/// Indexes every notes file under `roots` in the background, reporting
/// progress when the client shows it.
pub async fn index(shared: &Arc<Shared>, roots: Vec<PathBuf>) {
    let mut files = Vec::new();
    for root in roots {
        let config = shared.workspace.config_of_root(&root);
        let found = blocking("workspace scan", move || scan(&root, &config))
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
        let for_index = shared.clone();
        let results = blocking("workspace index", move || {
            chunk
                .iter()
                .zip(configs)
                .filter_map(|(path, config)| {
                    let root = for_index.workspace.root_of(path);
                    index_file(&for_index.host, path, &config, root.as_deref(), encoding)
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
    let for_index = shared.clone();
    let entry = blocking("index file", move || {
        let root = for_index.workspace.root_of(&path);
        index_file(&for_index.host, &path, &config, root.as_deref(), encoding)
    })
    .await
    .ok()
    .flatten();
    match entry {
        Some((uri, entry)) => shared.workspace.insert(uri, entry),
        None => shared.workspace.remove(uri),
    }
}
