//! `mesograph render`: pictures drawn by Graphviz. A year's picture fits the year and is legible
//! on a slide (measured in the SVG: text size in pixels, labels clear of labels and actors);
//! `--frame history` keeps every actor in place; files are written whole or not at all; a clear
//! one-line error when Graphviz is missing.

use crate::svg::{BBox, Item, items, overlap, pixel_size, pixels_per_unit};
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

fn graph_of(dataset: Option<&str>) -> TemporalGraph {
    TemporalGraph::new(mesograph::load(dataset.map(|d| root().join(d)).as_deref()).unwrap())
}

/// The actors drawn (not the legend, title or link labels).
fn actors(svg: &str) -> Vec<Item> {
    items(svg, "node").into_iter().filter(|n| !n.title.starts_with("mesograph:")).collect()
}

/// The link labels drawn: the nodes `mesograph:link:N`.
fn link_labels(svg: &str) -> Vec<Item> {
    items(svg, "node").into_iter().filter(|n| n.title.starts_with("mesograph:link:")).collect()
}

/// Each actor's centre: the x of its centred label, the mean of its lines' baselines (the same
/// whatever the number of lines).
fn centres(svg: &str) -> BTreeMap<String, (f64, f64)> {
    actors(svg)
        .into_iter()
        .filter(|n| !n.texts.is_empty())
        .map(|n| {
            let y = n.texts.iter().map(|t| t.y).sum::<f64>() / n.texts.len() as f64;
            (n.title, (n.texts[0].x, y))
        })
        .collect()
}

fn ids(graph: &TemporalGraph, year: i32) -> BTreeSet<String> {
    graph.slice(Scope::Year(year)).actors.iter().map(|&n| graph.actor(n).id.clone()).collect()
}

fn union(boxes: impl Iterator<Item = BBox>) -> BBox {
    boxes.fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |a, b| {
        (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
    })
}

/// Measures a slide-sized picture: 1920×1080 pixels, every text at least 14 pixels high once
/// the viewBox and the drawing's scale are applied, every actor and every link label of the
/// year drawn, and no link label overlapping another label, an actor's shape or an actor's
/// text, nor two actors' texts one another.
fn assert_legible_slide(dataset: Option<&str>, year: i32) {
    let mut args = vec!["--year".to_string(), year.to_string(), "--size".into(), "1080p".into()];
    if let Some(d) = dataset {
        args.extend(["--data".into(), d.into()]);
    }
    let picture = svg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let what = format!("{} {year}", dataset.unwrap_or("built-in"));
    let (w, h) = pixel_size(&picture);
    assert!((w - 1920.0).abs() < 1.0 && (h - 1080.0).abs() < 1.0, "{what}: {w}x{h}");
    let scale = pixels_per_unit(&picture);
    let mut smallest = f64::MAX;
    for class in ["node", "edge", "graph"] {
        for item in items(&picture, class) {
            for t in item.texts.iter().filter(|t| !t.text.trim().is_empty()) {
                let px = t.size * scale;
                smallest = smallest.min(px);
                assert!(px >= 14.0, "{what}: {:?} of {} is {px:.1} px high", t.text, item.title);
            }
        }
    }
    assert!(smallest < f64::MAX, "{what}: no text");

    let graph = graph_of(dataset);
    let slice = graph.slice(Scope::Year(year));
    let drawn = actors(&picture);
    let titles: BTreeSet<String> = drawn.iter().map(|n| n.title.clone()).collect();
    assert_eq!(titles, ids(&graph, year), "{what}: every actor is drawn");
    let labels = link_labels(&picture);
    assert_eq!(labels.len(), slice.links.len(), "{what}: every link has its label");
    for l in &labels {
        assert!(l.texts.iter().any(|t| !t.text.trim().is_empty()), "{what}: {} is empty", l.title);
    }

    let label_boxes: Vec<(String, BBox)> = labels
        .iter()
        .flat_map(|l| {
            l.texts.iter().map(move |t| (format!("{:?} ({})", t.text, l.title), t.bbox()))
        })
        .collect();
    let actor_shapes: Vec<(String, BBox)> =
        drawn.iter().filter_map(|n| Some((n.title.clone(), n.bbox?))).collect();
    let actor_texts: Vec<(String, BBox)> = drawn
        .iter()
        .flat_map(|n| n.texts.iter().map(move |t| (n.title.clone(), t.bbox())))
        .collect();
    for (i, (a, p)) in label_boxes.iter().enumerate() {
        for (b, q) in &label_boxes[i + 1..] {
            assert!(!overlap(*p, *q, 0.5), "{what}: label {a} {p:?} overlaps label {b} {q:?}");
        }
        for (b, q) in actor_shapes.iter().chain(&actor_texts) {
            assert!(!overlap(*p, *q, 0.5), "{what}: label {a} {p:?} overlaps actor {b} {q:?}");
        }
    }
    for (i, (a, p)) in actor_texts.iter().enumerate() {
        for (b, q) in actor_texts[i + 1..].iter().filter(|(b, _)| b != a) {
            assert!(!overlap(*p, *q, 0.5), "{what}: {a}'s text {p:?} overlaps {b}'s {q:?}");
        }
    }
    for (i, (a, p)) in actor_shapes.iter().enumerate() {
        for (b, q) in &actor_shapes[i + 1..] {
            assert!(!overlap(*p, *q, 1.0), "{what}: actor {a} {p:?} overlaps {b} {q:?}");
        }
    }
}

