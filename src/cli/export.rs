//! `mesograph export`: one slice to standard output or a file, or every year into a folder.

use super::filter::{FilterArgs, FocusArgs};
use super::{Data, Request, YearArgs, Years, report};
use clap::Args;
use mesograph::export::{Csv, Exporter};
use mesograph::output::{
    known_extension, stage, write_files_parallel, write_to_path, writer_threads,
};
use mesograph::{Error, Filter, Format, Scope, Slice, TemporalGraph};
use petgraph::graph::NodeIndex;
use std::path::{Path, PathBuf};

pub const AFTER_HELP: &str = "\
Examples:
  mesograph export --year 2010                       DOT of 2010 on standard output
  mesograph export --year 2010 --format json -o 2010.json
  mesograph export --from 2008 --to 2012 --format json
  mesograph export                                   the whole history, with intervals
  mesograph export --all-years --format dot --format json --out out/
  mesograph export --all-years --from 2007 --to 2017 --out out/
  mesograph export --format gexf -o history.gexf     Gephi timeline of the whole history
  mesograph export --year 2010 --format csv --out out/   out/2010.nodes.csv, out/2010.edges.csv, out/2010.graph.csv
  mesograph export --year 2014 --focus GENCI --depth 2   the ego network of GENCI in 2014

Formats: dot, json, gexf, graphml, cytoscape (.cyjs), csv (three files, needs --out) and
mermaid (.mmd). Files are written whole or not at all, even when interrupted (Ctrl-C). With
--out, each file is named after its scope: 2010.dot, 2008-2012.json, all.gexf. Without
--format, -o FILE picks the format from its extension, otherwise DOT; -o - is standard output;
an extension mesograph does not write (or one that contradicts --format) is a usage error.";

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
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this folder (created if missing), one file per scope and format.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    focus: FocusArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// CSV cells exactly as they are: no leading ' before a cell that starts with =, +, -, @,
    /// a tab or a carriage return (which a spreadsheet would take for a formula).
    #[arg(long)]
    csv_raw: bool,
}

