//! What was last published for a document, kept so that the next publish
//! places and encodes only the findings an edit moved.
//!
//! A keystroke in a document with hundreds of standing findings changes one
//! or two of them, yet placing every finding again is a pass over the text
//! up to the last one, and encoding them all again escapes every message:
//! together more than the analysis of the keystroke. Two facts make most of
//! that work unnecessary. A finding that lies wholly before the first byte
//! the edit changed has the same line and column as before. A finding that
//! lies past the first line break after the changed bytes keeps its column,
//! and its line moves by the number of line breaks the edit added. Such a
//! finding keeps its encoded JSON; only its line numbers are written again.
//! Findings near the edit, and new ones, are placed and encoded as usual.

use ropey::Rope;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::Xxh3;

use crate::analysis::syntax::{Change, touched};
use crate::analysis::{Diagnostic, Document, Severity};
use crate::workspace::severity::{Overrides, Severities};

use super::from_proto;
use super::lsp;
use super::state::Snapshot;

/// The encoded findings of the last publish, and the text they were
/// placed in.
///
/// The text is kept as a rope, not as the document: a copy of the rope
/// shares all but the edited path with the document's own, whereas holding
/// the document would keep its whole contiguous text (a second megabyte
/// for a megabyte's document) alive through the next analysis.
pub struct Published {
    rope: Rope,
    /// The revision of the tree published: the tree of a later text knows
    /// which bytes its edits replaced since.
    revision: u64,
    encoded: FxHashMap<Key, Encoded>,
    /// Findings this publish took from the last one.
    carried: usize,
}

/// A finding by what it says (rule, severity, message, related messages)
/// and where its range lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    content: u64,
    start: usize,
    end: usize,
}

/// One finding as JSON, with where its line and column numbers stand in it.
struct Encoded {
    /// The offsets of its range and its related ranges, start and end each.
    offsets: Vec<usize>,
    json: Vec<u8>,
    /// For each offset, the spans of its line and of its column in `json`
    /// and their values. Empty when they could not be found: then the
    /// finding is never carried over.
    numbers: Vec<Number>,
}

#[derive(Clone, Copy)]
struct Number {
    span: (u32, u32),
    value: u32,
}

/// How the offsets of the new text relate to those of the last published
/// one.
struct Shift {
    /// Bytes both texts begin with.
    prefix: usize,
    /// The new offset from which the texts agree again, past a line break
    /// after the change (`usize::MAX` when there is none).
    after: usize,
    /// New length less old length.
    delta: isize,
    /// Lines added by the edit.
    line_delta: i64,
}

/// Where a new offset was in the old text, and how its position moved.
#[derive(Clone, Copy, PartialEq)]
enum Moved {
    /// Before the change: same line, same column.
    Before(usize),
    /// After it: same column, line moved by [`Shift::line_delta`].
    After(usize),
}

impl Shift {
    /// The shift from the text of the last publish to `new`: read off the
    /// edits the tree recorded since, else found by comparing the texts.
    fn since(last: &Published, new: &Document) -> Shift {
        let old = &last.rope;
        let b = new.text().as_bytes();
        let old_len = old.len_bytes();
        let (prefix, suffix) = match new.tree().changes_since(last.revision) {
            Some(changes) => edited_window(changes, old_len, b.len()),
            None => {
                let prefix = rope_prefix(old, b);
                let room = old_len.min(b.len()) - prefix;
                (prefix, rope_suffix(old, b, room))
            }
        };
        let old_end = old_len - suffix;
        let delta = b.len() as isize - old_len as isize;
        // The first line break in the common tail: after it, every byte's
        // line begins in text both documents share. The tail is the same
        // bytes in both, so it is searched in the contiguous new text.
        let after = memchr::memchr(b'\n', &b[b.len() - suffix..]).map(|i| old_end + i + 1);
        let (after, line_delta) = match after {
            Some(old_after) => {
                let new_after = old_after.checked_add_signed(delta).unwrap_or(usize::MAX);
                let old_line = old.try_byte_to_line(old_after).ok();
                let new_line = new.rope().try_byte_to_line(new_after).ok();
                match (old_line, new_line) {
                    (Some(o), Some(n)) => (new_after, n as i64 - o as i64),
                    _ => (usize::MAX, 0),
                }
            }
            None => (usize::MAX, 0),
        };
        Shift {
            prefix,
            after,
            delta,
            line_delta,
        }
    }

