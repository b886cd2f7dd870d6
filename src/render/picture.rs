//! The DOT of a picture: what it shows ([`Scene`]), the pass that removes overlaps
//! ([`Scene::arrangement_dot`]) and the final drawing with every node pinned ([`Scene::drawing_dot`]).
//!
//! A link label is a node of its own (`mesograph:link:N`, plain text) set between the link's two
//! ends: the link is drawn as two edges through it. Graphviz then keeps labels apart from one
//! another and from actors as it keeps actors apart, so every label is drawn and none lies on
//! anything (Graphviz's edge labels and `xlabel`s are dropped or overlap when crowded).

use crate::error::{Error, Result, is_xml_char};
use crate::export::escape_dot as escape;
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::{ActorKind, Confidence, LinkKind};
use crate::style::{
    HYPOTHESIS_OUTLINE, HYPOTHESIS_PENWIDTH, WRAP, actor_style, confidence_style, link_arrowhead,
    link_bold, link_colour, link_style, wrap,
};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Font sizes in points. At 96 dpi a point is 4/3 pixel: 11 points are 14.7 pixels, the smallest
/// text of a slide-sized picture.
pub const ACTOR_FONT: f64 = 12.0;
/// Link labels and the legend.
pub const SMALL_FONT: f64 = 12.0;
/// The title.
pub const TITLE_FONT: f64 = 24.0;
/// The subtitle, and the counts beside the stamp.
pub const SUBTITLE_FONT: f64 = 16.0;
/// The year of the stamp (`crate::render::Options::stamp`), written large.
pub const STAMP_FONT: f64 = 48.0;

/// Refuses, before Graphviz is run, a picture whose SVG would hold a character XML cannot hold:
/// the actors' ids, names, full names and the links' ids reach its text and tooltips. ASCII
/// control characters do not (the DOT of a picture draws them as visible stand-ins); U+FFFE and
/// U+FFFF would. A PNG holds any character.
///
/// # Errors
/// [`Error::Unrepresentable`], naming the actor, the field and the character.
pub fn check(graph: &TemporalGraph, slice: &Slice, format: super::ImageFormat) -> Result<()> {
    if format != super::ImageFormat::Svg {
        return Ok(());
    }
    let bad = |v: &str| v.chars().find(|&c| !is_xml_char(c) && !c.is_ascii_control());
    let check = |record: &dyn Fn() -> String, field: &str, value: &str| match bad(value) {
        Some(c) => Err(Error::unrepresentable("SVG", &record(), field, value, c)),
        None => Ok(()),
    };
    for &n in &slice.actors {
        let a = graph.actor(n);
        let record = || format!("actor \"{}\"", crate::error::printable(&a.id));
        check(&record, "id", &a.id)?;
        check(&record, "name", &a.name)?;
        for name in &a.names {
            check(&record, "names", &name.name)?;
        }
        check(&record, "full_name", a.full_name.as_deref().unwrap_or_default())?;
    }
    Ok(())
}

/// One actor of a picture.
#[derive(Debug, Clone)]
pub struct SceneActor {
    /// Its id (the node's name, so the SVG's titles are the actors' ids).
    pub id: String,
    /// Its label, wrapped.
    pub label: String,
    pub kind: ActorKind,
    /// The tooltip: full name, kind and years.
    pub tooltip: String,
    /// Whether a link of the picture touches it; the others stand in a row apart.
    pub linked: bool,
    /// Whether a scenario added it: a hypothesis, drawn with a dashed outline.
    pub hypothesis: bool,
}

/// One link of a picture, between two actors of [`Scene::actors`] (by index).
#[derive(Debug, Clone)]
pub struct SceneLink {
    pub from: usize,
    pub to: usize,
    pub kind: LinkKind,
    pub confidence: Confidence,
    /// The label drawn on it.
    pub label: String,
    /// The tooltip: the link's id.
    pub tooltip: String,
}

/// What one picture shows, in the order of the slice.
#[derive(Debug, Clone)]
pub struct Scene {
    pub actors: Vec<SceneActor>,
    pub links: Vec<SceneLink>,
}

/// The actor kinds, link kinds and confidences a legend lists.
pub type Kinds = (BTreeSet<ActorKind>, BTreeSet<LinkKind>, BTreeSet<Confidence>);

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegendPlace {
    /// Right of the drawing, or below it when that draws the picture larger on its size.
    #[default]
    Auto,
    /// Right of the drawing, in as many columns as its height needs.
    Right,
    /// Left of the drawing.
    Left,
    /// Above the drawing, in rows as wide as the drawing.
    Top,
    /// Below the drawing.
    Bottom,
    /// No legend.
    None,
}

