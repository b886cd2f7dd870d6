//! What the command line asks for, resolved once before any graph is built, as ripgrep turns
//! the arguments clap parsed into the high-level ones its search runs on: the data the global
//! options name ([`Data`], read once by `run`), the years a command looks at ([`Years`],
//! checked) and where and in which format its answer goes (each command's own type, checked),
//! together a [`Request`]. A command gets its graph from the request, and the scope to slice
//! from that graph ([`Loaded::scope`]), so that it cannot build a graph for some years and slice
//! others; and it writes through the output the request holds, so that a wrong format or file
//! name is refused before any data is read.

use super::{Cli, Command, DataArg, ScenarioArg, YearArgs, sinking};
use mesograph::load::{Layers, RawDataset};
use mesograph::model::{MAX_YEAR, MIN_YEAR};
use mesograph::{Error, Scope, TemporalGraph, Year};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The data the command line names: the dataset (the first `--data`, or the built-in one), the
/// further data layers and the scenarios laid over it, read once before the command runs.
#[derive(Default)]
pub struct Data {
    dir: Option<PathBuf>,
    layers: Vec<RawDataset>,
    scenarios: Vec<RawDataset>,
    /// Whether `--data` or `--scenario` was given at all.
    pub named: bool,
}

impl Data {
    /// Checks the data options of the command line `argv` as clap parsed it into `cli`, then
    /// reads the layers after the first `--data` (the first, the dataset, is read as it is
    /// parsed) and the scenarios.
    ///
    /// # Errors
    /// [`Error::Request`] for options given on both sides of the command's name, or several
    /// `--data` for a command that writes into one folder; the errors of reading a layer or a
    /// scenario.
    pub fn new(cli: &Cli, argv: &[OsString]) -> Result<Data, Error> {
        all_data_kept(cli, argv)?;
        if let (Command::Fmt(_) | Command::Add(_), [_, _, ..]) = (&cli.command, cli.data.as_slice())
        {
            return Err(Error::Request(format!(
                "fmt and add write into one dataset folder: give one --data DIR, not {} layers",
                cli.data.len()
            )));
        }
        let dir = match cli.data.first() {
            Some(DataArg::Dir(dir)) => Some(dir.clone()),
            Some(DataArg::Builtin) | None => None,
        };
        let layers = cli
            .data
            .get(1..)
            .unwrap_or_default()
            .iter()
            .map(|arg| match arg {
                DataArg::Builtin => Ok(mesograph::load::builtin()),
                DataArg::Dir(dir) => mesograph::load::read_layer(dir),
            })
            .collect::<Result<_, Error>>()?;
        let scenarios = cli
            .scenario
            .iter()
            .map(|arg| match arg {
                ScenarioArg::Builtin(name) => mesograph::load::builtin_scenario(name)
                    .ok_or_else(|| Error::Request(format!("unknown scenario \"{name}\""))),
                ScenarioArg::Dir(dir) => mesograph::load::read_scenario(dir),
            })
            .collect::<Result<_, Error>>()?;
        let named = !cli.data.is_empty() || !cli.scenario.is_empty();
        Ok(Data { dir, layers, scenarios, named })
    }

    /// The dataset's folder, `None` for the built-in dataset.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Whether scenarios are laid over the dataset.
    pub fn has_scenarios(&self) -> bool {
        !self.scenarios.is_empty()
    }

    /// The graph of the whole history without the scenarios, for a command that looks at
    /// `years`.
    fn load_base(&self, years: Years) -> Result<Loaded, Error> {
        let layers = Layers { data: &self.layers, scenarios: &[] };
        let graph = mesograph::open::load_graph_layered(self.dir(), &layers, Scope::All)?;
        Ok(Loaded { graph: Some(graph), years })
    }

