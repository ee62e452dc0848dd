//! Caption track bodies turned into a validated [`Transcript`], and tidied for reading.
//!
//! A body goes through three steps: `srv1` reads the XML and resolves its escaping,
//! `cue_text` turns each cue's text into plain text, and `cues` validates the times and
//! keeps the segments in order. Only a body that is not the expected XML fails; a bad cue is
//! dropped and logged.
//!
//! Reading a parsed transcript may tidy it further, per call: `rolling` joins simultaneous
//! cues and drops scrolled-up repeats, `sentences` joins speech-recognition fragments.

mod cue_text;
mod cues;
mod rolling;
mod sentences;
mod srv1;

pub use cues::MAX_MEDIA_SECONDS;
pub use rolling::{join_simultaneous, remove_rolling_repeats};
pub use sentences::{ends_with_full_stop, merge_fragments};

use crate::error::Error;
use crate::youtube::Transcript;

/// Parses YouTube's srv1 timedtext body (`<transcript><text start=".." dur="..">`).
///
/// Text is decoded once as XML and once as HTML (YouTube escapes it twice), stripped of
/// formatting tags, and collapsed to single spaces; cues left empty are dropped. A cue
/// without `dur` lasts until the next cue starts, and the last such cue gets 0. Cues with
/// unusable times, or starting before the previous cue, are dropped with a `warn` log. Times
/// are rounded to milliseconds.
///
/// An empty body or one without cues gives a transcript with no segments: whether that is an
/// error depends on how it was fetched, which the caller knows.
///
/// # Errors
/// [`Error::UpstreamChanged`] at stage `transcript` when the body is not well-formed XML or
/// its root element is not `<transcript>` (for example an srv3 `<timedtext>` body).
pub fn parse_srv1(xml: &str) -> Result<Transcript, Error> {
    let raw = srv1::read_cues(xml)?;
    Ok(Transcript { segments: cues::into_segments(raw) })
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::error::Stage;
    use crate::youtube::Segment;

    const FIXTURE_EN: &str =
        include_str!("../../tests/fixtures/youtube/timedtext_srv1_handmade_GJLlxj_dtq8_en.xml");
    const FIXTURE_NUMERIC: &str =
        include_str!("../../tests/fixtures/youtube/timedtext_srv1_handmade_numeric_entities.xml");

    fn segment(start: f64, duration: f64, text: &str) -> Segment {
        Segment { start, duration, text: text.to_owned() }
    }

    /// Wraps cue elements in a srv1 document.
    fn srv1(cues: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="utf-8" ?><transcript>{cues}</transcript>"#)
    }

    fn parse(xml: &str) -> Vec<Segment> {
        parse_srv1(xml).expect("the body should parse").segments
    }

    fn texts(xml: &str) -> Vec<String> {
        parse(xml).into_iter().map(|s| s.text).collect()
    }

    fn starts(xml: &str) -> Vec<f64> {
        parse(xml).into_iter().map(|s| s.start).collect()
    }

    /// The `what` of the upstream-changed error a body must produce.
    fn changed_what(xml: &str) -> String {
        match parse_srv1(xml) {
            Err(Error::UpstreamChanged { stage: Stage::Transcript, what }) => what,
            other => panic!("expected upstream_changed at the transcript stage, got {other:?}"),
        }
    }

    /// The recorded-shape fixture: escaped `<i>` removed, the empty cue dropped.
    #[test]
    fn handmade_fixture_parses_into_three_segments() {
        assert_eq!(
            parse(FIXTURE_EN),
            vec![
                segment(0.0, 1.54, "Hey, this is just a test"),
                segment(1.54, 4.16, "this is not the original transcript"),
                segment(5.7, 3.239, "just something shorter, I made up for testing"),
            ]
        );
    }

    /// Numeric references for `<`, `>`, `&`, `"` and `'` decode; the revealed `<b>` is removed.
    #[test]
    fn numeric_entity_fixture_decodes_every_reference() {
        assert_eq!(
            parse(FIXTURE_NUMERIC),
            vec![
                segment(0.0, 1.54, "Hey, this is just a test"),
                segment(1.54, 4.16, "this is not the original transcript"),
                segment(5.7, 3.239, "test & test, like this \"test\" he's testing"),
            ]
        );
    }

    /// `&amp;#39;` is XML for `&#39;`, which is HTML for an apostrophe.
    #[test]
    fn double_escaped_apostrophes_become_apostrophes() {
        let xml = srv1(r#"<text start="1" dur="2">don&amp;#39;t &amp;#x27;quote&amp;#x27;</text>"#);
        assert_eq!(texts(&xml), ["don't 'quote'"]);
    }

    /// An ampersand a viewer sees is escaped twice and comes out as one `&`.
    #[test]
    fn double_escaped_ampersand_becomes_one_ampersand() {
        let xml = srv1(r#"<text start="1" dur="2">Q&amp;amp;A &amp;amp;amp; more</text>"#);
        assert_eq!(texts(&xml), ["Q&A &amp; more"]);
    }

    /// Named HTML entities escaped once for XML decode; a no-break space reads as a space.
    #[test]
    fn named_html_entities_decode() {
        let xml = srv1(r#"<text start="1" dur="2">&amp;quot;hi&amp;quot;&amp;nbsp;there</text>"#);
        assert_eq!(texts(&xml), ["\"hi\" there"]);
    }

    /// An HTML entity YouTube escaped only once is not XML, yet still decodes.
    #[test]
    fn a_single_escaped_html_entity_still_decodes() {
        let xml = srv1(r#"<text start="1" dur="2">caf&eacute;&nbsp;noir</text>"#);
        assert_eq!(texts(&xml), ["café noir"]);
    }

    /// `<font color>` arrives escaped in older manual captions and is removed with its twin.
    #[test]
    fn escaped_font_tags_are_removed() {
        let xml = srv1(concat!(
            r#"<text start="1" dur="2">&lt;font color=&quot;#E5E5E5&quot;&gt;"#,
            r#"so&lt;/font&gt; it goes</text>"#,
        ));
        assert_eq!(texts(&xml), ["so it goes"]);
    }

    /// Unescaped markup inside a cue is read as XML and its text kept.
    #[test]
    fn markup_nested_in_a_cue_keeps_its_text() {
        let xml =
            srv1(r##"<text start="1" dur="2"><font color="#fff">so</font> <i>it</i></text>"##);
        assert_eq!(texts(&xml), ["so it"]);
    }

    /// A literal less-than sign is text, not a tag.
    #[test]
    fn a_literal_less_than_sign_stays() {
        let xml = srv1(r#"<text start="1" dur="2">a &amp;lt; b and c &lt; d</text>"#);
        assert_eq!(texts(&xml), ["a < b and c < d"]);
    }

    /// A cue's line breaks become spaces.
    #[test]
    fn line_breaks_inside_a_cue_become_spaces() {
        let xml = srv1("<text start=\"1\" dur=\"2\">\n  first line\nsecond line \n</text>");
        assert_eq!(texts(&xml), ["first line second line"]);
    }

    /// Empty, whitespace-only and markup-only cues are dropped.
    #[test]
    fn empty_cues_are_dropped() {
        let xml = srv1(concat!(
            r#"<text start="0" dur="1"/><text start="1" dur="1"></text>"#,
            r#"<text start="2" dur="1"> &#10; </text>"#,
            r#"<text start="3" dur="1">&lt;i&gt;&lt;/i&gt;</text>"#,
            r#"<text start="4" dur="1">kept</text>"#,
        ));
        assert_eq!(parse(&xml), vec![segment(4.0, 1.0, "kept")]);
    }

    /// Without `dur` a cue lasts until the next cue starts; the last such cue gets 0.
    #[test]
    fn a_cue_without_dur_lasts_until_the_next_cue() {
        let xml = srv1(concat!(
            r#"<text start="1">one</text><text start="3.5" dur="1">two</text>"#,
            r#"<text start="5.2">three</text><text start="5.7">four</text>"#,
        ));
        assert_eq!(
            parse(&xml),
            vec![
                segment(1.0, 2.5, "one"),
                segment(3.5, 1.0, "two"),
                segment(5.2, 0.5, "three"),
                segment(5.7, 0.0, "four"),
            ]
        );
    }

    /// A cue without `dur` is bounded by the next cue that was kept, not by a dropped one.
    #[test]
    fn a_missing_dur_is_bounded_by_the_next_kept_cue() {
        let xml = srv1(concat!(
            r#"<text start="1">one</text><text start="2" dur="1"></text>"#,
            r#"<text start="x" dur="1">bad</text><text start="4" dur="1">two</text>"#,
        ));
        assert_eq!(parse(&xml), vec![segment(1.0, 3.0, "one"), segment(4.0, 1.0, "two")]);
    }

    /// A negative `dur` drops the cue; its neighbours stay.
    #[test]
    fn a_negative_dur_drops_the_cue() {
        let xml = srv1(concat!(
            r#"<text start="0" dur="1">a</text><text start="1" dur="-0.5">b</text>"#,
            r#"<text start="2" dur="1">c</text>"#,
        ));
        assert_eq!(texts(&xml), ["a", "c"]);
    }

    /// NaN, infinity, garbage, empty, negative and missing starts all drop their cue.
    #[test]
    fn unusable_starts_drop_the_cue() {
        let xml = srv1(concat!(
            r#"<text start="NaN" dur="1">nan</text><text start="inf" dur="1">inf</text>"#,
            r#"<text start="1.2.3" dur="1">garbage</text><text start="" dur="1">empty</text>"#,
            r#"<text start="-1" dur="1">negative</text><text dur="1">missing</text>"#,
            r#"<text start="1e1" dur="1">kept</text>"#,
        ));
        assert_eq!(parse(&xml), vec![segment(10.0, 1.0, "kept")]);
    }

    /// An unusable `dur` (not just a missing one) drops the cue too.
    #[test]
    fn garbage_or_infinite_dur_drops_the_cue() {
        let xml = srv1(concat!(
            r#"<text start="0" dur="abc">garbage</text><text start="1" dur="NaN">nan</text>"#,
            r#"<text start="2" dur="1e999">overflow</text><text start="3" dur="">empty</text>"#,
            r#"<text start="4" dur="0">kept</text>"#,
        ));
        assert_eq!(parse(&xml), vec![segment(4.0, 0.0, "kept")]);
    }

    /// A cue starting before the previous kept cue is dropped; later cues are kept.
    #[test]
    fn a_decreasing_start_drops_that_cue() {
        let xml = srv1(concat!(
            r#"<text start="0" dur="1">a</text><text start="5" dur="1">b</text>"#,
            r#"<text start="3" dur="1">back in time</text><text start="6" dur="1">c</text>"#,
        ));
        assert_eq!(starts(&xml), [0.0, 5.0, 6.0]);
        assert_eq!(texts(&xml), ["a", "b", "c"]);
    }

    /// Two lines shown at once share a start and both stay, in document order.
    /// A corrupt, huge start must cost only its own cue, not every cue after it.
    #[test]
    fn an_absurdly_late_start_drops_that_cue_only() {
        let xml = srv1(concat!(
            r#"<text start="1" dur="1">one</text><text start="1e308" dur="1">bad</text>"#,
            r#"<text start="2" dur="1">two</text><text start="3" dur="1">three</text>"#,
        ));
        assert_eq!(texts(&xml), ["one", "two", "three"]);
    }

    /// Found by fuzzing (`transcript_srv1`, input inline): `999999.9996` passed the cap check
    /// and then rounded onto `MAX_MEDIA_SECONDS`, so a start no video has reached a transcript.
    #[test]
    fn a_time_that_rounds_onto_the_cap_drops_the_cue() {
        let crash = r#"<transcript><text start="999999.9996">d</text>{{</transcript>"#;
        assert_eq!(parse(crash), vec![]);

        let xml = srv1(concat!(
            r#"<text start="1" dur="999999.9996">long</text>"#,
            r#"<text start="999999.9994" dur="1">last kept</text>"#,
        ));
        assert_eq!(parse(&xml), vec![segment(999_999.999, 1.0, "last kept")]);
    }

    /// A time written negative is refused even when it would round to zero.
    #[test]
    fn a_slightly_negative_time_drops_the_cue() {
        let xml = srv1(r#"<text start="-0.0004" dur="1">a</text><text start="1" dur="1">b</text>"#);
        assert_eq!(texts(&xml), ["b"]);
    }

    #[test]
    fn equal_starts_are_kept() {
        let xml = srv1(concat!(
            r#"<text start="2" dur="1">top line</text>"#,
            r#"<text start="2" dur="1.5">bottom line</text>"#,
            r#"<text start="2.0004" dur="1">same millisecond</text>"#,
        ));
        assert_eq!(starts(&xml), [2.0, 2.0, 2.0]);
        assert_eq!(texts(&xml), ["top line", "bottom line", "same millisecond"]);
    }

    /// Start and duration keep millisecond precision.
    #[test]
    fn times_are_rounded_to_milliseconds() {
        let xml = srv1(r#"<text start=" 1.23456 " dur="0.0004">x</text>"#);
        assert_eq!(parse(&xml), vec![segment(1.235, 0.0, "x")]);
    }

    /// No body, a declaration only, or an empty root: no segments and no error.
    #[test]
    fn empty_documents_have_no_segments() {
        for xml in ["", "  \n", r#"<?xml version="1.0" encoding="utf-8" ?>"#, "<transcript/>"] {
            assert_eq!(parse(xml), vec![], "body {xml:?}");
        }
        assert_eq!(parse(&srv1("")), vec![]);
    }

    /// Elements other than `<text>` inside the root are skipped, not fatal.
    #[test]
    fn unknown_elements_in_the_root_are_skipped() {
        let xml = srv1(r#"<head><p>ignored</p></head><text start="1" dur="1">kept</text>"#);
        assert_eq!(texts(&xml), ["kept"]);
    }

    /// A body that is not XML at all is reported as a changed upstream answer.
    #[test]
    fn non_xml_body_is_upstream_changed() {
        let what = changed_what("this is not xml");
        assert!(what.contains("not an srv1 XML body"), "{what}");

        let json = changed_what(r#"{"events": []}"#);
        assert!(json.contains("not an srv1 XML body"), "{json}");
    }

    /// Unclosed and mismatched elements are malformed XML.
    #[test]
    fn unclosed_or_mismatched_elements_are_upstream_changed() {
        let unclosed = changed_what(r#"<transcript><text start="0" dur="1">x</text>"#);
        assert!(unclosed.contains("unclosed"), "{unclosed}");

        let mismatched = changed_what(r#"<transcript><text start="0" dur="1">x</transcript>"#);
        assert!(mismatched.contains("not well-formed XML"), "{mismatched}");

        let bad_entity = changed_what(&srv1(r#"<text start="0" dur="1">a &amp b</text>"#));
        assert!(bad_entity.contains("not well-formed XML"), "{bad_entity}");
    }

    /// An HTML error page or an srv3 body is not a srv1 transcript.
    #[test]
    fn a_root_other_than_transcript_is_upstream_changed() {
        let html = changed_what("<html><body><p>Sorry</p></body></html>");
        assert_eq!(html, "root element is <html>, expected <transcript>");

        let srv3 =
            changed_what(r#"<timedtext format="3"><body><p t="0" d="1">x</p></body></timedtext>"#);
        assert_eq!(srv3, "root element is <timedtext>, expected <transcript>");
    }

    /// Only one root element is allowed.
    #[test]
    fn a_second_root_is_upstream_changed() {
        let what = changed_what("<transcript/><transcript/>");
        assert!(what.contains("second top-level element"), "{what}");
    }

    /// A dropped cue is logged with the raw values YouTube sent.
    #[test]
    fn dropped_cues_are_logged_with_their_raw_times() {
        let xml = srv1(concat!(
            r#"<text start="5" dur="1">a</text><text start="abc" dur="-2">bad</text>"#,
            r#"<text start="4.5" dur="1">early</text>"#,
        ));

        let (segments, logs) = with_captured_logs(|| parse(&xml));

        assert_eq!(segments, vec![segment(5.0, 1.0, "a")]);
        assert!(logs.contains(r#"start=Some("abc") dur=Some("-2")"#), "{logs}");
        assert!(logs.contains(r#"start=Some("4.5") dur=Some("1") previous_start=5"#), "{logs}");
        assert_eq!(logs.matches("WARN").count(), 2, "{logs}");
    }

    /// Runs `f` with a subscriber that writes plain-text logs into a string.
    fn with_captured_logs<T>(f: impl FnOnce() -> T) -> (T, String) {
        let buffer = SharedBuffer::default();
        let writer = buffer.clone();
        let subscriber =
            tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();

        let value = tracing::subscriber::with_default(subscriber, f);
        let bytes = buffer.0.lock().expect("log buffer lock").clone();
        (value, String::from_utf8(bytes).expect("logs are UTF-8"))
    }

    #[derive(Clone, Default)]
    struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

    impl io::Write for SharedBuffer {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("log buffer lock").extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
