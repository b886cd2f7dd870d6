//! `mesograph export`: slices, formats, files, pipes and determinism.

use crate::util::{data, files_with_extension, golden, mesograph};
use predicates::prelude::*;
use std::io::Read;
use std::process::{Command, Stdio};

fn export(args: &[&str]) -> Vec<u8> {
    mesograph().arg("export").args(args).assert().success().get_output().stdout.clone()
}

#[test]
fn golden_fixture_exports_of_one_year() {
    let fixture = data("fixture");
    golden("fixture-2009.dot", &export(&["--year", "2009", "--data", &fixture]));
    golden(
        "fixture-2009.json",
        &export(&["--year", "2009", "--format", "json", "--data", &fixture]),
    );
    golden("fixture-all.dot", &export(&["--data", &fixture]));
    golden("fixture-all.json", &export(&["--format", "json", "--data", &fixture]));
}

#[test]
fn golden_builtin_exports_of_2010() {
    golden("builtin-2010.dot", &export(&["--year", "2010"]));
    golden("builtin-2010.json", &export(&["--year", "2010", "--format", "json"]));
}

#[test]
fn output_is_byte_identical_between_runs() {
    for format in ["dot", "json"] {
        assert_eq!(export(&["--format", format]), export(&["--format", format]));
        assert_eq!(
            export(&["--year", "2012", "--format", format]),
            export(&["--year", "2012", "--format", format])
        );
    }
}

