//! Real clients read what we write: Graphviz parses every year's DOT and draws every actor and
//! every link label of it (Graphviz 2.43 as Debian 12 has it, and a current Graphviz compiled to
//! WebAssembly), networkx loads every year's JSON with the same node and edge counts as the
//! library's slices.

use crate::properties::dot_visible;
use crate::svg::items;
use crate::util::{data, files_with_extension, have_tool, mesograph, node_clients, root};
use mesograph::{Scope, TemporalGraph};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn export_all(dataset: Option<&str>, dir: &Path) {
    let mut cmd = mesograph();
    cmd.args(["export", "--all-years", "--format", "dot", "--format", "json", "--out"]).arg(dir);
    if let Some(d) = dataset {
        cmd.args(["--data", d]);
    }
    cmd.assert().success();
}

fn expected_counts(dataset: Option<&str>) -> BTreeMap<String, (usize, usize)> {
    let dir = dataset.map(|d| root().join(d));
    let graph = TemporalGraph::new(mesograph::load(dir.as_deref()).unwrap());
    let (from, to) = graph.span().unwrap();
    (from..=to)
        .map(|y| {
            let s = graph.slice(Scope::Year(y));
            (format!("{y}.json"), (s.actors.len(), s.links.len()))
        })
        .collect()
}

fn graphviz_parses_every_dot(dir: &Path) {
    let dots = files_with_extension(dir, "dot");
    assert!(!dots.is_empty());
    for dot in dots {
        let out =
            Command::new("dot").arg("-Tsvg").arg(&dot).arg("-o").arg("/dev/null").output().unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "dot rejected {}: {}",
            dot.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn networkx_loads_every_json(dir: &Path, expected: &BTreeMap<String, (usize, usize)>) {
    let jsons = files_with_extension(dir, "json");
    let out = Command::new("python3")
        .arg(root().join("tests/clients/networkx_load.py"))
        .args(&jsons)
        .output()
        .unwrap();
    assert!(out.status.success(), "networkx failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut seen = BTreeMap::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.rsplitn(3, ' ').collect();
        let name = Path::new(parts[2]).file_name().unwrap().to_string_lossy().into_owned();
        seen.insert(name, (parts[1].parse::<usize>().unwrap(), parts[0].parse::<usize>().unwrap()));
    }
    assert_eq!(&seen, expected);
}

#[test]
fn graphviz_and_networkx_read_every_year_of_the_builtin_dataset() {
    let dir = tempfile::tempdir().unwrap();
    export_all(None, dir.path());
    if have_tool("dot", &["-V"]) {
        graphviz_parses_every_dot(dir.path());
    }
    if have_tool("python3", &["-c", "import networkx"]) {
        networkx_loads_every_json(dir.path(), &expected_counts(None));
    }
}

#[test]
fn graphviz_and_networkx_read_adversarial_names_intact() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = data("fixture");
    export_all(Some(&fixture), dir.path());
    if have_tool("dot", &["-V"]) {
        graphviz_parses_every_dot(dir.path());
        // The names come back exactly in the picture Graphviz draws.
        let out =
            Command::new("dot").arg("-Tsvg").arg(dir.path().join("2009.dot")).output().unwrap();
        let texts = svg_texts(&String::from_utf8(out.stdout).unwrap());
        assert!(texts.iter().any(|l| l == "Agence \"A\" <&> \\ back"), "{texts:?}");
        assert!(texts.iter().any(|l| l == "node"), "{texts:?}");
        assert!(texts.iter().any(|l| l == "Rapport — état des lieux"), "{texts:?}");
    }
    if have_tool("python3", &["-c", "import networkx"]) {
        networkx_loads_every_json(dir.path(), &expected_counts(Some(&fixture)));
    }
}

/// The text of every `<text>` element of an SVG, with XML entities decoded.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].to_string())
        })
        .map(|t| {
            t.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#45;", "-")
                .replace("&amp;", "&")
        })
        .collect()
}

/// What a picture of the slice must show: each actor (id) with the lines of its name, and each
/// link (`from->to`, as Graphviz titles an edge) with its label, sorted.
type Drawn = (Vec<(String, Vec<String>)>, Vec<(String, String)>);

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

