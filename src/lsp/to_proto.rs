//! Byte offsets and analysis results to protocol types. With
//! [`from_proto`](super::from_proto), the only place where the negotiated
//! encoding is applied.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use ropey::Rope;

use crate::analysis::diagnostics::{self, Severity};
use crate::analysis::ide;
use crate::analysis::text::{self, Encoding};
use crate::analysis::{Diagnostic, TextEdit};

use super::capabilities::{RENUMBER_NOTES, SHOW_REFERENCES};
use super::lsp;
use super::semantic_tokens;

/// The link to a rule's documentation. Parsed once per rule: parsing the
/// address again for each of a thousand findings took as long as finding
/// their positions.
fn code_description(code: &str) -> Option<lsp::CodeDescription> {
    static DESCRIPTIONS: LazyLock<Vec<(&str, Option<lsp::CodeDescription>)>> =
        LazyLock::new(|| {
            diagnostics::RULES
                .iter()
                .map(|rule| {
                    let href = lsp::Uri::parse(&rule.url()).ok();
                    (rule.code, href.map(|href| lsp::CodeDescription { href }))
                })
                .collect()
        });
    DESCRIPTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, description)| description.clone())
}

/// About how many bytes of text one pass of [`text::to_line_cols`] reads in
/// the time [`text::to_line_col`] finds one offset in the rope.
const ROPE_LOOKUP_BYTES: usize = 4096;

/// What every conversion of one document needs.
#[derive(Debug, Clone, Copy)]
pub struct Converter<'a> {
    pub rope: &'a Rope,
    pub encoding: Encoding,
    pub uri: &'a lsp::Uri,
}

