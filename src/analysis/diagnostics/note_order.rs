//! `note-order`: notes not numbered in the order they are first cited, or
//! with gaps in their numbering; and the renumbering that mends both.

use crate::analysis::text::token_has;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::keep_references::{self, Slot};
use super::{Analysis, Diagnostic, Rule, Severity, TextEdit, label_text};
use crate::analysis::index::{LabelStyle, MarkerStyle};
use crate::analysis::syntax::{relabel_list, to_superscript};

pub const RULE: Rule = Rule {
    code: "note-order",
    default_severity: Severity::Warning,
    summary: "Notes not numbered in the order of their first citation, or numbered with gaps.",
    docs: "\
### What it finds
A notes section whose numbered notes are not cited for the first time in the order of their numbers (note 5 is cited before note 4), or whose numbers skip (1, 2, 4). A file whose notes start above 1 and are cited lowest first (a chapter numbered on from the chapters before it, `[41]`, `[42]`, …) is in order. Where the cited notes rise in order and only a note that nothing cites stands out of step among them (a first or middle note whose marker was lost), `unused-note` reports it and this rule says nothing: renumbering would hide the lost marker.

### Why it matters
Readers expect note numbers to rise through the text. Out-of-order numbers are the trace of a paragraph moved or a note deleted, and often hide a marker that now points at the wrong note.

### Example
```text
Grain prices fell.[2] Then they rose.[1]
```

### How to fix
Renumber the notes in order of first citation. The quick fix (which `ibid check --fix` applies) and the editor's `source.renumberNotes` action do the same: they rewrite every marker and label together and move the notes into their new order, leaving all other text as it is. Where moving the notes would change what an Ibid or a short form refers to (an Ibid means the work of the note before it), the notes are renumbered but left where they stand, out of order; the finding's message says so.",
};

/// The keys of the numbered notes of section `section` in their new order:
/// in order of first citation, then the notes never cited, in their order.
fn order(analysis: &Analysis, section: usize) -> Vec<&str> {
    let index = &analysis.index;
    let mut order: Vec<&str> = Vec::new();
    in_new_order(analysis, section, |id| {
        order.push(&*index.notes[id].key);
        true
    });
    order
}

/// Calls `visit` with each numbered note of section `section` in its new
/// order (see [`order`]) until it returns false; returns whether it never
/// did.
fn in_new_order(analysis: &Analysis, section: usize, mut visit: impl FnMut(usize) -> bool) -> bool {
    let index = &analysis.index;
    // A label is placed once, even when two notes share it
    // (`duplicate-note`): marked on the first note with that label, so no
    // key is hashed (this runs on every keystroke).
    let mut placed = vec![false; index.notes.len()];
    first_citations(analysis, section, &mut placed, &mut visit)
        && index.sections[section]
            .notes
            .iter()
            .filter(|&&id| index.notes[id].is_numeric())
            .all(|&id| std::mem::replace(&mut placed[index.first_of_label[id]], true) || visit(id))
}

/// Calls `visit` with each numbered note of `section` where the text first
/// cites it, in the text's order, until it returns false; returns whether
/// it never did. `placed` marks the first note of each label as it is
/// visited.
fn first_citations(
    analysis: &Analysis,
    section: usize,
    placed: &mut [bool],
    mut visit: impl FnMut(usize) -> bool,
) -> bool {
    let index = &analysis.index;
    index.markers.iter().all(|marker| {
        let Some(target) = marker.target else {
            return true;
        };
        let note = &index.notes[target];
        if note.section != section || !note.is_numeric() || marker.in_note.is_some() {
            return true;
        }
        std::mem::replace(&mut placed[index.first_of_label[target]], true) || visit(target)
    })
}

/// Whether the cited notes of `section` are cited in the order of their
/// numbers, the list out of step only by notes that nothing cites standing
/// among them (a note whose marker was lost): `unused-note` tells of each
/// of those, and renumbering the others would hide the lost marker.
fn rising_but_for_uncited(analysis: &Analysis, section: usize) -> bool {
    let index = &analysis.index;
    let mut cited = vec![false; index.notes.len()];
    let mut last = 0u64;
    let rising = first_citations(analysis, section, &mut cited, |id| {
        let Ok(number) = index.notes[id].key.parse::<u64>() else {
            return false;
        };
        let up = number > last;
        last = number;
        up
    });
    // An uncited note before a cited one lost its marker; one after all
    // of them leaves a gap that renumbering closes harmlessly.
    let notes = &index.sections[section].notes;
    let uncited = |id: usize| index.notes[id].is_numeric() && !cited[index.first_of_label[id]];
    let last_cited = notes
        .iter()
        .rposition(|&id| index.notes[id].is_numeric() && !uncited(id));
    rising && last_cited.is_some_and(|last| notes[..last].iter().any(|&id| uncited(id)))
}

/// The numbers that markers without a note use (`[4]` when there is no note
/// 4). Renumbering never gives them to another note: the marker would then
/// silently cite that note, where the author meant a note still to write
/// (the `undefined-note` fix adds it under that number).
fn reserved(analysis: &Analysis) -> rustc_hash::FxHashSet<u64> {
    analysis
        .index
        .markers
        .iter()
        .filter(|m| m.target.is_none() && m.in_note.is_none())
        .filter(|m| matches!(m.style, MarkerStyle::Bracket | MarkerStyle::Superscript))
        .filter_map(|m| m.key.parse::<u64>().ok())
        .collect()
}

