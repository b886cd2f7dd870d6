//! The vocabulary of kinds: what actors are and what links say, with how each is drawn.
//!
//! A dataset names its own kinds in `dataset.json` (`actor_kinds`, `link_kinds`); without them,
//! the built-in vocabulary (the kinds of the mésocentres dataset) applies. A kind in a record is
//! an [`ActorKind`] or [`LinkKind`]: one pointer to a shared, immutable description of the kind
//! (its id, label, look and position in its vocabulary), so that it is `Copy`, compares in a
//! pointer's time, and every output reads its label and look without a reference to the
//! vocabulary.
//!
//! Records are read with their kind as a string ([`ActorKind::named`]): a kind no vocabulary
//! knows still parses, so that every other problem of its record is reported too. The loader
//! then resolves each record's kind against the dataset's vocabulary ([`Vocabulary::resolve`])
//! and validation reports the kinds it does not know.
//!
//! Descriptions are shared process-wide and never freed: there is one per distinct kind id read
//! and one per kind of each distinct vocabulary, a few hundred bytes each.

use crate::locate::Step;
use rustc_hash::{FxHashMap, FxHashSet};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, Mutex};

/// A kind's id as a JSON Schema pattern: a snake_case slug.
pub const KIND_PATTERN: &str = "^[a-z][a-z0-9_]*$";

/// A colour as a JSON Schema pattern: `#rrggbb`, or `#rrggbbaa` with transparency.
pub const COLOUR_PATTERN: &str = "^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$";

/// The rank of a kind no vocabulary has placed.
const UNPLACED: u16 = u16::MAX;

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
    rank: u16,
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
    rank: u16,
}

