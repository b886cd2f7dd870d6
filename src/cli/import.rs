//! `mesograph import`: a dataset folder from another tool's files, checked before anything is
//! written.

use super::report;
use clap::Args;
use mesograph::Error;
use mesograph::import::{ImportFormat, Options, import, read_input};
use std::path::PathBuf;

pub const AFTER_HELP: &str = "\
Examples:
  mesograph import --from spreadsheet elements.csv connections.csv --cite https://example.org/annual-report --out my-dataset/
  mesograph import --from json all.json --out my-dataset/
  mesograph import --from csv all.nodes.csv all.edges.csv all.graph.csv --out my-dataset/
  mesograph import --from gexf network.gexf --cite \"Survey of 2024\" --out my-dataset/

Formats: csv (mesograph's CSV export: STEM.nodes.csv, STEM.edges.csv, STEM.graph.csv), json
(node-link JSON: mesograph's export, networkx's node_link_data), cytoscape (.cyjs), graphml,
gexf (mesograph's exports, and Gephi's, yEd's, networkx's files as far as they carry names,
kinds and years), spreadsheet (an elements sheet with Label, Type, Description, Start, End or
Gephi's Id, Label; a connections sheet with Kumu's From, To, Type or Gephi's Source, Target;
headers in any case; saved as CSV with , or ; or tabs).

Every problem of the input is reported at its file, line and column, as check reports them,
and then nothing is written. The folder is written whole or not at all; a folder that already
holds a dataset is refused unless --force. See docs/import.md.";

/// `import --from FORMAT FILE... --out DIR`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of the files: csv, json, cytoscape, graphml, gexf or spreadsheet.
    #[arg(long = "from", value_name = "FORMAT")]
    format: ImportFormat,
    /// The files to read (the two or three tables of csv, the two sheets of spreadsheet).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The dataset folder to write (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A source, an http(s) address or a title, for every record that cites none: each such
    /// record cites it, at the file and line it was read from.
    #[arg(long, value_name = "URL_OR_TITLE")]
    cite: Option<String>,
    /// The dataset's title in dataset.json [default: the title a GEXF written by mesograph
    /// carries, else the folder's name].
    #[arg(long)]
    title: Option<String>,
    /// Replace the dataset already in --out (every one of its files).
    #[arg(long)]
    force: bool,
    /// csv only: the tables were written with `export --csv-raw`, every cell exactly the value
    /// (a leading ' is data, not the export's guard against formulas).
    #[arg(long)]
    csv_raw: bool,
}

/// `dataset_named`: whether `--data` or `--scenario` was given, which an import, reading
/// its FILEs and writing --out, does not use.
pub fn run(args: &ImportArgs, dataset_named: bool) -> Result<(), Error> {
    if dataset_named {
        return Err(Error::Request(
            "import reads its FILEs and writes the folder --out DIR: --data and --scenario do not apply".into(),
        ));
    }
    if !args.force
        && let Some(existing) = mesograph::init::existing_file(&args.out)
    {
        return Err(Error::Io {
            path: existing,
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "already there: a dataset is in this folder (--force replaces it)",
            ),
        });
    }
    let inputs = args.files.iter().map(|f| read_input(f)).collect::<Result<Vec<_>, _>>()?;
    let folder = std::path::absolute(&args.out)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let options = Options {
        cite: args.cite.clone(),
        csv_raw: args.csv_raw,
        title: args.title.clone(),
        fallback_title: folder,
    };
    let imported = import(args.format, &inputs, &options)?;
    for note in &imported.notes {
        report(&format!("note: {note}"));
    }
    let d = &imported.dataset;
    mesograph::output::write_files(&args.out, imported.files.iter().cloned().map(Ok))?;
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    report(&format!(
        "imported {}, {}, {}, {} into {out}; check them with: mesograph check --data {out}",
        plural(d.actors.len(), "actor"),
        plural(d.links.len(), "link"),
        plural(d.sources.len(), "source"),
        plural(d.milestones.len(), "milestone"),
        out = args.out.display()
    ));
    Ok(())
}
