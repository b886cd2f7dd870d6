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

pub use layout::{ActorBox, Column, Lane, Layout, LinkPath, layout};

use crate::error::Result;
use crate::export::{Format, export, link_colour};
use crate::graph::{Scope, TemporalGraph};
use crate::model::{ActorKind, LinkKind, Year};
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

const TEMPLATE: &str = include_str!("atlas.html");
const STYLE: &str = include_str!("atlas.css");
const SCRIPT: &str = include_str!("atlas.js");

#[derive(Serialize)]
struct KindInfo {
    id: &'static str,
    label: String,
    colour: &'static str,
}

#[derive(Serialize)]
struct AtlasData {
    /// The whole history in the node-link form of `mesograph export --format json`.
    graph: serde_json::Value,
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
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The CSP source of an inline element's text: `'sha256-…'`.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Fills the `@NAME@` placeholders of the template in one pass, so that nothing inserted is ever
/// searched again (a name containing `@SCRIPT@` stays a name).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find('@') {
        let after = &rest[start + 1..];
        let hit = values
            .iter()
            .find(|(name, _)| after.starts_with(name) && after[name.len()..].starts_with('@'));
        match hit {
            Some((name, value)) => {
                out.push_str(&rest[..start]);
                out.push_str(value);
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
    (from..=to).max_by_key(|&y| (graph.slice(Scope::Year(y)).actors.len(), y)).unwrap_or(from)
}

/// The whole atlas page for `graph`, as one HTML document.
///
/// # Errors
/// Only if the export of the graph fails, which writing into memory does not.
pub fn atlas(graph: &TemporalGraph) -> Result<String> {
    let exported = export(graph, &graph.slice(Scope::All), Format::Json)?;
    let graph_json: serde_json::Value = serde_json::from_slice(&exported)
        .map_err(|e| crate::error::Error::Request(format!("internal JSON: {e}")))?;
    let span = graph.span().unwrap_or((2000, 2000));
    let present: std::collections::BTreeSet<ActorKind> =
        graph.graph().node_weights().map(|a| a.kind).collect();
    let present_links: std::collections::BTreeSet<LinkKind> =
        graph.links().iter().map(|l| l.kind).collect();
    let data = AtlasData {
        graph: graph_json,
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
    };
    let json = serde_json::to_string(&data)
        .map_err(|e| crate::error::Error::Request(format!("internal JSON: {e}")))?;
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; \
         base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    );
    Ok(fill(
        TEMPLATE,
        &[
            ("CSP", &csp),
            ("STYLE", STYLE),
            ("DATA", &escape_json_for_html(&json)),
            ("SCRIPT", SCRIPT),
        ],
    ))
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

    #[test]
    fn placeholders_are_filled_once() {
        let out = fill("a @X@ b @Y@ c @ d @Z@", &[("X", "@Y@"), ("Y", "y")]);
        assert_eq!(out, "a @Y@ b y c @ d @Z@");
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
