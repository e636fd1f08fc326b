//! Pandoc citations over the real server: hover shows the entry formatted
//! in Chicago notes style, definition lands on the entry in the `.bib`
//! file, completion after `@` lists the keys, references from the entry
//! find its citations, and editing the bibliography (in the editor or on
//! disk) updates the diagnostics of the documents that cite it.

use std::path::Path;

use serde_json::{Value, json};

use crate::BIN;
use crate::lsp_client::{LspClient, file_uri, position_of};

const LIBRARY: &str = include_str!("../fixtures/bibliography/library.bib");

const ESSAY: &str = "---
title: Rivers in Winter
bibliography: refs/library.bib
---

The river froze early 🧊 [@whitcombe1999frozen, p. 33], and the timber came
down on the ice [see @okafor2012ice; @lund2003tides]. As @brandt2005thaw argues,
the thaw was worse.
";

/// A session on a workspace folder holding the essay and its bibliography,
/// with the essay open and its first diagnostics received.
fn session(root: &Path) -> (LspClient, String, Value) {
    std::fs::create_dir_all(root.join("refs")).expect("mkdir");
    std::fs::write(root.join("refs/library.bib"), LIBRARY).expect("write");
    std::fs::write(root.join("essay.md"), ESSAY).expect("write");
    let mut client = LspClient::start(BIN, &[]);
    client.initialize(json!({
        "capabilities": {
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
            "textDocument": { "completion": { "completionItem": { "snippetSupport": false } } }
        },
        "workspaceFolders": [{ "uri": file_uri(root), "name": "root" }],
    }));
    let uri = file_uri(&root.join("essay.md"));
    client.open(&uri, 1, ESSAY);
    let diagnostics = client.diagnostics(&uri, 1);
    (client, uri, diagnostics)
}

fn at(uri: &str, needle: &str, delta: usize) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position_of(ESSAY, needle, 0, delta, false) })
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    format!(
                        "{} {}",
                        d["code"].as_str().unwrap_or(""),
                        d["range"]["start"]
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn hover_definition_and_completion_on_citation_keys() {
    let root = tempfile::tempdir().expect("temp dir");
    let (mut client, uri, diagnostics) = session(root.path());
    assert_eq!(
        codes(&diagnostics),
        [r#"unknown-citekey {"character":37,"line":6}"#]
    );

    let hover = client.call("textDocument/hover", at(&uri, "@whitcombe", 3));
    insta::assert_json_snapshot!(hover, @r#"
    {
      "contents": {
        "kind": "markdown",
        "value": "Anna Whitcombe, *Frozen Rivers: A Winter History* (Nordic Press, 1999), 33.\n\nWhitcombe, Anna. *Frozen Rivers: A Winter History*. Nordic Press, 1999.\n\n`whitcombe1999frozen` · library.bib:4"
      },
      "range": {
        "end": {
          "character": 46,
          "line": 5
        },
        "start": {
          "character": 26,
          "line": 5
        }
      }
    }
    "#);

    let definition = client.call("textDocument/definition", at(&uri, "@okafor", 2));
    let bib_uri = file_uri(&root.path().join("refs/library.bib"));
    let line = LIBRARY[..LIBRARY.find("okafor2012ice").expect("key")]
        .matches('\n')
        .count();
    assert_eq!(definition["uri"], bib_uri.as_str());
    assert_eq!(definition["range"]["start"]["line"], line);
    assert_eq!(
        definition["range"]["end"]["character"]
            .as_u64()
            .unwrap_or(0)
            - definition["range"]["start"]["character"]
                .as_u64()
                .unwrap_or(0),
        "okafor2012ice".len() as u64
    );

    let mut params = at(&uri, "@brandt", 1);
    params["context"] = json!({ "triggerKind": 2, "triggerCharacter": "@" });
    let completion = client.call("textDocument/completion", params);
    let items: Vec<Value> = completion
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|i| json!([i["label"], i["detail"]]))
        .collect();
    assert_eq!(
        items,
        [
            json!([
                "whitcombe1999frozen",
                "Whitcombe 1999, Frozen Rivers: A Winter History"
            ]),
            json!([
                "okafor2012ice",
                "Okafor and Lindqvist 2012, Ice Roads and the Timber Trade"
            ]),
            json!([
                "harbourlog2020",
                "Port Authority of Kestrel Bay 2020, Harbour Ice Log, Winter 2020"
            ]),
            json!([
                "brandt2005thaw",
                "Brandt 2005, Thaw and Flood in Coastal Towns"
            ]),
        ]
    );
    client.shutdown();
}

#[test]
fn editing_the_bibliography_updates_the_documents_that_cite_it() {
    let root = tempfile::tempdir().expect("temp dir");
    let (mut client, uri, _) = session(root.path());
    let bib_path = root.path().join("refs/library.bib");
    let bib_uri = file_uri(&bib_path);

    // Opened in the editor: its own diagnostics (none), and edits count.
    client.open(&bib_uri, 1, LIBRARY);
    let bib_diagnostics = client.diagnostics(&bib_uri, 1);
    assert_eq!(bib_diagnostics, json!([]));
    let end = LIBRARY.matches('\n').count();
    let added = "@book{lund2003tides, author = {Lund, Per}, title = {Tides of the North}, year = {2003}}\n@book{okafor2012ice, title = {A Second Entry With the Same Key}}\n";
    client.change(
        &bib_uri,
        2,
        json!([{ "range": { "start": { "line": end, "character": 0 }, "end": { "line": end, "character": 0 } }, "text": added }]),
    );
    let bib_diagnostics = client.diagnostics(&bib_uri, 2);
    assert_eq!(
        codes(&bib_diagnostics),
        [format!(
            r#"duplicate-citekey {{"character":6,"line":{}}}"#,
            end + 1
        )]
    );
    client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });

    // References from the entry: its citations in the essay, and the key.
    let key_at = LIBRARY.find("brandt2005thaw").expect("key");
    let key_line = LIBRARY[..key_at].matches('\n').count();
    let key_column = key_at - LIBRARY[..key_at].rfind('\n').map_or(0, |i| i + 1);
    let refs = client.call(
        "textDocument/references",
        json!({
            "textDocument": { "uri": bib_uri },
            "position": { "line": key_line, "character": 20 },
            "context": { "includeDeclaration": true },
        }),
    );
    let found: Vec<(String, Value)> = refs
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap_or("").to_string(),
                l["range"]["start"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                bib_uri.clone(),
                json!({ "line": key_line, "character": key_column })
            ),
            (
                uri.clone(),
                position_of(ESSAY, "brandt2005thaw", 0, 0, false)
            ),
        ]
    );

    // Closed without saving: the file on disk counts again. (Earlier
    // diagnostics still queued must not stand for the new ones.)
    client.drain_for(std::time::Duration::from_millis(300));
    client.clear_notifications();
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": bib_uri } }),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(|d| d.len() == 1)
    });

    // Changed on disk and reported by the watcher.
    client.drain_for(std::time::Duration::from_millis(300));
    client.clear_notifications();
    let mut text = LIBRARY.to_string();
    text.push_str(added);
    std::fs::write(&bib_path, &text).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": bib_uri, "type": 2 }] }),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });
    let bib_diagnostics = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == bib_uri.as_str() && p["diagnostics"].as_array().is_some_and(|d| d.len() == 1)
    });
    assert_eq!(
        bib_diagnostics["diagnostics"][0]["code"],
        "duplicate-citekey"
    );
    client.shutdown();
}

