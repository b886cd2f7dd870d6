//! Reading a dataset's files: from a folder (a dataset, a data layer, a scenario), or from the
//! copies built into the binary; and a dataset's vocabulary alone.

use super::meta::parse_meta;
use crate::dataset::{DataFile, META_FILE, RawDataset};
use crate::error::{Error, Problems, Result};
use crate::vocabulary::Vocabulary;
use std::path::Path;

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
/// every file optional (see `open::load_graph_layered`).
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

/// Reads the files of the dataset in `dir`. A missing file is reported when it is parsed, not here.
///
/// # Errors
/// [`Error::Io`] when `dir` is not a readable folder or a file exists but cannot be read.
pub fn read_dir(dir: &Path) -> Result<RawDataset> {
    read_files(dir, None).map(|(raw, _)| raw)
}

/// [`read_dir`], leaving out the bytes of `stream` (to be parsed from the file as it is read),
/// and whether that file is there to be.
pub(super) fn read_files(dir: &Path, stream: Option<DataFile>) -> Result<(RawDataset, bool)> {
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
pub(super) fn cannot_start_json(head: &[u8]) -> Option<usize> {
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
