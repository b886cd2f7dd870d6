//! `mesograph diff`: what changed between two years, as tables or JSON.

use super::filter::ConfidenceArgs;
use super::shared::{plural, sources};
use super::table::{FormatArgs, kind_columns, lifetime_cells, lifetime_columns, render_table};
use super::{Data, Request, Years, with_scenarios, year_value};
use clap::Args;
use mesograph::model::Confidence;
use mesograph::query::{self, Diff, LinkRef};
use mesograph::table::{Column, Table};
use mesograph::{Error, Scope, TemporalGraph, Year};

pub const AFTER_HELP: &str = "\
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

pub fn run(args: &DiffArgs, data: &Data) -> Result<(), Error> {
    let request = Request::new(data, Years::All, args.output.listing()?);
    // The first year is read as the sources tell it, the second with the scenarios on.
    let after = request.load()?;
    let before = if request.has_scenarios() { Some(request.load_base()?) } else { None };
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
    request.output().print(&changes, || diff_table(&changes, before, &after, args.notes), data)
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
