//! `ambiguous-ibid`: an Ibid that does not name one work.

use super::{Analysis, Diagnostic, Rule, Severity, label_text};
use crate::analysis::works::{CitationRef, Unresolved, previous_gives_a_source};

pub const RULE: Rule = Rule {
    code: "ambiguous-ibid",
    default_severity: Severity::Warning,
    summary: "An Ibid with no single work before it.",
    docs: "\
### What it finds
An `Ibid.` that is the first citation of its notes section, or follows a note that cites several works, or one that is commentary rather than a source (`See the discussion above.`). A terse source before it (`Barlow.`, `Cover-Up, page 89`) is something to repeat.

### Why it matters
Ibid means “the same work as the citation before”. When the note before cites two works, the reader cannot tell which; when notes were reordered or deleted, the Ibid silently points at the wrong source.

### Example
```text
[4] Lena Park, *Harbours* (Oslo: Fjord, 2011); Tom Reyes, *Sails* (Lima: Mar, 2015).
[5] Ibid., 12.
```

### How to fix
Replace the Ibid with a short form of the work it means (`Park, *Harbours*, 12.`).",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    for (note_id, note) in analysis.index.notes.iter().enumerate() {
        for (i, citation) in note.citations.iter().enumerate() {
            let Some(problem) = &analysis.works.resolutions[note_id][i].problem else {
                continue;
            };
            let range = note.abs(&citation.range);
            let d = match problem {
                Unresolved::IbidNoAntecedent
                    if i == 0 && previous_gives_a_source(&analysis.index, text, note_id) =>
                {
                    continue;
                }
                Unresolved::IbidNoAntecedent => {
                    let notes = &analysis.index.notes;
                    let previous = note_id
                        .checked_sub(1)
                        .filter(|&p| i == 0 && notes[p].section == note.section);
                    match previous {
                        // After commentary, which cites no work.
                        Some(p) => Diagnostic::new(
                            &RULE,
                            range,
                            format!(
                                "Ibid. follows note {}, which cites no work to repeat: cite the work in full or by a short form",
                                label_text(text, &notes[p].label_range)
                            ),
                        )
                        .related(notes[p].range.clone(), "the note before"),
                        None => Diagnostic::new(
                            &RULE,
                            range,
                            "Ibid. has nothing before it to repeat: cite the work in full or by a short form",
                        ),
                    }
                }
                Unresolved::IbidAmbiguous {
                    note: previous,
                    works,
                } => {
                    let before = &analysis.index.notes[*previous];
                    Diagnostic::new(
                        &RULE,
                        range,
                        format!(
                            "Ibid. is ambiguous: note {} cites {works} works; name the one meant with a short form",
                            label_text(text, &before.label_range)
                        ),
                    )
                    .related(before.range.clone(), "the note before")
                }
                Unresolved::ShortFormUnmatched | Unresolved::RepeatsUnresolved { .. } => continue,
            };
            out.push(with_dependents(
                analysis,
                d,
                CitationRef {
                    note: note_id,
                    index: i,
                },
            ));
        }
    }
}

