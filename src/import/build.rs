//! Turning what a reader found into the dataset's records: ids, kinds, years, citations and
//! the sources they cite; then the dataset checks, each problem located back in the input, and
//! the files in the canonical layout.

use super::{At, Imported, Input, Options, Read, Record, Value};
use crate::dataset::{DataFile, META_FILE, RawDataset};
use crate::error::{Error, Problem, Problems, Result};
use crate::locate::{LineIndex, Locator, Step, Target};
use crate::model::{
    Actor, ActorKind, ActorsFile, Citation, Confidence, Dataset, DatasetMeta, Figure, Link,
    LinkKind, LinksFile, Milestone, MilestonesFile, NameSpan, Source, SourceKind, SourcesFile,
    Year,
};
use crate::validate::{Unparsed, is_slug};
use crate::vocabulary::{ActorKindDef, LinkKindDef, Vocabulary, is_kind_slug};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Turns a place in an input into a line and column, parsing each JSON input once at most.
struct Places<'t> {
    inputs: &'t [Input],
    texts: &'t [&'t str],
    lines: Vec<Option<LineIndex<'t>>>,
    locators: Vec<Option<Locator<'t>>>,
}

impl<'t> Places<'t> {
    fn new(inputs: &'t [Input], texts: &'t [&'t str]) -> Places<'t> {
        Places {
            inputs,
            texts,
            lines: (0..texts.len()).map(|_| None).collect(),
            locators: (0..texts.len()).map(|_| None).collect(),
        }
    }

    /// The line of a place.
    fn line(&mut self, input: usize, at: &At) -> usize {
        self.problem(input, at, String::new()).line
    }

    fn problem(&mut self, input: usize, at: &At, message: String) -> Problem {
        let text = self.texts[input];
        let (line, column) = match at {
            At::Offset(offset) => {
                self.lines[input].get_or_insert_with(|| LineIndex::new(text)).line_column(*offset)
            }
            At::Path(path) => self.locators[input]
                .get_or_insert_with(|| Locator::new(text))
                .locate(path, Target::Value),
        };
        Problem { file: self.inputs[input].name.clone(), line, column, message }
    }
}

/// A citation as the exports write it: the source's id and the locator, with the source's
/// title and address.
#[derive(Debug, Deserialize)]
#[serde(rename = "citation")]
struct CiteIn {
    source: String,
    locator: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "name")]
struct NameIn {
    name: String,
    start: Year,
    #[serde(default)]
    end: Option<Year>,
    #[serde(default)]
    citations: Vec<CiteIn>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "milestone")]
struct MilestoneIn {
    year: Year,
    title: String,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    figures: Vec<Figure>,
    #[serde(default)]
    citations: Vec<CiteIn>,
    #[serde(default)]
    note: Option<String>,
}

/// Where each record of the dataset being built was read, for locating its problems.
#[derive(Default)]
struct Origins {
    actors: Vec<(usize, Record)>,
    links: Vec<(usize, Record)>,
    /// Per milestone: its node's record (the `milestones` field is where it was read).
    milestones: Vec<(usize, Record)>,
    /// Per source id: the input and place of its first citation.
    sources: HashMap<String, (usize, At)>,
}

/// Builds the dataset from what a reader found.
struct Builder<'t> {
    places: Places<'t>,
    options: &'t Options,
    problems: Vec<Problem>,
    sources: BTreeMap<String, Source>,
    origins: Origins,
    /// The actor kinds met, in order: each one's id and label as written.
    actor_kinds: Vec<(String, String)>,
    /// The link kinds met.
    link_kinds: Vec<(String, String)>,
}

