//! Reading citations out of a note.
//!
//! A note holds one or more citations separated by `;`, written in Chicago
//! notes style or close to it. The reader is lenient: it picks out what it
//! recognises (authors, a title, a container, a date, pages, a URL) and
//! leaves the rest as text; it never rejects a note.
//!
//! Everything here works on the text of one note body, with ranges relative
//! to the start of the body, so that a parsed note can be reused unchanged
//! when an edit elsewhere moves it (see [`super::index`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// What a citation is, for resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationKind {
    /// A citation with publication details: the work's full form.
    Full,
    /// `Ibid.`: the work of the citation before.
    Ibid,
    /// A work named again by author and title (or its first words) only.
    ShortForm,
    /// Commentary, or anything else that names no work.
    Text,
}

/// How a title is set off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleStyle {
    Quoted,
    Emphasis,
    Plain,
}

/// A piece of a citation: its bytes (relative to the note body) and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub range: Range<usize>,
    pub text: String,
}

/// One author (a person or an organisation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Author {
    /// The name as written.
    pub name: String,
    /// Lower-cased names this author is matched by: a person's surname (with
    /// its particles, and without them), an organisation's name and its
    /// abbreviation.
    pub keys: Vec<String>,
}

/// Why a citation looks like its URL was lost when the text was pasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LostUrl {
    /// The citation ends in a comma where the URL stood.
    TrailingComma,
    /// Two commas with nothing between them: `(DW News, 2021),, 5:02.`
    DoubledComma,
    /// `accessed April 30, 2021,` with no URL after it.
    BareAccessDate,
    /// `Available at:`, `URL:`, `Retrieved from` with nothing after them.
    EmptyLabel,
    /// `<>`: an autolink whose address is gone.
    EmptyAngle,
}

/// One citation, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The citation's bytes, without surrounding white space.
    pub range: Range<usize>,
    pub kind: CitationKind,
    pub authors: Vec<Author>,
    /// The author list ends in `et al.`
    pub et_al: bool,
    pub title: Option<Field>,
    pub title_style: Option<TitleStyle>,
    /// The journal, outlet, website or series.
    pub container: Option<Field>,
    pub place: Option<Field>,
    pub publisher: Option<Field>,
    pub volume: Option<Field>,
    pub issue: Option<Field>,
    pub date: Option<Field>,
    pub year: Option<u16>,
    pub pages: Option<Field>,
    /// A URL or a DOI.
    pub url: Option<Field>,
    pub accessed: Option<Field>,
    /// Where the citation shows that its URL was lost, and how.
    pub lost_url: Option<(LostUrl, Range<usize>)>,
    /// The citation follows the one before it with no separator; the range
    /// is the gap between the two.
    pub run_on: Option<Range<usize>>,
    /// The title as compared with other titles ([`normalize`]d), computed
    /// once with the citation rather than on every resolution.
    #[serde(skip)]
    pub title_key: String,
    /// The note a legal short form points to (`Fowler, *supra* note 20`):
    /// its work is the one cited there, whatever name the short form
    /// gives it (`Course Manual`, after `[hereinafter Course Manual]`).
    /// The digits of the number, so that renumbering the notes rewrites it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supra_note: Option<Field>,
}

impl Citation {
    /// The number of the note a `supra note 20` points to.
    pub fn supra_number(&self) -> Option<u32> {
        self.supra_note.as_ref()?.text.parse().ok()
    }
}

/// Spans inside a note body that the syntax tree has already recognised,
/// relative to the start of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct InlineSpans {
    /// Outermost quoted titles and emphasis, with the length in bytes of
    /// their opening and closing delimiters.
    pub titles: Vec<TitleSpan>,
    /// URLs and DOIs.
    pub links: Vec<Range<usize>>,
}

/// A quoted or emphasised stretch of a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TitleSpan {
    pub range: Range<usize>,
    /// The text between the delimiters.
    pub inner: Range<usize>,
    pub style: TitleStyle,
}

/// The months, lower-cased, in order.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Ibid.`, and the same word in other traditions: `ibidem`, `Ibíd.`
/// (Spanish), `ebd.` and `ebenda` (German), `id.` (legal citation).
static IBID: Pattern = Pattern {
    regex: LazyLock::new(|| re(r"^(?i:ibid(?:em)?|ib\u{ed}d|ebd|ebenda|id)\b\.?")),
    may_match: may_be_ibid,
};
/// `supra note 12`, `*supra* n. 4`, `supra notes 3-5` (the first), and
/// the Spanish and Italian `supra nota 7`: a pointer back to a note.
static SUPRA: Pattern = Pattern {
    regex: LazyLock::new(|| {
        re(r"(?i:\bsupra)[*_]*,?\s+[*_]*(?i:notes?|nn?\.|nota)[*_]*\s*([0-9]{1,4})\b")
    }),
    may_match: |text| text.contains("upra"),
};
static YEAR: Pattern = Pattern {
    regex: LazyLock::new(|| re(r"\b(1[5-9][0-9][0-9]|20[0-9][0-9])\b")),
    may_match: has_four_digits,
};
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Feb|Sept)";
static DATE: Pattern = Pattern {
    regex: LazyLock::new(|| {
        re(&format!(
            r"\b(?:{MONTH}\s+[0-9]{{1,2}},\s+[0-9]{{4}}|[0-9]{{1,2}}\s+{MONTH}\s+[0-9]{{4}}|{MONTH}\s+[0-9]{{4}}|(?:Spring|Summer|Fall|Autumn|Winter)\s+[0-9]{{4}})\b"
        ))
    }),
    may_match: may_hold_date,
};
static ACCESSED: Pattern = Pattern {
    regex: LazyLock::new(|| {
        re(&format!(
            r"(?i:accessed|retrieved|viewed)(?:\s+on)?\s+(?-i:((?:{MONTH}\s+[0-9]{{1,2}},\s+[0-9]{{4}}|[0-9]{{1,2}}\s+{MONTH}\s+[0-9]{{4}}|{MONTH}\s+[0-9]{{4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})))"
        ))
    }),
    may_match: may_hold_access_date,
};
static VOLUME_ISSUE: Pattern = Pattern {
    regex: LazyLock::new(|| re(r"\b([0-9]{1,4}),?\s+no\.\s*([0-9]{1,4})\b")),
    may_match: |text| text.contains("no."),
};
static VOLUME_BEFORE_YEAR: Pattern = Pattern {
    regex: LazyLock::new(|| re(r"(?:^|[\s*_])([0-9]{1,4})\s+\((?:[A-Za-z]+\.?\s+)?[0-9]{4}\)")),
    may_match: |text| text.contains('(') && has_four_digits(text),
};
static PAGES_AFTER_COLON: Pattern = Pattern {
    regex: LazyLock::new(|| {
        re(r"\):\s*([0-9]+(?:\s*[–—-]\s*[0-9]+)?(?:,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)")
    }),
    may_match: |text| text.contains("):"),
};
static PAGES_AT_END: Pattern = Pattern {
    regex: LazyLock::new(|| {
        re(
            r"(?:^|,|\bpp?\.)\s*([0-9]+(?:\s*[–—-]\s*[0-9]+)?(?:,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)\s*\.?\s*$",
        )
    }),
    may_match: |text| text.bytes().any(|b| b.is_ascii_digit()),
};
/// `Available at:`, `Retrieved from`, `URL:` with nothing after them. A
/// bare `URL` or `link` is a label only where a field starts (`Leaf
/// Weekly, URL,`): at the end of a sentence (`paste it in the URL.`) it
/// is a word of prose.
static EMPTY_LABEL: Pattern = Pattern {
    regex: LazyLock::new(|| {
        re(
            r"(?i)(?:\b(?:available\s+(?:at|from|online)|retrieved\s+from|online\s+at)\s*:?|\b(?:url|link)\s*:|(?:^|[,.;]\s*)(?:url|link))\s*[.,]?\s*$",
        )
    }),
    may_match: may_hold_empty_label,
};
static DOUBLED_COMMA: Pattern = Pattern {
    regex: LazyLock::new(|| re(r",\s*,")),
    may_match: |text| {
        text.find(',')
            .is_some_and(|first| text[first + 1..].contains(','))
    },
};
static ORG_ALIAS: Pattern = Pattern {
    regex: LazyLock::new(|| re(r"^(.*?)\s*\(([A-Z][A-Za-z&]{1,11})\)$")),
    may_match: |text| text.ends_with(')'),
};
static AUTHOR_SPLIT: Pattern = Pattern {
    regex: LazyLock::new(|| re(r"\s*(?:,\s*and\s+|,\s*&\s*|\s+and\s+|\s*&\s*|,\s*)")),
    may_match: |text| text.contains([',', '&']) || text.contains("and"),
};

