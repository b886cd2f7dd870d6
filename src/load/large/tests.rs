//! The large-input routes give what the ordinary path gives, or give up.

use super::*;
use crate::dataset::ends::ActorIx;
use crate::load::tests::generated;
use crate::model::ActorsFile;

#[test]
fn parsing_on_two_threads_gives_what_serde_gives() {
    use crate::model::{ActorsFile, LinksFile};
    let spec = crate::synth::Spec { actors: 2000, links: 12_000, seed: 5 };
    let raw = crate::synth::raw(&spec);
    let links = std::str::from_utf8(raw.files[2].1.as_deref().unwrap()).unwrap();
    assert!(links.len() > split::MIN_BYTES);
    let expected: LinksFile = serde_json::from_str(links).unwrap();
    assert_eq!(split::parse::<LinksFile>("links", links), Some(expected.clone()));
    // A "$schema" first, other whitespace, and `},{` inside strings all around the middle:
    // the guessed boundary is wrong at first and the result is still exact.
    let tricky = links
        .replacen("{\"links\": [", "{ \"$schema\" : \"s.json\" ,\n \"links\":[ ", 1)
        .replace("\"confidence\":\"stated\"}", "\"note\":\"}, {\",\"confidence\":\"stated\"}");
    let expected: LinksFile = serde_json::from_str(&tricky).unwrap();
    assert!(expected.links.iter().any(|l| l.note.as_deref() == Some("}, {")));
    assert_eq!(split::parse::<LinksFile>("links", &tricky).as_ref(), Some(&expected));
    // The same text in ~100 chunks: a cut at `}, {` inside a note would not be a record start.
    let chunked = |text: &str| {
        stream::chunked::<LinksFile, [u8]>("links", text.as_bytes(), 12 << 10, 0, None)
    };
    assert_eq!(chunked(&tricky), Some((expected, Vec::new())));
    // Anything wrong: the ordinary path decides.
    let broken = links.replacen("\"confidence\":\"", "\"confidence\":\"x", 7000);
    assert_eq!(split::parse::<LinksFile>("links", &broken), None);
    assert_eq!(chunked(&broken), None);
    let trailing = format!("{links} x");
    assert_eq!(split::parse::<LinksFile>("links", &trailing), None);
    assert_eq!(split::parse::<ActorsFile>("actors", links), None, "wrong key");
}

fn whole(path: &Path) -> LinksFile {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The actor ids of a generated dataset, tagged with their indices as `load` seeds them.
fn actor_ids(dir: &Path) -> Vec<String> {
    let actors: ActorsFile =
        serde_json::from_slice(&std::fs::read(dir.join("actors.json")).unwrap()).unwrap();
    actors.actors.into_iter().map(|a| a.id).collect()
}

/// The indices of the actors at both ends of each link, found by their ids.
fn ends_by_id(ids: &[String], links: &[crate::model::Link]) -> Vec<Ends> {
    let find = |id: &crate::model::Interned| {
        ids.iter().position(|a| a == id).map_or(ActorIx::NONE, ActorIx::new)
    };
    links.iter().map(|l| Ends { from: find(&l.from), to: find(&l.to) }).collect()
}

#[test]
fn links_read_in_chunks_are_the_links_of_the_whole_file_with_their_actors() {
    let dir = generated(200, 3000);
    let (path, ids) = (dir.path().join("links.json"), actor_ids(dir.path()));
    let tagged = ids.iter().enumerate().map(|(i, id)| (id.as_str(), ActorIx::new(i)));
    let seed = std::sync::Arc::new(Seed::new(tagged));
    let mut expected = whole(&path);
    assert_eq!(expected.links.len(), 3000);
    let ends = ends_by_id(&ids, &expected.links);
    assert!(ends.iter().all(|e| e.both().is_some()));
    // One record per line (the generator's layout), cut into ~40 chunks.
    let streamed = stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &seed);
    assert_eq!(streamed.as_ref(), Some(&(expected.clone(), ends)));
    // Pretty-printed: the citations nested in each record look like record boundaries too.
    // An actor that is not in the seed is not tagged.
    expected.links[2000].to = "nobody".into();
    let mut pretty = serde_json::to_vec_pretty(&expected).unwrap();
    pretty.splice(1..1, *b"\n  \"$schema\": \"../schema/links.schema.json\",");
    std::fs::write(&path, &pretty).unwrap();
    expected.schema = Some("../schema/links.schema.json".into());
    let ends = ends_by_id(&ids, &expected.links);
    assert_eq!(ends[2000].to, ActorIx::NONE);
    let streamed = stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &seed);
    assert_eq!(streamed, Some((expected, ends)));
}

