//! Symbols: the outline (headings nested by level, each notes section with
//! its notes, tables) and the works cited, for a workspace search.

use std::ops::Range;

use super::context::label_text;
use super::format::{collapse, note_preview, short_title, surnames};
use super::{Snapshot, Symbol, SymbolKind};
use crate::analysis::syntax::kinds;
use crate::analysis::works::{self, CitationRef};

/// An entry of the outline before nesting: headings nest by `level`; notes
/// sections and tables (`None`) never hold anything that follows them.
struct Entry {
    level: Option<u8>,
    symbol: Symbol,
}

pub(super) fn document_symbols(snapshot: Snapshot<'_>) -> Vec<Symbol> {
    let text = snapshot.text();
    let index = &snapshot.analysis.index;
    let mut entries: Vec<(usize, Entry)> = Vec::new();
    for heading in index.headings.iter().filter(|h| !h.opens_notes) {
        let name = heading.text.trim_start_matches('#').trim().to_string();
        entries.push((
            heading.range.start,
            Entry {
                level: Some(heading.level),
                symbol: symbol(name, None, SymbolKind::Heading, heading.range.clone()),
            },
        ));
    }
    for section in &index.sections {
        let name = section
            .heading
            .as_ref()
            .and_then(|h| text.get(h.clone()))
            .map_or("Notes".to_string(), |h| h.trim().to_string());
        let mut s = symbol(
            name,
            None,
            SymbolKind::NotesSection,
            trimmed(text, section.range.clone()),
        );
        let start = s.range.start;
        s.focus = section.heading.clone().unwrap_or(start..start);
        for &id in &section.notes {
            let note = &index.notes[id];
            let detail = note_preview(index, &snapshot.analysis.works, text, id);
            let mut child = symbol(
                label_text(text, note).to_string(),
                detail,
                SymbolKind::Note,
                trimmed(text, note.range.clone()),
            );
            child.focus = note.label_range.clone();
            s.children.push(child);
        }
        let level = index
            .headings
            .iter()
            .find(|h| Some(&h.range) == section.heading.as_ref())
            .map_or(1, |h| h.level);
        entries.push((
            section.range.start,
            Entry {
                level: Some(level),
                symbol: s,
            },
        ));
    }
    for table in snapshot.document.tree().tables() {
        let node = table.syntax();
        let caption = node
            .prev_named_sibling()
            .filter(|p| kinds::of(p) == kinds::TABLE_CAPTION)
            .and_then(|p| text.get(p.start_byte()..p.end_byte()))
            .map(collapse);
        let range = table.range();
        let s = symbol(
            caption.unwrap_or_else(|| "Table".to_string()),
            None,
            SymbolKind::Table,
            range.clone(),
        );
        entries.push((
            range.start,
            Entry {
                level: None,
                symbol: s,
            },
        ));
    }
    entries.sort_by_key(|(start, _)| *start);
    nest(text, entries.into_iter().map(|(_, e)| e).collect())
}

/// Nests headings by level: a heading holds what follows it up to the next
/// heading of the same or a higher level, and its range grows to cover it.
fn nest(text: &str, entries: Vec<Entry>) -> Vec<Symbol> {
    // Open headings: (level, symbol).
    let mut stack: Vec<(u8, Symbol)> = Vec::new();
    let mut roots = Vec::new();
    fn close(stack: &mut Vec<(u8, Symbol)>, roots: &mut Vec<Symbol>, end: usize, text: &str) {
        if let Some((_, mut s)) = stack.pop() {
            s.range.end = trimmed(text, s.range.start..end.max(s.range.end)).end;
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(s),
                None => roots.push(s),
            }
        }
    }
    for entry in entries {
        let start = entry.symbol.range.start;
        let holds = entry.symbol.kind == SymbolKind::Heading;
        let level = entry.level.unwrap_or(u8::MAX);
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            close(&mut stack, &mut roots, start, text);
        }
        if holds {
            stack.push((level, entry.symbol));
        } else {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(entry.symbol),
                None => roots.push(entry.symbol),
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots, text.len(), text);
    }
    roots
}

fn symbol(name: String, detail: Option<String>, kind: SymbolKind, range: Range<usize>) -> Symbol {
    Symbol {
        name,
        detail,
        kind,
        focus: range.clone(),
        range,
        children: Vec::new(),
    }
}

/// `range` without the white space at its end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = text.get(range.clone()).unwrap_or("");
    range.start..range.start + s.trim_end().len()
}

pub(super) fn work_symbols(snapshot: Snapshot<'_>) -> Vec<Symbol> {
    let index = &snapshot.analysis.index;
    let mut out = Vec::new();
    for work in &snapshot.analysis.works.works {
        let CitationRef { note, .. } = work.full;
        let Some(c) = works::citation(index, work.full) else {
            continue;
        };
        let note = &index.notes[note];
        let title = c.title.as_ref().map(|t| short_title(&t.text));
        let name = match (surnames(c), title) {
            (Some(who), Some(t)) => format!("{who}, {t}"),
            (Some(who), None) => who,
            (None, Some(t)) => t,
            (None, None) => continue,
        };
        let range = note.abs(&c.range);
        out.push(Symbol {
            name,
            detail: c.year.map(|y| y.to_string()),
            kind: SymbolKind::Work,
            focus: c
                .title
                .as_ref()
                .map_or(range.clone(), |t| note.abs(&t.range)),
            range,
            children: Vec::new(),
        });
    }
    out
}

