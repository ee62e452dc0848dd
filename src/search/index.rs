//! The inverted index of one transcript, built once when the transcript enters the cache.
//!
//! The transcript's terms ([`super::fold`]) form one stream across all its cues, so a phrase
//! split over two cues is still a run of consecutive positions. Each term has an id; the index
//! keeps the id at every position, the cue of every position, and for each term the sorted
//! positions where it occurs (its postings, stored back to back in one vector). Looking a term
//! up is one hash lookup; everything after that is slices of `u32`.

use std::collections::HashMap;
use std::mem::size_of;
use std::ops::Range;

use super::fold;
use crate::youtube::Transcript;

/// A transcript prepared for searching; shared (`Arc`) like the transcript it was built from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchIndex {
    /// Folded term to term id.
    ids: HashMap<Box<str>, u32>,
    /// The term id at every position of the stream.
    stream: Vec<u32>,
    /// The segment (cue) of every position.
    segment_of: Vec<u32>,
    /// The first position of each segment, then the stream's length.
    segment_starts: Vec<u32>,
    /// `postings[posting_starts[t]..posting_starts[t + 1]]` are the positions of term `t`.
    posting_starts: Vec<u32>,
    postings: Vec<u32>,
    /// How many segments hold each term.
    segment_frequency: Vec<u32>,
}

impl SearchIndex {
    /// Indexes every segment of `transcript`, in order.
    pub fn build(transcript: &Transcript) -> Self {
        let mut index = Self::default();
        index.segment_starts.reserve(transcript.segments.len() + 1);
        for (segment, cue) in transcript.segments.iter().enumerate() {
            index.segment_starts.push(to_u32(index.stream.len()));
            let segment = to_u32(segment);
            fold::for_each_term(&cue.text, |term| {
                let id = index.intern(term);
                index.stream.push(id);
                index.segment_of.push(segment);
            });
        }
        index.segment_starts.push(to_u32(index.stream.len()));

        index.invert();
        index.count_segment_frequencies();
        index.shrink();
        index
    }

    /// The id of `term`, a new one when it is first seen.
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = to_u32(self.ids.len());
        self.ids.insert(term.into(), id);
        id
    }

    /// Fills the postings from the stream: counts per term, their running sum, then positions.
    fn invert(&mut self) {
        let mut starts = vec![0u32; self.ids.len() + 1];
        for &id in &self.stream {
            starts[id as usize + 1] += 1;
        }
        for t in 1..starts.len() {
            starts[t] += starts[t - 1];
        }

        let mut next = starts.clone();
        self.postings = vec![0; self.stream.len()];
        for (position, &id) in self.stream.iter().enumerate() {
            let slot = &mut next[id as usize];
            self.postings[*slot as usize] = to_u32(position);
            *slot += 1;
        }
        self.posting_starts = starts;
    }

    fn count_segment_frequencies(&mut self) {
        let mut last_segment = vec![u32::MAX; self.ids.len()];
        self.segment_frequency = vec![0; self.ids.len()];
        for (&id, &segment) in self.stream.iter().zip(&self.segment_of) {
            let seen = &mut last_segment[id as usize];
            if *seen != segment {
                *seen = segment;
                self.segment_frequency[id as usize] += 1;
            }
        }
    }

    fn shrink(&mut self) {
        self.ids.shrink_to_fit();
        self.stream.shrink_to_fit();
        self.segment_of.shrink_to_fit();
        self.segment_starts.shrink_to_fit();
    }

    /// The id of a folded term, when the transcript has it.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// The sorted positions of term `id`.
    pub fn positions(&self, id: u32) -> &[u32] {
        let at = id as usize;
        match self.posting_starts.get(at..=at + 1) {
            Some(&[start, end]) => &self.postings[start as usize..end as usize],
            _ => &[],
        }
    }

    /// The term id at `position`, or `None` past the end of the stream.
    pub fn term_at(&self, position: u32) -> Option<u32> {
        self.stream.get(position as usize).copied()
    }

    /// The segment holding `position` (which must be inside the stream).
    pub fn segment_of(&self, position: u32) -> usize {
        self.segment_of.get(position as usize).map_or(0, |&s| s as usize)
    }

    /// The positions of the segments `segments` (a range of segment numbers).
    pub fn positions_of_segments(&self, segments: Range<usize>) -> Range<u32> {
        let at = |segment: usize| self.segment_starts.get(segment).copied().unwrap_or(0);
        at(segments.start)..at(segments.end)
    }

    /// How many segments the indexed transcript has.
    pub fn segment_count(&self) -> usize {
        self.segment_starts.len().saturating_sub(1)
    }

    /// How many terms the transcript holds in all (the stream's length).
    pub fn term_count(&self) -> usize {
        self.stream.len()
    }

    /// How many segments hold term `id`.
    pub fn segment_frequency(&self, id: u32) -> u32 {
        self.segment_frequency.get(id as usize).copied().unwrap_or(0)
    }

    /// Heap bytes this index holds, for the cache's byte bound.
    pub fn heap_bytes(&self) -> usize {
        let vectors = [
            &self.stream,
            &self.segment_of,
            &self.segment_starts,
            &self.posting_starts,
            &self.postings,
            &self.segment_frequency,
        ];
        let numbers: usize = vectors.iter().map(|v| v.capacity() * size_of::<u32>()).sum();

        // A hash table slot holds the key's pointer and length, the id, and a control byte.
        let slots = self.ids.capacity() * (size_of::<(Box<str>, u32)>() + 1);
        let keys: usize = self.ids.keys().map(|k| k.len()).sum();
        numbers + slots + keys
    }
}

