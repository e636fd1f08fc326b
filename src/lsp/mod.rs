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
mod server;
mod state;
mod tasks;
mod to_proto;
mod transport;
mod worker;
mod workspace;

use std::process::ExitCode;

/// The environment variable that sets the log filter (`tracing` syntax).
const LOG_ENV: &str = "IBID_LOG";

/// Serves the protocol over standard input and output until the client
/// sends `exit` or closes the input.
pub fn run() -> ExitCode {
    init_logging();
    memory::limit_pools();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("ibid-lsp")
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!("cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let shut_down = runtime.block_on(async {
        let (notify, notifications) = tokio::sync::mpsc::channel(transport::NOTIFICATIONS_QUEUE);
        let (service, socket, shut_down) = server::service(notify);
        transport::serve(
            tokio::io::stdin(),
            tokio::io::stdout(),
            service,
            socket,
            notifications,
        )
        .await;
        shut_down
    });
    // Blocking tasks (a workspace scan) must not keep the process alive
    // after `exit`.
    runtime.shutdown_background();
    if shut_down.load(std::sync::atomic::Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Logs to standard error, never to standard output (the transport).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("ibid=info,tower_lsp_server=warn"));
    // A second initialisation (tests in one process) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

// Re-exported for the server's own modules, which use the protocol types
// under one short name.
use tower_lsp_server::gen_lsp_types as lsp;
