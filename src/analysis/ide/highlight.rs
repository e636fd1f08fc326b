//! Document highlight: from a marker or a note's label, everything in the
//! document that stands for the same note. The label is where the note is
//! written (a write); its markers read it; the Ibids and short forms of
//! later notes that lean on one of its citations (directly, or through
//! another Ibid) are textual mentions of it.

use super::context::{Cursor, citation_range};
use super::{Highlight, HighlightKind, Snapshot};
use crate::analysis::index::NoteId;
use crate::analysis::works::CitationRef;

pub(super) fn highlights(snapshot: Snapshot<'_>, offset: usize) -> Vec<Highlight> {
    let cursor = Cursor::new(snapshot, offset);
    let index = cursor.index();
    let id = match cursor.marker() {
        Some(m) => match m.target {
            Some(id) => id,
            // A marker with no note: its namesakes, which lack one too.
            None => {
                return index
                    .markers
                    .iter()
                    .filter(|o| o.target.is_none() && o.key == m.key && o.style == m.style)
                    .map(|o| Highlight {
                        range: o.range.clone(),
                        kind: HighlightKind::Read,
                    })
                    .collect();
            }
        },
        None => match cursor.label() {
            Some(id) => id,
            None => return Vec::new(),
        },
    };
    let mut found = vec![Highlight {
        range: index.notes[id].label_range.clone(),
        kind: HighlightKind::Write,
    }];
    found.extend(index.markers_of(id).map(|(_, m)| Highlight {
        range: m.range.clone(),
        kind: HighlightKind::Read,
    }));
    found.extend(dependents(&cursor, id).into_iter().filter_map(|r| {
        Some(Highlight {
            range: citation_range(index, r)?,
            kind: HighlightKind::Text,
        })
    }));
    found.sort_by_key(|h| (h.range.start, h.range.end));
    found.dedup();
    found
}

/// The Ibids and short forms outside note `id` resolved through one of its
/// citations, or through a citation that is itself one of these. A
/// resolution only ever leans on an earlier citation, so one pass in
/// document order finds the whole chain.
fn dependents(cursor: &Cursor<'_>, id: NoteId) -> Vec<CitationRef> {
    let resolutions = &cursor.works().resolutions;
    let mut found: Vec<CitationRef> = Vec::new();
    for note in id + 1..resolutions.len() {
        let Some(of_note) = resolutions.get(note) else {
            continue;
        };
        for (index, resolution) in of_note.iter().enumerate() {
            let Some(via) = resolution.via else {
                continue;
            };
            if via.note == id || found.contains(&via) {
                found.push(CitationRef { note, index });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::HighlightKind;
    use crate::analysis::fixture::{Fixture, annotate, with_snapshot};

    /// The fixture marks each expected highlight with its kind.
    fn check(fixture: &str) {
        let f = Fixture::parse(fixture);
        let found = with_snapshot(&f.text, |s| super::highlights(s, f.cursor()));
        let ranges: Vec<_> = found
            .into_iter()
            .map(|h| {
                let kind = match h.kind {
                    HighlightKind::Write => "write",
                    HighlightKind::Read => "read",
                    HighlightKind::Text => "text",
                };
                (h.range, kind.to_string())
            })
            .collect();
        assert_eq!(annotate(&f.text, &ranges), f.annotated);
    }

    #[test]
    fn a_marker_lights_its_label_its_namesakes_and_the_ibids_that_lean_on_it() {
        check(
            r#"
            “Wheat” 🙂 rose.[$01] It fell.[2] It rose again.[1] Salt.[4]
                           ^^^ read
                                                         ^^^ read

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            ^^^ write
            [2] Ibid., 9.
                ^^^^^^^^^ text
            [3] Ibid., 12.
                ^^^^^^^^^^ text
            [4] Ben Ng, *Salt* (Lima: Andes, 2011); Lo, *Bread*, 30.
                                                    ^^^^^^^^^^^^^^^^ text
            "#,
        );
    }

    #[test]
    fn a_superscript_label_lights_its_markers() {
        check(
            r#"
            Rose.¹ Fell.² Again.¹
                 ^ read
                                ^ read

            NOTES

            ¹$0 Ada Lo, *Bread* (Lima: Andes, 2010).
            ^ write
            ² Ben Ng, *Salt* (Lima: Andes, 2011).
            "#,
        );
    }

    #[test]
    fn a_marker_with_no_note_lights_its_namesakes() {
        check(
            r#"
            Rose.[7$0] Fell.[7] Cited.[1]
                 ^^^ read
                          ^^^ read

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            "#,
        );
    }

    #[test]
    fn plain_prose_lights_nothing() {
        check(
            r#"
            Ro$0se.[1]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            "#,
        );
    }
}
