//! The writers on any bytes: a set of files staged into a folder and committed, whole or not at
//! all, whatever the names, the contents and the failures.

use crate::error::Error;
use crate::output::temporary::PREFIX;
use crate::output::{FileSet, write_files_parallel};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The names an input picks from (a byte below [`PICKED`]), matching what the folder holds:
/// `a` a file, `b` a read-only file, `c` a folder, `d` a link to `a`, `e` a link to nothing.
const NAMES: [&str; 7] = ["a", "b", "c", "d", "e", "2010.dot", "-"];
const PICKED: u8 = 200;

/// One file the input asks for.
#[derive(Debug)]
struct Wanted {
    name: String,
    bytes: Vec<u8>,
    /// The job of [`write_files_parallel`] it belongs to.
    job: usize,
    /// Its bytes are written, then the job fails.
    fails: bool,
}

/// Reads the input as: a flags byte (bit 0: into a new folder `new/deeper` rather than the
/// prepared one; bits 1–2: how many threads), then records of a control byte (bit 0: the job
/// fails after writing this file; bit 1: the next job; bits 2–3: the content repeated 1, 100,
/// 3000 or 10000 times, past a chunk, within 4 MiB in all), a name (a byte below 200 picks from
/// [`NAMES`], otherwise five times that many bytes less 200 follow as the name, up to 275) and
/// the content (a length byte, then the bytes).
fn wanted(input: &[u8]) -> Option<(u8, Vec<Wanted>)> {
    let (&flags, mut rest) = input.split_first()?;
    let mut files = Vec::new();
    let (mut job, mut total) = (0, 0);
    let take = |n: usize, rest: &mut &[u8]| -> Vec<u8> {
        let n = n.min(rest.len());
        let (head, tail) = rest.split_at(n);
        *rest = tail;
        head.to_vec()
    };
    while let [control, pick, tail @ ..] = rest {
        let (control, pick) = (*control, *pick);
        rest = tail;
        let name = if pick < PICKED {
            NAMES[usize::from(pick) % NAMES.len()].to_string()
        } else {
            String::from_utf8_lossy(&take(5 * usize::from(pick - PICKED), &mut rest)).into_owned()
        };
        let length = take(1, &mut rest).first().copied().unwrap_or(0);
        let content = take(usize::from(length), &mut rest);
        // At most 4 MiB in all, so that the fuzzer stays fast: enough for files past a chunk.
        let mut times = [1, 100, 3000, 10000][usize::from(control >> 2 & 3)];
        if total + times * content.len() > 4 << 20 {
            times = 1;
        }
        total += times * content.len();
        if control & 2 != 0 {
            job += 1;
        }
        files.push(Wanted { name, bytes: content.repeat(times), job, fails: control & 1 != 0 });
        if files.len() == 64 {
            break;
        }
    }
    Some((flags, files))
}

/// Every entry of `dir` (not following links): a file's bytes, `<folder>`, `<link to …>`.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .map(|e| {
            let e = e.expect("an entry of the folder");
            let path = e.path();
            let meta = std::fs::symlink_metadata(&path).expect("its metadata");
            let what = if meta.is_symlink() {
                format!("<link to {}>", std::fs::read_link(&path).unwrap().display()).into_bytes()
            } else if meta.is_dir() {
                b"<folder>".to_vec()
            } else {
                std::fs::read(&path).expect("its bytes")
            };
            (e.file_name().to_string_lossy().into_owned(), what)
        })
        .collect()
}

/// The folder the prepared files go into: one per thread, made anew for each input and removed
/// after it (a long fuzzing run would otherwise leave millions of folders); in memory
/// (`/dev/shm`) where there is one, where making and renaming files costs far less than on a
/// disk (see docs/performance.md, "Exporting and writing").
fn prepare() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let temp = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    let base = temp.join(format!("mesograph-fuzz-writers-{}-{thread}", std::process::id()));
    // Left by an input that failed the checks.
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir(&base).expect("make the fuzzing folder");
    std::fs::write(base.join("a"), "old a").unwrap();
    std::fs::write(base.join("b"), "old b").unwrap();
    let mut perms = std::fs::metadata(base.join("b")).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(base.join("b"), perms).unwrap();
    std::fs::create_dir(base.join("c")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a", base.join("d")).unwrap();
        std::os::unix::fs::symlink("nowhere", base.join("e")).unwrap();
    }
    base
}

/// Whether a file named `name` can be staged in the prepared folder (`fresh`: a new folder).
fn writable(name: &str, fresh: bool) -> bool {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && name.len() <= 255;
    plain && (fresh || !matches!(name, "b" | "c" | "e"))
}

