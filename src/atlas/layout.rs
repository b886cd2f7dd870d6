//! The atlas drawing, computed without any external program: one lane per actor kind, one column
//! per year in which an actor was created, actors packed into rows inside their lane so that no
//! two boxes overlap, links as curves between box borders. Computed once for the whole history,
//! so an actor sits in the same place whatever the year shown.
//!
//! Columns are years *with a creation*, in order, not a linear time axis: the 1930s–1990s hold
//! a handful of actors and would otherwise take most of the width.

use crate::graph::{Slice, TemporalGraph};
use crate::model::Year;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Margin on the left of the first column. The lane titles sit in the head of their lane, above
/// its rows, so that the columns start at the left edge and the drawing stays narrow enough to
/// read its names when it fits the width of a laptop's window.
const LEFT: f64 = 12.0;
/// Height of the year axis on top.
const TOP: f64 = 44.0;
/// Width of one year column: narrower than most boxes (which then take the next row of their
/// lane), so that the whole history is about a thousand pixels wide.
const COLUMN: f64 = 36.0;
/// Height of one row of actors inside a lane.
const ROW: f64 = 30.0;
/// Height of an actor box.
const BOX: f64 = 22.0;
/// Space on top of a lane's rows, for its title (which stays in view when the page scrolls, so
/// it must not sit on an actor).
const LANE_HEAD: f64 = 18.0;
/// Space below the rows of a lane.
const LANE_PAD: f64 = 6.0;
/// Horizontal space kept between two boxes of one row.
const GAP: f64 = 10.0;
/// Space on the right of the widest box.
const RIGHT: f64 = 30.0;
/// Labels longer than this are cut with an ellipsis (the full name is in the tooltip and panel).
pub const MAX_LABEL_CHARS: usize = 24;

/// A horizontal band holding the actors of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lane {
    /// The actor kind, as in the data (`computing_centre`).
    pub kind: &'static str,
    /// Top of the band.
    pub y: f64,
    /// Height of the band.
    pub h: f64,
}

/// A year column: actors created that year start at `x`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// The year.
    pub year: Year,
    /// Left edge of the column.
    pub x: f64,
}

/// Where an actor's box is drawn (top-left corner, size), in pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorBox {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width: room for the longest of its names, as cut to `MAX_LABEL_CHARS`.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// How a link is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkPath {
    /// SVG path data, from the border of one box to the border of the other.
    pub d: String,
    /// The years the link is really active (its interval clipped to both actors'): first and
    /// last, `None` when open; absent when the link is never active.
    pub active: Option<(Year, Option<Year>)>,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// Left edge of the columns (the lane titles are left of it).
    pub left: f64,
    /// Top of the first lane (the year axis is above it).
    pub top: f64,
    /// The lanes, in the order of the actor kinds.
    pub lanes: Vec<Lane>,
    /// The year columns, in year order.
    pub columns: Vec<Column>,
    /// The cut applied to labels, which the page applies the same way.
    pub label_chars: usize,
    /// Actor id → box.
    pub actors: BTreeMap<String, ActorBox>,
    /// Link id → path.
    pub links: BTreeMap<String, LinkPath>,
}

/// `name` cut to [`MAX_LABEL_CHARS`] characters, with an ellipsis when cut.
pub fn cut(name: &str) -> String {
    if name.chars().count() <= MAX_LABEL_CHARS {
        return name.to_string();
    }
    let mut s: String = name.chars().take(MAX_LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

/// A generous estimate of the width of `text` in the page's 12px sans-serif font. The page
/// squeezes a text that still comes out wider (SVG `textLength`), so an estimate is enough.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | ' ' => 3.8,
            'f' | 't' | 'r' | '(' | ')' | '-' => 4.6,
            'm' | 'w' => 10.2,
            'M' | 'W' | '@' => 11.0,
            c if c.is_ascii_uppercase() => 8.4,
            c if c.is_ascii_digit() => 7.2,
            _ => 6.9,
        })
        .sum()
}

