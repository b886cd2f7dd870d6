//! `mesograph actors` and `mesograph milestones`.

use crate::util::{data, mesograph};
use predicates::prelude::*;

#[test]
fn actors_of_a_year_show_the_name_they_had_then() {
    let fixture = data("fixture");
    mesograph()
        .args(["actors", "--year", "2008", "--data", &fixture])
        .assert()
        .success()
        .stdout(predicate::str::contains("institut  Institut "))
        .stdout(predicate::str::contains("4 actors (2008)"));
    mesograph()
        .args(["actors", "--year", "2010", "--data", &fixture])
        .assert()
        .success()
        .stdout(predicate::str::contains("Institut et du Cloud"))
        .stdout(predicate::str::contains("node").not())
        .stdout(predicate::str::contains("3 actors (2010)"));
}

#[test]
fn actors_filter_by_kind_and_print_json() {
    let out = mesograph()
        .args([
            "actors",
            "--kind",
            "computing centre",
            "--format",
            "json",
            "--data",
            &data("fixture"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["id"], "node");
    mesograph()
        .args(["actors", "--kind", "agence"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"agence\""));
}

#[test]
fn milestones_resolve_actor_names_ignoring_case_and_accents() {
    mesograph()
        .args(["milestones", "--actor", "MESO-CENTRE ete", "--data", &data("fixture")])
        .assert()
        .success()
        .stdout(predicate::str::contains("registrations 115 people"))
        .stdout(predicate::str::contains("Saint-Étienne"));
}

#[test]
fn unknown_actor_names_get_suggestions_and_exit_1() {
    mesograph()
        .args(["milestones", "--actor", "agencey", "--data", &data("fixture")])
        .assert()
        .code(1)
        .stderr("error: unknown actor \"agencey\" (did you mean \"agency\"?)\n");
}
