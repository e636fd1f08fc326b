//! BibTeX and BibLaTeX files, read with the `biblatex` crate.
//!
//! The crate reads a file whole and stops at the first error. To keep every
//! entry that can be read, the file is cut where entries start (an `@type{`
//! at the start of a line) and each piece is read on its own: a piece that
//! fails is reported and left out, and so is a later entry with a key
//! already seen, or one that uses an `@string` no piece defines.
//!
//! Reading keeps the crate's raw syntax only. Resolving every field of
//! every entry (LaTeX commands, abbreviations, cross-references) is most of
//! the cost of a large library and almost none of it is ever shown, so the
//! summary that lists show (authors, year, title) is read here with a light
//! hand, and an entry is resolved by the crate, on its own with the file's
//! `@string`s and its cross-referenced parents, when it is formatted
//! ([`super::render`]).

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use biblatex::{ParseError, ParseErrorKind, RawBibliography, RawChunk, RawEntry, Token};
use unicode_normalization::UnicodeNormalization;

use super::{Data, Entry, Problem, Summary};

/// Month abbreviations BibTeX defines (`month = jan`).
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

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
    let starts = entry_starts(text);
    // Keys seen so far, with where each is spelt.
    let mut seen: FxHashMap<&str, Range<usize>> = FxHashMap::default();
    // Entries read, with the offset of their piece; abbreviations by name.
    let mut raw_entries: Vec<(usize, RawEntry<'_>, Range<usize>)> = Vec::new();
    let mut abbreviations: FxHashMap<String, String> = FxHashMap::default();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let piece = &text[start..end];
        match RawBibliography::parse(piece) {
            Ok(raw) => {
                if !raw.abbreviations.is_empty() {
                    strings.push_str(piece);
                    strings.push('\n');
                }
                for pair in &raw.abbreviations {
                    abbreviations
                        .insert(pair.key.v.to_ascii_lowercase(), plain(&pair.value.v, None));
                }
                for entry in raw.entries {
                    let key = entry.v.key.v;
                    let key_range = start + entry.v.key.span.start..start + entry.v.key.span.end;
                    let range = start + entry.span.start..start + entry.span.end;
                    if key.trim().is_empty() {
                        problems.push(Problem::Malformed {
                            range: head_range(&text[range.start..], range.start),
                            message: "entry has no key: write one after the opening brace (`@book{key, ...`); the entry is skipped".to_string(),
                        });
                        continue;
                    }
                    if let Some(first) = seen.get(key) {
                        problems.push(Problem::Duplicate {
                            key: key.into(),
                            range: key_range,
                            first: first.clone(),
                        });
                        continue;
                    }
                    seen.insert(key, key_range);
                    // The closing brace is outside the raw span.
                    let close = text[range.end..end]
                        .find(['}', ')'])
                        .map_or(range.end, |i| range.end + i + 1);
                    raw_entries.push((start, entry.v, range.start..close));
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
            }
        }
    }
    let mut entries = Vec::with_capacity(raw_entries.len());
    let mut parents: FxHashMap<usize, Vec<String>> = FxHashMap::default();
    'entries: for (offset, entry, range) in raw_entries {
        let mut fields = RawFields::default();
        let mut links = Vec::new();
        for pair in &entry.fields {
            for chunk in &pair.value.v {
                if let RawChunk::Abbreviation(name) = chunk.v {
                    let lower = name.to_ascii_lowercase();
                    if !abbreviations.contains_key(&lower) && !MONTHS.contains(&lower.as_str()) {
                        problems.push(Problem::Malformed {
                            range: offset + chunk.span.start..offset + chunk.span.end,
                            message: format!(
                                "entry `{}` uses `{name}`, which no `@string` defines; the entry is skipped",
                                entry.key.v
                            ),
                        });
                        continue 'entries;
                    }
                }
            }
            let name = pair.key.v.to_ascii_lowercase();
            let value = || plain(&pair.value.v, Some(&abbreviations));
            match name.as_str() {
                "author" => fields.author = Some(value()),
                "editor" => fields.editor = Some(value()),
                "title" => fields.title = Some(value()),
                "year" => fields.year = Some(value()),
                "date" => fields.date = Some(value()),
                "organization" | "institution" => fields.organization = Some(value()),
                "crossref" | "xdata" => links.extend(
                    value()
                        .split(',')
                        .map(|k| k.trim().to_string())
                        .filter(|k| !k.is_empty()),
                ),
                _ => {}
            }
        }
        if !links.is_empty() {
            parents.insert(entries.len(), links.clone());
        }
        let key_range = offset + entry.key.span.start..offset + entry.key.span.end;
        entries.push(Entry::new(
            Arc::from(entry.key.v),
            range,
            key_range,
            fields.summary(entry.kind.v),
            Data::Bib { parents: links },
        ));
    }
    inherit(&mut entries, &parents);
    (entries, problems, strings)
}

