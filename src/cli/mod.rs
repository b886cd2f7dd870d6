//! Command-line parsing and dispatch. Each command lives in its own file and turns validated
//! arguments into library calls; nothing here knows a format or an algorithm.

mod actors;
mod atlas;
mod check;
mod completions;
mod diff;
mod edit;
mod export;
mod filter;
mod history;
mod import;
mod init;
mod man;
mod neighbours;
mod path;
mod render;
mod report;
mod schema;
mod shared;
mod stats;
mod table;

use clap::{Args, Parser, Subcommand};
use mesograph::model::{MAX_YEAR, MIN_YEAR};
use mesograph::output::write_stdout;
use mesograph::{Error, Scope, TemporalGraph, Year};
use std::path::PathBuf;
use std::process::ExitCode;

const AFTER_HELP: &str = "\
Examples:
  mesograph export --year 2010 --format dot | dot -Tsvg > 2010.svg
  mesograph export --all-years --format dot --format json --out out/
  mesograph export --from 2008 --to 2012 --format json -o window.json
  mesograph actors --year 2013 --kind computing_centre
  mesograph neighbours GENCI --year 2014
  mesograph path CNRS Equip@Meso --year 2012
  mesograph history GENCI
  mesograph diff 2009 2010
  mesograph stats --all-years
  mesograph export --year 2014 --focus GENCI --depth 2 | dot -Tsvg > genci.svg
  mesograph check --data my-dataset/
  mesograph render --year 2012 -o 2012.png
  mesograph atlas -o atlas.html
  mesograph report -o report.html

Years are inclusive at both ends; an actor is active in year Y when start <= Y <= end.
A year after the dataset's horizon (the last year its sources observe) is a projection, and every
output says so. Links are stated, inferred (a reading) or proposed (a question or plan); analyses
(stats, path, neighbours) leave proposed links out unless --confidence says otherwise.
The built-in dataset is compiled in; --data DIR loads another folder with the same layout (given
again, it lays more folders over it: --data builtin --data my-facts/), and --scenario lays a
hypothesis over it (mesograph diff 2017 2027 --scenario frt2).";

