//! `--format csv` and `--format tsv` of the listings (`stats`, `actors`, `milestones`, `diff`,
//! `neighbours`, `history`, `path`): read back with the `csv` crate (and TSV by its documented
//! escapes), their columns as `docs/tables.md` lists them and known rows of the built-in dataset
//! (the same values as the JSON output's), and the hostile names intact.

use crate::util::{data, mesograph};
use serde_json::Value;
use std::collections::BTreeMap;

type Row = BTreeMap<String, String>;

fn run(args: &[&str]) -> Vec<u8> {
    mesograph().args(args).assert().success().get_output().stdout.clone()
}

/// The header and the rows of a CSV, read by the `csv` crate.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect::<Vec<String>>())
        .collect();
    (header, rows)
}

/// A TSV field with its escapes (`\\`, `\t`, `\n`, `\r`) undone.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => panic!("unknown escape \\{other:?} in {field:?}"),
        }
    }
    out
}

/// The header and the rows of a TSV: one line per row, fields split at tabs, then unescaped.
fn read_tsv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.ends_with('\n') && !text.contains('\r'), "{text:?}");
    let mut lines = text.lines().map(|l| l.split('\t').map(unescape).collect::<Vec<String>>());
    let header = lines.next().unwrap();
    let rows: Vec<Vec<String>> = lines.collect();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    (header, rows)
}

/// The command's CSV as rows by column name, after checking that its TSV holds the same cells.
fn table(args: &[&str]) -> (Vec<String>, Vec<Row>) {
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let (header, rows) = read_csv(&run(&csv_args));
    let mut tsv_args = args.to_vec();
    tsv_args.extend(["--format", "tsv"]);
    assert_eq!(read_tsv(&run(&tsv_args)), (header.clone(), rows.clone()), "{args:?}");
    let rows = rows.into_iter().map(|r| header.iter().cloned().zip(r).collect()).collect();
    (header, rows)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_slice(&run(&all)).unwrap()
}

fn find<'r>(rows: &'r [Row], pairs: &[(&str, &str)]) -> &'r Row {
    rows.iter()
        .find(|r| pairs.iter().all(|(k, v)| r[*k] == *v))
        .unwrap_or_else(|| panic!("no row with {pairs:?} in {rows:#?}"))
}

fn columns(names: &str) -> Vec<String> {
    names.split(',').map(String::from).collect()
}

#[test]
fn stats_of_a_year_in_one_table_of_sections() {
    let (header, rows) = table(&["stats", "--year", "2010"]);
    assert_eq!(
        header,
        columns(
            "scope,projection,counted,left_out,betweenness_sources,section,measure,value,kind,\
             actors,links,rank,id,name,neighbours,betweenness"
        )
    );
    let j = json(&["stats", "--year", "2010"]);
    let actors = find(&rows, &[("section", "measures"), ("measure", "actors")]);
    assert_eq!(actors["value"], j["actors"].to_string());
    assert_eq!(actors["value"], "53");
    assert_eq!((&*actors["scope"], &*actors["projection"]), ("2010", "false"));
    assert_eq!(actors["counted"], "stated, inferred");
    let density = find(&rows, &[("measure", "density")]);
    assert_eq!(density["value"].parse::<f64>().unwrap(), j["density"].as_f64().unwrap());
    let top = find(&rows, &[("section", "most connected"), ("rank", "1")]);
    assert_eq!((&*top["id"], &*top["name"]), ("genci", "GENCI"));
    assert_eq!(top["neighbours"], j["top_degree"][0]["degree"].to_string());
    let kinds = rows.iter().filter(|r| r["section"] == "actors by kind").count();
    assert_eq!(kinds, j["actors_by_kind"].as_object().unwrap().len());
    // A projected year says so in every row.
    let (_, rows) = table(&["stats", "--year", "2027", "--scenario", "frt2"]);
    assert!(rows.iter().all(|r| r["projection"] == "true" && r["scenarios"] == "frt2"));
}

#[test]
fn stats_of_every_year_one_row_each() {
    let (header, rows) = table(&["stats", "--all-years", "--from", "2008", "--to", "2017"]);
    assert_eq!(
        header,
        columns(
            "counted,year,projection,actors,links,pairs,density,components,largest,isolated,\
             most_connected,most_connected_neighbours,most_central,most_central_betweenness,\
             proposed_left_out,betweenness_sources"
        )
    );
    assert_eq!(rows.len(), 10);
    let y2010 = find(&rows, &[("year", "2010")]);
    assert_eq!(
        (&*y2010["actors"], &*y2010["links"], &*y2010["most_connected"]),
        ("53", "65", "genci")
    );
    let j = json(&["stats", "--all-years", "--from", "2008", "--to", "2017"]);
    for (row, s) in rows.iter().zip(j.as_array().unwrap()) {
        assert_eq!(row["links"], s["links"].to_string());
        assert_eq!(row["projection"], "false");
    }
}

