//! Reads a dataset folder and parses its four files into mesograph's typed records with one
//! parser, then prints the counts (so that nothing is optimised away and every parser is seen to
//! read the same records):
//!
//!   mesograph-parsers PARSER DIR
//!   mesograph-parsers check DIR
//!
//! PARSER is one of:
//! - `mesograph`, the library's own parsing route (`open::parse_without_checks`: a file of 1 MiB
//!   or more cut into chunks of about 8 MiB parsed on two threads, each chunk by sonic-rs as a
//!   JSON array, serde_json for the rest; see `src/load/large/`);
//! - `serde_json`, `sonic-rs`, `simd-json`: each whole file deserialised through serde by that
//!   crate, on one thread;
//! - `serde_json-split`, `sonic-rs-split`, `simd-json-split`: the same crate in mesograph's
//!   two-thread split (see `split.rs`), each half deserialised through serde.
//!
//! Each runs in its own process, with the allocator and page settings of mesograph's binaries,
//! so that the whole process is measured. `check` runs every parser in turn and fails unless
//! each reads the same records as mesograph's route.

#[global_allocator]
static GLOBAL: mesograph::memory::Allocator = mesograph::memory::Allocator;

#[cfg(target_os = "linux")]
#[used]
#[allow(unsafe_code)] // as in mesograph's binaries: huge pages off before anything else
#[unsafe(link_section = ".preinit_array")]
static HUGE_PAGES_OFF: extern "C" fn() = mesograph::memory::huge_pages_off;

mod split;

use mesograph::model::{Actor, ActorsFile, Link, LinksFile, Milestone, MilestonesFile};
use mesograph::model::{Source, SourcesFile};
use serde::de::{DeserializeOwned, DeserializeSeed};
use std::path::Path;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The records of the four files.
#[derive(PartialEq)]
struct Records {
    sources: Vec<Source>,
    actors: Vec<Actor>,
    links: Vec<Link>,
    milestones: Vec<Milestone>,
}

impl Records {
    /// The counts of sources, actors, links and milestones.
    fn counts(&self) -> [usize; 4] {
        [self.sources.len(), self.actors.len(), self.links.len(), self.milestones.len()]
    }
}

fn read(dir: &Path, name: &str) -> Res<Vec<u8>> {
    Ok(std::fs::read(dir.join(name))?)
}

/// A serde-compatible JSON parser.
trait Parser {
    /// A whole document of type `T`.
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T>;
    /// A whole document through `seed` (nothing may follow it but whitespace).
    fn seed<'a, S: DeserializeSeed<'a>>(bytes: &'a mut [u8], seed: S) -> Res<S::Value>;
}

struct SerdeJson;
impl Parser for SerdeJson {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T> {
        Ok(serde_json::from_slice(bytes)?)
    }
    fn seed<'a, S: DeserializeSeed<'a>>(bytes: &'a mut [u8], seed: S) -> Res<S::Value> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let value = seed.deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }
}

struct SonicRs;
impl Parser for SonicRs {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T> {
        Ok(sonic_rs::from_slice(bytes)?)
    }
    fn seed<'a, S: DeserializeSeed<'a>>(bytes: &'a mut [u8], seed: S) -> Res<S::Value> {
        // UTF-8 checked once, by the standard library, as `sonic_rs::from_slice` does.
        let mut de = sonic_rs::Deserializer::from_str(std::str::from_utf8(bytes)?);
        let value = seed.deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }
}

/// simd-json parses in place, so it takes the bytes mutably.
struct SimdJson;
impl Parser for SimdJson {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T> {
        Ok(simd_json::serde::from_slice(bytes)?)
    }
    fn seed<'a, S: DeserializeSeed<'a>>(bytes: &'a mut [u8], seed: S) -> Res<S::Value> {
        // As `simd_json::serde::from_slice`, which refuses anything after the document.
        let mut de = simd_json::Deserializer::from_slice(bytes)?;
        Ok(seed.deserialize(&mut de)?)
    }
}

/// Each whole file through `P`.
fn with<P: Parser>(dir: &Path) -> Res<Records> {
    let s: SourcesFile = P::parse(&mut read(dir, "sources.json")?)?;
    let a: ActorsFile = P::parse(&mut read(dir, "actors.json")?)?;
    let l: LinksFile = P::parse(&mut read(dir, "links.json")?)?;
    let m: MilestonesFile = P::parse(&mut read(dir, "milestones.json")?)?;
    Ok(Records { sources: s.sources, actors: a.actors, links: l.links, milestones: m.milestones })
}

/// Each file through `P` in mesograph's two-thread split when it is large, else whole.
fn with_split<P: Parser>(dir: &Path) -> Res<Records> {
    let s: SourcesFile = split::parse::<P, _>(&mut read(dir, "sources.json")?)?;
    let a: ActorsFile = split::parse::<P, _>(&mut read(dir, "actors.json")?)?;
    let l: LinksFile = split::parse::<P, _>(&mut read(dir, "links.json")?)?;
    let m: MilestonesFile = split::parse::<P, _>(&mut read(dir, "milestones.json")?)?;
    Ok(Records { sources: s.sources, actors: a.actors, links: l.links, milestones: m.milestones })
}

fn with_mesograph(dir: &Path) -> Res<Records> {
    let raw = mesograph::load::read_dir(dir)?;
    let d = mesograph::open::parse_without_checks(&raw)?;
    Ok(Records { sources: d.sources, actors: d.actors, links: d.links, milestones: d.milestones })
}

const PARSERS: [&str; 7] = [
    "mesograph",
    "serde_json",
    "sonic-rs",
    "simd-json",
    "serde_json-split",
    "sonic-rs-split",
    "simd-json-split",
];

fn run(parser: &str, dir: &Path) -> Res<Records> {
    match parser {
        "mesograph" => with_mesograph(dir),
        "serde_json" => with::<SerdeJson>(dir),
        "sonic-rs" => with::<SonicRs>(dir),
        "simd-json" => with::<SimdJson>(dir),
        "serde_json-split" => with_split::<SerdeJson>(dir),
        "sonic-rs-split" => with_split::<SonicRs>(dir),
        "simd-json-split" => with_split::<SimdJson>(dir),
        other => Err(format!("unknown parser {other} (one of {})", PARSERS.join(", ")).into()),
    }
}

/// Fails unless every parser reads the records mesograph's route reads.
fn check(dir: &Path) -> Res<()> {
    let expected = with_mesograph(dir)?;
    for parser in &PARSERS[1..] {
        let records = run(parser, dir)?;
        let counts = records.counts();
        if records != expected {
            return Err(format!("{parser} read other records than mesograph: {counts:?}").into());
        }
        println!("{parser} reads the same records as mesograph {counts:?}");
    }
    Ok(())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [parser, dir] = &args[..] else {
        return Err(format!("usage: mesograph-parsers {}|check DIR", PARSERS.join("|")).into());
    };
    let dir = Path::new(dir);
    // Huge pages and mimalloc for a large input, as the mesograph command decides.
    mesograph::load::for_input(Some(dir));
    // Interned strings share one allocation per value, as when mesograph loads.
    let _interning = mesograph::dataset::interning();
    if parser == "check" {
        return check(dir);
    }
    let counts = run(parser, dir)?.counts();
    println!("{parser} {counts:?}");
    Ok(())
}