/// Institutional relationships as a time-stamped graph: the French mésocentres, 2000s–2027.
#[derive(Debug, Parser)]
#[command(name = "mesograph", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// Load the dataset in this folder instead of the built-in one (repeatable: layers).
    #[arg(long, global = true, value_name = "DIR|builtin", value_parser = data_value, long_help = DATA_HELP)]
    data: Vec<DataArg>,

    /// Lay a scenario over the dataset (repeatable).
    #[arg(long, global = true, value_name = "DIR|NAME", value_parser = scenario_value, long_help = scenario_help())]
    scenario: Vec<ScenarioArg>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a new dataset in a folder: one example record of each kind, valid as it stands.
    #[command(
        after_help = "Example:\n  mesograph init my-dataset --title \"Nordic e-infrastructures\"\n  mesograph check --data my-dataset\n\nWrites dataset.json, sources.json, actors.json, links.json and milestones.json (the folder\nis created if missing); never replaces a dataset file already there."
    )]
    Init {
        /// The folder to write into.
        dir: PathBuf,
        /// The dataset's title [default: the folder's name].
        #[arg(long)]
        title: Option<String>,
    },
    /// Build a dataset folder from other files: mesograph's exports (CSV, JSON, Cytoscape,
    /// GraphML, GEXF), Gephi's, yEd's, networkx's, or a spreadsheet's two sheets.
    #[command(after_help = import::AFTER_HELP)]
    Import(import::ImportArgs),
    /// Rewrite a dataset folder's files in the canonical layout (or --check them).
    #[command(after_help = edit::FMT_HELP)]
    Fmt(edit::FmtArgs),
    /// Add an actor, link or source to a dataset folder, checked with the rest before writing.
    #[command(after_help = edit::ADD_HELP)]
    Add(edit::AddArgs),
    /// Validate a dataset and report every problem, each with its file, line and column.
    #[command(
        after_help = "Example:\n  mesograph check --data graph/\n\nExit 0 and one summary line when the dataset is valid; exit 1 and one line per problem otherwise (the first 200, then how many more), and the total."
    )]
    Check,
    /// Export the graph of a year, a window or the whole history (DOT, JSON, GEXF, GraphML,
    /// Cytoscape.js, CSV, Mermaid).
    #[command(after_help = export::AFTER_HELP)]
    Export(export::ExportArgs),
    /// List the actors, optionally those of one year or one kind.
    #[command(
        after_help = "Examples:\n  mesograph actors\n  mesograph actors --year 2010 --kind agency\n  mesograph actors --format json | jq '.[].id'\n  mesograph actors --format csv -o actors.csv\n\nCSV and TSV columns: docs/tables.md."
    )]
    Actors(actors::ActorsArgs),
    /// List the dated milestones and figures (journées, reports, census numbers).
    #[command(
        after_help = "Examples:\n  mesograph milestones --year 2015\n  mesograph milestones --actor \"journées mésocentres\"\n  mesograph milestones --format csv -o milestones.csv   # one column per figure"
    )]
    Milestones(actors::MilestonesArgs),
    /// Who an actor is connected to, with each link's kind, direction, years and citations.
    #[command(after_help = neighbours::AFTER_HELP)]
    Neighbours(neighbours::NeighboursArgs),
    /// How two actors are connected: shortest connections in a year, or the earliest route over time.
    #[command(after_help = path::AFTER_HELP)]
    Path(path::PathArgs),
    /// An actor's story: creation, renamings, links starting and ending, milestones.
    #[command(after_help = history::AFTER_HELP)]
    History(history::HistoryArgs),
    /// What changed between two years: actors and links that appeared, disappeared or changed.
    #[command(after_help = diff::AFTER_HELP)]
    Diff(diff::DiffArgs),
    /// Counts, density, components and the most central actors, for a year or every year.
    #[command(after_help = stats::AFTER_HELP)]
    Stats(stats::StatsArgs),
    /// Write the interactive atlas: one self-contained HTML page with a year slider and search.
    #[command(after_help = atlas::AFTER_HELP)]
    Atlas(atlas::AtlasArgs),
    /// Draw pictures (SVG, PNG, PDF) of a year or of every year through Graphviz, for slides.
    #[command(after_help = render::AFTER_HELP)]
    Render(render::RenderArgs),
    /// Write the report: the story year by year (pictures, actors, what began and ended,
    /// milestones, notes) and charts, as one HTML page or Markdown.
    #[command(after_help = report::AFTER_HELP)]
    Report(report::ReportArgs),
    /// Print the JSON Schema of a dataset file, generated from the Rust types; with --data, for
    /// that dataset (its kinds, from its dataset.json, are those a record may have).
    #[command(
        after_help = "Examples:\n  mesograph schema actors > actors.schema.json\n  mesograph schema links --data my-dataset > my-dataset/links.schema.json"
    )]
    Schema {
        /// Which file: sources, actors, links, milestones or dataset (`dataset.json`).
        #[arg(value_parser = ["sources", "actors", "links", "milestones", "dataset"])]
        file: String,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Examples:\n  mesograph completions bash > ~/.local/share/bash-completion/completions/mesograph\n  mesograph completions zsh > ~/.zfunc/_mesograph\n  mesograph completions fish > ~/.config/fish/completions/mesograph.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), of mesograph or of one of its commands.
    #[command(
        after_help = "Examples:\n  mesograph man > mesograph.1 && man ./mesograph.1\n  mesograph man export | man -l -"
    )]
    Man {
        /// A command, for its own page (`mesograph-export.1`).
        command: Option<String>,
    },
}

const DATA_HELP: &str = "Load the dataset in this folder instead of the built-in one. Repeatable: \
each later folder is a layer whose records (sources, actors, links, milestones) join those of \
the folders before it, checked together (a layer may name the actors and sources of those \
under it; an id given twice is an error naming both places; every file of a later layer is \
optional). `builtin` names the built-in dataset (--data builtin --data my-facts/ lays your facts \
over it; ./builtin is a folder of that name). The title is the last layer's that gives one, the \
horizon the latest given. fmt and add, which write into one folder, take one.";

/// A `--data` value: the built-in dataset, or a folder.
#[derive(Debug, Clone)]
pub enum DataArg {
    /// The built-in dataset (`builtin`).
    Builtin,
    /// A folder in the dataset format.
    Dir(PathBuf),
}

fn data_value(s: &str) -> Result<DataArg, String> {
    Ok(if s == "builtin" { DataArg::Builtin } else { DataArg::Dir(s.into()) })
}

/// The data layers the command line laid over the first `--data` (the second and later ones),
/// read once before the command runs.
static DATA_LAYERS: std::sync::OnceLock<Vec<mesograph::load::RawDataset>> =
    std::sync::OnceLock::new();

