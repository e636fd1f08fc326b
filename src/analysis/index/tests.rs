//! Which markers the index reads and the notes they bind to, on the shapes
//! of text that decide it.

use crate::analysis::analyze;

/// Each marker as `key -> label of its note` (`-` when unbound), in
/// document order.
fn bindings(text: &str) -> Vec<String> {
    let analysis = analyze(text);
    let index = &analysis.index;
    index
        .markers
        .iter()
        .map(|m| {
            let note = m.target.map_or("-".to_string(), |t| {
                text.get(index.notes[t].label_range.clone())
                    .unwrap_or("?")
                    .trim()
                    .to_string()
            });
            format!("{} -> {note}", m.key)
        })
        .collect()
}

/// Markdown reference links (`[text][1]`, `[1]`, with `[1]:https://…`
/// defined) are links, not markers; a footnote beside them still is.
#[test]
fn reference_links_are_not_markers() {
    let text =
        "Links [site][1], [4][1] and [1] go out.[^a]\n\n[1]:https://example.com\n\n[^a]: A note.\n";
    assert_eq!(bindings(text), ["a -> [^a]"]);
}

/// Written with a space after the colon, the definition reads as a note
/// with its URL, which the links cite; the text of a link (`[4]` in
/// `[4][1]`) is still no marker.
#[test]
fn a_link_definition_with_a_space_is_a_note_its_links_cite() {
    let text = "Links [site][1], [4][1] and [1] go out.\n\n[1]: https://example.com\n";
    assert_eq!(bindings(text), ["1 -> [1]", "1 -> [1]", "1 -> [1]"]);
}

/// Without a link definition the same brackets are markers: `[4][5]` cites
/// two notes, as a pasted Wikipedia article does.
#[test]
fn adjacent_brackets_without_a_link_definition_are_markers() {
    let text = "The tower was lit.[4][5]\n\n[4] Ada Fenn, *Towers* (Oslo: Fjord, 2010).\n[5] Ada Fenn, *Lamps* (Oslo: Fjord, 2011).\n";
    assert_eq!(bindings(text), ["4 -> [4]", "5 -> [5]"]);
}

/// A dagger is a marker where notes are marked with daggers; elsewhere it is
/// a character of the text (here `→` read in the wrong encoding).
#[test]
fn a_dagger_is_a_marker_only_beside_dagger_notes() {
    let stray = "Traffic goes CloudFront â†’ S3 directly.[1]\n\n[1] Ada Fenn, *Edges* (Oslo: Fjord, 2020).\n";
    assert_eq!(bindings(stray), ["1 -> [1]"]);
    let noted = "Traffic goes to the edge.† Then on.‡\n\n† Measured in 2020.\n";
    assert_eq!(bindings(noted), ["† -> †", "‡ -> -"]);
}

/// A Google Docs export: a table of contents whose page numbers link to
/// headings is no list of markers; the notes' labels are followed by a
/// no-break space.
#[test]
fn page_numbers_linking_to_headings_are_no_markers() {
    let text = "Summary        [2](#h.2gk743bl4yws)\n\nThe call is unbuffered[[1]](#ftnt1) here.\n\n* * *\n\n[[1]](#ftnt_ref1)\u{a0}[https://example.com/setbuf](https://example.com/setbuf)\n";
    assert_eq!(bindings(text), ["1 -> [[1]](#ftnt_ref1)"]);
    // The page number is no marker even where a note has its number.
    let text = text.replace("[2](#h.", "[1](#h.");
    assert_eq!(bindings(&text), ["1 -> [[1]](#ftnt_ref1)"]);
}

/// An array in a Jekyll code block is no marker.
#[test]
fn arrays_in_a_jekyll_code_block_are_no_markers() {
    let text = "The buffer:\n\n{% highlight c %}\nchar buf[32];\n{% endhighlight %}\n\nIt overflows.[1]\n\n[1] Ada Fenn, *Stacks* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
}

/// A Markdown link that spells out its address (`[www.example.org](…)`) is
/// the citation's link, so a citation with it is a full one; one that
/// names a thing (`[PDF](…)`) is not read as the address.
#[test]
fn a_link_spelling_its_address_makes_a_full_citation() {
    use crate::analysis::citations::CitationKind;
    let text = "Design.[1]\n\n[1] Fenn, Ada, “Seven Principles,” [www.example.org](http://www.example.org) , n.d.\n";
    let analysis = analyze(text);
    let kinds: Vec<CitationKind> = analysis.index.notes[0]
        .citations
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(kinds, [CitationKind::Full]);
}

