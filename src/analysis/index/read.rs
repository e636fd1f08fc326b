//! Reads one block of the syntax tree (a paragraph, a table, a heading, a
//! note) into what it contributes to the index, with offsets relative to the
//! block's start so the part can be kept and moved while the block is
//! unchanged.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tree_sitter::Node;

use super::listed;
use super::sources_list::{self, SourcesList};
use super::{
    HeadingEntry, LabelStyle, Listed, MarkerLink, MarkerRef, MarkerStyle, NoteDef, NoteId, Part,
    Prose,
};
use crate::analysis::citations::{self, InlineSpans, TitleSpan, TitleStyle};
use crate::analysis::prose;
use crate::analysis::syntax::{is_superscript_digit, kinds, label_key, label_keys};
use crate::analysis::text::token_has;

/// How many notes' citations this process has read: the next
/// [`NoteDef::citations_id`].
static CITATIONS_READ: AtomicU64 = AtomicU64::new(0);

/// Reads one block, with offsets relative to its start.
pub(crate) fn read_block(text: &str, block: Node<'_>) -> Part {
    let start = block.start_byte();
    let mut builder = Builder {
        text,
        preformatted: false,
        part: Part::default(),
        note_stack: None,
        table_end: None,
        note_code: Vec::new(),
        run_on: Vec::new(),
    };
    builder.walk(block);
    let mut part = builder.part;
    part.moved(|at| at - start);
    part.shrink_to_fit();
    part
}

impl Part {
    /// Gives back what growing the lists reserved: a section's part stays
    /// in the cache for as long as the section is unchanged.
    fn shrink_to_fit(&mut self) {
        self.markers.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.prose.shrink_to_fit();
        self.author_dates.shrink_to_fit();
        self.listed.shrink_to_fit();
    }
}
/// Reads one block.
struct Builder<'a> {
    text: &'a str,
    /// Inside `<pre>` or `<code>`, as the tags walked so far say: text
    /// shown as it is, whose brackets are a program's.
    preformatted: bool,
    part: Part,
    /// The note being walked (its number in the part), and where it ends.
    note_stack: Option<(NoteId, usize)>,
    /// Where the table being walked ends.
    table_end: Option<usize>,
    /// Fenced code inside the note being walked: a Markdown note's
    /// indented lines may hold a fence, whose footnote syntax is an example.
    note_code: Vec<Range<usize>>,
    /// The labels of the notes run into the note being walked
    /// ([`run_on_labels`]): labels, not markers.
    run_on: Vec<Range<usize>>,
}

