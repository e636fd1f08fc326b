//! Whole documents through the analysis: each fixture under
//! `tests/fixtures/analysis/` is read as bytes, analysed, and rendered as a
//! plain-text report (every diagnostic, every citation and how it resolved,
//! every author-date reference) that is compared with its snapshot.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ibid::analysis::citations::CitationKind;
use ibid::analysis::index::MarkerStyle;
use ibid::analysis::text::{Encoding, rope_of, to_line_col};
use ibid::analysis::works::{CitationRef, Unresolved};
use ibid::analysis::{Analysis, Cache, decode, syntax};

/// The fixtures, each with its own test below; a fixture missing from this
/// list fails [`every_fixture_has_a_test`].
const FIXTURES: &[&str] = &[
    "beekeeping_notes.md",
    "every_rule.txt",
    "keeper_interview.txt",
    "lantern_makers_crlf.txt",
    "lighthouse_essay.txt",
    "spice_trade_report.txt",
    "two_chapters.txt",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/analysis")
}

/// `line:column`, both from 1, the column in characters.
fn position(rope: &ropey::Rope, offset: usize) -> String {
    match to_line_col(rope, offset, Encoding::Char) {
        Some(at) => format!("{}:{}", at.line + 1, at.col + 1),
        None => format!("byte {offset}"),
    }
}

/// A short quotation of `text[range]` on one line.
fn quoted(text: &str, range: std::ops::Range<usize>) -> String {
    let slice = text.get(range).unwrap_or("");
    let one_line = slice.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎");
    let short: String = if one_line.chars().count() > 60 {
        one_line.chars().take(59).chain(['…']).collect()
    } else {
        one_line
    };
    format!("«{short}»")
}

/// How a note is named in the report: its label, with the number of its
/// notes section where the document has several, and the citation's place
/// where the note has several.
fn note_name(analysis: &Analysis, r: CitationRef) -> String {
    let note = &analysis.index.notes[r.note];
    let mut name = format!("note {}", note.key);
    if analysis.index.sections.len() > 1 {
        let _ = write!(name, " (list {})", note.section + 1);
    }
    if note.citations.len() > 1 {
        let _ = write!(name, " #{}", r.index + 1);
    }
    name
}

