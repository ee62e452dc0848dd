//! Reading the srv1 XML shape into raw cues, checking only that it is the XML we expect.
//!
//! srv1 is what a caption track's `baseUrl` returns without a `fmt` parameter:
//! `<transcript><text start="0" dur="1.54">...</text>...</transcript>`. This layer resolves the
//! XML escaping once and keeps `start`/`dur` as the strings YouTube sent; judging their values
//! and cleaning the text belong to the caller, so a bad cue never fails the whole document.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::error::{Error, Stage};

/// The root element every srv1 document has.
const ROOT: &str = "transcript";

/// The element holding one cue.
const CUE: &str = "text";

/// One `<text>` element as YouTube sent it: attributes raw, text XML-decoded but not cleaned.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct RawCue {
    pub start: Option<String>,
    pub dur: Option<String>,
    /// The element's text with XML references resolved; HTML entities and tags remain.
    pub text: String,
}

/// Reads every `<text>` cue of an srv1 document, in document order.
///
/// An empty document (or one with only a declaration) has no cues. Elements other than
/// `<text>` inside the root are skipped, and markup nested inside a cue contributes its text.
///
/// # Errors
/// [`Error::UpstreamChanged`] at [`Stage::Transcript`] when the body is not well-formed XML,
/// its root is not `<transcript>`, or text or a second element lies outside the root.
pub(super) fn read_cues(xml: &str) -> Result<Vec<RawCue>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut walk = Walk::default();

    loop {
        let event = reader.read_event().map_err(|problem| {
            changed(format!("not well-formed XML at byte {}: {problem}", reader.error_position()))
        })?;
        if matches!(event, Event::Eof) {
            return walk.finish();
        }
        walk.step(event)?;
    }
}

/// Where the reader stands: how deep in the tree, and the cue being collected, if any.
#[derive(Default)]
struct Walk {
    /// Open elements: 0 outside the root, 1 directly in `<transcript>`, 2+ inside a cue.
    depth: usize,
    root_seen: bool,
    cue: Option<RawCue>,
    cues: Vec<RawCue>,
}

impl Walk {
    /// Applies one parser event.
    fn step(&mut self, event: Event<'_>) -> Result<(), Error> {
        match event {
            Event::Start(element) => self.open(&element, true),
            Event::Empty(element) => self.open(&element, false),
            Event::End(_) => {
                self.close();
                Ok(())
            }
            Event::Text(text) => self.text(&text.xml10_content()),
            Event::CData(data) => self.text(&data.xml10_content()),
            Event::GeneralRef(reference) => self.text(&resolve_reference(&reference)?),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) | Event::Eof => {
                Ok(())
            }
        }
    }

    /// Handles `<name ...>` (`has_content`) or `<name .../>`.
    fn open(&mut self, element: &BytesStart<'_>, has_content: bool) -> Result<(), Error> {
        let name = element.name();
        let name = name.as_ref();

        if self.depth == 0 {
            self.open_root(name)?;
        } else if self.depth == 1 && name == CUE {
            let cue = cue_attributes(element)?;
            if has_content {
                self.cue = Some(cue);
            } else {
                self.cues.push(cue);
            }
        }

        if has_content {
            self.depth += 1;
        }
        Ok(())
    }

    /// Accepts the one root element, which must be `<transcript>`.
    fn open_root(&mut self, name: &str) -> Result<(), Error> {
        if self.root_seen {
            return Err(changed(format!("a second top-level element <{name}> after the root")));
        }
        if name != ROOT {
            return Err(changed(format!("root element is <{name}>, expected <{ROOT}>")));
        }

        self.root_seen = true;
        Ok(())
    }

    /// Handles `</name>`; the parser has already checked that it matches the open element.
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);

        if self.depth == 1
            && let Some(cue) = self.cue.take()
        {
            self.cues.push(cue);
        }
    }

    /// Adds character data to the open cue; outside the root only whitespace may appear.
    fn text(&mut self, text: &str) -> Result<(), Error> {
        if let Some(cue) = self.cue.as_mut() {
            cue.text.push_str(text);
        } else if self.depth == 0 && !text.trim().is_empty() {
            return Err(changed("text outside any <transcript> element: not an srv1 XML body"));
        }
        Ok(())
    }

    /// The cues read, once the document has ended.
    fn finish(self) -> Result<Vec<RawCue>, Error> {
        if self.depth > 0 {
            return Err(changed("the document ends inside an unclosed element"));
        }
        Ok(self.cues)
    }
}

/// Reads the `start` and `dur` attributes of a `<text>` element, XML-decoded.
fn cue_attributes(element: &BytesStart<'_>) -> Result<RawCue, Error> {
    let mut cue = RawCue::default();

    for attribute in element.attributes() {
        let attribute =
            attribute.map_err(|problem| changed(format!("bad attribute: {problem}")))?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|problem| changed(format!("bad attribute value: {problem}")))?
            .into_owned();
        match attribute.key.as_ref() {
            "start" => cue.start = Some(value),
            "dur" => cue.dur = Some(value),
            _ => {}
        }
    }
    Ok(cue)
}

/// Resolves `&name;` or `&#n;` from the XML layer.
///
/// Character references and the five XML entities are resolved. Any other name is not XML but
/// may be an HTML entity YouTube escaped only once, so it is passed on as written for the
/// HTML-decoding step rather than failing the whole transcript.
fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, Error> {
    let character = reference
        .resolve_char_ref()
        .map_err(|problem| changed(format!("bad character reference: {problem}")))?;
    if let Some(character) = character {
        return Ok(character.to_string());
    }

    let name: &str = reference;
    Ok(match resolve_predefined_entity(name) {
        Some(value) => value.to_owned(),
        None => format!("&{name};"),
    })
}

/// The error for a body that is not the srv1 document we expect.
fn changed(what: impl Into<String>) -> Error {
    Error::changed(Stage::Transcript, what)
}
