//! The load layer: reading a dataset from its folder (or from the copy built into the binary),
//! parsing it into the dataset layer's records and turning every problem in it into a located
//! [`Problem`](crate::Problem). It knows neither the checks nor the graph: the caller gives the
//! checks (`Check`), and the layer above them (`open`) puts reading, checking and building
//! together.
//!
//! Parsing takes a fast path first: each file is deserialised straight into its typed form. Only
//! when that fails does a slower, record-by-record pass run, so that every broken record is
//! reported (not only the first) and the valid ones still reach the semantic checks
//! (`records`). Large inputs may take their own routes first, behind one boundary (`large`).
//!
//! - `folder`: reading a folder's files, or the built-in copies;
//! - `meta`: `dataset.json`, and the data layers and scenarios laid over a dataset;
//! - `files`: parsing the files into one dataset, having it checked, locating the problems;
//! - `records`: the ordinary serde path of one file and its problems' messages;
//! - `large`: the routes that exist only for large inputs.
//!
//! ```
//! use mesograph::load::{DataFile, read_dir};
//! use std::path::Path;
//!
//! // The files of a folder as bytes, each with the name its problems will show.
//! let raw = read_dir(Path::new("tests/data/ruritania"))?;
//! let links = DataFile::ALL.iter().position(|&f| f == DataFile::Links).expect("a data file");
//! let (name, bytes) = &raw.files[links];
//! assert!(name.ends_with("links.json") && bytes.is_some());
//! // Parsed and checked (the checks are the layer above's, given by `open`).
//! let dataset = mesograph::open::parse(&raw)?;
//! assert!(!dataset.links.is_empty());
//! # Ok::<(), mesograph::Error>(())
//! ```

use crate::dataset::ends::Ends;
use crate::dataset::{Pending, Unparsed};
use crate::error::{Error, Result};
use crate::model::{ActorsFile, Dataset, LinksFile, MilestonesFile, SourcesFile};
use files::parse_files;
use folder::read_files;
use meta::{parse_meta, with_meta};
use records::Ctx;
use std::borrow::Cow;
use std::path::Path;

mod files;
mod folder;
mod large;
mod meta;
mod records;
#[cfg(test)]
mod tests;

pub use crate::dataset::{DataFile, META_FILE, RawDataset};
pub use folder::{
    builtin, builtin_scenario, builtin_scenario_names, read_data_file, read_dir, read_layer,
    read_scenario, read_vocabulary,
};
pub use large::for_input;
pub use meta::Layers;

/// A valid dataset, and the indices in its `actors` of the two ends of each link: found once,
/// while parsing or checking, and used again to build the graph.
pub(crate) type Checked = (Dataset, Vec<Ends>);

/// The semantic checks, given by the caller (the loader parses and locates; what is checked is
/// not its concern): the problems of a parsed dataset, located by path, and the actors at both
/// ends of each link (found while parsing when given, else looked up).
pub(crate) type Check = fn(&Dataset, &Unparsed, Option<Vec<Ends>>) -> (Vec<Pending>, Vec<Ends>);

/// Parses `raw` with `layers` laid over and checks it with `check`: the dataset and the actors
/// at both ends of each link (see [`Checked`]).
pub(crate) fn parse_checked(raw: &RawDataset, layers: &Layers, check: Check) -> Result<Checked> {
    let mut files = raw
        .files
        .each_ref()
        .map(|(shown, bytes)| (shown.clone(), bytes.as_deref().map(Cow::Borrowed)));
    with_meta(&raw.meta, layers.data, |vocabulary| {
        parse_files(&raw.name, &mut files, None, None, layers, vocabulary, check)
    })
}

/// Reads the dataset in `dir` (the built-in one when `None`), `layers` over it, and parses and
/// checks it with `check` (see [`parse_checked`]).
pub(crate) fn load_checked(dir: Option<&Path>, layers: &Layers, check: Check) -> Result<Checked> {
    match dir {
        Some(dir) => {
            let links = DataFile::Links;
            let (raw, streamable) = read_files(dir, Some(links))?;
            let mut files = raw.files.map(|(shown, bytes)| (shown, bytes.map(Cow::Owned)));
            let stream = streamable.then(|| dir.join(links.file_name()));
            with_meta(&raw.meta, layers.data, |vocabulary| {
                let stream = stream.as_deref();
                parse_files(&raw.name, &mut files, Some(dir), stream, layers, vocabulary, check)
            })
        }
        None => parse_checked(&builtin(), layers, check),
    }
}

/// Only the parsing step of a dataset, without the semantic checks (for the benchmarks, which
/// time each phase apart): `None` when a file has a problem, which the full parse reports.
pub(crate) fn parse_unchecked(raw: &RawDataset) -> Result<Option<Dataset>> {
    let _interning = crate::interned::interning();
    let mut problems = Vec::new();
    let (mut pending, mut kept, mut unreadable, mut broken) =
        (Vec::new(), Default::default(), [false; 4], Default::default());
    let names: [String; 4] = raw.files.each_ref().map(|(shown, _)| shown.clone());
    let mut ctx = Ctx {
        names: &names,
        problems: &mut problems,
        pending: &mut pending,
        kept: &mut kept,
        unreadable: &mut unreadable,
        broken: &mut broken,
        vocabulary: None,
    };
    let text = |f: DataFile| -> Result<&str> {
        let bytes = raw.files[f.index()].1.as_deref().unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
    };
    let (meta, vocabulary, _) = parse_meta(&raw.meta.0, raw.meta.1.as_deref());
    let mut dataset = Dataset {
        name: raw.name.clone(),
        sources: ctx.parse_file::<SourcesFile>(DataFile::Sources, text(DataFile::Sources)?).sources,
        actors: ctx.parse_file::<ActorsFile>(DataFile::Actors, text(DataFile::Actors)?).actors,
        links: ctx.parse_file::<LinksFile>(DataFile::Links, text(DataFile::Links)?).links,
        milestones: ctx
            .parse_file::<MilestonesFile>(DataFile::Milestones, text(DataFile::Milestones)?)
            .milestones,
        scenarios: Vec::new(),
        scenario_actors: Vec::new(),
        meta,
        vocabulary: vocabulary.unwrap_or_default(),
    };
    let Dataset { vocabulary, actors, links, .. } = &mut dataset;
    vocabulary.resolve(actors, links);
    Ok((problems.is_empty() && pending.is_empty()).then_some(dataset))
}
