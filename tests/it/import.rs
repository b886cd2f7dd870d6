//! `mesograph import`: round trips through every export that keeps everything, other tools'
//! files, the spreadsheet of docs/import.md, and problems located in the input.

use crate::util::{data, have_tool, mesograph, root};
use predicates::prelude::*;
use std::path::Path;

/// The datasets round-tripped: `--data` arguments, and the dataset's name (the folder the
/// import writes is named after it, as exports name the dataset by its folder).
const DATASETS: [(&[&str], &str); 4] = [
    (&[], "mesocentres"),
    (&["--data", "tests/data/fixture"], "fixture"),
    (&["--data", "tests/data/hostile-names"], "hostile-names"),
    // A vocabulary of its own.
    (&["--data", "tests/data/ruritania"], "ruritania"),
];

/// The formats whose whole-history export keeps every record: `--from` name, export flags,
/// and the files one export writes into a folder.
const FORMATS: [(&str, &[&str], &[&str]); 6] = [
    ("json", &["--format", "json"], &["all.json"]),
    ("cytoscape", &["--format", "cytoscape"], &["all.cyjs"]),
    ("graphml", &["--format", "graphml"], &["all.graphml"]),
    ("gexf", &["--format", "gexf"], &["all.gexf"]),
    ("csv", &["--format", "csv"], &["all.nodes.csv", "all.edges.csv", "all.graph.csv"]),
    (
        "csv",
        &["--format", "csv", "--csv-raw"],
        &["all.nodes.csv", "all.edges.csv", "all.graph.csv"],
    ),
];

fn export_into(data: &[&str], flags: &[&str], out: &Path) -> assert_cmd::assert::Assert {
    mesograph().args(data).arg("export").args(flags).arg("--out").arg(out).assert()
}

fn read(dir: &Path, names: &[&str]) -> Vec<Vec<u8>> {
    names.iter().map(|n| std::fs::read(dir.join(n)).unwrap()).collect()
}

#[test]
fn every_export_that_keeps_everything_round_trips_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let mut tried = 0;
    for (data, name) in DATASETS {
        for (k, (from, flags, files)) in FORMATS.iter().enumerate() {
            let first = tmp.path().join(format!("{name}-{k}-first"));
            let assert = export_into(data, flags, &first);
            if assert.get_output().status.code() == Some(1) {
                // XML 1.0 cannot hold the control characters of hostile-names: the export
                // refuses, and there is nothing to import.
                assert!(name == "hostile-names" && (*from == "graphml" || *from == "gexf"));
                assert.stderr(predicate::str::contains("cannot hold the character U+0000"));
                continue;
            }
            assert.success();
            let dir = tmp.path().join(format!("{k}")).join(name);
            let inputs: Vec<_> = files.iter().map(|f| first.join(f)).collect();
            let mut import = mesograph();
            import.args(["import", "--from", from]).args(&inputs).arg("--out").arg(&dir);
            if flags.contains(&"--csv-raw") {
                import.arg("--csv-raw");
            }
            import.assert().success().stderr(predicate::str::contains("imported "));
            let d = dir.to_str().unwrap();
            mesograph().args(["check", "--data", d]).assert().success();
            let again = tmp.path().join(format!("{name}-{k}-again"));
            export_into(&["--data", d], flags, &again).success();
            let (a, b) = (read(&first, files), read(&again, files));
            for ((file, a), b) in files.iter().zip(&a).zip(&b) {
                assert!(a == b, "{name}: {file} differs after import --from {from} ({flags:?})");
            }
            tried += 1;
        }
    }
    assert_eq!(tried, 22, "four datasets, six exports, two refused");
}

/// The JSON export keeps everything the exports show: every year of the imported dataset
/// exports as the original's, and its horizon is in its dataset.json.
#[test]
fn a_json_import_is_the_same_dataset_for_every_export() {
    let tmp = tempfile::tempdir().unwrap();
    let all = tmp.path().join("all.json");
    mesograph().args(["export", "-o"]).arg(&all).assert().success();
    let dir = tmp.path().join("mesocentres");
    mesograph()
        .args(["import", "--from", "json"])
        .arg(&all)
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    let meta = std::fs::read_to_string(dir.join("dataset.json")).unwrap();
    assert!(meta.contains("\"horizon\": 2017"), "{meta}");
    let d = dir.to_str().unwrap();
    let flags = ["--all-years", "--format", "json", "--format", "csv", "--format", "graphml"];
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    export_into(&[], &flags, &a).success();
    export_into(&["--data", d], &flags, &b).success();
    let names: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() > 50, "{names:?}");
    for n in &names {
        assert!(
            std::fs::read(a.join(n)).unwrap() == std::fs::read(b.join(n)).unwrap(),
            "{n} differs"
        );
    }
}

