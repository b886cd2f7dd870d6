//! The temporary files a [`super::Staged`] set writes before renaming them into place, and what
//! becomes of them when the run does not end normally.
//!
//! A temporary is named `.mesograph-PID-RANDOM` in its target's folder. Every live one is listed
//! in one process-wide registry, so that:
//! - on SIGINT, SIGTERM or SIGHUP (once [`super::remove_temporaries_on_signals`] was called), a
//!   thread removes them, and the folders the run created, then ends the process by that signal
//!   (the shell shows 130, 143, 129). A set being renamed into place is finished first, so that a
//!   signal never leaves half a set;
//! - a run killed outright (SIGKILL, a power cut) leaves its temporaries behind: the next run
//!   that writes into the same folder removes those whose process is gone (its PID names no
//!   live process), and those of older versions, whose names carry no PID, once an hour old.
//!   A concurrent run's temporaries are never touched: its process is alive.

use std::collections::BTreeSet;
use std::fs::{self, File, Metadata};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use std::time::{Duration, SystemTime};

/// What the name of every temporary starts with.
pub const PREFIX: &str = ".mesograph-";

/// How old a temporary whose name carries no PID (left by an earlier version) must be before a
/// run sweeps it.
const UNOWNED_AGE: Duration = Duration::from_secs(3600);

/// The temporaries alive in this process, the folders the running command created, and the
/// folders already swept.
#[derive(Default)]
struct Live {
    temporaries: BTreeSet<PathBuf>,
    folders: Vec<PathBuf>,
    swept: BTreeSet<PathBuf>,
}

static LIVE: Mutex<Live> =
    Mutex::new(Live { temporaries: BTreeSet::new(), folders: Vec::new(), swept: BTreeSet::new() });

/// Held while a set is renamed into place; a signal waits for it.
static COMMITTING: Mutex<()> = Mutex::new(());

/// Whether temporaries are removed on signals (see [`super::remove_temporaries_on_signals`]).
static ON_SIGNALS: AtomicBool = AtomicBool::new(false);

fn live() -> MutexGuard<'static, Live> {
    // A poisoned lock only means a thread panicked while holding it; the lists stay usable.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Asks that the first temporary install the signal handlers (see the module's doc).
pub fn enable_on_signals() {
    ON_SIGNALS.store(true, Ordering::Relaxed);
}

/// A temporary file being written; dropped before [`Temporary::persist`], it is removed.
#[derive(Debug)]
pub struct Temporary {
    path: PathBuf,
    file: File,
    persisted: bool,
}

