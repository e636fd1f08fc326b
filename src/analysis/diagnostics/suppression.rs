//! Suppression comments: the author's word that a finding is known and
//! accepted, written in the document beside it.
//!
//! ```text
//! <!-- ibid-disable-next-line empty-url -->      Markdown, for the next line
//! <!-- ibid-disable note-order -->               Markdown, until ibid-enable
//! <!-- ibid-enable -->
//! ibid-disable-next-line empty-url               plain text, a line of its own
//! .. ibid-disable-next-line empty-url            reStructuredText, a comment
//! ```
//!
//! Codes are separated by spaces or commas; none means every rule. A
//! directive that suppresses nothing is reported (`unused-suppression`), so
//! that suppressions do not outlive the findings they were written for.
//! Both front ends get this through the analysis: the suppressed findings
//! never leave it.

use std::ops::Range;

use super::{Diagnostic, TextEdit};

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `ibid-disable-next-line`: findings that start on the next line.
    NextLine,
    /// `ibid-disable`: findings from here to the next `ibid-enable`.
    Disable,
    /// `ibid-enable`: ends `ibid-disable` (of the codes it names, or all).
    Enable,
}

/// One directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive {
    pub kind: Kind,
    /// The directive's words, `ibid-disable-next-line empty-url`.
    pub range: Range<usize>,
    /// What deleting the directive removes: its whole line when it stands
    /// alone there (the comment with its line break), else the comment.
    pub removal: Range<usize>,
    /// The codes named, each with where it is written; empty for all.
    pub codes: Vec<(String, Range<usize>)>,
    /// The bytes of the line after the directive's line.
    pub next_line: Range<usize>,
}

const WORDS: [(&str, Kind); 3] = [
    ("ibid-disable-next-line", Kind::NextLine),
    ("ibid-disable", Kind::Disable),
    ("ibid-enable", Kind::Enable),
];

/// The directive in one line, if the line holds one: an HTML comment
/// anywhere in it, or the whole line (less white space, and less the `.. `
/// that makes it a reStructuredText comment) in plain text.
fn directive_in_line(text: &str, line: Range<usize>, next_line: Range<usize>) -> Option<Directive> {
    let content = text.get(line.clone())?.trim_end_matches(['\n', '\r']);
    let (words_start, words_end, removal) = if let Some(open) = content.find("<!--") {
        let after = open + 4;
        let close = content[after..].find("-->")? + after;
        let inner = &content[after..close];
        let lead = inner.len() - inner.trim_start().len();
        let start = after + lead;
        let end = after + inner.trim_end().len();
        let alone = content[..open].trim().is_empty() && content[close + 3..].trim().is_empty();
        let removal = if alone {
            line.clone()
        } else {
            line.start + open..line.start + close + 3
        };
        (start, end, removal)
    } else {
        let trimmed = content.trim_start();
        let words = trimmed
            .strip_prefix("..")
            .filter(|rest| rest.starts_with([' ', '\t']))
            .map_or(trimmed, str::trim_start);
        (
            content.len() - words.len(),
            content.trim_end().len(),
            line.clone(),
        )
    };
    let words = content.get(words_start..words_end)?;
    let (kind, rest) = WORDS.iter().find_map(|(word, kind)| {
        let rest = words.strip_prefix(word)?;
        (rest.is_empty() || rest.starts_with([' ', '\t', ','])).then_some((*kind, rest))
    })?;
    let rest_start = words_start + (words.len() - rest.len());
    let mut codes = Vec::new();
    let mut at = 0;
    for part in rest.split([' ', '\t', ',']) {
        if !part.is_empty() {
            // A code is lower-case letters, digits and hyphens; anything
            // else makes the line prose that happens to start with the word.
            if !part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return None;
            }
            let start = line.start + rest_start + at;
            codes.push((part.to_string(), start..start + part.len()));
        }
        at += part.len() + 1;
    }
    Some(Directive {
        kind,
        range: line.start + words_start..line.start + words_end,
        removal,
        codes,
        next_line,
    })
}

/// How a document writes a suppression comment of its own line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// `<!-- ibid-disable-next-line CODE -->`: Markdown, and any document
    /// whose kind is not known (a comment there hides from every reader).
    Html,
    /// `ibid-disable-next-line CODE`: plain text, which has no comments.
    Line,
    /// `.. ibid-disable-next-line CODE`: reStructuredText, whose comments
    /// hide the line from its readers (a bare line would be printed).
    Rst,
}

