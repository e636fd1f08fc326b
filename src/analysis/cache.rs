//! What the analysis keeps between runs so that an edit costs what it
//! changed. The index is read block by block (a paragraph, a table, a note),
//! and what a block contributes depends only on its text. After an edit the
//! blocks of the last run are carried over to the new tree
//! ([`super::layout`]); the blocks found where the edit fell are looked up
//! by their text, and so are all blocks when there is nothing to carry over
//! (a document replaced whole, or a tree from another document).
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

use super::index::{Index, Part};
use super::layout::Unit;
use super::works::Works;

#[derive(Debug, Clone)]
struct Entry {
    /// The syntax node kind of the block, which its text alone does not fix
    /// (an ALL-CAPS line is a heading after a blank line, prose after text).
    kind: u16,
    part: Arc<Part>,
    /// The run that last used the entry.
    used: u32,
}

/// What resolution depends on: each note's citations (by identity: an
/// unchanged note keeps the very same parsed citations, with their id) and
/// section, and the author-date references (their names and years, by a
/// 128-bit hash). Nothing here points into the index, so comparing two runs
/// touches two flat lists, not every note's citations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WorksInput {
    notes: Vec<(u64, usize)>,
    author_dates: u128,
}

impl WorksInput {
    /// How many leading notes are the same in both.
    fn notes_in_common(&self, other: &Self) -> usize {
        self.notes
            .iter()
            .zip(&other.notes)
            .take_while(|(a, b)| a == b)
            .count()
    }

    pub(crate) fn of(index: &Index) -> WorksInput {
        let mut author_dates = xxhash_rust::xxh3::Xxh3::new();
        for reference in &index.author_dates {
            for name in &reference.names {
                author_dates.update(name.as_bytes());
                // Not a byte of UTF-8: names cannot run into each other.
                author_dates.update(&[0xff]);
            }
            author_dates.update(&reference.year.to_le_bytes());
            author_dates.update(&[0xfe]);
        }
        WorksInput {
            notes: index
                .notes
                .iter()
                .map(|n| (n.citations_id, n.section))
                .collect(),
            author_dates: author_dates.digest128(),
        }
    }
}

/// Parts of blocks read in earlier analyses, keyed by the block's text, and
/// the last resolution of works.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    run: u32,
    blocks: FxHashMap<u128, Entry>,
    /// Typing in prose changes no citation: the works are then those of the
    /// run before.
    works: Option<(WorksInput, Arc<Works>)>,
    /// The blocks of the last run and the revision of its tree.
    layout: Option<(u64, Vec<Unit>)>,
}

impl Cache {
    pub fn new() -> Self {
        Cache::default()
    }

    /// Starts an analysis run.
    pub(crate) fn begin(&mut self) {
        self.run = self.run.wrapping_add(1);
    }

    /// Ends a run: forgets what it did not use, so the cache never holds
    /// more than one document's worth of entries.
    pub(crate) fn end(&mut self) {
        let run = self.run;
        self.blocks.retain(|_, e| e.used == run);
    }

    /// The key of a block's text.
    pub(crate) fn key(text: &str) -> u128 {
        xxhash_rust::xxh3::xxh3_128(text.as_bytes())
    }

    /// The part of a block of node kind `kind` whose text has key `key`, if
    /// it was read before.
    pub(crate) fn get(&mut self, kind: u16, key: u128) -> Option<Arc<Part>> {
        let entry = self.blocks.get_mut(&key).filter(|e| e.kind == kind)?;
        entry.used = self.run;
        Some(entry.part.clone())
    }

    pub(crate) fn insert(&mut self, kind: u16, key: u128, part: Arc<Part>) {
        self.blocks.insert(
            key,
            Entry {
                kind,
                part,
                used: self.run,
            },
        );
    }

    /// The layout of the last run, and the revision of the tree it was read
    /// from; taken, since the next layout is made by changing it.
    pub(crate) fn take_layout(&mut self) -> Option<(u64, Vec<Unit>)> {
        self.layout.take()
    }

    pub(crate) fn set_layout(&mut self, revision: u64, units: Vec<Unit>) {
        self.layout = Some((revision, units));
    }

    /// The works of `index`: the last ones if nothing they depend on changed,
    /// else the last ones resumed from the first note that changed.
    pub(crate) fn works(&mut self, index: &Index) -> Arc<Works> {
        let input = WorksInput::of(index);
        let works = match &self.works {
            Some((last, works)) if *last == input => return works.clone(),
            Some((last, works)) => Works::resume(index, works, last.notes_in_common(&input)),
            None => Works::resolve(index),
        };
        let works = Arc::new(works);
        self.works = Some((input, works.clone()));
        works
    }

    /// How many blocks are held (for tests and benchmarks).
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Cache;
    use crate::analysis::works::CitationRef;
    use crate::analysis::{Analysis, Document};

    fn analyse(document: &Document, cache: &mut Cache) -> Analysis {
        Analysis::new(document.text(), document.tree(), cache, &[])
    }

    /// Re-reading a paragraph gives its author-date references anew; equal
    /// ones keep the works, a changed year resolves again.
    #[test]
    fn works_are_kept_until_what_they_depend_on_changes() {
        let text = "Bread rose (Lo 2019) again.[1]\n\nNOTES\n\n[1] Ada Lo, *Bread* (Lima: Faro, 2019), 4.\n";
        let mut document = Document::new(text);
        let mut cache = Cache::new();
        let first = analyse(&document, &mut cache);
        let found = Some(CitationRef { note: 0, index: 0 });
        assert_eq!(first.works.author_dates, vec![found]);

        let at = text.find("again").expect("fixture has prose");
        document.edit(at..at, "x").expect("a valid edit");
        let typed = analyse(&document, &mut cache);
        assert!(Arc::ptr_eq(&first.works, &typed.works));

        let year = document.text().find("2019)").expect("fixture has a year");
        document.edit(year..year + 4, "2020").expect("a valid edit");
        let changed = analyse(&document, &mut cache);
        assert!(!Arc::ptr_eq(&typed.works, &changed.works));
        assert_eq!(changed.works.author_dates, vec![None]);

        // A note read again (its pages changed) resolves again from there;
        // the year put back finds its full citation again.
        let pages = document.text().find("), 4.").expect("fixture has pages");
        document
            .edit(pages..pages + 5, "), 5.")
            .expect("a valid edit");
        let renoted = analyse(&document, &mut cache);
        assert!(!Arc::ptr_eq(&changed.works, &renoted.works));
        assert_eq!(renoted.works.works.len(), 1);
        document.edit(year..year + 4, "2019").expect("a valid edit");
        let back = analyse(&document, &mut cache);
        assert_eq!(back.works.author_dates, vec![found]);
    }
}
