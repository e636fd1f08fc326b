//! Diagnostics: what is wrong with a document's notes, where, and how to
//! mend it. Each rule lives in its own module and owns its identity: a
//! stable kebab-case code, a default severity and its documentation, which
//! `docs/rules.md`, `ibid explain` and the editor's links are made from.

use std::ops::Range;

use serde::Serialize;

use super::Analysis;

mod ambiguous_ibid;
mod bibliography_error;
mod dangling_contact;
mod duplicate_citekey;
mod empty_note;
mod empty_url;
mod invalid_utf8;
mod keep_references;
mod mixed_marker_styles;
mod note_order;
mod note_references;
mod run_on_citation;
pub(crate) mod suppression;
#[cfg(test)]
mod test_support;
mod unknown_citekey;
mod unrecognised_notes;
mod unresolved_author_date;
mod unresolved_short_form;
mod unused_entry;
mod unused_suppression;

pub use note_order::{Renumbering, out_of_place, renumber_edits, renumber_notes, renumbering};
pub use suppression::CommentStyle;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        Some(match name {
            "hint" => Severity::Hint,
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case code, used in configuration and output.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown with the sections "What it finds", "Why it matters",
    /// "Example" and "How to fix".
    pub docs: &'static str,
}

impl Rule {
    /// Whether the rule reports anything when the configuration does not
    /// mention it.
    pub fn enabled_by_default(&self) -> bool {
        !OFF_BY_DEFAULT.contains(&self.code)
    }

    /// The default as documentation states it: `error`, or `off (warning
    /// when on)` for a rule that must be switched on.
    pub fn default_level(&self) -> String {
        if self.enabled_by_default() {
            self.default_severity.as_str().to_string()
        } else {
            format!("off ({} when on)", self.default_severity.as_str())
        }
    }

    /// Where the rule is documented; editors link to it.
    pub fn url(&self) -> String {
        format!("{DOCS_URL}#{}", self.code)
    }
}

/// The published rule documentation.
pub const DOCS_URL: &str = "https://github.com/ibid-notes/ibid/blob/main/docs/rules.md";

/// Every rule, in the order of the documentation.
pub const RULES: &[Rule] = &[
    note_references::UNDEFINED_NOTE,
    note_references::UNUSED_NOTE,
    note_references::DUPLICATE_NOTE,
    unrecognised_notes::RULE,
    empty_url::RULE,
    dangling_contact::RULE,
    ambiguous_ibid::RULE,
    unresolved_short_form::RULE,
    unresolved_author_date::RULE,
    note_order::RULE,
    mixed_marker_styles::RULE,
    run_on_citation::RULE,
    invalid_utf8::RULE,
    unknown_citekey::RULE,
    duplicate_citekey::RULE,
    bibliography_error::RULE,
    unused_entry::RULE,
    unused_suppression::RULE,
    empty_note::RULE,
];

/// The codes of the findings another file of a book may answer
/// ([`crate::analysis::book`]).
pub(crate) const UNDEFINED_NOTE_CODE: &str = note_references::UNDEFINED_NOTE.code;
pub(crate) const UNRESOLVED_SHORT_FORM_CODE: &str = unresolved_short_form::RULE.code;

/// Rules that report nothing until they are switched on: their findings
/// are common and rarely wrong (a library exported whole is mostly uncited).
pub const OFF_BY_DEFAULT: &[&str] = &[unused_entry::RULE.code];

/// The rules about Pandoc citations and bibliography files: they find
/// nothing in a document analysed without its bibliographies.
pub const BIBLIOGRAPHY_RULES: &[&str] = &[
    unknown_citekey::RULE.code,
    duplicate_citekey::RULE.code,
    bibliography_error::RULE.code,
    unused_entry::RULE.code,
];

/// The rules whose findings in a document depend on its bibliographies;
/// they are run again when the bibliographies change.
const CITATION_RULES: &[&str] = &[unknown_citekey::RULE.code, bibliography_error::RULE.code];

/// The rule with code `code`.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// How alike a misspelt code and a rule's code must be to be offered as
/// "did you mean" (Jaro-Winkler similarity, from 0 to 1): close enough for
/// a typo, a plural or two swapped letters, far enough that an unrelated
/// word gets no suggestion.
const SUGGESTION_SIMILARITY: f64 = 0.85;

/// The rule code closest to `code`, when one is close enough to be what
/// was meant.
pub fn suggest_rule(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_lowercase().replace('_', "-");
    RULES
        .iter()
        .map(|r| (strsim::jaro_winkler(&code, r.code), r.code))
        .filter(|(similarity, _)| *similarity >= SUGGESTION_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, code)| code)
}

