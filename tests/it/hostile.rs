//! Names that attack each format (`tests/data/hostile-names/`): quotes, backslashes, line breaks,
//! `<script>`, `&` and entities, `--`, braces, DOT keywords as ids and names, Mermaid's `end`,
//! right-to-left text and overrides, emoji, NUL and other control characters, spreadsheet
//! formulas. Every format's own reader gets them back intact and sees nothing injected:
//! Graphviz for DOT, networkx for JSON.
//!
//! Every format in `parse_back::READ_BACK` needs a check here: a new one fails
//! `every_format_is_read_back_by_its_real_client` until it gets one.

use crate::parse_back::{self, Parsed};
use crate::properties::{dot_visible, graphviz_json, link_triples};
use crate::util::{data, have_tool, mesograph, root};
use mesograph::{Format, Scope, Slice, TemporalGraph};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn hostile() -> TemporalGraph {
    TemporalGraph::new(mesograph::load(Some(&root().join("tests/data/hostile-names"))).unwrap())
}

/// Every scope the CLI writes for the hostile dataset: each year, and the whole history.
fn scopes(graph: &TemporalGraph) -> Vec<(Scope, String)> {
    let (first, last) = graph.span().unwrap();
    let mut scopes: Vec<(Scope, String)> =
        (first..=last).map(|y| (Scope::Year(y), y.to_string())).collect();
    scopes.push((Scope::All, "all".into()));
    scopes
}

/// Writes, through the binary, every year and the whole history of `dataset` in `format`.
fn export_all(dataset: &Path, format: Format, dir: &Path) {
    let f = format.as_str();
    mesograph()
        .args(["export", "--all-years", "-f", f, "--data"])
        .arg(dataset)
        .arg("--out")
        .arg(dir)
        .assert()
        .success();
    mesograph()
        .args(["export", "-f", f, "--data"])
        .arg(dataset)
        .arg("--out")
        .arg(dir)
        .assert()
        .success();
}

fn file(dir: &Path, name: &str, format: Format) -> PathBuf {
    dir.join(format!("{name}.{}", format.exporter().extension()))
}

#[test]
fn the_hostile_dataset_is_valid() {
    mesograph()
        .args(["check", "--data", &data("hostile-names")])
        .assert()
        .success()
        .stdout("ok: 20 actors, 14 links, 2 sources, 1 milestone, years 2000–2004\n");
}

#[test]
fn every_format_is_read_back_by_its_real_client() {
    let graph = hostile();
    let dataset = root().join("tests/data/hostile-names");
    for &format in crate::parse_back::READ_BACK {
        let dir = tempfile::tempdir().unwrap();
        export_all(&dataset, format, dir.path());
        match format {
            Format::Dot => graphviz_reads_every_name(&graph, dir.path()),
            Format::Json => networkx_reads_every_name(&graph, dir.path()),
            other => panic!(
                "no real-client check of hostile names for the {other} format: add one to tests/it/hostile.rs"
            ),
        }
    }
}

/// What the DOT of a slice must read back to, from the library's data (see `properties`).
fn expected_dot(graph: &TemporalGraph, slice: &Slice) -> Parsed {
    let name = |n| {
        let a = graph.actor(n);
        let shown = slice.scope.naming_year().map_or(a.name.as_str(), |y| a.name_in(y));
        match slice.scope {
            Scope::All => format!("{shown}\n{}", a.lifetime()),
            _ => shown.to_string(),
        }
    };
    let mut parsed = Parsed {
        actors: slice
            .actors
            .iter()
            .map(|&n| (graph.actor(n).id.clone(), dot_visible(&name(n))))
            .collect(),
        links: link_triples(graph, slice),
    };
    parsed.links.sort();
    parsed
}

fn graphviz_reads_every_name(graph: &TemporalGraph, dir: &Path) {
    if !have_tool("dot", &["-V"]) {
        return;
    }
    for (scope, name) in scopes(graph) {
        let path = file(dir, &name, Format::Dot);
        let bytes = std::fs::read(&path).unwrap();
        let slice = graph.slice(scope);
        // Graphviz parses the file into exactly the slice's nodes and edges, with every id,
        // label and tooltip intact.
        let mut read = graphviz_json(&bytes);
        read.links.sort();
        let expected = expected_dot(graph, &slice);
        assert_eq!(read, expected, "{}", path.display());
        // Graphviz draws it, and the picture shows every line of every name as text.
        let out = Command::new("dot").arg("-Tsvg").arg(&path).output().unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "dot -Tsvg {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(!svg.contains("<script"), "{}: markup from a name reached the SVG", path.display());
        let texts = svg_texts(&svg);
        for (id, label) in &expected.actors {
            for line in label.lines().map(str::trim).filter(|l| !l.is_empty()) {
                assert!(
                    texts.iter().any(|t| t.trim() == line),
                    "{}: {id}: {line:?} is not drawn; texts: {texts:?}",
                    path.display()
                );
            }
        }
    }
}

/// The text of every `<text>` element of an SVG, with XML character references decoded.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(decode_xml(&body[..body.find("</text>")?]))
        })
        .collect()
}