#[test]
fn actors_with_start_and_end_apart() {
    let (header, rows) = table(&["actors", "--year", "2010"]);
    assert_eq!(header, columns("scope,projection,id,name,kind,start,end,aliases,note"));
    let genci = find(&rows, &[("id", "genci")]);
    assert_eq!((&*genci["name"], &*genci["kind"], &*genci["start"]), ("GENCI", "agency", "2007"));
    assert_eq!(genci["end"], "");
    assert!(genci["note"].starts_with("Société civile created in 2007"), "{genci:?}");
    assert_eq!(rows.len(), json(&["actors", "--year", "2010"]).as_array().unwrap().len());
}

#[test]
fn milestones_have_a_column_per_figure() {
    let (header, rows) = table(&["milestones"]);
    let fixed = columns("year,projection,actor,milestone,place,figures");
    assert_eq!(header[..6], fixed[..]);
    assert_eq!(header[header.len() - 2..], ["source", "note"]);
    let figures = &header[6..header.len() - 2];
    assert!(figures.is_sorted(), "{figures:?}");
    // One name in two units is two columns.
    for f in [
        "registrations (people)",
        "peak power of the mésocentres (Tflops)",
        "peak power of the mésocentres (Pflops)",
    ] {
        assert!(figures.contains(&f.to_string()), "{f} in {figures:?}");
    }
    let journees = find(
        &rows,
        &[("year", "2009"), ("actor", "journees-mesocentres"), ("registrations (people)", "115")],
    );
    assert!(journees["figures"].contains("registrations 115 people"), "{journees:?}");
    assert_eq!(rows.len(), json(&["milestones"]).as_array().unwrap().len());
}

#[test]
fn diff_sections_in_one_table() {
    let (header, rows) = table(&["diff", "2009", "2010"]);
    assert_eq!(
        header,
        columns(
            "from_year,from_projection,to_year,to_projection,section,id,name,kind,start,end,\
             proposed,before,after,from,to,link_id,confidence,source,actors,year,actor,\
             milestone,figures,note"
        )
    );
    let cocin = find(&rows, &[("section", "actors that appeared"), ("id", "cocin")]);
    assert_eq!(
        (&*cocin["start"], &*cocin["end"], &*cocin["kind"]),
        ("2010", "2015", "advisory_body")
    );
    let j = json(&["diff", "2009", "2010"]);
    let appeared = rows.iter().filter(|r| r["section"] == "links that appeared").count();
    assert_eq!(appeared, j["links"]["appeared"].as_array().unwrap().len());
    let link = &j["links"]["appeared"][0];
    let row = find(&rows, &[("link_id", link["id"].as_str().unwrap())]);
    assert_eq!(row["from"], link["from"].as_str().unwrap());
    assert_eq!(row["confidence"], link["confidence"].as_str().unwrap());
    assert!(rows.iter().all(|r| r["from_year"] == "2009" && r["to_year"] == "2010"));
}

#[test]
fn neighbours_repeat_the_neighbour_on_each_of_its_links() {
    let (header, rows) = table(&["neighbours", "GENCI", "--year", "2014"]);
    assert_eq!(
        header,
        columns(
            "actor,scope,projection,counted,left_out,distance,via,neighbour,name,kind,link_id,\
             link_kind,direction,start,end,confidence,source,note"
        )
    );
    let cea = find(&rows, &[("neighbour", "cea"), ("link_kind", "shareholder_of")]);
    assert_eq!((&*cea["direction"], &*cea["start"], &*cea["note"]), ("in", "2007", "20 %."));
    assert_eq!(cea["link_id"], "cea/shareholder_of/genci/2007");
    // Every row names its neighbour, also a second link to the same one.
    assert!(rows.iter().all(|r| !r["neighbour"].is_empty() && r["actor"] == "genci"));
    let j = json(&["neighbours", "GENCI", "--year", "2014"]);
    let links: usize = j["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["links"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), links);
}

#[test]
fn history_events_with_their_projection() {
    let (header, rows) = table(&["history", "GENCI"]);
    assert_eq!(header, columns("actor,year,projection,event,what,confidence,source,note"));
    assert_eq!((&*rows[0]["year"], &*rows[0]["event"]), ("2007", "created"));
    let cea = find(&rows, &[("what", "CEA shareholder of GENCI [2007–]")]);
    assert_eq!(
        (&*cea["event"], &*cea["confidence"], &*cea["note"]),
        ("link starts", "stated", "20 %.")
    );
    assert!(
        rows.iter()
            .all(|r| r["projection"] == (r["year"].parse::<i32>().unwrap() > 2017).to_string())
    );
}

#[test]
fn paths_and_routes_one_row_per_link() {
    let (header, rows) = table(&["path", "CNRS", "Equip@Meso", "--year", "2012"]);
    assert_eq!(
        header,
        columns(
            "scope,projection,counted,left_out,path,step,from,from_id,link_id,link_kind,\
             direction,to,to_id,start,end,confidence,source,note"
        )
    );
    let steps: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (&*r["path"], &*r["step"], &*r["from_id"], &*r["to_id"])).collect();
    assert_eq!(steps, [("1", "1", "cnrs", "genci"), ("1", "2", "genci", "equipameso")]);
    let (header, rows) = table(&["path", "Héon", "Equip@Meso", "--over-time"]);
    assert!(header.contains(&"year".to_string()) && !header.contains(&"path".to_string()));
    let years: Vec<&str> = rows.iter().map(|r| &*r["year"]).collect();
    assert_eq!(years, ["2005", "2007", "2010"]);
    // Not connected: the header alone.
    let (_, rows) = table(&["path", "CNRS", "Equip@Meso", "--year", "2000"]);
    assert!(rows.is_empty());
}

