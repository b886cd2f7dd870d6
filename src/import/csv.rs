//! mesograph's CSV export: `STEM.nodes.csv`, `STEM.edges.csv` and `STEM.graph.csv`, told apart
//! by their header rows. Lists and records are compact JSON in their cells, as the export
//! writes them; the export's guard against spreadsheet formulas (a `'` before a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is undone unless the tables were
//! written with `--csv-raw`.

use super::{At, Input, Read, Record, Value};
use crate::error::{Error, Problem, Result};

/// A CSV table as read: its header and rows, each cell with the byte offset it starts at.
pub(super) struct Table {
    /// The header's cells, trimmed, with their offsets.
    pub header: Vec<(String, usize)>,
    /// The rows: the offset each starts at, and its cells with their offsets.
    pub rows: Vec<(usize, Vec<(String, usize)>)>,
}

impl Table {
    /// The index of the first column whose header, in any case, with spaces, `-` and `_` alike,
    /// is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            self.header.iter().position(|(h, _)| header_key(h) == header_key(name))
        })
    }
}

/// A header as compared: lower case, `_` for spaces and `-`.
pub(super) fn header_key(h: &str) -> String {
    h.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The byte offsets where the cells of the record starting at `start` begin.
fn cell_starts(text: &[u8], start: usize, delimiter: u8) -> Vec<usize> {
    let mut starts = vec![start];
    let (mut i, mut quoted, mut fresh) = (start, false, true);
    while i < text.len() {
        let c = text[i];
        if quoted {
            if c == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if c == b'"' && fresh {
            quoted = true;
        } else if c == delimiter {
            starts.push(i + 1);
            fresh = true;
            i += 1;
            continue;
        } else if c == b'\n' || c == b'\r' {
            break;
        }
        fresh = false;
        i += 1;
    }
    starts
}

/// Reads a CSV text with `delimiter`: a header row, then the records.
pub(super) fn table(
    input: &Input,
    text: &str,
    delimiter: u8,
) -> std::result::Result<Table, Problem> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // After a CRLF the position is that of its LF: the record starts past it.
                let mut start = record.position().map_or(0, |p| p.byte() as usize);
                while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
                    start += 1;
                }
                let starts = cell_starts(text.as_bytes(), start, delimiter);
                let cells: Vec<(String, usize)> = record
                    .iter()
                    .enumerate()
                    .map(|(k, cell)| (cell.to_string(), starts.get(k).copied().unwrap_or(start)))
                    .collect();
                rows.push((start, cells));
            }
            Err(e) => {
                let offset = e.position().map_or(0, |p| p.byte() as usize);
                let prefix = text.get(..offset).unwrap_or_default();
                let (line, column) = crate::locate::line_column(prefix, prefix.len());
                return Err(Problem {
                    file: input.name.clone(),
                    line,
                    column,
                    message: e.to_string(),
                });
            }
        }
    }
    if rows.is_empty() {
        let message = "empty file (expected a header row, then one row per record)".to_string();
        return Err(Problem { file: input.name.clone(), line: 1, column: 1, message });
    }
    let (_, header) = rows.remove(0);
    let header: Vec<(String, usize)> =
        header.into_iter().map(|(h, at)| (h.trim().to_string(), at)).collect();
    // Blank lines (a row of one empty cell) hold nothing.
    rows.retain(|(_, cells)| !(cells.len() == 1 && cells[0].0.trim().is_empty()));
    Ok(Table { header, rows })
}

/// The first characters the export guards with a `'` (see [`crate::export::Csv`]).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as the export had it before guarding it against spreadsheet formulas.
fn unguarded(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest.to_string(),
        _ => cell,
    }
}

