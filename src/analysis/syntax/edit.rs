//! Describing a text replacement the way tree-sitter wants it.

use std::ops::Range;

use tree_sitter::{InputEdit, Point};

/// One replacement in the text, in bytes and in (row, byte column) points.
///
/// This is tree-sitter's own [`InputEdit`]; build it with
/// [`edit_for_replace`] rather than by hand, because the points are easy to
/// get wrong after multi-byte characters and CRLF line ends.
pub type TextEdit = InputEdit;

/// The edit that replaces `range` of `old_text` with `new_text`.
///
/// Rows are counted in `\n` characters (a `\r\n` ends one row, as it does
/// for tree-sitter) and columns in bytes from the start of the row, which is
/// what tree-sitter's [`Point`] means.
///
/// # Panics
///
/// If `range` is reversed, runs past the end of `old_text`, or does not fall
/// on character boundaries: that is a bug in the caller, not bad input.
pub fn edit_for_replace(old_text: &str, range: Range<usize>, new_text: &str) -> InputEdit {
    assert!(
        range.start <= range.end
            && old_text.is_char_boundary(range.start)
            && old_text.is_char_boundary(range.end),
        "edit range {range:?} is not a character range of a {}-byte text",
        old_text.len()
    );
    let start_position = point_at(old_text, range.start);
    let old_end_position = point_at(old_text, range.end);
    InputEdit {
        start_byte: range.start,
        old_end_byte: range.end,
        new_end_byte: range.start + new_text.len(),
        start_position,
        old_end_position,
        new_end_position: advance(start_position, new_text),
    }
}

/// The point of byte `offset` in `text`.
fn point_at(text: &str, offset: usize) -> Point {
    advance(Point::new(0, 0), &text[..offset])
}

/// The point reached by writing `text` starting at `start`.
pub(crate) fn advance(start: Point, text: &str) -> Point {
    let bytes = text.as_bytes();
    let rows = bytes.iter().filter(|&&b| b == b'\n').count();
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last_newline) => Point::new(start.row + rows, bytes.len() - last_newline - 1),
        None => Point::new(start.row, start.column + bytes.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertion_in_first_line() {
        let edit = edit_for_replace("abc\ndef", 1..1, "xy");
        assert_eq!(edit.start_byte, 1);
        assert_eq!(edit.old_end_byte, 1);
        assert_eq!(edit.new_end_byte, 3);
        assert_eq!(edit.start_position, Point::new(0, 1));
        assert_eq!(edit.old_end_position, Point::new(0, 1));
        assert_eq!(edit.new_end_position, Point::new(0, 3));
    }

    #[test]
    fn columns_count_bytes_after_multibyte_characters() {
        // “ is three bytes, 🙂 four: the column of `x` is 3 + 4 = 7.
        let text = "“🙂x";
        let edit = edit_for_replace(text, 7..8, "");
        assert_eq!(edit.start_position, Point::new(0, 7));
        assert_eq!(edit.old_end_position, Point::new(0, 8));
        assert_eq!(edit.new_end_position, Point::new(0, 7));
    }

    #[test]
    fn replacement_spanning_lines_with_crlf() {
        let text = "ab\r\ncd\r\nef";
        // Replace "b\r\ncd\r\ne" with "é\n¹".
        let edit = edit_for_replace(text, 1..9, "é\n¹");
        assert_eq!(edit.start_position, Point::new(0, 1));
        assert_eq!(edit.old_end_position, Point::new(2, 1));
        assert_eq!(edit.new_end_byte, 1 + "é\n¹".len());
        assert_eq!(edit.new_end_position, Point::new(1, 2));
    }

    #[test]
    fn deletion_to_end() {
        let edit = edit_for_replace("one\ntwo\n", 4..8, "");
        assert_eq!(edit.old_end_position, Point::new(2, 0));
        assert_eq!(edit.new_end_position, Point::new(1, 0));
    }

    #[test]
    #[should_panic(expected = "not a character range")]
    fn rejects_ranges_inside_a_character() {
        edit_for_replace("é", 1..2, "");
    }
}
