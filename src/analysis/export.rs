//! A document's notes as bibliography data: one record per cited work (its
//! Ibids and short forms folded into it, see [`super::works`]), with the
//! fields read from its full citation, a CSL type chosen from what the
//! citation holds, and a stable key in the manner of reference managers
//! (`whitcombe1999frozen`). Written as CSL-JSON or BibTeX, both of which
//! Zotero, Mendeley and Pandoc import.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

use super::Analysis;
use super::citations::{Author, Citation, Field, TitleStyle, is_organisation};
use super::works;

/// Words that do not make a key: articles and short prepositions, in the
/// languages research notes are written in.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "and", "to", "for", "at", "by", "with", "from", "la", "le",
    "les", "el", "los", "las", "der", "die", "das", "de", "del", "des", "du", "un", "une", "il",
    "lo", "o", "os", "as", "et", "y", "und",
];

/// A person's name in parts, or an organisation's as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    Person { family: String, given: String },
    Literal(String),
}

/// A date as year, month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// One work, as bibliography data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub key: String,
    /// A CSL type: `book`, `article-journal`, `article-newspaper`,
    /// `webpage`, `report`, `document`.
    pub kind: &'static str,
    pub authors: Vec<Name>,
    pub title: Option<String>,
    pub container: Option<String>,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    /// An article's page range (not the pages a note points to).
    pub pages: Option<String>,
    pub issued: Option<Date>,
    pub accessed: Option<Date>,
    pub url: Option<String>,
    pub doi: Option<String>,
    /// The label of the note that gives the work in full.
    pub note: String,
}

/// The works of an analysed document, in the order they are first cited.
pub fn records(text: &str, analysis: &Analysis) -> Vec<Record> {
    let index = &analysis.index;
    let mut out: Vec<Record> = Vec::new();
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for work in &analysis.works.works {
        let Some(c) = works::citation(index, work.full) else {
            continue;
        };
        let note = index
            .notes
            .get(work.full.note)
            .and_then(|n| text.get(n.label_range.clone()))
            .unwrap_or("")
            .trim()
            .to_string();
        let mut record = record(c, note);
        let base = key(&record);
        let n = taken.entry(base.clone()).or_insert(0);
        record.key = match *n {
            0 => base,
            // `whitcombe1999frozena`, `…b`: as reference managers tell
            // works with one author, year and first word apart.
            i => format!("{base}{}", suffix(i)),
        };
        *n += 1;
        out.push(record);
    }
    out
}

