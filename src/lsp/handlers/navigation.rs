//! Hover, definition, references.

use std::ops::Range;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use crate::analysis::ide;

use super::on_snapshot;
use crate::lsp::lsp;
use crate::lsp::state::{NotesFile, Shared};

pub async fn hover(shared: &Arc<Shared>, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let p = params.text_document_position_params;
    let for_book = shared.clone();
    on_snapshot(shared, &p.text_document.uri, "hover", move |s, ide| {
        let offset = s.offset(p.position)?;
        let hover = match book_note(&for_book, s, ide, offset) {
            Some(found) => hover_in_book(ide, offset, &found).or_else(|| ide::hover(ide, offset)),
            None => ide::hover(ide, offset),
        };
        s.converter().hover(&hover?)
    })
    .await
}

/// The hover of a marker whose note is in another file of its book, shown
/// as that file's own hover of the note would show it.
fn hover_in_book(ide: ide::Snapshot<'_>, offset: usize, found: &BookNote) -> Option<ide::Hover> {
    let notes = &found.notes;
    let name = notes.file.file_name()?.to_string_lossy();
    ide::hover_in_book(
        ide,
        offset,
        ide::Snapshot::new(&notes.document, &notes.analysis),
        found.range.start,
        &name,
    )
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
            None => super::bibliography::definition(s, ide, offset).or_else(|| {
                let found = book_note(&for_book, s, ide, offset)?;
                found.location(s.encoding)
            })?,
        };
        Some(lsp::DefinitionResponse::Definition(
            lsp::Definition::Location(location),
        ))
    })
    .await
}

/// A marker's note found in a notes file of the same folder (a book split
/// into files), in that file as it is on disk.
struct BookNote {
    notes: Arc<NotesFile>,
    range: Range<usize>,
}

impl BookNote {
    fn location(&self, encoding: crate::analysis::text::Encoding) -> Option<lsp::Location> {
        let uri = lsp::Uri::from_file_path(&self.notes.file).ok()?;
        let converter = crate::lsp::to_proto::Converter {
            rope: self.notes.document.rope(),
            encoding,
            uri: &uri,
        };
        converter.location(&self.range)
    }
}

/// The note in the folder's notes files that answers the marker at
/// `offset`, when the marker has no note in its own document.
fn book_note(
    shared: &Shared,
    s: &crate::lsp::state::Snapshot,
    ide: ide::Snapshot<'_>,
    offset: usize,
) -> Option<BookNote> {
    let (style, key) = ide::marker_without_note(ide, offset)?;
    let path = crate::lsp::from_proto::path(&s.uri)?;
    let (file, range) = shared.workspace.note_in_folder(&path, style, &key)?;
    Some(BookNote {
        notes: shared.notes_file(file)?,
        range,
    })
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
