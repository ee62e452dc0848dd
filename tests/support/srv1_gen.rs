//! Deterministic srv1 transcript bodies for the fake YouTube.
//!
//! No real timedtext body was recorded anywhere: none of the studied projects keeps one in a
//! data file (see `tests/fixtures/youtube/README.md`). Every transcript the fake serves is
//! therefore either one of the hand-made `timedtext_srv1_handmade_*.xml` files or a body made
//! by this module.
//!
//! A body has the shape a caption `baseUrl` returns once `&fmt=srv3` is removed, on one line:
//! `<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0.42" dur="2.9">..</text>
//! ..</transcript>`, times in seconds. What makes it look like YouTube's:
//!
//! - text is escaped twice, as YouTube does: HTML escaping (`'` to `&#39;`, `"` to `&quot;`,
//!   `&` to `&amp;`), then XML escaping of that, so an apostrophe arrives as `&amp;#39;`;
//! - `[Music]` and `[Applause]` cues, and two-line cues (a `\n` inside `<text>`);
//! - words of the track's language, with non-ASCII words in every language but English;
//! - manual tracks in sentence case with punctuation, ASR tracks in lower case without;
//! - starts strictly increasing; a duration may run past the next start, as on YouTube.
//!
//! The first cue names the track (`(GJLlxj_dtq8 de manual)`), so a reader or a test sees which
//! body arrived. Cues 1 to 5 always hold, in order, an apostrophe, a quoted word, an ampersand,
//! a sound cue and a two-line cue, so any body of six cues or more exercises every quirk.
//!
//! The same [`Spec`] always yields the same body (a seeded SplitMix64, no `rand`), so a test
//! can compute with [`cues`] exactly what the fake served.

// Several test binaries and an example include this file; each uses a different part of it.
#![allow(dead_code)]

/// Whether the track imitates human captions or speech recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Manual,
    Asr,
}

impl Kind {
    /// The kind as the first cue spells it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Asr => "asr",
        }
    }
}

/// Which body to generate: the same spec always gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec<'a> {
    pub video_id: &'a str,
    /// The language of the text (the `lang`, or the `tlang` of a translation).
    pub language: &'a str,
    pub kind: Kind,
    /// The source language when this body is a machine translation (`tlang`).
    pub translated_from: Option<&'a str>,
    /// How many `<text>` cues the body holds.
    pub segments: usize,
}

impl<'a> Spec<'a> {
    /// An original (not translated) track.
    pub fn new(video_id: &'a str, language: &'a str, kind: Kind, segments: usize) -> Self {
        Self { video_id, language, kind, translated_from: None, segments }
    }

    /// The same track machine-translated into `target`, as `&tlang=target` asks.
    pub fn translated_to(self, target: &'a str) -> Self {
        Self { language: target, translated_from: Some(self.language), ..self }
    }

    fn label(&self) -> String {
        match self.translated_from {
            Some(source) => {
                format!("({} {} translated from {source})", self.video_id, self.language)
            }
            None => format!("({} {} {})", self.video_id, self.language, self.kind.label()),
        }
    }
}

/// One generated cue, before escaping: what a correct parser must give back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub start_ms: u64,
    pub dur_ms: u64,
    /// Plain text; may hold `'`, `"`, `&`, non-ASCII letters and one `\n`.
    pub text: String,
}

impl Cue {
    /// The start in seconds, as a parser reads it.
    pub fn start_seconds(&self) -> f64 {
        self.start_ms as f64 / 1000.0
    }

    /// The duration in seconds, as a parser reads it.
    pub fn dur_seconds(&self) -> f64 {
        self.dur_ms as f64 / 1000.0
    }
}