#[test]
fn a_chunk_that_does_not_parse_exactly_sends_the_file_the_ordinary_way() {
    let dir = generated(200, 3000);
    let path = dir.path().join("links.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let chunked = |text: &str| {
        std::fs::write(&path, text).unwrap();
        stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &Default::default())
    };
    assert!(chunked(&text).is_some());
    let middle = text.len() / 2;
    let line = middle + text[middle..].find('\n').unwrap() + 1;
    // A broken record, a wrong type, an array closed early, trailing data, a BOM.
    let broken = format!("{}{{\"from\":{}", &text[..line], &text[line..]);
    assert_eq!(chunked(&broken), None);
    let wrong = text.replacen("\"start\":", "\"start\":\"x\",\"y\":", 2000);
    assert_eq!(chunked(&wrong), None);
    let early = format!("{}]}}\n{}", &text[..line - 2], &text[line..]);
    assert_eq!(chunked(&early), None);
    assert_eq!(chunked(&format!("{text}x")), None);
    assert_eq!(chunked(&format!("\u{feff}{text}")), None);
}

/// A generated dataset with `note` (as written in JSON) given to every fifth link that has
/// none, and the web locators of every seventh written with escapes: `(dir, links.json's
/// text)`.
fn with_notes(note: &str) -> (tempfile::TempDir, String) {
    let dir = generated(700, 7000);
    let path = dir.path().join("links.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = (text.lines().enumerate())
        .map(|(i, line)| match i % 35 {
            _ if !line.starts_with("{\"from\"") || line.contains("\"note\"") => line.to_string(),
            0 | 5 | 10 | 15 | 20 | 25 | 30 => {
                line.replacen("\"confidence\":", &format!("\"note\":\"{note}\",\"confidence\":"), 1)
            }
            // The web sources' locators (the deck's are its sections, checked as such).
            7 | 14 | 21 | 28 => line.replace("\"locator\":\"§", "\"locator\":\"\\u00a7\\\\\\\"§"),
            _ => line.to_string(),
        })
        .collect();
    let text = lines.join("\n");
    std::fs::write(&path, &text).unwrap();
    assert!(text.len() > split::MIN_BYTES);
    (dir, text)
}

#[test]
fn escapes_and_non_ascii_load_through_the_large_routes_as_through_serde() {
    let awkward = r#"\"quoted\" back\\slash \u00e9t\u00e9 \ud83d\ude00 ünï 😀 \/ \t\n end"#;
    let (dir, text) = with_notes(awkward);
    let expected: LinksFile = serde_json::from_str(&text).unwrap();
    let noted = expected.links.iter().filter(|l| l.note.is_some()).count();
    assert!(noted > 500, "{noted} notes");
    assert!(
        expected.links.iter().any(|l| l.citations.iter().any(|c| c.locator.starts_with("§\\\"§")))
    );
    let note = expected.links.iter().find_map(|l| l.note.as_deref()).unwrap();
    assert_eq!(note, "\"quoted\" back\\slash été 😀 ünï 😀 / \t\n end");
    // Both routes take the file (they do not give it back) and read it as serde_json does.
    assert_eq!(split::parse::<LinksFile>("links", &text).as_ref(), Some(&expected));
    let path = dir.path().join("links.json");
    let streamed = stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &Default::default());
    assert_eq!(streamed.map(|(links, _)| links).as_ref(), Some(&expected));
    // And the whole load, links streamed in chunks, gives what the ordinary path gives.
    let loaded = crate::open::load(Some(dir.path())).unwrap();
    assert_eq!(loaded.links, expected.links);
    let raw = crate::load::read_dir(dir.path()).unwrap();
    assert_eq!(loaded, crate::open::parse(&raw).unwrap());
}

