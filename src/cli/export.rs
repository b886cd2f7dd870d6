//! `mesograph export`: one slice to standard output or a file, or every year into a folder.

use super::{YearArgs, load_graph, report};
use clap::Args;
use mesograph::output::{write_atomic, write_files};
use mesograph::{Error, Format, Scope, export};
use std::path::{Path, PathBuf};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph export --year 2010                       DOT of 2010 on standard output
  mesograph export --year 2010 --format json -o 2010.json
  mesograph export --from 2008 --to 2012 --format json
  mesograph export                                   the whole history, with intervals
  mesograph export --all-years --format dot --format json --out out/
  mesograph export --all-years --from 2007 --to 2017 --out out/

Files are written whole or not at all. With --out, each file is named after its scope:
2010.dot, 2008-2012.json, all.dot. Without --format, -o FILE picks the format from its
extension, otherwise DOT.";

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    years: YearArgs,
    /// One file per year of the data's span (or of --from/--to) into --out.
    #[arg(long, requires = "out", conflicts_with_all = ["year", "output"])]
    all_years: bool,
    /// Output format; repeat to write several formats in one run (needs --out).
    #[arg(long = "format", short = 'f', value_parser = format_value)]
    formats: Vec<Format>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this folder (created if missing), one file per scope and format.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn format_value(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

/// The file name of a scope's export: `2010`, `2008-2012` or `all`, then the extension.
pub fn file_stem(scope: Scope) -> String {
    match scope {
        Scope::All => "all".into(),
        Scope::Year(y) => y.to_string(),
        Scope::Window { from, to } => format!("{from}-{to}"),
    }
}

fn formats(args: &ExportArgs) -> Result<Vec<Format>, Error> {
    let mut formats = args.formats.clone();
    if formats.is_empty() {
        let from_extension = args
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse::<Format>().ok());
        formats.push(from_extension.unwrap_or(Format::Dot));
    }
    formats.sort();
    formats.dedup();
    if formats.len() > 1 && args.out.is_none() {
        return Err(Error::Request(
            "several --format values need --out DIR (one file each)".into(),
        ));
    }
    Ok(formats)
}

pub fn run(args: &ExportArgs, data: Option<&Path>) -> Result<(), Error> {
    let formats = formats(args)?;
    args.years.precheck()?;
    let graph = load_graph(data)?;
    let scope = args.years.scope(&graph)?;

    if args.all_years {
        let dir = args.out.as_deref().unwrap_or(Path::new("."));
        let (from, to) = match scope.bounds() {
            Some(bounds) => bounds,
            None => {
                graph.span().ok_or_else(|| Error::Request("the dataset mentions no year".into()))?
            }
        };
        // Written as one set: a failure midway leaves the folder as it was.
        let files = (from..=to).flat_map(|year| formats.iter().map(move |&f| (year, f)));
        let written = write_files(
            dir,
            files.map(|(year, format)| {
                let bytes = export(&graph, &graph.slice(Scope::Year(year)), format)?;
                Ok((format!("{year}.{}", format.exporter().extension()), bytes))
            }),
        )?;
        report(&format!("wrote {written} files for {from}–{to} into {}", dir.display()));
        return Ok(());
    }

    let slice = graph.slice(scope);
    if let Some(dir) = &args.out {
        let files = formats.iter().map(|&format| {
            let bytes = export(&graph, &slice, format)?;
            Ok((format!("{}.{}", file_stem(scope), format.exporter().extension()), bytes))
        });
        return write_files(dir, files).map(|_| ());
    }
    let bytes = export(&graph, &slice, formats[0])?;
    match &args.output {
        Some(path) => write_atomic(path, &bytes),
        None => mesograph::output::write_stdout(&bytes).map(|_| ()),
    }
}