const ELEMENTS: &str = "tests/data/import-spreadsheet/elements.csv";
const CONNECTIONS: &str = "tests/data/import-spreadsheet/connections.csv";

/// The worked example of docs/import.md: two sheets, `--cite`, then `check` and `render`.
#[test]
fn the_spreadsheet_of_the_docs_imports_checks_and_renders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("north");
    let d = dir.to_str().unwrap();
    // The sheets in either order.
    mesograph()
        .args(["import", "--from", "spreadsheet", CONNECTIONS, ELEMENTS])
        .args(["--cite", "https://example.org/annual-report-2024"])
        .args(["--title", "Research infrastructures of the North", "--out", d])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "imported 6 actors, 5 links, 1 source, 0 milestones into {d}"
        )));
    mesograph()
        .args(["check", "--data", d])
        .assert()
        .success()
        .stdout("ok: 6 actors, 5 links, 1 source, 0 milestones, years 1968–2021\n");
    let out = mesograph().args(["export", "--data", d, "--format", "json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let ids: Vec<&str> =
        v["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "coastal-university",
            "computing-company",
            "euro-machine",
            "ministry-of-research",
            "research-council",
            "university-of-the-north"
        ]
    );
    let company = &v["nodes"][1];
    assert_eq!(company["kind"], "company");
    assert_eq!(
        company["note"],
        "The national e-infrastructure company, owned by the universities."
    );
    assert_eq!(company["citations"][0]["locator"], "elements.csv line 4");
    assert_eq!(company["citations"][0]["url"], "https://example.org/annual-report-2024");
    let edges: Vec<&str> =
        v["edges"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(edges.contains(&"university-of-the-north/owns/computing-company/2014"), "{edges:?}");
    // The kinds met are the dataset's vocabulary, in the order met: the built-in ones with
    // their looks, the others with the label the sheet gives when it says more than the id.
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(meta["title"], "Research infrastructures of the North");
    let ids = |family: &str| -> Vec<String> {
        meta[family].as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap().into()).collect()
    };
    assert_eq!(
        ids("actor_kinds"),
        ["ministry", "research_council", "company", "university", "esfri_project"]
    );
    assert_eq!(ids("link_kinds"), ["funds", "owns", "participates_in"]);
    assert_eq!(meta["actor_kinds"][0]["shape"], "house");
    assert_eq!(meta["actor_kinds"][4]["label"], "ESFRI project");
    assert_eq!(meta["actor_kinds"][2].get("label"), None);
    // The files are in the canonical layout.
    mesograph().args(["fmt", "--check", "--data", d]).assert().success();

    if have_tool("dot", &["-V"]) {
        let svg = tmp.path().join("north-2021.svg");
        mesograph()
            .args(["render", "--data", d, "--year", "2021", "-o"])
            .arg(&svg)
            .assert()
            .success();
        let text = std::fs::read_to_string(&svg).unwrap();
        for name in ["Euro Machine", "Computing Company", "owns", "ESFRI project", "company"] {
            assert!(text.contains(name), "{name} is not drawn");
        }
    }

    // Without --cite, every record is a problem, located, and nothing is written.
    let bare = tmp.path().join("bare");
    mesograph()
        .args(["import", "--from", "spreadsheet", ELEMENTS, CONNECTIONS, "--out"])
        .arg(&bare)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{ELEMENTS}:2:1: no citation: every record cites at least one source (--cite URL_OR_TITLE gives one to every record that has none)"
        )))
        .stderr(predicate::str::contains(format!("{CONNECTIONS}:6:1: no citation")))
        .stderr(predicate::str::ends_with("error: 11 problems in the dataset\n"));
    assert!(!bare.exists());
}

