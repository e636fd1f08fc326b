//! How the features write about citations: a citation as Markdown, a short
//! attribution (`Mearsheimer 2001`), a one-line preview, a short form, and
//! the target of a URL or DOI.

use crate::analysis::citations::{Author, Citation, CitationKind, Field, LostUrl, TitleStyle};
use crate::analysis::index::{Index, NoteId};
use crate::analysis::works::{self, CitationRef, Works};

/// The most characters of a one-line preview.
const PREVIEW_CHARS: usize = 60;
/// The most words of a short title, as Chicago's short forms have them.
const SHORT_TITLE_WORDS: usize = 4;

/// White space collapsed to single spaces (note bodies wrap).
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters of `text` on one line, ending in `…` if cut.
pub(super) fn truncate(text: &str, max: usize) -> String {
    let text = collapse(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// `text` with the characters that Markdown would read as syntax escaped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in collapse(text).chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The surname of an author as written (`Mearsheimer` for `John J.
/// Mearsheimer`, `de Vries` for `Anna de Vries`); an organisation's whole name.
pub(super) fn surname(author: &Author) -> String {
    let name = author.name.trim();
    if let Some((before, _)) = name.split_once(',') {
        // `Mearsheimer, John J.`: inverted.
        return before.trim().to_string();
    }
    // `International Monetary Fund (IMF)`: the abbreviation is an alias.
    let base = match name.rfind(" (") {
        Some(at) if name.ends_with(')') => &name[..at],
        _ => name,
    };
    let words: Vec<&str> = base.split_whitespace().collect();
    let key_words = author
        .keys
        .first()
        .map_or(1, |k| k.split_whitespace().count())
        .clamp(1, words.len().max(1));
    words[words.len().saturating_sub(key_words)..].join(" ")
}

/// `Mearsheimer`, `Charap and Priebe`, `Lo et al.`: the authors as a short
/// attribution names them.
pub(super) fn surnames(c: &Citation) -> Option<String> {
    match c.authors.as_slice() {
        [] => None,
        [one] if !c.et_al => Some(surname(one)),
        [one, two] if !c.et_al => Some(format!("{} and {}", surname(one), surname(two))),
        [first, ..] => Some(format!("{} et al.", surname(first))),
    }
}

/// A title cut to its first words, before any subtitle.
pub(super) fn short_title(title: &str) -> String {
    let title = collapse(title);
    let main = title
        .split_once(": ")
        .map_or(title.as_str(), |(main, _)| main)
        .trim_end_matches(['.', ',', ':', ';', ' ']);
    let words: Vec<&str> = main.split_whitespace().collect();
    if words.len() <= SHORT_TITLE_WORDS {
        main.to_string()
    } else {
        format!("{}…", words[..SHORT_TITLE_WORDS].join(" "))
    }
}

/// `Mearsheimer 2001`, `Charap and Priebe 2023`, `Lo et al.`: who wrote the
/// work and when; the title's first words where no author is named.
pub(super) fn attribution(c: &Citation) -> Option<String> {
    let who = surnames(c).or_else(|| {
        c.title
            .as_ref()
            .map(|t| format!("“{}”", short_title(&t.text)))
    })?;
    Some(match c.year {
        Some(year) => format!("{who} {year}"),
        None => who,
    })
}

/// One line naming a citation's work: `Mearsheimer, The Tragedy of Great
/// Power Politics`; the citation's text where it names no author or title.
pub(super) fn preview(c: &Citation, body: &str) -> String {
    let line = match (surnames(c), &c.title) {
        (Some(who), Some(title)) => format!("{who}, {}", collapse(&title.text)),
        (Some(who), None) => who,
        (None, Some(title)) => collapse(&title.text),
        (None, None) => body.get(c.range.clone()).unwrap_or("").to_string(),
    };
    truncate(&line, PREVIEW_CHARS)
}

/// A one-line preview of note `id`'s first citation; an Ibid or a short
/// form is previewed by the work it resolved to.
pub(super) fn note_preview(index: &Index, works: &Works, text: &str, id: NoteId) -> Option<String> {
    let note = index.notes.get(id)?;
    let c = note.citations.first()?;
    let body = note
        .body_range
        .as_ref()
        .and_then(|b| text.get(b.clone()))
        .unwrap_or("");
    let r = CitationRef { note: id, index: 0 };
    let full = works
        .work_of(r)
        .and_then(|w| works::citation(index, works.works[w].full));
    Some(match (c.kind, full) {
        (CitationKind::Ibid, Some(full)) => format!("Ibid. ({})", preview(full, "")),
        (CitationKind::ShortForm, Some(full)) => preview(full, ""),
        _ => preview(c, body),
    })
}

/// A short form of a work, written the way the document sets its title:
/// `Mearsheimer, *The Tragedy of Great…*` becomes `Mearsheimer, *The
/// Tragedy of Great*` (no ellipsis in text to insert).
pub(super) fn short_form(c: &Citation) -> Option<String> {
    let title = c.title.as_ref().map(|t| {
        let short = short_title(&t.text);
        let short = short.trim_end_matches('…');
        match c.title_style {
            Some(TitleStyle::Quoted) => format!("“{short}”"),
            Some(TitleStyle::Plain) => short.to_string(),
            _ => format!("*{short}*"),
        }
    });
    match (c.authors.first().map(surname), title) {
        (Some(who), Some(title)) => Some(format!("{who}, {title}")),
        (Some(who), None) => Some(who),
        (None, Some(title)) => Some(title),
        (None, None) => None,
    }
}

/// The authors as written, joined: `A, B and C`, `A et al.`
fn author_list(c: &Citation) -> Option<String> {
    let names: Vec<String> = c.authors.iter().map(|a| collapse(&a.name)).collect();
    let mut list = match names.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if c.et_al {
        list.push_str(" et al.");
    }
    Some(list)
}

/// A full citation as Markdown: authors, *title*, container, publisher,
/// date, pages. `pages` replaces the citation's own (an Ibid's or a short
/// form's pages, shown with the work they cite).
pub(super) fn citation_markdown(c: &Citation, pages: Option<&Field>) -> String {
    let mut parts = Vec::new();
    if let Some(authors) = author_list(c) {
        parts.push(escape(&authors));
    }
    if let Some(title) = &c.title {
        parts.push(format!("*{}*", escape(&title.text)));
    }
    if let Some(container) = &c.container {
        parts.push(escape(&container.text));
    }
    if c.container.is_none()
        && let Some(publisher) = &c.publisher
    {
        parts.push(escape(&publisher.text));
    }
    match (&c.date, c.year) {
        (Some(date), _) => parts.push(escape(&date.text)),
        (None, Some(year)) => parts.push(year.to_string()),
        (None, None) => {}
    }
    if let Some(pages) = pages.or(c.pages.as_ref()) {
        parts.push(escape(&pages.text));
    }
    parts.join(", ")
}

/// Where a URL or DOI as written leads: `<…>` unwrapped, `doi:10.…` and a
/// bare `10.…` sent to `https://doi.org/`, `www.…` given a scheme.
pub(super) fn link_target(raw: &str) -> Option<String> {
    let raw = raw
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    if raw.is_empty() {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("doi:") {
        let doi = raw[raw.len() - rest.len()..].trim_start();
        return (!doi.is_empty()).then(|| format!("https://doi.org/{doi}"));
    }
    if lower.starts_with("10.") && raw.contains('/') {
        return Some(format!("https://doi.org/{raw}"));
    }
    if lower.starts_with("www.") {
        return Some(format!("https://{raw}"));
    }
    Some(raw.to_string())
}

/// A Markdown link to a citation's URL or DOI.
pub(super) fn url_markdown(url: &Field) -> Option<String> {
    let target = link_target(&url.text)?;
    let shown = url
        .text
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    Some(format!(
        "[{}](<{}>)",
        escape(shown),
        target.replace('<', "%3C").replace('>', "%3E")
    ))
}

/// Why a citation's URL looks lost, for a warning line.
pub(super) fn lost_url_message(kind: LostUrl) -> &'static str {
    match kind {
        LostUrl::TrailingComma => "the citation ends in a comma where its URL stood",
        LostUrl::DoubledComma => "two commas with nothing between them where the URL stood",
        LostUrl::BareAccessDate => "an access date with no URL after it",
        LostUrl::EmptyLabel => "a URL label with no address after it",
        LostUrl::EmptyAngle => "empty angle brackets where the URL stood",
    }
}

/// How a citation's kind is named in a resolution chain.
pub(super) fn kind_name(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::Full => "full citation",
        CitationKind::Ibid => "Ibid.",
        CitationKind::ShortForm => "short form",
        CitationKind::Text => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// The first citation of the first note of `text`.
    fn first(text: &str) -> Citation {
        let analysis = analyze(text);
        analysis.index.notes[0].citations[0].clone()
    }

    #[test]
    fn attributions_name_surnames_and_year() {
        let one = first(
            "x[1]\n\n[1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.\n",
        );
        assert_eq!(attribution(&one).as_deref(), Some("Mearsheimer 2001"));
        let two = first(
            "x[1]\n\n[1] Samuel Charap and Sergey Radchenko, “The Talks,” Foreign Affairs, May 2024.\n",
        );
        assert_eq!(
            attribution(&two).as_deref(),
            Some("Charap and Radchenko 2024")
        );
        let three = first("x[1]\n\n[1] Ana Lo, Ben Ng and Cy Oz, *Rivers* (Lima: Andes, 2010).\n");
        assert_eq!(attribution(&three).as_deref(), Some("Lo et al. 2010"));
        let particle = first("x[1]\n\n[1] Anna de Vries, *Dikes* (Delft: Waterstaat, 1998).\n");
        assert_eq!(attribution(&particle).as_deref(), Some("de Vries 1998"));
    }

    #[test]
    fn short_forms_keep_the_title_style_and_the_first_words() {
        let book = first(
            "x[1]\n\n[1] John J. Mearsheimer, *The Tragedy of Great Power Politics* (New York: Norton, 2001), 29.\n",
        );
        assert_eq!(
            short_form(&book).as_deref(),
            Some("Mearsheimer, *The Tragedy of Great*")
        );
        let article = first(
            "x[1]\n\n[1] Ada Lo, “Bread Markets: A History,” The Economist, November 7, 2019.\n",
        );
        assert_eq!(short_form(&article).as_deref(), Some("Lo, “Bread Markets”"));
    }

    #[test]
    fn dois_and_angle_brackets_become_absolute_urls() {
        assert_eq!(
            link_target("doi:10.1016/j.x.2020").as_deref(),
            Some("https://doi.org/10.1016/j.x.2020")
        );
        assert_eq!(
            link_target("<http://a.org/b>").as_deref(),
            Some("http://a.org/b")
        );
        assert_eq!(
            link_target("www.a.org").as_deref(),
            Some("https://www.a.org")
        );
        assert_eq!(link_target("<>"), None);
    }
}
