//! BibTeX and BibLaTeX files, read with the `biblatex` crate.
//!
//! The crate reads a file whole and stops at the first error. To keep every
//! entry that can be read, the file is first cut where entries start (an
//! `@type{` at the start of a line) and each piece is read on its own: a
//! piece that fails is reported and blanked out (spaces, line breaks kept, so
//! offsets do not move), and a later entry with a key already seen is
//! reported and blanked too. What is left is read whole, so that `@string`
//! abbreviations and `crossref` work across entries as BibTeX means them.
//!
//! Only the fields that lists show (authors, title, date) are resolved when
//! the file is read: resolving every field of every entry (abstracts, notes,
//! URLs) is most of the cost of a large library and almost none of it is
//! ever looked at. An entry's whole text is read again, on its own with the
//! file's abbreviations and its cross-referenced parents, when it is
//! formatted ([`super::render`]).

use std::ops::Range;
use std::sync::Arc;

use biblatex::{ChunksExt, ParseError, ParseErrorKind, RawBibliography, RawChunk, Token};

use super::{Data, Entry, Problem, Summary, blank};

/// The fields a summary is made from, and those that link an entry to
/// another (whose summary fields it inherits).
const SUMMARY_FIELDS: &[&str] = &[
    "author",
    "editor",
    "title",
    "date",
    "year",
    "month",
    "organization",
    "institution",
    "crossref",
    "xdata",
];

/// Month abbreviations BibTeX defines (`month = jan`).
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// How many entries may fail the final, whole-file reading (an undefined
/// abbreviation, a broken `crossref`) before the rest are read one by one.
const WHOLE_FILE_RETRIES: usize = 16;

/// Where each entry starts: an `@` first on its line (after indentation),
/// then a type name and an opening brace or parenthesis.
fn entry_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('@') {
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            let after = rest[name_len..].trim_start();
            if name_len > 0 && (after.starts_with('{') || after.starts_with('(')) {
                starts.push(line_start + (line.len() - trimmed.len()));
            }
        }
        line_start += line.len();
    }
    starts
}

/// The key an entry's head names (`@book{key,`), for messages.
fn head_key(piece: &str) -> Option<&str> {
    let open = piece.find(['{', '('])?;
    let rest = &piece[open + 1..];
    let end = rest.find([',', '\n', '}', ')']).unwrap_or(rest.len());
    let key = rest[..end].trim();
    (!key.is_empty() && !key.contains('=')).then_some(key)
}

/// The first line of a piece: where a message about the entry points.
fn head_range(piece: &str, start: usize) -> Range<usize> {
    let end = piece.find(['\n', '\r']).unwrap_or(piece.len());
    start..start + piece[..end].trim_end().len()
}

/// A message for a piece that failed to read.
fn syntax_message(piece: &str, error: &ParseError) -> String {
    let key = head_key(piece);
    let entry = match key {
        Some(key) => format!("entry `{key}`"),
        None => "entry".to_string(),
    };
    let at_end = piece
        .get(error.span.start..)
        .is_none_or(|rest| rest.trim().is_empty());
    match &error.kind {
        _ if at_end => format!(
            "{entry} is not closed: a `{{` or `\"` has no match before the next entry; the entry is skipped"
        ),
        ParseErrorKind::Expected(Token::Comma) if piece[error.span.start..].starts_with('=') => {
            "entry has no key: write one after the opening brace (`@book{key, ...`); the entry is skipped".to_string()
        }
        kind => format!("{entry} cannot be read: {kind}; the entry is skipped"),
    }
}

