//! Markers and notes that do not meet: `undefined-note`, `unused-note`,
//! `duplicate-note`.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::keep_references;
use super::{
    Analysis, Diagnostic, RELATED_LIMIT, Rule, Severity, TextEdit, label_text, note_name,
    unrecognised_notes,
};
use crate::analysis::index::{LabelStyle, MarkerStyle, NoteDef, NoteId};
use crate::analysis::syntax::to_superscript;
use crate::analysis::text::{
    anchor_ids, anchor_of, backlinked_numbers, html_anchor_of, quoted_labels,
};

pub const UNDEFINED_NOTE: Rule = Rule {
    code: "undefined-note",
    default_severity: Severity::Error,
    summary: "A marker refers to a note that does not exist.",
    docs: "\
### What it finds
A footnote marker (`[12]`, `¹²`, `[^label]`) for which the document has no note with that label. In a document with no notes at all and more than five such markers, the list of notes was lost whole: that is one finding, at the first marker, which names the others.

A marker written as a link within the page is not reported where the page holds what it leads to: an element with its id (`[1](#footnote-1)` and `{#footnote-1}` or `id=\"footnote-1\"`), or a note that ends with a link back to it (`[↑](#footnote-ref-1)`), however the export laid the note out.

### Why it matters
A reader who follows the marker finds nothing: the claim it supports has lost its source. This happens when notes are pasted without their last entries, or when a marker is renumbered and its note is not.

### Example
```text
Bees dance to share where nectar is.[3]

[1] …
[2] …
```

### How to fix
Add the missing note, or remove the marker. The quick fix inserts an empty `[3]` in the notes section for you to fill in; since the empty note holds no source, `ibid check --fix` applies it only with `--unsafe-fixes`, and `empty-note` reports it until it has text.",
};

pub const UNUSED_NOTE: Rule = Rule {
    code: "unused-note",
    default_severity: Severity::Warning,
    summary: "A note that no marker refers to.",
    docs: "\
### What it finds
A note whose label no marker in the document uses.

A list none of whose entries is cited is taken for a list of sources (`Works cited`, `Bibliography`) and not reported, unless it is a list of Markdown footnotes (which a renderer drops when nothing cites them) or stands under a heading that names notes (`Notes`, `Anmerkungen`, `注释`): then its markers were lost, and one finding, at its first note, names the others.

### Why it matters
The note's source supports nothing in the text: either its marker was lost when the text was edited or pasted, or the note is left over from an earlier draft.

### Example
```text
Tides follow the moon.[1]

[1] …
[2] A note nobody cites.
```

### How to fix
Put the marker back where the note belongs, or delete the note (the quick fix does).",
};

pub const DUPLICATE_NOTE: Rule = Rule {
    code: "duplicate-note",
    default_severity: Severity::Error,
    summary: "Two notes in one notes section (or two Markdown footnotes anywhere) share a label.",
    docs: "\
### What it finds
A note whose label an earlier note in the same notes section already has, or a Markdown footnote (`[^3]:`) defined a second time anywhere in the document.

### Why it matters
Markers with that label can only lead to one of them; the other note's source is unreachable. Separate note lists (one per chapter) may restart their numbering: only notes in the same section are compared. A Markdown footnote's label names one note in the whole document, and renderers keep its first definition.

### Example
```text
[4] First source.
[4] Second source.
```

### How to fix
Renumber one of the notes and the markers that mean it.",
};

/// More undefined markers than this in a document with no notes at all are
/// one finding: the list of notes was lost whole (an AI report copied
/// without its sources), and one addition mends them all.
const WITHOUT_NOTES_LIMIT: usize = 5;

/// Folds the `undefined-note` findings from `out[from..]` into the first
/// where there are more than [`WITHOUT_NOTES_LIMIT`]; `shown` is how each
/// of them writes its marker.
fn gather_without_notes(out: &mut Vec<Diagnostic>, from: usize, shown: &[&str]) {
    let count = out.len() - from;
    if count <= WITHOUT_NOTES_LIMIT {
        return;
    }
    let rest = out.split_off(from + 1);
    let Some(first) = out.last_mut() else {
        return;
    };
    first.message = format!(
        "marker {} and {} more refer to no note, and the document has none: add its list of notes, which may have been lost when it was copied",
        shown[0],
        rest.len()
    );
    first.fix = None;
    for (d, marker) in rest.into_iter().zip(&shown[1..]).take(RELATED_LIMIT) {
        first.related.push(super::Related {
            range: d.range,
            message: format!("marker {marker}"),
        });
    }
}

/// At least this many numbers of one list (`[1, 2, …, 13]`) with no note
/// are one finding, on the list.
const LIST_LIMIT: usize = 3;

/// Folds the `undefined-note` findings from `out[from..]` that are
/// numbers of one list marker, [`LIST_LIMIT`] or more of them, into one on
/// the whole list; `lists[i]` is the list of finding `from + i`
/// (with how each number is written).
fn gather_lists(out: &mut Vec<Diagnostic>, from: usize, lists: &[Option<(Range<usize>, &str)>]) {
    // Most findings are of markers of their own: nothing is moved then.
    if lists.iter().flatten().nth(LIST_LIMIT - 1).is_none() {
        return;
    }
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(out.len() - from);
    let mut found = out.split_off(from).into_iter().zip(lists).peekable();
    while let Some((first, list)) = found.next() {
        let Some((list, number)) = list else {
            kept.push(first);
            continue;
        };
        let mut run = vec![(first, *number)];
        while let Some((d, (_, n))) = found
            .next_if(|(_, l)| l.as_ref().is_some_and(|(r, _)| r == list))
            .and_then(|(d, l)| Some((d, l.as_ref()?)))
        {
            run.push((d, *n));
        }
        if run.len() < LIST_LIMIT {
            kept.extend(run.into_iter().map(|(d, _)| d));
            continue;
        }
        let numbers: Vec<&str> = run.iter().map(|(_, n)| *n).collect();
        let mut folded = Diagnostic::new(
            &UNDEFINED_NOTE,
            list.clone(),
            format!(
                "markers {} in this list refer to no note: add the notes or correct the numbers",
                numbers.join(", ")
            ),
        );
        for (d, number) in run.into_iter().take(RELATED_LIMIT) {
            folded.related.push(super::Related {
                range: d.range,
                message: ["marker ", number].concat(),
            });
        }
        kept.push(folded);
    }
    out.extend(kept);
}