impl Builder<'_> {
    fn report(&mut self, input: usize, at: &At, message: String) {
        let p = self.places.problem(input, at, message);
        self.problems.push(p);
    }

    /// A text field: `None` when absent, empty or null.
    fn text(&mut self, record: &Record, name: &str) -> Option<String> {
        let (value, at) = record.get(name)?;
        match value {
            Value::Text(s) if s.is_empty() => None,
            Value::Text(s) => Some(s.clone()),
            Value::Json(serde_json::Value::Null) => None,
            Value::Json(serde_json::Value::String(s)) => Some(s.clone()),
            Value::Json(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
                Some(v.to_string())
            }
            Value::Json(other) => {
                let (input, at) = (record.input, at.clone());
                let name = record.shown(name);
                self.report(input, &at, format!("expected a text in \"{name}\", found {other}"));
                None
            }
        }
    }

    /// A year field: a whole number, or a date that starts with its year (`2014-05-01`).
    fn year(&mut self, record: &Record, name: &str) -> Option<Year> {
        let (value, at) = record.get(name)?;
        let (input, at) = (record.input, at.clone());
        let text = match value {
            Value::Json(serde_json::Value::Null) => return None,
            Value::Json(serde_json::Value::Number(n)) => n.to_string(),
            Value::Json(serde_json::Value::String(s)) | Value::Text(s) => s.trim().to_string(),
            Value::Json(other) => other.to_string(),
        };
        if text.is_empty() {
            return None;
        }
        match parse_year(&text) {
            Some(y) => match Year::try_from(y) {
                Ok(y) => Some(y),
                Err(_) => {
                    let message = format!(
                        "impossible year {text} in \"{}\" (expected {}–{})",
                        record.shown(name),
                        crate::model::MIN_YEAR,
                        crate::model::MAX_YEAR
                    );
                    self.report(input, &at, message);
                    None
                }
            },
            None => {
                let message = format!("\"{text}\" in \"{}\" is not a year", record.shown(name));
                self.report(input, &at, message);
                None
            }
        }
    }

    /// A list field: a JSON array, or its compact JSON text in a cell.
    fn list<T: DeserializeOwned>(&mut self, record: &Record, name: &str) -> Vec<T> {
        let Some((value, at)) = record.get(name) else { return Vec::new() };
        let (input, at) = (record.input, at.clone());
        let parsed = match value {
            Value::Text(s) if s.trim().is_empty() => return Vec::new(),
            Value::Json(serde_json::Value::Null) => return Vec::new(),
            Value::Text(s) => serde_json::from_str::<Vec<T>>(s).map_err(|e| e.to_string()),
            Value::Json(v) => {
                serde_path_to_error::deserialize::<_, Vec<T>>(v).map_err(|e| e.to_string())
            }
        };
        parsed.unwrap_or_else(|e| {
            // A position inside a cell is not one in the file, which the problem has.
            let e = e.rfind(" at line ").map_or(e.as_str(), |i| &e[..i]).to_string();
            self.report(input, &at, format!("cannot read \"{}\": {e}", record.shown(name)));
            Vec::new()
        })
    }

    /// The citations `list` names, their sources registered; where none is given and `--cite`
    /// was, one citation of that source whose locator names the file and line of `record`.
    fn citations(&mut self, list: Vec<CiteIn>, record: &Record, at: &At) -> Vec<Citation> {
        let mut out = Vec::with_capacity(list.len().max(1));
        for c in list {
            if !self.sources.contains_key(&c.source) {
                let url = c.url.filter(|u| !u.is_empty());
                let kind = if url.is_some() { SourceKind::Web } else { SourceKind::Deck };
                let title = c.title.unwrap_or_else(|| c.source.clone());
                self.sources.insert(c.source.clone(), source(&c.source, kind, title, url));
                self.origins.sources.insert(c.source.clone(), (record.input, at.clone()));
            }
            out.push(Citation { source: c.source.into(), locator: c.locator.into() });
        }
        if out.is_empty() {
            out.extend(self.cited(record));
        }
        out
    }

    /// The citation a record without one gets: the spreadsheet's own citation cell, else the
    /// source of `--cite`; its locator names where the record was read.
    fn cited(&mut self, record: &Record) -> Option<Citation> {
        let own = self.text(record, "cite");
        let named = own.or_else(|| self.options.cite.clone())?;
        let at = record.at("cite");
        let id = match self
            .sources
            .values()
            .find(|s| s.url.as_deref() == Some(&named) || s.title == named)
        {
            Some(s) => s.id.clone(),
            None => {
                let taken: HashSet<String> = self.sources.keys().cloned().collect();
                let bare = named.trim_start_matches("https://").trim_start_matches("http://");
                let id = unique(&slug(bare.trim_start_matches("www."), "source"), &taken);
                let web = named.starts_with("http://") || named.starts_with("https://");
                let (kind, url) = if web {
                    (SourceKind::Web, Some(named.clone()))
                } else {
                    (SourceKind::Deck, None)
                };
                let s = source(&id, kind, named.clone(), url);
                self.sources.insert(id.clone(), s);
                self.origins.sources.insert(id.clone(), (record.input, at));
                id
            }
        };
        let line = self.places.line(record.input, &record.at);
        let file = std::path::Path::new(&self.places.inputs[record.input].name)
            .file_name()
            .map_or_else(|| "input".to_string(), |n| n.to_string_lossy().into_owned());
        Some(Citation { source: id.into(), locator: format!("{file} line {line}").into() })
    }
}

