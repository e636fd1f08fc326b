/*
 * External scanner for the ibid notes grammar.
 *
 * Research notes are line oriented: whether a line is a heading, a note
 * definition, a table row or more prose depends on the line itself, on the line
 * after it (a heading stands alone) and on what came before (`12. Text` is a
 * note only inside a notes section; `[5] text` continuing a paragraph is a
 * marker, not a definition). Those decisions are made here, once per line, and
 * handed to the parser as one token per line break and one per block start.
 *
 * The scanner also lexes plain text in long runs, stopping only where an inline
 * construct may begin, so that prose costs one token per run instead of one per
 * word. Everything it reads ahead of a token's end is bounded by the current
 * line (or by a fixed window for closing delimiters), which keeps the parse
 * linear in the size of the input.
 *
 * The lexer cannot rewind. Every function that reads ahead says whether it does,
 * and every token that may be followed by a look-ahead calls `mark_end` first.
 */

#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <uchar.h>

enum TokenType {
  BLOCK_SEP,
  SOFT_BREAK,
  PARAGRAPH_START,
  HEADING_START,
  NOTES_HEADING_START,
  NOTE_START,
  ROW_START,
  CAPTION_START,
  TABLE_NOTE_START,
  FENCED_CODE_BLOCK,
  INDENTED_CODE_BLOCK,
  TABLE_SEPARATOR,
  ATX_MARKER,
  HEADING_NUMBER,
  LIST_MARKER,
  NOTE_LABEL,
  LABEL_SEP,
  TEXT,
  CELL_SEP,
  EMPHASIS_OPEN,
  EMPHASIS_CLOSE,
  QUOTE_OPEN,
  QUOTE_CLOSE,
  NOTE_GROUP_START,
  BLOCK_GROUP_START,
  COMMENT,
  ERROR_SENTINEL,
};

/* The block that is open, as far as the scanner is concerned. */
enum Block {
  B_NONE,
  B_PARAGRAPH,
  B_HEADING,
  B_NOTE,
  B_TABLE,
  B_CAPTION,
  B_TABLE_NOTE,
  B_CODE,
};

/* How a note's label is written; Markdown notes continue on indented lines. */
enum LabelStyle {
  S_NONE,
  S_BRACKET,
  S_SUPERSCRIPT,
  S_NUMBERED,
  S_MARKDOWN,
  /* `^ a b`, `Jump up ^`, `↑`: a pasted Wikipedia reference list, whose
   * notes are numbered by their order (the analysis counts them). */
  S_BACKLINK,
  /* `† text`, `‡ text`: notes marked with a dagger, as a few footnotes in a
   * text of numbered ones often are. */
  S_SYMBOL,
  /* `.. [#] text`, `.. [1] text`, `.. [#label] text`: reStructuredText. */
  S_REST,
};

/* What a line is, judged from the line, the start of the next one and the state. */
enum LineKind {
  L_BLANK,
  L_PARAGRAPH,
  L_ATX,
  L_HEADING, /* an ALL-CAPS or numbered heading standing alone */
  L_NOTES_HEADING,
  L_NOTE,
  L_ROW,
  L_SEPARATOR_ROW,
  L_CAPTION,
  L_TABLE_NOTE,
  L_FENCE,
  L_INDENTED,
  L_COMMENT, /* `<!--` opens an HTML comment, which runs to the line of its `-->` */
  L_DIRECTIVE, /* a fence that opens or closes a MyST directive holding prose: a line of text of its own */
};

/* Inline delimiters that may be open. */
enum Delim {
  D_NONE,
  D_STAR,
  D_STAR2,
  D_UNDER,
  D_UNDER2,
  D_HTML_I,
  D_HTML_EM,
  D_DQUOTE_CURLY, /* “ … ” */
  D_SQUOTE_CURLY, /* ‘ … ’ */
  D_SQUOTE,       /* ' … ' */
  D_DQUOTE,       /* " … " */
};

#define MAX_DEPTH 8
/* How far ahead a closing delimiter is looked for, in characters. A title in a
 * citation is rarely longer; the bound keeps unclosed delimiters linear. */
#define CLOSER_WINDOW 400
/* How much of a line's start is kept for pattern matching, in characters. */
#define PREFIX 96
/* How much of a line is read to classify it. Every rule that needs more
 * than the prefix (headings, table rows) is about short lines or about tabs
 * near the start, and prose lines run to 2,000 characters: reading them
 * whole twice more than the text itself would cost a third of the parse. */
#define SCAN_LIMIT 160
/* The length recorded for a line that was not read to its end. */
#define LONG_LINE 0x7FFFFFFF
/* Headings are short; longer lines are prose. */
#define MAX_HEADING_CHARS 150
#define MAX_NUMBERED_HEADING_CHARS 120

typedef struct {
  uint8_t block;
  uint8_t note_style;
  uint8_t in_notes;
  uint8_t after_blank;
  /* Lengths, in characters, measured when a block start was classified and
   * consumed by the tokens that follow it (list marker, label, separator). */
  uint8_t bullet_len;
  uint8_t label_len;
  uint8_t sep_len;
  /* The row that was just opened is a separator row. */
  uint8_t separator_row;
  /* No block may start here: the last token was not a block separator.
   * This cannot be read from the valid symbols alone: when the parser reuses a
   * finished node from an earlier tree (a table cell, say), it is past that
   * node's end and would accept a new block, although the line goes on. After
   * a soft break the open block continues, so that counts as inside too; a
   * table row after one is told by ROW_START, valid nowhere else. */
  uint8_t mid_line;
  /* A note group was just opened here; the note itself comes next. */
  uint8_t group_opened;
  /* The line after a block separator, when it was classified as a note
   * while deciding that the block ended there: its label's measures and
   * whether it opens a group, so that the block start that follows need
   * not read the line again. Every line of a list of notes is such a line.
   * Valid only for the next block start: the separator's look-ahead covers
   * the line, so an edit there makes the parser scan the separator again. */
  uint8_t pending_note;
  uint8_t pending_group;
  uint8_t pending_style;
  uint8_t pending_bullet;
  uint8_t pending_label;
  uint8_t pending_sep;
  /* The last block opened was an item of a list (`- text`, `1.  text`) or
   * a paragraph indented under one: a block indented after a blank line
   * goes on with the item, as a list's second paragraph, and is no code. */
  uint8_t in_list;
  /* Where the text of that item starts: code in it is indented four
   * columns more (CommonMark's rule for a list item's content). */
  uint8_t list_indent;
  /* The last block opened was a thematic break (`----`, `* * *`): a
   * numbered list of web sources right after one is a list of notes. */
  uint8_t after_rule;
  /* Plain text only: the last line of text ended with `::`, which in
   * reStructuredText (PEPs, Python's docs) makes the indented block after
   * it a literal block, code as in Markdown. */
  uint8_t literal_next;
  /* The fence (its length, in backticks or colons) that opened a MyST
   * directive whose body is prose (```` ```{note} ````): its lines are
   * read as text, markers and all, and a fence as long closes it. */
  uint8_t directive_fence;
  uint8_t depth;
  uint8_t stack[MAX_DEPTH];
  /* Set for the life of the scanner, never serialised: the document is
   * plain text, where an indented passage (a quoted letter, a verse) is
   * text, not Markdown's code. */
  bool plain;
} Scanner;

/* ------------------------------------------------------------------------ */
/* Characters                                                               */
/* ------------------------------------------------------------------------ */

static inline bool is_newline(int32_t c) { return c == '\n' || c == '\r'; }
static inline bool is_space(int32_t c) { return c == ' ' || c == '\t'; }
static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }
static inline bool is_ascii_alpha(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool is_ascii_alnum(int32_t c) { return is_ascii_alpha(c) || is_digit(c); }

static inline bool is_superscript_digit(int32_t c) {
  return c == 0x00B9 || c == 0x00B2 || c == 0x00B3 || c == 0x2070 ||
         (c >= 0x2074 && c <= 0x2079);
}

/* The value of an ASCII or superscript digit; -1 for any other character. */
static inline int32_t digit_value(int32_t c) {
  if (is_digit(c)) return c - '0';
  if (c >= 0x2074 && c <= 0x2079) return c - 0x2070;
  switch (c) {
    case 0x2070: return 0;
    case 0x00B9: return 1;
    case 0x00B2: return 2;
    case 0x00B3: return 3;
    default: return -1;
  }
}

static inline bool is_upper(int32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
         (c >= 0x410 && c <= 0x42F);
}

static inline bool is_lower(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
         (c >= 0x430 && c <= 0x44F);
}

/* Letters for the purpose of words: ASCII, Latin-1 and Latin Extended,
 * Greek, Cyrillic, and anything in the CJK ranges. */
static inline bool is_letter(int32_t c) {
  if (is_ascii_alpha(c)) return true;
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return true;
  if (c >= 0x370 && c <= 0x52F) return true;
  if (c >= 0x3040 && c <= 0x9FFF) return true;
  if (c >= 0xAC00 && c <= 0xD7AF) return true;
  return false;
}

static inline bool is_alnum(int32_t c) { return is_letter(c) || is_digit(c); }

/* Characters of an e-mail local part or a URL scheme, as the probe sees them.
 * `_` is left out on purpose: it may close `_emphasis_`. */
static inline bool is_chunk_char(int32_t c) {
  return is_ascii_alnum(c) || c == '.' || c == '%' || c == '+' || c == '-';
}

static inline int32_t ascii_lower(int32_t c) {
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }
static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }
/* The lexer reports a lookahead of 0 at the end of the input; only then is
 * the (indirect, comparatively costly) end-of-input check needed. */
static inline bool at_eof(TSLexer *lexer) { return lexer->lookahead == 0 && lexer->eof(lexer); }
static inline bool at_line_end(TSLexer *lexer) {
  int32_t c = lexer->lookahead;
  return c == '\n' || c == '\r' || (c == 0 && lexer->eof(lexer));
}

/* Consumes one line break (LF, CRLF or a lone CR). */
static void consume_newline(TSLexer *lexer) {
  if (lexer->lookahead == '\r') {
    advance(lexer);
    if (lexer->lookahead == '\n') advance(lexer);
  } else if (lexer->lookahead == '\n') {
    advance(lexer);
  }
}

/* ------------------------------------------------------------------------ */
/* Delimiter stack                                                          */
/* ------------------------------------------------------------------------ */

static void push(Scanner *s, uint8_t d) {
  if (s->depth < MAX_DEPTH) s->stack[s->depth++] = d;
}

static int find_open(const Scanner *s, uint8_t d) {
  for (int i = (int)s->depth - 1; i >= 0; i--) {
    if (s->stack[i] == d) return i;
  }
  return -1;
}

static void clear_inline(Scanner *s) { s->depth = 0; }

/* ------------------------------------------------------------------------ */
/* Lines                                                                    */
/* ------------------------------------------------------------------------ */

/* What a look over one line has learned. */
typedef struct {
  int32_t prefix[PREFIX];
  uint32_t prefix_len; /* characters kept in `prefix` */
  uint32_t length;     /* characters in the line after its indentation */
  uint32_t indent;     /* columns of leading white space, tabs to 4 */
  bool interior_tab;   /* a tab with text on both sides */
  bool indent_has_tab; /* the indentation holds a tab: empty leading cells */
  uint32_t tabs;       /* tabs after the indentation */
  uint32_t pipes;
  uint32_t letters;
  uint32_t uppers;
  uint32_t lowers;
  int32_t last; /* the last character that is not white space */
  uint32_t fence_len;
  /* A fence that opens a MyST prose directive (its length), or closes
   * the one open (-1); 0 for any other line. */
  int32_t directive;
  bool pending_tab; /* a tab was read and no text after it yet */
  /* The line holds a footnote backlink (`↩`, `(#fnref1)`, `(#fnref:1)`,
   * `(#ftnt_ref1)`): an HTML export's note, whatever stands before it. */
  bool backlink;
  uint8_t fnref_run; /* characters of `#fnref` matched so far */
  uint8_t ftnt_run;  /* characters of `#ftnt_ref` matched so far */
  uint8_t fref_run;  /* characters of `#footnote-ref` matched so far */
  uint8_t span_run;  /* characters of `]{#fn` matched so far */
  uint8_t url_run;   /* characters of `://` matched so far */
  bool url;          /* the line holds `://` */
  bool complete;    /* the line was read to its end */
} Line;

/* The length of the line for the rules about short lines: as read, or
 * `LONG_LINE` when it was not read to its end. */
static inline uint32_t line_length(const Line *line) {
  return line->complete ? line->length : LONG_LINE;
}

/* Starts reading a line at the lexer's position (the first character after
 * the indentation). */
static void line_begin(Line *line) {
  line->prefix_len = 0;
  line->length = 0;
  line->interior_tab = false;
  line->tabs = 0;
  line->pending_tab = false;
  line->pipes = 0;
  line->letters = line->uppers = line->lowers = 0;
  line->last = 0;
  line->fence_len = 0;
  line->directive = 0;
  line->complete = false;
  line->backlink = false;
  line->fnref_run = line->ftnt_run = line->fref_run = line->span_run = 0;
  line->url_run = 0;
  line->url = false;
}

/* One step of matching `word` (which starts with `#` and holds no other)
 * through a line: how many of its characters now stand before `c`'s end. */
static inline uint8_t match_step(const char *word, uint8_t run, int32_t c) {
  if (c == (int32_t)(unsigned char)word[run]) return (uint8_t)(run + 1);
  return c == '#' ? 1 : 0;
}

/* Follows `↩`, `#fnref`, `#ftnt_ref`, `#footnote-ref` (mammoth's Word
 * export, `[↑](#footnote-ref-1)`) and Pandoc's `]{#fn` (a note's text as a
 * span that carries the note's anchor, `[Text]{#fn1}`) through the
 * characters of a line. */