/// `sources` is [`source_lists`] for the document, found once for this rule
/// and `note-order`. Only the findings `fixes` wants offer a fix.
pub(super) fn check(
    analysis: &Analysis,
    text: &str,
    sources: &[ListKind],
    fixes: &super::Fixes,
    out: &mut Vec<Diagnostic>,
) {
    let index = &analysis.index;
    // Each looked for once, and only when a fix needs it: the text may be
    // large, and the notes many.
    let mut newline = None;
    let mut places = None;
    let one_note = std::cell::OnceCell::new();
    let one_note = || one_note.get_or_init(|| keep_references::OneNote::new(analysis, text));
    // Where the notes list was not read, its markers are reported once, by
    // `unrecognised-notes`, not each as undefined.
    let unread_section = unrecognised_notes::unread_section(index);
    let unread = unread_section.is_some();
    // There, a line that opens with a footnote's label and goes on with
    // text (`[^1] Ada Fenn, …`, its colon lost) is one of those notes.
    let unread_range = unread_section
        .and_then(|s| index.sections.get(s))
        .map(|s| s.range.clone());
    let opens_an_unread_note = |range: &Range<usize>| {
        unread_range
            .as_ref()
            .is_some_and(|r| r.contains(&range.start))
            && (range.start == 0 || text.as_bytes().get(range.start - 1) == Some(&b'\n'))
            && text
                .get(range.end..)
                .is_some_and(|rest| rest.starts_with(' ') && rest.trim_start().len() > 1)
    };
    let first_undefined = out.len();
    let without_notes = index.notes.is_empty();
    let mut shown_markers: Vec<&str> = Vec::new();
    let anchors = std::cell::OnceCell::new();
    let backlinked = std::cell::OnceCell::new();
    let quoted = std::cell::OnceCell::new();
    // For each finding, the list marker it is a number of.
    let mut lists: Vec<Option<(Range<usize>, &str)>> = Vec::new();
    for marker in &index.markers {
        if marker.target.is_some()
            || !matches!(
                marker.style,
                MarkerStyle::Bracket
                    | MarkerStyle::Superscript
                    | MarkerStyle::Footnote
                    | MarkerStyle::Symbol
            )
            || (unread && !matches!(marker.style, MarkerStyle::Footnote | MarkerStyle::Symbol))
            || (unread && opens_an_unread_note(&marker.range))
        {
            continue;
        }
        // A page copied with its markers linked to their notes there
        // (highlights of a Wikipedia article): each note is a click away.
        if marker.links_to_a_note_on_the_web(text) {
            continue;
        }
        // A marker linked to an element of this page (`[3](#footnote-3)`,
        // `<a href="#fn3">[3]</a>`, with `{#footnote-3}` or `id="fn3"`
        // further on) leads to its note, however the export wrote that note.
        let anchor = if marker.link.anchor {
            text.get(marker.range.clone()).and_then(anchor_of)
        } else if marker.style == MarkerStyle::Bracket {
            html_anchor_of(text, &marker.range)
        } else {
            None
        };
        if let Some(id) = anchor
            && (anchors.get_or_init(|| anchor_ids(text)).contains(id)
                || backlinked
                    .get_or_init(|| backlinked_numbers(text))
                    .contains(marker.key.as_str()))
        {
            continue;
        }
        // A note quoted with the text that cites it (`> [1] https://…` in
        // an answered e-mail, a paper's references set in a quote).
        if marker.style == MarkerStyle::Bracket
            && quoted
                .get_or_init(|| quoted_labels(text))
                .contains(marker.key.as_str())
        {
            continue;
        }
        // A chapter's note may live in its book's notes file.
        if let Some(shelf) = &analysis.shelf
            && shelf.note(marker.style, &marker.key).is_some()
        {
            continue;
        }
        // Messages are joined from their pieces (`concat` measures them and
        // allocates once): a document pasted without its last notes has
        // hundreds of these findings, all written again on every keystroke.
        let shown: &str = if marker.in_list {
            &marker.key
        } else {
            label_text(text, &marker.range)
        };
        if without_notes {
            shown_markers.push(shown);
        }
        let range = if marker.in_list {
            marker.key_range.clone()
        } else {
            marker.range.clone()
        };
        let mut d = Diagnostic::new(
            &UNDEFINED_NOTE,
            range,
            [
                "marker ",
                shown,
                " refers to no note: add a note labelled ",
                &marker.key,
                " or remove the marker",
            ]
            .concat(),
        );
        if fixes.wanted(&d.range)
            && marker.style != MarkerStyle::Symbol
            && let Some((edit, after)) = stub_edit(
                analysis,
                text,
                newline.get_or_insert_with(|| crate::analysis::text::line_break(text)),
                places.get_or_insert_with(|| StubPlaces::new(index)),
                marker.style,
                &marker.key,
                marker.range.start,
            )
        {
            // The empty note becomes the note before the one after it,
            // whose Ibid would then refer to nothing.
            let kept = match after {
                Some(after) => one_note().insert_after(after),
                None => Some(Vec::new()),
            };
            // An empty note would silence the finding and hold no source:
            // it is offered, not applied by `--fix` alone.
            if let Some(mut edits) = kept {
                let title = match edits.len() {
                    0 => ["Add an empty note ", &marker.key, " to the notes"].concat(),
                    n => format!(
                        "Add an empty note {} to the notes, writing out in full the {} after it",
                        marker.key,
                        citations(n)
                    ),
                };
                edits.push(edit);
                d = d.unsafe_fix(title, edits);
            }
        }
        out.push(d);
        lists.push(marker.in_list.then(|| (marker.range.clone(), shown)));
    }
    if without_notes {
        gather_without_notes(out, first_undefined, &shown_markers);
    } else {
        gather_lists(out, first_undefined, &lists);
    }

    let cited = index.cited();
    let firsts = &index.first_of_label;
    // Read once, where a note nobody cites asks for them.
    let link_labels = std::cell::OnceCell::new();
    // For each section whose notes all lost their markers, the finding that
    // tells of them and how many it holds.
    let mut lost: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for (id, note) in index.notes.iter().enumerate() {
        // A note that repeats an earlier label is reported as a duplicate.
        if cited[id]
            || firsts[id] != id
            || sources.get(note.section).is_some_and(|k| k.uncited_allowed)
        {
            continue;
        }
        if sources.get(note.section).is_some_and(|k| k.markers_lost) {
            if let Some(&mut (at, ref mut count)) = lost.get_mut(&note.section) {
                *count += 1;
                if let Some(d) = out.get_mut(at)
                    && d.related.len() < RELATED_LIMIT
                {
                    d.related.push(super::Related {
                        range: note.label_range.clone(),
                        message: ["note ", note_name(text, note)].concat(),
                    });
                }
                continue;
            }
            lost.insert(note.section, (out.len(), 1));
        }
        // `[4674]: https://…` that a reference link uses (`[§ 4674][4674]`,
        // on a line the notes' markers are not read from).
        if link_labels
            .get_or_init(|| link_labels_in(text))
            .contains(&*note.key)
        {
            continue;
        }
        let label = note_name(text, note);
        let mut d = Diagnostic::new(
            &UNUSED_NOTE,
            note.label_range.clone(),
            [
                "note ",
                label,
                " is never cited: cite it with a marker or delete it",
            ]
            .concat(),
        );
        // Without the note, the Ibid after it would refer to the note
        // before it, and a short form of a work it gives in full to none:
        // those are written out in full, or the deletion is not offered.
        if fixes.wanted(&d.range)
            && let Some(mut edits) = one_note().delete(id)
        {
            let title = match edits.len() {
                0 => ["Delete note ", label].concat(),
                n => format!(
                    "Delete note {label}, writing out in full the {} that referred through it",
                    citations(n)
                ),
            };
            edits.push(TextEdit {
                range: deletion_range(text, &note.range),
                new_text: String::new(),
            });
            d = d.unsafe_fix(title, edits);
        }
        d.unnecessary = true;
        out.push(d);
    }
    for (at, count) in lost.into_values() {
        if count < 2 {
            continue;
        }
        if let Some(d) = out.get_mut(at) {
            d.message = format!(
                "none of the {count} notes in this list is cited: their markers may have been lost when the text was copied; cite each note with a marker, or delete the list"
            );
            d.fix = None;
        }
    }

    // A list no marker cites at all is a table of contents or a list of
    // sources (`(1) Requiem`, then `(1) Le magot` under the next chapter):
    // its numbers restart where its author chose, and lead nowhere.
    let mut section_cited = vec![false; index.sections.len()];
    for (id, note) in index.notes.iter().enumerate() {
        if cited[id]
            && let Some(c) = section_cited.get_mut(note.section)
        {
            *c = true;
        }
    }
    for (id, note) in index.notes.iter().enumerate() {
        let first = firsts[id];
        // A note and a line of another shape with its number (`- 1：text`
        // and the link definition `[1]: https://…` under it) are two lists
        // that share a section, not one note written twice.
        if first != id
            && (cited[first] || section_cited.get(note.section).copied().unwrap_or(true))
            && index.notes[first].style == note.style
            && defines_a_link(text, &index.notes[first]) == defines_a_link(text, note)
        {
            let label = note_name(text, note);
            let place = if index.notes[first].section == note.section {
                "in this notes section"
            } else {
                "in this document"
            };
            out.push(
                Diagnostic::new(
                    &DUPLICATE_NOTE,
                    note.label_range.clone(),
                    format!("note {label} is defined twice {place}; markers lead to the first one"),
                )
                .related(index.notes[first].label_range.clone(), "first defined here"),
            );
        }
    }
}

