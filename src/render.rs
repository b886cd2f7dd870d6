//! Pictures of the graph (SVG, PNG, PDF) drawn by Graphviz, run as a separate program.
//!
//! The whole history is laid out once ([`layout`]: `neato` on the all-years graph, positions
//! read back as JSON). A picture of one year ([`Frame::Year`]) starts its linked actors there,
//! adds a node for each link label half-way along its link, and lets `neato` draw them together
//! and move them apart (the arrangement pass, see `ARRANGE_FLAGS`); the actors no link reaches
//! go in rows below; legend and title are placed around; then the final pass pins every node
//! (`neato -n2`) and only routes the links. [`Frame::History`] arranges the whole history once
//! ([`history_frame`]) and pins every year to it, so nothing moves from one year to the next.
//! Only neato and fdp honour given positions; `dot` ignores them.
//!
//! Graphviz 2.43 (Debian 12) aborts with heap corruption when `neato` removes overlaps and routes
//! splines in one run on this dataset, so the layout and arrangement passes draw straight lines
//! (`splines=false`) and only the pinned pass routes splines.

pub mod animate;
mod picture;

pub use picture::LegendPlace;

use crate::error::{Error, Result};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::style::{WRAP, wrap};
use picture::{CELL, Decor, Placed, STAMP_FONT, SUBTITLE_FONT, Scene, TITLE_FONT, legend_len};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};
use std::str::FromStr;

/// The Debian package that provides the Graphviz programs.
pub const GRAPHVIZ_PACKAGE: &str = "graphviz";

/// The Graphviz layout program: the one that honours pinned positions.
const NEATO: &str = "neato";

/// Graph attributes of the layout pass: overlaps removed with some air between actors, straight
/// lines (see the module note), a fixed seed so the layout is the same at every run.
/// `overlap_scaling=0` keeps prism from first blowing the layout up by four label sizes, which
/// leaves a sparse picture with small text.
const LAYOUT_FLAGS: &[&str] =
    &["-Goverlap=prism", "-Goverlap_scaling=0", "-Gsep=+8", "-Gsplines=false", "-Gstart=7"];

/// The arrangement pass of one picture (`neato`): from the given places (in points), the
/// Kamada-Kawai model with short links draws the picture together, then prism moves actors and
/// labels apart until nothing overlaps, with 3 points of air.
const ARRANGE_FLAGS: &[&str] = &[
    "-Ginputscale=72",
    "-Gmode=KK",
    "-Goverlap=prism",
    "-Goverlap_scaling=0",
    "-Gsep=+3",
    "-Gsplines=false",
    "-Tjson0",
];

/// The picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ImageFormat {
    /// Scalable vector graphics, with tooltips on actors and links.
    Svg,
    /// A bitmap, for slides.
    Png,
    /// A vector document (Graphviz's cairo PDF), for print and slides.
    Pdf,
}

impl ImageFormat {
    /// Every format.
    pub const ALL: &'static [ImageFormat] = &[ImageFormat::Svg, ImageFormat::Png, ImageFormat::Pdf];

    /// The name on the command line, which is also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Pdf => "pdf",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ImageFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<ImageFormat> {
        ImageFormat::ALL.iter().copied().find(|f| f.as_str().eq_ignore_ascii_case(s)).ok_or_else(
            || Error::Request(format!("unknown image format \"{s}\" (expected svg, png or pdf)")),
        )
    }
}

