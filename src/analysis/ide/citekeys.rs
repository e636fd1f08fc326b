//! Pandoc citations in the editor: hover shows the entry as Chicago notes
//! style formats it, definition leads to the entry in its bibliography
//! file, completion after `@` lists the bibliography's keys, and references
//! find every citation of a key.

use std::ops::Range;
use std::sync::Arc;

use super::format::escape;
use super::{CompletionItem, CompletionKind, Hover, Snapshot, Target};
use crate::analysis::bibliography::{self, Bibliography, Entry};
use crate::analysis::cites::Cite;

/// The most entries a completion list holds. A library of thousands is
/// narrowed by typing; the list is marked incomplete so that the editor asks
/// again as the key grows, and each answer stays small and quick.
pub const COMPLETION_LIMIT: usize = 200;

/// Where an entry is, in its bibliography file.
#[derive(Debug, Clone)]
pub struct EntryTarget {
    pub bibliography: Arc<Bibliography>,
    /// The whole entry.
    pub range: Range<usize>,
    /// Its key.
    pub focus: Range<usize>,
}

/// Completions and whether more would match than were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    pub incomplete: bool,
}

impl From<Vec<CompletionItem>> for Completions {
    fn from(items: Vec<CompletionItem>) -> Completions {
        Completions {
            items,
            incomplete: false,
        }
    }
}

/// The citation key under `offset`.
pub(super) fn cite_at(snapshot: Snapshot<'_>, offset: usize) -> Option<&Cite> {
    let cites = &snapshot.analysis.cites;
    let i = cites.partition_point(|c| c.range.end < offset);
    cites
        .get(i)
        .filter(|c| c.range.start <= offset && offset <= c.range.end)
}

