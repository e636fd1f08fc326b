//! Completion, rename, code actions.

use std::borrow::Cow;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::analysis::diagnostics::CommentStyle;
use crate::analysis::ide;

use super::on_snapshot;
use crate::lsp::lsp;
use crate::lsp::state::Shared;
use crate::lsp::to_proto;

pub async fn completion(
    shared: &Arc<Shared>,
    params: lsp::CompletionParams,
) -> Result<Option<lsp::CompletionResponse>> {
    let p = params.text_document_position_params;
    on_snapshot(shared, &p.text_document.uri, "completion", move |s, ide| {
        let offset = s.offset(p.position)?;
        let converter = s.converter();
        let list = ide::completion_list(ide, offset);
        let items = list
            .items
            .iter()
            .filter_map(|item| converter.completion(item))
            .collect();
        // A list cut short says so, so that the editor asks again as the
        // user types; a whole one is a plain array, as before.
        Some(if list.incomplete {
            lsp::CompletionResponse::CompletionList(lsp::CompletionList {
                is_incomplete: true,
                items,
                ..Default::default()
            })
        } else {
            lsp::CompletionResponse::CompletionItemList(items)
        })
    })
    .await
}

pub async fn prepare_rename(
    shared: &Arc<Shared>,
    params: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResult>> {
    on_snapshot(
        shared,
        &params.text_document.uri,
        "prepareRename",
        move |s, ide| {
            let offset = s.offset(params.position)?;
            let (range, placeholder) = ide::prepare_rename(ide, offset)?;
            Some(lsp::PrepareRenameResult::PrepareRenamePlaceholder(
                lsp::PrepareRenamePlaceholder {
                    range: s.converter().range(&range)?,
                    placeholder,
                },
            ))
        },
    )
    .await
}

/// The protocol's code for a request that was valid but could not be done.
const REQUEST_FAILED: i64 = -32803;

pub async fn rename(
    shared: &Arc<Shared>,
    params: lsp::RenameParams,
) -> Result<Option<lsp::WorkspaceEdit>> {
    let p = params.text_document_position_params;
    let new_name = params.new_name;
    let answer = on_snapshot(shared, &p.text_document.uri, "rename", move |s, ide| {
        let Some(offset) = s.offset(p.position) else {
            return Some(Err(ide::RenameError::NothingToRename));
        };
        Some(ide::rename(ide, offset, &new_name).map(|edits| s.converter().workspace_edit(&edits)))
    })
    .await?;
    match answer {
        None => Ok(None),
        Some(Ok(edit)) => Ok(edit),
        Some(Err(error)) => Err(Error {
            code: ErrorCode::ServerError(REQUEST_FAILED),
            message: Cow::Owned(error.to_string()),
            data: None,
        }),
    }
}

pub async fn code_action(
    shared: &Arc<Shared>,
    params: lsp::CodeActionParams,
) -> Result<Option<Vec<lsp::CodeActionResponse>>> {
    let only = params.context.only;
    on_snapshot(
        shared,
        &params.text_document.uri,
        "codeAction",
        move |s, ide| {
            let range = s.range(params.range)?;
            let converter = s.converter();
            let path = crate::lsp::from_proto::path(&s.uri);
            let comments = CommentStyle::for_extension(
                path.as_deref()
                    .and_then(|p| p.extension())
                    .and_then(|e| e.to_str()),
            );
            let diagnostics = crate::workspace::severity::configure(
                &s.config,
                path.as_deref(),
                ide.analysis.diagnostics.clone(),
            );
            // A finding the configuration switches off is not shown: no
            // action is offered for it alone.
            let shown = |a: &ide::CodeAction| {
                a.kind == ide::ActionKind::Source
                    || a.fixes.iter().any(|(code, range)| {
                        diagnostics
                            .iter()
                            .any(|d| d.code == *code && d.range == *range)
                    })
            };
            let wanted = |kind: &lsp::CodeActionKind| {
                let kind = kind_str(kind);
                only.as_ref().is_none_or(|only| {
                    only.iter().any(|o| {
                        let o = kind_str(o);
                        kind == o || kind.starts_with(&format!("{o}."))
                    })
                })
            };
            Some(
                ide::code_actions(ide, range, comments)
                    .iter()
                    .filter(|a| shown(a))
                    .filter(|a| wanted(&to_proto::action_kind(a.kind)))
                    .filter_map(|a| converter.code_action(a, &diagnostics))
                    .map(lsp::CodeActionResponse::CodeAction)
                    .collect(),
            )
        },
    )
    .await
}

fn kind_str(kind: &lsp::CodeActionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
