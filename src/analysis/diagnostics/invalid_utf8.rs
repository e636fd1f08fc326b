//! `invalid-utf8`: bytes that are not UTF-8, replaced for the analysis.

use super::{Analysis, Diagnostic, RELATED_LIMIT, Rule, Severity};

pub const RULE: Rule = Rule {
    code: "invalid-utf8",
    default_severity: Severity::Error,
    summary: "Bytes that are not valid UTF-8.",
    docs: "\
### What it finds
A byte sequence that is not valid UTF-8, such as a Latin-1 `é` in a file that is otherwise UTF-8. The finding stands at the first such byte, once for the document, and names the others as related places: a file saved in another encoding has them on every other line, and one conversion mends them all.

### Why it matters
The text was decoded with replacement characters (`�`) so that the rest of the document could be checked, but the original character is lost: a name or a title may now be misspelt.

### Example
A file saved by an old editor in Windows-1252 and then appended to in UTF-8.

### How to fix
Convert the file to UTF-8 (`iconv -f windows-1252 -t utf-8`), or retype the character.",
};

pub(super) fn check(analysis: &Analysis, _text: &str, out: &mut Vec<Diagnostic>) {
    let Some((first, rest)) = analysis.invalid_utf8.split_first() else {
        return;
    };
    let width = '\u{FFFD}'.len_utf8();
    let message = if rest.is_empty() {
        format!(
            "invalid UTF-8 at byte {}: the text was decoded with a replacement character; convert the file to UTF-8",
            first.original_offset
        )
    } else {
        format!(
            "invalid UTF-8 at byte {} and {} more: the text was decoded with replacement characters; convert the file to UTF-8",
            first.original_offset,
            rest.len()
        )
    };
    let mut d = Diagnostic::new(&RULE, first.offset..first.offset + width, message);
    for bad in rest.iter().take(RELATED_LIMIT) {
        d = d.related(
            bad.offset..bad.offset + width,
            format!("invalid UTF-8 at byte {}", bad.original_offset),
        );
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::analysis::diagnostics::test_support::{assert_diagnostics, check};
    use crate::analysis::fixture::Fixture;
    use crate::analysis::{Analysis, Cache, decode, syntax};

    /// Like [`check`], for bytes: each `�` of the fixture is written as the
    /// Latin-1 byte 0xE9, which is not UTF-8 on its own.
    #[track_caller]
    fn check_latin1(fixture: &str) -> Analysis {
        let Fixture {
            text,
            ranges: expected,
            ..
        } = Fixture::parse(fixture);
        let bytes: Vec<u8> = text
            .chars()
            .flat_map(|c| match c {
                '\u{FFFD}' => vec![0xE9],
                c => c.to_string().into_bytes(),
            })
            .collect();
        let decoded = decode(&bytes);
        assert_eq!(decoded.text, text);
        let analysis = Analysis::new(
            &decoded.text,
            &syntax::parse(&decoded.text),
            &mut Cache::new(),
            &decoded.invalid,
        );
        assert_diagnostics(&text, &expected, &analysis);
        analysis
    }

    #[test]
    fn invalid_utf8_stray_latin1_bytes_are_one_finding() {
        let analysis = check_latin1(
            "
            The caf� by the lighthouse.[1]
                   ^ invalid-utf8

            [1] Ren� Colas, *Phares* (Brest: Ouest, 1999).
            ",
        );
        let d = &analysis.diagnostics[0];
        // Messages give offsets in the file's bytes, where each bad byte is one
        // byte; the ranges are in the decoded text, where it became three.
        assert_eq!(
            d.message,
            "invalid UTF-8 at byte 7 and 1 more: the text was decoded with replacement characters; convert the file to UTF-8"
        );
        let related: Vec<&str> = d.related.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(related, ["invalid UTF-8 at byte 39"]);
        let at = analysis.index.notes[0].range.start + "[1] Ren".len();
        assert_eq!(d.related[0].range, at..at + 3);
    }

    #[test]
    fn invalid_utf8_not_for_a_replacement_character_that_was_in_the_file() {
        check(
            "
            The caf\u{FFFD} by the lighthouse.[1]

            [1] René Colas, *Phares* (Brest: Ouest, 1999).
            ",
        );
    }
}
