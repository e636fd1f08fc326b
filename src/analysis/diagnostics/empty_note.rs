//! `empty-note`: a note with a label and nothing after it.

use super::{Analysis, Diagnostic, Rule, Severity, note_name};
use crate::analysis::index::LabelStyle;

pub const RULE: Rule = Rule {
    code: "empty-note",
    default_severity: Severity::Warning,
    summary: "A note with a label and no text.",
    docs: "\
### What it finds
A note definition whose label stands alone: `[12]` with nothing after it, on its line or below.

### Why it matters
The marker that leads to it leads nowhere: the source it should name is missing. Such notes are left by an editor's placeholder, by a paste that lost a note's text, or by adding a note for a marker without writing it.

### Example
```text
Tides follow the moon.[12]

[12]
```

### How to fix
Write the citation the note stands for, or remove the marker and the note.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    for note in &analysis.index.notes {
        // A pasted Wikipedia list cut short ends on a bare `Jump up`: the
        // paste lost the rest of the list, which `undefined-note` reports.
        if note.style == LabelStyle::Backlink {
            continue;
        }
        let body = note
            .body_range
            .as_ref()
            .and_then(|b| text.get(b.clone()))
            .unwrap_or("");
        if body.trim().is_empty() && !text_below(analysis, text, note.range.end) {
            out.push(Diagnostic::new(
                &RULE,
                note.label_range.clone(),
                format!(
                    "note {} has no text: write the citation it stands for, or remove it and its markers",
                    note_name(text, note)
                ),
            ));
        }
    }
}

/// Whether the text of a note alone on its line stands below it, set off
/// by a blank line: indented, as a book sets a quoted verse that is the
/// note (`[2]`, a blank line, `    "Open thy purse,`), or as a paragraph of
/// its own, as a web page's notes come out when copied as text (`[1]`, a
/// blank line, `My experience skipped a step`). Not where what follows is
/// another note or a heading: then the note is empty.
fn text_below(analysis: &Analysis, text: &str, end: usize) -> bool {
    let Some(below) = analysis.index.line_after_blank(text, end) else {
        return false;
    };
    below.line.starts_with([' ', '\t'])
        || (!below.opens_a_block
            && below.line.trim_start().starts_with(|c: char| {
                c.is_alphabetic() || matches!(c, '"' | '“' | '‘' | '*' | '_')
            }))
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    /// A web page's notes copied as text: each label on its line, its
    /// text the paragraph below. A label with the next note below it is
    /// empty.
    #[test]
    fn a_label_above_its_paragraph_is_no_empty_note() {
        check(
            "
            Tides follow the moon.[1] Ports flood.[2] Ships wait.[3]

            ## Notes

            [1]

            My first harbour had no tide tables at all.

            [2]
            ^^^ empty-note

            [3] Ashworth, *Tides* (Oslo: Fjord, 1999).
            ",
        );
    }

    #[test]
    fn empty_note_with_a_label_alone() {
        check(
            "
            Tides follow the moon.[1] Ports flood.[2]

            [1]
            ^^^ empty-note
            [2] Ashworth, *Tides* (Oslo: Fjord, 1999).
            ",
        );
    }

    /// A label alone whose text is the indented passage below it.
    #[test]
    fn no_empty_note_when_its_text_is_set_below_it() {
        check(
            "
            They sang at the new year.[1] Then went home.[2]

            [1] From an old woman of the parish.

            [2]

                \"Open thy purse,
                And shut it again.\"

            [3]
            ^^^ empty-note
            ",
        );
    }
}
