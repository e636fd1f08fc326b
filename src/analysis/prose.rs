//! What prose says about sources outside the notes: author-date references
//! (`Sources: Galeotti (2022); Lo (2023).`, `(Galeotti 2022)`) and contact
//! lines whose address was lost (`… can be reached at`).

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Serialize;

use super::citations::{MONTH_NAMES, normalize};

mod author_names;

/// A reference to a work by its authors' surnames and its year.
///
/// The strings are shared: a document's references are copied from the
/// blocks that hold them into its index on every keystroke, and copying a
/// few thousand references' strings each time cost more than the rest of
/// the keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorDate {
    pub range: Range<usize>,
    /// As written: `Charap and Priebe (2023)`.
    pub text: Arc<str>,
    /// Lower-cased surnames (or organisation names) to match.
    pub names: Arc<[String]>,
    /// The same surnames as the text writes them, for messages.
    pub written: Arc<[String]>,
    pub year: u16,
}

impl AuthorDate {
    /// The same reference with its range moved by `by` bytes.
    pub fn shifted(&self, by: usize) -> AuthorDate {
        AuthorDate {
            range: self.range.start + by..self.range.end + by,
            ..self.clone()
        }
    }
}

static SOURCES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Sources?|Data|Adapted from|After)\s*:\s*")
        .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// A parenthesised group on one line. Its length (3 to 200 characters) is
/// checked by the caller: a bounded repetition of a Unicode class would make
/// the automaton two hundred times that class, half a megabyte of memory.
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(([^()\n]*)\)").unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// Words that look like names in `(November 2024)`, `(Spring 1992)` or
/// `(Fassung 2018)` but are not (with the months' full names,
/// [`MONTH_NAMES`]): seasons, the words that date a version of a text, and
/// prepositions, in the languages whose nouns are capitalised too.
const NOT_NAMES: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "since",
    "until",
    "before",
    "after",
    "from",
    "in",
    "by",
    "circa",
    "cir",
    "circ",
    "ca",
    "est",
    "founded",
    "born",
    "died",
    "q1",
    "q2",
    "q3",
    "q4",
    "early",
    "mid",
    "late",
    "end",
    "version",
    "edition",
    "revision",
    "release",
    "updated",
    "fassung",
    "stand",
    "ausgabe",
    "auflage",
    "sommer",
    "frühjahr",
    "frühling",
    "herbst",
    "anfang",
    "mitte",
    "ende",
    "seit",
    "bis",
    "ab",
    "vom",
    "im",
    "um",
    "édition",
    "versión",
    "edición",
    "versione",
];

/// Every author-date reference in one block of prose; ranges are relative to
/// the start of `text`.
pub fn author_dates(text: &str) -> Vec<AuthorDate> {
    let mut found = Vec::new();
    // After `Sources:`, up to the end of the sentence or the block.
    for m in SOURCES.find_iter(text) {
        let start = m.end();
        let end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        let mut item_start = start;
        for piece in split_keep(&text[start..end], ';') {
            let piece_start = item_start;
            item_start += piece.len() + 1;
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lead = piece.len() - piece.trim_start().len();
            let s = piece_start + lead;
            let item = trimmed.trim_end_matches('.');
            if let Some((names, year)) = author_names::narrative(item) {
                push(&mut found, text, s..s + item.len(), names, year);
            }
        }
    }
    // `(Name 2022; Other 2023)` anywhere.
    for g in GROUP.captures_iter(text) {
        let Some(inner) = g.get(1) else { continue };
        if !(3..=200).contains(&inner.as_str().chars().count()) {
            continue;
        }
        let mut offset = inner.start();
        for piece in split_keep(inner.as_str(), ';') {
            let piece_start = offset;
            offset += piece.len() + 1;
            let lead = piece.len() - piece.trim_start().len();
            let item = piece.trim();
            if let Some((names, year)) = author_names::parenthetical(item) {
                let s = piece_start + lead;
                push(&mut found, text, s..s + item.len(), names, year);
            }
        }
    }
    found.sort_by_key(|r| r.range.start);
    found.dedup_by_key(|r| r.range.clone());
    found
}

fn split_keep(text: &str, sep: char) -> impl Iterator<Item = &str> {
    text.split(sep)
}

fn push(found: &mut Vec<AuthorDate>, text: &str, range: Range<usize>, names: &str, year: &str) {
    let Ok(year) = year.parse() else { return };
    let written: Vec<String> = names
        .trim_end_matches("et al.")
        .split([','])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            // A surname with its particles: the last words from the first
            // lower-case particle on, or the last word.
            let words: Vec<&str> = p.split_whitespace().collect();
            let start = words
                .iter()
                .position(|w| w.chars().next().is_some_and(char::is_lowercase))
                .unwrap_or(words.len().saturating_sub(1));
            words[start..].join(" ")
        })
        .collect();
    let names: Vec<String> = written.iter().map(|n| normalize(n)).collect();
    if names.is_empty()
        || names_a_place(&written)
        || names
            .iter()
            .any(|n| MONTH_NAMES.contains(&n.as_str()) || NOT_NAMES.contains(&n.as_str()))
    {
        return;
    }
    found.push(AuthorDate {
        text: text[range.clone()].into(),
        range,
        names: names.into(),
        written: written.into(),
        year,
    });
}

