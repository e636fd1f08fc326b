//! Editor features over the real server, with exact answers.

use serde_json::{Value, json};

use crate::lsp_client::{offset_of, position};
use crate::{ESSAY, URI, at, location, range, with_essay};

/// The range of the label digits inside the `nth` `[n]`.
fn key(needle: &str, nth: usize) -> Value {
    let start = offset_of(ESSAY, needle, nth) + 1;
    json!({ "start": position(ESSAY, start, false), "end": position(ESSAY, start + needle.len() - 2, false) })
}

fn key_location(needle: &str, nth: usize) -> Value {
    json!({ "uri": URI, "range": key(needle, nth) })
}

#[test]
fn definition_of_a_marker_is_its_notes_label_and_back() {
    let mut client = with_essay(false);
    assert_eq!(
        client.call("textDocument/definition", at(ESSAY, "[2]", 0, 1, false)),
        location("[2]", 1)
    );
    // From note 1's label to the first marker that cites it.
    assert_eq!(
        client.call("textDocument/definition", at(ESSAY, "[1]", 2, 1, false)),
        key_location("[1]", 0)
    );
}

#[test]
fn references_of_a_note_are_its_markers() {
    let mut client = with_essay(false);
    let mut params = at(ESSAY, "[1]", 2, 1, false);
    params["context"] = json!({ "includeDeclaration": false });
    assert_eq!(
        client.call("textDocument/references", params.clone()),
        json!([key_location("[1]", 0), key_location("[1]", 1)])
    );
    params["context"] = json!({ "includeDeclaration": true });
    assert_eq!(
        client.call("textDocument/references", params),
        json!([
            key_location("[1]", 0),
            key_location("[1]", 1),
            key_location("[1]", 2)
        ])
    );
}

#[test]
fn hover_shows_the_formatted_citation_in_markdown() {
    let mut client = with_essay(false);
    assert_eq!(
        client.call("textDocument/hover", at(ESSAY, "[1]", 0, 1, false)),
        json!({
            "contents": { "kind": "markdown", "value": "**Note [1]**\n\nAda Brightwater, *Lamps and Lenses*, Coastal Review, 1998, 44–61\n\nCited twice (notes 1, 2)" },
            "range": range("[1]", 0, false),
        })
    );
    // On the Ibid's label: the work it resolves to, and how.
    assert_eq!(
        client.call("textDocument/hover", at(ESSAY, "[2]", 1, 1, false)),
        json!({
            "contents": { "kind": "markdown", "value": "**Note [2]**\n\nAda Brightwater, *Lamps and Lenses*, Coastal Review, 1998, 50\n\nIbid. → note 1 → full citation\n\nCited twice (notes 1, 2)" },
            "range": range("[2]", 1, false),
        })
    );
    // Plain prose has no hover.
    assert_eq!(
        client.call("textDocument/hover", at(ESSAY, "keepers", 0, 2, false)),
        Value::Null
    );
}

#[test]
fn completion_after_a_bracket_offers_the_next_note_and_the_existing_ones() {
    let mut client = with_essay(false);
    let mut params = at(ESSAY, "[4]", 0, 1, false);
    params["context"] = json!({ "triggerKind": 2, "triggerCharacter": "[" });
    let items = client.call("textDocument/completion", params);
    let cursor = position(ESSAY, offset_of(ESSAY, "[4]", 0) + 1, false);
    let edit = |text: &str| json!({ "range": { "start": cursor, "end": cursor }, "newText": text });
    let summary: Vec<Value> = items
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| json!([i["label"], i["kind"], i["detail"], i["textEdit"]]))
        .collect();
    assert_eq!(
        summary,
        vec![
            json!(["[4]", 15, "new note", edit("4]")]),
            json!(["[1]", 18, "Brightwater, Lamps and Lenses", edit("1]")]),
            json!([
                "[2]",
                18,
                "Ibid. (Brightwater, Lamps and Lenses)",
                edit("2]")
            ]),
            json!(["[3]", 18, "Reed, Fog Signals", edit("3]")]),
        ]
    );
    assert_eq!(
        items[1]["documentation"],
        json!({ "kind": "markdown", "value": "**Note [1]**\n\nAda Brightwater, “Lamps and Lenses,” Coastal Review 12, no. 3 (1998): 44–61." })
    );
}

#[test]
fn rename_relabels_the_note_and_every_marker() {
    let mut client = with_essay(false);
    assert_eq!(
        client.call("textDocument/prepareRename", at(ESSAY, "[2]", 0, 1, false)),
        json!({ "range": key("[2]", 0), "placeholder": "2" })
    );
    assert_eq!(
        client.call(
            "textDocument/prepareRename",
            at(ESSAY, "keepers", 0, 1, false)
        ),
        Value::Null
    );
    let mut params = at(ESSAY, "[2]", 0, 1, false);
    params["newName"] = json!("5");
    assert_eq!(
        client.call("textDocument/rename", params.clone()),
        json!({ "changes": { URI: [
            { "range": key("[2]", 0), "newText": "5" },
            { "range": key("[2]", 1), "newText": "5" },
        ] } })
    );
    // A label that is taken is refused with a message.
    params["newName"] = json!("1");
    let error = client
        .request("textDocument/rename", params)
        .expect_err("label taken");
    assert_eq!(error["code"], -32803);
}

