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

/// A key: `@` then a letter, digit or `_`, then those and internal
/// punctuation (Pandoc's rule); or any text in braces, `@{key}`.
static KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(-?)@(?:\{([^{}\s]+)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?))",
    )
    .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});

/// `[p. 12]` right after an in-text citation: its locator.
static TRAILING_LOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?\[([^\[\]@\r\n]*)\]")
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});

/// Pandoc-crossref labels: figures, equations, tables, sections, listings.
const CROSSREF_PREFIXES: &[&str] = &["fig:", "eq:", "tbl:", "sec:", "lst:"];

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
    cites
}

fn is_crossref(key: &str) -> bool {
    CROSSREF_PREFIXES.iter().any(|p| key.starts_with(p))
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
        if let Some(cite) = KEY.captures(item) {
            let (Some(whole), Some(key)) = (cite.get(0), cite.get(2).or_else(|| cite.get(3)))
            else {
                at += item.len() + 1;
                continue;
            };
            if !is_crossref(key.as_str()) {
                let suffix = item[whole.end()..].trim().trim_start_matches(',').trim();
                out.push(Cite {
                    key: key.as_str().into(),
                    range: base + at + whole.start()..base + at + whole.end(),
                    key_range: base + at + key.start()..base + at + key.end(),
                    marker: marker.clone(),
                    locator: (!suffix.is_empty()).then(|| suffix.to_string()),
                    suppress_author: !cite[1].is_empty(),
                    in_text: false,
                });
            }
        }
        at += item.len() + 1;
    }
}

/// `@key`, and `@key [p. 12]`.
fn in_text(text: &str, token: &str, range: Range<usize>, out: &mut Vec<Cite>) {
    let Some(cite) = KEY.captures(token) else {
        return;
    };
    let (Some(whole), Some(key)) = (cite.get(0), cite.get(2).or_else(|| cite.get(3))) else {
        return;
    };
    if is_crossref(key.as_str()) {
        return;
    }
    let locator = text
        .get(range.end..)
        .and_then(|after| TRAILING_LOCATOR.captures(after))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .filter(|l| !l.is_empty());
    out.push(Cite {
        key: key.as_str().into(),
        range: range.start + whole.start()..range.start + whole.end(),
        key_range: range.start + key.start()..range.start + key.end(),
        marker: range,
        locator,
        suppress_author: false,
        in_text: true,
    });
}

/// Keys in the text of an inline note, where the grammar does not look:
/// an `@` that starts a word (not an e-mail address).
fn in_prose(note: &str, base: usize, out: &mut Vec<Cite>) {
    for cite in KEY.captures_iter(note) {
        let (Some(whole), Some(key)) = (cite.get(0), cite.get(2).or_else(|| cite.get(3))) else {
            continue;
        };
        let before = note[..whole.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '@'))
            || is_crossref(key.as_str())
        {
            continue;
        }
        out.push(Cite {
            key: key.as_str().into(),
            range: base + whole.start()..base + whole.end(),
            key_range: base + key.start()..base + key.end(),
            marker: base + whole.start()..base + whole.end(),
            locator: None,
            suppress_author: !cite[1].is_empty(),
            in_text: true,
        });
    }
}

/// Compiles this module's patterns (see [`super::prepare`]).
pub(crate) fn prepare() {
    for pattern in [&KEY, &TRAILING_LOCATOR] {
        LazyLock::force(pattern);
    }
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

    #[test]
    fn nothing_in_the_front_matter_is_a_cite() {
        let text = "---\ntitle: On @twitter\nbibliography: refs.bib\n---\nSee [@real].\n";
        assert_eq!(cites(text), [r#"real "@real" key="real" loc=None"#]);
    }

    #[test]
    fn crossrefs_and_emails_are_not_cites_and_accents_are_keys() {
        let text = "See [@fig:ice], mail a@b.org, and [@zürich2001; @eq:x].\n";
        assert_eq!(
            cites(text),
            [r#"zürich2001 "@zürich2001" key="zürich2001" loc=None"#]
        );
    }
}
