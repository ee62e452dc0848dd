//! Joining speech-recognition fragments into sentence-sized segments.
//!
//! Auto-generated captions arrive as fragments of a few words, cut wherever the screen line
//! was full. Joined, they read as sentences: a segment ends after terminal punctuation, at a
//! pause of [`PAUSE_SECONDS`] or more, or before it would pass [`MAX_CHARS`] (unpunctuated
//! speech never ends a sentence otherwise). A sound cue such as `[Music]` stays on its own.
//! A joined segment starts with its first fragment and ends where its last one ends, but
//! never after the next segment starts.

use crate::timestamp::round_ms;
use crate::youtube::Segment;

/// Silence, in seconds, that ends a sentence even without punctuation.
pub const PAUSE_SECONDS: f64 = 1.5;

/// The longest joined text, in characters: about two lines of subtitles or one sentence.
pub const MAX_CHARS: usize = 240;

/// Characters that end a sentence, in the scripts YouTube captions use most.
const TERMINAL: [char; 8] = ['.', '!', '?', '…', '。', '！', '？', '؟'];

/// Joins consecutive fragments into sentences (see the module doc).
pub fn merge_fragments(segments: &[Segment]) -> Vec<Segment> {
    let mut merged: Vec<Segment> = Vec::new();
    let mut open = false;

    for (index, segment) in segments.iter().enumerate() {
        let next_start = segments.get(index + 1).map(|next| next.start);
        let end = effective_end(segment, next_start);

        match merged.last_mut() {
            Some(sentence) if open && fits(sentence, segment) => {
                sentence.text.push(' ');
                sentence.text.push_str(&segment.text);
                sentence.duration = round_ms(end - sentence.start);
            }
            _ => {
                merged.push(Segment { duration: round_ms(end - segment.start), ..segment.clone() })
            }
        }

        open = !ends_sentence(segment, next_start, end);
    }
    merged
}

/// Whether `segment` may join the open `sentence`.
fn fits(sentence: &Segment, segment: &Segment) -> bool {
    let length = sentence.text.chars().count() + 1 + segment.text.chars().count();
    length <= MAX_CHARS && !is_sound_cue(&sentence.text) && !is_sound_cue(&segment.text)
}

/// Whether the sentence must close after `segment`.
fn ends_sentence(segment: &Segment, next_start: Option<f64>, end: f64) -> bool {
    let pause = next_start.is_some_and(|next| next - end >= PAUSE_SECONDS);
    pause || ends_with_full_stop(&segment.text) || is_sound_cue(&segment.text)
}

/// Whether `text` ends a sentence: terminal punctuation, perhaps inside quotes or brackets.
pub fn ends_with_full_stop(text: &str) -> bool {
    let closers: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];
    text.trim_end().trim_end_matches(closers).ends_with(TERMINAL)
}

/// Where a segment stops being on screen: its own end, or the next start if earlier.
fn effective_end(segment: &Segment, next_start: Option<f64>) -> f64 {
    let own = segment.start + segment.duration;
    next_start.map_or(own, |next| own.min(next).max(segment.start))
}

/// A cue that describes a sound, such as `[Music]` or `[Applause]`, not speech.
fn is_sound_cue(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('[') && text.ends_with(']') && !text[1..].contains('[')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(start: f64, duration: f64, text: &str) -> Segment {
        Segment { start, duration, text: text.to_owned() }
    }

    /// Fragments join until a sentence ends; durations are clamped to the next start.
    #[test]
    fn fragments_join_into_punctuated_sentences() {
        let merged = merge_fragments(&[
            segment(0.0, 2.0, "so today we are"),
            segment(1.5, 2.0, "going to talk."),
            segment(3.0, 1.0, "Then we"),
            segment(4.0, 1.0, "stop!"),
        ]);
        assert_eq!(
            merged,
            [
                segment(0.0, 3.0, "so today we are going to talk."),
                segment(3.0, 2.0, "Then we stop!"),
            ]
        );
    }

    /// Without punctuation, a pause ends the sentence.
    #[test]
    fn a_pause_ends_an_unpunctuated_sentence() {
        let merged = merge_fragments(&[
            segment(0.0, 1.0, "hello there"),
            segment(1.0, 1.0, "everyone"),
            segment(3.6, 1.0, "welcome back"),
        ]);
        let texts: Vec<&str> = merged.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["hello there everyone", "welcome back"]);
    }

    /// Unpunctuated speech without pauses is cut before it passes the length bound.
    #[test]
    fn long_unpunctuated_speech_is_cut_at_the_length_bound() {
        let fragments: Vec<Segment> =
            (0..40).map(|i| segment(f64::from(i), 1.0, "one two three four five six")).collect();

        let merged = merge_fragments(&fragments);

        assert!(merged.len() > 1);
        assert!(merged.iter().all(|s| s.text.chars().count() <= MAX_CHARS));
        let words: usize = merged.iter().map(|s| s.text.split(' ').count()).sum();
        assert_eq!(words, 240);
    }

    /// Sound cues stay alone, and a closing quote does not hide a full stop.
    #[test]
    fn sound_cues_stay_alone_and_quoted_stops_end_sentences() {
        let merged = merge_fragments(&[
            segment(0.0, 1.0, "he said \"stop.\""),
            segment(1.0, 1.0, "[Music]"),
            segment(2.0, 1.0, "and then"),
            segment(3.0, 1.0, "silence"),
        ]);
        let texts: Vec<&str> = merged.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["he said \"stop.\"", "[Music]", "and then silence"]);
    }
}
