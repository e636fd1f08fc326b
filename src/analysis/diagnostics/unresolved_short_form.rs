//! `unresolved-short-form`: a short form that matches no earlier full citation.

use super::{Analysis, Diagnostic, RELATED_LIMIT, Related, Rule, Severity, quote};
use crate::analysis::works::{CitationRef, Unresolved, identity};

pub const RULE: Rule = Rule {
    code: "unresolved-short-form",
    default_severity: Severity::Warning,
    summary: "A short form with no earlier full citation of the same work.",
    docs: "\
### What it finds
A citation that names a work by author and title only (`Park, *Harbours*, 12.`) where no earlier note cites that author and title in full. A work that every note cites only in short form is one finding, at its first short form, with the others as its related places.

### Why it matters
A short form is only a pointer to the full citation. If notes were reordered so that the short form now comes first, or the full citation was deleted, the reader has no way to find the work.

### Example
```text
[1] Park, *Harbours*, 12.
```

A legal short form that points back to a note (`Park, *supra* note 3, at 12.`) is the work cited in that note, whatever name it gives it (a `[hereinafter …]` name, say); it is reported only where no earlier note has that number and no earlier full citation has its author.

A work the document's own bibliography lists in full (`Park, Jun. *Harbours of the North Sea*. Leiden: Brill, 2004.`, a line that opens with the surname, as notes-and-bibliography style has it, or with `———.` for the author above) needs no full citation in the notes: its short form leads to the entry.

A pasted Wikipedia reference (`^ Davies, p. 4`) is not checked: its short forms point into the article's bibliography, a list of sources rather than notes. Nor is a classic cited by the divisions every edition shares (`Plato, *Cratylus*, 401d`, `Aristotle, *Politics*, 1253a`, `§22`, `bk. 5, chap. 8`), which needs no full citation.

### How to fix
Give the work in full where it is first cited, and keep the short form for later citations.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    // One work cited again and again by a short form that nothing gives in
    // full is one finding, at its first short form: the others are its
    // related places, so that a missing entry does not bury the rest.
    let mut first_of_work: rustc_hash::FxHashMap<(&str, &str, Option<u16>), usize> =
        rustc_hash::FxHashMap::default();
    let mut repeats: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for (note_id, note) in analysis.index.notes.iter().enumerate() {
        // A pasted Wikipedia reference's short form (`^ Davies, p. 4`)
        // points into the article's bibliography, a list of sources
        // rather than notes, which the paste keeps after the references.
        if note.is_wikipedia_reference() {
            continue;
        }
        for (i, citation) in note.citations.iter().enumerate() {
            if analysis.works.resolutions[note_id][i].problem
                != Some(Unresolved::ShortFormUnmatched)
            {
                continue;
            }
            // Given in full in another chapter of the book.
            if analysis.shelf.as_ref().is_some_and(|s| s.answers(citation)) {
                continue;
            }
            let range = note.abs(&citation.range);
            // A classic cited by its canonical divisions needs no edition.
            if by_canonical_division(&text[range.clone()]) {
                continue;
            }
            let (author, title) = identity(citation);
            let work = (author, title, citation.year);
            if !author.is_empty() && (!title.is_empty() || citation.year.is_some()) {
                if let Some(&first) = first_of_work.get(&work) {
                    *repeats.entry(first).or_default() += 1;
                    if let Some(d) = out.get_mut(first)
                        && d.related.len() < RELATED_LIMIT
                    {
                        d.related.push(Related {
                            range,
                            message: "the same work again in short form".into(),
                        });
                    }
                    continue;
                }
                first_of_work.insert(work, out.len());
            }
            let d = Diagnostic::new(
                &RULE,
                range.clone(),
                format!(
                    "short form “{}” matches no earlier full citation: cite the work in full first",
                    quote(&text[range], 60)
                ),
            );
            let root = CitationRef {
                note: note_id,
                index: i,
            };
            out.push(super::ambiguous_ibid::with_dependents(analysis, d, root));
        }
    }
    for (first, more) in repeats {
        if let Some(d) = out.get_mut(first) {
            d.message = format!(
                "{}; it is cited {more} more time{} the same way",
                d.message,
                if more == 1 { "" } else { "s" }
            );
        }
    }
}

