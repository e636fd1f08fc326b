//! The output formats of `ibid check`, one module each, all fed the same
//! [`FileReport`]s: diagnostics with their positions already worked out, so
//! that each renderer only arranges text.

mod concise;
mod github;
mod human;
mod json;
mod sarif;
mod statistics;

pub(crate) use statistics::emit as emit_statistics;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;

use ropey::Rope;

use super::Format;
use crate::analysis::diagnostics::{Applicability, Diagnostic, Severity, TextEdit};
use crate::analysis::text::{Encoding, LineCol, LineCols, to_line_col};

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Another place that explains a diagnostic, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocatedRelated {
    pub message: String,
    pub range: Range<usize>,
    pub start: Pos,
    pub end: Pos,
}

/// A diagnostic with its positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Byte range, for source snippets.
    pub range: Range<usize>,
    pub start: Pos,
    pub end: Pos,
    pub related: Vec<LocatedRelated>,
    /// `ibid check --fix` would mend it (with `--unsafe-fixes`, if given).
    pub fixable: bool,
    /// The rule's mend, whether or not `--fix` would apply it.
    pub fix: Option<LocatedFix>,
}

/// A fix with its edits located, for the formats that carry them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocatedFix {
    pub title: String,
    pub applicability: Applicability,
    /// In the order of the text; they do not overlap.
    pub edits: Vec<LocatedEdit>,
}

/// One replacement: the text from `start` up to `end` (an empty span for an
/// insertion) becomes `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocatedEdit {
    pub start: Pos,
    pub end: Pos,
    pub new_text: String,
}

/// The diagnostics of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileReport {
    /// As printed: relative to the current folder where possible.
    pub path: String,
    /// The text, kept only for the formats that quote it.
    pub source: Option<String>,
    pub diagnostics: Vec<Located>,
}

/// Options that change how a report looks, not what it says.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EmitOptions {
    pub color: bool,
    /// End the human report with a line of counts.
    pub summary: bool,
}

/// The counts at the end of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Files read and checked.
    pub files: usize,
    /// Of those, the files with at least one finding.
    pub files_with_diagnostics: usize,
    /// Files that were to be checked but could not be (binary, too large,
    /// unreadable): never counted as clean.
    pub skipped: usize,
    pub diagnostics: usize,
    pub by_code: BTreeMap<&'static str, usize>,
    pub by_severity: BTreeMap<Severity, usize>,
    pub fixable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport], files: usize, skipped: usize) -> Summary {
        let mut summary = Summary {
            files,
            files_with_diagnostics: reports.iter().filter(|r| !r.diagnostics.is_empty()).count(),
            skipped,
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            summary.diagnostics += 1;
            *summary.by_code.entry(d.code).or_default() += 1;
            *summary.by_severity.entry(d.severity).or_default() += 1;
            summary.fixable += usize::from(d.fixable);
        }
        summary
    }
}

/// Writes the report in `format`.
pub(crate) fn emit(
    format: Format,
    reports: &[FileReport],
    summary: &Summary,
    options: EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::emit(reports, summary, options, out),
        Format::Concise => concise::emit(reports, out),
        Format::Json => json::emit(reports, summary, out),
        Format::Github => github::emit(reports, out),
        Format::Sarif => sarif::emit(reports, out),
    }
}

/// The 1-based position of byte `offset`; an offset inside a character or
/// past the end is moved back to the nearest character boundary.
pub(crate) fn position(text: &str, rope: &Rope, offset: usize) -> Pos {
    let at = boundary(text, offset);
    let lc = to_line_col(rope, at, Encoding::Char).unwrap_or(LineCol::new(0, 0));
    pos(text, at, lc)
}

/// `offset`, or the character boundary before it, within the text.
fn boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The 1-based position of `at`, whose 0-based line and column are `lc`.
fn pos(text: &str, at: usize, lc: LineCol) -> Pos {
    // A byte order mark is not a character the reader sees: editors hide
    // it and count the first visible character as column 1.
    let bom = usize::from(lc.line == 0 && at > 0 && text.starts_with('\u{feff}'));
    Pos {
        line: lc.line as usize + 1,
        column: lc.col as usize + 1 - bom,
    }
}

/// The positions of many offsets of one text, found together
/// ([`LineCols`]) rather than by a descent of the rope for each.
struct Positions<'t> {
    text: &'t str,
    line_cols: LineCols,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str, rope: &Rope, offsets: impl IntoIterator<Item = usize>) -> Self {
        let offsets = offsets.into_iter().map(|o| boundary(text, o));
        Positions {
            text,
            line_cols: LineCols::new(rope, offsets, Encoding::Char),
        }
    }

    /// The position of one of the offsets given to [`Positions::new`].
    fn of(&self, offset: usize) -> Pos {
        let at = boundary(self.text, offset);
        let lc = self.line_cols.get(at).unwrap_or(LineCol::new(0, 0));
        pos(self.text, at, lc)
    }
}

