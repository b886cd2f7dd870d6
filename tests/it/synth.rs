//! The synthetic datasets of the benchmarks: generated data always validates, the generator is
//! deterministic, and the networkx baseline counts what mesograph counts (`benches/`).

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
