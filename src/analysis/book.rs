//! Files read as chapters of one book.
//!
//! A thesis or a book written in Markdown is often split into a file a
//! chapter and joined when it is built (`01_einleitung.md`, `cap1.md`, an
//! mdBook's chapters). Its notes may then live in a file of their own
//! (`Literatur.md`, `References.md`, a file of footnote definitions that
//! Pandoc reads last), and a chapter may cite in short form a work given
//! in full in an earlier chapter. Checked a file at a time, every such
//! marker and short form would be reported as dangling.
//!
//! Each file offers its folder what another chapter may lean on (an
//! [`Offer`]); the offers of a file's neighbours make its [`Shelf`]. Two
//! things are taken from a shelf, and only when the file itself has no
//! answer:
//! - a marker is answered by a note of a *notes file*, a file that holds
//!   notes and cites none of them itself, with the same label. A note that
//!   its own file cites belongs to that file's text, so two essays in one
//!   folder, each with its own `[1]`, never answer each other;
//! - a short form is answered by a full citation of another file with the
//!   same author and a title the short form shortens (or, for `Forte
//!   2022`, the same year).

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Analysis;
use super::citations::{Citation, CitationKind};
use super::index::{LabelStyle, MarkerStyle, unpadded};

/// What one file offers the other files of its folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offer {
    /// The notes of a notes file: each label (a number without its padding
    /// zeros), whether it is a Markdown footnote's, and where the note is.
    pub notes: Vec<OfferedNote>,
    /// Every full citation that names an author.
    pub works: Vec<OfferedWork>,
}

/// A note a notes file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedNote {
    pub key: Box<str>,
    pub footnote: bool,
    pub range: Range<usize>,
}

/// What a short form is matched by in a full citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedWork {
    /// The keys each author is matched by, all authors together.
    pub authors: Vec<Box<str>>,
    pub year: Option<u16>,
    /// The compared title; empty when the citation has none.
    pub title_key: Box<str>,
}

impl Offer {
    /// What `analysis` offers its neighbours.
    pub fn of(analysis: &Analysis) -> Offer {
        let index = &analysis.index;
        let notes_file =
            !index.notes.is_empty() && index.markers.iter().all(|m| m.target.is_none());
        let notes = if notes_file {
            index
                .notes
                .iter()
                .filter(|n| n.style != LabelStyle::Symbol)
                .map(|n| OfferedNote {
                    key: note_key(&n.key, n.style == LabelStyle::Footnote).into(),
                    footnote: n.style == LabelStyle::Footnote,
                    range: n.range.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let works = index
            .notes
            .iter()
            .flat_map(|n| n.citations.iter())
            .filter(|c| c.kind == CitationKind::Full && !c.authors.is_empty())
            .map(|c| OfferedWork {
                authors: c
                    .authors
                    .iter()
                    .flat_map(|a| a.keys.iter())
                    .map(|k| k.as_str().into())
                    .collect(),
                year: c.year,
                title_key: if c.title.is_some() {
                    c.title_key.as_str().into()
                } else {
                    "".into()
                },
            })
            .collect();
        Offer { notes, works }
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty() && self.works.is_empty()
    }
}

/// Where a shelf's note is: which of the offers it was gathered from (their
/// order in [`Shelf::gather`]) and the note's range in that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelvedNote {
    pub source: usize,
    pub range: Range<usize>,
}

/// What the files of a folder offer, gathered once for all of them: each
/// file looks past its own offer ([`Neighbours`]).
#[derive(Debug, Clone, Default)]
pub struct Shelf {
    /// The notes files' notes by label, in the order of the offers.
    notes: FxHashMap<(bool, Box<str>), Vec<ShelvedNote>>,
    /// The works with the offer each came from, and for each author key
    /// the works that name it.
    works: Vec<(usize, OfferedWork)>,
    by_author: FxHashMap<Box<str>, Vec<usize>>,
}

impl Shelf {
    /// The shelf of a folder's offers; each is known by its place in
    /// `offers`.
    pub fn gather<'a>(offers: impl IntoIterator<Item = &'a Offer>) -> Shelf {
        let mut shelf = Shelf::default();
        for (source, offer) in offers.into_iter().enumerate() {
            for note in &offer.notes {
                shelf
                    .notes
                    .entry((note.footnote, note.key.clone()))
                    .or_default()
                    .push(ShelvedNote {
                        source,
                        range: note.range.clone(),
                    });
            }
            for work in &offer.works {
                let id = shelf.works.len();
                let mut seen: FxHashSet<&str> = FxHashSet::default();
                for key in &work.authors {
                    if seen.insert(key) {
                        shelf.by_author.entry(key.clone()).or_default().push(id);
                    }
                }
                shelf.works.push((source, work.clone()));
            }
        }
        shelf
    }

    /// Whether the shelf holds anything for a file other than `own`.
    pub fn offers_to(&self, own: usize) -> bool {
        self.notes.values().flatten().any(|n| n.source != own)
            || self.works.iter().any(|(s, _)| *s != own)
    }

    /// The note of a notes file other than `own` that a marker with `key`
    /// and `style` leads to; where two notes files hold the label, the
    /// first.
    fn note(&self, own: usize, style: MarkerStyle, key: &str) -> Option<&ShelvedNote> {
        let footnote = match style {
            MarkerStyle::Footnote => true,
            MarkerStyle::Bracket | MarkerStyle::Superscript => false,
            _ => return None,
        };
        self.notes
            .get(&(footnote, note_key(key, footnote).into()))?
            .iter()
            .find(|n| n.source != own)
    }

    /// Whether a full citation of a file other than `own` answers short
    /// form `short`.
    fn answers(&self, own: usize, short: &Citation) -> bool {
        let keys = short.authors.iter().flat_map(|a| a.keys.iter());
        let candidates = keys.filter_map(|k| self.by_author.get(k.as_str()));
        candidates.flatten().any(|&id| {
            let (source, full) = &self.works[id];
            if *source == own {
                return false;
            }
            match &short.title {
                Some(_) => {
                    let year_match =
                        short.year.is_none() || full.year.is_none() || short.year == full.year;
                    year_match
                        && !full.title_key.is_empty()
                        && super::works::shortens(&full.title_key, &short.title_key)
                }
                // `Forte 2022, 86`: a name and a year pick out the work.
                None => short.year.is_some() && full.year == short.year,
            }
        })
    }
}

/// A file's view of its folder's shelf: everything on it but its own offer.
#[derive(Debug, Clone)]
pub struct Neighbours {
    pub shelf: Arc<Shelf>,
    /// The file's own offer's place on the shelf.
    pub own: usize,
}

impl Neighbours {
    pub fn is_empty(&self) -> bool {
        !self.shelf.offers_to(self.own)
    }

