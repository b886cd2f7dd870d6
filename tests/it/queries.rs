//! `mesograph neighbours`, `path`, `history`, `diff`, `stats` and `export --focus` on the built-in
//! dataset. Expected answers come from the deck (section named in each test) and the dataset's
//! records (graph/*.json).

use crate::util::{files_with_extension, golden, have_tool, mesograph, root};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn run(args: &[&str]) -> Vec<u8> {
    mesograph().args(args).assert().success().get_output().stdout.clone()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_slice(&run(&all)).expect("valid JSON")
}

fn text(args: &[&str]) -> String {
    String::from_utf8(run(args)).unwrap()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

fn ids<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap()).collect()
}

/// Deck 2010: "Lancement de l'AO Equipex et obtention d'Equip@Meso", "Michel K : rôle GENCI";
/// GENCI coordinates Equip@Meso and CNRS is one of GENCI's shareholders, so in 2012 CNRS reaches
/// Equip@Meso through GENCI and through nothing shorter.
#[test]
fn path_from_cnrs_to_equipameso_in_2012_goes_through_genci() {
    let p = json(&["path", "CNRS", "Equip@Meso", "--year", "2012"]);
    assert_eq!(p["connected"], true);
    assert_eq!((p["length"].as_u64(), p["count"].as_u64()), (Some(2), Some(1)));
    assert_eq!(strs(&p["paths"][0]["actors"]), ["cnrs", "genci", "equipameso"]);
    let steps = p["paths"][0]["steps"].as_array().unwrap();
    assert_eq!(ids(&steps[0]["links"], "id"), ["cnrs/shareholder_of/genci/2007"]);
    assert_eq!(ids(&steps[1]["links"], "id"), ["genci/coordinates/equipameso/2010"]);
    assert_eq!(steps[1]["links"][0]["citations"][0]["source"], "deck");
    assert_eq!(steps[1]["links"][0]["citations"][0]["locator"], "2010");
    // The readable form, link by link.
    let t = text(&["path", "cnrs", "equip@méso", "--year", "2012"]);
    assert!(t.contains("path 1: CNRS — GENCI — Equip@Meso"), "{t}");
    assert!(t.contains("GENCI  coordinates →     Equip@Meso  2010–"), "{t}");
}

/// Deck 2010 again: Equip@Meso is obtained in 2010; in 2009 it does not exist yet.
#[test]
fn not_connected_names_the_nearest_year() {
    let p = json(&["path", "cnrs", "equipameso", "--year", "2009"]);
    assert_eq!(p["connected"], false);
    assert_eq!(strs(&p["inactive"]), ["equipameso"]);
    assert_eq!(p["nearest_year"], 2010);
    mesograph()
        .args(["path", "cnrs", "equipameso", "--year", "2009"])
        .assert()
        .success()
        .stdout(predicate::str::contains("not connected in 2009"))
        .stdout(predicate::str::contains("nearest year in which they are: 2010"));
    // CNUSC (1999) and the réseau MSO (2016) never live at the same time.
    let p = json(&["path", "cnusc", "reseau-mso", "--year", "2016"]);
    assert_eq!((p["connected"].as_bool(), p["nearest_year"].is_null()), (Some(false), true));
}

/// Parallel links count once: GENCI founds PRACE and is a member of it in 2010 (dataset), one
/// step carrying both links.
#[test]
fn parallel_links_make_one_step() {
    let p = json(&["path", "genci", "prace", "--year", "2010"]);
    assert_eq!((p["length"].as_u64(), p["count"].as_u64()), (Some(1), Some(1)));
    let links = &p["paths"][0]["steps"][0]["links"];
    assert_eq!(ids(links, "kind"), ["founds", "member_of"]);
    // In 2011 the founding is over: one link left.
    let p = json(&["path", "genci", "prace", "--year", "2011"]);
    assert_eq!(ids(&p["paths"][0]["steps"][0]["links"], "kind"), ["member_of"]);
}

