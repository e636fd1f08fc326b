//! A filter in front of the server's input. The protocol library stops
//! reading for good at the first message whose body is not JSON (its framed
//! reader ends after a decoding error), which would leave the editor with a
//! dead server because of one bad message. The filter reads each framed
//! message, drops (and logs) the ones that are not JSON, have no length or
//! are larger than any document the server would accept, and passes the
//! others on unchanged.
//!
//! A wrong `Content-Length` desynchronises the stream: the next header is
//! then found inside what was read as the tail of a body. The filter finds
//! `Content-Length:` anywhere in a header line, so it loses at most the
//! messages the wrong length overlapped and then reads on in step.

use serde::de::IgnoredAny;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The largest message body read into memory. Larger ones are skipped
/// without being stored, so a bogus length cannot exhaust memory; it is
/// well above the largest document (`max-file-size`) one can raise it to in
/// practice, since a body holds the text escaped as JSON.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

const HEADER: &[u8] = b"content-length:";

/// The value of the last `Content-Length:` header in `line`, wherever it
/// starts.
fn content_length(line: &[u8]) -> Option<Option<usize>> {
    let lower = line.to_ascii_lowercase();
    let at = lower.windows(HEADER.len()).rposition(|w| w == HEADER)?;
    let value = String::from_utf8_lossy(&line[at + HEADER.len()..]);
    Some(value.trim().parse::<usize>().ok())
}

/// Message bodies are read in chunks of this size. The runtime's standard
/// input reads on a blocking thread through a buffer as large as the largest
/// read asked of it, and keeps that buffer: one read of a whole 1 MB
/// `didOpen` would hold a megabyte for the rest of the session.
const READ_CHUNK: usize = 64 * 1024;

/// Copies well-formed messages from `input` to `output` until `input` ends.
pub async fn forward_valid_messages(
    input: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        // Headers, up to an empty line.
        let mut length = None;
        let mut malformed = false;
        loop {
            line.clear();
            // A header line longer than this is not a header: stop storing it.
            if (&mut input)
                .take(64 * 1024)
                .read_until(b'\n', &mut line)
                .await?
                == 0
            {
                return Ok(());
            }
            if line.trim_ascii().is_empty() {
                break;
            }
            match content_length(&line) {
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
                &mut (&mut input).take(length as u64),
                &mut tokio::io::sink(),
            )
            .await?;
            if skipped < length as u64 {
                return Ok(());
            }
            continue;
        }
        let mut body = vec![0; length];
        for chunk in body.chunks_mut(READ_CHUNK) {
            if let Err(error) = input.read_exact(chunk).await {
                if error.kind() == std::io::ErrorKind::UnexpectedEof {
                    tracing::error!("the input ended inside a message of {length} bytes");
                    return Ok(());
                }
                return Err(error);
            }
        }
        if let Err(error) = serde_json::from_slice::<IgnoredAny>(&body) {
            tracing::error!("dropped a message that is not JSON: {error}");
            continue;
        }
        output
            .write_all(format!("Content-Length: {length}\r\n\r\n").as_bytes())
            .await?;
        output.write_all(&body).await?;
        output.flush().await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn filter(input: &[u8]) -> String {
        let mut output = Vec::new();
        let result = forward_valid_messages(input, &mut output).await;
        assert!(result.is_ok(), "{result:?}");
        String::from_utf8_lossy(&output).into_owned()
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
        let out = filter(input.as_bytes()).await;
        assert_eq!(
            out,
            format!(
                "{}{}",
                frame(good),
                frame(r#"{"jsonrpc":"2.0","method":"b"}"#)
            )
        );
    }

    #[tokio::test]
    async fn oversized_bodies_and_truncated_input_end_quietly() {
        let huge = format!("Content-Length: {}\r\n\r\nxyz", MAX_MESSAGE + 1);
        assert_eq!(filter(huge.as_bytes()).await, "");
        let truncated = "Content-Length: 100\r\n\r\n{\"json";
        assert_eq!(filter(truncated.as_bytes()).await, "");
        let no_number = format!("Content-Length: many\r\n\r\n{}", frame("{}"));
        assert_eq!(filter(no_number.as_bytes()).await, frame("{}"));
    }

    #[tokio::test]
    async fn a_body_longer_than_one_read_arrives_whole() {
        let text = "é".repeat(READ_CHUNK) + "\u{1F600}";
        let body = format!(r#"{{"jsonrpc":"2.0","method":"a","params":"{text}"}}"#);
        let input = format!("{}{}", frame(&body), frame("{}"));
        assert_eq!(filter(input.as_bytes()).await, input);
        let cut = &input.as_bytes()[..READ_CHUNK + 100];
        assert_eq!(filter(cut).await, "");
    }
}
