//! A client that breaks the protocol, on purpose or by accident: broken
//! framing, calls out of order, absurd positions, floods of edits, huge
//! documents, an `exit` without `shutdown`. The server answers what is due,
//! keeps serving, and never crashes.

use serde_json::{Value, json};

use crate::lsp_client::{LspClient, position_of};
use crate::{BIN, ESSAY, URI, at, start, with_essay};

fn hover_finds_the_first_note(client: &mut LspClient) {
    let hover = client.call("textDocument/hover", at(ESSAY, "[1]", 0, 1, false));
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("Lamps and Lenses"), "{hover}");
}

#[test]
fn a_wrong_content_length_costs_at_most_the_messages_it_overlaps() {
    let mut client = with_essay(false);
    let hover = json!({ "jsonrpc": "2.0", "id": 900, "method": "textDocument/hover", "params": at(ESSAY, "[1]", 0, 1, false) }).to_string();
    // Too short: the rest of the body runs into the next header.
    client.write_bytes(format!("Content-Length: 10\r\n\r\n{hover}").as_bytes());
    // Too long: it swallows the start of the next message.
    let ping = json!({ "jsonrpc": "2.0", "method": "$/ping" }).to_string();
    client.write_bytes(format!("Content-Length: {}\r\n\r\n{ping}", ping.len() + 12).as_bytes());
    client.notify("$/ping", Value::Null);
    // Not a number, then no length at all.
    client.write_bytes(b"Content-Length: lots\r\n\r\n");
    client.write_bytes(b"Content-Type: application/json\r\n\r\n");
    hover_finds_the_first_note(&mut client);
    assert_eq!(client.garbage(), "");
    client.assert_logged("not JSON");
    client.assert_logged("Content-Length is not a number");
    assert!(client.shutdown().success());
}

#[test]
fn a_length_beyond_any_document_is_skipped_without_reading_it_into_memory() {
    let mut client = with_essay(false);
    client.write_bytes(b"Content-Length: 99999999999999\r\n\r\n{}");
    let before = client.rss_kib();
    let status = client.close_input_and_wait();
    // The input ended inside the skipped message: no `shutdown` came.
    assert_eq!(status.code(), Some(1));
    assert!(before.is_some());
}

#[test]
fn a_truncated_message_at_the_end_of_input_ends_the_server_quietly() {
    let mut client = with_essay(false);
    client.write_bytes(b"Content-Length: 200\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 5, \"meth");
    let status = client.close_input_and_wait();
    assert_eq!(status.code(), Some(1), "no shutdown before the end");
}

#[test]
fn requests_before_initialize_are_refused_and_a_second_initialize_is_an_error() {
    let mut client = LspClient::start(BIN, &[]);
    let error = client
        .request("textDocument/hover", at(ESSAY, "[1]", 0, 1, false))
        .expect_err("not initialized");
    assert_eq!(error["code"], -32002);
    client.initialize(json!({}));
    let error = client
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        )
        .expect_err("initialized already");
    assert_eq!(error["code"], -32600, "{error}");
    client.open(URI, 1, ESSAY);
    assert_eq!(client.diagnostics(URI, 1).as_array().map(Vec::len), Some(2));
    assert!(client.shutdown().success());
}

#[test]
fn unknown_methods_and_notifications_are_answered_or_ignored() {
    let mut client = with_essay(false);
    let error = client
        .request("ibid/nothingHere", json!({}))
        .expect_err("unknown request");
    assert_eq!(error["code"], -32601);
    client.notify("ibid/nothingHere", json!({ "x": 1 }));
    client.notify("$/setTrace", json!({ "value": "verbose" }));
    hover_finds_the_first_note(&mut client);
}

#[test]
fn positions_near_the_limits_of_u32_get_empty_answers() {
    let mut client = with_essay(false);
    let max = u32::MAX;
    for (line, character) in [(max, max), (0, max), (max, 0), (4, max - 1)] {
        let params = json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
            "textDocument/prepareRename",
        ] {
            let answer = client.request(method, params.clone());
            // A column past the end of a line means its end; a line past the
            // end is nothing.
            match answer {
                Ok(value) if line == max => assert_eq!(value, Value::Null, "{method}"),
                Ok(_) => {}
                Err(error) => panic!("{method} at {line}:{character}: {error}"),
            }
        }
        let mut references = params.clone();
        references["context"] = json!({ "includeDeclaration": true });
        assert!(
            client
                .request("textDocument/references", references)
                .is_ok()
        );
    }
    client.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": max, "character": max }, "end": { "line": max, "character": max } }, "text": "x" }]),
    );
    let range =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": max, "character": max } });
    assert_eq!(
        client.call(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": range })
        ),
        Value::Null
    );
    hover_finds_the_first_note(&mut client);
}

/// Appends `ch` at the end of line 4 of `text` (the essay's paragraph) and
/// returns the protocol change.
fn type_at_paragraph_end(text: &mut String, ch: char) -> Value {
    let end = paragraph_end(text);
    let at = position_of(text, "\n\nNOTES", 0, 0, false);
    text.insert(end, ch);
    json!([{ "range": { "start": at, "end": at }, "text": ch.to_string() }])
}

