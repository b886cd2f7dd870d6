//! `mesograph check` and the validation every command runs first.

use crate::util::{data, golden, mesograph};
use predicates::prelude::*;
use serde_json::json;

#[test]
fn builtin_dataset_is_valid_and_summarised_on_one_line() {
    let out = mesograph().arg("check").assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("ok: ") && text.contains(" actors, ") && text.contains(" links, "),
        "{text}"
    );
}

#[test]
fn fixture_dataset_counts_and_span() {
    mesograph()
        .args(["check", "--data", &data("fixture")])
        .assert()
        .success()
        .stdout("ok: 4 actors, 4 links, 2 sources, 1 milestone, years 2007–2010\n");
}

#[test]
fn broken_dataset_reports_every_problem_with_file_line_column() {
    let out = mesograph()
        .args(["check", "--data", &data("broken")])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    golden("check-broken.txt", &out.stderr);
    let text = String::from_utf8(out.stderr).unwrap();
    // Every line but the summary names file:line:column.
    for line in text.lines().filter(|l| !l.starts_with("error: ")) {
        let mut parts = line.splitn(4, ':');
        let (file, l, c) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        assert!(file.starts_with("tests/data/broken/"), "{line}");
        assert!(l.parse::<usize>().unwrap() > 0 && c.parse::<usize>().unwrap() > 0, "{line}");
    }
    assert!(text.contains("unknown actor \"genic\" in \"to\" (did you mean \"genci\"?)"));
    assert!(text.contains("unknown kind \"agence\" (did you mean \"agency\"?)"));
    assert!(text.ends_with("error: 11 problems in the dataset\n"), "{text}");
}

#[test]
fn malformed_json_names_line_and_column_without_cascading() {
    mesograph()
        .args(["check", "--data", &data("malformed")])
        .assert()
        .code(1)
        .stderr("tests/data/malformed/actors.json:5:3: malformed JSON: trailing comma\nerror: 1 problem in the dataset\n");
}

#[test]
fn every_command_validates_first() {
    for args in [vec!["export", "--year", "2010"], vec!["actors"], vec!["milestones"]] {
        mesograph()
            .args(&args)
            .args(["--data", &data("broken")])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("error: 11 problems in the dataset"));
    }
}

#[test]
fn a_missing_folder_is_one_clear_error() {
    mesograph()
        .args(["check", "--data", "tests/data/no-such-folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: tests/data/no-such-folder: "));
}

#[test]
fn a_folder_without_data_files_lists_each_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        mesograph().args(["check", "--data"]).arg(dir.path()).assert().code(1).get_output().clone();
    let text = String::from_utf8(out.stderr).unwrap();
    for f in ["sources.json", "actors.json", "links.json"] {
        assert!(text.contains(&format!("{f}: file not found")), "{text}");
    }
    assert!(!text.contains("milestones.json"), "milestones.json is optional: {text}");
}

#[test]
fn schema_is_generated_for_each_file() {
    for file in ["sources", "actors", "links", "milestones"] {
        let out = mesograph().args(["schema", file]).assert().success().get_output().stdout.clone();
        let schema: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(schema["type"], "object", "{file}");
        assert!(schema["properties"][file].is_object(), "{file}");
    }
    mesograph().args(["schema", "nodes"]).assert().code(2);
}

#[test]
fn committed_schemas_match_the_generated_ones() {
    for file in ["sources", "actors", "links", "milestones", "dataset"] {
        let out = mesograph().args(["schema", file]).assert().success().get_output().stdout.clone();
        let committed =
            std::fs::read(crate::util::root().join(format!("graph/schema/{file}.schema.json")))
                .unwrap();
        assert!(
            out == committed,
            "graph/schema/{file}.schema.json is stale: mesograph schema {file} > graph/schema/{file}.schema.json"
        );
    }
}

