//! `mesograph neighbours`, `path`, `history`, `diff` and `stats`: the questions of
//! `mesograph::query`, printed as tables for people or as JSON for programs.

use super::filter::{ConfidenceArgs, FilterArgs};
use super::table::{
    FormatArgs, kind_columns, lifetime_cells, lifetime_columns, render_table, scenario_context,
    scope_context,
};
use super::{YearArgs, caveats, load_base_graph, load_graph, with_scenarios, year_value};
use clap::Args;
use mesograph::filter::{Filter, LeftOut};
use mesograph::model::{Confidence, Lifetime, LinkKind};
use mesograph::query::{
    self, Cite, Diff, Direction, EventKind, History, LinkRef, NeighbourQuery, Neighbours,
    PathQuery, Paths, Route, RouteQuery, Stats, Step,
};
use mesograph::table::{Column, Show, Table};
use mesograph::{Error, Scope, TemporalGraph, Year};
use std::path::Path;

pub const NEIGHBOURS_HELP: &str = "\
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

pub const PATH_HELP: &str = "\
Examples:
  mesograph path CNRS Equip@Meso --year 2012
  mesograph path genci mesocentres --year 2010 --directed
  mesograph path Héon Equip@Meso --over-time
  mesograph path orap simseo --over-time --from 2010

Without --over-time: every shortest connection in the year's slice (or a window's, or the whole
history's), link by link; parallel links count once. When the two actors are not connected, the
answer names the nearest year in which they are.
With --over-time: the earliest time-respecting route, each link taken in a year it is active,
no earlier than the link before it.
Stated and inferred links are taken unless --confidence says otherwise (say stated,inferred,proposed
to take proposed links too); the answer says how many links it left out.";

pub const HISTORY_HELP: &str = "\
Examples:
  mesograph history GENCI
  mesograph history \"Institut des Grilles\" --format json
  mesograph history GENCI --notes --confidence stated

Every link event shows its confidence; --notes prints the note of every link and milestone (the
reason behind a reading) and the actor's own. The heading says when the story goes on past the
dataset's horizon (a projection).";

pub const DIFF_HELP: &str = "\
Examples:
  mesograph diff 2009 2010
  mesograph diff 2008 2017 --format json | jq '.actors.appeared | length'
  mesograph diff 2017 2027 --scenario frt2 --notes
  mesograph diff 2008 2017 -o changes.csv

The heading counts the links that appeared and disappeared by confidence; new milestones (those
the second year knows and the first did not) are listed after the links. With --scenario, the
first year is read as the sources tell it and the second with the scenario on: the world with and
without it (Y Y gives what the scenario alone adds). --confidence keeps only links of those
confidences (all by default).";

pub const STATS_HELP: &str = "\
Examples:
  mesograph stats --year 2010
  mesograph stats --all-years
  mesograph stats --all-years --from 2007 --to 2017 --format json > evolution.json
  mesograph stats --all-years --format csv -o evolution.csv

Degree counts distinct neighbours; betweenness (rustworkx-core, normalised as networkx does) is
computed on the graph taken undirected with one edge per pair of actors. In a slice of more than
10000 actors it is estimated from 256 sources drawn with a fixed seed, as networkx's k does (the
output says so); --exact computes it exactly at any size; --top 0 skips it.
Stated and inferred links are counted unless --confidence says otherwise; the heading (and
\"left_out\" in JSON) says how many links were left out. Years after the dataset's horizon are
projections: the heading says so, and --all-years marks them with *.";

/// What analyses (neighbours, path, stats) count without `--confidence`: what the sources state
/// and what is read from them, not what was only proposed.
const ANALYSED: &[Confidence] = &[Confidence::Stated, Confidence::Inferred];

/// "left out: 9 proposed links (…)" when a filter left links out for their confidence.
fn left_out_line(left: &mesograph::filter::LeftOut) -> String {
    if left.total() == 0 {
        return String::new();
    }
    let all = [Confidence::Stated, Confidence::Inferred, Confidence::Proposed];
    let counts: Vec<String> = all
        .into_iter()
        .filter(|&c| left.of(c) > 0)
        .map(|c| format!("{} {}", left.of(c), c.as_str()))
        .collect();
    format!(
        "left out: {} {} (--confidence stated,inferred,proposed counts every link)\n",
        counts.join(", "),
        if left.total() == 1 { "link" } else { "links" }
    )
}

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

/// A number of connections to list, up to [`query::MAX_LISTED_PATHS`].
fn limit_value(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n <= query::MAX_LISTED_PATHS => Ok(n),
        Ok(_) => Err(format!(
            "\"{s}\" is more connections than are ever listed (at most {})",
            query::MAX_LISTED_PATHS
        )),
        Err(_) => Err(format!("\"{s}\" is not a number of connections")),
    }
}

