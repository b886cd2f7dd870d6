//! What every output says about its truth: the horizon and projection years, the confidence of
//! links (analyses leave proposed links out and say so), notes, and what a diff brings.

use crate::util::{data, mesograph};
use serde_json::Value;

fn run(args: &[&str]) -> String {
    let out = mesograph().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&run(args)).expect("JSON output")
}

#[test]
fn the_json_graph_says_the_horizon_and_whether_the_slice_is_a_projection() {
    let graph = |args: &[&str]| {
        let mut all = vec!["export", "--format", "json"];
        all.extend(args);
        json(&all)["graph"].clone()
    };
    // The built-in dataset declares its horizon (graph/dataset.json).
    let observed = graph(&["--year", "2017"]);
    assert_eq!(
        (observed["horizon"].as_i64(), observed["projection"].as_bool()),
        (Some(2017), Some(false))
    );
    let projected = graph(&["--year", "2018"]);
    assert_eq!(projected["projection"], true);
    assert_eq!(graph(&["--from", "2010", "--to", "2020"])["projection"], true);
    assert_eq!(graph(&["--from", "2010", "--to", "2017"])["projection"], false);
    // A dataset without dataset.json has no horizon: nothing is a projection.
    let fixture = data("fixture");
    let none = graph(&["--data", &fixture, "--year", "2010"]);
    assert_eq!(
        (none["horizon"].clone(), none["projection"].clone()),
        (Value::Null, Value::Bool(false))
    );
    // The DOT title, the dataset's title, says it too.
    let title = |scope: &str| {
        format!(
            "label=\"L'aventure mésocentres: French high-performance computing, before 2008 to \
             2017 — {scope}\";"
        )
    };
    assert!(run(&["export", "--year", "2027"]).contains(&title("2027 (projection beyond 2017)")));
    assert!(run(&["export", "--year", "2017"]).contains(&title("2017")));
    let all = run(&["export"]);
    assert!(all.contains(&title("all years (years after 2017 are a projection)")));
}

#[test]
fn query_headings_say_projection_years_and_scenarios() {
    assert!(
        run(&["stats", "--year", "2020"])
            .starts_with("statistics of 2020 (projection beyond 2017)\n")
    );
    assert!(run(&["stats", "--year", "2016"]).starts_with("statistics of 2016\n"));
    let years = run(&["stats", "--all-years", "--from", "2016", "--to", "2018"]);
    assert!(years.contains("\n2017   ") && years.contains("\n2018*  "), "{years}");
    assert!(years.ends_with("* after 2017, the last year the sources observe: a projection\n"));
    assert!(
        run(&["neighbours", "genci", "--year", "2021"])
            .lines()
            .next()
            .unwrap()
            .ends_with("in 2021 (projection beyond 2017)")
    );
    assert!(run(&["actors", "--year", "2019"]).ends_with("(2019) (projection beyond 2017)\n"));
    let (fixture, scenario) = (data("fixture"), data("fixture-scenario"));
    let with = ["--data", &fixture, "--scenario", &scenario];
    let stats = run(&[&["stats", "--year", "2010"][..], &with].concat());
    assert!(stats.starts_with("statistics of 2010 (scenario fixture-scenario)\n"), "{stats}");
    let dot = run(&[&["export", "--year", "2010"][..], &with].concat());
    assert!(dot.contains("label=\"fixture — 2010 (scenario fixture-scenario)\";"), "{dot}");
    let history = run(&[&["history", "plan"][..], &with].concat());
    assert!(history.starts_with("Plan (plan, A planned shared infrastructure): infrastructure, 2010– (scenario fixture-scenario)\n"), "{history}");
}