/// Every pattern of this module, by name (for [`prepare`] and the tests).
const PATTERNS: &[(&str, &Pattern)] = &[
    ("IBID", &IBID),
    ("YEAR", &YEAR),
    ("DATE", &DATE),
    ("ACCESSED", &ACCESSED),
    ("VOLUME_ISSUE", &VOLUME_ISSUE),
    ("VOLUME_BEFORE_YEAR", &VOLUME_BEFORE_YEAR),
    ("PAGES_AFTER_COLON", &PAGES_AFTER_COLON),
    ("PAGES_AT_END", &PAGES_AT_END),
    ("EMPTY_LABEL", &EMPTY_LABEL),
    ("DOUBLED_COMMA", &DOUBLED_COMMA),
    ("ORG_ALIAS", &ORG_ALIAS),
    ("AUTHOR_SPLIT", &AUTHOR_SPLIT),
];

/// A pattern behind a test of the bytes every match of it needs. A note's
/// details are a few bytes, most of them fail the test, and each failure
/// saves a search that costs far more to start than the bytes take to
/// read. A property test holds each test to its pattern.
struct Pattern {
    regex: LazyLock<Regex>,
    /// `false` only where the pattern cannot match.
    may_match: fn(&str) -> bool,
}

impl Pattern {
    fn is_match(&self, text: &str) -> bool {
        (self.may_match)(text) && self.regex.is_match(text)
    }

    fn find<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        (self.may_match)(text)
            .then(|| self.regex.find(text))
            .flatten()
    }

    fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = regex::Match<'t>> {
        (self.may_match)(text)
            .then(|| self.regex.find_iter(text))
            .into_iter()
            .flatten()
    }

    fn captures<'t>(&self, text: &'t str) -> Option<regex::Captures<'t>> {
        (self.may_match)(text)
            .then(|| self.regex.captures(text))
            .flatten()
    }

    /// The parts of `text` between matches: `text` whole where none can be.
    fn split<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> {
        let split = (self.may_match)(text).then(|| self.regex.split(text));
        let whole = split.is_none().then_some(text);
        split.into_iter().flatten().chain(whole)
    }
}

/// A character of a name after its first: a letter, an apostrophe or a
/// hyphen.
pub(crate) fn name_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\'' | '’' | '-')
}

/// The surname of one author written surname first, `Reyes, A. M.` or
/// `Reyes, Ada M.`: a capitalised surname, a comma and white space, then
/// capitalised given names or initials, at least one of them an initial.
///
/// The given names are words that each start with a capital and may end
/// with a full stop, with white space or nothing between them (`J.R.`,
/// `McD.`). Read by hand rather than with a pattern: a pattern over
/// Unicode's letter classes costs 400 KB of automaton and search cache per
/// thread for what is a look at each character and its neighbour.
fn inverted_surname(text: &str) -> Option<&str> {
    let (surname, given) = text.split_once(',')?;
    let mut letters = surname.chars();
    let capital = letters.next().is_some_and(char::is_uppercase);
    let rest = letters.as_str();
    if !capital || rest.is_empty() || !rest.chars().all(name_char) {
        return None;
    }
    let given_names = given.trim_start();
    if given_names.len() == given.len() || !given_names_with_initial(given_names) {
        return None;
    }
    Some(surname)
}

/// See [`inverted_surname`].
fn given_names_with_initial(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    if !chars.peek().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let mut initial = false;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let fits = match c {
            // A full stop ends a word: white space or the next word follows.
            '.' => next.is_none_or(|n| n.is_whitespace() || n.is_uppercase()),
            // Between words; the text does not end with it.
            c if c.is_whitespace() => next.is_some_and(|n| n.is_whitespace() || n.is_uppercase()),
            c => name_char(c),
        };
        if !fits {
            return false;
        }
        initial |= c.is_uppercase() && next == Some('.');
    }
    initial
}

/// Whether `text` holds four ASCII digits in a row, as every year, date
/// and access date needs.
fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Whether [`DATE`] may match: four digits and a capital that a month or
/// a season starts with.
fn may_hold_date(text: &str) -> bool {
    has_four_digits(text)
        && text.bytes().any(|b| {
            matches!(
                b,
                b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D' | b'W'
            )
        })
}

/// Whether [`ACCESSED`] may match. The words are tested without `s` and
/// `k`, the only ASCII letters that a non-ASCII letter folds to.
fn may_hold_access_date(text: &str) -> bool {
    has_four_digits(text)
        && (contains_ignore_ascii_case(text, "acce")
            || contains_ignore_ascii_case(text, "retrieved")
            || contains_ignore_ascii_case(text, "viewed"))
}

/// Whether [`EMPTY_LABEL`] may match: the text ends, but for white space
/// and punctuation, with the last word of a label. A final `K` may be the
/// Kelvin sign, which folds to the `k` of `link`.
fn may_hold_empty_label(text: &str) -> bool {
    let rest = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':'));
    let ends_with = |word: &str| {
        rest.len() >= word.len()
            && rest.as_bytes()[rest.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
    };
    rest.ends_with('\u{212a}')
        || ["at", "from", "online", "url", "link"]
            .into_iter()
            .any(ends_with)
}

/// Whether [`IBID`] may match: it starts with an `i` or an `e`.
fn may_be_ibid(text: &str) -> bool {
    text.as_bytes()
        .first()
        .is_some_and(|b| !b.is_ascii() || matches!(b.to_ascii_lowercase(), b'i' | b'e'))
}

