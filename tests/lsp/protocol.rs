//! Document highlight, semantic tokens, the code lens's command answered
//! by the server, completion of bibliography keys before the first
//! citation, and a workspace search over headings, notes and keys, over the
//! real binary.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::lsp_client::{LspClient, file_uri, offset_of, position, range_of};
use crate::{BIN, ESSAY, URI, at, location, range};

#[test]
fn a_marker_highlights_its_label_its_other_markers_and_the_ibid_after_its_note() {
    let mut client = crate::with_essay(false);
    let found = client.call(
        "textDocument/documentHighlight",
        at(ESSAY, "[1]", 1, 1, false),
    );
    assert_eq!(
        found,
        json!([
            { "range": range("[1]", 0, false), "kind": 2 },
            { "range": range("[1]", 1, false), "kind": 2 },
            { "range": range("[1]", 2, false), "kind": 3 },
            { "range": range("Ibid., 50.", 0, false), "kind": 1 },
        ])
    );
    // Prose lights nothing.
    let none = client.call(
        "textDocument/documentHighlight",
        at(ESSAY, "keepers", 0, 2, false),
    );
    assert_eq!(none, Value::Null);
    client.shutdown();
}

/// Curly quotes, superscripts and emoji before the tokens: every column
/// and length is counted in UTF-16 units (two for an emoji).
const TOKENS: &str = "“Tides” 🌊 rose.¹ The “long watch” 🙂 ended.²\n\nNOTES\n\n¹ Ada Brightwater, “Lamps and Lenses,” Coastal Review 12 (1998): 44–61.\n² Ibid., 50.\n³ Brightwater, “Lamps and Lenses,” 52.\n";

/// The expected tokens as the protocol encodes them, from the place and
/// length in UTF-16 units of each `(needle, nth, type, modifiers)`.
fn encoded(text: &str, expected: &[(&str, usize, u32, u32)]) -> Vec<u32> {
    let mut data = Vec::new();
    let (mut line, mut col) = (0, 0);
    for &(needle, nth, kind, modifiers) in expected {
        let start = position(text, offset_of(text, needle, nth), false);
        let (l, c) = (
            start["line"].as_u64().unwrap_or(0) as u32,
            start["character"].as_u64().unwrap_or(0) as u32,
        );
        let length = needle.encode_utf16().count() as u32;
        let delta_start = if l == line { c - col } else { c };
        data.extend([l - line, delta_start, length, kind, modifiers]);
        (line, col) = (l, c);
    }
    data
}

#[test]
fn semantic_tokens_mark_markers_labels_ibids_and_short_forms_in_utf16() {
    let mut client = crate::start(false);
    let uri = "file:///tmp/ibid-lsp-tests/tokens.txt";
    client.open(uri, 1, TOKENS);
    client.diagnostics(uri, 1);
    let legend = client.call(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    let expected = encoded(
        TOKENS,
        &[
            ("¹", 0, 0, 0),
            ("²", 0, 0, 0),
            ("¹", 1, 0, 1),
            ("²", 1, 0, 1),
            ("Ibid.", 0, 1, 0),
            ("³", 0, 0, 1),
            ("Brightwater, “Lamps and Lenses,”", 1, 2, 0),
        ],
    );
    assert_eq!(legend["data"], json!(expected));

    // The range asked for holds the notes only.
    let ranged = client.call(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": { "uri": uri }, "range": {
            "start": { "line": 4, "character": 0 }, "end": { "line": 6, "character": 0 } } }),
    );
    let notes = encoded(
        TOKENS,
        &[("¹", 1, 0, 1), ("²", 1, 0, 1), ("Ibid.", 0, 1, 0)],
    );
    // The first token of a range is placed from the document's start.
    assert_eq!(ranged["data"], json!(notes));
    client.shutdown();
}

#[test]
fn the_server_declares_its_tokens_highlights_and_command() {
    let mut client = LspClient::start(BIN, &[]);
    let init = client.initialize(json!({ "capabilities": {} }));
    let caps = &init["capabilities"];
    assert_eq!(caps["documentHighlightProvider"], true);
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["ibid.showReferences"])
    );
    assert_eq!(
        caps["semanticTokensProvider"],
        json!({
            "legend": {
                "tokenTypes": ["variable", "keyword", "string"],
                "tokenModifiers": ["declaration"],
            },
            "range": true,
            "full": true,
        })
    );
    client.shutdown();
}