/// Several shortest connections are all listed, in id order, and --limit bounds the listing.
#[test]
fn all_shortest_paths_and_directed_paths() {
    // GENCI's five shareholders (dataset) are all members of France Grilles (deck 2010).
    let p = json(&["path", "genci", "france-grilles", "--year", "2012"]);
    assert_eq!(p["count"], 5);
    let middles: Vec<&str> =
        p["paths"].as_array().unwrap().iter().map(|x| x["actors"][1].as_str().unwrap()).collect();
    assert_eq!(middles, ["cea", "cnrs", "cpu", "inria", "ministry"]);
    let p = json(&["path", "genci", "france-grilles", "--year", "2012", "--limit", "2"]);
    assert_eq!((p["count"].as_u64(), p["paths"].as_array().unwrap().len()), (Some(5), 2));
    // Following directions, GENCI (shareholders point at it) does not reach France Grilles…
    let p = json(&["path", "genci", "france-grilles", "--year", "2012", "--directed"]);
    assert_eq!(p["connected"], false);
    // …but CNRS does, as a member.
    let p = json(&["path", "cnrs", "france-grilles", "--year", "2012", "--directed"]);
    assert_eq!(strs(&p["paths"][0]["actors"]), ["cnrs", "france-grilles"]);
}

/// Deck "Avant 2008": after the Héon–Sartorius report (2005), GENCI is created (2007); deck 2010:
/// GENCI coordinates Equip@Meso. The route waits at GENCI from 2007 until 2010.
#[test]
fn over_time_route_from_heon_to_equipameso_waits_for_2010() {
    let r = json(&["path", "Héon", "Equip@Meso", "--over-time"]);
    assert_eq!(r["connected"], true);
    assert_eq!((r["departure"].as_i64(), r["arrival"].as_i64()), (Some(2005), Some(2010)));
    let steps: Vec<(i64, &str)> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["year"].as_i64().unwrap(), s["links"][0]["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            (2005, "heon/authored/rapport-heon-sartorius-2005/2005"),
            (2007, "rapport-heon-sartorius-2005/prompted/genci/2007"),
            (2010, "genci/coordinates/equipameso/2010"),
        ]
    );
    // Backwards in time, there is no route from Equip@Meso to the 2005 report.
    let back = json(&["path", "equipameso", "rapport-heon-sartorius-2005", "--over-time"]);
    assert_eq!(back["connected"], false);
    // --to bounds the years links may be taken in: not before 2010.
    let early = json(&["path", "heon", "equipameso", "--over-time", "--to", "2009"]);
    assert_eq!(early["connected"], false);
    mesograph()
        .args(["path", "heon", "equipameso", "--over-time"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 links, from 2005 to 2010"));
}

/// Founding is an event, but a joint unit keeps its founders as supervising bodies (S42): the
/// réseau MSO (deck 2016) reaches GENCI through the Maison de la Simulation and one of its bodies,
/// a GENCI shareholder. The route needs the MSO network, so it cannot start before 2016.
#[test]
fn over_time_route_from_the_mso_network_to_genci_goes_through_a_lasting_tie() {
    let r = json(&["path", "réseau MSO", "GENCI", "--over-time"]);
    assert_eq!(r["connected"], true);
    assert_eq!((r["departure"].as_i64(), r["arrival"].as_i64()), (Some(2016), Some(2016)));
    let steps: Vec<&str> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["links"][0]["id"].as_str().unwrap())
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert_eq!(steps[0], "mds/member_of/reseau-mso/2016");
    let body = steps[1].strip_suffix("/supports/mds/2011").expect("a supervising body of the MdS");
    assert_eq!(steps[2], format!("{body}/shareholder_of/genci/2007"));
    // The ties the route takes are open-ended; the founding of 2011 is not among them.
    assert!(steps.iter().all(|s| !s.contains("/founds/")));
    let early = json(&["path", "réseau MSO", "GENCI", "--over-time", "--to", "2015"]);
    assert_eq!(early["connected"], false);
}

