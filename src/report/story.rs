//! The sections of a report: for each year, who is there, what began and what ended told in
//! sentences, the milestones, and the notes their citations point at.

use super::Years;
use crate::graph::{Scope, TemporalGraph};
use crate::model::{Citation, Confidence, LinkKind, Year};
use std::collections::BTreeMap;

/// One part of the report: "Before FROM", or one year.
#[derive(Debug, Clone)]
pub struct Section {
    /// The HTML id and file stem: `before-2007`, `2010`.
    pub id: String,
    /// The heading: `Before 2007`, `2010`.
    pub heading: String,
    /// The years it tells.
    pub scope: Scope,
    /// Whether its years lie after the dataset's horizon.
    pub projection: bool,
    /// The picture of the section's years (SVG), drawn by [`Report::build`](super::Report).
    pub picture: Vec<u8>,
    /// The actors present, by name.
    pub actors: Vec<SectionActor>,
    /// What began and what ended, grouped: "Actors" first, then each kind of link.
    pub changes: Vec<(String, Vec<Line>)>,
    /// The milestones, with their figures and places.
    pub milestones: Vec<Line>,
    /// The notes the lines cite, numbered from 1 in order of first citation.
    pub notes: Vec<Note>,
}

impl Section {
    /// "Actors (63, 17 new)": the heading of the list of actors ("Actors (23)" before FROM,
    /// where every actor is new).
    pub fn actors_heading(&self) -> String {
        let new = self.actors.iter().filter(|a| a.new).count();
        match self.scope {
            Scope::Year(_) => format!("Actors ({}, {new} new)", self.actors.len()),
            _ => format!("Actors ({})", self.actors.len()),
        }
    }
}

/// An actor present in a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionActor {
    /// Its name that year.
    pub name: String,
    /// Its kind, as a reader says it.
    pub kind: String,
    /// Whether it begins in the section's year.
    pub new: bool,
}

/// A sentence of the report and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The sentence, plain text.
    pub text: String,
    /// Figures and place (milestones).
    pub detail: Option<String>,
    /// How sure the data is.
    pub confidence: Confidence,
    /// The record's note: why it is inferred, what to know.
    pub note: Option<String>,
    /// The numbers (from 1) of the section's notes it cites.
    pub cites: Vec<usize>,
    /// The citations, numbered into `cites` once the section's order is known.
    citations: Vec<Citation>,
}

/// A numbered note: one place in one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The source's id.
    pub source: String,
    /// The source's title.
    pub title: String,
    /// Where in the source.
    pub locator: String,
    /// Its address, when it has one.
    pub url: Option<String>,
}

/// What a link of `kind` from `a` to `b` says when it begins and when it ends. The built-in
/// kinds have their own words; any other kind is told by its label, read as "from LABEL to".
pub fn sentence(kind: LinkKind, begins: bool, a: &str, b: &str) -> String {
    let words = match kind.as_str() {
        "funds" => Some(("begins funding", "stops funding")),
        "founds" => Some(("founds", "ends its founding role in")),
        "coordinates" => Some(("begins coordinating", "stops coordinating")),
        "member_of" => Some(("joins", "leaves")),
        "shareholder_of" => Some(("becomes a shareholder of", "ceases to be a shareholder of")),
        "hosts" => Some(("begins hosting", "stops hosting")),
        "operates" => Some(("begins operating", "stops operating")),
        "organises" => Some(("begins organising", "stops organising")),
        "supports" => Some(("begins supporting", "stops supporting")),
        "succeeds" => Some(("succeeds", "ends its succession of")),
        "partners_with" => Some(("begins a partnership with", "ends its partnership with")),
        "labels" => Some(("begins labelling", "stops labelling")),
        "prompted" => Some(("prompts the creation of", "stops being counted as prompting")),
        "authored" => Some(("writes", "ends its authorship of")),
        "commissioned" => Some(("commissions", "ends its commission of")),
        "participates_in" => Some(("begins taking part in", "stops taking part in")),
        "part_of" => Some(("becomes part of", "ceases to be part of")),
        _ => None,
    };
    match (words, begins) {
        (Some((start, end)), _) => format!("{a} {} {b}", if begins { start } else { end }),
        (None, true) => format!("{a} {} {b}", kind.info().label),
        (None, false) if kind.info().event => {
            format!("{a} ends its link \u{201c}{}\u{201d} to {b}", kind.info().label)
        }
        (None, false) => format!("{a} no longer {} {b}", kind.info().label),
    }
}

