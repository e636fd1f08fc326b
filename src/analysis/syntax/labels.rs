//! Note keys: what `[12]`, `¹²`, `[^label]` and their variants refer to.
//!
//! A marker and a note match when their keys are equal, so every spelling
//! of "note 12" (`[12]`, `\[12\]`, `[[12]](#n12)`, `¹²`, `12.`) reduces to
//! the key `12`. Keys come with the byte range they were read from, relative
//! to the start of the text given, so that a rename or a diagnostic can
//! point at the digits rather than at the whole token.

use std::ops::Range;

/// The most keys [`label_keys`] returns for one list: `[1–1000000]` is a
/// typo, not a citation of a million notes.
pub const LABEL_LIST_LIMIT: usize = 1000;

/// The key of a note label or a marker token, and where it is in `text`.
///
/// ```
/// use ibid::analysis::syntax::label_key;
/// assert_eq!(label_key("[12]"), Some(("12".to_owned(), 1..3)));
/// assert_eq!(label_key("¹²"), Some(("12".to_owned(), 0..4)));
/// assert_eq!(label_key("[^intro]"), Some(("intro".to_owned(), 2..7)));
/// assert_eq!(label_key("^[[4]](#ftnt4)"), Some(("4".to_owned(), 3..4)));
/// assert_eq!(label_key("^[see this]"), None);
/// ```
///
/// For a list such as `[4–6]` this is the first key only; use
/// [`label_keys`] for all of them. Pandoc inline notes (`^[…]`) and
/// citations (`[@key]`) have no note key and give `None`.
pub fn label_key(text: &str) -> Option<(String, Range<usize>)> {
    match special(text) {
        Special::Footnote(key) => return Some(key),
        Special::NoKey => return None,
        Special::Digits => {}
    }
    scan(text).runs.into_iter().next().map(Run::into_key)
}

/// Every key of a marker or label, with bracket lists expanded:
/// `[4, 5]` gives 4 and 5, `[4–6]` and `[4-6]` give 4, 5 and 6.
///
/// The keys at the ends of a range point at their own digits; the keys in
/// between point at the whole range (`4–6`), since they have no digits of
/// their own. At most [`LABEL_LIST_LIMIT`] keys are returned.
pub fn label_keys(text: &str) -> Vec<(String, Range<usize>)> {
    match special(text) {
        Special::Footnote(key) => return vec![key],
        Special::NoKey => return Vec::new(),
        Special::Digits => {}
    }
    let Scan { runs, separators } = scan(text);
    let mut keys = Vec::new();
    let mut previous: Option<&Run> = None;
    for (index, run) in runs.iter().enumerate() {
        if let Some(previous) = previous
            && separators[index - 1] == Separator::Range
        {
            expand_between(previous, run, &mut keys);
        }
        if keys.len() >= LABEL_LIST_LIMIT {
            break;
        }
        keys.push(run.key());
        previous = Some(run);
    }
    keys.truncate(LABEL_LIST_LIMIT);
    keys
}

/// The labels whose key is not made of digits.
#[derive(Debug)]
enum Special {
    /// `[^label]`: the key is the label, whatever its characters.
    Footnote((String, Range<usize>)),
    /// Inline notes, citations and empty footnote labels.
    NoKey,
    /// Everything else: the key is read from the digits.
    Digits,
}

fn special(text: &str) -> Special {
    let trimmed = text.trim_start();
    // `^[text]` is an inline note, but `^[[4]](#ftnt4)` and `^[\[4\]](#ftnt4)`
    // are bracket markers in Pandoc's superscript.
    let superscript_marker = trimmed.strip_prefix("^[").is_some_and(|rest| {
        rest.starts_with(['[', '\\'])
            || rest.starts_with(|c: char| c.is_ascii_digit()) && rest.contains("](#")
    });
    if (trimmed.starts_with("^[") && !superscript_marker) || trimmed.starts_with("[@") {
        return Special::NoKey;
    }
    let Some(open) = text.find("[^") else {
        return Special::Digits;
    };
    let start = open + 2;
    let Some(length) = text[start..].find(']') else {
        return Special::NoKey;
    };
    let label = &text[start..start + length];
    if label.is_empty() || label.chars().any(char::is_whitespace) {
        return Special::NoKey;
    }
    Special::Footnote((label.to_owned(), start..start + length))
}