/// The validator's error messages for each file, from `tests/clients/schema_validate.py`.
fn schema_errors(files: &[std::path::PathBuf]) -> std::collections::BTreeMap<String, Vec<String>> {
    let root = crate::util::root();
    let out = std::process::Command::new("python3")
        .arg(root.join("tests/clients/schema_validate.py"))
        .arg(root.join("graph/schema"))
        .args(files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_json_schemas_reject_what_check_rejects_where_json_schema_can_say_it() {
    if !crate::util::have_tool("python3", &["-c", "import jsonschema"]) {
        return;
    }
    let root = crate::util::root();
    let mut valid: Vec<_> = ["sources", "actors", "links", "milestones", "dataset"]
        .iter()
        .map(|f| root.join(format!("graph/{f}.json")))
        .collect();
    for dir in ["fixture", "hostile-names"] {
        for f in ["sources", "actors", "links", "milestones"] {
            valid.push(root.join(format!("tests/data/{dir}/{f}.json")));
        }
    }
    for (file, errors) in schema_errors(&valid) {
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }

    // One broken record at a time in a copy of the fixture: check refuses it, and so does the
    // schema of its file.
    type Mangle = fn(&mut serde_json::Value);
    let cases: [(&str, &str, Mangle); 7] = [
        ("no citation", "actors", |v| v["actors"][0]["citations"] = json!([])),
        ("id not a slug", "actors", |v| v["actors"][0]["id"] = json!("Agence A")),
        ("impossible year", "actors", |v| v["actors"][0]["start"] = json!(3007)),
        ("unknown kind", "links", |v| v["links"][0]["kind"] = json!("owns")),
        ("inferred without note", "links", |v| v["links"][0]["confidence"] = json!("inferred")),
        ("blank note", "links", |v| {
            v["links"][0]["confidence"] = json!("inferred");
            v["links"][0]["note"] = json!("  ");
        }),
        ("impossible horizon", "dataset", |v| v["horizon"] = json!(1700)),
    ];
    for (what, file, mangle) in cases {
        let tmp = tempfile::tempdir().unwrap();
        for f in ["sources", "actors", "links", "milestones"] {
            std::fs::copy(
                root.join(format!("tests/data/fixture/{f}.json")),
                tmp.path().join(format!("{f}.json")),
            )
            .unwrap();
        }
        let path = tmp.path().join(format!("{file}.json"));
        let mut value: serde_json::Value = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap(),
            Err(_) => json!({"title": "t"}),
        };
        mangle(&mut value);
        std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
        mesograph().args(["check", "--data", tmp.path().to_str().unwrap()]).assert().code(1);
        let errors = schema_errors(std::slice::from_ref(&path));
        assert!(!errors[path.to_str().unwrap()].is_empty(), "the schema accepts {what}");
    }
}

/// A valid dataset with no actor mentions no year: `check` says so and succeeds, and a command
/// asked for every year fails with 1 (a condition of the data), not 2 (a usage error), writing
/// nothing.
#[test]
fn an_empty_dataset_has_no_year_to_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("sources.json", r#"{"sources": [{"id": "deck", "kind": "deck", "title": "D"}]}"#);
    write("actors.json", r#"{"actors": []}"#);
    write("links.json", r#"{"links": []}"#);
    let run = |args: &[&str]| mesograph().arg("--data").arg(dir.path()).args(args).assert();
    run(&["check"]).success().stdout("ok: 0 actors, 0 links, 1 source, 0 milestones, no years\n");
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let mut commands =
        vec![vec!["export", "--all-years", "--out", out], vec!["stats", "--all-years"]];
    if crate::util::have_tool("neato", &["-V"]) {
        commands.push(vec!["render", "--all-years", "--out", out]);
    }
    for args in commands {
        run(&args).code(1).stdout("").stderr(
            "error: the dataset mentions no year (it has no actor, link or milestone): no year to go through\n",
        );
    }
    assert!(!dir.path().join("out").exists());
    // Years given by hand are years to go through.
    run(&["stats", "--all-years", "--from", "2000", "--to", "2001"]).success();
}
