//! Shared strings for the values that records repeat: the actor ids at both ends of a link, the
//! source and locator of a citation.
//!
//! At 10⁶ links a dataset names the same hundred thousand actor ids and a few dozen sources and
//! locators millions of times. As `String`s each was its own allocation: five or six per link,
//! twice the input's size in fresh memory, and page faults were the largest cost of loading.
//! While [`interning`] is in force on a thread (the loader turns it on while it parses), every
//! [`Interned`] deserialised on that thread with a value seen before shares its allocation.
//! Outside it, an `Interned` is simply an immutable string of its own.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string that equal values may share; reads as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Interned(Arc<str>);

type Table = HashSet<Arc<str>, BuildHasherDefault<rustc_hash::FxHasher>>;

thread_local! {
    static TABLE: RefCell<Option<Table>> = const { RefCell::new(None) };
}

/// While the returned guard lives, strings deserialised as [`Interned`] on this thread share
/// one allocation per distinct value. Nested guards keep the outer table.
pub fn interning() -> Interning {
    let outer = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let outer = t.is_some();
        if !outer {
            *t = Some(Table::default());
        }
        outer
    });
    Interning { outer, _not_send: std::marker::PhantomData }
}

/// The guard of [`interning`]; dropping it forgets the table (the strings live on).
#[must_use = "interning stops when the guard is dropped"]
pub struct Interning {
    outer: bool,
    // The table is the thread's own: the guard must be dropped where it was made.
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Drop for Interning {
    fn drop(&mut self) {
        if !self.outer {
            TABLE.with(|t| *t.borrow_mut() = None);
        }
    }
}

impl Interned {
    /// The string, interned when [`interning`] is in force on this thread.
    pub fn new(s: &str) -> Interned {
        TABLE.with(|t| match t.borrow_mut().as_mut() {
            Some(table) => match table.get(s) {
                Some(shared) => Interned(Arc::clone(shared)),
                None => {
                    let shared: Arc<str> = Arc::from(s);
                    table.insert(Arc::clone(&shared));
                    Interned(shared)
                }
            },
            None => Interned(Arc::from(s)),
        })
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the string is held: equal while two values share it. Checks and lookups done once
    /// per distinct value key their results by it, a cheaper hash than the string's.
    pub(crate) fn addr(&self) -> usize {
        Arc::as_ptr(&self.0) as *const u8 as usize
    }
}

impl Deref for Interned {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Interned {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Interned {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Interned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Interned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Interned {
    fn from(s: &str) -> Interned {
        Interned::new(s)
    }
}

impl From<String> for Interned {
    fn from(s: String) -> Interned {
        Interned::new(&s)
    }
}

impl From<&String> for Interned {
    fn from(s: &String) -> Interned {
        Interned::new(s)
    }
}

impl From<Interned> for String {
    fn from(s: Interned) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for Interned {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Interned {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Interned {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Interned> for str {
    fn eq(&self, other: &Interned) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Interned> for &str {
    fn eq(&self, other: &Interned) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Interned> for String {
    fn eq(&self, other: &Interned) -> bool {
        **self == *other.0
    }
}

impl Serialize for Interned {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Interned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Interned, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Interned;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Interned, E> {
                Ok(Interned::new(s))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl JsonSchema for Interned {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(a: &Interned, b: &Interned) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    #[test]
    fn equal_values_share_while_interning_and_only_then() {
        let (a, b) = (Interned::new("genci"), Interned::new("genci"));
        assert!(!shares(&a, &b));
        {
            let _outer = interning();
            let c: Interned = serde_json::from_str("\"genci\"").unwrap();
            {
                let _inner = interning();
                let d: Interned = serde_json::from_str("\"genci\"").unwrap();
                assert!(shares(&c, &d), "a nested guard keeps the table");
            }
            let e = Interned::new("genci");
            assert!(shares(&c, &e), "the inner guard must not end the outer one");
            assert!(!shares(&c, &Interned::new("cnrs")));
        }
        assert!(!shares(&Interned::new("genci"), &Interned::new("genci")));
    }

    #[test]
    fn reads_compares_and_writes_as_a_string() {
        let s = Interned::from("équipe \"x\"\n");
        assert_eq!(s, "équipe \"x\"\n");
        assert_eq!(String::from("équipe \"x\"\n"), s);
        assert_eq!(s.len(), "équipe \"x\"\n".len());
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""équipe \"x\"\n""#);
        assert_eq!(format!("{s:?}"), format!("{:?}", "équipe \"x\"\n"));
        let escaped: Interned = serde_json::from_str(r#""a\\b\u00e9""#).unwrap();
        assert_eq!(escaped, "a\\bé");
        assert!(serde_json::from_str::<Interned>("12").is_err());
    }
}
