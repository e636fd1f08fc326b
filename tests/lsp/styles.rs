//! Navigation in documents written the way other tools write notes: one
//! corpus document of each style (`tests/corpus/`), opened in the real
//! server. From every marker, go to definition lands on its note's label,
//! hover shows the note, and the note's references include the marker; the
//! number of markers that lead somewhere is the number the document's
//! hand-checked account says have a note.

use std::path::Path;

use ibid::analysis::index::MarkerStyle;
use ibid::analysis::{Analysis, Cache, decode, syntax};
use serde_json::{Value, json};

use crate::lsp_client::position;
use crate::start;

/// `markers` and `bound` from a document's account.
fn account(path: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(format!("{}.toml", path.display()))
        .unwrap_or_else(|e| panic!("{}.toml: {e}", path.display()));
    let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let count = |key: &str| {
        value
            .get(key)
            .and_then(toml::Value::as_integer)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or_else(|| panic!("{} has no {key}", path.display()))
    };
    (count("markers"), count("bound"))
}

fn lsp_range(text: &str, range: &std::ops::Range<usize>) -> Value {
    json!({ "start": position(text, range.start, false), "end": position(text, range.end, false) })
}

fn navigate(relative: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let (_, bound) = account(&path);
    navigate_text(relative, &bytes, bound);
}

fn navigate_text(relative: &str, bytes: &[u8], bound: usize) {
    let decoded = decode(bytes);
    let text = decoded.text.as_str();
    let tree = syntax::parse(text);
    let analysis = Analysis::new(text, &tree, &mut Cache::new(), &decoded.invalid);

    let uri = format!("file:///tmp/ibid-lsp-styles/{relative}");
    let mut client = start(false);
    client.open(&uri, 1, text);
    client.diagnostics(&uri, 1);

    let mut navigable = std::collections::BTreeSet::new();
    for marker in &analysis.index.markers {
        if matches!(
            marker.style,
            MarkerStyle::InlineNote | MarkerStyle::Citation
        ) {
            continue;
        }
        let Some(target) = marker.target else {
            continue;
        };
        let note = &analysis.index.notes[target];
        let at = json!({
            "textDocument": { "uri": uri },
            "position": position(text, marker.key_range.start, false),
        });
        let definition = client.call("textDocument/definition", at.clone());
        assert_eq!(
            definition,
            json!({ "uri": uri, "range": lsp_range(text, &note.label_range) }),
            "{relative}: definition of the marker at byte {}",
            marker.range.start
        );
        let hover = client.call("textDocument/hover", at);
        let shown = hover["contents"]["value"].as_str().unwrap_or("");
        assert!(
            shown.starts_with("**Note"),
            "{relative}: hover on the marker at byte {} shows {hover}",
            marker.range.start
        );
        let references = client.call(
            "textDocument/references",
            json!({
                "textDocument": { "uri": uri },
                "position": position(text, note.key_range.start, false),
                "context": { "includeDeclaration": false },
            }),
        );
        let expected = json!({ "uri": uri, "range": lsp_range(text, &marker.key_range) });
        assert!(
            references
                .as_array()
                .is_some_and(|all| all.contains(&expected)),
            "{relative}: the references of note {} do not hold the marker at byte {}: {references}",
            note.key,
            marker.range.start
        );
        navigable.insert(marker.range.start);
    }
    assert_eq!(
        navigable.len(),
        bound,
        "{relative}: markers that lead to their note"
    );
    client.shutdown();
}

#[test]
fn wikipedia_paste() {
    navigate("wikipedia/bleve-wikipedia.txt");
}

#[test]
fn html_export_with_backlinks() {
    navigate("pandoc-html/aliencube-ko-pipes.md");
}

#[test]
fn google_docs_export() {
    navigate("google-docs/gdocs-native-md-export.md");
}

#[test]
fn link_and_anchor_markers() {
    navigate("link-anchor/mbc-debugger-detection.md");
}

#[test]
fn escaped_markdown() {
    navigate("escaped/kowiki-pandoc-sunway.md");
}

#[test]
fn ai_research_export() {
    navigate("ai-export/beekeeping-claude-agent.md");
}

#[test]
fn structure_variants() {
    navigate("structure/blog-ebd-de.md");
}

#[test]
fn markdown_footnotes() {
    navigate("markdown-footnotes/zenn-inline-definitions-ja.md");
}

/// Numbers glued to sentences, citing a numbered `Works cited` list, as AI
/// research reports write them.
#[test]
fn ai_research_export_with_numbers_glued_to_sentences() {
    let report = "# Tide mills of the Atlantic coast

Tide mills once ground grain in most estuaries.1 Their ponds filled on the flood and drove the wheel on the ebb.2,3 About 750 were recorded in 1900, and 12% still stood in 2020.3

#### **Works cited**

1. Tide mills of Europe, accessed May 3, 2025, https://example.org/mills
2. How a tide mill works, accessed May 3, 2025, https://example.org/works
3. Survey of surviving mills, accessed May 4, 2025, https://example.org/survey
";
    navigate_text("ai-export/tide-mills.md", report.as_bytes(), 4);
}
