//! The records of a dataset, exactly as they are written in `graph/*.json`.
//!
//! These types are both the serde model of the files and the source of their JSON Schema
//! (`mesograph schema`), so the documentation an editor shows comes from the doc comments here.

pub use crate::dataset::interned::Interned;
pub use crate::vocabulary::{ActorKind, LinkKind, Vocabulary};
use crate::vocabulary::{ActorKindDef, LinkKindDef};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Deserialises a list into a vector of exactly its length.
///
/// serde's own `Vec` starts at a capacity of four, so each record's one citation took four
/// citations' room, and fresh memory is a large part of a large load's time and peak (see
/// docs/performance.md, "Memory"). Lists are short; growing from one costs little.
fn exact_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Exact<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Exact<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(x) = seq.next_element()? {
                if out.len() == out.capacity() {
                    out.reserve_exact(out.len().max(1));
                }
                out.push(x);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_seq(Exact(std::marker::PhantomData))
}

/// A calendar year. Intervals of years are inclusive at both ends.
pub type Year = i32;

/// The earliest year a dataset may mention.
pub const MIN_YEAR: Year = 1800;
/// The latest year a dataset may mention.
pub const MAX_YEAR: Year = 2100;

/// The ids of sources and actors as a JSON Schema pattern: a lowercase slug (`a-z`, `0-9` and
/// inner `-`), as validation checks it.
pub const SLUG_PATTERN: &str = "^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";

/// An inclusive interval of years; `end: None` means still active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lifetime {
    /// First active year.
    pub start: Year,
    /// Last active year (inclusive), or `None` when open-ended.
    pub end: Option<Year>,
}

impl Lifetime {
    /// The last active year, with an open end read as `Year::MAX`.
    pub fn last(&self) -> Year {
        self.end.unwrap_or(Year::MAX)
    }

    /// Whether `year` lies in the interval.
    pub fn contains(&self, year: Year) -> bool {
        self.start <= year && year <= self.last()
    }

    /// Whether the interval shares at least one year with `[from, to]`.
    pub fn overlaps(&self, from: Year, to: Year) -> bool {
        self.start <= to && from <= self.last()
    }

    /// The years common to both intervals, if any.
    pub fn intersect(&self, other: &Lifetime) -> Option<Lifetime> {
        let start = self.start.max(other.start);
        let end = match (self.end, other.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match end {
            Some(e) if e < start => None,
            _ => Some(Lifetime { start, end }),
        }
    }

    /// Whether `self` lies entirely within `outer`.
    pub fn within(&self, outer: &Lifetime) -> bool {
        outer.start <= self.start && self.last() <= outer.last()
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.end {
            Some(end) if end == self.start => write!(f, "{}", self.start),
            Some(end) => write!(f, "{}–{}", self.start, end),
            None => write!(f, "{}–", self.start),
        }
    }
}

/// Where a fact comes from: a registered source and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The id of a record in `sources.json`.
    pub source: Interned,
    /// Where in the source: for the deck, its section (`"2010"`, `"Avant 2008"`).
    pub locator: Interned,
}

/// What kind of source a record of `sources.json` is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The primary source, the deck "L'aventure mésocentres"; needs no URL.
    Deck,
    /// A public web page; `url` is required.
    Web,
    /// A report or text published at a public URL; `url` is required.
    Document,
}

impl std::str::FromStr for SourceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "deck" => Ok(SourceKind::Deck),
            "web" => Ok(SourceKind::Web),
            "document" => Ok(SourceKind::Document),
            _ => Err(format!("unknown source kind \"{s}\" (expected one of: deck, web, document)")),
        }
    }
}

/// A source that citations point at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable lowercase slug.
    #[schemars(regex(pattern = SLUG_PATTERN))]
    pub id: String,
    /// What kind of source this is.
    pub kind: SourceKind,
    /// Its title.
    pub title: String,
    /// Its public address (required for `web` and `document`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its authors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Its date, as written (`2017-09-27`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// When present, the only locators citations of this source may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    /// Anything the reader should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How sure the data is of a link.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A source says it.
    #[default]
    Stated,
    /// A reading of the sources rather than a statement; the link's note says why.
    Inferred,
    /// A question or plan a source raises (such as the deck's 2027 questions).
    Proposed,
}

impl std::str::FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [Confidence::Stated, Confidence::Inferred, Confidence::Proposed]
            .into_iter()
            .find(|c| c.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| {
                format!("unknown confidence \"{s}\" (expected one of: stated, inferred, proposed)")
            })
    }
}

