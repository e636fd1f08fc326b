//! Invariants the fuzz targets check on whatever the fuzzer feeds them.
//!
//! A panic anywhere is a finding; so is an answer that breaks one of these
//! rules, because the front ends slice the text with these ranges and would
//! panic or show the wrong thing later.

use std::ops::Range;

use ibid::analysis::ide::{self, Snapshot};
use ibid::analysis::syntax::SyntaxTree;
use ibid::analysis::diagnostics::CommentStyle;
use ibid::analysis::{Analysis, Diagnostic, Document};

/// Inputs longer than this are cut: the fuzzer looks for wrong answers, and
/// long inputs only slow it down (linear time is checked by the tests).
pub const MAX_LEN: usize = 16 * 1024;

/// Decodes fuzzer bytes the way the CLI decodes a file.
pub fn text_of(data: &[u8]) -> String {
    let data = &data[..data.len().min(MAX_LEN)];
    ibid::analysis::decode(data).text
}

/// A range is inside `text`, not reversed, and both ends are character
/// boundaries.
pub fn assert_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what}: range {range:?} outside a {}-byte text",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: range {range:?} splits a character"
    );
}

/// Every node of the tree lies inside the text, on character boundaries, and
/// the root covers the whole text.
pub fn check_tree(text: &str, tree: &SyntaxTree) {
    let root = tree.root();
    assert_eq!(root.end_byte(), text.len(), "the root ends before the text");
    for node in tree.preorder() {
        assert_range(text, &node.byte_range(), node.kind());
    }
}

fn check_diagnostic(text: &str, diagnostic: &Diagnostic) {
    assert_range(text, &diagnostic.range, diagnostic.code);
    assert!(!diagnostic.message.is_empty(), "{}: empty message", diagnostic.code);
    for related in &diagnostic.related {
        assert_range(text, &related.range, "related location");
    }
    if let Some(fix) = &diagnostic.fix {
        let mut edits: Vec<_> = fix.edits.iter().map(|e| e.range.clone()).collect();
        edits.sort_by_key(|r| (r.start, r.end));
        for pair in edits.windows(2) {
            assert!(
                pair[0].end <= pair[1].start,
                "{}: fix edits overlap: {:?}",
                diagnostic.code,
                pair
            );
        }
        for range in &edits {
            assert_range(text, range, "fix edit");
        }
    }
}

/// Checks the analysis of `document`, asks every editor feature about a few
/// offsets, and applies the safe fixes to check that the result analyses
/// again.
pub fn check_analysis(document: &Document, analysis: &Analysis, probes: &[u16]) {
    let text = document.text();
    for diagnostic in &analysis.diagnostics {
        check_diagnostic(text, diagnostic);
    }
    for marker in &analysis.index.markers {
        assert_range(text, &marker.range, "marker");
    }
    for note in &analysis.index.notes {
        assert_range(text, &note.range, "note");
    }

    let snapshot = Snapshot::new(document, analysis);
    let whole = 0..text.len();
    for symbol in ide::document_symbols(snapshot) {
        assert_range(text, &symbol.range, "symbol");
    }
    for fold in ide::folding_ranges(snapshot) {
        assert_range(text, &fold.range, "fold");
    }
    for link in ide::document_links(snapshot) {
        assert_range(text, &link.range, "link");
    }
    for lens in ide::code_lenses(snapshot) {
        assert_range(text, &lens.range, "code lens");
    }
    for hint in ide::inlay_hints(snapshot, whole.clone()) {
        assert!(text.is_char_boundary(hint.offset), "inlay hint inside a character");
    }
    for comments in [CommentStyle::Html, CommentStyle::Line] {
        for action in ide::code_actions(snapshot, whole.clone(), comments) {
            for edit in &action.edits {
                assert_range(text, &edit.range, "code action edit");
            }
        }
    }
    for &probe in probes {
        let mut offset = (probe as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if let Some(hover) = ide::hover(snapshot, offset) {
            assert_range(text, &hover.range, "hover");
        }
        if let Some(target) = ide::definition(snapshot, offset) {
            assert_range(text, &target.range, "definition");
            assert_range(text, &target.focus, "definition focus");
        }
        for target in ide::references(snapshot, offset, true) {
            assert_range(text, &target.range, "reference");
        }
        for item in ide::completion(snapshot, offset) {
            assert_range(text, &item.replace, "completion");
        }
        if let Some((range, _)) = ide::prepare_rename(snapshot, offset) {
            assert_range(text, &range, "prepare rename");
            if let Ok(edits) = ide::rename(snapshot, offset, "7") {
                for edit in &edits {
                    assert_range(text, &edit.range, "rename edit");
                }
            }
        }
    }

    let fixes: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == ibid::analysis::diagnostics::Applicability::Safe)
        .take(1)
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    if !fixes.is_empty() {
        let fixed = ibid::analysis::diagnostics::apply_edits(text, &fixes);
        let _ = ibid::analysis::analyze(&fixed);
    }
}
