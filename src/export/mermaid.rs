//! Mermaid flowcharts, for Markdown pages that code hosting sites render.
//!
//! Mermaid's syntax is fragile around data: a node called `end` closes a subgraph, `%%{…}%%`
//! anywhere is a configuration directive, `#name;` is an entity, `<b>` is markup in labels. So
//! node ids are built from actor ids ([`node_id`]: `n_` then `a-z0-9_` only, never a keyword),
//! and every name sits in a quoted label where anything but plain letters, digits and a few
//! harmless signs is written as a Mermaid entity code ([`label`]: `"` as `#quot;`, `%` as
//! `#37;`), which Mermaid turns back into the character when it draws the chart. Line breaks
//! become `<br>`. Link kinds are edge labels (dotted when inferred or proposed), actor kinds are
//! classes with the fill colours of the DOT export, link kinds colour their edges.
//!
//! A flowchart holds no citations, notes or milestones: use JSON, GEXF or GraphML for those.

use super::{Exporter, Sink};
use crate::error::{Error, Result};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{ActorKind, Confidence, LinkKind};
use crate::style::{actor_style, link_colour};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// The Mermaid exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mermaid;

/// The Mermaid node id of an actor: `n_` then the id with `-` as `_`; any other character than
/// `a-z0-9` becomes `X` + hex + `X` (ids are slugs, so this only guards other callers). The map
/// is one-to-one, and the prefix keeps keywords (`end`, `graph`, `style`) and edge letters
/// (`o`, `x`) away from the start of an id.
pub fn node_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 2);
    out.push_str("n_");
    for c in id.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            '-' => out.push('_'),
            c => {
                let _ = write!(out, "X{:x}X", u32::from(c));
            }
        }
    }
    out
}

/// Whether `c` goes into a label as itself: letters, digits, spaces and signs that mean nothing
/// to Mermaid or HTML; invisible and bidirectional-control characters are always encoded.
fn plain(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
            || matches!(c, ' ' | '-' | '_' | '.' | ',' | '\'' | '/' | '(' | ')' | '!' | '?' | '+')
    } else {
        !(c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'))
    }
}

/// `text` as the inside of a quoted Mermaid label: line breaks as `<br>`, every other character
/// that is not `plain` as an entity code (`#quot;`, `#35;`), so that the label is read as text
/// exactly, never as syntax or markup. Spaces at either end are codes too, as Mermaid trims
/// labels.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let body_start = text.len() - text.trim_start_matches(' ').len();
    let body_end = text.trim_end_matches(' ').len();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' if i < body_start || i >= body_end => out.push_str("#32;"),
            '\r' => {
                chars.next_if(|&(_, c)| c == '\n');
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '"' => out.push_str("#quot;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c if plain(c) => out.push(c),
            // HTML gives no numeric reference back as these (`#133;` is drawn as "…", from
            // Windows-1252, and `#0;` as "�"): they are drawn as their visible escape, `\u{85}`,
            // as mesograph's text output writes them.
            '\0' | '\u{80}'..='\u{9F}' => {
                out.push_str(&label(&format!("\\u{{{:x}}}", u32::from(c))));
            }
            c => {
                let _ = write!(out, "#{};", u32::from(c));
            }
        }
    }
    out
}

/// The text of a link's edge label: its kind, how sure it is, and with the whole history its
/// years.
fn edge_text(kind: LinkKind, confidence: Confidence, years: Option<String>) -> String {
    let mut text = kind.label();
    if confidence != Confidence::Stated {
        let _ = write!(text, " ({})", confidence.as_str());
    }
    if let Some(years) = years {
        let _ = write!(text, " {years}");
    }
    text
}

impl Exporter for Mermaid {
    fn extension(&self) -> &'static str {
        "mmd"
    }

    fn write(&self, graph: &TemporalGraph, slice: &Slice, _: &str, out: &mut Sink) -> Result<()> {
        // The title as a YAML double-quoted string: JSON's escapes are YAML's; `%` is escaped too
        // so that no directive can be read into it.
        let title = serde_json::to_string(&format!(
            "{} — {}{}",
            graph.title(),
            slice.scope,
            graph.caveats(slice.scope)
        ))
        .map_err(|e| Error::Internal(e.to_string()))?
        .replace('%', "\\u0025");
        let _ = writeln!(out, "---\ntitle: {title}\n---\nflowchart LR");

        let kinds: std::collections::BTreeSet<ActorKind> =
            slice.actors.iter().map(|&n| graph.actor(n).kind).collect();
        for kind in kinds {
            let (_, fill) = actor_style(kind);
            let _ = writeln!(out, "  classDef {kind} fill:{fill},stroke:#555555,color:#000000");
        }
        for &n in &slice.actors {
            let a = graph.actor(n);
            let name = slice.scope.naming_year().map_or(a.name.as_str(), |y| a.name_in(y));
            let text = match slice.scope {
                Scope::All => format!("{name}\n{}", a.lifetime()),
                _ => name.to_string(),
            };
            let _ = writeln!(out, "  {}[\"{}\"]:::{}", node_id(&a.id), label(&text), a.kind);
        }
        let mut by_kind: BTreeMap<LinkKind, Vec<String>> = BTreeMap::new();
        for (i, &e) in slice.links.iter().enumerate() {
            let l = graph.link(e);
            let years = (slice.scope == Scope::All).then(|| l.lifetime().to_string());
            let arrow = if l.confidence == Confidence::Stated { "-->" } else { "-.->" };
            let _ = writeln!(
                out,
                "  {} {arrow}|\"{}\"| {}",
                node_id(&l.from),
                label(&edge_text(l.kind, l.confidence, years)),
                node_id(&l.to)
            );
            by_kind.entry(l.kind).or_default().push(i.to_string());
        }
        for (kind, edges) in by_kind {
            let colour = link_colour(kind);
            let _ = writeln!(out, "  linkStyle {} stroke:{colour},color:{colour}", edges.join(","));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_and_one_to_one() {
        assert_eq!(node_id("end"), "n_end");
        assert_eq!(node_id("france-grilles"), "n_france_grilles");
        assert_eq!(node_id("a b\"É"), "n_aX20XbX22XXc9X");
        assert_ne!(node_id("a-b"), node_id("a_b"));
    }

    #[test]
    fn labels_encode_syntax_markup_and_directives() {
        assert_eq!(
            label("Agence \"A\" <&> \\ back"),
            "Agence #quot;A#quot; #lt;#amp;#gt; #92; back"
        );
        assert_eq!(label("%%{init: {}}%%"), "#37;#37;#123;init#58; #123;#125;#125;#37;#37;");
        assert_eq!(label("a\r\nb\nc#quot;"), "a<br>b<br>c#35;quot#59;");
        assert_eq!(label("Méso — état 🖥 مركز"), "Méso — état 🖥 مركز");
        assert_eq!(label("\u{202E}x\u{A0}"), "#8238;x#160;");
        // No HTML reference gives back NUL or a C1 control: they are drawn escaped.
        assert_eq!(label("a\u{85}b\0"), "a#92;u#123;85#125;b#92;u#123;0#125;");
        assert_eq!(label("\u{7}\u{A0}\u{9F}"), "#7;#160;#92;u#123;9f#125;");
        assert_eq!(label("  a b  "), "#32;#32;a b#32;#32;");
        assert_eq!(label("   "), "#32;#32;#32;");
    }
}
