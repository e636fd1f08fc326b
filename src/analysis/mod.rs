//! The analysis core: from a parsed document to its markers, notes,
//! citations, works and diagnostics. Plain data in, plain data out: nothing
//! here knows about the language server protocol, terminals or files.

pub mod bibliography;
pub mod book;
pub mod cache;
pub mod citations;
pub mod cites;
pub mod diagnostics;
pub mod document;
pub mod export;
#[cfg(test)]
mod fixture;
pub mod front_matter;
pub mod ide;
pub mod index;
pub mod prescreen;
pub mod prose;
pub mod syntax;
#[doc(hidden)]
pub mod testgen;
pub mod text;
pub mod works;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

pub use cache::Cache;
pub use diagnostics::{Diagnostic, Fix, Related, Rule, Severity, TextEdit};
pub use document::Document;
pub use index::Index;
pub use syntax::Dialect;
pub use works::Works;

/// A byte that was not UTF-8, as replaced in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InvalidByte {
    /// Where the replacement character stands in the decoded text.
    pub offset: usize,
    /// Where the bad sequence started in the original bytes.
    pub original_offset: usize,
}

/// Text decoded from bytes that may not be UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub invalid: Vec<InvalidByte>,
}

/// Decodes `bytes` as UTF-8, replacing each invalid sequence with U+FFFD and
/// remembering where it was; a leading byte order mark is kept (the grammar
/// reads it as padding) so offsets stay those of the file.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    let mut rest = bytes;
    let mut consumed = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                text.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // `valid_up_to` guarantees this prefix is UTF-8.
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                invalid.push(InvalidByte {
                    offset: text.len(),
                    original_offset: consumed + valid.len(),
                });
                text.push('\u{FFFD}');
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                consumed += valid.len() + skip;
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    Decoded { text, invalid }
}

/// Everything known about one document.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub index: Index,
    pub works: Arc<Works>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings held back by the document's suppression comments: kept to
    /// tell, when the citation rules run again, which comments are used.
    #[serde(skip)]
    pub suppressed: Vec<Diagnostic>,
    #[serde(skip)]
    pub invalid_utf8: Vec<InvalidByte>,
    /// Pandoc citation keys (`[@key]`, `@key`).
    pub cites: Vec<cites::Cite>,
    /// Bare `@word`s held back from `cites` because nothing says the
    /// document uses Pandoc citations ([`cites::speaks_pandoc`]); they
    /// become citations when the configuration names a bibliography.
    #[serde(skip)]
    pub bare_cites: Vec<cites::Cite>,
    /// What the citation keys are resolved against: nothing until a front
    /// end, which reads the files, attaches them
    /// ([`Analysis::resolve_citations`]).
    #[serde(skip)]
    pub bibliographies: Arc<bibliography::Bibliographies>,
    /// Set for an analysis made with a cache that defers fixes (a
    /// server's, [`Cache::deferring_fixes`]): the parts of the blocks it
    /// read, shared with that cache, for [`Analysis::of_edited`]. Such an
    /// analysis also left out the fixes that cost to build.
    #[serde(skip)]
    blocks: Option<Arc<index::blocks::Blocks>>,
    /// What the other files of the document's folder offer it, when it is
    /// read as a chapter of a book ([`Analysis::shelve`]).
    #[serde(skip)]
    pub shelf: Option<book::Neighbours>,
}

impl Analysis {
    /// Analyses a parsed document. `cache` carries work over from the
    /// previous analysis of the same document, so that an edit costs what it
    /// changed; pass a fresh one for a one-off analysis.
    pub fn new(
        text: &str,
        tree: &syntax::SyntaxTree,
        cache: &mut Cache,
        invalid_utf8: &[InvalidByte],
    ) -> Analysis {
        let index = cache.index(text, tree);
        let works = cache.works(&index);
        let mut cites = cites::collect(text, &index);
        let bare_cites = if cites::speaks_pandoc(text, &cites) {
            Vec::new()
        } else {
            std::mem::take(&mut cites)
        };
        let mut analysis = Analysis {
            index,
            works,
            diagnostics: Vec::new(),
            suppressed: Vec::new(),
            invalid_utf8: invalid_utf8.to_vec(),
            cites,
            bare_cites,
            bibliographies: Arc::default(),
            blocks: cache.defers_fixes().then(|| cache.blocks()),
            shelf: None,
        };
        let fixes = if analysis.fixes_deferred() {
            diagnostics::Fixes::Cheap
        } else {
            diagnostics::Fixes::All
        };
        (analysis.diagnostics, analysis.suppressed) = diagnostics::check(&analysis, text, &fixes);
        analysis
    }

