//! Everything that exists only for large inputs, behind one boundary ([`parse`]): a large file
//! parsed on two threads ([`split`]), a large `links.json` parsed as it is read, its text never
//! held whole ([`stream`]), both parsing their records with sonic-rs, quicker than serde_json
//! (see docs/performance.md, "Parsing"). Each gives up ("not handled here") on anything unusual,
//! and the ordinary serde_json path of the loader then decides, so what is loaded never depends
//! on them.

use super::records::Records;
use crate::dataset::DataFile;
use crate::dataset::ends::Ends;
use crate::dataset::interned::Seed;
use crate::model::{ActorsFile, LinksFile, MilestonesFile, SourcesFile};
use std::path::Path;
use std::sync::Arc;

mod split;
mod stream;
#[cfg(test)]
mod tests;

/// From this size on, a file is large: parsed on two threads, and its text let go of once it has
/// parsed cleanly (read again only if a later check has a problem to locate in it).
pub(super) use split::MIN_BYTES;

/// What a large-input route is given: a file's text, or the path of a file to read as it is
/// parsed, the actors' ids seeded with their indices so that each link's ends are found too.
pub(super) enum Input<'a> {
    Text(&'a str),
    File(&'a Path, &'a Arc<Seed>),
}

/// The file whose array is `key`, parsed by a large-input route, with the ends of its records
/// when it was read from a file; `None` when not handled here (a small file, another layout, a
/// broken record, a file that changes while read): the caller then takes the ordinary path,
/// which reports problems exactly.
pub(super) fn parse<T: Large>(key: &str, input: Input<'_>) -> Option<(T, Option<Vec<Ends>>)>
where
    T::Record: Send,
{
    match input {
        Input::Text(text) => split::parse::<T>(key, text).map(|parsed| (parsed, None)),
        Input::File(path, seed) => {
            stream::parse::<T>(key, path, seed).map(|(parsed, ends)| (parsed, Some(ends)))
        }
    }
}

/// Turns huge pages and mimalloc on when the data files in `dir` are large (see
/// [`crate::memory`]); the built-in dataset (`None`) is small.
pub fn for_input(dir: Option<&Path>) {
    let Some(dir) = dir else { return };
    let bytes: u64 = DataFile::ALL
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f.file_name())).ok())
        .map(|m| m.len())
        .sum();
    crate::memory::for_input_size(bytes);
}

/// What the large-input routes ask of a file type beyond its records: the ends found while
/// parsing (only the links have them).
pub(in crate::load) trait Large: Records {
    /// For the links, the actors a record links, as the interning seeded with the actor ids
    /// found them while parsing it ([`ActorIx::NONE`](crate::dataset::ends::ActorIx::NONE) for
    /// an id not in the seed); [`Ends::MISSING`] for the other records.
    fn ends(_record: &Self::Record) -> Ends {
        Ends::MISSING
    }
}

impl Large for SourcesFile {}

impl Large for ActorsFile {}

impl Large for MilestonesFile {}

impl Large for LinksFile {
    fn ends(link: &Self::Record) -> Ends {
        let [from, to] = crate::interned::tags_of([&link.from, &link.to]);
        Ends { from, to }
    }
}
