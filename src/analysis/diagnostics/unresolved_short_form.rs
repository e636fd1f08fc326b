//! `unresolved-short-form`: a short form that matches no earlier full citation.

use super::{Analysis, Diagnostic, Rule, Severity, quote};
use crate::analysis::works::{CitationRef, Unresolved};

pub const RULE: Rule = Rule {
    code: "unresolved-short-form",
    default_severity: Severity::Warning,
    summary: "A short form with no earlier full citation of the same work.",
    docs: "\
### What it finds
A citation that names a work by author and title only (`Park, *Harbours*, 12.`) where no earlier note cites that author and title in full.

### Why it matters
A short form is only a pointer to the full citation. If notes were reordered so that the short form now comes first, or the full citation was deleted, the reader has no way to find the work.

### Example
```text
[1] Park, *Harbours*, 12.
```

### How to fix
Give the work in full where it is first cited, and keep the short form for later citations.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    for (note_id, note) in analysis.index.notes.iter().enumerate() {
        for (i, citation) in note.citations.iter().enumerate() {
            if analysis.works.resolutions[note_id][i].problem
                != Some(Unresolved::ShortFormUnmatched)
            {
                continue;
            }
            let range = note.abs(&citation.range);
            let d = Diagnostic::new(
                &RULE,
                range.clone(),
                format!(
                    "short form “{}” matches no earlier full citation: cite the work in full first",
                    quote(&text[range], 60)
                ),
            );
            let root = CitationRef {
                note: note_id,
                index: i,
            };
            out.push(super::ambiguous_ibid::with_dependents(analysis, d, root));
        }
    }
}
