//! The atlas: one self-contained HTML file to explore the whole history in a browser, offline.
//!
//! mesograph computes the drawing itself ([`layout`]): one horizontal lane per actor kind, one
//! column per year in which an actor was created, so that an actor keeps its place in every year
//! and the landscape fills up from left to right as the years go by. No external program is
//! needed. The page (`atlas.html`, `atlas.css`, `atlas.js` beside this file) draws that layout as
//! SVG, with a year slider, search, filters and a details panel.
//!
//! Everything from the data travels in one `<script type="application/json">` element, with `<`,
//! `>`, `&`, U+2028 and U+2029 written as `\u` escapes so that no name can close the element; the
//! script puts it on the page with `textContent` and `setAttribute` only. A Content Security
//! Policy with the hashes of our own script and style stops anything else from running, and
//! forbids every network request.

mod layout;
mod sorted;

pub use layout::{ActorBox, Column, Lane, Layout, LinkPath, layout};

use crate::error::Result;
use crate::export::{Format, export, link_colour};
use crate::graph::{Scope, TemporalGraph};
use crate::model::{ActorKind, LinkKind, Year};
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sorted::write_sorted;

const TEMPLATE: &str = include_str!("atlas.html");
const STYLE: &str = include_str!("atlas.css");
const SCRIPT: &str = include_str!("atlas.js");

#[derive(Serialize)]
struct KindInfo {
    id: &'static str,
    label: String,
    colour: &'static str,
}

/// The page's data but its first member, `graph`: the whole history in the node-link form of
/// `mesograph export --format json`, written with its keys sorted (as the `serde_json::Value` it
/// once went through wrote it) by [`write_sorted`] before these members.
#[derive(Serialize)]
struct AtlasData {
    /// Where everything is drawn.
    layout: Layout,
    /// The first and last year of the slider.
    span: (Year, Year),
    /// The year shown first.
    year: Year,
    #[serde(rename = "actorKinds")]
    actor_kinds: Vec<KindInfo>,
    #[serde(rename = "linkKinds")]
    link_kinds: Vec<KindInfo>,
}

/// `json` made safe to sit inside an HTML `<script>` element: `<`, `>` and `&` become `\u`
/// escapes (so neither `</script>` nor `<!--` can appear), and so do U+2028 and U+2029 (line
/// terminators for older JavaScript parsers). These characters only occur inside JSON strings,
/// where the escapes mean the same characters, so the JSON is unchanged for `JSON.parse`.
pub fn escape_json_for_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    escape_json_for_html_into(json, &mut out);
    out
}

/// [`escape_json_for_html`], appended to `out`. Runs that need nothing are copied whole: the
/// characters to escape are ASCII or start with the byte 0xE2, so byte searches find them (a
/// push per character was a fifth of the atlas' time).
fn escape_json_for_html_into(json: &str, out: &mut String) {
    let bytes = json.as_bytes();
    // The next `<`, `>` or `&`, and the next 0xE2 (also the start of `–`, `’`, `…`), each
    // searched again only once passed.
    let ascii = |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|i| from + i);
    let e2 = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|i| from + i);
    let (mut next_ascii, mut next_e2) = (ascii(0), e2(0));
    let mut copied = 0;
    loop {
        let at = match (next_ascii, next_e2) {
            (Some(a), Some(e)) => a.min(e),
            (Some(a), None) => a,
            (None, Some(e)) => e,
            (None, None) => break,
        };
        let (escape, len) = match &bytes[at..] {
            [b'<', ..] => ("\\u003c", 1),
            [b'>', ..] => ("\\u003e", 1),
            [b'&', ..] => ("\\u0026", 1),
            [0xE2, 0x80, 0xA8, ..] => ("\\u2028", 3),
            [0xE2, 0x80, 0xA9, ..] => ("\\u2029", 3),
            _ => ("", 0),
        };
        if len > 0 {
            // The bytes matched are whole characters: `at` and `at + len` are boundaries.
            out.push_str(&json[copied..at]);
            out.push_str(escape);
            copied = at + len;
        }
        if next_ascii == Some(at) {
            next_ascii = ascii(at + 1);
        } else {
            next_e2 = e2(at + 1);
        }
    }
    out.push_str(&json[copied..]);
}

