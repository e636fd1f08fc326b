//! The ibid notes grammar for [tree-sitter](https://tree-sitter.github.io/).
//!
//! Load it into a parser:
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_ibid::LANGUAGE.into())
//!     .expect("the generated parser matches the tree-sitter ABI");
//! let tree = parser.parse("A claim.[1]\n\n[1] A source.\n", None);
//! assert!(tree.is_some());
//! ```

use tree_sitter_language::LanguageFn;

// Defined in the generated `src/parser.c`, compiled by `build.rs`.
#[allow(unsafe_code)]
unsafe extern "C" {
    fn tree_sitter_ibid() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for the notes grammar.
///
/// Convert it with `.into()` to get a `tree_sitter::Language`.
// SAFETY: `tree_sitter_ibid` is the language constructor emitted by
// `tree-sitter generate`; it takes no arguments and returns a static
// `TSLanguage`, which is exactly the contract `LanguageFn` expects.
#[allow(unsafe_code)]
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_ibid) };

#[allow(unsafe_code)]
unsafe extern "C" {
    fn tree_sitter_ibid_plain_text() -> *const ();
}

/// The grammar for plain-text documents (`.txt`): the same node types,
/// with indented passages read as text rather than as Markdown's code.
/// The function copies [`LANGUAGE`] on its first call: call it once and
/// keep the language (it is not safe to call from two threads at once).
#[allow(unsafe_code)]
pub const LANGUAGE_PLAIN_TEXT: LanguageFn =
    unsafe { LanguageFn::from_raw(tree_sitter_ibid_plain_text) };

/// The content of the generated `node-types.json`: every node kind, its
/// fields and children. Consumers check their node-kind names against it.
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax-highlighting query shared by every editor integration.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The folding query: notes sections, notes, tables and code blocks.
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");

#[cfg(test)]
mod tests {
    #[test]
    fn loads_the_grammar() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("Error loading the ibid grammar");
    }

    #[test]
    fn queries_compile() {
        let language: tree_sitter::Language = super::LANGUAGE.into();
        for (name, source) in [
            ("highlights", super::HIGHLIGHTS_QUERY),
            ("folds", super::FOLDS_QUERY),
        ] {
            if let Err(error) = tree_sitter::Query::new(&language, source) {
                panic!("{name}.scm does not compile: {error}");
            }
        }
    }
}
