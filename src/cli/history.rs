//! `mesograph history`: an actor's story, event by event, as a table or JSON.

use super::filter::ConfidenceArgs;
use super::shared::{sources, years};
use super::table::{FormatArgs, render_table, scenario_context};
use super::{Data, Request, Years, with_scenarios};
use clap::Args;
use mesograph::query::{self, EventKind, History};
use mesograph::table::{Column, Table};
use mesograph::{Error, TemporalGraph};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph history GENCI
  mesograph history \"Institut des Grilles\" --format json
  mesograph history GENCI --notes --confidence stated

Every link event shows its confidence; --notes prints the note of every link and milestone (the
reason behind a reading) and the actor's own. The heading says when the story goes on past the
dataset's horizon (a projection).";

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The actor (id, name or alias; case and accents ignored).
    actor: String,
    #[command(flatten)]
    confidence: ConfidenceArgs,
    /// Print the note of every record listed, below its row.
    #[arg(long)]
    notes: bool,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

pub fn run(args: &HistoryArgs, data: &Data) -> Result<(), Error> {
    let request = Request::new(data, Years::All, args.output.listing()?);
    let graph = request.load()?;
    let actor = graph.find(&args.actor)?;
    let mut story = query::history(&graph, actor);
    story.keep_confidence(&args.confidence.filter(&[]));
    let text = || {
        let note = graph.actor(actor).note.as_deref().filter(|_| args.notes);
        history_table(&graph, &story, args.notes, note)
    };
    let data = || {
        let mut context = vec![("actor", story.actor.id.clone())];
        context.extend(scenario_context(&graph));
        history_rows(&graph, &story).with_context(context)
    };
    request.output().print(&story, text, data)
}

/// `with_notes`: each event's note below it, and the actor's own `note` under the heading.
fn history_table(
    graph: &TemporalGraph,
    h: &History,
    with_notes: bool,
    note: Option<&str>,
) -> String {
    let a = &h.actor;
    let mut out = format!("{} ({}", a.name, a.id);
    if let Some(full) = &h.full_name {
        out.push_str(&format!(", {full}"));
    }
    out.push_str(&format!(
        "): {}, {}{}\n",
        a.kind.label(),
        years(a.start, a.end),
        with_scenarios(graph.scenarios())
    ));
    if let Some(h) = graph.horizon().filter(|&h| a.end.is_none_or(|end| end > h)) {
        out.push_str(&format!(
            "the dataset's sources observe up to {h} (its horizon): read later years as a projection\n"
        ));
    }
    if !h.aliases.is_empty() {
        out.push_str(&format!("also: {}\n", h.aliases.join(", ")));
    }
    if let Some(note) = note {
        out.push_str(&format!("note: {note}\n"));
    }
    out + &render_table(&history_rows(graph, h), with_notes)
}

/// The events of a story, one row each; in data, whether its year is a projection.
fn history_rows(graph: &TemporalGraph, h: &History) -> Table {
    let mut table = Table::new([
        Column::both("year"),
        Column::data("projection"),
        Column::both("event"),
        Column::both("what"),
        Column::both("confidence"),
        Column::both("source"),
    ])
    .noted();
    for e in &h.events {
        let what = match (&e.link, &e.milestone) {
            (Some(l), _) => format!("{} [{}]", e.text, years(l.start, l.end)),
            (None, Some(m)) if !m.figures.is_empty() => {
                let figures: Vec<String> = m.figures.iter().map(ToString::to_string).collect();
                format!("{} ({})", e.text, figures.join("; "))
            }
            _ => e.text.clone(),
        };
        let event = match e.event {
            EventKind::LinkStarted => "link starts",
            EventKind::LinkEnded => "link ends",
            other => other.as_str(),
        };
        let confidence = e.link.as_ref().map_or("", |l| l.confidence.as_str());
        let note = match (&e.link, &e.milestone) {
            (Some(l), _) => l.note.clone(),
            (None, Some(m)) => m.note.clone(),
            _ => None,
        };
        table.push(
            vec![
                e.year.to_string(),
                graph.is_projection(e.year).to_string(),
                event.into(),
                what,
                confidence.into(),
                sources(&e.citations),
            ],
            note,
        );
    }
    table
}
