//! The index of one document: every marker, note, notes section, heading and
//! author-date reference, read from the syntax tree in one walk.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use compact_str::CompactString;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tree_sitter::Node;

use super::cache::Cache;
use super::citations::{self, Citation, InlineSpans, TitleSpan, TitleStyle};
use super::layout::{self, Content, Unit};
use super::prose::{self, AuthorDate};
use super::syntax::{SyntaxTree, kinds, label_key, label_keys};

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
    /// uncited ([`super::bare_markers`]).
    Bare,
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
    /// The note the marker refers to, once bound.
    pub target: Option<NoteId>,
}

/// How many notes' citations this process has read: the next
/// [`NoteDef::citations_id`].
static CITATIONS_READ: AtomicU64 = AtomicU64::new(0);

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

    /// Whether the key is written in the label, so that renumbering or
    /// renaming the note can rewrite it.
    pub fn key_is_written(&self) -> bool {
        self.style != LabelStyle::Backlink
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
    /// ([`prose::dangling_contacts`]): found when the block is read, so that
    /// a keystroke elsewhere does not scan every line again.
    #[serde(skip)]
    pub dangling_contacts: Vec<Range<usize>>,
    /// `Retrieved from` or `Available at:` ending a line of a reference
    /// list written as prose ([`prose::lost_urls`]).
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

/// Everything the analysis knows about where things are in a document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Index {
    pub markers: Vec<MarkerRef>,
    pub notes: Vec<NoteDef>,
    pub sections: Vec<Section>,
    pub headings: Vec<HeadingEntry>,
    pub prose: Vec<Prose>,
    pub author_dates: Vec<AuthorDate>,
    /// Superscripts count as markers: the document has superscript notes
    /// (or numbered notes and no bracket markers). Elsewhere a superscript
    /// is an exponent or a unit.
    pub superscripts_are_markers: bool,
    /// For each note, the first note of its section with the same label
    /// (itself, unless it repeats one): found while binding markers, so
    /// the rules about duplicates and order hash no key of their own.
    #[serde(skip)]
    pub first_of_label: Vec<NoteId>,
}

impl Index {
    /// Reads the index from a parsed document.
    ///
    /// The document is read block by block (each top-level block, and each
    /// block of a notes section). What a block contributes is kept with the
    /// layout of the blocks ([`layout`]), so after a keystroke only the
    /// edited block is read again and every other block's part is copied,
    /// moved by its offset.
    pub fn build(text: &str, tree: &SyntaxTree, cache: &mut Cache) -> Index {
        let units = layout::units(text, tree, cache);
        let mut index = Index::default();
        // Every list is sized once: growing them by doubling on each
        // keystroke costs copies and leaves up to half of them unused.
        index.reserve(&units);
        for unit in &units {
            match &unit.content {
                Content::Block(part) => {
                    let section = index.sections.len();
                    index.absorb(part, unit.range.start, section);
                }
                Content::Section { heading, blocks } => {
                    let section = index.sections.len();
                    let first_note = index.notes.len();
                    for block in blocks {
                        let Content::Block(part) = &block.content else {
                            continue;
                        };
                        let first_heading = index.headings.len();
                        index.absorb(part, block.range.start, section);
                        if heading.as_ref() == Some(&block.range) {
                            for h in &mut index.headings[first_heading..] {
                                h.opens_notes = true;
                            }
                        }
                    }
                    index.sections.push(Section {
                        range: unit.range.clone(),
                        heading: heading.clone(),
                        notes: (first_note..index.notes.len()).collect(),
                    });
                }
            }
        }
        index.finish(text);
        cache.set_layout(tree.revision(), units);
        index
    }

    /// Makes room for the lists of `parts`. One pass reads each part's
    /// lengths together: the parts lie all over the heap, and a pass per
    /// list would fetch each of them five times on every keystroke.
    fn reserve(&mut self, units: &[Unit]) {
        let parts = units
            .iter()
            .flat_map(|u| match &u.content {
                Content::Block(_) => std::slice::from_ref(u),
                Content::Section { blocks, .. } => blocks.as_slice(),
            })
            .filter_map(|u| match &u.content {
                Content::Block(part) => Some(part),
                Content::Section { .. } => None,
            });
        let mut totals = [0usize; 5];
        for p in parts {
            totals[0] += p.markers.len();
            totals[1] += p.notes.len();
            totals[2] += p.headings.len();
            totals[3] += p.prose.len();
            totals[4] += p.author_dates.len();
        }
        let [markers, notes, headings, prose, author_dates] = totals;
        self.markers.reserve_exact(markers);
        self.notes.reserve_exact(notes);
        self.headings.reserve_exact(headings);
        self.prose.reserve_exact(prose);
        self.author_dates.reserve_exact(author_dates);
    }