/// Deck 2014: "Lancement SIMSEO — GENCI / Teratec"; deck 2010: GENCI and Equip@Meso, the 10
/// supported mésocentres, PRACE; dataset: GENCI's shareholders and the national centres.
#[test]
fn genci_neighbours_in_2014() {
    let n = json(&["neighbours", "GENCI", "--year", "2014"]);
    assert_eq!(n["active"], true);
    let found: Vec<&str> = n["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["actor"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "cea",
            "cines",
            "cnrs",
            "cpu",
            "equipameso",
            "idris",
            "inria",
            "mesocentres",
            "ministry",
            "prace",
            "simseo",
            "tgcc"
        ]
    );
    let simseo = &n["neighbours"][10];
    assert_eq!(simseo["links"][0]["kind"], "founds");
    assert_eq!(simseo["links"][0]["direction"], "out");
    assert_eq!(simseo["links"][0]["citations"][0]["locator"], "2014");
    let cnrs = &n["neighbours"][2];
    assert_eq!(
        (cnrs["links"][0]["kind"].as_str(), cnrs["links"][0]["direction"].as_str()),
        (Some("shareholder_of"), Some("in"))
    );
    // Founding PRACE (2010 only) is over by 2014; 2010 shows both links, 2009 no PRACE at all.
    assert_eq!(n["neighbours"][9]["links"].as_array().unwrap().len(), 1);
    let n2010 = json(&["neighbours", "genci", "--year", "2010"]);
    let prace = n2010["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["actor"]["id"] == "prace")
        .unwrap();
    assert_eq!(ids(&prace["links"], "kind"), ["founds", "member_of"]);
    let t = text(&["neighbours", "genci", "--year", "2014"]);
    assert!(t.starts_with("GENCI (genci): 12 neighbours in 2014\n"), "{t}");
    golden("query-neighbours-genci-2014.txt", t.as_bytes());
}

