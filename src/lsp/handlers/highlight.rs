//! Document highlight.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::analysis::ide;

use super::on_snapshot;
use crate::lsp::lsp;
use crate::lsp::state::Shared;

pub async fn document_highlight(
    shared: &Arc<Shared>,
    params: lsp::DocumentHighlightParams,
) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
    let p = params.text_document_position_params;
    on_snapshot(
        shared,
        &p.text_document.uri,
        "documentHighlight",
        move |s, ide| {
            let offset = s.offset(p.position)?;
            let converter = s.converter();
            let found: Vec<_> = ide::highlights(ide, offset)
                .iter()
                .filter_map(|h| converter.highlight(h))
                .collect();
            (!found.is_empty()).then_some(found)
        },
    )
    .await
}
