//! `mesograph init`: a new dataset that `check` accepts, and never over an existing one.

use crate::util::mesograph;
use predicates::prelude::*;

#[test]
fn init_writes_a_valid_titled_dataset_and_never_replaces_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nordic").join("infra");
    let d = dir.to_str().unwrap();
    mesograph()
        .args(["init", d, "--title", "Nordic <e-infrastructures> & \"friends\""])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote 5 files"));
    mesograph()
        .args(["check", "--data", d])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: 2 actors, 1 link"));
    let json = mesograph().args(["export", "--data", d, "--format", "json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(meta["title"], "Nordic <e-infrastructures> & \"friends\"");

    // A second init changes nothing and says which file is in the way.
    std::fs::write(dir.join("actors.json"), "mine").unwrap();
    mesograph()
        .args(["init", d])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dataset.json: already there"));
    assert_eq!(std::fs::read(dir.join("actors.json")).unwrap(), b"mine");

    // Without --title, the folder's name.
    let other = tmp.path().join("my-institutions");
    mesograph().args(["init", other.to_str().unwrap()]).assert().success();
    let meta = std::fs::read_to_string(other.join("dataset.json")).unwrap();
    assert!(meta.contains("\"title\": \"my-institutions\""), "{meta}");
}
