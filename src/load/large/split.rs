//! Parsing a large text on two threads, and what both large-input routes share: the layout
//! they take ([`header`]), their guess of a record boundary ([`guess`]), and their parser of the
//! records ([`records`]).
//!
//! Parsing is the largest phase of a command on a large dataset, and the machines this runs on
//! have 2 cores (see docs/performance.md, "Parsing"). The array of records is cut at record
//! boundaries guessed every few MiB (a `}`, a comma, a `{`), and each piece, made a JSON array
//! of its own, is parsed on one of two threads. A cut is proved by the piece before it closing
//! there: a comma inside a record or a string would leave that array unclosed. Anything unusual
//! (another layout, a wrong guess, a broken record) returns `None`, and the caller takes the
//! ordinary path, which reports problems exactly, so the result is always the one
//! `serde_json::from_str` gives.
//!
//! The records are parsed by sonic-rs rather than by a hand-written reader (see
//! docs/performance.md, "Parsing"): what it accepts it reads as serde_json does (tested on
//! escapes, surrogates and mangled records), and whatever it refuses goes the ordinary way.

use super::Large;
use crate::dataset::ends::Ends;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// Below this size, one thread is quicker than two.
pub(in crate::load) const MIN_BYTES: usize = 1 << 20;

pub(in crate::load) fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && matches!(b[p], b' ' | b'\n' | b'\r' | b'\t') {
        p += 1;
    }
    p
}

/// The offset of the last byte before `end` that is not JSON whitespace.
pub(in crate::load) fn last_non_ws(b: &[u8], end: usize) -> Option<usize> {
    b[..end].iter().rposition(|c| !matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
}

/// The offset of the `]` that closes the records' array when `b` ends with `]` `}` and
/// whitespace, as a file in the layout of [`header`] does.
pub(in crate::load) fn array_close(b: &[u8]) -> Option<usize> {
    let brace = last_non_ws(b, b.len()).filter(|&i| b[i] == b'}')?;
    last_non_ws(b, brace).filter(|&i| b[i] == b']')
}

/// Deserialises a JSON array of records by pushing each onto `out` (given room beforehand), with
/// the endpoints' tags of each ([`Large::ends`]) pushed onto `ends`, when given, right after it
/// is parsed: the interning's lookups of that record are the ones its tags are read from.
struct Append<'v, T: Large> {
    out: &'v mut Vec<T::Record>,
    ends: Option<&'v mut Vec<Ends>>,
}

impl<'de, T: Large> DeserializeSeed<'de> for Append<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Large> Visitor<'de> for Append<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<T::Record>()? {
            if let Some(ends) = self.ends.as_deref_mut() {
                ends.push(T::ends(&record));
            }
            self.out.push(record);
        }
        Ok(())
    }
}

/// The records of `array`, a JSON array and nothing else but whitespace, pushed onto `out`
/// (and their ends onto `ends`); `None` if sonic-rs refuses it.
pub(in crate::load) fn records<T: Large>(
    array: &str,
    out: &mut Vec<T::Record>,
    ends: Option<&mut Vec<Ends>>,
) -> Option<()> {
    let mut de = sonic_rs::Deserializer::from_str(array);
    Append::<T> { out, ends }.deserialize(&mut de).ok()?;
    de.end().ok()
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
        p = skip_ws(b, p + 1);
        let mut stream = serde_json::Deserializer::from_str(&text[p..]).into_iter::<String>();
        schema = Some(stream.next()?.ok()?);
        p = skip_ws(b, p + stream.byte_offset());
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

/// The file parsed on two threads, or `None` to take the ordinary path: its text cut into
/// chunks at guessed record starts, each copied into a buffer of its thread's own and parsed
/// there, as [`stream`](super::stream) reads a file (a chunk made an array in place of the text
/// would be a copy of the whole text, in fresh memory).
pub(in crate::load) fn parse<T: Large>(key: &str, text: &str) -> Option<T>
where
    T::Record: Send,
{
    let (min, every) = (MIN_BYTES as u64, super::stream::CHUNK);
    super::stream::chunked::<T, [u8]>(key, text.as_bytes(), every, min, None).map(|(file, _)| file)
}
