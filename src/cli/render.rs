//! `mesograph render`: pictures of a year, a window, the whole history, or every year, drawn by
//! Graphviz with the actors pinned where the layout of the whole history put them.

use super::export::file_stem;
use super::{YearArgs, load_graph, report};
use clap::Args;
use mesograph::output::{child_path, write_atomic, write_stdout};
use mesograph::render::{ImageFormat, layout, render_all};
use mesograph::{Error, Scope};
use std::path::{Path, PathBuf};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph render --year 2012 -o 2012.png
  mesograph render --year 2012 --format svg > 2012.svg
  mesograph render --all-years --format png --out pictures/
  mesograph render --all-years --from 2007 --to 2017 --out pictures/
  mesograph render -o history.svg                    the whole history, with years

Needs Graphviz (Debian package graphviz). The whole history is laid out once, so every actor
keeps its place from one year's picture to the next. Files are written whole or not at all;
with --all-years, nothing is written unless every year could be drawn. Without --format, -o FILE
picks the format from its extension, otherwise SVG.";

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    years: YearArgs,
    /// One picture per year of the data's span (or of --from/--to) into --out.
    #[arg(long, requires = "out", conflicts_with_all = ["year", "output"])]
    all_years: bool,
    /// Picture format: svg or png.
    #[arg(long, short = 'f', value_parser = format_value)]
    format: Option<ImageFormat>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this folder (created if missing), one file per scope: 2012.png, all.svg.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn format_value(s: &str) -> Result<ImageFormat, String> {
    s.parse::<ImageFormat>().map_err(|e| e.to_string())
}

pub fn run(args: &RenderArgs, data: Option<&Path>) -> Result<(), Error> {
    args.years.precheck()?;
    let format = args.format.unwrap_or_else(|| {
        args.output
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok())
            .unwrap_or(ImageFormat::Svg)
    });
    let graph = load_graph(data)?;
    let scope = args.years.scope(&graph)?;
    let pins = layout(&graph)?;

    let scopes: Vec<Scope> = if args.all_years {
        let (from, to) = match scope.bounds() {
            Some(bounds) => bounds,
            None => graph.span().ok_or(Error::NoYears)?,
        };
        (from..=to).map(Scope::Year).collect()
    } else {
        vec![scope]
    };
    // Draw everything before writing anything: a failure half-way leaves no partial set.
    let pictures = render_all(&graph, &pins, &scopes, format)?;

    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
        for (scope, bytes) in scopes.iter().zip(&pictures) {
            let name = format!("{}.{format}", file_stem(*scope));
            write_atomic(&child_path(dir, &name)?, bytes)?;
        }
        if args.all_years {
            report(&format!("wrote {} pictures into {}", pictures.len(), dir.display()));
        }
        return Ok(());
    }
    let bytes = pictures.into_iter().next().unwrap_or_default();
    match &args.output {
        Some(path) => write_atomic(path, &bytes),
        None => write_stdout(&bytes).map(|_| ()),
    }
}
