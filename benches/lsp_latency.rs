//! Latency of the language server, driven like an editor drives it: the
//! real `ibid lsp --stdio` over pipes, on generated documents.
//!
//! ```sh
//! cargo bench --bench lsp_latency
//! ```
//!
//! For each size: time from `didOpen` to the first diagnostics, from a
//! one-character `didChange` to its diagnostics, hover and definition
//! latency (p50 and p99), and the server's peak resident memory (`VmHWM`).
//!
//! Words after `--` pick the documents whose names contain one of them
//! (`cargo bench --bench lsp_latency -- "1 MB"`), and `IBID_BENCH_BIN`
//! runs another build of the server, to compare two builds in alternation
//! on the same machine: on a busy machine only figures taken side by side
//! are comparable.

#[path = "common/latency.rs"]
mod latency;
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::time::Instant;

use latency::{ms, percentile};
use lsp_client::{LspClient, position};
use serde_json::json;

const EDITS: usize = 200;
const QUERIES: usize = 500;

/// The generated document with Markdown footnotes: `[^12]` markers and
/// `[^12]: ` definitions instead of `[12]`.
fn markdown_variant(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix('[')
            && let Some((label, body)) = rest.split_once("] ")
            && label.bytes().all(|b| b.is_ascii_digit())
        {
            out.push_str(&format!("[^{label}]: {body}"));
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find('[') {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[digits..].starts_with(']') {
                out.push('^');
            }
        }
        out.push_str(rest);
    }
    out
}

fn measure(name: &str, text: &str) {
    let uri = "file:///bench/notes.txt";
    let bin = std::env::var("IBID_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ibid").into());
    let mut client = LspClient::start(&bin, &[("IBID_LOG", "ibid=warn")]);
    client.initialize(json!({ "capabilities": {} }));

    let started = Instant::now();
    client.open(uri, 1, text);
    client.diagnostics(uri, 1);
    let open = started.elapsed();

    // One character typed in the middle of a body paragraph, again and
    // again; then as many typed into a note's citation, two thirds of the
    // way through the notes.
    let middle = text[..text.len() / 3].rfind(". ").map_or(0, |i| i + 1);
    let notes_start = text.find("\nNOTES\n").unwrap_or(0);
    let from = notes_start + (text.len() - notes_start) * 2 / 3;
    // Three characters into the body of the first note there, past its
    // label and the space after it.
    let in_note = text[from..]
        .find("\n[")
        .and_then(|i| text[from + i + 1..].find(' ').map(|j| from + i + 1 + j + 4))
        .unwrap_or(middle);
    let mut edits = Vec::new();
    let mut note_edits = Vec::new();
    let mut current = text.to_string();
    let mut version = 1;
    for (at, times) in [(middle, &mut edits), (in_note + EDITS, &mut note_edits)] {
        for _ in 0..EDITS {
            version += 1;
            let position = position(&current, at, false);
            let started = Instant::now();
            client.change(
                uri,
                version,
                json!([{ "range": { "start": position, "end": position }, "text": "x" }]),
            );
            client.diagnostics(uri, version);
            times.push(started.elapsed());
            current.insert(at, 'x');
        }
    }

    // Hover and definition on markers spread over the body (before the
    // notes heading: a note's label has no definition when it is unused).
    let body_end = current.find("\nNOTES\n").unwrap_or(current.len());
    let markers: Vec<usize> = current[..body_end]
        .match_indices('[')
        .filter(|(i, _)| current[i + 1..].starts_with(|c: char| c.is_ascii_digit() || c == '^'))
        .map(|(i, _)| i + 1)
        .collect();
    let step = (markers.len() / QUERIES).max(1);
    let mut hovers = Vec::new();
    let mut definitions = Vec::new();
    let mut answered = 0;
    for &offset in markers.iter().step_by(step).take(QUERIES) {
        let params = json!({ "textDocument": { "uri": uri }, "position": position(&current, offset, false) });
        let started = Instant::now();
        let hover = client.call("textDocument/hover", params.clone());
        hovers.push(started.elapsed());
        let started = Instant::now();
        // Null for an undefined marker; only the time matters here.
        client.call("textDocument/definition", params);
        definitions.push(started.elapsed());
        // An undefined marker has a hover ("no note") but no definition.
        // The hover must be about the marker asked for.
        let asked = position(&current, offset, false);
        let start = &hover["range"]["start"];
        let right_line = start["line"] == asked["line"];
        let at_or_before = start["character"].as_u64() <= asked["character"].as_u64();
        answered += usize::from(!hover.is_null() && right_line && at_or_before);
    }
    let rss = client
        .peak_rss_kib()
        .map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "| {name} | {} | {} | {} | {} / {} | {} / {} | {} / {} | {rss} | {answered}/{} |",
        ms(open),
        ms(percentile(&mut edits, 0.5)),
        ms(percentile(&mut edits, 0.99)),
        ms(percentile(&mut note_edits, 0.5)),
        ms(percentile(&mut note_edits, 0.99)),
        ms(percentile(&mut hovers, 0.5)),
        ms(percentile(&mut hovers, 0.99)),
        ms(percentile(&mut definitions, 0.5)),
        ms(percentile(&mut definitions, 0.99)),
        hovers.len(),
    );
    client.shutdown();
}

fn main() {
    // `cargo test --benches` runs benches once with `--bench` absent: keep
    // that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    println!(
        "| document | didOpen → diagnostics | edit → diagnostics p50 | p99 | edit in a note p50 / p99 | hover p50 / p99 | definition p50 / p99 | peak RSS | right hovers |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let picked = |name: &str| wanted.is_empty() || wanted.iter().any(|w| name.contains(w.as_str()));
    let sizes: &[(&str, usize)] = if quick {
        &[("100 KB", 100_000)]
    } else {
        &[
            ("100 KB", 100_000),
            ("1 MB", 1_000_000),
            ("5 MB", 5_000_000),
        ]
    };
    for &(name, size) in sizes.iter().filter(|(name, _)| picked(name)) {
        let text = ibid::analysis::testgen::notes_document(size, 42);
        measure(name, &text);
    }
    let footnotes = "1 MB, `[^n]` footnotes";
    if !quick && picked(footnotes) {
        let text = markdown_variant(&ibid::analysis::testgen::notes_document(1_000_000, 42));
        measure(footnotes, &text);
    }
}
