//! Protocol positions to byte offsets. With [`to_proto`](super::to_proto),
//! the only place where the negotiated encoding is applied.

use std::ops::Range;
use std::path::PathBuf;

use ropey::Rope;

use crate::analysis::Dialect;
use crate::analysis::text::{self, Encoding, LineCol};

use super::lsp;

/// The byte offset of `position`; `None` past the last line or inside a
/// character (half of a surrogate pair).
pub fn offset(rope: &Rope, encoding: Encoding, position: lsp::Position) -> Option<usize> {
    text::to_offset(
        rope,
        LineCol::new(position.line, position.character),
        encoding,
    )
}

/// The byte range of `range`; `None` when either end is invalid or the
/// range is reversed.
pub fn range(rope: &Rope, encoding: Encoding, range: lsp::Range) -> Option<Range<usize>> {
    let start = offset(rope, encoding, range.start)?;
    let end = offset(rope, encoding, range.end)?;
    (start <= end).then_some(start..end)
}

/// The local path of a `file:` URI.
/// How the document at `uri` writes its text: by the extension of its
/// name, which the user chose, else by the language the editor gave it
/// (`plaintext` for an untitled buffer set to plain text).
pub fn dialect(uri: &lsp::Uri, language: &lsp::LanguageKind) -> Dialect {
    match std::path::Path::new(uri.path()).extension() {
        Some(extension) => Dialect::for_extension(extension.to_str()),
        None if language.as_str() == "plaintext" => Dialect::PlainText,
        None => Dialect::Markdown,
    }
}

pub fn path(uri: &lsp::Uri) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}
