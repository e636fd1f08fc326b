//! A document edited incrementally, as an editor edits it, ends with the
//! same rope, tree, index and diagnostics as a fresh parse and analysis of
//! its final text.
#![no_main]

use arbitrary::Arbitrary;
use std::ops::Range;

use ibid::analysis::syntax::SyntaxTree;
use ibid::analysis::{Analysis, Cache, Dialect, Document};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Edit {
    start: u16,
    len: u8,
    text: String,
    /// Analyse after this edit, as the server does when it is idle.
    analyse: bool,
}

#[derive(Debug, Arbitrary)]
struct Input {
    /// Read as plain text (`.txt`), where indentation is no code.
    plain: bool,
    initial: String,
    edits: Vec<Edit>,
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fuzz_target!(|input: Input| {
    let initial = &input.initial[..floor_boundary(&input.initial, ibid_fuzz::MAX_LEN)];
    let dialect = if input.plain { Dialect::PlainText } else { Dialect::Markdown };
    let mut document = Document::new_as(initial, dialect);
    let mut cache = Cache::new();
    let _ = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
    for edit in input.edits.iter().take(32) {
        let text = document.text();
        let start = floor_boundary(text, edit.start as usize);
        let end = floor_boundary(text, start + edit.len as usize);
        document
            .edit(start..end, &edit.text)
            .expect("an edit on character boundaries applies");
        if edit.analyse {
            let _ = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        }
    }
    let analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);

    let fresh = Document::new_as(document.text().to_owned(), dialect);
    assert_eq!(document.rope().to_string(), document.text());
    assert_eq!(document.rope().len_lines(), fresh.rope().len_lines());
    type Row = (String, Range<usize>, (usize, usize), (usize, usize));
    fn nodes(tree: &SyntaxTree) -> Vec<Row> {
        tree.preorder()
            .map(|n| {
                let (start, end) = (n.start_position(), n.end_position());
                (n.kind().to_string(), n.byte_range(), (start.row, start.column), (end.row, end.column))
            })
            .collect()
    }
    assert_eq!(
        nodes(document.tree()),
        nodes(fresh.tree()),
        "incremental tree differs from a fresh parse"
    );
    let fresh_analysis = Analysis::of(&fresh);
    assert_eq!(
        serde_json::to_value(&analysis.index).ok(),
        serde_json::to_value(&fresh_analysis.index).ok(),
        "incremental index differs"
    );
    assert_eq!(analysis.diagnostics, fresh_analysis.diagnostics, "incremental diagnostics differ");
});