#[test]
fn the_code_lens_command_runs_on_the_server_and_shows_the_first_citation() {
    let mut client = crate::start_with(
        false,
        json!({ "capabilities": { "window": { "showDocument": { "support": true } } } }),
    );
    client.open(URI, 1, ESSAY);
    client.diagnostics(URI, 1);
    let lenses = client.call(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": URI } }),
    );
    let command = &lenses[0]["command"];
    assert_eq!(command["title"], "cited 2 times");
    let answer = client.call(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(answer, json!([location("[1]", 0), location("[1]", 1)]));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !client
        .server_requests
        .iter()
        .any(|r| r["method"] == "window/showDocument")
    {
        assert!(Instant::now() < deadline, "no window/showDocument");
        client.drain_for(Duration::from_millis(50));
    }
    let shown = client
        .server_requests
        .iter()
        .find(|r| r["method"] == "window/showDocument")
        .map(|r| r["params"].clone());
    assert_eq!(
        shown,
        Some(json!({ "uri": URI, "takeFocus": true, "selection": range("[1]", 0, false) }))
    );

    let error = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "ibid.nothing", "arguments": [] }),
        )
        .expect_err("an unknown command is an error");
    assert_eq!(error["code"], -32602);
    client.shutdown();
}

#[test]
fn keys_are_offered_after_the_first_at_of_a_document_that_cites_nothing_yet() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(root.path().join("refs")).expect("mkdir");
    std::fs::write(
        root.path().join("refs/library.bib"),
        include_str!("../fixtures/bibliography/library.bib"),
    )
    .expect("write");
    let text = "Rivers froze early 🧊 [@]\n";
    std::fs::write(root.path().join("essay.md"), text).expect("write");
    let mut client = LspClient::start(BIN, &[]);
    client.initialize(json!({
        "capabilities": {},
        "workspaceFolders": [{ "uri": file_uri(root.path()), "name": "root" }],
    }));
    let uri = file_uri(&root.path().join("essay.md"));
    client.open(&uri, 1, text);
    client.diagnostics(&uri, 1);
    let completion = client.call(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": uri },
            "position": position(text, offset_of(text, "@", 0) + 1, false),
            "context": { "triggerKind": 2, "triggerCharacter": "@" },
        }),
    );
    let labels: Vec<Value> = completion
        .as_array()
        .map(|items| items.iter().map(|i| i["label"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        labels,
        [
            "whitcombe1999frozen",
            "okafor2012ice",
            "harbourlog2020",
            "brandt2005thaw"
        ]
    );
    client.shutdown();
}

#[test]
fn a_workspace_search_finds_headings_notes_and_citation_keys() {
    let mut client = crate::with_essay(false);
    let text = "# Ice roads 🧊\n\nThe ice held [@okafor2012ice].\n";
    let uri = "file:///tmp/ibid-lsp-tests/ice.md";
    client.open(uri, 1, text);
    client.diagnostics(uri, 1);
    let names = |client: &mut LspClient, query: &str| -> Vec<Value> {
        let found = client.call("workspace/symbol", json!({ "query": query }));
        let mut found: Vec<Value> = found
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| json!([s["name"], s["kind"], s["location"]]))
                    .collect()
            })
            .unwrap_or_default();
        found.sort_by_key(|v| v.to_string());
        found
    };
    assert_eq!(
        names(&mut client, "introduction"),
        [json!([
            "1. INTRODUCTION",
            3,
            { "uri": URI, "range": range("1. INTRODUCTION", 0, false) }
        ])]
    );
    assert_eq!(
        names(&mut client, "okafor"),
        [json!([
            "@okafor2012ice",
            20,
            { "uri": uri, "range": range_of(text, "okafor2012ice", 0, false) }
        ])]
    );
    // The note, and the work it cites.
    assert_eq!(
        names(&mut client, "reed fog"),
        [
            json!([
                "Reed, Fog Signals",
                19,
                { "uri": URI, "range": range("Fog Signals", 0, false) }
            ]),
            json!([
                "[3] Reed, Fog Signals",
                8,
                { "uri": URI, "range": range("[3]", 0, false) }
            ]),
        ]
    );
    client.shutdown();
}
