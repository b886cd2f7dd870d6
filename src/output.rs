//! Writing results: files are written whole or not at all (a temporary file in the same folder,
//! then a rename), and standard output treats a closed pipe (`| head`) as a normal end.
//!
//! Several files written by one command form a [`Staged`] set: every file is written to its
//! temporary first, and only when all are written are they renamed into place, so that a failure
//! midway (a full disk, a read-only file, a folder where a file should be) leaves every previous
//! file as it was. Every file any command writes goes through one; a replaced file keeps its
//! mode, owner and group.
//!
//! A device or a pipe cannot be replaced: its bytes are written in place when the set is
//! committed. `-` (and `/dev/stdout`) names standard output, written as the commands write it
//! when no file is given; a closed pipe there, or on any device or pipe, ends quietly.
//!
//! The temporaries are `.mesograph-PID-RANDOM` files, removed on SIGINT, SIGTERM and SIGHUP and
//! swept by the next run when a run was killed outright (see [`temporary`]).
//!
//! Files are not forced to disk (no `fsync`). Whole or nothing is the rename's doing: a reader
//! opens the old file or the new one, never a part (a test reads a file while it is replaced
//! again and again), and when mesograph fails the target is untouched and the temporary removed
//! (killed outright, it leaves the target untouched and a temporary for the next run to sweep).
//! A sync only matters if the machine itself stops (a power cut, a kernel crash) before the
//! kernel has written its cache out, by default within half a minute: a file may then hold its
//! previous version, be missing or, new on some file systems (ext4), be empty. Syncing every file
//! cost more than a whole command on the built-in dataset (see docs/performance.md, "The
//! built-in dataset's commands"), and it did not make the set durable anyway (the renames were
//! not synced). Run `sync` after mesograph when the files must survive a power cut.
//!
//! ```
//! use mesograph::output::write_files;
//!
//! let dir = tempfile::tempdir().map_err(|e| mesograph::Error::Internal(e.to_string()))?;
//! let file = |name: &str, text: &str| Ok((name.to_string(), text.as_bytes().to_vec()));
//! let files = vec![file("a.txt", "one"), file("b.txt", "two")];
//! assert_eq!(write_files(dir.path(), files)?, 2);
//! // A failure midway writes nothing: the set is renamed into place only when all is written.
//! let failing = vec![
//!     file("c.txt", "three"),
//!     Err(mesograph::Error::Internal("the second file failed".into())),
//! ];
//! assert!(write_files(dir.path(), failing).is_err());
//! assert!(!dir.path().join("c.txt").exists());
//! # Ok::<(), mesograph::Error>(())
//! ```

mod exported;
pub mod temporary;

pub use exported::{export_to_file, stage, write_to_path};

use crate::error::{Error, Result};
use crate::export::Sink;
use std::fs::{self, Metadata};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use temporary::Temporary;

/// Has SIGINT, SIGTERM and SIGHUP remove the temporaries of the sets being written, and the
/// folders they were to go into that the command created, then end the process by that signal
/// (the shell shows 130, 143 or 129). A signal arriving while a set is renamed into place waits
/// until it is. Signals ignored when the process started (`nohup`) stay ignored. The handlers
/// are installed when the first temporary is made: a command that writes no file is not
/// touched. For programs, like the `mesograph` command, that have no handlers of their own.
pub fn remove_temporaries_on_signals() {
    temporary::enable_on_signals();
}

