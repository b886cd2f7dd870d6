//! JSON text re-written compact with the keys of every object sorted, as `serde_json::Value`
//! writes it after reading it (`Value` keeps objects in a `BTreeMap`), without building a
//! `Value`: the atlas embeds the whole-history export in that form, and the round trip through
//! `Value` (a `String` and a map node for every key, every string copied and escaped again, all
//! freed again) was most of `mesograph atlas`.
//!
//! [`write_sorted`] writes each value as serde_json reads it, straight into the output: an
//! object's members are written in text order, then put in key order in place. The bytes are
//! those of `Value`: scalars go through the same serde_json calls (numbers as serde_json read
//! them, `u64`, `i64` or `f64`; strings that held an escape escaped again), a repeated key keeps
//! its last value, and a string that held no escape is copied as it was, since serde_json would
//! write it unchanged (its parser refuses a raw control character, and a quote or backslash
//! cannot appear unescaped).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Appends the JSON `text` to `out`, compact, with the keys of every object sorted: the bytes
/// `serde_json::to_writer` writes for the `serde_json::Value` read from `text`.
///
/// # Errors
/// serde_json's error for text that is not JSON (`out` then holds a part).
pub(crate) fn write_sorted(text: &str, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let mut scratch = Vec::new();
    Emit { out, scratch: &mut scratch }.deserialize(&mut reader)?;
    reader.end()
}

/// Writes the value it reads into `out`; `scratch` is where an object's members wait while they
/// are put in order (shared: an object's members are all written before it orders them).
struct Emit<'o> {
    out: &'o mut Vec<u8>,
    scratch: &'o mut Vec<u8>,
}

impl Emit<'_> {
    /// The same emitter for a value inside this one.
    fn inner(&mut self) -> Emit<'_> {
        Emit { out: self.out, scratch: self.scratch }
    }

    fn number<E: de::Error>(self, n: impl serde::Serialize) -> Result<(), E> {
        serde_json::to_writer(self.out, &n).map_err(E::custom)
    }
}

/// A string as serde_json writes it: one borrowed from the text (`plain`) held no escape and is
/// written as it was; any other goes through serde_json's escaper.
fn string<E: de::Error>(text: &str, plain: bool, out: &mut Vec<u8>) -> Result<(), E> {
    if plain {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, text).map_err(E::custom)
    }
}

impl<'de> DeserializeSeed<'de> for Emit<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// What `serde_json::Value`'s visitor keeps, written as `Value` writes it.
impl<'de> Visitor<'de> for Emit<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.number(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.number(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // `Value` turns a number it cannot hold into null.
        if v.is_finite() { self.number(v) } else { self.visit_unit() }
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<(), E> {
        string(v, true, self.out)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        string(v, false, self.out)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.out.push(b'[');
        let mut first = true;
        loop {
            // A comma before every item but the first, taken back after the last.
            let mark = self.out.len();
            if !first {
                self.out.push(b',');
            }
            if seq.next_element_seed(self.inner())?.is_none() {
                self.out.truncate(mark);
                break;
            }
            first = false;
        }
        self.out.push(b']');
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Members are written one after the other, `"key":value` each, then put in key order.
        let start = self.out.len();
        let mut members: Vec<(Cow<'de, str>, usize, usize)> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            let from = self.out.len();
            string::<A::Error>(&key, matches!(key, Cow::Borrowed(_)), self.out)?;
            self.out.push(b':');
            map.next_value_seed(Emit { out: self.out, scratch: self.scratch })?;
            members.push((key, from - start, self.out.len() - start));
        }
        // A stable sort keeps repeated keys in text order; the last one wins, as in a map.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.out[start..]);
        self.out.truncate(start);
        self.out.push(b'{');
        let mut first = true;
        for (i, (key, from, to)) in members.iter().enumerate() {
            if members.get(i + 1).is_some_and(|next| next.0 == *key) {
                continue; // a later member has this key
            }
            if !first {
                self.out.push(b',');
            }
            self.out.extend_from_slice(&self.scratch[*from..*to]);
            first = false;
        }
        self.out.push(b'}');
        Ok(())
    }
}

/// An object's key, borrowed from the text when it holds no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
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
        write_sorted(text, &mut out).unwrap();
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
        for bad in ["{\"a\":}", "\"\u{1}\"", "[1] 2", "{\"a\":1,}"] {
            assert!(write_sorted(bad, &mut Vec::new()).is_err(), "{bad}");
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

    proptest! {
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
