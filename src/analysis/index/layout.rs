//! Where the index's blocks are: the named children of the document and of
//! each notes section, each with what it contributes to the index.
//!
//! A keystroke changes one block, but finding the others again in the tree
//! means visiting every one of them (thousands in a long document, each a
//! few hundred instructions through tree-sitter's cursor) and hashing its
//! text to find its part in the memo of blocks. Instead the layout of the last run is
//! carried over the edits since: a block that no edit touched keeps its
//! part, moved by what the edits before it inserted or removed, and the tree
//! is read only where an edit fell.
//!
//! That an untouched block is still a block of the same kind, with the same
//! parent, rests on how the grammar nests: the only visible container below
//! the document is a notes section, which runs from its heading (or first
//! note) to the next heading (or last note). A change of structure that
//! reaches past the edited blocks therefore makes a node found where the
//! edit fell overlap a kept neighbour, and that makes the whole layout be
//! read afresh. Tree-sitter's own `changed_ranges` would say the same at
//! the price of comparing every visible node of the two trees, as much as
//! the rest of a keystroke's analysis together. The property tests and the
//! edit fuzzer compare the carried layout with a fresh analysis.

use std::mem;
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::Node;

use super::Part;
use super::blocks::Blocks;
use super::read::read_block;
use crate::analysis::syntax::{Change, SyntaxTree, kinds};

/// One named child of the document or of a notes section.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub(crate) range: Range<usize>,
    pub(crate) content: Content,
    /// Set while carrying the layout over an edit that touched the unit or
    /// its neighbour: it must be found in the tree again.
    stale: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// A block read on its own; its part has offsets relative to its start.
    Block(Arc<Part>),
    /// A notes section: its heading and its blocks, which are never
    /// sections.
    Section {
        heading: Option<Range<usize>>,
        blocks: Vec<Unit>,
    },
}

/// What the layout keeps between runs: the parts of the blocks by their
/// text, and the blocks of the last run with the revision of its tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// Shared with the analyses made from it (see
    /// [`Analysis::of_edited`](crate::analysis::Analysis::of_edited)); a
    /// run changes it in place when nothing else holds it, which is the
    /// usual case since an edit lets go of the last analysis.
    pub(crate) blocks: Arc<Blocks>,
    last: Option<(u64, Vec<Unit>)>,
}

impl Layout {
    /// A layout with nothing to carry over but the parts of `blocks`.
    pub(crate) fn with_blocks(blocks: Arc<Blocks>) -> Layout {
        Layout { blocks, last: None }
    }

    /// The parts of blocks, to change: copied first if an analysis still
    /// shares them.
    pub(crate) fn blocks_mut(&mut self) -> &mut Blocks {
        Arc::make_mut(&mut self.blocks)
    }
}

impl Layout {
    /// Keeps `units`, read from the tree of `revision`, for the next run to
    /// carry over.
    pub(crate) fn keep(&mut self, revision: u64, units: Vec<Unit>) {
        self.last = Some((revision, units));
    }
}

/// The layout of `tree`: carried over from the last run when the tree
/// remembers the edits since, read from the tree otherwise. The last layout
/// is taken, since the next one is made by changing it.
pub(crate) fn units(text: &str, tree: &SyntaxTree, layout: &mut Layout) -> Vec<Unit> {
    let last = layout.last.take();
    let memo = layout.blocks_mut();
    if let Some((revision, last)) = last
        && let Some(changes) = tree.changes_since(revision)
    {
        let mut units = last;
        // Where each edit's replacement is now.
        let mut edits: Vec<Range<usize>> = Vec::with_capacity(changes.len());
        for change in changes {
            for edit in &mut edits {
                *edit = change.map_range(edit);
            }
            edits.push(change.start..change.new_end);
            follow(&mut units, change);
        }
        let carried = Carried {
            edits: &edits,
            text,
        };
        let whole = 0..text.len();
        if let Some(units) = carried.refill(units, tree.root(), whole, &[], memo) {
            return units;
        }
    }
    read_all(text, tree.root(), memo)
}