/// `word` is lower-case ASCII.
fn contains_ignore_ascii_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this module; a bad one is a bug that the
    // unit tests catch on their first run.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid built-in pattern {pattern}: {e}"))
}

/// Words that name an organisation rather than a person.
const ORGANISATION_WORDS: &[&str] = &[
    "institute",
    "institution",
    "fund",
    "government",
    "commission",
    "council",
    "organisation",
    "organization",
    "university",
    "ministry",
    "agency",
    "bank",
    "office",
    "center",
    "centre",
    "union",
    "association",
    "foundation",
    "department",
    "committee",
    "service",
    "nations",
    "forum",
    "group",
    "bureau",
    "society",
    "press",
    "news",
    "programme",
    "program",
];

/// Lower-case words that belong to a surname (`de Goeij`, `van der Berg`).
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "ten", "ter", "del", "dos",
];

/// Words that open a note's gloss or comment, in the place of authors.
const GLOSS_WORDS: &[&str] = &[
    "Or",
    "And",
    "But",
    "So",
    "Also",
    "That is",
    "I.e.",
    "i.e.",
    "Namely",
    "Literally",
    "Here",
    "Thus",
    "Hence",
];

/// Words at the start of a citation that introduce it rather than name anyone.
const SIGNALS: &[&str] = &[
    "See also ",
    "see also ",
    "See generally ",
    "see generally ",
    "But see ",
    "but see ",
    "See ",
    "see ",
    "Cf. ",
    "cf. ",
    // As a hurried note writes it, without the point.
    "Cf ",
    "E.g., ",
    "e.g., ",
    // German, French and Spanish: compare, see.
    "Vgl. auch ",
    "vgl. auch ",
    "Vgl. ",
    "vgl. ",
    "Siehe ",
    "siehe ",
    "Voir ",
    "voir ",
    "Véase ",
    "véase ",
];

/// `text` without the signal that opens it, if any (`See also `,
/// `Vgl. `).
fn without_signal(text: &str) -> &str {
    // Most citations start with a name, and are settled by their first
    // byte: no signal starts with it.
    let Some(&first) = text.as_bytes().first() else {
        return text;
    };
    if !SIGNALS.iter().any(|s| s.as_bytes().first() == Some(&first)) {
        return text;
    }
    let mut text = text;
    for signal in SIGNALS {
        if let Some(rest) = text.strip_prefix(signal) {
            text = rest;
        } else if text == signal.trim_end() {
            // All there is before a title: `See _Oglesby_`.
            return "";
        }
    }
    text
}

/// Reads every citation in a note body.
pub fn parse_note(body: &str, spans: &InlineSpans) -> Vec<Citation> {
    let mut citations = Vec::new();
    for piece in split(body, spans) {
        let mut previous_end = None;
        for part in split_run_on(body, piece, spans) {
            let run_on = previous_end.map(|end| end..part.start);
            previous_end = Some(part.end);
            citations.push(parse_one(body, part, spans, run_on));
        }
    }
    // A citation is several hundred bytes and most notes hold one: the
    // growth reserve of four would be most of the analysis's memory.
    citations.shrink_to_fit();
    citations
}

/// Whether byte `at` of the body is inside a title or link span.
fn in_span(spans: &InlineSpans, at: usize) -> Option<Range<usize>> {
    spans
        .titles
        .iter()
        .map(|t| t.range.clone())
        .chain(spans.links.iter().cloned())
        .find(|r| r.start <= at && at < r.end)
}

/// Splits a body at `;` outside quotations, emphasis, links and brackets;
/// returns each piece without surrounding white space.
fn split(body: &str, spans: &InlineSpans) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    let bytes = body.as_bytes();
    while i < bytes.len() {
        if let Some(span) = in_span(spans, i) {
            i = span.end;
            continue;
        }
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            // `&nbsp;`, `&#160;`: the end of a character reference in an
            // HTML export, not a separator.
            b';' if depth == 0 && !ends_entity(&bytes[start..i]) => {
                pieces.push(start..i);
                start = i + 1;
            }
            // `Gould 1966, S. 6, sowie Vasari, Giorgio: …`: German joins a
            // second work with "as well as".
            b',' if depth == 0 && bytes[i..].starts_with(b", sowie ") => {
                pieces.push(start..i);
                i += ", sowie ".len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    pieces.push(start..body.len());
    let pieces: Vec<Range<usize>> = pieces
        .into_iter()
        .map(|r| trim(body, r))
        .filter(|r| !r.is_empty())
        .collect();
    // `Long, Hoyt; So, Richard Jean: Turbulent Flow …`: where a piece is
    // nothing but a name written surname first, the `;` separated authors
    // (as German and other bibliographies write them), not citations.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(pieces.len());
    let mut joined = false;
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if joined => last.end = piece.end,
            _ => merged.push(piece.clone()),
        }
        joined = only_a_name(&body[piece]);
    }
    merged
}

/// Whether `before` (the text up to a `;`) ends with the start of an HTML
/// character reference: `&nbsp`, `&amp`, `&#160`, `&#x2014`.
fn ends_entity(before: &[u8]) -> bool {
    let name = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    name > 0 && name <= 8 && before.len() > name && before[before.len() - name - 1] == b'&'
}

/// Whether `text` is one person's name written surname first and nothing
/// else: `Long, Hoyt`, `So, Richard Jean`, `Reyes, A. M.`.
fn only_a_name(text: &str) -> bool {
    let Some((surname, given)) = text.split_once(',') else {
        return false;
    };
    let word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| name_char(c) || c == '.')
    };
    // Capitalised words, `fewest..=most` of them.
    let words = |part: &str, fewest: usize, most: usize| {
        let mut count = 0;
        for w in part.split_whitespace() {
            count += 1;
            if count > most || !word(w) {
                return false;
            }
        }
        count >= fewest
    };
    text.len() <= 48 && words(surname, 1, 2) && words(given, 1, 3)
}

/// `range` without white space at either end.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Titles inside `range`, in order.
fn titles_in<'s>(
    spans: &'s InlineSpans,
    range: &Range<usize>,
) -> impl Iterator<Item = &'s TitleSpan> {
    let range = range.clone();
    spans
        .titles
        .iter()
        .filter(move |t| t.range.start >= range.start && t.range.end <= range.end)
}