#[test]
fn slides_of_2008_2012_2015_and_2017_are_legible_from_the_back_of_the_room() {
    if !neato() {
        return;
    }
    // 2015 is among the densest years.
    for year in [2008, 2012, 2015, 2017] {
        assert_legible_slide(None, year);
    }
}

#[test]
fn slides_of_other_datasets_are_legible_too() {
    if !neato() {
        return;
    }
    assert_legible_slide(Some(&data("fixture")), 2009);
    assert_legible_slide(Some(&data("hostile-names")), 2001);
}

/// The actors a link of `year` reaches.
fn linked_ids(graph: &TemporalGraph, year: i32) -> BTreeSet<String> {
    let slice = graph.slice(Scope::Year(year));
    slice
        .links
        .iter()
        .flat_map(|&e| {
            let l = graph.link(e);
            [l.from.to_string(), l.to.to_string()]
        })
        .collect()
}

/// The actors no link of `year` reaches stand in at most three rows, below every linked actor.
fn assert_isolated_in_rows(picture: &str, year: i32) {
    let linked = linked_ids(&graph_of(None), year);
    let drawn = actors(picture);
    let (isolated, connected): (Vec<&Item>, Vec<&Item>) =
        drawn.iter().partition(|n| !linked.contains(&n.title));
    assert!(!isolated.is_empty() && connected.len() > 20, "{} {}", isolated.len(), connected.len());
    let lowest_linked =
        connected.iter().filter_map(|n| n.bbox).map(|b| b.3).fold(f64::MIN, f64::max);
    let rows: BTreeSet<i64> = isolated
        .iter()
        .map(|n| {
            let b = n.bbox.unwrap();
            assert!(b.1 > lowest_linked, "{} stands among the linked actors", n.title);
            ((b.1 + b.3) / 2.0).round() as i64
        })
        .collect();
    assert!(rows.len() <= 3, "isolated actors in tidy rows: {rows:?}");
}

/// A year's picture is cropped to what it draws: actors not linked that year stand in rows
/// below the linked ones, and the picture is smaller than the history's frame.
#[test]
fn a_year_fits_its_picture_and_isolated_actors_stand_in_rows_below() {
    if !neato() {
        return;
    }
    let picture = svg(&["--year", "2008"]);
    let drawn = actors(&picture);
    assert_isolated_in_rows(&picture, 2008);
    // Cropped: the history's frame is larger, and the drawing fills the year's picture.
    let history = svg(&["--year", "2008", "--frame", "history"]);
    let (w, h) = pixel_size(&picture);
    let (hw, hh) = pixel_size(&history);
    assert!(w * h < 0.6 * hw * hh, "{w}x{h} against the history's {hw}x{hh}");
    let all = union(drawn.iter().filter_map(|n| n.bbox));
    let scale = pixels_per_unit(&picture);
    assert!((all.2 - all.0) * scale > 0.5 * w, "the actors span the picture");
}