/// Moves `units` (in document order) over one edit, marking stale the
/// units it touched and their two neighbours: what a block is can depend on
/// the line before it (an ALL-CAPS line is a heading after a blank line and
/// prose after text) and on the line after it, which the parser looked at.
fn follow(units: &mut [Unit], change: &Change) {
    let before = units.partition_point(|u| u.range.end < change.start);
    let after = units.partition_point(|u| u.range.start <= change.old_end);
    let affected = before.saturating_sub(1)..(after + 1).min(units.len());
    for (i, unit) in units.iter_mut().enumerate().skip(affected.start) {
        if i >= affected.end && change.new_end == change.old_end {
            // Past the edit, nothing moves when as much came as went.
            break;
        }
        unit.range = change.map_range(&unit.range);
        let stale = affected.contains(&i);
        unit.stale |= stale;
        if let Content::Section { heading, blocks } = &mut unit.content {
            if let Some(h) = heading {
                *h = change.map_range(h);
            }
            if stale {
                follow(blocks, change);
            } else {
                for block in blocks {
                    block.range = change.map_range(&block.range);
                }
            }
        }
    }
}

/// A layout carried over edits, being matched with the tree.
struct Carried<'a> {
    /// Where the edits' replacements are in the text now.
    edits: &'a [Range<usize>],
    text: &'a str,
}

