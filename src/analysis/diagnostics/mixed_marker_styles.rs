//! `mixed-marker-styles`: bracket and superscript markers in one document.

use super::{Analysis, Diagnostic, Rule, Severity};
use crate::analysis::index::MarkerStyle;
use crate::analysis::index::after_link_text;
use crate::analysis::text::token_has;

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

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    let body = || {
        analysis
            .index
            .markers
            .iter()
            .filter(|m| m.in_note.is_none())
    };
    // Escaped brackets (`\[1\]`) are an editor export's own list beside
    // the document's superscript footnotes, not a slip of style; so are
    // markers that link somewhere (`[[1]](#ftnt1)`), and the label of a
    // reference link (`[“An essay”][1]`).
    let plain_bracket = |m: &&crate::analysis::index::MarkerRef| {
        m.style == MarkerStyle::Bracket
            && text
                .get(m.range.clone())
                .is_some_and(|t| !t.starts_with('\\') && !token_has(t, "]("))
            && !after_link_text(text, m.range.start)
    };
    let brackets = body().filter(plain_bracket).count();
    let superscripts = body()
        .filter(|m| m.style == MarkerStyle::Superscript)
        .count();
    // Two lists of notes, each cited in its own style, mix nothing.
    if brackets == 0 || superscripts == 0 || analysis.index.two_note_lists {
        return;
    }
    let (minority, main, other) = if superscripts < brackets {
        (MarkerStyle::Superscript, "bracket", "superscript")
    } else {
        (MarkerStyle::Bracket, "superscript", "bracket")
    };
    let mut seen = None;
    for marker in body()
        .filter(|m| m.style == minority && (minority != MarkerStyle::Bracket || plain_bracket(m)))
    {
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

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    #[test]
    fn mixed_marker_styles_reports_the_minority() {
        check(
            "
            Salt was taxed.¹ Smugglers thrived.² 🙂 Ports grew.[3]
                                                              ^^^ mixed-marker-styles

            NOTES

            ¹ Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
            ² Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
            - ³ Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
            ",
        );
    }

    #[test]
    fn mixed_marker_styles_not_for_exponents_in_a_bracket_document() {
        check(
            "
            Salt was taxed.[1] The pans covered 3 km².[2]

            [1] Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
            [2] Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
            ",
        );
    }
}