static void track_backlink(Line *line, int32_t c) {
  static const char FNREF[] = "#fnref";
  static const char FTNT[] = "#ftnt_ref";
  static const char FREF[] = "#footnote-ref";
  static const char SPAN[] = "]{#fn";
  if (c == 0x21A9) line->backlink = true;
  line->fnref_run = match_step(FNREF, line->fnref_run, c);
  line->ftnt_run = match_step(FTNT, line->ftnt_run, c);
  line->fref_run = match_step(FREF, line->fref_run, c);
  if (c == (int32_t)(unsigned char)SPAN[line->span_run]) {
    line->span_run++;
  } else {
    line->span_run = c == ']' ? 1 : 0;
  }
  if (line->fnref_run == sizeof(FNREF) - 1 || line->ftnt_run == sizeof(FTNT) - 1 ||
      line->fref_run == sizeof(FREF) - 1 || line->span_run == sizeof(SPAN) - 1) {
    line->backlink = true;
    line->fnref_run = line->ftnt_run = line->fref_run = line->span_run = 0;
  }
}

/* Goes on reading the line, up to its line break or until `limit`
 * characters have been read in all. */
static void read_line(TSLexer *lexer, Line *line, uint32_t limit) {
  while (line->length < limit) {
    if (at_line_end(lexer)) {
      line->complete = true;
      return;
    }
    int32_t c = lexer->lookahead;
    if (line->prefix_len < PREFIX) line->prefix[line->prefix_len++] = c;
    line->length++;
    if (c == '\t') {
      line->pending_tab = true;
      line->tabs++;
    } else if (c != ' ') {
      if (line->pending_tab) line->interior_tab = true;
      line->last = c;
    }
    if (c == '|') line->pipes++;
    if (c == '#' || c == ']' || c == 0x21A9 || line->fnref_run || line->ftnt_run ||
        line->fref_run || line->span_run) {
      track_backlink(line, c);
    }
    if (c == ':' || line->url_run) {
      if (c == ':') {
        line->url_run = 1;
      } else if (c == '/' && line->url_run < 3) {
        line->url_run++;
        if (line->url_run == 3) line->url = true;
      } else {
        line->url_run = 0;
      }
    }
    if (is_letter(c)) {
      line->letters++;
      if (is_upper(c)) line->uppers++;
      if (is_lower(c)) line->lowers++;
      /* Letters outside the cased ranges (CJK) count as neither. */
    }
    advance(lexer);
  }
  line->complete = at_line_end(lexer);
}

/* Whether the line after the one the lexer is at the end of is blank or
 * absent. Advances over the line break. */
static bool next_line_blank(TSLexer *lexer) {
  while (!at_line_end(lexer)) advance(lexer);
  if (at_eof(lexer)) return true;
  consume_newline(lexer);
  while (is_space(lexer->lookahead) && !at_eof(lexer)) advance(lexer);
  return at_line_end(lexer);
}

/* Advances over leading spaces and tabs, returning their width in columns;
 * `tab`, when given, says whether there was a tab among them. */
static uint32_t read_indent_tab(TSLexer *lexer, bool *tab) {
  uint32_t indent = 0;
  while (is_space(lexer->lookahead) && !at_eof(lexer)) {
    if (lexer->lookahead == '\t') {
      indent += 4 - (indent % 4);
      if (tab) *tab = true;
    } else {
      indent += 1;
    }
    advance(lexer);
  }
  return indent;
}

static uint32_t read_indent(TSLexer *lexer) { return read_indent_tab(lexer, NULL); }


/* A note label at the start of `p`: its style, and the lengths of the list
 * bullet before it, of the label and of the separator after it. */
typedef struct {
  uint8_t style;
  uint32_t bullet_len;
  uint32_t label_len;
  uint32_t sep_len;
} Label;

static uint32_t match_digits(const int32_t *p, uint32_t n, uint32_t i, uint32_t max) {
  uint32_t start = i;
  while (i < n && is_digit(p[i]) && i - start < max) i++;
  if (i < n && is_digit(p[i])) return 0; /* too many digits */
  return i - start;
}

static uint32_t match_superscripts(const int32_t *p, uint32_t n, uint32_t i) {
  uint32_t start = i;
  while (i < n && is_superscript_digit(p[i])) i++;
  return i - start;
}

/* `(target)` with no white space or parentheses inside; returns its length. */
static uint32_t match_link_target(const int32_t *p, uint32_t n, uint32_t i, bool anchor) {
  uint32_t start = i;
  if (i >= n || p[i] != '(') return 0;
  i++;
  if (anchor && (i >= n || p[i] != '#')) return 0;
  while (i < n && p[i] != ')' && p[i] != '(' && !is_space(p[i])) i++;
  if (i >= n || p[i] != ')') return 0;
  return i + 1 - start;
}

static bool ascii_prefix_ci(const int32_t *p, uint32_t n, uint32_t i, const char *word) {
  size_t len = strlen(word);
  if (i + len > n) return false;
  for (size_t k = 0; k < len; k++) {
    if (ascii_lower(p[i + k]) != (int32_t)word[k]) return false;
  }
  return true;
}

/* The letters `a b c …` that a Wikipedia reference line shows for a source
 * cited more than once, starting at `i`: their length (white space before
 * them included), or 0 unless there are at least two, in order. */
static uint32_t match_backlink_letters(const int32_t *p, uint32_t n, uint32_t i) {
  uint32_t j = i, end = i;
  int32_t expect = 'a';
  for (;;) {
    uint32_t k = j;
    while (k < n && is_space(p[k])) k++;
    if (k >= n || p[k] != expect || (k + 1 < n && !is_space(p[k + 1]) && p[k + 1] != ',')) break;
    j = k + 1;
    if (j < n && p[j] == ',') j++;
    if (expect >= 'b') end = j;
    expect++;
  }
  return end - i;
}

static inline bool is_arrow(int32_t c) { return c == '^' || c == 0x2191; }

/* `†` and `‡`: marks of notes that are not numbered. */
static inline bool is_dagger(int32_t c) { return c == 0x2020 || c == 0x2021; }

/* What a pasted Wikipedia reference list writes instead of a number: an
 * arrow, `^` or `↑`, after up to three words of the wiki's language
 * (`Jump up ^`, `Ir a ↑`) or before English ones (`^ Jump up to:`), then
 * the letters of the source's citations (`a b`); or `Jump up to: a b` with
 * no arrow. Its length, or 0. */
static uint32_t match_backlink_label(const int32_t *p, uint32_t n, uint32_t i) {
  uint32_t start = i;
  if (ascii_prefix_ci(p, n, i, "jump up to:")) {
    i += 11;
    uint32_t letters = match_backlink_letters(p, n, i);
    return letters > 0 ? i + letters - start : 0;
  }
  /* Words before the arrow: short, letters only, each followed by a space. */
  uint32_t j = i;
  for (int words = 0; words < 3 && j < n && !is_arrow(p[j]); words++) {
    uint32_t k = j;
    while (k < n && is_letter(p[k])) k++;
    if (k == j || k - j > 8) break;
    if (k < n && p[k] == ':') k++;
    if (k >= n || !is_space(p[k])) break;
    while (k < n && is_space(p[k])) k++;
    j = k;
  }
  if (j < n && is_arrow(p[j])) {
    i = j + 1;
  } else {
    return 0;
  }
  if (i < n && !is_space(p[i])) return 0;
  {
    uint32_t k = i;
    while (k < n && is_space(p[k])) k++;
    if (ascii_prefix_ci(p, n, k, "jump up to:")) {
      i = k + 11;
    } else if (ascii_prefix_ci(p, n, k, "jump up") && (k + 7 >= n || is_space(p[k + 7]))) {
      i = k + 7;
    }
  }
  return i + match_backlink_letters(p, n, i) - start;
}

/* The label proper (no bullet, no wrapper). Returns its length, 0 if none. */
static uint32_t match_bare_label(const int32_t *p, uint32_t n, uint32_t i, uint8_t *style) {
  uint32_t k;
  if (i >= n) return 0;
  if (p[i] == '[') {
    if (i + 1 < n && p[i + 1] == '^') {
      /* [^label] */
      uint32_t j = i + 2;
      while (j < n && p[j] != ']' && p[j] != '[' && !is_space(p[j])) j++;
      if (j >= n || p[j] != ']' || j == i + 2) return 0;
      *style = S_MARKDOWN;
      return j + 1 - i;
    }
    if (ascii_prefix_ci(p, n, i + 1, "footnote ")) {
      /* `[Footnote 12: text…]`: Project Gutenberg's note, set after the
       * paragraph that marks it, its text closed by the bracket. The label
       * is `[Footnote 12`; the colon separates it from the text. */
      k = match_digits(p, n, i + 10, 4);
      if (k == 0 || i + 10 + k >= n || p[i + 10 + k] != ':') return 0;
      *style = S_BRACKET;
      return 10 + k;
    }
    if (i + 2 < n && p[i + 1] == '\\' && p[i + 2] == '[') {
      /* [\[12\]](#ftnt_ref12): a Google Docs export's escaped label. */
      k = match_digits(p, n, i + 3, 4);
      if (k == 0) return 0;
      uint32_t j = i + 3 + k;
      if (j + 2 >= n || p[j] != '\\' || p[j + 1] != ']' || p[j + 2] != ']') return 0;
      uint32_t t = match_link_target(p, n, j + 3, false);
      if (t == 0) return 0;
      *style = S_BRACKET;
      return j + 3 + t - i;
    }
    if (i + 1 < n && p[i + 1] == '[') {
      /* [[12]](#anchor), and Typora's `[[12\]](#_ftnref12)`. */
      k = match_digits(p, n, i + 2, 4);
      if (k == 0) return 0;
      uint32_t j = i + 2 + k;
      if (j < n && p[j] == '\\') j++;
      if (j + 1 >= n || p[j] != ']' || p[j + 1] != ']') return 0;
      uint32_t t = match_link_target(p, n, j + 2, false);
      if (t == 0) return 0;
      *style = S_BRACKET;
      return j + 2 + t - i;
    }
    k = match_digits(p, n, i + 1, 4);
    if (k > 0) {
      uint32_t j = i + 1 + k;
      if (j >= n || p[j] != ']') return 0;
      uint32_t t = match_link_target(p, n, j + 1, true);
      *style = S_BRACKET;
      return j + 1 + t - i;
    }
    k = match_superscripts(p, n, i + 1);
    if (k > 0) {
      /* [¹](target) */
      uint32_t j = i + 1 + k;
      if (j >= n || p[j] != ']') return 0;
      uint32_t t = match_link_target(p, n, j + 1, false);
      if (t == 0) return 0;
      *style = S_SUPERSCRIPT;
      return j + 1 + t - i;
    }
    return 0;
  }
  if (p[i] == '\\') {
    /* \[12\] */
    if (i + 1 >= n || p[i + 1] != '[') return 0;
    k = match_digits(p, n, i + 2, 4);
    uint32_t j = i + 2 + k;
    if (k == 0 || j + 1 >= n || p[j] != '\\' || p[j + 1] != ']') return 0;
    *style = S_BRACKET;
    return j + 2 - i;
  }
  k = match_backlink_label(p, n, i);
  if (k > 0) {
    *style = S_BACKLINK;
    return k;
  }
  if (is_dagger(p[i])) {
    k = 0;
    while (i + k < n && k < 3 && p[i + k] == p[i]) k++;
    if (i + k < n && !is_space(p[i + k])) return 0;
    *style = S_SYMBOL;
    return k;
  }
  k = match_superscripts(p, n, i);
  if (k > 0) {
    /* Notes count from one: `⁰` alone on a line is an icon that an HTML
     * to text converter kept (html2text's copy of a wiki's toggles). */
    if (p[i] == 0x2070) return 0;
    *style = S_SUPERSCRIPT;
    return k;
  }
  /* Notes are numbered below 1000: `2001.` opening a wrapped line is a year. */
  k = match_digits(p, n, i, 3);
  if (k > 0) {
    *style = S_NUMBERED;
    return k;
  }
  /* `(3) text`, numbered in parentheses. */
  if (p[i] == '(') {
    k = match_digits(p, n, i + 1, 3);
    if (k > 0 && i + 1 + k < n && p[i + 1 + k] == ')') {
      *style = S_NUMBERED;
      return k + 2;
    }
  }
  return 0;
}

  
/* Where the opening tag whose attributes start at `j` ends, after its
 * `>`; 0 when the line ends or another tag opens first. */
static uint32_t open_tag_end(const int32_t *p, uint32_t n, uint32_t j) {
  while (j < n && p[j] != '>' && p[j] != '<') j++;
  return j < n && p[j] == '>' ? j + 1 : 0;
}

/* A label, possibly after a list bullet and possibly wrapped in an HTML anchor
 * (`<a id="n1">[1]</a>`, or after an empty `<span id=…></span>`), followed by
 * its separator. */
