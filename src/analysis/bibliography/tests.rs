use super::*;

const LIBRARY_BIB: &str = include_str!("../../../tests/fixtures/bibliography/library.bib");
const BROKEN_BIB: &str = include_str!("../../../tests/fixtures/bibliography/broken.bib");
const LIBRARY_JSON: &str = include_str!("../../../tests/fixtures/bibliography/library.json");
const LIBRARY_YAML: &str = include_str!("../../../tests/fixtures/bibliography/library.yaml");

/// One line per entry (key, line, summary, whether the key range spells
/// the key), then one per problem (line and message).
fn describe(bib: &Bibliography, text: &str) -> String {
    let line = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut out = Vec::new();
    for e in &bib.entries {
        assert_eq!(
            &text[e.key_range.clone()],
            &*e.key,
            "key range of {}",
            e.key
        );
        out.push(format!(
            "{} (line {}) [{}] {}",
            e.key,
            line(e.range.start),
            e.summary.kind,
            e.summary.line()
        ));
    }
    for p in &bib.problems {
        match p {
            Problem::Malformed { range, message } => {
                out.push(format!("line {}: {message}", line(range.start)));
            }
            Problem::Duplicate { key, range, first } => out.push(format!(
                "line {}: duplicate `{key}` (first on line {})",
                line(range.start),
                line(first.start)
            )),
        }
    }
    out.join("\n")
}

fn parse(name: &str, text: &str) -> Bibliography {
    Bibliography::parse_path(Path::new(name), text).expect("a bibliography name")
}

#[test]
fn a_bib_file_with_strings_and_several_types() {
    let bib = parse("library.bib", LIBRARY_BIB);
    insta::assert_snapshot!(describe(&bib, LIBRARY_BIB), @r"
    whitcombe1999frozen (line 4) [book] Whitcombe 1999, Frozen Rivers: A Winter History
    okafor2012ice (line 12) [article] Okafor and Lindqvist 2012, Ice Roads and the Timber Trade
    harbourlog2020 (line 22) [online] Port Authority of Kestrel Bay 2020, Harbour Ice Log, Winter 2020
    brandt2005thaw (line 30) [incollection] Brandt 2005, Thaw and Flood in Coastal Towns
    ");
}

#[test]
fn broken_bib_entries_are_reported_and_the_rest_kept() {
    let bib = parse("broken.bib", BROKEN_BIB);
    insta::assert_snapshot!(describe(&bib, BROKEN_BIB), @r#"
    sorensen1987lamps (line 2) [book] Sørensen 1987, Lamps on the Quay
    pettersen2003nets (line 30) [book] Pettersen 2003, Nets and Weather
    line 8: entry `unclosed2001` is not closed: a `{` or `"` has no match before the next entry; the entry is skipped
    line 14: entry has no key: write one after the opening brace (`@book{key, ...`); the entry is skipped
    line 18: duplicate `sorensen1987lamps` (first on line 2)
    line 26: entry `undefinedmacro2015` uses `nosuchmacro`, which no `@string` defines; the entry is skipped
    "#);
}

#[test]
fn csl_json_items_with_a_missing_id_and_a_syntax_error() {
    let bib = parse("library.json", LIBRARY_JSON);
    insta::assert_snapshot!(describe(&bib, LIBRARY_JSON), @r"
    moreau2018lanterns (line 2) [book] Moreau 2018, Lanterns of the Breton Coast
    tanaka2021tides (line 11) [article-newspaper] Tanaka 2021, Spring Tides Flood the Old Port
    line 20: this item has no `id`: every item needs one, as the key that citations use; the item is skipped
    line 27: this item is not valid JSON: expected `,` or `}` at line 4 column 5; the item is skipped
    ");
}

#[test]
fn csl_yaml_under_references_with_pandoc_dates() {
    let bib = parse("library.yaml", LIBRARY_YAML);
    insta::assert_snapshot!(describe(&bib, LIBRARY_YAML), @"
    alvarez2015salt (line 3) [book] Álvarez 2015, Salt and Silver in the Andes
    ng2010bread (line 12) [article-journal] Ng 2010, Bread Markets of the Coast
    line 26: this item is not valid YAML: did not find expected ',' or ']'; the item is skipped
    ");
}

#[test]
fn nothing_panics_on_fragments_of_the_fixtures() {
    // Every prefix of every fixture: truncated files must read without a
    // panic, whatever they report.
    for (name, text) in [
        ("a.bib", BROKEN_BIB),
        ("a.bib", LIBRARY_BIB),
        ("a.json", LIBRARY_JSON),
        ("a.yaml", LIBRARY_YAML),
    ] {
        for end in (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(7)
        {
            let bib = parse(name, &text[..end]);
            for e in &bib.entries {
                assert!(e.range.end <= end && e.key_range.end <= end);
            }
        }
    }
}

#[test]
fn entries_are_rendered_in_chicago_notes_style() {
    let bib = parse("library.bib", LIBRARY_BIB);
    let show = |key: &str, locator: Option<&str>| {
        let entry = bib.get(key).expect("entry");
        let r = render(&bib, entry, locator).expect("rendered");
        format!("{}\n{}", r.note, r.bibliography.unwrap_or_default())
    };
    insta::assert_snapshot!(show("whitcombe1999frozen", Some("p. 33")), @"
    Anna Whitcombe, *Frozen Rivers: A Winter History* (Nordic Press, 1999), 33.
    Whitcombe, Anna. *Frozen Rivers: A Winter History*. Nordic Press, 1999.
    ");
    insta::assert_snapshot!(show("okafor2012ice", None), @"
    Chidi Okafor and Maja Lindqvist, “Ice Roads and the Timber Trade,” *Journal of Northern Commerce* 14, no. 2 (2012): 101–30.
    Okafor, Chidi, and Maja Lindqvist. “Ice Roads and the Timber Trade.” *Journal of Northern Commerce* 14, no. 2 (2012): 101–30.
    ");
    insta::assert_snapshot!(show("harbourlog2020", None), @"
    Port Authority of Kestrel Bay, “Harbour Ice Log, Winter 2020,” 2020, <https://harbour.example.org/ice-log>.
    Port Authority of Kestrel Bay. “Harbour Ice Log, Winter 2020.” 2020. <https://harbour.example.org/ice-log>.
    ");
    let json = parse("library.json", LIBRARY_JSON);
    let entry = json.get("tanaka2021tides").expect("entry");
    let r = render(&json, entry, None).expect("rendered");
    insta::assert_snapshot!(r.note, @"Hiro Tanaka, “Spring Tides Flood the Old Port,” *Coastal Daily*, April 22, 2021, <https://daily.example.com/tides>.");
}

#[test]
fn lookups_take_the_first_file_that_has_the_key() {
    let a = Arc::new(parse("a.bib", LIBRARY_BIB));
    let b = Arc::new(parse("b.json", LIBRARY_JSON));
    let both = Bibliographies::new(vec![a, b], Vec::new());
    let (file, entry) = both.lookup("tanaka2021tides").expect("found");
    assert_eq!(file.path, Path::new("b.json"));
    assert_eq!(&*entry.key, "tanaka2021tides");
    assert!(both.lookup("nobody").is_none());
    assert_eq!(both.entries().len(), 6);
}