/// What a `.bib` file holds: its entries, what is wrong with it, and the
/// text of its `@string` definitions (which formatting an entry on its own
/// needs).
pub(super) fn parse(text: &str) -> (Vec<Entry>, Vec<Problem>, String) {
    let mut strings = String::new();
    let mut problems = Vec::new();
    let mut blanked = text.to_string();
    let starts = entry_starts(text);
    // Keys seen so far, with where each is spelt.
    let mut seen: rustc_hash::FxHashMap<&str, Range<usize>> = Default::default();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let piece = &text[start..end];
        match RawBibliography::parse(piece) {
            Ok(raw) => {
                if !raw.abbreviations.is_empty() {
                    strings.push_str(piece);
                    strings.push('\n');
                }
                for entry in &raw.entries {
                    let key = entry.v.key.v;
                    let key_range = start + entry.v.key.span.start..start + entry.v.key.span.end;
                    let range = start + entry.span.start..start + entry.span.end;
                    if key.trim().is_empty() {
                        problems.push(Problem::Malformed {
                            range: head_range(&text[range.start..], range.start),
                            message: "entry has no key: write one after the opening brace (`@book{key, ...`); the entry is skipped".to_string(),
                        });
                        blank(&mut blanked, range);
                        continue;
                    }
                    if let Some(first) = seen.get(key) {
                        problems.push(Problem::Duplicate {
                            key: key.into(),
                            range: key_range,
                            first: first.clone(),
                        });
                        // The closing brace is outside the raw span.
                        let close = text[range.end..end]
                            .find(['}', ')'])
                            .map_or(range.end, |i| range.end + i + 1);
                        blank(&mut blanked, range.start..close);
                        continue;
                    }
                    seen.insert(key, key_range);
                }
            }
            Err(error) => {
                let message = syntax_message(piece, &error);
                let at_end = piece
                    .get(error.span.start..)
                    .is_none_or(|rest| rest.trim().is_empty());
                let range = match error.kind {
                    _ if at_end => head_range(piece, start),
                    _ if error.span.start < piece.len() => {
                        let at = start + error.span.start;
                        let width = piece[error.span.start..]
                            .chars()
                            .next()
                            .map_or(0, char::len_utf8);
                        at..at + error.span.len().max(width)
                    }
                    _ => head_range(piece, start),
                };
                problems.push(Problem::Malformed { range, message });
                blank(&mut blanked, start..end);
            }
        }
    }
    let entries = read_whole(text, &blanked, &mut problems);
    (entries, problems, strings)
}

/// Reads what is left after the broken pieces were blanked out.
fn read_whole(text: &str, blanked: &str, problems: &mut Vec<Problem>) -> Vec<Entry> {
    let raw = match RawBibliography::parse(blanked) {
        Ok(raw) => raw,
        Err(error) => {
            // Every piece read on its own, so this is a piece boundary the
            // cut missed; report it rather than guess.
            problems.push(Problem::Malformed {
                range: error.span.start..error.span.end.max(error.span.start),
                message: format!("the file cannot be read: {}", error.kind),
            });
            return Vec::new();
        }
    };
    // Where each entry is, by key.
    let places: rustc_hash::FxHashMap<String, (Range<usize>, Range<usize>)> = raw
        .entries
        .iter()
        .map(|e| {
            let close = text
                .get(e.span.end..)
                .and_then(|rest| rest.find(['}', ')']))
                .map_or(e.span.end, |i| e.span.end + i + 1);
            (
                e.v.key.v.to_string(),
                (e.span.start..close, e.v.key.span.clone()),
            )
        })
        .collect();
    // Undefined abbreviations, in any field: the whole reading below only
    // sees the summary fields.
    let defined: rustc_hash::FxHashSet<String> = raw
        .abbreviations
        .iter()
        .map(|p| p.key.v.to_ascii_lowercase())
        .collect();
    let mut raw = raw;
    let mut parents: rustc_hash::FxHashMap<String, Vec<String>> = Default::default();
    raw.entries.retain(|e| {
        for pair in &e.v.fields {
            for chunk in &pair.value.v {
                if let RawChunk::Abbreviation(name) = chunk.v {
                    let lower = name.to_ascii_lowercase();
                    if !defined.contains(&lower) && !MONTHS.contains(&lower.as_str()) {
                        problems.push(Problem::Malformed {
                            range: chunk.span.clone(),
                            message: format!(
                                "entry `{}` uses `{name}`, which no `@string` defines; the entry is skipped",
                                e.v.key.v
                            ),
                        });
                        return false;
                    }
                }
            }
        }
        true
    });
    for e in &mut raw.entries {
        let mut links = Vec::new();
        e.v.fields.retain(|pair| {
            let name = pair.key.v;
            if name.eq_ignore_ascii_case("crossref") || name.eq_ignore_ascii_case("xdata") {
                for chunk in &pair.value.v {
                    if let RawChunk::Normal(value) = chunk.v {
                        links.extend(
                            value
                                .split(',')
                                .map(|k| k.trim().to_string())
                                .filter(|k| !k.is_empty()),
                        );
                    }
                }
            }
            SUMMARY_FIELDS.iter().any(|f| name.eq_ignore_ascii_case(f))
        });
        if !links.is_empty() {
            parents.insert(e.v.key.v.to_string(), links);
        }
    }
    let mut parsed = None;
    for _ in 0..WHOLE_FILE_RETRIES {
        match biblatex::Bibliography::from_raw(raw.clone()) {
            Ok(bibliography) => {
                parsed = Some(bibliography.into_vec());
                break;
            }
            Err(error) => {
                let Some(i) = raw.entries.iter().position(|e| {
                    e.span.start <= error.span.start && error.span.start <= e.span.end
                }) else {
                    break;
                };
                let bad = raw.entries.remove(i);
                problems.push(resolution_problem(bad.v.key.v, &bad.span, &error));
            }
        }
    }
    let entries = match parsed {
        Some(entries) => entries,
        None => one_by_one(&mut raw, problems),
    };
    entries
        .into_iter()
        .filter_map(|entry| {
            let (range, key_range) = places.get(&entry.key)?.clone();
            Some(Entry::new(
                Arc::from(entry.key.as_str()),
                range,
                key_range,
                summary(&entry),
                Data::Bib {
                    parents: parents.remove(&entry.key).unwrap_or_default(),
                },
            ))
        })
        .collect()
}

