//! A new dataset to start from: `mesograph init DIR` writes these files, one example record of
//! each kind, valid as they stand, so that a user edits a working dataset instead of a blank page.
//!
//! ```
//! let files = mesograph::init::starter("Research networks of Ruritania");
//! let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
//! assert!(names.contains(&"dataset.json") && names.contains(&"links.json"));
//! ```

use crate::dataset::{DataFile, META_FILE};
use crate::model::{
    ActorKind, ActorsFile, DatasetMeta, LinkKind, LinksFile, MilestonesFile, SourcesFile,
};
use crate::vocabulary::{ActorKindDef, LinkKindDef};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The files of a new dataset titled `title`: each file's name and bytes, `dataset.json` first.
pub fn starter(title: &str) -> Vec<(String, Vec<u8>)> {
    let cite = json!([{ "source": "example-source", "locator": "page 1" }]);
    let files: [(&str, Value); 5] = [
        (
            META_FILE,
            json!({
                "title": title,
                "description": "What this dataset covers, in a sentence or two.",
                "language": "en"
            }),
        ),
        (
            DataFile::Sources.file_name(),
            json!({ "sources": [{
                "id": "example-source",
                "kind": "web",
                "title": "Where the facts come from (replace with a real page)",
                "url": "https://example.org/"
            }]}),
        ),
        (
            DataFile::Actors.file_name(),
            json!({ "actors": [
                {
                    "id": "example-agency",
                    "name": "Example Agency",
                    "kind": "agency",
                    "start": 2000,
                    "citations": cite,
                    "note": "An example: replace it with the first actor of your dataset."
                },
                {
                    "id": "example-centre",
                    "name": "Example Computing Centre",
                    "kind": "computing_centre",
                    "start": 2010,
                    "citations": cite
                }
            ]}),
        ),
        (
            DataFile::Links.file_name(),
            json!({ "links": [{
                "from": "example-agency",
                "to": "example-centre",
                "kind": "funds",
                "start": 2010,
                "citations": cite
            }]}),
        ),
        (
            DataFile::Milestones.file_name(),
            json!({ "milestones": [{
                "actor": "example-centre",
                "year": 2010,
                "title": "Opening",
                "figures": [{ "name": "users", "value": 100, "unit": "people" }],
                "citations": cite
            }]}),
        ),
    ];
    let [meta, sources, actors, links, milestones] = files;
    vec![
        vocabulary(typed::<DatasetMeta>(meta)),
        typed::<SourcesFile>(sources),
        typed::<ActorsFile>(actors),
        typed::<LinksFile>(links),
        typed::<MilestonesFile>(milestones),
    ]
}

/// `dataset.json` with the built-in vocabulary written out, for the user to rename, restyle or
/// replace: the kinds a new dataset may use are then in front of its author.
fn vocabulary((name, bytes): (String, Vec<u8>)) -> (String, Vec<u8>) {
    let Ok(mut meta) = serde_json::from_slice::<DatasetMeta>(&bytes) else { return (name, bytes) };
    meta.actor_kinds = Some(ActorKind::ALL.iter().map(|&k| ActorKindDef::from(k)).collect());
    meta.link_kinds = Some(LinkKind::ALL.iter().map(|&k| LinkKindDef::from(k)).collect());
    let text = crate::canonical::file(&meta).unwrap_or_default();
    (name, text.into_bytes())
}

/// A file's bytes in the canonical layout (see [`crate::canonical`]), fields in the order the
/// format documents rather than the alphabetical order of a JSON value.
fn typed<T: DeserializeOwned + Serialize>((name, value): (&str, Value)) -> (String, Vec<u8>) {
    // The literals above are valid records (tested), and their canonical layout cannot fail.
    let record: Option<T> = serde_json::from_value(value).ok();
    let text = record.map(|r| crate::canonical::file(&r)).and_then(Result::ok).unwrap_or_default();
    (name.to_string(), text.into_bytes())
}

/// Whether `dir` already holds a file of a dataset, which `init` must never replace.
pub fn existing_file(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    std::iter::once(META_FILE)
        .chain(DataFile::ALL.map(DataFile::file_name))
        .map(|name| dir.join(name))
        .find(|path| path.symlink_metadata().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_dataset_is_valid_and_titled() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(existing_file(dir.path()), None);
        for (name, bytes) in starter("Nordic \"e-infrastructures\"") {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        assert_eq!(existing_file(dir.path()), Some(dir.path().join(META_FILE)));
        let graph = crate::open::load_graph(Some(dir.path())).unwrap();
        assert_eq!(graph.title(), "Nordic \"e-infrastructures\"");
        assert_eq!((graph.graph().node_count(), graph.links().len()), (2, 1));
        assert_eq!(graph.milestones().len(), 1);
        // The built-in vocabulary, written out.
        assert_eq!(graph.vocabulary(), &crate::Vocabulary::builtin());
        let meta: DatasetMeta =
            serde_json::from_slice(&std::fs::read(dir.path().join(META_FILE)).unwrap()).unwrap();
        assert_eq!(meta.actor_kinds.map(|k| k.len()), Some(ActorKind::ALL.len()));
        assert_eq!(meta.link_kinds.map(|k| k.len()), Some(LinkKind::ALL.len()));
    }
}
