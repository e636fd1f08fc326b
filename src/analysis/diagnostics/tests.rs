//! Rule tests. Each fixture carries its expectations in the notation of
//! `analysis::fixture`: a line made of spaces and carets followed by a code
//! marks, on the line above it, the range of a diagnostic with that code
//! (carets count characters, not bytes). The helpers strip those lines,
//! analyse what is left, and compare every diagnostic's code and exact byte
//! range.

use std::ops::Range;

use super::{RULES, apply_edits};
use crate::analysis::fixture::{Fixture, trim_indent};
use crate::analysis::{Analysis, Cache, analyze, decode, syntax};

/// `text` with each diagnostic drawn under its line, for failure messages.
fn render(text: &str, diagnostics: &[(Range<usize>, String)]) -> String {
    let mut out = String::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        out.push_str(content);
        out.push('\n');
        for (range, code) in diagnostics
            .iter()
            .filter(|(r, _)| r.start >= start && r.start <= start + content.len())
        {
            let col = text[start..range.start].chars().count();
            let end = range.end.min(start + content.len()).max(range.start);
            let width = text[range.start..end].chars().count();
            let more = if range.end > start + content.len() {
                " (continues)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{}{} {code}{more}\n",
                " ".repeat(col),
                "^".repeat(width)
            ));
        }
        start += line.len();
    }
    out
}

fn actual(analysis: &Analysis) -> Vec<(Range<usize>, String)> {
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.range.clone(), d.code.to_string()))
        .collect()
}

#[track_caller]
fn assert_diagnostics(text: &str, expected: &[(Range<usize>, String)], analysis: &Analysis) {
    let got = actual(analysis);
    assert!(
        got == expected,
        "diagnostics differ\n--- expected\n{}--- actual\n{}{:#?}",
        render(text, expected),
        render(text, &got),
        analysis.diagnostics
    );
}

/// Analyses the fixture and checks that it reports exactly the marked
/// diagnostics; returns the text and the analysis for further checks.
#[track_caller]
fn check(fixture: &str) -> (String, Analysis) {
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let analysis = analyze(&text);
    assert_diagnostics(&text, &expected, &analysis);
    (text, analysis)
}

/// Applies the fix of the one diagnostic with `code` in `before` and checks
/// the result; returns the fixed text.
#[track_caller]
fn check_fix(code: &str, before: &str, after: &str) -> String {
    let before = trim_indent(before);
    let after = trim_indent(after);
    let analysis = analyze(&before);
    let with_code: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(
        with_code.len(),
        1,
        "expected one {code} diagnostic: {:#?}",
        analysis.diagnostics
    );
    let fix = with_code[0]
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{code} has no fix"));
    let fixed = apply_edits(&before, &fix.edits);
    assert_eq!(fixed, after);
    fixed
}

fn codes(analysis: &Analysis) -> Vec<&'static str> {
    analysis.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn every_rule_is_tested_here() {
    let source = include_str!("tests.rs");
    for rule in RULES {
        assert!(
            source.contains(&format!("fn {}_", rule.code.replace('-', "_"))),
            "no test for {}",
            rule.code
        );
    }
}

// undefined-note

#[test]
fn undefined_note_bracket_marker() {
    check(
        "
        Bees dance.[1] “Foragers” 🙂 return.[3]
                                           ^^^ undefined-note

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [2] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ^^^ unused-note
        ",
    );
}

#[test]
fn undefined_note_superscript_marker() {
    check(
        "
        Bees dance.¹ “Foragers” 🙂 return.³
                                         ^ undefined-note

        NOTES

        ¹ Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        ",
    );
}

