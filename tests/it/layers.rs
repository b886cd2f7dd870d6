//! `--data` given several times: later folders add their records to the earlier ones'
//! (`tests/data/layer-over-builtin/` lays two of CERFACS's public shareholders over the built-in
//! dataset), an id given in two layers is an error naming both places, and `fmt`/`add` refuse
//! more than one folder.

use crate::util::{data, mesograph};
use predicates::prelude::*;
use serde_json::Value;

fn stdout(args: &[&str]) -> String {
    let out = mesograph().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_layer_over_the_builtin_dataset_is_checked_with_it() {
    let layer = data("layer-over-builtin");
    assert_eq!(
        stdout(&["check"]),
        "ok: 100 actors, 146 links, 49 sources, 81 milestones, years 1939–2021\n"
    );
    // `--data builtin` alone is the built-in dataset.
    assert_eq!(stdout(&["--data", "builtin", "check"]), stdout(&["check"]));
    assert_eq!(
        stdout(&["--data", "builtin", "--data", &layer, "check"]),
        "ok: 102 actors, 148 links, 49 sources, 81 milestones, years 1939–2021\n"
    );
    // The layer cites a source and names an actor of the layer under it: alone it fails.
    mesograph()
        .args(["--data", &layer, "check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown actor \"cerfacs\" in \"to\""));
    // Given on both sides of the command's name, clap would keep one side's: refused.
    mesograph()
        .args(["--data", "builtin", "check", "--data", &layer])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give them all on one side"));
    // Scenarios too.
    mesograph()
        .args(["--scenario", "frt2", "check", "--scenario", "frt2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--scenario is given 2 times"));
    assert_eq!(
        stdout(&["check", "--data", "builtin", &format!("--data={layer}")]),
        stdout(&["--data", "builtin", "--data", &layer, "check"])
    );
    // Scenarios go on top of the layers.
    assert_eq!(
        stdout(&["--data", "builtin", "--data", &layer, "--scenario", "frt2", "check"]),
        "ok: 103 actors, 157 links, 49 sources, 83 milestones, years 1939–2027 (scenario frt2)\n"
    );
}

#[test]
fn the_export_of_the_layers_holds_the_added_link() {
    let layer = data("layer-over-builtin");
    let out =
        stdout(&["--data", "builtin", "--data", &layer, "export", "--year", "2010", "-f", "json"]);
    let graph: Value = serde_json::from_str(&out).unwrap();
    let edge = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "meteo-france/shareholder_of/cerfacs/2008")
        .expect("the layer's link");
    assert_eq!(edge["confidence"], "inferred");
    assert!(
        edge["citations"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://lemondeinformatique.fr/")
    );
    let node = graph["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "cnes").unwrap();
    assert_eq!(node["name"], "CNES");
    // The built-in dataset's own horizon stays (the layer gives none).
    assert_eq!(graph["graph"]["horizon"], 2017);
    let dot = stdout(&["--data", "builtin", "--data", &layer, "export", "--year", "2010"]);
    assert!(dot.contains("\"meteo-france\" -> \"cerfacs\""), "{dot}");
    // A query sees them too.
    let out =
        stdout(&["--data", "builtin", "--data", &layer, "neighbours", "cerfacs", "--year", "2010"]);
    assert!(out.contains("meteo-france") && out.contains("cnes"), "{out}");
}

#[test]
fn the_title_is_the_last_layer_that_gives_one() {
    let layer = data("layer-over-builtin");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("atlas.html");
    mesograph()
        .args(["--data", "builtin", "--data", &layer, "atlas", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("with two of CERFACS"), "the layer's title");
    assert!(!html.contains("French high-performance computing, before 2008 to 2017"));
}

#[test]
fn an_id_in_two_layers_is_located_in_both() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "sources.json",
        "{\"sources\": [\n  {\"id\": \"deck\", \"kind\": \"web\", \"title\": \"Again\", \"url\": \"https://example.org\"}\n]}\n",
    );
    write(
        "actors.json",
        "{\"actors\": [\n  {\"id\": \"genci\", \"name\": \"GENCI\", \"kind\": \"agency\", \"start\": 2007,\n   \"citations\": [{\"source\": \"deck\", \"locator\": \"2007\"}]}\n]}\n",
    );
    write(
        "links.json",
        "{\"links\": [\n  {\"from\": \"genci\", \"to\": \"cines\", \"kind\": \"funds\", \"start\": 2007,\n   \"citations\": [{\"source\": \"deck\", \"locator\": \"2007\"}]}\n]}\n",
    );
    let layer = dir.path().to_str().unwrap();
    let out = mesograph().args(["--data", "builtin", "--data", layer, "check"]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    // Where each first is in the built-in dataset's files.
    let at = |file: &str, needle: &str| {
        let text = std::fs::read_to_string(crate::util::root().join("graph").join(file)).unwrap();
        let offset = text.find(needle).unwrap();
        let line = text[..offset].lines().count() + usize::from(text[..offset].ends_with('\n'));
        let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
        format!("graph/{file}:{line}:{}", column + needle.find(':').unwrap() + 2)
    };
    let genci = at("actors.json", "\"id\": \"genci\"");
    let deck = at("sources.json", "\"id\": \"deck\"");
    // The link's first place: the "kind" of the built-in link genci/funds/cines/2007.
    let link = stderr.lines().nth(1).unwrap();
    let first = link.split("(first at graph/links.json:").nth(1).unwrap().trim_end_matches(')');
    let (line, column) = first.split_once(':').unwrap();
    let (line, column): (usize, usize) = (line.parse().unwrap(), column.parse().unwrap());
    let links = std::fs::read_to_string(crate::util::root().join("graph/links.json")).unwrap();
    let record: Vec<&str> = links.lines().collect();
    assert!(record[line - 1][column - 1..].starts_with("\"funds\""), "{}", record[line - 1]);
    let near = record[line.saturating_sub(4)..line + 3].join("\n");
    assert!(
        near.contains("\"genci\"") && near.contains("\"cines\"") && near.contains("2007"),
        "{near}"
    );
    assert_eq!(
        stderr,
        format!(
            "{layer}/actors.json:2:10: duplicate actor id \"genci\" (first at {genci})\n\
             {layer}/links.json:2:44: duplicate link genci/funds/cines/2007 (first at graph/links.json:{first})\n\
             {layer}/sources.json:2:10: duplicate source id \"deck\" (first at {deck})\n\
             error: 3 problems in the dataset\n"
        )
    );
}

#[test]
fn commands_that_write_a_folder_take_one() {
    let layer = data("layer-over-builtin");
    for command in [&["fmt"][..], &["add", "source", "x", "--kind", "web", "--title", "X"]] {
        mesograph()
            .args(["--data", &layer, "--data", &layer])
            .args(command)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("write into one dataset folder: give one --data DIR"));
    }
    mesograph()
        .args(["--data", "builtin", "fmt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name it with --data DIR"));
}

/// A layer's `dataset.json` adds its kinds to the vocabulary under it (the built-in kinds stay),
/// records of the layer may use them, and a kind id the layer below already has is an error
/// located in the layer's `dataset.json`.
#[test]
fn a_layer_adds_its_kinds_to_the_vocabulary_below() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("layer");
    std::fs::create_dir(&layer).unwrap();
    let write = |name: &str, text: &str| std::fs::write(layer.join(name), text).unwrap();
    write(
        "dataset.json",
        r##"{
  "actor_kinds": [{"id": "company", "fill": "#ffcc00"}],
  "link_kinds": [{"id": "owns", "color": "#aa0000"}]
}
"##,
    );
    write(
        "actors.json",
        r#"{"actors": [
  {"id": "acme", "name": "ACME", "kind": "company", "start": 2010,
   "citations": [{"source": "deck", "locator": "2010"}]}
]}
"#,
    );
    write(
        "links.json",
        r#"{"links": [
  {"from": "acme", "to": "genci", "kind": "owns", "start": 2010,
   "citations": [{"source": "deck", "locator": "2010"}]},
  {"from": "acme", "to": "cnrs", "kind": "funds", "start": 2011,
   "citations": [{"source": "deck", "locator": "2011"}]}
]}
"#,
    );
    let layer = layer.to_str().unwrap();
    assert_eq!(
        stdout(&["--data", "builtin", "--data", layer, "check"]),
        "ok: 101 actors, 148 links, 49 sources, 81 milestones, years 1939–2021\n"
    );
    let out = stdout(&["--data", "builtin", "--data", layer, "export", "--year", "2012"]);
    assert!(out.contains("\"#ffcc00\""), "the layer's company fill is drawn");
    assert!(out.contains("\"#aa0000\""), "the layer's owns colour is drawn");
    let filtered = stdout(&[
        "--data",
        "builtin",
        "--data",
        layer,
        "export",
        "--year",
        "2012",
        "--actor-kind",
        "company",
        "--format",
        "json",
    ]);
    let graph: Value = serde_json::from_str(&filtered).unwrap();
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 1, "only ACME is a company");

    // A kind the layer below already has.
    std::fs::write(
        dir.path().join("layer/dataset.json"),
        "{\n  \"actor_kinds\": [{\"id\": \"company\"}, {\"id\": \"agency\"}]\n}\n",
    )
    .unwrap();
    mesograph().args(["--data", "builtin", "--data", layer, "check"]).assert().code(1).stderr(
        predicate::str::contains(format!(
            "{layer}/dataset.json:2:45: actor kind \"agency\" is defined twice"
        )),
    );
}
