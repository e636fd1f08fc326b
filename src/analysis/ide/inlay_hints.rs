//! Inlay hints: after each marker, who wrote the work its note cites and
//! when (`Mearsheimer 2001`).

use std::ops::Range;

use super::format::{attribution, citation_markdown};
use super::{InlayHint, Snapshot};
use crate::analysis::index::NoteId;
use crate::analysis::works::{self, CitationRef, WorkId};

pub(super) fn inlay_hints(snapshot: Snapshot<'_>, range: Range<usize>) -> Vec<InlayHint> {
    let index = &snapshot.analysis.index;
    let mut hints: Vec<InlayHint> = Vec::new();
    let mut done: Vec<Range<usize>> = Vec::new();
    for marker in &index.markers {
        if marker.range.end < range.start || marker.range.start > range.end {
            continue;
        }
        if done.contains(&marker.range) {
            continue;
        }
        done.push(marker.range.clone());
        // A list marker names several notes: one hint for all of them.
        let notes: Vec<NoteId> = index
            .markers
            .iter()
            .filter(|m| m.range == marker.range)
            .filter_map(|m| m.target)
            .collect();
        let mut cited: Vec<WorkId> = Vec::new();
        for &note in &notes {
            for i in 0..index.notes[note].citations.len() {
                if let Some(w) = snapshot
                    .analysis
                    .works
                    .work_of(CitationRef { note, index: i })
                    && !cited.contains(&w)
                {
                    cited.push(w);
                }
            }
        }
        let fulls: Vec<_> = cited
            .iter()
            .filter_map(|&w| works::citation(index, snapshot.analysis.works.works[w].full))
            .collect();
        let labels: Vec<String> = fulls.iter().filter_map(|c| attribution(c)).collect();
        if labels.is_empty() {
            continue;
        }
        let tooltip = fulls
            .iter()
            .map(|c| citation_markdown(c, None))
            .collect::<Vec<_>>()
            .join("\n\n");
        hints.push(InlayHint {
            offset: marker.range.end,
            label: labels.join("; "),
            tooltip: Some(tooltip),
        });
    }
    hints
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::with_snapshot;

    /// The text with each hint written in after its marker as `‹label›`.
    fn check(text: &str) -> String {
        with_snapshot(text, |s| {
            let hints = super::inlay_hints(s, 0..text.len());
            let mut out = String::new();
            let mut at = 0;
            for h in hints {
                out.push_str(&text[at..h.offset]);
                out.push_str(&format!("‹{}›", h.label));
                at = h.offset;
            }
            out.push_str(&text[at..]);
            out
        })
    }

    #[test]
    fn markers_show_author_and_year() {
        insta::assert_snapshot!(check("“Wheat” 🙂 rose.[1] Fell.[2] Both.[1, 3] Gone.[9]\n\n[1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.\n[2] Ibid., 31.\n[3] Ana Lo, Ben Ng and Cy Oz, *Rivers* (Lima: Andes, 2010); just a remark.\n"), @r#"
            “Wheat” 🙂 rose.[1]‹Mearsheimer 2001› Fell.[2]‹Mearsheimer 2001› Both.[1, 3]‹Mearsheimer 2001; Lo et al. 2010› Gone.[9]

            [1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.
            [2] Ibid., 31.
            [3] Ana Lo, Ben Ng and Cy Oz, *Rivers* (Lima: Andes, 2010); just a remark.
            "#);
    }
}
