//! Pandoc citations: the keys inside `[@key]`, `[@key, p. 33]`,
//! `[see @a; @b, ch. 2]`, `[-@key]`, in-text `@key` (with an optional
//! `[p. 33]` after it), and those inside inline notes `^[… @key …]`.
//!
//! The grammar gives a citation as one token; this module reads the keys,
//! prefixes and locators out of it, with byte ranges in the document.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Serialize;

use super::index::{Index, MarkerStyle};

/// One cited key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    pub key: Arc<str>,
    /// `@key` (with a leading `-` when the author is suppressed).
    pub range: Range<usize>,
    /// The key alone.
    pub key_range: Range<usize>,
    /// The whole citation it belongs to: `[see @a; @b, ch. 2]` or `@key`.
    pub marker: Range<usize>,
    /// `p. 33`, `ch. 2`: where in the work.
    pub locator: Option<String>,
    /// `[-@key]`: the author is named in the text already.
    pub suppress_author: bool,
    /// `@key` in running text, rather than in brackets.
    pub in_text: bool,
}

/// A key found in a text: `@key`, `-@key` or `@{key}`, ranges relative to
/// the text searched.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyMatch {
    /// From the `-` or `@` to the end of the key (or the closing brace).
    whole: Range<usize>,
    key: Range<usize>,
    /// Written `-@key`.
    suppress_author: bool,
}

/// A character a key may start and end with: a letter, a digit or `_`.
/// Letters and digits as Unicode's Alphabetic and Numeric properties have
/// them, so a combining vowel sign (`हिन्दी`) stays inside the key.
fn key_end_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Punctuation a key may hold between its first and last characters
/// (Pandoc's rule).
fn key_inner_char(c: char) -> bool {
    key_end_char(c) || ":.#$%&+?<>~/-".contains(c)
}

/// The first key in `text` at or after byte `from`: `@` then a letter, digit
/// or `_`, then those and internal punctuation, ending on a letter, digit or
/// `_`; or `@{…}` with anything but braces and white space inside. Read by
/// hand rather than with a pattern: a pattern over Unicode's letter classes
/// costs a quarter of a megabyte of automaton for what is a few comparisons.
fn find_key(text: &str, from: usize) -> Option<KeyMatch> {
    let mut search = from;
    while let Some(at) = text.get(search..)?.find('@').map(|i| search + i) {
        search = at + 1;
        let start = at + 1;
        let rest = &text[start..];
        let key = if let Some(braced) = rest.strip_prefix('{') {
            let inner = braced
                .find(|c: char| c == '{' || c == '}' || c.is_whitespace())
                .filter(|&n| n > 0 && braced[n..].starts_with('}'));
            let Some(n) = inner else { continue };
            (start + 1..start + 1 + n, start + 1 + n + 1)
        } else {
            let mut end = None;
            for (i, c) in rest.char_indices() {
                if i == 0 && !key_end_char(c) || !key_inner_char(c) {
                    break;
                }
                if key_end_char(c) {
                    end = Some(start + i + c.len_utf8());
                }
            }
            let Some(end) = end else { continue };
            (start..end, end)
        };
        let suppress_author = from < at && text[..at].ends_with('-');
        let begin = if suppress_author { at - 1 } else { at };
        return Some(KeyMatch {
            whole: begin..key.1,
            key: key.0,
            suppress_author,
        });
    }
    None
}

impl KeyMatch {
    /// The same key with its ranges moved by `by` bytes (from the text
    /// searched to the document).
    fn moved(self, by: usize) -> KeyMatch {
        KeyMatch {
            whole: self.whole.start + by..self.whole.end + by,
            key: self.key.start + by..self.key.end + by,
            ..self
        }
    }
}

/// Every key in `text`, one after the other.
fn keys(text: &str) -> impl Iterator<Item = KeyMatch> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = find_key(text, from)?;
        from = found.whole.end;
        Some(found)
    })
}

/// `[p. 12]` right after an in-text citation: its locator.
static TRAILING_LOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?\[([^\[\]@\r\n]*)\]")
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});

/// Cross-reference labels: pandoc-crossref's (figures, equations, tables,
/// sections, listings) and those Quarto reserves (`@fig-map`, `@thm-main`).
const CROSSREF_PREFIXES: &[&str] = &[
    "fig:", "eq:", "tbl:", "sec:", "lst:", "fig-", "tbl-", "lst-", "eq-", "sec-", "thm-", "lem-",
    "cor-", "prp-", "cnj-", "def-", "exm-", "exr-", "sol-", "rem-", "alg-",
];

