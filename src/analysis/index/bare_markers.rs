//! Numbers glued to the text as note markers: `the choice.13`, `tools.4,5`.
//!
//! AI research reports (exported from Gemini, ChatGPT or Perplexity) cite
//! their numbered `Works cited` list with bare digits after the sentence's
//! punctuation. A bare number is a marker only in such a document, and only
//! where it could be one: the caller asks only when the document has a
//! numbered list that no other marker cites, and only numbers within that
//! list's range are taken. Years, quantities, versions and decimals are not
//! markers: they stand after a digit or a counting word, or run on into a
//! letter, a `%` or more digits. A number after a space is read only where
//! glued ones show the style, and only before `,` `:` `;` or a sentence's end.

use std::ops::Range;

use compact_str::CompactString;

use super::{MarkerLink, MarkerRef, MarkerStyle};

/// The bare-number markers in `ranges` of `text` whose numbers are in
/// `1..=max`, in document order.
pub(crate) fn find(text: &str, ranges: &[Range<usize>], max: u32) -> Vec<MarkerRef> {
    let mut out = Vec::new();
    for spaced in [false, true] {
        for range in ranges {
            let Some(block) = text.get(range.clone()) else {
                continue;
            };
            find_in(block, range.start, max, spaced, &mut out);
        }
        // A number after a space (`the tools 40, and`) is read only in a
        // document that shows the style plainly elsewhere: a quantity is
        // far more common there.
        if out.len() < SPACED_AFTER {
            break;
        }
    }
    out.sort_by_key(|m| m.range.start);
    out
}

/// How many glued numbers a document must hold before numbers after a
/// space are read as markers too.
const SPACED_AFTER: usize = 3;

fn find_in(block: &str, base: usize, max: u32, spaced: bool, out: &mut Vec<MarkerRef>) {
    let bytes = block.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let glued = glued_after_text(block, start) || after_year(block, start, i);
        let place = if spaced {
            !glued && after_word(block, start)
        } else {
            glued
        };
        if !place || in_link(block, start) {
            continue;
        }
        // `.13` or `.13,14`: each number a marker.
        let mut run = start..i;
        let mut found = Vec::new();
        loop {
            let Some(number) = number_in(bytes, &run, max) else {
                found.clear();
                break;
            };
            found.push((run.clone(), number));
            let next = run.end;
            if next + 1 < bytes.len() && bytes[next] == b',' && bytes[next + 1].is_ascii_digit() {
                let mut end = next + 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                run = next + 1..end;
                continue;
            }
            if !(if spaced {
                ends_spaced_marker(block, next)
            } else {
                ends_marker(block, next)
            }) {
                found.clear();
            }
            break;
        }
        i = found.last().map_or(i, |(r, _)| r.end);
        let list = found.len() > 1;
        for (r, number) in found {
            let range = base + r.start..base + r.end;
            out.push(MarkerRef {
                key: CompactString::from(number.to_string()),
                range: range.clone(),
                key_range: range,
                style: MarkerStyle::Bare,
                in_list: list,
                in_note: None,
                in_table: false,
                escaped: false,
                link: MarkerLink::default(),
                preformatted: false,
                target: None,
            });
        }
    }
}

/// The number of a run of one to three digits, if it is in `1..=max`.
fn number_in(bytes: &[u8], run: &Range<usize>, max: u32) -> Option<u32> {
    if run.len() > 3 || bytes.get(run.start) == Some(&b'0') {
        return None;
    }
    let number = std::str::from_utf8(&bytes[run.clone()])
        .ok()?
        .parse()
        .ok()?;
    (1..=max).contains(&number).then_some(number)
}