/// Whether the note is a Markdown link definition (`[1]: https://…`, an
/// address and perhaps its title): the target of a reference link, which
/// a page shows nowhere, beside a list of notes that shows the same
/// numbers.
pub(super) fn defines_a_link(text: &str, note: &NoteDef) -> bool {
    let whole = text.get(note.range.clone()).unwrap_or("");
    // A Markdown footnote (`[^1]: https://…`) is a note whatever it holds.
    let Some(rest) = whole
        .trim_start()
        .strip_prefix('[')
        .filter(|r| !r.starts_with('^'))
        .and_then(|r| r.split_once("]:"))
        .map(|(_, rest)| rest)
    else {
        return false;
    };
    let mut words = rest.split_whitespace();
    words
        .next()
        .is_some_and(|url| url.starts_with("http") || url.starts_with('<') || url.starts_with('#'))
        && words
            .next()
            .is_none_or(|title| title.starts_with(['"', '\'', '(']))
}

/// `1 citation`, `2 citations`.
fn citations(n: usize) -> String {
    if n == 1 {
        "citation".to_string()
    } else {
        format!("{n} citations")
    }
}

/// For each notes section, whether it lists sources rather than notes, so
/// that an entry no marker cites is not a defect: a list none of whose
/// entries is cited (a `Works cited` under a report that marks nothing, a
/// bibliography after the notes); a list cited only by numbers glued to
/// the text (an AI research report's list names every source it
/// consulted), or one set off by an asterism (Perplexity's list of
/// sources); a list headed `References`, `Bibliography`, `Sources` and
/// the like rather than `Notes`, unless it is a pasted Wikipedia list,
/// every entry of which was made for a citation.
pub(crate) fn source_lists(analysis: &Analysis, text: &str) -> Vec<ListKind> {
    let index = &analysis.index;
    // Which notes a marker other than a glued number cites.
    let mut cited = vec![false; index.notes.len()];
    for marker in &index.markers {
        if let Some(target) = marker.target
            && marker.style != MarkerStyle::Bare
            && let Some(flag) = cited.get_mut(target)
        {
            *flag = true;
        }
    }
    // A file of notes alone (a book's chapters cite them, each from a file
    // of its own) has no text of its own to have lost markers from; a
    // block of markup (a comment, the site's `<div id="nav">…</div>`) is
    // none either.
    let has_prose = index.prose.iter().any(|p| {
        text.get(p.range.clone())
            .map(str::trim)
            .is_some_and(|t| t.len() >= 20 && !(t.starts_with('<') && t.ends_with('>')))
    });
    index
        .sections
        .iter()
        .map(|section| {
            let cited_here = section.notes.iter().filter(|&&n| cited[n]).count();
            let backlinks = section
                .notes
                .iter()
                .any(|&n| index.notes[n].is_wikipedia_reference());
            let titled_as_sources = section
                .heading
                .as_ref()
                .and_then(|h| text.get(h.clone()))
                .is_some_and(heading_names_sources);
            // A list whose entries the text cites all but one or two, of
            // ten or more, is the text's notes whatever its heading says:
            // the entry left over lost its marker.
            let all_but_a_few =
                section.notes.len() >= 10 && cited_here * 10 >= section.notes.len() * 9;
            // Notes marked with daggers are notes to the text, never a
            // list of sources, even when no dagger in the text is left.
            let daggers = section
                .notes
                .iter()
                .all(|&n| index.notes[n].style == LabelStyle::Symbol);
            // Markdown footnotes are notes whatever their heading: a
            // renderer drops a definition nothing cites.
            let footnotes = section
                .notes
                .iter()
                .all(|&n| index.notes[n].style == LabelStyle::Footnote);
            let asterism = after_asterism(text, section.range.start);
            let borrowed = cited_here * 2 < section.notes.len()
                && keeps_another_lists_numbers(index, &section.notes);
            // `They are not in any particular order`: the author says what
            // the list is, a list of reading.
            let unordered = section
                .notes
                .first()
                .is_some_and(|&n| declares_no_order(text, index.notes[n].range.start));
            // Under a heading that names notes, a list none of whose notes
            // is cited lost its markers (a page copied without them): told
            // once, for the whole list.
            let titled_as_notes = section
                .heading
                .as_ref()
                .and_then(|h| text.get(h.clone()))
                .is_some_and(|h| !heading_names_sources(h));
            let markers_lost = cited_here == 0
                && has_prose
                && !asterism
                && section.notes.len() >= 2
                && (footnotes || titled_as_notes);
            ListKind {
                uncited_allowed: asterism
                    || borrowed
                    || unordered
                    || (cited_here == 0 && !has_prose)
                    || (!footnotes
                        && ((cited_here == 0 && !daggers && !markers_lost)
                            || (titled_as_sources && !backlinks && !all_but_a_few))),
                own_order: cited_here == 0
                    || (titled_as_sources && !backlinks)
                    || asterism
                    || borrowed
                    || unordered,
                markers_lost,
            }
        })
        .collect()
}

