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
//!
//! ```
//! use mesograph::atlas::{AtlasOptions, atlas, opening_year};
//!
//! let graph = mesograph::load_graph(None)?;
//! let page = atlas(&graph, &AtlasOptions::default())?;
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! // It opens on the last year its sources observe: the built-in dataset's horizon.
//! assert_eq!(opening_year(&graph), 2017);
//! # Ok::<(), mesograph::Error>(())
//! ```

mod layout;

pub use layout::{ActorBox, Column, Lane, Layout, LinkPath, layout};

use crate::error::Result;
use crate::export::{Format, export};
use crate::filter::Filter;
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{ActorKind, Confidence, LinkKind, Year};
use crate::style::{actor_style, link_colour};
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

const TEMPLATE: &str = include_str!("atlas.html");
const STYLE: &str = include_str!("atlas.css");
const SCRIPT: &str = include_str!("atlas.js");

#[derive(Serialize)]
struct KindInfo {
    id: &'static str,
    label: String,
    colour: &'static str,
}

/// The page's data.
#[derive(Serialize)]
struct AtlasData {
    /// The whole history in the node-link form of `mesograph export --format json`, read back
    /// into a `serde_json::Value`, whose objects (a `BTreeMap` without serde_json's
    /// `preserve_order` feature) write their keys sorted: the page's data does not depend on the
    /// order in which the exporter writes its members.
    graph: serde_json::Value,
    /// Where everything is drawn.
    layout: Layout,
    /// The first and last year of the slider.
    span: (Year, Year),
    /// The year shown first (a fragment in the page's address may choose another).
    year: Year,
    /// The dataset's title, shown above the drawing and in saved pictures.
    title: String,
    /// The last year the sources observe; the years after it are shaded as a projection.
    horizon: Option<Year>,
    /// The actors a scenario added: hypotheses, drawn with a dashed outline.
    #[serde(rename = "scenarioActors")]
    scenario_actors: Vec<String>,
    /// Whether "hide actors without links" starts checked.
    #[serde(rename = "hideIsolated")]
    hide_isolated: bool,
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
/// push per character was slow; see docs/performance.md, "The built-in dataset's commands").
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

/// What the page holds and shows first.
#[derive(Debug, Clone, Default)]
pub struct AtlasOptions {
    /// The year it opens on; [`opening_year`] when `None`.
    pub year: Option<Year>,
    /// What the page holds of the history. Its `hide_isolated` also becomes the page's own
    /// "hide actors without links", which works year by year.
    pub filter: Filter,
}

/// The year the atlas opens on by default: the last year the sources observe. That is the
/// dataset's horizon when it declares one, else the last year in which an actor or a stated
/// link starts (a milestone may be a question about the future, an inferred or proposed link a
/// reading); within the span of the slider.
pub fn opening_year(graph: &TemporalGraph) -> Year {
    let span = graph.span().unwrap_or((2000, 2000));
    let observed = graph.horizon().or_else(|| {
        let actors = graph.graph().node_weights().map(|a| a.start);
        let links = graph.links().iter().filter(|l| l.confidence == Confidence::Stated);
        actors.chain(links.map(|l| l.start)).max()
    });
    observed.map_or(span.1, |y| y.clamp(span.0, span.1))
}

/// The whole atlas page for `graph`, as one HTML document.
///
/// # Errors
/// Only if the export of the graph fails, which writing into memory does not.
pub fn atlas(graph: &TemporalGraph, options: &AtlasOptions) -> Result<String> {
    let json = atlas_json(graph, options)?;
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; \
         base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    );
    Ok(fill(
        TEMPLATE,
        &[
            ("CSP", Piece::Text(&csp)),
            ("STYLE", Piece::Text(STYLE)),
            ("DATA", Piece::Json(&json)),
            ("SCRIPT", Piece::Text(SCRIPT)),
        ],
        String::new(),
    ))
}

/// The page's data as compact JSON.
fn atlas_json(graph: &TemporalGraph, options: &AtlasOptions) -> Result<String> {
    let kept = options.filter.apply(graph, graph.slice(Scope::All)).slice;
    let exported = export(graph, &kept, Format::Json)?;
    let whole = serde_json::from_slice(&exported).map_err(|e| internal(&e))?;
    serde_json::to_string(&atlas_data(graph, &kept, whole, options)).map_err(|e| internal(&e))
}

fn internal(e: &dyn std::fmt::Display) -> crate::error::Error {
    crate::error::Error::Internal(format!("the atlas's JSON: {e}"))
}

/// The page's data, around `whole`, the export of `kept`.
fn atlas_data(
    graph: &TemporalGraph,
    kept: &Slice,
    whole: serde_json::Value,
    options: &AtlasOptions,
) -> AtlasData {
    let span = graph.span().unwrap_or((2000, 2000));
    let present: BTreeSet<ActorKind> = kept.actors.iter().map(|&n| graph.actor(n).kind).collect();
    let present_links: BTreeSet<LinkKind> =
        kept.links.iter().map(|&e| graph.link(e).kind).collect();
    AtlasData {
        graph: whole,
        layout: layout(graph, kept),
        span,
        year: options.year.unwrap_or_else(|| opening_year(graph)),
        // The title says which scenarios are on.
        title: format!("{}{}", graph.title(), crate::graph::with_scenarios(graph.scenarios())),
        horizon: graph.horizon(),
        scenario_actors: kept
            .actors
            .iter()
            .filter(|&&n| graph.from_scenario(n))
            .map(|&n| graph.actor(n).id.clone())
            .collect(),
        hide_isolated: options.filter.hide_isolated,
        actor_kinds: graph
            .vocabulary()
            .actor_kinds()
            .iter()
            .filter(|k| present.contains(k))
            .map(|&k| KindInfo { id: k.as_str(), label: k.label(), colour: actor_style(k).1 })
            .collect(),
        link_kinds: graph
            .vocabulary()
            .link_kinds()
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
        let html = atlas(&graph, &AtlasOptions::default()).unwrap();
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
        assert_eq!(atlas(&graph, &AtlasOptions::default()).unwrap(), html, "byte-identical runs");
    }

    #[test]
    fn the_page_opens_on_the_horizon_else_on_the_last_stated_start() {
        let builtin = TemporalGraph::new(crate::load(None).unwrap());
        assert_eq!(builtin.horizon(), Some(2017));
        assert_eq!(opening_year(&builtin), 2017);
        // Without a horizon: the last year in which an actor or a stated link starts.
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture");
        let graph = TemporalGraph::new(crate::load(Some(&fixture)).unwrap());
        assert_eq!(graph.horizon(), None);
        let starts = graph.graph().node_weights().map(|a| a.start);
        let stated = graph.links().iter().filter(|l| l.confidence == Confidence::Stated);
        let last = starts.chain(stated.map(|l| l.start)).max().unwrap();
        assert!(graph.links().iter().any(|l| l.start > last), "the test needs a later reading");
        assert_eq!(opening_year(&graph), last);
    }

    #[test]
    fn the_script_never_parses_html_from_data() {
        for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            assert!(!SCRIPT.contains(banned), "atlas.js must not use {banned}");
        }
    }
}
