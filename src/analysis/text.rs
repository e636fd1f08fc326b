//! Positions. Inside ibid a position is a byte offset into the UTF-8 text;
//! lines and columns exist only at the edges, where an editor counts UTF-16
//! code units (or UTF-8 bytes, when it says so) and a terminal counts
//! characters. Every conversion is here, in both directions, so that the two
//! directions cannot drift apart.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol
//! says; the rope is built without Unicode line breaks to agree with it.
//! Conversions return `None` instead of guessing when a position does not
//! name a character boundary in the text.

use ropey::Rope;

/// How the columns of a [`LineCol`] are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 bytes (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP `utf-16`, the protocol's default).
    Utf16,
    /// Unicode scalar values (what a terminal user calls a character).
    Char,
}

/// A zero-based line and column; the column is counted in an [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineCol {
    pub fn new(line: u32, col: u32) -> Self {
        LineCol { line, col }
    }
}

/// The byte offset at which line `line` starts, if the text has that line.
fn line_start(rope: &Rope, line: usize) -> Option<usize> {
    (line < rope.len_lines()).then(|| rope.line_to_byte(line))
}

/// The byte offset where the content of `line` ends (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut end = start + slice.len_bytes();
    // Strip the line break: `\r\n`, `\n` or `\r`.
    if end > start && rope.byte(end - 1) == b'\n' {
        end -= 1;
    }
    if end > start && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    end
}

/// Converts a byte offset to a line and column. `None` when `offset` is past
/// the end of the text or inside a character.
pub fn to_line_col(rope: &Rope, offset: usize, encoding: Encoding) -> Option<LineCol> {
    if offset > rope.len_bytes() {
        return None;
    }
    let char_idx = rope.try_byte_to_char(offset).ok()?;
    if rope.char_to_byte(char_idx) != offset {
        return None;
    }
    let line = rope.char_to_line(char_idx);
    let start = rope.line_to_byte(line);
    let col = match encoding {
        Encoding::Utf8 => offset - start,
        Encoding::Char => char_idx - rope.line_to_char(line),
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(rope.line_to_char(line))
        }
    };
    Some(LineCol::new(
        u32::try_from(line).ok()?,
        u32::try_from(col).ok()?,
    ))
}

/// Converts a line and column back to a byte offset.
///
/// A column past the end of its line means the end of the line, as the
/// protocol asks; a line past the end of the text, or a column that falls
/// inside a character (half of a surrogate pair, the middle of a UTF-8
/// sequence), is `None`.
pub fn to_offset(rope: &Rope, pos: LineCol, encoding: Encoding) -> Option<usize> {
    let line = pos.line as usize;
    let start = line_start(rope, line)?;
    let end = line_content_end(rope, line);
    let col = pos.col as usize;
    let offset = match encoding {
        Encoding::Utf8 => {
            let offset = start.checked_add(col)?;
            if offset >= end {
                return Some(end);
            }
            rope.try_byte_to_char(offset).ok()?;
            if rope.char_to_byte(rope.byte_to_char(offset)) != offset {
                return None;
            }
            offset
        }
        Encoding::Char => {
            let first = rope.line_to_char(line);
            let last = rope.byte_to_char(end);
            let target = first.checked_add(col)?;
            if target >= last {
                return Some(end);
            }
            rope.char_to_byte(target)
        }
        Encoding::Utf16 => {
            let first = rope.char_to_utf16_cu(rope.line_to_char(line));
            let last = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let target = first.checked_add(col)?;
            if target >= last {
                return Some(end);
            }
            let char_idx = rope.utf16_cu_to_char(target);
            if rope.char_to_utf16_cu(char_idx) != target {
                // Between the two halves of a surrogate pair.
                return None;
            }
            rope.char_to_byte(char_idx)
        }
    };
    Some(offset)
}

/// Builds a rope whose lines are the protocol's lines.
pub fn rope_of(text: &str) -> Rope {
    Rope::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets of every character boundary in `text`, including the end.
    fn boundaries(text: &str) -> Vec<usize> {
        text.char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect()
    }

    #[test]
    fn columns_count_differently_after_curly_quotes_superscripts_and_emoji() {
        // “ is 3 bytes / 1 unit, ¹ is 2 bytes / 1 unit, 🙂 is 4 bytes / 2 units.
        let text = "“Tide”¹ 🙂[2]\nnext";
        let rope = rope_of(text);
        let marker = text.find("[2]").expect("fixture has a marker");
        assert_eq!(
            to_line_col(&rope, marker, Encoding::Utf8),
            Some(LineCol::new(0, 17))
        );
        assert_eq!(
            to_line_col(&rope, marker, Encoding::Utf16),
            Some(LineCol::new(0, 10))
        );
        assert_eq!(
            to_line_col(&rope, marker, Encoding::Char),
            Some(LineCol::new(0, 9))
        );
        let next = text.find("next").expect("fixture has a second line");
        assert_eq!(
            to_line_col(&rope, next, Encoding::Utf16),
            Some(LineCol::new(1, 0))
        );
    }

    #[test]
    fn every_boundary_round_trips_in_every_encoding() {
        let text = "a“b”\r\n¹²🙂x\rthird 日本語[^n]\n\nlast 𝄞";
        let rope = rope_of(text);
        for offset in boundaries(text) {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Char] {
                let pos = to_line_col(&rope, offset, encoding)
                    .unwrap_or_else(|| panic!("{offset} has a position in {encoding:?}"));
                let back = to_offset(&rope, pos, encoding);
                // A line break's own bytes map to the end of its line.
                let expected = if text[..offset].ends_with('\r') && text[offset..].starts_with('\n')
                {
                    offset - 1
                } else {
                    offset
                };
                assert_eq!(back, Some(expected), "{offset} via {pos:?} in {encoding:?}");
            }
        }
    }

    #[test]
    fn positions_inside_a_character_are_refused() {
        let text = "🙂x";
        let rope = rope_of(text);
        assert_eq!(to_line_col(&rope, 1, Encoding::Utf16), None);
        assert_eq!(to_offset(&rope, LineCol::new(0, 1), Encoding::Utf16), None);
        assert_eq!(
            to_offset(&rope, LineCol::new(0, 2), Encoding::Utf16),
            Some(4)
        );
        assert_eq!(to_offset(&rope, LineCol::new(0, 2), Encoding::Utf8), None);
    }

    #[test]
    fn crlf_ends_one_line() {
        let text = "one\r\ntwo";
        let rope = rope_of(text);
        assert_eq!(
            to_line_col(&rope, 5, Encoding::Char),
            Some(LineCol::new(1, 0))
        );
        assert_eq!(
            to_offset(&rope, LineCol::new(0, 99), Encoding::Utf16),
            Some(3)
        );
        assert_eq!(
            to_offset(&rope, LineCol::new(1, 3), Encoding::Utf16),
            Some(8)
        );
    }

    #[test]
    fn lines_past_the_end_are_refused_and_columns_past_the_end_clamp() {
        let rope = rope_of("ab\n");
        assert_eq!(
            to_offset(&rope, LineCol::new(1, 0), Encoding::Utf16),
            Some(3)
        );
        assert_eq!(to_offset(&rope, LineCol::new(2, 0), Encoding::Utf16), None);
        assert_eq!(
            to_offset(&rope, LineCol::new(0, u32::MAX), Encoding::Utf16),
            Some(2)
        );
        assert_eq!(to_line_col(&rope, 4, Encoding::Utf16), None);
    }
}