static bool match_label(const int32_t *p, uint32_t n, Label *out) {
  uint32_t i = 0;
  out->style = S_NONE;
  out->bullet_len = 0;
  /* A list bullet: `- `, `* `, `• `, `– `. */
  if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == 0x2022 || p[0] == 0x2013) &&
      is_space(p[1])) {
    i = 1;
    while (i < n && is_space(p[i])) i++;
    out->bullet_len = i;
  }
  /* `.. [#] text`: a reStructuredText footnote, its own syntax anywhere,
   * also as an item of a list (`* .. [#toc] text`). */
  if (i + 6 <= n && p[i] == '.' && p[i + 1] == '.' && p[i + 2] == ' ' && p[i + 3] == '[') {
    uint32_t at = i + 4;
    uint32_t j = at;
    while (j < n && j < at + 36 && p[j] != ']' && !is_space(p[j])) j++;
    bool label_ok =
        j > at && j < n && p[j] == ']' && (p[at] == '#' || p[at] == '*' || is_digit(p[at]));
    if (label_ok && (j + 1 >= n || is_space(p[j + 1]))) {
      out->style = S_REST;
      out->label_len = j + 1 - out->bullet_len;
      i = j + 1;
      uint32_t sep_start = i;
      while (i < n && is_space(p[i])) i++;
      out->sep_len = i - sep_start;
      return true;
    }
  }
  uint32_t start = i;
  uint8_t style = S_NONE;
  uint32_t len;
  bool wrapped = false;
  if (ascii_prefix_ci(p, n, i, "<span ")) {
    /* `<span id="page-7-4"></span>[1] text`: the empty anchor a PDF
     * converter puts before each entry of a reference list. */
    uint32_t j = open_tag_end(p, n, i + 6);
    if (j == 0 || !ascii_prefix_ci(p, n, j, "</span>")) return false;
    j += 7;
    uint32_t inner = match_bare_label(p, n, j, &style);
    if (inner == 0 || style != S_BRACKET) return false;
    len = j + inner - i;
    wrapped = true;
  } else if (ascii_prefix_ci(p, n, i, "<a ") || ascii_prefix_ci(p, n, i, "<a>")) {
    uint32_t j = open_tag_end(p, n, i + 2);
    if (j == 0) return false;
    if (ascii_prefix_ci(p, n, j, "</a>")) {
      /* `<a name="ftnt1"></a>[1]`: an empty anchor before the label. */
      j += 4;
      uint32_t inner = match_bare_label(p, n, j, &style);
      if (inner == 0 || style == S_MARKDOWN || style == S_BACKLINK) return false;
      len = j + inner - i;
    } else {
      uint32_t inner = match_bare_label(p, n, j, &style);
      if (inner == 0 || style == S_MARKDOWN || style == S_BACKLINK) return false;
      j += inner;
      if (!ascii_prefix_ci(p, n, j, "</a>")) return false;
      len = j + 4 - i;
    }
    wrapped = true;
  } else if (i + 2 < n && p[i] == '*' && p[i + 1] == '*' && p[i + 2] == '[') {
    /* `**[1]** text`: a bracket label set in bold. */
    uint32_t inner = match_bare_label(p, n, i + 2, &style);
    uint32_t j = i + 2 + inner;
    if (inner == 0 || style != S_BRACKET || j + 1 >= n || p[j] != '*' || p[j + 1] != '*') {
      return false;
    }
    len = j + 2 - i;
  } else {
    len = match_bare_label(p, n, i, &style);
    if (len == 0) return false;
  }
  i = start + len;
  /* `[2],[3] text`: one note that serves two labels. */
  while (style == S_BRACKET && !wrapped && i + 1 < n && p[i] == ',') {
    uint32_t j = i + 1;
    while (j < n && is_space(p[j])) j++;
    uint8_t next_style = S_NONE;
    uint32_t next = j < n && p[j] == '[' ? match_bare_label(p, n, j, &next_style) : 0;
    if (next == 0 || next_style != S_BRACKET) break;
    len = j + next - start;
    i = start + len;
  }
  /* The separator. */
  uint32_t sep_start = i;
  bool wide = false;
  if (style == S_MARKDOWN) {
    if (i >= n || p[i] != ':') return false;
    i++;
    /* `[^1]:https://…`, written with no space, is a definition all the same. */
    if (i < n && !is_space(p[i])) {
      out->style = style;
      out->label_len = len;
      out->sep_len = i - sep_start;
      return true;
    }
  } else if (i < n && (p[i] == '.' || p[i] == ')')) {
    /* `¹.`, `12.`, `12)`; a bracket label with a dot is a marker that
     * starts a hard-wrapped line (`[5]. The next`), not a definition,
     * unless an HTML anchor wraps it (`<a id="n1">[1]</a>. text`). */
    if (style == S_BRACKET && !wrapped) return false;
    i++;
  } else if (i + 1 < n && p[i] == '\\' && p[i + 1] == '.' && style == S_NUMBERED) {
    /* `12\. text`: a numbered list escaped by a Markdown export. */
    i += 2;
  } else if (i < n && p[i] == ':' && (style == S_BRACKET || (style == S_NUMBERED && out->bullet_len > 0))) {
    /* `[3]: text`, and `- 3: text` in a bulleted list of notes. */
    i++;
  } else if (i < n && p[i] == 0xFF1A &&
             (style == S_BRACKET || (style == S_NUMBERED && out->bullet_len > 0))) {
    /* `- 3：text`: the full-width colon of Chinese and Japanese, which
     * holds its own space. */
    i++;
    wide = true;
  }
  /* `[[1]](#ftnt_ref1)<span>text</span>`, `[\\[1\\]](#ftnt_ref1){#ftnt1}`,
   * `[[8]](#ftnt_ref8)[link](url)`, `[1]<a name="ftnt1"></a>`: an HTML
   * export puts the note's text (or Pandoc its attributes, or the anchor
   * its marker links to) straight after the label. */
  bool linked = len > 4 && i > 0 && p[i - 1] == ')';
  bool tag_after = style == S_BRACKET && i == sep_start && i < n &&
                   (((p[i] == '<' || p[i] == '{' || p[i] == '[') && linked) ||
                    ascii_prefix_ci(p, n, i, "<a "));
  /* `1.^ Jump up to: a b`, `3.Jump up ^`: a wiki's list copied with its
   * numbers glued to the backlinks. */
  bool backlink_after = style == S_NUMBERED && i > sep_start && i < n &&
                        match_backlink_label(p, n, i) > 0;
  /* `[314]_Ras_--a term`: a book's note whose text opens in italics with
   * no space after the label. */
  bool italic_after = style == S_BRACKET && i == sep_start && i + 1 < n &&
                      (p[i] == '_' || p[i] == '*') && is_letter(p[i + 1]);
  /* `[2]DE SILVA, …`, `[7]汤小朋, …`, `[24]Newsweek, …`: a reference list
   * whose labels are glued to their text, as Chinese GB/T 7714 lists and
   * some exports write them; a marker opens no line glued to a letter. */
  bool glued_after = style == S_BRACKET && !wrapped && i == sep_start && i < n &&
                     is_letter(p[i]);
  /* A no-break space after the label (`[[1]](#ftnt_ref1)\u00A0text`, as
   * Google Docs writes it) separates like a space. */
  if (i < n && !is_space(p[i]) && p[i] != 0xA0 && !tag_after && !backlink_after && !wide &&
      !italic_after && !glued_after) {
    return false;
  }
  if (style == S_NUMBERED && (i >= n || i == sep_start)) {
    /* `12 text` and `12. text` need text after them. */
    if (i >= n) return false;
  }
  while (i < n && (is_space(p[i]) || p[i] == 0xA0)) i++;
  /* `¹ - text`: a dash after the label. */
  if (i + 1 < n && (p[i] == '-' || p[i] == 0x2013 || p[i] == 0x2014) && is_space(p[i + 1])) {
    i++;
    while (i < n && is_space(p[i])) i++;
  }
  /* `12. ^ a b text`: a Wikipedia reference list copied with its numbers. */
  if (style != S_BACKLINK && style != S_MARKDOWN) {
    uint32_t k = match_backlink_label(p, n, i);
    if (k > 0) {
      i += k;
      while (i < n && is_space(p[i])) i++;
    }
  }
  if (style == S_NUMBERED && i >= n) return false;
  /* `<a id="cite-note-24" href="#cite-ref-24">[24]</a>` alone on its line
   * is a wiki's marker left in a paragraph of its own by a converter: an
   * anchored label defines a note only with the note's text after it. */
  if (wrapped && i >= n) return false;
  out->style = style;
  out->label_len = len;
  out->sep_len = i - sep_start;
  return true;
}

/* `#`, `##`, ... followed by white space or the end of the line. */
static uint32_t match_atx(const int32_t *p, uint32_t n, uint32_t length) {
  uint32_t i = 0;
  while (i < n && p[i] == '#' && i < 7) i++;
  if (i == 0 || i > 6) return 0;
  if (i < length && (i >= n || !is_space(p[i]))) return 0;
  return i;
}

/* `#### Page 23`: the number of a page that a PDF's conversion keeps as a
 * heading, where the page broke a list of notes that goes on after it. It
 * does not end the notes section. `atx` is the heading's `#` count. */
static bool page_heading(const Line *line, uint32_t atx) {
  const int32_t *p = line->prefix;
  uint32_t n = line->prefix_len;
  if (n != line->length) return false;
  uint32_t i = atx;
  while (i < n && is_space(p[i])) i++;
  static const char word[] = "page";
  for (uint32_t k = 0; k < 4; k++, i++) {
    if (i >= n || (p[i] | 0x20) != word[k]) return false;
  }
  if (i >= n || !is_space(p[i])) return false;
  while (i < n && is_space(p[i])) i++;
  uint32_t digits = i;
  while (i < n && is_digit(p[i])) i++;
  if (i == digits) return false;
  while (i < n && is_space(p[i])) i++;
  return i == n;
}

/* `1.`, `4.1`, `9.` followed by white space: the number of a heading. */
static uint32_t match_heading_number(const int32_t *p, uint32_t n) {
  uint32_t i = 0;
  for (;;) {
    uint32_t k = match_digits(p, n, i, 2);
    if (k == 0) return 0;
    i += k;
    /* `1\.`: escaped by a Markdown export. */
    if (i + 1 < n && p[i] == '\\' && p[i + 1] == '.') i++;
    if (i < n && p[i] == '.') {
      i++;
      if (i < n && is_digit(p[i])) continue;
    }
    break;
  }
  if (i >= n || !is_space(p[i])) return 0;
  return i;
}

/* The headings that open a notes section, in lower case, in the languages
 * whose documents turn up: a pasted Wikipedia article ends in its own
 * language's `References`. Compared after `fold`. */