/// Runs `program` with `args`, feeding it `input`, and returns its standard output.
///
/// # Errors
/// [`Error::MissingTool`] when the program is not installed, [`Error::Tool`] with the first line
/// it printed on standard error when it fails.
fn run(program: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::MissingTool { program: program.into(), package: GRAPHVIZ_PACKAGE.into() }
            }
            _ => Error::Tool { program: program.into(), message: e.to_string() },
        })?;
    // Feed standard input from another thread: a large output could otherwise fill its pipe while
    // we are still writing, and both processes would wait for each other.
    let mut stdin = child.stdin.take();
    let output = std::thread::scope(|s| {
        let writer = s.spawn(move || {
            if let Some(stdin) = stdin.as_mut() {
                // A program that stops reading early reports its own error below.
                let _ = stdin.write_all(input);
            }
            drop(stdin);
        });
        let output = child.wait_with_output();
        let _ = writer.join();
        output
    })
    .map_err(|e| Error::Tool { program: program.into(), message: e.to_string() })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().map(str::trim).find(|l| !l.is_empty());
        let message = match first {
            Some(line) => line.to_string(),
            None => format!("exited with {}", output.status),
        };
        return Err(Error::Tool { program: program.into(), message });
    }
    Ok(output.stdout)
}

fn bad_layout(message: impl Into<String>) -> Error {
    Error::Tool { program: NEATO.into(), message: message.into() }
}

/// Two or four comma-separated numbers, as Graphviz writes `pos` and `bb`.
fn numbers(text: &str) -> Option<Vec<f64>> {
    text.split(',').map(|n| n.trim().parse::<f64>().ok().filter(|v| v.is_finite())).collect()
}

/// Positions from the layout of the whole history: the centre of every actor in points
/// (Graphviz's frame, y upwards) and the box around them all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pins {
    /// Actor id → centre `(x, y)` in points.
    pub positions: BTreeMap<String, (f64, f64)>,
    /// The box holding every actor: `(left, bottom, right, top)` in points.
    pub bbox: (f64, f64, f64, f64),
}

/// Reads the positions of the actors back from `neato -Tjson0` output. The box is computed from
/// the actors' own extents.
fn parse_layout(json: &[u8], graph: &TemporalGraph) -> Result<Pins> {
    let placed = read_positions(json)?;
    let mut positions = BTreeMap::new();
    let mut bbox = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for (name, p) in placed {
        let Some(i) = name.strip_prefix('a').and_then(|i| i.parse::<usize>().ok()) else {
            continue;
        };
        if i >= graph.graph().node_count() {
            continue;
        }
        let (l, b, r, t) = p.bounds();
        bbox = (bbox.0.min(l), bbox.1.min(b), bbox.2.max(r), bbox.3.max(t));
        positions.insert(graph.actor(petgraph::graph::NodeIndex::new(i)).id.clone(), (p.x, p.y));
    }
    if positions.len() != graph.graph().node_count() {
        return Err(bad_layout(format!(
            "the layout placed {} of {} actors",
            positions.len(),
            graph.graph().node_count()
        )));
    }
    Ok(Pins { positions, bbox })
}

/// Every named node of a `-Tjson0` output with its centre and size (points).
fn read_positions(json: &[u8]) -> Result<BTreeMap<String, Placed>> {
    let doc: serde_json::Value =
        serde_json::from_slice(json).map_err(|e| bad_layout(format!("unreadable layout: {e}")))?;
    let number = |o: &serde_json::Value, key: &str| {
        o.get(key).and_then(|v| v.as_str()).and_then(|v| v.parse::<f64>().ok())
    };
    let mut placed = BTreeMap::new();
    for object in doc.get("objects").and_then(|o| o.as_array()).into_iter().flatten() {
        let (Some(name), Some(pos)) = (
            object.get("name").and_then(|n| n.as_str()),
            object.get("pos").and_then(|p| p.as_str()),
        ) else {
            continue;
        };
        let Some(xy) = numbers(pos).filter(|v| v.len() == 2) else { continue };
        // Graphviz gives sizes in inches, positions in points.
        let width = number(object, "width").unwrap_or(0.0) * 72.0;
        let height = number(object, "height").unwrap_or(0.0) * 72.0;
        placed.insert(name.to_string(), Placed { x: xy[0], y: xy[1], width, height });
    }
    Ok(placed)
}