macro_rules! kind_type {
    ($(#[$meta:meta])* $name:ident, $info:ident, $defaults:ident, $what:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name(&'static $info);

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
            fn same(self, other: $name) -> bool {
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
trait Described: Sized + 'static + Eq + Hash {
    fn id(&self) -> &'static str;
    /// A kind read but of no vocabulary: its id spelt out, a neutral look.
    fn unplaced(id: &'static str, label: &'static str) -> Self;
    fn registry() -> &'static Registry<Self>;
    fn with_rank(&self, rank: u16) -> Self;
}

/// The shared descriptions of one family of kinds: by id those read from records, and every
/// description a vocabulary placed (shared by content).
struct Registry<T: 'static> {
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
const RECENT: usize = 64;

fn registry_of<T: Described>(
    defaults: &'static [T],
    recent: &'static std::thread::LocalKey<RefCell<Vec<&'static T>>>,
) -> Registry<T> {
    Registry {
        named: Mutex::new(defaults.iter().map(|d| (d.id(), d)).collect()),
        placed: Mutex::new(defaults.iter().collect()),
        recent,
    }
}

static ACTOR_REGISTRY: LazyLock<Registry<ActorKindInfo>> =
    LazyLock::new(|| registry_of(&DEFAULT_ACTOR_INFO, &RECENT_ACTORS));
static LINK_REGISTRY: LazyLock<Registry<LinkKindInfo>> =
    LazyLock::new(|| registry_of(&DEFAULT_LINK_INFO, &RECENT_LINKS));

/// The description of the kind `id` as read from a record.
fn intern<T: Described>(id: &str, registry: &Registry<T>) -> &'static T {
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
fn place<T: Described + Clone>(info: T) -> &'static T {
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

macro_rules! defaults {
    (
        $kind:ident, $info:ident, $infos:ident, $kinds:ident {
            $($(#[$vmeta:meta])* $rank:literal $variant:ident => $id:literal, $label:literal,
              $description:literal, $($look:literal),*;)*
        }
    ) => {
        static $infos: [$info; [$($rank),*].len()] = [$(defaults!(@info $info, $rank, $id, $label, $description, $($look),*),)*];
        static $kinds: [$kind; [$($rank),*].len()] = [$($kind(&$infos[$rank]),)*];
        #[allow(non_upper_case_globals)]
        impl $kind {
            $($(#[$vmeta])* #[doc = $description] pub const $variant: $kind = $kind(&$infos[$rank]);)*
        }
    };
    (@info ActorKindInfo, $rank:literal, $id:literal, $label:literal, $description:literal, $shape:literal, $fill:literal) => {
        ActorKindInfo { id: $id, label: $label, description: $description, fill: $fill, shape: $shape, rank: $rank }
    };
    (@info LinkKindInfo, $rank:literal, $id:literal, $label:literal, $description:literal, $colour:literal, $arrowhead:literal, $style:literal, $event:literal) => {
        LinkKindInfo {
            id: $id, label: $label, description: $description, colour: $colour,
            arrowhead: $arrowhead, style: $style, event: $event, rank: $rank,
        }
    };
}

defaults! {
    ActorKind, ActorKindInfo, DEFAULT_ACTOR_INFO, DEFAULT_ACTOR_KINDS {
        0 Ministry => "ministry", "ministry",
            "The ministry of research and its directorates.", "house", "#f4cccc";
        1 Agency => "agency", "agency",
            "National agencies and their companies (GENCI, ANR).", "box", "#fce5cd";
        2 ResearchOrganisation => "research_organisation", "research organisation",
            "Public research organisations (CNRS, CEA, INRIA).", "box", "#d9ead3";
        3 University => "university", "university",
            "Universities, their groups and their conference (CPU).", "box", "#d0e0e3";
        4 Association => "association", "association",
            "Associations and industrial associations (ORAP, TERATEC).", "ellipse", "#fff2cc";
        5 AdvisoryBody => "advisory_body", "advisory body",
            "Committees, councils and observatories (CSCI, COCIN, MICADO).", "octagon", "#ead1dc";
        6 ComputingCentre => "computing_centre", "computing centre",
            "National and regional computing centres, the mésocentres.", "cylinder", "#c9daf8";
        7 ResearchUnit => "research_unit", "research unit",
            "Laboratories, research centres, service units, modelling houses.", "component", "#d9d2e9";
        8 Infrastructure => "infrastructure", "infrastructure",
            "Shared infrastructures, grids and their projects (Grid'5000, Equip@Meso, PRACE).",
            "box3d", "#cfe2f3";
        9 ProfessionalNetwork => "professional_network", "professional network",
            "Networks of professionals (RESINFO, Groupe Calcul, réseau MSO).", "ellipse", "#b6d7a8";
        10 ResearchGroup => "research_group", "research group",
            "CNRS research groups (GDR).", "ellipse", "#a2c4c9";
        11 WorkingGroup => "working_group", "working group",
            "Working groups and service groups (EcoInfo).", "ellipse", "#d9d9d9";
        12 Programme => "programme", "programme",
            "Programmes and calls for proposals (HPC-PME, SIMSEO, the Equipex call).",
            "parallelogram", "#ffe599";
        13 EventSeries => "event_series", "event series",
            "Recurring events and one-off colloquia.", "hexagon", "#f9cb9c";
        14 Report => "report", "report", "Reports and surveys.", "note", "#ffffff";
        15 Label => "label", "label", "Labels and certificates (C3I).", "tab", "#f6b26b";
        16 Channel => "channel", "channel", "Mailing lists and web sites.", "cds", "#eeeeee";
        17 Person => "person", "person",
            "People named as authors or coordinators.", "oval", "#ffffff";
    }
}

defaults! {
    LinkKind, LinkKindInfo, DEFAULT_LINK_INFO, DEFAULT_LINK_KINDS {
        0 Funds => "funds", "funds", "Pays for, finances.", "#cc0000", "normal", "solid", false;
        1 Founds => "founds", "founds",
            "Creates, co-founds, launches.", "#38761d", "diamond", "solid", true;
        2 Coordinates => "coordinates", "coordinates",
            "Leads, coordinates, pilots.", "#1155cc", "vee", "solid", false;
        3 MemberOf => "member_of", "member of",
            "Is a member or partner of.", "#888888", "dot", "solid", false;
        4 ShareholderOf => "shareholder_of", "shareholder of",
            "Holds a share of.", "#b45f06", "box", "solid", false;
        5 Hosts => "hosts", "hosts", "Hosts, houses.", "#741b47", "odiamond", "solid", false;
        6 Operates => "operates", "operates",
            "Runs, is the operator or legal representative of.", "#0b5394", "obox", "solid", false;
        7 Organises => "organises", "organises",
            "Organises an event or series.", "#e69138", "inv", "solid", false;
        8 Supports => "supports", "supports",
            "Supports, backs, sponsors.", "#6aa84f", "odot", "solid", false;
        9 Succeeds => "succeeds", "succeeds",
            "Replaces, takes over from (`from` is the successor).", "#000000", "onormal", "bold", false;
        10 PartnersWith => "partners_with", "partners with",
            "Works in partnership with.", "#3d85c6", "none", "solid", false;
        11 Labels => "labels", "labels", "Awards a label to.", "#bf9000", "tee", "solid", false;
        12 Prompted => "prompted", "prompted",
            "A report or event that led to the creation of the target.", "#a64d79", "curve", "solid", true;
        13 Authored => "authored", "authored",
            "Wrote or coordinated a report.", "#666666", "empty", "solid", true;
        14 Commissioned => "commissioned", "commissioned",
            "Asked for a report or study.", "#7f6000", "icurve", "solid", true;
        15 ParticipatesIn => "participates_in", "participates in",
            "Takes part in a project, event or infrastructure.", "#45818e", "crow", "solid", false;
        16 PartOf => "part_of", "part of",
            "Is a component or sub-structure of.", "#444444", "halfopen", "solid", false;
    }
}

/// An actor kind as `dataset.json` declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorKindDef {
    /// The kind as records write it: a snake_case slug (`computing_centre`).
    #[schemars(regex(pattern = KIND_PATTERN))]
    pub id: String,
    /// As a reader says it; the id with spaces for underscores when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What the kind covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fill colour, `#rrggbb`; a colour of the default palette by position when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub fill: Option<String>,
    /// Graphviz shape; `box` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = SHAPES))]
    pub shape: Option<String>,
}

/// A link kind as `dataset.json` declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkKindDef {
    /// The kind as records write it: a snake_case slug (`member_of`), read as "from KIND to".
    #[schemars(regex(pattern = KIND_PATTERN))]
    pub id: String,
    /// As a reader says it; the id with spaces for underscores when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What the kind says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Line colour, `#rrggbb`; a colour of the default palette by position when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub color: Option<String>,
    /// Graphviz arrowhead; one of the default arrowheads by position when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ARROWHEADS))]
    pub arrowhead: Option<String>,
    /// Line style of a stated link (`solid` when absent; `bold` draws it thicker). Inferred and
    /// proposed links are drawn dashed and dotted whatever the kind's style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = STYLES))]
    pub style: Option<String>,
    /// `true` for a dated happening (founds, commissioned, authored); `false` (the default) for
    /// a state, a relation that lasts (member of, funds, hosts).
    #[serde(default)]
    pub event: bool,
}

impl From<ActorKind> for ActorKindDef {
    fn from(k: ActorKind) -> Self {
        let i = k.info();
        ActorKindDef {
            id: i.id.into(),
            label: Some(i.label.into()),
            description: (!i.description.is_empty()).then(|| i.description.into()),
            fill: Some(i.fill.into()),
            shape: Some(i.shape.into()),
        }
    }
}

impl From<LinkKind> for LinkKindDef {
    fn from(k: LinkKind) -> Self {
        let i = k.info();
        LinkKindDef {
            id: i.id.into(),
            label: Some(i.label.into()),
            description: (!i.description.is_empty()).then(|| i.description.into()),
            color: Some(i.colour.into()),
            arrowhead: Some(i.arrowhead.into()),
            style: Some(i.style.into()),
            event: i.event,
        }
    }
}

/// A problem of a vocabulary, by its path in `dataset.json` (`actor_kinds`, index, field).
pub type VocabularyProblem = (Vec<Step>, String);

/// A dataset's kinds, in their order.
#[derive(Clone)]
pub struct Vocabulary {
    actors: Vec<ActorKind>,
    links: Vec<LinkKind>,
}

impl fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vocabulary")
            .field("actors", &self.actors)
            .field("links", &self.links)
            .finish()
    }
}

/// Equal when both list the same kinds, described alike, in the same order.
impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        let same_actors = self.actors.len() == other.actors.len()
            && self.actors.iter().zip(&other.actors).all(|(a, b)| a.info() == b.info());
        let same_links = self.links.len() == other.links.len()
            && self.links.iter().zip(&other.links).all(|(a, b)| a.info() == b.info());
        same_actors && same_links
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::builtin()
    }
}

