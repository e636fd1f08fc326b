//! Citation reading tests.

use super::*;

/// A serialised enum variant as written in JSON: `short-form`, `trailing-comma`.
fn name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The citations of a one-note document whose note is `note`, one line per
/// field that was read, citations separated by `--`.
fn read(note: &str) -> Vec<String> {
    let text = format!("Text.[1]\n\n[1] {note}\n");
    let analysis = crate::analysis::analyze(&text);
    assert_eq!(analysis.index.notes.len(), 1, "one note in {text:?}");
    let note = &analysis.index.notes[0];
    let body = &text[note.body_range.clone().unwrap_or_default()];
    let mut out = Vec::new();
    for c in note.citations.iter() {
        if !out.is_empty() {
            out.push("--".to_string());
        }
        let text = |f: &Option<Field>| f.as_ref().map(|f| f.text.clone());
        let mut fields: Vec<(&str, Option<String>)> = vec![
            ("kind", Some(name(c.kind))),
            ("text", Some(body[c.range.clone()].to_string())),
        ];
        for a in &c.authors {
            fields.push((
                "author",
                Some(format!("{} [{}]", a.name, a.keys.join(", "))),
            ));
        }
        fields.extend([
            ("et al.", c.et_al.then(String::new)),
            (
                "title",
                c.title.as_ref().map(|t| {
                    format!(
                        "{} ({})",
                        t.text,
                        c.title_style.map(name).unwrap_or_default()
                    )
                }),
            ),
            ("container", text(&c.container)),
            ("place", text(&c.place)),
            ("publisher", text(&c.publisher)),
            ("volume", text(&c.volume)),
            ("issue", text(&c.issue)),
            ("date", text(&c.date)),
            ("year", c.year.map(|y| y.to_string())),
            ("pages", text(&c.pages)),
            ("url", text(&c.url)),
            ("accessed", text(&c.accessed)),
            (
                "lost url",
                c.lost_url
                    .as_ref()
                    .map(|(kind, r)| format!("{} {:?}", name(kind), &body[r.clone()])),
            ),
            (
                "supra note",
                c.supra_note
                    .as_ref()
                    .map(|f| format!("{} at {:?}", f.text, &body[f.range.clone()])),
            ),
            (
                "run on",
                c.run_on.as_ref().map(|r| {
                    format!(
                        "{:?} after {:?}",
                        &body[r.clone()],
                        tail(&body[..r.start], 6)
                    )
                }),
            ),
        ]);
        for (field, value) in fields {
            match value {
                Some(v) if v.is_empty() => out.push(field.to_string()),
                Some(v) => out.push(format!("{field}: {v}")),
                None => {}
            }
        }
    }
    out
}

/// The last `n` characters of `text`.
fn tail(text: &str, n: usize) -> &str {
    let start = text.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &text[start..]
}

#[test]
fn journal_article_with_a_curly_quoted_title_and_an_emphasised_journal() {
    assert_eq!(
        read(
            "Marta Quill, “The Waggle Dance Revisited,” *Journal of Apiculture* 51, no. 1 (1998): 144–72."
        ),
        [
            "kind: full",
            "text: Marta Quill, “The Waggle Dance Revisited,” *Journal of Apiculture* 51, no. 1 (1998): 144–72.",
            "author: Marta Quill [quill]",
            "title: The Waggle Dance Revisited (quoted)",
            "container: Journal of Apiculture",
            "volume: 51",
            "issue: 1",
            "year: 1998",
            "pages: 144–72",
        ]
    );
}

#[test]
fn book_with_an_emphasised_title() {
    assert_eq!(
        read("Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2001), 29."),
        [
            "kind: full",
            "text: Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2001), 29.",
            "author: Henrik Olsen [olsen]",
            "title: Lamps on the Headland (emphasis)",
            "place: Bergen",
            "publisher: Fyr Press",
            "year: 2001",
            "pages: 29",
        ]
    );
}

#[test]
fn book_without_emphasis() {
    assert_eq!(
        read("Henrik Olsen, Lamps on the Headland (Bergen: Fyr Press, 2001), 29."),
        [
            "kind: full",
            "text: Henrik Olsen, Lamps on the Headland (Bergen: Fyr Press, 2001), 29.",
            "author: Henrik Olsen [olsen]",
            "title: Lamps on the Headland (plain)",
            "place: Bergen",
            "publisher: Fyr Press",
            "year: 2001",
            "pages: 29",
        ]
    );
}

