//! Synthetic datasets for benchmarks and scale tests, in mesograph's own format.
//!
//! Real institutional graphs are far larger than the built-in dataset (all the research
//! structures of a country are ~10⁵ actors), so the cost of every phase is measured on generated
//! data. The records are the library's own model types, serialised by serde, so the output is
//! always a dataset that `mesograph check` accepts; the checks are in the tests below and in
//! `tests/it/synth.rs`.
//!
//! The generator is deterministic: a seed and a size give byte-identical files on every machine
//! (a hand-written SplitMix64, not a crate whose streams may change between versions). Its data
//! is shaped like the real thing: years 1990–2030, about 45 % of actors with an end year, links
//! inside both actors' lifetimes with degrees skewed by preferential attachment, parallel links
//! of different kinds for a pair, every record cited, and a few names with quotes, backslashes
//! and non-ASCII letters so that exporters' escaping is exercised at scale.
//!
//! ```
//! use mesograph::synth::{Spec, raw};
//!
//! // The benchmarks' smallest size: 60 actors and 150 links, the same bytes on every machine.
//! let spec = Spec::named("S").expect("a named size");
//! let dataset = mesograph::open::parse(&raw(&spec))?;
//! assert_eq!((dataset.actors.len(), dataset.links.len()), (60, 150));
//! # Ok::<(), mesograph::Error>(())
//! ```

use crate::model::{
    Actor, ActorKind, Citation, Confidence, Figure, Link, LinkKind, Milestone, NameSpan, Source,
    SourceKind, Year,
};
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

/// The first year of a synthetic dataset.
pub const FIRST: Year = 1990;
/// The last year of a synthetic dataset.
pub const LAST: Year = 2030;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Number of actors (at least 2).
    pub actors: usize,
    /// Number of links.
    pub links: usize,
    /// The seed: the same spec gives the same bytes.
    pub seed: u64,
}

impl Spec {
    /// The named sizes of the benchmarks: `S` (60 actors / 150 links), `M` (10⁴ / 10⁵),
    /// `L` (10⁵ / 10⁶) and `XL` (10⁶ / 5·10⁶), with seed 1.
    pub fn named(name: &str) -> Option<Spec> {
        let (actors, links) = match name.to_ascii_uppercase().as_str() {
            "S" => (60, 150),
            "M" => (10_000, 100_000),
            "L" => (100_000, 1_000_000),
            "XL" => (1_000_000, 5_000_000),
            _ => return None,
        };
        Some(Spec { actors, links, seed: 1 })
    }
}

