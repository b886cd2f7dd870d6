//! `mesograph stats`: the measures of a year or of every year, as tables or JSON.

use super::filter::FilterArgs;
use super::shared::{ANALYSED, analysis_context, counted, left_out_line, plural};
use super::table::{FormatArgs, kind_columns, render_table, scenario_context};
use super::{Data, Request, YearArgs, Years, caveats, with_scenarios};
use clap::Args;
use mesograph::query::{self, Stats};
use mesograph::table::{Column, Table};
use mesograph::{Error, Scope, TemporalGraph};

pub const AFTER_HELP: &str = "\
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

pub fn run(args: &StatsArgs, data: &Data) -> Result<(), Error> {
    let years = Years::try_from(&args.years)?;
    let request = Request::new(data, years, args.output.listing()?);
    let graph = request.load()?;
    let mut options = query::StatsOptions::top(args.top);
    if args.exact {
        options = options.exact();
    }
    let filter = args.filter.filter(&graph, ANALYSED)?;
    if args.all_years {
        let (from, to) = match (request.years().window_ends(), graph.span()) {
            ((Some(from), Some(to)), _) => (from, to),
            ((from, to), Some((first, last))) => (from.unwrap_or(first), to.unwrap_or(last)),
            (_, None) => return Err(Error::NoYears),
        };
        // Refuses --from after the data's last year, say, with a usage error.
        Scope::window(from, to)?;
        let rows = query::stats_per_year_filtered(&graph, from, to, &options, &filter);
        let data = || {
            let mut context = scenario_context(&graph);
            context.push(("counted", counted(&filter)));
            years_rows(&graph, &rows).with_context(context)
        };
        return request.output().print(&rows, || years_table(&graph, &rows), data);
    }
    let s = query::stats_filtered(&graph, graph.scope()?, &options, &filter);
    let data = || {
        let mut context = analysis_context(&graph, s.scope, &filter, &s.left_out);
        context.push((
            "betweenness sources",
            s.betweenness_sample.map(|k| k.to_string()).unwrap_or_default(),
        ));
        Table::stack(stats_sections(&s)).with_context(context)
    };
    request.output().print(&s, || stats_table(&graph, &s), data)
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
            mesograph::open::parse(&mesograph::synth::raw(&spec)).unwrap(),
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
