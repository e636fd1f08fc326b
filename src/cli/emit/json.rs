//! `--format json`: one object for the whole run, described in
//! `docs/json-output.md`. Lines and columns are 1-based; columns count
//! characters. The `version` field changes only when a field changes
//! meaning or goes away; new fields may be added without it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Pos, Summary};
use crate::analysis::diagnostics::Applicability;

/// The version of the JSON output.
pub(crate) const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: JsonSummary<'a>,
}

#[derive(Debug, Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    range: JsonRange,
    related: Vec<JsonRelated<'a>>,
    fixable: bool,
    fix: Option<JsonFix<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    new_text: &'a str,
}

#[derive(Debug, Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    range: JsonRange,
}

#[derive(Debug, Serialize)]
struct JsonRange {
    start: JsonPos,
    end: JsonPos,
}

#[derive(Debug, Serialize)]
struct JsonPos {
    line: usize,
    column: usize,
}

#[derive(Debug, Serialize)]
struct JsonSummary<'a> {
    files: usize,
    files_with_diagnostics: usize,
    skipped: usize,
    diagnostics: usize,
    by_code: &'a BTreeMap<&'static str, usize>,
}

fn range(start: Pos, end: Pos) -> JsonRange {
    JsonRange {
        start: JsonPos {
            line: start.line,
            column: start.column,
        },
        end: JsonPos {
            line: end.line,
            column: end.column,
        },
    }
}

pub(super) fn emit(
    reports: &[FileReport],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    let output = Output {
        version: VERSION,
        files: reports
            .iter()
            .map(|r| File {
                path: &r.path,
                diagnostics: r
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic {
                        code: d.code,
                        severity: d.severity.as_str(),
                        message: &d.message,
                        range: range(d.start, d.end),
                        related: d
                            .related
                            .iter()
                            .map(|rel| JsonRelated {
                                message: &rel.message,
                                range: range(rel.start, rel.end),
                            })
                            .collect(),
                        fixable: d.fixable,
                        fix: d.fix.as_ref().map(|f| JsonFix {
                            title: &f.title,
                            applicability: f.applicability,
                            edits: f
                                .edits
                                .iter()
                                .map(|e| JsonEdit {
                                    range: range(e.start, e.end),
                                    new_text: &e.new_text,
                                })
                                .collect(),
                        }),
                    })
                    .collect(),
            })
            .collect(),
        summary: JsonSummary {
            files: summary.files,
            files_with_diagnostics: summary.files_with_diagnostics,
            skipped: summary.skipped,
            diagnostics: summary.diagnostics,
            by_code: &summary.by_code,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::cli::Format;
    use crate::cli::emit::tests::render;

    #[test]
    fn one_object_with_files_and_summary() {
        let text = render(Format::Json);
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value["version"], 1);
        insta::assert_snapshot!(text);
    }
}
