//! Bibliographies: the files that Pandoc citations (`[@key]`) are resolved
//! against. BibTeX and BibLaTeX (`.bib`), CSL-JSON (`.json`) and CSL YAML
//! (`.yaml`, `.yml`) are read into one shape: entries with a key, where they
//! stand in the file, a short summary for lists, and the data a citation
//! formatter needs.
//!
//! Reading never fails as a whole: an entry that cannot be read becomes a
//! [`Problem`] with its place in the file, and the entries around it are
//! kept, so that one unclosed brace does not hide a library of thousands.
//! The text comes from the front ends (a file, or an editor's buffer); this
//! module does no IO.

mod bibtex;
mod csl;
mod render;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use rustc_hash::FxHashMap;

pub use render::{Rendered, render};

/// The file formats a bibliography can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// BibTeX or BibLaTeX.
    Bib,
    CslJson,
    CslYaml,
}

impl Format {
    /// The format a file name suggests: `.bib`, `.json`, `.yaml` or `.yml`.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "bib" | "bibtex" => Some(Format::Bib),
            "json" => Some(Format::CslJson),
            "yaml" | "yml" => Some(Format::CslYaml),
            _ => None,
        }
    }
}

/// What lists and messages show of an entry, read once when the file is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Family names of the authors (or editors), or an organisation's name.
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub title: Option<String>,
    /// The entry type as the file writes it (`book`, `article-journal`).
    pub kind: String,
}

impl Summary {
    /// `Whitcombe 1999, Frozen Rivers`: author, year and title on one line.
    pub fn line(&self) -> String {
        let who = match self.authors.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [one, two] => Some(format!("{one} and {two}")),
            [first, ..] => Some(format!("{first} et al.")),
        };
        let head = match (who, self.year) {
            (Some(who), Some(year)) => Some(format!("{who} {year}")),
            (Some(who), None) => Some(who),
            (None, Some(year)) => Some(year.to_string()),
            (None, None) => None,
        };
        match (head, &self.title) {
            (Some(head), Some(title)) => format!("{head}, {title}"),
            (Some(head), None) => head,
            (None, Some(title)) => title.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The data behind an entry, as its format gives it; the formatter reads
/// both kinds.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    /// Read again from the file's text when formatted; the keys of the
    /// entries it cross-references come along.
    Bib {
        parents: Vec<String>,
    },
    Csl(Box<hayagriva::citationberg::json::Item>),
}

/// One entry of a bibliography.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Arc<str>,
    /// The whole entry in the file.
    pub range: Range<usize>,
    /// The key as the file spells it.
    pub key_range: Range<usize>,
    pub summary: Summary,
    pub(crate) data: Data,
    /// The key in lower case, and the authors' names and the title's words
    /// in lower case after a space each: what completion matches typing
    /// against, made once so that a keystroke allocates nothing per entry.
    pub(crate) search_key: Box<str>,
    pub(crate) search_words: Box<str>,
}

impl Entry {
    fn new(
        key: Arc<str>,
        range: Range<usize>,
        key_range: Range<usize>,
        summary: Summary,
        data: Data,
    ) -> Entry {
        let mut words = String::new();
        for name in &summary.authors {
            words.push(' ');
            words.push_str(&name.to_lowercase());
        }
        for word in summary
            .title
            .as_deref()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words.push(' ');
            words.push_str(&word.to_lowercase());
        }
        Entry {
            search_key: key.to_lowercase().into(),
            search_words: words.into(),
            key,
            range,
            key_range,
            summary,
            data,
        }
    }

    /// How well the entry matches `typed` (lower case): 0 when its key
    /// starts with it, 1 when its key holds it, 2 when an author's name or
    /// a word of its title starts with it; `None` otherwise. `spaced` is
    /// `typed` after a space.
    pub fn rank(&self, typed: &str, spaced: &str) -> Option<u8> {
        if self.search_key.starts_with(typed) {
            Some(0)
        } else if self.search_key.contains(typed) {
            Some(1)
        } else if self.search_words.contains(spaced) {
            Some(2)
        } else {
            None
        }
    }
}

/// What is wrong with a bibliography file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An entry (or the file) that could not be read; the entry is left out.
    Malformed {
        range: Range<usize>,
        message: String,
    },
    /// A key that an earlier entry already has; the later entry is left out,
    /// as Pandoc and biber use the first.
    Duplicate {
        key: Arc<str>,
        range: Range<usize>,
        first: Range<usize>,
    },
}

/// A bibliography file, read.
#[derive(Debug, Clone)]
pub struct Bibliography {
    /// Where the front end read it from; also its identity.
    pub path: PathBuf,
    pub format: Format,
    /// The text, for positions and snippets.
    pub rope: Rope,
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
    keys: FxHashMap<Arc<str>, usize>,
    /// A `.bib` file's `@string` definitions, for reading one entry alone.
    strings: String,
}

