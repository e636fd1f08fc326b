//! The index of one document: every marker, note, notes section, heading and
//! author-date reference, read from the syntax tree in one walk.
//!
//! The types and the queries on them are here; the index is made in three
//! steps, each in a room of its own that uses these types and nothing above
//! them: `read` reads one block into its [`Part`], `layout` finds the
//! blocks of a tree (carrying those of the last run over an edit) with the
//! memo of parts in `blocks`, and `build` puts the parts together and
//! binds the markers to their notes (`bind`, `bare_markers`).

mod bare_markers;
mod bind;
pub(crate) use bind::{after_link_text, unpadded};
pub(crate) mod blocks;
mod build;
pub(crate) mod layout;
mod listed;
mod read;
mod sources_list;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

use compact_str::CompactString;
use serde::Serialize;

use super::citations::Citation;
use super::prose::AuthorDate;
use super::text::token_has;

pub type NoteId = usize;
pub type MarkerId = usize;

/// How a marker is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerStyle {
    /// `[12]`, also in lists `[4, 5]` and ranges `[4–6]`.
    Bracket,
    /// `¹²`.
    Superscript,
    /// Markdown `[^label]`.
    Footnote,
    /// `†`, `‡`: a note marked with a dagger.
    Symbol,
    /// Pandoc `^[text]`: a note written in place.
    InlineNote,
    /// Pandoc `[@key]`, resolved against a bibliography.
    Citation,
    /// `choice.13`: a number glued to the text, as AI research reports cite
    /// their numbered sources; read only where such a list is otherwise
    /// uncited (`index/bare_markers.rs`).
    Bare,
}

impl MarkerStyle {
    /// Whether a marker of this style refers to a note of the document (an
    /// inline note is its own text, a citation a bibliography entry).
    pub fn cites_a_note(self) -> bool {
        !matches!(self, MarkerStyle::InlineNote | MarkerStyle::Citation)
    }
}

/// How a note's label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelStyle {
    /// `[12]`.
    Bracket,
    /// `¹²`, `- ¹²`.
    Superscript,
    /// `12.` inside a notes section.
    Numbered,
    /// `[^label]:`.
    Footnote,
    /// `† text`, `‡ text`.
    Symbol,
    /// `^ a b`, `Jump up ^`, `↑`: a pasted Wikipedia reference list, which
    /// keeps the backlinks and loses the numbers. Such a note is numbered by
    /// its place among the notes of its section; its key is not written.
    Backlink,
    /// A line of a `Works cited` list copied as plain text, which lost its
    /// numbers: numbered by its place, with no label at all.
    Unlabelled,
}

/// One reference from the text to one note. A list marker such as `[4–6]`
/// gives one `MarkerRef` for each note it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkerRef {
    /// Inline (labels are a few characters): copying a marker reads nothing
    /// beside it.
    pub key: CompactString,
    /// The whole marker token.
    pub range: Range<usize>,
    /// The characters that spell the key (the digits of `[12]`).
    pub key_range: Range<usize>,
    pub style: MarkerStyle,
    /// Part of a list or range marker.
    pub in_list: bool,
    /// The note whose body holds the marker, if any.
    pub in_note: Option<NoteId>,
    /// The marker stands in a table, whose cells are read in no one order.
    #[serde(skip)]
    pub in_table: bool,
    /// Written with escaped brackets (`\[1\]`), as an export escapes them.
    #[serde(skip)]
    pub escaped: bool,
    /// Where the marker links, if it is written as a link: read once with
    /// the token, since binding and `note-order` ask it of every marker on
    /// every keystroke.
    #[serde(skip)]
    pub link: MarkerLink,
    /// The marker stands after a `<pre>` or `<code>` that its block opens
    /// and has not closed: text shown as it is, a program or its output.
    /// Read with the block, so that binding reads no text for it.
    #[serde(skip)]
    pub preformatted: bool,
    /// The note the marker refers to, once bound.
    pub target: Option<NoteId>,
}