impl<'a> Builder<'a> {
    /// Walks a block in document order without recursion.
    fn walk(&mut self, block: Node<'_>) {
        let mut cursor = block.walk();
        'outer: loop {
            let node = cursor.node();
            let descend = self.visit(node);
            if descend && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node().id() == block.id() {
                    break 'outer;
                }
                if cursor.goto_next_sibling() {
                    continue 'outer;
                }
                if !cursor.goto_parent() {
                    break 'outer;
                }
            }
        }
    }

    /// The text of `node`; the lifetime is the text's, not the builder's.
    fn slice(&self, node: Node<'_>) -> &'a str {
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    /// Records `node`; says whether its children are worth visiting.
    fn visit(&mut self, node: Node<'_>) -> bool {
        if let Some((_, end)) = self.note_stack
            && node.start_byte() >= end
        {
            self.note_stack = None;
        }
        if self.table_end.is_some_and(|end| node.start_byte() >= end) {
            self.table_end = None;
        }
        match kinds::of(&node) {
            kinds::TABLE => {
                if self.notes_table(node) {
                    return false;
                }
                self.table_end = Some(node.end_byte());
                true
            }
            kinds::TABLE_ROW | kinds::NOTE_BODY | kinds::EMPHASIS | kinds::QUOTED_TITLE => true,
            kinds::HEADING => {
                self.heading(node);
                may_hold_marker(self.slice(node))
            }
            kinds::PARAGRAPH | kinds::TABLE_NOTE | kinds::TABLE_CAPTION | kinds::TABLE_CELL => {
                if self.note_stack.is_none() {
                    self.prose(node);
                }
                may_hold_marker(self.slice(node))
            }
            kinds::NOTE => self.note(node),
            kinds::MARKER => {
                self.marker(node);
                false
            }
            kinds::HTML_TAG => {
                self.html_tag(node);
                false
            }
            _ => false,
        }
    }

    fn heading(&mut self, node: Node<'_>) {
        let text = self.slice(node).trim().to_string();
        let mut level = 1u8;
        let mut child = node.walk();
        for c in node.children(&mut child) {
            match kinds::of(&c) {
                kinds::ATX_MARKER => level = u8::try_from(self.slice(c).len()).unwrap_or(6),
                kinds::HEADING_NUMBER => {
                    let number = self.slice(c).trim_end_matches('.');
                    level = u8::try_from(number.split('.').count()).unwrap_or(6);
                }
                _ => {}
            }
        }
        self.part.headings.push(HeadingEntry {
            range: node.start_byte()..node.end_byte(),
            text: text.into(),
            level,
            opens_notes: false,
        });
    }

    fn prose(&mut self, node: Node<'_>) {
        let mut range = node.start_byte()..node.end_byte();
        let mut text = self.slice(node);
        // A `Works cited` list copied as plain text: its lines are notes,
        // and only the prose before it is prose.
        if kinds::of(&node) == kinds::PARAGRAPH
            && let Some(list) = sources_list::find(text)
        {
            self.sources_list(range.start, text, &list);
            text = &text[..list.heading.start];
            range.end = range.start + text.len();
        } else if kinds::of(&node) == kinds::PARAGRAPH && listed::may_list(text) {
            self.listed(node, text);
        }
        self.part.author_dates.extend(
            prose::author_dates(text)
                .into_iter()
                .map(|r| r.shifted(range.start)),
        );
        let dangling_contacts = prose::dangling_contacts(text)
            .into_iter()
            .map(|r| range.start + r.start..range.start + r.end)
            .collect();
        let lost_urls = prose::lost_urls(text)
            .into_iter()
            .map(|r| range.start + r.start..range.start + r.end)
            .collect();
        self.part.prose.push(Prose {
            range,
            dangling_contacts,
            lost_urls,
        });
    }

    /// The works a paragraph lists, a line each, as a bibliography does.
    fn listed(&mut self, paragraph: Node<'_>, text: &str) {
        let base = paragraph.start_byte();
        let mut spans = None;
        for line in listed::entry_lines(text) {
            let spans = spans.get_or_insert_with(|| inline_spans(paragraph, text));
            let line_spans = spans_within(spans, &line);
            let entry = &text[line.clone()];
            if let Some((citation, repeats_authors)) = listed::read(entry, &line_spans) {
                self.part.listed.push(Listed {
                    range: base + line.start..base + line.end,
                    citation: Arc::new(citation),
                    repeats_authors,
                    id: CITATIONS_READ.fetch_add(1, Ordering::Relaxed),
                });
            }
        }
    }

    /// The notes of a plain-text list of sources in the paragraph at
    /// `base`, numbered by their place, under a heading that opens them.
    fn sources_list(&mut self, base: usize, paragraph: &str, list: &SourcesList) {
        let heading = base + list.heading.start..base + list.heading.end;
        self.part.headings.push(HeadingEntry {
            range: heading.clone(),
            text: paragraph[list.heading.clone()].trim().into(),
            level: 1,
            opens_notes: true,
        });
        for (place, entry) in list.entries.iter().enumerate() {
            let line = &paragraph[entry.clone()];
            let range = base + entry.start..base + entry.end;
            let spans = InlineSpans {
                titles: Vec::new(),
                links: sources_list::links(line),
            };
            let mut note = NoteDef {
                key: compact_str::format_compact!("{}", place + 1),
                range: range.clone(),
                label_range: range.start..range.start,
                key_range: range.start..range.start,
                body_range: Some(range),
                style: LabelStyle::Unlabelled,
                escaped: false,
                section: 0,
                citations: Arc::new(citations::parse_note(line, &spans)),
                citations_id: CITATIONS_READ.fetch_add(1, Ordering::Relaxed),
                wikipedia: false,
                by_place: false,
            };
            note.wikipedia = note.reads_as_wikipedia_reference(self.text);
            self.part.notes.push(note);
        }
    }

    /// Reads a table whose rows are labelled `[1]`, `[2]`, … in their
    /// first column as a list of notes (`| [1] | Author, Title, 2019 |`),
    /// as papers written in Markdown lay out their references; says
    /// whether it was one.
    fn notes_table(&mut self, table: Node<'_>) -> bool {
        let mut cursor = table.walk();
        let mut rows = Vec::new();
        let mut past_separator = false;
        for row in table.named_children(&mut cursor) {
            if kinds::of(&row) != kinds::TABLE_ROW {
                continue;
            }
            let mut c = row.walk();
            let cells: Vec<Node<'_>> = row
                .named_children(&mut c)
                .filter(|n| kinds::of(n) == kinds::TABLE_CELL)
                .collect();
            let rule = |cell: &Node<'_>| {
                self.slice(*cell)
                    .bytes()
                    .all(|b| matches!(b, b'-' | b':' | b'|' | b' ' | b'\t'))
            };
            if cells.is_empty() || cells.iter().all(rule) {
                past_separator = true;
                continue;
            }
            if !past_separator {
                continue;
            }
            let Some(label) = cells
                .first()
                .and_then(|cell| table_label(self.slice(*cell)))
            else {
                return false;
            };
            let Some(last) = cells.last().filter(|_| cells.len() > 1) else {
                return false;
            };
            let start = cells[0].start_byte();
            let label_range = start + label.start..start + label.end;
            let label_text = self.text.get(label_range.clone()).unwrap_or("");
            // Numbered from 1 in order.
            let Some((key, key_rel)) =
                label_key(label_text).filter(|(key, _)| *key == (rows.len() + 1).to_string())
            else {
                return false;
            };
            let body_range = cells[1].start_byte()..last.end_byte();
            let body = self.text.get(body_range.clone()).unwrap_or("");
            let spans = match cells.len() {
                2 => inline_spans(cells[1], body),
                _ => InlineSpans {
                    titles: Vec::new(),
                    links: sources_list::links(body),
                },
            };
            rows.push(NoteDef {
                key: key.into(),
                range: row.start_byte()..row.end_byte(),
                key_range: label_range.start + key_rel.start..label_range.start + key_rel.end,
                label_range,
                body_range: Some(body_range),
                style: LabelStyle::Bracket,
                escaped: label_text.starts_with("\\["),
                section: 0,
                citations: Arc::new(citations::parse_note(body, &spans)),
                citations_id: CITATIONS_READ.fetch_add(1, Ordering::Relaxed),
                wikipedia: false,
                by_place: false,
            });
        }
        // Read as sources: most rows give an address or a year (a table of
        // offsets, `| [20] | 5f |`, does not).
        let sourced = rows
            .iter()
            .filter(|n| {
                n.citations
                    .iter()
                    .any(|c| c.url.is_some() || c.year.is_some())
            })
            .count();
        if rows.is_empty() || sourced * 2 < rows.len() {
            return false;
        }
        for mut note in rows {
            note.wikipedia = note.reads_as_wikipedia_reference(self.text);
            self.part.notes.push(note);
        }
        true
    }

    /// Records a note; says whether its body may hold a marker.
    fn note(&mut self, node: Node<'_>) -> bool {
        let id = self.part.notes.len();
        let Some(label) = node.child_by_field_name("label") else {
            return true;
        };
        let label_text = self.slice(label);
        let style = label_style(label_text);
        let (key, key_rel) = if style == LabelStyle::Backlink {
            // Numbered by its place once the section is known.
            (String::new(), 0..label_text.len())
        } else if let Some(inner) = rest_label(label_text) {
            // `.. [#]`, `.. [1]`, `.. [#label]`: a reStructuredText footnote,
            // keyed by what its brackets hold (an auto-number is given its
            // place once the index is whole).
            let at = label_text.find('[').map_or(0, |i| i + 1);
            (inner.to_owned(), at..at + inner.len())
        } else if style == LabelStyle::Symbol {
            let mark = label_text.trim();
            let at = label_text.len() - label_text.trim_start().len();
            (mark.to_owned(), at..at + mark.len())
        } else {
            let Some(key) = label_key(label_text) else {
                return true;
            };
            key
        };
        let body = node.child_by_field_name("body");
        self.note_code.clear();
        if style == LabelStyle::Footnote
            && let Some(body) = body
        {
            fenced_ranges(self.slice(body), body.start_byte(), &mut self.note_code);
        }
        self.run_on.clear();
        let run_on = match body {
            Some(body) if style == LabelStyle::Bracket && !token_has(label_text, "],") => {
                run_on_labels(self.slice(body), &key)
            }
            _ => Vec::new(),
        };
        if let Some(body) = body
            && !run_on.is_empty()
        {
            self.run_on_notes(node, label, key_rel.clone(), &key, body, &run_on);
            self.note_stack = Some((id, node.end_byte()));
            return true;
        }
        let citations = match body {
            Some(body) => {
                let text = self.slice(body);
                Arc::new(citations::parse_note(text, &inline_spans(body, text)))
            }
            None => Arc::new(Vec::new()),
        };
        let mut note = NoteDef {
            key: key.into(),
            range: node.start_byte()..node.end_byte(),
            label_range: label.start_byte()..label.end_byte(),
            key_range: label.start_byte() + key_rel.start..label.start_byte() + key_rel.end,
            body_range: body.map(|b| b.start_byte()..b.end_byte()),
            style,
            escaped: label_text.trim_start().starts_with("\\["),
            section: 0,
            citations,
            citations_id: CITATIONS_READ.fetch_add(1, Ordering::Relaxed),
            wikipedia: false,
            by_place: false,
        };
        note.wikipedia = note.reads_as_wikipedia_reference(self.text);
        // `[2],[3] text`: one note for two labels, each of which its
        // markers find.
        if style == LabelStyle::Bracket && token_has(label_text, "],") {
            for (key, rel) in combined_keys(label_text).into_iter().skip(1) {
                let mut also = note.clone();
                also.key = key.into();
                also.key_range = label.start_byte() + rel.start..label.start_byte() + rel.end;
                self.part.notes.push(also);
            }
            self.part.notes.insert(id, note);
        } else {
            self.part.notes.push(note);
        }
        self.note_stack = Some((id, node.end_byte()));
        body.is_some_and(|b| may_hold_marker(self.slice(b)))
    }

    /// Records a note into whose paragraph the next notes ran (`[1] Marker.
    /// URL https://…. [2] Mathpix. …`, as a PDF's conversion leaves a
    /// reference list): a note for each label, from it to the next.
    fn run_on_notes(
        &mut self,
        node: Node<'_>,
        label: Node<'_>,
        key_rel: Range<usize>,
        key: &str,
        body: Node<'_>,
        run_on: &[(String, Range<usize>)],
    ) {
        let base = body.start_byte();
        let text = self.slice(body);
        let spans = inline_spans(body, text);
        // Each note: its label's range, its key, where its key is, and its
        // body, all absolute.
        let mut pieces = vec![(
            label.start_byte()..label.end_byte(),
            key.to_string(),
            label.start_byte() + key_rel.start..label.start_byte() + key_rel.end,
            base..base + run_on[0].1.start,
        )];
        for (i, (next_key, at)) in run_on.iter().enumerate() {
            let end = run_on.get(i + 1).map_or(text.len(), |(_, r)| r.start);
            let label = base + at.start..base + at.end;
            pieces.push((
                label.clone(),
                next_key.clone(),
                label.start + 1..label.end - 1,
                (base + at.end..base + end),
            ));
            self.run_on.push(label);
        }
        for (i, (label_range, key, key_range, body_range)) in pieces.into_iter().enumerate() {
            let start = if i == 0 {
                node.start_byte()
            } else {
                label_range.start
            };
            let body_range = trimmed(self.text, body_range);
            let rel = body_range.start - base..body_range.end - base;
            let piece = &text[rel.clone()];
            let piece_spans = spans_within(&spans, &rel);
            let mut note = NoteDef {
                key: key.into(),
                range: start..body_range.end,
                label_range,
                key_range,
                body_range: Some(body_range),
                style: LabelStyle::Bracket,
                escaped: false,
                section: 0,
                citations: Arc::new(citations::parse_note(piece, &piece_spans)),
                citations_id: CITATIONS_READ.fetch_add(1, Ordering::Relaxed),
                wikipedia: false,
                by_place: false,
            };
            note.wikipedia = note.reads_as_wikipedia_reference(self.text);
            self.part.notes.push(note);
        }
    }

    fn marker(&mut self, node: Node<'_>) {
        let Some(token) = node.named_child(0) else {
            return;
        };
        let style = match kinds::of(&token) {
            kinds::BRACKET_MARKER | kinds::BRACKET_LIST_MARKER => MarkerStyle::Bracket,
            kinds::SUPERSCRIPT_MARKER => MarkerStyle::Superscript,
            kinds::SYMBOL_MARKER => MarkerStyle::Symbol,
            kinds::REST_FOOTNOTE_MARKER => MarkerStyle::Footnote,
            kinds::FOOTNOTE_MARKER => MarkerStyle::Footnote,
            kinds::INLINE_NOTE => MarkerStyle::InlineNote,
            kinds::CITATION_MARKER => MarkerStyle::Citation,
            _ => return,
        };
        let start = node.start_byte();
        if self.note_stack.is_some()
            && (self.note_code.iter().any(|c| c.contains(&start))
                || self.run_on.iter().any(|r| r.start == start))
        {
            return;
        }
        let mut range = start..node.end_byte();
        let in_note = self.note_stack.map(|(id, _)| id);
        let mut text = self.slice(node);
        // `_[1]_`: a bracketed number set in italics with underscores, whose
        // closing underscore the reStructuredText form `[1]_` took.
        let mut style = style;
        if let Some(bracketed) = text.strip_suffix('_')
            && start > 0
            && self.text.as_bytes()[start - 1] == b'_'
            && bracketed.len() > 2
            && bracketed[1..bracketed.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            text = bracketed;
            range.end -= 1;
            style = MarkerStyle::Bracket;
        }
        // `[^1^](#fn1)`: Pandoc's superscript `^1^` as the text of a link
        // to note 1, which is how an HTML page converted to Pandoc Markdown
        // writes its markers; a number, not a footnote labelled `1^`.
        let digits = text
            .strip_prefix("[^")
            .and_then(|t| t.strip_suffix("^]"))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        let style = if digits.is_some() {
            MarkerStyle::Bracket
        } else {
            style
        };
        let keys = match style {
            _ if let Some(d) = digits => vec![(d.to_owned(), 2..2 + d.len())],
            MarkerStyle::InlineNote | MarkerStyle::Citation => vec![(String::new(), 0..text.len())],
            MarkerStyle::Symbol => vec![(text.to_owned(), 0..text.len())],
            MarkerStyle::Footnote if text.ends_with("]_") => {
                let inner = &text[1..text.len() - 2];
                vec![(inner.to_owned(), 1..1 + inner.len())]
            }
            _ => label_keys(text),
        };
        let in_list = keys.len() > 1;
        let preformatted = self.preformatted;
        for (key, rel) in keys {
            self.part.markers.push(MarkerRef {
                key: key.into(),
                range: range.clone(),
                key_range: start + rel.start..start + rel.end,
                style,
                in_list,
                in_note,
                in_table: self.table_end.is_some(),
                escaped: text.starts_with("\\["),
                link: MarkerLink::of(text),
                preformatted,
                target: None,
            });
        }
    }

    /// Opens or closes `<pre>` and `<code>`.
    fn html_tag(&mut self, node: Node<'_>) {
        let tag = self.slice(node).as_bytes();
        let name = |t: &[u8], name: &[u8]| {
            t.len() > name.len()
                && t[..name.len()].eq_ignore_ascii_case(name)
                && matches!(t[name.len()], b'>' | b' ' | b'\t')
        };
        // A script or a style sheet is a program too (`match[1]`).
        let shown_as_is = |rest: &[u8]| {
            name(rest, b"pre")
                || name(rest, b"code")
                || name(rest, b"script")
                || name(rest, b"style")
        };
        if let Some(rest) = tag.strip_prefix(b"</") {
            if shown_as_is(rest) {
                self.preformatted = false;
            }
        } else if let Some(rest) = tag.strip_prefix(b"<")
            && shown_as_is(rest)
        {
            self.preformatted = true;
        }
    }
}

