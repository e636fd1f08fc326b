//! Documents of other shapes than [`super::notes_document`], each the shape
//! of a kind of document that costs the analysis differently: thousands of
//! short Markdown footnotes with standing defects, author-date prose,
//! Wikipedia articles and research reports exported from chat assistants.

use std::fmt::Write as _;

use super::{MONTHS, OUTLETS, Rng, heading, sentence};

/// The document shapes, by a name the benchmarks and `ibid debug
/// gen-corpus` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// [`super::notes_document`].
    Notes,
    /// [`markdown_footnotes_document`].
    Footnotes,
    /// [`author_date_document`].
    AuthorDate,
    /// [`wikipedia_document`].
    Wikipedia,
    /// [`ai_export_document`].
    AiExport,
    /// [`plain_document`].
    Plain,
}

impl Shape {
    pub const ALL: [Shape; 6] = [
        Shape::Notes,
        Shape::Footnotes,
        Shape::AuthorDate,
        Shape::Wikipedia,
        Shape::AiExport,
        Shape::Plain,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Notes => "notes",
            Shape::Footnotes => "footnotes",
            Shape::AuthorDate => "author-date",
            Shape::Wikipedia => "wikipedia",
            Shape::AiExport => "ai-export",
            Shape::Plain => "plain",
        }
    }

    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The extension of a file of this shape: Markdown linters only read
    /// `.md` files.
    pub fn extension(self) -> &'static str {
        match self {
            Shape::Footnotes | Shape::AiExport | Shape::Plain => "md",
            _ => "txt",
        }
    }

    /// A document of this shape and about `target_len` bytes.
    pub fn generate(self, target_len: usize, seed: u64) -> String {
        match self {
            Shape::Notes => super::notes_document(target_len, seed),
            Shape::Footnotes => markdown_footnotes_document(target_len, seed),
            Shape::AuthorDate => author_date_document(target_len, seed),
            Shape::Wikipedia => wikipedia_document(target_len, seed),
            Shape::AiExport => ai_export_document(target_len, seed),
            Shape::Plain => plain_document(target_len, seed),
        }
    }
}

/// Syllables that surnames are made of: enough different surnames that
/// author-date references and short forms name many works, not ten.
const SYLLABLES: &[&str] = &[
    "hal", "lo", "ran", "ok", "a", "for", "lind", "qvist", "mo", "reau", "cas", "til", "na", "ka",
    "mu", "bren", "pet", "ro", "va", "sil", "whit", "comb", "e", "ster",
];

const GIVEN_NAMES: &[&str] = &[
    "Ada", "Tomas", "Marta", "Henrik", "Ines", "Kofi", "Yuki", "Pavel", "Lena", "Omar",
];

const PLACES: &[&str] = &["Oslo", "Lima", "Genoa", "Brest", "Cambridge, MA"];

const PUBLISHERS: &[&str] = &[
    "Fjord",
    "Faro",
    "Harbour Press",
    "Tidewater",
    "Beacon Books",
];