fn decode_xml(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').map(|j| i + j).expect("a reference ends with ';'");
        let entity = &rest[i + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if entity.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&entity[2..], 16).unwrap()).unwrap()
            }
            _ if entity.starts_with('#') => char::from_u32(entity[1..].parse().unwrap()).unwrap(),
            other => panic!("unknown entity &{other};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// What networkx must read from the JSON of a slice, from the library's own data.
fn expected_json(graph: &TemporalGraph, slice: &Slice) -> Value {
    let mut nodes = serde_json::Map::new();
    for &n in &slice.actors {
        let a = graph.actor(n);
        let name = slice.scope.naming_year().map_or(a.name.as_str(), |y| a.name_in(y));
        nodes.insert(
            a.id.clone(),
            json!({"name": name, "full_name": a.full_name, "kind": a.kind.as_str(),
                   "aliases": a.aliases, "note": a.note}),
        );
    }
    let edges: Vec<Value> = slice
        .links
        .iter()
        .map(|&e| {
            let l = graph.link(e);
            json!([l.from, l.to, l.key(), {"id": l.id(), "kind": l.kind.as_str(), "note": l.note}])
        })
        .collect();
    json!({"graph": {"dataset": graph.name()}, "nodes": nodes, "edges": edges})
}

fn networkx_reads_every_name(graph: &TemporalGraph, dir: &Path) {
    if !have_tool("python3", &["-c", "import networkx"]) {
        return;
    }
    let mut args: Vec<PathBuf> = Vec::new();
    for (scope, name) in scopes(graph) {
        let expected = dir.join(format!("{name}.expected"));
        let doc = expected_json(graph, &graph.slice(scope));
        std::fs::write(&expected, serde_json::to_vec(&doc).unwrap()).unwrap();
        args.push(file(dir, &name, Format::Json));
        args.push(expected);
    }
    let out = Command::new("python3")
        .arg(root().join("tests/clients/networkx_compare.py"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "networkx: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), args.len() / 2);
}

/// The names come back from the library's own readers of the tests as well, for every format:
/// what the real clients check above, without them.
#[test]
fn every_format_reads_back_intact_without_external_tools() {
    let graph = hostile();
    for (scope, _) in scopes(&graph) {
        let slice = graph.slice(scope);
        for &format in crate::parse_back::READ_BACK {
            let bytes = mesograph::export(&graph, &slice, format).unwrap();
            let mut read = parse_back::read(format, &bytes);
            read.links.sort();
            let mut expected = crate::properties::expected(format, &graph, &slice);
            expected.links.sort();
            assert_eq!(read, expected, "{format} of {scope}");
        }
    }
}

/// The dataset's name comes from its folder: a folder named like an attack is harmless too.
#[test]
fn a_hostile_folder_name_survives_as_the_title() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "we\"ird <b>&amp; {x} -- end \\N";
    let dataset = tmp.path().join(name);
    std::fs::create_dir(&dataset).unwrap();
    for f in ["sources.json", "actors.json", "links.json", "milestones.json"] {
        std::fs::copy(root().join("tests/data/hostile-names").join(f), dataset.join(f)).unwrap();
    }
    let out = tmp.path().join("out");
    for format in [Format::Dot, Format::Json] {
        mesograph()
            .args(["export", "-f", format.as_str(), "--data"])
            .arg(&dataset)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
    }
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("all.json")).unwrap()).unwrap();
    assert_eq!(json["graph"]["dataset"], name);
    if have_tool("dot", &["-V"]) {
        let out = Command::new("dot").arg("-Tjson0").arg(out.join("all.dot")).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let title = parse_back::label_text(doc["label"].as_str().unwrap());
        assert_eq!(title, format!("{name} — all years"));
    }
}

/// Every line of text output escapes control characters of names, titles and header lines
/// included (an ESC sequence can clear or retitle the terminal), with standard output a pipe
/// as here; the JSON keeps the exact value, JSON-escaped.
#[test]
fn text_output_escapes_control_characters_on_every_line() {
    let run = |args: &[&str]| -> String {
        let out =
            mesograph().args(["--data", &data("hostile-names")]).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let escaped = r"nul\u{0}byte bell\u{7} esc\u{1b}[31mred del\u{7f}";
    let commands: [&[&str]; 9] = [
        &["history", "nul"],
        &["neighbours", "nul"],
        &["path", "nul", "rtl"],
        &["path", "nul", "rtl", "--over-time"],
        &["diff", "1999", "2000"],
        &["stats", "--year", "2000", "--top", "100"],
        &["actors"],
        &["milestones"],
        &["check"],
    ];
    for args in commands {
        let text = run(args);
        assert!(!text.contains(|c: char| c.is_control() && c != '\n'), "{args:?}:\n{text}");
        if args[0] != "milestones" && args[0] != "check" {
            assert!(text.contains(escaped), "{args:?}:\n{text}");
        }
        // Header lines too: the first line names the actor for the actor's own commands.
        if ["history", "neighbours", "path"].contains(&args[0]) {
            assert!(text.lines().next().unwrap().contains(escaped), "{args:?}:\n{text}");
        }
    }
    let story: Value = serde_json::from_str(&run(&["history", "nul", "--format", "json"])).unwrap();
    assert_eq!(story["actor"]["name"], "nul\u{0}byte bell\u{7} esc\u{1b}[31mred del\u{7f}");
}
