//! Turning a cue's XML-decoded text into the plain text a reader sees.
//!
//! YouTube escapes caption text twice: an apostrophe arrives as `&amp;#39;`, which the XML
//! layer turns into `&#39;`. So after XML decoding comes one HTML-decoding pass (named,
//! decimal and hex references), then removal of formatting tags such as `<font color=...>` or
//! `<i>`, then whitespace normalisation. Decoding exactly once per layer matters: a viewer's
//! `&` arrives as `&amp;amp;` and must come out as one `&`, not be decoded a third time.

use html_escape::decode_html_entities;

/// The plain text of one cue: entities decoded, tags removed, whitespace collapsed.
///
/// Every run of whitespace (line breaks inside a cue, tabs, no-break spaces from `&nbsp;`)
/// becomes one ASCII space and the ends are trimmed, so a cue reads as one line. The result
/// is empty when the cue held only markup or whitespace.
pub(super) fn clean(xml_decoded: &str) -> String {
    let decoded = decode_html_entities(xml_decoded);
    let untagged = strip_tags(&decoded);
    collapse_whitespace(&untagged)
}

/// Removes everything shaped like a tag: `<` then an ASCII letter or `/`, up to the next `>`.
///
/// Other uses of `<` are text and stay: `a < b`, `<3`, or a `<` with no `>` after it before
/// the next `<`.
fn strip_tags(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;

    while let Some(open) = rest.find('<') {
        plain.push_str(&rest[..open]);
        let from_open = &rest[open..];
        match tag_len(from_open) {
            Some(len) => rest = &from_open[len..],
            None => {
                plain.push('<');
                rest = &from_open[1..];
            }
        }
    }

    plain.push_str(rest);
    plain
}

/// The byte length of the tag `text` starts with, or `None` when the `<` is plain text.
fn tag_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('<')?;
    let first = body.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '/') {
        return None;
    }

    let end = body.find(['<', '>'])?;
    // Both `<` and `>` are one byte, so `end` indexes the matched character.
    (body.as_bytes()[end] == b'>').then_some(1 + end + 1)
}

/// Joins the words of `text` with single spaces.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// After the XML layer, an apostrophe is still a numeric reference.
    #[test]
    fn numeric_references_decode_once() {
        assert_eq!(clean("it&#39;s &#x2019;fine&#x2019;"), "it's \u{2019}fine\u{2019}");
    }

    /// Named HTML entities decode; a no-break space becomes an ordinary space.
    #[test]
    fn named_entities_decode_and_no_break_spaces_collapse() {
        assert_eq!(clean("&quot;caf&eacute;&quot;&nbsp;ok"), "\"café\" ok");
    }

    /// A viewer's `&` reaches this layer as `&amp;` and leaves as exactly one `&`.
    #[test]
    fn an_escaped_ampersand_becomes_one_ampersand() {
        assert_eq!(clean("Q&amp;A"), "Q&A");
        assert_eq!(clean("Q&amp;amp;A"), "Q&amp;A");
    }

    /// A bare `&` that starts no entity is kept as written.
    #[test]
    fn a_bare_ampersand_stays() {
        assert_eq!(clean("rock & roll &unknownentity"), "rock & roll &unknownentity");
    }

    /// Formatting tags with or without attributes are removed, their text kept.
    #[test]
    fn formatting_tags_are_removed() {
        let text = r##"<font color="#E5E5E5">so</font> <i>very</i> <b>bold</b>"##;
        assert_eq!(clean(text), "so very bold");
    }

    /// Tags hidden behind entities are revealed by decoding and then removed.
    #[test]
    fn entity_escaped_tags_are_removed_after_decoding() {
        assert_eq!(clean("&lt;b&gt;loud&lt;/b&gt;"), "loud");
    }

    /// A `<` that does not open a tag is ordinary text.
    #[test]
    fn a_less_than_sign_in_text_stays() {
        assert_eq!(clean("a < b and c &lt; d"), "a < b and c < d");
        assert_eq!(clean("I <3 this"), "I <3 this");
        assert_eq!(clean("x <y without end"), "x <y without end");
        assert_eq!(clean("<<i>x</i>"), "<x");
    }

    /// Line breaks inside a cue and repeated spaces become single spaces; ends are trimmed.
    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(clean("  first line\nsecond\t\tline \r\n"), "first line second line");
    }

    /// A cue holding only markup or spaces cleans to nothing.
    #[test]
    fn markup_only_text_cleans_to_empty() {
        assert_eq!(clean("<font color=\"#fff\"> \n </font>"), "");
    }
}
