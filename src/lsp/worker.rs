//! The worker of an open document: a small actor that analyses whatever
//! text is latest when it is free, so edits that arrive during an analysis
//! are coalesced into one pass over the final text, and publishes the
//! result only if no newer edit has arrived meanwhile. One worker per
//! document publishes in order, so diagnostics for version N never follow
//! those for N+1. There is no debounce: an analysis after an edit costs
//! about a millisecond on a megabyte (the [`Cache`] keeps what the edit did
//! not touch), less than a delay would.

use std::sync::Arc;

use crate::analysis::{Analysis, Cache, Dialect, Document};
use crate::workspace::config::Config;
use crate::workspace::host::Place;

use super::from_proto;
use super::lsp;
use super::publish;
use super::state::{OpenDocument, Shared, Snapshot};
use super::tasks::panic_message;

/// Opens a document and starts its worker.
pub fn start(shared: &Arc<Shared>, uri: lsp::Uri, version: i32, text: String, dialect: Dialect) {
    let document = shared.open(uri, version, Document::new_as(text, dialect));
    tokio::spawn(run(shared.clone(), document));
}

/// Analyses `document` through the host's pipeline, reusing `cache`: what
/// every keystroke costs.
fn analyse(
    shared: &Shared,
    uri: &lsp::Uri,
    document: &Document,
    cache: &mut Cache,
    config: &Config,
) -> Analysis {
    let path = from_proto::path(uri);
    let root = path.as_deref().and_then(|p| shared.workspace.root_of(p));
    let place = Place {
        path: path.as_deref(),
        config,
        search_root: root.as_deref(),
    };
    let mut analysis = shared.host.analyse(document, cache, &place);
    // A chapter of a book: what it cannot find may be in another file of
    // its folder.
    if let Some(path) = path.as_deref()
        && crate::analysis::book::asks(&analysis)
        && shared.workspace.has_neighbours(path)
        && let Some(neighbours) = shared
            .workspace
            .neighbours(path, &crate::analysis::book::Asks::of(&analysis))
    {
        analysis.shelve(document.text(), neighbours);
    }
    analysis
}

/// Analyses the latest text of `document` whenever it changes, until it is
/// closed.
async fn run(shared: Arc<Shared>, document: Arc<OpenDocument>) {
    // The fixes are built when the editor asks for code actions.
    let mut cache = Cache::deferring_fixes();
    let mut published = None;
    let mut done = 0;
    let uri = document.uri().clone();
    while let Some((text, version, rev)) = document.latest() {
        if rev == done {
            // Not held while waiting: the next edit then changes the text
            // where it lies instead of copying it.
            drop(text);
            document.changed().await;
            continue;
        }
        let config = shared.workspace.config_for(&uri);
        let analysed_text = text.clone();
        let mut taken = std::mem::take(&mut cache);
        let (for_analysis, for_uri, with_config) = (shared.clone(), uri.clone(), config.clone());
        let result = tokio::task::spawn_blocking(move || {
            let analysis = analyse(
                &for_analysis,
                &for_uri,
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
                document.set_cited(analysis.cites.iter().map(|c| c.key.clone()).collect());
                Ok(Arc::new(analysis))
            }
            Err(error) => {
                // The cache went with the failed analysis: start afresh.
                cache = Cache::deferring_fixes();
                let message = panic_message(error);
                tracing::error!(%uri, "analysis failed: {message}");
                Err(message)
            }
        };
        done = rev;
        let snapshot = Arc::new(Snapshot {
            uri: uri.clone(),
            version,
            rev,
            document: text,
            analysis,
            config,
            encoding: shared.encoding(),
        });
        document.analysed(Some(snapshot.clone()));
        publish::bibliographies_of(&shared, &snapshot).await;
        // A newer text is waiting: its diagnostics will replace these
        // within a millisecond, so these are not worth sending.
        if document.rev() != rev {
            continue;
        }
        publish::document(&shared, &snapshot, &mut published).await;
    }
    // What the document held is freed now (requests may still hold a
    // snapshot for a moment; the next release takes that too).
    drop(cache);
    drop(published);
    document.analysed(None);
    super::memory::release();
    // Clear what was published, unless the document was opened again.
    if !shared.is_open(&uri) {
        publish::clear(&shared, &uri).await;
    }
}