/// The message for an unknown rule code met `place` (`in --select`, `in
/// [rules]`): the closest code when there is one, else every code.
pub fn unknown_rule_message(code: &str, place: &str) -> String {
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" {place}")
    };
    match suggest_rule(code) {
        Some(close) => format!("unknown rule `{code}`{place}; did you mean `{close}`?"),
        None => {
            let known: Vec<&str> = RULES.iter().map(|r| r.code).collect();
            format!(
                "unknown rule `{code}`{place}; the rules are: {}",
                known.join(", ")
            )
        }
    }
}

/// At most this many further places are named as related where one
/// finding stands for many of one cause (every bad byte of a file saved in
/// another encoding, every marker of a text whose notes were lost).
pub(super) const RELATED_LIMIT: usize = 20;

/// Another place that explains a diagnostic (the note, the antecedent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// One replacement of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// Whether a fix may be applied without asking: a safe fix keeps every
/// word the author wrote and adds none (it renumbers, separates); an unsafe
/// one removes text or adds a placeholder (an empty note for a marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// A mend for a diagnostic: edits to apply together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    pub applicability: Applicability,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub related: Vec<Related>,
    /// The finding marks text that does nothing (an unused note).
    pub unnecessary: bool,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// The start and end of its range, then of each related range: every
    /// offset a client is told about.
    pub fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(&self.range)
            .chain(self.related.iter().map(|r| &r.range))
            .flat_map(|r| [r.start, r.end])
    }

    pub(crate) fn new(rule: &Rule, range: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            severity: rule.default_severity,
            range,
            message: message.into(),
            related: Vec::new(),
            unnecessary: false,
            fix: None,
        }
    }

    pub(crate) fn related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    /// Attaches a safe fix.
    pub(crate) fn fix(mut self, title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Safe,
        });
        self
    }

    /// Attaches a fix that removes text: offered in editors, applied by
    /// `--fix` only with `--unsafe-fixes`.
    pub(crate) fn unsafe_fix(mut self, title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Unsafe,
        });
        self
    }
}

/// Runs every rule over an analysed document, sorted by position, and
/// holds back what the document's suppression comments suppress. Returns
/// the findings and the suppressed findings. `fixes` says which findings
/// the rules whose fixes cost most to build give theirs; the findings are
/// the same whatever it says.
pub(crate) fn check(
    analysis: &Analysis,
    text: &str,
    fixes: &Fixes,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    suppress(text, check_all(analysis, text, fixes))
}

/// Which findings have their fixes built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fixes {
    All,
    /// None of those whose fixes cost: a language server publishes no fix.
    Cheap,
    /// Those that touch a range (the code actions at the cursor), and the
    /// cheap ones.
    Touching(Range<usize>),
}

impl Fixes {
    /// Whether a finding at `range` wants a fix that costs to build.
    pub(crate) fn wanted(&self, range: &Range<usize>) -> bool {
        match self {
            Fixes::All => true,
            Fixes::Cheap => false,
            Fixes::Touching(within) => touches(within, range),
        }
    }
}

