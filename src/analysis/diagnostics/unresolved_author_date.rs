//! `unresolved-author-date`: an author-date reference that matches no note.

use super::{Analysis, Diagnostic, Rule, Severity};
use crate::analysis::prose::AuthorDate;
use crate::analysis::works;

pub const RULE: Rule = Rule {
    code: "unresolved-author-date",
    default_severity: Severity::Warning,
    summary: "An author-date reference (`Ostrom (1990)`) that matches no note.",
    docs: "\
### What it finds
An author-date reference in the text, in a `Sources:` line under a table or in parentheses (`(Ostrom 1990)`), for which no note cites a work by those authors from that year.

### Why it matters
Tables and figures often name their sources by author and year while the notes give full citations. When a source named there is missing from the notes, or its year differs, the reader cannot find it.

### Example
```text
Sources: Ostrom (1990); Hardin (1968).
```
with no note citing Hardin's 1968 work.

### How to fix
Add a note that cites the work in full, or correct the name or year.

A work listed in the document's own references or bibliography (a line that opens with the surname: `Garnet, R. (2023). *Tides and Trade*. …`) answers a reference to it too.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    // With no full citation in its notes, a document has nothing an
    // author-date reference could match: its references point elsewhere
    // (a reading list, a regulation), and reporting each would only repeat
    // that.
    let cites_works = analysis.index.notes.iter().any(|n| {
        n.citations
            .iter()
            .any(|c| c.kind == crate::analysis::citations::CitationKind::Full)
    });
    if !cites_works {
        return;
    }
    // Built at the first reference no note answers: most documents have
    // none, and the bibliography is not read for them.
    let mut listed = None;
    for (reference, found) in analysis
        .index
        .author_dates
        .iter()
        .zip(&analysis.works.author_dates)
    {
        if found.is_some()
            || abbreviated(text, &reference.range)
            || publishes_a_citation(text, reference.range.start)
            || linked(text, &reference.range)
            || crate::analysis::text::in_block_quote(text, reference.range.start)
        {
            continue;
        }
        // A work the document's bibliography lists, by all its names.
        let listed = listed.get_or_insert_with(|| works::listed_authors(&analysis.index));
        if !listed.is_empty()
            && reference
                .names
                .iter()
                .all(|name| listed.contains(&(name.as_str(), reference.year)))
        {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE,
            reference.range.clone(),
            message(reference),
        ));
    }
}

/// “`Olsen (2001)`” matches no note: no citation by Olsen from 2001; ….
///
/// Built by hand: a document that cites by author and year may hold
/// hundreds of these, all rebuilt on each keystroke, and `format!` with a
/// joined list of names cost three times as much.
fn message(reference: &AuthorDate) -> String {
    const MATCHES: &str = "” matches no note: no citation by ";
    const ADVICE: &str = "; add one to the notes or correct the reference";
    let names: usize = reference.written.iter().map(|n| n.len() + 5).sum();
    let mut message = String::with_capacity(
        "“".len() + reference.text.len() + MATCHES.len() + names + 10 + ADVICE.len(),
    );
    message.push('“');
    message.push_str(&reference.text);
    message.push_str(MATCHES);
    for (i, name) in reference.written.iter().enumerate() {
        if i > 0 {
            message.push_str(" and ");
        }
        message.push_str(name);
    }
    message.push_str(" from ");
    message.push_str(itoa::Buffer::new().format(reference.year));
    message.push_str(ADVICE);
    message
}

/// Whether the reference names no author but an abbreviation: `(PO 2017)`
/// for a regulation's version, `(EEX 2018)` for a market's price. An
/// organisation cited as an author is named in full in its notes, and its
/// abbreviation is matched there; unmatched, it is more likely a label.
/// Whether the parenthesis holding the reference at `start` follows a page
/// or a bracketed title (`at page 258 (Cambridge, 1833)`, `["Coinage"]
/// (Cambridge, 1833)`): the place and year of a work cited in the
/// sentence, not an author and a year.
fn publishes_a_citation(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let Some(before) = before.trim_end().strip_suffix('(') else {
        return false;
    };
    before
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit() || c == ']')
}

/// Whether the reference comes with its source at hand: it is the text of
/// a link (`["Settlement Bounds" (Gaži et al., 2022)](https://…)`), or it
/// labels a table row that links the work (a leaderboard's `| BERT+DP
/// (Amrami and Goldberg, 2019) | 71.3 | [paper](https://…) |`).
fn linked(text: &str, range: &std::ops::Range<usize>) -> bool {
    // A document that cites by author and year has hundreds of references
    // in long paragraphs, all looked at again on each keystroke: only one
    // that a cell's bar or a link's `](` closes is read further, within a
    // window (a table row or a link's text is shorter).
    let closes = text.get(range.end..).is_some_and(|rest| {
        let rest = rest.trim_start_matches([')', ' ', '"', '”', '*', '_']);
        rest.starts_with('|') || rest.starts_with("](")
    });
    if !closes {
        return false;
    }
    let (before, after) = crate::analysis::text::around(text, range, 400);
    let Some(before) = before.rsplit('\n').next() else {
        return false;
    };
    let after = after.split('\n').next().unwrap_or("");
    let row = before.trim_start().starts_with('|') && after.trim_end().ends_with('|');
    if row && (before.contains("http") || after.contains("http")) {
        return true;
    }
    let Some(open) = before.rfind('[') else {
        return false;
    };
    !before[open..].contains(']')
        && after.find("](").is_some_and(|close| {
            !after[..close].contains(['[', ']']) && after[close + 2..].starts_with("http")
        })
}

