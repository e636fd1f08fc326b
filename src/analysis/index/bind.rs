//! Binds markers to the notes they refer to, once every block is read:
//! which note a number means depends on the whole document (the notes
//! sections after the marker, the anchors an export links, the lists nothing
//! else cites).

use crate::analysis::text::token_has;
use std::ops::Range;

use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Index, LabelStyle, MarkerRef, MarkerStyle, NoteDef, NoteId, Section};

impl Index {
    pub(super) fn finish(&mut self, text: &str) {
        self.number_backlinks();
        self.number_rest_footnotes();
        let numbered_notes = self.notes.iter().any(|n| n.style == LabelStyle::Numbered);
        if numbered_notes {
            self.number_lazy_lists();
        }
        let superscript_notes = self
            .notes
            .iter()
            .any(|n| n.style == LabelStyle::Superscript);
        // `[“An essay”][1]`: the label of a Markdown reference link is no
        // sign that the notes are cited in brackets.
        let bracket_markers = self
            .markers
            .iter()
            .any(|m| m.style == MarkerStyle::Bracket && !after_link_text(text, m.range.start));
        self.superscripts_are_markers = superscript_notes || (numbered_notes && !bracket_markers);
        if !self.superscripts_are_markers {
            self.markers.retain(|m| m.style != MarkerStyle::Superscript);
        }
        self.bind(text);
        self.bind_by_anchor(text);
        self.drop_reference_links(text);
        self.drop_implausible(text);
        self.join_ranges(text);
        self.bind_bare_numbers(text);
    }

