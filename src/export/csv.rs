//! CSV: a node table and an edge table (`STEM.nodes.csv`, `STEM.edges.csv`) and a one-row table
//! of what the other formats say of the graph as a whole (`STEM.graph.csv`), written by the
//! `csv` crate with RFC 4180 quoting (a field holding `,`, `"` or a line break is quoted, quotes
//! doubled), CRLF line ends and a header row, for spreadsheets, Kumu, Gephi's spreadsheet import
//! and a graph database's bulk import.
//!
//! The columns are the fields of the JSON export; the name column is called `label`, the column
//! Gephi and Kumu take as the name. An empty cell is a null (an open end) or an empty list; lists
//! and records (aliases, names, citations, milestones) are compact JSON.
//!
//! A spreadsheet opening the file takes a cell that starts with `=`, `+`, `-` or `@` for a formula
//! (`=HYPERLINK(…)` becomes a live link, others run commands), and one that starts with a tab or
//! a carriage return may be read as one. Such a cell gets a leading `'`, as OWASP recommends
//! against CSV injection; the JSON export, or [`Csv::raw`] (`export --csv-raw`), keeps every value
//! exact for a round trip.

use super::json::{EDGE_CELLS, NODE_CELLS, edge, graph_info, node};
use super::{Exporter, Sink};
use crate::error::{Error, Result};
use crate::graph::{Slice, TemporalGraph};
use std::path::PathBuf;

/// The CSV exporter. It writes three files, so it needs a folder ([`Exporter::parts`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv {
    /// Write every value exactly as it is, with no `'` before a cell a spreadsheet would take
    /// for a formula: for programs that read the tables back, not for spreadsheets.
    pub raw: bool,
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
/// Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet will show it and never evaluate it: with a leading `'` when it starts
/// like a formula.
pub fn neutralised(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}") } else { cell }
}

/// A table in memory: the header, then one row per record (also the query commands' tables,
/// [`crate::table::Table::csv`]).
pub(crate) fn table<R: IntoIterator<Item = String>>(
    header: impl IntoIterator<Item = impl AsRef<[u8]>>,
    rows: impl IntoIterator<Item = Result<R>>,
    raw: bool,
) -> Result<Vec<u8>> {
    let mut out = Sink::in_memory(Vec::new());
    write_table(&mut out, header, rows, raw)?;
    Ok(out.buf)
}

/// Writes a table into `out` as its rows are made: the header, then one row per record.
fn write_table<R: IntoIterator<Item = String>>(
    out: &mut Sink<'_>,
    header: impl IntoIterator<Item = impl AsRef<[u8]>>,
    rows: impl IntoIterator<Item = Result<R>>,
    raw: bool,
) -> Result<()> {
    // A sink never fails; should the writer ever, say so rather than panic.
    let fail = |e: csv::Error| Error::Io {
        path: PathBuf::from("(memory buffer)"),
        source: std::io::Error::other(e.to_string()),
    };
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    writer.write_record(header).map_err(fail)?;
    for row in rows {
        let row = row?;
        if raw {
            writer.write_record(row).map_err(fail)?;
        } else {
            writer.write_record(row.into_iter().map(neutralised)).map_err(fail)?;
        }
    }
    writer.flush().map_err(|e| fail(e.into()))
}

impl Csv {
    /// The node table of `slice`: `id`, `label`, then the other fields of the JSON export.
    fn nodes(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Sink<'_>) -> Result<()> {
        let header = std::iter::once("id")
            .chain(NODE_CELLS.iter().map(|&(name, _)| if name == "name" { "label" } else { name }));
        let rows = slice.actors.iter().map(|&n| {
            let record = node(graph, slice, n);
            let cells = record.cells()?;
            let mut row: [String; 11] = Default::default();
            row[0] = record.id.to_string();
            for (slot, cell) in row[1..].iter_mut().zip(cells) {
                *slot = cell.unwrap_or_default();
            }
            Ok(row)
        });
        write_table(out, header, rows, self.raw)
    }

    /// The edge table of `slice`: `id`, `source`, `target`, then the other fields.
    fn edges(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Sink<'_>) -> Result<()> {
        let header =
            ["id", "source", "target"].into_iter().chain(EDGE_CELLS.iter().map(|&(name, _)| name));
        let rows = slice.links.iter().map(|&e| {
            let record = edge(graph, e);
            let cells = record.cells()?;
            let mut row: [String; 10] = Default::default();
            row[0] = record.id.clone();
            row[1] = record.source.to_string();
            row[2] = record.target.to_string();
            for (slot, cell) in row[3..].iter_mut().zip(cells) {
                *slot = cell.unwrap_or_default();
            }
            Ok(row)
        });
        write_table(out, header, rows, self.raw)
    }
}

impl Csv {
    /// The graph table of `slice`: one row of the facts the JSON's `graph` object carries
    /// (`dataset`, `scope`, `year`, `from`, `to`, `intervals`, `horizon`, `projection`,
    /// `scenarios`), so that a reader of the tables knows whether the years are a projection and
    /// which scenarios are on. Scenarios are joined by `,`; an empty cell is a null.
    fn graph(&self, graph: &TemporalGraph, slice: &Slice, out: &mut Sink<'_>) -> Result<()> {
        let info = graph_info(graph, slice);
        let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
        let row = [
            info.dataset.to_string(),
            info.scope.to_string(),
            year(info.year),
            year(info.from),
            year(info.to),
            info.intervals.to_string(),
            year(info.horizon),
            info.projection.to_string(),
            info.scenarios.join(","),
        ];
        let header = [
            "dataset",
            "scope",
            "year",
            "from",
            "to",
            "intervals",
            "horizon",
            "projection",
            "scenarios",
        ];
        write_table(out, header, [Ok(row)], self.raw)
    }
}

impl Exporter for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn parts(&self) -> Vec<&'static str> {
        vec!["nodes.csv", "edges.csv", "graph.csv"]
    }

    fn write(
        &self,
        graph: &TemporalGraph,
        slice: &Slice,
        part: &str,
        out: &mut Sink<'_>,
    ) -> Result<()> {
        match part {
            "nodes.csv" => self.nodes(graph, slice, out),
            "edges.csv" => self.edges(graph, slice, out),
            "graph.csv" => self.graph(graph, slice, out),
            _ => Err(Error::Internal(format!("the csv format has no part {part:?}"))),
        }
    }
}