impl CommentStyle {
    /// The style for a file with extension `extension` (without the dot).
    pub fn for_extension(extension: Option<&str>) -> CommentStyle {
        if extension.is_some_and(|e| e.eq_ignore_ascii_case("rst")) {
            return CommentStyle::Rst;
        }
        match crate::analysis::Dialect::for_extension(extension) {
            crate::analysis::Dialect::PlainText => CommentStyle::Line,
            crate::analysis::Dialect::Markdown => CommentStyle::Html,
        }
    }
}

/// The edits that hold back findings of rule `code` on the line holding
/// byte `at`, the first to try first: a directive on a line of its own
/// above it, indented as that line is; in Markdown, also a comment at the
/// end of the line before, for where a line of its own would end a list of
/// notes that has no heading. The caller keeps the first that changes
/// nothing else.
pub(crate) fn disable_next_line(
    text: &str,
    at: usize,
    code: &str,
    style: CommentStyle,
) -> Vec<TextEdit> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let newline = crate::analysis::text::line_break(text);
    let mut edits = Vec::new();
    match style {
        CommentStyle::Html => {
            let comment = format!("<!-- ibid-disable-next-line {code} -->");
            edits.push(TextEdit {
                range: start..start,
                new_text: format!("{indent}{comment}{newline}"),
            });
            let before = text[..start].trim_end_matches(['\n', '\r']);
            let previous = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
            if !previous.trim().is_empty() && start > 0 {
                edits.push(TextEdit {
                    range: before.len()..before.len(),
                    new_text: format!(" {comment}"),
                });
            }
        }
        CommentStyle::Line => edits.push(TextEdit {
            range: start..start,
            new_text: format!("{indent}ibid-disable-next-line {code}{newline}"),
        }),
        CommentStyle::Rst => edits.push(TextEdit {
            range: start..start,
            new_text: format!("{indent}.. ibid-disable-next-line {code}{newline}"),
        }),
    }
    edits
}

/// Every directive in `text`, in order.
pub(crate) fn directives(text: &str) -> Vec<Directive> {
    // Every keystroke asks this of the whole text: hyphens are rare in
    // most prose (`find_by_rare_byte` says how it copes where they are not).
    if !mentions_ibid(text.as_bytes()) {
        return Vec::new();
    }
    let lines: Vec<Range<usize>> = {
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            out.push(start..start + line.len());
            start += line.len();
        }
        out
    };
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !text[line.clone()].contains("ibid-") {
            continue;
        }
        let next = lines.get(i + 1).cloned().unwrap_or(text.len()..text.len());
        if let Some(d) = directive_in_line(text, line.clone(), next) {
            found.push(d);
        }
    }
    found
}

/// Whether `bytes` holds `ibid-` anywhere (see [`directives`]).
fn mentions_ibid(bytes: &[u8]) -> bool {
    crate::analysis::text::find_by_rare_byte(bytes, b"ibid-", 4)
        .next()
        .is_some()
}

/// One rule (or every rule, `None`) held off over a stretch of text by a
/// directive.
#[derive(Debug)]
struct Hold {
    directive: usize,
    /// Index into the directive's codes; `None` when it names none.
    code: Option<usize>,
    scope: Range<usize>,
    used: bool,
}

/// A directive, or one code of it, that suppressed nothing.
#[derive(Debug, Clone)]
pub(crate) struct Unused {
    pub(crate) directive: Directive,
    /// The code's place in the directive; `None` for a directive with none.
    pub(crate) code: Option<usize>,
    /// None of the directive's codes is used: deleting it is the fix.
    pub(crate) whole: bool,
}

/// What the suppression comments left of a document's findings.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) kept: Vec<Diagnostic>,
    pub(crate) suppressed: Vec<Diagnostic>,
    pub(crate) unused: Vec<Unused>,
}

