//! Index building and search on a generated 12,000-segment transcript (about ten hours of
//! captions), the size issue 5 sets: a search of a cached transcript must take well under a
//! millisecond. Run with `cargo bench --bench search`.
//!
//! The transcript is deterministic (a fixed-seed generator, no `rand`): words drawn so that a
//! few are very common, some frequent and most rare, as in speech, with accented and
//! capitalised forms to exercise folding, `[Music]` cues, and a planted phrase that sometimes
//! runs over two cues.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use youtube_mcp::search::{Limits, MatchMode, Query, SearchIndex, search};
use youtube_mcp::youtube::{Segment, Transcript};

/// Ten hours at three seconds a cue.
const SEGMENTS: usize = 12_000;

const COMMON: &[&str] = &["the", "and", "to", "a", "of", "is", "that", "it", "we", "you"];

const SYLLABLES: &[&str] =
    &["ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "dé", "ür", "po", "ze"];

/// A fixed-seed SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Word `n` of the generated vocabulary: two or three syllables.
fn word(n: usize) -> String {
    let (a, b, c) = (n % 12, (n / 12) % 12, n / 144);
    let mut word = format!("{}{}", SYLLABLES[a], SYLLABLES[b]);
    if c > 0 {
        word.push_str(SYLLABLES[c % 12]);
    }
    word
}

/// Half the words from [`COMMON`], a third from 300 frequent words, the rest from 1,700 rare.
fn spoken_word(rng: &mut Rng) -> String {
    match rng.below(6) {
        0..=2 => COMMON[rng.below(COMMON.len())].to_owned(),
        3 | 4 => word(rng.below(300)),
        _ => word(300 + rng.below(1_700)),
    }
}

fn cue_text(rng: &mut Rng, index: usize) -> String {
    if index.is_multiple_of(97) {
        return "[Music]".to_owned();
    }
    let mut words: Vec<String> = (0..8 + rng.below(5)).map(|_| spoken_word(rng)).collect();
    if index % 400 == 1 {
        words.extend(["the", "quick", "brown", "fox"].map(String::from));
    }
    if index % 400 == 201 {
        words.extend(["the", "quick"].map(String::from));
    }
    if index % 400 == 202 {
        words.splice(0..0, ["brown", "fox"].map(String::from));
    }
    if rng.below(10) == 0 {
        words[0] = words[0].to_uppercase();
    }
    words.join(" ")
}

fn transcript() -> Transcript {
    let mut rng = Rng(0x5eed);
    let segments = (0..SEGMENTS)
        .map(|i| Segment { start: i as f64 * 3.0, duration: 3.2, text: cue_text(&mut rng, i) })
        .collect();
    Transcript { segments }
}

fn bench_index(c: &mut Criterion) {
    let transcript = transcript();
    c.bench_function("index/build 12000 segments", |b| {
        b.iter(|| SearchIndex::build(black_box(&transcript)))
    });
}

fn bench_search(c: &mut Criterion) {
    let index = SearchIndex::build(&transcript());
    let limits = Limits { max_results: 10, context: 1 };
    let rare = word(1_234);
    let frequent = word(42);
    let queries = [
        ("rare word", rare.clone(), MatchMode::All),
        ("frequent word", frequent.clone(), MatchMode::All),
        ("very common word", "the".to_owned(), MatchMode::All),
        ("phrase across cues", "the quick brown fox".to_owned(), MatchMode::Phrase),
        ("all of two words", format!("{frequent} {}", word(7)), MatchMode::All),
        ("any of three words", format!("{rare} {frequent} \"brown fox\""), MatchMode::Any),
        ("sound cue", "[music]".to_owned(), MatchMode::All),
    ];

    let mut group = c.benchmark_group("search 12000 segments");
    for (name, text, mode) in queries {
        let query = Query::parse(&text, mode).expect("benchmark queries are valid");
        group.bench_function(name, |b| b.iter(|| search(black_box(&index), &query, limits)));
    }
    group.finish();
}

criterion_group!(benches, bench_index, bench_search);
criterion_main!(benches);