static const uint32_t *const NOTES_WORDS[] = {
  U"notes",
  U"endnotes",
  U"end notes",
  U"footnotes",
  U"references",
  U"works cited",
  U"bibliography",
  U"sources",
  U"notes and references",
  U"references and notes",
  U"literature cited",
  U"citations",
  U"source notes",
  U"sources cited",
  /* Works cited, as AI research tools title it in other languages */
  U"obras citadas",
  U"obres citades",
  U"trabalhos citados",
  U"fuentes",
  U"fontes",
  U"fonts",
  U"ouvrages cit\u00e9s",
  U"sources cit\u00e9es",
  U"sources des citations",
  U"refer\u00eancias citadas",
  U"fontes citadas",
  U"zitierte werke",
  U"quellenverzeichnis",
  U"literaturverzeichnis",
  U"\u5f15\u7528\u6587\u732e",
  U"\u5f15\u7528\u7684\u8457\u4f5c",
  U"\u5f15\u7528\u6765\u6e90",
  /* German */
  U"einzelnachweise",
  U"anmerkungen",
  U"fu\u00dfnoten",
  U"quellen",
  U"belege",
  /* French */
  U"r\u00e9f\u00e9rences",
  U"notes et r\u00e9f\u00e9rences",
  /* Spanish, Portuguese, Italian */
  U"referencias",
  U"notas",
  U"notas y referencias",
  U"refer\u00eancias",
  U"notas e refer\u00eancias",
  U"note",
  U"riferimenti",
  /* Dutch */
  U"bronnen",
  U"voetnoten",
  /* Polish, Turkish, Czech, Swedish and Danish */
  U"przypisy",
  U"bibliografia",
  U"kaynak\u00e7a",
  U"kaynaklar",
  U"pozn\u00e1mky",
  U"odkazy",
  U"k\u00e4llor",
  U"noter",
  U"referenser",
  /* Arabic: references, footnotes */
  U"\u0627\u0644\u0645\u0631\u0627\u062c\u0639",
  U"\u0627\u0644\u0647\u0648\u0627\u0645\u0634",
  /* Ukrainian: notes, sources */
  U"\u043f\u0440\u0438\u043c\u0456\u0442\u043a\u0438",
  U"\u0434\u0436\u0435\u0440\u0435\u043b\u0430",
  /* Russian: literature */
  U"\u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430",
  /* Russian */
  U"\u043f\u0440\u0438\u043c\u0435\u0447\u0430\u043d\u0438\u044f",
  U"\u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a\u0438",
  U"\u0441\u043d\u043e\u0441\u043a\u0438",
  /* Vietnamese and Korean */
  U"tham kh\u1ea3o",
  U"ch\u00fa th\u00edch",
  U"\uac01\uc8fc",
  U"\ucc38\uace0 \ubb38\ud5cc",
  U"\ucd9c\ucc98",
  U"\uc8fc\uc11d",
  /* Japanese and Chinese */
  U"\u811a\u6ce8",
  U"\u51fa\u5178",
  U"\u6ce8\u91c8",
  U"\u53c2\u8003\u6587\u732e",
  U"\u6ce8\u91ca",
  U"\u8a3b\u91cb",
  U"\u53c2\u8003\u8d44\u6599",
  /* Traditional Chinese: references, sources, notes, footnotes */
  U"\u53c3\u8003\u6587\u737b",
  U"\u53c3\u8003\u8cc7\u6599",
  U"\u6ce8\u91cb",
  U"\u8173\u8a3b",
  /* Russian, Ukrainian, Bulgarian and Serbian: lists of literature and sources, notes */
  U"\u0441\u043f\u0438\u0441\u043e\u043a \u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u044b",
  U"\u0441\u043f\u0438\u0441\u043e\u043a \u0438\u0441\u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u043d\u043d\u044b\u0445 \u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a\u043e\u0432",
  U"\u0441\u043f\u0438\u0441\u043e\u043a \u0438\u0441\u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u043d\u043d\u043e\u0439 \u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u044b",
  U"\u0431\u0438\u0431\u043b\u0438\u043e\u0433\u0440\u0430\u0444\u0438\u044f",
  U"\u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430 \u0438 \u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a\u0438",
  U"\u0441\u043f\u0438\u0441\u043e\u043a \u0432\u0438\u043a\u043e\u0440\u0438\u0441\u0442\u0430\u043d\u0438\u0445 \u0434\u0436\u0435\u0440\u0435\u043b",
  U"\u0441\u043f\u0438\u0441\u043e\u043a \u043b\u0456\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0438",
  U"\u043b\u0456\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430",
  U"\u0432\u0438\u043d\u043e\u0441\u043a\u0438",
  U"\u0431\u0435\u043b\u0435\u0436\u043a\u0438",
  U"\u0438\u0437\u0442\u043e\u0447\u043d\u0438\u0446\u0438",
  U"\u0440\u0435\u0444\u0435\u0440\u0435\u043d\u0446\u0435",
  U"\u043d\u0430\u043f\u043e\u043c\u0435\u043d\u0435",
  /* Greek: bibliography, notes, references, sources */
  U"\u03b2\u03b9\u03b2\u03bb\u03b9\u03bf\u03b3\u03c1\u03b1\u03c6\u03af\u03b1",
  U"\u03c3\u03b7\u03bc\u03b5\u03b9\u03ce\u03c3\u03b5\u03b9\u03c2",
  U"\u03c0\u03b1\u03c1\u03b1\u03c0\u03bf\u03bc\u03c0\u03ad\u03c2",
  U"\u03c0\u03b7\u03b3\u03ad\u03c2",
  /* Hebrew: notes, footnotes, sources, bibliography */
  U"\u05d4\u05e2\u05e8\u05d5\u05ea",
  U"\u05d4\u05e2\u05e8\u05d5\u05ea \u05e9\u05d5\u05dc\u05d9\u05d9\u05dd",
  U"\u05de\u05e7\u05d5\u05e8\u05d5\u05ea",
  U"\u05d1\u05d9\u05d1\u05dc\u05d9\u05d5\u05d2\u05e8\u05e4\u05d9\u05d4",
  /* Persian and Urdu: sources, footnotes, notes, references */
  U"\u0645\u0646\u0627\u0628\u0639",
  U"\u067e\u0627\u0646\u0648\u06cc\u0633",
  U"\u067e\u0627\u0646\u0648\u0634\u062a",
  U"\u06cc\u0627\u062f\u062f\u0627\u0634\u062a\u200c\u0647\u0627",
  U"\u0645\u0646\u0627\u0628\u0639 \u0648 \u0645\u0622\u062e\u0630",
  U"\u062d\u0648\u0627\u0644\u06c1 \u062c\u0627\u062a",
  U"\u062d\u0648\u0627\u0634\u06cc",
  /* Arabic: sources, notes */
  U"\u0627\u0644\u0645\u0635\u0627\u062f\u0631",
  U"\u0627\u0644\u062d\u0648\u0627\u0634\u064a",
  U"\u0627\u0644\u0645\u0635\u0627\u062f\u0631 \u0648\u0627\u0644\u0645\u0631\u0627\u062c\u0639",
  U"\u0645\u0644\u0627\u062d\u0638\u0627\u062a",
  /* Hindi, Bengali and Tamil: references, notes, bibliography */
  U"\u0938\u0902\u0926\u0930\u094d\u092d",
  U"\u0938\u0928\u094d\u0926\u0930\u094d\u092d",
  U"\u091f\u093f\u092a\u094d\u092a\u0923\u093f\u092f\u093e\u0901",
  U"\u0938\u0902\u0926\u0930\u094d\u092d \u0938\u0942\u091a\u0940",
  U"\u09a4\u09a5\u09cd\u09af\u09b8\u09c2\u09a4\u09cd\u09b0",
  U"\u099f\u09c0\u0995\u09be",
  U"\u0997\u09cd\u09b0\u09a8\u09cd\u09a5\u09aa\u099e\u09cd\u099c\u09bf",
  U"\u0bae\u0bc7\u0bb1\u0bcd\u0b95\u0bcb\u0bb3\u0bcd\u0b95\u0bb3\u0bcd",
  U"\u0b95\u0bc1\u0bb1\u0bbf\u0baa\u0bcd\u0baa\u0bc1\u0b95\u0bb3\u0bcd",
  /* Thai, Georgian, Armenian and Amharic */
  U"\u0e2d\u0e49\u0e32\u0e07\u0e2d\u0e34\u0e07",
  U"\u0e40\u0e0a\u0e34\u0e07\u0e2d\u0e23\u0e23\u0e16",
  U"\u0e1a\u0e23\u0e23\u0e13\u0e32\u0e19\u0e38\u0e01\u0e23\u0e21",
  U"\u10e8\u10d4\u10dc\u10d8\u10e8\u10d5\u10dc\u10d4\u10d1\u10d8",
  U"\u10da\u10d8\u10e2\u10d4\u10e0\u10d0\u10e2\u10e3\u10e0\u10d0",
  U"\u10e1\u10e5\u10dd\u10da\u10d8\u10dd",
  U"\u056e\u0561\u0576\u0578\u0569\u0561\u0563\u0580\u0578\u0582\u0569\u0575\u0578\u0582\u0576\u0576\u0565\u0580",
  U"\u0563\u0580\u0561\u056f\u0561\u0576\u0578\u0582\u0569\u0575\u0578\u0582\u0576",
  U"\u121b\u1323\u1240\u123b\u12ce\u127d",
  /* Korean: references, with and without the space; sources */
  U"\ucc38\uace0\ubb38\ud5cc",
  U"\ucc38\uace0 \uc790\ub8cc",
  U"\ucc38\uace0\uc790\ub8cc",
  /* Turkish, Indonesian, Hungarian, Finnish, Romanian, Norwegian */
  U"notlar",
  U"dipnotlar",
  U"referensi",
  U"catatan kaki",
  U"daftar pustaka",
  U"jegyzetek",
  U"forr\u00e1sok",
  U"l\u00e4hteet",
  U"viitteet",
  U"bibliografie",
  U"referin\u021be",
  U"fotnoter",
  U"kilder",
  NULL,
};

/* Lower case for the scripts the words above use. */
static inline uint32_t fold(int32_t c) {
  if (c >= 'A' && c <= 'Z') return (uint32_t)c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return (uint32_t)c + 32;
  if (c >= 0x410 && c <= 0x42F) return (uint32_t)c + 32;
  /* Cyrillic `Ѐ`-`Џ` (Ukrainian `І`, `Є`, `Ї`), and Greek capitals. */
  if (c >= 0x400 && c <= 0x40F) return (uint32_t)c + 0x50;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return (uint32_t)c + 32;
  return (uint32_t)c;
}

/* The length of a wiki's edit link at the end of a pasted heading
 * (`References[edit]`, `Referencias[editar]`, `Notes [modifier | modifier
 * le code]`): a bracket of words and bars, or 0. */
static uint32_t edit_link_len(const int32_t *p, uint32_t end) {
  if (end < 3 || p[end - 1] != ']') return 0;
  uint32_t j = end - 1;
  while (j > 0 && p[j - 1] != '[') {
    int32_t c = p[j - 1];
    /* `[editar | editar código-fonte]` */
    if (!(is_letter(c) || is_space(c) || c == '|' || c == '-')) return 0;
    j--;
  }
  if (j == 0 || end - j > 40) return 0;
  /* The first word names the link in the wiki's language. */
  static const uint32_t *const EDIT_WORDS[] = {
    U"edit", U"editar", U"modifier", U"bearbeiten", U"modifica", U"bewerken",
    U"edytuj", U"redigera", U"muokkaa",
    U"\u043f\u0440\u0430\u0432\u0438\u0442\u044c", /* править */
    U"\u7de8\u96c6", /* 編集 */
    U"\u7f16\u8f91", /* 编辑 */
    NULL,
  };
  uint32_t w = j;
  while (w < end - 1 && is_letter(p[w])) w++;
  for (const uint32_t *const *e = EDIT_WORDS; *e; e++) {
    const uint32_t *word = *e;
    uint32_t k = j;
    while (k < w && *word && fold(p[k]) == *word) {
      k++;
      word++;
    }
    if (k == w && *word == 0) return end - (j - 1);
  }
  return 0;
}

/* Whether the line, stripped of `#`, a section number, emphasis and a trailing
 * colon, is one of the words that open a notes section. `edit_link`, when
 * given, says whether a wiki's edit link followed the word. */
static bool is_notes_heading_at(const int32_t *p, uint32_t n, uint32_t length, bool *edit_link) {
  if (n < length) return false;
  uint32_t i = 0, end = length;
  /* Decoration around a pasted heading: html2text's `***** References
   * *****`, MediaWiki's `== References ==`, with the edit link inside, and
   * an ATX heading's closing `#`s, which some ruled out to the margin
   * (`## Citations ####…`). */
  while (end > 0 && (is_space(p[end - 1]) || p[end - 1] == '*' || p[end - 1] == '=' ||
                     p[end - 1] == '#')) {
    end--;
  }
  if (end > 64) return false;
  while (i < end && (is_space(p[i]) || p[i] == '*' || p[i] == '=')) i++;
  uint32_t edit = edit_link_len(p, end);
  if (edit_link) *edit_link = edit > 0;
  end -= edit;
  while (i < end && (p[i] == '#' || is_space(p[i]))) i++;
  uint32_t k = match_heading_number(p + i, end - i);
  if (k > 0) {
    i += k;
  } else {
    /* Roman numerals: `IV. References`. */
    uint32_t j = i;
    while (j < end && (p[j] == 'I' || p[j] == 'V' || p[j] == 'X')) j++;
    if (j > i && j < end && p[j] == '.') i = j + 1;
  }
  while (i < end && (is_space(p[i]) || p[i] == '*' || p[i] == '_')) i++;
  while (end > i && (is_space(p[end - 1]) || p[end - 1] == '*' || p[end - 1] == '_' ||
                     p[end - 1] == ':' || p[end - 1] == '#' || p[end - 1] == 0xFF1A)) {
    end--;
  }
  if (end <= i) return false;
  for (const uint32_t *const *w = NOTES_WORDS; *w; w++) {
    const uint32_t *word = *w;
    uint32_t j = i;
    while (j < end && *word && fold(p[j]) == *word) {
      j++;
      word++;
    }
    if (j == end && *word == 0) return true;
  }
  return false;
}

static bool is_notes_heading(const int32_t *p, uint32_t n, uint32_t length) {
  return is_notes_heading_at(p, n, length, NULL);
}

/* `Table 2.` or `Table 2:` (also `Figure`): the caption above a table. */
static bool is_caption(const int32_t *p, uint32_t n) {
  uint32_t i;
  if (ascii_prefix_ci(p, n, 0, "table ")) {
    i = 6;
  } else {
    return false;
  }
  uint32_t k = match_digits(p, n, i, 3);
  if (k == 0) return false;
  i += k;
  return i < n && (p[i] == '.' || p[i] == ':');
}

/* `Note:`, `Notes:`, `Source:`, `Sources:` right after a table. */
static bool is_table_note(const int32_t *p, uint32_t n) {
  return ascii_prefix_ci(p, n, 0, "note:") || ascii_prefix_ci(p, n, 0, "notes:") ||
         ascii_prefix_ci(p, n, 0, "source:") || ascii_prefix_ci(p, n, 0, "sources:");
}

/* `--<TAB>--<TAB>----` or `|---|:--|`. */
static bool is_separator_row(const Line *line) {
  if (!line->complete || line->prefix_len < line->length) return false;
  uint32_t dashes = 0, cuts = 0;
  for (uint32_t i = 0; i < line->prefix_len; i++) {
    int32_t c = line->prefix[i];
    if (c == '-' || c == '=') {
      dashes++;
    } else if (c == '\t' || c == '|') {
      cuts++;
    } else if (c != ':' && c != ' ') {
      return false;
    }
  }
  return dashes >= 2 && cuts >= 1;
}

static bool is_fence(const int32_t *p, uint32_t n, uint32_t indent) {
  if (indent >= 4 || n < 3) return false;
  int32_t c = p[0];
  return (c == '`' || c == '~') && p[1] == c && p[2] == c;
}

/* Whether the line is a backlink arrow and nothing else: an arrow drawn in
 * a diagram (`^` under the cell it points at), where a pasted reference
 * goes on with its source. */
static bool bare_arrow(const Line *line, const Label *label) {
  if (label->style != S_BACKLINK || !line->complete) return false;
  for (uint32_t i = label->bullet_len + label->label_len; i < line->prefix_len; i++) {
    if (!is_space(line->prefix[i])) return false;
  }
  return true;
}

/* Whether a line that starts with `label` defines a note here: Markdown
 * labels always; numbered ones only in a notes section; others at the start
 * of a block, in a notes section, or right after another note. */
static bool note_context(const Scanner *s, const Label *label, bool after_blank,
                         const int32_t *p) {
  /* A line that starts with a backlink arrow is a pasted reference, even
   * right under a heading that is not known as a notes heading. */
  if (label->style == S_MARKDOWN || label->style == S_BACKLINK || label->style == S_REST) {
    return true;
  }
  if (label->style == S_NUMBERED) {
    /* `208 p.`: a number with no stop after it and a word in lower case
     * after that, on a line that goes on with a paragraph, is the wrapped
     * end of a sentence (a reference's page count), not a note's label
     * (`4 Title` under a sources line is one). */
    uint32_t after = label->bullet_len + label->label_len;
    bool bare = label->sep_len > 0 && is_space(p[after]) &&
                p[after + label->sep_len] >= 'a' && p[after + label->sep_len] <= 'z';
    if (bare && !after_blank && s->block == B_PARAGRAPH) return false;
    return s->in_notes != 0;
  }
  /* A heading is a block of one line: the line under it starts a block as
   * one after a blank line does (a reading list's `## 3.4 Captions` with
   * its `**[1]** …` right below). */
  return after_blank || s->in_notes || s->block == B_NOTE || s->block == B_HEADING;
}

