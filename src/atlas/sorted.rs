//! JSON text re-written compact with the keys of every object sorted, as `serde_json::Value`
//! writes it after reading it (`Value` keeps objects in a `BTreeMap`), without building a
//! `Value`: the atlas embeds the whole-history export in that form, and the round trip through
//! `Value` (a `String` and a map node for every key, every string copied and escaped again, all
//! freed again) was most of `mesograph atlas`.
//!
//! [`write_sorted`] reads the text once and writes each value straight into the output: an
//! object's members are written in text order, then put in key order in place. Everything is
//! copied as it stands where serde_json would write the same bytes: a string without a `\`
//! (serde_json escapes only `"`, `\` and control characters, which a JSON string cannot hold
//! unescaped), an integer without a sign or leading zero of up to 19 digits (or a negative one of
//! up to 18, not zero), `true`, `false`, `null`. Anything else (a string with an escape, any
//! other number) goes through serde_json itself, read into a `Value` and written again, and a
//! repeated key keeps its last value, as in a map. Tests compare the bytes with those of `Value`
//! on every export of the test datasets and on random JSON, valid or not.

use std::borrow::Cow;
use std::fmt;

/// How deep arrays and objects may nest: serde_json refuses the 128th level.
const MAX_DEPTH: usize = 127;

/// Text that is not JSON (or nests deeper than serde_json reads), at this byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotJson {
    at: usize,
}

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not JSON at byte {}", self.at)
    }
}

/// Appends the JSON `text` to `out`, compact, with the keys of every object sorted: the bytes
/// `serde_json::to_writer` writes for the `serde_json::Value` read from `text`. Bytes that are
/// not UTF-8 inside strings are copied: the caller checks the whole output once.
///
/// # Errors
/// [`NotJson`] where serde_json would refuse the text (`out` then holds a part).
pub(crate) fn write_sorted(text: &[u8], out: &mut Vec<u8>) -> Result<(), NotJson> {
    let mut reader = Reader { text, at: 0, out, scratch: Vec::new() };
    reader.value(0)?;
    reader.skip_space();
    match reader.at == text.len() {
        true => Ok(()),
        false => Err(reader.fail()),
    }
}

struct Reader<'t, 'o> {
    text: &'t [u8],
    at: usize,
    out: &'o mut Vec<u8>,
    /// Where an object's members wait while they are put in order (an object's members are all
    /// written before it orders them, so one buffer serves every level).
    scratch: Vec<u8>,
}