/// The end of the parenthesised group that opens at `open`, if it closes.
fn group_end(text: &str, open: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..limit].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first `(…)` group in `range`, outside title spans, that holds a year.
fn publication_group(body: &str, range: Range<usize>, spans: &InlineSpans) -> Option<Range<usize>> {
    let mut i = range.start;
    while i < range.end {
        if let Some(span) = in_span(spans, i) {
            i = span.end.max(i + 1);
            continue;
        }
        if body.as_bytes()[i] == b'(' {
            let end = group_end(body, i, range.end)?;
            if YEAR.is_match(&body[i..end]) {
                return Some(i..end);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

/// Splits a piece where a second citation starts with no separator: right
/// after a publication group `(… 2015)` that follows a title, where a
/// capitalised name and another title come next.
fn split_run_on(body: &str, piece: Range<usize>, spans: &InlineSpans) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut rest = piece;
    'outer: loop {
        let Some(first_title) = titles_in(spans, &rest).next() else {
            break;
        };
        let mut from = first_title.range.end;
        while let Some(group) = publication_group(body, from..rest.end, spans) {
            let after = trim(body, group.end..rest.end);
            let next_title = titles_in(spans, &after).next();
            let starts_name = body[after.clone()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if let Some(next) = next_title
                && starts_name
                && body[after.start..next.range.start].contains(',')
                && !body[after.start..next.range.start].contains('(')
                && reads_as_names(&body[after.start..next.range.start])
            {
                parts.push(rest.start..group.end);
                rest = after;
                continue 'outer;
            }
            from = group.end;
        }
        break;
    }
    parts.push(rest);
    parts
}

/// Whether the text before a comma reads as the names that open a
/// citation (`Marta Quill,`, `Ada van Dijk,`) rather than a sentence that
/// comments on the source just given (`After reading the rules,`).
fn reads_as_names(text: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "van", "von", "de", "der", "den", "la", "le", "du", "di", "da", "del", "dos", "y", "and",
        "&", "et", "al.", "ten", "ter", "zu",
    ];
    let head = text.split(',').next().unwrap_or("");
    let mut words = 0;
    for word in head.split_whitespace() {
        words += 1;
        let capital = word
            .trim_start_matches(['“', '"', '\'', '‘', '*', '_'])
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase());
        if words > 6 || !(capital || PARTICLES.contains(&word)) {
            return false;
        }
    }
    words > 0
}

fn field(body: &str, range: Range<usize>) -> Field {
    Field {
        text: body[range.clone()].to_string(),
        range,
    }
}

/// `range` without trailing punctuation that separates fields.
fn trim_punct(text: &str, range: Range<usize>) -> Range<usize> {
    let r = trim(text, range);
    let s = &text[r.clone()];
    let t = s.trim_end_matches([',', ';', ':', ' ', '\t']);
    let t = t.trim_start_matches([',', ';', ':', '.', ' ', '\t']);
    let start = r.start + (s.len() - s.trim_start_matches([',', ';', ':', '.', ' ', '\t']).len());
    let end = start + t.len();
    start..end.max(start)
}

fn parse_one(
    body: &str,
    range: Range<usize>,
    spans: &InlineSpans,
    run_on: Option<Range<usize>>,
) -> Citation {
    let text = &body[range.clone()];
    let mut c = Citation {
        range: range.clone(),
        kind: CitationKind::Text,
        authors: Vec::new(),
        et_al: false,
        title: None,
        title_style: None,
        container: None,
        place: None,
        publisher: None,
        volume: None,
        issue: None,
        date: None,
        year: None,
        pages: None,
        url: None,
        accessed: None,
        lost_url: None,
        run_on,
        title_key: String::new(),
        supra_note: None,
    };
    c.url = spans
        .links
        .iter()
        .find(|l| l.start >= range.start && l.end <= range.end)
        .map(|l| field(body, l.clone()));

    // `Vgl. ebd., S. 7`, `See id. at 5`, `Cf. ibid.`: a signal before the
    // word changes how the work is cited, not which.
    let unsignalled = without_signal(text);
    let signal_len = text.len() - unsignalled.len();
    if let Some(m) = IBID.find(unsignalled) {
        c.kind = CitationKind::Ibid;
        let rest = trim_punct(body, range.start + signal_len + m.end()..range.end);
        let rest = strip_final_period(body, rest);
        if !rest.is_empty() {
            c.pages = Some(field(body, rest));
        }
        return c;
    }

    // `Shafranovich (2005), p. 40`, `Kletz 1990, p. 3`: a work named by its
    // author and year, as author-date writing cites in notes; it stands for
    // the full citation of that author and year.
    // A link to the work on the web (`Zachary Simpson (1999), [The In-game
    // Economics of Ultima Online](https://…)`) makes it a full citation.
    let linked = text.contains("](http");
    if titles_in(spans, &range).next().is_none()
        && c.url.is_none()
        && !linked
        && let Some((name, year, len)) = leading_author_date(text)
    {
        let lead = text.len() - text.trim_start().len();
        let after = range.start + lead + len;
        if title_follows_the_year(&body[after..range.end]) {
            // `Cal Newport (2016): Deep Work. Rules …, London: Piatkus.`
            let name_start = range.start + lead;
            read_authors(body, name_start..name_start + name.len(), &mut c);
            let title_start = after + 1;
            let rest = &body[title_start..range.end];
            let title_end = rest
                .find(". ")
                .or_else(|| rest.find(", "))
                .map_or(range.end, |e| title_start + e);
            c.title = Some(field(body, trim_punct(body, title_start..title_end)));
            c.title_style = Some(TitleStyle::Plain);
            read_details(body, title_end..range.end, spans, &mut c);
            c.year = Some(year);
            c.kind = CitationKind::Full;
            derive_fields(body, &range, &mut c);
            return c;
        }
        read_details(body, range.start + lead + len..range.end, spans, &mut c);
        c.container = None;
        c.publisher = None;
        c.date = None;
        c.authors = vec![Author {
            name: name.to_string(),
            keys: vec![normalize(name)],
        }];
        c.year = Some(year);
        c.kind = CitationKind::ShortForm;
        return c;
    }

    let mut titles = titles_in(spans, &range);
    let first = titles.next().cloned();
    let second = titles.next().cloned();
    let after_title;
    match &first {
        Some(t) => {
            read_authors(body, range.start..t.range.start, &mut c);
            if c.authors.is_empty() {
                authors_after_title(body, t.range.end..range.end, &mut c);
            }
            let inner = trim_punct(body, t.inner.clone());
            let inner = strip_final_period(body, inner);
            c.title = Some(field(body, inner));
            c.title_style = Some(t.style);
            after_title = t.range.end;
            if t.style == TitleStyle::Quoted
                && let Some(s) = &second
                && s.style == TitleStyle::Emphasis
                && body[t.range.end..s.range.start]
                    .trim_matches([',', ' ', '.'])
                    .is_empty()
            {
                c.container = Some(field(body, trim_punct(body, s.inner.clone())));
            }
        }
        None => {
            let group = publication_group(body, range.clone(), spans);
            let head_end = group.as_ref().map_or(range.end, |g| g.start);
            let head = trim(body, range.start..head_end);
            let head_text = &body[head.clone()];
            if group.is_some() {
                match head_text.find(", ") {
                    Some(comma) if looks_like_names(&head_text[..comma]) => {
                        read_authors(body, head.start..head.start + comma, &mut c);
                        c.title = Some(field(
                            body,
                            trim_punct(body, head.start + comma + 1..head.end),
                        ));
                    }
                    _ => c.title = Some(field(body, trim_punct(body, head.clone()))),
                }
                c.title_style = Some(TitleStyle::Plain);
                after_title = head_end;
            } else if let Some(comma) = head_text.find(',')
                && looks_like_names(&head_text[..comma])
            {
                // `Smith, 45.`: an author and a locator.
                read_authors(body, head.start..head.start + comma, &mut c);
                after_title = head.start + comma;
            } else {
                after_title = range.end;
            }
        }
    }

    read_details(body, after_title..range.end, spans, &mut c);
    derive_fields(body, &range, &mut c);
    let published = c.container.is_some()
        || c.year.is_some()
        || c.date.is_some()
        || c.url.is_some()
        || c.publisher.is_some()
        || c.accessed.is_some()
        || c.lost_url.is_some()
        || linked;
    // `Haible, Bruno (2007-02-11). "…"`: a date in parentheses right after
    // the names, as Wikipedia's templates and APA write a full citation,
    // even where the title's quotes hide the names from the reader above.
    let dated = parenthesised_year(&body[range.clone()]);
    if c.year.is_none() {
        c.year = dated;
    }
    // A citation names its work first: by its author (`Laruelle, *Russian
    // Nationalism*, 89`) or by its title. A note that starts otherwise
    // (`Shafranovich (2005) states, "…"`, `On this point, see …`) is
    // commentary, however many titles it quotes.
    let starts_with_title = c.title.as_ref().is_some_and(|t| {
        body[range.start..t.range.start.max(range.start)]
            .chars()
            .all(|ch| !ch.is_alphanumeric())
    });
    // One that names its work by the title alone is that work's citation:
    // a short form is the author's name and a short title.
    c.kind = if published || dated.is_some() || (starts_with_title && c.authors.is_empty()) {
        CitationKind::Full
    } else if !c.authors.is_empty()
        && (c.title.is_some() || c.pages.is_some())
        && !first.as_ref().is_some_and(|t| {
            quoted_in_a_sentence(
                &body[range.start..t.range.start.max(range.start)],
                &body[after_title.min(range.end)..range.end],
            )
        })
    {
        // A name alone (`Second, continued.`) names no work; nor does a
        // sentence that quotes a word on its way (`The Guernsey “crâsset”
        // was a lamp of iron …`).
        CitationKind::ShortForm
    } else {
        CitationKind::Text
    };
    // A work given in full after a sentence or clause of the note's own:
    // its authors are the names right before its title. Only a dated or
    // published one: a container alone may be a locator (`Lib. I`).
    if c.kind == CitationKind::Full
        && c.authors.is_empty()
        && (c.year.is_some() || c.publisher.is_some())
        && let Some(t) = &first
        && let Some(head) = body.get(range.start..t.range.start)
        && let Some(start) = names_after_commentary(head)
    {
        read_authors(body, range.start + start..t.range.start, &mut c);
    }
    // `Fowler, *supra* note 20.`: a pointer back is a short form, whatever
    // else the words give.
    if c.supra_note.is_some() {
        c.kind = CitationKind::ShortForm;
    }
    c
}

/// Whether a title sits in a sentence rather than names a work: five words
/// or more of running text follow it (`The harbour “lanterne” was a lamp of
/// iron …`). A short form sets its title off from the name with a comma and
/// has its pages, volume or note number right after the title (`Fenn,
/// *Lamps*, vol. 2, 40`), perhaps with a comment after them (`…, 40, where
/// she describes the harbour`).
fn quoted_in_a_sentence(before: &str, after: &str) -> bool {
    let set_off = before.trim_end().ends_with(',');
    let words = after.split_whitespace().map(|raw| {
        raw.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '§')
            .trim_end_matches([',', ';', ':', ')'])
    });
    let locator = words.clone().find(|w| !w.is_empty()).is_some_and(|w| {
        w.starts_with(|c: char| c.is_ascii_digit() || c == '§')
            || matches!(
                w.to_lowercase().as_str(),
                "p." | "pp."
                    | "vol."
                    | "vols."
                    | "ch."
                    | "chap."
                    | "n."
                    | "nn."
                    | "no."
                    | "art."
                    | "sec."
                    | "fol."
                    | "f."
                    | "ff."
                    | "col."
                    | "l."
                    | "ll."
                    | "at"
            )
    });
    // Without the comma, a title followed by a few words of prose is a
    // word of the sentence set in bold or italics (`Tea **was** the main
    // drink`).
    let enough = if set_off { 5 } else { 2 };
    !(set_off && locator)
        && words
            .filter(|w| {
                // `vol.`, `cit.`: an abbreviation; `iv`: a numeral.
                let abbreviation = w.ends_with('.') && w.chars().count() <= 5;
                let word = w.trim_matches(|c: char| !c.is_alphanumeric());
                let roman = word.chars().all(|c| "ivxlcdm".contains(c));
                !abbreviation
                    && !roman
                    && word.chars().count() >= 2
                    && word.chars().any(char::is_lowercase)
                    && !word.chars().any(|c| c.is_ascii_digit())
            })
            .take(enough)
            .count()
            >= enough
}