/// An entry with a `crossref` (a chapter of a collection) takes the year
/// and, lacking its own, the editors of its parent, as BibLaTeX does.
fn inherit(entries: &mut [Entry], parents: &FxHashMap<usize, Vec<String>>) {
    if parents.is_empty() {
        return;
    }
    let by_key: FxHashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (&*e.key, i))
        .collect();
    let inherited: Vec<(usize, Option<i32>, Vec<String>)> = parents
        .iter()
        .filter_map(|(&child, links)| {
            let parent = links.iter().find_map(|k| by_key.get(k.as_str()))?;
            let p = &entries[*parent].summary;
            Some((child, p.year, p.authors.clone()))
        })
        .collect();
    for (child, year, authors) in inherited {
        let summary = &mut entries[child].summary;
        if summary.year.is_none() {
            summary.year = year;
        }
        if summary.authors.is_empty() {
            summary.authors = authors;
        }
    }
}

/// The raw text of the fields a summary is made from.
#[derive(Debug, Default)]
struct RawFields {
    author: Option<String>,
    editor: Option<String>,
    title: Option<String>,
    year: Option<String>,
    date: Option<String>,
    organization: Option<String>,
}

impl RawFields {
    fn summary(self, kind: &str) -> Summary {
        let mut authors: Vec<String> = self
            .author
            .or(self.editor)
            .map(|names| split_names(&names).iter().map(|n| family(n)).collect())
            .unwrap_or_default();
        authors.retain(|a| !a.is_empty());
        if authors.is_empty()
            && let Some(org) = self.organization
        {
            authors.push(clean(&org));
        }
        let year = self
            .year
            .as_deref()
            .and_then(first_year)
            .or_else(|| self.date.as_deref().and_then(first_year));
        let title = self.title.map(|t| clean(&t)).filter(|t| !t.is_empty());
        Summary {
            authors,
            year,
            title,
            kind: kind.to_ascii_lowercase(),
        }
    }
}