#[test]
fn analyses_leave_proposed_links_out_and_say_how_many() {
    // The fixture has one proposed link in 2010: institut partners with agency.
    let fixture = data("fixture");
    let base = ["--data", fixture.as_str(), "--year", "2010", "--format", "json"];
    let all = ["--confidence", "stated,inferred,proposed"];
    let stats = json(&[&["stats"][..], &base].concat());
    assert_eq!(stats["left_out"], serde_json::json!({"stated": 0, "inferred": 0, "proposed": 1}));
    let every = json(&[&["stats"][..], &base, &all].concat());
    assert_eq!(every["left_out"]["proposed"], 0);
    assert_eq!(every["links"].as_u64().unwrap(), stats["links"].as_u64().unwrap() + 1);
    let text = run(&["stats", "--data", &fixture, "--year", "2010"]);
    assert!(text.contains("\nleft out: 1 proposed link (--confidence stated,inferred,proposed counts every link)\n"), "{text}");
    // Neighbours and paths do not follow it either, unless asked.
    let nb = json(&[&["neighbours", "agency"][..], &base].concat());
    assert_eq!(nb["left_out"]["proposed"], 1);
    assert!(nb["neighbours"].as_array().unwrap().iter().all(|n| n["actor"]["id"] != "institut"));
    let nb = json(&[&["neighbours", "agency"][..], &base, &all].concat());
    assert!(nb["neighbours"].as_array().unwrap().iter().any(|n| n["actor"]["id"] == "institut"));
    let path = json(&[&["path", "institut", "agency"][..], &base].concat());
    assert_eq!(
        (path["connected"].as_bool(), path["left_out"]["proposed"].as_u64()),
        (Some(false), Some(1))
    );
    let path = json(&[&["path", "institut", "agency"][..], &base, &all].concat());
    assert_eq!(path["connected"], true);
    // --confidence picks any subset: in 2008, the inferred link and not the stated one.
    let inferred = json(&[
        "stats",
        "--data",
        &fixture,
        "--year",
        "2008",
        "--format",
        "json",
        "--confidence",
        "inferred",
    ]);
    assert_eq!(inferred["links"], 1);
    assert_eq!(
        inferred["left_out"],
        serde_json::json!({"stated": 1, "inferred": 0, "proposed": 0})
    );
    // A scenario's links are proposed: analyses leave them all out by default.
    let scenario = data("fixture-scenario");
    let layered = json(&[&["stats", "--scenario", &scenario][..], &base].concat());
    assert_eq!(layered["left_out"]["proposed"], 3);
    assert_eq!(layered["links"], stats["links"]);
}

#[test]
fn history_and_diff_take_confidence_too() {
    let fixture = data("fixture");
    let history = json(&[
        "history",
        "agency",
        "--data",
        &fixture,
        "--format",
        "json",
        "--confidence",
        "stated",
    ]);
    let links: Vec<&str> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["link"]["confidence"].as_str())
        .collect();
    assert!(!links.is_empty() && links.iter().all(|c| *c == "stated"), "{links:?}");
    let table = run(&["history", "node", "--data", &fixture]);
    assert!(table.contains("  confidence  "), "the history table has a confidence column: {table}");
    assert!(table.contains("  inferred  "), "{table}");
    let diff = json(&[
        "diff",
        "2009",
        "2010",
        "--data",
        &fixture,
        "--format",
        "json",
        "--confidence",
        "proposed",
    ]);
    let appeared: Vec<&str> = diff["links"]["appeared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(appeared, ["institut/partners_with/agency/2010"]);
}

#[test]
fn notes_print_the_note_of_every_record_listed() {
    let fixture = data("fixture");
    let note = "    note: A reading: \"coordinates\" is implied.\n";
    for args in [
        vec!["history", "node"],
        vec!["neighbours", "node", "--year", "2008"],
        vec!["path", "agency", "node", "--year", "2008", "--confidence", "inferred"],
        vec!["diff", "2009", "2010"],
    ] {
        let plain = run(&[&args[..], &["--data", &fixture]].concat());
        assert!(!plain.contains("note:"), "{args:?}: notes without --notes");
        let noted = run(&[&args[..], &["--data", &fixture, "--notes"]].concat());
        assert!(noted.contains(note), "{args:?}:\n{noted}");
    }
    let actors = run(&["actors", "--data", &fixture, "--notes"]);
    assert!(actors.contains("\n    note: Named after a DOT keyword on purpose.\n"), "{actors}");
    let scenario = data("fixture-scenario");
    let milestones = run(&["milestones", "--data", &fixture, "--scenario", &scenario, "--notes"]);
    assert!(
        milestones.contains("Vers la création du plan ?")
            && milestones.contains("\n    note: A question, not an event.\n"),
        "{milestones}"
    );
}

