//! What the server offers, and what it chose from what the client offered.

use crate::analysis::text::Encoding;

use super::lsp;

/// The characters after which an editor asks for completions: the opening
/// of a bracket marker, a Markdown footnote, a Pandoc citation, and the
/// superscript digits of a superscript marker.
pub const TRIGGER_CHARACTERS: &[&str] = &[
    "[", "^", "@", "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
];

/// The kind of the source action that renumbers the notes in order of
/// first citation.
pub const RENUMBER_NOTES: &str = "source.renumberNotes";

/// The command a code lens runs to list a note's citations: a client may
/// run its own of that name; the server answers it for every other.
pub const SHOW_REFERENCES: &str = "ibid.showReferences";

/// The position encoding: UTF-8 when the client offers it (no conversion
/// at all, since offsets are bytes), else UTF-16, which every client must
/// understand.
pub fn position_encoding(caps: &lsp::ClientCapabilities) -> Encoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(encoding: Encoding) -> lsp::PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        Encoding::Char => lsp::PositionEncodingKind::UTF32,
    }
}

/// What the server needs to remember about the client.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFlags {
    /// The client pulls diagnostics (`textDocument/diagnostic`), so pushing
    /// them too would show each twice.
    pub pulls_diagnostics: bool,
    /// The client shows `$/progress` for tokens the server creates.
    pub work_done_progress: bool,
    /// The client lets the server register file watchers.
    pub watches_files: bool,
    /// The client asks again for inlay hints, code lenses or pulled
    /// diagnostics when told to (after a configuration change).
    pub refreshes_inlay_hints: bool,
    pub refreshes_code_lenses: bool,
    pub refreshes_diagnostics: bool,
    /// The client opens a document at a range when asked
    /// (`window/showDocument`).
    pub shows_documents: bool,
}

impl ClientFlags {
    pub fn of(caps: &lsp::ClientCapabilities) -> ClientFlags {
        ClientFlags {
            pulls_diagnostics: caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watches_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            refreshes_inlay_hints: caps
                .workspace
                .as_ref()
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            refreshes_code_lenses: caps
                .workspace
                .as_ref()
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            refreshes_diagnostics: caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            shows_documents: caps
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
        }
    }
}

pub fn server_capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding_kind(encoding)),
        text_document_sync: Some(lsp::TextDocumentSync::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::Incremental),
                save: Some(lsp::Save::SaveOptions(lsp::SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProvider::Bool(true)),
        definition_provider: Some(lsp::DefinitionProvider::Bool(true)),
        references_provider: Some(lsp::ReferencesProvider::Bool(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(TRIGGER_CHARACTERS.iter().map(|c| c.to_string()).collect()),
            ..Default::default()
        }),
        rename_provider: Some(lsp::RenameProvider::RenameOptions(lsp::RenameOptions {
            prepare_provider: Some(true),
            ..Default::default()
        })),
        code_action_provider: Some(lsp::CodeActionProvider::CodeActionOptions(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QuickFix,
                    lsp::CodeActionKind::Custom(RENUMBER_NOTES.into()),
                ]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(lsp::DocumentSymbolProvider::Bool(true)),
        workspace_symbol_provider: Some(lsp::WorkspaceSymbolProvider::Bool(true)),
        folding_range_provider: Some(lsp::FoldingRangeProvider::Bool(true)),
        document_link_provider: Some(lsp::DocumentLinkOptions::default()),
        inlay_hint_provider: Some(lsp::InlayHintProvider::Bool(true)),
        code_lens_provider: Some(lsp::CodeLensOptions::default()),
        document_highlight_provider: Some(lsp::DocumentHighlightProvider::Bool(true)),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: vec![SHOW_REFERENCES.to_string()],
            ..Default::default()
        }),
        semantic_tokens_provider: Some(lsp::SemanticTokensProvider::SemanticTokensOptions(
            lsp::SemanticTokensOptions {
                legend: super::semantic_tokens::legend(),
                range: Some(lsp::SemanticTokensOptionsRange::Bool(true)),
                full: Some(lsp::Full::Bool(true)),
                ..Default::default()
            },
        )),
        diagnostic_provider: Some(lsp::DiagnosticProvider::DiagnosticOptions(
            lsp::DiagnosticOptions {
                identifier: Some("ibid".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: true,
                ..Default::default()
            },
        )),
        workspace: Some(lsp::WorkspaceOptions {
            workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp::ChangeNotifications::Bool(true)),
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}