fn expected_drawing(graph: &TemporalGraph, year: i32) -> Drawn {
    let slice = graph.slice(Scope::Year(year));
    let mut actors: Vec<(String, Vec<String>)> = slice
        .actors
        .iter()
        .map(|&n| {
            let a = graph.actor(n);
            (dot_visible(&a.id), lines(&dot_visible(a.name_in(year))))
        })
        .collect();
    let mut links: Vec<(String, String)> = slice
        .links
        .iter()
        .map(|&e| {
            let l = graph.link(e);
            (format!("{}->{}", dot_visible(&l.from), dot_visible(&l.to)), l.kind.label())
        })
        .collect();
    actors.sort();
    links.sort();
    (actors, links)
}

/// The actors and link labels an SVG drawn from `export --format dot` shows.
fn drawing(svg: &str) -> Drawn {
    let mut actors: Vec<(String, Vec<String>)> = items(svg, "node")
        .into_iter()
        .filter(|n| n.title != "mesograph:legend")
        .map(|n| {
            let text: Vec<String> = n.texts.iter().map(|t| t.text.clone()).collect();
            (n.title, lines(&text.join("\n")))
        })
        .collect();
    let mut links: Vec<(String, String)> = items(svg, "edge")
        .into_iter()
        .map(|e| (e.title, e.texts.iter().map(|t| t.text.trim()).collect::<Vec<_>>().join(" ")))
        .collect();
    actors.sort();
    links.sort();
    (actors, links)
}

/// `dot -Tsvg` of every year's DOT, by Graphviz 2.43 and by a current Graphviz, shows every actor
/// with its name and every link with its label. Graphviz 2.43 once drew 10 of 2010's 62 link
/// labels (packed components lose theirs).
fn every_year_draws_everything(dataset: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = mesograph();
    cmd.args(["export", "--all-years", "--format", "dot", "--out"]).arg(dir.path());
    if let Some(d) = dataset {
        cmd.args(["--data", d]);
    }
    cmd.assert().success();
    let graph =
        TemporalGraph::new(mesograph::load(dataset.map(|d| root().join(d)).as_deref()).unwrap());
    let (first, last) = graph.span().unwrap();
    let dots: Vec<(i32, std::path::PathBuf)> =
        (first..=last).map(|y| (y, dir.path().join(format!("{y}.dot")))).collect();
    let mut checked = 0;
    if have_tool("dot", &["-V"]) {
        for (year, path) in &dots {
            let out = Command::new("dot").arg("-Tsvg").arg(path).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let svg = String::from_utf8(out.stdout).unwrap();
            assert_eq!(drawing(&svg), expected_drawing(&graph, *year), "Graphviz 2.43, {year}");
            checked += 1;
        }
    }
    if node_clients() {
        let out = Command::new("node")
            .arg(root().join("tests/clients/node/graphviz.mjs"))
            .args(dots.iter().map(|(_, p)| p))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let version = doc["version"].as_str().unwrap();
        assert!(version.split('.').next().unwrap().parse::<u32>().unwrap() >= 9, "{version}");
        for (year, path) in &dots {
            let svg = doc["svg"][path.to_str().unwrap()].as_str().unwrap();
            assert_eq!(drawing(svg), expected_drawing(&graph, *year), "Graphviz {version}, {year}");
            checked += 1;
        }
    }
    if checked > 0 {
        let links: usize = (first..=last).map(|y| graph.slice(Scope::Year(y)).links.len()).sum();
        assert!(links > 0 && dots.len() > 1, "{links} links in {} years", dots.len());
    }
}

#[test]
fn graphviz_draws_every_actor_and_link_label_of_every_builtin_year() {
    every_year_draws_everything(None);
}

#[test]
fn graphviz_draws_every_actor_and_link_label_of_hostile_names() {
    every_year_draws_everything(Some(&data("hostile-names")));
}