/// The surname and year that a citation opens with, author-date style:
/// `Shafranovich (2005)`, `Kletz 1990,`, `van Dijk (2019a)`.
/// Sets what a citation's read fields decide: whether its URL was lost,
/// and the title as it is compared.
fn derive_fields(body: &str, range: &Range<usize>, c: &mut Citation) {
    c.lost_url = lost_url(body, range, c);
    if let Some(digits) = SUPRA.captures(&body[range.clone()]).and_then(|m| m.get(1)) {
        c.supra_note = Some(field(
            body,
            range.start + digits.start()..range.start + digits.end(),
        ));
        // `Szalvay, *supra* note 6`: the emphasised word is no title.
        if c.title.as_ref().is_some_and(|t| {
            t.text
                .trim_matches(|ch: char| !ch.is_alphanumeric())
                .eq_ignore_ascii_case("supra")
        }) {
            c.title = None;
            c.title_style = None;
        }
    }
    c.title_key = c
        .title
        .as_ref()
        .map(|t| title_key(&t.text))
        .unwrap_or_default();
}

/// Whether what follows `Author (Year)` is a title and its publication
/// (`: Deep Work. Rules for …, London: Piatkus.`), as German and
/// Zettelkasten styles write a full citation, rather than the page of a
/// short one (`: 12`, `, p. 40`).
fn title_follows_the_year(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(':') else {
        return vancouver_title(after);
    };
    let words = rest.split_whitespace().count();
    let starts_with_a_word = rest
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_alphabetic);
    starts_with_a_word && words >= 4
}

/// Whether the text after a parenthesised year goes on as a numbered
/// reference list in Vancouver or PLOS style does: a title, a full stop,
/// and a journal with its volume and pages (`Eagleman DM (2008) Human time
/// perception and its illusions. Curr Opin Neurobiol 18: 131-136.`) or a
/// publisher, where a short form goes on with its page.
fn vancouver_title(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let Some((title, journal)) = rest.split_once(". ") else {
        return false;
    };
    let volume_and_pages = journal
        .find(|c: char| c.is_ascii_digit())
        .is_some_and(|at| {
            let numbers = &journal[at..];
            let volume = numbers.trim_start_matches(|c: char| c.is_ascii_digit());
            volume.starts_with(": ") || volume.starts_with(':') || volume.starts_with('(')
        });
    let publisher = ["Press", "Publish", "Verlag", "Books"]
        .iter()
        .any(|w| journal.contains(w));
    let words = title.split_whitespace().count();
    title.starts_with(char::is_alphabetic)
        && ((words >= 2 && volume_and_pages) || (words >= 3 && publisher))
}

