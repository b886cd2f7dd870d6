//! Writing results: a failure midway leaves every previous file as it was, a full disk or a
//! closed stream ends with a clear message and the right exit code, never a panic.

use crate::util::{data, have_tool, mesograph, root};
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
    // It names the file asked for, never the temporary being written.
    let named = format!("error: {}/", out.display());
    let file_too_large = ".json: File too large (os error 27)\n";
    assert!(stderr.starts_with(&named) && stderr.ends_with(file_too_large), "{stderr}");
    assert!(!stderr.contains(".mesograph-"), "{stderr}");
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

#[test]
fn replacing_a_file_keeps_its_owner_group_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2010.dot");
    std::fs::write(&file, "theirs").unwrap();
    if let Err(e) = std::os::unix::fs::chown(&file, Some(4321), Some(8765)) {
        // Only root can give a file away: CI runs as root.
        assert!(std::env::var_os("CI").is_none(), "CI runs as root: {e}");
        eprintln!("skipping: not root ({e})");
        return;
    }
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    mesograph().args(["export", "--year", "2010", "-o"]).arg(&file).assert().success();
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o7777), (4321, 8765, 0o600));
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("digraph"));
}

/// A generated dataset large enough that `export --all-years` takes seconds, made once.
fn large_dataset() -> &'static Path {
    static DATASET: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DATASET
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let spec = mesograph::synth::Spec { actors: 3000, links: 30_000, seed: 1 };
            mesograph::synth::write_dir(&spec, dir.path()).unwrap();
            dir
        })
        .path()
}

/// `export --all-years` of the large dataset in DOT and JSON into `out`, started, with SIGINT,
/// SIGTERM and SIGHUP at their default (a test run in the background inherits SIGINT ignored,
/// which mesograph keeps ignored).
fn start_large_export(out: &Path) -> std::process::Child {
    start_large_export_ignoring(out, None)
}

/// [`start_large_export`] with `ignored` ignored, as `nohup` ignores SIGHUP. The child's
/// dispositions are set between fork and exec: the one unsafe block of the tests.
#[allow(unsafe_code)]
fn start_large_export_ignoring(out: &Path, ignored: Option<i32>) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(bin());
    command
        .args(["export", "--all-years", "-f", "dot", "-f", "json", "--data"])
        .arg(large_dataset())
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec, only signal(2), which is async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                let action = if Some(signal) == ignored { libc::SIG_IGN } else { libc::SIG_DFL };
                libc::signal(signal, action);
            }
            Ok(())
        });
    }
    command.spawn().unwrap()
}

/// The names in `dir` (and its sub-folders) that are mesograph's temporaries.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    let mut found = Vec::new();
    for e in entries {
        let path = e.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with(".mesograph-") {
            found.push(path);
        } else if path.is_dir() {
            found.extend(temporaries(&path));
        }
    }
    found
}

/// Sends the signal `name` (`TERM`) to `child`, with the shell's own `kill`.
fn send(child: &std::process::Child, name: &str) {
    let kill = format!("kill -{name} {}", child.id());
    assert!(Command::new("sh").arg("-c").arg(kill).status().unwrap().success());
}

/// Waits until the run has staged a temporary in `dir`: it is writing.
fn wait_for_a_temporary(child: &mut std::process::Child, dir: &Path) {
    let start = std::time::Instant::now();
    while temporaries(dir).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it was interrupted");
        assert!(start.elapsed().as_secs() < 120, "no temporary after two minutes");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_signal_midway_removes_the_temporaries_and_the_folders_made() {
    use std::os::unix::process::ExitStatusExt;
    let tmp = tempfile::tempdir().unwrap();
    let kept = tmp.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    std::fs::write(kept.join("2010.json"), "previous").unwrap();
    for (signal, number, out) in [
        ("TERM", 15, kept.clone()),
        ("INT", 2, tmp.path().join("new/deeper")),
        ("HUP", 1, tmp.path().join("new")),
    ] {
        let mut child = start_large_export(&out);
        wait_for_a_temporary(&mut child, &out);
        send(&child, signal);
        let status = child.wait().unwrap();
        // Ended by the signal, as the shell expects (it shows 128 + the signal's number).
        assert_eq!(status.signal(), Some(number), "{signal}: {status:?}");
        assert_eq!(temporaries(tmp.path()), Vec::<PathBuf>::new(), "{signal}");
        let names: Vec<String> = snapshot(tmp.path()).into_keys().collect();
        assert_eq!(names, ["kept"], "{signal}: the folders the run made are removed");
        assert_eq!(
            snapshot(&kept).into_iter().collect::<Vec<_>>(),
            [("2010.json".to_string(), b"previous".to_vec())]
        );
    }
}

#[test]
fn a_signal_ignored_at_the_start_stays_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut child = start_large_export_ignoring(&out, Some(libc::SIGHUP));
    wait_for_a_temporary(&mut child, &out);
    send(&child, "HUP");
    let done = child.wait_with_output().unwrap();
    assert!(done.status.success(), "{:?}: {}", done.status, String::from_utf8_lossy(&done.stderr));
    assert_eq!(snapshot(&out).len(), 82);
}

