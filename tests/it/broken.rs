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
    "not-utf8",
    "outside-lifetime",
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
    files_that_are_not_utf8 => "not-utf8",
    outside_an_actors_lifetime => "outside-lifetime",
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