/// A title written as a link to the work is a web page cited in full,
/// with no year or publisher beside it.
#[test]
fn a_title_that_links_to_the_work_is_a_full_citation() {
    assert_eq!(
        read("Ada Fenn, “[Lamps of the Coast](https://example.org/lamps)”, example.org."),
        [
            "kind: full",
            "text: Ada Fenn, “[Lamps of the Coast](https://example.org/lamps)”, example.org.",
            "author: Ada Fenn [fenn]",
            "title: [Lamps of the Coast](https://example.org/lamps) (quoted)",
            "url: https://example.org/lamps",
        ]
    );
}

#[test]
fn news_article_ending_in_a_dangling_comma() {
    assert_eq!(
        read("Priya Nair, “Pepper Prices Climb Again,” The Harbour Gazette, March 3, 2020,"),
        [
            "kind: full",
            "text: Priya Nair, “Pepper Prices Climb Again,” The Harbour Gazette, March 3, 2020,",
            "author: Priya Nair [nair]",
            "title: Pepper Prices Climb Again (quoted)",
            "container: The Harbour Gazette",
            "date: March 3, 2020",
            "year: 2020",
            "lost url: trailing-comma \",\"",
        ]
    );
}

/// The access date says when the page was read, not when it was published:
/// it gives the citation no year (as it gives it no date).
#[test]
fn web_page_with_a_bare_access_date() {
    assert_eq!(
        read("“Visiting the Old Light,” accessed April 30, 2021,"),
        [
            "kind: full",
            "text: “Visiting the Old Light,” accessed April 30, 2021,",
            "title: Visiting the Old Light (quoted)",
            "accessed: April 30, 2021",
            "lost url: bare-access-date \"accessed April 30, 2021,\"",
        ]
    );
}

#[test]
fn web_page_with_an_access_date_and_a_url() {
    assert_eq!(
        read("“Visiting the Old Light,” accessed April 30, 2021, https://example.org/light."),
        [
            "kind: full",
            "text: “Visiting the Old Light,” accessed April 30, 2021, https://example.org/light.",
            "title: Visiting the Old Light (quoted)",
            "url: https://example.org/light",
            "accessed: April 30, 2021",
        ]
    );
}

/// `5:02` is a time in the video, not a page.
#[test]
fn video_with_a_doubled_comma() {
    assert_eq!(
        read("Smoke and Combs (Hive TV, 2021),, 5:02."),
        [
            "kind: full",
            "text: Smoke and Combs (Hive TV, 2021),, 5:02.",
            "title: Smoke and Combs (plain)",
            "publisher: Hive TV",
            "year: 2021",
            "lost url: doubled-comma \",,\"",
        ]
    );
}

/// Two commas that open a word are a German quotation mark typed for LaTeX
/// (`,,Offene Bewegung"`), not the place of a lost address.
#[test]
fn german_quotes_typed_as_two_commas_lose_no_url() {
    let lines =
        read("Imker e.V. (Hrsg.): Das Handbuch der Bienen, ,,Offene Beuten\", Celle 2016, S. 25.");
    assert!(
        !lines.iter().any(|l| l.starts_with("lost url")),
        "{lines:?}"
    );
}

#[test]
fn available_at_with_nothing_after() {
    assert_eq!(
        read("Tomas Berg, “Queen Rearing,” Bee Monthly, 2019. Available at:"),
        [
            "kind: full",
            "text: Tomas Berg, “Queen Rearing,” Bee Monthly, 2019. Available at:",
            "author: Tomas Berg [berg]",
            "title: Queen Rearing (quoted)",
            "container: Bee Monthly",
            "year: 2019",
            "lost url: empty-label \"Available at:\"",
        ]
    );
}

#[test]
fn empty_angle_brackets() {
    assert_eq!(
        read("Tomas Berg, “Queen Rearing,” Bee Monthly, 2019, <>."),
        [
            "kind: full",
            "text: Tomas Berg, “Queen Rearing,” Bee Monthly, 2019, <>.",
            "author: Tomas Berg [berg]",
            "title: Queen Rearing (quoted)",
            "container: Bee Monthly",
            "year: 2019",
            "lost url: empty-angle \"<>\"",
        ]
    );
}

