//! Test fixtures that carry their own cursor and expected ranges
//! (rust-analyzer's and texlab's habit), for the editor features and the
//! rules alike.
//!
//! - `$0` marks the cursor; it is removed and its byte offset kept.
//! - A line made of spaces and carets, optionally followed by a space and a
//!   one-word label, marks a range on the text line above it: `^^^ label`.
//!   Carets count characters, not bytes, so fixtures with curly quotes,
//!   superscripts and emoji line up as they read. Marker lines are removed
//!   from the text. A caret line that goes on past one word is text: the
//!   reference lists pasted from Wikipedia begin their lines with `^ `.
//!
//! [`annotate`] writes ranges back in the same notation, so a check can
//! compare the fixture as written with what a feature found.

use std::ops::Range;

use crate::analysis::{Analysis, Document};

use super::ide::Snapshot;

/// A parsed fixture.
#[derive(Debug)]
pub(crate) struct Fixture {
    /// The document, without `$0` and without marker lines.
    pub text: String,
    /// Where `$0` stood.
    pub cursor: Option<usize>,
    /// The marked ranges and their labels, in document order.
    pub ranges: Vec<(Range<usize>, String)>,
    /// The fixture without `$0` but with its marker lines: what
    /// [`annotate`] gives for the expected ranges.
    pub annotated: String,
}

/// Drops the first line break and the indentation common to every line, so
/// that fixtures can be indented with the test that holds them.
pub(crate) fn trim_indent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    text.split_inclusive('\n')
        .map(|line| {
            if line.len() > indent && line.is_char_boundary(indent) {
                &line[indent..]
            } else {
                line.trim_start_matches(' ')
            }
        })
        .collect()
}

/// `   ^^^ label`: the column and width in characters, and the label.
fn marker_line(line: &str) -> Option<(usize, usize, &str)> {
    let start = line.find('^')?;
    if !line[..start].chars().all(|c| c == ' ') {
        return None;
    }
    let width = line[start..].len() - line[start..].trim_start_matches('^').len();
    let rest = &line[start + width..];
    let label = rest.trim();
    let one_word = !label.contains(char::is_whitespace);
    ((rest.is_empty() || rest.starts_with(' ')) && one_word).then_some((start, width, label))
}

/// The byte offset of character column `col` of `line`.
fn byte_of(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

impl Fixture {
    pub fn parse(fixture: &str) -> Fixture {
        let fixture = trim_indent(fixture);
        let mut text = String::new();
        let mut cursor = None;
        let mut ranges = Vec::new();
        let mut last_line: Option<(usize, String)> = None;
        for line in fixture.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if let Some((col, width, label)) = marker_line(content) {
                let (start, above) = last_line
                    .as_ref()
                    .unwrap_or_else(|| panic!("`{content}` marks no line"));
                let from = start + byte_of(above, col);
                let to = start + byte_of(above, col + width);
                ranges.push((from..to, label.to_string()));
                continue;
            }
            let line = match line.find("$0") {
                Some(at) => {
                    cursor = Some(text.len() + at);
                    line.replacen("$0", "", 1)
                }
                None => line.to_string(),
            };
            last_line = Some((text.len(), line.trim_end_matches(['\n', '\r']).to_string()));
            text.push_str(&line);
        }
        ranges.sort_by(|a, b| (a.0.start, a.0.end, &a.1).cmp(&(b.0.start, b.0.end, &b.1)));
        Fixture {
            text,
            cursor,
            ranges,
            annotated: fixture.replacen("$0", "", 1),
        }
    }

    /// The cursor; a fixture without one is a mistake in the test.
    pub fn cursor(&self) -> usize {
        self.cursor
            .unwrap_or_else(|| panic!("the fixture has no $0:\n{}", self.text))
    }
}

/// Runs `f` on a snapshot of `text`.
pub(crate) fn with_snapshot<T>(text: &str, f: impl FnOnce(Snapshot<'_>) -> T) -> T {
    let document = Document::new(text);
    let analysis = Analysis::of(&document);
    f(Snapshot::new(&document, &analysis))
}

/// `text` with a marker line under each range (on the line where it
/// starts; a range that runs past its line is marked to the line's end).
pub(crate) fn annotate(text: &str, ranges: &[(Range<usize>, String)]) -> String {
    let mut ranges: Vec<&(Range<usize>, String)> = ranges.iter().collect();
    ranges.sort_by(|a, b| (a.0.start, a.0.end, &a.1).cmp(&(b.0.start, b.0.end, &b.1)));
    let mut out = String::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push('\n');
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        for (range, label) in ranges
            .iter()
            .filter(|(r, _)| r.start >= start && r.start <= end)
        {
            let col = text[start..range.start].chars().count();
            let width = text[range.start..range.end.min(end)].chars().count();
            let mut marks = format!("{}{}", " ".repeat(col), "^".repeat(width));
            if !label.is_empty() {
                marks.push(' ');
                marks.push_str(label);
            }
            out.push_str(&marks);
            out.push('\n');
        }
        start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_and_ranges_are_read_in_characters() {
        let f = Fixture::parse(
            r#"
            “Tide”¹ 🙂[2$0]
                     ^^^ marker
            "#,
        );
        assert_eq!(f.text, "“Tide”¹ 🙂[2]\n");
        let marker = f.text.find('[').expect("fixture has a bracket");
        assert_eq!(f.cursor, Some(marker + 2));
        assert_eq!(f.ranges, vec![(marker..marker + 3, "marker".to_string())]);
        assert_eq!(annotate(&f.text, &f.ranges), f.annotated);
    }

    #[test]
    fn fixtures_mark_ranges_in_characters_not_bytes() {
        let f = Fixture::parse(
            "
            “Fog” 🙂 fell.[2]
                         ^^^ undefined-note
            ",
        );
        assert_eq!(f.text, "“Fog” 🙂 fell.[2]\n");
        let at = f.text.find("[2]").unwrap_or_default();
        assert_eq!(f.ranges, vec![(at..at + 3, "undefined-note".to_string())]);
    }
}