/// Whether `id` is a kind's slug: `a-z` first, then `a-z`, `0-9`, `_`.
pub fn is_kind_slug(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `s` is a colour as [`COLOUR_PATTERN`] says.
pub fn is_colour(s: &str) -> bool {
    let hex = s.strip_prefix('#').unwrap_or("");
    (hex.len() == 6 || hex.len() == 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.into())
}

/// The key and index path of a field of a declared kind.
fn at(list: &str, i: usize, field: &str) -> Vec<Step> {
    vec![Step::Key(list.into()), Step::Index(i), Step::Key(field.into())]
}

/// `value` if it is one of `allowed`, else a problem naming them (with the closest first).
fn one_of(
    problems: &mut Vec<VocabularyProblem>,
    path: Vec<Step>,
    what: &str,
    value: &str,
    allowed: &'static [&'static str],
) -> Option<&'static str> {
    if let Some(&found) = allowed.iter().find(|&&a| a == value) {
        return Some(found);
    }
    let hint = match crate::resolve::suggestions(value, allowed.iter().copied()).first() {
        Some(best) => format!("did you mean \"{best}\"? "),
        None => String::new(),
    };
    let message =
        format!("unknown {what} \"{value}\" ({hint}expected one of: {})", allowed.join(", "));
    problems.push((path, message));
    None
}

