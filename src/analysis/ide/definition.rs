//! Go to definition: from a marker to its note, from an Ibid or a short
//! form to the citation it resolved through (or the bibliography entry
//! that gives the work), from an author-date reference
//! to its note, from a note's label to the first marker that cites it.

use super::context::{Cursor, author_date_work, citation_range};
use super::{Snapshot, Target};
use crate::analysis::works::CitationRef;

pub(super) fn definition(snapshot: Snapshot<'_>, offset: usize) -> Option<Target> {
    let cursor = Cursor::new(snapshot, offset);
    marker(&cursor)
        .or_else(|| citation(&cursor))
        .or_else(|| author_date(&cursor))
        .or_else(|| label(&cursor))
}

fn marker(cursor: &Cursor<'_>) -> Option<Target> {
    let note = &cursor.index().notes[cursor.marker()?.target?];
    Some(Target {
        range: note.range.clone(),
        focus: note.label_range.clone(),
    })
}

fn citation(cursor: &Cursor<'_>) -> Option<Target> {
    let r = cursor.citation()?;
    let resolution = &cursor.works().resolutions[r.note][r.index];
    match (resolution.via, resolution.listed) {
        (Some(via), _) => to_citation(cursor, via),
        // A short form that the document's bibliography gives in full.
        (None, Some(entry)) => {
            let entry = cursor.index().listed.get(entry)?;
            Some(Target {
                range: entry.range.clone(),
                focus: entry.range.clone(),
            })
        }
        (None, None) => None,
    }
}

fn author_date(cursor: &Cursor<'_>) -> Option<Target> {
    let (_, r) = author_date_work(cursor.works(), cursor.author_date()?)?;
    to_citation(cursor, r)
}

fn label(cursor: &Cursor<'_>) -> Option<Target> {
    let (_, marker) = cursor.index().markers_of(cursor.label()?).next()?;
    Some(Target {
        range: marker.range.clone(),
        focus: marker.key_range.clone(),
    })
}

/// The note that holds citation `r`, focused on the citation.
fn to_citation(cursor: &Cursor<'_>, r: CitationRef) -> Option<Target> {
    Some(Target {
        range: cursor.index().notes.get(r.note)?.range.clone(),
        focus: citation_range(cursor.index(), r)?,
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::{Fixture, annotate, with_snapshot};

    /// The fixture marks the expected `focus` with `^^^ focus` and the
    /// expected `range` (where it fits on one line) with `^^^ range`.
    fn check(fixture: &str) {
        let f = Fixture::parse(fixture);
        let found = with_snapshot(&f.text, |s| super::definition(s, f.cursor()));
        let mut ranges = Vec::new();
        if let Some(t) = found {
            ranges.push((t.focus, "focus".to_string()));
            ranges.push((t.range, "range".to_string()));
        }
        assert_eq!(annotate(&f.text, &ranges), f.annotated);
    }

    #[test]
    fn a_marker_after_curly_quotes_and_an_emoji_leads_to_its_note() {
        check(
            r#"
            “Grain” rose 🙂.[$01]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            ^^^ focus
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ range
            "#,
        );
    }

    #[test]
    fn a_short_form_leads_to_the_bibliography_entry_of_its_work() {
        check(
            r#"
            Prices fell.[^1]

            Bibliography

            Lo, Ada. *Bread and Salt*. Lima: Andes, 2010.
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ focus
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ range

            [^1]: Lo$0, *Bread*, 12.
            "#,
        );
    }

    #[test]
    fn a_superscript_marker_leads_to_its_note() {
        check(
            r#"
            Prices fell.²$0

            NOTES

            ¹ Ada Lo, *Bread* (Lima: Andes, 2010).
            ² Ben Ng, *Salt* (Lima: Andes, 2011).
            ^ focus
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ range
            "#,
        );
    }

    #[test]
    fn an_ibid_leads_to_the_citation_before_it() {
        check(
            r#"
            One.[1] Two.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ range
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ focus
            [2] Ib$0id., 9.
            "#,
        );
    }

    #[test]
    fn a_short_form_leads_to_the_full_citation() {
        check(
            r#"
            One.[1] Two.[2]

            [1] Ada Lo, *Bread Markets* (Lima: Andes, 2010), 4.
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ range
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ focus
            [2] Lo, *Bread $0Markets*, 9.
            "#,
        );
    }

    #[test]
    fn an_author_date_reference_leads_to_its_note() {
        check(
            r#"
            Yields rose (L$0o 2010).[1]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ range
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ focus
            "#,
        );
    }

    #[test]
    fn a_footnote_label_leads_to_its_first_marker() {
        check(
            r#"
            Salt was taxed.[^salt] Again.[^salt]
                           ^^^^^^^ range
                             ^^^^ focus

            [^s$0alt]: Ben Ng, *Salt* (Lima: Andes, 2011).
            "#,
        );
    }

    #[test]
    fn an_undefined_marker_has_no_definition() {
        check(
            r#"
            Missing.[$07]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            "#,
        );
    }
}
