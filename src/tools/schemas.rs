//! Output schemas of the four tools, written by hand.
//!
//! Each admits the success shape and the error shape (`{error: {...}}`): the MCP Inspector
//! validates the structured content of error results too. The tools that take `videos` also
//! admit the batch shape `{results: [...]}`, whose items are single answers or
//! `{video, error}`. Fields that may be unknown are left out of a result rather than sent as
//! `null`, so no schema needs a type union.

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Value, json};

use crate::error::ErrorCode;
use crate::formats::Format;

/// `structuredContent.error` of every failed call.
fn error_schema() -> Value {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    json!({
        "type": "object",
        "required": ["code", "message", "retryable", "suggestions", "details"],
        "properties": {
            "code": { "type": "string", "enum": codes },
            "message": { "type": "string" },
            "retryable": { "type": "boolean" },
            "suggestions": { "type": "array", "items": { "type": "string" } },
            "video_id": { "type": "string" },
            "details": { "type": "object" }
        }
    })
}

fn track_schema(extra: &[(&str, Value)]) -> Value {
    let mut properties = json!({
        "language_code": { "type": "string" },
        "language_name": { "type": "string" },
        "kind": { "type": "string", "enum": ["manual", "auto"] }
    });
    for (name, schema) in extra {
        properties[*name] = schema.clone();
    }
    json!({ "type": "object", "required": ["language_code", "language_name", "kind"],
            "properties": properties })
}

/// Wraps success properties into an object schema that also admits `{error}`.
fn either(required: &[&str], properties: Value) -> Arc<JsonObject> {
    object(required, properties, None)
}

/// As [`either`], also admitting `{results: [...]}` whose items are `item` or a failed item.
fn batchable(required: &[&str], properties: Value, item: Value) -> Arc<JsonObject> {
    object(required, properties, Some(item))
}

fn object(required: &[&str], mut properties: Value, item: Option<Value>) -> Arc<JsonObject> {
    let mut shapes = vec![json!({ "required": required })];
    if let Some(item) = item {
        let failed = json!({ "type": "object", "required": ["video", "error"], "properties": {
            "video": { "type": "string", "description": "the entry as given" },
            "error": error_schema() } });
        properties["results"] = json!({ "type": "array", "items": { "anyOf": [item, failed] } });
        shapes.push(json!({ "required": ["results"] }));
    }
    properties["error"] = error_schema();
    shapes.push(json!({ "required": ["error"] }));

    let schema = json!({ "type": "object", "properties": properties, "anyOf": shapes });
    match schema {
        Value::Object(map) => Arc::new(map),
        _ => unreachable!("json! of an object literal is an object"),
    }
}

/// The schema of one answer inside `results`: an object with these fields.
fn item(required: &[&str], properties: &Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties })
}

fn chapter_schema() -> Value {
    json!({ "type": "object", "required": ["title", "start"], "properties": {
        "title": { "type": "string" },
        "start": { "type": "number", "minimum": 0 },
        "end": { "type": "number", "minimum": 0 } } })
}

/// `get_video_context`.
pub fn video_context() -> Arc<JsonObject> {
    let required = ["video_id", "title", "channel", "url", "captions", "chapters"];
    let properties = json!({
        "video_id": { "type": "string" },
        "title": { "type": "string" },
        "channel": { "type": "object", "required": ["name"], "properties": {
            "name": { "type": "string" }, "id": { "type": "string" } } },
        "duration_seconds": { "type": "integer", "minimum": 0 },
        "published": { "type": "string", "description": "ISO 8601 date" },
        "view_count": { "type": "integer", "minimum": 0 },
        "description": { "type": "string" },
        "keywords": { "type": "array", "items": { "type": "string" } },
        "live_status": { "type": "string", "enum": ["none", "live", "upcoming", "was_live"] },
        "thumbnail_url": { "type": "string" },
        "url": { "type": "string" },
        "captions": { "type": "object", "required": ["available", "track_count", "languages"],
            "properties": {
                "available": { "type": "boolean" },
                "track_count": { "type": "integer", "minimum": 0 },
                "languages": { "type": "array", "items": { "type": "string" } } } },
        "chapters": { "type": "array", "items": chapter_schema() },
        "transcript_tokens_estimate": { "type": "integer", "minimum": 0,
            "description": "rough cost of the whole transcript, from the duration" }
    });
    batchable(&required, properties.clone(), item(&required, &properties))
}