/// Whether the names read are a city where books are published, or a
/// publisher, rather than an author (`(Oxford, 1975)`, `(Cambridge,
/// Massachusetts, 1833)`, `(Routledge, 2016)`): the place or the house and
/// the year of a work the sentence names.
fn names_a_place(written: &[String]) -> bool {
    const PLACES: &[&str] = &[
        "Aberdeen",
        "Amsterdam",
        "Antwerp",
        "Athens",
        "Baltimore",
        "Barcelona",
        "Basel",
        "Beijing",
        "Bologna",
        "Bonn",
        "Bordeaux",
        "Budapest",
        "Buenos Aires",
        "Cairo",
        "Calcutta",
        "Copenhagen",
        "Delhi",
        "Dresden",
        "Göttingen",
        "Hamburg",
        "Heidelberg",
        "Istanbul",
        "Jena",
        "Jerusalem",
        "Köln",
        "Kraków",
        "Kyoto",
        "Leuven",
        "Lisboa",
        "Lisbon",
        "Louvain",
        "Mainz",
        "Marseille",
        "Montreal",
        "Napoli",
        "Naples",
        "New Haven",
        "Nürnberg",
        "Nuremberg",
        "Padova",
        "Padua",
        "Prague",
        "Praha",
        "Rio de Janeiro",
        "Salamanca",
        "San Francisco",
        "São Paulo",
        "Sevilla",
        "Seville",
        "Shanghai",
        "St. Petersburg",
        "Stockholm",
        "Strasbourg",
        "Sydney",
        "Torino",
        "Turin",
        "Uppsala",
        "Utrecht",
        "Warsaw",
        "Weimar",
        "Berkeley",
        "Berlin",
        "Boston",
        "Brussels",
        "Bruxelles",
        "Cambridge",
        "Chicago",
        "Dublin",
        "Edinburgh",
        "Firenze",
        "Florence",
        "Frankfurt",
        "Geneva",
        "Genève",
        "Glasgow",
        "Halle",
        "Leiden",
        "Leipzig",
        "London",
        "Lyon",
        "Madrid",
        "Milan",
        "Milano",
        "Moscow",
        "Munich",
        "München",
        "New York",
        "Oxford",
        "Paris",
        "Philadelphia",
        "Princeton",
        "Rome",
        "Roma",
        "Stuttgart",
        "Tokyo",
        "Toronto",
        "Tübingen",
        "Venice",
        "Venezia",
        "Vienna",
        "Wien",
        "Washington",
        "Zürich",
        // Countries (`issue 2-3 of *Leitmotiv* (Chile, 1943)`).
        "Argentina",
        "Bolivia",
        "Brasil",
        "Brazil",
        "Canada",
        "Chile",
        "China",
        "Colombia",
        "Cuba",
        "Ecuador",
        "Egypt",
        "España",
        "Germany",
        "Greece",
        "India",
        "Italia",
        "Italy",
        "Japan",
        "Mexico",
        "México",
        "Paraguay",
        "Peru",
        "Perú",
        "Russia",
        "Spain",
        "Uruguay",
        "Venezuela",
        // Publishers.
        "Blackwell",
        "Bloomsbury",
        "Brill",
        "Elsevier",
        "Gallimard",
        "Macmillan",
        "Palgrave",
        "Penguin",
        "Polity",
        "Routledge",
        "Springer",
        "Suhrkamp",
        "Verso",
        "Wiley",
    ];
    written
        .first()
        .is_some_and(|name| PLACES.contains(&name.trim()))
}

static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:can\s+be\s+(?:reached|contacted|emailed)(?:\s+(?:at|via|by\s+e-?mail))?|(?:reach|contact|email|e-mail|write\s+to)\s+(?:him|her|them|me|us|the\s+author)\s+at|(?:e-?mail(?:\s+address)?|contact|correspondence)\s*:)\s*[:.]?\s*$",
    )
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// Lines of `text` that end asking the reader to write to an address that
/// is not there; ranges relative to `text`.
pub fn dangling_contacts(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        // Every contact phrase ends in `at`, `via`, `mail` or a colon; the
        // pattern only runs on the few lines that do.
        let tail = content.trim_end().trim_end_matches(['.', ':']);
        let candidate = content.trim_end().ends_with(':')
            || ["at", "via", "mail"]
                .iter()
                .any(|w| ends_with_ignore_case(tail, w));
        if !candidate {
            start += line.len();
            continue;
        }
        if let Some(m) = CONTACT.find(content)
            && !introduces_a_message(&content[..m.start()], &content[m.range()])
        {
            let phrase = content[m.range()].trim_end();
            found.push(start + m.start()..start + m.start() + phrase.len());
        }
        start += line.len();
    }
    found
}

