//! What the analysis keeps between runs of the same document so that an
//! edit costs what it changed. Each memo belongs to the step that fills it
//! (the parts of blocks and the last layout to the index, the last
//! resolution to the works); this is only where a front end holds them.

use std::sync::Arc;

use super::index::Index;
use super::index::blocks::Blocks;
use super::index::layout::Layout;
use super::works::{Works, memo};

/// Work carried from one analysis of a document to the next.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    layout: Layout,
    works: memo::Memo,
    /// Leave the fixes out of the findings ([`Cache::deferring_fixes`]).
    defer_fixes: bool,
}

impl Cache {
    pub fn new() -> Self {
        Cache::default()
    }

    /// A cache for a front end that shows a finding's fix only when asked
    /// for it (an editor's code actions, for the findings at the cursor):
    /// the analysis leaves the fixes out, and
    /// [`Analysis::diagnostics_with_fixes`](super::Analysis::diagnostics_with_fixes)
    /// builds them on request. A document pasted without its last notes
    /// has hundreds of findings, each offering a note to add or delete, and
    /// building those edits on every keystroke was most of what its
    /// findings cost.
    pub fn deferring_fixes() -> Self {
        Cache {
            defer_fixes: true,
            ..Cache::default()
        }
    }

    /// Whether the analysis leaves fixes out.
    pub(crate) fn defers_fixes(&self) -> bool {
        self.defer_fixes
    }

    /// The parts of the blocks read so far, shared.
    pub(crate) fn blocks(&self) -> Arc<Blocks> {
        self.layout.blocks.clone()
    }

    /// A cache that defers fixes and holds the parts of `blocks`: an
    /// analysis of another version of the same text reads only the blocks
    /// it does not find there.
    pub(crate) fn with_blocks(blocks: Arc<Blocks>) -> Self {
        Cache {
            layout: Layout::with_blocks(blocks),
            works: memo::Memo::default(),
            defer_fixes: true,
        }
    }

    /// Reads the index of a parsed document, reusing the blocks of the last
    /// run.
    pub(crate) fn index(&mut self, text: &str, tree: &super::syntax::SyntaxTree) -> Index {
        Index::build(text, tree, &mut self.layout)
    }

    /// The works of `index`, resolved again only from what changed.
    pub(crate) fn works(&mut self, index: &Index) -> Arc<Works> {
        self.works.works(index)
    }

