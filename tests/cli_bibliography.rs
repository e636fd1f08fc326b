//! Pandoc citations and bibliographies through the real binary: `ibid
//! check` resolves `[@key]` against the files the front matter, `ibid.toml`
//! or a search names, and reports on the bibliography files; `ibid export`
//! writes a document's works as CSL-JSON and BibTeX that read back.

use std::fs;
use std::path::Path;

#[path = "common/cli.rs"]
mod cli;

use cli::{ibid_in, run};
use ibid::analysis::bibliography::{Bibliography, Format};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bibliography");

#[test]
fn check_reports_unknown_citekeys_and_the_bibliographies_problems() {
    let out = run(ibid_in(Path::new(FIXTURES)).args(["check", "--format", "concise", "essay.md"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn check_in_human_format_points_into_the_bibliography() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::copy(
        Path::new(FIXTURES).join("broken.bib"),
        dir.path().join("refs.bib"),
    )
    .expect("copy");
    fs::write(
        dir.path().join("essay.md"),
        "---\nbibliography: refs.bib\n---\nLamps [@sorensen1987lamps] and nets [@pettersen2003net].\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "essay.md"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn configuration_names_the_bibliography_and_switches_unused_entry_on() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::create_dir_all(dir.path().join("refs")).expect("mkdir");
    fs::copy(
        Path::new(FIXTURES).join("library.bib"),
        dir.path().join("refs/main.bib"),
    )
    .expect("copy");
    // A bibliography the search would find, but the configuration does not name.
    fs::write(
        dir.path().join("other.bib"),
        "@book{other2000, title = {Other}}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("ibid.toml"),
        "bibliography = [\"refs/main.bib\"]\n\n[rules]\nunused-entry = \"info\"\n",
    )
    .expect("write");
    fs::create_dir_all(dir.path().join("essays")).expect("mkdir");
    fs::write(
        dir.path().join("essays/one.md"),
        "Ice [@whitcombe1999frozen; @okafor2012ice] and [@other2000].\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "essays"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout, @"
    essays/one.md:1:49: error[unknown-citekey] citation key `@other2000` is in no bibliography (main.bib): correct the key or add the entry
    refs/main.bib:22:9: info[unused-entry] entry `harbourlog2020` is cited by no document: cite it or remove it
    refs/main.bib:30:15: info[unused-entry] entry `brandt2005thaw` is cited by no document: cite it or remove it
    ");
}

#[test]
fn without_front_matter_or_configuration_the_folder_is_searched() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::copy(
        Path::new(FIXTURES).join("library.json"),
        dir.path().join("refs.json"),
    )
    .expect("copy");
    fs::write(
        dir.path().join("package.json"),
        "{\"name\": \"not a bibliography\"}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("essay.md"),
        "As @tanaka2021tides reported [@moreau2018lantern].\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "essay.md"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout, @r"
    essay.md:1:31: error[unknown-citekey] citation key `@moreau2018lantern` is in no bibliography (refs.json); did you mean `@moreau2018lanterns`?
    refs.json:20:1: error[bibliography-error] this item has no `id`: every item needs one, as the key that citations use; the item is skipped
    refs.json:27:1: error[bibliography-error] this item is not valid JSON: expected `,` or `}` at line 4 column 5; the item is skipped
    ");
}

/// Works listed in the front matter (`references:`) are cited as a
/// bibliography's are; a named bibliography that is missing (one a build
/// writes) is reported once, and no key is blamed for it.
#[test]
fn works_the_front_matter_lists_and_a_bibliography_a_build_writes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(
        dir.path().join("refs.bib"),
        "@book{lamb1990, title = {Lambs}, year = {1990}}\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("essay.md"),
        "---\nbibliography: refs.bib\nreferences:\n  - id: harbor1921\n    type: book\n    title: Harbor Lights\n---\nShips [@harbor1921] and lambs [@lamb1990] and [@lamb1909].\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("book.Rmd"),
        "---\nbibliography: [refs.bib, packages.bib]\n---\nKnitted with [@R-knitr] as in [@lamb1990].\n",
    )
    .expect("write");
    let out =
        run(ibid_in(dir.path()).args(["check", "--format", "concise", "essay.md", "book.Rmd"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout, @r"
    essay.md:8:48: error[unknown-citekey] citation key `@lamb1909` is in no bibliography (refs.bib); did you mean `@lamb1990`?
    book.Rmd:2:26: error[bibliography-error] bibliography `packages.bib` cannot be read: no such file; citations of this document are resolved without it
    ");
}

#[test]
fn a_missing_bibliography_is_reported_on_the_front_matter() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(
        dir.path().join("essay.md"),
        "---\nbibliography: gone.bib\n---\nSee [@a].\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "essay.md"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "essay.md:2:15: error[bibliography-error] bibliography `gone.bib` cannot be read: no such file; citations of this document are resolved without it\n"
    );
}

#[test]
fn export_to_csl_json() {
    let out = run(ibid_in(Path::new(FIXTURES)).args(["export", "notes.txt", "--to", "csl-json"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn export_to_bibtex() {
    let out = run(ibid_in(Path::new(FIXTURES)).args(["export", "notes.txt", "--to", "bibtex"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

/// Key, type, title, family names and year of every entry, as read back.
fn read_back(name: &str, format: Format, text: &str) -> Vec<String> {
    let bibliography = Bibliography::parse(name, format, text);
    assert!(
        bibliography.problems.is_empty(),
        "{:#?}",
        bibliography.problems
    );
    bibliography
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {:?}",
                e.key,
                e.summary.title.as_deref().unwrap_or("-"),
                e.summary.authors.join("; "),
                e.summary.year
            )
        })
        .collect()
}

#[test]
fn exported_data_reads_back_with_the_same_parsers() {
    let json = run(ibid_in(Path::new(FIXTURES)).args(["export", "notes.txt", "--to", "csl-json"]));
    let bibtex = run(ibid_in(Path::new(FIXTURES)).args(["export", "notes.txt", "--to", "bibtex"]));
    let from_json = read_back("notes.json", Format::CslJson, &json.stdout);
    let from_bibtex = read_back("notes.bib", Format::Bib, &bibtex.stdout);
    assert_eq!(from_json, from_bibtex);
    insta::assert_snapshot!(from_json.join("\n"), @"
    okafor2012ice | Ice Roads and the Timber Trade | Okafor; Lindqvist | Some(2012)
    tanaka2021spring | Spring Tides Flood the Old Port | Tanaka | Some(2021)
    portndharbour | Harbour Ice Log, Winter 2020 | Port Authority of Kestrel Bay | None
    whitcombe1999frozen | Frozen Rivers: A Winter History | Whitcombe | Some(1999)
    moreau2018lanterns | Lanterns of the Breton Coast | Moreau | Some(2018)
    ");
    // The read-back entries format like any others.
    let bibliography = Bibliography::parse("notes.bib", Format::Bib, &bibtex.stdout);
    for entry in &bibliography.entries {
        let rendered = ibid::analysis::bibliography::render(&bibliography, entry, None)
            .unwrap_or_else(|| panic!("{} formats", entry.key));
        assert!(!rendered.note.is_empty());
    }
}

#[test]
fn export_of_a_missing_file_is_an_error() {
    let out = run(ibid_in(Path::new(FIXTURES)).args(["export", "nothing.txt", "--to", "bibtex"]));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("nothing.txt"), "{}", out.stderr);
}

#[test]
fn unsafe_fixes_correct_a_mistyped_key() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::copy(
        Path::new(FIXTURES).join("library.bib"),
        dir.path().join("refs.bib"),
    )
    .expect("copy");
    let essay = "Ice [@whitcombe1999frozn, p. 3] and [@nobody].\n";
    fs::write(dir.path().join("essay.md"), essay).expect("write");
    // Safe fixes only: a key is the author's text, and stays.
    let out = run(ibid_in(dir.path()).args(["check", "--fix", "--quiet", "essay.md"]));
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("essay.md")).expect("read"),
        essay
    );
    let out =
        run(ibid_in(dir.path()).args(["check", "--fix", "--unsafe-fixes", "--quiet", "essay.md"]));
    assert_eq!(
        out.code,
        Some(1),
        "the unknown `@nobody` is left: {}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("essay.md")).expect("read"),
        "Ice [@whitcombe1999frozen, p. 3] and [@nobody].\n"
    );
}

#[test]
fn a_document_without_citations_does_not_search_for_bibliographies() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("essay.txt"),
        "Roofs leak.[1]\n\nNOTES\n\n[1] Ada Fenn, *Roofs* (Oslo: Fjord, 2010).\n",
    )
    .expect("write");
    fs::create_dir(dir.path().join("old")).expect("mkdir");
    fs::write(
        dir.path().join("old/broken.bib"),
        "@book{broken,\n  title = {Unclosed\n",
    )
    .expect("write");
    let out = run(ibid_in(dir.path()).args(["check", "--format", "concise", "essay.txt"]));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "");
}