/* Whether a numbered line outside a notes section is an HTML export's note
 * all the same: it carries a backlink (`1.  Text. [↩](#fnref1)`). Reads the
 * rest of the line, so it is asked only of lines that start with a number. */
static bool exported_note(TSLexer *lexer, Line *line, const Label *label) {
  /* An indented number is an item of a list inside a note, even where it
   * carries the note's backlink at its end. */
  if (label->style != S_NUMBERED || line->indent >= 4) return false;
  /* `3. <span id="ref_3"></span>Text`: the anchor a marker links to. */
  uint32_t at = label->bullet_len + label->label_len + label->sep_len;
  const int32_t *p = line->prefix;
  uint32_t n = line->prefix_len;
  if (ascii_prefix_ci(p, n, at, "<span id=") || ascii_prefix_ci(p, n, at, "<a id=") ||
      ascii_prefix_ci(p, n, at, "<a name=")) {
    return true;
  }
  read_line(lexer, line, LONG_LINE);
  return line->backlink;
}

/* `11.  Acknowledgements`: a section number and a short capitalised title
 * with no final stop. Asked of a line read to its end (or to the limit). */
static bool numbered_heading(const Line *line) {
  const int32_t *p = line->prefix;
  uint32_t n = line->prefix_len;
  uint32_t number = match_heading_number(p, n);
  if (number == 0) return false;
  uint32_t i = number;
  while (i < n && is_space(p[i])) i++;
  int32_t last = line->last;
  return i < n && is_upper(p[i]) && last != '.' && last != ',' && last != ';' &&
         line_length(line) <= MAX_NUMBERED_HEADING_CHARS;
}

/* A thematic break: three or more of one of `-`, `*`, `_`, spaces between
 * them allowed, and nothing else on a line read whole. */
static bool is_thematic_break(const Line *line) {
  if (!line->complete || line->length > line->prefix_len) return false;
  int32_t mark = 0;
  uint32_t count = 0;
  for (uint32_t i = 0; i < line->prefix_len; i++) {
    int32_t c = line->prefix[i];
    if (is_space(c)) continue;
    if (c != '-' && c != '*' && c != '_') return false;
    if (mark != 0 && c != mark) return false;
    mark = c;
    count++;
  }
  return count >= 3;
}

/* The first line of a numbered list of web sources set off by a thematic
 * break, with no heading: how a research report's export ends when its
 * `Works cited` heading was lost (`1. Title, [https://…](https://…)`).
 * Reads the rest of the line, so it is asked only after a rule. */
static bool sources_after_rule(const Scanner *s, TSLexer *lexer, Line *line, const Label *label) {
  if (!s->after_rule || label->style != S_NUMBERED || label->bullet_len > 0 ||
      label->label_len != 1 || line->prefix_len == 0 || line->prefix[0] != '1' ||
      line->indent >= 4) {
    return false;
  }
  read_line(lexer, line, LONG_LINE);
  return line->url;
}

/* At `{` after a fence: whether the MyST directive named there holds
 * prose (a note, an admonition, a margin note, a dropdown), not code or
 * math. Reads the name and leaves the lexer after it. */
static bool prose_directive(TSLexer *lexer) {
  static const char *const PROSE[] = {
      "note",    "admonition", "attention", "caution",  "danger",  "error",
      "hint",    "important",  "seealso",   "tip",      "warning", "margin",
      "sidebar", "topic",      "epigraph",  "dropdown", "tab-item", "card",
      "div",     "aside",      "pull-quote", "highlights", "glossary",
  };
  advance(lexer);
  char name[16];
  uint32_t len = 0;
  while (len < sizeof(name) - 1 && (is_ascii_alpha(lexer->lookahead) || lexer->lookahead == '-')) {
    name[len++] = (char)ascii_lower(lexer->lookahead);
    advance(lexer);
  }
  name[len] = 0;
  if (lexer->lookahead != '}') return false;
  for (size_t i = 0; i < sizeof(PROSE) / sizeof(PROSE[0]); i++) {
    if (strcmp(name, PROSE[i]) == 0) return true;
  }
  return false;
}

/* Columns of indentation below which a fence opens or closes: four, or
 * four past where the text of the list item being read starts (CommonMark
 * measures a fence in an item from the item's text). */
static inline uint32_t fence_limit(const Scanner *s) {
  return s->in_list ? (uint32_t)s->list_indent + 4 : 4;
}

/* Classifies the line whose indentation the lexer has just read. Leaves the
 * lexer somewhere on that line or the next, so the caller must have marked the
 * end of its token already. Two kinds leave it at a known place, for the caller
 * to read a code block from: a fence (right after the fence characters) and an
 * indented line (at the end of that line). */
static uint8_t classify(Scanner *s, TSLexer *lexer, Line *line, Label *label,
                        bool after_blank) {
  memset(label, 0, sizeof(*label));
  if (at_line_end(lexer)) return L_BLANK;
  /* Fences are recognised from the first three characters, and the lexer must
   * stay on the first line for the caller to read the block. */
  {
    int32_t c = lexer->lookahead;
    if ((c == '`' || c == '~') && line->indent < fence_limit(s)) {
      line_begin(line);
      uint32_t count = 0;
      while (lexer->lookahead == c && !at_eof(lexer)) {
        count++;
        advance(lexer);
      }
      line->fence_len = count;
      if (count >= 3 && c == '`') {
        /* A MyST directive whose body is prose: its fences are lines of
         * text, and what they hold is read as the document's text. */
        if (s->directive_fence > 0 && count >= s->directive_fence) {
          while (is_space(lexer->lookahead)) advance(lexer);
          if (at_line_end(lexer)) {
            line->directive = -1;
            return L_DIRECTIVE;
          }
        } else if (lexer->lookahead == '{' && s->directive_fence == 0 && count < 256 &&
                   prose_directive(lexer)) {
          line->directive = (int32_t)count;
          return L_DIRECTIVE;
        }
        /* As in CommonMark, a backtick fence's info string holds no
         * backtick: ```code``` opening a line is a code span in prose. The
         * rest of the line is the fence's to skip anyway. */
        while (!at_line_end(lexer)) {
          if (lexer->lookahead == '`') return L_PARAGRAPH;
          advance(lexer);
        }
      }
      if (count >= 4 && c == '~' && !after_blank) {
        /* Tildes and nothing else right under a line of text, and a blank
         * line after them: a reStructuredText section title's underline.
         * A fence that interrupts a paragraph has code on its next line. */
        while (is_space(lexer->lookahead)) advance(lexer);
        if (at_line_end(lexer) && next_line_blank(lexer)) return L_PARAGRAPH;
      }
      if (count >= 3) return L_FENCE;
      /* Not a fence: the line is read no further. It is prose. */
      return L_PARAGRAPH;
    }
  }
  /* The prefix first: most lines are told by how they start. */
  line_begin(line);
  read_line(lexer, line, PREFIX);
  const int32_t *p = line->prefix;
  uint32_t n = line->prefix_len;
  bool continuing_table = s->block == B_TABLE;

  /* An HTML comment hides what it holds, footnotes included, and, as in
   * CommonMark, may interrupt a paragraph. */
  if (line->indent < 4 && n >= 4 && p[0] == '<' && p[1] == '!' && p[2] == '-' && p[3] == '-') {
    return L_COMMENT;
  }

  /* A note definition, unless tabs after its label make it a table row. */
  /* Under a list item, four columns past the item's text, as CommonMark
   * measures a list item's continuation (`    [^t]: text` under `*   x`). */
  bool indented_code = after_blank && line->indent >= 4 &&
                       !(s->in_list && line->indent < (uint32_t)s->list_indent + 4);
  /* After a list of bracketed notes (an RFC's `[15]  Dobbertin, …`), a
   * numbered title after a blank line (`11.  Acknowledgements`) opens the
   * document's next section; it is no note in another style. */
  bool section_after_notes = false;
  if (s->in_notes && after_blank && s->note_style == S_BRACKET && line->indent < 4 && n > 0 &&
      is_digit(p[0])) {
    read_line(lexer, line, SCAN_LIMIT);
    section_after_notes = numbered_heading(line);
  }
  /* A number indented under a note is an item of a list in that note. */
  bool nested_item = s->block == B_NOTE && line->indent >= 4;
  /* A reader view indents a pasted Wikipedia list like code; a line that
   * starts with a backlink under a notes heading is a reference all the
   * same. */
  if (!continuing_table && !section_after_notes && match_label(p, n, label) &&
      !bare_arrow(line, label) &&
      (!indented_code || (s->in_notes && label->style == S_BACKLINK)) &&
      !(nested_item && label->style == S_NUMBERED) &&
      (note_context(s, label, after_blank, p) || exported_note(lexer, line, label) ||
       sources_after_rule(s, lexer, line, label))) {
    /* A tab soon after the label makes the line a table row; one far into
     * a note's text is a stray (`… Report No. 99885,<TAB>Universität`). */
    uint32_t body = label->bullet_len + label->label_len + label->sep_len;
    uint32_t tabs = 0, first_tab = 0;
    for (uint32_t i = body; i < n; i++) {
      if (p[i] == '\t') {
        if (tabs == 0) first_tab = i;
        tabs++;
      }
    }
    if (tabs == 0 || (tabs == 1 && first_tab - body >= 40)) return L_NOTE;
  }
  memset(label, 0, sizeof(*label));

  /* A line that continues a paragraph or a note only needs its prefix read;
   * after a blank line the rules for headings and rows need a little more. */
  bool prefix_only = !after_blank && s->block != B_TABLE;
  if (!prefix_only) read_line(lexer, line, SCAN_LIMIT);
  uint32_t length = line_length(line);
  /* `[^t]:` and a pipe table indented under it: the note's body, as GFM
   * reads four columns of indentation under a footnote. */
  bool in_footnote = s->block == B_NOTE && s->note_style == S_MARKDOWN && line->indent >= 4;
  if (!in_footnote && is_separator_row(line)) return L_SEPARATOR_ROW;
  bool row = line->interior_tab || (line->indent_has_tab && line->tabs > 0) ||
             (p[0] == '|' && line->pipes >= 2);
  if (row && line->tabs == 1 && !continuing_table && match_label(p, n, label)) {
    /* `[6]<TAB>text`: a note whose label is followed by a tab, not a row. */
    uint32_t sep_end = label->bullet_len + label->label_len + label->sep_len;
    bool tab_in_sep = false;
    for (uint32_t i = label->bullet_len + label->label_len; i < sep_end && i < n; i++) {
      if (p[i] == '\t') tab_in_sep = true;
    }
    if (tab_in_sep) row = false;
  }
  memset(label, 0, sizeof(*label));
  if (row && !in_footnote) return L_ROW;

  if (after_blank && line->indent >= 4 && !continuing_table && (!s->plain || s->literal_next)) {
    return s->in_list && line->indent < (uint32_t)s->list_indent + 4 ? L_PARAGRAPH : L_INDENTED;
  }

  uint32_t atx = match_atx(p, n, length);
  if (atx > 0) {
    return is_notes_heading(p, n, length) ? L_NOTES_HEADING : L_ATX;
  }

  {
    /* A pasted wiki article has no blank lines: its headings are told by
     * the edit link after them (`References[edit]`). */
    bool edit_link = false;
    if (is_notes_heading_at(p, n, length, &edit_link) && (after_blank || edit_link)) {
      return L_NOTES_HEADING;
    }
    if (length <= n && length <= MAX_HEADING_CHARS) {
      uint32_t end = length;
      while (end > 0 && is_space(p[end - 1])) end--;
      uint32_t edit = edit_link_len(p, end);
      /* Opened like an ATX heading (it ends the block before it, where a
       * heading told by its blank lines would continue it), with no `#`. */
      if (edit > 0 && edit < end) return L_ATX;
    }
  }

  if (!section_after_notes && match_label(p, n, label) && !bare_arrow(line, label) &&
      !(nested_item && label->style == S_NUMBERED) && note_context(s, label, after_blank, p)) {
    return L_NOTE;
  }
  memset(label, 0, sizeof(*label));

  if (s->block == B_TABLE && is_table_note(p, n)) return L_TABLE_NOTE;
  if (!after_blank) return L_PARAGRAPH;

  if (is_caption(p, n)) return L_CAPTION;

  bool caps = line->letters >= 2 && line->lowers == 0 && line->uppers >= 2 &&
              length <= MAX_HEADING_CHARS;
  bool number = (!s->in_notes || section_after_notes) && numbered_heading(line);
  if ((caps || number) && next_line_blank(lexer)) return L_HEADING;
  return L_PARAGRAPH;
}

/* ------------------------------------------------------------------------ */
/* Line breaks and block starts                                             */
/* ------------------------------------------------------------------------ */

static bool opens_group(const Line *line, const Label *label);
static uint32_t list_item(const Line *line);

static void clear_pending(Scanner *s) {
  s->pending_note = s->pending_group = false;
  s->pending_style = s->pending_bullet = s->pending_label = s->pending_sep = 0;
}

/* Whether a line of this kind, right after a line of the open block with no
 * blank line between, continues that block. */
static bool continues_block(const Scanner *s, uint8_t kind) {
  switch (s->block) {
    case B_TABLE:
      return kind == L_ROW || kind == L_SEPARATOR_ROW;
    case B_PARAGRAPH:
    case B_NOTE:
    case B_CAPTION:
    case B_TABLE_NOTE:
      return kind == L_PARAGRAPH || kind == L_HEADING || kind == L_CAPTION ||
             kind == L_TABLE_NOTE || kind == L_INDENTED;
    default:
      return false;
  }
}

/* Whether a Markdown footnote's label and its colon (`[^label]:`) start
 * here. Advances the lexer. */
static bool footnote_label_ahead(TSLexer *lexer) {
  if (lexer->lookahead != '[') return false;
  advance(lexer);
  if (lexer->lookahead != '^') return false;
  advance(lexer);
  uint32_t len = 0;
  while (len < 100 && lexer->lookahead != ']' && !at_line_end(lexer) &&
         !is_space(lexer->lookahead)) {
    advance(lexer);
    len++;
  }
  if (len == 0 || lexer->lookahead != ']') return false;
  advance(lexer);
  return lexer->lookahead == ':';
}