/// A maximal run of digits, ASCII or superscript.
#[derive(Debug)]
struct Run {
    /// The digits in ASCII.
    digits: String,
    range: Range<usize>,
}

impl Run {
    fn key(&self) -> (String, Range<usize>) {
        (self.digits.clone(), self.range.clone())
    }

    fn into_key(self) -> (String, Range<usize>) {
        (self.digits, self.range)
    }
}

/// What stands between two runs of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// `,` or `;`: the next run is another key.
    List,
    /// A hyphen or dash: every key from the previous run to the next.
    Range,
}

/// The runs of digits that make up a label, and the separators between
/// them; scanning stops at anything else (the `](#fn4)` of a link).
#[derive(Debug)]
struct Scan {
    runs: Vec<Run>,
    separators: Vec<Separator>,
}

fn scan(text: &str) -> Scan {
    let mut runs: Vec<Run> = Vec::new();
    let mut separators = Vec::new();
    // The text since the end of the last run, tags left out.
    let mut between = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if c == '<'
            && let Some(close) = text[offset..].find('>')
        {
            // Skip an HTML tag such as `<a id="n1">`: its digits are not the key.
            while chars.next_if(|&(at, _)| at <= offset + close).is_some() {}
            continue;
        }
        let Some(first) = digit_value(c) else {
            between.push(c);
            continue;
        };
        if let Some(previous) = runs.last() {
            match separator(&between) {
                Some(kind) => separators.push(kind),
                None => break,
            }
            debug_assert!(previous.range.end <= offset);
        }
        between.clear();
        let mut digits = String::from(first);
        let mut end = offset + c.len_utf8();
        while let Some((at, next)) = chars.next_if(|&(_, next)| digit_value(next).is_some()) {
            digits.extend(digit_value(next));
            end = at + next.len_utf8();
        }
        runs.push(Run {
            digits,
            range: offset..end,
        });
    }
    Scan { runs, separators }
}

fn separator(between: &str) -> Option<Separator> {
    match between.trim() {
        "," | ";" => Some(Separator::List),
        // Hyphen-minus, hyphen, figure dash, en dash, em dash, minus sign,
        // superscript minus.
        "-" | "‐" | "‒" | "–" | "—" | "−" | "⁻" => Some(Separator::Range),
        _ => None,
    }
}

/// The ASCII digit that `c` stands for, if it is a digit or a superscript digit.
fn digit_value(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '⁰' => Some('0'),
        '¹' => Some('1'),
        '²' => Some('2'),
        '³' => Some('3'),
        '⁴'..='⁹' => char::from_u32(u32::from(c) - u32::from('⁴') + u32::from('4')),
        _ => None,
    }
}

/// Pushes the keys strictly between `low` and `high` (`5` for `4–6`).
fn expand_between(low: &Run, high: &Run, keys: &mut Vec<(String, Range<usize>)>) {
    let (Ok(from), Ok(to)) = (low.digits.parse::<u64>(), high.digits.parse::<u64>()) else {
        return;
    };
    let span = low.range.start..high.range.end;
    let mut value = from.saturating_add(1);
    while value < to && keys.len() < LABEL_LIST_LIMIT {
        keys.push((value.to_string(), span.clone()));
        value += 1;
    }
}

