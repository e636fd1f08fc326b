//! Counts of a document's parts, as `ibid parse` prints them.

use std::fmt;

use tree_sitter::Node;

use super::labels::label_keys;
use super::tree::SyntaxTree;
use super::views::MarkerKind;

/// How many markers, notes, headings, tables and syntax errors a document has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Note references: a bracket list counts once per key it names, and
    /// superscripts count only in documents with superscript-labelled notes
    /// (elsewhere `km²` is a unit, not a marker).
    pub markers: usize,
    /// Note definitions.
    pub notes: usize,
    /// Headings, including notes-section headings.
    pub headings: usize,
    /// Tables.
    pub tables: usize,
    /// `ERROR` and `MISSING` nodes.
    pub errors: usize,
}

impl Summary {
    /// Counts of the parts of `tree`; `text` is the text that was parsed.
    pub fn of(tree: &SyntaxTree, text: &str) -> Summary {
        let superscript_notes = tree.notes().any(|note| {
            note.label()
                .and_then(|label| node_text(label, text))
                .is_some_and(has_superscript_digit)
        });
        let markers = tree
            .markers()
            .map(|marker| match marker.kind() {
                MarkerKind::Superscript => usize::from(superscript_notes),
                MarkerKind::BracketList => node_text(marker.token(), text)
                    .map_or(1, |token| label_keys(token).len().max(1)),
                _ => 1,
            })
            .sum();
        Summary {
            markers,
            notes: tree.notes().count(),
            headings: tree.headings().count(),
            tables: tree.tables().count(),
            errors: tree.error_count(),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "markers: {}, notes: {}, headings: {}, tables: {}, errors: {}",
            self.markers, self.notes, self.headings, self.tables, self.errors
        )
    }
}

/// The text of `node`; `None` if `text` is not the text the tree was parsed from.
fn node_text<'a>(node: Node<'_>, text: &'a str) -> Option<&'a str> {
    text.get(node.byte_range())
}

fn has_superscript_digit(label: &str) -> bool {
    label
        .chars()
        .any(|c| matches!(c, '⁰' | '¹' | '²' | '³' | '⁴'..='⁹'))
}

#[cfg(test)]
mod tests {
    use super::Summary;
    use crate::analysis::syntax::parse;

    fn summary(text: &str) -> String {
        Summary::of(&parse(text), text).to_string()
    }

    #[test]
    fn superscripts_are_markers_only_with_superscript_notes() {
        assert_eq!(
            summary("The bay is 40 km² wide.\n"),
            "markers: 0, notes: 0, headings: 0, tables: 0, errors: 0"
        );
        assert_eq!(
            summary("The bay is wide.¹\n\nNOTES\n\n¹ A survey.\n"),
            "markers: 1, notes: 1, headings: 1, tables: 0, errors: 0"
        );
    }

    #[test]
    fn restructured_text_footnotes_and_daggers_are_markers() {
        assert_eq!(
            summary("Formats [#]_ and [1]_. The lamp.†\n\n.. [#] First.\n.. [1] Second.\n"),
            "markers: 3, notes: 2, headings: 0, tables: 0, errors: 0"
        );
    }

    #[test]
    fn a_bracket_list_counts_once_per_key() {
        assert_eq!(
            summary("Three claims.[4–6] Two more.[7, 8]\n\n[4] a\n[5] b\n[6] c\n[7] d\n[8] e\n"),
            "markers: 5, notes: 5, headings: 0, tables: 0, errors: 0"
        );
    }
}
