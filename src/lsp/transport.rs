//! The server's side of the wire: JSON-RPC messages framed by
//! `Content-Length` headers on standard input and output.
//!
//! The protocol library has a loop of its own for this, but it stops reading
//! for good at the first body that is not JSON, which would leave the editor
//! with a dead server because of one bad message, and its framed reader keeps
//! a buffer as large as the largest message for the rest of the session (a
//! megabyte after opening a 1 MB document). This loop reads each message into
//! a buffer of its own size, decodes it straight from there, and lets the
//! buffer go before the message is handled.
//!
//! Bad input is answered, not fatal. A body that is not JSON gets a parse
//! error, and one that is JSON but not a message an invalid-request error
//! (both with a null id, since none could be read), as JSON-RPC asks. A
//! message without a usable `Content-Length`, or longer than any document
//! the server would accept, is dropped and logged. A wrong `Content-Length`
//! desynchronises the stream: the next header is then found inside what was
//! read as the tail of a body. The reader finds `Content-Length:` anywhere
//! in a header line, so it loses at most the messages the wrong length
//! overlapped and then reads on in step.
//!
//! Requests are handled in the order they arrive and up to
//! [`MAX_CONCURRENT`] at a time: a slow request does not hold up a hover,
//! and `$/cancelRequest` can reach one that is still running.

use std::future::Future;
use std::pin::Pin;

use futures_util::{SinkExt, StreamExt, future, stream};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::ClientSocket;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_service::Service;

/// The largest message body read into memory. Larger ones are skipped
/// without being stored, so a bogus length cannot exhaust memory; it is
/// well above the largest document (`max-file-size`) one can raise it to in
/// practice, since a body holds the text escaped as JSON.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// Requests handled at once. Notifications count too, and are started in
/// the order they arrive, so edits are applied in order.
const MAX_CONCURRENT: usize = 4;

/// Requests read but not yet started, before the reader waits.
const QUEUE: usize = 100;

const HEADER: &[u8] = b"content-length:";

/// Message bodies are read (and written) in chunks of this size. The runtime's standard
/// input reads on a blocking thread through a buffer as large as the largest
/// read asked of it, and keeps that buffer: one read of a whole 1 MB
/// `didOpen` would hold a megabyte for the rest of the session.
const IO_CHUNK: usize = 64 * 1024;

/// The value of the last `Content-Length:` header in `line`, wherever it
/// starts.
fn content_length(line: &[u8]) -> Option<Option<usize>> {
    let lower = line.to_ascii_lowercase();
    let at = lower.windows(HEADER.len()).rposition(|w| w == HEADER)?;
    let value = String::from_utf8_lossy(&line[at + HEADER.len()..]);
    Some(value.trim().parse::<usize>().ok())
}

/// Reads framed message bodies, skipping the frames that cannot be read.
struct Reader<R> {
    input: BufReader<R>,
    line: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Reader<R> {
    fn new(input: R) -> Self {
        Reader {
            input: BufReader::new(input),
            line: Vec::new(),
        }
    }

    /// The next message's body; `None` when the input ends (inside a
    /// message too: its start is of no use).
    async fn next_body(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        loop {
            // Headers, up to an empty line.
            let mut length = None;
            let mut malformed = false;
            loop {
                self.line.clear();
                // A header line longer than this is not a header: stop storing it.
                if (&mut self.input)
                    .take(64 * 1024)
                    .read_until(b'\n', &mut self.line)
                    .await?
                    == 0
                {
                    return Ok(None);
                }
                if self.line.trim_ascii().is_empty() {
                    break;
                }
                match content_length(&self.line) {
                    Some(Some(value)) => length = Some(value),
                    Some(None) => malformed = true,
                    None => {}
                }
            }
            let Some(length) = length else {
                if malformed {
                    tracing::error!("dropped a message whose Content-Length is not a number");
                } else {
                    tracing::error!("dropped a message without a Content-Length header");
                }
                continue;
            };
            if length > MAX_MESSAGE {
                tracing::error!(
                    "dropped a message of {length} bytes, over the limit of {MAX_MESSAGE} bytes"
                );
                let skipped = tokio::io::copy(
                    &mut (&mut self.input).take(length as u64),
                    &mut tokio::io::sink(),
                )
                .await?;
                if skipped < length as u64 {
                    return Ok(None);
                }
                continue;
            }
            let mut body = vec![0; length];
            for chunk in body.chunks_mut(IO_CHUNK) {
                if let Err(error) = self.input.read_exact(chunk).await {
                    if error.kind() == std::io::ErrorKind::UnexpectedEof {
                        tracing::error!("the input ended inside a message of {length} bytes");
                        return Ok(None);
                    }
                    return Err(error);
                }
            }
            return Ok(Some(body));
        }
    }
}

/// What a body held.
#[derive(Debug)]
enum Incoming {
    Request(Request),
    /// The client's answer to a request of the server's.
    Response(Response),
    /// Not a message: the error to answer it with.
    Invalid(Error),
}

/// Decodes a body straight into a request (nearly every message is one).
/// The request's fields are all optional to the decoder, so a response (an
/// id and a result or an error) also reads as a request, one without a
/// method: only then is the body read again, as a response. A body that
/// does not decode is read once more to tell bad JSON from a JSON value
/// that is not a message.
fn decode(body: &[u8]) -> Incoming {
    let request_error = match serde_json::from_slice::<Request>(body) {
        Ok(request) if !request.method().is_empty() => return Incoming::Request(request),
        Ok(_) => None,
        Err(error) => Some(error),
    };
    if let Ok(response) = serde_json::from_slice::<Response>(body) {
        return Incoming::Response(response);
    }
    match request_error {
        Some(error) if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() => {
            tracing::error!("a message that is not JSON: {error}");
            Incoming::Invalid(Error::parse_error())
        }
        error => {
            let why = error.map_or_else(
                || "no method, result or error".to_string(),
                |e| e.to_string(),
            );
            tracing::error!("a message that is neither a request nor a response: {why}");
            Incoming::Invalid(Error::invalid_request())
        }
    }
}

/// Writes one message with its header, in one piece: the runtime's standard
/// output hands each write to a blocking thread. Written in chunks of
/// [`IO_CHUNK`] for the reason bodies are read in them (that thread keeps
/// a buffer as large as the largest write).
async fn write_message(
    output: &mut (impl AsyncWrite + Unpin),
    message: &impl serde::Serialize,
) -> std::io::Result<()> {
    let body = serde_json::to_vec(message).map_err(std::io::Error::other)?;
    write_body(output, body).await
}

/// Writes one message body, already encoded, with its header.
async fn write_body(output: &mut (impl AsyncWrite + Unpin), body: Vec<u8>) -> std::io::Result<()> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(&body);
    drop(body);
    for chunk in framed.chunks(IO_CHUNK) {
        output.write_all(chunk).await?;
    }
    output.flush().await
}

