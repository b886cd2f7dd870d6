//! The files of a dataset and the problems found in them: what the loader reads, the checks
//! report and the editor writes, named here once for all of them.

use crate::locate::{JsonPath, Target};
use std::collections::HashSet;

/// The four files of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataFile {
    /// `sources.json`
    Sources,
    /// `actors.json`
    Actors,
    /// `links.json`
    Links,
    /// `milestones.json` (optional)
    Milestones,
}

impl DataFile {
    /// Every file, in the order they are read.
    pub const ALL: [DataFile; 4] =
        [DataFile::Sources, DataFile::Actors, DataFile::Links, DataFile::Milestones];

    /// The file's name in a dataset folder.
    pub fn file_name(self) -> &'static str {
        match self {
            DataFile::Sources => "sources.json",
            DataFile::Actors => "actors.json",
            DataFile::Links => "links.json",
            DataFile::Milestones => "milestones.json",
        }
    }

    /// The key of the file's one array.
    pub fn array_key(self) -> &'static str {
        match self {
            DataFile::Sources => "sources",
            DataFile::Actors => "actors",
            DataFile::Links => "links",
            DataFile::Milestones => "milestones",
        }
    }

    /// Whether a dataset may leave the file out.
    pub fn optional(self) -> bool {
        self == DataFile::Milestones
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// A problem found after parsing, located by path until its file's text is read again.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The file it is in.
    pub file: DataFile,
    /// Where in the file.
    pub path: JsonPath,
    /// Whether to point at the value or at its key.
    pub target: Target,
    /// What is wrong.
    pub message: String,
    /// For a duplicate, where the record it repeats is (in a file of the same kind, maybe of
    /// another layer): the located message ends with its file, line and column.
    pub first: Option<JsonPath>,
}

/// The texts of a dataset's files, before parsing.
#[derive(Debug, Clone)]
pub struct RawDataset {
    /// A short name for the dataset.
    pub name: String,
    /// For each [`DataFile`], the name to show in messages and the bytes (`None` when absent).
    pub files: [(String, Option<Vec<u8>>); 4],
    /// `dataset.json`, the dataset's title and horizon (optional): its name to show in messages
    /// and its bytes.
    pub meta: (String, Option<Vec<u8>>),
}

/// The name of the optional file that says what a dataset is (see [`DatasetMeta`](crate::model::DatasetMeta)).
pub const META_FILE: &str = "dataset.json";

/// What is known of records that could not be parsed, so that references to them are not
/// reported again as references to nothing.
#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    /// Whether `dataset.json` could not be read: its vocabulary is unknown, so kinds are not
    /// checked (the file's own problem is reported).
    pub vocabulary_unreadable: bool,
    /// Whether `sources.json` could not be read at all (missing, not UTF-8, malformed).
    pub sources_unreadable: bool,
    /// Whether `actors.json` could not be read at all.
    pub actors_unreadable: bool,
    /// Ids of source records that were dropped because they are broken.
    pub broken_sources: HashSet<String>,
    /// Ids of actor records that were dropped because they are broken.
    pub broken_actors: HashSet<String>,
}
