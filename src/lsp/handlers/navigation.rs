//! Hover, definition, references.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::analysis::ide;

use super::on_snapshot;
use crate::lsp::lsp;
use crate::lsp::state::Shared;

pub async fn hover(shared: &Arc<Shared>, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let p = params.text_document_position_params;
    on_snapshot(shared, &p.text_document.uri, "hover", move |s, ide| {
        let offset = s.offset(p.position)?;
        s.converter().hover(&ide::hover(ide, offset)?)
    })
    .await
}

pub async fn definition(
    shared: &Arc<Shared>,
    params: lsp::DefinitionParams,
) -> Result<Option<lsp::DefinitionResponse>> {
    let p = params.text_document_position_params;
    let for_book = shared.clone();
    on_snapshot(shared, &p.text_document.uri, "definition", move |s, ide| {
        let offset = s.offset(p.position)?;
        let location = match ide::definition(ide, offset) {
            Some(target) => s.converter().target(&target)?,
            None => super::bibliography::definition(s, ide, offset)
                .or_else(|| note_in_book(&for_book, s, ide, offset))?,
        };
        Some(lsp::DefinitionResponse::Definition(
            lsp::Definition::Location(location),
        ))
    })
    .await
}

/// From a marker with no note in its document to its note in a notes file
/// of the same folder (a book split into files), read from disk.
fn note_in_book(
    shared: &Shared,
    s: &crate::lsp::state::Snapshot,
    ide: ide::Snapshot<'_>,
    offset: usize,
) -> Option<lsp::Location> {
    let (style, key) = ide::marker_without_note(ide, offset)?;
    let path = crate::lsp::from_proto::path(&s.uri)?;
    let (file, range) = shared.workspace.note_in_folder(&path, style, &key)?;
    let text = std::fs::read_to_string(&file).ok()?;
    let uri = lsp::Uri::from_file_path(&file).ok()?;
    let rope = ropey::Rope::from_str(&text);
    let converter = crate::lsp::to_proto::Converter {
        rope: &rope,
        encoding: s.encoding,
        uri: &uri,
    };
    converter.location(&range)
}

pub async fn references(
    shared: &Arc<Shared>,
    params: lsp::ReferenceParams,
) -> Result<Option<Vec<lsp::Location>>> {
    let p = params.text_document_position_params;
    let include_declaration = params.context.include_declaration;
    if crate::lsp::bibliography::is_bibliography(&p.text_document.uri)
        && shared.document(&p.text_document.uri).is_none()
    {
        return Ok(super::bibliography::references(
            shared,
            &p.text_document.uri,
            p.position,
            include_declaration,
        )
        .await);
    }
    on_snapshot(shared, &p.text_document.uri, "references", move |s, ide| {
        let offset = s.offset(p.position)?;
        let converter = s.converter();
        Some(
            ide::references(ide, offset, include_declaration)
                .iter()
                .filter_map(|t| converter.target(t))
                .collect(),
        )
    })
    .await
}