fn years(start: Year, end: Option<Year>) -> String {
    Lifetime { start, end }.to_string()
}

fn sources(citations: &[Cite]) -> String {
    citations.iter().map(Cite::to_string).collect::<Vec<_>>().join("; ")
}

/// "in 2012", "in 2008–2012", "over the whole history".
fn in_scope(scope: Scope) -> String {
    match scope {
        Scope::All => "over the whole history".into(),
        other => format!("in {other}"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A link seen from actor `from`: `funds →` when it starts there, `← member of` otherwise.
fn arrow(link: &LinkRef, from: &str) -> String {
    if link.from == from {
        format!("{} →", link.kind.label())
    } else {
        format!("← {}", link.kind.label())
    }
}

/// The confidences `filter` keeps, joined by `, `.
fn counted(filter: &Filter) -> String {
    let all = [Confidence::Stated, Confidence::Inferred, Confidence::Proposed];
    let kept: Vec<&str> =
        all.into_iter().filter(|&c| filter.keeps_confidence(c)).map(Confidence::as_str).collect();
    kept.join(", ")
}

/// The data columns of an analysis of `scope` (see [`scope_context`]): then `counted`, the
/// confidences it counted, and `left_out`, how many links it left out for theirs.
fn analysis_context(
    graph: &TemporalGraph,
    scope: Scope,
    filter: &Filter,
    left: &LeftOut,
) -> Vec<(&'static str, String)> {
    let mut context = scope_context(graph, scope);
    context.push(("counted", counted(filter)));
    context.push(("left_out", left.total().to_string()));
    context
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

pub fn neighbours(args: &NeighboursArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
    args.output.format()?;
    let graph = load_graph(data)?;
    let actor = graph.find(&args.actor)?;
    let q = NeighbourQuery {
        scope: args.years.scope(&graph)?,
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
    args.output.print(&answer, || neighbours_table(&graph, &answer, args.notes), data)
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

#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the connection starts (id, name or alias).
    #[arg(value_name = "A")]
    a: String,
    /// Where it ends.
    #[arg(value_name = "B")]
    b: String,
    #[command(flatten)]
    years: YearArgs,
    /// Follow links only in their own direction (from → to).
    #[arg(long)]
    directed: bool,
    /// The earliest time-respecting route across the years; --from/--to bound the years in
    /// which links may be taken.
    #[arg(long, conflicts_with = "year")]
    over_time: bool,
    /// List at most this many shortest connections (all are counted); 10000 at most.
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = limit_value)]
    limit: usize,
    #[command(flatten)]
    confidence: ConfidenceArgs,
    /// Print the note of every record listed, below its row.
    #[arg(long)]
    notes: bool,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

pub fn path(args: &PathArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
    args.output.format()?;
    let graph = load_graph(data)?;
    let (a, b) = (graph.find(&args.a)?, graph.find(&args.b)?);
    let scope = args.years.scope(&graph)?;
    if args.over_time {
        let q = RouteQuery {
            since: args.years.from,
            until: args.years.to,
            directed: args.directed,
            filter: args.confidence.filter(ANALYSED),
        };
        let route = query::earliest_route(&graph, a, b, &q);
        let data = || {
            let context = analysis_context(&graph, scope, &q.filter, &route.left_out);
            steps_table(&route.steps, true).with_context(context)
        };
        return args.output.print(&route, || route_table(&graph, &route, args.notes), data);
    }
    let q = PathQuery {
        scope,
        directed: args.directed,
        limit: args.limit,
        filter: args.confidence.filter(ANALYSED),
    };
    let paths = query::shortest_paths(&graph, a, b, &q);
    let data = || {
        let context = analysis_context(&graph, paths.scope, &q.filter, &paths.left_out);
        let mut all = steps_table(&[], false).with_context(vec![("path", String::new())]);
        for (i, path) in paths.paths.iter().enumerate() {
            all.extend(
                steps_table(&path.steps, false).with_context(vec![("path", (i + 1).to_string())]),
            );
        }
        all.with_context(context)
    };
    args.output.print(&paths, || paths_table(&graph, &paths, args.notes), data)
}

/// The table of some steps: a row per link, the step's number, year and actors on its first.
fn steps_table(steps: &[Step], with_year: bool) -> Table {
    let link_years = if with_year { "link years" } else { "years" };
    let mut columns = vec![
        Column::both("step").grouped(),
        Column::both("year").grouped(),
        Column::both("from").grouped(),
        Column::data("from id"),
        Column::text("link"),
        Column::data("link id"),
        Column::data("link kind"),
        Column::data("direction"),
        Column::both("to").grouped(),
        Column::data("to id"),
    ];
    columns.extend(lifetime_columns(link_years));
    columns.extend([Column::both("confidence"), Column::both("source")]);
    // Each step's year, in a route only (the shortest connections lie in one scope).
    let year = 1;
    if !with_year {
        columns.remove(year);
    }
    let mut table = Table::new(columns).noted();
    for (i, step) in steps.iter().enumerate() {
        for (j, link) in step.links.iter().enumerate() {
            let direction = if link.from == step.from.id { "out" } else { "in" };
            let mut row = vec![
                (i + 1).to_string(),
                step.year.map(|y| y.to_string()).unwrap_or_default(),
                step.from.name.clone(),
                step.from.id.clone(),
                arrow(link, &step.from.id),
                link.id.clone(),
                link.kind.as_str().into(),
                direction.into(),
                step.to.name.clone(),
                step.to.id.clone(),
            ];
            row.extend(lifetime_cells(link.start, link.end));
            row.extend([link.confidence.as_str().into(), sources(&link.citations)]);
            if !with_year {
                row.remove(year);
            }
            if j == 0 {
                table.push(row, link.note.clone());
            } else {
                table.push_continued(row, link.note.clone());
            }
        }
    }
    table
}

fn paths_table(graph: &TemporalGraph, p: &Paths, with_notes: bool) -> String {
    let (a, b) = (&p.from.name, &p.to.name);
    let scope = format!("{}{}", in_scope(p.scope), caveats(graph, p.scope));
    let mut out = if p.directed {
        format!("no directed connection from {a} to {b} {scope}")
    } else {
        format!("{a} and {b} are not connected {scope}")
    };
    if !p.connected {
        let names: Vec<&str> = [&p.from, &p.to]
            .into_iter()
            .filter(|x| p.inactive.contains(&x.id))
            .map(|x| x.name.as_str())
            .collect();
        match names.as_slice() {
            [] => {}
            [one] => out.push_str(&format!(" ({one} is not active then)")),
            _ => out.push_str(&format!(" ({} are not active then)", names.join(" and "))),
        }
        match p.nearest_year {
            Some(y) => out.push_str(&format!("; nearest year in which they are: {y}\n")),
            None if p.scope == Scope::All => out.push('\n'),
            None => out.push_str("; they are in no year of the data\n"),
        }
        out.push_str(&left_out_line(&p.left_out));
        return out;
    }
    out = format!("{a} to {b} {scope}");
    if p.directed {
        out.push_str(" following link directions");
    }
    let length = p.length.unwrap_or(0);
    let count = if p.count_exact {
        format!(
            "{} {}",
            p.count,
            if p.count == 1 { "shortest connection" } else { "shortest connections" }
        )
    } else {
        format!("at least {} shortest connections", p.count)
    };
    out.push_str(&format!(": {count} of {}", plural(length, "link", "links")));
    if (p.paths.len() as u64) < p.count || !p.count_exact {
        out.push_str(&format!(" (showing the first {}; --limit N shows more)", p.paths.len()));
    }
    out.push('\n');
    out.push_str(&left_out_line(&p.left_out));
    for (i, path) in p.paths.iter().enumerate() {
        let names: Vec<&str> = std::iter::once(&p.from.name)
            .chain(path.steps.iter().map(|s| &s.to.name))
            .map(String::as_str)
            .collect();
        out.push_str(&format!("\npath {}: {}\n", i + 1, names.join(" — ")));
        if !path.steps.is_empty() {
            out.push_str(&render_table(&steps_table(&path.steps, false), with_notes));
        }
    }
    out
}

fn route_table(graph: &TemporalGraph, r: &Route, with_notes: bool) -> String {
    let bounds = match (r.since, r.until) {
        (Some(a), Some(b)) => format!(" with links taken in {a}–{b}"),
        (Some(a), None) => format!(" with links taken from {a}"),
        (None, Some(b)) => format!(" with links taken until {b}"),
        (None, None) => String::new(),
    };
    let kind = if r.directed { "directed time-respecting route" } else { "time-respecting route" };
    let bounds = format!("{bounds}{}", caveats(graph, Scope::All));
    if !r.connected {
        let head = format!("no {kind} from {} to {}{bounds}\n", r.from.name, r.to.name);
        return head + &left_out_line(&r.left_out);
    }
    if r.steps.is_empty() {
        return format!("{} is where the route starts\n", r.from.name);
    }
    let mut out = format!(
        "earliest {kind} from {} to {}{bounds}: {}, from {} to {}\n",
        r.from.name,
        r.to.name,
        plural(r.steps.len(), "link", "links"),
        r.departure.map(|y| y.to_string()).unwrap_or_default(),
        r.arrival.map(|y| y.to_string()).unwrap_or_default(),
    );
    out.push_str(&left_out_line(&r.left_out));
    out.push_str(&render_table(&steps_table(&r.steps, true), with_notes));
    out
}

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

pub fn history(args: &HistoryArgs, data: Option<&Path>) -> Result<(), Error> {
    args.output.format()?;
    let graph = load_graph(data)?;
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
    args.output.print(&story, text, data)
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

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first year.
    #[arg(value_name = "Y1", value_parser = year_value)]
    y1: Year,
    /// The second year.
    #[arg(value_name = "Y2", value_parser = year_value)]
    y2: Year,
    /// Print the note of every record listed, below its row.
    #[arg(long)]
    notes: bool,
    #[command(flatten)]
    confidence: ConfidenceArgs,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

pub fn diff(args: &DiffArgs, data: Option<&Path>) -> Result<(), Error> {
    args.output.format()?;
    // The first year is read as the sources tell it, the second with the scenarios on.
    let after = load_graph(data)?;
    let before = if super::scenarios().is_empty() { None } else { Some(load_base_graph(data)?) };
    let before: &mesograph::TemporalGraph = before.as_deref().unwrap_or(&after);
    let (y1, y2) = (Scope::Year(args.y1), Scope::Year(args.y2));
    let filter = args.confidence.filter(&[]);
    let slice = |g: &TemporalGraph, scope| filter.apply(g, g.slice(scope)).slice;
    let changes = query::diff_slices((before, &slice(before, y1)), (&after, &slice(&after, y2)));
    let data = || {
        let projection = |year: Year| changes.horizon.is_some_and(|h| year > h).to_string();
        let mut context = vec![
            ("from year", changes.from.to_string()),
            ("from projection", projection(changes.from)),
            ("to year", changes.to.to_string()),
            ("to projection", projection(changes.to)),
        ];
        if !changes.scenarios.to.is_empty() {
            context.push(("scenarios", changes.scenarios.to.join(", ")));
        }
        Table::stack(diff_sections(&changes, before, &after)).with_context(context)
    };
    args.output.print(&changes, || diff_table(&changes, before, &after, args.notes), data)
}

/// The table of some links, one row each.
fn links_rows(links: &[LinkRef]) -> Table {
    let [label, kind] = kind_columns();
    let columns = [
        &[Column::both("from"), label.renamed("link"), kind][..],
        &[Column::both("to"), Column::data("link id")],
        &lifetime_columns("years"),
        &[Column::both("confidence"), Column::both("source")],
    ];
    let mut table = Table::new(columns.concat()).noted();
    for l in links {
        let row = [
            &[l.from.clone(), l.kind.label(), l.kind.as_str().into(), l.to.clone(), l.id.clone()][..],
            &lifetime_cells(l.start, l.end),
            &[l.confidence.as_str().into(), sources(&l.citations)],
        ];
        table.push(row.concat(), l.note.clone());
    }
    table
}

/// "3 stated, 1 proposed": how many of `links` have each confidence.
fn by_confidence(links: &[LinkRef]) -> String {
    let all = [Confidence::Stated, Confidence::Inferred, Confidence::Proposed];
    let counts: Vec<String> = all
        .into_iter()
        .map(|c| (c, links.iter().filter(|l| l.confidence == c).count()))
        .filter(|&(_, n)| n > 0)
        .map(|(c, n)| format!("{n} {}", c.as_str()))
        .collect();
    if counts.is_empty() { "none".into() } else { counts.join(", ") }
}

/// The text of a diff: its heading, then each section that has rows under its title, with each
/// record's note below it when `with_notes`.
fn diff_table(d: &Diff, before: &TemporalGraph, after: &TemporalGraph, with_notes: bool) -> String {
    let (a, l) = (&d.actors, &d.links);
    let scenarios_differ = d.scenarios.from != d.scenarios.to;
    let projection = |year: Year| match d.horizon {
        Some(h) if year > h => format!(" (projection beyond {h})"),
        _ => String::new(),
    };
    let side = |year: Year, scenarios: &[String]| match scenarios {
        [] if scenarios_differ => format!("{year}{} (no scenario)", projection(year)),
        _ => format!("{year}{}{}", projection(year), with_scenarios(scenarios)),
    };
    let mut out = format!(
        "from {} to {}: {} appeared, {} disappeared, {} renamed; {} appeared, {} disappeared; {} changed; {}\n",
        side(d.from, &d.scenarios.from),
        side(d.to, &d.scenarios.to),
        plural(a.appeared.len(), "actor", "actors"),
        a.disappeared.len(),
        a.renamed.len(),
        plural(l.appeared.len(), "link", "links"),
        l.disappeared.len(),
        plural(l.changed.len(), "pair of actors", "pairs of actors"),
        plural(d.milestones.len(), "new milestone", "new milestones"),
    );
    out.push_str(&format!(
        "links that appeared: {}; links that disappeared: {}\n",
        by_confidence(&l.appeared),
        by_confidence(&l.disappeared)
    ));
    for (title, table) in diff_sections(d, before, after) {
        if !table.is_empty() {
            out.push_str(&format!("\n{title} ({})\n", table.rows.len()));
            out.push_str(&render_table(&table, with_notes));
        }
    }
    out
}

/// The sections of a diff, each a table (empty when nothing changed so): actors that appeared
/// and disappeared, renamed, links that appeared and disappeared, pairs of actors whose links
/// changed, new milestones. `before` and `after` are the graphs of the two years, which hold
/// the actors' notes.
fn diff_sections(
    d: &Diff,
    before: &TemporalGraph,
    after: &TemporalGraph,
) -> Vec<(&'static str, Table)> {
    let (a, l) = (&d.actors, &d.links);
    let actor_note = |g: &TemporalGraph, id: &str| g.node(id).and_then(|n| g.actor(n).note.clone());
    let mut sections = vec![];
    for (title, list, g) in [
        ("actors that appeared", &a.appeared, after),
        ("actors that disappeared", &a.disappeared, before),
    ] {
        let columns = [
            &[Column::both("id"), Column::both("name")][..],
            &kind_columns(),
            &lifetime_columns("years"),
            &[Column::data("proposed")],
        ];
        let mut table = Table::new(columns.concat()).noted();
        for x in list {
            let proposed = a.proposed.contains(&x.id);
            let mut lifetime = lifetime_cells(x.start, x.end);
            if proposed {
                lifetime[0].push_str(" (proposed)");
            }
            let row = [
                &[x.id.clone(), x.name.clone(), x.kind.label(), x.kind.as_str().into()][..],
                &lifetime,
                &[proposed.to_string()],
            ];
            table.push(row.concat(), actor_note(g, &x.id));
        }
        sections.push((title, table));
    }
    let mut renamed =
        Table::new([Column::both("id"), Column::both("before"), Column::both("after")]);
    for r in &a.renamed {
        renamed.push(vec![r.id.clone(), r.before.clone(), r.after.clone()], None);
    }
    sections.push(("actors renamed", renamed));
    sections.push(("links that appeared", links_rows(&l.appeared)));
    sections.push(("links that disappeared", links_rows(&l.disappeared)));
    let kinds = |links: &[LinkRef]| {
        links
            .iter()
            .map(|k| format!("{} {} {}", k.from, k.kind.label(), k.to))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut changed = Table::new([
        Column::both("actors"),
        Column::text(format!("in {}", d.from)),
        Column::data("before"),
        Column::text(format!("in {}", d.to)),
        Column::data("after"),
    ])
    .noted();
    for c in &l.changed {
        let notes: Vec<String> = c
            .before
            .iter()
            .chain(&c.after)
            .filter_map(|k| {
                k.note.as_ref().map(|n| format!("{} {} {}: {n}", k.from, k.kind.label(), k.to))
            })
            .collect();
        let (was, is) = (kinds(&c.before), kinds(&c.after));
        changed.push(
            vec![format!("{} – {}", c.actors[0], c.actors[1]), was.clone(), was, is.clone(), is],
            (!notes.is_empty()).then(|| notes.join(" | ")),
        );
    }
    sections.push(("pairs of actors whose links changed", changed));
    let mut milestones = Table::new([
        Column::both("year"),
        Column::both("actor"),
        Column::both("milestone"),
        Column::both("figures"),
        Column::both("source"),
    ])
    .noted();
    for m in &d.milestones {
        let figures: Vec<String> = m.figures.iter().map(ToString::to_string).collect();
        milestones.push(
            vec![
                m.year.to_string(),
                m.actor.clone(),
                m.title.clone(),
                figures.join("; "),
                sources(&m.citations),
            ],
            m.note.clone(),
        );
    }
    sections.push(("new milestones", milestones));
    sections
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    years: YearArgs,
    /// One row per year of the data's span (or of --from/--to).
    #[arg(long, conflicts_with = "year")]
    all_years: bool,
    /// How many actors to list by degree and by betweenness (0 skips betweenness).
    #[arg(long, default_value_t = 5, value_name = "N")]
    top: usize,
    #[command(flatten)]
    filter: FilterArgs,
    /// Exact betweenness whatever the size of the slice (above 10000 actors it is sampled).
    #[arg(long)]
    exact: bool,
    #[command(flatten)]
    pub(super) output: FormatArgs,
}

pub fn stats(args: &StatsArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
    args.output.format()?;
    let graph = load_graph(data)?;
    let mut options = query::StatsOptions::top(args.top);
    if args.exact {
        options = options.exact();
    }
    let filter = args.filter.filter(&graph, ANALYSED)?;
    if args.all_years {
        let (from, to) = match (args.years.from, args.years.to, graph.span()) {
            (Some(from), Some(to), _) => (from, to),
            (from, to, Some((first, last))) => (from.unwrap_or(first), to.unwrap_or(last)),
            (_, _, None) => return Err(Error::NoYears),
        };
        // Refuses --from after the data's last year, say, with a usage error.
        Scope::window(from, to)?;
        let rows = query::stats_per_year_filtered(&graph, from, to, &options, &filter);
        let data = || {
            let mut context = scenario_context(&graph);
            context.push(("counted", counted(&filter)));
            years_rows(&graph, &rows).with_context(context)
        };
        return args.output.print(&rows, || years_table(&graph, &rows), data);
    }
    let s = query::stats_filtered(&graph, args.years.scope(&graph)?, &options, &filter);
    let data = || {
        let mut context = analysis_context(&graph, s.scope, &filter, &s.left_out);
        context.push((
            "betweenness sources",
            s.betweenness_sample.map(|k| k.to_string()).unwrap_or_default(),
        ));
        Table::stack(stats_sections(&s)).with_context(context)
    };
    args.output.print(&s, || stats_table(&graph, &s), data)
}

/// The sections of a slice's statistics: measures, actors and links by kind, the most
/// connected and the most central actors.
fn stats_sections(s: &Stats) -> Vec<(&'static str, Table)> {
    let mut measures =
        Table::new([Column::both("measure"), Column::text("value"), Column::data("value")]);
    for (measure, text, data) in [
        ("actors", s.actors.to_string(), s.actors.to_string()),
        ("links", s.links.to_string(), s.links.to_string()),
        ("connected pairs", s.pairs.to_string(), s.pairs.to_string()),
        ("density", format!("{:.4}", s.density), s.density.to_string()),
        ("components", s.components.to_string(), s.components.to_string()),
        (
            "largest component",
            plural(s.largest_component, "actor", "actors"),
            s.largest_component.to_string(),
        ),
        ("isolated actors", s.isolated.to_string(), s.isolated.to_string()),
    ] {
        measures.push(vec![measure.into(), text, data], None);
    }
    let by_kind = |what: &str, counts: Vec<(String, &'static str, usize)>| {
        let mut t = Table::new([kind_columns().as_slice(), &[Column::both(what)]].concat());
        for (label, id, n) in counts {
            t.push(vec![label, id.into(), n.to_string()], None);
        }
        t
    };
    let actor_kinds = s.actors_by_kind.iter().map(|(k, n)| (k.label(), k.as_str(), *n)).collect();
    let link_kinds = s.links_by_kind.iter().map(|(k, n)| (k.label(), k.as_str(), *n)).collect();
    let mut degree = Table::new(["rank", "id", "name", "neighbours", "links"].map(Column::both));
    for (i, d) in s.top_degree.iter().enumerate() {
        degree.push(
            vec![
                (i + 1).to_string(),
                d.id.clone(),
                d.name.clone(),
                d.degree.to_string(),
                d.links.to_string(),
            ],
            None,
        );
    }
    let mut central = Table::new([
        Column::both("rank"),
        Column::both("id"),
        Column::both("name"),
        Column::text("betweenness"),
        Column::data("betweenness"),
    ]);
    for (i, b) in s.top_betweenness.iter().enumerate() {
        central.push(
            vec![
                (i + 1).to_string(),
                b.id.clone(),
                b.name.clone(),
                format!("{:.4}", b.betweenness),
                b.betweenness.to_string(),
            ],
            None,
        );
    }
    vec![
        ("measures", measures),
        ("actors by kind", by_kind("actors", actor_kinds)),
        ("links by kind", by_kind("links", link_kinds)),
        ("most connected", degree),
        ("most central", central),
    ]
}

fn stats_table(graph: &TemporalGraph, s: &Stats) -> String {
    let title = match s.scope {
        Scope::All => "statistics of the whole history".to_string(),
        other => format!("statistics of {other}"),
    } + &caveats(graph, s.scope);
    let mut out = format!("{title}\n");
    out.push_str(&left_out_line(&s.left_out));
    for (section, table) in stats_sections(s) {
        let title = match section {
            "measures" => String::new(),
            "most connected" => "\nmost connected (distinct neighbours)\n".into(),
            "most central" => match s.betweenness_sample {
                Some(k) => format!(
                    "\nmost central (betweenness, estimated from {k} of {} actors as sources; \
                     --exact computes it exactly)\n",
                    s.actors
                ),
                None => "\nmost central (betweenness)\n".into(),
            },
            other => format!("\n{other}\n"),
        };
        out.push_str(&title);
        out.push_str(&render_table(&table, false));
    }
    out
}

/// One row per year: its counts, the most connected and most central actor, and how many
/// proposed links were left out; in text a projected year is marked `*`.
fn years_rows(graph: &TemporalGraph, rows: &[Stats]) -> Table {
    let projected = |s: &Stats| s.scope.naming_year().is_some_and(|y| graph.is_projection(y));
    let mut table = Table::new([
        Column::text("year"),
        Column::data("year"),
        Column::data("projection"),
        Column::both("actors"),
        Column::both("links"),
        Column::both("pairs"),
        Column::text("density"),
        Column::data("density"),
        Column::both("components"),
        Column::both("largest"),
        Column::both("isolated"),
        Column::text("most connected"),
        Column::data("most connected"),
        Column::data("most connected neighbours"),
        Column::text("most central"),
        Column::data("most central"),
        Column::data("most central betweenness"),
        Column::both("proposed left out"),
        Column::data("betweenness sources"),
    ]);
    for s in rows {
        let top = s.top_degree.first();
        let central = s.top_betweenness.first();
        table.push(
            vec![
                format!("{}{}", s.scope, if projected(s) { "*" } else { "" }),
                s.scope.to_string(),
                projected(s).to_string(),
                s.actors.to_string(),
                s.links.to_string(),
                s.pairs.to_string(),
                format!("{:.4}", s.density),
                s.density.to_string(),
                s.components.to_string(),
                s.largest_component.to_string(),
                s.isolated.to_string(),
                top.map(|d| format!("{} ({})", d.id, d.degree)).unwrap_or_default(),
                top.map(|d| d.id.clone()).unwrap_or_default(),
                top.map(|d| d.degree.to_string()).unwrap_or_default(),
                central.map(|b| format!("{} ({:.3})", b.id, b.betweenness)).unwrap_or_default(),
                central.map(|b| b.id.clone()).unwrap_or_default(),
                central.map(|b| b.betweenness.to_string()).unwrap_or_default(),
                s.left_out.proposed.to_string(),
                s.betweenness_sample.map(|k| k.to_string()).unwrap_or_default(),
            ],
            None,
        );
    }
    table
}

fn years_table(graph: &TemporalGraph, rows: &[Stats]) -> String {
    let projected = |s: &Stats| s.scope.naming_year().is_some_and(|y| graph.is_projection(y));
    let sampled: Vec<String> = rows
        .iter()
        .filter_map(|s| s.betweenness_sample.map(|k| format!("{} ({k} sources)", s.scope)))
        .collect();
    let mut head = String::new();
    if !graph.scenarios().is_empty() {
        head = format!("statistics per year{}\n", with_scenarios(graph.scenarios()));
    }
    let mut foot = String::new();
    if let Some(h) = graph.horizon().filter(|_| rows.iter().any(projected)) {
        foot = format!("* after {h}, the last year the sources observe: a projection\n");
    }
    head + &render_table(&years_rows(graph, rows), false)
        + &foot
        + &if sampled.is_empty() {
            String::new()
        } else {
            format!(
                "\nbetweenness estimated from sampled sources in {}; --exact computes it exactly\n",
                sampled.join(", ")
            )
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated graph measured with a threshold low enough to sample: the tables say so, with
    /// the number of sources.
    #[test]
    fn sampled_betweenness_is_said_with_its_sample_size() {
        let spec = mesograph::synth::Spec { actors: 300, links: 1500, seed: 2 };
        let graph = mesograph::TemporalGraph::new(
            mesograph::load::parse(&mesograph::synth::raw(&spec)).unwrap(),
        );
        let low = query::StatsOptions { top: 3, exact_up_to: 50, sample: 30 };
        let s = query::stats_with(&graph, Scope::Year(2020), &low);
        let text = stats_table(&graph, &s);
        let said = format!(
            "most central (betweenness, estimated from 30 of {} actors as sources; --exact",
            s.actors
        );
        assert!(text.contains(&said), "{text}");
        let exact = query::stats_with(&graph, Scope::Year(2020), &low.exact());
        assert!(stats_table(&graph, &exact).contains("\nmost central (betweenness)\n"));
        let rows = query::stats_per_year_with(&graph, 2019, 2020, &low);
        assert!(years_table(&graph, &rows).ends_with(
            "betweenness estimated from sampled sources in 2019 (30 sources), 2020 (30 sources); \
             --exact computes it exactly\n"
        ));
        assert!(
            !years_table(&graph, &query::stats_per_year_with(&graph, 2019, 2020, &low.exact()))
                .contains("estimated")
        );
    }
}