/// One note definition.
#[derive(Debug, Clone, Serialize)]
pub struct NoteDef {
    /// Inline, like a marker's: the index copies every note on each
    /// keystroke, and a label behind a pointer made each copy reach for
    /// memory elsewhere.
    pub key: CompactString,
    pub range: Range<usize>,
    pub label_range: Range<usize>,
    pub key_range: Range<usize>,
    pub body_range: Option<Range<usize>>,
    pub style: LabelStyle,
    /// Labelled with escaped brackets (`\[1\] text`).
    #[serde(skip)]
    pub escaped: bool,
    pub section: usize,
    /// The citations, with ranges relative to the start of the body.
    #[serde(skip)]
    pub citations: Arc<Vec<Citation>>,
    /// Tells these citations from any others read by this process: a note
    /// whose block is unchanged keeps the very same ones, and the works
    /// compare this number, never reused, where comparing the citations'
    /// address would need every note's citations held (and touched) to
    /// keep the address from going to others.
    #[serde(skip)]
    pub citations_id: u64,
    /// [`NoteDef::is_wikipedia_reference`], read with the note: three rules
    /// ask it of every note on every keystroke, and the answer depends on
    /// the note's own text alone, which a note carried over an edit keeps.
    #[serde(skip)]
    pub wikipedia: bool,
    /// Numbered by its place in a list that repeats one number on every
    /// item (`1.`, `1.`): the key is not the number written.
    #[serde(skip)]
    pub by_place: bool,
}

impl NoteDef {
    /// Where the body starts; citation ranges are relative to it.
    pub fn body_start(&self) -> usize {
        self.body_range
            .as_ref()
            .map_or(self.label_range.end, |r| r.start)
    }

    /// A citation range made absolute.
    pub fn abs(&self, range: &Range<usize>) -> Range<usize> {
        let base = self.body_start();
        base + range.start..base + range.end
    }

    /// Whether the label is a number (and so matches `[12]`, `¹²` and `12.`).
    pub fn is_numeric(&self) -> bool {
        !matches!(self.style, LabelStyle::Footnote | LabelStyle::Symbol)
    }

    /// Whether the note is a reference pasted from a Wikipedia article: its
    /// label is the backlink (`^ a b`, `Jump up ^`), with or without the
    /// number before it (`13.Jump up ^`, `1.^ Jump up to: a b`). Every such
    /// reference was made for a citation, and its links were lost with the
    /// paste.
    pub fn is_wikipedia_reference(&self) -> bool {
        self.wikipedia
    }

    /// Reads [`NoteDef::is_wikipedia_reference`] from the document's text,
    /// for the index to keep.
    pub(crate) fn reads_as_wikipedia_reference(&self, text: &str) -> bool {
        if self.style == LabelStyle::Backlink {
            return true;
        }
        // The backlink words may belong to the label or start the body.
        let label = text
            .get(self.label_range.start..self.body_start())
            .unwrap_or("");
        let body = text.get(self.body_start()..self.range.end).unwrap_or("");
        self.is_numeric()
            && (label.contains(['^', '↑'])
                || body.starts_with(['^', '↑'])
                || body.starts_with("Jump up"))
    }

    /// Whether the key is written in the label, so that renumbering or
    /// renaming the note can rewrite it.
    pub fn key_is_written(&self) -> bool {
        !self.by_place && !matches!(self.style, LabelStyle::Backlink | LabelStyle::Unlabelled)
    }
}

/// A notes section: where notes are defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub range: Range<usize>,
    /// The heading that opens it; `None` where the notes simply begin.
    pub heading: Option<Range<usize>>,
    pub notes: Vec<NoteId>,
}

/// A heading, for the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadingEntry {
    pub range: Range<usize>,
    pub text: Arc<str>,
    /// 1 for top-level headings; `#` count or the depth of `4.1`.
    pub level: u8,
    /// The heading opens a notes section.
    pub opens_notes: bool,
}

/// A stretch of prose outside notes (paragraph, table cell, table note):
/// where author-date references and contact lines are looked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prose {
    pub range: Range<usize>,
    /// Contact phrases with no address after them
    /// ([`crate::analysis::prose::dangling_contacts`]): found when the block is read, so that
    /// a keystroke elsewhere does not scan every line again.
    #[serde(skip)]
    pub dangling_contacts: Vec<Range<usize>>,
    /// `Retrieved from` or `Available at:` ending a line of a reference
    /// list written as prose ([`crate::analysis::prose::lost_urls`]).
    #[serde(skip)]
    pub lost_urls: Vec<Range<usize>>,
}