fn source(id: &str, kind: SourceKind, title: String, url: Option<String>) -> Source {
    Source {
        id: id.to_string(),
        kind,
        title,
        url,
        authors: vec![],
        date: None,
        sections: vec![],
        note: None,
    }
}

/// A year written as a whole number (`2014`, or `2014.0` as Gephi writes a double), or as a
/// date that starts with it (`2014-05-01`, `2014-05`): what spreadsheets and Gephi's timelines
/// write.
pub(super) fn parse_year(text: &str) -> Option<i64> {
    if let Ok(y) = text.parse::<i64>() {
        return Some(y);
    }
    // Gephi's `timeformat="double"` writes 2014.0.
    if let Some(whole) = text.strip_suffix(".0")
        && let Ok(y) = whole.parse::<i64>()
    {
        return Some(y);
    }
    let (year, rest) = text.split_at_checked(4)?;
    let date = rest.starts_with('-')
        && rest[1..].bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'T' || b == b':');
    if date && year.bytes().all(|b| b.is_ascii_digit()) { year.parse().ok() } else { None }
}

/// A lowercase slug of `text` (accents dropped, every run of other characters one `-`), or
/// `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)) {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() { fallback.to_string() } else { out.to_string() }
}

/// `base`, or `base-2`, `base-3`… whichever `taken` does not hold.
fn unique(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(id.as_str())).unwrap_or_default()
}

/// The id of a kind as a vocabulary spells it: snake_case (`ESFRI project` is `esfri_project`).
pub fn kind_id(text: &str) -> String {
    slug(text, "").replace('-', "_")
}

/// The two families of kinds a vocabulary holds.
#[derive(Debug, Clone, Copy)]
enum Family {
    Actors,
    Links,
}

/// A kind's label as written, when it says more than its id does: `ESFRI project` does, but
/// `Company` or `Member of` (a sheet's capital) read as `company` and `member of`.
fn written_label(id: &str, written: &str) -> Option<String> {
    let default = id.replace('_', " ");
    let mut chars = written.chars();
    let uncapitalised: String =
        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
    (written != id && uncapitalised != default).then(|| written.to_string())
}

/// The vocabulary of the kinds met, in the order met: `None` when they are all built-in kinds
/// (the built-in vocabulary then applies, as without `dataset.json`); else every kind met, a
/// built-in one with its look, another with its label as written and the default look.
fn vocabulary<K: Copy, D>(
    met: &[(String, String)],
    builtin: &[K],
    id_of: fn(K) -> &'static str,
    def: impl Fn(K, Option<String>) -> D,
    own: impl Fn(&str, Option<String>) -> D,
) -> Option<Vec<D>> {
    let find = |id: &str| builtin.iter().copied().find(|&k| id_of(k) == id);
    if met.iter().all(|(id, _)| find(id).is_some()) {
        return None;
    }
    let defs = met.iter().map(|(id, written)| match find(id) {
        Some(k) => def(k, written_label(id, written)),
        None => own(id, written_label(id, written)),
    });
    Some(defs.collect())
}

/// One text field of every node, in order.
type Cells = Vec<Option<String>>;

impl Builder<'_> {
    /// Each node's id as given, its name, and the id it gets: a valid slug is kept as it is
    /// (a duplicate is then reported as `check` reports it); any other id, or a record without
    /// one, gets a slug of its name (or its id), made unique with `-2`, `-3`… in the order the
    /// records come.
    fn ids(&mut self, nodes: &[Record]) -> (Cells, Cells, Vec<String>) {
        let given: Vec<Option<String>> = nodes.iter().map(|r| self.text(r, "id")).collect();
        let names: Vec<Option<String>> = nodes.iter().map(|r| self.text(r, "name")).collect();
        let mut taken: HashSet<String> =
            given.iter().flatten().filter(|id| is_slug(id)).cloned().collect();
        let mut ids = Vec::with_capacity(nodes.len());
        for (id, name) in given.iter().zip(&names) {
            match id {
                Some(id) if is_slug(id) => ids.push(id.clone()),
                _ => {
                    let base = slug(name.as_deref().or(id.as_deref()).unwrap_or_default(), "actor");
                    let id = unique(&base, &taken);
                    taken.insert(id.clone());
                    ids.push(id);
                }
            }
        }
        (given, names, ids)
    }
}