impl Converter<'_> {
    pub fn position(&self, offset: usize) -> Option<lsp::Position> {
        let lc = text::to_line_col(self.rope, offset, self.encoding)?;
        Some(lsp::Position {
            line: lc.line,
            character: lc.col,
        })
    }

    pub fn range(&self, range: &Range<usize>) -> Option<lsp::Range> {
        Some(lsp::Range {
            start: self.position(range.start)?,
            end: self.position(range.end)?,
        })
    }

    pub fn location(&self, range: &Range<usize>) -> Option<lsp::Location> {
        Some(lsp::Location {
            uri: self.uri.clone(),
            range: self.range(range)?,
        })
    }

    pub fn text_edit(&self, edit: &TextEdit) -> Option<lsp::TextEdit> {
        Some(lsp::TextEdit {
            range: self.range(&edit.range)?,
            new_text: edit.new_text.clone(),
        })
    }

    /// Edits of this document as a workspace edit; `None` if any edit has
    /// no position (they are applied together or not at all).
    pub fn workspace_edit(&self, edits: &[TextEdit]) -> Option<lsp::WorkspaceEdit> {
        let edits = edits
            .iter()
            .map(|e| self.text_edit(e))
            .collect::<Option<Vec<_>>>()?;
        Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(self.uri.clone(), edits)])),
            ..Default::default()
        })
    }

    /// One diagnostic, with the severity it already carries (configuration
    /// is applied before).
    pub fn diagnostic(&self, d: &Diagnostic) -> Option<lsp::Diagnostic> {
        self.diagnostic_at(d, &|offset| self.position(offset))
    }

    /// One diagnostic, its offsets placed by `position`.
    fn diagnostic_at(
        &self,
        d: &Diagnostic,
        position: &dyn Fn(usize) -> Option<lsp::Position>,
    ) -> Option<lsp::Diagnostic> {
        let range = |r: &Range<usize>| {
            Some(lsp::Range {
                start: position(r.start)?,
                end: position(r.end)?,
            })
        };
        let related = d
            .related
            .iter()
            .filter_map(|r| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: self.uri.clone(),
                        range: range(&r.range)?,
                    },
                    message: r.message.clone(),
                })
            })
            .collect::<Vec<_>>();
        let code_description = code_description(d.code);
        Some(lsp::Diagnostic {
            range: range(&d.range)?,
            severity: Some(severity(d.severity)),
            code: Some(lsp::Code::String(d.code.to_string())),
            code_description,
            source: Some("ibid".to_string()),
            message: lsp::Message::String(d.message.clone()),
            tags: d.unnecessary.then(|| vec![lsp::DiagnosticTag::Unnecessary]),
            related_information: (!related.is_empty()).then_some(related),
            data: None,
        })
    }

    /// Every diagnostic of a document. Their positions are found together
    /// ([`text::to_line_cols`]) when there are enough of them for one pass
    /// over the text to cost less than finding each in the rope.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
        self.each_diagnostic(diagnostics)
            .into_iter()
            .flatten()
            .collect()
    }

    /// [`Converter::diagnostics`], one answer for each diagnostic: `None`
    /// for one with an offset outside the text.
    pub fn each_diagnostic(&self, diagnostics: &[Diagnostic]) -> Vec<Option<lsp::Diagnostic>> {
        let offsets: Vec<usize> = diagnostics.iter().flat_map(Diagnostic::offsets).collect();
        if offsets.len().saturating_mul(ROPE_LOOKUP_BYTES) < self.rope.len_bytes() {
            return diagnostics.iter().map(|d| self.diagnostic(d)).collect();
        }
        let positions = text::LineCols::new(self.rope, offsets, self.encoding);
        let position = |offset: usize| {
            let lc = positions.get(offset)?;
            Some(lsp::Position {
                line: lc.line,
                character: lc.col,
            })
        };
        diagnostics
            .iter()
            .map(|d| self.diagnostic_at(d, &position))
            .collect()
    }

    pub fn hover(&self, hover: &ide::Hover) -> Option<lsp::Hover> {
        Some(lsp::Hover {
            contents: lsp::Contents::MarkupContent(markdown(&hover.markdown)),
            range: Some(self.range(&hover.range)?),
        })
    }

    /// A definition or reference: the part to select, such as a note's label.
    pub fn target(&self, target: &ide::Target) -> Option<lsp::Location> {
        self.location(&target.focus)
    }

    pub fn completion(&self, item: &ide::CompletionItem) -> Option<lsp::CompletionItem> {
        Some(lsp::CompletionItem {
            label: item.label.clone(),
            kind: Some(match item.kind {
                ide::CompletionKind::Note => lsp::CompletionItemKind::Reference,
                ide::CompletionKind::NewNote => lsp::CompletionItemKind::Snippet,
                ide::CompletionKind::Work => lsp::CompletionItemKind::Text,
                ide::CompletionKind::Citation => lsp::CompletionItemKind::Value,
            }),
            detail: item.detail.clone(),
            documentation: item
                .documentation
                .as_deref()
                .map(|d| lsp::Documentation::MarkupContent(markdown(d))),
            sort_text: Some(format!("{:08}", item.sort)),
            // The label is what the user reads; the filter is what replaces
            // the typed prefix, so that typing `[2` keeps `[2]` listed.
            filter_text: Some(item.insert_text.clone()),
            text_edit: Some(lsp::CompletionItemTextEdit::TextEdit(lsp::TextEdit {
                range: self.range(&item.replace)?,
                new_text: item.insert_text.clone(),
            })),
            ..Default::default()
        })
    }

    pub fn symbol(&self, symbol: &ide::Symbol) -> Option<lsp::DocumentSymbol> {
        #[allow(deprecated)]
        Some(lsp::DocumentSymbol {
            name: symbol.name.clone(),
            detail: symbol.detail.clone(),
            kind: symbol_kind(symbol.kind),
            tags: None,
            deprecated: None,
            range: self.range(&symbol.range)?,
            selection_range: self.range(&symbol.focus)?,
            children: (!symbol.children.is_empty()).then(|| {
                symbol
                    .children
                    .iter()
                    .filter_map(|c| self.symbol(c))
                    .collect()
            }),
        })
    }

    pub fn workspace_symbol(&self, symbol: &ide::Symbol) -> Option<lsp::WorkspaceSymbol> {
        Some(lsp::WorkspaceSymbol {
            location: lsp::WorkspaceSymbolLocation::Location(self.location(&symbol.focus)?),
            data: None,
            base_symbol_information: lsp::BaseSymbolInformation {
                name: symbol.name.clone(),
                kind: symbol_kind(symbol.kind),
                tags: None,
                container_name: Path::new(self.uri.path())
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(str::to_string),
            },
        })
    }

    /// A fold over whole lines; a fold that ends at the start of a line
    /// ends on the line before. Folds of a single line are dropped.
    pub fn fold(&self, fold: &ide::Fold) -> Option<lsp::FoldingRange> {
        let start = self.position(fold.range.start)?;
        let end = self.position(fold.range.end)?;
        let end_line = if end.character == 0 && end.line > start.line {
            end.line - 1
        } else {
            end.line
        };
        (end_line > start.line).then(|| lsp::FoldingRange {
            start_line: start.line,
            end_line,
            kind: match fold.kind {
                ide::FoldKind::Code => None,
                _ => Some(lsp::FoldingRangeKind::Region),
            },
            ..Default::default()
        })
    }

    pub fn link(&self, link: &ide::Link) -> Option<lsp::DocumentLink> {
        Some(lsp::DocumentLink {
            range: self.range(&link.range)?,
            target: Some(lsp::Uri::parse(&link.target).ok()?),
            tooltip: None,
            data: None,
        })
    }

    pub fn inlay_hint(&self, hint: &ide::InlayHint) -> Option<lsp::InlayHint> {
        Some(lsp::InlayHint {
            position: self.position(hint.offset)?,
            label: lsp::Label::String(hint.label.clone()),
            kind: None,
            text_edits: None,
            tooltip: hint
                .tooltip
                .as_deref()
                .map(|t| lsp::Tooltip::MarkupContent(markdown(t))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
    }

    /// A lens that lists the places a note is cited; the client runs
    /// [`SHOW_REFERENCES`] with the document, the lens position and the
    /// locations.
    pub fn code_lens(&self, lens: &ide::CodeLens) -> Option<lsp::CodeLens> {
        let range = self.range(&lens.range)?;
        let locations = lens
            .locations
            .iter()
            .filter_map(|r| self.location(r))
            .collect::<Vec<_>>();
        Some(lsp::CodeLens {
            range,
            command: Some(lsp::Command {
                title: lens.title.clone(),
                tooltip: None,
                command: SHOW_REFERENCES.to_string(),
                arguments: Some(vec![
                    serde_json::to_value(self.uri).ok()?,
                    serde_json::to_value(range.start).ok()?,
                    serde_json::to_value(locations).ok()?,
                ]),
            }),
            data: None,
        })
    }

    pub fn highlight(&self, highlight: &ide::Highlight) -> Option<lsp::DocumentHighlight> {
        Some(lsp::DocumentHighlight {
            range: self.range(&highlight.range)?,
            kind: Some(match highlight.kind {
                ide::HighlightKind::Write => lsp::DocumentHighlightKind::Write,
                ide::HighlightKind::Read => lsp::DocumentHighlightKind::Read,
                ide::HighlightKind::Text => lsp::DocumentHighlightKind::Text,
            }),
        })
    }

    /// Tokens in the protocol's relative form: each token's line counted
    /// from the previous token's, its start from the previous start on the
    /// same line, its length in the negotiated encoding's units. A token
    /// whose place cannot be found (the text changed under it) is left out.
    pub fn semantic_tokens(&self, tokens: &[ide::Token]) -> Vec<lsp::SemanticToken> {
        let places = text::LineCols::new(
            self.rope,
            tokens.iter().flat_map(|t| [t.range.start, t.range.end]),
            self.encoding,
        );
        let place = |offset: usize| places.get(offset);
        let mut out = Vec::with_capacity(tokens.len());
        let (mut line, mut col) = (0, 0);
        for token in tokens {
            let (Some(start), Some(end)) = (place(token.range.start), place(token.range.end))
            else {
                continue;
            };
            if end.line != start.line
                || end.col <= start.col
                || start.line < line
                || (start.line == line && start.col < col)
            {
                continue;
            }
            let delta_line = start.line - line;
            let delta_start = if delta_line == 0 {
                start.col - col
            } else {
                start.col
            };
            out.push(lsp::SemanticToken {
                delta_line,
                delta_start,
                length: end.col - start.col,
                token_type: semantic_tokens::token_type(token.kind),
                token_modifiers_bitset: semantic_tokens::token_modifiers(token.kind),
            });
            (line, col) = (start.line, start.col);
        }
        out
    }

    /// A code action; `diagnostics` are those of the document, of which the
    /// ones the action fixes are attached.
    pub fn code_action(
        &self,
        action: &ide::CodeAction,
        diagnostics: &[Diagnostic],
    ) -> Option<lsp::CodeAction> {
        let fixed = diagnostics
            .iter()
            .filter(|d| {
                action
                    .fixes
                    .iter()
                    .any(|(code, range)| *code == d.code && *range == d.range)
            })
            .filter_map(|d| self.diagnostic(d))
            .collect::<Vec<_>>();
        Some(lsp::CodeAction {
            title: action.title.clone(),
            kind: Some(action_kind(action.kind)),
            diagnostics: (!fixed.is_empty()).then_some(fixed),
            is_preferred: action.preferred.then_some(true),
            edit: Some(self.workspace_edit(&action.edits)?),
            ..Default::default()
        })
    }
}

pub fn action_kind(kind: ide::ActionKind) -> lsp::CodeActionKind {
    match kind {
        ide::ActionKind::QuickFix => lsp::CodeActionKind::QuickFix,
        ide::ActionKind::Source => lsp::CodeActionKind::Custom(RENUMBER_NOTES.into()),
    }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::Error,
        Severity::Warning => lsp::DiagnosticSeverity::Warning,
        Severity::Info => lsp::DiagnosticSeverity::Information,
        Severity::Hint => lsp::DiagnosticSeverity::Hint,
    }
}

fn symbol_kind(kind: ide::SymbolKind) -> lsp::SymbolKind {
    match kind {
        ide::SymbolKind::Heading => lsp::SymbolKind::Namespace,
        ide::SymbolKind::NotesSection => lsp::SymbolKind::Module,
        ide::SymbolKind::Note => lsp::SymbolKind::Field,
        ide::SymbolKind::Table => lsp::SymbolKind::Array,
        ide::SymbolKind::Work => lsp::SymbolKind::Object,
        ide::SymbolKind::CitationKey => lsp::SymbolKind::Key,
    }
}

fn markdown(value: &str) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value: value.to_string(),
    }
}