fn leading_author_date(text: &str) -> Option<(&str, u16, usize)> {
    let text = text.trim_start();
    let mut end = 0;
    let words_at = text.split(' ').scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len() + 1;
        Some((at, w))
    });
    for (words, (at, word)) in words_at.enumerate() {
        let bare = word.trim_start_matches('(');
        if let Some(year) = leading_year(bare)
            && words > 0
        {
            let after = &bare[4..];
            let suffix = after.trim_start_matches(|c: char| c.is_ascii_lowercase());
            let (closed, len) = if word.starts_with('(') {
                (suffix.starts_with(')'), at + word.len() - suffix.len() + 1)
            } else {
                (
                    after.starts_with([',', ';', '.', ':'])
                        || (after.is_empty() && at + word.len() >= text.trim_end().len()),
                    at + word.len() - after.len(),
                )
            };
            return closed.then_some((text[..end].trim_end(), year, len));
        }
        // `In 1825, his nephew …`: a sentence that opens with a date.
        let preposition = words == 0
            && matches!(
                word,
                "In" | "On"
                    | "At"
                    | "By"
                    | "From"
                    | "Since"
                    | "Until"
                    | "After"
                    | "Before"
                    | "About"
                    | "Around"
                    | "During"
                    | "Circa"
                    | "Also"
                    | "Then"
            );
        let surname = !preposition
            && word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(name_char);
        let particle = matches!(
            word,
            "van" | "von" | "der" | "de" | "del" | "la" | "le" | "di"
        );
        if !(surname || particle) || words >= 3 {
            return None;
        }
        end = at + word.len();
    }
    None
}

/// A year in parentheses within the first words of a citation:
/// `(2007-02-11)`, `(October 2005)`, `(2007a)`.
fn parenthesised_year(text: &str) -> Option<u16> {
    let head = text.get(..text.len().min(80)).unwrap_or(text);
    let mut rest = head;
    while let Some(open) = rest.find('(') {
        let inner = &rest[open + 1..];
        let Some(close) = inner.find(')') else {
            break;
        };
        let inside = &inner[..close];
        if inside.len() <= 24 {
            let year = inside
                .split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 4)
                .and_then(|w| w.parse::<u16>().ok())
                .filter(|y| (1500..2100).contains(y));
            if year.is_some() {
                return year;
            }
        }
        rest = &inner[close..];
    }
    None
}

/// The year that `text` starts with (`2005-04-06`, `2007a`, `1999, p. 3`).
fn leading_year(text: &str) -> Option<u16> {
    let digits = text.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || text.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let year: u16 = digits.parse().ok()?;
    (1500..2100).contains(&year).then_some(year)
}

/// Drops one final period (the end of the note), keeping an abbreviation's.
fn strip_final_period(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    if s.ends_with('.') && !s.ends_with("..") {
        let before = s[..s.len() - 1].chars().next_back();
        // `W.` in `Jeffrey W.` keeps its period; so does `et al.`
        let initial = before.is_some_and(char::is_uppercase)
            && s[..s.len() - 1]
                .chars()
                .rev()
                .nth(1)
                .is_none_or(|c| c == ' ');
        if !initial && !s.ends_with("al.") {
            return range.start..range.end - 1;
        }
    }
    range
}

/// Whether `text` reads as a list of names (each part capitalised and short).
fn looks_like_names(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.len() > 160 {
        return false;
    }
    // A gloss that starts a note (`Or, 'Mix it up'`, `That is, *the
    // bell*`) and a possessive (`Moore's *Irish Melodies*`, prose that
    // names a work) are no list of authors.
    let bare = text.trim_end_matches([',', ' ']);
    if GLOSS_WORDS.contains(&bare) || bare.ends_with("'s") || bare.ends_with("’s") {
        return false;
    }
    let name_word = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '(')
            || PARTICLES.contains(&w)
            || matches!(
                w,
                "et" | "al." | "of" | "for" | "the" | "and" | "eds." | "ed."
            )
    };
    AUTHOR_SPLIT.split(text).all(|part| {
        let mut words = 0;
        let mut last = "";
        for w in part.split_whitespace() {
            words += 1;
            if words > 7 || !name_word(w) {
                return false;
            }
            last = w;
        }
        // A name ends with a name (`Bank of England`), not with the word
        // that joins it to one (`Latin for “among other things”`).
        words > 0 && !matches!(last, "of" | "for" | "the" | "and")
    })
}

/// The author named after the title, as older citations and other
/// languages write it: `“Die Lage …,” von Lena Park, Leipzig, 1845`,
/// `*The Harbour*, by Ada Fenn, 1901`.
fn authors_after_title(body: &str, after: Range<usize>, c: &mut Citation) {
    let text = &body[after.clone()];
    let mut lead = text.len() - text.trim_start_matches([',', ' ']).len();
    // A translation of the title in brackets between them:
    // `“Die Lage …,” \[The Condition …\] von Friedrich Engels`.
    for (open, close) in [("\\[", "\\]"), ("[", "]")] {
        if let Some(inside) = text[lead..].strip_prefix(open)
            && let Some(end) = inside.find(close)
        {
            let skipped = &text[lead + open.len() + end + close.len()..];
            lead = text.len() - skipped.trim_start_matches([',', ' ']).len();
            break;
        }
    }
    let rest = &text[lead..];
    let Some(word) = ["von ", "by ", "par ", "di "]
        .iter()
        .find(|w| rest.starts_with(*w))
    else {
        return;
    };
    let start = after.start + lead + word.len();
    let names = &body[start..after.end];
    let end = names.find([',', ';', '(']).unwrap_or(names.len());
    let name = names[..end].trim_end_matches(['.', ' ']);
    if name.split_whitespace().count() <= 4 && looks_like_names(name) {
        read_authors(body, start..start + name.len(), c);
    }
}

fn read_authors(body: &str, range: Range<usize>, c: &mut Citation) {
    let mut text = body[range].trim().trim_end_matches([',', ' ']).trim();
    // `Torvalds, Linus (2005-04-06).`: the names followed by the work's
    // date, as Wikipedia's citation templates and APA write them. The date
    // makes the citation a full one.
    let dated = text.trim_end_matches('.').trim_end();
    if let Some(inner) = dated.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
        && let Some(year) =
            leading_year(&inner[open + 2..]).or_else(|| parenthesised_year(&dated[open + 1..]))
    {
        c.year.get_or_insert(year);
        text = inner[..open].trim_end_matches([',', ' ']);
    }
    text = without_signal(text);
    for suffix in [
        ", eds.", ", ed.", " (eds.)", " (ed.)", " eds.", " ed.", ", trans.", ", comp.",
    ] {
        if let Some(rest) = text.strip_suffix(suffix) {
            text = rest.trim_end_matches([',', ' ']);
        }
    }
    if let Some(rest) = text.strip_suffix("et al.") {
        c.et_al = true;
        text = rest.trim_end_matches([',', ' ']);
    }
    // `Goldstone, Andrew: Teaching …`: names ended by a colon, as German
    // and other bibliographies write them, before a title the reader above
    // took for part of the names.
    let mut names = looks_like_names(text);
    if !names
        && let Some((before, _)) = text.split_once(": ")
        && only_a_name(before)
    {
        text = before;
        names = looks_like_names(text);
    }
    if text.is_empty() || !names {
        return;
    }
    if let Some(surname) = inverted_surname(text) {
        c.authors.push(Author {
            name: text.to_string(),
            keys: vec![normalize(surname)],
        });
        return;
    }
    for part in AUTHOR_SPLIT.split(text) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        c.authors.push(author(part));
    }
    // Most citations name one author; a list grown by pushes holds room
    // for four, in every note of the document.
    c.authors.shrink_to_fit();
}