/// Reads each entry on its own with the file's abbreviations: slower, but
/// one bad entry costs only itself. Cross-references to other entries are
/// lost for the entries read this way.
fn one_by_one(raw: &mut RawBibliography<'_>, problems: &mut Vec<Problem>) -> Vec<biblatex::Entry> {
    let mut out = Vec::new();
    for entry in std::mem::take(&mut raw.entries) {
        let single = RawBibliography {
            preamble: String::new(),
            entries: vec![entry.clone()],
            abbreviations: raw.abbreviations.clone(),
        };
        match biblatex::Bibliography::from_raw(single) {
            Ok(b) => out.extend(b.into_vec()),
            Err(error) => problems.push(resolution_problem(entry.v.key.v, &entry.span, &error)),
        }
    }
    out
}

fn resolution_problem(key: &str, span: &Range<usize>, error: &ParseError) -> Problem {
    let what = match &error.kind {
        ParseErrorKind::UnknownAbbreviation(name) => {
            format!("uses `{name}`, which no `@string` defines")
        }
        ParseErrorKind::ResolutionError(kind) => {
            format!("has a cross-reference that fails: {kind}")
        }
        kind => format!("cannot be read: {kind}"),
    };
    let range = if span.start <= error.span.start && error.span.end <= span.end {
        error.span.start..error.span.end.max(error.span.start + 1).min(span.end)
    } else {
        span.start..span.start + 1
    };
    Problem::Malformed {
        range,
        message: format!("entry `{key}` {what}; the entry is skipped"),
    }
}

/// Author, year and title for lists; a field that does not read is left out.
fn summary(entry: &biblatex::Entry) -> Summary {
    let mut authors: Vec<String> = entry
        .author()
        .map(|people| people.into_iter().map(|p| p.name).collect())
        .unwrap_or_default();
    if authors.is_empty() {
        authors = entry
            .editors()
            .ok()
            .and_then(|e| e.into_iter().next())
            .map(|(people, _)| people.into_iter().map(|p| p.name).collect())
            .unwrap_or_default();
    }
    if authors.is_empty()
        && let Some(org) = entry
            .get("organization")
            .or_else(|| entry.get("institution"))
    {
        authors.push(org.format_verbatim());
    }
    let year = match entry.date() {
        Ok(biblatex::PermissiveType::Typed(date)) => Some(match date.value {
            biblatex::DateValue::At(d)
            | biblatex::DateValue::After(d)
            | biblatex::DateValue::Before(d)
            | biblatex::DateValue::Between(d, _) => d.year,
        }),
        _ => None,
    };
    let title = entry
        .title()
        .ok()
        .map(|t| t.format_verbatim())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    Summary {
        authors,
        year,
        title,
        kind: entry.entry_type.to_string().to_ascii_lowercase(),
    }
}