/// The srv1 XML body for `spec`, escaped the way YouTube escapes it.
pub fn srv1(spec: &Spec) -> String {
    let mut body = String::from(r#"<?xml version="1.0" encoding="utf-8" ?><transcript>"#);
    for cue in cues(spec) {
        body.push_str(&format!(
            r#"<text start="{}" dur="{}">{}</text>"#,
            seconds(cue.start_ms),
            seconds(cue.dur_ms),
            youtube_escape(&cue.text)
        ));
    }
    body.push_str("</transcript>");
    body
}

/// The plain cues of `spec`, in order, with strictly increasing starts.
pub fn cues(spec: &Spec) -> Vec<Cue> {
    let mut rng = SplitMix64::seeded(spec);
    let vocabulary = Vocabulary::for_language(spec.language);
    let mut start_ms = rng.range(0, 900);
    let mut out = Vec::with_capacity(spec.segments);

    for index in 0..spec.segments {
        let text = match index {
            0 => spec.label(),
            _ => cue_text(&mut rng, vocabulary, spec.kind, index),
        };
        out.push(Cue { start_ms, dur_ms: rng.range(900, 5_000), text });

        // A gap of at least 1.2 s keeps the starts strictly increasing.
        start_ms += rng.range(1_200, 4_200);
    }
    out
}

/// Escapes text twice, as YouTube's srv1 does: HTML escaping, then XML escaping of the result.
pub fn youtube_escape(text: &str) -> String {
    let html = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    html.replace('&', "&amp;")
}

/// Seconds with at most three decimals and no trailing zeros (`0`, `1.5`, `12.345`).
fn seconds(ms: u64) -> String {
    let text = format!("{}.{:03}", ms / 1000, ms % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// What, besides plain words, a cue carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quirk {
    Plain,
    Apostrophe,
    Quote,
    Ampersand,
    Sound,
    TwoLines,
}

/// Cues 1 to 5 carry every quirk once; later cues draw one by chance (about a third do).
fn quirk_for(rng: &mut SplitMix64, index: usize) -> Quirk {
    const FORCED: [Quirk; 5] =
        [Quirk::Apostrophe, Quirk::Quote, Quirk::Ampersand, Quirk::Sound, Quirk::TwoLines];
    if let Some(quirk) = index.checked_sub(1).and_then(|i| FORCED.get(i)) {
        return *quirk;
    }
    match rng.below(100) {
        0..=4 => Quirk::Sound,
        5..=14 => Quirk::Apostrophe,
        15..=19 => Quirk::Quote,
        20..=22 => Quirk::Ampersand,
        23..=34 => Quirk::TwoLines,
        _ => Quirk::Plain,
    }
}

/// The text of cue `index` (1 or more).
fn cue_text(rng: &mut SplitMix64, vocabulary: &Vocabulary, kind: Kind, index: usize) -> String {
    let quirk = quirk_for(rng, index);
    if quirk == Quirk::Sound {
        // The forced sound cue is always `[Music]`, the one every ASR track has.
        let sound = if index <= 5 { SOUND_CUES[0] } else { rng.pick(SOUND_CUES) };
        return sound.to_owned();
    }

    let mut words = vocabulary.words_for(rng);
    match quirk {
        Quirk::Apostrophe => words.push(rng.pick(vocabulary.elided_or_names()).to_owned()),
        Quirk::Quote => words.insert(1, format!("\"{}\"", rng.pick(vocabulary.words))),
        Quirk::Ampersand => words.push(rng.pick(AMPERSAND_PHRASES).to_owned()),
        _ => {}
    }

    let sentence = vocabulary.sentence(rng, &words, kind);
    match quirk {
        Quirk::TwoLines => two_lines(&sentence, vocabulary.joiner),
        _ => sentence,
    }
}

/// Breaks a cue into two lines near its middle, where a caption editor would wrap it.
fn two_lines(text: &str, joiner: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let middle = chars.len() / 2;
    if joiner.is_empty() {
        let (first, second) = chars.split_at(middle);
        return format!("{}\n{}", String::from_iter(first), String::from_iter(second));
    }

    // The last space before the middle, else the first one after it (a long first word).
    let before: String = chars[..middle].iter().collect();
    match before.rfind(' ').or_else(|| text.find(' ')) {
        Some(cut) => format!("{}\n{}", &text[..cut], &text[cut + 1..]),
        None => text.to_owned(),
    }
}

/// Sound cues as ASR and captioners write them.
const SOUND_CUES: &[&str] = &["[Music]", "[Music]", "[Applause]"];

/// Phrases that put a bare `&` into the text.
const AMPERSAND_PHRASES: &[&str] = &["Q&A", "R&D", "B&B", "rock & roll"];

/// Names with an apostrophe, for languages that do not elide words.
const APOSTROPHE_NAMES: &[&str] = &["O'Neil", "D'Angelo", "O'Brien"];

/// The words and punctuation of one language.
struct Vocabulary {
    code: &'static str,
    words: &'static [&'static str],
    /// Words with an apostrophe in this language; empty when it has none.
    elided: &'static [&'static str],
    /// What separates words: a space, or nothing for scripts written without spaces.
    joiner: &'static str,
    /// Sentence endings for manual tracks; ASR tracks have none.
    stops: &'static [&'static str],
}

