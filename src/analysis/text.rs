//! Positions. Inside ibid a position is a byte offset into the UTF-8 text;
//! lines and columns exist only at the edges, where an editor counts UTF-16
//! code units (or UTF-8 bytes, when it says so) and a terminal counts
//! characters. Every conversion is here, in both directions, so that the two
//! directions cannot drift apart.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol
//! says; the rope is built without Unicode line breaks to agree with it.
//! Conversions return `None` instead of guessing when a position does not
//! name a character boundary in the text.

use ropey::Rope;

/// How the columns of a [`LineCol`] are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 bytes (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP `utf-16`, the protocol's default).
    Utf16,
    /// Unicode scalar values (what a terminal user calls a character).
    Char,
}

/// A zero-based line and column; the column is counted in an [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineCol {
    pub fn new(line: u32, col: u32) -> Self {
        LineCol { line, col }
    }
}

/// The byte offset at which line `line` starts, if the text has that line.
fn line_start(rope: &Rope, line: usize) -> Option<usize> {
    (line < rope.len_lines()).then(|| rope.line_to_byte(line))
}

/// The byte offset where the content of `line` ends (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut end = start + slice.len_bytes();
    // Strip the line break: `\r\n`, `\n` or `\r`.
    if end > start && rope.byte(end - 1) == b'\n' {
        end -= 1;
    }
    if end > start && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    end
}

/// Converts a byte offset to a line and column. `None` when `offset` is past
/// the end of the text or inside a character.
pub fn to_line_col(rope: &Rope, offset: usize, encoding: Encoding) -> Option<LineCol> {
    if offset > rope.len_bytes() {
        return None;
    }
    let char_idx = rope.try_byte_to_char(offset).ok()?;
    if rope.char_to_byte(char_idx) != offset {
        return None;
    }
    let line = rope.char_to_line(char_idx);
    let start = rope.line_to_byte(line);
    let col = match encoding {
        Encoding::Utf8 => offset - start,
        Encoding::Char => char_idx - rope.line_to_char(line),
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(rope.line_to_char(line))
        }
    };
    Some(LineCol::new(
        u32::try_from(line).ok()?,
        u32::try_from(col).ok()?,
    ))
}

/// The lines and columns of many offsets of one text, found together by
/// [`to_line_cols`] and then looked up one by one.
#[derive(Debug, Clone, Default)]
pub struct LineCols {
    offsets: Vec<usize>,
    found: Vec<Option<LineCol>>,
}

impl LineCols {
    pub fn new(rope: &Rope, offsets: impl IntoIterator<Item = usize>, encoding: Encoding) -> Self {
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let found = to_line_cols(rope, &offsets, encoding);
        LineCols { offsets, found }
    }

    /// The line and column of `offset`; `None` for an offset not given to
    /// [`LineCols::new`], and as [`to_line_col`] gives.
    pub fn get(&self, offset: usize) -> Option<LineCol> {
        *self.found.get(self.offsets.binary_search(&offset).ok()?)?
    }
}

