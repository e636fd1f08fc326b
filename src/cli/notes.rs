//! `ibid notes FILE`: a document's notes as data. For each note its label,
//! line and the markers that cite it; its citations with their kind (full,
//! Ibid, short form), the fields read from them and the note that an Ibid
//! or a short form resolves to; and each author-date reference in the prose
//! with the note it names, if any. A table for people, JSON for programs.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use serde::Serialize;

use super::CliError;
use super::emit::{Pos, position};
use crate::analysis::citations::{Citation, CitationKind, Field};
use crate::analysis::works::CitationRef;
use crate::analysis::{Analysis, Dialect, Document, decode};

/// `human` or `json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum NotesFormat {
    Human,
    Json,
}

#[derive(Debug, Serialize)]
struct NotesOutput {
    path: String,
    notes: Vec<NoteOut>,
    author_dates: Vec<AuthorDateOut>,
}

#[derive(Debug, Serialize)]
struct At {
    line: usize,
    column: usize,
}

impl From<Pos> for At {
    fn from(p: Pos) -> At {
        At {
            line: p.line,
            column: p.column,
        }
    }
}

#[derive(Debug, Serialize)]
struct NoteOut {
    /// As written: `[12]`, `¹²`, `12.`, `[^label]`.
    label: String,
    key: String,
    line: usize,
    /// Where markers cite it.
    cited_at: Vec<At>,
    citations: Vec<CitationOut>,
}

#[derive(Debug, Serialize)]
struct CitationOut {
    /// `full`, `ibid`, `short` or `text`.
    kind: &'static str,
    text: String,
    fields: Fields,
    /// For an Ibid or a short form: the note it resolves to.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolves_to: Option<Target>,
    /// Why an Ibid or a short form resolves to nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<&'static str>,
}

#[derive(Debug, Default, Serialize)]
struct Fields {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    et_al: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessed: Option<String>,
}

/// A note a citation or reference leads to.
#[derive(Debug, Serialize)]
struct Target {
    note: String,
    line: usize,
    /// The citation's place in that note, from 1.
    citation: usize,
}

#[derive(Debug, Serialize)]
struct AuthorDateOut {
    text: String,
    line: usize,
    column: usize,
    resolves_to: Option<Target>,
}

fn kind(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::Full => "full",
        CitationKind::Ibid => "ibid",
        CitationKind::ShortForm => "short",
        CitationKind::Text => "text",
    }
}

fn fields(c: &Citation) -> Fields {
    let text = |f: &Option<Field>| f.as_ref().map(|f| f.text.clone());
    Fields {
        authors: c.authors.iter().map(|a| a.name.clone()).collect(),
        et_al: c.et_al,
        title: text(&c.title),
        container: text(&c.container),
        place: text(&c.place),
        publisher: text(&c.publisher),
        volume: text(&c.volume),
        issue: text(&c.issue),
        date: text(&c.date),
        year: c.year,
        pages: text(&c.pages),
        url: text(&c.url),
        accessed: text(&c.accessed),
    }
}

fn collect(path: &str, document: &Document, analysis: &Analysis) -> NotesOutput {
    let text = document.text();
    let rope = document.rope();
    let index = &analysis.index;
    let target = |r: CitationRef| -> Option<Target> {
        let note = index.notes.get(r.note)?;
        Some(Target {
            note: text.get(note.label_range.clone())?.trim().to_string(),
            line: position(text, rope, note.range.start).line,
            citation: r.index + 1,
        })
    };
    let notes = index
        .notes
        .iter()
        .enumerate()
        .map(|(id, note)| NoteOut {
            label: text
                .get(note.label_range.clone())
                .unwrap_or("")
                .trim()
                .to_string(),
            key: note.key.to_string(),
            line: position(text, rope, note.range.start).line,
            cited_at: index
                .markers_of(id)
                .map(|(_, m)| position(text, rope, m.range.start).into())
                .collect(),
            citations: note
                .citations
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let resolution = analysis.works.resolutions.get(id).and_then(|r| r.get(i));
                    let resolves = matches!(c.kind, CitationKind::Ibid | CitationKind::ShortForm);
                    CitationOut {
                        kind: kind(c.kind),
                        text: text.get(note.abs(&c.range)).unwrap_or("").to_string(),
                        fields: fields(c),
                        resolves_to: resolution
                            .and_then(|r| r.via)
                            .filter(|_| resolves)
                            .and_then(target),
                        problem: resolution
                            .and_then(|r| r.problem.as_ref())
                            .filter(|_| resolves)
                            .map(|p| match p {
                                crate::analysis::works::Unresolved::IbidNoAntecedent => {
                                    "no earlier citation"
                                }
                                crate::analysis::works::Unresolved::IbidAmbiguous { .. } => {
                                    "the note before cites several works, or none"
                                }
                                crate::analysis::works::Unresolved::ShortFormUnmatched => {
                                    "no earlier full form"
                                }
                                crate::analysis::works::Unresolved::RepeatsUnresolved {
                                    ..
                                } => "repeats an unresolved citation",
                            }),
                    }
                })
                .collect(),
        })
        .collect();
    let author_dates = index
        .author_dates
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let at = position(text, rope, r.range.start);
            AuthorDateOut {
                text: r.text.to_string(),
                line: at.line,
                column: at.column,
                resolves_to: analysis
                    .works
                    .author_dates
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(target),
            }
        })
        .collect();
    NotesOutput {
        path: path.to_string(),
        notes,
        author_dates,
    }
}

