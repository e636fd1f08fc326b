//! `run-on-citation`: two citations with no separator between them.

use super::{Analysis, Diagnostic, Rule, Severity, TextEdit, note_name};

pub const RULE: Rule = Rule {
    code: "run-on-citation",
    default_severity: Severity::Warning,
    summary: "Two citations run together with no `;` between them.",
    docs: "\
### What it finds
A note in which a second citation starts right after the first one's publication details, with no semicolon: `… (Oslo: Fjord, 2011) Tom Reyes, *Sails* …`.

### Why it matters
The two works read as one: tools and readers take the second author for part of the first citation, and short forms or Ibids that refer to the second work cannot find it.

### Example
```text
[2] Lena Park, *Harbours* (Oslo: Fjord, 2011) Tom Reyes, *Sails* (Lima: Mar, 2015).
```

### How to fix
Separate the citations with `; ` (the quick fix does).",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    for note in &analysis.index.notes {
        for citation in note.citations.iter() {
            let Some(gap) = &citation.run_on else {
                continue;
            };
            let gap = note.abs(gap);
            let next = note.abs(&citation.range);
            let word_end = text[next.clone()]
                .find(char::is_whitespace)
                .map_or(next.end, |i| next.start + i);
            out.push(
                Diagnostic::new(
                    &RULE,
                    gap.start.saturating_sub(1)..word_end,
                    format!(
                        "two citations run together in note {}: separate them with “; ”",
                        note_name(text, note)
                    ),
                )
                .fix(
                    "Separate the citations with “; ”",
                    vec![TextEdit {
                        range: gap,
                        new_text: "; ".into(),
                    }],
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;
    use crate::analysis::diagnostics::test_support::{check, check_fix, codes};

    #[test]
    fn run_on_citation_without_a_separator() {
        check(
            "
            Lamps.[1]

            [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015) Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
                                                                              ^^^^^^^ run-on-citation
            ",
        );
    }

    #[test]
    fn run_on_citation_not_when_separated() {
        let (_, analysis) = check(
            "
            Lamps.[1]

            [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015); Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
            ",
        );
        assert_eq!(analysis.index.notes[0].citations.len(), 2);
    }

    // Fixes: run-on-citation inserts the separator.

    #[test]
    fn run_on_citation_fix_inserts_a_semicolon() {
        let fixed = check_fix(
            "run-on-citation",
            "
            Lamps.[1]

            [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015) Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
            ",
            "
            Lamps.[1]

            [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015); Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
            ",
        );
        assert!(codes(&analyze(&fixed)).is_empty());
    }
}