impl Prose {
    fn moved(&self, f: impl Fn(usize) -> usize + Copy) -> Prose {
        Prose {
            range: moved(&self.range, f),
            dangling_contacts: self.dangling_contacts.iter().map(|r| moved(r, f)).collect(),
            lost_urls: self.lost_urls.iter().map(|r| moved(r, f)).collect(),
        }
    }
}

/// A work listed in the document's own bibliography, outside the notes
/// (`Merrill, Eugene H. *Deuteronomy*. Nashville: Broadman, 1994.`): what
/// a short form in the notes (`Merrill, 161.`) may point to, as Chicago's
/// notes-and-bibliography style has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The entry's line, without a list bullet.
    pub range: Range<usize>,
    /// The entry read as a citation, with ranges relative to its start.
    pub citation: Arc<Citation>,
    /// The entry opens with a dash (`———. *On Religion*. …`): the same
    /// authors as the entry before it.
    pub repeats_authors: bool,
    /// Tells this entry from any other read by this process, as
    /// [`NoteDef::citations_id`] does a note's citations.
    pub id: u64,
}

/// Everything the analysis knows about where things are in a document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Index {
    pub markers: Vec<MarkerRef>,
    pub notes: Vec<NoteDef>,
    pub sections: Vec<Section>,
    pub headings: Vec<HeadingEntry>,
    pub prose: Vec<Prose>,
    pub author_dates: Vec<AuthorDate>,
    /// Works listed in a bibliography outside the notes, in document order.
    #[serde(skip)]
    pub listed: Vec<Listed>,
    /// Superscripts count as markers: the document has superscript notes
    /// (or numbered notes and no bracket markers). Elsewhere a superscript
    /// is an exponent or a unit.
    pub superscripts_are_markers: bool,
    /// The document keeps two lists of numbered notes, one labelled `[1]`
    /// and one `¹` (an author's and a translator's), whose numbers meet:
    /// each style's markers go to its own list. Set while binding.
    #[serde(skip)]
    pub two_note_lists: bool,
    /// For each note, the first note of its section with the same label
    /// (of the whole document for a Markdown footnote), itself unless it
    /// repeats one: found while binding markers, so the rules about
    /// duplicates and order hash no key of their own.
    #[serde(skip)]
    pub first_of_label: Vec<NoteId>,
}

impl Index {
    /// Each entry of [`Index::listed`] with its position and the authors it
    /// names: an entry of dashes (`———.`) those of the entry above it.
    pub fn listed_with_authors(
        &self,
    ) -> impl Iterator<Item = (usize, &Listed, &[crate::analysis::citations::Author])> {
        let mut authors: &[crate::analysis::citations::Author] = &[];
        self.listed.iter().enumerate().map(move |(i, entry)| {
            if !entry.repeats_authors {
                authors = &entry.citation.authors;
            }
            (i, entry, authors)
        })
    }