/// What a workspace search finds in a document: each heading, each note
/// (named by its label and what it cites, since a label alone such as `[1]`
/// is in every document), each work cited, and each citation key once, at
/// its first citation.
pub(super) fn workspace_symbols(snapshot: Snapshot<'_>) -> Vec<Symbol> {
    let text = snapshot.text();
    let index = &snapshot.analysis.index;
    let mut out: Vec<Symbol> = Vec::new();
    for heading in &index.headings {
        let name = heading.text.trim_start_matches('#').trim().to_string();
        out.push(symbol(
            name,
            None,
            SymbolKind::Heading,
            heading.range.clone(),
        ));
    }
    for (id, note) in index.notes.iter().enumerate() {
        let label = label_text(text, note);
        let name = match note_preview(index, &snapshot.analysis.works, text, id) {
            Some(preview) => format!("{label} {preview}"),
            None => label.to_string(),
        };
        let mut s = symbol(
            name,
            None,
            SymbolKind::Note,
            trimmed(text, note.range.clone()),
        );
        s.focus = note.label_range.clone();
        out.push(s);
    }
    out.extend(work_symbols(snapshot));
    let mut keys: Vec<&str> = Vec::new();
    for cite in &snapshot.analysis.cites {
        if keys.contains(&&*cite.key) {
            continue;
        }
        keys.push(&cite.key);
        out.push(Symbol {
            name: format!("@{}", cite.key),
            detail: None,
            kind: SymbolKind::CitationKey,
            range: cite.range.clone(),
            focus: cite.key_range.clone(),
            children: Vec::new(),
        });
    }
    out.sort_by_key(|s| (s.focus.start, s.focus.end));
    out
}

#[cfg(test)]
mod tests {
    use super::super::Symbol;
    use crate::analysis::fixture::with_snapshot;

    fn render(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
        for s in symbols {
            let first_line = text[s.range.clone()].lines().next().unwrap_or("");
            out.push_str(&format!(
                "{}{:?} {} [{}] {:?}… focus {:?}\n",
                "  ".repeat(depth),
                s.kind,
                s.name,
                s.detail.as_deref().unwrap_or(""),
                first_line.chars().take(12).collect::<String>(),
                &text[s.focus.clone()],
            ));
            render(text, &s.children, depth + 1, out);
        }
    }

    fn check(text: &str, works: bool) -> String {
        with_snapshot(text, |s| {
            let symbols = if works {
                super::work_symbols(s)
            } else {
                super::document_symbols(s)
            };
            let mut out = String::new();
            render(text, &symbols, 0, &mut out);
            out
        })
    }

    fn workspace(text: &str) -> String {
        with_snapshot(text, |s| {
            let symbols = super::workspace_symbols(s);
            let mut out = String::new();
            render(text, &symbols, 0, &mut out);
            out
        })
    }

    #[test]
    fn headings_nest_by_level_and_notes_are_children_of_their_section() {
        insta::assert_snapshot!(check("# Grain 🙂\n\nWheat rose.¹ Salt fell.²\n\n## Trade\n\nTable 1. Yields\nYear\tYield\n2020\t4\n\n## Prices\n\nText.\n\n# Coda\n\nEnd.\n\nNOTES\n\n¹ Ada Lo, *Bread* (Lima: Andes, 2010).\n² Ibid., 4.\n", false), @r###"
            Heading Grain 🙂 [] "# Grain 🙂"… focus "# Grain 🙂"
              Heading Trade [] "## Trade"… focus "## Trade"
                Table Table 1. Yields [] "Year\tYield"… focus "Year\tYield\n2020\t4"
              Heading Prices [] "## Prices"… focus "## Prices"
            Heading Coda [] "# Coda"… focus "# Coda"
            NotesSection NOTES [] "NOTES"… focus "NOTES"
              Note ¹ [Lo, Bread] "¹ Ada Lo, *B"… focus "¹"
              Note ² [Ibid. (Lo, Bread)] "² Ibid., 4."… focus "²"
            "###);
    }

    #[test]
    fn works_are_named_by_author_and_short_title() {
        insta::assert_snapshot!(check("One.[1] Two.[2]\n\n[1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.\n[2] Ibid.; Ada Lo and Ben Ng, “Bread: A History,” The Economist, May 3, 2019.\n", true), @r#"
            Work Mearsheimer, The Tragedy of Great… [2001] "John J. Mear"… focus "The Tragedy of Great Power Politics"
            Work Lo and Ng, Bread [2019] "Ada Lo and B"… focus "Bread: A History"
            "#);
    }

    #[test]
    fn a_workspace_search_finds_headings_notes_works_and_citation_keys() {
        insta::assert_snapshot!(workspace("# Grain 🙂\n\nWheat rose.¹ Salt fell.² As [@lo2010, p. 4] and [see @ng2011; @lo2010].\n\nNOTES\n\n¹ Ada Lo, *Bread* (Lima: Andes, 2010).\n² Ibid., 4.\n"), @r###"
            Heading Grain 🙂 [] "# Grain 🙂"… focus "# Grain 🙂"
            CitationKey @lo2010 [] "@lo2010"… focus "lo2010"
            CitationKey @ng2011 [] "@ng2011"… focus "ng2011"
            Heading NOTES [] "NOTES"… focus "NOTES"
            Note ¹ Lo, Bread [] "¹ Ada Lo, *B"… focus "¹"
            Work Lo, Bread [2010] "Ada Lo, *Bre"… focus "Bread"
            Note ² Ibid. (Lo, Bread) [] "² Ibid., 4."… focus "²"
            "###);
    }
}
