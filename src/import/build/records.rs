//! The actors and links of an import, each field read from its record and each problem told
//! where it was read.

use super::Builder;
use super::fields::{CiteIn, MilestoneIn, NameIn, is_empty};
use super::ids::Cells;
use super::meta::Family;
use crate::import::Record;
use crate::locate::Step;
use crate::model::{Actor, ActorKind, Confidence, Link, LinkKind, Milestone, NameSpan, Year};
use std::collections::{HashMap, HashSet};

/// The actors read, each with the index of its record; the ids of the records that could not
/// become actors; the milestones the records carry.
#[derive(Default)]
pub(super) struct Actors {
    pub(super) actors: Vec<(Actor, usize)>,
    pub(super) broken: HashSet<String>,
    pub(super) milestones: Vec<(Milestone, usize)>,
}

/// How edges name actors: by their id in the input, else (Kumu) by their label.
pub(super) struct Names<'a> {
    by_id: HashMap<&'a str, &'a str>,
    by_label: HashMap<&'a str, Vec<&'a str>>,
    /// The input names actors by label only (a spreadsheet without an id column).
    label_only: bool,
}

impl<'a> Names<'a> {
    pub(super) fn new(
        given: &'a Cells,
        names: &'a Cells,
        ids: &'a [String],
        label_only: bool,
    ) -> Names<'a> {
        let mut by_id: HashMap<&str, &str> = HashMap::new();
        for (given, id) in given.iter().zip(ids) {
            by_id.entry(given.as_deref().unwrap_or(id)).or_insert(id);
        }
        let mut by_label: HashMap<&str, Vec<&str>> = HashMap::new();
        if label_only {
            for (name, id) in names.iter().zip(ids) {
                if let Some(name) = name {
                    by_label.entry(name.as_str()).or_default().push(id);
                }
            }
        }
        Names { by_id, by_label, label_only }
    }

    /// The id of the actor that `field` of an edge names, or `None` after reporting why not.
    fn end(&self, b: &mut Builder, record: &Record, field: &str) -> Option<String> {
        let named = b.text(record, field)?;
        if let Some(id) = self.by_id.get(named.as_str()) {
            return Some((*id).to_string());
        }
        match self.by_label.get(named.as_str()).map(Vec::as_slice) {
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
            None if self.label_only => {
                let close = crate::resolve::suggestions(&named, self.by_label.keys().copied());
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
    }
}

impl Builder<'_> {
    /// The actors of the node records, with ids `ids` (see [`Builder::ids`]).
    pub(super) fn actors(
        &mut self,
        nodes: &[Record],
        given: &Cells,
        names: &Cells,
        ids: &[String],
    ) -> Actors {
        let Actors { mut actors, mut broken, mut milestones } = Actors::default();
        for (i, record) in nodes.iter().enumerate() {
            let id = ids[i].clone();
            let name = names[i].clone().or_else(|| given[i].clone());
            let kind = self.kind(record, Family::Actors, ActorKind::named);
            let start = self.year(record, "start");
            let end = self.year(record, "end");
            let full_name = self.text(record, "full_name");
            let note = self.text(record, "note");
            let aliases: Vec<String> = self.list(record, "aliases");
            let names_in: Vec<NameIn> = self.list(record, "names");
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
                        self.citations(n.citations, record, &at)
                    },
                })
                .collect();
            let cites: Vec<CiteIn> = self.list(record, "citations");
            let citations = self.citations(cites, record, &record.at("citations"));
            let found: Vec<MilestoneIn> = self.list(record, "milestones");
            let milestones_at = record.at("milestones");
            for (j, m) in found.into_iter().enumerate() {
                let at = milestones_at.within(&[Step::Index(j), Step::Key("citations".into())]);
                let citations = self.citations(m.citations, record, &at);
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
                self.report(record.input, &record.at, "no name: give each element a label".into());
                broken.insert(id);
                continue;
            };
            if start.is_none() && record.get("start").is_none_or(|(v, _)| is_empty(v)) {
                self.report(
                    record.input,
                    &record.at("start"),
                    format!("no start year for \"{name}\": every actor has one (a \"Start\" column in a sheet, a \"start\" attribute in a graph file)"),
                );
            }
            match (kind, start) {
                (Some(kind), Some(start)) => actors.push((
                    Actor {
                        id,
                        name,
                        full_name,
                        kind,
                        start,
                        end,
                        aliases,
                        names,
                        citations,
                        note,
                    },
                    i,
                )),
                _ => {
                    broken.insert(id);
                }
            }
        }
        Actors { actors, broken, milestones }
    }

    /// The links of the edge records, their ends named as `names` says.
    pub(super) fn links(&mut self, edges: &[Record], names: &Names) -> Vec<(Link, usize)> {
        let mut links: Vec<(Link, usize)> = Vec::new();
        for (i, record) in edges.iter().enumerate() {
            let from = names.end(self, record, "source");
            let to = names.end(self, record, "target");
            let kind = self.kind(record, Family::Links, LinkKind::named);
            let start = self.year(record, "start");
            let end = self.year(record, "end");
            let note = self.text(record, "note");
            let confidence = match self.text(record, "confidence") {
                None => Some(Confidence::Stated),
                Some(c) => c
                    .parse::<Confidence>()
                    .map_err(|e| self.report(record.input, &record.at("confidence"), e))
                    .ok(),
            };
            let cites: Vec<CiteIn> = self.list(record, "citations");
            let citations = self.citations(cites, record, &record.at("citations"));
            for (field, what) in [("source", "its first actor"), ("target", "its second actor")] {
                if record.get(field).is_none_or(|(v, _)| is_empty(v)) {
                    self.report(
                        record.input,
                        &record.at(field),
                        format!("no \"{field}\": a link names {what}"),
                    );
                }
            }
            if record.get("start").is_none_or(|(v, _)| is_empty(v)) {
                self.report(
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
        links
    }
}

/// Gives back an open end to the links whose end a graph file clipped to an actor's: a link
/// that ends the year its first actor ends was written so because the actor ended.
pub(super) fn unclip_ends(actors: &[(Actor, usize)], links: &mut [(Link, usize)]) {
    let ends: HashMap<&str, Option<Year>> =
        actors.iter().map(|(a, _)| (a.id.as_str(), a.end)).collect();
    for (link, _) in links.iter_mut() {
        let first = [&link.from, &link.to]
            .into_iter()
            .filter_map(|id| ends.get(id.as_str()).copied().flatten())
            .min();
        if link.end.is_some() && link.end == first {
            link.end = None;
        }
    }
}
