//! Folding: sections (a heading to the next heading of the same or a higher
//! level), notes sections, notes longer than a line, tables and code blocks.

use std::ops::Range;

use super::{Fold, FoldKind, Snapshot};
use crate::analysis::syntax::kinds;

pub(super) fn folding_ranges(snapshot: Snapshot<'_>) -> Vec<Fold> {
    let text = snapshot.text();
    let index = &snapshot.analysis.index;
    let mut folds = Vec::new();
    let mut push = |range: Range<usize>, kind: FoldKind| {
        let range = trimmed(text, range);
        if text.get(range.clone()).is_some_and(|s| s.contains('\n')) {
            folds.push(Fold { range, kind });
        }
    };
    for (i, heading) in index.headings.iter().enumerate() {
        if heading.opens_notes {
            continue;
        }
        let end = index.headings[i + 1..]
            .iter()
            .find(|h| h.level <= heading.level || h.opens_notes)
            .map_or(text.len(), |h| h.range.start);
        // A notes section without a heading ends the section before it.
        let end = index
            .sections
            .iter()
            .map(|s| s.range.start)
            .find(|&s| s > heading.range.start && s < end)
            .unwrap_or(end);
        push(heading.range.start..end, FoldKind::Section);
    }
    for section in &index.sections {
        push(section.range.clone(), FoldKind::Notes);
    }
    for note in &index.notes {
        push(note.range.clone(), FoldKind::Note);
    }
    for node in snapshot.document.tree().preorder() {
        let kind = match kinds::of(&node) {
            kinds::TABLE => FoldKind::Table,
            kinds::FENCED_CODE_BLOCK | kinds::INDENTED_CODE_BLOCK => FoldKind::Code,
            _ => continue,
        };
        push(node.start_byte()..node.end_byte(), kind);
    }
    folds.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    folds
}

/// `range` without the white space at its end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = text.get(range.clone()).unwrap_or("");
    range.start..range.start + s.trim_end().len()
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::with_snapshot;

    /// One line per fold: its kind and its first and last lines (1-based).
    fn check(text: &str) -> String {
        let line = |at: usize| text[..at].matches('\n').count() + 1;
        with_snapshot(text, |s| {
            super::folding_ranges(s)
                .iter()
                .map(|f| format!("{:?} {}–{}", f.kind, line(f.range.start), line(f.range.end)))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn sections_notes_tables_and_code_fold() {
        insta::assert_snapshot!(check("# Grain\n\nWheat rose.[1]\n\n## Trade\n\nYear\tYield\n2020\t4\n\n```\n[1] not a note\n```\n\n# Coda\n\nEnd.[2]\n\nNOTES\n\n[1] Ada Lo, *Bread* (Lima: Andes,\n    2010).\n[2] One line.\n"), @r#"
            Section 1–12
            Section 5–12
            Table 7–8
            Code 10–12
            Section 14–16
            Notes 18–22
            Note 20–21
            "#);
    }
}
