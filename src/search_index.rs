//! A transcript prepared for searching, built once when the transcript is cached.
//!
//! Today it holds each segment's text lowercased with Unicode rules, so a search compares
//! without lowercasing the whole transcript again; it is shared (`Arc`) like the transcript.

use crate::youtube::Transcript;

/// Lowercased segment texts, index-aligned with the transcript's segments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchIndex {
    lowered: Vec<String>,
}

impl SearchIndex {
    /// Prepares `transcript` for searching.
    pub fn build(transcript: &Transcript) -> Self {
        Self { lowered: transcript.segments.iter().map(|s| s.text.to_lowercase()).collect() }
    }

    /// The lowercased text of each segment, in transcript order.
    pub fn lowered(&self) -> &[String] {
        &self.lowered
    }

    /// Heap bytes this index holds, for the cache's byte bound.
    pub fn heap_bytes(&self) -> usize {
        self.lowered.capacity() * std::mem::size_of::<String>()
            + self.lowered.iter().map(String::capacity).sum::<usize>()
    }
}
