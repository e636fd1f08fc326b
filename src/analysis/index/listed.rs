//! Works listed in a bibliography outside the notes, an entry a line:
//! `Merrill, Eugene H. *Deuteronomy*. Nashville: Broadman, 1994.`, and
//! `———. *Title*. …` for another work by the same authors. In Chicago's
//! notes-and-bibliography style the first note may already cite a work in
//! short form (`Merrill, 161.`), since the bibliography gives it in full.
//!
//! An entry is told by how its line opens, a surname then a comma and a
//! given name (the names inverted, as a bibliography sorts them), and then
//! by what the citation reader makes of it: a titled work (a forthcoming
//! one has no year yet). Prose rarely opens a line that way, and a paragraph that
//! does not is not read further.

use std::ops::Range;

use crate::analysis::citations::{self, Author, Citation, InlineSpans};

/// Lowercase words that begin a surname (`van Gogh, Vincent`).
const PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "du", "da", "di", "del", "della", "le", "la", "ten", "ter",
    "dos", "das", "al", "el", "bin", "ibn",
];

/// Whether any line of a paragraph opens as a bibliography entry.
pub(super) fn may_list(paragraph: &str) -> bool {
    entry_lines(paragraph).next().is_some()
}

/// The lines of a paragraph that open as a bibliography entry does, from
/// after any list bullet to the end of the line's text.
pub(super) fn entry_lines(paragraph: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    paragraph.split_inclusive('\n').filter_map(move |line| {
        let start = at;
        at += line.len();
        let text = line.trim_end();
        let body = without_bullet(text);
        let body_start = start + (text.len() - body.len());
        opens_an_entry(body).then(|| body_start..start + text.len())
    })
}

/// Reads an entry: its citation, and whether it takes its authors from the
/// entry before it. `None` where the line gives no titled work by someone.
pub(super) fn read(entry: &str, spans: &InlineSpans) -> Option<(Citation, bool)> {
    let repeats = dashes(entry).is_some();
    let mut citation = citations::parse_note(entry, spans).into_iter().next()?;
    // `Barth, Karl.`: the reader takes a comma between two single names for
    // two authors; at the head of an entry it inverts one author's name.
    if let [first, second, ..] = &citation.authors[..]
        && let Some(rest) = entry.strip_prefix(first.name.as_str())
        && let Some(given) = rest.strip_prefix(", ")
        && given.starts_with(second.name.as_str())
    {
        let mut name = &entry[..first.name.len() + 2 + second.name.len()];
        // The entry's full stop, unless it ends an initial (`Ada B.`).
        let initial = name.strip_suffix('.').is_some_and(|n| {
            let last = n.rsplit([' ', '.']).next().unwrap_or("");
            last.chars().count() == 1 && last.starts_with(char::is_uppercase)
        });
        if !initial {
            name = name.trim_end_matches('.');
        }
        let name = name.to_string();
        citation.authors[0].name = name;
        citation.authors.remove(1);
    }
    // `Acerbi, L. and Ma, W. J. (2017).`: a list of inverted names with
    // initials, as author-date reference lists write them, which the
    // citation reader does not take apart.
    let (surnames, year) = inverted_surnames(entry);
    if citation.year.is_none() {
        citation.year = year;
    }
    if surnames.len() > citation.authors.len().max(1) - 1 {
        citation.authors = surnames
            .iter()
            .map(|surname| Author {
                name: (*surname).to_string(),
                keys: vec![citations::normalize(surname)],
            })
            .collect();
    }
    let named = repeats || !citation.authors.is_empty();
    // Names with initials and a year in parentheses make an author-date
    // entry even where the reader finds no title in what follows.
    let work = citation.title.is_some() || (!surnames.is_empty() && year.is_some());
    (named && work).then_some((citation, repeats))
}

/// The surnames of an entry that opens with inverted names and their
/// initials, up to its parenthesised year (`Okafor, A., Pullin, M., &
/// Reyes, J. (2019).`), and that year (`1945` of `1945b`); none where it
/// opens otherwise.
fn inverted_surnames(entry: &str) -> (Vec<&str>, Option<u16>) {
    let Some(open) = entry.find(" (").filter(|&open| open <= 300) else {
        return (Vec::new(), None);
    };
    let year = entry[open + 2..]
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse().ok());
    if year.is_none() {
        return (Vec::new(), None);
    }
    (names_before(&entry[..open]), year)
}

