//! Chapter markers from the watch page's `ytInitialData`.
//!
//! Three places hold them, tried in this order (see the research note, section 3.4): the
//! chaptered player bar of `playerOverlays`, then the engagement panel of chapters the creator
//! wrote in the description, then the panel of chapters YouTube generated. Each marker has a
//! title and a start; markers that lack either are skipped, and a page without any has none.

use serde_json::Value;

use super::embedded_object;
use crate::video_id::VideoId;
use crate::youtube::ChapterMark;

const INITIAL_DATA_VARIABLE: &str = "ytInitialData";

const PLAYER_BAR_CHAPTERS: &str = "/playerOverlays/playerOverlayRenderer/decoratedPlayerBarRenderer\
    /decoratedPlayerBarRenderer/playerBar/chapteredPlayerBarRenderer/chapters";

/// Panels of chapter markers, best first: the creator's, then YouTube's automatic ones.
const CHAPTER_PANELS: [&str; 2] = [
    "engagement-panel-macro-markers-description-chapters",
    "engagement-panel-macro-markers-auto-chapters",
];

/// The chapter markers of one page, and the video the page says it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct PageChapters {
    video_id: Option<String>,
    marks: Vec<ChapterMark>,
}

impl PageChapters {
    /// The markers, when the page is about `requested` (a page served for one id must not
    /// give its chapters to another).
    pub fn about(self, requested: &VideoId) -> Option<Vec<ChapterMark>> {
        (self.video_id.as_deref() == Some(requested.as_str())).then_some(self.marks)
    }
}

/// The chapter markers of the page's `ytInitialData`, when the page embeds it.
pub fn page_chapters(html: &str) -> Option<PageChapters> {
    let data = embedded_object(html, INITIAL_DATA_VARIABLE)?;
    let video_id = data.pointer("/currentVideoEndpoint/watchEndpoint/videoId");
    let video_id = video_id.and_then(Value::as_str).map(str::to_owned);

    let mut marks = player_bar_chapters(&data);
    for panel in CHAPTER_PANELS {
        if marks.is_empty() {
            marks = panel_chapters(&data, panel);
        }
    }
    marks.sort_by(|a, b| a.start.total_cmp(&b.start));
    Some(PageChapters { video_id, marks })
}

/// `chapterRenderer {title, timeRangeStartMillis}` items of the chaptered player bar.
fn player_bar_chapters(data: &Value) -> Vec<ChapterMark> {
    let chapters = data.pointer(PLAYER_BAR_CHAPTERS).and_then(Value::as_array);
    let marks = chapters.into_iter().flatten().filter_map(|item| {
        let chapter = item.get("chapterRenderer")?;
        let millis = chapter.get("timeRangeStartMillis")?.as_f64()?;
        mark(text(chapter.get("title")?)?, millis / 1000.0)
    });
    marks.collect()
}

/// `macroMarkersListItemRenderer {title, onTap.watchEndpoint.startTimeSeconds}` items of the
/// panel `identifier`; `timeDescription` (`m:ss`) stands in for a missing start.
fn panel_chapters(data: &Value, identifier: &str) -> Vec<ChapterMark> {
    let panels = data.get("engagementPanels").and_then(Value::as_array).into_iter().flatten();
    let panel = panels
        .filter_map(|p| p.get("engagementPanelSectionListRenderer"))
        .find(|p| p.get("panelIdentifier").and_then(Value::as_str) == Some(identifier));
    let items = panel
        .and_then(|p| p.pointer("/content/macroMarkersListRenderer/contents"))
        .and_then(Value::as_array);

    let marks = items.into_iter().flatten().filter_map(|item| {
        let marker = item.get("macroMarkersListItemRenderer")?;
        let start = marker.pointer("/onTap/watchEndpoint/startTimeSeconds").and_then(Value::as_f64);
        let described = || marker.pointer("/timeDescription").and_then(text).and_then(clock);
        mark(text(marker.get("title")?)?, start.or_else(described)?)
    });
    marks.collect()
}

fn mark(title: String, start: f64) -> Option<ChapterMark> {
    let valid = !title.is_empty() && start.is_finite() && start >= 0.0;
    valid.then_some(ChapterMark { title, start })
}

