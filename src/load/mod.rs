//! The load layer: reading a dataset from its folder (or from the copy built into the binary),
//! parsing it into the dataset layer's records and turning every problem in it into a located
//! [`Problem`]. It knows neither the checks nor the graph: the caller gives the checks
//! ([`Check`]), and the layer above them (`open`) puts reading, checking and building together.
//!
//! Parsing takes a fast path first: each file is deserialised straight into its typed form. Only
//! when that fails does a slower, record-by-record pass run, so that every broken record is
//! reported (not only the first) and the valid ones still reach the semantic checks.

use crate::dataset::ends::{ActorIx, Ends};
use crate::dataset::interned::Seed;
use crate::dataset::{Pending, Unparsed};
use crate::error::{Error, Problem, Problems, Result};
use crate::locate::{JsonPath, Locator, Step, Target, char_column, line_column};
use crate::model::{
    ActorsFile, Dataset, DatasetMeta, LinksFile, MAX_YEAR, MIN_YEAR, MilestonesFile, SourcesFile,
};
use crate::vocabulary::Vocabulary;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

mod fast;

pub use crate::dataset::{DataFile, META_FILE, RawDataset};

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

/// The built-in dataset, compiled into the binary from `graph/`.
pub fn builtin() -> RawDataset {
    let file = |name: &str, text: &str| (format!("graph/{name}"), Some(text.as_bytes().to_vec()));
    RawDataset {
        name: "mesocentres".into(),
        files: [
            file("sources.json", include_str!("../../graph/sources.json")),
            file("actors.json", include_str!("../../graph/actors.json")),
            file("links.json", include_str!("../../graph/links.json")),
            file("milestones.json", include_str!("../../graph/milestones.json")),
        ],
        meta: file(META_FILE, include_str!("../../graph/dataset.json")),
    }
}

/// The built-in scenarios, compiled from the folders of `graph/scenarios/` (see `build.rs`):
/// each one's name and, for each [`DataFile`], its text when the folder holds that file.
const BUILTIN_SCENARIOS: &[(&str, [Option<&str>; 4])] =
    include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));

/// The names of the built-in scenarios, in name order.
pub fn builtin_scenario_names() -> Vec<&'static str> {
    BUILTIN_SCENARIOS.iter().map(|(name, _)| *name).collect()
}

/// The built-in scenario called `name` (`frt2` is `graph/scenarios/frt2/`), if there is one.
pub fn builtin_scenario(name: &str) -> Option<RawDataset> {
    let (name, texts) = BUILTIN_SCENARIOS.iter().find(|(n, _)| *n == name)?;
    let mut files =
        DataFile::ALL.map(|f| (format!("graph/scenarios/{name}/{}", f.file_name()), None));
    for (file, text) in files.iter_mut().zip(texts) {
        file.1 = text.map(|t| t.as_bytes().to_vec());
    }
    let meta = (format!("graph/scenarios/{name}/{META_FILE}"), None);
    Some(RawDataset { name: (*name).to_string(), files, meta })
}

/// Reads a scenario folder: the dataset format, every file optional, named after the folder.
///
/// # Errors
/// [`Error::Io`] when `dir` is not a readable folder or holds none of the four files.
pub fn read_scenario(dir: &Path) -> Result<RawDataset> {
    read_folder(dir, "a scenario")
}

/// Reads a folder of records to lay over a dataset (a second `--data`): the dataset format,
/// every file optional (see [`load_graph_layered`]).
///
/// # Errors
/// [`Error::Io`] when `dir` is not a readable folder or holds none of the four files.
pub fn read_layer(dir: &Path) -> Result<RawDataset> {
    read_folder(dir, "a dataset")
}

/// [`read_dir`], refusing a folder that holds none of the four files: not `what` folder.
fn read_folder(dir: &Path, what: &str) -> Result<RawDataset> {
    let raw = read_dir(dir)?;
    if raw.files.iter().all(|(_, bytes)| bytes.is_none()) {
        let names: Vec<&str> = DataFile::ALL.iter().map(|f| f.file_name()).collect();
        let message = format!("not {what} folder: it holds none of {}", names.join(", "));
        let source = std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
        return Err(Error::Io { path: dir.into(), source });
    }
    Ok(raw)
}

/// Reads the files of the dataset in `dir`. A missing file is reported by [`parse`], not here.
///
/// # Errors
/// [`Error::Io`] when `dir` is not a readable folder or a file exists but cannot be read.
pub fn read_dir(dir: &Path) -> Result<RawDataset> {
    read_files(dir, None).map(|(raw, _)| raw)
}

/// [`read_dir`], leaving out the bytes of `stream` (to be parsed from the file as it is read),
/// and whether that file is there to be.
fn read_files(dir: &Path, stream: Option<DataFile>) -> Result<(RawDataset, bool)> {
    let meta = std::fs::metadata(dir).map_err(|source| Error::Io { path: dir.into(), source })?;
    if !meta.is_dir() {
        return Err(Error::Io {
            path: dir.into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a folder"),
        });
    }
    let mut streamable = false;
    let mut read = |f: DataFile| -> Result<(String, Option<Vec<u8>>)> {
        let path = dir.join(f.file_name());
        let shown = path.display().to_string();
        if stream == Some(f) {
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_file() => {
                    streamable = true;
                    return Ok((shown, None));
                }
                // Anything else (absent, a dangling link, not a regular file) is read as
                // usual, which reports what is wrong.
                _ => {}
            }
        }
        Ok((shown, read_data_file(&path)?))
    };
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    let files = [
        read(DataFile::Sources)?,
        read(DataFile::Actors)?,
        read(DataFile::Links)?,
        read(DataFile::Milestones)?,
    ];
    let meta_path = dir.join(META_FILE);
    let meta = match std::fs::read(&meta_path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(Error::Io { path: meta_path, source }),
    };
    let meta = (meta_path.display().to_string(), meta);
    Ok((RawDataset { name, files, meta }, streamable))
}

/// The vocabulary of the dataset in `dir` (its `dataset.json`'s kinds, else the built-in ones),
/// or of the built-in dataset when `dir` is `None`; its records are not read.
///
/// # Errors
/// [`Error::Io`] when `dataset.json` cannot be read, [`Error::Invalid`] with its problems.
pub fn read_vocabulary(dir: Option<&Path>) -> Result<Vocabulary> {
    let (shown, bytes) = match dir {
        None => builtin().meta,
        Some(dir) => {
            // A folder that is not there is an error, not a dataset without dataset.json.
            std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.into(), source })?;
            let path = dir.join(META_FILE);
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => return Err(Error::Io { path, source }),
            };
            (path.display().to_string(), bytes)
        }
    };
    match parse_meta(&shown, bytes.as_deref()) {
        (_, Some(vocabulary), problems) if problems.is_empty() => Ok(vocabulary),
        (_, _, problems) => Err(Error::Invalid(Problems(problems))),
    }
}

