//! Exporters: one file per format behind one small trait, each writing a whole slice into a
//! buffer so that nothing reaches a file or a pipe half-done.

mod dot;
mod json;

pub use dot::{Dot, escape as escape_dot};
pub use json::Json;

use crate::error::{Error, Result};
use crate::graph::{Scope, Slice, TemporalGraph};
use crate::model::Year;
use crate::output::{child_path, write_atomic};
use std::fmt;
use std::path::Path;
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
    // Generous room up front: a buffer grown by doubling copies itself and touches fresh pages
    // at each step, while capacity never written to costs no memory.
    let mut out = Vec::with_capacity(4096 + 1024 * (slice.actors.len() + slice.links.len()));
    format.exporter().write(graph, slice, &mut out)?;
    Ok(out)
}

/// Writes one file per year of `from..=to` and per format into `dir` (`2010.dot`,
/// `2010.json`…), each whole or not at all, and returns how many were written.
///
/// Years are independent, so they are spread over the machine's cores: at 10⁶ links each year
/// costs about as much as parsing the dataset once, and two cores halve the total. The files are
/// the same as written one by one.
///
/// # Errors
/// The first error met ([`Error::Io`] when a file cannot be written); the files of other years
/// may then be written or not.
pub fn write_years(
    graph: &TemporalGraph,
    from: Year,
    to: Year,
    formats: &[Format],
    dir: &Path,
) -> Result<usize> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let years: Vec<Year> = (from..=to).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(years.len());
    let work = || -> Result<usize> {
        let mut written = 0;
        while let Some(&year) = years.get(next.fetch_add(1, Ordering::Relaxed)) {
            let slice = graph.slice(Scope::Year(year));
            for &format in formats {
                let bytes = export(graph, &slice, format)?;
                let name = format!("{year}.{}", format.exporter().extension());
                write_atomic(&child_path(dir, &name)?, &bytes)?;
                written += 1;
            }
        }
        Ok(written)
    };
    if workers <= 1 {
        return work();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        let mut total = 0;
        let mut first_error = None;
        for h in handles {
            match h.join() {
                Ok(Ok(n)) => total += n,
                Ok(Err(e)) => {
                    first_error.get_or_insert(e);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        first_error.map_or(Ok(total), Err)
    })
}
