//! `mesograph check`: load and validate a dataset, and say what it holds when it is valid (its
//! problems, when it is not, are printed by [`super::finish`] as for every command).

use super::shared::plural;
use super::{Data, Request, Years, print_text, with_scenarios};
use mesograph::Error;

/// One summary line: how many actors, links, sources and milestones, which years, which scenarios.
pub fn run(data: &Data) -> Result<(), Error> {
    let graph = Request::new(data, Years::All, ()).load()?;
    let span = match graph.span() {
        Some((a, b)) => format!("years {a}–{b}"),
        None => "no years".into(),
    };
    let g = graph.graph();
    print_text(&format!(
        "ok: {}, {}, {}, {}, {span}{}\n",
        plural(g.node_count(), "actor", "actors"),
        plural(g.edge_count(), "link", "links"),
        plural(graph.sources().len(), "source", "sources"),
        plural(graph.milestones().len(), "milestone", "milestones"),
        with_scenarios(graph.scenarios())
    ))
}
