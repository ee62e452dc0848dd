//! Page cursors: opaque to callers, signed so they can be neither forged nor moved to another
//! request.
//!
//! A cursor holds what the next page needs ([`CursorState`]): the video, the track (code,
//! kind, name) and the rule that chose it, the translation, the format, whether fragments
//! were merged, the time range, the position of the next segment, and a fingerprint of the
//! transcript it was cut from. It is that state as JSON, base64url-encoded, a `.`, and the
//! first [`TAG_BYTES`] bytes of an HMAC-SHA256 of the encoded bytes.
//!
//! The key comes from `--cursor-secret`, so several instances behind one endpoint accept each
//! other's cursors; without one, each process draws a random key and its cursors end with it.
//! Neither the key nor the secret is ever logged or printed.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::formats::Format;
use crate::youtube::Transcript;

/// Bytes of the HMAC tag a cursor carries: 128 bits, beyond guessing, half the length.
pub const TAG_BYTES: usize = 16;

/// The shortest `--cursor-secret` accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 16;

/// The cursor version this server writes and accepts; bumped whenever the state or the
/// meaning of a position changes.
pub const VERSION: u8 = 1;

/// Bytes of a random key.
const RANDOM_KEY_BYTES: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// A configured secret; its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct CursorSecret(String);

impl CursorSecret {
    /// Accepts a secret of at least [`MIN_SECRET_BYTES`] bytes (surrounding spaces ignored).
    ///
    /// # Errors
    /// A message for the command line when the secret is too short.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let secret = raw.trim();
        if secret.len() < MIN_SECRET_BYTES {
            return Err(format!("give a secret of at least {MIN_SECRET_BYTES} characters"));
        }
        Ok(Self(secret.to_owned()))
    }
}

impl fmt::Debug for CursorSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CursorSecret(<redacted>)")
    }
}

/// The key that signs and checks cursors; its `Debug` never shows the key.
#[derive(Clone)]
pub struct CursorKey(Vec<u8>);

impl fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CursorKey(<redacted>)")
    }
}

/// Where the next page of a transcript starts, and what it continues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CursorState {
    #[serde(rename = "v")]
    pub version: u8,
    #[serde(rename = "id")]
    pub video: String,
    #[serde(rename = "lang")]
    pub language_code: String,
    pub kind: String,
    pub name: String,
    /// The `selected_because` of the first page.
    #[serde(rename = "why")]
    pub because: String,
    /// The translation language, in YouTube's spelling.
    #[serde(rename = "tl")]
    pub translate_to: Option<String>,
    #[serde(rename = "fmt")]
    pub format: Format,
    pub merge: bool,
    #[serde(rename = "from")]
    pub start: f64,
    #[serde(rename = "to")]
    pub end: Option<f64>,
    /// The index, within the range, of the next page's first segment.
    #[serde(rename = "at")]
    pub position: usize,
    /// The page budget of the pages so far: the next one's, unless the call gives its own.
    #[serde(rename = "max")]
    pub max_chars: usize,
    /// [`fingerprint`] of the transcript the pages are cut from.
    #[serde(rename = "fp")]
    pub fingerprint: String,
}

impl CursorKey {
    /// The key of a configured secret: instances sharing it accept each other's cursors.
    pub fn from_secret(secret: &CursorSecret) -> Self {
        Self(secret.0.as_bytes().to_vec())
    }

    /// A key drawn from the operating system's randomness, for one process.
    pub fn random() -> Self {
        let mut key = vec![0; RANDOM_KEY_BYTES];
        if let Err(error) = getrandom::fill(&mut key) {
            tracing::warn!(%error, "no OS randomness; cursor key taken from the hash seed");
            key = hash_seed_bytes();
        }
        Self(key)
    }

    /// The cursor string for `state`.
    pub fn seal(&self, state: &CursorState) -> String {
        // A state is strings, numbers and an enum: serde_json cannot fail on it.
        let json = serde_json::to_vec(state).unwrap_or_default();
        let body = URL_SAFE_NO_PAD.encode(json);
        let tag = URL_SAFE_NO_PAD.encode(&self.tag(body.as_bytes())[..TAG_BYTES]);
        format!("{body}.{tag}")
    }

    /// The state a cursor holds, once its signature and version are checked.
    ///
    /// # Errors
    /// `invalid_input` for `cursor` when it is malformed, altered, signed with another key, or
    /// written by another version of the server.
    pub fn open(&self, cursor: &str) -> Result<CursorState, Error> {
        let refuse = |problem: &str| Error::invalid_input("cursor", problem);
        let malformed = "this is not a cursor from this server; pass next_cursor exactly as a \
                         page returned it, or leave cursor out to start again";

        let (body, tag) = cursor.trim().split_once('.').ok_or_else(|| refuse(malformed))?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| refuse(malformed))?;
        let mut mac = self.mac();
        mac.update(body.as_bytes());
        mac.verify_truncated_left(&tag).map_err(|_| {
            refuse(
                "the cursor was altered, or another server (with another cursor secret) \
                 issued it; leave cursor out to start again",
            )
        })?;

        let json = URL_SAFE_NO_PAD.decode(body).map_err(|_| refuse(malformed))?;
        let state: CursorState = serde_json::from_slice(&json).map_err(|_| refuse(malformed))?;
        if state.version != VERSION {
            return Err(refuse(
                "the cursor comes from another version of this server; leave \
                               cursor out to start again",
            ));
        }
        Ok(state)
    }

    fn tag(&self, bytes: &[u8]) -> Vec<u8> {
        let mut mac = self.mac();
        mac.update(bytes);
        mac.finalize().into_bytes().to_vec()
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes keys of any length (long ones are hashed first), so this cannot fail.
        <HmacSha256 as KeyInit>::new_from_slice(&self.0).expect("HMAC accepts any key length")
    }
}

