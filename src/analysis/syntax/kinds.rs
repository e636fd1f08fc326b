//! The names of the grammar's node kinds, in one place.
//!
//! Every constant here is checked against the grammar's generated
//! `node-types.json` by a unit test, so renaming a rule in `grammar.js`
//! breaks the build of the analysis instead of silently matching nothing.
//! `ERROR` and `MISSING` nodes are not kinds of the grammar; use
//! `Node::is_error` and `Node::is_missing` for them.

/// The whole file.
pub const DOCUMENT: &str = "document";
/// A numbered, ALL-CAPS or `#` heading.
pub const HEADING: &str = "heading";
/// The `#`s of a Markdown heading.
pub const ATX_MARKER: &str = "atx_marker";
/// The `4.1` of a numbered heading.
pub const HEADING_NUMBER: &str = "heading_number";
/// A block of prose.
pub const PARAGRAPH: &str = "paragraph";
/// Tab-separated or pipe table.
pub const TABLE: &str = "table";
/// One row of a table.
pub const TABLE_ROW: &str = "table_row";
/// One cell of a table row.
pub const TABLE_CELL: &str = "table_cell";
/// A `--<TAB>--` or `|---|` separator row.
pub const TABLE_SEPARATOR: &str = "table_separator";
/// The `Table 2. …` line before a table.
pub const TABLE_CAPTION: &str = "table_caption";
/// The `Note: …` or `Sources: …` line after a table.
pub const TABLE_NOTE: &str = "table_note";
/// A ```` ``` ```` block: nothing inside is a marker or a note.
pub const FENCED_CODE_BLOCK: &str = "fenced_code_block";
/// A block indented by four spaces or a tab.
pub const INDENTED_CODE_BLOCK: &str = "indented_code_block";
/// A `NOTES` (or `Endnotes`, `References`, …) section, or the run of note
/// definitions that starts one without a heading.
pub const NOTES_SECTION: &str = "notes_section";
/// One note definition: `[12] text`, `¹² text`, `12. text`, `[^a]: text`.
pub const NOTE: &str = "note";
/// The bullet (`- `) some lists put before a note's label.
pub const LIST_MARKER: &str = "list_marker";
/// The label of a note: `[12]`, `¹²`, `12.`, `[^a]:`.
pub const NOTE_LABEL: &str = "note_label";
/// The text of a note after its label.
pub const NOTE_BODY: &str = "note_body";
/// A reference from the text to a note; exactly one of the `*_marker`
/// kinds (or an inline note) is its named child.
pub const MARKER: &str = "marker";
/// `[12]`, `\[12\]`, `[[12]](#n12)`.
pub const BRACKET_MARKER: &str = "bracket_marker";
/// `[4, 5]`, `[4–6]`.
pub const BRACKET_LIST_MARKER: &str = "bracket_list_marker";
/// `¹²`, `[¹](url)`.
pub const SUPERSCRIPT_MARKER: &str = "superscript_marker";
pub const SYMBOL_MARKER: &str = "symbol_marker";
pub const REST_FOOTNOTE_MARKER: &str = "rest_footnote_marker";
/// Markdown `[^label]`.
pub const FOOTNOTE_MARKER: &str = "footnote_marker";
/// Pandoc `^[note text]`.
pub const INLINE_NOTE: &str = "inline_note";
/// Pandoc `[@key]`, `[@key, p. 33]`.
pub const CITATION_MARKER: &str = "citation_marker";
/// Pandoc `[@fig:x]`: a cross-reference, not a citation.
pub const CROSSREF: &str = "crossref";
/// A bare or angle-bracketed URL.
pub const URL: &str = "url";
/// `doi:10.…`.
pub const DOI: &str = "doi";
/// An e-mail address.
pub const EMAIL: &str = "email";
/// Markdown `[text](url)`.
pub const LINK: &str = "link";
/// `*Title*`, `_Title_`, `<i>Title</i>`.
pub const EMPHASIS: &str = "emphasis";
/// `“Title”`, `‘Title’`, `'Title'`, `"Title"`.
pub const QUOTED_TITLE: &str = "quoted_title";
/// `` `code` ``.
pub const CODE_SPAN: &str = "code_span";
/// An inline HTML tag such as `<a id="n1">`.
pub const HTML_TAG: &str = "html_tag";
/// A backslash escape such as `\$`.
pub const ESCAPE: &str = "escape";

