//! Running Graphviz, and the layout of the whole history that every picture starts from.

use super::picture::Placed;
use crate::error::{Error, Result};
use crate::graph::TemporalGraph;
use crate::style::{WRAP, wrap};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// The Debian package that provides the Graphviz programs.
pub const GRAPHVIZ_PACKAGE: &str = "graphviz";

/// The Graphviz layout program: the one that honours pinned positions.
pub(super) const NEATO: &str = "neato";

/// Graph attributes of the layout pass: overlaps removed with some air between actors, straight
/// lines (see the module note), a fixed seed so the layout is the same at every run.
/// `overlap_scaling=0` keeps prism from first blowing the layout up by four label sizes, which
/// leaves a sparse picture with small text.
pub(super) const LAYOUT_FLAGS: &[&str] =
    &["-Goverlap=prism", "-Goverlap_scaling=0", "-Gsep=+8", "-Gsplines=false", "-Gstart=7"];

/// Runs `program` with `args`, feeding it `input`, and returns its standard output.
///
/// # Errors
/// [`Error::MissingTool`] when the program is not installed, [`Error::Tool`] with the first line
/// it printed on standard error when it fails.
pub(super) fn run(program: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>> {
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

pub(super) fn bad_layout(message: impl Into<String>) -> Error {
    Error::Tool { program: NEATO.into(), message: message.into() }
}

/// Two or four comma-separated numbers, as Graphviz writes `pos` and `bb`.
pub(super) fn numbers(text: &str) -> Option<Vec<f64>> {
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
pub(super) fn parse_layout(json: &[u8], graph: &TemporalGraph) -> Result<Pins> {
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
pub(super) fn read_positions(json: &[u8]) -> Result<BTreeMap<String, Placed>> {
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
