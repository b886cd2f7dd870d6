//! Arranging a picture: the actors a year links placed from the history's layout and moved
//! apart with their link labels, the actors without a link in rows below, and the frame that
//! holds every year of the history in one place.

use super::picture::{self, CELL, Placed, Scene, legend_len};
use super::*;
use crate::error::Result;
use crate::graph::{Scope, Slice, TemporalGraph};
use std::collections::BTreeMap;

/// The arrangement pass of one picture (`neato`): from the given places (in points), the
/// Kamada-Kawai model with short links draws the picture together, then prism moves actors and
/// labels apart until nothing overlaps, with 3 points of air.
pub(super) const ARRANGE_FLAGS: &[&str] = &[
    "-Ginputscale=72",
    "-Gmode=KK",
    "-Goverlap=prism",
    "-Goverlap_scaling=0",
    "-Gsep=+3",
    "-Gsplines=false",
    "-Tjson0",
];

/// What stands above the drawing: the title, and the stamp when [`Options::stamp`] asks for it.
#[derive(Debug, Clone)]
pub(super) struct Head<'a> {
    pub(super) title: &'a str,
    /// The characters of the widest title the frame makes room for: the title's own, or in the
    /// history's frame the widest of any year's, so that every year has the same canvas.
    pub(super) widest: usize,
    /// The scope written large, and the counts of actors and links drawn.
    pub(super) stamp: Option<(String, usize, usize)>,
}