/// Pillow reads the animations as `render --animate` means them: the format, looping for ever,
/// the frames and their durations asked for, and every frame's pixels as mesograph's own
/// reading composes them (so the APNG's key frames are the stills, pixel for pixel).
#[test]
fn pillow_reads_every_frame_and_duration_of_the_animations() {
    use mesograph::render::animate::{decode_png, read};
    use sha2::{Digest, Sha256};
    if !have_tool("neato", &["-V"]) || !have_tool("python3", &["-c", "import PIL"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let common = ["--from", "2011", "--to", "2013", "--size", "320x200"];
    let mut files = Vec::new();
    for ext in ["gif", "apng"] {
        let path = dir.path().join(format!("t.{ext}"));
        let mut cmd = mesograph();
        cmd.args(["render", "--animate", "--fps", "3", "--hold", "2"]).args(common);
        cmd.arg("-o").arg(&path).assert().success();
        files.push(path);
    }
    let still = dir.path().join("2012.png");
    mesograph()
        .args(["render", "--year", "2012", "--frame", "history", "--stamp", "--size", "320x200"])
        .arg("-o")
        .arg(&still)
        .assert()
        .success();
    let out = Command::new("python3")
        .arg(root().join("tests/clients/animation_read.py"))
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "Pillow failed: {}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hash =
        |rgb: &[u8]| Sha256::digest(rgb).iter().map(|b| format!("{b:02x}")).collect::<String>();
    // Three years held 2 s, two fades of 3 frames of 1/3 s.
    let expected = [2000.0, 333.3, 333.3, 333.3, 2000.0, 333.3, 333.3, 333.3, 2000.0];
    for (path, format) in files.iter().zip(["GIF", "PNG"]) {
        let info = &seen[path.to_string_lossy().as_ref()];
        assert_eq!(info["format"], format);
        assert_eq!(info["animated"], true);
        assert_eq!(info["size"], serde_json::json!([320, 200]));
        assert_eq!(info["loop"], 0, "loops for ever");
        let frames = info["frames"].as_array().unwrap();
        let durations: Vec<f64> = frames.iter().map(|f| f["duration"].as_f64().unwrap()).collect();
        assert_eq!(durations.len(), expected.len(), "{durations:?}");
        // GIF counts hundredths of a second: 330 or 340 ms, adding up to a whole second.
        let tolerance = if format == "GIF" { 10.0 } else { 0.1 };
        for (d, e) in durations.iter().zip(expected) {
            assert!((d - e).abs() <= tolerance, "{format}: {durations:?}");
        }
        assert!((durations.iter().sum::<f64>() - 8000.0).abs() < 0.5, "{durations:?}");
        let ours = read(&std::fs::read(path).unwrap()).unwrap();
        for (n, (frame, (bitmap, _))) in frames.iter().zip(&ours).enumerate() {
            assert_eq!(frame["sha256"], hash(&bitmap.rgb), "{format} frame {n}");
        }
        if format == "PNG" {
            let still = decode_png(&std::fs::read(&still).unwrap()).unwrap();
            assert_eq!(frames[4]["sha256"], hash(&still.rgb), "the key frame of 2012");
        }
    }
}

/// A dataset with its own vocabulary: Graphviz and networkx read every year of it, and every
/// actor and link label is drawn.
#[test]
fn graphviz_and_networkx_read_a_dataset_with_its_own_vocabulary() {
    let ruritania = data("ruritania");
    let dir = tempfile::tempdir().unwrap();
    export_all(Some(&ruritania), dir.path());
    if have_tool("dot", &["-V"]) {
        graphviz_parses_every_dot(dir.path());
    }
    if have_tool("python3", &["-c", "import networkx"]) {
        networkx_loads_every_json(dir.path(), &expected_counts(Some(&ruritania)));
    }
    every_year_draws_everything(Some(&ruritania));
}

/// Python's csv module reads the tables of every listing (`--format csv`, written with `-o`)
/// as the `csv` crate does, hostile names included.
#[test]
fn python_csv_reads_the_listings_tables() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = data("hostile-names");
    let commands: Vec<Vec<&str>> = vec![
        vec!["stats", "--year", "2014"],
        vec!["stats", "--all-years"],
        vec!["actors"],
        vec!["milestones"],
        vec!["diff", "2009", "2017"],
        vec!["neighbours", "cnrs", "--year", "2012", "--depth", "2"],
        vec!["history", "genci"],
        vec!["path", "orap", "simseo", "--over-time"],
        vec!["path", "CNRS", "Equip@Meso", "--year", "2012"],
        vec!["--data", &hostile, "actors", "--csv-raw"],
        vec!["--data", &hostile, "milestones"],
    ];
    let mut files = vec![];
    for (i, args) in commands.iter().enumerate() {
        let file = dir.path().join(format!("{i}.csv"));
        mesograph().args(args).arg("-o").arg(&file).assert().success();
        files.push(file);
    }
    let out = Command::new("python3")
        .arg(root().join("tests/clients/read_csv.py"))
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    let tables: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<BTreeMap<String, String>> = reader
            .records()
            .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect())
            .collect();
        let read: Vec<BTreeMap<String, String>> =
            serde_json::from_value(tables[file.to_str().unwrap()].clone()).unwrap();
        assert_eq!(read, rows, "{}", file.display());
        assert!(!rows.is_empty(), "{}", file.display());
    }
    let names: Vec<&str> = tables[files[9].to_str().unwrap()]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"line one\nline two\r\nline three\rline four"), "{names:?}");
}
