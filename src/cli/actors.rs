//! `mesograph actors` and `mesograph milestones`: readable listings of the records.

use super::{caveats, load_graph, print_json, print_text, table};
use clap::{Args, ValueEnum};
use mesograph::model::ActorKind;
use mesograph::{Error, Scope, Year};
use serde::Serialize;
use std::path::Path;

/// How a listing is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table for people.
    #[default]
    Table,
    /// JSON for programs.
    Json,
}

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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
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

pub fn run(args: &ActorsArgs, data: Option<&Path>) -> Result<(), Error> {
    let graph = load_graph(data)?;
    let kinds = args
        .kind
        .iter()
        .map(|k| graph.vocabulary().parse_actor_kind(k))
        .collect::<Result<Vec<ActorKind>, String>>()
        .map_err(|e| Error::Request(format!("--kind: {e}")))?;
    let scope = args.year.map_or(Scope::All, Scope::Year);
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
    match args.format {
        ListFormat::Json => print_json(&rows),
        ListFormat::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let years = match r.end {
                        Some(e) if e == r.start => r.start.to_string(),
                        Some(e) => format!("{}–{e}", r.start),
                        None => format!("{}–", r.start),
                    };
                    vec![
                        r.id.into(),
                        r.name.into(),
                        r.kind.replace('_', " "),
                        years,
                        r.aliases.join(", "),
                    ]
                })
                .collect();
            let notes: Vec<Option<String>> =
                rows.iter().map(|r| r.note.filter(|_| args.notes).map(String::from)).collect();
            let headers = ["id", "name", "kind", "years", "aliases"];
            let mut out = table::render_noted(&headers, &cells, &notes);
            out.push_str(&format!("{} actors ({scope}){}\n", rows.len(), caveats(&graph, scope)));
            print_text(&out)
        }
    }
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn run_milestones(args: &MilestonesArgs, data: Option<&Path>) -> Result<(), Error> {
    let graph = load_graph(data)?;
    let actor = match &args.actor {
        Some(name) => Some(graph.actor(graph.find(name)?).id.clone()),
        None => None,
    };
    let rows: Vec<&mesograph::model::Milestone> = graph
        .milestones()
        .iter()
        .filter(|m| args.year.is_none_or(|y| m.year == y))
        .filter(|m| actor.as_ref().is_none_or(|a| &m.actor == a))
        .collect();
    match args.format {
        ListFormat::Json => print_json(&rows),
        ListFormat::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|m| {
                    let figures: Vec<String> = m.figures.iter().map(ToString::to_string).collect();
                    let cites: Vec<String> =
                        m.citations.iter().map(|c| format!("{} {}", c.source, c.locator)).collect();
                    vec![
                        m.year.to_string(),
                        m.actor.clone(),
                        m.title.clone(),
                        m.place.clone().unwrap_or_default(),
                        figures.join("; "),
                        cites.join("; "),
                    ]
                })
                .collect();
            let notes: Vec<Option<String>> =
                rows.iter().map(|m| m.note.clone().filter(|_| args.notes)).collect();
            let mut out = table::render_noted(
                &["year", "actor", "milestone", "place", "figures", "source"],
                &cells,
                &notes,
            );
            out.push_str(&format!(
                "{} milestones{}\n",
                rows.len(),
                caveats(&graph, args.year.map_or(Scope::All, Scope::Year))
            ));
            print_text(&out)
        }
    }
}
