//! The library's phases at sizes M (10⁴ actors / 10⁵ links) and L (10⁵ / 10⁶), on synthetic data
//! generated in memory (`mesograph::synth`, seed 1, as `mesograph-bench gen` writes it):
//! the parse floor (serde_json into `IgnoredAny`), parse, validate, build, slice, export DOT and
//! JSON, and loading from a folder as the command does (a large `links.json` read in chunks). `cargo bench` runs them all in a few minutes; `cargo bench -- M` only size M.
//! Whole-process timings against networkx and raphtory are `benches/run.sh`'s (docs/performance.md).

use divan::Bencher;
use mesograph::load::RawDataset;
use mesograph::open::{parse, parse_without_checks};
use mesograph::synth::Spec;
use mesograph::{Dataset, Format, Scope, TemporalGraph, export};
use std::sync::OnceLock;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SIZES: &[&str] = &["M", "L"];
/// The year sliced and exported: mid-span, about a quarter of the links.
const YEAR: i32 = 2010;

struct Fixture {
    /// The same dataset written into a folder, for [`load_folder`].
    dir: tempfile::TempDir,
    raw: RawDataset,
    dataset: Dataset,
    graph: TemporalGraph,
}

fn fixture(size: &str) -> &'static Fixture {
    static M: OnceLock<Fixture> = OnceLock::new();
    static L: OnceLock<Fixture> = OnceLock::new();
    let cell = if size == "M" { &M } else { &L };
    cell.get_or_init(|| {
        let spec = Spec::named(size).expect("a named size");
        let raw = mesograph::synth::raw(&spec);
        let dir = tempfile::tempdir().expect("a temporary folder");
        mesograph::synth::write_dir(&spec, dir.path()).expect("a writable temporary folder");
        let dataset = parse(&raw).expect("generated data is valid");
        let graph = TemporalGraph::new(dataset.clone());
        Fixture { dir, raw, dataset, graph }
    })
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn floor_ignored_any(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| {
        for (_, bytes) in &f.raw.files {
            let bytes = bytes.as_deref().unwrap_or_default();
            serde_json::from_slice::<serde::de::IgnoredAny>(bytes).expect("valid JSON");
        }
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn parse_files(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| parse_without_checks(&f.raw).expect("valid"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_folder(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| mesograph::load(Some(f.dir.path())).expect("valid"));
}

/// What a command does before it slices: read, parse, validate and build, each link's actors
/// found once while parsing.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_graph_folder(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| mesograph::load_graph(Some(f.dir.path())).expect("valid"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn validate(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| assert!(mesograph::validate::check(&f.dataset).is_empty()));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn build(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.with_inputs(|| f.dataset.clone()).bench_values(TemporalGraph::new);
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn slice_one_year(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| f.graph.slice(Scope::Year(YEAR)));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn export_dot(bencher: Bencher, size: &str) {
    let f = fixture(size);
    let slice = f.graph.slice(Scope::Year(YEAR));
    bencher.bench(|| export(&f.graph, &slice, Format::Dot).expect("export"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn export_json(bencher: Bencher, size: &str) {
    let f = fixture(size);
    let slice = f.graph.slice(Scope::Year(YEAR));
    bencher.bench(|| export(&f.graph, &slice, Format::Json).expect("export"));
}
