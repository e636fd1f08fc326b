//! The language server, driven as an editor drives it: the real binary
//! `ibid lsp --stdio`, JSON-RPC over its stdin and stdout.

#[path = "../common/lsp_client.rs"]
mod lsp_client;

mod abuse;
mod bibliography;
mod diagnostics;
mod encodings;
mod features;
mod protocol;
mod robust;
mod styles;
mod sync;
mod workspace;

use lsp_client::LspClient;
use serde_json::{Value, json};

pub const BIN: &str = env!("CARGO_BIN_EXE_ibid");

/// An essay with curly quotes, emoji before markers, an undefined marker
/// `[4]` and an unused note `[3]`.
pub const ESSAY: &str = "THE HARBOUR LIGHTS

1. INTRODUCTION

The keepers called it “the long watch” 🌊 and wrote it down.[1] Later logs 🙂 repeat the claim.[2] A third keeper disagreed.[1] Nobody logged the storm.[4]

NOTES

[1] Ada Brightwater, “Lamps and Lenses,” Coastal Review 12, no. 3 (1998): 44–61.
[2] Ibid., 50.
[3] Tom Reed, *Fog Signals* (Leith: Harbour Press, 2004), 17.
";

pub const URI: &str = "file:///tmp/ibid-lsp-tests/harbour.txt";

/// A started session; `utf8` offers UTF-8 positions.
pub fn start(utf8: bool) -> LspClient {
    start_with(utf8, json!({}))
}

pub fn start_with(utf8: bool, extra: Value) -> LspClient {
    let mut client = LspClient::start(BIN, &[("IBID_LSP_CRASH_TEST", "1")]);
    let encodings = if utf8 {
        json!(["utf-16", "utf-8"])
    } else {
        json!(["utf-16"])
    };
    let mut params = json!({ "capabilities": { "general": { "positionEncodings": encodings } } });
    if let (Some(p), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            p.insert(k.clone(), v.clone());
        }
    }
    client.initialize(params);
    client
}

/// A session with [`ESSAY`] open and its first diagnostics received.
pub fn with_essay(utf8: bool) -> LspClient {
    let mut client = start(utf8);
    client.open(URI, 1, ESSAY);
    client.diagnostics(URI, 1);
    client
}

pub fn at(text: &str, needle: &str, nth: usize, delta: usize, utf8: bool) -> Value {
    json!({ "textDocument": { "uri": URI }, "position": lsp_client::position_of(text, needle, nth, delta, utf8) })
}

pub fn range(needle: &str, nth: usize, utf8: bool) -> Value {
    lsp_client::range_of(ESSAY, needle, nth, utf8)
}

pub fn location(needle: &str, nth: usize) -> Value {
    json!({ "uri": URI, "range": range(needle, nth, false) })
}
