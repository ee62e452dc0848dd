//! How many tokens a video's transcript will cost, estimated before fetching it.
//!
//! A model plans its calls with this: a short video can be read whole, a long one is better
//! searched. The estimate comes from the duration alone, so it is free: people speak about
//! 150 words a minute, a word is about 1.3 tokens, and each `[m:ss] text` line of the
//! transcript (one every four seconds or so) adds about five tokens of timestamp. Music, silence
//! and fast talkers move the real figure either way; treat it as an order of magnitude.

/// Spoken words per second in ordinary speech.
const WORDS_PER_SECOND: f64 = 2.5;

/// Tokens per English word in common model tokenizers.
const TOKENS_PER_WORD: f64 = 1.3;

/// Seconds a caption line lasts, typically.
const SECONDS_PER_LINE: f64 = 4.0;

/// Tokens of a line's `[m:ss] ` prefix and line break.
const TOKENS_PER_TIMESTAMP: f64 = 5.0;

/// The estimated tokens of the transcript of a video `duration_seconds` long.
pub fn transcript_tokens(duration_seconds: u64) -> u64 {
    let per_second = WORDS_PER_SECOND * TOKENS_PER_WORD + TOKENS_PER_TIMESTAMP / SECONDS_PER_LINE;
    (duration_seconds as f64 * per_second).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_is_four_and_a_half_tokens_a_second() {
        assert_eq!(transcript_tokens(0), 0);
        assert_eq!(transcript_tokens(316), 1422);
        assert_eq!(transcript_tokens(10 * 3600), 162_000);
    }
}
