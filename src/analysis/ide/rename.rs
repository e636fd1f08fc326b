//! Rename: relabel a note and every marker that cites it, each in its own
//! style (superscript markers get superscript digits, a list such as
//! `[4–6]` is rewritten whole).

use std::ops::Range;

use super::context::Cursor;
use super::{RenameError, Snapshot};
use crate::analysis::TextEdit;
use crate::analysis::index::{LabelStyle, MarkerStyle, NoteId};
use crate::analysis::syntax::{from_superscript, relabel_list, to_superscript};

/// The note at the cursor, and the range of the label or marker key there.
///
/// A note numbered by its place in a pasted list (`^ a b`) has no written
/// number to rename, and neither do its markers: renaming one of them would
/// part it from the note.
fn target(cursor: &Cursor<'_>) -> Option<(NoteId, Range<usize>)> {
    let index = cursor.index();
    let (id, range) = if let Some(marker) = cursor.marker() {
        (marker.target?, marker.key_range.clone())
    } else {
        let id = cursor.label()?;
        (id, index.notes[id].key_range.clone())
    };
    index.notes[id].key_is_written().then_some((id, range))
}

pub(super) fn prepare_rename(
    snapshot: Snapshot<'_>,
    offset: usize,
) -> Option<(Range<usize>, String)> {
    let (_, range) = target(&Cursor::new(snapshot, offset))?;
    let text = snapshot.text().get(range.clone())?.to_string();
    Some((range, text))
}

