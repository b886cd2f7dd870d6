//! Building a dataset folder from files other tools write: mesograph's own exports (CSV,
//! node-link JSON, Cytoscape.js, GraphML, GEXF), what networkx, Gephi and yEd write in those
//! formats, and a spreadsheet's two sheets in the columns Kumu and Gephi users keep.
//!
//! Each format's reader (one module each) turns its files into records: the fields of a node
//! or an edge under mesograph's own names, each with the place it was read. One builder
//! (`import::build`) turns those into the dataset's records (ids, kinds, years, citations and the
//! sources they cite), checks them with the dataset checks, and locates every problem back in
//! the input (file, line, column), so that an import reports what `check` would, where the
//! user can mend it. Only a valid dataset is returned, as the files of a folder in the
//! canonical layout (as `mesograph edit fmt` writes it).
//!
//! ```
//! use mesograph::import::{ImportFormat, Input, Options, import};
//!
//! // A spreadsheet's two sheets, saved as CSV, in the columns Kumu and Gephi users keep.
//! let elements = Input {
//!     name: "elements.csv".into(),
//!     bytes: b"Label,Type,Start\nNorth Grid,centre,2001\nMinistry,ministry,1990\n".to_vec(),
//! };
//! let connections = Input {
//!     name: "connections.csv".into(),
//!     bytes: b"From,To,Type,Start\nMinistry,North Grid,funds,2003\n".to_vec(),
//! };
//! // Every record cites the report the sheets were taken from.
//! let cite = Some("https://example.org/annual-report".to_string());
//! let options = Options { cite, ..Options::default() };
//! let imported = import(ImportFormat::Spreadsheet, &[elements, connections], &options)?;
//! assert_eq!(imported.dataset.actors.len(), 2);
//! assert_eq!(imported.dataset.links[0].kind.as_str(), "funds");
//! assert!(imported.files.iter().any(|(name, _)| name == "links.json"));
//! # Ok::<(), mesograph::Error>(())
//! ```

mod build;
mod csv;
mod cytoscape;
mod gexf;
mod graphml;
mod json;
mod spreadsheet;
mod xml;

pub use build::{kind_id, slug};

use crate::error::{Error, Problem, Problems, Result};
use crate::locate::{JsonPath, Step};
use crate::model::Dataset;
use build::{build, parse_year};
use std::fmt;
use std::str::FromStr;

/// The formats `mesograph import --from` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// mesograph's CSV export: `STEM.nodes.csv`, `STEM.edges.csv` and `STEM.graph.csv`.
    Csv,
    /// Node-link JSON: mesograph's JSON export, networkx's `node_link_data`.
    Json,
    /// Cytoscape.js elements JSON (`.cyjs`): mesograph's export, Cytoscape's.
    Cytoscape,
    /// GraphML: mesograph's export, networkx, yEd, Gephi.
    Graphml,
    /// GEXF: mesograph's export, Gephi.
    Gexf,
    /// A spreadsheet's sheets as CSV: elements (`Label`, `Type`, `Description`, or Gephi's
    /// `Id`, `Label`) and connections (Kumu's `From`, `To`, `Type`; Gephi's `Source`, `Target`).
    Spreadsheet,
}

impl ImportFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [ImportFormat; 6] = [
        ImportFormat::Csv,
        ImportFormat::Json,
        ImportFormat::Cytoscape,
        ImportFormat::Graphml,
        ImportFormat::Gexf,
        ImportFormat::Spreadsheet,
    ];

    /// The format's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Csv => "csv",
            ImportFormat::Json => "json",
            ImportFormat::Cytoscape => "cytoscape",
            ImportFormat::Graphml => "graphml",
            ImportFormat::Gexf => "gexf",
            ImportFormat::Spreadsheet => "spreadsheet",
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ImportFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let wanted = s.trim().to_lowercase();
        let wanted = if wanted == "cyjs" { "cytoscape".to_string() } else { wanted };
        ImportFormat::ALL.into_iter().find(|f| f.as_str() == wanted).ok_or_else(|| {
            let all: Vec<&str> = ImportFormat::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown format \"{s}\" (expected one of: {})", all.join(", "))
        })
    }
}

/// One input file: its name as shown in messages, and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file as the user named it.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What an import is asked besides its files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A source (an `http(s)` address or a title) cited by every record that carries no
    /// citation of its own.
    pub cite: Option<String>,
    /// CSV cells are exactly the values (`export --csv-raw`): a leading `'` before `=`, `+`,
    /// `-`, `@`, a tab or a carriage return is kept rather than taken for the export's guard
    /// against spreadsheet formulas.
    pub csv_raw: bool,
    /// The dataset's title for `dataset.json`, whatever the input says.
    pub title: Option<String>,
    /// The title when neither [`Options::title`] nor the input gives one (the folder's name).
    pub fallback_title: Option<String>,
}

/// A dataset built by [`import`]: its files, and what the user should hear about it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Each file of the dataset folder, by name, in the canonical layout.
    pub files: Vec<(String, Vec<u8>)>,
    /// The dataset as written (its records and `dataset.json`).
    pub dataset: Dataset,
    /// Remarks that are not problems: columns left aside, scenarios that became records.
    pub notes: Vec<String>,
}

