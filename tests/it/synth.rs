//! The synthetic datasets of the benchmarks: generated data always validates, the generator is
//! deterministic, and the networkx baseline counts what mesograph counts (`benches/`); the
//! floor of writing files writes what it is asked to.

use crate::util::{have_tool, mesograph, root};
use assert_cmd::Command;
use mesograph::synth::{Spec, write_dir};

fn bench_bin() -> Command {
    let mut cmd = Command::cargo_bin("mesograph-bench").expect("built by cargo test");
    cmd.current_dir(root());
    cmd
}

#[test]
fn generated_s_and_a_small_m_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    for (name, spec) in
        [("s", Spec::named("S").unwrap()), ("m", Spec { actors: 3000, links: 30_000, seed: 3 })]
    {
        let path = dir.path().join(name);
        write_dir(&spec, &path).unwrap();
        let expected = format!("ok: {} actors, {} links, ", spec.actors, spec.links);
        let out = mesograph().arg("check").arg("--data").arg(&path).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.starts_with(&expected) && text.contains("years 1990–2030"), "{text}");
    }
}

#[test]
fn the_files_floor_writes_the_names_and_sizes_listed_and_replaces_files_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (list, out) = (dir.path().join("list"), dir.path().join("out"));
    // As `stat -c '%n %s'` lists them, a name with a space included.
    std::fs::write(&list, "2010.json 1000\na b.dot 0\n\n2011.json 70000\n").unwrap();
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("2010.json"), "an older, longer file than the new one, to be replaced")
        .unwrap();
    for _ in 0..2 {
        bench_bin().arg("files").arg(&list).arg(&out).assert().success().stdout("");
        let mut found: Vec<(String, u64)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| (e.file_name().into_string().unwrap(), e.metadata().unwrap().len()))
            .collect();
        found.sort();
        let expected = [("2010.json", 1000), ("2011.json", 70000), ("a b.dot", 0)];
        assert_eq!(found, expected.map(|(n, s)| (n.to_string(), s)), "no temporary left");
        assert!(std::fs::read(out.join("2011.json")).unwrap().iter().all(|&b| b == b'x'));
    }
    for bad in ["2010.json\n", "2010.json ten\n", "../up 3\n", " 3\n"] {
        std::fs::write(&list, bad).unwrap();
        let out = bench_bin().arg("files").arg(&list).arg(&out).assert().code(2);
        let text = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(text.contains("list:1: expected NAME SIZE"), "{bad:?}: {text}");
    }
}

#[test]
fn the_generator_is_deterministic_and_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str| {
        let path = dir.path().join(name);
        bench_bin().args(["gen", "S"]).arg(&path).args(["--seed", seed]).assert().success();
        let mut bytes = Vec::new();
        for f in ["sources.json", "actors.json", "links.json", "milestones.json"] {
            bytes.extend(std::fs::read(path.join(f)).unwrap());
        }
        bytes
    };
    let (a, b, c) = (run("a", "1"), run("b", "1"), run("c", "2"));
    assert!(a == b, "same seed, same bytes");
    assert!(a != c, "another seed, other data");
}

#[test]
fn networkx_baseline_counts_what_mesograph_counts() {
    if !have_tool("python3", &["-c", "import networkx"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("s");
    write_dir(&Spec::named("S").unwrap(), &data).unwrap();
    let ours = bench_bin().arg("counts").arg(&data).assert().success().get_output().stdout.clone();
    let theirs = std::process::Command::new("python3")
        .arg(root().join("benches/baselines/networkx_baseline.py"))
        .arg(&data)
        .arg("--counts")
        .output()
        .unwrap();
    assert!(theirs.status.success(), "{}", String::from_utf8_lossy(&theirs.stderr));
    let ours = String::from_utf8(ours).unwrap();
    assert_eq!(ours.lines().count(), 41, "{ours}");
    assert_eq!(ours, String::from_utf8(theirs.stdout).unwrap());
}
