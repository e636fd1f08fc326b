//! Works: the citations that name one work, grouped, so that every Ibid,
//! short form and author-date reference leads to a full citation.

use std::ops::{Index as At, IndexMut, Range};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::citations::{Citation, CitationKind};
use super::index::{Index, NoteId};

pub type WorkId = usize;

/// One citation: the note it is in and its place in that note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CitationRef {
    pub note: NoteId,
    pub index: usize,
}

/// One cited work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Work {
    /// The citation that gives the work in full (the first one).
    pub full: CitationRef,
    /// Where the work's citations are in [`Works::citations`].
    #[serde(skip)]
    citations: Range<usize>,
}

/// Why a citation does not lead to a work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum Unresolved {
    /// An Ibid with no citation before it in its notes section.
    IbidNoAntecedent,
    /// An Ibid after a note that cites several works, or none.
    IbidAmbiguous { note: NoteId, works: usize },
    /// A short form with no earlier full form of the same author and title.
    ShortFormUnmatched,
}

/// How one citation resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Resolution {
    pub work: Option<WorkId>,
    /// For an Ibid or a short form: the citation it was resolved through (for
    /// an Ibid, the antecedent; for a short form, the full form).
    pub via: Option<CitationRef>,
    pub problem: Option<Unresolved>,
}

/// The works of a document and how each citation and author-date reference
/// resolved.
///
/// Resolution runs again whenever a keystroke changes a citation, over every
/// note: the lists are flat (one allocation each, not one per note and one
/// per work), since allocating and freeing thousands of small lists was most
/// of its cost.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Works {
    pub works: Vec<Work>,
    /// `resolutions[note][citation]`.
    pub resolutions: Resolutions,
    /// For each author-date reference of the index, the citation it names.
    pub author_dates: Vec<Option<CitationRef>>,
    /// The citations of every work, work after work, each in document order.
    #[serde(skip)]
    citations: Vec<CitationRef>,
}

/// How each citation of each note resolved: `resolutions[note][citation]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolutions {
    all: Vec<Resolution>,
    /// Where each note's resolutions start in `all`, and a last entry for
    /// the end.
    starts: Vec<usize>,
}

impl Resolutions {
    /// Unresolved entries for notes with `counts[note]` citations each.
    fn new(counts: impl Iterator<Item = usize>) -> Resolutions {
        let mut starts = vec![0];
        let mut end = 0;
        for count in counts {
            end += count;
            starts.push(end);
        }
        Resolutions {
            all: vec![Resolution::default(); end],
            starts,
        }
    }

    /// The resolutions of note `note`'s citations.
    pub fn get(&self, note: NoteId) -> Option<&[Resolution]> {
        self.all.get(self.range(note)?)
    }

    /// Where note `note`'s resolutions are in `all`.
    fn range(&self, note: NoteId) -> Option<Range<usize>> {
        Some(*self.starts.get(note)?..*self.starts.get(note + 1)?)
    }

    /// The number of notes.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl At<NoteId> for Resolutions {
    type Output = [Resolution];

    fn index(&self, note: NoteId) -> &[Resolution] {
        let range = self.range(note).expect("a note of the index");
        &self.all[range]
    }
}

impl IndexMut<NoteId> for Resolutions {
    fn index_mut(&mut self, note: NoteId) -> &mut [Resolution] {
        let range = self.range(note).expect("a note of the index");
        &mut self.all[range]
    }
}

impl Serialize for Resolutions {
    /// As a list of lists, one per note.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for note in 0..self.len() {
            seq.serialize_element(&self[note])?;
        }
        seq.end()
    }
}

