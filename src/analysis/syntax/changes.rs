//! What each reparse changed, kept with the tree so that a later reader
//! (the analysis cache) can carry its own results over from an earlier
//! revision of the same document instead of reading the whole tree again.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many reparses a tree remembers. A reader that last saw an older
/// revision starts over; a client sends far fewer edits than this between
/// two analyses, unless it applies a large batch such as a rename, which
/// is rare enough to pay for a full read.
const REMEMBERED: usize = 128;

/// A number no other tree in this process has: two trees with the same
/// revision are copies of one another.
pub(crate) fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// One reparse of the text of revision `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub from: u64,
    /// The bytes replaced, in the text before the edit.
    pub start: usize,
    pub old_end: usize,
    /// Where the replacement ends in the text after it.
    pub new_end: usize,
}

impl Change {
    /// Where byte `at` of the text before the edit is afterwards. Bytes the
    /// edit replaced go to its start (`at_end` false) or its end (`at_end`
    /// true), so that a range that overlaps the edit keeps covering it.
    pub fn map(&self, at: usize, at_end: bool) -> usize {
        if at < self.start || (at == self.start && !at_end) {
            at
        } else if at >= self.old_end {
            at - self.old_end + self.new_end
        } else if at_end {
            self.new_end
        } else {
            self.start
        }
    }

    /// The range of the text before the edit, moved over it; a range that
    /// overlapped the edit covers the replacement.
    pub fn map_range(&self, range: &Range<usize>) -> Range<usize> {
        self.map(range.start, false)..self.map(range.end, true)
    }
}

/// The span of the text after `changes` (oldest first) that they replaced
/// or wrote: outside it the text is the text before them, moved by their
/// lengths. `None` when there are none.
pub fn touched(changes: &[Change]) -> Option<Range<usize>> {
    changes.iter().fold(None, |span, c| {
        Some(match span {
            None => c.start..c.new_end,
            Some(span) => {
                let moved = c.map_range(&span);
                moved.start.min(c.start)..moved.end.max(c.new_end)
            }
        })
    })
}

/// The last reparses of a tree, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trail {
    changes: Arc<Vec<Change>>,
}

impl Trail {
    /// This trail with `change` added (the oldest is forgotten when full).
    pub(crate) fn then(&self, change: Change) -> Trail {
        let keep = self.changes.len().min(REMEMBERED - 1);
        let mut changes = Vec::with_capacity(keep + 1);
        changes.extend_from_slice(&self.changes[self.changes.len() - keep..]);
        changes.push(change);
        Trail {
            changes: Arc::new(changes),
        }
    }

    /// The changes made since revision `from`, if this trail still holds
    /// them all.
    pub(crate) fn since(&self, from: u64) -> Option<&[Change]> {
        let first = self.changes.iter().position(|c| c.from == from)?;
        Some(&self.changes[first..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(from: u64, start: usize, old_end: usize, new_end: usize) -> Change {
        Change {
            from,
            start,
            old_end,
            new_end,
        }
    }

    #[test]
    fn offsets_before_the_edit_stay_and_after_it_shift() {
        // "abcdef": "cd" (2..4) replaced by "XYZ".
        let c = change(1, 2, 4, 5);
        assert_eq!(c.map(1, false), 1);
        assert_eq!(c.map(2, false), 2);
        assert_eq!(c.map(2, true), 5);
        assert_eq!(c.map(3, false), 2);
        assert_eq!(c.map(3, true), 5);
        assert_eq!(c.map(4, false), 5);
        assert_eq!(c.map(6, true), 7);
    }

    #[test]
    fn a_range_over_the_edit_covers_the_replacement() {
        // "abcdef": "cd" (2..4) replaced by "XYZ".
        let c = change(1, 2, 4, 5);
        assert_eq!(c.map_range(&(1..3)), 1..5);
        assert_eq!(c.map_range(&(3..6)), 2..7);
        assert_eq!(c.map_range(&(0..2)), 0..5);
        assert_eq!(c.map_range(&(4..6)), 5..7);
    }

    #[test]
    fn a_trail_answers_from_any_revision_it_still_holds() {
        let mut trail = Trail::default();
        for from in 1..=(REMEMBERED as u64 + 2) {
            trail = trail.then(change(from, 0, 0, 1));
        }
        assert_eq!(trail.since(1), None);
        assert_eq!(trail.since(2), None);
        assert_eq!(trail.since(3).map(<[Change]>::len), Some(REMEMBERED));
        let last = REMEMBERED as u64 + 2;
        assert_eq!(trail.since(last).map(<[Change]>::len), Some(1));
        assert_eq!(trail.since(last + 1), None);
    }
}
