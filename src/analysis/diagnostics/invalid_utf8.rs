//! `invalid-utf8`: bytes that are not UTF-8, replaced for the analysis.

use super::{Analysis, Diagnostic, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "invalid-utf8",
    default_severity: Severity::Error,
    summary: "Bytes that are not valid UTF-8.",
    docs: "\
### What it finds
A byte sequence that is not valid UTF-8, such as a Latin-1 `é` in a file that is otherwise UTF-8.

### Why it matters
The text was decoded with replacement characters (`�`) so that the rest of the document could be checked, but the original character is lost: a name or a title may now be misspelt.

### Example
A file saved by an old editor in Windows-1252 and then appended to in UTF-8.

### How to fix
Convert the file to UTF-8 (`iconv -f windows-1252 -t utf-8`), or retype the character.",
};

pub(super) fn check(analysis: &Analysis, _text: &str, out: &mut Vec<Diagnostic>) {
    for bad in &analysis.invalid_utf8 {
        out.push(Diagnostic::new(
            &RULE,
            bad.offset..bad.offset + '\u{FFFD}'.len_utf8(),
            format!(
                "invalid UTF-8 at byte {}: the text was decoded with a replacement character; convert the file to UTF-8",
                bad.original_offset
            ),
        ));
    }
}
