//! Plain-text tables for the terminal, aligned by character count (names carry accents), and
//! the output formats of the listings: the text table, JSON, CSV and TSV, on standard output or
//! into a file (`-o FILE`).

use clap::{Args, ValueEnum};
use mesograph::model::Lifetime;
use mesograph::table::{Column, Table};
use mesograph::{Error, Scope, TemporalGraph, Year};
use std::path::PathBuf;

/// How a listing is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table for people.
    #[default]
    Table,
    /// JSON for programs.
    Json,
    /// CSV (RFC 4180) for spreadsheets, with a header row.
    Csv,
    /// Tab-separated values, with a header row.
    Tsv,
}

impl ListFormat {
    const ALL: [ListFormat; 4] =
        [ListFormat::Table, ListFormat::Json, ListFormat::Csv, ListFormat::Tsv];

    /// The extension of a file holding it.
    fn extension(self) -> &'static str {
        match self {
            ListFormat::Table => "txt",
            ListFormat::Json => "json",
            ListFormat::Csv => "csv",
            ListFormat::Tsv => "tsv",
        }
    }
}

/// `--format`, `-o` and `--csv-raw` of the listings (actors, milestones and the queries).
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Output format: an aligned table, JSON, or CSV or TSV for spreadsheets (one header row; the
    /// columns are listed in docs/tables.md) [default: the extension of -o FILE, else table].
    #[arg(long, value_enum)]
    format: Option<ListFormat>,
    /// Write to this file (.txt, .json, .csv or .tsv, which names the format) instead of
    /// standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// CSV and TSV cells exactly as they are: no leading ' before a cell that starts with =, +,
    /// -, @, a tab or a carriage return (which a spreadsheet would take for a formula).
    #[arg(long)]
    csv_raw: bool,
}

impl FormatArgs {
    /// The listing asked for: `--format`, else the extension of `-o FILE`, else the table; a
    /// file whose extension says another format than `--format` is a usage error.
    pub fn listing(&self) -> Result<Listing, Error> {
        let extensions = ListFormat::ALL.map(ListFormat::extension);
        let named = match &self.output {
            Some(path) => mesograph::output::known_extension(path, &extensions)?
                .and_then(|e| ListFormat::ALL.into_iter().find(|f| f.extension() == e)),
            None => None,
        };
        let format = match (self.format, named) {
            (Some(given), Some(named)) if given != named => {
                return Err(Error::Request(format!(
                    "cannot write {} as {}: its extension says {}",
                    self.output.as_deref().unwrap_or_else(|| std::path::Path::new("-")).display(),
                    given.extension(),
                    named.extension()
                )));
            }
            (Some(given), _) => given,
            (None, named) => named.unwrap_or_default(),
        };
        let file = self.output.clone().filter(|p| !mesograph::output::is_standard_output(p));
        Ok(Listing { format, file, csv_raw: self.csv_raw })
    }

    /// Whether the listing goes to standard output only (no `-o FILE`).
    pub fn writes_no_file(&self) -> bool {
        self.output.as_deref().is_none_or(mesograph::output::is_standard_output)
    }
}

/// A listing's output, resolved from [`FormatArgs`]: its format and the file it goes to.
#[derive(Debug)]
pub struct Listing {
    format: ListFormat,
    /// `None` for standard output.
    file: Option<PathBuf>,
    csv_raw: bool,
}

impl Listing {
    /// Prints a listing in its format: `json` as JSON, the text `text` makes, or the table
    /// `data` makes as CSV or TSV; on standard output or into the `-o` file, whole.
    pub fn print<T: serde::Serialize>(
        &self,
        json: &T,
        text: impl FnOnce() -> String,
        data: impl FnOnce() -> Table,
    ) -> Result<(), Error> {
        let bytes = match self.format {
            ListFormat::Json => super::json_bytes(json)?,
            ListFormat::Table => printable_lines(&text()).into_bytes(),
            ListFormat::Csv => data().csv(self.csv_raw)?,
            ListFormat::Tsv => data().tsv(self.csv_raw),
        };
        match &self.file {
            Some(path) => mesograph::output::write_atomic(path, &bytes),
            None => super::write_out(&bytes),
        }
    }
}