/// Whether `path` names standard output: `-`, as is the convention, or `/dev/stdout` (written
/// through the process's own standard output, whatever it is: a pipe, a terminal, a file
/// opened for appending).
pub fn is_standard_output(path: &Path) -> bool {
    path == Path::new("-") || path == Path::new("/dev/stdout")
}

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a part.
///
/// `-` and `/dev/stdout` name standard output ([`is_standard_output`]); a path that names a
/// device or a pipe (`/dev/full`, a FIFO) is written in place, since it cannot be replaced; a
/// symbolic link is followed and its target replaced. A replaced file keeps its mode, owner and
/// group.
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
///
/// Any command's bytes go through it: made whole ([`Staged::add`]), or streamed as they are
/// made by a closure ([`Staged::add_with`], whose [`Sink`] is an [`io::Write`], so that
/// `io::copy` from a child process's output works too).
#[derive(Debug, Default)]
pub struct Staged {
    /// Each temporary file, the file it replaces, and the path as the user gave it.
    files: Vec<(Temporary, PathBuf, PathBuf)>,
    /// Standard output, devices and pipes, with their bytes, written at the commit.
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
        self.add_with(path, &mut Vec::new(), |out| {
            out.put(bytes);
            Ok(())
        })
    }

    /// Like [`Staged::add`], but the bytes are produced by `write` into a [`Sink`] that goes to
    /// the temporary file whenever [`Sink::SIZE`] bytes are waiting, so that a large file never
    /// sits whole in memory. `buf` is the chunk buffer, lent so that a caller writing many files
    /// reuses one allocation (fresh pages cost a zeroing each).
    ///
    /// # Errors
    /// The error of `write`, or [`Error::Io`] naming `path`, see [`write_atomic`].
    pub fn add_with(
        &mut self,
        path: &Path,
        buf: &mut Vec<u8>,
        write: impl FnOnce(&mut Sink<'_>) -> Result<()>,
    ) -> Result<()> {
        let io = |source| Error::Io { path: path.to_path_buf(), source };
        buf.clear();
        let Some((target, keep)) = target(path)? else {
            // A device or a pipe is written at commit, whole: keep the bytes.
            let mut sink = Sink::in_memory(Vec::new());
            write(&mut sink)?;
            self.in_place.push((path.to_path_buf(), sink.buf));
            return Ok(());
        };
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // Errors name the file asked for, never the temporary.
        let mut tmp = Temporary::create(dir, keep.as_ref()).map_err(io)?;
        let mut sink = Sink::streaming(tmp.file_mut(), std::mem::take(buf));
        let written = write(&mut sink);
        let drained = sink.finish();
        *buf = std::mem::take(&mut sink.buf);
        written?;
        drained.map_err(io)?;
        self.files.push((tmp, target, path.to_path_buf()));
        Ok(())
    }

    /// Moves the files of `other` to the end of this set.
    pub fn append(&mut self, mut other: Staged) {
        self.files.append(&mut other.files);
        self.in_place.append(&mut other.in_place);
    }

    /// Renames every temporary file onto its target (a signal waits until all are), then
    /// writes standard output, the devices and the pipes. A closed pipe there is a quiet end:
    /// the reader wanted no more (`| head`).
    ///
    /// # Errors
    /// [`Error::Io`] naming the file that could not be put in place or written, [`Error::Stdout`].
    pub fn commit(self) -> Result<()> {
        {
            let _committing = temporary::committing();
            for (tmp, target, shown) in self.files {
                tmp.persist(&target).map_err(|source| Error::Io { path: shown, source })?;
            }
        }
        for (path, bytes) in self.in_place {
            if is_standard_output(&path) {
                if !write_stdout(&bytes)? {
                    return Ok(());
                }
                continue;
            }
            let io = |source| Error::Io { path: path.clone(), source };
            let mut file = fs::OpenOptions::new().write(true).open(&path).map_err(io)?;
            match file.write_all(bytes.as_slice()).and_then(|()| file.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
                Err(e) => return Err(io(e)),
            }
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
    let created = output_dir(dir)?;
    let mut count = 0;
    let staged = files.into_iter().try_fold(Staged::new(), |mut staged, file| {
        let (name, bytes) = file?;
        staged.add(&child_path(dir, &name)?, &bytes)?;
        count += 1;
        Ok(staged)
    });
    finish(created, staged.and_then(Staged::commit)).map(|()| count)
}

/// The files one job of [`write_files_parallel`] adds to the set, by name in the folder.
#[derive(Debug)]
pub struct FileSet<'a> {
    dir: &'a Path,
    staged: Staged,
    buf: &'a mut Vec<u8>,
    count: usize,
}

impl FileSet<'_> {
    /// Stages the file `name`, its bytes streamed by `write` (see [`Staged::add_with`]).
    ///
    /// # Errors
    /// The error of `write`, [`Error::UnsafePath`] or [`Error::Io`], see [`write_files`].
    pub fn add_with(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut Sink<'_>) -> Result<()>,
    ) -> Result<()> {
        let path = child_path(self.dir, name)?;
        self.staged.add_with(&path, self.buf, write)?;
        self.count += 1;
        Ok(())
    }

    /// Stages the file `name` with these bytes.
    ///
    /// # Errors
    /// As [`FileSet::add_with`].
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.add_with(name, |out| {
            out.put(bytes);
            Ok(())
        })
    }
}