#[test]
fn every_problem_of_a_sheet_is_located_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("broken");
    let dir = data("import-spreadsheet-broken");
    let assert = mesograph()
        .args(["import", "--from", "spreadsheet"])
        .arg(format!("{dir}/elements.csv"))
        .arg(format!("{dir}/connections.csv"))
        .args(["--cite", "Annual report 2024", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let expected = [
        "connections.csv:3:18: unknown element \"Univ. of the North\" in \"to\" (did you mean \"University of the North\"?)",
        "connections.csv:4:41: link ministry-of-research/funds/euro-machine/2019 (2019–) is active outside the lifetime of \"euro-machine\" (2021–)",
        "connections.csv:5:41: no start year: every link has one",
        "elements.csv:3:18: no kind: every actor and link has one (a \"Type\" column in a sheet, a \"kind\" attribute in a graph file)",
        "elements.csv:4:37: no start year for \"University of the North\"",
        "elements.csv:5:32: \"19x6\" in \"start\" is not a year",
        "elements.csv:7:33: end 2012 is before start 2014",
        "error: 7 problems in the dataset",
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stderr}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(line.contains(want), "{line:?} should say {want:?}");
    }
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn problems_in_an_export_are_located_at_their_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let all = tmp.path().join("fixture.json");
    mesograph().args(["export", "--data", "tests/data/fixture", "-o"]).arg(&all).assert().success();
    let text = std::fs::read_to_string(&all).unwrap();
    // A year that is not one, a link to nobody.
    let at = text.find("\"start\": ").unwrap() + "\"start\": ".len();
    let broken = format!("{}\"20x0\"{}", &text[..at], &text[at + 4..]).replacen(
        "\"target\": \"",
        "\"target\": \"nobody-",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&all, &broken).unwrap();
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let shown = all.display().to_string();
    mesograph()
        .args(["import", "--from", "json"])
        .arg(&all)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{shown}:{}:16: \"20x0\" in \"start\" is not a year",
            line_of("\"20x0\"")
        )))
        .stderr(predicate::str::contains(format!(
            "{shown}:{}:17: unknown actor \"nobody-",
            line_of("nobody-")
        )))
        // Named as the input names the field.
        .stderr(predicate::str::contains("\" in \"target\" (did you mean"));
    assert!(!tmp.path().join("out").exists());
    // Not JSON at all: the position of the syntax error.
    std::fs::write(&all, "{\n  \"nodes\": [,]\n}\n").unwrap();
    mesograph()
        .args(["import", "--from", "json"])
        .arg(&all)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{shown}:2:13: expected value\n")));
}

#[test]
fn a_folder_holding_a_dataset_is_replaced_only_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("north");
    let d = dir.to_str().unwrap();
    mesograph().args(["init", d]).assert().success();
    let before = std::fs::read(dir.join("actors.json")).unwrap();
    let import = |force: bool| {
        let mut cmd = mesograph();
        cmd.args(["import", "--from", "spreadsheet", ELEMENTS, CONNECTIONS]);
        cmd.args(["--cite", "Annual report 2024", "--out", d]);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    import(false).code(1).stderr(predicate::str::contains(
        "dataset.json: already there: a dataset is in this folder (--force replaces it)",
    ));
    assert_eq!(std::fs::read(dir.join("actors.json")).unwrap(), before);
    import(true).success();
    mesograph()
        .args(["check", "--data", d])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: 6 actors, 5 links, 1 source, 0 milestones"));
    // The title-only source needs no address.
    let sources = std::fs::read_to_string(dir.join("sources.json")).unwrap();
    assert!(sources.contains("\"id\": \"annual-report-2024\""), "{sources}");
    assert!(!sources.contains("url"), "{sources}");
}