impl Confidence {
    /// The value as written in the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Stated => "stated",
            Confidence::Inferred => "inferred",
            Confidence::Proposed => "proposed",
        }
    }
}

/// An earlier (or later) name of an actor, with the years it was in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameSpan {
    /// The name.
    pub name: String,
    /// First year in use.
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub start: Year,
    /// Last year in use (inclusive); absent = to the end of the actor's life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub end: Option<Year>,
    /// At least one source.
    #[serde(deserialize_with = "exact_vec")]
    #[schemars(length(min = 1))]
    pub citations: Vec<Citation>,
}

impl NameSpan {
    /// The years the name was in use.
    pub fn lifetime(&self) -> Lifetime {
        Lifetime { start: self.start, end: self.end }
    }
}

/// An actor: an organisation, centre, network, programme, event series, report or person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Stable lowercase slug (`a-z`, `0-9`, `-`).
    #[schemars(regex(pattern = SLUG_PATTERN))]
    pub id: String,
    /// Display name.
    pub name: String,
    /// The expanded name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// What the actor is.
    pub kind: ActorKind,
    /// First active year.
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub start: Year,
    /// Last active year (inclusive); absent = still active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub end: Option<Year>,
    /// Other spellings, including the deck's own.
    #[serde(default, deserialize_with = "exact_vec", skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Names with the years they were in use; a year slice shows the one in use that year.
    #[serde(default, deserialize_with = "exact_vec", skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<NameSpan>,
    /// At least one source.
    #[serde(deserialize_with = "exact_vec")]
    #[schemars(length(min = 1))]
    pub citations: Vec<Citation>,
    /// What the reader should know: ambiguities, readings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Actor {
    /// The years the actor is active.
    pub fn lifetime(&self) -> Lifetime {
        Lifetime { start: self.start, end: self.end }
    }

    /// The name in use in `year`: the `names` entry whose interval holds it, else `name`.
    pub fn name_in(&self, year: Year) -> &str {
        self.names
            .iter()
            .find(|n| n.lifetime().contains(year))
            .map_or(self.name.as_str(), |n| n.name.as_str())
    }
}

/// A directed, dated relationship between two actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = inferred_links_need_a_note)]
pub struct Link {
    /// The actor the link starts from.
    #[schemars(regex(pattern = SLUG_PATTERN))]
    pub from: Interned,
    /// The actor the link points to.
    #[schemars(regex(pattern = SLUG_PATTERN))]
    pub to: Interned,
    /// What the link says, read as "from KIND to".
    pub kind: LinkKind,
    /// First active year.
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub start: Year,
    /// Last active year (inclusive); absent = as long as both actors live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub end: Option<Year>,
    /// At least one source.
    #[serde(deserialize_with = "exact_vec")]
    #[schemars(length(min = 1))]
    pub citations: Vec<Citation>,
    /// How sure the data is; `stated` when absent.
    #[serde(default)]
    pub confidence: Confidence,
    /// Required when `confidence` is `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Link {
    /// The years the link itself is declared active (before clipping to its actors).
    pub fn lifetime(&self) -> Lifetime {
        Lifetime { start: self.start, end: self.end }
    }

    /// The link's stable id in exports: `from/kind/to/start`.
    pub fn id(&self) -> String {
        format!("{}/{}/{}/{}", self.from, self.kind, self.to, self.start)
    }

    /// The key that tells apart parallel links of one pair (networkx `key`): `kind/start`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.kind, self.start)
    }
}

/// The rule validation applies to links that JSON Schema can say too: an inferred link carries a
/// note that is not blank.
fn inferred_links_need_a_note(schema: &mut schemars::Schema) {
    schema.insert(
        "if".into(),
        serde_json::json!({"properties": {"confidence": {"const": "inferred"}}, "required": ["confidence"]}),
    );
    schema.insert(
        "then".into(),
        serde_json::json!({"required": ["note"], "properties": {"note": {"pattern": "\\S"}}}),
    );
}

/// A number attached to a milestone (registrations, Tflops, centres).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What is counted (`registrations`, `peak_power`).
    pub name: String,
    /// The number.
    pub value: f64,
    /// Its unit, free text (`people`, `Tflops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl fmt::Display for Figure {
    /// `registrations 115 people`: how tables on the command line show a figure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.unit {
            Some(unit) => write!(f, "{} {} {unit}", self.name, self.value),
            None => write!(f, "{} {}", self.name, self.value),
        }
    }
}