/// The line and column of each of `offsets`, which must be in ascending
/// order; `None` for one past the end of the text or inside a character, as
/// [`to_line_col`] gives.
///
/// Each call of [`to_line_col`] descends the rope seven times and counts
/// characters inside a chunk each time, about ten thousand instructions; a
/// document with a thousand findings asked that four thousand times on
/// every keystroke. Here the text is read once up to the last offset:
/// line breaks are searched for over the whole of it, and columns counted
/// only from the start of each line that has an offset on it. Past a few hundred offsets
/// in a megabyte this is the cheaper way.
pub fn to_line_cols(rope: &Rope, offsets: &[usize], encoding: Encoding) -> Vec<Option<LineCol>> {
    let len = rope.len_bytes();
    // One pass of sums of small numbers, which the compiler turns into
    // instructions that read many bytes at once.
    let units = |bytes: &[u8]| -> usize {
        let start = |b: u8| u32::from((b as i8) >= -0x40);
        let sum = |unit: fn(u8) -> u32| {
            bytes
                .chunks(1 << 16)
                .map(|c| c.iter().map(|&b| unit(b)).sum::<u32>() as usize)
                .sum::<usize>()
        };
        match encoding {
            Encoding::Utf8 => bytes.len(),
            Encoding::Char => sum(start),
            // A character of four UTF-8 bytes is two UTF-16 units.
            Encoding::Utf16 => sum(|b| u32::from((b as i8) >= -0x40) + u32::from(b >= 0xF0)),
        }
    };
    let mut out = Vec::with_capacity(offsets.len());
    let mut chunks = rope.chunks();
    let (mut chunk, mut chunk_start) = ("", 0);
    // Line breaks before `scanned` have been counted: `line` is the line
    // there, starting at `line_start`. `known` is the last offset placed
    // and its column, to count on from on the same line.
    let (mut scanned, mut line, mut line_start) = (0, 0usize, 0);
    let mut known = (0, 0usize);
    for &offset in offsets {
        if offset > len {
            out.push(None);
            continue;
        }
        while scanned < offset {
            while chunk_start + chunk.len() <= scanned {
                chunk_start += chunk.len();
                chunk = chunks.next().unwrap_or("");
                if chunk.is_empty() {
                    break;
                }
            }
            let end = offset.min(chunk_start + chunk.len());
            if end <= scanned {
                break;
            }
            let segment = &chunk.as_bytes()[scanned - chunk_start..end - chunk_start];
            // Breaks are a byte in a hundred or fewer: found by a search
            // that reads many bytes at a time, not one by one. A `\r` ends
            // a line unless a `\n` follows (then the `\n` does); the byte
            // after the segment may be in the next chunk.
            for i in memchr::memchr2_iter(b'\n', b'\r', segment) {
                let next = segment
                    .get(i + 1)
                    .copied()
                    .or_else(|| rope.get_byte(scanned + i + 1));
                if segment[i] == b'\n' || next != Some(b'\n') {
                    line += 1;
                    line_start = scanned + i + 1;
                }
            }
            scanned = end;
        }
        let byte = match offset.checked_sub(chunk_start) {
            Some(i) if i < chunk.len() => chunk.as_bytes().get(i).copied(),
            _ => rope.get_byte(offset),
        };
        if byte.is_some_and(|b| (b as i8) < -0x40) {
            out.push(None);
            continue;
        }
        // Columns are counted from the line's start, or from the last
        // offset placed on the same line.
        let (from, mut col) = if known.0 >= line_start {
            known
        } else {
            (line_start, 0)
        };
        let in_chunk = from
            .checked_sub(chunk_start)
            .and_then(|i| chunk.as_bytes().get(i..offset - chunk_start));
        match in_chunk {
            Some(bytes) => col += units(bytes),
            // The line started in an earlier chunk.
            None => match rope.get_byte_slice(from..offset) {
                Some(slice) => col += slice.chunks().map(|c| units(c.as_bytes())).sum::<usize>(),
                None => {
                    out.push(None);
                    continue;
                }
            },
        }
        known = (offset, col);
        out.push(
            u32::try_from(line)
                .ok()
                .zip(u32::try_from(col).ok())
                .map(|(line, col)| LineCol::new(line, col)),
        );
    }
    out
}

/// Converts a line and column back to a byte offset.
///
/// A column past the end of its line means the end of the line, as the
/// protocol asks; a line past the end of the text, or a column that falls
/// inside a character (half of a surrogate pair, the middle of a UTF-8
/// sequence), is `None`.
pub fn to_offset(rope: &Rope, pos: LineCol, encoding: Encoding) -> Option<usize> {
    let line = pos.line as usize;
    let start = line_start(rope, line)?;
    let end = line_content_end(rope, line);
    let col = pos.col as usize;
    let offset = match encoding {
        Encoding::Utf8 => {
            let offset = start.checked_add(col)?;
            if offset >= end {
                return Some(end);
            }
            rope.try_byte_to_char(offset).ok()?;
            if rope.char_to_byte(rope.byte_to_char(offset)) != offset {
                return None;
            }
            offset
        }
        Encoding::Char => {
            let first = rope.line_to_char(line);
            let last = rope.byte_to_char(end);
            let target = first.checked_add(col)?;
            if target >= last {
                return Some(end);
            }
            rope.char_to_byte(target)
        }
        Encoding::Utf16 => {
            let first = rope.char_to_utf16_cu(rope.line_to_char(line));
            let last = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let target = first.checked_add(col)?;
            if target >= last {
                return Some(end);
            }
            let char_idx = rope.utf16_cu_to_char(target);
            if rope.char_to_utf16_cu(char_idx) != target {
                // Between the two halves of a surrogate pair.
                return None;
            }
            rope.char_to_byte(char_idx)
        }
    };
    Some(offset)
}

