//! Fixes that add, delete or move notes change which note stands before
//! which, and with it what an Ibid (the work of the note before) or a short
//! form (the latest earlier full form of its work) refers to: deleting an
//! unused note can make the Ibid after it cite the note before it instead,
//! silently. Such a fix is checked here by resolving the citations again
//! with the notes where the fix leaves them. Nothing is parsed again: the
//! notes keep their citations, only their order changes, and resolution
//! reads nothing else.
//!
//! A citation whose work would change is written out in full (the full
//! citation of the work it referred to, with the citation's own pages), or,
//! where that cannot keep its meaning, the fix is not offered.

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::analysis::citations::{Citation, CitationKind};
use crate::analysis::index::{Index, NoteId};
use crate::analysis::works::{self, CitationRef, WorkId, Works};

use super::TextEdit;

/// Where a note stands after a fix: one of the document's notes, or a new
/// empty note (the stub for a marker with no note) in a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Old(NoteId),
    New { section: usize },
}

/// The notes in their document order, unchanged.
pub(crate) fn unchanged(analysis: &Analysis) -> Vec<Slot> {
    (0..analysis.index.notes.len()).map(Slot::Old).collect()
}

/// Fixes that add or delete one note, for one document. The last note
/// that holds an Ibid or a short form is found once for all of them: a fix
/// that leaves the notes up to it where they are changes no citation's work
/// and needs no slots laid out nor citations resolved again. Laying out
/// every note for each of a few hundred fixes, each to learn that nothing
/// depends on the order, made such findings cost a keystroke more than
/// everything else.
pub(crate) struct OneNote<'a> {
    analysis: &'a Analysis,
    text: &'a str,
    last_dependent: Option<NoteId>,
}

impl<'a> OneNote<'a> {
    pub(crate) fn new(analysis: &'a Analysis, text: &'a str) -> Self {
        let last_dependent = analysis
            .index
            .notes
            .iter()
            .rposition(|n| n.citations.iter().any(depends));
        OneNote {
            analysis,
            text,
            last_dependent,
        }
    }

    /// Whether an Ibid or a short form stands in a note after `note`.
    fn followed(&self, note: NoteId) -> bool {
        self.last_dependent.is_some_and(|last| last > note)
    }

    /// Whether the first citation of the note after `note` is an Ibid: the
    /// one citation that reads which note stands before its own.
    fn next_opens_with_ibid(&self, note: NoteId) -> bool {
        self.analysis
            .index
            .notes
            .get(note + 1)
            .and_then(|n| n.citations.first())
            .is_some_and(|c| c.kind == CitationKind::Ibid)
    }

    /// Whether a work first cited in full in note `id` is cited anywhere
    /// else (in full again, by a short form or by an Ibid): only then does
    /// the list of works the rest of the notes resolve against change
    /// with the note gone.
    fn gives_a_work_cited_elsewhere(&self, id: NoteId) -> bool {
        let works = &self.analysis.works;
        let first = works.works.partition_point(|w| w.full.note < id);
        works.works[first..]
            .iter()
            .enumerate()
            .take_while(|(_, w)| w.full.note == id)
            .any(|(i, _)| works.citations_of(first + i).iter().any(|r| r.note != id))
    }

    /// [`write_out`] with note `id` deleted.
    ///
    /// Deleting a note can change another citation's work in two ways
    /// only: the Ibid that opens the next note comes to read the note
    /// before, and a work the note introduced leaves the list of works
    /// that full citations and short forms are matched against. When
    /// neither can happen, every other citation resolves as it did and no
    /// resolution is run: in a document with hundreds of unused notes and
    /// an Ibid near its end, running one per note made a keystroke cost a
    /// hundred times the rest of its analysis.
    pub(crate) fn delete(&self, id: NoteId) -> Option<Vec<TextEdit>> {
        if !self.followed(id)
            || !(self.next_opens_with_ibid(id) || self.gives_a_work_cited_elsewhere(id))
        {
            return Some(Vec::new());
        }
        let mut slots = unchanged(self.analysis);
        slots.remove(id);
        write_out(self.analysis, self.text, &slots)
    }

    /// [`write_out`] with an empty note added after note `after`, in its
    /// section. The empty note cites nothing, so the only citation it can
    /// change is an Ibid that opens the note after it.
    pub(crate) fn insert_after(&self, after: NoteId) -> Option<Vec<TextEdit>> {
        if !self.followed(after) || !self.next_opens_with_ibid(after) {
            return Some(Vec::new());
        }
        let mut slots = unchanged(self.analysis);
        let section = self.analysis.index.notes.get(after)?.section;
        slots.insert(after + 1, Slot::New { section });
        write_out(self.analysis, self.text, &slots)
    }
}

/// What a work is, to tell whether a citation still refers to the same
/// one: its first author and title where it has a title (a second full
/// citation of the work is the same work), else its full citation.
#[derive(Debug, PartialEq, Eq)]
enum WorkKey {
    Identity(String, String),
    At(Option<NoteId>, usize),
}