/// Lays out the whole history once, so that every picture starts from the same places.
///
/// Each actor is sized for the longest of its names. The same graph gives the same layout at
/// every run.
///
/// # Errors
/// [`Error::MissingTool`] when Graphviz is not installed; [`Error::Tool`] when neato fails.
pub fn layout(graph: &TemporalGraph) -> Result<Pins> {
    let n = graph.graph().node_count();
    if n == 0 {
        return Ok(Pins::default());
    }
    let mut dot = String::from(
        "digraph layout {\n  node [fontname=\"Helvetica\", fontsize=13, shape=box];\n",
    );
    for i in 0..n {
        let a = graph.actor(petgraph::graph::NodeIndex::new(i));
        let longest = a.names.iter().map(|n| n.name.as_str()).fold(a.name.as_str(), |l, n| {
            if n.chars().count() > l.chars().count() { n } else { l }
        });
        dot.push_str(&format!(
            "  a{i} [label={}];\n",
            crate::export::escape_dot(&wrap(longest, WRAP))
        ));
    }
    for e in graph.graph().edge_indices() {
        let (a, b) = graph.endpoints(e);
        dot.push_str(&format!("  a{} -> a{};\n", a.index(), b.index()));
    }
    dot.push_str("}\n");
    let mut args = vec!["-Tjson0"];
    args.extend_from_slice(LAYOUT_FLAGS);
    let json = run(NEATO, &args, dot.as_bytes())?;
    parse_layout(&json, graph)
}

/// Which frame a picture of one year has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Frame {
    /// The year's own: what the year shows, moved apart just enough to be legible, cropped to
    /// what is drawn; actors not linked that year stand in rows below.
    #[default]
    Year,
    /// The whole history's: every actor in the same place and the same canvas every year, so
    /// that a set of pictures can be flipped through or animated (text is smaller on a slide).
    /// The actors a year shows unlinked stand in rows below, each in its own place.
    History,
}

/// How a picture is drawn.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The year's own frame or the history's.
    pub frame: Frame,
    /// The picture's size in pixels (PNG at 96 dpi; SVG and PDF the same size in points at 72
    /// an inch, which is how browsers show them), or its natural size.
    pub size: Option<(u32, u32)>,
    /// The title; by default [`default_title`].
    pub title: Option<String>,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// Links without their kind written on them.
    pub no_link_labels: bool,
    /// Where the legend goes.
    pub legend: LegendPlace,
    /// The year (or window) written large in the top-left corner, with the counts of actors
    /// and links drawn: the stamp of an animation's frames.
    pub stamp: bool,
}

/// What stands above the drawing: the title, and the stamp when [`Options::stamp`] asks for it.
#[derive(Debug, Clone)]
struct Head<'a> {
    title: &'a str,
    /// The characters of the widest title the frame makes room for: the title's own, or in the
    /// history's frame the widest of any year's, so that every year has the same canvas.
    widest: usize,
    /// The scope written large, and the counts of actors and links drawn.
    stamp: Option<(String, usize, usize)>,
}