/// What is laid over the first `--data`: the further data layers, then the scenarios.
fn layers() -> mesograph::load::Layers<'static> {
    mesograph::load::Layers {
        data: DATA_LAYERS.get().map_or(&[], Vec::as_slice),
        scenarios: scenarios(),
    }
}

fn read_layers(args: &[DataArg]) -> Result<Vec<mesograph::load::RawDataset>, Error> {
    args.iter()
        .map(|arg| match arg {
            DataArg::Builtin => Ok(mesograph::load::builtin()),
            DataArg::Dir(dir) => mesograph::load::read_layer(dir),
        })
        .collect()
}

/// A `--scenario` value: a built-in scenario's name, or a scenario folder.
#[derive(Debug, Clone)]
pub enum ScenarioArg {
    /// One of [`mesograph::load::builtin_scenario_names`].
    Builtin(String),
    /// A folder in the dataset format.
    Dir(PathBuf),
}

/// A bare name is a built-in scenario's (or, when none has it, a folder of the current one);
/// anything with a slash is a folder.
fn scenario_value(s: &str) -> Result<ScenarioArg, String> {
    let names = mesograph::load::builtin_scenario_names();
    if s.contains(['/', '\\']) || s == "." || s == ".." {
        return Ok(ScenarioArg::Dir(s.into()));
    }
    if names.contains(&s) {
        return Ok(ScenarioArg::Builtin(s.into()));
    }
    if std::path::Path::new(s).is_dir() {
        return Ok(ScenarioArg::Dir(s.into()));
    }
    Err(format!(
        "unknown scenario \"{s}\": the built-in scenarios are {}; a folder is named by its path (./{s})",
        builtin_list(&names)
    ))
}

fn builtin_list(names: &[&str]) -> String {
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

fn scenario_help() -> String {
    format!(
        "Lay a scenario over the dataset (repeatable): a folder in the dataset format whose \
         records, all hypotheses, join the dataset's (every link in it must be \"proposed\"; it \
         may name the dataset's actors and sources, not reuse their ids). A bare NAME is a \
         built-in scenario: {}. Every output names the scenarios that are on; `diff` applies \
         them to its second year only.",
        builtin_list(&mesograph::load::builtin_scenario_names())
    )
}

/// The scenarios named on the command line, read once before the command runs and laid over
/// every graph it loads.
static SCENARIOS: std::sync::OnceLock<Vec<mesograph::load::RawDataset>> =
    std::sync::OnceLock::new();

/// The scenarios the command line laid over the dataset.
pub fn scenarios() -> &'static [mesograph::load::RawDataset] {
    SCENARIOS.get().map_or(&[], Vec::as_slice)
}

fn read_scenarios(args: &[ScenarioArg]) -> Result<Vec<mesograph::load::RawDataset>, Error> {
    args.iter()
        .map(|arg| match arg {
            ScenarioArg::Builtin(name) => mesograph::load::builtin_scenario(name)
                .ok_or_else(|| Error::Request(format!("unknown scenario \"{name}\""))),
            ScenarioArg::Dir(dir) => mesograph::load::read_scenario(dir),
        })
        .collect()
}

/// Year arguments shared by the commands that slice: `--year`, or `--from`/`--to`.
#[derive(Debug, Clone, Args)]
pub struct YearArgs {
    /// One year.
    #[arg(long, value_parser = year_value, conflicts_with_all = ["from", "to"])]
    year: Option<Year>,
    /// First year of a window (inclusive); defaults to the data's first year.
    #[arg(long, value_parser = year_value)]
    from: Option<Year>,
    /// Last year of a window (inclusive); defaults to the data's last year.
    #[arg(long, value_parser = year_value)]
    to: Option<Year>,
}

impl YearArgs {
    /// Refuses a window that ends before it starts, before any data is loaded.
    pub fn precheck(&self) -> Result<(), Error> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            Scope::window(from, to)?;
        }
        Ok(())
    }

    /// The years the arguments can reach, known before the dataset is read (an open end of a
    /// window reaches the limit of possible years): the scope of [`YearArgs::scope`] lies
    /// inside it.
    pub fn reach(&self) -> Scope {
        self.scope_between(MIN_YEAR, MAX_YEAR).unwrap_or(Scope::All)
    }

    /// The scope the arguments select; the whole history when none is given.
    pub fn scope(&self, graph: &TemporalGraph) -> Result<Scope, Error> {
        let (first, last) = graph.span().unwrap_or((MIN_YEAR, MAX_YEAR));
        self.scope_between(first, last)
    }

    /// The scope the arguments select, an open end of a window falling on `first` or `last`.
    fn scope_between(&self, first: Year, last: Year) -> Result<Scope, Error> {
        match (self.year, self.from, self.to) {
            (Some(y), _, _) => Ok(Scope::Year(y)),
            (None, None, None) => Ok(Scope::All),
            (None, from, to) => Scope::window(from.unwrap_or(first), to.unwrap_or(last)),
        }
    }
}

