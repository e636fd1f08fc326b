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

pub(super) fn check(analysis: &Analysis, _text: &str, out: &mut Vec<Diagnostic>) {
    for (reference, found) in analysis
        .index
        .author_dates
        .iter()
        .zip(&analysis.works.author_dates)
    {
        if found.is_some() {
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