impl Carried<'_> {
    /// The children of `parent` (which lies in `bounds`): the units that
    /// are not stale, and between them what the tree now holds where an
    /// edit fell or in the ranges `unknown`, which the units never covered.
    /// `None` when the two disagree.
    fn refill(
        &self,
        units: Vec<Unit>,
        parent: Node<'_>,
        bounds: Range<usize>,
        unknown: &[Range<usize>],
        memo: &mut Blocks,
    ) -> Option<Vec<Unit>> {
        let fill = Fill { parent, unknown };
        let mut out = Vec::with_capacity(units.len() + 2);
        let mut stale = Vec::new();
        let mut gap_start = bounds.start;
        for unit in units {
            if unit.stale {
                stale.push(unit);
                continue;
            }
            let Range { start, end } = unit.range;
            // A section's blocks from before a heading was typed inside it
            // can lie wholly outside the section that now holds the rest.
            if end < bounds.start || start > bounds.end {
                continue;
            }
            if start < gap_start || end > bounds.end {
                return None;
            }
            self.fill_gap(gap_start..start, &mut stale, &fill, memo, &mut out)?;
            gap_start = end;
            out.push(unit);
        }
        self.fill_gap(gap_start..bounds.end, &mut stale, &fill, memo, &mut out)?;
        Some(out)
    }

    /// Reads the named children of `parent` that lie in `gap`, if an edit
    /// fell there; `stale` holds the units that were there, whose sections
    /// lend their blocks to the sections found now.
    fn fill_gap(
        &self,
        gap: Range<usize>,
        stale: &mut Vec<Unit>,
        fill: &Fill<'_, '_>,
        memo: &mut Blocks,
        out: &mut Vec<Unit>,
    ) -> Option<()> {
        let parent = fill.parent;
        let mut stale = mem::take(stale);
        let edited = self
            .edits
            .iter()
            .chain(fill.unknown)
            .any(|e| e.start <= gap.end && gap.start <= e.end);
        if gap.is_empty() || (stale.is_empty() && !edited) {
            return Some(());
        }
        let first_new = out.len();
        // The child that holds the byte before the gap (the kept unit that
        // ends there), and from it on. Tree-sitter gives up on the search
        // when the byte is the last of a hidden node whose visible children
        // end before it; the walk then starts from the first child.
        let mut cursor = parent.walk();
        let placed = (gap.start > 0 && cursor.goto_first_child_for_byte(gap.start - 1).is_some())
            || cursor.goto_first_child();
        if !placed {
            // Nothing here now: any section that was is gone.
            return sections_of(&stale).next().is_none().then_some(());
        }
        loop {
            let node = cursor.node();
            if node.start_byte() >= gap.end {
                break;
            }
            if node.start_byte() < gap.start {
                if node.end_byte() > gap.start {
                    return None;
                }
            } else if node.is_named() {
                let range = node.byte_range();
                if range.end > gap.end || range.is_empty() {
                    return None;
                }
                let unit = if kinds::of(&node) == kinds::NOTES_SECTION {
                    self.section_unit(node, &mut stale, memo)?
                } else {
                    block_unit(node, self.text, memo)
                };
                out.push(unit);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        // Whether a block is a note can depend on the notes before it, far
        // beyond the edited blocks (a line `[2]` after a table is a note only
        // while notes are open). Only a change in the sections here can
        // change that: then the kept units after the gap may be stale too.
        sections_of(&stale)
            .eq(sections_of(&out[first_new..]))
            .then_some(())
    }

    /// A notes section found in a gap, its blocks carried over from the
    /// stale section it overlaps, if any. Typing a heading inside a notes
    /// section splits it: each new section takes the old blocks that
    /// overlap it, and reads from the tree what the old section did not
    /// cover.
    fn section_unit(&self, node: Node<'_>, stale: &mut [Unit], memo: &mut Blocks) -> Option<Unit> {
        let range = node.byte_range();
        let heading = heading_range(node);
        let earlier = stale.iter_mut().find_map(|u| match &mut u.content {
            // Whether a section has a heading decides what its lines are
            // (`1. Text` is a note only under a notes heading), so blocks
            // are carried only into a section that has one if the old one
            // had one, and the other way round. Sections that only touch
            // are neighbours: the one that follows a section must not take
            // its blocks.
            Content::Section {
                blocks,
                heading: old_heading,
            } if u.range.start < range.end
                && range.start < u.range.end
                && old_heading.is_some() == heading.is_some() =>
            {
                let mut blocks = if range.end >= u.range.end {
                    mem::take(blocks)
                } else {
                    // A split: the sections after this one need the blocks
                    // (stale ones, whose ranges are approximate) too.
                    blocks
                        .iter()
                        .filter(|b| b.range.start <= range.end && range.start <= b.range.end)
                        .cloned()
                        .collect()
                };
                // A line that was a block and is now this section's heading
                // (`1. SOURCES`, a note under the heading that a deletion
                // took away) is read again; the heading's own block stays.
                let mut reread = Vec::new();
                if let Some(h) = &heading {
                    blocks.retain(|b| {
                        let over = b.range.start < h.end && h.start < b.range.end;
                        let heading_block = b.range == *h
                            && matches!(&b.content, Content::Block(part)
                                if part.notes.is_empty() && !part.headings.is_empty());
                        if over && !heading_block {
                            reread.push(b.range.clone());
                        }
                        !over || heading_block
                    });
                }
                Some((blocks, u.range.clone(), reread))
            }
            _ => None,
        });
        let blocks = match earlier {
            Some((blocks, old, reread)) => {
                // Where the section now reaches beyond the old one, the old
                // blocks say nothing, nor where a block gave way to the
                // heading.
                let unknown: Vec<Range<usize>> = [range.start..old.start, old.end..range.end]
                    .into_iter()
                    .chain(reread)
                    .filter(|r| r.start < r.end)
                    .collect();
                self.refill(blocks, node, range.clone(), &unknown, memo)?
            }
            None => read_all(self.text, node, memo),
        };
        Some(Unit {
            range,
            content: Content::Section { heading, blocks },
            stale: false,
        })
    }
}

/// The notes sections among `units`, each by whether it has a heading
/// (which [`Carried::section_unit`] leaves as it found it).
fn sections_of(units: &[Unit]) -> impl Iterator<Item = bool> + '_ {
    units.iter().filter_map(|u| match &u.content {
        Content::Section { heading, .. } => Some(heading.is_some()),
        Content::Block(_) => None,
    })
}

/// The parent whose gaps are being filled.
struct Fill<'t, 'u> {
    parent: Node<'t>,
    /// Ranges the carried units never covered, read whether edited or not.
    unknown: &'u [Range<usize>],
}

/// A block found in a gap: its part from the memo when its text was read
/// before, read now otherwise.
fn block_unit(node: Node<'_>, text: &str, memo: &mut Blocks) -> Unit {
    Unit {
        range: node.byte_range(),
        content: Content::Block(block_parts(text, &[node], memo).pop().unwrap_or_default()),
        stale: false,
    }
}

