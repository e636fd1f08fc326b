//! ibid: a language server and linter for annotated research notes.
//!
//! The crate is layered the way the data flows (`docs/architecture.md` has
//! the whole map):
//!
//! - [`analysis`] turns text into facts: the syntax tree of the
//!   `tree-sitter-ibid` grammar, then the index of markers and notes, the
//!   citations and the works they name, the diagnostics and the editor
//!   features. Plain data in, plain data out, in byte offsets: it knows
//!   nothing of the protocol, terminals or files, and after an edit it
//!   reuses what the edit did not touch.
//! - [`workspace`] is what both front ends need between the analysis and
//!   the disk, written once: the configuration (`ibid.toml` and the
//!   editor's settings), the bibliography files, which files a folder
//!   holds, the severities, and the host that takes one document from
//!   bytes through the analysis to its resolved citations. It knows neither
//!   front end.
//! - [`cli`] and [`lsp`] are the front ends: they take files or protocol
//!   messages to the workspace's host, convert positions at their edge and
//!   present what the analysis found. Only `cli` prints;
//!   in the server standard output is the transport.

// Standard output is the server's transport, and the analysis has no
// terminal: printing is for the command line alone (src/cli allows it).
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod allocator;
pub mod analysis;
pub mod cli;
pub mod lsp;
pub mod workspace;
