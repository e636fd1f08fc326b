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
        // A file of notes cites none of them, and holds more notes than
        // prose: a post whose one note lost its marker is an essay still,
        // and answers no marker of the posts beside it.
        let span = |r: &Range<usize>| r.end.saturating_sub(r.start);
        let notes_file = !index.notes.is_empty()
            && index.markers.iter().all(|m| m.target.is_none())
            && index.prose.iter().map(|p| span(&p.range)).sum::<usize>()
                <= index.notes.iter().map(|n| span(&n.range)).sum::<usize>();
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
        let mut works: Vec<OfferedWork> = index
            .notes
            .iter()
            .flat_map(|n| n.citations.iter())
            .filter(|c| c.kind == CitationKind::Full && !c.authors.is_empty())
            .map(work_keys)
            .collect();
        // A bibliography (a book's `bibliography.md`, or one kept at the end
        // of a chapter) offers the works it lists, `———.` under the authors
        // of the entry above it.
        for (_, entry, authors) in index.listed_with_authors() {
            if authors.is_empty() {
                continue;
            }
            works.push(OfferedWork {
                authors: author_keys(authors),
                ..work_keys(&entry.citation)
            });
        }
        Offer { notes, works }
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty() && self.works.is_empty()
    }

    /// The note this offer holds for a marker with `key` and `style`.
    pub fn note(&self, style: MarkerStyle, key: &str) -> Option<&OfferedNote> {
        let footnote = footnote_marker(style)?;
        let key = note_key(key, footnote);
        self.notes
            .iter()
            .find(|n| n.footnote == footnote && &*n.key == key)
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
    /// `offers`. Only what one of `asks` could use is kept: a folder of a
    /// thousand essays offers every work they cite, and most folders ask
    /// for none of them.
    pub fn gather<'a>(
        offers: impl IntoIterator<Item = &'a Offer>,
        asks: impl IntoIterator<Item = &'a Asks>,
    ) -> Shelf {
        let mut labels: FxHashSet<(bool, &str)> = FxHashSet::default();
        let mut names: FxHashSet<&str> = FxHashSet::default();
        for asks in asks {
            labels.extend(asks.markers.iter().map(|(f, k)| (*f, &**k)));
            names.extend(
                asks.short_forms
                    .iter()
                    .flat_map(|s| s.authors.iter().map(|k| &**k)),
            );
        }
        let mut shelf = Shelf::default();
        for (source, offer) in offers.into_iter().enumerate() {
            for note in offer
                .notes
                .iter()
                .filter(|n| labels.contains(&(n.footnote, &*n.key)))
            {
                shelf
                    .notes
                    .entry((note.footnote, note.key.clone()))
                    .or_default()
                    .push(ShelvedNote {
                        source,
                        range: note.range.clone(),
                    });
            }
            for work in offer
                .works
                .iter()
                .filter(|w| w.authors.iter().any(|k| names.contains(&**k)))
            {
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
        let footnote = footnote_marker(style)?;
        self.note_by_label(own, footnote, note_key(key, footnote))
    }

    /// [`Shelf::note`] by a label already looked up as notes are.
    fn note_by_label(&self, own: usize, footnote: bool, key: &str) -> Option<&ShelvedNote> {
        self.notes
            .get(&(footnote, key.into()))?
            .iter()
            .find(|n| n.source != own)
    }

    /// Whether a full citation of a file other than `own` answers a short
    /// form by `authors` (their keys) with `year` and `title` (the compared
    /// title, if it gives one).
    fn answers<'a>(
        &self,
        own: usize,
        mut authors: impl Iterator<Item = &'a str>,
        year: Option<u16>,
        title: Option<&str>,
    ) -> bool {
        authors.any(|key| {
            let Some(ids) = self.by_author.get(key) else {
                return false;
            };
            ids.iter().any(|&id| {
                let (source, full) = &self.works[id];
                if *source == own {
                    return false;
                }
                match title {
                    Some(title) => {
                        let year_match = year.is_none() || full.year.is_none() || year == full.year;
                        year_match
                            && !full.title_key.is_empty()
                            && super::works::short_title_of(&full.title_key, title)
                    }
                    // `Forte 2022, 86`: a name and a year pick out the work.
                    None => year.is_some() && full.year == year,
                }
            })
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
        let authors = short.authors.iter().flat_map(|a| a.keys.iter());
        let title = short.title.is_some().then_some(short.title_key.as_str());
        self.shelf
            .answers(self.own, authors.map(String::as_str), short.year, title)
    }

    /// Whether the shelf answers anything a file asks: whether the file's
    /// rules are worth running again with it.
    pub fn answers_any(&self, asks: &Asks) -> bool {
        asks.markers
            .iter()
            .any(|(footnote, key)| self.shelf.note_by_label(self.own, *footnote, key).is_some())
            || asks.short_forms.iter().any(|short| {
                let title = (!short.title_key.is_empty()).then_some(&*short.title_key);
                self.shelf.answers(
                    self.own,
                    short.authors.iter().map(|k| &**k),
                    short.year,
                    title,
                )
            })
    }
}

/// What a file asks of its neighbours: its markers with no note and its
/// short forms with no full citation, as its findings report them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asks {
    /// Whether each is a footnote's, and its key as notes are looked up.
    markers: Vec<(bool, Box<str>)>,
    /// In the form of a full citation's offer; the title key is empty
    /// where the short form gives no title.
    short_forms: Vec<OfferedWork>,
}

impl Asks {
    pub fn of(analysis: &Analysis) -> Asks {
        if !asks(analysis) {
            return Asks::default();
        }
        let index = &analysis.index;
        let markers = index
            .markers
            .iter()
            .filter(|m| m.target.is_none())
            .filter_map(|m| {
                let footnote = footnote_marker(m.style)?;
                Some((footnote, note_key(&m.key, footnote).into()))
            })
            .collect();
        let mut short_forms = Vec::new();
        for (note_id, note) in index.notes.iter().enumerate() {
            for (i, c) in note.citations.iter().enumerate() {
                if analysis.works.resolutions[note_id][i].problem
                    == Some(super::works::Unresolved::ShortFormUnmatched)
                {
                    short_forms.push(work_keys(c));
                }
            }
        }
        Asks {
            markers,
            short_forms,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.markers.is_empty() && self.short_forms.is_empty()
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

/// What a citation is matched by.
fn work_keys(c: &Citation) -> OfferedWork {
    OfferedWork {
        authors: author_keys(&c.authors),
        year: c.year,
        title_key: if c.title.is_some() {
            c.title_key.as_str().into()
        } else {
            "".into()
        },
    }
}

/// The keys all of `authors` are matched by.
fn author_keys(authors: &[crate::analysis::citations::Author]) -> Vec<Box<str>> {
    authors
        .iter()
        .flat_map(|a| a.keys.iter())
        .map(|k| k.as_str().into())
        .collect()
}

/// Whether a marker of `style` leads to a Markdown footnote (`[^a]`) or a
/// numbered note; `None` for a style no other file's note answers.
fn footnote_marker(style: MarkerStyle) -> Option<bool> {
    match style {
        MarkerStyle::Footnote => Some(true),
        MarkerStyle::Bracket | MarkerStyle::Superscript => Some(false),
        _ => None,
    }
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

    /// The shelf of a folder that holds `texts` and then a file that asks
    /// `asks` and offers nothing.
    fn shelf_with(texts: &[&str], asks: &Asks) -> Neighbours {
        let mut offers: Vec<Offer> = texts.iter().map(|t| Offer::of(&analyze(t))).collect();
        offers.push(Offer::default());
        let shelf = Shelf::gather(&offers, [asks]);
        Neighbours {
            shelf: Arc::new(shelf),
            own: texts.len(),
        }
    }

    /// The findings of `text` as a chapter beside `texts`.
    fn codes(text: &str, texts: &[&str]) -> Vec<&'static str> {
        let mut analysis = analyze(text);
        let neighbours = shelf_with(texts, &Asks::of(&analysis));
        analysis.shelve(text, neighbours);
        analysis.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_file_is_not_its_own_neighbour() {
        let chapter = "Wax.[1] Smoke.[2]\n\n## Notes\n\n[1] Fenn, *Keepers*, 12.\n[2] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let analysis = analyze(chapter);
        let offers = [Offer::of(&analysis)];
        let neighbours = Neighbours {
            shelf: Arc::new(Shelf::gather(&offers, [&Asks::of(&analysis)])),
            own: 0,
        };
        assert!(neighbours.is_empty());
    }

    #[test]
    fn a_notes_file_answers_the_markers_of_a_chapter() {
        let notes = "## Literatur\n\n[1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010).\n\n[2] Per Lund, *Honey* (Bergen: Vik, 1966).\n";
        let chapter = "Bees keep time.[1] Wax keeps light.[02] Smoke keeps bees.[3]\n";
        assert_eq!(
            codes(chapter, &[notes]),
            ["undefined-note"],
            "only the marker the notes file has no note for is reported"
        );
    }

    #[test]
    fn a_notes_file_of_footnote_definitions_answers_footnote_markers_only() {
        let notes = "<!-- Footnotes -->\n[^hive]: https://example.org/hive\n[^1]: A note.\n";
        let chapter = "Hives.[^hive] Combs.[1]\n";
        assert_eq!(codes(chapter, &[notes]), ["undefined-note"]);
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
        assert_eq!(codes(other, &[essay]), ["undefined-note"]);
    }

    #[test]
    fn a_short_form_is_answered_by_an_earlier_chapter() {
        let intro =
            "Bees.[1]\n\n## Notas\n\n[1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let chapter = "Wax.[1] Smoke.[2] Comb.[3]\n\n## Notas\n\n[1] Fenn, *Keepers*, 12.\n[2] Lund, *Honey*, 3.\n[3] Fenn 2010, 14.\n";
        assert_eq!(
            codes(chapter, &[intro]),
            ["unresolved-short-form"],
            "Lund's book is cited in full nowhere"
        );
    }

    /// A book's bibliography file lists the works its chapters cite in
    /// short form only.
    #[test]
    fn a_short_form_is_answered_by_the_books_bibliography() {
        let bibliography = "# Bibliography\n\nFenn, Ada. *The Keepers of Bees*. Oslo: Fjord, 2010.\n\n———. *Smoke and Wax*. Oslo: Fjord, 2012.\n";
        let chapter = "Wax.[1] Smoke.[2] Comb.[3]\n\n## Notes\n\n[1] Fenn, *Keepers*, 12.\n[2] Fenn, *Smoke*, 3.\n[3] Lund, *Honey*, 3.\n";
        assert_eq!(
            codes(chapter, &[bibliography]),
            ["unresolved-short-form"],
            "Lund's book is listed nowhere"
        );
    }

    #[test]
    fn a_short_form_needs_the_same_author() {
        let intro =
            "Bees.[1]\n\n## Notes\n\n[1] Ada Fenn, *Keepers of Bees* (Oslo: Fjord, 2010), 4.\n";
        let chapter = "Wax.[1]\n\n## Notes\n\n[1] Lund, *Keepers*, 12.\n";
        assert_eq!(codes(chapter, &[intro]), ["unresolved-short-form"]);
    }
}
