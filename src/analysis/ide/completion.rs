//! Completion: after `[`, `[^`, or a superscript digit, the notes to cite
//! again and the next free number, completing the marker in the style being
//! typed; after `^[` (an inline note) or inside a note's body, the works
//! already cited, as short forms; after `@`, the citation keys in use.

use std::ops::Range;

use super::citekeys::Completions;
use super::context::{Cursor, label_text};
use super::format::{citation_markdown, escape, note_preview, short_form};
use super::{CompletionItem, CompletionKind, Snapshot};
use crate::analysis::index::{MarkerStyle, NoteDef};
use crate::analysis::syntax::is_superscript_digit;
use crate::analysis::syntax::to_superscript;
use crate::analysis::works;

pub(super) fn completion(snapshot: Snapshot<'_>, offset: usize) -> Vec<CompletionItem> {
    completion_list(snapshot, offset).items
}

/// Completions at `offset`, and whether the list was cut short.
pub(super) fn completion_list(snapshot: Snapshot<'_>, offset: usize) -> Completions {
    let cursor = Cursor::new(snapshot, offset);
    let text = cursor.text();
    if offset > text.len() || !text.is_char_boundary(offset) {
        return Completions::default();
    }
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let closed = text[offset..].starts_with(']');

    // `[^lab`: a Markdown footnote label.
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '^' | '@'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let partial = &before[word_start..];
    let replace = line_start + word_start..offset;
    let head = &before[..word_start];
    if head.ends_with("[^") {
        return notes(&cursor, Style::Footnote, replace, closed).into();
    }
    if head.ends_with("^[") {
        return works_items(&cursor, replace, if closed { "" } else { "]" }).into();
    }
    // `@` after a letter is an e-mail address being typed, not a citation.
    let at_word = head
        .strip_suffix('@')
        .is_some_and(|before| !before.ends_with(|c: char| c.is_alphanumeric() || c == '.'));
    if at_word {
        return super::citekeys::completion(snapshot, partial, replace.clone())
            .unwrap_or_else(|| citation_keys(&cursor, replace).into());
    }
    if head.ends_with('[') && partial.chars().all(|c| c.is_ascii_digit()) {
        return notes(&cursor, Style::Bracket, replace, closed).into();
    }
    // `¹²`: superscript digits right before the cursor.
    let digits = before.len() - before.trim_end_matches(is_superscript_digit).len();
    if digits > 0 {
        let index = cursor.index();
        if index.superscripts_are_markers || index.notes.is_empty() {
            let replace = offset - digits..offset;
            return notes(&cursor, Style::Superscript, replace, true).into();
        }
    }
    if in_note_body(&cursor) {
        return works_items(&cursor, replace, "").into();
    }
    Completions::default()
}

/// Whether the cursor is in a note's body.
fn in_note_body(cursor: &Cursor<'_>) -> bool {
    let index = cursor.index();
    index
        .note_at(cursor.offset)
        .and_then(|id| index.notes[id].body_range.as_ref())
        .is_some_and(|body| body.start <= cursor.offset && cursor.offset <= body.end)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Bracket,
    Superscript,
    Footnote,
}

/// The notes a marker being typed at the cursor can cite, and a new one.
fn notes(
    cursor: &Cursor<'_>,
    style: Style,
    replace: Range<usize>,
    closed: bool,
) -> Vec<CompletionItem> {
    let index = cursor.index();
    let text = cursor.text();
    let footnote = style == Style::Footnote;
    // The notes section the marker would refer to: the first one after the
    // cursor, or the last one.
    let section = index
        .sections
        .iter()
        .position(|s| s.range.start >= cursor.offset)
        .or_else(|| index.sections.len().checked_sub(1));
    let candidates: Vec<(usize, &NoteDef)> = index
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_numeric() != footnote)
        .filter(|(_, n)| section.is_none_or(|s| n.section == s))
        .collect();
    let close = if closed || style == Style::Superscript {
        ""
    } else {
        "]"
    };
    let spell = |key: &str| match style {
        Style::Superscript => to_superscript(key),
        _ => key.to_string(),
    };
    let shown = |key: &str| match style {
        Style::Bracket => format!("[{key}]"),
        Style::Superscript => to_superscript(key),
        Style::Footnote => format!("[^{key}]"),
    };
    let next = candidates
        .iter()
        .filter_map(|(_, n)| n.key.parse::<u64>().ok())
        .max()
        .map_or(1, |m| m + 1)
        .to_string();
    let mut items = vec![CompletionItem {
        label: shown(&next),
        detail: Some("new note".to_string()),
        documentation: None,
        kind: CompletionKind::NewNote,
        insert_text: format!("{}{close}", spell(&next)),
        replace: replace.clone(),
        sort: 0,
    }];
    let mut seen = Vec::new();
    for (id, note) in candidates {
        if seen.contains(&note.key) {
            continue;
        }
        seen.push(note.key.clone());
        let body = note
            .body_range
            .as_ref()
            .and_then(|b| text.get(b.clone()))
            .unwrap_or("");
        let detail = note_preview(index, cursor.works(), text, id);
        items.push(CompletionItem {
            label: shown(&note.key),
            detail,
            documentation: Some(format!(
                "**Note {}**\n\n{}",
                escape(label_text(text, note)),
                escape(body)
            )),
            kind: CompletionKind::Note,
            insert_text: format!("{}{close}", spell(&note.key)),
            replace: replace.clone(),
            sort: u32::try_from(seen.len()).unwrap_or(u32::MAX),
        });
    }
    items
}