impl Bibliography {
    /// Reads `text` as a bibliography in `format`.
    pub fn parse(path: impl Into<PathBuf>, format: Format, text: &str) -> Bibliography {
        // The readers lean on other crates fed with user data: a panic in
        // one costs this file, reported, never the caller.
        let read = std::panic::catch_unwind(|| match format {
            Format::Bib => bibtex::parse(text),
            Format::CslJson => {
                let (entries, problems) = csl::parse_json(text);
                (entries, problems, String::new())
            }
            Format::CslYaml => {
                let (entries, problems) = csl::parse_yaml(text);
                (entries, problems, String::new())
            }
        });
        let (entries, problems, strings) = read.unwrap_or_else(|_| {
            let problem = Problem::Malformed {
                range: 0..text.find('\n').unwrap_or(text.len()),
                message:
                    "the file could not be read (the reader failed on it); please report this file"
                        .to_string(),
            };
            (Vec::new(), vec![problem], String::new())
        });
        let mut bibliography = Bibliography {
            path: path.into(),
            format,
            rope: crate::analysis::text::rope_of(text),
            entries: Vec::with_capacity(entries.len()),
            problems,
            keys: FxHashMap::default(),
            strings,
        };
        for entry in entries {
            if let Some(&first) = bibliography.keys.get(&entry.key) {
                bibliography.problems.push(Problem::Duplicate {
                    key: entry.key.clone(),
                    range: entry.key_range.clone(),
                    first: bibliography.entries[first].key_range.clone(),
                });
                continue;
            }
            bibliography
                .keys
                .insert(entry.key.clone(), bibliography.entries.len());
            bibliography.entries.push(entry);
        }
        bibliography.problems.sort_by_key(|p| match p {
            Problem::Malformed { range, .. } | Problem::Duplicate { range, .. } => range.start,
        });
        bibliography
    }

    /// Reads `text`, choosing the format from the file name; `None` for a
    /// name that is no bibliography's.
    pub fn parse_path(path: &Path, text: &str) -> Option<Bibliography> {
        Some(Bibliography::parse(path, Format::of_path(path)?, text))
    }

    /// The text of an entry, as the file has it now.
    pub fn source(&self, entry: &Entry) -> String {
        let end = entry.range.end.min(self.rope.len_bytes());
        let start = entry.range.start.min(end);
        self.rope.byte_slice(start..end).to_string()
    }

    /// An entry's text with what it needs to be read alone: the file's
    /// `@string` definitions and the entries it cross-references.
    pub(crate) fn standalone_source(&self, entry: &Entry, parents: &[String]) -> String {
        let mut source = self.strings.clone();
        for parent in parents {
            if let Some(p) = self.get(parent) {
                source.push_str(&self.source(p));
                source.push('\n');
            }
        }
        source.push_str(&self.source(entry));
        source
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(*self.keys.get(key)?)
    }

    /// The entry whose text holds byte `offset`.
    pub fn entry_at(&self, offset: usize) -> Option<&Entry> {
        let i = self.entries.partition_point(|e| e.range.start <= offset);
        let entry = self.entries.get(i.checked_sub(1)?)?;
        (offset <= entry.range.end).then_some(entry)
    }

    /// Whether `text` looks like a CSL bibliography rather than some other
    /// JSON or YAML file: a list whose first item has an `id`. Used to pick
    /// bibliographies out of a workspace without reading every file whole.
    pub fn sniff(format: Format, text: &str) -> bool {
        match format {
            Format::Bib => true,
            Format::CslJson => csl::sniff_json(text),
            Format::CslYaml => csl::sniff_yaml(text),
        }
    }
}

/// A bibliography that a document names but that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The path as the document or the configuration writes it.
    pub path: String,
    /// Where the document names it (its front matter), if it does.
    pub range: Option<Range<usize>>,
    /// Why it could not be read.
    pub reason: String,
}

/// The bibliographies a document's citations are resolved against, in
/// order: a key is looked up in the first file that has it.
#[derive(Debug, Clone, Default)]
pub struct Bibliographies {
    pub files: Vec<Arc<Bibliography>>,
    pub missing: Vec<Missing>,
    /// Named for the document (by its front matter or the configuration),
    /// rather than found by searching its folders: the author declared a
    /// bibliography, so a bare `@key` is a citation (see
    /// [`crate::analysis::Analysis::resolve_citations`]).
    pub named: bool,
    /// The keys of works the document lists itself (its front matter's
    /// `references`): known, though no file holds them.
    pub inline: Vec<String>,
}

impl Bibliographies {
    /// Bibliographies named for the document.
    pub fn new(files: Vec<Arc<Bibliography>>, missing: Vec<Missing>) -> Bibliographies {
        Bibliographies {
            files,
            missing,
            named: true,
            inline: Vec::new(),
        }
    }

    /// Bibliographies found by a search, not named by anyone.
    pub fn found(files: Vec<Arc<Bibliography>>) -> Bibliographies {
        Bibliographies {
            files,
            missing: Vec::new(),
            named: false,
            inline: Vec::new(),
        }
    }

    /// Whether there is anything to resolve against.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The entry with `key`, and the file it is in.
    pub fn lookup(&self, key: &str) -> Option<(&Arc<Bibliography>, &Entry)> {
        self.files
            .iter()
            .find_map(|file| file.get(key).map(|entry| (file, entry)))
    }

    /// Every entry, the first of each key only, in file order.
    pub fn entries(&self) -> Vec<(&Arc<Bibliography>, &Entry)> {
        if let [only] = self.files.as_slice() {
            // Keys are unique within a file.
            return only.entries.iter().map(|e| (only, e)).collect();
        }
        let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
        let mut out = Vec::new();
        for file in &self.files {
            for entry in &file.entries {
                if seen.insert(&entry.key) {
                    out.push((file, entry));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