    /// Adds a part read at `offset`; its notes belong to section `section`.
    /// This runs for every block on every keystroke, and most of a block's
    /// lists are empty (a note holds one note and a few markers): those are
    /// not visited at all.
    fn absorb(&mut self, part: &Part, offset: usize, section: usize) {
        let note_base = self.notes.len();
        let forward = |at: usize| at + offset;
        if !part.notes.is_empty() {
            self.notes.extend(part.notes.iter().map(|n| {
                let mut n = n.clone();
                n.moved(forward);
                n.section = section;
                n
            }));
        }
        if !part.markers.is_empty() {
            self.markers.extend(part.markers.iter().map(|m| {
                let mut m = m.clone();
                m.moved(forward);
                m.in_note = m.in_note.map(|n| n + note_base);
                m
            }));
        }
        if !part.headings.is_empty() {
            self.headings.extend(part.headings.iter().map(|h| {
                let mut h = h.clone();
                h.range = moved(&h.range, forward);
                h
            }));
        }
        if !part.prose.is_empty() {
            self.prose
                .extend(part.prose.iter().map(|p| p.moved(forward)));
        }
        if !part.author_dates.is_empty() {
            self.author_dates
                .extend(part.author_dates.iter().map(|r| r.shifted(offset)));
        }
    }

    /// Binds every marker to the note it refers to.
    fn bind(&mut self) {
        // Notes by (numeric?, key), in document order. Most keys name one
        // note: no list is allocated for them (this runs on every keystroke).
        // Beside it, for each note the first note of its section with the
        // same label: candidates are in document order, so a repeated label
        // continues the group of the one before it when in the same section.
        let mut by_key: FxHashMap<(bool, &str), Candidates> = FxHashMap::default();
        by_key.reserve(self.notes.len());
        let mut first_of_label: Vec<NoteId> = Vec::with_capacity(self.notes.len());
        for (id, note) in self.notes.iter().enumerate() {
            let mut first = id;
            by_key
                .entry((note.is_numeric(), &*note.key))
                .and_modify(|c| {
                    let last = c.last();
                    if self.notes[last].section == note.section {
                        first = first_of_label[last];
                    }
                    c.push(id);
                })
                .or_insert(Candidates::One(id));
            first_of_label.push(first);
        }
        let mut targets = Vec::with_capacity(self.markers.len());
        for marker in &self.markers {
            targets.push(match marker.style {
                MarkerStyle::Bracket | MarkerStyle::Superscript | MarkerStyle::Bare => {
                    by_key.get(&(true, &*marker.key)).and_then(|c| {
                        best_candidate(&self.sections, &self.notes, c.ids(), marker.range.start)
                    })
                }
                MarkerStyle::Footnote => by_key
                    .get(&(false, &*marker.key))
                    .and_then(|c| c.ids().first().copied()),
                // A dagger means the next dagger note: lists restart their
                // marks as they restart their numbers.
                MarkerStyle::Symbol => by_key.get(&(false, &*marker.key)).and_then(|c| {
                    best_candidate(&self.sections, &self.notes, c.ids(), marker.range.start)
                }),
                MarkerStyle::InlineNote | MarkerStyle::Citation => None,
            });
        }
        for (marker, target) in self.markers.iter_mut().zip(targets) {
            marker.target = target;
        }
        self.first_of_label = first_of_label;
    }

    fn finish(&mut self, text: &str) {
        self.number_backlinks();
        self.number_rest_footnotes();
        let superscript_notes = self
            .notes
            .iter()
            .any(|n| n.style == LabelStyle::Superscript);
        let numbered_notes = self.notes.iter().any(|n| n.style == LabelStyle::Numbered);
        let bracket_markers = self.markers.iter().any(|m| m.style == MarkerStyle::Bracket);
        self.superscripts_are_markers = superscript_notes || (numbered_notes && !bracket_markers);
        if !self.superscripts_are_markers {
            self.markers.retain(|m| m.style != MarkerStyle::Superscript);
        }
        self.bind();
        self.bind_by_anchor(text);
        self.drop_implausible(text);
        self.bind_bare_numbers(text);
    }

