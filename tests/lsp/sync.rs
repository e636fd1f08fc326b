//! Text synchronisation: incremental changes, versions, coalescing, close.

use serde_json::{Value, json};

use crate::lsp_client::{offset_of, position};
use crate::{ESSAY, URI, range, start, with_essay};

#[test]
fn diagnostics_follow_incremental_edits_with_their_versions() {
    let mut client = start(false);
    client.open(URI, 1, ESSAY);
    let first = client.diagnostics(URI, 1);
    let codes: Vec<&str> = first
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, ["undefined-note", "unused-note"]);

    // Cite note 3 instead of the missing note 4: both findings go.
    let at = offset_of(ESSAY, "[4]", 0) + 1;
    client.change(
        URI,
        2,
        json!([{ "range": { "start": position(ESSAY, at, false), "end": position(ESSAY, at + 1, false) }, "text": "3" }]),
    );
    assert_eq!(client.diagnostics(URI, 2), json!([]));

    // Several changes in one notification apply in order.
    let text = ESSAY.replace("[4]", "[3]");
    let end = offset_of(&text, "storm.[3]", 0) + "storm.[3]".len();
    client.change(
        URI,
        3,
        json!([
            { "range": { "start": position(&text, end, false), "end": position(&text, end, false) }, "text": " Then a gale.[7]" },
            { "range": { "start": position(&text, end, false), "end": position(&text, end, false) }, "text": " 🙂" },
        ]),
    );
    let third = client.diagnostics(URI, 3);
    let text = text.replace("storm.[3]", "storm.[3] 🙂 Then a gale.[7]");
    assert_eq!(third[0]["code"], "undefined-note");
    assert_eq!(
        third[0]["range"],
        crate::lsp_client::range_of(&text, "[7]", 0, false)
    );
}

#[test]
fn a_full_text_change_replaces_the_document() {
    let mut client = with_essay(false);
    client.change(
        URI,
        2,
        json!([{ "text": "Plain words, no notes at all.\n" }]),
    );
    assert_eq!(client.diagnostics(URI, 2), json!([]));
    client.change(URI, 3, json!([{ "text": ESSAY }]));
    assert_eq!(
        client.diagnostics(URI, 3)[0]["range"],
        range("[4]", 0, false)
    );
}

/// Fifty quick edits: every publish carries a version no older than the one
/// before, the last version is published, and its diagnostics describe the
/// final text.
#[test]
fn quick_edits_are_coalesced_and_versions_never_go_back() {
    let mut client = start(false);
    let big = ibid::analysis::testgen::notes_document(200_000, 7);
    let mut text = format!("Opening 🙂 line.\n\n{big}");
    client.open(URI, 1, &text);
    let end_of_first = "Opening 🙂 line.".len();
    for version in 2..=51 {
        let at = position(&text, end_of_first, false);
        client.change(
            URI,
            version,
            json!([{ "range": { "start": at, "end": at }, "text": "x" }]),
        );
        text.insert(end_of_first, 'x');
    }
    // The last edit cites a note that does not exist.
    let at = position(&text, end_of_first, false);
    client.change(
        URI,
        52,
        json!([{ "range": { "start": at, "end": at }, "text": "[999]" }]),
    );
    text.insert_str(end_of_first, "[999]");

    let mut versions = Vec::new();
    let last = loop {
        let published = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == URI);
        let version = published["version"].as_i64().expect("a version");
        versions.push(version);
        if version == 52 {
            break published;
        }
    };
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(versions.len() < 52, "no edit was coalesced: {versions:?}");
    let undefined: Vec<&Value> = last["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains("999")))
        .collect();
    assert_eq!(undefined.len(), 1);
    assert_eq!(
        undefined[0]["range"],
        crate::lsp_client::range_of(&text, "[999]", 0, false)
    );
}

#[test]
fn closing_clears_the_diagnostics_and_saving_changes_nothing() {
    let mut client = with_essay(false);
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": URI } }),
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let cleared = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(cleared.get("version"), None);
    // Requests about a closed document get an empty answer.
    assert_eq!(
        client.call("textDocument/hover", crate::at(ESSAY, "[1]", 0, 1, false)),
        Value::Null
    );
}
