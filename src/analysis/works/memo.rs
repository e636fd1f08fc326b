//! The last resolution of works, kept so that typing in prose, which
//! changes no citation, resolves nothing again, and a changed note resumes
//! the resolution from itself.

use std::sync::Arc;

use super::Works;
use crate::analysis::index::Index;

/// What resolution depends on: each note's citations (by identity: an
/// unchanged note keeps the very same parsed citations, with their id) and
/// section, and the author-date references (their names and years, by a
/// 128-bit hash). Nothing here points into the index, so comparing two runs
/// touches two flat lists, not every note's citations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct WorksInput {
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

    fn of(index: &Index) -> WorksInput {
        let mut author_dates = xxhash_rust::xxh3::Xxh3::new();
        for reference in &index.author_dates {
            for name in reference.names.iter() {
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

/// The works of the last run and what they were resolved from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memo {
    last: Option<(WorksInput, Arc<Works>)>,
}

impl Memo {
    /// The works of `index`: the last ones if nothing they depend on changed,
    /// else the last ones resumed from the first note that changed.
    pub(crate) fn works(&mut self, index: &Index) -> Arc<Works> {
        let input = WorksInput::of(index);
        let works = match &self.last {
            Some((last, works)) if *last == input => return works.clone(),
            Some((last, works)) => Works::resume(index, works, last.notes_in_common(&input)),
            None => Works::resolve(index),
        };
        let works = Arc::new(works);
        self.last = Some((input, works.clone()));
        works
    }
}