    /// Binds the markers that link to an anchor in the document
    /// (`[1](#fn-109:1)`, `[[4]](#ftnt4)`) to the note that answers the
    /// link: the one whose backlink returns to it (`[↩](#fnref-109:1)`),
    /// whatever the numbers say, since an HTML export may number its list
    /// anew (by twos, or from 0 in its anchors); else, among the notes with
    /// the marker's number, one whose label is itself a link or an anchor
    /// (`[[4]](#ftnt_ref4)`, `[1]<a name="ftnt1">`) rather than a number in
    /// another list (a `References` list numbered 1, 2, 3). Looked for only
    /// in documents with such markers.
    fn bind_by_anchor(&mut self, text: &str) {
        let linked = |m: &MarkerRef| {
            m.style == MarkerStyle::Bracket
                && text.get(m.range.clone()).is_some_and(|t| t.contains("](#"))
        };
        if !self.markers.iter().any(linked) {
            return;
        }
        let mut by_anchor: FxHashMap<&str, NoteId> = FxHashMap::default();
        let mut linked_labels: FxHashMap<&str, Vec<NoteId>> = FxHashMap::default();
        for (id, note) in self.notes.iter().enumerate() {
            if let Some(body) = note.body_range.as_ref().and_then(|r| text.get(r.clone()))
                && let Some(anchor) = anchor_after(body, "(#fnref")
            {
                by_anchor.entry(anchor).or_insert(id);
            }
            let label = text.get(note.range.start..note.body_start()).unwrap_or("");
            if note.is_numeric() && (label.contains("](#") || label.contains("<a ")) {
                linked_labels.entry(&note.key).or_default().push(id);
            }
        }
        for marker in &mut self.markers {
            let token = text.get(marker.range.clone()).unwrap_or("");
            if marker.style != MarkerStyle::Bracket || !token.contains("](#") {
                continue;
            }
            if let Some(anchor) = anchor_after(token, "(#fn")
                && let Some(&id) = by_anchor.get(anchor)
            {
                marker.target = Some(id);
            } else if let Some(ids) = linked_labels.get(&*marker.key)
                && marker.target.is_none_or(|t| !ids.contains(&t))
            {
                // The first such note after the marker, else the last one.
                let after = ids
                    .iter()
                    .find(|&&id| self.notes[id].range.start > marker.range.start);
                marker.target = after.or(ids.last()).copied();
            }
        }
    }

    /// Reads the numbers glued to the text as markers when the document has
    /// a numbered list that nothing else cites (an AI research report's
    /// `Works cited`), and binds them.
    fn bind_bare_numbers(&mut self, text: &str) {
        let cited = self.cited();
        let max = self
            .sections
            .iter()
            .filter(|s| !s.notes.is_empty() && s.notes.iter().all(|&n| !cited[n]))
            .flat_map(|s| s.notes.iter().map(|&n| &self.notes[n]))
            .filter(|n| matches!(n.style, LabelStyle::Numbered | LabelStyle::Bracket))
            .filter_map(|n| n.key.parse::<u32>().ok())
            .max();
        let Some(max) = max else {
            return;
        };
        let ranges: Vec<Range<usize>> = self.prose.iter().map(|p| p.range.clone()).collect();
        let bare = super::bare_markers::find(text, &ranges, max);
        if bare.is_empty() {
            return;
        }
        let mut markers = std::mem::take(&mut self.markers);
        markers.extend(bare);
        markers.sort_by_key(|m| m.range.start);
        self.markers = markers;
        self.bind();
    }

    /// Drops the bracket markers that no note explains and that no note
    /// list would number so: `arr[0]`, `node-[01-04]`, `[2025]` in a title,
    /// `[2022, 12, 31]`, or that are quoted as text (`markers in the form
    /// "[1]"`). Notes are numbered from 1 and without leading zeros, and a
    /// document with a thousand notes has a note for a four-digit marker;
    /// a year or an index has none.
    fn drop_implausible(&mut self, text: &str) {
        let implausible = |m: &MarkerRef| {
            m.target.is_none()
                && m.style == MarkerStyle::Bracket
                && (m.key.len() >= 4 || m.key.starts_with('0') || quoted(text, &m.range))
        };
        if !self.markers.iter().any(implausible) {
            return;
        }
        // A list goes whole: `[2022, 12, 31]` names no note at all.
        // Markers are in document order, so their starts are sorted.
        let dropped: Vec<usize> = self
            .markers
            .iter()
            .filter(|m| implausible(m))
            .map(|m| m.range.start)
            .collect();
        self.markers
            .retain(|m| dropped.binary_search(&m.range.start).is_err());
    }

