//! The parts of blocks read in earlier runs, keyed by the block's text, so
//! that an edit costs what it changed. After an edit the blocks of the last
//! run are carried over to the new tree ([`super::layout`]); the blocks found
//! where the edit fell are looked up here by their text, and so are all
//! blocks when there is nothing to carry over (a document replaced whole, or
//! a tree from another document).
//!
//! Syntax node ids would be a cheaper key, but they are addresses of slots in
//! a parent's child list and change whenever the parent is rebuilt, which an
//! incremental parse does all along the edited path. The key is a 128-bit
//! XXH3 hash of the text: hashing a megabyte takes tens of microseconds, where
//! keeping and comparing the texts themselves cost a copy of the document and
//! a comparison of every block on every run, and two different blocks share a
//! hash with a probability of about 2⁻¹²⁸.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::Part;

#[derive(Debug, Clone)]
struct Entry {
    /// The syntax node kind of the block, which its text alone does not fix
    /// (an ALL-CAPS line is a heading after a blank line, prose after text).
    kind: u16,
    part: Arc<Part>,
    /// The run that last used the entry.
    used: u32,
}

/// Parts of blocks by the key of their text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocks {
    run: u32,
    entries: FxHashMap<u128, Entry>,
}

impl Blocks {
    /// Starts a run.
    pub(crate) fn begin(&mut self) {
        self.run = self.run.wrapping_add(1);
    }

    /// Ends a run: forgets what it did not use, so the memo never holds
    /// more than one document's worth of entries.
    pub(crate) fn end(&mut self) {
        let run = self.run;
        self.entries.retain(|_, e| e.used == run);
    }

    /// The key of a block's text.
    pub(crate) fn key(text: &str) -> u128 {
        xxhash_rust::xxh3::xxh3_128(text.as_bytes())
    }

    /// The part of a block of node kind `kind` whose text has key `key`, if
    /// it was read before.
    pub(crate) fn get(&mut self, kind: u16, key: u128) -> Option<Arc<Part>> {
        let entry = self.entries.get_mut(&key).filter(|e| e.kind == kind)?;
        entry.used = self.run;
        Some(entry.part.clone())
    }

    pub(crate) fn insert(&mut self, kind: u16, key: u128, part: Arc<Part>) {
        self.entries.insert(
            key,
            Entry {
                kind,
                part,
                used: self.run,
            },
        );
    }

    /// How many blocks are held.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}
