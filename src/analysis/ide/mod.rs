//! Editor features, computed from an [`Analysis`]: hover, definition,
//! references, completion, rename, symbols, folding, links, inlay hints,
//! code lenses and code actions. Each feature is a module with one entry
//! point; positions are byte offsets, as everywhere in the analysis. The
//! language server converts them at its edge; nothing here knows the
//! protocol.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::diagnostics::CommentStyle;

use super::diagnostics::TextEdit;
use super::{Analysis, Document};

pub use citekeys::{COMPLETION_LIMIT, Completions, EntryTarget, cites_of};

mod citekeys;
mod code_actions;
mod code_lens;
mod completion;
mod context;
mod definition;
mod folding;
mod format;
mod highlight;
mod hover;
mod inlay_hints;
mod links;
mod references;
mod rename;
mod semantic_tokens;
mod symbols;

/// What the features read: the document and its analysis.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub document: &'a Document,
    pub analysis: &'a Analysis,
}

impl<'a> Snapshot<'a> {
    pub fn new(document: &'a Document, analysis: &'a Analysis) -> Self {
        Snapshot { document, analysis }
    }

    pub fn text(&self) -> &'a str {
        self.document.text()
    }
}

/// A hover: the range it is about and Markdown to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hover {
    pub range: Range<usize>,
    pub markdown: String,
}

