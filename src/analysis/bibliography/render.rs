//! Entries formatted in Chicago notes style by hayagriva, a CSL processor,
//! with the style and locale it bundles, written as Markdown.
//!
//! The formatter is someone else's large piece of code fed with user data;
//! a panic inside it costs one hover (the caller shows the entry's summary
//! instead), never the process.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{FontStyle, FontWeight, IndependentStyle, Locale, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, LocatorPayload, SpecificLocator,
};

use super::{Bibliography, Data, Entry};

/// Chicago Manual of Style, notes and bibliography: the style research
/// notes are written in (see the notes format).
static STYLE: LazyLock<Option<IndependentStyle>> = LazyLock::new(|| {
    catch_unwind(
        || match hayagriva::archive::ArchivedStyle::ChicagoNotes.get() {
            Style::Independent(style) => Some(style),
            Style::Dependent(_) => None,
        },
    )
    .ok()
    .flatten()
});

/// The bundled locales; the style asks for `en-US`.
static LOCALES: LazyLock<Vec<Locale>> =
    LazyLock::new(|| catch_unwind(hayagriva::archive::locales).unwrap_or_default());

/// Runs the citation processor on one entry of any type it accepts (its
/// entry trait is not public, so this is a macro rather than a generic).
macro_rules! render_with {
    ($entry:expr, $locator:expr, $style:expr) => {{
        let mut driver = BibliographyDriver::new();
        let items = vec![CitationItem::with_locator($entry, $locator)];
        driver.citation(CitationRequest::from_items(items, $style, &LOCALES));
        let result = driver.finish(BibliographyRequest::new($style, None, &LOCALES));
        let note = result
            .citations
            .first()
            .map(|c| markdown(&c.citation))
            .filter(|n| !n.trim().is_empty())?;
        let bibliography = result
            .bibliography
            .as_ref()
            .and_then(|b| b.items.first())
            .map(|i| markdown(&i.content))
            .filter(|b| !b.trim().is_empty());
        Some(Rendered { note, bibliography })
    }};
}

/// An entry as a note cites it and as the bibliography lists it, in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The full note form: `Anna Whitcombe, *Frozen Rivers* (Oslo: …, 1999), 33.`
    pub note: String,
    /// The bibliography form: `Whitcombe, Anna. *Frozen Rivers*. Oslo: …, 1999.`
    pub bibliography: Option<String>,
}

/// Formats `entry`, with a locator such as `p. 33` or `ch. 2`; `None` when
/// the formatter cannot (the caller falls back to the entry's summary).
pub fn render(
    bibliography: &Bibliography,
    entry: &Entry,
    locator: Option<&str>,
) -> Option<Rendered> {
    let style = STYLE.as_ref()?;
    let locator = locator.map(parse_locator);
    let specific = locator
        .as_ref()
        .map(|(kind, value)| SpecificLocator(*kind, LocatorPayload::Str(value)));
    catch_unwind(AssertUnwindSafe(|| match &entry.data {
        Data::Bib { parents } => {
            let source = bibliography.standalone_source(entry, parents);
            let parsed = biblatex::Bibliography::parse(&source).ok()?;
            let converted = hayagriva::Entry::try_from(parsed.get(&entry.key)?).ok()?;
            render_with!(&converted, specific, style)
        }
        Data::Csl(item) => render_with!(item.as_ref(), specific, style),
    }))
    .ok()
    .flatten()
}