#[test]
fn report_by_an_organisation_with_an_abbreviation() {
    assert_eq!(
        read(
            "International Society of Apiarists (ISA), *Colony Losses Report 2023* (Geneva: ISA, 2024)."
        ),
        [
            "kind: full",
            "text: International Society of Apiarists (ISA), *Colony Losses Report 2023* (Geneva: ISA, 2024).",
            "author: International Society of Apiarists (ISA) [international society of apiarists, isa]",
            "title: Colony Losses Report 2023 (emphasis)",
            "place: Geneva",
            "publisher: ISA",
            "year: 2024",
        ]
    );
}

#[test]
fn inverted_author() {
    assert_eq!(
        read("Quill, Marta J., *Waggle Dances* (Oslo: Fjord, 2010), 12."),
        [
            "kind: full",
            "text: Quill, Marta J., *Waggle Dances* (Oslo: Fjord, 2010), 12.",
            "author: Quill, Marta J. [quill]",
            "title: Waggle Dances (emphasis)",
            "place: Oslo",
            "publisher: Fjord",
            "year: 2010",
            "pages: 12",
        ]
    );
}

#[test]
fn et_al() {
    assert_eq!(
        read("Marta Quill et al., “Swarm Timing,” *Apidologie* 12, no. 3 (2015): 1–9."),
        [
            "kind: full",
            "text: Marta Quill et al., “Swarm Timing,” *Apidologie* 12, no. 3 (2015): 1–9.",
            "author: Marta Quill [quill]",
            "et al.",
            "title: Swarm Timing (quoted)",
            "container: Apidologie",
            "volume: 12",
            "issue: 3",
            "year: 2015",
            "pages: 1–9",
        ]
    );
}

#[test]
fn editors() {
    assert_eq!(
        read("Ruth Amsel and Leo Kahn, eds., *Keepers of the Coast* (Boston: Shore Press, 2012)."),
        [
            "kind: full",
            "text: Ruth Amsel and Leo Kahn, eds., *Keepers of the Coast* (Boston: Shore Press, 2012).",
            "author: Ruth Amsel [amsel]",
            "author: Leo Kahn [kahn]",
            "title: Keepers of the Coast (emphasis)",
            "place: Boston",
            "publisher: Shore Press",
            "year: 2012",
        ]
    );
}

#[test]
fn surname_particles() {
    assert_eq!(
        read("Anne de Vries, *Nutmeg and Empire* (Leiden: Brill, 2008), 77."),
        [
            "kind: full",
            "text: Anne de Vries, *Nutmeg and Empire* (Leiden: Brill, 2008), 77.",
            "author: Anne de Vries [de vries, vries]",
            "title: Nutmeg and Empire (emphasis)",
            "place: Leiden",
            "publisher: Brill",
            "year: 2008",
            "pages: 77",
        ]
    );
}

/// A gloss or a possessive in the place of authors makes no short form.
#[test]
fn a_gloss_or_a_possessive_names_no_author() {
    assert_eq!(
        read("Or, 'Mix it up and make it nice.'")[0..2],
        ["kind: text", "text: Or, 'Mix it up and make it nice.'"]
    );
    assert!(
        !read("Moore's _Irish Melodies_.")
            .iter()
            .any(|f| f.starts_with("author") || f == "kind: short-form")
    );
}

#[test]
fn ibid_with_a_period() {
    assert_eq!(read("Ibid."), ["kind: ibid", "text: Ibid.",]);
}

#[test]
fn ibid_without_a_period_with_pages() {
    assert_eq!(
        read("Ibid, 30-31."),
        ["kind: ibid", "text: Ibid, 30-31.", "pages: 30-31",]
    );
}

#[test]
fn ibid_in_lower_case() {
    assert_eq!(read("ibid."), ["kind: ibid", "text: ibid.",]);
}

#[test]
fn short_form_with_an_emphasised_title() {
    assert_eq!(
        read("Olsen, *Lamps on the Headland*, 89–124."),
        [
            "kind: short-form",
            "text: Olsen, *Lamps on the Headland*, 89–124.",
            "author: Olsen [olsen]",
            "title: Lamps on the Headland (emphasis)",
            "pages: 89–124",
        ]
    );
}

#[test]
fn short_form_with_a_quoted_title() {
    assert_eq!(
        read("Quill, “The Waggle Dance Revisited.”"),
        [
            "kind: short-form",
            "text: Quill, “The Waggle Dance Revisited.”",
            "author: Quill [quill]",
            "title: The Waggle Dance Revisited (quoted)",
        ]
    );
}

