//! Parsing and incremental reparsing.

use std::cell::RefCell;

use tree_sitter::{Language, Node, Parser, Tree};

use super::changes::{Change, Trail, next_revision};
use super::edit::TextEdit;
use super::kinds;
use super::views::{Heading, Marker, Note, NotesSection, Table};
use super::walk::{self, Preorder};

/// The tree-sitter language of the notes grammar.
pub fn language() -> Language {
    tree_sitter_ibid::LANGUAGE.into()
}

thread_local! {
    /// One parser per thread: a `Parser` holds scratch buffers that are
    /// worth reusing across parses, and is not `Sync`.
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("the generated parser was built for this tree-sitter ABI");
    parser
}

/// Runs the thread's parser; `old` is the edited previous tree, if any.
fn run_parser(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with_borrow_mut(|parser| {
        // `parse` returns `None` only when a language is missing or a
        // timeout or cancellation flag stops it; this parser has a language
        // and neither of the others, so any text yields a tree.
        parser.parse(text, old).expect(
            "a parser with a language, no timeout and no cancellation always returns a tree",
        )
    })
}

/// A parsed document: a tree-sitter [`Tree`] and typed access to it.
///
/// The tree does not keep the text; pass the same text to the methods that
/// read node contents.
#[derive(Debug, Clone)]
pub struct SyntaxTree {
    tree: Tree,
    revision: u64,
    /// The reparses that led here, for readers that kept results from an
    /// earlier revision.
    trail: Trail,
}

/// Parses `text` from scratch.
pub fn parse(text: &str) -> SyntaxTree {
    SyntaxTree {
        tree: run_parser(text, None),
        revision: next_revision(),
        trail: Trail::default(),
    }
}

/// Brings `old` up to date with `text`, the result of applying `edit` to
/// the text `old` was parsed from.
///
/// Tree-sitter reuses every subtree the edit did not touch, so a keystroke
/// in a 10 MB document costs far less than [`parse`]. The result is the tree
/// a fresh parse of `text` gives (the incremental tests check exactly that).
///
/// The tree also records the edit ([`SyntaxTree::changes_since`]).
pub fn reparse(old: &mut SyntaxTree, text: &str, edit: &TextEdit) {
    old.tree.edit(edit);
    let tree = run_parser(text, Some(&old.tree));
    let change = Change {
        from: old.revision,
        start: edit.start_byte,
        old_end: edit.old_end_byte,
        new_end: edit.new_end_byte,
    };
    old.tree = tree;
    old.trail = old.trail.then(change);
    old.revision = next_revision();
}

impl SyntaxTree {
    /// The underlying tree-sitter tree.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// A number that identifies this tree: copies share it, and every parse
    /// or reparse gets a new one.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The reparses from revision `from` to this tree, oldest first: empty
    /// for this very revision, `None` when `from` is not an ancestor or is
    /// too far back to be remembered.
    pub fn changes_since(&self, from: u64) -> Option<&[Change]> {
        if from == self.revision {
            return Some(&[]);
        }
        self.trail.since(from)
    }

    /// The `document` node.
    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    /// Every node in document order, parents first.
    pub fn preorder(&self) -> Preorder<'_> {
        Preorder::new(self.root())
    }

    /// Every marker, in document order.
    pub fn markers(&self) -> impl Iterator<Item = Marker<'_>> {
        walk::descendants_of_kind(self.root(), kinds::MARKER).filter_map(Marker::cast)
    }

    /// Every note definition, in document order, in or out of a notes section.
    pub fn notes(&self) -> impl Iterator<Item = Note<'_>> {
        walk::descendants_of_kind(self.root(), kinds::NOTE).filter_map(Note::cast)
    }

    /// Every notes section, in document order.
    pub fn notes_sections(&self) -> impl Iterator<Item = NotesSection<'_>> {
        walk::descendants_of_kind(self.root(), kinds::NOTES_SECTION).filter_map(NotesSection::cast)
    }

    /// Every heading, including those that open a notes section.
    pub fn headings(&self) -> impl Iterator<Item = Heading<'_>> {
        walk::descendants_of_kind(self.root(), kinds::HEADING).filter_map(Heading::cast)
    }

    /// Every table.
    pub fn tables(&self) -> impl Iterator<Item = Table<'_>> {
        walk::descendants_of_kind(self.root(), kinds::TABLE).filter_map(Table::cast)
    }

    /// Whether the parser had to recover from anything it could not read.
    pub fn has_errors(&self) -> bool {
        self.root().has_error()
    }

    /// The number of `ERROR` and `MISSING` nodes.
    pub fn error_count(&self) -> usize {
        walk::error_count(self.root())
    }
}
