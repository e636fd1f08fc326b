//! Deterministic generators of notes documents for benchmarks and tests.
//!
//! Not part of ibid's interface: it is public only so that benches and
//! integration tests, which are separate crates, can share it.

use std::fmt::Write as _;

pub mod shapes;

/// A small seeded generator (SplitMix64): the same seed gives the same
/// document on every machine, so benchmark runs compare like with like.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` must not be zero).
    pub fn below(&mut self, bound: usize) -> usize {
        // The modulo bias is irrelevant for generating prose.
        (self.next_u64() % bound as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "harbour",
    "light",
    "keeper",
    "signal",
    "coast",
    "ledger",
    "tower",
    "lamp",
    "lens",
    "engineers",
    "storm",
    "fog",
    "council",
    "records",
    "shipping",
    "survey",
    "of",
    "and",
    "in",
    "their",
    "was",
    "were",
    "which",
    "during",
    "after",
    "before",
    "rocks",
    "beacon",
    "oil",
    "paraffin",
    "clockwork",
    "rotation",
    "visible",
    "miles",
    "crews",
    "wreck",
    "tide",
    "charts",
    "élan",
    "façade",
    "naïve",
    "Zürich",
    "Brest",
    "Genoa",
    "Alexandria",
    "Cordouan",
    "Eddystone",
    // Astral characters: two UTF-16 units each, four UTF-8 bytes.
    "🌊",
    "🙂",
];

const SURNAMES: &[&str] = &[
    "Halloran",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Castillo",
    "Nakamura",
    "Brennan",
    "Petrova",
    "Da Silva",
    "Whitcombe",
];

const OUTLETS: &[&str] = &[
    "Maritime Review",
    "The Coastal Gazette",
    "Journal of Harbour History",
    "Lamp & Lens Quarterly",
    "Northern Archive",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Characters of one body paragraph, roughly; real essays paste one
/// paragraph per line, at 1,000 to 2,000 characters.
const PARAGRAPH_CHARS: usize = 1_500;

/// Paragraphs between two numbered headings.
const PARAGRAPHS_PER_SECTION: usize = 5;

/// A document of about `target_len` bytes in the notes format: a title,
/// numbered headings, body paragraphs of about 1,500 characters with curly
/// quotes and bracket markers after punctuation, then a `NOTES` heading and
/// one note per marker, each a web citation (author, quoted title, outlet,
/// date, URL).
pub fn notes_document(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut body = String::from("LIGHTS ALONG THE COAST\n\nBy: A. Generated\n\n");
    let mut notes = String::new();
    let mut marker = 0usize;
    let mut paragraphs = 0usize;
    while body.len() + notes.len() < target_len {
        if paragraphs.is_multiple_of(PARAGRAPHS_PER_SECTION) {
            let section = paragraphs / PARAGRAPHS_PER_SECTION + 1;
            let _ = write!(body, "{section}. {}\n\n", heading(&mut rng));
        }
        paragraphs += 1;
        paragraph(&mut rng, &mut body, &mut notes, &mut marker);
    }
    body.push_str("\nNOTES\n\n");
    body.push_str(&notes);
    body
}

fn heading(rng: &mut Rng) -> String {
    (0..3)
        .map(|_| rng.pick(WORDS).to_uppercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Appends one paragraph to `body` and the notes its markers cite to `notes`.
fn paragraph(rng: &mut Rng, body: &mut String, notes: &mut String, marker: &mut usize) {
    let start = body.len();
    while body.len() - start < PARAGRAPH_CHARS {
        sentence(rng, body);
        if rng.below(3) == 0 {
            *marker += 1;
            let _ = write!(body, "[{marker}]");
            note(rng, notes, *marker);
        }
        body.push(' ');
    }
    body.pop();
    body.push_str("\n\n");
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let words = 8 + rng.below(14);
    let quote_at = if rng.below(4) == 0 {
        Some(rng.below(words))
    } else {
        None
    };
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        let word = rng.pick(WORDS);
        match quote_at {
            Some(at) if at == i => {
                let _ = write!(out, "“{word} {}”", rng.pick(WORDS));
            }
            _ if i == 0 => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            }
            _ => out.push_str(word),
        }
    }
    out.push(if rng.below(6) == 0 { ',' } else { '.' });
}

fn note(rng: &mut Rng, out: &mut String, number: usize) {
    let surname = rng.pick(SURNAMES);
    let title = heading(rng).to_lowercase();
    let outlet = rng.pick(OUTLETS);
    let month = rng.pick(MONTHS);
    let day = 1 + rng.below(28);
    let year = 1990 + rng.below(35);
    let _ = writeln!(
        out,
        "[{number}] {surname}, “The {title},” {outlet}, {month} {day}, {year}, https://example.org/archive/{year}/{number}.\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic() {
        assert_eq!(notes_document(20_000, 7), notes_document(20_000, 7));
        assert_ne!(notes_document(20_000, 7), notes_document(20_000, 8));
    }

    #[test]
    fn reaches_the_target_size() {
        let text = notes_document(100_000, 1);
        assert!(
            text.len() >= 100_000 && text.len() < 105_000,
            "{}",
            text.len()
        );
        assert!(text.contains("\nNOTES\n\n[1] "));
    }

    #[test]
    fn every_marker_has_a_note() {
        let text = notes_document(30_000, 3);
        let (body, notes) = text.split_once("\nNOTES\n").expect("a notes heading");
        let defined = notes.lines().filter(|line| line.starts_with('[')).count();
        assert!(defined > 0);
        assert_eq!(body.matches('[').count(), defined);
    }
}