/// Whether a citation locates its passage by the divisions every edition
/// of a classic shares rather than by an edition's pages: Stephanus and
/// Bekker numbers (`Plato, *Cratylus*, 401d`, `Aristotle, *Nicomachean
/// Ethics*, 1103a12`), sections (`§22`), books (`bk. 5, chap. 8`). Such a
/// citation needs no full form (Chicago 14.256).
fn by_canonical_division(citation: &str) -> bool {
    let words: Vec<&str> = citation
        .split([' ', ',', ';', '(', ')'])
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| (1..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let stephanus_letter = |w: &str| {
        let b = w.as_bytes();
        matches!(b.first(), Some(b'a'..=b'e'))
            && (b.len() == 1 || (b.len() == 3 && b[1] == b'-' && matches!(b[2], b'a'..=b'e')))
    };
    let roman = |w: &str| {
        !w.is_empty() && w.len() <= 6 && w.bytes().all(|b| matches!(b, b'i' | b'v' | b'x' | b'l'))
    };
    citation.contains('§')
        || words.iter().any(|word| {
            // `401d`, `1103a14`
            let digits = word.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &word.as_bytes()[digits..];
            (1..=4).contains(&digits)
                && matches!(rest.first(), Some(b'a'..=b'e'))
                && rest.len() <= 3
                && rest[1..].iter().all(u8::is_ascii_digit)
        })
        || words.windows(2).any(|w| {
            // `65 c-d`; `iv. 690`, a book and a line; `PL 3`, Migne's
            // Patrologia.
            (number(w[0]) && stephanus_letter(w[1]))
                || (roman(w[0])
                    && citation.contains(&format!("{}. {}", w[0], w[1]))
                    && number(w[1]))
                || (matches!(w[0], "PL" | "PG") && number(w[1]))
        })
        || citation.contains("bk. ")
        || citation.contains(", book ")
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    /// A pasted Wikipedia reference's short form points into the article's
    /// bibliography: no finding.
    #[test]
    fn a_wikipedia_references_short_form_is_left_to_its_bibliography() {
        check(
            "
            The box holds a particle.[1]

            References

               1. ^ a b Fenn, p. 4

            Bibliography

            Fenn, Ada (2006). Boxes and Wells. Oslo: Fjord.
            ",
        );
    }

    /// A note that gives its author and year and links to the work
    /// (`Name (2011), [“Title”](https://…)`) cites it in full, whether the
    /// link's text is quoted or not.
    #[test]
    fn an_author_and_year_with_a_link_to_the_work_is_a_full_citation() {
        check(
            "
            Software ate the harbour.[^1] The lamps went digital.[^2]

            [^1]: Ada Fenn (2011), [“Why Lamps Burn Out”](https://lamps.example/why)
            [^2]: Ben Oar (2012), [The Economics of Oil Lamps](https://oil.example/lamps.pdf), Harbour Research
            ",
        );
    }

    /// In notes-and-bibliography style the bibliography gives each work in
    /// full (`———.` for another work by the same author), so a first note
    /// may be short; a short form of a work it does not list still fails.
    #[test]
    fn a_short_form_of_a_work_the_bibliography_lists_resolves() {
        check(
            "
            The quay was rebuilt.[^1] Tides moved trade.[^2] Towns grew.[^3] So did doubt.[^4] Lamps.[^5]

            ## Bibliography

            Park, Jun-seo. *Harbours of the Yellow Sea*. Leiden: Brill, 2004.

            Okafor, Adaeze N. “Tides and Trade in the Bight.” *Journal of Maritime History* 12 (2010): 33–58.

            ———. *The Coastal Towns of Lagos*. London: Verso, 2015.

            [^1]: Park, *Harbours*, 12.
            [^2]: Okafor, “Tides and Trade,” 40.
            [^3]: Okafor, *Coastal Towns*, 7.
            [^4]: Ibid., 9.
            [^5]: Fenn, *Harbour Lamps*, 12.
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^ unresolved-short-form
            ",
        );
    }

    /// A classic cited by Stephanus or Bekker numbers, sections or books
    /// names no edition to give in full; a short form by page still does.
    #[test]
    fn a_classic_by_its_canonical_divisions_needs_no_full_citation() {
        check(
            "
            Names are fitting.[^1] Virtue is a habit.[^2] The state.[^3] Lamps.[^4]

            [^1]: Plato, *Cratylus*, 401d.
            [^2]: See Aristotle, *Nicomachean Ethics*, 1103a14.
            [^3]: Leo XIII, *Rerum Novarum*, §22; Aristotle, *Politics*, bk. 5, chap. 8; Plato, *Timaeus*, 65 c-d; Homer, *Odyssey*, iv. 690; Novatian, *De Trinitate*, 29: PL 3, 994.
            [^4]: Fenn, *Harbour Lamps*, 12.
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^ unresolved-short-form
            ",
        );
    }

    /// The Ibids after an unresolved short form, or after an Ibid with nothing
    /// before it, fail because it does: one finding, with them as related.
    #[test]
    fn unresolved_short_form_is_reported_once_for_the_ibids_that_repeat_it() {
        let related = |fixture: &str| -> Vec<usize> {
            let (_, analysis) = check(fixture);
            analysis
                .diagnostics
                .iter()
                .map(|d| d.related.len())
                .collect()
        };
        let after_short_form = related(
            "
            Lamps.[1] Wicks.[2] Oil.[3]

            [1] Fenn, *Keepers*, 12.
                ^^^^^^^^^^^^^^^^^^^^ unresolved-short-form
            [2] Ibid., 14.
            [3] Ibid.
            ",
        );
        assert_eq!(after_short_form, [2]);
        let after_ibid = related(
            "
            Soot.[1] Glass.[2]

            [1] Ibid., 3.
                ^^^^^^^^^ ambiguous-ibid
            [2] Ibid., 4.
            ",
        );
        assert_eq!(after_ibid, [1]);
    }

    /// A work that only short forms cite is reported once, at the first,
    /// with the others as its related places.
    #[test]
    fn a_work_cited_only_in_short_form_is_one_finding() {
        let (_, analysis) = check(
            "
            Bees.[1] Wax.[2] Comb.[3] Lamps.[4]

            [1] Forte 2022, 86.
                ^^^^^^^^^^^^^^^ unresolved-short-form
            [2] Forte 2022, 214.
            [3] Fenn, *Keepers*, 12.
                ^^^^^^^^^^^^^^^^^^^^ unresolved-short-form
            [4] Forte 2022, 215.
            ",
        );
        let first = &analysis.diagnostics[0];
        assert_eq!(
            first.message,
            "short form “Forte 2022, 86.” matches no earlier full citation: cite the work in full first; it is cited 2 more times the same way"
        );
        assert_eq!(first.related.len(), 2);
    }

    /// Two given names and two surnames are a person, whom a short form
    /// names by the surnames.
    #[test]
    fn a_short_form_finds_a_person_with_two_surnames() {
        let (_, analysis) = check(
            "
            Pardon.[1] Mercy.[2]

            [1] María Inmaculada Rodríguez Flores, *El perdón real en Castilla* (Salamanca: Universidad de Salamanca, 1971).
            [2] Rodríguez Flores, *El perdón real*, 12.
            ",
        );
        assert_eq!(analysis.works.resolutions[1][0].work, Some(0));
    }

    #[test]
    fn unresolved_short_form_before_its_full_form() {
        check(
            "
            Bees.[1] Wax.[2]

            [1] Fenn, *Keepers of Bees*, 4.
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^ unresolved-short-form
            [2] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010).
            ",
        );
    }

    #[test]
    fn a_short_form_finds_a_full_form_after_sowie() {
        // German joins a second work with `sowie`.
        let (_, analysis) = check(
            "
            Bees.[1] Wax.[2]

            [1] Lund, Per, Honig, Bergen 1966, S. 6, sowie Fenn, Ada, Das Leben der Bienen, Oslo 2009, S. 60.
            [2] Fenn 2009, S. 61.
            ",
        );
        assert_eq!(analysis.works.resolutions[1][0].work, Some(1));
    }

    #[test]
    fn a_signal_alone_before_a_title_names_no_author() {
        // `See _Hale_`: the short form of a case cited `see also` after a
        // `;` in the note before; the signal is no author of either.
        check(
            "
            Bees.[1] Wax.[2]

            [1] 12 F.4th 100, 104 (2d Cir. 2021); see also _Hale v. Dunn_, 929 F.3d 526, 533 (8th Cir. 2019).
            [2] See _Hale_, 929 F.3d at 533.
            ",
        );
    }

    #[test]
    fn unresolved_short_form_not_after_its_full_form() {
        let (_, analysis) = check(
            "
            Bees.[1] Wax.[2] Comb.[3]

            [1] Marta Quill, “The Waggle Dance Revisited,” *Journal of Apiculture* 51, no. 1 (1998): 144–72.
            [2] Quill, “The Waggle Dance…,” 150.
            [3] Quill, “Dances Revisited.”
                ^^^^^^^^^^^^^^^^^^^^^^^^^^ unresolved-short-form
            ",
        );
        assert_eq!(analysis.works.resolutions[1][0].work, Some(0));
    }
}