#[test]
fn undefined_note_in_a_range_marks_only_the_missing_number() {
    check(
        "
        Lamps burn.[1–3]
                      ^ undefined-note

        [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        ",
    );
}

#[test]
fn undefined_note_footnote_label() {
    check(
        "
        Bees.[^wax] Honey.[^comb]
                          ^^^^^^^ undefined-note

        [^wax]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        ",
    );
}

#[test]
fn undefined_note_in_a_document_without_notes() {
    check(
        "
        Keepers trimmed the wicks at dusk.[2]
                                          ^^^ undefined-note
        ",
    );
}

#[test]
fn undefined_note_not_for_defined_lists_ranges_or_exponents() {
    check(
        "
        Pepper came by sea.[1, 2] Cloves by land.[1–3] The hold was 40 m² and the deck 12 km².

        [1] Priya Nair, “Pepper Prices Climb Again,” Spice Review, May 2, 2019.
        [2] Priya Nair, “Clove Routes,” Spice Review, May 9, 2019.
        [3] Priya Nair, “Nutmeg Wars,” Spice Review, May 16, 2019.
        ",
    );
}

// unrecognised-notes

#[test]
fn unrecognised_notes_replace_one_error_per_marker() {
    check(
        "
        Tides follow the moon.[1] Ports flood in spring.[2]

        References
        ^^^^^^^^^^ unrecognised-notes

        (i) Ashworth, Tides (1999).
        (ii) Brandt, Ports (2004).
        ",
    );
}

#[test]
fn unrecognised_notes_not_reported_where_markers_bind() {
    check(
        "
        Tides follow the moon.[1] Ports flood in spring.[2]
                                                        ^^^ undefined-note

        [1] Ashworth, *Tides* (Oslo: Fjord, 1999).

        Further reading

        (i) Brandt, Ports (2004).
        ",
    );
}

// Notes written the way other tools write them

#[test]
fn wikipedia_reference_lists_are_numbered_by_their_order() {
    check(
        "
        The tower stands on the breakwater.[1] It was first lit in 1871[2] and rebuilt.[3][4]
                                                                                          ^^^ undefined-note

        References

        ^ Petrova, Elena (2004). Towers of the Coast. Sofia: Morski Press. p. 12.
        ^ a b \"Varna light\". Maritime Register. Retrieved 3 March 2020.
        Jump up ^ Ivanov, K. (1999). \"The storm\". Journal of Coastal History. 4 (2): 33–41.
        ",
    );
}

/// The same list pasted with its numbers glued to the backlinks: every
/// reference was made for a citation, so one that nothing cites lost its
/// marker in the paste; and the numbers follow citations in parts of the
/// article left behind, so their order is no finding.
#[test]
fn numbered_wikipedia_references_report_unused_but_not_order() {
    check(
        "
        The tower stands on the breakwater.[2] It was first lit in 1871.[1]

        References[edit]

        1.^ Jump up to: a b Petrova, Elena (2004). Towers of the Coast. Sofia: Morski Press. p. 12.
        2.Jump up ^ \"Varna light\". Maritime Register. Retrieved 3 March 2020.
        3.Jump up ^ Ivanov, K. (1999). \"The storm\". Journal of Coastal History. 4 (2): 33–41.
        ^ unused-note
        ",
    );
}

#[test]
fn export_lists_with_backlinks_are_notes() {
    check(
        "
        Rivers bend.[1](#fn1) Banks erode.<sup id=\"fnref2\">[2](#fn2)</sup>

        * * *

        1.  Leopold, *Rivers* (Oslo: Fjord, 1960), 12. [↩](#fnref1)

        2.  Smith, *Flumes* (Oslo: Fjord, 1971), 4. [↩](#fnref2)
        ",
    );
}

#[test]
fn export_markers_bind_by_anchor_where_the_list_was_renumbered() {
    check(
        "
        Logic.[1](#fn-109:1) More logic.[2](#fn-109:2)

        * * *

        2. Fenn, *Logic* (Oslo: Fjord, 2001). [↩](#fnref-109:1)

        4. Fenn, *More Logic* (Oslo: Fjord, 2003). [↩](#fnref-109:2)
        ",
    );
}

#[test]
fn footnotes_inside_html_comments_are_not_read() {
    check(
        "
        Bees.[^1] Wax <!-- [^3] --> again.

        <!-- A draft:

        [^2]: Unused and hidden.
        -->

        [^1]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        ",
    );
}

#[test]
fn restructuredtext_footnotes_number_themselves_in_order() {
    check(
        "
        Formats [#]_ and more [#]_, see [#pep]_ and [1]_ and [2]_.
                                                             ^^^^ undefined-note

        .. [#] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        .. [#] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).

        .. [#pep] PEP 498.

        .. [1] Manual.

        .. [#] Unused.
        ^^^^^^ unused-note
        ",
    );
}

#[test]
fn dagger_marks_bind_to_dagger_notes() {
    check(
        "
        The lamp was lit.† It was moved.¹

        Notes

        ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        † The editor's note.
        ‡‡ A note nobody marks.
        ^^ unused-note
        ",
    );
}

#[test]
fn footnote_syntax_in_code_inside_a_note_is_code() {
    check(
        "
        Bees.[^1]

        [^1]: The syntax, for the record:

            ```
            Honey.[^2]
            ```

            and `[^3]` inline.
        ",
    );
}

#[test]
fn authors_separated_by_semicolons_make_one_citation_for_an_ibid() {
    check(
        "
        Flow.[1] Again.[2]

        [1] Long, Hoyt; So, Richard Jean: Turbulent Flow. *Modern Language Quarterly* 77 (2016): 345–367.
        [2] Ebd., S. 355.
        ",
    );
}

#[test]
fn an_author_and_year_in_a_note_resolve_to_that_work() {
    let (_, analysis) = check(
        "
        A.[1] B.[2] C.[3] D.[4]

        [1] Shafranovich, Y. (October 2005). *Common Format*. IETF.
        [2] Shafranovich (2005), p. 40.
        [3] Vgl. Goldstone, Andrew: Teaching Methods. In *Debates 2018*. Minneapolis: Minnesota Press.
        [4] Goldstone 2018, S. 14.
        ",
    );
    let via: Vec<Option<usize>> = (0..4)
        .map(|n| analysis.works.resolutions[n][0].via.map(|r| r.note))
        .collect();
    assert_eq!(via, [None, Some(0), None, Some(2)]);
}

#[test]
fn commentary_that_quotes_a_title_is_not_a_short_form() {
    check(
        "
        Lamps.[1] Wicks.[2] Oil.[3]

        [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        [2] Garry Tan pointed out that “Keepers” was the better book.
        [3] Haible, Bruno (2007-02-11). \"how to trim \"wicks\"?\". Keepers' list.
        ",
    );
}

#[test]
fn google_docs_labels_and_markers_bind() {
    check(
        "
        Salt was taxed.[\\[1\\]](#ftnt1) Roads followed.[[2](https://example.org/r)]

        [\\[1\\]](#ftnt_ref1) Vidal, *Salt* (Lyon: Rhône, 1988), 3.

        <a id=\"2\">[2]</a>. Ferrand, *Roads* (Lyon: Rhône, 1990), 8.
        ",
    );
}

/// Such a report lists every source it consulted: an entry that no number
/// cites is not an unused note.
#[test]
fn numbers_glued_after_sentences_cite_an_uncited_sources_list() {
    check(
        "
        Visitors rose by 12% in 2023, driven by cruises.1 The city built 3 piers,2 and expects growth through 2030.3

        Works cited

        1. Tourism in Varna, accessed May 3, 2025, https://example.org/t
        2. Pier plan, accessed May 3, 2025, https://example.org/p
        3. Port outlook, accessed May 4, 2025, https://example.org/o
        4. City budget, accessed May 4, 2025, https://example.org/b
        ",
    );
}

#[test]
fn a_sources_list_that_nothing_cites_is_not_a_list_of_unused_notes() {
    check(
        "
        A report that cites nothing in its text, and lists its sources.

        Sources

        1. Tourism in Varna, accessed May 3, 2025, https://example.org/t
        2. Pier plan, accessed May 3, 2025, https://example.org/p
        ",
    );
}

/// Perplexity sets its list of consulted sources off with an asterism; a
/// source it consulted and did not cite is no unused note. The same list
/// without the divider is a list of notes.
#[test]
fn a_footnote_list_after_an_asterism_lists_sources() {
    check(
        "
        Move to the project folder and start the server.[^1][^3]

        <div style=\"text-align: center\">⁂</div>

        [^1]: https://example.org/start

        [^2]: https://example.org/consulted

        [^3]: https://example.net/server
        ",
    );
    check(
        "
        Move to the project folder and start the server.[^1][^3]

        [^1]: https://example.org/start

        [^2]: https://example.org/consulted
        ^^^^ unused-note

        [^3]: https://example.net/server
        ",
    );
}

/// Pandoc Markdown made from an HTML page: markers are links around a
/// superscript number, notes a numbered list whose text is a span with the
/// note's anchor, and a list nested in a note holds no notes.
#[test]
fn pandoc_superscript_links_bind_to_span_notes() {
    check(
        "
        Ferns unroll slowly.[^1^](#fn1){#fnref1 .footnote-ref} Spores ripen late.[^2^](#fn2){#fnref2}

        * * *

        1.  [Three stages are seen:]{#fn1}
            1.  The crozier forms
            2.  It uncoils [↩︎](#fnref1){.footnote-back}

        2.  [Spores ripen in late summer.]{#fn2} [↩︎](#fnref2){.footnote-back}
        ",
    );
}

/// What a Python session printed (`[10]`) is no marker: reStructuredText
/// and docstrings show sessions as lines that start with `>>>`.
#[test]
fn a_list_printed_in_a_doctest_is_no_marker() {
    check(
        "
        Lists print as they are written [#]_:

          >>> lst = [10]
          >>> lst
          [10]

        .. [#] The tutorial, section 3.
        ",
    );
}

#[test]
fn brackets_that_no_note_list_would_number_are_not_markers() {
    check(
        "
        Read arr[0] first; the 2022 list [2022, 12, 31] and *Atlas [2025]* are dates.
        ",
    );
}

// unused-note

#[test]
fn unused_note_middle_and_last() {
    check(
        "
        Wax melts.[1] Honey sets.[3]
                                 ^^^ note-order

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [2] A note that nothing cites.
        ^^^ unused-note
        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        [4] Another stray note.
        ^^^ unused-note
        ",
    );
}

/// A dagger note whose dagger was never written in the text is an unused
/// note, not a list of sources that nothing marks.
#[test]
fn unused_note_for_a_dagger_note_with_no_dagger() {
    check(
        "
        Emptying the trash empties it for every remote.

        ‡‡ Note that one remote deletes each file on its own, which is slower.
        ^^ unused-note
        ",
    );
}

#[test]
fn unused_note_not_when_cited_through_a_range_or_from_another_note() {
    check(
        "
        Wax melts.[1–3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [2] Compare note [3].
        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
    );
}

// duplicate-note

#[test]
fn duplicate_note_in_one_section() {
    check(
        "
        Salt.[1] Pepper.[2]

        [1] Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
        [1] Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
        ^^^ duplicate-note
        [2] Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
        ",
    );
}

#[test]
fn duplicate_note_each_repeat_after_the_first_and_per_section() {
    check(
        "
        Salt.[1] Pepper.[2]

        NOTES

        [1] Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
        [2] Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
        [1] Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
        ^^^ duplicate-note
        [1] Priya Nair, “Salt Mines,” Spice Review, May 23, 2019.
        ^^^ duplicate-note

        PART TWO

        Cloves.[1]

        NOTES

        [1] Priya Nair, “Clove Isles,” Spice Review, June 6, 2019.
        ",
    );
}

#[test]
fn duplicate_note_not_across_note_lists_that_restart() {
    check(
        "
        The lamp was lit.¹ The keeper slept.²

        NOTES

        ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        ² Ada Fenn, *Lamps* (Oslo: Fjord, 2011).

        CHAPTER TWO

        The fog came.¹ The horn sounded.²

        NOTES

        ¹ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        ² Ada Fenn, *Horns* (Oslo: Fjord, 2013).
        ",
    );
}

// empty-note

#[test]
fn empty_note_with_a_label_alone() {
    check(
        "
        Tides follow the moon.[1] Ports flood.[2]

        [1]
        ^^^ empty-note
        [2] Ashworth, *Tides* (Oslo: Fjord, 1999).
        ",
    );
}

// empty-url

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

// dangling-contact

#[test]
fn dangling_contact_without_an_address() {
    check(
        "
        The beekeeper spoke to us about winter losses.

        Mira Olsen can be reached at
                   ^^^^^^^^^^^^^^^^^ dangling-contact

        Email:
        ^^^^^^ dangling-contact
        ",
    );
}

#[test]
fn dangling_contact_not_when_the_address_is_there() {
    check(
        "
        Mira Olsen can be reached at mira@example.org.

        Email: mira@example.org

        Reach the keeper at the harbour office on Mondays.
        ",
    );
}

// ambiguous-ibid

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

// unresolved-short-form

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

// unresolved-author-date

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

// note-order

#[test]
fn note_order_out_of_order() {
    check(
        "
        “Lamps burn.”² Keepers watch.¹ 🙂 Fog rolls.³
                     ^ note-order

        NOTES

        ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        ² Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        ³ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        ",
    );
}

#[test]
fn note_order_gap_in_the_cited_notes() {
    // Note 3 comes second: reported on the marker, as out of order.
    check(
        "
        Lamps burn.[1] Fog rolls.[3]
                                 ^^^ note-order

        [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        [3] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        ",
    );
}

#[test]
fn note_order_gap_before_an_uncited_note() {
    // The cited notes are in order; the gap is reported on the label.
    check(
        "
        Lamps burn.[1] Fog rolls.[2]

        [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        [2] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        [4] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
        ^^^ note-order
        ^^^ unused-note
        ",
    );
}

#[test]
fn note_order_numbers_that_start_late() {
    let (_, analysis) = check(
        "
        Lamps burn.[4] Fog rolls.[5]
                   ^^^ note-order

        [4] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        [5] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        ",
    );
    assert_eq!(
        analysis.diagnostics[0].message,
        "note 4 is the 1st note cited: notes are not numbered in order of first citation; the fix renumbers the markers and notes"
    );
}

#[test]
fn note_order_not_when_in_order() {
    check(
        "
        Lamps burn.[1] Keepers watch.[2] Again.[1] Ships pass.[2, 3] Fog.[4–5]

        [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        [3] Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        [4] Ada Fenn, *Horns* (Oslo: Fjord, 2013).
        [5] Ada Fenn, *Wrecks* (Oslo: Fjord, 2014).
        ",
    );
}

/// Notes on a table's cells are numbered as its author reads the table,
/// often down a column: the order of the rows is no citation order.
#[test]
fn note_order_not_for_markers_in_a_table() {
    check(
        "
        | Store   | Hash     | Time    |
        |---------|----------|---------|
        | Alder   | MD5      | R/W ³   |
        | Birch   | SHA1 ¹   | R       |
        | Cedar   | -        | R/W ²   |

        ¹ Only for files uploaded whole.
        ² Rounded to the second.
        ³ Set on upload only.
        ",
    );
}

/// A Google Docs export converted by Pandoc wraps each note in a `<div>`:
/// the notes are still one list, in order.
#[test]
fn notes_wrapped_one_by_one_in_elements_are_one_list() {
    check(
        "
        Kilns cool overnight.^[\\[1\\]](#ftnt1){#ftnt_ref1}^ Glazes craze.^[\\[2\\]](#ftnt2){#ftnt_ref2}^

        * * *

        <div>

        [\\[1\\]](#ftnt_ref1){#ftnt1} Ines Roca, *Kilns* (Vic: Forn, 2004), 12.

        </div>

        <div>

        [\\[2\\]](#ftnt_ref2){#ftnt2} Ines Roca, *Glazes* (Vic: Forn, 2006), 30.

        </div>
        ",
    );
}

// mixed-marker-styles

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

// run-on-citation

#[test]
fn run_on_citation_without_a_separator() {
    check(
        "
        Lamps.[1]

        [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015) Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
                                                                          ^^^^^^^ run-on-citation
        ",
    );
}

#[test]
fn run_on_citation_not_when_separated() {
    let (_, analysis) = check(
        "
        Lamps.[1]

        [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015); Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
        ",
    );
    assert_eq!(analysis.index.notes[0].citations.len(), 2);
}

// invalid-utf8

/// Like [`check`], for bytes: each `�` of the fixture is written as the
/// Latin-1 byte 0xE9, which is not UTF-8 on its own.
#[track_caller]
fn check_latin1(fixture: &str) -> Analysis {
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let bytes: Vec<u8> = text
        .chars()
        .flat_map(|c| match c {
            '\u{FFFD}' => vec![0xE9],
            c => c.to_string().into_bytes(),
        })
        .collect();
    let decoded = decode(&bytes);
    assert_eq!(decoded.text, text);
    let analysis = Analysis::new(
        &decoded.text,
        &syntax::parse(&decoded.text),
        &mut Cache::new(),
        &decoded.invalid,
    );
    assert_diagnostics(&text, &expected, &analysis);
    analysis
}

#[test]
fn invalid_utf8_stray_latin1_byte() {
    let analysis = check_latin1(
        "
        The caf� by the lighthouse.[1]
               ^ invalid-utf8

        [1] Ren� Colas, *Phares* (Brest: Ouest, 1999).
               ^ invalid-utf8
        ",
    );
    let messages: Vec<&str> = analysis
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    // Messages give offsets in the file's bytes, where each bad byte is one
    // byte; the ranges are in the decoded text, where it became three.
    assert!(messages[0].contains("at byte 7"), "{messages:?}");
    assert!(messages[1].contains("at byte 39"), "{messages:?}");
}

#[test]
fn invalid_utf8_not_for_a_replacement_character_that_was_in_the_file() {
    check(
        "
        The caf\u{FFFD} by the lighthouse.[1]

        [1] René Colas, *Phares* (Brest: Ouest, 1999).
        ",
    );
}

// Fixes: undefined-note inserts an empty note where the number belongs.

#[test]
fn undefined_note_fix_in_a_bracket_section() {
    check_fix(
        "undefined-note",
        "
        Wax.[1] Honey.[2] 🙂 Comb.[3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
        "
        Wax.[1] Honey.[2] 🙂 Comb.[3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [2]
        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
    );
}

/// Notes out of order, one number twice: the new note goes after the
/// last note with the largest number below the marker's.
#[test]
fn undefined_note_fix_after_the_largest_smaller_number() {
    check_fix(
        "undefined-note",
        "
        Wax.[1] Honey.[2] Comb.[3] Hive.[5]

        [2] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [1] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        [2] Ada Berg, *Queens* (Oslo: Fjord, 2012), 3.
        [5] Tomas Lind, *Drones* (Oslo: Fjord, 2014), 8.
        ",
        "
        Wax.[1] Honey.[2] Comb.[3] Hive.[5]

        [2] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [1] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        [2] Ada Berg, *Queens* (Oslo: Fjord, 2012), 3.
        [3]
        [5] Tomas Lind, *Drones* (Oslo: Fjord, 2014), 8.
        ",
    );
}

#[test]
fn undefined_note_fix_in_a_superscript_section() {
    check_fix(
        "undefined-note",
        "
        Wax.¹ “Honey.”² Comb.³

        NOTES

        - ¹ Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        - ² Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
        "
        Wax.¹ “Honey.”² Comb.³

        NOTES

        - ¹ Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        - ² Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        - ³
        ",
    );
}

#[test]
fn undefined_note_fix_in_a_numbered_section() {
    check_fix(
        "undefined-note",
        "
        Wax.[1] Honey.[2] Comb.[3]

        Notes

        1. Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        2. Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
        "
        Wax.[1] Honey.[2] Comb.[3]

        Notes

        1. Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        2. Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        3.
        ",
    );
}

#[test]
fn undefined_note_fix_in_markdown_footnotes() {
    check_fix(
        "undefined-note",
        "
        Wax.[^quill] Honey.[^olsen] Comb.[^berg]

        [^quill]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

        [^olsen]: Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
        "
        Wax.[^quill] Honey.[^olsen] Comb.[^berg]

        [^quill]: Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

        [^olsen]: Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.

        [^berg]:
        ",
    );
}

#[test]
fn undefined_note_fix_between_blank_line_separated_notes() {
    check_fix(
        "undefined-note",
        "
        Wax.[1] Honey.[2] Comb.[3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
        "
        Wax.[1] Honey.[2] Comb.[3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

        [2]

        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
    );
}

#[test]
fn undefined_note_fix_in_a_document_without_notes() {
    let fixed = check_fix(
        "undefined-note",
        "
        Keepers trimmed the wicks at dusk.[1]
        ",
        "
        Keepers trimmed the wicks at dusk.[1]

        NOTES

        [1]
        ",
    );
    // The empty note is a placeholder: reported until it has text.
    assert_eq!(codes(&analyze(&fixed)), ["empty-note"]);
    // Without a final line break, the notes still start after a blank line.
    let text = "Keepers trimmed the wicks at dusk.[1]";
    let analysis = analyze(text);
    let fix = analysis.diagnostics[0]
        .fix
        .as_ref()
        .map(|f| f.edits.clone())
        .unwrap_or_default();
    assert_eq!(
        apply_edits(text, &fix),
        "Keepers trimmed the wicks at dusk.[1]\n\nNOTES\n\n[1]\n"
    );
}

// Fixes: unused-note deletes the note.

#[test]
fn unused_note_fix_deletes_a_middle_note() {
    check_fix(
        "unused-note",
        "
        Wax melts.[1] Honey sets.[3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [2] A note that nothing cites.
        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
        "
        Wax melts.[1] Honey sets.[3]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.
        [3] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
    );
}

#[test]
fn unused_note_fix_deletes_the_last_note() {
    check_fix(
        "unused-note",
        "
        Wax melts.[1] Honey sets.[2]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

        [2] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.

        [3] A note that nothing cites.
        ",
        "
        Wax melts.[1] Honey sets.[2]

        [1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.

        [2] Henrik Olsen, *Hives* (Bergen: Fyr Press, 2001), 29.
        ",
    );
}

// Fixes: run-on-citation inserts the separator.

#[test]
fn run_on_citation_fix_inserts_a_semicolon() {
    let fixed = check_fix(
        "run-on-citation",
        "
        Lamps.[1]

        [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015) Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
        ",
        "
        Lamps.[1]

        [1] Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015); Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.
        ",
    );
    assert!(codes(&analyze(&fixed)).is_empty());
}

// Fixes: note-order renumbers markers and labels and moves the notes into
// order, and changes nothing else.

#[track_caller]
fn check_renumber(before: &str, after: &str) {
    let fixed = check_fix("note-order", before, after);
    let again = analyze(&fixed);
    assert!(
        !codes(&again).contains(&"note-order"),
        "still out of order: {:#?}",
        again.diagnostics
    );
    // Every byte outside markers and labels is unchanged, the lines of
    // the notes taken in any order.
    let strip = |text: &str| -> Vec<String> {
        let mut lines: Vec<String> = text
            .lines()
            .map(|line| {
                line.chars()
                    .filter(|c| {
                        !c.is_ascii_digit() && !crate::analysis::syntax::is_superscript_digit(*c)
                    })
                    .collect()
            })
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(strip(&fixed), strip(&trim_indent(before)));
}

#[test]
fn note_order_fix_renumbers_brackets_and_lists() {
    check_renumber(
        "
        Lamps burn.[2] “Keepers” watch.[1] 🙂 Ships pass.[2, 3] Fog rolls in 2021.[4]

        [1] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 14.
        [2] Ada Fenn, *Lamps* (Oslo: Fjord, 2011), 3–9.
        [3] Ada Fenn, *Ships* (Oslo: Fjord, 2012).
        [4] Ibid., 12.
        ",
        "
        Lamps burn.[1] “Keepers” watch.[2] 🙂 Ships pass.[1, 3] Fog rolls in 2021.[4]

        [1] Ada Fenn, *Lamps* (Oslo: Fjord, 2011), 3–9.
        [2] Ada Fenn, *Keepers* (Oslo: Fjord, 2010), 14.
        [3] Ada Fenn, *Ships* (Oslo: Fjord, 2012).
        [4] Ibid., 12.
        ",
    );
}

#[test]
fn note_order_fix_renumbers_superscripts_and_bullets() {
    check_renumber(
        "
        “Lamps burn.”² Keepers watch.¹ 🙂 Fog rolls.³ Ships pass.²

        NOTES

        - ¹ Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        - ² Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        - ³ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        ",
        "
        “Lamps burn.”¹ Keepers watch.² 🙂 Fog rolls.³ Ships pass.¹

        NOTES

        - ¹ Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        - ² Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        - ³ Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        ",
    );
}

#[test]
fn note_order_fix_renumbers_a_bracket_list_among_superscripts() {
    check_renumber(
        "
        Salt was taxed.³ Smugglers thrived.¹ Ports grew.[2, 3] Tolls rose.²

        NOTES

        ¹ Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
        ² Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
        ³ Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
        ",
        "
        Salt was taxed.¹ Smugglers thrived.² Ports grew.[1, 3] Tolls rose.³

        NOTES

        ¹ Priya Nair, “Pepper Ports,” Spice Review, May 16, 2019.
        ² Priya Nair, “Salt Roads,” Spice Review, May 2, 2019.
        ³ Priya Nair, “Salt Taxes,” Spice Review, May 9, 2019.
        ",
    );
}

#[test]
fn note_order_fix_closes_a_gap() {
    check_renumber(
        "
        Lamps burn.[1] Fog rolls.[3] Horns sound.[4]

        Notes

        1. Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        3. Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        4. Ada Fenn, *Horns* (Oslo: Fjord, 2013).
        ",
        "
        Lamps burn.[1] Fog rolls.[2] Horns sound.[3]

        Notes

        1. Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        2. Ada Fenn, *Fog* (Oslo: Fjord, 2012).
        3. Ada Fenn, *Horns* (Oslo: Fjord, 2013).
        ",
    );
}

#[test]
fn undefined_note_fix_keeps_crlf_line_breaks() {
    let text =
        "Wax.[1] Honey.[2]\r\n\r\n[1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.\r\n";
    let analysis = analyze(text);
    assert_eq!(codes(&analysis), ["undefined-note"]);
    let edits = analysis.diagnostics[0]
        .fix
        .as_ref()
        .map(|f| f.edits.clone())
        .unwrap_or_default();
    assert_eq!(
        apply_edits(text, &edits),
        "Wax.[1] Honey.[2]\r\n\r\n[1] Marta Quill, *Waggle Dances* (Oslo: Fjord, 2010), 12.\r\n[2]\r\n"
    );
}

// Citations and bibliographies.

/// Checks a document against the bibliographies `files` (name, text).
#[track_caller]
fn check_with_bibliographies(fixture: &str, files: &[(&str, &str)]) -> (String, Analysis) {
    use crate::analysis::bibliography::{Bibliographies, Bibliography};
    use std::sync::Arc;
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let mut analysis = analyze(&text);
    let files = files
        .iter()
        .filter_map(|(name, text)| {
            Bibliography::parse_path(std::path::Path::new(name), &trim_indent(text)).map(Arc::new)
        })
        .collect();
    analysis.resolve_citations(Arc::new(Bibliographies::new(files, Vec::new())), &text);
    assert_diagnostics(&text, &expected, &analysis);
    (text, analysis)
}

/// Checks the findings in a bibliography file; `cited` are the keys cited.
#[track_caller]
fn check_bibliography_fixture(name: &str, fixture: &str, cited: Option<&[&str]>) {
    use crate::analysis::bibliography::Bibliography;
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let bibliography =
        Bibliography::parse_path(std::path::Path::new(name), &text).expect("a bibliography name");
    let cited_fn = |key: &str| cited.is_some_and(|c| c.contains(&key));
    let found = super::check_bibliography(
        &bibliography,
        cited
            .is_some()
            .then_some(&cited_fn as &dyn Fn(&str) -> bool),
    );
    let got: Vec<(Range<usize>, String)> = found
        .iter()
        .map(|d| (d.range.clone(), d.code.to_string()))
        .collect();
    assert!(
        got == expected,
        "diagnostics differ\n--- expected\n{}--- actual\n{}{found:#?}",
        render(&text, &expected),
        render(&text, &got),
    );
}

const SMALL_BIB: &str = "
    @book{whitcombe1999frozen, author = {Whitcombe, Anna}, title = {Frozen Rivers}, year = {1999}}
    @book{lund2003tides, author = {Lund, Per}, title = {Tides of the North}, year = {2003}}
    ";

#[test]
fn a_bare_handle_is_prose_unless_the_document_uses_pandoc_citations() {
    use crate::analysis::bibliography::{Bibliographies, Bibliography};
    use std::sync::Arc;
    let files = || -> Vec<Arc<Bibliography>> {
        Bibliography::parse_path(std::path::Path::new("refs.bib"), &trim_indent(SMALL_BIB))
            .map(Arc::new)
            .into_iter()
            .collect()
    };
    let text = "Follow @rynning for news; @lund2003tides agrees.\n";
    // No `[@key]`, no front matter: nothing to look up, nothing to search for.
    let mut analysis = analyze(text);
    assert!(analysis.cites.is_empty());
    // A bibliography found by searching the folder does not make them
    // citations...
    analysis.resolve_citations(Arc::new(Bibliographies::found(files())), text);
    assert!(analysis.cites.is_empty());
    assert!(
        analysis.diagnostics.is_empty(),
        "{:#?}",
        analysis.diagnostics
    );
    // ...one named for the document (in the configuration) does.
    analysis.resolve_citations(Arc::new(Bibliographies::new(files(), Vec::new())), text);
    let keys: Vec<&str> = analysis.cites.iter().map(|c| &*c.key).collect();
    assert_eq!(keys, ["rynning", "lund2003tides"]);
    let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-citekey"]);

    // One bracketed citation, or a bibliography in the front matter, and
    // every `@key` is a citation.
    for text in [
        "Follow @rynning for news [@lund2003tides].\n",
        "---\nbibliography: refs.bib\n---\nFollow @rynning for news.\n",
    ] {
        let analysis = analyze(text);
        assert!(
            analysis.cites.iter().any(|c| &*c.key == "rynning"),
            "{text}"
        );
    }
}

#[test]
fn unknown_citekey_in_brackets_in_text_and_with_a_close_key() {
    let (text, analysis) = check_with_bibliographies(
        "
        “Ice” 🧊 broke [@whitcombe1999frozen, p. 33; @nobody2000] and @lund2003tide said so.
                                                    ^^^^^^^^^^^ unknown-citekey
                                                                     ^^^^^^^^^^^^^ unknown-citekey
        ",
        &[("refs.bib", SMALL_BIB)],
    );
    let close = analysis
        .diagnostics
        .iter()
        .find(|d| d.message.contains("lund2003tide`"))
        .expect("the close key's diagnostic");
    assert!(
        close.message.contains("did you mean `@lund2003tides`?"),
        "{}",
        close.message
    );
    let fix = close.fix.as_ref().expect("a fix");
    assert!(apply_edits(&text, &fix.edits).contains("@lund2003tides said"));
}

#[test]
fn unknown_citekey_is_not_reported_without_a_bibliography() {
    check("See [@anything] and @else.\n");
}

#[test]
fn bibliography_error_names_the_missing_file_in_front_matter() {
    use crate::analysis::bibliography::{Bibliographies, Missing};
    use std::sync::Arc;
    let text = "---\nbibliography: gone.bib\n---\nSee [@a].\n";
    let mut analysis = analyze(text);
    let at = text.find("gone.bib").unwrap_or_default();
    let missing = Missing {
        path: "gone.bib".to_string(),
        range: Some(at..at + 8),
        reason: "no such file".to_string(),
    };
    analysis.resolve_citations(
        Arc::new(Bibliographies::new(Vec::new(), vec![missing])),
        text,
    );
    assert_eq!(
        actual(&analysis),
        vec![(at..at + 8, "bibliography-error".to_string())]
    );
}

#[test]
fn bibliography_error_for_an_unclosed_brace_and_a_missing_key() {
    check_bibliography_fixture(
        "broken.bib",
        "
        @book{open2001,
        ^^^^^^^^^^^^^^^ bibliography-error
          title = {Salt Roads,
          year = {2001}
        }
        @book{title = {No Key}}
                    ^ bibliography-error
        @book{fine2002, title = {Fine}, year = {2002}}
        ",
        None,
    );
}

#[test]
fn duplicate_citekey_on_the_later_key() {
    check_bibliography_fixture(
        "dup.json",
        r#"
        [
          {"id": "ng2010bread", "type": "book", "title": "Bread"},
          {"id": "ng2010bread", "type": "book", "title": "Bread, Again"}
                  ^^^^^^^^^^^ duplicate-citekey
        ]
        "#,
        None,
    );
}

#[test]
fn unused_entry_when_switched_on() {
    check_bibliography_fixture(
        "refs.yaml",
        "
        - id: cited2001
          title: Cited
        - id: uncited2002
              ^^^^^^^^^^^ unused-entry
          title: Not Cited
        ",
        Some(&["cited2001"]),
    );
    assert!(!super::rule("unused-entry").is_some_and(|r| r.enabled_by_default()));
}

// unused-suppression, and the suppression comments themselves

#[test]
fn suppression_comments_hold_back_the_findings_they_name() {
    // The next line only, in Markdown and in plain text; codes by name.
    check(
        "
        <!-- ibid-disable-next-line undefined-note -->
        Bees dance.[1]
        Wasps sting.[2]
                    ^^^ undefined-note
        ibid-disable-next-line undefined-note, empty-url
                                               ^^^^^^^^^ unused-suppression
        Ants march.[3]
        ",
    );
    // A stretch, closed by ibid-enable; no code means every rule.
    check(
        "
        <!-- ibid-disable -->
        Bees dance.[1] Wasps sting.[2]
        <!-- ibid-enable -->
        Ants march.[3]
                   ^^^ undefined-note
        ",
    );
}

#[test]
fn unused_suppression_for_nothing_on_the_next_line_or_a_misspelt_code() {
    let (text, analysis) = check(
        "
        <!-- ibid-disable-next-line empty-url -->
                                    ^^^^^^^^^ unused-suppression
        Bees dance.[1]
                   ^^^ undefined-note
        ibid-disable-next-line undefined-notes
                               ^^^^^^^^^^^^^^^ unused-suppression
        Wasps sting.[2]
                    ^^^ undefined-note
        ",
    );
    let messages: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "unused-suppression")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "no empty-url finding on the next line to suppress: delete the suppression",
            "`undefined-notes` is not a rule, so nothing is suppressed: did you mean `undefined-note`?",
        ]
    );
    // The fix deletes the comment with its line, and removes text: unsafe.
    let first = &analysis.diagnostics[0];
    let fix = first.fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, super::Applicability::Unsafe);
    assert!(apply_edits(&text, &fix.edits).starts_with("Bees dance.[1]\n"));
}

#[test]
fn unused_suppression_is_decided_again_when_citations_are_resolved() {
    use crate::analysis::bibliography::{Bibliographies, Bibliography};
    use std::sync::Arc;
    let text = "<!-- ibid-disable-next-line unknown-citekey -->\nAs [@nobody2000] said.\n";
    let mut analysis = analyze(text);
    // Before the bibliographies are known, nothing is reported on the line.
    assert_eq!(analysis.diagnostics[0].code, "unused-suppression");
    let files = Bibliography::parse_path(std::path::Path::new("refs.bib"), &trim_indent(SMALL_BIB))
        .map(Arc::new)
        .into_iter()
        .collect();
    analysis.resolve_citations(Arc::new(Bibliographies::new(files, Vec::new())), text);
    assert!(
        analysis.diagnostics.is_empty(),
        "{:#?}",
        analysis.diagnostics
    );
    assert_eq!(analysis.suppressed.len(), 1);
    assert_eq!(analysis.suppressed[0].code, "unknown-citekey");
}