/// Where the names that end `text` start, after a sentence, a clause or
/// a signal of the note's own (`Otro texto. Francesco Maiolo`, `Sobre las
/// acciones colectivas: Renée Soulodre-La France`, `…, véase Víctor Tau
/// Anzoátegui`).
fn names_after_commentary(text: &str) -> Option<usize> {
    let sentence = [". ", ": "]
        .iter()
        .filter_map(|b| text.rfind(b).map(|at| at + b.len()))
        .max();
    let signal = SIGNALS
        .iter()
        .filter(|s| s.starts_with(char::is_lowercase))
        .filter_map(|s| {
            text.rmatch_indices(s)
                .find(|&(at, _)| text.as_bytes().get(at.wrapping_sub(1)) == Some(&b' '))
                .map(|(at, _)| at + s.len())
        })
        .max();
    let start = sentence.max(signal)?;
    let after = text.get(start..)?.trim_end().trim_end_matches(',');
    (after.starts_with(char::is_uppercase) && looks_like_names(after)).then_some(start)
}

fn author(name: &str) -> Author {
    let (base, alias) = match ORG_ALIAS.captures(name) {
        Some(m) => (
            m.get(1).map_or(name, |g| g.as_str()),
            m.get(2).map(|g| g.as_str().to_lowercase()),
        ),
        None => (name, None),
    };
    let mut words: Vec<&str> = base.split_whitespace().collect();
    // `Weiss Y`, `Stocker AA`: Vancouver style writes the initials after
    // the surname, without full stops.
    if words.len() >= 2
        && words[0].chars().count() > 1
        && words.last().is_some_and(|w| {
            (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
        })
    {
        words.pop();
    }
    let organisation = alias.is_some() || is_organisation(base);
    // Four or five capitalised words with no word an organisation is named
    // by may be a person with two given names and two surnames (`María
    // Inmaculada Rodríguez Flores`), whom a short form names by surname.
    let person_too = organisation
        && alias.is_none()
        && words.len() <= 5
        && !has_organisation_word(&words)
        && words
            .iter()
            .all(|w| PARTICLES.contains(w) || w.chars().next().is_some_and(char::is_uppercase));
    let mut keys = Vec::new();
    if organisation {
        keys.push(normalize(base));
    }
    if (!organisation || person_too)
        && let Some(last) = words.last()
    {
        let first_particle =
            words
                .iter()
                .rposition(|w| !PARTICLES.contains(w))
                .map_or(0, |last_name| {
                    let mut i = last_name;
                    while i > 0 && PARTICLES.contains(&words[i - 1]) {
                        i -= 1;
                    }
                    i
                });
        let with_particles = words[first_particle..].join(" ");
        keys.push(normalize(&with_particles));
        let bare = normalize(last);
        if !keys.contains(&bare) {
            keys.push(bare);
        }
    }
    if let Some(alias) = alias {
        keys.push(alias);
    }
    keys.retain(|k| !k.is_empty());
    // Kept for as long as the document is open, one list per author of
    // every note: a list grown by pushes holds room for four.
    keys.shrink_to_fit();
    Author {
        name: name.to_string(),
        keys,
    }
}

/// Whether a name (without an abbreviation in parentheses) is an
/// organisation's rather than a person's: four words or more, or a word such
/// as `Institute` or `Ministry`.
pub fn is_organisation(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 4 || has_organisation_word(&words)
}

fn has_organisation_word(words: &[&str]) -> bool {
    words.iter().any(|w| {
        let w = w.trim_matches(',');
        if w.is_ascii() {
            ORGANISATION_WORDS.iter().any(|o| o.eq_ignore_ascii_case(w))
        } else {
            ORGANISATION_WORDS.contains(&w.to_lowercase().as_str())
        }
    })
}

/// The form in which titles are compared: [`normalize`]d, without a final
/// ellipsis and without a leading article, which Chicago short titles drop
/// (`*Tragedy of Great Power Politics*` for *The Tragedy of …*).
pub fn title_key(title: &str) -> String {
    let mut key = normalize(title.trim_end_matches(['…', '.', ' ']));
    // A quotation inside the title (`"'Ausente como si fuésedes
    // presente'. Perdón, …"`) is dropped by a short title, which quotes
    // the words alone.
    if key.contains('\'') {
        key = key
            .split(' ')
            .map(|w| w.trim_matches('\''))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = key.strip_prefix(article) {
            return rest.to_string();
        }
    }
    key
}

/// Lower case, curly apostrophes folded, punctuation and emphasis marks
/// dropped, white space collapsed: the form in which names and titles are
/// compared.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars() {
        let ch = match ch {
            '’' | '‘' | '`' => '\'',
            _ => ch,
        };
        if ch.is_alphanumeric() || ch == '\'' || ch == '$' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if ch.is_ascii() {
                out.push(ch.to_ascii_lowercase());
            } else {
                out.extend(ch.to_lowercase());
            }
        } else if ch.is_whitespace() || ch == '-' || ch == '–' || ch == '—' || ch == '/' {
            space = true;
        }
    }
    out
}