/// A machine translation of an export drops markers' opening brackets
/// (`です。2](#fn2)`): still links to their notes.
#[test]
fn a_link_to_a_note_that_lost_its_bracket_is_a_marker() {
    let text = "法は変わる。2](#fn2) 研究が示す。[1](#fn1)\n\n* * *\n\n1.  Solove, *Privacy* (2020). [↩](#fnref1)\n2.  Narayanan, *Anonymity* (2008). [↩](#fnref2)\n";
    assert_eq!(bindings(text), ["2 -> 2", "1 -> 1"]);
}

/// Escaped brackets beside superscript notes are a numbering of their own
/// (an export's footnotes and its list of references).
#[test]
fn escaped_brackets_beside_superscripts_are_their_own_numbers() {
    let text = "Wool is warm.\\[1\\] Yarn is spun.¹ Dye sets.\\[2\\]\n\n¹ A note about yarn.\n\n\\[1\\] Ada Fenn, *Wool* (Oslo: Fjord, 2010).\n\n\\[2\\] Ada Fenn, *Dye* (Oslo: Fjord, 2011).\n";
    assert_eq!(bindings(text), ["1 -> \\[1\\]", "1 -> ¹", "2 -> \\[2\\]"]);
    let analysis = analyze(text);
    assert_eq!(analysis.diagnostics, []);
}

