//! What is laid over a dataset (data layers, scenarios) and what a dataset says of itself
//! (`dataset.json`): merged before the records are checked together.

use super::Checked;
use super::files::text_of;
use super::records::{Ctx, serde_problem};
use crate::dataset::{DataFile, Pending, RawDataset};
use crate::error::{Error, Problem, Problems, Result};
use crate::locate::{Locator, Step, Target};
use crate::model::{
    ActorsFile, Dataset, DatasetMeta, LinksFile, MAX_YEAR, MIN_YEAR, MilestonesFile, SourcesFile,
};
use crate::vocabulary::Vocabulary;
use std::collections::HashSet;

/// The dataset `parse` reads and checks with the vocabulary of `meta` (`dataset.json`; `None`
/// when that file cannot be read, and then no kind is checked) and of the data `layers` over it,
/// and the [`DatasetMeta`] they say together ([`merge_meta`]). The problems of the
/// `dataset.json` files come first, before those of the other files.
pub(super) fn with_meta(
    meta: &(String, Option<Vec<u8>>),
    layers: &[RawDataset],
    parse: impl FnOnce(Option<&Vocabulary>) -> Result<Checked>,
) -> Result<Checked> {
    let (mut merged, mut vocabulary, mut problems) = parse_meta(&meta.0, meta.1.as_deref());
    for layer in layers {
        let (shown, bytes) = &layer.meta;
        let (read, _, found) = parse_meta(shown, bytes.as_deref());
        let declares = read.actor_kinds.is_some() || read.link_kinds.is_some();
        if found.is_empty() && declares {
            // The layer's own kinds only: a family it leaves out adds nothing.
            let (added, _) = Vocabulary::declared(
                Some(read.actor_kinds.as_deref().unwrap_or_default()),
                Some(read.link_kinds.as_deref().unwrap_or_default()),
            );
            if let Some(below) = vocabulary.as_mut() {
                let text = bytes.as_deref().and_then(|b| std::str::from_utf8(b).ok());
                let locator = Locator::new(text.unwrap_or_default());
                for (family, i, message) in below.merge(&added) {
                    let path = [Step::Key(family.into()), Step::Index(i), Step::Key("id".into())];
                    let (line, column) = locator.locate(&path, Target::Value);
                    problems.push(Problem { file: shown.into(), line, column, message });
                }
            }
        }
        problems.extend(found);
        merged = merge_meta(merged, read, vocabulary.as_ref().filter(|_| declares));
    }
    match parse(vocabulary.as_ref()) {
        Ok((mut dataset, ends)) if problems.is_empty() => {
            dataset.meta = merged;
            Ok((dataset, ends))
        }
        Ok(_) => Err(Error::Invalid(Problems(problems))),
        Err(Error::Invalid(rest)) => {
            problems.extend(rest.0);
            Err(Error::Invalid(Problems(problems)))
        }
        Err(e) => Err(e),
    }
}

/// What a dataset says of itself when `layer` is laid over `base`: the title, description and
/// language of the last layer that gives them, the latest horizon (the layers' sources observe
/// up to the last of their horizons), and, when the layer declares kinds, every kind of
/// `vocabulary` (the kinds below, then the layer's: see [`Vocabulary::merge`]).
pub(super) fn merge_meta(
    base: DatasetMeta,
    layer: DatasetMeta,
    vocabulary: Option<&Vocabulary>,
) -> DatasetMeta {
    let (actor_kinds, link_kinds) = match vocabulary {
        Some(v) => (
            Some(v.actor_kinds().iter().map(|&k| k.into()).collect()),
            Some(v.link_kinds().iter().map(|&k| k.into()).collect()),
        ),
        None => (base.actor_kinds, base.link_kinds),
    };
    DatasetMeta {
        schema: base.schema,
        title: layer.title.or(base.title),
        description: layer.description.or(base.description),
        language: layer.language.or(base.language),
        horizon: base.horizon.max(layer.horizon),
        actor_kinds,
        link_kinds,
    }
}

/// What is laid over a dataset before it is checked, in this order: further data layers
/// (records of the sources, from other folders) and scenarios (hypotheses: every link in them
/// is `proposed`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Layers<'a> {
    /// Further data layers ([`read_layer`](super::read_layer), [`builtin`](super::builtin)).
    pub data: &'a [RawDataset],
    /// Scenarios ([`read_scenario`](super::read_scenario), [`builtin_scenario`](super::builtin_scenario)).
    pub scenarios: &'a [RawDataset],
}