impl ExportArgs {
    /// Whether the export goes to standard output only (no `-o`, no `--out`).
    pub fn writes_no_file(&self) -> bool {
        self.output.is_none() && self.out.is_none()
    }
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
    // -o FILE's extension must be one of the formats': it names the format, or must agree with
    // --format.
    let extensions: Vec<&str> = Format::ALL.iter().map(|f| f.exporter().extension()).collect();
    let named = match &args.output {
        Some(path) => known_extension(path, &extensions)?.map(|e| (path, e.parse::<Format>())),
        None => None,
    };
    match (named, formats.as_slice()) {
        (Some((_, Ok(format))), []) => formats.push(format),
        (Some((path, Ok(format))), [given]) if format != *given => {
            return Err(Error::Request(format!(
                "cannot write {} as {given}: its extension says {format}",
                path.display()
            )));
        }
        (Some((_, Err(e))), _) => return Err(e),
        (None, []) => formats.push(Format::Dot),
        _ => {}
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

pub fn run(args: &ExportArgs, data: &Data) -> Result<(), Error> {
    // Every way out (standard output, -o, --out, --all-years) writes through these.
    let exporters: Vec<Box<dyn Exporter>> = formats(args)?
        .into_iter()
        .map(|format| match format {
            Format::Csv => Box::new(Csv { raw: args.csv_raw }),
            format => format.exporter(),
        })
        .collect();
    let request = Request::new(data, Years::try_from(&args.years)?, exporters);
    let exporters = request.output();
    // Only the links active in the years asked for are made edges.
    let graph = request.load()?;
    let scope = graph.scope()?;
    let focus = args.focus.resolve(&graph)?;
    // An export shows every link unless asked otherwise.
    let filter = args.filter.filter(&graph, &[])?;

    if args.all_years {
        let dir = args.out.as_deref().unwrap_or(Path::new("."));
        let (from, to) = match scope.bounds() {
            Some(bounds) => bounds,
            None => graph.span().ok_or(Error::NoYears)?,
        };
        // Written as one set: a failure midway leaves the folder as it was. An ego network has
        // no file for the years its actor is not active. Years are made on every core, each
        // streamed to its own staged file.
        let active = |year| focus.is_none_or(|(n, _)| graph.actor(n).lifetime().contains(year));
        let years: Vec<_> = (from..=to).filter(|&year| active(year)).collect();
        let written = write_files_parallel(dir, years.len(), writer_threads(), |i, files| {
            let year = years[i];
            let slice = match slice_of(&graph, Scope::Year(year), focus, &filter) {
                Err(Error::Inactive { .. }) => return Ok(()),
                other => other?,
            };
            let stem = year.to_string();
            exporters.iter().try_for_each(|e| stage(&**e, &graph, &slice, &stem, files))
        })?;
        match (years.first(), years.last(), focus) {
            (Some(first), Some(last), _) => {
                report(&format!("wrote {written} files for {first}–{last} into {}", dir.display()))
            }
            (_, _, Some((n, _))) => report(&format!(
                "wrote no file: {} is not active in {from}–{to}",
                graph.actor(n).name
            )),
            _ => report(&format!("wrote no file for {from}–{to}")),
        }
        return Ok(());
    }

    let slice = slice_of(&graph, scope, focus, &filter)?;
    if let Some(dir) = &args.out {
        // One set, as every year's: the files of every format, written together or not at all.
        let stem = file_stem(scope);
        let written = write_files_parallel(dir, 1, 1, |_, files| {
            exporters.iter().try_for_each(|e| stage(&**e, &graph, &slice, &stem, files))
        });
        return written.map(|_| ());
    }
    // One format (`formats` refuses several without --out): to -o FILE, or standard output.
    let path = args.output.as_deref().unwrap_or(Path::new("-"));
    write_to_path(&*exporters[0], &graph, &slice, path)
}

/// The slice to export: the whole scope, or the ego network of the focus actor in it, then
/// what the filter keeps of it.
pub(super) fn slice_of(
    graph: &TemporalGraph,
    scope: Scope,
    focus: Option<(NodeIndex, usize)>,
    filter: &Filter,
) -> Result<Slice, Error> {
    let slice = match focus {
        Some((actor, depth)) => mesograph::query::ego(graph, actor, scope, depth)?,
        None => graph.slice(scope),
    };
    Ok(filter.apply(graph, slice).slice)
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, run_in_sink};
    use clap::Parser;
    use mesograph::export::export_files;
    use mesograph::{Format, Scope};

    /// Runs `mesograph ARGS` in this process, as the binary would.
    fn mesograph(args: &[&str]) -> Result<(), mesograph::Error> {
        let argv: Vec<std::ffi::OsString> =
            std::iter::once("mesograph").chain(args.iter().copied()).map(Into::into).collect();
        let cli = Cli::try_parse_from(&argv).unwrap();
        let data = super::super::Data::new(&cli, &argv)?;
        super::super::run(cli, &data)
    }

    /// Every format writes the same bytes into memory, into staged files (`-o`, `--out`,
    /// `--all-years`) and on standard output (through the sink of [`run_in_sink`]).
    #[test]
    fn every_way_out_writes_the_same_bytes() {
        let graph = mesograph::load_graph(None).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
        for &format in Format::ALL {
            let f = format.as_str();
            let out = dir(&format!("out-{f}"));
            let years = dir(&format!("years-{f}"));
            mesograph(&["export", "--year", "2012", "-f", f, "--out", &out]).unwrap();
            let all = ["export", "--from", "2011", "--to", "2012", "--all-years", "-f", f];
            mesograph(&[&all[..], &["--out", &years]].concat()).unwrap();
            for year in [2011, 2012] {
                let memory = export_files(&graph, &graph.slice(Scope::Year(year)), format).unwrap();
                assert!(!memory.is_empty());
                for (suffix, bytes) in &memory {
                    let name = format!("{year}.{suffix}");
                    let staged = std::fs::read(std::path::Path::new(&years).join(&name)).unwrap();
                    assert!(&staged == bytes, "--all-years {name}");
                    if year == 2012 {
                        let staged = std::fs::read(std::path::Path::new(&out).join(&name)).unwrap();
                        assert!(&staged == bytes, "--out {name}");
                    }
                }
                let args = ["export", "--year", &year.to_string(), "-f", f];
                let printed = run_in_sink(args).unwrap();
                let file = dir(&format!("{year}.{}", format.exporter().extension()));
                let written = mesograph(&[&args[..], &["-o", &file]].concat());
                match &memory[..] {
                    [(_, bytes)] => {
                        assert!(printed == (0, bytes.clone()), "standard output {f} {year}");
                        written.unwrap();
                        assert!(std::fs::read(&file).unwrap() == *bytes, "-o {f} {year}");
                    }
                    // Several files cannot go to one stream: refused, nothing written.
                    _ => {
                        assert_eq!(printed.0, 2, "{f}");
                        let printed = String::from_utf8(printed.1).unwrap();
                        assert!(printed.ends_with("give --out DIR\n"), "{printed}");
                        assert!(matches!(written, Err(mesograph::Error::Request(_))));
                        assert!(!std::path::Path::new(&file).exists());
                    }
                }
            }
        }
    }
}