/// A legal short form points back to a note; the emphasised `supra` is no
/// title, and a pointer makes a short form even without a name.
#[test]
fn supra_note_points_to_a_note() {
    assert_eq!(
        read("Szalvay, *supra* note 6, at 8."),
        [
            "kind: short-form",
            "text: Szalvay, *supra* note 6, at 8.",
            "author: Szalvay [szalvay]",
            "supra note: 6 at \"6\"",
        ]
    );
    assert_eq!(
        read("See the discussion supra notes 12-14."),
        [
            "kind: short-form",
            "text: See the discussion supra notes 12-14.",
            "supra note: 12 at \"12\"",
        ]
    );
}

/// A work given in full after a sentence, a clause or a signal of the
/// note's own has the names right before its title as its authors.
#[test]
fn full_citation_after_commentary_keeps_its_authors() {
    let authors = |note: &str| -> Vec<String> {
        read(note)
            .into_iter()
            .filter(|line| line.starts_with("author:") || line.starts_with("kind:"))
            .collect()
    };
    assert_eq!(
        authors("Otro texto. Francesco Maiolo, *Medieval Sovereignty* (Delft: Eburon, 2007), 5."),
        ["kind: full", "author: Francesco Maiolo [maiolo]"]
    );
    assert_eq!(
        authors(
            "Sobre las acciones colectivas: Renée Soulodre-La France, \"Los Esclavos\", *Review* 10, no. 1 (2001): 87."
        ),
        ["kind: full", "author: Renée Soulodre-La France [france]"]
    );
    assert_eq!(
        authors(
            "Para los escribanos, véase Víctor Tau Anzoátegui, *El jurista* (Madrid: Dykinson, 1997), 12."
        ),
        ["kind: full", "author: Víctor Tau Anzoátegui [anzoátegui]"]
    );
    // Commentary with no published work keeps no names, nor where a book
    // number reads as the container.
    assert_eq!(
        authors("On this, see the notes. Ada Lo, *Salt*, 4."),
        ["kind: text"]
    );
    assert_eq!(
        authors(
            "A remedy for a contract. Murillo Velarde, *Cursus iuris canonici*, Lib. I, tít. LXI, núm. 394."
        ),
        ["kind: full"]
    );
}

/// A gloss that says what a phrase means is no short form: its words end
/// with the word that joins them to a name, not with a name.
#[test]
fn a_gloss_of_a_phrase_is_no_short_form() {
    assert_eq!(
        read("Latin for \"among other things.\""),
        [
            "kind: text",
            "text: Latin for \"among other things.\"",
            "title: among other things (quoted)",
        ]
    );
}

/// A surname alone does not make a short form when publication details follow.
#[test]
fn surname_only_with_full_details_is_a_full_form() {
    assert_eq!(
        read("Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2001), 29."),
        [
            "kind: full",
            "text: Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2001), 29.",
            "author: Olsen [olsen]",
            "title: Lamps on the Headland (emphasis)",
            "place: Bergen",
            "publisher: Fyr Press",
            "year: 2001",
            "pages: 29",
        ]
    );
}

#[test]
fn two_citations_split_at_the_semicolon_outside_quotes_and_parentheses() {
    assert_eq!(
        read(
            "Henrik Olsen, *Lamps* (Bergen: Fyr Press, 2001); Priya Nair, “Cloves; and Mace,” Spice Review, May 2, 2019 (see pp. 3; 4)."
        ),
        [
            "kind: full",
            "text: Henrik Olsen, *Lamps* (Bergen: Fyr Press, 2001)",
            "author: Henrik Olsen [olsen]",
            "title: Lamps (emphasis)",
            "place: Bergen",
            "publisher: Fyr Press",
            "year: 2001",
            "--",
            "kind: full",
            "text: Priya Nair, “Cloves; and Mace,” Spice Review, May 2, 2019 (see pp. 3; 4).",
            "author: Priya Nair [nair]",
            "title: Cloves; and Mace (quoted)",
            "container: Spice Review",
            "date: May 2, 2019",
            "year: 2019",
        ]
    );
}