/// Every constant above, for the check against `node-types.json`.
pub const ALL: &[&str] = &[
    DOCUMENT,
    HEADING,
    ATX_MARKER,
    HEADING_NUMBER,
    PARAGRAPH,
    TABLE,
    TABLE_ROW,
    TABLE_CELL,
    TABLE_SEPARATOR,
    TABLE_CAPTION,
    TABLE_NOTE,
    FENCED_CODE_BLOCK,
    INDENTED_CODE_BLOCK,
    NOTES_SECTION,
    NOTE,
    LIST_MARKER,
    NOTE_LABEL,
    NOTE_BODY,
    MARKER,
    BRACKET_MARKER,
    BRACKET_LIST_MARKER,
    SUPERSCRIPT_MARKER,
    SYMBOL_MARKER,
    REST_FOOTNOTE_MARKER,
    FOOTNOTE_MARKER,
    INLINE_NOTE,
    CITATION_MARKER,
    CROSSREF,
    URL,
    DOI,
    EMAIL,
    LINK,
    EMPHASIS,
    QUOTED_TITLE,
    CODE_SPAN,
    HTML_TAG,
    ESCAPE,
];

/// The kind of `node`, as [`Node::kind`] names it. That method measures and
/// checks the grammar's C string on every call, some two hundred
/// instructions, and the analysis asks it of every node it visits: here the
/// names are looked up once per kind and then indexed by the kind's number.
///
/// [`Node::kind`]: tree_sitter::Node::kind
pub fn of(node: &tree_sitter::Node<'_>) -> &'static str {
    static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let language = super::tree::language();
        (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    });
    // Tree-sitter numbers its error nodes past the grammar's kinds.
    NAMES
        .get(usize::from(node.kind_id()))
        .map_or("ERROR", String::as_str)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The table answers what tree-sitter does for every node, aliased and
    /// anonymous ones included.
    #[test]
    fn of_names_every_node_as_tree_sitter_does() {
        let text = "# Lights\n\nFog.[1] Oil.² “Lamp” *dark* ^[Inline.] [@key] ]]] ((\n\n\
                    NOTES\n\n[1] Lo, “Bread,” 4.\n\n² Ibid.\n";
        let tree = crate::analysis::syntax::parse(text);
        let mut seen = 0;
        for node in tree.preorder() {
            assert_eq!(super::of(&node), node.kind(), "at {:?}", node.byte_range());
            seen += 1;
        }
        assert_eq!(seen, 29);
    }

    use serde_json::Value;

    /// The named node kinds that `node-types.json` declares, including
    /// subtypes of supertypes and the kinds that appear only as children.
    fn named_kinds() -> BTreeSet<String> {
        let types: Value = serde_json::from_str(tree_sitter_ibid::NODE_TYPES)
            .expect("node-types.json is generated JSON");
        let mut names = BTreeSet::new();
        let mut pending: Vec<&Value> = types.as_array().into_iter().flatten().collect();
        while let Some(entry) = pending.pop() {
            if entry["named"] == Value::Bool(true)
                && let Some(name) = entry["type"].as_str()
            {
                names.insert(name.to_owned());
            }
            for key in ["subtypes", "types"] {
                pending.extend(entry[key].as_array().into_iter().flatten());
            }
            for key in ["children", "fields"] {
                match &entry[key] {
                    Value::Object(map) if key == "fields" => pending.extend(map.values()),
                    value @ Value::Object(_) => pending.push(value),
                    _ => {}
                }
            }
        }
        names
    }

    #[test]
    fn every_kind_is_a_named_node_of_the_grammar() {
        let named = named_kinds();
        let unknown: Vec<&str> = super::ALL
            .iter()
            .copied()
            .filter(|kind| !named.contains(*kind))
            .collect();
        assert!(
            unknown.is_empty(),
            "kinds missing from node-types.json: {unknown:?}; the grammar declares {named:?}"
        );
    }

    #[test]
    fn kinds_are_listed_once() {
        let unique: BTreeSet<&str> = super::ALL.iter().copied().collect();
        assert_eq!(unique.len(), super::ALL.len());
    }
}