/// Whether `text` may hold a marker: every kind of marker the grammar has
/// is written with one of these characters (its brackets, `@`, `<sup>`, a
/// dagger, a lenticular bracket or a superscript digit). A block without any is not walked: its
/// inline nodes are most of the tree, each step between them costs
/// hundreds of instructions, and a marker is all the walk looks for there.
fn may_hold_marker(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'[' | b']' | b'@' | b'<'))
        || (!text.is_ascii()
            && text
                .chars()
                .any(|c| matches!(c, '†' | '‡' | '【') || is_superscript_digit(c)))
}

/// The fenced code blocks in a note body (its lines indented, as a Markdown
/// note's continuation is), as ranges from `base`: from a line that opens
/// with ```` ``` ```` or `~~~` to the line that closes it, or the body's end.
fn fenced_ranges(body: &str, base: usize, out: &mut Vec<Range<usize>>) {
    // Most bodies hold neither character: one pass over the bytes instead
    // of two substring searches.
    if memchr::memchr2(b'`', b'~', body.as_bytes()).is_none()
        || (!body.contains("```") && !body.contains("~~~"))
    {
        return;
    }
    let mut open: Option<(usize, &str)> = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (open, fence) {
            (None, Some(f)) => open = Some((at, f)),
            (Some((start, f)), Some(g)) if f == g => {
                out.push(base + start..base + at + line.len());
                open = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some((start, _)) = open {
        out.push(base + start..base + body.len());
    }
}

/// The spans of `spans` inside `range`, relative to its start: those of a
/// line or a piece of the block they were read from.
fn spans_within(spans: &InlineSpans, range: &Range<usize>) -> InlineSpans {
    let within = |r: &Range<usize>| range.start <= r.start && r.end <= range.end;
    let shift = |r: &Range<usize>| r.start - range.start..r.end - range.start;
    InlineSpans {
        titles: spans
            .titles
            .iter()
            .filter(|t| within(&t.range))
            .map(|t| TitleSpan {
                range: shift(&t.range),
                inner: shift(&t.inner),
                style: t.style,
            })
            .collect(),
        links: spans
            .links
            .iter()
            .filter(|l| within(l))
            .map(shift)
            .collect(),
    }
}

/// The labels of the notes that run on in the body of note `key`, each
/// the next number after a full stop (`… marker. [2] Mathpix. … [3] …`),
/// with their keys and ranges in the body; none unless two or more run on,
/// or one does and a web address or year stands before it, as a
/// reference's end does.
fn run_on_labels(body: &str, key: &str) -> Vec<(String, Range<usize>)> {
    let Ok(mut number) = key.parse::<u32>() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut from = 0;
    loop {
        number += 1;
        let label = format!("[{number}] ");
        let Some(at) = body[from..]
            .match_indices(&label)
            .map(|(at, _)| from + at)
            .find(|&at| body[..at].trim_end().ends_with('.'))
        else {
            break;
        };
        found.push((number.to_string(), at..at + label.len() - 1));
        from = at + label.len();
    }
    let ends_a_reference = |before: &str| {
        before.contains("http")
            || before
                .as_bytes()
                .windows(4)
                .any(|w| w.iter().all(u8::is_ascii_digit) && matches!(w[0], b'1' | b'2'))
    };
    match found.as_slice() {
        [only] if !ends_a_reference(&body[..only.1.start]) => Vec::new(),
        _ => found,
    }
}

/// `range` of `text` without white space at either end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.end - (piece.len() - piece.trim_end().len());
    start..end.max(start)
}

/// What the brackets of a reStructuredText footnote label hold: `#` in
/// `.. [#]`, `1` in `.. [1]`.
fn rest_label(label: &str) -> Option<&str> {
    label.trim().strip_prefix(".. [")?.strip_suffix(']')
}

/// The keys of a label that joins several (`[2],[3]`), each with its range
/// in the label.
fn combined_keys(label: &str) -> Vec<(String, Range<usize>)> {
    let mut keys = Vec::new();
    let mut at = 0;
    while let Some(open) = label[at..].find('[') {
        let start = at + open;
        if let Some((key, rel)) = label_key(&label[start..]) {
            keys.push((key, start + rel.start..start + rel.end));
        }
        at = label[start..]
            .find(']')
            .map_or(label.len(), |close| start + close + 1);
    }
    keys
}

/// The style of a note label, from its text.
fn label_style(label: &str) -> LabelStyle {
    let inner = label.trim();
    if inner.starts_with(".. [") {
        LabelStyle::Footnote
    } else if inner.starts_with(['†', '‡']) {
        LabelStyle::Symbol
    } else if inner.starts_with(['^', '↑'])
        || inner
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("jump up"))
    {
        LabelStyle::Backlink
    } else if inner.contains("[^") {
        LabelStyle::Footnote
    } else if inner.contains('[') {
        if inner.chars().any(is_superscript_digit) {
            LabelStyle::Superscript
        } else {
            LabelStyle::Bracket
        }
    } else if inner.chars().any(is_superscript_digit) {
        LabelStyle::Superscript
    } else {
        LabelStyle::Numbered
    }
}