/// Whether `email:` is a message that the text goes on to give (`When I
/// reach home, I have an email:`, `Doctor Kettleman’s email:`), not the
/// label of an address: a word before it makes it one particular email.
fn introduces_a_message(before: &str, phrase: &str) -> bool {
    const DETERMINERS: &[&str] = &[
        "a", "an", "the", "this", "that", "new", "last", "latest", "another",
    ];
    // `the following email address:` still asks for an address.
    let lower = phrase.trim().to_ascii_lowercase();
    if !matches!(lower.as_str(), "email:" | "e-mail:") {
        return false;
    }
    before.split_whitespace().next_back().is_some_and(|word| {
        word.ends_with("’s")
            || word.ends_with("'s")
            || DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(word))
    })
}

/// Lines of a reference list written as prose (outside notes) that end
/// introducing a URL that is not there: `Retrieved from`, `Available at:`,
/// `URL:`, `Available from:`, unless the address opens the next line.
/// Ranges relative to `text`.
pub fn lost_urls(text: &str) -> Vec<Range<usize>> {
    const LABELS: &[&str] = &["retrieved from", "available at:", "available from:", "url:"];
    let mut found = Vec::new();
    let mut start = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let content = line.trim_end();
        if let Some(label) = LABELS.iter().find(|l| ends_with_ignore_case(content, l)) {
            let at = content.len() - label.len();
            // The label starts a word, and the address is not on the next line.
            let word_start = content[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let next_is_address = lines
                .peek()
                .is_some_and(|next| opens_with_address(next.trim_start()));
            if word_start && !next_is_address {
                found.push(start + at..start + content.len());
            }
        }
        start += line.len();
    }
    found
}

/// Whether `text` opens with a web address (`https://…`, `www.…`, `<…>`).
pub(crate) fn opens_with_address(text: &str) -> bool {
    text.starts_with("http") || text.starts_with("www.") || text.starts_with('<')
}

fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.is_char_boundary(text.len() - suffix.len())
        && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// Compiles this module's patterns (see [`super::prepare`]).
pub(crate) fn prepare() {
    for pattern in [&SOURCES, &GROUP, &CONTACT] {
        LazyLock::force(pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Vec<String>, u16)> {
        author_dates(text)
            .into_iter()
            .map(|r| (text[r.range.clone()].to_string(), r.names.to_vec(), r.year))
            .collect()
    }

    #[test]
    fn sources_lines_list_author_date_references() {
        assert_eq!(
            names(
                "Note: X = Y. Sources: Ostrom (1990); Hardin and Baden (1977); Dietz, Ostrom, and Stern (2003)."
            ),
            vec![
                ("Ostrom (1990)".into(), vec!["ostrom".into()], 1990),
                (
                    "Hardin and Baden (1977)".into(),
                    vec!["hardin".into(), "baden".into()],
                    1977
                ),
                (
                    "Dietz, Ostrom, and Stern (2003)".into(),
                    vec!["dietz".into(), "ostrom".into(), "stern".into()],
                    2003
                ),
            ]
        );
    }

    #[test]
    fn parentheses_in_prose_hold_author_date_references() {
        assert_eq!(
            names("Commons recover (Ostrom 1990; see Agrawal, 2001, 12) in time."),
            vec![
                ("Ostrom 1990".into(), vec!["ostrom".into()], 1990),
                ("see Agrawal, 2001, 12".into(), vec!["agrawal".into()], 2001),
            ]
        );
    }

    #[test]
    fn dates_and_headers_are_not_references() {
        assert!(names("Harvest Yield (2024)\tActual Yield (2023)").is_empty());
        assert!(names("The law changed (November 2024) and again (Spring 1992).").is_empty());
        assert!(names("It was founded (2018) by monks.").is_empty());
    }

    #[test]
    fn contact_lines_without_an_address_are_found() {
        let text = "The editor can be reached at\nBack to top";
        assert_eq!(dangling_contacts(text), vec![11..28]);
        assert!(dangling_contacts("She can be reached at ada@example.org").is_empty());
        assert!(dangling_contacts("Email: ").len() == 1);
        // An email the text goes on to quote.
        assert!(dangling_contacts("At home I have an email:\n").is_empty());
        assert!(dangling_contacts("Doctor Fenn’s email:\n").is_empty());
        assert_eq!(dangling_contacts("Ada Fenn, email:\n").len(), 1);
    }
}