impl<'t> Reader<'t, '_> {
    fn fail(&self) -> NotJson {
        NotJson { at: self.at }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Skips `byte`, after any space.
    fn expect(&mut self, byte: u8) -> Result<(), NotJson> {
        self.skip_space();
        if self.peek() != Some(byte) {
            return Err(self.fail());
        }
        self.at += 1;
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<(), NotJson> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => {
                let (raw, plain) = self.string()?;
                self.write_string(raw, plain)
            }
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.fail()),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), NotJson> {
        if !self.text[self.at..].starts_with(word) {
            return Err(self.fail());
        }
        self.at += word.len();
        self.out.extend_from_slice(word);
        Ok(())
    }

    /// A string at `"`: its text with the quotes, and whether it holds no escape.
    fn string(&mut self) -> Result<(&'t [u8], bool), NotJson> {
        let start = self.at;
        let mut plain = true;
        let mut i = start + 1;
        loop {
            // The next quote or backslash (a vectorised search), then no control character
            // before it (a fold without early exit, which vectorises too).
            let Some(next) = memchr::memchr2(b'"', b'\\', &self.text[i..]) else {
                self.at = self.text.len();
                return Err(self.fail());
            };
            if self.text[i..i + next].iter().fold(false, |bad, &b| bad | (b < 0x20)) {
                self.at = i;
                return Err(self.fail());
            }
            i += next;
            if self.text[i] == b'"' {
                break;
            }
            plain = false;
            i += 2; // whatever is escaped, serde_json checks it below
            if i > self.text.len() {
                self.at = self.text.len();
                return Err(self.fail());
            }
        }
        self.at = i + 1;
        Ok((&self.text[start..self.at], plain))
    }

    /// Writes a string read by [`Reader::string`] as serde_json writes it.
    fn write_string(&mut self, raw: &[u8], plain: bool) -> Result<(), NotJson> {
        if plain {
            self.out.extend_from_slice(raw);
            return Ok(());
        }
        let decoded: String = std::str::from_utf8(raw)
            .ok()
            .and_then(|raw| serde_json::from_str(raw).ok())
            .ok_or_else(|| self.fail())?;
        serde_json::to_writer(&mut *self.out, &decoded).map_err(|_| self.fail())
    }

    fn number(&mut self) -> Result<(), NotJson> {
        let start = self.at;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.at += 1;
        }
        let token = &self.text[start..self.at];
        let (negative, digits) = match token {
            [b'-', rest @ ..] => (true, rest),
            _ => (false, token),
        };
        let integer = digits.iter().all(u8::is_ascii_digit)
            && match digits {
                [b'0'] => !negative,
                [b'1'..=b'9', ..] => digits.len() <= if negative { 18 } else { 19 },
                _ => false,
            };
        if integer {
            self.out.extend_from_slice(token);
            return Ok(());
        }
        // Anything else as serde_json reads it: `u64`, `i64` or `f64` (or an error).
        let value: serde_json::Value = std::str::from_utf8(token)
            .ok()
            .and_then(|token| serde_json::from_str(token).ok())
            .ok_or(NotJson { at: start })?;
        serde_json::to_writer(&mut *self.out, &value).map_err(|_| self.fail())
    }

    /// Copies the opening bracket `open` of a container at `depth`, and the closing `close` at
    /// once if the container is empty: whether it was.
    fn open(&mut self, depth: usize, open: u8, close: u8) -> Result<bool, NotJson> {
        if depth > MAX_DEPTH {
            return Err(self.fail());
        }
        self.at += 1;
        self.out.push(open);
        self.skip_space();
        if self.peek() == Some(close) {
            self.at += 1;
            self.out.push(close);
            return Ok(true);
        }
        Ok(false)
    }

    fn array(&mut self, depth: usize) -> Result<(), NotJson> {
        if self.open(depth, b'[', b']')? {
            return Ok(());
        }
        loop {
            self.value(depth)?;
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.out.push(b',');
                }
                Some(b']') => {
                    self.at += 1;
                    self.out.push(b']');
                    return Ok(());
                }
                _ => return Err(self.fail()),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), NotJson> {
        if self.open(depth, b'{', b'}')? {
            return Ok(());
        }
        let start = self.out.len();
        // Each member as `"key":value,` one after the other, with its key and place, then in
        // key order: the last comma becomes the closing brace.
        let mut members: Vec<(Cow<'t, [u8]>, usize, usize)> = Vec::new();
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail());
            }
            let at = self.at;
            let (raw, plain) = self.string()?;
            let key = key(raw, plain).ok_or(NotJson { at })?;
            let from = self.out.len() - start;
            self.write_string(raw, plain)?;
            self.expect(b':')?;
            self.out.push(b':');
            self.value(depth)?;
            self.out.push(b',');
            members.push((key, from, self.out.len() - start));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    break;
                }
                _ => return Err(self.fail()),
            }
        }
        // A stable sort keeps repeated keys in text order; the last one wins, as in a map. Keys
        // are compared by their first eight bytes as a number first (as bytes compare), which
        // most keys differ in.
        let head = |key: &[u8]| {
            let mut bytes = [0u8; 8];
            let n = key.len().min(8);
            bytes[..n].copy_from_slice(&key[..n]);
            u64::from_be_bytes(bytes)
        };
        members.sort_by(|a, b| head(&a.0).cmp(&head(&b.0)).then_with(|| a.0.cmp(&b.0)));
        let kept: Vec<(usize, usize)> = members
            .iter()
            .enumerate()
            .filter(|(i, m)| members.get(i + 1).is_none_or(|next| next.0 != m.0))
            .map(|(_, m)| (m.1, m.2))
            .collect();
        let len = reorder(&mut self.out[start..], &kept, &mut self.scratch);
        self.out.truncate(start + len);
        if let Some(comma) = self.out.last_mut() {
            *comma = b'}';
        }
        Ok(())
    }
}