/// Titles (outermost quotations and emphasis) and links inside a note body,
/// relative to its start.
fn inline_spans(body: Node<'_>, body_text: &str) -> InlineSpans {
    let base = body.start_byte();
    let mut spans = InlineSpans::default();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            let rel = child.start_byte() - base..child.end_byte() - base;
            match kinds::of(&child) {
                kinds::QUOTED_TITLE | kinds::EMPHASIS => {
                    let style = if kinds::of(&child) == kinds::QUOTED_TITLE {
                        TitleStyle::Quoted
                    } else {
                        TitleStyle::Emphasis
                    };
                    let mut inner = rel.clone();
                    let mut c = child.walk();
                    let delimiters: Vec<Node<'_>> = child
                        .named_children(&mut c)
                        .filter(|d| kinds::of(d).ends_with("_delimiter"))
                        .collect();
                    if let Some(open) = delimiters
                        .first()
                        .filter(|d| d.start_byte() == child.start_byte())
                    {
                        inner.start = open.end_byte() - base;
                    }
                    if let Some(close) = delimiters
                        .last()
                        .filter(|d| d.end_byte() == child.end_byte() && delimiters.len() > 1)
                    {
                        inner.end = close.start_byte() - base;
                    }
                    spans.titles.push(TitleSpan {
                        range: rel,
                        inner,
                        style,
                    });
                    // Links inside a title still count as links, and so
                    // does the address of a title written as a Markdown
                    // link (`“[Hello, crustaceans](https://…)”`): the title
                    // leads to the work.
                    let mut c = child.walk();
                    for inner_child in child.named_children(&mut c) {
                        let at = inner_child.start_byte() - base..inner_child.end_byte() - base;
                        match kinds::of(&inner_child) {
                            kinds::URL | kinds::DOI => spans.links.push(at),
                            kinds::LINK => spans.links.extend(link_address(body_text, at)),
                            _ => {}
                        }
                    }
                }
                kinds::URL | kinds::DOI => spans.links.push(rel),
                // `[www.example.org](https://www.example.org)`: a Markdown
                // link that spells out its address is the citation's link
                // (one that names a thing, `[PDF](…)`, stays text).
                kinds::LINK
                    if body_text
                        .get(rel.clone())
                        .is_some_and(|l| l.starts_with("[http") || l.starts_with("[www.")) =>
                {
                    spans.links.push(rel)
                }
                // `[“Why Software Is Eating the World”](https://…)`: a
                // quoted title that is itself the link to the work.
                kinds::LINK if let Some((inner, style)) = titled_link(body_text, &rel) => {
                    spans.links.extend(link_address(body_text, rel.clone()));
                    spans.titles.push(TitleSpan {
                        range: rel,
                        inner,
                        style,
                    });
                }
                _ => stack.push(child),
            }
        }
    }
    spans.titles.sort_by_key(|t| t.range.start);
    spans.links.sort_by_key(|l| l.start);
    join_wrapped_titles(&mut spans.titles, body_text);
    spans
}