/// How many threads [`write_files_parallel`] should use: one per core, plus two, so that the
/// cores stay busy while a thread waits for the disk (a writer waits when the kernel throttles a
/// process with much unwritten data, as every year of a large dataset is; see
/// docs/performance.md, "Exporting and writing").
/// Each thread holds only one chunk buffer and its job's state; never more threads than jobs.
pub fn writer_threads() -> usize {
    crate::memory::threads() + 2
}

/// [`write_files`] for files made by `jobs` numbered `0..jobs`, run on up to `threads` threads:
/// each job stages its files as it makes them (streamed to temporaries, never all in memory),
/// and only when every job has succeeded are they all renamed into place, in job order. On
/// failure, the error is that of the first failing job in job order, as if run one after the
/// other (jobs already started finish; later ones are not started), and the folder is left as
/// it was. Returns how many files were written.
///
/// # Errors
/// See [`write_files`].
pub fn write_files_parallel(
    dir: &Path,
    jobs: usize,
    threads: usize,
    job: impl Fn(usize, &mut FileSet<'_>) -> Result<()> + Sync,
) -> Result<usize> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let created = output_dir(dir)?;
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    // Per job run: its number, and its staged files with their count or its error.
    type Done = Vec<(usize, Result<(Staged, usize)>)>;
    let done: Mutex<Done> = Mutex::new(Vec::new());
    let work = || {
        let mut buf = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= jobs {
                break;
            }
            let mut files = FileSet { dir, staged: Staged::new(), buf: &mut buf, count: 0 };
            let result = job(i, &mut files).map(|()| (files.staged, files.count));
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            // A poisoned lock only means another job panicked, which the scope reports anyway.
            done.lock().unwrap_or_else(|e| e.into_inner()).push((i, result));
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads.clamp(1, jobs.max(1)) {
            s.spawn(work);
        }
        work();
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    let mut count = 0;
    let staged = done.into_iter().try_fold(Staged::new(), |mut all, (_, result)| {
        let (staged, n) = result?;
        all.append(staged);
        count += n;
        Ok(all)
    });
    finish(created, staged.and_then(Staged::commit)).map(|()| count)
}

/// Makes sure `dir` is a folder, creating it and its missing parents: the folders this call
/// created, outermost first (listed for the signal handler too).
///
/// # Errors
/// [`Error::Io`] naming the folder, or the part of its path, that is not a folder (a file, a
/// symbolic link to nothing, a loop of links) or could not be made.
fn output_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut at = dir;
    loop {
        let io = |source| Error::Io { path: at.into(), source };
        match fs::metadata(at) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => return Err(io(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(at).is_ok() {
                    let e = io::Error::new(io::ErrorKind::NotFound, "a symbolic link to nothing");
                    return Err(io(e));
                }
                missing.push(at.to_path_buf());
                match at.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => at = parent,
                    _ => break,
                }
            }
            // A loop of links says so, not "File exists".
            Err(e) => return Err(io(e)),
        }
    }
    missing.reverse();
    let mut created = Vec::new();
    for folder in missing {
        match fs::create_dir(&folder) {
            Ok(()) => created.push(folder),
            // Made meanwhile by a concurrent run: theirs, not ours to remove.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(source) => {
                remove_folders(&created);
                return Err(Error::Io { path: folder, source });
            }
        }
    }
    temporary::created_folders(&created);
    Ok(created)
}

/// Removes `folders` (outermost first) from the innermost out, those left empty only.
fn remove_folders(folders: &[PathBuf]) {
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
}

/// The outcome of writing a set into `dir`: on failure, the folders [`output_dir`] created are
/// removed again (only an empty folder can be removed: nothing else is lost).
fn finish(created: Vec<PathBuf>, result: Result<()>) -> Result<()> {
    if result.is_err() {
        remove_folders(&created);
    }
    temporary::forget_folders(&created);
    result
}

/// Where the bytes for `path` go: `Some((file to replace, its metadata if it exists))`, or
/// `None` for standard output, a device or a pipe, written in place.
fn target(path: &Path) -> Result<Option<(PathBuf, Option<Metadata>)>> {
    if is_standard_output(path) {
        return Ok(None);
    }
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
    Ok(Some((real, Some(meta))))
}