/// A YouTube text object: `simpleText`, or its `runs` joined.
fn text(value: &Value) -> Option<String> {
    if let Some(simple) = value.get("simpleText").and_then(Value::as_str) {
        return Some(simple.trim().to_owned());
    }
    let runs = value.get("runs")?.as_array()?;
    let joined: String = runs.iter().filter_map(|r| r.get("text")?.as_str()).collect();
    Some(joined.trim().to_owned())
}

/// `m:ss` or `h:mm:ss` in seconds.
fn clock(text: String) -> Option<f64> {
    let mut seconds = 0.0;
    for part in text.split(':') {
        seconds = seconds * 60.0 + part.trim().parse::<u32>().ok().map(f64::from)?;
    }
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn page_with(data: &Value) -> String {
        format!("<script>var ytInitialData = {data};</script>")
    }

    fn id(text: &str) -> VideoId {
        VideoId::from_bare(text).expect("test ids are valid")
    }

    fn marker(title: &str, start: Option<f64>, described: &str) -> Value {
        let mut item = json!({ "macroMarkersListItemRenderer": {
            "title": { "simpleText": title },
            "timeDescription": { "simpleText": described } } });
        if let Some(start) = start {
            item["macroMarkersListItemRenderer"]["onTap"] =
                json!({ "watchEndpoint": { "startTimeSeconds": start } });
        }
        item
    }

    fn panel(identifier: &str, items: Vec<Value>) -> Value {
        json!({ "engagementPanelSectionListRenderer": { "panelIdentifier": identifier,
            "content": { "macroMarkersListRenderer": { "contents": items } } } })
    }

    #[test]
    fn creator_chapters_win_over_auto_chapters() {
        let data = json!({
            "currentVideoEndpoint": { "watchEndpoint": { "videoId": "GJLlxj_dtq8" } },
            "engagementPanels": [
                panel(CHAPTER_PANELS[1], vec![marker("Auto", Some(5.0), "0:05")]),
                panel(CHAPTER_PANELS[0], vec![
                    marker("Intro", None, "0:00"),
                    marker("Later", None, "1:02:03"),
                ]),
            ]
        });
        let chapters = page_chapters(&page_with(&data)).expect("page has ytInitialData");
        let marks = chapters.about(&id("GJLlxj_dtq8")).expect("same video");
        let expected = [("Intro", 0.0), ("Later", 3723.0)];
        let got: Vec<(&str, f64)> = marks.iter().map(|m| (m.title.as_str(), m.start)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn the_chaptered_player_bar_comes_first_and_runs_are_joined() {
        let mut data = json!({ "engagementPanels": [
            panel(CHAPTER_PANELS[1], vec![marker("Auto", Some(5.0), "0:05")]) ] });
        data["playerOverlays"] = json!({ "playerOverlayRenderer": { "decoratedPlayerBarRenderer": {
            "decoratedPlayerBarRenderer": { "playerBar": { "chapteredPlayerBarRenderer": {
                "chapters": [
                    { "chapterRenderer": {
                        "title": { "runs": [{ "text": "Part " }, { "text": "two" }] },
                        "timeRangeStartMillis": 61500 } },
                    { "chapterRenderer": { "title": { "simpleText": "Start" },
                        "timeRangeStartMillis": 0 } },
                    { "chapterRenderer": { "title": { "simpleText": "No time" } } }
                ] } } } } } });
        let marks = page_chapters(&page_with(&data)).expect("embedded").marks;
        let got: Vec<(&str, f64)> = marks.iter().map(|m| (m.title.as_str(), m.start)).collect();
        assert_eq!(got, [("Start", 0.0), ("Part two", 61.5)]);
    }

    #[test]
    fn chapters_of_another_video_are_not_given_away() {
        let data = json!({
            "currentVideoEndpoint": { "watchEndpoint": { "videoId": "GJLlxj_dtq8" } },
            "engagementPanels": [ panel(CHAPTER_PANELS[1], vec![marker("A", Some(1.0), "")]) ]
        });
        let chapters = page_chapters(&page_with(&data)).expect("embedded");
        assert_eq!(chapters.about(&id("F1xioXWb8CY")), None);
    }

    #[test]
    fn a_page_without_initial_data_has_no_chapter_markers() {
        assert_eq!(page_chapters("<html>ytInitialData</html>"), None);
    }
}