/// Builds a dataset from `inputs` in `format`.
///
/// # Errors
/// [`Error::Invalid`] with every problem of the input, each at its file, line and column (the
/// dataset checks included: a kind, a year, a citation, an unknown actor); [`Error::Request`]
/// when the files are not what the format takes (a spreadsheet without its elements sheet).
pub fn import(format: ImportFormat, inputs: &[Input], options: &Options) -> Result<Imported> {
    let mut texts = Vec::with_capacity(inputs.len());
    let mut problems = Vec::new();
    for input in inputs {
        match text_of(input) {
            Ok(text) => texts.push(text),
            Err(p) => {
                problems.push(p);
                texts.push("");
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(Problems(problems)));
    }
    let read = match format {
        ImportFormat::Csv => csv::read(inputs, &texts, options.csv_raw)?,
        ImportFormat::Json => json::read(inputs, &texts),
        ImportFormat::Cytoscape => cytoscape::read(inputs, &texts),
        ImportFormat::Graphml => graphml::read(inputs, &texts),
        ImportFormat::Gexf => gexf::read(inputs, &texts),
        ImportFormat::Spreadsheet => spreadsheet::read(inputs, &texts)?,
    };
    build(inputs, &texts, read, options)
}

/// Reads an input file: a regular file only (a FIFO or a device would block or never end).
///
/// # Errors
/// [`Error::Io`] naming `path`.
pub fn read_input(path: &std::path::Path) -> Result<Input> {
    let io = |source| Error::Io { path: path.into(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let kind = std::io::ErrorKind::InvalidInput;
        return Err(io(std::io::Error::new(kind, "not a regular file")));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    Ok(Input { name: path.display().to_string(), bytes })
}

/// The text of an input: UTF-8, without a byte order mark, or the problem that it is not.
fn text_of(input: &Input) -> std::result::Result<&str, Problem> {
    match std::str::from_utf8(&input.bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let prefix = std::str::from_utf8(&input.bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = crate::locate::line_column(prefix, prefix.len());
            let byte = input.bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            let hint = if input.bytes.starts_with(&[0xff, 0xfe])
                || input.bytes.starts_with(&[0xfe, 0xff])
            {
                "; the file is UTF-16: save it as UTF-8"
            } else {
                "; save the file as UTF-8"
            };
            Err(Problem {
                file: input.name.clone(),
                line,
                column,
                message: format!("not valid UTF-8 (byte 0x{byte:02x}){hint}"),
            })
        }
    }
}

/// Where a value was read in its input: a byte offset in the text (CSV, XML), or the path of
/// a value in a JSON document, located only when a problem is reported there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum At {
    /// A byte offset in the input's text.
    Offset(usize),
    /// A path in a JSON input.
    Path(JsonPath),
}

impl At {
    /// The place of a part of the value here: deeper into a JSON value; the value itself in
    /// a text, which has no parts.
    fn within(&self, rest: &[Step]) -> At {
        match self {
            At::Offset(o) => At::Offset(*o),
            At::Path(p) => At::Path(p.iter().cloned().chain(rest.iter().cloned()).collect()),
        }
    }
}

/// A value as read: a text (a CSV cell, an XML attribute or element) or a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Json(serde_json::Value),
}

/// A node or an edge as read: its fields under the names of mesograph's JSON export (`id`,
/// `name`, `full_name`, `kind`, `start`, `end`, `aliases`, `names`, `citations`, `note`,
/// `milestones` for a node; `source`, `target`, `kind`, `start`, `end`, `confidence`,
/// `citations`, `note` for an edge; `horizon`, `scenarios` for the graph), each with where it
/// was read. `cite` is a spreadsheet's citation column: a source's address or title.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The index of its input.
    pub input: usize,
    /// Where the record starts.
    pub at: At,
    /// Its fields, by mesograph's name.
    pub fields: Vec<(&'static str, Value, At)>,
    /// The headers of a table's fields, as written (`To` for `target`), for messages.
    pub headers: Vec<(&'static str, String)>,
}

impl Record {
    pub(crate) fn new(input: usize, at: At) -> Record {
        Record { input, at, fields: Vec::new(), headers: Vec::new() }
    }

    pub(crate) fn push(&mut self, name: &'static str, value: Value, at: At) {
        self.fields.push((name, value, at));
    }

    fn get(&self, name: &str) -> Option<(&Value, &At)> {
        self.fields.iter().find(|(n, _, _)| *n == name).map(|(_, v, at)| (v, at))
    }

    /// How the input names field `name`: a table's header, else the field's own name.
    fn shown<'r>(&'r self, name: &'r str) -> &'r str {
        self.headers.iter().find(|(n, _)| *n == name).map_or(name, |(_, h)| h.as_str())
    }

    /// Where field `name` was read, or the record when it has none.
    fn at(&self, name: &str) -> At {
        self.get(name).map_or_else(|| self.at.clone(), |(_, at)| at.clone())
    }
}

/// What a reader found in its inputs.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub nodes: Vec<Record>,
    pub edges: Vec<Record>,
    /// The graph's own facts (`horizon`, `scenarios`), when the format carries them.
    pub graph: Option<Record>,
    /// Problems already located (syntax errors, cells that cannot be read).
    pub problems: Vec<Problem>,
    /// Whether edges may name their actors by label (Kumu's `From` and `To`).
    pub by_label: bool,
    /// Remarks for the user (columns left aside).
    pub notes: Vec<String>,
    /// Whether an edge's end is the end of the years it is active (GEXF's dynamic mode): an
    /// end that is the first of its actors' ends is then read as open, which is how an open
    /// end is written there.
    pub clipped_ends: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        assert_eq!("GEXF".parse::<ImportFormat>(), Ok(ImportFormat::Gexf));
        assert_eq!("cyjs".parse::<ImportFormat>(), Ok(ImportFormat::Cytoscape));
        assert!("xlsx".parse::<ImportFormat>().unwrap_err().contains("spreadsheet"));
    }
}
