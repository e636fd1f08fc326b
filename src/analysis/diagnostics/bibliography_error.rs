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
An entry that cannot be read is not in the bibliography: every citation of it is unknown, and Pandoc stops at the same error or drops the entry. A missing file makes every citation of the document unknown. A file that a code chunk of the document writes when it is built (`knitr::write_bib(…, \"packages.bib\")`, as bookdown books do) is not reported missing.

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

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    for missing in &analysis.bibliographies.missing {
        let Some(range) = &missing.range else {
            continue;
        };
        if written_by_a_chunk(text, &missing.path) {
            continue;
        }
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

/// Whether a code chunk of the document writes the bibliography when it
/// is built (`knitr::write_bib(c("knitr"), "packages.bib")`, as bookdown's
/// books do): it is missing until then, and no mistake.
fn written_by_a_chunk(text: &str, path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    text.match_indices("write_bib(").any(|(at, call)| {
        let from = at + call.len();
        let mut end = (from + 500).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[from..end].contains(name)
    })
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
    use crate::analysis::diagnostics::test_support::{
        actual, analyze_with_missing, check_bibliography_fixture,
    };

    #[test]
    fn bibliography_error_names_the_missing_file_in_front_matter() {
        let text = "---\nbibliography: gone.bib\n---\nSee [@a].\n";
        let analysis = analyze_with_missing(text, &[], "gone.bib");
        let at = text.find("gone.bib").unwrap_or_default();
        assert_eq!(
            actual(&analysis),
            vec![(at..at + 8, "bibliography-error".to_string())]
        );
    }

    /// A bibliography that a chunk of the document writes at build time is
    /// missing until then.
    #[test]
    fn no_bibliography_error_for_a_file_a_chunk_writes() {
        let text = "---\nbibliography: [book.bib, packages.bib]\n---\n\n```{r include=FALSE}\nknitr::write_bib(c(\n  'knitr', 'bookdown'\n), 'packages.bib')\n```\n\nSee [@R-knitr].\n";
        let analysis = analyze_with_missing(text, &[], "packages.bib");
        assert_eq!(actual(&analysis), vec![]);
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