    /// Gives each backlink note the number of its place in its section: a
    /// pasted reference list is numbered by its order, and a note before it
    /// changes every number after it, so the numbers are set here, for the
    /// whole index, and never kept with a block.
    fn number_backlinks(&mut self) {
        let mut section = usize::MAX;
        let mut place = 0u32;
        for note in &mut self.notes {
            if note.style != LabelStyle::Backlink {
                continue;
            }
            if note.section != section {
                section = note.section;
                place = 0;
            }
            place += 1;
            note.key = compact_str::format_compact!("{place}");
        }
    }

    /// Gives reStructuredText's auto-numbered footnotes their numbers: the
    /// n-th `[#]_` refers to the n-th `.. [#]` (and `[*]_` to `.. [*]`).
    fn number_rest_footnotes(&mut self) {
        let auto = |key: &str| key == "#" || key == "*";
        if !self
            .notes
            .iter()
            .any(|n| n.style == LabelStyle::Footnote && auto(&n.key))
        {
            return;
        }
        let mut counts = [0u32; 2];
        for note in &mut self.notes {
            if note.style == LabelStyle::Footnote && auto(&note.key) {
                let slot = usize::from(&*note.key == "*");
                counts[slot] += 1;
                note.key = compact_str::format_compact!("{}{}", note.key, counts[slot]);
            }
        }
        let mut counts = [0u32; 2];
        for marker in &mut self.markers {
            if marker.style == MarkerStyle::Footnote && auto(&marker.key) {
                let slot = usize::from(&*marker.key == "*");
                counts[slot] += 1;
                marker.key = compact_str::format_compact!("{}{}", marker.key, counts[slot]);
            }
        }
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

/// Of the notes with the right key, the one in the first notes section that
/// follows the marker; failing that, the last one before it. Documents with
/// one list of notes per chapter number each list from 1.
fn best_candidate(
    sections: &[Section],
    notes: &[NoteDef],
    candidates: &[NoteId],
    at: usize,
) -> Option<NoteId> {
    if let [only] = candidates {
        return Some(*only);
    }
    let section_start = |i: usize| {
        sections
            .get(notes[i].section)
            .map_or(notes[i].range.start, |s| s.range.start)
    };
    candidates
        .iter()
        .copied()
        .filter(|&i| section_start(i) >= at || notes[i].range.start > at)
        .min_by_key(|&i| (section_start(i), notes[i].range.start))
        .or_else(|| {
            candidates
                .iter()
                .rev()
                .copied()
                .find(|&i| notes[i].range.start <= at)
        })
        .or_else(|| candidates.first().copied())
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
    }
}

impl MarkerRef {
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

/// The notes that share one key, in document order.
enum Candidates {
    One(NoteId),
    Many(Vec<NoteId>),
}

impl Candidates {
    fn push(&mut self, id: NoteId) {
        match self {
            Candidates::One(first) => *self = Candidates::Many(vec![*first, id]),
            Candidates::Many(ids) => ids.push(id),
        }
    }

    /// The latest note pushed.
    fn last(&self) -> NoteId {
        match self {
            Candidates::One(id) => *id,
            Candidates::Many(ids) => ids.last().copied().unwrap_or_default(),
        }
    }

