//! Graphviz DOT, written through dot-writer.
//!
//! dot-writer writes ids and attribute values raw: every id and label here is quoted and escaped
//! by [`escape`] before it reaches the writer, and the writer only ever writes into a [`Sink`],
//! which never fails (it reports a failure of its destination at the end), so its unwraps on I/O
//! cannot fire. Pretty printing stays on: compact mode strips whitespace
//! outside quotes and would corrupt HTML labels.

use super::{Exporter, Sink};
use crate::error::Result;
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{ActorKind, Confidence, LinkKind};
use crate::style::{actor_style, confidence_style, link_bold, link_colour, link_style};
use dot_writer::{Attributes, DotWriter};
use petgraph::graph::NodeIndex;
use std::collections::BTreeSet;
use std::fmt::Write as _;

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
/// - a string longer than `MAX_PIECE` bytes: it is split into pieces joined with `+`, which
///   Graphviz concatenates.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    escape_into(&mut out, s);
    out
}

/// Whether [`escape`] only puts quotes around `s`: no byte it rewrites (`\\`, `"`, `&`, control
/// characters) and not long enough to split. Almost every id and name is plain; checking is a
/// single pass that vectorises (a fold without early exit), much cheaper than the rewrite loop.
#[inline]
fn plain(s: &str) -> bool {
    s.len() <= MAX_PIECE
        && s.bytes().fold(true, |ok, c| {
            ok & (c >= 0x20) & (c != 0x7f) & (c != b'\\') & (c != b'"') & (c != b'&')
        })
}

