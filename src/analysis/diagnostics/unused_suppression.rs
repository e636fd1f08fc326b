//! `unused-suppression`: a suppression comment that suppresses nothing.

use super::suppression::{Kind, Unused};
use super::{Diagnostic, Rule, Severity, TextEdit, rule, suggest_rule};

pub const RULE: Rule = Rule {
    code: "unused-suppression",
    default_severity: Severity::Warning,
    summary: "A suppression comment (`ibid-disable-next-line CODE`) that suppresses nothing.",
    docs: "\
### What it finds
A suppression comment, or one code in it, under which no finding of that rule is reported: `ibid-disable-next-line` with no such finding on the next line, `ibid-disable` with none before the matching `ibid-enable`, or a code that names no rule.

Suppression comments are written in Markdown as HTML comments, anywhere on a line, and in any document as a line of their own:

```text
<!-- ibid-disable-next-line empty-url -->
<!-- ibid-disable note-order --> … <!-- ibid-enable -->
ibid-disable-next-line empty-url
```

Codes are separated by spaces or commas; with no code, every rule is suppressed.

### Why it matters
A suppression outlives the finding it was written for: once the URL is restored or the note renumbered, it stays and would hide the next real problem on that line. A misspelt code suppresses nothing at all.

### Example
```text
<!-- ibid-disable-next-line empty-url -->
Tea spread west.[1]
```
where nothing on the second line is an empty URL.

### How to fix
Delete the comment, or the code in it that is no longer needed, or correct the code (`ibid rules` lists them). The fix deletes a comment all of whose codes are unused; since it removes text, `ibid check --fix` applies it only with `--unsafe-fixes`.",
};

/// The finding for one unused code of a directive (`None`: a directive
/// that names no code); `whole` when none of its codes is used, so that
/// deleting the directive is the fix.
pub(super) fn finding(unused: &Unused) -> Diagnostic {
    let Unused {
        directive,
        code,
        whole,
    } = unused;
    let (code, whole) = (*code, *whole);
    let written = code.map(|c| directive.codes[c].clone());
    let range = written
        .as_ref()
        .map_or(directive.range.clone(), |(_, r)| r.clone());
    let message = match &written {
        Some((name, _)) if rule(name).is_none() => match suggest_rule(name) {
            Some(close) => {
                format!("`{name}` is not a rule, so nothing is suppressed: did you mean `{close}`?")
            }
            None => format!(
                "`{name}` is not a rule, so nothing is suppressed: `ibid rules` lists the codes"
            ),
        },
        Some((name, _)) => match directive.kind {
            Kind::NextLine => {
                format!("no {name} finding on the next line to suppress: delete the suppression")
            }
            _ => format!(
                "no {name} finding before the matching ibid-enable to suppress: delete the suppression"
            ),
        },
        None => match directive.kind {
            Kind::NextLine => {
                "nothing on the next line to suppress: delete the suppression".to_string()
            }
            _ => "nothing before the matching ibid-enable to suppress: delete the suppression"
                .to_string(),
        },
    };
    let d = Diagnostic::new(&RULE, range, message);
    if whole {
        d.unsafe_fix(
            "Delete the unused suppression",
            vec![TextEdit {
                range: directive.removal.clone(),
                new_text: String::new(),
            }],
        )
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::{SMALL_BIB, check};
    use crate::analysis::fixture::trim_indent;
    use crate::analysis::{analyze, diagnostics::apply_edits};

    #[test]
    fn unused_suppression_for_nothing_on_the_next_line_or_a_misspelt_code() {
        let (text, analysis) = check(
            "
            <!-- ibid-disable-next-line empty-url -->
                                        ^^^^^^^^^ unused-suppression
            Bees dance.[1]
                       ^^^ undefined-note
            ibid-disable-next-line undefined-notes
                                   ^^^^^^^^^^^^^^^ unused-suppression
            Wasps sting.[2]
                        ^^^ undefined-note
            ",
        );
        let messages: Vec<&str> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == "unused-suppression")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "no empty-url finding on the next line to suppress: delete the suppression",
                "`undefined-notes` is not a rule, so nothing is suppressed: did you mean `undefined-note`?",
            ]
        );
        // The fix deletes the comment with its line, and removes text: unsafe.
        let first = &analysis.diagnostics[0];
        let fix = first.fix.as_ref().expect("a fix");
        assert_eq!(
            fix.applicability,
            crate::analysis::diagnostics::Applicability::Unsafe
        );
        assert!(apply_edits(&text, &fix.edits).starts_with("Bees dance.[1]\n"));
    }

    #[test]
    fn unused_suppression_is_decided_again_when_citations_are_resolved() {
        use crate::analysis::bibliography::{Bibliographies, Bibliography};
        use std::sync::Arc;
        let text = "<!-- ibid-disable-next-line unknown-citekey -->\nAs [@nobody2000] said.\n";
        let mut analysis = analyze(text);
        // Before the bibliographies are known, nothing is reported on the line.
        assert_eq!(analysis.diagnostics[0].code, "unused-suppression");
        let files =
            Bibliography::parse_path(std::path::Path::new("refs.bib"), &trim_indent(SMALL_BIB))
                .map(Arc::new)
                .into_iter()
                .collect();
        analysis.resolve_citations(Arc::new(Bibliographies::new(files, Vec::new())), text);
        assert!(
            analysis.diagnostics.is_empty(),
            "{:#?}",
            analysis.diagnostics
        );
        assert_eq!(analysis.suppressed.len(), 1);
        assert_eq!(analysis.suppressed[0].code, "unknown-citekey");
    }
}
