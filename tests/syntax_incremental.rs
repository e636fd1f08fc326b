//! Incremental reparsing gives exactly the tree a fresh parse gives.
//!
//! Editors send one small edit per keystroke and ibid reparses with the old
//! tree; if reuse ever produced a different tree than parsing from scratch,
//! diagnostics would depend on the editing history. Each case builds a
//! document from fragments typical of the notes format, applies up to
//! eight random replacements incrementally, and compares every node's kind
//! and range (bytes and points) with a fresh parse after each one.
//!
//! `PROPTEST_CASES` sets the number of cases (256 by default).

#[path = "common/fragments.rs"]
mod fragments;

use ibid::analysis::syntax::{self, Dialect, Preorder, SyntaxTree};
use proptest::prelude::*;
use proptest::sample::Index;

/// Pieces of real notes documents, chosen for the places where the
/// grammar's decisions depend on context: line starts, blank lines, notes
/// headings, labels, quotes, emphasis and multi-byte characters.
const FRAGMENTS: &[&str] = &[
    "word",
    "Lighthouse",
    " ",
    "the keeper",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "\"",
    "[12]",
    "¹²",
    "[^a]",
    "[^a]: ",
    "\n",
    "\n\n",
    "\r\n",
    "NOTES\n\n",
    "[3] ",
    // Labels that open a group of notes (the scanner groups notes for
    // incremental parsing; the groups are hidden but must not change the tree).
    "[16] ",
    "[^q]: ",
    "¹⁶ ",
    "32. ",
    "- ⁴ ",
    "\t",
    "*",
    "_",
    "🙂",
    "é",
    "https://x.org/a",
    "```",
    "#",
    "12. ",
    ".",
    ",",
    "Ibid.",
    "    ",
    "Table 1. ",
    "Note: ",
    "(",
    ")",
    "^[",
    "]",
    "\\",
    "<i>",
    "`",
];

fn fragments(max: usize) -> impl Strategy<Value = String> {
    fragments::concat_of(FRAGMENTS, max)
}

/// A replacement of a character range (chosen by two indices into the
/// text's character boundaries) with new fragments.
fn edit() -> impl Strategy<Value = (Index, Index, String)> {
    (any::<Index>(), any::<Index>(), fragments(4))
}

/// One row per node in document order: kind, flags, bytes and points.
fn shape(tree: &SyntaxTree) -> Vec<String> {
    Preorder::new(tree.root())
        .map(|node| {
            format!(
                "{}{}{}{} {:?} {}..{}",
                node.kind(),
                if node.is_named() { "" } else { " (anon)" },
                if node.is_missing() { " (missing)" } else { "" },
                if node.is_error() { " (error)" } else { "" },
                node.byte_range(),
                node.start_position(),
                node.end_position(),
            )
        })
        .collect()
}

fn assert_same_tree(incremental: &SyntaxTree, text: &str, step: usize) {
    let fresh = syntax::parse_as(text, incremental.dialect());
    assert_eq!(
        incremental.root().to_sexp(),
        fresh.root().to_sexp(),
        "S-expressions differ after edit {step} of {text:?}"
    );
    let (left, right) = (shape(incremental), shape(&fresh));
    if let Some(at) = (0..left.len().max(right.len())).find(|&i| left.get(i) != right.get(i)) {
        panic!(
            "node {at} differs after edit {step} of {text:?}:\n incremental: {:?}\n fresh:       {:?}",
            left.get(at),
            right.get(at)
        );
    }
}

proptest! {
    #[test]
    fn reparse_matches_fresh_parse(
        start in fragments(60),
        edits in prop::collection::vec(edit(), 1..8),
        plain in any::<bool>(),
    ) {
        let mut text = start;
        let dialect = if plain { Dialect::PlainText } else { Dialect::Markdown };
        let mut tree = syntax::parse_as(&text, dialect);
        for (step, (from, to, insert)) in edits.into_iter().enumerate() {
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(offset, _)| offset)
                .chain([text.len()])
                .collect();
            let (a, b) = (from.get(&boundaries), to.get(&boundaries));
            let range = *a.min(b)..*a.max(b);
            let edit = syntax::edit_for_replace(&text, range.clone(), &insert);
            text.replace_range(range, &insert);
            syntax::reparse(&mut tree, &text, &edit);
            assert_same_tree(&tree, &text, step + 1);
        }
    }
}

fn apply(text: &mut String, tree: &mut SyntaxTree, range: std::ops::Range<usize>, insert: &str) {
    let edit = syntax::edit_for_replace(text, range.clone(), insert);
    text.replace_range(range, insert);
    syntax::reparse(tree, text, &edit);
    assert_same_tree(tree, text, 0);
}

/// Edits at the very start and end, and deleting everything, are the
/// boundary cases random ranges rarely hit.
#[test]
fn edits_at_the_edges() {
    let mut text = String::from("A claim.[1]\n\nNOTES\n\n[1] Source, “Title,” 2020.\n");
    let mut tree = syntax::parse(&text);
    apply(&mut text, &mut tree, 0..0, "# ");
    let end = text.len();
    apply(&mut text, &mut tree, end..end, "[2] More.\n");
    apply(&mut text, &mut tree, 0..2, "");
    let end = text.len();
    apply(&mut text, &mut tree, 0..end, "");
    assert!(text.is_empty());
}
