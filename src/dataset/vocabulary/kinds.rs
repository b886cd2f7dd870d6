//! The kinds of actors and links: their shared descriptions (id, label, look, rank), the types
//! records hold ([`ActorKind`], [`LinkKind`]: one pointer each) and the process-wide registry
//! that shares the descriptions.

use super::*;

/// A kind's id as a JSON Schema pattern: a snake_case slug.
pub const KIND_PATTERN: &str = "^[a-z][a-z0-9_]*$";

/// A colour as a JSON Schema pattern: `#rrggbb`, or `#rrggbbaa` with transparency.
pub const COLOUR_PATTERN: &str = "^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$";

/// The rank of a kind no vocabulary has placed.
pub(super) const UNPLACED: u16 = u16::MAX;

/// The Graphviz node shapes an actor kind may take.
pub const SHAPES: &[&str] = &[
    "box",
    "rect",
    "rectangle",
    "square",
    "ellipse",
    "oval",
    "circle",
    "doublecircle",
    "egg",
    "triangle",
    "invtriangle",
    "diamond",
    "trapezium",
    "invtrapezium",
    "parallelogram",
    "house",
    "invhouse",
    "pentagon",
    "hexagon",
    "septagon",
    "octagon",
    "doubleoctagon",
    "tripleoctagon",
    "star",
    "cylinder",
    "note",
    "tab",
    "folder",
    "box3d",
    "component",
    "cds",
    "underline",
    "Mdiamond",
    "Msquare",
    "Mcircle",
];

/// The Graphviz arrowheads a link kind may take.
pub const ARROWHEADS: &[&str] = &[
    "normal", "inv", "dot", "invdot", "odot", "invodot", "none", "tee", "empty", "invempty",
    "diamond", "odiamond", "ediamond", "crow", "box", "obox", "open", "halfopen", "vee", "curve",
    "icurve", "onormal", "oinv",
];

/// The line styles a link kind may take. Inferred and proposed links are drawn dashed and
/// dotted whatever their kind's style (the legend says so); `bold` draws a thicker line.
pub const STYLES: &[&str] = &["solid", "bold", "dashed", "dotted"];

/// What an actor kind is and how it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActorKindInfo {
    /// The kind as written in the data (`computing_centre`).
    pub id: &'static str,
    /// As a reader says it (`computing centre`).
    pub label: &'static str,
    /// What the kind covers (empty when the vocabulary does not say).
    pub description: &'static str,
    /// Fill colour, `#rrggbb`.
    pub fill: &'static str,
    /// Graphviz shape.
    pub shape: &'static str,
    /// Its position in its vocabulary ([`UNPLACED`] for a kind read but not resolved).
    pub(super) rank: u16,
}

/// What a link kind says and how it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkKindInfo {
    /// The kind as written in the data (`member_of`).
    pub id: &'static str,
    /// As a reader says it, read as "from LABEL to" (`member of`).
    pub label: &'static str,
    /// What the kind says (empty when the vocabulary does not say).
    pub description: &'static str,
    /// Line colour, `#rrggbb`.
    pub colour: &'static str,
    /// Graphviz arrowhead.
    pub arrowhead: &'static str,
    /// Line style (one of [`STYLES`]).
    pub style: &'static str,
    /// Whether a link of this kind is a dated happening (founds, authored) rather than a state
    /// that lasts (member of, funds).
    pub event: bool,
    pub(super) rank: u16,
}

macro_rules! kind_type {
    ($(#[$meta:meta])* $name:ident, $info:ident, $defaults:ident, $what:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name(pub(super) &'static $info);

        impl $name {
            /// The kinds of the built-in vocabulary, in its order.
            pub const ALL: &'static [$name] = &$defaults;

            /// The kind with this id as read from a record: the built-in kind of that id, or
            /// a kind of no vocabulary yet (resolved later, see [`Vocabulary::resolve`]).
            pub fn named(id: &str) -> $name {
                $name(intern(id, &<$info as Described>::registry()))
            }

            /// The value as written in the data files (`snake_case`).
            pub fn as_str(self) -> &'static str {
                self.0.id
            }

            /// The value as a reader would say it.
            pub fn label(self) -> String {
                self.0.label.to_string()
            }

            /// Everything the vocabulary says of the kind.
            pub fn info(self) -> &'static $info {
                self.0
            }

            /// Its position in its vocabulary, the order of legends and tables.
            pub fn rank(self) -> usize {
                usize::from(self.0.rank)
            }

            /// Whether this is the same kind of the same vocabulary (not only the same id).
            pub(super) fn same(self, other: $name) -> bool {
                std::ptr::eq(self.0, other.0)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.same(*other) || (self.0.rank == other.0.rank && self.0.id == other.0.id)
            }
        }

        impl Eq for $name {}

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.0.id.hash(state);
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        /// In vocabulary order, then by id.
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.0.rank.cmp(&other.0.rank).then_with(|| self.0.id.cmp(other.0.id))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.id)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0.id)
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            /// A kind of the built-in vocabulary, as typed (`computing centre`, `member-of`).
            fn from_str(s: &str) -> Result<Self, String> {
                Vocabulary::builtin().$what(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.0.id)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a kind (a string)")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::named(v))
                    }
                }
                d.deserialize_str(Visitor)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            /// The kinds of the vocabulary schemas are made for (see [`with_schema_vocabulary`]).
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                SCHEMA_VOCABULARY.with(|v| match &*v.borrow() {
                    Some(v) => kinds_schema(v, stringify!($name) == "ActorKind"),
                    None => kinds_schema(&Vocabulary::builtin(), stringify!($name) == "ActorKind"),
                })
            }
        }
    };
}