impl Works {
    pub fn resolve(index: &Index) -> Works {
        let mut works = Works {
            resolutions: Resolutions::new(index.notes.iter().map(|n| n.citations.len())),
            ..Works::default()
        };
        // Identity of a full citation, to find a work cited in full twice.
        // Sized for every citation up front: this runs on every keystroke
        // that changes a citation, and most full citations are new works.
        let citations: usize = index.notes.iter().map(|n| n.citations.len()).sum();
        let mut identities: rustc_hash::FxHashMap<(&str, &str), WorkId> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(citations, Default::default());
        works.works.reserve(citations);

        for (note_id, note) in index.notes.iter().enumerate() {
            for (i, citation) in note.citations.iter().enumerate() {
                let here = CitationRef {
                    note: note_id,
                    index: i,
                };
                let resolution = match citation.kind {
                    CitationKind::Full => {
                        let identity = identity(citation);
                        let id = match identities.get(&identity) {
                            Some(&id) if !identity.1.is_empty() => id,
                            _ => {
                                works.works.push(Work {
                                    full: here,
                                    citations: 0..0,
                                });
                                let id = works.works.len() - 1;
                                identities.insert(identity, id);
                                id
                            }
                        };
                        Resolution {
                            work: Some(id),
                            via: None,
                            problem: None,
                        }
                    }
                    CitationKind::ShortForm => match works.find_full_form(index, citation) {
                        Some(id) => Resolution {
                            work: Some(id),
                            via: Some(works.works[id].full),
                            problem: None,
                        },
                        None => Resolution {
                            work: None,
                            via: None,
                            problem: Some(Unresolved::ShortFormUnmatched),
                        },
                    },
                    CitationKind::Ibid => works.antecedent(index, here),
                    CitationKind::Text => Resolution::default(),
                };
                if let Some(id) = resolution.work {
                    // Counted here, placed once all are known.
                    works.works[id].citations.end += 1;
                }
                works.resolutions[note_id][i] = resolution;
            }
        }
        works.works.shrink_to_fit();
        works.place_citations();
        works.author_dates = index
            .author_dates
            .iter()
            .map(|r| find_author_date(index, &r.names, r.year))
            .collect();
        works
    }

    /// Lays the works' citations out work after work, from the counts that
    /// resolution left in each work's range.
    fn place_citations(&mut self) {
        let mut start = 0;
        for work in &mut self.works {
            let count = work.citations.end;
            work.citations = start..start;
            start += count;
        }
        self.citations = vec![CitationRef { note: 0, index: 0 }; start];
        for note in 0..self.resolutions.len() {
            for (index, r) in self.resolutions[note].iter().enumerate() {
                if let Some(work) = r.work.and_then(|w| self.works.get_mut(w)) {
                    self.citations[work.citations.end] = CitationRef { note, index };
                    work.citations.end += 1;
                }
            }
        }
    }

    /// Every citation of work `w`, in document order.
    pub fn citations_of(&self, w: WorkId) -> &[CitationRef] {
        self.works
            .get(w)
            .and_then(|work| self.citations.get(work.citations.clone()))
            .unwrap_or(&[])
    }

    /// The most recent work whose full form has the short form's author and
    /// title (or the first words of it).
    fn find_full_form(&self, index: &Index, short: &Citation) -> Option<WorkId> {
        let s = &short.title_key;
        self.works.iter().enumerate().rev().find_map(|(id, work)| {
            let full = citation(index, work.full)?;
            let authors_match = short.authors.is_empty() || shares_author(short, full);
            let f = &full.title_key;
            let title_match = match (short.title.is_some(), full.title.is_some()) {
                (true, true) => {
                    !s.is_empty()
                        && (f == s || (f.starts_with(s.as_str()) && f[s.len()..].starts_with(' ')))
                }
                (true, false) => false,
                (false, _) => !short.authors.is_empty(),
            };
            (authors_match && title_match).then_some(id)
        })
    }