#[test]
fn with_the_history_frame_every_actor_keeps_its_place_from_year_to_year() {
    if !neato() {
        return;
    }
    let graph = graph_of(None);
    let (a, b) = (
        svg(&["--year", "2009", "--frame", "history"]),
        svg(&["--year", "2013", "--frame", "history"]),
    );
    let (ca, cb) = (centres(&a), centres(&b));
    assert_eq!(ca.keys().cloned().collect::<BTreeSet<_>>(), ids(&graph, 2009));
    assert_eq!(cb.keys().cloned().collect::<BTreeSet<_>>(), ids(&graph, 2013));
    // Linked in both years, an actor stands in the same place; unlinked in both, in the same
    // place in the rows below.
    let (la, lb) = (linked_ids(&graph, 2009), linked_ids(&graph, 2013));
    let common: Vec<&String> =
        ca.keys().filter(|id| la.contains(*id) && lb.contains(*id)).collect();
    assert!(common.len() > 20, "{common:?}");
    let unlinked: Vec<&String> = ca
        .keys()
        .filter(|id| cb.contains_key(*id) && !la.contains(*id) && !lb.contains(*id))
        .collect();
    assert!(!unlinked.is_empty());
    let common: Vec<&String> = common.into_iter().chain(unlinked).collect();
    for id in common {
        let (p, q) = (ca[id], cb[id]);
        assert!((p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01, "{id} moved: {p:?} → {q:?}");
    }
    assert_eq!(pixel_size(&a), pixel_size(&b), "every year has the same frame");
    assert_isolated_in_rows(&a, 2009);
    assert_isolated_in_rows(&b, 2013);
}

#[test]
fn the_stamp_writes_the_year_and_the_counts_drawn() {
    if !neato() {
        return;
    }
    let graph = graph_of(None);
    for (year, extra) in [(2012, vec![]), (2008, vec!["--without-actor-kind", "person"])] {
        let y = year.to_string();
        let mut args = vec!["--year", &y, "--frame", "history", "--stamp"];
        args.extend(extra.iter().copied());
        let picture = svg(&args);
        let nodes = items(&picture, "node");
        let text = |title: &str| -> String {
            let node = nodes.iter().find(|n| n.title == title).unwrap_or_else(|| panic!("{title}"));
            node.texts.iter().map(|t| t.text.as_str()).collect()
        };
        let slice = graph.slice(Scope::Year(year));
        let people = |n: &petgraph::graph::NodeIndex| graph.actor(*n).kind.as_str() == "person";
        let (actors, links) = if extra.is_empty() {
            (slice.actors.len(), slice.links.len())
        } else {
            let kept = slice.actors.iter().filter(|n| !people(n)).count();
            let links = slice
                .links
                .iter()
                .filter(|&&e| {
                    let (a, b) = graph.endpoints(e);
                    !people(&a) && !people(&b)
                })
                .count();
            (kept, links)
        };
        assert_eq!(text("mesograph:stamp"), y);
        assert_eq!(text("mesograph:stamp:count:0"), format!("{actors} actors"));
        assert_eq!(text("mesograph:stamp:count:1"), format!("{links} links"));
        assert_eq!(actors, centres(&picture).len(), "the actors drawn");
    }
}

#[test]
fn a_year_has_its_title_a_legend_and_nothing_overlaps() {
    if !neato() {
        return;
    }
    let picture = svg(&["--year", "2012"]);
    let texts: Vec<String> =
        items(&picture, "node").into_iter().flat_map(|g| g.texts).map(|t| t.text).collect();
    let graph = graph_of(None);
    assert!(texts.contains(&format!("{} — 2012", graph.title())), "{texts:?}");
    let nodes = items(&picture, "node");
    let legend: BTreeSet<&str> = nodes
        .iter()
        .filter(|n| n.title.starts_with("mesograph:legend"))
        .flat_map(|n| n.texts.iter().map(|t| t.text.as_str()))
        .collect();
    for kind in ["computing centre", "agency", "funds", "member of", "inferred"] {
        assert!(legend.contains(kind), "legend lacks {kind}: {legend:?}");
    }
    // Actors, labels and legend samples never overlap one another.
    let boxes: Vec<(&str, BBox)> = nodes
        .iter()
        .filter(|n| !n.title.starts_with("mesograph:corner"))
        .filter_map(|n| Some((n.title.as_str(), n.bbox?)))
        .collect();
    assert!(boxes.len() > 30);
    for (i, (a, p)) in boxes.iter().enumerate() {
        for (b, q) in &boxes[i + 1..] {
            assert!(!overlap(*p, *q, 1.0), "{a} {p:?} overlaps {b} {q:?}");
        }
    }
    // A projection year says so.
    let late = svg(&["--year", "2020"]);
    let texts: Vec<String> =
        items(&late, "node").into_iter().flat_map(|g| g.texts).map(|t| t.text).collect();
    assert!(texts.contains(&format!("{} — 2020 (projection)", graph.title())), "{texts:?}");
}

#[test]
fn titles_labels_and_legend_are_the_users_to_choose() {
    if !neato() {
        return;
    }
    let picture = svg(&[
        "--year",
        "2012",
        "--title",
        "Méso <2012> & \"co\"",
        "--subtitle",
        "Réseau national",
        "--no-link-labels",
        "--legend",
        "none",
    ]);
    let nodes = items(&picture, "node");
    let text = |id: &str| {
        nodes.iter().find(|n| n.title == id).map(|n| n.texts[0].text.clone()).unwrap_or_default()
    };
    assert_eq!(text("mesograph:title"), "Méso <2012> & \"co\"");
    assert_eq!(text("mesograph:subtitle"), "Réseau national");
    assert!(!nodes.iter().any(|n| n.title.starts_with("mesograph:legend")));
    assert!(link_labels(&picture).is_empty());
    let graph = graph_of(None);
    let links = graph.slice(Scope::Year(2012)).links.len();
    assert_eq!(items(&picture, "edge").len(), links, "every link is still drawn");
    assert!(items(&picture, "edge").iter().all(|e| e.texts.is_empty()));
    // The legend below the drawing.
    let picture = svg(&["--year", "2012", "--legend", "bottom"]);
    let nodes = items(&picture, "node");
    let lowest_actor = union(actors(&picture).iter().filter_map(|n| n.bbox)).3;
    let legend: Vec<BBox> = nodes
        .iter()
        .filter(|n| n.title.starts_with("mesograph:legend:") && n.title.ends_with(":label"))
        .filter_map(|n| n.bbox)
        .collect();
    assert!(!legend.is_empty() && legend.iter().all(|b| b.1 > lowest_actor), "{legend:?}");
}

#[test]
fn filters_and_focus_choose_what_is_drawn() {
    if !neato() {
        return;
    }
    let graph = graph_of(None);
    let people: BTreeSet<String> = graph
        .slice(Scope::Year(2012))
        .actors
        .iter()
        .map(|&n| graph.actor(n))
        .filter(|a| a.kind == mesograph::ActorKind::Person)
        .map(|a| a.id.clone())
        .collect();
    assert!(people.len() >= 3, "{people:?}");
    let picture = svg(&["--year", "2012", "--without-actor-kind", "person"]);
    let drawn: BTreeSet<String> = actors(&picture).into_iter().map(|n| n.title).collect();
    assert!(drawn.len() > 20 && drawn.is_disjoint(&people), "{drawn:?}");
    // Without isolated actors, every actor drawn has a link.
    let picture = svg(&["--year", "2012", "--hide-isolated"]);
    let edges = items(&picture, "edge");
    for a in actors(&picture) {
        assert!(
            edges.iter().any(|e| e.title.contains(&a.title)),
            "{} drawn without a link",
            a.title
        );
    }
    // The ego network of GENCI.
    let picture = svg(&["--year", "2014", "--focus", "GENCI", "--depth", "1"]);
    let drawn: BTreeSet<String> = actors(&picture).into_iter().map(|n| n.title).collect();
    let ego =
        mesograph::query::ego(&graph, graph.find("GENCI").unwrap(), Scope::Year(2014), 1).unwrap();
    let expected: BTreeSet<String> =
        ego.actors.iter().map(|&n| graph.actor(n).id.clone()).collect();
    assert_eq!(drawn, expected);
    assert!(drawn.len() < ids(&graph, 2014).len());
}

#[test]
fn pdf_and_png_are_written_by_extension_and_others_are_refused() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, magic) in
        [("a.pdf", &b"%PDF-"[..]), ("a.png", b"\x89PNG\r\n\x1a\n"), ("a.svg", b"<?xml")]
    {
        let path = dir.path().join(name);
        mesograph()
            .args(["render", "--year", "2012", "--size", "720p", "-o"])
            .arg(&path)
            .assert()
            .success();
        assert!(std::fs::read(&path).unwrap().starts_with(magic), "{name}");
    }
    let png = image_size(&std::fs::read(dir.path().join("a.png")).unwrap());
    assert_eq!(png, (1280, 720));
}

