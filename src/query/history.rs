//! An actor's story in order: its creation, renamings, every link starting or ending, its
//! milestones and figures, and its end, each with its citations.

use super::{ActorRef, Cite, LinkRef, Reading};
use crate::graph::TemporalGraph;
use crate::model::{Figure, Year};
use petgraph::Direction as Way;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

/// An actor's story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// The actor, with its main name.
    pub actor: ActorRef,
    /// Its full name, if the data gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Its other spellings.
    pub aliases: Vec<String>,
    /// Its citations.
    pub citations: Vec<Cite>,
    /// What happened, in year order (see [`EventKind`] for the order within a year).
    pub events: Vec<Event>,
    /// The horizon, whether the actor's story goes on past it (a projection), and the
    /// scenarios on.
    #[serde(flatten)]
    pub reading: Reading,
}

/// What kind of event; within a year, events come in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The actor's first active year.
    Created,
    /// The actor's name changed.
    Renamed,
    /// A link with the actor starts (and goes on after this year).
    LinkStarted,
    /// A link active in this year only.
    Link,
    /// A milestone of the actor, or one it is related to.
    Milestone,
    /// A link with the actor is active for the last time.
    LinkEnded,
    /// The actor's last active year.
    Ended,
}

impl EventKind {
    /// The value as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Renamed => "renamed",
            EventKind::LinkStarted => "link_started",
            EventKind::Link => "link",
            EventKind::Milestone => "milestone",
            EventKind::LinkEnded => "link_ended",
            EventKind::Ended => "ended",
        }
    }
}

/// One event of an actor's story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The year it happened (for an end, the last active year).
    pub year: Year,
    /// What kind of event.
    pub event: EventKind,
    /// One readable line: "GENCI coordinates Equip@Meso", "renamed from X to Y".
    pub text: String,
    /// For link events: the link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkRef>,
    /// For link events: the actor at the other end, named as in the event's year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<ActorRef>,
    /// For milestones: the milestone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<MilestoneRef>,
    /// Where it comes from.
    pub citations: Vec<Cite>,
}

/// A milestone as a history shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneRef {
    /// The id of the actor it belongs to (another actor when this one is only related).
    pub actor: String,
    /// What happened.
    pub title: String,
    /// Where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The other actors involved.
    pub related: Vec<String>,
    /// The numbers the source gives.
    pub figures: Vec<Figure>,
    /// Anything the reader should know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl History {
    /// Leaves out the events of links `filter` does not keep for their confidence.
    pub fn keep_confidence(&mut self, filter: &crate::filter::Filter) {
        self.events
            .retain(|e| e.link.as_ref().is_none_or(|l| filter.keeps_confidence(l.confidence)));
    }
}