/// A short digest of a transcript's segments: a cursor cut from other segments is stale.
pub fn fingerprint(transcript: &Transcript) -> String {
    let mut hash = Sha256::new();
    for segment in &transcript.segments {
        hash.update(segment.start.to_le_bytes());
        hash.update(segment.duration.to_le_bytes());
        hash.update((segment.text.len() as u64).to_le_bytes());
        hash.update(segment.text.as_bytes());
    }
    let digest = hash.finalize();
    digest[..8].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// 32 bytes from std's per-process random hash seed, should the OS refuse randomness.
fn hash_seed_bytes() -> Vec<u8> {
    let seed = RandomState::new();
    let words = (0..RANDOM_KEY_BYTES / 8).map(|index| {
        let mut hasher = seed.build_hasher();
        hasher.write_usize(index);
        hasher.finish().to_le_bytes()
    });
    words.flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::Segment;

    fn state() -> CursorState {
        CursorState {
            version: VERSION,
            video: "GJLlxj_dtq8".into(),
            language_code: "de".into(),
            kind: "manual".into(),
            name: "German".into(),
            because: "requested_language_manual".into(),
            translate_to: None,
            format: Format::Srt,
            merge: false,
            start: 60.0,
            end: Some(120.5),
            position: 42,
            max_chars: 20_000,
            fingerprint: "0123456789abcdef".into(),
        }
    }

    fn secret(text: &str) -> CursorSecret {
        CursorSecret::parse(text).expect("long enough")
    }

    /// A sealed cursor opens to the same state under the same key.
    #[test]
    fn a_sealed_cursor_opens_to_its_state() {
        let key = CursorKey::random();
        let cursor = key.seal(&state());
        assert_eq!(key.open(&cursor).expect("own cursor"), state());
        assert!(cursor.len() < 300, "{}", cursor.len());
    }

    /// Two keys made from one secret accept each other's cursors; random keys do not.
    #[test]
    fn a_shared_secret_makes_cursors_portable() {
        let shared = secret("a shared secret of some length");
        let cursor = CursorKey::from_secret(&shared).seal(&state());
        assert!(CursorKey::from_secret(&shared).open(&cursor).is_ok());

        let other = CursorKey::from_secret(&secret("another secret of some length"));
        assert!(other.open(&cursor).is_err());
        assert!(CursorKey::random().open(&CursorKey::random().seal(&state())).is_err());
    }

    /// Any change to the body or the tag is refused as altered.
    #[test]
    fn altered_cursors_are_refused() {
        let key = CursorKey::random();
        let cursor = key.seal(&state());
        let (body, tag) = cursor.split_once('.').unwrap();

        let moved = CursorState { position: 4200, ..state() };
        let forged_body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&moved).unwrap());
        let other_first = if tag.starts_with('A') { 'B' } else { 'A' };
        let forged_tag = format!("{other_first}{}", &tag[1..]);
        for altered in [format!("{forged_body}.{tag}"), format!("{body}.{forged_tag}")] {
            let error = key.open(&altered).expect_err("altered");
            assert!(error.to_string().contains("was altered"), "{error}");
        }
    }

    /// Text that is no cursor at all says how to get a good one.
    #[test]
    fn garbage_is_refused_as_malformed() {
        let key = CursorKey::random();
        for garbage in ["", "abc", "abc.###", "."] {
            let error = key.open(garbage).expect_err(garbage);
            assert_eq!(error.details()["parameter"], "cursor");
        }
        let signed_garbage = {
            let body = URL_SAFE_NO_PAD.encode("not json");
            let tag = URL_SAFE_NO_PAD.encode(&key.tag(body.as_bytes())[..TAG_BYTES]);
            format!("{body}.{tag}")
        };
        let error = key.open(&signed_garbage).expect_err("not a state");
        assert!(error.to_string().contains("not a cursor from this server"), "{error}");
    }

    /// A cursor of another version is refused even with a good signature.
    #[test]
    fn other_versions_are_refused() {
        let key = CursorKey::random();
        let cursor = key.seal(&CursorState { version: VERSION + 1, ..state() });
        let error = key.open(&cursor).expect_err("future version");
        assert!(error.to_string().contains("another version"), "{error}");
    }

    /// Secrets are long enough and never shown by `Debug`.
    #[test]
    fn secrets_are_checked_and_redacted() {
        assert!(CursorSecret::parse("short").is_err());
        let secret = secret("  sixteen chars!!!  ");
        assert_eq!(format!("{secret:?}"), "CursorSecret(<redacted>)");
        assert_eq!(format!("{:?}", CursorKey::from_secret(&secret)), "CursorKey(<redacted>)");
    }

    /// The fingerprint changes with any segment's time or text.
    #[test]
    fn fingerprints_follow_the_segments() {
        let one = |text: &str, start: f64| Transcript {
            segments: vec![Segment { start, duration: 1.0, text: text.into() }],
        };
        let base = fingerprint(&one("hello", 1.0));
        assert_eq!(base.len(), 16);
        assert_eq!(base, fingerprint(&one("hello", 1.0)));
        assert_ne!(base, fingerprint(&one("hellO", 1.0)));
        assert_ne!(base, fingerprint(&one("hello", 1.001)));
    }
}
