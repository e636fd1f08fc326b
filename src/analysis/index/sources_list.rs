//! A list of sources copied as plain text: a `Works cited` line and one
//! line per source, with no numbers, inside a paragraph (an AI research
//! report pasted from the browser loses its list's numbers and its blank
//! lines). The n-th line is source n, which the numbers glued to the text
//! cite.

use std::ops::Range;

/// Headings of the lists that AI research tools append, in the languages
/// they write (compared in lower case, without a final colon).
const HEADINGS: &[&str] = &[
    "works cited",
    "sources",
    "sources cited",
    "citations",
    "references",
    "bibliography",
    "obras citadas",
    "trabajos citados",
    "fuentes",
    "referencias",
    "obres citades",
    "ouvrages cités",
    "sources citées",
    "sources des citations",
    "références",
    "zitierte werke",
    "quellen",
    "quellenangaben",
    "opere citate",
    "fonti",
    "geciteerde werken",
    "bronnen",
    "trabalhos citados",
    "referências",
    "referências citadas",
    "fontes",
    "fontes citadas",
    "引用文献",
    "参考文献",
    "參考文獻",
    "引用的著作",
    "인용된 저작물",
    "참고 문헌",
    "nguồn trích dẫn",
    "tài liệu tham khảo",
    "источники",
    "цитируемые работы",
];

/// Words that say when a web source was read.
const ACCESSED: &[&str] = &[
    "accessed",
    "retrieved",
    "consultado",
    "consulté",
    "abgerufen",
    "accesso",
    "acessado",
    "visitado",
    "访问",
    "アクセス",
    "접근",
    "truy cập",
    "дата обращения",
];

/// An unnumbered list found in a paragraph: its heading line and its
/// entries, as ranges relative to the paragraph.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SourcesList {
    pub(crate) heading: Range<usize>,
    pub(crate) entries: Vec<Range<usize>>,
}

/// The list in `paragraph`, if a line of it is a sources heading followed
/// by at least two lines, most of which read as web sources (a link or an
/// access date). Only the last such heading counts: the list ends the
/// report.
pub(crate) fn find(paragraph: &str) -> Option<SourcesList> {
    // Cheap refusal for the paragraphs of every other document: one line,
    // or no line short enough to be the heading.
    if !paragraph.contains('\n') {
        return None;
    }
    let mut lines = Vec::new();
    let mut at = 0;
    for line in paragraph.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lines.push(at..at + body.len());
        at += line.len();
    }
    let heading = lines
        .iter()
        .rposition(|r| is_heading(&paragraph[r.clone()]))?;
    let entries: Vec<Range<usize>> = lines[heading + 1..]
        .iter()
        .filter(|r| !paragraph[(*r).clone()].trim().is_empty())
        .map(|r| {
            let line = &paragraph[r.clone()];
            let lead = line.len() - line.trim_start().len();
            r.start + lead..r.start + line.trim_end().len()
        })
        .collect();
    let sourced = entries
        .iter()
        .filter(|r| {
            let line = &paragraph[(*r).clone()];
            line.contains("://") || has_access_word(line)
        })
        .count();
    (entries.len() >= 2 && sourced * 3 >= entries.len() * 2).then(|| SourcesList {
        heading: lines[heading].clone(),
        entries,
    })
}

fn is_heading(line: &str) -> bool {
    if line.len() > 48 {
        return false;
    }
    let line = line
        .trim()
        .trim_end_matches([':', '：'])
        .trim_end()
        .to_lowercase();
    HEADINGS.iter().any(|h| line == *h)
}

fn has_access_word(text: &str) -> bool {
    let lower = text.to_lowercase();
    ACCESSED.iter().any(|w| lower.contains(w))
}

/// The links in `line` (`http://…`, `https://…` up to white space), as
/// ranges in it.
pub(crate) fn links(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = line[from..].find("http") {
        let start = from + i;
        let rest = &line[start..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(start..start + len);
            from = start + len;
        } else {
            from = start + "http".len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{SourcesList, find, links};

    #[test]
    fn a_works_cited_line_and_its_sources() {
        let text = "The cluster boots in minutes.\nWorks cited\nGPU guide, accessed July 29, 2025, https://a.example/g\naccessed January 1, 1970,\n";
        let list = find(text).expect("a list");
        assert_eq!(&text[list.heading.clone()], "Works cited");
        let entries: Vec<&str> = list.entries.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            entries,
            [
                "GPU guide, accessed July 29, 2025, https://a.example/g",
                "accessed January 1, 1970,"
            ]
        );
    }

    #[test]
    fn no_list_without_sources_or_with_one_line() {
        assert_eq!(
            find("Sources\nThe team and its notebooks.\nMore prose here.\n"),
            None
        );
        assert_eq!(find("Works cited\nGPU guide, https://a.example/g\n"), None);
        assert_eq!(
            find("One line with https://a.example only."),
            None::<SourcesList>
        );
    }

    #[test]
    fn links_run_to_white_space() {
        let line = "Guide, https://a.example/g?x=1 and http://b.example.";
        let found: Vec<&str> = links(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(found, ["https://a.example/g?x=1", "http://b.example."]);
    }
}