/// A node's place and size, in points (centre, y upwards).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Placed {
    /// Left, bottom, right, top.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        (
            self.x - self.width / 2.0,
            self.y - self.height / 2.0,
            self.x + self.width / 2.0,
            self.y + self.height / 2.0,
        )
    }
}

/// The name of the `i`th label node.
pub fn label_node(i: usize) -> String {
    format!("mesograph:link:{i}")
}

impl Scene {
    /// The scene of `slice`: names as of the slice's last year (wrapped), link labels as the
    /// kinds' (with years over the whole history), unless `link_labels` is off.
    pub fn of(graph: &TemporalGraph, slice: &Slice, link_labels: bool) -> Scene {
        let mut index = vec![usize::MAX; graph.graph().node_count()];
        let mut actors = Vec::with_capacity(slice.actors.len());
        for (i, &n) in slice.actors.iter().enumerate() {
            index[n.index()] = i;
            let a = graph.actor(n);
            let name = slice.scope.naming_year().map_or(a.name.as_str(), |y| a.name_in(y));
            let label = match slice.scope {
                Scope::All => format!("{}\n{}", wrap(name, WRAP), a.lifetime()),
                _ => wrap(name, WRAP),
            };
            let hypothesis = graph.from_scenario(n);
            let tooltip = format!(
                "{} ({}, {}){}",
                a.full_name.as_deref().unwrap_or(name),
                a.kind.label(),
                a.lifetime(),
                if hypothesis { " — a scenario's hypothesis" } else { "" }
            );
            actors.push(SceneActor {
                id: a.id.clone(),
                label,
                kind: a.kind,
                tooltip,
                linked: false,
                hypothesis,
            });
        }
        let mut links = Vec::with_capacity(slice.links.len());
        for &e in &slice.links {
            let l = graph.link(e);
            let (from, to) = graph.endpoints(e);
            let (from, to) = (index[from.index()], index[to.index()]);
            if from == usize::MAX || to == usize::MAX {
                continue;
            }
            actors[from].linked = true;
            actors[to].linked = true;
            let label = match (link_labels, slice.scope) {
                (false, _) => String::new(),
                (true, Scope::All) => format!("{} {}", l.kind.label(), l.lifetime()),
                (true, _) => l.kind.label(),
            };
            links.push(SceneLink {
                from,
                to,
                kind: l.kind,
                confidence: l.confidence,
                label,
                tooltip: l.id(),
            });
        }
        Scene { actors, links }
    }

    /// The kinds the picture shows, for its legend.
    pub fn kinds(&self) -> Kinds {
        (
            self.actors.iter().map(|a| a.kind).collect(),
            self.links.iter().map(|l| l.kind).collect(),
            self.links.iter().map(|l| l.confidence).collect(),
        )
    }

    fn actor_node(&self, out: &mut String, name: &str, i: usize, pos: Option<&Placed>, pin: bool) {
        let a = &self.actors[i];
        let (shape, fill) = actor_style(a.kind);
        let _ = write!(
            out,
            "  {} [label={}, shape={shape}, fillcolor=\"{fill}\", tooltip={}",
            escape(name),
            escape(&a.label),
            escape(&a.tooltip)
        );
        if a.hypothesis {
            let _ = write!(
                out,
                ", style=\"filled,{HYPOTHESIS_OUTLINE}\", penwidth={HYPOTHESIS_PENWIDTH}"
            );
        }
        if let Some(p) = pos {
            let _ = write!(out, ", pos=\"{:.2},{:.2}{}\"", p.x, p.y, if pin { "!" } else { "" });
        }
        out.push_str("];\n");
    }

    fn label_node(&self, out: &mut String, i: usize, pos: Option<&Placed>, pin: bool) {
        let l = &self.links[i];
        let _ = write!(
            out,
            "  {} [label={}, shape=plaintext, style=\"\", fontsize={SMALL_FONT}, fontcolor=\"{}\", \
             width=0.1, height=0.1, margin=\"0.03,0.01\", tooltip={}",
            escape(&label_node(i)),
            escape(&l.label),
            link_colour(l.kind),
            escape(&l.tooltip)
        );
        if let Some(p) = pos {
            let _ = write!(out, ", pos=\"{:.2},{:.2}{}\"", p.x, p.y, if pin { "!" } else { "" });
        }
        out.push_str("];\n");
    }

    fn has_label(&self, i: usize) -> bool {
        !self.links[i].label.is_empty()
    }

