//! Graphviz DOT, written through dot-writer.
//!
//! dot-writer writes ids and attribute values raw: every id and label here is quoted and escaped
//! by [`escape`] before it reaches the writer, and the writer only ever writes into memory, so
//! its unwraps on I/O cannot fire. Pretty printing stays on: compact mode strips whitespace
//! outside quotes and would corrupt HTML labels.

use super::Exporter;
use crate::error::Result;
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{ActorKind, Confidence, LinkKind};
use dot_writer::{Attributes, DotWriter};
use std::collections::BTreeSet;

/// The DOT exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dot;

/// The longest quoted string, in bytes, that [`escape`] writes in one piece. Graphviz (2.43)
/// refuses a quoted string longer than 16384 bytes ("longer than 16384?"); DOT joins quoted
/// strings with `+`, so a longer name is written as several pieces and read back whole.
pub const MAX_PIECE: usize = 8192;

/// `s` as a double-quoted DOT string: `\\` and `"` escaped, line breaks as `\\n`, so that any name
/// (quotes, backslashes, keywords like `node`, `<>&`, `--`, braces, non-ASCII) is read back
/// exactly as text.
///
/// Three things cannot be written as they are:
/// - a control character: NUL ends Graphviz's scanner with a syntax error and the others are
///   dropped from the picture, so each is written as its visible Unicode "control picture"
///   (`␀` for NUL, `␛` for escape, `␉` for tab);
/// - an `&` that starts an entity (`&amp;`, `&#60;`): Graphviz decodes entities in labels, so it
///   is written `&amp;` and the name is drawn as written;
/// - a string longer than [`MAX_PIECE`] bytes: it is split into pieces joined with `+`, which
///   Graphviz concatenates.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut piece = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before = out.len();
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' => {
                if chars.peek().map(|&(_, c)| c) != Some('\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '&' if starts_entity(&s[i..]) => out.push_str("&amp;"),
            c if c.is_ascii_control() => out.push(control_picture(c)),
            c => out.push(c),
        }
        piece += out.len() - before;
        if piece >= MAX_PIECE && chars.peek().is_some() {
            out.push_str("\" + \"");
            piece = 0;
        }
    }
    out.push('"');
    out
}

/// Whether `s` starts with an entity reference: `&name;`, `&#digits;` or `&#xhex;`.
fn starts_entity(s: &str) -> bool {
    let Some(body) = s.strip_prefix('&').and_then(|r| r.split_once(';')).map(|(b, _)| b) else {
        return false;
    };
    let digits = |b: &str, radix| !b.is_empty() && b.chars().all(|c| c.is_digit(radix));
    match body.strip_prefix('#') {
        Some(num) => match num.strip_prefix(['x', 'X']) {
            Some(hex) => digits(hex, 16),
            None => digits(num, 10),
        },
        None => {
            body.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && body.chars().all(|c| c.is_ascii_alphanumeric())
        }
    }
}

