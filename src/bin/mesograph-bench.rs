//! `mesograph-bench`: the helper of the benchmarks (`benches/run.sh`), not part of the user-facing
//! CLI. It generates deterministic synthetic datasets (see `mesograph::synth`) so that no large
//! data is committed, measures the parse floor, and prints per-year counts through the library
//! for the baselines to be checked against.

use mesograph::synth::{Spec, write_dir};
use mesograph::{Scope, TemporalGraph};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The same allocator as the `mesograph` binary, so that phases are timed as the CLI runs them,
/// and the same use of huge pages (the system's allocator and no huge pages, then mimalloc and
/// huge pages for a large input: `mesograph::memory`).
#[global_allocator]
static GLOBAL: mesograph::memory::Allocator = mesograph::memory::Allocator;

#[cfg(target_os = "linux")]
#[used]
#[allow(unsafe_code)] // runs memory::huge_pages_off before anything else (see src/platform/memory.rs)
#[unsafe(link_section = ".preinit_array")]
static HUGE_PAGES_OFF: extern "C" fn() = mesograph::memory::huge_pages_off;

const USAGE: &str = "usage:
  mesograph-bench gen SIZE OUT_DIR [--seed N]        SIZE: S, M, L or XL
  mesograph-bench gen --actors N --links N OUT_DIR [--seed N]
  mesograph-bench floor DIR        read the files, parse them into serde::de::IgnoredAny
  mesograph-bench phases DIR YEAR  time each library phase once (read, parse, validate, build...)
  mesograph-bench counts DIR [--from Y] [--to Y]   actors and links of each year (1990-2030)
  mesograph-bench files LIST OUT_DIR   write files of the names and sizes LIST gives (lines
                                   'NAME SIZE') as mesograph writes its outputs, and nothing else

Sizes: S = 60 actors / 150 links, M = 10^4 / 10^5, L = 10^5 / 10^6, XL = 10^6 / 5*10^6.";

type Res<T> = Result<T, String>;

fn number(v: Option<&String>, what: &str) -> Res<u64> {
    v.and_then(|v| v.parse().ok()).ok_or_else(|| format!("{what} needs a number"))
}

fn generate(args: &[String]) -> Res<()> {
    let mut spec: Option<Spec> = None;
    let (mut actors, mut links, mut seed, mut out) = (None, None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--actors" => actors = Some(number(it.next(), "--actors")? as usize),
            "--links" => links = Some(number(it.next(), "--links")? as usize),
            "--seed" => seed = Some(number(it.next(), "--seed")?),
            s if spec.is_none() && Spec::named(s).is_some() => spec = Spec::named(s),
            s if out.is_none() && !s.starts_with('-') => out = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument \"{s}\"")),
        }
    }
    let mut spec = match (spec, actors, links) {
        (Some(s), None, None) => s,
        (None, Some(actors), Some(links)) if actors >= 2 => Spec { actors, links, seed: 1 },
        _ => return Err("give a SIZE, or both --actors (at least 2) and --links".into()),
    };
    if let Some(seed) = seed {
        spec.seed = seed;
    }
    let out = out.ok_or("missing OUT_DIR")?;
    write_dir(&spec, &out).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} actors, {} links (seed {}) into {}",
        spec.actors,
        spec.links,
        spec.seed,
        out.display()
    );
    Ok(())
}

/// The floor of any pipeline over these files: reading them, and parsing them as JSON while
/// building nothing.
fn floor(dir: &Path) -> Res<()> {
    mesograph::load::for_input(Some(dir));
    let t = Instant::now();
    let mut files = Vec::new();
    for f in mesograph::load::DataFile::ALL {
        let path = dir.join(f.file_name());
        if let Ok(bytes) = std::fs::read(&path) {
            files.push(bytes);
        }
    }
    let read = t.elapsed();
    let t = Instant::now();
    for bytes in &files {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|e| e.to_string())?;
    }
    let parse = t.elapsed();
    let total: usize = files.iter().map(Vec::len).sum();
    println!("floor bytes {total}");
    println!("floor read {:.4}", read.as_secs_f64());
    println!("floor parse {:.4}", parse.as_secs_f64());
    Ok(())
}

fn counts(dir: &Path, args: &[String]) -> Res<()> {
    let (mut from, mut to) = (mesograph::synth::FIRST, mesograph::synth::LAST);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--from" => from = number(it.next(), "--from")? as i32,
            "--to" => to = number(it.next(), "--to")? as i32,
            s => return Err(format!("unexpected argument \"{s}\"")),
        }
    }
    let graph = mesograph::load_graph(Some(dir)).map_err(|e| e.to_string())?;
    for year in from..=to {
        let slice = graph.slice(Scope::Year(year));
        println!("counts {year} {} {}", slice.actors.len(), slice.links.len());
    }
    Ok(())
}