fn render(text: &str, analysis: &Analysis) -> String {
    let rope = rope_of(text);
    let index = &analysis.index;
    let mut out = String::new();

    let _ = writeln!(
        out,
        "{} markers, {} notes, {} notes sections, {} works; superscripts are {}",
        index.markers.len(),
        index.notes.len(),
        index.sections.len(),
        analysis.works.works.len(),
        if index.superscripts_are_markers {
            "markers"
        } else {
            "not markers"
        },
    );
    for (i, section) in index.sections.iter().enumerate() {
        let heading = section
            .heading
            .clone()
            .map_or("no heading".to_string(), |h| quoted(text, h));
        let _ = writeln!(
            out,
            "notes section {} at {}: {heading}, {} notes",
            i + 1,
            position(&rope, section.range.start),
            section.notes.len()
        );
    }
    let inline = index
        .markers
        .iter()
        .filter(|m| m.style == MarkerStyle::InlineNote)
        .count();
    if inline > 0 {
        let _ = writeln!(out, "inline notes: {inline}");
    }
    let unbound: Vec<String> = index
        .markers
        .iter()
        .filter(|m| {
            m.target.is_none()
                && !matches!(m.style, MarkerStyle::InlineNote | MarkerStyle::Citation)
        })
        .map(|m| {
            format!(
                "{} {}",
                position(&rope, m.key_range.start),
                quoted(text, m.range.clone())
            )
        })
        .collect();
    if !unbound.is_empty() {
        let _ = writeln!(out, "markers with no note: {}", unbound.join(", "));
    }

    let _ = writeln!(out, "\ndiagnostics:");
    if analysis.diagnostics.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for d in &analysis.diagnostics {
        let _ = writeln!(
            out,
            "  {} {} {}: {} {}",
            position(&rope, d.range.start),
            d.severity.as_str(),
            d.code,
            d.message,
            quoted(text, d.range.clone())
        );
        for related in &d.related {
            let _ = writeln!(
                out,
                "    related {}: {}",
                position(&rope, related.range.start),
                related.message
            );
        }
        if let Some(fix) = &d.fix {
            let _ = writeln!(out, "    fix: {} ({} edits)", fix.title, fix.edits.len());
        }
    }

    let _ = writeln!(out, "\ncitations:");
    if index.notes.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (note_id, note) in index.notes.iter().enumerate() {
        if note.citations.is_empty() {
            let _ = writeln!(
                out,
                "  {} → nothing",
                note_name(
                    analysis,
                    CitationRef {
                        note: note_id,
                        index: 0
                    }
                )
            );
        }
        for (i, citation) in note.citations.iter().enumerate() {
            let here = CitationRef {
                note: note_id,
                index: i,
            };
            let resolution = &analysis.works.resolutions[note_id][i];
            let how = match citation.kind {
                CitationKind::Full => match resolution.work {
                    Some(work) if analysis.works.works[work].full == here => {
                        format!("full → work {}", work + 1)
                    }
                    Some(work) => format!("full → work {} again", work + 1),
                    None => "full → no work".to_string(),
                },
                CitationKind::Text => "text".to_string(),
                CitationKind::Ibid | CitationKind::ShortForm => {
                    let kind = if citation.kind == CitationKind::Ibid {
                        "ibid"
                    } else {
                        "short form"
                    };
                    match (&resolution.via, &resolution.problem) {
                        (Some(via), _) => format!("{kind} → {}", note_name(analysis, *via)),
                        (None, Some(Unresolved::IbidNoAntecedent)) => {
                            format!("{kind} → nothing before it")
                        }
                        (None, Some(Unresolved::IbidAmbiguous { note, works })) => {
                            format!(
                                "{kind} → ambiguous, note {} cites {works} works",
                                index.notes[*note].key
                            )
                        }
                        (None, Some(Unresolved::ShortFormUnmatched)) => {
                            format!("{kind} → no full form")
                        }
                        (None, Some(Unresolved::RepeatsUnresolved { root })) => {
                            format!(
                                "{kind} → repeats the unresolved {}",
                                note_name(analysis, *root)
                            )
                        }
                        (None, None) => format!("{kind} → ?"),
                    }
                }
            };
            let _ = writeln!(
                out,
                "  {} → {how}  {}",
                note_name(analysis, here),
                quoted(text, note.abs(&citation.range))
            );
        }
    }

    let _ = writeln!(out, "\nauthor-date references:");
    if index.author_dates.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (reference, found) in index.author_dates.iter().zip(&analysis.works.author_dates) {
        let target = found.map_or("no note".to_string(), |r| note_name(analysis, r));
        let _ = writeln!(
            out,
            "  {} {} [{} {}] → {target}",
            position(&rope, reference.range.start),
            quoted(text, reference.range.clone()),
            reference.names.join(", "),
            reference.year
        );
    }
    out
}

fn snapshot(name: &str) -> Analysis {
    let bytes = std::fs::read(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let decoded = decode(&bytes);
    let tree = syntax::parse(&decoded.text);
    let analysis = Analysis::new(&decoded.text, &tree, &mut Cache::new(), &decoded.invalid);
    let report = render(&decoded.text, &analysis);
    insta::with_settings!({
        snapshot_path => fixtures_dir().join("snapshots"),
        prepend_module_to_snapshot => false,
        description => format!("tests/fixtures/analysis/{name}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, report);
    });
    analysis
}

#[test]
fn every_fixture_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir())
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    assert_eq!(found, FIXTURES);
}

#[test]
fn beekeeping_notes() {
    snapshot("beekeeping_notes.md");
}

#[test]
fn every_rule() {
    let analysis = snapshot("every_rule.txt");
    // The bibliography rules need bibliography files; tests/cli_bibliography.rs
    // shows each of them.
    let needs_files = ibid::analysis::diagnostics::BIBLIOGRAPHY_RULES;
    // `unrecognised-notes` speaks for a document none of whose markers has
    // a note, which this one cannot be while it shows the other rules; the
    // rule tests in src/analysis/diagnostics show it.
    for rule in ibid::analysis::diagnostics::RULES
        .iter()
        .filter(|r| !needs_files.contains(&r.code) && r.code != "unrecognised-notes")
    {
        assert!(
            analysis.diagnostics.iter().any(|d| d.code == rule.code),
            "{} is not shown",
            rule.code
        );
    }
}

#[test]
fn keeper_interview() {
    snapshot("keeper_interview.txt");
}

#[test]
fn lantern_makers_crlf() {
    snapshot("lantern_makers_crlf.txt");
}

#[test]
fn lighthouse_essay() {
    snapshot("lighthouse_essay.txt");
}

#[test]
fn spice_trade_report() {
    snapshot("spice_trade_report.txt");
}

#[test]
fn two_chapters() {
    snapshot("two_chapters.txt");
}