/// The point where the ray from the centre of a box towards `(tx, ty)` leaves the box.
fn border(cx: f64, cy: f64, hw: f64, hh: f64, tx: f64, ty: f64) -> (f64, f64) {
    let (dx, dy) = (tx - cx, ty - cy);
    if dx.abs() < f64::EPSILON && dy.abs() < f64::EPSILON {
        return (cx, cy);
    }
    let sx = if dx.abs() < f64::EPSILON { f64::INFINITY } else { hw / dx.abs() };
    let sy = if dy.abs() < f64::EPSILON { f64::INFINITY } else { hh / dy.abs() };
    let s = sx.min(sy);
    (cx + dx * s, cy + dy * s)
}

/// Lays out the actors and links of `slice` (the whole history, or what a filter keeps of it).
/// Deterministic: the same graph and slice give the same layout.
pub fn layout(graph: &TemporalGraph, slice: &Slice) -> Layout {
    let kept = || slice.actors.iter().map(|&n| graph.actor(n));
    let years: BTreeSet<Year> = kept().map(|a| a.start).collect();
    let columns: Vec<Column> = years
        .iter()
        .enumerate()
        .map(|(i, &year)| Column { year, x: LEFT + i as f64 * COLUMN })
        .collect();
    let column_x: BTreeMap<Year, f64> = columns.iter().map(|c| (c.year, c.x)).collect();

    let mut lanes = Vec::new();
    let mut actors = BTreeMap::new();
    let mut y = TOP;
    let mut width = LEFT + columns.len() as f64 * COLUMN;
    for &kind in graph.vocabulary().actor_kinds() {
        let mut members: Vec<_> = kept().filter(|a| a.kind == kind).collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        // Interval partitioning: in start order, first fit is optimal.
        let mut row_ends: Vec<f64> = Vec::new();
        let mut placed = Vec::with_capacity(members.len());
        for a in members {
            let label_width = std::iter::once(a.name.as_str())
                .chain(a.names.iter().map(|n| n.name.as_str()))
                .map(|n| text_width(&cut(n)))
                .fold(0.0, f64::max);
            let w = (label_width + 16.0).ceil();
            let x = column_x.get(&a.start).copied().unwrap_or(LEFT) + 3.0;
            let row = match row_ends.iter().position(|&end| end + GAP <= x) {
                Some(r) => r,
                None => {
                    row_ends.push(0.0);
                    row_ends.len() - 1
                }
            };
            row_ends[row] = x + w;
            width = width.max(x + w);
            placed.push((a.id.clone(), x, row, w));
        }
        let h = LANE_HEAD + row_ends.len() as f64 * ROW + LANE_PAD;
        for (id, x, row, w) in placed {
            let top = y + LANE_HEAD + row as f64 * ROW + (ROW - BOX) / 2.0;
            actors.insert(id, ActorBox { x, y: top, w, h: BOX });
        }
        lanes.push(Lane { kind: kind.as_str(), y, h });
        y += h;
    }

    // Links: a curve bowed to one side of the line between the two boxes; parallel links of a
    // pair bow further, each by its rank in id order, so none hides another.
    let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut links = BTreeMap::new();
    for &e in &slice.links {
        let l = graph.link(e);
        let (Some(a), Some(b)) = (actors.get(l.from.as_str()), actors.get(l.to.as_str())) else {
            continue;
        };
        let key =
            if l.from <= l.to { (l.from.as_str(), l.to.as_str()) } else { (&*l.to, &*l.from) };
        let rank = pairs.entry(key).or_insert(0);
        let bow = 18.0 + 16.0 * *rank as f64;
        *rank += 1;
        let (ax, ay) = (a.x + a.w / 2.0, a.y + a.h / 2.0);
        let (bx, by) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let d = if l.from == l.to {
            let (x, top) = (a.x + a.w / 2.0, a.y);
            // Coordinates in pixels to one decimal, written in place.
            format!(
                "M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
                x - 6.0,
                top,
                x - 20.0,
                top - bow - 10.0,
                x + 20.0,
                top - bow - 10.0,
                x + 6.0,
                top
            )
        } else {
            // The bow's side follows the pair's id order, not the link's direction, so that
            // links in both directions bow apart.
            let (ux, uy) = if l.from <= l.to { (bx - ax, by - ay) } else { (ax - bx, ay - by) };
            let len = (ux * ux + uy * uy).sqrt().max(1.0);
            let (mx, my) = ((ax + bx) / 2.0, (ay + by) / 2.0);
            let (cx, cy) = (mx - uy / len * bow, my + ux / len * bow);
            let (sx, sy) = border(ax, ay, a.w / 2.0, a.h / 2.0, cx, cy);
            let (tx, ty) = border(bx, by, b.w / 2.0, b.h / 2.0, cx, cy);
            format!("M{sx:.1} {sy:.1} Q{cx:.1} {cy:.1} {tx:.1} {ty:.1}")
        };
        let active = graph.link_active(e).map(|life| (life.start, life.end));
        links.insert(l.id(), LinkPath { d, active });
    }

    Layout {
        width: (width + RIGHT).ceil(),
        height: y + LANE_PAD,
        left: LEFT,
        top: TOP,
        lanes,
        columns,
        label_chars: MAX_LABEL_CHARS,
        actors,
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Scope;

    fn overlap(a: &ActorBox, b: &ActorBox) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn no_two_actors_overlap_and_each_sits_in_its_lane_and_column() {
        let graph = TemporalGraph::new(crate::load(None).unwrap());
        let l = layout(&graph, &graph.slice(Scope::All));
        assert_eq!(l.actors.len(), graph.graph().node_count());
        let boxes: Vec<(&String, &ActorBox)> = l.actors.iter().collect();
        for (i, (id, a)) in boxes.iter().enumerate() {
            for (other, b) in &boxes[i + 1..] {
                assert!(!overlap(a, b), "{id} overlaps {other}");
            }
            let actor = graph.actor(graph.node(id).unwrap());
            let lane = l.lanes.iter().find(|lane| lane.kind == actor.kind.as_str()).unwrap();
            assert!(lane.y <= a.y && a.y + a.h <= lane.y + lane.h, "{id} outside its lane");
            let column = l.columns.iter().find(|c| c.year == actor.start).unwrap();
            assert!(column.x <= a.x && a.x < column.x + COLUMN, "{id} outside its column");
            assert!(a.x + a.w <= l.width && a.y + a.h <= l.height);
        }
        assert_eq!(l.links.len(), graph.graph().edge_count());
        assert_eq!(layout(&graph, &graph.slice(Scope::All)), l, "deterministic");
    }

    #[test]
    fn a_filtered_slice_is_laid_out_alone() {
        let graph = TemporalGraph::new(crate::load(None).unwrap());
        let all = layout(&graph, &graph.slice(Scope::All));
        let filter = crate::Filter {
            without_actor_kinds: vec![crate::ActorKind::Person],
            ..Default::default()
        };
        let kept = filter.apply(&graph, graph.slice(Scope::All)).slice;
        let l = layout(&graph, &kept);
        assert_eq!(l.actors.len(), kept.actors.len());
        assert_eq!(l.links.len(), kept.links.len());
        assert!(l.lanes.iter().all(|lane| lane.kind != "person"));
        assert!(l.height < all.height, "{} < {}", l.height, all.height);
    }

    #[test]
    fn long_names_are_cut() {
        assert_eq!(cut("GENCI"), "GENCI");
        let long = "Le calcul dans les laboratoires de recherche";
        let c = cut(long);
        assert_eq!(c.chars().count(), MAX_LABEL_CHARS);
        assert!(c.ends_with('…'));
    }

    #[test]
    fn link_ends_sit_on_box_borders() {
        assert_eq!(border(0.0, 0.0, 10.0, 5.0, 100.0, 0.0), (10.0, 0.0));
        assert_eq!(border(0.0, 0.0, 10.0, 5.0, 0.0, -50.0), (0.0, -5.0));
        assert_eq!(border(0.0, 0.0, 10.0, 5.0, 0.0, 0.0), (0.0, 0.0));
    }
}
