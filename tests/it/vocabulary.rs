//! A dataset's own vocabulary of kinds (`dataset.json`'s `actor_kinds` and `link_kinds`), on
//! `tests/data/ruritania`, a fictional country's research infrastructures: checked, filtered,
//! drawn, exported and described by its JSON Schema with its own kinds.

use crate::util::{data, mesograph, root};
use serde_json::{Value, json};
use std::path::Path;

/// A copy of a dataset under `tests/data/` in a temporary folder, to be changed.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join(data(name))).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn edit(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
}

/// The problems `check` reports, one a line, and its exit code.
fn check(dir: &Path) -> (i32, String) {
    let out = mesograph().args(["check", "--data"]).arg(dir).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_dataset_with_its_own_vocabulary_is_valid() {
    mesograph()
        .args(["check", "--data", &data("ruritania")])
        .assert()
        .success()
        .stdout("ok: 6 actors, 9 links, 2 sources, 1 milestone, years 1950–2019\n");
}

/// A misspelt kind no longer hides the other problems of its record: one link with a misspelt
/// kind, no citation and an actor that does not exist gives three located problems.
#[test]
fn every_problem_of_a_record_is_reported_even_with_a_misspelt_kind() {
    let dir = copy_of("ruritania");
    edit(&dir.path().join("links.json"), |v| {
        v["links"][0]["kind"] = json!("govern");
        v["links"][0]["to"] = json!("counsil");
        v["links"][0]["citations"] = json!([]);
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    let links = dir.path().join("links.json").display().to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    // Each names the file, the line and column of its field (the record's first lines), and
    // the value.
    let mut found: Vec<(usize, &str)> = lines[..3]
        .iter()
        .map(|l| {
            let rest = l.strip_prefix(&links).unwrap_or_else(|| panic!("{l}"));
            let mut parts = rest[1..].splitn(3, ':');
            let line: usize = parts.next().unwrap().parse().unwrap();
            assert!(parts.next().unwrap().parse::<usize>().unwrap() > 1, "{l}");
            assert!((3..=12).contains(&line), "{l}: outside the first record");
            (line, parts.next().unwrap().trim())
        })
        .collect();
    found.sort_by_key(|f| f.1);
    let messages: Vec<&str> = found.iter().map(|f| f.1).collect();
    assert_eq!(
        messages,
        [
            "no citation: every record cites at least one source",
            "unknown actor \"counsil\" in \"to\" (did you mean \"council\"?)",
            "unknown kind \"govern\" (did you mean \"governs\"?)",
        ]
    );
    assert_eq!(lines[3], "error: 3 problems in the dataset");
}

#[test]
fn a_misspelt_kind_of_the_dataset_s_vocabulary_gets_a_did_you_mean() {
    let dir = copy_of("ruritania");
    edit(&dir.path().join("actors.json"), |v| v["actors"][3]["kind"] = json!("universty"));
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    let actors = dir.path().join("actors.json").display().to_string();
    let (at, rest) = err.split_once(": ").unwrap();
    assert!(at.starts_with(&format!("{actors}:")), "{err}");
    assert_eq!(
        rest,
        "unknown kind \"universty\" (did you mean \"university\"?)\n\
         error: 1 problem in the dataset\n"
    );
    // A built-in kind the dataset's vocabulary leaves out is unknown there.
    edit(&dir.path().join("actors.json"), |v| v["actors"][3]["kind"] = json!("agency"));
    let (_, err) = check(dir.path());
    assert!(
        err.contains(
            "unknown kind \"agency\" (expected one of: ministry, research_council, company, \
             university, esfri_project)"
        ),
        "{err}"
    );
}

/// Each problem of a vocabulary is located in `dataset.json`, with the others of the dataset.
#[test]
fn a_vocabulary_s_problems_are_located_in_dataset_json() {
    let dir = copy_of("ruritania");
    edit(&dir.path().join("dataset.json"), |v| {
        v["actor_kinds"][2]["shape"] = json!("boxx");
        let kinds = v["actor_kinds"].as_array_mut().unwrap();
        kinds.extend([json!({"id": "Research-Council"}), json!({"id": "company"})]);
        v["link_kinds"][0]["color"] = json!("green");
        v["link_kinds"][1]["arrowhead"] = json!("arrow");
        v["link_kinds"][2]["style"] = json!("wavy");
    });
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    let shown = dir.path().join("dataset.json").display().to_string();
    let messages: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix(&shown))
        .map(|l| l.splitn(4, ':').nth(3).unwrap().trim())
        .collect();
    let expected = [
        "unknown shape \"boxx\" (did you mean \"box\"? expected one of:",
        "kind id \"Research-Council\" is not a snake_case slug (a-z first, then a-z, 0-9 and '_')",
        "kind \"company\" is defined twice",
        "malformed colour \"green\" (expected #rrggbb)",
        "unknown arrowhead \"arrow\" (expected one of:",
        "unknown style \"wavy\" (expected one of: solid, bold, dashed, dotted)",
    ];
    assert_eq!(messages.len(), expected.len(), "{err}");
    for (m, e) in messages.iter().zip(expected) {
        assert!(m.starts_with(e), "{m} / {e}");
    }
    // Every one names its line and column.
    for line in err.lines().filter(|l| l.starts_with(&shown)) {
        let mut parts = line[shown.len() + 1..].split(':');
        assert!(parts.next().unwrap().parse::<usize>().unwrap() > 1, "{line}");
        assert!(parts.next().unwrap().parse::<usize>().unwrap() > 1, "{line}");
    }
    // The kinds declared still hold: no record is reported.
    assert!(!err.contains("actors.json") && !err.contains("links.json"), "{err}");
}

#[test]
fn filters_take_the_dataset_s_kinds() {
    let ruritania = data("ruritania");
    let out = mesograph()
        .args(["actors", "--data", &ruritania, "--kind", "company", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows,
        json!([{"id": "ruricompute", "name": "RuriCompute", "kind": "company",
        "start": 2008, "end": null, "aliases": []}])
    );
    let out = mesograph()
        .args(["export", "--data", &ruritania, "--year", "2016", "--format", "json"])
        .args(["--actor-kind", "esfri project,university", "--link-kind", "participates_in"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let graph: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> =
        graph["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["eumax", "strelsau", "zenda"]);
    assert_eq!(graph["edges"].as_array().unwrap().len(), 1);
    // A kind the dataset does not have is a usage error naming those it has.
    let out = mesograph()
        .args(["export", "--data", &ruritania, "--year", "2016", "--format", "json"])
        .args(["--actor-kind", "agency"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().next().unwrap(),
        "error: --actor-kind: unknown kind \"agency\" (expected one of: ministry, research_council, \
         company, university, esfri_project)"
    );
    // And a kind of it is no kind of the built-in dataset.
    mesograph()
        .args(["export", "--year", "2016", "--link-kind", "owns", "--format", "json"])
        .assert()
        .code(2);
}

/// Every output with a title takes the dataset's `title`, not its folder's name.
#[test]
fn titles_come_from_the_dataset_s_title() {
    let name = "Ruritania's research infrastructures (a fictional country)";
    let title = format!("{name} — 2016");
    let export = |format: &str| {
        let out = mesograph()
            .args(["export", "--data", &data("ruritania"), "--year", "2016", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(export("dot").contains(&format!("label=\"{title}\";")));
    assert!(export("mermaid").contains(&format!("title: \"{title}\"")));
    let xml_name = name.replace('\'', "&apos;");
    assert!(export("gexf").contains(&format!("<description>{xml_name}: 2016")));
}

/// `mesograph schema --data DIR`: the dataset's kinds are the only ones a record may have, and
/// the files of the dataset follow that schema (with a real validator).
#[test]
fn the_json_schema_of_a_dataset_lists_its_kinds() {
    let ruritania = data("ruritania");
    let dir = tempfile::tempdir().unwrap();
    for file in ["sources", "actors", "links", "milestones", "dataset"] {
        let out = mesograph().args(["schema", file, "--data", &ruritania]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::write(dir.path().join(format!("{file}.schema.json")), &out.stdout).unwrap();
    }
    let kinds = |file: &str, def: &str| -> Vec<String> {
        let text = std::fs::read(dir.path().join(format!("{file}.schema.json"))).unwrap();
        let schema: Value = serde_json::from_slice(&text).unwrap();
        schema["$defs"][def]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["const"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        kinds("actors", "ActorKind"),
        ["ministry", "research_council", "company", "university", "esfri_project"]
    );
    assert_eq!(
        kinds("links", "LinkKind"),
        ["owns", "governs", "funds", "founds", "participates_in"]
    );
    // A broken vocabulary has no schema: its problems are told instead.
    let broken = copy_of("ruritania");
    edit(&broken.path().join("dataset.json"), |v| v["link_kinds"][0]["color"] = json!("x"));
    mesograph().args(["schema", "links", "--data"]).arg(broken.path()).assert().code(1);
    // So has a folder that is not there.
    let gone = broken.path().join("gone");
    mesograph().args(["schema", "links", "--data"]).arg(&gone).assert().code(1);

    if !crate::util::have_tool("python3", &["-c", "import jsonschema"]) {
        return;
    }
    let validate = |files: &[std::path::PathBuf]| -> Value {
        let out = std::process::Command::new("python3")
            .arg(root().join("tests/clients/schema_validate.py"))
            .arg(dir.path())
            .args(files)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let files: Vec<_> = ["sources", "actors", "links", "milestones", "dataset"]
        .iter()
        .map(|f| root().join(data("ruritania")).join(format!("{f}.json")))
        .collect();
    for (file, errors) in validate(&files).as_object().unwrap() {
        assert_eq!(errors, &json!([]), "{file}");
    }
    // A kind of the built-in vocabulary is not one of this dataset's.
    let mangled = copy_of("ruritania");
    edit(&mangled.path().join("actors.json"), |v| v["actors"][0]["kind"] = json!("agency"));
    let errors = validate(&[mangled.path().join("actors.json")]);
    assert_eq!(errors.as_object().unwrap().values().next().unwrap().as_array().unwrap().len(), 1);
}

/// The picture draws the dataset's kinds in their own colours and shapes, and its legend names
/// them by their labels.
#[test]
fn pictures_atlas_and_report_use_the_dataset_s_vocabulary() {
    if !crate::util::have_tool("dot", &["-V"]) {
        return;
    }
    let ruritania = data("ruritania");
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("r.svg");
    mesograph()
        .args(["render", "--data", &ruritania, "--year", "2016", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let svg = std::fs::read_to_string(svg).unwrap();
    // The title is the dataset's, not its folder's name.
    assert!(
        svg.contains("Ruritania&#39;s research infrastructures")
            || svg.contains("Ruritania's research infrastructures"),
        "{svg}"
    );
    for label in ["ESFRI project", "research council", "company", "owns", "governs"] {
        assert!(svg.contains(&format!(">{label}</text>")), "legend lacks {label}");
    }
    // EUMAX in its kind's own fill, a bold "governs", a company in its fill.
    for look in ["fill=\"#c9daf8\"", "fill=\"#fce5cd\"", "stroke=\"#674ea7\""] {
        assert!(svg.contains(look), "no {look}");
    }
    let png = dir.path().join("r.png");
    mesograph()
        .args(["render", "--data", &ruritania, "--year", "2016", "-o"])
        .arg(&png)
        .assert()
        .success();
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));

    // The atlas: a lane per kind of the vocabulary present, in its order, with its colours.
    let out = mesograph().args(["atlas", "--data", &ruritania]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("atlas lacks {needle}"));
    assert!(
        at("{\"id\":\"ministry\",\"label\":\"ministry\",\"colour\":\"#f4cccc\"}")
            < at("{\"id\":\"esfri_project\",\"label\":\"ESFRI project\",\"colour\":\"#c9daf8\"}")
    );
    assert!(html.contains("{\"id\":\"owns\",\"label\":\"owns\",\"colour\":\"#38761d\"}"));

    // The report tells its links with the labels of its kinds.
    let out = dir.path().join("report");
    mesograph()
        .args(["report", "--data", &ruritania, "--from", "2004", "--format", "md", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(text.contains("Ministry of Science owns RuriCompute"), "{text}");
    assert!(text.contains("RRC stops funding University of Strelsau"), "{text}");
    assert!(text.contains("Ministry of Science founds RuriCompute"), "{text}");
}

/// Labels of a vocabulary are data: quotes, backslashes, `<>&`, line breaks and non-ASCII in
/// them survive every output (DOT read by Graphviz, pictures, the atlas, the report).
#[test]
fn hostile_kind_labels_survive_every_output() {
    let dir = copy_of("ruritania");
    let label = "Firm \"A\" <&> \\ back\nÉtat ☃";
    edit(&dir.path().join("dataset.json"), |v| {
        v["actor_kinds"][2]["label"] = json!(label);
        v["link_kinds"][0]["label"] = json!("owns </script> & \"more\"");
    });
    let run = |args: &[&str]| {
        let out = mesograph().arg("--data").arg(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let out = tempfile::tempdir().unwrap();
    let dot = out.path().join("r.dot");
    run(&["export", "--year", "2016", "-o", dot.to_str().unwrap()]);
    for format in ["json", "gexf", "graphml", "cytoscape", "mermaid"] {
        run(&["export", "--year", "2016", "--format", format]);
    }
    if crate::util::have_tool("dot", &["-V"]) {
        let drawn = std::process::Command::new("dot").arg("-Tsvg").arg(&dot).output().unwrap();
        assert!(drawn.status.success() && drawn.stderr.is_empty(), "{:?}", drawn);
        let svg = String::from_utf8(drawn.stdout).unwrap();
        assert!(svg.contains("Firm &quot;A&quot; &lt;&amp;&gt; \\ back État ☃"), "{svg}");
        let svg = String::from_utf8(run(&["render", "--year", "2016", "--format", "svg"])).unwrap();
        assert!(svg.contains("Firm &quot;A&quot; &lt;&amp;&gt; \\ back"), "{svg}");
    }
    let atlas = String::from_utf8(run(&["atlas"])).unwrap();
    assert!(!atlas.contains("owns </script>"), "the label closes the atlas's script");
    // The report draws its pictures with Graphviz too.
    if crate::util::have_tool("neato", &["-V"]) {
        let report = String::from_utf8(run(&["report"])).unwrap();
        assert!(report.contains("Owns &lt;/script&gt; &amp; &quot;more&quot;"), "{report}");
    }
}

/// The example of `dataset.json` in the format's documentation is a valid one.
#[test]
fn the_documented_dataset_json_is_valid() {
    let doc = std::fs::read_to_string(root().join("graph/README.md")).unwrap();
    let section = doc.split("## `dataset.json`").nth(1).unwrap();
    let example = section.split("```json\n").nth(1).unwrap().split("```").next().unwrap();
    let dir = copy_of("ruritania");
    std::fs::write(dir.path().join("dataset.json"), example).unwrap();
    let value: Value = serde_json::from_str(example).unwrap();
    assert_eq!(value["actor_kinds"].as_array().unwrap().len(), 5);
    mesograph().args(["check", "--data"]).arg(dir.path()).assert().success();
}