/// `d`, with the Ibids that repeat the citation it reports as related
/// places: they fail because it does, and are not reported again.
pub(super) fn with_dependents(
    analysis: &Analysis,
    mut d: Diagnostic,
    root: CitationRef,
) -> Diagnostic {
    for note_id in root.note..analysis.works.resolutions.len() {
        let resolutions = analysis.works.resolutions.get(note_id).unwrap_or(&[]);
        for (i, resolution) in resolutions.iter().enumerate() {
            if resolution.problem == Some(Unresolved::RepeatsUnresolved { root })
                && let Some(note) = analysis.index.notes.get(note_id)
                && let Some(citation) = note.citations.get(i)
            {
                d = d.related(note.abs(&citation.range), "an Ibid that repeats it");
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    #[test]
    fn ambiguous_ibid_with_no_antecedent() {
        check(
            "
            The hive swarmed.[1]

            [1] Ibid., 4.
                ^^^^^^^^^ ambiguous-ibid
            ",
        );
    }

    #[test]
    fn ambiguous_ibid_in_other_traditions_ebd_and_id() {
        check(
            "
            Wachs.[1] Honig.[2] Waben.[3]

            [1] Ebd., S. 4.
                ^^^^^^^^^^^ ambiguous-ibid
            [2] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
            [3] Id. at 14.
            ",
        );
    }

    #[test]
    fn ambiguous_ibid_after_a_note_with_two_works() {
        check(
            "
            Pepper.[1] Cloves.[2]

            [1] Priya Nair, *Pepper Ports* (Kochi: Malabar Press, 2015); Tom Reyes, *Sails* (Lima: Mar, 2015).
            [2] Ibid., 12.
                ^^^^^^^^^^ ambiguous-ibid
            ",
        );
    }

    /// A source ibid cannot read as a work (a title, place, year and page,
    /// no author) is something for an Ibid to repeat.
    #[test]
    fn no_ambiguous_ibid_after_a_source_given_by_title() {
        check(
            "
            Salt went inland.¹ Boats went upriver.²

            NOTES

            ¹ Notes on the river trade of the north. Boston, 1851, vol. 1, p. 3.
            ² Ibid., p. 9.
            ",
        );
    }

    /// A terse source ibid cannot read (a surname alone, an archive's
    /// reference, a title and page) is something for an Ibid to repeat.
    #[test]
    fn no_ambiguous_ibid_after_a_terse_source() {
        check(
            "
            Shots.[1] Arrest.[2] Reports.[3] Cover.[4]

            [1] Barlow.
            [2] Ibid.
            [3] 19H522-23, November 22, 1963.
            [4] Ibid, and the arrest report.
            ",
        );
    }

    #[test]
    fn ambiguous_ibid_after_commentary_and_at_the_start_of_a_second_list() {
        check(
            "
            Wax.¹ Honey.²

            NOTES

            ¹ See the discussion above.
            ² Ibid.
              ^^^^^ ambiguous-ibid

            CHAPTER TWO

            Comb.¹

            NOTES

            ¹ Ibid.
              ^^^^^ ambiguous-ibid
            ",
        );
    }

    /// After commentary the finding names the note before, which is
    /// there but cites nothing; as the first note, nothing is before it.
    #[test]
    fn the_message_says_what_stands_before_the_ibid() {
        let (_, analysis) = check(
            "
            Wax.[1] Honey.[2] Comb.[3]

            [1] Ibid.
                ^^^^^ ambiguous-ibid
            [2] See the discussion of wax above.
            [3] Ibid.
                ^^^^^ ambiguous-ibid
            ",
        );
        let messages: Vec<&str> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == "ambiguous-ibid")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "Ibid. has nothing before it to repeat: cite the work in full or by a short form",
                "Ibid. follows note [2], which cites no work to repeat: cite the work in full or by a short form",
            ]
        );
    }

    #[test]
    fn an_ibid_after_a_signal_is_one_and_leads_back_to_the_work() {
        // `Vgl. ebd.` (compare the same) is an Ibid; the plain `Ebd.` after
        // it has the work of note 1 before it.
        let (_, analysis) = check(
            "
            Bees.[1] Wax.[2] Honey.[3] Comb.[4]

            [1] Fenn, Ada: Bienen. Oslo 2010, S. 4.
            [2] Vgl. ebd., S. 7.
            [3] Ebd., S. 2.
            [4] See ibid.
            ",
        );
        let resolutions = &analysis.works.resolutions;
        assert_eq!(resolutions[1][0].work, Some(0));
        assert_eq!(resolutions[2][0].work, Some(0));
        assert_eq!(resolutions[3][0].work, Some(0));
    }

    #[test]
    fn ambiguous_ibid_not_after_one_work() {
        let (_, analysis) = check(
            "
            Bees.[1] Wax.[2] Honey.[3]

            [1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010); ibid., 4.
            [2] Ibid.
            [3] Ibid, 30-31.
            ",
        );
        let resolutions = &analysis.works.resolutions;
        assert_eq!(resolutions[0][1].work, Some(0));
        assert_eq!(resolutions[1][0].work, Some(0));
        assert_eq!(resolutions[2][0].work, Some(0));
    }
}