fn abbreviated(text: &str, range: &std::ops::Range<usize>) -> bool {
    let reference = text.get(range.clone()).unwrap_or("");
    let first = reference.split_whitespace().next().unwrap_or("");
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    (2..=4).contains(&letters)
        && first
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    /// A city, a country or a publisher and a year are where, or by whom,
    /// and when a book came out.
    #[test]
    fn no_author_date_for_a_city_and_a_year() {
        check(
            "
            The lamp was described.[1] His later edition (Oxford, 1975) is rare; a reader (Routledge, 2016) followed, and an issue of *Leitmotiv* (Chile, 1943). The sonatas (Bologna, 1677) came first.

            [1] Ada Fenn, *Charters* (Oslo: Fjord, 2010), 4.
            ",
        );
    }

    /// A paper whose footnotes cite a work in full still lists its other
    /// works in its references: a reference to a listed work is answered,
    /// one to a work the list lacks is not.
    #[test]
    fn a_work_listed_in_the_references_answers_an_author_date_reference() {
        check(
            "
            Tides set the trade (Garnet, 2023).[^1] Oil came later (Okafor et al., 2019), and so did doubt (Lund, 2001).
                                                                                                            ^^^^^^^^^^ unresolved-author-date

            [^1]: Ada Fenn, *Charters* (Oslo: Fjord, 2010), 4.

            ## References

            Garnet, R. (2023). *Tides and Trade*. Lagos: Bight Press.

            Okafor, A., Pullin, M., & Reyes, J. (2019). Lamp oil at sea. *Harbour Review* 12: 33–58.
            ",
        );
    }

    /// A place and year after a page or a bracketed title publish the work
    /// the sentence cites.
    #[test]
    fn no_author_date_after_a_page_or_a_bracketed_title() {
        check(
            "
            Story wrote so.[1] He wrote it at page 258 (Cambridge, 1833), and
            again under [\"Coinage\"] (Cambridge, 1833).

            [1] Ada Fenn, *Charters* (Oslo: Fjord, 2010), 4.
            ",
        );
    }

    /// A passage quoted from another paper keeps that paper's references.
    #[test]
    fn no_author_date_in_a_quoted_passage() {
        check(
            "
            The lamp was described.[1] Another team wrote:

            > Such vectors suffer from correlated labels (Larsen et al., 2016).

            Yet (Berg, 2019) agreed.
                 ^^^^^^^^^^ unresolved-author-date

            [1] Ada Fenn, *Charters* (Oslo: Fjord, 2010), 4.
            ",
        );
    }

    /// A reference that is a link's text, or labels a table row that
    /// links the work, has its source at hand.
    #[test]
    fn no_author_date_for_a_linked_reference() {
        check(
            "
            The lamp was described.[1] See [\"Harbour Lights\" (Quill et al., 2022)](https://example.org/lights).

            | Model | Score | Paper |
            | --- | --- | --- |
            | Beacon (Berg and Lund, 2019) | 71.3 | [Beacons](https://example.org/beacons) |

            [1] Ada Fenn, *Charters* (Oslo: Fjord, 2010), 4.
            ",
        );
    }

    #[test]
    fn unresolved_author_date_in_sources_lines_and_parentheses() {
        check(
            "
            Yields fell sharply in wet years (Quill 2020).
                                              ^^^^^^^^^^ unresolved-author-date

            Table 1. Honey per hive
            Harvest	Actual Yield (2024)
            Spring	40
            Note: kilograms.

            Sources: Olsen (2001); Berg and Lund (2019).
                                   ^^^^^^^^^^^^^^^^^^^^ unresolved-author-date

            Hives were counted.[1]

            [1] Henrik Olsen, *Hives of the North* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }

    #[test]
    fn unresolved_author_date_not_for_headers_dates_or_matching_notes() {
        let (_, analysis) = check(
            "
            Harvest	Actual Yield (2024)	Forecast (2025)
            Spring	40	42

            The rules changed (November 2024), as Olsen (2001) predicted (Quill and Berg 2020, 14).

            Sources: Olsen (2001).

            Hives were counted.[1] Queens were marked.[2]

            [1] Henrik Olsen, *Hives of the North* (Bergen: Fyr Press, 2001), 29.
            [2] Marta Quill and Tomas Berg, “Marking Queens,” *Bee Science* 4, no. 2 (2020): 3–9.
            ",
        );
        assert_eq!(analysis.index.author_dates.len(), 2);
        assert!(analysis.works.author_dates.iter().all(Option::is_some));
    }

    /// German capitalises every noun: `(Fassung 2018)`, the 2018 version of a
    /// statute, is a date, not an author; so are `(Version 3, 2019)` and
    /// `(Stand 2021)`.
    #[test]
    fn unresolved_author_date_not_for_words_that_date_a_version() {
        check(
            "
            Die Studienordnung (Fassung 2018) nennt das Fach nur einmal; die Satzung (Stand 2021) schweigt.[1]

            The schema (Version 2019) changed, as Olsen (2001) noted.[1]

            The pier, from a photograph (Cir. 1850), and the mole (ca. 1852).

            [1] Henrik Olsen, *Hives of the North* (Bergen: Fyr Press, 2001), 29.
            ",
        );
    }

    #[test]
    fn unresolved_author_date_names_the_authors_as_written() {
        let (_, analysis) = check(
            "
            Tariffs rose (Rynning 2011; van der Berg and McAdam 2015).[1]
                          ^^^^^^^^^^^^ unresolved-author-date
                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unresolved-author-date

            [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
            ",
        );
        let messages: Vec<&str> = analysis
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "“Rynning 2011” matches no note: no citation by Rynning from 2011; add one to the notes or correct the reference",
                "“van der Berg and McAdam 2015” matches no note: no citation by van der Berg and McAdam from 2015; add one to the notes or correct the reference",
            ]
        );
    }
}