/// A dated event or figure attached to an actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// The actor it belongs to.
    pub actor: String,
    /// The year it happened; inside the actor's lifetime.
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub year: Year,
    /// What happened.
    pub title: String,
    /// Where, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Other actors involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Numbers the source gives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// At least one source.
    #[serde(deserialize_with = "exact_vec")]
    #[schemars(length(min = 1))]
    pub citations: Vec<Citation>,
    /// Anything the reader should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `sources.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// The JSON Schema this file follows, for editors.
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The sources.
    pub sources: Vec<Source>,
}

/// `actors.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorsFile {
    /// The JSON Schema this file follows, for editors.
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The actors.
    pub actors: Vec<Actor>,
}

/// `links.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinksFile {
    /// The JSON Schema this file follows, for editors.
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The links.
    pub links: Vec<Link>,
}

/// `milestones.json` (optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestonesFile {
    /// The JSON Schema this file follows, for editors.
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The milestones.
    pub milestones: Vec<Milestone>,
}

/// `dataset.json` (optional): what the dataset is, for titles and for telling observed years
/// from projections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    /// The JSON Schema this file follows, for editors.
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The dataset's title, shown on pictures, the atlas and reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the dataset covers, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The language of its names and notes, as a BCP 47 tag (`fr`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The last year its sources observe: a later year is a projection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = MIN_YEAR, max = MAX_YEAR))]
    pub horizon: Option<Year>,
    /// The kinds of actors, in the order legends list them; absent = the built-in kinds. When
    /// given, the list is the whole vocabulary of actor kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_kinds: Option<Vec<ActorKindDef>>,
    /// The kinds of links, in the order legends list them; absent = the built-in kinds. When
    /// given, the list is the whole vocabulary of link kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_kinds: Option<Vec<LinkKindDef>>,
}

/// A whole dataset as read from its files, before validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// A short name for the dataset (the folder name, or `builtin`).
    pub name: String,
    /// The registry of sources.
    pub sources: Vec<Source>,
    /// The actors.
    pub actors: Vec<Actor>,
    /// The links.
    pub links: Vec<Link>,
    /// The milestones.
    pub milestones: Vec<Milestone>,
    /// The names of the scenarios laid over it, in the order given; their records are among the
    /// lists above.
    pub scenarios: Vec<String>,
    /// The ids of the actors those scenarios add (pictures draw them apart).
    pub scenario_actors: Vec<String>,
    /// What `dataset.json` says of the dataset (all empty without one).
    pub meta: DatasetMeta,
    /// The kinds its records may have: those `dataset.json` declares, else the built-in ones.
    pub vocabulary: Vocabulary,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn life(start: Year, end: Option<Year>) -> Lifetime {
        Lifetime { start, end }
    }

    #[test]
    fn intervals_are_inclusive_at_both_ends() {
        let l = life(2010, Some(2013));
        assert!(l.contains(2010) && l.contains(2013));
        assert!(!l.contains(2009) && !l.contains(2014));
        assert!(life(2010, None).contains(2100));
    }

    #[test]
    fn overlap_and_intersection() {
        let a = life(2007, Some(2013));
        assert!(a.overlaps(2013, 2020));
        assert!(!a.overlaps(2014, 2020));
        assert_eq!(a.intersect(&life(2010, None)), Some(life(2010, Some(2013))));
        assert_eq!(a.intersect(&life(2014, None)), None);
        assert!(life(2008, Some(2009)).within(&a));
        assert!(!life(2008, None).within(&a));
    }

    #[test]
    fn name_in_year_follows_renamings() {
        let actor: Actor = serde_json::from_str(
            r#"{"id":"idgc","name":"Institut des Grilles et du Cloud","kind":"research_unit",
                "start":2007,"names":[{"name":"Institut des Grilles","start":2007,"end":2010,
                "citations":[{"source":"deck","locator":"2007"}]}],
                "citations":[{"source":"deck","locator":"2007"}]}"#,
        )
        .unwrap();
        assert_eq!(actor.name_in(2009), "Institut des Grilles");
        assert_eq!(actor.name_in(2011), "Institut des Grilles et du Cloud");
    }

    #[test]
    fn link_ids_tell_parallel_links_apart() {
        let link = |kind| Link {
            from: "genci".into(),
            to: "equipameso".into(),
            kind,
            start: 2010,
            end: None,
            citations: vec![],
            confidence: Confidence::Stated,
            note: None,
        };
        assert_ne!(link(LinkKind::Funds).id(), link(LinkKind::Coordinates).id());
        assert_eq!(link(LinkKind::Funds).id(), "genci/funds/equipameso/2010");
    }
}