#[test]
fn json_is_node_link_with_names_of_the_year_and_clipped_slices() {
    let fixture = data("fixture");
    let doc: serde_json::Value = serde_json::from_slice(&export(&[
        "--year", "2008", "--format", "json", "--data", &fixture,
    ]))
    .unwrap();
    assert_eq!(doc["directed"], true);
    assert_eq!(doc["multigraph"], true);
    assert_eq!(doc["graph"]["year"], 2008);
    let names: Vec<&str> =
        doc["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Agence \"A\" <&> \\ back", "Institut", "node", "Rapport — état des lieux"]);
    let keys: Vec<&str> =
        doc["edges"].as_array().unwrap().iter().map(|e| e["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["coordinates/2008", "funds/2008"], "parallel links stay apart");
    // A window keeps what is active in any of its years.
    let doc: serde_json::Value = serde_json::from_slice(&export(&[
        "--from", "2007", "--to", "2008", "--format", "json", "--data", &fixture,
    ]))
    .unwrap();
    assert_eq!(doc["graph"]["from"], 2007);
    assert_eq!(doc["edges"].as_array().unwrap().len(), 3);
}

#[test]
fn all_years_writes_one_file_per_year_and_format() {
    let dir = tempfile::tempdir().unwrap();
    mesograph()
        .args([
            "export",
            "--all-years",
            "--format",
            "dot",
            "--format",
            "json",
            "--data",
            &data("fixture"),
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 8 files for 2007–2010"));
    let dots = files_with_extension(dir.path(), "dot");
    let names: Vec<String> =
        dots.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["2007.dot", "2008.dot", "2009.dot", "2010.dot"]);
    assert_eq!(files_with_extension(dir.path(), "json").len(), 4);
    let one = std::fs::read(dir.path().join("2009.json")).unwrap();
    assert_eq!(one, export(&["--year", "2009", "--format", "json", "--data", &data("fixture")]));
}

/// The files of `--all-years` (made on several threads and streamed to their files) are those of
/// one-year exports, on names that need every kind of escaping.
#[test]
fn all_years_files_are_the_one_year_exports() {
    for dataset in ["hostile", "hostile-names", "fixture"] {
        let dir = tempfile::tempdir().unwrap();
        let d = data(dataset);
        mesograph()
            .args(["export", "--all-years", "-f", "dot", "-f", "json", "--data", &d, "--out"])
            .arg(dir.path())
            .assert()
            .success();
        let dots = files_with_extension(dir.path(), "dot");
        assert!(dots.len() > 2, "{dataset}: {}", dots.len());
        assert_eq!(files_with_extension(dir.path(), "json").len(), dots.len());
        for dot in dots {
            let year = dot.file_stem().unwrap().to_str().unwrap().to_string();
            for format in ["dot", "json"] {
                let file = std::fs::read(dir.path().join(format!("{year}.{format}"))).unwrap();
                let one = export(&["--year", &year, "--format", format, "--data", &d]);
                assert!(file == one, "{dataset} {year}.{format} differs from the one-year export");
            }
        }
    }
}

#[test]
fn all_years_can_be_restricted_to_a_window() {
    let dir = tempfile::tempdir().unwrap();
    mesograph()
        .args([
            "export",
            "--all-years",
            "--from",
            "2008",
            "--to",
            "2009",
            "--data",
            &data("fixture"),
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(files_with_extension(dir.path(), "dot").len(), 2);
}

#[test]
fn output_file_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2009.json");
    mesograph()
        .args(["export", "--year", "2009", "--data", &data("fixture"), "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["graph"]["year"], 2009);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("x.dot");
    mesograph()
        .args(["export", "--year", "2010", "-o"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: ").and(predicate::str::contains("missing")));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn impossible_years_and_windows_are_usage_errors() {
    mesograph()
        .args(["export", "--year", "3000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("impossible year 3000"));
    mesograph()
        .args(["export", "--year", "twenty"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"twenty\" is not a year"));
    mesograph()
        .args(["export", "--from", "2012", "--to", "2010"])
        .assert()
        .code(2)
        .stderr("error: the window ends (2010) before it starts (2012)\n");
    mesograph().args(["export", "--year", "2010", "--from", "2008"]).assert().code(2);
    mesograph()
        .args(["export", "--format", "dot", "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out"));
    mesograph()
        .args(["export", "--format", "svg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format \"svg\""));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("mesograph"))
        .args(["export", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, as `| head -c1` would.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The ids of the nodes and the (confidence, source kind) of the edges of a JSON export.
fn nodes_and_edges(json: &[u8]) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let v: serde_json::Value = serde_json::from_slice(json).unwrap();
    (v["nodes"].as_array().unwrap().clone(), v["edges"].as_array().unwrap().clone())
}

#[test]
fn filters_leave_out_kinds_confidences_and_isolated_actors() {
    let (all_nodes, all_edges) = nodes_and_edges(&export(&["--year", "2012", "--format", "json"]));
    assert!(all_nodes.iter().any(|n| n["kind"] == "person"));

    let (nodes, edges) = nodes_and_edges(&export(&[
        "--year",
        "2012",
        "--format",
        "json",
        "--without-actor-kind",
        "person",
        "--hide-isolated",
    ]));
    assert!(!nodes.is_empty() && nodes.len() < all_nodes.len());
    assert!(nodes.iter().all(|n| n["kind"] != "person"));
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for e in &edges {
        assert!(ids.contains(&e["source"].as_str().unwrap()), "{e}");
        assert!(ids.contains(&e["target"].as_str().unwrap()), "{e}");
    }
    // Every actor kept has a link kept.
    for id in &ids {
        assert!(edges.iter().any(|e| e["source"] == *id || e["target"] == *id), "{id} is isolated");
    }

    let (_, stated) =
        nodes_and_edges(&export(&["--year", "2012", "--format", "json", "--confidence", "stated"]));
    assert!(stated.len() < all_edges.len());
    assert!(stated.iter().all(|e| e["confidence"] == "stated"));
    let (_, funds) =
        nodes_and_edges(&export(&["--year", "2012", "--format", "json", "--link-kind", "funds"]));
    assert!(!funds.is_empty() && funds.iter().all(|e| e["kind"] == "funds"));

    mesograph().args(["export", "--confidence", "sure"]).assert().code(2);
    mesograph()
        .args(["export", "--without-actor-kind", "persn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown kind \"persn\""));
}
