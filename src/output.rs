//! Writing results: files are written whole or not at all (a temporary file in the same folder,
//! then a rename), and standard output treats a closed pipe (`| head`) as a normal end.
//!
//! Several files written by one command form a [`Staged`] set: every file is written to its
//! temporary first, and only when all are written are they renamed into place, so that a failure
//! midway (a full disk, a read-only file, a folder where a file should be) leaves every previous
//! file as it was.

use crate::error::{Error, Result};
use std::fs::{self, Permissions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a part.
///
/// A path that names a device or a pipe (`/dev/stdout`, `/dev/full`, a FIFO) is written in
/// place, since it cannot be replaced; a symbolic link is followed and its target replaced.
///
/// # Errors
/// [`Error::Io`] naming the path when the folder is missing or not writable, the disk is full,
/// the path is a folder, or the file is read-only; the previous file, if any, is then left as it
/// was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut staged = Staged::new();
    staged.add(path, bytes)?;
    staged.commit()
}

/// A set of files written together: each [`Staged::add`] writes a temporary file beside its
/// target, [`Staged::commit`] renames them all into place. Dropping the set without committing
/// removes the temporaries and leaves the targets untouched.
#[derive(Debug, Default)]
pub struct Staged {
    /// Each temporary file, the file it replaces, and the path as the user gave it.
    files: Vec<(NamedTempFile, PathBuf, PathBuf)>,
    in_place: Vec<(PathBuf, Vec<u8>)>,
}

impl Staged {
    /// An empty set.
    pub fn new() -> Staged {
        Staged::default()
    }

    /// Writes `bytes` to a temporary file beside `path`, to be renamed onto it by
    /// [`Staged::commit`].
    ///
    /// # Errors
    /// [`Error::Io`] naming `path`, see [`write_atomic`].
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let io = |source| Error::Io { path: path.to_path_buf(), source };
        let Some((target, keep)) = target(path)? else {
            self.in_place.push((path.to_path_buf(), bytes.to_vec()));
            return Ok(());
        };
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".mesograph-");
        #[cfg(unix)]
        {
            // tempfile creates files readable by their owner only; a new output file gets the
            // usual 0666 less the umask, as any other program's output would.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(Permissions::from_mode(0o666));
        }
        let mut tmp = builder.tempfile_in(dir).map_err(io)?;
        if let Some(permissions) = keep {
            tmp.as_file().set_permissions(permissions).map_err(io)?;
        }
        tmp.write_all(bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        self.files.push((tmp, target, path.to_path_buf()));
        Ok(())
    }

    /// Renames every temporary file onto its target, then writes the devices and pipes.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file that could not be put in place.
    pub fn commit(self) -> Result<()> {
        for (tmp, target, shown) in self.files {
            tmp.persist(&target).map_err(|e| Error::Io { path: shown, source: e.error })?;
        }
        for (path, bytes) in self.in_place {
            let io = |source| Error::Io { path: path.clone(), source };
            let mut file = fs::OpenOptions::new().write(true).open(&path).map_err(io)?;
            file.write_all(bytes.as_slice()).and_then(|()| file.flush()).map_err(io)?;
        }
        Ok(())
    }
}

/// Writes a set of files into the folder `dir`, creating it if needed: every file is staged
/// before any replaces its previous version ([`Staged`]), so that a failure midway, including
/// one producing the files, leaves the folder as it was; a folder this call created is removed
/// again. Names go through [`child_path`]. Returns how many files were written.
///
/// # Errors
/// The first error of `files`, [`Error::UnsafePath`] for a name that would leave `dir`, or
/// [`Error::Io`] (`dir` is a file, a file is read-only, the disk is full).
pub fn write_files(
    dir: &Path,
    files: impl IntoIterator<Item = Result<(String, Vec<u8>)>>,
) -> Result<usize> {
    let io = |source| Error::Io { path: dir.into(), source };
    let created = match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => false,
        Ok(_) => return Err(io(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"))),
        Err(_) => fs::create_dir_all(dir).map(|()| true).map_err(io)?,
    };
    let mut count = 0;
    let staged = files.into_iter().try_fold(Staged::new(), |mut staged, file| {
        let (name, bytes) = file?;
        staged.add(&child_path(dir, &name)?, &bytes)?;
        count += 1;
        Ok(staged)
    });
    let result = staged.and_then(Staged::commit);
    if result.is_err() && created {
        // Only an empty folder can be removed: nothing else is lost.
        let _ = fs::remove_dir(dir);
    }
    result.map(|()| count)
}

/// Where the bytes for `path` go: `Some((file to replace, permissions to keep))`, or `None` for a
/// device or pipe that is written in place.
fn target(path: &Path) -> Result<Option<(PathBuf, Option<Permissions>)>> {
    let refuse = |kind, reason: &str| Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(kind, reason.to_string()),
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(refuse(io::ErrorKind::NotFound, "a symbolic link to nothing"));
            }
            return Ok(Some((path.to_path_buf(), None)));
        }
        Err(source) => return Err(Error::Io { path: path.to_path_buf(), source }),
    };
    if meta.is_dir() {
        return Err(refuse(io::ErrorKind::IsADirectory, "is a folder"));
    }
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.permissions().readonly() {
        return Err(refuse(
            io::ErrorKind::PermissionDenied,
            "is a read-only file (mesograph never replaces one)",
        ));
    }
    // A symbolic link stays a link: the file it points at is the one replaced.
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let real = if is_link {
        fs::canonicalize(path).map_err(|source| Error::Io { path: path.into(), source })?
    } else {
        path.to_path_buf()
    };
    Ok(Some((real, Some(meta.permissions()))))
}

