#![warn(missing_docs)]
//! # mesograph
//!
//! Institutional relationships as a time-stamped graph. A dataset of actors (agencies, research
//! organisations, computing centres, networks, programmes, reports, people) and dated links
//! between them is loaded from JSON, validated, held as a petgraph [`DiGraph`], sliced by year or
//! window, and exported for Graphviz, networkx, D3 and friends.
//!
//! The built-in dataset is the French landscape of the "mésocentres" (regional computing
//! centres) from the 2000s to 2017, as told by the deck "L'aventure mésocentres" (2017).
//!
//! ```
//! use mesograph::{Format, Scope, export, load_graph};
//!
//! // The built-in dataset; `load_graph(Some(dir))` reads a folder. `TemporalGraph::new` builds
//! // the graph of a `Dataset` made or changed in code (`load` gives the dataset alone).
//! let graph = load_graph(None)?;
//! let slice = graph.slice(Scope::Year(2010));
//! let genci = graph.find("GENCI")?;
//! assert!(slice.actors.contains(&genci));
//! let dot = export(&graph, &slice, Format::Dot)?;
//! assert!(dot.starts_with(b"digraph {"));
//! # Ok::<(), mesograph::Error>(())
//! ```
//!
//! [`DiGraph`]: petgraph::graph::DiGraph

// The layers, from the bottom: each module names only modules of its own layer or below
// (`tests/it/architecture.rs` holds the table and keeps it so; docs/architecture.md says why).
pub mod platform;
pub(crate) use platform::locate;
pub use platform::{error, memory};
pub mod dataset;
pub(crate) use dataset::interned;
pub use dataset::{model, vocabulary};
pub mod graph;
pub mod load;
pub mod open;
pub mod validate;

pub mod atlas;
pub(crate) mod canonical;
pub mod edit;
pub mod export;
pub mod filter;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod init;
pub mod output;
pub mod query;
pub mod render;
pub mod report;
pub(crate) mod resolve;
pub mod schema;
pub(crate) mod style;
pub mod synth;
pub mod table;

pub use error::{Error, Problem, Problems, Result};
pub use export::{Exporter, Format, export, export_files};
pub use filter::{Filter, Filtered, LeftOut};
pub use graph::{Scope, Slice, TemporalGraph};
pub use model::{
    Actor, ActorKind, Confidence, Dataset, DatasetMeta, Interned, Link, LinkKind, Vocabulary, Year,
};
pub use open::{load, load_graph, load_graph_within};
pub use output::export_to_file;

/// The examples of `docs/library.md`, compiled and run as doctests so that the page stays true.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
pub struct LibraryPage;