/// Every citation key in the document, in order.
pub fn collect(text: &str, index: &Index) -> Vec<Cite> {
    let mut cites = Vec::new();
    // An `@` in the YAML front matter (a title, an address) is not a
    // citation.
    let front = super::front_matter::range(text).map_or(0, |r| r.end);
    for marker in index.markers.iter().filter(|m| m.range.start >= front) {
        let Some(token) = text.get(marker.range.clone()) else {
            continue;
        };
        match marker.style {
            MarkerStyle::Citation if token.starts_with('[') => {
                bracketed(token, marker.range.start, &mut cites);
            }
            MarkerStyle::Citation => in_text(text, token, marker.range.clone(), &mut cites),
            MarkerStyle::InlineNote => in_prose(token, marker.range.start, &mut cites),
            _ => {}
        }
    }
    // A key the document defines as a reference link is its own: a handle
    // (`[@maintainer]: https://…`), or an alias Manubot resolves
    // (`[@review]: doi:10.1098/…`), not a bibliography's key.
    if !cites.is_empty() {
        let defined = link_labels(text, index);
        if !defined.is_empty() {
            cites.retain(|c| {
                !defined
                    .iter()
                    .any(|label| label.get(2..label.len() - 1) == Some(&*c.key))
            });
        }
    }
    cites
}

/// The labels that the document defines as Markdown reference links and
/// that read as citations (`[@maintainer]: https://…`, at the start of a
/// line, up to three spaces in), each with its brackets. Each such label is
/// a citation marker of the index, so only those are looked at.
fn link_labels<'t>(text: &'t str, index: &Index) -> Vec<&'t str> {
    index
        .markers
        .iter()
        .filter(|m| m.style == MarkerStyle::Citation)
        .filter(|m| {
            text.get(m.range.end..)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .filter(|m| {
            let before = text.get(..m.range.start).unwrap_or("");
            let indent = before.len() - before.trim_end_matches(' ').len();
            indent <= 3
                && (before.len() == indent || before[..before.len() - indent].ends_with('\n'))
        })
        .filter_map(|m| text.get(m.range.clone()))
        .filter(|token| token.starts_with("[@"))
        .collect()
}

/// Whether a document writes Pandoc citations: a bracketed `[@key]`, or
/// a bibliography in its front matter. Without either, an `@word` in
/// running text is more likely a handle or a mention (`@rynning on
/// Mastodon`) than a citation, and is left as prose unless the
/// configuration names a bibliography.
pub fn speaks_pandoc(text: &str, cites: &[Cite]) -> bool {
    cites.iter().any(|c| !c.in_text)
        || super::front_matter::read(text).is_some_and(|f| !f.bibliography.is_empty())
}

/// Whether a document wants its bibliography's keys: it cites one, names a
/// bibliography in its front matter, or holds a bracketed citation still
/// being typed (`[@` with no key yet), the first citation of a new
/// document. A front end reads the workspace's bibliographies for such a
/// document even before any key resolves, so that completion after `@`
/// has keys to offer.
pub fn wants_keys(text: &str, cites: &[Cite]) -> bool {
    !cites.is_empty() || speaks_pandoc(text, cites) || opens_citation(text)
}

/// `[@` followed by no key: `[@]`, `[@` at a line's end.
///
/// Asked on every keystroke of a document that cites nothing, over all of
/// its text: a search that reads many bytes at a time, not the standard
/// library's pattern search, which read a megabyte in 5 million
/// instructions, and one that stops at each `@` rather than testing two
/// bytes everywhere (0.28 million a megabyte against about 0.12).
fn opens_citation(text: &str) -> bool {
    crate::analysis::text::find_by_rare_byte(text.as_bytes(), b"[@", 1).any(|at| {
        text.get(at + 2..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| !key_end_char(c) && c != '{')
    })
}

/// pandoc-crossref capitalises a label to capitalise its prefix
/// (`[@Fig:chart]` for "Figure 1"), so the prefix is compared in any case.
fn is_crossref(key: &str) -> bool {
    CROSSREF_PREFIXES.iter().any(|p| {
        key.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })
}

/// `[see @a, p. 4; @b]`: one cite per item, each with the text after its
/// key (less the comma) as its locator.
fn bracketed(token: &str, base: usize, out: &mut Vec<Cite>) {
    let marker = base..base + token.len();
    let inner_start = 1;
    let inner_end = token.len().saturating_sub(1).max(inner_start);
    let inner = &token[inner_start..inner_end];
    let mut at = inner_start;
    for item in inner.split(';') {
        if let Some(found) = find_key(item, 0) {
            let key = &item[found.key.clone()];
            if !is_crossref(key) {
                let suffix = item[found.whole.end..]
                    .trim()
                    .trim_start_matches(',')
                    .trim();
                let locator = (!suffix.is_empty()).then(|| suffix.to_string());
                let found = found.moved(base + at);
                out.push(Cite {
                    key: key.into(),
                    range: found.whole,
                    key_range: found.key,
                    marker: marker.clone(),
                    locator,
                    suppress_author: found.suppress_author,
                    in_text: false,
                });
            }
        }
        at += item.len() + 1;
    }
}

/// `@key`, and `@key [p. 12]`.
fn in_text(text: &str, token: &str, range: Range<usize>, out: &mut Vec<Cite>) {
    let Some(found) = find_key(token, 0) else {
        return;
    };
    let key = &token[found.key.clone()];
    if is_crossref(key) {
        return;
    }
    let locator = text
        .get(range.end..)
        .and_then(|after| TRAILING_LOCATOR.captures(after))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .filter(|l| !l.is_empty());
    let found = found.moved(range.start);
    out.push(Cite {
        key: key.into(),
        range: found.whole,
        key_range: found.key,
        marker: range,
        locator,
        suppress_author: false,
        in_text: true,
    });
}

/// Keys in the text of an inline note, where the grammar does not look:
/// an `@` that starts a word (not an e-mail address, nor an escaped `\@`,
/// as bookdown writes its cross-references, `\@ref(fig:map)`).
fn in_prose(note: &str, base: usize, out: &mut Vec<Cite>) {
    for found in keys(note) {
        let key = &note[found.key.clone()];
        let before = note[..found.whole.start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '\\'))
            || is_crossref(key)
        {
            continue;
        }
        // `^[As shown [@lund2003, p. 4].]`: a bracketed citation inside
        // the note (the note's own `^[` aside) is one as in the text.
        let inner = note.get(2..found.whole.start).unwrap_or("");
        let bracketed = inner
            .rfind('[')
            .is_some_and(|open| !inner[open..].contains(']'));
        let found = found.moved(base);
        out.push(Cite {
            key: key.into(),
            range: found.whole.clone(),
            key_range: found.key,
            marker: found.whole,
            locator: None,
            suppress_author: found.suppress_author,
            in_text: !bracketed,
        });
    }
}

