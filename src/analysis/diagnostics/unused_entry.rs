//! `unused-entry`: a bibliography entry that no document cites.

use super::{Diagnostic, Rule, Severity};
use crate::analysis::bibliography::Bibliography;

pub const RULE: Rule = Rule {
    code: "unused-entry",
    default_severity: Severity::Warning,
    summary: "A bibliography entry that no checked document cites (off by default).",
    docs: "\
### What it finds
An entry of a bibliography file that no document using that file cites with `[@key]` or `@key`. In the editor, every notes file of the workspace counts; on the command line, the documents being checked. The finding is in the bibliography file, on the entry's key.

This rule is off by default: a bibliography exported from a reference manager usually holds a whole library, most of which one essay does not cite. Turn it on for a bibliography kept for one text (`unused-entry = \"warning\"` under `[rules]` in `ibid.toml`, or `--select unused-entry`).

### Why it matters
An entry nobody cites is either left over from a draft, or meant to be cited and forgotten: Pandoc leaves it out of the references, so the reader never sees it.

### Example
```bibtex
@book{lund2003tides, title = {Tides of the North}, year = {2003}}
```
with no `@lund2003tides` in any document.

### How to fix
Cite the entry where it belongs, or remove it from the bibliography.",
};

pub(super) fn check_bibliography(
    bibliography: &Bibliography,
    cited: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    for entry in &bibliography.entries {
        if cited(&entry.key) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE,
            entry.key_range.clone(),
            format!(
                "entry `{}` is cited by no document: cite it or remove it",
                entry.key
            ),
        );
        d.unnecessary = true;
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check_bibliography_fixture;

    #[test]
    fn unused_entry_when_switched_on() {
        check_bibliography_fixture(
            "refs.yaml",
            "
            - id: cited2001
              title: Cited
            - id: uncited2002
                  ^^^^^^^^^^^ unused-entry
              title: Not Cited
            ",
            Some(&["cited2001"]),
        );
        assert!(
            !crate::analysis::diagnostics::rule("unused-entry")
                .is_some_and(|r| r.enabled_by_default())
        );
    }
}
