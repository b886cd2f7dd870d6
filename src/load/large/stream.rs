//! Parsing a large file without holding its text: a fixed number of chunks read and parsed on
//! two threads, each chunk freed once parsed; and the same chunks copied from a text in memory
//! ([`chunked`], for [`super::split`]).
//!
//! The text of a large `links.json` takes as much memory as the records parsed from it (see
//! docs/performance.md, "Parsing"), and the ordinary path holds both at once. Here the file is cut
//! into chunks at guessed record boundaries ([`super::split::guess`]); chunk 0 starts at the first
//! record, and every chunk must parse exactly up to the next cut, which proves that cut a real
//! boundary. Anything unusual (another layout, a broken record, a file that changes while read)
//! returns `None`, and the caller reads the whole file and takes the ordinary path, which reports
//! problems exactly.

use super::Large;
use super::split::{MIN_BYTES, array_close, guess, header, last_non_ws, records};
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
pub(in crate::load) const CHUNK: u64 = 8 << 20;
/// How far past a chunk's nominal end a record boundary is looked for.
const WINDOW: usize = 64 << 10;

/// Where chunks are read from: a file, read at an offset, or a text already in memory, copied
/// from. Either way a chunk goes into a buffer of its thread's own, reused from chunk to chunk,
/// where it is made a JSON array.
pub(in crate::load) trait Source: Sync {
    fn size(&self) -> u64;
    /// Fills `buf` with the bytes at `at`.
    fn fill(&self, at: u64, buf: &mut [u8]) -> Option<()>;
}

impl Source for File {
    fn size(&self) -> u64 {
        self.metadata().map_or(0, |m| m.len())
    }
    fn fill(&self, at: u64, buf: &mut [u8]) -> Option<()> {
        self.read_exact_at(buf, at).ok()
    }
}

impl Source for [u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn fill(&self, at: u64, buf: &mut [u8]) -> Option<()> {
        let at = usize::try_from(at).ok()?;
        buf.copy_from_slice(self.get(at..at.checked_add(buf.len())?)?);
        Some(())
    }
}

fn read_at<S: Source + ?Sized>(source: &S, at: u64, len: usize, buf: &mut Vec<u8>) -> Option<()> {
    buf.clear();
    buf.resize(len, 0);
    source.fill(at, buf)
}

/// The file at `path` parsed chunk by chunk, with the endpoints' tags of each record (see
/// [`Large::ends`]) after `seed` is interned with its tags on every thread; or `None` to
/// take the ordinary path.
pub(in crate::load) fn parse<T: Large>(
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
pub(in crate::load) fn parse_in<T: Large>(
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
    chunked(key, &file, every, min, Some(seed))
}

/// The records of `source` parsed chunk by chunk on two threads, in chunks of about `every`
/// bytes for a source of at least `min` bytes; with `seed`, the endpoints' tags of each record
/// too (else none); or `None` to take the ordinary path.
pub(in crate::load) fn chunked<T: Large, S: Source + ?Sized>(
    key: &str,
    source: &S,
    every: u64,
    min: u64,
    seed: Option<&Arc<Seed>>,
) -> Option<(T, Vec<Ends>)>
where
    T::Record: Send,
{
    let size = source.size();
    if size < min || size > usize::MAX as u64 {
        return None;
    }
    let mut buf = Vec::new();
    read_at(source, 0, WINDOW.min(size as usize), &mut buf)?;
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
        read_at(source, at, WINDOW, &mut buf)?;
        let cut = at + guess(&buf, 0)? as u64;
        cuts.push(cut);
        at = cut + every;
    }
    let chunks = cuts.len();
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::channel::<(usize, Option<Chunk<T::Record>>)>();
    let threads = crate::memory::threads().min(2);
    // Room for every record up front: growing by doubling copied the records and touched fresh
    // pages at each step (see docs/performance.md, "Memory"). No record is shorter than 48 bytes,
    // and capacity never touched costs no memory.
    let mut all = Vec::with_capacity((size as usize - first) / 48);
    let mut all_ends = Vec::new();
    let complete = std::thread::scope(|scope| {
        for _ in 0..threads {
            let (cuts, next, send) = (&cuts, &next, send.clone());
            scope.spawn(move || {
                let _interning = crate::interned::interning();
                if let Some(seed) = seed {
                    crate::interned::seed(seed);
                }
                let mut buf = Vec::new();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= chunks {
                        return;
                    }
                    let end = cuts.get(k + 1).copied().unwrap_or(size);
                    let last = k + 1 == chunks;
                    let parsed =
                        chunk::<T, S>(source, cuts[k], end, last, seed.is_some(), &mut buf);
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
/// start) or, when `last`, close the array and the document. `(records, their tags when
/// `tags`, last)`.
///
/// The chunk is read behind a `[`, and the comma before the next record (or the array's own
/// `]`) closes it: parsed as one JSON array, it proves the cut, since a comma inside a record
/// or a string would leave the array unclosed.
pub(in crate::load) fn chunk<T: Large, S: Source + ?Sized>(
    source: &S,
    start: u64,
    end: u64,
    last: bool,
    tags: bool,
    buf: &mut Vec<u8>,
) -> Option<Chunk<T::Record>> {
    let len = (end - start) as usize;
    buf.clear();
    buf.resize(len + 1, 0);
    buf[0] = b'[';
    source.fill(start, &mut buf[1..])?;
    let close = if last {
        array_close(buf)?
    } else {
        let comma = last_non_ws(buf, buf.len()).filter(|&i| buf[i] == b',')?;
        buf[comma] = b']';
        comma
    };
    // Cuts fall on a `{`, so a chunk of a UTF-8 file is UTF-8 on its own.
    let array = std::str::from_utf8(&buf[..=close]).ok()?;
    let mut out = Vec::with_capacity(len / 160);
    let mut ends = Vec::with_capacity(if tags { len / 160 } else { 0 });
    records::<T>(array, &mut out, tags.then_some(&mut ends))?;
    Some((out, ends, last))
}