    /// How many blocks are held (for tests and benchmarks).
    pub fn len(&self) -> usize {
        self.layout.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Cache;
    use crate::analysis::works::CitationRef;
    use crate::analysis::{Analysis, Document};

    fn analyse(document: &Document, cache: &mut Cache) -> Analysis {
        Analysis::new(document.text(), document.tree(), cache, &[])
    }

    /// Re-reading a paragraph gives its author-date references anew; equal
    /// ones keep the works, a changed year resolves again.
    #[test]
    fn works_are_kept_until_what_they_depend_on_changes() {
        let text = "Bread rose (Lo 2019) again.[1]\n\nNOTES\n\n[1] Ada Lo, *Bread* (Lima: Faro, 2019), 4.\n";
        let mut document = Document::new(text);
        let mut cache = Cache::new();
        let first = analyse(&document, &mut cache);
        let found = Some(CitationRef { note: 0, index: 0 });
        assert_eq!(first.works.author_dates, vec![found]);

        let at = text.find("again").expect("fixture has prose");
        document.edit(at..at, "x").expect("a valid edit");
        let typed = analyse(&document, &mut cache);
        assert!(Arc::ptr_eq(&first.works, &typed.works));

        let year = document.text().find("2019)").expect("fixture has a year");
        document.edit(year..year + 4, "2020").expect("a valid edit");
        let changed = analyse(&document, &mut cache);
        assert!(!Arc::ptr_eq(&typed.works, &changed.works));
        assert_eq!(changed.works.author_dates, vec![None]);

        // A note read again (its pages changed) resolves again from there;
        // the year put back finds its full citation again.
        let pages = document.text().find("), 4.").expect("fixture has pages");
        document
            .edit(pages..pages + 5, "), 5.")
            .expect("a valid edit");
        let renoted = analyse(&document, &mut cache);
        assert!(!Arc::ptr_eq(&changed.works, &renoted.works));
        assert_eq!(renoted.works.works.len(), 1);
        document.edit(year..year + 4, "2019").expect("a valid edit");
        let back = analyse(&document, &mut cache);
        assert_eq!(back.works.author_dates, vec![found]);
    }

    /// Without author-date references no hashes are kept for them; a
    /// reference typed in later still finds its full citation, after the
    /// notes were read again while there was none.
    #[test]
    fn a_reference_typed_in_later_is_matched() {
        let text = "Bread rose again.[1]\n\nNOTES\n\n[1] Ada Lo, *Bread* (Lima: Faro, 2019), 4.\n";
        let mut document = Document::new(text);
        let mut cache = Cache::new();
        let first = analyse(&document, &mut cache);
        assert!(first.works.author_dates.is_empty());

        let pages = document.text().find("), 4.").expect("fixture has pages");
        document
            .edit(pages..pages + 5, "), 5.")
            .expect("a valid edit");
        let renoted = analyse(&document, &mut cache);
        assert!(renoted.works.author_dates.is_empty());

        let at = document.text().find(" again").expect("fixture has prose");
        document.edit(at..at, " (Lo 2019)").expect("a valid edit");
        let cited = analyse(&document, &mut cache);
        let found = Some(CitationRef { note: 0, index: 0 });
        assert_eq!(cited.works.author_dates, vec![found]);
    }

    /// With the fixes deferred the findings are the same, without fixes
    /// where building them costs (a note to add for each missing one, a
    /// deletion for each unused one); asked for within a range, those that
    /// touch it are exactly what an analysis that builds them gives, before
    /// and after the bibliographies change the findings.
    #[test]
    fn deferred_fixes_are_built_on_request_as_they_would_have_been() {
        use crate::analysis::Diagnostic;
        use crate::analysis::bibliography::{Bibliographies, Bibliography};
        use crate::analysis::testgen::shapes::Shape;

        let without_fixes = |found: &[Diagnostic]| -> Vec<Diagnostic> {
            found
                .iter()
                .cloned()
                .map(|mut d| {
                    d.fix = None;
                    d
                })
                .collect()
        };
        let bibliography =
            "@book{lund2003tides, author = {Lund, Per}, title = {Tides}, year = {2003}}";
        let files = || -> Vec<Arc<Bibliography>> {
            Bibliography::parse_path(std::path::Path::new("refs.bib"), bibliography)
                .map(Arc::new)
                .into_iter()
                .collect()
        };
        let mut texts: Vec<String> = Shape::ALL
            .iter()
            .map(|shape| shape.generate(60_000, 5))
            .collect();
        texts.push(
            "Tides turn.[1] Ships wait.[3] See [@lund2003tide].\n\n\
             NOTES\n\n[1] Per Lund, *Tides* (Oslo: Fjord, 2003), 4.\n\n\
             [2] Ibid., 5.\n\n[4] Lund, *Tides*, 6.\n"
                .to_string(),
        );
        let mut deferred_findings = 0;
        let mut near_fixes = 0;
        for text in &texts {
            let document = Document::new(text.as_str());
            let mut eager = analyse(&document, &mut Cache::new());
            let mut deferred = analyse(&document, &mut Cache::deferring_fixes());
            for round in 0..2 {
                assert_eq!(
                    without_fixes(&deferred.diagnostics),
                    without_fixes(&eager.diagnostics)
                );
                deferred_findings += deferred
                    .diagnostics
                    .iter()
                    .zip(&eager.diagnostics)
                    .filter(|(d, e)| d.fix.is_none() && e.fix.is_some())
                    .count();
                // The whole text: every fix, as an eager analysis has them.
                assert_eq!(
                    &*deferred.diagnostics_with_fixes(text, 0..text.len()),
                    &eager.diagnostics[..]
                );
                // A cursor's range: the fixes of the findings that touch
                // it, and those of the others as published.
                let within = text.len() / 2..text.len() / 2 + 2_000;
                let at_cursor = deferred.diagnostics_with_fixes(text, within.clone());
                assert_eq!(at_cursor.len(), eager.diagnostics.len());
                for ((near, published), full) in at_cursor
                    .iter()
                    .zip(&deferred.diagnostics)
                    .zip(&eager.diagnostics)
                {
                    let expected = if super::super::diagnostics::touches(&near.range, &within) {
                        near_fixes += usize::from(full.fix.is_some() && published.fix.is_none());
                        full
                    } else {
                        published
                    };
                    assert_eq!(near, expected);
                }
                if round == 0 {
                    let named = Arc::new(Bibliographies::new(files(), Vec::new()));
                    eager.resolve_citations(named.clone(), text);
                    deferred.resolve_citations(named, text);
                }
            }
        }
        assert!(deferred_findings > 20, "{deferred_findings} fixes deferred");
        assert!(near_fixes > 0, "no deferred fix was built near the cursor");
    }

    /// An edited version analysed with the blocks a server's analysis kept
    /// finds what an analysis from scratch finds.
    #[test]
    fn an_edited_version_reuses_the_blocks_and_finds_the_same() {
        use crate::analysis::testgen::shapes::Shape;
        for shape in Shape::ALL {
            let text = shape.generate(60_000, 9);
            let document = Document::new(text.as_str());
            let analysis = analyse(&document, &mut Cache::deferring_fixes());
            assert!(analysis.blocks.is_some());
            let middle = text[..text.floor_char_boundary(text.len() / 2)]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            for insert in [
                "<!-- ibid-disable-next-line unused-note -->\n",
                "x",
                "[^9999]",
            ] {
                let edited = document
                    .edited(middle..middle, insert)
                    .expect("a valid edit");
                let reused = analysis.of_edited(&edited);
                let fresh = Analysis::of(&edited);
                let codes = |a: &Analysis| -> Vec<(&str, std::ops::Range<usize>, String)> {
                    a.diagnostics
                        .iter()
                        .map(|d| (d.code, d.range.clone(), d.message.clone()))
                        .collect()
                };
                assert_eq!(codes(&reused), codes(&fresh), "{} {insert:?}", shape.name());
                assert_eq!(reused.index.notes.len(), fresh.index.notes.len());
            }
        }
    }
}