impl<'a> Head<'a> {
    fn new(title: &'a str, scene: &Scene, scope: Scope, options: &Options) -> Head<'a> {
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
struct Arranged {
    actors: Vec<Placed>,
    labels: Vec<Option<Placed>>,
    /// Left, bottom, right, top of all that is drawn.
    bounds: (f64, f64, f64, f64),
    /// The same of the linked actors and the labels, above the rows of the others.
    linked: (f64, f64, f64, f64),
}

fn union(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

const EMPTY: (f64, f64, f64, f64) =
    (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);

/// Runs the arrangement pass of `scene` from `start` (per actor; `None` for actors that are
/// measured only) and lays the unplaced actors out in rows below, by name, as wide as the
/// drawing and what stands `beside` it (left, right: the legend).
fn arrange(
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
fn place_rows(
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
fn beside(kinds: &picture::Kinds, options: &Options) -> (f64, f64) {
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
fn arrange_year(
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
const TRIES: &[(f64, f64)] = &[
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
fn best_arrangement(
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
    actors: BTreeMap<String, Placed>,
    labels: BTreeMap<String, Placed>,
    bounds: (f64, f64, f64, f64),
    linked: (f64, f64, f64, f64),
    /// The legend's place, the same every year.
    legend: LegendPlace,
    kinds: picture::Kinds,
    /// The characters of the widest title of any year, which the canvas makes room for.
    widest: usize,
    /// The place in the rows below of every actor that a year shows without a link.
    rows: BTreeMap<String, Placed>,
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
fn target(options: &Options) -> (f64, f64) {
    let (w, h) = options.size.unwrap_or((1920, 1080));
    (f64::from(w) * 0.75, f64::from(h) * 0.75)
}

/// The factor that brings a box into `width` × `height`, at most 1.
fn fit(bounds: (f64, f64, f64, f64), width: f64, height: f64) -> f64 {
    let (w, h) = (bounds.2 - bounds.0, bounds.3 - bounds.1);
    if !(w > 0.0 && h > 0.0) {
        return 1.0;
    }
    (width / w).min(height / h).min(1.0)
}

/// The title of a picture of `scope` when none is given: the dataset's title and the scope, and
/// whether the year is a projection (after the last year the sources observe).
pub fn default_title(graph: &TemporalGraph, scope: Scope) -> String {
    let scenarios = crate::graph::with_scenarios(graph.scenarios());
    match scope {
        Scope::Year(y) if graph.is_projection(y) => {
            format!("{} — {y} (projection){scenarios}", graph.title())
        }
        _ => format!("{} — {scope}{scenarios}", graph.title()),
    }
}

/// The whole DOT of a picture.
fn picture(
    graph: &TemporalGraph,
    pins: &Pins,
    slice: &Slice,
    format: ImageFormat,
    options: &Options,
    history: Option<&HistoryFrame>,
) -> Result<String> {
    let scene = Scene::of(graph, slice, !options.no_link_labels);
    let title = options.title.clone().unwrap_or_else(|| default_title(graph, slice.scope));
    let mut head = Head::new(&title, &scene, slice.scope, options);
    if let Some(frame) = history {
        head.widest = head.widest.max(frame.widest);
    }
    let (arranged, kinds) = match history {
        Some(frame) => {
            let mut actors: Vec<Placed> = scene
                .actors
                .iter()
                .map(|a| frame.actors.get(&a.id).copied().unwrap_or_default())
                .collect();
            // The actors no link reaches this year in their places in the rows below (any the
            // frame was not made for in rows of their own, which cannot happen when the frame
            // was made for this slice).
            let mut rest = Vec::new();
            for (i, a) in scene.actors.iter().enumerate().filter(|(_, a)| !a.linked) {
                match frame.rows.get(&a.id) {
                    Some(&place) => actors[i] = place,
                    None => rest.push(i),
                }
            }
            let side = beside(&frame.kinds, &Options { legend: frame.legend, ..options.clone() });
            place_rows(&scene, &mut actors, rest, frame.linked, side);
            let labels =
                scene.links.iter().map(|l| frame.labels.get(&l.tooltip).copied()).collect();
            let (bounds, linked) = (frame.bounds, frame.linked);
            (Arranged { actors, labels, bounds, linked }, frame.kinds.clone())
        }
        None => (best_arrangement(&scene, pins, options, &head)?, scene.kinds()),
    };
    let (legend, arranged) = match history {
        Some(frame) => (frame.legend, arranged),
        None => legend_place(&scene, &arranged, &kinds, options, &head),
    };
    let (decor, _) = decorate(&arranged, &kinds, &Options { legend, ..options.clone() }, &head);
    let mut attrs = String::from("  graph [pad=0, margin=0, bgcolor=white");
    if let Some((pw, ph)) = options.size {
        // PNG pixels at 96 dpi; SVG and PDF in points (72 an inch), which browsers show at 96
        // pixels an inch: the same size on screen. Half a pixel more: Graphviz rounds the
        // scaled drawing down.
        let inches = |p: u32| f64::from(p) / 96.0;
        attrs.push_str(&format!(", size=\"{:.4},{:.4}!\", ratio=fill", inches(pw), inches(ph)));
        if format == ImageFormat::Png {
            attrs.push_str(", dpi=96");
        }
    }
    attrs.push_str("];\n");
    Ok(scene.drawing_dot(&arranged.actors, &arranged.labels, &decor.dot, &attrs))
}

/// Where the legend goes, with the rows of unlinked actors placed for it: as asked, or for
/// [`LegendPlace::Auto`] right of the drawing unless below it draws the picture larger on the
/// target size.
fn legend_place(
    scene: &Scene,
    arranged: &Arranged,
    kinds: &picture::Kinds,
    options: &Options,
    head: &Head,
) -> (LegendPlace, Arranged) {
    if options.legend != LegendPlace::Auto {
        return (options.legend, arranged.clone());
    }
    let (tw, th) = target(options);
    let try_place = |legend| {
        let options = Options { legend, ..options.clone() };
        let mut placed = arranged.clone();
        let rest = (0..scene.actors.len()).filter(|&i| !scene.actors[i].linked).collect();
        let side = beside(kinds, &options);
        placed.bounds =
            union(placed.linked, place_rows(scene, &mut placed.actors, rest, placed.linked, side));
        let (_, b) = decorate(&placed, kinds, &options, head);
        ((tw / (b.2 - b.0)).min(th / (b.3 - b.1)), placed)
    };
    let (right, at_right) = try_place(LegendPlace::Right);
    let (bottom, below) = try_place(LegendPlace::Bottom);
    if bottom > right * 1.02 {
        (LegendPlace::Bottom, below)
    } else {
        (LegendPlace::Right, at_right)
    }
}

/// The legend, title, subtitle and frame around `arranged`, and the bounds of the whole.
fn decorate(
    arranged: &Arranged,
    kinds: &picture::Kinds,
    options: &Options,
    head: &Head,
) -> (Decor, (f64, f64, f64, f64)) {
    let mut decor = Decor::default();
    let mut b = arranged.bounds;
    if !b.0.is_finite() {
        b = (0.0, 0.0, 200.0, 100.0);
    }
    let n = legend_len(kinds);
    let (cw, ch) = CELL;
    let gap = 36.0;
    // Beside the linked actors (the rows of the others pass under the legend), or above or
    // below everything.
    let content = if arranged.linked.0.is_finite() { arranged.linked } else { b };
    if n > 0 {
        match options.legend {
            LegendPlace::Right | LegendPlace::Left | LegendPlace::Auto => {
                // As many columns as the drawing's height needs, filled evenly.
                let most = (((content.3 - content.1) / ch).floor() as usize).max(8);
                let cols = n.div_ceil(most);
                let rows = n.div_ceil(cols);
                let x0 = if options.legend != LegendPlace::Left {
                    content.2 + gap
                } else {
                    content.0 - gap - cols as f64 * cw
                };
                let top = content.3;
                decor
                    .legend(kinds, |i| (x0 + (i / rows) as f64 * cw, top - (i % rows) as f64 * ch));
                b = union(b, (x0, top - rows as f64 * ch, x0 + cols as f64 * cw, top));
            }
            LegendPlace::Top | LegendPlace::Bottom => {
                let content = b;
                let most = (((content.2 - content.0) / cw).floor() as usize).max(4);
                let rows = n.div_ceil(most);
                let cols = n.div_ceil(rows);
                let x0 = (content.0 + content.2) / 2.0 - cols as f64 * cw / 2.0;
                let top = if options.legend == LegendPlace::Bottom {
                    content.1 - gap / 2.0
                } else {
                    content.3 + gap / 2.0 + rows as f64 * ch
                };
                decor
                    .legend(kinds, |i| (x0 + (i % cols) as f64 * cw, top - (i / cols) as f64 * ch));
                b = union(b, (x0, top - rows as f64 * ch, x0 + cols as f64 * cw, top));
            }
            LegendPlace::None => {}
        }
    }
    let centre = (b.0 + b.2) / 2.0;
    let mut top = b.3 + 8.0;
    if let Some(sub) = options.subtitle.as_deref().filter(|s| !s.is_empty()) {
        decor.text("subtitle", sub, centre, top + SUBTITLE_FONT * 0.7, SUBTITLE_FONT, false);
        top += SUBTITLE_FONT * 1.5;
    }
    // The title is centred and may be wider than the drawing (0.6 em a character, bold).
    let half = head.widest.max(head.title.chars().count()) as f64 * TITLE_FONT * 0.3;
    b = union(b, (centre - half, b.1, centre + half, b.3));
    let stamp = head.stamp.as_ref().map(|s| (s, stamp_width(&s.0)));
    // The stamp in the top-left corner, on the title's line when both fit side by side.
    let beside_title = stamp.is_some_and(|(_, w)| b.0 + w + 24.0 <= centre - half);
    let row = if beside_title { STAMP_FONT * 1.3 } else { TITLE_FONT * 1.5 };
    if !head.title.is_empty() {
        decor.text("title", head.title, centre, top + row / 2.0, TITLE_FONT, true);
        top += row;
    }
    if let Some(((scope, actors, links), width)) = stamp {
        if !beside_title || head.title.is_empty() {
            top += STAMP_FONT * 1.3;
        }
        b = union(b, (b.0, b.1, b.0 + width, top));
        let y = top - STAMP_FONT * 0.65;
        let year_width = width - STAMP_COUNTS_WIDTH;
        decor.text_left("stamp", scope, (b.0, y), year_width, STAMP_FONT, true);
        let counts = [
            format!("{actors} actor{}", if *actors == 1 { "" } else { "s" }),
            format!("{links} link{}", if *links == 1 { "" } else { "s" }),
        ];
        let x = b.0 + year_width;
        let size = STAMP_FONT * 0.4;
        for (i, line) in counts.iter().enumerate() {
            let line_y = y + (0.5 - i as f64) * size * 1.2;
            let id = format!("stamp:count:{i}");
            decor.text_left(&id, line, (x, line_y), STAMP_COUNTS_WIDTH, size, false);
        }
    }
    b.3 = top;
    // A margin, then the proportions of the asked size.
    let m = 12.0;
    b = (b.0 - m, b.1 - m, b.2 + m, b.3 + m);
    if let Some((pw, ph)) = options.size {
        let want = f64::from(pw) / f64::from(ph);
        let (w, h) = (b.2 - b.0, b.3 - b.1);
        if w / h < want {
            let extra = (h * want - w) / 2.0;
            b = (b.0 - extra, b.1, b.2 + extra, b.3);
        } else {
            let extra = (w / want - h) / 2.0;
            b = (b.0, b.1 - extra, b.2, b.3 + extra);
        }
    }
    decor.corner("sw", b.0, b.1);
    decor.corner("ne", b.2, b.3);
    (decor, b)
}

/// The room the counts take right of the stamp's year, in points.
const STAMP_COUNTS_WIDTH: f64 = 160.0;

/// The width of a stamp: its year or window (bold, 0.72 em a character: digits are wider
/// than the average letter, and a gap) and its
/// counts.
fn stamp_width(scope: &str) -> f64 {
    scope.chars().count() as f64 * STAMP_FONT * 0.72 + 20.0 + STAMP_COUNTS_WIDTH
}

/// Draws `slice` in `format`.
///
/// # Errors
/// [`Error::MissingTool`] when Graphviz is not installed; [`Error::Tool`] when neato fails.
pub fn render(
    graph: &TemporalGraph,
    pins: &Pins,
    slice: &Slice,
    format: ImageFormat,
    options: &Options,
    history: Option<&HistoryFrame>,
) -> Result<Vec<u8>> {
    picture::check(graph, slice, format)?;
    let dot = picture(graph, pins, slice, format, options, history)?;
    let output = format!("-T{}", format.as_str());
    run(NEATO, &["-n2", "-Gsplines=true", &output], dot.as_bytes())
}

/// Draws one picture per slice, in order, running as many Graphviz processes at a time as there
/// are processors.
///
/// # Errors
/// The first error of any picture, as [`render`].
pub fn render_all(
    graph: &TemporalGraph,
    pins: &Pins,
    slices: &[Slice],
    format: ImageFormat,
    options: &Options,
    history: Option<&HistoryFrame>,
) -> Result<Vec<Vec<u8>>> {
    let workers = crate::memory::threads();
    let chunk = slices.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = slices
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|slice| render(graph, pins, slice, format, options, history))
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        let mut pictures = Vec::with_capacity(slices.len());
        for handle in handles {
            let part = handle.join().map_err(|_| Error::Tool {
                program: NEATO.into(),
                message: "a drawing thread stopped unexpectedly".into(),
            })??;
            pictures.extend(part);
        }
        Ok(pictures)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("svg".parse::<ImageFormat>().unwrap(), ImageFormat::Svg);
        assert_eq!("PNG".parse::<ImageFormat>().unwrap(), ImageFormat::Png);
        assert_eq!("pdf".parse::<ImageFormat>().unwrap(), ImageFormat::Pdf);
        assert!(matches!("jpg".parse::<ImageFormat>(), Err(Error::Request(_))));
    }

    #[test]
    fn a_missing_program_names_the_package_to_install() {
        let e = run("mesograph-no-such-program", &[], b"").unwrap_err();
        assert!(matches!(e, Error::MissingTool { .. }), "{e:?}");
        let line = e.to_string();
        assert!(line.contains("graphviz") && !line.contains('\n'), "{line}");
    }

    #[test]
    fn a_failing_program_reports_its_first_error_line() {
        let e = run("sh", &["-c", "echo; echo 'Error: bad' >&2; echo more >&2; exit 3"], b"")
            .unwrap_err();
        assert_eq!(e.to_string(), "sh failed: Error: bad");
    }

    #[test]
    fn layouts_are_read_back_and_checked() {
        let graph = TemporalGraph::new(crate::load(None).unwrap());
        // Actors are named by index in the layout pass (`aN`), so no name needs unescaping.
        let mut objects: Vec<serde_json::Value> = (0..graph.graph().node_count())
            .map(|i| {
                serde_json::json!({"name": format!("a{i}"), "pos": format!("{i}.5,{}", 2 * i),
                    "width": "1", "height": "0.5"})
            })
            .collect();
        let doc = serde_json::json!({"bb": "0,0,1000,2000", "objects": objects});
        let pins = parse_layout(doc.to_string().as_bytes(), &graph).unwrap();
        let n = graph.graph().node_count() as f64;
        assert_eq!(pins.bbox, (0.5 - 36.0, -18.0, n - 0.5 + 36.0, 2.0 * (n - 1.0) + 18.0));
        assert_eq!(pins.positions.len(), graph.graph().node_count());
        assert_eq!(pins.positions[&graph.actor(petgraph::graph::NodeIndex::new(1)).id], (1.5, 2.0));
        objects.pop();
        let doc = serde_json::json!({"bb": "0,0,1000,2000", "objects": objects});
        assert!(parse_layout(doc.to_string().as_bytes(), &graph).is_err());
        assert!(parse_layout(b"not json", &graph).is_err());
    }
}