/// Drops the findings that a directive suppresses, and tells the
/// directives that suppress nothing (reported by `unused-suppression`).
pub(crate) fn apply(text: &str, diagnostics: Vec<Diagnostic>) -> Applied {
    let directives = directives(text);
    if directives.is_empty() {
        return Applied {
            kept: diagnostics,
            ..Applied::default()
        };
    }
    let mut holds = Vec::new();
    for (i, d) in directives.iter().enumerate() {
        let codes: Vec<Option<usize>> = if d.codes.is_empty() {
            vec![None]
        } else {
            (0..d.codes.len()).map(Some).collect()
        };
        for code in codes {
            let scope = match d.kind {
                Kind::NextLine => d.next_line.clone(),
                Kind::Enable => continue,
                Kind::Disable => {
                    let name = code.map(|c| d.codes[c].0.as_str());
                    let end = directives[i + 1..]
                        .iter()
                        .find(|e| {
                            e.kind == Kind::Enable
                                && (e.codes.is_empty()
                                    || name.is_some_and(|n| e.codes.iter().any(|(c, _)| c == n)))
                        })
                        .map_or(text.len(), |e| e.range.start);
                    d.range.end..end
                }
            };
            holds.push(Hold {
                directive: i,
                code,
                scope,
                used: false,
            });
        }
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    let mut suppressed = Vec::new();
    for diagnostic in diagnostics {
        let hold = holds.iter_mut().find(|h| {
            h.scope.contains(&diagnostic.range.start)
                && h.code
                    .is_none_or(|c| directives[h.directive].codes[c].0 == diagnostic.code)
        });
        match hold {
            Some(hold) => {
                hold.used = true;
                suppressed.push(diagnostic);
            }
            None => kept.push(diagnostic),
        }
    }
    let mut unused = Vec::new();
    for (i, directive) in directives.iter().enumerate() {
        let idle: Vec<&Hold> = holds
            .iter()
            .filter(|h| h.directive == i && !h.used)
            .collect();
        let all = holds.iter().filter(|h| h.directive == i).count();
        let whole = idle.len() == all;
        unused.extend(idle.into_iter().map(|hold| Unused {
            directive: directive.clone(),
            code: hold.code,
            whole,
        }));
    }
    Applied {
        kept,
        suppressed,
        unused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_in_comments_and_lines_of_their_own() {
        let text = "A.\n<!-- ibid-disable-next-line empty-url, note-order -->\nB.\n  ibid-disable\nC. <!-- ibid-enable --> D.\nibid-disable-next-line is not a Code\n";
        let found = directives(text);
        let summary: Vec<(Kind, Vec<&str>, &str)> = found
            .iter()
            .map(|d| {
                (
                    d.kind,
                    d.codes.iter().map(|(c, _)| c.as_str()).collect(),
                    &text[d.range.clone()],
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Kind::NextLine,
                    vec!["empty-url", "note-order"],
                    "ibid-disable-next-line empty-url, note-order"
                ),
                (Kind::Disable, vec![], "ibid-disable"),
                (Kind::Enable, vec![], "ibid-enable"),
            ]
        );
        assert_eq!(&text[found[0].next_line.clone()], "B.\n");
        let (code, range) = &found[0].codes[1];
        assert_eq!(&text[range.clone()], code);
        // Alone on its line: deleting it takes the line; inline: the comment.
        assert_eq!(
            &text[found[0].removal.clone()],
            "<!-- ibid-disable-next-line empty-url, note-order -->\n"
        );
        assert_eq!(&text[found[2].removal.clone()], "<!-- ibid-enable -->");
    }

    /// A reStructuredText comment holds a directive; two dots glued to a
    /// word do not.
    #[test]
    fn a_restructured_text_comment_holds_a_directive() {
        let text = "A.\n.. ibid-disable-next-line empty-url\nB.\n..ibid-disable\n";
        let found = directives(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].range.clone()],
            "ibid-disable-next-line empty-url"
        );
        assert_eq!(
            &text[found[0].removal.clone()],
            ".. ibid-disable-next-line empty-url\n"
        );
        assert_eq!(CommentStyle::for_extension(Some("RST")), CommentStyle::Rst);
        assert_eq!(CommentStyle::for_extension(Some("txt")), CommentStyle::Line);
    }

    /// The search finds `ibid-` before, at and after the point where it
    /// stops looking at each hyphen, and nothing in text without it.
    #[test]
    fn mentions_ibid_wherever_the_hyphens_are() {
        for hyphens in [0, 1, 63, 64, 65, 66, 500] {
            let before = "well-known ".repeat(hyphens);
            assert!(
                mentions_ibid(format!("{before}<!-- ibid-disable -->").as_bytes()),
                "after {hyphens} hyphens"
            );
            assert!(!mentions_ibid(format!("{before} ibid -").as_bytes()));
            assert!(mentions_ibid(format!("{before}ibid-").as_bytes()));
        }
        assert!(!mentions_ibid(b"ibid"));
        assert!(!mentions_ibid(b"-ibid"));
    }
}