/// Builds, checks and lays out the dataset from what a reader found.
pub(super) fn build(
    inputs: &[Input],
    texts: &[&str],
    read: Read,
    options: &Options,
) -> Result<Imported> {
    let mut b = Builder {
        places: Places::new(inputs, texts),
        options,
        problems: read.problems,
        sources: BTreeMap::new(),
        origins: Origins::default(),
        actor_kinds: Vec::new(),
        link_kinds: Vec::new(),
    };
    let mut notes = read.notes;

    let (given, names, ids) = b.ids(&read.nodes);
    // How edges name actors: by their id in the input, else (Kumu) by their label.
    let mut by_id: HashMap<&str, &str> = HashMap::new();
    for (given, id) in given.iter().zip(&ids) {
        by_id.entry(given.as_deref().unwrap_or(id)).or_insert(id);
    }
    let mut by_label: HashMap<&str, Vec<&str>> = HashMap::new();
    if read.by_label {
        for (name, id) in names.iter().zip(&ids) {
            if let Some(name) = name {
                by_label.entry(name.as_str()).or_default().push(id);
            }
        }
    }

    let mut actors: Vec<(Actor, usize)> = Vec::new();
    let mut broken = HashSet::new();
    let mut milestones: Vec<(Milestone, usize)> = Vec::new();
    for (i, record) in read.nodes.iter().enumerate() {
        let id = ids[i].clone();
        let name = names[i].clone().or_else(|| given[i].clone());
        let kind = b.kind(record, Family::Actors, ActorKind::named);
        let start = b.year(record, "start");
        let end = b.year(record, "end");
        let full_name = b.text(record, "full_name");
        let note = b.text(record, "note");
        let aliases: Vec<String> = b.list(record, "aliases");
        let names_in: Vec<NameIn> = b.list(record, "names");
        let names_at = record.at("names");
        let names = names_in
            .into_iter()
            .enumerate()
            .map(|(j, n)| NameSpan {
                name: n.name,
                start: n.start,
                end: n.end,
                citations: {
                    let at = names_at.within(&[Step::Index(j), Step::Key("citations".into())]);
                    b.citations(n.citations, record, &at)
                },
            })
            .collect();
        let cites: Vec<CiteIn> = b.list(record, "citations");
        let citations = b.citations(cites, record, &record.at("citations"));
        let found: Vec<MilestoneIn> = b.list(record, "milestones");
        let milestones_at = record.at("milestones");
        for (j, m) in found.into_iter().enumerate() {
            let at = milestones_at.within(&[Step::Index(j), Step::Key("citations".into())]);
            let citations = b.citations(m.citations, record, &at);
            milestones.push((
                Milestone {
                    actor: id.clone(),
                    year: m.year,
                    title: m.title,
                    place: m.place,
                    related: m.related,
                    figures: m.figures,
                    citations,
                    note: m.note,
                },
                i,
            ));
        }
        let Some(name) = name else {
            b.report(record.input, &record.at, "no name: give each element a label".into());
            broken.insert(id);
            continue;
        };
        if start.is_none() && record.get("start").is_none_or(|(v, _)| is_empty(v)) {
            b.report(
                record.input,
                &record.at("start"),
                format!("no start year for \"{name}\": every actor has one (a \"Start\" column in a sheet, a \"start\" attribute in a graph file)"),
            );
        }
        match (kind, start) {
            (Some(kind), Some(start)) => actors.push((
                Actor { id, name, full_name, kind, start, end, aliases, names, citations, note },
                i,
            )),
            _ => {
                broken.insert(id);
            }
        }
    }

    let mut links: Vec<(Link, usize)> = Vec::new();
    for (i, record) in read.edges.iter().enumerate() {
        let end_of = |b: &mut Builder, field: &str| -> Option<String> {
            let named = b.text(record, field)?;
            if let Some(id) = by_id.get(named.as_str()) {
                return Some((*id).to_string());
            }
            match by_label.get(named.as_str()).map(Vec::as_slice) {
                Some([id]) => Some((*id).to_string()),
                Some(many) => {
                    let message = format!(
                        "\"{named}\" in \"{}\" is the label of several elements ({}): name one by its id",
                        record.shown(field),
                        many.join(", ")
                    );
                    b.report(record.input, &record.at(field), message);
                    None
                }
                // Named by label: suggest labels.
                None if read.by_label => {
                    let close = crate::resolve::suggestions(&named, by_label.keys().copied());
                    let hint = match close.first() {
                        Some(c) => format!(" (did you mean \"{c}\"?)"),
                        None => String::new(),
                    };
                    let column = record.shown(field);
                    let message = format!("unknown element \"{named}\" in \"{column}\"{hint}");
                    b.report(record.input, &record.at(field), message);
                    None
                }
                // Left for the checks to report, with their suggestions.
                None => Some(named),
            }
        };
        let from = end_of(&mut b, "source");
        let to = end_of(&mut b, "target");
        let kind = b.kind(record, Family::Links, LinkKind::named);
        let start = b.year(record, "start");
        let end = b.year(record, "end");
        let note = b.text(record, "note");
        let confidence = match b.text(record, "confidence") {
            None => Some(Confidence::Stated),
            Some(c) => c
                .parse::<Confidence>()
                .map_err(|e| b.report(record.input, &record.at("confidence"), e))
                .ok(),
        };
        let cites: Vec<CiteIn> = b.list(record, "citations");
        let citations = b.citations(cites, record, &record.at("citations"));
        for (field, what) in [("source", "its first actor"), ("target", "its second actor")] {
            if record.get(field).is_none_or(|(v, _)| is_empty(v)) {
                b.report(
                    record.input,
                    &record.at(field),
                    format!("no \"{field}\": a link names {what}"),
                );
            }
        }
        if record.get("start").is_none_or(|(v, _)| is_empty(v)) {
            b.report(
                record.input,
                &record.at("start"),
                "no start year: every link has one (a \"Start\" column in a sheet, a \"start\" attribute in a graph file)".into(),
            );
        }
        if let (Some(from), Some(to), Some(kind), Some(start), Some(confidence)) =
            (from, to, kind, start, confidence)
        {
            links.push((
                Link {
                    from: from.into(),
                    to: to.into(),
                    kind,
                    start,
                    end,
                    citations,
                    confidence,
                    note,
                },
                i,
            ));
        }
    }

    if read.clipped_ends {
        let ends: HashMap<&str, Option<Year>> =
            actors.iter().map(|(a, _)| (a.id.as_str(), a.end)).collect();
        for (link, _) in &mut links {
            let first = [&link.from, &link.to]
                .into_iter()
                .filter_map(|id| ends.get(id.as_str()).copied().flatten())
                .min();
            if link.end.is_some() && link.end == first {
                link.end = None;
            }
        }
    }

    let mut meta = DatasetMeta { title: options.title.clone(), ..DatasetMeta::default() };
    if let Some(graph) = &read.graph {
        meta.horizon = b.year(graph, "horizon");
        if meta.title.is_none() {
            // A GEXF that mesograph wrote carries the title in its description.
            meta.title = b.text(graph, "title");
        }
        let scenarios: Vec<String> = match graph.get("scenarios") {
            Some((Value::Text(s), _)) => {
                s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
            }
            Some(_) => b.list(graph, "scenarios"),
            None => Vec::new(),
        };
        if !scenarios.is_empty() {
            notes.push(format!(
                "the input was exported with the scenario{} {} laid over: its records are imported as the dataset's own",
                if scenarios.len() == 1 { "" } else { "s" },
                scenarios.join(", ")
            ));
        }
    }

    meta.title = meta.title.or_else(|| options.fallback_title.clone());

    // The records in id order, as the exports list them; milestones in the order read (the
    // exports list each actor's in the dataset's order).
    actors.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    links.sort_by_cached_key(|(l, _)| l.id());
    // Kinds met become the dataset's vocabulary.
    meta.actor_kinds = vocabulary(
        &b.actor_kinds,
        ActorKind::ALL,
        ActorKind::as_str,
        // A built-in kind keeps its look; its description is the built-in dataset's.
        |k, label| ActorKindDef {
            label: label.or(Some(k.label())),
            description: None,
            ..ActorKindDef::from(k)
        },
        |id, label| ActorKindDef {
            id: id.into(),
            label,
            description: None,
            fill: None,
            shape: None,
        },
    );
    meta.link_kinds = vocabulary(
        &b.link_kinds,
        LinkKind::ALL,
        LinkKind::as_str,
        |k, label| LinkKindDef {
            label: label.or(Some(k.label())),
            description: None,
            ..LinkKindDef::from(k)
        },
        |id, label| LinkKindDef {
            id: id.into(),
            label,
            description: None,
            color: None,
            arrowhead: None,
            style: None,
            event: false,
        },
    );
    let (vocabulary, _) =
        Vocabulary::declared(meta.actor_kinds.as_deref(), meta.link_kinds.as_deref());
    let mut dataset = Dataset {
        name: String::new(),
        sources: b.sources.values().cloned().collect(),
        actors: actors.iter().map(|(a, _)| a.clone()).collect(),
        links: links.iter().map(|(l, _)| l.clone()).collect(),
        milestones: milestones.iter().map(|(m, _)| m.clone()).collect(),
        scenarios: Vec::new(),
        scenario_actors: Vec::new(),
        meta,
        vocabulary,
    };
    let Dataset { vocabulary, actors: records, links: relations, .. } = &mut dataset;
    vocabulary.resolve(records, relations);
    b.origins.actors = actors.iter().map(|&(_, i)| (i, read.nodes[i].clone())).collect();
    b.origins.links = links.iter().map(|&(_, i)| (i, read.edges[i].clone())).collect();
    b.origins.milestones = milestones.iter().map(|&(_, i)| (i, read.nodes[i].clone())).collect();

    let unparsed = Unparsed { broken_actors: broken, ..Unparsed::default() };
    for pending in crate::validate::check_partial(&dataset, &unparsed) {
        let (input, at) = b.origin_of(pending.file, &pending.path);
        let mut message = pending.message;
        if message.starts_with("no citation") {
            message.push_str(" (--cite URL_OR_TITLE gives one to every record that has none)");
        }
        // A link's ends as the input names them (`target`, a sheet's `To`).
        if let (DataFile::Links, Some(Step::Index(i)), Some(Step::Key(field))) =
            (pending.file, pending.path.get(1), pending.path.get(2))
            && let Some((_, record)) = b.origins.links.get(*i)
        {
            let own = match field.as_str() {
                "from" => "source",
                "to" => "target",
                _ => "",
            };
            if !own.is_empty() {
                let named = format!("in \"{}\"", record.shown(own));
                message = message.replace(&format!("in \"{field}\""), &named);
            }
        }
        b.report(input, &at, message);
    }
    if !b.problems.is_empty() {
        let mut problems = b.problems;
        problems.sort();
        problems.dedup();
        return Err(Error::Invalid(Problems(problems)));
    }
    let files = layout(&dataset)?;
    Ok(Imported { files, dataset, notes })
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Text(s) => s.trim().is_empty(),
        Value::Json(serde_json::Value::Null) => true,
        Value::Json(serde_json::Value::String(s)) => s.trim().is_empty(),
        Value::Json(_) => false,
    }
}

