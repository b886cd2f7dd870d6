//! Reading, checking and building in one call: the layer above the loader, the checks and the
//! graph, which puts them together (the loader knows neither the checks nor the graph).
//!
//! ```
//! use std::path::Path;
//!
//! // A dataset folder: read, checked and built into its graph in one call.
//! let graph = mesograph::open::load_graph(Some(Path::new("tests/data/ruritania")))?;
//! assert!(graph.graph().node_count() > 0);
//! // The checked records alone, without a graph (`None` is the built-in dataset).
//! let dataset = mesograph::open::load(None)?;
//! assert!(dataset.actors.iter().any(|a| a.id == "genci"));
//! # Ok::<(), mesograph::Error>(())
//! ```

use crate::error::Result;
use crate::graph::{Scope, TemporalGraph};
use crate::load::{self, Layers, RawDataset, load_checked, parse_checked};
use crate::model::Dataset;
use crate::validate;
use std::path::Path;

/// Parses and validates a raw dataset.
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid) with every problem found, each located by file, line and column.
pub fn parse(raw: &RawDataset) -> Result<Dataset> {
    parse_checked(raw, &Layers::default(), validate::check_ends).map(|(dataset, _)| dataset)
}

/// Reads and validates the dataset in `dir`, or the built-in one when `dir` is `None`.
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) when the folder cannot be read, [`Error::Invalid`](crate::Error::Invalid) with every problem found.
pub fn load(dir: Option<&Path>) -> Result<Dataset> {
    load_checked(dir, &Layers::default(), validate::check_ends).map(|(dataset, _)| dataset)
}

/// [`load`](fn@load), then the graph of the dataset: the actors at both ends of each link are found
/// once, for the checks and the graph alike, where [`TemporalGraph::new`] of a loaded dataset
/// would look them up again.
///
/// # Errors
/// As [`load`](fn@load).
pub fn load_graph(dir: Option<&Path>) -> Result<TemporalGraph> {
    load_graph_within(dir, Scope::All)
}

/// [`load_graph`] for a job that looks only at `within` (one year's export, say): every record
/// is read and checked as by [`load`](fn@load), but only the links active in `within` become edges (see
/// [`TemporalGraph::new_within`]).
///
/// # Errors
/// As [`load`](fn@load).
pub fn load_graph_within(dir: Option<&Path>, within: Scope) -> Result<TemporalGraph> {
    load_graph_with(dir, &[], within)
}

/// [`load_graph_within`] with `scenarios` laid over the dataset ([`read_scenario`](crate::load::read_scenario),
/// [`builtin_scenario`](crate::load::builtin_scenario)): their records join the dataset's before it is checked, so a scenario
/// is validated as a dataset is, may name the dataset's actors and sources, and must not reuse
/// one of its ids; a problem in it is located in the scenario's own file. Every link of a
/// scenario must be `proposed`. The graph names them ([`TemporalGraph::scenarios`]).
///
/// # Errors
/// As [`load`](fn@load), with the problems of the scenarios too.
pub fn load_graph_with(
    dir: Option<&Path>,
    scenarios: &[RawDataset],
    within: Scope,
) -> Result<TemporalGraph> {
    load_graph_layered(dir, &Layers { data: &[], scenarios }, within)
}

/// [`load_graph_with`] with further data layers between the dataset and the scenarios
/// (`--data A --data B`): the dataset in `dir` (the built-in one when `None`) is the first
/// layer, and each of `layers.data` ([`read_layer`](crate::load::read_layer), or [`builtin`](crate::load::builtin)) adds its records (sources,
/// actors, links, milestones) to those before it, every file of a layer being optional. They
/// are checked together, so a layer may name the actors and sources of the layers under it; an
/// id given in two layers is a duplicate, located in the later layer's file with where the
/// first is. The title, description and language are the last layer's that gives them, the
/// horizon the latest given ([`Dataset::meta`]); the scenarios go on top.
///
/// # Errors
/// As [`load`](fn@load), with the problems of every layer.
pub fn load_graph_layered(
    dir: Option<&Path>,
    layers: &Layers,
    within: Scope,
) -> Result<TemporalGraph> {
    let (dataset, ends) = load_checked(dir, layers, validate::check_ends)?;
    Ok(TemporalGraph::with_ends(dataset, ends, within))
}

/// Only the parsing step of [`parse`], without the semantic checks; for the benchmarks, which
/// time each phase apart. Errors are those of [`parse`] on the same input.
///
/// # Errors
/// As [`parse`].
#[doc(hidden)]
pub fn parse_without_checks(raw: &RawDataset) -> Result<Dataset> {
    match load::parse_unchecked(raw)? {
        Some(dataset) => Ok(dataset),
        None => parse(raw),
    }
}