    /// The DOT of the arrangement pass (`neato`, see `crate::render`): linked actors starting
    /// at `start` (by actor; `None` for the others, left out), link labels half-way between
    /// their ends, each half of a link `len` inches long at rest. Nodes are named `aN` and `lN`, so that the positions read back need no
    /// unescaping.
    pub fn arrangement_dot(&self, start: &[Option<(f64, f64)>], len: f64) -> String {
        let mut out = header();
        let _ = writeln!(out, "  edge [len={len}];");
        let place = |i: usize| start.get(i).copied().flatten();
        for i in 0..self.actors.len() {
            if let Some((x, y)) = place(i) {
                self.actor_node(&mut out, &format!("a{i}"), i, Some(&at(x, y)), false);
            }
        }
        for (i, l) in self.links.iter().enumerate() {
            let (Some((x1, y1)), Some((x2, y2))) = (place(l.from), place(l.to)) else { continue };
            if self.has_label(i) {
                // Parallel links would start on the same point: a small step apart.
                let step = (i % 7) as f64 * 0.7;
                let mut node = String::new();
                let mid = at((x1 + x2) / 2.0 + step, (y1 + y2) / 2.0 + step);
                self.label_node(&mut node, i, Some(&mid), false);
                out.push_str(&node.replacen(&escape(&label_node(i)), &format!("l{i}"), 1));
                let _ = writeln!(out, "  a{} -> l{i};\n  l{i} -> a{};", l.from, l.to);
            } else {
                let _ = writeln!(out, "  a{} -> a{};", l.from, l.to);
            }
        }
        out.push_str("}\n");
        out
    }

    /// The DOT that measures the actors `which` (`neato -n2`): each pinned apart, named `aN`.
    pub fn measure_dot(&self, which: &[usize]) -> String {
        let mut out = header();
        for (k, &i) in which.iter().enumerate() {
            self.actor_node(&mut out, &format!("a{i}"), i, Some(&at(k as f64 * 1000.0, 0.0)), true);
        }
        out.push_str("}\n");
        out
    }

    /// The DOT of the final picture, every node pinned (`neato -n2`): actors at `actors`, labels
    /// at `labels`, then `extra` (legend, title, frame corners) as written by [`Decor`].
    pub fn drawing_dot(
        &self,
        actors: &[Placed],
        labels: &[Option<Placed>],
        extra: &str,
        graph_attrs: &str,
    ) -> String {
        let mut out = header();
        out.push_str(graph_attrs);
        for (i, a) in self.actors.iter().enumerate() {
            self.actor_node(&mut out, &a.id, i, actors.get(i), true);
        }
        for (i, l) in self.links.iter().enumerate() {
            let from = escape(&self.actors[l.from].id);
            let to = escape(&self.actors[l.to].id);
            let style = format!(
                "color=\"{c}\", style={}, tooltip={}{}",
                link_style(l.kind, l.confidence),
                escape(&l.tooltip),
                if link_bold(l.kind) { ", penwidth=2.5" } else { "" },
                c = link_colour(l.kind),
            );
            let head = link_arrowhead(l.kind);
            match labels.get(i).copied().flatten() {
                Some(p) if self.has_label(i) => {
                    self.label_node(&mut out, i, Some(&p), true);
                    let mid = escape(&label_node(i));
                    let _ = writeln!(out, "  {from} -> {mid} [{style}, arrowhead=none];");
                    let _ = writeln!(out, "  {mid} -> {to} [{style}, arrowhead={head}];");
                }
                _ => {
                    let _ = writeln!(out, "  {from} -> {to} [{style}, arrowhead={head}];");
                }
            }
        }
        out.push_str(extra);
        out.push_str("}\n");
        out
    }
}

fn at(x: f64, y: f64) -> Placed {
    Placed { x, y, width: 0.0, height: 0.0 }
}

fn header() -> String {
    format!(
        "digraph mesograph {{\n  graph [fontname=\"Helvetica\", outputorder=edgesfirst];\n  \
         node [style=\"filled\", fontname=\"Helvetica\", fontsize={ACTOR_FONT}, penwidth=1.2, \
         width=0.3, height=0.3, margin=\"0.08,0.04\"];\n  \
         edge [fontname=\"Helvetica\", penwidth=1.6, arrowsize=0.9];\n"
    )
}

/// The size of a legend cell, in points.
pub const CELL: (f64, f64) = (160.0, 22.0);

/// What surrounds the drawing: legend, title, subtitle, frame corners; as pinned DOT nodes.
#[derive(Debug, Default)]
pub struct Decor {
    pub dot: String,
}

impl Decor {
    /// A line of text centred at `(x, y)`.
    pub fn text(&mut self, id: &str, text: &str, x: f64, y: f64, size: f64, bold: bool) {
        let _ = writeln!(
            self.dot,
            "  {} [label={}, shape=plaintext, style=\"\", fontsize={size}, fontname=\"{}\", \
             margin=0, pos=\"{x:.2},{y:.2}!\"];",
            escape(&format!("mesograph:{id}")),
            escape(text),
            if bold { "Helvetica-Bold" } else { "Helvetica" }
        );
    }

