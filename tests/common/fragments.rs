//! Generated notes documents for property tests: concatenations of
//! fragments each test chooses for what it exercises.

use proptest::prelude::*;

/// Up to `max` fragments of `list`, concatenated.
pub fn concat_of(list: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(list), 0..max).prop_map(|pieces| pieces.concat())
}
