//! A spreadsheet's two sheets saved as CSV, in the columns Kumu and Gephi users keep: an
//! elements sheet (`Label`, `Type`, `Description`, or Gephi's `Id`, `Label`) and a connections
//! sheet (Kumu's `From`, `To`, `Type`, naming elements by their label; Gephi's `Source`,
//! `Target` naming them by id), with `Start` and `End` years. Headers are matched in any case;
//! the sheets are told apart by their columns, whatever their order on the command line; the
//! delimiter is `,`, `;` (what spreadsheets write where the decimal mark is a comma) or a tab.

use super::csv::{Table, header_key, records, table};
use super::{Input, Read};
use crate::error::{Error, Problem, Result};

/// An element's fields and the headers that fill them, first match first.
const ELEMENT_COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["id"]),
    ("name", &["label", "name"]),
    ("full_name", &["full name"]),
    ("kind", &["type", "kind", "element type", "category"]),
    ("start", &["start", "start year", "start date", "begin"]),
    ("end", &["end", "end year", "end date"]),
    ("note", &["description", "note", "notes"]),
    ("cite", &["citation", "reference"]),
];

/// A connection's fields and their headers. A `Type` holding only Gephi's directions
/// (`Directed`, `Undirected`, `Mutual`) is not a kind: the kind is then in `Label`.
const CONNECTION_COLUMNS: &[(&str, &[&str])] = &[
    ("source", &["from", "source"]),
    ("target", &["to", "target"]),
    ("kind", &["kind", "relation", "type", "connection type", "label"]),
    ("start", &["start", "start year", "start date", "begin"]),
    ("end", &["end", "end year", "end date"]),
    ("confidence", &["confidence"]),
    ("note", &["description", "note", "notes"]),
    ("cite", &["citation", "reference"]),
];

/// Columns that repeat what others say, left aside without a note.
const DERIVED: &[&str] = &["id", "weight"];

/// Gephi's edge directions, which its `Type` column holds.
const DIRECTIONS: [&str; 3] = ["directed", "undirected", "mutual"];

/// The delimiter of a sheet: the most frequent of `,`, `;` and tab outside quotes in its first
/// line.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.bytes() {
        match c {
            b'\n' | b'\r' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Whether every filled cell of column `k` is one of Gephi's edge directions.
fn directions_only(table: &Table, k: usize) -> bool {
    let mut cells = table.rows.iter().filter_map(|(_, cells)| cells.get(k)).map(|(c, _)| c.trim());
    let mut any = false;
    let all = cells.all(|c| {
        any |= !c.is_empty();
        c.is_empty() || DIRECTIONS.contains(&c.to_lowercase().as_str())
    });
    all && any
}

/// Reads the sheets.
///
/// # Errors
/// [`Error::Request`] when no elements sheet is among the files.
pub(super) fn read(inputs: &[Input], texts: &[&str]) -> Result<Read> {
    let mut read = Read { by_label: true, ..Read::default() };
    let mut ignored: Vec<String> = Vec::new();
    let mut elements_seen = false;
    for (i, (input, text)) in inputs.iter().zip(texts).enumerate() {
        let table = match table(input, text, delimiter(text)) {
            Ok(t) => t,
            Err(p) => {
                read.problems.push(p);
                continue;
            }
        };
        let connections = table.column(&["from", "source"]).is_some()
            && table.column(&["to", "target"]).is_some();
        if !connections && table.column(&["label", "name", "id"]).is_none() {
            read.problems.push(Problem {
                file: input.name.clone(),
                line: 1,
                column: 1,
                message: "neither an elements sheet (a column Label or Id) nor a connections sheet (From and To, or Source and Target)".into(),
            });
            continue;
        }
        elements_seen |= !connections;
        let spec = if connections { CONNECTION_COLUMNS } else { ELEMENT_COLUMNS };
        let mut columns: Vec<(usize, &'static str)> = Vec::new();
        for &(field, headers) in spec {
            let found = headers.iter().find_map(|h| {
                let k = table.column(&[h])?;
                let direction =
                    connections && header_key(h) == "type" && directions_only(&table, k);
                let taken = columns.iter().any(|&(c, _)| c == k);
                (!direction && !taken).then_some(k)
            });
            if let Some(k) = found {
                columns.push((k, field));
            }
        }
        for (k, (h, _)) in table.header.iter().enumerate() {
            let used = columns.iter().any(|&(c, _)| c == k);
            let derived = DERIVED.contains(&header_key(h).as_str())
                || (connections && header_key(h) == "type");
            if !used && !derived && !h.is_empty() && !ignored.contains(h) {
                ignored.push(h.clone());
            }
        }
        let mut found = records(i, (&input.name, text), &table, &columns, true, &mut read.problems);
        // What a person typed in a cell, without the spaces around it.
        for record in &mut found {
            for (_, value, _) in &mut record.fields {
                if let super::Value::Text(s) = value {
                    *s = s.trim().to_string();
                }
            }
        }
        if connections { read.edges.extend(found) } else { read.nodes.extend(found) }
    }
    if !elements_seen && read.problems.is_empty() {
        return Err(Error::Request(
            "no elements sheet among the files: give the sheet of elements (Label, Type, …) as well as the connections".into(),
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
    fn the_delimiter_is_the_one_the_header_uses() {
        assert_eq!(delimiter("Label;Type;Description\n"), b';');
        assert_eq!(delimiter("Label,Type\n"), b',');
        assert_eq!(delimiter("\"a;b\",c\n"), b',');
        assert_eq!(delimiter("Id\tLabel\n"), b'\t');
        assert_eq!(delimiter("Label\n"), b',');
    }
}
