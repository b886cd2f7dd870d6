//! Real clients read what we write: Graphviz parses every year's DOT, networkx loads every year's
//! JSON with the same node and edge counts as the library's slices.

use crate::util::{data, files_with_extension, have_tool, mesograph, root};
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
