//! Rule tests that are about no one rule: notes written the way other tools
//! write them, citations, suppression comments; and the check that every
//! rule's module tests it. Each rule's own tests sit at the bottom of its
//! module, with the helpers of `test_support`.

use super::RULES;
use super::test_support::{SMALL_BIB, check};
use crate::analysis::analyze;
use crate::analysis::fixture::trim_indent;

/// The source of the module that holds the rule with `code`.
fn module_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "undefined-note" | "unused-note" | "duplicate-note" => include_str!("note_references.rs"),
        "unrecognised-notes" => include_str!("unrecognised_notes.rs"),
        "empty-url" => include_str!("empty_url.rs"),
        "dangling-contact" => include_str!("dangling_contact.rs"),
        "ambiguous-ibid" => include_str!("ambiguous_ibid.rs"),
        "unresolved-short-form" => include_str!("unresolved_short_form.rs"),
        "unresolved-author-date" => include_str!("unresolved_author_date.rs"),
        "note-order" => include_str!("note_order.rs"),
        "mixed-marker-styles" => include_str!("mixed_marker_styles.rs"),
        "run-on-citation" => include_str!("run_on_citation.rs"),
        "invalid-utf8" => include_str!("invalid_utf8.rs"),
        "unknown-citekey" => include_str!("unknown_citekey.rs"),
        "duplicate-citekey" => include_str!("duplicate_citekey.rs"),
        "bibliography-error" => include_str!("bibliography_error.rs"),
        "unused-entry" => include_str!("unused_entry.rs"),
        "unused-suppression" => include_str!("unused_suppression.rs"),
        "empty-note" => include_str!("empty_note.rs"),
        _ => return None,
    })
}

