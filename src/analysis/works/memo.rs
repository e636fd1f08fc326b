//! The last resolution of works, kept so that typing in prose, which
//! changes no citation, resolves nothing again, and a changed note resumes
//! the resolution from itself.

use std::sync::Arc;

use super::Works;
use crate::analysis::index::Index;

/// What resolution depends on: each note's citations (by identity: an
/// unchanged note keeps the very same parsed citations, with their id) and
/// section, and the author-date references' names and years. The names are
/// shared with the index, and those of a block no edit touched are the very
/// same: comparing two runs compares pointers for them, and reads names
/// only in the blocks read again (hashing every name on every keystroke
/// cost two million instructions in a document of a few thousand
/// references).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct WorksInput {
    notes: Vec<(u64, usize)>,
    author_dates: Vec<(Arc<[String]>, u16)>,
    /// The entries of the document's bibliography, which any short form
    /// may resolve to.
    listed: Vec<u64>,
}

impl WorksInput {
    /// How many leading notes are the same in both.
    fn notes_in_common(&self, other: &Self) -> usize {
        if self.listed != other.listed {
            return 0;
        }
        self.notes
            .iter()
            .zip(&other.notes)
            .take_while(|(a, b)| a == b)
            .count()
    }

    fn of(index: &Index) -> WorksInput {
        WorksInput {
            notes: index
                .notes
                .iter()
                .map(|n| (n.citations_id, n.section))
                .collect(),
            author_dates: index
                .author_dates
                .iter()
                .map(|r| (r.names.clone(), r.year))
                .collect(),
            listed: index.listed.iter().map(|l| l.id).collect(),
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
            Some((last, works)) => Works::resume(
                index,
                works,
                last.notes_in_common(&input),
                last.author_dates == input.author_dates,
            ),
            None => Works::resolve(index),
        };
        let works = Arc::new(works);
        self.last = Some((input, works.clone()));
        works
    }
}
