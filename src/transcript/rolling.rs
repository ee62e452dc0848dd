//! Cues that repeat what is already on screen: simultaneous cues and rolling repeats.
//!
//! Two cues that start at the same moment are two lines of one caption; they become one
//! segment, so every later step (and every subtitle cue) sees strictly increasing starts.
//!
//! Speech-recognition and roll-up broadcast captions scroll: a line appears, then shows again
//! above the next one, so a cue can begin with the words that ended the cue before it
//! (`and then we went` / `we went to the store`). Those repeated words are dropped from the
//! later cue; a cue with nothing left is folded into the one before. Only an overlap of at
//! least [`MIN_OVERLAP_WORDS`] words counts, or a cue that repeats the previous one entirely,
//! so a speaker who says one word twice keeps both.

use crate::timestamp::round_ms;
use crate::youtube::Segment;

/// The fewest repeated words that count as a rolling repeat (one shared word is chance).
pub const MIN_OVERLAP_WORDS: usize = 2;

/// Joins cues with equal starts into one segment whose lines are separated by a space.
pub fn join_simultaneous(segments: &[Segment]) -> Vec<Segment> {
    let mut joined: Vec<Segment> = Vec::with_capacity(segments.len());

    for segment in segments {
        match joined.last_mut() {
            Some(last) if last.start == segment.start => {
                last.text = format!("{} {}", last.text, segment.text);
                last.duration = last.duration.max(segment.duration);
            }
            _ => joined.push(segment.clone()),
        }
    }
    joined
}

/// Removes words a cue repeats from the end of the cue before it.
pub fn remove_rolling_repeats(segments: &[Segment]) -> Vec<Segment> {
    let mut kept: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut shown_before: Option<&str> = None;

    for segment in segments {
        let (Some(previous), Some(shown)) = (kept.last_mut(), shown_before) else {
            kept.push(segment.clone());
            shown_before = Some(&segment.text);
            continue;
        };

        // Compared with the cue as YouTube showed it, before its own repeat was removed.
        let words: Vec<&str> = segment.text.split_whitespace().collect();
        let repeated = overlap(shown, &words);
        shown_before = Some(&segment.text);
        if repeated == words.len() && repeated > 0 {
            let end = (segment.start + segment.duration).max(previous.start + previous.duration);
            previous.duration = round_ms(end - previous.start);
        } else {
            let text = words[repeated..].join(" ");
            kept.push(Segment { text, ..segment.clone() });
        }
    }
    kept
}

/// How many leading `words` repeat the end of `previous`, or 0 when the overlap is chance.
fn overlap(previous: &str, words: &[&str]) -> usize {
    let before: Vec<String> = previous.split_whitespace().map(comparable).collect();
    let after: Vec<String> = words.iter().map(|word| comparable(word)).collect();

    let longest = (1..=before.len().min(after.len()))
        .rev()
        .find(|&n| before[before.len() - n..] == after[..n])
        .unwrap_or(0);

    let whole_repeat = longest == before.len() && longest == after.len();
    if longest >= MIN_OVERLAP_WORDS || whole_repeat { longest } else { 0 }
}

/// A word as compared across cues: lowercase, without surrounding punctuation.
fn comparable(word: &str) -> String {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() { word.to_lowercase() } else { core.to_lowercase() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(start: f64, duration: f64, text: &str) -> Segment {
        Segment { start, duration, text: text.to_owned() }
    }

    /// Cues starting together are one caption of two lines.
    #[test]
    fn simultaneous_cues_become_one_segment() {
        let joined = join_simultaneous(&[
            segment(1.0, 2.0, "first line"),
            segment(1.0, 3.0, "second line"),
            segment(4.0, 1.0, "later"),
        ]);
        assert_eq!(
            joined,
            [segment(1.0, 3.0, "first line second line"), segment(4.0, 1.0, "later")]
        );
    }

    /// Words that scroll up into the next cue appear once.
    #[test]
    fn rolling_words_are_kept_once() {
        let cleaned = remove_rolling_repeats(&[
            segment(0.0, 3.0, "and then we went"),
            segment(1.5, 3.0, "we went to the store"),
            segment(3.0, 3.0, "to the store. And"),
        ]);
        let texts: Vec<&str> = cleaned.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["and then we went", "to the store", "And"]);
    }

    /// Case and punctuation do not hide a repeat.
    #[test]
    fn repeats_compare_without_case_or_punctuation() {
        let cleaned = remove_rolling_repeats(&[
            segment(0.0, 2.0, "Hello there, my Friends."),
            segment(2.0, 2.0, "my friends, welcome"),
        ]);
        assert_eq!(cleaned[1].text, "welcome");
    }

    /// A cue that only repeats the previous one is folded into it, extending its time.
    #[test]
    fn a_full_repeat_extends_the_previous_cue() {
        let cleaned = remove_rolling_repeats(&[
            segment(0.0, 2.0, "[Music]"),
            segment(2.5, 2.0, "[Music]"),
            segment(5.0, 1.0, "so"),
        ]);
        assert_eq!(cleaned, [segment(0.0, 4.5, "[Music]"), segment(5.0, 1.0, "so")]);
    }

    /// One shared word is chance, not a rolling repeat.
    #[test]
    fn a_single_shared_word_stays() {
        let cleaned =
            remove_rolling_repeats(&[segment(0.0, 2.0, "I said no"), segment(2.0, 2.0, "no way")]);
        assert_eq!(cleaned[1].text, "no way");
    }
}
