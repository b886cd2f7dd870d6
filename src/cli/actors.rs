//! `mesograph actors` and `mesograph milestones`: readable listings of the records.

use super::table::{
    FormatArgs, kind_columns, lifetime_cells, lifetime_columns, render_table, scenario_context,
    scope_context,
};
use super::{Data, Request, Years, caveats};
use clap::Args;
use mesograph::model::{ActorKind, Milestone};
use mesograph::table::{Column, Table};
use mesograph::{Error, Scope, TemporalGraph, Year};
use serde::Serialize;

#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Only the actors active in this year (shown with the name they had then).
    #[arg(long, value_parser = super::year_value)]
    year: Option<Year>,
    /// Only actors of this kind of the dataset's vocabulary (repeatable), e.g.
    /// computing_centre, agency, person.
    #[arg(long)]
    kind: Vec<String>,
    /// Print the note of every record listed, below its row.
    #[arg(long)]
    notes: bool,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

#[derive(Serialize)]
struct ActorRow<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    start: Year,
    end: Option<Year>,
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

pub fn run(args: &ActorsArgs, data: &Data) -> Result<(), Error> {
    let listing = args.output.listing()?;
    let request = Request::new(data, Years::new(args.year, None, None)?, listing);
    let graph = request.load()?;
    let kinds = args
        .kind
        .iter()
        .map(|k| graph.vocabulary().parse_actor_kind(k))
        .collect::<Result<Vec<ActorKind>, String>>()
        .map_err(|e| Error::Request(format!("--kind: {e}")))?;
    let scope = graph.scope()?;
    let slice = graph.slice(scope);
    let rows: Vec<ActorRow> = slice
        .actors
        .iter()
        .map(|&n| graph.actor(n))
        .filter(|a| kinds.is_empty() || kinds.contains(&a.kind))
        .map(|a| ActorRow {
            id: &a.id,
            name: args.year.map_or(a.name.as_str(), |y| a.name_in(y)),
            kind: a.kind.as_str(),
            start: a.start,
            end: a.end,
            aliases: &a.aliases,
            note: a.note.as_deref(),
        })
        .collect();
    let text = || {
        let mut out = render_table(&actors_table(&rows), args.notes);
        out.push_str(&format!("{} actors ({scope}){}\n", rows.len(), caveats(&graph, scope)));
        out
    };
    let data = || actors_table(&rows).with_context(scope_context(&graph, scope));
    request.output().print(&rows, text, data)
}

/// The actors listed: one row each.
fn actors_table(rows: &[ActorRow]) -> Table {
    let columns = [
        &[Column::both("id"), Column::both("name")][..],
        &kind_columns(),
        &lifetime_columns("years"),
        &[Column::both("aliases")],
    ];
    let mut table = Table::new(columns.concat()).noted();
    for r in rows {
        table.push(
            [
                &[r.id.into(), r.name.into(), r.kind.replace('_', " "), r.kind.into()][..],
                &lifetime_cells(r.start, r.end),
                &[r.aliases.join(", ")],
            ]
            .concat(),
            r.note.map(String::from),
        );
    }
    table
}

#[derive(Debug, Args)]
pub struct MilestonesArgs {
    /// Only the milestones of this year.
    #[arg(long, value_parser = super::year_value)]
    year: Option<Year>,
    /// Only the milestones of this actor (id, name or alias).
    #[arg(long)]
    actor: Option<String>,
    /// Print the note of every record listed, below its row.
    #[arg(long)]
    notes: bool,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

pub fn run_milestones(args: &MilestonesArgs, data: &Data) -> Result<(), Error> {
    let request = Request::new(data, Years::All, args.output.listing()?);
    let graph = request.load()?;
    let actor = match &args.actor {
        Some(name) => Some(graph.actor(graph.find(name)?).id.clone()),
        None => None,
    };
    let rows: Vec<&Milestone> = graph
        .milestones()
        .iter()
        .filter(|m| args.year.is_none_or(|y| m.year == y))
        .filter(|m| actor.as_ref().is_none_or(|a| &m.actor == a))
        .collect();
    let text = || {
        let mut out = render_table(&milestones_table(&graph, &rows), args.notes);
        out.push_str(&format!(
            "{} milestones{}\n",
            rows.len(),
            caveats(&graph, args.year.map_or(Scope::All, Scope::Year))
        ));
        out
    };
    let data = || milestones_table(&graph, &rows).with_context(scenario_context(&graph));
    request.output().print(&rows, text, data)
}

/// The heading of a figure's data column: its name, and its unit in brackets.
fn figure_column(f: &mesograph::model::Figure) -> String {
    match &f.unit {
        Some(unit) => format!("{} ({unit})", f.name),
        None => f.name.clone(),
    }
}

/// The milestones listed, one row each; in data, whether the year is a projection, and one
/// column per figure name and unit (in name order) holding the number.
fn milestones_table(graph: &TemporalGraph, rows: &[&Milestone]) -> Table {
    let mut figures: Vec<String> =
        rows.iter().flat_map(|m| &m.figures).map(figure_column).collect();
    figures.sort();
    figures.dedup();
    let columns = [
        Column::both("year"),
        Column::data("projection"),
        Column::both("actor"),
        Column::both("milestone"),
        Column::both("place"),
        Column::both("figures"),
    ];
    let mut table = Table::new(
        columns
            .into_iter()
            .chain(figures.iter().map(Column::data_keyed))
            .chain([Column::both("source")]),
    )
    .noted();
    for m in rows {
        let listed: Vec<String> = m.figures.iter().map(ToString::to_string).collect();
        let cites: Vec<String> =
            m.citations.iter().map(|c| format!("{} {}", c.source, c.locator)).collect();
        let mut row = vec![
            m.year.to_string(),
            graph.is_projection(m.year).to_string(),
            m.actor.clone(),
            m.title.clone(),
            m.place.clone().unwrap_or_default(),
            listed.join("; "),
        ];
        row.extend(figures.iter().map(|column| {
            let values: Vec<String> = m
                .figures
                .iter()
                .filter(|f| figure_column(f) == *column)
                .map(|f| f.value.to_string())
                .collect();
            values.join("; ")
        }));
        row.push(cites.join("; "));
        table.push(row, m.note.clone());
    }
    table
}
