//! `mesograph path`: how two actors are connected, in a year or over time, as a table or JSON.

use super::filter::ConfidenceArgs;
use super::shared::{ANALYSED, analysis_context, arrow, in_scope, left_out_line, plural, sources};
use super::table::{FormatArgs, lifetime_cells, lifetime_columns, render_table};
use super::{Data, Request, YearArgs, Years, caveats};
use clap::Args;
use mesograph::query::{self, PathQuery, Paths, Route, RouteQuery, Step};
use mesograph::table::{Column, Table};
use mesograph::{Error, Scope, TemporalGraph};

pub const AFTER_HELP: &str = "\
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

pub fn run(args: &PathArgs, data: &Data) -> Result<(), Error> {
    let years = Years::try_from(&args.years)?;
    let request = Request::new(data, years, args.output.listing()?);
    // Two actors not connected in the scope are told the nearest year they are, outside it.
    let graph = request.load_whole()?;
    let (a, b) = (graph.find(&args.a)?, graph.find(&args.b)?);
    let scope = graph.scope()?;
    if args.over_time {
        let (since, until) = request.years().window_ends();
        let q = RouteQuery {
            since,
            until,
            directed: args.directed,
            filter: args.confidence.filter(ANALYSED),
        };
        let route = query::earliest_route(&graph, a, b, &q);
        let data = || {
            let context = analysis_context(&graph, scope, &q.filter, &route.left_out);
            steps_table(&route.steps, true).with_context(context)
        };
        return request.output().print(&route, || route_table(&graph, &route, args.notes), data);
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
    request.output().print(&paths, || paths_table(&graph, &paths, args.notes), data)
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