impl<'a> Head<'a> {
    pub(super) fn new(title: &'a str, scene: &Scene, scope: Scope, options: &Options) -> Head<'a> {
        Head {
            title,
            widest: title.chars().count(),
            stamp: options
                .stamp
                .then(|| (scope.to_string(), scene.actors.len(), scene.links.len())),
        }
    }
}

/// The frame of a picture: where its actors and labels stand and its box, before decoration.
#[derive(Debug, Clone)]
pub(super) struct Arranged {
    pub(super) actors: Vec<Placed>,
    pub(super) labels: Vec<Option<Placed>>,
    /// Left, bottom, right, top of all that is drawn.
    pub(super) bounds: (f64, f64, f64, f64),
    /// The same of the linked actors and the labels, above the rows of the others.
    pub(super) linked: (f64, f64, f64, f64),
}

pub(super) fn union(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

pub(super) const EMPTY: (f64, f64, f64, f64) =
    (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);

/// Runs the arrangement pass of `scene` from `start` (per actor; `None` for actors that are
/// measured only) and lays the unplaced actors out in rows below, by name, as wide as the
/// drawing and what stands `beside` it (left, right: the legend).
pub(super) fn arrange(
    scene: &Scene,
    start: &[Option<(f64, f64)>],
    len: f64,
    beside: (f64, f64),
) -> Result<Arranged> {
    let mut placed = BTreeMap::new();
    if start.iter().any(Option::is_some) {
        let json = run(NEATO, ARRANGE_FLAGS, scene.arrangement_dot(start, len).as_bytes())?;
        placed = read_positions(&json)?;
    }
    let unplaced: Vec<usize> = (0..scene.actors.len()).filter(|&i| start[i].is_none()).collect();
    if !unplaced.is_empty() {
        let json = run(NEATO, &["-n2", "-Tjson0"], scene.measure_dot(&unplaced).as_bytes())?;
        placed.extend(read_positions(&json)?);
    }
    let get = |name: String| {
        placed.get(&name).copied().ok_or_else(|| bad_layout(format!("{name} was not placed")))
    };
    let mut actors =
        (0..scene.actors.len()).map(|i| get(format!("a{i}"))).collect::<Result<Vec<_>>>()?;
    let labels: Vec<Option<Placed>> =
        (0..scene.links.len()).map(|i| placed.get(&format!("l{i}")).copied()).collect();
    let mut bounds = EMPTY;
    for p in actors.iter().enumerate().filter(|(i, _)| start[*i].is_some()).map(|(_, p)| p) {
        bounds = union(bounds, p.bounds());
    }
    for p in labels.iter().flatten() {
        bounds = union(bounds, p.bounds());
    }
    let linked = bounds;
    let bounds = union(bounds, place_rows(scene, &mut actors, unplaced, linked, beside));
    Ok(Arranged { actors, labels, bounds, linked })
}

/// Places the actors `rest` of `scene` in rows below `linked` (the box of the linked actors),
/// sorted by name, as wide as the drawing and what stands `beside` it (left, right: the legend),
/// at least 900 points; returns the box of the rows.
pub(super) fn place_rows(
    scene: &Scene,
    actors: &mut [Placed],
    mut rest: Vec<usize>,
    linked: (f64, f64, f64, f64),
    beside: (f64, f64),
) -> (f64, f64, f64, f64) {
    let mut bounds = EMPTY;
    rest.sort_by_key(|&i| (scene.actors[i].label.to_lowercase(), i));
    if rest.is_empty() {
        return bounds;
    }
    let (left, right) =
        if linked.0.is_finite() { (linked.0 - beside.0, linked.2 + beside.1) } else { (0.0, 0.0) };
    let width = (right - left).max(900.0);
    // Apart enough that the tabs some shapes draw outside their box (a research unit's) touch
    // nothing.
    let gap = 12.0;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for &i in &rest {
        let w = actors[i].width;
        if used > 0.0 && used + gap + w > width {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += if used > 0.0 { gap } else { 0.0 } + w;
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
    }
    let mut top = if linked.1.is_finite() { linked.1 - 24.0 } else { 0.0 };
    for row in rows {
        let w: f64 = row.iter().map(|&i| actors[i].width).sum::<f64>()
            + gap * (row.len().saturating_sub(1)) as f64;
        let h = row.iter().map(|&i| actors[i].height).fold(0.0, f64::max);
        let mut x = left + (right - left - w) / 2.0;
        for &i in &row {
            let p = &mut actors[i];
            p.x = x + p.width / 2.0;
            p.y = top - h / 2.0;
            x += p.width + gap;
            bounds = union(bounds, p.bounds());
        }
        top -= h + gap;
    }
    bounds
}

/// The room the legend takes beside the drawing (left, right), in points: as tall as most of
/// the target size.
pub(super) fn beside(kinds: &picture::Kinds, options: &Options) -> (f64, f64) {
    let n = legend_len(kinds);
    let (_, th) = target(options);
    let legend = if n == 0 {
        0.0
    } else {
        n.div_ceil(((th * 0.6 / CELL.1) as usize).max(8)) as f64 * CELL.0 + 36.0
    };
    match options.legend {
        LegendPlace::Right | LegendPlace::Auto => (0.0, legend),
        LegendPlace::Left => (legend, 0.0),
        _ => (0.0, 0.0),
    }
}

/// The places of `scene` in its own frame: the linked actors where the history's layout put
/// them, scaled by `compress` (and `stretch` sideways), then drawn together and moved apart.
pub(super) fn arrange_year(
    scene: &Scene,
    pins: &Pins,
    compress: f64,
    (stretch, len): (f64, f64),
    beside: (f64, f64),
) -> Result<Arranged> {
    let start: Vec<Option<(f64, f64)>> = scene
        .actors
        .iter()
        .map(|a| {
            let place = pins.positions.get(&a.id);
            a.linked.then(|| place.map(|&(x, y)| (x * compress * stretch, y * compress)))
        })
        .map(Option::flatten)
        .collect();
    arrange(scene, &start, len, beside)
}

/// The arrangements tried in turn: how much wider than the history's layout it starts (a slide
/// is wider than the layout of most years, and a wider start gives a wider picture), and the
/// length of half a link at rest (inches; shorter draws the picture closer together).
pub(super) const TRIES: &[(f64, f64)] = &[
    (1.0, 0.3),
    (1.6, 0.3),
    (2.4, 0.3),
    (0.7, 0.3),
    (1.0, 0.2),
    (1.6, 0.2),
    (2.4, 0.2),
    (3.2, 0.3),
    (0.5, 0.3),
    (0.5, 0.2),
    (0.35, 0.2),
];

/// The arrangement of `scene` drawn at the largest scale on the target size, among those
/// of the [`TRIES`] from the history's places (the first drawn at full size wins).
pub(super) fn best_arrangement(
    scene: &Scene,
    pins: &Pins,
    options: &Options,
    head: &Head,
) -> Result<Arranged> {
    let (tw, th) = target(options);
    let mut year_box = EMPTY;
    for a in scene.actors.iter().filter(|a| a.linked) {
        if let Some(&(x, y)) = pins.positions.get(&a.id) {
            year_box = union(year_box, (x, y, x, y));
        }
    }
    let compress = fit(year_box, tw * 0.7, th * 0.7);
    let kinds = scene.kinds();
    let beside = beside(&kinds, options);
    let mut best: Option<(f64, Arranged)> = None;
    for &try_ in TRIES {
        let arranged = arrange_year(scene, pins, compress, try_, beside)?;
        let (legend, arranged) = legend_place(scene, &arranged, &kinds, options, head);
        let (_, b) = decorate(&arranged, &kinds, &Options { legend, ..options.clone() }, head);
        let scale = (tw / (b.2 - b.0)).min(th / (b.3 - b.1));
        if best.as_ref().is_none_or(|(s, _)| scale > *s) {
            best = Some((scale, arranged));
        }
        if scale >= 1.0 || scene.links.is_empty() {
            break;
        }
    }
    best.map(|(_, a)| a).ok_or_else(|| bad_layout("nothing to arrange"))
}

/// The places of the whole history's actors and links, which pictures with
/// [`Frame::History`] reuse: one layout for every year, so nothing moves.
#[derive(Debug, Clone)]
pub struct HistoryFrame {
    pub(super) actors: BTreeMap<String, Placed>,
    pub(super) labels: BTreeMap<String, Placed>,
    pub(super) bounds: (f64, f64, f64, f64),
    pub(super) linked: (f64, f64, f64, f64),
    /// The legend's place, the same every year.
    pub(super) legend: LegendPlace,
    pub(super) kinds: picture::Kinds,
    /// The characters of the widest title of any year, which the canvas makes room for.
    pub(super) widest: usize,
    /// The place in the rows below of every actor that a year shows without a link.
    pub(super) rows: BTreeMap<String, Placed>,
}

/// Lays out the whole history's actors and link labels once, for [`Frame::History`], with a
/// place in rows below for each actor that a year of the data, or one of `slices`, shows with
/// no link, and room above for the widest of their titles: pictures of any of those years in
/// this frame share their canvas and every actor's place.
///
/// # Errors
/// See [`layout`].
pub fn history_frame(
    graph: &TemporalGraph,
    pins: &Pins,
    slices: &[Slice],
    options: &Options,
) -> Result<HistoryFrame> {
    let mut slice = graph.slice(Scope::All);
    // Labels as a year shows them (the kind, without years).
    slice.scope = graph.span().map_or(Scope::All, |(_, last)| Scope::Year(last));
    let scene = Scene::of(graph, &slice, !options.no_link_labels);
    let years: Vec<Slice> = match graph.span() {
        Some((first, last)) => (first..=last).map(|y| graph.slice(Scope::Year(y))).collect(),
        None => Vec::new(),
    };
    let title = default_title(graph, slice.scope);
    let widest = years
        .iter()
        .chain(slices)
        .map(|s| options.title.clone().unwrap_or_else(|| default_title(graph, s.scope)))
        .map(|t| t.chars().count())
        .fold(title.chars().count(), usize::max);
    let head = Head { widest, ..Head::new(&title, &scene, slice.scope, options) };
    let arranged = best_arrangement(&scene, pins, options, &head)?;
    let actors: BTreeMap<String, Placed> =
        scene.actors.iter().map(|a| a.id.clone()).zip(arranged.actors.iter().copied()).collect();
    // Room below for the rows of the actors no link reaches, as many as the fullest year needs
    // (of the data's span, so that separate runs share the frame, and of `slices`).
    let kinds = scene.kinds();
    let legend = legend_place(&scene, &arranged, &kinds, options, &head).0;
    let side = beside(&kinds, &Options { legend, ..options.clone() });
    // Every actor that some year shows without a link has its own place in the rows below, the
    // same every year: going through the years, nothing moves.
    let mut unlinked = std::collections::BTreeSet::new();
    for slice in years.iter().chain(slices) {
        let year = Scene::of(graph, slice, !options.no_link_labels);
        unlinked.extend(year.actors.into_iter().filter(|a| !a.linked).map(|a| a.id));
    }
    let rest: Vec<usize> =
        (0..scene.actors.len()).filter(|&i| unlinked.contains(&scene.actors[i].id)).collect();
    let mut places = arranged.actors.clone();
    let rows = place_rows(&scene, &mut places, rest.clone(), arranged.linked, side);
    let bounds = union(arranged.linked, rows);
    let rows = rest.iter().map(|&i| (scene.actors[i].id.clone(), places[i])).collect();
    Ok(HistoryFrame {
        actors,
        labels: scene
            .links
            .iter()
            .zip(&arranged.labels)
            .filter_map(|(l, p)| Some((l.tooltip.clone(), (*p)?)))
            .collect(),
        bounds,
        linked: arranged.linked,
        legend,
        kinds,
        widest,
        rows,
    })
}

/// The target size in points: the asked size, or a 1920×1080 slide's.
pub(super) fn target(options: &Options) -> (f64, f64) {
    let (w, h) = options.size.unwrap_or((1920, 1080));
    (f64::from(w) * 0.75, f64::from(h) * 0.75)
}

/// The factor that brings a box into `width` × `height`, at most 1.
pub(super) fn fit(bounds: (f64, f64, f64, f64), width: f64, height: f64) -> f64 {
    let (w, h) = (bounds.2 - bounds.0, bounds.3 - bounds.1);
    if !(w > 0.0 && h > 0.0) {
        return 1.0;
    }
    (width / w).min(height / h).min(1.0)
}
