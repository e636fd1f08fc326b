//! What the analysis keeps between runs so that an edit costs what it
//! changed: parsed citations by note text, author-date references by block
//! text. A keystroke changes one note or one paragraph; every other entry is
//! found again by its unchanged text.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::citations::{self, Citation, InlineSpans};
use super::prose::AuthorDate;

#[derive(Debug, Clone)]
struct Entry<T> {
    value: Arc<T>,
    /// The run that last used the entry.
    used: u32,
}

/// Results of earlier analyses, keyed by the text they were computed from.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    run: u32,
    citations: FxHashMap<Box<str>, Entry<Vec<Citation>>>,
    author_dates: FxHashMap<Box<str>, Entry<Vec<AuthorDate>>>,
}

fn get_or_insert<T>(
    map: &mut FxHashMap<Box<str>, Entry<T>>,
    run: u32,
    text: &str,
    compute: impl FnOnce() -> T,
) -> Arc<T> {
    if let Some(entry) = map.get_mut(text) {
        entry.used = run;
        return entry.value.clone();
    }
    let value = Arc::new(compute());
    map.insert(
        text.into(),
        Entry {
            value: value.clone(),
            used: run,
        },
    );
    value
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
        self.citations.retain(|_, e| e.used == run);
        self.author_dates.retain(|_, e| e.used == run);
    }

    /// The citations of a note body, parsed once per distinct text.
    pub(crate) fn citations(
        &mut self,
        body: &str,
        spans: impl FnOnce() -> InlineSpans,
    ) -> Arc<Vec<Citation>> {
        get_or_insert(&mut self.citations, self.run, body, || {
            citations::parse_note(body, &spans())
        })
    }

    /// The author-date references of a block of prose.
    pub(crate) fn author_dates(
        &mut self,
        text: &str,
        find: fn(&str) -> Vec<AuthorDate>,
    ) -> Arc<Vec<AuthorDate>> {
        get_or_insert(&mut self.author_dates, self.run, text, || find(text))
    }

    /// How many entries are held (for tests and benchmarks).
    pub fn len(&self) -> usize {
        self.citations.len() + self.author_dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