fn work_key(
    index: &Index,
    works: &Works,
    work: WorkId,
    old: &dyn Fn(NoteId) -> Option<NoteId>,
) -> Option<WorkKey> {
    let full = works.works.get(work)?.full;
    let citation = works::citation(index, full)?;
    let (author, title) = works::identity(citation);
    Some(if title.is_empty() {
        WorkKey::At(old(full.note), full.index)
    } else {
        WorkKey::Identity(author.to_string(), title.to_string())
    })
}

fn depends(c: &Citation) -> bool {
    matches!(c.kind, CitationKind::Ibid | CitationKind::ShortForm)
}

/// The citations of the original notes that refer to another work (or to
/// none) when the notes stand as `slots` and the citations in `written` are
/// full citations of the work they referred to, with that work; `None`
/// when a citation that referred to nothing would come to refer to a work,
/// which no rewriting undoes.
fn changes(
    analysis: &Analysis,
    slots: &[Slot],
    written: &[(CitationRef, WorkId)],
) -> Option<Vec<(CitationRef, WorkId)>> {
    let index = &analysis.index;
    // Resolution of a note depends only on the notes before it: nothing
    // before the first slot that differs can change.
    let first = slots
        .iter()
        .enumerate()
        .position(|(i, s)| *s != Slot::Old(i))
        .unwrap_or(slots.len());
    let affected = slots[first..].iter().any(|s| match s {
        Slot::Old(n) => index
            .notes
            .get(*n)
            .is_some_and(|n| n.citations.iter().any(depends)),
        Slot::New { .. } => false,
    });
    if !affected && written.is_empty() {
        return Some(Vec::new());
    }
    let template = index.notes.first()?;
    let notes = slots
        .iter()
        .map(|slot| match *slot {
            Slot::Old(n) => {
                let mut note = index.notes[n].clone();
                let mine: Vec<_> = written.iter().filter(|(r, _)| r.note == n).collect();
                if !mine.is_empty() {
                    let mut citations = (*note.citations).clone();
                    for (r, work) in mine {
                        let full = analysis
                            .works
                            .works
                            .get(*work)
                            .and_then(|w| works::citation(index, w.full));
                        if let (Some(c), Some(full)) = (citations.get_mut(r.index), full) {
                            *c = full.clone();
                        }
                    }
                    note.citations = Arc::new(citations);
                }
                note
            }
            Slot::New { section } => {
                let mut note = template.clone();
                note.section = section;
                note.citations = Arc::new(Vec::new());
                note
            }
        })
        .collect();
    let moved = Index {
        notes,
        ..Index::default()
    };
    // The notes before the first moved one, and before the first written
    // out, stand and read as they did: their resolutions are taken over.
    let kept = written.iter().map(|(r, _)| r.note).fold(first, usize::min);
    let after = Works::resume(&moved, &analysis.works, kept, false);
    let old_of = |i: NoteId| match slots.get(i) {
        Some(Slot::Old(n)) => Some(*n),
        _ => None,
    };
    let same = |n: NoteId| Some(n);
    let mut out = Vec::new();
    for (i, slot) in slots.iter().enumerate().skip(kept) {
        let Slot::Old(n) = *slot else { continue };
        for (j, c) in index.notes[n].citations.iter().enumerate() {
            let here = CitationRef { note: n, index: j };
            if !depends(c) || written.iter().any(|(r, _)| *r == here) {
                continue;
            }
            let before = analysis.works.work_of(here);
            let now = after.work_of(CitationRef { note: i, index: j });
            let before_key = before.and_then(|w| work_key(index, &analysis.works, w, &same));
            let now_key = now.and_then(|w| work_key(&moved, &after, w, &old_of));
            if before_key == now_key {
                continue;
            }
            match before {
                Some(work) => out.push((here, work)),
                None => return None,
            }
        }
    }
    Some(out)
}

/// Whether every Ibid and short form keeps its work with the notes
/// standing as `slots`.
pub(crate) fn keeps_references(analysis: &Analysis, slots: &[Slot]) -> bool {
    changes(analysis, slots, &[]).is_some_and(|c| c.is_empty())
}

/// How many rounds of writing citations out may be needed: one for each
/// Ibid of a chain whose first link changed would be plenty, but writing
/// out the first keeps the rest; a few rounds settle every case met.
const ROUNDS: usize = 4;

/// The edits that write out in full the Ibids and short forms whose work
/// would change with the notes standing as `slots`: empty when none would,
/// `None` when one cannot be kept so (an Ibid that referred to nothing
/// would come to refer to a work).
fn write_out(analysis: &Analysis, text: &str, slots: &[Slot]) -> Option<Vec<TextEdit>> {
    let mut written: Vec<(CitationRef, WorkId)> = Vec::new();
    let mut settled = false;
    for _ in 0..ROUNDS {
        let more = changes(analysis, slots, &written)?;
        if more.is_empty() {
            settled = true;
            break;
        }
        written.extend(more);
    }
    if !settled {
        return None;
    }
    written.sort();
    written
        .iter()
        .map(|&(r, work)| written_out(analysis, text, r, work))
        .collect()
}

