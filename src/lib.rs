//! ibid: a language server and linter for annotated research notes.
//!
//! The crate is split the way the data flows: [`analysis`] turns text into
//! facts (syntax trees now; markers, notes and citations on top of them) and
//! knows nothing about files, terminals or editors; [`cli`] is the command
//! line front end that reads files and prints what the analysis found.

pub mod analysis;
pub mod bibfiles;
pub mod cli;
pub mod config;
pub mod lsp;