/// SplitMix64: tiny, fast, and its stream is fixed forever.
#[derive(Debug, Clone)]
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`); the tiny modulo bias does not matter here.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A year in `lo..=hi`.
    fn year(&mut self, lo: Year, hi: Year) -> Year {
        lo + self.below((hi - lo + 1) as usize) as Year
    }

    fn pick<T: Copy>(&mut self, all: &[T]) -> T {
        all[self.below(all.len())]
    }
}

const WORDS: &[&str] = &["lab", "centre", "univ", "agence", "reseau", "gdr", "prog", "meso"];
const NAMES: &[&str] = &[
    "Laboratoire",
    "Centre de calcul",
    "Université",
    "Agence",
    "Réseau",
    "Groupement",
    "Programme",
    "Mésocentre",
];

/// The ids of the web sources.
fn web_sources(spec: &Spec) -> usize {
    (spec.actors / 1000).max(3)
}

fn sources(spec: &Spec) -> Vec<Source> {
    let mut sections: Vec<String> = (FIRST..=LAST).map(|y| y.to_string()).collect();
    sections.push("title".into());
    let mut out = vec![Source {
        id: "synth-deck".into(),
        kind: SourceKind::Deck,
        title: "Synthetic deck — « generated » for benchmarks".into(),
        url: None,
        authors: vec!["mesograph".into()],
        date: Some("2030-01-01".into()),
        sections,
        note: Some("Generated data: every fact here is made up.".into()),
    }];
    for i in 0..web_sources(spec) {
        out.push(Source {
            id: format!("web-{i}"),
            kind: SourceKind::Web,
            title: format!("Page {i}"),
            url: Some(format!("https://example.org/pages/{i}")),
            authors: vec![],
            date: None,
            sections: vec![],
            note: None,
        });
    }
    out
}

fn citations(rng: &mut Rng, spec: &Spec, year: Year) -> Vec<Citation> {
    let one = |rng: &mut Rng| {
        if rng.chance(60) {
            Citation { source: "synth-deck".into(), locator: year.to_string().into() }
        } else {
            let page = rng.below(web_sources(spec));
            Citation {
                source: format!("web-{page}").into(),
                locator: format!("§{}", rng.below(40) + 1).into(),
            }
        }
    };
    let mut out = vec![one(rng)];
    if rng.chance(20) {
        let second = one(rng);
        if second != out[0] {
            out.push(second);
        }
    }
    out
}

fn actor(rng: &mut Rng, spec: &Spec, i: usize) -> Actor {
    let kind = rng.pick(ActorKind::ALL);
    let word = WORDS[i % WORDS.len()];
    let label = NAMES[i % NAMES.len()];
    // Actor 0 opens the span and actor 1 closes it, so every dataset covers 1990–2030.
    let start = if i == 0 { FIRST } else { rng.year(FIRST, LAST) };
    let end = match i {
        1 => Some(LAST),
        _ if rng.chance(45) => Some(rng.year(start, LAST)),
        _ => None,
    };
    let name = match i % 97 {
        // The awkward ones: quotes, a backslash, non-Latin letters, a DOT keyword.
        3 => format!("{label} \"Méso\" n°{i} \\ Ψ"),
        5 => format!("node {i} <b>&amp;</b> 'x'"),
        7 => format!("{label} {i} — 計算センター"),
        _ => format!("{label} {i}"),
    };
    let names = if rng.chance(5) && end.unwrap_or(LAST) > start {
        let last = end.unwrap_or(LAST);
        let until = rng.year(start, last - 1);
        vec![NameSpan {
            name: format!("Ancien {label} {i}"),
            start,
            end: Some(until),
            citations: citations(rng, spec, start),
        }]
    } else {
        vec![]
    };
    Actor {
        id: format!("{word}-{i}"),
        full_name: rng.chance(30).then(|| format!("{label} numéro {i} de l'ensemble synthétique")),
        kind,
        start,
        end,
        aliases: if rng.chance(20) { vec![format!("{}{i}", word.to_uppercase())] } else { vec![] },
        names,
        citations: citations(rng, spec, start),
        note: rng.chance(10).then(|| format!("Note on \"{name}\": generated.")),
        name,
    }
}

/// The last year an actor is active, with an open end read as the end of the span.
fn last(a: &Actor) -> Year {
    a.end.unwrap_or(LAST)
}

/// Writes `{"KEY": [` then each record on its own line, then `]}`.
fn write_records<W: Write, T: serde::Serialize>(
    out: &mut W,
    key: &str,
    records: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    writeln!(out, "{{\"{key}\": [")?;
    for (i, r) in records.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &r)?;
    }
    out.write_all(b"\n]}\n")
}

/// Generates a dataset into four writers: `sources.json`, `actors.json`, `links.json` and
/// `milestones.json`, in that order. Links are streamed, so memory stays at the actors'.
///
/// # Errors
/// Whatever the writers return.
pub fn generate<W: Write>(spec: &Spec, files: [&mut W; 4]) -> io::Result<()> {
    let [sources_out, actors_out, links_out, milestones_out] = files;
    let mut rng = Rng(spec.seed ^ 0x6D65_736F_6772_6170);
    let n = spec.actors.max(2);
    write_records(sources_out, "sources", sources(spec))?;
    let actors: Vec<Actor> = (0..n).map(|i| actor(&mut rng, spec, i)).collect();
    write_records(actors_out, "actors", &actors)?;

    // Preferential attachment: most endpoints are drawn from the urn of past endpoints, so an
    // actor's chance of a new link grows with its degree; the rest are uniform.
    let mut urn: Vec<u32> = Vec::with_capacity(spec.links * 2);
    let mut seen: HashSet<(u32, u32, u8, Year)> = HashSet::with_capacity(spec.links);
    let mut previous: Option<(u32, u32)> = None;
    // The pairs linked by `succeeds`: a pair that already succeeds the other way round gets a
    // partnership instead (two actors succeeding each other is refused by validation), without
    // drawing anything more, so that the rest of the dataset stays as it was.
    let mut successions: HashSet<(u32, u32)> = HashSet::new();
    let draw = |rng: &mut Rng, urn: &[u32]| -> u32 {
        if !urn.is_empty() && rng.chance(80) {
            urn[rng.below(urn.len())]
        } else {
            rng.below(n) as u32
        }
    };
    let kinds = LinkKind::ALL;
    let mut written = 0;
    writeln!(links_out, "{{\"links\": [")?;
    while written < spec.links {
        // One link in ten adds another kind to the previous pair.
        let (a, b) = match previous {
            Some(pair) if rng.chance(10) => pair,
            _ => (draw(&mut rng, &urn), draw(&mut rng, &urn)),
        };
        let (fa, fb) = (&actors[a as usize], &actors[b as usize]);
        let (lo, hi) = (fa.start.max(fb.start), last(fa).min(last(fb)));
        if a == b || lo > hi {
            previous = None;
            continue;
        }
        let mut kind = rng.below(kinds.len());
        if kinds[kind] == LinkKind::Succeeds && successions.contains(&(b, a)) {
            kind = kinds.iter().position(|&k| k == LinkKind::PartnersWith).unwrap_or(kind);
        }
        let start = rng.year(lo, hi);
        if !seen.insert((a, b, kind as u8, start)) {
            previous = None;
            continue;
        }
        // An open end lasts as long as both actors; a stated one falls inside both lives.
        let end = if rng.chance(40) { Some(rng.year(start, hi)) } else { None };
        let confidence = match rng.below(100) {
            0..=6 => Confidence::Inferred,
            7..=9 => Confidence::Proposed,
            _ => Confidence::Stated,
        };
        let note = (confidence == Confidence::Inferred || rng.chance(5))
            .then(|| format!("Read from page {} \\ \"synthetic\"", rng.below(1000)));
        let link = Link {
            from: fa.id.as_str().into(),
            to: fb.id.as_str().into(),
            kind: kinds[kind],
            start,
            end,
            citations: citations(&mut rng, spec, start),
            confidence,
            note,
        };
        if written > 0 {
            links_out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *links_out, &link)?;
        if kinds[kind] == LinkKind::Succeeds {
            successions.insert((a, b));
        }
        urn.extend([a, b]);
        previous = Some((a, b));
        written += 1;
    }
    links_out.write_all(b"\n]}\n")?;

    let milestones = (0..n / 20).map(|i| {
        let a = &actors[rng.below(n)];
        let year = rng.year(a.start, last(a));
        Milestone {
            actor: a.id.clone(),
            year,
            title: format!("Journée {i}"),
            place: rng.chance(50).then(|| "Paris".to_string()),
            related: if rng.chance(30) { vec![actors[rng.below(n)].id.clone()] } else { vec![] },
            figures: if rng.chance(40) {
                vec![Figure {
                    name: "registrations".into(),
                    value: rng.below(500) as f64,
                    unit: Some("people".into()),
                }]
            } else {
                vec![]
            },
            citations: citations(&mut rng, spec, year),
            note: None,
        }
    });
    write_records(milestones_out, "milestones", milestones)?;
    Ok(())
}

/// Generates a dataset in memory, as the loader takes it (`open::parse`).
pub fn raw(spec: &Spec) -> crate::dataset::RawDataset {
    let mut bufs: [Vec<u8>; 4] = Default::default();
    let [a, b, c, d] = &mut bufs;
    // Writing into memory cannot fail.
    let _ = generate(spec, [a, b, c, d]);
    let [a, b, c, d] = bufs;
    let file = |name: &str, bytes| (format!("synth/{name}"), Some(bytes));
    crate::dataset::RawDataset {
        name: "synth".into(),
        files: [
            file("sources.json", a),
            file("actors.json", b),
            file("links.json", c),
            file("milestones.json", d),
        ],
        meta: (format!("synth/{}", crate::dataset::META_FILE), None),
    }
}

/// Generates a dataset into folder `dir` (created if missing).
///
/// # Errors
/// [`crate::Error::Io`] naming the file that cannot be written.
pub fn write_dir(spec: &Spec, dir: &Path) -> crate::Result<()> {
    use crate::dataset::DataFile;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| crate::Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let open = |f: DataFile| {
        let path = dir.join(f.file_name());
        std::fs::File::create(&path).map(io::BufWriter::new).map_err(io(&path))
    };
    let mut files = [
        open(DataFile::Sources)?,
        open(DataFile::Actors)?,
        open(DataFile::Links)?,
        open(DataFile::Milestones)?,
    ];
    let [a, b, c, d] = &mut files;
    generate(spec, [a, b, c, d]).map_err(io(dir))?;
    for f in &mut files {
        f.flush().map_err(io(dir))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Scope, TemporalGraph};

    fn spec(actors: usize, links: usize) -> Spec {
        Spec { actors, links, seed: 7 }
    }

    #[test]
    fn generated_datasets_validate_and_span_the_years() {
        for s in [Spec::named("S").unwrap(), spec(2000, 10_000)] {
            let dataset = crate::open::parse(&raw(&s)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((dataset.actors.len(), dataset.links.len()), (s.actors, s.links));
            let graph = TemporalGraph::new(dataset);
            assert_eq!(graph.span(), Some((FIRST, LAST)));
            assert!(!graph.slice(Scope::Year(2010)).links.is_empty());
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = raw(&spec(300, 1000));
        let b = raw(&spec(300, 1000));
        let c = raw(&Spec { seed: 8, ..spec(300, 1000) });
        assert_eq!(a.files, b.files);
        assert_ne!(a.files, c.files);
    }

    #[test]
    fn shape_ends_parallel_links_skew_and_awkward_names() {
        let d = crate::open::parse(&raw(&spec(2000, 10_000))).unwrap();
        let ended = d.actors.iter().filter(|a| a.end.is_some()).count() as f64;
        assert!((0.40..0.50).contains(&(ended / 2000.0)), "{ended}");
        let mut pairs = HashSet::new();
        let mut degree = std::collections::HashMap::<&str, usize>::new();
        let mut parallel = 0;
        for l in &d.links {
            if !pairs.insert((&l.from, &l.to)) {
                parallel += 1;
            }
            *degree.entry(&l.from).or_default() += 1;
            *degree.entry(&l.to).or_default() += 1;
        }
        assert!(parallel > 500, "{parallel}");
        let max = degree.values().max().copied().unwrap_or(0);
        assert!(max > 10 * 20_000 / 2000, "preferential attachment makes hubs: {max}");
        assert!(d.actors.iter().any(|a| a.name.contains('"') && a.name.contains('\\')));
        assert!(d.actors.iter().any(|a| !a.name.is_ascii()));
    }
}