    fn moved(&self, new: usize) -> Option<Moved> {
        if new < self.prefix {
            Some(Moved::Before(new))
        } else if new >= self.after {
            new.checked_add_signed(-self.delta).map(Moved::After)
        } else {
            None
        }
    }
}

/// The bytes an old text of `old_len` bytes and the new one of `new_len`
/// bytes certainly begin and end with, given the edits that led from one to
/// the other: everything outside the span the edits touched. Comparing the
/// texts gives the same or a little more (an edit may write what was
/// there), at the cost of a pass over a megabyte on every keystroke.
fn edited_window(changes: &[Change], old_len: usize, new_len: usize) -> (usize, usize) {
    let Some(span) = touched(changes) else {
        return (new_len.min(old_len), 0);
    };
    let prefix = span.start.min(old_len).min(new_len);
    let suffix = new_len
        .saturating_sub(span.end)
        .min(old_len.min(new_len) - prefix);
    (prefix, suffix)
}

/// Bytes the text of `old` and `b` begin with, a chunk of the rope at a
/// time.
fn rope_prefix(old: &Rope, b: &[u8]) -> usize {
    let mut at = 0;
    for chunk in old.chunks() {
        let chunk = chunk.as_bytes();
        let same = common_prefix(chunk, &b[at..]);
        at += same;
        if same < chunk.len() {
            break;
        }
    }
    at
}

/// Bytes the text of `old` and `b` end with, at most `limit`.
fn rope_suffix(old: &Rope, b: &[u8], limit: usize) -> usize {
    let (mut chunks, ..) = old.chunks_at_byte(old.len_bytes());
    let mut at = 0;
    while at < limit {
        let Some(chunk) = chunks.prev() else { break };
        let chunk = chunk.as_bytes();
        let chunk = &chunk[chunk.len().saturating_sub(limit - at)..];
        let same = common_suffix(chunk, &b[..b.len() - at]);
        at += same;
        if same < chunk.len() {
            break;
        }
    }
    at
}

/// Bytes `a` and `b` begin with, compared a block at a time (large blocks
/// first: each comparison is a call).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    for block in [4096, 64] {
        while i + block <= n && a[i..i + block] == b[i..i + block] {
            i += block;
        }
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Bytes `a` and `b` end with, compared as [`common_prefix`] does.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    for block in [4096, 64] {
        while i + block <= n && a[n - i - block..n - i] == b[n - i - block..n - i] {
            i += block;
        }
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// What a finding says, apart from where.
fn content_hash(d: &Diagnostic, severity: Severity) -> u64 {
    let mut h = Xxh3::new();
    h.update(d.code.as_bytes());
    h.update(&[severity as u8, u8::from(d.unnecessary)]);
    h.update(&(d.message.len() as u64).to_le_bytes());
    h.update(d.message.as_bytes());
    for r in &d.related {
        h.update(&(r.message.len() as u64).to_le_bytes());
        h.update(r.message.as_bytes());
    }
    h.digest()
}

/// The line and column numbers in a finding's JSON, in the order serde
/// writes them (each range's start, then its end; the range first, then
/// the related ranges). A key can only stand outside a string: inside one,
/// its quotes would be escaped.
fn find_numbers(json: &[u8]) -> Vec<Number> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&json[at..], b"\":") {
        let colon = at + i + 1;
        let key_end = at + i;
        let is_position =
            json[..key_end].ends_with(b"\"line") || json[..key_end].ends_with(b"\"character");
        at = colon + 1;
        if !is_position {
            continue;
        }
        let digits = json[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let Some(value) = std::str::from_utf8(&json[at..at + digits])
            .ok()
            .and_then(|s| s.parse().ok())
        else {
            return Vec::new();
        };
        found.push(Number {
            span: (at as u32, (at + digits) as u32),
            value,
        });
        at += digits;
    }
    found
}