    /// A line of text starting at `left`, centred on `y`, in a box `width` wide.
    pub fn text_left(
        &mut self,
        id: &str,
        text: &str,
        (left, y): (f64, f64),
        width: f64,
        size: f64,
        bold: bool,
    ) {
        // A fixed box, its text left-justified (`\l`).
        let label = escape(text);
        let _ = writeln!(
            self.dot,
            "  {} [label={}\\l\", shape=plaintext, style=\"\", fontsize={size}, fontname=\"{}\", \
             margin=0, width={:.2}, height={:.2}, fixedsize=true, pos=\"{:.2},{y:.2}!\"];",
            escape(&format!("mesograph:{id}")),
            &label[..label.len() - 1],
            if bold { "Helvetica-Bold" } else { "Helvetica" },
            width / 72.0,
            size * 1.2 / 72.0,
            left + width / 2.0,
        );
    }

    /// An invisible point that widens the frame to `(x, y)`.
    pub fn corner(&mut self, id: &str, x: f64, y: f64) {
        let _ = writeln!(
            self.dot,
            "  {} [label=\"\", shape=point, width=0.01, style=invis, pos=\"{x:.2},{y:.2}!\"];",
            escape(&format!("mesograph:corner:{id}"))
        );
    }

    /// The legend entries of the kinds shown, each in a cell whose top-left corner is given by
    /// `cell(i)`.
    pub fn legend(&mut self, kinds: &Kinds, cell: impl Fn(usize) -> (f64, f64)) {
        let (w, h) = CELL;
        let mut i = 0;
        for &k in &kinds.0 {
            let (x, y) = cell(i);
            let (shape, fill) = actor_style(k);
            let _ = writeln!(
                self.dot,
                "  {} [label={}, shape={shape}, fillcolor=\"{fill}\", fontsize={SMALL_FONT}, \
                 width={:.2}, height={:.2}, fixedsize=true, pos=\"{:.2},{:.2}!\"];",
                escape(&format!("mesograph:legend:{k}")),
                escape(&k.label()),
                (w - 16.0) / 72.0,
                (h - 6.0) / 72.0,
                x + w / 2.0 - 4.0,
                y - h / 2.0
            );
            i += 1;
        }
        let sample = |dot: &mut String, id: &str, text: &str, attrs: String, i: usize| {
            let (x, y) = cell(i);
            let y = y - h / 2.0;
            for (end, ex) in [("from", x + 2.0), ("to", x + 40.0)] {
                let _ = writeln!(
                    dot,
                    "  {} [label=\"\", shape=point, width=0.01, style=invis, pos=\"{ex:.2},{y:.2}!\"];",
                    escape(&format!("mesograph:legend:{id}:{end}"))
                );
            }
            let _ = writeln!(
                dot,
                "  {} -> {} [{attrs}, penwidth=2];",
                escape(&format!("mesograph:legend:{id}:from")),
                escape(&format!("mesograph:legend:{id}:to"))
            );
            // Left-aligned text: a fixed box starting after the sample line.
            let _ = writeln!(
                dot,
                "  {} [label={}, shape=plaintext, style=\"\", fontsize={SMALL_FONT}, \
                 width={:.2}, height={:.2}, fixedsize=true, pos=\"{:.2},{y:.2}!\"];",
                escape(&format!("mesograph:legend:{id}:label")),
                format_args!("{}\\l\"", &escape(text)[..escape(text).len() - 1]),
                (w - 52.0) / 72.0,
                (h - 8.0) / 72.0,
                x + 48.0 + (w - 52.0) / 2.0
            );
        };
        for &k in &kinds.1 {
            let mut attrs =
                format!("color=\"{}\", arrowhead={}", link_colour(k), link_arrowhead(k));
            let style = link_style(k, Confidence::Stated);
            if style != "solid" {
                let _ = write!(attrs, ", style={style}");
            }
            // A link kind's sample is named by its id, unless an actor kind or a confidence
            // already names one so.
            let taken = kinds.0.iter().any(|a| a.as_str() == k.as_str())
                || ["stated", "inferred", "proposed"].contains(&k.as_str());
            let id = if taken { format!("link:{k}") } else { k.to_string() };
            sample(&mut self.dot, &id, &k.label(), attrs, i);
            i += 1;
        }
        for &c in kinds.2.iter().filter(|&&c| c != Confidence::Stated) {
            let attrs = format!("color=\"#555555\", style={}, arrowhead=none", confidence_style(c));
            sample(&mut self.dot, c.as_str(), c.as_str(), attrs, i);
            i += 1;
        }
    }
}

/// How many legend entries the kinds make.
pub fn legend_len(kinds: &Kinds) -> usize {
    kinds.0.len() + kinds.1.len() + kinds.2.iter().filter(|&&c| c != Confidence::Stated).count()
}