#[test]
fn run_on_pair_without_a_separator() {
    assert_eq!(
        read(
            "Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015) Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22."
        ),
        [
            "kind: full",
            "text: Henrik Olsen, *Lamps on the Headland* (Bergen: Fyr Press, 2015)",
            "author: Henrik Olsen [olsen]",
            "title: Lamps on the Headland (emphasis)",
            "place: Bergen",
            "publisher: Fyr Press",
            "year: 2015",
            "--",
            "kind: full",
            "text: Marta Quill, 'Keeping Bees,' *Apiary Studies* 65, no. 2 (2023): 7–22.",
            "author: Marta Quill [quill]",
            "title: Keeping Bees (quoted)",
            "container: Apiary Studies",
            "volume: 65",
            "issue: 2",
            "year: 2023",
            "pages: 7–22",
            "run on: \" \" after \" 2015)\"",
        ]
    );
}

#[test]
fn citation_with_a_url() {
    assert_eq!(
        read(
            "Priya Nair, “Cinnamon Routes,” Spice Review, May 2, 2019, https://example.org/cinnamon."
        ),
        [
            "kind: full",
            "text: Priya Nair, “Cinnamon Routes,” Spice Review, May 2, 2019, https://example.org/cinnamon.",
            "author: Priya Nair [nair]",
            "title: Cinnamon Routes (quoted)",
            "container: Spice Review",
            "date: May 2, 2019",
            "year: 2019",
            "url: https://example.org/cinnamon",
        ]
    );
}

#[test]
fn citation_with_a_doi() {
    assert_eq!(
        read(
            "Marta Quill, “Hive Health,” *Bee Science* 4, no. 2 (2020): 3–9, doi:10.1234/bee.2020.7."
        ),
        [
            "kind: full",
            "text: Marta Quill, “Hive Health,” *Bee Science* 4, no. 2 (2020): 3–9, doi:10.1234/bee.2020.7.",
            "author: Marta Quill [quill]",
            "title: Hive Health (quoted)",
            "container: Bee Science",
            "volume: 4",
            "issue: 2",
            "year: 2020",
            "pages: 3–9",
            "url: doi:10.1234/bee.2020.7",
        ]
    );
}

#[test]
fn commentary_is_text() {
    assert_eq!(
        read("See the discussion above."),
        ["kind: text", "text: See the discussion above.",]
    );
}

/// The apostrophe inside a title does not close its quotation.
#[test]
fn straight_single_quotes_around_an_apostrophe() {
    assert_eq!(
        read("Ada Fenn, 'The Keeper's Log,' *Coastal History* 9, no. 1 (2017): 45."),
        [
            "kind: full",
            "text: Ada Fenn, 'The Keeper's Log,' *Coastal History* 9, no. 1 (2017): 45.",
            "author: Ada Fenn [fenn]",
            "title: The Keeper's Log (quoted)",
            "container: Coastal History",
            "volume: 9",
            "issue: 1",
            "year: 2017",
            "pages: 45",
        ]
    );
}

#[test]
fn curly_single_quotes_around_an_apostrophe() {
    assert_eq!(
        read("Ada Fenn, ‘The Keeper’s Log,’ *Coastal History* 9, no. 1 (2017): 45."),
        [
            "kind: full",
            "text: Ada Fenn, ‘The Keeper’s Log,’ *Coastal History* 9, no. 1 (2017): 45.",
            "author: Ada Fenn [fenn]",
            "title: The Keeper’s Log (quoted)",
            "container: Coastal History",
            "volume: 9",
            "issue: 1",
            "year: 2017",
            "pages: 45",
        ]
    );
}

#[test]
fn curly_double_quotes_around_an_apostrophe() {
    assert_eq!(
        read("Ada Fenn, “The Keeper’s Log,” *Coastal History* 9, no. 1 (2017): 45."),
        [
            "kind: full",
            "text: Ada Fenn, “The Keeper’s Log,” *Coastal History* 9, no. 1 (2017): 45.",
            "author: Ada Fenn [fenn]",
            "title: The Keeper’s Log (quoted)",
            "container: Coastal History",
            "volume: 9",
            "issue: 1",
            "year: 2017",
            "pages: 45",
        ]
    );
}

#[test]
fn straight_double_quotes() {
    assert_eq!(
        read("Ada Fenn, \"The Keeper's Log,\" *Coastal History* 9, no. 1 (2017): 45."),
        [
            "kind: full",
            "text: Ada Fenn, \"The Keeper's Log,\" *Coastal History* 9, no. 1 (2017): 45.",
            "author: Ada Fenn [fenn]",
            "title: The Keeper's Log (quoted)",
            "container: Coastal History",
            "volume: 9",
            "issue: 1",
            "year: 2017",
            "pages: 45",
        ]
    );
}