/// Positions and counts fit in `u32`: a transcript of four billion terms cannot be fetched
/// (the cache bound and the response size cap come first); saturate rather than wrap anyway.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::Segment;

    fn transcript(lines: &[&str]) -> Transcript {
        let segments = lines
            .iter()
            .enumerate()
            .map(|(i, text)| Segment { start: i as f64, duration: 1.0, text: (*text).into() })
            .collect();
        Transcript { segments }
    }

    #[test]
    fn terms_are_streamed_across_segments_with_their_positions() {
        let index = SearchIndex::build(&transcript(&["The cat", "", "the CAT sat"]));

        let the = index.term_id("the").expect("indexed");
        let cat = index.term_id("cat").expect("indexed");
        assert_eq!(index.positions(the), [0, 2]);
        assert_eq!(index.positions(cat), [1, 3]);
        assert_eq!(index.term_at(3), Some(cat));
        assert_eq!(index.term_at(5), None);
        assert_eq!(index.segment_of(2), 2);
        assert_eq!(index.positions_of_segments(1..3), 2..5);
        assert_eq!(index.segment_frequency(cat), 2);
        assert_eq!((index.segment_count(), index.term_count()), (3, 5));
        assert_eq!(index.term_id("dog"), None);
    }

    #[test]
    fn repeated_terms_in_one_segment_count_that_segment_once() {
        let index = SearchIndex::build(&transcript(&["go go go", "go"]));
        let go = index.term_id("go").expect("indexed");
        assert_eq!(index.positions(go).len(), 4);
        assert_eq!(index.segment_frequency(go), 2);
    }

    #[test]
    fn heap_bytes_grow_with_the_transcript() {
        let small = SearchIndex::build(&transcript(&["one line"]));
        let lines: Vec<String> = (0..500).map(|i| format!("line number {i} here")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let large = SearchIndex::build(&transcript(&lines));

        // Four positions a line, each held in the stream, its segment and the postings.
        assert!(large.heap_bytes() >= 500 * 4 * 3 * size_of::<u32>(), "{}", large.heap_bytes());
        assert!(large.heap_bytes() > small.heap_bytes());
    }
}