/// The labels reference links use (`[§ 4674][4674]`): the note of such a
/// label is the link's definition.
fn link_labels_in(text: &str) -> rustc_hash::FxHashSet<&str> {
    memchr::memmem::find_iter(text.as_bytes(), b"][")
        .filter_map(|at| {
            let rest = &text[at + 2..];
            let end = rest.get(..rest.len().min(64)).unwrap_or(rest).find(']')?;
            Some(&rest[..end])
        })
        .collect()
}

/// Whether a list's numbers are those of another list it was chosen from:
/// out of order (`[54]`, `[23]`, `[39]`) or spread far apart (`[4]`,
/// `[8]`, `[31]`), as reading notes keep a paper's numbers for the works
/// they list under topics of their own. A document numbers its own notes
/// one after another.
fn keeps_another_lists_numbers(index: &crate::analysis::Index, notes: &[usize]) -> bool {
    if notes.len() < 3 {
        return false;
    }
    let mut numbers = Vec::with_capacity(notes.len());
    for &n in notes {
        match index.notes[n].key.parse::<u32>() {
            Ok(number) => numbers.push(number),
            Err(_) => return false,
        }
    }
    let descents = numbers.windows(2).filter(|w| w[1] < w[0]).count();
    let (low, high) = numbers
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    descents * 3 >= numbers.len() || (high - low + 1) as usize >= 2 * numbers.len()
}

/// Whether the lines right above a list's first entry at `first` (under
/// its heading, or in the paragraph before it) say that it keeps no order
/// (`not in any particular order`, `in no particular order`).
fn declares_no_order(text: &str, first: usize) -> bool {
    let (before, _) = crate::analysis::text::around(text, &(first..first), 400);
    let before = before.to_ascii_lowercase();
    before.contains("particular order") || before.contains("in no order")
}

/// What a notes section is to the rules about uncited and ordered notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ListKind {
    /// It lists sources: an entry that no marker cites is no defect.
    pub(crate) uncited_allowed: bool,
    /// It keeps an order of its own (the alphabet's, the exporter's), which
    /// the order of citation does not set.
    pub(crate) own_order: bool,
    /// It is a list of notes none of which is cited: one finding tells of
    /// them all.
    pub(crate) markers_lost: bool,
}

/// Whether the last line written before `at` is an asterism (`⁂`, alone or
/// in an HTML element), the divider with which Perplexity's exports set off
/// the list of every source they consulted, cited or not.
fn after_asterism(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    let line = before.rsplit('\n').next().unwrap_or("");
    let words: String = line
        .split(['<', '>'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, w)| w.trim())
        .collect();
    words == "⁂"
}

