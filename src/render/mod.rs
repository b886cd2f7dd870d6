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
mod arrange;
mod decorate;
mod graphviz;
mod picture;

pub use arrange::{HistoryFrame, history_frame};
pub use graphviz::{GRAPHVIZ_PACKAGE, Pins, layout};
pub use picture::LegendPlace;

use crate::error::{Error, Result};
use crate::graph::{Scope, Slice, TemporalGraph};
use arrange::*;
use decorate::*;
use graphviz::*;
use picture::{Placed, Scene};
use std::fmt;
use std::str::FromStr;

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
