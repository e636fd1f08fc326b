//! Code actions: the fixes of the diagnostics in a range, and a source
//! action that renumbers every notes section in order of first citation.

use std::ops::Range;

use super::{ActionKind, CodeAction, Snapshot};
use crate::analysis::diagnostics::{Applicability, renumber_edits};

pub(super) fn code_actions(snapshot: Snapshot<'_>, range: Range<usize>) -> Vec<CodeAction> {
    let analysis = snapshot.analysis;
    let mut actions: Vec<CodeAction> = Vec::new();
    for d in &analysis.diagnostics {
        if d.range.start > range.end || d.range.end < range.start {
            continue;
        }
        let Some(fix) = &d.fix else { continue };
        // One fix can mend several diagnostics (a renumbering): offer it once.
        if let Some(same) = actions
            .iter_mut()
            .find(|a| a.title == fix.title && a.edits == fix.edits)
        {
            same.fixes.push((d.code, d.range.clone()));
            continue;
        }
        actions.push(CodeAction {
            title: fix.title.clone(),
            kind: ActionKind::QuickFix,
            edits: fix.edits.clone(),
            fixes: vec![(d.code, d.range.clone())],
            preferred: fix.applicability == Applicability::Safe,
        });
    }
    let edits: Vec<_> = (0..analysis.index.sections.len())
        .flat_map(|s| renumber_edits(analysis, snapshot.text(), s))
        .collect();
    if !edits.is_empty() {
        actions.push(CodeAction {
            title: "Renumber notes in order of first citation".to_string(),
            kind: ActionKind::Source,
            edits,
            fixes: analysis
                .diagnostics
                .iter()
                .filter(|d| d.code == "note-order")
                .map(|d| (d.code, d.range.clone()))
                .collect(),
            preferred: false,
        });
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{Fixture, with_snapshot};
    use crate::analysis::diagnostics::apply_edits;

    /// Each action: its kind, title, whether preferred, what it fixes, and
    /// the document after it. The fixture's `$0` is the range (empty).
    fn check(fixture: &str) -> String {
        let f = Fixture::parse(fixture);
        let at = f.cursor();
        with_snapshot(&f.text, |s| {
            super::code_actions(s, at..at)
                .iter()
                .map(|a| {
                    let fixes: Vec<_> = a.fixes.iter().map(|(code, _)| *code).collect();
                    format!(
                        "{:?} {:?} preferred={} fixes={fixes:?}\n{}",
                        a.kind,
                        a.title,
                        a.preferred,
                        apply_edits(&f.text, &a.edits)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn an_undefined_marker_gets_a_stub_and_out_of_order_notes_a_renumbering() {
        insta::assert_snapshot!(check("Rose.[2] Fell.[1] Gone.[$03]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n[2] Ben Ng, *Salt* (Lima: Andes, 2011).\n"), @r#"
            QuickFix "Add an empty note 3 to the notes" preferred=false fixes=["undefined-note"]
            Rose.[2] Fell.[1] Gone.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            [2] Ben Ng, *Salt* (Lima: Andes, 2011).
            [3]

            Source "Renumber notes in order of first citation" preferred=false fixes=["note-order"]
            Rose.[1] Fell.[2] Gone.[3]

            [2] Ada Lo, *Bread* (Lima: Andes, 2010).
            [1] Ben Ng, *Salt* (Lima: Andes, 2011).
            "#);
    }

    #[test]
    fn notes_in_order_give_no_source_action() {
        insta::assert_snapshot!(check("Rose.[$01]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n"), @"");
    }
}