impl Builder<'_> {
    /// The kind of a record, checked against the kinds the dataset knows.
    fn kind<K>(&mut self, record: &Record, family: Family, make: fn(&str) -> K) -> Option<K> {
        let Some(text) = self.text(record, "kind") else {
            self.report(
                record.input,
                &record.at("kind"),
                "no kind: every actor and link has one (a \"Type\" column in a sheet, a \"kind\" attribute in a graph file)".into(),
            );
            return None;
        };
        let id = kind_id(&text);
        if !is_kind_slug(&id) {
            let message = format!(
                "kind \"{text}\" has no id: a kind's id is a snake_case word that starts with a letter"
            );
            self.report(record.input, &record.at("kind"), message);
            return None;
        }
        // The label a reader sees: GEXF writes it beside the id; a sheet writes only it.
        let label = self.text(record, "kind_label").unwrap_or(text);
        let met = match family {
            Family::Actors => &mut self.actor_kinds,
            Family::Links => &mut self.link_kinds,
        };
        if !met.iter().any(|(known, _)| *known == id) {
            met.push((id.clone(), label));
        }
        Some(make(&id))
    }

    /// The input and place a problem of the dataset at `path` (in `file`) was read from.
    fn origin_of(&self, file: DataFile, path: &[Step]) -> (usize, At) {
        let (Some(Step::Index(i)), field) = (path.get(1), path.get(2)) else {
            return (0, At::Offset(0));
        };
        let field = match field {
            Some(Step::Key(k)) => k.as_str(),
            _ => "",
        };
        let rest = path.get(3..).unwrap_or_default();
        let from_record = |(_, record): &(usize, Record), name: &str| {
            (record.input, record.at(name).within(rest))
        };
        match file {
            DataFile::Actors => match self.origins.actors.get(*i) {
                Some(o) => from_record(o, field),
                None => (0, At::Offset(0)),
            },
            DataFile::Links => {
                let name = match field {
                    "from" => "source",
                    "to" => "target",
                    other => other,
                };
                match self.origins.links.get(*i) {
                    Some(o) => from_record(o, name),
                    None => (0, At::Offset(0)),
                }
            }
            DataFile::Milestones => match self.origins.milestones.get(*i) {
                Some((_, record)) => (record.input, record.at("milestones")),
                None => (0, At::Offset(0)),
            },
            DataFile::Sources => {
                let id = self.sources.keys().nth(*i);
                match id.and_then(|id| self.origins.sources.get(id)) {
                    Some((input, at)) => (*input, at.clone()),
                    None => (0, At::Offset(0)),
                }
            }
        }
    }
}