/// The edit that replaces citation `r` with the full citation of `work`,
/// keeping the citation's own pages where it gives some.
fn written_out(analysis: &Analysis, text: &str, r: CitationRef, work: WorkId) -> Option<TextEdit> {
    let index = &analysis.index;
    let note = index.notes.get(r.note)?;
    let short = note.citations.get(r.index)?;
    let full_ref = analysis.works.works.get(work)?.full;
    let full_note = index.notes.get(full_ref.note)?;
    let full = works::citation(index, full_ref)?;
    let full_range = full_note.abs(&full.range);
    let full_text = text.get(full_range.clone())?;
    let short_range = note.abs(&short.range);
    let short_text = text.get(short_range.clone())?;
    let new_text = match &short.pages {
        None => full_text.to_string(),
        Some(pages) => {
            // The full citation up to its own pages (or its final stop),
            // then the separator it puts before pages, then these pages.
            let (base, separator) = match &full.pages {
                Some(p) => {
                    let at = full_note
                        .abs(&p.range)
                        .start
                        .checked_sub(full_range.start)?;
                    let head = full_text.get(..at)?;
                    let base = head.trim_end_matches([',', ':', ' ']);
                    (base, head.get(base.len()..).unwrap_or(", "))
                }
                None => (full_text.trim_end_matches(['.', ' ']), ", "),
            };
            let stop = if short_text.trim_end().ends_with('.') {
                "."
            } else {
                ""
            };
            let separator = if separator.trim().is_empty() {
                ", "
            } else {
                separator
            };
            format!("{base}{separator}{}{stop}", pages.text)
        }
    };
    Some(TextEdit {
        range: short_range,
        new_text,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::analyze;

    /// What one note of a generated document says.
    fn note_text(kind: u8) -> &'static str {
        match kind % 10 {
            0 => "Ada Fenn, *Tidal Mills* (Oslo: Fjord, 2010), 12.",
            1 => "Ben Roe, *Salt Roads* (Leeds: Wold, 1998), 4.",
            2 => "Cas Lind, *Weirs and Sluices* (Bergen: Fyr, 2003).",
            3 => "Fenn, *Tidal Mills*, 30.",
            4 => "Roe, *Salt Roads*, 9.",
            5 => "Lind, *Weirs*, 2.",
            6 => "Ibid.",
            7 => "Ibid., 44.",
            8 => "A remark with no source.",
            _ => "Ada Fenn, *Tidal Mills* (Oslo: Fjord, 2010), 12; Roe, *Salt Roads*, 5.",
        }
    }

    /// Notes in one or two sections; markers cite some of them.
    fn document(kinds: &[u8], split: usize, cited: &[bool]) -> String {
        let mut body = String::from("# Mills\n\nText");
        for (i, c) in cited.iter().enumerate().take(kinds.len()) {
            if *c {
                body.push_str(&format!(" word.[{}]", i + 1));
            }
        }
        body.push_str(" end.\n\nNOTES\n\n");
        for (i, kind) in kinds.iter().enumerate() {
            if i == split {
                body.push_str("\nFURTHER NOTES\n\n");
            }
            body.push_str(&format!("[{}] {}\n", i + 1, note_text(*kind)));
        }
        body
    }

    proptest! {
        /// Skipping the resolution where a fix cannot change a citation's
        /// work gives what resolving every note again gives.
        #[test]
        fn the_shortcut_agrees_with_resolving_again(
            kinds in proptest::collection::vec(0u8..10, 1..14),
            split in 0usize..16,
            cited in proptest::collection::vec(any::<bool>(), 14),
        ) {
            let text = document(&kinds, split, &cited);
            let analysis = analyze(&text);
            let one = OneNote::new(&analysis, &text);
            for id in 0..analysis.index.notes.len() {
                let mut slots = unchanged(&analysis);
                slots.remove(id);
                prop_assert_eq!(one.delete(id), write_out(&analysis, &text, &slots), "delete {}", id);
                let mut slots = unchanged(&analysis);
                let section = analysis.index.notes[id].section;
                slots.insert(id + 1, Slot::New { section });
                prop_assert_eq!(
                    one.insert_after(id),
                    write_out(&analysis, &text, &slots),
                    "insert after {}", id
                );
            }
        }
    }

    /// A work resumed from the note that moved matches a work resolved
    /// afresh: the Ibid after a deleted note is written out in full.
    #[test]
    fn deleting_the_note_before_an_ibid_writes_it_out() {
        let text = document(&[0, 1, 6, 3], usize::MAX, &[true, false, true, true]);
        let analysis = analyze(&text);
        let edits = OneNote::new(&analysis, &text).delete(1);
        let written: Vec<&str> = edits
            .iter()
            .flatten()
            .map(|e| e.new_text.as_str())
            .collect();
        assert_eq!(written, ["Ben Roe, *Salt Roads* (Leeds: Wold, 1998), 4."]);
    }
}
