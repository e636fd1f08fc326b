//! What the rule tests share. Each fixture carries its expectations in the
//! notation of `analysis::fixture`: a line of spaces and carets followed by
//! a code marks, on the line above it, the range of a diagnostic with that
//! code (carets count characters, not bytes). The helpers strip those lines,
//! analyse what is left, and compare every diagnostic's code and exact byte
//! range.

use std::ops::Range;

use super::apply_edits;
use crate::analysis::fixture::{Fixture, trim_indent};
use crate::analysis::{Analysis, analyze};

/// `text` with each diagnostic drawn under its line, for failure messages.
fn render(text: &str, diagnostics: &[(Range<usize>, String)]) -> String {
    let mut out = String::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        out.push_str(content);
        out.push('\n');
        for (range, code) in diagnostics
            .iter()
            .filter(|(r, _)| r.start >= start && r.start <= start + content.len())
        {
            let col = text[start..range.start].chars().count();
            let end = range.end.min(start + content.len()).max(range.start);
            let width = text[range.start..end].chars().count();
            let more = if range.end > start + content.len() {
                " (continues)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{}{} {code}{more}\n",
                " ".repeat(col),
                "^".repeat(width)
            ));
        }
        start += line.len();
    }
    out
}

pub(super) fn actual(analysis: &Analysis) -> Vec<(Range<usize>, String)> {
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.range.clone(), d.code.to_string()))
        .collect()
}

#[track_caller]
pub(super) fn assert_diagnostics(
    text: &str,
    expected: &[(Range<usize>, String)],
    analysis: &Analysis,
) {
    let got = actual(analysis);
    assert!(
        got == expected,
        "diagnostics differ\n--- expected\n{}--- actual\n{}{:#?}",
        render(text, expected),
        render(text, &got),
        analysis.diagnostics
    );
}

/// Analyses the fixture and checks that it reports exactly the marked
/// diagnostics; returns the text and the analysis for further checks.
#[track_caller]
pub(super) fn check(fixture: &str) -> (String, Analysis) {
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let analysis = analyze(&text);
    assert_diagnostics(&text, &expected, &analysis);
    (text, analysis)
}

/// Applies the fix of the one diagnostic with `code` in `before` and checks
/// the result; returns the fixed text.
#[track_caller]
pub(super) fn check_fix(code: &str, before: &str, after: &str) -> String {
    let before = trim_indent(before);
    let after = trim_indent(after);
    let analysis = analyze(&before);
    let with_code: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(
        with_code.len(),
        1,
        "expected one {code} diagnostic: {:#?}",
        analysis.diagnostics
    );
    let fix = with_code[0]
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{code} has no fix"));
    let fixed = apply_edits(&before, &fix.edits);
    assert_eq!(fixed, after);
    fixed
}

pub(super) fn codes(analysis: &Analysis) -> Vec<&'static str> {
    analysis.diagnostics.iter().map(|d| d.code).collect()
}

/// Checks a document against the bibliographies `files` (name, text).
#[track_caller]
pub(super) fn check_with_bibliographies(
    fixture: &str,
    files: &[(&str, &str)],
) -> (String, Analysis) {
    check_with(fixture, files, true)
}

/// [`check_with_bibliographies`] with bibliographies that a search found
/// near the document, which it does not name.
#[track_caller]
pub(super) fn check_with_found_bibliographies(
    fixture: &str,
    files: &[(&str, &str)],
) -> (String, Analysis) {
    check_with(fixture, files, false)
}

#[track_caller]
fn check_with(fixture: &str, files: &[(&str, &str)], named: bool) -> (String, Analysis) {
    use crate::analysis::bibliography::{Bibliographies, Bibliography};
    use std::sync::Arc;
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let mut analysis = analyze(&text);
    let files = files
        .iter()
        .filter_map(|(name, text)| {
            Bibliography::parse_path(std::path::Path::new(name), &trim_indent(text)).map(Arc::new)
        })
        .collect();
    let bibliographies = if named {
        Bibliographies::new(files, Vec::new())
    } else {
        Bibliographies::found(files)
    };
    analysis.resolve_citations(Arc::new(bibliographies), &text);
    assert_diagnostics(&text, &expected, &analysis);
    (text, analysis)
}

/// Analyses `text` against the bibliographies `files` and one more that it
/// names but that is missing: `missing`, named where the text first writes
/// it (or nowhere, when it does not).
pub(super) fn analyze_with_missing(text: &str, files: &[(&str, &str)], missing: &str) -> Analysis {
    use crate::analysis::bibliography::{Bibliographies, Bibliography, Missing};
    use std::sync::Arc;
    let mut analysis = analyze(text);
    let files = files
        .iter()
        .filter_map(|(name, text)| {
            Bibliography::parse_path(std::path::Path::new(name), &trim_indent(text)).map(Arc::new)
        })
        .collect();
    let missing = Missing {
        path: missing.to_string(),
        range: text.find(missing).map(|at| at..at + missing.len()),
        reason: "no such file".to_string(),
    };
    analysis.resolve_citations(Arc::new(Bibliographies::new(files, vec![missing])), text);
    analysis
}

/// Checks the findings in a bibliography file; `cited` are the keys cited.
#[track_caller]
pub(super) fn check_bibliography_fixture(name: &str, fixture: &str, cited: Option<&[&str]>) {
    use crate::analysis::bibliography::Bibliography;
    let Fixture {
        text,
        ranges: expected,
        ..
    } = Fixture::parse(fixture);
    let bibliography =
        Bibliography::parse_path(std::path::Path::new(name), &text).expect("a bibliography name");
    let cited_fn = |key: &str| cited.is_some_and(|c| c.contains(&key));
    let found = super::check_bibliography(
        &bibliography,
        cited
            .is_some()
            .then_some(&cited_fn as &dyn Fn(&str) -> bool),
    );
    let got: Vec<(Range<usize>, String)> = found
        .iter()
        .map(|d| (d.range.clone(), d.code.to_string()))
        .collect();
    assert!(
        got == expected,
        "diagnostics differ\n--- expected\n{}--- actual\n{}{found:#?}",
        render(&text, &expected),
        render(&text, &got),
    );
}

pub(super) const SMALL_BIB: &str = "
    @book{whitcombe1999frozen, author = {Whitcombe, Anna}, title = {Frozen Rivers}, year = {1999}}
    @book{lund2003tides, author = {Lund, Per}, title = {Tides of the North}, year = {2003}}
    ";