/// A plural possessive ends in an apostrophe that looks like a closing
/// quotation mark; the title goes on after it.
#[test]
fn curly_single_quotes_around_a_plural_possessive() {
    assert_eq!(
        read("Ada Fenn, ‘The Keepers’ Lamps,’ *Coastal History* 9, no. 1 (2017): 45."),
        [
            "kind: full",
            "text: Ada Fenn, ‘The Keepers’ Lamps,’ *Coastal History* 9, no. 1 (2017): 45.",
            "author: Ada Fenn [fenn]",
            "title: The Keepers’ Lamps (quoted)",
            "container: Coastal History",
            "volume: 9",
            "issue: 1",
            "year: 2017",
            "pages: 45",
        ]
    );
}

#[test]
fn ranges_are_relative_to_the_note_body() {
    let text = "Text.[1]\n\n[1] Ibid.; Olsen, *Lamps*, 3.\n";
    let analysis = crate::analysis::analyze(text);
    let note = &analysis.index.notes[0];
    let ranges: Vec<&str> = note
        .citations
        .iter()
        .map(|c| &text[note.abs(&c.range)])
        .collect();
    assert_eq!(ranges, ["Ibid.", "Olsen, *Lamps*, 3."]);
    let title = note.citations[1]
        .title
        .as_ref()
        .map(|t| &text[note.abs(&t.range)]);
    assert_eq!(title, Some("Lamps"));
}

#[test]
fn parse_note_reads_a_body_directly() {
    let body = "Henrik Olsen, Lamps on the Headland (Bergen: Fyr Press, 2001), 29; ibid., 30.";
    let citations = parse_note(body, &InlineSpans::default());
    let kinds: Vec<CitationKind> = citations.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [CitationKind::Full, CitationKind::Ibid]);
    assert_eq!(
        citations[1].pages.as_ref().map(|p| p.text.as_str()),
        Some("30")
    );
}

#[test]
fn a_container_after_a_line_break_starts_after_it() {
    // The outlet follows the title on the next line and ends in a curly
    // quote: its range must start after the line break, not on it, or it
    // would end inside the quote.
    let text = "Text.[^a]\n\n[^a]: “”\nHarbour.“\n";
    let analysis = crate::analysis::analyze(text);
    let note = &analysis.index.notes[0];
    let container = note.citations[0].container.as_ref().map(|f| {
        let range = note.abs(&f.range);
        (f.text.as_str(), &text[range])
    });
    assert_eq!(container, Some(("Harbour.“", "Harbour.“")));
}

/// The hand-written reading of inverted names agrees with the pattern it
/// replaced, on text made of the pieces that matter.
mod inverted_names {
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "Reyes", "van", "O’", "Brien", "-", ",", ", ", " ", "  ", "J.", "R.", "A", "b", ".", "É",
        "é", "Mc", "D.", "\t", "'", "1", "ß", "中", "Ada", "M", "..",
    ];

    fn by_pattern(text: &str) -> Option<String> {
        let pattern = regex::Regex::new(
            r"^([\p{Lu}][\p{L}'’-]+),\s+((?:[\p{Lu}][\p{L}'’-]*\.?\s*)*[\p{Lu}]\.(?:\s*[\p{Lu}][\p{L}'’-]*\.?)*)$",
        )
        .expect("a valid pattern");
        pattern.captures(text).map(|c| c[1].to_string())
    }

    proptest! {
        #[test]
        fn on_any_text(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..10)) {
            let text = pieces.concat();
            prop_assert_eq!(super::inverted_surname(&text).map(str::to_string), by_pattern(&text));
        }
    }

    #[test]
    fn on_the_usual_forms() {
        for (text, surname) in [
            ("Reyes, A. M.", Some("Reyes")),
            ("Reyes, Ada M.", Some("Reyes")),
            ("O’Brien, J.R.", Some("O’Brien")),
            ("Lévy-Bruhl, McD.", Some("Lévy-Bruhl")),
            ("Reyes, Ada", None),
            ("Reyes, A. ", None),
            ("R, A.", None),
            ("Reyes,A.", None),
            ("Reyes, a.", None),
        ] {
            assert_eq!(super::inverted_surname(text), surname, "{text}");
            assert_eq!(by_pattern(text).as_deref(), surname, "{text}");
        }
    }
}

