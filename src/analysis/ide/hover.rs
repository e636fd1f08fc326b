//! Hover: a preview of the work that a marker, a note label, a citation or
//! an author-date reference leads to.
//!
//! Providers are tried in turn over one [`Cursor`]: marker, citation,
//! author-date reference, label.

use super::context::{Cursor, author_date_work, label_text, note_name};
use super::format::{citation_markdown, kind_name, lost_url_message, truncate, url_markdown};
use super::{Hover, Snapshot};
use crate::analysis::citations::CitationKind;
use crate::analysis::index::NoteId;
use crate::analysis::works::{self, CitationRef, Unresolved, WorkId};

/// The most characters of a note's text shown when it cites no work.
const TEXT_CHARS: usize = 300;
/// The longest resolution chain followed (Ibid after Ibid after …).
const CHAIN_LIMIT: usize = 64;

pub(super) fn hover(snapshot: Snapshot<'_>, offset: usize) -> Option<Hover> {
    let cursor = Cursor::new(snapshot, offset);
    marker(&cursor)
        .or_else(|| citation(&cursor))
        .or_else(|| author_date(&cursor))
        .or_else(|| label(&cursor))
}

/// Hover on a marker whose note lies in another file of its book
/// (`book`, named `file`), the note starting at `note_start` there: the
/// note as that file's own hover shows it, with where it is.
pub(super) fn in_book(
    snapshot: Snapshot<'_>,
    offset: usize,
    book: Snapshot<'_>,
    note_start: usize,
    file: &str,
) -> Option<Hover> {
    let cursor = Cursor::new(snapshot, offset);
    let marker = cursor.marker().filter(|m| m.target.is_none())?;
    let at_note = Cursor::new(book, note_start);
    let note = at_note.index().note_at(note_start)?;
    let markdown = format!(
        "{}\n\n*in {}*",
        note_markdown(&at_note, note),
        super::format::escape(file)
    );
    Some(Hover {
        range: marker_range(marker),
        markdown,
    })
}

/// What a marker's hover covers: in a list (`[1, 2]`) its own number.
fn marker_range(marker: &crate::analysis::index::MarkerRef) -> std::ops::Range<usize> {
    if marker.in_list {
        marker.key_range.clone()
    } else {
        marker.range.clone()
    }
}

fn marker(cursor: &Cursor<'_>) -> Option<Hover> {
    let marker = cursor.marker()?;
    let range = marker_range(marker);
    let markdown = match marker.target {
        Some(note) => note_markdown(cursor, note),
        None => {
            let shown = if marker.in_list {
                format!("[{}]", marker.key)
            } else {
                cursor
                    .text()
                    .get(marker.range.clone())
                    .unwrap_or("")
                    .trim()
                    .to_string()
            };
            format!("no note {shown}")
        }
    };
    Some(Hover { range, markdown })
}

fn label(cursor: &Cursor<'_>) -> Option<Hover> {
    let note = cursor.label()?;
    Some(Hover {
        range: cursor.index().notes[note].label_range.clone(),
        markdown: note_markdown(cursor, note),
    })
}

fn citation(cursor: &Cursor<'_>) -> Option<Hover> {
    let r = cursor.citation()?;
    let index = cursor.index();
    let note = &index.notes[r.note];
    let c = works::citation(index, r)?;
    if c.kind == CitationKind::Text {
        return None;
    }
    Some(Hover {
        range: note.abs(&c.range),
        markdown: citation_block(cursor, r),
    })
}

fn author_date(cursor: &Cursor<'_>) -> Option<Hover> {
    let i = cursor.author_date()?;
    let reference = &cursor.index().author_dates[i];
    let markdown = match author_date_work(cursor.works(), i) {
        Some((work, r)) => {
            let note = &cursor.index().notes[r.note];
            let chain = format!("{} → {}", reference.text, note_name(note));
            work_block(cursor, work, None, Some(chain))
        }
        None => format!("⚠ no note cites {}", reference.text),
    };
    Some(Hover {
        range: reference.range.clone(),
        markdown,
    })
}