#[test]
fn neighbours_filter_by_kind_direction_and_depth() {
    let n = json(&["neighbours", "genci", "--year", "2014", "--kind", "shareholder_of"]);
    assert_eq!(n["neighbours"].as_array().unwrap().len(), 5);
    let n = json(&["neighbours", "genci", "--year", "2014", "--direction", "out"]);
    let found: BTreeSet<&str> = n["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["actor"]["id"].as_str().unwrap())
        .collect();
    assert!(found.contains("simseo") && !found.contains("cnrs"));
    // Depth 2 from Equip@Meso in 2012 reaches CNRS through GENCI (the path above).
    let n = json(&["neighbours", "equipameso", "--year", "2012", "--depth", "2"]);
    let cnrs =
        n["neighbours"].as_array().unwrap().iter().find(|x| x["actor"]["id"] == "cnrs").unwrap();
    assert_eq!((cnrs["distance"].as_u64(), strs(&cnrs["via"])), (Some(2), vec!["genci"]));
    // An actor asked about outside its years: an answer, not an error.
    let n = json(&["neighbours", "equipameso", "--year", "2009"]);
    assert_eq!(
        (n["active"].as_bool(), n["neighbours"].as_array().unwrap().len()),
        (Some(false), 0)
    );
}

/// Deck 2010's new actors: "CNRS/COCIN", "ANR/Equipex", "France Grille", and Equip@Meso; the
/// 2009 reports, the "Penser petaflops" colloquium's report and the people seen only in 2009 do not
/// carry on.
#[test]
fn diff_2009_to_2010() {
    let d = json(&["diff", "2009", "2010"]);
    assert_eq!((d["from"].as_i64(), d["to"].as_i64()), (Some(2009), Some(2010)));
    let appeared = ids(&d["actors"]["appeared"], "id");
    for id in [
        "cocin",
        "france-grilles",
        "equipex-call",
        "equipameso",
        "hpc-pme",
        "comite-coordination-mesocentres",
    ] {
        assert!(appeared.contains(&id), "{id} should appear: {appeared:?}");
    }
    let disappeared = ids(&d["actors"]["disappeared"], "id");
    assert_eq!(
        disappeared,
        [
            "bernard-chetrit",
            "colloque-penser-petaflops",
            "jean-yves-hangouet",
            "nicolas-hyperion",
            "philippe-depouilly",
            "rapport-calcul-labos-2009",
            "rapport-mesocentres-2009",
            "rapport-metiers-2009",
            "stephane-cordier",
            "stephane-labbe",
            "veronique-baudin"
        ]
    );
    let links = ids(&d["links"]["appeared"], "id");
    for id in [
        "cnrs/founds/cocin/2010",
        "dgri/commissioned/france-grilles/2010",
        "dgri/supports/france-grilles/2010",
        "genci/coordinates/equipameso/2010",
        "equipex-call/funds/equipameso/2010",
    ] {
        assert!(links.contains(&id), "{id}: {links:?}");
    }
    // Sorted and deterministic.
    let mut sorted = appeared.clone();
    sorted.sort();
    assert_eq!(appeared, sorted);
    mesograph().args(["diff", "2009", "2010"]).assert().success().stdout(
        predicate::str::starts_with("from 2009 to 2010: 17 actors appeared, 11 disappeared"),
    );
}

/// Deck 2013: "Fin du CSCI"; deck 2015: "Création de MICADO (CNRS)", COCIN ends (dataset
/// 2010–2015); the Institut des Grilles takes its later name (dataset, by 2012).
#[test]
fn diff_later_years_renamings_and_changed_pairs() {
    let d = json(&["diff", "2013", "2014"]);
    assert!(ids(&d["actors"]["disappeared"], "id").contains(&"csci"));
    let d = json(&["diff", "2015", "2016"]);
    assert!(ids(&d["actors"]["disappeared"], "id").contains(&"cocin"));
    let d = json(&["diff", "2014", "2015"]);
    assert!(ids(&d["actors"]["appeared"], "id").contains(&"micado"));
    let d = json(&["diff", "2011", "2012"]);
    let renamed = &d["actors"]["renamed"][0];
    assert_eq!(renamed["id"], "idgc");
    assert_eq!(
        (renamed["before"].as_str(), renamed["after"].as_str()),
        (Some("Institut des Grilles"), Some("Institut des Grilles et du Cloud"))
    );
    // GENCI–PRACE: founding (2010) and membership, then membership only.
    let d = json(&["diff", "2010", "2011"]);
    let change = d["links"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["actors"][1] == "prace")
        .unwrap();
    assert_eq!(strs(&change["actors"]), ["genci", "prace"]);
    assert_eq!(ids(&change["before"], "kind"), ["founds", "member_of"]);
    assert_eq!(ids(&change["after"], "kind"), ["member_of"]);
}

/// Deck "Avant 2008": "GENCI (créé en 2007)"; 2010: Equip@Meso; 2014: SiMSEO.
#[test]
fn history_of_genci_in_order() {
    let h = json(&["history", "genci"]);
    assert_eq!(h["actor"]["name"], "GENCI");
    let events = h["events"].as_array().unwrap();
    assert_eq!(
        (events[0]["year"].as_i64(), events[0]["event"].as_str()),
        (Some(2007), Some("created"))
    );
    let years: Vec<i64> = events.iter().map(|e| e["year"].as_i64().unwrap()).collect();
    let mut sorted = years.clone();
    sorted.sort();
    assert_eq!(years, sorted);
    let find = |link: &str| events.iter().find(|e| e["link"]["id"] == link).unwrap();
    assert_eq!(find("genci/coordinates/equipameso/2010")["year"], 2010);
    assert_eq!(find("genci/founds/simseo/2014")["event"], "link");
    let prace = events.iter().filter(|e| e["link"]["id"] == "genci/member_of/prace/2010").count();
    assert_eq!(prace, 1, "an open-ended link only starts");
    // The milestone of 2010 (deck: "10 mésocentres soutenus") with its figure.
    let m = events.iter().find(|e| e["event"] == "milestone" && e["year"] == 2010).unwrap();
    assert!(m["milestone"]["figures"][0]["value"].as_f64().is_some(), "{m}");
    mesograph().args(["history", "Institut des Grilles"]).assert().success().stdout(
        predicate::str::contains(
            "renamed from Institut des Grilles to Institut des Grilles et du Cloud",
        ),
    );
    // COCIN (deck 2010, "Création du COCIN … au CNRS"; ends 2015).
    let h = json(&["history", "cocin"]);
    let last = h["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["year"].as_i64(), last["event"].as_str()), (Some(2015), Some("ended")));
}

#[test]
fn stats_of_2010_and_every_year() {
    let s = json(&["stats", "--year", "2010"]);
    assert_eq!(s["scope"]["year"], 2010);
    // Parallel links count once in pairs: GENCI–PRACE and CNRS–COCIN (founds + part of), and
    // DGRI–France Grilles (the GIS created at its request and with its help).
    assert_eq!(s["links"].as_u64().unwrap() - s["pairs"].as_u64().unwrap(), 3);
    assert_eq!(s["top_degree"][0]["id"], "genci");
    assert_eq!(s["top_betweenness"][0]["id"], "genci");
    golden("query-stats-2010.json", &run(&["stats", "--year", "2010", "--format", "json"]));

    let rows = json(&["stats", "--all-years", "--from", "2007", "--to", "2017"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 11);
    assert_eq!(rows[0]["scope"]["year"], 2007);
    // From 2010 on, GENCI has the most distinct neighbours each year (in 2012 France Grilles,
    // with its members and the journées mésocentres held with it, has as many).
    for row in &rows[3..] {
        let top = &row["top_degree"];
        let genci = top.as_array().unwrap().iter().find(|d| d["id"] == "genci").unwrap();
        assert_eq!(genci["degree"], top[0]["degree"], "{}", row["scope"]);
    }
    // Actor counts match the records: active when start <= Y <= end.
    let actors: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("graph/actors.json")).unwrap())
            .unwrap();
    for row in rows {
        let y = row["scope"]["year"].as_i64().unwrap();
        let expected = actors["actors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["start"].as_i64().unwrap() <= y && a["end"].as_i64().is_none_or(|e| y <= e)
            })
            .count();
        assert_eq!(row["actors"].as_u64(), Some(expected as u64), "{y}");
    }
    let t = text(&["stats", "--all-years", "--from", "2007", "--to", "2017"]);
    assert_eq!(t.lines().count(), 13, "a header, a rule and one row per year");
}

