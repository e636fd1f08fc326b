//! What lies under the cursor, found once and shared by the features that
//! start from a position (texlab's habit: one params struct, several
//! providers chained with `or_else`).

use std::ops::Range;

use super::Snapshot;
use crate::analysis::index::{Index, LabelStyle, MarkerRef, NoteDef, NoteId};
use crate::analysis::works::{CitationRef, WorkId, Works};

/// A position in a document, with the lookups every provider needs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor<'a> {
    pub snapshot: Snapshot<'a>,
    pub offset: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(snapshot: Snapshot<'a>, offset: usize) -> Self {
        Cursor { snapshot, offset }
    }

    pub fn index(&self) -> &'a Index {
        &self.snapshot.analysis.index
    }

    pub fn works(&self) -> &'a Works {
        &self.snapshot.analysis.works
    }

    pub fn text(&self) -> &'a str {
        self.snapshot.text()
    }

    /// The marker under the cursor that refers to a note (or should): the
    /// bracket, superscript, footnote and glued-number styles. For a list
    /// marker, the entry whose key is under the cursor.
    pub fn marker(&self) -> Option<&'a MarkerRef> {
        let index = self.index();
        let id = index.marker_at(self.offset)?;
        let marker = &index.markers[id];
        marker.style.cites_a_note().then_some(marker)
    }

    /// The note whose label is under the cursor.
    pub fn label(&self) -> Option<NoteId> {
        let index = self.index();
        let id = index.note_at(self.offset)?;
        let note = &index.notes[id];
        (note.label_range.start <= self.offset && self.offset <= note.label_range.end).then_some(id)
    }

    /// The citation under the cursor, in a note's body.
    pub fn citation(&self) -> Option<CitationRef> {
        let index = self.index();
        let note_id = index.note_at(self.offset)?;
        let note = &index.notes[note_id];
        note.citations
            .iter()
            .position(|c| {
                let range = note.abs(&c.range);
                range.start <= self.offset && self.offset <= range.end
            })
            .map(|i| CitationRef {
                note: note_id,
                index: i,
            })
    }

    /// The author-date reference under the cursor, by its number in the index.
    pub fn author_date(&self) -> Option<usize> {
        self.index()
            .author_dates
            .iter()
            .position(|r| r.range.start <= self.offset && self.offset <= r.range.end)
    }
}

/// A citation's range in the document.
pub(super) fn citation_range(index: &Index, r: CitationRef) -> Option<Range<usize>> {
    let note = index.notes.get(r.note)?;
    Some(note.abs(&note.citations.get(r.index)?.range))
}

/// The work an author-date reference names, and the citation it matched.
pub(super) fn author_date_work(works: &Works, reference: usize) -> Option<(WorkId, CitationRef)> {
    let r = (*works.author_dates.get(reference)?)?;
    Some((works.work_of(r)?, r))
}

/// A note's label as the document writes it, without the bullet or the
/// colon: `[12]`, `¹²`, `12.`, `[^a]`.
pub(super) fn label_text<'t>(text: &'t str, note: &NoteDef) -> &'t str {
    let label = text.get(note.label_range.clone()).unwrap_or("").trim();
    if note.style == LabelStyle::Footnote {
        label.trim_end_matches(':')
    } else {
        label
    }
}

/// How a message names a note: `note 12`, `note [^a]`.
pub(super) fn note_name(note: &NoteDef) -> String {
    if note.is_numeric() {
        format!("note {}", note.key)
    } else {
        format!("note [^{}]", note.key)
    }
}
