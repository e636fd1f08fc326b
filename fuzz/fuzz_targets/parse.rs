//! Any bytes parse, and the tree covers the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = ibid_fuzz::text_of(data);
    let tree = ibid::analysis::syntax::parse(&text);
    ibid_fuzz::check_tree(&text, &tree);
});
