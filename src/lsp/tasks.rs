//! Running work off the protocol's thread: on a blocking thread, where a
//! panic ends the task and not the server. Every room of the server that
//! analyses, reads or indexes goes through here.

use std::any::Any;
use std::borrow::Cow;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

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

/// The error response for work that failed with `message`.
pub fn internal_error(what: &str, message: &str) -> Error {
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
