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
#[path = "common/session.rs"]
mod session;

use latency::{ms, percentile};

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
    let bin = std::env::var("IBID_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ibid").into());
    let mut f = session::measure(&bin, text, EDITS, QUERIES);
    let rss = f
        .peak_rss_kib
        .map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "| {name} | {} | {} | {} | {} / {} | {} / {} | {} / {} | {rss} | {}/{} |",
        ms(f.open),
        ms(percentile(&mut f.edits, 0.5)),
        ms(percentile(&mut f.edits, 0.99)),
        ms(percentile(&mut f.note_edits, 0.5)),
        ms(percentile(&mut f.note_edits, 0.99)),
        ms(percentile(&mut f.hovers, 0.5)),
        ms(percentile(&mut f.hovers, 0.99)),
        ms(percentile(&mut f.definitions, 0.5)),
        ms(percentile(&mut f.definitions, 0.99)),
        f.answered,
        f.hovers.len(),
    );
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
