//! Serving the protocol over standard input and output: the async
//! runtime, the logging, and the transport started around the server.

use std::process::ExitCode;

/// The environment variable that sets the log filter (`tracing` syntax).
const LOG_ENV: &str = "IBID_LOG";

/// Serves the protocol over standard input and output until the client
/// sends `exit` or closes the input.
pub fn run() -> ExitCode {
    init_logging();
    super::memory::tune_allocator();
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
        let (notify, notifications) =
            tokio::sync::mpsc::channel(super::transport::NOTIFICATIONS_QUEUE);
        let (service, socket, shut_down) = super::server::service(notify);
        super::transport::serve(tokio::io::stdin(), output(), service, socket, notifications).await;
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

/// Standard output, written to as a plain file where that is possible.
///
/// The standard library's `Stdout` is line buffered: it searches every
/// write for its last line break, and a message with a thousand findings
/// is some hundred kilobytes without one, searched again on each
/// keystroke (a fortieth of what a keystroke costs). The protocol frames
/// its messages by length and the transport flushes after each, so the
/// buffering buys nothing here.
#[cfg(unix)]
fn output() -> std::pin::Pin<Box<dyn tokio::io::AsyncWrite + Send>> {
    use std::os::fd::AsFd as _;
    match std::io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::pin(tokio::fs::File::from_std(std::fs::File::from(fd))),
        Err(error) => {
            tracing::warn!("writing through the standard library's stdout: {error}");
            Box::pin(tokio::io::stdout())
        }
    }
}

#[cfg(not(unix))]
fn output() -> std::pin::Pin<Box<dyn tokio::io::AsyncWrite + Send>> {
    Box::pin(tokio::io::stdout())
}
