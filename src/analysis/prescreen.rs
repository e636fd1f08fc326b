//! Whether a text could hold anything a rule reads, decided without parsing
//! it.
//!
//! Most files of a documentation folder have no notes at all, and parsing a
//! megabyte costs some 300 million instructions. Every rule starts from
//! something visible in the raw text: a marker or a note's label needs an
//! ASCII or superscript digit, a dagger, a caret, an `@` or a bracket
//! before one of them; an author-date citation needs a year (digits again);
//! the prose rules need their trigger words (`reached at`,
//! `Email:`, `Retrieved from`); a suppression comment needs `ibid`; a
//! bibliography needs its name in the front matter. A text with none of
//! these cannot produce a finding, so a check may report it clean after one
//! pass over its bytes.
//!
//! The screen is conservative by construction: it looks at the raw text,
//! not at where the grammar would put it (a digit in a code block still
//! sends the text to the parser). A property test holds it to that: every
//! text it passes yields no finding from the full analysis.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, packed};

/// Words a rule can start from, compared without regard to ASCII case. A
/// word stands for every phrase that contains it: `mail` for `Email:`,
/// `e-mail` and `emailed`, `reach` for `can be reached at`.
const WORDS: &[&str] = &[
    // Suppression comments (`ibid-ignore`) and Ibid itself.
    "ibid",
    // Front matter that names a bibliography, or holds one.
    "bibliograph",
    "references",
    // HTML exports: `<sup>3</sup>`, `href="#fn3"`, `#ftnt_ref3`.
    "<sup",
    "#fn",
    "#ftnt",
    // `dangling-contact`.
    "reach",
    "contact",
    "mail",
    "write",
    "correspondence",
    // `empty-url`, in prose.
    "retrieved",
    "available",
    "url",
];

/// The words, searched for in a lower-cased copy of the text: an automaton
/// that folds case itself visits every byte, while exact words let the
/// search skip ahead with a vectorised prefilter.
static TRIGGER_WORDS: LazyLock<Words> =
    LazyLock::new(
        || match packed::Config::new().builder().extend(WORDS).build() {
            Some(searcher) => Words::Packed(searcher),
            None => Words::Automaton(
                AhoCorasick::new(WORDS).unwrap_or_else(|e| panic!("built-in word list: {e}")),
            ),
        },
    );

/// A SIMD searcher where the processor has one, else an automaton.
enum Words {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Words {
    fn is_match(&self, haystack: &[u8]) -> bool {
        match self {
            Words::Packed(searcher) => searcher.find(haystack).is_some(),
            Words::Automaton(automaton) => automaton.is_match(haystack),
        }
    }
}

/// Bytes lower-cased at a time: small enough to stay in the cache.
const WINDOW: usize = 64 * 1024;

/// Whether one of [`WORDS`] occurs in `bytes`, in any ASCII case.
fn has_trigger_word(bytes: &[u8]) -> bool {
    let longest = WORDS.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut lower = Vec::with_capacity(WINDOW.min(bytes.len()) + longest);
    let mut start = 0;
    while start < bytes.len() {
        // Windows overlap by a word's length less one, so that no word is
        // cut in two.
        let from = start.saturating_sub(longest - 1);
        let end = (start + WINDOW).min(bytes.len());
        lower.clear();
        lower.extend(bytes[from..end].iter().map(u8::to_ascii_lowercase));
        if TRIGGER_WORDS.is_match(&lower) {
            return true;
        }
        start = end;
    }
    false
}

/// Bytes after which [`marker_like_at`] has to look closer.
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut digit = b'0';
    while digit <= b'9' {
        table[digit as usize] = true;
        digit += 1;
    }
    table[b'^' as usize] = true;
    table[b'@' as usize] = true;
    table[b'[' as usize] = true;
    table[b'\\' as usize] = true;
    // Lead bytes of `¹²³` (U+00B2, U+00B3, U+00B9) and of the superscripts,
    // daggers and arrows in U+2000-U+21FF.
    table[0xC2] = true;
    table[0xE2] = true;
    table
};

