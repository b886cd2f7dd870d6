//! `mesograph fmt` and `mesograph add`: the canonical layout, and records appended with the
//! smallest diff, checked before anything is written.

use crate::util::mesograph;
use predicates::prelude::*;
use std::path::Path;

fn started(tmp: &Path) -> String {
    let dir = tmp.join("ds");
    mesograph().args(["init", dir.to_str().unwrap()]).assert().success();
    dir.to_str().unwrap().to_string()
}

fn read(dir: &str, file: &str) -> String {
    std::fs::read_to_string(Path::new(dir).join(file)).unwrap()
}

#[test]
fn add_appends_records_that_check_accepts_and_nothing_else_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = started(tmp.path());
    let links_before = read(&d, "links.json");
    let add = |args: &[&str]| mesograph().arg("add").args(args).args(["--data", &d]).assert();
    add(&[
        "source",
        "council",
        "--kind",
        "web",
        "--title",
        "The \"Council\" <R&D>",
        "--url",
        "https://example.org/c",
    ])
    .success();
    add(&[
        "actor",
        "sigma2",
        "--name",
        "Sigma2 AS",
        "--kind",
        "agency",
        "--start",
        "2014",
        "--alias",
        "Sigma²",
        "--cite",
        "council:report 2015",
    ])
    .success()
    .stderr(predicate::str::contains("added to"));
    // Actors by name, as everywhere on the command line.
    add(&[
        "link",
        "Example Agency",
        "funds",
        "Sigma2",
        "--start",
        "2015",
        "--cite",
        "council:p. 3",
    ])
    .success();
    let links = read(&d, "links.json");
    // The old text stays as it was up to its last record; the new one follows it.
    let last = links_before.rfind('}').unwrap();
    let kept = &links_before[..links_before[..last].rfind('}').unwrap() + 1];
    assert!(links.starts_with(kept), "{links}");
    assert!(
        links.contains("      \"from\": \"example-agency\",\n      \"to\": \"sigma2\",\n"),
        "{links}"
    );
    mesograph()
        .args(["check", "--data", &d])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: 3 actors, 2 links, 2 sources"));
    // What add writes is in the canonical layout.
    mesograph().args(["fmt", "--check", "--data", &d]).assert().success();
    let sources = read(&d, "sources.json");
    assert!(sources.contains(r#""title": "The \"Council\" <R&D>""#), "{sources}");
}

#[test]
fn a_record_that_check_refuses_writes_nothing_and_is_located() {
    let tmp = tempfile::tempdir().unwrap();
    let d = started(tmp.path());
    let before: Vec<String> = ["actors.json", "links.json"].iter().map(|f| read(&d, f)).collect();
    let add = |args: &[&str]| mesograph().arg("add").args(args).args(["--data", &d]).assert();
    add(&[
        "actor",
        "example-agency",
        "--name",
        "Again",
        "--kind",
        "agency",
        "--start",
        "2001",
        "--cite",
        "example-source:p",
    ])
    .code(1)
    .stderr(
        predicate::str::contains("actors.json:")
            .and(predicate::str::contains("duplicate actor id \"example-agency\"")),
    );
    add(&[
        "link",
        "example-agency",
        "hosts",
        "example-centre",
        "--start",
        "2011",
        "--cite",
        "nowhere:p",
        "--confidence",
        "inferred",
    ])
    .code(1)
    .stderr(
        predicate::str::contains("citation of unknown source \"nowhere\"")
            .and(predicate::str::contains("needs a note")),
    );
    add(&[
        "link",
        "nobody",
        "funds",
        "example-centre",
        "--start",
        "2011",
        "--cite",
        "example-source:p",
    ])
    .code(1)
    .stderr(predicate::str::contains("unknown actor \"nobody\""));
    add(&[
        "actor",
        "x",
        "--name",
        "X",
        "--kind",
        "agency",
        "--start",
        "2001",
        "--cite",
        "example-source",
    ])
    .code(2);
    let after: Vec<String> = ["actors.json", "links.json"].iter().map(|f| read(&d, f)).collect();
    assert_eq!(before, after);
    mesograph()
        .args([
            "add", "actor", "x", "--name", "X", "--kind", "agency", "--start", "2001", "--cite",
            "s:p",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--data DIR"));
}

#[test]
fn fmt_rewrites_hand_layouts_into_the_canonical_one_and_check_says_which() {
    let tmp = tempfile::tempdir().unwrap();
    let d = started(tmp.path());
    let canonical = read(&d, "actors.json");
    let value: serde_json::Value = serde_json::from_str(&canonical).unwrap();
    // A hand layout: one line, keys in another order, a "stated" written out on links.
    std::fs::write(Path::new(&d).join("actors.json"), serde_json::to_string(&value).unwrap())
        .unwrap();
    let links = read(&d, "links.json")
        .replace("\"start\": 2010,", "\"start\": 2010, \"confidence\": \"stated\",");
    std::fs::write(Path::new(&d).join("links.json"), links).unwrap();
    mesograph().args(["fmt", "--check", "--data", &d]).assert().code(1).stderr(
        predicate::str::contains("actors.json: not in the canonical layout")
            .and(predicate::str::contains("links.json: not in the canonical layout"))
            .and(predicate::str::contains("sources.json").not()),
    );
    mesograph()
        .args(["fmt", "--data", &d])
        .assert()
        .success()
        .stderr(predicate::str::contains("formatted 2 files"));
    assert_eq!(read(&d, "actors.json"), canonical);
    mesograph().args(["fmt", "--check", "--data", &d]).assert().success();

    // An invalid dataset is reported, not formatted.
    std::fs::write(Path::new(&d).join("links.json"), "{\"links\": [}").unwrap();
    mesograph()
        .args(["fmt", "--data", &d])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("links.json:1:"));
}

#[test]
fn the_builtin_dataset_is_in_the_canonical_layout() {
    mesograph().args(["fmt", "--check", "--data", "graph"]).assert().success();
}
