//! mesograph's two-thread split of a large file (`mod split` in `src/load.rs`) with a kept parser
//! in place of the loader's record readers (`load/fast.rs`, then serde_json): a file of at least
//! 1 MiB is cut at a record start guessed near the middle of its array, and each half is parsed
//! on a thread of its own, with its own interning, as a JSON array of records through serde.
//!
//! The loader reads each half record by record, which the kept parsers cannot do (sonic-rs and
//! simd-json do not say where a value ended). Here the cut is made in place instead: in the layout
//! mesograph writes (`},` then a line break then `{`), the comma becomes the `]` that closes the
//! first half and the line break the `[` that opens the second, so neither half is copied. With
//! no whitespace at the cut, the second half is copied behind a `[`. A wrong guess (a cut inside
//! a record, between two of its citations) leaves the first half an unclosed record, which the
//! parser refuses: as in the loader, the cut is proved by the parse. The loader then takes its
//! ordinary path; here a failed split is an error, so that the benchmark never times something
//! else than the split.
//!
//! `MIN_BYTES`, `skip_ws`, `guess` and the header's layout mirror `src/load.rs`, where they are
//! private to the loader: keep them in step.

use crate::{Parser, Res};
use mesograph::model::{ActorsFile, LinksFile, MilestonesFile, SourcesFile};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// Below this size, one thread is quicker than two (as in the loader).
const MIN_BYTES: usize = 1 << 20;

/// A data file made of an array of records under one key.
pub trait Records: DeserializeOwned {
    type Record: DeserializeOwned + Send;
    /// The key of the records' array.
    const KEY: &'static str;
    /// The file from its `$schema` and records.
    fn from_records(schema: Option<String>, records: Vec<Self::Record>) -> Self;
}

macro_rules! records {
    ($file:ty, $record:ty, $key:literal, $field:ident) => {
        impl Records for $file {
            type Record = $record;
            const KEY: &'static str = $key;
            fn from_records(schema: Option<String>, $field: Vec<$record>) -> Self {
                Self { schema, $field }
            }
        }
    };
}
records!(SourcesFile, mesograph::model::Source, "sources", sources);
records!(ActorsFile, mesograph::model::Actor, "actors", actors);
records!(LinksFile, mesograph::model::Link, "links", links);
records!(MilestonesFile, mesograph::model::Milestone, "milestones", milestones);

/// Deserialises a JSON array by pushing each element onto a vector given room beforehand, as
/// the loader's split does (growing by doubling copies the records).
struct Append<'v, R>(&'v mut Vec<R>);

impl<'de, R: DeserializeOwned> DeserializeSeed<'de> for Append<'_, R> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, R: DeserializeOwned> Visitor<'de> for Append<'_, R> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element()? {
            self.0.push(record);
        }
        Ok(())
    }
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && matches!(b[p], b' ' | b'\n' | b'\r' | b'\t') {
        p += 1;
    }
    p
}

/// The offset of the last byte before `end` that is not whitespace.
fn last_non_ws(b: &[u8], end: usize) -> Option<usize> {
    b[..end].iter().rposition(|c| !matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
}

/// A likely record start at or after `from` (the loader's `split::guess`, verbatim): the `{` of
/// `}` `,` `{`, among the candidates of the next 64 KiB the first that starts a line with the
/// least indentation, else the first candidate.
fn guess(b: &[u8], from: usize) -> Option<usize> {
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

/// `{` [`"$schema": "…",`] `"KEY": [` then a record's `{` (the layout the loader's split
/// takes): the `$schema` and the offset of the `[`.
fn header(b: &[u8], key: &str) -> Option<(Option<String>, usize)> {
    let mut p = skip_ws(b, 0);
    if b.get(p) != Some(&b'{') {
        return None;
    }
    p = skip_ws(b, p + 1);
    let mut schema = None;
    if b[p..].starts_with(b"\"$schema\"") {
        p = skip_ws(b, p + "\"$schema\"".len());
        if b.get(p) != Some(&b':') {
            return None;
        }
        p = skip_ws(b, p + 1);
        let mut stream = serde_json::Deserializer::from_slice(&b[p..]).into_iter::<String>();
        schema = Some(stream.next()?.ok()?);
        p = skip_ws(b, p + stream.byte_offset());
        if b.get(p) != Some(&b',') {
            return None;
        }
        p = skip_ws(b, p + 1);
    }
    let quoted = format!("\"{key}\"");
    if !b[p..].starts_with(quoted.as_bytes()) {
        return None;
    }
    p = skip_ws(b, p + quoted.len());
    if b.get(p) != Some(&b':') {
        return None;
    }
    let open = skip_ws(b, p + 1);
    (b.get(open) == Some(&b'[') && b.get(skip_ws(b, open + 1)) == Some(&b'{'))
        .then_some((schema, open))
}

/// The file `F` in `bytes` parsed by `P`: on two threads when it is large, else whole.
/// `bytes` is left changed.
pub fn parse<P: Parser, F: Records>(bytes: &mut [u8]) -> Res<F> {
    if bytes.len() < MIN_BYTES {
        return P::parse(bytes);
    }
    let not_split = || format!("{}: not in the layout the split takes", F::KEY);
    let (schema, open) = header(bytes, F::KEY).ok_or_else(not_split)?;
    let first = skip_ws(bytes, open + 1);
    let middle = guess(bytes, first + (bytes.len() - first) / 2).ok_or_else(not_split)?;
    // `guess` found `}` `,` `{` with only whitespace between: the comma is the last before it.
    let comma = middle - 1 - bytes[..middle].iter().rev().position(|&c| c == b',').unwrap();
    // The array's `]`, followed by the object's `}` and whitespace.
    let close = last_non_ws(bytes, bytes.len())
        .filter(|&i| bytes[i] == b'}')
        .and_then(|i| last_non_ws(bytes, i))
        .filter(|&i| bytes[i] == b']')
        .ok_or_else(not_split)?;
    let len = bytes.len();
    bytes[comma] = b']';
    let mut copied = Vec::new();
    let (left, right) = bytes.split_at_mut(comma + 1);
    let head_bytes = &mut left[open..];
    let tail_bytes: &mut [u8] = if middle - comma >= 2 {
        right[middle - 2 - comma] = b'[';
        // Only the array: what follows it was checked above.
        &mut right[middle - 2 - comma..close - comma]
    } else {
        copied.reserve_exact(close + 2 - middle);
        copied.push(b'[');
        copied.extend_from_slice(&right[middle - 1 - comma..close - comma]);
        &mut copied
    };
    // Room for every record up front, as in the loader: no record is shorter than 48 bytes.
    let mut head = Vec::with_capacity((len - first) / 48);
    let (head_parsed, tail) = std::thread::scope(|scope| {
        let tail = scope.spawn(|| -> Result<Vec<F::Record>, String> {
            // This thread's own table, as in the loader.
            let _interning = mesograph::dataset::interning();
            let mut out = Vec::with_capacity((len - middle) / 48);
            P::seed(tail_bytes, Append(&mut out)).map_err(|e| e.to_string())?;
            Ok(out)
        });
        let head_parsed = P::seed(head_bytes, Append(&mut head)).map_err(|e| e.to_string());
        (head_parsed, tail.join())
    });
    head_parsed.map_err(|e| format!("{}, first half: {e}", F::KEY))?;
    let tail = tail.map_err(|_| "the second half's thread panicked")?;
    head.extend(tail.map_err(|e| format!("{}, second half: {e}", F::KEY))?);
    Ok(F::from_records(schema, head))
}
