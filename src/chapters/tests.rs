//! Chapters from descriptions and page markers, and finding one by name or number.

use super::*;

fn mark(title: &str, start: f64) -> ChapterMark {
    ChapterMark { title: title.into(), start }
}

fn titles_and_starts(marks: &[ChapterMark]) -> Vec<(&str, f64)> {
    marks.iter().map(|m| (m.title.as_str(), m.start)).collect()
}

#[test]
fn a_description_with_ascending_timestamps_from_zero_yields_chapters() {
    let description = "My trip to Lisbon.\n\
        \n\
        0:00 Intro\n\
        1:30 - Arrival & the tram\n\
        ▶ (4:05) Pastéis de nata\n\
        Sunset at Miradouro\u{a0}10:00\n\
        1:02:03 | Goodbye\n\
        \n\
        Music: someone, 2019";
    let marks = from_description(description);
    assert_eq!(
        titles_and_starts(&marks),
        [
            ("Intro", 0.0),
            ("Arrival & the tram", 90.0),
            ("Pastéis de nata", 245.0),
            ("Sunset at Miradouro", 600.0),
            ("Goodbye", 3723.0),
        ]
    );
}

#[test]
fn descriptions_that_break_youtubes_rules_yield_no_chapters() {
    let cases = [
        ("does not start at 0:00", "0:15 Intro\n1:00 Middle\n2:00 End"),
        ("not ascending", "0:00 Intro\n2:00 Middle\n1:00 End"),
        ("fewer than three", "0:00 Intro\n5:00 End"),
        ("a chapter under ten seconds", "0:00 Intro\n0:05 Blink\n1:00 End"),
        ("times inside sentences", "At 0:00 we start\nthen at 1:00 we go\nand 2:00 is the end"),
        ("bare times without titles", "0:00\n1:00\n2:00"),
        ("not times at all", "2019 a year\n12:30pm lunch\n99:99 nonsense"),
        ("wide spaces, no times", "Intro\u{3000}start\nmiddle\u{a0}part\nend\u{2003}"),
        ("no description", ""),
    ];
    for (why, description) in cases {
        assert_eq!(from_description(description), [], "{why}");
    }
}

#[test]
fn chapters_end_where_the_next_begins_and_the_last_at_the_duration() {
    let description = "0:00 One\n0:20 Two\n1:00 Three";
    let chapters = of_video(&[], description, Some(90));
    let spans: Vec<(f64, Option<f64>)> = chapters.iter().map(|c| (c.start, c.end)).collect();
    assert_eq!(spans, [(0.0, Some(20.0)), (20.0, Some(60.0)), (60.0, Some(90.0))]);

    let unknown = of_video(&[], description, None);
    assert_eq!(unknown[2].end, None);
}

#[test]
fn page_markers_win_over_the_description() {
    let page = [mark("Build Quality", 39.16), mark("Screen", 66.01)];
    let chapters = of_video(&page, "0:00 A\n0:30 B\n1:00 C", Some(316));
    let titles: Vec<&str> = chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Build Quality", "Screen"]);
    assert_eq!(chapters[1].end, Some(316.0));
}

#[test]
fn a_moment_before_the_first_auto_chapter_is_in_none() {
    let chapters = of_video(&[mark("Build Quality", 39.16), mark("Screen", 66.01)], "", Some(316));
    assert_eq!(containing(&chapters, 10.0), None);
    assert_eq!(containing(&chapters, 39.16).map(|c| c.title.as_str()), Some("Build Quality"));
    assert_eq!(containing(&chapters, 100.0).map(|c| c.title.as_str()), Some("Screen"));
    assert_eq!(containing(&chapters, 316.0), None);
}

fn lisbon() -> Vec<Chapter> {
    let description = "0:00 Intro\n1:30 Arrival\n4:05 Pastéis de nata\n10:00 Nata tasting";
    of_video(&[], description, Some(900))
}

#[test]
fn a_chapter_is_found_by_title_number_or_a_unique_part() {
    let chapters = lisbon();
    assert_eq!(find(&chapters, "PASTEIS DE NATA").expect("title").start, 245.0);
    assert_eq!(find(&chapters, " 2 ").expect("number").title, "Arrival");
    assert_eq!(find(&chapters, "tasting").expect("part").start, 600.0);
}

#[test]
fn unknown_ambiguous_or_missing_chapters_are_invalid_input_listing_the_chapters() {
    let chapters = lisbon();

    let ambiguous = find(&chapters, "nata").expect_err("two titles hold nata");
    assert_eq!(ambiguous.details()["parameter"], "chapter");
    assert!(ambiguous.to_string().contains("several chapters match `nata`"), "{ambiguous}");

    let unknown = find(&chapters, "Porto").expect_err("no such chapter");
    assert!(unknown.to_string().contains("1 Intro, 2 Arrival, 3 Pastéis de nata"), "{unknown}");
    assert!(find(&chapters, "5").is_err(), "only four chapters");
    assert!(find(&chapters, "0").is_err(), "numbers start at 1");

    let none = find(&[], "Intro").expect_err("no chapters");
    assert!(none.to_string().contains("no chapters"), "{none}");
}