/// Appends [`escape`]`(s)` to `out`, so that one buffer serves many strings.
pub fn escape_into(out: &mut String, s: &str) {
    if plain(s) {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    escape_chars(out, s);
}

/// [`escape_into`] character by character: the rules themselves, for any string.
fn escape_chars(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
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

/// An HTML-like legend of the kinds present. Labels come from the dataset's vocabulary and are
/// escaped for HTML; colours and shapes are checked values (`#rrggbb`, a Graphviz shape).
fn legend(actor_kinds: &BTreeSet<ActorKind>, link_kinds: &BTreeSet<LinkKind>) -> String {
    let mut html = String::from(
        "<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">\
         <tr><td colspan=\"2\"><b>Legend</b></td></tr>",
    );
    for &k in actor_kinds {
        let (shape, fill) = actor_style(k);
        html.push_str(&format!(
            "<tr><td bgcolor=\"{fill}\">{}</td><td>{shape}</td></tr>",
            html_text(&k.label())
        ));
    }
    for &k in link_kinds {
        html.push_str(&format!(
            "<tr><td><font color=\"{c}\">&#8594; {}</font></td><td><font color=\"{c}\">link</font></td></tr>",
            html_text(&k.label()),
            c = link_colour(k)
        ));
    }
    for c in [Confidence::Inferred, Confidence::Proposed] {
        html.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>", confidence_style(c), c.as_str()));
    }
    html.push_str("</table>>");
    html
}

/// `s` as text of a Graphviz HTML-like label: escaped as HTML text, control characters (which
/// Graphviz refuses even as references) as spaces.
fn html_text(s: &str) -> String {
    crate::report::html::escape(&s.replace(char::is_control, " "))
}

impl Exporter for Dot {
    fn extension(&self) -> &'static str {
        "dot"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, _: &str, out: &mut Sink) -> Result<()> {
        let title = format!("{} — {}{}", graph.title(), slice.scope, graph.caveats(slice.scope));
        let mut writer = DotWriter::from(&mut *out);
        writer.set_pretty_print(true);
        let mut g = writer.digraph();
        g.set("label", &escape(&title), false)
            .set("labelloc", "t", false)
            .set("fontsize", "20", false)
            .set("fontname", "\"Helvetica\"", false);
        // Top to bottom, for `dot`. No `pack`/`packmode`: Graphviz 2.43's `dot` drops most
        // edge labels of packed components (3 of 32 drawn in 2008), and every label must
        // be drawn. Isolated actors then stand in a row beside the linked ones; `render`
        // draws the tidy picture.
        g.set("rankdir", "TB", false).set("splines", "true", false);
        g.node_attributes()
            .set("style", "\"filled\"", false)
            .set("fontname", "\"Helvetica\"", false)
            .set("fontsize", "11", false);
        g.edge_attributes().set("fontname", "\"Helvetica\"", false).set("fontsize", "9", false);

        // Reused for every string, and the escaped ids kept for the links, so that a large DOT
        // does not allocate and escape the same few strings again for every link (see
        // docs/performance.md, "Exporting and writing").
        let mut text = String::new();
        let mut value = String::new();
        let mut ids: Vec<Option<String>> = vec![None; graph.graph().node_count()];
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
            text.clear();
            let _ = write!(
                text,
                "{} ({}, {})",
                a.full_name.as_deref().unwrap_or(name),
                a.kind.label(),
                a.lifetime()
            );
            let id = escape(&a.id);
            let mut node = g.node_named(id.clone());
            if let Some(slot) = ids.get_mut(n.index()) {
                *slot = Some(id);
            }
            value.clear();
            escape_into(&mut value, &label);
            node.set("label", &value, false).set("shape", shape, false);
            value.clear();
            escape_into(&mut value, fill);
            node.set("fillcolor", &value, false);
            value.clear();
            escape_into(&mut value, &text);
            node.set("tooltip", &value, false);
        }

        // Per link kind (by rank in the vocabulary), its escaped colour and, outside the whole
        // history where it is the same for every link of the kind, its escaped label.
        let mut styles: Vec<Option<(Option<String>, String)>> = Vec::new();
        for &k in graph.vocabulary().link_kinds() {
            if styles.len() <= k.rank() {
                styles.resize(k.rank() + 1, None);
            }
            let label = (slice.scope != Scope::All).then(|| escape(&k.label()));
            styles[k.rank()] = Some((label, escape(link_colour(k))));
        }
        let mut link_kinds = BTreeSet::new();
        let mut from_id = String::new();
        let mut to_id = String::new();
        let mut colour_text = String::new();
        for &e in &slice.links {
            let l = graph.link(e);
            link_kinds.insert(l.kind);
            let (from, to) = graph.endpoints(e);
            let id_of = |out: &mut String, n: NodeIndex, id: &str| {
                out.clear();
                match ids.get(n.index()) {
                    Some(Some(escaped)) => out.push_str(escaped),
                    _ => escape_into(out, id),
                }
            };
            id_of(&mut from_id, from, &l.from);
            id_of(&mut to_id, to, &l.to);
            let style = styles.get(l.kind.rank()).and_then(Option::as_ref);
            let colour = match style {
                Some((_, colour)) => colour.as_str(),
                None => {
                    colour_text.clear();
                    escape_into(&mut colour_text, link_colour(l.kind));
                    &colour_text
                }
            };
            let label = match style {
                Some((Some(label), _)) => label.as_str(),
                _ => {
                    text.clear();
                    match slice.scope {
                        Scope::All => {
                            let _ = write!(text, "{} {}", l.kind.label(), l.lifetime());
                        }
                        _ => text.push_str(&l.kind.label()),
                    }
                    value.clear();
                    escape_into(&mut value, &text);
                    &value
                }
            };
            let edge = g.edge(&from_id, &to_id);
            let mut attrs = edge.attributes();
            attrs
                .set("label", label, false)
                .set("color", colour, false)
                .set("fontcolor", colour, false)
                .set("style", link_style(l.kind, l.confidence), false);
            // The link's id, built without the formatting machinery (a visible cost per link).
            text.clear();
            for part in [&l.from[..], "/", l.kind.as_str(), "/", &l.to[..], "/"] {
                text.push_str(part);
            }
            let mut digits = [0u8; 11];
            text.push_str(
                std::str::from_utf8(super::json::number_in(&mut digits, l.start)).unwrap_or("?"),
            );
            from_id.clear();
            escape_into(&mut from_id, &text);
            attrs.set("tooltip", &from_id, false);
            if link_bold(l.kind) {
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

    /// The quick path (quotes around a plain string) gives what the rules give.
    #[test]
    fn plain_strings_escape_as_the_rules_say() {
        use proptest::prelude::*;
        let rules = |s: &str| {
            let mut out = String::new();
            escape_chars(&mut out, s);
            out
        };
        let hostile = ["", "a", "&", "&amp;", "a\"b", "a\\b", "\u{7f}", "\0", "é ☃ 𝄞", "a\r\nb"];
        let long = ["x".repeat(MAX_PIECE), "x".repeat(MAX_PIECE + 1), "é".repeat(MAX_PIECE)];
        for s in hostile.iter().copied().chain(long.iter().map(String::as_str)) {
            assert_eq!(escape(s), rules(s), "{s:?}");
        }
        let config = ProptestConfig { cases: 2000, ..ProptestConfig::default() };
        proptest!(config, |(s in "(?s).{0,40}", t in "[ -~]{0,40}")| {
            prop_assert_eq!(escape(&s), rules(&s));
            prop_assert_eq!(escape(&t), rules(&t));
        });
    }

    #[test]
    fn legend_labels_from_a_vocabulary_are_escaped() {
        assert_eq!(html_text("R&D <lab> \"x\"\n"), "R&amp;D &lt;lab&gt; &quot;x&quot; ");
        assert_eq!(html_text("l'a\u{1}b"), "l&#39;a b");
    }
}