    fn ids(&self) -> &[NoteId] {
        match self {
            Candidates::One(id) => std::slice::from_ref(id),
            Candidates::Many(ids) => ids,
        }
    }
}

/// Reads one block, with offsets relative to its start.
pub(crate) fn read_block(text: &str, block: Node<'_>) -> Part {
    let start = block.start_byte();
    let mut builder = Builder {
        text,
        part: Part::default(),
        note_stack: None,
        note_code: Vec::new(),
    };
    builder.walk(block);
    let mut part = builder.part;
    part.moved(|at| at - start);
    part.shrink_to_fit();
    part
}

impl Part {
    /// Gives back what growing the lists reserved: a section's part stays
    /// in the cache for as long as the section is unchanged.
    fn shrink_to_fit(&mut self) {
        self.markers.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.prose.shrink_to_fit();
        self.author_dates.shrink_to_fit();
    }
}

/// Reads one block.
struct Builder<'a> {
    text: &'a str,
    part: Part,
    /// The note being walked (its number in the part), and where it ends.
    note_stack: Option<(NoteId, usize)>,
    /// Fenced code inside the note being walked: a Markdown note's
    /// indented lines may hold a fence, whose footnote syntax is an example.
    note_code: Vec<Range<usize>>,
}

impl<'a> Builder<'a> {
    /// Walks a block in document order without recursion.
    fn walk(&mut self, block: Node<'_>) {
        let mut cursor = block.walk();
        'outer: loop {
            let node = cursor.node();
            let descend = self.visit(node);
            if descend && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node().id() == block.id() {
                    break 'outer;
                }
                if cursor.goto_next_sibling() {
                    continue 'outer;
                }
                if !cursor.goto_parent() {
                    break 'outer;
                }
            }
        }
    }

    /// The text of `node`; the lifetime is the text's, not the builder's.
    fn slice(&self, node: Node<'_>) -> &'a str {
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    /// Records `node`; says whether its children are worth visiting.
    fn visit(&mut self, node: Node<'_>) -> bool {
        if let Some((_, end)) = self.note_stack
            && node.start_byte() >= end
        {
            self.note_stack = None;
        }
        match node.kind() {
            kinds::TABLE
            | kinds::TABLE_ROW
            | kinds::NOTE_BODY
            | kinds::EMPHASIS
            | kinds::QUOTED_TITLE => true,
            kinds::HEADING => {
                self.heading(node);
                true
            }
            kinds::PARAGRAPH | kinds::TABLE_NOTE | kinds::TABLE_CAPTION | kinds::TABLE_CELL => {
                if self.note_stack.is_none() {
                    self.prose(node);
                }
                true
            }
            kinds::NOTE => {
                self.note(node);
                true
            }
            kinds::MARKER => {
                self.marker(node);
                false
            }
            _ => false,
        }
    }

    fn heading(&mut self, node: Node<'_>) {
        let text = self.slice(node).trim().to_string();
        let mut level = 1u8;
        let mut child = node.walk();
        for c in node.children(&mut child) {
            match c.kind() {
                kinds::ATX_MARKER => level = u8::try_from(self.slice(c).len()).unwrap_or(6),
                kinds::HEADING_NUMBER => {
                    let number = self.slice(c).trim_end_matches('.');
                    level = u8::try_from(number.split('.').count()).unwrap_or(6);
                }
                _ => {}
            }
        }
        self.part.headings.push(HeadingEntry {
            range: node.start_byte()..node.end_byte(),
            text: text.into(),
            level,
            opens_notes: false,
        });
    }

    fn prose(&mut self, node: Node<'_>) {
        let range = node.start_byte()..node.end_byte();
        let text = self.slice(node);
        self.part.author_dates.extend(
            prose::author_dates(text)
                .into_iter()
                .map(|r| r.shifted(range.start)),
        );
        let dangling_contacts = prose::dangling_contacts(text)
            .into_iter()
            .map(|r| range.start + r.start..range.start + r.end)
            .collect();
        let lost_urls = prose::lost_urls(text)
            .into_iter()
            .map(|r| range.start + r.start..range.start + r.end)
            .collect();
        self.part.prose.push(Prose {
            range,
            dangling_contacts,
            lost_urls,
        });
    }

    fn note(&mut self, node: Node<'_>) {
        let id = self.part.notes.len();
        let Some(label) = node.child_by_field_name("label") else {
            return;
        };
        let label_text = self.slice(label);
        let style = label_style(label_text);
        let (key, key_rel) = if style == LabelStyle::Backlink {
            // Numbered by its place once the section is known.
            (String::new(), 0..label_text.len())
        } else if let Some(inner) = rest_label(label_text) {
            // `.. [#]`, `.. [1]`, `.. [#label]`: a reStructuredText footnote,
            // keyed by what its brackets hold (an auto-number is given its
            // place once the index is whole).
            let at = label_text.find('[').map_or(0, |i| i + 1);
            (inner.to_owned(), at..at + inner.len())
        } else if style == LabelStyle::Symbol {
            let mark = label_text.trim();
            let at = label_text.len() - label_text.trim_start().len();
            (mark.to_owned(), at..at + mark.len())
        } else {
            let Some(key) = label_key(label_text) else {
                return;
            };
            key
        };
        let body = node.child_by_field_name("body");
        self.note_code.clear();
        if style == LabelStyle::Footnote
            && let Some(body) = body
        {
            fenced_ranges(self.slice(body), body.start_byte(), &mut self.note_code);
        }
        let citations = match body {
            Some(body) => {
                let text = self.slice(body);
                Arc::new(citations::parse_note(text, &inline_spans(body)))
            }
            None => Arc::new(Vec::new()),
        };
        let note = NoteDef {
            key: key.into(),
            range: node.start_byte()..node.end_byte(),
            label_range: label.start_byte()..label.end_byte(),
            key_range: label.start_byte() + key_rel.start..label.start_byte() + key_rel.end,
            body_range: body.map(|b| b.start_byte()..b.end_byte()),
            style,
            section: 0,
            citations,
            citations_id: CITATIONS_READ.fetch_add(1, Ordering::Relaxed),
        };
        // `[2],[3] text`: one note for two labels, each of which its
        // markers find.
        if style == LabelStyle::Bracket && label_text.contains("],") {
            for (key, rel) in combined_keys(label_text).into_iter().skip(1) {
                let mut also = note.clone();
                also.key = key.into();
                also.key_range = label.start_byte() + rel.start..label.start_byte() + rel.end;
                self.part.notes.push(also);
            }
            self.part.notes.insert(id, note);
        } else {
            self.part.notes.push(note);
        }
        self.note_stack = Some((id, node.end_byte()));
    }

    fn marker(&mut self, node: Node<'_>) {
        let Some(token) = node.named_child(0) else {
            return;
        };
        let style = match token.kind() {
            kinds::BRACKET_MARKER | kinds::BRACKET_LIST_MARKER => MarkerStyle::Bracket,
            kinds::SUPERSCRIPT_MARKER => MarkerStyle::Superscript,
            kinds::SYMBOL_MARKER => MarkerStyle::Symbol,
            kinds::REST_FOOTNOTE_MARKER => MarkerStyle::Footnote,
            kinds::FOOTNOTE_MARKER => MarkerStyle::Footnote,
            kinds::INLINE_NOTE => MarkerStyle::InlineNote,
            kinds::CITATION_MARKER => MarkerStyle::Citation,
            _ => return,
        };
        let start = node.start_byte();
        if self.note_stack.is_some() && self.note_code.iter().any(|c| c.contains(&start)) {
            return;
        }
        let range = start..node.end_byte();
        let in_note = self.note_stack.map(|(id, _)| id);
        let text = self.slice(node);
        let keys = match style {
            MarkerStyle::InlineNote | MarkerStyle::Citation => vec![(String::new(), 0..text.len())],
            MarkerStyle::Symbol => vec![(text.to_owned(), 0..text.len())],
            MarkerStyle::Footnote if text.ends_with("]_") => {
                let inner = &text[1..text.len() - 2];
                vec![(inner.to_owned(), 1..1 + inner.len())]
            }
            _ => label_keys(text),
        };
        let in_list = keys.len() > 1;
        for (key, rel) in keys {
            self.part.markers.push(MarkerRef {
                key: key.into(),
                range: range.clone(),
                key_range: start + rel.start..start + rel.end,
                style,
                in_list,
                in_note,
                target: None,
            });
        }
    }
}

/// The fenced code blocks in a note body (its lines indented, as a Markdown
/// note's continuation is), as ranges from `base`: from a line that opens
/// with ```` ``` ```` or `~~~` to the line that closes it, or the body's end.
fn fenced_ranges(body: &str, base: usize, out: &mut Vec<Range<usize>>) {
    if !body.contains("```") && !body.contains("~~~") {
        return;
    }
    let mut open: Option<(usize, &str)> = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (open, fence) {
            (None, Some(f)) => open = Some((at, f)),
            (Some((start, f)), Some(g)) if f == g => {
                out.push(base + start..base + at + line.len());
                open = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some((start, _)) = open {
        out.push(base + start..base + body.len());
    }
}

/// What the brackets of a reStructuredText footnote label hold: `#` in
/// `.. [#]`, `1` in `.. [1]`.
fn rest_label(label: &str) -> Option<&str> {
    label.trim().strip_prefix(".. [")?.strip_suffix(']')
}

/// The keys of a label that joins several (`[2],[3]`), each with its range
/// in the label.
fn combined_keys(label: &str) -> Vec<(String, Range<usize>)> {
    let mut keys = Vec::new();
    let mut at = 0;
    while let Some(open) = label[at..].find('[') {
        let start = at + open;
        if let Some((key, rel)) = label_key(&label[start..]) {
            keys.push((key, start + rel.start..start + rel.end));
        }
        at = label[start..]
            .find(']')
            .map_or(label.len(), |close| start + close + 1);
    }
    keys
}

/// Whether the marker at `range` stands in quotation marks of its own:
/// `"[1]"`, `“[1]”`, `` `[1]` ``.
fn quoted(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).and_then(|t| t.chars().next_back());
    let after = text.get(range.end..).and_then(|t| t.chars().next());
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('\''), Some('\''))
            | (Some('‘'), Some('’'))
    )
}

