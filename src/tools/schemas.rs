//! Output schemas of the four tools, written by hand.
//!
//! Each admits the success shape and the error shape (`{error: {...}}`): the MCP Inspector
//! validates the structured content of error results too. Fields that may be unknown are left
//! out of a result rather than sent as `null`, so no schema needs a type union.

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Value, json};

use crate::error::ErrorCode;

/// `structuredContent.error` of every failed call.
fn error_schema() -> Value {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    json!({
        "type": "object",
        "required": ["code", "message", "retryable", "suggestions"],
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
fn either(required: &[&str], mut properties: Value) -> Arc<JsonObject> {
    properties["error"] = error_schema();
    let schema = json!({
        "type": "object",
        "properties": properties,
        "anyOf": [ { "required": required }, { "required": ["error"] } ]
    });
    match schema {
        Value::Object(map) => Arc::new(map),
        _ => unreachable!("json! of an object literal is an object"),
    }
}

/// `get_video_context`.
pub fn video_context() -> Arc<JsonObject> {
    either(
        &["video_id", "title", "channel", "url", "captions"],
        json!({
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
                    "languages": { "type": "array", "items": { "type": "string" } } } }
        }),
    )
}

/// `check_transcript_availability`.
pub fn availability() -> Arc<JsonObject> {
    let track = track_schema(&[("translatable", json!({ "type": "boolean" }))]);
    either(
        &["video_id", "available", "tracks"],
        json!({
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
        }),
    )
}

fn chosen_track_schema() -> Value {
    track_schema(&[("selected_because", json!({ "type": "string" }))])
}

/// `get_video_transcript`.
pub fn transcript() -> Arc<JsonObject> {
    either(
        &["video_id", "track", "segments"],
        json!({
            "video_id": { "type": "string" },
            "track": chosen_track_schema(),
            "segments": { "type": "array", "items": { "type": "object",
                "required": ["start", "duration", "text"],
                "properties": {
                    "start": { "type": "number", "minimum": 0 },
                    "duration": { "type": "number", "minimum": 0 },
                    "text": { "type": "string" } } } }
        }),
    )
}

/// `search_transcript`.
pub fn search() -> Arc<JsonObject> {
    either(
        &["video_id", "query", "track", "total_hits", "hits"],
        json!({
            "video_id": { "type": "string" },
            "query": { "type": "string" },
            "track": chosen_track_schema(),
            "total_hits": { "type": "integer", "minimum": 0 },
            "hits": { "type": "array", "items": { "type": "object",
                "required": ["start", "timestamp", "text", "url"],
                "properties": {
                    "start": { "type": "number", "minimum": 0 },
                    "timestamp": { "type": "string" },
                    "text": { "type": "string" },
                    "url": { "type": "string" } } } }
        }),
    )
}