fn year_value(s: &str) -> Result<Year, String> {
    let t = s.trim();
    let whole =
        !t.is_empty() && t.strip_prefix('-').unwrap_or(t).bytes().all(|b| b.is_ascii_digit());
    match t.parse::<Year>() {
        Ok(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Ok(y),
        // A whole number too large for any year is as impossible as 3000.
        Ok(_) | Err(_) if whole => {
            Err(format!("impossible year {t} (expected {MIN_YEAR}–{MAX_YEAR})"))
        }
        _ => Err(format!("\"{s}\" is not a year")),
    }
}

/// A loaded graph, which a command uses through `Deref`.
///
/// It is never freed: every command ends the process right after using it, and the system takes
/// back its memory at once, where freeing a million records one by one is slow (see
/// docs/performance.md, "Memory"). Only when commands run one after another in one process, with
/// their output going to a sink ([`run_in_sink`], for the fuzz target), is it freed.
pub struct Loaded(Option<TemporalGraph>);

impl std::ops::Deref for Loaded {
    type Target = TemporalGraph;
    fn deref(&self) -> &TemporalGraph {
        // Always `Some` until dropped.
        self.0.as_ref().unwrap_or_else(|| unreachable!("a graph is held until dropped"))
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        if !sinking() {
            std::mem::forget(self.0.take());
        }
    }
}

/// Loads the dataset the user asked for and builds its graph.
pub fn load_graph(data: Option<&std::path::Path>) -> Result<Loaded, Error> {
    load_graph_within(data, Scope::All)
}

/// [`load_graph`] for a command that looks only at the years of `within`: every record is
/// still checked, but only the links active then become edges.
pub fn load_graph_within(data: Option<&std::path::Path>, within: Scope) -> Result<Loaded, Error> {
    mesograph::load::for_input(data);
    let graph = mesograph::open::load_graph_layered(data, &layers(), within)?;
    Ok(Loaded(Some(graph)))
}

/// What a heading about `scope` must add (see [`TemporalGraph::caveats`]).
pub fn caveats(graph: &TemporalGraph, scope: Scope) -> String {
    graph.caveats(scope)
}

/// `" (scenario frt2)"` after a heading when scenarios are on, nothing otherwise.
pub fn with_scenarios(scenarios: &[String]) -> String {
    mesograph::graph::with_scenarios(scenarios)
}

/// [`load_graph`] without the scenarios: the dataset as its sources tell it (the first year
/// of a `diff`).
pub fn load_base_graph(data: Option<&std::path::Path>) -> Result<Loaded, Error> {
    let layers = mesograph::load::Layers { scenarios: &[], ..layers() };
    let graph = mesograph::open::load_graph_layered(data, &layers, Scope::All)?;
    Ok(Loaded(Some(graph)))
}

thread_local! {
    /// When set, what would go to standard output and standard error is appended here instead
    /// ([`run_in_sink`]).
    static SINK: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Whether output goes to the sink.
fn sinking() -> bool {
    SINK.with(|s| s.borrow().is_some())
}

/// Appends `bytes` to the sink when one is set; whether one was.
fn sink(bytes: &[u8]) -> bool {
    SINK.with(|s| s.borrow_mut().as_mut().map(|sink| sink.extend_from_slice(bytes)).is_some())
}

/// Writes `bytes` on standard output (or into the sink); a closed pipe is a normal end.
pub fn write_out(bytes: &[u8]) -> Result<(), Error> {
    if sink(bytes) { Ok(()) } else { write_stdout(bytes).map(|_| ()) }
}

/// Runs the command line `args` (without the program's name) as `mesograph` would, with what it
/// prints going into the returned bytes, and returns its exit code too, for the fuzz target of
/// the argument handling (`fuzz/fuzz_targets/cli_args.rs`) and its replay in the tests. Only a
/// command that reads the built-in dataset and prints is run: one given `--data` (as `fmt` and
/// `add` need), writing files (`-o`, `--out`, `init`) or running Graphviz (`render`, `atlas`,
/// `report`) is parsed only (`None`).
#[cfg_attr(not(test), allow(dead_code))]
pub fn run_in_sink<I, T>(args: I) -> Option<(u8, Vec<u8>)>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    let argv: Vec<std::ffi::OsString> = std::iter::once(std::ffi::OsString::from("mesograph"))
        .chain(args.into_iter().map(Into::into))
        .collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.render().to_string();
            return Some((if e.use_stderr() { 2 } else { 0 }, Vec::new()));
        }
    };
    let prints_only = cli.data.is_empty()
        && match &cli.command {
            Command::Export(args) => args.writes_no_file(),
            Command::Actors(args) => args.output.writes_no_file(),
            Command::Milestones(args) => args.output.writes_no_file(),
            Command::Neighbours(args) => args.output.writes_no_file(),
            Command::Path(args) => args.output.writes_no_file(),
            Command::History(args) => args.output.writes_no_file(),
            Command::Diff(args) => args.output.writes_no_file(),
            Command::Stats(args) => args.output.writes_no_file(),
            // Writing files, or running Graphviz.
            Command::Render(_)
            | Command::Atlas(_)
            | Command::Report(_)
            | Command::Init { .. }
            | Command::Import(_) => false,
            _ => true,
        };
    if !prints_only {
        return None;
    }
    SINK.with(|s| *s.borrow_mut() = Some(Vec::new()));
    let code = finish(all_data_kept(&cli, &argv).and_then(|()| run(cli)));
    let out = SINK.with(|s| s.borrow_mut().take()).unwrap_or_default();
    Some((code, out))
}