#[test]
fn stats_are_byte_identical_between_runs() {
    let a = run(&["stats", "--all-years", "--format", "json", "--top", "50"]);
    let b = run(&["stats", "--all-years", "--format", "json", "--top", "50"]);
    assert_eq!(a, b);
}

/// networkx recomputes every year's statistics from the JSON export of the links analyses count
/// (stated and inferred): density, components, degrees and betweenness must agree with ours
/// (rustworkx-core on the collapsed graph).
#[test]
fn networkx_agrees_with_the_stats_of_every_year() {
    if !have_tool("python3", &["-c", "import networkx"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    mesograph()
        .args([
            "export",
            "--all-years",
            "--from",
            "2000",
            "--to",
            "2027",
            "--format",
            "json",
            "--confidence",
            "stated,inferred",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let files = files_with_extension(dir.path(), "json");
    let out = Command::new("python3")
        .arg(root().join("tests/clients/networkx_stats.py"))
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "networkx failed: {}", String::from_utf8_lossy(&out.stderr));
    let theirs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ours = json(&["stats", "--all-years", "--from", "2000", "--to", "2027", "--top", "1000"]);
    let ours = ours.as_array().unwrap();
    assert_eq!(theirs.len(), ours.len());
    for (nx, us) in theirs.iter().zip(ours) {
        let year = us["scope"]["year"].as_i64().unwrap();
        assert!(nx["file"].as_str().unwrap().ends_with(&format!("{year}.json")));
        for key in ["actors", "pairs", "components", "largest_component", "isolated"] {
            assert_eq!(nx[key], us[key], "{key} in {year}");
        }
        let close = |a: &Value, b: &Value| (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9;
        assert!(close(&nx["density"], &us["density"]), "density in {year}");
        let degrees: BTreeMap<&str, u64> = us["top_degree"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["id"].as_str().unwrap(), d["degree"].as_u64().unwrap()))
            .collect();
        let expected: BTreeMap<&str, u64> = nx["degree"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_u64().unwrap()))
            .collect();
        assert_eq!(degrees, expected, "degrees in {year}");
        let between = us["top_betweenness"].as_array().unwrap();
        assert_eq!(between.len(), nx["betweenness"].as_object().unwrap().len(), "{year}");
        for b in between {
            let id = b["id"].as_str().unwrap();
            assert!(
                close(&b["betweenness"], &nx["betweenness"][id]),
                "betweenness of {id} in {year}"
            );
        }
    }
}

/// The ego network is a slice: any export format writes it.
#[test]
fn export_focus_writes_the_ego_network() {
    let doc: Value = serde_json::from_slice(&run(&[
        "export", "--year", "2014", "--focus", "GENCI", "--format", "json",
    ]))
    .unwrap();
    let nodes = ids(&doc["nodes"], "id");
    assert_eq!(nodes.len(), 13, "GENCI and its 12 neighbours: {nodes:?}");
    assert!(nodes.contains(&"genci") && nodes.contains(&"simseo"));
    let edges = ids(&doc["edges"], "id");
    // A link between two neighbours is kept: CEA hosts TGCC.
    assert!(edges.contains(&"cea/hosts/tgcc/2010"), "{edges:?}");
    assert!(edges.iter().all(|e| {
        let parts: Vec<&str> = e.split('/').collect();
        nodes.contains(&parts[0]) && nodes.contains(&parts[2])
    }));
    let two: Value = serde_json::from_slice(&run(&[
        "export", "--year", "2014", "--focus", "genci", "--depth", "2", "--format", "json",
    ]))
    .unwrap();
    assert!(two["nodes"].as_array().unwrap().len() > 13);
    let dot = text(&["export", "--year", "2014", "--focus", "genci"]);
    assert!(dot.starts_with("digraph {") && dot.contains("\"simseo\""));
    // Outside the actor's years: a clear error.
    mesograph()
        .args(["export", "--year", "2005", "--focus", "equipameso"])
        .assert()
        .code(1)
        .stderr("error: Equip@Meso is not active in 2005 (active 2010–)\n");
    // --all-years writes only the years the actor is active: COCIN 2010–2015.
    let dir = tempfile::tempdir().unwrap();
    mesograph()
        .args(["export", "--all-years", "--focus", "cocin", "--out"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 6 files for 2010–2015 into"));
    // A window the actor never lives in: nothing written, and the summary says why.
    mesograph()
        .args(["export", "--all-years", "--from", "2000", "--to", "2003", "--focus", "cocin"])
        .arg("--out")
        .arg(dir.path().join("none"))
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote no file: COCIN is not active in 2000–2003"));
    let names: Vec<String> = files_with_extension(dir.path(), "dot")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2010.dot", "2011.dot", "2012.dot", "2013.dot", "2014.dot", "2015.dot"]);
}

#[test]
fn unknown_and_ambiguous_names_exit_1_with_suggestions() {
    mesograph()
        .args(["neighbours", "gnci"])
        .assert()
        .code(1)
        .stderr("error: unknown actor \"gnci\" (did you mean \"genci\"?)\n");
    mesograph().args(["path", "genci", "Rapport mésocentres"]).assert().code(1).stderr(
        predicate::str::contains("is ambiguous")
            .and(predicate::str::contains("rapport-mesocentres-2012")),
    );
    mesograph().args(["history", "nobody-at-all"]).assert().code(1);
    // Case, accents and punctuation are ignored.
    let h = json(&["history", "EQUIP MESO"]);
    assert_eq!(h["actor"]["id"], "equipameso");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["neighbours", "genci", "--depth", "0"][..],
        &["neighbours", "genci", "--direction", "sideways"],
        &["neighbours", "genci", "--kind", "likes"],
        &["path", "genci", "cnrs", "--over-time", "--year", "2010"],
        &["path", "genci", "cnrs", "--from", "2012", "--to", "2010"],
        &["diff", "2009", "3000"],
        &["stats", "--all-years", "--year", "2010"],
        &["export", "--depth", "2"],
    ] {
        mesograph().args(args).assert().code(2);
    }
}

#[test]
fn golden_path_json() {
    golden(
        "query-path-cnrs-equipameso-2012.json",
        &run(&["path", "cnrs", "equipameso", "--year", "2012", "--format", "json"]),
    );
}

/// A dataset of 70 diamonds in a row (x_i – y_i, z_i – x_i+1): 2⁷⁰ shortest connections from
/// x00 to x70.
fn diamonds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let cite = serde_json::json!([{"source": "deck", "locator": "2008"}]);
    let ids: Vec<String> =
        (0..=70).flat_map(|i| ["x", "y", "z"].map(|p| format!("{p}{i:02}"))).collect();
    let actors: Vec<Value> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "name": id, "kind": "agency", "start": 2008, "citations": cite}))
        .collect();
    let mut links = vec![];
    for i in 0..70 {
        for middle in [3 * i + 1, 3 * i + 2] {
            for (a, b) in [(3 * i, middle), (middle, 3 * i + 3)] {
                links.push(serde_json::json!({"from": ids[a], "to": ids[b], "kind": "funds",
                    "start": 2008, "citations": cite}));
            }
        }
    }
    let write =
        |name: &str, v: Value| std::fs::write(dir.path().join(name), v.to_string()).unwrap();
    write(
        "sources.json",
        serde_json::json!({"sources": [{"id": "deck", "kind": "deck", "title": "D"}]}),
    );
    write("actors.json", serde_json::json!({ "actors": actors }));
    write("links.json", serde_json::json!({ "links": links }));
    dir
}

