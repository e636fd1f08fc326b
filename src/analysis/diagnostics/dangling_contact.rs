//! `dangling-contact`: a line that gives a way to reach someone, but no
//! address.

use super::{Analysis, Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "dangling-contact",
    default_severity: Severity::Warning,
    summary: "A contact line whose address was lost (`… can be reached at`).",
    docs: "\
### What it finds
A line that ends by offering an address that is not there: `The author can be reached at`, `Contact:`, `Email:`.

### Why it matters
E-mail addresses are often links on the page they were copied from, and links are what pasting loses first. The sentence now promises something it does not give.

### Example
```text
Mira Olsen can be reached at
```

### How to fix
Put the address back, or delete the line.",
};

pub(super) fn check(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    for block in &analysis.index.prose {
        for range in &block.dangling_contacts {
            let Some(phrase) = text.get(range.clone()) else {
                continue;
            };
            out.push(Diagnostic::new(
                &RULE,
                range.clone(),
                format!("“{phrase}” is followed by no address: add it or delete the line"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    #[test]
    fn dangling_contact_without_an_address() {
        check(
            "
            The beekeeper spoke to us about winter losses.

            Mira Olsen can be reached at
                       ^^^^^^^^^^^^^^^^^ dangling-contact

            Email:
            ^^^^^^ dangling-contact
            ",
        );
    }

    #[test]
    fn dangling_contact_not_when_the_address_is_there() {
        check(
            "
            Mira Olsen can be reached at mira@example.org.

            Email: mira@example.org

            Reach the keeper at the harbour office on Mondays.
            ",
        );
    }
}
