//! Code actions: the fixes of the diagnostics in a range, and a source
//! action that renumbers every notes section in order of first citation,
//! as `ibid check --fix` does.

use std::ops::Range;

use super::{ActionKind, CodeAction, Snapshot};
use crate::analysis::diagnostics::{Applicability, renumber_notes};

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
    let edits = renumber_notes(analysis, snapshot.text());
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

            [1] Ben Ng, *Salt* (Lima: Andes, 2011).
            [2] Ada Lo, *Bread* (Lima: Andes, 2010).
        "#);
    }

    /// Note 2 is cited by no marker, but the Ibid of note 3 refers to its
    /// work: deleting it alone would make that Ibid cite note 1's work.
    #[test]
    fn deleting_a_note_writes_out_the_ibid_that_referred_to_it() {
        insta::assert_snapshot!(check("Bread.[1] Salt.[3]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.\n[$02] Ben Ng, *Salt* (Lima: Andes, 2011), 9.\n[3] Ibid., 12.\n"), @r#"
            QuickFix "Delete note [2], writing out in full the citation that referred through it" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            [3] Ben Ng, *Salt* (Lima: Andes, 2011), 12.

            Source "Renumber notes in order of first citation" preferred=false fixes=["note-order"]
            Bread.[1] Salt.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            [3] Ben Ng, *Salt* (Lima: Andes, 2011), 9.
            [2] Ibid., 12.
        "#);
    }

    /// A short form of a work that only the deleted note gives in full
    /// would refer to nothing: it is written out, with its own pages.
    #[test]
    fn deleting_a_note_writes_out_a_short_form_of_its_work() {
        insta::assert_snapshot!(check("Bread.[1] Salt.[3]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n[$02] Ben Ng, *Salt and Empire* (Lima: Andes, 2011), 9.\n[3] Ng, *Salt and Empire*, 30–31.\n"), @r#"
            QuickFix "Delete note [2], writing out in full the citation that referred through it" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            [3] Ben Ng, *Salt and Empire* (Lima: Andes, 2011), 30–31.

            Source "Renumber notes in order of first citation" preferred=false fixes=["note-order"]
            Bread.[1] Salt.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            [3] Ben Ng, *Salt and Empire* (Lima: Andes, 2011), 9.
            [2] Ng, *Salt and Empire*, 30–31.
        "#);
    }

    /// Note 2 repeats note 1's work, so the Ibid after it refers to the
    /// same work with or without it: the deletion is offered as it is.
    #[test]
    fn deleting_a_note_that_no_reference_depends_on_changes_nothing_else() {
        insta::assert_snapshot!(check("Bread.[1] Salt.[3]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.\n[$02] Ibid., 9.\n[3] Ibid., 12.\n"), @r#"
            QuickFix "Delete note [2]" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            [3] Ibid., 12.

            Source "Renumber notes in order of first citation" preferred=false fixes=["note-order"]
            Bread.[1] Salt.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            [2] Ibid., 12.
            [3] Ibid., 9.
        "#);
    }

    /// The Ibid after note 2 cannot tell which of its two works it means;
    /// without note 2 it would quietly mean note 1's work, and there is no
    /// work to write out in its place: no deletion is offered.
    #[test]
    fn a_deletion_that_would_give_an_ambiguous_ibid_a_work_is_not_offered() {
        insta::assert_snapshot!(check("Bread.[1] Salt.[3]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n[$02] Ben Ng, *Salt* (Lima: Andes, 2011); Cy Oh, *Oil* (Lima: Andes, 2012).\n[3] Ibid., 12.\n"), @r#"
            Source "Renumber notes in order of first citation" preferred=false fixes=["note-order"]
            Bread.[1] Salt.[2]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            [3] Ben Ng, *Salt* (Lima: Andes, 2011); Cy Oh, *Oil* (Lima: Andes, 2012).
            [2] Ibid., 12.
        "#);
    }

    /// The empty note for marker 2 would stand between note 1 and the Ibid
    /// of note 3, which would then follow a note with no work.
    #[test]
    fn an_empty_note_before_an_ibid_writes_the_ibid_out() {
        insta::assert_snapshot!(check("Bread.[1] Salt.[$02] Oil.[3]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.\n[3] Ibid., 12.\n"), @r#"
        QuickFix "Add an empty note 2 to the notes, writing out in full the citation after it" preferred=false fixes=["undefined-note"]
        Bread.[1] Salt.[2] Oil.[3]

        [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
        [2]
        [3] Ada Lo, *Bread* (Lima: Andes, 2010), 12.
        "#);
    }

    #[test]
    fn notes_in_order_give_no_source_action() {
        insta::assert_snapshot!(check("Rose.[$01]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n"), @"");
    }
}