/// The story of `actor`: creation, renamings, each link starting and ending (a one-year link is
/// one event), its milestones and those it is related to, and its end, each with citations.
///
/// Link years are the years the link is really active (its interval clipped to both actors'
/// lifetimes), so an open-ended link ends when the other actor does. Events are sorted by year,
/// then by [`EventKind`], then by link id or milestone title. O(L + M).
///
/// ```
/// use mesograph::query::{EventKind, history};
/// use mesograph::{TemporalGraph, load};
///
/// let graph = TemporalGraph::new(load(None)?);
/// let story = history(&graph, graph.find("IdGC")?);
/// let renamed = story.events.iter().find(|e| e.event == EventKind::Renamed).unwrap();
/// assert_eq!(renamed.text, "renamed from Institut des Grilles to Institut des Grilles et du Cloud");
/// # Ok::<(), mesograph::Error>(())
/// ```
pub fn history(graph: &TemporalGraph, actor: NodeIndex) -> History {
    let a = graph.actor(actor);
    let mut events: Vec<(Event, String)> = vec![];
    let mut push = |event: Event, key: String| events.push((event, key));

    push(
        Event {
            year: a.start,
            event: EventKind::Created,
            text: format!("{} starts", a.name_in(a.start)),
            link: None,
            other: None,
            milestone: None,
            citations: Cite::all(graph, &a.citations),
        },
        String::new(),
    );

    // Renamings happen where a name's span starts or the one after a span ends.
    let life = a.lifetime();
    let mut changes: Vec<Year> =
        a.names.iter().flat_map(|n| [Some(n.start), n.end.map(|e| e + 1)]).flatten().collect();
    changes.sort();
    changes.dedup();
    for year in changes.into_iter().filter(|&y| y > a.start && life.contains(y)) {
        let (before, after) = (a.name_in(year - 1), a.name_in(year));
        if before == after {
            continue;
        }
        // The source of the change: the span that starts, else the one that ended.
        let span = a
            .names
            .iter()
            .find(|n| n.start == year)
            .or_else(|| a.names.iter().find(|n| n.end == Some(year - 1)));
        push(
            Event {
                year,
                event: EventKind::Renamed,
                text: format!("renamed from {before} to {after}"),
                link: None,
                other: None,
                milestone: None,
                citations: span.map_or_else(Vec::new, |n| Cite::all(graph, &n.citations)),
            },
            String::new(),
        );
    }

    let g = graph.graph();
    let mut links: Vec<_> = g
        .edges_directed(actor, Way::Outgoing)
        .chain(g.edges_directed(actor, Way::Incoming).filter(|e| e.source() != e.target()))
        .map(|e| e.id())
        .collect();
    links.sort();
    for e in links {
        let l = graph.link(e);
        let active = graph.link_active(e).unwrap_or_else(|| l.lifetime());
        let (from, to) = graph.endpoints(e);
        let other = if from == actor { to } else { from };
        let sentence = |year: Year| {
            format!(
                "{} {} {}",
                graph.actor(from).name_in(year),
                l.kind.label(),
                graph.actor(to).name_in(year)
            )
        };
        let event = |year: Year, kind: EventKind, text: String| Event {
            year,
            event: kind,
            text,
            link: Some(LinkRef::new(graph, e)),
            other: Some(ActorRef::new(graph, other, Some(year))),
            milestone: None,
            citations: Cite::all(graph, &l.citations),
        };
        match active.end {
            Some(end) if end == active.start => {
                push(event(end, EventKind::Link, sentence(end)), l.id());
            }
            end => {
                push(event(active.start, EventKind::LinkStarted, sentence(active.start)), l.id());
                if let Some(end) = end {
                    push(event(end, EventKind::LinkEnded, sentence(end)), l.id());
                }
            }
        }
    }

    for m in graph.milestones() {
        let own = m.actor == a.id;
        if !own && !m.related.contains(&a.id) {
            continue;
        }
        let text = if own {
            m.title.clone()
        } else {
            let owner =
                graph.node(&m.actor).map_or(m.actor.as_str(), |n| graph.actor(n).name_in(m.year));
            format!("{owner}: {}", m.title)
        };
        push(
            Event {
                year: m.year,
                event: EventKind::Milestone,
                text,
                link: None,
                other: None,
                milestone: Some(MilestoneRef {
                    actor: m.actor.clone(),
                    title: m.title.clone(),
                    place: m.place.clone(),
                    related: m.related.clone(),
                    figures: m.figures.clone(),
                    note: m.note.clone(),
                }),
                citations: Cite::all(graph, &m.citations),
            },
            format!("{}\u{0}{}", m.title, m.actor),
        );
    }

    if let Some(end) = a.end {
        push(
            Event {
                year: end,
                event: EventKind::Ended,
                text: format!("{} ends (last active year)", a.name_in(end)),
                link: None,
                other: None,
                milestone: None,
                citations: Cite::all(graph, &a.citations),
            },
            String::new(),
        );
    }

    events.sort_by(|(x, kx), (y, ky)| (x.year, x.event, kx).cmp(&(y.year, y.event, ky)));
    History {
        actor: ActorRef::new(graph, actor, None),
        full_name: a.full_name.clone(),
        aliases: a.aliases.clone(),
        citations: Cite::all(graph, &a.citations),
        events: events.into_iter().map(|(e, _)| e).collect(),
        reading: Reading::with(graph, graph.horizon().is_some_and(|h| a.end.is_none_or(|e| e > h))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{graph, n};
    use super::*;

    fn story(g: &TemporalGraph, id: &str) -> Vec<(Year, EventKind, String)> {
        history(g, n(g, id)).events.into_iter().map(|e| (e.year, e.event, e.text)).collect()
    }

    #[test]
    fn events_in_order_with_one_year_links_and_clipped_ends() {
        let g = graph(
            &[("a", 2000, Some(2010)), ("b", 2002, Some(2006)), ("c", 2004, None)],
            &[
                ("a", "funds", "b", 2003, None),
                ("c", "member_of", "a", 2004, Some(2004)),
                ("a", "hosts", "c", 2005, Some(2008)),
            ],
        );
        assert_eq!(
            story(&g, "a"),
            [
                (2000, EventKind::Created, "A starts".into()),
                (2003, EventKind::LinkStarted, "A funds B".into()),
                (2004, EventKind::Link, "C member of A".into()),
                (2005, EventKind::LinkStarted, "A hosts C".into()),
                // The open-ended link stops with b, in b's last year.
                (2006, EventKind::LinkEnded, "A funds B".into()),
                (2008, EventKind::LinkEnded, "A hosts C".into()),
                (2010, EventKind::Ended, "A ends (last active year)".into()),
            ]
        );
        assert_eq!(story(&g, "c")[0], (2004, EventKind::Created, "C starts".into()));
    }

    #[test]
    fn renamings_and_milestones() {
        let mut dataset = crate::model::Dataset {
            name: "t".into(),
            sources: vec![],
            actors: vec![
                serde_json::from_value(serde_json::json!({
                    "id": "i", "name": "New", "kind": "research_unit", "start": 2007,
                    "names": [
                        {"name": "Old", "start": 2007, "end": 2009, "citations": [{"source": "deck", "locator": "2007"}]},
                        {"name": "Later", "start": 2015, "citations": [{"source": "deck", "locator": "2015"}]}
                    ],
                    "citations": [{"source": "deck", "locator": "2007"}]
                }))
                .unwrap(),
            ],
            links: vec![],
            milestones: vec![],
            scenarios: vec![],
            scenario_actors: vec![],
            meta: Default::default(),
            vocabulary: Default::default(),
        };
        dataset.milestones.push(
            serde_json::from_value(serde_json::json!({
                "actor": "i", "year": 2010, "title": "Census",
                "figures": [{"name": "centres", "value": 25}],
                "citations": [{"source": "deck", "locator": "2010"}]
            }))
            .unwrap(),
        );
        let g = TemporalGraph::new(dataset);
        let h = history(&g, n(&g, "i"));
        let events: Vec<(Year, EventKind, &str)> =
            h.events.iter().map(|e| (e.year, e.event, e.text.as_str())).collect();
        assert_eq!(
            events,
            [
                (2007, EventKind::Created, "Old starts"),
                (2010, EventKind::Renamed, "renamed from Old to New"),
                (2010, EventKind::Milestone, "Census"),
                (2015, EventKind::Renamed, "renamed from New to Later"),
            ]
        );
        assert_eq!(h.events[1].citations[0].locator, "2007", "the span that ended");
        assert_eq!(h.events[3].citations[0].locator, "2015", "the span that starts");
        assert_eq!(h.events[2].milestone.as_ref().unwrap().figures[0].value, 25.0);
    }
}
