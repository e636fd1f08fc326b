//! Position encodings: UTF-16 by default, UTF-8 when the client offers it;
//! astral characters (emoji) count two UTF-16 units and four bytes.

use serde_json::json;

use crate::lsp_client::{LspClient, offset_of, position, range_of};
use crate::{BIN, ESSAY, URI};

fn negotiated(offered: serde_json::Value) -> (LspClient, serde_json::Value) {
    let mut client = LspClient::start(BIN, &[]);
    let result = client
        .initialize(json!({ "capabilities": { "general": { "positionEncodings": offered } } }));
    (client, result["capabilities"]["positionEncoding"].clone())
}

#[test]
fn utf8_is_chosen_when_offered_else_utf16() {
    assert_eq!(negotiated(json!(["utf-16", "utf-8"])).1, "utf-8");
    assert_eq!(negotiated(json!(["utf-32", "utf-16"])).1, "utf-16");
    let mut client = LspClient::start(BIN, &[]);
    let result = client.initialize(json!({ "capabilities": {} }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

/// The same document and the same edit, in each encoding: the marker after
/// the emoji sits at a different column, and an edit addressed in that
/// encoding lands in the same place.
fn check(utf8: bool) {
    let (mut client, _) = negotiated(if utf8 {
        json!(["utf-8"])
    } else {
        json!(["utf-16"])
    });
    client.open(URI, 1, ESSAY);
    let diagnostics = client.diagnostics(URI, 1);
    assert_eq!(diagnostics[0]["range"], range_of(ESSAY, "[4]", 0, utf8));
    assert_eq!(diagnostics[1]["range"], range_of(ESSAY, "[3]", 0, utf8));

    // Insert an emoji and a new marker right after 🙂.
    let at = offset_of(ESSAY, "🙂", 0) + "🙂".len();
    let p = position(ESSAY, at, utf8);
    client.change(
        URI,
        2,
        json!([{ "range": { "start": p, "end": p }, "text": "🛟[8]" }]),
    );
    let mut text = ESSAY.to_string();
    text.insert_str(at, "🛟[8]");
    let diagnostics = client.diagnostics(URI, 2);
    assert_eq!(diagnostics[0]["range"], range_of(&text, "[8]", 0, utf8));
    let expected_col = if utf8 {
        offset_of(&text, "[8]", 0) - offset_of(&text, "The keepers", 0)
    } else {
        text[offset_of(&text, "The keepers", 0)..offset_of(&text, "[8]", 0)]
            .encode_utf16()
            .count()
    };
    assert_eq!(diagnostics[0]["range"]["start"]["character"], expected_col);
}

#[test]
fn utf16_columns_count_surrogate_pairs() {
    check(false);
}

#[test]
fn utf8_columns_count_bytes() {
    check(true);
}