/// The range of a notes section's heading, if it has one.
fn heading_range(section: Node<'_>) -> Option<Range<usize>> {
    section
        .child_by_field_name("heading")
        .map(|h| h.byte_range())
}

/// Below this many bytes of blocks to read, reading them one after the
/// other is quicker than sharing them out among threads.
const PARALLEL_BYTES: usize = 64 * 1024;

/// The layout of `parent` read from the tree: every named child (and for a
/// notes section, its named children), each block's part from the memo
/// when its text is unchanged. When a document is opened every block is
/// read, in parallel, since each block is read on its own.
fn read_all(text: &str, parent: Node<'_>, memo: &mut Blocks) -> Vec<Unit> {
    let mut cursor = parent.walk();
    let children: Vec<Node<'_>> = parent
        .children(&mut cursor)
        .filter(|c| c.is_named())
        .collect();
    // Every block, those of sections included, in document order.
    let mut blocks = Vec::with_capacity(children.len());
    for child in &children {
        if kinds::of(child) == kinds::NOTES_SECTION {
            blocks.extend(child.children(&mut cursor).filter(|c| c.is_named()));
        } else {
            blocks.push(*child);
        }
    }
    let mut parts = block_parts(text, &blocks, memo).into_iter();
    let mut block = move |node: Node<'_>| Unit {
        range: node.byte_range(),
        content: Content::Block(parts.next().unwrap_or_default()),
        stale: false,
    };
    children
        .into_iter()
        .map(|child| {
            if kinds::of(&child) != kinds::NOTES_SECTION {
                return block(child);
            }
            let heading = heading_range(child);
            let blocks = child
                .children(&mut cursor)
                .filter(|c| c.is_named())
                .map(&mut block)
                .collect();
            Unit {
                range: child.byte_range(),
                content: Content::Section { heading, blocks },
                stale: false,
            }
        })
        .collect()
}