impl Encoded {
    fn new(offsets: Vec<usize>, json: Vec<u8>) -> Encoded {
        let mut numbers = find_numbers(&json);
        if numbers.len() != 2 * offsets.len() || json.len() > u32::MAX as usize {
            numbers.clear();
        }
        Encoded {
            offsets,
            json,
            numbers,
        }
    }

    /// The same finding at `offsets` in the new text, lines moved by
    /// `line_delta` where `moved` says so.
    fn carried(mut self, offsets: Vec<usize>, moved: &[Moved], line_delta: i64) -> Option<Encoded> {
        if line_delta == 0 || moved.iter().all(|m| matches!(m, Moved::Before(_))) {
            self.offsets = offsets;
            return Some(self);
        }
        let mut json = Vec::with_capacity(self.json.len() + 8);
        let mut numbers = Vec::with_capacity(self.numbers.len());
        let mut copied = 0;
        let mut buffer = itoa::Buffer::new();
        for (i, number) in self.numbers.iter().enumerate() {
            let (start, end) = (number.span.0 as usize, number.span.1 as usize);
            let is_line = i % 2 == 0;
            let value = if is_line && matches!(moved[i / 2], Moved::After(_)) {
                u32::try_from(i64::from(number.value) + line_delta).ok()?
            } else {
                number.value
            };
            json.extend_from_slice(&self.json[copied..start]);
            let written = buffer.format(value).as_bytes();
            let at = json.len();
            json.extend_from_slice(written);
            numbers.push(Number {
                span: (at as u32, json.len() as u32),
                value,
            });
            copied = end;
        }
        json.extend_from_slice(&self.json[copied..]);
        Some(Encoded {
            offsets,
            json,
            numbers,
        })
    }
}

/// A new finding: carried over from the last publish, or to be placed.
enum Slot {
    Carried(Key, Encoded),
    Fresh(Key, usize),
}