/// The numbers of the numbered notes of `section`, lowest and highest.
fn number_span(analysis: &Analysis, section: usize) -> Option<(u64, u64)> {
    let index = &analysis.index;
    index
        .sections
        .get(section)?
        .notes
        .iter()
        .fold(None, |span, &id| {
            let note = &index.notes[id];
            let Some(n) = note
                .is_numeric()
                .then(|| note.key.parse::<u64>().ok())
                .flatten()
            else {
                return span;
            };
            Some(span.map_or((n, n), |(low, high): (u64, u64)| (low.min(n), high.max(n))))
        })
}

/// The number the first note of `section` should hold: 1, unless its
/// notes go on from the numbered section before it (its lowest number is
/// one more than that section's highest), as a book numbered through sets
/// each paragraph's notes after it, or a report its chapters' notes under
/// each chapter; or 0, where its notes count from 0 (`[0] https://…`), as
/// programmers number them.
fn first_number(analysis: &Analysis, section: usize) -> u64 {
    let Some((low, _)) = number_span(analysis, section) else {
        return 1;
    };
    let before = (0..section)
        .rev()
        .find_map(|s| number_span(analysis, s))
        .map_or(0, |(_, high)| high);
    if low == 0 {
        0
    } else if before > 0 && low == before + 1 {
        low
    } else if before == 0 && low > 1 && first_cited(analysis, section) == Some(low) {
        // The first numbered notes of the file start above 1, and the text
        // cites the lowest first: a chapter kept in a file of its own,
        // numbered on from the chapters before it.
        low
    } else {
        1
    }
}

/// The number of the note of `section` that the text cites first.
fn first_cited(analysis: &Analysis, section: usize) -> Option<u64> {
    let index = &analysis.index;
    let target = index.markers.iter().find_map(|m| {
        let t = m.target?;
        (m.in_note.is_none() && index.notes[t].section == section && index.notes[t].is_numeric())
            .then_some(t)
    })?;
    index.notes[target].key.parse().ok()
}

/// Each note key of section `section` with its new number, counting on
/// from [`first_number`] (1, 2, 3, ... in most documents) in order,
/// skipping the reserved numbers.
fn new_numbers<'a>(
    analysis: &'a Analysis,
    section: usize,
    reserved: &rustc_hash::FxHashSet<u64>,
) -> Vec<(&'a str, u64)> {
    let mut next = first_number(analysis, section);
    order(analysis, section)
        .into_iter()
        .map(|key| {
            while reserved.contains(&next) {
                next += 1;
            }
            next += 1;
            (key, next - 1)
        })
        .collect()
}

/// The new number of each note key of section `section`.
fn numbering(analysis: &Analysis, section: usize) -> Vec<(String, String)> {
    new_numbers(analysis, section, &reserved(analysis))
        .into_iter()
        .map(|(key, n)| (key.to_string(), n.to_string()))
        .collect()
}

/// Whether renumbering would change nothing. Asked on every keystroke, so
/// it allocates no list and stops at the first note out of place.
fn in_order(analysis: &Analysis, section: usize, reserved: &rustc_hash::FxHashSet<u64>) -> bool {
    let index = &analysis.index;
    let mut next = first_number(analysis, section);
    in_new_order(analysis, section, |id| {
        while reserved.contains(&next) {
            next += 1;
        }
        next += 1;
        let key = &index.notes[id].key;
        key.bytes().all(|b| b.is_ascii_digit())
            && (!key.starts_with('0') || key == "0")
            && key.parse::<u64>() == Ok(next - 1)
    })
}

