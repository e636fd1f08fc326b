//! `unknown-citekey`: a Pandoc citation whose key no bibliography has.

use super::{Analysis, Diagnostic, Rule, Severity, TextEdit};
use crate::analysis::bibliography::Bibliographies;

pub const RULE: Rule = Rule {
    code: "unknown-citekey",
    default_severity: Severity::Error,
    summary: "A Pandoc citation (`[@key]`, `@key`) whose key is in no bibliography.",
    docs: "\
### What it finds
A citation key, in brackets (`[@key]`, `[see @a; @b, p. 4]`, `[-@key]`) or in running text (`@key`), that none of the document's bibliographies defines. The bibliographies are those named by the document's YAML front matter (`bibliography:`), else by `ibid.toml` (`bibliography = [...]`), else every bibliography file found in the workspace.

Known without an entry: works the front matter lists itself (`references:`), keys the document defines as Manubot does (`[@review]: doi:10.1098/…`), keys that name a work by an identifier a build tool looks up (`@doi:…`, `@pmid:…`, `@arxiv:…`, `@isbn:…`, `@https://doi.org/…`), a key behind a filter's property prefix (`@cites_as_evidence:key`), and an R package's key (`@R-knitr`) while no bibliography holds any: `knitr::write_bib` writes them when the book is built. When a named bibliography cannot be read, no key is reported: `bibliography-error` says why, once. Bibliographies found by the search that hold none of three or more keys the document cites are taken for other documents'; there only a key a letter or two from an entry is reported.

### Why it matters
Pandoc prints an unresolved key as `???` or as the bare key: the claim loses its source in the finished text, and nothing stops the build. A key is usually unknown because it was mistyped, or because the entry was never exported from the reference manager.

### Example
```text
---
bibliography: refs.bib
---
The ice broke early [@whitcombe1999frozn, p. 33].
```

### How to fix
Correct the key (the quick fix offers the closest key in the bibliography), or add the entry to the bibliography.",
};

/// How many unknown keys get a suggestion: looking for the closest key is a
/// pass over the whole bibliography, and a document that cites nothing
/// known (the wrong bibliography) gains nothing from hundreds of guesses.
const SUGGESTIONS: usize = 32;

/// The largest edit distance at which a key is offered as a correction.
const MAX_DISTANCE: usize = 2;