/// The records of `table` (read from `text` of the input `shown`), one per row, their fields
/// by `columns` (a column's index and the field it fills). A row with more cells than the
/// header is a problem: a delimiter in a cell that should have been quoted.
pub(super) fn records(
    input: usize,
    (shown, text): (&str, &str),
    table: &Table,
    columns: &[(usize, &'static str)],
    raw: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Record> {
    let mut out = Vec::with_capacity(table.rows.len());
    for (start, cells) in &table.rows {
        let mut record = Record::new(input, At::Offset(*start));
        if let Some((_, at)) = cells.get(table.header.len()) {
            let prefix = text.get(..*at).unwrap_or_default();
            let (line, column) = crate::locate::line_column(prefix, prefix.len());
            problems.push(Problem {
                file: shown.to_string(),
                line,
                column,
                message: format!(
                    "{} cells where the header has {}: quote a cell that holds the delimiter",
                    cells.len(),
                    table.header.len()
                ),
            });
        }
        for &(k, field) in columns {
            if let Some((cell, at)) = cells.get(k) {
                let cell = if raw { cell.clone() } else { unguarded(cell.clone()) };
                record.push(field, Value::Text(cell), At::Offset(*at));
                if let Some((header, _)) = table.header.get(k) {
                    record.headers.push((field, header.clone()));
                }
            }
        }
        out.push(record);
    }
    out
}

/// The columns of mesograph's node table and the fields they fill.
const NODE_COLUMNS: [(&str, &str); 11] = [
    ("id", "id"),
    ("label", "name"),
    ("full_name", "full_name"),
    ("kind", "kind"),
    ("start", "start"),
    ("end", "end"),
    ("aliases", "aliases"),
    ("names", "names"),
    ("citations", "citations"),
    ("note", "note"),
    ("milestones", "milestones"),
];

/// The columns of the edge table (its `id` and `key` repeat the others).
const EDGE_COLUMNS: [(&str, &str); 8] = [
    ("source", "source"),
    ("target", "target"),
    ("kind", "kind"),
    ("start", "start"),
    ("end", "end"),
    ("confidence", "confidence"),
    ("citations", "citations"),
    ("note", "note"),
];

/// The columns of the graph table that say something of the dataset.
const GRAPH_COLUMNS: [(&str, &str); 2] = [("horizon", "horizon"), ("scenarios", "scenarios")];

/// Derived columns, left aside without a note.
const DERIVED: [&str; 9] =
    ["id", "key", "dataset", "scope", "year", "from", "to", "intervals", "projection"];

/// The three tables of the export.
enum Class {
    Nodes,
    Edges,
    Graph,
}

/// Reads mesograph's CSV tables.
///
/// # Errors
/// [`Error::Request`] when no node table is among the files.
pub(super) fn read(inputs: &[Input], texts: &[&str], raw: bool) -> Result<Read> {
    let mut read = Read::default();
    let mut ignored: Vec<String> = Vec::new();
    let mut nodes_seen = false;
    for (i, (input, text)) in inputs.iter().zip(texts).enumerate() {
        let table = match table(input, text, b',') {
            Ok(t) => t,
            Err(p) => {
                read.problems.push(p);
                continue;
            }
        };
        let has = |name: &str| table.column(&[name]).is_some();
        let (spec, class): (&[(&str, &'static str)], _) = if has("source") && has("target") {
            (&EDGE_COLUMNS, Class::Edges)
        } else if has("dataset") && has("scope") {
            (&GRAPH_COLUMNS, Class::Graph)
        } else if has("id") && has("label") {
            nodes_seen = true;
            (&NODE_COLUMNS, Class::Nodes)
        } else {
            read.problems.push(Problem {
                file: input.name.clone(),
                line: 1,
                column: 1,
                message: "not a table of mesograph's CSV export: a node table has the columns id and label, an edge table source and target, a graph table dataset and scope".into(),
            });
            continue;
        };
        let mut columns = Vec::new();
        for (k, (h, _)) in table.header.iter().enumerate() {
            match spec.iter().find(|(c, _)| header_key(c) == header_key(h)) {
                Some(&(_, field)) if !columns.iter().any(|&(_, f)| f == field) => {
                    columns.push((k, field));
                }
                _ if DERIVED.contains(&header_key(h).as_str()) => {}
                _ => {
                    if !ignored.contains(h) {
                        ignored.push(h.clone());
                    }
                }
            }
        }
        let records = records(i, (&input.name, text), &table, &columns, raw, &mut read.problems);
        match class {
            Class::Nodes => read.nodes.extend(records),
            Class::Edges => read.edges.extend(records),
            Class::Graph => read.graph = records.into_iter().next(),
        }
    }
    if !nodes_seen && read.problems.is_empty() {
        return Err(Error::Request(
            "no node table among the files: give STEM.nodes.csv (and STEM.edges.csv)".into(),
        ));
    }
    if !ignored.is_empty() {
        read.notes.push(format!("left aside the columns {}", ignored.join(", ")));
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_located_past_quotes_and_delimiters() {
        let text = "a,b\n\"x,\"\"y\",z\n";
        let starts = cell_starts(text.as_bytes(), 4, b',');
        assert_eq!(starts, vec![4, 12]);
        let input = Input { name: "t.csv".into(), bytes: text.as_bytes().to_vec() };
        let t = table(&input, text, b',').unwrap();
        assert_eq!(t.rows[0].1, vec![("x,\"y".to_string(), 4), ("z".to_string(), 12)]);
    }

    #[test]
    fn the_formula_guard_is_undone() {
        assert_eq!(unguarded("'=HYPERLINK(1)".into()), "=HYPERLINK(1)");
        assert_eq!(unguarded("'quoted".into()), "'quoted");
        assert_eq!(unguarded("plain".into()), "plain");
    }
}