/// A note: its label, then each work it cites (its text where it cites none).
fn note_markdown(cursor: &Cursor<'_>, id: NoteId) -> String {
    let index = cursor.index();
    let note = &index.notes[id];
    let header = format!(
        "**Note {}**",
        super::format::escape(label_text(cursor.text(), note))
    );
    let mut blocks = Vec::new();
    let mut seen: Vec<WorkId> = Vec::new();
    for (i, c) in note.citations.iter().enumerate() {
        if c.kind == CitationKind::Text {
            continue;
        }
        let r = CitationRef { note: id, index: i };
        if let Some(work) = cursor.works().work_of(r) {
            if seen.contains(&work) {
                continue;
            }
            seen.push(work);
        }
        blocks.push(citation_block(cursor, r));
    }
    if blocks.is_empty() {
        let body = note
            .body_range
            .as_ref()
            .and_then(|b| cursor.text().get(b.clone()))
            .unwrap_or("");
        blocks.push(if body.trim().is_empty() {
            "*(empty note)*".to_string()
        } else {
            super::format::escape(&truncate(body, TEXT_CHARS))
        });
    }
    format!("{header}\n\n{}", blocks.join("\n\n---\n\n"))
}

/// One citation: the work it leads to, how, and how often it is cited; or
/// why it leads nowhere.
fn citation_block(cursor: &Cursor<'_>, r: CitationRef) -> String {
    let index = cursor.index();
    let Some(c) = works::citation(index, r) else {
        return String::new();
    };
    let resolution = &cursor.works().resolutions[r.note][r.index];
    match resolution.work {
        Some(work) => {
            let pages = (c.kind != CitationKind::Full)
                .then_some(c.pages.as_ref())
                .flatten();
            let chain = (c.kind != CitationKind::Full).then(|| chain(cursor, r));
            work_block(cursor, work, pages, chain)
        }
        None if let Some(entry) = resolution.listed.and_then(|e| index.listed.get(e)) => {
            listed_block(cursor, c, resolution.via, entry)
        }
        None => {
            let why = match &resolution.problem {
                Some(Unresolved::IbidNoAntecedent)
                    if r.index == 0
                        && works::previous_gives_a_source(index, cursor.text(), r.note) =>
                {
                    "Ibid.: the source of the note before, which names no work that can be read"
                        .to_string()
                }
                Some(Unresolved::IbidNoAntecedent) => {
                    "⚠ Ibid. with no citation before it in its notes section".to_string()
                }
                Some(Unresolved::IbidAmbiguous { note, works }) => format!(
                    "⚠ ambiguous Ibid.: {} cites {works} works",
                    note_name(&index.notes[*note])
                ),
                Some(Unresolved::ShortFormUnmatched) => {
                    "⚠ short form with no earlier full citation".to_string()
                }
                Some(Unresolved::RepeatsUnresolved { root }) => format!(
                    "⚠ Ibid. repeats an unresolved citation in {}",
                    note_name(&index.notes[root.note])
                ),
                None => "⚠ this citation names no work".to_string(),
            };
            let text = index.notes[r.note]
                .body_range
                .as_ref()
                .and_then(|b| cursor.text().get(b.clone()))
                .and_then(|body| body.get(c.range.clone()))
                .unwrap_or("");
            format!(
                "{}\n\n{why}",
                super::format::escape(&truncate(text, TEXT_CHARS))
            )
        }
    }
}

/// A work that the document's bibliography gives in full, cited by `c` (a
/// short form, or an Ibid after one, `via`): the entry with `c`'s pages,
/// its link, and where the entry is.
fn listed_block(
    cursor: &Cursor<'_>,
    c: &crate::analysis::citations::Citation,
    via: Option<CitationRef>,
    entry: &crate::analysis::index::Listed,
) -> String {
    let pages = c.pages.as_ref();
    let mut lines: Vec<String> = Some(citation_markdown(&entry.citation, pages))
        .filter(|shown| !shown.is_empty())
        .into_iter()
        .collect();
    if let Some(link) = entry.citation.url.as_ref().and_then(url_markdown) {
        lines.push(link);
    }
    let line = cursor
        .text()
        .get(..entry.range.start)
        .map_or(0, |before| before.matches('\n').count())
        + 1;
    let through = via
        .and_then(|v| cursor.index().notes.get(v.note))
        .map(|note| format!(" → {}", note_name(note)))
        .unwrap_or_default();
    lines.push(format!(
        "{}{through} → bibliography, line {line}",
        kind_name(c.kind)
    ));
    lines.join("\n\n")
}