/// The width and height of a PNG, from its header.
fn image_size(png: &[u8]) -> (u32, u32) {
    let n = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (n(16), n(20))
}

#[test]
fn an_unknown_extension_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, file) in [
        (&["render", "--year", "2012"][..], "x.jpg"),
        (&["render", "--year", "2012", "--format", "png"], "x.svg"),
        (&["export", "--year", "2012"], "x.jpg"),
        (&["export", "--year", "2012", "--format", "json"], "x.dot"),
        (&["atlas"], "x.svg"),
    ] {
        let path = dir.path().join(file);
        let out = mesograph().args(args).arg("-o").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} {file}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        if file == "x.jpg" {
            let listed = if args[0] == "render" { ".svg, .png, .pdf" } else { ".dot, .json" };
            assert!(stderr.contains(".jpg") && stderr.contains(listed), "{stderr}");
        }
        assert!(!path.exists(), "{file} written");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn all_years_write_one_picture_each_and_runs_are_identical() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    mesograph()
        .args(["render", "--all-years", "--from", "2009", "--to", "2011", "--format", "png"])
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, ["2009.png", "2010.png", "2011.png"]);
    let sizes: BTreeSet<(u32, u32)> =
        names.iter().map(|n| image_size(&std::fs::read(dir.path().join(n)).unwrap())).collect();
    assert_eq!(sizes.len(), 1, "--all-years keeps the history's frame: {sizes:?}");
    // -o picks the format from the extension; the same input gives the same bytes.
    let file = dir.path().join("2012.svg");
    mesograph().args(["render", "--year", "2012", "-o"]).arg(&file).assert().success();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("<svg"));
    assert_eq!(written, svg(&["--year", "2012"]));
}