/// The text around `range`, at most `reach` bytes on each side, cut at
/// character boundaries: what a test that looks near a place reads, in a
/// paragraph of any length.
pub fn around<'t>(
    text: &'t str,
    range: &std::ops::Range<usize>,
    reach: usize,
) -> (&'t str, &'t str) {
    let mut from = range.start.saturating_sub(reach);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = range.end.saturating_add(reach).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    (
        text.get(from..range.start).unwrap_or(""),
        text.get(range.end..to).unwrap_or(""),
    )
}

/// The ids that elements of the document carry (`id="fn3"`, `name="n3"`,
/// Pandoc's `{#footnote-3 .footnote-number}`): the places a link within
/// the page (`[3](#footnote-3)`) can lead to.
pub fn anchor_ids(text: &str) -> rustc_hash::FxHashSet<&str> {
    let mut ids = rustc_hash::FxHashSet::default();
    for opener in ["id=\"", "id='", "name=\"", "name='", "{#"] {
        let close: &[char] = match opener {
            "{#" => &[' ', '}', '\n'],
            _ if opener.ends_with('"') => &['"', '\n'],
            _ => &['\'', '\n'],
        };
        for (at, _) in text.match_indices(opener) {
            let rest = &text[at + opener.len()..];
            let id = &rest[..rest.find(close).unwrap_or(rest.len())];
            if !id.is_empty() && id.len() <= 100 {
                ids.insert(id);
            }
        }
    }
    ids
}

/// The numbers of the notes that a link back to their markers closes
/// (`… 1927. [↑](#footnote-ref-1)`, `[↩](#footnote-anchor-6)`), as Word
/// converters and blogging platforms end each note: the notes are there,
/// in whatever list or paragraphs the export wrote them.
pub fn backlinked_numbers(text: &str) -> rustc_hash::FxHashSet<&str> {
    const BACK: [&str; 5] = ["[↑]", "[↩]", "[↩︎]", "[^]", "[⤴]"];
    let mut numbers = rustc_hash::FxHashSet::default();
    for (at, _) in text.match_indices("](#") {
        let head = &text[..at + 1];
        if !BACK.iter().any(|b| head.ends_with(b)) {
            continue;
        }
        let rest = &text[at + 3..];
        let Some(end) = rest.find(')') else { continue };
        let target = &rest[..end];
        let digits = target.len() - target.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            numbers.insert(&target[target.len() - digits..]);
        }
    }
    numbers
}

/// The labels that open lines of a block quote (`>   [1] Glöckle, B. …`):
/// a list of notes quoted, from an e-mail answered or a converter that
/// set a paper's references in a quote.
pub fn quoted_labels(text: &str) -> rustc_hash::FxHashSet<&str> {
    let mut labels = rustc_hash::FxHashSet::default();
    if memchr::memmem::find(text.as_bytes(), b"\n>").is_none() {
        return labels;
    }
    for line in text.lines() {
        if let Some(label) = quoted_label(line) {
            labels.extend(label.split(',').map(str::trim));
        }
    }
    labels
}

/// The numbers of the label that opens a line of a block quote, followed
/// by its text (`>   [1] Glöckle, B. …` gives `1`, `> [6,7] Hall, …`
/// gives `6,7`).
pub fn quoted_label(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('>')?;
    let rest = rest
        .trim_start_matches(['>', ' ', '\t'])
        .strip_prefix('[')?;
    let close = rest.find(']')?;
    let numbers = &rest[..close];
    let after = &rest[close + 1..];
    (numbers.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && numbers.len() <= 24
        && numbers
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b' ')
        && after.starts_with([' ', '\t'])
        && after.trim().len() > 1)
        .then_some(numbers)
}