fn paragraph_end(text: &str) -> usize {
    text.find("\n\nNOTES")
        .expect("the essay has a notes heading")
}

fn delete_before_paragraph_end(text: &mut String) -> Value {
    let end = paragraph_end(text);
    let Some(ch) = text[..end].chars().next_back() else {
        return json!([]);
    };
    let start = end - ch.len_utf8();
    let from = crate::lsp_client::position(text, start, false);
    let to = crate::lsp_client::position(text, end, false);
    text.replace_range(start..end, "");
    json!([{ "range": { "start": from, "end": to }, "text": "" }])
}

#[test]
fn ten_thousand_rapid_edits_with_hovers_end_with_the_diagnostics_of_the_final_text() {
    let mut client = with_essay(false);
    let mut text = ESSAY.to_string();
    let typed: Vec<char> = " Then 🙂 “more”.[3] Later.[5]".chars().collect();
    let mut hovers = Vec::new();
    let mut version = 1;
    for i in 0..10_000 {
        version += 1;
        let change = if i % 10 == 9 {
            delete_before_paragraph_end(&mut text)
        } else {
            type_at_paragraph_end(&mut text, typed[i % typed.len()])
        };
        client.change(URI, version, change);
        if i % 100 == 0 {
            hovers.push(client.send_request("textDocument/hover", at(ESSAY, "[1]", 0, 1, false)));
        }
    }
    for id in hovers {
        let hover = client.response(id).expect("a hover");
        let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
        assert!(markdown.contains("Lamps and Lenses"), "{hover}");
    }
    let edited = client.diagnostics(URI, version);
    let fresh_uri = "file:///tmp/ibid-lsp-tests/fresh.txt";
    client.open(fresh_uri, 1, &text);
    let fresh = client.diagnostics(fresh_uri, 1);
    let strip = |mut d: Value| {
        for item in d.as_array_mut().into_iter().flatten() {
            for related in item["relatedInformation"]
                .as_array_mut()
                .into_iter()
                .flatten()
            {
                related["location"]["uri"] = Value::Null;
            }
        }
        d
    };
    assert_eq!(strip(edited.clone()), strip(fresh));
    assert!(edited.as_array().is_some_and(|d| d.len() > 100), "{edited}");
}

#[test]
fn a_document_over_the_size_limit_is_refused_with_a_message() {
    let mut client = start(false);
    let big = "Grain rose.[1] ".repeat(50 * 1024 * 1024 / 15 + 1);
    let big_uri = "file:///tmp/ibid-lsp-tests/huge.txt";
    client.open(big_uri, 1, &big);
    drop(big);
    let message = client.wait_for("window/showMessage", |_| true);
    assert_eq!(message["type"], 1);
    let text = message["message"].as_str().unwrap_or_default();
    assert!(
        text.contains("huge.txt is 52428810 bytes, over the maximum of 33554432 bytes (`max-file-size` in ibid.toml)"),
        "{text}"
    );
    let hover =
        json!({ "textDocument": { "uri": big_uri }, "position": { "line": 0, "character": 12 } });
    assert_eq!(client.call("textDocument/hover", hover), Value::Null);
    client.open(URI, 1, ESSAY);
    assert_eq!(client.diagnostics(URI, 1).as_array().map(Vec::len), Some(2));
}

#[test]
fn a_lower_size_limit_from_the_settings_applies_to_edits_too() {
    let mut client = crate::start_with(
        false,
        json!({ "initializationOptions": { "max-file-size": 2000 } }),
    );
    client.open(URI, 1, ESSAY);
    client.diagnostics(URI, 1);
    let mut text = ESSAY.to_string();
    let change = type_at_paragraph_end(&mut text, 'x');
    let mut change = change.clone();
    change[0]["text"] = json!("x".repeat(3000));
    client.change(URI, 2, change);
    let message = client.wait_for("window/showMessage", |_| true);
    assert!(
        message["message"]
            .as_str()
            .is_some_and(|m| m.contains("over the maximum of 2000 bytes")),
        "{message}"
    );
    assert_eq!(
        client.call("textDocument/hover", at(ESSAY, "[1]", 0, 1, false)),
        Value::Null
    );
}

#[test]
fn memory_returns_after_a_large_document_is_closed() {
    let mut client = start(false);
    let baseline = client.rss_kib().expect("rss");
    let text = ibid::analysis::testgen::notes_document(5 * 1024 * 1024, 7);
    let uri = "file:///tmp/ibid-lsp-tests/five.txt";
    client.open(uri, 1, &text);
    client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    let open = client.rss_kib().expect("rss");
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });
    // The next request is served after the close has been handled.
    client.call("workspace/symbol", json!({ "query": "" }));
    let closed = client.rss_kib().expect("rss");
    eprintln!("RSS: baseline {baseline} KiB, open {open} KiB, closed {closed} KiB");
    assert!(open > baseline + 10 * 1024, "a 5 MB document takes memory");
    assert!(
        closed < baseline + (open - baseline) / 4,
        "RSS after close {closed} KiB; baseline {baseline} KiB, open {open} KiB"
    );
}

#[test]
fn exit_without_shutdown_ends_the_server_with_status_1() {
    let client = with_essay(false);
    let status = client.exit();
    assert_eq!(status.code(), Some(1));
}
