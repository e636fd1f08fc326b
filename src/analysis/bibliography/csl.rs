//! CSL-JSON and CSL YAML: a list of items, each an object with an `id`.
//!
//! Each item is found in the text first (its byte range, and where its `id`
//! is spelt) and then read on its own, so that a broken item is reported at
//! its own line and the others are kept. Values are normalised on the way
//! in: dates written as `"1999-05-02"`, `1999` or `[{year: 1999}]` (as
//! Pandoc's YAML has them) become CSL date parts, and a field of a shape the
//! CSL data model does not know is left out rather than failing its item.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use hayagriva::citationberg::json as csl_json;
use regex::Regex;
use serde_json::{Map, Value};

use super::{Data, Entry, Problem, Summary};

/// The CSL variables that hold dates.
const DATE_FIELDS: &[&str] = &[
    "issued",
    "accessed",
    "event-date",
    "original-date",
    "submitted",
    "available-date",
];

static JSON_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""id"\s*:\s*("(?:[^"\\]|\\.)*"|-?[0-9]+)"#)
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});
static YAML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t-]*id[ \t]*:[ \t]*["']?([^"'\s#]+)"#)
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});

/// Whether `text` looks like CSL-JSON: a list that mentions `"id"` early.
pub(super) fn sniff_json(text: &str) -> bool {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
        && head.contains("\"id\"")
}

/// Whether `text` looks like CSL YAML: an item `- id:` or a `references:`
/// list near the top.
pub(super) fn sniff_yaml(text: &str) -> bool {
    text.lines().take(200).any(|line| {
        let t = line.trim_start();
        line.starts_with("references:")
            || (t.starts_with('-') && t[1..].trim_start().starts_with("id:"))
    })
}

/// The byte offset of a 1-based line and column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let mut at = start + column.saturating_sub(1).min(l.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        start += l.len();
    }
    text.len()
}

/// The range of the line that holds `offset`, without its line break.
fn line_range(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    start..end.max(start)
}

// ---- CSL-JSON ----

/// The top-level items of a JSON list, by byte range; and where the list
/// stops making sense, if it does.
fn json_items(text: &str) -> (Vec<Range<usize>>, Option<(usize, String)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_whitespace() || text[i..].starts_with('\u{feff}')) {
        i += if bytes[i].is_ascii_whitespace() { 1 } else { 3 };
    }
    match bytes.get(i) {
        Some(b'[') => i += 1,
        // A single item on its own.
        Some(b'{') => return (std::iter::once(i..text.trim_end().len()).collect(), None),
        _ => {
            return (
                Vec::new(),
                Some((
                    i,
                    "a CSL-JSON bibliography is a list of items: `[{\"id\": ...}, ...]`"
                        .to_string(),
                )),
            );
        }
    }
    let mut items = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                return (
                    items,
                    Some((
                        text.len(),
                        "the list is not closed: `]` is missing".to_string(),
                    )),
                );
            }
            Some(b']') => return (items, None),
            Some(_) => {}
        }
        let start = i;
        let mut depth = 0usize;
        let mut in_string = false;
        while i < bytes.len() {
            let b = bytes[i];
            if in_string {
                match b {
                    b'\\' => i += 1,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth == 0 => break,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    b',' if depth == 0 => break,
                    _ => {}
                }
            }
            i += 1;
        }
        let end = i.min(bytes.len());
        items.push(start..end);
        if depth > 0 || in_string {
            return (
                items,
                Some((
                    start,
                    "this item is not closed: a `}`, `]` or `\"` is missing".to_string(),
                )),
            );
        }
    }
}

pub(super) fn parse_json(text: &str) -> (Vec<Entry>, Vec<Problem>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let (items, broken) = json_items(text);
    for range in items {
        let slice = &text[range.clone()];
        let value: Value = match serde_json::from_str(slice) {
            Ok(value) => value,
            Err(error) => {
                let at = range.start + offset_of(slice, error.line(), error.column());
                problems.push(Problem::Malformed {
                    range: line_range(text, at),
                    message: format!("this item is not valid JSON: {error}; the item is skipped"),
                });
                continue;
            }
        };
        let key_range = JSON_ID.captures(slice).and_then(|c| c.get(1)).map(|m| {
            let quoted = m.as_str().starts_with('"');
            let q = usize::from(quoted);
            range.start + m.start() + q..range.start + m.end() - q
        });
        match entry(value, range.clone(), key_range) {
            Ok(e) => entries.push(e),
            Err(message) => problems.push(Problem::Malformed {
                range: line_range(text, range.start),
                message,
            }),
        }
    }
    if let Some((at, message)) = broken {
        problems.push(Problem::Malformed {
            range: line_range(text, at),
            message,
        });
    }
    (entries, problems)
}

