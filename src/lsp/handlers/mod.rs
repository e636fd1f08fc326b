//! Request and notification handlers. Each request handler does three
//! things: converts the request to byte offsets, calls one analysis
//! function, converts the answer back. The work runs on a blocking thread
//! with an immutable snapshot, so a panic in a feature becomes an error
//! response and the server keeps serving.

pub mod bibliography;
pub mod commands;
pub mod diagnostics;
pub mod editing;
pub mod highlight;
pub mod navigation;
pub mod outline;
pub mod text_sync;
pub mod tokens;
pub mod workspace;

use tower_lsp_server::jsonrpc::Result;

use crate::analysis::ide;

use super::lsp;
use super::state::{Shared, Snapshot};
pub(crate) use super::tasks::blocking;
use super::tasks::internal_error;

/// Runs `f` on the analysed snapshot of `uri`. An unknown document is an
/// empty answer (the client may ask about a document it just closed).
pub async fn on_snapshot<R, F>(
    shared: &Shared,
    uri: &lsp::Uri,
    what: &'static str,
    f: F,
) -> Result<Option<R>>
where
    F: FnOnce(&Snapshot, ide::Snapshot<'_>) -> Option<R> + Send + 'static,
    R: Send + 'static,
{
    let Some(snapshot) = shared.snapshot(uri).await else {
        tracing::debug!(%uri, "{what}: the document is not open");
        return Ok(None);
    };
    let analysis = snapshot
        .analysis
        .clone()
        .map_err(|message| internal_error(what, &message))?;
    blocking(what, move || {
        f(&snapshot, ide::Snapshot::new(&snapshot.document, &analysis))
    })
    .await
}

/// A request that exists only to show that a panic in a handler becomes an
/// error response (enabled by `IBID_LSP_CRASH_TEST=1`; the tests use it).
pub async fn crash(_shared: &Shared) -> Result<()> {
    blocking("ibid/crash", || -> () {
        panic!("ibid/crash was asked to panic");
    })
    .await
}
