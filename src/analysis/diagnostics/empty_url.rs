//! `empty-url`: citations whose link was lost when the text was pasted.

use super::{Analysis, Diagnostic, Rule, Severity, note_name};
use crate::analysis::citations::LostUrl;

pub const RULE: Rule = Rule {
    code: "empty-url",
    default_severity: Severity::Warning,
    summary: "A citation whose URL was lost, leaving a dangling comma or label.",
    docs: "\
### What it finds
A citation that shows where its link used to be: it ends in a comma (`…, Harbour Gazette, May 3, 2021,`), has two commas with nothing between them (`(Tide News, 2021),, 4:10.`), ends with an access date and nothing after it (`accessed April 30, 2021,`), or has an empty `Available at:`, `URL:`, `Retrieved from` or `<>`.

### Why it matters
Web sources are found again by their address. Text copied from a web page or a PDF often loses its links: the citation still looks complete, but nobody can follow it.

### Example
```text
[3] Ana Ruiz, “Salt Roads of the North,” Coastal Review, June 1, 2020,
```

### How to fix
Paste the URL back after the last comma (or after the label), or end the citation with a period if it has no URL.",
};

/// Whether the paragraph after a label that ends its own (`… at this
/// URL:`) opens with the address, perhaps as an item of a list (`-
/// https://github.com/…`).
fn address_below(text: &str, end: usize) -> bool {
    let below = text.get(end..).unwrap_or("").trim_start();
    let below = below
        .strip_prefix(['-', '*', '+'])
        .map_or(below, str::trim_start);
    crate::analysis::prose::opens_with_address(below)
}

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    // A reference list written as paragraphs rather than notes; a key of
    // the YAML front matter (`WHATWG-URL:` over its `target:`) is none.
    let front = if analysis.index.prose.iter().any(|b| !b.lost_urls.is_empty()) {
        crate::analysis::front_matter::range(text).map_or(0, |r| r.end)
    } else {
        0
    };
    for block in &analysis.index.prose {
        for range in block
            .lost_urls
            .iter()
            .filter(|r| r.start >= front && !address_below(text, r.end))
        {
            out.push(Diagnostic::new(
                &RULE,
                range.clone(),
                "reference introduces a URL that is not there: restore the URL, or remove the label",
            ));
        }
    }
    for note in &analysis.index.notes {
        for citation in note.citations.iter() {
            let Some((kind, range)) = &citation.lost_url else {
                continue;
            };
            // A pasted Wikipedia reference ends with its access date: its
            // URL was the title's link, not text that was lost.
            if *kind == LostUrl::BareAccessDate && note.is_wikipedia_reference() {
                continue;
            }
            // A citation that a page break or double spacing cut at a
            // blank line goes on below it: its comma is no lost URL.
            if *kind == LostUrl::TrailingComma
                && note
                    .citations
                    .last()
                    .is_some_and(|c| c.range == citation.range)
                && analysis
                    .index
                    .line_after_blank(text, note.range.end)
                    .is_some_and(|below| !below.opens_a_block)
            {
                continue;
            }
            let label = note_name(text, note);
            let what = match kind {
                LostUrl::TrailingComma => "ends with a comma where its URL was lost",
                LostUrl::DoubledComma => {
                    "has two commas with nothing between them where its URL was lost"
                }
                LostUrl::BareAccessDate => "gives an access date but no URL",
                LostUrl::EmptyLabel => "introduces a URL that is not there",
                LostUrl::EmptyAngle => "has an empty link `<>`",
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    note.abs(range),
                    format!("citation in note {label} {what}: restore the URL, or end the citation with a period"),
                )
                .related(note.abs(&citation.range), "the citation"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    #[test]
    fn empty_url_in_a_reference_list_written_as_paragraphs() {
        check(
            "
            Tides follow the moon (Ruiz 2019).

            References

            Ruiz, A. (2019). Salt roads of the north. Coastal Review. Retrieved from
                                                                      ^^^^^^^^^^^^^^ empty-url

            Fenn, A. (2010). Keepers. Harbour Press. Available at:
            https://example.org/keepers
            ",
        );
    }

    /// An Internet-Draft's YAML header (kramdown-rfc ends it with `---
    /// abstract`) names references by keys that end in `URL:`.
    #[test]
    fn no_empty_url_for_a_key_of_the_front_matter() {
        check(
            "
            ---
            title: Tides
            normative:
              TIDE-URL:
               target: https://example.org/tides
               title: Tide Tables

            --- abstract

            Tides follow the moon {{TIDE-URL}}.
            ",
        );
    }

    /// A label that ends its paragraph, with the address as the item of a
    /// list below it, has its address.
    #[test]
    fn no_empty_url_for_an_address_in_the_list_below() {
        check(
            "
            The data are deposited on the course's account at this URL:

            - https://example.org/course/data

            The slides are at this URL:
                                   ^^^^ empty-url

            Nothing follows.
            ",
        );
    }

    /// A note that double spacing or a page break cut at a blank line goes
    /// on below it; the last note's comma, with nothing below, lost its URL.
    #[test]
    fn no_empty_url_for_a_citation_that_goes_on_after_a_blank_line() {
        check(
            "
            Music.[1] Reagan.[2]

            NOTES

            [1] Postmodernism in music, on the other hand,

            is a matter of taste.

            [2] \"Reagan Fighting a Subpoena,\" New York Times, 3 January 1990,
                                                                            ^ empty-url
            ",
        );
    }

    #[test]
    fn empty_url_not_reported_for_an_access_date_closed_by_a_period() {
        check(
            "
            Lamps.[1] Wicks.[2]

            [1] “Keepers,” Harbour Gazette, accessed April 30, 2021.
            [2] “Wicks,” Harbour Gazette, accessed May 2, 2021,
                                          ^^^^^^^^^^^^^^^^^^^^^ empty-url
            ",
        );
    }

    /// A Wikipedia reference pasted with its number glued to the backlink
    /// (`2.Jump up ^`) lost its links with the paste: its access date is no
    /// sign of a lost URL, as with the unnumbered form.
    #[test]
    fn empty_url_not_for_a_numbered_wikipedia_reference() {
        check(
            "
            The format spread.[1][2]

            References

            1.Jump up ^ \"Tab separated values\". Data Registry. Retrieved March 3, 2016.
            2.Jump up ^ *Quill (2010), How to store tables, quill.example, retrieved May 24, 2010
            ",
        );
    }

    #[test]
    fn empty_url_every_way_a_link_is_lost() {
        check(
            "
            Tides rose.[1] “Fog” fell.[2] 🙂 Lamps lit.[3] Oil ran out.[4] Ships.[5] Nets.[6] Salt.[7]

            [1] Ana Ruiz, “Salt Roads of the North,” Coastal Review, June 1, 2020,
                                                                                 ^ empty-url
            [2] Storm Light (Tide News, 2021),, 4:10.
                                             ^^ empty-url
            [3] “The Lamp Room,” accessed April 30, 2021,
                                 ^^^^^^^^^^^^^^^^^^^^^^^^ empty-url
            [4] Ana Ruiz, “Wicks,” Coastal Review, 2019. Available at:
                                                         ^^^^^^^^^^^^^ empty-url
            [5] Ana Ruiz, “Oil,” Coastal Review, 2019. URL:
                                                       ^^^^ empty-url
            [6] Ana Ruiz, “Nets,” Coastal Review, 2019. Retrieved from
                                                        ^^^^^^^^^^^^^^ empty-url
            [7] Ana Ruiz, “Salt,” Coastal Review, 2019, <>.
                                                        ^^ empty-url
            ",
        );
    }

    #[test]
    fn empty_url_not_when_the_link_is_there_or_the_citation_ends() {
        check(
            "
            Tides rose.[1] Fog fell.[2] Lamps lit.[3] Ships.[4]

            [1] Ana Ruiz, “Salt Roads of the North,” Coastal Review, June 1, 2020, https://example.org/salt.
            [2] Storm Light (Tide News, 2021), https://video.example/storm, 4:10.
            [3] “The Lamp Room,” accessed April 30, 2021, <https://example.org/lamps>.
            [4] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 4, 9.
            ",
        );
    }
}