    /// Binds every marker to the note it refers to.
    fn bind(&mut self, text: &str) {
        // Notes by (namespace, key), in document order. Most keys name one
        // note: no list is allocated for them (this runs on every keystroke).
        // Beside it, for each note the first note of its section with the
        // same label: candidates are in document order, so a repeated label
        // continues the group of the one before it when in the same section.
        //
        // Numbers are one namespace, but for a document that writes notes
        // both as superscripts and with escaped brackets (`¹` and `\[1\]`,
        // an export of footnotes beside a list of references): there each
        // is its own.
        let split = self.notes.iter().any(|n| n.escaped)
            && self
                .notes
                .iter()
                .any(|n| n.style == LabelStyle::Superscript);
        // So are superscripts in a document that keeps two lists of notes,
        // one labelled `[1]` and one `¹` (an author's notes and a
        // translator's).
        self.two_note_lists = self.two_lists_of_notes();
        let two_lists = self.two_note_lists;
        let space = |numeric: bool, escaped: bool, superscript: bool| -> u8 {
            if !numeric {
                0
            } else if escaped && split {
                2
            } else if superscript && two_lists {
                3
            } else {
                1
            }
        };
        let lists = self.numbered_lists(text);
        let list = |id: NoteId| lists.as_ref().map_or(0, |l| l[id]);
        let mut by_key: FxHashMap<(u8, &str), Candidates> = FxHashMap::default();
        by_key.reserve(self.notes.len());
        let mut first_of_label: Vec<NoteId> = Vec::with_capacity(self.notes.len());
        for (id, note) in self.notes.iter().enumerate() {
            let mut first = id;
            let numeric = note.is_numeric();
            let key = if numeric {
                unpadded(&note.key)
            } else {
                &note.key
            };
            by_key
                .entry((
                    space(numeric, note.escaped, note.style == LabelStyle::Superscript),
                    key,
                ))
                .and_modify(|c| {
                    let last = c.last();
                    // A Markdown footnote's label names one note in the
                    // whole document (a renderer keeps the first
                    // definition); other labels restart with each list.
                    let footnotes = note.style == LabelStyle::Footnote
                        && self.notes[last].style == LabelStyle::Footnote;
                    if footnotes
                        || (self.notes[last].section == note.section && list(last) == list(id))
                    {
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
                MarkerStyle::Bracket | MarkerStyle::Superscript | MarkerStyle::Bare => by_key
                    .get(&(
                        space(
                            true,
                            marker.escaped,
                            marker.style == MarkerStyle::Superscript,
                        ),
                        unpadded(&marker.key),
                    ))
                    .and_then(|c| {
                        best_candidate(&self.sections, &self.notes, c.ids(), marker.range.start)
                    }),
                MarkerStyle::Footnote => by_key
                    .get(&(0, &*marker.key))
                    .and_then(|c| c.ids().first().copied()),
                // A dagger means the next dagger note: lists restart their
                // marks as they restart their numbers.
                MarkerStyle::Symbol => by_key.get(&(0, &*marker.key)).and_then(|c| {
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

    /// Whether the document keeps two lists of numbered notes, one
    /// labelled with brackets (`[1]`) and one with superscripts (`¹`),
    /// whose numbers meet: each list's markers are written as its labels.
    fn two_lists_of_notes(&self) -> bool {
        let numbers = |style: LabelStyle| -> FxHashSet<&str> {
            self.notes
                .iter()
                .filter(|n| n.style == style)
                .map(|n| unpadded(&n.key))
                .collect()
        };
        let superscript = numbers(LabelStyle::Superscript);
        !superscript.is_empty() && {
            let bracket = numbers(LabelStyle::Bracket);
            superscript.iter().any(|k| bracket.contains(k))
        }
    }

    /// Tells apart the lists of numbered notes (`1.`) within a section,
    /// where text that is no note stands between a note and the next and
    /// the numbers start again (`1.`, `2.`, then a paragraph, then `1.`):
    /// two Markdown lists, whose repeated numbers are no duplicates. `None`
    /// where no section starts again so (most documents).
    fn numbered_lists(&self, text: &str) -> Option<Vec<u32>> {
        // Keys of numbered notes are digits: the shorter is the smaller,
        // and of two as long, the one first in byte order (no parsing:
        // this runs over every pair of notes on every keystroke).
        let not_above = |b: &str, a: &str| (b.len(), b.as_bytes()) <= (a.len(), a.as_bytes());
        // What stands between two notes is most often a line break or two:
        // looked at before the keys.
        let restarts = |(a, b): (&NoteDef, &NoteDef)| {
            a.style == LabelStyle::Numbered
                && b.style == LabelStyle::Numbered
                && a.section == b.section
                && text
                    .get(a.range.end..b.range.start)
                    .is_some_and(|between| !between.trim().is_empty())
                && not_above(&b.key, &a.key)
        };
        let pairs = || self.notes.iter().zip(self.notes.iter().skip(1));
        if !pairs().any(restarts) {
            return None;
        }
        let mut list = 0;
        let mut lists = Vec::with_capacity(self.notes.len());
        lists.push(0);
        for pair in pairs() {
            list += u32::from(restarts(pair));
            lists.push(list);
        }
        Some(lists)
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
        let linked = |m: &MarkerRef| m.style == MarkerStyle::Bracket && m.link.anchor;
        if !self.markers.iter().any(linked) {
            return;
        }
        let mut by_anchor: FxHashMap<&str, NoteId> = FxHashMap::default();
        let mut linked_labels: FxHashMap<&str, Vec<NoteId>> = FxHashMap::default();
        let mut footnotes: FxHashMap<&str, NoteId> = FxHashMap::default();
        for (id, note) in self.notes.iter().enumerate() {
            if note.style == LabelStyle::Footnote {
                footnotes.entry(&note.key).or_insert(id);
            }
            if let Some(body) = note.body_range.as_ref().and_then(|r| text.get(r.clone()))
                && let Some(anchor) = anchor_after(body, "(#fnref")
            {
                by_anchor.entry(anchor).or_insert(id);
            }
            let label = text.get(note.range.start..note.body_start()).unwrap_or("");
            if note.is_numeric() && (token_has(label, "](#") || token_has(label, "<a ")) {
                linked_labels.entry(&note.key).or_default().push(id);
            }
        }
        for marker in &mut self.markers {
            if !linked(marker) {
                continue;
            }
            let token = text.get(marker.range.clone()).unwrap_or("");
            if let Some(anchor) = anchor_after(token, "(#fn")
                && let Some(&id) = by_anchor.get(anchor)
            {
                marker.target = Some(id);
            } else if let Some(label) = anchor_after(token, "(#user-content-fn-")
                && let Some(&id) = footnotes.get(label)
            {
                // GitHub and GitBook name the anchor of `[^label]` so: a
                // copy of the page shows the note's number as a link to it
                // beside (or instead of) the footnote reference.
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

    /// Drops the bracket markers that are Markdown reference links. A
    /// document that defines link labels (`[1]: https://example.com`) links
    /// with them: `[1]`, `[text][1]`, and the text of such a link (`[4]` in
    /// `[4][1]`) is no marker either. Only markers that no note explains go:
    /// a note labelled `[1]` is cited by `[1]`, whatever a link says.
    fn drop_reference_links(&mut self, text: &str) {
        // A definition is read as a note when a space follows its colon
        // (`[1]: https://…`, which its markers then cite), as a marker when
        // none does (`[1]:https://…`).
        let defined: FxHashSet<CompactString> = self
            .markers
            .iter()
            .filter(|m| m.style == MarkerStyle::Bracket && !m.in_list)
            .map(|m| (&m.key, &m.range))
            .chain(
                self.notes
                    .iter()
                    .filter(|n| n.style == LabelStyle::Bracket)
                    .map(|n| (&n.key, &n.key_range)),
            )
            .filter(|(_, range)| defines_link(text, range))
            .map(|(key, _)| key.clone())
            .collect();
        if defined.is_empty() {
            return;
        }
        let link_label = |at: usize| {
            let rest = text.get(at..).unwrap_or("");
            rest.starts_with("[]")
                || rest
                    .strip_prefix('[')
                    .and_then(|r| r.split_once(']'))
                    .is_some_and(|(label, _)| defined.contains(label))
        };
        self.markers.retain(|m| {
            m.target.is_some()
                || m.style != MarkerStyle::Bracket
                || !(defined.contains(&m.key) || link_label(m.range.end))
        });
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
            .filter(|n| {
                matches!(
                    n.style,
                    LabelStyle::Numbered | LabelStyle::Bracket | LabelStyle::Unlabelled
                )
            })
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
        self.bind(text);
    }

    /// Drops the bracket markers that no note explains and that no note
    /// list would number so: `arr[0]`, `node-[01-04]`, `[2025]` in a title,
    /// `[2022, 12, 31]`, or that are quoted as text (`markers in the form
    /// "[1]"`). Notes are numbered from 1 and without leading zeros, and a
    /// document with a thousand notes has a note for a four-digit marker;
    /// a year or an index has none.
    fn drop_implausible(&mut self, text: &str) {
        // A dagger where no note is marked with one is a character of the
        // text: a typographer's mark, or `†` in mojibake (`â†’` for `→`).
        let dagger_notes = self.notes.iter().any(|n| n.style == LabelStyle::Symbol);
        let stray_dagger =
            |m: &MarkerRef| m.style == MarkerStyle::Symbol && m.target.is_none() && !dagger_notes;
        // Read only where a bracket is left unbound: a keystroke elsewhere
        // scans no text for code blocks.
        let unbound = self
            .markers
            .iter()
            .any(|m| m.target.is_none() && m.style == MarkerStyle::Bracket);
        let liquid = if unbound {
            verbatim_blocks(text)
        } else {
            Vec::new()
        };
        // YAML front matter is the document's settings, not its text: a
        // `[1]` there is a LaTeX macro's argument count or a list.
        let front = crate::analysis::front_matter::range(text).map_or(0, |r| r.end);
        // With no numbered note at all, one or two bracketed numbers other
        // than `[1]` point back into the text (`as in [2], above`) or into
        // a quoted passage. A text whose notes were lost (a report cut off
        // before its sources) cites more of them.
        let no_numbered_notes = unbound && !self.notes.iter().any(NoteDef::is_numeric);
        let cross_references = no_numbered_notes && {
            let mut brackets = self
                .markers
                .iter()
                .filter(|m| m.style == MarkerStyle::Bracket);
            brackets.clone().count() <= 2 && !brackets.any(|m| m.key == "1")
        };
        // Read only for an unbound list: a keystroke elsewhere parses no
        // note's number.
        let highest = std::cell::OnceCell::new();
        let highest_note = || {
            *highest.get_or_init(|| {
                self.notes
                    .iter()
                    .filter(|n| n.is_numeric())
                    .filter_map(|n| n.key.parse::<u32>().ok())
                    .max()
                    .unwrap_or(0)
            })
        };
        // Read only for a marker glued to a name: one pass over the text
        // for all of them, not one a marker.
        let zero = std::cell::OnceCell::new();
        let indexed_at_zero = |start: usize| {
            let name = glued_name(text, start);
            !name.is_empty()
                && zero
                    .get_or_init(|| names_indexed_at_zero(text))
                    .contains(name)
        };
        let implausible = |m: &MarkerRef| {
            m.range.start < front
                || stray_dagger(m)
                || (m.style == MarkerStyle::Bracket && defines_a_sign(text, &m.range))
                // Notes count from one: an unbound `⁰` is an icon or a
                // power of ten, never a note's number.
                || (m.style == MarkerStyle::Superscript
                    && m.target.is_none()
                    && (m.key.starts_with('0') || raises_a_number(text, &m.range)))
                || (m.style == MarkerStyle::Bracket
                    && m.link.anchor
                    && links_elsewhere(text, &m.range))
                || m.target.is_none()
                    && m.style == MarkerStyle::Bracket
                    && (m.key.len() >= 4
                        || m.key.starts_with('0')
                        || quoted(text, &m.range)
                        || named_reference(text, m.range.start)
                        || indexes_a_name(text, &m.range)
                        || indexed_at_zero(m.range.start)
                        // The label of a quoted note (`>   [1] Glöckle, …`).
                        || opens_a_quoted_note(text, &m.range)
                        // A Pandoc span with its classes (`[170]{.rt-count}`).
                        || text.get(m.range.end..).is_some_and(|r| r.starts_with("{."))
                        || counts_a_command_arguments(text, m.range.start)
                        || labels_something_else(text, &m.range)
                        // The whole text of a link out of the page (a
                        // wiki's `<a href="https://…" class="external
                        // autonumber">[1]</a>`) numbers the link.
                        || crate::analysis::text::html_link_of(text, &m.range)
                            .is_some_and(|href| href.starts_with("http"))
                        || names_a_value(text, m.range.start)
                        || in_math(text, &m.range)
                        || in_quotation(text, &m.range)
                        || subdivides_a_section(text, m.range.start)
                        || (m.link.web
                            && (!web_link_names_a_note(text, &m.range)
                                || crate::analysis::text::in_block_quote(text, m.range.start)))
                        || in_doctest(text, m.range.start)
                        || names_a_link_label(text, m.range.end)
                        || in_ranges(&liquid, m.range.start)
                        || shows_a_note_link(text, m.range.end)
                        || lists_pages(text, &m.range)
                        || (cross_references && m.key != "1" && set_apart(text, m))
                        || (no_numbered_notes && datum(text, &m.range)))
                // A vector names its numbers whether or not notes have them.
                || (m.in_list
                    && m.style == MarkerStyle::Bracket
                    && repeats_a_number(text, &m.range))
                // A list of numbers no note has and in no order, or far
                // past the notes there are: a box's coordinates
                // (`[[205, 132, 790, 157]]`), an interval (`[640, 800]`).
                || (m.in_list
                    && m.target.is_none()
                    && m.style == MarkerStyle::Bracket
                    && lists_other_numbers(&self.markers, m, highest_note()))
                || (m.target.is_none()
                    && m.style == MarkerStyle::Footnote
                    && character_class(text, &m.range))
                || (m.target.is_none() && m.preformatted)
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

    /// Reads two markers joined by a dash or a word (`[3]–[6]`, as IEEE
    /// style writes a range, or `[01] through [15]`) as the range they
    /// span: the notes between are cited too, and the range is one
    /// citation, in order, as `[3–6]` would be. Only where both ends are
    /// notes of one section: elsewhere the two stay what they were.
    fn join_ranges(&mut self, text: &str) {
        let joined = |a: &MarkerRef, b: &MarkerRef| -> Option<(u32, u32)> {
            if a.style != MarkerStyle::Bracket
                || b.style != MarkerStyle::Bracket
                || a.in_list
                || b.in_list
                || a.escaped != b.escaped
                || a.in_note != b.in_note
                || a.range.end >= b.range.start
                || b.range.start - a.range.end > 12
            {
                return None;
            }
            let (from, to) = (a.target?, b.target?);
            if self.notes[from].section != self.notes[to].section {
                return None;
            }
            let first: u32 = unpadded(&a.key).parse().ok()?;
            let last: u32 = unpadded(&b.key).parse().ok()?;
            let between = text.get(a.range.end..b.range.start)?.trim();
            (last > first + 1 && last - first <= 200 && RANGE_WORDS.contains(&between))
                .then_some((first, last))
        };
        // Most markers stand far apart: that test alone, before the rest.
        if !self.markers.windows(2).any(|w| {
            w[0].range.end < w[1].range.start
                && w[1].range.start - w[0].range.end <= 12
                && joined(&w[0], &w[1]).is_some()
        }) {
            return;
        }
        let mut markers = Vec::with_capacity(self.markers.len() + 16);
        let mut old = std::mem::take(&mut self.markers).into_iter().peekable();
        let mut keys: Option<(usize, FxHashMap<&str, NoteId>)> = None;
        while let Some(mut a) = old.next() {
            let Some((first, last)) = old.peek().and_then(|b| joined(&a, b)) else {
                markers.push(a);
                continue;
            };
            let Some(mut b) = old.next() else {
                markers.push(a);
                continue;
            };
            let whole = a.range.start..b.range.end;
            let connector = a.range.end..b.range.start;
            let section = a.target.map_or(0, |t| self.notes[t].section);
            // The section's notes by number, read once for all its ranges.
            if keys.as_ref().is_none_or(|(s, _)| *s != section) {
                let by_number = self
                    .sections
                    .get(section)
                    .map(|s| {
                        s.notes
                            .iter()
                            .rev()
                            .filter(|&&id| self.notes[id].is_numeric())
                            .map(|&id| (unpadded(&self.notes[id].key), id))
                            .collect()
                    })
                    .unwrap_or_default();
                keys = Some((section, by_number));
            }
            let by_number = keys.as_ref().map(|(_, k)| k);
            let inner: Vec<MarkerRef> = (first + 1..last)
                .map(|n| {
                    let key = compact_str::format_compact!("{n}");
                    let target = by_number.and_then(|k| k.get(key.as_str()).copied());
                    MarkerRef {
                        key,
                        range: whole.clone(),
                        key_range: connector.clone(),
                        target,
                        ..a.clone()
                    }
                })
                .collect();
            a.range = whole.clone();
            a.in_list = true;
            b.range = whole;
            b.in_list = true;
            markers.push(a);
            markers.extend(inner);
            markers.push(b);
        }
        self.markers = markers;
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

    /// Numbers by place the notes of a section written as a Markdown list
    /// that repeats one number on every item (`1.`, `1.`, `1.`): Markdown
    /// renders such a list 1, 2, 3, and readers cite the items by those
    /// numbers. A list whose numbers merely slip keeps what it wrote.
    fn number_lazy_lists(&mut self) {
        let Index {
            notes, sections, ..
        } = self;
        for section in sections.iter() {
            let numbered = || {
                section
                    .notes
                    .iter()
                    .copied()
                    .filter(|&id| notes[id].style == LabelStyle::Numbered)
            };
            let mut keys = numbered().map(|id| &notes[id].key).peekable();
            let Some(first) = keys.next() else {
                continue;
            };
            // Two items at least, every one with the first's number.
            if keys.peek().is_none() || !keys.all(|key| key == first) {
                continue;
            }
            let Ok(start) = first.parse::<u32>() else {
                continue;
            };
            let ids: Vec<NoteId> = numbered().collect();
            for (place, id) in (start..).zip(ids) {
                notes[id].key = compact_str::format_compact!("{place}");
                notes[id].by_place = true;
            }
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
}

/// Of the notes with the right key, the one in the first notes section that
/// follows the marker; failing that, the last one before it. Documents with
/// one list of notes per chapter number each list from 1.
///
/// The candidates are in document order, and so are their sections, so
/// both measures below rise along the list: the first candidate that
/// follows the marker is the nearest, and a binary search finds it. A
/// scan per marker made binding quadratic where a document numbers each of
/// many lists from 1 (a file of a hundred pasted AI reports).
pub(super) fn best_candidate(
    sections: &[Section],
    notes: &[NoteDef],
    candidates: &[NoteId],
    at: usize,
) -> Option<NoteId> {
    if let [only] = candidates {
        return Some(*only);
    }
    debug_assert!(
        candidates
            .windows(2)
            .all(|w| notes[w[0]].range.start <= notes[w[1]].range.start),
        "candidates out of document order"
    );
    let section_start = |i: usize| {
        sections
            .get(notes[i].section)
            .map_or(notes[i].range.start, |s| s.range.start)
    };
    let follows = |i: usize| section_start(i) >= at || notes[i].range.start > at;
    // Where none follows, every candidate starts at or before the marker.
    let first_after = candidates.partition_point(|&i| !follows(i));
    candidates
        .get(first_after)
        .or_else(|| candidates.last())
        .copied()
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

/// Whether the bracket at `range` opens a Markdown link reference
/// definition: at the start of a line (indented less than a code block),
/// followed by a colon and a link destination.
/// Whether the list marker `m` belongs to names numbers that no list of
/// citations would: out of order (`[205, 132, 790, 157]`, a box's
/// coordinates), or all far past the highest note (`[640, 800]` pixels).
fn lists_other_numbers(markers: &[MarkerRef], m: &MarkerRef, highest_note: u32) -> bool {
    // Markers are in document order: the list's keys lie together.
    let first = markers.partition_point(|o| o.range.start < m.range.start);
    let keys: Vec<u32> = markers[first..]
        .iter()
        .take_while(|o| o.range.start == m.range.start)
        .filter(|o| o.range == m.range && o.in_list)
        .filter_map(|o| o.key.parse().ok())
        .collect();
    let unordered = keys.windows(2).any(|w| w[0] >= w[1]);
    let beyond = keys
        .iter()
        .min()
        .is_some_and(|&low| low > highest_note.saturating_mul(2) + 10);
    unordered || beyond
}

/// What may join two markers into a range, once trimmed: dashes, and the
/// word for "to" or "through" in the languages notes are written in.
const RANGE_WORDS: &[&str] = &[
    "–", "-", "—", "‒", "−", "~", "～", "〜", "to", "through", "thru", "bis", "à", "a", "al",
    "tot", "t/m", "do", "до", "по", "至",
];

/// A number without the zeros a table of notes pads it with (`[01]` is
/// note 1): a document may pad its markers and not its notes, or the other
/// way round, and a reader takes both for the same number.
pub(crate) fn unpadded(key: &str) -> &str {
    // Asked of every key on every keystroke: most start with no zero.
    if key.as_bytes().first() != Some(&b'0') {
        return key;
    }
    let trimmed = key.trim_start_matches('0');
    if trimmed.len() == key.len() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        key
    } else if trimmed.is_empty() {
        "0"
    } else {
        trimmed
    }
}

fn defines_link(text: &str, range: &Range<usize>) -> bool {
    // `range` is a marker's token or a note's key: widen a key to its
    // brackets.
    let open = text
        .get(..range.start)
        .map_or(range.start, |t| t.len() - usize::from(t.ends_with('[')));
    let close = range.end + usize::from(text.get(range.end..).is_some_and(|t| t.starts_with(']')));
    // Most brackets have no colon after them: decided before the line is
    // looked at.
    let Some(rest) = text.get(close..).and_then(|t| t.strip_prefix(':')) else {
        return false;
    };
    let line_start = text
        .get(..open)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let indent = text.get(line_start..open).unwrap_or("x");
    if indent.len() > 3 || !indent.bytes().all(|b| b == b' ') {
        return false;
    }
    let destination = rest.trim_start_matches([' ', '\t']);
    [
        "http://", "https://", "www.", "<", "/", "./", "../", "#", "mailto:",
    ]
    .iter()
    .any(|p| destination.starts_with(p))
}

/// Whether the marker at `range` is a link to an anchor that is no note's:
/// a table of contents' page number (`[2](#h.2gk743bl4yws)`, a Google Docs
/// heading), a section number. A note's anchor names it (`#fn1`,
/// `#ftnt1`, `#cite_note-3`, `#ref-2`) or is a bare number (`#1`).
/// Whether a label follows at `end` that makes the bracket before it the
/// text of a Markdown reference link (`[114][BIP114]`), whose definition
/// a site template may add (`{% include references.md %}`): a word with
/// letters and no space, unlike a second marker (`[5]`) or a Wikipedia
/// note's label (`[a]`, `[note 1]`).
fn names_a_link_label(text: &str, end: usize) -> bool {
    let Some(label) = text
        .get(end..)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split_once(']'))
        .map(|(label, _)| label)
    else {
        return false;
    };
    let word = label.len() >= 2
        && label.len() <= 60
        && label.chars().any(char::is_alphabetic)
        && !label.starts_with(['^', '@']);
    // A label of several words (`[14][cl ced]`) counts where the document
    // defines it, unlike a Wikipedia note's `[note 1]`.
    word && (!label.contains(char::is_whitespace) || defines_link_label(text, label))
}

/// Whether a line of `text` defines the reference link label `label`
/// (`[cl ced]: https://…`).
fn defines_link_label(text: &str, label: &str) -> bool {
    let definition = format!("[{label}]:");
    text.match_indices(&definition).any(|(at, _)| {
        text[..at]
            .rsplit('\n')
            .next()
            .is_some_and(|before| before.trim().is_empty())
    })
}

fn links_elsewhere(text: &str, range: &Range<usize>) -> bool {
    let token = text.get(range.clone()).unwrap_or("");
    // A heading's slug may be long (`#standard-1-human-control-over-…`).
    let Some(anchor) = crate::analysis::text::anchor_of(token) else {
        return false;
    };
    let names_a_note = names_a_note(anchor);
    let numbered = anchor
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | '_'));
    !names_a_note && !numbered
}

/// The Jekyll code blocks of `text` (`{% highlight c %}` …
/// `{% endhighlight %}`), where `buf[32]` is an array.
///
/// With them, the HTML blocks that hold a program or a style sheet
/// (`<script>` … `</script>`, `<style>` … `</style>` from a line's start),
/// which run over blank lines as CommonMark reads them: `match[1]` there
/// is an array; and display math.
fn verbatim_blocks(text: &str) -> Vec<Range<usize>> {
    // One pass over the three bytes that open such a block: asked on
    // every keystroke of a document with an unbound bracket.
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'{', b'<', b'$', &bytes[from..]) {
        let start = from + found;
        from = start + 1;
        let rest = &text[start..];
        let at_line_start = start == 0 || bytes[start - 1] == b'\n';
        let close = if rest.starts_with("{% highlight") {
            "{% endhighlight"
        } else if rest.starts_with("$$") {
            "$$"
        } else if at_line_start && rest.starts_with("<script") {
            "</script>"
        } else if at_line_start && rest.starts_with("<style") {
            "</style>"
        } else {
            continue;
        };
        let body = start + 2;
        let found = text[body..].find(close);
        // A lone `$$` is money, not math.
        if found.is_none() && close == "$$" {
            continue;
        }
        let end = found.map_or(text.len(), |i| body + i + close.len());
        out.push(start..end);
        from = end.max(from);
    }
    out
}

/// Whether byte `at` falls in one of `ranges` (sorted, disjoint).
fn in_ranges(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.contains(&at))
}

/// Whether byte `at` is in a Python session shown as text (a doctest, as
/// reStructuredText and docstrings write them): a paragraph with a line
/// that starts with `>>>`, where `[10]` is what the session printed.
fn in_doctest(text: &str, at: usize) -> bool {
    let after = text.get(at..).unwrap_or("");
    let line_end = after.find('\n').map_or(text.len(), |i| at + i);
    text.get(..line_end)
        .unwrap_or("")
        .rsplit('\n')
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .any(|line| line.starts_with(">>>"))
}

/// Whether a bracket stands apart from the word before it, as a number
/// named in a sentence does (`as in [2], above`), and is no link to a note:
/// a note's marker is mostly glued to the word or the stop it follows.
fn set_apart(text: &str, m: &MarkerRef) -> bool {
    !m.link.web
        && !m.link.anchor
        && text
            .get(..m.range.start)
            .and_then(|t| t.chars().next_back())
            .is_some_and(|c| c.is_whitespace() || c == '(')
}

/// Whether the bracket is a datum of a table or a list, where no note has
/// a number: the whole of a table cell (`| [20] | 5f |`, a bytecode
/// offset) or what opens a list item (`- [2] - compute-unit-limit`). A
/// note's marker follows the words it is about.
fn datum(text: &str, range: &Range<usize>) -> bool {
    let (before, after) = line_around(text, range);
    let before = before.trim_end();
    let cell = before.ends_with('|') && after.trim_start().starts_with('|');
    let item = matches!(before.trim_start(), "-" | "*" | "+");
    cell || item
}

/// Whether the bracket lists a number twice (`[1, 1]`, a vector or a
/// pair of settings): a list of notes names each once.
fn repeats_a_number(text: &str, range: &Range<usize>) -> bool {
    let inner = text
        .get(range.clone())
        .unwrap_or("")
        .trim_start_matches(['\\', '['])
        .trim_end_matches(['\\', ']']);
    if !inner.contains([',', ';']) {
        return false;
    }
    let mut seen: Vec<&str> = Vec::new();
    for item in inner.split([',', ';']).map(str::trim) {
        if seen.contains(&item) {
            return true;
        }
        seen.push(item);
    }
    false
}

/// Whether the text after a bracket closes a link to a note's anchor, so
/// that the bracket is the number the link shows
/// (`[<mark>\[2\]</mark>](#user-content-fn-4)[^4]`, GitBook's copy of a
/// court's own footnote numbers): the link, or the reference beside it,
/// cites the note.
///
/// A number set in bold or a tag as the text of a link to a web page
/// (`[<mark>\[3\]</mark>](https://…#\[3])`) is the number of a note on
/// that page, as the same link without the tag is (see
/// [`web_link_names_a_note`]).
fn shows_a_note_link(text: &str, end: usize) -> bool {
    let mut rest = text.get(end..).unwrap_or("");
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if let Some(tag) = trimmed.strip_prefix("</") {
            match tag.find('>') {
                Some(close) if close < 12 => rest = &tag[close + 1..],
                _ => return false,
            }
        } else if let Some(after) = ["**", "__", "*", "_"]
            .iter()
            .find_map(|d| trimmed.strip_prefix(d))
        {
            rest = after;
        } else {
            rest = trimmed;
            break;
        }
    }
    if rest.starts_with("](#") {
        return anchor_after(rest, "](#").is_some_and(names_a_note);
    }
    let Some(url) = rest.strip_prefix("](http") else {
        return false;
    };
    let url = &url[..url.find([')', ' ', '\n']).unwrap_or(url.len())];
    !url.rfind('#')
        .is_some_and(|hash| names_a_note(&url[hash + 1..]))
}

/// Whether the bracket opens a line of a legend that says what a sign
/// stands for (`[1]  = Whole-note`, a transcriber's key to music examples):
/// nothing but white space before it, and `=` after it.
fn defines_a_sign(text: &str, range: &Range<usize>) -> bool {
    // Asked of every bracket on every keystroke: the `=` first, then only
    // the white space before the bracket, never the whole line.
    let bytes = text.as_bytes();
    let mut at = range.end;
    while matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    if bytes.get(at) != Some(&b'=') {
        return false;
    }
    let before = text
        .get(..range.start)
        .unwrap_or("")
        .trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with('\n')
}

/// Whether the bracket is a page number in a book's index
/// (`Brown, Mr. (_S.B.T._ 9), [26]`, `Banjo, [20], 44`): after a comma,
/// on a short line that holds nothing after it but more page numbers.
fn lists_pages(text: &str, range: &Range<usize>) -> bool {
    let (before, after) = line_around(text, range);
    before.len() + after.len() <= 100
        && before.trim_end_matches(' ').ends_with(',')
        && after.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ',' | ' ' | '[' | ']' | '-' | '–' | 'f' | '.' | '\r')
        })
}

/// Whether a footnote reference is a regular expression's class
/// (`"[^c]ar"`, `[^0-9]+`): a word goes on right after it, where a
/// reference is followed by a space or punctuation. Scripts written
/// without spaces go on after a reference too, so only Latin letters and
/// digits count.
fn character_class(text: &str, range: &Range<usize>) -> bool {
    let after = text.get(range.end..).unwrap_or("");
    let Some(next) = after.chars().next() else {
        return false;
    };
    // `…comme suit.[^b1]Pareil`: a footnote marker run into the sentence
    // after it, which opens with a capital, where a pattern's class holds
    // ranges or escapes (`[^a-z]`, `[^\s]`).
    let label = text.get(range.clone()).unwrap_or("");
    let before = text.get(..range.start).and_then(|t| t.chars().next_back());
    // A number alone (`trillion. [^4]In the United States`) labels a note
    // after a space too.
    let numbered = label
        .trim_start_matches("[^")
        .trim_end_matches(']')
        .bytes()
        .all(|b| b.is_ascii_digit());
    let run_on = next.is_uppercase()
        && after.chars().nth(1).is_some_and(char::is_lowercase)
        && !label.contains(['-', '\\'])
        && before.is_some_and(|c| {
            matches!(c, '.' | ')' | ',' | ';') || c.is_alphabetic() || (numbered && c == ' ')
        });
    !run_on && (next.is_ascii_alphanumeric() || matches!(next, '+' | '*' | '{'))
}

/// Whether the word before byte `at` calls the bracket another text's
/// reference (`Ref [15]`, `reference [3]`): a number quoted from a paper's
/// list, which names no note of this document when none has it; or a
/// figure's, a table's or an equation's number (`Figure \[73\]`).
fn named_reference(text: &str, at: usize) -> bool {
    let before = text
        .get(..at)
        .unwrap_or("")
        .trim_end_matches([' ', '\u{a0}'])
        .trim_end_matches('.');
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    matches!(
        before[start..].to_lowercase().as_str(),
        "ref"
            | "refs"
            | "reference"
            | "references"
            | "figure"
            | "fig"
            | "figures"
            | "table"
            | "tables"
            | "eq"
            | "equation"
            | "abbildung"
            | "abb"
            | "tabelle"
            | "figura"
            | "tabla"
            | "tableau"
    )
}

/// Whether the bracket indexes the name it is glued to and opens a
/// structure (`key[3]:,`, `items[2]{a,b}`, `a[1]=0`): syntax written in
/// prose, where a marker glued to a word is followed by white space or
/// punctuation.
fn indexes_a_name(text: &str, range: &Range<usize>) -> bool {
    let glued = text
        .get(..range.start)
        .and_then(|t| t.chars().next_back())
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    let rest = text.get(range.end..).unwrap_or("");
    let mut after = rest.chars();
    let indexes = glued
        && match (after.next(), after.next()) {
            (Some('{' | '(' | '='), _) => true,
            (Some(':'), next) => next.is_some_and(|c| !c.is_whitespace()),
            // A member of the element: `Headers[1].Count`.
            (Some('.'), next) => next.is_some_and(|c| c.is_ascii_alphabetic() || c == '_'),
            _ => false,
        };
    // An array type (`[4]int{0, 6}`): a name glued after the bracket,
    // then its value.
    let name = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    indexes
        || (name > 0
            && rest.as_bytes()[0].is_ascii_alphabetic()
            && rest[name..].starts_with(['{', '(']))
        || indexes_a_variable(text, range.start)
        || indexes_an_array(text, range.start)
}

/// Whether the bracket is glued to a one-letter name in lower case
/// (`because a[3] is an int`, `x[2]`): a variable indexed in prose about a
/// program. A note's marker follows a word or its punctuation.
fn indexes_a_variable(text: &str, start: usize) -> bool {
    let mut before = text.get(..start).unwrap_or("").chars().rev();
    let letter = before.next().is_some_and(|c| c.is_ascii_lowercase());
    letter
        && before
            .next()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '`' | '*' | '_'))
}

/// The name a bracket at `start` is glued to (`numbers` in `numbers[1]`).
fn glued_name(text: &str, start: usize) -> &str {
    let before = text.get(..start).unwrap_or("");
    let name_start = before
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
        .len();
    &before[name_start..]
}

/// Whether the bracket indexes an array or gives its size on a line of
/// code, which a plain-text file does not fence (`UINT4 state[4];`,
/// `close(fd[0]);`, `((unsigned char [16], MD5_CTX *));`).
fn indexes_an_array(text: &str, start: usize) -> bool {
    let name = glued_name(text, start);
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let line = text[line_start..line_end].trim_end();
    // A comment at the end of a line of C (`/* input buffer */`) is not
    // how the statement ends.
    let statement = match line.rfind("/*") {
        Some(at) if line.ends_with("*/") => line[..at].trim_end(),
        _ => line,
    };
    // A line of code is short; a paragraph of prose, which Markdown keeps
    // on one line, may end with a semicolon. An operator counts beside the
    // bracket only (`p->count[1]`, `fd[1] = open(…)`), on its line.
    let code = line.len() <= 100
        && statement.ends_with([';', '{'])
        && (!name.is_empty() || statement.contains(['(', '=']));
    let (before, after) = crate::analysis::text::around(text, &(start..start), 24);
    let before = &before[before.rfind('\n').map_or(0, |n| n + 1)..];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let operators = !name.is_empty()
        && [
            " = ", "->", "==", "!=", "+=", "-=", "|=", "&=", "++", "&&", "||",
        ]
        .iter()
        .any(|op| before.contains(op) || after.contains(op));
    code || operators
}

/// The names the text indexes at 0 (`numbers` in `numbers[0]`): an array
/// in prose, whose other elements (`numbers[1]`) no note has.
fn names_indexed_at_zero(text: &str) -> rustc_hash::FxHashSet<&str> {
    memchr::memmem::find_iter(text.as_bytes(), b"[0]")
        .map(|at| glued_name(text, at))
        .filter(|name| name.bytes().any(|b| b.is_ascii_lowercase() || b == b'_'))
        .collect()
}

/// Whether the bracket opens a line of a block quote and its text: the
/// label of a quoted note.
fn opens_a_quoted_note(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    before[line_start..]
        .bytes()
        .all(|b| matches!(b, b'>' | b' ' | b'\t'))
        && text
            .get(line_start..)
            .and_then(|line| crate::analysis::text::quoted_label(line.lines().next().unwrap_or("")))
            .is_some()
}

/// Whether an HTML superscript is a power of a small number it is glued
/// to (`2<sup>128</sup>`, `10<sup>6</sup>`): an exponent, where no note
/// has its number. A year with its note (`in 1998<sup>4</sup>`) has four
/// digits.
fn raises_a_number(text: &str, range: &Range<usize>) -> bool {
    let token = text.get(range.clone()).unwrap_or("");
    if !token.starts_with("<sup>") {
        return false;
    }
    let before = text.get(..range.start).unwrap_or("");
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (1..=2).contains(&digits)
}

/// Whether the bracket holds a value the sentence names (`a shape of [1,
/// 3, 4]`, `has length [2, 3]`, `x = [1, 2]`): data, not a citation.
fn names_a_value(text: &str, at: usize) -> bool {
    const NOUNS: &[&str] = &[
        "shape",
        "shapes",
        "length",
        "lengths",
        "size",
        "sizes",
        "dimension",
        "dimensions",
        "dims",
        "array",
        "vector",
        "tensor",
        "matrix",
        "tuple",
        "coordinates",
        "offset",
        "offsets",
        "indices",
        "values",
    ];
    // The two words before the bracket, read within a window: asked of
    // every bracket no note has, in paragraphs of any length.
    let (before, _) = crate::analysis::text::around(text, &(at..at), 48);
    let line = before.rsplit('\n').next().unwrap_or("").trim_end();
    if line.ends_with('=') {
        return true;
    }
    let mut words = line.split_whitespace().rev();
    let mut word = words.next();
    if matches!(word, Some("of" | "is" | "was" | "to" | "as")) {
        word = words.next();
    }
    word.is_some_and(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
    })
}

/// Whether the bracket is glued to a section number (`§ 7.05[5]`, a
/// treatise's subdivision): digits, a point and digits right before it.
fn subdivides_a_section(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let digits = |s: &str| s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let minor = digits(before);
    let rest = &before[..before.len() - minor];
    minor > 0 && rest.ends_with('.') && digits(&rest[..rest.len() - 1]) > 0
}

/// Whether a marker written as a link to a web page (`[[12]](https://…)`)
/// links to a note there: a Wikipedia copy's `#cite_note-12`, an export's
/// `#fn12`. One that links to a page as a whole, or to a part of it that
/// is no note (`…/issues/108`), is a link that shows a number.
pub(super) fn web_link_names_a_note(text: &str, range: &Range<usize>) -> bool {
    let token = text.get(range.clone()).unwrap_or("");
    let Some(open) = token.find("](") else {
        return true;
    };
    let url = &token[open + 2..];
    // A text fragment (`#:~:text=Bibliography%20…`, which ChatGPT's
    // reports link every source with) scrolls to words, not to a note,
    // whatever words it quotes.
    let Some(hash) = url.find('#') else {
        return false;
    };
    let anchor = &url[hash + 1..];
    !anchor.starts_with(":~:") && names_a_note(anchor)
}

/// Whether an anchor's name says it is a note's (`fn12`, `cite_note-4`,
/// `ftnt3`, `endnote-2`), whatever numbering it carries.
fn names_a_note(anchor: &str) -> bool {
    let anchor = anchor.to_ascii_lowercase();
    [
        "fn", "ftn", "note", "ref", "cite", "edn", "foot", "bib", "source",
    ]
    .iter()
    .any(|w| anchor.contains(w))
}

/// The text of the line around `range`: what stands before it from the
/// line's start, and after it up to the line's end.
fn line_around<'t>(text: &'t str, range: &Range<usize>) -> (&'t str, &'t str) {
    let line_start = text
        .get(..range.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..range.start).unwrap_or("");
    let after = text.get(range.end..).unwrap_or("");
    (before, &after[..after.find('\n').unwrap_or(after.len())])
}

/// Whether the bracket is inside TeX math on its line (`$[100]$`, a
/// crystal direction; `$x_{[1]}$`): an odd number of dollar signs before
/// it on the line, and one after it.
fn in_math(text: &str, range: &Range<usize>) -> bool {
    let (before, after) = line_around(text, range);
    before.matches('$').count() % 2 == 1 && after.contains('$')
}

/// Whether the bracket stands inside a quotation on its line (`wrote that
/// "changelogs help readers [33]."`): a number quoted from another text,
/// whose own list it names.
fn in_quotation(text: &str, range: &Range<usize>) -> bool {
    let (before, after) = line_around(text, range);
    let straight = before.matches('"').count() % 2 == 1 && after.contains('"');
    let curly = before
        .rfind('“')
        .is_some_and(|open| !before[open..].contains('”'))
        && after.contains('”');
    straight || curly
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
///
/// Asked of every marker on every keystroke: the prefix is found by
/// comparing the token's few windows, not by setting up a substring search
/// (the prefixes are ASCII, so a match starts on a character boundary).
fn anchor_after<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let at = text
        .as_bytes()
        .windows(prefix.len().max(1))
        .position(|w| w == prefix.as_bytes())?
        + prefix.len();
    let id = &text[at..at + text[at..].find(')')?];
    (!id.is_empty() && id.len() <= 40).then_some(id)
}

/// Whether what follows the bracket at `range` makes it a label of
/// something else: a level's quantum numbers (`[734]9/2`), a Korean
/// item number (`[2]번`), the text of a reference link (`[1][Bitcoin Core
/// #15776]`) or of a link to another page of the site (`[[1]](/post/)`).
fn labels_something_else(text: &str, range: &Range<usize>) -> bool {
    let rest = text.get(range.end..).unwrap_or("");
    rest.starts_with(|c: char| c.is_ascii_digit() || c == '/' || c == '번')
        || text.get(range.clone()).is_some_and(|t| token_has(t, "](/"))
        || rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .is_some_and(|(label, _)| {
                label.len() < 80 && label.chars().filter(|c| c.is_alphabetic()).count() > 2
            })
}
/// Whether the bracket at `start` gives the number of arguments of a TeX
/// command being defined (`\\newcommand{\\chaptermark}[1]{…}`), as an R
/// Markdown or Quarto file's raw LaTeX does.
fn counts_a_command_arguments(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start).and_then(|b| b.strip_suffix('}')) else {
        return false;
    };
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    [
        "\\newcommand",
        "\\renewcommand",
        "\\providecommand",
        "\\newenvironment",
    ]
    .iter()
    .any(|command| line.contains(command))
}

/// Whether the bracket at `start` follows a bracketed phrase at once, as
/// the label of a Markdown reference link does (`[“An essay”][1]`), not a
/// marker (`[1][2]`) or an editor's bracket of numbers.
pub(crate) fn after_link_text(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start).and_then(|b| b.strip_suffix(']')) else {
        return false;
    };
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    line.rfind('[').is_some_and(|open| {
        line[open + 1..]
            .chars()
            .filter(|c| c.is_alphabetic())
            .count()
            > 3
    })
}
