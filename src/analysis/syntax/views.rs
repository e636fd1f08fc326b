//! Typed views: small `Copy` wrappers that give nodes of one kind a
//! vocabulary (a marker's kind, a note's label and body, ...).
//!
//! Each view is made with `cast`, which checks the node's kind, so holding
//! a `Note` proves the node is a `note`.

use std::ops::Range;

use tree_sitter::Node;

use super::kinds;
use super::walk::Children;

/// Which syntax a marker uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// `[12]`, `\[12\]`, `[[12]](#n12)`.
    Bracket,
    /// `[4, 5]`, `[4–6]`: one marker naming several notes.
    BracketList,
    /// `¹²`, `[¹](url)`.
    Superscript,
    /// Markdown `[^label]`, reStructuredText `[#]_`, `[1]_`.
    Footnote,
    /// `†`, `‡`: a dagger, in a text with dagger notes.
    Symbol,
    /// Pandoc `^[note text]`: the note is the marker.
    InlineNote,
    /// Pandoc `[@key]`.
    Citation,
}

impl MarkerKind {
    /// The marker kind whose token has node kind `kind`.
    pub fn from_node_kind(kind: &str) -> Option<MarkerKind> {
        Some(match kind {
            kinds::BRACKET_MARKER => MarkerKind::Bracket,
            kinds::BRACKET_LIST_MARKER => MarkerKind::BracketList,
            kinds::SUPERSCRIPT_MARKER => MarkerKind::Superscript,
            kinds::FOOTNOTE_MARKER | kinds::REST_FOOTNOTE_MARKER => MarkerKind::Footnote,
            kinds::SYMBOL_MARKER => MarkerKind::Symbol,
            kinds::INLINE_NOTE => MarkerKind::InlineNote,
            kinds::CITATION_MARKER => MarkerKind::Citation,
            _ => return None,
        })
    }
}

fn byte_range(node: Node<'_>) -> Range<usize> {
    node.start_byte()..node.end_byte()
}

/// A reference from the text to one or more notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker<'t> {
    node: Node<'t>,
    token: Node<'t>,
    kind: MarkerKind,
}

impl<'t> Marker<'t> {
    /// Views `node` as a marker, if it is a `marker` with a recognised token.
    ///
    /// The grammar gives every marker exactly one named child; the search
    /// skips anything else only because error recovery may attach an
    /// `ERROR` node alongside it.
    pub fn cast(node: Node<'t>) -> Option<Self> {
        if kinds::of(&node) != kinds::MARKER {
            return None;
        }
        Children::new(node)
            .filter(Node::is_named)
            .find_map(|token| {
                MarkerKind::from_node_kind(kinds::of(&token)).map(|kind| Marker {
                    node,
                    token,
                    kind,
                })
            })
    }

    /// The `marker` node.
    pub fn syntax(self) -> Node<'t> {
        self.node
    }

    /// The node of the marker's own syntax (`bracket_marker`, ...).
    pub fn token(self) -> Node<'t> {
        self.token
    }

    /// Which syntax the marker uses.
    pub fn kind(self) -> MarkerKind {
        self.kind
    }

    /// The marker's bytes.
    pub fn range(self) -> Range<usize> {
        byte_range(self.node)
    }
}

/// One note definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Note<'t> {
    node: Node<'t>,
}

impl<'t> Note<'t> {
    /// Views `node` as a note, if it is a `note`.
    pub fn cast(node: Node<'t>) -> Option<Self> {
        (kinds::of(&node) == kinds::NOTE).then_some(Note { node })
    }

    /// The `note` node.
    pub fn syntax(self) -> Node<'t> {
        self.node
    }

    /// The label (`[12]`, `¹²`, `12.`, `[^a]:`); read its key with
    /// [`label_key`](super::label_key).
    ///
    /// `None` only where error recovery dropped the label.
    pub fn label(self) -> Option<Node<'t>> {
        self.node.child_by_field_name("label")
    }

    /// The text after the label; `None` for an empty note.
    pub fn body(self) -> Option<Node<'t>> {
        self.node.child_by_field_name("body")
    }

    /// The `- ` bullet before the label, in lists that use one.
    pub fn list_marker(self) -> Option<Node<'t>> {
        Children::new(self.node).find(|child| kinds::of(child) == kinds::LIST_MARKER)
    }

    /// The note's bytes, label and body included.
    pub fn range(self) -> Range<usize> {
        byte_range(self.node)
    }
}

/// A notes section: an optional heading, then note definitions (and any
/// paragraphs or tables between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotesSection<'t> {
    node: Node<'t>,
}

impl<'t> NotesSection<'t> {
    /// Views `node` as a notes section, if it is a `notes_section`.
    pub fn cast(node: Node<'t>) -> Option<Self> {
        (kinds::of(&node) == kinds::NOTES_SECTION).then_some(NotesSection { node })
    }

    /// The `notes_section` node.
    pub fn syntax(self) -> Node<'t> {
        self.node
    }

    /// The `NOTES` heading; `None` where the notes start without one.
    pub fn heading(self) -> Option<Heading<'t>> {
        self.node
            .child_by_field_name("heading")
            .and_then(Heading::cast)
    }

    /// The notes defined directly in this section, in order.
    pub fn notes(self) -> impl Iterator<Item = Note<'t>> {
        Children::new(self.node).filter_map(Note::cast)
    }

    /// The section's bytes.
    pub fn range(self) -> Range<usize> {
        byte_range(self.node)
    }
}

/// A heading: numbered, ALL CAPS, or Markdown `#`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'t> {
    node: Node<'t>,
}

impl<'t> Heading<'t> {
    /// Views `node` as a heading, if it is a `heading`.
    pub fn cast(node: Node<'t>) -> Option<Self> {
        (kinds::of(&node) == kinds::HEADING).then_some(Heading { node })
    }

    /// The `heading` node.
    pub fn syntax(self) -> Node<'t> {
        self.node
    }

    /// The `#`s or the `4.1` before the title, if any.
    pub fn marker(self) -> Option<Node<'t>> {
        Children::new(self.node)
            .find(|child| matches!(kinds::of(child), kinds::ATX_MARKER | kinds::HEADING_NUMBER))
    }

    /// The heading's bytes.
    pub fn range(self) -> Range<usize> {
        byte_range(self.node)
    }
}

/// A table: rows of cells, and separator rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table<'t> {
    node: Node<'t>,
}

impl<'t> Table<'t> {
    /// Views `node` as a table, if it is a `table`.
    pub fn cast(node: Node<'t>) -> Option<Self> {
        (kinds::of(&node) == kinds::TABLE).then_some(Table { node })
    }

    /// The `table` node.
    pub fn syntax(self) -> Node<'t> {
        self.node
    }

    /// The rows with content (separator rows left out).
    pub fn rows(self) -> impl Iterator<Item = Node<'t>> {
        Children::new(self.node).filter(|child| kinds::of(child) == kinds::TABLE_ROW)
    }

    /// The cells of one row of this table.
    pub fn cells(row: Node<'t>) -> impl Iterator<Item = Node<'t>> {
        Children::new(row).filter(|child| kinds::of(child) == kinds::TABLE_CELL)
    }

    /// The table's bytes.
    pub fn range(self) -> Range<usize> {
        byte_range(self.node)
    }
}
