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