/// `dir/name`, refusing a `name` that could leave `dir` (absolute, `..`, separators).
///
/// # Errors
/// [`Error::UnsafePath`].
pub fn child_path(dir: &Path, name: &str) -> Result<PathBuf> {
    let candidate = Path::new(name);
    let mut components = candidate.components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(_)), None) if !name.contains(['/', '\\']) => Ok(dir.join(name)),
        _ => Err(Error::UnsafePath {
            path: dir.join(name),
            reason: "a file name must not contain a folder part, '..' or an absolute path".into(),
        }),
    }
}

/// Writes `bytes` to standard output. A closed pipe ends quietly (`Ok(false)`: stop writing).
///
/// # Errors
/// [`Error::Stdout`] for any other failure (a full disk behind a redirection).
pub fn write_stdout(bytes: &[u8]) -> Result<bool> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(bytes).and_then(|()| lock.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::Stdout(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2010.dot");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_into_a_missing_folder_fails_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("x.json");
        let e = write_atomic(&path, b"x").unwrap_err().to_string();
        assert!(e.contains("missing"), "{e}");
    }

    #[test]
    fn a_failure_midway_leaves_every_previous_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::create_dir(&b).unwrap(); // a folder where a file should go
        let mut staged = Staged::new();
        staged.add(&a, b"new a").unwrap();
        let e = staged.add(&b, b"new b").unwrap_err().to_string();
        assert!(e.contains("is a folder"), "{e}");
        drop(staged);
        assert_eq!(std::fs::read(&a).unwrap(), b"old a");
        assert!(!c.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary left");
    }

    #[test]
    fn a_set_of_files_is_written_whole_or_leaves_no_trace() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let files = |fail: bool| {
            vec![
                Ok(("a.dot".to_string(), b"a".to_vec())),
                if fail {
                    Err(Error::Request("b failed".into()))
                } else {
                    Ok(("b.dot".into(), b"b".to_vec()))
                },
            ]
        };
        assert!(write_files(&dir, files(true)).is_err());
        assert!(!dir.exists(), "the folder this call created is removed again");
        assert_eq!(write_files(&dir, files(false)).unwrap(), 2);
        assert_eq!(std::fs::read(dir.join("b.dot")).unwrap(), b"b");
        assert!(write_files(&dir, [Ok(("../x".into(), vec![]))]).is_err());
        assert!(!tmp.path().join("x").exists());
        let e = write_files(&dir.join("a.dot"), files(false)).unwrap_err().to_string();
        assert!(e.ends_with("not a folder"), "{e}");
    }

    #[test]
    fn a_read_only_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kept.json");
        std::fs::write(&path, "old").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let e = write_atomic(&path, b"new").unwrap_err().to_string();
        assert!(e.contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_the_permissions_and_follows_symbolic_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.dot");
        let link = dir.path().join("link.dot");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        let dangling = dir.path().join("dangling.dot");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(write_atomic(&dangling, b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_in_place_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn child_paths_cannot_escape() {
        let dir = Path::new("out");
        assert_eq!(child_path(dir, "2010.dot").unwrap(), dir.join("2010.dot"));
        for bad in ["../x", "/etc/passwd", "a/b", "..", "", "a\\b"] {
            assert!(child_path(dir, bad).is_err(), "{bad}");
        }
    }
}