/// Every name of the hostile dataset comes back exactly from CSV (`--csv-raw`) and TSV; without
/// it, a cell starting like a formula starts with `'`, in both.
#[test]
fn hostile_names_survive_csv_and_tsv() {
    let hostile = data("hostile-names");
    let actors = json(&["--data", &hostile, "actors"]);
    let names: Vec<&str> =
        actors.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.iter().any(|n| n.contains('\n')) && names.iter().any(|n| n.starts_with('=')));
    for format in ["csv", "tsv"] {
        let read = |raw: bool| {
            let mut args = vec!["--data", &hostile, "actors", "--format", format];
            if raw {
                args.push("--csv-raw");
            }
            let bytes = run(&args);
            let (header, rows) = if format == "csv" { read_csv(&bytes) } else { read_tsv(&bytes) };
            let at = header.iter().position(|h| h == "name").unwrap();
            rows.into_iter().map(|r| r[at].clone()).collect::<Vec<String>>()
        };
        assert_eq!(read(true), names, "{format}");
        let neutral = read(false);
        for (shown, name) in neutral.iter().zip(&names) {
            if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert_eq!(*shown, format!("'{name}"), "{format}");
            } else {
                assert_eq!(shown, name, "{format}");
            }
        }
    }
    // A figure's name heads a column: protected as a cell is, exact with --csv-raw.
    let (header, rows) = table(&["--data", &hostile, "milestones"]);
    assert!(header.contains(&"'=1+1 (<unit> \"u\")".to_string()), "{header:?}");
    assert_eq!(rows[0]["'=1+1 (<unit> \"u\")"], "1.5");
    assert_eq!(rows[0]["note"], "emoji 🇫🇷 and nul \u{0}");
    let (header, _) = table(&["--data", &hostile, "milestones", "--csv-raw"]);
    assert!(header.contains(&"=1+1 (<unit> \"u\")".to_string()), "{header:?}");
    // The links' notes and citations through a query, exactly as the JSON has them.
    let story = json(&["--data", &hostile, "history", "edge"]);
    let (_, rows) = table(&["--data", &hostile, "history", "edge", "--csv-raw"]);
    assert_eq!(rows.len(), story["events"].as_array().unwrap().len());
    for (row, event) in rows.iter().zip(story["events"].as_array().unwrap()) {
        let note = event["link"]["note"].as_str().or(event["milestone"]["note"].as_str());
        assert_eq!(row["note"], note.unwrap_or(""));
        assert_eq!(row["source"].is_empty(), event["citations"].as_array().unwrap().is_empty());
    }
    assert!(rows.iter().any(|r| r["note"] == "\"quoted\" note\nwith a newline <b>bold</b> & \\"));
}

#[test]
fn output_files_take_their_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("years.tsv");
    mesograph().args(["stats", "--all-years", "-o"]).arg(&file).assert().success().stdout("");
    let written = std::fs::read(&file).unwrap();
    assert_eq!(written, run(&["stats", "--all-years", "--format", "tsv"]));
    mesograph()
        .args(["actors", "--format", "csv", "-o"])
        .arg(dir.path().join("x.tsv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("its extension says tsv"));
    mesograph()
        .args(["history", "genci", "-o"])
        .arg(dir.path().join("x.xlsx"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".txt, .json, .csv, .tsv"));
    assert!(!dir.path().join("x.tsv").exists() && !dir.path().join("x.xlsx").exists());
}