/// The bytes of the dataset file at `path`, `None` when there is no such file.
///
/// Only a regular file is read: a FIFO with no writer would block forever and a device such as
/// `/dev/zero` never ends, so anything else (also behind a symbolic link) is refused, naming the
/// file. A symbolic link to nothing is an error naming the link, not an absent file. Reading
/// stops at the first significant byte that cannot start a JSON value (after whitespace and a
/// UTF-8 byte order mark): the parser reports that byte, and nothing after it is needed.
///
/// # Errors
/// [`Error::Io`] naming `path`.
pub fn read_data_file(path: &Path) -> Result<Option<Vec<u8>>> {
    use std::io::{ErrorKind, Read};
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let refuse = |kind: ErrorKind, reason: String| Error::Io {
        path: path.into(),
        source: std::io::Error::new(kind, reason),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return match std::fs::read_link(path) {
                Ok(target) => Err(refuse(
                    ErrorKind::NotFound,
                    format!(
                        "a symbolic link to \"{}\", which does not exist",
                        crate::error::printable(&target.to_string_lossy())
                    ),
                )),
                Err(_) => Ok(None),
            };
        }
        Err(source) => return Err(Error::Io { path: path.into(), source }),
    };
    let not_regular = |t: std::fs::FileType| {
        let what = if t.is_dir() {
            "a folder"
        } else if t.is_fifo() {
            "a FIFO"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else if t.is_socket() {
            "a socket"
        } else {
            "not a file"
        };
        refuse(
            ErrorKind::InvalidInput,
            format!("not a regular file ({what}); a dataset file must be one"),
        )
    };
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    // Non-blocking, should the file have been replaced by a FIFO since: opening one then
    // returns at once, and the handle's own type is checked again.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|source| Error::Io { path: path.into(), source })?;
    let meta = file.metadata().map_err(|source| Error::Io { path: path.into(), source })?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let io = |source| Error::Io { path: path.into(), source };
    let mut bytes = Vec::new();
    (&mut file).take(4096).read_to_end(&mut bytes).map_err(io)?;
    if let Some(cut) = cannot_start_json(&bytes) {
        bytes.truncate(cut);
        return Ok(Some(bytes));
    }
    let mut rest = Vec::with_capacity(meta.len().saturating_sub(bytes.len() as u64) as usize);
    file.read_to_end(&mut rest).map_err(io)?;
    bytes.extend(rest);
    Ok(Some(bytes))
}

/// When the first significant byte of `head` (after whitespace and a UTF-8 byte order mark)
/// cannot start a JSON value: how much of `head` to keep for the parser to report it (that byte
/// and the rest of its character; the first four bytes of a UTF-16 or UTF-32 byte order mark).
fn cannot_start_json(head: &[u8]) -> Option<usize> {
    if head.starts_with(&[0xff, 0xfe])
        || head.starts_with(&[0xfe, 0xff])
        || head.starts_with(&[0, 0, 0xfe, 0xff])
    {
        return Some(head.len().min(4));
    }
    let body = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let offset = head.len() - body.len();
    let at = body.iter().position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))?;
    if matches!(body[at], b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') {
        return None;
    }
    let mut end = offset + at + 1;
    while end < head.len() && end < offset + at + 4 && (0x80..0xc0).contains(&head[end]) {
        end += 1;
    }
    Some(end)
}

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

