; Highlights for research notes. The capture names follow the common
; vocabulary of tree-sitter editors (Neovim, Helix, Zed), so that a theme
; colours notes without knowing anything about ibid.

(heading) @markup.heading
(atx_marker) @punctuation.special
(heading_number) @markup.heading

(notes_section
  heading: (heading) @markup.heading.notes)

(note_label) @label
(list_marker) @markup.list

(marker) @markup.link.label

(crossref) @markup.link

(url) @markup.link.url
(doi) @markup.link.url
(email) @markup.link.url
(link) @markup.link

(emphasis) @markup.italic
(emphasis_delimiter) @punctuation.delimiter

(quoted_title) @markup.quote
(quote_delimiter) @punctuation.delimiter

(code_span) @markup.raw
(fenced_code_block) @markup.raw.block
(comment) @comment
(indented_code_block) @markup.raw.block

(html_tag) @tag
(escape) @string.escape

(table_caption) @markup.heading
(table_note) @comment
(table_separator) @punctuation.delimiter
