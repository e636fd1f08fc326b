//! `bibliography-error`: a bibliography that cannot be read, whole or in
//! part.

use super::{Analysis, Diagnostic, Rule, Severity};
use crate::analysis::bibliography::{Bibliography, Problem};

pub const RULE: Rule = Rule {
    code: "bibliography-error",
    default_severity: Severity::Error,
    summary: "A bibliography file that is missing, or an entry in it that cannot be read.",
    docs: "\
### What it finds
A bibliography named in a document's front matter that does not exist or cannot be read (reported on the name in the front matter), and, in a bibliography file, an entry that cannot be read: an unclosed brace or quotation mark, an entry with no key, an `@string` abbreviation that is not defined, a CSL-JSON or CSL YAML item that is not valid or has no `id` (reported on the entry's line in the bibliography file). The rest of the file is still read.

### Why it matters
An entry that cannot be read is not in the bibliography: every citation of it is unknown, and Pandoc stops at the same error or drops the entry. A missing file makes every citation of the document unknown.

### Example
```bibtex
@book{whitcombe1999frozen,
  title = {Frozen Rivers,
  year = {1999}
}
```

### How to fix
Close the brace, add the key or the `id`, define the abbreviation; for a missing file, correct the path (it is relative to the document).",
};

pub(super) fn check(analysis: &Analysis, _text: &str, out: &mut Vec<Diagnostic>) {
    for missing in &analysis.bibliographies.missing {
        let Some(range) = &missing.range else {
            continue;
        };
        out.push(Diagnostic::new(
            &RULE,
            range.clone(),
            format!(
                "bibliography `{}` cannot be read: {}; citations of this document are resolved without it",
                missing.path, missing.reason
            ),
        ));
    }
}

pub(super) fn check_bibliography(bibliography: &Bibliography, out: &mut Vec<Diagnostic>) {
    for problem in &bibliography.problems {
        if let Problem::Malformed { range, message } = problem {
            out.push(Diagnostic::new(&RULE, range.clone(), message.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;
    use crate::analysis::diagnostics::test_support::{actual, check_bibliography_fixture};

    #[test]
    fn bibliography_error_names_the_missing_file_in_front_matter() {
        use crate::analysis::bibliography::{Bibliographies, Missing};
        use std::sync::Arc;
        let text = "---\nbibliography: gone.bib\n---\nSee [@a].\n";
        let mut analysis = analyze(text);
        let at = text.find("gone.bib").unwrap_or_default();
        let missing = Missing {
            path: "gone.bib".to_string(),
            range: Some(at..at + 8),
            reason: "no such file".to_string(),
        };
        analysis.resolve_citations(
            Arc::new(Bibliographies::new(Vec::new(), vec![missing])),
            text,
        );
        assert_eq!(
            actual(&analysis),
            vec![(at..at + 8, "bibliography-error".to_string())]
        );
    }

    #[test]
    fn bibliography_error_for_an_unclosed_brace_and_a_missing_key() {
        check_bibliography_fixture(
            "broken.bib",
            "
            @book{open2001,
            ^^^^^^^^^^^^^^^ bibliography-error
              title = {Salt Roads,
              year = {2001}
            }
            @book{title = {No Key}}
                        ^ bibliography-error
            @book{fine2002, title = {Fine}, year = {2002}}
            ",
            None,
        );
    }
}
