//! The language server: `ibid lsp --stdio`.
//!
//! This is the only part of ibid that names the protocol's types. The
//! analysis works in byte offsets on plain data; this layer converts positions
//! at its edge ([`from_proto`], [`to_proto`]), keeps the open documents
//! ([`state`]) and analyses each on its own [`worker`] through the
//! workspace's host, publishes diagnostics ([`publish`]), indexes the
//! workspace folders ([`index`], [`workspace`]), and forwards each request
//! from [`server`] to a handler in [`handlers`]. The rooms below the
//! handlers never call up into them.

//! Standard output is the transport ([`transport`] frames, reads and writes
//! the messages): nothing else here may print to it. Logs go to
//! standard error through `tracing`; set `IBID_LOG` (for example
//! `IBID_LOG=ibid=debug`) to see more.

mod bibliography;
mod capabilities;
mod from_proto;
mod handlers;
mod index;
mod memory;
mod publish;
mod published;
mod semantic_tokens;
mod server;
mod state;
pub mod stdio;
mod tasks;
mod to_proto;
mod transport;
mod worker;
mod workspace;

// Re-exported for the server's own modules, which use the protocol types
// under one short name.
use tower_lsp_server::gen_lsp_types as lsp;
