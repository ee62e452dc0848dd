//! The search pipeline end to end, on small crafted transcripts.

use super::*;
use crate::youtube::{Segment, Transcript};

fn transcript(lines: &[(f64, &str)]) -> Transcript {
    let segments = lines
        .iter()
        .map(|&(start, text)| Segment { start, duration: 2.0, text: text.to_owned() })
        .collect();
    Transcript { segments }
}

/// Lines one second apart from 0.
fn numbered(lines: &[&str]) -> Transcript {
    transcript(&lines.iter().enumerate().map(|(i, t)| (i as f64, *t)).collect::<Vec<_>>())
}

fn find(transcript: &Transcript, query: &str, mode: MatchMode, context: usize) -> Found {
    let index = SearchIndex::build(transcript);
    let query = Query::parse(query, mode).expect("valid query");
    search(&index, &query, Limits { max_results: 100, context })
}

/// The first matched segment of each hit, best first.
fn firsts(found: &Found) -> Vec<usize> {
    found.hits.iter().map(|h| h.first).collect()
}

/// A filler segment longer than the `all` window, so words on either side are not one moment.
fn filler() -> String {
    vec!["blah"; ALL_WINDOW_TERMS as usize + 1].join(" ")
}

#[test]
fn matching_ignores_case_accents_and_width() {
    let lines = numbered(&["Le CAFÉ est fermé", "ｃａｆé au lait", "a cafe racer", "caffeine"]);
    let found = find(&lines, "café", MatchMode::All, 0);
    assert_eq!(found.total, 3);

    let mut segments = firsts(&found);
    segments.sort_unstable();
    assert_eq!(segments, [0, 1, 2]);
    assert_eq!(find(&lines, "FERME", MatchMode::All, 0).total, 1);
    assert_eq!(find(&lines, "ＣＡＦＥ", MatchMode::All, 0).total, 3);
}

#[test]
fn words_match_whole_not_inside_other_words() {
    let lines = numbered(&["testing the tester", "a test, then another test!", "contest"]);
    let found = find(&lines, "test", MatchMode::All, 0);
    assert_eq!((found.total, firsts(&found)), (1, vec![1]));
    assert_eq!(find(&lines, "testing", MatchMode::All, 0).total, 1);
    assert_eq!(find(&lines, "tes", MatchMode::All, 0).total, 0);
}

#[test]
fn a_phrase_split_over_two_cues_is_found_once_at_its_first_word() {
    let lines = transcript(&[
        (10.0, "and then the quick"),
        (12.5, "brown fox jumped"),
        (20.0, "over a quick brown fox"),
    ]);
    let found = find(&lines, "quick brown fox", MatchMode::Phrase, 0);

    assert_eq!(found.total, 2);
    let mut hits = found.hits.clone();
    hits.sort_by_key(|h| h.first);
    assert_eq!((hits[0].first, hits[0].last), (0, 1));
    assert_eq!(lines.segments[hits[0].first].start, 10.0);
    assert_eq!((hits[1].first, hits[1].last), (2, 2));
}

#[test]
fn any_all_and_phrase_modes_combine_words_differently() {
    let far = filler();
    let lines = numbered(&["red apple", &far, "green apple", &far, "red car", &far, "apple red"]);

    let any = find(&lines, "red apple", MatchMode::Any, 0);
    assert_eq!(any.total, 4, "every line but the fillers holds one of the words");

    let all = find(&lines, "red apple", MatchMode::All, 0);
    let mut both = firsts(&all);
    both.sort_unstable();
    assert_eq!(both, [0, 6], "only lines holding both words");

    let phrase = find(&lines, "red apple", MatchMode::Phrase, 0);
    assert_eq!(firsts(&phrase), [0], "only the words in this order");
}