/// The anchor a marker links to, without its `#fn` (`-109:1` in
/// `[1](#fn-109:1)`, `1` in `[1](#fn1)`), or that a note's backlink links
/// back to, without its `#fnref` (`[↩](#fnref-109:1)`).
fn anchor_after<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let at = text.find(prefix)? + prefix.len();
    let id = &text[at..at + text[at..].find(')')?];
    (!id.is_empty() && id.len() <= 40).then_some(id)
}

/// The style of a note label, from its text.
fn label_style(label: &str) -> LabelStyle {
    let inner = label.trim();
    if inner.starts_with(".. [") {
        LabelStyle::Footnote
    } else if inner.starts_with(['†', '‡']) {
        LabelStyle::Symbol
    } else if inner.starts_with(['^', '↑'])
        || inner
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("jump up"))
    {
        LabelStyle::Backlink
    } else if inner.contains("[^") {
        LabelStyle::Footnote
    } else if inner.contains('[') {
        if inner.chars().any(is_superscript_digit) {
            LabelStyle::Superscript
        } else {
            LabelStyle::Bracket
        }
    } else if inner.chars().any(is_superscript_digit) {
        LabelStyle::Superscript
    } else {
        LabelStyle::Numbered
    }
}

pub fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴'..='⁹')
}