/// The edits that renumber the notes of `section` in order of first
/// citation: every marker that refers to them and every label, nothing else.
pub fn renumber_edits(analysis: &Analysis, text: &str, section: usize) -> Vec<TextEdit> {
    let index = &analysis.index;
    let map: FxHashMap<String, String> = numbering(analysis, section).into_iter().collect();
    let mut edits = Vec::new();
    let mut lists_done = BTreeSet::new();
    for marker in &index.markers {
        let Some(target) = marker.target else {
            continue;
        };
        if index.notes[target].section != section || !index.notes[target].is_numeric() {
            continue;
        }
        if marker.in_list {
            if !lists_done.insert(marker.range.start) {
                continue;
            }
            // Rewrite the whole list: its keys may no longer form a range.
            let keys: Vec<u64> = index
                .markers
                .iter()
                .filter(|m| m.range == marker.range)
                .filter_map(|m| {
                    map.get(&*m.key)
                        .map_or(&*m.key, |k| k.as_str())
                        .parse()
                        .ok()
                })
                .collect();
            let token = text.get(marker.range.clone()).unwrap_or("");
            edits.push(TextEdit {
                range: marker.range.clone(),
                new_text: relabel_list(token, keys),
            });
            continue;
        }
        if let Some(new) = map.get(&*marker.key)
            && new.as_str() != &*marker.key
        {
            let new = if marker.style == MarkerStyle::Superscript {
                to_superscript(new)
            } else {
                new.clone()
            };
            edits.push(TextEdit {
                range: marker.key_range.clone(),
                new_text: new,
            });
        }
    }
    for &id in &index.sections[section].notes {
        let note = &index.notes[id];
        if let Some(new) = map.get(&*note.key)
            && new.as_str() != &*note.key
        {
            let new = if note.style == LabelStyle::Superscript {
                to_superscript(new)
            } else {
                new.clone()
            };
            edits.push(TextEdit {
                range: note.key_range.clone(),
                new_text: new,
            });
        }
    }
    // `Fowler, supra note 20`: a pointer to a renumbered note follows it.
    for note in index.notes.iter().filter(|n| n.section == section) {
        for pointer in note.citations.iter().filter_map(|c| c.supra_note.as_ref()) {
            if let Some(new) = map.get(&pointer.text)
                && *new != pointer.text
            {
                edits.push(TextEdit {
                    range: note.abs(&pointer.range),
                    new_text: new.clone(),
                });
            }
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// What renumbering a notes section does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbering {
    pub edits: Vec<TextEdit>,
    /// The notes' definitions are moved into their new order.
    pub moved: bool,
    /// The definitions are left where they stand, out of order, because
    /// moving them would change what an Ibid or a short form refers to.
    pub kept_in_place: bool,
}

/// Renumbers the notes of `section` in order of first citation and moves
/// their definitions into the new order, in one set of edits: what both
/// the quick fix (and so `ibid check --fix`) and the editor's source action
/// do. Each definition moves as a block, its label renumbered: its label
/// and body without the white space after it, so that the separators
/// between notes (one line break, blank lines, a bullet's indentation) stay
/// where they were. Definitions with a non-numeric label (`[^label]:`) keep
/// their places; the numbered ones are sorted among the places numbered
/// ones held, a duplicate staying after its twin. Where moving them would
/// change the work of an Ibid or a short form, the definitions keep their
/// places.
pub fn renumbering(analysis: &Analysis, text: &str, section: usize) -> Renumbering {
    let index = &analysis.index;
    let Some(notes) = index.sections.get(section).map(|s| &s.notes) else {
        return Renumbering {
            edits: Vec::new(),
            moved: false,
            kept_in_place: false,
        };
    };
    let renumbered = renumber_edits(analysis, text, section);
    let unmoved = Renumbering {
        edits: renumbered.clone(),
        moved: false,
        kept_in_place: false,
    };
    let map: FxHashMap<String, String> = numbering(analysis, section).into_iter().collect();
    // (new number, note, block) of each numbered note, in document order.
    let blocks: Vec<(u64, usize, std::ops::Range<usize>)> = notes
        .iter()
        .filter(|&&id| index.notes[id].is_numeric())
        .filter_map(|&id| {
            let note = &index.notes[id];
            let key = map.get(&*note.key).map_or(&*note.key, String::as_str);
            let number = key.parse::<u64>().ok()?;
            let body = text.get(note.range.clone())?;
            Some((
                number,
                id,
                note.range.start..note.range.start + body.trim_end().len(),
            ))
        })
        .collect();
    let mut sorted = blocks.clone();
    sorted.sort_by_key(|(number, _, _)| *number);
    if blocks == sorted {
        return unmoved;
    }
    let mut slots = keep_references::unchanged(analysis);
    for ((_, at, _), (_, moved, _)) in blocks.iter().zip(&sorted) {
        slots[*at] = Slot::Old(*moved);
    }
    if !keep_references::keeps_references(analysis, &slots) {
        return Renumbering {
            kept_in_place: true,
            ..unmoved
        };
    }
    // The renumbering's edits inside a moved block go with it.
    let inside = |block: &std::ops::Range<usize>| {
        renumbered
            .iter()
            .filter(|e| block.start <= e.range.start && e.range.end <= block.end)
            .map(|e| TextEdit {
                range: e.range.start - block.start..e.range.end - block.start,
                new_text: e.new_text.clone(),
            })
            .collect::<Vec<_>>()
    };
    let moved_slots: Vec<_> = blocks
        .iter()
        .zip(&sorted)
        .filter(|((_, slot, _), (_, moved, _))| slot != moved)
        .map(|((_, _, slot), (_, _, moved))| (slot.clone(), moved.clone()))
        .collect();
    let mut edits: Vec<TextEdit> = renumbered
        .iter()
        .filter(|e| {
            !moved_slots
                .iter()
                .any(|(slot, _)| slot.start <= e.range.start && e.range.end <= slot.end)
        })
        .cloned()
        .collect();
    for (slot, moved) in &moved_slots {
        let Some(block) = text.get(moved.clone()) else {
            return unmoved;
        };
        edits.push(TextEdit {
            range: slot.clone(),
            new_text: super::apply_edits(block, &inside(moved)),
        });
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    Renumbering {
        edits,
        moved: true,
        kept_in_place: false,
    }
}

/// The renumbering of every notes section that `note-order` reports, in
/// one set of edits: the editor's source action, and the same text as
/// `ibid check --fix` gives for the rule.
pub fn renumber_notes(analysis: &Analysis, text: &str) -> Vec<TextEdit> {
    let sources = super::note_references::source_lists(analysis, text);
    let reserved_numbers = reserved(analysis);
    (0..analysis.index.sections.len())
        .filter(|&s| reported(analysis, text, &sources, s, &reserved_numbers))
        .flat_map(|s| renumbering(analysis, text, s).edits)
        .collect()
}

/// Whether the numbered definitions of `section` stand out of numeric
/// order (a renumbering kept them in place).
pub fn out_of_place(analysis: &Analysis, section: usize) -> bool {
    let index = &analysis.index;
    let numbers: Vec<u64> = index
        .sections
        .get(section)
        .map(|s| &s.notes[..])
        .unwrap_or(&[])
        .iter()
        .map(|&id| &index.notes[id])
        .filter(|note| note.is_numeric())
        .filter_map(|note| note.key.parse::<u64>().ok())
        .collect();
    numbers.windows(2).any(|w| w[0] > w[1])
}

/// Whether `note-order` reports `section`: its notes are numbered, out of
/// order or with gaps, and may be renumbered.
fn reported(
    analysis: &Analysis,
    text: &str,
    sources: &[super::note_references::ListKind],
    section_id: usize,
    reserved_numbers: &rustc_hash::FxHashSet<u64>,
) -> bool {
    let index = &analysis.index;
    let Some(section) = index.sections.get(section_id) else {
        return false;
    };
    // A list numbered by its order is in order by definition, and its
    // numbers cannot be rewritten; nor can a pasted Wikipedia list's,
    // numbered by citations in parts of the article left behind, or
    // numbers glued to the text, which cannot be told from the text's own
    // numbers well enough to renumber them. A list of sources
    // (`References`) keeps an order of its own, often the alphabet's.
    // The test that reads marker tokens comes last: a section in order
    // (most of them, on most keystrokes) is settled without it, by a
    // pass that reads no text.
    !(sources.get(section_id).is_some_and(|k| k.own_order)
        || section
            .notes
            .iter()
            .any(|&n| !index.notes[n].key_is_written() || index.notes[n].is_wikipedia_reference())
        || in_order(analysis, section_id, reserved_numbers)
        || rising_but_for_uncited(analysis, section_id)
        || exported(analysis, text, section_id)
        || reference_links(analysis, text, section_id)
        || link_definitions(analysis, text, section_id))
}

/// Whether a section holds Markdown link definitions (`[16]: https://…`):
/// a page shows none of them, so their order is no reader's concern, and
/// moving them beside a visible list of the same numbers would make them
/// part of its items.
fn link_definitions(analysis: &Analysis, text: &str, section: usize) -> bool {
    let index = &analysis.index;
    index.sections.get(section).is_some_and(|s| {
        s.notes
            .iter()
            .any(|&n| super::note_references::defines_a_link(text, &index.notes[n]))
    })
}

/// Whether the markers of a section are Markdown reference links
/// (`[the code of conduct][16]`) to a list of link definitions
/// (`[16]: https://…`): a reader never sees the numbers, and their order
/// is no one's concern.
fn reference_links(analysis: &Analysis, text: &str, section: usize) -> bool {
    let index = &analysis.index;
    index.markers.iter().any(|m| {
        m.target.is_some_and(|t| index.notes[t].section == section)
            && m.style == MarkerStyle::Bracket
            && follows_link_text(text, m.range.start)
    })
}

/// Whether the bracket at `at` comes right after a bracketed text that is
/// no marker (`[link text][16]`, not `[1][2]`).
fn follows_link_text(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at).and_then(|t| t.strip_suffix(']')) else {
        return false;
    };
    let line = before.rsplit('\n').next().unwrap_or("");
    line.rfind('[')
        .map(|open| &line[open + 1..])
        .is_some_and(|inner| inner.chars().any(char::is_alphabetic) && !inner.starts_with('^'))
}

/// What the fix does, for the finding's message.
fn fix_says(fix: &Renumbering) -> &'static str {
    if fix.kept_in_place {
        "the fix renumbers the markers and notes but leaves the notes where they stand, out of order, since moving them would change what an Ibid or a short form refers to"
    } else if fix.moved {
        "the fix renumbers the markers and notes and moves the notes into order"
    } else {
        "the fix renumbers the markers and notes"
    }
}

/// Whether the markers of a section link to an export's footnote anchors
/// (`[1](#fn1)`) or to their sources (`[[1]](https://…)`): a list numbered
/// by the exporter or by a reference manager, which renumbering the text
/// would put out of step with its anchors. A Google Docs export
/// (`[[1]](#ftnt1)`) numbers its notes in order, so there an order out of
/// step is the author's edit.
fn exported(analysis: &Analysis, text: &str, section: usize) -> bool {
    let index = &analysis.index;
    index.markers.iter().any(|m| {
        m.target.is_some_and(|t| index.notes[t].section == section)
            && (m.link.web
                || (m.link.anchor
                    && text
                        .get(m.range.clone())
                        .is_some_and(|t| token_has(t, "](#fn"))))
    })
}

pub(super) fn check(
    analysis: &Analysis,
    text: &str,
    sources: &[super::note_references::ListKind],
    out: &mut Vec<Diagnostic>,
) {
    let index = &analysis.index;
    let reserved_numbers = reserved(analysis);
    for (section_id, section) in index.sections.iter().enumerate() {
        if !reported(analysis, text, sources, section_id, &reserved_numbers) {
            continue;
        }
        let renumbering = renumbering(analysis, text, section_id);
        let says = fix_says(&renumbering);
        let fix = renumbering.edits;
        // Out of order: the first marker whose note is not the next number
        // (numbers that markers without a note use are skipped).
        let skip = |mut n: u64| {
            while reserved_numbers.contains(&n) {
                n += 1;
            }
            n
        };
        let first = first_number(analysis, section_id);
        let mut expected = skip(first);
        let mut seen = BTreeSet::new();
        let mut reported = false;
        for marker in &index.markers {
            let Some(target) = marker.target else {
                continue;
            };
            let note = &index.notes[target];
            // A table's cells are numbered in whichever order its author
            // reads it, by row or by column: its markers set no order.
            if note.section != section_id
                || marker.in_note.is_some()
                || marker.in_table
                || !seen.insert(note.key.clone())
            {
                continue;
            }
            let Ok(number) = note.key.parse::<u64>() else {
                continue;
            };
            if number != expected {
                let expected_key = expected.to_string();
                let first_of_expected = index.sections[section_id]
                    .notes
                    .iter()
                    .map(|&n| &index.notes[n])
                    .find(|n| *n.key == *expected_key);
                let message = match first_of_expected {
                    Some(_) if number > expected => format!(
                        "note {} is cited before note {expected}: notes are not numbered in order of first citation; {says}",
                        note.key
                    ),
                    _ => format!(
                        "note {} is the {} note cited: notes are not numbered in order of first citation; {says}",
                        note.key,
                        ordinal(expected)
                    ),
                };
                out.push(
                    Diagnostic::new(&RULE, marker.range.clone(), message)
                        .related(note.label_range.clone(), "the note")
                        .fix("Renumber notes in order of first citation", fix.clone()),
                );
                reported = true;
                break;
            }
            expected = skip(expected + 1);
        }
        if reported {
            continue;
        }
        // Gaps: the first label that skips a number.
        let mut numbers: Vec<(u64, usize)> = section
            .notes
            .iter()
            .filter_map(|&n| index.notes[n].key.parse::<u64>().ok().map(|k| (k, n)))
            .collect();
        numbers.sort_unstable();
        let mut next = first;
        for (number, id) in numbers {
            // A number a marker without a note uses is not a gap: the
            // missing note is reported as `undefined-note`.
            while reserved_numbers.contains(&next) && next < number {
                next += 1;
            }
            if number > next {
                let note = &index.notes[id];
                let message = if next == first {
                    format!("notes start at {number}, not {first}")
                } else {
                    format!("note numbers skip from {} to {number}", next - 1)
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        note.label_range.clone(),
                        format!("{message}: renumber the notes; {says}"),
                    )
                    .fix("Renumber notes in order of first citation", fix.clone()),
                );
                break;
            }
            next = number + 1;
        }
        let _ = label_text;
    }
}

fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostics::test_support::{check, check_fix, codes};
    use crate::analysis::fixture::trim_indent;
    use crate::analysis::{analyze, diagnostics::apply_edits};

    proptest::proptest! {
        /// The early-stopping test agrees with the new numbering it
        /// stands for, on markers and notes in any order, with repeated
        /// labels, leading zeros, markers without notes and notes cited
        /// only from other notes.
        #[test]
        fn in_order_is_a_numbering_that_changes_nothing(
            markers in proptest::collection::vec(0usize..8, 0..10),
            notes in proptest::collection::vec((0usize..8, proptest::bool::ANY), 1..8),
        ) {
            const LABELS: [&str; 8] = ["1", "2", "3", "4", "5", "01", "6", "2"];
            let mut text = String::from("Text");
            for m in &markers {
                text.push_str(&format!(" word.[{}]", LABELS[*m]));
            }
            text.push_str("\n\n");
            for (n, cites) in &notes {
                let inner = if *cites { " See [3]." } else { "" };
                text.push_str(&format!("[{}] Ada Fenn, *Lamps* (Oslo: Fjord, 2010).{inner}\n", LABELS[*n]));
            }
            let analysis = analyze(&text);
            let reserved_numbers = reserved(&analysis);
            for section in 0..analysis.index.sections.len() {
                let numbered = new_numbers(&analysis, section, &reserved_numbers)
                    .into_iter()
                    .all(|(key, n)| {
                        key.bytes().all(|b| b.is_ascii_digit())
                            && (!key.starts_with('0') || key == "0")
                            && key.parse::<u64>() == Ok(n)
                    });
                proptest::prop_assert_eq!(
                    in_order(&analysis, section, &reserved_numbers),
                    numbered,
                    "{}",
                    text
                );
            }
        }
    }

    /// What the fix and the source action do.
    fn renumber_then_reorder(text: &str) -> String {
        let analysis = analyze(text);
        apply_edits(text, &renumber_notes(&analysis, text))
    }

    /// A marker with no note keeps its number: renumbering the notes after
    /// it must not hand that number to another note, which the marker
    /// would then cite by accident.
    #[test]
    fn reference_links_to_numbered_definitions_have_no_order() {
        let text = "See [the charter][2] and [the rules][1].\n\n\
                    [1]: https://example.org/rules\n\
                    [2]: https://example.org/charter\n";
        let codes: Vec<&str> = analyze(text).diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.is_empty(), "{codes:?}");
        // Markers of their own out of order are still reported.
        let text = "Tiles.[2] Slate.[1]\n\n\
                    [1] Ada Fenn, *Tiles* (Oslo: Fjord, 2010).\n\
                    [2] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n";
        let codes: Vec<&str> = analyze(text).diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["note-order"]);
    }

    /// Notes counted from 0 (`[0] https://…`), as programmers number
    /// them, are in order when the text cites 0 first; out of it otherwise,
    /// and the fix counts from 0 too.
    #[test]
    fn notes_counted_from_zero() {
        check(
            "
            Make a hidden volume [0] and install the system [1].

            [0] https://volumes.example/download
            [1] https://system.example/
            ",
        );
        let (text, analysis) = check(
            "
            Install the system [1] in a hidden volume [0].
                               ^^^ note-order

            [0] https://volumes.example/download
            [1] https://system.example/
            ",
        );
        let d = &analysis.diagnostics[0];
        assert_eq!(
            d.message,
            "note 1 is cited before note 0: notes are not numbered in order of first citation; \
             the fix renumbers the markers and notes and moves the notes into order"
        );
        let fixed = apply_edits(
            &text,
            &d.fix.as_ref().map(|f| f.edits.clone()).unwrap_or_default(),
        );
        assert_eq!(
            fixed,
            "Install the system [0] in a hidden volume [1].\n\n\
             [0] https://system.example/\n\
             [1] https://volumes.example/download\n"
        );
    }

    /// Link definitions a visible list repeats (`[20]: https://…` and `*
    /// [20] DLS: https://…`) set no order a reader sees, and moving them
    /// into the visible list would make them part of its items.
    #[test]
    fn link_definitions_beside_a_visible_list_have_no_order() {
        let text = "Consensus [\\[3\\]][3] and trust [\\[1\\]][1] and time [\\[2\\]][2].\n\n\
                    [1]: https://example.org/one\n\
                    [2]: https://example.org/two\n\
                    [3]: https://example.org/three\n\n\
                    * [1] One: https://example.org/one\n\
                    * [2] Two: https://example.org/two\n\
                    * [3] Three: https://example.org/three\n";
        let codes: Vec<&str> = analyze(text).diagnostics.iter().map(|d| d.code).collect();
        assert!(!codes.contains(&"note-order"), "{codes:?}");
    }

    /// A legal short form's pointer (`supra note 2`) follows its note to
    /// its new number, so it still leads to the same work.
    #[test]
    fn a_supra_pointer_follows_its_note_to_its_new_number() {
        let text = "Tiles.[2] Slate.[1] Again.[3]\n\n\
                    [1] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n\
                    [2] Ben Lund, *Tiles* (Oslo: Fjord, 2010).\n\
                    [3] Lund, *supra* note 2, at 4; Fenn, supra note 1.\n";
        let fixed = renumber_then_reorder(text);
        assert_eq!(
            fixed,
            "Tiles.[1] Slate.[2] Again.[3]\n\n\
             [1] Ben Lund, *Tiles* (Oslo: Fjord, 2010).\n\
             [2] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n\
             [3] Lund, *supra* note 1, at 4; Fenn, supra note 2.\n"
        );
        let codes: Vec<&str> = analyze(&fixed).diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn a_marker_without_a_note_keeps_its_number() {
        let text = "Tiles.[1] Slate.[2] Lead.[3] Thatch.[4]\n\n\
                    [1] Ada Fenn, *Tiles* (Oslo: Fjord, 2010).\n\
                    [2] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n\
                    [4] Ada Fenn, *Thatch* (Oslo: Fjord, 2012).\n";
        let analysis = analyze(text);
        let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["undefined-note"]);
        assert!(renumber_edits(&analysis, text, 0).is_empty());

        // Out of order around it: 5 becomes 3, 3 becomes 5; 4 stays.
        let text = "Tiles.[1] Slate.[2] Thatch.[5] Lead.[4] Moss.[3]\n\n\
                    [1] Ada Fenn, *Tiles* (Oslo: Fjord, 2010).\n\
                    [2] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n\
                    [3] Ada Fenn, *Moss* (Oslo: Fjord, 2013).\n\
                    [5] Ada Fenn, *Thatch* (Oslo: Fjord, 2012).\n";
        let fixed = renumber_then_reorder(text);
        assert_eq!(
            fixed,
            "Tiles.[1] Slate.[2] Thatch.[3] Lead.[4] Moss.[5]\n\n\
             [1] Ada Fenn, *Tiles* (Oslo: Fjord, 2010).\n\
             [2] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n\
             [3] Ada Fenn, *Thatch* (Oslo: Fjord, 2012).\n\
             [5] Ada Fenn, *Moss* (Oslo: Fjord, 2013).\n"
        );
        let codes: Vec<&str> = analyze(&fixed).diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["undefined-note"]);
    }

    #[test]
    fn bracket_notes_move_into_numeric_order() {
        let before = "Lamps burn.[2] Keepers watch.[1] Ships pass.[3]\n\n\
                      [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 14.\n\
                      [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011), 3–9.\n\
                      [3] Ada Fenn, *Ships* (Oslo: Fjord, 2012).\n";
        let after = "Lamps burn.[1] Keepers watch.[2] Ships pass.[3]\n\n\
                     [1] Ada Fenn, *Lamps* (Oslo: Fjord, 2011), 3–9.\n\
                     [2] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 14.\n\
                     [3] Ada Fenn, *Ships* (Oslo: Fjord, 2012).\n";
        assert_eq!(renumber_then_reorder(before), after);
        assert!(analyze(after).diagnostics.is_empty());
    }

    /// A chapter kept in a file of its own numbers its notes on from the
    /// chapters before it: in order from 41 is in order.
    #[test]
    fn a_chapter_numbered_on_from_the_one_before_is_in_order() {
        let text = "Tiles.[41] Slate.[42] Lead.[43]\n\n## Notes\n\n\
                    [41] Ada Fenn, *Tiles* (Oslo: Fjord, 2010).\n\
                    [42] Ada Fenn, *Slate* (Oslo: Fjord, 2011).\n\
                    [43] Ada Fenn, *Lead* (Oslo: Fjord, 2012).\n";
        assert!(analyze(text).diagnostics.is_empty());
        // Out of order among themselves, they are renumbered from 41.
        let swapped = text
            .replacen(
                "Tiles.[41] Slate.[42]",
                "Tiles.[41] Slate.[43] Lead.[42]",
                1,
            )
            .replacen(" Lead.[43]\n", "\n", 1);
        let codes: Vec<&str> = analyze(&swapped)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, ["note-order"]);
        let fixed = renumber_then_reorder(&swapped);
        assert!(
            fixed.starts_with("Tiles.[41] Slate.[42] Lead.[43]"),
            "{fixed}"
        );
    }

    /// A range written as two markers (`[3]–[5]`, as IEEE style does)
    /// cites the notes between, in order, and keeps its form renumbered.
    #[test]
    fn a_range_of_two_markers_keeps_its_form() {
        let before = "Walls stand [1], [3]–[5] and [2] fell.\n\n\
                      ## Notes\n\n\
                      [1] A. Fenn, \"Walls,\" *Stone Review*, 2010.\n\
                      [2] B. Lund, \"Falls,\" *Stone Review*, 2011.\n\
                      [3] C. Dahl, \"Roofs,\" *Stone Review*, 2012.\n\
                      [4] D. Berg, \"Gates,\" *Stone Review*, 2013.\n\
                      [5] E. Holm, \"Doors,\" *Stone Review*, 2014.\n";
        let codes: Vec<&str> = analyze(before).diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["note-order"]);
        let after = renumber_then_reorder(before);
        assert!(
            after.starts_with("Walls stand [1], [2]–[4] and [5] fell."),
            "{after}"
        );
        assert!(analyze(&after).diagnostics.is_empty());
    }

    /// Bullets, blank lines between notes and a last note with no line
    /// break after it: the separators stay where they were.
    #[test]
    fn separators_and_bullets_stay_in_place() {
        let before = "“Salt.”³ Pepper.¹ Cloves.²\n\nNOTES\n\n\
                      - ¹ Priya Nair, “Pepper Ports,” Spice Review, May 2, 2019.\n\n\
                      - ² Priya Nair, “Clove Trade,” Spice Review, May 9, 2019.\n\n\
                      - ³ Priya Nair, “Salt Roads,” Spice Review, May 16, 2019.";
        let after = "“Salt.”¹ Pepper.² Cloves.³\n\nNOTES\n\n\
                     - ¹ Priya Nair, “Salt Roads,” Spice Review, May 16, 2019.\n\n\
                     - ² Priya Nair, “Pepper Ports,” Spice Review, May 2, 2019.\n\n\
                     - ³ Priya Nair, “Clove Trade,” Spice Review, May 9, 2019.";
        assert_eq!(renumber_then_reorder(before), after);
    }

    fn messages(text: &str) -> Vec<String> {
        analyze(text)
            .diagnostics
            .into_iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    /// The finding says what its fix will do, since once the notes are
    /// renumbered nothing is reported again, even where they stay out of
    /// order.
    #[test]
    fn the_finding_says_whether_the_fix_moves_the_notes() {
        let movable = "Salt.[2] Ports.[1]\n\n\
                       [1] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                       [2] Priya Nair, *Salt* (Madras: Harbour, 2017).\n";
        assert_eq!(
            messages(movable),
            [
                "note-order: note 2 is cited before note 1: notes are not numbered in order of first citation; the fix renumbers the markers and notes and moves the notes into order"
            ]
        );
        let held = "Salt.[2] Ports.[1] Tolls.[3]\n\n\
                    [1] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
                    [2] Priya Nair, *Bridges* (Madras: Harbour, 2016).\n\
                    [3] Ibid., 14.\n";
        assert_eq!(
            messages(held),
            [
                "note-order: note 2 is cited before note 1: notes are not numbered in order of first citation; the fix renumbers the markers and notes but leaves the notes where they stand, out of order, since moving them would change what an Ibid or a short form refers to"
            ]
        );
        let fixed = renumber_then_reorder(held);
        assert_eq!(
            fixed,
            "Salt.[1] Ports.[2] Tolls.[3]\n\n\
             [2] Priya Nair, *Ports* (Madras: Harbour, 2015).\n\
             [1] Priya Nair, *Bridges* (Madras: Harbour, 2016).\n\
             [3] Ibid., 14.\n"
        );
        assert_eq!(messages(&fixed), Vec::<String>::new());
    }

    #[test]
    fn notes_in_order_are_left_alone() {
        let text = "Lamps burn.[1] Fog rolls.[2]\n\n[1] First.\n[2] Second.\n";
        let analysis = analyze(text);
        assert!(renumber_notes(&analysis, text).is_empty());
        assert_eq!(renumbering(&analysis, text, 7).edits, Vec::new());
    }

    /// A Markdown footnote among numbered notes keeps its place.
    #[test]
    fn labelled_footnotes_keep_their_place() {
        let text = "Lamps.[2] Fog.[^fog] Ships.[1]\n\n\
                    [2] Second note.\n\
                    [^fog]: A labelled note.\n\
                    [1] First note.\n";
        assert_eq!(
            renumber_then_reorder(text),
            "Lamps.[1] Fog.[^fog] Ships.[2]\n\n\
             [1] Second note.\n\
             [^fog]: A labelled note.\n\
             [2] First note.\n"
        );
    }

    #[test]
    fn note_order_out_of_order() {
        check(
            "
            “Lamps burn.”² Keepers watch.¹ 🙂 Fog rolls.³
                         ^ note-order

            NOTES

            ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            ² Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            ³ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            ",
        );
    }

    #[test]
    fn note_order_gap_in_the_cited_notes() {
        // Note 3 comes second: reported on the marker, as out of order.
        check(
            "
            Lamps burn.[1] Fog rolls.[3]
                                     ^^^ note-order

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [3] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            ",
        );
    }

    #[test]
    fn note_order_gap_before_an_uncited_note() {
        // The cited notes are in order; the gap is reported on the label.
        check(
            "
            Lamps burn.[1] Fog rolls.[2]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [2] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            [4] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ^^^ note-order
            ^^^ unused-note
            ",
        );
    }

    /// The cited notes are in order, and only a note nothing cites stands
    /// out of step among them (a first note whose marker was lost):
    /// `unused-note` tells of it, once. A gap among cited notes is still
    /// out of order.
    #[test]
    fn note_order_not_for_notes_out_of_step_only_by_an_uncited_one() {
        check(
            "
            Fog rolls.[2] Horns sound.[3]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            ^^^ unused-note
            [2] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            [3] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ",
        );
        check(
            "
            Lamps burn.[1] Horns sound.[4]
                                       ^^^ note-order

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [4] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ",
        );
    }

    /// A book numbered through, its notes set after each paragraph: each
    /// short list goes on from the one before, and is in order.
    #[test]
    fn notes_numbered_through_the_document_in_short_lists() {
        check(
            "
            The first keeper came in spring.[1] He stayed.[2]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).

            The second keeper came in autumn.[3]

            [3] Ada Fenn, *Fog* (Oslo: Fjord, 2012).

            The third came in winter.[5] And left.[4]
                                     ^^^ note-order

            [4] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            [5] Ada Fenn, *Wrecks* (Oslo: Fjord, 2014).
            ",
        );
        // The fix renumbers the last list from where it goes on.
        check_fix(
            "note-order",
            "
            The first keeper came in spring.[1]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).

            The third came in winter.[3] And left.[2]

            [2] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            [3] Ada Fenn, *Wrecks* (Oslo: Fjord, 2014).
            ",
            "
            The first keeper came in spring.[1]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).

            The third came in winter.[2] And left.[3]

            [2] Ada Fenn, *Wrecks* (Oslo: Fjord, 2014).
            [3] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ",
        );
    }

    #[test]
    fn note_order_not_when_in_order() {
        check(
            "
            Lamps burn.[1] Keepers watch.[2] Again.[1] Ships pass.[2, 3] Fog.[4–5]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            [3] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            [4] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            [5] Ada Fenn, *Wrecks* (Oslo: Fjord, 2014).
            ",
        );
    }

    /// Notes on a table's cells are numbered as its author reads the table,
    /// often down a column: the order of the rows is no citation order.
    #[test]
    fn note_order_not_for_markers_in_a_table() {
        check(
            "
            | Store   | Hash     | Time    |
            |---------|----------|---------|
            | Alder   | MD5      | R/W ³   |
            | Birch   | SHA1 ¹   | R       |
            | Cedar   | -        | R/W ²   |

            ¹ Only for files uploaded whole.
            ² Rounded to the second.
            ³ Set on upload only.
            ",
        );
    }

    /// A Google Docs export converted by Pandoc wraps each note in a `<div>`:
    /// the notes are still one list, in order.
    #[test]
    fn notes_wrapped_one_by_one_in_elements_are_one_list() {
        check(
            "
            Kilns cool overnight.^[\\[1\\]](#ftnt1){#ftnt_ref1}^ Glazes craze.^[\\[2\\]](#ftnt2){#ftnt_ref2}^

            * * *

            <div>

            [\\[1\\]](#ftnt_ref1){#ftnt1} Ines Roca, *Kilns* (Vic: Forn, 2004), 12.

            </div>

            <div>

            [\\[2\\]](#ftnt_ref2){#ftnt2} Ines Roca, *Glazes* (Vic: Forn, 2006), 30.

            </div>
            ",
        );
    }

    // Fixes: note-order renumbers markers and labels and moves the notes into
    // order, and changes nothing else.

    #[track_caller]
    fn check_renumber(before: &str, after: &str) {
        let fixed = check_fix("note-order", before, after);
        let again = analyze(&fixed);
        assert!(
            !codes(&again).contains(&"note-order"),
            "still out of order: {:#?}",
            again.diagnostics
        );
        // Every byte outside markers and labels is unchanged, the lines of
        // the notes taken in any order.
        let strip = |text: &str| -> Vec<String> {
            let mut lines: Vec<String> = text
                .lines()
                .map(|line| {
                    line.chars()
                        .filter(|c| {
                            !c.is_ascii_digit()
                                && !crate::analysis::syntax::is_superscript_digit(*c)
                        })
                        .collect()
                })
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(strip(&fixed), strip(&trim_indent(before)));
    }

    #[test]
    fn note_order_fix_renumbers_brackets_and_lists() {
        check_renumber(
            "
            Lamps burn.[2] “Keepers” watch.[1] 🙂 Ships pass.[2, 3] Fog rolls in 2021.[4]

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 14.
            [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011), 3–9.
            [3] Ada Fenn, *Ships* (Oslo: Fjord, 2012).
            [4] Ibid., 12.
            ",
            "
            Lamps burn.[1] “Keepers” watch.[2] 🙂 Ships pass.[1, 3] Fog rolls in 2021.[4]

            [1] Ada Fenn, *Lamps* (Oslo: Fjord, 2011), 3–9.
            [2] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 14.
            [3] Ada Fenn, *Ships* (Oslo: Fjord, 2012).
            [4] Ibid., 12.
            ",
        );
    }

    #[test]
    fn note_order_fix_renumbers_superscripts_and_bullets() {
        check_renumber(
            "
            “Lamps burn.”² Keepers watch.¹ 🙂 Fog rolls.³ Ships pass.²

            NOTES

            - ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            - ² Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            - ³ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            ",
            "
            “Lamps burn.”¹ Keepers watch.² 🙂 Fog rolls.³ Ships pass.¹

            NOTES

            - ¹ Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            - ² Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            - ³ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            ",
        );
    }

    #[test]
    fn note_order_fix_renumbers_a_bracket_list_among_superscripts() {
        check_renumber(
            "
            Salt was taxed.³ Smugglers thrived.¹ Ports grew.[2, 3] Tolls rose.²

            NOTES

            ¹ Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
            ² Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
            ³ Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
            ",
            "
            Salt was taxed.¹ Smugglers thrived.² Ports grew.[1, 3] Tolls rose.³

            NOTES

            ¹ Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
            ² Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
            ³ Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
            ",
        );
    }

    #[test]
    fn note_order_fix_closes_a_gap() {
        check_renumber(
            "
            Lamps burn.[1] Fog rolls.[3] Horns sound.[4]

            Notes

            1. Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            3. Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            4. Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ",
            "
            Lamps burn.[1] Fog rolls.[2] Horns sound.[3]

            Notes

            1. Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            2. Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            3. Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ",
        );
    }
}
