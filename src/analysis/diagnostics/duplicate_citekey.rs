//! `duplicate-citekey`: two entries of a bibliography with one key.

use super::{Diagnostic, Rule, Severity};
use crate::analysis::bibliography::{Bibliography, Problem};

pub const RULE: Rule = Rule {
    code: "duplicate-citekey",
    default_severity: Severity::Error,
    summary: "Two entries in a bibliography file share a key.",
    docs: "\
### What it finds
An entry of a bibliography file (`.bib`, CSL-JSON or CSL YAML) whose key an earlier entry of the same file already has. The finding is in the bibliography file, on the later key.

### Why it matters
Pandoc, biber and ibid use the first entry with a key; the second can never be cited, and a citation meant for it silently gets the other work. Duplicates come from merging two exports or from pasting an entry twice and editing one copy.

### Example
```bibtex
@book{whitcombe1999frozen, title = {Frozen Rivers}, year = {1999}}
@article{whitcombe1999frozen, title = {Frozen Rivers Revisited}, year = {2004}}
```

### How to fix
Give the second entry its own key (and update the citations meant for it), or delete it if it is a copy.",
};

pub(super) fn check_bibliography(bibliography: &Bibliography, out: &mut Vec<Diagnostic>) {
    for problem in &bibliography.problems {
        if let Problem::Duplicate { key, range, first } = problem {
            let line = bibliography
                .rope
                .try_byte_to_line(first.start)
                .map_or(0, |l| l + 1);
            out.push(
                Diagnostic::new(
                    &RULE,
                    range.clone(),
                    format!(
                        "key `{key}` is already used by the entry on line {line}: this entry can never be cited; give it another key or delete it"
                    ),
                )
                .related(first.clone(), format!("the first entry with key `{key}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check_bibliography_fixture;

    #[test]
    fn duplicate_citekey_on_the_later_key() {
        check_bibliography_fixture(
            "dup.json",
            r#"
            [
              {"id": "ng2010bread", "type": "book", "title": "Bread"},
              {"id": "ng2010bread", "type": "book", "title": "Bread, Again"}
                      ^^^^^^^^^^^ duplicate-citekey
            ]
            "#,
            None,
        );
    }
}