    /// The note of a notes file that a marker with `key` and `style` leads to.
    pub fn note(&self, style: MarkerStyle, key: &str) -> Option<&ShelvedNote> {
        self.shelf.note(self.own, style, key)
    }

    /// Whether another file's full citation answers short form `short`.
    pub fn answers(&self, short: &Citation) -> bool {
        self.shelf.answers(self.own, short)
    }
}

/// Whether a finding of `analysis` is one a shelf could answer: a marker
/// with no note, a short form with no full citation.
pub fn asks(analysis: &Analysis) -> bool {
    analysis.diagnostics.iter().any(|d| {
        d.code == super::diagnostics::UNDEFINED_NOTE_CODE
            || d.code == super::diagnostics::UNRESOLVED_SHORT_FORM_CODE
    })
}

/// A label as the notes of another file are looked up by: a number
/// without its padding zeros.
fn note_key(key: &str, footnote: bool) -> &str {
    if footnote { key } else { unpadded(key) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// The shelf of a folder that holds `texts` and then the file checked,
    /// which offers nothing.
    fn shelf_of(texts: &[&str]) -> Neighbours {
        let mut offers: Vec<Offer> = texts.iter().map(|t| Offer::of(&analyze(t))).collect();
        offers.push(Offer::default());
        Neighbours {
            shelf: Arc::new(Shelf::gather(&offers)),
            own: texts.len(),
        }
    }

    fn codes(text: &str, neighbours: Neighbours) -> Vec<&'static str> {
        let mut analysis = analyze(text);
        analysis.shelve(text, neighbours);
        analysis.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_file_is_not_its_own_neighbour() {
        let chapter = "Wax.[1] Smoke.[2]\n\n## Notes\n\n[1] Fenn, *Keepers*, 12.\n[2] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let offers = [Offer::of(&analyze(chapter))];
        let neighbours = Neighbours {
            shelf: Arc::new(Shelf::gather(&offers)),
            own: 0,
        };
        assert!(neighbours.is_empty());
        assert_eq!(codes(chapter, neighbours), ["unresolved-short-form"]);
    }

    #[test]
    fn a_notes_file_answers_the_markers_of_a_chapter() {
        let notes = "## Literatur\n\n[1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010).\n\n[2] Per Lund, *Honey* (Bergen: Vik, 1966).\n";
        let chapter = "Bees keep time.[1] Wax keeps light.[02] Smoke keeps bees.[3]\n";
        assert_eq!(
            codes(chapter, shelf_of(&[notes])),
            ["undefined-note"],
            "only the marker the notes file has no note for is reported"
        );
    }

    #[test]
    fn a_notes_file_of_footnote_definitions_answers_footnote_markers_only() {
        let notes = "<!-- Footnotes -->\n[^hive]: https://example.org/hive\n[^1]: A note.\n";
        let chapter = "Hives.[^hive] Combs.[1]\n";
        assert_eq!(codes(chapter, shelf_of(&[notes])), ["undefined-note"]);
    }

    #[test]
    fn an_essay_with_its_own_notes_answers_no_other() {
        let essay = "Tides.[1] Moons.[2]\n\nNotes\n\n[1] Ada Fenn, *Tides* (Oslo: Fjord, 2010).\n[2] Ada Fenn, *Moons* (Oslo: Fjord, 2011).\n[3] A note nobody cites.\n";
        let other = "Stars.[3]\n";
        assert_eq!(
            Offer::of(&analyze(essay)).notes,
            Vec::new(),
            "a file that cites its notes offers none"
        );
        assert_eq!(codes(other, shelf_of(&[essay])), ["undefined-note"]);
    }

    #[test]
    fn a_short_form_is_answered_by_an_earlier_chapter() {
        let intro =
            "Bees.[1]\n\n## Notas\n\n[1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let chapter = "Wax.[1] Smoke.[2] Comb.[3]\n\n## Notas\n\n[1] Fenn, *Keepers*, 12.\n[2] Lund, *Honey*, 3.\n[3] Fenn 2010, 14.\n";
        assert_eq!(
            codes(chapter, shelf_of(&[intro])),
            ["unresolved-short-form"],
            "Lund's book is cited in full nowhere"
        );
    }

    #[test]
    fn a_short_form_needs_the_same_author() {
        let intro =
            "Bees.[1]\n\n## Notes\n\n[1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let chapter = "Wax.[1]\n\n## Notes\n\n[1] Lund, *Keepers*, 12.\n";
        assert_eq!(
            codes(chapter, shelf_of(&[intro])),
            ["unresolved-short-form"]
        );
    }
}