#[test]
fn usage_errors_and_unreadable_inputs() {
    mesograph().args(["import", "--from", "xlsx", "a.xlsx", "--out", "x"]).assert().code(2).stderr(
        predicate::str::contains(
            "expected one of: csv, json, cytoscape, graphml, gexf, spreadsheet",
        ),
    );
    mesograph().args(["import", "--from", "json", "--out", "x"]).assert().code(2);
    mesograph()
        .args(["import", "--from", "json", "a.json", "--out", "x", "--data", "tests/data/fixture"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--data and --scenario do not apply"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    mesograph()
        .args(["import", "--from", "json", "tests/data", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("tests/data: not a regular file"));
    // A connections sheet alone has no elements to connect.
    mesograph()
        .args(["import", "--from", "spreadsheet", CONNECTIONS, "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no elements sheet among the files"));
    let latin1 = tmp.path().join("latin1.csv");
    std::fs::write(&latin1, b"Label,Type,Start\nUniversit\xe9,University,1990\n").unwrap();
    mesograph()
        .args(["import", "--from", "spreadsheet"])
        .arg(&latin1)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            ":2:10: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        ));
    assert!(!out.exists());
    assert!(root().join(ELEMENTS).exists());
}

/// Imports `files` (name, text) written into a temporary folder, with `--cite`, and returns
/// the JSON export of the dataset made.
fn import_files(from: &str, files: &[(&str, &str)]) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = mesograph();
    cmd.args(["import", "--from", from]);
    for (name, text) in files {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        cmd.arg(path);
    }
    let dir = tmp.path().join("out");
    cmd.args(["--cite", "https://example.org/survey"]).arg("--out").arg(&dir).assert().success();
    let d = dir.to_str().unwrap();
    mesograph().args(["check", "--data", d]).assert().success();
    let out = mesograph().args(["export", "--data", d, "--format", "json"]).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// `(id, name, kind, start, end)` of each node and `(id, end)` of each edge.
type Summary = (Vec<(String, String, String, i64, Option<i64>)>, Vec<(String, Option<i64>)>);

fn summary(v: &serde_json::Value) -> Summary {
    let nodes = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let s = |k: &str| n[k].as_str().unwrap().to_string();
            (s("id"), s("name"), s("kind"), n["start"].as_i64().unwrap(), n["end"].as_i64())
        })
        .collect();
    let edges = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e["end"].as_i64()))
        .collect();
    (nodes, edges)
}

fn node(
    id: &str,
    name: &str,
    kind: &str,
    start: i64,
    end: Option<i64>,
) -> (String, String, String, i64, Option<i64>) {
    (id.into(), name.into(), kind.into(), start, end)
}

#[test]
fn gephi_and_yed_files_give_their_labels_kinds_and_years() {
    // Gephi: attributes declared by number, years in spells, dates as timeformat="date".
    let gexf = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">
    <attributes class="node" mode="static">
      <attribute id="0" title="Type" type="string"/>
      <attribute id="1" title="Website" type="string"/>
    </attributes>
    <nodes>
      <node id="n0" label="Ministère &amp; Co">
        <attvalues><attvalue for="0" value="Ministry"/><attvalue for="1" value="x"/></attvalues>
        <spells><spell start="1990-01-01" end="1999-12-31"/><spell start="2003-01-01"/></spells>
      </node>
      <node id="n1" label="Grand Centre" start="2001-06-01" end="2010-01-01">
        <attvalues><attvalue for="0" value="Computing centre"/></attvalues>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="n0" target="n1" label="funds" start="2002-01-01" end="2010-01-01"/>
    </edges>
  </graph>
</gexf>
"#;
    let v = import_files("gexf", &[("gephi.gexf", gexf)]);
    assert_eq!(
        summary(&v),
        (
            vec![
                node("n0", "Ministère & Co", "ministry", 1990, None),
                node("n1", "Grand Centre", "computing_centre", 2001, Some(2010)),
            ],
            // The edge ends with its actor: an open end.
            vec![("n0/funds/n1/2002".into(), None)]
        )
    );

    // yEd: the name in the node's graphics, the kind in a key of its own.
    let graphml = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d0" attr.name="kind" attr.type="string"/>
  <key for="node" id="d1" attr.name="start" attr.type="int"/>
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d2" attr.name="start" attr.type="int"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d0">agency</data><data key="d1">2007</data>
      <data key="d6"><y:ShapeNode><y:NodeLabel>Agence
nationale</y:NodeLabel></y:ShapeNode></data>
    </node>
    <node id="n1">
      <data key="d0">university</data><data key="d1">1970</data>
      <data key="d6"><y:ShapeNode><y:NodeLabel>Université</y:NodeLabel></y:ShapeNode></data>
    </node>
    <edge id="e0" source="n1" target="n0">
      <data key="d2">2008</data>
      <data key="d10"><y:PolyLineEdge><y:EdgeLabel>member of</y:EdgeLabel></y:PolyLineEdge></data>
    </edge>
  </graph>
</graphml>
"#;
    let v = import_files("graphml", &[("yed.graphml", graphml)]);
    assert_eq!(
        summary(&v),
        (
            vec![
                node("n0", "Agence\nnationale", "agency", 2007, None),
                node("n1", "Université", "university", 1970, None),
            ],
            vec![("n1/member_of/n0/2008".into(), None)]
        )
    );
    assert_eq!(v["nodes"][0]["citations"][0]["locator"], "yed.graphml line 9");
}