pub(super) fn rename(
    snapshot: Snapshot<'_>,
    offset: usize,
    new_label: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let cursor = Cursor::new(snapshot, offset);
    let (id, _) = target(&cursor).ok_or(RenameError::NothingToRename)?;
    let index = cursor.index();
    let note = &index.notes[id];
    let new = valid_label(note.is_numeric(), new_label)?;
    if new == *note.key {
        return Ok(Vec::new());
    }
    if index.notes.iter().enumerate().any(|(other, n)| {
        other != id
            && n.section == note.section
            && n.is_numeric() == note.is_numeric()
            && *n.key == new
    }) {
        return Err(RenameError::LabelTaken(new));
    }
    let mut edits = vec![TextEdit {
        range: note.key_range.clone(),
        new_text: if note.style == LabelStyle::Superscript {
            to_superscript(&new)
        } else {
            new.clone()
        },
    }];
    let text = cursor.text();
    for (_, marker) in index.markers_of(id) {
        if marker.in_list {
            if edits.iter().any(|e| e.range == marker.range) {
                continue;
            }
            // Rewrite the whole list: its keys may no longer form a range.
            let keys: Vec<u64> = index
                .markers
                .iter()
                .filter(|m| m.range == marker.range)
                .filter_map(|m| {
                    let key: &str = if m.target == Some(id) { &new } else { &m.key };
                    key.parse().ok()
                })
                .collect();
            let token = text.get(marker.range.clone()).unwrap_or("");
            edits.push(TextEdit {
                range: marker.range.clone(),
                new_text: relabel_list(token, keys),
            });
            continue;
        }
        edits.push(TextEdit {
            range: marker.key_range.clone(),
            new_text: if marker.style == MarkerStyle::Superscript {
                to_superscript(&new)
            } else {
                new.clone()
            },
        });
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    Ok(edits)
}

/// The key a new label gives: digits (ASCII or superscript) for a numbered
/// note; for a Markdown footnote, any label without spaces or brackets.
fn valid_label(numeric: bool, label: &str) -> Result<String, RenameError> {
    let label = label.trim();
    if numeric {
        let label = label.trim_start_matches('[').trim_end_matches([']', '.']);
        let digits = from_superscript(label);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(RenameError::InvalidLabel(format!(
                "a numbered note's label is a number, not `{label}`"
            )));
        }
        let trimmed = digits.trim_start_matches('0');
        return Ok(if trimmed.is_empty() { "0" } else { trimmed }.to_string());
    }
    let label = label
        .strip_prefix("[^")
        .and_then(|l| l.strip_suffix(']'))
        .unwrap_or(label);
    if label.is_empty()
        || label
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '[' | ']' | '^'))
    {
        return Err(RenameError::InvalidLabel(format!(
            "a footnote label has no spaces, brackets or carets, unlike `{label}`"
        )));
    }
    Ok(label.to_string())
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::apply_edits;
    use crate::analysis::fixture::{Fixture, with_snapshot};

    /// The document after the rename, or the error.
    fn check(fixture: &str, new_label: &str) -> String {
        let f = Fixture::parse(fixture);
        with_snapshot(&f.text, |s| match super::rename(s, f.cursor(), new_label) {
            Ok(edits) => apply_edits(&f.text, &edits),
            Err(e) => format!("error: {e}"),
        })
    }

    fn prepare(fixture: &str) -> Option<String> {
        let f = Fixture::parse(fixture);
        with_snapshot(&f.text, |s| super::prepare_rename(s, f.cursor()))
            .map(|(range, text)| format!("{:?} {text}", range))
    }

    #[test]
    fn superscript_markers_are_renumbered_in_superscript() {
        insta::assert_snapshot!(check(r#"
            “Wheat” 🙂 rose.¹ Fell.²$0 Again.²

            NOTES

            ¹ Ada Lo, *Bread* (Lima: Andes, 2010).
            - ² Ben Ng, *Salt* (Lima: Andes, 2011).
            "#, "12"), @r#"
            “Wheat” 🙂 rose.¹ Fell.¹² Again.¹²

            NOTES

            ¹ Ada Lo, *Bread* (Lima: Andes, 2010).
            - ¹² Ben Ng, *Salt* (Lima: Andes, 2011).
            "#);
    }

    #[test]
    fn a_bracket_list_is_rewritten_whole() {
        insta::assert_snapshot!(check(r#"
            Rose.[1–3] Fell.[2]

            [1$0] Ada Lo, *Bread* (Lima: Andes, 2010).
            [2] Ben Ng, *Salt* (Lima: Andes, 2011).
            [3] Cy Oz, *Oil* (Lima: Andes, 2012).
            "#, "7"), @r#"
            Rose.[2, 3, 7] Fell.[2]

            [7] Ada Lo, *Bread* (Lima: Andes, 2010).
            [2] Ben Ng, *Salt* (Lima: Andes, 2011).
            [3] Cy Oz, *Oil* (Lima: Andes, 2012).
            "#);
    }

    #[test]
    fn a_footnote_takes_any_label_without_spaces() {
        insta::assert_snapshot!(check(r#"
            Salt was taxed.[^s$0] Again.[^s]

            [^s]: Ben Ng, *Salt* (Lima: Andes, 2011).
            "#, "salt-tax"), @r#"
            Salt was taxed.[^salt-tax] Again.[^salt-tax]

            [^salt-tax]: Ben Ng, *Salt* (Lima: Andes, 2011).
            "#);
    }

    #[test]
    fn taken_and_invalid_labels_are_refused() {
        let fixture = r#"
            Rose.[1$0] Fell.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            [2] Ben Ng, *Salt* (Lima: Andes, 2011).
            "#;
        insta::assert_snapshot!(check(fixture, "²"), @"error: another note is already labelled 2");
        insta::assert_snapshot!(check(fixture, "two"), @"error: invalid label: a numbered note's label is a number, not `two`");
        insta::assert_snapshot!(check(r#"
            A.[^a$0] B.[^b]

            [^a]: One.
            [^b]: Two.
            "#, "has space"), @"error: invalid label: a footnote label has no spaces, brackets or carets, unlike `has space`");
    }

    #[test]
    fn prepare_names_the_key_under_the_cursor() {
        assert_eq!(
            prepare("Rose.¹$0\n\nNOTES\n\n¹ Ada Lo, *Bread* (Lima: Andes, 2010).\n").as_deref(),
            Some("5..7 ¹")
        );
        assert_eq!(prepare("Undefined.[$09]\n\n[1] One.\n"), None);
        assert_eq!(prepare("Plain $0text.\n"), None);
    }
}
