//! The workspace index: every notes file under the workspace folders that
//! is not open, found as `ibid check` finds files and read through the same
//! pipeline, kept as what workspace symbols, pulled workspace diagnostics
//! and references from a bibliography entry need. It runs in the
//! background, with progress when the client shows it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::book::{Asks, Neighbours, Offer};
use crate::analysis::ide::{self, Snapshot as IdeSnapshot};
use crate::analysis::text::Encoding;
use crate::workspace::config::{Config, ConfigError};
use crate::workspace::discover::{self, Filter, Links, Scope};
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

/// One configuration for a whole workspace folder.
struct Root(Arc<Filter>);

impl Scope for Root {
    type Settings = ();

    fn settings(&self, _: &Path) -> Result<(), ConfigError> {
        Ok(())
    }

    fn filter<'a>(&'a self, _: &'a ()) -> &'a Filter {
        &self.0
    }
}

/// Finds what the other files of a file's folder offer it, given what it
/// asks.
type FindNeighbours<'a> = dyn Fn(&Asks) -> Option<Neighbours> + 'a;

/// Reads one file through the host's pipeline for the index; `None` when
/// it cannot be read or is too large.
fn index_file(
    host: &Host,
    path: &Path,
    config: &Config,
    search_root: Option<&Path>,
    encoding: Encoding,
    neighbours: Option<&FindNeighbours<'_>>,
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
    let mut checked = host.check(&bytes, &place);
    let asks = Asks::of(&checked.analysis);
    if let Some(found) = neighbours.and_then(|n| n(&asks)) {
        checked.analysis.shelve(checked.document.text(), found);
    }
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
    let symbols = ide::workspace_symbols(IdeSnapshot::new(document, analysis))
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
            offer: Arc::new(Offer::of(analysis)),
            asks: Arc::new(asks),
        },
    ))
}

/// Indexes every notes file under `roots` in the background, reporting
/// progress when the client shows it.
pub async fn index(shared: &Arc<Shared>, roots: Vec<PathBuf>) {
    let mut files = Vec::new();
    for root in roots {
        let scope = Arc::new(Root(shared.workspace.filter_of_root(&root)));
        let found = blocking("workspace scan", move || {
            discover::walk(&root, scope, Links::InsideRoot)
        })
        .await;
        files.extend(
            found
                .into_iter()
                .flat_map(|w| w.files)
                .map(|(path, ())| path),
        );
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
                    index_file(
                        &for_index.host,
                        path,
                        &config,
                        root.as_deref(),
                        encoding,
                        None,
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
    // A chapter whose notes or first full citations are in another file
    // of its folder is read again, with them, now that all are known.
    for uri in shared.workspace.answered_by_neighbours() {
        reindex(shared, &uri).await;
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
    let Some(root) = shared.workspace.root_of(&path) else {
        return;
    };
    if shared.is_open(uri) {
        return;
    }
    // What the walk would not have found is not indexed: a file the
    // configuration leaves out, or a link that leads out of the root.
    let filter = shared.workspace.filter_of_root(&root);
    if !filter.admits(&path) || !discover::is_inside(&root, &path) {
        shared.workspace.remove(uri);
        return;
    }
    let config = shared.workspace.config_for(uri);
    let encoding = shared.encoding();
    let for_index = shared.clone();
    let entry = blocking("index file", move || {
        let workspace = &for_index.workspace;
        let neighbours = |asks: &Asks| workspace.neighbours(&path, asks);
        index_file(
            &for_index.host,
            &path,
            &config,
            Some(&root),
            encoding,
            Some(&neighbours),
        )
    })
    .await
    .ok()
    .flatten();
    match entry {
        Some((uri, entry)) => shared.workspace.insert(uri, entry),
        None => shared.workspace.remove(uri),
    }
}
