//! A document as an editor holds it: its text, a rope for positions, and its
//! syntax tree, changed together by every edit.

use std::ops::Range;

use ropey::Rope;
use tree_sitter::{InputEdit, Point};

use super::syntax::{self, Dialect, SyntaxTree};
use super::text;

/// Why an edit was refused. The document is unchanged when it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The range is reversed or ends past the end of the text.
    OutOfBounds { range: Range<usize>, len: usize },
    /// An end of the range falls inside a character.
    NotCharBoundary { offset: usize },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfBounds { range, len } => {
                write!(
                    f,
                    "edit range {}..{} is outside the {len}-byte text",
                    range.start, range.end
                )
            }
            EditError::NotCharBoundary { offset } => {
                write!(f, "byte {offset} is inside a character")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// The text of one document with its rope and tree.
///
/// The text is kept twice on purpose: as one contiguous string, which the
/// parser and the analysis read without copying, and as a rope, which turns
/// byte offsets into editor positions in logarithmic time after any number
/// of edits, where a line table would have to be rebuilt on every keystroke.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    rope: Rope,
    tree: SyntaxTree,
}

impl Document {
    /// Parses Markdown `text` into a new document.
    pub fn new(text: impl Into<String>) -> Self {
        Document::new_as(text, Dialect::Markdown)
    }

    /// Parses `text`, written in `dialect`, into a new document.
    pub fn new_as(text: impl Into<String>, dialect: Dialect) -> Self {
        let text = text.into();
        let rope = text::rope_of(&text);
        let tree = syntax::parse_as(&text, dialect);
        Document { text, rope, tree }
    }

    /// The dialect the document is read in.
    pub fn dialect(&self) -> Dialect {
        self.tree.dialect()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn tree(&self) -> &SyntaxTree {
        &self.tree
    }

    /// Replaces `range` with `new_text` and reparses incrementally: the old
    /// tree is edited and handed to the parser, which reuses what the edit did
    /// not touch.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> Result<(), EditError> {
        self.check(&range)?;
        let input_edit = self.input_edit(&range, new_text);
        replace_in_rope(&mut self.rope, &range, new_text);
        self.text.replace_range(range, new_text);
        syntax::reparse(&mut self.tree, &self.text, &input_edit);
        Ok(())
    }

    /// The document with `range` replaced by `new_text`, leaving this one as
    /// it is (a server keeps the analysed version while the next is made).
    /// Cheaper than cloning and then editing: the text is copied once, with
    /// the replacement in place, instead of copied and then shifted.
    pub fn edited(&self, range: Range<usize>, new_text: &str) -> Result<Document, EditError> {
        self.check(&range)?;
        let input_edit = self.input_edit(&range, new_text);
        let mut text = String::with_capacity(self.text.len() - range.len() + new_text.len());
        text.push_str(&self.text[..range.start]);
        text.push_str(new_text);
        text.push_str(&self.text[range.end..]);
        let mut rope = self.rope.clone();
        replace_in_rope(&mut rope, &range, new_text);
        let mut tree = self.tree.clone();
        syntax::reparse(&mut tree, &text, &input_edit);
        Ok(Document { text, rope, tree })
    }

    fn check(&self, range: &Range<usize>) -> Result<(), EditError> {
        let len = self.text.len();
        if range.start > range.end || range.end > len {
            return Err(EditError::OutOfBounds {
                range: range.clone(),
                len,
            });
        }
        for offset in [range.start, range.end] {
            if !self.text.is_char_boundary(offset) {
                return Err(EditError::NotCharBoundary { offset });
            }
        }
        Ok(())
    }

    /// The edit as tree-sitter describes it, measured on the text before it.
    fn input_edit(&self, range: &Range<usize>, new_text: &str) -> InputEdit {
        let start_position = self.point(range.start);
        InputEdit {
            start_byte: range.start,
            old_end_byte: range.end,
            new_end_byte: range.start + new_text.len(),
            start_position,
            old_end_position: self.point(range.end),
            new_end_position: syntax::advance_point(start_position, new_text),
        }
    }

    /// Replaces the whole text (an editor's full-document sync).
    pub fn replace_all(&mut self, text: impl Into<String>) {
        *self = Document::new_as(text, self.dialect());
    }

    /// The tree-sitter point (row, byte column) of a byte offset.
    fn point(&self, offset: usize) -> Point {
        let line = self.rope.byte_to_line(offset);
        Point::new(line, offset - self.rope.line_to_byte(line))
    }
}

/// Replaces the bytes `range` of `rope` (checked to be on character
/// boundaries) with `new_text`.
fn replace_in_rope(rope: &mut Rope, range: &Range<usize>, new_text: &str) {
    let start_char = rope.byte_to_char(range.start);
    let end_char = rope.byte_to_char(range.end);
    rope.remove(start_char..end_char);
    rope.insert(start_char, new_text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_changes_text_rope_and_tree_together() {
        let mut doc = Document::new("Body text.[1]\n\n[1] A note.\n");
        doc.edit(10..13, "[2]").expect("valid edit");
        assert_eq!(doc.text(), "Body text.[2]\n\n[1] A note.\n");
        assert_eq!(doc.rope().to_string(), doc.text());
        assert_eq!(
            doc.tree().root().to_sexp(),
            syntax::parse(doc.text()).root().to_sexp()
        );
    }

    #[test]
    fn an_edited_copy_equals_an_edit_in_place_and_leaves_the_original() {
        let original = Document::new("Body “text”.[1] 🙂\n\n[1] A note.\n");
        let at = original.text().find('🙂').expect("fixture has an emoji");
        let copy = original.edited(at..at + 4, "[2]").expect("valid edit");
        let mut in_place = original.clone();
        in_place.edit(at..at + 4, "[2]").expect("valid edit");
        assert_eq!(copy.text(), "Body “text”.[1] [2]\n\n[1] A note.\n");
        assert_eq!(copy.text(), in_place.text());
        assert_eq!(copy.rope().to_string(), copy.text());
        assert_eq!(
            copy.tree().root().to_sexp(),
            in_place.tree().root().to_sexp()
        );
        assert_eq!(original.text(), "Body “text”.[1] 🙂\n\n[1] A note.\n");
        assert_eq!(
            original.edited(at + 1..at + 4, "x").err(),
            Some(EditError::NotCharBoundary { offset: at + 1 })
        );
    }

    #[test]
    fn edits_inside_a_character_or_out_of_bounds_are_refused() {
        let mut doc = Document::new("“x”");
        assert_eq!(
            doc.edit(1..2, ""),
            Err(EditError::NotCharBoundary { offset: 1 })
        );
        assert_eq!(
            doc.edit(0..99, ""),
            Err(EditError::OutOfBounds {
                range: 0..99,
                len: 7
            })
        );
        assert_eq!(doc.text(), "“x”");
    }

    #[test]
    fn an_insertion_after_an_emoji_and_a_crlf_keeps_the_rope_in_step() {
        let mut doc = Document::new("🙂\r\nline²\r\n");
        let at = doc.text().find('²').expect("fixture has a superscript");
        doc.edit(at..at, "🙂").expect("valid edit");
        assert_eq!(doc.rope().to_string(), "🙂\r\nline🙂²\r\n");
        assert_eq!(doc.rope().len_lines(), 3);
    }
}
