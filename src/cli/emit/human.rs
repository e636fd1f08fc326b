//! `--format human`: each finding as rustc shows an error, with the line it
//! is on, the offending text underlined and the related note or antecedent
//! shown beside it; rendered by annotate-snippets, rustc's own renderer.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{EmitOptions, FileReport, Located, Summary};
use crate::analysis::diagnostics::Severity;

pub(super) fn emit(
    reports: &[FileReport],
    summary: &Summary,
    options: EmitOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for report in reports {
        let Some(source) = report.source.as_deref() else {
            continue;
        };
        for d in &report.diagnostics {
            let groups = [group(&report.path, source, d)];
            writeln!(out, "{}\n", renderer.render(&groups))?;
        }
    }
    if options.summary {
        writeln!(out, "{}", summary_line(summary))?;
    }
    Ok(())
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

/// The lines that hold `range`: the byte offsets where the first starts
/// and the last ends (before its line break).
fn window(source: &str, range: &Range<usize>) -> (usize, usize) {
    let start = range.start.min(source.len());
    let end = range.end.clamp(start, source.len());
    let from = source
        .get(..start)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let mut to = source
        .get(end..)
        .and_then(|s| s.find('\n'))
        .map_or(source.len(), |i| end + i);
    if to > from && source.as_bytes().get(to - 1) == Some(&b'\r') && to > end {
        to -= 1;
    }
    (from, to)
}

/// One snippet per stretch of lines: the related text on the finding's own
/// line is underlined in the same snippet, text elsewhere gets its own.
fn group<'a>(path: &'a str, source: &'a str, d: &'a Located) -> Group<'a> {
    let title = level(d.severity).primary_title(&d.message).id(d.code);
    // (window, first line, annotations), in the order first met.
    let mut windows: Vec<(
        (usize, usize),
        usize,
        Vec<annotate_snippets::Annotation<'a>>,
    )> = Vec::new();
    let mut add = |range: &Range<usize>, line: usize, annotation: AnnotationKind, label| {
        let (from, to) = window(source, range);
        let start = range.start.clamp(from, to) - from;
        let end = range.end.clamp(from, to) - from;
        let annotation = annotation.span(start..end).label(label);
        match windows.iter_mut().find(|(w, _, _)| *w == (from, to)) {
            Some((_, _, annotations)) => annotations.push(annotation),
            None => windows.push(((from, to), line, vec![annotation])),
        }
    };
    add(&d.range, d.start.line, AnnotationKind::Primary, None);
    for related in &d.related {
        add(
            &related.range,
            related.start.line,
            AnnotationKind::Context,
            Some(related.message.as_str()),
        );
    }
    let snippets = windows.into_iter().map(|((from, to), line, annotations)| {
        Snippet::source(source.get(from..to).unwrap_or(""))
            .line_start(line)
            .path(path)
            .annotations(annotations)
    });
    let mut group = Group::with_title(title).elements(snippets);
    if d.fixable
        && let Some(fix) = &d.fix
    {
        group = group.element(Level::HELP.message(format!("{} (`ibid check --fix`)", fix.title)));
    }
    group
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `Found 3 problems (1 error, 2 warnings) in 2 of 5 files; 1 fixable with
/// `ibid check --fix`.`: how many files were checked and how many had
/// findings, and the files that could not be checked, which are not clean.
pub(super) fn summary_line(summary: &Summary) -> String {
    let skipped = match summary.skipped {
        0 => String::new(),
        n => format!("; {} not checked (see the errors above)", plural(n, "file")),
    };
    if summary.files == 0 {
        return format!("No files checked{skipped}.");
    }
    if summary.diagnostics == 0 {
        return format!(
            "No problems found in {}{skipped}.",
            plural(summary.files, "file")
        );
    }
    let counts: Vec<String> = summary
        .by_severity
        .iter()
        .rev()
        .map(|(severity, n)| plural(*n, severity.as_str()))
        .collect();
    let files = if summary.files_with_diagnostics == summary.files {
        plural(summary.files, "file")
    } else {
        format!(
            "{} of {} checked",
            summary.files_with_diagnostics,
            plural(summary.files, "file")
        )
    };
    let mut line = format!(
        "Found {} ({}) in {files}",
        plural(summary.diagnostics, "problem"),
        counts.join(", "),
    );
    if summary.fixable > 0 {
        line.push_str(&format!(
            "; {} fixable with `ibid check --fix`",
            summary.fixable
        ));
    }
    line.push_str(&skipped);
    line.push('.');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::cli::emit::tests::render;

    #[test]
    fn snippets_in_the_style_of_rustc() {
        insta::assert_snapshot!(render(Format::Human));
    }

    fn summary(files: usize, with: usize, skipped: usize, problems: usize) -> Summary {
        Summary {
            files,
            files_with_diagnostics: with,
            skipped,
            diagnostics: problems,
            by_severity: [(Severity::Warning, problems)]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .collect(),
            ..Summary::default()
        }
    }

    #[test]
    fn the_summary_counts_files_checked_with_findings_and_skipped() {
        assert_eq!(
            summary_line(&summary(4, 2, 0, 3)),
            "Found 3 problems (3 warnings) in 2 of 4 files checked."
        );
        assert_eq!(
            summary_line(&summary(2, 2, 0, 3)),
            "Found 3 problems (3 warnings) in 2 files."
        );
        assert_eq!(
            summary_line(&summary(1, 0, 1, 0)),
            "No problems found in 1 file; 1 file not checked (see the errors above)."
        );
        assert_eq!(summary_line(&summary(0, 0, 0, 0)), "No files checked.");
    }

    #[test]
    fn a_window_is_whole_lines_without_their_breaks() {
        let text = "one\r\ntwo three\r\nfour";
        let at = text.find("three").expect("fixture");
        assert_eq!(window(text, &(at..at + 5)), (5, 14));
        assert_eq!(&text[5..14], "two three");
        assert_eq!(window(text, &(text.len()..text.len())), (16, 20));
    }
}