/// Puts the pieces `kept` of `region` (spans in it, in the order wanted) one after the other at
/// its start, and returns their length; what is not kept ends up after them. A small region is
/// copied to `scratch` and back; a large one with few pieces (the whole export's top level, its
/// `nodes` and `links` among five members) is ordered by rotations in place, so that no copy
/// of it is ever made (fresh pages cost a fault and a zeroing each).
fn reorder(region: &mut [u8], kept: &[(usize, usize)], scratch: &mut Vec<u8>) -> usize {
    const SMALL: usize = 16 << 10;
    if region.len() <= SMALL || kept.len() > 64 {
        scratch.clear();
        scratch.extend_from_slice(region);
        let mut to = 0;
        for &(from, end) in kept {
            region[to..to + end - from].copy_from_slice(&scratch[from..end]);
            to += end - from;
        }
        return to;
    }
    // Each step brings the next piece to the end of those in place: the pieces between move
    // right by its length.
    let mut places = kept.to_vec();
    let mut to = 0;
    for i in 0..places.len() {
        let (from, end) = places[i];
        let len = end - from;
        if from != to {
            region[to..end].rotate_right(len);
            for place in &mut places[i + 1..] {
                if (to..from).contains(&place.0) {
                    *place = (place.0 + len, place.1 + len);
                }
            }
        }
        to += len;
    }
    to
}

