//! `mesograph render`: pictures drawn by Graphviz, with every actor in the same place each year,
//! nothing overlapping, and a clear one-line error when Graphviz is missing.

use crate::svg::{BBox, attr, items};
use crate::util::{data, have_tool, mesograph, root};
use mesograph::{Scope, TemporalGraph};
use std::collections::{BTreeMap, BTreeSet};

fn neato() -> bool {
    have_tool("neato", &["-V"])
}

fn svg(args: &[&str]) -> String {
    let out = mesograph().arg("render").args(args).args(["--format", "svg"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Each actor's centre: the x of its centred label, the mean of its lines' baselines (the same
/// whatever the number of lines).
fn centres(svg: &str) -> BTreeMap<String, (f64, f64)> {
    items(svg, "node")
        .into_iter()
        .filter(|n| !n.title.starts_with("mesograph:") && !n.texts.is_empty())
        .map(|n| {
            let y = n.texts.iter().map(|t| t.y).sum::<f64>() / n.texts.len() as f64;
            (n.title, (n.texts[0].x, y))
        })
        .collect()
}

fn size(svg: &str) -> (String, String) {
    let tag = svg.split("<svg").nth(1).unwrap().split('>').next().unwrap();
    (attr(tag, "width").unwrap(), attr(tag, "height").unwrap())
}

fn actors_of(year: i32) -> BTreeSet<String> {
    let graph = TemporalGraph::new(mesograph::load(None).unwrap());
    graph.slice(Scope::Year(year)).actors.iter().map(|&n| graph.actor(n).id.clone()).collect()
}

#[test]
fn every_actor_keeps_its_place_from_year_to_year() {
    if !neato() {
        return;
    }
    let (a, b) = (svg(&["--year", "2009"]), svg(&["--year", "2013"]));
    let (ca, cb) = (centres(&a), centres(&b));
    assert_eq!(ca.keys().cloned().collect::<BTreeSet<_>>(), actors_of(2009));
    assert_eq!(cb.keys().cloned().collect::<BTreeSet<_>>(), actors_of(2013));
    let common: Vec<&String> = ca.keys().filter(|id| cb.contains_key(*id)).collect();
    assert!(common.len() > 20, "{common:?}");
    for id in common {
        let (p, q) = (ca[id], cb[id]);
        assert!((p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01, "{id} moved: {p:?} → {q:?}");
    }
    assert_eq!(size(&a), size(&b), "every year has the same frame");
}

#[test]
fn a_year_has_its_title_a_legend_and_nothing_overlaps() {
    if !neato() {
        return;
    }
    let picture = svg(&["--year", "2012"]);
    let texts: Vec<String> =
        items(&picture, "graph").into_iter().flat_map(|g| g.texts).map(|t| t.text).collect();
    assert!(texts.iter().any(|t| t == "mesocentres — 2012"), "{texts:?}");
    let nodes = items(&picture, "node");
    let legend: BTreeSet<&str> = nodes
        .iter()
        .filter(|n| n.title.starts_with("mesograph:legend"))
        .flat_map(|n| n.texts.iter().map(|t| t.text.as_str()))
        .collect();
    for kind in ["computing centre", "agency", "funds", "member of", "inferred", "proposed"] {
        assert!(legend.contains(kind), "legend lacks {kind}: {legend:?}");
    }
    // Actors (and legend samples) never overlap one another.
    let boxes: Vec<(&str, BBox)> =
        nodes.iter().filter_map(|n| Some((n.title.as_str(), n.bbox?))).collect();
    assert!(boxes.len() > 30);
    for (i, (a, p)) in boxes.iter().enumerate() {
        for (b, q) in &boxes[i + 1..] {
            let overlap = p.0 < q.2 - 1.0 && q.0 < p.2 - 1.0 && p.1 < q.3 - 1.0 && q.1 < p.3 - 1.0;
            assert!(!overlap, "{a} {p:?} overlaps {b} {q:?}");
        }
    }
    // Link labels never sit on an actor.
    let mut labels = 0;
    for edge in items(&picture, "edge") {
        for t in &edge.texts {
            let (text, x, y) = (&t.text, &t.x, &t.y);
            labels += 1;
            for (id, b) in &boxes {
                let inside = b.0 + 1.0 < *x && *x < b.2 - 1.0 && b.1 + 1.0 < *y && *y < b.3 - 1.0;
                assert!(!inside, "label {text:?} of {} lies on {id}", edge.title);
            }
        }
    }
    assert!(labels > 10, "most links keep their label: {labels}");
}

#[test]
fn all_years_write_one_picture_each_and_runs_are_identical() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    mesograph()
        .args([
            "render",
            "--all-years",
            "--from",
            "2009",
            "--to",
            "2011",
            "--format",
            "png",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, ["2009.png", "2010.png", "2011.png"]);
    for n in &names {
        assert!(std::fs::read(dir.path().join(n)).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    }
    // -o picks the format from the extension; the same input gives the same bytes.
    let file = dir.path().join("2012.svg");
    mesograph().args(["render", "--year", "2012", "-o"]).arg(&file).assert().success();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("<svg"));
    assert_eq!(written, svg(&["--year", "2012"]));
}

#[test]
fn hostile_names_are_drawn_as_text() {
    if !neato() {
        return;
    }
    let picture = svg(&["--data", &data("hostile-atlas"), "--year", "2001"]);
    // Long names are wrapped into lines at spaces.
    let texts: Vec<String> = items(&picture, "node")
        .into_iter()
        .map(|n| n.texts.into_iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
        .collect();
    for name in ["<script>alert(1)</script>", "Tom & Jerry \"quoted\" \\ back"] {
        assert!(texts.iter().any(|t| t == name), "{name} not drawn as text: {texts:?}");
    }
    assert!(!picture.contains("<script"), "no markup from the data in the SVG");
}

#[test]
fn without_graphviz_one_line_names_the_package_and_nothing_is_written() {
    let empty = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("2012.png");
    let pictures = out_dir.path().join("pictures");
    for args in [
        vec![
            "render".into(),
            "--year".into(),
            "2012".into(),
            "-o".into(),
            file.display().to_string(),
        ],
        vec!["render".into(), "--all-years".into(), "--out".into(), pictures.display().to_string()],
    ] {
        let out = mesograph().args(&args).env("PATH", empty.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("graphviz") && stderr.contains("neato"), "{stderr}");
    }
    assert!(!file.exists() && !pictures.exists());
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0, "no temporary left");
}

#[test]
fn render_usage_errors_exit_2() {
    for args in [
        &["render", "--all-years"][..],
        &["render", "--format", "gif"],
        &["render", "--year", "2012", "--all-years", "--out", "x"],
    ] {
        mesograph().args(args).current_dir(root()).assert().code(2);
    }
}
