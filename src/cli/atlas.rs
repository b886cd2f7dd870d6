//! `mesograph atlas`: the interactive atlas, one self-contained HTML file.

use super::load_graph;
use clap::Args;
use mesograph::Error;
use mesograph::output::{known_extension, write_atomic, write_stdout};
use std::path::{Path, PathBuf};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph atlas -o atlas.html
  mesograph atlas --data my-dataset/ -o my-atlas.html

The page works offline in any current browser: no network, no external scripts, styles or
fonts. It shows the whole history with a year slider and a play button, search by any name,
filters by kind, and the milestones, figures and sources of every actor and link.";

#[derive(Debug, Args)]
pub struct AtlasArgs {
    /// Write to this file (.html or .htm) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: &AtlasArgs, data: Option<&Path>) -> Result<(), Error> {
    if let Some(path) = &args.output {
        known_extension(path, &["html", "htm"])?;
    }
    let graph = load_graph(data)?;
    let html = mesograph::atlas::atlas(&graph)?;
    match &args.output {
        Some(path) => write_atomic(path, html.as_bytes()),
        None => write_stdout(html.as_bytes()).map(|_| ()),
    }
}
