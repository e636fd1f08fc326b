//! A document edited incrementally, as an editor edits it, ends with the
//! same rope, tree, index and diagnostics as a fresh parse and analysis of
//! its final text.
#![no_main]

use arbitrary::Arbitrary;
use ibid::analysis::{Analysis, Cache, Document};
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
    let mut document = Document::new(initial);
    let mut cache = Cache::new();
    let mut analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
    for edit in input.edits.iter().take(32) {
        let text = document.text();
        let start = floor_boundary(text, edit.start as usize);
        let end = floor_boundary(text, start + edit.len as usize);
        document
            .edit(start..end, &edit.text)
            .expect("an edit on character boundaries applies");
        if edit.analyse {
            analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        }
    }
    analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);

    let fresh = Document::new(document.text().to_owned());
    assert_eq!(document.rope().to_string(), document.text());
    assert_eq!(document.rope().len_lines(), fresh.rope().len_lines());
    let nodes = |tree: &ibid::analysis::syntax::SyntaxTree| {
        tree.preorder()
            .map(|n| (n.kind(), n.byte_range(), n.start_position(), n.end_position()))
            .collect::<Vec<_>>()
    };
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
