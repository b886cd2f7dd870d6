//! `mesograph neighbours`, `path`, `history`, `diff` and `stats`: the questions of
//! `mesograph::query`, printed as tables for people or as JSON for programs.

use super::actors::ListFormat;
use super::filter::{ConfidenceArgs, FilterArgs};
use super::{
    YearArgs, caveats, load_base_graph, load_graph, print_json, print_text, table, with_scenarios,
    year_value,
};
use clap::Args;
use mesograph::model::{Confidence, Lifetime, LinkKind};
use mesograph::query::{
    self, Cite, Diff, Direction, EventKind, History, LinkRef, NeighbourQuery, Neighbours,
    PathQuery, Paths, Route, RouteQuery, Stats, Step,
};
use mesograph::{Error, Scope, TemporalGraph, Year};
use std::path::Path;

pub const NEIGHBOURS_HELP: &str = "\
Examples:
  mesograph neighbours GENCI --year 2014
  mesograph neighbours cnrs --year 2010 --kind member_of --direction out
  mesograph neighbours \"Equip@Meso\" --from 2010 --to 2017 --depth 2
  mesograph neighbours genci --year 2014 --format json | jq '.neighbours[].actor.id'

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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn neighbours(args: &NeighboursArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
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
    match args.format {
        ListFormat::Json => print_json(&answer),
        ListFormat::Table => print_text(&neighbours_table(&graph, &answer, args.notes)),
    }
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
    let deep = n.depth > 1;
    let mut rows = vec![];
    let mut notes = vec![];
    for nb in &n.neighbours {
        for (i, l) in nb.links.iter().enumerate() {
            notes.push(l.link.note.clone().filter(|_| with_notes));
            let first = i == 0;
            let nearer = if l.direction == Direction::Out { &l.link.from } else { &l.link.to };
            let mut row = vec![];
            if deep {
                row.push(if first { nb.distance.to_string() } else { String::new() });
                row.push(nearer.clone());
            }
            row.extend([
                if first { nb.actor.id.clone() } else { String::new() },
                if first { nb.actor.name.clone() } else { String::new() },
                if first { nb.actor.kind.label() } else { String::new() },
                arrow(&l.link, nearer),
                years(l.link.start, l.link.end),
                l.link.confidence.as_str().into(),
                sources(&l.link.citations),
            ]);
            rows.push(row);
        }
    }
    let mut headers = vec![];
    if deep {
        headers.extend(["distance", "via"]);
    }
    headers.extend(["neighbour", "name", "kind", "link", "years", "confidence", "source"]);
    head + &table::render_noted(&headers, &rows, &notes)
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn path(args: &PathArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
    let graph = load_graph(data)?;
    let (a, b) = (graph.find(&args.a)?, graph.find(&args.b)?);
    if args.over_time {
        let q = RouteQuery {
            since: args.years.from,
            until: args.years.to,
            directed: args.directed,
            filter: args.confidence.filter(ANALYSED),
        };
        let route = query::earliest_route(&graph, a, b, &q);
        return match args.format {
            ListFormat::Json => print_json(&route),
            ListFormat::Table => print_text(&route_table(&graph, &route, args.notes)),
        };
    }
    let q = PathQuery {
        scope: args.years.scope(&graph)?,
        directed: args.directed,
        limit: args.limit,
        filter: args.confidence.filter(ANALYSED),
    };
    let paths = query::shortest_paths(&graph, a, b, &q);
    match args.format {
        ListFormat::Json => print_json(&paths),
        ListFormat::Table => print_text(&paths_table(&graph, &paths, args.notes)),
    }
}

/// The rows of some steps: one per link, the step's number and actors on its first link only;
/// and each link's note.
fn step_rows(steps: &[Step], with_year: bool) -> (Vec<Vec<String>>, Vec<Option<String>>) {
    let mut rows = vec![];
    let notes = steps.iter().flat_map(|s| &s.links).map(|l| l.note.clone()).collect();
    for (i, step) in steps.iter().enumerate() {
        for (j, link) in step.links.iter().enumerate() {
            let first = j == 0;
            let mut row = vec![if first { (i + 1).to_string() } else { String::new() }];
            if with_year {
                row.push(if first {
                    step.year.map(|y| y.to_string()).unwrap_or_default()
                } else {
                    String::new()
                });
            }
            row.extend([
                if first { step.from.name.clone() } else { String::new() },
                arrow(link, &step.from.id),
                if first { step.to.name.clone() } else { String::new() },
                years(link.start, link.end),
                link.confidence.as_str().into(),
                sources(&link.citations),
            ]);
            rows.push(row);
        }
    }
    (rows, notes)
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
            let (rows, notes) = step_rows(&path.steps, false);
            out.push_str(&table::render_noted(
                &["step", "from", "link", "to", "years", "confidence", "source"],
                &rows,
                if with_notes { &notes } else { &[] },
            ));
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
    let (rows, notes) = step_rows(&r.steps, true);
    out.push_str(&table::render_noted(
        &["step", "year", "from", "link", "to", "link years", "confidence", "source"],
        &rows,
        if with_notes { &notes } else { &[] },
    ));
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn history(args: &HistoryArgs, data: Option<&Path>) -> Result<(), Error> {
    let graph = load_graph(data)?;
    let actor = graph.find(&args.actor)?;
    let mut story = query::history(&graph, actor);
    story.keep_confidence(&args.confidence.filter(&[]));
    match args.format {
        ListFormat::Json => print_json(&story),
        ListFormat::Table => {
            let note = graph.actor(actor).note.as_deref().filter(|_| args.notes);
            print_text(&history_table(&graph, &story, args.notes, note))
        }
    }
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
    let rows: Vec<Vec<String>> = h
        .events
        .iter()
        .map(|e| {
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
            vec![e.year.to_string(), event.into(), what, confidence.into(), sources(&e.citations)]
        })
        .collect();
    let notes: Vec<Option<String>> = h
        .events
        .iter()
        .map(|e| match (&e.link, &e.milestone) {
            (Some(l), _) => l.note.clone(),
            (None, Some(m)) => m.note.clone(),
            _ => None,
        })
        .filter(|_| with_notes)
        .collect();
    out + &table::render_noted(&["year", "event", "what", "confidence", "source"], &rows, &notes)
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn diff(args: &DiffArgs, data: Option<&Path>) -> Result<(), Error> {
    // The first year is read as the sources tell it, the second with the scenarios on.
    let after = load_graph(data)?;
    let before = if super::scenarios().is_empty() { None } else { Some(load_base_graph(data)?) };
    let before: &mesograph::TemporalGraph = before.as_deref().unwrap_or(&after);
    let (y1, y2) = (Scope::Year(args.y1), Scope::Year(args.y2));
    let filter = args.confidence.filter(&[]);
    let slice = |g: &TemporalGraph, scope| filter.apply(g, g.slice(scope)).slice;
    let changes = query::diff_slices((before, &slice(before, y1)), (&after, &slice(&after, y2)));
    match args.format {
        ListFormat::Json => print_json(&changes),
        ListFormat::Table => {
            let notes = args.notes.then_some((before, &*after));
            print_text(&diff_table(&changes, notes))
        }
    }
}

fn link_rows(links: &[LinkRef]) -> Vec<Vec<String>> {
    links
        .iter()
        .map(|l| {
            vec![
                l.from.clone(),
                l.kind.label(),
                l.to.clone(),
                years(l.start, l.end),
                l.confidence.as_str().into(),
                sources(&l.citations),
            ]
        })
        .collect()
}

/// The notes of some links, for `--notes`.
fn link_notes(links: &[LinkRef]) -> Vec<Option<String>> {
    links.iter().map(|l| l.note.clone()).collect()
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

/// `notes`: the graphs of the two years, whose records' notes `--notes` prints.
fn diff_table(d: &Diff, notes: Option<(&TemporalGraph, &TemporalGraph)>) -> String {
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
    let link_headers = ["from", "link", "to", "years", "confidence", "source"];
    let actor_note = |g: &TemporalGraph, id: &str| g.node(id).and_then(|n| g.actor(n).note.clone());
    for (title, list, g) in [
        ("actors that appeared", &a.appeared, notes.map(|(_, g)| g)),
        ("actors that disappeared", &a.disappeared, notes.map(|(g, _)| g)),
    ] {
        if !list.is_empty() {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|x| {
                    let proposed = a.proposed.contains(&x.id);
                    let years = years(x.start, x.end);
                    let years = if proposed { format!("{years} (proposed)") } else { years };
                    vec![x.id.clone(), x.name.clone(), x.kind.label(), years]
                })
                .collect();
            let notes: Vec<Option<String>> =
                list.iter().map(|x| g.and_then(|g| actor_note(g, &x.id))).collect();
            out.push_str(&format!("\n{title} ({})\n", list.len()));
            out.push_str(&table::render_noted(&["id", "name", "kind", "years"], &rows, &notes));
        }
    }
    if !a.renamed.is_empty() {
        let rows: Vec<Vec<String>> = a
            .renamed
            .iter()
            .map(|r| vec![r.id.clone(), r.before.clone(), r.after.clone()])
            .collect();
        out.push_str(&format!("\nactors renamed ({})\n", rows.len()));
        out.push_str(&table::render(&["id", "before", "after"], &rows));
    }
    for (title, list) in
        [("links that appeared", &l.appeared), ("links that disappeared", &l.disappeared)]
    {
        if !list.is_empty() {
            let notes = if notes.is_some() { link_notes(list) } else { vec![] };
            out.push_str(&format!("\n{title} ({})\n", list.len()));
            out.push_str(&table::render_noted(&link_headers, &link_rows(list), &notes));
        }
    }
    if !l.changed.is_empty() {
        let kinds = |links: &[LinkRef]| {
            links
                .iter()
                .map(|k| format!("{} {} {}", k.from, k.kind.label(), k.to))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let rows: Vec<Vec<String>> = l
            .changed
            .iter()
            .map(|c| {
                vec![
                    format!("{} – {}", c.actors[0], c.actors[1]),
                    kinds(&c.before),
                    kinds(&c.after),
                ]
            })
            .collect();
        let pair_notes: Vec<Option<String>> = l
            .changed
            .iter()
            .map(|c| {
                let all: Vec<String> = c
                    .before
                    .iter()
                    .chain(&c.after)
                    .filter_map(|k| {
                        k.note
                            .as_ref()
                            .map(|n| format!("{} {} {}: {n}", k.from, k.kind.label(), k.to))
                    })
                    .collect();
                (notes.is_some() && !all.is_empty()).then(|| all.join(" | "))
            })
            .collect();
        out.push_str(&format!("\npairs of actors whose links changed ({})\n", rows.len()));
        out.push_str(&table::render_noted(
            &["actors", format!("in {}", d.from).as_str(), format!("in {}", d.to).as_str()],
            &rows,
            &pair_notes,
        ));
    }
    if !d.milestones.is_empty() {
        out.push_str(&format!("\nnew milestones ({})\n", d.milestones.len()));
        let rows: Vec<Vec<String>> = d
            .milestones
            .iter()
            .map(|m| {
                let figures: Vec<String> = m.figures.iter().map(ToString::to_string).collect();
                vec![
                    m.year.to_string(),
                    m.actor.clone(),
                    m.title.clone(),
                    figures.join("; "),
                    sources(&m.citations),
                ]
            })
            .collect();
        let notes: Vec<Option<String>> =
            d.milestones.iter().map(|m| m.note.clone().filter(|_| notes.is_some())).collect();
        out.push_str(&table::render_noted(
            &["year", "actor", "milestone", "figures", "source"],
            &rows,
            &notes,
        ));
    }
    out
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
}

pub fn stats(args: &StatsArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
    let graph = load_graph(data)?;
    let mut options = query::StatsOptions::top(args.top);
    if args.exact {
        options = options.exact();
    }
    if args.all_years {
        let (from, to) = match (args.years.from, args.years.to, graph.span()) {
            (Some(from), Some(to), _) => (from, to),
            (from, to, Some((first, last))) => (from.unwrap_or(first), to.unwrap_or(last)),
            (_, _, None) => return Err(Error::NoYears),
        };
        // Refuses --from after the data's last year, say, with a usage error.
        Scope::window(from, to)?;
        let filter = args.filter.filter(&graph, ANALYSED)?;
        let rows = query::stats_per_year_filtered(&graph, from, to, &options, &filter);
        return match args.format {
            ListFormat::Json => print_json(&rows),
            ListFormat::Table => print_text(&years_table(&graph, &rows)),
        };
    }
    let filter = args.filter.filter(&graph, ANALYSED)?;
    let s = query::stats_filtered(&graph, args.years.scope(&graph)?, &options, &filter);
    match args.format {
        ListFormat::Json => print_json(&s),
        ListFormat::Table => print_text(&stats_table(&graph, &s)),
    }
}

fn stats_table(graph: &TemporalGraph, s: &Stats) -> String {
    let title = match s.scope {
        Scope::All => "statistics of the whole history".to_string(),
        other => format!("statistics of {other}"),
    } + &caveats(graph, s.scope);
    let summary = vec![
        vec!["actors".into(), s.actors.to_string()],
        vec!["links".into(), s.links.to_string()],
        vec!["connected pairs".into(), s.pairs.to_string()],
        vec!["density".into(), format!("{:.4}", s.density)],
        vec!["components".into(), s.components.to_string()],
        vec!["largest component".into(), plural(s.largest_component, "actor", "actors")],
        vec!["isolated actors".into(), s.isolated.to_string()],
    ];
    let mut out = format!("{title}\n");
    out.push_str(&left_out_line(&s.left_out));
    out.push_str(&table::render(&["measure", "value"], &summary));
    let kinds: Vec<Vec<String>> =
        s.actors_by_kind.iter().map(|(k, n)| vec![k.label(), n.to_string()]).collect();
    out.push_str("\nactors by kind\n");
    out.push_str(&table::render(&["kind", "actors"], &kinds));
    let kinds: Vec<Vec<String>> =
        s.links_by_kind.iter().map(|(k, n)| vec![k.label(), n.to_string()]).collect();
    out.push_str("\nlinks by kind\n");
    out.push_str(&table::render(&["kind", "links"], &kinds));
    let rows: Vec<Vec<String>> = s
        .top_degree
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                (i + 1).to_string(),
                d.id.clone(),
                d.name.clone(),
                d.degree.to_string(),
                d.links.to_string(),
            ]
        })
        .collect();
    out.push_str("\nmost connected (distinct neighbours)\n");
    out.push_str(&table::render(&["rank", "id", "name", "neighbours", "links"], &rows));
    let rows: Vec<Vec<String>> = s
        .top_betweenness
        .iter()
        .enumerate()
        .map(|(i, b)| {
            vec![(i + 1).to_string(), b.id.clone(), b.name.clone(), format!("{:.4}", b.betweenness)]
        })
        .collect();
    match s.betweenness_sample {
        Some(k) => out.push_str(&format!(
            "\nmost central (betweenness, estimated from {k} of {} actors as sources; --exact \
             computes it exactly)\n",
            s.actors
        )),
        None => out.push_str("\nmost central (betweenness)\n"),
    }
    out.push_str(&table::render(&["rank", "id", "name", "betweenness"], &rows));
    out
}

fn years_table(graph: &TemporalGraph, rows: &[Stats]) -> String {
    let projected = |s: &Stats| s.scope.naming_year().is_some_and(|y| graph.is_projection(y));
    let sampled: Vec<String> = rows
        .iter()
        .filter_map(|s| s.betweenness_sample.map(|k| format!("{} ({k} sources)", s.scope)))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|s| {
            vec![
                format!("{}{}", s.scope, if projected(s) { "*" } else { "" }),
                s.actors.to_string(),
                s.links.to_string(),
                s.pairs.to_string(),
                format!("{:.4}", s.density),
                s.components.to_string(),
                s.largest_component.to_string(),
                s.isolated.to_string(),
                s.top_degree
                    .first()
                    .map(|d| format!("{} ({})", d.id, d.degree))
                    .unwrap_or_default(),
                s.top_betweenness
                    .first()
                    .map(|b| format!("{} ({:.3})", b.id, b.betweenness))
                    .unwrap_or_default(),
                s.left_out.proposed.to_string(),
            ]
        })
        .collect();
    let mut head = String::new();
    if !graph.scenarios().is_empty() {
        head = format!("statistics per year{}\n", with_scenarios(graph.scenarios()));
    }
    let mut foot = String::new();
    if let Some(h) = graph.horizon().filter(|_| rows.iter().any(projected)) {
        foot = format!("* after {h}, the last year the sources observe: a projection\n");
    }
    head + &table::render(
        &[
            "year",
            "actors",
            "links",
            "pairs",
            "density",
            "components",
            "largest",
            "isolated",
            "most connected",
            "most central",
            "proposed left out",
        ],
        &cells,
    ) + &foot
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
