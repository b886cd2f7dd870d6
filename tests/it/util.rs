//! A small harness: run the binary from the repository root, compare with golden files, find the
//! real client tools.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository root (where `graph/` and `tests/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `mesograph` binary, run from the repository root so that paths in messages are stable.
pub fn mesograph() -> Command {
    let mut cmd = Command::cargo_bin("mesograph").expect("the binary is built by cargo test");
    cmd.current_dir(root());
    cmd
}

/// A dataset folder under `tests/data/`, as a path relative to the repository root.
pub fn data(name: &str) -> String {
    format!("tests/data/{name}")
}

/// Compares `actual` with the golden file `tests/golden/NAME`; `MESOGRAPH_BLESS=1` rewrites it.
pub fn golden(name: &str, actual: &[u8]) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("MESOGRAPH_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (run with MESOGRAPH_BLESS=1 to create it)", path.display())
    });
    if expected != actual {
        let (e, a) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(actual));
        let line = e.lines().zip(a.lines()).position(|(x, y)| x != y).map_or(
            format!("lengths differ: {} vs {} lines", e.lines().count(), a.lines().count()),
            |i| {
                format!(
                    "first difference at line {}:\n  golden: {}\n  actual: {}",
                    i + 1,
                    e.lines().nth(i).unwrap_or(""),
                    a.lines().nth(i).unwrap_or("")
                )
            },
        );
        panic!(
            "{} differs from the output ({line}); MESOGRAPH_BLESS=1 cargo test rewrites it",
            path.display()
        );
    }
}

/// Whether an external program can be run. In CI (`CI` set) a missing tool fails the test, so
/// that the real-client checks can never pass by being skipped there.
pub fn have_tool(program: &str, probe: &[&str]) -> bool {
    let ok =
        std::process::Command::new(program).args(probe).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is required in CI; .ci/run installs it"
        );
        eprintln!("skipping: {program} is not installed (scripts/test installs it)");
    }
    ok
}

/// Every file in `dir` with extension `ext`, sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read output folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// The Debian package's browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether node, Chromium and playwright-core (`npm ci` in tests/e2e) are there, for the
/// browser tests of `tests/e2e/`. In CI a missing one fails the test, as for every real client.
pub fn browser_ready() -> bool {
    if !have_tool("node", &["--version"]) || !have_tool(CHROMIUM, &["--version"]) {
        return false;
    }
    let driver = root().join("tests/e2e/node_modules/playwright-core/package.json");
    if !driver.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "playwright-core is required in CI; scripts/test runs npm ci in tests/e2e"
        );
        eprintln!("skipping: run `npm ci --prefix tests/e2e` (scripts/test does)");
        return false;
    }
    true
}

/// Runs the browser test `script` (under `tests/e2e/`) with `plan` written to a file named by
/// the environment variable `plan_var`, and fails with its output unless every test passed.
/// Returns what it printed.
pub fn run_browser_test(script: &str, plan_var: &str, plan: &serde_json::Value) -> String {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec_pretty(plan).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg("--test")
        .arg(Path::new("tests/e2e").join(script))
        .current_dir(root())
        .env(plan_var, &plan_path)
        .env("MESOGRAPH_CHROMIUM", CHROMIUM)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "browser tests failed:\n{printed}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    printed
}

/// Whether the npm clients are installed (`npm ci` in tests/clients/node, as scripts/test does).
/// In CI their absence fails the test.
pub fn node_clients() -> bool {
    if !have_tool("node", &["--version"]) {
        return false;
    }
    let modules = root().join("tests/clients/node/node_modules");
    let ok = ["cytoscape", "mermaid", "jsdom", "@hpcc-js/wasm-graphviz"]
        .iter()
        .all(|m| modules.join(m).is_dir());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "run `npm ci` in tests/clients/node (scripts/test does)"
        );
        eprintln!("skipping: run `npm ci` in tests/clients/node");
    }
    ok
}
