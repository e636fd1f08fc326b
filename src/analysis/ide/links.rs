//! Document links: URLs, DOIs, e-mail addresses, and the destinations of
//! Markdown links.

use super::format::link_target;
use super::{Link, Snapshot};
use crate::analysis::syntax::kinds;

pub(super) fn document_links(snapshot: Snapshot<'_>) -> Vec<Link> {
    let text = snapshot.text();
    let mut links = Vec::new();
    for node in snapshot.document.tree().preorder() {
        let range = node.start_byte()..node.end_byte();
        let Some(raw) = text.get(range.clone()) else {
            continue;
        };
        match kinds::of(&node) {
            kinds::URL | kinds::DOI => {
                // `<http://…>`: the link is what the brackets hold.
                let (range, raw) = match raw.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
                    Some(inner) => (range.start + 1..range.end - 1, inner),
                    None => (range, raw),
                };
                if let Some(target) = link_target(raw) {
                    links.push(Link { range, target });
                }
            }
            kinds::EMAIL => {
                let address = raw.trim_start_matches("mailto:");
                links.push(Link {
                    range,
                    target: format!("mailto:{address}"),
                });
            }
            kinds::LINK => {
                // `[text](destination)`: the destination, unless a child
                // `url` node already gives it.
                let mut cursor = node.walk();
                if node
                    .named_children(&mut cursor)
                    .any(|c| matches!(kinds::of(&c), kinds::URL | kinds::DOI))
                {
                    continue;
                }
                let Some(open) = raw.find("](") else { continue };
                let start = open + 2;
                let Some(len) = raw[start..].find(')') else {
                    continue;
                };
                let destination = raw[start..start + len].trim();
                let lead = raw[start..].len() - raw[start..].trim_start().len();
                let from = range.start + start + lead;
                if destination.starts_with('#') || destination.is_empty() {
                    continue;
                }
                if let Some(target) = link_target(destination) {
                    links.push(Link {
                        range: from..from + destination.len(),
                        target,
                    });
                }
            }
            _ => {}
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::{Fixture, annotate, with_snapshot};

    /// The fixture marks each link with `^^^ target`.
    fn check(fixture: &str) {
        let f = Fixture::parse(fixture);
        let found = with_snapshot(&f.text, super::document_links);
        let ranges: Vec<_> = found.into_iter().map(|l| (l.range, l.target)).collect();
        assert_eq!(annotate(&f.text, &ranges), f.annotated);
    }

    #[test]
    fn urls_dois_addresses_and_markdown_links() {
        check(
            r#"
            “Write” 🙂 to ana@example.org or see <https://example.org/a>.
                         ^^^^^^^^^^^^^^^ mailto:ana@example.org
                                                 ^^^^^^^^^^^^^^^^^^^^^ https://example.org/a
            Also doi:10.1234/xyz and [the site](https://example.org/x).
                 ^^^^^^^^^^^^^^^ https://doi.org/10.1234/xyz
                                                ^^^^^^^^^^^^^^^^^^^^^ https://example.org/x
            "#,
        );
    }
}