/// Whether two ranges overlap or meet: a finding touches the cursor at
/// either of its ends.
pub(crate) fn touches(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Holds back what the suppression comments suppress and reports the
/// comments that suppress nothing.
fn suppress(text: &str, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let applied = suppression::apply(text, diagnostics);
    let mut kept = applied.kept;
    if !applied.unused.is_empty() {
        kept.extend(applied.unused.iter().map(unused_suppression::finding));
        sort(&mut kept);
    }
    (kept, applied.suppressed)
}

fn check_all(analysis: &Analysis, text: &str, fixes: &Fixes) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sources = note_references::source_lists(analysis, text);
    note_references::check(analysis, text, &sources, fixes, &mut out);
    unrecognised_notes::check(analysis, text, &mut out);
    empty_note::check(analysis, text, &mut out);
    empty_url::check(analysis, text, &mut out);
    dangling_contact::check(analysis, text, &mut out);
    ambiguous_ibid::check(analysis, text, &mut out);
    unresolved_short_form::check(analysis, text, &mut out);
    unresolved_author_date::check(analysis, text, &mut out);
    note_order::check(analysis, text, &sources, &mut out);
    mixed_marker_styles::check(analysis, text, &mut out);
    run_on_citation::check(analysis, text, &mut out);
    invalid_utf8::check(analysis, text, &mut out);
    citation_rules(analysis, text, &mut out);
    sort(&mut out);
    out
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
}

fn citation_rules(analysis: &Analysis, text: &str, out: &mut Vec<Diagnostic>) {
    unknown_citekey::check(analysis, text, out);
    bibliography_error::check(analysis, text, out);
}

/// Runs the rules that depend on the bibliographies again, replacing their
/// earlier findings (suppressed or not), and applies the suppression
/// comments again. Returns the findings and the suppressed findings.
pub(crate) fn recheck_citations(
    analysis: &Analysis,
    text: &str,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut out: Vec<Diagnostic> = analysis
        .diagnostics
        .iter()
        .chain(&analysis.suppressed)
        .filter(|d| !CITATION_RULES.contains(&d.code) && d.code != unused_suppression::RULE.code)
        .cloned()
        .collect();
    citation_rules(analysis, text, &mut out);
    sort(&mut out);
    suppress(text, out)
}

/// The findings in a bibliography file: entries that cannot be read,
/// duplicate keys, and, given `cited` (whether any document cites a key),
/// entries nobody cites. Ranges are in the bibliography's text.
pub fn check_bibliography(
    bibliography: &crate::analysis::bibliography::Bibliography,
    cited: Option<&dyn Fn(&str) -> bool>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    bibliography_error::check_bibliography(bibliography, &mut out);
    duplicate_citekey::check_bibliography(bibliography, &mut out);
    if let Some(cited) = cited {
        unused_entry::check_bibliography(bibliography, cited, &mut out);
    }
    sort(&mut out);
    out
}

/// Applies non-overlapping edits to `text`. Edits that overlap an earlier one
/// are skipped, so a set of fixes can be applied in one pass.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at || edit.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A short quotation of `text` for a message: at most `max` characters.
pub(crate) fn quote(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// How a note label is written, for messages: `[12]`, `¹²`, `12.`, `[^a]`.
pub(crate) fn label_text<'t>(text: &'t str, range: &Range<usize>) -> &'t str {
    text.get(range.clone()).unwrap_or("").trim()
}

/// How a message names a note: by its label as written, or by its key
/// where the label is a backlink (`^ a b`) that says none or joins several
/// (`[2],[3]`).
pub(crate) fn note_name<'t>(text: &'t str, note: &'t crate::analysis::index::NoteDef) -> &'t str {
    let label = label_text(text, &note.label_range);
    // `[2],[3]` names two notes: this one by its own key.
    if note.key_is_written() && !label.contains("],") {
        label
    } else {
        &note.key
    }
}

#[cfg(test)]
mod tests;
