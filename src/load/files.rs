//! Parsing a dataset's files into its records, laying the layers over them, having them checked
//! and locating every problem found (by line and column, in the file it is in).

use super::folder::read_data_file;
use super::large::{self, Input};
use super::meta::Layer;
use super::records::{Ctx, LITERAL, number_at};
use super::{Check, Checked, Layers};
use crate::dataset::ends::ActorIx;
use crate::dataset::interned::Seed;
use crate::dataset::{DataFile, Pending, Unparsed};
use crate::error::{Error, Problem, Problems, Result};
use crate::locate::{JsonPath, Locator, Step, Target, line_column};
use crate::model::{ActorsFile, Dataset, LinksFile, MilestonesFile, SourcesFile};
use crate::vocabulary::Vocabulary;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The text of a file's bytes (without a UTF-8 byte order mark, which some editors write and
/// which carries no data), or the problem that it is not UTF-8.
pub(super) fn text_of<'b>(shown: &str, bytes: &'b [u8]) -> std::result::Result<&'b str, Problem> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(_)
            if bytes.starts_with(&[0xff, 0xfe, 0, 0]) || bytes.starts_with(&[0, 0, 0xfe, 0xff]) =>
        {
            let message = "not valid UTF-8: the file is UTF-32 (it starts with a UTF-32 byte \
                           order mark); save it as UTF-8";
            Err(Problem { file: shown.into(), line: 1, column: 1, message: message.into() })
        }
        Err(_) if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) => {
            let message = "not valid UTF-8: the file is UTF-16 (it starts with a UTF-16 byte \
                           order mark); save it as UTF-8";
            Err(Problem { file: shown.into(), line: 1, column: 1, message: message.into() })
        }
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // Safe: `valid_up_to` marks the end of the valid prefix.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let (line, column) = line_column(prefix, prefix.len());
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            let message = format!("not valid UTF-8 (byte 0x{byte:02x})");
            Err(Problem { file: shown.into(), line, column, message })
        }
    }
}