/// Prints text for people (tables, their titles, summaries) on standard output: on every line,
/// control characters and bidirectional overrides from the data are escaped (`\u{1b}`), so that a
/// name cannot clear, retitle or rewrite the terminal, whether standard output is a terminal, a
/// pipe or a file. A closed pipe is a normal end.
pub fn print_text(text: &str) -> Result<(), Error> {
    write_out(table::printable_lines(text).as_bytes())
}

/// `value` as pretty JSON for programs, with a final line end: values exact, control
/// characters JSON-escaped.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Unrepresentable { format: "JSON", what: e.to_string() })?;
    s.push('\n');
    Ok(s.into_bytes())
}

fn run(cli: Cli) -> Result<(), Error> {
    if let (Command::Fmt(_) | Command::Add(_), [_, _, ..]) = (&cli.command, cli.data.as_slice()) {
        return Err(Error::Request(format!(
            "fmt and add write into one dataset folder: give one --data DIR, not {} layers",
            cli.data.len()
        )));
    }
    // The first --data is the dataset (a folder, read as it is parsed); the others are layers.
    let data = match cli.data.first() {
        Some(DataArg::Dir(dir)) => Some(dir.as_path()),
        Some(DataArg::Builtin) | None => None,
    };
    let _ = DATA_LAYERS.set(read_layers(cli.data.get(1..).unwrap_or_default())?);
    let _ = SCENARIOS.set(read_scenarios(&cli.scenario)?);
    let dataset_named = !cli.data.is_empty() || !cli.scenario.is_empty();
    match cli.command {
        Command::Init { dir, title } => init::run(&dir, title),
        Command::Import(args) => import::run(&args, dataset_named),
        Command::Fmt(args) => edit::run_fmt(&args, data),
        Command::Add(args) => edit::run_add(&args, data),
        Command::Check => check::run(data),
        Command::Export(args) => export::run(&args, data),
        Command::Actors(args) => actors::run(&args, data),
        Command::Milestones(args) => actors::run_milestones(&args, data),
        Command::Neighbours(args) => neighbours::run(&args, data),
        Command::Path(args) => path::run(&args, data),
        Command::History(args) => history::run(&args, data),
        Command::Diff(args) => diff::run(&args, data),
        Command::Stats(args) => stats::run(&args, data),
        Command::Render(args) => render::run(&args, data),
        Command::Atlas(args) => atlas::run(&args, data),
        Command::Report(args) => report::run(&args, data),
        Command::Schema { file } => schema::run(&file, data),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { command } => man::run(command.as_deref()),
    }
}

/// A dataset's first problems are listed one per line, the rest counted, as compilers do: a
/// thousand lines of one mistake repeated help no one, and the terminal keeps up.
const SHOWN_PROBLEMS: usize = 200;