/// Where a marker written as a link within the page leads
/// (`[3](#footnote-3)` leads to `footnote-3`).
pub fn anchor_of(marker: &str) -> Option<&str> {
    let at = marker.find("](#")? + 3;
    let rest = &marker[at..];
    let end = rest.find([')', ' ', '"'])?;
    Some(&rest[..end]).filter(|id| !id.is_empty())
}

/// Where the HTML link whose whole text is the marker at `range` leads
/// within the page (`<a href="#fn1" id="ref1">[1]</a>` leads to `fn1`), as
/// web pages and their Markdown conversions write a note's marker.
pub fn html_anchor_of<'t>(text: &'t str, range: &std::ops::Range<usize>) -> Option<&'t str> {
    html_link_of(text, range)?.strip_prefix('#')
}

/// Where the HTML link whose whole text is the marker at `range` leads
/// (`<a href="https://…" class="external autonumber">[1]</a>`, a wiki's
/// numbered link, leads out of the page).
pub fn html_link_of<'t>(text: &'t str, range: &std::ops::Range<usize>) -> Option<&'t str> {
    let (before, after) = around(text, range, 300);
    if !after.starts_with("</a>") {
        return None;
    }
    let tag = &before[before.rfind("<a ")?..];
    let inside = tag.strip_suffix('>')?;
    if inside.contains('>') {
        return None;
    }
    let at = inside.find("href=\"")? + "href=\"".len();
    let rest = &inside[at..];
    Some(&rest[..rest.find('"')?]).filter(|href| !href.is_empty() && *href != "#")
}

/// Whether byte `at` stands on a line of a block quote (`> …`): a passage
/// quoted from another text, whose notes and references that text has.
pub fn in_block_quote(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .trim_start()
        .starts_with('>')
}

/// Builds a rope whose lines are the protocol's lines.
pub fn rope_of(text: &str) -> Rope {
    Rope::from_str(text)
}

/// Whether the short `token` (a marker, a label) holds `needle`. Asked of
/// every marker or note on every keystroke: comparing the few windows of a
/// token costs a fraction of setting up `str::contains`'s searcher.
pub fn token_has(token: &str, needle: &str) -> bool {
    token
        .as_bytes()
        .windows(needle.len().max(1))
        .any(|w| w == needle.as_bytes())
}

/// The line break a text writes (`\r\n` if it holds one anywhere), for
/// text an edit adds. Asked on keystrokes of a document with missing notes,
/// over all of its text: a carriage return is rare, and a search for it
/// alone costs a fifth of one for the pair.
pub fn line_break(text: &str) -> &'static str {
    if find_by_rare_byte(text.as_bytes(), b"\r\n", 0)
        .next()
        .is_some()
    {
        "\r\n"
    } else {
        "\n"
    }
}