/// The text of a key as serde_json reads it, for ordering (bytes sort as their `String` would):
/// a plain one as it stands.
fn key(raw: &[u8], plain: bool) -> Option<Cow<'_, [u8]>> {
    if plain {
        return raw.get(1..raw.len() - 1).map(Cow::Borrowed);
    }
    let raw = std::str::from_utf8(raw).ok()?;
    serde_json::from_str::<String>(raw).ok().map(|key| Cow::Owned(key.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Format, export};
    use crate::graph::{Scope, TemporalGraph};
    use proptest::prelude::*;

    /// What the atlas wrote before: the text read into a `Value` and written compact.
    fn through_value(text: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        serde_json::to_string(&value).unwrap()
    }

    fn sorted(text: &str) -> String {
        let mut out = b"before ".to_vec();
        write_sorted(text.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap().strip_prefix("before ").unwrap().to_string()
    }

    #[test]
    fn the_same_bytes_as_through_value_for_every_export_of_the_datasets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let datasets = [None, Some(root.join("hostile")), Some(root.join("hostile-atlas"))];
        for data in &datasets {
            let graph = TemporalGraph::new(crate::load(data.as_deref()).unwrap());
            let (from, to) = graph.span().unwrap();
            let scopes = std::iter::once(Scope::All).chain((from..=to).map(Scope::Year));
            for scope in scopes {
                let json = export(&graph, &graph.slice(scope), Format::Json).unwrap();
                let text = std::str::from_utf8(&json).unwrap();
                assert_eq!(sorted(text), through_value(text), "{data:?} {scope}");
            }
        }
    }

    #[test]
    fn numbers_escapes_and_repeated_keys_as_value_has_them() {
        for text in [
            r#"{"b":1,"a":[-1,18446744073709551615,18446744073709551616,-9223372036854775809]}"#,
            r#"{"x":1.5e300,"y":-0.0,"z":0.1,"w":1e-7,"v":2.5E+10,"u":123456789.123456789}"#,
            r#"{"k":"\u00e9\n\"\\\u2028\ud83d\ude00 </script>","k":"last","":null,"é":true}"#,
            r#"[{"b":{"d":[],"c":{}},"a":false},"\u0000\u001f\/"]"#,
            "  {\n  \"pretty\" : [ 1 ,\n 2 ] }  ",
        ] {
            assert_eq!(sorted(text), through_value(text), "{text}");
        }
        for bad in ["{\"a\":}", "\"\u{1}\"", "[1] 2", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{1:2}"] {
            assert!(write_sorted(bad.as_bytes(), &mut Vec::new()).is_err(), "{bad}");
        }
    }

    /// The text of any JSON value, objects with their keys in any order (some repeated), and
    /// the characters that need escaping in strings and keys.
    fn any_json() -> impl Strategy<Value = String> {
        use serde_json::{Value, to_string};
        let text = "[ab\"\\\\\u{0}\u{1f}é\u{2028}<>&]{0,4}";
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text.prop_map(Value::String),
        ]
        .prop_map(|v| to_string(&v).unwrap());
        leaf.prop_recursive(4, 64, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                proptest::collection::vec((text, inner), 0..6).prop_map(|entries| {
                    let entries: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("{}:{v}", to_string(k).unwrap()))
                        .collect();
                    format!("{{{}}}", entries.join(","))
                }),
            ]
        })
    }

    /// `text` through [`write_sorted`] and through `Value`: both refuse it, or both write the
    /// same bytes.
    fn agree(text: &str) -> Result<(), String> {
        let ours = {
            let mut out = Vec::new();
            write_sorted(text.as_bytes(), &mut out).ok().map(|()| out)
        };
        let theirs = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(|v| serde_json::to_vec(&v).unwrap());
        match ours == theirs {
            true => Ok(()),
            false => Err(format!(
                "{text:?}: ours {:?}, Value {:?}",
                ours.map(String::from_utf8),
                theirs.map(String::from_utf8)
            )),
        }
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        for text in [
            "0",
            "-0",
            "00",
            "01",
            "-01",
            "1.",
            ".5",
            "1e",
            "1e+",
            "-",
            "+1",
            "1E5",
            "1e-0",
            "-0.0",
            "0.0",
            "9223372036854775807",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "999999999999999999",
            "-999999999999999999",
            "9999999999999999999",
            "-9999999999999999999",
            "123456789012345678901234567890",
            "1e400",
            "-1e400",
            "[-]",
            "[1-2]",
            "[1e5e5]",
            "[0x10]",
            "[1 2]",
            "tru",
            "nul",
            "[true,false,null]",
            "[truex]",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\u12\"",
            "\"abc",
            "",
            " ",
            "{\"a\":1}x",
            "\"\u{1f}\"",
            "\"\u{0}\"",
            "\"\u{7f}\"",
            "{\"\u{1f}\":1}",
        ] {
            agree(text).unwrap();
        }
        let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
        for n in [126, 127, 128, 129] {
            agree(&deep(n)).unwrap();
            agree(&("{\"a\":".repeat(n) + "1" + &"}".repeat(n))).unwrap();
        }
    }

    #[test]
    fn a_large_object_is_ordered_in_place_as_a_small_one() {
        // Members of 3 KiB each, so that the object is ordered by rotations; a repeated key.
        let keys = ["m", "c", "x", "a", "c", "b", "z", "k"];
        let members: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| format!("\"{k}\": [\"{}\", {{\"q\": {i}, \"p\": 1}}]", k.repeat(3 << 10)))
            .collect();
        let text = format!("{{ {} }}", members.join(",\n "));
        assert!(text.len() > 16 << 10);
        assert_eq!(sorted(&text), through_value(&text));
    }

    proptest! {
        /// Rotations put the pieces where copies put them.
        #[test]
        fn rotations_and_copies_agree(
            lengths in proptest::collection::vec(1usize..9000, 1..8),
            order in any::<proptest::sample::Index>(),
            drop in any::<proptest::sample::Index>(),
        ) {
            let mut region = Vec::new();
            let mut spans = Vec::new();
            for (i, len) in lengths.iter().enumerate() {
                spans.push((region.len(), region.len() + len));
                region.extend(std::iter::repeat_n(b'a' + i as u8, *len));
            }
            // Some order of all pieces but (maybe) one.
            let mut kept = spans.clone();
            let n = kept.len();
            kept.rotate_left(order.index(n));
            kept.swap(0, order.index(n));
            if n > 1 {
                kept.remove(drop.index(n));
            }
            let expected: Vec<u8> = kept.iter().flat_map(|&(a, b)| region[a..b].to_vec()).collect();
            let mut scratch = Vec::new();
            let len = reorder(&mut region, &kept, &mut scratch);
            prop_assert_eq!(&region[..len], &expected[..]);
        }

        /// Text made of JSON's tokens and a few others, mostly not JSON.
        #[test]
        fn valid_or_not_as_serde_json_on_random_text(
            text in "([\\[\\]{}:, \n]|\"[a\\\\é\u{1}\u{1f}\u{7f}]{0,3}\"|-?[0-9]{1,3}(\\.[0-9]?)?([eE][+-]?[0-9]{0,2})?|true|nul|\"k\"|[a-z.+-]){0,24}",
        ) {
            prop_assert_eq!(agree(&text), Ok(()));
        }

        #[test]
        fn the_same_bytes_as_through_value_on_random_json(text in any_json()) {
            prop_assert_eq!(sorted(&text), through_value(&text));
            // Pretty text too, as the export writes it.
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            prop_assert_eq!(sorted(&pretty), through_value(&pretty));
        }
    }
}
