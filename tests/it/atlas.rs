//! The atlas: one self-contained page, checked as text here and in a real browser (headless
//! Chromium driven by playwright-core, `tests/e2e/`) against what the command line says.

use crate::util::{browser_ready, data, mesograph, run_browser_test};
use mesograph::{Scope, TemporalGraph};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn write_atlas(dataset: Option<&str>, path: &Path) -> String {
    write_atlas_with(dataset, &[], path)
}

fn write_atlas_with(dataset: Option<&str>, args: &[&str], path: &Path) -> String {
    let mut cmd = mesograph();
    cmd.arg("atlas").args(args).arg("-o").arg(path);
    if let Some(d) = dataset {
        cmd.args(["--data", d]);
    }
    cmd.assert().success();
    std::fs::read_to_string(path).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    let out = mesograph().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_atlas_is_one_file_that_loads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let html = write_atlas(None, &dir.path().join("atlas.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<script").count(), 2, "the data and our script, nothing else");
    for needle in ["<script src", "<link", "<iframe", "@import", "http-equiv=\"refresh\""] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert!(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
    // Standard output gets the same bytes, and runs are byte-identical.
    let out = mesograph().arg("atlas").output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, html.as_bytes());
}

#[test]
fn a_year_outside_the_data_is_a_usage_error() {
    let out = mesograph().args(["atlas", "--year", "1800"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1800") && stderr.contains("1939"), "{stderr}");
    assert!(out.stdout.is_empty());
}

/// A dataset's title made to break out of the page: in its `<title>`, its heading, its data.
const HOSTILE_TITLE: &str = "</script><b>Atlas</b> & \"quotes\" \u{2028} @SCRIPT@";

/// The hostile-names atlas dataset with [`HOSTILE_TITLE`], copied into `dir`.
fn hostile_dataset(dir: &Path) -> String {
    let copy = dir.join("hostile-atlas");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(data("hostile-atlas")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let meta = json!({ "title": HOSTILE_TITLE });
    std::fs::write(copy.join("dataset.json"), serde_json::to_vec(&meta).unwrap()).unwrap();
    copy.to_str().unwrap().to_string()
}

#[test]
fn hostile_names_stay_inside_the_data_element() {
    let dir = tempfile::tempdir().unwrap();
    let html = write_atlas(Some(&hostile_dataset(dir.path())), &dir.path().join("atlas.html"));
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script").count(), 2);
    assert!(!html.contains("<img") && !html.contains("<b>") && !html.contains('\u{2028}'));
    let start = html.find("id=\"atlas-data\">").unwrap() + "id=\"atlas-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let embedded: Value = serde_json::from_str(&html[start..end]).unwrap();
    let names: Vec<&str> = embedded["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"<script>alert(1)</script>"), "{names:?}");
    assert_eq!(embedded["title"], HOSTILE_TITLE);
    // A name holding a template placeholder is not filled in.
    assert!(html.contains("paragraph @DATA@"));
}

fn ids(value: &Value, key: Option<&str>) -> Vec<String> {
    let list = match key {
        Some(k) => &value[k],
        None => value,
    };
    list.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

/// What the browser must show for `year`, according to the command line.
fn year_plan(year: i32) -> Value {
    let y = year.to_string();
    let actors = json_of(&["actors", "--year", &y, "--format", "json"]);
    let export = json_of(&["export", "--year", &y, "--format", "json"]);
    json!({ "year": year, "actors": ids(&actors, None), "links": ids(&export, Some("edges")) })
}

/// The view of `year` with the people left out and proposed links hidden: the links the page
/// must show, from the command line's export of the year.
fn fragment_plan(year: i32) -> Value {
    let export = json_of(&["export", "--year", &year.to_string(), "--format", "json"]);
    let kinds: std::collections::BTreeMap<&str, &str> = export["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n["kind"].as_str().unwrap()))
        .collect();
    let edges = export["edges"].as_array().unwrap();
    let kept: Vec<&str> = edges
        .iter()
        .filter(|e| e["confidence"] != "proposed")
        .filter(|e| {
            [&e["source"], &e["target"]].iter().all(|end| kinds[end.as_str().unwrap()] != "person")
        })
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let proposed: Vec<&str> = edges
        .iter()
        .filter(|e| e["confidence"] == "proposed")
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(kept.len() < edges.len(), "the filters must leave something out in {year}");
    let link = kept.iter().find(|id| id.starts_with("genci/")).expect("a link of GENCI");
    json!({
        "year": year,
        "actor": "genci",
        "without_actor_kind": "person",
        "links": kept,
        "proposed_links": proposed,
        "other": "cnrs",
        "other_query": "CNRS",
        "link_kind": "funds",
        "link": link,
    })
}

/// The details the panel must show for GENCI: an actor with a milestone, a figure and web sources.
fn search_plan(year: i32) -> Value {
    let graph = TemporalGraph::new(mesograph::load(None).unwrap());
    let genci = graph.actor(graph.find("genci").unwrap());
    let milestones: Vec<_> = graph.milestones_of(&genci.id, Scope::All).collect();
    assert!(milestones.iter().any(|m| !m.figures.is_empty()), "the test needs a figure");
    let urls: Vec<&str> = genci
        .citations
        .iter()
        .filter_map(|c| graph.source(&c.source).and_then(|s| s.url.as_deref()))
        .collect();
    assert!(!urls.is_empty(), "the test needs a web source");
    let alias = graph.actor(graph.find("France Grille").unwrap());
    json!({
        "year": year,
        "query": "genci",
        "id": genci.id,
        "name": genci.name_in(year),
        "kind": genci.kind.label(),
        "milestones": milestones.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(),
        "figures": milestones.iter().flat_map(|m| m.figures.iter().map(|f| f.value)).collect::<Vec<_>>(),
        "urls": urls,
        "alias_query": "FRANCE GRILLE",
        "alias_id": alias.id,
    })
}

#[test]
fn the_atlas_works_in_headless_chromium() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let builtin = dir.path().join("atlas.html");
    let hostile = dir.path().join("hostile.html");
    let builtin_2009 = dir.path().join("atlas-2009.html");
    let filtered = dir.path().join("atlas-filtered.html");
    write_atlas(None, &builtin);
    write_atlas_with(None, &["--year", "2009"], &builtin_2009);
    let filters = ["--without-actor-kind", "person", "--confidence", "stated", "--hide-isolated"];
    write_atlas_with(None, &filters, &filtered);
    // What the page must show in 2012: what the export of 2012 keeps with the same filters.
    let filtered_2012 =
        json_of(&[&["export", "--year", "2012", "--format", "json"][..], &filters].concat());
    write_atlas(Some(&hostile_dataset(dir.path())), &hostile);
    let screenshots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&screenshots).unwrap();
    for old in ["atlas-2012.png", "atlas-hostile.png", "atlas-1366x768.png", "atlas-saved.png"] {
        let _ = std::fs::remove_file(screenshots.join(old));
    }

    let hostile_actors = ids(
        &json_of(&[
            "actors",
            "--data",
            &data("hostile-atlas"),
            "--year",
            "2001",
            "--format",
            "json",
        ]),
        None,
    );
    // The slider ends with the data's last year: 2021, MesoNET (the deck's 2027 questions are a
    // scenario layer, not records of the dataset).
    let years: Vec<Value> = [2005, 2009, 2012, 2017, 2021].into_iter().map(year_plan).collect();
    let graph = TemporalGraph::new(mesograph::load(None).unwrap());
    // The built-in dataset's horizon: the deck's sources observe up to 2017.
    assert_eq!(graph.horizon(), Some(2017));
    assert_eq!(mesograph::atlas::opening_year(&graph), 2017);
    let mut opening_plan = year_plan(2017);
    opening_plan["title"] = json!(graph.title());
    assert_ne!(graph.title(), graph.name(), "the test needs a title of its own");
    opening_plan["horizon"] = json!(graph.horizon());
    opening_plan["in_view"] = json!(["cnrs", "cea", "ministry"]);
    let plan = json!({
        "screenshots": screenshots,
        "builtin": {
            "html": builtin,
            "years": years,
            "search": search_plan(2012),
            "opening": opening_plan,
            "year_page": { "html": builtin_2009, "year": 2009, "actors": year_plan(2009)["actors"] },
            "fragment": fragment_plan(2012),
            "filtered": {
                "html": filtered,
                "year": 2012,
                "actors": ids(&filtered_2012, Some("nodes")),
                "links": ids(&filtered_2012, Some("edges")),
            },
        },
        "hostile": {
            "html": hostile,
            "title": HOSTILE_TITLE,
            "year": 2001,
            "actors": hostile_actors,
            "names": {
                "script": "<script>alert(1)</script>",
                "img": "<img src=x onerror=\"window.__pwned=1\">",
                "amp": "Tom & Jerry \"quoted\" \\ back",
            },
            "kinds": { "script": "agency", "img": "computing centre", "amp": "person" },
            "queries": { "script": "SCRIPT alert", "img": "img src", "amp": "tom jerry" },
            "milestone_texts": ["<b>not bold</b> & done", "<u>here</u>", "<i>cores</i>", "&amp;"],
            "url": "https://example.org/a?b=1&c=<2>\"x\"",
        },
    });
    eprintln!("{}", run_browser_test("atlas.test.mjs", "MESOGRAPH_E2E_PLAN", &plan));
    for shot in ["atlas-2012.png", "atlas-hostile.png", "atlas-1366x768.png", "atlas-saved.png"] {
        let bytes = std::fs::read(screenshots.join(shot)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{shot} is a PNG");
    }
}
