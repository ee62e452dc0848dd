//! Size caps on upstream bodies: an answer larger than the cap is refused, not buffered.
//!
//! The cap is on the bytes after decompression, read chunk by chunk, so neither a huge answer
//! nor a small compressed one that expands can grow the server's memory past it.

use reqwest::Response;

use crate::error::{Error, Stage};

/// Reads the whole body of `response` as text, refusing more than `limit` bytes.
///
/// # Errors
/// [`Error::BodyTooLarge`] past the cap; `map_error` turns a read failure (cut off, reset,
/// timed out) into the caller's error.
pub async fn read_capped(
    mut response: Response,
    stage: Stage,
    limit: u64,
    map_error: impl Fn(reqwest::Error) -> Error,
) -> Result<String, Error> {
    let status = response.status().as_u16();
    let too_large = || Error::BodyTooLarge { stage, status, limit };
    if response.content_length().is_some_and(|length| length > limit) {
        return Err(too_large());
    }

    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(&map_error)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }

    // YouTube serves UTF-8; a stray invalid byte must not lose the whole answer.
    Ok(match String::from_utf8(body) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}