    /// The markers that refer to note `id`.
    pub fn markers_of(&self, id: NoteId) -> impl Iterator<Item = (MarkerId, &MarkerRef)> {
        self.markers
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.target == Some(id))
    }

    /// For each note, whether any marker refers to it.
    pub fn cited(&self) -> Vec<bool> {
        let mut cited = vec![false; self.notes.len()];
        for target in self.markers.iter().filter_map(|m| m.target) {
            cited[target] = true;
        }
        cited
    }

    /// The note that holds byte `offset`, if any.
    pub fn note_at(&self, offset: usize) -> Option<NoteId> {
        let i = self.notes.partition_point(|n| n.range.start <= offset);
        i.checked_sub(1)
            .filter(|&i| self.notes[i].range.contains(&offset) || self.notes[i].range.end == offset)
    }

    /// The first line with text below byte `end`, where a blank line stands
    /// between (what a note that ends at `end` may go on with after a page
    /// break or double spacing), with whether a note or a heading begins
    /// on it. `None` where text follows at once, or none follows.
    pub fn line_after_blank<'t>(&self, text: &'t str, end: usize) -> Option<LineBelow<'t>> {
        let rest = text.get(end..)?;
        let mut at = end;
        let mut blank = false;
        for line in rest.split_inclusive('\n') {
            let start = at;
            at += line.len();
            if line.trim().is_empty() {
                blank = true;
                continue;
            }
            if !blank {
                return None;
            }
            let first = start + (line.len() - line.trim_start().len());
            let opens_a_block = self.note_at(first).is_some()
                || self.headings.iter().any(|h| h.range.contains(&first));
            return Some(LineBelow {
                line,
                opens_a_block,
            });
        }
        None
    }

    /// The marker whose token holds byte `offset`, if any (for a list, the
    /// entry whose key is under the cursor, or the first).
    pub fn marker_at(&self, offset: usize) -> Option<MarkerId> {
        let mut found = None;
        for (i, m) in self.markers.iter().enumerate() {
            if m.range.start <= offset && offset <= m.range.end {
                if m.key_range.start <= offset && offset <= m.key_range.end {
                    return Some(i);
                }
                found.get_or_insert(i);
            }
        }
        found
    }
}

/// A line of text below a blank line ([`Index::line_after_blank`]).
#[derive(Debug, Clone, Copy)]
pub struct LineBelow<'t> {
    /// The line, with its indentation and line break.
    pub line: &'t str,
    /// A note or a heading begins on it.
    pub opens_a_block: bool,
}

/// What one block contributes to the index, with ranges relative to the
/// block's start and note numbers relative to the block's first note.
#[derive(Debug, Clone, Default)]
pub struct Part {
    markers: Vec<MarkerRef>,
    notes: Vec<NoteDef>,
    headings: Vec<HeadingEntry>,
    prose: Vec<Prose>,
    author_dates: Vec<AuthorDate>,
    listed: Vec<Listed>,
}

fn moved(range: &Range<usize>, f: impl Fn(usize) -> usize) -> Range<usize> {
    f(range.start)..f(range.end)
}

impl Part {
    /// Applies `f` to every offset.
    fn moved(&mut self, f: impl Fn(usize) -> usize + Copy) {
        for m in &mut self.markers {
            m.moved(f);
        }
        for n in &mut self.notes {
            n.moved(f);
        }
        for h in &mut self.headings {
            h.range = moved(&h.range, f);
        }
        for p in &mut self.prose {
            *p = p.moved(f);
        }
        for r in &mut self.author_dates {
            r.range = moved(&r.range, f);
        }
        for l in &mut self.listed {
            l.range = moved(&l.range, f);
        }
    }
}

/// Where a marker written as a link links: to an anchor in the document
/// (`[1](#fn1)`, an export's marker), to a web address (`[[1]](https://…)`,
/// the source itself, numbered by a reference manager), or neither
/// (`[12]`, `¹²`). A token may hold both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarkerLink {
    pub anchor: bool,
    pub web: bool,
}

impl MarkerLink {
    /// How the marker token `token` links.
    pub(crate) fn of(token: &str) -> MarkerLink {
        MarkerLink {
            anchor: token_has(token, "](#"),
            web: token_has(token, "](http"),
        }
    }
}

impl MarkerRef {
    /// Whether the marker is a link to a note on another web page
    /// (`[[172]](https://en.wikipedia.org/wiki/…#cite_note-…)`, a copied
    /// page's own marker): its note is there, one click away, however
    /// little of the page was copied with it.
    pub fn links_to_a_note_on_the_web(&self, text: &str) -> bool {
        self.link.web && bind::web_link_names_a_note(text, &self.range)
    }

    fn moved(&mut self, f: impl Fn(usize) -> usize + Copy) {
        self.range = moved(&self.range, f);
        self.key_range = moved(&self.key_range, f);
    }
}

impl NoteDef {
    fn moved(&mut self, f: impl Fn(usize) -> usize + Copy) {
        self.range = moved(&self.range, f);
        self.label_range = moved(&self.label_range, f);
        self.key_range = moved(&self.key_range, f);
        self.body_range = self.body_range.as_ref().map(|r| moved(r, f));
    }
}