pub(super) fn check(analysis: &Analysis, _text: &str, out: &mut Vec<Diagnostic>) {
    let bibliographies = &analysis.bibliographies;
    // A named bibliography that could not be read (one a build writes,
    // such as R Markdown's `packages.bib`) may hold any key: its
    // `bibliography-error` says so once, and no key is blamed for it.
    if bibliographies.is_empty() || !bibliographies.missing.is_empty() {
        return;
    }
    let names: Vec<String> = bibliographies
        .files
        .iter()
        .map(|f| {
            f.path.file_name().map_or_else(
                || f.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let strangers = !bibliographies.named && cites_none_of_them(analysis);
    let mut package_keys: Option<bool> = None;
    let mut suggested = 0;
    for cite in &analysis.cites {
        if bibliographies.lookup(&cite.key).is_some() || known_elsewhere(bibliographies, &cite.key)
        {
            continue;
        }
        if cite.key.starts_with("R-")
            && *package_keys.get_or_insert_with(|| !holds_package_keys(bibliographies))
        {
            continue;
        }
        // Among strangers only a near miss is reported: its correction is
        // looked for once.
        let near = match strangers.then(|| closest(bibliographies, &cite.key)) {
            Some(None) => continue,
            Some(near) => near,
            None => None,
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            cite.range.clone(),
            format!(
                "citation key `@{}` is in no bibliography ({}): correct the key or add the entry",
                cite.key,
                names.join(", ")
            ),
        );
        if suggested < SUGGESTIONS {
            suggested += 1;
            if let Some(close) = near.or_else(|| closest(bibliographies, &cite.key)) {
                diagnostic.message = format!(
                    "citation key `@{}` is in no bibliography ({}); did you mean `@{close}`?",
                    cite.key,
                    names.join(", ")
                );
                diagnostic = diagnostic.unsafe_fix(
                    format!("Cite `@{close}`"),
                    vec![TextEdit {
                        range: cite.key_range.clone(),
                        new_text: close,
                    }],
                );
            }
        }
        out.push(diagnostic);
    }
}

/// The prefixes of keys that name a work by a persistent identifier,
/// whose data a build tool fetches (Manubot's `@doi:…`, `@pmid:…`;
/// doi2cite's `@https://doi.org/…`): no bibliography is meant to hold them.
const IDENTIFIER_PREFIXES: &[&str] = &[
    "doi:",
    "doi.org/",
    "pmc:",
    "pmcid:",
    "pmid:",
    "pubmed:",
    "arxiv:",
    "isbn:",
    "wikidata:",
    "url:",
    "http:",
    "https:",
    "tag:",
];

/// Whether `key` is known without being an entry: a persistent identifier,
/// a work the front matter lists, or a key behind a property prefix that
/// a filter strips (the cito filter's `@cites_as_evidence:key`).
fn known_elsewhere(bibliographies: &Bibliographies, key: &str) -> bool {
    let identifier = IDENTIFIER_PREFIXES.iter().any(|prefix| {
        key.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    });
    identifier
        || bibliographies.inline.iter().any(|k| k == key)
        || key.split_once(':').is_some_and(|(property, rest)| {
            property
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_')
                && bibliographies.lookup(rest).is_some()
        })
}

/// Whether any bibliography holds an entry for an R package (`R-knitr`),
/// as the file that `knitr::write_bib` writes when the book is built does:
/// where none does, that file is not there yet, and an `@R-…` key is
/// waiting for it rather than mistyped.
fn holds_package_keys(bibliographies: &Bibliographies) -> bool {
    bibliographies
        .files
        .iter()
        .any(|file| file.entries.iter().any(|e| e.key.starts_with("R-")))
}

/// Whether bibliographies that a search found (the document names none)
/// are strangers to it: it cites several keys and they hold not one. They
/// are then another document's, and its keys live in a library the search
/// cannot see (a reference manager's export elsewhere): reporting each key
/// would flood the document with errors. A key that is a typing slip away
/// from an entry is still reported, since that entry says the bibliography
/// may be the document's after all.
fn cites_none_of_them(analysis: &Analysis) -> bool {
    let mut keys: Vec<&str> = Vec::new();
    for cite in &analysis.cites {
        if analysis.bibliographies.lookup(&cite.key).is_some() {
            return false;
        }
        if keys.len() < STRANGER_KEYS && !keys.contains(&&*cite.key) {
            keys.push(&cite.key);
        }
    }
    keys.len() >= STRANGER_KEYS
}

/// How many distinct keys, none found, make a searched bibliography a
/// stranger: one or two unknown keys are as likely slips as a wrong file.
const STRANGER_KEYS: usize = 3;

/// The key nearest to `key` by edit distance, if it is near enough and the
/// only one that near.
fn closest(bibliographies: &Bibliographies, key: &str) -> Option<String> {
    let lower = key.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for file in &bibliographies.files {
        for entry in &file.entries {
            let candidate = &*entry.key;
            if candidate.len().abs_diff(key.len()) > MAX_DISTANCE {
                continue;
            }
            let d = distance(&lower, &candidate.to_lowercase());
            match best {
                Some((b, _)) if d > b => {}
                Some((b, other)) if d == b => tie |= other != candidate,
                _ => {
                    best = Some((d, candidate));
                    tie = false;
                }
            }
        }
    }
    let (d, candidate) = best?;
    (d <= MAX_DISTANCE && !tie).then(|| candidate.to_string())
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(previous + usize::from(ca != cb));
            previous = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::apply_edits;
    use crate::analysis::diagnostics::test_support::{
        SMALL_BIB, analyze_with_missing, check, check_with_bibliographies,
        check_with_found_bibliographies,
    };
    #[test]
    fn edit_distance() {
        assert_eq!(super::distance("frozn", "frozen"), 1);
        assert_eq!(super::distance("abc", "abc"), 0);
        assert_eq!(super::distance("", "ab"), 2);
    }

    #[test]
    fn unknown_citekey_in_brackets_in_text_and_with_a_close_key() {
        let (text, analysis) = check_with_bibliographies(
            "
            “Ice” 🧊 broke [@whitcombe1999frozen, p. 33; @nobody2000] and @lund2003tide said so.
                                                        ^^^^^^^^^^^ unknown-citekey
                                                                         ^^^^^^^^^^^^^ unknown-citekey
            ",
            &[("refs.bib", SMALL_BIB)],
        );
        let close = analysis
            .diagnostics
            .iter()
            .find(|d| d.message.contains("lund2003tide`"))
            .expect("the close key's diagnostic");
        assert!(
            close.message.contains("did you mean `@lund2003tides`?"),
            "{}",
            close.message
        );
        let fix = close.fix.as_ref().expect("a fix");
        assert!(apply_edits(&text, &fix.edits).contains("@lund2003tides said"));
    }

    /// Bibliographies found by a search that hold none of several keys are
    /// another document's: only a near miss is reported. One that holds a
    /// key is the document's, and every unknown key is reported.
    #[test]
    fn a_found_bibliography_that_holds_none_of_the_keys_is_a_strangers() {
        check_with_found_bibliographies(
            "
            Ice [@amundsen1912; @scott1913] and tides [@lund2003tide] and [@nansen1897].
                                                       ^^^^^^^^^^^^^ unknown-citekey
            ",
            &[("refs.bib", SMALL_BIB)],
        );
        check_with_found_bibliographies(
            "
            Ice [@amundsen1912; @scott1913] and tides [@lund2003tides].
                 ^^^^^^^^^^^^^ unknown-citekey
                                ^^^^^^^^^^ unknown-citekey
            ",
            &[("refs.bib", SMALL_BIB)],
        );
        // Two unknown keys may be slips, in a found bibliography too.
        check_with_found_bibliographies(
            "
            Ice [@amundsen1912; @scott1913].
                 ^^^^^^^^^^^^^ unknown-citekey
                                ^^^^^^^^^^ unknown-citekey
            ",
            &[("refs.bib", SMALL_BIB)],
        );
        // Named, the bibliography is the document's whatever it holds.
        check_with_bibliographies(
            "
            Ice [@amundsen1912; @scott1913] and [@nansen1897].
                 ^^^^^^^^^^^^^ unknown-citekey
                                ^^^^^^^^^^ unknown-citekey
                                                 ^^^^^^^^^^^ unknown-citekey
            ",
            &[("refs.bib", SMALL_BIB)],
        );
    }

    /// Keys a build tool resolves, or the document defines, are no
    /// bibliography's business.
    #[test]
    fn identifiers_aliases_listed_works_and_property_prefixes_are_known() {
        // R packages, whose entries a build writes: none is there yet.
        check_with_bibliographies(
            "
            Knitted with [@R-knitr] and [@R-base; @lund2003tides].
            ",
            &[("refs.bib", SMALL_BIB)],
        );
        check_with_bibliographies(
            "
            Knitted with [@R-knitr] and [@R-bsae].
                                         ^^^^^^^ unknown-citekey
            ",
            &[
                ("refs.bib", SMALL_BIB),
                ("packages.bib", "@Manual{R-knitr, title = {knitr}}"),
            ],
        );
        check_with_bibliographies(
            "
            Ice [@doi:10.1000/xyz1; @PMID:12345; @https://doi.org/10.1000/a; @ice-review].
            Tides [@cites_as_evidence:lund2003tides] and [@cites_as_evidence:lund2003tidez].
                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unknown-citekey

            [@ice-review]: doi:10.1000/abc9
            ",
            &[("refs.bib", SMALL_BIB)],
        );
    }

    /// A named bibliography that is missing (a build writes it) may hold any
    /// key: none is reported.
    #[test]
    fn no_key_is_blamed_for_a_missing_bibliography() {
        let text = "Knitted with [@R-knitr] as in [@nobody2000].\n";
        let analysis = analyze_with_missing(text, &[("refs.bib", SMALL_BIB)], "packages.bib");
        let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, Vec::<&str>::new());
    }

    #[test]
    fn unknown_citekey_is_not_reported_without_a_bibliography() {
        check("See [@anything] and @else.\n");
    }
}
