//! Symbols, folding, links, inlay hints, code lenses.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::analysis::ide;

use super::on_snapshot;
use crate::lsp::lsp;
use crate::lsp::state::Shared;
use crate::lsp::workspace;

pub async fn document_symbol(
    shared: &Arc<Shared>,
    params: lsp::DocumentSymbolParams,
) -> Result<Option<lsp::DocumentSymbolResponse>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "documentSymbol",
        |s, ide| {
            let converter = s.converter();
            Some(lsp::DocumentSymbolResponse::DocumentSymbolList(
                ide::document_symbols(ide)
                    .iter()
                    .filter_map(|sym| converter.symbol(sym))
                    .collect(),
            ))
        },
    )
    .await
}

/// Headings, notes, works and citation keys across the workspace: the open
/// documents' from their latest analysis, the others' from the index.
pub async fn workspace_symbol(
    shared: &Arc<Shared>,
    params: lsp::WorkspaceSymbolParams,
) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
    let mut symbols = Vec::new();
    for document in shared.open_documents() {
        let Some(snapshot) = document.snapshot().await else {
            continue;
        };
        let open: Option<Vec<lsp::WorkspaceSymbol>> =
            on_snapshot(shared, &snapshot.uri, "workspace/symbol", |s, ide| {
                let converter = s.converter();
                Some(
                    ide::workspace_symbols(ide)
                        .iter()
                        .filter_map(|sym| converter.workspace_symbol(sym))
                        .collect(),
                )
            })
            .await?;
        symbols.extend(open.unwrap_or_default());
    }
    symbols.extend(shared.workspace.symbols(&|uri| shared.is_open(uri)));
    symbols.retain(|s| workspace::matches(&params.query, &s.base_symbol_information.name));
    Ok(Some(lsp::WorkspaceSymbolResponse::WorkspaceSymbolList(
        symbols,
    )))
}

pub async fn folding_range(
    shared: &Arc<Shared>,
    params: lsp::FoldingRangeParams,
) -> Result<Option<Vec<lsp::FoldingRange>>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "foldingRange",
        |s, ide| {
            let converter = s.converter();
            Some(
                ide::folding_ranges(ide)
                    .iter()
                    .filter_map(|f| converter.fold(f))
                    .collect(),
            )
        },
    )
    .await
}

pub async fn document_link(
    shared: &Arc<Shared>,
    params: lsp::DocumentLinkParams,
) -> Result<Option<Vec<lsp::DocumentLink>>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "documentLink",
        |s, ide| {
            let converter = s.converter();
            Some(
                ide::document_links(ide)
                    .iter()
                    .filter_map(|l| converter.link(l))
                    .collect(),
            )
        },
    )
    .await
}

pub async fn inlay_hint(
    shared: &Arc<Shared>,
    params: lsp::InlayHintParams,
) -> Result<Option<Vec<lsp::InlayHint>>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "inlayHint",
        move |s, ide| {
            if !s.config.inlay_hints {
                return Some(Vec::new());
            }
            let range = s.range(params.range)?;
            let converter = s.converter();
            Some(
                ide::inlay_hints(ide, range)
                    .iter()
                    .filter_map(|h| converter.inlay_hint(h))
                    .collect(),
            )
        },
    )
    .await
}

pub async fn code_lens(
    shared: &Arc<Shared>,
    params: lsp::CodeLensParams,
) -> Result<Option<Vec<lsp::CodeLens>>> {
    on_snapshot(shared, &params.text_document.uri, "codeLens", |s, ide| {
        let converter = s.converter();
        Some(
            ide::code_lenses(ide)
                .iter()
                .filter_map(|l| converter.code_lens(l))
                .collect(),
        )
    })
    .await
}