    /// An Ibid's work: the one work of the citation before it, in its note or
    /// in the previous note of the same section.
    fn antecedent(&self, index: &Index, here: CitationRef) -> Resolution {
        let previous = if here.index > 0 {
            Some(vec![CitationRef {
                note: here.note,
                index: here.index - 1,
            }])
        } else {
            let note = &index.notes[here.note];
            here.note
                .checked_sub(1)
                .filter(|&p| index.notes[p].section == note.section)
                .map(|p| {
                    (0..index.notes[p].citations.len())
                        .map(|i| CitationRef { note: p, index: i })
                        .collect()
                })
        };
        let Some(previous) = previous else {
            return Resolution {
                problem: Some(Unresolved::IbidNoAntecedent),
                ..Resolution::default()
            };
        };
        let mut found: Vec<(WorkId, CitationRef)> = Vec::new();
        for r in previous {
            if let Some(work) = self.resolutions[r.note][r.index].work
                && !found.iter().any(|(w, _)| *w == work)
            {
                found.push((work, r));
            }
        }
        match found.as_slice() {
            [(work, via)] => Resolution {
                work: Some(*work),
                via: Some(*via),
                problem: None,
            },
            [] => Resolution {
                problem: Some(Unresolved::IbidNoAntecedent),
                ..Resolution::default()
            },
            [(_, first), ..] => Resolution {
                problem: Some(Unresolved::IbidAmbiguous {
                    note: first.note,
                    works: found.len(),
                }),
                ..Resolution::default()
            },
        }
    }

    /// The work a citation resolved to.
    pub fn work_of(&self, r: CitationRef) -> Option<WorkId> {
        self.resolutions.get(r.note)?.get(r.index)?.work
    }
}

pub fn citation(index: &Index, r: CitationRef) -> Option<&Citation> {
    index.notes.get(r.note)?.citations.get(r.index)
}

fn shares_author(a: &Citation, b: &Citation) -> bool {
    a.authors
        .iter()
        .flat_map(|x| x.keys.iter())
        .any(|k| b.authors.iter().any(|y| y.keys.contains(k)))
}

fn identity(c: &Citation) -> (&str, &str) {
    let author = c
        .authors
        .first()
        .and_then(|a| a.keys.first())
        .map_or("", String::as_str);
    (author, c.title_key.as_str())
}

/// The first full citation by all of `names` from `year`.
fn find_author_date(index: &Index, names: &[String], year: u16) -> Option<CitationRef> {
    index.notes.iter().enumerate().find_map(|(note_id, note)| {
        note.citations.iter().enumerate().find_map(|(i, c)| {
            let all_named = names
                .iter()
                .all(|n| c.authors.iter().any(|a| a.keys.iter().any(|k| k == n)));
            (c.kind == CitationKind::Full && c.year == Some(year) && all_named).then_some(
                CitationRef {
                    note: note_id,
                    index: i,
                },
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;

    /// The full forms the citations of note `note` resolve to, as note keys.
    fn resolved(text: &str, note: usize) -> Vec<Option<String>> {
        let analysis = analyze(text);
        analysis.works.resolutions[note]
            .iter()
            .map(|r| {
                r.work.map(|w| {
                    analysis.index.notes[analysis.works.works[w].full.note]
                        .key
                        .to_string()
                })
            })
            .collect()
    }

    #[test]
    fn a_short_title_may_drop_the_leading_article() {
        let text = "Lamps.[1] Oil.[2]\n\n[1] Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 29.\n\n[2] Reyes, *Keeping of Lights*, 40.\n";
        assert_eq!(resolved(text, 1), vec![Some("1".to_string())]);
    }

    #[test]
    fn a_short_form_by_another_author_does_not_resolve() {
        let text = "Lamps.[1] Oil.[2]\n\n[1] Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 29.\n\n[2] Olsen, *Keeping of Lights*, 40.\n";
        assert_eq!(resolved(text, 1), vec![None]);
    }

    #[test]
    fn a_short_form_with_a_quoted_title_keeps_its_pages() {
        let text = "Ice.[1] Thaw.[2]\n\n[1] Ida Pell, “The Thaw,” *Polar Notes* 4 (1999): 50–70.\n\n[2] Pell, “The Thaw,” 61.\n";
        let analysis = crate::analysis::analyze(text);
        let short = &analysis.index.notes[1].citations[0];
        assert_eq!(short.pages.as_ref().map(|p| p.text.as_str()), Some("61"));
        assert_eq!(resolved(text, 1), vec![Some("1".to_string())]);
    }
}