/// The CSP source of an inline element's text: `'sha256-…'`.
pub(crate) fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// What fills a placeholder.
#[derive(Clone, Copy)]
enum Piece<'a> {
    /// This text as it is.
    Text(&'a str),
    /// This JSON, escaped for a `<script>` element ([`escape_json_for_html`]) on its way in.
    Json(&'a str),
}

/// Fills the `@NAME@` placeholders of the template in one pass, so that nothing inserted is ever
/// searched again (a name containing `@SCRIPT@` stays a name), appending the page to `out`.
fn fill(template: &str, values: &[(&str, Piece<'_>)], mut out: String) -> String {
    let room = |piece: &Piece<'_>| match piece {
        Piece::Text(text) => text.len(),
        Piece::Json(json) => json.len() + json.len() / 16,
    };
    out.reserve(template.len() + values.iter().map(|v| room(&v.1)).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find('@') {
        let after = &rest[start + 1..];
        let hit = values
            .iter()
            .find(|(name, _)| after.starts_with(name) && after[name.len()..].starts_with('@'));
        match hit {
            Some((name, value)) => {
                out.push_str(&rest[..start]);
                match value {
                    Piece::Text(text) => out.push_str(text),
                    Piece::Json(json) => escape_json_for_html_into(json, &mut out),
                }
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The year the atlas opens on: the one with the most active actors (the latest on a tie).
fn busiest_year(graph: &TemporalGraph, (from, to): (Year, Year)) -> Year {
    // The actors of the year's slice, counted without making the slice.
    let active = |y| graph.graph().node_weights().filter(|a| a.lifetime().overlaps(y, y)).count();
    (from..=to).max_by_key(|&y| (active(y), y)).unwrap_or(from)
}

/// The whole atlas page for `graph`, as one HTML document.
///
/// # Errors
/// Only if the export of the graph fails, which writing into memory does not.
pub fn atlas(graph: &TemporalGraph) -> Result<String> {
    let (json, spare) = atlas_json(graph)?;
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; \
         base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    );
    // The page goes into the export's buffer, whose pages are already in memory: fresh ones
    // cost a fault and a zeroing each.
    let page = String::from_utf8(spare).unwrap_or_default();
    Ok(fill(
        TEMPLATE,
        &[
            ("CSP", Piece::Text(&csp)),
            ("STYLE", Piece::Text(STYLE)),
            ("DATA", Piece::Json(&json)),
            ("SCRIPT", Piece::Text(SCRIPT)),
        ],
        page,
    ))
}

/// The page's data as compact JSON, and the buffer it was made from, emptied.
fn atlas_json(graph: &TemporalGraph) -> Result<(String, Vec<u8>)> {
    let exported = export(graph, &graph.slice(Scope::All), Format::Json)?;
    // Room for the whole text up front: a buffer grown by doubling copies itself and touches
    // fresh pages at each step (the compact JSON of the graph is smaller than its export).
    let room = exported.len() + 128 * (graph.graph().node_count() + graph.links().len());
    let mut json = Vec::with_capacity(room);
    json.extend_from_slice(b"{\"graph\":");
    write_sorted(&exported, &mut json).map_err(|e| internal(&e))?;
    // The other members follow `graph`: they are an object `{"layout":…}` whose `{` becomes the
    // comma after `graph`.
    let rest = json.len();
    serde_json::to_writer(&mut json, &atlas_data(graph)).map_err(|e| internal(&e))?;
    if let Some(brace) = json.get_mut(rest) {
        *brace = b',';
    }
    let mut spare = exported;
    spare.clear();
    Ok((String::from_utf8(json).map_err(|e| internal(&e))?, spare))
}

fn internal(e: &dyn std::fmt::Display) -> crate::error::Error {
    crate::error::Error::Request(format!("internal JSON: {e}"))
}

/// The page's members but `graph`.
fn atlas_data(graph: &TemporalGraph) -> AtlasData {
    let span = graph.span().unwrap_or((2000, 2000));
    let present: std::collections::BTreeSet<ActorKind> =
        graph.graph().node_weights().map(|a| a.kind).collect();
    let present_links: std::collections::BTreeSet<LinkKind> =
        graph.link_kinds().iter().copied().collect();
    AtlasData {
        layout: layout(graph),
        span,
        year: busiest_year(graph, span),
        actor_kinds: ActorKind::ALL
            .iter()
            .filter(|k| present.contains(k))
            .map(|&k| KindInfo {
                id: k.as_str(),
                label: k.label(),
                colour: crate::export::actor_style(k).1,
            })
            .collect(),
        link_kinds: LinkKind::ALL
            .iter()
            .filter(|k| present_links.contains(k))
            .map(|&k| KindInfo { id: k.as_str(), label: k.label(), colour: link_colour(k) })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script_element() {
        let json = serde_json::to_string("</script><!-- & \u{2028}\u{2029}").unwrap();
        let safe = escape_json_for_html(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        assert!(!safe.contains('\u{2028}') && !safe.contains('\u{2029}'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029}");
    }

    proptest::proptest! {
        /// The byte search escapes what the character-by-character rule escapes.
        #[test]
        fn html_escaping_follows_the_rule_character_by_character(
            text in "[a<>&\u{2027}\u{2028}\u{2029}\u{2030}é€\u{1F600}]{0,40}",
        ) {
            let mut expected = String::new();
            for c in text.chars() {
                match c {
                    '<' => expected.push_str("\\u003c"),
                    '>' => expected.push_str("\\u003e"),
                    '&' => expected.push_str("\\u0026"),
                    '\u{2028}' => expected.push_str("\\u2028"),
                    '\u{2029}' => expected.push_str("\\u2029"),
                    c => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(escape_json_for_html(&text), expected);
        }
    }

    #[test]
    fn placeholders_are_filled_once() {
        let out = fill(
            "a @X@ b @Y@ c @ d @Z@",
            &[("X", Piece::Text("@Y@")), ("Y", Piece::Text("y"))],
            String::new(),
        );
        assert_eq!(out, "a @Y@ b y c @ d @Z@");
        let out = fill("<@J@>", &[("J", Piece::Json("\"</script>\""))], String::new());
        assert_eq!(out, "<\"\\u003c/script\\u003e\">");
    }

    #[test]
    fn the_page_holds_everything_and_fetches_nothing() {
        let graph = TemporalGraph::new(crate::load(None).unwrap());
        let html = atlas(&graph).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        for placeholder in ["@CSP@", "@STYLE@", "@DATA@", "@SCRIPT@"] {
            assert!(!html.contains(placeholder), "{placeholder} left unfilled");
        }
        for needle in ["src=", "href=", "@import", "url(", "@font-face", "<link"] {
            assert!(!TEMPLATE.contains(needle) && !STYLE.contains(needle), "loads: {needle}");
        }
        for needle in
            ["fetch(", "XMLHttpRequest", "WebSocket", "import(", "<script", "</script", "<!--"]
        {
            assert!(!SCRIPT.contains(needle), "atlas.js must not contain {needle}");
        }
        assert!(html.contains(&csp_hash(SCRIPT)) && html.contains(&csp_hash(STYLE)));
        // Exactly our two script elements.
        assert_eq!(html.matches("<script").count(), 2);
        assert_eq!(html.matches("</script>").count(), 2);
        assert_eq!(atlas(&graph).unwrap(), html, "byte-identical runs");
    }

    #[test]
    fn the_script_never_parses_html_from_data() {
        for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            assert!(!SCRIPT.contains(banned), "atlas.js must not use {banned}");
        }
    }
}
