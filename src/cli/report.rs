//! `mesograph report`: the dataset's story year by year, as one HTML page or a Markdown file
//! with its pictures.

use super::{Data, Request, year_value};
use clap::Args;
use mesograph::Error;
use mesograph::output::{write_atomic, write_files, write_stdout};
use mesograph::report::{Report, ReportFormat, Years};
use std::path::{Path, PathBuf};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph report -o report.html
  mesograph report --from 2010 --to 2014 -o report.html
  mesograph report --format md --out report/        report.md and one SVG per picture
  mesograph report --data my-dataset/ -o my-report.html

A title page (title, sources, years, how to read confidence and projections), one section per
year with its picture, the actors present (new ones marked), what began and what ended, the
milestones and numbered notes to the sources; then charts across the years. Years before
--from share one section \"Before FROM\". By default --to is the dataset's horizon (else its
last year) and --from its first year, at most 11 years back (2007-2017 for the built-in).

The HTML page is self-contained (no network, no script) and prints one year per page. Needs
Graphviz (Debian package graphviz) for the pictures. Files are written whole or not at all.";

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First year with a section of its own; earlier years share one section "Before FROM".
    #[arg(long, value_parser = year_value)]
    from: Option<mesograph::Year>,
    /// Last year with a section of its own.
    #[arg(long, value_parser = year_value)]
    to: Option<mesograph::Year>,
    /// html (one self-contained page) or md (report.md and its pictures, into --out).
    #[arg(long, short = 'f', value_parser = format_value)]
    format: Option<ReportFormat>,
    /// Write the HTML page to this file (.html) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this folder (created if missing): report.html, or report.md and its SVGs.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn format_value(s: &str) -> Result<ReportFormat, String> {
    s.parse::<ReportFormat>().map_err(|e| e.to_string())
}

pub fn run(args: &ReportArgs, data: &Data) -> Result<(), Error> {
    let from_path = args.output.as_deref().map(ReportFormat::from_path).transpose()?;
    let format = args.format.or(from_path).unwrap_or(ReportFormat::Html);
    if format == ReportFormat::Markdown && args.out.is_none() {
        return Err(Error::Request(
            "a Markdown report is a folder of files: give it with --out DIR".into(),
        ));
    }
    if from_path.is_some_and(|f| f != format) {
        return Err(Error::Request(format!(
            "-o {} does not hold a {format} report",
            args.output.as_deref().unwrap_or(Path::new("")).display()
        )));
    }
    // Checked as every command's years are; the report chooses its sections in the data's,
    // and tells every year's story before them.
    let request = Request::new(data, super::Years::new(None, args.from, args.to)?, format);
    let graph = request.load_whole()?;
    let (from, to) = request.years().window_ends();
    let years = Years::choose(&graph, from, to)?;
    let report = Report::build(&graph, years)?;
    match (request.output(), &args.out, &args.output) {
        (ReportFormat::Markdown, Some(dir), _) => {
            write_files(dir, report.markdown().into_iter().map(Ok)).map(|_| ())
        }
        (ReportFormat::Html, Some(dir), _) => {
            write_files(dir, [Ok(("report.html".to_string(), report.html().into_bytes()))])
                .map(|_| ())
        }
        (_, None, Some(path)) => write_atomic(path, report.html().as_bytes()),
        (_, None, None) => write_stdout(report.html().as_bytes()).map(|_| ()),
    }
}