impl Temporary {
    /// Creates a new temporary in `dir`, after sweeping the stale ones there. For a file to
    /// replace (`keep`: its metadata), the temporary gets its owner and group (where the system
    /// allows: as root, or a group the user belongs to) and then its mode.
    pub fn create(dir: &Path, keep: Option<&Metadata>) -> io::Result<Temporary> {
        if ON_SIGNALS.load(Ordering::Relaxed) {
            static INSTALL: Once = Once::new();
            INSTALL.call_once(install_handlers);
        }
        if live().swept.insert(dir.to_path_buf()) {
            sweep(dir);
        }
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            // A new output file gets 0666 less the umask, as any other program's output would;
            // one that replaces a file is private until it has that file's owner and mode.
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(if keep.is_some() { 0o600 } else { 0o666 });
        }
        let pid = std::process::id();
        let mut attempts = 0;
        let (path, file) = loop {
            let path = dir.join(format!("{PREFIX}{pid}-{}", random_suffix()));
            // Created and listed under one lock: a signal removes it, or finds it not yet made.
            let mut live = live();
            match options.open(&path) {
                Ok(file) => {
                    live.temporaries.insert(path.clone());
                    break (path, file);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => {
                    attempts += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let temporary = Temporary { path, file, persisted: false };
        if let Some(meta) = keep {
            temporary.keep(meta)?;
        }
        Ok(temporary)
    }

    /// Gives the temporary the owner, group and mode of the file it replaces.
    #[cfg(unix)]
    fn keep(&self, meta: &Metadata) -> io::Result<()> {
        use std::os::unix::fs::{MetadataExt, fchown};
        let mine = self.file.metadata()?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid())
            && fchown(&self.file, Some(meta.uid()), Some(meta.gid())).is_err()
        {
            // Not root: the file becomes the user's, as any editor's save would make it, but
            // it keeps its group if the user belongs to it.
            let _ = fchown(&self.file, None, Some(meta.gid()));
        }
        // After the owner: changing it clears the set-user-ID and set-group-ID bits.
        self.file.set_permissions(meta.permissions())
    }

    #[cfg(not(unix))]
    fn keep(&self, meta: &Metadata) -> io::Result<()> {
        self.file.set_permissions(meta.permissions())
    }

    /// The file, to write to.
    pub fn file_mut(&mut self) -> &mut File {
        &mut self.file
    }

    /// Renames the temporary onto `target`. Call it only within [`committing`].
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.persisted = true;
        live().temporaries.remove(&self.path);
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.persisted {
            let mut live = live();
            let _ = fs::remove_file(&self.path);
            live.temporaries.remove(&self.path);
        }
    }
}

/// Holds off the signal handler while a set is renamed into place.
pub fn committing() -> MutexGuard<'static, ()> {
    COMMITTING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Lists folders the running command created, outermost first, for the signal handler to remove.
pub fn created_folders(folders: &[PathBuf]) {
    live().folders.extend_from_slice(folders);
}

/// Takes folders off that list: the command kept them or removed them itself.
pub fn forget_folders(folders: &[PathBuf]) {
    live().folders.retain(|f| !folders.contains(f));
}

/// Six random letters and digits: names that cannot be guessed ahead of the run.
fn random_suffix() -> String {
    let mut n = std::collections::hash_map::RandomState::new().build_hasher().finish();
    (0..6)
        .map(|_| {
            let c = b"abcdefghijklmnopqrstuvwxyz0123456789"[(n % 36) as usize];
            n /= 36;
            char::from(c)
        })
        .collect()
}

/// Removes the stale temporaries in `dir` (see the module's doc); what cannot be read or removed
/// is left alone.
fn sweep(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else { continue };
        // Only regular files: a link or a folder of that name is not ours.
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let stale = match rest.split_once('-').and_then(|(pid, _)| pid.parse::<u32>().ok()) {
            Some(pid) => pid != std::process::id() && !process_alive(pid),
            None => meta
                .modified()
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .is_some_and(|age| age > UNOWNED_AGE),
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process `pid` exists (one of another user included), as `/proc` lists it; without
/// a readable `/proc` every process counts as alive, so that no live temporary is swept.
#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    let proc = std::path::Path::new("/proc");
    pid == 0 || !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Starts the thread that waits for SIGINT, SIGTERM and SIGHUP, for those not ignored when the
/// process started (`nohup` ignores SIGHUP, a shell's background job SIGINT: they stay ignored).
#[cfg(unix)]
fn install_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|&s| !ignored(s)).collect();
    let Ok(mut signals) = signal_hook::iterator::Signals::new(&wanted) else { return };
    let started = std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            clean_up();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    drop(started);
}

#[cfg(not(unix))]
fn install_handlers() {}

/// Whether `signal` was set to be ignored, as the `SigIgn` mask of `/proc/self/status` says
/// (read there rather than by `sigaction`, which would need unsafe code; elsewhere than Linux
/// nothing counts as ignored).
#[cfg(unix)]
fn ignored(signal: i32) -> bool {
    let Ok(status) = fs::read_to_string("/proc/self/status") else { return false };
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0)
}

/// Removes every live temporary, then the folders the command created (those left empty), and
/// holds the lists so that no new temporary is made before the process ends.
#[cfg(unix)]
fn clean_up() {
    let committing = committing();
    let live = live();
    for path in &live.temporaries {
        let _ = fs::remove_file(path);
    }
    for folder in live.folders.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
    std::mem::forget(live);
    std::mem::forget(committing);
}