/// A failure while writing the set (a read-only picture, a folder where a picture goes) leaves
/// every previous file as it was, and no temporary behind.
#[test]
fn a_set_of_pictures_is_written_whole_or_not_at_all() {
    if !neato() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = |format: &str| {
        mesograph()
            .args(["render", "--all-years", "--from", "2009", "--to", "2011", "--format", format])
            .arg("--out")
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let old = |name: &str| dir.path().join(name);
    std::fs::write(old("2009.svg"), "old 2009").unwrap();
    std::fs::write(old("2010.svg"), "old 2010").unwrap();
    let mut perms = std::fs::metadata(old("2010.svg")).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(old("2010.svg"), perms).unwrap();
    std::fs::write(old("2009.png"), "old png").unwrap();
    std::fs::create_dir(old("2010.png")).unwrap();
    for format in ["svg", "png"] {
        let out = run(format);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("2010"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(old("2009.svg")).unwrap(), "old 2009");
    assert_eq!(std::fs::read_to_string(old("2010.svg")).unwrap(), "old 2010");
    assert_eq!(std::fs::read_to_string(old("2009.png")).unwrap(), "old png");
    assert!(old("2010.png").is_dir());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, ["2009.png", "2009.svg", "2010.png", "2010.svg"], "no file added");
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
        &["render", "--year", "2012", "--size", "big"],
        &["render", "--year", "2012", "--legend", "middle"],
        &["render", "--year", "2012", "--frame", "decade"],
        &["render", "--year", "2012", "--depth", "2"],
    ] {
        mesograph().args(args).current_dir(root()).assert().code(2);
    }
}