/// The byte tests that let a note's reading skip a pattern's search, held
/// to the patterns: a test that says no where the pattern would match
/// would lose a field.
mod guards {
    use proptest::prelude::*;

    use super::super::*;

    const PIECES: &[&str] = &[
        "1995",
        "2019",
        "12",
        "3",
        "0",
        " ",
        "  ",
        ",",
        ".",
        "(",
        ")",
        "):",
        ":",
        "-",
        "–",
        "p.",
        "pp.",
        "no.",
        "May",
        "Spring",
        "Sept.",
        "Jan.",
        "accessed",
        "Retrieved",
        "viewed",
        "on",
        "url",
        "Link",
        "available at",
        "online",
        "from",
        "and",
        "&",
        "ibid",
        "Ibid.",
        "id",
        "ebd",
        "ſ",
        "\u{212a}",
        "lin",
        "Available from",
        "at",
        ":",
        "é",
        "x",
        "Tan",
        "Mei",
        "\t",
        "*",
        "2019-05-02",
    ];

    proptest! {
        #[test]
        fn never_skip_a_match(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12)) {
            let text = pieces.concat();
            for (name, pattern) in PATTERNS {
                prop_assert!(
                    (pattern.may_match)(&text) || !pattern.regex.is_match(&text),
                    "{} matches {:?}", name, text
                );
            }
            let parts: Vec<&str> = AUTHOR_SPLIT.split(&text).collect();
            let split: Vec<&str> = AUTHOR_SPLIT.regex.split(&text).collect();
            prop_assert_eq!(parts, split);
        }

        #[test]
        fn pages_at_end_is_the_patterns_group(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12)
        ) {
            let text = pieces.concat();
            let group = PAGES_AT_END.regex.captures(&text).and_then(|m| m.get(1)).map(|g| g.range());
            prop_assert_eq!(pages_at_end(&text), group);
        }
    }

    #[test]
    fn pages_at_end_on_the_usual_forms() {
        for (text, pages) in [
            (", 45.", Some("45")),
            (", pp. 12–14.", Some("12–14")),
            (" p. 3", Some("3")),
            ("12, 14–15, 18 .", Some("12, 14–15, 18")),
            ("(Lyon, 2015), 33", Some("33")),
            ("no pages here", None),
        ] {
            assert_eq!(pages_at_end(text).map(|r| &text[r]), pages, "{text}");
        }
    }
}

#[test]
fn empty_labels_pass_their_guard() {
    for text in [
        "Tea Roads, Retrieved from",
        "Available at: .",
        "Leaf Weekly, URL,",
        "see link :",
        "lin\u{212a}.",
        "Online at",
    ] {
        assert!(EMPTY_LABEL.regex.is_match(text), "{text}");
        assert!(may_hold_empty_label(text), "{text}");
    }
    assert!(!may_hold_empty_label("Leaf Weekly, 2019."));
}

#[test]
fn a_sentence_that_ends_with_the_word_url_lost_nothing() {
    for text in [
        "Ставьте адрес маяка в строке URL.",
        "The keeper pasted the address into the link.",
    ] {
        assert!(!EMPTY_LABEL.regex.is_match(text), "{text}");
    }
}

#[test]
fn a_sentence_that_quotes_a_word_is_commentary_not_a_short_form() {
    for note in [
        "EDITOR'S NOTE.--The harbour “lanterne” was a lamp of iron hung from the beam.",
        "A _sou_ is the smallest copper coin the islanders still count in.",
    ] {
        assert_eq!(read(note)[0], "kind: text", "{note}");
    }
    // A locator after the title keeps a short form short.
    assert_eq!(
        read("Fenn, *Lamps*, vol. iii, ch. ii, pp. 40 and 52.")[0],
        "kind: short-form"
    );
    // So does a comment after the locator, as Chicago notes write them.
    assert_eq!(
        read("Fenn, *Lamps*, 40, where she describes the lamps of the harbour at night.")[0],
        "kind: short-form"
    );
}

#[test]
fn an_html_character_reference_does_not_split_a_citation() {
    let read = read("Ada Fenn,&nbsp;*Lamps* (Oslo: Fjord, 2010), 4&#8211;5.");
    assert!(!read.contains(&"--".to_string()), "{read:?}");
}

#[test]
fn a_sentence_that_opens_with_a_date_is_no_author_date_reference() {
    assert_eq!(
        read("In 1825, the keeper moved to the north cottage.")[0],
        "kind: text"
    );
    assert_eq!(read("Berg 1825, p. 4.")[0], "kind: short-form");
}

