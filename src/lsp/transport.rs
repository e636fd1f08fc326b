//! A filter in front of the server's input. The protocol library stops
//! reading for good at the first message whose body is not JSON (its framed
//! reader ends after a decoding error), which would leave the editor with a
//! dead server because of one bad message. The filter reads each framed
//! message, drops (and logs) the ones that are not JSON or have no length,
//! and passes the others on unchanged.

use serde::de::IgnoredAny;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

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
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line).await? == 0 {
                return Ok(());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else {
            tracing::error!("dropped a message without a valid Content-Length header");
            continue;
        };
        let mut body = vec![0; length];
        input.read_exact(&mut body).await?;
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