/// Whether `text` holds nothing any rule reads: no marker, no label, no
/// year, no trigger word. When this says yes, the full analysis of `text`
/// finds nothing.
pub fn nothing_to_read(text: &str) -> bool {
    let bytes = text.as_bytes();
    !has_marker_like(bytes) && !has_trigger_word(bytes)
}

/// Whether a byte of `bytes` starts something like a marker.
fn has_marker_like(bytes: &[u8]) -> bool {
    // Eight bytes at a time: prose has no suspect byte in most of them, and
    // the test of eight compiles to a few instructions each.
    const STEP: usize = 8;
    let mut at = 0;
    for chunk in bytes.chunks_exact(STEP) {
        if chunk.iter().any(|&b| SUSPECT[b as usize]) {
            for i in at..at + STEP {
                if SUSPECT[bytes[i] as usize] && marker_like_at(bytes, i) {
                    return true;
                }
            }
        }
        at += STEP;
    }
    (at..bytes.len()).any(|i| SUSPECT[bytes[i] as usize] && marker_like_at(bytes, i))
}

/// Whether the suspect byte at `i` starts something the grammar could read
/// as a marker or a label.
fn marker_like_at(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied();
    match bytes[i] {
        // A link's text (`[the map](…)`) or a task box (`[ ]`) is not a
        // marker; `[12]`, `[^a]`, `[@key]`, `[#]_`, `[*]_`, `[¹]`, `[\[` are.
        b'[' => next(1).is_some_and(|c| !(c.is_ascii_alphabetic() || c == b' ')),
        b'\\' => next(1) == Some(b'['),
        // `¹` U+00B9, `²` U+00B2, `³` U+00B3.
        0xC2 => matches!(next(1), Some(0xB2 | 0xB3 | 0xB9)),
        0xE2 => matches!(
            (next(1), next(2)),
            // `⁰`-`⁹` and the rest of U+2070-U+209F (superscripts and
            // subscripts).
            (Some(0x81), Some(0xB0..=0xBF))
                | (Some(0x82), Some(0x80..=0x9F))
                // `†` U+2020, `‡` U+2021.
                | (Some(0x80), Some(0xA0 | 0xA1))
                // `↑` U+2191, `↩` U+21A9: a note's way back to its marker.
                | (Some(0x86), Some(0x91 | 0xA9))
        ),
        // Digits, `^` and `@`.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::nothing_to_read;

    #[test]
    fn plain_prose_passes() {
        assert!(nothing_to_read(
            "# Harbour lights\n\nThe keeper’s log — “fog, then calm” — is kept in the café. 😀\n\n\
             - a [link to the map](https://example.org/map)\n- [ ] a task\n\n```\ncode\n```\n"
        ));
    }

    #[test]
    fn each_trigger_is_seen() {
        for text in [
            "A claim.[1]",
            "A claim.²",
            "A claim.⁴",
            "A dagger†",
            "Back ↩",
            "Up ↑",
            "A claim.[^a]",
            "A claim [@olsen].",
            "As @olsen says.",
            "An inline note.^[Olsen.]",
            "Escaped \\[3\\]",
            "A rest note [#]_",
            "<sup>3</sup>",
            "Notes\n\n1. Olsen, Lamps.",
            "<!-- ibid-ignore -->",
            "---\nbibliography: refs.bib\n---\n",
            "Mira can be reached at",
            "Email:",
            "Retrieved from",
            "URL:",
        ] {
            assert!(!nothing_to_read(text), "{text:?} passed the screen");
        }
    }

    /// Every rule's own example of what it finds is sent to the parser.
    #[test]
    fn no_rule_example_passes() {
        let mut seen = 0;
        for rule in crate::analysis::diagnostics::RULES {
            let Some((_, after)) = rule.docs.split_once("### Example\n```text\n") else {
                continue;
            };
            let example = after.split("```").next().unwrap_or_default();
            seen += 1;
            assert!(
                !nothing_to_read(example),
                "the example of {} passed the screen: {example:?}",
                rule.code
            );
        }
        assert!(seen >= 12, "only {seen} rule examples found");
    }
}
