//! `mesograph fmt` and `mesograph add`: change a dataset folder, checked whole before writing.

use super::report;
use clap::{Args, Subcommand};
use mesograph::edit::{Record, add, fmt};
use mesograph::load_graph;
use mesograph::model::{Actor, Citation, Link, Source, SourceKind};
use mesograph::output::write_files;
use mesograph::{Confidence, Error, Year};
use std::path::Path;

pub const FMT_HELP: &str = "\
Examples:
  mesograph fmt --data my-dataset/           rewrite the files in the canonical layout
  mesograph fmt --check --data my-dataset/   list the files that are not (exit 1), change nothing

The canonical layout is the one init and add write: fields in the documented order, one per
line, short lists (citations, aliases, figures) on one line. Only files that change are written.";

pub const ADD_HELP: &str = "\
Examples:
  mesograph add source ri-council --kind web --title \"The Research Council\" --url https://example.org --data my-dataset/
  mesograph add actor sigma2 --name \"Sigma2\" --kind agency --start 2014 --cite ri-council:about --data my-dataset/
  mesograph add link \"Research Council\" funds sigma2 --start 2014 --cite ri-council:annual-report --data my-dataset/

The record is appended to its file; nothing else in the file changes. The whole dataset is
checked with it first: a duplicate id, an unknown actor or source writes nothing.";

/// `fmt [--check]`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing: list the files that are not in the canonical layout and exit 1 if any.
    #[arg(long)]
    check: bool,
}

/// `add actor|link|source`.
#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(subcommand)]
    record: AddRecord,
}

#[derive(Debug, Subcommand)]
enum AddRecord {
    /// An actor: its id, name, kind and first year.
    Actor {
        /// Its id: a lowercase slug (a-z, 0-9, inner '-').
        id: String,
        /// Its display name.
        #[arg(long)]
        name: String,
        /// Its kind, one of the dataset's vocabulary (dataset.json; see graph/README.md).
        #[arg(long)]
        kind: String,
        /// First active year.
        #[arg(long)]
        start: Year,
        /// Last active year (inclusive); leave out while it is active.
        #[arg(long)]
        end: Option<Year>,
        /// Its expanded name.
        #[arg(long)]
        full_name: Option<String>,
        /// Another spelling (repeat).
        #[arg(long = "alias", value_name = "NAME")]
        aliases: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// A link: FROM KIND TO, read as "FROM funds TO"; actors by id, name or alias.
    Link {
        /// The actor it starts from.
        from: String,
        /// Its kind, one of the dataset's vocabulary (funds, founds, coordinates, member_of…).
        kind: String,
        /// The actor it points to.
        to: String,
        /// First active year.
        #[arg(long)]
        start: Year,
        /// Last active year (inclusive); leave out while it lasts.
        #[arg(long)]
        end: Option<Year>,
        /// stated (a source says it), inferred (a reading: give a --note) or proposed.
        #[arg(long, default_value = "stated")]
        confidence: Confidence,
        #[command(flatten)]
        common: Common,
    },
    /// A source: a public page or document (with --url) that citations point at.
    Source {
        /// Its id: a lowercase slug.
        id: String,
        /// web, document or deck.
        #[arg(long)]
        kind: SourceKind,
        /// Its title.
        #[arg(long)]
        title: String,
        /// Its public address (required for web and document).
        #[arg(long)]
        url: Option<String>,
        /// Its date, as written (2017-09-27).
        #[arg(long)]
        date: Option<String>,
        /// What the reader should know.
        #[arg(long)]
        note: Option<String>,
    },
}

/// What actors and links share: their sources and note.
#[derive(Debug, Args)]
struct Common {
    /// A source and where in it, as SOURCE:LOCATOR (repeat; at least one).
    #[arg(long = "cite", value_name = "SOURCE:LOCATOR", required = true, value_parser = citation)]
    citations: Vec<Citation>,
    /// What the reader should know (required for an inferred link).
    #[arg(long)]
    note: Option<String>,
}

/// `SOURCE:LOCATOR`: a citation says where in its source (a page, a section, a year).
fn citation(s: &str) -> Result<Citation, String> {
    match s.split_once(':') {
        Some((source, locator)) if !source.trim().is_empty() && !locator.trim().is_empty() => {
            Ok(Citation { source: source.trim().into(), locator: locator.trim().into() })
        }
        _ => Err(format!(
            "\"{s}\" is not SOURCE:LOCATOR (a source id, then where in it: a page, a section)"
        )),
    }
}

fn folder(data: Option<&Path>) -> Result<&Path, Error> {
    data.ok_or_else(|| {
        Error::Request("this command changes a dataset folder: name it with --data DIR (the built-in dataset is compiled in)".into())
    })
}

pub fn run_fmt(args: &FmtArgs, data: Option<&Path>) -> Result<(), Error> {
    let dir = folder(data)?;
    let changes = fmt(dir)?;
    if args.check {
        for (name, _) in &changes {
            report(&format!("{}: not in the canonical layout", dir.join(name).display()));
        }
        return if changes.is_empty() { Ok(()) } else { Err(Error::Unformatted(changes.len())) };
    }
    let n = changes.len();
    write_files(dir, changes.into_iter().map(Ok))?;
    report(&format!("formatted {n} file{} in {}", if n == 1 { "" } else { "s" }, dir.display()));
    Ok(())
}

pub fn run_add(args: &AddArgs, data: Option<&Path>) -> Result<(), Error> {
    let dir = folder(data)?;
    let record = match &args.record {
        AddRecord::Actor { id, name, kind, start, end, full_name, aliases, common } => {
            let vocabulary = mesograph::load::read_vocabulary(Some(dir))?;
            let kind = vocabulary.parse_actor_kind(kind).map_err(Error::Request)?;
            Record::Actor(Actor {
                id: id.clone(),
                name: name.clone(),
                full_name: full_name.clone(),
                kind,
                start: *start,
                end: *end,
                aliases: aliases.clone(),
                names: vec![],
                citations: common.citations.clone(),
                note: common.note.clone(),
            })
        }
        AddRecord::Link { from, kind, to, start, end, confidence, common } => {
            // Actors by id, name or alias, as everywhere on the command line.
            let graph = load_graph(Some(dir))?;
            let id = |name: &str| graph.find(name).map(|n| graph.actor(n).id.clone());
            let kind = graph.vocabulary().parse_link_kind(kind).map_err(Error::Request)?;
            Record::Link(Link {
                from: id(from)?.into(),
                to: id(to)?.into(),
                kind,
                start: *start,
                end: *end,
                citations: common.citations.clone(),
                confidence: *confidence,
                note: common.note.clone(),
            })
        }
        AddRecord::Source { id, kind, title, url, date, note } => Record::Source(Source {
            id: id.clone(),
            kind: *kind,
            title: title.clone(),
            url: url.clone(),
            authors: vec![],
            date: date.clone(),
            sections: vec![],
            note: note.clone(),
        }),
    };
    let (name, bytes) = add(dir, &record)?;
    write_files(dir, [Ok((name.clone(), bytes))])?;
    report(&format!("added to {}", dir.join(name).display()));
    Ok(())
}
