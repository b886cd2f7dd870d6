//! `mesograph atlas`: the interactive atlas, one self-contained HTML file.

use super::filter::FilterArgs;
use super::{Data, Request, Years, year_value};
use clap::Args;
use mesograph::Error;
use mesograph::atlas::AtlasOptions;
use mesograph::output::{known_extension, write_atomic, write_stdout};
use std::path::PathBuf;

pub const AFTER_HELP: &str = "\
Examples:
  mesograph atlas -o atlas.html
  mesograph atlas --year 2012 -o atlas-2012.html
  mesograph atlas --without-actor-kind person --confidence stated,inferred -o atlas.html
  mesograph atlas --data my-dataset/ -o my-atlas.html

The page works offline in any current browser: no network, no external scripts, styles or
fonts. It shows the whole history with a year slider and a play button, search by any name,
filters by kind, and the milestones, figures and sources of every actor and link. It opens on
the last year the sources observe (or --year), fitted to what is drawn that year; the years
after it (the dataset's horizon) are shaded and marked \"projection\".

The filters leave out of the page what they leave out of an export of the whole history;
--hide-isolated also starts the page with \"Hide actors without links\" checked, which hides
the actors without a link in the year shown.

The page's address keeps the view after '#' (year, selected actor or link, filters), e.g.
atlas.html#year=2012&actor=genci: such an address opens that view, and the browser's back
button steps through the views. \"Save SVG\" and \"Save PNG\" download the view as a picture.";

#[derive(Debug, Args)]
pub struct AtlasArgs {
    /// Write to this file (.html or .htm) instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Open on this year (default: the last year the sources observe).
    #[arg(long, value_parser = year_value)]
    year: Option<mesograph::Year>,
    #[command(flatten)]
    filter: FilterArgs,
}

pub fn run(args: &AtlasArgs, data: &Data) -> Result<(), Error> {
    if let Some(path) = &args.output {
        known_extension(path, &["html", "htm"])?;
    }
    // The page holds the whole history; --year is the year it opens on.
    let request = Request::new(data, Years::All, args.output.as_deref());
    let graph = request.load()?;
    if let (Some(year), Some((first, last))) = (args.year, graph.span())
        && !(first..=last).contains(&year)
    {
        return Err(Error::Request(format!(
            "--year {year} is outside the dataset's years {first}–{last}"
        )));
    }
    let html = mesograph::atlas::atlas(
        &graph,
        &AtlasOptions { year: args.year, filter: args.filter.filter(&graph, &[])? },
    )?;
    match request.output() {
        Some(path) => write_atomic(path, html.as_bytes()),
        None => write_stdout(html.as_bytes()).map(|_| ()),
    }
}
