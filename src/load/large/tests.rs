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
    assert_eq!(split::parse::<LinksFile>("links", &tricky), Some(expected));
    // Anything wrong: the ordinary path decides.
    let broken = links.replacen("\"confidence\":\"", "\"confidence\":\"x", 7000);
    assert_eq!(split::parse::<LinksFile>("links", &broken), None);
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