#[test]
fn the_next_run_sweeps_the_temporaries_of_a_killed_one_but_not_a_live_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut child = start_large_export(&out);
    wait_for_a_temporary(&mut child, &out);
    child.kill().unwrap(); // SIGKILL: nothing can be cleaned up
    child.wait().unwrap();
    let left = temporaries(&out);
    assert!(!left.is_empty());
    // A temporary of a process that is running (another run's) stays.
    let mut other = Command::new("sleep").arg("60").spawn().unwrap();
    let live = out.join(format!(".mesograph-{}-abcdef", other.id()));
    std::fs::write(&live, "being written").unwrap();
    mesograph()
        .args(["export", "--year", "2010", "-o"])
        .arg(out.join("2010.dot"))
        .assert()
        .success();
    other.kill().unwrap();
    other.wait().unwrap();
    assert_eq!(temporaries(&out), [live]);
}

#[test]
fn two_runs_into_one_folder_at_once_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let runs = [start_large_export(&out), start_large_export(&out)];
    for run in runs {
        let done = run.wait_with_output().unwrap();
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    }
    assert_eq!(temporaries(&out), Vec::<PathBuf>::new());
    assert_eq!(snapshot(&out).len(), 82);
}

#[test]
fn a_failed_run_removes_every_folder_it_made_and_names_the_files_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    // GEXF cannot hold the hostile names' control characters: the run fails while writing.
    let out = tmp.path().join("x/y/z");
    mesograph()
        .args([
            "export",
            "--all-years",
            "-f",
            "dot",
            "-f",
            "gexf",
            "--data",
            &data("hostile-names"),
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: GEXF cannot hold"));
    assert_eq!(snapshot(tmp.path()).len(), 0, "x/y/z, x/y and x are removed");
    // A missing folder behind -o: the file asked for is named (a file size limit midway: see
    // a_disk_full_midway_leaves_every_previous_file_as_it_was).
    let file = tmp.path().join("nodir/2010.json");
    mesograph()
        .args(["export", "--year", "2010", "-o"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(format!("error: {}: No such file or directory (os error 2)\n", file.display()));
    assert_eq!(snapshot(tmp.path()).len(), 0);
}

#[test]
fn an_output_folder_on_a_loop_of_links_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let looped = tmp.path().join("loop");
    std::os::unix::fs::symlink("loop", &looped).unwrap();
    export_all_years(&looped).code(1).stderr(format!(
        "error: {}: Too many levels of symbolic links (os error 40)\n",
        looped.display()
    ));
}

#[test]
fn dash_as_output_is_standard_output_for_every_command_that_takes_o() {
    let cwd = tempfile::tempdir().unwrap();
    let mut commands =
        vec![vec!["export", "--year", "2010"], vec!["export", "-f", "json"], vec!["atlas"]];
    if have_tool("dot", &["-V"]) {
        commands.push(vec!["render", "--year", "2010"]);
    }
    for args in commands {
        let plain = Command::new(bin()).args(&args).current_dir(cwd.path()).output().unwrap();
        assert!(plain.status.success(), "{args:?}");
        for o in ["-", "/dev/stdout"] {
            let dashed =
                Command::new(bin()).args(&args).args(["-o", o]).current_dir(cwd.path()).output();
            let dashed = dashed.unwrap();
            assert!(dashed.status.success(), "{args:?} -o {o}");
            assert!(dashed.stdout == plain.stdout, "{args:?} -o {o}: not the same output");
        }
        assert_eq!(snapshot(cwd.path()).len(), 0, "{args:?}: no file named -");
    }
}

#[test]
fn a_closed_pipe_given_as_o_ends_quietly_like_standard_output() {
    for o in ["-", "/dev/stdout"] {
        let script = format!("'{}' export -f json -o {o} | head -c 1 > /dev/null", bin().display());
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", &script])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{o}: {:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{o}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // A FIFO whose reader stops after one byte.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = Command::new("head").arg("-c1").arg(&fifo).stdout(Stdio::piped()).spawn().unwrap();
    let out =
        run_with_stdout(&["export", "-f", "json", "-o", fifo.to_str().unwrap()], Stdio::null());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(reader.wait_with_output().unwrap().stdout, b"{");
}