/// Where `needle` occurs in `haystack`, in order, found through one of its
/// bytes that is rare in prose (`needle[rare]`, a `-` or an `@`).
///
/// Some of these searches run over the whole text on every keystroke. A
/// vectorised search for one byte reads many bytes an instruction and stops
/// only at that byte; memchr's search for the whole needle tests two of its
/// bytes at their distance at once and costs three to four times as much
/// on any text. But where the byte is common after all (an AI report's
/// megabyte holds tens of thousands of hyphens), stopping at each costs
/// more still: after that many stops that found no needle, the search for
/// the whole needle takes over.
pub fn find_by_rare_byte<'a>(
    haystack: &'a [u8],
    needle: &'a [u8],
    rare: usize,
) -> impl Iterator<Item = usize> + 'a {
    /// Stops at the rare byte that found no needle before switching.
    const MISSES: usize = 64;
    let byte = needle.get(rare).copied().unwrap_or_default();
    let mut stops = memchr::memchr_iter(byte, haystack);
    let mut misses = 0;
    // Where the whole-needle search starts once it has taken over.
    let mut rest: Option<memchr::memmem::FindIter<'a, 'a>> = None;
    let mut rest_from = 0;
    std::iter::from_fn(move || {
        loop {
            if let Some(whole) = rest.as_mut() {
                return whole.next().map(|at| rest_from + at);
            }
            let at = stops.next()?;
            let Some(start) = at.checked_sub(rare) else {
                continue;
            };
            if haystack[start..].starts_with(needle) {
                return Some(start);
            }
            misses += 1;
            if misses == MISSES {
                // Every later occurrence has its rare byte past `at`, so it
                // starts after `at - rare`.
                rest_from = start + 1;
                rest = Some(memchr::memmem::find_iter(&haystack[rest_from..], needle));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_html_link_around_a_marker_gives_its_anchor() {
        let anchor = |text: &str| {
            let start = text.find("[1]").unwrap_or(0);
            super::html_anchor_of(text, &(start..start + 3)).map(str::to_string)
        };
        assert_eq!(
            anchor(r##"Lamps<sup><a href="#fn1" id="ref1">[1]</a></sup>."##).as_deref(),
            Some("fn1")
        );
        assert_eq!(anchor(r##"<a href="#fn1">see</a> [1]"##), None);
        assert_eq!(anchor(r##"<a href="https://x.example/">[1]</a>"##), None);
        let link = r##"<a href="https://x.example/">[1]</a>"##;
        let start = link.find("[1]").unwrap_or(0);
        assert_eq!(
            super::html_link_of(link, &(start..start + 3)),
            Some("https://x.example/")
        );
    }

    use super::*;

    /// Offsets of every character boundary in `text`, including the end.
    fn boundaries(text: &str) -> Vec<usize> {
        text.char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect()
    }

    /// Every offset of texts with each kind of line break and characters of
    /// each width, over many rope chunks, converts in one pass as it does
    /// alone.
    #[test]
    fn offsets_in_one_pass_convert_as_they_do_one_by_one() {
        let pieces = [
            "“Tide”¹ 🙂[2]\n",
            "crlf\r\n",
            "lone\r",
            "\r\n",
            "\n",
            "élan façade\rnext\n",
            "plain text of some length to fill a chunk ",
        ];
        let mut text = String::new();
        for i in 0..600 {
            text.push_str(pieces[i % pieces.len()]);
            text.push_str(pieces[(i * 7) % pieces.len()]);
        }
        let rope = rope_of(&text);
        assert!(rope.chunks().count() > 10);
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Char] {
            let one_by_one: Vec<_> = offsets
                .iter()
                .map(|&o| to_line_col(&rope, o, encoding))
                .collect();
            assert_eq!(to_line_cols(&rope, &offsets, encoding), one_by_one);
            // A few offsets far apart, as the findings of a document are.
            let sparse: Vec<usize> = offsets.iter().copied().step_by(97).collect();
            let expected: Vec<_> = sparse
                .iter()
                .map(|&o| to_line_col(&rope, o, encoding))
                .collect();
            assert_eq!(to_line_cols(&rope, &sparse, encoding), expected);
        }
    }

    #[test]
    fn columns_count_differently_after_curly_quotes_superscripts_and_emoji() {
        // “ is 3 bytes / 1 unit, ¹ is 2 bytes / 1 unit, 🙂 is 4 bytes / 2 units.
        let text = "“Tide”¹ 🙂[2]\nnext";
        let rope = rope_of(text);
        let marker = text.find("[2]").expect("fixture has a marker");
        assert_eq!(
            to_line_col(&rope, marker, Encoding::Utf8),
            Some(LineCol::new(0, 17))
        );
        assert_eq!(
            to_line_col(&rope, marker, Encoding::Utf16),
            Some(LineCol::new(0, 10))
        );
        assert_eq!(
            to_line_col(&rope, marker, Encoding::Char),
            Some(LineCol::new(0, 9))
        );
        let next = text.find("next").expect("fixture has a second line");
        assert_eq!(
            to_line_col(&rope, next, Encoding::Utf16),
            Some(LineCol::new(1, 0))
        );
    }

    #[test]
    fn every_boundary_round_trips_in_every_encoding() {
        let text = "a“b”\r\n¹²🙂x\rthird 日本語[^n]\n\nlast 𝄞";
        let rope = rope_of(text);
        for offset in boundaries(text) {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Char] {
                let pos = to_line_col(&rope, offset, encoding)
                    .unwrap_or_else(|| panic!("{offset} has a position in {encoding:?}"));
                let back = to_offset(&rope, pos, encoding);
                // A line break's own bytes map to the end of its line.
                let expected = if text[..offset].ends_with('\r') && text[offset..].starts_with('\n')
                {
                    offset - 1
                } else {
                    offset
                };
                assert_eq!(back, Some(expected), "{offset} via {pos:?} in {encoding:?}");
            }
        }
    }

    #[test]
    fn positions_inside_a_character_are_refused() {
        let text = "🙂x";
        let rope = rope_of(text);
        assert_eq!(to_line_col(&rope, 1, Encoding::Utf16), None);
        assert_eq!(to_offset(&rope, LineCol::new(0, 1), Encoding::Utf16), None);
        assert_eq!(
            to_offset(&rope, LineCol::new(0, 2), Encoding::Utf16),
            Some(4)
        );
        assert_eq!(to_offset(&rope, LineCol::new(0, 2), Encoding::Utf8), None);
    }

    #[test]
    fn crlf_ends_one_line() {
        let text = "one\r\ntwo";
        let rope = rope_of(text);
        assert_eq!(
            to_line_col(&rope, 5, Encoding::Char),
            Some(LineCol::new(1, 0))
        );
        assert_eq!(
            to_offset(&rope, LineCol::new(0, 99), Encoding::Utf16),
            Some(3)
        );
        assert_eq!(
            to_offset(&rope, LineCol::new(1, 3), Encoding::Utf16),
            Some(8)
        );
    }

    #[test]
    fn lines_past_the_end_are_refused_and_columns_past_the_end_clamp() {
        let rope = rope_of("ab\n");
        assert_eq!(
            to_offset(&rope, LineCol::new(1, 0), Encoding::Utf16),
            Some(3)
        );
        assert_eq!(to_offset(&rope, LineCol::new(2, 0), Encoding::Utf16), None);
        assert_eq!(
            to_offset(&rope, LineCol::new(0, u32::MAX), Encoding::Utf16),
            Some(2)
        );
        assert_eq!(to_line_col(&rope, 4, Encoding::Utf16), None);
    }

    /// The rare-byte search finds every occurrence a plain search finds,
    /// before and after it switches to the whole needle, however common the
    /// rare byte is.
    #[test]
    fn find_by_rare_byte_finds_what_a_plain_search_finds() {
        let needles: [(&[u8], usize); 3] = [(b"ibid-", 4), (b"[@", 1), (b"-", 0)];
        for (needle, rare) in needles {
            for misses in [0, 1, 63, 64, 65, 200] {
                let mut text = "a well-known e-mail: x@y, ".repeat(misses);
                text.push_str("ibid-disable [@ [@key] ibid- -@ [@");
                let bytes = text.as_bytes();
                let plain: Vec<usize> = (0..bytes.len())
                    .filter(|&i| bytes[i..].starts_with(needle))
                    .collect();
                let found: Vec<usize> = find_by_rare_byte(bytes, needle, rare).collect();
                assert_eq!(found, plain, "{needle:?} after {misses} misses");
            }
        }
        assert_eq!(find_by_rare_byte(b"", b"[@", 1).count(), 0);
        assert_eq!(find_by_rare_byte(b"@[@", b"[@", 1).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn line_break_is_crlf_wherever_the_text_has_one() {
        assert_eq!(line_break("a\nb\n"), "\n");
        assert_eq!(line_break("a\rb\n"), "\n");
        assert_eq!(line_break("a\nb\r\n"), "\r\n");
        assert_eq!(line_break(&"x\r".repeat(100)), "\n");
        assert_eq!(line_break(&format!("{}\r\n", "x\r".repeat(100))), "\r\n");
        assert_eq!(line_break(""), "\n");
    }
}
