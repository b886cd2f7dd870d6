//! The loader's tests: reading, layers, problems and their places, and the large-input routes giving what the ordinary path gives.

use super::*;
use crate::error::Problems;
use crate::graph::TemporalGraph;
use crate::model::DatasetMeta;
use crate::open::{load, load_graph, parse};
use crate::validate;
use folder::cannot_start_json;
use meta::merge_meta;

fn raw(actors: &str) -> RawDataset {
    let sources = r#"{"sources": [{"id": "deck", "kind": "deck", "title": "D"}]}"#;
    let file = |n: &str, t: &str| (n.to_string(), Some(t.as_bytes().to_vec()));
    RawDataset {
        name: "t".into(),
        files: [
            file("s.json", sources),
            file("a.json", actors),
            file("l.json", r#"{"links": []}"#),
            ("m.json".into(), None),
        ],
        meta: ("d.json".into(), None),
    }
}

fn problems(actors: &str) -> Vec<String> {
    match parse(&raw(actors)) {
        Err(Error::Invalid(p)) => p.iter().map(ToString::to_string).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dataset_json_gives_the_title_and_horizon_and_its_problems_join_the_others() {
    let builtin = parse(&builtin()).unwrap();
    assert_eq!(builtin.meta.horizon, Some(2017));
    assert!(builtin.meta.title.as_deref().unwrap().contains("mésocentres"));

    let actors = r#"{"actors": []}"#;
    assert_eq!(parse(&raw(actors)).unwrap().meta, DatasetMeta::default());
    let mut with = raw(actors);
    with.meta.1 = Some(br#"{"title": "T", "horizon": 2020}"#.to_vec());
    let meta = parse(&with).unwrap().meta;
    assert_eq!((meta.title.as_deref(), meta.horizon), (Some("T"), Some(2020)));

    let problems = |meta: &str, actors: &str| {
        let mut r = raw(actors);
        r.meta.1 = Some(meta.as_bytes().to_vec());
        match parse(&r) {
            Err(Error::Invalid(p)) => p.iter().map(ToString::to_string).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        problems("{\n  \"horizon\": 3017\n}", actors),
        ["d.json:2:14: impossible year 3017 in \"horizon\" (expected 1800–2100)"]
    );
    let both = problems(r#"{"titel": "T"}"#, r#"{"actors": [{"id": "x"}]}"#);
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(both[0].starts_with("d.json:1:") && both[0].contains("unknown field \"titel\""));
    assert!(both[1].starts_with("a.json:"), "{both:?}");
    assert_eq!(problems("  ", actors).len(), 1);
}

#[test]
fn a_scenario_s_problems_are_located_in_its_own_files_past_its_broken_records() {
    let actor = |id: &str| {
        format!(
            "{{\"id\": \"{id}\", \"name\": \"X\", \"kind\": \"agency\", \"start\": 2000, \
             \"citations\": [{{\"source\": \"deck\", \"locator\": \"1\"}}]}}"
        )
    };
    let base = raw(&format!("{{\"actors\": [{}]}}", actor("a")));
    let link = |from: &str, kind: &str, confidence: &str| {
        format!(
            "{{\"from\": \"{from}\", \"to\": \"b\", \"kind\": \"{kind}\", \"start\": 2001, \
             \"confidence\": \"{confidence}\", \"citations\": [{{\"source\": \"deck\", \"locator\": \"1\"}}]}}"
        )
    };
    // Line 2: a broken record (the record-by-record pass drops it); line 3: a link to an
    // unknown actor; line 4: a stated link; line 5: fine.
    let links = format!(
        "{{\"links\": [\n{},\n{},\n{},\n{}\n]}}",
        link("a", "nope", "proposed"),
        link("x", "funds", "proposed"),
        link("a", "hosts", "stated"),
        link("a", "funds", "proposed"),
    );
    let file = |n: &str, t: &str| (n.to_string(), Some(t.as_bytes().to_vec()));
    let scenario = RawDataset {
        name: "s".into(),
        files: [
            ("sc/sources.json".into(), None),
            file("sc/actors.json", &format!("{{\"actors\": [{}]}}", actor("b"))),
            file("sc/links.json", &links),
            ("sc/milestones.json".into(), None),
        ],
        meta: ("sc/dataset.json".into(), None),
    };
    let on_top = Layers { data: &[], scenarios: std::slice::from_ref(&scenario) };
    let Err(Error::Invalid(found)) = parse_checked(&base, &on_top, validate::check_ends) else {
        panic!("the scenario has problems")
    };
    let found: Vec<String> = found.iter().map(|p| p.to_string()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("sc/links.json:2:34: unknown kind \"nope\""), "{found:?}");
    assert!(found[1].starts_with("sc/links.json:3:10: unknown actor \"x\""), "{found:?}");
    assert!(found[2].starts_with("sc/links.json:4:72: "), "{found:?}");
    assert!(found[2].contains("a scenario's links are proposed"), "{found:?}");
    // Without the broken ones, it merges: its actor, and links to the dataset's.
    let kinds = ["supports", "funds", "hosts", "partners_with"];
    let fine: Vec<String> = kinds.iter().map(|k| link("a", k, "proposed")).collect();
    let fine = format!("{{\"links\": [\n{}\n]}}", fine.join(",\n"));
    let mut scenario = scenario;
    scenario.files[2].1 = Some(fine.into_bytes());
    let on_top = Layers { data: &[], scenarios: std::slice::from_ref(&scenario) };
    let (dataset, _) = parse_checked(&base, &on_top, validate::check_ends).unwrap();
    assert_eq!(dataset.actors.len(), 2);
    assert_eq!(dataset.links.len(), 4);
    assert_eq!(dataset.scenarios, ["s"]);
    assert_eq!(dataset.scenario_actors, ["b"]);
    // The same folder as a layer of data: its links may be stated, it is no scenario, and
    // a scenario over both still knows which actors it added.
    let stated = format!("{{\"links\": [\n{}\n]}}", link("a", "hosts", "stated"));
    let mut layer = scenario.clone();
    layer.files[2].1 = Some(stated.into_bytes());
    let mut top = scenario;
    top.files[1].1 = Some(format!("{{\"actors\": [{}]}}", actor("c")).into_bytes());
    top.files[2].1 = None;
    let both = Layers { data: std::slice::from_ref(&layer), scenarios: std::slice::from_ref(&top) };
    let (dataset, _) = parse_checked(&base, &both, validate::check_ends).unwrap();
    assert_eq!(dataset.actors.len(), 3);
    assert_eq!(dataset.links.len(), 1);
    assert_eq!(
        (dataset.scenarios.as_slice(), dataset.scenario_actors.as_slice()),
        (&["s".to_string()][..], &["c".to_string()][..])
    );
}

#[test]
fn layers_merge_what_the_dataset_says_of_itself() {
    let meta = |json: &str| parse_meta("d.json", Some(json.as_bytes())).0;
    let base = meta(r#"{"title": "Base", "language": "fr", "horizon": 2017}"#);
    let merged = merge_meta(base.clone(), meta(r#"{"horizon": 2015}"#), None);
    assert_eq!((merged.title.as_deref(), merged.horizon), (Some("Base"), Some(2017)));
    let merged = merge_meta(base, meta(r#"{"title": "Mine", "horizon": 2024}"#), None);
    assert_eq!(
        (merged.title.as_deref(), merged.language.as_deref(), merged.horizon),
        (Some("Mine"), Some("fr"), Some(2024))
    );
    assert_eq!(merge_meta(DatasetMeta::default(), meta("{}"), None).horizon, None);
}

#[test]
fn problems_after_a_broken_record_keep_their_own_line() {
    let actors = "{\"actors\": [\n\
        {\"id\": \"x\", \"name\": \"X\", \"kind\": \"nope\", \"start\": 2000, \"citations\": []},\n\
        {\"id\": \"y\", \"name\": \"Y\", \"kind\": \"agency\", \"start\": 2000,\n\
         \"citations\": [{\"source\": \"dekc\", \"locator\": \"1\"}]}\n]}";
    let p = problems(actors);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("a.json:2:34: unknown kind \"nope\""), "{p:?}");
    assert!(p[1].starts_with("a.json:2:70: no citation"), "{p:?}");
    assert!(p[2].starts_with("a.json:4:26: citation of unknown source \"dekc\""), "{p:?}");
}

#[test]
fn unknown_fields_point_at_their_key() {
    let actors = "{\"actors\": [{\"id\": \"x\", \"nmae\": \"X\"}]}";
    let p = problems(actors);
    assert!(p[0].starts_with("a.json:1:25: unknown field \"nmae\""), "{p:?}");
}

#[test]
fn wrong_shapes_and_empty_files() {
    assert_eq!(
        problems("[]"),
        ["a.json:1:1: expected an object with an array \"actors\", found an array"]
    );
    assert_eq!(
        problems("{\"actors\": 3}"),
        ["a.json:1:12: \"actors\" must be an array, found a number"]
    );
    assert_eq!(
        problems("  \n"),
        ["a.json:1:1: empty file (expected an object with an array \"actors\")"]
    );
    assert_eq!(
        problems("{\"actors\": [], \"x\": 1}"),
        ["a.json:1:16: unknown field \"x\" (expected \"actors\" or \"$schema\")"]
    );
}

#[test]
fn every_wrong_field_of_a_record_and_a_key_written_twice_are_reported() {
    let p = problems(r#"{"actors": [{"id": "x", "nmae": "X", "kind": 1, "start": "1"}]}"#);
    let p: Vec<&str> = p.iter().map(|p| p.split_once(": ").unwrap().1).collect();
    assert_eq!(p.len(), 3, "{p:?}"); // nmae, kind, start
    assert!(p.iter().all(|m| !m.contains("missing field \"name\"")), "{p:?}");
    let twice = r#"{"actors": [{"id": "x", "name": "X", "name": "Y", "kind": "agency",
        "start": 2000, "citations": [{"source": "deck", "locator": "1"}]}]}"#;
    assert_eq!(problems(twice), ["a.json:1:43: duplicate field \"name\""]);
}

#[test]
fn a_utf8_byte_order_mark_is_accepted_and_utf16_is_named() {
    let mut r = raw("{\"actors\": []}");
    r.files[1].1 = Some(b"\xef\xbb\xbf{\"actors\": []}".to_vec());
    assert!(parse(&r).is_ok());
    r.files[1].1 = Some(b"\xff\xfe{\0".to_vec());
    match parse(&r) {
        Err(Error::Invalid(p)) => assert!(p.0[0].message.contains("UTF-16"), "{p}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn years_too_large_for_any_year_are_impossible_years_named_as_written() {
    let actor = |start: &str| {
        format!(
            "{{\"actors\": [{{\"id\": \"x\", \"name\": \"X\", \"kind\": \"agency\", \
             \"start\": {start}, \"citations\": [{{\"source\": \"deck\", \"locator\": \"1\"}}]}}]}}"
        )
    };
    // A year in range but impossible (-5) is found later, by validation, in the same words;
    // a fraction is not a year of any size.
    for start in ["100000000000000000000000000", "4294969303", "-2e30", "-5", "2008.5"] {
        let expected = if start.contains('.') {
            format!("invalid type: floating point \"{start}\", expected a whole number")
        } else {
            format!("impossible year {start} in \"start\" (expected 1800–2100)")
        };
        assert_eq!(problems(&actor(start)), [format!("a.json:1:65: {expected}")]);
    }
}

#[test]
fn what_cannot_start_json_is_cut_after_its_first_character() {
    for ok in
        [&b"{"[..], b" \n\t[", b"\xef\xbb\xbf {", b"\"", b"-1", b"7", b"true", b"null", b"", b"  "]
    {
        assert_eq!(cannot_start_json(ok), None, "{ok:?}");
    }
    assert_eq!(cannot_start_json(b"\n  \0\0\0"), Some(4));
    assert_eq!(cannot_start_json(b"\xef\xbb\xbf x"), Some(5));
    // A character is kept whole, so that the parser sees valid UTF-8 up to it.
    assert_eq!(cannot_start_json("  é{".as_bytes()), Some(4));
    // Byte order marks of UTF-16 and UTF-32 are kept for `text_of` to name.
    assert_eq!(cannot_start_json(b"\xff\xfe\0\0{\0\0\0"), Some(4));
    assert_eq!(cannot_start_json(b"\xfe\xff"), Some(2));
}

#[test]
fn utf32_is_named_as_such() {
    let mut r = raw("{}");
    r.files[1].1 = Some(b"\xff\xfe\0\0{\0\0\0".to_vec());
    match parse(&r) {
        Err(Error::Invalid(p)) => assert!(p.0[0].message.contains("is UTF-32"), "{p}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_utf8_names_the_position_and_byte() {
    let mut r = raw("{}");
    r.files[1].1 = Some(b"{\"actors\": [\n  \"\xff\"]}".to_vec());
    match parse(&r) {
        Err(Error::Invalid(p)) => {
            assert_eq!(p.0[0].to_string(), "a.json:2:4: not valid UTF-8 (byte 0xff)")
        }
        other => panic!("{other:?}"),
    }
}

/// A generated dataset written into a fresh folder.
pub(super) fn generated(actors: usize, links: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = crate::synth::Spec { actors, links, seed: 5 };
    crate::synth::write_dir(&spec, dir.path()).unwrap();
    dir
}

#[test]
fn problems_in_a_large_file_are_located_as_the_ordinary_path_locates_them() {
    // Above the size at which `load` reads links in chunks and lets their text go.
    let dir = generated(700, 7000);
    let path = dir.path().join("links.json");
    assert!(std::fs::metadata(&path).unwrap().len() >= large::MIN_BYTES as u64);
    let clean = load(Some(dir.path())).unwrap();
    assert_eq!(clean, parse(&read_dir(dir.path()).unwrap()).unwrap());
    // The graph built from the ends found while parsing is the graph of the dataset.
    let json = |g: &TemporalGraph| {
        crate::export::export(g, &g.slice(crate::Scope::All), crate::Format::Json).unwrap()
    };
    let built = json(&TemporalGraph::new(clean));
    assert_eq!(json(&load_graph(Some(dir.path())).unwrap()), built);
    assert_eq!(json(&load_graph(None).unwrap()), json(&TemporalGraph::new(load(None).unwrap())));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let at = lines.len() * 3 / 4;
    let from = lines[at].find("\"from\":\"").unwrap() + 8;
    lines[at].insert_str(from, "nobody-");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let Err(Error::Invalid(Problems(streamed))) = load(Some(dir.path())) else {
        panic!("an unknown actor must be reported")
    };
    let Err(Error::Invalid(Problems(ordinary))) = parse(&read_dir(dir.path()).unwrap()) else {
        panic!("an unknown actor must be reported")
    };
    assert_eq!(streamed, ordinary);
    assert!(
        streamed.iter().any(|p| p.line == at + 1 && p.message.contains("nobody-")),
        "{streamed:?}"
    );
}