    /// The graph in which only the links active in `within` become edges (every record is
    /// still checked), for a command that looks at `years` (inside `within`).
    fn load_within(&self, within: Scope, years: Years) -> Result<Loaded, Error> {
        mesograph::load::for_input(self.dir());
        let layers = Layers { data: &self.layers, scenarios: &self.scenarios };
        let graph = mesograph::open::load_graph_layered(self.dir(), &layers, within)?;
        Ok(Loaded { graph: Some(graph), years })
    }
}

/// clap keeps the values of a global option from one side of the command name only (given on
/// both sides, the command's side wins): refuses such a command line rather than lose layers or
/// scenarios.
fn all_data_kept(cli: &Cli, argv: &[OsString]) -> Result<(), Error> {
    for (option, kept) in [("--data", cli.data.len()), ("--scenario", cli.scenario.len())] {
        let prefix = format!("{option}=");
        let given = argv
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

/// The years a command looks at (`--year`, or `--from`/`--to`), checked: a window never ends
/// before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Years {
    /// No year given: the whole history.
    All,
    /// One year.
    Year(Year),
    /// A window; an open end falls on the data's first or last year once the data is read.
    Window {
        /// The first year, if given.
        from: Option<Year>,
        /// The last year (inclusive), if given.
        to: Option<Year>,
    },
}

impl Years {
    /// The years of `--year`, `--from` and `--to` (one year excludes a window).
    ///
    /// # Errors
    /// [`Error::Request`] for a window that ends before it starts.
    pub fn new(year: Option<Year>, from: Option<Year>, to: Option<Year>) -> Result<Years, Error> {
        if let (Some(from), Some(to)) = (from, to) {
            Scope::window(from, to)?;
        }
        Ok(match (year, from, to) {
            (Some(year), _, _) => Years::Year(year),
            (None, None, None) => Years::All,
            (None, from, to) => Years::Window { from, to },
        })
    }

    /// The ends of a window as given, `(None, None)` for a year or the whole history.
    pub fn window_ends(self) -> (Option<Year>, Option<Year>) {
        match self {
            Years::Window { from, to } => (from, to),
            Years::All | Years::Year(_) => (None, None),
        }
    }

    /// The years these can reach, known before the dataset is read (an open end of a window
    /// reaches the limit of possible years): the scope of [`Years::scope`] lies inside it.
    fn reach(self) -> Scope {
        self.scope_between(MIN_YEAR, MAX_YEAR).unwrap_or(Scope::All)
    }

    /// The scope these select in `graph`: the whole history when no year is given.
    fn scope(self, graph: &TemporalGraph) -> Result<Scope, Error> {
        let (first, last) = graph.span().unwrap_or((MIN_YEAR, MAX_YEAR));
        self.scope_between(first, last)
    }

    /// The scope these select, an open end of a window falling on `first` or `last`.
    fn scope_between(self, first: Year, last: Year) -> Result<Scope, Error> {
        match self {
            Years::All => Ok(Scope::All),
            Years::Year(year) => Ok(Scope::Year(year)),
            Years::Window { from, to } => Scope::window(from.unwrap_or(first), to.unwrap_or(last)),
        }
    }
}

impl TryFrom<&YearArgs> for Years {
    type Error = Error;

    fn try_from(args: &YearArgs) -> Result<Years, Error> {
        Years::new(args.year, args.from, args.to)
    }
}

/// A command's request: the data, the years it looks at and its output `O` (the formats and the
/// file or folder it writes, as the command resolved them from its options), all checked.
pub struct Request<'a, O = ()> {
    data: &'a Data,
    years: Years,
    output: O,
}