/// The notes of one section, numbered as they are first cited.
#[derive(Default)]
struct Notes {
    notes: Vec<Note>,
    index: BTreeMap<(String, String), usize>,
}

impl Notes {
    fn cite(&mut self, graph: &TemporalGraph, citations: &[Citation]) -> Vec<usize> {
        let mut numbers: Vec<usize> = citations
            .iter()
            .map(|c| {
                let key = (c.source.to_string(), c.locator.to_string());
                *self.index.entry(key).or_insert_with(|| {
                    let source = graph.source(&c.source);
                    self.notes.push(Note {
                        source: c.source.to_string(),
                        title: source.map_or_else(|| c.source.to_string(), |s| s.title.clone()),
                        locator: c.locator.to_string(),
                        url: source.and_then(|s| s.url.clone()),
                    });
                    self.notes.len()
                })
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

/// "Before FROM" when the data mentions an earlier year, then one section per year.
pub fn sections(graph: &TemporalGraph, years: Years) -> Vec<Section> {
    let mut out = Vec::new();
    if let Some((first, _)) = graph.span().filter(|s| s.0 < years.from) {
        let before = years.from - 1;
        out.push(section(graph, first, before, true, years.from));
    }
    for year in years.from..=years.to {
        out.push(section(graph, year, year, false, years.from));
    }
    out
}

/// The section of the years `first..=last`; `before` marks "Before FROM", whose sentences
/// say their year.
fn section(graph: &TemporalGraph, first: Year, last: Year, before: bool, from: Year) -> Section {
    let scope =
        if first == last { Scope::Year(last) } else { Scope::Window { from: first, to: last } };
    let within = |y: Year| first <= y && y <= last;
    let named = last;
    let dated = |year: Year, text: String| if before { format!("{year}: {text}") } else { text };

    let slice = graph.slice(scope);
    let mut actors: Vec<SectionActor> = slice
        .actors
        .iter()
        .map(|&n| {
            let a = graph.actor(n);
            SectionActor {
                name: a.name_in(named).to_string(),
                kind: a.kind.label(),
                new: !before && within(a.start),
            }
        })
        .collect();
    actors.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.name.cmp(&b.name))
    });

    // Each change with its year, so that "Before FROM" tells them in order.
    let mut actor_lines: Vec<(Year, bool, Line)> = Vec::new();
    for &n in &slice.actors {
        let a = graph.actor(n);
        let name = a.name_in(named);
        // An actor of one year (a report, a one-day event) is told once.
        let once = a.end == Some(a.start);
        let end = a.end.filter(|_| !once);
        for (year, begins) in [(Some(a.start), true), (end, false)] {
            let Some(year) = year.filter(|&y| within(y)) else { continue };
            let verb = match (begins, once) {
                (true, true) => "begins and ends the same year",
                (true, false) => "begins",
                (false, _) => "ends",
            };
            actor_lines.push((
                year,
                !begins,
                Line {
                    text: dated(year, format!("{name} {verb}")),
                    detail: None,
                    confidence: Confidence::Stated,
                    note: None,
                    cites: Vec::new(),
                    citations: a.citations.clone(),
                },
            ));
        }
    }
    actor_lines.sort_by_key(|(year, ends, _)| (*year, *ends));
    let mut changes: Vec<(String, Vec<Line>)> = Vec::new();
    if !actor_lines.is_empty() {
        changes.push(("Actors".to_string(), actor_lines.into_iter().map(|l| l.2).collect()));
    }

    let mut by_kind: BTreeMap<LinkKind, Vec<(Year, bool, Line)>> = BTreeMap::new();
    for &e in &slice.links {
        let (Some(life), link) = (graph.link_active(e), graph.link(e)) else { continue };
        let (from_n, to_n) = graph.endpoints(e);
        let (a, b) = (graph.actor(from_n), graph.actor(to_n));
        // A link that ends with one of its actors is told by "X ends".
        // So is a link of one year (a founding, a commission): it only begins.
        let ends_alone = life
            .end
            .filter(|&y| within(y) && y != life.start && a.end != Some(y) && b.end != Some(y));
        for (year, begins) in [(Some(life.start).filter(|&y| within(y)), true), (ends_alone, false)]
        {
            let Some(year) = year else { continue };
            let text = sentence(link.kind, begins, a.name_in(named), b.name_in(named));
            by_kind.entry(link.kind).or_default().push((
                year,
                !begins,
                Line {
                    text: dated(year, text),
                    detail: None,
                    confidence: link.confidence,
                    note: link.note.clone(),
                    cites: Vec::new(),
                    citations: link.citations.clone(),
                },
            ));
        }
    }
    for (kind, mut lines) in by_kind {
        lines.sort_by_key(|(year, ends, _)| (*year, *ends));
        let mut title = kind.label();
        title[..1].make_ascii_uppercase();
        changes.push((title, lines.into_iter().map(|l| l.2).collect()));
    }

    let mut milestones: Vec<Line> = graph
        .milestones()
        .iter()
        .filter(|m| within(m.year))
        .map(|m| {
            let actor =
                graph.node(&m.actor).map_or(m.actor.as_str(), |n| graph.actor(n).name_in(m.year));
            let mut detail: Vec<String> = m.place.iter().map(|p| format!("in {p}")).collect();
            detail.extend(m.figures.iter().map(|f| f.to_string()));
            Line {
                text: dated(m.year, format!("{actor}: {}", m.title)),
                detail: (!detail.is_empty()).then(|| detail.join("; ")),
                confidence: Confidence::Stated,
                note: m.note.clone(),
                cites: Vec::new(),
                citations: m.citations.clone(),
            }
        })
        .collect();
    // Notes numbered in reading order.
    let mut notes = Notes::default();
    for line in changes.iter_mut().flat_map(|c| c.1.iter_mut()).chain(&mut milestones) {
        line.cites = notes.cite(graph, &line.citations);
    }

    Section {
        id: if before { format!("before-{from}") } else { last.to_string() },
        heading: if before { format!("Before {from}") } else { last.to_string() },
        scope,
        projection: graph.is_projection(last),
        picture: Vec::new(),
        actors,
        changes,
        milestones,
        notes: notes.notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_sentence_each_way() {
        for &kind in LinkKind::ALL {
            let (b, e) = (sentence(kind, true, "A", "B"), sentence(kind, false, "A", "B"));
            assert!(b.starts_with("A ") && b.ends_with(" B") && e.starts_with("A "), "{b} / {e}");
            assert_ne!(b, e);
        }
        assert_eq!(sentence(LinkKind::Funds, true, "GENCI", "TGCC"), "GENCI begins funding TGCC");
        let (v, _) = crate::Vocabulary::declared(
            None,
            Some(&[serde_json::from_str(r#"{"id": "owns"}"#).unwrap()]),
        );
        let owns = v.link_kind("owns").unwrap();
        assert_eq!(sentence(owns, true, "A", "B"), "A owns B");
        assert_eq!(sentence(owns, false, "A", "B"), "A no longer owns B");
    }

    #[test]
    fn the_builtin_story_tells_known_facts() {
        let graph = TemporalGraph::new(crate::load(None).unwrap());
        let all = sections(&graph, Years { from: 2007, to: 2017 });
        assert_eq!(all.len(), 12);
        assert_eq!(all[0].heading, "Before 2007");
        let year = |y: i32| all.iter().find(|s| s.heading == y.to_string()).unwrap();
        let texts = |s: &Section| -> Vec<String> {
            s.changes.iter().flat_map(|(_, l)| l.iter().map(|l| l.text.clone())).collect()
        };
        assert!(texts(year(2013)).contains(&"CSCI ends".to_string()), "{:?}", texts(year(2013)));
        // Notes are numbered from 1 and every cited number has a note.
        for s in &all {
            let lines = s.changes.iter().flat_map(|c| c.1.iter()).chain(&s.milestones);
            for line in lines {
                assert!(!line.cites.is_empty(), "{} cites nothing", line.text);
                assert!(line.cites.iter().all(|&n| n >= 1 && n <= s.notes.len()));
            }
        }
        let y2009 = year(2009);
        let journee = y2009.milestones.iter().find(|l| l.text.contains("2ème journée")).unwrap();
        assert_eq!(journee.detail.as_deref(), Some("registrations 115 people"));
        assert!(y2009.actors.iter().any(|a| a.new) && y2009.actors.iter().any(|a| !a.new));
        assert!(y2009.actors_heading().ends_with(" new)"));
        assert!(!all[0].actors.iter().any(|a| a.new), "before FROM, nothing is marked new");
        assert_eq!(all[0].actors_heading(), format!("Actors ({})", all[0].actors.len()));
    }
}