/// Every rule has a test named for it (`fn <code>_…`) in the tests module
/// of its own module.
#[test]
fn every_rule_is_tested_here() {
    for rule in RULES {
        let source = module_of(rule.code)
            .unwrap_or_else(|| panic!("no module listed for {} in `module_of`", rule.code));
        let tests = source
            .split_once("\nmod tests {")
            .map(|(_, tests)| tests)
            .unwrap_or_default();
        assert!(
            tests.contains(&format!("fn {}_", rule.code.replace('-', "_"))),
            "no test for {}",
            rule.code
        );
    }
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

/// `_[1]_` is a number in italics, not the reStructuredText `[1]_` after
/// an underscore.
#[test]
fn a_bracketed_number_in_underscore_italics_is_a_marker() {
    check(
        "
        Pools grew._[1]_ Fees rose.*[2]* Then _[3]_.
                                               ^^^ undefined-note

        #### Notes

        [1] Ada Fenn, *Pools* (Oslo: Fjord, 2015).

        [2] Ada Fenn, *Fees* (Oslo: Fjord, 2016).
        ",
    );
}

/// A Markdown list that writes `1.` on every item is numbered 1, 2, 3 as
/// it renders; a list whose numbers slip keeps its numbers.
#[test]
fn a_list_that_repeats_one_number_is_numbered_by_place() {
    check(
        "
        The survey[2] and the census[3] and [5].
                                            ^^^ undefined-note

        ## References

        1. Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        1. Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        1. Ada Fenn, *Wicks* (Oslo: Fjord, 2012).
        1. Ada Fenn, *Oil* (Oslo: Fjord, 2013).
        ",
    );
    check(
        "
        The survey[1] and the census[2].

        ## Notes

        1. Ada Fenn, *Keepers* (Oslo: Fjord, 2010).
        2. Ada Fenn, *Lamps* (Oslo: Fjord, 2011).
        2. Ada Fenn, *Wicks* (Oslo: Fjord, 2012).
        ^ duplicate-note
        ",
    );
}

/// Two numbered lists with a paragraph between them are two lists, as
/// Markdown renders them, though both start at 1; within one list a
/// repeated number is a duplicate.
#[test]
fn numbered_lists_that_a_paragraph_parts_start_again() {
    check(
        "
        The catalogue number comes second.[2]

        ## Citations

        Three steps:

        1. Write the text.
        2. Add the keys.

        Then, in order of preference:

        1. A DOI.
        2. A catalogue number.
        2. A web address.
        ^ duplicate-note
        ",
    );
}

/// A list no marker cites is a table of contents, whose sub-items start
/// again under each chapter: its numbers lead nowhere, so none repeats.
#[test]
fn an_uncited_list_numbered_again_under_each_item_holds_no_duplicate() {
    check(
        "
        ### Part Four

        3. The last duties

          (1) <a name=\"duty\"></a> The duty done
          \u{20}\u{20}
          (2) The points

        4. The dance

          (1) Requiem
          \u{20}\u{20}
          (2) The profession
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

/// A `Sources` list whose entries the text cites all but one is the
/// text's notes: the entry left over lost its marker. Where a few are left
/// uncited it is a list of sources, and its order is its own either way.
#[test]
fn unused_note_in_a_sources_list_cited_all_but_one() {
    let mut text = String::from("Yarn.[2][1] Wool.[3][4][5][6][7][8][9][10]\n\nSources\n\n");
    for n in 1..=11 {
        text.push_str(&format!(
            "[{n}] Ada Fenn, *Knitting {n}* (Oslo: Fjord, 2010).\n"
        ));
    }
    let analysis = crate::analysis::analyze(&text);
    let found: Vec<(&str, &str)> = analysis
        .diagnostics
        .iter()
        .map(|d| (d.code, &text[d.range.clone()]))
        .collect();
    assert_eq!(found, [("unused-note", "[11]")]);
    let two_left = text.replace("[10]\n\nSources", "\n\nSources");
    let analysis = crate::analysis::analyze(&two_left);
    assert_eq!(analysis.diagnostics, []);
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

/// Under a heading that names notes, a list none of whose notes is cited
/// lost its markers when the page was copied: one finding tells of them
/// all, with the others as its related places.
#[test]
fn notes_that_all_lost_their_markers_are_one_finding() {
    let (_, analysis) = check(
        "
        An essay whose markers the copy dropped.

        Notes

        [1] The first remark.
        ^^^ unused-note
        [2] The second remark.
        [3] The third remark.
        ",
    );
    assert_eq!(
        analysis.diagnostics[0].message,
        "none of the 3 notes in this list is cited: their markers may have been lost when the text was copied; cite each note with a marker, or delete the list"
    );
    assert_eq!(analysis.diagnostics[0].related.len(), 2);
    // A file of notes alone, which other files cite, is left alone.
    check(
        "
        <!-- Footnotes -->
        [^a]: A remark.
        [^b]: Another.
        ",
    );
    // Markdown footnotes nothing cites are left out of the page, whatever
    // their heading.
    check(
        "
        A paragraph of text that has no markers.

        [^a]: A remark.
        ^^^^ unused-note
        [^b]: Another.
        ",
    );
}

/// Link definitions under a visible list with the same numbers are the
/// links' targets, not the notes written twice.
#[test]
fn link_definitions_beside_a_list_are_no_duplicates() {
    check(
        "
        Bitcoin came first [\\[1\\]][1], then others [\\[2\\]][2].

        ## Citations

        [1]: https://bitcoin.org/bitcoin.pdf
        [2]: https://example.org/paper.pdf

        * [1] Bitcoin: https://bitcoin.org/bitcoin.pdf
        * [2] A paper: https://example.org/paper.pdf
        ",
    );
    // A footnote defined twice, once with an address alone, is a
    // duplicate all the same.
    check(
        "
        Sites.[^w1]

        [^w1]: https://example.org/one
        [^w1]: The second site.
        ^^^^^ duplicate-note
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

/// A web page's marker is an HTML link around a bracketed number, its note
/// an item of an HTML list with the link's anchor: the marker leads to its
/// note. A linked marker whose anchor the page lacks has none.
#[test]
fn a_marker_in_an_html_link_to_an_element_of_the_page_has_its_note() {
    check(
        r##"
        Ferns unroll.<sup><a href="#fn1" id="ref1">[1]</a></sup> Spores ripen.<sup><a href="#fn2" id="ref2">[2]</a></sup>
                                                                                                            ^^^ undefined-note

        <h3>Footnotes</h3>
        <ol>
        <li id="fn1">Ada Fenn, *Ferns of the Fjord* (Oslo: Fjord, 2010), 4. <a href="#ref1">↩</a></li>
        </ol>
        "##,
    );
}

/// The label of a Markdown reference link (`[“An essay”][1]`) is no sign
/// that the notes are cited in brackets: the superscripts still cite them.
#[test]
fn superscripts_cite_numbered_notes_beside_a_reference_link() {
    check(
        "
        Ferns unroll.<sup>1</sup> Spores ripen.<sup>2</sup> Fronds open.<sup>3</sup>

        (See my essay: [“Ferns in Winter.”][1])

        # NOTES:

        1 Fenn, _Ferns of the Fjord_ (Oslo: Fjord, 2010), 4.

        2 Fenn, _Ferns of the Fjord_, 5.

        3 Fenn, _Ferns of the Fjord_, 6.

         [1]: https://ferns.example/winter/
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

// Citations and bibliographies.

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

// Suppression comments

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