fn colour(
    problems: &mut Vec<VocabularyProblem>,
    path: Vec<Step>,
    value: &str,
) -> Option<&'static str> {
    if is_colour(value) {
        return Some(leak(value));
    }
    problems.push((path, format!("malformed colour \"{value}\" (expected #rrggbb)")));
    None
}

impl Vocabulary {
    /// The built-in vocabulary: the kinds of the mésocentres dataset, with their looks.
    pub fn builtin() -> Vocabulary {
        Vocabulary { actors: ActorKind::ALL.to_vec(), links: LinkKind::ALL.to_vec() }
    }

    /// The vocabulary `dataset.json` declares (the built-in list for a family it leaves out),
    /// and every problem of the declaration, located by path in the file. A kind with a
    /// problem is still part of the vocabulary (with a default look), so that records of it
    /// are not reported again; an id declared twice keeps its first declaration.
    pub fn declared(
        actor_kinds: Option<&[ActorKindDef]>,
        link_kinds: Option<&[LinkKindDef]>,
    ) -> (Vocabulary, Vec<VocabularyProblem>) {
        let mut problems = Vec::new();
        let mut v = Vocabulary::builtin();
        if let Some(defs) = actor_kinds {
            v.actors.clear();
            let fills = ActorKind::ALL.iter().map(|k| k.info().fill).cycle();
            for ((i, d), default_fill) in defs.iter().enumerate().zip(fills) {
                let id = "actor_kinds";
                if !kind_id(&mut problems, id, i, &d.id, v.actors.iter().map(|k| k.as_str())) {
                    continue;
                }
                let fill =
                    d.fill.as_deref().and_then(|c| colour(&mut problems, at(id, i, "fill"), c));
                let shape = d
                    .shape
                    .as_deref()
                    .and_then(|s| one_of(&mut problems, at(id, i, "shape"), "shape", s, SHAPES));
                let info = ActorKindInfo {
                    id: ActorKind::named(&d.id).as_str(),
                    label: label_of(d.label.as_deref(), &d.id),
                    description: d.description.as_deref().map_or("", leak),
                    fill: fill.unwrap_or(default_fill),
                    shape: shape.unwrap_or("box"),
                    rank: rank(v.actors.len()),
                };
                v.actors.push(ActorKind(place(info)));
            }
        }
        if let Some(defs) = link_kinds {
            v.links.clear();
            let looks = LinkKind::ALL.iter().map(|k| (k.info().colour, k.info().arrowhead)).cycle();
            for ((i, d), (default_colour, default_head)) in defs.iter().enumerate().zip(looks) {
                let id = "link_kinds";
                if !kind_id(&mut problems, id, i, &d.id, v.links.iter().map(|k| k.as_str())) {
                    continue;
                }
                let colour =
                    d.color.as_deref().and_then(|c| colour(&mut problems, at(id, i, "color"), c));
                let arrowhead = d.arrowhead.as_deref().and_then(|s| {
                    one_of(&mut problems, at(id, i, "arrowhead"), "arrowhead", s, ARROWHEADS)
                });
                let style = d
                    .style
                    .as_deref()
                    .and_then(|s| one_of(&mut problems, at(id, i, "style"), "style", s, STYLES));
                let info = LinkKindInfo {
                    id: LinkKind::named(&d.id).as_str(),
                    label: label_of(d.label.as_deref(), &d.id),
                    description: d.description.as_deref().map_or("", leak),
                    colour: colour.unwrap_or(default_colour),
                    arrowhead: arrowhead.unwrap_or(default_head),
                    style: style.unwrap_or("solid"),
                    event: d.event,
                    rank: rank(v.links.len()),
                };
                v.links.push(LinkKind(place(info)));
            }
        }
        (v, problems)
    }