/// Whether a notes heading names a list of sources (`References`,
/// `Works cited`, `Bibliography`, `Quellen`) rather than of notes (`Notes`,
/// `Endnotes`, `Anmerkungen`, `Примечания`, `脚注`).
fn heading_names_sources(heading: &str) -> bool {
    let lower = heading.to_lowercase();
    const NOTE_WORDS: &[&str] = &[
        "note",
        "anmerkung",
        "fußnote",
        "fussnote",
        "nota",
        "voetnot",
        "примечан",
        "сноск",
        "脚注",
        "注釈",
        "注释",
        "註釋",
        "注釋",
        "腳註",
        "przypis",
        "poznámk",
        "примітк",
        "الهوامش",
        "각주",
        "주석",
        "chú thích",
        "виноск",
        "бележк",
        "напомен",
        "σημειώσ",
        "הערות",
        "پانویس",
        "پانوشت",
        "یادداشت",
        "حواشی",
        "الحواشي",
        "ملاحظات",
        "टिप्पणि",
        "টীকা",
        "குறிப்பு",
        "เชิงอรรถ",
        "შენიშვნ",
        "სქოლიო",
        "ծանոթագր",
        "notlar",
        "dipnot",
        "jegyzet",
        "viitte",
        "fotnot",
        "catatan",
    ];
    !NOTE_WORDS.iter().any(|w| lower.contains(w))
}

/// The bytes to delete with a note: the note and the blank lines after it,
/// or, for the last note, the line breaks before it.
pub(crate) fn deletion_range(text: &str, note: &Range<usize>) -> Range<usize> {
    let after = &text[note.end..];
    let trailing = after.len() - after.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    if note.end + trailing < text.len() {
        return note.start..note.end + trailing;
    }
    let before = &text[..note.start];
    let leading = before.len() - before.trim_end_matches(['\n', '\r', ' ', '\t']).len();
    let start = note.start - leading;
    // Keep the document's final line break.
    let keep = if text.ends_with('\n') && start > 0 {
        "\n".len()
    } else {
        0
    };
    (start + keep).min(note.start)..text.len()
}

/// The label a new note gets in a section whose notes are written `style`.
fn stub_label(style: LabelStyle, key: &str) -> String {
    match style {
        LabelStyle::Bracket => format!("[{key}] "),
        LabelStyle::Superscript => format!("{} ", to_superscript(key)),
        LabelStyle::Numbered | LabelStyle::Backlink => format!("{key}. "),
        LabelStyle::Footnote => format!("[^{key}]: "),
        LabelStyle::Symbol => format!("{key} "),
        // A line of a list numbered by place: an empty one would shift
        // what every later number cites.
        LabelStyle::Unlabelled => String::new(),
    }
}

/// The notes of each section that a new note may follow, for each kind of
/// marker, with their numbers in order: read once for all the markers that
/// lack a note, which are thousands where a list of notes was cut short.
/// Each marker searching its section's notes again made a document's check
/// take time in the square of its number of notes.
struct StubPlaces {
    /// For each section: the notes written as Markdown footnotes (index 1)
    /// or not (index 0).
    sections: Vec<[Candidates; 2]>,
}

#[derive(Default)]
struct Candidates {
    notes: Vec<NoteId>,
    /// The numbers of the numbered ones, with their place in `notes`, in
    /// ascending order.
    numbered: Vec<(u64, usize)>,
}

impl StubPlaces {
    fn new(index: &crate::analysis::Index) -> StubPlaces {
        let sections = index
            .sections
            .iter()
            .map(|s| {
                let mut kinds: [Candidates; 2] = Default::default();
                for &n in &s.notes {
                    let note = &index.notes[n];
                    let kind = &mut kinds[usize::from(note.style == LabelStyle::Footnote)];
                    if let Ok(number) = note.key.parse::<u64>() {
                        kind.numbered.push((number, kind.notes.len()));
                    }
                    kind.notes.push(n);
                }
                for kind in &mut kinds {
                    kind.numbered.sort_unstable();
                }
                kinds
            })
            .collect();
        StubPlaces { sections }
    }
}