/// The binding's binary search agrees with a scan of every candidate, on
/// the notes of every generated shape: the lists
/// of notes that share a key are in document order, and so are their
/// sections, which is what the search relies on.
#[test]
fn the_nearest_candidate_is_found_as_a_scan_finds_it() {
    use super::{NoteDef, NoteId, Section};
    use crate::analysis::testgen::shapes::Shape;

    /// The scan the search replaced.
    fn scan(
        sections: &[Section],
        notes: &[NoteDef],
        candidates: &[NoteId],
        at: usize,
    ) -> Option<NoteId> {
        let section_start = |i: usize| {
            sections
                .get(notes[i].section)
                .map_or(notes[i].range.start, |s| s.range.start)
        };
        candidates
            .iter()
            .copied()
            .filter(|&i| section_start(i) >= at || notes[i].range.start > at)
            .min_by_key(|&i| (section_start(i), notes[i].range.start))
            .or_else(|| {
                candidates
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| notes[i].range.start <= at)
            })
            .or_else(|| candidates.first().copied())
    }

    let texts: Vec<String> = Shape::ALL
        .iter()
        .flat_map(|shape| [3, 7].map(|seed| shape.generate(200_000, seed)))
        .collect();
    let mut compared = 0;
    for text in &texts {
        let analysis = analyze(text);
        let index = &analysis.index;
        let mut by_key: std::collections::BTreeMap<&str, Vec<NoteId>> = Default::default();
        for (id, note) in index.notes.iter().enumerate() {
            by_key.entry(&note.key).or_default().push(id);
        }
        let places: Vec<usize> = index.markers.iter().map(|m| m.range.start).collect();
        for candidates in by_key.values().filter(|c| c.len() > 1) {
            for &at in places.iter().chain([0, text.len()].iter()) {
                assert_eq!(
                    super::bind::best_candidate(&index.sections, &index.notes, candidates, at),
                    scan(&index.sections, &index.notes, candidates, at),
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 10_000, "only {compared} comparisons");
}

/// A bracket in YAML front matter (a LaTeX macro's argument count in a
/// Quarto header) is a setting, not a marker; the text after it still
/// marks its notes.
#[test]
fn brackets_in_front_matter_are_not_markers() {
    let text = "---\ntitle: Tides\nheader-includes: |\n  \\newcommand{\\tide}[1]{#1}\n---\n\nThe tide turned.[^a]\n\n[^a]: Logged at noon.\n";
    assert_eq!(bindings(text), ["a -> [^a]"]);
    // So is one in the raw LaTeX of the body, and a wiki's numbered link.
    let text = "\\renewcommand{\\chaptermark}[1]{\\markboth{#1}{}}\n\nSee the <a href=\"https://tides.example/\" class=\"external autonumber\">[2]</a> log. The tide turned.[^a]\n\n[^a]: Logged at noon.\n";
    assert_eq!(bindings(text), ["a -> [^a]"]);
}

/// A bracket that labels something else by what follows it: quantum
/// numbers, a Korean item number, a reference link's text, a link to
/// another page of the site.
#[test]
fn brackets_that_label_something_else_are_not_markers() {
    let text = "Levels [734]9/2 and [622]5/2.\n\n[2]번 명제.\n\nTwo fixes ([1][Lamp fix #15776]) and [[3]](/post/). The tide turned.[^a]\n\n[^a]: Logged at noon.\n";
    assert_eq!(bindings(text), ["a -> [^a]"]);
}

/// References that a PDF's conversion ran together in one paragraph are a
/// note each, from one label to the next; a note that names another by
/// its number after a full stop, with nothing of a reference's end before
/// it, keeps it as a marker.
#[test]
fn references_run_together_are_a_note_each() {
    let text = "Lamps.[1] Oil.[2] Wicks.[3]\n\n## References\n\n[1] Fenn. URL https://lamps.example/. [2] Oar, Wicks, 2011.[3] Lund, *Oil*, 2012.\n";
    assert_eq!(bindings(text), ["1 -> [1]", "2 -> [2]", "3 -> [3]"]);
    let analysis = analyze(text);
    let bodies: Vec<&str> = analysis
        .index
        .notes
        .iter()
        .filter_map(|n| n.body_range.clone())
        .map(|r| &text[r])
        .collect();
    assert_eq!(
        bodies,
        [
            "Fenn. URL https://lamps.example/.",
            "Oar, Wicks, 2011.",
            "Lund, *Oil*, 2012."
        ]
    );
    let text =
        "Lamps.[1] Oil.[2]\n\n[1] See the note on oil. [2] gives the price.\n[2] Oar, *Wicks*.\n";
    assert_eq!(bindings(text), ["1 -> [1]", "2 -> [2]", "2 -> [2]"]);
}

/// Where no note has its number, a bracket is no marker when the text
/// calls it another paper's reference, glues it to a name as an index
/// that opens a structure, or sets it in TeX math; the same brackets
/// with a note of that number are markers.
#[test]
fn brackets_that_name_no_note_of_this_document() {
    let text = "As Ref [15] puts it, the keys are key[3]:a,b and items[2]{x} along $[100]$, \"as read [33].\" See § 7.05[5] and [[108]](https://code.example/issues/108). Figure \\[73\\] shows it.\n";
    assert_eq!(bindings(text), Vec::<String>::new());
    let text =
        "The keeper said so, as in reference [2].\n\n[2] Ada Fenn, *Logs* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), ["2 -> [2]"]);
}

/// Values written in prose outside code: a member of an element
/// (`Headers[1].Count`), an array type (`[4]int{…}`), a vector a sentence
/// names (`a shape of [1, 3, 4]`, `length [2, 3]`, `x = [5]`). A number
/// right after a word is still a marker (`the keeper[6].`).
#[test]
fn values_written_in_prose_are_no_markers() {
    let text = "It reads Headers[1].Count bytes into [4]int{0, 6}. The tensor has a shape of [1, 3, 4], u has length [2, 3], and x = [5]. So said the keeper[6].\n";
    assert_eq!(bindings(text), ["6 -> -"]);
}

/// An HTML superscript glued to a small number is its power where no note
/// has the number; a year's note is a note.
#[test]
fn a_power_written_in_html_is_no_marker() {
    let text = "Keys take 2<sup>128</sup> steps, and 10<sup>6</sup> more.<sup>1</sup> Founded in 1998<sup>4</sup>.\n\nNotes\n\n1. Ada Fenn, *Keys* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), ["1 -> 1", "4 -> -"]);
}

/// ChatGPT links each source with a text fragment (`#:~:text=…`); the
/// words it quotes (`Bibliography`) name no note's anchor.
#[test]
fn a_link_to_quoted_words_names_no_note() {
    let text = "Tucker collected them.[\\[12\\]](https://example.org/marx/bibliography/#:~:text=Bibliography%20,Tucker) So did Kautsky.[\\[3\\]](https://example.org/k#cite_note-3)\n";
    assert_eq!(bindings(text), ["3 -> -"]);
}

/// A marker written as a link to the note on the page it was copied from
/// is a marker whether or not a note has its number here.
#[test]
fn a_link_to_a_note_on_the_source_page_stays_a_marker() {
    let text = "The lamp was lit.[[4]](https://wiki.example/Lamp#cite_note-4)\n";
    assert_eq!(bindings(text), ["4 -> -"]);
}

/// A rule at the top with a blank line after it opens no front matter:
/// the markers up to the next rule are markers.
#[test]
fn a_rule_at_the_top_is_no_front_matter() {
    let text = "---\n\nThe tide turned.[^a]\n\n---\n\n[^a]: Logged at noon.\n";
    assert_eq!(bindings(text), ["a -> [^a]"]);
}

/// Brackets that are code or data shown in prose name no note: a vector
/// that repeats a number, a regular expression's class glued to the word
/// it matches, anything between `<pre>` and `</pre>`.
#[test]
fn brackets_of_code_and_data_name_no_note() {
    let text =
        "The mask is [1, 1] here, and \"[^c]ar\" matches bar.\n\n<pre>\nx [2] y [^q]\n</pre>\n";
    assert_eq!(bindings(text), Vec::<String>::new());
    // The same brackets as a list of notes and a footnote reference.
    let text = "Two sources agree.[1, 2] A third.[^c]\n\n[1] Ada Lo, *Tides*.\n[2] Ben Ek, *Salt*.\n\n[^c]: Cy Ho, *Wind*.\n";
    assert_eq!(bindings(text), ["1 -> [1]", "2 -> [2]", "c -> [^c]"]);
}

/// A copy of a GitHub or GitBook page shows a note's number as a link to
/// the anchor of its footnote: the link cites that footnote, whatever
/// number it shows, and a number that only shows a link cites nothing.
#[test]
fn a_link_to_a_footnote_anchor_cites_that_footnote() {
    let text = "Shown.[\\[1\\]](#user-content-fn-1) Again.[<mark>\\[2\\]</mark>](#user-content-fn-4)[^4]\n\n[^1]: Ada Lo.\n[^4]: Ben Ek.\n";
    assert_eq!(bindings(text), ["1 -> [^1]", "4 -> [^4]"]);
}

/// A number that links to a note on another page, shown in a tag or in
/// bold, or quoted in a block quote, is that page's note, not one of this
/// document's; a link to a page's note outside a quotation stays a marker
/// (a copy of the page that lost its notes).
#[test]
fn a_number_that_links_to_another_pages_note_is_that_pages() {
    let text = "Held.[\\[1\\]](https://example.org/op#\\[1]) Reversed.[<mark>\\[2\\]</mark>](https://example.org/op#\\[2]) Again.[**\\[3\\]**](https://example.org/op#\\[3])\n\n> Silt reaches the delta[[4]](https://example.org/essay/#_ftn4), they said.\n\nCopied.[[5]](https://example.org/wiki/Silt#cite_note-5)\n";
    assert_eq!(bindings(text), ["5 -> -"]);
}

/// A number that is the text of a reference link whose label has words
/// (`[14][cl ced]`) is no marker where the document defines the label;
/// a Wikipedia note's `[note 1]` after a marker is defined nowhere.
#[test]
fn a_number_that_is_a_reference_links_text_is_no_marker() {
    let text = "Waits [14][cl ced] or [40][lnd ced] blocks.[1][note 1]\n\n[1] Ada Lo, *Blocks* (Oslo: Fjord, 2010).\n\n[cl ced]: https://example.org/cl\n[lnd ced]: https://example.org/lnd\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
}

/// A one-letter variable indexed in prose about a program (`a[3]`) is no
/// marker; a word with its marker glued to it is one.
#[test]
fn a_variable_indexed_in_prose_is_no_marker() {
    let text = "So a is an array because a[3] is an int, and (x[2]) too. Ships sank.[1] Also.\n";
    assert_eq!(bindings(text), ["1 -> -"]);
}

/// Where no note has a number, a bracket that fills a table cell or opens
/// a list item is data; one that follows words is a marker.
#[test]
fn a_bracket_that_is_data_in_a_table_or_list_is_no_marker() {
    let text = "| offset | byte |\n| --- | --- |\n| [20] | 5f |\n| [21] | 60 |\n\nBits:\n\n- [0, 1] - priority-fee\n- [2] - compute-unit-limit\n- [3] - heap-size\n\nThe keeper wrote it down.[4]\n";
    assert_eq!(bindings(text), ["4 -> -"]);
}

/// Code in a plain-text file has no fence: a bracket on a line of C
/// indexes an array or gives its size, and a name whose element 0 the
/// text gives is an array in prose. A year's marker stays one.
#[test]
fn an_array_in_unfenced_code_or_prose_is_no_marker() {
    let text = "The digest is fixed [1].\n\n\
                UINT4 state[4];\n\
                unsigned char buffer[64];   /* input buffer */\n\
                void Final PROTO_LIST ((unsigned char [16], CTX *));\n\
                close(fd[0]); dup2(fd[3], 1);\n\
                {q[2]|=128;q[11]?q[3]|=4:1;q[7]++;\n\n\
                Read numbers[0] first, then numbers[5] after it.\n\n\
                The lamp was first lit in 1790[2] and fell dark.\n\n\
                [1] Ada Fenn, *Digests* (Oslo: Fjord, 1992).\n";
    assert_eq!(bindings(text), ["1 -> [1]", "2 -> -"]);
}

/// An arrow drawn in a diagram (`^` under the cell it points at, alone on
/// its line) is no pasted reference: the marker finds the real note.
#[test]
fn an_arrow_in_a_diagram_is_no_note() {
    let text = "It was reported as advisory 485 [1].\n\nA row of cells:\n\n\
                --------------------------\n\
                .. | propY | propX | ..\n\
                --------------------------\n\
                \x20           ^\n\
                \x20           |\n\
                \x20 +---------------+\n\
                \x20 | Some Object   |\n\
                \x20 +---------------+\n\n\
                --[ 8 - References\n\n\
                [1] http://advisories.example/485/\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
}

/// A Pandoc span with its classes (`[170]{.rt-count}`, an embedded post's
/// count of shares) is no marker.
#[test]
fn a_pandoc_span_with_classes_is_no_marker() {
    let text = "[[1,556]{.like-count}Likes] and [[170]{.rt-count}Retweets]\n";
    assert_eq!(bindings(text), Vec::<String>::new());
}

/// A legend's line that says what a bracketed sign stands for is no marker.
#[test]
fn a_legend_of_signs_names_no_note() {
    let text = "Key to the examples:\n\n[L]  = Longa\n[1]  = Whole-note\n[2] = Half-note\n\nRhythm came first.[1]\n\n[1] Drums came before pipes.\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
}

/// A book's index lists pages after a comma; a bracketed page there is no
/// marker, while a marker glued to a word on the line before it is one.
#[test]
fn page_numbers_in_an_index_name_no_note() {
    let text = "The band played on.[1]\n\n[1] Ada Fenn, *Bands* (Oslo: Fjord, 2010).\n\nINDEX\n\n  Banjo, [20], 44\n  Brown, Mr. (a clerk), [26]\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
}

/// Two markers joined by a dash or a word span a range: the notes between
/// are cited. Not where an end has no note, nor across a sentence.
#[test]
fn two_markers_joined_by_a_dash_cite_the_notes_between() {
    let notes = "\n\n## Notes\n\n[1] One.\n[2] Two.\n[3] Three.\n[4] Four.\n";
    let text = format!("As shown [1]–[4].{notes}");
    assert_eq!(
        bindings(&text),
        ["1 -> [1]", "2 -> [2]", "3 -> [3]", "4 -> [4]"]
    );
    let text = format!("Read [1] through [3], then more.{notes}");
    assert_eq!(bindings(&text), ["1 -> [1]", "2 -> [2]", "3 -> [3]"]);
    // A sentence ends between them: two citations.
    let text = format!("As shown [1]. Later [3] said so.{notes}");
    assert_eq!(bindings(&text), ["1 -> [1]", "3 -> [3]"]);
    // The end has no note: nothing is read into the gap.
    let text = format!("As shown [2]–[9].{notes}");
    assert_eq!(bindings(&text), ["2 -> [2]", "9 -> -"]);
}

/// Markers padded with a zero bind to notes written without it, and the
/// other way round.
#[test]
fn zero_padded_numbers_are_the_same_notes() {
    let text = "Tiles.[01] Slate.[02]\n\n## Notes\n\n[1] One.\n[2] Two.\n";
    assert_eq!(bindings(text), ["01 -> [1]", "02 -> [2]"]);
    let text = "Tiles.[1] Slate.[2]\n\n## Notes\n\n[01] One.\n[02] Two.\n";
    assert_eq!(bindings(text), ["1 -> [01]", "2 -> [02]"]);
}

/// A number linking to a heading, however long its slug, is a cross
/// reference, not a marker.
#[test]
fn a_number_linking_to_a_long_heading_slug_is_no_marker() {
    let text = "Standards [1](#standard-1-human-control-over-targeting-and-use-of-force) \
                or [2](#standard-2-no-profiling) apply.[^1]\n\n[^1]: A note.\n";
    assert_eq!(bindings(text), ["1 -> [^1]"]);
}

/// A number that is the text of a reference link whose definition a site
/// template adds (`[114][BIP114]`) is no marker; a second number after a
/// marker, or a Wikipedia note's letter, still is one.
#[test]
fn a_number_before_a_link_label_is_no_marker() {
    let text = "See BIP [114][BIP114] and [116][bip116].[^1]\n\n[^1]: A note.\n";
    assert_eq!(bindings(text), ["1 -> [^1]"]);
    let text = "Tides.[4][5] Moons.[6][a]\n";
    assert_eq!(bindings(text), ["4 -> -", "5 -> -", "6 -> -"]);
}

/// An array in a script block, over its blank lines, is no marker.
#[test]
fn arrays_in_a_script_block_are_no_markers() {
    let text = "Fast.[1]\n\n<script>\nconst c = 1;\n\nfunction f(m) {\n  return m[2];\n}\n</script>\n\n[1] Ada Fenn, *Speed* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
}

/// A vector in display math over several lines is no marker.
#[test]
fn brackets_in_display_math_are_no_markers() {
    let text = "Fast.[1]\n\n$$\n\\begin{aligned}\nx_0 &= [3]=1,\\\\\nx_1 &= [3,3]=2\n\\end{aligned}\n$$\n\n[1] Ada Fenn, *Speed* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), ["1 -> [1]"]);
    let text = "Fast.\n\n$$\nx_0 = [2]\n$$\n\n[1] Ada Fenn, *Speed* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), Vec::<String>::new());
}

/// A box's coordinates and an interval far past the notes are no list of
/// citations; a list of notes still is one, bound or not.
#[test]
fn lists_of_other_numbers_are_no_markers() {
    let text = "Title<|det|>[[205, 132, 790, 157]]<|/det|> sampled from [640, 800] pixels.[1] \
                As shown [2, 3].\n\n[1] Ada Fenn, *Boxes* (Oslo: Fjord, 2010).\n";
    assert_eq!(bindings(text), ["1 -> [1]", "2 -> -", "3 -> -"]);
}

/// An author's notes (`[1]`) and a translator's (`¹`) are two lists: each
/// marker goes to the note labelled as it is written.
#[test]
fn bracket_and_superscript_notes_are_two_lists() {
    let text = "Corp dev¹ is a group.[2] It buys.[1]\n\n\
                [1] The author's first note.\n[2] The author's second note.\n\n\
                ¹ From the English *corporate development*. (Tr.)\n";
    assert_eq!(bindings(text), ["1 -> ¹", "2 -> [2]", "1 -> [1]"]);
}

/// A footnote marker run into the next sentence is a marker; a pattern's
/// class in prose is not.
#[test]
fn a_footnote_marker_run_into_the_next_sentence_is_one() {
    let text = "Comme suit.[^b1]Pareil pour la suite. Match [^a-z]+ here.\n";
    assert_eq!(bindings(text), ["b1 -> -"]);
    // A numbered one after a space, quoted in a block quote; not a class
    // whose letters go on in lower case.
    let text =
        "> Commerce will top $1 trillion. [^4]In the United States, less.\n\nMatch [^4]xy here.\n";
    assert_eq!(bindings(text), ["4 -> -"]);
}