/// After a source given in parentheses, a sentence that comments on it is
/// no second citation, though it quotes.
#[test]
fn commentary_after_a_parenthesised_source_is_not_run_on() {
    let read = read(
        "“One mill has three owners.” (Report of Mr. Lund, 1861, p. 20.) After reading the rules, Mr. Lund says: “It will be hard to enforce.”",
    );
    assert!(!read.iter().any(|l| l.starts_with("run on")), "{read:#?}");
}

/// A word of a sentence set in bold after a name, with no comma between
/// them, is no short form's title.
#[test]
fn a_bold_word_in_a_sentence_is_no_title() {
    assert_eq!(read("Tea **was** the main drink.")[0], "kind: text");
    assert_eq!(read("Fenn *Lamps* 40.")[0], "kind: short-form");
}

/// The author may follow the title, as older citations write it.
#[test]
fn an_author_named_after_the_title() {
    let lage = read("“Die Lage der Fischer an der Küste,” von Lena Park, Leipzig, 1845, p. 3.");
    assert!(
        lage.contains(&"author: Lena Park [park]".to_string()),
        "{lage:#?}"
    );
    let lage = read("“Die Lage der Fischer,” \\[The Fishers\\] von Lena Park, Leipzig, 1845.");
    assert!(
        lage.contains(&"author: Lena Park [park]".to_string()),
        "{lage:#?}"
    );
    let harbour = read("*The Harbour*, by Ada Fenn, 1901.");
    assert!(
        harbour.contains(&"author: Ada Fenn [fenn]".to_string()),
        "{harbour:#?}"
    );
}

/// A Pandoc note wrapped at its column: the title goes on over the line
/// break and the indentation of the next line.
#[test]
fn a_quoted_title_wrapped_over_two_lines() {
    assert_eq!(
        read(
            "Abelardo Levaggi, \"Las instituciones de clemencia en el Derecho\n    penal rioplatense\", *Revista de Historia del Derecho* 3 (1975): 12."
        ),
        [
            "kind: full",
            "text: Abelardo Levaggi, \"Las instituciones de clemencia en el Derecho\n    penal rioplatense\", *Revista de Historia del Derecho* 3 (1975): 12.",
            "author: Abelardo Levaggi [levaggi]",
            "title: Las instituciones de clemencia en el Derecho\n    penal rioplatense (quoted)",
            "container: Revista de Historia del Derecho",
            "volume: 3",
            "year: 1975",
            "pages: 12",
        ]
    );
}

/// German and Zettelkasten styles give the year after the name and a
/// colon before the title: a full citation, not an author-date short form.
#[test]
fn author_year_colon_title_is_a_full_citation() {
    assert_eq!(
        read(
            "Cal Newport (2016):  Deep Work. Rules for Focused Success in a Distracted World, London: Piatkus."
        ),
        [
            "kind: full",
            "text: Cal Newport (2016):  Deep Work. Rules for Focused Success in a Distracted World, London: Piatkus.",
            "author: Cal Newport [newport]",
            "title: Deep Work (plain)",
            "container: Rules for Focused Success in a Distracted World",
            "year: 2016",
        ]
    );
    // With a page after the colon it stays a short form.
    assert_eq!(read("Newport (2016): 45.")[0], "kind: short-form");
}

/// A numbered reference list in Vancouver or PLOS style gives the year in
/// parentheses after the names, then the title, then the journal with its
/// volume and pages, or the publisher.
#[test]
fn vancouver_entries_are_full_citations() {
    assert_eq!(
        read("Fenn AB (2008) Lamp oil and the night watch. Harb Rev 18: 131-136."),
        [
            "kind: full",
            "text: Fenn AB (2008) Lamp oil and the night watch. Harb Rev 18: 131-136.",
            "author: Fenn AB [fenn]",
            "title: Lamp oil and the night watch (plain)",
            "container: Harb Rev",
            "year: 2008",
        ]
    );
    assert_eq!(
        read("Oar B (2003) Tides, wicks and the keeping of lights. Lima: Faro Press.")[0],
        "kind: full"
    );
    // Prose or a page after the year keeps it a short form.
    assert_eq!(read("Fenn (2008) argues so.")[0], "kind: short-form");
    assert_eq!(
        read("Fenn (2008) p. 4. See also the tables.")[0],
        "kind: short-form"
    );
}
