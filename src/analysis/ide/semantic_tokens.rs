//! Semantic tokens: the markers, note labels, Ibids and short forms, so that
//! an editor can colour them in a plain `.txt` note, for which it has no
//! grammar. Tokens never overlap and never cross a line end, since most
//! editors cannot draw a token over several lines.

use std::ops::Range;

use super::{Snapshot, Token, TokenKind};
use crate::analysis::citations::{Citation, CitationKind};

pub(super) fn semantic_tokens(snapshot: Snapshot<'_>, range: Option<Range<usize>>) -> Vec<Token> {
    let text = snapshot.text();
    let index = &snapshot.analysis.index;
    let mut tokens: Vec<Token> = Vec::new();
    for marker in &index.markers {
        if marker.style.cites_a_note() {
            // Several keys in one list (`[4, 5]`) share the token: each
            // colours its own key.
            let range = if marker.in_list {
                marker.key_range.clone()
            } else {
                marker.range.clone()
            };
            tokens.push(Token {
                range,
                kind: TokenKind::Marker,
            });
        }
    }
    for note in &index.notes {
        tokens.push(Token {
            range: trimmed_label(text, note.label_range.clone()),
            kind: TokenKind::NoteLabel,
        });
        for citation in note.citations.iter() {
            let (kind, range) = match citation.kind {
                CitationKind::Ibid => (TokenKind::Ibid, ibid_word(text, note.abs(&citation.range))),
                CitationKind::ShortForm => {
                    let body = note.body_range.as_ref().and_then(|b| text.get(b.clone()));
                    let within = short_form(body.unwrap_or(""), citation);
                    (TokenKind::ShortForm, note.abs(&within))
                }
                _ => continue,
            };
            tokens.push(Token { range, kind });
        }
    }
    if let Some(range) = &range {
        tokens.retain(|t| t.range.start < range.end && range.start < t.range.end);
    }
    tokens.sort_by_key(|t| (t.range.start, t.range.end));
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if out.last().is_some_and(|l| l.range.end > token.range.start) {
            continue;
        }
        split_lines(text, token, &mut out);
    }
    out
}

/// A label without the white space that a bullet or a tab leaves in it.
fn trimmed_label(text: &str, range: Range<usize>) -> Range<usize> {
    let s = text.get(range.clone()).unwrap_or("");
    let start = range.start + (s.len() - s.trim_start().len());
    start..range.start + s.trim_end().len()
}

/// `Ibid.` of `Ibid., 30-31`: the word and its period.
fn ibid_word(text: &str, citation: Range<usize>) -> Range<usize> {
    let s = text.get(citation.clone()).unwrap_or("");
    let word = s
        .find(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .unwrap_or(s.len());
    citation.start..citation.start + word
}

/// A short form up to the end of its title and the quotation mark or
/// emphasis that closes it (its pages are not part of the name), relative
/// to the note's body.
fn short_form(body: &str, citation: &Citation) -> Range<usize> {
    let Some(title) = &citation.title else {
        return citation.range.clone();
    };
    let base = title.range.end.min(citation.range.end);
    let mut end = base;
    let rest = body.get(base..citation.range.end).unwrap_or("");
    let closing = |c: char| matches!(c, '”' | '’' | '"' | '\'' | '*' | '_');
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // `“Title,”`: the comma that Chicago sets inside the quotes.
        let inside = matches!(c, ',' | '.') && chars.peek().is_some_and(|&(_, n)| closing(n));
        if !(closing(c) || inside) {
            break;
        }
        end = base + i + c.len_utf8();
    }
    citation.range.start..end.max(citation.range.start)
}

/// Pushes `token`, cut at each line end.
fn split_lines(text: &str, token: Token, out: &mut Vec<Token>) {
    let Some(s) = text.get(token.range.clone()) else {
        return;
    };
    let mut start = token.range.start;
    for line in s.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.is_empty() {
            out.push(Token {
                range: start..start + content.len(),
                kind: token.kind,
            });
        }
        start += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::super::TokenKind;
    use crate::analysis::fixture::{Fixture, annotate, with_snapshot};

    /// The fixture marks each expected token with its kind.
    fn check(fixture: &str) {
        let f = Fixture::parse(fixture);
        let found = with_snapshot(&f.text, |s| super::semantic_tokens(s, None));
        let ranges: Vec<_> = found
            .into_iter()
            .map(|t| {
                let kind = match t.kind {
                    TokenKind::Marker => "marker",
                    TokenKind::NoteLabel => "label",
                    TokenKind::Ibid => "ibid",
                    TokenKind::ShortForm => "short",
                };
                (t.range, kind.to_string())
            })
            .collect();
        assert_eq!(annotate(&f.text, &ranges), f.annotated);
    }

    #[test]
    fn markers_labels_ibids_and_short_forms_among_curly_quotes_and_emoji() {
        check(
            r#"
            “Wheat” 🙂 rose.¹ It fell.² Again 🌾.³
                           ^ marker
                                     ^ marker
                                               ^ marker

            NOTES

            ¹ Ada Lo, “Bread Markets: A History,” The Economist, May 3, 2019.
            ^ label
            ² Ibid., 9.
            ^ label
              ^^^^^ ibid
            ³ Lo, “Bread Markets,” 12.
            ^ label
              ^^^^^^^^^^^^^^^^^^^^ short
            "#,
        );
    }

    #[test]
    fn a_list_marker_colours_each_key_and_a_footnote_label_its_brackets() {
        check(
            r#"
            Salt.[1, 2] Bread.[^b]
                  ^ marker
                     ^ marker
                              ^^^^ marker

            [1] Ben Ng, *Salt* (Lima: Andes, 2011).
            ^^^ label
            [2] Ibid
            ^^^ label
                ^^^^ ibid
            [^b]: Ada Lo, *Bread* (Lima: Andes, 2010).
            ^^^^ label
            "#,
        );
    }
}
