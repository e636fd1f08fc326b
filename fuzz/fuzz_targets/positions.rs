//! Offsets and editor positions convert both ways in every encoding, and a
//! position that names no character boundary is refused, never misplaced.
#![no_main]

use ibid::analysis::text::{self, Encoding, LineCol};
use libfuzzer_sys::fuzz_target;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Char];

fuzz_target!(|input: (Vec<(u32, u32)>, &[u8])| {
    let (positions, data) = input;
    let text = ibid_fuzz::text_of(data);
    let rope = text::rope_of(&text);
    let bytes = text.as_bytes();
    for offset in 0..=text.len() {
        let boundary = text.is_char_boundary(offset);
        // Between the CR and LF of a CRLF: no position names it.
        let inside_crlf = offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n');
        for encoding in ENCODINGS {
            let position = text::to_line_col(&rope, offset, encoding);
            if !boundary {
                assert_eq!(position, None, "offset {offset} inside a character has a position");
                continue;
            }
            let Some(position) = position else {
                panic!("offset {offset} has no {encoding:?} position");
            };
            if inside_crlf {
                continue;
            }
            assert_eq!(
                text::to_offset(&rope, position, encoding),
                Some(offset),
                "{encoding:?} position {position:?} of offset {offset}"
            );
        }
    }
    for (line, col) in positions.into_iter().take(64) {
        for encoding in ENCODINGS {
            if let Some(offset) = text::to_offset(&rope, LineCol::new(line, col), encoding) {
                assert!(offset <= text.len() && text.is_char_boundary(offset));
            }
        }
    }
});