#[test]
fn gephi_sheets_and_networkx_node_link_data() {
    // Gephi's spreadsheet import columns, `;` as delimiter, Type the direction.
    let nodes =
        "Id;Label;Type;Start\n1;CNRS;research organisation;1939\n2;IDRIS;computing centre;1993\n";
    let edges = "Source;Target;Type;Label;Start;End\n1;2;Directed;operates;1993;\n";
    let v = import_files("spreadsheet", &[("nodes.csv", nodes), ("edges.csv", edges)]);
    assert_eq!(
        summary(&v),
        (
            vec![
                node("1", "CNRS", "research_organisation", 1939, None),
                node("2", "IDRIS", "computing_centre", 1993, None),
            ],
            vec![("1/operates/2/1993".into(), None)]
        )
    );
    // networkx before 3.4: "links"; ids that are numbers or names, attributes label and type.
    let json = r#"{"directed": true, "multigraph": false, "graph": {},
      "nodes": [{"id": 0, "label": "GENCI", "type": "agency", "start": 2007},
                {"id": "Equip@Meso", "type": "infrastructure", "start": 2010, "colour": "red"}],
      "links": [{"source": 0, "target": "Equip@Meso", "type": "coordinates", "start": 2010}]}"#;
    let v = import_files("json", &[("nx.json", json)]);
    assert_eq!(
        summary(&v),
        (
            vec![
                node("0", "GENCI", "agency", 2007, None),
                node("equip-meso", "Equip@Meso", "infrastructure", 2010, None),
            ],
            vec![("0/coordinates/equip-meso/2010".into(), None)]
        )
    );
}

/// A graph networkx builds, written by networkx itself as node-link JSON and GraphML, comes in
/// with its names, kinds and years.
#[test]
fn files_networkx_writes_import() {
    if !have_tool("python3", &["-c", "import networkx"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let script = r#"
import json, sys, networkx as nx
g = nx.MultiDiGraph()
g.add_node("anr", name="Agence nationale de la recherche", kind="agency", start=2005)
g.add_node("lab", name="Labo \"X\" <&>", kind="research_unit", start=2010, end=2020)
g.add_edge("anr", "lab", kind="funds", start=2012, end=2015)
json.dump(nx.node_link_data(g, edges="edges"), open(sys.argv[1] + "/g.json", "w"))
nx.write_graphml(g, sys.argv[1] + "/g.graphml")
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(status.success());
    let expected = (
        vec![
            node("anr", "Agence nationale de la recherche", "agency", 2005, None),
            node("lab", "Labo \"X\" <&>", "research_unit", 2010, Some(2020)),
        ],
        vec![("anr/funds/lab/2012".into(), Some(2015))],
    );
    for (from, file) in [("json", "g.json"), ("graphml", "g.graphml")] {
        let text = std::fs::read_to_string(tmp.path().join(file)).unwrap();
        let v = import_files(from, &[(file, &text)]);
        assert_eq!(summary(&v), expected, "{from}");
    }
}

#[test]
fn ids_of_elements_without_one_are_unique_slugs_of_their_labels() {
    let elements = "LABEL,TYPE,START,CITATION\n\
                    Université Paris,University,1970,https://example.org/a\n\
                    Universite-Paris!,University,1971,Yearbook 1971\n\
                    \"Labo \"\"X\"\", Paris\",Research unit,1980,\n";
    let connections = "from,to,type,start\n\"Labo \"\"X\"\", Paris\",Université Paris,Part of,1980\n\
                       \"Labo \"\"X\"\", Paris\",Universite-Paris!,Part of,1981\n";
    let v = import_files("spreadsheet", &[("e.csv", elements), ("c.csv", connections)]);
    let (nodes, edges) = summary(&v);
    let ids: Vec<&str> = nodes.iter().map(|n| n.0.as_str()).collect();
    assert_eq!(ids, ["labo-x-paris", "universite-paris", "universite-paris-2"]);
    assert_eq!(
        edges.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
        [
            "labo-x-paris/part_of/universite-paris-2/1981",
            "labo-x-paris/part_of/universite-paris/1980"
        ]
    );
    // Each row's own citation; the last row has none and cites --cite.
    let cited: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["citations"][0]["title"].as_str().unwrap())
        .collect();
    assert_eq!(cited, ["https://example.org/survey", "https://example.org/a", "Yearbook 1971"]);
}