/// See [`inverted_surnames`].
fn names_before(names: &str) -> Vec<&str> {
    let initials = |part: &str| {
        !part.is_empty()
            && part.split([' ', '-']).all(|word| {
                // `L`, `L.`, `Th.`
                let w = word.trim_end_matches('.');
                let letters = w.chars().count();
                w.starts_with(char::is_uppercase)
                    && (letters == 1 || (letters == 2 && word.ends_with('.')))
            })
    };
    let mut surnames = Vec::new();
    let mut pending: Option<&str> = None;
    for part in names.split([',', '&']).flat_map(|p| p.split(" and ")) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if initials(part) {
            match pending.take() {
                Some(surname) => surnames.push(surname),
                None => return Vec::new(),
            }
        } else if pending.replace(part).is_some() {
            return Vec::new();
        }
    }
    if pending.is_some() {
        return Vec::new();
    }
    surnames
}

fn without_bullet(line: &str) -> &str {
    let trimmed = line.trim_start();
    for bullet in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    trimmed
}

/// The dashes that stand for the previous entry's authors (`———.`,
/// `---,`, `\_\_\_.`), with what follows them.
fn dashes(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(['—', '–', '-', '_', '\\']);
    let run = &line[..line.len() - rest.len()];
    let long_enough = run.chars().filter(|&c| c != '\\').count() >= 2 || run.starts_with('—');
    let rest = rest.trim_start();
    (long_enough && (rest.starts_with('.') || rest.starts_with(','))).then_some(rest)
}

/// Whether a line opens as an entry: the dashes of a repeated author, or a
/// surname of at most three words, a comma, and a capitalised given name.
fn opens_an_entry(line: &str) -> bool {
    if line.len() < 20 {
        return false;
    }
    if let Some(rest) = dashes(line) {
        return rest.len() > 10;
    }
    let Some(comma) = line
        .get(..line.len().min(48))
        .and_then(|head| head.find(", "))
    else {
        return false;
    };
    let surname = &line[..comma];
    let mut words = 0;
    let mut capitalised = false;
    for word in surname.split(' ') {
        words += 1;
        let mut chars = word.chars();
        let first = chars.next();
        if first.is_some_and(char::is_uppercase) {
            capitalised = true;
            if !chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')) {
                return false;
            }
        } else if !PARTICLES.contains(&word) {
            return false;
        }
    }
    capitalised && words <= 3 && line[comma + 2..].starts_with(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::{entry_lines, inverted_surnames, opens_an_entry};

    #[test]
    fn an_entry_opens_with_an_inverted_name_or_dashes() {
        for line in [
            "Merrill, Eugene H. *Deuteronomy*. Nashville: Broadman, 1994.",
            "von Rad, Gerhard. *Deuteronomy*. Philadelphia: Westminster, 1966.",
            "———. *On Religion*. London: T&T Clark, 2006.",
            "\\_\\_\\_. *On Religion*. London, 2006.",
        ] {
            assert!(opens_an_entry(line), "{line}");
        }
        for line in [
            "However, the harbour was rebuilt twice in the next century.",
            "In 1994, Merrill argued otherwise about the covenant.",
            "Merrill, 161.",
            "---",
            "Smith and the others, Jones wrote at length.",
        ] {
            assert!(!opens_an_entry(line), "{line}");
        }
    }

    #[test]
    fn inverted_names_with_initials_give_their_surnames() {
        assert_eq!(
            inverted_surnames("Okafor, A., Pullin, M., & van Reyes, J.-P. (2019). Oil."),
            (vec!["Okafor", "Pullin", "van Reyes"], Some(2019))
        );
        assert_eq!(
            inverted_surnames("Acerbi, L. and Ma, W. J. (2017b). Lamps."),
            (vec!["Acerbi", "Ma"], Some(2017))
        );
        assert!(
            inverted_surnames("Merrill, Eugene H. *Deuteronomy* (Nashville, 1994).")
                .0
                .is_empty()
        );
        assert!(
            inverted_surnames("Okafor, A. Tides (Lagos: Bight, 2019).")
                .0
                .is_empty()
        );
    }

    #[test]
    fn entry_lines_drop_bullets_and_keep_offsets() {
        let paragraph = "Sources follow.\n- Park, Jun. *Harbours*. Leiden: Brill, 2004.\n";
        let lines: Vec<_> = entry_lines(paragraph).map(|r| &paragraph[r]).collect();
        assert_eq!(lines, ["Park, Jun. *Harbours*. Leiden: Brill, 2004."]);
    }
}