pub(super) fn run(path: &Path, format: NotesFormat, out: &mut dyn Write) -> Result<(), CliError> {
    let (document, analysis) =
        Analysis::of_decoded(decode(&super::error::read(path)?), Dialect::for_path(path));
    let output = collect(&super::settings::display_path(path), &document, &analysis);
    match format {
        NotesFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &output)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out).map_err(CliError::Output)
        }
        NotesFormat::Human => table(&output, out).map_err(CliError::Output),
    }
}

/// Pads `text` to `width` characters.
fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// At most `max` characters of `text`, on one line.
fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn table(output: &NotesOutput, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} notes, {} author-date references",
        output.path,
        output.notes.len(),
        output.author_dates.len()
    )?;
    if !output.notes.is_empty() {
        let label_width = output
            .notes
            .iter()
            .map(|n| n.label.chars().count())
            .max()
            .unwrap_or(0)
            .max("NOTE".len());
        writeln!(out)?;
        writeln!(
            out,
            "{}  {:>5}  {:<12}  {:<6}  CITATION",
            pad("NOTE", label_width),
            "LINE",
            "CITED AT",
            "KIND"
        )?;
        for note in &output.notes {
            let cited = match note.cited_at.as_slice() {
                [] => "-".to_string(),
                [only] => format!("{}:{}", only.line, only.column),
                [first, rest @ ..] => format!("{}:{} +{}", first.line, first.column, rest.len()),
            };
            let mut first = true;
            let citations: Vec<(String, String)> = if note.citations.is_empty() {
                vec![("-".to_string(), String::new())]
            } else {
                note.citations
                    .iter()
                    .map(|c| {
                        let what = match (&c.resolves_to, c.problem) {
                            (Some(t), _) => format!("→ {} (line {})", t.note, t.line),
                            (None, Some(problem)) => format!("→ ? ({problem})"),
                            (None, None) => clip(&c.text, 60),
                        };
                        (c.kind.to_string(), what)
                    })
                    .collect()
            };
            for (kind, what) in citations {
                if first {
                    writeln!(
                        out,
                        "{}  {:>5}  {:<12}  {:<6}  {what}",
                        pad(&note.label, label_width),
                        note.line,
                        cited,
                        kind
                    )?;
                    first = false;
                } else {
                    writeln!(
                        out,
                        "{}  {:>5}  {:<12}  {:<6}  {what}",
                        pad("", label_width),
                        "",
                        "",
                        kind
                    )?;
                }
            }
        }
    }
    if !output.author_dates.is_empty() {
        writeln!(out)?;
        writeln!(out, "{:<10}  {:<32}  NOTE", "AT", "REFERENCE")?;
        for r in &output.author_dates {
            let note = r.resolves_to.as_ref().map_or_else(
                || "- (no note)".to_string(),
                |t| format!("{} (line {})", t.note, t.line),
            );
            writeln!(
                out,
                "{:<10}  {}  {note}",
                format!("{}:{}", r.line, r.column),
                pad(&clip(&r.text, 32), 32)
            )?;
        }
    }
    Ok(())
}
