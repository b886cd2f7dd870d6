//! Pictures of the graph (SVG, PNG) drawn by Graphviz, run as a separate program.
//!
//! Flipping through the years should show the landscape grow, not reshuffle. So the whole
//! history is laid out once ([`layout`]: `neato` on the all-years graph, positions read back as
//! JSON), and each picture pins every actor where that layout put it ([`render`]: `neato -n2`,
//! which keeps given positions and only routes the links). Only neato and fdp honour pinned
//! positions; `dot` ignores them.
//!
//! Graphviz 2.43 (Debian 12) aborts with heap corruption when `neato` removes overlaps and routes
//! splines in one run on this dataset, so the layout pass draws straight lines (`splines=false`)
//! and only the pinned pass routes splines.

use crate::error::{Error, Result};
use crate::export::{Pins, write_pinned};
use crate::graph::{Scope, Slice, TemporalGraph};
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

/// The picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ImageFormat {
    /// Scalable vector graphics, with tooltips on actors and links.
    Svg,
    /// A bitmap, for slides.
    Png,
}

impl ImageFormat {
    /// Every format.
    pub const ALL: &'static [ImageFormat] = &[ImageFormat::Svg, ImageFormat::Png];

    /// The name on the command line, which is also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
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
            || Error::Request(format!("unknown image format \"{s}\" (expected svg or png)")),
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

/// Reads the positions of the actors back from `neato -Tjson0` output. The box is computed from
/// the actors' own extents: Graphviz's `bb` also holds the title of the layout pass.
fn parse_layout(json: &[u8], graph: &TemporalGraph) -> Result<Pins> {
    let doc: serde_json::Value =
        serde_json::from_slice(json).map_err(|e| bad_layout(format!("unreadable layout: {e}")))?;
    let mut positions = BTreeMap::new();
    let mut bbox = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    let number = |o: &serde_json::Value, key: &str| {
        o.get(key).and_then(|v| v.as_str()).and_then(|v| v.parse::<f64>().ok())
    };
    for object in doc.get("objects").and_then(|o| o.as_array()).into_iter().flatten() {
        let (Some(name), Some(pos)) = (
            object.get("name").and_then(|n| n.as_str()),
            object.get("pos").and_then(|p| p.as_str()),
        ) else {
            continue;
        };
        let Some(xy) = numbers(pos).filter(|v| v.len() == 2) else { continue };
        if graph.node(name).is_none() {
            continue;
        }
        // Graphviz gives sizes in inches, positions in points.
        let half_w = number(object, "width").unwrap_or(0.0) * 36.0;
        let half_h = number(object, "height").unwrap_or(0.0) * 36.0;
        bbox = (
            bbox.0.min(xy[0] - half_w),
            bbox.1.min(xy[1] - half_h),
            bbox.2.max(xy[0] + half_w),
            bbox.3.max(xy[1] + half_h),
        );
        positions.insert(name.to_string(), (xy[0], xy[1]));
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

/// Lays out the whole history once, so that every year's picture can pin each actor there.
///
/// Each actor is sized for the longest of its names, so that no year's label overlaps a
/// neighbour. The same graph gives the same layout at every run.
///
/// # Errors
/// [`Error::MissingTool`] when Graphviz is not installed; [`Error::Tool`] when neato fails.
pub fn layout(graph: &TemporalGraph) -> Result<Pins> {
    if graph.graph().node_count() == 0 {
        return Ok(Pins::default());
    }
    let mut dot = Vec::new();
    write_pinned(graph, &graph.slice(Scope::All), &Pins::default(), &mut dot)?;
    let mut args = vec!["-Tjson0"];
    args.extend_from_slice(LAYOUT_FLAGS);
    let json = run(NEATO, &args, &dot)?;
    parse_layout(&json, graph)
}

/// Draws `slice` with every actor where `pins` put it.
///
/// # Errors
/// [`Error::MissingTool`] when Graphviz is not installed; [`Error::Tool`] when neato fails.
pub fn render(
    graph: &TemporalGraph,
    pins: &Pins,
    slice: &Slice,
    format: ImageFormat,
) -> Result<Vec<u8>> {
    crate::export::xml::check_picture(graph, slice, format)?;
    let mut dot = Vec::new();
    write_pinned(graph, slice, pins, &mut dot)?;
    let output = format!("-T{}", format.as_str());
    run(NEATO, &["-n2", "-Gsplines=true", &output], &dot)
}

/// Draws one picture per scope, in order, running as many Graphviz processes at a time as there
/// are processors (a PNG of this dataset takes about a second to draw).
///
/// # Errors
/// The first error of any picture, as [`render`].
pub fn render_all(
    graph: &TemporalGraph,
    pins: &Pins,
    scopes: &[Scope],
    format: ImageFormat,
) -> Result<Vec<Vec<u8>>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = scopes.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = scopes
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|&scope| render(graph, pins, &graph.slice(scope), format))
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        let mut pictures = Vec::with_capacity(scopes.len());
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
        assert!(matches!("pdf".parse::<ImageFormat>(), Err(Error::Request(_))));
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
        let mut objects: Vec<serde_json::Value> = graph
            .graph()
            .node_weights()
            .enumerate()
            .map(|(i, a)| {
                serde_json::json!({"name": a.id, "pos": format!("{i}.5,{}", 2 * i),
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
