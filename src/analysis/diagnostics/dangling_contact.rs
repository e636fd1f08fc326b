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
    let mut front: Option<usize> = None;
    for block in &analysis.index.prose {
        for range in &block.dangling_contacts {
            let Some(phrase) = text.get(range.clone()) else {
                continue;
            };
            // A `Contact:` key of YAML front matter has its value on the
            // lines below it.
            let front_end = *front.get_or_insert_with(|| {
                crate::analysis::front_matter::range(text).map_or(0, |r| r.end)
            });
            if range.start < front_end || address_follows(&text[range.end..]) {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE,
                range.clone(),
                format!("“{phrase}” is followed by no address: add it or delete the line"),
            ));
        }
    }
}

/// Whether the block after a contact line gives the address: an image
/// (an address drawn to keep it from spammers), a link or an HTML element,
/// or a line that holds an address.
fn address_follows(after: &str) -> bool {
    let mut lines = after.split_inclusive('\n');
    // The rest of the contact's own line.
    lines.next();
    let Some(next) = lines.find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let next = next
        .trim_start_matches([' ', '\t', '>', '-', '*'])
        .trim_start();
    let link = next.starts_with('[') && next.contains("](");
    let element = next.starts_with('<') && !next.starts_with("<!--");
    let has_address = |line: &str| {
        line.split_whitespace().any(|word| {
            word.find('@')
                .is_some_and(|at| at > 0 && word[at + 1..].contains('.'))
        })
    };
    // A converter that sets each line of a title page apart puts the name
    // first and the address below it (`*Correspondence:`, `Guocheng Du`,
    // `gcdu@…`).
    let name_then_address = next.split_whitespace().count() <= 6
        && lines
            .find(|l| !l.trim().is_empty())
            .is_some_and(has_address);
    link || element || next.starts_with("![") || has_address(next) || name_then_address
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::check;

    /// The name on one line and the address on the next, each a block
    /// of its own, as a converter sets a title page.
    #[test]
    fn no_dangling_contact_with_a_name_and_then_an_address() {
        check(
            "
            A study of yeast.

            *Correspondence:

            Guocheng Du

            gdu@example.edu.cn
            ",
        );
    }

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

            Contact me at:

            <img class=\"mail\" src=\"mail.png\" alt=\"my address\"/>

            Write to us at:

            - keeper@example.org
            ",
        );
        // Front matter's keys have their values below them.
        check(
            "
            ---
            title: Tides
            Contact:
              - office@example.org
            ---

            Tides rise twice a day.
            ",
        );
    }
}
