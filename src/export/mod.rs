//! Exporters: one file per format behind one small trait, each writing a whole slice into a
//! buffer so that nothing reaches a file or a pipe half-done.

mod dot;
mod json;

pub use dot::{Dot, escape as escape_dot};
pub use dot::{Pins, WRAP, actor_style, link_arrowhead, link_colour, wrap, write_pinned};
pub use json::Json;

use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use std::fmt;
use std::str::FromStr;

/// Writes a slice of the graph in one format.
pub trait Exporter {
    /// The file extension of the format, without the dot.
    fn extension(&self) -> &'static str;

    /// Appends the slice, in this format, to `out`.
    ///
    /// # Errors
    /// Only when the format cannot hold the slice; writing into memory cannot fail.
    fn write(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Vec<u8>) -> Result<()>;
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// Node-link JSON, as networkx `node_link_graph` reads it.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: &'static [Format] = &[Format::Dot, Format::Json];

    /// The format's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Json => "json",
        }
    }

    /// The exporter that writes it.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Dot => Box::new(Dot),
            Format::Json => Box::new(Json),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str() == s).ok_or_else(|| {
            let all: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            Error::Request(format!("unknown format \"{s}\" (expected one of: {})", all.join(", ")))
        })
    }
}

/// The slice in `format`, as bytes.
///
/// # Errors
/// See [`Exporter::write`].
pub fn export(graph: &TemporalGraph, slice: &Slice, format: Format) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    format.exporter().write(graph, slice, &mut out)?;
    Ok(out)
}