kind_type! {
    /// What an actor is: a kind of the dataset's vocabulary.
    ActorKind, ActorKindInfo, DEFAULT_ACTOR_KINDS, parse_actor_kind
}

kind_type! {
    /// What a link says, read as "from KIND to": a kind of the dataset's vocabulary.
    LinkKind, LinkKindInfo, DEFAULT_LINK_KINDS, parse_link_kind
}

/// What the registry of kind descriptions needs of one.
pub(super) trait Described: Sized + 'static + Eq + Hash {
    fn id(&self) -> &'static str;
    /// A kind read but of no vocabulary: its id spelt out, a neutral look.
    fn unplaced(id: &'static str, label: &'static str) -> Self;
    fn registry() -> &'static Registry<Self>;
    fn with_rank(&self, rank: u16) -> Self;
}

/// The shared descriptions of one family of kinds: by id those read from records, and every
/// description a vocabulary placed (shared by content).
pub(super) struct Registry<T: 'static> {
    named: Mutex<FxHashMap<&'static str, &'static T>>,
    placed: Mutex<FxHashSet<&'static T>>,
    recent: &'static std::thread::LocalKey<RefCell<Vec<&'static T>>>,
}

thread_local! {
    static RECENT_ACTORS: RefCell<Vec<&'static ActorKindInfo>> = const { RefCell::new(Vec::new()) };
    static RECENT_LINKS: RefCell<Vec<&'static LinkKindInfo>> = const { RefCell::new(Vec::new()) };
}

/// How many kinds each thread remembers before asking the shared registry: more than any
/// vocabulary in use has, so that reading a million links takes the lock a handful of times.
pub(super) const RECENT: usize = 64;

pub(super) fn registry_of<T: Described>(
    defaults: &'static [T],
    recent: &'static std::thread::LocalKey<RefCell<Vec<&'static T>>>,
) -> Registry<T> {
    Registry {
        named: Mutex::new(defaults.iter().map(|d| (d.id(), d)).collect()),
        placed: Mutex::new(defaults.iter().collect()),
        recent,
    }
}

pub(super) static ACTOR_REGISTRY: LazyLock<Registry<ActorKindInfo>> =
    LazyLock::new(|| registry_of(&DEFAULT_ACTOR_INFO, &RECENT_ACTORS));
pub(super) static LINK_REGISTRY: LazyLock<Registry<LinkKindInfo>> =
    LazyLock::new(|| registry_of(&DEFAULT_LINK_INFO, &RECENT_LINKS));

/// The description of the kind `id` as read from a record.
pub(super) fn intern<T: Described>(id: &str, registry: &Registry<T>) -> &'static T {
    let hit = registry.recent.with(|r| r.borrow().iter().copied().find(|k| k.id() == id));
    if let Some(k) = hit {
        return k;
    }
    let found = {
        let mut named = registry.named.lock().unwrap_or_else(|e| e.into_inner());
        match named.get(id) {
            Some(&k) => k,
            None => {
                let id: &'static str = Box::leak(id.into());
                let label: &'static str = Box::leak(id.replace('_', " ").into_boxed_str());
                let k: &'static T = Box::leak(Box::new(T::unplaced(id, label)));
                named.insert(id, k);
                k
            }
        }
    };
    registry.recent.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() < RECENT {
            r.push(found);
        }
    });
    found
}

/// The one shared copy of a vocabulary's description of a kind.
pub(super) fn place<T: Described + Clone>(info: T) -> &'static T {
    let mut placed = T::registry().placed.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&k) = placed.get(&info) {
        return k;
    }
    let k: &'static T = Box::leak(Box::new(info));
    placed.insert(k);
    k
}

impl Described for ActorKindInfo {
    fn id(&self) -> &'static str {
        self.id
    }
    fn unplaced(id: &'static str, label: &'static str) -> Self {
        ActorKindInfo { id, label, description: "", fill: "#ffffff", shape: "box", rank: UNPLACED }
    }
    fn registry() -> &'static Registry<Self> {
        &ACTOR_REGISTRY
    }
    fn with_rank(&self, rank: u16) -> Self {
        ActorKindInfo { rank, ..self.clone() }
    }
}

impl Described for LinkKindInfo {
    fn id(&self) -> &'static str {
        self.id
    }
    fn unplaced(id: &'static str, label: &'static str) -> Self {
        LinkKindInfo {
            id,
            label,
            description: "",
            colour: "#888888",
            arrowhead: "normal",
            style: "solid",
            event: false,
            rank: UNPLACED,
        }
    }
    fn registry() -> &'static Registry<Self> {
        &LINK_REGISTRY
    }
    fn with_rank(&self, rank: u16) -> Self {
        LinkKindInfo { rank, ..self.clone() }
    }
}