/// Container, publisher, date, volume, pages and access date, from the part
/// of a citation after its title.
fn read_details(body: &str, range: Range<usize>, spans: &InlineSpans, c: &mut Citation) {
    if range.is_empty() {
        return;
    }
    let text = &body[range.clone()];
    let at = |r: Range<usize>| range.start + r.start..range.start + r.end;

    if let Some(m) = ACCESSED.captures(text)
        && let Some(date) = m.get(1)
    {
        c.accessed = Some(field(body, at(date.range())));
    }
    let group = publication_group(body, range.clone(), spans);
    if let Some(g) = &group {
        let inner = g.start + 1..g.end - 1;
        let inner_text = &body[inner.clone()];
        if let Some(colon) = inner_text.find(':') {
            c.place = Some(field(
                body,
                trim_punct(body, inner.start..inner.start + colon),
            ));
            let after = inner.start + colon + 1..inner.end;
            let after_text = &body[after.clone()];
            let cut = after_text.rfind(',').unwrap_or(after_text.len());
            let publisher = trim_punct(body, after.start..after.start + cut);
            if !publisher.is_empty() && !DATE.is_match(&body[publisher.clone()]) {
                c.publisher = Some(field(body, publisher));
            }
        } else if let Some(comma) = inner_text.rfind(',') {
            let name = trim_punct(body, inner.start..inner.start + comma);
            let name_text = &body[name.clone()];
            if !name.is_empty() && !DATE.is_match(name_text) && !YEAR.is_match(name_text) {
                c.publisher = Some(field(body, name));
            }
        }
        if let Some(d) = DATE.find(inner_text) {
            c.date = Some(field(body, inner.start + d.start()..inner.start + d.end()));
        }
        if let Some(y) = YEAR.find(inner_text) {
            c.year = y.as_str().parse().ok();
        }
    }
    if c.container.is_none() {
        c.container = leading_container(body, range.clone());
    }
    if c.date.is_none() {
        let accessed_start = c.accessed.as_ref().map(|a| a.range.start);
        if let Some(d) = DATE
            .find_iter(text)
            .find(|d| accessed_start.is_none_or(|s| range.start + d.end() < s))
        {
            c.date = Some(field(body, at(d.range())));
        }
    }
    if c.year.is_none() {
        let source = c.date.as_ref().map_or(text, |d| d.text.as_str());
        // A year inside a URL or an access date is not the year of the work.
        let accessed = c.accessed.as_ref().map(|a| a.range.clone());
        let skip = |at: usize| {
            spans.links.iter().any(|l| l.contains(&at))
                || accessed.as_ref().is_some_and(|a| a.contains(&at))
        };
        c.year = YEAR
            .find_iter(source)
            .filter(|y| c.date.is_some() || !skip(range.start + y.start()))
            .last()
            .and_then(|y| y.as_str().parse().ok());
    }
    if let Some(m) = VOLUME_ISSUE.captures(text) {
        if let (Some(v), Some(i)) = (m.get(1), m.get(2)) {
            c.volume = Some(field(body, at(v.range())));
            c.issue = Some(field(body, at(i.range())));
        }
    } else if let Some(m) = VOLUME_BEFORE_YEAR.captures(text)
        && let Some(v) = m.get(1)
    {
        c.volume = Some(field(body, at(v.range())));
    }
    let pages = PAGES_AFTER_COLON
        .captures(text)
        .and_then(|m| m.get(1))
        .map(|g| g.range())
        .or_else(|| pages_at_end(text));
    if let Some(p) = pages {
        let is_year = c.year.is_some_and(|y| text[p.clone()] == y.to_string());
        if !is_year {
            c.pages = Some(field(body, at(p)));
        }
    }
}

/// The pages that end a citation's details: the match of [`PAGES_AT_END`]
/// without what stands before its first number and after its last, which
/// is the pattern's group. A search for the match alone costs a fraction
/// of resolving the group, and most notes end with a number.
fn pages_at_end(text: &str) -> Option<Range<usize>> {
    let m = PAGES_AT_END.find(text)?;
    let matched = m.as_str();
    let numbers = matched
        .strip_prefix(',')
        .or_else(|| matched.strip_prefix("pp."))
        .or_else(|| matched.strip_prefix("p."))
        .unwrap_or(matched)
        .trim_start();
    let start = m.end() - numbers.len();
    let end = m.start() + matched.rfind(|c: char| c.is_ascii_digit())? + 1;
    Some(start..end)
}

/// The outlet or journal named right after a title: `, Reuters, May 3,` or
/// `The Russian Review 79, no. 4`.
fn leading_container(body: &str, range: Range<usize>) -> Option<Field> {
    let text = &body[range.clone()];
    let skipped = text.len() - text.trim_start_matches([',', '.', ' ', '\t', ':']).len();
    let rest = &text[skipped..];
    if rest.starts_with('(') || rest.is_empty() {
        return None;
    }
    let mut end = rest.len();
    for (i, ch) in rest.char_indices() {
        if ch == ',' || ch == '(' || ch == ';' {
            end = i;
            break;
        }
        if ch == ' ' && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()) {
            end = i;
            break;
        }
    }
    let before_trim = &rest[..end];
    // Whitespace the skip above leaves (a line break) comes off the front
    // too, and the field's range must start after it.
    let lead = before_trim.len() - before_trim.trim_start().len();
    let candidate = before_trim.trim().trim_end_matches('.');
    let lower = candidate.to_lowercase();
    let locator = [
        "p.",
        "pp.",
        "ch.",
        "chap.",
        "vol.",
        "n.",
        "para.",
        "sec.",
        "fig.",
        "table",
        "accessed",
        "retrieved",
        "available",
        "url",
        "http",
        "doi",
        "in ",
    ]
    .iter()
    .any(|l| lower.starts_with(l));
    if candidate.is_empty()
        || candidate.len() > 80
        || locator
        || !candidate.chars().next().is_some_and(char::is_uppercase)
        || DATE.is_match(candidate)
        || candidate
            .chars()
            .all(|c| c.is_ascii_digit() || "–—-:. ".contains(c))
    {
        return None;
    }
    let start = range.start + skipped + lead;
    Some(field(body, start..start + candidate.len()))
}

/// Whether, and where, the citation shows a URL lost in pasting.
fn lost_url(body: &str, range: &Range<usize>, c: &Citation) -> Option<(LostUrl, Range<usize>)> {
    if c.url.is_some() {
        return None;
    }
    let text = &body[range.clone()];
    let at = |r: Range<usize>| range.start + r.start..range.start + r.end;
    if let Some(pos) = text.find("<>") {
        return Some((LostUrl::EmptyAngle, at(pos..pos + 2)));
    }
    // `,,Open-Bewegung"`: two commas opening a word are a German quotation
    // mark, as typed for LaTeX, not the place of a lost address.
    let opens_a_word = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
    if let Some(m) = DOUBLED_COMMA.find_iter(text).find(|m| {
        let quote = (m.as_str() == ",," && opens_a_word(m.end()))
            || (text[m.end()..].starts_with(',') && opens_a_word(m.end() + 1));
        !quote
    }) {
        return Some((LostUrl::DoubledComma, at(m.range())));
    }
    if let Some(m) = EMPTY_LABEL.find(text) {
        let label = text[m.range()].trim_end();
        return Some((LostUrl::EmptyLabel, at(m.start()..m.start() + label.len())));
    }
    let trimmed = text.trim_end();
    if let Some(accessed) = &c.accessed {
        let tail = &body[accessed.range.end..range.end];
        // A period closes the citation (what the rule asks for, and how a
        // pasted Wikipedia reference, whose URL was the title's link, ends):
        // only a comma or nothing leaves the URL's place open.
        if matches!(tail.trim(), "" | ",") {
            let start = ACCESSED
                .find(text)
                .map_or(accessed.range.start, |m| range.start + m.start());
            return Some((LostUrl::BareAccessDate, start..range.start + trimmed.len()));
        }
    }
    if trimmed.ends_with(',') {
        let end = range.start + trimmed.len();
        return Some((LostUrl::TrailingComma, end - 1..end));
    }
    None
}

/// Compiles this module's patterns (see [`super::prepare`]).
pub(crate) fn prepare() {
    for (_, pattern) in PATTERNS {
        LazyLock::force(&pattern.regex);
    }
}

#[cfg(test)]
mod tests;