/// Locates diagnostics in `text`.
pub(crate) fn locate(
    text: &str,
    rope: &Rope,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> Vec<Located> {
    let offsets = diagnostics.iter().flat_map(|d| {
        let edits = d.fix.iter().flat_map(|f| f.edits.iter());
        d.offsets()
            .chain(edits.flat_map(|e| [e.range.start, e.range.end]))
    });
    let positions = Positions::new(text, rope, offsets);
    let position = |offset: usize| positions.of(offset);
    diagnostics
        .iter()
        .map(|d| Located {
            code: d.code,
            severity: d.severity,
            message: d.message.clone(),
            range: d.range.clone(),
            start: position(d.range.start),
            end: position(d.range.end),
            related: d
                .related
                .iter()
                .map(|r| LocatedRelated {
                    message: r.message.clone(),
                    range: r.range.clone(),
                    start: position(r.range.start),
                    end: position(r.range.end),
                })
                .collect(),
            fixable: d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe || unsafe_fixes),
            fix: d.fix.as_ref().map(|f| {
                let mut edits: Vec<&TextEdit> = f.edits.iter().collect();
                edits.sort_by_key(|e| (e.range.start, e.range.end));
                LocatedFix {
                    title: f.title.clone(),
                    applicability: f.applicability,
                    edits: edits
                        .into_iter()
                        .map(|e| LocatedEdit {
                            start: position(e.range.start),
                            end: position(e.range.end),
                            new_text: e.new_text.clone(),
                        })
                        .collect(),
                }
            }),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    //! One set of diagnostics that every renderer is tested against: two
    //! files, non-ASCII text before the offending spans, a related note, a
    //! fixable finding and one of each severity.

    use super::*;
    use crate::analysis::Document;
    use crate::analysis::text::rope_of;

    pub(crate) const ESSAY: &str = "Café “society” grew.[3] Tea spread.[1]\n\n[1] Mei Tan, “Tea Roads,” Leaf Weekly, May 2, 2019,\n[2] Mei Tan, *Cafés* (Lyon: Rhône, 2015).\n";
    pub(crate) const INTERVIEW: &str = "An interview.\n\nThe keeper can be reached at\n";

    fn report(path: &str, text: &str) -> FileReport {
        let doc = Document::new(text);
        let analysis = crate::analysis::Analysis::of(&doc);
        let mut diagnostics = analysis.diagnostics;
        // One finding lowered to each of the lesser severities.
        for (d, severity) in diagnostics
            .iter_mut()
            .filter(|d| d.code == "unused-note")
            .zip([Severity::Info])
        {
            d.severity = severity;
        }
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.code == "dangling-contact")
        {
            d.severity = Severity::Hint;
        }
        FileReport {
            path: path.to_string(),
            source: Some(text.to_string()),
            diagnostics: locate(text, &rope_of(text), &diagnostics, false),
        }
    }

    pub(crate) fn reports() -> Vec<FileReport> {
        vec![
            report("essays/café.txt", ESSAY),
            report("interview.md", INTERVIEW),
        ]
    }

    pub(crate) fn render(format: Format) -> String {
        let reports = reports();
        let summary = Summary::of(&reports, 2, 0);
        let mut out = Vec::new();
        emit(format, &reports, &summary, EmitOptions::default(), &mut out)
            .expect("writing to a vector cannot fail");
        String::from_utf8(out).expect("renderers write UTF-8")
    }

    #[test]
    fn positions_count_characters_from_one() {
        let text = "é🙂x\nab";
        let rope = rope_of(text);
        assert_eq!(position(text, &rope, 0), Pos { line: 1, column: 1 });
        assert_eq!(position(text, &rope, 6), Pos { line: 1, column: 3 });
        assert_eq!(position(text, &rope, 9), Pos { line: 2, column: 2 });
        // Inside the emoji: moved back to its start.
        assert_eq!(position(text, &rope, 4), Pos { line: 1, column: 2 });
        assert_eq!(position(text, &rope, 99), Pos { line: 2, column: 3 });
    }

    #[test]
    fn positions_found_together_are_those_found_one_by_one() {
        let texts = [
            "é🙂x\nab",
            "\u{feff}Tea.[1]\r\n“q” ¹²\n\n",
            "",
            "line\n\n\nlast 🙂",
        ];
        for text in texts {
            let rope = rope_of(text);
            let offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
            let positions = Positions::new(text, &rope, offsets.iter().copied());
            for offset in offsets {
                assert_eq!(
                    positions.of(offset),
                    position(text, &rope, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let text = "\u{feff}Tea.[1]\nab";
        let rope = rope_of(text);
        let marker = text.find('[').expect("fixture");
        assert_eq!(position(text, &rope, marker), Pos { line: 1, column: 5 });
        assert_eq!(position(text, &rope, 0), Pos { line: 1, column: 1 });
        assert_eq!(position(text, &rope, 3), Pos { line: 1, column: 1 });
        assert_eq!(
            position(text, &rope, text.len()),
            Pos { line: 2, column: 3 }
        );
    }
}