/// The dataset `parse` reads and checks with the vocabulary of `meta` (`dataset.json`; `None`
/// when that file cannot be read, and then no kind is checked) and of the data `layers` over it,
/// and the [`DatasetMeta`] they say together ([`merge_meta`]). The problems of the
/// `dataset.json` files come first, before those of the other files.
fn with_meta(
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
fn merge_meta(
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
    /// Further data layers ([`read_layer`], [`builtin`]).
    pub data: &'a [RawDataset],
    /// Scenarios ([`read_scenario`], [`builtin_scenario`]).
    pub scenarios: &'a [RawDataset],
}

/// Parses `dataset.json` (absent: nothing to say, the built-in vocabulary) and checks its
/// horizon and vocabulary: what it says, its vocabulary (`None` when the file cannot be read)
/// and its problems, located.
fn parse_meta(
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

/// A valid dataset, and the indices in its `actors` of the two ends of each link: found once,
/// while parsing or checking, and used again to build the graph.
pub(crate) type Checked = (Dataset, Vec<Ends>);

/// The semantic checks, given by the caller (the loader parses and locates; what is checked is
/// not its concern): the problems of a parsed dataset, located by path, and the actors at both
/// ends of each link (found while parsing when given, else looked up).
pub(crate) type Check = fn(&Dataset, &Unparsed, Option<Vec<Ends>>) -> (Vec<Pending>, Vec<Ends>);

/// The text of a file's bytes (without a UTF-8 byte order mark, which some editors write and
/// which carries no data), or the problem that it is not UTF-8.
fn text_of<'b>(shown: &str, bytes: &'b [u8]) -> std::result::Result<&'b str, Problem> {
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
/// path of `links.json`, to be parsed by [`stream`] as it is read, its bytes never held whole;
/// that parse also finds each link's actors, seeded with the actors' indices.
///
/// `layers` are laid over the dataset, data layers then scenarios: their records are parsed as
/// the dataset's own (the same fast and slow paths) and appended to its lists before any
/// check, so that they are checked with it and may name its actors and sources; a problem in
/// one is located in the layer's own file (see [`Layer`]).
fn parse_files(
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
            match stream::parse::<LinksFile>(f.array_key(), path, &seed) {
                Some((links, tags)) => {
                    dataset.links = links.links;
                    ends = Some(tags);
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
        let large = text.len() >= split::MIN_BYTES;
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
        if reread.is_some() && large && ctx.pending.len() == before {
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

/// A data layer or a scenario laid over a dataset while it is parsed: where its records went
/// in the dataset's lists, and what is needed to locate its problems in its own files.
struct Layer<'r> {
    /// Whether it is a scenario (every link `proposed`), not a layer of data.
    scenario: bool,
    /// The names of its files, as shown in messages.
    names: [String; 4],
    /// Its files' bytes (`None` when absent); scenarios are small and never let go of.
    files: [Option<&'r [u8]>; 4],
    /// For each [`DataFile`], the index in the dataset's list of its first record.
    starts: [usize; 4],
    /// For a file whose broken records were dropped, the file index of each kept record.
    kept: [Option<Vec<usize>>; 4],
    /// Its problems, located by path in its own files.
    pending: Vec<Pending>,
}

impl<'r> Layer<'r> {
    /// Parses the layer `raw` and appends its records to `dataset`'s. Every file of a layer is
    /// optional: it may add only links between the dataset's actors.
    fn parse(
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
    fn check(&self, links: &[crate::model::Link], found: &mut Vec<Pending>) {
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

/// Ends the message of each duplicate in `found` with where the record it repeats is
/// (`(first at FILE:LINE:COLUMN)`), in the dataset's files or in a layer's; each file is parsed
/// for locating once, however many duplicates point into it.
fn locate_firsts(
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

fn whole_file(shown: &str, message: String) -> Problem {
    Problem { file: shown.to_string(), line: 0, column: 0, message }
}

fn locate_all(
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

/// What parsing the files accumulates.
struct Ctx<'a> {
    names: &'a [String; 4],
    problems: &'a mut Vec<Problem>,
    pending: &'a mut Vec<Pending>,
    kept: &'a mut [Option<Vec<usize>>; 4],
    unreadable: &'a mut [bool; 4],
    broken: &'a mut [HashSet<String>; 4],
    /// The dataset's vocabulary, to tell of a broken record's kind too (`None`: not checked).
    vocabulary: Option<&'a Vocabulary>,
}

impl Ctx<'_> {
    /// The typed form of one file. The fast path deserialises the whole text at once; on a
    /// data error (not a syntax error) the slow path goes record by record, reporting each
    /// broken one and keeping the others.
    fn parse_file<T>(&mut self, file: DataFile, text: &str) -> T
    where
        T: DeserializeOwned + Default + Records,
        T::Record: Send,
    {
        let shown = &self.names[file.index()];
        if text.trim().is_empty() {
            let message =
                format!("empty file (expected an object with an array \"{}\")", file.array_key());
            self.problems.push(Problem { file: shown.clone(), line: 1, column: 1, message });
            self.unreadable[file.index()] = true;
            return T::default();
        }
        if let Some(parsed) = split::parse::<T>(file.array_key(), text) {
            return parsed;
        }
        let error = match serde_json::from_str::<T>(text) {
            Ok(parsed) => return parsed,
            Err(e) => e,
        };
        // The record-by-record pass needs the document as a value. A syntax error the typed pass
        // did not reach (it stops at the first wrong type), such as nesting deeper than
        // serde_json's recursion limit, shows up here and is located the same way.
        let reparsed = (!error.is_syntax() && !error.is_eof())
            .then(|| serde_json::from_str::<serde_json::Value>(text));
        let value = match reparsed {
            Some(Ok(value)) => value,
            failed => {
                let syntax = match &failed {
                    Some(Err(e)) => e,
                    _ => &error,
                };
                self.problems.push(serde_problem(shown, text, syntax, "malformed JSON: "));
                self.unreadable[file.index()] = true;
                return T::default();
            }
        };
        let before = self.pending.len();
        let (parsed, kept, broken) = slow_path(file, value, self.pending, self.vocabulary);
        if self.pending.len() == before {
            // The typed pass failed where the record-by-record pass sees nothing wrong: the
            // document as a value hides it, as with a key written twice (the value keeps the
            // last). Report what the typed pass found, so that it is never accepted silently.
            let problem = serde_problem(shown, text, &error, "");
            self.problems.push(problem);
        }
        self.kept[file.index()] = Some(kept);
        match broken {
            Some(ids) => self.broken[file.index()] = ids,
            None => self.unreadable[file.index()] = true,
        }
        parsed
    }
}

/// Parsing a large file on two threads: each parses half of its records.
///
/// Parsing is the largest phase of a command on a large dataset, and the machines this runs on
/// have 2 cores (see docs/performance.md, "Parsing"). The first thread parses records in order from
/// the start; the second guesses a record boundary near the middle (a `}`, a comma, a `{`) and
/// parses from there to the end. The guess is trusted only when the first thread, parsing exactly,
/// lands on it; otherwise the first thread goes on alone. Anything unusual (another layout, a
/// broken record) returns `None`, and the caller takes the ordinary path, which reports problems
/// exactly, so the result is always the one `serde_json::from_str` gives.
mod split {
    use super::Records;
    use crate::dataset::ends::Ends;
    use serde::de::DeserializeOwned;

    /// Below this size, one thread is quicker than two.
    pub(super) const MIN_BYTES: usize = 1 << 20;

    pub(super) fn skip_ws(b: &[u8], mut p: usize) -> usize {
        while p < b.len() && matches!(b[p], b' ' | b'\n' | b'\r' | b'\t') {
            p += 1;
        }
        p
    }

    /// One JSON value of type `V` at `text[p..]`, and the offset just after it.
    fn value<V: DeserializeOwned>(text: &str, p: usize) -> Option<(V, usize)> {
        let mut stream = serde_json::Deserializer::from_str(&text[p..]).into_iter::<V>();
        let v = stream.next()?.ok()?;
        Some((v, p + stream.byte_offset()))
    }

    /// Records from `p` (the start of a record) on, until the array ends (`Some(offset after
    /// ']')`) or, when `stop` is given, until the next record starts exactly there (`None`).
    /// `Err(())` on anything unexpected.
    ///
    /// With `ends`, the endpoints' tags of each record ([`Records::ends`]) are pushed there as it
    /// is parsed, while its values are still in the cache.
    pub(super) fn records<T: Records>(
        text: &str,
        mut p: usize,
        stop: Option<usize>,
        out: &mut Vec<T::Record>,
        mut ends: Option<&mut Vec<Ends>>,
    ) -> Result<Option<usize>, ()> {
        let b = text.as_bytes();
        loop {
            let (record, next) = match T::quick(text, p) {
                Some(read) => read,
                None => value::<T::Record>(text, p).ok_or(())?,
            };
            if let Some(ends) = ends.as_deref_mut() {
                ends.push(T::ends(&record));
            }
            out.push(record);
            p = skip_ws(b, next);
            match b.get(p) {
                Some(b',') => p = skip_ws(b, p + 1),
                Some(b']') => return Ok(Some(p + 1)),
                _ => return Err(()),
            }
            T::ahead(text, p);
            if stop == Some(p) {
                return Ok(None);
            }
        }
    }

    /// A likely record start at or after `from`: the `{` of `}` `,` `{` (with any whitespace).
    ///
    /// The objects nested in a record (its citations) match the same pattern, so among the
    /// candidates of the next 64 KiB this takes the first of those that start a line with the
    /// least indentation (in files with one record per line, and in pretty-printed ones, that is
    /// a record), and else the first candidate. Callers verify the guess either way.
    pub(super) fn guess(b: &[u8], from: usize) -> Option<usize> {
        let horizon = from.saturating_add(64 << 10).min(b.len());
        let (mut p, mut first, mut best) = (from, None, None::<(usize, usize)>);
        while let Some(i) = b.get(p..)?.iter().position(|&c| c == b',') {
            let comma = p + i;
            if comma >= horizon && first.is_some() {
                break;
            }
            let before = b[..comma].iter().rposition(|c| !c.is_ascii_whitespace());
            let after = skip_ws(b, comma + 1);
            if before.is_some_and(|i| b[i] == b'}') && b.get(after) == Some(&b'{') {
                first.get_or_insert(after);
                if let Some(nl) = b[comma + 1..after].iter().rposition(|&c| c == b'\n') {
                    let indent = after - (comma + 2 + nl);
                    if best.is_none_or(|(least, _)| indent < least) {
                        best = Some((indent, after));
                    }
                }
            }
            p = comma + 1;
        }
        best.map(|(_, at)| at).or(first)
    }

    /// `{` [`"$schema": "…",`] `"KEY": [` then the first record's `{`, the layout of
    /// hand-written and generated files: the `$schema` and the offset of that `{`.
    pub(super) fn header(text: &str, key: &str) -> Option<(Option<String>, usize)> {
        let b = text.as_bytes();
        let mut p = skip_ws(b, 0);
        if b.get(p) != Some(&b'{') {
            return None;
        }
        p = skip_ws(b, p + 1);
        let mut schema = None;
        if text[p..].starts_with("\"$schema\"") {
            p = skip_ws(b, p + "\"$schema\"".len());
            if b.get(p) != Some(&b':') {
                return None;
            }
            let (s, next) = value::<String>(text, skip_ws(b, p + 1))?;
            schema = Some(s);
            p = skip_ws(b, next);
            if b.get(p) != Some(&b',') {
                return None;
            }
            p = skip_ws(b, p + 1);
        }
        let quoted = format!("\"{key}\"");
        if !text[p..].starts_with(&quoted) {
            return None;
        }
        p = skip_ws(b, p + quoted.len());
        if b.get(p) != Some(&b':') {
            return None;
        }
        p = skip_ws(b, p + 1);
        if b.get(p) != Some(&b'[') {
            return None;
        }
        let first = skip_ws(b, p + 1);
        (b.get(first) == Some(&b'{')).then_some((schema, first))
    }

    /// The file parsed on two threads, or `None` to take the ordinary path.
    pub(super) fn parse<T: Records>(key: &str, text: &str) -> Option<T>
    where
        T::Record: Send,
    {
        let b = text.as_bytes();
        if b.len() < MIN_BYTES {
            return None;
        }
        let (schema, first) = header(text, key)?;
        let middle = guess(b, first + (b.len() - first) / 2);
        // Room for every record up front: growing by doubling copied the records and touched
        // fresh pages at each step (see docs/performance.md, "Memory"). No
        // record is shorter than 48 bytes, and capacity never touched costs no memory.
        let mut head = Vec::with_capacity((b.len() - first) / 48);
        let (head_end, tail) = std::thread::scope(|scope| {
            let tail = middle.map(|m| {
                scope.spawn(move || {
                    // This thread's own table: sharing one would make both threads contend.
                    let _interning = crate::interned::interning();
                    let mut out = Vec::with_capacity((b.len() - m) / 48);
                    records::<T>(text, m, None, &mut out, None).map(|end| (out, end))
                })
            });
            let head_end = records::<T>(text, first, middle, &mut head, None);
            (head_end, tail.map(|t| t.join()))
        });
        let end = match head_end.ok()? {
            // The first thread reached the guessed boundary: the second one's records follow.
            None => {
                let (rest, end) = tail?.ok()?.ok()?;
                head.extend(rest);
                end?
            }
            Some(end) => end,
        };
        let p = skip_ws(b, end);
        (b.get(p) == Some(&b'}') && skip_ws(b, p + 1) == b.len())
            .then(|| T::from_records(schema, head))
    }
}

/// Parsing a large file without holding its text: a fixed number of chunks read and parsed on
/// two threads, each chunk freed once parsed.
///
/// The text of a large `links.json` takes as much memory as the records parsed from it (see
/// docs/performance.md, "Parsing"), and the ordinary path holds both at once. Here the file is cut
/// into chunks at guessed record boundaries (as in [`split`]); chunk 0 starts at the first record,
/// and every chunk must parse exactly up to the next cut, which proves that cut a real boundary.
/// Anything unusual (another layout, a broken record, a file that changes while read) returns
/// `None`, and the caller reads the whole file and takes the ordinary path, which reports problems
/// exactly.
mod stream {
    use super::Records;
    use super::split::{MIN_BYTES, guess, header, records, skip_ws};
    use crate::dataset::ends::Ends;
    use crate::interned::Seed;
    use std::collections::BTreeMap;
    use std::fs::File;
    use std::os::unix::fs::FileExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, mpsc};

    /// About this many bytes per chunk: large enough that cutting costs nothing, small enough
    /// that two chunks in flight are a small part of the records they hold.
    const CHUNK: u64 = 8 << 20;
    /// How far past a chunk's nominal end a record boundary is looked for.
    const WINDOW: usize = 64 << 10;

    fn read_at(file: &File, at: u64, len: usize, buf: &mut Vec<u8>) -> Option<()> {
        buf.clear();
        buf.resize(len, 0);
        file.read_exact_at(buf, at).ok()
    }

    /// The file at `path` parsed chunk by chunk, with the endpoints' tags of each record (see
    /// [`Records::ends`]) after `seed` is interned with its tags on every thread; or `None` to
    /// take the ordinary path.
    pub(super) fn parse<T: Records>(
        key: &str,
        path: &Path,
        seed: &Arc<Seed>,
    ) -> Option<(T, Vec<Ends>)>
    where
        T::Record: Send,
    {
        parse_in(key, path, CHUNK, MIN_BYTES as u64, seed)
    }

    /// [`parse`] with chunks of about `every` bytes, for files of at least `min` bytes.
    pub(super) fn parse_in<T: Records>(
        key: &str,
        path: &Path,
        every: u64,
        min: u64,
        seed: &Arc<Seed>,
    ) -> Option<(T, Vec<Ends>)>
    where
        T::Record: Send,
    {
        let file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        if size < min || size > usize::MAX as u64 {
            return None;
        }
        let mut buf = Vec::new();
        read_at(&file, 0, WINDOW.min(size as usize), &mut buf)?;
        // The window may end inside a character: its valid part holds the header or nothing does.
        let prefix = match std::str::from_utf8(&buf) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&buf[..e.valid_up_to()]).ok()?,
        };
        let (schema, first) = header(prefix, key)?;
        // Cuts: the first record, then a guessed record start near every CHUNK bytes.
        let mut cuts = vec![first as u64];
        let mut at = first as u64 + every;
        while at + (WINDOW as u64) < size {
            read_at(&file, at, WINDOW, &mut buf)?;
            let cut = at + guess(&buf, 0)? as u64;
            cuts.push(cut);
            at = cut + every;
        }
        let chunks = cuts.len();
        let next = AtomicUsize::new(0);
        let (send, receive) = mpsc::channel::<(usize, Option<Chunk<T::Record>>)>();
        let threads = crate::memory::threads().min(2);
        // Room for every record up front, as in `split`: capacity never touched costs nothing.
        let mut all = Vec::with_capacity((size as usize - first) / 48);
        let mut all_ends = Vec::new();
        let complete = std::thread::scope(|scope| {
            for _ in 0..threads {
                let (file, cuts, next, send) = (&file, &cuts, &next, send.clone());
                scope.spawn(move || {
                    let _interning = crate::interned::interning();
                    crate::interned::seed(seed);
                    let mut buf = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= chunks {
                            return;
                        }
                        let end = cuts.get(k + 1).copied().unwrap_or(size);
                        let parsed = chunk::<T>(file, cuts[k], end, k + 1 == chunks, &mut buf);
                        let failed = parsed.is_none();
                        if send.send((k, parsed)).is_err() || failed {
                            // Stop the others early: nothing of this file will be kept.
                            next.store(chunks, Ordering::Relaxed);
                            return;
                        }
                    }
                });
            }
            drop(send);
            // Chunks arrive in any order; each is appended as soon as those before it are in.
            let mut waiting = BTreeMap::new();
            let (mut appended, mut ended) = (0, false);
            for (k, parsed) in receive {
                let (records, ends, last) = parsed?;
                waiting.insert(k, (records, ends));
                while let Some((records, ends)) = waiting.remove(&appended) {
                    all.extend(records);
                    all_ends.extend(ends);
                    appended += 1;
                }
                ended |= last;
            }
            (appended == chunks && ended).then_some(())
        });
        complete.map(|()| (T::from_records(schema, all), all_ends))
    }

    /// A chunk's records, their endpoints' tags, and whether it is the last one.
    type Chunk<R> = (Vec<R>, Vec<Ends>, bool);

    /// The records of the chunk `[start, end)`: it must end exactly at `end` (the next record's
    /// start) or, when `last`, close the array and the document. `(records, last)`.
    fn chunk<T: Records>(
        file: &File,
        start: u64,
        end: u64,
        last: bool,
        buf: &mut Vec<u8>,
    ) -> Option<Chunk<T::Record>> {
        read_at(file, start, (end - start) as usize, buf)?;
        // Cuts fall on a `{`, so a chunk of a UTF-8 file is UTF-8 on its own.
        let text = std::str::from_utf8(buf).ok()?;
        let mut out = Vec::with_capacity(text.len() / 160);
        let mut ends = Vec::with_capacity(text.len() / 160);
        let b = text.as_bytes();
        if last {
            let close = records::<T>(text, 0, None, &mut out, Some(&mut ends)).ok()??;
            let p = skip_ws(b, close);
            (b.get(p) == Some(&b'}') && skip_ws(b, p + 1) == b.len()).then_some((out, ends, true))
        } else {
            match records::<T>(text, 0, Some(b.len()), &mut out, Some(&mut ends)) {
                Ok(None) => Some((out, ends, false)),
                _ => None,
            }
        }
    }
}

/// A serde_json error as a located problem, its message without serde_json's own position.
fn serde_problem(shown: &str, text: &str, error: &serde_json::Error, prefix: &str) -> Problem {
    let message = error.to_string();
    let message = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
    Problem {
        file: shown.to_string(),
        line: error.line().max(1),
        column: char_column(text, error.line(), error.column()).max(1),
        message: format!("{prefix}{}", humane(message)),
    }
}

/// A file type whose records can be deserialised one at a time.
pub(crate) trait Records: Sized {
    /// The record type.
    type Record: DeserializeOwned;
    /// Builds the file from its `$schema` and records.
    fn from_records(schema: Option<String>, records: Vec<Self::Record>) -> Self;
    /// For the links, the actors a record links, as the interning seeded with the actor ids
    /// found them while parsing it ([`ActorIx::NONE`] for an id not in the seed);
    /// [`Ends::MISSING`] for the other records.
    fn ends(_record: &Self::Record) -> Ends {
        Ends::MISSING
    }
    /// The record at `text[p..]` and the offset after it when a reader quicker than serde takes
    /// it, reading it exactly as serde would; `None` leaves it to serde.
    fn quick(_text: &str, _p: usize) -> Option<(Self::Record, usize)> {
        None
    }
    /// Told, once a record is parsed, that the next one starts at `text[p..]`: a chance to ask
    /// for what reading the next ones will need (a hint).
    fn ahead(_text: &str, _p: usize) {}
}

impl Records for SourcesFile {
    type Record = crate::model::Source;
    fn from_records(schema: Option<String>, sources: Vec<Self::Record>) -> Self {
        SourcesFile { schema, sources }
    }
}

impl Records for ActorsFile {
    type Record = crate::model::Actor;
    fn from_records(schema: Option<String>, actors: Vec<Self::Record>) -> Self {
        ActorsFile { schema, actors }
    }
}

impl Records for LinksFile {
    type Record = crate::model::Link;
    fn from_records(schema: Option<String>, links: Vec<Self::Record>) -> Self {
        LinksFile { schema, links }
    }
    fn ends(link: &Self::Record) -> Ends {
        let [from, to] = crate::interned::tags_of([&link.from, &link.to]);
        Ends { from, to }
    }
    fn quick(text: &str, p: usize) -> Option<(Self::Record, usize)> {
        fast::link(text, p)
    }
    fn ahead(text: &str, p: usize) {
        fast::ahead(text, p);
    }
}

impl Records for MilestonesFile {
    type Record = crate::model::Milestone;
    fn from_records(schema: Option<String>, milestones: Vec<Self::Record>) -> Self {
        MilestonesFile { schema, milestones }
    }
}

/// The records that parse, the file index of each, and the ids of those that do not (`None`
/// when the file's array itself is missing or not an array, so nothing of it is known).
fn slow_path<T: Records>(
    file: DataFile,
    value: serde_json::Value,
    pending: &mut Vec<Pending>,
    vocabulary: Option<&Vocabulary>,
) -> (T, Vec<usize>, Option<HashSet<String>>) {
    let key = file.array_key();
    let mut report = |path: JsonPath, target: Target, message: String| {
        pending.push(Pending { file, path, target, message, first: None });
    };
    let serde_json::Value::Object(top) = value else {
        report(
            vec![],
            Target::Value,
            format!("expected an object with an array \"{key}\", found {}", type_name(&value)),
        );
        return (T::from_records(None, vec![]), vec![], None);
    };
    let mut schema = None;
    let mut records = Vec::new();
    let mut kept = Vec::new();
    let mut broken = HashSet::new();
    let mut found = false;
    let mut array_ok = true;
    for (k, v) in top {
        if k == "$schema" {
            match v {
                serde_json::Value::String(s) => schema = Some(s),
                other => report(
                    vec![Step::Key(k)],
                    Target::Value,
                    format!("\"$schema\" must be a string, found {}", type_name(&other)),
                ),
            }
        } else if k == key {
            found = true;
            let serde_json::Value::Array(items) = v else {
                report(
                    vec![Step::Key(k)],
                    Target::Value,
                    format!("\"{key}\" must be an array, found {}", type_name(&v)),
                );
                array_ok = false;
                continue;
            };
            for (index, item) in items.into_iter().enumerate() {
                let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
                match serde_path_to_error::deserialize::<_, T::Record>(&item) {
                    Ok(record) => {
                        records.push(record);
                        kept.push(index);
                    }
                    Err(e) => {
                        // The kind is checked here, as the record will not reach the checks.
                        if let Some(message) = unknown_kind(file, vocabulary, &item) {
                            let path = vec![
                                Step::Key(key.into()),
                                Step::Index(index),
                                Step::Key("kind".into()),
                            ];
                            report(path, Target::Value, message);
                        }
                        for (path, target, message) in
                            record_problems::<T::Record>(key, index, item, e)
                        {
                            report(path, target, message);
                        }
                        broken.extend(id);
                    }
                }
            }
        } else {
            let message = format!("unknown field \"{k}\" (expected \"{key}\" or \"$schema\")");
            report(vec![Step::Key(k)], Target::Key, message);
        }
    }
    if !found {
        report(vec![], Target::Value, format!("missing field \"{key}\""));
    }
    let known = (found && array_ok).then_some(broken);
    (T::from_records(schema, records), kept, known)
}

/// The problem of a broken record's kind, when it is a string `vocabulary` does not have.
fn unknown_kind(
    file: DataFile,
    vocabulary: Option<&Vocabulary>,
    item: &serde_json::Value,
) -> Option<String> {
    let (v, kind) = (vocabulary?, item.get("kind")?.as_str()?);
    match file {
        DataFile::Actors => v.actor_kind(kind).is_none().then(|| v.unknown_actor_kind(kind)),
        DataFile::Links => v.link_kind(kind).is_none().then(|| v.unknown_link_kind(kind)),
        _ => None,
    }
}

/// Every problem of one record, not only the first that serde meets: after each one, the field
/// it lies in is taken out and the record read again. A field reported missing only because it
/// was taken out, or because it is misspelt (already reported as unknown), is not a problem of
/// its own and ends the search (serde reports missing fields last, so only other missing fields
/// can go unreported; they show once the record is fixed). Ends, since each round removes a field.
fn record_problems<R: DeserializeOwned>(
    key: &str,
    index: usize,
    mut item: serde_json::Value,
    first: serde_path_to_error::Error<serde_json::Error>,
) -> Vec<(JsonPath, Target, String)> {
    let mut out = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut error = first;
    loop {
        let inner = error.inner().to_string();
        let missing = inner.strip_prefix("missing field `").and_then(|r| r.split('`').next());
        if missing.is_some_and(|m| removed.iter().any(|r| r == m)) {
            break;
        }
        // A misspelt field ("nmae") already explains the missing one ("name").
        if let Some(m) = missing
            && !crate::resolve::suggestions(m, unknown.iter().map(String::as_str)).is_empty()
        {
            break;
        }
        let described = describe(key, index, &error);
        if described.1 == Target::Key
            && let Some(Step::Key(k)) = described.0.last()
        {
            unknown.push(k.clone());
        }
        // The record's own field that holds the problem.
        let field = match described.0.get(2) {
            Some(Step::Key(k)) => Some(k.clone()),
            _ => None,
        };
        out.push(described);
        let (Some(field), Some(object)) = (field, item.as_object_mut()) else { break };
        if object.remove(&field).is_none() {
            break;
        }
        removed.push(field);
        match serde_path_to_error::deserialize::<_, R>(&item) {
            Ok(_) => break,
            Err(e) => error = e,
        }
    }
    out
}

fn describe(
    key: &str,
    index: usize,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> (JsonPath, Target, String) {
    let mut path = vec![Step::Key(key.to_string()), Step::Index(index)];
    for segment in e.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => path.push(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => path.push(Step::Key(key.clone())),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    let inner = e.inner().to_string();
    if let Some(message) = year_out_of_range(&path, &inner) {
        return (path, Target::Value, message);
    }
    let mut target = Target::Value;
    // serde names the unknown field in its message; point at that key.
    if let Some(rest) = inner.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        let field = Step::Key(rest[..end].to_string());
        if path.last() != Some(&field) {
            path.push(field);
        }
        target = Target::Key;
    }
    (path, target, humane(&inner))
}

/// Stands in a message for the value as the file writes it, put there by [`locate_all`]: serde
/// has turned a number of 26 digits into `1e+26` by then.
const LITERAL: &str = "\u{0}literal\u{0}";

/// For a year field (`start`, `end`, `year`) holding a whole number that does not fit a year at
/// all (serde: `invalid value: integer "4294969303"` or `invalid type: floating point "1e+26"`,
/// expected i32), the message validation gives a year outside 1800–2100, naming the value as
/// written ([`LITERAL`]).
fn year_out_of_range(path: &[Step], inner: &str) -> Option<String> {
    let Some(Step::Key(field)) = path.last() else { return None };
    if !["start", "end", "year"].contains(&field.as_str()) || !inner.ends_with(", expected i32") {
        return None;
    }
    let number = inner.split('`').nth(1)?;
    let whole = if inner.starts_with("invalid value: integer `") {
        true
    } else if inner.starts_with("invalid type: floating point `") {
        number.parse::<f64>().is_ok_and(|f| f.fract() == 0.0 && f.abs() > f64::from(i32::MAX))
    } else {
        false
    };
    whole.then(|| {
        format!(
            "impossible year {LITERAL} in \"{field}\" (expected {}–{})",
            crate::model::MIN_YEAR,
            crate::model::MAX_YEAR
        )
    })
}

/// The JSON number that starts at `text[offset..]`, as written.
fn number_at(text: &str, offset: usize) -> Option<&str> {
    let rest = text.get(offset..)?;
    let end = rest
        .find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// serde's message in the words of the data files: double quotes, and the JSON types years
/// and figures are written in rather than Rust's.
fn humane(message: &str) -> String {
    message
        .replace('`', "\"")
        .replace("expected i32", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected an array")
        .replace("expected struct ", "expected an object: ")
}

fn type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::TemporalGraph;
    use crate::open::{load, load_graph, parse};
    use crate::validate;

    fn raw(actors: &str) -> RawDataset {
        let sources = r#"{"sources": [{"id": "deck", "kind": "deck", "title": "D"}]}"#;
        let file = |n: &str, t: &str| (n.to_string(), Some(t.as_bytes().to_vec()));
        RawDataset {
            name: "t".into(),
            files: [
                file("s.json", sources),
                file("a.json", actors),
                file("l.json", r#"{"links": []}"#),
                ("m.json".into(), None),
            ],
            meta: ("d.json".into(), None),
        }
    }

    fn problems(actors: &str) -> Vec<String> {
        match parse(&raw(actors)) {
            Err(Error::Invalid(p)) => p.iter().map(ToString::to_string).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dataset_json_gives_the_title_and_horizon_and_its_problems_join_the_others() {
        let builtin = parse(&builtin()).unwrap();
        assert_eq!(builtin.meta.horizon, Some(2017));
        assert!(builtin.meta.title.as_deref().unwrap().contains("mésocentres"));

        let actors = r#"{"actors": []}"#;
        assert_eq!(parse(&raw(actors)).unwrap().meta, DatasetMeta::default());
        let mut with = raw(actors);
        with.meta.1 = Some(br#"{"title": "T", "horizon": 2020}"#.to_vec());
        let meta = parse(&with).unwrap().meta;
        assert_eq!((meta.title.as_deref(), meta.horizon), (Some("T"), Some(2020)));

        let problems = |meta: &str, actors: &str| {
            let mut r = raw(actors);
            r.meta.1 = Some(meta.as_bytes().to_vec());
            match parse(&r) {
                Err(Error::Invalid(p)) => p.iter().map(ToString::to_string).collect::<Vec<_>>(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            problems("{\n  \"horizon\": 3017\n}", actors),
            ["d.json:2:14: impossible year 3017 in \"horizon\" (expected 1800–2100)"]
        );
        let both = problems(r#"{"titel": "T"}"#, r#"{"actors": [{"id": "x"}]}"#);
        assert_eq!(both.len(), 2, "{both:?}");
        assert!(both[0].starts_with("d.json:1:") && both[0].contains("unknown field \"titel\""));
        assert!(both[1].starts_with("a.json:"), "{both:?}");
        assert_eq!(problems("  ", actors).len(), 1);
    }

    #[test]
    fn a_scenario_s_problems_are_located_in_its_own_files_past_its_broken_records() {
        let actor = |id: &str| {
            format!(
                "{{\"id\": \"{id}\", \"name\": \"X\", \"kind\": \"agency\", \"start\": 2000, \
                 \"citations\": [{{\"source\": \"deck\", \"locator\": \"1\"}}]}}"
            )
        };
        let base = raw(&format!("{{\"actors\": [{}]}}", actor("a")));
        let link = |from: &str, kind: &str, confidence: &str| {
            format!(
                "{{\"from\": \"{from}\", \"to\": \"b\", \"kind\": \"{kind}\", \"start\": 2001, \
                 \"confidence\": \"{confidence}\", \"citations\": [{{\"source\": \"deck\", \"locator\": \"1\"}}]}}"
            )
        };
        // Line 2: a broken record (the record-by-record pass drops it); line 3: a link to an
        // unknown actor; line 4: a stated link; line 5: fine.
        let links = format!(
            "{{\"links\": [\n{},\n{},\n{},\n{}\n]}}",
            link("a", "nope", "proposed"),
            link("x", "funds", "proposed"),
            link("a", "hosts", "stated"),
            link("a", "funds", "proposed"),
        );
        let file = |n: &str, t: &str| (n.to_string(), Some(t.as_bytes().to_vec()));
        let scenario = RawDataset {
            name: "s".into(),
            files: [
                ("sc/sources.json".into(), None),
                file("sc/actors.json", &format!("{{\"actors\": [{}]}}", actor("b"))),
                file("sc/links.json", &links),
                ("sc/milestones.json".into(), None),
            ],
            meta: ("sc/dataset.json".into(), None),
        };
        let on_top = Layers { data: &[], scenarios: std::slice::from_ref(&scenario) };
        let Err(Error::Invalid(found)) = parse_checked(&base, &on_top, validate::check_ends) else {
            panic!("the scenario has problems")
        };
        let found: Vec<String> = found.iter().map(|p| p.to_string()).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("sc/links.json:2:34: unknown kind \"nope\""), "{found:?}");
        assert!(found[1].starts_with("sc/links.json:3:10: unknown actor \"x\""), "{found:?}");
        assert!(found[2].starts_with("sc/links.json:4:72: "), "{found:?}");
        assert!(found[2].contains("a scenario's links are proposed"), "{found:?}");
        // Without the broken ones, it merges: its actor, and links to the dataset's.
        let kinds = ["supports", "funds", "hosts", "partners_with"];
        let fine: Vec<String> = kinds.iter().map(|k| link("a", k, "proposed")).collect();
        let fine = format!("{{\"links\": [\n{}\n]}}", fine.join(",\n"));
        let mut scenario = scenario;
        scenario.files[2].1 = Some(fine.into_bytes());
        let on_top = Layers { data: &[], scenarios: std::slice::from_ref(&scenario) };
        let (dataset, _) = parse_checked(&base, &on_top, validate::check_ends).unwrap();
        assert_eq!(dataset.actors.len(), 2);
        assert_eq!(dataset.links.len(), 4);
        assert_eq!(dataset.scenarios, ["s"]);
        assert_eq!(dataset.scenario_actors, ["b"]);
        // The same folder as a layer of data: its links may be stated, it is no scenario, and
        // a scenario over both still knows which actors it added.
        let stated = format!("{{\"links\": [\n{}\n]}}", link("a", "hosts", "stated"));
        let mut layer = scenario.clone();
        layer.files[2].1 = Some(stated.into_bytes());
        let mut top = scenario;
        top.files[1].1 = Some(format!("{{\"actors\": [{}]}}", actor("c")).into_bytes());
        top.files[2].1 = None;
        let both =
            Layers { data: std::slice::from_ref(&layer), scenarios: std::slice::from_ref(&top) };
        let (dataset, _) = parse_checked(&base, &both, validate::check_ends).unwrap();
        assert_eq!(dataset.actors.len(), 3);
        assert_eq!(dataset.links.len(), 1);
        assert_eq!(
            (dataset.scenarios.as_slice(), dataset.scenario_actors.as_slice()),
            (&["s".to_string()][..], &["c".to_string()][..])
        );
    }

    #[test]
    fn layers_merge_what_the_dataset_says_of_itself() {
        let meta = |json: &str| parse_meta("d.json", Some(json.as_bytes())).0;
        let base = meta(r#"{"title": "Base", "language": "fr", "horizon": 2017}"#);
        let merged = merge_meta(base.clone(), meta(r#"{"horizon": 2015}"#), None);
        assert_eq!((merged.title.as_deref(), merged.horizon), (Some("Base"), Some(2017)));
        let merged = merge_meta(base, meta(r#"{"title": "Mine", "horizon": 2024}"#), None);
        assert_eq!(
            (merged.title.as_deref(), merged.language.as_deref(), merged.horizon),
            (Some("Mine"), Some("fr"), Some(2024))
        );
        assert_eq!(merge_meta(DatasetMeta::default(), meta("{}"), None).horizon, None);
    }

    #[test]
    fn problems_after_a_broken_record_keep_their_own_line() {
        let actors = "{\"actors\": [\n\
            {\"id\": \"x\", \"name\": \"X\", \"kind\": \"nope\", \"start\": 2000, \"citations\": []},\n\
            {\"id\": \"y\", \"name\": \"Y\", \"kind\": \"agency\", \"start\": 2000,\n\
             \"citations\": [{\"source\": \"dekc\", \"locator\": \"1\"}]}\n]}";
        let p = problems(actors);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].starts_with("a.json:2:34: unknown kind \"nope\""), "{p:?}");
        assert!(p[1].starts_with("a.json:2:70: no citation"), "{p:?}");
        assert!(p[2].starts_with("a.json:4:26: citation of unknown source \"dekc\""), "{p:?}");
    }

    #[test]
    fn unknown_fields_point_at_their_key() {
        let actors = "{\"actors\": [{\"id\": \"x\", \"nmae\": \"X\"}]}";
        let p = problems(actors);
        assert!(p[0].starts_with("a.json:1:25: unknown field \"nmae\""), "{p:?}");
    }

    #[test]
    fn wrong_shapes_and_empty_files() {
        assert_eq!(
            problems("[]"),
            ["a.json:1:1: expected an object with an array \"actors\", found an array"]
        );
        assert_eq!(
            problems("{\"actors\": 3}"),
            ["a.json:1:12: \"actors\" must be an array, found a number"]
        );
        assert_eq!(
            problems("  \n"),
            ["a.json:1:1: empty file (expected an object with an array \"actors\")"]
        );
        assert_eq!(
            problems("{\"actors\": [], \"x\": 1}"),
            ["a.json:1:16: unknown field \"x\" (expected \"actors\" or \"$schema\")"]
        );
    }

    #[test]
    fn parsing_on_two_threads_gives_what_serde_gives() {
        use crate::model::{ActorsFile, LinksFile};
        let spec = crate::synth::Spec { actors: 2000, links: 12_000, seed: 5 };
        let raw = crate::synth::raw(&spec);
        let links = std::str::from_utf8(raw.files[2].1.as_deref().unwrap()).unwrap();
        assert!(links.len() > split::MIN_BYTES);
        let expected: LinksFile = serde_json::from_str(links).unwrap();
        assert_eq!(split::parse::<LinksFile>("links", links), Some(expected.clone()));
        // A "$schema" first, other whitespace, and `},{` inside strings all around the middle:
        // the guessed boundary is wrong at first and the result is still exact.
        let tricky = links
            .replacen("{\"links\": [", "{ \"$schema\" : \"s.json\" ,\n \"links\":[ ", 1)
            .replace("\"confidence\":\"stated\"}", "\"note\":\"}, {\",\"confidence\":\"stated\"}");
        let expected: LinksFile = serde_json::from_str(&tricky).unwrap();
        assert!(expected.links.iter().any(|l| l.note.as_deref() == Some("}, {")));
        assert_eq!(split::parse::<LinksFile>("links", &tricky), Some(expected));
        // Anything wrong: the ordinary path decides.
        let broken = links.replacen("\"confidence\":\"", "\"confidence\":\"x", 7000);
        assert_eq!(split::parse::<LinksFile>("links", &broken), None);
        let trailing = format!("{links} x");
        assert_eq!(split::parse::<LinksFile>("links", &trailing), None);
        assert_eq!(split::parse::<ActorsFile>("actors", links), None, "wrong key");
    }

    #[test]
    fn every_wrong_field_of_a_record_and_a_key_written_twice_are_reported() {
        let p = problems(r#"{"actors": [{"id": "x", "nmae": "X", "kind": 1, "start": "1"}]}"#);
        let p: Vec<&str> = p.iter().map(|p| p.split_once(": ").unwrap().1).collect();
        assert_eq!(p.len(), 3, "{p:?}"); // nmae, kind, start
        assert!(p.iter().all(|m| !m.contains("missing field \"name\"")), "{p:?}");
        let twice = r#"{"actors": [{"id": "x", "name": "X", "name": "Y", "kind": "agency",
            "start": 2000, "citations": [{"source": "deck", "locator": "1"}]}]}"#;
        assert_eq!(problems(twice), ["a.json:1:43: duplicate field \"name\""]);
    }

    #[test]
    fn a_utf8_byte_order_mark_is_accepted_and_utf16_is_named() {
        let mut r = raw("{\"actors\": []}");
        r.files[1].1 = Some(b"\xef\xbb\xbf{\"actors\": []}".to_vec());
        assert!(parse(&r).is_ok());
        r.files[1].1 = Some(b"\xff\xfe{\0".to_vec());
        match parse(&r) {
            Err(Error::Invalid(p)) => assert!(p.0[0].message.contains("UTF-16"), "{p}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn years_too_large_for_any_year_are_impossible_years_named_as_written() {
        let actor = |start: &str| {
            format!(
                "{{\"actors\": [{{\"id\": \"x\", \"name\": \"X\", \"kind\": \"agency\", \
                 \"start\": {start}, \"citations\": [{{\"source\": \"deck\", \"locator\": \"1\"}}]}}]}}"
            )
        };
        // A year in range but impossible (-5) is found later, by validation, in the same words;
        // a fraction is not a year of any size.
        for start in ["100000000000000000000000000", "4294969303", "-2e30", "-5", "2008.5"] {
            let expected = if start.contains('.') {
                format!("invalid type: floating point \"{start}\", expected a whole number")
            } else {
                format!("impossible year {start} in \"start\" (expected 1800–2100)")
            };
            assert_eq!(problems(&actor(start)), [format!("a.json:1:65: {expected}")]);
        }
    }

    #[test]
    fn what_cannot_start_json_is_cut_after_its_first_character() {
        for ok in [
            &b"{"[..],
            b" \n\t[",
            b"\xef\xbb\xbf {",
            b"\"",
            b"-1",
            b"7",
            b"true",
            b"null",
            b"",
            b"  ",
        ] {
            assert_eq!(cannot_start_json(ok), None, "{ok:?}");
        }
        assert_eq!(cannot_start_json(b"\n  \0\0\0"), Some(4));
        assert_eq!(cannot_start_json(b"\xef\xbb\xbf x"), Some(5));
        // A character is kept whole, so that the parser sees valid UTF-8 up to it.
        assert_eq!(cannot_start_json("  é{".as_bytes()), Some(4));
        // Byte order marks of UTF-16 and UTF-32 are kept for `text_of` to name.
        assert_eq!(cannot_start_json(b"\xff\xfe\0\0{\0\0\0"), Some(4));
        assert_eq!(cannot_start_json(b"\xfe\xff"), Some(2));
    }

    #[test]
    fn utf32_is_named_as_such() {
        let mut r = raw("{}");
        r.files[1].1 = Some(b"\xff\xfe\0\0{\0\0\0".to_vec());
        match parse(&r) {
            Err(Error::Invalid(p)) => assert!(p.0[0].message.contains("is UTF-32"), "{p}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_utf8_names_the_position_and_byte() {
        let mut r = raw("{}");
        r.files[1].1 = Some(b"{\"actors\": [\n  \"\xff\"]}".to_vec());
        match parse(&r) {
            Err(Error::Invalid(p)) => {
                assert_eq!(p.0[0].to_string(), "a.json:2:4: not valid UTF-8 (byte 0xff)")
            }
            other => panic!("{other:?}"),
        }
    }

    /// A generated dataset written into a fresh folder.
    fn generated(actors: usize, links: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let spec = crate::synth::Spec { actors, links, seed: 5 };
        crate::synth::write_dir(&spec, dir.path()).unwrap();
        dir
    }

    fn whole(path: &Path) -> LinksFile {
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    /// The actor ids of a generated dataset, tagged with their indices as `load` seeds them.
    fn actor_ids(dir: &Path) -> Vec<String> {
        let actors: ActorsFile =
            serde_json::from_slice(&std::fs::read(dir.join("actors.json")).unwrap()).unwrap();
        actors.actors.into_iter().map(|a| a.id).collect()
    }

    /// The indices of the actors at both ends of each link, found by their ids.
    fn ends_by_id(ids: &[String], links: &[crate::model::Link]) -> Vec<Ends> {
        let find = |id: &crate::model::Interned| {
            ids.iter().position(|a| a == id).map_or(ActorIx::NONE, ActorIx::new)
        };
        links.iter().map(|l| Ends { from: find(&l.from), to: find(&l.to) }).collect()
    }

    #[test]
    fn links_read_in_chunks_are_the_links_of_the_whole_file_with_their_actors() {
        let dir = generated(200, 3000);
        let (path, ids) = (dir.path().join("links.json"), actor_ids(dir.path()));
        let tagged = ids.iter().enumerate().map(|(i, id)| (id.as_str(), ActorIx::new(i)));
        let seed = std::sync::Arc::new(Seed::new(tagged));
        let mut expected = whole(&path);
        assert_eq!(expected.links.len(), 3000);
        let ends = ends_by_id(&ids, &expected.links);
        assert!(ends.iter().all(|e| e.both().is_some()));
        // One record per line (the generator's layout), cut into ~40 chunks.
        let streamed = stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &seed);
        assert_eq!(streamed.as_ref(), Some(&(expected.clone(), ends)));
        // Pretty-printed: the citations nested in each record look like record boundaries too.
        // An actor that is not in the seed is not tagged.
        expected.links[2000].to = "nobody".into();
        let mut pretty = serde_json::to_vec_pretty(&expected).unwrap();
        pretty.splice(1..1, *b"\n  \"$schema\": \"../schema/links.schema.json\",");
        std::fs::write(&path, &pretty).unwrap();
        expected.schema = Some("../schema/links.schema.json".into());
        let ends = ends_by_id(&ids, &expected.links);
        assert_eq!(ends[2000].to, ActorIx::NONE);
        let streamed = stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &seed);
        assert_eq!(streamed, Some((expected, ends)));
    }

    #[test]
    fn a_chunk_that_does_not_parse_exactly_sends_the_file_the_ordinary_way() {
        let dir = generated(200, 3000);
        let path = dir.path().join("links.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let chunked = |text: &str| {
            std::fs::write(&path, text).unwrap();
            stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &Default::default())
        };
        assert!(chunked(&text).is_some());
        let middle = text.len() / 2;
        let line = middle + text[middle..].find('\n').unwrap() + 1;
        // A broken record, a wrong type, an array closed early, trailing data, a BOM.
        let broken = format!("{}{{\"from\":{}", &text[..line], &text[line..]);
        assert_eq!(chunked(&broken), None);
        let wrong = text.replacen("\"start\":", "\"start\":\"x\",\"y\":", 2000);
        assert_eq!(chunked(&wrong), None);
        let early = format!("{}]}}\n{}", &text[..line - 2], &text[line..]);
        assert_eq!(chunked(&early), None);
        assert_eq!(chunked(&format!("{text}x")), None);
        assert_eq!(chunked(&format!("\u{feff}{text}")), None);
    }

    #[test]
    fn problems_in_a_large_file_are_located_as_the_ordinary_path_locates_them() {
        // Above the size at which `load` reads links in chunks and lets their text go.
        let dir = generated(700, 7000);
        let path = dir.path().join("links.json");
        assert!(std::fs::metadata(&path).unwrap().len() >= split::MIN_BYTES as u64);
        let clean = load(Some(dir.path())).unwrap();
        assert_eq!(clean, parse(&read_dir(dir.path()).unwrap()).unwrap());
        // The graph built from the ends found while parsing is the graph of the dataset.
        let json = |g: &TemporalGraph| {
            crate::export::export(g, &g.slice(crate::Scope::All), crate::Format::Json).unwrap()
        };
        let built = json(&TemporalGraph::new(clean));
        assert_eq!(json(&load_graph(Some(dir.path())).unwrap()), built);
        assert_eq!(
            json(&load_graph(None).unwrap()),
            json(&TemporalGraph::new(load(None).unwrap()))
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let at = lines.len() * 3 / 4;
        let from = lines[at].find("\"from\":\"").unwrap() + 8;
        lines[at].insert_str(from, "nobody-");
        std::fs::write(&path, lines.join("\n")).unwrap();
        let Err(Error::Invalid(Problems(streamed))) = load(Some(dir.path())) else {
            panic!("an unknown actor must be reported")
        };
        let Err(Error::Invalid(Problems(ordinary))) = parse(&read_dir(dir.path()).unwrap()) else {
            panic!("an unknown actor must be reported")
        };
        assert_eq!(streamed, ordinary);
        assert!(
            streamed.iter().any(|p| p.line == at + 1 && p.message.contains("nobody-")),
            "{streamed:?}"
        );
    }
}
