//! Shared strings for the values that records repeat: the actor ids at both ends of a link, the
//! source and locator of a citation.
//!
//! A large dataset names the same actor ids and a few dozen sources and locators millions of
//! times. As `String`s each is its own allocation, five or six per link, and fresh memory is
//! what loading a large input pays for most (see docs/performance.md, "Parsing" and "Memory").
//! While [`interning`] is in force on a thread (the loader turns it on while it parses), every
//! [`Interned`] deserialised on that thread with a value seen before shares its allocation.
//! Outside it, an `Interned` is simply an immutable string of its own.

use crate::dataset::ends::ActorIx;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string that equal values may share; reads as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Interned(Arc<str>);

/// Each shared value, with its tag (see [`seed`]; [`ActorIx::NONE`] for the thread's own).
type Table = HashMap<Arc<str>, ActorIx, BuildHasherDefault<rustc_hash::FxHasher>>;

/// A thread's interning: its table, the [`Seed`] it shares with other threads, and the tags of
/// the seeded values met since [`tags_of`] last looked (by address, in the order met).
#[derive(Default)]
struct State {
    table: Table,
    seed: Option<Arc<Seed>>,
    met: Vec<(usize, ActorIx)>,
}

/// Values interned from the start, each with a tag (an actor's index), for every thread that takes it ([`seed`]).
/// The loader seeds the actor ids with their indices before it parses the links: finding a
/// link's endpoints is then the lookup that interning does anyway ([`tags_of`]), not another
/// search of the actors. One seed serves both parsing threads, so that the largest table is in
/// the caches once, not twice.
///
/// An open-addressing table (linear probing, at most half full) whose slots are asked for a few
/// values ahead while it is built: at 10⁶ actor ids the table and the ids miss every cache.
#[derive(Debug, Default)]
pub(crate) struct Seed {
    slots: Box<[Slot]>,
    /// `64 - log2(slots.len())`: a hash's top bits are its first slot.
    shift: u32,
}

#[derive(Debug, Default, Clone)]
struct Slot {
    hash: u64,
    tag: ActorIx,
    value: Option<Arc<str>>,
}

/// How many values ahead seeding asks for a value's slot.
const AHEAD: usize = 16;

