//! The corpus of broken datasets (`tests/data/broken-*/`, and a very large one generated here):
//! each one reports every problem as its golden file says (`tests/golden/broken/NAME.txt`), one
//! line per problem naming file, line, column and value, exits 1, prints nothing on standard
//! output and writes nothing.

use crate::util::{golden, mesograph, root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every committed case; `every_broken_folder_is_a_case` keeps the list complete.
const CASES: &[&str] = &[
    "dangling-references",
    "deep-nesting",
    "duplicate-ids",
    "empty-files",
    "end-before-start",
    "impossible-years",
    "not-json",
    "not-utf8",
    "outside-lifetime",
    "succession-cycle",
    "truncated",
    "unknown-fields",
    "unknown-kinds",
    "unknown-source",
    "wrong-types",
];

/// Runs `check` on the dataset folder `data` (relative to `cwd`) and checks the report against
/// the golden file; returns the report.
fn check_case(cwd: &Path, data: &str, name: &str) -> Vec<u8> {
    let out = mesograph()
        .current_dir(cwd)
        .args(["check", "--data", data])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty(), "{name}: standard output must stay empty");
    golden(&format!("broken/{name}.txt"), &out.stderr);
    let text = String::from_utf8(out.stderr.clone()).expect("the report is UTF-8");
    assert!(
        !text.contains(|c: char| c.is_control() && c != '\n'),
        "{name}: a control character from the data reached the terminal"
    );
    let lines: Vec<&str> = text.lines().collect();
    let (summary, problems) = lines.split_last().expect("a report");
    let n = problems.len();
    assert!(n > 0, "{name}: no problem reported");
    let plural = if n == 1 { "" } else { "s" };
    assert_eq!(*summary, format!("error: {n} problem{plural} in the dataset"), "{name}");
    for line in problems {
        // file:line:column: message, the file one of the dataset's, line and column from 1.
        let mut parts = line.splitn(4, ':');
        let (file, l, c, message) =
            (parts.next(), parts.next(), parts.next(), parts.next().unwrap_or_default());
        let file = file.unwrap_or_default();
        assert!(file.starts_with(&format!("{data}/")) && file.ends_with(".json"), "{line}");
        let located =
            |s: Option<&str>| s.and_then(|s| s.parse::<usize>().ok()).is_some_and(|v| v > 0);
        assert!(located(l) && located(c), "{name}: not located: {line}");
        assert!(message.starts_with(' ') && message.len() > 1, "{line}");
    }
    out.stderr
}

/// A folder's files and their bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Every command that writes refuses the dataset with the same report and writes nothing:
/// previous files stay as they were, a missing output folder is not created.
fn writes_nothing(cwd: &Path, data: &str, report: &[u8]) {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("2008.dot"), "previous").unwrap();
    std::fs::write(out.path().join("2008.json"), "previous").unwrap();
    let before = snapshot(out.path());
    let fresh = out.path().join("fresh");
    let file = out.path().join("2008.json");
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["--all-years".into(), "-f".into(), "dot".into(), "-f".into(), "json".into()]
            .into_iter()
            .chain(["--out".into(), out.path().into()])
            .collect(),
        vec!["--all-years".into(), "--out".into(), fresh.clone().into()],
        vec!["--year".into(), "2008".into(), "-o".into(), file.into()],
        vec!["--year".into(), "2008".into()], // to standard output
    ];
    for args in runs {
        let result = mesograph()
            .current_dir(cwd)
            .args(["export", "--data", data])
            .args(&args)
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert!(result.stdout.is_empty(), "{data} {args:?}");
        assert_eq!(result.stderr, report, "{data} {args:?}: export reports as check does");
    }
    assert!(!fresh.exists(), "{data}: the output folder was created");
    assert_eq!(snapshot(out.path()), before, "{data}: previous files changed");
}

macro_rules! cases {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                let data = format!("tests/data/broken-{}", $name);
                let report = check_case(&root(), &data, $name);
                writes_nothing(&root(), &data, &report);
            }
        )*
    };
}

cases! {
    dangling_references => "dangling-references",
    deeply_nested_json => "deep-nesting",
    duplicate_ids_and_keys => "duplicate-ids",
    empty_files => "empty-files",
    end_before_start => "end-before-start",
    years_too_large_for_any_year => "impossible-years",
    files_that_are_not_json => "not-json",
    files_that_are_not_utf8 => "not-utf8",
    outside_an_actors_lifetime => "outside-lifetime",
    actors_succeeding_each_other => "succession-cycle",
    truncated_files => "truncated",
    unknown_fields => "unknown-fields",
    unknown_kinds => "unknown-kinds",
    unknown_sources_and_sections => "unknown-source",
    wrong_types => "wrong-types",
}