/// The file name of a bibliography, for messages.
fn file_name(bibliography: &Bibliography) -> String {
    bibliography.path.file_name().map_or_else(
        || bibliography.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The 1-based line of byte `offset` of a bibliography.
fn line_of(bibliography: &Bibliography, offset: usize) -> usize {
    bibliography
        .rope
        .try_byte_to_line(offset)
        .map_or(1, |l| l + 1)
}

/// An entry as Markdown: its note form (with the cite's locator) and its
/// bibliography form, then its key and where it is.
pub(super) fn entry_markdown(
    bibliography: &Bibliography,
    entry: &Entry,
    locator: Option<&str>,
) -> String {
    let mut blocks = Vec::new();
    match bibliography::render(bibliography, entry, locator) {
        Some(rendered) => {
            blocks.push(rendered.note);
            if let Some(full) = rendered.bibliography {
                blocks.push(full);
            }
        }
        None => {
            blocks.push(escape(&entry.summary.line()));
        }
    }
    blocks.push(format!(
        "`{}` · {}:{}",
        entry.key,
        escape(&file_name(bibliography)),
        line_of(bibliography, entry.range.start)
    ));
    blocks.join("\n\n")
}

pub(super) fn hover(snapshot: Snapshot<'_>, offset: usize) -> Option<Hover> {
    let cite = cite_at(snapshot, offset)?;
    let bibliographies = &snapshot.analysis.bibliographies;
    let markdown = match bibliographies.lookup(&cite.key) {
        Some((file, entry)) => entry_markdown(file, entry, cite.locator.as_deref()),
        None if bibliographies.is_empty() => format!(
            "`@{}`\n\n⚠ no bibliography: name one in the front matter (`bibliography: refs.bib`) or in `ibid.toml`",
            cite.key
        ),
        None => format!("`@{}`\n\n⚠ in no bibliography", cite.key),
    };
    Some(Hover {
        range: cite.range.clone(),
        markdown,
    })
}

pub(super) fn definition(snapshot: Snapshot<'_>, offset: usize) -> Option<EntryTarget> {
    let cite = cite_at(snapshot, offset)?;
    let (file, entry) = snapshot.analysis.bibliographies.lookup(&cite.key)?;
    Some(EntryTarget {
        bibliography: file.clone(),
        range: entry.range.clone(),
        focus: entry.key_range.clone(),
    })
}

/// Every citation of `key` in the document.
pub fn cites_of(snapshot: Snapshot<'_>, key: &str) -> Vec<Target> {
    snapshot
        .analysis
        .cites
        .iter()
        .filter(|c| &*c.key == key)
        .map(|c| Target {
            range: c.range.clone(),
            focus: c.key_range.clone(),
        })
        .collect()
}

/// From a citation key: every citation of the same key in the document.
pub(super) fn references(snapshot: Snapshot<'_>, offset: usize) -> Option<Vec<Target>> {
    let cite = cite_at(snapshot, offset)?;
    Some(cites_of(snapshot, &cite.key))
}

/// The bibliography's keys for a citation being typed after `@`; `None`
/// when the document has no bibliography (the caller offers the keys the
/// document already uses).
pub(super) fn completion(
    snapshot: Snapshot<'_>,
    typed: &str,
    replace: Range<usize>,
) -> Option<Completions> {
    let bibliographies = &snapshot.analysis.bibliographies;
    if bibliographies.is_empty() {
        return None;
    }
    let typed = typed.to_lowercase();
    let spaced = format!(" {typed}");
    let mut found: Vec<(u8, usize, &Arc<Bibliography>, &Entry)> = bibliographies
        .entries()
        .into_iter()
        .enumerate()
        .filter_map(|(i, (file, entry))| Some((entry.rank(&typed, &spaced)?, i, file, entry)))
        .collect();
    found.sort_by_key(|(rank, i, _, _)| (*rank, *i));
    let incomplete = found.len() > COMPLETION_LIMIT;
    found.truncate(COMPLETION_LIMIT);
    let items = found
        .into_iter()
        .enumerate()
        .map(|(sort, (_, _, file, entry))| CompletionItem {
            label: entry.key.to_string(),
            detail: Some(entry.summary.line()),
            documentation: Some(format!(
                "{}{}{}",
                entry
                    .summary
                    .title
                    .as_deref()
                    .map(|t| format!("*{}*\n\n", escape(t)))
                    .unwrap_or_default(),
                if entry.summary.kind.is_empty() {
                    String::new()
                } else {
                    format!("{} · ", escape(&entry.summary.kind))
                },
                escape(&file_name(file)),
            )),
            kind: CompletionKind::Citation,
            insert_text: entry.key.to_string(),
            replace: replace.clone(),
            sort: u32::try_from(sort).unwrap_or(u32::MAX),
        })
        .collect();
    Some(Completions { items, incomplete })
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::analysis::bibliography::{Bibliographies, Bibliography};
    use crate::analysis::fixture::{Fixture, annotate};
    use crate::analysis::{Analysis, Document};

    const BIB: &str = include_str!("../../../tests/fixtures/bibliography/library.bib");
    const JSON: &str = include_str!("../../../tests/fixtures/bibliography/library.json");

    /// Runs `f` on a snapshot of `text` resolved against the fixture
    /// bibliographies.
    fn with_bibliography<T>(text: &str, f: impl FnOnce(super::Snapshot<'_>) -> T) -> T {
        let document = Document::new(text);
        let mut analysis = Analysis::of(&document);
        let files = vec![
            Arc::new(Bibliography::parse_path(Path::new("refs/library.bib"), BIB).expect("bib")),
            Arc::new(Bibliography::parse_path(Path::new("refs/library.json"), JSON).expect("json")),
        ];
        analysis.resolve_citations(Arc::new(Bibliographies::new(files, Vec::new())), text);
        f(super::Snapshot::new(&document, &analysis))
    }

    fn hover(fixture: &str) -> String {
        let f = Fixture::parse(fixture);
        with_bibliography(&f.text, |s| match super::super::hover(s, f.cursor()) {
            Some(h) => format!("{:?}\n{}", &f.text[h.range.clone()], h.markdown),
            None => "no hover".to_string(),
        })
    }

    #[test]
    fn hover_on_a_bracketed_key_shows_the_entry_with_its_locator() {
        insta::assert_snapshot!(hover(r#"
            “Rivers” 🧊 froze early [see @whit$0combe1999frozen, p. 33; @okafor2012ice].
            "#), @r#"
        "@whitcombe1999frozen"
        Anna Whitcombe, *Frozen Rivers: A Winter History* (Nordic Press, 1999), 33.

        Whitcombe, Anna. *Frozen Rivers: A Winter History*. Nordic Press, 1999.

        `whitcombe1999frozen` · library.bib:4
        "#);
    }

    #[test]
    fn hover_on_an_in_text_key_from_csl_json_and_on_an_unknown_key() {
        insta::assert_snapshot!(hover(r#"
            As @tanaka2021ti$0des reported.
            "#), @r#"
        "@tanaka2021tides"
        Hiro Tanaka, “Spring Tides Flood the Old Port,” *Coastal Daily*, April 22, 2021, <https://daily.example.com/tides>.

        Tanaka, Hiro. “Spring Tides Flood the Old Port.” *Coastal Daily*, April 22, 2021. <https://daily.example.com/tides>.

        `tanaka2021tides` · library.json:11
        "#);
        insta::assert_snapshot!(hover(r#"
            As [@nob$0ody] said.
            "#), @r#"
        "@nobody"
        `@nobody`

        ⚠ in no bibliography
        "#);
    }

    #[test]
    fn definition_leads_to_the_entry_in_its_file() {
        let f = Fixture::parse("Ice [@okafor2012$0ice].\n");
        let target = with_bibliography(&f.text, |s| {
            super::super::bibliography_definition(s, f.cursor())
        })
        .expect("a target");
        assert_eq!(target.bibliography.path, Path::new("refs/library.bib"));
        let start = BIB.find("@article{okafor2012ice").expect("entry");
        assert_eq!(target.range.start, start);
        assert_eq!(&BIB[target.focus.clone()], "okafor2012ice");
        let end = target.range.end;
        assert!(
            BIB[..end].ends_with('}'),
            "{:?}",
            &BIB[target.range.clone()]
        );
    }

    fn completion(fixture: &str) -> String {
        let f = Fixture::parse(fixture);
        with_bibliography(&f.text, |s| {
            let list = super::super::completion_list(s, f.cursor());
            let mut lines: Vec<String> = list
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{} over {:?} — {}",
                        i.label,
                        &f.text[i.replace.clone()],
                        i.detail.as_deref().unwrap_or("")
                    )
                })
                .collect();
            lines.push(format!("incomplete: {}", list.incomplete));
            lines.join("\n")
        })
    }

    #[test]
    fn completion_after_an_at_lists_keys_with_author_year_and_title() {
        insta::assert_snapshot!(completion("Ice [@$0]\n"), @r#"
        whitcombe1999frozen over "" — Whitcombe 1999, Frozen Rivers: A Winter History
        okafor2012ice over "" — Okafor and Lindqvist 2012, Ice Roads and the Timber Trade
        harbourlog2020 over "" — Port Authority of Kestrel Bay 2020, Harbour Ice Log, Winter 2020
        brandt2005thaw over "" — Brandt 2005, Thaw and Flood in Coastal Towns
        moreau2018lanterns over "" — Moreau 2018, Lanterns of the Breton Coast
        tanaka2021tides over "" — Tanaka 2021, Spring Tides Flood the Old Port
        incomplete: false
        "#);
        insta::assert_snapshot!(completion("Ice [@fro$0]\n"), @r#"
        whitcombe1999frozen over "fro" — Whitcombe 1999, Frozen Rivers: A Winter History
        incomplete: false
        "#);
        insta::assert_snapshot!(completion("As @tan$0 said\n"), @r#"
        tanaka2021tides over "tan" — Tanaka 2021, Spring Tides Flood the Old Port
        incomplete: false
        "#);
    }

    #[test]
    fn no_citation_completion_inside_an_email_address() {
        assert_eq!(completion("Write to bob@$0\n"), "incomplete: false");
    }

    #[test]
    fn references_of_a_key_are_its_citations() {
        let f = Fixture::parse(
            r#"
            See [@okafor2012ice, p. 4] and [@lund; @okafor2012$0ice].
                  ^^^^^^^^^^^^^ ref
                                                    ^^^^^^^^^^^^^ ref
            "#,
        );
        let found = with_bibliography(&f.text, |s| super::super::references(s, f.cursor(), true));
        let ranges: Vec<_> = found
            .into_iter()
            .map(|t| (t.focus, "ref".to_string()))
            .collect();
        assert_eq!(annotate(&f.text, &ranges), f.annotated);
    }
}