/// Parses `dataset.json` (absent: nothing to say, the built-in vocabulary) and checks its
/// horizon and vocabulary: what it says, its vocabulary (`None` when the file cannot be read)
/// and its problems, located.
pub(super) fn parse_meta(
    shown: &str,
    bytes: Option<&[u8]>,
) -> (DatasetMeta, Option<Vocabulary>, Vec<Problem>) {
    let Some(bytes) = bytes else {
        return (DatasetMeta::default(), Some(Vocabulary::builtin()), vec![]);
    };
    let unreadable = |p: Problem| (DatasetMeta::default(), None, vec![p]);
    let text = match text_of(shown, bytes) {
        Ok(text) => text,
        Err(p) => return unreadable(p),
    };
    if text.trim().is_empty() {
        return unreadable(Problem {
            file: shown.into(),
            line: 1,
            column: 1,
            message:
                "empty file (expected an object such as {\"title\": \"…\", \"horizon\": 2017})"
                    .into(),
        });
    }
    let meta: DatasetMeta = match serde_json::from_str(text) {
        Ok(meta) => meta,
        Err(e) => return unreadable(serde_problem(shown, text, &e, "")),
    };
    let locator = Locator::new(text);
    let mut problems = Vec::new();
    if let Some(y) = meta.horizon.filter(|y| !(MIN_YEAR..=MAX_YEAR).contains(y)) {
        let path = [Step::Key("horizon".into())];
        let (line, column) = locator.locate(&path, Target::Value);
        problems.push(Problem {
            file: shown.into(),
            line,
            column,
            message: format!("impossible year {y} in \"horizon\" (expected {MIN_YEAR}–{MAX_YEAR})"),
        });
    }
    let (vocabulary, found) =
        Vocabulary::declared(meta.actor_kinds.as_deref(), meta.link_kinds.as_deref());
    for (path, message) in found {
        let (line, column) = locator.locate(&path, Target::Value);
        problems.push(Problem { file: shown.into(), line, column, message });
    }
    (meta, Some(vocabulary), problems)
}

/// A data layer or a scenario laid over a dataset while it is parsed: where its records went
/// in the dataset's lists, and what is needed to locate its problems in its own files.
pub(super) struct Layer<'r> {
    /// Whether it is a scenario (every link `proposed`), not a layer of data.
    pub(super) scenario: bool,
    /// The names of its files, as shown in messages.
    pub(super) names: [String; 4],
    /// Its files' bytes (`None` when absent); scenarios are small and never let go of.
    pub(super) files: [Option<&'r [u8]>; 4],
    /// For each [`DataFile`], the index in the dataset's list of its first record.
    pub(super) starts: [usize; 4],
    /// For a file whose broken records were dropped, the file index of each kept record.
    pub(super) kept: [Option<Vec<usize>>; 4],
    /// Its problems, located by path in its own files.
    pub(super) pending: Vec<Pending>,
}

impl<'r> Layer<'r> {
    /// Parses the layer `raw` and appends its records to `dataset`'s. Every file of a layer is
    /// optional: it may add only links between the dataset's actors.
    pub(super) fn parse(
        raw: &'r RawDataset,
        dataset: &mut Dataset,
        problems: &mut Vec<Problem>,
        unreadable: &mut [bool; 4],
        broken: &mut [HashSet<String>; 4],
        vocabulary: Option<&Vocabulary>,
    ) -> Layer<'r> {
        let mut layer = Layer {
            scenario: false,
            names: raw.files.each_ref().map(|(shown, _)| shown.clone()),
            files: raw.files.each_ref().map(|(_, bytes)| bytes.as_deref()),
            starts: [
                dataset.sources.len(),
                dataset.actors.len(),
                dataset.links.len(),
                dataset.milestones.len(),
            ],
            kept: Default::default(),
            pending: Vec::new(),
        };
        let mut ctx = Ctx {
            names: &layer.names,
            problems,
            pending: &mut layer.pending,
            kept: &mut layer.kept,
            unreadable,
            broken,
            vocabulary,
        };
        for f in DataFile::ALL {
            let Some(bytes) = layer.files[f.index()] else { continue };
            let text = match text_of(&layer.names[f.index()], bytes) {
                Ok(text) => text,
                Err(problem) => {
                    ctx.problems.push(problem);
                    ctx.unreadable[f.index()] = true;
                    continue;
                }
            };
            match f {
                DataFile::Sources => {
                    dataset.sources.extend(ctx.parse_file::<SourcesFile>(f, text).sources);
                }
                DataFile::Actors => {
                    dataset.actors.extend(ctx.parse_file::<ActorsFile>(f, text).actors);
                }
                DataFile::Links => dataset.links.extend(ctx.parse_file::<LinksFile>(f, text).links),
                DataFile::Milestones => {
                    dataset.milestones.extend(ctx.parse_file::<MilestonesFile>(f, text).milestones);
                }
            }
        }
        layer
    }

    /// The scenario's own rule, beside the dataset's: every link in it is `proposed`, written
    /// so (a scenario holds hypotheses, and its files say so to whoever reads them alone).
    pub(super) fn check(&self, links: &[crate::model::Link], found: &mut Vec<Pending>) {
        use crate::model::Confidence;
        for (i, link) in links.iter().enumerate() {
            let written = match link.confidence {
                Confidence::Proposed => continue,
                Confidence::Stated => "\"stated\" or left out",
                Confidence::Inferred => "\"inferred\"",
            };
            let index = self.starts[DataFile::Links.index()] + i;
            found.push(Pending {
                file: DataFile::Links,
                path: vec![Step::Key("links".into()), Step::Index(index), Step::Key("confidence".into())],
                target: Target::Value,
                message: format!(
                    "a scenario's links are proposed: write \"confidence\": \"proposed\" in link {} (found {written})",
                    link.id()
                ),
                first: None,
            });
        }
    }
}
