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

/// How a document writes its text: Markdown, or plain text, where an
/// indented passage is a quoted letter or a verse and not code. The two
/// are one grammar, with the same node kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Markdown,
    PlainText,
}

impl Dialect {
    /// The dialect of a file with extension `extension` (without the dot):
    /// plain text for `.txt`, `.text`, `.notes` and reStructuredText's
    /// `.rst` (whose indented blocks are quotations unless `::` opens
    /// them), Markdown for anything else, since most notes that are not
    /// plain text are Markdown.
    pub fn for_extension(extension: Option<&str>) -> Dialect {
        match extension.map(str::to_ascii_lowercase).as_deref() {
            Some("txt" | "text" | "notes" | "rst") => Dialect::PlainText,
            _ => Dialect::Markdown,
        }
    }

    /// The dialect of the document at `path`, by its extension.
    pub fn for_path(path: &std::path::Path) -> Dialect {
        Dialect::for_extension(path.extension().and_then(|e| e.to_str()))
    }
}

/// The plain-text language, copied from the Markdown one once.
static PLAIN_TEXT: std::sync::LazyLock<Language> =
    std::sync::LazyLock::new(|| tree_sitter_ibid::LANGUAGE_PLAIN_TEXT.into());

thread_local! {
    /// One parser per thread and dialect: a `Parser` holds scratch buffers
    /// that are worth reusing across parses, and is not `Sync`.
    static PARSER: RefCell<Parser> = RefCell::new(new_parser(&language()));
    static PLAIN_TEXT_PARSER: RefCell<Parser> = RefCell::new(new_parser(&PLAIN_TEXT));
}

fn new_parser(language: &Language) -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(language)
        .expect("the generated parser was built for this tree-sitter ABI");
    parser
}

/// Runs the thread's parser; `old` is the edited previous tree, if any.
fn run_parser(text: &str, old: Option<&Tree>, dialect: Dialect) -> Tree {
    let parser = match dialect {
        Dialect::Markdown => &PARSER,
        Dialect::PlainText => &PLAIN_TEXT_PARSER,
    };
    parser.with_borrow_mut(|parser| {
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
    dialect: Dialect,
    revision: u64,
    /// The reparses that led here, for readers that kept results from an
    /// earlier revision.
    trail: Trail,
}

/// Parses Markdown `text` from scratch.
pub fn parse(text: &str) -> SyntaxTree {
    parse_as(text, Dialect::Markdown)
}

/// Parses `text`, written in `dialect`, from scratch.
pub fn parse_as(text: &str, dialect: Dialect) -> SyntaxTree {
    SyntaxTree {
        tree: run_parser(text, None, dialect),
        dialect,
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
    let tree = run_parser(text, Some(&old.tree), old.dialect);
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

    /// The dialect the text was parsed as; reparses keep it.
    pub fn dialect(&self) -> Dialect {
        self.dialect
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

#[cfg(test)]
mod tests {
    use super::{Dialect, parse_as};

    fn sexp(text: &str, dialect: Dialect) -> String {
        parse_as(text, dialect).root().to_sexp()
    }

    /// In plain text an indented passage is text (a quoted letter, a
    /// verse), except after a line that ends with `::`, reStructuredText's
    /// opening of a literal block; in Markdown it is code either way.
    #[test]
    fn an_indented_passage_is_code_only_where_the_dialect_says_so() {
        let letter = "He wrote:\n\n    Dear Ma, the lamp is lit.[1]\n";
        assert_eq!(
            sexp(letter, Dialect::PlainText),
            "(document (paragraph) (paragraph (marker (bracket_marker))))"
        );
        assert_eq!(
            sexp(letter, Dialect::Markdown),
            "(document (paragraph) (indented_code_block))"
        );
        let literal = "It reads::\n\n    Dear Ma, the lamp is lit.[1]\n";
        assert_eq!(
            sexp(literal, Dialect::PlainText),
            "(document (paragraph) (indented_code_block))"
        );
        // `::` ends a literal block's opening only at the end of its
        // paragraph.
        let continued = "It reads::\nand more.\n\n    Dear Ma.[1]\n";
        assert_eq!(
            sexp(continued, Dialect::PlainText),
            "(document (paragraph) (paragraph (marker (bracket_marker))))"
        );
    }

    #[test]
    fn dialects_by_extension() {
        for (extension, dialect) in [
            (Some("txt"), Dialect::PlainText),
            (Some("TXT"), Dialect::PlainText),
            (Some("notes"), Dialect::PlainText),
            (Some("md"), Dialect::Markdown),
            (Some("rst"), Dialect::PlainText),
            (None, Dialect::Markdown),
        ] {
            assert_eq!(Dialect::for_extension(extension), dialect, "{extension:?}");
        }
    }
}
