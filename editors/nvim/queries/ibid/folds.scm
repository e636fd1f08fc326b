; Folds: the notes section, each note, tables and code blocks.

[
  (notes_section)
  (note)
  (table)
  (fenced_code_block)
  (indented_code_block)
] @fold