/// Reads a quoted title that a wrapped note breaks over a line (Pandoc
/// wraps notes at 72 columns, and a title goes on under the label's
/// indentation): the grammar reads quotations within a line, and leaves
/// such a quotation mark as text.
fn join_wrapped_titles(titles: &mut Vec<TitleSpan>, body: &str) {
    if !body.contains('\n') {
        return;
    }
    let mut line_start = 0;
    while let Some(newline) = body[line_start..].find('\n').map(|n| line_start + n) {
        let line = &body[line_start..newline];
        let next_start = newline + 1;
        line_start = next_start;
        let Some((open_at, close)) = unclosed_quote(line) else {
            continue;
        };
        let open_at = newline - line.len() + open_at;
        let next_end = body[next_start..]
            .find('\n')
            .map_or(body.len(), |n| next_start + n);
        let next = &body[next_start..next_end];
        if next.trim().is_empty() {
            continue;
        }
        let Some(at) = next.find(close) else {
            continue;
        };
        if next[..at].trim().is_empty()
            || next[at + close.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let open_len = body[open_at..].chars().next().map_or(1, char::len_utf8);
        let inner_end = next_start + at;
        let end = inner_end + close.len_utf8();
        if titles
            .iter()
            .any(|t| t.range.start <= open_at && open_at < t.range.end)
        {
            continue;
        }
        titles.retain(|t| t.range.end <= open_at || t.range.start >= end);
        let place = titles.partition_point(|t| t.range.start < open_at);
        titles.insert(
            place,
            TitleSpan {
                range: open_at..end,
                inner: open_at + open_len..inner_end,
                style: TitleStyle::Quoted,
            },
        );
    }
}

/// The last quotation mark of `line` that opens a quotation the line does
/// not close, with the mark that would close it.
fn unclosed_quote(line: &str) -> Option<(usize, char)> {
    let mut open: Option<(usize, char)> = None;
    let mut before = ' ';
    for (i, c) in line.char_indices() {
        if let Some((_, close)) = open
            && c == close
        {
            open = None;
        } else if open.is_none() && (before.is_whitespace() || before == '(') {
            let close = match c {
                '"' => Some('"'),
                '“' => Some('”'),
                '«' => Some('»'),
                '„' => Some('“'),
                _ => None,
            };
            if let Some(close) = close
                && line[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric() || n == '\'' || n == '‘')
            {
                open = Some((i, close));
            }
        }
        before = c;
    }
    open
}

/// The label a table's first cell holds alone (`[1]`, `\[1\]`), as a
/// range in the cell's text.
fn table_label(cell: &str) -> Option<Range<usize>> {
    let label = cell.trim_matches(|c: char| c == '|' || c.is_whitespace());
    let inner = label
        .strip_prefix("\\[")
        .and_then(|l| l.strip_suffix("\\]"))
        .or_else(|| label.strip_prefix('[').and_then(|l| l.strip_suffix(']')))?;
    if inner.is_empty() || inner.len() > 4 || !inner.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let start = label.as_ptr() as usize - cell.as_ptr() as usize;
    Some(start..start + label.len())
}

/// The title inside a Markdown link whose whole text is quoted or
/// emphasised (`[“Title”](https://…)`, `[*Title*](…)`), when the link leads
/// somewhere other than the page itself.
fn titled_link(body: &str, link: &Range<usize>) -> Option<(Range<usize>, TitleStyle)> {
    let text = body.get(link.clone())?;
    let close = text.rfind("](")?;
    let inside = text.get(1..close)?;
    let open = inside.chars().next()?;
    let (shut, style) = match open {
        '“' => ('”', TitleStyle::Quoted),
        '"' => ('"', TitleStyle::Quoted),
        '‘' => ('’', TitleStyle::Quoted),
        '«' => ('»', TitleStyle::Quoted),
        '*' | '_' => (open, TitleStyle::Emphasis),
        _ => return None,
    };
    let words = inside.strip_prefix(open)?.strip_suffix(shut)?;
    if words.trim().is_empty() || text[close + 2..].starts_with('#') {
        return None;
    }
    let start = link.start + 1 + open.len_utf8();
    Some((start..start + words.len(), style))
}

/// The address a Markdown link at `link` leads to (`[text](https://…)`, a
/// document beside this one, `../0289/README.md`), if it leads out of the
/// page.
fn link_address(body: &str, link: Range<usize>) -> Option<Range<usize>> {
    let text = body.get(link.clone())?;
    let open = text.rfind("](")? + 2;
    let address = text[open..].strip_suffix(')')?;
    let address = address.split_whitespace().next()?;
    (!address.starts_with('#')).then(|| link.start + open..link.start + open + address.len())
}

#[cfg(test)]
mod tests {
    use super::may_hold_marker;
    use crate::analysis::syntax::{self, kinds};
    use crate::analysis::testgen::notes_document;
    use crate::analysis::testgen::shapes::{
        ai_export_document, author_date_document, markdown_footnotes_document, wikipedia_document,
    };

    /// One of each form of marker the grammar reads, in a line of prose.
    const EVERY_FORM: &str = "Lights.[1] Lights.[4, 5] Lights.[4–6] Lights.\\[3\\] \
        Lights.[[12]](#n12) Lights.[12](#fn12) Lights.[\\[2\\]](#ftnt2) \
        Lights.^[[1]](#ftnt1)^ Lights.[[7](https://example.org)] Lights.x2](#fn2) \
        Lights¹² Lights.[¹](#n1) Lights.<sup>3</sup> Lights.† Lights.‡‡ \
        Lights.[#]_ Lights.[#keeper]_ Lights.[*]_ Lights.[2]_ Lights.[^a] \
        Lights.^[A note.] Lights [@keeper, p. 3] and @keeper.\n";

    /// Forms read as markers only in documents whose notes are written so.
    const DAGGERS: &str = "The lamp was lit.† It was moved.¹\n\nNotes\n\n\
        ¹ Fenn, *Keepers* (2010).\n† The editor's note.\n‡‡ Another.\n";
    const REST: &str = "Formats [#]_ and more [#]_, see [#pep]_ and [1]_.\n\n\
        .. [#] First.\n.. [#] Second.\n.. [#pep] Third.\n.. [1] Fourth.\n";
    const GLUED: &str = "それを述べています。3](#fn3) 分布式【12】。\n";

    /// Every marker the grammar finds, in every form and every generated
    /// shape, is written with a character [`may_hold_marker`] looks for: a
    /// block the walk passes over has no marker to miss. (The corpus test
    /// checks the real documents' findings, which a missed marker changes.)
    #[test]
    fn every_marker_holds_a_character_looked_for() {
        let texts = [
            EVERY_FORM.to_string(),
            DAGGERS.to_string(),
            REST.to_string(),
            GLUED.to_string(),
            notes_document(60_000, 7),
            markdown_footnotes_document(60_000, 7),
            author_date_document(60_000, 7),
            wikipedia_document(60_000, 7),
            ai_export_document(60_000, 7),
        ];
        let mut markers = 0;
        let mut found = std::collections::BTreeSet::new();
        for text in &texts {
            let tree = syntax::parse(text);
            for marker in tree.preorder().filter(|n| n.kind() == kinds::MARKER) {
                markers += 1;
                if let Some(token) = marker.named_child(0) {
                    found.insert(token.kind().to_string());
                }
                let written = &text[marker.byte_range()];
                assert!(may_hold_marker(written), "{written:?}");
            }
        }
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            [
                "bracket_list_marker",
                "bracket_marker",
                "citation_marker",
                "footnote_marker",
                "inline_note",
                "rest_footnote_marker",
                "superscript_marker",
                "symbol_marker",
            ],
            "every kind of marker is among those checked"
        );
        assert!(markers > 500, "{markers} markers");
    }

    #[test]
    fn prose_without_those_characters_holds_none() {
        assert!(!may_hold_marker(
            "Tides “turn” twice a day, naïvely — 🙂 (Lo 2019)."
        ));
        assert!(may_hold_marker("x²"));
        assert!(may_hold_marker("see†"));
    }
}
