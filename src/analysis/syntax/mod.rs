//! A thin, typed binding over the tree-sitter notes grammar.
//!
//! Later layers (the marker and note index, diagnostics, editor features)
//! never match on raw kind strings or walk trees by hand: they ask a
//! [`SyntaxTree`] for its [`Marker`]s, [`Note`]s, [`NotesSection`]s,
//! [`Heading`]s and [`Table`]s, and read note keys with [`label_key`].
//!
//! Byte offsets are the one unit here: every range is a byte range into the
//! text that was parsed.

mod changes;
mod edit;
pub mod kinds;
mod labels;
mod summary;
mod tree;
mod views;
mod walk;

pub use changes::{Change, touched};
pub(crate) use edit::advance as advance_point;
pub use edit::{TextEdit, edit_for_replace};
pub use labels::{
    LABEL_LIST_LIMIT, compress_keys, from_superscript, is_superscript_digit, label_key, label_keys,
    relabel_list, to_superscript,
};
pub use summary::Summary;
pub use tree::{Dialect, SyntaxTree, language, parse, parse_as, reparse};
pub use views::{Heading, Marker, MarkerKind, Note, NotesSection, Table};
pub use walk::Preorder;