impl Published {
    /// The body of `textDocument/publishDiagnostics` for `snapshot`, and
    /// what to keep for the next publish. `previous` is what the last
    /// publish kept.
    pub fn publish(
        previous: Option<Published>,
        snapshot: &Snapshot,
    ) -> serde_json::Result<(Vec<u8>, Published)> {
        let mut next = Published {
            rope: snapshot.document.rope().clone(),
            revision: snapshot.document.tree().revision(),
            encoded: FxHashMap::default(),
            carried: 0,
        };
        let found: &[Diagnostic] = match &snapshot.analysis {
            Ok(analysis) => &analysis.diagnostics,
            Err(_) => &[],
        };
        let path = from_proto::path(&snapshot.uri);
        let overrides = Overrides::default();
        let severities = Severities::new(&snapshot.config, &overrides, path.as_deref());
        // Nothing kept, nothing to carry: no need to know how it moved.
        let shift = previous
            .as_ref()
            .filter(|p| !p.encoded.is_empty())
            .map(|p| Shift::since(p, &snapshot.document));
        let mut old = previous.map(|p| p.encoded).unwrap_or_default();

        let mut slots = Vec::with_capacity(found.len());
        let mut fresh: Vec<Diagnostic> = Vec::new();
        for d in found {
            let Some(severity) = severities.of(d.code) else {
                continue;
            };
            let content = content_hash(d, severity);
            let key = Key {
                content,
                start: d.range.start,
                end: d.range.end,
            };
            let offsets: Vec<usize> = d.offsets().collect();
            if let Some(encoded) = shift
                .as_ref()
                .and_then(|shift| carry(&mut old, shift, content, offsets))
            {
                slots.push(Slot::Carried(key, encoded));
                next.carried += 1;
                continue;
            }
            let mut configured = d.clone();
            configured.severity = severity;
            fresh.push(configured);
            slots.push(Slot::Fresh(key, fresh.len() - 1));
        }

        let converted = snapshot.converter().each_diagnostic(&fresh);
        let mut placed: Vec<Option<Encoded>> = Vec::with_capacity(fresh.len());
        for (d, lsp) in fresh.iter().zip(converted) {
            placed.push(match lsp {
                Some(lsp) => Some(Encoded::new(
                    d.offsets().collect(),
                    serde_json::to_vec(&lsp)?,
                )),
                None => None,
            });
        }

        let (mut body, tail) = envelope(snapshot)?;
        let size: usize = slots
            .iter()
            .map(|slot| match slot {
                Slot::Carried(_, encoded) => encoded.json.len() + 1,
                Slot::Fresh(_, i) => placed
                    .get(*i)
                    .and_then(Option::as_ref)
                    .map_or(0, |e| e.json.len() + 1),
            })
            .sum();
        body.reserve(size + tail.len());
        let mut first = true;
        let mut push = |body: &mut Vec<u8>, json: &[u8]| {
            if !first {
                body.push(b',');
            }
            first = false;
            body.extend_from_slice(json);
        };
        for slot in slots {
            let (key, encoded) = match slot {
                Slot::Carried(key, encoded) => (key, encoded),
                Slot::Fresh(key, i) => match placed.get_mut(i).and_then(Option::take) {
                    Some(encoded) => (key, encoded),
                    None => continue,
                },
            };
            push(&mut body, &encoded.json);
            if !encoded.numbers.is_empty() {
                next.encoded.insert(key, encoded);
            }
        }
        body.extend_from_slice(tail);
        Ok((body, next))
    }

    /// Findings this publish took from the last one.
    pub fn carried(&self) -> usize {
        self.carried
    }
}

/// The encoded form of a finding with `content` at `offsets` in the new
/// text, taken from `old` when the edit moved all its offsets in a way
/// that keeps their columns.
fn carry(
    old: &mut FxHashMap<Key, Encoded>,
    shift: &Shift,
    content: u64,
    offsets: Vec<usize>,
) -> Option<Encoded> {
    // Takes the offsets: a carried finding keeps them, and a fresh one
    // reads them again from its diagnostic.
    let moved: Vec<Moved> = offsets
        .iter()
        .map(|&o| shift.moved(o))
        .collect::<Option<_>>()?;
    let was = |m: &Moved| match *m {
        Moved::Before(o) | Moved::After(o) => o,
    };
    let key = Key {
        content,
        start: was(moved.first()?),
        end: was(moved.get(1)?),
    };
    let matches = old.get(&key).is_some_and(|e| {
        e.offsets.len() == moved.len() && e.offsets.iter().zip(&moved).all(|(&o, m)| o == was(m))
    });
    if !matches {
        return None;
    }
    old.remove(&key)?.carried(offsets, &moved, shift.line_delta)
}

/// The notification around the findings: everything before the first and
/// after the last, as serde writes an empty list.
fn envelope(snapshot: &Snapshot) -> serde_json::Result<(Vec<u8>, &'static [u8])> {
    const TAIL: &[u8] = b"]}}";
    let params = lsp::PublishDiagnosticsParams {
        uri: snapshot.uri.clone(),
        version: Some(snapshot.version),
        diagnostics: Vec::new(),
    };
    let mut body = super::transport::notification("textDocument/publishDiagnostics", &params)?;
    // The list is the last field of the parameters: `…"diagnostics":[]}}`.
    if !body.ends_with(b"[]}}") {
        return Err(serde::ser::Error::custom(
            "publishDiagnostics does not end with its list",
        ));
    }
    body.truncate(body.len() - TAIL.len());
    Ok((body, TAIL))
}

#[cfg(test)]
mod tests;
