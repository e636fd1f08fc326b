//! YAML front matter, as Pandoc reads it: a block between a `---` line at
//! the very start of a document and a closing `---` or `...` line. Only the
//! `bibliography` key means something to ibid: the files (a string or a
//! list, relative to the document) its citations are resolved against,
//! and `references`, works listed in the front matter itself.

use std::ops::Range;

/// The front matter of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing line.
    pub range: Range<usize>,
    /// Each bibliography path as written, and where it is written.
    pub bibliography: Vec<(String, Range<usize>)>,
    /// The `id` of each work in `references`, which Pandoc cites as it
    /// does a bibliography's.
    pub references: Vec<String>,
}

/// Where the front matter is, without reading its YAML: the whole block,
/// and the YAML between its delimiters.
fn delimit(text: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let first_end = body.find('\n')?;
    if body[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = bom + first_end + 1;
    // As Pandoc reads it: a `---` followed by a blank line is a thematic
    // break, not the start of a metadata block.
    if text
        .get(yaml_start..)
        .and_then(|rest| rest.lines().next())
        .is_none_or(|line| line.trim().is_empty())
    {
        return None;
    }
    let mut at = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let content = line.trim_end();
        if content == "---" || content == "..." || opens_a_kramdown_section(content) {
            return Some((bom..at + line.len(), yaml_start..at));
        }
        at += line.len();
    }
    None
}

/// Whether a line is kramdown-rfc's `--- abstract` (or `--- middle`,
/// `--- note_Discussion`), which ends an Internet-Draft's YAML header and
/// opens a part of the draft.
fn opens_a_kramdown_section(line: &str) -> bool {
    line.strip_prefix("--- ").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

/// The range of the front matter block, if the document has one; cheap
/// enough to ask on every analysis.
pub fn range(text: &str) -> Option<Range<usize>> {
    delimit(text).map(|(block, _)| block)
}

/// Reads the front matter of `text`, if it has one that is valid YAML.
pub fn read(text: &str) -> Option<FrontMatter> {
    let (block, yaml_range) = delimit(text)?;
    let (yaml_start, yaml_end, bom, end) =
        (yaml_range.start, yaml_range.end, block.start, block.end);
    let yaml = &text[yaml_start..yaml_end];
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml)
        .ok()
        .or_else(|| serde_yaml_ng::from_str(&without_repeated_keys(yaml)?).ok())?;
    let paths: Vec<String> = match value.get("bibliography") {
        Some(serde_yaml_ng::Value::String(s)) => vec![s.clone()],
        Some(serde_yaml_ng::Value::Sequence(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let references = match value.get("references") {
        Some(serde_yaml_ng::Value::Sequence(items)) => items
            .iter()
            .filter_map(|item| match item.get("id")? {
                serde_yaml_ng::Value::String(id) => Some(id.clone()),
                serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    // Where each path is written: after the `bibliography` key, in order.
    let key_at = yaml
        .match_indices("bibliography")
        .find(|(i, _)| *i == 0 || yaml[..*i].ends_with('\n'))
        .map_or(0, |(i, _)| i);
    let mut search = key_at;
    let bibliography = paths
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|path| {
            let range = match yaml[search..].find(path.as_str()) {
                Some(i) => {
                    let start = yaml_start + search + i;
                    search += i + path.len();
                    start..start + path.len()
                }
                None => yaml_start + key_at..yaml_start + key_at + "bibliography".len(),
            };
            (path, range)
        })
        .collect();
    Some(FrontMatter {
        range: bom..end,
        bibliography,
        references,
    })
}

/// `yaml` without the top-level keys that repeat an earlier one (and the
/// lines under them), or `None` if none repeats. Templates repeat keys
/// (`monofont:` under two headings); Pandoc takes such a block, where a
/// strict reader refuses it whole.
fn without_repeated_keys(yaml: &str) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(yaml.len());
    let mut skipping = false;
    let mut repeated = false;
    for line in yaml.split_inclusive('\n') {
        let top = line.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if top {
            let key = line.split(':').next().unwrap_or("").trim_end();
            skipping = seen.contains(&key);
            repeated |= skipping;
            if !skipping {
                seen.push(key);
            }
        } else if skipping && !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    repeated.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_path_or_a_list_with_their_places() {
        let text = "---\ntitle: Ice\nbibliography: refs.bib\n---\nBody.\n";
        let fm = read(text).expect("front matter");
        assert_eq!(fm.bibliography.len(), 1);
        let (path, range) = &fm.bibliography[0];
        assert_eq!(path, "refs.bib");
        assert_eq!(&text[range.clone()], "refs.bib");

        let text = "---\nbibliography:\n  - a.bib\n  - \"more/b.json\"\n...\n";
        let fm = read(text).expect("front matter");
        let paths: Vec<&str> = fm
            .bibliography
            .iter()
            .map(|(p, r)| {
                assert_eq!(&text[r.clone()], p);
                p.as_str()
            })
            .collect();
        assert_eq!(paths, ["a.bib", "more/b.json"]);
    }

    #[test]
    fn the_ids_of_references_listed_in_the_front_matter() {
        let text = "---\nbibliography: refs.bib\nreferences:\n  - id: harbor1921\n    type: book\n  - title: No id\n  - id: 1999\n---\nBody.\n";
        let fm = read(text).expect("front matter");
        assert_eq!(fm.references, ["harbor1921", "1999"]);
    }

    /// A key written twice, as templates do, does not hide the rest.
    #[test]
    fn a_repeated_key_does_not_hide_the_bibliography() {
        let text = "---\nmonofont:\nbibliography: refs.bib\nreferences:\n  - id: un1948\nmonofont: # for code\n---\nBody.\n";
        let fm = read(text).expect("front matter");
        assert_eq!(fm.bibliography[0].0, "refs.bib");
        assert_eq!(fm.references, ["un1948"]);
    }

    /// kramdown-rfc ends an Internet-Draft's header by opening its
    /// abstract.
    #[test]
    fn an_internet_drafts_header_ends_at_its_abstract() {
        let text = "---\ntitle: Tides\n--- abstract\n\nThe tide.\n";
        assert_eq!(range(text), Some(0..30));
        assert_eq!(range("---\ntitle: Tides\n--- not a section\n"), None);
    }

    #[test]
    fn no_front_matter_unclosed_or_invalid_yaml() {
        assert_eq!(read("Title\n---\nbibliography: a.bib\n---\n"), None);
        assert_eq!(read("---\nbibliography: a.bib\n"), None);
        // A rule and a blank line open no metadata block (Pandoc's rule).
        assert_eq!(read("---\n\nbibliography: a.bib\n---\n"), None);
        assert_eq!(read("---\nbibliography: [a.bib\n---\n"), None);
        let fm = read("---\ntitle: x\n---\n").expect("front matter");
        assert!(fm.bibliography.is_empty());
    }
}
