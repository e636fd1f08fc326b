//! `mixed-marker-styles`: bracket and superscript markers in one document.

use super::{Analysis, Diagnostic, Rule, Severity};
use crate::analysis::index::MarkerStyle;

pub const RULE: Rule = Rule {
    code: "mixed-marker-styles",
    default_severity: Severity::Info,
    summary: "Bracket markers and superscript markers in one document.",
    docs: "\
### What it finds
A document whose text uses both bracket markers (`[3]`) and superscript markers (`³`) for its notes. The markers of the less common style are reported.

### Why it matters
Mixed styles are a sign of text pasted from two sources, and readers (and tools) may miss markers of the unexpected style.

### Example
```text
Salt was taxed.[1] Smugglers thrived.²
```

### How to fix
Rewrite the reported markers in the document's main style.",
};

pub(super) fn check(analysis: &Analysis, _text: &str, out: &mut Vec<Diagnostic>) {
    let body = || {
        analysis
            .index
            .markers
            .iter()
            .filter(|m| m.in_note.is_none())
    };
    let brackets = body().filter(|m| m.style == MarkerStyle::Bracket).count();
    let superscripts = body()
        .filter(|m| m.style == MarkerStyle::Superscript)
        .count();
    if brackets == 0 || superscripts == 0 {
        return;
    }
    let (minority, main, other) = if superscripts < brackets {
        (MarkerStyle::Superscript, "bracket", "superscript")
    } else {
        (MarkerStyle::Bracket, "superscript", "bracket")
    };
    let mut seen = None;
    for marker in body().filter(|m| m.style == minority) {
        if seen == Some(marker.range.start) {
            continue;
        }
        seen = Some(marker.range.start);
        out.push(Diagnostic::new(
            &RULE,
            marker.range.clone(),
            format!("{other} marker in a document that mostly uses {main} markers: write it as a {main} marker"),
        ));
    }
}
