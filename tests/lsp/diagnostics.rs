//! Diagnostics, pushed and pulled: codes, links, related information, tags,
//! severities, source.

use serde_json::json;

use crate::{ESSAY, URI, range, start, with_essay};

fn expected() -> serde_json::Value {
    json!([
        {
            "range": range("[4]", 0, false),
            "severity": 1,
            "code": "undefined-note",
            "codeDescription": { "href": "https://github.com/ibid-notes/ibid/blob/main/docs/rules.md#undefined-note" },
            "source": "ibid",
            "message": "marker [4] refers to no note: add a note labelled 4 or remove the marker"
        },
        {
            "range": range("[3]", 0, false),
            "severity": 2,
            "code": "unused-note",
            "codeDescription": { "href": "https://github.com/ibid-notes/ibid/blob/main/docs/rules.md#unused-note" },
            "source": "ibid",
            "message": "note [3] is never cited: cite it with a marker or delete it",
            "tags": [1]
        }
    ])
}

#[test]
fn pushed_diagnostics_carry_codes_links_tags_and_severities() {
    let mut client = start(false);
    client.open(URI, 1, ESSAY);
    assert_eq!(client.diagnostics(URI, 1), expected());
}

#[test]
fn related_information_points_at_the_other_place() {
    // A second note labelled 1: the duplicate points at the first.
    let text = format!("{ESSAY}[1] A. Second, *Another Book* (Paris: Quai, 2010), 3.\n");
    let mut client = start(false);
    client.open(URI, 1, &text);
    let diagnostics = client.diagnostics(URI, 1);
    let duplicate = diagnostics
        .as_array()
        .expect("a list")
        .iter()
        .find(|d| d["code"] == "duplicate-note")
        .expect("a duplicate-note diagnostic");
    assert_eq!(
        duplicate["range"],
        crate::lsp_client::range_of(&text, "[1]", 3, false)
    );
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    assert_eq!(
        related["location"]["range"],
        crate::lsp_client::range_of(&text, "[1]", 2, false)
    );
}

#[test]
fn pulled_diagnostics_match_the_pushed_ones() {
    let mut client = with_essay(false);
    let report = client.call(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"], expected());
    let result_id = report["resultId"].clone();
    assert!(result_id.is_string(), "{report}");

    let workspace = client.call("workspace/diagnostic", json!({ "previousResultIds": [] }));
    assert_eq!(
        workspace["items"],
        json!([{ "kind": "full", "uri": URI, "version": 1, "resultId": result_id, "items": expected() }])
    );

    // An unknown document has no diagnostics.
    let unknown = client.call(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": "file:///nowhere/else.txt" } }),
    );
    assert_eq!(unknown["items"], json!([]));
}

#[test]
fn a_client_that_pulls_is_not_pushed_to() {
    let mut client = crate::lsp_client::LspClient::start(crate::BIN, &[]);
    client.initialize(json!({ "capabilities": { "textDocument": { "diagnostic": {} } } }));
    client.open(URI, 1, ESSAY);
    let report = client.call(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(report["items"].as_array().map(Vec::len), Some(2));
    client.drain_for(std::time::Duration::from_millis(200));
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["method"] == "textDocument/publishDiagnostics"),
        "{:?}",
        client.notifications
    );
}

/// A pull that names the `resultId` of the diagnostics the document has now
/// is answered `unchanged`; once they change, the answer is full again,
/// with a new id. The same holds per document in a workspace pull.
#[test]
fn a_pull_that_knows_the_current_result_is_answered_unchanged() {
    let mut client = with_essay(false);
    let pull = |client: &mut crate::lsp_client::LspClient, previous: &serde_json::Value| {
        client.call(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI }, "previousResultId": previous }),
        )
    };
    let first = client.call(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    let id = first["resultId"].clone();
    assert!(id.is_string(), "{first}");
    assert_eq!(
        pull(&mut client, &id),
        json!({ "kind": "unchanged", "resultId": id })
    );
    let workspace = client.call(
        "workspace/diagnostic",
        json!({ "previousResultIds": [{ "uri": URI, "value": id }] }),
    );
    assert_eq!(
        workspace["items"],
        json!([{ "kind": "unchanged", "uri": URI, "version": 1, "resultId": id }])
    );

    // An edit that leaves the diagnostics as they were keeps the id.
    let end = ESSAY.matches('\n').count();
    let at_end =
        json!({ "start": { "line": end, "character": 0 }, "end": { "line": end, "character": 0 } });
    client.change(URI, 2, json!([{ "range": at_end, "text": "\n" }]));
    assert_eq!(
        pull(&mut client, &id),
        json!({ "kind": "unchanged", "resultId": id })
    );

    // One that adds a finding does not.
    client.change(URI, 3, json!([{ "range": at_end, "text": "Fog.[9]\n" }]));
    let changed = pull(&mut client, &id);
    assert_eq!(changed["kind"], "full");
    assert_eq!(changed["items"].as_array().map(Vec::len), Some(3));
    assert!(changed["resultId"].is_string() && changed["resultId"] != id);
    assert_eq!(
        pull(&mut client, &changed["resultId"]),
        json!({ "kind": "unchanged", "resultId": changed["resultId"] })
    );
}

#[test]
fn an_indented_passage_is_read_as_the_document_s_extension_says() {
    // In plain text the quoted letter's marker cites note 2; in Markdown
    // the letter is code, and note 2 is never cited.
    let text = "The keeper wrote home.[1]\n\n    Dear Ma, the lamp is lit.[2]\n\n\
                [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 4.\n[2] A letter of 1851, now lost.\n";
    let mut client = start(false);
    client.open("file:///notes/letter.txt", 1, text);
    assert_eq!(client.diagnostics("file:///notes/letter.txt", 1), json!([]));
    client.open("file:///notes/letter.md", 1, text);
    let codes: Vec<serde_json::Value> = client
        .diagnostics("file:///notes/letter.md", 1)
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(codes, [json!("unused-note")]);
}