/// The time of each library phase on one dataset, in one process: what `cargo bench` measures
/// with statistics, printed once for a quick look while profiling.
fn phases(dir: &Path, year: i32) -> Res<()> {
    use mesograph::load::read_dir;
    use mesograph::open::parse_without_checks;
    mesograph::load::for_input(Some(dir));
    let lap = |name: &str, t: Instant| {
        // Resident and peak resident memory so far (Linux), to see which phase holds the peak.
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kib = |key: &str| {
            status.lines().find(|l| l.starts_with(key)).map_or("?", |l| l[key.len()..].trim())
        };
        println!(
            "phase {name} {:.4}  (rss {}, peak {})",
            t.elapsed().as_secs_f64(),
            kib("VmRSS:"),
            kib("VmHWM:")
        );
    };
    println!(
        "sizes: Link {} B, Actor {} B, Citation {} B, graph edge {} B",
        std::mem::size_of::<mesograph::Link>(),
        std::mem::size_of::<mesograph::Actor>(),
        std::mem::size_of::<mesograph::model::Citation>(),
        std::mem::size_of::<petgraph::graph::Edge<()>>()
    );
    // First exactly what the command does (so the peak is the command's), then the parts apart.
    let t = Instant::now();
    let graph = mesograph::load_graph(Some(dir)).map_err(|e| e.to_string())?;
    lap("load_graph (read, parse, validate, build)", t);
    let t = Instant::now();
    let slice = graph.slice(Scope::Year(year));
    lap("slice", t);
    for format in [mesograph::Format::Json, mesograph::Format::Dot] {
        let t = Instant::now();
        let out = mesograph::export(&graph, &slice, format).map_err(|e| e.to_string())?;
        lap(&format!("export-{format} ({} bytes)", out.len()), t);
    }
    let t = Instant::now();
    let raw = read_dir(dir).map_err(|e| e.to_string())?;
    lap("read again", t);
    let t = Instant::now();
    let dataset = parse_without_checks(&raw).map_err(|e| e.to_string())?;
    lap("parse only", t);
    drop(raw);
    let t = Instant::now();
    let problems = mesograph::validate::check(&dataset);
    lap("validate only", t);
    assert!(problems.is_empty());
    let t = Instant::now();
    let built = TemporalGraph::new(dataset);
    lap("build only (TemporalGraph::new, ends looked up)", t);
    drop(built);
    let t = Instant::now();
    drop(graph);
    lap("drop", t);
    Ok(())
}

/// The floor of a command that writes many files: files of the names and sizes `list` gives
/// (lines `NAME SIZE`, as `stat -c '%n %s'` prints them), written into `out` as `mesograph`
/// writes a set of outputs (`output::write_files_parallel`: each into a new temporary file beside
/// its target, on as many threads, then all renamed onto their targets), with no work to make
/// the bytes. Whatever a command writing the same files takes beyond this process is its own.
fn files(list: &Path, out: &Path) -> Res<()> {
    use std::io::Write;
    let text = std::fs::read_to_string(list).map_err(|e| format!("{}: {e}", list.display()))?;
    let mut wanted = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = || format!("{}:{}: expected NAME SIZE, found {line:?}", list.display(), i + 1);
        let (name, size) = line.rsplit_once(' ').ok_or_else(bad)?;
        let size: usize = size.parse().map_err(|_| bad())?;
        if name.is_empty() || name.contains('/') {
            return Err(bad());
        }
        wanted.push((out.join(name), out.join(format!(".floor-{name}")), size));
    }
    // Written a chunk at a time, as mesograph's exporters hand their bytes to the file
    // (`export::Sink`): a buffer as large as the largest file would add its fresh pages.
    let chunk = vec![b'x'; mesograph::export::Sink::SIZE];
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |(target, temporary, size): &(PathBuf, PathBuf, usize)| -> Res<()> {
        let io = |e: std::io::Error| format!("{}: {e}", target.display());
        let mut file =
            std::fs::OpenOptions::new().write(true).create_new(true).open(temporary).map_err(io)?;
        let mut left = *size;
        while left > 0 {
            let n = left.min(chunk.len());
            file.write_all(&chunk[..n]).map_err(io)?;
            left -= n;
        }
        Ok(())
    };
    let threads = mesograph::output::writer_threads().clamp(1, wanted.len().max(1));
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (wanted, write) = (&wanted, &write);
                s.spawn(move || wanted.iter().skip(t).step_by(threads).try_for_each(write))
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().map_err(|_| "a writer panicked".to_string())?)
    })?;
    for (target, temporary, _) in &wanted {
        std::fs::rename(temporary, target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

fn run(args: &[String]) -> Res<()> {
    match args {
        [cmd, rest @ ..] if cmd == "gen" => generate(rest),
        [cmd, dir] if cmd == "floor" => floor(Path::new(dir)),
        [cmd, dir, year] if cmd == "phases" => {
            phases(Path::new(dir), number(Some(year), "YEAR")? as i32)
        }
        [cmd, dir, rest @ ..] if cmd == "counts" => counts(Path::new(dir), rest),
        [cmd, list, out] if cmd == "files" => files(Path::new(list), Path::new(out)),
        _ => Err(String::new()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("mesograph-bench: {e}");
            }
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