impl Vocabulary {
    /// The table for `language` (its exact code, else its primary subtag), else loanwords.
    fn for_language(language: &str) -> &'static Vocabulary {
        let primary = language.split('-').next().unwrap_or(language);
        VOCABULARIES
            .iter()
            .find(|v| v.code == language)
            .or_else(|| VOCABULARIES.iter().find(|v| v.code == primary))
            .unwrap_or(&LOANWORDS)
    }

    fn words_for(&self, rng: &mut SplitMix64) -> Vec<String> {
        let count = rng.range(4, 10);
        (0..count).map(|_| rng.pick(self.words).to_string()).collect()
    }

    fn elided_or_names(&self) -> &'static [&'static str] {
        match self.elided {
            [] => APOSTROPHE_NAMES,
            elided => elided,
        }
    }

    /// Joins words; manual tracks get a capital letter and an ending, ASR tracks lower case.
    fn sentence(&self, rng: &mut SplitMix64, words: &[String], kind: Kind) -> String {
        let text = words.join(self.joiner);
        match kind {
            Kind::Asr => text.to_lowercase(),
            Kind::Manual => {
                let mut chars = text.chars();
                let first: String =
                    chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
                format!("{first}{}{}", chars.as_str(), rng.pick(self.stops))
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), seeded from the spec.
struct SplitMix64(u64);

impl SplitMix64 {
    /// Seeds from an FNV-1a hash of every field that names the track.
    fn seeded(spec: &Spec) -> Self {
        let parts =
            [spec.video_id, spec.language, spec.kind.label(), spec.translated_from.unwrap_or("")];
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in parts.iter().flat_map(|p| p.bytes().chain([0xff])) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Self(hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..n`; `n` is never zero here (all tables are non-empty constants).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A value in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }
}

const LATIN_STOPS: &[&str] = &[".", ".", ".", "?", "!", ","];

/// Loanwords for languages without a table of their own: still non-ASCII.
static LOANWORDS: Vocabulary = Vocabulary {
    code: "",
    words: &[
        "café",
        "naïve",
        "façade",
        "déjà",
        "vu",
        "über",
        "señor",
        "résumé",
        "jalapeño",
        "crème",
        "piñata",
        "fiancée",
        "video",
        "online",
        "okay",
        "internet",
        "smörgåsbord",
    ],
    elided: &[],
    joiner: " ",
    stops: LATIN_STOPS,
};

static VOCABULARIES: &[Vocabulary] = &[
    Vocabulary {
        code: "en",
        words: &[
            "so", "today", "we", "are", "going", "to", "look", "at", "how", "this", "works", "and",
            "why", "it", "matters", "the", "next", "step", "is", "really", "simple", "just",
            "take", "a", "small", "piece", "first", "then", "check", "result",
        ],
        elided: &["it's", "don't", "we're", "that's", "you'll", "can't", "let's", "I'm"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "de",
        words: &[
            "also",
            "heute",
            "schauen",
            "wir",
            "uns",
            "an",
            "wie",
            "das",
            "funktioniert",
            "und",
            "warum",
            "es",
            "wichtig",
            "ist",
            "über",
            "Größe",
            "schön",
            "natürlich",
            "können",
            "müssen",
            "Straße",
            "früher",
            "später",
            "genau",
        ],
        elided: &["geht's", "gibt's", "wie's", "hab'"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "fr",
        words: &[
            "alors",
            "nous",
            "allons",
            "voir",
            "comment",
            "ça",
            "marche",
            "et",
            "pourquoi",
            "très",
            "déjà",
            "où",
            "été",
            "première",
            "étape",
            "façon",
            "là",
            "simple",
            "bien",
            "après",
        ],
        elided: &["c'est", "l'idée", "qu'on", "d'abord", "aujourd'hui", "j'ai"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "es",
        words: &[
            "bueno", "hoy", "vamos", "a", "ver", "cómo", "funciona", "esto", "y", "por", "qué",
            "también", "está", "año", "mañana", "niño", "canción", "corazón", "después", "más",
        ],
        elided: &[],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "pt",
        words: &[
            "então",
            "hoje",
            "vamos",
            "ver",
            "como",
            "isso",
            "funciona",
            "e",
            "por",
            "quê",
            "não",
            "coração",
            "ação",
            "você",
            "também",
            "irmã",
            "depois",
            "mais",
            "passo",
            "simples",
        ],
        elided: &["d'água", "caixa-d'água"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "it",
        words: &[
            "allora",
            "oggi",
            "vediamo",
            "come",
            "funziona",
            "e",
            "perché",
            "è",
            "importante",
            "città",
            "però",
            "più",
            "già",
            "così",
            "primo",
            "passo",
            "poi",
            "semplice",
        ],
        elided: &["l'idea", "c'è", "un'altra", "dell'anno"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "nl",
        words: &[
            "dus",
            "vandaag",
            "gaan",
            "we",
            "kijken",
            "hoe",
            "dit",
            "werkt",
            "en",
            "waarom",
            "het",
            "belangrijk",
            "is",
            "één",
            "café",
            "idee",
            "stap",
            "daarna",
            "misschien",
        ],
        elided: &["zo'n", "m'n", "'t", "auto's"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "cs",
        words: &[
            "takže",
            "dnes",
            "se",
            "podíváme",
            "jak",
            "to",
            "funguje",
            "a",
            "proč",
            "je",
            "důležité",
            "příliš",
            "žluťoučký",
            "kůň",
            "řeka",
            "čas",
            "děkuji",
            "první",
            "krok",
        ],
        elided: &[],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "tr",
        words: &[
            "şimdi",
            "bugün",
            "bunun",
            "nasıl",
            "çalıştığına",
            "bakacağız",
            "ve",
            "neden",
            "önemli",
            "olduğuna",
            "ilk",
            "adım",
            "sonra",
            "çok",
            "güzel",
            "değil",
        ],
        elided: &["Türkiye'de", "İstanbul'a", "YouTube'da"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "vi",
        words: &[
            "vậy", "hôm", "nay", "chúng", "ta", "sẽ", "xem", "cách", "này", "hoạt", "động", "và",
            "tại", "sao", "quan", "trọng", "bước", "đầu", "tiên",
        ],
        elided: &[],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "ru",
        words: &[
            "итак",
            "сегодня",
            "мы",
            "посмотрим",
            "как",
            "это",
            "работает",
            "и",
            "почему",
            "важно",
            "время",
            "хорошо",
            "знаю",
            "думаю",
            "шаг",
            "потом",
            "просто",
            "ещё",
        ],
        elided: &[],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "uk",
        words: &[
            "отже",
            "сьогодні",
            "ми",
            "подивимось",
            "як",
            "це",
            "працює",
            "і",
            "чому",
            "важливо",
            "час",
            "добре",
            "знаю",
            "їжак",
            "ґанок",
            "крок",
            "потім",
            "просто",
        ],
        elided: &["п'ять", "м'ята", "об'єкт", "пам'ять"],
        joiner: " ",
        stops: LATIN_STOPS,
    },
    Vocabulary {
        code: "ar",
        words: &[
            "إذن",
            "اليوم",
            "سنرى",
            "كيف",
            "يعمل",
            "هذا",
            "ولماذا",
            "هو",
            "مهم",
            "الخطوة",
            "الأولى",
            "ثم",
            "بسيط",
            "فيديو",
            "شكرا",
            "جدا",
        ],
        elided: &[],
        joiner: " ",
        stops: &[".", "؟", "!", "،"],
    },
    Vocabulary {
        code: "hi",
        words: &[
            "तो",
            "आज",
            "हम",
            "देखेंगे",
            "यह",
            "कैसे",
            "काम",
            "करता",
            "है",
            "और",
            "क्यों",
            "ज़रूरी",
            "पहला",
            "कदम",
            "फिर",
            "आसान",
            "वीडियो",
            "धन्यवाद",
        ],
        elided: &[],
        joiner: " ",
        stops: &["।", "।", "?", "!"],
    },
    Vocabulary {
        code: "ko",
        words: &[
            "오늘은",
            "이것이",
            "어떻게",
            "작동하는지",
            "살펴보고",
            "왜",
            "중요한지",
            "알아보겠습니다",
            "먼저",
            "첫",
            "단계",
            "그다음",
            "간단합니다",
            "자막",
            "영상",
        ],
        elided: &[],
        joiner: " ",
        stops: &[".", ".", "?", "!"],
    },
    Vocabulary {
        code: "ja",
        words: &[
            "今日は",
            "これが",
            "どう",
            "動くのか",
            "見て",
            "いきます",
            "そして",
            "なぜ",
            "大事",
            "なのか",
            "まず",
            "最初の",
            "ステップ",
            "次に",
            "簡単",
            "です",
            "字幕",
        ],
        elided: &[],
        joiner: "",
        stops: &["。", "。", "？", "！", "、"],
    },
    Vocabulary {
        code: "zh",
        words: &[
            "今天",
            "我们",
            "来看看",
            "这个",
            "是",
            "怎么",
            "工作的",
            "以及",
            "为什么",
            "很",
            "重要",
            "第一步",
            "然后",
            "简单",
            "视频",
            "字幕",
            "谢谢",
            "大家",
        ],
        elided: &[],
        joiner: "",
        stops: &["。", "。", "？", "！", "，"],
    },
    Vocabulary {
        code: "zh-Hant",
        words: &[
            "今天",
            "我們",
            "來看看",
            "這個",
            "是",
            "怎麼",
            "運作的",
            "以及",
            "為什麼",
            "很",
            "重要",
            "第一步",
            "然後",
            "簡單",
            "影片",
            "字幕",
            "謝謝",
            "大家",
        ],
        elided: &[],
        joiner: "",
        stops: &["。", "。", "？", "！", "，"],
    },
    Vocabulary {
        code: "th",
        words: &[
            "วันนี้",
            "เรา",
            "จะ",
            "มาดู",
            "ว่า",
            "สิ่งนี้",
            "ทำงาน",
            "อย่างไร",
            "และ",
            "ทำไม",
            "สำคัญ",
            "ขั้นตอน",
            "แรก",
            "จากนั้น",
            "ง่าย",
        ],
        elided: &[],
        joiner: "",
        stops: &[""],
    },
];
