//! How things look, whatever draws them: the shape, fill, colour, line and arrowhead of each kind
//! (from the dataset's vocabulary), the line of each confidence, the outline of a scenario's
//! actor, and how labels wrap. DOT, `render`, the atlas, Mermaid and the report all draw from
//! here, so that a kind looks the same everywhere; writing these looks in a format's syntax is
//! each format's business.

use crate::model::{ActorKind, Confidence, LinkKind};

/// The shape and fill colour of an actor kind, as its vocabulary says.
pub fn actor_style(kind: ActorKind) -> (&'static str, &'static str) {
    (kind.info().shape, kind.info().fill)
}

/// The colour of a link kind, as its vocabulary says.
pub fn link_colour(kind: LinkKind) -> &'static str {
    kind.info().colour
}

/// The line style of a link: its confidence's for an inferred or proposed link (dashed,
/// dotted), else its kind's (`bold` is drawn as a solid, thicker line: see [`link_bold`]).
pub fn link_style(kind: LinkKind, confidence: Confidence) -> &'static str {
    match (confidence, kind.info().style) {
        (Confidence::Stated, "dashed") => "dashed",
        (Confidence::Stated, "dotted") => "dotted",
        _ => confidence_style(confidence),
    }
}

/// Whether links of this kind are drawn thicker (style `bold`, such as `succeeds`).
pub fn link_bold(kind: LinkKind) -> bool {
    kind.info().style == "bold"
}

/// The line style of a link of this confidence.
pub fn confidence_style(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Stated => "solid",
        Confidence::Inferred => "dashed",
        Confidence::Proposed => "dotted",
    }
}

/// The arrowhead of a link kind in pictures: a second cue beside colour.
pub fn link_arrowhead(kind: LinkKind) -> &'static str {
    kind.info().arrowhead
}

/// The outline of an actor a scenario added (a hypothesis, not an observation) in pictures.
pub const HYPOTHESIS_OUTLINE: &str = "dashed";

/// The width of [`HYPOTHESIS_OUTLINE`], in points: thick enough to be told from a plain outline.
pub const HYPOTHESIS_PENWIDTH: f64 = 2.4;

/// How many characters a line of an actor label in a picture holds before it wraps.
pub const WRAP: usize = 18;

/// Breaks `name` into lines of at most about `width` characters at spaces, so that long names
/// make tall boxes rather than very wide ones. Words longer than `width` stay whole.
pub fn wrap(name: &str, width: usize) -> String {
    let mut out = String::with_capacity(name.len());
    let mut line = 0usize;
    for word in name.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_long_names_at_spaces() {
        assert_eq!(
            wrap("Institut des Grilles et du Cloud", 18),
            "Institut des\nGrilles et du\nCloud"
        );
        assert_eq!(wrap("GENCI", 18), "GENCI");
        assert_eq!(wrap("Supercalifragilistic  x", 5), "Supercalifragilistic\nx");
    }

    #[test]
    fn a_link_below_stated_takes_its_confidence_s_line_over_its_kind_s() {
        let bold = LinkKind::Succeeds;
        assert!(link_bold(bold) && !link_bold(LinkKind::Coordinates));
        assert_eq!(link_style(bold, Confidence::Stated), "solid");
        assert_eq!(link_style(bold, Confidence::Inferred), "dashed");
        assert_eq!(link_style(LinkKind::Coordinates, Confidence::Proposed), "dotted");
    }
}
