//! Writing results: files are written whole or not at all (a temporary file in the same folder,
//! then a rename), and standard output treats a closed pipe (`| head`) as a normal end.

use crate::error::{Error, Result};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a part.
///
/// # Errors
/// [`Error::Io`] naming the path when the folder is missing or not writable, or the disk is full;
/// the previous file, if any, is then left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".mesograph-").tempfile_in(dir).map_err(io)?;
    // No fsync: atomicity comes from the rename, which readers and later runs see as the old
    // file or the new one. Forcing each file to disk cost 7 ms per file (more than a whole
    // command on the built-in dataset) and made `--all-years` at 10⁶ links wait on the disk
    // rather than compute; a file written just before a power cut may be lost, not mixed.
    tmp.write_all(bytes).map_err(io)?;
    // A temporary file is created private (0600); the result must read like any other output
    // file: keep the mode of the file it replaces, or use the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
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

    #[cfg(unix)]
    #[test]
    fn atomic_writes_are_readable_like_ordinary_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("atlas.html");
        write_atomic(&path, b"a").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"b").unwrap();
        assert_eq!(mode(&path), 0o640, "the mode of the replaced file is kept");
    }

    #[test]
    fn atomic_write_into_a_missing_folder_fails_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("x.json");
        let e = write_atomic(&path, b"x").unwrap_err().to_string();
        assert!(e.contains("missing"), "{e}");
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
