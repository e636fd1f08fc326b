//! Properties of the analysis that must hold for any text, checked on
//! random documents built from pieces of the notes format.
//!
//! - After any sequence of edits, a document edited incrementally (rope,
//!   tree, cached index, diagnostics) is the document a fresh parse and
//!   analysis of the final text gives: otherwise what an editor shows would
//!   depend on how the text was typed.
//! - Byte offsets and editor positions convert both ways in every encoding.
//! - Renumbering notes is idempotent and changes nothing but the numbers in
//!   markers and labels (and leaves Markdown footnotes, which are names,
//!   alone).
//!
//! `PROPTEST_CASES` sets the number of cases (256 by default).

#[path = "common/fragments.rs"]
mod fragments;

use ibid::analysis::diagnostics::{apply_edits, renumber_edits};
use ibid::analysis::syntax::SyntaxTree;
use ibid::analysis::text::{self, Encoding};
use ibid::analysis::{Analysis, Cache, Dialect, Document, analyze, prescreen};
use proptest::prelude::*;
use proptest::sample::Index;

const FRAGMENTS: &[&str] = &[
    "word ",
    "the granary",
    " ",
    "“",
    "”",
    "’",
    "\"",
    "[2]",
    "[1]",
    "[1, 2]",
    "[1–3]",
    "¹",
    "²",
    "[^a]",
    "[^a]: ",
    "\n",
    "\n\n",
    "\r\n",
    "NOTES\n\n",
    "[1] ",
    "[2] ",
    "³ ",
    // Labels that open a hidden group of notes in the grammar.
    "[16] ",
    "[16]",
    "[^q]: ",
    "*",
    "_",
    "🙂",
    "é",
    "https://x.org/a",
    ", ",
    ".",
    "Ibid.",
    "Ibid., 4.",
    "Ada Lo, “Bread Markets,” The Economist, 2019.",
    "Lo, “Bread,” 5.",
    "(Lo 2019)",
    "Sources: Lo (2019).",
    "accessed May 1, 2020,",
    "```",
    "# ",
    "(",
    ")",
    "[@lo2019]",
    // Structure: other headings, tables, code, numbered and listed notes.
    "## References\n",
    "SOURCES\n",
    "4.1 Harbours\n",
    "a\tb\n",
    "| a | b |\n",
    "    ",
    "1. ",
    "- ¹ ",
    "Table 2. ",
];

/// Pieces with structure (headings of notes sections, lists, tables, code,
/// quotations, emphasis, other scripts) but nothing `prescreen` looks for,
/// and a few that it does, so that both answers are exercised.
const QUIET_FRAGMENTS: &[&str] = &[
    "word ",
    "The granary ",
    "“",
    "”",
    "’",
    "\"",
    "\n",
    "\n\n",
    "\r\n",
    "NOTES\n\n",
    "## Sources\n",
    "Works cited\n",
    "Further reading\n",
    "- ",
    "* ",
    "> ",
    "    ",
    "\t",
    "| a | b |\n",
    "|---|---|\n",
    "```\n",
    "<!-- aside -->",
    "*Lamps*",
    "_Tides_",
    "Lo, “Bread,” The Economist.",
    "Lo, Bread, ch. iv.",
    "Op. cit., xiv.",
    "Id.",
    "Ebd.",
    "Sources: Lo and Ash.",
    "(Lo and Ash)",
    "Lo (forthcoming)",
    "[the map](https://x.org/a)",
    "[ ] ",
    "https://x.org/a",
    "www.x.org",
    "🙂",
    "é",
    "中文。",
    "Ω ",
    ", ",
    ".",
    ":",
    "(",
    ")",
    "Note i. ",
    // Triggers.
    "[1]",
    "²",
    "Ibid.",
    "Email:",
];

fn fragments(max: usize) -> impl Strategy<Value = String> {
    fragments::concat_of(FRAGMENTS, max)
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(offset, _)| offset)
        .chain([text.len()])
        .collect()
}

fn shape(tree: &SyntaxTree) -> Vec<String> {
    tree.preorder()
        .map(|n| format!("{} {:?} {}", n.kind(), n.byte_range(), n.start_position()))
        .collect()
}