/// What each of `blocks` contributes: from the memo when its text is
/// unchanged, read afresh otherwise.
fn block_parts(text: &str, blocks: &[Node<'_>], memo: &mut Blocks) -> Vec<Arc<Part>> {
    let keys: Vec<u128> = blocks
        .iter()
        .map(|b| Blocks::key(text.get(b.byte_range()).unwrap_or("")))
        .collect();
    let mut parts: Vec<Option<Arc<Part>>> = blocks
        .iter()
        .zip(&keys)
        .map(|(b, &key)| memo.get(b.kind_id(), key))
        .collect();
    let missing: Vec<usize> = (0..blocks.len()).filter(|&i| parts[i].is_none()).collect();
    let missing_bytes: usize = missing
        .iter()
        .map(|&i| blocks[i].end_byte() - blocks[i].start_byte())
        .sum();
    let read = |&i: &usize| Arc::new(read_block(text, blocks[i]));
    let fresh: Vec<Arc<Part>> = if missing_bytes >= PARALLEL_BYTES {
        use rayon::prelude::*;
        missing.par_iter().map(read).collect()
    } else {
        missing.iter().map(read).collect()
    };
    for (i, part) in missing.into_iter().zip(fresh) {
        memo.insert(blocks[i].kind_id(), keys[i], part.clone());
        parts[i] = Some(part);
    }
    parts.into_iter().map(Option::unwrap_or_default).collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Cache, Document};

    /// Analyses `text`, replaces `range` with `insert`, analyses again with
    /// the same cache, and compares with a fresh analysis of the result.
    /// Returns how many blocks the second run read.
    fn carried(text: &str, range: std::ops::Range<usize>, insert: &str) -> usize {
        let mut document = Document::new(text);
        let mut cache = Cache::new();
        let _ = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        document.edit(range, insert).expect("a valid edit");
        let analysis = Analysis::new(document.text(), document.tree(), &mut cache, &[]);
        let fresh = Analysis::of(&Document::new(document.text()));
        assert_eq!(
            serde_json::to_value(&analysis.index).ok(),
            serde_json::to_value(&fresh.index).ok(),
            "after the edit: {:?}",
            document.text()
        );
        assert_eq!(analysis.diagnostics, fresh.diagnostics);
        cache.len()
    }

    const NOTES: &str = "Body.[1] More.[2] “Rest”.[3]\n\nNOTES\n\n[1] Ada Lo, “Bread,” 4.\n\n[2] Ibid., 5.\n\n[3] Lo, “Bread,” 6.\n";

    #[test]
    fn typing_in_a_note_reads_that_note_and_its_neighbours() {
        // Note 2, notes 1 and 3 beside it, and the body paragraph beside the
        // notes section that holds them; not the heading.
        let at = NOTES.find("Ibid.").expect("fixture has an Ibid");
        assert_eq!(carried(NOTES, at..at, "x"), 4);
    }

    #[test]
    fn typing_in_a_gap_between_blocks_finds_the_new_block() {
        let at = NOTES
            .find("\n\nNOTES")
            .expect("fixture has a notes heading")
            + 1;
        carried(NOTES, at..at, "A new paragraph 🙂.\n");
    }

    #[test]
    fn a_line_typed_above_a_heading_can_make_it_prose() {
        let text = "\nSECTION ONE\n\nText.[1]\n\n[1] A note.\n";
        carried(text, 0..0, "# ");
    }

    #[test]
    fn a_notes_heading_made_a_note_rereads_the_numbered_notes_it_governed() {
        // `[1] ` turns the heading into a note: the notes after the paragraph
        // form a section without a heading, where `1. “` is no longer a note
        // of its own but the second line of note 1.
        let text = "NOTES\n\nword word \n\n[1] ## References\n1. “";
        carried(text, 0..0, "[1] ");
    }

    #[test]
    fn a_note_that_a_deletion_makes_a_heading_is_read_as_one() {
        // Under `## Sources`, `1. NOTES` is a note; with that heading
        // deleted, the note after the paragraph opens a section of its own,
        // and `1. NOTES` is the heading of the next.
        let text = "## Sources\nThe lamp was lit. \n\n[^a]\n\n1. NOTES\n";
        carried(text, 0.."## Sources\n".len(), "");
    }

    #[test]
    fn typing_in_the_middle_of_three_notes_sections_reads_only_its_notes() {
        // Whole sections beside the edited one are marked stale too; each
        // section the tree now holds takes the blocks of the old section it
        // overlaps, not of the one it only touches, so the sections on
        // either side keep theirs: five blocks are read again (the note, its
        // neighbours and the edges of the sections beside it), where taking
        // a neighbour's blocks read nine, and a long section all of its own.
        let text = "Body.[1][2][3][4][5][6][7]\n\nNOTES\n\n[1] A.\n\n[2] B.\n\n\
                    SOURCES\n\n[3] C.\n\n[4] D.\n\n[5] E.\n\n[6] F.\n\n\
                    REFERENCES\n\n[7] G.\n\n[8] H.\n";
        let at = text.find("[5] E").expect("fixture has note 5");
        assert_eq!(carried(text, at + 4..at + 4, "x"), 5);
    }

    #[test]
    fn a_heading_typed_inside_a_notes_section_splits_it() {
        let at = NOTES.find("[2] Ibid.").expect("fixture has note 2");
        carried(NOTES, at..at, "## References\n\n");
    }

    #[test]
    fn a_heading_deleted_between_two_notes_sections_joins_them() {
        let text = "Text.[1][2]\n\nNOTES\n\n[1] One.\n\nSOURCES\n\n[2] Two.\n";
        let at = text.find("SOURCES").expect("fixture has a second heading");
        carried(text, at..at + "SOURCES\n\n".len(), "");
    }

    #[test]
    fn a_note_made_prose_closes_the_notes_that_a_later_line_went_on_with() {
        // `1 #fnref` is an exported note, so `[2]` after the table is one
        // too; a line break after `1 ` makes both lines prose, and `[2]`,
        // two blocks past the edit, a marker.
        let text = "1 #fnref\nq\t`\n[2]";
        carried(text, 2..2, "\n");
    }

    #[test]
    fn a_fence_deleted_away_reveals_the_heading_it_held() {
        let text = "NOTES\n\n[1] One.\n\n```\n## References\n```\n\n[2] Two.\n";
        let at = text.find("```").expect("fixture has a fence");
        carried(text, at..at + 4, "“");
    }
}