/// `p. 33` → page 33, `ch. 2` → chapter 2, `33` → page 33; anything else is
/// kept as written, as a page locator.
fn parse_locator(text: &str) -> (Locator, String) {
    const LABELS: &[(&str, Locator)] = &[
        ("pp.", Locator::Page),
        ("p.", Locator::Page),
        ("pages", Locator::Page),
        ("page", Locator::Page),
        ("chaps.", Locator::Chapter),
        ("chap.", Locator::Chapter),
        ("ch.", Locator::Chapter),
        ("chapter", Locator::Chapter),
        ("secs.", Locator::Section),
        ("sec.", Locator::Section),
        ("section", Locator::Section),
        ("§§", Locator::Section),
        ("§", Locator::Section),
        ("paras.", Locator::Paragraph),
        ("para.", Locator::Paragraph),
        ("¶", Locator::Paragraph),
        ("vols.", Locator::Volume),
        ("vol.", Locator::Volume),
        ("figs.", Locator::Figure),
        ("fig.", Locator::Figure),
        ("nn.", Locator::Note),
        ("n.", Locator::Note),
        ("ll.", Locator::Line),
        ("l.", Locator::Line),
        ("bk.", Locator::Book),
        ("col.", Locator::Column),
        ("fol.", Locator::Folio),
        ("pt.", Locator::Part),
        ("v.", Locator::Verse),
    ];
    let text = text.trim();
    let lower = text.to_lowercase();
    for (label, kind) in LABELS {
        if let Some(rest) = lower.strip_prefix(label)
            && (rest.starts_with(' ') || rest.starts_with(|c: char| c.is_ascii_digit()))
        {
            let value = text[text.len() - rest.len()..].trim().to_string();
            return (*kind, value);
        }
    }
    (Locator::Page, text.to_string())
}

/// A run of text with one formatting.
struct Run {
    text: String,
    italic: bool,
    bold: bool,
    link: Option<String>,
}

fn runs(children: &ElemChildren, out: &mut Vec<Run>) {
    for child in &children.0 {
        match child {
            ElemChild::Text(f) => out.push(Run {
                text: f.text.clone(),
                italic: f.formatting.font_style == FontStyle::Italic,
                bold: f.formatting.font_weight == FontWeight::Bold,
                link: None,
            }),
            ElemChild::Elem(e) => runs(&e.children, out),
            ElemChild::Markup(m) => out.push(Run {
                text: m.clone(),
                italic: false,
                bold: false,
                link: None,
            }),
            ElemChild::Link { text, url } => out.push(Run {
                text: text.text.clone(),
                italic: text.formatting.font_style == FontStyle::Italic,
                bold: false,
                link: Some(url.clone()),
            }),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Characters Markdown would read as syntax.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Formatted output as Markdown: italics as `*…*`, bold as `**…**`, links
/// as autolinks. Neighbouring runs with the same formatting are joined, so
/// that a title is one emphasis and not one per word.
fn markdown(children: &ElemChildren) -> String {
    let mut all = Vec::new();
    runs(children, &mut all);
    let mut merged: Vec<Run> = Vec::new();
    for run in all {
        match merged.last_mut() {
            Some(last)
                if last.italic == run.italic
                    && last.bold == run.bold
                    && last.link.is_none()
                    && run.link.is_none() =>
            {
                last.text.push_str(&run.text);
            }
            _ => merged.push(run),
        }
    }
    let mut out = String::new();
    for run in merged {
        if let Some(url) = &run.link {
            out.push_str(&format!("<{}>", url.replace('>', "%3E")));
            continue;
        }
        // Emphasis markers must touch the text: keep outer spaces outside.
        let core = run.text.trim();
        if core.is_empty() {
            out.push_str(&run.text);
            continue;
        }
        let lead = &run.text[..run.text.len() - run.text.trim_start().len()];
        let trail = &run.text[run.text.trim_end().len()..];
        let mark = match (run.italic, run.bold) {
            (true, true) => "***",
            (true, false) => "*",
            (false, true) => "**",
            (false, false) => "",
        };
        out.push_str(lead);
        out.push_str(mark);
        out.push_str(&escape(core));
        out.push_str(mark);
        out.push_str(trail);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_are_read_with_their_labels() {
        assert_eq!(parse_locator("p. 33"), (Locator::Page, "33".to_string()));
        assert_eq!(
            parse_locator("pp. 33–35"),
            (Locator::Page, "33–35".to_string())
        );
        assert_eq!(parse_locator("ch. 2"), (Locator::Chapter, "2".to_string()));
        assert_eq!(parse_locator("12"), (Locator::Page, "12".to_string()));
        assert_eq!(parse_locator("§ 4"), (Locator::Section, "4".to_string()));
    }
}