/// Runs the command line and maps the outcome to an exit code: 0 success, 1 data or runtime
/// error, 2 usage error.
pub fn main() -> ExitCode {
    mesograph::output::remove_temporaries_on_signals();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    ExitCode::from(finish(all_data_kept(&cli, &args).and_then(|()| run(cli))))
}

/// clap keeps the values of a global option from one side of the command name only (given on
/// both sides, the command's side wins): refuses such a command line rather than lose layers or
/// scenarios.
fn all_data_kept(cli: &Cli, args: &[std::ffi::OsString]) -> Result<(), Error> {
    for (option, kept) in [("--data", cli.data.len()), ("--scenario", cli.scenario.len())] {
        let prefix = format!("{option}=");
        let given = args
            .iter()
            .take_while(|a| *a != "--")
            .filter(|a| *a == option || a.to_string_lossy().starts_with(&prefix))
            .count();
        if kept < given {
            return Err(Error::Request(format!(
                "{option} is given {given} times, before and after the command's name: give them \
                 all on one side (mesograph {option} A {option} B COMMAND)"
            )));
        }
    }
    Ok(())
}

/// Reports the outcome of a command and returns its exit code: 0 success, 1 data or runtime
/// error, 2 usage error.
fn finish(result: Result<(), Error>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            let code = match e {
                Error::Request(_) => 2,
                _ => 1,
            };
            match &e {
                Error::Invalid(problems) => {
                    for p in problems.iter().take(SHOWN_PROBLEMS) {
                        report(&p.to_string());
                    }
                    let n = problems.len();
                    if n > SHOWN_PROBLEMS {
                        let rest = n - SHOWN_PROBLEMS;
                        report(&format!(
                            "… and {rest} more problem{}",
                            if rest == 1 { "" } else { "s" }
                        ));
                    }
                    report(&format!(
                        "error: {n} problem{} in the dataset",
                        if n == 1 { "" } else { "s" }
                    ));
                }
                other => report(&format!("error: {other}")),
            }
            code
        }
    }
}

/// What clap's own `exit` does, without ignoring a failed write: `--help` and `--version` into
/// a closed pipe end quietly with 0, into a full disk with a message and 1; a usage error goes
/// to standard error (even a closed one) and exits 2.
fn clap_exit(e: &clap::Error) -> ExitCode {
    use std::io::Write;
    let printed = e.print().and_then(|()| std::io::stdout().flush());
    if e.use_stderr() {
        return ExitCode::from(2);
    }
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(io) => {
            report(&format!("error: {}", Error::Stdout(io)));
            ExitCode::from(1)
        }
    }
}

/// Writes one line to standard error, ignoring a closed stderr (eprintln! would panic), with
/// control characters from the data escaped so that a message stays one harmless line.
pub fn report(line: &str) {
    use std::io::Write;
    let line = format!("{}\n", mesograph::error::printable(line));
    if !sink(line.as_bytes()) {
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzz target's inputs replayed on stable Rust: every seed of its corpus runs (or is
    /// refused as a usage error) without panicking, its output in the sink.
    #[test]
    fn the_cli_args_corpus_replays_without_panicking() {
        use std::os::unix::ffi::OsStrExt;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/cli_args");
        let mut ran = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let args = bytes.split(|&b| b == 0).map(|a| std::ffi::OsStr::from_bytes(a).to_owned());
            if run_in_sink(args).is_some() {
                ran += 1;
            }
        }
        assert!(ran >= 10, "{ran}");
    }

    #[test]
    fn the_sink_holds_what_a_command_prints_and_its_exit_code() {
        let (code, out) = run_in_sink(["check"]).unwrap();
        assert_eq!(code, 0);
        assert!(String::from_utf8(out).unwrap().starts_with("ok: "));
        let (code, out) = run_in_sink(["history", "nobody-at-all"]).unwrap();
        assert_eq!(code, 1);
        assert!(String::from_utf8(out).unwrap().starts_with("error: unknown actor"));
        assert_eq!(run_in_sink(["stats", "--year", "3000"]).map(|r| r.0), Some(2));
        // Nothing that writes files, reads another dataset or runs Graphviz is run.
        assert_eq!(run_in_sink(["export", "-o", "x.dot"]), None);
        assert_eq!(run_in_sink(["stats", "-o", "x.csv"]), None);
        assert_eq!(run_in_sink(["--data", "x", "check"]), None);
        assert_eq!(run_in_sink(["render", "--year", "2010"]), None);
        assert!(!sinking(), "the sink is gone after a run");
    }
}