#[test]
fn every_broken_folder_is_a_case() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("tests/data"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_prefix("broken-").map(String::from))
        .collect();
    found.sort();
    assert_eq!(found, CASES);
}

/// A very large actors file (30 000 records, about 4.5 MB), generated rather than committed,
/// with a problem in its last record and a link to a misspelt actor: both are found and located
/// at the right line.
#[test]
fn a_very_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("large");
    std::fs::create_dir(&data).unwrap();
    for f in ["sources.json", "milestones.json"] {
        std::fs::copy(root().join("tests/data/fixture").join(f), data.join(f)).unwrap();
    }
    let mut actors = String::from("{\n  \"actors\": [\n");
    for i in 0..30_000 {
        actors.push_str(&format!(
            "    {{ \"id\": \"centre-{i}\", \"name\": \"Centre {i}\", \"kind\": \"computing_centre\", \
             \"start\": 2008, \"citations\": [{{ \"source\": \"deck\", \"locator\": \"2008\" }}] }},\n"
        ));
    }
    for (id, kind) in [("node", "computing_centre"), ("agency", "agency"), ("last", "mesocentre")] {
        actors.push_str(&format!(
            "    {{ \"id\": \"{id}\", \"name\": \"{id}\", \"kind\": \"{kind}\", \"start\": 2007, \
             \"citations\": [{{ \"source\": \"deck\", \"locator\": \"2007\" }}] }}{}\n",
            if id == "last" { "" } else { "," }
        ));
    }
    actors.push_str("  ]\n}\n");
    assert!(actors.len() > 4_000_000);
    std::fs::write(data.join("actors.json"), actors).unwrap();
    let links = "{\n  \"links\": [\n    { \"from\": \"agency\", \"to\": \"centre-29999x\", \
                 \"kind\": \"funds\", \"start\": 2008,\n      \"citations\": [{ \"source\": \
                 \"deck\", \"locator\": \"2008\" }] }\n  ]\n}\n";
    std::fs::write(data.join("links.json"), links).unwrap();
    let report = check_case(dir.path(), "large", "large");
    writes_nothing(dir.path(), "large", &report);
}

/// A copy of the fixture in a fresh folder, with `file` replaced by what `make` puts there.
fn fixture_with(file: &str, make: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["sources.json", "actors.json", "links.json", "milestones.json"] {
        if f != file {
            std::fs::copy(root().join("tests/data/fixture").join(f), dir.path().join(f)).unwrap();
        }
    }
    make(&dir.path().join(file));
    dir
}

/// `check` on `dir` exits 1 within seconds with one message naming `file` and saying `what`.
fn refused(dir: &Path, file: &str, what: &str) {
    let out = mesograph()
        .args(["check", "--data"])
        .arg(dir)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    let expected = format!("error: {}: {what}\n", dir.join(file).display());
    assert_eq!(err, expected);
}

/// Only regular files are read: a device (here behind a symbolic link) never ends and a FIFO
/// with no writer never starts; both are refused at once, naming the file.
#[test]
fn devices_and_fifos_are_refused_not_read() {
    let device = "not a regular file (a device); a dataset file must be one";
    for target in ["/dev/zero", "/dev/urandom"] {
        let dir = fixture_with("links.json", |p| std::os::unix::fs::symlink(target, p).unwrap());
        refused(dir.path(), "links.json", device);
    }
    let dir = fixture_with("actors.json", |p| {
        let status = std::process::Command::new("mkfifo").arg(p).status().unwrap();
        assert!(status.success());
    });
    refused(dir.path(), "actors.json", "not a regular file (a FIFO); a dataset file must be one");
    let dir = fixture_with("sources.json", |p| std::fs::create_dir(p).unwrap());
    refused(
        dir.path(),
        "sources.json",
        "not a regular file (a folder); a dataset file must be one",
    );
}

