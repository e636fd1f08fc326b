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
    fn invalid_utf8_stray_latin1_byte() {
        let analysis = check_latin1(
            "
            The caf� by the lighthouse.[1]
                   ^ invalid-utf8

            [1] Ren� Colas, *Phares* (Brest: Ouest, 1999).
                   ^ invalid-utf8
            ",
        );
        let messages: Vec<&str> = analysis
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        // Messages give offsets in the file's bytes, where each bad byte is one
        // byte; the ranges are in the decoded text, where it became three.
        assert!(messages[0].contains("at byte 7"), "{messages:?}");
        assert!(messages[1].contains("at byte 39"), "{messages:?}");
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
