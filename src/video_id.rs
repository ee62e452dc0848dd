//! Video references: every form a user pastes, parsed once into a [`VideoId`].
//!
//! (Skeleton: the full parser lands with its tests.)

use std::fmt;

/// An 11-character YouTube video id (`[0-9A-Za-z_-]{11}`), valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VideoId(String);

impl VideoId {
    /// The id as YouTube spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Accepts exactly an 11-character id of the YouTube alphabet, nothing else.
    pub fn from_bare(candidate: &str) -> Option<Self> {
        let valid = candidate.len() == 11
            && candidate.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        valid.then(|| Self(candidate.to_owned()))
    }
}

impl fmt::Display for VideoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for VideoId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// What a user's reference resolved to: the id, and the start offset a URL carried.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoRef {
    pub id: VideoId,
    /// Seconds from `t=`/`start=` (`90`, `1m30s`, `1h2m3s`), when the URL had one.
    pub start_seconds: Option<f64>,
}

impl VideoRef {
    /// Resolves a bare id or any accepted URL form.
    ///
    /// # Errors
    /// [`crate::Error::InvalidInput`] naming the accepted forms.
    pub fn parse(input: &str) -> Result<Self, crate::Error> {
        VideoId::from_bare(input.trim())
            .map(|id| Self { id, start_seconds: None })
            .ok_or_else(|| crate::Error::invalid_input("video", "not a YouTube video id or URL"))
    }
}
