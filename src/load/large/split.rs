//! Parsing a large file on two threads: each parses half of its records.
//!
//! Parsing is the largest phase of a command on a large dataset, and the machines this runs on
//! have 2 cores (see docs/performance.md, "Parsing"). The first thread parses records in order from
//! the start; the second guesses a record boundary near the middle (a `}`, a comma, a `{`) and
//! parses from there to the end. The guess is trusted only when the first thread, parsing exactly,
//! lands on it; otherwise the first thread goes on alone. Anything unusual (another layout, a
//! broken record) returns `None`, and the caller takes the ordinary path, which reports problems
//! exactly, so the result is always the one `serde_json::from_str` gives.

use super::Large;
use crate::dataset::ends::Ends;
use serde::de::DeserializeOwned;

/// Below this size, one thread is quicker than two.
pub(in crate::load) const MIN_BYTES: usize = 1 << 20;

pub(in crate::load) fn skip_ws(b: &[u8], mut p: usize) -> usize {
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
pub(in crate::load) fn records<T: Large>(
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
pub(in crate::load) fn guess(b: &[u8], from: usize) -> Option<usize> {
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
pub(in crate::load) fn header(text: &str, key: &str) -> Option<(Option<String>, usize)> {
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
pub(in crate::load) fn parse<T: Large>(key: &str, text: &str) -> Option<T>
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
    (b.get(p) == Some(&b'}') && skip_ws(b, p + 1) == b.len()).then(|| T::from_records(schema, head))
}
