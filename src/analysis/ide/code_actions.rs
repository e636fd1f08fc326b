//! Code actions: the fixes of the diagnostics in a range, a suppression
//! comment for each, and a source action that renumbers every notes
//! section in order of first citation, as `ibid check --fix` does.

use std::ops::Range;

use super::{ActionKind, CodeAction, Snapshot};
use crate::analysis::diagnostics::suppression::disable_next_line;
use crate::analysis::diagnostics::{
    Applicability, BIBLIOGRAPHY_RULES, CommentStyle, TextEdit, renumber_notes, touches,
};

pub(super) fn code_actions(
    snapshot: Snapshot<'_>,
    range: Range<usize>,
    comments: CommentStyle,
) -> Vec<CodeAction> {
    let analysis = snapshot.analysis;
    let mut actions: Vec<CodeAction> = Vec::new();
    let found = analysis.diagnostics_with_fixes(snapshot.text(), range.clone());
    for d in found.iter() {
        if !touches(&d.range, &range) {
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
    // Each finding can be held back where it is. Not `unused-suppression`:
    // a comment above a comment would suppress nothing itself.
    let mut disabled: Vec<((&str, usize), usize)> = Vec::new();
    for d in &analysis.diagnostics {
        if d.range.start > range.end || d.range.end < range.start || d.code == "unused-suppression"
        {
            continue;
        }
        // Two findings of one rule on one line: one comment holds both.
        let line = line_start(snapshot.text(), d.range.start);
        if let Some((_, same)) = disabled
            .iter()
            .find(|(key, _)| *key == (d.code, line))
            .and_then(|(key, i)| Some((key, actions.get_mut(*i)?)))
        {
            same.fixes.push((d.code, d.range.clone()));
            continue;
        }
        let Some(edit) = disable_edit(snapshot, d.code, d.range.start, comments) else {
            continue;
        };
        disabled.push(((d.code, line), actions.len()));
        actions.push(CodeAction {
            title: format!("Disable {} for this line", d.code),
            kind: ActionKind::QuickFix,
            edits: vec![edit],
            fixes: vec![(d.code, d.range.clone())],
            preferred: false,
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

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The comment that holds back the findings of rule `code` on the line of
/// byte `at` and changes nothing else: the document analysed with it has
/// the same other findings. A comment that would change how the notes read
/// (a line of its own in a list of notes with no heading) is passed over;
/// where every place would, none is offered.
fn disable_edit(
    snapshot: Snapshot<'_>,
    code: &str,
    at: usize,
    comments: CommentStyle,
) -> Option<TextEdit> {
    let text = snapshot.text();
    let line = line_start(text, at);
    // Without the bibliographies, which a one-off analysis does not have.
    let others = |diagnostics: &[crate::analysis::diagnostics::Diagnostic], text: &str, line| {
        let mut found: Vec<(&'static str, String)> = diagnostics
            .iter()
            .filter(|d| !BIBLIOGRAPHY_RULES.contains(&d.code))
            .filter(|d| !(d.code == code && line_start(text, d.range.start) == line))
            .map(|d| (d.code, d.message.clone()))
            .collect();
        found.sort();
        found
    };
    let before = others(&snapshot.analysis.diagnostics, text, line);
    disable_next_line(text, at, code, comments)
        .into_iter()
        .find(|edit| {
            // The text with the comment, reparsed from the document's tree:
            // a fresh parse of a megabyte would cost most of a request.
            let Ok(after) = snapshot.document.edited(edit.range.clone(), &edit.new_text) else {
                return false;
            };
            let moved_line = if edit.range.start <= line {
                line + edit.new_text.len()
            } else {
                line
            };
            let analysis = snapshot.analysis.of_edited(&after);
            // A directive line of plain text is text: where it would join
            // the note above, it rewrites that note even when no finding
            // shows it.
            let inserted = edit.range.start..edit.range.start + edit.new_text.len();
            let joins_a_note = comments != CommentStyle::Html
                && analysis
                    .index
                    .notes
                    .iter()
                    .any(|n| n.range.start < inserted.end && inserted.start < n.range.end);
            !joins_a_note && others(&analysis.diagnostics, after.text(), moved_line) == before
        })
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::{CommentStyle, apply_edits};
    use crate::analysis::fixture::{Fixture, with_snapshot};

    /// Each action: its kind, title, whether preferred, what it fixes, and
    /// the document after it. The fixture's `$0` is the range (empty).
    fn check(fixture: &str) -> String {
        let f = Fixture::parse(fixture);
        let at = f.cursor();
        with_snapshot(&f.text, |s| {
            super::code_actions(s, at..at, CommentStyle::Html)
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

            QuickFix "Disable undefined-note for this line" preferred=false fixes=["undefined-note"]
            <!-- ibid-disable-next-line undefined-note -->
            Rose.[2] Fell.[1] Gone.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010).
            [2] Ben Ng, *Salt* (Lima: Andes, 2011).

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

            QuickFix "Disable unused-note for this line" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4. <!-- ibid-disable-next-line unused-note -->
            [2] Ben Ng, *Salt* (Lima: Andes, 2011), 9.
            [3] Ibid., 12.
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

            QuickFix "Disable unused-note for this line" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010). <!-- ibid-disable-next-line unused-note -->
            [2] Ben Ng, *Salt and Empire* (Lima: Andes, 2011), 9.
            [3] Ng, *Salt and Empire*, 30–31.
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

            QuickFix "Disable unused-note for this line" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4. <!-- ibid-disable-next-line unused-note -->
            [2] Ibid., 9.
            [3] Ibid., 12.
        "#);
    }

    /// The Ibid after note 2 cannot tell which of its two works it means;
    /// without note 2 it would quietly mean note 1's work, and there is no
    /// work to write out in its place: no deletion is offered.
    #[test]
    fn a_deletion_that_would_give_an_ambiguous_ibid_a_work_is_not_offered() {
        insta::assert_snapshot!(check("Bread.[1] Salt.[3]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n[$02] Ben Ng, *Salt* (Lima: Andes, 2011); Cy Oh, *Oil* (Lima: Andes, 2012).\n[3] Ibid., 12.\n"), @r#"
            QuickFix "Disable unused-note for this line" preferred=false fixes=["unused-note"]
            Bread.[1] Salt.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010). <!-- ibid-disable-next-line unused-note -->
            [2] Ben Ng, *Salt* (Lima: Andes, 2011); Cy Oh, *Oil* (Lima: Andes, 2012).
            [3] Ibid., 12.
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

            QuickFix "Disable undefined-note for this line" preferred=false fixes=["undefined-note"]
            <!-- ibid-disable-next-line undefined-note -->
            Bread.[1] Salt.[2] Oil.[3]

            [1] Ada Lo, *Bread* (Lima: Andes, 2010), 4.
            [3] Ibid., 12.
        "#);
    }

    /// The "Disable" action of the finding at the cursor, applied with
    /// comments written `style`: the text after it, and the findings left.
    fn disable(fixture: &str, style: CommentStyle) -> Option<(String, Vec<&'static str>)> {
        let f = Fixture::parse(fixture);
        let at = f.cursor();
        let after = with_snapshot(&f.text, |s| {
            let actions = super::code_actions(s, at..at, style);
            let action = actions.iter().find(|a| a.title.starts_with("Disable"))?;
            Some(apply_edits(&f.text, &action.edits))
        })?;
        let codes = crate::analysis::analyze(&after)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        Some((after, codes))
    }

    /// The comment goes on a line of its own above the finding's, which it
    /// then holds back, leaving every other finding as it was.
    #[test]
    fn a_finding_is_disabled_for_its_line_by_a_comment_above_it() {
        let notes = "Rose.[1] Fell.[2]\n\nNOTES\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n[2] Ben Ng, “Salt,” Andes Review, May 2, 2019,$0\n";
        assert_eq!(
            disable(notes, CommentStyle::Html),
            Some((
                "Rose.[1] Fell.[2]\n\nNOTES\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n<!-- ibid-disable-next-line empty-url -->\n[2] Ben Ng, “Salt,” Andes Review, May 2, 2019,\n".to_string(),
                vec![]
            ))
        );
        // Plain text, in the body; among notes, its line would join the
        // note before, so no action is offered there.
        assert_eq!(
            disable("Rose.[$02] Fell.[1]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n", CommentStyle::Line),
            Some((
                "ibid-disable-next-line undefined-note\nRose.[2] Fell.[1]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n".to_string(),
                vec![]
            ))
        );
        assert_eq!(disable(notes, CommentStyle::Line), None);
        // An indented line keeps its indentation; CRLF text gets CRLF.
        assert_eq!(
            disable("  Rose.[$02] Fell.[1]\r\n\r\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\r\n", CommentStyle::Html),
            Some((
                "  <!-- ibid-disable-next-line undefined-note -->\r\n  Rose.[2] Fell.[1]\r\n\r\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\r\n".to_string(),
                vec![]
            ))
        );
    }

    /// reStructuredText gets a comment, which its readers do not print.
    #[test]
    fn restructured_text_gets_its_own_comment() {
        assert_eq!(
            disable("Rose [$02]_ fell [#]_.\n\n.. [#] Ada Lo, *Bread* (Lima: Andes, 2010).\n", CommentStyle::Rst),
            Some((
                ".. ibid-disable-next-line undefined-note\nRose [2]_ fell [#]_.\n\n.. [#] Ada Lo, *Bread* (Lima: Andes, 2010).\n".to_string(),
                vec![]
            ))
        );
        let notes = "Rose [#]_ fell [#]_.\n\n.. [#] Ada Lo, *Bread* (Lima: Andes, 2010).\n.. [#] Ben Ng, “Salt,” Andes Review, May 2, 2019,$0\n";
        assert_eq!(disable(notes, CommentStyle::Rst), None);
    }

    /// In a list of notes with no heading, a line of its own would end the
    /// list: Markdown gets the comment at the end of the line before; plain
    /// text, whose directive must be a line of its own, gets no action.
    #[test]
    fn in_a_list_without_a_heading_the_comment_ends_the_line_before() {
        let notes = "Rose.[1] Fell.[2]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n[2] Ben Ng, “Salt,” Andes Review, May 2, 2019,$0\n";
        assert_eq!(
            disable(notes, CommentStyle::Html),
            Some((
                "Rose.[1] Fell.[2]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010). <!-- ibid-disable-next-line empty-url -->\n[2] Ben Ng, “Salt,” Andes Review, May 2, 2019,\n".to_string(),
                vec![]
            ))
        );
        assert_eq!(disable(notes, CommentStyle::Line), None);
    }

    #[test]
    fn notes_in_order_give_no_source_action() {
        insta::assert_snapshot!(check("Rose.[$01]\n\n[1] Ada Lo, *Bread* (Lima: Andes, 2010).\n"), @"");
    }
}