/// The visible stand-in of an ASCII control character: U+2400 + code, U+2421 for DEL.
fn control_picture(c: char) -> char {
    match c {
        '\u{7f}' => '\u{2421}',
        c => char::from_u32(0x2400 + c as u32).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// The shape and fill colour of an actor kind.
pub fn actor_style(kind: ActorKind) -> (&'static str, &'static str) {
    match kind {
        ActorKind::Ministry => ("house", "#f4cccc"),
        ActorKind::Agency => ("box", "#fce5cd"),
        ActorKind::ResearchOrganisation => ("box", "#d9ead3"),
        ActorKind::University => ("box", "#d0e0e3"),
        ActorKind::Association => ("ellipse", "#fff2cc"),
        ActorKind::AdvisoryBody => ("octagon", "#ead1dc"),
        ActorKind::ComputingCentre => ("cylinder", "#c9daf8"),
        ActorKind::ResearchUnit => ("component", "#d9d2e9"),
        ActorKind::Infrastructure => ("box3d", "#cfe2f3"),
        ActorKind::ProfessionalNetwork => ("ellipse", "#b6d7a8"),
        ActorKind::ResearchGroup => ("ellipse", "#a2c4c9"),
        ActorKind::WorkingGroup => ("ellipse", "#d9d9d9"),
        ActorKind::Programme => ("parallelogram", "#ffe599"),
        ActorKind::EventSeries => ("hexagon", "#f9cb9c"),
        ActorKind::Report => ("note", "#ffffff"),
        ActorKind::Label => ("tab", "#f6b26b"),
        ActorKind::Channel => ("cds", "#eeeeee"),
        ActorKind::Person => ("oval", "#ffffff"),
    }
}

/// The colour of a link kind.
pub fn link_colour(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Funds => "#cc0000",
        LinkKind::Founds => "#38761d",
        LinkKind::Coordinates => "#1155cc",
        LinkKind::MemberOf => "#888888",
        LinkKind::ShareholderOf => "#b45f06",
        LinkKind::Hosts => "#741b47",
        LinkKind::Operates => "#0b5394",
        LinkKind::Organises => "#e69138",
        LinkKind::Supports => "#6aa84f",
        LinkKind::Succeeds => "#000000",
        LinkKind::PartnersWith => "#3d85c6",
        LinkKind::Labels => "#bf9000",
        LinkKind::Prompted => "#a64d79",
        LinkKind::Authored => "#666666",
        LinkKind::Commissioned => "#7f6000",
        LinkKind::ParticipatesIn => "#45818e",
        LinkKind::PartOf => "#444444",
    }
}

/// The line style of a link of this confidence.
pub fn confidence_style(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Stated => "solid",
        Confidence::Inferred => "dashed",
        Confidence::Proposed => "dotted",
    }
}

/// An HTML-like legend of the kinds present. Its text comes only from the closed sets of kinds,
/// never from the data, so it is well-formed XML by construction.
fn legend(actor_kinds: &BTreeSet<ActorKind>, link_kinds: &BTreeSet<LinkKind>) -> String {
    let mut html = String::from(
        "<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">\
         <tr><td colspan=\"2\"><b>Legend</b></td></tr>",
    );
    for &k in actor_kinds {
        let (shape, fill) = actor_style(k);
        html.push_str(&format!(
            "<tr><td bgcolor=\"{fill}\">{}</td><td>{shape}</td></tr>",
            k.label()
        ));
    }
    for &k in link_kinds {
        html.push_str(&format!(
            "<tr><td><font color=\"{c}\">&#8594; {}</font></td><td><font color=\"{c}\">link</font></td></tr>",
            k.label(),
            c = link_colour(k)
        ));
    }
    html.push_str(
        "<tr><td>dashed</td><td>inferred</td></tr><tr><td>dotted</td><td>proposed</td></tr></table>>",
    );
    html
}