/// Where a definition or reference lies: the whole thing (`range`) and the
/// part to select (`focus`, such as a note's label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub range: Range<usize>,
    pub focus: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionKind {
    /// An existing note, to cite it again.
    Note,
    /// The next free note number, for a new note.
    NewNote,
    /// An author or title already cited, to write a short form.
    Work,
    /// A bibliography entry, to cite it with `@key`.
    Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletionItem {
    pub label: String,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    pub kind: CompletionKind,
    /// The text that replaces `replace`.
    pub insert_text: String,
    pub replace: Range<usize>,
    /// Order among the items; lower sorts first.
    pub sort: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RenameError {
    /// There is nothing to rename at the cursor.
    NothingToRename,
    /// The new label is not a valid label for this kind of note.
    InvalidLabel(String),
    /// Another note already has the new label.
    LabelTaken(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NothingToRename => {
                write!(f, "there is no note label or marker here to rename")
            }
            RenameError::InvalidLabel(why) => write!(f, "invalid label: {why}"),
            RenameError::LabelTaken(label) => write!(f, "another note is already labelled {label}"),
        }
    }
}

impl std::error::Error for RenameError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SymbolKind {
    Heading,
    NotesSection,
    Note,
    Table,
    Work,
    /// A Pandoc citation key (`@key`), once per document.
    CitationKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: Range<usize>,
    pub focus: Range<usize>,
    pub children: Vec<Symbol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoldKind {
    Section,
    Notes,
    Note,
    Table,
    Code,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fold {
    pub range: Range<usize>,
    pub kind: FoldKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub range: Range<usize>,
    /// An absolute URL (`https://…`, `https://doi.org/…`, `mailto:…`).
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InlayHint {
    /// Where the hint is shown (after a marker).
    pub offset: usize,
    pub label: String,
    /// Markdown shown when the hint is hovered.
    pub tooltip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeLens {
    pub range: Range<usize>,
    pub title: String,
    /// The places the lens refers to (the markers that cite a note).
    pub locations: Vec<Range<usize>>,
}

/// What a highlighted place does with the note under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HighlightKind {
    /// The note's label: where the note is written.
    Write,
    /// A marker that cites the note.
    Read,
    /// An Ibid or a short form that leans on one of the note's citations.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub range: Range<usize>,
    pub kind: HighlightKind,
}

/// The kinds of text that semantic highlighting colours: what a plain-text
/// note has no grammar for in most editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// A marker that cites a note: `[12]`, `¹²`, `[^a]`, `†`.
    Marker,
    /// A note's label, where the note is defined.
    NoteLabel,
    /// `Ibid.` and its kin.
    Ibid,
    /// A work named again by author and title.
    ShortForm,
}

/// A stretch of one line with one meaning; tokens come in document order
/// and never overlap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    QuickFix,
    /// A source action on the whole document.
    Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeAction {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<TextEdit>,
    /// Codes and ranges of the diagnostics the action fixes.
    pub fixes: Vec<(&'static str, Range<usize>)>,
    pub preferred: bool,
}

/// Hover at `offset`: on a marker, an Ibid, a short form, an author-date
/// reference or a note label, a preview of the cited work.
pub fn hover(snapshot: Snapshot<'_>, offset: usize) -> Option<Hover> {
    citekeys::hover(snapshot, offset).or_else(|| hover::hover(snapshot, offset))
}

/// Where what is at `offset` is defined: a marker's note, an Ibid's or short
/// form's full citation, an author-date reference's note; from a note's
/// label, the first marker that cites it.
pub fn definition(snapshot: Snapshot<'_>, offset: usize) -> Option<Target> {
    definition::definition(snapshot, offset)
}

/// The marker at `offset` when it has no note of its own in the document:
/// its style and key, for a front end to look for its note in the other
/// files of a book ([`crate::analysis::book::Offer::note`]).
pub fn marker_without_note(
    snapshot: Snapshot<'_>,
    offset: usize,
) -> Option<(crate::analysis::index::MarkerStyle, String)> {
    let cursor = context::Cursor::new(snapshot, offset);
    let marker = cursor.marker().filter(|m| m.target.is_none())?;
    Some((marker.style, marker.key.to_string()))
}

/// Hover on the marker at `offset` when its note is in another file of its
/// book: `book` is that file, its note starting at `note_start`, and `file`
/// the name to show for it.
pub fn hover_in_book(
    snapshot: Snapshot<'_>,
    offset: usize,
    book: Snapshot<'_>,
    note_start: usize,
    file: &str,
) -> Option<Hover> {
    hover::in_book(snapshot, offset, book, note_start, file)
}

/// Every reference to what is at `offset`: a note's markers (and the note
/// itself when `include_declaration`); from a citation, every citation of the
/// same work.
pub fn references(snapshot: Snapshot<'_>, offset: usize, include_declaration: bool) -> Vec<Target> {
    citekeys::references(snapshot, offset)
        .unwrap_or_else(|| references::references(snapshot, offset, include_declaration))
}

/// From a Pandoc citation key (`[@key]`, `@key`): its entry, in the
/// bibliography file that holds it.
pub fn bibliography_definition(snapshot: Snapshot<'_>, offset: usize) -> Option<EntryTarget> {
    citekeys::definition(snapshot, offset)
}

/// Completions at `offset`.
pub fn completion(snapshot: Snapshot<'_>, offset: usize) -> Vec<CompletionItem> {
    completion::completion(snapshot, offset)
}

/// Completions at `offset`, with whether the list was cut short (after `@`
/// in a large bibliography): the editor should ask again as the user types.
pub fn completion_list(snapshot: Snapshot<'_>, offset: usize) -> Completions {
    completion::completion_list(snapshot, offset)
}

/// The range of the label under `offset` and its current text, if it can
/// be renamed.
pub fn prepare_rename(snapshot: Snapshot<'_>, offset: usize) -> Option<(Range<usize>, String)> {
    rename::prepare_rename(snapshot, offset)
}

/// The edits that relabel the note at `offset` (from its label or any of
/// its markers) to `new_label`, everywhere.
pub fn rename(
    snapshot: Snapshot<'_>,
    offset: usize,
    new_label: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    rename::rename(snapshot, offset, new_label)
}

/// The outline: headings (nested by level), the notes section and its notes.
pub fn document_symbols(snapshot: Snapshot<'_>) -> Vec<Symbol> {
    symbols::document_symbols(snapshot)
}

/// The works cited in the document, as symbols (for a workspace search).
pub fn work_symbols(snapshot: Snapshot<'_>) -> Vec<Symbol> {
    symbols::work_symbols(snapshot)
}

/// What a workspace search finds in the document: its headings, its notes
/// (by label and what they cite), the works it cites and its citation keys.
pub fn workspace_symbols(snapshot: Snapshot<'_>) -> Vec<Symbol> {
    symbols::workspace_symbols(snapshot)
}

/// From a marker or a note's label: the label, the note's markers, and the
/// Ibids and short forms that depend on the note.
pub fn highlights(snapshot: Snapshot<'_>, offset: usize) -> Vec<Highlight> {
    highlight::highlights(snapshot, offset)
}

/// The markers, note labels, Ibids and short forms that overlap `range`
/// (the whole document for `None`), split at line ends.
pub fn semantic_tokens(snapshot: Snapshot<'_>, range: Option<Range<usize>>) -> Vec<Token> {
    semantic_tokens::semantic_tokens(snapshot, range)
}

pub fn folding_ranges(snapshot: Snapshot<'_>) -> Vec<Fold> {
    folding::folding_ranges(snapshot)
}

pub fn document_links(snapshot: Snapshot<'_>) -> Vec<Link> {
    links::document_links(snapshot)
}

/// Hints after markers in `range`: a short attribution of the cited work.
pub fn inlay_hints(snapshot: Snapshot<'_>, range: Range<usize>) -> Vec<InlayHint> {
    inlay_hints::inlay_hints(snapshot, range)
}

/// A lens on every note: how many times it is cited.
pub fn code_lenses(snapshot: Snapshot<'_>) -> Vec<CodeLens> {
    code_lens::code_lenses(snapshot)
}

/// Quick fixes for the diagnostics that touch `range`, an action for each
/// that suppresses it on its line (with a comment written `comments`), and
/// the source action that renumbers the notes.
pub fn code_actions(
    snapshot: Snapshot<'_>,
    range: Range<usize>,
    comments: CommentStyle,
) -> Vec<CodeAction> {
    code_actions::code_actions(snapshot, range, comments)
}
