//! Scenario layers (`--scenario`): a folder in the dataset format laid over a dataset, checked
//! with it, its problems located in its own files, named by every output.

use crate::util::{data, mesograph, root};
use serde_json::Value;

/// `export --format json` of the fixture dataset in `year`, with the given `--scenario` values.
fn fixture_json(year: &str, scenarios: &[&str]) -> Value {
    let fixture = data("fixture");
    let mut args = vec!["export", "--data", &fixture, "--year", year, "--format", "json"];
    for s in scenarios {
        args.extend(["--scenario", s]);
    }
    let out = mesograph().args(&args).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("the export is JSON")
}

fn ids(doc: &Value, list: &str) -> Vec<String> {
    doc[list].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_scenario_adds_its_records_to_the_dataset_and_is_named() {
    let scenario = data("fixture-scenario");
    let base = fixture_json("2010", &[]);
    let layered = fixture_json("2010", &[&scenario]);
    assert_eq!(base["graph"]["scenarios"], serde_json::json!([]));
    assert_eq!(layered["graph"]["scenarios"], serde_json::json!(["fixture-scenario"]));
    assert!(!ids(&base, "nodes").contains(&"plan".to_string()));
    // The scenario's actor, and its links to the dataset's actors, proposed.
    let nodes = ids(&layered, "nodes");
    assert!(nodes.contains(&"plan".to_string()) && nodes.contains(&"agency".to_string()));
    let edges = layered["edges"].as_array().unwrap();
    let plan: Vec<&Value> =
        edges.iter().filter(|e| e["id"].as_str().unwrap().contains("plan")).collect();
    let plan_ids: Vec<&str> = plan.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(plan_ids, ["institut/member_of/plan/2010", "plan/partners_with/agency/2010"]);
    assert!(plan.iter().all(|e| e["confidence"] == "proposed"));
    // It cites a source of its own and one of the dataset's.
    let sources: Vec<&str> = plan
        .iter()
        .flat_map(|e| e["citations"].as_array().unwrap())
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["deck", "plan-page"]);
    // Its milestone joins the dataset's.
    let plan_node = layered["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "plan");
    assert_eq!(plan_node.unwrap()["milestones"][0]["title"], "Vers la création du plan ?");
    // Everything of the dataset is still there.
    for id in ids(&base, "edges") {
        assert!(ids(&layered, "edges").contains(&id), "{id}");
    }
}

#[test]
fn a_scenario_is_checked_with_its_problems_located_in_its_own_files() {
    let out = mesograph()
        .args(["check", "--data", &data("fixture"), "--scenario", &data("fixture-scenario-broken")])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let dir = "tests/data/fixture-scenario-broken";
    let expected = format!(
        "{dir}/actors.json:4:13: duplicate actor id \"agency\" (first at tests/data/fixture/actors.json:4:13)\n\
         {dir}/links.json:3:5: a scenario's links are proposed: write \"confidence\": \"proposed\" in link institut/funds/agency/2010 (found \"stated\" or left out)\n\
         {dir}/links.json:12:13: unknown actor \"agenyc\" in \"to\" (did you mean \"agency\"?)\n\
         {dir}/links.json:15:33: citation of unknown source \"dekc\" (did you mean \"deck\"?)\n\
         {dir}/links.json:24:21: a scenario's links are proposed: write \"confidence\": \"proposed\" in link agency/supports/institut/2010 (found \"inferred\")\n\
         error: 5 problems in the dataset\n"
    );
    // The duplicate id is reported once, in the scenario; the dataset's own links to "agency"
    // are still checked against the dataset's "agency", and are fine.
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
}

#[test]
fn a_broken_record_of_a_scenario_is_located_by_the_record_by_record_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("actors.json"),
        "{\"actors\": [\n  {\"id\": \"x\", \"name\": \"X\", \"kind\": \"agence\", \"start\": 2010,\n   \"citations\": [{\"source\": \"deck\", \"locator\": \"2010\"}]}\n]}\n",
    )
    .unwrap();
    let out = mesograph()
        .args(["check", "--data", &data("fixture"), "--scenario"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    let file = dir.path().join("actors.json");
    assert!(
        err.starts_with(&format!(
            "{}:2:36: unknown kind \"agence\" (did you mean \"agency\"?)",
            file.display()
        )),
        "{err}"
    );
}

#[test]
fn scenarios_are_named_by_folder_or_by_built_in_name() {
    // An unknown bare name is a usage error that lists the built-in scenarios.
    let out = mesograph().args(["check", "--scenario", "no-such-scenario"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("unknown scenario \"no-such-scenario\": the built-in scenarios are "),
        "{err}"
    );
    // A folder that holds no dataset file is not a scenario.
    let empty = tempfile::tempdir().unwrap();
    let out = mesograph().args(["check", "--scenario"]).arg(empty.path()).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("not a scenario folder"), "{err}");
    // --help lists the built-in scenarios: the folders of graph/scenarios/.
    let mut builtin: Vec<String> = std::fs::read_dir(root().join("graph/scenarios"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    builtin.sort();
    let listed = if builtin.is_empty() { "none".to_string() } else { builtin.join(", ") };
    let help = mesograph().args(["--help"]).assert().success().get_output().stdout.clone();
    let help = String::from_utf8_lossy(&help).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains(&format!("A bare NAME is a built-in scenario: {listed}.")), "{help}");
    for name in &builtin {
        mesograph().args(["check", "--scenario", name]).assert().success();
    }
}

#[test]
fn the_built_in_frt2_scenario_is_a_hypothesis_laid_over_the_dataset() {
    let export = |args: &[&str]| -> Value {
        let mut all = vec!["export", "--year", "2027", "--format", "json"];
        all.extend(args);
        let out = mesograph().args(&all).assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    };
    // The dataset keeps what happened: no FRT2 infrastructure in 2027.
    let base = export(&[]);
    assert!(!ids(&base, "nodes").contains(&"frt2".to_string()));
    assert_eq!(base["graph"]["scenarios"], serde_json::json!([]));
    // With the scenario, FRT2 and its links, every one proposed, and the output says so.
    let layered = export(&["--scenario", "frt2"]);
    assert_eq!(layered["graph"]["scenarios"], serde_json::json!(["frt2"]));
    assert!(ids(&layered, "nodes").contains(&"frt2".to_string()));
    let frt2: Vec<&Value> = layered["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source"] == "frt2" || e["target"] == "frt2")
        .collect();
    assert!(!frt2.is_empty() && frt2.iter().all(|e| e["confidence"] == "proposed"));
    // diff 2017 2027 --scenario frt2: the observed 2017 against the scenario's 2027.
    let out = mesograph()
        .args(["diff", "2017", "2027", "--scenario", "frt2", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let d: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(d["scenarios"], serde_json::json!({"from": [], "to": ["frt2"]}));
    assert!(d["actors"]["proposed"].as_array().unwrap().contains(&"frt2".into()));
    let without = mesograph().args(["diff", "2017", "2027", "--format", "json"]).assert().success();
    let without: Value = serde_json::from_slice(&without.get_output().stdout).unwrap();
    assert!(without["actors"]["appeared"].as_array().unwrap().iter().all(|a| a["id"] != "frt2"));
    // Analyses leave its proposed links out by default, and say so.
    let stats = |args: &[&str]| -> Value {
        let mut all = vec!["stats", "--year", "2017", "--format", "json"];
        all.extend(args);
        serde_json::from_slice(&mesograph().args(&all).assert().success().get_output().stdout)
            .unwrap()
    };
    let (plain, with) = (stats(&[]), stats(&["--scenario", "frt2"]));
    assert_eq!(plain["links"], with["links"]);
    let added = frt2.iter().filter(|e| e["start"].as_i64() <= Some(2017)).count() as u64;
    assert!(added > 0);
    assert_eq!(
        with["left_out"]["proposed"].as_u64().unwrap(),
        plain["left_out"]["proposed"].as_u64().unwrap() + added
    );
}

/// Pictures and the atlas say which scenario is on and draw its actors apart (dashed).
#[test]
fn pictures_and_the_atlas_draw_a_scenarios_actors_apart_and_name_it() {
    let atlas = |args: &[&str]| {
        let out = mesograph().args(args).args(["atlas", "-o", "-"]).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let on = atlas(&["--scenario", "frt2"]);
    assert!(on.contains(r#""scenarioActors":["frt2"]"#), "the scenario's actor is marked");
    assert!(on.contains("(scenario frt2)"), "the title names the scenario");
    let off = atlas(&[]);
    assert!(off.contains(r#""scenarioActors":[]"#) && !off.contains("(scenario frt2)"));

    if !crate::util::have_tool("neato", &["-V"]) {
        return;
    }
    let svg = |args: &[&str]| {
        let out = mesograph()
            .args(args)
            .args(["render", "--year", "2027", "--format", "svg", "-o", "-"])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let on = svg(&["--scenario", "frt2"]);
    assert!(on.contains("(projection) (scenario frt2)</text>"), "the title names it");
    let frt2 = &on[on.find("<title>frt2</title>").expect("FRT2 drawn")..];
    let shape = &frt2[..frt2.find("</g>").unwrap()];
    assert!(shape.contains("stroke-dasharray"), "a hypothesis is dashed: {shape}");
    let cnrs = &on[on.find("<title>cnrs</title>").unwrap()..];
    assert!(!cnrs[..cnrs.find("</g>").unwrap()].contains("stroke-dasharray"), "a fact is not");
    let off = svg(&[]);
    assert!(!off.contains("<title>frt2</title>") && !off.contains("scenario"));
}