/// A field's raw text, abbreviations replaced by their raw text when
/// `abbreviations` is given (months by their names).
fn plain(
    field: &[biblatex::Spanned<RawChunk<'_>>],
    abbreviations: Option<&FxHashMap<String, String>>,
) -> String {
    let mut out = String::new();
    for chunk in field {
        match chunk.v {
            RawChunk::Normal(text) => out.push_str(text),
            RawChunk::Abbreviation(name) => {
                let lower = name.to_ascii_lowercase();
                if let Some(value) = abbreviations.and_then(|a| a.get(&lower)) {
                    out.push_str(value);
                } else {
                    out.push_str(name);
                }
            }
        }
    }
    out
}

/// The first four-digit number: the year of `1999`, `2012-03`, `{c. 1850}`.
fn first_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return text[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The names of a name list, split at `and` outside braces.
fn split_names(list: &str) -> Vec<&str> {
    let bytes = list.as_bytes();
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b if depth == 0 && b.is_ascii_whitespace() => {
                let rest = &list[i..];
                let trimmed = rest.trim_start();
                let skipped = rest.len() - trimmed.len();
                if trimmed.len() > 4
                    && trimmed
                        .get(..3)
                        .is_some_and(|w| w.eq_ignore_ascii_case("and"))
                    && trimmed.as_bytes()[3].is_ascii_whitespace()
                {
                    names.push(list[start..i].trim());
                    i += skipped + 3;
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    names.push(list[start..].trim());
    names.retain(|n| !n.is_empty());
    names
}

/// The family name of a BibTeX name: all of `{Port Authority of Kestrel
/// Bay}`; before the comma in `Whitcombe, Anna`; from the first lower-case
/// word in `Anna de Vries`; else the last word.
fn family(name: &str) -> String {
    let name = name.trim();
    if name.starts_with('{') && name.ends_with('}') && balanced_inside(name) {
        return clean(name);
    }
    if let Some((family, _)) = split_top_level_comma(name) {
        return clean(family);
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let von = words
        .iter()
        .take(words.len().saturating_sub(1))
        .position(|w| w.starts_with(|c: char| c.is_lowercase()));
    let from = von.unwrap_or(words.len().saturating_sub(1));
    clean(&words[from..].join(" "))
}

/// Whether `{...}` is one group, not `{A} and {B}`.
fn balanced_inside(text: &str) -> bool {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 < text.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

fn split_top_level_comma(name: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (i, c) in name.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return Some((&name[..i], &name[i + 1..])),
            _ => {}
        }
    }
    None
}

/// A combining mark for a TeX accent command.
fn accent(command: &str) -> Option<char> {
    Some(match command {
        "'" => '\u{301}',
        "`" => '\u{300}',
        "^" => '\u{302}',
        "\"" => '\u{308}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "." => '\u{307}',
        "c" => '\u{327}',
        "v" => '\u{30c}',
        "u" => '\u{306}',
        "H" => '\u{30b}',
        "r" => '\u{30a}',
        "k" => '\u{328}',
        "d" => '\u{323}',
        _ => return None,
    })
}

/// A letter a TeX command stands for.
fn letter(command: &str) -> Option<&'static str> {
    Some(match command {
        "o" => "ø",
        "O" => "Ø",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "ss" => "ß",
        "l" => "ł",
        "L" => "Ł",
        "i" => "i",
        "j" => "j",
        _ => return None,
    })
}

/// TeX as plain text, well enough for a list: braces dropped, accents and
/// special letters made Unicode, other commands dropped (their arguments
/// kept), `~` a space, `--` a dash, white space collapsed.
fn clean(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            '~' => out.push(' '),
            '\\' => {
                let mut command = String::new();
                match chars.peek().copied() {
                    Some(n) if n.is_ascii_alphabetic() => {
                        while let Some(&n) = chars.peek() {
                            if !n.is_ascii_alphabetic() {
                                break;
                            }
                            command.push(n);
                            chars.next();
                        }
                    }
                    Some(n) => {
                        command.push(n);
                        chars.next();
                    }
                    None => break,
                }
                if let Some(mark) = accent(&command) {
                    // The accented letter, perhaps in braces or after a space.
                    while chars.peek().is_some_and(|&n| n == '{' || n == ' ') {
                        chars.next();
                    }
                    if let Some(base) = chars.next() {
                        let base = if base == '\\' {
                            // `\'{\i}`: a dotless i.
                            while chars.peek().is_some_and(char::is_ascii_alphabetic) {
                                chars.next();
                            }
                            'i'
                        } else {
                            base
                        };
                        out.push(base);
                        out.push(mark);
                    }
                } else if let Some(l) = letter(&command) {
                    out.push_str(l);
                } else if command.len() == 1
                    && !command.starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    // `\&`, `\%`, `\$`, `\_`, `\#`.
                    out.push_str(&command);
                }
                // Other commands (`\emph`, `\textit`) leave their argument.
            }
            _ => out.push(c),
        }
    }
    let joined = out
        .nfc()
        .collect::<String>()
        .replace("---", "—")
        .replace("--", "–");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_becomes_plain_text() {
        assert_eq!(clean(r#"S{\o}rensen"#), "Sørensen");
        assert_eq!(clean(r#"\'{E}lise M\"uller"#), "Élise Müller");
        assert_eq!(
            clean(r#"Salt \& Silver: \emph{A History}"#),
            "Salt & Silver: A History"
        );
        assert_eq!(clean("pp.~10--12"), "pp. 10–12");
    }

    #[test]
    fn names_and_family_names() {
        assert_eq!(
            split_names("Okafor, Chidi and {Lindqvist and Sons} AND Vik, Tora"),
            ["Okafor, Chidi", "{Lindqvist and Sons}", "Vik, Tora"]
        );
        // A multi-byte letter where `and` would end is no `and`.
        assert_eq!(
            split_names("Costa, Inês and Ng, Ben"),
            ["Costa, Inês", "Ng, Ben"]
        );
        assert_eq!(family("Anna de Vries"), "de Vries");
        assert_eq!(
            family("{Port Authority of Kestrel Bay}"),
            "Port Authority of Kestrel Bay"
        );
        assert_eq!(family("Whitcombe, Anna"), "Whitcombe");
        assert_eq!(family("Emil Brandt"), "Brandt");
        assert_eq!(first_year("2012-03"), Some(2012));
    }
}
