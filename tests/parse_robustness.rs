//! Whatever bytes a file holds, parsing returns a tree that spans them.
//!
//! A language server sees documents mid-edit, binary files opened by
//! mistake and pastes of a whole book on one line; none of them may hang,
//! crash or overflow the stack, and the root must cover the whole text so
//! that every position in the file belongs to some node.

use ibid::analysis::syntax;
use ibid::analysis::testgen::Rng;

fn assert_spans(text: &str) {
    let tree = syntax::parse(text);
    let root = tree.root();
    assert_eq!(
        root.end_byte(),
        text.len(),
        "root ends early for a {}-byte text starting {:?}",
        text.len(),
        text.chars().take(40).collect::<String>()
    );
    // The walks later layers use must terminate on the same trees.
    let _ = syntax::Summary::of(&tree, text);
}

#[test]
fn random_bytes_decoded_lossily() {
    let mut rng = Rng::new(0x1b1d);
    for _ in 0..300 {
        let len = rng.below(4096);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        assert_spans(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn random_markup_characters() {
    const PIECES: &[&str] = &[
        "[", "]", "^", "¹", "²", "\n", "\n\n", "\t", "*", "_", "“", "”", "'", "(", ")", "#", "`",
        "```", "<", ">", "\\", "@", ":", "-", "1", "12. ", "NOTES", " ", "a", "\r\n", "|",
    ];
    let mut rng = Rng::new(0x0a7e);
    for _ in 0..300 {
        let text: String = (0..rng.below(800)).map(|_| *rng.pick(PIECES)).collect();
        assert_spans(&text);
    }
}

#[test]
fn binary_looking_file() {
    let mut bytes = Vec::new();
    for i in 0..64 * 1024u32 {
        bytes.extend_from_slice(&[0, 0xFF, (i % 251) as u8, 0xFE, b'[', 0, b'\n']);
    }
    assert_spans(&String::from_utf8_lossy(&bytes));
    assert_spans("\0\0\0\0");
    assert_spans("\u{feff}\0[1]\0");
}

#[test]
fn empty_and_tiny_inputs() {
    for text in [
        "", "\n", "\r\n", " ", "\t", "[", "¹", "\u{feff}", "NOTES", "[1]",
    ] {
        assert_spans(text);
    }
}

/// Ten megabytes of prose with markers and quotes and no line break.
#[test]
fn ten_megabyte_single_line() {
    let unit =
        "The keeper logged “fog” at dawn.[12] Oil use rose.¹² See [^a] and https://x.org/a, ";
    let text = unit.repeat(10_000_000 / unit.len() + 1);
    assert!(text.len() >= 10_000_000 && !text.contains('\n'));
    assert_spans(&text);
}

#[test]
fn twenty_thousand_unclosed_openers() {
    for opener in ["[", "“", "*", "^[", "_", "`", "<", "(", "[^", "‘", "\\["] {
        assert_spans(&opener.repeat(20_000));
        assert_spans(&format!("{} word", opener.repeat(20_000)));
    }
}

#[test]
fn deeply_nested_looking_input() {
    let depth = 20_000;
    for (open, close) in [
        ("[", "]"),
        ("“", "”"),
        ("*", "*"),
        ("^[", "]"),
        ("<i>", "</i>"),
        ("(", ")"),
    ] {
        let text = format!("{}x{}", open.repeat(depth), close.repeat(depth));
        assert_spans(&text);
    }
    assert_spans(&"> ".repeat(depth));
    assert_spans(&"- ".repeat(depth));
    assert_spans(&"\t".repeat(depth));
    assert_spans(&"#".repeat(depth));
}

/// Many short lines: a 10 MB document shaped like the real thing.
#[test]
fn ten_megabyte_document() {
    let text = ibid::analysis::testgen::notes_document(10_000_000, 11);
    assert_spans(&text);
}