#[test]
fn code_actions_offer_the_quick_fix_with_its_diagnostic() {
    let mut client = with_essay(false);
    let end = offset_of(ESSAY, "[3] Tom", 0);
    let line_end = end + ESSAY[end..].find('\n').unwrap_or(0);
    let actions = client.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": range("[4]", 0, false), "context": { "diagnostics": [] } }),
    );
    let diagnostic = json!({
        "range": range("[4]", 0, false),
        "severity": 1,
        "code": "undefined-note",
        "codeDescription": { "href": "https://github.com/ibid-notes/ibid/blob/main/docs/rules.md#undefined-note" },
        "source": "ibid",
        "message": "marker [4] refers to no note: add a note labelled 4 or remove the marker"
    });
    assert_eq!(
        actions,
        json!([{
            "title": "Add an empty note 4 to the notes",
            "kind": "quickfix",
            "diagnostics": [diagnostic],
            "edit": { "changes": { URI: [{
                "range": { "start": position(ESSAY, line_end, false), "end": position(ESSAY, line_end, false) },
                "newText": "\n[4]"
            }] } }
        }, {
            // A plain-text document: the directive is a line of its own.
            "title": "Disable undefined-note for this line",
            "kind": "quickfix",
            "diagnostics": [diagnostic],
            "edit": { "changes": { URI: [{
                "range": { "start": { "line": 4, "character": 0 }, "end": { "line": 4, "character": 0 } },
                "newText": "ibid-disable-next-line undefined-note\n"
            }] } }
        }])
    );
}

#[test]
fn the_renumbering_source_action_is_offered_when_notes_are_out_of_order() {
    let text = "Fog came first.[2] Then the light.[1]\n\nNOTES\n\n[1] Ada Brightwater, *Lamps* (Leith: Harbour Press, 1998), 4.\n[2] Tom Reed, *Fog Signals* (Leith: Harbour Press, 2004), 17.\n";
    let mut client = crate::start(false);
    client.open(URI, 1, text);
    client.diagnostics(URI, 1);
    let actions = client.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [], "only": ["source"] } }),
    );
    let kinds: Vec<&Value> = actions
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| &a["kind"])
        .collect();
    assert_eq!(kinds, vec!["source.renumberNotes"]);
}

#[test]
fn outline_folds_lenses_and_symbols() {
    let mut client = with_essay(false);
    let doc = json!({ "textDocument": { "uri": URI } });
    let line = |l: u32, from: u32, to: u32| json!({ "start": { "line": l, "character": from }, "end": { "line": l, "character": to } });
    let symbols = client.call("textDocument/documentSymbol", doc.clone());
    let names: Vec<(Value, Value)> = symbols
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| (s["name"].clone(), s["kind"].clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            (json!("THE HARBOUR LIGHTS"), json!(3)),
            (json!("1. INTRODUCTION"), json!(3)),
            (json!("NOTES"), json!(2)),
        ]
    );
    assert_eq!(symbols[2]["children"][0]["name"], "[1]");
    assert_eq!(symbols[2]["children"][0]["selectionRange"], line(8, 0, 3));
    assert_eq!(symbols[2]["children"][2]["detail"], "Reed, Fog Signals");

    assert_eq!(
        client.call("textDocument/foldingRange", doc.clone()),
        json!([
            { "startLine": 2, "endLine": 4, "kind": "region" },
            { "startLine": 6, "endLine": 10, "kind": "region" },
        ])
    );

    let lenses = client.call("textDocument/codeLens", doc.clone());
    let titles: Vec<(Value, Value)> = lenses
        .as_array()
        .expect("a list")
        .iter()
        .map(|l| (l["range"].clone(), l["command"]["title"].clone()))
        .collect();
    assert_eq!(
        titles,
        vec![
            (line(8, 0, 3), json!("cited 2 times")),
            (line(9, 0, 3), json!("cited once")),
            (line(10, 0, 3), json!("not cited")),
        ]
    );
    assert_eq!(lenses[1]["command"]["command"], "ibid.showReferences");
    assert_eq!(
        lenses[1]["command"]["arguments"][2],
        json!([location("[2]", 0)])
    );

    // The notes that cite the work, and the work.
    let symbols = client.call("workspace/symbol", json!({ "query": "lamps" }));
    assert_eq!(
        symbols,
        json!([
            {
                "name": "[1] Brightwater, Lamps and Lenses",
                "kind": 8,
                "containerName": "harbour.txt",
                "location": { "uri": URI, "range": range("[1]", 2, false) },
            },
            {
                "name": "Brightwater, Lamps and Lenses",
                "kind": 19,
                "containerName": "harbour.txt",
                "location": { "uri": URI, "range": range("Lamps and Lenses", 0, false) },
            },
            {
                "name": "[2] Ibid. (Brightwater, Lamps and Lenses)",
                "kind": 8,
                "containerName": "harbour.txt",
                "location": { "uri": URI, "range": range("[2]", 1, false) },
            },
        ])
    );
}

#[test]
fn links_and_inlay_hints() {
    let text = "Tide tables 🌊 matter.[1]\n\nNOTES\n\n[1] Ada Brightwater, “Tides,” Sea Notes, May 2, 2021, https://example.org/tides.\n";
    let mut client = crate::start(false);
    client.open(URI, 1, text);
    client.diagnostics(URI, 1);
    let doc = json!({ "textDocument": { "uri": URI } });
    assert_eq!(
        client.call("textDocument/documentLink", doc),
        json!([{ "range": crate::lsp_client::range_of(text, "https://example.org/tides", 0, false), "target": "https://example.org/tides" }])
    );
    let hints = client.call(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 1, "character": 0 } } }),
    );
    assert_eq!(
        hints[0]["position"],
        position(text, offset_of(text, "[1]", 0) + 3, false)
    );
    assert_eq!(hints[0]["label"], "Brightwater 2021");
    assert_eq!(hints[0]["paddingLeft"], true);
}