/// The extension of the output file `path` when it is one of `known` (compared without case),
/// so that the file's name says what it holds: `Ok(None)` for a name without extension (a
/// device such as `/dev/stdout`), an error listing `known` for any other (`x.jpg` must not
/// receive SVG).
///
/// # Errors
/// [`Error::Request`] (a usage error) for an extension not in `known`.
pub fn known_extension<'k>(path: &Path, known: &[&'k str]) -> Result<Option<&'k str>> {
    let Some(ext) = path.extension() else { return Ok(None) };
    let ext = ext.to_string_lossy();
    match known.iter().find(|k| k.eq_ignore_ascii_case(&ext)) {
        Some(k) => Ok(Some(k)),
        None => Err(Error::Request(format!(
            "cannot write {}: unknown extension \".{ext}\" (mesograph writes {})",
            path.display(),
            known.iter().map(|k| format!(".{k}")).collect::<Vec<_>>().join(", ")
        ))),
    }
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

thread_local! {
    /// When set, what this thread writes to standard output and standard error goes here
    /// instead ([`capture`]).
    static CAPTURED: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with what this thread writes to standard output and standard error through this
/// module ([`write_stdout`], [`write_stderr`], and a [`Staged`] set's `-`) appended to one buffer
/// instead, and returns `f`'s result with that buffer: for a program that runs commands one after
/// another in one process and looks at what they print (the command line's fuzz target).
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<u8>) {
    /// Puts the previous capture back, even when `f` panics.
    struct Restore(Option<Vec<u8>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CAPTURED.with(|c| *c.borrow_mut() = previous);
        }
    }
    let _restore = Restore(CAPTURED.with(|c| c.replace(Some(Vec::new()))));
    let result = f();
    let out = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (result, out)
}

/// Whether this thread's output is being captured ([`capture`]).
pub fn capturing() -> bool {
    CAPTURED.with(|c| c.borrow().is_some())
}

/// Appends `bytes` to the capture when there is one; whether there was.
fn captured(bytes: &[u8]) -> bool {
    CAPTURED.with(|c| c.borrow_mut().as_mut().map(|out| out.extend_from_slice(bytes)).is_some())
}

/// Writes `bytes` to standard error, ignoring a closed or failing standard error (`eprint!`
/// would panic), or to the capture ([`capture`]).
pub fn write_stderr(bytes: &[u8]) {
    if !captured(bytes) {
        let _ = io::stderr().lock().write_all(bytes);
    }
}