// ---- CSL YAML ----

/// The items of a YAML list (at the top or under `references:`): from each
/// `- ` at the list's indentation to the next, or to a line indented less.
fn yaml_items(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let is_item = |l: &str| {
        let t = l.trim_start_matches([' ', '\t']);
        t.starts_with("- ") || t.trim_end() == "-"
    };
    let Some(level) = lines
        .iter()
        .filter(|(_, l)| is_item(l))
        .map(|(_, l)| indent(l))
        .min()
    else {
        return Vec::new();
    };
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (start, line) in &lines {
        let content = line.trim_end();
        let blank = content.trim().is_empty() || content.trim_start().starts_with('#');
        if is_item(line) && indent(line) == level {
            if let Some(s) = open.take() {
                items.push(s..*start);
            }
            open = Some(*start);
        } else if !blank
            && (indent(line) < level
                || (indent(line) == level && !is_item(line))
                || content == "---"
                || content == "...")
            && let Some(s) = open.take()
        {
            items.push(s..*start);
        }
    }
    if let Some(s) = open {
        items.push(s..text.len());
    }
    items
}

pub(super) fn parse_yaml(text: &str) -> (Vec<Entry>, Vec<Problem>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let items = yaml_items(text);
    if items.is_empty() && !text.trim().is_empty() {
        problems.push(Problem::Malformed {
            range: line_range(text, 0),
            message: "a CSL YAML bibliography is a list of items (`- id: ...`), at the top or under `references:`".to_string(),
        });
    }
    for range in items {
        let slice = &text[range.clone()];
        let parsed: Result<serde_yaml_ng::Value, _> = serde_yaml_ng::from_str(slice);
        let value = match parsed {
            Ok(serde_yaml_ng::Value::Sequence(mut seq)) if seq.len() == 1 => seq.remove(0),
            Ok(_) => {
                problems.push(Problem::Malformed {
                    range: line_range(text, range.start),
                    message: "this item is not a mapping of fields; the item is skipped"
                        .to_string(),
                });
                continue;
            }
            Err(error) => {
                let at = error.location().map_or(range.start, |l| {
                    range.start + offset_of(slice, l.line(), l.column())
                });
                let message = error.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                problems.push(Problem::Malformed {
                    range: line_range(text, at),
                    message: format!("this item is not valid YAML: {message}; the item is skipped"),
                });
                continue;
            }
        };
        let value = match serde_json::to_value(&value) {
            Ok(value) => value,
            Err(error) => {
                problems.push(Problem::Malformed {
                    range: line_range(text, range.start),
                    message: format!("this item cannot be read: {error}; the item is skipped"),
                });
                continue;
            }
        };
        let key_range = YAML_ID
            .captures(slice)
            .and_then(|c| c.get(1))
            .map(|m| range.start + m.start()..range.start + m.end());
        match entry(value, range.clone(), key_range) {
            Ok(e) => entries.push(e),
            Err(message) => problems.push(Problem::Malformed {
                range: line_range(text, range.start),
                message,
            }),
        }
    }
    (entries, problems)
}

// ---- Items ----

/// An item read into an entry; `Err` says why it cannot be one.
fn entry(
    value: Value,
    range: Range<usize>,
    key_range: Option<Range<usize>>,
) -> Result<Entry, String> {
    let Value::Object(map) = value else {
        return Err("this item is not an object of fields; the item is skipped".to_string());
    };
    let key = match map.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("this item has no `id`: every item needs one, as the key that citations use; the item is skipped".to_string()),
    };
    let item = item(map);
    let summary = summary(&item);
    let key_range = key_range.unwrap_or(range.start..range.start);
    Ok(Entry::new(
        Arc::from(key.as_str()),
        range,
        key_range,
        summary,
        Data::Csl(Box::new(item)),
    ))
}