/// Compiles this module's patterns (see [`super::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&TRAILING_LOCATOR);
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;

    fn cites(text: &str) -> Vec<String> {
        let analysis = analyze(text);
        analysis
            .cites
            .iter()
            .map(|c| {
                format!(
                    "{} {:?} key={:?} loc={:?}{}{}",
                    c.key,
                    &text[c.range.clone()],
                    &text[c.key_range.clone()],
                    c.locator,
                    if c.suppress_author { " -author" } else { "" },
                    if c.in_text { " in-text" } else { "" },
                )
            })
            .collect()
    }

    #[test]
    fn a_bracketed_citation_being_typed_wants_keys() {
        let wants = |text: &str| super::wants_keys(text, &analyze(text).cites);
        assert!(wants("Rivers froze 🧊 [@]\n"));
        assert!(wants("Rivers froze [@\n"));
        assert!(wants("Rivers froze [@whit]\n"));
        assert!(wants("---\nbibliography: refs.bib\n---\n\nRivers froze.\n"));
        assert!(!wants("Write to bob@example.com or [a] @rynning.\n"));
    }

    #[test]
    fn every_pandoc_form() {
        let text = "Ice [@whitcombe1999frozen, p. 33] and [see @a; @b, ch. 2] and [-@c].\nAs @d said, and @e [p. 12] saw.^[Per @f, not x@g.com.]\n";
        assert_eq!(
            cites(text),
            [
                r#"whitcombe1999frozen "@whitcombe1999frozen" key="whitcombe1999frozen" loc=Some("p. 33")"#,
                r#"a "@a" key="a" loc=None"#,
                r#"b "@b" key="b" loc=Some("ch. 2")"#,
                r#"c "-@c" key="c" loc=None -author"#,
                r#"d "@d" key="d" loc=None in-text"#,
                r#"e "@e" key="e" loc=Some("p. 12") in-text"#,
                r#"f "@f" key="f" loc=None in-text"#,
            ]
        );
    }

    /// A bracketed citation inside an inline note is a bracketed one, which
    /// makes the document speak Pandoc.
    #[test]
    fn a_bracketed_citation_inside_an_inline_note() {
        let text = "Ice formed.^[A remark citing [@lund2003, p. 4] and @hale2001.]\n";
        assert_eq!(
            cites(text),
            [
                r#"lund2003 "@lund2003" key="lund2003" loc=None"#,
                r#"hale2001 "@hale2001" key="hale2001" loc=None in-text"#,
            ]
        );
    }

    /// Bookdown's cross-reference `\@ref(fig:map)` is no citation.
    #[test]
    fn an_escaped_at_in_an_inline_note_is_no_cite() {
        let text = "Ice formed [@lund2003].^[As figure \\@ref(fig:map) shows, per @hale2001.]\n";
        assert_eq!(
            cites(text),
            [
                r#"lund2003 "@lund2003" key="lund2003" loc=None"#,
                r#"hale2001 "@hale2001" key="hale2001" loc=None in-text"#,
            ]
        );
    }

    #[test]
    fn nothing_in_the_front_matter_is_a_cite() {
        let text = "---\ntitle: On @twitter\nbibliography: refs.bib\n---\nSee [@real].\n";
        assert_eq!(cites(text), [r#"real "@real" key="real" loc=None"#]);
    }

    #[test]
    fn crossrefs_and_emails_are_not_cites_and_accents_are_keys() {
        let text = "See [@fig:ice], [@Fig:ice], mail a@b.org, and [@zürich2001; @eq:x].\n";
        assert_eq!(
            cites(text),
            [r#"zürich2001 "@zürich2001" key="zürich2001" loc=None"#]
        );
    }

    #[test]
    fn reference_links_named_after_handles_are_not_cites() {
        let text =
            "Thanks to [@keeper] and [@hale2001].\n\n[@keeper]: https://code.example/keeper\n";
        assert_eq!(
            cites(text),
            [r#"hale2001 "@hale2001" key="hale2001" loc=None"#]
        );
    }

    /// Quarto's labels (`@fig-tide`, `[see @tbl-heights]`) are
    /// cross-references too, in running text and inside a citation's
    /// brackets alike.
    #[test]
    fn quarto_crossrefs_are_not_cites() {
        let text = "As @fig-tide shows [see @tbl-heights; @hale2001].\n";
        assert_eq!(
            cites(text),
            [r#"hale2001 "@hale2001" key="hale2001" loc=None"#]
        );
    }

    /// The scanner reads keys as Pandoc's pattern does, written as a regular
    /// expression here, on text made of the characters that matter.
    mod same_as_the_pattern {
        use proptest::prelude::*;

        fn by_pattern(text: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>, bool)> {
            let pattern = regex::Regex::new(
                r"(-?)@(?:\{([^{}\s]+)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?))",
            )
            .expect("a valid pattern");
            pattern
                .captures_iter(text)
                .filter_map(|c| {
                    let key = c.get(2).or_else(|| c.get(3))?;
                    Some((c.get(0)?.range(), key.range(), !c[1].is_empty()))
                })
                .collect()
        }

        proptest! {
            #[test]
            fn on_any_text(text in "[-@{}a-zA-Z0-9_:.#$%&+?<>~/ ,;éü中²🙂\t]{0,40}") {
                let scanned: Vec<_> = super::super::keys(&text)
                    .map(|k| (k.whole, k.key, k.suppress_author))
                    .collect();
                prop_assert_eq!(scanned, by_pattern(&text));
            }
        }

        #[test]
        fn on_the_awkward_cases() {
            for text in [
                "@a-",
                "@a--b.",
                "-@-@b",
                "@{x y}@{}@{z}",
                "a@b.c",
                "@_",
                "@中²",
                "@é:",
                "x-@{k}-",
                "@@a",
                "@{a{b}",
                "@a/b/",
                "--@a",
            ] {
                let scanned: Vec<_> = super::super::keys(text)
                    .map(|k| (k.whole, k.key, k.suppress_author))
                    .collect();
                assert_eq!(scanned, by_pattern(text), "{text}");
            }
        }
    }
}