    /// Adds the kinds of `other` after this vocabulary's own (a later layer of a dataset adds
    /// kinds). A kind id both define is not added again: its problem is returned, by the
    /// family (`actor_kinds`, `link_kinds`) and index in `other`.
    pub fn merge(&mut self, other: &Vocabulary) -> Vec<(&'static str, usize, String)> {
        let mut twice = Vec::new();
        for (i, k) in other.actors.iter().enumerate() {
            if self.actors.iter().any(|m| m.as_str() == k.as_str()) {
                let message = format!("actor kind \"{k}\" is defined twice");
                twice.push(("actor_kinds", i, message));
            } else {
                let rank = rank(self.actors.len());
                self.actors.push(ActorKind(place(k.info().with_rank(rank))));
            }
        }
        for (i, k) in other.links.iter().enumerate() {
            if self.links.iter().any(|m| m.as_str() == k.as_str()) {
                let message = format!("link kind \"{k}\" is defined twice");
                twice.push(("link_kinds", i, message));
            } else {
                let rank = rank(self.links.len());
                self.links.push(LinkKind(place(k.info().with_rank(rank))));
            }
        }
        twice
    }

    /// The actor kinds, in order.
    pub fn actor_kinds(&self) -> &[ActorKind] {
        &self.actors
    }

    /// The link kinds, in order.
    pub fn link_kinds(&self) -> &[LinkKind] {
        &self.links
    }

    /// Whether `kind` is one of this vocabulary's actor kinds.
    pub fn knows_actor(&self, kind: ActorKind) -> bool {
        self.actors.get(kind.rank()).is_some_and(|k| k.same(kind))
    }

    /// Whether `kind` is one of this vocabulary's link kinds.
    pub fn knows_link(&self, kind: LinkKind) -> bool {
        self.links.get(kind.rank()).is_some_and(|k| k.same(kind))
    }

    /// The actor kind of this id.
    pub fn actor_kind(&self, id: &str) -> Option<ActorKind> {
        self.actors.iter().copied().find(|k| k.as_str() == id)
    }

    /// The link kind of this id.
    pub fn link_kind(&self, id: &str) -> Option<LinkKind> {
        self.links.iter().copied().find(|k| k.as_str() == id)
    }

    /// The actor kind a person typed (`computing centre`, `Computing-Centre`), or a message
    /// naming the known ones.
    pub fn parse_actor_kind(&self, s: &str) -> Result<ActorKind, String> {
        let wanted = typed(s);
        self.actor_kind(&wanted)
            .ok_or_else(|| unknown_kind(s, &wanted, self.actors.iter().map(|k| k.as_str())))
    }

