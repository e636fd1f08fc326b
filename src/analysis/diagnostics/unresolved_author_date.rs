//! `unresolved-author-date`: an author-date reference that matches no note.

use super::{Analysis, Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "unresolved-author-date",
    default_severity: Severity::Warning,
    summary: "An author-date reference (`Ostrom (1990)`) that matches no note.",
    docs: "\
### What it finds
An author-date reference in the text, in a `Sources:` line under a table or in parentheses (`(Ostrom 1990)`), for which no note cites a work by those authors from that year.

### Why it matters
Tables and figures often name their sources by author and year while the notes give full citations. When a source named there is missing from the notes, or its year differs, the reader cannot find it.

### Example
```text
Sources: Ostrom (1990); Hardin (1968).
```
with no note citing Hardin's 1968 work.

### How to fix
Add a note that cites the work in full, or correct the name or year.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    // With no full citation in its notes, a document has nothing an
    // author-date reference could match: its references point elsewhere
    // (a reading list, a regulation), and reporting each would only repeat
    // that.
    let cites_works = analysis.index.notes.iter().any(|n| {
        n.citations
            .iter()
            .any(|c| c.kind == crate::analysis::citations::CitationKind::Full)
    });
    if !cites_works {
        return;
    }
    for (reference, found) in analysis
        .index
        .author_dates
        .iter()
        .zip(&analysis.works.author_dates)
    {
        if found.is_some() || abbreviated(text, &reference.range) {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE,
            reference.range.clone(),
            format!(
                "“{}” matches no note: no citation by {} from {}; add one to the notes or correct the reference",
                reference.text,
                reference.written.join(" and "),
                reference.year
            ),
        ));
    }
}

/// Whether the reference names no author but an abbreviation: `(PO 2017)`
/// for a regulation's version, `(EEX 2018)` for a market's price. An
/// organisation cited as an author is named in full in its notes, and its
/// abbreviation is matched there; unmatched, it is more likely a label.
fn abbreviated(text: &str, range: &std::ops::Range<usize>) -> bool {
    let reference = text.get(range.clone()).unwrap_or("");
    let first = reference.split_whitespace().next().unwrap_or("");
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    (2..=4).contains(&letters)
        && first
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}