/// `a` … `z`, then `aa`, `ab`, …
fn suffix(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        i -= 1;
        s.push(b'a' + (i % 26) as u8);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn text(field: &Option<Field>) -> Option<String> {
    field
        .as_ref()
        .map(|f| {
            f.text
                .trim()
                .trim_matches(['*', '_', '“', '”', '‘', '’', '"'])
                .trim_end_matches([',', '.', ';', ':'])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|t| !t.is_empty())
}

fn record(c: &Citation, note: String) -> Record {
    let authors: Vec<Name> = c.authors.iter().map(name).collect();
    let container = text(&c.container);
    let publisher = text(&c.publisher);
    let place = text(&c.place);
    let volume = text(&c.volume);
    let issue = text(&c.issue);
    let issued = c
        .date
        .as_ref()
        .and_then(|d| parse_date(&d.text))
        .or_else(|| {
            c.year.map(|y| Date {
                year: i32::from(y),
                month: None,
                day: None,
            })
        });
    let accessed = c.accessed.as_ref().and_then(|d| parse_date(&d.text));
    let (url, doi) = match text(&c.url) {
        Some(link) => {
            let link = link.trim_matches(['<', '>']).to_string();
            let lower = link.to_lowercase();
            let doi = [
                "https://doi.org/",
                "http://doi.org/",
                "https://dx.doi.org/",
                "doi:",
            ]
            .iter()
            .find_map(|p| {
                lower
                    .starts_with(p)
                    .then(|| link[p.len()..].trim().to_string())
            });
            match doi {
                Some(doi) => (None, Some(doi)),
                None => (Some(link), None),
            }
        }
        None => (None, None),
    };
    let organisation_author = matches!(authors.first(), Some(Name::Literal(_)));
    let dated_to_the_day = issued.is_some_and(|d| d.month.is_some());
    let kind = if container.is_some() && (volume.is_some() || issue.is_some()) {
        "article-journal"
    } else if container.is_some() && c.title_style == Some(TitleStyle::Quoted) {
        if dated_to_the_day || url.is_some() {
            "article-newspaper"
        } else {
            "article-journal"
        }
    } else if publisher.is_some() || place.is_some() {
        if organisation_author {
            "report"
        } else {
            "book"
        }
    } else if url.is_some() || accessed.is_some() {
        "webpage"
    } else if c.title_style == Some(TitleStyle::Emphasis) {
        "book"
    } else {
        "document"
    };
    // In a note, an article's pages are its range; a book's, where to look.
    let pages = (kind == "article-journal")
        .then(|| text(&c.pages))
        .flatten();
    Record {
        key: String::new(),
        kind,
        authors,
        title: text(&c.title),
        container,
        publisher,
        place,
        volume,
        issue,
        pages,
        issued,
        accessed,
        url,
        doi,
        note,
    }
}

/// A person's name split where its family name starts (`John J.
/// Mearsheimer`, `Mearsheimer, John J.`, `Anna de Vries`); an
/// organisation's whole.
fn name(author: &Author) -> Name {
    let written = author.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let base = match written.rfind(" (") {
        Some(at) if written.ends_with(')') => written[..at].to_string(),
        _ => written.clone(),
    };
    if base != written || is_organisation(&base) || !base.contains(' ') && !base.contains(',') {
        return Name::Literal(written);
    }
    if let Some((family, given)) = base.split_once(',') {
        return Name::Person {
            family: family.trim().to_string(),
            given: given.trim().to_string(),
        };
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    let family_words = author
        .keys
        .first()
        .map_or(1, |k| k.split_whitespace().count())
        .clamp(1, words.len().saturating_sub(1).max(1));
    let split = words.len() - family_words;
    Name::Person {
        family: words[split..].join(" "),
        given: words[..split].join(" "),
    }
}

/// `April 22, 2021`, `22 April 2021`, `April 2021`, `Spring 2019`,
/// `2021-04-22`, `2021`.
pub fn parse_date(written: &str) -> Option<Date> {
    let words: Vec<String> = written
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    if let [iso] = words.as_slice() {
        let parts: Vec<&str> = iso.split('-').collect();
        let year = parts.first()?.parse().ok()?;
        return Some(Date {
            year,
            month: parts
                .get(1)
                .and_then(|m| m.parse().ok())
                .filter(|m| (1..=12).contains(m)),
            day: parts
                .get(2)
                .and_then(|d| d.parse().ok())
                .filter(|d| (1..=31).contains(d)),
        });
    }
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for w in &words {
        if let Some(m) = month_number(w) {
            month = Some(m);
        } else if let Ok(n) = w.parse::<i32>() {
            if n > 31 {
                year = Some(n);
            } else {
                day = u8::try_from(n).ok();
            }
        }
    }
    Some(Date {
        year: year?,
        month,
        day: month.and(day),
    })
}

fn month_number(word: &str) -> Option<u8> {
    if word.len() < 3 {
        return None;
    }
    super::citations::MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(word) || (word == "sept" && *m == "september"))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// Lower-case ASCII letters and digits of `text`, accents taken off
/// (`Sørensen` → `sorensen`).
fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.nfd() {
        match c {
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

/// The first words of a title that are not stop words.
fn title_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(ascii)
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// `family` + `year` + first title word: `whitcombe1999frozen`; `nd` for no
/// year; the organisation's first word or the title's for no person.
fn key(record: &Record) -> String {
    let words = record.title.as_deref().map(title_words).unwrap_or_default();
    let who = match record.authors.first() {
        Some(Name::Person { family, .. }) => {
            // The last word of a family name with particles (`de Vries`).
            family
                .split_whitespace()
                .last()
                .map(ascii)
                .unwrap_or_default()
        }
        Some(Name::Literal(org)) => title_words(org).into_iter().next().unwrap_or_default(),
        None => String::new(),
    };
    let year = record
        .issued
        .map_or_else(|| "nd".to_string(), |d| d.year.to_string());
    let (who, first) = if who.is_empty() {
        (
            words.first().cloned().unwrap_or_else(|| "anon".to_string()),
            words.get(1).cloned().unwrap_or_default(),
        )
    } else {
        (who, words.first().cloned().unwrap_or_default())
    };
    format!("{who}{year}{first}")
}

fn date_parts(d: &Date) -> Value {
    let mut parts = vec![json!(d.year)];
    if let Some(m) = d.month {
        parts.push(json!(m));
        if let Some(day) = d.day {
            parts.push(json!(day));
        }
    }
    json!({ "date-parts": [parts] })
}

/// CSL-JSON: a list of items, pretty-printed.
pub fn to_csl_json(records: &[Record]) -> String {
    let items: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(r.key));
            item.insert("type".into(), json!(r.kind));
            if !r.authors.is_empty() {
                let names: Vec<Value> = r
                    .authors
                    .iter()
                    .map(|n| match n {
                        Name::Person { family, given } if given.is_empty() => {
                            json!({ "family": family })
                        }
                        Name::Person { family, given } => {
                            json!({ "family": family, "given": given })
                        }
                        Name::Literal(l) => json!({ "literal": l }),
                    })
                    .collect();
                item.insert("author".into(), Value::Array(names));
            }
            let mut put = |k: &str, v: &Option<String>| {
                if let Some(v) = v {
                    item.insert(k.into(), json!(v));
                }
            };
            put("title", &r.title);
            put("container-title", &r.container);
            put("publisher", &r.publisher);
            put("publisher-place", &r.place);
            put("volume", &r.volume);
            put("issue", &r.issue);
            put("page", &r.pages);
            put("URL", &r.url);
            put("DOI", &r.doi);
            if let Some(d) = &r.issued {
                item.insert("issued".into(), date_parts(d));
            }
            if let Some(d) = &r.accessed {
                item.insert("accessed".into(), date_parts(d));
            }
            Value::Object(item)
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

fn iso(d: &Date) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{:04}-{m:02}-{day:02}", d.year),
        (Some(m), None) => format!("{:04}-{m:02}", d.year),
        _ => format!("{:04}", d.year),
    }
}

/// BibTeX, written by the `biblatex` crate (which escapes what needs it and
/// maps BibLaTeX types and dates to BibTeX's).
pub fn to_bibtex(records: &[Record]) -> String {
    use biblatex::{Chunk, EntryType, Spanned};
    let chunks = |text: &str| vec![Spanned::detached(Chunk::Normal(text.to_string()))];
    let mut out = String::new();
    for r in records {
        let kind = match r.kind {
            "book" => EntryType::Book,
            "article-journal" | "article-newspaper" => EntryType::Article,
            "report" => EntryType::Report,
            "webpage" => EntryType::Online,
            _ => EntryType::Misc,
        };
        let mut entry = biblatex::Entry::new(r.key.clone(), kind);
        if !r.authors.is_empty() {
            let mut names = Vec::new();
            for (i, n) in r.authors.iter().enumerate() {
                if i > 0 {
                    names.push(Spanned::detached(Chunk::Normal(" and ".to_string())));
                }
                names.push(Spanned::detached(match n {
                    Name::Person { family, given } if given.is_empty() => {
                        Chunk::Normal(family.clone())
                    }
                    Name::Person { family, given } => Chunk::Normal(format!("{family}, {given}")),
                    // Braced, so that BibTeX does not split it into names.
                    Name::Literal(l) => Chunk::Verbatim(l.clone()),
                }));
            }
            entry.set("author", names);
        }
        let mut put = |field: &str, v: &Option<String>| {
            if let Some(v) = v {
                entry.set(field, chunks(v));
            }
        };
        put("title", &r.title);
        let container_field = if r.kind.starts_with("article") {
            "journaltitle"
        } else {
            "howpublished"
        };
        put(container_field, &r.container);
        put("publisher", &r.publisher);
        put("location", &r.place);
        put("volume", &r.volume);
        put("number", &r.issue);
        put(
            "pages",
            &r.pages.as_ref().map(|p| p.replace(['–', '—'], "--")),
        );
        put("url", &r.url);
        put("doi", &r.doi);
        put("date", &r.issued.as_ref().map(iso));
        put("urldate", &r.accessed.as_ref().map(iso));
        let written = entry
            .to_bibtex_string()
            .unwrap_or_else(|_| entry.to_biblatex_string());
        out.push_str(&written);
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    const NOTES: &str = "Ice.[1] Roads.[2] Again.[3] Port.[4] Log.[5] Same.[6]

[1] Anna Whitcombe, *Frozen Rivers: A Winter History* (Oslo: Nordic Press, 1999), 33.
[2] Chidi Okafor and Maja Lindqvist, “Ice Roads and the Timber Trade,” *Journal of Northern Commerce* 14, no. 2 (2012): 101–30.
[3] Ibid., 110.
[4] Hiro Tanaka, “Spring Tides Flood the Old Port,” Coastal Daily, April 22, 2021, https://daily.example.com/tides.
[5] “Harbour Ice Log, Winter 2020,” accessed January 15, 2021, https://harbour.example.org/ice-log.
[6] Whitcombe, *Frozen Rivers*, 40; Anna Whitcombe, *Frozen Lakes* (Oslo: Nordic Press, 1999).
";

    #[test]
    fn one_record_per_work_with_stable_keys_and_types() {
        let analysis = analyze(NOTES);
        let records = records(NOTES, &analysis);
        let summary: Vec<String> = records
            .iter()
            .map(|r| format!("{} {} (note {})", r.key, r.kind, r.note))
            .collect();
        assert_eq!(
            summary,
            [
                "whitcombe1999frozen book (note [1])",
                "okafor2012ice article-journal (note [2])",
                "tanaka2021spring article-newspaper (note [4])",
                "harbourndice webpage (note [5])",
                "whitcombe1999frozena book (note [6])",
            ]
        );
        assert_eq!(
            records[0].authors,
            [Name::Person {
                family: "Whitcombe".into(),
                given: "Anna".into()
            }]
        );
        assert_eq!(records[1].pages.as_deref(), Some("101–30"));
        assert_eq!(records[0].pages, None);
    }

    #[test]
    fn dates_in_the_ways_notes_write_them() {
        let d = |s: &str| parse_date(s).map(|d| (d.year, d.month, d.day));
        assert_eq!(d("April 22, 2021"), Some((2021, Some(4), Some(22))));
        assert_eq!(d("22 April 2021"), Some((2021, Some(4), Some(22))));
        assert_eq!(d("Sept. 2019"), Some((2019, Some(9), None)));
        assert_eq!(d("2021-01-15"), Some((2021, Some(1), Some(15))));
        assert_eq!(d("Spring 2019"), Some((2019, None, None)));
        assert_eq!(d("no date"), None);
    }

    #[test]
    fn keys_fold_accents_and_skip_articles() {
        assert_eq!(ascii("Sørensen"), "sorensen");
        assert_eq!(ascii("Álvarez"), "alvarez");
        assert_eq!(title_words("The Keeping of Lights"), ["keeping", "lights"]);
        assert_eq!(suffix(1), "a");
        assert_eq!(suffix(27), "aa");
    }
}
