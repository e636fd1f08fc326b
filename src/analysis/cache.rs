//! What the analysis keeps between runs of the same document so that an
//! edit costs what it changed. Each memo belongs to the step that fills it
//! (the parts of blocks and the last layout to the index, the last
//! resolution to the works); this is only where a front end holds them.

use std::sync::Arc;

use super::index::Index;
use super::index::layout::Layout;
use super::works::{Works, memo};

/// Work carried from one analysis of a document to the next.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    layout: Layout,
    works: memo::Memo,
}

impl Cache {
    pub fn new() -> Self {
        Cache::default()
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
}
