//! Tables: the one model from which a listing's text table, CSV and TSV are written, so that
//! the three always hold the same rows (the query commands' `--format table|csv|tsv`).
//!
//! A column is shown in the text table, in the data formats (CSV and TSV), or in both: text
//! joins what data keeps apart (`2008–2012` beside `start` and `end`) and says in a heading what
//! data repeats on every row (the year, whether it is a projection). A row that goes on with
//! the record of the row above (a second link to the same neighbour) leaves its grouped cells
//! blank in text and repeats them in data, where every row stands alone. Each row may carry a
//! note: below the row in text (`--notes`), the last column, `note`, in data.
//!
//! CSV is written by the export's writer (RFC 4180, CRLF, the same protection against formulas).
//! TSV follows the IANA `text/tab-separated-values` layout (a header row, fields separated by
//! tabs, LF line ends); since that format forbids a tab or a line break inside a field, a
//! field's backslash, tab, line feed and carriage return are written `\\`, `\t`, `\n` and `\r`,
//! as PostgreSQL's `COPY` and the "linear TSV" convention do.
//!
//! ```
//! use mesograph::table::{Column, Table};
//!
//! let mut table = Table::new([Column::both("actor"), Column::both("links")]);
//! table.push(vec!["GENCI".into(), "12".into()], None);
//! table.push(vec!["Say \"hi\"\tthere".into(), "3".into()], None);
//! assert_eq!(table.csv(false)?, b"actor,links\r\nGENCI,12\r\n\"Say \"\"hi\"\"\tthere\",3\r\n");
//! assert_eq!(table.tsv(false), b"actor\tlinks\nGENCI\t12\nSay \"hi\"\\tthere\t3\n");
//! # Ok::<(), mesograph::Error>(())
//! ```

use crate::error::Result;

/// Where a column is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// In the text table and in the data formats.
    Both,
    /// In the text table only.
    Text,
    /// In the data formats (CSV, TSV) only.
    Data,
}

impl Show {
    fn in_text(self) -> bool {
        self != Show::Data
    }

    fn in_data(self) -> bool {
        self != Show::Text
    }
}

/// A column: its heading and where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its heading in text.
    pub name: String,
    /// Its heading in data: by default the text heading with `_` for each space (`most
    /// connected` is `most_connected`).
    pub key: String,
    /// Where it is shown.
    pub show: Show,
    /// Whether a row that continues the record above leaves it blank in text.
    pub grouped: bool,
    /// Whether its data heading comes from the data (a figure's name), and so is protected
    /// against formulas as cells are.
    pub keyed_by_data: bool,
}

impl Column {
    /// A column of text and data.
    pub fn both(name: impl Into<String>) -> Column {
        Column::new(name.into(), Show::Both)
    }

    /// A column of the text table only.
    pub fn text(name: impl Into<String>) -> Column {
        Column::new(name.into(), Show::Text)
    }

    /// A column of the data formats only.
    pub fn data(name: impl Into<String>) -> Column {
        Column::new(name.into(), Show::Data)
    }

    /// A column of the data formats only, headed `key` as it is: a name from the data, such as
    /// a figure's (protected against formulas as a cell is).
    pub fn data_keyed(key: impl Into<String>) -> Column {
        let key = key.into();
        Column { name: key.clone(), key, show: Show::Data, grouped: false, keyed_by_data: true }
    }

    fn new(name: String, show: Show) -> Column {
        Column { key: name.replace(' ', "_"), name, show, grouped: false, keyed_by_data: false }
    }

    /// The column left blank in text on a row that continues the record above.
    pub fn grouped(mut self) -> Column {
        self.grouped = true;
        self
    }

    /// The column with another text heading (its data heading unchanged).
    pub fn renamed(mut self, name: impl Into<String>) -> Column {
        self.name = name.into();
        self
    }

    /// Its heading in the data formats.
    pub fn data_name(&self) -> String {
        self.key.clone()
    }
}

/// Rows under columns, each row with its note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// One cell per column in each row.
    pub rows: Vec<Vec<String>>,
    /// For each row, whether it continues the record of the row above.
    pub continued: Vec<bool>,
    /// For each row, its note.
    pub notes: Vec<Option<String>>,
    /// Whether the data formats end with a `note` column.
    pub noted: bool,
}

impl Table {
    /// An empty table of `columns`, without notes.
    pub fn new(columns: impl IntoIterator<Item = Column>) -> Table {
        Table { columns: columns.into_iter().collect(), ..Table::default() }
    }

    /// The table with a `note` column in the data formats.
    pub fn noted(mut self) -> Table {
        self.noted = true;
        self
    }

    /// Adds a row and its note.
    pub fn push(&mut self, row: Vec<String>, note: Option<String>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
        self.continued.push(false);
        self.notes.push(note);
    }

