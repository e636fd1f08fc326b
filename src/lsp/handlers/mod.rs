//! Request and notification handlers. Each request handler does three
//! things: converts the request to byte offsets, calls one analysis
//! function, converts the answer back. The work runs on a blocking thread
//! with an immutable snapshot, so a panic in a feature becomes an error
//! response and the server keeps serving.

pub mod commands;
pub mod diagnostics;
pub mod editing;
pub mod highlight;
pub mod navigation;
pub mod outline;
pub mod text_sync;
pub mod tokens;
pub mod workspace;

use std::any::Any;
use std::borrow::Cow;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::analysis::ide;

use super::lsp;
use super::state::{Shared, Snapshot};

/// The message of a panic that ended a blocking task.
pub fn panic_message(error: tokio::task::JoinError) -> String {
    if error.is_cancelled() {
        return "the task was cancelled".to_string();
    }
    let payload: Box<dyn Any + Send> = error.into_panic();
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with no message".to_string()
    }
}

fn internal_error(what: &str, message: &str) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: Cow::Owned(format!("ibid: {what} failed: {message}")),
        data: None,
    }
}

/// Runs `f` on a blocking thread; a panic is logged and becomes an
/// internal error.
pub async fn blocking<R, F>(what: &'static str, f: F) -> Result<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|error| {
        let message = panic_message(error);
        tracing::error!("{what} panicked: {message}");
        internal_error(what, &message)
    })
}

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