/* At a line break: one token for the break and any blank lines after it. */
static bool scan_break(Scanner *s, TSLexer *lexer, const bool *valid) {
  clear_pending(s);
  consume_newline(lexer);
  lexer->mark_end(lexer);
  bool blank = false;
  uint32_t indent;
  bool indent_tab;
  for (;;) {
    indent_tab = false;
    indent = read_indent_tab(lexer, &indent_tab);
    if (at_eof(lexer)) {
      /* Trailing white space belongs to the last separator. */
      lexer->mark_end(lexer);
      break;
    }
    if (!is_newline(lexer->lookahead)) break;
    consume_newline(lexer);
    lexer->mark_end(lexer);
    blank = true;
  }
  clear_inline(s);
  /* Whether the block goes on is decided from the scanner's state and the
   * next line alone, never from whether the parser would take a soft break:
   * after reusing a finished paragraph from an earlier tree the parser would
   * not, and the tree would differ from a fresh parse. A soft break it cannot
   * take makes it break the reused node down and try again. */
  if (!at_eof(lexer)) {
    Line line;
    Label label;
    line.indent = indent;
    line.indent_has_tab = indent_tab;
    if (blank) {
      /* Only tables and Markdown notes run across blank lines; so does an
       * item of a Markdown list of notes (`1.  Text` and, after a blank
       * line, its second paragraph indented under it). */
      bool list_item = s->note_style == S_NUMBERED && indent >= 4;
      /* `  [^3]:` indented less than a code block, after a blank line: the
       * next footnote's definition, as Python-Markdown writes a label alone
       * on its line with the text indented under it. */
      bool next_footnote = s->block == B_NOTE && s->note_style == S_MARKDOWN && indent < 4 &&
                           footnote_label_ahead(lexer);
      if (s->block == B_NOTE && !next_footnote &&
          (((s->note_style == S_MARKDOWN || s->note_style == S_REST) && indent >= 2) ||
           list_item)) {
        lexer->result_symbol = SOFT_BREAK;
        return true;
      }
      if (s->block == B_TABLE) {
        uint8_t kind = classify(s, lexer, &line, &label, true);
        if (kind == L_ROW || kind == L_SEPARATOR_ROW) {
          lexer->result_symbol = SOFT_BREAK;
          return true;
        }
      }
    } else {
      uint8_t kind = classify(s, lexer, &line, &label, false);
      if (continues_block(s, kind)) {
        /* An item that a paragraph runs into (an admonition's first line,
         * then its list): what is indented under it after a blank line is
         * the item's text, not code. */
        uint32_t item = kind == L_PARAGRAPH && s->block == B_PARAGRAPH ? list_item(&line) : 0;
        if (item > 0) {
          s->in_list = true;
          s->list_indent = (uint8_t)(item < 200 ? item : 200);
        }
        lexer->result_symbol = SOFT_BREAK;
        return true;
      }
      /* The block start will classify the line as this did: same scanner
       * state, and no blank line (with no open block it would count as
       * one). The measures fit a byte: they lie within the line's prefix. */
      if (kind == L_NOTE && s->block != B_NONE) {
        s->pending_note = true;
        s->pending_group = opens_group(&line, &label);
        s->pending_style = label.style;
        s->pending_bullet = (uint8_t)label.bullet_len;
        s->pending_label = (uint8_t)label.label_len;
        s->pending_sep = (uint8_t)label.sep_len;
      }
    }
  }
  if (!valid[BLOCK_SEP]) return false;
  s->after_blank = blank || s->block == B_NONE;
  lexer->result_symbol = BLOCK_SEP;
  return true;
}

/* Reads a fenced code block from just after its opening fence, through its
 * closing fence or the end of the input. */
static void finish_fence(TSLexer *lexer, int32_t fence_char, uint32_t fence_len,
                         uint32_t limit) {
  while (!at_line_end(lexer)) advance(lexer);
  lexer->mark_end(lexer);
  while (!at_eof(lexer)) {
    consume_newline(lexer);
    uint32_t indent = read_indent(lexer);
    uint32_t count = 0;
    while (lexer->lookahead == fence_char && !at_eof(lexer)) {
      count++;
      advance(lexer);
    }
    bool closing = indent < limit && count >= fence_len;
    while (is_space(lexer->lookahead)) advance(lexer);
    if (closing && at_line_end(lexer)) {
      lexer->mark_end(lexer);
      return;
    }
    while (!at_line_end(lexer)) advance(lexer);
    lexer->mark_end(lexer);
  }
}

/* Reads an HTML comment from the line that opens it, whose prefix `line`
 * holds and the lexer is somewhere in, through the end of the line that
 * closes it (or of the input). */
/* One character of an HTML comment: whether it closes `-->`, given the two
 * before it in `a` and `b` (which it then moves on). */
static inline bool closes_comment(int32_t *a, int32_t *b, int32_t c) {
  bool closes = c == '>' && *a == '-' && *b == '-';
  *a = *b;
  *b = c;
  return closes;
}

static void finish_comment(TSLexer *lexer, Line *line) {
  int32_t a = 0, b = 0;
  bool closed = false;
  /* `-->` within what was read of the first line, after the opening; then
   * the rest of the line (the lexer stands where the prefix ended) and
   * the lines after it. */
  for (uint32_t i = 4; i < line->prefix_len && !closed; i++) {
    closed = closes_comment(&a, &b, line->prefix[i]);
  }
  while (!closed && !at_eof(lexer)) {
    int32_t c = lexer->lookahead;
    advance(lexer);
    closed = closes_comment(&a, &b, c);
  }
  if (closed) {
    while (!at_line_end(lexer)) advance(lexer);
  }
  lexer->mark_end(lexer);
}

/* Reads an indented code block from its first line: every following line that
 * is indented by four columns, and blank lines between them. */
static void finish_indented(TSLexer *lexer) {
  while (!at_line_end(lexer)) advance(lexer);
  lexer->mark_end(lexer);
  while (!at_eof(lexer)) {
    consume_newline(lexer);
    uint32_t indent = read_indent(lexer);
    if (at_eof(lexer)) return;
    if (is_newline(lexer->lookahead)) continue;
    if (indent < 4) return;
    while (!at_line_end(lexer)) advance(lexer);
    lexer->mark_end(lexer);
  }
}

static bool open_block(Scanner *s, TSLexer *lexer, uint8_t block, uint8_t token) {
  s->block = block;
  clear_inline(s);
  lexer->result_symbol = token;
  return true;
}

/* Blank lines at the start of the document (the lexer is at the end of the
 * first one). */
static bool scan_leading_blank(Scanner *s, TSLexer *lexer, bool consumed) {
  while (!at_eof(lexer) && is_newline(lexer->lookahead)) {
    consume_newline(lexer);
    lexer->mark_end(lexer);
    consumed = true;
    read_indent(lexer);
    if (at_eof(lexer)) lexer->mark_end(lexer);
  }
  if (!consumed) return false;
  s->after_blank = true;
  lexer->result_symbol = BLOCK_SEP;
  return true;
}

/* How many notes a group holds on average. */
#define GROUP_SPAN 16

/* Whether the note with this label opens a group of notes. The choice
 * depends on the label alone, so that an edit elsewhere moves no group's
 * boundary: numbered labels open one at every multiple of GROUP_SPAN, other
 * labels when a hash of their characters says so. */
static bool opens_group(const Line *line, const Label *label) {
  uint32_t end = label->bullet_len + label->label_len;
  if (end > line->prefix_len) end = line->prefix_len;
  uint32_t number = 0, hash = 2166136261u;
  bool digits = false;
  for (uint32_t i = label->bullet_len; i < end; i++) {
    int32_t c = line->prefix[i];
    int32_t d = digit_value(c);
    if (d >= 0) {
      digits = true;
      number = number * 10 + (uint32_t)d;
    }
    hash = (hash ^ (uint32_t)c) * 16777619u;
  }
  return digits ? number % GROUP_SPAN == 0 : (hash >> 8) % GROUP_SPAN == 0;
}

/* Whether the paragraph on this line opens a group of blocks: when a hash
 * of its first characters says so, so that an edit elsewhere moves no
 * group's boundary. */
static bool opens_block_group(const Line *line) {
  uint32_t hash = 2166136261u;
  for (uint32_t i = 0; i < line->prefix_len && i < 12; i++) {
    hash = (hash ^ (uint32_t)line->prefix[i]) * 16777619u;
  }
  return (hash >> 8) % GROUP_SPAN == 0;
}

/* Where the text of a list item starts on its line (`- `, `* `, `+ `,
 * `1. `, `1) ` and the spaces after), in columns; 0 for a line that opens
 * no item. */
static uint32_t list_item(const Line *line) {
  const int32_t *p = line->prefix;
  uint32_t n = line->prefix_len;
  uint32_t i = 0;
  /* An admonition of Python-Markdown (MkDocs: `!!! note`, `??? tip`,
   * `???+ warning "Title"`): its body is indented four columns, and is
   * text, as an item's is. */
  if (n >= 5 && ((p[0] == '!' && p[1] == '!' && p[2] == '!') ||
                 (p[0] == '?' && p[1] == '?' && p[2] == '?'))) {
    uint32_t j = 3;
    if (p[j] == '+') j++;
    if (j < n && is_space(p[j]) && j + 1 < n && is_ascii_alpha(p[j + 1])) {
      return line->indent + 4;
    }
    return 0;
  }
  if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') && is_space(p[1])) {
    i = 1;
  } else {
    while (i < n && i < 9 && is_digit(p[i])) i++;
    if (i == 0 || i + 1 >= n || (p[i] != '.' && p[i] != ')') || !is_space(p[i + 1])) return 0;
    i++;
  }
  while (i < n && is_space(p[i])) i++;
  return line->indent + i;
}

/* At the first character of a line where a block may begin. */
static bool scan_block_start(Scanner *s, TSLexer *lexer, const bool *valid) {
  /* What classifying the line changes must not happen twice when a note
   * group is opened first and the note is scanned again. */
  const Scanner before = *s;
  const bool pending = s->pending_note;
  const bool pending_group = s->pending_group;
  const Label cached = {s->pending_style, s->pending_bullet, s->pending_label, s->pending_sep};
  clear_pending(s);
  if (lexer->lookahead == 0xFEFF) skip(lexer);
  lexer->mark_end(lexer);

  Line line;
  Label label;
  int32_t first = 0;
  uint32_t fence_indent = 4;
  uint8_t kind;
  if (pending) {
    /* Classified by the line break before it (see `pending_note`). */
    kind = L_NOTE;
    label = cached;
  } else {
    line.indent_has_tab = false;
    line.indent = read_indent_tab(lexer, &line.indent_has_tab);
    if (at_line_end(lexer)) {
      if (!valid[BLOCK_SEP]) return false;
      if (at_eof(lexer)) {
        /* A document of white space only. */
        lexer->mark_end(lexer);
        return scan_leading_blank(s, lexer, line.indent > 0);
      }
      return scan_leading_blank(s, lexer, false);
    }
    bool after_blank = s->after_blank || s->block == B_NONE;
    fence_indent = fence_limit(s);
    first = lexer->lookahead;
    line.directive = 0;
    kind = classify(s, lexer, &line, &label, after_blank);
    /* Set here, where the line opens its block, and never where a line
     * break only looks at it: the break sees a directive's fence end the
     * block before it, and the line is read again here. */
    if (kind == L_DIRECTIVE) {
      s->directive_fence =
          line.directive > 0 ? (uint8_t)(line.directive < 255 ? line.directive : 255) : 0;
      kind = L_PARAGRAPH;
    }
    uint32_t item = kind == L_PARAGRAPH ? list_item(&line) : 0;
    if (item > 0) {
      s->in_list = true;
      s->list_indent = (uint8_t)(item < 200 ? item : 200);
    } else {
      /* A paragraph or a fence indented under the item goes on with it. */
      s->in_list = (kind == L_PARAGRAPH || kind == L_FENCE) && s->in_list && line.indent >= 2;
    }
  }
  s->after_blank = false;
  s->bullet_len = s->label_len = s->sep_len = 0;
  s->separator_row = false;
  s->after_rule = !pending && kind == L_PARAGRAPH && is_thematic_break(&line);
  s->literal_next = false;
  switch (kind) {
    case L_FENCE:
      if (!valid[FENCED_CODE_BLOCK]) break;
      finish_fence(lexer, first, line.fence_len, fence_indent);
      s->block = B_CODE;
      lexer->result_symbol = FENCED_CODE_BLOCK;
      return true;
    case L_COMMENT:
      if (!valid[COMMENT]) break;
      finish_comment(lexer, &line);
      s->block = B_CODE;
      lexer->result_symbol = COMMENT;
      return true;
    case L_INDENTED:
      if (!valid[INDENTED_CODE_BLOCK]) break;
      finish_indented(lexer);
      s->block = B_CODE;
      lexer->result_symbol = INDENTED_CODE_BLOCK;
      return true;
    case L_ATX:
      s->label_len = (uint8_t)match_atx(line.prefix, line.prefix_len, line.length);
      if (!page_heading(&line, s->label_len)) s->in_notes = false;
      return open_block(s, lexer, B_HEADING, HEADING_START);
    case L_HEADING:
      s->in_notes = false;
      s->label_len = (uint8_t)match_heading_number(line.prefix, line.prefix_len);
      return open_block(s, lexer, B_HEADING, HEADING_START);
    case L_NOTES_HEADING:
      if (!valid[NOTES_HEADING_START]) break;
      s->in_notes = true;
      {
        uint32_t k = match_atx(line.prefix, line.prefix_len, line.length);
        if (k == 0) k = match_heading_number(line.prefix, line.prefix_len);
        s->label_len = (uint8_t)k;
      }
      return open_block(s, lexer, B_HEADING, NOTES_HEADING_START);
    case L_NOTE:
      if (!valid[NOTE_START]) break;
      if (!s->group_opened && valid[NOTE_GROUP_START] &&
          (pending ? pending_group : opens_group(&line, &label))) {
        *s = before;
        s->group_opened = true;
        lexer->result_symbol = NOTE_GROUP_START;
        return true;
      }
      s->group_opened = false;
      /* A numbered note opens notes where no heading did: an HTML
       * export's list, told by its backlinks. */
      if (label.style == S_NUMBERED) s->in_notes = true;
      s->note_style = label.style;
      s->bullet_len = (uint8_t)label.bullet_len;
      s->label_len = (uint8_t)label.label_len;
      s->sep_len = (uint8_t)label.sep_len;
      return open_block(s, lexer, B_NOTE, NOTE_START);
    case L_ROW:
    case L_SEPARATOR_ROW:
      s->separator_row = kind == L_SEPARATOR_ROW;
      return open_block(s, lexer, B_TABLE, ROW_START);
    case L_CAPTION:
      return open_block(s, lexer, B_CAPTION, CAPTION_START);
    case L_TABLE_NOTE:
      return open_block(s, lexer, B_TABLE_NOTE, TABLE_NOTE_START);
    default:
      break;
  }
  /* Not in a notes section, which takes paragraphs in among its notes: a
   * group there would end the section. */
  if (kind == L_PARAGRAPH && !pending && !s->in_notes && !s->group_opened &&
      valid[BLOCK_GROUP_START] && opens_block_group(&line)) {
    *s = before;
    s->group_opened = true;
    lexer->result_symbol = BLOCK_GROUP_START;
    return true;
  }
  s->group_opened = false;
  return open_block(s, lexer, B_PARAGRAPH, PARAGRAPH_START);
}

