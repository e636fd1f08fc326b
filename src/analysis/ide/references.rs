//! Find references: a note's markers (and its label, as the declaration);
//! from a citation or an author-date reference, every citation of the same
//! work and every author-date reference that names it.

use super::context::{Cursor, author_date_work, citation_range};
use super::{Snapshot, Target};
use crate::analysis::index::MarkerRef;
use crate::analysis::works::WorkId;

pub(super) fn references(
    snapshot: Snapshot<'_>,
    offset: usize,
    include_declaration: bool,
) -> Vec<Target> {
    let cursor = Cursor::new(snapshot, offset);
    let mut found = note(&cursor, include_declaration)
        .or_else(|| {
            let r = cursor.citation()?;
            work(&cursor, cursor.works().work_of(r)?, include_declaration)
        })
        .or_else(|| {
            let (w, _) = author_date_work(cursor.works(), cursor.author_date()?)?;
            work(&cursor, w, include_declaration)
        })
        .unwrap_or_default();
    found.sort_by_key(|t| (t.range.start, t.range.end));
    found.dedup();
    found
}

fn marker_target(m: &MarkerRef) -> Target {
    Target {
        range: m.range.clone(),
        focus: m.key_range.clone(),
    }
}

/// From a marker or a label: the note's markers and label. An undefined
/// marker's references are the other markers with its key.
fn note(cursor: &Cursor<'_>, include_declaration: bool) -> Option<Vec<Target>> {
    let index = cursor.index();
    let id = match cursor.marker() {
        Some(m) => match m.target {
            Some(id) => id,
            None => {
                return Some(
                    index
                        .markers
                        .iter()
                        .filter(|o| o.target.is_none() && o.key == m.key && o.style == m.style)
                        .map(marker_target)
                        .collect(),
                );
            }
        },
        None => cursor.label()?,
    };
    let note = &index.notes[id];
    let mut found: Vec<Target> = index
        .markers_of(id)
        .map(|(_, m)| marker_target(m))
        .collect();
    if include_declaration {
        found.push(Target {
            range: note.label_range.clone(),
            focus: note.key_range.clone(),
        });
    }
    Some(found)
}

/// Every citation of work `w` (without its full form unless
/// `include_declaration`) and every author-date reference to it.
fn work(cursor: &Cursor<'_>, w: WorkId, include_declaration: bool) -> Option<Vec<Target>> {
    let works = cursor.works();
    let work = works.works.get(w)?;
    let mut found: Vec<Target> = works
        .citations_of(w)
        .iter()
        .filter(|&&r| include_declaration || r != work.full)
        .filter_map(|&r| citation_range(cursor.index(), r))
        .map(|range| Target {
            focus: range.clone(),
            range,
        })
        .collect();
    for (i, reference) in cursor.index().author_dates.iter().enumerate() {
        if author_date_work(works, i).is_some_and(|(other, _)| other == w) {
            found.push(Target {
                range: reference.range.clone(),
                focus: reference.range.clone(),
            });
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::{Fixture, annotate, with_snapshot};

    /// The fixture marks each expected reference's `range` with `^^^ ref`.
    fn check(fixture: &str, include_declaration: bool) {
        let f = Fixture::parse(fixture);
        let found = with_snapshot(&f.text, |s| {
            super::references(s, f.cursor(), include_declaration)
        });
        let ranges: Vec<_> = found
            .into_iter()
            .map(|t| (t.range, "ref".to_string()))
            .collect();
        assert_eq!(annotate(&f.text, &ranges), f.annotated);
    }

    #[test]
    fn a_marker_finds_every_marker_of_its_note_and_the_label() {
        check(
            r#"
            “Wheat” 🙂 rose.[1] It fell.[2] It rose again.[$01]
                           ^^^ ref
                                                         ^^^ ref

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            ^^^ ref
            [2] Ben Ng, *Salt* (Lima: Andes, 2011).
            "#,
            true,
        );
    }

    #[test]
    fn a_label_without_the_declaration_finds_only_markers() {
        check(
            r#"
            Rose.¹ Fell.² Again.¹
                 ^ ref
                                ^ ref

            NOTES

            ¹$0 Ada Lo, *Bread* (Lima: Andes, 2010).
            ² Ben Ng, *Salt* (Lima: Andes, 2011).
            "#,
            false,
        );
    }

    #[test]
    fn a_citation_finds_every_citation_of_its_work() {
        check(
            r#"
            One.[1] Two.[2] Three.[3] As (Lo 2010) says.
                                          ^^^^^^^ ref

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ref
            [2] Ib$0id., 9.
                ^^^^^^^^^ ref
            [3] Ben Ng, *Salt* (Lima: Andes, 2011); Lo, *Bread*, 12.
                                                    ^^^^^^^^^^^^^^^^ ref
            "#,
            true,
        );
    }
}
