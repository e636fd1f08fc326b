//! Works: the citations that name one work, grouped, so that every Ibid,
//! short form and author-date reference leads to a full citation.

pub(crate) mod memo;

use std::ops::{Index as At, IndexMut, Range};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use super::citations::{Citation, CitationKind};
use super::index::{Index, NoteDef, NoteId};

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
    /// An Ibid that repeats a citation which is itself unresolved (a short
    /// form with no full form, an Ibid with nothing before it): the fault
    /// is reported once, at `root`, not again at every Ibid after it.
    RepeatsUnresolved { root: CitationRef },
}

/// How one citation resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Resolution {
    pub work: Option<WorkId>,
    /// For an Ibid or a short form: the citation it was resolved through (for
    /// an Ibid, the antecedent; for a short form, the full form).
    pub via: Option<CitationRef>,
    pub problem: Option<Unresolved>,
    /// For a short form that no note gives in full, or an Ibid after one:
    /// the entry of the document's bibliography that gives the work
    /// ([`Index::listed`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<usize>,
}

/// The works of a document and how each citation and author-date reference
/// resolved.
///
/// Resolution runs again whenever a keystroke changes a citation. A note's
/// resolution depends only on the notes before it, so it resumes at the
/// first note that changed ([`Works::resume`]), keeping what the notes
/// before that one resolved to. The lists are flat (one allocation each,
/// not one per note and one per work), since allocating and freeing
/// thousands of small lists was most of its cost.
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
    /// The first work of each identity (first author, title) that has a
    /// title, by a hash of the identity; kept for a resumed resolution, which
    /// would otherwise hash every earlier full citation again. A hit is
    /// checked against the work's own citation, so two identities with the
    /// same hash are told apart (see [`Works::find_identity`]).
    #[serde(skip)]
    identities: rustc_hash::FxHashMap<u64, WorkId>,
    /// For each note, a hash of what author-date references are matched
    /// against in it (each full citation's place, year and author keys):
    /// when a resumed resolution finds these and the references unchanged,
    /// it keeps [`Works::author_dates`] instead of matching every reference
    /// again (a keystroke in a reference list changes a title, not who
    /// wrote it or when).
    #[serde(skip)]
    author_keys: Vec<u64>,
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

    /// Entries for notes with `counts[note]` citations each, those of the
    /// first `kept` notes copied from `previous` (which had the same
    /// citations in them), the others unresolved.
    fn resume(
        previous: &Resolutions,
        kept: NoteId,
        counts: impl Iterator<Item = usize>,
    ) -> Resolutions {
        let mut resumed = Resolutions::new(counts);
        let end = resumed.starts.get(kept).copied().unwrap_or(0);
        if let Some(done) = previous.all.get(..end) {
            resumed.all[..end].clone_from_slice(done);
        }
        resumed
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
        Works::resume(index, &Works::default(), 0, false)
    }

    /// The works of `index`, given that its first `kept` notes have the same
    /// citations, in the same sections, as those `previous` was resolved
    /// from: their resolutions and the works they cite in full are taken
    /// over, and resolution goes on from note `kept`. `same_references`:
    /// the index's author-date references are those `previous` matched.
    pub fn resume(index: &Index, previous: &Works, kept: NoteId, same_references: bool) -> Works {
        let counts = || index.notes.iter().map(|n| n.citations.len());
        let kept = kept.min(previous.resolutions.len()).min(index.notes.len());
        // Works are numbered in the order of their full citations, so those
        // of the kept notes are the first ones.
        let kept_works = previous.works.partition_point(|w| w.full.note < kept);
        // Room for the works of the other notes too, most of which come back.
        let mut kept_list = Vec::with_capacity(previous.works.len().max(kept_works) + 16);
        kept_list.extend_from_slice(&previous.works[..kept_works]);
        let mut works = Works {
            works: kept_list,
            resolutions: Resolutions::resume(&previous.resolutions, kept, counts()),
            identities: previous.identities.clone(),
            ..Works::default()
        };
        works.identities.retain(|_, id| *id < kept_works);

        let listed = std::cell::OnceCell::new();
        for (note_id, note) in index.notes.iter().enumerate().skip(kept) {
            for (i, citation) in note.citations.iter().enumerate() {
                let here = CitationRef {
                    note: note_id,
                    index: i,
                };
                let resolution = match citation.kind {
                    CitationKind::Full => {
                        let identity = identity(citation);
                        let hash = hash(identity);
                        let id = match works.find_identity(index, identity, hash) {
                            Some(id) => id,
                            None => {
                                works.works.push(Work {
                                    full: here,
                                    citations: 0..0,
                                });
                                let id = works.works.len() - 1;
                                // A full citation without a title is a work
                                // of its own each time: never looked up.
                                if !identity.1.is_empty() {
                                    works.identities.entry(hash).or_insert(id);
                                }
                                id
                            }
                        };
                        Resolution {
                            work: Some(id),
                            ..Resolution::default()
                        }
                    }
                    CitationKind::ShortForm => works.short_form(index, here, citation, &listed),
                    CitationKind::Ibid => works.antecedent(index, here),
                    CitationKind::Text => Resolution::default(),
                };
                works.resolutions[note_id][i] = resolution;
            }
        }
        works.place_citations();
        if index.author_dates.is_empty() {
            // No reference to match, and so nothing to keep for the next
            // run: one that finds references hashes every note then, since
            // this run leaves it no hashes to take over.
            return works;
        }
        works.author_keys = previous.author_keys[..kept.min(previous.author_keys.len())].to_vec();
        works.author_keys.extend(
            index.notes[works.author_keys.len()..]
                .iter()
                .map(author_keys),
        );
        works.author_dates = if same_references && works.author_keys == previous.author_keys {
            previous.author_dates.clone()
        } else {
            AuthorDateLookup::new(index).resolve_all(index)
        };
        works
    }

    /// The work first cited in full with this identity (whose [`hash`] is
    /// `hash`), if the identity has a title. A hash hit whose work has
    /// another identity (two identities with one hash) falls back to a
    /// search of every work.
    fn find_identity(&self, index: &Index, wanted: (&str, &str), hash: u64) -> Option<WorkId> {
        if wanted.1.is_empty() {
            return None;
        }
        let is = |id: WorkId| {
            self.works
                .get(id)
                .and_then(|w| citation(index, w.full))
                .is_some_and(|c| identity(c) == wanted)
        };
        match self.identities.get(&hash) {
            None => None,
            Some(&id) if is(id) => Some(id),
            Some(_) => (0..self.works.len()).find(|&id| is(id)),
        }
    }

    /// Lays the works' citations out work after work.
    fn place_citations(&mut self) {
        // Counted in each work's range first, then turned into positions.
        for work in &mut self.works {
            work.citations = 0..0;
        }
        for r in &self.resolutions.all {
            if let Some(work) = r.work.and_then(|w| self.works.get_mut(w)) {
                work.citations.end += 1;
            }
        }
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

    /// A short form's work: the one cited in the note it points to
    /// (`supra note 20`), else the most recent with its author and title.
    fn short_form<'a>(
        &self,
        index: &'a Index,
        here: CitationRef,
        short: &Citation,
        listed: &std::cell::OnceCell<ListedByAuthor<'a>>,
    ) -> Resolution {
        if let Some(resolution) = short
            .supra_number()
            .and_then(|number| self.supra(index, here, short, number))
        {
            return resolution;
        }
        match self.find_full_form(index, short) {
            Some(id) => self.by_full_form(id),
            None => match (!index.listed.is_empty())
                .then(|| listed.get_or_init(|| ListedByAuthor::new(index)))
                .and_then(|listed| listed.find(index, short))
            {
                Some(entry) => Resolution {
                    listed: Some(entry),
                    ..Resolution::default()
                },
                None => Resolution {
                    problem: Some(Unresolved::ShortFormUnmatched),
                    ..Resolution::default()
                },
            },
        }
    }

    /// The work of the earlier note `number` that a short form points to:
    /// the one work it cites, or among several the one by the short form's
    /// author. A note that cites no work it can read still answers the
    /// pointer (`Resolution::default()`); `None` where no earlier note has
    /// the number.
    fn supra(
        &self,
        index: &Index,
        here: CitationRef,
        short: &Citation,
        number: u32,
    ) -> Option<Resolution> {
        let key = number.to_string();
        let note = (0..here.note)
            .rev()
            .find(|&n| index.notes[n].key == key.as_str())?;
        let mut works: Vec<WorkId> = Vec::new();
        for r in &self.resolutions[note] {
            if let Some(work) = r.work
                && !works.contains(&work)
            {
                works.push(work);
            }
        }
        let by_author = || {
            works.iter().copied().find(|&w| {
                citation(index, self.works[w].full).is_some_and(|full| shares_author(short, full))
            })
        };
        let work = match works.as_slice() {
            [] => return Some(Resolution::default()),
            [only] => *only,
            [first, ..] => by_author().unwrap_or(*first),
        };
        Some(self.by_full_form(work))
    }

    /// A short form resolved to work `id`, through its full citation.
    fn by_full_form(&self, id: WorkId) -> Resolution {
        Resolution {
            work: Some(id),
            via: Some(self.works[id].full),
            ..Resolution::default()
        }
    }

    /// The most recent work whose full form has the short form's author and
    /// title (or the first words of it).
    fn find_full_form(&self, index: &Index, short: &Citation) -> Option<WorkId> {
        self.works.iter().enumerate().rev().find_map(|(id, work)| {
            let full = citation(index, work.full)?;
            let authors_match = short.authors.is_empty() || shares_author(short, full);
            (authors_match && gives_in_full(full, short)).then_some(id)
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
        for &r in &previous {
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
                ..Resolution::default()
            },
            [] => {
                // One citation before, a short form the bibliography gives
                // in full: this Ibid repeats it.
                if let [only] = previous.as_slice()
                    && let Some(entry) = self.resolutions[only.note][only.index].listed
                {
                    return Resolution {
                        listed: Some(entry),
                        via: Some(*only),
                        ..Resolution::default()
                    };
                }
                // One citation before, itself unresolved: this Ibid depends
                // on it, and its fault is reported there.
                let root = match previous.as_slice() {
                    [only] => match &self.resolutions[only.note][only.index].problem {
                        Some(Unresolved::RepeatsUnresolved { root }) => Some(*root),
                        Some(_) => Some(*only),
                        None => None,
                    },
                    _ => None,
                };
                Resolution {
                    problem: Some(root.map_or(Unresolved::IbidNoAntecedent, |root| {
                        Unresolved::RepeatsUnresolved { root }
                    })),
                    ..Resolution::default()
                }
            }
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

/// Whether the compared title `short` shortens `full`: the same, or its
/// first words, perhaps without its article (`Lage` for `Die Lage der
/// Fischer`), perhaps ended by `etc.` as older notes end a short title.
pub(crate) fn shortens(full: &str, short: &str) -> bool {
    const ARTICLES: &[&str] = &[
        "the", "a", "an", "die", "der", "das", "le", "la", "les", "el", "il",
    ];
    let short = short.strip_suffix(" etc").unwrap_or(short);
    if short.is_empty() {
        return false;
    }
    let starts =
        |f: &str| f == short || (f.starts_with(short) && f[short.len()..].starts_with(' '));
    starts(full)
        || ARTICLES.iter().any(|article| {
            full.strip_prefix(article)
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(starts)
        })
}

/// Whether `full`, by the short form's authors, is the work it names: the
/// year agrees where both give one (`Kletz 1990` picks among the author's
/// works) and the short title shortens the full one; a short form with no
/// title (`Merrill, 161.`) names the author's work.
fn gives_in_full(full: &Citation, short: &Citation) -> bool {
    let year_match = short.year.is_none() || full.year.is_none() || short.year == full.year;
    year_match
        && match (short.title.is_some(), full.title.is_some()) {
            (true, true) => short_title_of(&full.title_key, &short.title_key),
            (true, false) => false,
            (false, _) => !short.authors.is_empty(),
        }
}

/// Whether `short` is a short title of `full` (compared titles): its first
/// words ([`shortens`]) or its key words in their order ([`key_words`]).
pub(crate) fn short_title_of(full: &str, short: &str) -> bool {
    shortens(full, short) || key_words(full, short)
}

/// Whether the short title `short` keeps words of `full` in their order
/// (`Romans` for *The Epistle to the Romans*, `Colossians and Philemon` for
/// *St. Paul's Epistles to the Colossians and to Philemon*), as Chicago
/// asks a short title to: its key words, not always its first ones.
fn key_words(full: &str, short: &str) -> bool {
    let mut words = full.split(' ');
    short
        .split(' ')
        .all(|wanted| words.by_ref().any(|w| w == wanted))
}

/// The entries of the document's own bibliography by author key (an entry
/// of dashes under the authors of the one before it), built once a
/// resolution, at its first short form that no note gives in full: a
/// notes-and-bibliography essay has hundreds of short forms and entries,
/// and each short form looks only at the entries of its authors.
struct ListedByAuthor<'a> {
    by_key: rustc_hash::FxHashMap<&'a str, Vec<usize>>,
}

impl<'a> ListedByAuthor<'a> {
    fn new(index: &'a Index) -> Self {
        let mut by_key: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
        for (i, _, authors) in index.listed_with_authors() {
            for key in authors.iter().flat_map(|a| a.keys.iter()) {
                let list = by_key.entry(key.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        ListedByAuthor { by_key }
    }

    /// The first entry by one of the short form's authors that
    /// [`gives_in_full`] its work.
    fn find(&self, index: &Index, short: &Citation) -> Option<usize> {
        short
            .authors
            .iter()
            .flat_map(|a| a.keys.iter())
            .filter_map(|key| self.by_key.get(key.as_str()))
            .flat_map(|ids| ids.iter().copied())
            .filter(|&i| {
                index
                    .listed
                    .get(i)
                    .is_some_and(|entry| gives_in_full(&entry.citation, short))
            })
            .min()
    }
}

/// The author keys and years of the works the document's bibliography
/// lists, by which an author-date reference (`(Garnett, 2023)`) that no
/// note answers may still find its work.
pub fn listed_authors(index: &Index) -> rustc_hash::FxHashSet<(&str, u16)> {
    let mut found = rustc_hash::FxHashSet::default();
    for (_, entry, authors) in index.listed_with_authors() {
        let Some(year) = entry.citation.year else {
            continue;
        };
        for key in authors.iter().flat_map(|a| a.keys.iter()) {
            found.insert((key.as_str(), year));
        }
    }
    found
}

fn shares_author(a: &Citation, b: &Citation) -> bool {
    a.authors
        .iter()
        .flat_map(|x| x.keys.iter())
        .any(|k| b.authors.iter().any(|y| y.keys.contains(k)))
}

fn hash(identity: (&str, &str)) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(identity)
}

/// What makes two full citations one work: the first author (by the
/// first name it is matched by) and the compared title.
pub(crate) fn identity(c: &Citation) -> (&str, &str) {
    let author = c
        .authors
        .first()
        .and_then(|a| a.keys.first())
        .map_or("", String::as_str);
    (author, c.title_key.as_str())
}

/// What [`AuthorDateLookup`] reads of a note: its full citations with a
/// year, by place, year and author keys.
fn author_keys(note: &NoteDef) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (i, c) in note.citations.iter().enumerate() {
        let (CitationKind::Full, Some(year)) = (c.kind, c.year) else {
            continue;
        };
        h.update(&(i as u64).to_le_bytes());
        h.update(&year.to_le_bytes());
        for key in c.authors.iter().flat_map(|a| a.keys.iter()) {
            h.update(&(key.len() as u64).to_le_bytes());
            h.update(key.as_bytes());
        }
    }
    h.digest()
}

/// Finds the full citation each author-date reference names. Searching every
/// citation for every reference made a document with thousands of both take
/// time in the square of its length; here each reference looks through the
/// full citations that share its year and one of its names (the name with the
/// fewest), and references repeated with the same names and year are
/// answered once.
struct AuthorDateLookup<'a> {
    /// The full citations by each author key and year, in document order.
    by_name: rustc_hash::FxHashMap<(&'a str, u16), Vec<CitationRef>>,
    /// The first full citation of each year (a reference with no names).
    by_year: rustc_hash::FxHashMap<u16, CitationRef>,
}

impl<'a> AuthorDateLookup<'a> {
    fn new(index: &'a Index) -> Self {
        let mut lookup = AuthorDateLookup {
            by_name: rustc_hash::FxHashMap::default(),
            by_year: rustc_hash::FxHashMap::default(),
        };
        for (note, n) in index.notes.iter().enumerate() {
            for (i, c) in n.citations.iter().enumerate() {
                let (CitationKind::Full, Some(year)) = (c.kind, c.year) else {
                    continue;
                };
                let here = CitationRef { note, index: i };
                lookup.by_year.entry(year).or_insert(here);
                for key in c.authors.iter().flat_map(|a| a.keys.iter()) {
                    let list = lookup.by_name.entry((key.as_str(), year)).or_default();
                    // A key repeated within one citation is listed once.
                    if list.last() != Some(&here) {
                        list.push(here);
                    }
                }
            }
        }
        lookup
    }

    /// The citation named by each of the index's author-date references.
    fn resolve_all(&self, index: &Index) -> Vec<Option<CitationRef>> {
        let mut answered: rustc_hash::FxHashMap<(&[String], u16), Option<CitationRef>> =
            rustc_hash::FxHashMap::default();
        index
            .author_dates
            .iter()
            .map(|r| {
                *answered
                    .entry((&r.names[..], r.year))
                    .or_insert_with(|| self.find(index, &r.names, r.year))
            })
            .collect()
    }

    /// The first full citation by all of `names` from `year`: the first in
    /// the list of any one name that has all the others too.
    fn find(&self, index: &Index, names: &[String], year: u16) -> Option<CitationRef> {
        let mut lists = names.iter().map(|n| {
            self.by_name
                .get(&(n.as_str(), year))
                .map_or(&[][..], Vec::as_slice)
        });
        let Some(first) = lists.next() else {
            return self.by_year.get(&year).copied();
        };
        let shortest = lists.fold(first, |a, b| if b.len() < a.len() { b } else { a });
        shortest.iter().copied().find(|&r| {
            citation(index, r).is_some_and(|c| {
                names
                    .iter()
                    .all(|n| c.authors.iter().any(|a| a.keys.iter().any(|k| k == n)))
            })
        })
    }
}

/// Whether the note before note `note_id`, in its section, gives a source
/// that ibid could not read as a work: a title with its place, year and
/// page but no author, a short form too terse to read (`Barlow.`), an
/// archival reference or a page (`Cover-Up, page 89`). An Ibid after it
/// repeats that source, where after commentary (`See the discussion
/// above.`) it would repeat nothing.
pub(crate) fn previous_gives_a_source(index: &Index, text: &str, note_id: usize) -> bool {
    let notes = &index.notes;
    let Some(previous) = note_id.checked_sub(1).and_then(|p| notes.get(p)) else {
        return false;
    };
    if previous.section != notes[note_id].section {
        return false;
    }
    let body = previous
        .body_range
        .as_ref()
        .and_then(|b| text.get(b.clone()))
        .unwrap_or("");
    let year = body.split(|c: char| !c.is_ascii_digit()).any(|digits| {
        digits.len() == 4
            && digits
                .parse::<u16>()
                .is_ok_and(|y| (1450..=2100).contains(&y))
    });
    let page = body.contains(" p. ") || body.contains(" pp. ");
    if year && page {
        return true;
    }
    // Commentary is a sentence; a source a name or a title with numbers.
    let words = body.split_whitespace().count();
    let signal = body.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.trim_end_matches('.'),
            "See" | "Cf" | "Compare" | "Vgl" | "Siehe"
        )
    });
    !signal && (words <= 4 || body.bytes().any(|b| b.is_ascii_digit())) && words > 0
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

    /// A short title matches a full one that a wrapped note breaks over a
    /// line, and one that quotes a quotation.
    #[test]
    fn a_short_title_matches_a_wrapped_or_quoted_full_title() {
        let text = "Clemencia.[^1] Perdón.[^2] Otra.[^3] Más.[^4]\n\n\
            [^1]: Abelardo Levaggi, \"Las instituciones de clemencia en el Derecho\n    penal rioplatense\", *Revista de Historia del Derecho* 3 (1975): 12.\n\n\
            [^2]: Aude Argouse, \"'Ausente como si fuésedes presente'. Perdón, ausencia\n    y justicia\", *Historia* 2 (2016): 5.\n\n\
            [^3]: Levaggi, \"Las instituciones de clemencia\", 14.\n\n\
            [^4]: Argouse, \"Ausente como si fuésedes presente\", 7.\n";
        assert_eq!(resolved(text, 2), vec![Some("1".to_string())]);
        assert_eq!(resolved(text, 3), vec![Some("2".to_string())]);
    }

    #[test]
    fn a_short_title_may_drop_the_leading_article() {
        let text = "Lamps.[1] Oil.[2]\n\n[1] Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 29.\n\n[2] Reyes, *Keeping of Lights*, 40.\n";
        assert_eq!(resolved(text, 1), vec![Some("1".to_string())]);
    }

    /// Chicago's short title keeps the title's key words, which need not be
    /// its first ones.
    #[test]
    fn a_short_title_may_keep_later_words_in_their_order() {
        let text = "Lamps.[1] Oil.[2] Wicks.[3]\n\n[1] Ada Reyes, *The Epistle to the Keepers of Lights* (Lima: Faro, 2001), 29.\n\n[2] Reyes, *Keepers*, 40.\n\n[3] Reyes, *Lights of the Keepers*, 41.\n";
        assert_eq!(resolved(text, 1), vec![Some("1".to_string())]);
        assert_eq!(resolved(text, 2), vec![None]);
    }

    #[test]
    fn a_short_form_by_another_author_does_not_resolve() {
        let text = "Lamps.[1] Oil.[2]\n\n[1] Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 29.\n\n[2] Olsen, *Keeping of Lights*, 40.\n";
        assert_eq!(resolved(text, 1), vec![None]);
    }

    /// A legal short form points to the note that cites its work: that
    /// work, whatever name it is given there (a `[hereinafter …]` name, a
    /// title written as a link), and among several the one by its author.
    #[test]
    fn a_supra_short_form_takes_the_work_of_the_note_it_points_to() {
        let text = "A.[^1] B.[^2] C.[^3] D.[^4] E.[^5] F.[^6] G.[^7]\n\n\
            [^1]: Ada Reyes, [The Keeping of Lights](https://example.org/lights) 1 (2004).\n\
            [^2]: Harbour Board, Lamp Rules 33 (1994) [hereinafter Rules]; Ben Olsen, *Wicks* (Oslo: Fjord, 2001).\n\
            [^3]: Reyes, *supra* note 1, at 8.\n\
            [^4]: Rules, supra note 2, at 33; Olsen, *supra* n. 2, at 4.\n\
            [^5]: Reyes, *supra* note 9.\n\
            [^6]: As the board held, *see* supra note 4.\n\
            [^7]: Lund, *supra* note 12.\n";
        assert_eq!(resolved(text, 2), vec![Some("1".to_string())]);
        assert_eq!(
            resolved(text, 3),
            vec![Some("2".to_string()), Some("2".to_string())]
        );
        let analysis = crate::analysis::analyze(text);
        let works = &analysis.works.resolutions;
        let work = |note: usize, i: usize| works[note][i].work;
        assert_ne!(work(3, 0), work(3, 1), "Rules and Wicks are two works");
        assert_eq!(work(3, 1), work(1, 1));
        // No note 9 before it: the author still names the work.
        assert_eq!(work(4, 0), work(0, 0));
        // Note 4 cites two works and the pointer names no author: the first.
        assert_eq!(work(5, 0), work(1, 0));
        // Neither the note nor the author is there.
        assert_eq!(
            works[6][0].problem,
            Some(super::Unresolved::ShortFormUnmatched)
        );
    }

    #[test]
    fn a_short_form_with_a_quoted_title_keeps_its_pages() {
        let text = "Ice.[1] Thaw.[2]\n\n[1] Ida Pell, “The Thaw,” *Polar Notes* 4 (1999): 50–70.\n\n[2] Pell, “The Thaw,” 61.\n";
        let analysis = crate::analysis::analyze(text);
        let short = &analysis.index.notes[1].citations[0];
        assert_eq!(short.pages.as_ref().map(|p| p.text.as_str()), Some("61"));
        assert_eq!(resolved(text, 1), vec![Some("1".to_string())]);
    }

    /// Each author-date reference leads to the first full citation from its
    /// year by all of its names, whichever name has the fewest citations and
    /// however often the reference is repeated.
    #[test]
    fn author_dates_find_the_first_citation_by_all_their_names() {
        let text = "Hives (Quill 2020) and queens (Quill and Berg 2020; Berg 2020).[1][2][3][4]\n\n\
Drones (Berg and Quill 2020), (Quill 2019), (Berg 2019), (Quill and Berg 2020).\n\n\
NOTES\n\n\
[1] Marta Quill, *Hives* (Oslo: Fjord, 2020).\n\
[2] Tomas Berg, “Queens,” *Bee Science* 4 (2020): 3–9.\n\
[3] Marta Quill and Tomas Berg, “Marking Queens,” *Bee Science* 4, no. 2 (2020): 3–9.\n\
[4] Tomas Berg, *Drones* (Oslo: Fjord, 2019).\n";
        let analysis = analyze(text);
        let found: Vec<(&str, Option<&str>)> = analysis
            .index
            .author_dates
            .iter()
            .zip(&analysis.works.author_dates)
            .map(|(r, to)| {
                let note = to.map(|c| analysis.index.notes[c.note].key.as_str());
                (&*r.text, note)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Quill 2020", Some("1")),
                ("Quill and Berg 2020", Some("3")),
                ("Berg 2020", Some("2")),
                ("Berg and Quill 2020", Some("3")),
                ("Quill 2019", None),
                ("Berg 2019", Some("4")),
                ("Quill and Berg 2020", Some("3")),
            ]
        );
    }

    /// Resumed at any note, with the notes from there on changed in every
    /// way that matters (a work cited in full again, a short form and an
    /// Ibid reaching back over the change, a title dropped), resolution ends
    /// where a fresh one does.
    #[test]
    fn resuming_at_any_note_equals_resolving_afresh() {
        let before = "A.[1] B.[2] C.[3] D.[4] E.[5] F.[6]\n\nNOTES\n\n\
[1] Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 29.\n\
[2] Ibid., 30.\n\
[3] Tom Olsen, “Fog,” *Sea Notes* 2 (1990): 4.\n\
[4] Reyes, *Keeping of Lights*, 41.\n\
[5] Ibid.\n\
[6] Olsen, “Fog,” 5.\n";
        let after = "A.[1] B.[2] C.[3] D.[4] E.[5] F.[6]\n\nNOTES\n\n\
[1] Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 29.\n\
[2] Ibid., 30.\n\
[3] Tom Olsen, “Fog,” *Sea Notes* 2 (1990): 4.\n\
[4] Tom Olsen, “Fog,” *Sea Notes* 2 (1990): 6; Ada Reyes, *The Keeping of Lights* (Lima: Faro, 2001), 31.\n\
[5] Ibid.\n\
[6] Reyes, *Keeping of Lights*, 41; Ada Reyes, *Untitled Talk* (2003).\n";
        let (old, new) = (analyze(before), analyze(after));
        let fresh = super::Works::resolve(&new.index);
        let mut tried = 0;
        for kept in 0..=new.index.notes.len() {
            // Only the notes both texts share may be kept.
            let same = old.index.notes[..kept]
                .iter()
                .zip(&new.index.notes)
                .all(|(a, b)| a.citations == b.citations);
            if !same {
                break;
            }
            tried = kept;
            let resumed = super::Works::resume(&new.index, &old.works, kept, false);
            assert_eq!(
                serde_json::to_string(&resumed).ok(),
                serde_json::to_string(&fresh).ok(),
                "kept {kept}"
            );
            for w in 0..fresh.works.len() {
                assert_eq!(
                    resumed.citations_of(w),
                    fresh.citations_of(w),
                    "kept {kept}, work {w}"
                );
            }
        }
        assert_eq!(tried, 3, "the first three notes are the same in both");
        // The Ibid after two works is ambiguous; the rest lead to works.
        let problems: Vec<_> = fresh
            .resolutions
            .all
            .iter()
            .map(|r| r.problem.is_some())
            .collect();
        assert_eq!(
            problems,
            [false, false, false, false, false, true, false, false]
        );
    }
}
