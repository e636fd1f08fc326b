//! `empty-url`: citations whose link was lost when the text was pasted.

use super::{Analysis, Diagnostic, Rule, Severity, note_name};
use crate::analysis::citations::LostUrl;

pub const RULE: Rule = Rule {
    code: "empty-url",
    default_severity: Severity::Warning,
    summary: "A citation whose URL was lost, leaving a dangling comma or label.",
    docs: "\
### What it finds
A citation that shows where its link used to be: it ends in a comma (`…, Harbour Gazette, May 3, 2021,`), has two commas with nothing between them (`(Tide News, 2021),, 4:10.`), ends with an access date and nothing after it (`accessed April 30, 2021,`), or has an empty `Available at:`, `URL:`, `Retrieved from` or `<>`.

### Why it matters
Web sources are found again by their address. Text copied from a web page or a PDF often loses its links: the citation still looks complete, but nobody can follow it.

### Example
```text
[3] Ana Ruiz, “Salt Roads of the North,” Coastal Review, June 1, 2020,
```

### How to fix
Paste the URL back after the last comma (or after the label), or end the citation with a period if it has no URL.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    // A reference list written as paragraphs rather than notes.
    for block in &analysis.index.prose {
        for range in &block.lost_urls {
            out.push(Diagnostic::new(
                &RULE,
                range.clone(),
                "reference introduces a URL that is not there: restore the URL, or remove the label",
            ));
        }
    }
    for note in &analysis.index.notes {
        for citation in note.citations.iter() {
            let Some((kind, range)) = &citation.lost_url else {
                continue;
            };
            // A pasted Wikipedia reference ends with its access date: its
            // URL was the title's link, not text that was lost.
            if *kind == LostUrl::BareAccessDate && note.is_wikipedia_reference(text) {
                continue;
            }
            let label = note_name(text, note);
            let what = match kind {
                LostUrl::TrailingComma => "ends with a comma where its URL was lost",
                LostUrl::DoubledComma => {
                    "has two commas with nothing between them where its URL was lost"
                }
                LostUrl::BareAccessDate => "gives an access date but no URL",
                LostUrl::EmptyLabel => "introduces a URL that is not there",
                LostUrl::EmptyAngle => "has an empty link `<>`",
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    note.abs(range),
                    format!("citation in note {label} {what}: restore the URL, or end the citation with a period"),
                )
                .related(note.abs(&citation.range), "the citation"),
            );
        }
    }
}
