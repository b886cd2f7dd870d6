//! Reads a dataset folder and parses its four files into mesograph's typed records with one
//! parser, then prints the counts (so that nothing is optimised away and every parser is seen to
//! read the same records):
//!
//!   mesograph-parsers mesograph|serde_json|sonic-rs|simd-json DIR
//!
//! `mesograph` is the library's own parsing route (`load::parse_without_checks`: the hand-written
//! link reader of `src/load/fast.rs`, serde_json for everything it does not take); the others
//! deserialise each whole file through serde with that crate. Run each in its own process, with
//! the allocator and page settings of mesograph's binaries, so that the whole process is measured.

#[global_allocator]
static GLOBAL: mesograph::memory::Allocator = mesograph::memory::Allocator;

#[cfg(target_os = "linux")]
#[used]
#[allow(unsafe_code)] // as in mesograph's binaries: huge pages off before anything else
#[unsafe(link_section = ".preinit_array")]
static HUGE_PAGES_OFF: extern "C" fn() = mesograph::memory::huge_pages_off;

use mesograph::model::{ActorsFile, LinksFile, MilestonesFile, SourcesFile};
use serde::de::DeserializeOwned;
use std::path::Path;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The counts of sources, actors, links and milestones.
type Counts = [usize; 4];

fn read(dir: &Path, name: &str) -> Res<Vec<u8>> {
    Ok(std::fs::read(dir.join(name))?)
}

/// A serde-compatible JSON parser.
trait Parser {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T>;
}

struct SerdeJson;
impl Parser for SerdeJson {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T> {
        Ok(serde_json::from_slice(bytes)?)
    }
}

struct SonicRs;
impl Parser for SonicRs {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T> {
        Ok(sonic_rs::from_slice(bytes)?)
    }
}

/// simd-json parses in place, so it takes the bytes mutably.
struct SimdJson;
impl Parser for SimdJson {
    fn parse<T: DeserializeOwned>(bytes: &mut [u8]) -> Res<T> {
        Ok(simd_json::serde::from_slice(bytes)?)
    }
}

/// Each whole file through `P`.
fn with<P: Parser>(dir: &Path) -> Res<Counts> {
    let s: SourcesFile = P::parse(&mut read(dir, "sources.json")?)?;
    let a: ActorsFile = P::parse(&mut read(dir, "actors.json")?)?;
    let l: LinksFile = P::parse(&mut read(dir, "links.json")?)?;
    let m: MilestonesFile = P::parse(&mut read(dir, "milestones.json")?)?;
    Ok([s.sources.len(), a.actors.len(), l.links.len(), m.milestones.len()])
}

fn with_mesograph(dir: &Path) -> Res<Counts> {
    let raw = mesograph::load::read_dir(dir)?;
    let d = mesograph::open::parse_without_checks(&raw)?;
    Ok([d.sources.len(), d.actors.len(), d.links.len(), d.milestones.len()])
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [parser, dir] = &args[..] else {
        return Err("usage: mesograph-parsers mesograph|serde_json|sonic-rs|simd-json DIR".into());
    };
    let dir = Path::new(dir);
    // Huge pages and mimalloc for a large input, as the mesograph command decides.
    mesograph::load::for_input(Some(dir));
    // Interned strings share one allocation per value, as when mesograph loads.
    let _interning = mesograph::dataset::interning();
    let counts = match parser.as_str() {
        "mesograph" => with_mesograph(dir)?,
        "serde_json" => with::<SerdeJson>(dir)?,
        "sonic-rs" => with::<SonicRs>(dir)?,
        "simd-json" => with::<SimdJson>(dir)?,
        other => return Err(format!("unknown parser {other}").into()),
    };
    println!("{parser} {counts:?}");
    Ok(())
}
