//! Writing results: a failure midway leaves every previous file as it was, a full disk or a
//! closed stream ends with a clear message and the right exit code, never a panic.

use crate::util::{data, mesograph, root};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mesograph")
}

/// Every file in `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = if e.path().is_file() { std::fs::read(e.path()).unwrap() } else { vec![] };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// An output folder holding the result of an earlier run, with one file made read-only.
fn previous_run(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    for name in ["2007.dot", "2008.dot", "2009.dot", "2010.dot", "2009.json"] {
        std::fs::write(dir.join(name), format!("previous {name}")).unwrap();
    }
    snapshot(dir)
}

fn export_all_years(out: &Path) -> assert_cmd::assert::Assert {
    mesograph()
        .args(["export", "--all-years", "-f", "dot", "-f", "json", "--data", &data("fixture")])
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn a_read_only_file_midway_leaves_every_previous_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let before = previous_run(dir.path());
    let locked = dir.path().join("2009.json");
    let mut perms = std::fs::metadata(&locked).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&locked, perms).unwrap();
    export_all_years(dir.path())
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("2009.json: is a read-only file"));
    assert_eq!(snapshot(dir.path()), before, "files changed or temporaries left");
}

#[test]
fn a_folder_where_a_file_goes_leaves_every_previous_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let before_files = previous_run(dir.path());
    std::fs::create_dir(dir.path().join("2010.json")).unwrap();
    export_all_years(dir.path())
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("2010.json: is a folder"));
    let mut expected = before_files;
    expected.insert("2010.json".into(), vec![]);
    assert_eq!(snapshot(dir.path()), expected);
}

#[test]
fn an_output_folder_that_is_a_file_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::write(&out, "a file").unwrap();
    export_all_years(&out)
        .code(1)
        .stdout("")
        .stderr(predicate::str::ends_with(format!("error: {}: not a folder\n", out.display())));
    assert_eq!(std::fs::read(&out).unwrap(), b"a file");
}

/// A disk that fills up midway, simulated with a file size limit (`ulimit -f`): the first
/// files fit, a later one does not. Nothing is replaced and no temporary file is left.
#[test]
fn a_disk_full_midway_leaves_every_previous_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("1990.dot"), "previous").unwrap();
    std::fs::write(out.join("2017.json"), "previous").unwrap();
    let before = snapshot(&out);
    // 64 KiB: the small files of the early years fit, the later JSON files do not. Ignoring
    // SIGXFSZ turns the limit into an error (EFBIG) instead of a kill.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec '{}' export --all-years -f dot -f json --out '{}'",
        bin().display(),
        out.display()
    );
    let result = Command::new("sh").arg("-c").arg(script).current_dir(root()).output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains("File too large"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_full_disk_behind_o_is_a_clear_error_and_the_device_stays() {
    use std::os::unix::fs::FileTypeExt;
    let full = Path::new("/dev/full");
    assert!(full.exists(), "this test needs Linux's /dev/full");
    mesograph()
        .args(["export", "--year", "2010", "-o", "/dev/full"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: /dev/full: No space left on device (os error 28)\n");
    let meta = std::fs::symlink_metadata(full).unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/full was replaced by a file");
}

fn run_with_stdout(args: &[&str], stdout: impl Into<Stdio>) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(root())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn standard_output_on_a_full_disk_is_a_clear_error() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    for args in [
        &["export", "-f", "json"][..],
        &["check"],
        &["actors"],
        &["schema", "actors"],
        &["--help"],
        &["export", "--help"],
        &["--version"],
    ] {
        let out = run_with_stdout(args, full());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(
            stderr,
            "error: cannot write to standard output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

/// A pipe whose reader is already gone: every write fails with EPIPE, as after `| head` has
/// read what it wanted, but without depending on timing.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

#[test]
fn a_closed_pipe_ends_quietly_with_success_for_every_command() {
    for args in [
        &["export", "-f", "json"][..],
        &["export", "--year", "2010"],
        &["check"],
        &["actors"],
        &["milestones"],
        &["schema", "links"],
        &["--help"],
        &["export", "--help"],
        &["help", "export"],
        &["--version"],
    ] {
        let out = run_with_stdout(args, closed_pipe());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn head_reads_the_start_of_a_large_export_and_mesograph_ends_quietly() {
    // The whole history as JSON is far larger than a pipe's buffer.
    let script = format!("'{}' export -f json | head -c 100 > /dev/null", bin().display());
    let out = Command::new("bash")
        .args(["-o", "pipefail", "-c", &script])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_closed_or_broken_standard_error_changes_only_what_is_shown() {
    // Standard error into a pipe nobody reads, then closed outright: the exit code is the same,
    // and nothing panics (a panic exits 101, an abort 134).
    let out = Command::new(bin())
        .args(["check", "--data", &data("broken")])
        .current_dir(root())
        .stderr(closed_pipe())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    for (args, code) in [("check --data tests/data/broken", 1), ("export --bogus", 2)] {
        let script = format!("exec 2>&-; exec '{}' {args}", bin().display());
        let out = Command::new("sh").arg("-c").arg(script).current_dir(root()).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args}");
    }
}

#[test]
fn new_files_follow_the_umask_not_a_private_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2010.dot");
    let script =
        format!("umask 022; exec '{}' export --year 2010 -o '{}'", bin().display(), file.display());
    let out = Command::new("sh").arg("-c").arg(script).current_dir(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o644);
}

#[test]
fn output_file_names_come_from_years_and_formats_only() {
    // The dataset's name (its folder) never reaches a path, whatever it holds.
    let tmp = tempfile::tempdir().unwrap();
    let dataset = tmp.path().join("..evil");
    std::fs::create_dir(&dataset).unwrap();
    for f in ["sources.json", "actors.json", "links.json", "milestones.json"] {
        std::fs::copy(root().join("tests/data/hostile-names").join(f), dataset.join(f)).unwrap();
    }
    let out = tmp.path().join("out");
    mesograph()
        .args(["export", "--all-years", "-f", "dot", "-f", "json", "--data"])
        .arg(&dataset)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let names: Vec<String> = snapshot(&out).into_keys().collect();
    let expected: Vec<String> =
        (2000..=2004).flat_map(|y| [format!("{y}.dot"), format!("{y}.json")]).collect();
    assert_eq!(names, expected);
}