/// Stages the files the input asks for with [`write_files_parallel`] and checks the outcome:
/// success exactly when every name is writable and no job fails, and then every file holds the
/// bytes last staged for it (through a link: its target); otherwise the folder is as it was,
/// a folder the run made is gone, and the error names no temporary. No temporary is ever left.
///
/// Returns whether the set was written, `None` for an input too short to ask for anything.
pub fn writers(input: &[u8]) -> Option<bool> {
    let (flags, mut files) = wanted(input)?;
    // A name that holds a temporary's would be taken for one.
    for file in &mut files {
        file.name = file.name.replace(PREFIX, "_mesograph-");
    }
    let base = prepare();
    let fresh = flags & 1 != 0;
    let dir = if fresh { base.join("new").join("deeper") } else { base.clone() };
    let before = snapshot(&base);
    let jobs = files.last().map_or(0, |f| f.job + 1);
    let threads = usize::from(flags >> 1 & 3) + 1;
    let result = write_files_parallel(&dir, jobs, threads, |job, set: &mut FileSet<'_>| {
        for file in files.iter().filter(|f| f.job == job) {
            set.add(&file.name, &file.bytes)?;
            if file.fails {
                return Err(Error::Request(format!("job {job} fails")));
            }
        }
        Ok(())
    });
    let expect_ok = files.iter().all(|f| writable(&f.name, fresh) && !f.fails);
    let after = snapshot(&base);
    let temporaries = |dir: &Path| snapshot(dir).into_keys().filter(|n| n.starts_with(PREFIX));
    assert_eq!(temporaries(&dir).collect::<Vec<_>>(), Vec::<String>::new(), "temporaries left");
    let written = snapshot(&dir);
    std::fs::remove_dir_all(&base).expect("remove the fuzzing folder");
    match result {
        Ok(count) => {
            assert!(expect_ok, "staged a file it should have refused: {files:?}");
            assert_eq!(count, files.len());
            let mut expected = if fresh { BTreeMap::new() } else { before };
            for file in &files {
                let name = if file.name == "d" && !fresh { "a" } else { &file.name };
                expected.insert(name.to_string(), file.bytes.clone());
            }
            let written = if fresh { written } else { after };
            assert!(written == expected, "not the files staged: {:?}", written.keys());
            Some(true)
        }
        Err(e) => {
            assert!(!expect_ok, "refused a set it should have written: {e}");
            let message = e.to_string();
            assert!(!message.contains(PREFIX), "the error names a temporary: {message}");
            assert!(after == before, "a failed set changed the folder: {:?}", after.keys());
            Some(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record: its control byte, a name (from [`NAMES`] when it is one of them) and content.
    fn record(control: u8, name: &str, content: &[u8]) -> Vec<u8> {
        let mut out = vec![control];
        match NAMES.iter().position(|&n| n == name) {
            Some(i) => out.push(i as u8),
            None => {
                let padded = name.len().div_ceil(5) * 5;
                out.push(PICKED + (padded / 5) as u8);
                out.extend(name.bytes());
                out.extend(std::iter::repeat_n(b'_', padded - name.len()));
            }
        }
        out.push(content.len() as u8);
        out.extend_from_slice(content);
        out
    }

    fn input(flags: u8, records: &[Vec<u8>]) -> Vec<u8> {
        [vec![flags], records.concat()].concat()
    }

    #[test]
    fn sets_are_written_whole_or_not_at_all() {
        const NEXT: u8 = 2;
        const FAILS: u8 = 1;
        const LARGE: u8 = 3 << 2;
        assert_eq!(writers(b""), None);
        let cases = [
            (input(0, &[]), true),
            (input(0, &[record(0, "2010.dot", b"new"), record(NEXT, "-", b"dd")]), true),
            // Through the link to `a`, twice in one set: the last one wins.
            (input(0, &[record(0, "d", b"1"), record(0, "a", b"2"), record(0, "d", b"3")]), true),
            // A failing job after others, on two threads.
            (
                input(
                    2,
                    &[
                        record(0, "a", b"x"),
                        record(NEXT, "2010.dot", b"y"),
                        record(NEXT | FAILS, "new", b"z"),
                    ],
                ),
                false,
            ),
            // The read-only file, the folder, the link to nothing.
            (input(0, &[record(0, "a", b"x"), record(0, "b", b"y")]), false),
            (input(0, &[record(0, "a", b"x"), record(NEXT, "c", b"y")]), false),
            (input(0, &[record(0, "e", b"y")]), false),
            // Into a new folder, where every name is new; then one that fails there.
            (input(1, &[record(0, "b", b"x"), record(0, "c", b"y"), record(0, "e", b"z")]), true),
            (input(1, &[record(0, "b", b"x"), record(FAILS, "a", b"y")]), false),
            // Past a chunk, on four threads; a name with a folder part; a name too long.
            (input(6, &[record(LARGE, "big", &[7; 200]), record(NEXT, "x", b"")]), true),
            (input(6, &[record(LARGE, "big", &[7; 200]), record(NEXT, "x/y", b"")]), false),
            (input(0, &[record(0, &"n".repeat(275), b"")]), false),
            (input(0, &[record(0, "nul\0", b"")]), false),
        ];
        for (input, written) in cases {
            assert_eq!(writers(&input), Some(written), "{input:?}");
        }
    }
}
