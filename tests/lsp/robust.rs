//! Bad input never kills the server: panics in handlers, unknown documents,
//! impossible positions, malformed parameters, cancelled requests.

use serde_json::{Value, json};

use crate::{ESSAY, URI, at, with_essay};

fn still_serving(client: &mut crate::lsp_client::LspClient) {
    let report = client.call(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(report["items"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_panic_in_a_handler_is_an_error_response_and_the_server_lives_on() {
    let mut client = with_essay(false);
    let error = client
        .request("ibid/crash", Value::Null)
        .expect_err("an error");
    assert_eq!(error["code"], -32603);
    assert_eq!(
        error["message"],
        "ibid: ibid/crash failed: ibid/crash was asked to panic"
    );
    still_serving(&mut client);
    client.assert_logged("ibid/crash panicked");
}

#[test]
fn unknown_documents_get_empty_answers() {
    let mut client = with_essay(false);
    let other = json!({ "textDocument": { "uri": "file:///nowhere/else.txt" }, "position": { "line": 0, "character": 0 } });
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        let mut params = other.clone();
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        assert_eq!(client.call(method, params), Value::Null, "{method}");
    }
    let doc = json!({ "textDocument": { "uri": "file:///nowhere/else.txt" } });
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/documentLink",
        "textDocument/codeLens",
    ] {
        assert_eq!(client.call(method, doc.clone()), Value::Null, "{method}");
    }
    // A change to a document that is not open is ignored.
    client.change("file:///nowhere/else.txt", 2, json!([{ "text": "x" }]));
    still_serving(&mut client);
}

#[test]
fn impossible_positions_and_ranges_get_empty_answers() {
    let mut client = with_essay(false);
    let past_end =
        json!({ "textDocument": { "uri": URI }, "position": { "line": 999, "character": 0 } });
    assert_eq!(
        client.call("textDocument/hover", past_end.clone()),
        Value::Null
    );
    assert_eq!(
        client.call("textDocument/definition", past_end),
        Value::Null
    );
    // Between the two halves of 🌊 in UTF-16.
    let inside = at(ESSAY, "🌊", 0, 0, false);
    let mut inside = inside.clone();
    inside["position"]["character"] =
        json!(inside["position"]["character"].as_u64().unwrap_or(0) + 1);
    assert_eq!(
        client.call("textDocument/hover", inside.clone()),
        Value::Null
    );
    assert_eq!(client.call("textDocument/completion", inside), Value::Null);
    let bad_range = json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 500, "character": 0 } }, "context": { "diagnostics": [] } });
    assert_eq!(
        client.call("textDocument/codeAction", bad_range.clone()),
        Value::Null
    );
    assert_eq!(
        client.call("textDocument/inlayHint", bad_range),
        Value::Null
    );
    // An edit with a range past the end is refused; the document stays.
    client.change(URI, 2, json!([{ "range": { "start": { "line": 400, "character": 0 }, "end": { "line": 401, "character": 0 } }, "text": "x" }]));
    let message = client.wait_for("window/showMessage", |_| true);
    assert_eq!(message["type"], 2);
    assert_eq!(
        message["message"],
        format!(
            "ibid: could not apply an edit to {URI} (range 400:0-401:0 is not in the document); close and reopen the document"
        )
    );
    still_serving(&mut client);
}

#[test]
fn malformed_parameters_and_messages_get_errors() {
    let mut client = with_essay(false);
    let error = client
        .request("textDocument/hover", json!({ "textDocument": 7 }))
        .expect_err("invalid params");
    assert_eq!(error["code"], -32602);
    let error = client
        .request("textDocument/nonsense", json!({}))
        .expect_err("no such method");
    assert_eq!(error["code"], -32601);
    client.send_raw("{ this is not json");
    client.send_raw(r#"{"jsonrpc": "2.0", "id": 77}"#);
    client.notify("textDocument/didChange", json!({ "textDocument": "no" }));
    still_serving(&mut client);
    assert_eq!(client.garbage(), "");
    // Neither message had an id the server could read: the answers have none.
    let codes: Vec<_> = client
        .unaddressed
        .iter()
        .map(|m| (m["id"].clone(), m["error"]["code"].clone()))
        .collect();
    assert_eq!(
        codes,
        [(Value::Null, json!(-32700)), (Value::Null, json!(-32600))]
    );
}

#[test]
fn a_cancelled_request_is_answered_with_request_cancelled() {
    let mut client = with_essay(false);
    // Queue enough slow work that the hover is still pending when cancelled.
    let id = client.send_request("workspace/symbol", json!({ "query": "" }));
    client.notify("$/cancelRequest", json!({ "id": id }));
    match client.response(id) {
        // Cancelled in time, or done before the cancellation arrived.
        Err(error) => assert_eq!(error["code"], -32800),
        Ok(result) => assert!(result.is_array(), "{result}"),
    }
    still_serving(&mut client);
}

#[test]
fn logs_go_to_stderr_and_the_server_exits_cleanly() {
    let client = with_essay(false);
    client.assert_logged("initialized");
    let garbage = client.garbage();
    assert_eq!(garbage, "");
    let status = client.shutdown();
    assert!(status.success(), "{status:?}");
}

#[test]
fn every_advertised_request_is_answered() {
    let mut client = with_essay(false);
    let document = json!({ "uri": URI });
    let position = at(ESSAY, "[1]", 0, 1, false);
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 12, "character": 0 } });
    let with = |extra: Value| {
        let mut params = position.clone();
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        params
    };
    let requests = [
        ("textDocument/hover", with(json!({}))),
        ("textDocument/definition", with(json!({}))),
        (
            "textDocument/references",
            with(json!({ "context": { "includeDeclaration": true } })),
        ),
        ("textDocument/completion", with(json!({}))),
        ("textDocument/prepareRename", with(json!({}))),
        ("textDocument/rename", with(json!({ "newName": "9" }))),
        (
            "textDocument/codeAction",
            json!({ "textDocument": document, "range": whole, "context": { "diagnostics": [] } }),
        ),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": document }),
        ),
        ("workspace/symbol", json!({ "query": "" })),
        (
            "textDocument/foldingRange",
            json!({ "textDocument": document }),
        ),
        (
            "textDocument/documentLink",
            json!({ "textDocument": document }),
        ),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": document, "range": whole }),
        ),
        ("textDocument/codeLens", json!({ "textDocument": document })),
        (
            "textDocument/diagnostic",
            json!({ "textDocument": document }),
        ),
        ("workspace/diagnostic", json!({ "previousResultIds": [] })),
    ];
    for (method, params) in requests {
        let result = client.request(method, params);
        assert!(result.is_ok(), "{method}: {result:?}");
    }
    assert!(client.shutdown().success());
}