/// An absent `milestones.json` is fine; a symbolic link to nothing is a mistake, named as such
/// (for the required files too, where it would otherwise read as "file not found").
#[test]
fn a_symbolic_link_to_nothing_is_an_error_naming_the_link() {
    let absent = fixture_with("milestones.json", |_| {});
    mesograph().args(["check", "--data"]).arg(absent.path()).assert().success();
    for file in ["milestones.json", "links.json"] {
        let dir = fixture_with(file, |p| std::os::unix::fs::symlink("gone.json", p).unwrap());
        refused(dir.path(), file, "a symbolic link to \"gone.json\", which does not exist");
    }
}

/// A file that cannot be JSON is read no further than its first significant byte: a file of a
/// terabyte of NUL bytes (sparse: it takes no room) is reported at that byte, as a short one
/// would be, where reading it whole would exhaust the memory.
#[test]
fn reading_stops_at_the_first_byte_that_cannot_start_json() {
    let dir = fixture_with("links.json", |p| {
        std::fs::write(p, b"\n  ").unwrap();
        std::fs::OpenOptions::new().write(true).open(p).unwrap().set_len(1 << 40).unwrap();
    });
    let out = mesograph().args(["check", "--data"]).arg(dir.path()).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let file = dir.path().join("links.json");
    assert_eq!(
        err,
        format!(
            "{}:2:3: malformed JSON: expected value\nerror: 1 problem in the dataset\n",
            file.display()
        )
    );
}

/// 50 000 problems (every link's kind misspelt): located in one pass over the text, the first
/// 200 listed, the rest counted, the true total in the summary, exit 1.
#[test]
fn fifty_thousand_problems_are_counted_and_the_list_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let spec = mesograph::synth::Spec { actors: 2000, links: 50_000, seed: 3 };
    mesograph::synth::write_dir(&spec, dir.path()).unwrap();
    let links = dir.path().join("links.json");
    let text = std::fs::read_to_string(&links).unwrap().replace("\"kind\":\"", "\"kind\":\"x");
    std::fs::write(&links, text).unwrap();
    let out = mesograph().args(["check", "--data"]).arg(dir.path()).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 202, "{}", lines[..5].join("\n"));
    let shown = links.display().to_string();
    assert!(lines[..200].iter().all(|l| l.starts_with(&shown) && l.contains("unknown kind \"x")));
    // In file order: the 200th problem is on a later line than the first.
    let line_of =
        |l: &str| l[shown.len() + 1..].split(':').next().unwrap().parse::<usize>().unwrap();
    assert!(line_of(lines[0]) < line_of(lines[199]));
    assert_eq!(lines[200], "… and 49800 more problems");
    assert_eq!(lines[201], "error: 50000 problems in the dataset");
}

/// Every command resolves its output (format, file, folder) with its years, into one request,
/// before the data is read: a wrong format or file name is a usage error (exit 2) even over a
/// dataset that does not load, and the dataset's problems are reported once the request is
/// right (exit 1).
#[test]
fn a_wrong_output_is_refused_before_the_data_is_read() {
    let broken = crate::util::data("broken-not-json");
    for (wrong, right) in [
        (&["actors", "--format", "csv", "-o", "x.tsv"][..], &["actors", "--format", "csv"][..]),
        (&["milestones", "-o", "x.xlsx"], &["milestones"]),
        (&["history", "genci", "-o", "x.xlsx"], &["history", "genci"]),
        (&["diff", "2008", "2017", "--format", "json", "-o", "x.txt"], &["diff", "2008", "2017"]),
        (&["neighbours", "genci", "-o", "x.doc"], &["neighbours", "genci"]),
        (&["path", "genci", "cines", "-o", "x.doc"], &["path", "genci", "cines"]),
        (&["stats", "--format", "tsv", "-o", "x.csv"], &["stats"]),
        (&["export", "--format", "json", "-o", "x.dot"], &["export", "--format", "json"]),
        (&["export", "--format", "dot", "--format", "json"], &["export"]),
        (&["render", "--format", "png", "-o", "x.svg"], &["render", "--format", "svg"]),
        (&["render", "--animate", "-o", "x.mp4"], &["export"]),
        (&["atlas", "-o", "x.pdf"], &["atlas"]),
        (&["report", "--format", "md"], &["report"]),
        (&["stats", "--from", "2010", "--to", "2005"], &["stats", "--from", "2005"]),
    ] {
        let out = mesograph().args(["--data", &broken]).args(wrong).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{wrong:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && !stderr.contains("problem"),
            "{wrong:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{wrong:?}");
        let out = mesograph().args(["--data", &broken]).args(right).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{right:?}: {stderr}");
        assert!(stderr.contains("problem"), "{right:?}: {stderr}");
    }
}