/// More shortest connections than a u64 holds: the count says "at least", the listing stays at
/// the limit, and a limit beyond what is ever listed is a usage error.
#[test]
fn path_counts_saturate_as_at_least_and_listing_is_bounded() {
    let dir = diamonds();
    let run = |extra: &[&str]| {
        let out = mesograph()
            .arg("--data")
            .arg(dir.path())
            .args(["path", "x00", "x70", "--year", "2008"])
            .args(extra)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let text = run(&["--limit", "1"]);
    assert!(
        text.starts_with("x00 to x70 in 2008: at least 18446744073709551615 shortest connections of 140 links (showing the first 1;"),
        "{text}"
    );
    let p: Value = serde_json::from_str(&run(&["--limit", "3", "--format", "json"])).unwrap();
    assert_eq!((p["count"].as_u64(), p["count_exact"].as_bool()), (Some(u64::MAX), Some(false)));
    assert_eq!(p["paths"].as_array().unwrap().len(), 3);
    mesograph()
        .arg("--data")
        .arg(dir.path())
        .args(["path", "x00", "x70", "--year", "2008", "--limit", "100000000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 10000"));
}

/// `--top 0` skips betweenness; on the built-in dataset it is exact (`betweenness_sample`
/// null), and `--exact` changes nothing there.
#[test]
fn stats_top_zero_and_exact() {
    let s = json(&["stats", "--year", "2010", "--top", "0"]);
    assert_eq!(s["top_betweenness"].as_array().unwrap().len(), 0);
    assert!(s["betweenness_sample"].is_null());
    let exact = json(&["stats", "--year", "2010", "--exact"]);
    assert!(exact["betweenness_sample"].is_null());
    assert_eq!(exact, json(&["stats", "--year", "2010"]));
}
