//! Semantic tokens, for the whole document or a range of it.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::analysis::ide;

use super::on_snapshot;
use crate::lsp::lsp;
use crate::lsp::state::Shared;

pub async fn full(
    shared: &Arc<Shared>,
    params: lsp::SemanticTokensParams,
) -> Result<Option<lsp::SemanticTokens>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "semanticTokens/full",
        |s, ide| {
            let data = s
                .converter()
                .semantic_tokens(&ide::semantic_tokens(ide, None));
            Some(lsp::SemanticTokens {
                result_id: None,
                data,
            })
        },
    )
    .await
}

pub async fn range(
    shared: &Arc<Shared>,
    params: lsp::SemanticTokensRangeParams,
) -> Result<Option<lsp::SemanticTokens>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "semanticTokens/range",
        move |s, ide| {
            let range = s.range(params.range)?;
            let data = s
                .converter()
                .semantic_tokens(&ide::semantic_tokens(ide, Some(range)));
            Some(lsp::SemanticTokens {
                result_id: None,
                data,
            })
        },
    )
    .await
}