/// The files of the dataset folder, in the canonical layout, checked once more as `check`
/// reads them: what is written is what `mesograph check --data DIR` accepts.
fn layout(dataset: &Dataset) -> Result<Vec<(String, Vec<u8>)>> {
    let file = |name: &str, text: Result<String>| text.map(|t| (name.to_string(), t.into_bytes()));
    let d = dataset.clone();
    let files = vec![
        file(META_FILE, crate::canonical::file(&d.meta))?,
        file(
            DataFile::Sources.file_name(),
            crate::canonical::file(&SourcesFile { schema: None, sources: d.sources }),
        )?,
        file(
            DataFile::Actors.file_name(),
            crate::canonical::file(&ActorsFile { schema: None, actors: d.actors }),
        )?,
        file(
            DataFile::Links.file_name(),
            crate::canonical::file(&LinksFile { schema: None, links: d.links }),
        )?,
        file(
            DataFile::Milestones.file_name(),
            crate::canonical::file(&MilestonesFile { schema: None, milestones: d.milestones }),
        )?,
    ];
    let get = |name: &str| {
        files.iter().find(|(n, _)| n == name).map(|(n, b)| (n.clone(), Some(b.clone())))
    };
    let raw = RawDataset {
        name: "import".into(),
        files: DataFile::ALL.map(|f| get(f.file_name()).unwrap_or_default()),
        meta: get(META_FILE).unwrap_or_default(),
    };
    crate::open::parse(&raw)?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_kind_ids() {
        assert_eq!(slug("Équipe « Calcul » 2", "x"), "equipe-calcul-2");
        assert_eq!(slug("--", "actor"), "actor");
        assert!(is_slug(&slug("  Ünïcode__Name!! ", "x")));
        assert_eq!(kind_id("ESFRI project"), "esfri_project");
        assert_eq!(kind_id("Research-Organisation"), "research_organisation");
        let taken: HashSet<String> = ["a".to_string(), "a-2".to_string()].into_iter().collect();
        assert_eq!(unique("a", &taken), "a-3");
        assert_eq!(unique("b", &taken), "b");
    }

    #[test]
    fn labels_as_written_when_they_say_more_than_the_id() {
        assert_eq!(
            written_label("esfri_project", "ESFRI project").as_deref(),
            Some("ESFRI project")
        );
        assert_eq!(written_label("company", "Company"), None);
        assert_eq!(written_label("member_of", "Member of"), None);
        assert_eq!(written_label("member_of", "member_of"), None);
        assert_eq!(written_label("owns", "OWNS").as_deref(), Some("OWNS"));
    }

    #[test]
    fn years_as_numbers_or_dates() {
        assert_eq!(parse_year("2014"), Some(2014));
        assert_eq!(parse_year("2014-05-01"), Some(2014));
        assert_eq!(parse_year("2014-05"), Some(2014));
        assert_eq!(parse_year("2014.0"), Some(2014));
        assert_eq!(parse_year("2014.5"), None);
        assert_eq!(parse_year("20x4"), None);
        assert_eq!(parse_year("May 2014"), None);
    }
}
