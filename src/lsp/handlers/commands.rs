//! `workspace/executeCommand`: the code lens over a note runs
//! [`SHOW_REFERENCES`] with the document, the lens position and the places
//! that cite the note. A client with a command of that name runs its own (a
//! peek in VS Code, a list in Neovim); any other client sends it here, and
//! the server asks the client to show the first citation
//! (`window/showDocument`, where the client offers it) and answers with
//! every location, for a client that can list them.

use std::borrow::Cow;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::lsp::capabilities::SHOW_REFERENCES;
use crate::lsp::lsp;
use crate::lsp::state::Shared;

fn invalid(message: String) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: Cow::Owned(message),
        data: None,
    }
}

pub async fn execute_command(
    shared: &Arc<Shared>,
    params: lsp::ExecuteCommandParams,
) -> Result<Option<lsp::LspAny>> {
    if params.command != SHOW_REFERENCES {
        return Err(invalid(format!("ibid has no command {}", params.command)));
    }
    let arguments = params.arguments.unwrap_or_default();
    // The arguments the lens gave: the document, the lens position and the
    // locations; only the locations are needed here.
    let locations: Vec<lsp::Location> = arguments
        .get(2)
        .cloned()
        .and_then(|l| serde_json::from_value(l).ok())
        .ok_or_else(|| {
            invalid(format!(
                "{SHOW_REFERENCES} takes a document, a position and a list of locations"
            ))
        })?;
    if let Some(first) = locations.first()
        && shared.flags().shows_documents
    {
        let params = lsp::ShowDocumentParams {
            uri: first.uri.clone(),
            external: None,
            take_focus: Some(true),
            selection: Some(first.range),
        };
        // Not awaited: a client may answer only after this request is done.
        let client = shared.client.clone();
        tokio::spawn(async move {
            if let Err(error) = client.show_document(params).await {
                tracing::debug!("window/showDocument failed: {error}");
            }
        });
    }
    Ok(serde_json::to_value(locations).ok())
}
