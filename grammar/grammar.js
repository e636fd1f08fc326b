/**
 * @file tree-sitter grammar for annotated research notes (the ibid notes format)
 * @license MIT
 *
 * Research notes are essays pasted from the web, a PDF or a Markdown editor: a
 * body that carries footnote markers (`[12]`, `¹²`, `[^label]`, `[@key]`) and,
 * near the end, the notes themselves with their citations.
 *
 * The format is line oriented and context sensitive (whether `12. Text` is a
 * note depends on being inside a notes section; whether `[5] text` at the start
 * of a line is a definition depends on what the previous line was), so the
 * block structure is decided by the external scanner (`src/scanner.c`). It
 * classifies every line once and hands the parser one token per block start and
 * one per line break; the rules below only assemble those tokens. The scanner
 * also lexes plain text in long runs, so a paragraph of prose is one token and
 * a 1 MB document stays a small tree.
 *
 * Nothing in this grammar is ever mandatory beyond the first token of a
 * construct: closing quotes and emphasis delimiters are optional, so any input
 * parses without ERROR nodes, and unusual text degrades to plain text.
 *
 * Precedence table (higher wins):
 *
 *   | level | where                         | why                                         |
 *   |-------|-------------------------------|---------------------------------------------|
 *   | 3     | crossref tokens               | `[@fig:x]` is a Pandoc cross-reference, not  |
 *   |       |                               | a citation, although both regexes match it   |
 *   | 2     | markers written as links      | `[1](#fn1)` is a marker, not a generic link  |
 *   | 1     | marker tokens                 | beat `link`/`fallback` on equal length       |
 *   | -1    | single-character fallback     | any character that starts nothing else       |
 *
 * Conflicts: none are declared. The places where a rule could either
 * continue or end (`emphasis` and `quoted_title` with an optional closer, a
 * notes section followed by more blocks, and the hidden `_section` and
 * `_note_group` followed by more of what they hold) are resolved with
 * `prec.right`, so the parser keeps extending the open construct as long as
 * it can.
 *
 * Hidden groups: tree-sitter rebuilds a repetition on every edit instead of
 * reusing it, so a flat list of every block would make each keystroke cost
 * the whole document. `_section` (a heading and its blocks) and `_note_group`
 * (a run of notes) nest the lists; they never appear in the tree.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const SUPERSCRIPT_DIGIT = '[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]';
const DASH = '[,\u2013\u2014-]';
// The prefixes of Quarto's cross-reference labels (`@fig-map`).
const QUARTO_CROSSREF = '(fig|tbl|lst|eq|sec|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg)';
// One Quarto label; a bracket holds one or more (`[@fig-a; @fig-b]`), and
// one that also cites a work (`[@fig-a; @hale2001]`) is a citation.
const QUARTO_LABEL = `${QUARTO_CROSSREF}-[A-Za-z0-9_:.-]*[A-Za-z0-9_]`;

module.exports = grammar({
  name: 'ibid',

  // Whitespace is content in prose; nothing is skipped silently.
  extras: (_) => [],

  // `_lines` is spliced into the blocks that hold it rather than made a
  // node of its own: one node and one reduction fewer per block.
  inline: ($) => [$._lines],

  externals: ($) => [
    // Line structure.
    $._block_sep, // a line break (and any blank lines) that ends the current block
    $._soft_break, // a line break that continues the current block
    // Zero-width tokens that open a block; the scanner remembers which block is open.
    $._paragraph_start,
    $._heading_start,
    $._notes_heading_start,
    $._note_start,
    $._row_start,
    $._caption_start,
    $._table_note_start,
    // Whole tokens recognised at the start of a line.
    $.fenced_code_block,
    $.indented_code_block,
    $.table_separator,
    $.atx_marker,
    $.heading_number,
    $.list_marker,
    $.note_label,
    $._label_sep,
    // Inline.
    $._text,
    $._cell_sep,
    $._emphasis_open,
    $._emphasis_close,
    $._quote_open,
    $._quote_close,
    // Zero-width: a group of notes opens at the next note.
    $._note_group_start,
    // Zero-width: a group of blocks opens at the next paragraph.
    $._block_group_start,
    // An HTML comment that opens a line, through the line that closes it.
    $._comment_block,
    // Never valid in a well-formed parse: when it is, the parser is recovering
    // from an error and the scanner stays out of the way.
    $._error_sentinel,
  ],

  rules: {
    document: ($) => repeat(choice($._block, $._block_group, $._section, $.notes_section, $._block_sep)),

    // A heading and the blocks up to the next heading. Hidden: the tree shows
    // headings and blocks side by side, as the text does. It exists for
    // incremental parsing: a top-level repetition is rebuilt on every edit
    // (tree-sitter never reuses a repetition node whole), so with blocks
    // grouped under their headings an edit costs the number of sections
    // plus the blocks of its own section, not every block of the document.
    _section: ($) => prec.right(seq(
      $.heading,
      repeat(choice($._block, $._block_group, $._block_sep)),
    )),

    // Blocks from a paragraph that the scanner picks by its first
    // characters (one in sixteen, whatever stands around it) up to the next
    // such paragraph. Hidden, for the same reason as `_section`: a long
    // section without headings (an essay under one title) would otherwise
    // be one repetition, re-reduced whole by every keystroke in it.
    _block_group: ($) => prec.right(seq(
      $._block_group_start,
      $.paragraph,
      repeat(choice($._block, $._block_sep)),
    )),

    // Blocks that may stand under a heading (a heading opens a new section).
    _block: ($) => choice(
      $.paragraph,
      $.table,
      $.table_caption,
      $.table_note,
      $.fenced_code_block,
      $.indented_code_block,
      alias($._comment_block, $.comment),
    ),

    // Blocks that may stand inside a notes section: anything but a heading,
    // since a heading that is not itself a notes heading ends the section.
    _notes_block: ($) => choice(
      $.note,
      $.paragraph,
      $.table,
      $.table_caption,
      $.table_note,
      $.fenced_code_block,
      $.indented_code_block,
      alias($._comment_block, $.comment),
    ),

    heading: ($) => seq(
      $._heading_start,
      optional($._heading_prefix),
      repeat($._inline),
    ),

    _notes_heading: ($) => seq(
      $._notes_heading_start,
      optional($._heading_prefix),
      repeat($._inline),
    ),

    _heading_prefix: ($) => seq(
      choice($.atx_marker, $.heading_number),
      optional($._label_sep),
    ),

    paragraph: ($) => seq($._paragraph_start, $._lines),

    table_caption: ($) => seq($._caption_start, $._lines),

    table_note: ($) => seq($._table_note_start, $._lines),

    _lines: ($) => seq(
      repeat1($._inline),
      repeat(seq($._soft_break, repeat1($._inline))),
    ),

    table: ($) => seq(
      $.table_row,
      repeat(seq($._soft_break, $.table_row)),
    ),

    // A row of cells separated by tabs or pipes, or a separator row
    // (`--<TAB>--`, `|---|---|`) that holds no cells.
    table_row: ($) => seq(
      $._row_start,
      choice(
        $.table_separator,
        seq(
          optional($.table_cell),
          repeat(seq($._cell_sep, optional($.table_cell))),
        ),
      ),
    ),

    table_cell: ($) => repeat1($._inline),

    // A notes section opens at a notes heading (`NOTES`, `References`, ...)
    // or, with no heading, where note definitions begin.
    notes_section: ($) => choice(
      prec.right(seq(
        field('heading', alias($._notes_heading, $.heading)),
        repeat(choice($._notes_block, $._note_group, $._block_sep)),
      )),
      prec.right(seq(
        choice($.note, $._note_group),
        repeat(choice($.note, $._note_group, $._block_sep)),
      )),
    ),

    // Notes from one that the scanner picks by its label (every sixteenth
    // number) up to the next such note. Hidden, for the same reason as
    // `_section`: typing in a note then re-reduces the groups and the notes
    // of one group, not every note of a long notes section.
    _note_group: ($) => prec.right(seq(
      $._note_group_start,
      $.note,
      repeat(choice($.note, $._block_sep)),
    )),

    note: ($) => seq(
      $._note_start,
      optional($.list_marker),
      field('label', $.note_label),
      optional($._label_sep),
      optional(field('body', $.note_body)),
    ),

    // A body may start on the line after the label (`[^a]:` then an
    // indented paragraph).
    note_body: ($) => choice($._lines, seq($._soft_break, $._lines)),

    _inline: ($) => choice(
      $._text,
      $.marker,
      $.crossref,
      $.url,
      $.doi,
      $.email,
      $.link,
      $.emphasis,
      $.quoted_title,
      $.code_span,
      $.comment,
      $.html_tag,
      $.escape,
      $._fallback,
    ),

    marker: ($) => choice(
      $.bracket_marker,
      $.bracket_list_marker,
      $.superscript_marker,
      $.symbol_marker,
      $.footnote_marker,
      $.rest_footnote_marker,
      $.inline_note,
      $.citation_marker,
    ),

    // `[12]`, `\[12\]` (escaped by an editor export), `[[12]](#n12)`, `[12](#fn12)`,
    // `[\[12\]](#ftnt12)` (a Google Docs export), `[[12](https://…)]` (a
    // marker whose number links to its source).
    bracket_marker: (_) => token(choice(
      prec(1, /\[[0-9]{1,4}\]/),
      // `【12】`: the lenticular brackets of Chinese and Japanese text.
      prec(1, /【[0-9]{1,4}】/),
      prec(1, /\\\[[0-9]{1,4}\\\]/),
      prec(2, /\[\[[0-9]{1,4}\]\]\([^()\s]*\)/),
      prec(2, /\[[0-9]{1,4}\]\(#[^()\s]*\)/),
      prec(2, /\[\\\[[0-9]{1,4}\\\]\]\([^()\s]*\)/),
      // `[[4\]](#_ftn4)`: Typora's export of a Word document escapes the
      // closing bracket alone.
      prec(2, /\[\[[0-9]{1,4}\\\]\]\([^()\s]*\)/),
      // The same in Pandoc's superscript, `^[[1]](#ftnt1)^`, which would
      // otherwise read as an inline note.
      prec(3, /\^\[\[[0-9]{1,4}\]\]\([^()\s]*\)/),
      prec(3, /\^\[[0-9]{1,4}\]\(#[^()\s]*\)/),
      prec(3, /\^\[\\\[[0-9]{1,4}\\\]\]\([^()\s]*\)/),
      prec(2, /\[\[[0-9]{1,4}\]\([^()\s]*\)\]/),
      // `2](#fn2)`: a link to a note that lost its opening bracket, as a
      // machine translation of an export leaves it.
      prec(2, /[0-9]{1,4}\]\(#f[^()\s]*\)/),
    )),

    // `[4, 5]`, `[4–6]`, `[4-6]`, `[1, 3–5]`.
    bracket_list_marker: (_) => token(prec(1, new RegExp(
      `\\[[0-9]{1,4}([ \\t]*${DASH}[ \\t]*[0-9]{1,4})+\\]`,
    ))),

    // `¹²`, and the link form `[¹](url)`. Whether a superscript is a marker or
    // an exponent (`km²`, `x²`) is decided by the scanner from the word before
    // it; whether the document uses superscript notes at all is for the analysis.
    superscript_marker: (_) => token(choice(
      prec(1, new RegExp(`${SUPERSCRIPT_DIGIT}+`)),
      prec(2, new RegExp(`\\[${SUPERSCRIPT_DIGIT}+\\]\\([^()\\s]*\\)`)),
      // `<sup>12</sup>`, as HTML exports write a note's number.
      prec(2, /<sup>[0-9]{1,3}<\/sup>/),
    )),

    // `†`, `‡`, `††`: a note marked with a dagger.
    symbol_marker: (_) => token(prec(1, /[\u2020\u2021]{1,3}/)),

    // reStructuredText footnote reference: `[#]_` (numbered in order),
    // `[#label]_`, `[1]_`, `[*]_`.
    rest_footnote_marker: (_) => token(prec(2, /\[(#[A-Za-z0-9_-]*|\*|[0-9]{1,4})\]_/)),

    // Markdown footnote reference `[^label]`.
    footnote_marker: (_) => token(prec(1, /\[\^[^\s\[\]]{1,100}\]/)),

    // Pandoc inline note `^[text]`.
    // Brackets may nest one level: `^[See [the map](url).]`.
    inline_note: (_) => token(prec(1, /\^\[([^\[\]\r\n]|\[[^\[\]\r\n]*\])*\]/)),

    // Pandoc citations: `[@key]`, `[@key, p. 33]`, `[see @a; @b, ch. 2]`,
    // `[-@key]`, and `@key` in running text.
    citation_marker: (_) => token(prec(1, choice(
      /\[([^\[\]\r\n@]*[\s;])?-?@[A-Za-z0-9_][^\[\]\r\n]*\]/,
      /@[A-Za-z_]([A-Za-z0-9_:.#$%&+?<>~\/-]*[A-Za-z0-9_])?/,
    ))),

    // Cross-references, not citations: pandoc-crossref's `[@fig:x]`,
    // `[@eq:y]`, and Quarto's `@fig-x`, `@tbl-y`, `[-@sec-z]`, whose
    // prefixes Quarto reserves for them.
    crossref: (_) => token(prec(3, choice(
      /\[-?@(fig|eq|tbl|sec|lst):[^\[\]\r\n]*\]/,
      /@(fig|eq|tbl|sec|lst):[A-Za-z0-9_:.-]*[A-Za-z0-9_]/,
      new RegExp(`\\[-?@${QUARTO_LABEL}(\\s*;\\s*-?@${QUARTO_LABEL})*\\]`),
      new RegExp(`@${QUARTO_CROSSREF}-[A-Za-z0-9_:.-]*[A-Za-z0-9_]`),
    ))),

    // A URL never ends in sentence punctuation; `<http://…>` is an autolink.
    url: (_) => token(choice(
      // Balanced parentheses belong to the URL: `…/wiki/Kew_(gardens)`.
      /(https?|ftp):\/\/([^\s<>"“”‘’()]|\([^\s<>"“”‘’()]*\))*([^\s<>"“”‘’().,;:!?\]'*_]|\([^\s<>"“”‘’()]*\))/,
      /www\.[^\s<>"“”‘’]*[^\s<>"“”‘’.,;:!?)\]'*_]/,
      /<(https?|ftp):\/\/[^<>\s]*>/,
    )),

    doi: (_) => token(/(doi|DOI):[ ]?10\.[0-9]{4,9}\/[^\s<>"“”]*[^\s<>"“”.,;:!?)\]']/),

    email: (_) => token(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/),

    // A Markdown link `[text](url)` that is not a marker. One whose text
    // names a handle (`[Posts by @harbour](https://…)`) is a link too, not
    // a Pandoc citation that stops at the bracket.
    link: (_) => token(choice(
      /\[[^\[\]\r\n]*\]\([^()\s]*\)/,
      prec(2, /\[[^\[\]\r\n]*@[^\[\]\r\n]*\]\([^()\s]*\)/),
    )),

    // `*Title*`, `_Title_`, `**bold**`, `<i>Title</i>`, `<em>…</em>`. The scanner
    // opens one only when a matching closer follows on the same line.
    emphasis: ($) => prec.right(seq(
      alias($._emphasis_open, $.emphasis_delimiter),
      repeat($._inline),
      optional(alias($._emphasis_close, $.emphasis_delimiter)),
    )),

    // “…”, ‘…’, '…', "…": titles in citations, quotations in prose.
    quoted_title: ($) => prec.right(seq(
      alias($._quote_open, $.quote_delimiter),
      repeat($._inline),
      optional(alias($._quote_close, $.quote_delimiter)),
    )),

    // `code`, ``code`` (reStructuredText's literal, and Markdown's way
    // to hold a backtick) and ```code``` within a line.
    code_span: (_) => token(choice(
      /`[^`\r\n]+`/,
      /``[^`\r\n]([^`\r\n]|`[^`\r\n])*``/,
      /```[^`\r\n]([^`\r\n]|`[^`\r\n]|``[^`\r\n])*```/,
    )),

    // `<!-- … -->` within a line: hidden text, not prose.
    comment: (_) => token(prec(1, /<!--([^-\r\n]|-[^-\r\n])*-->/)),

    html_tag: (_) => token(/<\/?[A-Za-z][A-Za-z0-9]*([ \t][^<>\r\n]*)?\/?>/),

    escape: (_) => token(/\\[^\r\n]/),

    // Any one character that starts none of the above.
    _fallback: (_) => token(prec(-1, /[^\r\n]/)),
  },
});