/* At the first character of a line that continues a table. */
static bool scan_row_start(Scanner *s, TSLexer *lexer) {
  lexer->mark_end(lexer);
  Line line;
  Label label;
  line.indent_has_tab = false;
  line.indent = read_indent_tab(lexer, &line.indent_has_tab);
  uint8_t kind = classify(s, lexer, &line, &label, false);
  s->separator_row = kind == L_SEPARATOR_ROW;
  return open_block(s, lexer, B_TABLE, ROW_START);
}

/* Consumes `count` characters and ends the token there. */
static void take(TSLexer *lexer, uint32_t count) {
  for (uint32_t i = 0; i < count && !at_line_end(lexer); i++) advance(lexer);
  lexer->mark_end(lexer);
}

/* ------------------------------------------------------------------------ */
/* Inline                                                                   */
/* ------------------------------------------------------------------------ */

static uint8_t quote_for_opener(int32_t c) {
  switch (c) {
    case 0x201C: return D_DQUOTE_CURLY;
    case 0x2018: return D_SQUOTE_CURLY;
    case '\'': return D_SQUOTE;
    case '"': return D_DQUOTE;
    default: return D_NONE;
  }
}

static bool is_quote_char(int32_t c) {
  return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == '\'' || c == '"';
}

/* Whether `c`, with `prev` before it and `next` after it, closes delimiter `d`. */
static bool closes_quote(uint8_t d, int32_t prev, int32_t c, int32_t next) {
  bool prev_ok = !is_space(prev) && prev != 0;
  switch (d) {
    case D_DQUOTE_CURLY:
      return c == 0x201D;
    case D_SQUOTE_CURLY:
    case D_SQUOTE:
      return (c == 0x2019 || c == '\'') && prev_ok && !is_alnum(next);
    case D_DQUOTE:
      return c == '"' && prev_ok;
    default:
      return false;
  }
}

/* Looks ahead, on this line and within the window, for the closer of `d`.
 * `run` is the length of the opening run for `*` and `_`. Advances the lexer. */
static bool closer_ahead(TSLexer *lexer, uint8_t d, uint32_t run, bool in_table) {
  int32_t prev = 0;
  for (uint32_t seen = 0; seen < CLOSER_WINDOW && !at_line_end(lexer); seen++) {
    int32_t c = lexer->lookahead;
    if (in_table && (c == '\t' || c == '|')) return false;
    switch (d) {
      case D_STAR:
      case D_STAR2:
      case D_UNDER:
      case D_UNDER2: {
        int32_t want = (d == D_STAR || d == D_STAR2) ? '*' : '_';
        if (c == want) {
          uint32_t count = 0;
          while (lexer->lookahead == want && !at_eof(lexer)) {
            count++;
            advance(lexer);
          }
          int32_t next = at_line_end(lexer) ? 0 : lexer->lookahead;
          if (want == '_' && is_alnum(prev) && is_alnum(next)) {
            /* snake_case inside a title */
            prev = want;
            continue;
          }
          bool right = !is_space(prev) && prev != 0;
          if (want == '_' && is_alnum(next)) right = false;
          return right && count == run;
        }
        break;
      }
      case D_HTML_I:
      case D_HTML_EM:
        if (c == '<') {
          advance(lexer);
          if (lexer->lookahead != '/') {
            prev = '<';
            continue;
          }
          advance(lexer);
          int32_t a = ascii_lower(lexer->lookahead);
          if (d == D_HTML_I) {
            if (a != 'i') break;
            advance(lexer);
            return lexer->lookahead == '>';
          }
          if (a != 'e') break;
          advance(lexer);
          if (ascii_lower(lexer->lookahead) != 'm') break;
          advance(lexer);
          return lexer->lookahead == '>';
        }
        break;
      default:
        if (is_quote_char(c)) {
          advance(lexer);
          int32_t next = at_line_end(lexer) ? 0 : lexer->lookahead;
          if (closes_quote(d, prev, c, next)) return true;
          /* Another opener of the same kind: this one is unmatched. */
          if (quote_for_opener(c) == d && (prev == 0 || is_space(prev))) return false;
          prev = c;
          continue;
        }
        break;
    }
    prev = c;
    advance(lexer);
  }
  return false;
}

/* At a delimiter that may open or close emphasis or a quotation. */
static bool scan_delimiter(Scanner *s, TSLexer *lexer, const bool *valid) {
  int32_t c = lexer->lookahead;
  bool in_table = valid[CELL_SEP];

  if (c == '*' || c == '_') {
    uint32_t run = 0;
    while (lexer->lookahead == c && !at_eof(lexer) && run < 3) {
      run++;
      advance(lexer);
    }
    if (run == 3) return false; /* `***` and longer are left to plain text */
    lexer->mark_end(lexer);
    int32_t next = at_line_end(lexer) ? 0 : lexer->lookahead;
    uint8_t d = c == '*' ? (run == 1 ? D_STAR : D_STAR2) : (run == 1 ? D_UNDER : D_UNDER2);
    int at = find_open(s, d);
    if (at >= 0 && valid[EMPHASIS_CLOSE] && !(c == '_' && is_alnum(next))) {
      s->depth = (uint8_t)at;
      lexer->result_symbol = EMPHASIS_CLOSE;
      return true;
    }
    if (valid[EMPHASIS_OPEN] && next != 0 && !is_space(next) && s->depth < MAX_DEPTH &&
        closer_ahead(lexer, d, run, in_table)) {
      push(s, d);
      lexer->result_symbol = EMPHASIS_OPEN;
      return true;
    }
    if (!valid[TEXT]) return false;
    lexer->result_symbol = TEXT;
    return true;
  }

  if (c == '<') {
    advance(lexer);
    bool closing = false;
    if (lexer->lookahead == '/') {
      closing = true;
      advance(lexer);
    }
    uint8_t d = D_NONE;
    int32_t a = ascii_lower(lexer->lookahead);
    if (a == 'i') {
      advance(lexer);
      d = D_HTML_I;
    } else if (a == 'e') {
      advance(lexer);
      if (ascii_lower(lexer->lookahead) != 'm') return false;
      advance(lexer);
      d = D_HTML_EM;
    } else {
      return false;
    }
    if (lexer->lookahead != '>') return false;
    advance(lexer);
    lexer->mark_end(lexer);
    if (closing) {
      int at = find_open(s, d);
      if (at < 0 || !valid[EMPHASIS_CLOSE]) return false;
      s->depth = (uint8_t)at;
      lexer->result_symbol = EMPHASIS_CLOSE;
      return true;
    }
    if (!valid[EMPHASIS_OPEN] || s->depth >= MAX_DEPTH) return false;
    if (!closer_ahead(lexer, d, 0, in_table)) return false;
    push(s, d);
    lexer->result_symbol = EMPHASIS_OPEN;
    return true;
  }

  /* Quotation marks. */
  advance(lexer);
  lexer->mark_end(lexer);
  int32_t next = at_line_end(lexer) ? 0 : lexer->lookahead;
  bool apostrophe = false;
  if (valid[QUOTE_CLOSE]) {
    for (int i = (int)s->depth - 1; i >= 0; i--) {
      uint8_t d = s->stack[i];
      if (d < D_DQUOTE_CURLY) continue;
      /* The character before is not known here; the run that stopped before
       * this character has already checked it. */
      if (closes_quote(d, 'x', c, next)) {
        /* `‘The Keepers’ Lamps,’`: a single quote before a space, with
         * another closing one further on, is a plural possessive. */
        bool single = d == D_SQUOTE_CURLY || d == D_SQUOTE;
        if (single && next == ' ' && closer_ahead(lexer, d, 0, in_table)) {
          apostrophe = true;
          break;
        }
        s->depth = (uint8_t)i;
        lexer->result_symbol = QUOTE_CLOSE;
        return true;
      }
    }
  }
  if (apostrophe) {
    if (!valid[TEXT]) return false;
    lexer->result_symbol = TEXT;
    return true;
  }
  uint8_t d = quote_for_opener(c);
  if (d != D_NONE && valid[QUOTE_OPEN] && next != 0 && !is_space(next) &&
      s->depth < MAX_DEPTH && closer_ahead(lexer, d, 0, in_table)) {
    push(s, d);
    lexer->result_symbol = QUOTE_OPEN;
    return true;
  }
  if (!valid[TEXT]) return false;
  lexer->result_symbol = TEXT;
  return true;
}

/* Units after which a superscript two or three is an exponent, not a note. */
static bool is_unit(const int32_t *word, uint32_t len) {
  static const char *const UNITS[] = {"km", "cm", "mm", "dm", "nm", "ft", "yd", "mi", "in", NULL};
  if (len == 2 && (word[0] == 0xB5 || word[0] == 0x3BC) && word[1] == 'm') return true;
  for (const char *const *u = UNITS; *u; u++) {
    if (strlen(*u) == len && ascii_lower(word[0]) == (*u)[0] && ascii_lower(word[1]) == (*u)[1]) {
      return true;
    }
  }
  return false;
}

enum Probe { P_PLAIN, P_PLAIN_ADVANCED, P_SPECIAL };

/* Whether the ASCII chunk just read (its first characters lower-cased in
 * `head`) starts a URL, a DOI or an e-mail address, judging from the character
 * after it. May advance over a few plain characters when it is not. */
/* After the digits of a chunk, whether `](#f` follows: `2](#fn2)`, a link
 * to a note that lost its opening bracket. Advances over what it matched. */
static bool bracketless_marker_follows(TSLexer *lexer) {
  static const char TAIL[] = "](#f";
  for (const char *t = TAIL; *t; t++) {
    if (lexer->lookahead != (int32_t)(unsigned char)*t) return false;
    advance(lexer);
  }
  return true;
}

static bool all_digits(const int32_t *head, uint32_t len) {
  for (uint32_t i = 0; i < len; i++) {
    if (!is_digit(head[i])) return false;
  }
  return len > 0;
}

static uint8_t probe_special(TSLexer *lexer, const int32_t *head, uint32_t head_len) {
  int32_t c = lexer->lookahead;
  if (c == ']' && head_len <= 4 && all_digits(head, head_len)) {
    return bracketless_marker_follows(lexer) ? P_SPECIAL : P_PLAIN_ADVANCED;
  }
  if (head_len >= 5 && head[0] == 'w' && head[1] == 'w' && head[2] == 'w' && head[3] == '.') {
    return P_SPECIAL;
  }
  if (c == '@') {
    advance(lexer);
    uint32_t label = 0;
    bool dot = false, complete = false;
    while (!at_eof(lexer) && (is_ascii_alnum(lexer->lookahead) || lexer->lookahead == '-' ||
                              lexer->lookahead == '.')) {
      if (lexer->lookahead == '.') {
        if (label == 0) break;
        dot = true;
        label = 0;
      } else {
        label++;
        if (dot) complete = true; /* a label after a dot: `example.org` */
      }
      advance(lexer);
    }
    return complete ? P_SPECIAL : P_PLAIN_ADVANCED;
  }
  if (c == ':') {
    bool http = head_len >= 4 && head[0] == 'h' && head[1] == 't' && head[2] == 't' &&
                head[3] == 'p' && (head_len == 4 || (head_len == 5 && head[4] == 's'));
    bool ftp = head_len == 3 && head[0] == 'f' && head[1] == 't' && head[2] == 'p';
    bool doi = head_len == 3 && head[0] == 'd' && head[1] == 'o' && head[2] == 'i';
    if (!http && !ftp && !doi) return P_PLAIN;
    advance(lexer);
    if (doi) {
      if (lexer->lookahead == ' ') advance(lexer);
      if (lexer->lookahead != '1') return P_PLAIN_ADVANCED;
      advance(lexer);
      return lexer->lookahead == '0' ? P_SPECIAL : P_PLAIN_ADVANCED;
    }
    if (lexer->lookahead != '/') return P_PLAIN_ADVANCED;
    advance(lexer);
    return lexer->lookahead == '/' ? P_SPECIAL : P_PLAIN_ADVANCED;
  }
  return P_PLAIN;
}