impl<'a, O> Request<'a, O> {
    /// The request for `years` of `data`, answered into `output`.
    pub fn new(data: &'a Data, years: Years, output: O) -> Request<'a, O> {
        Request { data, years, output }
    }

    /// The years asked for.
    pub fn years(&self) -> Years {
        self.years
    }

    /// Where and how the answer is written.
    pub fn output(&self) -> &O {
        &self.output
    }

    /// Whether scenarios are laid over the dataset.
    pub fn has_scenarios(&self) -> bool {
        self.data.has_scenarios()
    }

    /// The graph built for the years the request can reach: only the links active in those
    /// years are made edges. [`Loaded::scope`] is the scope to slice in it.
    pub fn load(&self) -> Result<Loaded, Error> {
        self.data.load_within(self.years.reach(), self.years)
    }

    /// The graph of the whole history, for a command that looks beyond the scope (`render`
    /// places each actor once for every year; `path` names the nearest year two actors not
    /// connected in the scope are). [`Loaded::scope`] is the scope to slice in it.
    pub fn load_whole(&self) -> Result<Loaded, Error> {
        self.data.load_within(Scope::All, self.years)
    }

    /// [`Request::load_whole`] without the scenarios: the dataset as its sources tell it (the
    /// first year of a `diff`).
    pub fn load_base(&self) -> Result<Loaded, Error> {
        self.data.load_base(self.years)
    }
}

/// A loaded graph, which a command uses through `Deref`, with the years its request asked for.
///
/// It is never freed: every command ends the process right after using it, and the system takes
/// back its memory at once, where freeing a million records one by one is slow (see
/// docs/performance.md, "Memory"). Only when commands run one after another in one process, with
/// their output going to a sink ([`super::run_in_sink`], for the fuzz target), is it freed.
pub struct Loaded {
    graph: Option<TemporalGraph>,
    years: Years,
}

impl Loaded {
    /// The scope the request's years select in this graph, inside the years it was built for
    /// (an open end of a window falls on the data's first or last year); the whole history when
    /// none was given. Asked for where the command needs it, so that its other mistakes are
    /// reported in the order they always were.
    ///
    /// # Errors
    /// [`Error::Request`] for a window whose open end falls before its other end.
    pub fn scope(&self) -> Result<Scope, Error> {
        self.years.scope(self)
    }
}

impl std::ops::Deref for Loaded {
    type Target = TemporalGraph;
    fn deref(&self) -> &TemporalGraph {
        // Always `Some` until dropped.
        self.graph.as_ref().unwrap_or_else(|| unreachable!("a graph is held until dropped"))
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        if !sinking() {
            std::mem::forget(self.graph.take());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// The command line `line` as `main` receives it.
    fn argv(line: &[&str]) -> Vec<std::ffi::OsString> {
        std::iter::once("mesograph").chain(line.iter().copied()).map(Into::into).collect()
    }

    /// The year options of a command line.
    #[derive(Parser)]
    struct YearsLine {
        #[command(flatten)]
        years: YearArgs,
    }

    /// The years `line` (the year options of a command) asks for.
    fn years(line: &[&str]) -> Result<Years, Error> {
        Years::try_from(&YearsLine::try_parse_from(argv(line)).unwrap().years)
    }

    fn message(e: Error) -> String {
        match e {
            Error::Request(m) => m,
            other => panic!("not a usage error: {other}"),
        }
    }

    #[test]
    fn the_years_asked_for_become_the_scope_to_slice_inside_the_years_reached() {
        let g = Request::new(&Data::default(), Years::All, ()).load().unwrap();
        let (first, last) = g.span().unwrap();
        let window = |from, to| Scope::Window { from, to };
        for (line, reach, scope) in [
            (&[][..], Scope::All, Scope::All),
            (&["--year", "2005"], Scope::Year(2005), Scope::Year(2005)),
            (&["--from", "2003", "--to", "2008"], window(2003, 2008), window(2003, 2008)),
            // A window of one year is that year.
            (&["--from", "2004", "--to", "2004"], Scope::Year(2004), Scope::Year(2004)),
            // Open ends reach every possible year, and fall on the data's first or last one.
            (&["--from", "2003"], window(2003, MAX_YEAR), window(2003, last)),
            (&["--to", "2008"], window(MIN_YEAR, 2008), window(first, 2008)),
            (&["--from", &last.to_string()], window(last, MAX_YEAR), Scope::Year(last)),
        ] {
            let years = years(line).unwrap();
            assert_eq!((years.reach(), years.scope(&g).unwrap()), (reach, scope), "{line:?}");
        }
        assert_eq!(years(&["--to", "2008"]).unwrap().window_ends(), (None, Some(2008)));
        assert_eq!(years(&["--year", "2008"]).unwrap().window_ends(), (None, None));
    }

    #[test]
    fn a_window_that_ends_before_it_starts_is_refused_before_the_data_is_read_or_once_it_is() {
        let early = years(&["--from", "2010", "--to", "2005"]).unwrap_err();
        assert_eq!(message(early), "the window ends (2005) before it starts (2010)");
        // An open end that falls before the other end once the data's years are known.
        let g = Request::new(&Data::default(), Years::All, ()).load().unwrap();
        let (_, last) = g.span().unwrap();
        let late = years(&["--from", &(last + 1).to_string()]).unwrap();
        assert_eq!(late.reach(), Scope::Window { from: last + 1, to: MAX_YEAR });
        assert_eq!(
            message(late.scope(&g).unwrap_err()),
            format!("the window ends ({last}) before it starts ({})", last + 1)
        );
    }

    #[test]
    fn a_request_loads_only_the_years_it_reaches_and_slices_inside_them() {
        let data = Data::default();
        let years = Years::new(None, Some(2010), Some(2012)).unwrap();
        let graph = Request::new(&data, years, ()).load().unwrap();
        let scope = graph.scope().unwrap();
        let window = Scope::Window { from: 2010, to: 2012 };
        assert_eq!((graph.within(), scope), (window, window));
        let whole = Request::new(&data, years, ()).load_whole().unwrap();
        assert_eq!((whole.within(), whole.scope().unwrap()), (Scope::All, scope));
        assert_eq!(
            Request::new(&data, Years::All, ()).load().unwrap().scope().unwrap(),
            Scope::All
        );
        // Fewer edges, the same slice.
        assert!(graph.graph().edge_count() < whole.graph().edge_count());
        let ids = |g: &TemporalGraph| -> Vec<String> {
            g.slice(scope).links.iter().map(|&e| g.link(e).id()).collect()
        };
        assert_eq!(ids(&graph), ids(&whole));
    }

    /// The graph a request built for some years refuses, loudly, a slice reaching outside them.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a slice of 2009 asked of a graph built for 2010–2012 would lack")]
    fn a_slice_outside_the_years_a_graph_was_built_for_is_refused() {
        let data = Data::default();
        let years = Years::new(None, Some(2010), Some(2012)).unwrap();
        Request::new(&data, years, ()).load().unwrap().slice(Scope::Year(2009));
    }

    #[test]
    fn data_or_scenarios_given_on_both_sides_of_the_command_are_refused() {
        for line in [
            &["--scenario", "frt2", "stats", "--scenario", "frt2"][..],
            &["--scenario=frt2", "diff", "2017", "2027", "--scenario", "frt2"],
            &["--data", "builtin", "check", "--data", "builtin"],
        ] {
            let args = argv(line);
            let cli = Cli::try_parse_from(&args).unwrap();
            let e = message(Data::new(&cli, &args).err().unwrap());
            assert!(e.contains("given 2 times, before and after the command's name"), "{e}");
        }
        // On one side, they are read.
        let args = argv(&["--scenario", "frt2", "--scenario", "frt2", "stats"]);
        let data = Data::new(&Cli::try_parse_from(&args).unwrap(), &args).unwrap();
        assert!(data.has_scenarios() && data.named && data.dir().is_none());
        let args = argv(&["stats"]);
        let data = Data::new(&Cli::try_parse_from(&args).unwrap(), &args).unwrap();
        assert!(!data.has_scenarios() && !data.named);
    }
}
