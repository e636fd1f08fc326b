//! `unrecognised-notes`: a list of notes that ibid could not read, reported
//! once instead of once for every marker that it leaves unbound.

use std::ops::Range;

use super::{Analysis, Diagnostic, Rule, Severity, quote};
use crate::analysis::index::{Index, MarkerStyle};

pub const RULE: Rule = Rule {
    code: "unrecognised-notes",
    default_severity: Severity::Info,
    summary: "A list of notes that could not be read, so its markers could not be checked.",
    docs: "\
### What it finds
A document whose numbered markers (`[12]`, `¹²`) all lack a note although it has a notes section (`References`, `Notes`, `Works cited`, …) whose entries are written in a way ibid does not read as notes.

### Why it matters
Without the notes, every marker would look undefined: one finding for the list says what happened instead of one error per marker, and the markers are left unchecked rather than reported wrongly.

### Example
```text
Tides follow the moon.[1]

References

(i) Ashworth, Tides (1999).
```

### How to fix
Write the notes in one of the forms ibid reads (`[1] …`, `1. …`, `¹ …`, `[^1]: …`), or leave the finding: it is informational.",
};

/// The notes section whose entries were not read, when that explains why
/// no numbered marker of the document has a note: every such marker is
/// unbound, and there is a notes section with a heading and some text but
/// no notes.
pub(crate) fn unread_section(index: &Index) -> Option<usize> {
    let numbered = |m: &&crate::analysis::index::MarkerRef| {
        matches!(m.style, MarkerStyle::Bracket | MarkerStyle::Superscript)
    };
    let mut markers = index.markers.iter().filter(numbered).peekable();
    markers.peek()?;
    if markers.any(|m| m.target.is_some()) {
        return None;
    }
    index
        .sections
        .iter()
        .position(|s| s.notes.is_empty() && s.heading.as_ref().is_some_and(|h| h.end < s.range.end))
}

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    let index = &analysis.index;
    let Some(section) = unread_section(index) else {
        return;
    };
    let section = &index.sections[section];
    let Some(heading) = section.heading.clone() else {
        return;
    };
    let unbound: Vec<Range<usize>> = index
        .markers
        .iter()
        .filter(|m| matches!(m.style, MarkerStyle::Bracket | MarkerStyle::Superscript))
        .map(|m| m.range.clone())
        .collect();
    let title = quote(text.get(heading.clone()).unwrap_or(""), 40);
    let count = unbound.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut d = Diagnostic::new(
        &RULE,
        heading,
        format!(
            "the notes under “{}” were not recognised, so {count} marker{plural} could not be matched to them",
            title.trim_start_matches(['#', ' '])
        ),
    );
    // The first markers, for the editor's related information; the count
    // says how many there are.
    for range in unbound.into_iter().take(5) {
        d = d.related(range, "a marker left unchecked");
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    #[test]
    fn unrecognised_notes_replace_one_error_per_marker() {
        check(
            "
            Tides follow the moon.[1] Ports flood in spring.[2]

            References
            ^^^^^^^^^^ unrecognised-notes

            (i) Ashworth, Tides (1999).
            (ii) Brandt, Ports (2004).
            ",
        );
    }

    #[test]
    fn unrecognised_notes_not_reported_where_markers_bind() {
        check(
            "
            Tides follow the moon.[1] Ports flood in spring.[2]
                                                            ^^^ undefined-note

            [1] Ashworth, *Tides* (Oslo: Fjord, 1999).

            Further reading

            (i) Brandt, Ports (2004).
            ",
        );
    }
}