/// Whether the digits at `at` follow the end of a word or sentence with no
/// space: `choice.13`, `said,13`, `(2021).13`, `“idea”13`, `models13`. Not
/// a decimal (`3.13`), a version (`v2`, `GPT4`) or a word with a number in
/// it (`COVID-19`, `H2O`).
fn glued_after_text(block: &str, at: usize) -> bool {
    let mut before = block[..at].chars().rev();
    let Some(prev) = before.next() else {
        return false;
    };
    match prev {
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '”' | '’' | '*' | ']' => {
            // The punctuation closes a word, a quotation or a bracket; not
            // a range (`1..4`).
            before.next().is_some_and(|c| {
                c.is_alphabetic()
                    || matches!(c, ')' | '"' | '”' | '’' | '*' | ']')
                    || (c == '.' && prev != '.')
            })
        }
        // Chinese, Japanese and Korean run words together: a number glued
        // to a character or a full-width bracket or quotation (`来源3。`),
        // where `ends_marker` then asks for punctuation after it (`第3章`
        // is a chapter).
        c if is_cjk(c) || matches!(c, '）' | '」' | '』' | '》' | '】' | '。' | '，' | '、') => {
            true
        }
        c if c.is_lowercase() => {
            // A lower-case word of four letters or more: `architecture17`.
            let word: Vec<char> = block[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            word.len() >= 4 && word.iter().all(|c| c.is_lowercase())
        }
        _ => false,
    }
}

/// Whether the digits `start..end` follow a year that ends a sentence:
/// `through 2030.3 The`. A decimal goes on in lower case or punctuation;
/// a marker after a year is followed by the next sentence or nothing.
fn after_year(block: &str, start: usize, end: usize) -> bool {
    let bytes = block.as_bytes();
    if start < 5 || bytes[start - 1] != b'.' {
        return false;
    }
    // Bytes, not characters: the four before the point may be the tail of
    // a multi-byte character, and are then no year.
    let year = &bytes[start - 5..start - 1];
    let year_like = year.iter().all(u8::is_ascii_digit)
        && matches!(&year[..2], b"19" | b"20")
        && (start < 6 || !bytes[start - 6].is_ascii_digit());
    if !year_like {
        return false;
    }
    let mut after = block[end..].chars();
    match after.next() {
        None | Some('\n' | '\r') => true,
        Some(' ') => after.next().is_some_and(char::is_uppercase),
        _ => false,
    }
}

/// Whether the digits at `at` follow a space after a lower-case word that
/// does not count things: `the tools 40,` but not `page 40,`, `top 10,`
/// or `Figure 4:`.
fn after_word(block: &str, at: usize) -> bool {
    const COUNTING: &[&str] = &[
        "page", "pages", "pp", "version", "step", "steps", "chapter", "section", "figure", "table",
        "item", "items", "top", "level", "phase", "stage", "part", "number", "no", "vol", "issue",
        "grade", "class", "type", "layer", "line", "lines", "row", "column", "rule", "option",
        "case", "week", "day", "days", "year", "years", "about", "over", "under", "than", "of",
        "to", "and", "or", "by", "at", "in", "on", "with", "from", "the", "a", "an", "only",
        "just", "nearly", "almost", "around", "least", "most",
    ];
    let Some(before) = block[..at].strip_suffix(' ') else {
        return false;
    };
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    // Not a command's option (`-mig 1`, `--gres 2`).
    let option = before[..before.len() - word.len()].ends_with('-');
    word.chars().count() >= 3
        && word.chars().all(char::is_lowercase)
        && !COUNTING.contains(&word.as_str())
        && !option
}

/// Whether a number after a space ends as a marker does: before `,`, `:`
/// or `;`, or at the end of a sentence or line. `40 tools` and `4.5` go on.
fn ends_spaced_marker(block: &str, at: usize) -> bool {
    let mut after = block[at..].chars();
    match after.next() {
        None | Some('\n' | '\r') => true,
        Some(',' | ':' | ';') => after.next().is_none_or(char::is_whitespace),
        Some('.') => match after.next() {
            None | Some('\n' | '\r') => true,
            Some(' ') => after.next().is_some_and(char::is_uppercase),
            _ => false,
        },
        _ => false,
    }
}

/// Whether the marker ending at `at` ends there: at a space, the end of
/// the line, or punctuation that is not a decimal point.
fn ends_marker(block: &str, at: usize) -> bool {
    let mut after = block[at..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_whitespace() => true,
        // A point with a letter after it is a file name's (`debian12.pkr`).
        Some('.') => after.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(
            ',' | ';' | ':' | ')' | '!' | '?' | ']' | '。' | '，' | '、' | '；' | '：' | '！'
            | '？' | '）',
        ) => after.next().is_none_or(|c| !c.is_ascii_digit()),
        _ => false,
    }
}

/// Whether `c` is a Han character, kana or a Hangul syllable.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// Whether `at` is inside a URL, an address, a path or code: the word
/// around it holds `/`, `@`, `=`, `_`, `` ` `` or `www.`.
fn in_link(block: &str, at: usize) -> bool {
    // After the white space, which may be more than one byte (U+00A0).
    let start = block[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = block[at..]
        .find(char::is_whitespace)
        .map_or(block.len(), |i| at + i);
    let word = &block[start..end];
    word.contains(['/', '@', '=', '_', '`']) || word.contains("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, max: u32) -> Vec<String> {
        let whole = 0..text.len();
        find(text, std::slice::from_ref(&whole), max)
            .into_iter()
            .map(|m| format!("{}@{}", m.key, m.range.start))
            .collect()
    }

    proptest::proptest! {
        /// Any text, whatever its characters around the digits: no panic,
        /// and every marker found spells its number.
        #[test]
        fn any_text_is_read_without_panic(text in "(\\PC|[ .,;:0-9\u{a0}\u{3000}])*") {
            for m in find(&text, std::slice::from_ref(&(0..text.len())), 999) {
                proptest::prop_assert_eq!(&text[m.range.clone()], m.key.as_str());
            }
        }
    }

    #[test]
    fn numbers_glued_after_punctuation_are_markers() {
        assert_eq!(keys("It was the choice.13 Then", 20), ["13@18"]);
        assert_eq!(keys("as tools.4,5 show", 20), ["4@9", "5@11"]);
        assert_eq!(keys("the “idea”7 and", 20), ["7@14"]);
        assert_eq!(keys("in the architecture17: more", 20), ["17@19"]);
        assert_eq!(keys("through 2030.3 The end", 20), ["3@13"]);
        // Multi-byte characters before the point are no year, and no panic.
        assert_eq!(keys("我们的1.0.0版本", 20), Vec::<String>::new());
        assert_eq!(keys("包已经准备就绪.3 版本", 20), ["3@22"]);
        // A word after a no-break space.
        assert_eq!(keys("a\u{a0}word.5 next", 20), ["5@8"]);
    }

    #[test]
    fn ranges_file_names_and_options_are_not_markers() {
        assert_eq!(keys("for (1..4).each do", 20), Vec::<String>::new());
        assert_eq!(
            keys("the template debian12.pkr.hcl builds", 20),
            Vec::<String>::new()
        );
        let text = "A fact.1 B fact.2 C fact.3 then run smi -mig 1, and stop.";
        assert_eq!(keys(text, 20), ["1@7", "2@16", "3@25"]);
    }

    /// Chinese runs words together: a number glued to a character or a
    /// closing bracket, before punctuation, cites; one before another
    /// character counts (`第3章`, chapter 3; `有3个`, three of them).
    #[test]
    fn numbers_glued_in_chinese_text() {
        assert_eq!(keys("配色来源3。下一句", 20), ["3@12"]);
        assert_eq!(keys("（见上）1，然后", 20), ["1@12"]);
        assert_eq!(keys("见第3章，有3个颜色", 20), Vec::<String>::new());
    }

    #[test]
    fn numbers_after_a_space_count_where_glued_ones_show_the_style() {
        let text = "A choice.1 B fact.2 C claim.3 and the tools 4, more. The suites 5: here. \
                    Rose by 6, page 7, top 8, in 9 tools, and 10 people.";
        assert_eq!(keys(text, 20), ["1@9", "2@18", "3@28", "4@44", "5@64"]);
        // Without glued numbers, none after a space.
        assert_eq!(keys("the tools 4, more", 20), Vec::<String>::new());
    }

    #[test]
    fn numbers_that_are_not_markers_are_left() {
        // Out of the list's range, a year, a decimal, a version, a quantity.
        assert_eq!(keys("the choice.13 Then", 10), Vec::<String>::new());
        assert_eq!(
            keys("Rose in 2023. Pi is 3.14, GPT4 and COVID-19.", 40),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("It grew 12% to 3 new piers.", 40),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("in 2030.3 percent, and 1999.5,", 40),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("see https://example.org/a.13 now", 40),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("the choice.13a and end.0 and x.5%", 40),
            Vec::<String>::new()
        );
    }
}