/// `text` with control characters and bidirectional overrides escaped on every line (see
/// [`super::print_text`]).
pub fn printable_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = line.strip_suffix('\n').map_or((line, ""), |body| (body, "\n"));
        out.push_str(&mesograph::error::printable(body));
        out.push_str(end);
    }
    out
}

/// The data columns that say of `scope` what a heading says in text: `scope` (`2014`,
/// `2008–2012`, `all years`), `projection` (whether it reaches a year after the dataset's
/// horizon) and, with scenarios on, `scenarios`.
pub fn scope_context(graph: &TemporalGraph, scope: Scope) -> Vec<(&'static str, String)> {
    let mut context = vec![
        ("scope", scope.to_string()),
        ("projection", graph.reaches_projection(scope).to_string()),
    ];
    context.extend(scenario_context(graph));
    context
}

/// `scenarios` (their names, joined by `, `) when scenarios are on; nothing otherwise.
pub fn scenario_context(graph: &TemporalGraph) -> Vec<(&'static str, String)> {
    match graph.scenarios() {
        [] => vec![],
        names => vec![("scenarios", names.join(", "))],
    }
}

/// The columns of a kind: its label in text (`computing centre`), its id in data
/// (`computing_centre`), both headed `kind`.
pub fn kind_columns() -> [Column; 2] {
    [Column::text("kind"), Column::data("kind")]
}

/// The columns of a lifetime: `heading` in text (`2008–2012`), `start` and `end` in data.
pub fn lifetime_columns(heading: &str) -> [Column; 3] {
    [Column::text(heading), Column::data("start"), Column::data("end")]
}

/// The cells of [`lifetime_columns`]: an open end is an empty `end`.
pub fn lifetime_cells(start: Year, end: Option<Year>) -> [String; 3] {
    [
        Lifetime { start, end }.to_string(),
        start.to_string(),
        end.map(|e| e.to_string()).unwrap_or_default(),
    ]
}

/// The text table of `t`, each row's note below it when `with_notes`.
pub fn render_table(t: &Table, with_notes: bool) -> String {
    let (headers, rows) = t.text();
    if with_notes { render_noted(&headers, &rows, &t.notes) } else { render(&headers, &rows) }
}

/// Renders `rows` under `headers`, columns separated by two spaces, the last column unpadded.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(one_line(cell).chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 < n {
                text.push_str(&cell);
                text.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count() + 2));
            } else {
                text.push_str(&cell);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().map(|h| h.to_string()));
    line(&mut widths.iter().map(|&w| "-".repeat(w)));
    for row in rows {
        line(&mut row.iter().map(|c| one_line(c)));
    }
    out
}

/// [`render`], with each row's note (when it has one) on a line of its own below the row, for
/// `--notes`: the reason behind a reading, where a table has no room for it.
pub fn render_noted(headers: &[&str], rows: &[Vec<String>], notes: &[Option<String>]) -> String {
    let table = render(headers, rows);
    let mut out = String::with_capacity(table.len());
    for (i, line) in table.lines().enumerate() {
        out.push_str(line);
        out.push('\n');
        if let Some(Some(note)) = i.checked_sub(2).and_then(|row| notes.get(row)) {
            out.push_str(&format!("    note: {}\n", one_line(note)));
        }
    }
    out
}

/// A cell on one line: line breaks, tabs and other control characters escaped (`\n`), as on
/// every line mesograph prints, so that a name never breaks a row and the row stays aligned.
fn one_line(s: &str) -> String {
    mesograph::error::printable(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_characters_and_keeps_rows_on_one_line() {
        let t = render(
            &["id", "name"],
            &[vec!["mds".into(), "Maison".into()], vec!["é".into(), "a\nb".into()]],
        );
        assert_eq!(t, "id   name\n---  ------\nmds  Maison\né    a\\nb\n");
    }

    #[test]
    fn notes_go_below_their_rows() {
        let rows = [vec!["a".into()], vec!["b".into()], vec!["c".into()]];
        let t = render_noted(&["id"], &rows, &[None, Some("why\nb".into()), Some("c's".into())]);
        assert_eq!(t, "id\n--\na\nb\n    note: why\\nb\nc\n    note: c's\n");
    }
}