/// The works already cited, as short forms to insert (`Surname, *Title*`),
/// each followed by `close`.
fn works_items(cursor: &Cursor<'_>, replace: Range<usize>, close: &str) -> Vec<CompletionItem> {
    let index = cursor.index();
    let mut items: Vec<CompletionItem> = Vec::new();
    for work in &cursor.works().works {
        let Some(full) = works::citation(index, work.full) else {
            continue;
        };
        let Some(short) = short_form(full) else {
            continue;
        };
        let label = short.replace('*', "");
        if items.iter().any(|i| i.label == label) {
            continue;
        }
        items.push(CompletionItem {
            label,
            detail: full.year.map(|y| y.to_string()),
            documentation: Some(citation_markdown(full, None)),
            kind: CompletionKind::Work,
            insert_text: format!("{short}{close}"),
            replace: replace.clone(),
            sort: u32::try_from(items.len()).unwrap_or(u32::MAX),
        });
    }
    items
}

/// The Pandoc citation keys the document already uses (`[@key]`).
fn citation_keys(cursor: &Cursor<'_>, replace: Range<usize>) -> Vec<CompletionItem> {
    let text = cursor.text();
    let mut keys: Vec<&str> = Vec::new();
    for marker in &cursor.index().markers {
        if marker.style != MarkerStyle::Citation {
            continue;
        }
        let token = text.get(marker.range.clone()).unwrap_or("");
        for part in token.split('@').skip(1) {
            let key = part
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ']'))
                .next()
                .unwrap_or("");
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys.into_iter()
        .enumerate()
        .map(|(i, key)| CompletionItem {
            label: format!("@{key}"),
            detail: Some("citation key".to_string()),
            documentation: None,
            kind: CompletionKind::Work,
            insert_text: key.to_string(),
            replace: replace.clone(),
            sort: u32::try_from(i).unwrap_or(u32::MAX),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::{Fixture, with_snapshot};

    /// One line per item: kind, label, the text it inserts over which
    /// characters, and its detail.
    fn check(fixture: &str) -> String {
        let f = Fixture::parse(fixture);
        with_snapshot(&f.text, |s| {
            super::completion(s, f.cursor())
                .iter()
                .map(|i| {
                    format!(
                        "{:?} {} insert {:?} over {:?} — {}",
                        i.kind,
                        i.label,
                        i.insert_text,
                        &f.text[i.replace.clone()],
                        i.detail.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn after_a_bracket_existing_notes_and_the_next_number() {
        insta::assert_snapshot!(check(r#"
            “Wheat” 🙂 rose.[1] It fell.[2] Again.[$0

            [1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.
            [2] Ibid., 31.
            "#), @r#"
            NewNote [3] insert "3]" over "" — new note
            Note [1] insert "1]" over "" — Mearsheimer, The Tragedy of Great Power Politics
            Note [2] insert "2]" over "" — Ibid. (Mearsheimer, The Tragedy of Great Power Politics)
            "#);
    }

    #[test]
    fn a_partial_number_is_replaced_and_a_closing_bracket_kept() {
        insta::assert_snapshot!(check(r#"
            Wheat rose.[1] Again.[1$0]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            "#), @r#"
            NewNote [2] insert "2" over "1" — new note
            Note [1] insert "1" over "1" — Lo, Bread
            "#);
    }

    #[test]
    fn after_a_superscript_superscript_digits_are_inserted() {
        insta::assert_snapshot!(check(r#"
            Wheat rose.¹ Again.²$0

            NOTES

            ¹ Ada Lo, *Bread* (Lima: Andes, 2010).
            ² Ben Ng, “Salt Roads of the Andes,” The Economist, May 3, 2019.
            "#), @r#"
            NewNote ³ insert "³" over "²" — new note
            Note ¹ insert "¹" over "²" — Lo, Bread
            Note ² insert "²" over "²" — Ng, Salt Roads of the Andes
            "#);
    }

    #[test]
    fn after_a_caret_bracket_footnote_labels() {
        insta::assert_snapshot!(check(r#"
            Salt was taxed.[^salt] Bread too.[^br$0

            [^salt]: Ben Ng, *Salt* (Lima: Andes, 2011).
            [^bread]: Ada Lo, *Bread* (Lima: Andes, 2010).
            "#), @r#"
            NewNote [^1] insert "1]" over "br" — new note
            Note [^salt] insert "salt]" over "br" — Ng, Salt
            Note [^bread] insert "bread]" over "br" — Lo, Bread
            "#);
    }

    #[test]
    fn inside_a_note_short_forms_of_cited_works() {
        insta::assert_snapshot!(check(r#"
            One.[1] Two.[2]

            [1] Ada Lo, “Bread Markets: A History,” The Economist, November 7, 2019.
            [2] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001); Me$0
            "#), @r#"
            Work Lo, “Bread Markets” insert "Lo, “Bread Markets”" over "Me" — 2019
            Work Mearsheimer, The Tragedy of Great insert "Mearsheimer, *The Tragedy of Great*" over "Me" — 2001
            "#);
    }
}
