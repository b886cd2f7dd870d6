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

mod builtin;
mod kinds;

use builtin::*;
pub use kinds::*;
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