/// The fields of an item in the CSL data model; fields of a shape it does
/// not know are dropped.
fn item(map: Map<String, Value>) -> csl_json::Item {
    let mut fields = std::collections::BTreeMap::new();
    for (name, value) in map {
        let value = if DATE_FIELDS.contains(&name.as_str()) {
            match date(&value) {
                Some(d) => d,
                None => continue,
            }
        } else {
            value
        };
        if let Ok(v) = serde_json::from_value::<csl_json::Value>(value) {
            fields.insert(name, v);
        }
    }
    csl_json::Item(fields)
}

/// A date in any of the ways CSL files write one, as `{"date-parts": ...}`.
fn date(value: &Value) -> Option<Value> {
    let parts = |s: &str| -> Option<Vec<i64>> {
        let s = s.trim();
        let mut out = Vec::new();
        for (i, part) in s.split(['-', '/']).enumerate() {
            if i > 2 {
                return None;
            }
            out.push(part.trim().parse::<i64>().ok()?);
        }
        (!out.is_empty()).then_some(out)
    };
    let number = |v: &Value| -> Option<i64> {
        match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    let ymd = |o: &Map<String, Value>| -> Option<Vec<i64>> {
        let mut out = vec![number(o.get("year")?)?];
        if let Some(m) = o.get("month").and_then(number) {
            out.push(m);
            if let Some(d) = o.get("day").and_then(number) {
                out.push(d);
            }
        }
        Some(out)
    };
    let date_parts = |ranges: Vec<Vec<i64>>| serde_json::json!({ "date-parts": ranges });
    match value {
        Value::Number(n) => Some(date_parts(vec![vec![n.as_i64()?]])),
        Value::String(s) => {
            let ranges: Option<Vec<Vec<i64>>> = s.split("/").map(parts).collect();
            match ranges {
                Some(r) if s.contains('/') && r.len() == 2 => Some(date_parts(r)),
                _ => Some(date_parts(vec![parts(s)?])),
            }
        }
        Value::Array(list) => {
            let ranges: Option<Vec<Vec<i64>>> =
                list.iter().map(|v| v.as_object().and_then(ymd)).collect();
            Some(date_parts(ranges.filter(|r| !r.is_empty())?))
        }
        Value::Object(o) => {
            if let Some(Value::Array(ranges)) = o.get("date-parts") {
                let ranges: Option<Vec<Vec<i64>>> = ranges
                    .iter()
                    .map(|r| r.as_array().map(|r| r.iter().filter_map(number).collect()))
                    .collect();
                let mut d = serde_json::json!({ "date-parts": ranges? });
                for extra in ["literal", "season", "circa"] {
                    if let Some(v) = o.get(extra) {
                        d[extra] = v.clone();
                    }
                }
                Some(d)
            } else if o.contains_key("year") {
                Some(date_parts(vec![ymd(o)?]))
            } else if let Some(Value::String(raw)) = o.get("raw") {
                date(&Value::String(raw.clone()))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn summary(item: &csl_json::Item) -> Summary {
    let names = |field: &str| -> Vec<String> {
        match item.0.get(field) {
            Some(csl_json::Value::Names(names)) => names
                .iter()
                .map(|n| match n {
                    csl_json::NameValue::Literal(l) => l.literal.clone(),
                    csl_json::NameValue::Item(i) => i.family.clone(),
                })
                .filter(|n| !n.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut authors = names("author");
    if authors.is_empty() {
        authors = names("editor");
    }
    let year = match item.0.get("issued") {
        Some(csl_json::Value::Date(csl_json::DateValue::DateParts { date_parts, .. })) => {
            date_parts
                .0
                .first()
                .and_then(|d| d.0.first())
                .map(|&y| i32::from(y))
        }
        _ => None,
    };
    let text = |field: &str| {
        item.0
            .get(field)
            .and_then(|v| v.to_str())
            .map(|s| s.into_owned())
    };
    Summary {
        authors,
        year,
        title: text("title").map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
        kind: text("type").unwrap_or_default(),
    }
}