    /// Adds a row that continues the record of the row above.
    pub fn push_continued(&mut self, row: Vec<String>, note: Option<String>) {
        self.push(row, note);
        if let Some(last) = self.continued.last_mut() {
            *last = true;
        }
    }

    /// Adds the rows of `other`, a table of the same columns.
    pub fn extend(&mut self, other: Table) {
        debug_assert_eq!(self.columns, other.columns);
        self.noted |= other.noted;
        self.rows.extend(other.rows);
        self.continued.extend(other.continued);
        self.notes.extend(other.notes);
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table with `context` first: data columns holding the same value on every row, for
    /// what text says once in a heading (the year, whether it is a projection).
    pub fn with_context<N: Into<String>>(mut self, context: Vec<(N, String)>) -> Table {
        let (names, values): (Vec<String>, Vec<String>) =
            context.into_iter().map(|(n, v)| (n.into(), v)).unzip();
        self.columns.splice(0..0, names.into_iter().map(Column::data));
        for row in &mut self.rows {
            row.splice(0..0, values.iter().cloned());
        }
        self
    }

    /// One data table of several: a first column `section` names each row's table, and the
    /// columns are the union of theirs, by data heading in order of appearance, a cell being
    /// empty where its table has no such column.
    pub fn stack<S: Into<String>>(sections: Vec<(S, Table)>) -> Table {
        let (mut names, mut keyed): (Vec<String>, Vec<String>) = (vec![], vec![]);
        for (_, t) in &sections {
            for c in t.columns.iter().filter(|c| c.show.in_data()) {
                let name = c.data_name();
                if c.keyed_by_data {
                    keyed.push(name.clone());
                }
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        let mut out = Table::new(
            std::iter::once(Column::data("section")).chain(
                names
                    .iter()
                    .map(|n| Column { keyed_by_data: keyed.contains(n), ..Column::data_keyed(n) }),
            ),
        );
        for (section, t) in sections {
            let section = section.into();
            out.noted |= t.noted;
            let slots: Vec<Option<usize>> = t
                .columns
                .iter()
                .map(|c| {
                    let name = c.data_name();
                    c.show.in_data().then(|| names.iter().position(|n| *n == name)).flatten()
                })
                .collect();
            for (row, note) in t.rows.into_iter().zip(t.notes) {
                let mut cells = vec![String::new(); names.len() + 1];
                cells[0].clone_from(&section);
                for (cell, slot) in row.into_iter().zip(&slots) {
                    if let Some(i) = slot {
                        cells[i + 1] = cell;
                    }
                }
                out.push(cells, note);
            }
        }
        out
    }

    /// The headings and rows of the text table (grouped cells of continued rows blank).
    pub fn text(&self) -> (Vec<&str>, Vec<Vec<String>>) {
        let shown: Vec<usize> =
            (0..self.columns.len()).filter(|&i| self.columns[i].show.in_text()).collect();
        let headers = shown.iter().map(|&i| self.columns[i].name.as_str()).collect();
        let rows = self
            .rows
            .iter()
            .zip(&self.continued)
            .map(|(row, &continued)| {
                shown
                    .iter()
                    .map(|&i| {
                        if continued && self.columns[i].grouped {
                            String::new()
                        } else {
                            row[i].clone()
                        }
                    })
                    .collect()
            })
            .collect();
        (headers, rows)
    }

    /// The headings of the data formats, as they are.
    pub fn data_header(&self) -> Vec<String> {
        self.header(true)
    }

    /// The headings of the data formats; unless `raw`, one that comes from the data and starts
    /// like a formula gets a leading `'`, as a cell does.
    fn header(&self, raw: bool) -> Vec<String> {
        let mut header: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.show.in_data())
            .map(|c| {
                let name = c.data_name();
                if c.keyed_by_data && !raw { crate::export::csv::neutralised(name) } else { name }
            })
            .collect();
        if self.noted {
            header.push("note".into());
        }
        header
    }

    /// The rows of the data formats.
    pub fn data_rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.rows.iter().zip(&self.notes).map(|(row, note)| {
            let mut cells: Vec<String> = row
                .iter()
                .zip(&self.columns)
                .filter(|(_, c)| c.show.in_data())
                .map(|(cell, _)| cell.clone())
                .collect();
            if self.noted {
                cells.push(note.clone().unwrap_or_default());
            }
            cells
        })
    }

    /// The table as CSV: RFC 4180 with a header row, written as the export's CSV is; a cell a
    /// spreadsheet would take for a formula gets a leading `'` unless `raw`.
    ///
    /// # Errors
    /// Only if writing into memory fails, which it does not.
    pub fn csv(&self, raw: bool) -> Result<Vec<u8>> {
        crate::export::csv::table(self.header(raw), self.data_rows().map(Ok), raw)
    }

    /// The table as TSV: a header row, fields separated by tabs, one line (LF) per row, with a
    /// field's `\`, tab, LF and CR written `\\`, `\t`, `\n`, `\r`; a cell a spreadsheet would
    /// take for a formula gets a leading `'` unless `raw`, as in [`Table::csv`].
    pub fn tsv(&self, raw: bool) -> Vec<u8> {
        let mut out = String::new();
        let mut line = |cells: Vec<String>, data: bool| {
            let cells: Vec<String> = cells
                .into_iter()
                .map(|c| {
                    let c = if data && !raw { crate::export::csv::neutralised(c) } else { c };
                    tsv_field(&c)
                })
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        };
        line(self.header(raw), false);
        for row in self.data_rows() {
            line(row, true);
        }
        out.into_bytes()
    }
}

/// A TSV field: `\`, tab, LF and CR escaped, so that the field stays in its row and column.
pub fn tsv_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new([
            Column::both("neighbour").grouped(),
            Column::text("years"),
            Column::data("start"),
            Column::both("link kind"),
        ])
        .noted();
        t.push(vec!["genci".into(), "2007–".into(), "2007".into(), "funds".into()], None);
        t.push_continued(
            vec!["genci".into(), "2010".into(), "2010".into(), "=hosts".into()],
            Some("a\tb\nc".into()),
        );
        t
    }

    #[test]
    fn text_blanks_grouped_cells_and_shows_its_own_columns() {
        let table = sample();
        let (headers, rows) = table.text();
        assert_eq!(headers, ["neighbour", "years", "link kind"]);
        assert_eq!(rows[0], ["genci", "2007–", "funds"]);
        assert_eq!(rows[1], ["", "2010", "=hosts"]);
    }

    #[test]
    fn csv_repeats_cells_neutralises_formulas_and_ends_with_notes() {
        let csv = String::from_utf8(sample().csv(false).unwrap()).unwrap();
        assert_eq!(
            csv,
            "neighbour,start,link_kind,note\r\ngenci,2007,funds,\r\ngenci,2010,'=hosts,\"a\tb\nc\"\r\n"
        );
        let raw = String::from_utf8(sample().csv(true).unwrap()).unwrap();
        assert!(raw.contains(",=hosts,"), "{raw}");
    }

    #[test]
    fn headings_from_the_data_are_protected_as_cells_are() {
        let mut t = Table::new([Column::both("=own"), Column::data_keyed("=1+1 (u)")]);
        t.push(vec!["a".into(), "1.5".into()], None);
        let csv = String::from_utf8(t.csv(false).unwrap()).unwrap();
        assert_eq!(csv, "=own,'=1+1 (u)\r\na,1.5\r\n");
        assert_eq!(String::from_utf8(t.tsv(false)).unwrap(), "=own\t'=1+1 (u)\na\t1.5\n");
        let raw = String::from_utf8(t.csv(true).unwrap()).unwrap();
        assert_eq!(raw, "=own,=1+1 (u)\r\na,1.5\r\n");
        let stacked = Table::stack(vec![("s", t)]);
        assert_eq!(stacked.header(false), ["section", "=own", "'=1+1 (u)"]);
    }

    #[test]
    fn tsv_escapes_what_would_break_a_row() {
        let mut t = Table::new([Column::both("a"), Column::both("b")]);
        t.push(vec!["x\\y".into(), "\tz\r\n".into()], None);
        let tsv = String::from_utf8(t.tsv(false)).unwrap();
        assert_eq!(tsv, "a\tb\nx\\\\y\t'\\tz\\r\\n\n");
        assert_eq!(String::from_utf8(t.tsv(true)).unwrap(), "a\tb\nx\\\\y\t\\tz\\r\\n\n");
    }

    #[test]
    fn context_comes_first_and_stacking_unites_columns() {
        let t = sample().with_context(vec![("year", "2014".to_string())]);
        assert_eq!(t.data_header(), ["year", "neighbour", "start", "link_kind", "note"]);
        assert_eq!(t.text().0, ["neighbour", "years", "link kind"]);
        let mut other = Table::new([Column::both("start"), Column::both("end")]);
        other.push(vec!["1999".into(), "2001".into()], None);
        let s = Table::stack(vec![("links", sample()), ("actors", other)]);
        assert_eq!(s.data_header(), ["section", "neighbour", "start", "link_kind", "end", "note"]);
        let rows: Vec<Vec<String>> = s.data_rows().collect();
        assert_eq!(rows[2], ["actors", "", "1999", "", "2001", ""]);
        assert_eq!(rows[1][5], "a\tb\nc");
    }
}