    /// The link kind a person typed (`member of`, `member-of`), or a message naming the known
    /// ones.
    pub fn parse_link_kind(&self, s: &str) -> Result<LinkKind, String> {
        let wanted = typed(s);
        self.link_kind(&wanted)
            .ok_or_else(|| unknown_kind(s, &wanted, self.links.iter().map(|k| k.as_str())))
    }

    /// The message for a kind id no kind of this vocabulary has, with the closest id.
    pub fn unknown_actor_kind(&self, id: &str) -> String {
        did_you_mean(id, self.actors.iter().map(|k| k.as_str()))
    }

    /// The message for a link kind id no kind of this vocabulary has, with the closest id.
    pub fn unknown_link_kind(&self, id: &str) -> String {
        did_you_mean(id, self.links.iter().map(|k| k.as_str()))
    }

    /// Gives every record the kind of this vocabulary its id names. Kinds it does not know are
    /// left as read, for validation to report ([`Vocabulary::knows_actor`]).
    pub fn resolve(&self, actors: &mut [crate::model::Actor], links: &mut [crate::model::Link]) {
        let mut seen: FxHashMap<usize, ActorKind> = FxHashMap::default();
        for a in actors.iter_mut().filter(|a| !self.knows_actor(a.kind)) {
            let key = a.kind.0 as *const ActorKindInfo as usize;
            if let Some(k) = seen.get(&key).copied().or_else(|| self.actor_kind(a.kind.as_str())) {
                seen.insert(key, k);
                a.kind = k;
            }
        }
        let mut seen: FxHashMap<usize, LinkKind> = FxHashMap::default();
        for l in links.iter_mut().filter(|l| !self.knows_link(l.kind)) {
            let key = l.kind.0 as *const LinkKindInfo as usize;
            if let Some(k) = seen.get(&key).copied().or_else(|| self.link_kind(l.kind.as_str())) {
                seen.insert(key, k);
                l.kind = k;
            }
        }
    }
}

thread_local! {
    /// The vocabulary whose kinds the JSON Schemas made on this thread list (`None`: built-in).
    static SCHEMA_VOCABULARY: RefCell<Option<Vocabulary>> = const { RefCell::new(None) };
}

/// Runs `make` (which generates JSON Schemas) with `vocabulary`'s kinds as the kinds records may
/// have.
pub fn with_schema_vocabulary<R>(vocabulary: &Vocabulary, make: impl FnOnce() -> R) -> R {
    let before = SCHEMA_VOCABULARY.with(|v| v.replace(Some(vocabulary.clone())));
    let made = make();
    SCHEMA_VOCABULARY.with(|v| v.replace(before));
    made
}

fn kinds_schema(v: &Vocabulary, actor: bool) -> Schema {
    let one = |id: &str, label: &str, description: &str| {
        let description = if description.is_empty() { label } else { description };
        serde_json::json!({"description": description, "type": "string", "const": id})
    };
    let (kinds, what): (Vec<serde_json::Value>, &str) = if actor {
        let kinds = v.actors.iter().map(|k| k.info()).map(|i| one(i.id, i.label, i.description));
        (kinds.collect(), "What an actor is: a kind of the dataset's vocabulary.")
    } else {
        let kinds = v.links.iter().map(|k| k.info()).map(|i| one(i.id, i.label, i.description));
        (
            kinds.collect(),
            "What a link says, read as \"from KIND to\": a kind of the dataset's vocabulary.",
        )
    };
    json_schema!({ "description": what, "oneOf": kinds })
}

/// A rank for a position (vocabularies of more than 65 534 kinds share the last one).
fn rank(position: usize) -> u16 {
    u16::try_from(position).unwrap_or(UNPLACED - 1).min(UNPLACED - 1)
}

/// A kind as a person types it, as ids are written: trimmed, lower case, `_` for spaces and `-`.
fn typed(s: &str) -> String {
    s.trim().replace([' ', '-'], "_").to_lowercase()
}