/// The edit that inserts an empty note for a marker: after the note with the
/// largest smaller number in the section the marker would belong to, or at
/// the end of the document under a new notes heading; with the note it
/// follows, if any.
fn stub_edit(
    analysis: &Analysis,
    text: &str,
    newline: &str,
    places: &StubPlaces,
    style: MarkerStyle,
    key: &str,
    at: usize,
) -> Option<(TextEdit, Option<NoteId>)> {
    let index = &analysis.index;
    let footnote = style == MarkerStyle::Footnote;
    let kind = usize::from(footnote);
    let has_notes = |i: usize| {
        places
            .sections
            .get(i)
            .is_some_and(|s| !s[kind].notes.is_empty())
    };
    let section = index
        .sections
        .iter()
        .enumerate()
        .position(|(i, s)| s.range.start >= at && has_notes(i))
        .or_else(|| (0..index.sections.len()).rposition(has_notes));
    let Some(section) = section else {
        let heading = if footnote {
            String::new()
        } else {
            format!("NOTES{newline}{newline}")
        };
        let label = if footnote {
            stub_label(LabelStyle::Footnote, key)
        } else {
            stub_label(LabelStyle::Bracket, key)
        };
        let lead = if text.is_empty() {
            ""
        } else if text.ends_with('\n') {
            newline
        } else {
            "\n\n"
        };
        let edit = TextEdit {
            range: text.len()..text.len(),
            new_text: format!("{lead}{heading}{}{newline}", label.trim_end()),
        };
        return Some((edit, None));
    };
    let candidates = &places.sections[section][kind];
    let notes = &candidates.notes;
    let note = |i: usize| notes.get(i).and_then(|&n| index.notes.get(n));
    let last = notes.len().checked_sub(1);
    // The note with the largest number below the marker's (the last of
    // them where numbers repeat), else the last note.
    let after_id = match key.parse::<u64>() {
        Ok(k) => {
            let below = candidates.numbered.partition_point(|&(m, _)| m < k);
            below
                .checked_sub(1)
                .map(|i| candidates.numbered[i].1)
                .or(last)
        }
        Err(_) => last,
    }
    .and_then(|i| notes.get(i).copied())?;
    let after = index.notes.get(after_id)?;
    let style = after.style;
    if style == LabelStyle::Unlabelled {
        return None;
    }
    // Notes separated by blank lines get a blank line too; after the last
    // note, the gap between the first two tells.
    let blank_after = |n: &NoteDef| {
        let rest = &text[n.range.end..];
        rest.starts_with("\n\n") || rest.starts_with("\r\n\r\n")
    };
    let spaced = blank_after(after) || (notes.len() > 1 && note(0).is_some_and(blank_after));
    let gap = if spaced {
        format!("{newline}{newline}")
    } else {
        newline.to_string()
    };
    let bullet = text[after.range.start..after.label_range.start].to_string();
    let edit = TextEdit {
        range: after.range.end..after.range.end,
        new_text: format!("{gap}{bullet}{}", stub_label(style, key).trim_end()),
    };
    Some((edit, Some(after_id)))
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::{check, check_fix, codes};
    use crate::analysis::{analyze, diagnostics::apply_edits};

    // undefined-note

    #[test]
    fn undefined_note_bracket_marker() {
        check(
            "
            Bees dance.[1] “Foragers” 🙂 return.[3]
                                               ^^^ undefined-note

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [2] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ^^^ unused-note
            ",
        );
    }

    #[test]
    fn undefined_note_superscript_marker() {
        check(
            "
            Bees dance.¹ “Foragers” 🙂 return.³
                                             ^ undefined-note

            NOTES

            ¹ Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            ",
        );
    }

    #[test]
    fn undefined_note_in_a_range_marks_only_the_missing_number() {
        check(
            "
            Lamps burn.[1–3]
                          ^ undefined-note

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            ",
        );
    }

    /// Three or more numbers of one list with no note are one finding, on
    /// the list, with each number as a related place.
    #[test]
    fn numbers_of_one_list_without_notes_are_one_finding() {
        let (_, analysis) = check(
            "
            Lamps burn.[1] Wicks smoke.[2, 3, 4, 5]
                                       ^^^^^^^^^^^^ undefined-note

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            ",
        );
        let d = &analysis.diagnostics[0];
        assert_eq!(
            d.message,
            "markers 3, 4, 5 in this list refer to no note: add the notes or correct the numbers"
        );
        assert_eq!(d.related.len(), 3);
        assert_eq!(d.related[0].message, "marker 3");
    }

    #[test]
    fn undefined_note_footnote_label() {
        check(
            "
            Bees.[^wax] Honey.[^comb]
                              ^^^^^^^ undefined-note

            [^wax]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            ",
        );
    }

    #[test]
    fn undefined_note_in_a_document_without_notes() {
        check(
            "
            Keepers trimmed the wicks at dusk.[2]
                                              ^^^ undefined-note
            ",
        );
    }

    /// A document whose notes were lost whole gets one finding, which
    /// names the other markers.
    #[test]
    fn markers_of_a_document_without_any_notes_are_one_finding() {
        let (_, analysis) = check(
            "
            Wicks.[1] Oil.[2] Glass.[3] Brass.[4] Soot.[5] Rope.[6] Tar.[2]
                  ^^^ undefined-note
            ",
        );
        let d = &analysis.diagnostics[0];
        assert_eq!(
            d.message,
            "marker [1] and 6 more refer to no note, and the document has none: add its list of notes, which may have been lost when it was copied"
        );
        let related: Vec<&str> = d.related.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(
            related,
            [
                "marker [2]",
                "marker [3]",
                "marker [4]",
                "marker [5]",
                "marker [6]",
                "marker [2]"
            ]
        );
        // Five are reported each.
        check(
            "
            Wicks.[1] Oil.[2] Glass.[3] Brass.[4] Soot.[5]
                  ^^^ undefined-note
                          ^^^ undefined-note
                                    ^^^ undefined-note
                                              ^^^ undefined-note
                                                       ^^^ undefined-note
            ",
        );
    }

    #[test]
    fn no_undefined_note_for_a_number_named_in_a_sentence_without_notes() {
        // A document with no numbered notes that names one or two numbers
        // apart from the words (`as in [3], above`) points into its text.
        check(
            "
            The log repeats itself (as in [3], above) and the keeper [4] too.
            ",
        );
    }

    #[test]
    fn undefined_note_not_for_defined_lists_ranges_or_exponents() {
        check(
            "
            Pepper came by sea.[1, 2] Cloves by land.[1–3] The hold was 40 m² and the deck 12 km².

            [1] Priya Nair, “Pepper Prices Climb Again,” Spice Review, May 2, 2019.
            [2] Priya Nair, “Clove Routes,” Spice Review, May 9, 2019.
            [3] Priya Nair, “Nutmeg Wars,” Spice Review, May 16, 2019.
            ",
        );
    }

    /// Highlights copied from a web page keep its markers as links to its
    /// notes: each note is there, and only a marker that links to no note
    /// has lost its note.
    #[test]
    fn undefined_note_not_for_a_marker_linked_to_a_note_on_its_web_page() {
        check(
            "
            Monks wrote it down,[[172]](https://en.wikipedia.org/wiki/Scriptorium#cite_note-Lowe-178) and read it aloud.[4]
                                                                                                                        ^^^ undefined-note
            ",
        );
    }

    // unused-note

    /// A definition that a reference link uses is that link's, however
    /// deep in a list the link stands.
    #[test]
    fn unused_note_not_for_a_link_definition_a_reference_link_uses() {
        check(
            "
            1.  Witnesses must sign.  [Code § 4673(a)][4673]

            2.  Witnesses must be:

                - adults.  [Code § 4674(a)][4674]

                - present.  [Code § 4674(b)][4674]

            3.  A nursing home needs an advocate.  [Code § 4675][4675]

            [4673]: https://example.org/code/4673

            [4674]: https://example.org/code/4674

            [4675]: https://example.org/code/4675
            ",
        );
    }

    /// Reading notes list a paper's works under topics of their own, each
    /// with the paper's number: such a list cites few of them and is in no
    /// order of the notes' own, while a list numbered one after another is
    /// the document's notes.
    #[test]
    fn unused_note_not_in_a_list_that_keeps_another_lists_numbers() {
        check(
            "
            The flow is built as in [47].

            #### Perceptual loss

            [54] Yu, X.: Face images by generative networks. In: ECCV (2016)

            [23] Ledig, C.: Photo-realistic super-resolution. In: CVPR (2017)

            [47] Wang, X.: Enhanced networks. In: ECCV Workshops (2018)

            #### One-image training

            [4] Bahat, Y.: Explorable super resolution. In: CVPR (2020)

            [8] Buhler, M.: Semantic extraction. In: ECCV (2020)

            [31] Menon, S.: Photo upsampling. In: CVPR (2020)
            ",
        );
        check(
            "
            The flow is built as in [2].

            #### Notes

            [1] Yu, X.: Face images by generative networks. In: ECCV (2016)
            ^^^ unused-note

            [2] Ledig, C.: Photo-realistic super-resolution. In: CVPR (2017)

            [3] Wang, X.: Enhanced networks. In: ECCV Workshops (2018)
            ^^^ unused-note
            ",
        );
    }

    #[test]
    fn unused_note_middle_and_last() {
        check(
            "
            Wax melts.[1] Honey sets.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [2] A note that nothing cites.
            ^^^ unused-note
            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            [4] Another stray note.
            ^^^ unused-note
            ",
        );
    }

    /// Notes under a heading that names them notes in Polish, Czech,
    /// Ukrainian or Korean are notes: one that nothing cites is unused.
    #[test]
    fn unused_note_under_notes_headings_in_other_languages() {
        for heading in ["Przypisy", "Poznámky", "Примітки", "각주"] {
            let text = format!(
                "Wosk topnieje.[^a]\n\n### {heading}\n\n[^a]: Marta Quill, 2010.\n\n[^b]: Nikt tego nie cytuje.\n"
            );
            let analysis = crate::analysis::analyze(&text);
            let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, ["unused-note"], "{heading}");
        }
    }

    /// A dagger note whose dagger was never written in the text is an unused
    /// note, not a list of sources that nothing marks.
    #[test]
    fn unused_note_for_a_dagger_note_with_no_dagger() {
        check(
            "
            Emptying the trash empties it for every remote.

            ‡‡ Note that one remote deletes each file on its own, which is slower.
            ^^ unused-note
            ",
        );
    }

    #[test]
    fn unused_note_not_when_cited_through_a_range_or_from_another_note() {
        check(
            "
            Wax melts.[1–3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [2] Compare note [3].
            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }

    // duplicate-note

    #[test]
    fn duplicate_note_in_one_section() {
        check(
            "
            Salt.[1] Pepper.[2]

            [1] Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
            [1] Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
            ^^^ duplicate-note
            [2] Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
            ",
        );
    }

    #[test]
    fn duplicate_note_each_repeat_after_the_first_and_per_section() {
        check(
            "
            Salt.[1] Pepper.[2]

            NOTES

            [1] Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
            [2] Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
            [1] Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
            ^^^ duplicate-note
            [1] Priya Nair, “Salt Mines,” Spice Review, May 23, 2019.
            ^^^ duplicate-note

            PART TWO

            Cloves.[1]

            NOTES

            [1] Priya Nair, “Clove Isles,” Spice Review, June 6, 2019.
            ",
        );
    }

    #[test]
    fn duplicate_footnote_across_sections() {
        // A translator's note and the paper's reference list both define
        // `[^3]`: one label names one note in the whole document.
        check(
            "
            The lamp was trimmed.[^3]

            [^3]: The translator adds that wicks were cotton.

            ## References

            [^3]: Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            ^^^^ duplicate-note
            ",
        );
    }

    #[test]
    fn duplicate_note_not_across_note_lists_that_restart() {
        check(
            "
            The lamp was lit.¹ The keeper slept.²

            NOTES

            ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            ² Ada Fenn, *Lamps* (Oslo: Fjord, 2011).

            CHAPTER TWO

            The fog came.¹ The horn sounded.²

            NOTES

            ¹ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
            ² Ada Fenn, *Horns* (Oslo: Fjord, 2013).
            ",
        );
    }

    /// A paper written in Markdown may give its references as a table,
    /// each row labelled in its first column: those rows are its notes.
    #[test]
    fn notes_in_a_table_of_references() {
        check(
            "
            Lamps were trimmed daily [1], and the oil was kept below [2].

            | #   | Sources                                                    |
            | --- | ---------------------------------------------------------- |
            | [1] | Ada Fenn, _Keepers_, https://keepers.example/, seen 2019    |
            | [2] | **Ben Oar**: _Oil Stores_, Fjord, 2020                      |
            | [3] | Cal Dunn, _Wicks_, Fjord, 2021                              |
              ^^^ unused-note
            ",
        );
    }

    /// A marker linked to an element of the page that the document holds
    /// (a Substack post through Pandoc: `{#footnote-1 …}` on the note's
    /// number) leads to its note, and so does one whose note ends with a
    /// link back to it (`[↑](#footnote-ref-1)`, as Word converters write).
    /// A marker with neither is still reported.
    #[test]
    fn markers_linked_to_notes_the_page_holds() {
        check(
            "
            The lamp was lit.[1](#footnote-1){#footnote-anchor-1 .footnote-anchor}

            :::: {.footnote}
            [1](#footnote-anchor-1){#footnote-1 .footnote-number}

            ::: footnote-content
            Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            :::
            ::::
            ",
        );
        check(
            r"
            The lamp was lit.[\[1\]](#footnote-1) The fog came.[\[2\]](#footnote-2)
                                                               ^^^^^^^^^^^^^^^^^^^^ undefined-note

            - Ada Fenn, *Keepers* (Oslo: Fjord, 2010). [↑](#footnote-ref-1)
            ",
        );
    }

    /// A book's file of notes may open with the site's navigation, a
    /// block of markup: that is no text whose markers were lost.
    #[test]
    fn a_notes_file_under_a_block_of_markup_lost_no_markers() {
        check(
            "
            <div id=\"nav\"><a href=\"index.html\">Previous chapter: The harbour</a></div>

            [^1]: Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            [^2]: Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
            ",
        );
    }

    /// Under a notes heading whose notes were not read, a line that opens
    /// with a footnote's label and its text is one of those notes (its
    /// colon lost), not a marker.
    #[test]
    fn a_footnote_label_without_its_colon_under_unread_notes_is_no_marker() {
        check(
            "
            Essay text.[1] More.[2]

            FOOTNOTES
            ^^^^^^^^^ unrecognised-notes

            [^1] Ada Fenn, *Harbours* (Oslo: Fjord, 2016), 57.

            [^2] Ada Fenn, *Lamps* (Oslo: Fjord, 2010), 4.
            ",
        );
    }

    /// A list its author says is in no particular order is a list of
    /// reading: its uncited entries and its order are no defects.
    #[test]
    fn a_list_declared_in_no_particular_order_is_reading() {
        check(
            "
            The dealer shuffles by hand [3], and the count resets [1].

            Some sources for this article follow. They are not in any particular order.

            [1] Ada Fenn, *Shuffles* (Oslo: Fjord, 2010).
            [2] Ben Oar, *Counting Cards* (Oslo: Fjord, 2011).
            [3] Cal Dunn, *Decks* (Oslo: Fjord, 2012).
            ",
        );
    }

    /// A list of notes set in a block quote (an answered e-mail, a paper
    /// whose converter quoted its references) answers the markers, and its
    /// labels are no markers themselves; a marker it lacks is reported.
    #[test]
    fn notes_quoted_in_a_block_quote() {
        check(
            "
            > The patch fixes the overflow [1] and the leak [3].
                                                            ^^^ undefined-note
            >
            > [1] https://lists.example/patch-1
            > [2] https://lists.example/patch-2
            ",
        );
    }

    // Fixes: undefined-note inserts an empty note where the number belongs.

    #[test]
    fn undefined_note_fix_in_a_bracket_section() {
        check_fix(
            "undefined-note",
            "
            Wax.[1] Honey.[2] 🙂 Comb.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
            "
            Wax.[1] Honey.[2] 🙂 Comb.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [2]
            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }

    /// Notes out of order, one number twice: the new note goes after the
    /// last note with the largest number below the marker's.
    #[test]
    fn undefined_note_fix_after_the_largest_smaller_number() {
        check_fix(
            "undefined-note",
            "
            Wax.[1] Honey.[2] Comb.[3] Hive.[5]

            [2] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [1] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            [2] Ada Berg, *Queens* (Oslo: Fjord, 2012), 3.
            [5] Tomas Lind, *Drones* (Oslo: Fjord, 2014), 8.
            ",
            "
            Wax.[1] Honey.[2] Comb.[3] Hive.[5]

            [2] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [1] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            [2] Ada Berg, *Queens* (Oslo: Fjord, 2012), 3.
            [3]
            [5] Tomas Lind, *Drones* (Oslo: Fjord, 2014), 8.
            ",
        );
    }

    #[test]
    fn undefined_note_fix_in_a_superscript_section() {
        check_fix(
            "undefined-note",
            "
            Wax.¹ “Honey.”² Comb.³

            NOTES

            - ¹ Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            - ² Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
            "
            Wax.¹ “Honey.”² Comb.³

            NOTES

            - ¹ Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            - ² Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            - ³
            ",
        );
    }

    #[test]
    fn undefined_note_fix_in_a_numbered_section() {
        check_fix(
            "undefined-note",
            "
            Wax.[1] Honey.[2] Comb.[3]

            Notes

            1. Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            2. Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
            "
            Wax.[1] Honey.[2] Comb.[3]

            Notes

            1. Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            2. Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            3.
            ",
        );
    }

    #[test]
    fn undefined_note_fix_in_markdown_footnotes() {
        check_fix(
            "undefined-note",
            "
            Wax.[^quill] Honey.[^olsen] Comb.[^berg]

            [^quill]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

            [^olsen]: Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
            "
            Wax.[^quill] Honey.[^olsen] Comb.[^berg]

            [^quill]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

            [^olsen]: Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.

            [^berg]:
            ",
        );
    }

    #[test]
    fn undefined_note_fix_between_blank_line_separated_notes() {
        check_fix(
            "undefined-note",
            "
            Wax.[1] Honey.[2] Comb.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
            "
            Wax.[1] Honey.[2] Comb.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

            [2]

            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }

    #[test]
    fn undefined_note_fix_in_a_document_without_notes() {
        let fixed = check_fix(
            "undefined-note",
            "
            Keepers trimmed the wicks at dusk.[1]
            ",
            "
            Keepers trimmed the wicks at dusk.[1]

            NOTES

            [1]
            ",
        );
        // The empty note is a placeholder: reported until it has text.
        assert_eq!(codes(&analyze(&fixed)), ["empty-note"]);
        // Without a final line break, the notes still start after a blank line.
        let text = "Keepers trimmed the wicks at dusk.[1]";
        let analysis = analyze(text);
        let fix = analysis.diagnostics[0]
            .fix
            .as_ref()
            .map(|f| f.edits.clone())
            .unwrap_or_default();
        assert_eq!(
            apply_edits(text, &fix),
            "Keepers trimmed the wicks at dusk.[1]\n\nNOTES\n\n[1]\n"
        );
    }

    #[test]
    fn undefined_note_fix_keeps_crlf_line_breaks() {
        let text = "Wax.[1] Honey.[2]\r\n\r\n[1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.\r\n";
        let analysis = analyze(text);
        assert_eq!(codes(&analysis), ["undefined-note"]);
        let edits = analysis.diagnostics[0]
            .fix
            .as_ref()
            .map(|f| f.edits.clone())
            .unwrap_or_default();
        assert_eq!(
            apply_edits(text, &edits),
            "Wax.[1] Honey.[2]\r\n\r\n[1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.\r\n[2]\r\n"
        );
    }

    // Fixes: unused-note deletes the note.

    #[test]
    fn unused_note_fix_deletes_a_middle_note() {
        check_fix(
            "unused-note",
            "
            Wax melts.[1] Honey sets.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [2] A note that nothing cites.
            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
            "
            Wax melts.[1] Honey sets.[3]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }

    #[test]
    fn unused_note_fix_deletes_the_last_note() {
        check_fix(
            "unused-note",
            "
            Wax melts.[1] Honey sets.[2]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

            [2] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.

            [3] A note that nothing cites.
            ",
            "
            Wax melts.[1] Honey sets.[2]

            [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

            [2] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }
}