/* Whether a superscript digit after `prev` is an exponent rather than a note
 * marker: after a single letter (`x²`), a unit (`km²`) or a number (`10³`),
 * or directly followed by a letter, digit or parenthesis (`B²(X)`). */
static bool is_exponent(int32_t prev, const int32_t *word, uint32_t word_len, int32_t next) {
  if (prev == 0) return false;
  if (is_digit(prev) || is_superscript_digit(prev)) return true;
  /* `x₀¹`, `10⁻³`, `e⁺²`: after a subscript digit or a superscript sign. */
  if ((prev >= 0x2080 && prev <= 0x2089) || prev == 0x207A || prev == 0x207B) return true;
  if (!is_letter(prev)) return false;
  if (word_len == 1 || (word_len == 2 && is_unit(word, 2))) return true;
  return is_alnum(next) || next == '(';
}

/* A run of plain text, up to the next character where something else may
 * start. Returns false, consuming nothing, when the run would be empty. */
static bool scan_text(Scanner *s, TSLexer *lexer, const bool *valid) {
  bool in_table = valid[CELL_SEP];
  uint32_t taken = 0;
  int32_t prev = 0;      /* the character before; 0 at the start of the run */
  int32_t prev2 = 0;     /* and the one before it, where read one by one */
  int32_t word[3] = {0}; /* the first letters of the current word, lower-cased */
  uint32_t word_len = 0; /* letters in the current word, 0 after a non-letter */
  bool after_digits = false; /* the current word's letters follow digits: `1630s` */
  bool greek = false;        /* the current word has a Greek letter: `πr²` is maths */
  /* Characters taken since the token's end was last marked, with the lexer
   * right after them. Marking only before a look-ahead (and once at the end)
   * instead of after every character saves a call per character. */
  bool unmarked = false;
#define FLUSH()                \
  do {                         \
    if (unmarked) {            \
      lexer->mark_end(lexer);  \
      unmarked = false;        \
    }                          \
  } while (0)

  lexer->mark_end(lexer);
  while (!at_line_end(lexer)) {
    int32_t c = lexer->lookahead;

    /* Where another token may begin. */
    if (c == '[' || c == '`' || c == '\\' || c == '<' || is_dagger(c) || c == 0x3010) break;
    if (in_table && (c == '\t' || c == '|')) break;

    if (c == '^' || c == '@') {
      bool word_start = prev == 0 || !is_chunk_char(prev);
      FLUSH();
      advance(lexer);
      int32_t next = lexer->lookahead;
      if (c == '^' && next == '[') break;
      if (c == '@' && word_start && (is_ascii_alpha(next) || next == '_')) break;
      prev = c;
      word_len = 0;
      taken++;
      lexer->mark_end(lexer);
      continue;
    }

    if (is_superscript_digit(c)) {
      if (prev == 0) break;
      int32_t before = prev;
      uint32_t count = 0;
      FLUSH();
      while (!at_eof(lexer) && is_superscript_digit(lexer->lookahead)) {
        advance(lexer);
        count++;
      }
      int32_t next = at_line_end(lexer) ? 0 : lexer->lookahead;
      /* `the 1630s²`: a plural of a number takes a note, not a power. */
      bool decade = after_digits && word_len == 1 && word[0] == 's';
      bool maths = greek && word_len > 0 && word_len <= 3;
      if (decade || !(maths || is_exponent(before, word, word_len, next))) break;
      taken += count;
      prev = '2'; /* what follows an exponent reads as if after a digit */
      word_len = 0;
      lexer->mark_end(lexer);
      continue;
    }

    if (c == '*' || c == '_') {
      bool after_word = prev != 0 && is_alnum(prev);
      bool has_open = find_open(s, c == '*' ? D_STAR : D_UNDER) >= 0 ||
                      find_open(s, c == '*' ? D_STAR2 : D_UNDER2) >= 0;
      bool may_close = has_open && prev != 0 && !is_space(prev);
      if (!after_word) break; /* may open */
      if (may_close) {
        if (c == '*') break;
        /* `_` closes only where a word ends: not in snake_case. */
        FLUSH();
        advance(lexer);
        if (!is_alnum(lexer->lookahead)) break;
        prev = c;
        word_len = 0;
        taken++;
        lexer->mark_end(lexer);
        continue;
      }
    }

    if (is_quote_char(c)) {
      bool closer = false;
      if (prev != 0 && !is_space(prev)) {
        for (int i = (int)s->depth - 1; i >= 0 && !closer; i--) {
          uint8_t d = s->stack[i];
          if (d == D_DQUOTE_CURLY) closer = c == 0x201D;
          if (d == D_SQUOTE_CURLY || d == D_SQUOTE) closer = c == 0x2019 || c == '\'';
          if (d == D_DQUOTE) closer = c == '"';
        }
      }
      if (closer) {
        /* An apostrophe inside a word (`West's`) does not close. */
        FLUSH();
        advance(lexer);
        bool apostrophe = (c == 0x2019 || c == '\'') && is_alnum(lexer->lookahead) &&
                          !at_line_end(lexer);
        if (!apostrophe) break;
        prev = c;
        word_len = 0;
        taken++;
        lexer->mark_end(lexer);
        continue;
      }
      /* `'` and `‘` after a letter are apostrophes; at the start of a word,
       * and `“` and `"` anywhere, they may open a quotation. */
      if (quote_for_opener(c) != D_NONE && (prev == 0 || !is_alnum(prev))) break;
    }

    /* Digits glued to a word or a point (`述べています。2](#fn2)` is
     * probed below; `dead.2](#fn2)` and `です2](#fn2)` here): a note's
     * link that lost its opening bracket is another token. */
    if (is_digit(c) && prev != 0 && !is_digit(prev) && !is_ascii_alnum(prev) &&
        (is_chunk_char(prev) || is_alnum(prev))) {
      FLUSH();
      uint32_t digits = 0;
      while (!at_eof(lexer) && is_digit(lexer->lookahead) && digits < 5) {
        prev = lexer->lookahead;
        advance(lexer);
        digits++;
      }
      if (digits <= 4 && bracketless_marker_follows(lexer)) break;
      /* Plain text: the digits and whatever of `](#` was passed over. */
      taken += digits;
      word_len = 0;
      unmarked = true;
      continue;
    }

    if (is_ascii_alnum(c) && (prev == 0 || !(is_chunk_char(prev) || is_alnum(prev)))) {
      /* Probe the chunk for a URL, a DOI or an e-mail address. Everything
       * the probe passes over is plain text unless it finds one. */
      int32_t head[6];
      uint32_t head_len = 0, letters = 0, chunk = 0;
      FLUSH();
      after_digits = false;
      while (!at_eof(lexer) && is_chunk_char(lexer->lookahead)) {
        int32_t k = lexer->lookahead;
        if (head_len < 6) head[head_len++] = ascii_lower(k);
        if (is_letter(k)) {
          if (letters == 0) after_digits = is_digit(prev) && chunk > 0;
          if (letters < 3) word[letters] = ascii_lower(k);
          letters++;
        } else {
          letters = 0;
        }
        prev2 = prev;
        prev = k;
        chunk++;
        advance(lexer);
      }
      uint8_t probe = probe_special(lexer, head, head_len);
      if (probe == P_SPECIAL) break; /* the chunk is another token's */
      taken += chunk;
      word_len = letters;
      if (probe == P_PLAIN_ADVANCED) {
        prev = '.';
        word_len = 0;
      }
      lexer->mark_end(lexer);
      continue;
    }

    if (is_letter(c)) {
      if (word_len == 0) {
        after_digits = false;
        greek = false;
      }
      if (c >= 0x370 && c <= 0x3FF) greek = true;
      if (word_len < 3) word[word_len] = ascii_lower(c);
      word_len++;
    } else {
      word_len = 0;
    }
    prev2 = prev;
    prev = c;
    taken++;
    advance(lexer);
    unmarked = true;
  }
  FLUSH();
#undef FLUSH
  if (taken == 0) return false;
  if (s->plain && prev == ':' && prev2 == ':' && at_line_end(lexer)) s->literal_next = true;
  lexer->result_symbol = TEXT;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */
/* ------------------------------------------------------------------------ */

static bool scan_token(Scanner *s, TSLexer *lexer, const bool *valid) {

  /* Tokens that follow a block start and were measured by it. */
  if (valid[LIST_MARKER] && s->bullet_len > 0) {
    while (is_space(lexer->lookahead)) skip(lexer);
    take(lexer, s->bullet_len);
    s->bullet_len = 0;
    lexer->result_symbol = LIST_MARKER;
    return true;
  }
  if (valid[NOTE_LABEL] && s->label_len > 0) {
    while (is_space(lexer->lookahead)) skip(lexer);
    take(lexer, s->label_len);
    s->label_len = 0;
    lexer->result_symbol = NOTE_LABEL;
    return true;
  }
  if ((valid[ATX_MARKER] || valid[HEADING_NUMBER]) && s->label_len > 0) {
    while (is_space(lexer->lookahead)) skip(lexer);
    bool atx = lexer->lookahead == '#';
    take(lexer, s->label_len);
    s->label_len = 0;
    lexer->result_symbol = atx ? ATX_MARKER : HEADING_NUMBER;
    return true;
  }
  if (valid[TABLE_SEPARATOR] && s->separator_row) {
    while (!at_line_end(lexer)) advance(lexer);
    lexer->mark_end(lexer);
    s->separator_row = false;
    lexer->result_symbol = TABLE_SEPARATOR;
    return true;
  }
  if (valid[LABEL_SEP]) {
    if (s->sep_len > 0) {
      take(lexer, s->sep_len);
      s->sep_len = 0;
      lexer->result_symbol = LABEL_SEP;
      return true;
    }
    if (s->block == B_HEADING && is_space(lexer->lookahead)) {
      while (is_space(lexer->lookahead)) advance(lexer);
      lexer->mark_end(lexer);
      lexer->result_symbol = LABEL_SEP;
      return true;
    }
  }

  /* At a block start no inline token is expected; in the middle of a line the
   * grammar would also accept a new block (blocks may follow each other), so
   * the absence of TEXT is what tells the two apart. */
  if (!s->mid_line && valid[PARAGRAPH_START]) return scan_block_start(s, lexer, valid);
  /* Right after a group opened, only its first note may follow. */
  if (s->group_opened && valid[NOTE_START]) return scan_block_start(s, lexer, valid);
  /* Only after a soft break in a table is a row expected and nothing else. */
  if (valid[ROW_START] && !valid[PARAGRAPH_START] && !valid[TEXT]) return scan_row_start(s, lexer);

  if (at_eof(lexer)) return false;

  if (is_newline(lexer->lookahead)) {
    if (valid[SOFT_BREAK] || valid[BLOCK_SEP]) return scan_break(s, lexer, valid);
    return false;
  }

  int32_t c = lexer->lookahead;
  if (valid[CELL_SEP] && (c == '\t' || c == '|')) {
    advance(lexer);
    lexer->mark_end(lexer);
    clear_inline(s);
    lexer->result_symbol = CELL_SEP;
    return true;
  }
  if (c == '*' || c == '_' || c == '<' || is_quote_char(c)) {
    if (valid[TEXT]) return scan_delimiter(s, lexer, valid);
    return false;
  }
  if (valid[TEXT]) return scan_text(s, lexer, valid);
  return false;
}

static bool scan(Scanner *s, TSLexer *lexer, const bool *valid) {
  if (valid[ERROR_SENTINEL]) return false;
  if (!scan_token(s, lexer, valid)) return false;
  /* A rule is a line of its own: `---` that a paragraph goes on from
   * (YAML front matter, a setext underline) sets nothing off. */
  if (lexer->result_symbol == SOFT_BREAK) s->after_rule = s->literal_next = false;
  s->mid_line = lexer->result_symbol != BLOCK_SEP && lexer->result_symbol != NOTE_GROUP_START &&
                lexer->result_symbol != BLOCK_GROUP_START;
  /* A classified line is carried from its line break to its block start
   * only (a group start between them keeps it). */
  if (s->mid_line) clear_pending(s);
  return true;
}

static void *create(bool plain) {
  Scanner *s = (Scanner *)ts_calloc(1, sizeof(Scanner));
  if (s) s->plain = plain;
  return s;
}

void *tree_sitter_ibid_external_scanner_create(void) { return create(false); }

static void *create_plain_text(void) { return create(true); }

const TSLanguage *tree_sitter_ibid(void);

/* The grammar for plain-text documents: the same tables and scanner, the
 * scanner created knowing that the text is not Markdown. The copy is made
 * once, by the caller's one-time initialisation (the Rust binding keeps
 * the language in a lazily initialised static). */
const TSLanguage *tree_sitter_ibid_plain_text(void) {
  static TSLanguage plain;
  if (plain.external_scanner.create == NULL) {
    plain = *tree_sitter_ibid();
    plain.external_scanner.create = create_plain_text;
  }
  return &plain;
}

void tree_sitter_ibid_external_scanner_destroy(void *payload) { ts_free(payload); }

unsigned tree_sitter_ibid_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = (Scanner *)payload;
  unsigned size = (unsigned)(offsetof(Scanner, stack) + s->depth);
  memcpy(buffer, s, size);
  return size;
}

void tree_sitter_ibid_external_scanner_deserialize(void *payload, const char *buffer,
                                                    unsigned length) {
  Scanner *s = (Scanner *)payload;
  bool plain = s->plain;
  memset(s, 0, sizeof(Scanner));
  s->plain = plain;
  if (length > sizeof(Scanner)) length = sizeof(Scanner);
  if (length > 0) memcpy(s, buffer, length);
  if (s->depth > MAX_DEPTH) s->depth = MAX_DEPTH;
}

bool tree_sitter_ibid_external_scanner_scan(void *payload, TSLexer *lexer,
                                            const bool *valid_symbols) {
  return scan((Scanner *)payload, lexer, valid_symbols);
}