/// [`parse`] over texts it may let go of: when `reread` names the folder the files came from,
/// the text of a large file is freed as soon as it has parsed cleanly, and read again from there
/// only if a later check has a problem to locate in it. The text of a large `links.json` is a
/// large share of a command's peak memory, held only in case of a problem (see
/// docs/performance.md, "Memory"). `stream` is the
/// path of `links.json`, to be parsed by the large-input route as it is read, its bytes never held whole;
/// that parse also finds each link's actors, seeded with the actors' indices.
///
/// `layers` are laid over the dataset, data layers then scenarios: their records are parsed as
/// the dataset's own (the same fast and slow paths) and appended to its lists before any
/// check, so that they are checked with it and may name its actors and sources; a problem in
/// one is located in the layer's own file (see [`Layer`]).
pub(super) fn parse_files(
    name: &str,
    files: &mut [(String, Option<Cow<'_, [u8]>>); 4],
    reread: Option<&Path>,
    stream: Option<&Path>,
    layers: &Layers,
    vocabulary: Option<&Vocabulary>,
    check: Check,
) -> Result<Checked> {
    let scenarios = layers.scenarios;
    // Links and citations repeat a few values millions of times: share them (see `interned`).
    let _interning = crate::interned::interning();
    let names: [String; 4] = files.each_ref().map(|(shown, _)| shown.clone());
    let mut problems = Vec::new();
    let mut pending = Vec::new();
    // For a file whose broken records were dropped, the file index of each kept record.
    let mut kept: [Option<Vec<usize>>; 4] = Default::default();
    // Files that could not be read at all, and ids of records dropped as broken.
    let mut unreadable = [false; 4];
    let mut broken: [HashSet<String>; 4] = Default::default();
    let mut dropped = [false; 4];
    let mut dataset = Dataset {
        name: name.to_string(),
        vocabulary: vocabulary.cloned().unwrap_or_default(),
        ..Dataset::default()
    };
    let mut ends = None;
    let mut ctx = Ctx {
        names: &names,
        problems: &mut problems,
        pending: &mut pending,
        kept: &mut kept,
        unreadable: &mut unreadable,
        broken: &mut broken,
        vocabulary,
    };
    for f in DataFile::ALL {
        if f == DataFile::Links
            && let Some(path) = stream
        {
            // The actors are parsed by now: each link's ends are tagged with their indices.
            let ids =
                dataset.actors.iter().enumerate().map(|(i, a)| (a.id.as_str(), ActorIx::new(i)));
            let seed = std::sync::Arc::new(Seed::new(ids));
            match large::parse::<LinksFile>(f.array_key(), Input::File(path, &seed)) {
                Some((links, tags)) => {
                    dataset.links = links.links;
                    ends = tags;
                    dropped[f.index()] = true;
                    continue;
                }
                None => {
                    if let Some(bytes) = read_data_file(path)? {
                        files[f.index()].1 = Some(Cow::Owned(bytes));
                    }
                }
            }
        }
        let before = ctx.pending.len();
        let text = match files[f.index()].1.as_deref() {
            None if f.optional() => continue,
            None => {
                ctx.problems.push(whole_file(&names[f.index()], "file not found".into()));
                ctx.unreadable[f.index()] = true;
                continue;
            }
            Some(bytes) => match text_of(&names[f.index()], bytes) {
                Ok(text) => text,
                Err(problem) => {
                    ctx.problems.push(problem);
                    ctx.unreadable[f.index()] = true;
                    continue;
                }
            },
        };
        let is_large = text.len() >= large::MIN_BYTES;
        match f {
            DataFile::Sources => {
                dataset.sources = ctx.parse_file::<SourcesFile>(f, text).sources;
            }
            DataFile::Actors => dataset.actors = ctx.parse_file::<ActorsFile>(f, text).actors,
            DataFile::Links => dataset.links = ctx.parse_file::<LinksFile>(f, text).links,
            DataFile::Milestones => {
                dataset.milestones = ctx.parse_file::<MilestonesFile>(f, text).milestones;
            }
        }
        if reread.is_some() && is_large && ctx.pending.len() == before {
            files[f.index()].1 = None;
            dropped[f.index()] = true;
        }
    }

    let over = layers.data.iter().map(|raw| (raw, false));
    let mut layers: Vec<Layer> = over
        .chain(scenarios.iter().map(|raw| (raw, true)))
        .map(|(raw, scenario)| {
            let (problems, unreadable, broken) = (&mut problems, &mut unreadable, &mut broken);
            let mut layer =
                Layer::parse(raw, &mut dataset, problems, unreadable, broken, vocabulary);
            layer.scenario = scenario;
            layer
        })
        .collect();
    // The scenarios' actors follow the dataset's own and its data layers'.
    let layers_starts_actors =
        layers.iter().find(|l| l.scenario).map(|l| l.starts[DataFile::Actors.index()]);

    // Semantic checks see only the records that parsed and report them by their index in the
    // dataset; map those back to the record's index in its file.
    // Each record's kind becomes its vocabulary's, for the checks and the graph alike.
    let Dataset { vocabulary: v, actors, links, .. } = &mut dataset;
    v.resolve(actors, links);
    let unparsed = Unparsed {
        vocabulary_unreadable: vocabulary.is_none(),
        sources_unreadable: unreadable[DataFile::Sources.index()],
        actors_unreadable: unreadable[DataFile::Actors.index()],
        broken_sources: std::mem::take(&mut broken[DataFile::Sources.index()]),
        broken_actors: std::mem::take(&mut broken[DataFile::Actors.index()]),
    };
    let (mut found, ends) = check(&dataset, &unparsed, ends);
    for (k, layer) in layers.iter().enumerate().filter(|(_, l)| l.scenario) {
        let end = layers
            .get(k + 1)
            .map_or(dataset.links.len(), |next| next.starts[DataFile::Links.index()]);
        layer.check(&dataset.links[layer.starts[DataFile::Links.index()]..end], &mut found);
    }
    locate_firsts(&mut found, &layers, &kept, files, &names, reread);
    for mut p in found {
        let f = p.file.index();
        let Some(Step::Index(i)) = p.path.get_mut(1) else {
            pending.push(p);
            continue;
        };
        // The last layer starting at or before the record holds it (an empty layer starts
        // where the next one does).
        match layers.iter_mut().rposition(|l| l.starts[f] <= *i) {
            Some(k) => {
                let layer = &mut layers[k];
                *i -= layer.starts[f];
                if let Some(map) = &layer.kept[f] {
                    *i = map.get(*i).copied().unwrap_or(*i);
                }
                layer.pending.push(p);
            }
            None => {
                if let Some(map) = &kept[f] {
                    *i = map.get(*i).copied().unwrap_or(*i);
                }
                pending.push(p);
            }
        }
    }
    for layer in layers {
        let texts = layer.files.each_ref().map(|b| b.and_then(|b| text_of("", b).ok()));
        locate_all(&layer.names, &texts, layer.pending, &mut problems);
    }
    dataset.scenarios = scenarios.iter().map(|s| s.name.clone()).collect();
    if let Some(first) = layers_starts_actors {
        dataset.scenario_actors = dataset.actors[first..].iter().map(|a| a.id.clone()).collect();
    }
    if !pending.is_empty() {
        // The texts of the files with problems to locate, read again where they were let go.
        let mut again: [Option<Vec<u8>>; 4] = Default::default();
        for f in DataFile::ALL {
            if dropped[f.index()]
                && pending.iter().any(|p| p.file == f)
                && let Some(dir) = reread
            {
                again[f.index()] = read_data_file(&dir.join(f.file_name())).ok().flatten();
            }
        }
        let texts: [Option<&str>; 4] = DataFile::ALL.map(|f| {
            let bytes = again[f.index()].as_deref().or(files[f.index()].1.as_deref())?;
            text_of(&names[f.index()], bytes).ok()
        });
        locate_all(&names, &texts, pending, &mut problems);
    }

    if problems.is_empty() {
        Ok((dataset, ends))
    } else {
        problems.sort();
        problems.dedup();
        Err(Error::Invalid(Problems(problems)))
    }
}

/// Ends the message of each duplicate in `found` with where the record it repeats is
/// (`(first at FILE:LINE:COLUMN)`), in the dataset's files or in a layer's; each file is parsed
/// for locating once, however many duplicates point into it.
pub(super) fn locate_firsts(
    found: &mut [Pending],
    layers: &[Layer],
    kept: &[Option<Vec<usize>>; 4],
    files: &[(String, Option<Cow<'_, [u8]>>); 4],
    names: &[String; 4],
    reread: Option<&Path>,
) {
    // By layer (`None`: the dataset itself) and file, the duplicates pointing there: their
    // index in `found`, and the path of the first record in its own file.
    type Wanted = BTreeMap<(Option<usize>, usize), Vec<(usize, JsonPath)>>;
    let mut wanted = Wanted::new();
    for (n, p) in found.iter_mut().enumerate() {
        let Some(mut first) = p.first.take() else { continue };
        let f = p.file.index();
        let Some(Step::Index(i)) = first.get_mut(1) else { continue };
        // As for the problems themselves: the last layer starting at or before the record.
        let k = layers.iter().rposition(|l| l.starts[f] <= *i);
        let map = match k {
            Some(k) => {
                *i -= layers[k].starts[f];
                &layers[k].kept[f]
            }
            None => &kept[f],
        };
        if let Some(map) = map {
            *i = map.get(*i).copied().unwrap_or(*i);
        }
        wanted.entry((k, f)).or_default().push((n, first));
    }
    for ((k, f), list) in wanted {
        let (name, bytes) = match k {
            Some(k) => (&layers[k].names[f], layers[k].files[f].map(Cow::Borrowed)),
            None => {
                let again = || {
                    let path = reread?.join(DataFile::ALL[f].file_name());
                    read_data_file(&path).ok().flatten().map(Cow::Owned)
                };
                (&names[f], files[f].1.as_deref().map(Cow::Borrowed).or_else(again))
            }
        };
        let Some(text) = bytes.as_deref().and_then(|b| text_of("", b).ok()) else { continue };
        let locator = Locator::new(text);
        for (n, path) in list {
            let (line, column) = locator.locate(&path, Target::Value);
            found[n].message.push_str(&format!(" (first at {name}:{line}:{column})"));
        }
    }
}

pub(super) fn whole_file(shown: &str, message: String) -> Problem {
    Problem { file: shown.to_string(), line: 0, column: 0, message }
}

pub(super) fn locate_all(
    names: &[String; 4],
    texts: &[Option<&str>; 4],
    mut pending: Vec<Pending>,
    problems: &mut Vec<Problem>,
) {
    pending.sort_by_key(|p| p.file);
    for f in DataFile::ALL {
        let mine: Vec<&Pending> = pending.iter().filter(|p| p.file == f).collect();
        if mine.is_empty() {
            continue;
        }
        let text = texts[f.index()].unwrap_or_default();
        let locator = Locator::new(text);
        for p in mine {
            let (line, column) = locator.locate(&p.path, p.target);
            let mut message = p.message.clone();
            if message.contains(LITERAL) {
                let offset = locator.offset(&p.path, p.target);
                let literal = offset.and_then(|o| number_at(text, o)).unwrap_or("(a number)");
                message = message.replace(LITERAL, literal);
            }
            problems.push(Problem { file: names[f.index()].clone(), line, column, message });
        }
    }
}
