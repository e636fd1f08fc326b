//! Puts the parts of a document's blocks together into its index.

use super::layout::{self, Content, Layout, Unit};
use super::{Index, Part, Section, moved};
use crate::analysis::syntax::SyntaxTree;

impl Index {
    /// Reads the index from a parsed document.
    ///
    /// The document is read block by block (each top-level block, and each
    /// block of a notes section). What a block contributes is kept with the
    /// layout of the blocks ([`layout`]), so after a keystroke only the
    /// edited block is read again and every other block's part is copied,
    /// moved by its offset.
    pub(crate) fn build(text: &str, tree: &SyntaxTree, memo: &mut Layout) -> Index {
        memo.blocks_mut().begin();
        let units = layout::units(text, tree, memo);
        memo.blocks_mut().end();
        let mut index = Index::default();
        // Every list is sized once: growing them by doubling on each
        // keystroke costs copies and leaves up to half of them unused.
        index.reserve(&units);
        for unit in &units {
            match &unit.content {
                Content::Block(part) => {
                    let section = index.sections.len();
                    let first_note = index.notes.len();
                    let first_heading = index.headings.len();
                    index.absorb(part, unit.range.start, section);
                    // A list of sources read out of a paragraph is a
                    // section of its own, from its heading.
                    if index.notes.len() > first_note {
                        let heading = index.headings[first_heading..]
                            .iter()
                            .find(|h| h.opens_notes)
                            .map(|h| h.range.clone());
                        let start = heading
                            .as_ref()
                            .map_or(index.notes[first_note].range.start, |h| h.start);
                        index.sections.push(Section {
                            range: start..unit.range.end,
                            heading,
                            notes: (first_note..index.notes.len()).collect(),
                        });
                    }
                }
                Content::Section { heading, blocks } => {
                    // An export that wraps each note in an element of its own
                    // (`<div>` … `</div>`) cuts one list into many: a section
                    // with no heading, after nothing but markup, goes on with
                    // the one before.
                    let goes_on = heading.is_none()
                        && index.sections.last().is_some_and(|last| {
                            text.get(last.range.end..unit.range.start)
                                .is_some_and(only_markup)
                        });
                    let section = index.sections.len() - usize::from(goes_on);
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
                    let notes = first_note..index.notes.len();
                    match index.sections.last_mut() {
                        Some(last) if goes_on => {
                            last.range.end = unit.range.end;
                            last.notes.extend(notes);
                        }
                        _ => index.sections.push(Section {
                            range: unit.range.clone(),
                            heading: heading.clone(),
                            notes: notes.collect(),
                        }),
                    }
                }
            }
        }
        index.finish(text);
        memo.keep(tree.revision(), units);
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
        if !part.listed.is_empty() {
            self.listed.extend(part.listed.iter().map(|l| {
                let mut l = l.clone();
                l.range = moved(&l.range, forward);
                l
            }));
        }
    }
}

/// Whether `text` holds nothing but white space and HTML tags.
fn only_markup(text: &str) -> bool {
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let Some(tag) = rest.strip_prefix('<') else {
            return false;
        };
        let Some(end) = tag.find('>') else {
            return false;
        };
        rest = tag[end + 1..].trim_start();
    }
    true
}