/// A client that pulls diagnostics learns that a bibliography changed:
/// the server asks it to pull again, and the pull shows the change in the
/// documents that cite it.
#[test]
fn a_changed_bibliography_asks_a_pulling_client_to_pull_again() {
    let root = tempfile::tempdir().expect("temp dir");
    let root = root.path();
    std::fs::create_dir_all(root.join("refs")).expect("mkdir");
    std::fs::write(root.join("refs/library.bib"), LIBRARY).expect("write");
    let mut client = LspClient::start(BIN, &[]);
    client.initialize(json!({
        "capabilities": {
            "workspace": {
                "didChangeWatchedFiles": { "dynamicRegistration": true },
                "diagnostics": { "refreshSupport": true }
            },
            "textDocument": { "diagnostic": {} }
        },
        "workspaceFolders": [{ "uri": file_uri(root), "name": "root" }],
    }));
    let uri = file_uri(&root.join("essay.md"));
    client.open(&uri, 1, ESSAY);
    let pull = |client: &mut LspClient| {
        let report = client.call(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        codes(&report["items"])
    };
    let before = pull(&mut client);
    assert_eq!(before, [r#"unknown-citekey {"character":37,"line":6}"#]);
    let refreshes = |client: &LspClient| {
        client
            .server_requests
            .iter()
            .filter(|r| r["method"] == "workspace/diagnostic/refresh")
            .count()
    };
    assert_eq!(refreshes(&client), 0);

    // The missing entry is added on disk.
    let bib = root.join("refs/library.bib");
    let added =
        "@book{lund2003tides, author = {Lund, Per}, title = {Tides of the North}, year = {2003}}\n";
    std::fs::write(&bib, format!("{LIBRARY}{added}")).expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&bib), "type": 2 }] }),
    );
    let deadline = std::time::Instant::now() + crate::lsp_client::TIMEOUT;
    while refreshes(&client) == 0 {
        assert!(std::time::Instant::now() < deadline, "no refresh was asked");
        client.drain_for(std::time::Duration::from_millis(20));
    }
    assert_eq!(pull(&mut client), Vec::<String>::new());
}