/// Writes `bytes` to standard output (or to the capture, [`capture`]). A closed pipe ends quietly
/// (`Ok(false)`: stop writing).
///
/// # Errors
/// [`Error::Stdout`] for any other failure (a full disk behind a redirection).
pub fn write_stdout(bytes: &[u8]) -> Result<bool> {
    if captured(bytes) {
        return Ok(true);
    }
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
    use std::fs::Permissions;

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
    fn a_streamed_file_arrives_whole_and_the_buffer_stays_small() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let piece: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let mut buf = Vec::new();
        let mut staged = Staged::new();
        staged
            .add_with(&path, &mut buf, |out| {
                for i in 0..5000 {
                    if i % 2 == 0 {
                        out.buf.extend_from_slice(&piece);
                        out.spill();
                    } else {
                        out.write_all(&piece).unwrap();
                    }
                    assert!(out.buf.len() < Sink::SIZE + piece.len());
                }
                Ok(())
            })
            .unwrap();
        assert!(buf.capacity() < 2 * Sink::SIZE + 2 * piece.len(), "{}", buf.capacity());
        // A slice larger than a chunk goes straight to the file, after what is waiting.
        let big = dir.path().join("bigger.json");
        let whole: Vec<u8> = (0..=255u8).cycle().take(3 * Sink::SIZE + 17).collect();
        staged
            .add_with(&big, &mut buf, |out| {
                out.put(b"head");
                out.put(&whole);
                out.put(b"tail");
                assert_eq!(out.buf, b"tail");
                Ok(())
            })
            .unwrap();
        assert!(!path.exists(), "nothing in place before the commit");
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), piece.repeat(5000));
        assert_eq!(std::fs::read(&big).unwrap(), [&b"head"[..], &whole, b"tail"].concat());
    }

    #[cfg(unix)]
    #[test]
    fn a_child_processs_output_is_staged_as_it_comes() {
        // As a picture from Graphviz: binary bytes, larger than a chunk, copied from a pipe.
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source.bin");
        let bytes: Vec<u8> = (0..3 * Sink::SIZE + 5).map(|i| (i * 7 % 256) as u8).collect();
        std::fs::write(&source, &bytes).unwrap();
        let picture = dir.path().join("2010.png");
        let mut staged = Staged::new();
        staged
            .add_with(&picture, &mut Vec::new(), |out| {
                let mut child = std::process::Command::new("cat")
                    .arg(&source)
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|source| Error::Io { path: "cat".into(), source })?;
                let mut pipe = child.stdout.take().unwrap();
                io::copy(&mut pipe, out)
                    .map_err(|source| Error::Io { path: "cat".into(), source })?;
                assert!(child.wait().unwrap().success());
                Ok(())
            })
            .unwrap();
        assert!(!picture.exists());
        staged.commit().unwrap();
        assert!(std::fs::read(&picture).unwrap() == bytes);
    }

    #[test]
    fn files_made_in_parallel_are_committed_together_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let make = |fail: Option<usize>| {
            write_files_parallel(&dir, 40, 3, |i, files| {
                if Some(i) == fail || fail.is_some_and(|f| i == f + 7) {
                    return Err(Error::Request(format!("job {i} failed")));
                }
                // Job 5 makes no file, like a year an ego network's actor is not active.
                if i != 5 {
                    files.add_with(&format!("{i}.txt"), |out| {
                        out.buf.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, i * 1000));
                        Ok(())
                    })?;
                }
                Ok(())
            })
        };
        // The first failing job in job order is reported, and the folder it created is removed.
        let e = make(Some(20)).unwrap_err().to_string();
        assert!(e.contains("job 20 failed"), "{e}");
        assert!(!dir.exists());
        assert_eq!(make(None).unwrap(), 39);
        for i in (0..40).filter(|&i| i != 5) {
            let bytes = std::fs::read(dir.join(format!("{i}.txt"))).unwrap();
            assert_eq!(bytes, vec![b'a' + (i % 26) as u8; i * 1000], "{i}");
        }
        // Failing again over the written folder leaves it as it was, without temporaries.
        std::fs::write(dir.join("3.txt"), "previous").unwrap();
        assert!(make(Some(0)).is_err());
        assert_eq!(std::fs::read(dir.join("3.txt")).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 39);
    }

    #[test]
    fn a_reader_sees_the_old_file_or_the_new_one_never_a_part() {
        // Without a sync, whole or nothing for readers rests on the rename: a reader keeps
        // reading while the file is replaced by versions of 2 MiB, each of one repeated byte.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let size = 2 << 20;
        write_atomic(&path, &vec![b'a'; size]).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        let reads = std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let mut reads = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) || reads < 5 {
                    let bytes = std::fs::read(&path).unwrap();
                    let whole = bytes.len() == size && bytes.iter().all(|&b| b == bytes[0]);
                    assert!(whole, "a part of a file: {} bytes", bytes.len());
                    reads += 1;
                }
                reads
            });
            for i in 0..40u8 {
                write_atomic(&path, &vec![b'a' + i % 26; size]).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            reader.join().unwrap()
        });
        assert!(reads >= 5);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left");
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
    fn replacing_a_file_keeps_its_owner_and_group() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("theirs.json");
        std::fs::write(&path, "old").unwrap();
        if let Err(e) = std::os::unix::fs::chown(&path, Some(4321), Some(8765)) {
            // Only root can give a file away; CI runs as root.
            assert!(std::env::var_os("CI").is_none(), "CI runs as root: {e}");
            eprintln!("skipping: not root ({e})");
            return;
        }
        std::fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o7777), (4321, 8765, 0o600));
        // Set-group-ID survives the change of owner, which clears it.
        std::fs::set_permissions(&path, Permissions::from_mode(0o2640)).unwrap();
        write_atomic(&path, b"newer").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o7777), (4321, 8765, 0o2640));
    }

    #[test]
    fn errors_name_the_file_asked_for_never_the_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nodir").join("2010.json");
        let e = write_atomic(&path, b"x").unwrap_err().to_string();
        assert_eq!(e, format!("{}: No such file or directory (os error 2)", path.display()));
        // A write that fails midway (a file size limit cannot be set here: a job's error).
        let mut staged = Staged::new();
        let e = staged
            .add_with(&dir.path().join("a.json"), &mut Vec::new(), |out| {
                out.put(b"part");
                Err(Error::Request("stopped".into()))
            })
            .unwrap_err();
        assert_eq!(e.to_string(), "stopped");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary left");
    }

    #[test]
    fn every_folder_a_failed_run_created_is_removed_and_only_those() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("x");
        std::fs::create_dir(&kept).unwrap();
        let dir = kept.join("y").join("z");
        let fail = [Ok(("a.dot".to_string(), b"a".to_vec())), Err(Error::Request("no".into()))];
        assert!(write_files(&dir, fail).is_err());
        assert!(kept.is_dir(), "a folder that was there stays");
        assert!(!kept.join("y").exists(), "x/y, made by the run, is removed with x/y/z");
        let jobs = |i: usize, _: &mut FileSet<'_>| match i {
            0 => Ok(()),
            _ => Err(Error::Request("no".into())),
        };
        assert!(write_files_parallel(&dir, 2, 1, jobs).is_err());
        assert_eq!(std::fs::read_dir(&kept).unwrap().count(), 0);
        assert_eq!(write_files(&dir, [Ok(("a.dot".to_string(), vec![]))]).unwrap(), 1);
        assert!(dir.join("a.dot").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn an_output_folder_on_a_loop_of_links_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let looped = tmp.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        let e = write_files(&looped, [Ok(("a".to_string(), vec![]))]).unwrap_err().to_string();
        assert!(e.contains("Too many levels of symbolic links"), "{e}");
        let e = write_files(&looped.join("sub"), [Ok(("a".into(), vec![]))]).unwrap_err();
        assert!(e.to_string().contains("Too many levels of symbolic links"), "{e}");
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink("nowhere", &dangling).unwrap();
        let e = write_files(&dangling.join("sub"), [Ok(("a".into(), vec![]))]).unwrap_err();
        assert_eq!(e.to_string(), format!("{}: a symbolic link to nothing", dangling.display()));
        assert!(!tmp.path().join("nowhere").exists());
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporaries_are_swept_and_live_ones_kept() {
        use temporary::PREFIX;
        let dir = tempfile::tempdir().unwrap();
        // A process that has ended, and one that is alive while the set is written.
        let mut ended = std::process::Command::new("true").spawn().unwrap();
        ended.wait().unwrap();
        let mut alive = std::process::Command::new("sleep").arg("60").spawn().unwrap();
        let names = [
            format!("{PREFIX}{}-abc123", ended.id()),
            format!("{PREFIX}{}-abc123", alive.id()),
            format!("{PREFIX}{}-abc456", std::process::id()),
            format!("{PREFIX}XAK0xD"),
            format!("{PREFIX}old0xD"),
            format!("{PREFIX}notmine.json"),
        ];
        for name in &names {
            std::fs::write(dir.path().join(name), "left").unwrap();
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let old = std::fs::File::options().write(true).open(dir.path().join(&names[4])).unwrap();
        old.set_modified(two_hours_ago).unwrap();
        let link = dir.path().join(format!("{PREFIX}{}-link", ended.id()));
        std::os::unix::fs::symlink("target", &link).unwrap();
        write_atomic(&dir.path().join("2010.dot"), b"new").unwrap();
        alive.kill().unwrap();
        alive.wait().unwrap();
        let left: std::collections::BTreeSet<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let expected: std::collections::BTreeSet<String> =
            [&names[1], &names[2], &names[3], &names[5]]
                .into_iter()
                .cloned()
                .chain([link.file_name().unwrap().to_string_lossy().into_owned()])
                .chain(["2010.dot".to_string()])
                .collect();
        assert_eq!(left, expected);
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

    #[test]
    fn an_output_name_must_say_what_it_holds() {
        let known = ["svg", "png"];
        assert_eq!(known_extension(Path::new("a/x.PNG"), &known).unwrap(), Some("png"));
        assert_eq!(known_extension(Path::new("/dev/stdout"), &known).unwrap(), None);
        let e = known_extension(Path::new("x.jpg"), &known).unwrap_err();
        assert!(matches!(e, Error::Request(_)), "{e:?}");
        assert_eq!(
            e.to_string(),
            "cannot write x.jpg: unknown extension \".jpg\" (mesograph writes .svg, .png)"
        );
    }
}