#[test]
fn quoted_parts_of_a_query_are_phrases() {
    let far = filler();
    let lines = numbered(&["the big red apple", &far, "red big apple", &far, "big red car"]);

    let found = find(&lines, r#""big red" apple"#, MatchMode::All, 0);
    assert_eq!(firsts(&found), [0]);

    let any = find(&lines, r#""big red" apple"#, MatchMode::Any, 0);
    let mut segments = firsts(&any);
    segments.sort_unstable();
    assert_eq!(segments, [0, 2, 4]);
}

/// Segments: rust in 0, 2 (twice), 6, 8, 10; safety in 4, 6, 8. Safety is the rarer word.
#[test]
fn hits_rank_by_proximity_rarity_and_frequency() {
    let lines = numbered(&[
        "Rust is fast",
        "nothing to see",
        "we like rust and more rust",
        "nothing to see",
        "memory safety matters",
        "nothing to see",
        "rust and safety",
        "nothing to see",
        "rust safety",
        "nothing to see",
        "rust again",
        "the end",
    ]);
    let found = find(&lines, "rust safety", MatchMode::Any, 0);

    // Both words adjacent, then both a word apart, then the rare word alone, then the common
    // word twice, then the common word once (ties in time order).
    assert_eq!(firsts(&found), [8, 6, 4, 2, 0, 10]);
    let scores: Vec<f64> = found.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(scores[4], scores[5]);
}

#[test]
fn context_surrounds_hits_and_overlapping_hits_merge() {
    let lines = numbered(&["zero", "one", "two", "three key", "four", "five key", "six", "seven"]);

    let found = find(&lines, "key", MatchMode::All, 1);
    assert_eq!(found.total, 1, "windows 2-4 and 4-6 overlap");
    let hit = found.hits[0];
    assert_eq!((hit.shown_first, hit.first, hit.last, hit.shown_last), (2, 3, 5, 6));

    let apart = find(&lines, "key", MatchMode::All, 0);
    assert_eq!(apart.total, 2);
    assert_eq!((apart.hits[0].shown_first, apart.hits[0].shown_last), (3, 3));

    let bounded = find(&lines, "zero", MatchMode::All, 50);
    assert_eq!(bounded.hits[0].shown_last, MAX_CONTEXT);
}

#[test]
fn sound_cues_match_only_when_the_query_brackets_them() {
    let lines = numbered(&["[Music]", "this music is great", "[Applause]", "[music] and more"]);

    let spoken = find(&lines, "music", MatchMode::All, 0);
    assert_eq!(firsts(&spoken), [1]);

    let cue = find(&lines, "[Music]", MatchMode::All, 0);
    let mut cues = firsts(&cue);
    cues.sort_unstable();
    assert_eq!(cues, [0, 3]);

    assert_eq!(find(&lines, "applause", MatchMode::All, 0).total, 0);
    assert_eq!(find(&lines, "[applause]", MatchMode::All, 0).total, 1);
}

#[test]
fn the_total_counts_every_hit_when_the_list_is_cut() {
    let lines = numbered(&["word", "x", "word", "x", "word"]);
    let index = SearchIndex::build(&lines);
    let query = Query::parse("word", MatchMode::All).expect("valid");
    let found = search(&index, &query, Limits { max_results: 2, context: 0 });
    assert_eq!((found.total, found.hits.len()), (3, 2));
}

/// Random text from a pool of awkward characters: marks without bases, wide and no-break
/// spaces, brackets, quotes, digits and colons, emoji with joiners, right-to-left letters.
fn awkward_texts(count: usize) -> Vec<String> {
    const POOL: &[char] = &[
        'a', 'É', '\u{301}', '\u{a0}', '\u{3000}', '[', ']', '"', '“', ':', '0', '9', ' ', '\n',
        'ß', 'ﬁ', '東', 'ｶ', '한', 'ש', '👩', '\u{200d}', '💻', '-', 'İ', 'ς', '\u{fe0f}',
    ];
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..count).map(|_| (0..next() % 24).map(|_| POOL[next() % POOL.len()]).collect()).collect()
}

#[test]
fn awkward_text_never_breaks_indexing_searching_or_chapters() {
    let texts = awkward_texts(600);
    let lines = numbered(&texts.iter().map(String::as_str).collect::<Vec<_>>());
    let index = SearchIndex::build(&lines);

    for text in &texts {
        crate::chapters::from_description(text);
        for mode in [MatchMode::Any, MatchMode::All, MatchMode::Phrase] {
            let Ok(query) = Query::parse(text, mode) else { continue };
            let found = search(&index, &query, Limits { max_results: 5, context: 2 });
            assert!(found.hits.len() <= found.total.min(5));
            for hit in &found.hits {
                assert!(hit.shown_first <= hit.first && hit.first <= hit.last);
                assert!(hit.last <= hit.shown_last && hit.shown_last < texts.len());
            }
        }
    }
}