/// `check_transcript_availability`.
pub fn availability() -> Arc<JsonObject> {
    let flags = json!({
        "type": "array",
        "items": { "type": "string", "enum": [crate::tracks::CHAT_LIKE] },
        "description": "chat_like: a live-chat log or a duplicate of broadcast captions (CC1...), \
                        never chosen unless asked for or the only track"
    });
    let track = track_schema(&[("translatable", json!({ "type": "boolean" })), ("flags", flags)]);
    let required = ["video_id", "available", "tracks"];
    let properties = json!({
        "video_id": { "type": "string" },
        "available": { "type": "boolean" },
        "tracks": { "type": "array", "items": track },
        "translation_language_count": { "type": "integer", "minimum": 0 },
        "default_track": track,
        "reason": { "type": "object", "required": ["code", "message", "suggestions"],
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" },
                "suggestions": { "type": "array", "items": { "type": "string" } } } },
        "served_by": { "type": "string",
            "description": "the innertube client whose player answer this is" }
    });
    batchable(&required, properties.clone(), item(&required, &properties))
}

fn chosen_track_schema() -> Value {
    let translation = json!({ "type": "object", "required": ["language_code", "language_name"],
        "description": "YouTube's machine translation the text is read in",
        "properties": {
            "language_code": { "type": "string" }, "language_name": { "type": "string" } } });
    track_schema(&[
        (
            "selected_because",
            json!({ "type": "string",
            "description": "the rule that chose the track, e.g. youtube_default, \
                            requested_language_manual, requested_language_variant_auto" }),
        ),
        ("flags", flags_schema()),
        ("translated_to", translation),
    ])
}

/// `flags` of a track: what sets it apart from ordinary captions.
fn flags_schema() -> Value {
    json!({
        "type": "array",
        "items": { "type": "string", "enum": [crate::tracks::CHAT_LIKE] },
        "description": "chat_like: a live-chat log or a duplicate of broadcast captions (CC1...), \
                        never chosen unless asked for or the only track"
    })
}

fn span_schema(extra: &[(&str, Value)]) -> Value {
    let mut properties = json!({
        "start": { "type": "number", "minimum": 0 },
        "end": { "type": "number", "minimum": 0 }
    });
    let mut required = vec!["start", "end"];
    for (name, schema) in extra {
        properties[*name] = schema.clone();
        required.push(name);
    }
    json!({ "type": "object", "required": required, "properties": properties })
}

/// `get_video_transcript`.
pub fn transcript() -> Arc<JsonObject> {
    let count = json!({ "type": "integer", "minimum": 0 });
    let formats: Vec<&str> = Format::ALL.iter().map(|format| format.as_str()).collect();
    either(
        &["video_id", "track", "format", "page", "total_segments", "total_duration", "segments"],
        json!({
            "video_id": { "type": "string" },
            "track": chosen_track_schema(),
            "format": { "type": "string", "enum": formats },
            "merged_fragments": { "type": "boolean" },
            "range": span_schema(&[]),
            "page": span_schema(&[
                ("first_segment", count.clone()),
                ("segment_count", count.clone()),
            ]),
            "total_segments": count,
            "total_duration": { "type": "number", "minimum": 0 },
            "segments": { "type": "array", "items": { "type": "object",
                "required": ["start", "duration", "text"],
                "properties": {
                    "start": { "type": "number", "minimum": 0 },
                    "duration": { "type": "number", "minimum": 0 },
                    "text": { "type": "string" } } } },
            "chapter": chapter_schema(),
            "next_cursor": { "type": "string",
                "description": "pass it back as `cursor` (same video) for the next page; \
                                absent on the last page" }
        }),
    )
}

/// `search_transcript`; a batch also carries the ranked `hits` of all videos.
pub fn search() -> Arc<JsonObject> {
    let per_video = json!({
        "video_id": { "type": "string" },
        "track": chosen_track_schema(),
        "total_hits": { "type": "integer", "minimum": 0 }
    });
    let mut properties = per_video.clone();
    properties["query"] = json!({ "type": "string" });
    properties["hits"] = json!({ "type": "array", "items": hit_schema() });
    batchable(
        &["video_id", "query", "track", "total_hits", "hits"],
        properties,
        item(&["video_id", "track", "total_hits"], &per_video),
    )
}

fn hit_schema() -> Value {
    json!({ "type": "object",
        "required": ["start", "end", "timestamp", "text", "score", "url"],
        "properties": {
            "video_id": { "type": "string", "description": "in batches: the hit's video" },
            "start": { "type": "number", "minimum": 0 },
            "end": { "type": "number", "minimum": 0 },
            "timestamp": { "type": "string" },
            "text": { "type": "string", "description": "matched lines with their context" },
            "chapter": { "type": "string" },
            "score": { "type": "number", "minimum": 0 },
            "url": { "type": "string" } } })
}