    /// The findings, with their fixes at least where they touch `within`:
    /// [`Analysis::diagnostics`] itself, unless the analysis left the fixes
    /// out, in which case the rules run again and build the fixes of the
    /// findings that touch `within` (a cursor asking for code actions
    /// costs the rules and a few fixes, not every finding's). `text` is
    /// the text analysed.
    pub fn diagnostics_with_fixes(
        &self,
        text: &str,
        within: Range<usize>,
    ) -> Cow<'_, [Diagnostic]> {
        if !self.fixes_deferred() {
            return Cow::Borrowed(&self.diagnostics);
        }
        Cow::Owned(diagnostics::check(self, text, &diagnostics::Fixes::Touching(within)).0)
    }

    /// Resolves the document's citation keys against `bibliographies` and
    /// reports what does not resolve; cheap enough to run again whenever a
    /// bibliography changes.
    pub fn resolve_citations(
        &mut self,
        bibliographies: Arc<bibliography::Bibliographies>,
        text: &str,
    ) {
        // No bibliography before or now, and no bare `@word` whose standing
        // they would decide: the citation rules would find what they found,
        // and a keystroke need not sort and filter every finding again.
        let none = |b: &bibliography::Bibliographies| {
            !b.named && b.files.is_empty() && b.missing.is_empty()
        };
        if none(&bibliographies) && none(&self.bibliographies) && self.bare_cites.is_empty() {
            self.bibliographies = bibliographies;
            return;
        }
        // Bare `@word`s count as citations exactly when the bibliographies
        // were named for the document, not found by a search.
        if bibliographies.named && self.cites.is_empty() {
            self.cites = self.bare_cites.clone();
        } else if !bibliographies.named && !self.bare_cites.is_empty() {
            self.cites.clear();
        }
        self.bibliographies = bibliographies;
        (self.diagnostics, self.suppressed) = diagnostics::recheck_citations(self, text);
    }

    /// Reads the document as a chapter of a book whose other files offer
    /// `neighbours`: its markers and short forms that have no answer in the
    /// document are looked up there. The rules run again only when a
    /// finding asked for what a shelf holds; call this after
    /// [`Analysis::resolve_citations`], whose findings it keeps.
    pub fn shelve(&mut self, text: &str, neighbours: book::Neighbours) {
        if neighbours.is_empty() || !book::asks(self) {
            return;
        }
        self.shelf = Some(neighbours);
        let fixes = if self.fixes_deferred() {
            diagnostics::Fixes::Cheap
        } else {
            diagnostics::Fixes::All
        };
        (self.diagnostics, self.suppressed) = diagnostics::check(self, text, &fixes);
    }

    /// Whether the findings left out the fixes that cost to build.
    fn fixes_deferred(&self) -> bool {
        self.blocks.is_some()
    }

    /// Analyses `document`, a version of the text this analysis was made
    /// from with an edit (a code action trying a change), without fixes.
    /// The blocks this analysis read are reused where it kept them (a
    /// server's analysis does), so that only the edited blocks are read:
    /// reading every block of a megabyte costs a hundred million
    /// instructions.
    pub fn of_edited(&self, document: &Document) -> Analysis {
        let mut cache = match &self.blocks {
            Some(blocks) => Cache::with_blocks(blocks.clone()),
            None => Cache::deferring_fixes(),
        };
        Analysis::new(document.text(), document.tree(), &mut cache, &[])
    }

    /// Analyses a document with no earlier analysis to reuse.
    pub fn of(document: &Document) -> Analysis {
        Analysis::new(document.text(), document.tree(), &mut Cache::new(), &[])
    }

    /// Parses and analyses text decoded from a file, with nothing to reuse
    /// (a one-off check); the bytes that were not UTF-8 are reported.
    pub fn of_decoded(decoded: Decoded, dialect: syntax::Dialect) -> (Document, Analysis) {
        let document = Document::new_as(decoded.text, dialect);
        let analysis = Analysis::new(
            document.text(),
            document.tree(),
            &mut Cache::new(),
            &decoded.invalid,
        );
        (document, analysis)
    }
}

/// Parses and analyses `text` in one go (tests and one-off checks).
pub fn analyze(text: &str) -> Analysis {
    let tree = syntax::parse(text);
    Analysis::new(text, &tree, &mut Cache::new(), &[])
}

/// Compiles the patterns every analysis uses. They are compiled on first use
/// otherwise, and that first use is the first document a server opens: about
/// 40 million instructions added to the wait for its diagnostics. A server
/// calls this on a spare thread as it starts.
pub fn prepare() {
    citations::prepare();
    cites::prepare();
    prose::prepare();
}