/// A surname of two or three syllables, capitalised.
fn surname(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(2);
    let mut name = String::new();
    for _ in 0..syllables {
        name.push_str(rng.pick::<&str>(SYLLABLES));
    }
    capitalise(&name)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn title(rng: &mut Rng) -> String {
    capitalise(&heading(rng).to_lowercase())
}

/// Sentences appended to `out` until it has grown by about `chars` bytes.
fn sentences(rng: &mut Rng, out: &mut String, chars: usize) {
    let start = out.len();
    while out.len() - start < chars {
        if out.len() > start {
            out.push(' ');
        }
        sentence(rng, out);
    }
}

/// A Markdown document of about `target_len` bytes with no notes at all:
/// headings and paragraphs with curly quotes, accented words and emoji, and
/// no digit, bracket or other marker-like text (most files of a
/// documentation folder).
pub fn plain_document(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(target_len + 2_000);
    let mut paragraph = 0;
    while out.len() < target_len {
        if paragraph % 3 == 0 {
            let _ = write!(out, "## {}\n\n", title(&mut rng));
        }
        sentences(&mut rng, &mut out, 1_200);
        out.push_str("\n\n");
        paragraph += 1;
    }
    out
}

/// A Markdown document of about `target_len` bytes with `[^n]` footnotes:
/// prose with a marker every 250 bytes or so, then every note at the end,
/// each one short citation (about 3,400 notes in a megabyte). One marker in
/// twenty has no note and one note in twenty no marker, so that a megabyte
/// holds some 350 standing findings.
pub fn markdown_footnotes_document(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut body = String::from("# Lights along the coast\n\n");
    let mut notes = String::new();
    let mut n = 0usize;
    let mut in_paragraph = 0;
    while body.len() + notes.len() < target_len {
        n += 1;
        if n % 20 == 7 {
            // A note that no marker cites.
        } else {
            sentences(&mut rng, &mut body, 200);
            let _ = write!(body, "[^{n}] ");
            in_paragraph += 1;
            if in_paragraph == 6 {
                body.pop();
                body.push_str("\n\n");
                in_paragraph = 0;
            }
        }
        if n % 20 == 13 {
            // A marker with no note.
            continue;
        }
        let _ = writeln!(
            notes,
            "[^{n}]: {}, *{}*, {}.",
            surname(&mut rng),
            title(&mut rng),
            1990 + rng.below(35)
        );
    }
    body.push_str("\n\n");
    body.push_str(&notes);
    body
}

/// One work cited by author and year.
struct Work {
    authors: Vec<(String, String)>,
    year: usize,
}

impl Work {
    fn new(rng: &mut Rng) -> Work {
        let count = if rng.below(10) < 3 { 2 } else { 1 };
        Work {
            authors: (0..count)
                .map(|_| (rng.pick(GIVEN_NAMES).to_string(), surname(rng)))
                .collect(),
            year: 1980 + rng.below(45),
        }
    }

    /// `Lo`, `Lo and Reyes`.
    fn surnames(&self) -> String {
        let names: Vec<&str> = self.authors.iter().map(|(_, s)| s.as_str()).collect();
        names.join(" and ")
    }

    /// `Ada Lo and Tom Reyes`.
    fn full_names(&self) -> String {
        let names: Vec<String> = self
            .authors
            .iter()
            .map(|(given, surname)| format!("{given} {surname}"))
            .collect();
        names.join(" and ")
    }
}

/// Prose in the author-date style of the social sciences, about
/// `target_len` bytes: parenthetical references (`(Lo 2001)`,
/// `(Lo and Reyes 2003, 12; Moreau 1999)`) in most sentences, a `Sources:`
/// line after every few paragraphs, and a notes section that gives each work
/// in full. The works grow in number with the text; one reference in twelve
/// names a year that no work has.
pub fn author_date_document(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut body = String::from("THE KEEPING OF LIGHTS: A COMPARATIVE STUDY\n\n");
    let mut notes = String::new();
    let mut works: Vec<Work> = Vec::new();
    let mut paragraphs = 0;
    let reference = |rng: &mut Rng, works: &[Work]| {
        let work = &works[rng.below(works.len())];
        let year = if rng.below(12) == 0 {
            work.year + 50
        } else {
            work.year
        };
        let pages = if rng.below(3) == 0 {
            format!(", {}", 1 + rng.below(300))
        } else {
            String::new()
        };
        format!("{} {year}{pages}", work.surnames())
    };
    while body.len() + notes.len() < target_len {
        if paragraphs % 5 == 0 {
            let _ = write!(body, "{}. {}\n\n", paragraphs / 5 + 1, heading(&mut rng));
        }
        paragraphs += 1;
        let start = body.len();
        while body.len() - start < 1_200 {
            sentence(&mut rng, &mut body);
            body.pop();
            if works.is_empty() || rng.below(4) == 0 {
                // A new work, cited in full in a note.
                let work = Work::new(&mut rng);
                let number = works.len() + 1;
                let _ = write!(body, " ({} {})[{number}].", work.surnames(), work.year);
                let _ = writeln!(
                    notes,
                    "[{number}] {}, *{}* ({}: {}, {}), {}.\n",
                    work.full_names(),
                    title(&mut rng),
                    rng.pick(PLACES),
                    rng.pick(PUBLISHERS),
                    work.year,
                    1 + rng.below(300)
                );
                works.push(work);
            } else if rng.below(3) == 0 {
                let first = reference(&mut rng, &works);
                let second = reference(&mut rng, &works);
                let _ = write!(body, " ({first}; {second}).");
            } else {
                let _ = write!(body, " ({}).", reference(&mut rng, &works));
            }
            body.push(' ');
        }
        body.pop();
        body.push_str("\n\n");
        if paragraphs % 3 == 0 {
            let first = reference(&mut rng, &works);
            let second = reference(&mut rng, &works);
            let _ = write!(body, "Sources: {first}; {second}.\n\n");
        }
    }
    body.push_str("NOTES\n\n");
    body.push_str(&notes);
    body
}

/// Bytes of one article of [`wikipedia_document`]: the longest articles
/// have some 150 KB of text and under a thousand references (a numbered
/// note has at most three digits).
const ARTICLE_BYTES: usize = 150_000;

/// Bytes of one report of [`ai_export_document`].
const REPORT_BYTES: usize = 100_000;

/// Wikipedia articles pasted as text one after the other, about `target_len`
/// bytes in all (see [`wikipedia_article`]).
pub fn wikipedia_document(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    while out.len() < target_len {
        let len = (target_len - out.len()).min(ARTICLE_BYTES);
        wikipedia_article(&mut rng, &mut out, len);
    }
    out
}

/// A Wikipedia article of about `target_len` bytes: `[12]` markers after
/// sentences, a third of them citing a reference again (as named references
/// do), `[citation needed]` now and then, and a `References` list of
/// `12. ^ ` entries (`^ a b` for those cited again) with web and journal
/// citations.
fn wikipedia_article(rng: &mut Rng, out: &mut String, target_len: usize) {
    let mut body = String::from("Lighthouses of the northern coast\n\n");
    let mut references: Vec<String> = Vec::new();
    let mut cited: Vec<usize> = Vec::new();
    let mut paragraphs = 0;
    let mut size = body.len();
    while size < target_len {
        if paragraphs % 4 == 0 {
            let _ = write!(body, "{}\n\n", capitalise(&heading(rng).to_lowercase()));
        }
        paragraphs += 1;
        let start = body.len();
        while body.len() - start < 900 {
            sentence(rng, &mut body);
            match rng.below(10) {
                0..=3 => {
                    let entry = web_or_journal(rng, references.len() + 1);
                    size += entry.len();
                    references.push(entry);
                    cited.push(1);
                    let _ = write!(body, "[{}]", references.len());
                }
                4 | 5 if !references.is_empty() => {
                    let again = rng.below(references.len());
                    cited[again] += 1;
                    let _ = write!(body, "[{}]", again + 1);
                }
                6 if rng.below(4) == 0 => body.push_str("[citation needed]"),
                _ => {}
            }
            body.push(' ');
        }
        body.pop();
        body.push_str("\n\n");
        size += body.len() - start;
    }
    body.push_str("References\n\n");
    for (i, entry) in references.iter().enumerate() {
        let back_links = match cited[i] {
            1 => String::new(),
            more => {
                let letters: Vec<String> = (0..more.min(26))
                    .map(|k| char::from(b'a' + k as u8).to_string())
                    .collect();
                letters.join(" ") + " "
            }
        };
        let _ = writeln!(body, "{}. ^ {back_links}{entry}", i + 1);
    }
    body.push('\n');
    out.push_str(&body);
}

/// A Wikipedia citation: a web page with a retrieval date, or a journal
/// article with a DOI.
fn web_or_journal(rng: &mut Rng, number: usize) -> String {
    let author = surname(rng);
    let given = rng.pick(GIVEN_NAMES);
    let year = 1990 + rng.below(35);
    if rng.below(2) == 0 {
        format!(
            "{author}, {given} ({year}). \"{}\". {}. Retrieved {} {}, 2021.",
            title(rng),
            rng.pick(OUTLETS),
            rng.pick(MONTHS),
            1 + rng.below(28)
        )
    } else {
        format!(
            "{author}, {given} ({year}). \"{}\". {}. {} ({}): {}–{}. doi:10.{}/ibid.{number}.",
            title(rng),
            rng.pick(OUTLETS),
            1 + rng.below(60),
            1 + rng.below(4),
            10 + rng.below(100),
            120 + rng.below(100),
            1000 + rng.below(9000)
        )
    }
}

/// Research reports exported from a chat assistant as Markdown, one after
/// the other, about `target_len` bytes in all (see [`ai_export_report`]).
pub fn ai_export_document(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    while out.len() < target_len {
        let len = (target_len - out.len()).min(REPORT_BYTES);
        ai_export_report(&mut rng, &mut out, len);
    }
    out
}

/// A research report of about `target_len` bytes: `#` headings, bold
/// lead-ins, bullet lists, `[3]` and `[2, 5]` markers, and a `Works cited`
/// list of web pages with access dates, one in twenty-five of which lost its
/// URL.
fn ai_export_report(rng: &mut Rng, out: &mut String, target_len: usize) {
    let mut body = String::from("# **The Keeping of Lights: A Research Report**\n\n");
    let mut cited = String::new();
    let mut sources = 0usize;
    let mut sections = 0;
    let mut cite = |rng: &mut Rng, out: &mut String, cited: &mut String| {
        let mut new_source = |rng: &mut Rng, cited: &mut String| {
            sources += 1;
            let site = rng.pick(OUTLETS);
            let accessed = format!("accessed {} {}, 2025,", rng.pick(MONTHS), 1 + rng.below(28));
            let title = title(rng);
            if rng.below(25) == 0 {
                let _ = writeln!(cited, "{sources}. {title} - {site}, {accessed}");
            } else {
                let slug = title.to_lowercase().replace(' ', "-");
                let _ = writeln!(
                    cited,
                    "{sources}. {title} - {site}, {accessed} [https://example.org/{slug}](https://example.org/{slug})"
                );
            }
            sources
        };
        let first = new_source(rng, cited);
        if rng.below(4) == 0 && first > 3 {
            let earlier = 1 + rng.below(first - 1);
            let _ = write!(out, " [{earlier}, {first}]");
        } else {
            let _ = write!(out, " [{first}]");
        }
    };
    while body.len() + cited.len() < target_len {
        sections += 1;
        let _ = write!(body, "## **{sections}. {}**\n\n", title(rng));
        for _ in 0..3 {
            let start = body.len();
            while body.len() - start < 700 {
                sentence(rng, &mut body);
                if rng.below(2) == 0 {
                    cite(rng, &mut body, &mut cited);
                }
                body.push(' ');
            }
            body.pop();
            body.push_str("\n\n");
        }
        for _ in 0..4 {
            let _ = write!(body, "* **{}:** ", title(rng));
            sentence(rng, &mut body);
            cite(rng, &mut body, &mut cited);
            body.push('\n');
        }
        body.push('\n');
    }
    body.push_str("#### **Works cited**\n\n");
    body.push_str(&cited);
    body.push('\n');
    out.push_str(&body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_footnotes_have_one_marker_and_one_note_in_twenty_missing() {
        let text = markdown_footnotes_document(100_000, 1);
        let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("[^")).collect();
        let markers = text.matches("[^").count() - notes.len();
        let last = notes
            .last()
            .and_then(|l| l[2..].split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        // Of every twenty numbers, nineteen have a note and nineteen a marker.
        assert_eq!(notes.len(), last - last / 20 - usize::from(last % 20 >= 13));
        assert!(
            markers.abs_diff(notes.len()) <= 1,
            "{markers} {}",
            notes.len()
        );
        assert!((320..=360).contains(&last), "{last}");
    }

    #[test]
    fn the_plain_shape_has_nothing_to_read() {
        let text = Shape::Plain.generate(200_000, 9);
        assert!(crate::analysis::prescreen::nothing_to_read(&text));
        assert_eq!(crate::analysis::analyze(&text).diagnostics, []);
    }

    #[test]
    fn shapes_are_deterministic_and_reach_their_size() {
        for shape in Shape::ALL {
            let text = shape.generate(50_000, 5);
            assert_eq!(text, shape.generate(50_000, 5));
            assert_eq!(Shape::from_name(shape.name()), Some(shape));
            assert!(
                text.len() >= 50_000 && text.len() < 53_000,
                "{}",
                text.len()
            );
        }
    }
}