#[test]
fn a_lone_surrogate_is_handed_back_and_refused_as_the_ordinary_path_refuses_it() {
    let (dir, text) = with_notes(r"half \ud800 a pair");
    let refused = serde_json::from_str::<LinksFile>(&text).unwrap_err();
    assert!(refused.to_string().contains("escape"), "{refused}");
    let path = dir.path().join("links.json");
    assert_eq!(split::parse::<LinksFile>("links", &text), None);
    let streamed = stream::parse_in::<LinksFile>("links", &path, 12 << 10, 0, &Default::default());
    assert_eq!(streamed, None);
    // The whole load reports serde_json's problem, where serde_json finds it.
    let problems = |result: Result<crate::Dataset, crate::Error>| match result {
        Err(crate::Error::Invalid(problems)) => problems.0,
        other => panic!("{other:?}"),
    };
    let loaded = problems(crate::open::load(Some(dir.path())));
    let raw = crate::load::read_dir(dir.path()).unwrap();
    assert_eq!(loaded, problems(crate::open::parse(&raw)));
    assert!(
        loaded.iter().any(|p| (p.line, p.column) == (refused.line(), refused.column())
            && p.message.contains("escape")),
        "{loaded:?}"
    );
}

#[test]
fn what_sonic_rs_reads_from_mangled_records_serde_json_reads_the_same() {
    // Every array made by deleting, doubling or replacing one byte of a record, with bytes that
    // matter to JSON: whenever the routes' parser takes one, serde_json takes it the same.
    let record = r#"{"from":"a-1","to":"b-2","kind":"funds","start":2006,"end":2017,"citations":[{"source":"web-1","locator":"§2 \u00e9\"\\"},{"source":"d","locator":"x"}],"confidence":"inferred","note":"n \ud83d\ude00 é"}"#;
    let plain = format!("[{record},{record}]").into_bytes();
    let (mut taken, mut refused) = (0, 0);
    for i in 0..plain.len() {
        for edit in 0..16 {
            let mut bytes = plain.clone();
            match edit {
                0 => {
                    bytes.remove(i);
                }
                1 => bytes.insert(i, plain[i]),
                _ => bytes[i] = b"\"\\,:{}[]0- u\x01de"[edit - 2],
            }
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let mut ours = Vec::new();
            let read = split::records::<LinksFile>(text, &mut ours, None);
            let serde = serde_json::from_slice::<Vec<crate::model::Link>>(&bytes).ok();
            match read {
                Some(()) => {
                    taken += 1;
                    assert_eq!(Some(ours), serde, "{}", String::from_utf8_lossy(&bytes));
                }
                None => refused += 1,
            }
        }
    }
    assert!(taken > 0 && refused > 0, "{taken} taken, {refused} refused");
}

#[test]
fn a_cut_inside_a_record_fails_rather_than_loads_something_else() {
    // A citation after another, and a note holding what looks like a record, after `}, `.
    let record = r#"{"from":"a","to":"b","kind":"funds","start":2006,"citations":[{"source":"s","locator":"x"}, {"source":"t","locator":"y"}],"note":"}, {\"from\":\"e\",\"to\":\"f\",\"kind\":\"funds\",\"start\":1,\"citations\":[]}"}"#;
    let text = format!("{{\"links\": [{record}, {record}]}}");
    let bytes = text.as_bytes();
    let first = split::header(&text, "links").unwrap().1;
    let chunk = |start: usize, end: usize, last: bool| {
        stream::chunk::<LinksFile, [u8]>(
            bytes,
            start as u64,
            end as u64,
            last,
            false,
            &mut Vec::new(),
        )
    };
    // Every `{` after `}, ` looks like a record start: only the real one proves itself.
    let cuts: Vec<usize> = text.match_indices("}, {").map(|(i, _)| i + 3).collect();
    assert_eq!(cuts.len(), 5, "{cuts:?}");
    assert!(cuts.contains(&(first + record.len() + 2)));
    let real = first + record.len() + 2;
    for &cut in &cuts {
        let (head, tail) = (chunk(first, cut, false), chunk(cut, bytes.len(), true));
        if cut == real {
            assert_eq!(head.map(|(links, _, _)| links.len()), Some(1));
            assert_eq!(tail.map(|(links, _, _)| links.len()), Some(1));
        } else {
            assert!(head.is_none(), "cut at {cut}: {}", &text[cut..]);
        }
    }
}