/// A work: its full citation (with `pages` instead of its own, if given),
/// its link, the chain that led to it, how often it is cited, and a warning
/// where its URL was lost.
fn work_block(
    cursor: &Cursor<'_>,
    work: WorkId,
    pages: Option<&crate::analysis::citations::Field>,
    chain: Option<String>,
) -> String {
    let index = cursor.index();
    let w = &cursor.works().works[work];
    let Some(full) = works::citation(index, w.full) else {
        return String::new();
    };
    // A bare URL has no citation text to show but its link.
    let mut lines: Vec<String> = Some(citation_markdown(full, pages))
        .filter(|shown| !shown.is_empty())
        .into_iter()
        .collect();
    if let Some(link) = full.url.as_ref().and_then(url_markdown) {
        lines.push(link);
    }
    if let Some(chain) = chain {
        lines.push(chain);
    }
    let mut notes: Vec<String> = Vec::new();
    let citations = cursor.works().citations_of(work);
    for r in citations {
        let note = &index.notes[r.note];
        let name = if note.is_numeric() {
            note.key.to_string()
        } else {
            format!("[^{}]", note.key)
        };
        if !notes.contains(&name) {
            notes.push(name);
        }
    }
    let times = match citations.len() {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    let where_ = if notes.len() == 1 { "note" } else { "notes" };
    lines.push(format!("Cited {times} ({where_} {})", notes.join(", ")));
    if let Some((kind, _)) = &full.lost_url {
        lines.push(format!("⚠ URL lost: {}", lost_url_message(*kind)));
    }
    lines.join("\n\n")
}

/// `Ibid. → note 2 → Ibid. → note 1 → full citation`: how a citation
/// reaches the full form of its work.
fn chain(cursor: &Cursor<'_>, start: CitationRef) -> String {
    let index = cursor.index();
    let mut parts = Vec::new();
    let mut at = start;
    for _ in 0..CHAIN_LIMIT {
        let Some(c) = works::citation(index, at) else {
            break;
        };
        parts.push(kind_name(c.kind).to_string());
        if c.kind == CitationKind::Full {
            break;
        }
        let Some(via) = cursor.works().resolutions[at.note][at.index].via else {
            break;
        };
        parts.push(note_name(&index.notes[via.note]));
        at = via;
    }
    parts.join(" → ")
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::{Fixture, with_snapshot};

    /// The hover at the fixture's cursor: the range it covers, then its
    /// Markdown.
    fn check(fixture: &str) -> String {
        let f = Fixture::parse(fixture);
        with_snapshot(&f.text, |s| match super::hover(s, f.cursor()) {
            Some(h) => format!(
                "{:?} {:?}\n{}",
                h.range,
                &f.text[h.range.clone()],
                h.markdown
            ),
            None => "no hover".to_string(),
        })
    }

    #[test]
    fn a_bracket_marker_shows_its_note_work_and_count() {
        insta::assert_snapshot!(check(r#"
            Grain exports rose.[$01] Prices followed.[2]

            [1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.
            [2] Ibid., 31.
            "#), @r#"
            19..22 "[1]"
            **Note [1]**

            John J. Mearsheimer, *The Tragedy of Great Power Politics*, Norton, 2001, 29

            Cited twice (notes 1, 2)
            "#);
    }

    #[test]
    fn a_short_form_shows_the_bibliography_entry_of_its_work() {
        insta::assert_snapshot!(check(r#"
            Prices fell.[^1] Then rose.[^2]

            Bibliography

            Lo, Ada. *Bread and Salt*. Lima: Andes, 2010.

            [^1]: Lo, *Bread*, 12.
            [^2]: Ib$0id., 14.
            "#), @r#"
            123..133 "Ibid., 14."
            Lo, Ada, *Bread and Salt*, Lima: Andes, 2010, 14

            Ibid. → note [^1] → bibliography, line 5
            "#);
    }

    #[test]
    fn an_ibid_after_an_ibid_shows_the_whole_chain() {
        insta::assert_snapshot!(check(r#"
            One.[1] Two.[2] Three.[3]

            [1] Ada Lo, “Bread Markets,” The Economist, November 7, 2019, https://econ.example/bread.
            [2] Ibid.
            [3] Ib$0id., 4.
            "#), @r#"
            135..144 "Ibid., 4."
            Ada Lo, *Bread Markets*, The Economist, November 7, 2019, 4

            [https://econ.example/bread](<https://econ.example/bread>)

            Ibid. → note 2 → Ibid. → note 1 → full citation

            Cited 3 times (notes 1, 2, 3)
            "#);
    }

    #[test]
    fn a_short_form_on_a_superscript_label_after_an_emoji() {
        insta::assert_snapshot!(check(r#"
            “Grain” 🙂 rose.¹ Fell.²

            NOTES

            ¹ Ada Lo, “Bread Markets,” The Economist, November 7, 2019,
            ²$0 Lo, “Bread Markets,” 5.
            "#), @r#"
            106..108 "²"
            **Note ²**

            Ada Lo, *Bread Markets*, The Economist, November 7, 2019, 5

            short form → note 1 → full citation

            Cited twice (notes 1, 2)

            ⚠ URL lost: the citation ends in a comma where its URL stood
            "#);
    }

    #[test]
    fn an_author_date_reference_names_its_note() {
        insta::assert_snapshot!(check(r#"
            Yields rose (Lo$0 2010).[1]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), doi:10.1234/bread.
            "#), @r#"
            13..20 "Lo 2010"
            Ada Lo, *Bread*, Andes, 2010

            [doi:10.1234/bread](<https://doi.org/10.1234/bread>)

            Lo 2010 → note 1

            Cited once (note 1)
            "#);
    }

    #[test]
    fn an_unmatched_author_date_reference_says_so() {
        insta::assert_snapshot!(check("Yields rose (Ng$0 1999).[1]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n"), @r#"
            13..20 "Ng 1999"
            ⚠ no note cites Ng 1999
            "#);
    }

    #[test]
    fn an_undefined_marker_says_there_is_no_note() {
        insta::assert_snapshot!(check("Gone.[1$03]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n"), @r#"
            5..9 "[13]"
            no note [13]
            "#);
    }

    #[test]
    fn a_note_with_two_works_shows_both() {
        insta::assert_snapshot!(check(r#"
            Both.[^$0pair]

            [^pair]: Ada Lo, *Bread* (Lima: Andes, 2010); Ben Ng, *Salt* (Lima: Andes, 2011), 7.
            "#), @r#"
            5..12 "[^pair]"
            **Note [^pair]**

            Ada Lo, *Bread*, Andes, 2010

            Cited once (note [^pair])

            ---

            Ben Ng, *Salt*, Andes, 2011, 7

            Cited once (note [^pair])
            "#);
    }

    #[test]
    fn an_ambiguous_ibid_explains_itself() {
        insta::assert_snapshot!(check(r#"
            Both.[1] Then.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010); Ben Ng, *Salt* (Lima: Andes, 2011).
            [2] $0Ibid., 3.
            "#), @r#"
            100..109 "Ibid., 3."
            Ibid., 3.

            ⚠ ambiguous Ibid.: note 1 cites 2 works
            "#);
    }

    #[test]
    fn a_note_that_is_a_bare_link_shows_the_link_alone() {
        insta::assert_snapshot!(check(r#"
            Smoke calms them.[^s$0moke]

            [^smoke]: https://example.org/smoke
            "#), @r#"
            17..25 "[^smoke]"
            **Note [^smoke]**

            [https://example.org/smoke](<https://example.org/smoke>)

            Cited once (note [^smoke])
            "#);
    }

    #[test]
    fn a_marker_whose_note_is_in_another_file_of_the_book_shows_that_note() {
        let f = Fixture::parse("Wax keeps the light.[^w$0ax]\n");
        let notes = "# Notes\n\n[^wax]: Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let start = notes.find("[^wax]").unwrap_or(0);
        let shown = with_snapshot(&f.text, |chapter| {
            with_snapshot(notes, |book| {
                super::in_book(chapter, f.cursor(), book, start, "notes_1.md")
            })
        });
        let hover = shown.expect("a hover");
        assert_eq!(&f.text[hover.range.clone()], "[^wax]");
        insta::assert_snapshot!(hover.markdown, @r"
        **Note [^wax]**

        Ada Fenn, *Keepers of Bees*, Fjord, 2010, 4

        Cited once (note [^wax])

        *in notes\_1.md*
        ");
        // Only a marker with no note of its own looks to the book.
        let own = "Wax.[^w$0ax]\n\n[^wax]: Ben Ng, *Salt* (Lima: Andes, 2011).\n";
        let f = Fixture::parse(own);
        let shown = with_snapshot(&f.text, |chapter| {
            with_snapshot(notes, |book| {
                super::in_book(chapter, f.cursor(), book, start, "n.md")
            })
        });
        assert_eq!(shown, None);
    }
}