/// `unknown kind "ID"` with the closest known kind, or every known kind when none is close.
fn did_you_mean<'a>(id: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    match crate::resolve::suggestions(id, known.clone()).first() {
        Some(best) => format!("unknown kind \"{id}\" (did you mean \"{best}\"?)"),
        None => {
            let all: Vec<&str> = known.collect();
            format!("unknown kind \"{id}\" (expected one of: {})", all.join(", "))
        }
    }
}

fn unknown_kind<'a>(s: &str, wanted: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    let all: Vec<&str> = known.clone().collect();
    let hint = match crate::resolve::suggestions(wanted, known).first() {
        Some(best) => format!("did you mean \"{best}\"? "),
        None => String::new(),
    };
    format!("unknown kind \"{s}\" ({hint}expected one of: {})", all.join(", "))
}

fn label_of(label: Option<&str>, id: &str) -> &'static str {
    match label {
        Some(l) => leak(l),
        None => leak(&id.replace('_', " ")),
    }
}

/// Checks a declared kind id: a slug, not declared before. Whether to keep the declaration.
fn kind_id<'a>(
    problems: &mut Vec<VocabularyProblem>,
    list: &str,
    i: usize,
    id: &str,
    mut before: impl Iterator<Item = &'a str>,
) -> bool {
    if !is_kind_slug(id) {
        let message =
            format!("kind id \"{id}\" is not a snake_case slug (a-z first, then a-z, 0-9 and '_')");
        problems.push((at(list, i, "id"), message));
    }
    if before.any(|b| b == id) {
        problems.push((at(list, i, "id"), format!("kind \"{id}\" is defined twice")));
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str) -> ActorKindDef {
        ActorKindDef { id: id.into(), label: None, description: None, fill: None, shape: None }
    }

    fn link(id: &str) -> LinkKindDef {
        LinkKindDef {
            id: id.into(),
            label: None,
            description: None,
            color: None,
            arrowhead: None,
            style: None,
            event: false,
        }
    }

    #[test]
    fn the_builtin_kinds_keep_their_order_ids_and_looks() {
        assert_eq!(ActorKind::ALL.len(), 18);
        assert_eq!(LinkKind::ALL.len(), 17);
        assert!(ActorKind::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ActorKind::ComputingCentre.as_str(), "computing_centre");
        assert_eq!(ActorKind::ComputingCentre.label(), "computing centre");
        assert_eq!(LinkKind::Succeeds.info().style, "bold");
        let events: Vec<&str> =
            LinkKind::ALL.iter().filter(|k| k.info().event).map(|k| k.as_str()).collect();
        assert_eq!(events, ["founds", "prompted", "authored", "commissioned"]);
        let colours: FxHashSet<&str> = LinkKind::ALL.iter().map(|k| k.info().colour).collect();
        assert_eq!(colours.len(), LinkKind::ALL.len(), "link kinds are told apart by colour");
    }

    #[test]
    fn kinds_read_from_records_are_shared_and_the_builtin_ones_are_placed() {
        assert!(ActorKind::named("agency").same(ActorKind::Agency));
        let odd = LinkKind::named("finances");
        assert!(odd.same(LinkKind::named("finances")));
        assert!(!Vocabulary::builtin().knows_link(odd));
        assert!(Vocabulary::builtin().knows_link(LinkKind::named("funds")));
        assert_eq!(odd.label(), "finances");
    }

    #[test]
    fn kinds_parse_from_the_command_line_spelling() {
        assert_eq!("computing centre".parse::<ActorKind>(), Ok(ActorKind::ComputingCentre));
        assert_eq!("member-of".parse::<LinkKind>(), Ok(LinkKind::MemberOf));
        let e = "universty".parse::<ActorKind>().unwrap_err();
        assert!(e.starts_with("unknown kind \"universty\" (did you mean \"university\"?"), "{e}");
        assert!(e.contains("expected one of: ministry, agency,"), "{e}");
    }

    #[test]
    fn a_declared_vocabulary_is_the_whole_vocabulary_in_its_order_with_default_looks() {
        let mut company = actor("company");
        company.fill = Some("#abcdef".into());
        company.shape = Some("folder".into());
        let (v, problems) =
            Vocabulary::declared(Some(&[company, actor("university")]), Some(&[link("owns")]));
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<&str> = v.actor_kinds().iter().map(|k| k.as_str()).collect();
        assert_eq!(ids, ["company", "university"]);
        let company = v.actor_kind("company").unwrap();
        assert_eq!((company.info().fill, company.info().shape), ("#abcdef", "folder"));
        // Absent looks come from the default palette by position.
        let university = v.actor_kind("university").unwrap();
        assert_eq!((university.info().fill, university.info().shape), ("#fce5cd", "box"));
        assert!(company < university);
        let owns = v.link_kind("owns").unwrap();
        assert_eq!(
            (owns.info().colour, owns.info().style, owns.info().event),
            ("#cc0000", "solid", false)
        );
        assert_eq!(v.link_kinds().len(), 1);
        // The built-in kind of the same id is a different kind of another vocabulary.
        assert!(!v.knows_actor(ActorKind::University));
        assert!(v.knows_actor(university));
    }

    #[test]
    fn a_declared_vocabulary_s_problems_are_each_reported_by_path() {
        let mut bad = actor("Company");
        bad.fill = Some("#12345".into());
        bad.shape = Some("boxx".into());
        let mut l = link("owns");
        l.arrowhead = Some("arrow".into());
        l.style = Some("wavy".into());
        l.color = Some("red".into());
        let (v, problems) = Vocabulary::declared(Some(&[bad, actor("x"), actor("x")]), Some(&[l]));
        let messages: Vec<String> = problems.iter().map(|(_, m)| m.clone()).collect();
        assert_eq!(messages.len(), 7, "{messages:#?}");
        assert!(messages[0].contains("\"Company\" is not a snake_case slug"));
        assert!(messages[1].contains("malformed colour \"#12345\""));
        assert!(messages[2].starts_with("unknown shape \"boxx\" (did you mean \"box\"?"));
        assert!(messages[3].contains("kind \"x\" is defined twice"));
        assert_eq!(problems[3].0, at("actor_kinds", 2, "id"));
        assert!(messages[4].contains("malformed colour \"red\""));
        assert!(messages[5].starts_with("unknown arrowhead \"arrow\""));
        assert!(messages[6].starts_with("unknown style \"wavy\""));
        assert_eq!(v.actor_kinds().len(), 2);
    }

    #[test]
    fn merging_adds_kinds_and_reports_an_id_defined_twice() {
        let (layer, _) = Vocabulary::declared(
            Some(&[actor("company"), actor("university")]),
            Some(&[link("owns")]),
        );
        let mut v = Vocabulary::builtin();
        let twice = v.merge(&layer);
        assert_eq!(
            twice,
            [("actor_kinds", 1, "actor kind \"university\" is defined twice".into())]
        );
        let company = v.actor_kind("company").unwrap();
        assert_eq!(company.rank(), 18);
        assert!(v.knows_actor(company) && v.knows_link(v.link_kind("owns").unwrap()));
    }

    #[test]
    fn resolving_gives_records_the_vocabulary_s_kinds() {
        let (v, _) = Vocabulary::declared(Some(&[actor("company"), actor("university")]), None);
        let mut actors: Vec<crate::model::Actor> = ["university", "company", "universty"]
            .iter()
            .map(|k| {
                serde_json::from_value(serde_json::json!({"id": "a", "name": "A", "kind": k,
                    "start": 2000, "citations": []}))
                .unwrap()
            })
            .collect();
        v.resolve(&mut actors, &mut []);
        assert!(v.knows_actor(actors[0].kind) && v.knows_actor(actors[1].kind));
        assert!(!v.knows_actor(actors[2].kind));
        assert_eq!(
            v.unknown_actor_kind("universty"),
            "unknown kind \"universty\" (did you mean \"university\"?)"
        );
        assert!(actors[1].kind < actors[0].kind);
    }
}