/// `12` as `¹²`; other characters are kept.
///
/// ```
/// use ibid::analysis::syntax::{from_superscript, to_superscript};
/// assert_eq!(to_superscript("1209"), "¹²⁰⁹");
/// assert_eq!(from_superscript("¹²⁰⁹"), "1209");
/// ```
pub fn to_superscript(digits: &str) -> String {
    digits
        .chars()
        .map(|c| match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

/// `¹²` as `12`; other characters are kept.
pub fn from_superscript(text: &str) -> String {
    text.chars().map(|c| digit_value(c).unwrap_or(c)).collect()
}

/// The keys of a list marker written back: `[1, 2, 3, 5]` as `1–3, 5`.
///
/// ```
/// assert_eq!(ibid::analysis::syntax::compress_keys(vec![5, 1, 3, 2]), "1–3, 5");
/// assert_eq!(ibid::analysis::syntax::compress_keys(vec![4, 5]), "4, 5");
/// ```
pub fn compress_keys(mut keys: Vec<u64>) -> String {
    keys.sort_unstable();
    keys.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while j + 1 < keys.len() && keys[j + 1] == keys[j] + 1 {
            j += 1;
        }
        parts.push(match j - i {
            0 => keys[i].to_string(),
            1 => format!("{}, {}", keys[i], keys[j]),
            _ => format!("{}–{}", keys[i], keys[j]),
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// The new text of a list marker (`[2, 4–6]`) whose notes now have `keys`,
/// in the brackets it was written with. A range written as two markers
/// (`[3]–[6]`) keeps that form while the keys still run without a gap.
pub fn relabel_list(token: &str, keys: Vec<u64>) -> String {
    let (open, close) = if token.starts_with("\\[") {
        ("\\[", "\\]")
    } else {
        ("[", "]")
    };
    let two_markers = token
        .find(close)
        .filter(|&end| end + close.len() < token.len())
        .zip(token.rfind(open));
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if let (Some((end, start)), Some(&first), Some(&last)) =
        (two_markers, sorted.first(), sorted.last())
        && last >= first + 2
        && (last - first) as usize + 1 == sorted.len()
        && end + close.len() <= start
    {
        let connector = &token[end + close.len()..start];
        return format!("{open}{first}{close}{connector}{open}{last}{close}");
    }
    format!("{open}{}{close}", compress_keys(keys))
}

/// Whether `c` is a superscript digit, as superscript markers and labels
/// are written.
pub fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴'..='⁹')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_relabelled_in_its_own_form() {
        assert_eq!(relabel_list("[3–5]", vec![2, 3, 4]), "[2–4]");
        assert_eq!(relabel_list("[3]–[5]", vec![2, 3, 4]), "[2]–[4]");
        assert_eq!(
            relabel_list("[01] through [03]", vec![4, 5, 6]),
            "[4] through [6]"
        );
        assert_eq!(
            relabel_list("\\[3\\]–\\[5\\]", vec![1, 2, 3]),
            "\\[1\\]–\\[3\\]"
        );
        // A gap no longer fits two markers.
        assert_eq!(relabel_list("[3]–[5]", vec![2, 4, 5]), "[2, 4, 5]");
    }

    fn key(text: &str) -> Option<(String, Range<usize>)> {
        label_key(text)
    }

    fn some(key: &str, range: Range<usize>) -> Option<(String, Range<usize>)> {
        Some((key.to_owned(), range))
    }

    #[test]
    fn bracket_labels() {
        assert_eq!(key("[12]"), some("12", 1..3));
        assert_eq!(key("\\[12\\]"), some("12", 2..4));
        assert_eq!(key("[[3]](#n3)"), some("3", 2..3));
        assert_eq!(key("[4](#fn4)"), some("4", 1..2));
    }

    #[test]
    fn superscript_labels_map_to_ascii_and_cover_the_superscript_bytes() {
        // ¹ and ² are two bytes each.
        assert_eq!(key("¹²"), some("12", 0..4));
        assert_eq!(key("[¹²](url)"), some("12", 1..5));
        assert_eq!(key("²⁸"), some("28", 0..5));
        assert_eq!(key("⁰⁹"), some("09", 0..6));
        assert_eq!(key("- ⁴"), some("4", 2..5));
        assert_eq!(key("¹."), some("1", 0..2));
        assert_eq!(key("¹ -"), some("1", 0..2));
    }

    #[test]
    fn markdown_footnote_labels() {
        assert_eq!(key("[^label]"), some("label", 2..7));
        assert_eq!(key("[^1]:"), some("1", 2..3));
        assert_eq!(key("[^]"), None);
    }

    #[test]
    fn html_wrapped_labels_skip_the_tag() {
        assert_eq!(key("<a id=\"n1\">[1]</a>"), some("1", 12..13));
        assert_eq!(key("<sup>7</sup>"), some("7", 5..6));
    }

    #[test]
    fn numbered_labels() {
        assert_eq!(key("12"), some("12", 0..2));
        assert_eq!(key("12."), some("12", 0..2));
        assert_eq!(key("12\t"), some("12", 0..2));
    }

    #[test]
    fn labels_without_a_note_key() {
        assert_eq!(key("^[an inline note, p. 4]"), None);
        assert_eq!(key("[@smith2020, p. 33]"), None);
        assert_eq!(key("[a]"), None);
        assert_eq!(key(""), None);
    }

    #[test]
    fn first_key_of_a_list() {
        assert_eq!(key("[4–6]"), some("4", 1..2));
    }

    fn keys(text: &str) -> Vec<(String, Range<usize>)> {
        label_keys(text)
    }

    fn owned(expected: &[(&str, Range<usize>)]) -> Vec<(String, Range<usize>)> {
        expected
            .iter()
            .map(|(key, range)| ((*key).to_owned(), range.clone()))
            .collect()
    }

    #[test]
    fn comma_lists() {
        assert_eq!(keys("[4, 5]"), owned(&[("4", 1..2), ("5", 4..5)]));
        assert_eq!(keys("[4;5]"), owned(&[("4", 1..2), ("5", 3..4)]));
    }

    #[test]
    fn dash_ranges_expand() {
        // The en dash is three bytes: `[4–6]` is 1 + 1 + 3 + 1 + 1 bytes.
        assert_eq!(
            keys("[4–6]"),
            owned(&[("4", 1..2), ("5", 1..6), ("6", 5..6)])
        );
        assert_eq!(
            keys("[4-6]"),
            owned(&[("4", 1..2), ("5", 1..4), ("6", 3..4)])
        );
        assert_eq!(
            keys("[1, 3–5]"),
            owned(&[("1", 1..2), ("3", 4..5), ("4", 4..9), ("5", 8..9)])
        );
    }

    #[test]
    fn superscript_ranges_expand() {
        // ¹ and ³ are two bytes, ⁻ three.
        assert_eq!(keys("¹⁻³"), owned(&[("1", 0..2), ("2", 0..7), ("3", 5..7)]));
    }

    #[test]
    fn reversed_range_keeps_both_ends() {
        assert_eq!(keys("[6–4]"), owned(&[("6", 1..2), ("4", 5..6)]));
    }

    #[test]
    fn expansion_is_capped() {
        let expanded = keys("[1–1000000]");
        assert_eq!(expanded.len(), LABEL_LIST_LIMIT);
        assert_eq!(expanded[0], ("1".to_owned(), 1..2));
        assert_eq!(expanded[999].0, "1000");
    }

    #[test]
    fn link_targets_end_the_list() {
        assert_eq!(keys("[4](#fn4)"), owned(&[("4", 1..2)]));
        assert_eq!(keys("[[3]](#n3)"), owned(&[("3", 2..3)]));
    }

    #[test]
    fn single_keys_and_footnotes() {
        assert_eq!(keys("[12]"), owned(&[("12", 1..3)]));
        assert_eq!(keys("[^a-1]"), owned(&[("a-1", 2..5)]));
        assert_eq!(keys("^[inline 1-2]"), owned(&[]));
    }
}