#[test]
fn diff_lists_new_milestones_and_compares_the_world_with_a_scenario() {
    let (fixture, scenario) = (data("fixture"), data("fixture-scenario"));
    let d = json(&["diff", "2008", "2009", "--data", &fixture, "--format", "json"]);
    let titles: Vec<&str> =
        d["milestones"].as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["1st \"journée\""]);
    // Backwards, or with nothing new, none.
    let back = json(&["diff", "2009", "2008", "--data", &fixture, "--format", "json"]);
    assert_eq!(back["milestones"], serde_json::json!([]));
    // With a scenario, the first year is read without it and the second with it.
    let d = json(&[
        "diff",
        "2010",
        "2010",
        "--data",
        &fixture,
        "--scenario",
        &scenario,
        "--format",
        "json",
    ]);
    assert_eq!(d["scenarios"], serde_json::json!({"from": [], "to": ["fixture-scenario"]}));
    let ids = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&d["actors"]["appeared"]), ["plan"]);
    assert_eq!(d["actors"]["proposed"], serde_json::json!(["plan"]), "only the scenario holds it");
    assert_eq!(
        ids(&d["links"]["appeared"]),
        ["institut/member_of/plan/2010", "plan/partners_with/agency/2010"]
    );
    assert!(d["links"]["disappeared"].as_array().unwrap().is_empty());
    assert_eq!(d["milestones"][0]["title"], "Vers la création du plan ?");
    let text = run(&["diff", "2009", "2010", "--data", &fixture, "--scenario", &scenario]);
    let head = text.lines().take(2).collect::<Vec<_>>();
    assert!(
        head[0].starts_with(
            "from 2009 (no scenario) to 2010 (scenario fixture-scenario): 1 actor appeared"
        ),
        "{text}"
    );
    assert!(head[0].ends_with("; 1 new milestone"), "{text}");
    assert_eq!(
        head[1],
        "links that appeared: 3 proposed; links that disappeared: 1 stated, 1 inferred"
    );
    assert!(text.contains("\nplan  Plan  infrastructure  2010– (proposed)\n"), "{text}");
    let plain = json(&["diff", "2007", "2008", "--data", &fixture, "--format", "json"]);
    assert!(!plain["actors"]["appeared"].as_array().unwrap().is_empty());
    assert_eq!(plain["actors"]["proposed"], serde_json::json!([]));
}

#[test]
fn query_answers_in_json_say_the_horizon_projection_and_scenarios() {
    let reading =
        |v: &Value| (v["horizon"].clone(), v["projection"].clone(), v["scenarios"].clone());
    let expect = |h: Value, p: bool, s: Value| (h, Value::Bool(p), s);
    let none = serde_json::json!([]);
    let stats = json(&["stats", "--year", "2020", "--format", "json"]);
    assert_eq!(reading(&stats), expect(2017.into(), true, none.clone()));
    let rows =
        json(&["stats", "--all-years", "--from", "2017", "--to", "2018", "--format", "json"]);
    assert_eq!(
        (rows[0]["projection"].as_bool(), rows[1]["projection"].as_bool()),
        (Some(false), Some(true))
    );
    let nb = json(&["neighbours", "genci", "--year", "2016", "--format", "json"]);
    assert_eq!(reading(&nb), expect(2017.into(), false, none.clone()));
    let history = json(&["history", "genci", "--format", "json"]);
    assert_eq!(history["projection"], true, "GENCI is open-ended: its story goes on past 2017");
    assert_eq!(json(&["diff", "2016", "2017", "--format", "json"])["horizon"], 2017);
    let (fixture, scenario) = (data("fixture"), data("fixture-scenario"));
    let with = ["--data", fixture.as_str(), "--scenario", scenario.as_str(), "--format", "json"];
    let named = serde_json::json!(["fixture-scenario"]);
    for args in [
        vec!["neighbours", "agency", "--year", "2010"],
        vec!["path", "agency", "plan"],
        vec!["history", "plan"],
        vec!["stats"],
    ] {
        let answer = json(&[&args[..], &with].concat());
        assert_eq!(reading(&answer), expect(Value::Null, false, named.clone()), "{args:?}");
    }
}