/// The hash of a seeded value: FxHash of its bytes, spread by a multiplication so that its top
/// bits choose the slot.
fn seed_hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.finish().wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Seed {
    /// The seed of `values` with their tags (a later tag for the same value wins).
    pub(crate) fn new<'a>(values: impl ExactSizeIterator<Item = (&'a str, ActorIx)>) -> Seed {
        let len = (values.len().max(1) * 2).next_power_of_two().max(8);
        let mut seed =
            Seed { slots: vec![Slot::default(); len].into(), shift: 64 - len.trailing_zeros() };
        // Hashed first, so that each value's slot can be asked for a few values ahead: at 10⁶
        // ids every first slot is a miss.
        let values: Vec<(&str, ActorIx, u64)> =
            values.map(|(value, tag)| (value, tag, seed_hash(value))).collect();
        for (k, &(value, tag, hash)) in values.iter().enumerate() {
            if let Some(&(_, _, ahead)) = values.get(k + AHEAD) {
                seed.ask_slot(ahead);
            }
            match seed.probe(value, hash) {
                Ok(i) => seed.slots[i].tag = tag,
                Err(i) => seed.slots[i] = Slot { hash, tag, value: Some(Arc::from(value)) },
            }
        }
        seed
    }

    /// The slot holding `s` (whose [`seed_hash`] is `hash`), or the empty slot where it would go.
    /// The table is never full (at most half), so an empty slot ends every probe.
    fn probe(&self, s: &str, hash: u64) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.first(hash);
        loop {
            let slot = &self.slots[i];
            match &slot.value {
                None => return Err(i),
                Some(v) if slot.hash == hash && **v == *s => return Ok(i),
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    fn first(&self, hash: u64) -> usize {
        // A shift of 64 (an empty seed) would overflow: such a seed has no slots to look at.
        hash.checked_shr(self.shift).unwrap_or(0) as usize
    }

    /// The shared value equal to `s` (whose [`seed_hash`] is `hash`) and its tag.
    fn find(&self, s: &str, hash: u64) -> Option<(&Arc<str>, ActorIx)> {
        if self.slots.is_empty() {
            return None;
        }
        let slot = &self.slots[self.probe(s, hash).ok()?];
        slot.value.as_ref().map(|v| (v, slot.tag))
    }

    /// Asks for the first slot of `hash` (see [`crate::memory::prefetch`]).
    fn ask_slot(&self, hash: u64) {
        if let Some(slot) = self.slots.get(self.first(hash)) {
            crate::memory::prefetch(slot);
        }
    }
}

thread_local! {
    static TABLE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// While the returned guard lives, strings deserialised as [`Interned`] on this thread share
/// one allocation per distinct value. Nested guards keep the outer table.
pub fn interning() -> Interning {
    let outer = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let outer = t.is_some();
        if !outer {
            *t = Some(State::default());
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

/// While [`interning`] is in force on this thread, the values of `seed` are interned from the
/// start, with their tags.
pub(crate) fn seed(seed: &Arc<Seed>) {
    TABLE.with(|t| {
        if let Some(state) = t.borrow_mut().as_mut() {
            state.seed = Some(Arc::clone(seed));
        }
    });
}

/// The tags of `values`, each [`ActorIx::NONE`] unless it was interned on this thread, as a tagged
/// value, since the last call: the loader asks for a link's two ends right after parsing it, and
/// the lookup that interned them already found their tags.
pub(crate) fn tags_of<const N: usize>(values: [&Interned; N]) -> [ActorIx; N] {
    TABLE.with(|t| match t.borrow_mut().as_mut() {
        Some(state) => {
            let tags = values.map(|v| {
                let at = v.addr();
                state.met.iter().find(|(a, _)| *a == at).map_or(ActorIx::NONE, |(_, tag)| *tag)
            });
            state.met.clear();
            tags
        }
        None => [ActorIx::NONE; N],
    })
}

impl Interned {
    /// The string, interned when [`interning`] is in force on this thread.
    pub fn new(s: &str) -> Interned {
        TABLE.with(|t| match t.borrow_mut().as_mut() {
            Some(State { table, seed, met, .. }) => {
                // The thread's own values first: few (sources, locators), met at every record.
                if let Some(shared) = table.get_key_value(s).map(|(shared, _)| shared) {
                    return Interned(Arc::clone(shared));
                }
                if let Some((shared, tag)) =
                    seed.as_ref().and_then(|seed| seed.find(s, seed_hash(s)))
                {
                    met.push((Arc::as_ptr(shared) as *const u8 as usize, tag));
                    return Interned(Arc::clone(shared));
                }
                let shared: Arc<str> = Arc::from(s);
                table.insert(Arc::clone(&shared), ActorIx::NONE);
                Interned(shared)
            }
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
    const NONE: ActorIx = ActorIx::NONE;

    fn ix(i: usize) -> ActorIx {
        ActorIx::new(i)
    }

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
    fn seeded_values_are_shared_and_tagged_only_while_interning() {
        let shared =
            Arc::new(Seed::new([("genci", ix(0)), ("cnrs", ix(1)), ("genci", ix(2))].into_iter()));
        seed(&shared);
        assert_eq!(tags_of([&Interned::new("genci")]), [NONE], "no table: no seed");
        let _guard = interning();
        seed(&shared);
        let parsed: Interned = serde_json::from_str("\"genci\"").unwrap();
        let on_another_thread = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _guard = interning();
                    seed(&shared);
                    Interned::new("genci")
                })
                .join()
                .unwrap()
        });
        assert!(shares(&parsed, &on_another_thread), "threads share the seeded values");
        let cnrs = Interned::new("cnrs");
        let other = Interned::new("inria");
        assert_eq!(tags_of([&parsed, &cnrs, &other]), [ix(2), ix(1), NONE], "the later tag wins");
        assert_eq!(tags_of([&parsed, &cnrs]), [NONE; 2], "only what was met since");
        let again = Interned::new("cnrs");
        assert_eq!(tags_of([&parsed, &again]), [NONE, ix(1)]);
    }

    #[test]
    fn the_seed_finds_every_value_with_its_tag_and_nothing_else() {
        // Enough values to fill runs of slots and wrap around the table's end; repeated values.
        let values: Vec<String> = (0..5000).map(|i| format!("actor-{}", i % 4000)).collect();
        let seed = Seed::new(values.iter().enumerate().map(|(i, v)| (v.as_str(), ix(i))));
        assert!(seed.slots.len() >= 2 * 4000 && seed.slots.len().is_power_of_two());
        for (i, v) in values.iter().enumerate() {
            let (found, tag) = seed.find(v, seed_hash(v)).unwrap();
            assert_eq!(&**found, v.as_str());
            // The later tag of a repeated value wins.
            let last = if i < 1000 { i + 4000 } else { i };
            assert_eq!(tag, ix(last), "{v}");
        }
        for absent in ["actor-4000", "actor-", "", "Actor-1", "actor-1 "] {
            assert!(seed.find(absent, seed_hash(absent)).is_none(), "{absent}");
        }
        // A wrong hash finds nothing rather than another value.
        assert!(seed.find("actor-1", seed_hash("actor-2")).is_none());
        let empty = Seed::new(std::iter::empty());
        assert!(empty.find("x", seed_hash("x")).is_none());
        assert!(Seed::default().find("x", seed_hash("x")).is_none());
        Seed::default().ask_slot(1);
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