/// Notifications the server encodes itself, straight from its own types.
/// The protocol library's client turns a notification's parameters into a
/// tree of JSON values first (a map and a string per field), then encodes
/// and frees that tree: for a document with a thousand findings, each
/// keystroke's diagnostics cost more that way than the analysis did. The
/// channel holds a few: a client that stops reading holds up the sender
/// rather than filling the server's memory.
pub type Notifications = mpsc::Sender<Vec<u8>>;

/// Notifications encoded by the server that wait for the writer.
pub const NOTIFICATIONS_QUEUE: usize = 4;

/// The body of a notification of `method` with `params`.
pub fn notification(method: &str, params: &impl serde::Serialize) -> serde_json::Result<Vec<u8>> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })
}

type Pending = Pin<Box<dyn Future<Output = Option<Response>> + Send>>;

/// Serves `service` over `input` and `output` until the client sends `exit`
/// or closes the input. `socket` carries what the server sends of its own
/// accord (notifications and requests) and takes the client's answers;
/// `notifications` carries notifications the server encoded itself (see
/// [`Notifications`]).
pub async fn serve<S>(
    input: impl AsyncRead + Unpin,
    output: impl AsyncWrite + Unpin,
    mut service: S,
    socket: ClientSocket,
    mut notifications: mpsc::Receiver<Vec<u8>>,
) where
    S: Service<Request, Response = Option<Response>>,
    S::Error: std::fmt::Display,
    S::Future: Send + 'static,
{
    let (server_requests, mut client_responses) = socket.split();
    let (server_requests, stop_server_requests) = stream::abortable(server_requests);
    let (responses, mut to_write) = mpsc::channel::<Response>(1);
    let (pending, queued) = mpsc::channel::<Pending>(QUEUE);

    let read = {
        let responses = responses.clone();
        async move {
            let mut reader = Reader::new(input);
            loop {
                let body = match reader.next_body().await {
                    Ok(Some(body)) => body,
                    Ok(None) => break,
                    Err(error) => {
                        tracing::debug!("input closed: {error}");
                        break;
                    }
                };
                let incoming = decode(&body);
                // The body goes before the message is handled: a document's
                // text is now in the request alone.
                drop(body);
                match incoming {
                    Incoming::Request(request) => {
                        if let Err(error) = future::poll_fn(|cx| service.poll_ready(cx)).await {
                            tracing::error!("the server stopped: {error}");
                            break;
                        }
                        let exit = request.method() == "exit";
                        let call = service.call(request);
                        let handled: Pending = Box::pin(async move {
                            call.await.unwrap_or_else(|error| {
                                tracing::error!("{error}");
                                None
                            })
                        });
                        if pending.send(handled).await.is_err() || exit {
                            break;
                        }
                    }
                    Incoming::Response(response) => {
                        if client_responses.send(response).await.is_err() {
                            break;
                        }
                    }
                    Incoming::Invalid(error) => {
                        let _ = responses.send(Response::from_error(Id::Null, error)).await;
                    }
                }
            }
            // Nothing more will be asked: let the handlers finish, then the
            // writer, once the server's own messages stop.
            drop(pending);
            stop_server_requests.abort();
        }
    };

    let handle = async move {
        let mut queued = queued;
        let queued = stream::poll_fn(move |cx| queued.poll_recv(cx));
        let mut done = queued.buffer_unordered(MAX_CONCURRENT);
        while let Some(response) = done.next().await {
            if let Some(response) = response
                && responses.send(response).await.is_err()
            {
                break;
            }
        }
    };

    let write = async move {
        let mut output = output;
        let mut server_requests = server_requests.fuse();
        let (mut responses_open, mut requests_open) = (true, true);
        loop {
            let result = tokio::select! {
                response = to_write.recv(), if responses_open => match response {
                    Some(response) => write_message(&mut output, &response).await,
                    None => {
                        responses_open = false;
                        continue;
                    }
                },
                request = server_requests.next(), if requests_open => match request {
                    Some(request) => write_message(&mut output, &request).await,
                    None => {
                        requests_open = false;
                        continue;
                    }
                },
                // The server's own messages stop together, when the input ends.
                body = notifications.recv(), if requests_open => match body {
                    Some(body) => write_body(&mut output, body).await,
                    None => continue,
                },
                else => break,
            };
            if let Err(error) = result {
                tracing::debug!("output closed: {error}");
                break;
            }
        }
    };

    tokio::join!(read, handle, write);
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn bodies(input: &[u8]) -> Vec<String> {
        let mut reader = Reader::new(input);
        let mut out = Vec::new();
        loop {
            match reader.next_body().await {
                Ok(Some(body)) => out.push(String::from_utf8_lossy(&body).into_owned()),
                Ok(None) => return out,
                Err(error) => panic!("{error}"),
            }
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn a_short_length_loses_one_message_and_the_stream_recovers() {
        let good = r#"{"jsonrpc":"2.0","method":"a"}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{good}{}{}",
            frame(good),
            frame(r#"{"jsonrpc":"2.0","method":"b"}"#)
        );
        // The short body, then the tail of the first message and the header
        // of the second read as garbage headers, then the second and third.
        assert_eq!(
            bodies(input.as_bytes()).await,
            [r#"{"jso"#, good, r#"{"jsonrpc":"2.0","method":"b"}"#]
        );
    }

    #[tokio::test]
    async fn oversized_bodies_and_truncated_input_end_quietly() {
        let huge = format!("Content-Length: {}\r\n\r\nxyz", MAX_MESSAGE + 1);
        assert!(bodies(huge.as_bytes()).await.is_empty());
        let truncated = "Content-Length: 100\r\n\r\n{\"json";
        assert!(bodies(truncated.as_bytes()).await.is_empty());
        let no_number = format!("Content-Length: many\r\n\r\n{}", frame("{}"));
        assert_eq!(bodies(no_number.as_bytes()).await, ["{}"]);
    }

    #[tokio::test]
    async fn a_body_longer_than_one_read_arrives_whole() {
        let text = "é".repeat(IO_CHUNK) + "\u{1F600}";
        let body = format!(r#"{{"jsonrpc":"2.0","method":"a","params":"{text}"}}"#);
        let input = format!("{}{}", frame(&body), frame("{}"));
        assert_eq!(bodies(input.as_bytes()).await, [body.as_str(), "{}"]);
        let cut = &input.as_bytes()[..IO_CHUNK + 100];
        assert!(bodies(cut).await.is_empty());
    }

    #[tokio::test]
    async fn a_message_is_written_with_its_length_in_bytes() {
        let mut out = Vec::new();
        let large = "ü".repeat(IO_CHUNK);
        for params in [serde_json::json!("“é”"), serde_json::json!(large)] {
            out.clear();
            let result = write_message(&mut out, &serde_json::json!({ "params": params })).await;
            assert!(result.is_ok(), "{result:?}");
            let body = format!(r#"{{"params":{params}}}"#);
            assert_eq!(String::from_utf8_lossy(&out), frame(&body));
        }
    }

    #[test]
    fn a_notification_encoded_here_is_a_json_rpc_notification() {
        let params = serde_json::json!({ "uri": "file:///a.txt", "diagnostics": [] });
        let body = notification("textDocument/publishDiagnostics", &params);
        assert_eq!(
            body.ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
            Some(
                r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":[],"uri":"file:///a.txt"}}"#
                    .to_string()
            )
        );
    }

    #[test]
    fn bodies_decode_to_requests_responses_or_the_error_to_answer() {
        let request =
            decode(br#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}"#);
        assert!(
            matches!(&request, Incoming::Request(r) if r.method() == "textDocument/hover"),
            "{request:?}"
        );
        let response = decode(br#"{"jsonrpc":"2.0","id":4,"result":null}"#);
        assert!(matches!(response, Incoming::Response(_)), "{response:?}");
        let code = |incoming| match incoming {
            Incoming::Invalid(error) => error.code.code(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code(decode(b"{ not json")), -32700);
        assert_eq!(code(decode(br#"{"jsonrpc":"2.0","id":5}"#)), -32600);
        assert_eq!(code(decode(b"[1, 2]")), -32600);
    }
}