impl Exporter for Dot {
    fn extension(&self) -> &'static str {
        "dot"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Vec<u8>) -> Result<()> {
        let title = format!("{} — {}", graph.name(), slice.scope);
        let mut writer = DotWriter::from(&mut *out);
        writer.set_pretty_print(true);
        let mut g = writer.digraph();
        g.set("label", &escape(&title), false)
            .set("labelloc", "t", false)
            .set("fontsize", "20", false)
            .set("fontname", "\"Helvetica\"", false)
            .set("rankdir", "LR", false)
            .set("overlap", "false", false)
            .set("splines", "true", false);
        g.node_attributes()
            .set("style", "\"filled\"", false)
            .set("fontname", "\"Helvetica\"", false)
            .set("fontsize", "11", false);
        g.edge_attributes().set("fontname", "\"Helvetica\"", false).set("fontsize", "9", false);

        let mut actor_kinds = BTreeSet::new();
        for &n in &slice.actors {
            let a = graph.actor(n);
            actor_kinds.insert(a.kind);
            let name = slice.scope.naming_year().map_or(a.name.as_str(), |y| a.name_in(y));
            let label = match slice.scope {
                Scope::All => format!("{name}\n{}", a.lifetime()),
                _ => name.to_string(),
            };
            let (shape, fill) = actor_style(a.kind);
            let tooltip = match &a.full_name {
                Some(full) => format!("{full} ({}, {})", a.kind.label(), a.lifetime()),
                None => format!("{name} ({}, {})", a.kind.label(), a.lifetime()),
            };
            g.node_named(escape(&a.id))
                .set("label", &escape(&label), false)
                .set("shape", shape, false)
                .set("fillcolor", &escape(fill), false)
                .set("tooltip", &escape(&tooltip), false);
        }

        let mut link_kinds = BTreeSet::new();
        for &e in &slice.links {
            let l = graph.link(e);
            link_kinds.insert(l.kind);
            let label = match slice.scope {
                Scope::All => format!("{} {}", l.kind.label(), l.lifetime()),
                _ => l.kind.label(),
            };
            let colour = link_colour(l.kind);
            let edge = g.edge(escape(&l.from), escape(&l.to));
            let mut attrs = edge.attributes();
            attrs
                .set("label", &escape(&label), false)
                .set("color", &escape(colour), false)
                .set("fontcolor", &escape(colour), false)
                .set("style", confidence_style(l.confidence), false)
                .set("tooltip", &escape(&l.id()), false);
            if l.kind == LinkKind::Succeeds {
                attrs.set("penwidth", "2", false);
            }
        }

        if !actor_kinds.is_empty() {
            let mut cluster = g.cluster();
            cluster.set("label", "\"\"", false).set("color", "\"#cccccc\"", false);
            cluster
                .node_named("\"mesograph:legend\"")
                .set("shape", "plaintext", false)
                .set("style", "\"\"", false)
                .set("label", &legend(&actor_kinds, &link_kinds), false);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_newlines() {
        assert_eq!(escape(r#"Méso "X" \ y"#), r#""Méso \"X\" \\ y""#);
        assert_eq!(escape("a\nb\r\nc\rd"), r#""a\nb\nc\nd""#);
        assert_eq!(escape("node"), "\"node\"");
        assert_eq!(escape("<b>&</b>"), "\"<b>&</b>\"");
    }

    #[test]
    fn entities_are_escaped_so_that_graphviz_draws_them_as_written() {
        assert_eq!(
            escape("a & b &amp; &#60; &#x3c; &lt &; &#; &#xg;"),
            "\"a & b &amp;amp; &amp;#60; &amp;#x3c; &lt &; &#; &#xg;\""
        );
    }

    #[test]
    fn control_characters_become_visible_and_never_reach_graphviz() {
        assert_eq!(escape("a\0b\tc\u{1b}d\u{7f}"), "\"a\u{2400}b\u{2409}c\u{241b}d\u{2421}\"");
    }

    #[test]
    fn long_strings_are_split_into_pieces_graphviz_accepts() {
        let long = format!("{}\"{}", "x".repeat(MAX_PIECE - 1), "é".repeat(MAX_PIECE));
        let dot = escape(&long);
        let pieces: Vec<&str> = dot.split("\" + \"").collect();
        assert!(pieces.len() > 2, "{}", pieces.len());
        assert!(pieces.iter().all(|p| p.len() <= MAX_PIECE + 8), "pieces stay short");
        // Joining the pieces and undoing the escapes gives the string back.
        let joined: String = pieces.concat();
        assert_eq!(joined.trim_matches('"').replace("\\\"", "\""), long);
        assert!(!escape(&"x".repeat(MAX_PIECE)).contains('+'), "no empty last piece");
    }

    #[test]
    fn every_kind_has_a_style() {
        for &k in ActorKind::ALL {
            assert!(actor_style(k).1.starts_with('#'));
        }
        let colours: BTreeSet<&str> = LinkKind::ALL.iter().map(|&k| link_colour(k)).collect();
        assert_eq!(colours.len(), LinkKind::ALL.len(), "link kinds must be told apart by colour");
    }
}
