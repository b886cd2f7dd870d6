//! `mesograph neighbours`: who an actor is connected to, as a table or JSON.

use super::filter::ConfidenceArgs;
use super::shared::{
    ANALYSED, analysis_context, arrow, in_scope, left_out_line, plural, sources, years,
};
use super::table::{FormatArgs, kind_columns, lifetime_cells, lifetime_columns, render_table};
use super::{Data, Request, YearArgs, Years, caveats};
use clap::Args;
use mesograph::model::LinkKind;
use mesograph::query::{self, Direction, NeighbourQuery, Neighbours};
use mesograph::table::{Column, Show, Table};
use mesograph::{Error, TemporalGraph};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph neighbours GENCI --year 2014
  mesograph neighbours cnrs --year 2010 --kind member_of --direction out
  mesograph neighbours \"Equip@Meso\" --from 2010 --to 2017 --depth 2
  mesograph neighbours genci --year 2014 --format json | jq '.neighbours[].actor.id'
  mesograph neighbours genci --year 2014 --format tsv > genci-2014.tsv

Each neighbour is listed with every link that reaches it (parallel links included), the link's
direction (→ from the nearer actor, ← towards it), years, confidence and citations; --notes adds
each link's note. Stated and inferred links are followed unless --confidence says otherwise; the
heading says how many proposed links were left out, and whether the years are a projection
(after the dataset's horizon) or a scenario is on.";

fn direction_value(s: &str) -> Result<Direction, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

/// A depth of at least one link.
fn depth_value(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(d) if d >= 1 => Ok(d),
        _ => Err(format!("\"{s}\" is not a depth (expected 1 or more)")),
    }
}

#[derive(Debug, Args)]
pub struct NeighboursArgs {
    /// The actor (id, name or alias; case and accents ignored).
    actor: String,
    #[command(flatten)]
    years: YearArgs,
    /// How many links away to go.
    #[arg(long, default_value_t = 1, value_parser = depth_value)]
    depth: usize,
    /// Only links of this kind of the dataset's vocabulary (repeatable), e.g. funds, member_of.
    #[arg(long)]
    kind: Vec<String>,
    /// Which links to follow: out (from the actor), in (to the actor) or both.
    #[arg(long, default_value = "both", value_parser = direction_value)]
    direction: Direction,
    #[command(flatten)]
    confidence: ConfidenceArgs,
    /// Print the note of every record listed, below its row.
    #[arg(long)]
    notes: bool,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

pub fn run(args: &NeighboursArgs, data: &Data) -> Result<(), Error> {
    let years = Years::try_from(&args.years)?;
    let request = Request::new(data, years, args.output.listing()?);
    let graph = request.load()?;
    let actor = graph.find(&args.actor)?;
    let q = NeighbourQuery {
        scope: graph.scope()?,
        depth: args.depth,
        kinds: args
            .kind
            .iter()
            .map(|k| graph.vocabulary().parse_link_kind(k))
            .collect::<Result<Vec<LinkKind>, String>>()
            .map_err(|e| Error::Request(format!("--kind: {e}")))?,
        direction: args.direction,
        filter: args.confidence.filter(ANALYSED),
    };
    let answer = query::neighbours(&graph, actor, &q);
    let data = || {
        let mut context = vec![("actor", answer.actor.id.clone())];
        context.extend(analysis_context(&graph, answer.scope, &q.filter, &answer.left_out));
        neighbours_rows(&answer).with_context(context)
    };
    request.output().print(&answer, || neighbours_table(&graph, &answer, args.notes), data)
}

/// The neighbours' table: a row per link that reaches one, the neighbour's cells on its first.
fn neighbours_rows(n: &Neighbours) -> Table {
    // Distance and way in, in text only when the neighbours are more than one link away.
    let deep = |mut c: Column| {
        if n.depth == 1 {
            c.show = Show::Data;
        }
        c
    };
    let columns = [
        deep(Column::both("distance").grouped()),
        deep(Column::both("via")),
        Column::both("neighbour").grouped(),
        Column::both("name").grouped(),
    ];
    let [label, kind] = kind_columns();
    let columns = [
        &columns[..],
        &[label.grouped(), kind],
        &[Column::text("link"), Column::data("link id")],
        &[Column::data("link kind"), Column::data("direction")],
        &lifetime_columns("years"),
        &[Column::both("confidence"), Column::both("source")],
    ];
    let mut table = Table::new(columns.concat()).noted();
    for nb in &n.neighbours {
        for (i, l) in nb.links.iter().enumerate() {
            let nearer = if l.direction == Direction::Out { &l.link.from } else { &l.link.to };
            let row = [
                &[nb.distance.to_string(), nearer.clone(), nb.actor.id.clone()][..],
                &[nb.actor.name.clone(), nb.actor.kind.label(), nb.actor.kind.as_str().into()],
                &[arrow(&l.link, nearer), l.link.id.clone(), l.link.kind.as_str().into()],
                &[l.direction.as_str().into()],
                &lifetime_cells(l.link.start, l.link.end),
                &[l.link.confidence.as_str().into(), sources(&l.link.citations)],
            ]
            .concat();
            if i == 0 {
                table.push(row, l.link.note.clone());
            } else {
                table.push_continued(row, l.link.note.clone());
            }
        }
    }
    table
}

fn neighbours_table(graph: &TemporalGraph, n: &Neighbours, with_notes: bool) -> String {
    let mut head = format!(
        "{} ({}): {} {}",
        n.actor.name,
        n.actor.id,
        plural(n.neighbours.len(), "neighbour", "neighbours"),
        in_scope(n.scope)
    );
    if n.depth > 1 {
        head.push_str(&format!(", up to {} links away", n.depth));
    }
    match n.direction {
        Direction::Out => head.push_str(", following links out of it"),
        Direction::In => head.push_str(", following links into it"),
        Direction::Both => {}
    }
    if !n.kinds.is_empty() {
        let kinds: Vec<String> = n.kinds.iter().map(|k| k.label()).collect();
        head.push_str(&format!(", links of kind {}", kinds.join(", ")));
    }
    head.push_str(&caveats(graph, n.scope));
    head.push('\n');
    head.push_str(&left_out_line(&n.left_out));
    if !n.active {
        head.push_str(&format!(
            "{} is not active {} (active {})\n",
            n.actor.name,
            in_scope(n.scope),
            years(n.actor.start, n.actor.end)
        ));
        return head;
    }
    if n.neighbours.is_empty() {
        return head;
    }
    head + &render_table(&neighbours_rows(n), with_notes)
}