/// Titles (outermost quotations and emphasis) and links inside a note body,
/// relative to its start.
fn inline_spans(body: Node<'_>) -> InlineSpans {
    let base = body.start_byte();
    let mut spans = InlineSpans::default();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            let rel = child.start_byte() - base..child.end_byte() - base;
            match child.kind() {
                kinds::QUOTED_TITLE | kinds::EMPHASIS => {
                    let style = if child.kind() == kinds::QUOTED_TITLE {
                        TitleStyle::Quoted
                    } else {
                        TitleStyle::Emphasis
                    };
                    let mut inner = rel.clone();
                    let mut c = child.walk();
                    let delimiters: Vec<Node<'_>> = child
                        .named_children(&mut c)
                        .filter(|d| d.kind().ends_with("_delimiter"))
                        .collect();
                    if let Some(open) = delimiters
                        .first()
                        .filter(|d| d.start_byte() == child.start_byte())
                    {
                        inner.start = open.end_byte() - base;
                    }
                    if let Some(close) = delimiters
                        .last()
                        .filter(|d| d.end_byte() == child.end_byte() && delimiters.len() > 1)
                    {
                        inner.end = close.start_byte() - base;
                    }
                    spans.titles.push(TitleSpan {
                        range: rel,
                        inner,
                        style,
                    });
                    // Links inside a title still count as links.
                    let mut c = child.walk();
                    for inner_child in child.named_children(&mut c) {
                        if matches!(inner_child.kind(), kinds::URL | kinds::DOI) {
                            spans.links.push(
                                inner_child.start_byte() - base..inner_child.end_byte() - base,
                            );
                        }
                    }
                }
                kinds::URL | kinds::DOI => spans.links.push(rel),
                _ => stack.push(child),
            }
        }
    }
    spans.titles.sort_by_key(|t| t.range.start);
    spans.links.sort_by_key(|l| l.start);
    spans
}
