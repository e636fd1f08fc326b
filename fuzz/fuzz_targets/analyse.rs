//! Any text analyses, every range the analysis and the editor features give
//! is inside the text, and the safe fixes produce text that analyses again.
#![no_main]

use ibid::analysis::{Analysis, Document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<u16>, &[u8])| {
    let (probes, data) = input;
    let text = ibid_fuzz::text_of(data);
    let document = Document::new(text);
    let analysis = Analysis::of(&document);
    let probes = &probes[..probes.len().min(8)];
    ibid_fuzz::check_analysis(&document, &analysis, probes);
});