proptest! {
    /// A text the screen lets through is one the full analysis finds
    /// nothing in: `ibid check` reports it clean without parsing it.
    #[test]
    fn a_screened_text_has_no_findings(text in fragments::concat_of(QUIET_FRAGMENTS, 40)) {
        if prescreen::nothing_to_read(&text) {
            let found: Vec<&str> = analyze(&text).diagnostics.iter().map(|d| d.code).collect();
            prop_assert!(found.is_empty(), "{:?} found in {:?}", found, text);
        }
    }

    #[test]
    fn an_edited_document_is_the_fresh_document_of_its_text(
        start in fragments(50),
        edits in prop::collection::vec((any::<Index>(), any::<Index>(), fragments(4), any::<bool>()), 1..10),
        plain in any::<bool>(),
    ) {
        let dialect = if plain { Dialect::PlainText } else { Dialect::Markdown };
        let mut document = Document::new_as(start, dialect);
        let mut cache = Cache::new();
        let _ = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        for (from, to, insert, analyse) in edits {
            let offsets = boundaries(document.text());
            let (a, b) = (*from.get(&offsets), *to.get(&offsets));
            document.edit(a.min(b)..a.max(b), &insert).expect("boundaries are valid");
            if analyse {
                let _ = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
            }
        }
        let analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        let fresh = Document::new_as(document.text().to_owned(), dialect);
        let fresh_analysis = Analysis::of(&fresh);
        prop_assert_eq!(document.rope().to_string(), document.text());
        prop_assert_eq!(shape(document.tree()), shape(fresh.tree()));
        prop_assert_eq!(
            serde_json::to_value(&analysis.index).ok(),
            serde_json::to_value(&fresh_analysis.index).ok()
        );
        prop_assert_eq!(analysis.diagnostics, fresh_analysis.diagnostics);
    }

    #[test]
    fn offsets_and_positions_round_trip(text in fragments(40)) {
        let rope = text::rope_of(&text);
        let bytes = text.as_bytes();
        for offset in boundaries(&text) {
            // Between the CR and LF of a CRLF: no position names it.
            if offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
                continue;
            }
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Char] {
                let position = text::to_line_col(&rope, offset, encoding);
                prop_assert!(position.is_some(), "offset {} has no {:?} position", offset, encoding);
                let back = position.and_then(|p| text::to_offset(&rope, p, encoding));
                prop_assert_eq!(back, Some(offset), "{:?} of {:?}", encoding, position);
            }
        }
    }

    #[test]
    fn renumbering_is_idempotent_and_touches_only_numbers(
        order in Just((1..=12u32).collect::<Vec<_>>()).prop_shuffle(),
        repeats in prop::collection::vec(0..12usize, 0..6),
        style in 0..3usize,
        prose in prop::collection::vec(prop::sample::select(&["Rain fell", "Grain “rose” 🙂", "Prices é", "Then"][..]), 12),
    ) {
        let marker = |n: u32| match style {
            0 => format!("[{n}]"),
            1 => ibid_superscript(n),
            _ => format!("[^{n}]"),
        };
        let label = |n: u32| match style {
            0 => format!("[{n}] "),
            1 => format!("{} ", ibid_superscript(n)),
            _ => format!("[^{n}]: "),
        };
        let mut text = String::new();
        for (i, n) in order.iter().enumerate() {
            text.push_str(&format!("{}.{} ", prose[i], marker(*n)));
        }
        for &r in &repeats {
            text.push_str(&format!("Again.{} ", marker(order[r])));
        }
        text.push_str("\n\nNOTES\n\n");
        for n in 1..=12u32 {
            text.push_str(&format!("{}Author {n}, “Work {n},” 2001.\n", label(n)));
        }

        let once = renumber(&text);
        let twice = renumber(&once);
        prop_assert_eq!(&twice, &once, "renumbering twice changed the text again");
        prop_assert_eq!(without_numbers(&text), without_numbers(&once));
        if style == 2 {
            // Markdown footnotes are names: the renderer numbers them in
            // order of citation, so their labels are left as they are.
            prop_assert_eq!(&once, &text);
            return Ok(());
        }
        let analysis = analyze(&once);
        let firsts: Vec<&str> = analysis.index.markers.iter().map(|m| &*m.key).collect();
        let mut seen = Vec::new();
        for key in firsts {
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
        let expected: Vec<String> = (1..=12).map(|n| n.to_string()).collect();
        prop_assert_eq!(seen, expected.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

fn ibid_superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

fn renumber(text: &str) -> String {
    let analysis = analyze(text);
    let edits: Vec<_> = (0..analysis.index.sections.len())
        .flat_map(|s| renumber_edits(&analysis, text, s))
        .collect();
    apply_edits(text, &edits)
}

/// The text with every marker key and note key taken out: what renumbering
/// must leave exactly as it was.
fn without_numbers(text: &str) -> Vec<String> {
    let analysis = analyze(text);
    let mut cuts: Vec<std::ops::Range<usize>> = analysis
        .index
        .markers
        .iter()
        .map(|m| m.key_range.clone())
        .chain(analysis.index.notes.iter().map(|n| n.key_range.clone()))
        .collect();
    cuts.sort_by_key(|r| r.start);
    let mut pieces = Vec::new();
    let mut at = 0;
    for cut in cuts {
        pieces.push(text[at..cut.start].to_owned());
        at = cut.end;
    }
    pieces.push(text[at..].to_owned());
    pieces
}
